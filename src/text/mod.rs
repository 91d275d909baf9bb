//! Text primitives, below the document model: positions in the text
//! (`span`), the one index of a report's lines and marks (`index`), what kind of character a character is (`chars`), sentences and
//! clauses (`sentence`), Chinese numerals (`numerals`), words (jieba, with
//! its dictionary: `words`, `dictionary`) and the size-limited regexes that
//! packs are written in (`pattern`), and where a check's literals occur in
//! a report (`anchors`). They read `&str` and return spans;
//! none knows what a report is.

pub mod anchors;
pub mod chars;
pub mod charset;
pub mod dictionary;
pub mod index;
// Its `pack_patterns` and `emit` run in build.rs; here only tests call them.
#[cfg_attr(not(test), allow(dead_code))]
pub mod literals;
pub mod numerals;
pub mod pattern;
pub mod sentence;
pub mod span;
pub mod words;
