//! Markdown reports (`.md`). [`mask`] replaces the Markdown syntax of a report
//! with ASCII spaces and keeps everything else byte for byte, so the linter
//! reads the report's own words while every span still points into the file
//! as the user sees it.
//!
//! This is not a full CommonMark parser, on purpose:
//! - Lines stay lines. A plain-text report has one paragraph per line and the
//!   document model relies on that; Markdown reports converted from Word keep
//!   it too. (A paragraph hard-wrapped over several lines is read as several
//!   paragraphs, as in a plain-text file.)
//! - Emphasis is paired leniently. CommonMark's flanking rules refuse
//!   `**（一）强化学法。**一是…` (punctuation before the closing `**`), which is
//!   how Chinese writers bold a heading; here any `**` that opens before a
//!   non-space and closes after one is paired.
//! - Indented lines are text, not code: reports indent paragraphs.
//! - Ordered list markers `1.` are kept: they are the report's own numbering
//!   (GB/T 9704-2012 third level), read by the heading model. `1)` is masked:
//!   Markdown renders it as a numbered list, not as a half-width bracket.
//! - Deliberate link targets (`[text](url)`, `<url>`, `[id]: url`) and images
//!   are masked; a bare URL in prose is text, and the hygiene pack flags it.

use crate::text::span::floor_char_boundary;
use regex::Regex;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

/// How a report's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    #[default]
    Plain,
    Markdown,
}

impl Syntax {
    /// `.md` and `.markdown` (any case) are Markdown; everything else is plain text.
    pub fn from_path(path: &Path) -> Syntax {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
            Syntax::Markdown
        } else {
            Syntax::Plain
        }
    }

    /// `text` as the document model reads it: Markdown syntax masked as
    /// spaces ([`mask`]), plain text as it is. Same length, same offsets.
    /// Every stage that reads a report's words (the linter, the baseline,
    /// the fixer's guard for markup) takes it from here.
    pub fn readable(self, text: &str) -> Cow<'_, str> {
        match self {
            Syntax::Plain => Cow::Borrowed(text),
            Syntax::Markdown => Cow::Owned(mask(text)),
        }
    }
}

/// `text` with its Markdown syntax replaced by ASCII spaces. The result has
/// the same length, the same line breaks, and every character boundary of
/// `text` is one of the result, so spans found in it are spans of `text`.
pub fn mask(text: &str) -> String {
    let mut masker = Masker::new(text);
    masker.run();
    masker.finish()
}

static FENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(`{3,}|~{3,})(.*)$").expect("valid regex"));
static THEMATIC_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$").expect("valid regex")
});
static SETEXT_UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:=+|-+)[ \t]*$").expect("valid regex"));
static ATX_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}(?:[ \t]|$)").expect("valid regex"));
static ATX_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[ \t])#+[ \t]*$").expect("valid regex"));
static TABLE_DELIMITER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$").expect("valid regex")
});
/// `[label]:` at the start of a line: a link reference or footnote definition.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]]+)\]:").expect("valid regex"));
/// The rest of a link reference definition after `[label]:`.
static DEFINITION_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[ \t]*(?:<[^<>]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$"#)
        .expect("valid regex")
});
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
const MAX_LABEL_CHARS: usize = 999;

/// Whether `label` is one of `labels` (normalised), cheaply: an empty set
/// or a label too long to be one costs nothing.
fn is_label_in(labels: &HashSet<String>, label: &str) -> bool {
    !labels.is_empty()
        && label.len() <= MAX_LABEL_CHARS * 4
        && label.chars().count() <= MAX_LABEL_CHARS
        && labels.contains(&normalise_label(label))
}

/// Lowercased, whitespace-collapsed link label, as CommonMark matches them.
fn normalise_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Byte ranges of the lines, without their `\n` or `\r\n`.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.strip_suffix('\r').unwrap_or(line).len();
        lines.push((start, end));
        start += line.len() + 1;
    }
    lines
}

/// An open fenced code block: its fence character and length.
#[derive(Debug, Clone, Copy)]
struct Fence {
    ch: u8,
    len: usize,
}

impl Fence {
    fn open(line: &str) -> Option<Fence> {
        let caps = FENCE.captures(line)?;
        let fence = caps.get(1)?.as_str();
        let ch = fence.as_bytes()[0];
        // A backtick fence's info string cannot contain backticks.
        if ch == b'`' && caps.get(2).is_some_and(|info| info.as_str().contains('`')) {
            return None;
        }
        Some(Fence {
            ch,
            len: fence.len(),
        })
    }

    fn is_closed_by(self, line: &str) -> bool {
        let run = line.bytes().take_while(|&b| b == self.ch).count();
        run >= self.len && line[run..].trim().is_empty()
    }
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

struct Masker<'t> {
    text: &'t str,
    bytes: &'t [u8],
    masked: Vec<bool>,
    /// Bytes already understood (code, URLs, escapes): not syntax any more.
    protected: Vec<bool>,
    /// Labels of the link reference definitions (`[id]: url`).
    references: HashSet<String>,
    /// Labels of the footnote definitions (`[^1]: …`), without the `^`.
    footnotes: HashSet<String>,
    in_comment: bool,
}

impl<'t> Masker<'t> {
    fn new(text: &'t str) -> Self {
        Masker {
            text,
            bytes: text.as_bytes(),
            masked: vec![false; text.len()],
            protected: vec![false; text.len()],
            references: HashSet::new(),
            footnotes: HashSet::new(),
            in_comment: false,
        }
    }

    fn mask(&mut self, start: usize, end: usize) {
        let end = end.min(self.masked.len());
        for flag in &mut self.masked[start.min(end)..end] {
            *flag = true;
        }
    }

    fn protect(&mut self, start: usize, end: usize) {
        let end = end.min(self.protected.len());
        for flag in &mut self.protected[start.min(end)..end] {
            *flag = true;
        }
    }

    /// Builds the masked text character by character, so it is valid UTF-8
    /// whatever was marked; line breaks are never masked.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for (i, c) in self.text.char_indices() {
            if self.masked[i] && c != '\n' && c != '\r' {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            } else {
                out.push(c);
            }
        }
        out
    }

    fn run(&mut self) {
        let lines = line_spans(self.text);
        self.collect_definitions(&lines);
        let first = self.front_matter(&lines);
        let mut fence: Option<Fence> = None;
        let mut in_table = false;
        // The previous line was paragraph text (a `---` under it is a setext underline).
        let mut after_paragraph = false;
        for index in first..lines.len() {
            let (start, end) = lines[index];
            if let Some(open) = fence {
                self.mask(start, end);
                if open.is_closed_by(self.text[start..end].trim_start_matches([' ', '\t', '>'])) {
                    fence = None;
                }
                continue;
            }
            let mut pos = start;
            if self.in_comment {
                match self.text[start..end].find("-->") {
                    Some(close) => {
                        self.mask(start, start + close + 3);
                        pos = start + close + 3;
                        self.in_comment = false;
                    }
                    None => {
                        self.mask(start, end);
                        continue;
                    }
                }
            }
            let pos = self.containers(pos, end);
            let content = &self.text[pos..end];
            if content.trim().is_empty() {
                in_table = false;
                after_paragraph = false;
                continue;
            }
            if let Some(open) = Fence::open(content) {
                self.mask(pos, end);
                fence = Some(open);
                after_paragraph = false;
                continue;
            }
            if in_table && !content.contains('|') {
                in_table = false;
            }
            if !in_table && content.contains('|') {
                in_table = lines.get(index + 1).is_some_and(|&(s, e)| {
                    is_table_delimiter(self.text[s..e].trim_start_matches([' ', '\t', '>']))
                });
            }
            if (in_table && is_table_delimiter(content))
                || THEMATIC_BREAK.is_match(content)
                || (after_paragraph && SETEXT_UNDERLINE.is_match(content))
            {
                self.mask(pos, end);
                after_paragraph = false;
                continue;
            }
            if let Some(open) = ATX_OPEN.find(content) {
                self.heading(pos, open.end(), end);
                after_paragraph = false;
                continue;
            }
            if let Some(caps) = DEFINITION.captures(content) {
                let (label_end, label) = (caps[0].len(), &caps[1]);
                if label.starts_with('^') {
                    // A footnote's text is the report's; only its label is syntax.
                    self.mask(pos, pos + label_end);
                    self.inline(pos + label_end, end, false);
                    after_paragraph = true;
                    continue;
                }
                if DEFINITION_TARGET.is_match(&content[label_end..]) {
                    self.mask(pos, end);
                    after_paragraph = false;
                    continue;
                }
            }
            self.inline(pos, end, in_table);
            after_paragraph = true;
        }
    }

    /// Labels defined anywhere in the document, so `[text][id]` and `[id]`
    /// can be told from brackets that are just text.
    fn collect_definitions(&mut self, lines: &[(usize, usize)]) {
        for &(start, end) in lines {
            let line = self.text[start..end].trim_start_matches([' ', '\t', '>']);
            if let Some(caps) = DEFINITION.captures(line) {
                let label = &caps[1];
                if label.chars().count() > MAX_LABEL_CHARS {
                    continue;
                }
                match label.strip_prefix('^') {
                    Some(footnote) => self.footnotes.insert(normalise_label(footnote)),
                    None => self.references.insert(normalise_label(label)),
                };
            }
        }
    }

    /// Masks YAML (`---`) or TOML (`+++`) front matter at the start of the
    /// file and returns the index of the first line after it.
    fn front_matter(&mut self, lines: &[(usize, usize)]) -> usize {
        let line = |i: usize| {
            let (s, e) = lines[i];
            self.text[s..e].trim_end()
        };
        let closers: &[&str] = match line(0) {
            "---" => &["---", "..."],
            "+++" => &["+++"],
            _ => return 0,
        };
        let Some(close) = (1..lines.len()).find(|&i| closers.contains(&line(i))) else {
            return 0;
        };
        self.mask(0, lines[close].1);
        close + 1
    }

    /// Masks block-quote marks `>`, bullets `-`/`*`/`+`, task boxes `[ ]`
    /// and `1)` markers at the start of a line; returns where its content
    /// starts. A `1.` marker is kept as the report's numbering.
    fn containers(&mut self, mut pos: usize, end: usize) -> usize {
        loop {
            let indent = self.bytes[pos..end]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let at = pos + indent;
            let rest = &self.bytes[at..end];
            let space_or_end = |i: usize| rest.get(i).is_none_or(|&b| b == b' ' || b == b'\t');
            match rest.first() {
                Some(b'>') => {
                    self.mask(at, at + 1);
                    pos = at + 1;
                }
                Some(b'-' | b'*' | b'+') if space_or_end(1) => {
                    if THEMATIC_BREAK.is_match(&self.text[at..end]) {
                        return at;
                    }
                    self.mask(at, at + 1);
                    pos = at + 1;
                    let after = &self.text[pos..end];
                    let box_at = pos + after.len() - after.trim_start_matches([' ', '\t']).len();
                    let task = &self.bytes[box_at..end];
                    if task.len() >= 3
                        && matches!(&task[..3], b"[ ]" | b"[x]" | b"[X]")
                        && task.get(3).is_none_or(|&b| b == b' ' || b == b'\t')
                    {
                        self.mask(box_at, box_at + 3);
                        pos = box_at + 3;
                    }
                }
                Some(b'0'..=b'9') => {
                    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
                    match rest.get(digits) {
                        Some(b'.') if digits <= 9 && space_or_end(digits + 1) => {
                            return at + digits + 1;
                        }
                        Some(b')') if digits <= 9 && space_or_end(digits + 1) => {
                            self.mask(at, at + digits + 1);
                            pos = at + digits + 1;
                        }
                        _ => return at,
                    }
                }
                _ => return at,
            }
        }
    }

    /// An ATX heading: masks the opening and closing `#`s.
    fn heading(&mut self, pos: usize, open_len: usize, end: usize) {
        let hashes = self.bytes[pos..end]
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        self.mask(pos, pos + hashes);
        let words_start = pos + open_len;
        let words_end = match ATX_CLOSE.find(&self.text[words_start..end]) {
            Some(close) => {
                self.mask(words_start + close.start(), end);
                words_start + close.start()
            }
            None => end,
        };
        self.inline(words_start, words_end, false);
    }

    /// Inline syntax of one line's content: code spans, escapes, autolinks,
    /// HTML, links and images, emphasis, and table pipes.
    fn inline(&mut self, start: usize, end: usize, in_table: bool) {
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

fn is_table_delimiter(line: &str) -> bool {
    line.contains('|') && TABLE_DELIMITER.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masked text, checked to keep its length.
    fn masked(text: &str) -> String {
        let out = mask(text);
        assert_eq!(out.len(), text.len(), "length changed for {text:?}");
        out
    }

    /// The words that survive masking, space-separated, per line.
    fn words(text: &str) -> Vec<String> {
        masked(text)
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn syntax_from_path() {
        assert_eq!(Syntax::from_path(Path::new("a/报告.md")), Syntax::Markdown);
        assert_eq!(Syntax::from_path(Path::new("R.MarkDown")), Syntax::Markdown);
        assert_eq!(Syntax::from_path(Path::new("报告.txt")), Syntax::Plain);
        assert_eq!(Syntax::from_path(Path::new("md")), Syntax::Plain);
        assert_eq!(Syntax::from_path(Path::new("报告.mdx")), Syntax::Plain);
    }

    #[test]
    fn atx_and_setext_headings() {
        assert_eq!(
            masked("# 某局2023年法治政府建设年度报告\n## 一、总体情况 ##\n"),
            "  某局2023年法治政府建设年度报告\n   一、总体情况   \n"
        );
        assert_eq!(
            words("####### 七个\n#没有空格"),
            ["####### 七个", "#没有空格"]
        );
        assert_eq!(words("标题\n===\n正文\n---\n"), ["标题", "", "正文", ""]);
        // `===` after a blank line is text, `---` a thematic break.
        assert_eq!(words("\n===\n\n---"), ["", "===", "", ""]);
        assert_eq!(words("# 2021年 C# 培训 #"), ["2021年 C# 培训"]);
    }

    #[test]
    fn list_markers() {
        assert_eq!(
            words("- 一、学法\n  * （一）学习\n+ 三\n1. 第一\n  2) 第二\n- [ ] 待办\n- [x] 已办"),
            [
                "一、学法",
                "（一）学习",
                "三",
                "1. 第一",
                "第二",
                "待办",
                "已办"
            ]
        );
        // Not list markers: no space after them.
        assert_eq!(
            words("-10℃\n1.加强\n2.5亿元"),
            ["-10℃", "1.加强", "2.5亿元"]
        );
        assert_eq!(words("* * *\n- - -\n___"), ["", "", ""]);
    }

    #[test]
    fn emphasis_and_strikethrough() {
        assert_eq!(
            masked("一是**加强**学习，*认真*落实，__统一__部署，~~删除~~。"),
            "一是  加强  学习， 认真 落实，  统一  部署，  删除  。"
        );
        // Lenient CJK pairing: punctuation before the closing `**`.
        assert_eq!(
            words("**（一）强化法治宣传教育。**一是组织学习。"),
            ["（一）强化法治宣传教育。 一是组织学习。"]
        );
        // Ranges, blanks, snake_case, lone and spaced stars stay.
        assert_eq!(words("3~5年"), ["3~5年"]);
        assert_eq!(words("____年____月"), ["____年____月"]);
        assert_eq!(words("file_name_x"), ["file_name_x"]);
        assert_eq!(words("a * b * c"), ["a * b * c"]);
        assert_eq!(words("注*"), ["注*"]);
        // Adjacent and nested runs, as CommonMark pairs them.
        assert_eq!(words("**甲**。**一是**乙"), ["甲 。 一是 乙"]);
        // CommonMark shows these asterisks too (rule of 3).
        assert_eq!(words("**甲。****一是**乙"), ["甲。****一是 乙"]);
        assert_eq!(words("***粗斜***"), ["粗斜"]);
        assert_eq!(words("**粗*斜*体**"), ["粗 斜 体"]);
        assert_eq!(words("**多一个*"), ["* 多一个"]);
        assert_eq!(words("~~删~"), ["~~删~"]);
    }

    #[test]
    fn inline_code_and_escapes() {
        assert_eq!(masked("见`rl-lint`说明"), "见 rl-lint 说明");
        assert_eq!(masked("``a`b``"), "  a`b  ");
        // Emphasis inside code is code.
        assert_eq!(masked("`**x**`"), " **x** ");
        assert_eq!(masked(r"\*不是强调\*"), r" *不是强调 *");
        assert_eq!(masked("硬换行\\\n下一行"), "硬换行 \n下一行");
        assert_eq!(masked("未闭合`反引号"), "未闭合`反引号");
    }

    #[test]
    fn links_images_and_autolinks() {
        assert_eq!(
            words(r#"详见[市政府网站](http://www.example.gov.cn/a_b.html "标题")。"#),
            ["详见 市政府网站 。"]
        );
        assert_eq!(words("见<http://example.com/x>和<a@b.cn>"), ["见 和"]);
        assert_eq!(words("图示![示意图](img/a.png)如下"), ["图示 如下"]);
        assert_eq!(words("[**加粗链接**](u)"), ["加粗链接"]);
        assert_eq!(words("[![图](a.png)](b)"), [""]);
        // A bare URL is prose.
        assert_eq!(
            words("来源http://example.com/a_b_c"),
            ["来源http://example.com/a_b_c"]
        );
        // Brackets that are not links stay: [1] is text without a definition.
        assert_eq!(words("参考[1]和[注]"), ["参考[1]和[注]"]);
    }

    #[test]
    fn reference_links_and_footnotes() {
        let text = "见[网站][gov]和[Gov]以及[网站2][]。脚注[^1]。\n\n[gov]: http://gov.cn \"政府\"\n[网站2]: <http://x.cn>\n[^1]: 脚注正文。";
        assert_eq!(
            words(text),
            [
                "见 网站 和 Gov 以及 网站2 。脚注 。",
                "",
                "",
                "",
                "脚注正文。"
            ]
        );
        // Undefined footnotes are text.
        assert_eq!(words("[^9]"), ["[^9]"]);
    }

    #[test]
    fn html_comments_and_tags() {
        assert_eq!(
            words("<p>一、总体情况</p>\n正文<br/>续<!-- 注释 -->完\n<div class=\"x\">"),
            ["一、总体情况", "正文 续 完", ""]
        );
        assert_eq!(
            words("开始<!-- 多行\n注释\n结束 -->之后"),
            ["开始", "", "之后"]
        );
        // Book-title marks written with angle brackets are not tags.
        assert_eq!(
            words("《贯彻落实<法治政府建设实施纲要>的方案》"),
            ["《贯彻落实<法治政府建设实施纲要>的方案》"]
        );
    }

    #[test]
    fn block_quotes_code_blocks_and_front_matter() {
        assert_eq!(words("> 引用\n> > 二层"), ["引用", "二层"]);
        assert_eq!(
            words("```yaml\n一、不是标题\n```\n~~~~\n代码\n~~~~\n正文"),
            ["", "", "", "", "", "", "正文"]
        );
        // An unclosed fence runs to the end, as in CommonMark.
        assert_eq!(words("正文\n```\n一、代码"), ["正文", "", ""]);
        // Indented lines are paragraphs, not code.
        assert_eq!(words("    一、缩进的标题"), ["一、缩进的标题"]);
        assert_eq!(words("---\ntitle: 报告\n---\n# 标题"), ["", "", "", "标题"]);
        assert_eq!(words("+++\na = 1\n+++\n正文"), ["", "", "", "正文"]);
        // No closing line: a thematic break, not front matter.
        assert_eq!(words("---\n正文"), ["", "正文"]);
    }

    #[test]
    fn tables() {
        let text = "| 指标 | 数值 |\n|:---|---:|\n| 办件 | 3 |\n\n单独的竖线 |";
        assert_eq!(words(text), ["指标 数值", "", "办件 3", "", "单独的竖线 |"]);
        // An escaped pipe is a pipe the reader sees.
        assert_eq!(words("| a \\| b |\n|---|"), ["a | b", ""]);
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        assert_eq!(
            masked("## 一、总体\r\n**正文**\r\n"),
            "   一、总体\r\n  正文  \r\n"
        );
    }

    /// A small deterministic generator (xorshift), so no dev-dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn masking_keeps_length_boundaries_and_line_breaks() {
        const PIECES: &[&str] = &[
            "#",
            "## ",
            "-",
            "- ",
            "*",
            "**",
            "_",
            "__",
            "~",
            "~~",
            "`",
            "```",
            "~~~",
            "[",
            "]",
            "(",
            ")",
            "![",
            "<",
            ">",
            "<!--",
            "-->",
            "|",
            "|---|",
            "\\",
            "\n",
            "\r\n",
            " ",
            "  ",
            "\t",
            "1. ",
            "2) ",
            "[ ] ",
            "[^1]",
            "[id]: u",
            "http://a.cn",
            "<p>",
            "---\n",
            "+++",
            "一、",
            "（一）",
            "报告",
            "。",
            "，",
            "“",
            "”",
            "𝄞",
            "é",
            "a",
            "0",
            "\u{3000}",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let count = (rng.next() % 40) as usize;
            let text: String = (0..count)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            let out = mask(&text);
            assert_eq!(out.len(), text.len(), "{text:?}");
            for (i, _) in text.char_indices() {
                assert!(out.is_char_boundary(i), "boundary {i} lost in {text:?}");
            }
            for (a, b) in text.bytes().zip(out.bytes()) {
                assert!(a == b || b == b' ', "{text:?} → {out:?}");
                assert_eq!(a == b'\n', b == b'\n', "{text:?} → {out:?}");
            }
        }
    }

    #[test]
    fn pathological_lines_stay_fast() {
        for piece in [
            "[", "]", "`", "<a x=\"", "~~a", "*a", "_a*", "![", "[a][", "<!--", "](", "[^",
        ] {
            let text = piece.repeat(200_000 / piece.len());
            let started = std::time::Instant::now();
            let out = mask(&text);
            assert_eq!(out.len(), text.len());
            assert!(
                started.elapsed().as_secs() < 5,
                "{piece:?}: {:?}",
                started.elapsed()
            );
        }
    }

    #[test]
    fn masked_markdown_parses_like_the_plain_text() {
        use crate::document::Document;
        let markdown = "# 某局2022年法治政府建设年度报告\n\n2022年，我局**认真**落实。\n\n## 一、主要举措及成效\n\n   ### （一）**强化学法。**一是学习。\n\n1. 加强领导。\n\n## 二、存在的不足和原因\n\n- 由于人员少，宣传不够。\n\n## 三、2023年工作计划\n\n继续努力。\n\n某局\n\n2023年2月2日\n";
        let plain = "某局2022年法治政府建设年度报告\n2022年，我局认真落实。\n一、主要举措及成效\n（一）强化学法。一是学习。\n1.加强领导。\n二、存在的不足和原因\n由于人员少，宣传不够。\n三、2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
        let masked = mask(markdown);
        let (md, txt) = (Document::parse(&masked, None), Document::parse(plain, None));
        let title = |d: &Document, t: &str| d.title.as_ref().map(|x| x.span.text(t).to_string());
        assert_eq!(title(&md, &masked), title(&txt, plain));
        let headings = |d: &Document, t: &str| {
            d.headings
                .iter()
                .map(|h| {
                    (
                        h.marker.standard.clone(),
                        h.depth,
                        h.title_span.text(t).to_string(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(headings(&md, &masked), headings(&txt, plain));
        assert_eq!(md.headings.len(), 5);
        let closing = |d: &Document, t: &str| {
            (
                d.closing.signer.map(|s| s.text(t).to_string()),
                d.closing.date.as_ref().map(|x| x.span.text(t).to_string()),
            )
        };
        assert_eq!(closing(&md, &masked), closing(&txt, plain));
        assert_eq!(md.year.map(|y| y.year), Some(2022));
        // The spans found in the masked text are spans of the Markdown file.
        assert_eq!(md.headings[1].title_span.text(markdown), "强化学法");
    }
}
