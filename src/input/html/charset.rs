//! A page's bytes → text: the byte-order mark, then the HTTP header's or
//! the page's own `<meta charset>`, then detection.

use super::*;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The page's text: BOM, then valid UTF-8, then the declared charset, then
/// GB18030. Undecodable bytes become U+FFFD, as a browser shows them.
pub(super) fn decode(bytes: &[u8], transport: Option<&str>) -> (String, &'static Encoding) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), UTF_8);
    }
    let declared = transport
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]))
        // A page cannot be UTF-16 without a BOM once it was not UTF-8,
        // and the meta of a UTF-16 page would not be readable as ASCII.
        .filter(|e| *e != UTF_16LE && *e != UTF_16BE && *e != UTF_8);
    let encoding = declared.unwrap_or(GB18030);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding)
}

/// The encoding a page's `<meta charset=…>` or `<meta http-equiv=…
/// content="text/html; charset=…">` names, found by looking for
/// `charset=` inside `<meta` tags.
pub(super) fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut rest = head;
    while let Some(at) = find_ignore_case(rest, b"<meta") {
        let tag = &rest[at..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let tag = &tag[..end];
        if let Some(c) = find_ignore_case(tag, b"charset") {
            let value = tag[c + 7..]
                .iter()
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'=')
                .skip_while(|b| **b == b'"' || **b == b'\'')
                .take_while(|b| !(b.is_ascii_whitespace() || b";\"'/>".contains(b)))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                return Some(encoding);
            }
        }
        rest = &rest[at + 5..];
    }
    None
}

/// Where `needle` (lowercase ASCII) first occurs in `haystack`, ignoring
/// ASCII case.
pub(super) fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = memchr::memchr2(first, first.to_ascii_uppercase(), &haystack[from..]) {
        let at = from + i;
        let candidate = haystack.get(at..at + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

// ---------------------------------------------------------------------------
// MHT web archives (RFC 2557)
// ---------------------------------------------------------------------------
