//! What a Word document may hold before it is refused: the sizes of its
//! XML parts, numbers and level texts, style chains, and the running
//! [`Budget`] of decoded text, paragraphs, cells and nesting.

use super::*;

/// Uncompressed size limit of `word/document.xml` (a 300-page report is a
/// few megabytes).
pub const MAX_DOCUMENT_XML: u64 = 64 << 20;

/// Uncompressed size limit of `word/numbering.xml` and `word/styles.xml`.
pub const MAX_PART_XML: u64 = 16 << 20;

/// The longest number a list label spells out (「aaaaaaaaaaaaaaaa」, 16
/// letters for 416): a larger one is written in digits, so a `w:start` of
/// four billion in letters costs ten characters, not 150 million.
pub const MAX_NUMBER_CHARS: usize = 16;

/// The longest level text (`w:lvlText`, such as 「（%2）」) accepted; Word
/// writes a few characters. Each label is then at most this many times
/// [`MAX_NUMBER_CHARS`] long.
pub const MAX_LEVEL_TEXT_CHARS: usize = 64;

/// How many `basedOn` links are followed to find a style's numbering:
/// Word nests styles a few deep, and a cycle stops here.
pub const MAX_STYLE_DEPTH: usize = 16;

/// How much one `.docx` may make rl-lint build: the same limits as a text
/// file of the size limit (whose text is at most that many bytes, and has
/// at most that many lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of decoded text (numbers and line breaks included).
    pub text_bytes: u64,
    /// Paragraphs read (`w:p`).
    pub paragraphs: u64,
    /// Runs read (`w:r`).
    pub runs: u64,
    /// Table cells read (`w:tc`).
    pub table_cells: u64,
}

impl Limits {
    /// The limits for a report size limit of `max_file_size` bytes.
    pub fn for_size_limit(max_file_size: u64) -> Limits {
        Limits {
            text_bytes: max_file_size,
            paragraphs: max_file_size,
            runs: max_file_size,
            table_cells: max_file_size,
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::for_size_limit(crate::input::limits::DEFAULT_MAX_FILE_SIZE)
    }
}

/// What is left of the [`Limits`] while one document is read.
#[derive(Debug, Clone)]
pub struct Budget {
    pub(super) limits: Limits,
    pub(super) paragraphs: u64,
    pub(super) runs: u64,
    pub(super) table_cells: u64,
}

/// What a [`Budget`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Text,
    Paragraphs,
    Runs,
    TableCells,
}

impl Counted {
    pub fn name(self) -> &'static str {
        match self {
            Counted::Text => "bytes of text",
            Counted::Paragraphs => "paragraphs",
            Counted::Runs => "runs",
            Counted::TableCells => "table cells",
        }
    }
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            paragraphs: 0,
            runs: 0,
            table_cells: 0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    pub(super) fn take(count: &mut u64, limit: u64, what: Counted) -> Result<(), DocxError> {
        *count += 1;
        if *count > limit {
            return Err(DocxError::OverLimit { what, limit });
        }
        Ok(())
    }

    pub fn take_paragraph(&mut self) -> Result<(), DocxError> {
        Budget::take(
            &mut self.paragraphs,
            self.limits.paragraphs,
            Counted::Paragraphs,
        )
    }

    pub fn take_run(&mut self) -> Result<(), DocxError> {
        Budget::take(&mut self.runs, self.limits.runs, Counted::Runs)
    }

    pub fn take_table_cell(&mut self) -> Result<(), DocxError> {
        Budget::take(
            &mut self.table_cells,
            self.limits.table_cells,
            Counted::TableCells,
        )
    }

    /// Fails when text of `len` bytes would hold more than the limit.
    pub fn check_text(&self, len: usize) -> Result<(), DocxError> {
        if len as u64 > self.limits.text_bytes {
            return Err(DocxError::OverLimit {
                what: Counted::Text,
                limit: self.limits.text_bytes,
            });
        }
        Ok(())
    }
}
