//! Plain-text tables for the terminal, aligned by display width: a CJK
//! character takes two columns, so `str::len` and `chars().count()` both
//! misalign Chinese text.

use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Pads `text` with spaces to `width` display columns.
pub fn pad(text: &str, width: usize, align: Align) -> String {
    let fill = " ".repeat(width.saturating_sub(text.width()));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

/// Renders rows (the first is usually the header) with two spaces between
/// columns. The last column is not padded, so lines carry no trailing blanks.
pub fn render<const N: usize>(rows: &[[String; N]], align: &[Align; N]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            if i + 1 == N && align[i] == Align::Left {
                line.push_str(cell);
            } else {
                line.push_str(&pad(cell, widths[i], align[i]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let rows = [
            ["名称".to_string(), "1".to_string(), "x".to_string()],
            ["ab".to_string(), "100".to_string(), "y".to_string()],
        ];
        let out = render(&rows, &[Align::Left, Align::Right, Align::Left]);
        assert_eq!(out, "名称    1  x\nab    100  y\n");
        assert_eq!(pad("中", 4, Align::Right), "  中");
        assert_eq!(pad("太长了", 2, Align::Left), "太长了");
    }
}
