//! A finding → LanguageTool matches: one per place, with the writer's
//! message, the replacement where the fix is safe, the issue type, and the
//! context and sentence around it.

use super::input::utf16_len;
use super::*;

/// Characters of context on each side of a match, as LanguageTool's
/// default.
pub(super) const CONTEXT_CHARS: usize = 40;

/// The places a finding is shown at: its own, those of its related labels
/// that its fix also changes, and every other place its fix changes. A
/// finding that gathers every half-width comma of a paragraph (naming only
/// the first few) is one match per comma, each with its replacement, as a
/// LanguageTool client expects.
pub(super) fn places(finding: &Finding) -> Vec<Label> {
    // Edits by start, with the least end of each suffix: a label holds an
    // edit when the least end among the edits that start in it is within
    // it. O(n log n) for a finding with n edits and labels.
    let mut edits: Vec<Span> = finding.fix.iter().map(|e| e.span).collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut least_end = vec![usize::MAX; edits.len() + 1];
    for i in (0..edits.len()).rev() {
        least_end[i] = least_end[i + 1].min(edits[i].end);
    }
    let holds_an_edit = |label: &Label| {
        let first = edits.partition_point(|e| e.start < label.span.start);
        least_end[first] <= label.span.end
    };
    let mut places = vec![finding.primary.clone()];
    places.extend(finding.related.iter().filter(|l| holds_an_edit(l)).cloned());
    // Every edit that no place holds is a place of its own. The places so
    // far by start, with the greatest end of each prefix; the edits' own
    // places come in order of start, so the greatest end so far is theirs.
    let mut shown: Vec<Span> = places.iter().map(|p| p.span).collect();
    shown.sort_by_key(|s| (s.start, s.end));
    let mut greatest_end = Vec::with_capacity(shown.len());
    let mut end = 0;
    for span in &shown {
        end = end.max(span.end);
        greatest_end.push(end);
    }
    let mut added_end: Option<usize> = None;
    let mut added = Vec::new();
    for edit in &edits {
        let before = shown.partition_point(|s| s.start <= edit.start);
        let held = before
            .checked_sub(1)
            .is_some_and(|i| greatest_end[i] >= edit.end)
            || added_end.is_some_and(|end| end >= edit.end);
        if !held {
            added.push(Label::new(*edit, finding.primary.text.clone()));
            added_end = Some(added_end.map_or(edit.end, |end| end.max(edit.end)));
        }
    }
    places.extend(added);
    places.sort_by_key(|p| p.span.start);
    places
}

pub(super) fn to_match(
    engine: &Engine,
    checked: &Checked,
    input: &Input,
    finding: &Finding,
    place: &Label,
) -> Match {
    let (text, index) = (checked.text.as_str(), &checked.index);
    let span = place.span;
    let (offset, length) = input.sent_span(span);
    let rule = engine.rules().rule(&finding.rule);
    let pack = rule.map_or("", |r| r.pack.as_str());
    let category_name = engine
        .rules()
        .packs
        .iter()
        .find(|(name, _)| name == pack)
        .map_or(pack, |(_, description)| description.as_str());
    let message = writer_message(finding, place);
    let full = full_message(&message, finding);
    Match {
        message,
        short_message: full,
        replacements: replacement(text, finding, span)
            .map(|value| vec![Replacement { value }])
            .unwrap_or_default(),
        offset,
        length,
        context: context(text, index, span),
        sentence: sentence(text, index, span),
        kind: MatchType { type_name: "Other" },
        rule: MatchRule {
            id: finding.rule.clone(),
            description: rule.map(|r| rule_docs::summary(r)).unwrap_or_default(),
            issue_type: issue_type(rule.map_or("", |r| r.kind.name()), finding.severity),
            category: Category {
                id: category_id(finding.severity).to_string(),
                name: category_name.to_string(),
            },
        },
    }
}

/// The category id a match is sent under, by the finding's severity, for
/// the colour LibreOffice Writer underlines it in. Writer's LanguageTool
/// client (lingucomponent/source/spellcheck/languagetool/languagetoolimp.cxx,
/// `lcl_GetLineColorPropertyFromErrorId`, 7.4 and later) paints category
/// `TYPOS` light red, `STYLE` light blue and every other id orange. The
/// category's `name` stays rl-lint's pack, and the rule id is `rule.id`.
pub fn category_id(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "TYPOS",
        Severity::Warning => "GRAMMAR",
        Severity::Info => "STYLE",
    }
}

