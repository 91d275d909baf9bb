//! The head of a report: what comes before the body. As published, it may
//! hold page residue (breadcrumbs, metadata, widgets) before and after the
//! title, the title itself over one to three lines (GB/T 9704-2012 7.3.1:
//! 「分一行或多行居中排布」), the title again (the page header, then the
//! body's own title), a bracketed date under the title, and the recipient
//! line (主送机关, 「市委、市政府：」) before the body starts.
//!
//! Recipient lines, bracketed dates, subtitles and page residue are those of
//! any 公文 published on a website; only the title's words differ between
//! report types (`title::TitleWords`, from the packs).
//!
//! The head is read once, block by block, from the start of the report up to
//! the first heading or the first block that reads like running text (at most
//! [`HEAD_BLOCKS`] blocks); each block is looked at a bounded number of times,
//! so the work is linear in the size of the head.

use super::blocks::Block;
use super::date::is_space;
use super::heading::parse_marker;
use super::residue::{is_bare_label, is_page_residue};
use super::title::{looks_like_title_with, title_from_lines, Title, TitleWords};
use crate::text::pattern::Pattern;
use std::sync::LazyLock;

/// How many blocks the head may take: a page header with its metadata.
pub const HEAD_BLOCKS: usize = 60;

/// Lines of a title that runs over several lines.
const MAX_TITLE_LINES: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub title: Option<Title>,
    /// Earlier copies of the title (a page header above the body's own).
    pub repeated: Vec<Title>,
    /// The 主送机关 line, by block index.
    pub recipient: Option<usize>,
    /// Blocks of the head that are neither title nor recipient: page
    /// residue and page furniture, skipped when the title was looked for.
    pub skipped: Vec<usize>,
    /// The first block of the body.
    pub body_start: usize,
}

/// A recipient line: authorities separated by 、 and ending in a colon,
/// nothing else: 「市委、市政府：」「中共岳阳市委、岳阳市人民政府:」.
static RECIPIENT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(
        r"^[^，。；：:,;！？!?\s]{1,30}(?:[委府会局厅部办院室处组司所校]|常委会|人大|政协|委员会)(?:[、，,\s]+[^，。；：:,;！？!?\s]{1,30}(?:[委府会局厅部办院室处组司所校]|常委会|人大|政协|委员会))*\s*[：:]$",
    )
});

/// A bracketed line under the title: 「（2023年2月10日）」「（2023年3月在县人大常委会会议上）」.
static BRACKETED_DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(
        r"^[（(][^（()）]{0,40}(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})\s*年[^（()）]{0,40}[）)]$",
    )
});

pub fn is_recipient(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    s.chars().count() <= 60 && RECIPIENT.is_match(s)
}

/// A line that may be the first line(s) of a title over several lines: short,
/// no sentence punctuation, not a heading, not residue.
fn is_title_fragment(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    let chars = s.chars().count();
    // A table's `|` is never in a title: 「文件下载 |」 is a metadata row.
    (2..=40).contains(&chars)
        && !s.contains([
            '。', '，', ',', '：', ':', '；', ';', '！', '？', '!', '?', '|', '｜',
        ])
        && parse_marker(s).is_none()
        && !is_page_residue(s)
}

/// A metadata value on a line of its own: short, no sentence punctuation
/// (「区人民政府」「其他」「综合政务」).
fn is_metadata_value(s: &str) -> bool {
    let s = s.trim_matches(is_space);
    (1..=20).contains(&s.chars().count())
        && !s.contains(['。', '，', '；', ';', '！', '？', '：', ':'])
}

/// A subtitle line: short, no sentence punctuation.
fn is_subtitle(s: &str) -> bool {
    s.chars().count() <= 60 && !s.contains(['。', '，', '；', ';', '！', '？'])
}

/// A block that reads like running text: it ends the head.
fn looks_like_paragraph(s: &str) -> bool {
    s.chars().count() > 80 || s.ends_with(['。', '：', ':', '；', ';'])
}

