#![no_main]
//! See briefdesk_core::fuzzing::import_csv.

libfuzzer_sys::fuzz_target!(|data: &[u8]| briefdesk_core::fuzzing::import_csv(data));
