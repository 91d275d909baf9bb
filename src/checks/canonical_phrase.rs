//! `canonical-phrase`: a fixed formulation that is an enumeration
//! (「职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的
//! 法治政府」) quoted with a wrong word, an item missing or added, or items
//! out of order.
//!
//! The matching is by item. A clause of the report is cut at the form's
//! separator (「、」 by default) into segments; each segment is aligned with
//! the canonical items by edit distance over characters: a middle segment
//! must be an item, the first may have words before it (「扎实推进职能科学」)
//! and the last words after it (「人民满意的法治政府」). A segment within a
//! quarter of an item's length (at least one character) is a near miss of
//! it. The clause is a quotation of the form only when enough items are
//! found (at least half of them and `min_items`, two of them exactly):
//! a sentence that merely shares a word or two with the form is not one.
//! An exact quotation, or one of the other forms a rule accepts (the same
//! goal in the previous plan), is never flagged. The fix is offered only
//! when the difference is certain: one near miss and nothing else, or the
//! right items in the wrong order.

use super::{Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::anchors;
use crate::text::index::{Marks, TextIndex};
use crate::text::span::Span;
use memchr::memmem::Finder;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSpec {
    /// The formulation as its source writes it.
    pub text: String,
    /// The enumerated items, when they are not simply `text` cut at the
    /// separator (a formulation with words after its last item). An item
    /// may name other accepted spellings after `|`: the local forms of a
    /// national formulation (「依法治国|依法治省|依法治县」).
    #[serde(default)]
    pub items: Option<Vec<String>>,
    /// The document that fixes the formulation.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub forms: Vec<FormSpec>,
    /// What separates the items: 「、」 (default) or 「，」.
    #[serde(default = "default_separator")]
    pub separator: String,
    /// The fewest items a clause must have of a form to be a quotation of it.
    #[serde(default = "default_min_items")]
    pub min_items: usize,
    /// A national formulation that a region's report may write with its
    /// own name (依法治国 → 依法治省, 依法治川, 依法治巴中).
    #[serde(default)]
    pub regional: Option<RegionalSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionalSpec {
    /// The word an item ends with that names the country (「国」).
    pub replaces: String,
    /// The names any region may put in its place: the levels (省, 市,
    /// 县…) and the abbreviations of the provincial-level regions (川,
    /// 粤…). The report's own unit, from its title, is added to them.
    pub names: Vec<String>,
}

/// The names a region may put in place of the country's, for one report.
#[derive(Debug, Default)]
struct Regional {
    replaces: Vec<char>,
    names: std::collections::HashSet<Vec<char>>,
    longest: usize,
}

/// Level words a unit's name ends with, stripped to get its own name
/// (巴中市人民政府 → 巴中).
const UNIT_ENDINGS: &[&str] = &[
    "人民政府",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "盟",
    "乡",
    "镇",
    "街道",
];

impl Regional {
    /// The pack's names and the report's own unit, with and without its
    /// level (巴中市, 巴中).
    fn for_report(spec: &RegionalSpec, unit: Option<&str>) -> Self {
        let mut names: std::collections::HashSet<Vec<char>> =
            spec.names.iter().map(|n| normalized(n.trim())).collect();
        if let Some(unit) = unit {
            let mut unit: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
            // A unit of a few characters is a place; a long one is a
            // department (「中山市政务服务数据管理局」) and no formulation's name.
            while unit.chars().count() <= 12 && !unit.is_empty() {
                names.insert(normalized(&unit));
                match UNIT_ENDINGS.iter().find_map(|e| unit.strip_suffix(e)) {
                    Some(rest) if rest.chars().count() >= 2 => unit = rest.to_string(),
                    _ => break,
                }
            }
        }
        names.retain(|n| !n.is_empty());
        let longest = names.iter().map(Vec::len).max().unwrap_or(0);
        Regional {
            replaces: normalized(&spec.replaces),
            names,
            longest,
        }
    }

    /// Where `segment`, in its position, holds `item` with a region's name
    /// in place of the country's.
    fn find(&self, segment: &[char], position: Position, item: &[char]) -> Option<(usize, usize)> {
        if self.replaces.is_empty() || !item.ends_with(&self.replaces) {
            return None;
        }
        let prefix = &item[..item.len() - self.replaces.len()];
        let (n, p) = (segment.len(), prefix.len());
        let is_name =
            |k: usize, at: usize| at + k <= n && self.names.contains(&segment[at..at + k]);
        // The longest name first (巴中 before 巴).
        (1..=self.longest).rev().find_map(|k| match position {
            Position::Middle => {
                (n == p + k && segment.starts_with(prefix) && is_name(k, p)).then_some((0, n))
            }
            Position::First => {
                (n >= p + k && segment[..n - k].ends_with(prefix) && is_name(k, n - k))
                    .then(|| (n - k - p, n))
            }
            Position::Last => (segment.starts_with(prefix) && is_name(k, p)).then_some((0, p + k)),
        })
    }
}

fn default_separator() -> String {
    "、".into()
}

fn default_min_items() -> usize {
    3
}

#[derive(Debug)]
struct Form {
    text: String,
    items: Vec<Vec<char>>,
    /// Other accepted spellings of each item, found only as written.
    variants: Vec<Vec<Vec<char>>>,
    /// Every spelling of each item as a string, for substring search.
    spellings: Vec<Vec<String>>,
    /// A searcher for each of `spellings`, built once: every block of
    /// every report is searched for each of them.
    finders: Vec<Vec<Finder<'static>>>,
    source: String,
}

#[derive(Debug)]
pub struct CanonicalPhrase {
    forms: Vec<Form>,
    separators: Vec<char>,
    min_items: usize,
    regional: Option<RegionalSpec>,
    /// Texts of which every clause that can quote a form holds one as
    /// written ([`anchor_pieces`]); `None` when some spelling has none.
    anchors: Option<Vec<String>>,
}

pub fn compile(params: Params, _: &PartCatalog) -> Result<CanonicalPhrase, SpecError> {
    let separators: Vec<char> = match params.separator.as_str() {
        "、" => vec!['、'],
        "，" | "," => vec!['，', ','],
        "；" | ";" => vec!['；', ';'],
        other => {
            return Err(SpecError::new(
                other,
                format!("`separator` must be 「、」, 「，」 or 「；」 (got `{other}`)"),
            ))
        }
    };
    if params.forms.is_empty() {
        return Err(SpecError::new("forms", "`forms` must not be empty"));
    }
    let mut forms = Vec::new();
    for spec in params.forms {
        let items: Vec<String> = match spec.items {
            Some(items) => items,
            None => spec
                .text
                .split(separators.as_slice())
                .map(str::to_string)
                .collect(),
        };
        let spellings: Vec<Vec<Vec<char>>> = items
            .iter()
            .map(|i| {
                i.split('|')
                    .map(|v| normalized(v.trim()))
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .collect();
        let items: Vec<Vec<char>> = spellings.iter().map(|v| v[0].clone()).collect();
        let variants: Vec<Vec<Vec<char>>> = spellings.iter().map(|v| v[1..].to_vec()).collect();
        if items.len() < 2 {
            return Err(SpecError::new(
                &spec.text,
                "a canonical phrase is an enumeration: give at least two items (cut at `separator`, or in `items`)",
            ));
        }
        let text_chars = normalized(&spec.text);
        if let Some(missing) = items
            .iter()
            .find(|item| !contains(&text_chars, item))
            .map(|item| item.iter().collect::<String>())
        {
            return Err(SpecError::new(
                missing.clone(),
                format!("item `{missing}` is not in the form's `text`"),
            ));
        }
        if spec.source.trim().is_empty() {
            return Err(SpecError::new(&spec.text, "each form needs its `source`"));
        }
        let spellings: Vec<Vec<String>> = items
            .iter()
            .zip(&variants)
            .map(|(item, others)| {
                std::iter::once(item)
                    .chain(others)
                    .map(|v| v.iter().collect::<String>())
                    .collect()
            })
            .collect();
        let finders = spellings
            .iter()
            .map(|item| {
                item.iter()
                    .map(|v| Finder::new(v.as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        forms.push(Form {
            text: spec.text,
            items,
            variants,
            spellings,
            finders,
            source: spec.source,
        });
    }
    let anchors = anchor_pieces(&forms);
    Ok(CanonicalPhrase {
        forms,
        separators,
        min_items: params.min_items.max(2),
        regional: params.regional,
        anchors,
    })
}

/// The characters that folding writes in place of others (「,」 is read as
/// 「，」): a folded spelling holding one of them may be written otherwise.
fn is_fold_image(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '（' | '）' | '“' | '‘')
}

/// For each spelling of each item of each form, its longest run of
/// characters that no other character folds into. A clause is examined
/// only when its folded text holds a spelling ([`Form::items_written`]);
/// folding maps every other character to itself, so the clause as written
/// then holds that run. `None` when a spelling is all such characters:
/// then every clause is examined.
fn anchor_pieces(forms: &[Form]) -> Option<Vec<String>> {
    let mut pieces: Vec<String> = Vec::new();
    for spelling in forms.iter().flat_map(|f| f.spellings.iter().flatten()) {
        let piece = spelling
            .split(is_fold_image)
            .max_by_key(|p| p.len())
            .filter(|p| !p.is_empty())?;
        pieces.push(piece.to_string());
    }
    pieces.sort();
    pieces.dedup();
    (!pieces.is_empty()).then_some(pieces)
}

/// Characters compared as one: half-width punctuation as full-width, all
/// double quotes alike.
fn fold(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '"' | '“' | '”' | '＂' => '“',
        '\'' | '‘' | '’' => '‘',
        _ => c,
    }
}

fn normalized(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `spelling` reads the same folded: then the folded text holds it
/// exactly where the text as written does.
fn reads_as_written(spelling: &str) -> bool {
    spelling
        .chars()
        .all(|c| fold(c) == c && c != '“' && c != '‘')
}

/// `s` with its characters folded, as a string (fast substring search).
fn folded(s: &str) -> String {
    s.chars().map(fold).collect()
}

impl Form {
    /// How many items `text` (folded) holds as written: a clause can quote
    /// the form only if it holds the items that must be found exactly.
    fn items_written(&self, text: &str) -> usize {
        self.finders
            .iter()
            .filter(|finders| finders.iter().any(|f| f.find(text.as_bytes()).is_some()))
            .count()
    }

    /// Whether a quotation of the form must hold one of its spellings
    /// that read as written (then searching for those finds every
    /// quotation).
    fn anchored(&self) -> bool {
        let unsearchable = self
            .spellings
            .iter()
            .filter(|spellings| !spellings.iter().all(|v| reads_as_written(v)))
            .count();
        unsearchable < self.exact_needed()
    }

    fn exact_needed(&self) -> usize {
        if self.items.len() <= 2 {
            1
        } else {
            2
        }
    }
}

/// Levenshtein distance over characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// How far a near miss of `item` may be from it: a quarter of its length,
/// so an item of fewer than four characters is found only as written (one
/// wrong character of two is another word, not a near miss).
fn tolerance(item: &[char]) -> usize {
    item.len() / 4
}

/// Where a segment stands in its clause: the first may have words before
/// its item, the last words after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    First,
    Middle,
    Last,
}

/// A segment aligned with an item: which item, how far, and the characters
/// `[from, to)` of the segment that are the item.
#[derive(Clone, Copy, Debug)]
struct Alignment {
    item: usize,
    distance: usize,
    from: usize,
    to: usize,
    /// Another item is as close: the alignment is not certain.
    ambiguous: bool,
}

/// Where `segment` holds `variant` exactly, in its position.
fn exactly(segment: &[char], position: Position, variant: &[char]) -> Option<(usize, usize)> {
    let (n, k) = (segment.len(), variant.len());
    match position {
        Position::Middle => (segment == variant).then_some((0, n)),
        Position::First => segment.ends_with(variant).then(|| (n - k, n)),
        Position::Last => segment.starts_with(variant).then_some((0, k)),
    }
}

/// The best alignment of `segment` with one of the form's items, if it is
/// near one (or is one of an item's accepted spellings). A segment as near
/// to two items (「重大问题亲自协调」 between 「重大问题亲自过问」 and
/// 「重点环节亲自协调」) is neither: which one was meant is not known.
fn align(
    segment: &[char],
    position: Position,
    form: &Form,
    regional: &Regional,
) -> Option<Alignment> {
    for (index, variants) in form.variants.iter().enumerate() {
        let regional_form = || regional.find(segment, position, &form.items[index]);
        if let Some((from, to)) = variants
            .iter()
            .find_map(|v| exactly(segment, position, v))
            .or_else(regional_form)
        {
            return Some(Alignment {
                item: index,
                distance: 0,
                from,
                to,
                ambiguous: false,
            });
        }
    }
    let mut best: Option<Alignment> = None;
    for (index, item) in form.items.iter().enumerate() {
        let len = item.len();
        // The lengths a near miss of the item can have, within the segment.
        let slack = tolerance(item);
        let lengths = (len.saturating_sub(slack).max(1)..=len + slack)
            .map(|k| k.min(segment.len()))
            .filter(|&k| k > 0);
        let mut candidates: Vec<(usize, usize)> = match position {
            Position::Middle => vec![(0, segment.len())],
            Position::First => lengths
                .map(|k| (segment.len() - k, segment.len()))
                .collect(),
            Position::Last => lengths.map(|k| (0, k)).collect(),
        };
        candidates.dedup();
        // The exact item first, then the closest piece.
        // The distance is at least the difference in length.
        candidates.retain(|&(from, to)| (to - from).abs_diff(len) <= slack);
        let found = candidates
            .into_iter()
            .map(|(from, to)| (distance(&segment[from..to], item), from, to))
            .min_by_key(|&(d, from, to)| (d, (to - from).abs_diff(len)));
        let Some((d, from, to)) = found else { continue };
        if d > tolerance(item) {
            continue;
        }
        match &mut best {
            Some(b) if b.distance < d => {}
            Some(b) if b.distance == d => b.ambiguous = true,
            _ => {
                best = Some(Alignment {
                    item: index,
                    distance: d,
                    from,
                    to,
                    ambiguous: false,
                })
            }
        }
    }
    best.filter(|b| !b.ambiguous)
}

/// One segment of a clause: its span in the report and its characters.
struct Segment {
    span: Span,
    chars: Vec<char>,
    /// Byte offset in the report of each character, and of the end.
    offsets: Vec<usize>,
}

impl Segment {
    fn new(text: &str, span: Span) -> Self {
        let piece = span.text(text);
        let trimmed = piece.trim();
        let start = span.start + (piece.len() - piece.trim_start().len());
        let span = Span::new(start, start + trimmed.len());
        let mut offsets: Vec<usize> = trimmed.char_indices().map(|(i, _)| start + i).collect();
        offsets.push(span.end);
        Segment {
            span,
            chars: normalized(trimmed),
            offsets,
        }
    }

    fn piece(&self, from: usize, to: usize) -> Span {
        Span::new(self.offsets[from], self.offsets[to])
    }
}

/// How a clause differs from one form.
#[derive(Debug, Default)]
struct Comparison {
    /// Items found, exactly or nearly.
    matched: usize,
    exact: usize,
    /// (span in the report, the item it should be, certain)
    wrong: Vec<(Span, usize, bool)>,
    missing: Vec<usize>,
    extra: Vec<Span>,
    /// The found items in report order, when that is not the form's order.
    out_of_order: bool,
    /// Span in the report and item of each found item, in report order.
    found: Vec<(Span, usize)>,
    /// Words written where missing items should be, before the first item
    /// found (「职责明确」 for 「职能科学、权责法定」), and those items.
    substitutes: Vec<(Span, Vec<usize>)>,
}

impl Comparison {
    fn is_exact(&self) -> bool {
        self.wrong.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && !self.out_of_order
    }
}

fn compare(segments: &[Segment], form: &Form, text: &str, regional: &Regional) -> Comparison {
    let n = segments.len();
    let aligned: Vec<Option<Alignment>> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let position = match i {
                0 => Position::First,
                _ if i == n - 1 => Position::Last,
                _ => Position::Middle,
            };
            align(&s.chars, position, form, regional)
        })
        .collect();
    let mut cmp = Comparison::default();
    let Some(first) = aligned.iter().position(Option::is_some) else {
        return cmp;
    };
    let last = aligned.iter().rposition(Option::is_some).unwrap_or(first);
    let shortest = form.items.iter().map(Vec::len).min().unwrap_or(0);
    let longest = form.items.iter().map(Vec::len).max().unwrap_or(0);
    let mut seen = vec![false; form.items.len()];
    for (i, (segment, alignment)) in segments.iter().zip(&aligned).enumerate() {
        match alignment {
            Some(a) if !seen[a.item] => {
                seen[a.item] = true;
                cmp.matched += 1;
                let span = segment.piece(a.from, a.to);
                if a.distance == 0 {
                    cmp.exact += 1;
                } else {
                    cmp.wrong.push((span, a.item, !a.ambiguous));
                }
                cmp.found.push((span, a.item));
            }
            // An item given twice, or a segment between found items.
            Some(_) => cmp.extra.push(segment.span),
            None if i > first && i < last => cmp.extra.push(segment.span),
            // After the last item found: an item added, if it has an item's
            // length (「…、看齐意识、责任意识」).
            None if i > last => {
                let len = segment.chars.len();
                if len + 1 >= shortest && len <= longest + 1 && !segment.span.text(text).is_empty()
                {
                    cmp.extra.push(segment.span);
                }
            }
            None => {}
        }
    }
    cmp.missing = (0..form.items.len()).filter(|&i| !seen[i]).collect();
    cmp.out_of_order = cmp.found.windows(2).any(|w| w[0].1 > w[1].1);
    cmp.substitutes = substitutes(segments, first, &cmp, form);
    cmp
}

/// The segments just before the first item found that stand where the
/// missing items before it should be: one segment per missing item, the
/// last one taking the rest; a first segment's words before the item
/// (「全面建设」) are left out by keeping as many characters as the longest
/// item it stands for.
fn substitutes(
    segments: &[Segment],
    first: usize,
    cmp: &Comparison,
    form: &Form,
) -> Vec<(Span, Vec<usize>)> {
    let Some(&(_, first_item)) = cmp.found.first() else {
        return Vec::new();
    };
    let before: Vec<usize> = cmp
        .missing
        .iter()
        .copied()
        .filter(|&i| i < first_item)
        .collect();
    if before.is_empty() || first == 0 || cmp.out_of_order {
        return Vec::new();
    }
    let count = first.min(before.len());
    let (from, to) = (first - count, first);
    let mut out = Vec::new();
    // Missing items are shared out in order; the first segment found
    // takes the surplus (several items written as one).
    let surplus = before.len() - count;
    let mut items = before.into_iter();
    for (k, i) in (from..to).enumerate() {
        let take = if k == 0 { 1 + surplus } else { 1 };
        let stands_for: Vec<usize> = items.by_ref().take(take).collect();
        let segment = &segments[i];
        let span = if i == 0 {
            let longest = stands_for
                .iter()
                .map(|&i| form.items[i].len())
                .max()
                .unwrap_or(0);
            let n = segment.chars.len();
            segment.piece(n - longest.min(n), n)
        } else {
            segment.span
        };
        if !span.is_empty() {
            out.push((span, stands_for));
        }
    }
    out
}

impl CanonicalPhrase {
    /// Whether `cmp` is a quotation of `form` at all.
    fn is_quotation(&self, cmp: &Comparison, form: &Form) -> bool {
        let n = form.items.len();
        let needed = self.min_items.min(n).max(n.div_ceil(2));
        cmp.matched >= needed && cmp.exact >= form.exact_needed() && cmp.extra.len() < cmp.matched
    }

    /// The clauses of `span` that hold a separator.
    fn clauses(&self, text: &str, index: &TextIndex, span: Span) -> Vec<Span> {
        // A clause ends at any stronger mark than the separator: items
        // cut at 「；」 may hold 「，」 and 「、」, items cut at 「，」 may hold 「、」.
        let strength = |c: char| match c {
            '、' => 1,
            '，' | ',' => 2,
            '；' | ';' | '：' | ':' => 3,
            '。' | '！' | '？' | '!' | '?' | '\n' => 4,
            _ => 0,
        };
        let separator_strength = self.separators.first().map_or(1, |&c| strength(c));
        let is_stop = |c: char| strength(c) > separator_strength;
        let stops = Marks::matching(is_stop);
        let piece = span.text(text);
        let mut clauses = Vec::new();
        if self.forms.iter().all(Form::anchored) {
            // Only the clauses around a spelling of an item: the work is
            // that of the occurrences, not of the block (a report exported
            // as one line is one block).
            for finder in self.forms.iter().flat_map(|f| f.finders.iter().flatten()) {
                for at in finder.find_iter(piece.as_bytes()) {
                    let (start, end) = (span.start + at, span.start + at + finder.needle().len());
                    clauses.push(index.between_in(span, start, end, stops));
                }
            }
            clauses.sort();
            clauses.dedup();
        } else {
            let mut start = 0;
            let ends = piece
                .char_indices()
                .filter(|&(_, c)| is_stop(c))
                .map(|(i, c)| (i, i + c.len_utf8()))
                .chain(std::iter::once((piece.len(), piece.len())));
            for (end, next) in ends {
                clauses.push(Span::new(span.start + start, span.start + end));
                start = next;
            }
        }
        clauses.retain(|clause| clause.text(text).contains(self.separators.as_slice()));
        clauses
    }

    /// `clause` cut into segments at the separators.
    fn segments(&self, text: &str, clause: Span) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut from = clause.start;
        for (i, c) in clause.text(text).char_indices() {
            if self.separators.contains(&c) {
                segments.push(Segment::new(text, Span::new(from, clause.start + i)));
                from = clause.start + i + c.len_utf8();
            }
        }
        segments.push(Segment::new(text, Span::new(from, clause.end)));
        segments
    }
}

/// 「甲」「乙」
fn quoted(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().map(|i| format!("「{i}」")).collect()
}

impl Check for CanonicalPhrase {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let text = cx.text();
        let unit = cx.doc.title.as_ref().and_then(|t| t.unit);
        let regional = match &self.regional {
            Some(spec) => Regional::for_report(spec, unit.map(|u| u.text(cx.doc.matching()))),
            None => Regional::default(),
        };
        // Blocks and clauses holding no anchor cannot quote a form: they
        // are passed over without being cut or folded.
        let may_quote = |span: Span| anchors::may_hold(cx.candidates, span);
        for block in &cx.doc.blocks {
            if cx.over() {
                return;
            }
            if !may_quote(block.span) {
                continue;
            }
            for clause in self.clauses(text, &cx.doc.index, block.span) {
                if !may_quote(clause) {
                    continue;
                }
                // Only a clause holding enough items as written can quote a
                // form: most clauses are dismissed before they are cut.
                let folded_clause = folded(clause.text(text));
                let forms: Vec<&Form> = self
                    .forms
                    .iter()
                    .filter(|f| f.items_written(&folded_clause) >= f.exact_needed())
                    .collect();
                if forms.is_empty() {
                    continue;
                }
                let segments = self.segments(text, clause);
                let comparisons: Vec<(Comparison, &Form)> = forms
                    .iter()
                    .map(|&form| (compare(&segments, form, text, &regional), form))
                    .filter(|(cmp, form)| self.is_quotation(cmp, form))
                    .collect();
                if comparisons.iter().any(|(cmp, _)| cmp.is_exact()) {
                    continue;
                }
                let Some((cmp, form)) = comparisons.into_iter().max_by_key(|(cmp, _)| {
                    let differences = cmp.wrong.len() + cmp.missing.len() + cmp.extra.len();
                    (cmp.exact, std::cmp::Reverse(differences))
                }) else {
                    continue;
                };
                hits.push(self.hit(text, &cmp, form));
            }
        }
    }

    /// Every anchor: a report holding none has no clause to examine.
    fn triggers(&self) -> Option<Vec<Vec<u8>>> {
        let anchors = self.anchors.as_ref()?;
        Some(anchors.iter().map(|a| a.as_bytes().to_vec()).collect())
    }

    fn reference(&self) -> Vec<(String, String)> {
        self.forms
            .iter()
            .map(|f| (f.text.clone(), f.source.clone()))
            .collect()
    }
}

impl CanonicalPhrase {
    fn hit(&self, text: &str, cmp: &Comparison, form: &Form) -> Hit {
        let item = |i: usize| form.items[i].iter().collect::<String>();
        let start = cmp
            .found
            .iter()
            .map(|(s, _)| s.start)
            .chain(cmp.substitutes.iter().map(|(s, _)| s.start))
            .min()
            .unwrap_or(0);
        let end = cmp
            .found
            .iter()
            .map(|(s, _)| s.end)
            .chain(cmp.extra.iter().map(|s| s.end))
            .max()
            .unwrap_or(start);
        let span = Span::new(start, end);
        let wrong: Vec<String> = cmp
            .wrong
            .iter()
            .map(|&(s, i, _)| format!("「{}」应为「{}」", s.text(text), item(i)))
            .collect();
        let substituted: Vec<String> = cmp
            .substitutes
            .iter()
            .map(|(s, items)| {
                let items: Vec<String> = items.iter().map(|&i| item(i)).collect();
                format!("「{}」写在了「{}」的位置", s.text(text), items.join("、"))
            })
            .collect();
        let missing = quoted(
            cmp.missing
                .iter()
                .filter(|i| !cmp.substitutes.iter().any(|(_, items)| items.contains(*i)))
                .map(|&i| item(i)),
        );
        let extra = quoted(cmp.extra.iter().map(|s| s.text(text).to_string()));
        let mut differences: Vec<String> = substituted.clone();
        differences.extend(wrong.iter().cloned());
        if !missing.is_empty() {
            differences.push(format!("缺少{missing}"));
        }
        if !extra.is_empty() {
            differences.push(format!("多出{extra}"));
        }
        if cmp.out_of_order {
            differences.push("顺序与规范表述不一致".to_string());
        }
        let differences = differences.join("；");
        let mut hit = Hit::new(span, differences.clone())
            .var("found", span.text(text))
            .var("canonical", form.text.clone())
            .var("source", form.source.clone())
            .var("differences", differences)
            .var("wrong", wrong.join("；"))
            .var("missing", missing)
            .var("substituted", substituted.join("；"))
            .var("extra", extra);
        let only_near = cmp.wrong.len() == 1
            && cmp.wrong[0].2
            && cmp.missing.is_empty()
            && cmp.extra.is_empty()
            && !cmp.out_of_order;
        let only_order = cmp.wrong.is_empty()
            && cmp.missing.is_empty()
            && cmp.extra.is_empty()
            && cmp.out_of_order;
        if only_near {
            let (s, i, _) = cmp.wrong[0];
            hit = hit.edit(s, item(i));
        } else if only_order {
            // The same spans, the items in the form's order.
            let mut items: Vec<usize> = cmp.found.iter().map(|&(_, i)| i).collect();
            items.sort_unstable();
            for (&(s, _), i) in cmp.found.iter().zip(items) {
                // An item already in its place stays as written.
                if s.text(text) != item(i) {
                    hit = hit.edit(s, item(i));
                }
            }
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::substitution::hits_on;

    const GOAL: &str = "forms:
  - text: 职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府
    items: [职能科学, 权责法定, 执法严明, 公开公正, 智能高效, 廉洁诚信, 人民满意]
    source: 《法治政府建设实施纲要（2021—2025年）》
  - text: 职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府
    items: [职能科学, 权责法定, 执法严明, 公开公正, 廉洁高效, 守法诚信]
    source: 《法治政府建设实施纲要（2015—2020年）》
";

    const CONSCIOUSNESS: &str = "forms:
  - text: 政治意识、大局意识、核心意识、看齐意识
    source: 党的十八届六中全会
";

    fn check(yaml: &str) -> CanonicalPhrase {
        let params: Params = serde_yaml::from_str(yaml).expect("params");
        compile(params, &PartCatalog::default()).expect("compiles")
    }

    fn labels(yaml: &str, text: &str) -> Vec<String> {
        hits_on(&check(yaml), text, None)
            .into_iter()
            .map(|h| h.label)
            .collect()
    }

    #[test]
    fn anchors_are_what_a_spelling_must_hold_as_written() {
        let cp = check(
            "forms:
  - text: 推进（依法）行政、严格执法
    items: [推进（依法）行政, 严格执法|严格规范执法]
    source: 纲要
",
        );
        let anchors = cp.anchors.as_deref().expect("anchors");
        // 「推进（依法）行政」 may be written 「推进(依法)行政」: its
        // anchor is its longest run without brackets (the last of equals).
        assert_eq!(anchors, ["严格执法", "严格规范执法", "行政"]);
        let triggers = cp.triggers().expect("triggers");
        assert_eq!(triggers.len(), 3);
        // All punctuation: no anchor, every clause is examined.
        let cp = check(
            "forms:
  - text: （、）
    items: [（, ）]
    source: 纲要
",
        );
        assert!(cp.anchors.is_none() && cp.triggers().is_none());
    }

    #[test]
    fn a_clause_written_with_half_width_marks_is_still_examined() {
        let yaml = "forms:
  - text: 推进（依法）行政、严格执法、公正司法
    items: [推进（依法）行政, 严格执法, 公正司法]
    source: 纲要
";
        // Folded, 「(」 reads as 「（」: the clause quotes the form with one
        // wrong word, and the anchors found it as written.
        let text = "我们推进(依法)行政、严格执法、公平司法。";
        assert_eq!(labels(yaml, text).len(), 1);
        // Nothing of the form: no candidate, no finding.
        assert!(labels(yaml, "我们加强学习、深入调研、公平竞争。").is_empty());
    }

    #[test]
    fn a_wrong_word_and_missing_items() {
        // xuwen-2024, with its half-width comma.
        let text = "落实法治建设规划,扎实推进智能科学、权责法定、廉洁诚信、人民满意的法治政府,以高水平法治护航。";
        let hits = hits_on(&check(GOAL), text, None);
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(
            hit.span.text(text),
            "智能科学、权责法定、廉洁诚信、人民满意"
        );
        assert_eq!(
            hit.label,
            "「智能科学」应为「职能科学」；缺少「执法严明」「公开公正」「智能高效」"
        );
        let canonical = hit.vars.iter().find(|(n, _)| *n == "canonical").unwrap();
        assert!(canonical.1.starts_with("职能科学、权责法定、执法严明"));
        assert!(hit.fix.is_empty(), "three items missing: not certain");
    }

    #[test]
    fn exact_quotations_of_either_form_are_not_flagged() {
        let exact = "加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。";
        assert!(labels(GOAL, exact).is_empty());
        // The previous plan's goal, with words between the items and the end.
        let old = "以职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信为标志的法治政府建设取得新成效。";
        assert!(labels(GOAL, old).is_empty());
        assert!(labels(
            CONSCIOUSNESS,
            "牢固树立政治意识、大局意识、核心意识、看齐意识。"
        )
        .is_empty());
    }

    #[test]
    fn one_wrong_character_is_fixed() {
        let text =
            "建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁成信、人民满意的法治政府。";
        let hits = hits_on(&check(GOAL), text, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].label, "「廉洁成信」应为「廉洁诚信」");
        assert_eq!(hits[0].fix.len(), 1);
        assert_eq!(hits[0].fix[0].span.text(text), "廉洁成信");
        assert_eq!(hits[0].fix[0].content, "廉洁诚信");
    }

    #[test]
    fn items_out_of_order_missing_or_added() {
        let swapped = "增强大局意识、政治意识、核心意识、看齐意识。";
        let hits = hits_on(&check(CONSCIOUSNESS), swapped, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].label, "顺序与规范表述不一致");
        let fixes: Vec<&str> = hits[0].fix.iter().map(|e| e.content.as_str()).collect();
        assert_eq!(fixes, vec!["政治意识", "大局意识"]);
        assert_eq!(
            labels(CONSCIOUSNESS, "增强政治意识、大局意识、核心意识。"),
            vec!["缺少「看齐意识」"]
        );
        assert_eq!(
            labels(
                CONSCIOUSNESS,
                "增强政治意识、大局意识、核心意识、看齐意识、责任意识。"
            ),
            vec!["多出「责任意识」"]
        );
    }

    #[test]
    fn far_misses_are_not_quotations() {
        // Shares two items only.
        assert!(labels(GOAL, "坚持权责法定、廉洁诚信，建设人民满意的政府。").is_empty());
        // Shares words, not items.
        assert!(labels(GOAL, "推进职能科学配置、执法规范严明、信息公开公正。").is_empty());
        assert!(labels(CONSCIOUSNESS, "增强政治意识、责任意识，服务大局。").is_empty());
        // Items in different clauses are not one enumeration.
        assert!(labels(CONSCIOUSNESS, "增强政治意识，树立大局意识，强化核心意识。").is_empty());
        // An unrelated enumeration.
        assert!(labels(GOAL, "开展普法宣传、法律援助、人民调解工作。").is_empty());
    }

    #[test]
    fn swapped_words_between_items_are_two_near_misses() {
        let yaml = "forms:
  - text: 重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办
    source: 某
";
        let text = "对重要工作亲自部署、重大问题亲自协调、重点环节亲自过问、重要任务亲自督办。";
        let hits = hits_on(&check(yaml), text, None);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].label,
            "「重大问题亲自协调」应为「重大问题亲自过问」；「重点环节亲自过问」应为「重点环节亲自协调」"
        );
        assert!(hits[0].fix.is_empty(), "two changes: not certain");
    }

    #[test]
    fn a_segment_as_near_to_two_items_is_neither() {
        let yaml = "forms:
  - text: 甲乙丙丁、甲乙丙戊、己庚辛壬、癸子丑寅
    source: 某
";
        // 「甲乙丙卯」 is one character from both 「甲乙丙丁」 and 「甲乙丙戊」.
        let text = "坚持甲乙丙卯、己庚辛壬、癸子丑寅。";
        let hits = hits_on(&check(yaml), text, None);
        assert!(hits.is_empty(), "only two items found: {:?}", hits[0].label);
    }

    #[test]
    fn local_spellings_of_an_item_are_accepted() {
        let yaml = "forms:
  - text: 依法治国、依法执政、依法行政共同推进
    items: [依法治国|依法治县|依法治市, 依法执政, 依法行政]
    source: 某
";
        assert!(labels(yaml, "坚持依法治县、依法执政、依法行政共同推进。").is_empty());
        // A variant longer than the segment.
        assert!(labels(yaml, "县、依法执政、依法行政共同推进。").is_empty());
        assert_eq!(
            labels(yaml, "坚持依法治乡、依法执政、依法行政共同推进。"),
            vec!["「依法治乡」应为「依法治国」"]
        );
    }

    #[test]
    fn items_cut_at_semicolons_may_hold_commas() {
        let yaml = "separator: ；
forms:
  - text: 坚持甲乙丙，丁；坚持戊己、庚；坚持辛壬；坚持癸子
    source: 某
";
        let text = "即：坚持甲乙丙，丁；坚持戊己、庚；坚持辛壬；坚持癸子。";
        assert!(labels(yaml, text).is_empty());
        let text = "即：坚持甲乙丙，丁；坚持辛壬；坚持癸子。";
        assert_eq!(labels(yaml, text), vec!["缺少「坚持戊己、庚」"]);
    }

    #[test]
    fn distance_and_tolerance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(distance(&c("智能科学"), &c("职能科学")), 1);
        assert_eq!(distance(&c("廉洁高效"), &c("智能高效")), 2);
        assert_eq!(distance(&c(""), &c("甲乙")), 2);
        assert_eq!(tolerance(&c("职能科学")), 1);
        assert_eq!(tolerance(&c("创新")), 0);
        assert_eq!(tolerance(&c("确立习近平同志党中央的核心")), 3);
    }

    #[test]
    fn parameter_errors() {
        let err = |yaml: &str| {
            let params: Params = serde_yaml::from_str(yaml).expect("params");
            compile(params, &PartCatalog::default())
                .unwrap_err()
                .message
        };
        assert!(err("forms: [{text: 甲乙, source: 某}]").contains("at least two items"));
        assert!(err("forms: [{text: 甲、乙, items: [甲, 丙], source: 某}]").contains("not in"));
        assert!(err("forms: [{text: 甲、乙, source: ''}]").contains("source"));
        assert!(err("forms: [{text: 甲、乙, source: 某}]\nseparator: 和").contains("separator"));
        assert!(err("forms: []").contains("must not be empty"));
    }
}
