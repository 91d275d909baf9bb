//! The `layout` pack on Word documents: a `.docx` laid out exactly to
//! GB/T 9704-2012 (built by `support/gongwen.rs` with theme fonts and
//! styles based on others) has no layout finding, and each single change
//! gives exactly one, on the right paragraphs. Text has no layout.

mod support;

use rl_lint::engine::{Checked, Settings};
use std::path::Path;
use support::gongwen::{Gongwen, WORD_MARGINS};
use support::outline::ENGINE;

fn check(docx: &[u8]) -> Checked {
    ENGINE
        .check(docx, Path::new("report.docx"), &Settings::default())
        .expect("checked")
}

/// The layout findings: rule, 1-based line, the text labelled, message.
fn layout_findings(checked: &Checked) -> Vec<(String, usize, String, String)> {
    checked
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("layout/"))
        .map(|f| {
            let span = f.primary.span;
            (
                f.rule.clone(),
                checked.text[..span.start].matches('\n').count() + 1,
                checked.text[span.start..span.end].to_string(),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn a_document_laid_out_to_the_standard_has_no_layout_finding() {
    let checked = check(&Gongwen::default().docx());
    assert_eq!(layout_findings(&checked), vec![], "{:#?}", checked.findings);
    // The document is read as a report: title, headings, signer and date.
    let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(!rules.contains(&"core/title-missing"), "{rules:?}");
}

#[test]
fn the_same_text_as_text_has_no_layout_to_check() {
    let text = Gongwen::text();
    let checked = ENGINE
        .check_text(text, Path::new("report.txt"), &Settings::default())
        .expect("checked");
    assert_eq!(layout_findings(&checked), vec![]);
}

fn one_finding(variant: Gongwen) -> (String, usize, String, String) {
    let findings = layout_findings(&check(&variant.docx()));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    findings.into_iter().next().unwrap()
}

#[test]
fn word_default_margins_are_one_finding() {
    let (rule, line, _, message) = one_finding(Gongwen {
        margins: WORD_MARGINS,
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/margins", 1));
    assert!(
        message.contains("上 25.4 毫米、下 25.4 毫米、左 31.8 毫米、右 31.8 毫米"),
        "{message}"
    );
}

#[test]
fn a_title_in_song_is_one_finding_on_the_title() {
    let (rule, line, label, message) = one_finding(Gongwen {
        title_font: "宋体",
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/title-font", 1));
    assert_eq!(label, "某某县2023年法治政府建设年度报告");
    assert!(
        message.contains("宋体") && message.contains("小标宋"),
        "{message}"
    );
}

#[test]
fn level_one_headings_in_fangsong_are_one_finding_for_all_three() {
    let (rule, line, label, message) = one_finding(Gongwen {
        heading_1_font: "仿宋_GB2312",
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/heading-1-font", 5));
    assert_eq!(label, "一、主要举措和成效");
    assert!(message.contains("共 3 段"), "{message}");
}

#[test]
fn body_text_in_small_four_is_one_finding() {
    let (rule, line, _, message) = one_finding(Gongwen {
        body_run: r#"<w:sz w:val="24"/>"#,
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/body-font", 4));
    assert!(
        message.contains("12 磅（小四）") && message.contains("16 磅（三号）"),
        "{message}"
    );
    assert!(message.contains("共 4 段"), "{message}");
}

#[test]
fn no_page_numbers_is_one_finding() {
    let (rule, line, _, _) = one_finding(Gongwen {
        page_dashes: None,
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/page-number", 15));
}

#[test]
fn page_numbers_without_dashes_are_one_finding() {
    let (rule, _, _, message) = one_finding(Gongwen {
        page_dashes: Some(("", "")),
        ..Gongwen::default()
    });
    assert_eq!(rule, "layout/page-number-dashes");
    assert!(
        message.contains("「1」") && message.contains("「— 1 —」"),
        "{message}"
    );
}

#[test]
fn hyphens_are_not_dashes() {
    let (rule, _, _, message) = one_finding(Gongwen {
        page_dashes: Some(("-", "-")),
        ..Gongwen::default()
    });
    assert_eq!(rule, "layout/page-number-dashes");
    assert!(message.contains("「-1-」"), "{message}");
}

#[test]
fn unindented_level_one_headings_are_one_finding_for_all_three() {
    let (rule, line, label, message) = one_finding(Gongwen {
        heading_1_indent: false,
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/heading-indent", 5));
    assert_eq!(label, "一、主要举措和成效");
    assert!(
        message.contains("0 字") && message.contains("2 字") && message.contains("共 3 段"),
        "{message}"
    );
}

#[test]
fn a_date_at_the_left_or_centred_is_one_finding_and_spaces_place_it_right() {
    let (rule, line, label, message) = one_finding(Gongwen {
        date_ppr: "",
        ..Gongwen::default()
    });
    assert_eq!((rule.as_str(), line), ("layout/date-placement", 15));
    assert_eq!(label, "2024年1月20日");
    assert!(
        message.contains("左起顶格") && message.contains("居右"),
        "{message}"
    );
    let (rule, _, _, message) = one_finding(Gongwen {
        date_ppr: r#"<w:jc w:val="center"/>"#,
        ..Gongwen::default()
    });
    assert_eq!(rule, "layout/date-placement");
    assert!(message.contains("居中"), "{message}");
    // Indented past the middle of the line (16 of 27.6 characters), as
    // writers place a date with an indent: no finding.
    let checked = check(
        &Gongwen {
            date_ppr: r#"<w:ind w:left="5120"/>"#,
            ..Gongwen::default()
        }
        .docx(),
    );
    assert_eq!(layout_findings(&checked), vec![]);
}