/// The title starting at block `at`, over one to three lines.
fn title_at(
    text: &str,
    blocks: &[Block],
    at: usize,
    limit: usize,
    words: &TitleWords,
) -> Option<Title> {
    let end = limit.min(at + MAX_TITLE_LINES);
    for last in at..end {
        let s = blocks[last].span.text(text);
        // 「名称 | 某局2023年…年度报告」 is a row of the page's metadata.
        if is_page_residue(s) {
            return None;
        }
        if last > at {
            // Lines of one title are close together (a blank line at most
            // between them) and each earlier line is a fragment.
            let gap = blocks[last].line.saturating_sub(blocks[last - 1].line);
            if gap > 2 || !blocks[last - 1].starts_line || !blocks[last].starts_line {
                return None;
            }
            if !is_title_fragment(blocks[last - 1].span.text(text)) {
                return None;
            }
        }
        // The last line says what the title is, or, when it is only the
        // tail of one (「2024 年上海市科委政府信息公开工作」 over 「年度报告」),
        // the lines joined do.
        let is_title = looks_like_title_with(s, words)
            || (last > at && {
                let joined: String = blocks[at..=last]
                    .iter()
                    .map(|b| b.span.text(text).trim_matches(is_space))
                    .collect();
                looks_like_title_with(&joined, words)
            });
        if is_title {
            let lines: Vec<_> = blocks[at..=last].iter().map(|b| b.span).collect();
            return title_from_lines(text, &lines, at, last, words);
        }
        // A line that cannot continue a title ends the attempt.
        if !is_title_fragment(s) {
            return None;
        }
    }
    None
}

fn normalised(text: &str, title: &Title) -> String {
    title
        .lines
        .iter()
        .flat_map(|l| l.text(text).chars())
        .filter(|&c| !is_space(c))
        .collect()
}

