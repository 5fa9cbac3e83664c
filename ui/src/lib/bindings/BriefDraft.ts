// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

import type { SourceDraft } from "./SourceDraft";
import type { Status } from "./Status";

export type BriefDraft = { headline: string, body: string, sources: Array<SourceDraft>, tags: Array<string>, status: Status, notes: string, };
