// Where briefs sit in an issue, and where a move puts them. The core does the real move; these
// let the composer show it at once (no flicker back while the core answers) and work out where
// a keyboard move goes.
import type { Issue } from '../bindings/Issue';
import type { IssueBrief } from '../bindings/IssueBrief';

/**
 * A spot in a section. `index` counts the section's briefs without the one being moved, which
 * is how the core's `move_in_issue` and `add_to_issue` count it.
 */
export type Place = { section: string; index: number };

/** The drop list name of the unassigned pane: no section can be called '' (the core refuses it). */
export const UNASSIGNED_LIST = '';

export function placeOf(issue: Issue, id: string): Place | null {
  for (const section of issue.sections) {
    const index = section.briefs.findIndex((b) => b.id === id);
    if (index >= 0) return { section: section.name, index };
  }
  return null;
}

export function briefCount(issue: Issue): number {
  return issue.sections.reduce((n, s) => n + s.briefs.length, 0);
}

/**
 * Where Alt+ArrowUp (-1) or Alt+ArrowDown (+1) sends a brief: one step within its section, and
 * from a section's edge into the neighbouring section (to its end going up, its start going
 * down). Null when there is nowhere to go.
 */
export function stepPlace(issue: Issue, id: string, step: -1 | 1): Place | null {
  const at = placeOf(issue, id);
  if (!at) return null;
  const sectionIndex = issue.sections.findIndex((s) => s.name === at.section);
  const section = issue.sections[sectionIndex];
  if (!section) return null;
  const next = at.index + step;
  if (next >= 0 && next < section.briefs.length) return { section: at.section, index: next };
  const neighbour = issue.sections[sectionIndex + step];
  if (!neighbour) return null;
  return { section: neighbour.name, index: step < 0 ? neighbour.briefs.length : 0 };
}

/** Whether putting the brief at `to` would leave it where it is. */
export function isSamePlace(issue: Issue, id: string, to: Place): boolean {
  const at = placeOf(issue, id);
  return at !== null && at.section === to.section && at.index === to.index;
}

export function withoutBrief(issue: Issue, id: string): Issue {
  return {
    ...issue,
    sections: issue.sections.map((s) =>
      s.briefs.some((b) => b.id === id) ? { ...s, briefs: s.briefs.filter((b) => b.id !== id) } : s,
    ),
  };
}

/** The issue with `brief` taken from wherever it is and put at `to` (clamped to the section). */
export function withBriefAt(issue: Issue, brief: IssueBrief, to: Place): Issue {
  const without = withoutBrief(issue, brief.id);
  return {
    ...without,
    sections: without.sections.map((s) => {
      if (s.name !== to.section) return s;
      const briefs = [...s.briefs];
      briefs.splice(Math.max(0, Math.min(to.index, briefs.length)), 0, brief);
      return { ...s, briefs };
    }),
  };
}

/** The issue with section `name` moved to position `to` among the sections. */
export function withSectionAt(issue: Issue, name: string, to: number): Issue {
  const moving = issue.sections.find((s) => s.name === name);
  if (!moving) return issue;
  const sections = issue.sections.filter((s) => s.name !== name);
  sections.splice(Math.max(0, Math.min(to, sections.length)), 0, moving);
  return { ...issue, sections };
}
