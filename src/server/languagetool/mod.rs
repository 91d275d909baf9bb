//! LanguageTool's HTTP API (`POST /v2/check`, `GET /v2/languages`) over
//! rl-lint's engine, so that the clients that talk to a LanguageTool
//! server (LibreOffice Writer's remote checker, `language_tool_python`,
//! editor plugins) show rl-lint's findings. Pure functions: the web
//! server decodes the form and sends the answer.
//!
//! Offsets and lengths count UTF-16 code units, as LanguageTool's do.
//! Such clients mostly send one paragraph at a time: unless the text is a
//! whole report ([`is_whole_report`]), only the rules whose check kind
//! judges a paragraph run ([`crate::checks::CheckScope`]).

pub mod form;
pub mod routes;

use crate::engine::finding::{Edit, Finding, Label, Severity};
use crate::engine::outline::Outline;
use crate::engine::{CheckError, Checked, Engine, Settings};
use crate::render::rule_docs;
use crate::text::index::{Columns, Marks, TextIndex};
use crate::text::span::Span;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The form fields of `POST /v2/check` that rl-lint reads; the others
/// (`motherTongue`, `level`, `preferredVariants`…) are accepted and
/// ignored, as LanguageTool ignores what does not apply to a language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckForm {
    /// The text to check.
    pub text: Option<String>,
    /// Or annotated text: `{"annotation": [{"text": …}, {"markup": …,
    /// "interpretAs": …}]}`; offsets then count in the markup too.
    pub data: Option<String>,
    /// `zh-CN`, `zh` or `auto`.
    pub language: Option<String>,
    /// Rule ids whose matches are not wanted, comma-separated.
    pub disabled_rules: Option<String>,
    /// With `enabledOnly=true`: the only rule ids wanted.
    pub enabled_rules: Option<String>,
    pub enabled_only: Option<String>,
}

/// A request LanguageTool would refuse, with the HTTP status it would
/// answer and its plain-text message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LtError {
    pub status: u16,
    pub message: String,
}

impl LtError {
    pub(crate) fn bad_request(message: impl Into<String>) -> LtError {
        LtError {
            status: 400,
            message: format!("Error: {}", message.into()),
        }
    }
}

/// The answer to `POST /v2/check`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResponse {
    pub software: Software,
    pub warnings: Warnings,
    pub language: ResponseLanguage,
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    pub name: &'static str,
    pub version: &'static str,
    pub build_date: &'static str,
    pub api_version: u32,
    pub premium: bool,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    pub incomplete_results: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseLanguage {
    pub name: &'static str,
    pub code: &'static str,
    pub detected_language: DetectedLanguage,
}

#[derive(Debug, Clone, Serialize)]
pub struct DetectedLanguage {
    pub name: &'static str,
    pub code: &'static str,
    pub confidence: f64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    pub message: String,
    pub short_message: String,
    pub replacements: Vec<Replacement>,
    /// UTF-16 code units from the start of the text (of the whole
    /// annotated text, markup included, for `data`).
    pub offset: usize,
    pub length: usize,
    pub context: Context,
    pub sentence: String,
    #[serde(rename = "type")]
    pub kind: MatchType,
    pub rule: MatchRule,
}

#[derive(Debug, Clone, Serialize)]
pub struct Replacement {
    pub value: String,
}

/// The text around a match, and where the match is in it (UTF-16).
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub text: String,
    pub offset: usize,
    pub length: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchType {
    pub type_name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchRule {
    pub id: String,
    pub description: String,
    pub issue_type: &'static str,
    pub category: Category,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
}

/// One entry of `GET /v2/languages`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    pub name: &'static str,
    pub code: &'static str,
    pub long_code: &'static str,
}

const LANGUAGE_NAME: &str = "Chinese";
const LANGUAGE_CODE: &str = "zh-CN";
/// Characters of context on each side of a match, as LanguageTool's
/// default.
const CONTEXT_CHARS: usize = 40;

