//! The document model. In: the decoded text (and a Word document's
//! tables). Out: the report parsed once into title, reported year, heading
//! tree, blocks (paragraphs), tables and closing block, and, given the
//! packs' parts, its part map (`parts`). All positions are byte spans into
//! the decoded text. Checks read this model; they never re-parse the text.

pub mod blocks;
pub mod closing;
pub mod date;
pub mod elements;
pub mod head;
pub mod heading;
pub mod parts;
pub mod residue;
pub mod scheme;
pub mod script;
pub mod table;
pub mod title;
pub mod toc;
pub mod wrap;

use crate::deadline::{Deadline, Stopped};
use crate::text::index::TextIndex;
use crate::text::span::Span;
pub use blocks::Block;
pub use closing::Closing;
pub use date::{DateMention, DateStyle};
pub use heading::{Marker, MarkerKind, Scheme};
pub use residue::PageResidue;
pub use scheme::TopLevel;
use std::borrow::Cow;
pub use table::{Cell, CellValue, Row, Table};
pub use title::{ReportedYear, Title, TitleWords, YearSource};

/// A heading in the running text, e.g. 「（一）强化法治宣传教育。」.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Index of the block the heading starts.
    pub block: usize,
    pub marker: Marker,
    pub marker_span: Span,
    /// The heading's own words, without marker and without the inline body
    /// that often follows in the same paragraph after 「。」.
    pub title_span: Span,
    /// Depth in the heading tree; 0 for top-level headings.
    pub depth: usize,
    pub parent: Option<usize>,
    /// Where the section this heading opens ends (next heading at the same
    /// or a higher level, or the closing block).
    pub section_end: usize,
}

impl Heading {
    /// Marker and title: what a user recognises as "the heading".
    pub fn span(&self) -> Span {
        Span::new(self.marker_span.start, self.title_span.end)
    }

    /// The section's content after the heading's own words.
    pub fn body_span(&self) -> Span {
        Span::new(
            self.title_span.end,
            self.section_end.max(self.title_span.end),
        )
    }

