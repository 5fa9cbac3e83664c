// Placeholder written by hand to match the ts-rs output of the Rust core; ts-rs will overwrite it.

export type Source = { outlet: string, date: string | null, url: string | null, title: string | null, };
