//! `word/numbering.xml` and the counters that turn a paragraph's list
//! level into the number Word shows (「一、」「（二）」「3.」).

use super::*;
use crate::text::numerals::to_chinese_number;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::collections::{HashMap, HashSet};

/// A level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
pub(super) struct Level {
    pub(super) start: u32,
    pub(super) format: String,
    pub(super) text: String,
    pub(super) suffix: String,
    pub(super) legal: bool,
}

/// A numbering instance (`w:num`): its list definition and overrides.
#[derive(Debug, Clone, Default)]
pub(super) struct Num {
    pub(super) abstract_id: u32,
    /// Level → replacement level definition.
    pub(super) levels: HashMap<usize, Level>,
    /// Level → start value it restarts at when the instance is first used.
    pub(super) starts: HashMap<usize, u32>,
}

/// List definitions (`word/numbering.xml`).
#[derive(Debug, Default)]
pub(super) struct Numbering {
    pub(super) abstracts: HashMap<u32, HashMap<usize, Level>>,
    pub(super) nums: HashMap<u32, Num>,
}

impl Numbering {
    pub(super) fn parse(xml: &str) -> Result<Numbering, DocxError> {
        const PART: &str = "word/numbering.xml";
        let mut numbering = Numbering::default();
        let mut reader = NsReader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let (resolved, event) = next_event(&mut reader, PART)?;
            let is_w = matches!(&resolved, ResolveResult::Bound(Namespace(ns)) if W_NAMESPACES.contains(ns));
            let number = |e: &BytesStart, key: &[u8]| -> Option<u32> {
                attribute(e, key).and_then(|v| v.trim().parse().ok())
            };
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!("{PART} declares a DTD")))
                }
                Event::Start(e) | Event::Empty(e) if is_w => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = number(&e, b"abstractNumId"),
                    b"num" => num = number(&e, b"numId").map(|id| (id, Num::default())),
                    b"abstractNumId" => {
                        if let Some((_, num)) = num.as_mut() {
                            num.abstract_id = number(&e, b"val").unwrap_or(0);
                        }
                    }
                    b"lvlOverride" => override_level = number(&e, b"ilvl").map(|l| l as usize),
                    b"startOverride" => {
                        if let (Some((_, num)), Some(l)) = (num.as_mut(), override_level) {
                            num.starts.insert(l, number(&e, b"val").unwrap_or(0));
                        }
                    }
                    b"lvl" => {
                        let ilvl = number(&e, b"ilvl").map_or(0, |l| l as usize);
                        let new = Level {
                            format: "decimal".into(),
                            suffix: "tab".into(),
                            ..Level::default()
                        };
                        level = Some((ilvl, new));
                    }
                    b"start" => {
                        with_level(&mut level, |l| l.start = number(&e, b"val").unwrap_or(0))
                    }
                    b"numFmt" => with_level(&mut level, |l| l.format = val(&e).unwrap_or_default()),
                    b"lvlText" => {
                        let text = val(&e).unwrap_or_default();
                        if text.chars().nth(MAX_LEVEL_TEXT_CHARS).is_some() {
                            return Err(DocxError::LevelTextTooLong);
                        }
                        with_level(&mut level, |l| l.text = text)
                    }
                    b"suff" => with_level(&mut level, |l| l.suffix = val(&e).unwrap_or_default()),
                    b"isLgl" => with_level(&mut level, |l| l.legal = is_on(&e)),
                    _ => {}
                },
                Event::End(e) if is_w => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((ilvl, done)) = level.take() {
                            if let Some((_, num)) = num.as_mut() {
                                num.levels.insert(override_level.unwrap_or(ilvl), done);
                            } else if let Some(id) = abstract_id {
                                numbering
                                    .abstracts
                                    .entry(id)
                                    .or_default()
                                    .insert(ilvl, done);
                            }
                        }
                    }
                    b"lvlOverride" => override_level = None,
                    b"abstractNum" => abstract_id = None,
                    b"num" => {
                        if let Some((id, done)) = num.take() {
                            numbering.nums.insert(id, done);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The definition of `level` in numbering instance `num`.
    pub(super) fn level<'a>(&'a self, num: &'a Num, level: usize) -> Option<&'a Level> {
        num.levels
            .get(&level)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&level))
    }
}

