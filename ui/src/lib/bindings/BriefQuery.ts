// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

import type { SortOrder } from "./SortOrder";
import type { Status } from "./Status";

export type BriefQuery = { tags: Array<string>, status: Status | null, unassigned: boolean, outlet: string | null, from: string | null, to: string | null, sort: SortOrder, offset: number, limit: number, };
