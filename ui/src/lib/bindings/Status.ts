// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

export type Status = "draft" | "ready" | "published";
