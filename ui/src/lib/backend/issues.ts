// Typed wrappers around the issue commands (src-tauri/src/commands/issues.rs): the composer's
// whole conversation with the core. Every change answers with the issue as stored.
import type { Issue } from '../bindings/Issue';
import type { IssuePatch } from '../bindings/IssuePatch';
import type { IssueTotals } from '../bindings/IssueTotals';
import type { Problem } from '../bindings/Problem';
import { call } from './index';

export function listIssues(): Promise<Issue[]> {
  return call<Issue[]>('list_issues');
}

export function getIssue(number: number): Promise<Issue> {
  return call<Issue>('get_issue', { number });
}

export function nextIssueNumber(): Promise<number> {
  return call<number>('next_issue_number');
}

/** `date` is `YYYY-MM-DD`; the core reports a bad one as an error on the field `date`. */
export function createIssue(number: number, title: string, date: string): Promise<Issue> {
  return call<Issue>('create_issue', { number, title, date });
}

export function updateIssue(number: number, patch: IssuePatch): Promise<Issue> {
  return call<Issue>('update_issue', { number, patch });
}

/** Marks the issue and every brief in it published, in one transaction. */
export function publishIssue(number: number): Promise<Issue> {
  return call<Issue>('publish_issue', { number });
}

export async function deleteIssue(number: number): Promise<void> {
  await call<null>('delete_issue', { number });
}

export function addSection(number: number, name: string, at: number | null = null): Promise<Issue> {
  return call<Issue>('add_section', { number, name, at });
}

export function renameSection(number: number, oldName: string, newName: string): Promise<Issue> {
  return call<Issue>('rename_section', { number, old: oldName, new: newName });
}

export function moveSection(number: number, name: string, to: number): Promise<Issue> {
  return call<Issue>('move_section', { number, name, to });
}

/** The section's briefs go back to unassigned. */
export function deleteSection(number: number, name: string): Promise<Issue> {
  return call<Issue>('delete_section', { number, name });
}

/** Places an unassigned brief in `section` at `at` (null: at the end). */
export function addToIssue(number: number, briefId: string, section: string, at: number | null = null): Promise<Issue> {
  return call<Issue>('add_to_issue', { number, briefId, section, at });
}

/** Moves a brief of the issue to position `to` of `section` (counted without the brief itself). */
export function moveInIssue(number: number, briefId: string, section: string, to: number): Promise<Issue> {
  return call<Issue>('move_in_issue', { number, briefId, section, to });
}

/** Takes a brief out of the issue; it stays in the library, unassigned. */
export function removeFromIssue(number: number, briefId: string): Promise<Issue> {
  return call<Issue>('remove_from_issue', { number, briefId });
}

export function checkIssue(number: number): Promise<Problem[]> {
  return call<Problem[]>('check_issue', { number });
}

export function issueTotals(number: number): Promise<IssueTotals> {
  return call<IssueTotals>('issue_totals', { number });
}
