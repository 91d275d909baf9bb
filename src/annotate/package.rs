//! The package of the annotated copy: the comments part (new, or the
//! document's own with the new comments appended), the relationship and
//! content type a new comments part needs, and the zip archive rewritten
//! with every other entry copied raw (its compressed bytes as stored).

use super::AnnotateError;
use crate::input::docx::{DocxError, MAX_PART_XML};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Read, Write};

pub const DOCUMENT: &str = "word/document.xml";
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const COMMENTS_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_RELATIONSHIP_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";
const RELATIONSHIPS_NAMESPACE: &str =
    "http://schemas.openxmlformats.org/package/2006/relationships";
const CONTENT_TYPES_NAMESPACE: &str =
    "http://schemas.openxmlformats.org/package/2006/content-types";

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn corrupt(reason: String) -> AnnotateError {
    AnnotateError::Docx(DocxError::Corrupt(reason))
}

/// Whether a part starts with a UTF-8 byte-order mark (which reading it
/// drops, and writing it back restores).
pub fn starts_with_bom(archive: &mut Archive, name: &str) -> Result<bool, AnnotateError> {
    let mut head = Vec::with_capacity(3);
    match archive.by_name(name) {
        Ok(file) => file
            .take(3)
            .read_to_end(&mut head)
            .map_err(|e| corrupt(format!("cannot read {name}: {e}")))?,
        Err(zip::result::ZipError::FileNotFound) => return Err(DocxError::NotWord.into()),
        Err(e) => return Err(corrupt(format!("cannot read {name}: {e}"))),
    };
    Ok(head == b"\xEF\xBB\xBF")
}

