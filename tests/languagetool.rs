//! The LanguageTool-compatible check (`POST /v2/check`) without HTTP: the
//! answer's JSON shape against a LanguageTool response written down from
//! its API documentation (tests/fixtures/languagetool/check-response.json),
//! offsets in UTF-16 code units, the markup of annotated text, and the
//! scope of the rules run on a paragraph and on a whole report.

mod support;

use rl_lint::engine::Settings;
use rl_lint::server::languagetool::{self, CheckForm};
use rl_lint::text::chars::is_han;
use serde_json::Value;
use std::path::Path;
use support::fixtures::{read_fixture, seed};
use support::languagetool::{matches_of, offsets_of};
use support::outline::ENGINE;

fn lt_check(text: &str) -> Value {
    let form = CheckForm {
        text: Some(text.to_string()),
        language: Some("zh-CN".to_string()),
        ..CheckForm::default()
    };
    let response = languagetool::check(&ENGINE, &form, &Settings::default()).expect("checked");
    serde_json::to_value(response).expect("serialises")
}

fn pack_description(pack: &str) -> String {
    ENGINE
        .rules()
        .packs
        .iter()
        .find(|(name, _)| name == pack)
        .map(|(_, description)| description.clone())
        .expect("pack")
}

fn utf16(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Every field of `expected` is in `actual` with a value of the same JSON
/// type, recursively (arrays: their first elements).
fn assert_same_shape(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let inner = format!("{path}.{key}");
                let Some(found) = a.get(key) else {
                    panic!("missing {inner} in {actual}");
                };
                assert_same_shape(value, found, &inner);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let (Some(e), Some(a)) = (e.first(), a.first()) {
                assert_same_shape(e, a, &format!("{path}[0]"));
            }
        }
        (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => {}
        _ => panic!("{path}: expected a value like {expected}, found {actual}"),
    }
}

const PARAGRAPH: &str = "我局开展普法活动12次,覆盖群众3000人次;发放《宪法》宣传册500份。";

#[test]
fn answers_in_languagetools_shape() {
    let documented: Value = serde_json::from_str(&read_fixture("languagetool/check-response.json"))
        .expect("fixture is JSON");
    let ours = lt_check(PARAGRAPH);
    assert!(
        ours["matches"].as_array().is_some_and(|m| !m.is_empty()),
        "{ours}"
    );
    assert_same_shape(&documented, &ours, "");
    assert_eq!(ours["language"]["code"], "zh-CN");
    assert_eq!(ours["software"]["apiVersion"], 1);
    let languages = serde_json::to_value(languagetool::languages()).expect("json");
    assert_eq!(languages[0]["longCode"], "zh-CN");
    assert_eq!(languages[0]["code"], "zh");
    assert!(languages[0]["name"].is_string());
}

#[test]
fn one_match_per_halfwidth_mark_with_its_replacement() {
    let ours = lt_check(PARAGRAPH);
    let marks = matches_of(&ours, "format/halfwidth-punctuation");
    assert_eq!(marks.len(), 2, "{ours}");
    for (m, (mark, fixed)) in marks.iter().zip([(",", "，"), (";", "；")]) {
        let at = PARAGRAPH.find(mark).expect("mark");
        assert_eq!(m["offset"], utf16(&PARAGRAPH[..at]));
        assert_eq!(m["length"], 1);
        assert_eq!(m["replacements"][0]["value"], fixed);
        assert_eq!(m["rule"]["issueType"], "typographical");
        // A warning: under the category id Writer paints orange; the pack
        // is the category's name.
        assert_eq!(m["rule"]["category"]["id"], "GRAMMAR");
        assert_eq!(m["rule"]["category"]["name"], pack_description("format"));
        let context = &m["context"];
        let text = context["text"].as_str().expect("context");
        let offset = context["offset"].as_u64().expect("offset") as usize;
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[offset..offset + 1]), mark);
        assert!(m["sentence"].as_str().is_some_and(|s| s.contains(mark)));
    }
}

#[test]
fn every_mark_of_a_seed_paragraph_is_a_match() {
    let seed = seed("bazhong-2022");
    let paragraph = seed.lines().next().expect("first paragraph").trim();
    let ours = lt_check(paragraph);
    let offsets = offsets_of(&ours, "format/halfwidth-punctuation");
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let expected: Vec<u64> = chars
        .windows(3)
        .filter(|w| is_han(w[0].1) && matches!(w[1].1, ',' | ';' | ':') && is_han(w[2].1))
        .map(|w| utf16(&paragraph[..w[1].0]) as u64)
        .collect();
    assert!(expected.len() >= 5);
    assert_eq!(offsets, expected);
}

#[test]
fn counts_utf16_code_units_outside_the_bmp() {
    // 𠀀 and 𪚥 are outside the BMP: two UTF-16 units, one character,
    // four bytes each.
    let text = "𠀀𪚥局开展普法活动12次,覆盖群众3000人次。";
    let ours = lt_check(text);
    let comma = *matches_of(&ours, "format/halfwidth-punctuation")
        .first()
        .unwrap_or_else(|| panic!("no match in {ours}"));
    let at = text.find(',').expect("comma");
    assert_eq!(comma["offset"], utf16(&text[..at]));
    assert_eq!(comma["offset"], 2 + 2 + 10);
    assert_eq!(comma["context"]["offset"], 2 + 2 + 10);
}

