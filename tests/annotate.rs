//! `rl-lint annotate`: findings as Word comments in a copy of a `.docx`.
//! The map from the text back to `word/document.xml`, the comments on
//! their findings' text, the package copied part for part, a Word-style
//! package (theme, tracked changes, comments of its own), and the command
//! line (where copies go, what is refused, exit codes).

mod support;

use quick_xml::events::Event;
use quick_xml::Reader;
use rl_lint::annotate::{self, map::PieceKind, TextMap};
use rl_lint::engine::{Checked, Settings};
use rl_lint::input::docx::extract_text;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::Path;
use support::cli::{run_in, Run};
use support::docx::{docx, escape, from_text, paragraph, runs, styled, word_table, Merge, W};
use support::docx::{OUTLINE_NUMBERING, OUTLINE_STYLES};
use support::fixtures::{seed, write, SEEDS};
use support::outline::ENGINE;

const DATE: &str = "2025-03-31T09:30:00Z";

/// `rl-lint ARGS` in `dir` without a configuration: `--no-config` after
/// the subcommand when there is one.
fn run<const N: usize>(dir: &Path, args: [&str; N]) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    let at = usize::from(all.first() == Some(&"annotate"));
    all.insert(at, "--no-config");
    run_in(dir, all)
}

fn check(bytes: &[u8]) -> Checked {
    ENGINE
        .check(bytes, Path::new("report.docx"), &Settings::default())
        .expect("checked")
}

fn annotated(bytes: &[u8]) -> (Checked, annotate::Annotated) {
    let checked = check(bytes);
    let copy = annotate::annotate(
        bytes,
        &checked.text,
        &checked.findings,
        ENGINE.rules(),
        DATE,
    )
    .expect("annotated");
    (checked, copy)
}

/// Every entry of a zip archive: name → (raw stored bytes, content).
fn entries(bytes: &[u8]) -> BTreeMap<String, (Vec<u8>, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut raw = Vec::new();
        let name = {
            let mut file = archive.by_index_raw(i).expect("raw entry");
            file.read_to_end(&mut raw).expect("raw bytes");
            file.name().to_string()
        };
        let mut content = Vec::new();
        archive
            .by_index(i)
            .expect("entry")
            .read_to_end(&mut content)
            .expect("content");
        out.insert(name, (raw, content));
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    String::from_utf8(entries(bytes).remove(name).expect(name).1).expect("utf-8")
}

/// The text each comment of `document.xml` is anchored on: the `w:t` text
/// and tabs between its range marks (tracked deletions hold `w:delText`).
fn anchored_text(document: &str) -> BTreeMap<u64, String> {
    let mut reader = Reader::from_str(document);
    let mut open: Vec<u64> = Vec::new();
    let mut texts: BTreeMap<u64, String> = BTreeMap::new();
    let mut in_t = false;
    let id = |e: &quick_xml::events::BytesStart| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == b"id")
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .expect("id")
    };
    loop {
        match reader.read_event().expect("xml") {
            Event::Eof => break,
            Event::Empty(e) => match e.local_name().as_ref() {
                b"commentRangeStart" => {
                    open.push(id(&e));
                    texts.entry(id(&e)).or_default();
                }
                b"commentRangeEnd" => open.retain(|&o| o != id(&e)),
                b"tab" => open
                    .iter()
                    .for_each(|o| texts.get_mut(o).unwrap().push('\t')),
                _ => {}
            },
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::Text(t) if in_t => {
                let t = t.xml10_content().expect("text");
                open.iter()
                    .for_each(|o| texts.get_mut(o).unwrap().push_str(&t));
            }
            Event::GeneralRef(r) if in_t => {
                let c = match r.decode().expect("ref").as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                };
                open.iter()
                    .for_each(|o| texts.get_mut(o).unwrap().push_str(c));
            }
            _ => {}
        }
    }
    texts
}

