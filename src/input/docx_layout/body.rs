//! The body's second pass: each paragraph's and run's effective
//! properties through direct formatting, styles and the theme, and each
//! section's page setup.

use super::props::{Styles, ThemeFonts};
use super::*;
use crate::text::span::Span;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Resolves direct formatting through the styles and the theme.
pub(super) struct Resolver<'a> {
    pub(super) styles: &'a Styles,
    pub(super) theme: &'a ThemeFonts,
}

impl Resolver<'_> {
    pub(super) fn run(
        &self,
        direct: &RunProps,
        char_style: Option<&str>,
        paragraph: &RunProps,
    ) -> RunLayout {
        let props = direct
            .or(&self.styles.character_props(char_style))
            .or(paragraph);
        RunLayout {
            span: Span::new(0, 0),
            east_asia: props.east_asia.as_ref().and_then(|f| self.theme.resolve(f)),
            latin: props.latin.as_ref().and_then(|f| self.theme.resolve(f)),
            size: props.size.unwrap_or(DEFAULT_SIZE),
            bold: props.bold.unwrap_or(false),
        }
    }
}

/// A paragraph as read, before it is placed on its line.
pub(super) struct ReadParagraph {
    pub(super) style: Option<String>,
    pub(super) props: ParaProps,
    pub(super) mark: RunLayout,
    pub(super) text: String,
    /// Runs with their byte range in `text`.
    pub(super) runs: Vec<RunLayout>,
}

impl ReadParagraph {
    pub(super) fn place(self, line: Span, text: &str) -> ParagraphLayout {
        let line_text = line.text(text);
        // The paragraph's text ends its line; automatic numbering stands in front.
        let placed = line_text.len() >= self.text.len()
            && line_text.is_char_boundary(line_text.len() - self.text.len())
            && line_text[line_text.len() - self.text.len()..]
                .bytes()
                .zip(self.text.bytes())
                .all(|(a, b)| a == b || (matches!(b, b'\n' | b'\r') && a == b' '));
        let offset = line.end.saturating_sub(self.text.len());
        let runs = if placed {
            self.runs
                .into_iter()
                .map(|mut run| {
                    run.span = Span::new(offset + run.span.start, offset + run.span.end);
                    run
                })
                .collect()
        } else {
            // One run over the whole line, with the first run's properties.
            self.runs
                .into_iter()
                .next()
                .map(|mut run| {
                    run.span = line;
                    run
                })
                .into_iter()
                .collect()
        };
        let mut mark = self.mark;
        mark.span = line;
        ParagraphLayout {
            span: line,
            style: self.style,
            props: self.props,
            mark,
            runs,
        }
    }
}

/// A section as read: the page setup and its footer references by id.
pub(super) struct ReadSection {
    pub(super) section: Section,
    pub(super) footer_ids: Vec<(String, String)>,
}

/// Elements whose content is not text of the body (as in `docx.rs`).
pub(super) fn is_skipped(local: &[u8]) -> bool {
    matches!(
        local,
        b"drawing"
            | b"pict"
            | b"object"
            | b"del"
            | b"moveFrom"
            | b"txbxContent"
            | b"rt"
            | b"pPrChange"
            | b"rPrChange"
            | b"Fallback"
            | b"tbl"
            | b"instrText"
    )
}

/// What a paragraph-level reader is inside of.
#[derive(Default)]
pub(super) struct State {
    pub(super) in_ppr: bool,
    pub(super) in_rpr: bool,
    pub(super) in_mark_rpr: bool,
    pub(super) in_text: bool,
    pub(super) in_sect: bool,
    pub(super) run: Option<(RunProps, Option<String>, usize)>,
}