/// Text for XML character data and attribute values: escaped, and
/// without the characters XML 1.0 cannot hold.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// An attribute by local name.
fn attribute(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The prefix of a part's root element (`w` of `<w:comments>`), empty
/// when it is in the default namespace.
fn root_prefix(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Ok(e
                    .name()
                    .prefix()
                    .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
                    .unwrap_or_default())
            }
            Ok(Event::Eof) => return Err("it has no root element".into()),
            Ok(Event::DocType(_)) => return Err("it declares a DTD".into()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// `xml` with `insert` written just before the end tag of its root
/// element, which must be `</{qualified}>`.
fn before_root_end(xml: &str, qualified: &str, insert: &str) -> Option<String> {
    let end = xml.rfind("</")?;
    let tail = xml[end + 2..].trim_start();
    let rest = tail.strip_prefix(qualified)?;
    if !rest.trim_start().starts_with('>') {
        return None;
    }
    Some(format!("{}{insert}{}", &xml[..end], &xml[end..]))
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

/// The part a relationship of `word/document.xml` targets.
fn resolve_target(target: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let (base, target) = match target.strip_prefix('/') {
        Some(absolute) => ("", absolute),
        None => ("word", target),
    };
    for segment in base.split('/').chain(target.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// A part of at most [`MAX_PART_XML`] bytes, `None` if absent.
fn read(archive: &mut Archive, name: &str) -> Result<Option<String>, AnnotateError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("cannot read {name}: {e}"))),
    };
    if file.size() > MAX_PART_XML {
        return Err(DocxError::TooLarge {
            part: "a part of the package",
            limit: MAX_PART_XML,
        }
        .into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PART_XML + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| corrupt(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_PART_XML {
        return Err(DocxError::TooLarge {
            part: "a part of the package",
            limit: MAX_PART_XML,
        }
        .into());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| corrupt(format!("{name} is not UTF-8")))
}

/// The document's comments: those it has and those being added.
#[derive(Debug)]
pub struct Comments {
    /// The comments part's name in the archive.
    part: String,
    /// Its text, when the document has one.
    existing: Option<String>,
    /// The prefix its comments are written with.
    prefix: String,
    namespace: &'static str,
    /// The new `w:comment` elements.
    added: String,
    /// The largest id of the comments it has.
    pub max_id: Option<u64>,
    /// `word/_rels/document.xml.rels`, when there is one, and whether a
    /// relationship to the comments part must be added to it.
    relationships: Option<String>,
    needs_relationship: bool,
    strict: bool,
}

impl Comments {
    /// The comments of the document in `archive`, whose WordprocessingML
    /// namespace is `namespace`.
    pub fn read(archive: &mut Archive, namespace: &'static str) -> Result<Comments, AnnotateError> {
        let relationships = read(archive, RELATIONSHIPS)?;
        let mut target = None;
        if let Some(rels) = relationships.as_deref() {
            let mut reader = Reader::from_str(rels);
            loop {
                match reader.read_event() {
                    Ok(Event::Eof) => break,
                    Ok(Event::DocType(_)) => {
                        return Err(corrupt(format!("{RELATIONSHIPS} declares a DTD")))
                    }
                    Ok(Event::Start(e) | Event::Empty(e))
                        if e.local_name().as_ref() == b"Relationship" =>
                    {
                        let is_comments = attribute(&e, b"Type").is_some_and(|t| {
                            t == COMMENTS_RELATIONSHIP || t == COMMENTS_RELATIONSHIP_STRICT
                        });
                        let external =
                            attribute(&e, b"TargetMode").is_some_and(|m| m == "External");
                        if is_comments && !external {
                            target = attribute(&e, b"Target").map(|t| resolve_target(&t));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return Err(corrupt(format!(
                            "{RELATIONSHIPS} is not well-formed XML: {e}"
                        )))
                    }
                }
            }
        }
        let strict = namespace != super::TRANSITIONAL;
        let mut comments = Comments {
            part: String::new(),
            existing: None,
            prefix: "w".into(),
            namespace,
            added: String::new(),
            max_id: None,
            needs_relationship: target.is_none(),
            relationships,
            strict,
        };
        match target {
            Some(part) => {
                if let Some(xml) = read(archive, &part)? {
                    comments.prefix = root_prefix(&xml)
                        .map_err(|e| corrupt(format!("{part} cannot be read: {e}")))?;
                    comments.max_id = max_comment_id(&xml)?;
                    comments.existing = Some(xml);
                }
                comments.part = part;
            }
            None => {
                // A name no part of the package has.
                let names: std::collections::HashSet<&str> = archive.file_names().collect();
                comments.part = std::iter::once("word/comments.xml".to_string())
                    .chain((1..).map(|n| format!("word/comments{n}.xml")))
                    .find(|name| !names.contains(name.as_str()))
                    .unwrap_or_default();
            }
        }
        Ok(comments)
    }

    /// Adds a comment of `paragraphs` with id `id`, dated `date`.
    pub fn add(&mut self, id: u64, date: &str, paragraphs: &[String]) {
        let w = if self.prefix.is_empty() {
            // Comments in the default namespace: write ours with a prefix
            // of their own.
            "rlw"
        } else {
            self.prefix.as_str()
        };
        let declare = if self.prefix.is_empty() {
            format!(r#" xmlns:rlw="{}""#, self.namespace)
        } else {
            String::new()
        };
        self.added.push_str(&format!(
            r#"<{w}:comment{declare} {w}:id="{id}" {w}:author="{author}" {w}:date="{date}" {w}:initials="RL">"#,
            author = super::AUTHOR,
            date = escape(date),
        ));
        for (i, paragraph) in paragraphs.iter().enumerate() {
            self.added.push_str(&format!("<{w}:p>"));
            if i == 0 {
                self.added
                    .push_str(&format!("<{w}:r><{w}:annotationRef/></{w}:r>"));
            }
            self.added.push_str(&format!(
                r#"<{w}:r><{w}:t xml:space="preserve">{}</{w}:t></{w}:r></{w}:p>"#,
                escape(paragraph)
            ));
        }
        self.added.push_str(&format!("</{w}:comment>"));
    }

    /// The comments part's text.
    fn xml(&self) -> Result<String, AnnotateError> {
        match &self.existing {
            Some(xml) => before_root_end(xml, &qualified(&self.prefix, "comments"), &self.added)
                .ok_or_else(|| corrupt(format!("{} does not end with its comments element", self.part))),
            None => Ok(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{}\">{}</w:comments>",
                self.namespace, self.added
            )),
        }
    }
}

/// The largest `w:id` of the `w:comment` elements of a comments part.
fn max_comment_id(xml: &str) -> Result<Option<u64>, AnnotateError> {
    let mut reader = Reader::from_str(xml);
    let mut max = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(max),
            Ok(Event::DocType(_)) => {
                return Err(corrupt("the comments part declares a DTD".into()))
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"comment" => {
                if let Some(id) = attribute(&e, b"id").and_then(|v| v.trim().parse::<u64>().ok()) {
                    max = max.max(Some(id));
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(corrupt(format!(
                    "the comments part is not well-formed XML: {e}"
                )))
            }
        }
    }
}

/// A relationship id the relationships part does not use yet.
fn fresh_relationship_id(rels: &str) -> String {
    (1..)
        .map(|n| format!("rIdRlLint{n}"))
        .find(|id| !rels.contains(&format!("\"{id}\"")))
        .unwrap_or_default()
}

/// The relationships of `word/document.xml` with one to the comments part.
fn relationships_with(comments: &Comments) -> Result<String, AnnotateError> {
    let kind = if comments.strict {
        COMMENTS_RELATIONSHIP_STRICT
    } else {
        COMMENTS_RELATIONSHIP
    };
    let target = comments
        .part
        .strip_prefix("word/")
        .map_or_else(|| format!("/{}", comments.part), str::to_string);
    match &comments.relationships {
        Some(rels) => {
            let prefix = root_prefix(rels)
                .map_err(|e| corrupt(format!("{RELATIONSHIPS} cannot be read: {e}")))?;
            let element = qualified(&prefix, "Relationship");
            let id = fresh_relationship_id(rels);
            let entry = format!(r#"<{element} Id="{id}" Type="{kind}" Target="{}"/>"#, escape(&target));
            before_root_end(rels, &qualified(&prefix, "Relationships"), &entry)
                .ok_or_else(|| corrupt(format!("{RELATIONSHIPS} does not end with its Relationships element")))
        }
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{RELATIONSHIPS_NAMESPACE}\"><Relationship Id=\"rIdRlLint1\" Type=\"{kind}\" Target=\"{}\"/></Relationships>",
            escape(&target)
        )),
    }
}

/// `[Content_Types].xml` with the comments part's content type, unless
/// it names it already.
fn content_types_with(types: Option<String>, part: &str) -> Result<Option<String>, AnnotateError> {
    let part_name = format!("/{part}");
    let Some(types) = types else {
        return Ok(Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"{CONTENT_TYPES_NAMESPACE}\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"{part_name}\" ContentType=\"{COMMENTS_CONTENT_TYPE}\"/></Types>"
        )));
    };
    let mut reader = Reader::from_str(&types);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::DocType(_)) => {
                return Err(corrupt(format!("{CONTENT_TYPES} declares a DTD")))
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Override" => {
                if attribute(&e, b"PartName").is_some_and(|p| p.eq_ignore_ascii_case(&part_name)) {
                    return Ok(None);
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(corrupt(format!(
                    "{CONTENT_TYPES} is not well-formed XML: {e}"
                )))
            }
        }
    }
    let prefix =
        root_prefix(&types).map_err(|e| corrupt(format!("{CONTENT_TYPES} cannot be read: {e}")))?;
    let entry = format!(
        r#"<{} PartName="{}" ContentType="{COMMENTS_CONTENT_TYPE}"/>"#,
        qualified(&prefix, "Override"),
        escape(&part_name)
    );
    before_root_end(&types, &qualified(&prefix, "Types"), &entry)
        .map(Some)
        .ok_or_else(|| {
            corrupt(format!(
                "{CONTENT_TYPES} does not end with its Types element"
            ))
        })
}

