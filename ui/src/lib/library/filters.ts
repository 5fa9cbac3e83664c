// The library's filters, as the editor sets them, and the core query they make.
import type { BriefQuery } from '../bindings/BriefQuery';
import type { SortOrder } from '../bindings/SortOrder';
import type { Status } from '../bindings/Status';

export type Filters = {
  tags: string[];
  status: Status | '';
  unassigned: boolean;
  /** A team's briefs submitted and waiting for an editor ("Waiting for my review"). */
  waitingForReview: boolean;
  outlet: string;
  from: string;
  to: string;
  sort: SortOrder;
};

export function noFilters(): Filters {
  return { tags: [], status: '', unassigned: false, waitingForReview: false, outlet: '', from: '', to: '', sort: 'updated' };
}

/** How many filters narrow the list (the sort order is not one). */
export function activeCount(filters: Filters): number {
  return (
    filters.tags.length +
    (filters.status === '' ? 0 : 1) +
    (filters.unassigned ? 1 : 0) +
    (filters.waitingForReview ? 1 : 0) +
    (filters.outlet.trim() === '' ? 0 : 1) +
    (filters.from === '' ? 0 : 1) +
    (filters.to === '' ? 0 : 1)
  );
}

/** The filters' part of a core query; paging is the caller's. */
export function filterQuery(filters: Filters): Pick<BriefQuery, 'tags' | 'status' | 'unassigned' | 'review' | 'outlet' | 'from' | 'to' | 'sort'> {
  const outlet = filters.outlet.trim();
  return {
    tags: [...filters.tags],
    status: filters.status === '' ? null : filters.status,
    unassigned: filters.unassigned,
    review: filters.waitingForReview ? 'in_review' : null,
    outlet: outlet === '' ? null : outlet,
    from: filters.from === '' ? null : filters.from,
    to: filters.to === '' ? null : filters.to,
    sort: filters.sort,
  };
}

const STATUS_NAMES: Record<Status, string> = { draft: 'Draft', ready: 'Ready', published: 'Published' };

/**
 * The active filters named for a sentence: "the Draft filter", "the Draft and tag “china”
 * filters". Empty when none is active.
 */
export function filtersInWords(filters: Filters): string {
  const outlet = filters.outlet.trim();
  const parts = [
    ...(filters.status === '' ? [] : [STATUS_NAMES[filters.status]]),
    ...filters.tags.map((tag) => `tag “${tag}”`),
    ...(filters.unassigned ? ['Unassigned'] : []),
    ...(filters.waitingForReview ? ['Waiting for my review'] : []),
    ...(outlet === '' ? [] : [`outlet “${outlet}”`]),
    ...(filters.from === '' && filters.to === '' ? [] : ['date']),
  ];
  if (parts.length === 0) return '';
  const last = parts.pop() ?? '';
  return parts.length === 0 ? `the ${last} filter` : `the ${parts.join(', ')} and ${last} filters`;
}