/// The head of the report; `words` are those of its report type (or of
/// every loaded type, before the type is known).
pub fn find_head(
    text: &str,
    blocks: &[Block],
    first_heading_block: Option<usize>,
    words: &TitleWords,
) -> Head {
    let limit = first_heading_block.unwrap_or(blocks.len()).min(HEAD_BLOCKS);
    let mut titles: Vec<Title> = Vec::new();
    // Blocks consumed by the head that are neither title nor recipient.
    let mut others: Vec<usize> = Vec::new();
    let mut recipient = None;
    let mut at = 0;
    while at < limit {
        let s = blocks[at].span.text(text);
        if is_page_residue(s) {
            others.push(at);
            at += 1;
            continue;
        }
        // A subtitle under the title: 「——在县人大常委会会议上的报告」.
        if let Some(last) = titles.last_mut() {
            if last.block + 1 == at && s.starts_with(['—', '－']) && is_subtitle(s) {
                last.lines.push(blocks[at].span);
                last.span = super::Span::new(last.span.start, blocks[at].span.end);
                last.block = at;
                at += 1;
                continue;
            }
        }
        if let Some(mut title) = title_at(text, blocks, at, limit, words) {
            at = title.block + 1;
            // A bracketed date under the title belongs to it.
            if at < limit && BRACKETED_DATE.is_match(blocks[at].span.text(text).trim()) {
                title.lines.push(blocks[at].span);
                title.span = super::Span::new(title.span.start, blocks[at].span.end);
                title.block = at;
                at += 1;
            }
            titles.push(title);
            continue;
        }
        if is_recipient(s) {
            recipient = Some(at);
            break;
        }
        if looks_like_paragraph(s) || !blocks[at].starts_line {
            break;
        }
        others.push(at);
        at += 1;
    }
    let title = titles.pop();
    // The body starts after the title, the recipient and the last residue
    // line of the head; short lines in between are metadata values
    // (「区人民政府」 under 「发文单位」).
    let last_residue = others
        .iter()
        .rev()
        .find(|&&b| is_page_residue(blocks[b].span.text(text)))
        .map(|&b| {
            // The last label's value on the line below it is residue too
            // (「主题分类」 / 「其他」): it is no heading of the report.
            let value = b + 1;
            let is_value = is_bare_label(blocks[b].span.text(text))
                && others.contains(&value)
                && is_metadata_value(blocks[value].span.text(text));
            if is_value {
                value + 1
            } else {
                b + 1
            }
        });
    let body_start = [
        title.as_ref().map(|t| t.block + 1),
        recipient.map(|r| r + 1),
        last_residue,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let mut skipped: Vec<usize> = others.into_iter().filter(|&b| b < body_start).collect();
    let mut repeated = Vec::new();
    if let Some(t) = &title {
        let own = normalised(text, t);
        for earlier in titles {
            let copy = normalised(text, &earlier);
            if own.ends_with(&copy) || copy.ends_with(&own) {
                repeated.push(earlier);
            } else {
                // Another title-like line above the title: a column name.
                skipped.extend(earlier.first_block..=earlier.block);
            }
        }
        skipped.sort_unstable();
    }
    Head {
        title,
        repeated,
        recipient,
        skipped,
        body_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::blocks::split_blocks;
    use crate::text::span::LineIndex;

    fn head(text: &str) -> (Head, Vec<Block>) {
        let blocks = split_blocks(text, &LineIndex::new(text));
        let first_heading = blocks
            .iter()
            .position(|b| parse_marker(b.span.text(text)).is_some());
        let words = crate::document::testing::builtin_words("fazhi");
        (find_head(text, &blocks, first_heading, &words), blocks)
    }

    fn title_text(text: &str) -> Option<String> {
        head(text).0.title.map(|t| {
            t.lines
                .iter()
                .map(|l| l.text(text))
                .collect::<Vec<_>>()
                .join("/")
        })
    }

    #[test]
    fn title_after_residue() {
        let text = "当前位置: 首页 > 其他 > 依法行政\n\n湖南省人民政府关于2020年度法治政府建设情况的报告\n\n来源:湖南省政府门户网站 发布时间:2021-03-28 08:58 浏览次数:1\n\n按照要求，现将情况报告如下。\n一、主要工作\n";
        let (h, _) = head(text);
        let t = h.title.unwrap();
        assert_eq!(
            t.span.text(text),
            "湖南省人民政府关于2020年度法治政府建设情况的报告"
        );
        assert_eq!(t.unit.unwrap().text(text), "湖南省人民政府");
        assert_eq!(h.skipped, vec![0, 2]);
        assert_eq!(h.body_start, 3);
    }

    #[test]
    fn title_over_two_and_three_lines() {
        assert_eq!(
            title_text("东安县应急管理局\n2025年法治政府建设报告\n我局坚持依法行政。\n").as_deref(),
            Some("东安县应急管理局/2025年法治政府建设报告")
        );
        assert_eq!(
            title_text(
                "某某市某某局关于2022年度\n法治政府建设情况的报告\n\n2022年，我局认真落实。\n"
            )
            .as_deref(),
            Some("某某市某某局关于2022年度/法治政府建设情况的报告")
        );
        assert_eq!(
            title_text("中共某县委\n某县人民政府\n关于2022年度法治政府建设情况的报告\n正文。\n")
                .as_deref(),
            Some("中共某县委/某县人民政府/关于2022年度法治政府建设情况的报告")
        );
    }

    #[test]
    fn a_title_whose_last_line_is_only_its_tail() {
        assert_eq!(
            title_text("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n根据《条例》的要求，编制本报告。\n")
                .as_deref(),
            Some("2024 年上海市科委政府信息公开工作/年度报告")
        );
        assert_eq!(
            title_text("某县司法局\n2023年法治政府建设\n工作报告\n2023年，我局依法行政。\n")
                .as_deref(),
            Some("某县司法局/2023年法治政府建设/工作报告")
        );
        // Rows of a page's metadata table are no title lines.
        assert_eq!(
            title_text("某县发改局\n政府信息公开\n名称 | 某县发展和改革局2023年政府信息公开年度报告\n文件下载 | \n时效 | \n某县发展和改革局2023年政府信息公开年度报告\n根据《条例》要求，现向社会公布本报告。\n")
                .as_deref(),
            Some("某县发展和改革局2023年政府信息公开年度报告")
        );
        // Short lines that make no title joined stay what they were.
        let (head, _) = head("某县司法局\n工作\n2023年，我局依法行政。\n");
        assert!(head.title.is_none());
    }

    #[test]
    fn repeated_title_the_body_title_wins() {
        let text = "您当前的位置:首页 >政务公开\n\n某镇人民政府 关于2021年度法治政府建设情况的报告\n\n日期:2022-03-31\n\n某镇人民政府\n\n关于2021年度法治政府建设情况的报告  \n\n2021年以来，我镇认真落实。\n";
        let (h, _) = head(text);
        let t = h.title.unwrap();
        assert_eq!(t.lines.len(), 2);
        assert_eq!(t.lines[0].text(text), "某镇人民政府");
        assert_eq!(h.repeated.len(), 1);
        assert_eq!(h.skipped, vec![0, 2]);
    }

    #[test]
    fn recipient_line_is_its_own_element() {
        let text = "某县教育局2024年法治政府建设情况报告\n县委、县政府：\n2024年以来，教育局认真落实。\n一、主要举措\n";
        let (h, blocks) = head(text);
        assert!(h.title.is_some());
        assert_eq!(
            blocks[h.recipient.unwrap()].span.text(text),
            "县委、县政府："
        );
        assert_eq!(h.body_start, 2);
        let (h, _) = head("中共渠县委员会、渠县人民政府:\n2024年，我乡认真落实。\n");
        assert_eq!(
            (h.title.is_none(), h.recipient, h.body_start),
            (true, Some(0), 1)
        );
        assert!(is_recipient("中共岳阳市委、岳阳市人民政府:"));
        assert!(is_recipient("市委、市政府："));
        assert!(!is_recipient("现将有关情况报告如下："));
        assert!(!is_recipient("主要做法如下："));
    }

    #[test]
    fn title_forms() {
        for title in [
            "四川省人民政府2022年度法治政府建设工作情况",
            "2020年静海区法治政府建设情况报告",
            "中共某县委 某县人民政府关于2022年度法治政府建设情况的报告",
            "某某局2022年法治政府建设年度报告（2023年2月10日）",
        ] {
            assert_eq!(
                title_text(&format!("{title}\n正文。\n")).as_deref(),
                Some(title)
            );
        }
        assert_eq!(
            title_text("某局2022年法治政府建设年度报告\n（2023年2月10日）\n正文。\n").as_deref(),
            Some("某局2022年法治政府建设年度报告/（2023年2月10日）")
        );
    }

    #[test]
    fn subtitle_and_column_name_above_the_title() {
        let text = "法治政府建设年度报告\n某县人民政府关于2022年度法治政府建设情况的报告\n——在县人大常委会第十次会议上\n2022年，我县认真落实。\n";
        let (h, _) = head(text);
        let t = h.title.expect("title");
        assert_eq!(t.lines.len(), 2);
        assert_eq!(t.unit.unwrap().text(text), "某县人民政府");
        assert_eq!(h.skipped, vec![0]);
        assert!(h.repeated.is_empty());
        assert_eq!(
            title_text("某市2022年法治政府建设工作总结\n正文。\n").as_deref(),
            Some("某市2022年法治政府建设工作总结")
        );
        let (h, _) = head("某市司法局关于报送2023年度法治政府建设情况的报告\n正文。\n");
        let text = "某市司法局关于报送2023年度法治政府建设情况的报告\n正文。\n";
        assert_eq!(h.title.unwrap().unit.unwrap().text(text), "某市司法局");
    }

    #[test]
    fn no_title_only_residue_is_skipped() {
        let (h, _) = head("2023年，东莞市司法局认真落实。\n一、工作\n");
        assert_eq!((h.title, h.body_start), (None, 0));
        let (h, _) = head("| 索引号: | 1 |\n我局认真落实，取得成效。\n");
        assert_eq!((h.skipped.clone(), h.body_start), (vec![0], 1));
    }

    #[test]
    fn the_last_labels_value_below_it_is_skipped() {
        let text = "某区2020年法治政府建设工作报告\n发文单位\n区人民政府\n主题分类\n其他\n按照部署，我区对2020年法治政府建设工作情况进行了自查。\n一、基本情况\n";
        let (h, _) = head(text);
        assert_eq!((h.skipped.clone(), h.body_start), (vec![1, 2, 3, 4], 5));
        // A label with its value on its own line keeps the next line.
        let text = "某区2020年法治政府建设工作报告\n主题分类：其他\n主要工作\n按照部署，我区进行了自查。\n一、基本情况\n";
        let (h, _) = head(text);
        assert_eq!((h.skipped.clone(), h.body_start), (vec![1], 2));
    }
}
