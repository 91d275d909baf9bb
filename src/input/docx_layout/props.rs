//! Formatting properties of WordprocessingML and how Word resolves them:
//! direct formatting over the character style, over the paragraph style
//! (each followed through `basedOn`), over `w:docDefaults`; theme fonts
//! (`w:eastAsiaTheme="minorEastAsia"`) looked up in the theme part.

use super::{attr, is_on_attr, LayoutError};
use crate::input::docx::MAX_STYLE_DEPTH;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// A font as a property names it: by name, or by its slot in the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontRef {
    Name(String),
    /// `majorEastAsia`, `minorHAnsi`…: resolved through the theme.
    Theme(String),
}

/// Run properties (`w:rPr`) as one element states them; `None`: not said here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    pub east_asia: Option<FontRef>,
    pub latin: Option<FontRef>,
    /// Half-points (`w:sz`).
    pub size: Option<u32>,
    pub bold: Option<bool>,
    pub vanish: Option<bool>,
}

impl RunProps {
    /// Each property set here wins over `base`'s.
    pub fn or(&self, base: &RunProps) -> RunProps {
        RunProps {
            east_asia: self.east_asia.clone().or_else(|| base.east_asia.clone()),
            latin: self.latin.clone().or_else(|| base.latin.clone()),
            size: self.size.or(base.size),
            bold: self.bold.or(base.bold),
            vanish: self.vanish.or(base.vanish),
        }
    }

    /// Reads one child element of a `w:rPr`.
    pub fn read(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            b"rFonts" => {
                // A theme attribute overrides the plain one beside it.
                let east_asia = attr(e, b"eastAsiaTheme")
                    .map(FontRef::Theme)
                    .or_else(|| attr(e, b"eastAsia").map(FontRef::Name));
                let latin = attr(e, b"asciiTheme")
                    .map(FontRef::Theme)
                    .or_else(|| attr(e, b"ascii").map(FontRef::Name));
                if east_asia.is_some() {
                    self.east_asia = east_asia;
                }
                if latin.is_some() {
                    self.latin = latin;
                }
            }
            b"sz" => {
                if let Some(size) = attr(e, b"val").and_then(|v| v.parse().ok()) {
                    self.size = Some(size);
                }
            }
            b"b" => self.bold = Some(is_on_attr(e)),
            b"vanish" => self.vanish = Some(is_on_attr(e)),
            _ => {}
        }
    }
}

/// Paragraph properties (`w:pPr`) as one element states them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    /// `w:jc`: `left`, `center`, `right`, `both`, `distribute`, `start`, `end`.
    pub align: Option<String>,
    /// First-line indent in twips (negative: hanging).
    pub first_line: Option<i32>,
    /// First-line indent in hundredths of a character (negative: hanging).
    pub first_line_chars: Option<i32>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub right_chars: Option<i32>,
    /// `w:spacing/@w:line` and its rule (`auto`, `exact`, `atLeast`).
    pub line: Option<i32>,
    pub line_rule: Option<String>,
}

impl ParaProps {
    pub fn or(&self, base: &ParaProps) -> ParaProps {
        // The first-line indent is one property, in twips or in characters:
        // whichever the nearer element states wins as a pair.
        let (first_line, first_line_chars) =
            if self.first_line.is_some() || self.first_line_chars.is_some() {
                (self.first_line, self.first_line_chars)
            } else {
                (base.first_line, base.first_line_chars)
            };
        let (right, right_chars) = if self.right.is_some() || self.right_chars.is_some() {
            (self.right, self.right_chars)
        } else {
            (base.right, base.right_chars)
        };
        ParaProps {
            align: self.align.clone().or_else(|| base.align.clone()),
            first_line,
            first_line_chars,
            left: self.left.or(base.left),
            right,
            right_chars,
            line: self.line.or(base.line),
            line_rule: self.line_rule.clone().or_else(|| base.line_rule.clone()),
        }
    }

