// A review's words for the window: its state, and who did its last step, when, with what note.
import type { Review } from '../bindings/Review';
import type { ReviewAction } from '../bindings/ReviewAction';
import type { ReviewState } from '../bindings/ReviewState';
import { formatTimestamp } from '../ui/format';

export const STATE_NAMES: Record<ReviewState, string> = {
  draft: 'Changes requested',
  in_review: 'In review',
  approved: 'Approved',
};

const ACTION_WORDS: Record<ReviewAction, string> = {
  submit: 'Submitted',
  approve: 'Approved',
  request_changes: 'Changes requested',
};

/** "Approved by Eddie, 7 Dec 2026 09:41" for the review's last step. */
export function lastStep(review: Review): string {
  const step = review.steps[review.steps.length - 1];
  if (!step) return STATE_NAMES[review.state];
  return `${ACTION_WORDS[step.action]} by ${step.name}, ${formatTimestamp(step.at)}`;
}

/** The steps a reviewer (`canReview`) or an author may take next from `review` (none: never submitted). */
export function nextSteps(review: Review | null | undefined, canReview: boolean): ReviewAction[] {
  const state = review?.state ?? null;
  if (state === 'in_review') return canReview ? ['approve', 'request_changes'] : [];
  return ['submit'];
}

/** "Ben is editing", "Ben and Carol are editing", "Ben, Carol and Dan are editing"; "" for nobody. */
export function editingWords(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is editing`;
  const last = names[names.length - 1];
  return `${names.slice(0, -1).join(', ')} and ${last} are editing`;
}
