//! The OFD package: its zip directory counted before anything is read,
//! parts read within their limits, and the paths between them resolved.

use super::*;
use std::io::{Cursor, Read};

/// How many entries a zip's end record says its directory holds; `None`
/// without an end record. (A Zip64 archive's count is at most the file's
/// size over the 46 bytes an entry takes in the directory.)
pub(super) fn directory_entries(bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"PK\x05\x06";
    // The end record is 22 bytes and a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let at = bytes[from..]
        .windows(END.len())
        .rposition(|w| w == END)
        .map(|at| from + at)?;
    let record = bytes.get(at..at + 22)?;
    let total = usize::from(u16::from_le_bytes([record[10], record[11]]));
    Some(if total == 0xFFFF {
        bytes.len() / 46
    } else {
        total
    })
}

/// The package being read, and what is left of its decoding budget.
pub(super) struct Package<'a> {
    pub(super) archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes the parts may still decode to.
    pub(super) decoded_left: u64,
    pub(super) decoded_limit: u64,
}

impl Package<'_> {
    pub(super) fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Reads a part of at most [`MAX_PART_XML`] bytes, as text, within
    /// the decoding budget.
    pub(super) fn part(&mut self, name: &str) -> Result<String, OfdError> {
        let name = name.trim_start_matches('/');
        let file = self
            .archive
            .by_name(name)
            .map_err(|e| OfdError::Malformed(format!("缺少 {name}（{e}）")))?;
        let cap = MAX_PART_XML.min(self.decoded_left);
        let mut bytes = Vec::new();
        file.take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| OfdError::Malformed(format!("无法读取 {name}（{e}）")))?;
        let read = bytes.len() as u64;
        if read > MAX_PART_XML {
            return Err(OfdError::PartTooLarge {
                part: name.to_owned(),
                limit: MAX_PART_XML,
            });
        }
        if read > self.decoded_left {
            return Err(OfdError::Decoded {
                limit: self.decoded_limit,
            });
        }
        self.decoded_left -= read;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes)
            .map_err(|_| OfdError::Malformed(format!("{name} 不是 UTF-8 编码的 XML")))
    }
}

/// A path inside the package, from the folder of the part that names it
/// (`base`), or from the root when it starts with `/`.
pub(super) fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if let Some(absolute) = location.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for piece in location.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// The folder of a part's path (`Doc_0` for `Doc_0/Document.xml`).
pub(super) fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..at])
}
