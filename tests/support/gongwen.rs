//! A `.docx` laid out exactly to GB/T 9704-2012, as Word and WPS templates
//! make one: fonts from the theme (`minorEastAsia` → 仿宋_GB2312) and
//! from styles based on others, margins 37/35/28/26 mm, a line grid of
//! 22 lines, 「— 1 —」 page numbers right on odd pages and left on even
//! ones. Each field of [`Gongwen`] is one thing a test may change.

use std::io::{Cursor, Write};

use super::docx::{escape, W};

/// The parts of a GB/T 9704 document that tests change one at a time.
#[derive(Debug, Clone)]
pub struct Gongwen {
    /// `w:pgMar` attributes.
    pub margins: &'static str,
    /// The title style's East Asian font and size (half-points).
    pub title_font: &'static str,
    pub title_size: u32,
    /// The 标题 1 style's East Asian font.
    pub heading_1_font: &'static str,
    /// Direct run formatting on the body paragraphs (empty: none).
    pub body_run: &'static str,
    /// The footers' content around the page field: `None` for no footers.
    pub page_dashes: Option<(&'static str, &'static str)>,
    /// Whether the 「一、」 headings have a first-line indent of 2 characters.
    pub heading_1_indent: bool,
    /// The date paragraph's alignment and indent (`w:pPr` children).
    pub date_ppr: &'static str,
}

impl Default for Gongwen {
    fn default() -> Self {
        Gongwen {
            margins: r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0""#,
            title_font: "方正小标宋简体",
            title_size: 44,
            heading_1_font: "黑体",
            body_run: "",
            page_dashes: Some(("— ", " —")),
            heading_1_indent: true,
            // 右空四字: right-aligned, 4 characters from the right margin.
            date_ppr: r#"<w:jc w:val="right"/><w:ind w:rightChars="400" w:right="1280"/>"#,
        }
    }
}

/// Word's default margins (上下 2.54 cm, 左右 3.18 cm).
pub const WORD_MARGINS: &str = r#"w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0""#;

const THEME: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Hans" typeface="等线 Light"/></a:majorFont><a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/><a:font script="Jpan" typeface="游明朝"/><a:font script="Hans" typeface="仿宋_GB2312"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/></w:settings>"#;

/// The report's lines: (paragraph style, first-line indent, alignment, text).
const LINES: &[(&str, bool, &str, &str)] = &[
    ("Title", false, "", "某某县2023年法治政府建设年度报告"),
    ("", false, "", ""),
    ("", false, "", "市委、市政府："),
    (
        "",
        true,
        "",
        "2023年，我县深入学习贯彻习近平法治思想，全面推进依法行政，现将有关情况报告如下。",
    ),
    ("1", true, "", "一、主要举措和成效"),
    (
        "2",
        true,
        "",
        "（一）加强党的领导。县委常委会会议专题研究法治政府建设工作4次。",
    ),
    (
        "",
        true,
        "",
        "1.完善制度体系。制定规范性文件3件，全部经过合法性审核。",
    ),
    (
        "",
        true,
        "",
        "我县建立重大行政决策目录管理制度，决策事项全部履行法定程序。",
    ),
    ("1", true, "", "二、存在的不足和原因"),
    (
        "",
        true,
        "",
        "一是基层执法力量不足；二是执法人员专业素质有待提高。",
    ),
    ("1", true, "", "三、下一年度工作安排"),
    (
        "",
        true,
        "",
        "我县将持续深化法治政府建设，推进严格规范公正文明执法。",
    ),
    ("", false, "", ""),
    ("", false, "right", "某某县人民政府"),
    ("", false, "right", "2024年1月20日"),
];

impl Gongwen {
    fn styles(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:kern w:val="2"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="{}"/><w:sz w:val="{}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="{}"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="footer"/><w:basedOn w:val="a"/><w:pPr><w:snapToGrid w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/><w:sz w:val="28"/></w:rPr></w:style></w:styles>"#,
            self.title_font, self.title_size, self.heading_1_font
        )
    }

    fn body(&self) -> String {
        let mut body = String::new();
        for (i, (style, indent, align, text)) in LINES.iter().enumerate() {
            let indent = if *style == "1" {
                self.heading_1_indent
            } else {
                *indent
            };
            let mut ppr = String::new();
            if !style.is_empty() {
                ppr.push_str(&format!(r#"<w:pStyle w:val="{style}"/>"#));
            }
            ppr.push_str(r#"<w:spacing w:line="560" w:lineRule="exact"/>"#);
            if indent {
                ppr.push_str(r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#);
            }
            if i + 1 == LINES.len() {
                ppr.push_str(self.date_ppr);
            } else if !align.is_empty() {
                ppr.push_str(&format!(r#"<w:jc w:val="{align}"/>"#));
            }
            let body_run =
                style.is_empty() && indent && !text.starts_with("1.") && !self.body_run.is_empty();
            let rpr = if body_run {
                format!("<w:rPr>{}</w:rPr>", self.body_run)
            } else {
                r#"<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>"#.to_string()
            };
            // A run-in heading: the heading's words in its font, then the body.
            let runs = if text.is_empty() {
                String::new()
            } else {
                format!(
                    r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                    escape(text)
                )
            };
            body.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"));
        }
        let footers = if self.page_dashes.is_some() {
            r#"<w:footerReference w:type="even" r:id="rId11"/><w:footerReference w:type="default" r:id="rId10"/>"#
        } else {
            ""
        };
        body.push_str(&format!(
            r#"<w:sectPr>{footers}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar {}/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579" w:charSpace="-849"/></w:sectPr>"#,
            self.margins
        ));
        body
    }

    fn footer(&self, align: &str) -> String {
        let (before, after) = self.page_dashes.unwrap_or(("", ""));
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}"><w:p><w:pPr><w:pStyle w:val="a3"/><w:jc w:val="{align}"/><w:ind w:left="280" w:right="280"/></w:pPr><w:r><w:t xml:space="preserve">{before}</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE   \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve">{after}</w:t></w:r></w:p></w:ftr>"#
        )
    }

    /// The `.docx` file.
    pub fn docx(&self) -> Vec<u8> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}</w:body></w:document>"#,
            self.body()
        );
        let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;
        let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let document_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>"#;
        let parts = [
            ("[Content_Types].xml", content_types.to_string()),
            ("_rels/.rels", package_rels.to_string()),
            ("word/_rels/document.xml.rels", document_rels.to_string()),
            ("word/document.xml", document),
            ("word/styles.xml", self.styles()),
            ("word/settings.xml", SETTINGS.to_string()),
            ("word/theme/theme1.xml", THEME.to_string()),
            ("word/footer1.xml", self.footer("right")),
            ("word/footer2.xml", self.footer("left")),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            zip.start_file(name, options).expect("zip entry");
            zip.write_all(content.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip finish").into_inner()
    }

    /// The report's text, one line per paragraph, as rl-lint reads it.
    pub fn text() -> String {
        LINES.iter().map(|l| format!("{}\n", l.3)).collect()
    }
}
