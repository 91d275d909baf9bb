//! Heading markers of 公文 running text (GB/T 9704-2012 §7.3.3):
//! 一、 → （一） → 1. → （1）. Variants seen in real reports (「1、」,
//! half-width brackets, 「一.」) are accepted here and flagged by checks.

use crate::text::numerals::{
    arabic_number, chinese_number, is_arabic_digit, is_chinese_numeral_char, to_chinese_number,
};

/// The four marker families, in their standard order of nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// 一、
    Chinese,
    /// （一）
    ParenChinese,
    /// 1.
    Arabic,
    /// （1）
    ParenArabic,
}

impl MarkerKind {
    /// 1 for 一、 … 4 for （1）.
    pub fn rank(self) -> usize {
        match self {
            MarkerKind::Chinese => 1,
            MarkerKind::ParenChinese => 2,
            MarkerKind::Arabic => 3,
            MarkerKind::ParenArabic => 4,
        }
    }
}

/// A heading marker at the start of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    pub number: u32,
    /// Bytes of the marker including its separator or closing bracket.
    pub len: usize,
    /// The standard spelling of this marker (e.g. 「1.」 for 「1、」).
    pub standard: String,
    /// The marker as written.
    pub written: String,
    /// For a top-level heading of a report that numbers its top level
    /// another way than 「一、」 (see [`super::scheme`]): how it does. Such a
    /// heading has the kind [`MarkerKind::Chinese`], the top of the tree.
    pub scheme: Option<Scheme>,
}

/// The ways of writing a report's top-level headings other than GB/T
/// 9704's 「一、」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// 「第一部分」「第一章」.
    Part,
    /// Formal numerals: 「壹、」.
    Formal,
    /// 「（一）」 at the top.
    Bracketed,
    /// 「1.」「1、」 at the top.
    Arabic,
    /// No marker: the heading's words alone on their line.
    Unnumbered,
}

impl Scheme {
    /// The name used in the outline's JSON.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Part => "part",
            Scheme::Formal => "formal",
            Scheme::Bracketed => "bracketed",
            Scheme::Arabic => "arabic",
            Scheme::Unnumbered => "unnumbered",
        }
    }

    /// How the scheme's first marker looks, for messages: 「第一部分」,
    /// 「壹、」, 「（一）」, 「1.」, 「无序号」.
    pub fn shape(self) -> &'static str {
        match self {
            Scheme::Part => "第一部分",
            Scheme::Formal => "壹、",
            Scheme::Bracketed => "（一）",
            Scheme::Arabic => "1.",
            Scheme::Unnumbered => "无序号",
        }
    }
}

impl Marker {
    pub fn is_standard(&self) -> bool {
        self.standard == self.written
    }
}

/// A marker found at the start of a text, without its spellings: what
/// block splitting asks at every character of a line, so it allocates
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerPeek {
    pub kind: MarkerKind,
    pub number: u32,
    /// Bytes of the marker including its separator or closing bracket.
    pub len: usize,
    /// Where the marker's number is, in bytes from the start.
    digits: (usize, usize),
    /// The separator's standard spelling, for 「1.」 and 「一、」 markers.
    separator: &'static str,
}

impl MarkerPeek {
    /// Whether the marker read from a whole text is also read from its
    /// first `len` bytes: an Arabic one needs the character after it (so
    /// that 「2.5」 is a number).
    pub fn within(self, len: usize) -> bool {
        match self.kind {
            MarkerKind::Arabic => self.len < len,
            _ => self.len <= len,
        }
    }
}

/// Recognises a heading marker at the very start of `s`.
pub fn parse_marker(s: &str) -> Option<Marker> {
    let peek = peek_marker(s)?;
    let digits = &s[peek.digits.0..peek.digits.1];
    let standard = match peek.kind {
        MarkerKind::ParenChinese | MarkerKind::ParenArabic => format!("（{digits}）"),
        MarkerKind::Chinese | MarkerKind::Arabic => format!("{digits}{}", peek.separator),
    };
    Some(Marker {
        kind: peek.kind,
        number: peek.number,
        len: peek.len,
        standard,
        written: s[..peek.len].to_string(),
        scheme: None,
    })
}

impl Marker {
    /// The marker of a top-level heading written in `scheme`, numbered
    /// `number`, `written` as it stands (empty when unnumbered).
    pub fn top(scheme: Scheme, number: u32, written: &str) -> Marker {
        Marker {
            kind: MarkerKind::Chinese,
            number,
            len: written.len(),
            standard: format!("{}、", to_chinese_number(number)),
            written: written.to_string(),
            scheme: Some(scheme),
        }
    }

    /// How this marker would be written numbered `n`, in its own scheme.
    pub fn numbered(&self, n: u32) -> String {
        let chinese = to_chinese_number(n);
        match self.scheme {
            Some(Scheme::Part) if self.written.contains('章') => format!("第{chinese}章"),
            Some(Scheme::Part) => format!("第{chinese}部分"),
            Some(Scheme::Formal) => format!("{}、", to_formal_number(n)),
            Some(Scheme::Bracketed) => format!("（{chinese}）"),
            Some(Scheme::Arabic) => format!("{n}."),
            Some(Scheme::Unnumbered) | None => format!("{chinese}、"),
        }
    }
}

