#![no_main]
//! See briefdesk_core::fuzzing::render_markdown.

libfuzzer_sys::fuzz_target!(|data: &[u8]| briefdesk_core::fuzzing::render_markdown(data));
