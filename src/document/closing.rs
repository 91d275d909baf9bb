//! The closing block at the end of a report: signer (发文机关署名) above the
//! date (成文日期), GB/T 9704-2012 §7.3.5.
//!
//! Nothing here differs between report types, so no pack declares it: the
//! signer, seal, date, 附注, 附件 and 版记 are those of any 公文 (GB/T
//! 9704-2012 7.3.4–7.4), whichever report it closes. What does differ is
//! pack data read by the checks: the deadline (a type's `deadlines`) and
//! what a missing signer is called (`signer-present`'s `unknown_unit`).

use super::blocks::Block;
use super::date::{is_space, parse_date, DateMention};
use super::heading::parse_marker;
use super::residue::{is_trailing_furniture, PageResidue};
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closing {
    /// The 发文机关署名; joint issuers on one line, or on two lines, are one
    /// signer.
    pub signer: Option<Span>,
    pub date: Option<DateMention>,
    /// A seal placeholder by the signer or the date: 「（盖章）」「（印章）」.
    pub seal: Option<Span>,
    /// 附注 after the date: 「（此件公开发布）」.
    pub annotations: Vec<Span>,
    /// 附件 lines after the date: 「附件：1.…」 and the list under it.
    pub attachments: Vec<Span>,
    /// The 版记: 「抄送：…」, 「某办公室 2023年2月2日印发」.
    pub imprint: Vec<Span>,
    /// Byte offset where the closing block starts (the end of the body).
    pub start: usize,
    /// The date stands above the signer, not under it (GB/T 9704-2012
    /// 7.3.5 puts it under).
    pub date_above_signer: bool,
}

/// 版记 lines (GB/T 9704-2012 7.4): 抄送机关, 印发机关和印发日期.
static IMPRINT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"^(?:(?:抄送|抄报|分送|报送|主送)\s*[:：].*|.{0,60}印\s*发)$")
});

/// A 附注 in brackets after the date: 「（此件公开发布）」「（联系人：…）」.
static ANNOTATION: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"^[（(][^（()）]{1,60}[）)]$"));

/// The first line of attachments: 「附件：」「附件1：…」「附件：1.…」.
static ATTACHMENT: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*(?:[:：]|$)"));

/// A seal placeholder, alone or after the signer.
static SEAL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"[（(]\s*(?:盖章|印章|公章|签章|章)\s*[）)]$"));

/// A line of seal placeholders only (one per joint issuer).
static SEAL_LINE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(r"^(?:[（(]\s*(?:盖章|印章|公章|签章|章)\s*[）)]\s*)+$"));

/// The last characters of an organisation's name: a second signer line
/// is taken only when both lines end like one.
fn ends_like_organisation(s: &str) -> bool {
    s.ends_with([
        '委', '府', '会', '局', '厅', '部', '办', '院', '室', '处', '组', '司', '所', '镇', '乡',
        '街', '队', '站', '心',
    ]) || s.ends_with("街道")
}

/// A signer is a short name: no sentence punctuation, not a heading.
pub fn looks_like_signer(s: &str) -> bool {
    let chars = s.chars().count();
    (2..=40).contains(&chars)
        && parse_marker(s).is_none()
        && !s.contains([
            '。', '，', ',', '：', ':', '；', ';', '！', '？', '!', '?', '“', '”', '《',
        ])
        && !s.ends_with("报告")
        && s.chars().filter(|&c| crate::text::chars::is_han(c)).count() >= 2
}

/// The date at the end of a block, with what stands before it on the same
/// line (a signer: 「某局 2023年2月2日」), when that is a name.
fn trailing_date(s: &str, base: usize) -> Option<(DateMention, Option<Span>)> {
    if let Some(date) = parse_date(s, base) {
        return Some((date, None));
    }
    // 「某局　2023年2月2日」: the last run of spaces separates signer and date.
    let trimmed = s.trim_end_matches(is_space);
    let cut = trimmed.rfind(is_space)?;
    let date = parse_date(&s[cut..], base + cut)?;
    let before = s[..cut].trim_end_matches(is_space);
    let before = before.trim_start_matches(is_space);
    let lead = s.len() - s.trim_start_matches(is_space).len();
    looks_like_signer(before).then(|| {
        (
            date,
            Some(Span::new(base + lead, base + lead + before.len())),
        )
    })
}

