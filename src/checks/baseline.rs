//! Last year's report (the *baseline*, `--baseline` or the configuration's
//! `baseline:`), to find what this year's report copies from it. The
//! `copied-from-baseline` check kind does the finding; this module reads
//! the baseline once and indexes it.
//!
//! Texts are compared by hashing, never by pairwise string distance: both
//! are cut into words (jieba), numbers are normalised (「2023年…12次」 and
//! 「2024年…15次」 are the same words), punctuation is dropped, and every run
//! of `k` consecutive words of a paragraph (a *shingle*) is hashed. The
//! baseline's shingle hashes go into a `HashMap` from hash to the paragraphs
//! holding it, so checking a report costs one lookup per word: linear in
//! the length of both reports.

use crate::document::{table, Document, PageResidue, TitleWords};
use crate::input::markdown::Syntax;
use crate::text::span::{LineIndex, Span};

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// A word of a report, normalised and hashed, with its place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub hash: u64,
    pub span: Span,
}

/// The words of `span` of `text` that carry meaning: punctuation and
/// spaces are dropped, Latin letters are lowercased, and every number
/// (「2023」「12.5%」「十五」「①」) is the same word. Numbers are cut out
/// before jieba sees the text, so that 「12次」 and 「十五次」 are both a
/// number and 「次」.
pub fn words(text: &str, span: Span) -> Vec<Word> {
    const NUMBER: u64 = 0x2023_2024;
    let mut out = Vec::new();
    for (segment, is_number) in number_runs(text, span) {
        if is_number {
            out.push(Word {
                hash: NUMBER,
                span: segment,
            });
            continue;
        }
        for word_span in crate::text::words::cut_without_hmm(text, segment) {
            let word = word_span.text(text);
            if !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            let mut hasher = DefaultHasher::new();
            for c in word.chars() {
                c.to_lowercase().for_each(|l| l.hash(&mut hasher));
            }
            out.push(Word {
                hash: hasher.finish(),
                span: word_span,
            });
        }
    }
    out
}

/// Digits (also full-width and circled ones) and Chinese numerals. 「一」
/// in 「统一」 is cut out too; both reports are cut the same way, so that
/// changes nothing in the comparison.
fn is_number_char(c: char) -> bool {
    c.is_numeric() || "零〇一二三四五六七八九十百千万亿两".contains(c)
}

/// `span` split into numbers (with their decimal points and per cent
/// signs) and the text between them.
fn number_runs(text: &str, span: Span) -> Vec<(Span, bool)> {
    let mut runs: Vec<(Span, bool)> = Vec::new();
    for (i, c) in span.text(text).char_indices() {
        let at = span.start + i;
        let continues_number = runs.last().is_some_and(|(_, number)| *number)
            && matches!(c, '.' | '．' | '%' | '％' | '‰');
        let is_number = is_number_char(c) || continues_number;
        match runs.last_mut() {
            Some((run, number)) if *number == is_number => run.end = at + c.len_utf8(),
            _ => runs.push((Span::new(at, at + c.len_utf8()), is_number)),
        }
    }
    runs
}

/// The hash of a shingle: `k` consecutive words.
pub fn shingle_hash(words: &[Word]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for word in words {
        word.hash.hash(&mut hasher);
    }
    hasher.finish()
}

/// Shingle hash → the baseline paragraphs (indices) that contain it.
#[derive(Debug, Default)]
pub struct ShingleIndex {
    paragraphs: HashMap<u64, Vec<u32>>,
}

impl ShingleIndex {
    pub fn get(&self, shingle: u64) -> Option<&[u32]> {
        self.paragraphs.get(&shingle).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.paragraphs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }
}

/// Last year's report, read and cut into words.
#[derive(Debug)]
pub struct Baseline {
    /// The path as given, for messages.
    pub shown: String,
    /// The text as read, to recognise the baseline among the reports.
    raw: String,
    /// 1-based line (paragraph of a `.docx`) of each paragraph.
    lines: Vec<usize>,
    /// The words of each paragraph of the body (heading words, title,
    /// signer and date left out).
    words: Vec<Vec<Word>>,
    /// Indexes by shingle size, built on first use.
    indexes: Mutex<Vec<(usize, Arc<ShingleIndex>)>>,
}

