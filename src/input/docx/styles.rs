//! `word/styles.xml`: the numbering a paragraph style brings, through
//! `basedOn` chains of bounded depth.

use super::numbering::NumberingRef;
use super::*;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;
use std::collections::HashMap;

/// Paragraph styles: their parent and numbering (`word/styles.xml`).
#[derive(Debug, Default)]
pub(super) struct Styles {
    pub(super) styles: HashMap<String, Style>,
    /// The style of paragraphs that name none.
    pub(super) default: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Style {
    pub(super) based_on: Option<String>,
    pub(super) numbering: NumberingRef,
}

impl Styles {
    pub(super) fn parse(xml: &str) -> Result<Styles, DocxError> {
        const PART: &str = "word/styles.xml";
        let mut styles = Styles::default();
        let mut reader = NsReader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        let mut in_numbering = false;
        loop {
            let (resolved, event) = next_event(&mut reader, PART)?;
            let is_w = matches!(&resolved, ResolveResult::Bound(Namespace(ns)) if W_NAMESPACES.contains(ns));
            match event {
                Event::Eof => break,
                Event::DocType(_) => {
                    return Err(DocxError::Corrupt(format!("{PART} declares a DTD")))
                }
                Event::Start(e) | Event::Empty(e) if is_w => match e.local_name().as_ref() {
                    b"style" => {
                        let is_paragraph = attribute(&e, b"type").is_none_or(|t| t == "paragraph");
                        let id = attribute(&e, b"styleId");
                        if let (true, Some(id)) = (is_paragraph, id) {
                            if attribute(&e, b"default").is_some_and(|d| d == "1" || d == "true") {
                                styles.default = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, style)) = current.as_mut() {
                            style.based_on = val(&e);
                        }
                    }
                    b"numPr" => in_numbering = true,
                    b"ilvl" if in_numbering => {
                        if let Some((_, style)) = current.as_mut() {
                            style.numbering.level = val(&e).and_then(|v| v.parse().ok());
                        }
                    }
                    b"numId" if in_numbering => {
                        if let Some((_, style)) = current.as_mut() {
                            style.numbering.num_id = val(&e).and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                },
                Event::End(e) if is_w => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((id, style)) = current.take() {
                            styles.styles.insert(id, style);
                        }
                    }
                    b"numPr" => in_numbering = false,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The numbering a style gives, following `basedOn` (a few levels, and
    /// never round a loop).
    pub(super) fn numbering(&self, style: Option<&str>) -> NumberingRef {
        let mut result = NumberingRef::default();
        let mut current = style;
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(style) = current.and_then(|id| self.styles.get(id)) else {
                break;
            };
            result = result.or(style.numbering);
            current = style.based_on.as_deref();
        }
        result
    }
}
