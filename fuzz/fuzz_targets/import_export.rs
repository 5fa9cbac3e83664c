#![no_main]
//! See briefdesk_core::fuzzing::import_and_export.

libfuzzer_sys::fuzz_target!(|data: &[u8]| briefdesk_core::fuzzing::import_and_export(data));