#[test]
fn offsets_of_annotated_text_count_the_markup() {
    let data = serde_json::json!({"annotation": [
        {"markup": "<p class=\"x\">"},
        {"text": "我局开展普法活动𠀀12次"},
        {"markup": "<b>"},
        {"text": ",覆盖群众3000人次。"},
        {"markup": "</b></p>", "interpretAs": "\n\n"},
    ]})
    .to_string();
    let form = CheckForm {
        data: Some(data),
        language: Some("auto".to_string()),
        ..CheckForm::default()
    };
    let ours = serde_json::to_value(
        languagetool::check(&ENGINE, &form, &Settings::default()).expect("checked"),
    )
    .expect("json");
    let comma = *matches_of(&ours, "format/halfwidth-punctuation")
        .first()
        .unwrap_or_else(|| panic!("no match in {ours}"));
    let sent = "<p class=\"x\">我局开展普法活动𠀀12次<b>";
    assert_eq!(comma["offset"], utf16(sent));
    assert_eq!(comma["length"], 1);
}

#[test]
fn a_paragraph_gets_only_paragraph_rules_and_a_report_all() {
    let ours = lt_check(PARAGRAPH);
    let ids: Vec<&str> = ours["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .filter_map(|m| m["rule"]["id"].as_str())
        .collect();
    assert!(!ids.iter().any(|id| id.starts_with("core/")), "{ids:?}");
    for id in &ids {
        let rule = ENGINE.rules().rule(id).expect("rule");
        assert_eq!(rule.scope(), rl_lint::checks::CheckScope::Paragraph, "{id}");
    }
    // The title paragraph alone is not a report either.
    let title = lt_check("某县2022年法治政府建设年度报告");
    assert!(title["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .all(|m| !m["rule"]["id"].as_str().unwrap_or("").starts_with("core/")));
    // A whole report: the report-scope rules run too.
    let report = seed("lucheng-2021");
    let whole = lt_check(&report);
    let matches = whole["matches"].as_array().expect("matches");
    let cli_like = ENGINE
        .check_text(report.clone(), Path::new("a.txt"), &Default::default())
        .expect("checked");
    let report_scope: Vec<&str> = cli_like
        .findings
        .iter()
        .filter(|f| {
            ENGINE.rules().rule(&f.rule).expect("rule").scope()
                == rl_lint::checks::CheckScope::Report
        })
        .map(|f| f.rule.as_str())
        .collect();
    assert!(
        !report_scope.is_empty(),
        "the seed has report-level findings"
    );
    for id in report_scope {
        assert!(
            matches.iter().any(|m| m["rule"]["id"] == id),
            "{id} missing"
        );
    }
}

#[test]
fn disabled_rules_are_left_out() {
    let form = CheckForm {
        text: Some(PARAGRAPH.to_string()),
        language: Some("zh".to_string()),
        disabled_rules: Some("format/halfwidth-punctuation".to_string()),
        ..CheckForm::default()
    };
    let ours = languagetool::check(&ENGINE, &form, &Settings::default()).expect("checked");
    assert!(ours
        .matches
        .iter()
        .all(|m| m.rule.id != "format/halfwidth-punctuation"));
}

#[test]
fn categories_give_writers_colours_by_severity() {
    // An error (a malformed number), a warning (a half-width comma) and an
    // info note (a vague time): LibreOffice Writer paints TYPOS red, STYLE
    // blue and any other id orange.
    let text = "截至目前,同比增长12.5.%。";
    let ours = lt_check(text);
    let category = |rule: &str| -> String {
        let found = matches_of(&ours, rule);
        let first = found
            .first()
            .unwrap_or_else(|| panic!("no {rule} in {ours}"));
        first["rule"]["category"]["id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    assert_eq!(category("hygiene/malformed-number"), "TYPOS");
    assert_eq!(category("format/halfwidth-punctuation"), "GRAMMAR");
    assert_eq!(category("hygiene/vague-time"), "STYLE");
    let vague = matches_of(&ours, "hygiene/vague-time")[0];
    assert_eq!(
        vague["rule"]["category"]["name"],
        pack_description("hygiene")
    );
}

#[test]
fn message_is_writers_short_comment_and_short_message_its_full_one() {
    let ours = lt_check(PARAGRAPH);
    let marks = matches_of(&ours, "format/halfwidth-punctuation");
    let comma = marks.first().expect("a match");
    let message = comma["message"].as_str().expect("message");
    let full = comma["shortMessage"].as_str().expect("shortMessage");
    // The message says what is wrong here; the full comment adds the help
    // and the rule id.
    assert!(
        message.starts_with("中文语句中有2处使用了半角标点"),
        "{message}"
    );
    assert!(message.ends_with("应为「，」"), "{message}");
    assert!(full.starts_with(message), "{full}");
    assert!(full.contains("中文语句使用全角标点"), "{full}");
    assert!(full.ends_with("（format/halfwidth-punctuation）"), "{full}");
    // The second mark's message names its own replacement.
    assert!(marks[1]["message"]
        .as_str()
        .is_some_and(|m| m.ends_with("应为「；」")));
}
