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
mod input;
mod matches;
mod protocol;
pub mod routes;

use input::Input;
pub use matches::category_id;
use matches::{places, to_match};
pub use protocol::{
    Category, CheckForm, CheckResponse, Context, DetectedLanguage, Language, LtError, Match,
    MatchRule, MatchType, Replacement, ResponseLanguage, Software, Warnings,
};

use crate::engine::outline::Outline;
use crate::engine::{CheckError, Checked, Engine, Settings};
use crate::finding::{Edit, Finding, Label, Severity};
use crate::render::rule_docs;
use crate::text::index::{Columns, Marks, TextIndex};
use crate::text::span::Span;
use serde::{Deserialize, Serialize};
use std::path::Path;

const LANGUAGE_NAME: &str = "Chinese";

const LANGUAGE_CODE: &str = "zh-CN";

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

#[cfg(test)]
mod tests {
    use super::*;
    use matches::{context, replacement, sentence};

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