    pub fn section_span(&self) -> Span {
        Span::new(
            self.marker_span.start,
            self.section_end.max(self.title_span.end),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Document<'t> {
    /// The report as written: spans point into it, quotes come from it.
    pub text: &'t str,
    /// The same text in simplified characters, for matching only (see
    /// [`script`]); every span of `text` is the same span here.
    matching: Cow<'t, str>,
    /// Lines, columns and the marks that end sentences and clauses, built
    /// once here (on the matching text, whose marks, lines and character
    /// boundaries are those of `text`); see [`crate::text::index`].
    pub index: TextIndex,
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    /// For each block, the heading it starts, if any.
    pub block_heading: Vec<Option<usize>>,
    /// How the report numbers its top-level headings (see [`scheme`]).
    pub top: TopLevel,
    pub title: Option<Title>,
    /// Earlier copies of the title (a page header above the body's title).
    pub repeated_titles: Vec<Title>,
    /// The 主送机关 line (「市委、市政府：」), by block index.
    pub recipient: Option<usize>,
    /// Blocks of the head skipped when the title was looked for: page
    /// residue and furniture (the hygiene rules report the residue).
    pub skipped: Vec<usize>,
    /// The first block of the body (after title, recipient and residue).
    pub body_start: usize,
    pub year: Option<ReportedYear>,
    pub closing: Closing,
    /// Tables, in text order: rows of `|`- or tab-separated cells in the
    /// text, or the Word tables of a `.docx`.
    pub tables: Vec<Table>,
    /// For each block, whether it is part of a table written in the text.
    pub block_in_table: Vec<bool>,
    /// `--year`, kept for reading the head again.
    year_override: Option<i32>,
    /// The first block with a heading marker (outside tables).
    first_heading_block: Option<usize>,
    /// What the rule set says page residue is, kept for reading the
    /// closing again with the head.
    residue: PageResidue,
}

impl<'t> Document<'t> {
    /// Parses `text` without a rule set: with no report type's title
    /// words (see [`title`]) and no page residue (see [`residue`]).
    pub fn parse(text: &'t str, year_override: Option<i32>) -> Self {
        Document::parse_as(
            text,
            year_override,
            table::find_tables(text),
            &TitleWords::default(),
            &PageResidue::default(),
        )
    }

    /// Parses `text` whose tables are already known: those of the Markdown
    /// source (its `|` are masked in `text`) or of a Word document.
    pub fn parse_with_tables(
        text: &'t str,
        year_override: Option<i32>,
        tables: Vec<Table>,
    ) -> Self {
        Document::parse_as(
            text,
            year_override,
            tables,
            &TitleWords::default(),
            &PageResidue::default(),
        )
    }

    /// Parses `text` with its tables, reading the title with `words`: those
    /// of the report's type, or of every loaded type while the type is not
    /// known yet (then [`Document::reread_head`] once it is); the lines of
    /// `residue` after the report are not its text (both from the rule set).
    pub fn parse_as(
        text: &'t str,
        year_override: Option<i32>,
        tables: Vec<Table>,
        words: &TitleWords,
        residue: &PageResidue,
    ) -> Self {
        match Document::parse_within(text, year_override, tables, words, residue, &Deadline::NONE) {
            Ok(doc) => doc,
            Err(_) => unreachable!("a check without a deadline never stops"),
        }
    }

    /// [`Document::parse_as`], stopping between its passes (each linear)
    /// once `deadline` is over.
    pub fn parse_within(
        text: &'t str,
        year_override: Option<i32>,
        mut tables: Vec<Table>,
        words: &TitleWords,
        residue: &PageResidue,
        deadline: &Deadline,
    ) -> Result<Self, Stopped> {
        let matching = script::for_matching(text);
        deadline.check()?;
        let m: &str = &matching;
        let index = TextIndex::new(m);
        deadline.check()?;
        let blocks = blocks::split_blocks(m, index.lines());
        deadline.check()?;
        let in_table = table_blocks(&blocks, &tables, m);
        table::simplify_cells(&mut tables, matches!(matching, Cow::Borrowed(_)));
        let markers = heading_markers(m, &blocks, &in_table);
        deadline.check()?;
        let first_heading_block = markers.iter().position(Option::is_some);
        let head = head::find_head(m, &blocks, first_heading_block, words);
        deadline.check()?;
        let mut doc = Document {
            text,
            index,
            blocks,
            headings: Vec::new(),
            block_heading: Vec::new(),
            top: TopLevel::default(),
            title: None,
            repeated_titles: Vec::new(),
            recipient: None,
            skipped: Vec::new(),
            body_start: 0,
            year: None,
            closing: Closing::default(),
            matching,
            tables,
            block_in_table: in_table,
            year_override,
            first_heading_block,
            residue: residue.clone(),
        };
        doc.build(head, markers);
        deadline.check()?;
        Ok(doc)
    }

    /// Reads the head again with the title words of the report's type,
    /// once it is known (the report was parsed with those of every type).
    /// The rest of the model follows only when the head came out different.
    pub fn reread_head(&mut self, words: &TitleWords) {
        let head = head::find_head(
            &self.matching,
            &self.blocks,
            self.first_heading_block,
            words,
        );
        let same = head.title == self.title
            && head.repeated == self.repeated_titles
            && head.recipient == self.recipient
            && head.skipped == self.skipped
            && toc::skip_toc(&self.matching, &self.blocks, head.body_start) == self.body_start;
        if !same {
            let markers = heading_markers(&self.matching, &self.blocks, &self.block_in_table);
            self.build(head, markers);
        }
    }

    /// Everything that follows from the head: closing, reported year,
    /// heading tree.
    fn build(&mut self, mut head: head::Head, markers: Vec<Option<Marker>>) {
        let m: &str = &self.matching;
        let blocks = &self.blocks;
        head.body_start = toc::skip_toc(m, blocks, head.body_start);
        let closing = closing::find_closing(m, blocks, head.body_start, &self.residue);
        let year = match self.year_override {
            Some(year) => Some(ReportedYear {
                year,
                source: YearSource::Override,
                span: None,
            }),
            None => title::find_reported_year(
                m,
                blocks,
                head.title.as_ref(),
                head.body_start,
                self.first_heading_block,
            ),
        };
        let (headings, block_heading) =
            build_heading_tree(m, blocks, markers, head.body_start, closing.start);
        self.headings = headings;
        self.block_heading = block_heading;
        self.top = self.standard_top_level();
        self.title = head.title;
        self.repeated_titles = head.repeated;
        self.recipient = head.recipient;
        self.skipped = head.skipped;
        self.body_start = head.body_start;
        self.year = year;
        self.closing = closing;
    }

    /// The top level as the heading tree has it: 「一、」 headings.
    fn standard_top_level(&self) -> TopLevel {
        TopLevel {
            scheme: None,
            headings: self.top_level().count(),
            parts: 0,
            own_line: self.top_level().any(|(_, h)| {
                self.block_heading.get(h.block + 1) == Some(&self.block_heading[h.block])
            }),
            over_standard: false,
        }
    }

    /// Reads the report's top level in its own scheme when it has no
    /// 「一、」 heading (see [`scheme`]); `names_part` tells which part of the
    /// report's type some heading words name (a fallback part does not
    /// count). Call it once the head is read for the report's type.
    pub fn adopt_scheme(&mut self, names_part: &dyn Fn(&str) -> Option<usize>) {
        let m: &str = &self.matching;
        let parts_named = |doc: &Document, heads: &mut dyn Iterator<Item = usize>| {
            let mut parts: Vec<usize> = heads
                .filter_map(|h| names_part(doc.headings[h].title_span.text(m)))
                .collect();
            parts.sort_unstable();
            parts.dedup();
            parts.len()
        };
        let tops: Vec<usize> = self.top_level().map(|(i, _)| i).collect();
        self.top.parts = parts_named(self, &mut tops.iter().copied());
        let first_standard = tops
            .iter()
            .find(|&&h| self.headings[h].marker.kind == MarkerKind::Chinese)
            .map(|&h| self.headings[h].block);
        let end = self
            .blocks
            .partition_point(|b| b.span.start < self.closing.start);
        let first = self.body_start.min(end);
        if let Some(first_standard) = first_standard {
            // Only a 「第一部分」 line before the first 「一、」 heading can
            // stand above it: without one, the 「一、」 headings are the top.
            let part_above = (first..first_standard.min(end)).any(|b| {
                matches!(
                    heading::peek_other_top(self.blocks[b].span.text(m)),
                    Some((Scheme::Part, _, _))
                )
            });
            if !part_above {
                return;
            }
        }
        let mut markers = heading_markers(m, &self.blocks, &self.block_in_table);
        let mut found = scheme::candidates(
            m,
            &self.blocks,
            &self.block_in_table,
            &markers,
            (first, end),
            names_part,
        );
        if let Some(first_standard) = first_standard {
            // 「一、」 headings under 「第一部分」 ones are the second level:
            // the parts are the 「第一部分」 headings when they come first
            // and name more parts than the 「一、」 ones. Otherwise the
            // 「一、」 headings are the top level.
            found.retain(|c| c.scheme == Scheme::Part);
            if found.first().is_none_or(|c| c.block > first_standard) {
                return;
            }
        }
        let Some((chosen, group, parts)) = scheme::choose(found) else {
            return;
        };
        if first_standard.is_some() && parts <= self.top.parts {
            return;
        }
        let own_line = group.iter().any(|c| c.own_line);
        for c in &group {
            let written = &self.blocks[c.block].span.text(m)[..c.marker_len];
            markers[c.block] = Some(Marker::top(chosen, c.number, written));
        }
        let (headings, block_heading) = build_heading_tree(
            m,
            &self.blocks,
            markers,
            self.body_start,
            self.closing.start,
        );
        self.headings = headings;
        self.block_heading = block_heading;
        self.top = TopLevel {
            scheme: Some(chosen),
            headings: group.len(),
            parts,
            own_line,
            over_standard: first_standard.is_some(),
        };
    }

    /// The tables that start inside `span`.
    pub fn tables_in(&self, span: Span) -> impl Iterator<Item = &Table> {
        let first = self.tables.partition_point(|t| t.span.start < span.start);
        self.tables[first..]
            .iter()
            .take_while(move |t| t.span.start < span.end)
    }

    /// The text to match words and patterns against: the report in
    /// simplified characters. Never quote from it; quote from `text`.
    pub fn matching(&self) -> &str {
        &self.matching
    }

    /// Headings at the top of the tree (usually the 一、 level).
    pub fn top_level(&self) -> impl Iterator<Item = (usize, &Heading)> {
        self.headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.parent.is_none())
    }

    pub fn children(&self, parent: usize) -> impl Iterator<Item = (usize, &Heading)> {
        // Descendants follow their parent and start before its section
        // ends: only they are looked at, so that walking every heading's
        // children stays linear in long reports.
        let end = self.headings.get(parent).map_or(0, |p| p.section_end);
        self.headings
            .iter()
            .enumerate()
            .skip(parent + 1)
            .take_while(move |(_, h)| h.marker_span.start < end)
            .filter(move |(_, h)| h.parent == Some(parent))
    }

    /// Every heading below `parent`, in text order.
    pub fn descendants(&self, parent: usize) -> impl Iterator<Item = (usize, &Heading)> {
        let end = self.headings.get(parent).map_or(0, |p| p.section_end);
        self.headings
            .iter()
            .enumerate()
            .skip(parent + 1)
            .take_while(move |(_, h)| h.marker_span.start < end)
    }

    /// The block (paragraph) that holds `offset`, by binary search (blocks
    /// are in text order); `None` between blocks.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self
            .blocks
            .partition_point(|b| b.span.start <= offset)
            .checked_sub(1)?;
        (offset < self.blocks[i].span.end).then_some(i)
    }

