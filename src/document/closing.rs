//! The closing block at the end of a report: signer (发文机关署名) above the
//! date (成文日期), GB/T 9704-2012 §7.3.5.

use super::blocks::Block;
use super::date::{parse_date, DateMention};
use super::heading::parse_marker;
use crate::textpos::Span;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closing {
    pub signer: Option<Span>,
    pub date: Option<DateMention>,
    /// Byte offset where the closing block starts (the end of the body).
    pub start: usize,
}

/// Page furniture that may trail a report copied from a website; skipped when
/// looking for the closing block (the hygiene rules report it).
static TRAILING_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[|\s\-—_=*·.]+|.*(?:打印本页|关闭窗口|【打印】|【关闭】|扫一扫|分享到|责任编辑|浏览次数|附件[：:]).*)$")
        .expect("valid regex")
});

/// A signer is a short name: no sentence punctuation, not a heading.
pub fn looks_like_signer(s: &str) -> bool {
    let chars = s.chars().count();
    (2..=40).contains(&chars)
        && parse_marker(s).is_none()
        && !s.contains([
            '。', '，', ',', '：', ':', '；', ';', '！', '？', '!', '?', '“', '”', '《',
        ])
        && !s.ends_with("报告")
        && s.chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count()
            >= 2
}

pub fn find_closing(text: &str, blocks: &[Block], first_body_block: usize) -> Closing {
    let mut last = blocks.len();
    while last > first_body_block && TRAILING_FURNITURE.is_match(blocks[last - 1].span.text(text)) {
        last -= 1;
    }
    let mut closing = Closing {
        start: blocks.get(last).map(|b| b.span.start).unwrap_or(text.len()),
        ..Closing::default()
    };
    if last <= first_body_block {
        return closing;
    }
    let mut signer_candidate = last - 1;
    let tail = &blocks[last - 1];
    if let Some(date) = parse_date(tail.span.text(text), tail.span.start) {
        closing.start = tail.span.start;
        closing.date = Some(date);
        if signer_candidate == first_body_block {
            return closing;
        }
        signer_candidate -= 1;
    }
    let block = &blocks[signer_candidate];
    if signer_candidate > first_body_block && looks_like_signer(block.span.text(text)) {
        closing.start = block.span.start;
        closing.signer = Some(block.span);
    }
    closing
}
