use super::*;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn package(parts: &[(&str, String)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!(
        r#"<w:document xmlns:w="{W}" xmlns:r="r"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="-2098" w:right="1474" w:bottom="1984" w:left="1588" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr></w:body></w:document>"#
    )
}

const STYLES: &str = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"/><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="t"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style></w:styles>"#;

const THEME: &str = r#"<a:theme xmlns:a="a"><a:themeElements><a:fontScheme><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface="仿宋_GB2312"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>"#;

const RELS: &str = r#"<Relationships xmlns="p"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>"#;

fn footer(inner: &str) -> String {
    format!(
        r#"<w:ftr xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="right"/></w:pPr>{inner}</w:p></w:ftr>"#
    )
}

fn read_with(body: &str, footer_xml: &str, text: &str) -> Option<Layout> {
    let bytes = package(&[
        ("word/document.xml", document(body)),
        ("word/styles.xml", STYLES.to_string()),
        ("word/theme/theme1.xml", THEME.to_string()),
        ("word/_rels/document.xml.rels", RELS.to_string()),
        ("word/footer1.xml", footer(footer_xml)),
    ]);
    read(&bytes, text).unwrap()
}

#[test]
fn effective_fonts_come_through_styles_defaults_and_the_theme() {
    let body = r#"<w:p><w:pPr><w:pStyle w:val="t"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:t>正文</w:t></w:r><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="24"/><w:b/></w:rPr><w:t>2023</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"#;
    let text = "标题\n一、正文2023\n\n";
    let layout = read_with(body, r#"<w:r><w:t>— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t> —</w:t></w:r>"#, text).unwrap();
    assert_eq!(layout.paragraphs.len(), 3);
    let title = &layout.paragraphs[0];
    assert_eq!(title.props.align.as_deref(), Some("center"));
    assert_eq!(title.runs[0].east_asia.as_deref(), Some("方正小标宋简体"));
    assert_eq!(title.runs[0].size, 44);
    let body = &layout.paragraphs[1];
    // The automatic number stands in front: the runs are placed after it.
    assert_eq!(body.runs[0].span.text(text), "正文");
    assert_eq!(body.runs[0].east_asia.as_deref(), Some("仿宋_GB2312"));
    assert_eq!(body.runs[0].latin.as_deref(), Some("Times New Roman"));
    assert_eq!(body.runs[1].span.text(text), "2023");
    assert_eq!((body.runs[1].size, body.runs[1].bold), (24, true));
    assert_eq!(body.first_line_chars(), 2.0);
    let section = &layout.sections[0];
    assert_eq!(
        (
            section.top,
            section.left,
            section.width,
            section.grid_pitch()
        ),
        (Some(2098), Some(1588), Some(11906), Some(579))
    );
    assert_eq!(section.last_line, Some(2));
    let page = layout.footers[section.footers[0].1]
        .page_number
        .as_ref()
        .unwrap();
    assert_eq!((page.before.as_str(), page.after.as_str()), ("— ", " —"));
    assert_eq!((page.size, page.align.as_deref()), (28, Some("right")));
}

#[test]
fn complex_page_fields_are_found_and_numpages_is_not_one() {
    let body = r#"<w:p><w:r><w:t>正文</w:t></w:r></w:p>"#;
    let complex = r#"<w:r><w:t>-</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr><w:rFonts w:ascii="宋体"/></w:rPr><w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>-</w:t></w:r>"#;
    let layout = read_with(body, complex, "正文\n").unwrap();
    let page = layout.footers[0].page_number.as_ref().unwrap();
    assert_eq!((page.before.as_str(), page.after.as_str()), ("-", "-"));
    assert_eq!(page.latin.as_deref(), Some("宋体"));
    let numpages = r#"<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>"#;
    let layout = read_with(body, numpages, "正文\n").unwrap();
    assert_eq!(layout.footers[0].page_number, None);
}

#[test]
fn a_text_that_does_not_match_gives_no_layout() {
    let body = r#"<w:p><w:r><w:t>正文</w:t></w:r></w:p>"#;
    assert!(read_with(body, "", "正文\n多一行\n").is_none());
    // A line whose text differs keeps its properties, its run over the line.
    let layout = read_with(body, "", "别的\n").unwrap();
    assert_eq!(layout.paragraphs[0].runs[0].span, Span::new(0, 6));
}

#[test]
fn hidden_and_deleted_text_is_not_a_run() {
    let body = r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:r><w:t>可见</w:t></w:r></w:p>"#;
    let layout = read_with(body, "", "可见\n").unwrap();
    assert_eq!(layout.paragraphs[0].runs.len(), 1);
    assert_eq!(layout.paragraphs[0].runs[0].span, Span::new(0, 6));
}