pub(super) fn with_level(level: &mut Option<(usize, Level)>, set: impl FnOnce(&mut Level)) {
    if let Some((_, level)) = level.as_mut() {
        set(level);
    }
}

/// Levels of a list (Word has nine).
pub(super) const LEVELS: usize = 9;

/// The current number of every list level. Word continues a list across
/// numbering instances of the same list definition, unless an instance
/// restarts a level (`w:startOverride`).
#[derive(Debug, Default)]
pub(super) struct Counters {
    pub(super) by_list: HashMap<u32, [Option<u32>; LEVELS]>,
    pub(super) used_nums: HashSet<u32>,
}

impl Counters {
    /// Advances the counters for a numbered paragraph and returns its
    /// number as Word shows it, with the separator after it.
    pub(super) fn next(
        &mut self,
        numbering: &Numbering,
        reference: NumberingRef,
    ) -> Option<String> {
        let num_id = reference.num_id.filter(|&id| id != 0)?;
        let level = reference.level.unwrap_or(0).min(LEVELS - 1);
        let num = numbering.nums.get(&num_id)?;
        let definition = numbering.level(num, level)?;
        let start = |l: usize| -> u32 {
            num.starts
                .get(&l)
                .copied()
                .or_else(|| numbering.level(num, l).map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = self.by_list.entry(num.abstract_id).or_default();
        if self.used_nums.insert(num_id) {
            for &l in num.starts.keys() {
                if let Some(slot) = counters.get_mut(l) {
                    *slot = None;
                }
            }
        }
        counters[level] = Some(match counters[level] {
            Some(n) => n.saturating_add(1),
            None => start(level),
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if matches!(definition.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut text = String::new();
        let mut chars = definition.text.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(l) = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=LEVELS as u32).contains(d))
            else {
                text.push(c);
                continue;
            };
            chars.next();
            let l = l as usize - 1;
            let value = counters[l].unwrap_or_else(|| start(l));
            let format = match numbering.level(num, l) {
                Some(_) if definition.legal => "decimal",
                Some(d) => d.format.as_str(),
                None => "decimal",
            };
            text.push_str(&format_number(value, format));
        }
        if text.is_empty() {
            return None;
        }
        // Word puts a tab (or a space) between the number and the text.
        if definition.suffix != "nothing" {
            text.push(' ');
        }
        Some(text)
    }
}

/// A list number in one of Word's number formats (`w:numFmt`).
pub(crate) fn format_number(n: u32, format: &str) -> String {
    let from_table = |table: &[&str]| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| table.get(i))
            .map_or_else(|| n.to_string(), |s| s.to_string())
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting" => {
            if n == 0 {
                "〇".to_string()
            } else {
                to_chinese_number(n)
            }
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| match d {
                '0' => '〇',
                d => to_chinese_number(d.to_digit(10).unwrap_or(0))
                    .chars()
                    .next()
                    .unwrap_or(d),
            })
            .collect(),
        "chineseLegalSimplified" => {
            const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
            to_chinese_number(n)
                .chars()
                .map(|c| match crate::text::numerals::chinese_digit(c) {
                    Some(10) => '拾',
                    Some(d) => DIGITS.get(d as usize).copied().unwrap_or(c),
                    None => c,
                })
                .collect()
        }
        "ideographTraditional" => {
            from_table(&["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"])
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32('⑴' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32('⒈' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        // Word repeats the letter: 「z」「aa」… 「zz」「aaa」.
        "lowerLetter" | "upperLetter" if n > 0 && ((n - 1) / 26) < MAX_NUMBER_CHARS as u32 => {
            let letter = char::from(b'a' + ((n - 1) % 26) as u8);
            let repeated = letter.to_string().repeat(((n - 1) / 26 + 1) as usize);
            if format == "upperLetter" {
                repeated.to_uppercase()
            } else {
                repeated
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

pub(super) fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// How a paragraph is numbered: `w:numPr`, on the paragraph or its style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct NumberingRef {
    pub(super) num_id: Option<u32>,
    pub(super) level: Option<usize>,
}

impl NumberingRef {
    /// Fields set here win over those of `base` (a style's).
    pub(super) fn or(self, base: NumberingRef) -> NumberingRef {
        NumberingRef {
            num_id: self.num_id.or(base.num_id),
            level: self.level.or(base.level),
        }
    }
}
