//! What kind of character a character is, for Chinese text. One place, so
//! that the decoder's plausibility test, the punctuation check and the
//! document model agree on what counts as Chinese.

/// Whitespace in a report: Unicode whitespace, the ideographic space
/// (U+3000) writers indent with, and a stray byte-order mark (U+FEFF).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// A Han character of the basic CJK Unified Ideographs block (U+4E00 to
/// U+9FFF), where every character of a modern 公文 lies.
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A CJK character that Chinese text is made of: the ideographs (with
/// Extension A), CJK symbols and punctuation (「」、。), and the
/// half-width and full-width forms (，：（）).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{3400}'..='\u{4DBF}' // CJK Unified Ideographs Extension A
        | '\u{3000}'..='\u{303F}' // CJK Symbols and Punctuation
        | '\u{FF00}'..='\u{FFEF}' // Halfwidth and Fullwidth Forms
    )
}

/// A character that makes its neighbourhood Chinese: a CJK character, or
/// the curly quotes that Chinese text uses (“”‘’ are General Punctuation,
/// shared with English, but an ASCII mark next to one is a slip).
pub fn is_chinese_context(c: char) -> bool {
    is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('法') && !is_han('，') && !is_han('a'));
        assert!(is_cjk('，') && is_cjk('、') && is_cjk('㐀') && !is_cjk('“'));
        assert!(is_chinese_context('“') && !is_chinese_context(','));
    }
}