/// A top-level marker of another scheme than the four kinds: 「第一部分」
/// (「第一章」) or formal numerals 「壹、」. Returns the scheme, the number
/// and the marker's length in bytes (its separator included). Looks at a
/// bounded prefix.
pub fn peek_other_top(s: &str) -> Option<(Scheme, u32, usize)> {
    if let Some(rest) = s.strip_prefix('第') {
        let chinese = prefix_len(rest, is_chinese_numeral_char);
        let arabic = prefix_len(rest, is_arabic_digit);
        let (digits, number) = if chinese > 0 {
            (chinese, chinese_number(&rest[..chinese])?)
        } else if arabic > 0 && rest[..arabic].chars().count() <= 2 {
            (arabic, arabic_number(&rest[..arabic])?)
        } else {
            return None;
        };
        let after = &rest[digits..];
        let word = ["部分", "章"].into_iter().find(|w| after.starts_with(w))?;
        let len = '第'.len_utf8() + digits + word.len();
        return Some((Scheme::Part, number, len + separator_len(&s[len..])));
    }
    let digits = prefix_len(s, |c| formal_digit(c).is_some());
    if digits == 0 {
        return None;
    }
    let number = formal_number(&s[..digits])?;
    let sep = s[digits..].chars().next()?;
    if !matches!(sep, '、' | '.' | '．') {
        return None;
    }
    Some((Scheme::Formal, number, digits + sep.len_utf8()))
}

/// A 「、」 or 「：」 written after 「第一部分」.
fn separator_len(s: &str) -> usize {
    s.chars()
        .next()
        .filter(|c| matches!(c, '、' | '：' | ':' | '．' | '.'))
        .map_or(0, char::len_utf8)
}

fn formal_digit(c: char) -> Option<u32> {
    "零壹贰叁肆伍陆柒捌玖拾"
        .chars()
        .position(|d| d == c)
        .map(|p| p as u32)
}

/// 「壹」 … 「拾」, 「拾壹」 … 「玖拾玖」.
fn formal_number(s: &str) -> Option<u32> {
    let digits: Vec<u32> = s.chars().map(formal_digit).collect::<Option<_>>()?;
    match digits.as_slice() {
        [d @ 1..=9] => Some(*d),
        [10] => Some(10),
        [10, d @ 1..=9] => Some(10 + d),
        [t @ 1..=9, 10] => Some(t * 10),
        [t @ 1..=9, 10, d @ 1..=9] => Some(t * 10 + d),
        _ => None,
    }
}

fn to_formal_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    let digit = |d: u32| DIGITS[d as usize % 10];
    match n {
        1..=9 => digit(n).to_string(),
        10 => "拾".into(),
        11..=19 => format!("拾{}", digit(n - 10)),
        20..=99 if n.is_multiple_of(10) => format!("{}拾", digit(n / 10)),
        20..=99 => format!("{}拾{}", digit(n / 10), digit(n % 10)),
        _ => n.to_string(),
    }
}

/// [`parse_marker`] without the spellings.
pub fn peek_marker(s: &str) -> Option<MarkerPeek> {
    let first = s.chars().next()?;
    if first == '（' || first == '(' {
        return peek_bracketed(s, first);
    }
    if is_chinese_numeral_char(first) {
        let digits_len = prefix_len(s, is_chinese_numeral_char);
        let sep = s[digits_len..].chars().next()?;
        if !matches!(sep, '、' | '.' | '．') {
            return None;
        }
        let number = chinese_number(&s[..digits_len])?;
        return Some(MarkerPeek {
            kind: MarkerKind::Chinese,
            number,
            len: digits_len + sep.len_utf8(),
            digits: (0, digits_len),
            separator: "、",
        });
    }
    if is_arabic_digit(first) {
        let digits_len = prefix_len(s, is_arabic_digit);
        if s[..digits_len].chars().count() > 2 {
            return None;
        }
        let mut rest = s[digits_len..].chars();
        let sep = rest.next()?;
        if !matches!(sep, '.' | '．' | '、') {
            return None;
        }
        // 「2.5亿元」 and 「3.1.2」 are numbers, not markers.
        if rest
            .next()
            .is_none_or(|c| is_arabic_digit(c) || c == '.' || c == '%')
        {
            return None;
        }
        let number = arabic_number(&s[..digits_len])?;
        return Some(MarkerPeek {
            kind: MarkerKind::Arabic,
            number,
            len: digits_len + sep.len_utf8(),
            digits: (0, digits_len),
            separator: if sep == '．' { "．" } else { "." },
        });
    }
    None
}