/// `GET /v2/languages`.
pub fn languages() -> Vec<Language> {
    vec![Language {
        name: LANGUAGE_NAME,
        code: "zh",
        long_code: LANGUAGE_CODE,
    }]
}

/// `POST /v2/check`.
pub fn check(engine: &Engine, form: &CheckForm, base: &Settings) -> Result<CheckResponse, LtError> {
    check_language(form.language.as_deref())?;
    let input = Input::from_form(form)?;
    if input.plain.len() as u64 > engine.max_file_size() {
        return Err(LtError {
            status: 413,
            message: format!(
                "Error: Your text exceeds the limit of {} bytes",
                engine.max_file_size()
            ),
        });
    }
    let checked = check_text(engine, &input.plain, base)?;
    let wanted = RuleFilter::from_form(form);
    let matches = checked
        .findings
        .iter()
        .filter(|f| wanted.allows(&f.rule))
        .flat_map(|f| {
            places(f)
                .into_iter()
                .map(|place| to_match(engine, &checked, &input, f, &place))
        })
        .collect();
    Ok(CheckResponse {
        software: Software {
            name: "rl-lint",
            version: env!("CARGO_PKG_VERSION"),
            build_date: "",
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: ResponseLanguage {
            name: LANGUAGE_NAME,
            code: LANGUAGE_CODE,
            detected_language: DetectedLanguage {
                name: LANGUAGE_NAME,
                code: LANGUAGE_CODE,
                confidence: 1.0,
            },
        },
        matches,
    })
}

fn check_language(language: Option<&str>) -> Result<(), LtError> {
    let Some(language) = language.map(str::trim) else {
        return Err(LtError::bad_request("Missing 'language' parameter"));
    };
    let known = ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "auto"];
    if known.iter().any(|k| k.eq_ignore_ascii_case(language)) {
        Ok(())
    } else {
        Err(LtError::bad_request(format!(
            "'{language}' is not a language code known to rl-lint. Supported language codes are: zh, zh-CN, auto"
        )))
    }
}

/// Checks with every rule when the text is a whole report, otherwise
/// with the paragraph-scope rules only. The engine runs once, with every
/// rule: rules are independent of each other, so keeping the findings of
/// the paragraph-scope rules gives what a paragraph-only check gives.
fn check_text(engine: &Engine, text: &str, base: &Settings) -> Result<Checked, LtError> {
    let mut checked = engine
        .check_text(text.to_string(), Path::new("languagetool.txt"), base)
        .map_err(|e: CheckError| LtError {
            status: 500,
            message: format!("Error: {e}"),
        })?;
    if !is_whole_report(&checked.outline) {
        let rules = engine.rules();
        checked.findings.retain(|f| {
            f.rule == crate::deadline::STOPPED_RULE
                || rules
                    .rule(&f.rule)
                    .is_some_and(|r| r.scope() == crate::checks::CheckScope::Paragraph)
        });
    }
    Ok(checked)
}

/// Whether the text is a whole report rather than a paragraph or a few:
/// it has a title and a top-level heading, or several top-level headings.
/// A title alone is not enough: a word processor sends the title
/// paragraph on its own too.
pub fn is_whole_report(outline: &Outline) -> bool {
    let top_level = outline.headings.iter().filter(|h| h.level == 1).count();
    (outline.title.is_some() && top_level >= 1) || top_level >= 2
}

/// `disabledRules`, `enabledRules` with `enabledOnly`.
struct RuleFilter {
    disabled: Vec<String>,
    only: Option<Vec<String>>,
}

impl RuleFilter {
    fn from_form(form: &CheckForm) -> RuleFilter {
        let list = |s: &Option<String>| -> Vec<String> {
            s.iter()
                .flat_map(|s| s.split(','))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let enabled_only = form
            .enabled_only
            .as_deref()
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        RuleFilter {
            disabled: list(&form.disabled_rules),
            only: enabled_only.then(|| list(&form.enabled_rules)),
        }
    }

    fn allows(&self, rule: &str) -> bool {
        !self.disabled.iter().any(|d| d == rule)
            && self
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| o == rule))
    }
}

