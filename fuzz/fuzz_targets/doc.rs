//! Word 97–2003 documents from the fuzz input: the bytes read as a
//! compound file, and, to reach past the container, as the streams of a
//! `.doc` built around them (`tests/support/word97.rs`): the first 44
//! bytes choose where the FIB's piece table, paragraph properties,
//! styles and lists are in the table stream and how long the text is; the
//! rest is split between the `WordDocument` stream (after the FIB) and
//! the table stream. The text never exceeds the limits, every table
//! anchor lies on character boundaries of the text, and the text lints
//! with every invariant of `tests/support/invariants.rs`.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;
#[path = "../../tests/support/word97.rs"]
mod word97;

use rl_lint::input::doc;
use rl_lint::input::docx::{Limits, WordTable};

const LIMIT: u64 = 64 * 1024;

fn check(text: &str, tables: &[WordTable]) {
    assert!(text.len() as u64 <= LIMIT, "{} bytes of text", text.len());
    for table in tables {
        let anchor = table.anchor;
        assert!(anchor.start <= anchor.end && anchor.end <= text.len());
        assert!(text.is_char_boundary(anchor.start) && text.is_char_boundary(anchor.end));
    }
    invariants::check_text(text, rl_lint::input::markdown::Syntax::Plain);
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let limits = Limits::for_size_limit(LIMIT);
    if let Ok((text, tables)) = doc::extract(bytes, limits) {
        check(&text, &tables);
    }
    if bytes.len() < 44 {
        return;
    }
    let (head, rest) = bytes.split_at(44);
    let indexes = [
        word97::CLX,
        word97::PLCF_BTE_PAPX,
        word97::STSHF,
        word97::PLF_LST,
        word97::PLF_LFO,
    ];
    let pairs: Vec<(usize, u32, u32)> = indexes
        .iter()
        .enumerate()
        .map(|(k, &index)| {
            (
                index,
                u32_at(head, k * 8) % 0x1_0000,
                u32_at(head, k * 8 + 4) % 0x1_0000,
            )
        })
        .collect();
    let flags = (u32_at(head, 40) >> 16) as u16 & !0x0200;
    let ccp = u32_at(head, 40) % 0x1_0000;
    let (text, table) = rest.split_at(rest.len() / 2);
    let mut word = word97::fib(ccp, flags, &pairs);
    word.resize(word97::TEXT_AT, 0);
    word.extend_from_slice(text);
    let file = word97::compound(&word, table);
    if let Ok((text, tables)) = doc::extract(&file, limits) {
        check(&text, &tables);
    }
});
