import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { reviewBrief } from '../backend';
import type { Brief } from '../bindings/Brief';
import type { SyncStatus } from '../bindings/SyncStatus';
import ReviewPanel from './ReviewPanel.svelte';
import { team } from './team.svelte';

vi.mock('../backend', () => ({
  onTeamSync: vi.fn(async () => () => {}),
  teamSyncStatus: vi.fn(async () => null),
  reviewBrief: vi.fn(),
}));

function replica(role: string | null): SyncStatus {
  return {
    server: 'carol@localhost:5432/newsroom',
    login: 'carol',
    role,
    waiting: 0,
    conflicts: 0,
    refused: 0,
    offline_since: null,
    synced_at: null,
    problem: null,
  };
}

const brief: Brief = {
  id: 'b1',
  headline: 'Port strike',
  body: '',
  sources: [],
  tags: [],
  status: 'draft',
  notes: '',
  issue: null,
  created_at: '2026-12-07T09:00:00Z',
  updated_at: '2026-12-07T09:00:00Z',
  version: 1,
};

const inReview: Brief = {
  ...brief,
  review: {
    state: 'in_review',
    steps: [{ action: 'submit', by: 'carol', name: 'Carol', at: '2026-12-07T09:41:00Z', note: 'Figures checked' }],
  },
};

afterEach(() => {
  team.status = null;
  vi.mocked(reviewBrief).mockReset();
});

describe('ReviewPanel', () => {
  it('shows nothing in a library of one editor', () => {
    render(ReviewPanel, { brief, onReviewed: () => {} });
    expect(screen.queryByTestId('review-panel')).toBeNull();
  });

  it('offers a contributor "Submit for review", and sends the note with it', async () => {
    team.status = replica('contributor');
    vi.mocked(reviewBrief).mockResolvedValueOnce(inReview);
    const onReviewed = vi.fn();
    render(ReviewPanel, { brief, onReviewed });
    expect(screen.getByTestId('review-state').textContent).toBe('Not submitted');
    expect(screen.queryByTestId('review-approve')).toBeNull();
    await fireEvent.input(screen.getByTestId('review-note-input'), { target: { value: 'Figures checked' } });
    await fireEvent.click(screen.getByTestId('review-submit'));
    await vi.waitFor(() => expect(onReviewed).toHaveBeenCalledWith(inReview));
    expect(reviewBrief).toHaveBeenCalledWith('b1', 'submit', 'Figures checked');
    expect(screen.getByTestId('review-state').textContent).toBe('In review');
    expect(screen.getByTestId('review-last').textContent).toContain('Submitted by Carol');
    expect(screen.getByTestId('review-note').textContent).toBe('Figures checked');
    // In review, a contributor has nothing more to do.
    expect(screen.queryByTestId('review-submit')).toBeNull();
  });

  it('offers an editor "Approve" and "Request changes", the latter only with a note', async () => {
    team.status = replica('editor');
    const sentBack: Brief = {
      ...inReview,
      review: {
        state: 'draft',
        steps: [
          ...(inReview.review?.steps ?? []),
          { action: 'request_changes', by: 'eddie', name: 'Eddie', at: '2026-12-07T10:02:00Z', note: 'Name the port' },
        ],
      },
    };
    vi.mocked(reviewBrief).mockResolvedValueOnce(sentBack);
    render(ReviewPanel, { brief: inReview, onReviewed: () => {} });
    expect(screen.getByTestId('review-approve')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('review-request_changes'));
    expect(reviewBrief).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('what to change');
    await fireEvent.input(screen.getByTestId('review-note-input'), { target: { value: 'Name the port' } });
    await fireEvent.click(screen.getByTestId('review-request_changes'));
    await vi.waitFor(() => expect(screen.getByTestId('review-state').textContent).toBe('Changes requested'));
    expect(reviewBrief).toHaveBeenCalledWith('b1', 'request_changes', 'Name the port');
    expect(screen.getByTestId('review-last').textContent).toContain('Changes requested by Eddie');
    expect(screen.getByTestId('review-note').textContent).toBe('Name the port');
  });

  it('says why the step was not taken', async () => {
    team.status = replica('editor');
    vi.mocked(reviewBrief).mockRejectedValueOnce({ code: 'conflict', message: 'brief "Port strike" is approved' });
    render(ReviewPanel, { brief: inReview, onReviewed: () => {} });
    await fireEvent.click(screen.getByTestId('review-approve'));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toContain('is approved'));
  });
});