fn peek_bracketed(s: &str, open: char) -> Option<MarkerPeek> {
    let inner_start = open.len_utf8();
    let inner = &s[inner_start..];
    let (kind, digits_len) = if inner.starts_with(is_chinese_numeral_char) {
        (
            MarkerKind::ParenChinese,
            prefix_len(inner, is_chinese_numeral_char),
        )
    } else if inner.starts_with(is_arabic_digit) {
        let n = prefix_len(inner, is_arabic_digit);
        if inner[..n].chars().count() > 2 {
            return None;
        }
        (MarkerKind::ParenArabic, n)
    } else {
        return None;
    };
    let close = inner[digits_len..].chars().next()?;
    if close != '）' && close != ')' {
        return None;
    }
    let number = match kind {
        MarkerKind::ParenChinese => chinese_number(&inner[..digits_len])?,
        _ => arabic_number(&inner[..digits_len])?,
    };
    Some(MarkerPeek {
        kind,
        number,
        len: inner_start + digits_len + close.len_utf8(),
        digits: (inner_start, inner_start + digits_len),
        separator: "",
    })
}

/// The length of the prefix of `s` whose characters match `pred`, but
/// looking at no more than [`MAX_MARKER_DIGITS`] + 1 characters: a marker's
/// number is short, and a longer run (which is then never a marker) must
/// not be scanned whole at every character of a long line.
fn prefix_len(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .take(MAX_MARKER_DIGITS + 1)
        .find(|&(_, c)| !pred(c))
        .map(|(i, _)| i)
        .unwrap_or_else(|| {
            s.char_indices()
                .nth(MAX_MARKER_DIGITS + 1)
                .map_or(s.len(), |(i, _)| i)
        })
}

/// More digits than any marker's number has (「九十九」, 「99」).
const MAX_MARKER_DIGITS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(s: &str) -> Option<(MarkerKind, u32, String, String)> {
        parse_marker(s).map(|m| (m.kind, m.number, m.written, m.standard))
    }

    #[test]
    fn recognises_the_four_levels_and_their_variants() {
        use MarkerKind::*;
        assert_eq!(
            marker("一、主要举措"),
            Some((Chinese, 1, "一、".into(), "一、".into()))
        );
        assert_eq!(
            marker("十二．其他"),
            Some((Chinese, 12, "十二．".into(), "十二、".into()))
        );
        assert_eq!(
            marker("（三）强化"),
            Some((ParenChinese, 3, "（三）".into(), "（三）".into()))
        );
        assert_eq!(
            marker("(三)强化"),
            Some((ParenChinese, 3, "(三)".into(), "（三）".into()))
        );
        assert_eq!(
            marker("1、加强"),
            Some((Arabic, 1, "1、".into(), "1.".into()))
        );
        assert_eq!(
            marker("2.完善"),
            Some((Arabic, 2, "2.".into(), "2.".into()))
        );
        assert_eq!(
            marker("(1)规范"),
            Some((ParenArabic, 1, "(1)".into(), "（1）".into()))
        );
    }

    #[test]
    fn numbers_and_enumerations_are_not_markers() {
        assert_eq!(marker("一是加强"), None);
        assert_eq!(marker("2.5亿元"), None);
        assert_eq!(marker("2023年"), None);
        assert_eq!(marker("2023、2024年"), None);
        assert_eq!(marker("(2021-2025年)"), None);
        assert_eq!(marker("1."), None);
        assert_eq!(marker("（一"), None);
        assert_eq!(marker(""), None);
    }

    #[test]
    fn part_and_formal_markers() {
        assert_eq!(
            peek_other_top("第一部分　主要举措"),
            Some((Scheme::Part, 1, 12))
        );
        assert_eq!(
            peek_other_top("第三部分：计划"),
            Some((Scheme::Part, 3, 15))
        );
        assert_eq!(peek_other_top("第2章 问题"), Some((Scheme::Part, 2, 7)));
        assert_eq!(peek_other_top("壹、主要举措"), Some((Scheme::Formal, 1, 6)));
        assert_eq!(peek_other_top("拾贰、其他"), Some((Scheme::Formal, 12, 9)));
        assert_eq!(peek_other_top("第一责任人职责"), None);
        assert_eq!(peek_other_top("第一"), None);
        assert_eq!(peek_other_top("壹佰元"), None);
        assert_eq!(peek_other_top(""), None);
        let part = Marker::top(Scheme::Part, 2, "第二部分");
        assert_eq!(part.numbered(3), "第三部分");
        assert_eq!(part.standard, "二、");
        assert_eq!(
            Marker::top(Scheme::Formal, 1, "壹、").numbered(12),
            "拾贰、"
        );
    }

    #[test]
    fn a_peeked_marker_is_the_marker_of_every_long_enough_prefix() {
        for text in [
            "一、主要举措",
            "（十二）强化",
            "(3)规范",
            "2.完善",
            "2.5亿元",
            "十二．x",
        ] {
            let whole = peek_marker(text);
            for (len, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
                let prefix = peek_marker(&text[..len]);
                let expected = whole.filter(|m| m.within(len));
                assert_eq!(prefix, expected, "{text:?} cut at {len}");
            }
        }
    }
}