/// The annotated package: `document` for `word/document.xml`, the
/// comments part, and what a new comments part needs; every other entry
/// copied raw, in the order of the original.
pub fn rewrite(
    archive: &mut Archive,
    document: String,
    comments: Comments,
) -> Result<Vec<u8>, AnnotateError> {
    let mut replaced: Vec<(String, Vec<u8>)> = vec![
        (DOCUMENT.to_string(), document.into_bytes()),
        (comments.part.clone(), comments.xml()?.into_bytes()),
    ];
    if comments.needs_relationship {
        replaced.push((
            RELATIONSHIPS.to_string(),
            relationships_with(&comments)?.into_bytes(),
        ));
    }
    if comments.existing.is_none() {
        let types = read(archive, CONTENT_TYPES)?;
        if let Some(types) = content_types_with(types, &comments.part)? {
            replaced.push((CONTENT_TYPES.to_string(), types.into_bytes()));
        }
    }
    let failed =
        |e: zip::result::ZipError| corrupt(format!("cannot write the annotated copy: {e}"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut written = vec![false; replaced.len()];
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(failed)?;
        match replaced.iter().position(|(name, _)| name == file.name()) {
            Some(k) => {
                drop(file);
                if std::mem::replace(&mut written[k], true) {
                    return Err(corrupt(format!(
                        "the package holds {} twice",
                        replaced[k].0
                    )));
                }
                writer
                    .start_file(replaced[k].0.as_str(), options)
                    .map_err(failed)?;
                writer
                    .write_all(&replaced[k].1)
                    .map_err(|e| corrupt(format!("cannot write the annotated copy: {e}")))?;
            }
            None => writer.raw_copy_file(file).map_err(failed)?,
        }
    }
    for (k, (name, bytes)) in replaced.iter().enumerate() {
        if !written[k] {
            writer.start_file(name.as_str(), options).map_err(failed)?;
            writer
                .write_all(bytes)
                .map_err(|e| corrupt(format!("cannot write the annotated copy: {e}")))?;
        }
    }
    Ok(writer.finish().map_err(failed)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_from_the_word_folder() {
        assert_eq!(resolve_target("comments.xml"), "word/comments.xml");
        assert_eq!(resolve_target("/word/comments.xml"), "word/comments.xml");
        assert_eq!(resolve_target("../custom/c.xml"), "custom/c.xml");
        assert_eq!(resolve_target("./sub/c.xml"), "word/sub/c.xml");
    }

    #[test]
    fn insertions_go_before_the_root_end_tag() {
        assert_eq!(
            before_root_end("<a:x><a:y/></a:x>\n", "a:x", "<a:z/>").as_deref(),
            Some("<a:x><a:y/><a:z/></a:x>\n")
        );
        assert_eq!(before_root_end("<a:x><a:y/></a:w>", "a:x", ""), None);
    }

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
