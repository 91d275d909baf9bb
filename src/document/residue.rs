//! Web-page residue as it appears around the head of a published report:
//! breadcrumbs, metadata labels followed by their values (dates, sources,
//! index numbers), view counters, font-size, print and share widgets, rows
//! of a metadata table, bullet lists of metadata, bare publication times.
//! The head of the model skips these lines when it looks for the title
//! (the labels below are wider than a rule could be: they are only read
//! before the title). After the report, what the model skips is what the
//! rules marked `page_residue` report (the built-in `hygiene/web-residue`),
//! handed to the model by the loaded rule set ([`PageResidue`]).
//!
//! Every test here reads one line (a block) once: linear in its length.

use super::date::is_space;
use crate::text::pattern::Pattern;
use std::sync::{Arc, LazyLock};

/// Labels of page metadata. A line that starts with one of them, followed
/// by a colon, a table's `|`, nothing, or a date, is page furniture, not
/// report text.
const LABELS: &str = "日期|时间|发布(?:日期|时间|机构|单位)|更新(?:日期|时间)|成文日期|发文(?:日期|单位|机关|字号)|\
生成日期|公开(?:日期|方式|范围|时限)|来源|信息来源|文章来源|稿件来源|作者|撰稿|编辑|责任编辑|审核|索引号|\
主题(?:分类|词)|体裁分类|组配分类|服务对象|关键词|效力状态|有效性|分类|名称|标题|文号|浏览(?:量|次数)|\
点击(?:率|数|量|次数)?|访问(?:量|次数)|阅读(?:量|数|次数)|字号|字体|分享(?:到)?|打印|扫一扫|一图读懂|图解|视频解读|\
今天是|所属机构|所属主题|正文|文件下载|附件下载|时效";

static LABEL_LINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(&format!(
        r"^(?:{LABELS})\s*(?:[:：|｜]|$|[0-9]{{4}}\s*[-/.年])"
    ))
});

/// A label of page metadata alone on its line, its value on the next
/// (「主题分类」 over 「其他」).
static BARE_LABEL: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::fixed(&format!(r"^(?:{LABELS})\s*[:：]?$")));

/// Whether `line` is a metadata label whose value stands on the next line.
pub fn is_bare_label(line: &str) -> bool {
    BARE_LABEL.is_match(line.trim_matches(is_space))
}

/// A line that is only a date or a date and time, as pages print them
/// (「2020-12-22 11:50」「2023年03月30日 09时24分」).
static BARE_TIMESTAMP: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(
        r"^(?:[0-9]{4}\s*[-/.]\s*[0-9]{1,2}\s*[-/.]\s*[0-9]{1,2}(?:\s+[0-9]{1,2}\s*[:：]\s*[0-9]{1,2}.*)?|[0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s+[0-9]{1,2}\s*[:：时]\s*[0-9]{1,2}.*)$",
    )
});

/// A short line that ends in a page date with dashes: 「省政府办公厅 2022-03-15」.
static TRAILING_PAGE_DATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
});

/// Breadcrumbs and page navigation.
static NAVIGATION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::fixed(
        r"(?:当前位置|您的位置|您当前的位置|您所在的位置|所在位置)\s*[:：]|首页\s*[>＞»→/／]|^[>＞»]|\s[>＞»]\s|繁体版|简体版|长者助手|无障碍|适老化|关怀版|打印本页|关闭窗口|视力保护色",
    )
});

/// Widgets written in square brackets: 【打印】【 字体:  】【关闭】.
static WIDGETS: LazyLock<Pattern> = LazyLock::new(|| Pattern::fixed(r"^(?:【[^】]{0,12}】?\s*)+$"));

