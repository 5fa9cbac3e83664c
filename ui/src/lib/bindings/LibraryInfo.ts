// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

export type LibraryInfo = { path: string, name: string, brief_count: number, };