impl Baseline {
    /// The baseline `raw`, written in `syntax`, shown as `shown`, its
    /// title read with `title_words` (those of every loaded report type:
    /// the baseline is read once, for reports of any type) and its page
    /// residue known by `residue`, both the rule set's. Reading its file is
    /// the engine's work, with the same code and limits as a report.
    pub fn new(
        shown: impl Into<String>,
        raw: String,
        syntax: Syntax,
        title_words: &TitleWords,
        residue: &PageResidue,
    ) -> Baseline {
        let readable = syntax.readable(&raw);
        let text: &str = &readable;
        let doc = Document::parse_as(text, None, table::find_tables(text), title_words, residue);
        let index = LineIndex::new(text);
        let mut lines = Vec::new();
        let mut paragraph_words = Vec::new();
        for piece in doc.prose_in(doc.body_span()) {
            lines.push(index.line_of(piece.start) + 1);
            paragraph_words.push(words(text, piece));
        }
        Baseline {
            shown: shown.into(),
            lines,
            words: paragraph_words,
            indexes: Mutex::new(Vec::new()),
            raw,
        }
    }

    /// Whether `text` is the baseline itself (a report is not compared
    /// with itself, e.g. when the folder being checked holds the baseline).
    pub fn is_same_report(&self, text: &str) -> bool {
        self.raw == text
    }

    /// `path:line` of a baseline paragraph.
    pub fn location(&self, paragraph: u32) -> String {
        let line = self.lines.get(paragraph as usize).copied().unwrap_or(1);
        format!("{}:{line}", self.shown)
    }

    /// The index of shingles of `k` words, built once per size.
    pub fn index(&self, k: usize) -> Arc<ShingleIndex> {
        let mut indexes = match self.indexes.lock() {
            Ok(guard) => guard,
            // A panic elsewhere cannot leave a half-built index in the list.
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((_, index)) = indexes.iter().find(|(size, _)| *size == k) {
            return index.clone();
        }
        let mut index = ShingleIndex::default();
        for (paragraph, words) in self.words.iter().enumerate() {
            for window in words.windows(k.max(1)) {
                let holders = index.paragraphs.entry(shingle_hash(window)).or_default();
                if holders.last() != Some(&(paragraph as u32)) {
                    holders.push(paragraph as u32);
                }
            }
        }
        let index = Arc::new(index);
        indexes.push((k, index.clone()));
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> Vec<u64> {
        words(text, Span::new(0, text.len()))
            .iter()
            .map(|w| w.hash)
            .collect()
    }

    #[test]
    fn numbers_and_punctuation_do_not_matter() {
        assert_eq!(
            normalised("2023年，我局开展学法活动12次，培训3期。"),
            normalised("2024年,我局开展学法活动十五次;培训4期")
        );
        assert_ne!(
            normalised("我局开展学法活动12次"),
            normalised("我局开展普法活动12次")
        );
    }

    #[test]
    fn indexes_the_body_paragraphs_with_their_lines() {
        let text = "某局2023年法治政府建设年度报告\n一、主要举措\n我局组织开展学法活动，提升依法行政能力。\n\n二、2024年工作计划\n继续加强学习。\n某局\n2024年2月1日\n";
        let baseline = Baseline::new(
            "last.txt",
            text.to_string(),
            Syntax::Plain,
            &TitleWords::default(),
            &PageResidue::default(),
        );
        assert_eq!(baseline.lines, vec![3, 6]);
        assert_eq!(baseline.location(1), "last.txt:6");
        let index = baseline.index(3);
        let first = words(text, Span::new(0, text.len()));
        let probe = words("组织开展学法活动", Span::new(0, "组织开展学法活动".len()));
        assert!(first.len() > 3);
        assert_eq!(index.get(shingle_hash(&probe[..3])), Some(&[0u32][..]));
        assert!(Arc::ptr_eq(&index, &baseline.index(3)));
        assert!(baseline.is_same_report(text));
        assert!(!baseline.is_same_report("其他"));
    }
}
