//! The parts the layout is read from: a part within its size limit, the
//! document's relationships (which footer is which) and its settings.

use super::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

pub(super) fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    limit: u64,
) -> Result<Option<String>, LayoutError> {
    read_named_part(archive, name, limit)
}

/// The text of a part, `None` if there is none; never more than `limit` bytes.
pub(super) fn read_named_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, LayoutError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(LayoutError::Package(format!("cannot read {name}: {e}"))),
    };
    let too_large = || LayoutError::Package(format!("{name} is larger than {limit} bytes"));
    if file.size() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LayoutError::Package(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| LayoutError::Package(format!("{name} is not UTF-8")))
}

/// An attribute by local name, unescaped, and whether an on/off property
/// (`<w:b/>`, `<w:b w:val="0"/>`) is on: the docx reader's own.
pub(crate) use crate::input::docx::xml::{attribute as attr, is_on as is_on_attr};

/// `word/_rels/document.xml.rels`: id → (type, part name under `word/`).
pub(super) fn read_relationships(
    xml: &str,
) -> Result<HashMap<String, (String, String)>, LayoutError> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| LayoutError::xml("relationships", e))?
        {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("word/_rels/document.xml.rels")),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(kind), Some(target)) =
                    (attr(&e, b"Id"), attr(&e, b"Type"), attr(&e, b"Target"))
                {
                    let target = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("word/{target}"),
                    };
                    map.insert(id, (kind, target));
                }
            }
            _ => {}
        }
    }
    Ok(map)
}

/// `word/settings.xml`: whether odd and even pages have their own footers.
pub(super) fn read_settings(xml: &str) -> Result<bool, LayoutError> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader
            .read_event()
            .map_err(|e| LayoutError::xml("settings", e))?
        {
            Event::Eof => return Ok(false),
            Event::DocType(_) => return Err(LayoutError::Dtd("word/settings.xml")),
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"evenAndOddHeaders" =>
            {
                return Ok(is_on_attr(&e));
            }
            _ => {}
        }
    }
}
