//! Plain text: its encoding found (a byte-order mark, UTF-8, GB18030,
//! UTF-16 without a mark), binary refused, the text checked for what a
//! report never holds, and a fixed text encoded back the same way.

use super::*;
use crate::text::chars::is_cjk;
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) const UTF16LE_BOM: &[u8] = b"\xFF\xFE";

pub(super) const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// `bytes` as UTF-8 text: validated with SIMD (a tenth of the standard
/// validator's time on Chinese text, where its ASCII shortcut never
/// applies); only invalid input is validated again, for the standard
/// error with its offset.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Steps 2 to 5: pick the encoding and decode, without the final text checks.
pub(super) fn decode_raw(bytes: &[u8], path: &str) -> Result<DecodedText, InputError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match utf8(rest) {
            Ok(text) => Ok(DecodedText {
                text: text.to_owned(),
                encoding: SourceEncoding::Utf8Bom,
                tables: Vec::new(),
                layout: None,
                pages: None,
            }),
            Err(err) => Err(InputError::UnknownEncoding {
                path: path.to_owned(),
                offset: UTF8_BOM.len() + err.valid_up_to(),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return decode_utf16(UTF_16LE, rest, SourceEncoding::Utf16LeBom, path);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return decode_utf16(UTF_16BE, rest, SourceEncoding::Utf16BeBom, path);
    }

    if let Some(what) = sniff_binary(bytes) {
        return Err(InputError::Binary {
            path: path.to_owned(),
            what,
        });
    }

    let utf8_error = match utf8(bytes) {
        Ok(text) => {
            return Ok(DecodedText {
                text: text.to_owned(),
                encoding: SourceEncoding::Utf8,
                tables: Vec::new(),
                layout: None,
                pages: None,
            })
        }
        Err(err) => err,
    };

    // Valid UTF-8 cut off inside its last character: GB18030 would often
    // "decode" it into plausible-looking nonsense, so do not try.
    let truncated_utf8 = utf8_error.error_len().is_none() && utf8_error.valid_up_to() > 0;
    if let Some(text) = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .filter(|_| !truncated_utf8)
    {
        if is_plausible_chinese(&text) {
            return Ok(DecodedText {
                text: text.into_owned(),
                encoding: SourceEncoding::Gb18030,
                tables: Vec::new(),
                layout: None,
                pages: None,
            });
        }
    }

    Err(InputError::UnknownEncoding {
        path: path.to_owned(),
        offset: utf8_error.valid_up_to(),
    })
}

/// Strictly decode the UTF-16 content that followed a (two-byte) BOM.
pub(super) fn decode_utf16(
    encoding: &'static Encoding,
    rest: &[u8],
    source_encoding: SourceEncoding,
    path: &str,
) -> Result<DecodedText, InputError> {
    match encoding.decode_without_bom_handling_and_without_replacement(rest) {
        Some(text) => Ok(DecodedText {
            text: text.into_owned(),
            encoding: source_encoding,
            tables: Vec::new(),
            layout: None,
            pages: None,
        }),
        None => Err(InputError::UnknownEncoding {
            path: path.to_owned(),
            // Both UTF-16 BOMs are two bytes long.
            offset: 2 + first_malformed_offset(encoding, rest),
        }),
    }
}

/// Byte offset in `bytes` where the first malformed sequence for `encoding`
/// starts. Only meaningful when the bytes are known to be malformed; returns
/// `bytes.len()` if no malformed sequence is found.
pub(super) fn first_malformed_offset(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buffer = [0u8; 4096];
    let mut consumed = 0usize;
    loop {
        let src = bytes.get(consumed..).unwrap_or_default();
        let (result, read, _written) =
            decoder.decode_to_utf8_without_replacement(src, &mut buffer, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return bytes.len(),
            DecoderResult::OutputFull => {
                // A 4 KiB buffer always has room for at least one character,
                // so progress is guaranteed; guard anyway against looping.
                if read == 0 {
                    return consumed;
                }
            }
            DecoderResult::Malformed(bad, after) => {
                return consumed.saturating_sub(usize::from(bad) + usize::from(after));
            }
        }
    }
}

/// Recognise common binary formats by their leading bytes, and any NUL byte.
///
/// Returns a short human-readable description of what the file seems to be.
pub(super) fn sniff_binary(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"%PDF", "PDF document"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"\x7FELF", "ELF executable"),
        (b"\x1F\x8B", "gzip archive"),
        (
            b"\xD0\xCF\x11\xE0",
            "OLE2 compound file, e.g. an old Word .doc",
        ),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some((*what).to_owned());
        }
    }

    if bytes.contains(&0) {
        let what = if looks_like_bomless_utf16(bytes) {
            "contains NUL bytes; it may be UTF-16 text without a byte-order mark"
        } else {
            "contains NUL bytes"
        };
        return Some(what.to_owned());
    }
    None
}