/// Attachments at the end: a 附件 line among the last few blocks, with only
/// short lines (the list of attachments) after it. Returns its block.
fn attachment_group(
    text: &str,
    blocks: &[Block],
    first_body_block: usize,
    last: usize,
) -> Option<usize> {
    const MAX_LIST: usize = 8;
    let from = last.saturating_sub(MAX_LIST + 1).max(first_body_block + 1);
    for at in (from..last).rev() {
        let s = blocks[at].span.text(text);
        if ATTACHMENT.is_match(s) {
            return Some(at);
        }
        // The list names attachments: no sentences, no dates, no seals
        // (those are the closing above which a 附件说明 stands).
        if s.chars().count() > 60
            || s.ends_with(['。', '；'])
            || trailing_date(s, 0).is_some()
            || SEAL_LINE.is_match(s)
        {
            return None;
        }
    }
    None
}

/// The closing of the report whose body starts at `first_body_block`;
/// lines of `residue` (and rules of separators) after it are skipped.
pub fn find_closing(
    text: &str,
    blocks: &[Block],
    first_body_block: usize,
    residue: &PageResidue,
) -> Closing {
    let mut closing = Closing::default();
    let block_text = |i: usize| blocks[i].span.text(text);
    let mut last = blocks.len();
    // Strip, from the end, what may follow the date: furniture, the 版记,
    // 附注, and 附件 (a 附件 line and the short lines under it).
    loop {
        if last <= first_body_block {
            break;
        }
        let s = block_text(last - 1);
        if is_trailing_furniture(s, residue) {
            last -= 1;
        } else if IMPRINT.is_match(s) {
            closing.imprint.push(blocks[last - 1].span);
            last -= 1;
        } else if ANNOTATION.is_match(s) && !SEAL.is_match(s) && parse_marker(s).is_none() {
            closing.annotations.push(blocks[last - 1].span);
            last -= 1;
        } else if let Some(first) = attachment_group(text, blocks, first_body_block, last) {
            closing
                .attachments
                .extend(blocks[first..last].iter().rev().map(|b| b.span));
            last = first;
        } else {
            break;
        }
    }
    // Gathered from the end backwards (pushed, not inserted at the front,
    // which would be quadratic in the number of trailing lines): put them
    // in text order.
    closing.imprint.reverse();
    closing.annotations.reverse();
    closing.attachments.reverse();
    closing.start = blocks.get(last).map(|b| b.span.start).unwrap_or(text.len());
    if last <= first_body_block {
        closing.imprint.clear();
        closing.annotations.clear();
        closing.attachments.clear();
        return closing;
    }
    let mut candidate = last - 1;
    // A seal placeholder under the date (rare) or above it.
    let take_seal = |i: usize, closing: &mut Closing| -> bool {
        let s = blocks[i].span.text(text);
        // Placeholders alone on their line: 「（盖章）」, 「（盖章）  （盖章）」.
        if closing.seal.is_none() && SEAL_LINE.is_match(s) {
            closing.seal = Some(blocks[i].span);
            closing.start = blocks[i].span.start;
            return true;
        }
        false
    };
    if take_seal(candidate, &mut closing) {
        if candidate == first_body_block {
            return closing;
        }
        candidate -= 1;
    }
    let tail = &blocks[candidate];
    if let Some((date, signer)) = trailing_date(tail.span.text(text), tail.span.start) {
        closing.start = tail.span.start;
        closing.date = Some(date);
        if let Some(signer) = signer {
            closing.signer = Some(signer);
            return closing;
        }
        if candidate == first_body_block {
            return closing;
        }
        candidate -= 1;
        if take_seal(candidate, &mut closing) {
            if candidate == first_body_block {
                return closing;
            }
            candidate -= 1;
        }
    }
    let block = &blocks[candidate];
    let mut s = block.span.text(text);
    let mut end = block.span.end;
    // 「某局（盖章）」: the seal placeholder after the name.
    if let Some(m) = SEAL.find(s) {
        if closing.seal.is_none() && m.start() > 0 {
            closing.seal = Some(Span::new(block.span.start + m.start(), block.span.end));
            s = s[..m.start()].trim_end_matches(is_space);
            end = block.span.start + s.len();
        }
    }
    if candidate > first_body_block && looks_like_signer(s) {
        closing.start = block.span.start;
        let mut start = block.span.start;
        // Joint issuers on two lines: both end like an organisation.
        let above = candidate - 1;
        if above > first_body_block
            && ends_like_organisation(s)
            && blocks[above].starts_line
            && looks_like_signer(block_text(above))
            && ends_like_organisation(block_text(above))
        {
            start = blocks[above].span.start;
            closing.start = start;
        }
        closing.signer = Some(Span::new(start, end));
        // The date above the signer (「2023年2月2日」 / 「某局」): still the
        // closing, in another order.
        let above = blocks.partition_point(|b| b.span.start < start);
        if closing.date.is_none() && above > first_body_block + 1 {
            let line = &blocks[above - 1];
            if let Some((date, None)) = trailing_date(line.span.text(text), line.span.start) {
                if date.span.start == line.span.start {
                    closing.date = Some(date);
                    closing.start = line.span.start;
                    closing.date_above_signer = true;
                }
            }
        }
    }
    // A 附件说明 right above the closing (GB/T 9704-2012 7.3.4): 「附件：1.…」
    // and the numbered lines under it are not headings of the body.
    let first_closing = blocks.partition_point(|b| b.span.start < closing.start);
    if closing.signer.is_some() || closing.date.is_some() {
        if let Some(at) = attachment_group(text, blocks, first_body_block, first_closing) {
            let note: Vec<Span> = blocks[at..first_closing].iter().map(|b| b.span).collect();
            closing.attachments.splice(0..0, note);
            closing.start = blocks[at].span.start;
        }
    }
    closing
}

