//! Inline syntax within one line's content: code spans, escapes,
//! autolinks and HTML, links and images, emphasis (paired leniently, see
//! the module above) and table pipes. Every search is bounded, so a line
//! of unmatched delimiters stays linear.

use super::*;
use regex::Regex;
use std::sync::LazyLock;

/// The `(destination "title")` of an inline link or image.
static INLINE_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\([ \t]*(?:<[^<>]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*\)"#)
        .expect("valid regex")
});
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*)>")
        .expect("valid regex")
});
/// An HTML tag on one line: `<p>`, `</p>`, `<br/>`, `<a href="…">`. Tags
/// start with an ASCII letter, so 「<法治政府建设实施纲要>」 is not one.
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^</?[A-Za-z][A-Za-z0-9\-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:[ \t]*=[ \t]*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*/?>"#)
        .expect("valid regex")
});

/// How far to look for the end of a code span or a tag. Real ones are
/// short; the limit keeps a line full of unmatched backticks or `<` linear
/// instead of quadratic.
const MAX_INLINE_SPAN: usize = 4096;
/// How many unmatched emphasis openers a line keeps, for the same reason.
const MAX_OPENERS: usize = 256;

/// The longest link label CommonMark accepts, in characters. Longer
/// brackets are text: they are never normalised (a line of nested `[`
/// would otherwise normalise a label of the rest of the line at each one).
pub(super) const MAX_LABEL_CHARS: usize = 999;

/// Whether `label` is one of `labels` (normalised), cheaply: an empty set
/// or a label too long to be one costs nothing.
fn is_label_in(labels: &HashSet<String>, label: &str) -> bool {
    !labels.is_empty()
        && label.len() <= MAX_LABEL_CHARS * 4
        && label.chars().count() <= MAX_LABEL_CHARS
        && labels.contains(&normalise_label(label))
}

/// Lowercased, whitespace-collapsed link label, as CommonMark matches them.
pub(super) fn normalise_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A run of emphasis delimiters (`*`, `**`, `_`, `~~`…) in a line.
#[derive(Debug, Clone, Copy)]
struct Delimiters {
    start: usize,
    /// Delimiters not used up yet.
    len: usize,
    /// Length of the whole run, for CommonMark's "rule of 3".
    run_len: usize,
    ch: u8,
    can_open: bool,
    can_close: bool,
}

impl Delimiters {
    /// CommonMark: if either run can both open and close, their lengths may
    /// not add up to a multiple of 3 unless both are (`*a**b**c*`).
    fn can_pair_with(&self, closer: &Delimiters) -> bool {
        let (a, b) = (self.run_len, closer.run_len);
        self.ch == closer.ch
            && !((self.can_close || closer.can_open)
                && (a + b) % 3 == 0
                && !(a % 3 == 0 && b % 3 == 0))
    }
}

impl<'t> Masker<'t> {
    /// Inline syntax of one line's content: code spans, escapes, autolinks,
    /// HTML, links and images, emphasis, and table pipes.
    pub(super) fn inline(&mut self, start: usize, end: usize, in_table: bool) {
        self.code_escapes_and_tags(start, end);
        self.links(start, end);
        self.emphasis(start, end);
        if in_table {
            for i in start..end {
                if self.bytes[i] == b'|' && !self.protected[i] {
                    self.mask(i, i + 1);
                }
            }
        }
    }

