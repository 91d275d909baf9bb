//! A footer part and the `PAGE` field in it, with the text around it
//! (「— 1 —」) and where the paragraph puts it.

use super::body::Resolver;
use super::*;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Reads a footer: the first paragraph with a `PAGE` field, simple
/// (`w:fldSimple`) or complex (`w:fldChar` begin, `w:instrText`, separate,
/// result, end).
pub(super) fn read_footer(
    xml: &str,
    resolver: &Resolver,
) -> Result<Option<PageNumber>, LayoutError> {
    const PART: &str = "footer";
    /// Where the open paragraph's text goes.
    #[derive(Default, PartialEq, Clone, Copy)]
    enum Phase {
        /// Before the page field: literal text.
        #[default]
        Before,
        /// In a field's instruction or shown result: not literal text.
        InField,
        /// After the page field ended.
        After,
    }
    #[derive(Default)]
    struct Open {
        style: Option<String>,
        props: ParaProps,
        before: String,
        after: String,
        phase: Phase,
        /// The page field's run (`None` until one is found).
        field: Option<(RunProps, Option<String>)>,
        /// Inside a `w:fldSimple` that is a page field, its run not yet read.
        simple_pending: bool,
        /// Nesting of complex fields, and the instruction of the open one.
        fields: usize,
        instruction: String,
    }
    let mut reader = Reader::from_str(xml);
    let mut open: Option<Open> = None;
    let (mut in_ppr, mut in_rpr, mut in_text, mut in_instr) = (false, false, false, false);
    let mut run: (RunProps, Option<String>) = (RunProps::default(), None);
    loop {
        let event = reader.read_event().map_err(|e| LayoutError::xml(PART, e))?;
        match &event {
            Event::Eof => break,
            Event::DocType(_) => return Err(LayoutError::Dtd("footer")),
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                match local.as_ref() {
                    b"p" if !empty => open = Some(Open::default()),
                    b"pPr" if !empty => in_ppr = true,
                    b"rPr" if !empty => in_rpr = true,
                    b"r" if !empty => run = (RunProps::default(), None),
                    b"pStyle" if in_ppr => {
                        if let Some(p) = open.as_mut() {
                            p.style = attr(e, b"val");
                        }
                    }
                    b"rStyle" if in_rpr => run.1 = attr(e, b"val"),
                    b"t" if !empty => in_text = true,
                    b"instrText" if !empty => in_instr = true,
                    b"fldSimple" => {
                        let is_page = attr(e, b"instr").is_some_and(|i| is_page_instruction(&i));
                        if let Some(p) = open.as_mut().filter(|p| p.phase == Phase::Before) {
                            if is_page {
                                p.field = Some((RunProps::default(), None));
                                p.phase = if empty { Phase::After } else { Phase::InField };
                                p.simple_pending = !empty;
                            }
                        }
                    }
                    b"fldChar" => {
                        if let Some(p) = open.as_mut() {
                            match attr(e, b"fldCharType").as_deref() {
                                Some("begin") => {
                                    p.fields += 1;
                                    if p.phase == Phase::Before && p.fields == 1 {
                                        p.instruction.clear();
                                    }
                                }
                                Some("end") if p.fields > 0 => {
                                    p.fields -= 1;
                                    if p.fields == 0 && p.phase == Phase::InField {
                                        p.phase = Phase::After;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ if in_rpr => run.0.read(e),
                    _ if in_ppr => {
                        if let Some(p) = open.as_mut() {
                            p.props.read(e);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    if let Some(p) = open.take() {
                        if let Some((direct, char_style)) = p.field {
                            let (style_props, style_run) =
                                resolver.styles.paragraph_props(p.style.as_deref());
                            let props = p.props.or(&style_props);
                            let field = resolver.run(&direct, char_style.as_deref(), &style_run);
                            return Ok(Some(PageNumber {
                                before: p.before,
                                after: p.after,
                                align: props.align,
                                latin: field.latin,
                                size: field.size,
                            }));
                        }
                    }
                }
                b"pPr" => in_ppr = false,
                b"rPr" => in_rpr = false,
                b"t" => in_text = false,
                b"r" => {
                    if let Some(p) = open.as_mut().filter(|p| p.simple_pending) {
                        p.field = Some(run.clone());
                        p.simple_pending = false;
                    }
                }
                b"instrText" => {
                    in_instr = false;
                    if let Some(p) = open.as_mut() {
                        if p.phase == Phase::Before
                            && p.fields == 1
                            && is_page_instruction(&p.instruction)
                        {
                            p.field = Some(run.clone());
                            p.phase = Phase::InField;
                        }
                    }
                }
                b"fldSimple" => {
                    if let Some(p) = open
                        .as_mut()
                        .filter(|p| p.phase == Phase::InField && p.fields == 0)
                    {
                        p.phase = Phase::After;
                        p.simple_pending = false;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text || in_instr => {
                let text = t.xml10_content().map_err(|e| LayoutError::xml(PART, e))?;
                let Some(p) = open.as_mut() else { continue };
                if in_instr {
                    if p.fields == 1 && p.phase == Phase::Before && p.instruction.len() < 256 {
                        p.instruction.push_str(&text);
                    }
                    continue;
                }
                // Other fields' results (a date…) are not literal text either.
                if p.fields > 0 {
                    continue;
                }
                let target = match p.phase {
                    Phase::Before => &mut p.before,
                    Phase::InField => continue,
                    Phase::After => &mut p.after,
                };
                if target.len() < 256 {
                    target.push_str(&text);
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// `PAGE`, `PAGE \* Arabic`…, but not `NUMPAGES` or `SECTIONPAGES`.
pub(super) fn is_page_instruction(instruction: &str) -> bool {
    instruction
        .split_whitespace()
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("PAGE"))
}
