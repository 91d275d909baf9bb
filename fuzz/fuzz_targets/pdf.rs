//! PDFs from the fuzz input (given a `%PDF-` header when they have none),
//! read on the calling thread with small limits, so that a panic of the
//! parser or of rl-lint's layout reconstruction is seen (the CLI catches
//! them). Text that comes out is linted with every invariant of
//! `tests/support/invariants.rs`, and every table cell is within its grid.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

use rl_lint::input::pdf::{extract_unguarded, Limits};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut data = Vec::with_capacity(bytes.len() + 9);
    if !bytes.starts_with(b"%PDF-") {
        data.extend_from_slice(b"%PDF-1.7\n");
    }
    data.extend_from_slice(bytes);
    let limits = Limits::for_size_limit(1 << 20);
    if let Ok(read) = extract_unguarded(data, limits) {
        assert!(read.text.len() <= limits.text_bytes);
        for table in &read.tables {
            assert!(read.text.is_char_boundary(table.anchor.start));
            assert!(read.text.is_char_boundary(table.anchor.end));
            for row in &table.grid {
                assert!(row.iter().all(|cell| cell.column >= 1 && cell.span >= 1));
            }
        }
        if !read.text.trim().is_empty() {
            invariants::check_text(&read.text, rl_lint::input::markdown::Syntax::Plain);
        }
    }
});
