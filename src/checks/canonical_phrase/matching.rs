//! How a written list is compared with a form: characters folded, each item
//! aligned with its spelling within a tolerance, and the words that stand
//! in for missing items found.

use super::regional::Regional;
use super::*;
use crate::text::span::Span;

/// The characters that folding writes in place of others (「,」 is read as
/// 「，」): a folded spelling holding one of them may be written otherwise.
pub(super) fn is_fold_image(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '（' | '）' | '“' | '‘')
}

/// For each spelling of each item of each form, its longest run of
/// characters that no other character folds into. A clause is examined
/// only when its folded text holds a spelling ([`Form::items_written`]);
/// folding maps every other character to itself, so the clause as written
/// then holds that run. `None` when a spelling is all such characters:
/// then every clause is examined.
pub(super) fn anchor_pieces(forms: &[Form]) -> Option<Vec<String>> {
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
pub(super) fn fold(c: char) -> char {
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

pub(super) fn normalized(s: &str) -> Vec<char> {
    s.chars().map(fold).collect()
}

pub(super) fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `spelling` reads the same folded: then the folded text holds it
/// exactly where the text as written does.
pub(super) fn reads_as_written(spelling: &str) -> bool {
    spelling
        .chars()
        .all(|c| fold(c) == c && c != '“' && c != '‘')
}

/// `s` with its characters folded, as a string (fast substring search).
pub(super) fn folded(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// Levenshtein distance over characters.
pub(super) fn distance(a: &[char], b: &[char]) -> usize {
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
pub(super) fn tolerance(item: &[char]) -> usize {
    item.len() / 4
}

/// Where a segment stands in its clause: the first may have words before
/// its item, the last words after it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    First,
    Middle,
    Last,
}

/// A segment aligned with an item: which item, how far, and the characters
/// `[from, to)` of the segment that are the item.
#[derive(Clone, Copy, Debug)]
pub(super) struct Alignment {
    pub(super) item: usize,
    pub(super) distance: usize,
    pub(super) from: usize,
    pub(super) to: usize,
    /// Another item is as close: the alignment is not certain.
    pub(super) ambiguous: bool,
}

/// Where `segment` holds `variant` exactly, in its position.
pub(super) fn exactly(
    segment: &[char],
    position: Position,
    variant: &[char],
) -> Option<(usize, usize)> {
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
pub(super) fn align(
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
pub(super) struct Segment {
    pub(super) span: Span,
    pub(super) chars: Vec<char>,
    /// Byte offset in the report of each character, and of the end.
    pub(super) offsets: Vec<usize>,
}

impl Segment {
    pub(super) fn new(text: &str, span: Span) -> Self {
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

    pub(super) fn piece(&self, from: usize, to: usize) -> Span {
        Span::new(self.offsets[from], self.offsets[to])
    }
}

/// How a clause differs from one form.
#[derive(Debug, Default)]
pub(super) struct Comparison {
    /// Items found, exactly or nearly.
    pub(super) matched: usize,
    pub(super) exact: usize,
    /// (span in the report, the item it should be, certain)
    pub(super) wrong: Vec<(Span, usize, bool)>,
    pub(super) missing: Vec<usize>,
    pub(super) extra: Vec<Span>,
    /// The found items in report order, when that is not the form's order.
    pub(super) out_of_order: bool,
    /// Span in the report and item of each found item, in report order.
    pub(super) found: Vec<(Span, usize)>,
    /// Words written where missing items should be, before the first item
    /// found (「职责明确」 for 「职能科学、权责法定」), and those items.
    pub(super) substitutes: Vec<(Span, Vec<usize>)>,
}

impl Comparison {
    pub(super) fn is_exact(&self) -> bool {
        self.wrong.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && !self.out_of_order
    }
}

pub(super) fn compare(
    segments: &[Segment],
    form: &Form,
    text: &str,
    regional: &Regional,
) -> Comparison {
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
pub(super) fn substitutes(
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
