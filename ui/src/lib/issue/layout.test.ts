import { describe, expect, it } from 'vitest';

import type { Issue } from '../bindings/Issue';
import { briefCount, isSamePlace, placeOf, stepPlace, withBriefAt, withSectionAt, withoutBrief } from './layout';

function issue(sections: Record<string, string[]>): Issue {
  return {
    id: 'i',
    number: 12,
    title: 'China Briefing',
    date: '2020-12-08',
    status: 'draft',
    subject: '',
    preheader: '',
    intro: '',
    closing: '',
    sections: Object.entries(sections).map(([name, ids]) => ({
      name,
      briefs: ids.map((id) => ({ id, headline: id.toUpperCase() })),
    })),
  };
}

function layout(i: Issue): Record<string, string[]> {
  return Object.fromEntries(i.sections.map((s) => [s.name, s.briefs.map((b) => b.id)]));
}

const sample = issue({ Domestic: ['a', 'b', 'c'], Empty: [], World: ['d'] });

describe('layout', () => {
  it('finds a brief and counts them', () => {
    expect(placeOf(sample, 'c')).toEqual({ section: 'Domestic', index: 2 });
    expect(placeOf(sample, 'd')).toEqual({ section: 'World', index: 0 });
    expect(placeOf(sample, 'x')).toBeNull();
    expect(briefCount(sample)).toBe(4);
  });

  it('steps within a section and across its edges into the neighbours', () => {
    expect(stepPlace(sample, 'a', 1)).toEqual({ section: 'Domestic', index: 1 });
    expect(stepPlace(sample, 'b', -1)).toEqual({ section: 'Domestic', index: 0 });
    // Down from the last brief: the start of the next section, empty or not.
    expect(stepPlace(sample, 'c', 1)).toEqual({ section: 'Empty', index: 0 });
    // Up from the first brief: the end of the previous section.
    expect(stepPlace(sample, 'd', -1)).toEqual({ section: 'Empty', index: 0 });
    expect(stepPlace(issue({ A: ['a', 'b'], B: ['c'] }), 'c', -1)).toEqual({ section: 'A', index: 2 });
    // Nowhere to go at the very top and bottom, or for a brief not in the issue.
    expect(stepPlace(sample, 'a', -1)).toBeNull();
    expect(stepPlace(sample, 'd', 1)).toBeNull();
    expect(stepPlace(sample, 'x', 1)).toBeNull();
  });

  it('moves and places briefs the way the core counts positions', () => {
    const a = { id: 'a', headline: 'A' };
    expect(layout(withBriefAt(sample, a, { section: 'Domestic', index: 2 }))).toEqual({
      Domestic: ['b', 'c', 'a'],
      Empty: [],
      World: ['d'],
    });
    expect(layout(withBriefAt(sample, a, { section: 'World', index: 0 }))).toEqual({
      Domestic: ['b', 'c'],
      Empty: [],
      World: ['a', 'd'],
    });
    const fresh = { id: 'n', headline: 'New' };
    expect(layout(withBriefAt(sample, fresh, { section: 'Empty', index: 5 }))).toEqual({
      Domestic: ['a', 'b', 'c'],
      Empty: ['n'],
      World: ['d'],
    });
    expect(layout(withoutBrief(sample, 'b'))).toEqual({ Domestic: ['a', 'c'], Empty: [], World: ['d'] });
    // The original is left alone.
    expect(layout(sample)).toEqual({ Domestic: ['a', 'b', 'c'], Empty: [], World: ['d'] });
  });

  it('tells a move that changes nothing', () => {
    expect(isSamePlace(sample, 'b', { section: 'Domestic', index: 1 })).toBe(true);
    expect(isSamePlace(sample, 'b', { section: 'Domestic', index: 2 })).toBe(false);
    expect(isSamePlace(sample, 'b', { section: 'World', index: 1 })).toBe(false);
    expect(isSamePlace(sample, 'x', { section: 'World', index: 0 })).toBe(false);
  });

  it('moves sections', () => {
    expect(withSectionAt(sample, 'World', 0).sections.map((s) => s.name)).toEqual(['World', 'Domestic', 'Empty']);
    expect(withSectionAt(sample, 'Domestic', 2).sections.map((s) => s.name)).toEqual(['Empty', 'World', 'Domestic']);
    expect(withSectionAt(sample, 'Nope', 0)).toBe(sample);
  });
});