#[cfg(test)]
mod tests {
    use crate::document::Document;

    const BODY: &str = "某局2022年法治政府建设年度报告\n一、主要举措\n开展学法活动。\n";

    fn closing(
        tail: &str,
    ) -> (
        Option<String>,
        Option<String>,
        crate::document::Closing,
        String,
    ) {
        let text = format!("{BODY}{tail}");
        let doc = Document::parse(&text, None);
        let c = doc.closing.clone();
        (
            c.signer.map(|s| s.text(&text).to_string()),
            c.date.as_ref().map(|d| d.span.text(&text).to_string()),
            c,
            text,
        )
    }

    #[test]
    fn signer_and_date_before_annotation_attachments_and_imprint() {
        let (signer, date, c, text) = closing(
            "某局\n2023年2月2日\n（此件公开发布）\n附件：1.工作清单\n2.统计表\n抄送：市司法局。\n某局办公室 2023年2月2日印发\n",
        );
        assert_eq!(signer.as_deref(), Some("某局"));
        assert_eq!(date.as_deref(), Some("2023年2月2日"));
        let texts = |spans: &[crate::text::span::Span]| -> Vec<String> {
            spans.iter().map(|s| s.text(&text).to_string()).collect()
        };
        assert_eq!(texts(&c.annotations), ["（此件公开发布）"]);
        assert_eq!(texts(&c.attachments), ["附件：1.工作清单", "2.统计表"]);
        assert_eq!(
            texts(&c.imprint),
            ["抄送：市司法局。", "某局办公室 2023年2月2日印发"]
        );
        // The attachment list is not part of the heading tree.
        let doc = Document::parse(&text, None);
        assert_eq!(doc.headings.len(), 1);
    }

