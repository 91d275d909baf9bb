//! The document model and the Markdown mask alone, on any text. Faster
//! than the whole pipeline, so it goes deeper into the parser in the same
//! time.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|text: &str| {
    invariants::check_document(text);
    invariants::check_markdown_mask(text);
});
