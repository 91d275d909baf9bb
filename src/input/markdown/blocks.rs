//! Block syntax, line by line: front matter, fenced code, containers
//! (quotes, list markers), headings, thematic breaks, tables and link
//! reference definitions. Each line's content then goes to the inline
//! pass ([`super::inline`]).

use super::inline::{normalise_label, MAX_LABEL_CHARS};
use super::*;
use regex::Regex;
use std::sync::LazyLock;

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

impl Masker<'_> {
    pub(super) fn run(&mut self) {
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
}

fn is_table_delimiter(line: &str) -> bool {
    line.contains('|') && TABLE_DELIMITER.is_match(line)
}
