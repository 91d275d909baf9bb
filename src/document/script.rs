//! Reports in traditional characters (pages reached through big5 gateways
//! or mirror sites: 「北京市2020年法治政府建設年度情況報告」) are checked like
//! the same report in simplified characters. The model is parsed on a
//! simplified copy used for matching only; spans and quoted text stay on
//! the original.
//!
//! The copy is made with `fast2s`, which maps each character to one
//! character of the same UTF-8 length (a three-byte CJK character to a
//! three-byte one), so every byte offset of the copy is the same place in
//! the original and spans can be shared.

use std::borrow::Cow;
use std::sync::LazyLock;

/// fast2s's table (`traditional simplified`, a line each), copied
/// unedited: its first column is every character fast2s converts alone.
static TABLE: &str = include_str!("../../data/fast2s-t2s.txt");

/// The character fast2s converts only next to certain others (「看著」);
/// it is not in its table. (Its rule for 「藉口」 is never reached: 藉 is
/// one of the characters it leaves as they are in some words, and then
/// looks up in the table, which lacks it.)
const IN_CONTEXT: [char; 1] = ['著'];

/// One bit per three-byte character (U+0800 to U+FFFF): set when fast2s
/// may convert it. Every other character fast2s leaves as it is, whatever
/// its neighbours.
static MAY_CHANGE: LazyLock<Box<[u64; 1024]>> = LazyLock::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    let keys = TABLE.lines().filter_map(|line| line.chars().next());
    for c in keys.chain(IN_CONTEXT) {
        let c = c as usize;
        if (0x800..=0xFFFF).contains(&c) {
            bits[c >> 6] |= 1 << (c & 63);
        }
    }
    bits
});

/// Whether `text` has a character fast2s may convert: one pass over its
/// bytes, reading the code point of each three-byte character only.
fn has_traditional(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0xE0 {
            i += 1; // ASCII, a continuation byte or a two-byte lead
            continue;
        }
        if b >= 0xF0 {
            i += 4;
            continue;
        }
        // A three-byte lead of valid UTF-8: two continuation bytes follow.
        let c = usize::from(b & 0x0F) << 12
            | usize::from(bytes[i + 1] & 0x3F) << 6
            | usize::from(bytes[i + 2] & 0x3F);
        if MAY_CHANGE[c >> 6] & (1 << (c & 63)) != 0 {
            return true;
        }
        i += 3;
    }
    false
}

/// The text for matching: `text` itself when it has no traditional
/// characters, else its simplified copy of the same byte length.
pub fn for_matching(text: &str) -> Cow<'_, str> {
    // Most reports have no character fast2s converts: one scan of the
    // bytes finds that, without converting (three hash lookups a
    // character) or copying.
    if !has_traditional(text) {
        return Cow::Borrowed(text);
    }
    let simplified = fast2s::convert(text);
    if simplified == text || !same_boundaries(text, &simplified) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(simplified)
    }
}

/// Whether every character of `a` has the same byte length as the
/// character at the same place in `b` (so spans fit both).
fn same_boundaries(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x.len_utf8() == y.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_gets_a_simplified_copy_of_the_same_length() {
        let text = "北京市2020年法治政府建設年度情況報告\n發布時間:2021-03-30";
        let copy = for_matching(text);
        assert_eq!(
            copy,
            "北京市2020年法治政府建设年度情况报告\n发布时间:2021-03-30"
        );
        assert_eq!(copy.len(), text.len());
        let at = copy.find("报告").unwrap();
        assert_eq!(&text[at..at + "報告".len()], "報告");
    }

    #[test]
    fn simplified_text_is_borrowed() {
        assert!(matches!(
            for_matching("某局2022年法治政府建设年度报告"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(for_matching("plain ascii"), Cow::Borrowed(_)));
        assert!(matches!(for_matching(""), Cow::Borrowed(_)));
    }

    /// The table is fast2s's own: a character converts alone exactly when
    /// it is a key of the table (checked for every three-byte character),
    /// and the characters converted only in context are converted there.
    #[test]
    fn the_table_is_what_fast2s_converts() {
        for code in 0x800..=0xFFFF_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let alone = c.to_string();
            let converts = fast2s::convert(&alone) != alone;
            let listed = has_traditional(&alone);
            assert_eq!(
                converts,
                listed && !IN_CONTEXT.contains(&c),
                "U+{code:04X} {c}: data/fast2s-t2s.txt is not fast2s's table; copy it again"
            );
        }
        assert_eq!(fast2s::convert("看著"), "看着");
        assert_eq!(fast2s::convert("藉口憑藉"), "藉口憑藉".replace('憑', "凭"));
    }

    /// Text without a listed character is never converted, whatever its
    /// neighbours: the words fast2s treats specially included.
    #[test]
    fn unlisted_text_is_left_as_it_is() {
        let samples = [
            "答覆批覆回覆甚夥慰藉狼藉瞭望幺麽樊於乾隆乾坤计畫企畫",
            "覆盖、著名、幺、𠀀𝄞 and ascii ü",
            "某局2022年法治政府建设年度报告\n一、主要举措",
        ];
        for text in samples {
            let unlisted: String = text
                .chars()
                .filter(|&c| !has_traditional(&c.to_string()))
                .collect();
            assert_eq!(fast2s::convert(&unlisted), unlisted);
            assert!(!has_traditional(&unlisted));
        }
    }
}
