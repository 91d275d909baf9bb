//! Markdown reports (`.md`). [`mask`] replaces the Markdown syntax of a report
//! with ASCII spaces and keeps everything else byte for byte, so the linter
//! reads the report's own words while every span still points into the file
//! as the user sees it.
//!
//! This is not a full CommonMark parser, on purpose:
//! - Lines stay lines. A plain-text report has one paragraph per line and the
//!   document model relies on that; Markdown reports converted from Word keep
//!   it too. (A paragraph hard-wrapped over several lines is read as several
//!   paragraphs, as in a plain-text file.)
//! - Emphasis is paired leniently. CommonMark's flanking rules refuse
//!   `**（一）强化学法。**一是…` (punctuation before the closing `**`), which is
//!   how Chinese writers bold a heading; here any `**` that opens before a
//!   non-space and closes after one is paired.
//! - Indented lines are text, not code: reports indent paragraphs.
//! - Ordered list markers `1.` are kept: they are the report's own numbering
//!   (GB/T 9704-2012 third level), read by the heading model. `1)` is masked:
//!   Markdown renders it as a numbered list, not as a half-width bracket.
//! - Deliberate link targets (`[text](url)`, `<url>`, `[id]: url`) and images
//!   are masked; a bare URL in prose is text, and the hygiene pack flags it.

use crate::text::span::floor_char_boundary;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

mod blocks;
mod inline;

/// How a report's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    #[default]
    Plain,
    Markdown,
}

impl Syntax {
    /// `.md` and `.markdown` (any case) are Markdown; everything else is plain text.
    pub fn from_path(path: &Path) -> Syntax {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
            Syntax::Markdown
        } else {
            Syntax::Plain
        }
    }

    /// `text` as the document model reads it: Markdown syntax masked as
    /// spaces ([`mask`]), plain text as it is. Same length, same offsets.
    /// Every stage that reads a report's words (the linter, the baseline,
    /// the fixer's guard for markup) takes it from here.
    pub fn readable(self, text: &str) -> Cow<'_, str> {
        match self {
            Syntax::Plain => Cow::Borrowed(text),
            Syntax::Markdown => Cow::Owned(mask(text)),
        }
    }
}

/// `text` with its Markdown syntax replaced by ASCII spaces. The result has
/// the same length, the same line breaks, and every character boundary of
/// `text` is one of the result, so spans found in it are spans of `text`.
pub fn mask(text: &str) -> String {
    let mut masker = Masker::new(text);
    masker.run();
    masker.finish()
}

pub(super) struct Masker<'t> {
    text: &'t str,
    bytes: &'t [u8],
    masked: Vec<bool>,
    /// Bytes already understood (code, URLs, escapes): not syntax any more.
    protected: Vec<bool>,
    /// Labels of the link reference definitions (`[id]: url`).
    references: HashSet<String>,
    /// Labels of the footnote definitions (`[^1]: …`), without the `^`.
    footnotes: HashSet<String>,
    in_comment: bool,
}

impl<'t> Masker<'t> {
    fn new(text: &'t str) -> Self {
        Masker {
            text,
            bytes: text.as_bytes(),
            masked: vec![false; text.len()],
            protected: vec![false; text.len()],
            references: HashSet::new(),
            footnotes: HashSet::new(),
            in_comment: false,
        }
    }

    fn mask(&mut self, start: usize, end: usize) {
        let end = end.min(self.masked.len());
        for flag in &mut self.masked[start.min(end)..end] {
            *flag = true;
        }
    }

    fn protect(&mut self, start: usize, end: usize) {
        let end = end.min(self.protected.len());
        for flag in &mut self.protected[start.min(end)..end] {
            *flag = true;
        }
    }

