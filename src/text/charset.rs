//! A set of characters that finds its members in a text by reading bytes:
//! a character whose first byte no member starts with is passed over
//! without being decoded. Most characters of a report are Han characters
//! whose lead bytes no punctuation mark shares, so a scan for marks reads
//! about one byte in three and decodes only the punctuation.

/// A set of characters, with a table of the first UTF-8 bytes of its
/// members and a bitset over the Basic Multilingual Plane.
#[derive(Debug, Clone)]
pub struct CharSet {
    leads: [bool; 256],
    /// One bit per code point below U+10000.
    bmp: Box<[u64; 1024]>,
    /// Members above U+FFFF, sorted.
    astral: Vec<char>,
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet {
            leads: [false; 256],
            bmp: Box::new([0; 1024]),
            astral: Vec::new(),
        };
        for c in chars {
            let mut buf = [0; 4];
            set.leads[usize::from(c.encode_utf8(&mut buf).as_bytes()[0])] = true;
            let code = c as usize;
            if code < 0x10000 {
                set.bmp[code >> 6] |= 1 << (code & 63);
            } else {
                set.astral.push(c);
            }
        }
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }

    pub fn contains(&self, c: char) -> bool {
        let code = c as usize;
        if code < 0x10000 {
            self.bmp[code >> 6] & (1 << (code & 63)) != 0
        } else {
            self.astral.binary_search(&c).is_ok()
        }
    }

    /// The members in `text`, with their byte offsets, in order.
    pub fn find_iter<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, char)> + use<'s, 't> {
        let bytes = text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < bytes.len() {
                let b = bytes[i];
                let at = i;
                i += char_len(b);
                if self.leads[usize::from(b)] {
                    // `at` starts a character of valid UTF-8.
                    let c = text[at..].chars().next()?;
                    if self.contains(c) {
                        return Some((at, c));
                    }
                }
            }
            None
        })
    }
}

/// The length of the UTF-8 character starting with byte `lead`.
pub fn char_len(lead: u8) -> usize {
    match lead {
        0..0xC0 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_the_characters_give() {
        let members = [
            '“',
            '”',
            '（',
            '）',
            '(',
            ')',
            '《',
            '》',
            '😀',
            '\u{10FFFF}',
            'é',
        ];
        let set = CharSet::new(members);
        let text = "他说“（一）(a)《法》”😀é\u{10FFFF}，法治ée😁\u{3000}(";
        let expected: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| members.contains(c))
            .collect();
        assert_eq!(set.find_iter(text).collect::<Vec<_>>(), expected);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(set.contains(c), members.contains(&c), "U+{:04X}", c as u32);
            let mut buf = [0; 4];
            assert_eq!(
                char_len(c.encode_utf8(&mut buf).as_bytes()[0]),
                c.len_utf8()
            );
        }
        assert_eq!(CharSet::new([]).find_iter(text).count(), 0);
    }
}
