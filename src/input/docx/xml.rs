//! Reading a package's XML parts: a part read within its size limit, the
//! WordprocessingML names in either namespace (strict or transitional),
//! attributes, on/off values and character references.

use super::*;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::io::{Cursor, Read};

/// Leading bytes of a zip archive (a `.docx` is one).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Leading bytes of an OLE2 compound file: a legacy `.doc`, or a `.docx`
/// encrypted with a password.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// WordprocessingML's namespace, transitional and strict.
pub(crate) const W_NAMESPACES: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

pub(crate) const MARKUP_COMPATIBILITY: &[u8] =
    b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The text of one part of the package, `None` if there is no such part.
pub(crate) fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    limit: u64,
) -> Result<Option<String>, DocxError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Corrupt(format!("cannot read {name}: {e}"))),
    };
    let too_large = DocxError::TooLarge { part: name, limit };
    if file.size() > limit {
        return Err(too_large);
    }
    // The declared size may lie: never inflate more than the limit.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError::Corrupt(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // In place: the part is not copied.
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| DocxError::Corrupt(format!("{name} is not UTF-8")))
}

/// The pieces of WordprocessingML this module reads, by namespace and local name.
pub(crate) fn w_name(resolved: &ResolveResult, local: &[u8]) -> Option<WName> {
    let ResolveResult::Bound(Namespace(ns)) = resolved else {
        return None;
    };
    if W_NAMESPACES.contains(ns) {
        WName::from_local(local)
    } else if *ns == MARKUP_COMPATIBILITY && local == b"Fallback" {
        // Old renderings of what `mc:Choice` holds: reading both would
        // double the text.
        Some(WName::Skipped)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WName {
    Body,
    Paragraph,
    ParagraphProperties,
    ParagraphStyle,
    NumberingProperties,
    Level,
    NumberingId,
    Run,
    RunProperties,
    Vanish,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    Table,
    TableRow,
    TableCell,
    GridSpan,
    VerticalMerge,
    /// Elements whose whole content is left out: tables, drawings, tracked
    /// deletions.
    Skipped,
    Other,
}

impl WName {
    pub(super) fn from_local(local: &[u8]) -> Option<WName> {
        Some(match local {
            b"body" => WName::Body,
            b"p" => WName::Paragraph,
            b"pPr" => WName::ParagraphProperties,
            b"pStyle" => WName::ParagraphStyle,
            b"numPr" => WName::NumberingProperties,
            b"ilvl" => WName::Level,
            b"numId" => WName::NumberingId,
            b"r" => WName::Run,
            b"rPr" => WName::RunProperties,
            b"vanish" => WName::Vanish,
            b"t" => WName::Text,
            b"tab" | b"ptab" => WName::Tab,
            b"br" | b"cr" => WName::Break,
            b"noBreakHyphen" => WName::NoBreakHyphen,
            // `rt`: the phonetic guide above ruby text; `pPrChange` and
            // `rPrChange`: formatting before a tracked change.
            b"tbl" => WName::Table,
            b"tr" => WName::TableRow,
            b"tc" => WName::TableCell,
            b"gridSpan" => WName::GridSpan,
            b"vMerge" => WName::VerticalMerge,
            b"drawing" | b"pict" | b"object" | b"del" | b"moveFrom" | b"txbxContent" | b"rt"
            | b"pPrChange" | b"rPrChange" => WName::Skipped,
            _ => WName::Other,
        })
    }
}

/// The `w:val` attribute (in any prefix) of an element.
pub(crate) fn val(e: &BytesStart) -> Option<String> {
    attribute(e, b"val")
}

/// An attribute by local name.
pub(crate) fn attribute(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Whether an on/off property such as `<w:vanish/>` is on.
pub(crate) fn is_on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// A character or predefined entity reference in text; anything else
/// (an entity from a DTD) is refused.
pub(crate) fn resolve_reference(reference: &BytesRef) -> Result<String, DocxError> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| DocxError::Corrupt(format!("bad character reference: {e}")))?
    {
        return Ok(c.to_string());
    }
    let name = reference
        .decode()
        .map_err(|e| DocxError::Corrupt(e.to_string()))?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| DocxError::Corrupt(format!("unknown entity &{name};")))
}

/// The next event of `part` with the namespace its name resolves to: the
/// one step every reader of a package's XML takes. A malformed part is a
/// [`DocxError`] that says where.
pub(crate) fn next_event<'r, 'i>(
    reader: &'r mut NsReader<&'i [u8]>,
    part: &str,
) -> Result<(ResolveResult<'r>, Event<'i>), DocxError> {
    let position = reader.buffer_position();
    reader
        .read_resolved_event()
        .map_err(|e| xml_error(part, position, e))
}

/// The WordprocessingML name of the element an event starts, is or ends.
pub(crate) fn event_name(resolved: &ResolveResult, event: &Event) -> Option<WName> {
    match event {
        Event::Start(e) | Event::Empty(e) => w_name(resolved, e.local_name().as_ref()),
        Event::End(e) => w_name(resolved, e.local_name().as_ref()),
        _ => None,
    }
}

/// `word/document.xml` declares a DTD: refused (no entity of it is read).
pub(crate) fn document_dtd(part: &str) -> DocxError {
    DocxError::Corrupt(format!("{part} declares a DTD, which Word never writes"))
}

/// A table cell's `w:gridSpan`: the grid columns it covers, 1 to 64.
pub(crate) fn grid_span(e: &BytesStart) -> usize {
    val(e)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .clamp(1, 64)
}

/// Whether a cell's `w:vMerge` continues the cell above (anything but
/// `restart`, which begins a merge).
pub(crate) fn continues_merge(e: &BytesStart) -> bool {
    val(e).as_deref() != Some("restart")
}

pub(crate) fn xml_error(part: &str, reader_position: u64, e: impl std::fmt::Display) -> DocxError {
    DocxError::Corrupt(format!(
        "{part} is not well-formed XML (at byte {reader_position}): {e}"
    ))
}
