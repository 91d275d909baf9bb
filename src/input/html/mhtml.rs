//! A saved `.mht` archive → its page: MIME headers, the first HTML part,
//! quoted-printable and base64 bodies.

/// The HTML part of a web archive.
pub(super) struct MimePart {
    pub(super) body: Vec<u8>,
    pub(super) charset: Option<String>,
}

/// The headers of a MIME entity, unfolded, as (lowercase name, value), and
/// the offset where its body begins.
pub(super) fn mime_headers(bytes: &[u8]) -> (Vec<(String, String)>, usize) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        at = (end + 1).min(bytes.len());
        if line.is_empty() {
            return (headers, at);
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (headers, bytes.len())
}

pub(super) fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a header value: `boundary` of `multipart/related;
/// boundary="----=_NextPart"`.
pub(super) fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The first `text/html` part of a web archive, decoded from its transfer
/// encoding.
pub(super) fn mhtml_page(bytes: &[u8]) -> Option<MimePart> {
    let (headers, body_at) = mime_headers(bytes);
    let content_type = header(&headers, "content-type").unwrap_or("");
    let body = &bytes[body_at..];
    if content_type.to_ascii_lowercase().starts_with("text/html") {
        return Some(mime_part(&headers, body));
    }
    let boundary = parameter(content_type, "boundary")?;
    let delimiter = format!("--{boundary}");
    let finder = memchr::memmem::Finder::new(delimiter.as_bytes());
    let starts: Vec<usize> = finder.find_iter(body).collect();
    for (k, &start) in starts.iter().enumerate() {
        let from = start + delimiter.len();
        if body[from..].starts_with(b"--") {
            break;
        }
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        let part = &body[from..end];
        let part = part
            .iter()
            .position(|&b| b == b'\n')
            .map_or(&part[part.len()..], |i| &part[i + 1..]);
        let (part_headers, part_body) = mime_headers(part);
        let part_type = header(&part_headers, "content-type").unwrap_or("");
        if part_type.to_ascii_lowercase().starts_with("text/html") {
            return Some(mime_part(&part_headers, &part[part_body..]));
        }
    }
    None
}

pub(super) fn mime_part(headers: &[(String, String)], body: &[u8]) -> MimePart {
    let transfer = header(headers, "content-transfer-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let body = match transfer.trim() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.to_vec(),
    };
    MimePart {
        body,
        charset: header(headers, "content-type").and_then(|v| parameter(v, "charset")),
    }
}

pub(super) fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes quoted-printable (RFC 2045): `=XX` is a byte, `=` at the end of
/// a line joins it to the next; a malformed `=` is kept.
pub(super) fn quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) => match (hex(h), hex(l)) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Decodes base64, skipping whitespace and stopping at padding or at a
/// byte outside the alphabet.
pub(super) fn base64(bytes: &[u8]) -> Vec<u8> {
    pub(super) fn value(b: u8) -> Option<u32> {
        Some(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        if b.is_ascii_whitespace() {
            continue;
        }
        let Some(v) = value(b) else { break };
        acc = (acc << 6 | v) & 0xFF_FFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Walking the tree
// ---------------------------------------------------------------------------
