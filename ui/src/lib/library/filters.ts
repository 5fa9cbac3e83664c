// The library's filters, as the editor sets them, and the core query they make.
import type { BriefQuery } from '../bindings/BriefQuery';
import type { SortOrder } from '../bindings/SortOrder';
import type { Status } from '../bindings/Status';

export type Filters = {
  tags: string[];
  status: Status | '';
  unassigned: boolean;
  outlet: string;
  from: string;
  to: string;
  sort: SortOrder;
};

export function noFilters(): Filters {
  return { tags: [], status: '', unassigned: false, outlet: '', from: '', to: '', sort: 'updated' };
}

/** How many filters narrow the list (the sort order is not one). */
export function activeCount(filters: Filters): number {
  return (
    filters.tags.length +
    (filters.status === '' ? 0 : 1) +
    (filters.unassigned ? 1 : 0) +
    (filters.outlet.trim() === '' ? 0 : 1) +
    (filters.from === '' ? 0 : 1) +
    (filters.to === '' ? 0 : 1)
  );
}

/** The filters' part of a core query; paging is the caller's. */
export function filterQuery(filters: Filters): Pick<BriefQuery, 'tags' | 'status' | 'unassigned' | 'outlet' | 'from' | 'to' | 'sort'> {
  const outlet = filters.outlet.trim();
  return {
    tags: [...filters.tags],
    status: filters.status === '' ? null : filters.status,
    unassigned: filters.unassigned,
    outlet: outlet === '' ? null : outlet,
    from: filters.from === '' ? null : filters.from,
    to: filters.to === '' ? null : filters.to,
    sort: filters.sort,
  };
}
