// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

import type { IssueRef } from "./IssueRef";
import type { Source } from "./Source";
import type { Status } from "./Status";

export type Brief = { id: string, headline: string, body: string, sources: Array<Source>, tags: Array<string>, status: Status, notes: string, issue: IssueRef | null, created_at: string, updated_at: string, };