/// Reads the body: paragraphs and sections.
pub(super) fn read_body(
    xml: &str,
    resolver: &Resolver,
) -> Result<(Vec<ReadParagraph>, Vec<ReadSection>), LayoutError> {
    const PART: &str = "document";
    let mut reader = Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut sections = Vec::new();
    let mut in_body = false;
    let mut paragraph: Option<OpenParagraph> = None;
    let mut state = State::default();
    let mut section: Option<ReadSection> = None;
    let mut runs = 0usize;
    let finish = |open: OpenParagraph| {
        let (style, direct, mark_direct, text, runs) = open;
        let (style_props, style_run) = resolver.styles.paragraph_props(style.as_deref());
        let props = direct.or(&style_props);
        let mark = resolver.run(&mark_direct, None, &style_run);
        let runs = runs
            .into_iter()
            .map(|(direct, char_style, span)| {
                let mut run = resolver.run(&direct, char_style.as_deref(), &style_run);
                run.span = span;
                run
            })
            .collect();
        ReadParagraph {
            style: resolver.styles.paragraph_style_name(style.as_deref()),
            props,
            mark,
            text,
            runs,
        }
    };
    loop {
        let event = reader.read_event().map_err(|e| LayoutError::xml(PART, e))?;
        match event {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("word/document.xml")),
            Event::Start(e) => {
                let local = e.local_name();
                let local = local.as_ref();
                if !in_body {
                    in_body = local == b"body";
                    continue;
                }
                if is_skipped(local) {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| LayoutError::xml(PART, err))?;
                    continue;
                }
                start_element(
                    local,
                    &e,
                    false,
                    &mut paragraph,
                    &mut paragraphs,
                    &mut state,
                    &mut section,
                    &finish,
                );
            }
            Event::Empty(e) if in_body && e.local_name().as_ref() == b"sectPr" => {
                let last_line =
                    (paragraphs.len() + usize::from(paragraph.is_some())).checked_sub(1);
                sections.push(ReadSection {
                    section: Section {
                        last_line,
                        ..Section::default()
                    },
                    footer_ids: Vec::new(),
                });
            }
            Event::Empty(e) if in_body => {
                let local = e.local_name();
                start_element(
                    local.as_ref(),
                    &e,
                    true,
                    &mut paragraph,
                    &mut paragraphs,
                    &mut state,
                    &mut section,
                    &finish,
                );
            }
            Event::End(e) if in_body => match e.local_name().as_ref() {
                b"body" => break,
                b"p" => {
                    if let Some(open) = paragraph.take() {
                        paragraphs.push(finish(open));
                    }
                }
                b"pPr" => state.in_ppr = false,
                b"rPr" => {
                    state.in_rpr = false;
                    state.in_mark_rpr = false;
                }
                b"r" => {
                    if let (Some((direct, style, start)), Some(p)) =
                        (state.run.take(), paragraph.as_mut())
                    {
                        if p.3.len() > start && direct.vanish != Some(true) {
                            runs += 1;
                            if runs > MAX_RUNS {
                                return Err(LayoutError::Package(format!(
                                    "more than {MAX_RUNS} runs: no layout is read"
                                )));
                            }
                            p.4.push((direct, style, Span::new(start, p.3.len())));
                        }
                    }
                }
                b"t" => state.in_text = false,
                b"sectPr" => {
                    state.in_sect = false;
                    if let Some(mut done) = section.take() {
                        // A paragraph's section break ends with that paragraph.
                        done.section.last_line =
                            (paragraphs.len() + usize::from(paragraph.is_some())).checked_sub(1);
                        sections.push(done);
                    }
                }
                _ => {}
            },
            Event::Text(t) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        let text = t.xml10_content().map_err(|e| LayoutError::xml(PART, e))?;
                        p.3.push_str(&text);
                    }
                }
            }
            Event::CData(t) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        let text = t.decode().map_err(|e| LayoutError::xml(PART, e))?;
                        p.3.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(reference) if state.in_text => {
                if let (Some(p), Some((direct, _, _))) = (paragraph.as_mut(), state.run.as_ref()) {
                    if direct.vanish != Some(true) {
                        if let Ok(Some(c)) = reference.resolve_char_ref() {
                            p.3.push(c);
                        } else if let Ok(name) = reference.decode() {
                            if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                                p.3.push_str(s);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(open) = paragraph.take() {
        paragraphs.push(finish(open));
    }
    Ok((paragraphs, sections))
}

pub(super) type OpenParagraph = (
    Option<String>,
    ParaProps,
    RunProps,
    String,
    Vec<(RunProps, Option<String>, Span)>,
);

#[allow(clippy::too_many_arguments)]
pub(super) fn start_element(
    local: &[u8],
    e: &BytesStart,
    empty: bool,
    paragraph: &mut Option<OpenParagraph>,
    paragraphs: &mut Vec<ReadParagraph>,
    state: &mut State,
    section: &mut Option<ReadSection>,
    finish: &dyn Fn(OpenParagraph) -> ReadParagraph,
) {
    if state.in_sect {
        read_section_child(local, e, section);
        return;
    }
    match local {
        b"p" => {
            if let Some(open) = paragraph.take() {
                paragraphs.push(finish(open));
            }
            *state = State::default();
            let fresh = (
                None,
                ParaProps::default(),
                RunProps::default(),
                String::new(),
                Vec::new(),
            );
            if empty {
                paragraphs.push(finish(fresh));
            } else {
                *paragraph = Some(fresh);
            }
        }
        b"sectPr" if !empty => {
            *section = Some(ReadSection {
                section: Section::default(),
                footer_ids: Vec::new(),
            });
            state.in_sect = true;
        }
        b"pPr" if !empty && paragraph.is_some() => state.in_ppr = true,
        b"r" if !empty => {
            let start = paragraph.as_ref().map_or(0, |p| p.3.len());
            state.run = Some((RunProps::default(), None, start));
        }
        b"rPr" if !empty => {
            if state.in_ppr {
                state.in_mark_rpr = true;
            } else {
                state.in_rpr = true;
            }
        }
        b"pStyle" if state.in_ppr => {
            if let Some(p) = paragraph.as_mut() {
                p.0 = attr(e, b"val");
            }
        }
        b"rStyle" if state.in_rpr => {
            if let Some(run) = state.run.as_mut() {
                run.1 = attr(e, b"val");
            }
        }
        _ if state.in_mark_rpr => {
            if let Some(p) = paragraph.as_mut() {
                p.2.read(e);
            }
        }
        _ if state.in_rpr => {
            if let Some(run) = state.run.as_mut() {
                run.0.read(e);
            }
        }
        _ if state.in_ppr => {
            if let Some(p) = paragraph.as_mut() {
                p.1.read(e);
            }
        }
        b"t" if !empty => state.in_text = true,
        b"tab" | b"ptab" | b"br" | b"cr" | b"noBreakHyphen" => {
            let hidden = state.run.as_ref().is_some_and(|r| r.0.vanish == Some(true));
            if let (Some(p), false) = (paragraph.as_mut(), hidden) {
                p.3.push(match local {
                    b"tab" | b"ptab" => '\t',
                    b"noBreakHyphen" => '-',
                    _ => ' ',
                });
            }
        }
        _ => {}
    }
}

/// Reads one element inside a `w:sectPr`.
pub(super) fn read_section_child(local: &[u8], e: &BytesStart, section: &mut Option<ReadSection>) {
    let Some(read) = section.as_mut() else { return };
    let number = |name: &[u8]| attr(e, name).and_then(|v| v.parse::<i32>().ok());
    let s = &mut read.section;
    match local {
        b"pgSz" => {
            s.width = number(b"w");
            s.height = number(b"h");
        }
        b"pgMar" => {
            // A negative top or bottom is "exactly": the same distance.
            s.top = number(b"top").map(i32::abs);
            s.bottom = number(b"bottom").map(i32::abs);
            s.left = number(b"left");
            s.right = number(b"right");
            s.gutter = number(b"gutter").unwrap_or(0);
        }
        b"docGrid" => {
            s.grid_type = attr(e, b"type");
            s.line_pitch = number(b"linePitch");
        }
        b"footerReference" => {
            if let (Some(kind), Some(id)) = (attr(e, b"type"), attr(e, b"id")) {
                read.footer_ids.push((kind, id));
            }
        }
        _ => {}
    }
}