    /// Where the body (after title, before closing) starts and ends.
    pub fn body_span(&self) -> Span {
        let start = self
            .blocks
            .get(self.body_start)
            .map_or(self.text.len(), |b| b.span.start)
            .min(self.closing.start);
        Span::new(start, self.closing.start)
    }

    /// Pieces of `span` that are not heading words: the running text of a
    /// section, block by block.
    pub fn prose_in(&self, span: Span) -> Vec<Span> {
        let mut pieces = Vec::new();
        // Blocks are in text order: start at the first one reaching into
        // `span` and stop after the last.
        let first = self.blocks.partition_point(|b| b.span.end <= span.start);
        for (index, block) in self.blocks.iter().enumerate().skip(first) {
            if block.span.start >= span.end {
                break;
            }
            let start = match self.block_heading[index] {
                Some(h) => self.headings[h].title_span.end,
                None => block.span.start,
            };
            let (from, to) = (start.max(span.start), block.span.end.min(span.end));
            if from < to {
                pieces.push(Span::new(from, to));
            }
        }
        pieces
    }
}

/// For each block, whether it belongs to a table: it lies in a row, or it
/// is a fragment between two rows of the same table region (a PDF
/// extraction breaks a table's cells onto lines of their own: 「2.其他法律行政
/// 法规禁」「止公开」), short and without a sentence end. Such blocks are no
/// headings, whatever number they start with.
fn table_blocks(blocks: &[Block], tables: &[Table], text: &str) -> Vec<bool> {
    let mut in_table = vec![false; blocks.len()];
    let text_rows: Vec<Span> = tables
        .iter()
        .filter(|t| !t.in_word())
        .flat_map(|t| {
            t.rows
                .iter()
                .map(|r| r.span)
                .chain(t.rule_lines.iter().copied())
        })
        .collect();
    let mut text_rows = text_rows;
    text_rows.sort();
    let mut row = 0;
    for (i, block) in blocks.iter().enumerate() {
        while row < text_rows.len() && text_rows[row].end <= block.span.start {
            row += 1;
        }
        in_table[i] = text_rows
            .get(row)
            .is_some_and(|r| r.start <= block.span.start && block.span.end <= r.end.max(r.start));
    }
    // Fragments: runs of short blocks with no sentence end between rows.
    let fragment = |b: &Block| {
        let words = b.span.text(text);
        words.chars().count() <= 30
            && !words.contains(['。', '；', '！', '？'])
            && heading::parse_marker(words).is_none_or(|m| m.kind != MarkerKind::Chinese)
    };
    let mut i = 0;
    while i < blocks.len() {
        if in_table[i] {
            let mut j = i + 1;
            while j < blocks.len() && !in_table[j] && fragment(&blocks[j]) {
                j += 1;
            }
            if j < blocks.len() && j > i + 1 && in_table[j] {
                in_table[i + 1..j].iter_mut().for_each(|b| *b = true);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    in_table
}

/// Each block's heading marker, if any; blocks of a table have none.
fn heading_markers(text: &str, blocks: &[Block], in_table: &[bool]) -> Vec<Option<Marker>> {
    blocks
        .iter()
        .zip(in_table.iter())
        .map(|(b, &in_table)| {
            (!in_table)
                .then(|| heading::parse_marker(b.span.text(text)))
                .flatten()
        })
        .collect()
}

/// Characters that end a heading's own words when a paragraph continues on
/// the same line (「（一）强化法治宣传教育。一是……」).
fn ends_heading_title(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Where a marker nests: a top-level heading of the report's own scheme
/// (「第一部分」) stands above every marker kind, so that 「一、」 headings
/// under it are its children; the kinds nest as GB/T 9704 orders them.
fn tree_rank(marker: &Marker) -> usize {
    match marker.scheme {
        Some(_) => 0,
        None => marker.kind.rank(),
    }
}

fn build_heading_tree(
    text: &str,
    blocks: &[Block],
    markers: Vec<Option<Marker>>,
    body_start: usize,
    body_end: usize,
) -> (Vec<Heading>, Vec<Option<usize>>) {
    let mut headings: Vec<Heading> = Vec::new();
    let mut block_heading = vec![None; blocks.len()];
    // Indices of open headings, outermost first.
    let mut stack: Vec<usize> = Vec::new();
    let mut markers = markers;
    for index in 0..blocks.len() {
        let block = &blocks[index];
        let Some(marker) = markers[index].take() else {
            continue;
        };
        if index < body_start || block_heading[index].is_some() {
            continue;
        }
        if block.span.start >= body_end {
            break;
        }
        let block_text = block.span.text(text);
        let marker_span = Span::new(block.span.start, block.span.start + marker.len);
        let after = &block_text[marker.len..];
        let words_start = after.len() - after.trim_start_matches(date::is_space).len();
        let words = &after[words_start..];
        let words_end = words.find(ends_heading_title).unwrap_or(words.len());
        let title_start = marker_span.end + words_start;
        let mut title_span = Span::new(title_start, title_start + words_end);
        // A marker on a line of its own, its words on the next line
        // (「第一部分」 / 「主要举措及成效」): the next line is the title.
        let next = index + 1;
        if words.trim_start_matches(['、', '：', ':']).is_empty()
            && next < blocks.len()
            && blocks[next].span.start < body_end
            && markers[next].is_none()
            && scheme::heading_like(blocks[next].span.text(text))
        {
            title_span = blocks[next].span;
            block_heading[next] = Some(headings.len());
        }
        let rank = tree_rank(&marker);
        while let Some(&top) = stack.last() {
            if tree_rank(&headings[top].marker) >= rank {
                let closed = stack.pop().unwrap_or(top);
                headings[closed].section_end = block.span.start;
            } else {
                break;
            }
        }
        let parent = stack.last().copied();
        block_heading[index] = Some(headings.len());
        stack.push(headings.len());
        headings.push(Heading {
            block: index,
            marker,
            marker_span,
            title_span,
            depth: stack.len() - 1,
            parent,
            section_end: body_end,
        });
    }
    (headings, block_heading)
}

/// For unit tests: the title words of the built-in report types, from
/// their packs.
#[cfg(test)]
pub(crate) mod testing {
    use super::TitleWords;
    use std::sync::LazyLock;

    static BUILTIN: LazyLock<Vec<(String, TitleWords)>> = LazyLock::new(|| {
        let rules = crate::packs::RuleSet::load(&[], true).expect("built-in packs load");
        rules
            .types
            .into_iter()
            .map(|t| (t.name, t.title_words))
            .collect()
    });

    /// The title words of the built-in type `name` (`fazhi`, `gongkai`).
    pub fn builtin_words(name: &str) -> TitleWords {
        BUILTIN
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, w)| w.clone())
            .expect("a built-in report type")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "某某局2022年法治政府建设年度报告\n2022年,我局认真落实。\n一、主要举措及成效\n(一)强化学法。一是学习。二是培训。\n1、加强领导。\n二、存在的不足和原因\n由于人员少,宣传不够。\n三、2023年工作计划\n继续努力。\n某某局\n2023年2月2日\n";

    #[test]
    fn parses_title_year_tree_and_closing() {
        let doc = Document::parse(REPORT, None);
        let title = doc.title.as_ref().unwrap();
        assert_eq!(title.span.text(REPORT), "某某局2022年法治政府建设年度报告");
        assert_eq!(title.unit.unwrap().text(REPORT), "某某局");
        assert_eq!(doc.year.unwrap().year, 2022);
        assert_eq!(doc.year.unwrap().source, YearSource::Title);
        let tops: Vec<&str> = doc
            .top_level()
            .map(|(_, h)| h.title_span.text(REPORT))
            .collect();
        assert_eq!(
            tops,
            vec!["主要举措及成效", "存在的不足和原因", "2023年工作计划"]
        );
        let sub = &doc.headings[1];
        assert_eq!(sub.title_span.text(REPORT), "强化学法");
        assert_eq!(sub.parent, Some(0));
        assert_eq!(doc.headings[2].parent, Some(1));
        assert_eq!(doc.headings[2].depth, 2);
        assert_eq!(doc.closing.signer.unwrap().text(REPORT), "某某局");
        let date = doc.closing.date.as_ref().unwrap();
        assert_eq!((date.year, date.month, date.day), (2023, 2, 2));
        // Sections end where the next sibling starts, and the last one at the closing block.
        assert_eq!(doc.headings[0].section_end, REPORT.find("二、").unwrap());
        assert_eq!(doc.headings[4].section_end, doc.closing.start);
        assert!(doc.headings[0]
            .body_span()
            .text(REPORT)
            .contains("一是学习"));
    }

    #[test]
    fn year_from_opening_when_no_title() {
        let text = "2021年,我中心认真贯彻。\n一、主要工作\n做了2020年的事。";
        let doc = Document::parse(text, None);
        assert!(doc.title.is_none());
        assert_eq!(doc.year.unwrap().year, 2021);
        assert_eq!(doc.year.unwrap().source, YearSource::Opening);
        assert_eq!(Document::parse(text, Some(2019)).year.unwrap().year, 2019);
    }

    #[test]
    fn no_signer_or_date_when_report_ends_in_a_paragraph() {
        let doc = Document::parse("标题2022年报告\n一、工作\n我们做了很多工作。\n|\n", None);
        assert_eq!(doc.closing.signer, None);
        assert_eq!(doc.closing.date, None);
    }

    #[test]
    fn run_in_first_level_heading_is_a_heading() {
        let text = "某省人民政府关于2021年法治政府建设情况的报告\n一、依法全面履行政府职能。一是切实履行职责。深入贯彻落实。\n二、存在的不足和原因\n由于……\n";
        let doc = Document::parse(text, None);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(
            doc.headings[0].title_span.text(text),
            "依法全面履行政府职能"
        );
        assert_eq!(doc.headings[0].depth, 0);
    }

    #[test]
    fn traditional_report_is_parsed_like_simplified_with_spans_on_the_original() {
        let text = "北京市2020年法治政府建設年度情況報告\n\n日期:2021-03-30 15:28    來源:北京市人民政府\n\n分享:\n字號:        \n\n  2020年是收官之年。\n  一、2020年法治政府建設主要舉措和成效\n";
        let doc = Document::parse(text, None);
        let title = doc.title.as_ref().expect("title");
        assert_eq!(
            title.span.text(text),
            "北京市2020年法治政府建設年度情況報告"
        );
        assert_eq!(title.unit.unwrap().text(text), "北京市");
        assert_eq!(doc.skipped.len(), 3);
        assert_eq!(
            doc.headings[0].title_span.text(doc.matching()),
            "2020年法治政府建设主要举措和成效"
        );
        assert_eq!(
            doc.headings[0].title_span.text(text),
            "2020年法治政府建設主要舉措和成效"
        );
    }

    #[test]
    fn body_starts_after_recipient_and_residue() {
        let text = "当前位置:首页 > 通知\n某局2022年法治政府建设年度报告\n发布时间:2023-02-10\n市委、市政府：\n现将情况报告如下：\n一、主要举措\n";
        let doc = Document::parse(text, None);
        assert_eq!(doc.recipient, Some(3));
        assert_eq!(doc.skipped, vec![0, 2]);
        assert_eq!(doc.body_start, 4);
        assert!(doc.body_span().text(text).starts_with("现将"));
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for text in [
            "",
            "\n\n",
            "一、",
            "（",
            "2023年2月30日",
            "  \u{3000}一、x。(二)",
        ] {
            let _ = Document::parse(text, None);
        }
    }
}
