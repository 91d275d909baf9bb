//! A report rewritten with its top-level headings in another scheme: the
//! same report as a unit that numbers its parts 「第一部分」 or 「壹、」, puts
//! the marker on a line of its own, or lost its automatic numbering. Made
//! from any report whose top level is 「一、」 at the start of a line.

use regex::Regex;
use std::sync::LazyLock;

/// A top-level heading at the start of a line: indent, numeral, words.
static TOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^([ \t\u{3000}]*)([一二三四五六七八九十]{1,3})、[ \t\u{3000}]*(.*)$")
        .expect("valid regex")
});

/// The top-level schemes a report is rewritten in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// 「主要举措及成效」 alone on its line.
    Unnumbered,
    /// 「第一部分　主要举措及成效」.
    Part,
    /// 「第一部分」 on its line, the words on the next.
    PartOwnLine,
    /// 「一、」 on its line, the words on the next.
    OwnLine,
    /// 「壹、主要举措及成效」.
    Formal,
    /// 「1.主要举措及成效」, 「3.2021年工作设想」.
    Arabic,
    /// 「（一）主要举措及成效」 at the top, the report's own 「（一）」 level
    /// under it written 「1.」 and its 「1、」 level 「（1）」.
    Bracketed,
    /// 「第一部分　主要举措及成效」 over the report's own levels, each
    /// written one level down: 「（一）」 becomes 「一、」, 「1、」 becomes
    /// 「（一）」, 「（1）」 becomes 「1.」.
    PartOverStandard,
}

pub const SCHEMES: [Scheme; 8] = [
    Scheme::Unnumbered,
    Scheme::Part,
    Scheme::PartOwnLine,
    Scheme::OwnLine,
    Scheme::Formal,
    Scheme::Arabic,
    Scheme::Bracketed,
    Scheme::PartOverStandard,
];

/// A heading of a lower level at the start of a line: indent, then
/// 「（一）」, 「1、」 (「1.」) or 「（1）」.
static LOWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^([\p{Zs}\t]*)(?:[（(]([一二三四五六七八九十]{1,3})[）)]|([0-9]{1,2})[、.．]([^0-9.%])|[（(]([0-9]{1,2})[）)])",
    )
    .expect("valid regex")
});

const CHINESE: [&str; 11] = [
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

fn to_chinese(n: usize) -> String {
    match n {
        0..=10 => CHINESE[n].to_string(),
        11..=19 => format!("十{}", CHINESE[n - 10]),
        _ => format!("{}十{}", CHINESE[n / 10], CHINESE[n % 10]).replace('〇', ""),
    }
}

/// `text` with the lower levels under a top level of 「（一）」: 「（一）」
/// becomes 「1.」, 「1、」 becomes 「（1）」.
fn demote_under_bracketed(text: &str) -> String {
    LOWER
        .replace_all(text, |caps: &regex::Captures| {
            let indent = &caps[1];
            if let Some(numeral) = caps.get(2) {
                format!("{indent}{}.", chinese_value(numeral.as_str()))
            } else if let (Some(n), Some(next)) = (caps.get(3), caps.get(4)) {
                format!("{indent}（{}）{}", n.as_str(), next.as_str())
            } else {
                caps[0].to_string()
            }
        })
        .into_owned()
}

/// `text` with every lower-level heading marker at a line start written
/// one level down.
fn demote(text: &str) -> String {
    LOWER
        .replace_all(text, |caps: &regex::Captures| {
            let indent = &caps[1];
            if let Some(numeral) = caps.get(2) {
                format!("{indent}{}、", numeral.as_str())
            } else if let (Some(n), Some(next)) = (caps.get(3), caps.get(4)) {
                let n: usize = n.as_str().parse().unwrap_or(0);
                format!("{indent}（{}）{}", to_chinese(n), next.as_str())
            } else {
                format!("{indent}{}.", caps.get(5).map_or("", |m| m.as_str()))
            }
        })
        .into_owned()
}

const FORMAL: [&str; 10] = ["", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

fn chinese_value(numeral: &str) -> usize {
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = numeral.chars().collect();
    match chars.as_slice() {
        ['十'] => 10,
        ['十', d] => 10 + digit(*d).unwrap_or(0),
        [d] => digit(*d).unwrap_or(0),
        _ => 0,
    }
}

/// How many top-level headings `text` has at the start of a line.
pub fn top_level_count(text: &str) -> usize {
    TOP.find_iter(text).count()
}

/// `text` with every top-level heading at a line start written in `scheme`.
pub fn rewrite(text: &str, scheme: Scheme) -> String {
    if scheme == Scheme::PartOverStandard {
        return demote(&rewrite(text, Scheme::Part));
    }
    let demoted;
    let text = if scheme == Scheme::Bracketed {
        demoted = demote_under_bracketed(text);
        &demoted
    } else {
        text
    };
    TOP.replace_all(text, |caps: &regex::Captures| {
        let (indent, numeral, words) = (&caps[1], &caps[2], &caps[3]);
        match scheme {
            Scheme::Unnumbered => format!("{indent}{words}"),
            Scheme::Part | Scheme::PartOverStandard => {
                format!("{indent}第{numeral}部分\u{3000}{words}")
            }
            Scheme::Arabic => format!("{indent}{}.{words}", chinese_value(numeral)),
            Scheme::Bracketed => format!("{indent}（{numeral}）{words}"),
            Scheme::PartOwnLine => format!("{indent}第{numeral}部分\n{indent}{words}"),
            Scheme::OwnLine => format!("{indent}{numeral}、\n{indent}{words}"),
            Scheme::Formal => {
                let n = chinese_value(numeral);
                let formal = FORMAL.get(n).copied().unwrap_or("拾");
                format!("{indent}{formal}、{words}")
            }
        }
    })
    .into_owned()
}

/// `text` without the first top-level section whose heading contains one of
/// `words`: from its heading to the next top-level heading, or to the
/// closing (the signer and date at the end) when it is the last.
pub fn without_section(text: &str, words: &[&str]) -> Option<String> {
    let tops: Vec<(usize, &str)> = TOP
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(3)?.as_str())))
        .collect();
    let index = tops
        .iter()
        .position(|(_, w)| words.iter().any(|word| w.contains(word)))?;
    let start = tops[index].0;
    let end = match tops.get(index + 1) {
        Some(&(next, _)) => next,
        None => closing_start(text),
    };
    (start < end).then(|| format!("{}{}", &text[..start], &text[end..]))
}

/// Where the closing starts: the line before a last line that is a date.
fn closing_start(text: &str) -> usize {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\n[^\n]*\n[ \t\u{3000}]*[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日[ \t\u{3000}]*\n*$")
            .expect("valid regex")
    });
    DATE.find(text).map_or(text.len(), |m| m.start() + 1)
}
