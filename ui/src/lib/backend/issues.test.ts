import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';

import type { IssuePatch } from '../bindings/IssuePatch';
import {
  addSection,
  addToIssue,
  checkIssue,
  createIssue,
  deleteIssue,
  deleteSection,
  getIssue,
  issueTotals,
  listIssues,
  moveInIssue,
  moveSection,
  nextIssueNumber,
  publishIssue,
  removeFromIssue,
  renameSection,
  updateIssue,
} from './index';

const invokeMock = vi.mocked(invoke);

describe('issue command wrappers', () => {
  beforeEach(() => {
    Object.defineProperty(window, '__TAURI_INTERNALS__', { value: {}, configurable: true });
    invokeMock.mockResolvedValue(null);
  });
  afterEach(() => {
    Reflect.deleteProperty(window, '__TAURI_INTERNALS__');
  });

  it('calls each command by its Rust name with camelCase arguments', async () => {
    const patch: IssuePatch = {
      number: null,
      title: 'China Briefing',
      date: null,
      status: null,
      subject: null,
      preheader: null,
      intro: null,
      closing: null,
    };
    await listIssues();
    await getIssue(12);
    await nextIssueNumber();
    await createIssue(12, 'China Briefing', '2020-12-08');
    await updateIssue(12, patch);
    await publishIssue(12);
    await deleteIssue(12);
    await addSection(12, 'Domestic');
    await addSection(12, 'Economy', 0);
    await renameSection(12, 'Domestic', 'Home');
    await moveSection(12, 'Home', 1);
    await deleteSection(12, 'Home');
    await addToIssue(12, 'b1', 'Domestic');
    await addToIssue(12, 'b1', 'Domestic', 2);
    await moveInIssue(12, 'b1', 'International', 0);
    await removeFromIssue(12, 'b1');
    await checkIssue(12);
    await issueTotals(12);
    expect(invokeMock.mock.calls).toEqual([
      ['list_issues', undefined],
      ['get_issue', { number: 12 }],
      ['next_issue_number', undefined],
      ['create_issue', { number: 12, title: 'China Briefing', date: '2020-12-08' }],
      ['update_issue', { number: 12, patch }],
      ['publish_issue', { number: 12 }],
      ['delete_issue', { number: 12 }],
      ['add_section', { number: 12, name: 'Domestic', at: null }],
      ['add_section', { number: 12, name: 'Economy', at: 0 }],
      ['rename_section', { number: 12, old: 'Domestic', new: 'Home' }],
      ['move_section', { number: 12, name: 'Home', to: 1 }],
      ['delete_section', { number: 12, name: 'Home' }],
      ['add_to_issue', { number: 12, briefId: 'b1', section: 'Domestic', at: null }],
      ['add_to_issue', { number: 12, briefId: 'b1', section: 'Domestic', at: 2 }],
      ['move_in_issue', { number: 12, briefId: 'b1', section: 'International', to: 0 }],
      ['remove_from_issue', { number: 12, briefId: 'b1' }],
      ['check_issue', { number: 12 }],
      ['issue_totals', { number: 12 }],
    ]);
  });

  it('rejects with the core error object', async () => {
    invokeMock.mockRejectedValue({ code: 'conflict', message: 'number: issue No. 12 already exists' });
    await expect(createIssue(12, 'x', '2020-12-08')).rejects.toEqual({
      code: 'conflict',
      message: 'number: issue No. 12 already exists',
    });
  });
});
