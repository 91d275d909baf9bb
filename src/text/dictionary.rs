//! jieba's dictionary without loading it. `Jieba::new()` parses all 349 045
//! entries of its dictionary into a trie, which takes about 100 ms and
//! 40 MB; a report needs a few hundred of them. The same dictionary is kept
//! here as sorted text (`data/jieba-dict.txt`, a copy of jieba-rs' own) and
//! searched in place, so that a jieba instance holding only the entries a
//! text contains costs microseconds.
//!
//! Such an instance cuts that text exactly as the full dictionary does:
//! jieba builds its graph of candidate words from the dictionary words that
//! occur in the text, and weighs each by `ln(freq) - ln(total)`, so a
//! dictionary with the same entries for those words and the same total
//! gives the same words and tags. The tests prove it on the fixtures.

use jieba_rs::Jieba;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// jieba-rs' default dictionary (`word freq tag` lines, sorted by bytes).
static DICTIONARY: &str = include_str!("../../data/jieba-dict.txt");

/// The sum of all frequencies of the dictionary: the `total` that jieba
/// divides by. Checked against the file and jieba-rs by the tests.
const TOTAL_FREQUENCY: usize = 60_101_964;

/// A word no text can produce (jieba only looks up runs of CJK characters,
/// letters and digits, and single other characters), which carries the
/// frequency of every entry left out so that the total stays the same.
const PADDING_WORD: &str = "\u{0}\u{0}";

/// One dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'d> {
    pub word: &'d str,
    pub freq: usize,
    pub tag: &'d str,
}

/// The entries whose words occur in `text`, in dictionary order, each once.
pub fn entries_in(text: &str) -> Vec<Entry<'static>> {
    lines_in(text).into_iter().map(entry_at).collect()
}

/// The line starts of the entries whose words occur in `text`, sorted.
fn lines_in(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, _) in text.char_indices() {
        prefixes_at(&text[i..], &mut starts);
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Runs `f` with a jieba instance that cuts `text` exactly as
/// `Jieba::new()` would. `f` must not call this function.
///
/// Each thread keeps one instance and adds the entries each new text
/// needs: entries a text does not contain never change how it is cut, and
/// a new instance costs more than the search (jieba allocates 0.5 MB).
pub fn with_jieba_for<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    GROWING.with(|growing| {
        let mut growing = growing.borrow_mut();
        growing.add_entries_of(text);
        f(&growing.jieba)
    })
}

thread_local! {
    static GROWING: RefCell<Growing> = RefCell::new(Growing::default());
}

/// A jieba instance holding the dictionary entries of every text it was
/// given, and the padding entry that keeps the total frequency.
struct Growing {
    jieba: Jieba,
    /// Line starts of the entries added.
    added: HashSet<usize>,
    /// Their total frequency.
    sum: usize,
}

impl Default for Growing {
    fn default() -> Self {
        let mut jieba = Jieba::empty();
        jieba.add_word(PADDING_WORD, Some(TOTAL_FREQUENCY), Some("x"));
        Growing {
            jieba,
            added: HashSet::new(),
            sum: 0,
        }
    }
}

/// Entries a thread's instance may hold before it starts afresh: it only
/// grows with the variety of the texts, but a national corpus should not
/// end up holding the whole dictionary in every thread.
const MAX_ENTRIES: usize = 50_000;

impl Growing {
    fn add_entries_of(&mut self, text: &str) {
        if self.added.len() > MAX_ENTRIES {
            *self = Growing::default();
        }
        let before = self.sum;
        for start in lines_in(text) {
            if self.added.insert(start) {
                let entry = entry_at(start);
                self.jieba
                    .add_word(entry.word, Some(entry.freq), Some(entry.tag));
                self.sum += entry.freq;
            }
        }
        if self.sum != before {
            let padding = TOTAL_FREQUENCY - self.sum;
            self.jieba.add_word(PADDING_WORD, Some(padding), Some("x"));
        }
    }
}

/// Adds to `found` the line starts of the dictionary words that are
/// prefixes of `rest`, narrowing the range of candidate lines one
/// character at a time.
fn prefixes_at(rest: &str, found: &mut Vec<usize>) {
    let (mut lo, mut hi) = (0, DICTIONARY.len());
    let mut first = '\0';
    for (depth, (i, c)) in rest.char_indices().enumerate() {
        let prefix = &rest[..i + c.len_utf8()];
        // Lines in [lo, hi) all start with the previous prefix; keep those
        // that start with this one.
        (lo, hi) = match depth {
            0 => {
                first = c;
                cached_lines((c, None), || narrow(lo, hi, prefix))
            }
            1 => cached_lines((first, Some(c)), || narrow(lo, hi, prefix)),
            _ => narrow(lo, hi, prefix),
        };
        if lo == hi {
            return;
        }
        if word_at(lo) == prefix {
            found.push(lo);
        }
    }
}