    /// What binds tightest: code spans, backslash escapes, autolinks, HTML
    /// tags and comments.
    fn code_escapes_and_tags(&mut self, start: usize, end: usize) {
        let mut i = start;
        while i < end {
            match self.bytes[i] {
                b'\\' => {
                    if i + 1 < end && self.bytes[i + 1].is_ascii_punctuation() {
                        self.mask(i, i + 1);
                        self.protect(i, i + 2);
                        i += 2;
                    } else {
                        if i + 1 == end {
                            self.mask(i, i + 1); // hard line break
                        }
                        i += 1;
                    }
                }
                b'`' => {
                    let run = self.run_len(i, end, b'`');
                    match self.closing_backticks(i + run, end, run) {
                        Some(close) => {
                            self.mask(i, i + run);
                            self.mask(close, close + run);
                            self.protect(i, close + run);
                            i = close + run;
                        }
                        None => {
                            self.protect(i, i + run);
                            i += run;
                        }
                    }
                }
                b'<' => {
                    let rest = self.window(i, end);
                    if rest.starts_with("<!--") {
                        // Comments may be long; finding their end stays linear.
                        match self.text[i + 4..end].find("-->") {
                            Some(close) => {
                                let len = 4 + close + 3;
                                self.mask(i, i + len);
                                self.protect(i, i + len);
                                i += len;
                            }
                            None => {
                                self.mask(i, end);
                                self.protect(i, end);
                                self.in_comment = true;
                                return;
                            }
                        }
                    } else if let Some(m) = AUTOLINK.find(rest).or_else(|| HTML_TAG.find(rest)) {
                        self.mask(i, i + m.end());
                        self.protect(i, i + m.end());
                        i += m.end();
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
    }

    /// The text from `at` to `end`, at most `MAX_INLINE_SPAN` bytes of it.
    fn window(&self, at: usize, end: usize) -> &'t str {
        let end = floor_char_boundary(self.text, end.min(at + MAX_INLINE_SPAN));
        &self.text[at..end.max(at)]
    }

    fn run_len(&self, at: usize, end: usize, ch: u8) -> usize {
        self.bytes[at..end].iter().take_while(|&&b| b == ch).count()
    }

    /// The start of the next run of exactly `len` backticks.
    fn closing_backticks(&self, from: usize, end: usize, len: usize) -> Option<usize> {
        let end = end.min(from + MAX_INLINE_SPAN);
        let mut i = from;
        while i < end {
            if self.bytes[i] == b'`' {
                let run = self.run_len(i, end, b'`');
                if run == len {
                    return Some(i);
                }
                i += run;
            } else {
                i += 1;
            }
        }
        None
    }

    fn is_syntax(&self, i: usize, b: u8) -> bool {
        self.bytes[i] == b && !self.protected[i] && !self.masked[i]
    }

    /// For each `[` in the line, the `]` that closes it (nested brackets
    /// counted), found in one pass.
    fn bracket_pairs(&self, start: usize, end: usize) -> HashMap<usize, usize> {
        let mut pairs = HashMap::new();
        let mut open: Vec<usize> = Vec::new();
        for i in start..end {
            if self.is_syntax(i, b'[') {
                open.push(i);
            } else if self.is_syntax(i, b']') {
                if let Some(o) = open.pop() {
                    pairs.insert(o, i);
                }
            }
        }
        pairs
    }

    /// Links keep their text and lose brackets and target; images and
    /// footnote references are masked whole.
    fn links(&mut self, start: usize, end: usize) {
        let pairs = self.bracket_pairs(start, end);
        let mut i = start;
        while i < end {
            let image = self.is_syntax(i, b'!') && i + 1 < end && self.is_syntax(i + 1, b'[');
            let open = if image { i + 1 } else { i };
            if !self.is_syntax(open, b'[') {
                i += 1;
                continue;
            }
            let Some(&close) = pairs.get(&open) else {
                i = open + 1;
                continue;
            };
            let label = &self.text[open + 1..close];
            if let Some(footnote) = label.strip_prefix('^') {
                if !image && is_label_in(&self.footnotes, footnote) {
                    self.mask(i, close + 1);
                    self.protect(i, close + 1);
                    i = close + 1;
                    continue;
                }
            }
            let Some(target_end) = self.link_target(label, close + 1, end) else {
                i = open + 1;
                continue;
            };
            if image {
                self.mask(i, target_end);
                self.protect(i, target_end);
                i = target_end;
            } else {
                self.mask(open, open + 1);
                self.mask(close, target_end);
                self.protect(close, target_end);
                // The link text may hold emphasis or an image: scan it too.
                i = open + 1;
            }
        }
    }

    /// Where the target after a link's `]` ends: `(url "title")`,
    /// `[id]`, `[]`, or nothing for a shortcut `[id]`. None if the brackets
    /// are not a link.
    fn link_target(&self, label: &str, after: usize, end: usize) -> Option<usize> {
        let rest = self.window(after, end);
        if let Some(m) = INLINE_TARGET.find(rest) {
            return Some(after + m.end());
        }
        if rest.starts_with('[') {
            if let Some(close) = rest.find(']') {
                let id = &rest[1..close];
                let id = if id.is_empty() { label } else { id };
                if is_label_in(&self.references, id) {
                    return Some(after + close + 1);
                }
            }
        }
        is_label_in(&self.references, label).then_some(after)
    }

    /// Pairs `*`, `**`, `***`, `_`, `__`, `___` and `~~` delimiter runs
    /// leniently (see the module comment) and masks the pairs.
    fn emphasis(&mut self, start: usize, end: usize) {
        let mut runs: Vec<Delimiters> = Vec::new();
        let mut i = start;
        while i < end {
            let ch = self.bytes[i];
            if !matches!(ch, b'*' | b'_' | b'~') || self.protected[i] || self.masked[i] {
                i += 1;
                continue;
            }
            let len = self.run_len(i, end, ch);
            let prev = self.text[start..i].chars().next_back();
            let next = self.text[i + len..end].chars().next();
            let intraword_underscore = ch == b'_'
                && prev.is_some_and(|c| c.is_ascii_alphanumeric())
                && next.is_some_and(|c| c.is_ascii_alphanumeric());
            // 「3~5年」 is a range, and 「____年」 a blank to fill in.
            let valid_len = match ch {
                b'~' => len == 2,
                b'_' => len <= 3,
                _ => true,
            };
            if valid_len && !intraword_underscore {
                runs.push(Delimiters {
                    start: i,
                    len,
                    run_len: len,
                    ch,
                    can_open: next.is_some_and(|c| !c.is_whitespace()),
                    can_close: prev.is_some_and(|c| !c.is_whitespace()),
                });
            }
            i += len;
        }
        // As in CommonMark, a closer uses up two delimiters of the nearest
        // opener it can pair with when both have two, else one: `***a***`
        // is bold italic, `**粗*斜*体**` italic inside bold.
        let mut openers: Vec<Delimiters> = Vec::new();
        for mut run in runs {
            while run.can_close && run.len > 0 {
                let Some(at) = openers.iter().rposition(|o| o.can_pair_with(&run)) else {
                    break;
                };
                openers.truncate(at + 1);
                let opener = &mut openers[at];
                let used = if opener.len >= 2 && run.len >= 2 {
                    2
                } else {
                    1
                };
                let opener_end = opener.start + opener.len;
                opener.len -= used;
                if opener.len == 0 {
                    openers.pop();
                }
                self.mask(opener_end - used, opener_end);
                self.mask(run.start, run.start + used);
                run.start += used;
                run.len -= used;
            }
            if run.can_open && run.len > 0 {
                if openers.len() == MAX_OPENERS {
                    openers.remove(0);
                }
                openers.push(run);
            }
        }
    }
}
