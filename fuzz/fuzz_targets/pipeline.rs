//! The whole pipeline on raw bytes: decoding, the document model, every
//! rule (as plain text and as Markdown), every output format and `--fix`,
//! checked against the invariants of `tests/support/invariants.rs`.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    invariants::check_bytes(bytes);
});