/// `message`: what Writer shows as a match's short comment, in the context
/// menu and the grammar dialog's title line (languagetoolimp.cxx reads
/// `message` into `aShortComment`, and `shortMessage` into
/// `aFullComment`). The finding's message, and the label of this place
/// when it says more (「应为「，」」 for one comma of many).
pub(super) fn writer_message(finding: &Finding, place: &Label) -> String {
    let label = place.text.trim();
    if label.is_empty() || finding.message.contains(label) {
        finding.message.clone()
    } else {
        format!("{}：{label}", finding.message)
    }
}

/// `shortMessage`, which Writer shows as the full comment (see
/// [`writer_message`]): the message, then the help and the rule id, so
/// that the explanation reads as a whole.
pub(super) fn full_message(message: &str, finding: &Finding) -> String {
    let help = finding.help.trim();
    let mut full = message.to_string();
    if !help.is_empty() {
        if !full.ends_with(['。', '！', '？', '.']) {
            full.push('。');
        }
        full.push_str(help);
    }
    full.push_str(&format!("（{}）", finding.rule));
    full
}

/// What the text at `span` becomes under the finding's safe fix: the
/// edits inside it applied (the fix's other edits are other matches, see
/// [`places`]).
pub(super) fn replacement(text: &str, finding: &Finding, span: Span) -> Option<String> {
    let mut edits: Vec<&Edit> = finding
        .fix
        .iter()
        .filter(|e| span.contains(e.span))
        .collect();
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::new();
    let mut at = span.start;
    for edit in edits {
        if edit.span.start < at {
            return None;
        }
        out.push_str(text.get(at..edit.span.start)?);
        out.push_str(&edit.content);
        at = edit.span.end;
    }
    out.push_str(text.get(at..span.end)?);
    Some(out)
}

/// LanguageTool's issue types: LibreOffice colours `misspelling` red and
/// the rest blue.
pub(super) fn issue_type(kind: &str, severity: Severity) -> &'static str {
    match kind {
        "halfwidth-punctuation"
        | "paired-marks"
        | "nested-book-title"
        | "heading-marker"
        | "date-format" => "typographical",
        "copied-from-baseline" | "part-duplicate" => "duplication",
        "forbidden-pattern" => "style",
        _ if severity == Severity::Error => "grammar",
        _ => "uncategorized",
    }
}

/// Up to [`CONTEXT_CHARS`] characters on each side of the match, on its
/// line; the match's place in it in UTF-16 units.
pub(super) fn context(text: &str, index: &TextIndex, span: Span) -> Context {
    // The line's bounds from the index: a binary search, not a scan of a
    // line that may be the whole report.
    let line = index.lines().line_of(span.start);
    let line_start = index.lines().line_start(line);
    let line_end = if line + 1 < index.lines().line_count() {
        index.lines().line_start(line + 1) - 1
    } else {
        text.len()
    };
    let end = span.end.max(span.start).min(line_end.max(span.end));
    let before = &text[line_start..span.start];
    let before_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS.saturating_sub(1))
        .map_or(line_start, |(i, _)| line_start + i);
    let after = &text[end..line_end.max(end)];
    let after_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(line_end.max(end), |(i, _)| end + i);
    let shown = &text[before_start..after_end];
    Context {
        text: shown.replace(['\r', '\n'], " "),
        offset: utf16_len(&text[before_start..span.start]),
        length: utf16_len(&text[span.start..end]),
    }
}

/// The marks that end a match's sentence.
pub(super) const SENTENCE_MARKS: Marks = Marks::of(&['。', '！', '？', '!', '?', '\n']);

/// Characters of a sentence shown on each side of the match, at most: a
/// text without a stop is one sentence, and repeating it whole for each of
/// its matches would make the answer quadratic in its length.
pub(super) const SENTENCE_CHARS: usize = 200;

/// The sentence the match starts in: from the end of the previous
/// sentence (。！？!? or a line break) to the end of this one, its mark
/// included, trimmed; at most [`SENTENCE_CHARS`] on each side of the
/// match's start. Its bounds come from the index's marks.
pub(super) fn sentence(text: &str, index: &TextIndex, span: Span) -> String {
    let bounds = index.between(span.start, span.start, SENTENCE_MARKS, text.len());
    let end = text[bounds.end..]
        .chars()
        .next()
        .filter(|&c| c != '\n')
        .map_or(bounds.end, |c| bounds.end + c.len_utf8());
    let start = text[bounds.start..span.start]
        .char_indices()
        .rev()
        .nth(SENTENCE_CHARS - 1)
        .map_or(bounds.start, |(i, _)| bounds.start + i);
    let end = text[span.start..end]
        .char_indices()
        .nth(SENTENCE_CHARS)
        .map_or(end, |(i, _)| span.start + i);
    text[start..end.max(start)].trim().to_string()
}