/// The text to check and how its offsets map back to what was sent.
struct Input {
    /// What the engine checks: the text pieces, and markup as it is to be
    /// interpreted.
    plain: String,
    /// In order; `plain` is their concatenation.
    pieces: Vec<Piece>,
    /// UTF-16 columns of `plain` within its pieces.
    columns: Columns,
}

/// A piece of the input: `plain_start..plain_end` bytes of the checked
/// text stand for `sent_len` UTF-16 units at `sent_start` of the input.
struct Piece {
    plain_start: usize,
    plain_end: usize,
    sent_start: usize,
    sent_len: usize,
    /// Text is sent as it is checked, so offsets inside it map one to one;
    /// markup maps as a whole.
    is_text: bool,
}

#[derive(Deserialize)]
struct Annotated {
    annotation: Vec<Annotation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Annotation {
    text: Option<String>,
    markup: Option<String>,
    interpret_as: Option<String>,
}

impl Input {
    fn from_form(form: &CheckForm) -> Result<Input, LtError> {
        match (&form.text, &form.data) {
            (Some(_), Some(_)) => Err(LtError::bad_request(
                "Set only 'text' or 'data' parameter, not both",
            )),
            (None, None) => Err(LtError::bad_request("Missing 'text' or 'data' parameter")),
            (Some(text), None) => Ok(Input::new(
                text.clone(),
                vec![Piece {
                    plain_start: 0,
                    plain_end: text.len(),
                    sent_start: 0,
                    sent_len: utf16_len(text),
                    is_text: true,
                }],
            )),
            (None, Some(data)) => Input::annotated(data),
        }
    }

    fn annotated(data: &str) -> Result<Input, LtError> {
        let annotated: Annotated = serde_json::from_str(data).map_err(|e| {
            LtError::bad_request(format!("Could not parse JSON from 'data' parameter: {e}"))
        })?;
        let mut plain = String::new();
        let mut pieces = Vec::new();
        let mut sent = 0;
        for item in annotated.annotation {
            let (checked, sent_len, is_text) = match (item.text, item.markup) {
                (Some(text), None) => {
                    let len = utf16_len(&text);
                    (text, len, true)
                }
                (None, Some(markup)) => {
                    let len = utf16_len(&markup);
                    (item.interpret_as.unwrap_or_default(), len, false)
                }
                _ => {
                    return Err(LtError::bad_request(
                        "each annotation needs either 'text' or 'markup', not both",
                    ))
                }
            };
            let plain_start = plain.len();
            plain.push_str(&checked);
            pieces.push(Piece {
                plain_start,
                plain_end: plain.len(),
                sent_start: sent,
                sent_len,
                is_text,
            });
            sent += sent_len;
        }
        Ok(Input::new(plain, pieces))
    }

    fn new(plain: String, pieces: Vec<Piece>) -> Input {
        let columns = Columns::new(&plain, pieces.iter().map(|p| p.plain_start));
        Input {
            plain,
            pieces,
            columns,
        }
    }

    /// Where byte `offset` of the checked text lies in what was sent. A
    /// start maps to the piece it begins, an end to the piece it ends;
    /// inside markup, to the markup's start or end.
    fn sent_offset(&self, offset: usize, is_end: bool) -> usize {
        // Pieces are in order and do not overlap: a binary search. An
        // empty piece holds no offset.
        let piece = if is_end {
            let i = self.pieces.partition_point(|p| p.plain_end < offset);
            self.pieces[i..]
                .iter()
                .find(|p| p.plain_start < offset && offset <= p.plain_end)
                .filter(|p| p.plain_start < offset)
        } else {
            let i = self.pieces.partition_point(|p| p.plain_end <= offset);
            self.pieces[i..]
                .iter()
                .find(|p| p.plain_start <= offset && offset < p.plain_end)
        };
        let Some(piece) = piece else {
            // Past the end (or an empty text): the end of what was sent.
            return self.pieces.last().map_or(0, |p| p.sent_start + p.sent_len);
        };
        if piece.is_text {
            piece.sent_start
                + self
                    .columns
                    .column(&self.plain, piece.plain_start, offset)
                    .utf16
        } else if is_end {
            piece.sent_start + piece.sent_len
        } else {
            piece.sent_start
        }
    }

