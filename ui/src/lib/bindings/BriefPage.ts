// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

import type { Brief } from "./Brief";

export type BriefPage = { items: Array<Brief>, total: number, };
