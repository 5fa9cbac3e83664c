#![no_main]
//! See briefdesk_core::fuzzing::import_bookmarks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| briefdesk_core::fuzzing::import_bookmarks(data));