/// Whether `line` (one block of the head) is page residue.
pub fn is_page_residue(line: &str) -> bool {
    let line = line.trim_matches(is_space);
    if line.is_empty() {
        return false;
    }
    // Metadata tables and bullet lists: 「| 索引号: | … |」, 「• 来源: 司法厅」.
    if line.starts_with(['|', '｜']) {
        return true;
    }
    let unbulleted = line.trim_start_matches(['•', '·', '●', '▪', '◆', '■', '-', '*']);
    let bulleted = unbulleted.len() != line.len();
    if WIDGETS.is_match(unbulleted.trim_start_matches(is_space)) {
        return true;
    }
    // 「【发布时间：2023-03-01】【来源：某局】」: labels inside brackets.
    let unbulleted = unbulleted.trim_start_matches(['【', '[']);
    let unbulleted = unbulleted.trim_start_matches(is_space);
    let chars = unbulleted.chars().count();
    if bulleted && chars <= 40 {
        return true;
    }
    if chars > 120 {
        return false;
    }
    LABEL_LINE.is_match(unbulleted)
        || BARE_TIMESTAMP.is_match(unbulleted)
        || NAVIGATION.is_match(unbulleted)
        || (chars <= 40 && TRAILING_PAGE_DATE.is_match(unbulleted) && !has_sentence_end(unbulleted))
}

/// What the loaded rule set says page residue is: the patterns of its
/// `forbidden-pattern` rules marked `page_residue: true` (the built-in
/// `hygiene/web-residue`, and any rule of a user pack that says the same
/// of its patterns). The pack loader gathers them once per rule set and
/// the engine hands them to the model, which skips a line after the
/// report that one of them matches when it looks for the closing: a
/// rule that reports a line as residue also says it is not report text.
/// The patterns are the rules' own, shared: each compiles once per rule
/// set, for the model and the rule alike.
///
/// Without a rule set (`PageResidue::default()`) no line is residue; a
/// rule of separators is still furniture ([`is_trailing_furniture`]).
#[derive(Debug, Clone, Default)]
pub struct PageResidue {
    /// One list per marked rule, in load order.
    rules: Vec<Arc<[Pattern]>>,
}

impl PageResidue {
    /// The residue of the marked rules' pattern lists.
    pub fn new(rules: Vec<Arc<[Pattern]>>) -> Self {
        PageResidue { rules }
    }

    /// Every pattern, in load order.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.rules.iter().flat_map(|r| r.iter())
    }

    /// Whether a pattern matches somewhere in `line`.
    pub fn is_match(&self, line: &str) -> bool {
        self.patterns().any(|p| p.is_match(line))
    }
}

/// Whether `line` is a rule of separators, left after the page's widgets:
/// only `|-—_=*·.` and white space (the regex `^[|\s\-—_=*·.]+$`, read
/// without compiling one: it was the first regex of every report).
fn is_separator_rule(line: &str) -> bool {
    !line.is_empty()
        && line.chars().all(|c| {
            matches!(c, '|' | '-' | '—' | '_' | '=' | '*' | '·' | '.') || c.is_whitespace()
        })
}

/// Whether `line` (a block after the report's text) is page furniture.
/// It is when it is a rule of separators, or web-page residue as the
/// loaded rules write it (`residue`: print and close buttons, share links,
/// the editor's name, view counts after the date).
pub fn is_trailing_furniture(line: &str, residue: &PageResidue) -> bool {
    is_separator_rule(line) || residue.is_match(line)
}