/// The lines of `[lo, hi)` whose words start with `prefix`, as a range.
fn narrow(lo: usize, hi: usize, prefix: &str) -> (usize, usize) {
    let lo = partition(lo, hi, |word| word < prefix);
    let hi = partition(lo, hi, |word| word < prefix || word.starts_with(prefix));
    (lo, hi)
}

/// One or two characters, and the range of the lines whose words start
/// with them.
type PrefixLines = HashMap<(char, Option<char>), (usize, usize)>;

thread_local! {
    /// The lines of the words starting with one or two characters: text
    /// uses a few thousand characters and their pairs over and over, and
    /// these are the longest searches.
    static PREFIX_LINES: RefCell<PrefixLines> = RefCell::default();
}

fn cached_lines(
    key: (char, Option<char>),
    narrow: impl FnOnce() -> (usize, usize),
) -> (usize, usize) {
    PREFIX_LINES.with(|cache| *cache.borrow_mut().entry(key).or_insert_with(narrow))
}

/// The first line start in `[lo, hi)` whose word does not satisfy `pred`
/// (`hi` if all do); `pred` must hold for a prefix of the lines.
fn partition(mut lo: usize, mut hi: usize, pred: impl Fn(&str) -> bool) -> usize {
    while lo < hi {
        let mid = line_start(lo + (hi - lo) / 2);
        // `mid` may fall back to `lo`; then the line at `lo` decides.
        if pred(word_at(mid)) {
            lo = line_end(mid);
        } else {
            hi = mid;
        }
    }
    lo
}

/// The start of the line holding byte `at`.
fn line_start(at: usize) -> usize {
    DICTIONARY.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1)
}

/// The start of the line after the one starting at `start`.
fn line_end(start: usize) -> usize {
    DICTIONARY.as_bytes()[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(DICTIONARY.len(), |newline| start + newline + 1)
}

fn word_at(start: usize) -> &'static str {
    let line = &DICTIONARY[start..line_end(start)];
    line.split(' ').next().unwrap_or("")
}

fn entry_at(start: usize) -> Entry<'static> {
    let line = DICTIONARY[start..line_end(start)].trim_end();
    let mut fields = line.split(' ');
    let word = fields.next().unwrap_or("");
    let freq = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    let tag = fields.next().unwrap_or("");
    Entry { word, freq, tag }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_entries() -> impl Iterator<Item = Entry<'static>> {
        let mut start = 0;
        std::iter::from_fn(move || {
            (start < DICTIONARY.len()).then(|| {
                let entry = entry_at(start);
                start = line_end(start);
                entry
            })
        })
    }

    #[test]
    fn dictionary_is_sorted_by_word_and_total_is_right() {
        let mut previous = "";
        let mut total = 0;
        let mut count = 0;
        for entry in all_entries() {
            assert!(previous < entry.word, "{previous} before {}", entry.word);
            assert!(!entry.word.contains(PADDING_WORD));
            previous = entry.word;
            total += entry.freq;
            count += 1;
        }
        assert_eq!(total, TOTAL_FREQUENCY);
        // The same dictionary as jieba-rs' own: same size, same total.
        assert_eq!(
            format!("{:?}", Jieba::new()),
            format!("Jieba {{ records_len: {count}, total_freq: {TOTAL_FREQUENCY} }}")
        );
    }

    #[test]
    fn finds_every_word_of_a_text() {
        let words: Vec<&str> = entries_in("主要原因是人手少")
            .iter()
            .map(|e| e.word)
            .collect();
        for word in ["主要", "原因", "是", "人手", "少", "要", "主"] {
            assert!(words.contains(&word), "{word} missing from {words:?}");
        }
        assert!(!words.contains(&"原因是"));
        // Texts cut one after the other share an instance that grows.
        let total = |jieba: &Jieba| format!("{jieba:?}");
        let first = with_jieba_for("主要原因", total);
        let second = with_jieba_for("人手少", total);
        assert!(
            first.ends_with(&format!("total_freq: {TOTAL_FREQUENCY} }}")),
            "{first}"
        );
        assert!(
            second.ends_with(&format!("total_freq: {TOTAL_FREQUENCY} }}")),
            "{second}"
        );
        assert_ne!(first, second);
        assert!(entries_in("").is_empty());
        // First and last entries of the file.
        assert_eq!(entries_in("1号店")[0].word, "1号店");
        let last = all_entries().last().unwrap();
        assert!(entries_in(last.word).contains(&last));
    }
}