    /// Builds the masked text character by character, so it is valid UTF-8
    /// whatever was marked; line breaks are never masked.
    fn finish(self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for (i, c) in self.text.char_indices() {
            if self.masked[i] && c != '\n' && c != '\r' {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            } else {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masked text, checked to keep its length.
    fn masked(text: &str) -> String {
        let out = mask(text);
        assert_eq!(out.len(), text.len(), "length changed for {text:?}");
        out
    }

    /// The words that survive masking, space-separated, per line.
    fn words(text: &str) -> Vec<String> {
        masked(text)
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn syntax_from_path() {
        assert_eq!(Syntax::from_path(Path::new("a/报告.md")), Syntax::Markdown);
        assert_eq!(Syntax::from_path(Path::new("R.MarkDown")), Syntax::Markdown);
        assert_eq!(Syntax::from_path(Path::new("报告.txt")), Syntax::Plain);
        assert_eq!(Syntax::from_path(Path::new("md")), Syntax::Plain);
        assert_eq!(Syntax::from_path(Path::new("报告.mdx")), Syntax::Plain);
    }

    #[test]
    fn atx_and_setext_headings() {
        assert_eq!(
            masked("# 某局2023年法治政府建设年度报告\n## 一、总体情况 ##\n"),
            "  某局2023年法治政府建设年度报告\n   一、总体情况   \n"
        );
        assert_eq!(
            words("####### 七个\n#没有空格"),
            ["####### 七个", "#没有空格"]
        );
        assert_eq!(words("标题\n===\n正文\n---\n"), ["标题", "", "正文", ""]);
        // `===` after a blank line is text, `---` a thematic break.
        assert_eq!(words("\n===\n\n---"), ["", "===", "", ""]);
        assert_eq!(words("# 2021年 C# 培训 #"), ["2021年 C# 培训"]);
    }

    #[test]
    fn list_markers() {
        assert_eq!(
            words("- 一、学法\n  * （一）学习\n+ 三\n1. 第一\n  2) 第二\n- [ ] 待办\n- [x] 已办"),
            [
                "一、学法",
                "（一）学习",
                "三",
                "1. 第一",
                "第二",
                "待办",
                "已办"
            ]
        );
        // Not list markers: no space after them.
        assert_eq!(
            words("-10℃\n1.加强\n2.5亿元"),
            ["-10℃", "1.加强", "2.5亿元"]
        );
        assert_eq!(words("* * *\n- - -\n___"), ["", "", ""]);
    }

    #[test]
    fn emphasis_and_strikethrough() {
        assert_eq!(
            masked("一是**加强**学习，*认真*落实，__统一__部署，~~删除~~。"),
            "一是  加强  学习， 认真 落实，  统一  部署，  删除  。"
        );
        // Lenient CJK pairing: punctuation before the closing `**`.
        assert_eq!(
            words("**（一）强化法治宣传教育。**一是组织学习。"),
            ["（一）强化法治宣传教育。 一是组织学习。"]
        );
        // Ranges, blanks, snake_case, lone and spaced stars stay.
        assert_eq!(words("3~5年"), ["3~5年"]);
        assert_eq!(words("____年____月"), ["____年____月"]);
        assert_eq!(words("file_name_x"), ["file_name_x"]);
        assert_eq!(words("a * b * c"), ["a * b * c"]);
        assert_eq!(words("注*"), ["注*"]);
        // Adjacent and nested runs, as CommonMark pairs them.
        assert_eq!(words("**甲**。**一是**乙"), ["甲 。 一是 乙"]);
        // CommonMark shows these asterisks too (rule of 3).
        assert_eq!(words("**甲。****一是**乙"), ["甲。****一是 乙"]);
        assert_eq!(words("***粗斜***"), ["粗斜"]);
        assert_eq!(words("**粗*斜*体**"), ["粗 斜 体"]);
        assert_eq!(words("**多一个*"), ["* 多一个"]);
        assert_eq!(words("~~删~"), ["~~删~"]);
    }

    #[test]
    fn inline_code_and_escapes() {
        assert_eq!(masked("见`rl-lint`说明"), "见 rl-lint 说明");
        assert_eq!(masked("``a`b``"), "  a`b  ");
        // Emphasis inside code is code.
        assert_eq!(masked("`**x**`"), " **x** ");
        assert_eq!(masked(r"\*不是强调\*"), r" *不是强调 *");
        assert_eq!(masked("硬换行\\\n下一行"), "硬换行 \n下一行");
        assert_eq!(masked("未闭合`反引号"), "未闭合`反引号");
    }

    #[test]
    fn links_images_and_autolinks() {
        assert_eq!(
            words(r#"详见[市政府网站](http://www.example.gov.cn/a_b.html "标题")。"#),
            ["详见 市政府网站 。"]
        );
        assert_eq!(words("见<http://example.com/x>和<a@b.cn>"), ["见 和"]);
        assert_eq!(words("图示![示意图](img/a.png)如下"), ["图示 如下"]);
        assert_eq!(words("[**加粗链接**](u)"), ["加粗链接"]);
        assert_eq!(words("[![图](a.png)](b)"), [""]);
        // A bare URL is prose.
        assert_eq!(
            words("来源http://example.com/a_b_c"),
            ["来源http://example.com/a_b_c"]
        );
        // Brackets that are not links stay: [1] is text without a definition.
        assert_eq!(words("参考[1]和[注]"), ["参考[1]和[注]"]);
    }

    #[test]
    fn reference_links_and_footnotes() {
        let text = "见[网站][gov]和[Gov]以及[网站2][]。脚注[^1]。\n\n[gov]: http://gov.cn \"政府\"\n[网站2]: <http://x.cn>\n[^1]: 脚注正文。";
        assert_eq!(
            words(text),
            [
                "见 网站 和 Gov 以及 网站2 。脚注 。",
                "",
                "",
                "",
                "脚注正文。"
            ]
        );
        // Undefined footnotes are text.
        assert_eq!(words("[^9]"), ["[^9]"]);
    }

    #[test]
    fn html_comments_and_tags() {
        assert_eq!(
            words("<p>一、总体情况</p>\n正文<br/>续<!-- 注释 -->完\n<div class=\"x\">"),
            ["一、总体情况", "正文 续 完", ""]
        );
        assert_eq!(
            words("开始<!-- 多行\n注释\n结束 -->之后"),
            ["开始", "", "之后"]
        );
        // Book-title marks written with angle brackets are not tags.
        assert_eq!(
            words("《贯彻落实<法治政府建设实施纲要>的方案》"),
            ["《贯彻落实<法治政府建设实施纲要>的方案》"]
        );
    }

    #[test]
    fn block_quotes_code_blocks_and_front_matter() {
        assert_eq!(words("> 引用\n> > 二层"), ["引用", "二层"]);
        assert_eq!(
            words("```yaml\n一、不是标题\n```\n~~~~\n代码\n~~~~\n正文"),
            ["", "", "", "", "", "", "正文"]
        );
        // An unclosed fence runs to the end, as in CommonMark.
        assert_eq!(words("正文\n```\n一、代码"), ["正文", "", ""]);
        // Indented lines are paragraphs, not code.
        assert_eq!(words("    一、缩进的标题"), ["一、缩进的标题"]);
        assert_eq!(words("---\ntitle: 报告\n---\n# 标题"), ["", "", "", "标题"]);
        assert_eq!(words("+++\na = 1\n+++\n正文"), ["", "", "", "正文"]);
        // No closing line: a thematic break, not front matter.
        assert_eq!(words("---\n正文"), ["", "正文"]);
    }

    #[test]
    fn tables() {
        let text = "| 指标 | 数值 |\n|:---|---:|\n| 办件 | 3 |\n\n单独的竖线 |";
        assert_eq!(words(text), ["指标 数值", "", "办件 3", "", "单独的竖线 |"]);
        // An escaped pipe is a pipe the reader sees.
        assert_eq!(words("| a \\| b |\n|---|"), ["a | b", ""]);
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        assert_eq!(
            masked("## 一、总体\r\n**正文**\r\n"),
            "   一、总体\r\n  正文  \r\n"
        );
    }

    /// A small deterministic generator (xorshift), so no dev-dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn masking_keeps_length_boundaries_and_line_breaks() {
        const PIECES: &[&str] = &[
            "#",
            "## ",
            "-",
            "- ",
            "*",
            "**",
            "_",
            "__",
            "~",
            "~~",
            "`",
            "```",
            "~~~",
            "[",
            "]",
            "(",
            ")",
            "![",
            "<",
            ">",
            "<!--",
            "-->",
            "|",
            "|---|",
            "\\",
            "\n",
            "\r\n",
            " ",
            "  ",
            "\t",
            "1. ",
            "2) ",
            "[ ] ",
            "[^1]",
            "[id]: u",
            "http://a.cn",
            "<p>",
            "---\n",
            "+++",
            "一、",
            "（一）",
            "报告",
            "。",
            "，",
            "“",
            "”",
            "𝄞",
            "é",
            "a",
            "0",
            "\u{3000}",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let count = (rng.next() % 40) as usize;
            let text: String = (0..count)
                .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
                .collect();
            let out = mask(&text);
            assert_eq!(out.len(), text.len(), "{text:?}");
            for (i, _) in text.char_indices() {
                assert!(out.is_char_boundary(i), "boundary {i} lost in {text:?}");
            }
            for (a, b) in text.bytes().zip(out.bytes()) {
                assert!(a == b || b == b' ', "{text:?} → {out:?}");
                assert_eq!(a == b'\n', b == b'\n', "{text:?} → {out:?}");
            }
        }
    }

    /// Lines of one construct repeated: masked whole. How the work grows
    /// on them is `tests/hostile.rs`'s `growth_of_pathological_markdown`.
    #[test]
    fn pathological_lines_are_masked() {
        for piece in [
            "[", "]", "`", "<a x=\"", "~~a", "*a", "_a*", "![", "[a][", "<!--", "](", "[^",
        ] {
            let text = piece.repeat(200_000 / piece.len());
            let out = mask(&text);
            assert_eq!(out.len(), text.len());
        }
    }

    #[test]
    fn masked_markdown_parses_like_the_plain_text() {
        use crate::document::Document;
        let markdown = "# 某局2022年法治政府建设年度报告\n\n2022年，我局**认真**落实。\n\n## 一、主要举措及成效\n\n   ### （一）**强化学法。**一是学习。\n\n1. 加强领导。\n\n## 二、存在的不足和原因\n\n- 由于人员少，宣传不够。\n\n## 三、2023年工作计划\n\n继续努力。\n\n某局\n\n2023年2月2日\n";
        let plain = "某局2022年法治政府建设年度报告\n2022年，我局认真落实。\n一、主要举措及成效\n（一）强化学法。一是学习。\n1.加强领导。\n二、存在的不足和原因\n由于人员少，宣传不够。\n三、2023年工作计划\n继续努力。\n某局\n2023年2月2日\n";
        let masked = mask(markdown);
        let (md, txt) = (Document::parse(&masked, None), Document::parse(plain, None));
        let title = |d: &Document, t: &str| d.title.as_ref().map(|x| x.span.text(t).to_string());
        assert_eq!(title(&md, &masked), title(&txt, plain));
        let headings = |d: &Document, t: &str| {
            d.headings
                .iter()
                .map(|h| {
                    (
                        h.marker.standard.clone(),
                        h.depth,
                        h.title_span.text(t).to_string(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(headings(&md, &masked), headings(&txt, plain));
        assert_eq!(md.headings.len(), 5);
        let closing = |d: &Document, t: &str| {
            (
                d.closing.signer.map(|s| s.text(t).to_string()),
                d.closing.date.as_ref().map(|x| x.span.text(t).to_string()),
            )
        };
        assert_eq!(closing(&md, &masked), closing(&txt, plain));
        assert_eq!(md.year.map(|y| y.year), Some(2022));
        // The spans found in the masked text are spans of the Markdown file.
        assert_eq!(md.headings[1].title_span.text(markdown), "强化学法");
    }
}