/// The comments of a comments part: id → (author, text).
fn comments(xml: &str) -> BTreeMap<u64, (String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = BTreeMap::new();
    let mut current: Option<(u64, String, String)> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().expect("xml") {
            Event::Eof => break,
            Event::Start(e) if e.local_name().as_ref() == b"comment" => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap_or_default()
                };
                current = Some((attr(b"id").parse().unwrap(), attr(b"author"), String::new()));
            }
            Event::End(e) if e.local_name().as_ref() == b"comment" => {
                let (id, author, text) = current.take().unwrap();
                out.insert(id, (author, text));
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::End(e) if e.local_name().as_ref() == b"p" => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push('\n');
                }
            }
            Event::Text(t) if in_t => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(r) if in_t => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(match r.decode().unwrap().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        _ => "\"",
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// What a comment on `span` must sit on: the span's text without line
/// breaks and automatic numbers, or its whole paragraph when the span
/// covers no text of it (an automatic number, an empty span).
fn expected_anchor(checked: &Checked, map: &TextMap, start: usize, end: usize) -> String {
    let covered: String = map
        .pieces
        .iter()
        .filter(|p| p.text.0 < end && p.text.1 > start)
        .map(|p| &checked.text[p.text.0.max(start)..p.text.1.min(end)])
        .collect();
    if !covered.is_empty() {
        return covered;
    }
    let line = map.line_of(start);
    map.pieces
        .iter()
        .filter(|p| map.line_of(p.text.0) == line)
        .map(|p| &checked.text[p.text.0..p.text.1])
        .collect()
}

/// Checks an annotated copy against its original: the text unchanged,
/// every part but the comment ones stored byte for byte, one comment per
/// finding by rl-lint on its finding's text.
fn assert_faithful(original: &[u8], checked: &Checked, copy: &annotate::Annotated) {
    assert_eq!(
        extract_text(&copy.bytes).expect("copy readable"),
        checked.text,
        "the text is unchanged"
    );
    let (before, after) = (entries(original), entries(&copy.bytes));
    let changeable = [
        "word/document.xml",
        "word/comments.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ];
    for (name, (raw, _)) in &before {
        let (copied, _) = after.get(name).unwrap_or_else(|| panic!("{name} kept"));
        if !changeable.contains(&name.as_str()) {
            assert_eq!(copied, raw, "{name} is copied byte for byte");
        }
    }
    assert!(after
        .keys()
        .all(|name| before.contains_key(name) || name == "word/comments.xml"));
    let document = part(&copy.bytes, "word/document.xml");
    let anchored = anchored_text(&document);
    let xml = part(original, "word/document.xml");
    let map = TextMap::build(&xml, &checked.text).expect("map");
    let first_new = map.max_id.map_or(0, |m| m + 1);
    let ours: Vec<(u64, String)> = comments(&part(&copy.bytes, "word/comments.xml"))
        .into_iter()
        .filter(|(_, (author, _))| author == "rl-lint")
        .map(|(id, (_, text))| (id, text))
        .collect();
    assert_eq!(ours.len(), checked.findings.len());
    assert_eq!(copy.comments, checked.findings.len());
    for ((id, text), finding) in ours.iter().zip(&checked.findings) {
        assert!(*id >= first_new, "fresh id {id}");
        assert!(text.contains(&finding.message), "{text}");
        assert!(text.contains(&format!("规则：{}", finding.rule)), "{text}");
        if finding.primary.cell.is_none() {
            let span = finding.primary.span;
            assert_eq!(
                anchored.get(id).map(String::as_str),
                Some(expected_anchor(checked, &map, span.start, span.end).as_str()),
                "{} at {span:?}",
                finding.rule
            );
        }
    }
}

#[test]
fn every_char_of_the_text_maps_back_to_the_xml() {
    let tricky = [
        styled("1", "总体情况"),
        // Entities, a character reference, a tab and a line break.
        r#"<w:p><w:r><w:t>甲&amp;乙&#x4E19;</w:t><w:tab/><w:t xml:space="preserve"> 丁 </w:t><w:br/><w:t>戊</w:t></w:r></w:p>"#.to_string(),
        // Hidden text, a tracked deletion and insertion, a field's code and result.
        format!(
            r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:del w:id="3" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins w:id="4" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>12</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>{}</w:p>"#,
            runs("此外还有一段很长的文字，被分成了二十个字一段的许多个小的文字块。")
        ),
        "<w:p/>".to_string(),
        word_table(&[vec![("表头".to_string(), Merge::None)]]),
        styled("1", "存在的问题"),
    ]
    .concat();
    let bytes = docx(&tricky, Some(OUTLINE_NUMBERING), Some(OUTLINE_STYLES));
    let text = extract_text(&bytes).expect("text");
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let map = TextMap::build(&xml, &text).expect("map");
    assert_eq!(map.paragraphs.len(), text.lines().count());
    assert!(
        map.paragraphs.iter().all(|p| p.mapped),
        "{:?}",
        map.paragraphs
    );
    // Each line is its pieces after what the decoder wrote in front.
    let mut by_line: HashMap<usize, String> = HashMap::new();
    for piece in &map.pieces {
        by_line
            .entry(map.line_of(piece.text.0))
            .or_default()
            .push_str(&text[piece.text.0..piece.text.1]);
        match piece.kind {
            PieceKind::Verbatim => {
                assert_eq!(
                    &xml[piece.xml.0..piece.xml.1],
                    &text[piece.text.0..piece.text.1]
                )
            }
            PieceKind::Escaped => assert!(xml[piece.xml.0..piece.xml.1].contains(['&', '<'])),
            PieceKind::Element => assert!(xml[piece.xml.0..piece.xml.1].starts_with("<w:")),
        }
    }
    for (i, line) in text.lines().enumerate() {
        let pieces = by_line.remove(&i).unwrap_or_default();
        assert!(line.ends_with(&pieces), "{line:?} / {pieces:?}");
        // Only the automatic number is not in the XML's text.
        assert!(
            ["", "一、", "二、"].contains(&&line[..line.len() - pieces.len()]),
            "{line}"
        );
    }
    // Every character of every line but the numbers: in exactly one piece.
    let in_pieces: usize = map.pieces.iter().map(|p| p.text.1 - p.text.0).sum();
    assert_eq!(
        in_pieces,
        text.len() - text.lines().count() - "一、二、".len()
    );
}

#[test]
fn comments_sit_on_their_findings_in_every_seed() {
    for name in SEEDS {
        let original = from_text(&seed(name));
        let (checked, copy) = annotated(&original);
        assert!(!checked.findings.is_empty(), "{name}");
        assert_faithful(&original, &checked, &copy);
    }
}

#[test]
fn numbered_headings_tables_and_split_runs_keep_their_formatting() {
    let mut body = String::new();
    for line in seed("bazhong-2022").lines().take(60) {
        body.push_str(&paragraph(line));
    }
    // An automatic heading number with a wrong level, and a table.
    body.push_str(
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:t>存在的问题,和不足</w:t></w:r></w:p>"#,
    );
    body.push_str(&word_table(&[
        vec![("项目".into(), Merge::None), ("数量".into(), Merge::None)],
        vec![
            ("收到申请".into(), Merge::None),
            ("十二".into(), Merge::None),
        ],
    ]));
    let original = docx(&body, Some(OUTLINE_NUMBERING), Some(OUTLINE_STYLES));
    let (checked, copy) = annotated(&original);
    assert_faithful(&original, &checked, &copy);
    // A comment inside the red run splits it in three, each red.
    let start = checked.text.find("问题,和").expect("the red run");
    let span = rl_lint::text::span::Span::new(start, start + "问题,和".len());
    let finding = rl_lint::engine::finding::Finding {
        rule: "format/halfwidth-punctuation".into(),
        severity: rl_lint::engine::finding::Severity::Warning,
        message: "半角逗号".into(),
        help: String::new(),
        primary: rl_lint::engine::finding::Label::new(span, ""),
        related: Vec::new(),
        fix: Vec::new(),
    };
    let copy = annotate::annotate(&original, &checked.text, &[finding], ENGINE.rules(), DATE)
        .expect("annotated");
    let document = part(&copy.bytes, "word/document.xml");
    let red = r#"<w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr>"#;
    assert_eq!(document.matches(red).count(), 3, "{document}");
    assert!(document.contains(&format!(
        r#"<w:r>{red}<w:t xml:space="preserve">存在的</w:t></w:r><w:commentRangeStart w:id="#
    )));
    assert_eq!(
        anchored_text(&document).into_values().collect::<Vec<_>>(),
        ["问题,和"]
    );
    assert_eq!(extract_text(&copy.bytes).unwrap(), checked.text);
}

/// A package as Word writes it: theme, settings, fonts, header and
/// footer, document properties, comments of its own (with
/// commentsExtended), tracked changes, a bookmark and a field.
fn word_style_package(body_lines: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    body.push_str(r#"<w:p><w:bookmarkStart w:id="7" w:name="_Toc1"/><w:commentRangeStart w:id="0"/><w:r><w:t>"#);
    body.push_str(&escape(body_lines[0]));
    body.push_str(r#"</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:bookmarkEnd w:id="7"/></w:p>"#);
    for line in &body_lines[1..] {
        body.push_str(&paragraph(line));
    }
    body.push_str(r#"<w:p><w:r><w:t xml:space="preserve">本年度</w:t></w:r><w:ins w:id="11" w:author="张三" w:date="2025-01-02T00:00:00Z"><w:r><w:t>新增</w:t></w:r></w:ins><w:del w:id="12" w:author="张三" w:date="2025-01-02T00:00:00Z"><w:r><w:delText>删去</w:delText></w:r></w:del><w:commentRangeStart w:id="1"/><w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:rPrChange w:id="13" w:author="张三" w:date="2025-01-02T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t>行政复议案件,共计</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>件.</w:t></w:r></w:p>"#);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:comment w:id="0" w:author="李四" w:date="2025-01-03T00:00:00Z" w:initials="LS"><w:p w14:paraId="1A2B3C4D"><w:r><w:annotationRef/></w:r><w:r><w:t>标题请再核对</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="李四" w:date="2025-01-03T00:00:00Z" w:initials="LS"><w:p w14:paraId="1A2B3C4E"><w:r><w:annotationRef/></w:r><w:r><w:t>数字待确认</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/><Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>"#.to_string()),
        ("word/document.xml", document),
        ("word/comments.xml", comments),
        ("word/commentsExtended.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/><w15:commentEx w15:paraId="1A2B3C4E" w15:done="0"/></w15:commentsEx>"#.to_string()),
        ("word/theme/theme1.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 主题"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1></a:clrScheme></a:themeElements></a:theme>"#.to_string()),
        ("word/settings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:trackRevisions/><w:defaultTabStop w:val="420"/></w:settings>"#)),
        ("word/header1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>页眉文字</w:t></w:r></w:p></w:hdr>"#)),
        ("word/footer1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}"><w:p><w:r><w:t>— 1 —</w:t></w:r></w:p></w:ftr>"#)),
        ("docProps/core.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator></cp:coreProperties>"#.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in &parts {
        // Word stores some parts uncompressed; the copy must keep that.
        let method = if name.ends_with(".rels") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_word_package_keeps_its_comments_tracked_changes_and_parts() {
    let text = seed("lucheng-2021");
    let lines: Vec<&str> = text.lines().take(40).collect();
    let original = word_style_package(&lines);
    let (checked, copy) = annotated(&original);
    assert!(!checked.findings.is_empty());
    assert_faithful(&original, &checked, &copy);
    let (before, after) = (entries(&original), entries(&copy.bytes));
    // The comments part existed: its relationship and content type too.
    for name in ["word/_rels/document.xml.rels", "[Content_Types].xml"] {
        assert_eq!(before[name].0, after[name].0, "{name} unchanged");
    }
    let all = comments(&part(&copy.bytes, "word/comments.xml"));
    assert_eq!(all[&0], ("李四".to_string(), "标题请再核对\n".to_string()));
    assert_eq!(all[&1], ("李四".to_string(), "数字待确认\n".to_string()));
    // New ids come after every id of the document (up to the rPrChange's 13).
    assert!(
        all.keys().filter(|&&id| id > 1).all(|&id| id >= 14),
        "{:?}",
        all.keys()
    );
    let document = part(&copy.bytes, "word/document.xml");
    for kept in [
        r#"<w:ins w:id="11" w:author="张三" w:date="2025-01-02T00:00:00Z">"#,
        r#"<w:del w:id="12" w:author="张三" w:date="2025-01-02T00:00:00Z"><w:r><w:delText>删去</w:delText></w:r></w:del>"#,
        r#"<w:commentRangeStart w:id="1"/>"#,
        r#"<w:commentReference w:id="0"/>"#,
        r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#,
        r#"<w:bookmarkStart w:id="7" w:name="_Toc1"/>"#,
    ] {
        assert!(document.contains(kept), "{kept}");
    }
    let anchored = anchored_text(&document);
    assert_eq!(anchored[&1], "行政复议案件,共计");
}

#[test]
fn a_document_without_findings_is_copied_unchanged() {
    let original = from_text("");
    let checked_text = extract_text(&original).unwrap();
    let copy = annotate::annotate(&original, &checked_text, &[], ENGINE.rules(), DATE).unwrap();
    assert_eq!(copy.comments, 0);
    assert_eq!(copy.bytes, original);
}

#[test]
fn the_command_writes_a_copy_beside_the_report_and_keeps_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let original = from_text(&seed("bazhong-2022"));
    let report = write(dir.path(), "报告.docx", &original);
    let checked = run(dir.path(), ["报告.docx"]);
    let annotated = run(dir.path(), ["annotate", "报告.docx"]);
    assert_eq!(annotated.code, checked.code, "{}", annotated.stderr);
    assert!(
        annotated.stderr.contains("已写入 报告.rl-lint.docx："),
        "{}",
        annotated.stderr
    );
    assert_eq!(
        std::fs::read(&report).unwrap(),
        original,
        "the report is untouched"
    );
    let copy = std::fs::read(dir.path().join("报告.rl-lint.docx")).unwrap();
    assert_eq!(
        extract_text(&copy).unwrap(),
        extract_text(&original).unwrap()
    );
    // Checking the folder again annotates the report, not the copy.
    let again = run(dir.path(), ["annotate", "."]);
    assert!(
        !dir.path().join("报告.rl-lint.rl-lint.docx").exists(),
        "{}",
        again.stderr
    );
    // -o names the copy; a folder -o takes several.
    let out = run(dir.path(), ["annotate", "报告.docx", "-o", "批注版.docx"]);
    assert_eq!(out.code, checked.code);
    assert!(dir.path().join("批注版.docx").exists());
    std::fs::create_dir(dir.path().join("out")).unwrap();
    write(dir.path(), "b.docx", from_text(&seed("xuwen-2024")));
    let many = run(dir.path(), ["annotate", "报告.docx", "b.docx", "-o", "out"]);
    assert!(
        dir.path().join("out/报告.rl-lint.docx").exists(),
        "{}",
        many.stderr
    );
    assert!(dir.path().join("out/b.rl-lint.docx").exists());
    let refused = run(
        dir.path(),
        ["annotate", "报告.docx", "b.docx", "-o", "x.docx"],
    );
    assert_eq!(refused.code, 2);
    // The copy never replaces the report.
    let same = run(dir.path(), ["annotate", "报告.docx", "-o", "报告.docx"]);
    assert_eq!(same.code, 2, "{}", same.stderr);
    assert_eq!(std::fs::read(&report).unwrap(), original);
}

#[test]
fn other_formats_and_unsafe_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", seed("bazhong-2022"));
    let text = run(dir.path(), ["annotate", "a.txt"]);
    assert_eq!(text.code, 2);
    assert!(
        text.stderr.contains("not a Word document"),
        "{}",
        text.stderr
    );
    let mut encrypted = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    encrypted.resize(4096, 0);
    write(dir.path(), "locked.docx", &encrypted);
    let locked = run(dir.path(), ["annotate", "locked.docx"]);
    assert_eq!(locked.code, 2);
    assert!(locked.stderr.contains("encrypted"), "{}", locked.stderr);
    assert!(!dir.path().join("locked.rl-lint.docx").exists());
    let empty = tempfile::tempdir().unwrap();
    write(empty.path(), "a.txt", "text");
    let none = run(empty.path(), ["annotate", "."]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("no Word reports"), "{}", none.stderr);
}

#[test]
fn the_review_page_links_the_copies_of_annotate_dir() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.docx", from_text(&seed("gaozhou-2020")));
    write(dir.path(), "b.txt", seed("xuwen-2024"));
    let page = run(
        dir.path(),
        [
            "--format",
            "html",
            "--annotate-dir",
            "copies",
            "a.docx",
            "b.txt",
        ],
    );
    assert!(page.code <= 1, "{}", page.stderr);
    assert!(dir.path().join("copies/a.rl-lint.docx").exists());
    assert!(!dir.path().join("copies/b.rl-lint.docx").exists());
    assert_eq!(page.stdout.matches("下载带批注的 Word 文档").count(), 1);
    assert!(page.stdout.contains(r#"href="copies/a.rl-lint.docx""#));
}
