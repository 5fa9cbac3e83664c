// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

export type TagInfo = { name: string, colour: string | null, count: number, };
