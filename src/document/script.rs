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

/// The text for matching: `text` itself when it has no traditional
/// characters, else its simplified copy of the same byte length.
pub fn for_matching(text: &str) -> Cow<'_, str> {
    // Only three-byte characters are converted: text without any has
    // nothing to convert (and ASCII-only input costs one scan).
    if !text.bytes().any(|b| b >= 0xE0) {
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
}