/// Heuristic: all NUL bytes sit at positions of the same parity, which is
/// what mostly-ASCII UTF-16 text without a BOM looks like.
pub(super) fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return false;
    }
    let mut even = 0usize;
    let mut odd = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    (even == 0) != (odd == 0)
}

/// Accept GB18030-decoded text only if at least 60% of its non-ASCII
/// characters are CJK ideographs or CJK punctuation. This stops Latin-1,
/// Windows-1252 and similar single-byte text from being silently
/// misinterpreted as GB18030.
pub(super) fn is_plausible_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if is_cjk(c) {
            cjk += 1;
        }
    }
    // Text that needed GB18030 decoding always has non-ASCII characters, but
    // be safe: pure ASCII has no evidence of being Chinese.
    non_ascii > 0 && cjk * 10 >= non_ascii * 6
}

/// Control characters that may legitimately appear in a text report.
/// Tab, line breaks, form feed; Word's manual line break (VT) and a DOS
/// end-of-file mark (SUB) also occur in real exported reports.
pub(super) fn is_allowed_control(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1a')
}

/// Step 6: reject decoded text that is binary-looking or blank.
pub(super) fn check_text(text: &str, path: &str) -> Result<(), InputError> {
    const HEAD_CHARS: usize = 512;

    let is_bad = |c: char| c.is_control() && !is_allowed_control(c);
    let head_end = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let control_in_head = text[..head_end].chars().any(is_bad);
    let (total, controls) = count_chars_and_controls(text);
    let blank = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty();

    // "More than 1% of chars": controls / total > 1 / 100.
    if control_in_head || controls * 100 > total {
        return Err(InputError::Binary {
            path: path.to_owned(),
            what: "control characters".to_owned(),
        });
    }
    if blank {
        return Err(InputError::Blank {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// How many characters `text` has, and how many of them are control
/// characters other than [`is_allowed_control`]'s, read from its bytes:
/// the controls (U+0000 to U+001F, U+007F to U+009F) are the ASCII bytes
/// (counted branch-free, which the compiler vectorises) and the two-byte
/// characters after a 0xC2 byte (rare in Chinese text: found by memchr).
fn count_chars_and_controls(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    // In chunks of 255, so that the count of each fits in a byte: the
    // compiler then counts 16 bytes an instruction.
    let ascii = bytes
        .chunks(255)
        .map(|chunk| {
            let bad = |b: u8| (b < b'\t') | ((b > b'\r') & (b < 0x20) & (b != 0x1A)) | (b == 0x7F);
            usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(bad(b))))
        })
        .sum::<usize>();
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .filter(|&i| matches!(bytes.get(i + 1), Some(0x80..=0x9F)))
        .count();
    (text.chars().count(), ascii + c1)
}

/// Encodes `text` the way the file was stored: same encoding, same BOM.
/// (Line endings were never changed.)
pub fn encode(text: &str, encoding: SourceEncoding) -> Option<Vec<u8>> {
    const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
    let bytes = match encoding {
        SourceEncoding::Utf8 => text.as_bytes().to_vec(),
        SourceEncoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        SourceEncoding::Utf16LeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        SourceEncoding::Utf16BeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
        SourceEncoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return None;
            }
            bytes.into_owned()
        }
        // A document is read as text; rl-lint does not write documents.
        SourceEncoding::Docx
        | SourceEncoding::Pdf
        | SourceEncoding::Html
        | SourceEncoding::Mhtml
        | SourceEncoding::Odt
        | SourceEncoding::Doc
        | SourceEncoding::Wps
        | SourceEncoding::Ofd => return None,
    };
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts of the byte pass are those of the characters, for every
    /// character alone and in mixed text.
    #[test]
    fn controls_are_counted_from_bytes_as_from_characters() {
        let by_chars = |text: &str| {
            let controls = text
                .chars()
                .filter(|&c| c.is_control() && !is_allowed_control(c))
                .count();
            (text.chars().count(), controls)
        };
        let mut all = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(
                count_chars_and_controls(&alone),
                by_chars(&alone),
                "U+{:04X}",
                c as u32
            );
            if (c as u32) < 0x3000 || (c as u32).is_multiple_of(97) {
                all.push(c);
            }
        }
        assert_eq!(count_chars_and_controls(&all), by_chars(&all));
    }

    #[test]
    fn utf8_errors_keep_their_offset() {
        assert_eq!(utf8("报告".as_bytes()), Ok("报告"));
        let bad = [
            b"ok\xE6\x8A".as_slice(),
            b"\xFF".as_slice(),
            b"a\xC2".as_slice(),
        ];
        for bytes in bad {
            assert_eq!(utf8(bytes), std::str::from_utf8(bytes));
        }
    }
}
