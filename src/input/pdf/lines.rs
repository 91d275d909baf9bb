//! Glyphs → lines: the glyphs of a page (or of a table cell) grouped by
//! baseline and read left to right, into [`Line`]s of the layout model
//! shared with other page formats ([`super::paragraphs`]).
//!
//! - Glyphs are sorted once by baseline and then by position: O(n log n).
//! - WPS draws "fake bold" by showing a glyph twice a hair apart: the
//!   same text within 0.3 em of the glyph before it is dropped.
//! - No space is invented between characters. A space is written only
//!   where the page draws one, or where two Latin letters or digits stand
//!   further apart than a word gap (more than 0.45 em of blank between
//!   them); never next to a Chinese character, so 「2024年」 set in two fonts
//!   stays 「2024年」.

use super::glyphs::{is_wide, Glyph};
use super::paragraphs::Line;

/// Two glyphs whose baselines differ by less than this share a line, as a
/// share of the smaller font size.
const BASELINE_TOLERANCE: f64 = 0.4;
/// A repeated glyph this close (in em) to the same glyph is WPS's fake bold.
const FAKE_BOLD_DISTANCE: f64 = 0.3;
/// Blank space between two Latin glyphs, in em, that is a word gap.
const WORD_GAP: f64 = 0.45;

/// Groups `glyphs` (of one page) into lines, top to bottom.
pub fn build_lines(mut glyphs: Vec<Glyph>, page: usize) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    let mut baseline = f64::NAN;
    let mut smallest = f64::INFINITY;
    for glyph in glyphs {
        let same_line = !current.is_empty()
            && (glyph.y - baseline).abs() <= BASELINE_TOLERANCE * smallest.min(glyph.size);
        if !same_line && !current.is_empty() {
            lines.push(finish_line(std::mem::take(&mut current), page));
            smallest = f64::INFINITY;
        }
        if current.is_empty() {
            baseline = glyph.y;
        }
        smallest = smallest.min(glyph.size);
        current.push(glyph);
    }
    if !current.is_empty() {
        lines.push(finish_line(current, page));
    }
    lines
}

/// One line's glyphs, in any order, as a [`Line`].
fn finish_line(mut glyphs: Vec<Glyph>, page: usize) -> Line {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut kept: Vec<&Glyph> = Vec::with_capacity(glyphs.len());
    for glyph in &glyphs {
        if let Some(prev) = kept.last() {
            if prev.text == glyph.text && (glyph.x - prev.x).abs() < FAKE_BOLD_DISTANCE * prev.size
            {
                continue;
            }
        }
        kept.push(glyph);
    }
    let mut prev: Option<&Glyph> = None;
    for glyph in &kept {
        if let Some(p) = prev {
            if needs_space(p, glyph) && !text.ends_with(' ') {
                text.push(' ');
            }
        }
        if glyph.text.chars().all(char::is_whitespace) {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        } else {
            text.push_str(&glyph.text);
        }
        prev = Some(glyph);
    }
    let text = text.trim_end().to_string();
    let visible: Vec<&&Glyph> = kept.iter().filter(|g| !g.text.trim().is_empty()).collect();
    let left = visible.first().map_or(0.0, |g| g.x);
    let right = visible.last().map_or(0.0, |g| g.x + g.width());
    let size = visible.iter().map(|g| g.size).fold(0.0, f64::max);
    let baseline = visible
        .iter()
        .filter(|g| g.size >= size * 0.99)
        .map(|g| g.y)
        .next()
        .unwrap_or(0.0);
    Line {
        text,
        page,
        left,
        right,
        baseline,
        size,
    }
}

/// Whether the page shows a word gap between two Latin glyphs.
fn needs_space(prev: &Glyph, next: &Glyph) -> bool {
    let latin = |c: char| c.is_alphanumeric() && !is_wide(c);
    let (Some(a), Some(b)) = (prev.text.chars().last(), next.text.chars().next()) else {
        return false;
    };
    if !latin(a) || !latin(b) {
        return false;
    }
    let blank = next.x - (prev.x + prev.width());
    blank > WORD_GAP * prev.size.max(next.size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x: f64, y: f64, size: f64) -> Glyph {
        Glyph {
            text: text.to_string(),
            x,
            y,
            size,
        }
    }

    #[test]
    fn digits_in_another_font_get_no_space() {
        let glyphs = vec![
            glyph("2", 100.0, 200.0, 16.0),
            glyph("0", 108.0, 200.0, 16.0),
            glyph("2", 116.0, 200.0, 16.0),
            glyph("4", 124.0, 200.0, 16.0),
            // A little wider gap before 年, which is in another font.
            glyph("年", 134.0, 200.3, 16.0),
        ];
        let lines = build_lines(glyphs, 1);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "2024年");
    }

    #[test]
    fn fake_bold_is_read_once_and_lines_split_by_baseline() {
        let glyphs = vec![
            glyph("一", 100.0, 200.0, 16.0),
            glyph("一", 100.4, 200.0, 16.0),
            glyph("、", 116.0, 200.0, 16.0),
            glyph("下", 100.0, 228.0, 16.0),
        ];
        let lines = build_lines(glyphs, 1);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "一、");
        assert_eq!(lines[1].text, "下");
    }

    #[test]
    fn latin_word_gaps_become_spaces() {
        let glyphs = vec![
            glyph("A", 100.0, 200.0, 10.0),
            glyph("B", 105.0, 200.0, 10.0),
            glyph("C", 120.0, 200.0, 10.0),
        ];
        assert_eq!(build_lines(glyphs, 1)[0].text, "AB C");
    }
}