    /// Reads one child element of a `w:pPr`.
    pub fn read(&mut self, e: &BytesStart) {
        let number = |name: &[u8]| attr(e, name).and_then(|v| v.parse::<i32>().ok());
        match e.local_name().as_ref() {
            b"jc" => self.align = attr(e, b"val"),
            b"ind" => {
                if let Some(hanging) = number(b"hangingChars") {
                    self.first_line_chars = Some(-hanging);
                    self.first_line = None;
                } else if let Some(chars) = number(b"firstLineChars") {
                    self.first_line_chars = Some(chars);
                    self.first_line = None;
                } else if let Some(hanging) = number(b"hanging") {
                    self.first_line = Some(-hanging);
                    self.first_line_chars = None;
                } else if let Some(first) = number(b"firstLine") {
                    self.first_line = Some(first);
                    self.first_line_chars = None;
                }
                if let Some(left) = number(b"left").or_else(|| number(b"start")) {
                    self.left = Some(left);
                }
                if let Some(chars) = number(b"rightChars").or_else(|| number(b"endChars")) {
                    self.right_chars = Some(chars);
                    self.right = None;
                } else if let Some(right) = number(b"right").or_else(|| number(b"end")) {
                    self.right = Some(right);
                    self.right_chars = None;
                }
            }
            b"spacing" => {
                if let Some(line) = number(b"line") {
                    self.line = Some(line);
                    self.line_rule = Some(attr(e, b"lineRule").unwrap_or_else(|| "auto".into()));
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    name: Option<String>,
    paragraph: ParaProps,
    run: RunProps,
}

/// `word/styles.xml`: paragraph and character styles and the defaults.
#[derive(Debug, Default)]
pub struct Styles {
    paragraph: HashMap<String, Style>,
    character: HashMap<String, Style>,
    /// The style of paragraphs that name none.
    default_paragraph: Option<String>,
    default_run: RunProps,
    default_paragraph_props: ParaProps,
}

impl Styles {
    pub fn parse(xml: &str) -> Result<Styles, LayoutError> {
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        // (is a character style, id, style)
        let mut current: Option<(bool, String, Style)> = None;
        let (mut in_rpr, mut in_ppr, mut in_defaults_r, mut in_defaults_p) =
            (false, false, false, false);
        loop {
            let event = reader
                .read_event()
                .map_err(|e| LayoutError::xml("styles", e))?;
            match &event {
                Event::Eof => break,
                Event::DocType(_) => return Err(LayoutError::Dtd("word/styles.xml")),
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        b"style" if !empty => {
                            let kind = attr(e, b"type");
                            let is_char = kind.as_deref() == Some("character");
                            let is_para = kind.as_deref().is_none_or(|t| t == "paragraph");
                            if let (true, Some(id)) = (is_char || is_para, attr(e, b"styleId")) {
                                if is_para
                                    && attr(e, b"default").is_some_and(|d| d == "1" || d == "true")
                                {
                                    styles.default_paragraph = Some(id.clone());
                                }
                                current = Some((is_char, id, Style::default()));
                            }
                        }
                        b"rPrDefault" if !empty => in_defaults_r = true,
                        b"pPrDefault" if !empty => in_defaults_p = true,
                        b"rPr" if !empty => in_rpr = true,
                        b"pPr" if !empty => in_ppr = true,
                        b"basedOn" => {
                            if let Some((_, _, style)) = current.as_mut() {
                                style.based_on = attr(e, b"val");
                            }
                        }
                        b"name" => {
                            if let Some((_, _, style)) = current.as_mut() {
                                style.name = attr(e, b"val");
                            }
                        }
                        _ if in_rpr => {
                            if let Some((_, _, style)) = current.as_mut() {
                                style.run.read(e);
                            } else if in_defaults_r {
                                styles.default_run.read(e);
                            }
                        }
                        _ if in_ppr => {
                            if let Some((_, _, style)) = current.as_mut() {
                                style.paragraph.read(e);
                            } else if in_defaults_p {
                                styles.default_paragraph_props.read(e);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((is_char, id, style)) = current.take() {
                            let map = if is_char {
                                &mut styles.character
                            } else {
                                &mut styles.paragraph
                            };
                            map.insert(id, style);
                        }
                    }
                    b"rPrDefault" => in_defaults_r = false,
                    b"pPrDefault" => in_defaults_p = false,
                    b"rPr" => in_rpr = false,
                    b"pPr" => in_ppr = false,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The paragraph style a paragraph has: its own or the default one.
    pub fn paragraph_style<'s>(&'s self, id: Option<&'s str>) -> Option<&'s str> {
        id.filter(|id| self.paragraph.contains_key(*id))
            .or(self.default_paragraph.as_deref())
    }

    /// The display name of a paragraph style.
    pub fn paragraph_style_name(&self, id: Option<&str>) -> Option<String> {
        let id = self.paragraph_style(id)?;
        let style = self.paragraph.get(id)?;
        Some(style.name.clone().unwrap_or_else(|| id.to_string()))
    }

    /// What a paragraph style gives, through its `basedOn` chain (at most
    /// [`MAX_STYLE_DEPTH`] links), over the document defaults.
    pub fn paragraph_props(&self, style: Option<&str>) -> (ParaProps, RunProps) {
        let (mut paragraph, mut run) = (ParaProps::default(), RunProps::default());
        let mut current = self.paragraph_style(style);
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(s) = current.and_then(|id| self.paragraph.get(id)) else {
                break;
            };
            paragraph = paragraph.or(&s.paragraph);
            run = run.or(&s.run);
            current = s.based_on.as_deref();
        }
        (
            paragraph.or(&self.default_paragraph_props),
            run.or(&self.default_run),
        )
    }

    /// What a character style gives, through its `basedOn` chain.
    pub fn character_props(&self, style: Option<&str>) -> RunProps {
        let mut run = RunProps::default();
        let mut current = style;
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(s) = current.and_then(|id| self.character.get(id)) else {
                break;
            };
            run = run.or(&s.run);
            current = s.based_on.as_deref();
        }
        run
    }
}

/// The theme's fonts (`word/theme/theme1.xml`, `a:fontScheme`).
#[derive(Debug, Default, Clone)]
pub struct ThemeFonts {
    major_latin: Option<String>,
    major_east_asia: Option<String>,
    minor_latin: Option<String>,
    minor_east_asia: Option<String>,
}

impl ThemeFonts {
    pub fn parse(xml: &str) -> Result<ThemeFonts, LayoutError> {
        let mut fonts = ThemeFonts::default();
        let mut reader = Reader::from_str(xml);
        // Inside a:majorFont (Some(true)) or a:minorFont (Some(false)).
        let mut major: Option<bool> = None;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| LayoutError::xml("theme", e))?;
            match event {
                Event::Eof => break,
                Event::DocType(_) => return Err(LayoutError::Dtd("word/theme/theme1.xml")),
                Event::Start(e) | Event::Empty(e) => {
                    let Some(is_major) = major else {
                        match e.local_name().as_ref() {
                            b"majorFont" => major = Some(true),
                            b"minorFont" => major = Some(false),
                            _ => {}
                        }
                        continue;
                    };
                    let typeface = attr(&e, b"typeface").filter(|t| !t.is_empty());
                    let (latin, east_asia) = if is_major {
                        (&mut fonts.major_latin, &mut fonts.major_east_asia)
                    } else {
                        (&mut fonts.minor_latin, &mut fonts.minor_east_asia)
                    };
                    match e.local_name().as_ref() {
                        b"latin" => *latin = typeface,
                        // An empty `a:ea` defers to the script's font.
                        b"ea" if typeface.is_some() => *east_asia = typeface,
                        b"font"
                            if east_asia.is_none()
                                && attr(&e, b"script").as_deref() == Some("Hans") =>
                        {
                            *east_asia = typeface;
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if matches!(e.local_name().as_ref(), b"majorFont" | b"minorFont") {
                        major = None;
                    }
                }
                _ => {}
            }
        }
        Ok(fonts)
    }

    /// The name a font reference comes to.
    pub fn resolve(&self, font: &FontRef) -> Option<String> {
        match font {
            FontRef::Name(name) => Some(name.clone()),
            FontRef::Theme(slot) => {
                let slot = slot.to_ascii_lowercase();
                let major = slot.starts_with("major");
                let east_asia = slot.ends_with("eastasia");
                match (major, east_asia) {
                    (true, true) => self.major_east_asia.clone(),
                    (true, false) => self.major_latin.clone(),
                    (false, true) => self.minor_east_asia.clone(),
                    (false, false) => self.minor_latin.clone(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:basedOn w:val="1"/><w:pPr><w:ind w:firstLineChars="200"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="loop"><w:basedOn w:val="loop"/></w:style>
<w:style w:type="character" w:styleId="c"><w:rPr><w:b/></w:rPr></w:style></w:styles>"#;

    const THEME: &str = r#"<a:theme xmlns:a="a"><a:themeElements><a:fontScheme><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:font script="Hans" typeface="等线 Light"/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:font script="Jpan" typeface="游明朝"/><a:font script="Hans" typeface="仿宋_GB2312"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>"#;

    #[test]
    fn follows_based_on_down_to_the_defaults_and_the_theme() {
        let styles = Styles::parse(STYLES).unwrap();
        let theme = ThemeFonts::parse(THEME).unwrap();
        let (p, r) = styles.paragraph_props(Some("2"));
        assert_eq!(p.align.as_deref(), Some("both"));
        assert_eq!(p.first_line_chars, Some(200));
        assert_eq!(r.size, Some(32));
        assert_eq!(r.east_asia, Some(FontRef::Name("黑体".into())));
        assert_eq!(
            theme.resolve(r.latin.as_ref().unwrap()).as_deref(),
            Some("Calibri")
        );
        let (_, normal) = styles.paragraph_props(None);
        assert_eq!(
            theme.resolve(normal.east_asia.as_ref().unwrap()).as_deref(),
            Some("仿宋_GB2312")
        );
        // A loop ends after the cap.
        let (_, looped) = styles.paragraph_props(Some("loop"));
        assert_eq!(looped.size, Some(21));
        assert_eq!(styles.character_props(Some("c")).bold, Some(true));
        assert_eq!(
            theme
                .resolve(&FontRef::Theme("majorEastAsia".into()))
                .as_deref(),
            Some("等线 Light")
        );
    }

    #[test]
    fn a_nearer_first_line_indent_wins_in_whichever_unit() {
        let near = ParaProps {
            first_line: Some(640),
            ..ParaProps::default()
        };
        let far = ParaProps {
            first_line_chars: Some(200),
            ..ParaProps::default()
        };
        let merged = near.or(&far);
        assert_eq!(
            (merged.first_line, merged.first_line_chars),
            (Some(640), None)
        );
    }
}
