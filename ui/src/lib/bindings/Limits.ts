// The core's length limits (crates/briefdesk-core/src/validate.rs), in characters.
export const MAX_HEADLINE_CHARS = 300;
export const MAX_BODY_CHARS = 200000;