fn has_sentence_end(s: &str) -> bool {
    s.contains(['。', '；', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_separator_rule_is_what_its_regex_matches() {
        let regex = regex::Regex::new(r"^[|\s\-—_=*·.]+$").expect("regex");
        // Every character the set names, its neighbours, and white space
        // of every kind, alone and in pairs and triples.
        let alphabet: Vec<char> = "|-—_=*·.\u{3000}\t\n\r \u{a0}\u{2028}\u{85}a一｜－–~,，+/\u{0}"
            .chars()
            .collect();
        let mut lines = vec![String::new()];
        for &a in &alphabet {
            for &b in &alphabet {
                for &c in &alphabet {
                    lines.push(format!("{a}"));
                    lines.push(format!("{a}{b}"));
                    lines.push(format!("{a}{b}{c}"));
                }
            }
        }
        for line in &lines {
            assert_eq!(is_separator_rule(line), regex.is_match(line), "{line:?}");
        }
        // And on every character.
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let line = c.to_string();
            assert_eq!(is_separator_rule(&line), regex.is_match(&line), "{c:?}");
        }
    }

    #[test]
    fn metadata_labels_with_values_dates_or_nothing() {
        for line in [
            "日期:2021-03-30 15:28    来源:北京市人民政府",
            "时间:2023-02-28 15:36 浏览量:1",
            "发布时间:2023-02-10 15:34:38",
            "来源:某局2023-03-10 11:29",
            "来源:留下街道 点击率:",
            "文章来源:司法局 更新时间:2021/03/29 11:30:01",
            "分享:",
            "字号:        ",
            "一图读懂:https://example.gov.cn/a.html",
            "发文单位",
            "索引号",
            "今天是:2019年10月31日 星期三 农历十月初七",
            "发布日期:2025-02-24         浏览次数:",
            "正文",
            "文件下载 | ",
            "名称 | 沭阳县发展和改革局2023年政府信息公开年度报告",
        ] {
            assert!(is_page_residue(line), "{line}");
        }
    }

    #[test]
    fn tables_bullets_widgets_navigation_timestamps() {
        for line in [
            "| 索引号: | 4300000001/2026-00628 | 分类: | |",
            "• 文号",
            "  • 2023年03月30日 09时24分",
            "• 【字体:",
            "【 打印 】 【 扫一扫 】",
            "【 字体:  】",
            "当前位置: 首页 > 其他 > 依法行政 > 文件通知",
            "您当前的位置:首页 >政务公开 >法治政府建设年报",
            "首页→ 网站公告",
            "2020-12-22 11:50",
            "省政府办公厅 2022-03-15",
            "繁体版 长者助手 无障碍辅助浏览",
            "首页 / 政务公开 / 法治政府建设",
            "【发布时间：2023-03-01】【来源：某局】",
            "【大 中 小】",
            "发布机构：某某县司法局",
        ] {
            assert!(is_page_residue(line), "{line}");
        }
    }

    #[test]
    fn report_text_is_not_residue() {
        for line in [
            "某局2022年法治政府建设年度报告",
            "关于2021年度法治政府建设情况的报告",
            "重庆市梁平区聚奎镇人民政府",
            "县委、县政府：",
            "2022年，我局认真贯彻落实上级部署。",
            "时间紧、任务重，我局克服困难。",
            "日期管理制度进一步完善，效率提高。",
            "来源于群众的意见建议得到办理。",
            "一、主要举措和成效",
            "2023年2月2日",
            "分类推进改革，取得成效。",
            "正文共分五个部分。",
        ] {
            assert!(!is_page_residue(line), "{line}");
        }
    }

    /// What the model skips after a report is what the hygiene pack
    /// reports: written after a report's date, each line is furniture and a
    /// finding of `hygiene/web-residue`; the report's own closing lines are
    /// neither.
    #[test]
    fn trailing_furniture_is_what_the_hygiene_pack_reports() {
        let rules = crate::packs::RuleSet::load(&[], true).expect("built-in packs");
        let residue = &rules.page_residue;
        let rule = rules.rule("hygiene/web-residue").expect("the rule");
        assert!(residue.patterns().count() > 10, "the rule's patterns");
        let report = |line: &str| {
            format!("某局2022年法治政府建设年度报告\n一、主要举措\n开展学法。\n某局\n2023年2月2日\n{line}\n")
        };
        for widget in [
            "打印本页",
            "关闭窗口",
            "【打印】",
            "【关闭】",
            "扫一扫",
            "分享到：",
            "责任编辑：王某",
            "浏览次数：1",
            "【 字体：大 中 小 】",
            "来源：某局 2023-02-03",
        ] {
            assert!(is_trailing_furniture(widget, residue), "{widget}");
            assert!(
                !is_trailing_furniture(widget, &PageResidue::default()),
                "{widget} without a rule set"
            );
            let found = crate::engine::selftest::lint_example(&rules, rule, &report(widget));
            assert!(!found.is_empty(), "hygiene/web-residue misses {widget}");
        }
        for residue in [residue, &PageResidue::default()] {
            assert!(is_trailing_furniture("———————", residue));
            for line in ["某局", "2023年2月2日", "（此件公开发布）", "附件：1.统计表"]
            {
                assert!(!is_trailing_furniture(line, residue), "{line}");
            }
        }
    }
}