    fn sent_span(&self, span: Span) -> (usize, usize) {
        let start = self.sent_offset(span.start, false);
        let end = if span.is_empty() {
            start
        } else {
            self.sent_offset(span.end, true).max(start)
        };
        (start, end - start)
    }
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The places a finding is shown at: its own, those of its related labels
/// that its fix also changes, and every other place its fix changes. A
/// finding that gathers every half-width comma of a paragraph (naming only
/// the first few) is one match per comma, each with its replacement, as a
/// LanguageTool client expects.
fn places(finding: &Finding) -> Vec<Label> {
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

fn to_match(
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
            issue_type: issue_type(rule.map_or("", |r| r.kind.as_str()), finding.severity),
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
fn writer_message(finding: &Finding, place: &Label) -> String {
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
fn full_message(message: &str, finding: &Finding) -> String {
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
fn replacement(text: &str, finding: &Finding, span: Span) -> Option<String> {
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
fn issue_type(kind: &str, severity: Severity) -> &'static str {
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
fn context(text: &str, index: &TextIndex, span: Span) -> Context {
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
const SENTENCE_MARKS: Marks = Marks::of(&['。', '！', '？', '!', '?', '\n']);

/// Characters of a sentence shown on each side of the match, at most: a
/// text without a stop is one sentence, and repeating it whole for each of
/// its matches would make the answer quadratic in its length.
const SENTENCE_CHARS: usize = 200;

/// The sentence the match starts in: from the end of the previous
/// sentence (。！？!? or a line break) to the end of this one, its mark
/// included, trimmed; at most [`SENTENCE_CHARS`] on each side of the
/// match's start. Its bounds come from the index's marks.
fn sentence(text: &str, index: &TextIndex, span: Span) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form_data(data: &str) -> CheckForm {
        CheckForm {
            data: Some(data.to_string()),
            language: Some("zh-CN".to_string()),
            ..CheckForm::default()
        }
    }

    #[test]
    fn maps_offsets_back_through_markup() {
        let data = r#"{"annotation":[{"markup":"<p>"},{"text":"𠀀甲,乙"},{"markup":"<br/>","interpretAs":"\n"},{"text":"丙"}]}"#;
        let input = Input::from_form(&form_data(data)).expect("input");
        assert_eq!(input.plain, "𠀀甲,乙\n丙");
        let comma = input.plain.find(',').expect("comma");
        // <p> is 3 units, 𠀀 2, 甲 1.
        assert_eq!(input.sent_span(Span::new(comma, comma + 1)), (6, 1));
        let bing = input.plain.find('丙').expect("丙");
        // <p>𠀀甲,乙<br/> = 3 + 2 + 1 + 1 + 1 + 5.
        assert_eq!(input.sent_span(Span::new(bing, bing + 3)), (13, 1));
        // A span over the line break covers the whole markup.
        let yi = input.plain.find('乙').expect("乙");
        assert_eq!(input.sent_span(Span::new(yi, bing + 3)), (7, 7));
    }

    #[test]
    fn refuses_what_languagetool_refuses() {
        let engine = crate::engine::Engine::new(
            crate::engine::config::Config::defaults(Path::new(".")),
            &crate::engine::Options::default(),
        )
        .expect("engine");
        let form = |text: Option<&str>, data: Option<&str>, language: Option<&str>| CheckForm {
            text: text.map(str::to_string),
            data: data.map(str::to_string),
            language: language.map(str::to_string),
            ..CheckForm::default()
        };
        let err = check(
            &engine,
            &form(Some("甲"), None, Some("en-US")),
            &Settings::default(),
        )
        .expect_err("language");
        assert_eq!(err.status, 400);
        assert!(
            err.message.contains("'en-US' is not a language code"),
            "{}",
            err.message
        );
        let err = check(&engine, &form(Some("甲"), None, None), &Settings::default())
            .expect_err("no language");
        assert_eq!(err.status, 400);
        let err = check(
            &engine,
            &form(None, None, Some("zh-CN")),
            &Settings::default(),
        )
        .expect_err("no text");
        assert!(err.message.contains("Missing 'text' or 'data'"));
        let err = check(
            &engine,
            &form(Some("a"), Some("{}"), Some("auto")),
            &Settings::default(),
        )
        .expect_err("both");
        assert_eq!(err.status, 400);
        let err = check(
            &engine,
            &form(None, Some("{not json"), Some("zh")),
            &Settings::default(),
        )
        .expect_err("data");
        assert!(err.message.contains("'data'"));
        let err = check(
            &engine,
            &form(
                None,
                Some(r#"{"annotation":[{"text":"a","markup":"b"}]}"#),
                Some("zh"),
            ),
            &Settings::default(),
        )
        .expect_err("text and markup");
        assert_eq!(err.status, 400);
        assert!(check(
            &engine,
            &form(Some(""), None, Some("auto")),
            &Settings::default()
        )
        .is_ok());
    }

    #[test]
    fn a_replacement_is_the_matched_text_fixed() {
        let text = "甲,乙,丙";
        let finding = |span: Span, fix: Vec<Edit>| Finding {
            rule: "format/x".to_string(),
            severity: Severity::Warning,
            message: String::new(),
            help: String::new(),
            primary: Label::new(span, ""),
            related: vec![],
            fix,
        };
        let comma = Span::new(3, 4);
        assert_eq!(
            replacement(text, &finding(comma, vec![Edit::new(comma, "，")]), comma).as_deref(),
            Some("，")
        );
        let whole = Span::new(0, text.len());
        let second = Span::new(7, 8);
        assert_eq!(
            replacement(
                text,
                &finding(whole, vec![Edit::new(second, "，"), Edit::new(comma, "，")]),
                whole
            )
            .as_deref(),
            Some("甲，乙，丙")
        );
        // An edit outside the matched text: no replacement.
        assert_eq!(
            replacement(text, &finding(comma, vec![Edit::new(second, "，")]), comma),
            None
        );
        assert_eq!(replacement(text, &finding(comma, vec![]), comma), None);
    }

    #[test]
    fn an_aggregated_finding_is_a_match_per_place_it_fixes() {
        let (a, b, c, d) = (
            Span::new(0, 1),
            Span::new(4, 5),
            Span::new(8, 9),
            Span::new(12, 13),
        );
        let finding = Finding {
            rule: "format/x".to_string(),
            severity: Severity::Warning,
            message: String::new(),
            help: String::new(),
            primary: Label::new(a, "应为「，」"),
            // `b` is fixed and named; `d` is named but not fixed (say, a
            // first occurrence); `c` is fixed but not named.
            related: vec![Label::new(b, "应为「，」"), Label::new(d, "首次出现")],
            fix: vec![Edit::new(c, "，"), Edit::new(a, "，"), Edit::new(b, "，")],
        };
        let spans: Vec<Span> = places(&finding).iter().map(|p| p.span).collect();
        assert_eq!(spans, vec![a, b, c]);
    }

    #[test]
    fn context_and_sentence_surround_the_match() {
        let text = "第一句。第二句,有𠀀。\n下一行";
        let at = text.find(',').expect("comma");
        let span = Span::new(at, at + 1);
        let index = TextIndex::new(text);
        assert_eq!(sentence(text, &index, span), "第二句,有𠀀。");
        let context = context(text, &index, span);
        assert_eq!(context.text, "第一句。第二句,有𠀀。");
        assert_eq!(context.offset, 7);
        assert_eq!(context.length, 1);
    }
}
