//! Dates as written in a report's closing block (成文日期).

use crate::text::numerals::{arabic_number, chinese_digits, chinese_number};
use crate::text::pattern::Pattern;
use crate::text::span::Span;
use std::sync::LazyLock;

/// How a date is written. Only `Standard` follows GB/T 9704-2012 §7.3.5.3:
/// Arabic numerals, the year in full, no leading zeros (「2023年2月2日」).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    Standard,
    /// 「2023年02月02日」
    LeadingZeros,
    /// 「二〇二三年二月二日」
    ChineseNumerals,
    /// 「2023-02-02」, 「2023.2.2」, 「2023/2/2」
    Separators,
    /// 「２０２３年２月２日」
    FullWidthDigits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub span: Span,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub style: DateStyle,
}

impl DateMention {
    /// Whether the day exists in the Gregorian calendar.
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
    }

    /// The standard spelling of this date, for help texts and fixes.
    pub fn standard_form(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}
/// A day of the year written `MM-DD` (a deadline in a pack or the
/// configuration: `04-01`); 02-29 is accepted.
pub fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(2024, m)).then_some((m, d))
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

static ARABIC: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"^([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日$")
});
static CHINESE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(
        r"^([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$",
    )
});
static SEPARATED: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"^([0-9]{4})\s*([-/.．])\s*([0-9]{1,2})\s*([-/.．])\s*([0-9]{1,2})\s*日?$")
});

/// Parses `s` if the whole of it (trimmed) is a date. `base` is the byte
/// offset of `s` in the report.
pub fn parse_date(s: &str, base: usize) -> Option<DateMention> {
    let trimmed = s.trim_matches(is_space);
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let span = Span::new(base + lead, base + lead + trimmed.len());
    if let Some(c) = ARABIC.captures(trimmed) {
        let (y, m, d) = (&c[1], &c[2], &c[3]);
        let full_width = trimmed.chars().any(|ch| ('０'..='９').contains(&ch));
        let style = if full_width {
            DateStyle::FullWidthDigits
        } else if m.starts_with('0') || d.starts_with('0') {
            DateStyle::LeadingZeros
        } else {
            DateStyle::Standard
        };
        return Some(DateMention {
            span,
            year: arabic_number(y)? as i32,
            month: arabic_number(m)?,
            day: arabic_number(d)?,
            style,
        });
    }
    if let Some(c) = CHINESE.captures(trimmed) {
        return Some(DateMention {
            span,
            year: chinese_digits(&c[1])? as i32,
            month: chinese_number(&c[2])?,
            day: chinese_number(&c[3])?,
            style: DateStyle::ChineseNumerals,
        });
    }
    if let Some(c) = SEPARATED.captures(trimmed) {
        if c[2] != c[4] {
            return None;
        }
        return Some(DateMention {
            span,
            year: arabic_number(&c[1])? as i32,
            month: arabic_number(&c[3])?,
            day: arabic_number(&c[5])?,
            style: DateStyle::Separators,
        });
    }
    None
}

/// Whether a line ends with something that is a date on its own, e.g. the
/// tail of 「某某局 2023年2月2日」 in a report merged onto one line.
pub fn ends_with_date(s: &str) -> bool {
    parse_date(s, 0).is_some()
}

/// Whitespace as a date and the document model see it ([`crate::text::chars`]).
pub use crate::text::chars::is_space;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_date_styles() {
        let d = parse_date("2023年2月2日", 0).unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.style),
            (2023, 2, 2, DateStyle::Standard)
        );
        let d = parse_date("  2023年02月02日 ", 10).unwrap();
        assert_eq!(d.style, DateStyle::LeadingZeros);
        assert_eq!(d.span, Span::new(12, 12 + "2023年02月02日".len()));
        let d = parse_date("二〇二三年二月十二日", 0).unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.style),
            (2023, 2, 12, DateStyle::ChineseNumerals)
        );
        let d = parse_date("2023-02-02", 0).unwrap();
        assert_eq!(
            (d.year, d.month, d.day, d.style),
            (2023, 2, 2, DateStyle::Separators)
        );
        assert_eq!(parse_date("2023-02/02", 0), None);
        assert_eq!(
            parse_date("２０２３年２月２日", 0).unwrap().style,
            DateStyle::FullWidthDigits
        );
        assert_eq!(parse_date("2023年2月", 0), None);
        assert_eq!(parse_date("截至2023年2月2日", 0), None);
    }

    #[test]
    fn validates_calendar_days() {
        assert!(!parse_date("2023年2月29日", 0).unwrap().is_valid());
        assert!(parse_date("2024年2月29日", 0).unwrap().is_valid());
        assert!(!parse_date("2023年13月1日", 0).unwrap().is_valid());
    }
}