    #[test]
    fn seal_placeholder_above_or_after_the_signer() {
        let (signer, date, c, text) = closing("某局\n（盖章）\n2023年2月2日\n");
        assert_eq!((signer.as_deref(), date.is_some()), (Some("某局"), true));
        assert_eq!(
            c.seal.map(|s| s.text(&text).to_string()).as_deref(),
            Some("（盖章）")
        );
        let (signer, _, c, _) = closing("某局（印章）\n2023年2月2日\n");
        assert_eq!(signer.as_deref(), Some("某局"));
        assert!(c.seal.is_some());
        // A seal placeholder without a signer is not taken as the signer.
        let (signer, date, c, _) = closing("（盖章）\n2023年2月2日\n");
        assert_eq!(
            (signer, date.is_some(), c.seal.is_some()),
            (None, true, true)
        );
    }

    #[test]
    fn joint_signers_and_signer_with_date_on_one_line() {
        let (signer, _, _, _) = closing("中共某县委　某县人民政府\n2023年2月2日\n");
        assert_eq!(signer.as_deref(), Some("中共某县委　某县人民政府"));
        let (signer, _, _, _) = closing("中共某县委\n某县人民政府\n2023年2月2日\n");
        assert_eq!(signer.as_deref(), Some("中共某县委\n某县人民政府"));
        let (signer, date, _, _) = closing("某局　　2023年2月2日\n");
        assert_eq!(
            (signer.as_deref(), date.as_deref()),
            (Some("某局"), Some("2023年2月2日"))
        );
    }

    #[test]
    fn attachment_note_above_the_signer_and_seals_of_joint_issuers() {
        let tail = "附件：1.任务清单\n      2.考核结果\n\n中共某县委        某县人民政府\n（盖章）           （盖章）\n2024年2月5日\n（此件公开发布）\n";
        let (signer, date, c, text) = closing(tail);
        assert_eq!(signer.as_deref(), Some("中共某县委        某县人民政府"));
        assert_eq!(date.as_deref(), Some("2024年2月5日"));
        assert_eq!(
            c.seal.map(|s| s.text(&text).to_string()).as_deref(),
            Some("（盖章）           （盖章）")
        );
        let texts: Vec<&str> = c.attachments.iter().map(|s| s.text(&text)).collect();
        assert_eq!(texts, ["附件：1.任务清单", "2.考核结果"]);
        assert_eq!(c.annotations.len(), 1);
        // The numbered attachment line is not a heading.
        assert_eq!(Document::parse(&text, None).headings.len(), 1);
    }

    #[test]
    fn a_date_above_the_signer_is_the_closing_in_another_order() {
        let text = format!("{BODY}2023年2月2日\n某局\n");
        let doc = Document::parse(&text, None);
        assert_eq!(doc.closing.signer.unwrap().text(&text), "某局");
        assert_eq!(
            doc.closing.date.as_ref().unwrap().span.text(&text),
            "2023年2月2日"
        );
        assert!(doc.closing.date_above_signer);
        assert!(doc.closing.start < text.find("2023年2月2日").unwrap() + 1);
        let usual = format!("{BODY}某局\n2023年2月2日\n");
        assert!(!Document::parse(&usual, None).closing.date_above_signer);
    }

    #[test]
    fn a_last_paragraph_is_not_a_closing_element() {
        let (signer, date, c, _) = closing("我们将继续努力。\n");
        assert_eq!((signer, date), (None, None));
        assert!(c.annotations.is_empty() && c.imprint.is_empty() && c.attachments.is_empty());
        // A short last line above the signer is not a second signer.
        let (signer, _, _, _) = closing("继续努力\n某局\n2023年2月2日\n");
        assert_eq!(signer.as_deref(), Some("某局"));
    }
}
