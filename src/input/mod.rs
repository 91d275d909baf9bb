//! Reading a report file from disk and decoding it into UTF-8 text.
//! Word `.docx` reports are recognised by their content and turned into
//! text by [`crate::input::docx`], one paragraph per line; PDFs likewise by
//! [`crate::input::pdf`], from what their pages show, and OFD files
//! (GB/T 33190) by [`crate::input::ofd`], laid out as a PDF's pages are.
//!
//! Reports arrive in whatever encoding the author's editor produced: usually
//! UTF-8 (with or without a byte-order mark), sometimes UTF-16 with a BOM
//! (Windows Notepad "Unicode"), and often GB18030/GBK from older Chinese
//! Windows installations. This module detects which of these the bytes are in,
//! rejects files that are obviously not text (images, old Word documents,
//! archives, executables), and returns the decoded text together with the
//! detected encoding.
//!
//! The decoded text is returned unchanged apart from removing a leading BOM:
//! line endings (including CRLF) are preserved so that byte/line positions in
//! diagnostics match what the user sees in their editor.

pub mod doc;
pub mod docx;
pub mod docx_layout;
pub mod html;
pub mod limits;
pub mod markdown;
pub mod odt;
pub mod ofd;
pub mod pdf;

use std::io::Read;
use std::path::Path;

use crate::input::limits::{format_size, format_size_over, DEFAULT_MAX_FILE_SIZE};
use crate::text::chars::is_cjk;
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Which encoding the bytes were in, for reporting and for (later) writing back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a leading byte-order mark (EF BB BF).
    Utf8Bom,
    /// UTF-16 little-endian with a leading byte-order mark (FF FE).
    Utf16LeBom,
    /// UTF-16 big-endian with a leading byte-order mark (FE FF).
    Utf16BeBom,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// A Word `.docx` document: the text is its body, one paragraph per
    /// line. It cannot be written back.
    Docx,
    /// A PDF: the text its pages show, one paragraph per line, and its
    /// ruled tables. It cannot be written back.
    Pdf,
    /// A saved web page (`.html`, `.htm`): the report in it, one block per
    /// line, its tables as grids (see [`html`]). It cannot be written back.
    Html,
    /// A web archive (`.mht`, `.mhtml`): read like [`SourceEncoding::Html`].
    Mhtml,
    /// An OpenDocument text (`.odt`): read like a `.docx` (see [`odt`]).
    Odt,
    /// A Word 97–2003 document (`.doc`): read like a `.docx` (see
    /// [`doc`]).
    Doc,
    /// A WPS document in the Word 97–2003 container (`.wps`): read like a
    /// `.doc`.
    Wps,
    /// An OFD (GB/T 33190, `.ofd`): the text its pages show, laid out as a
    /// PDF's (see [`ofd`]). It cannot be written back.
    Ofd,
}

impl SourceEncoding {
    /// Human-readable name of the encoding.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Bom => "UTF-8 (BOM)",
            SourceEncoding::Utf16LeBom => "UTF-16LE",
            SourceEncoding::Utf16BeBom => "UTF-16BE",
            SourceEncoding::Gb18030 => "GB18030",
            SourceEncoding::Docx => "Word .docx",
            SourceEncoding::Pdf => "PDF",
            SourceEncoding::Html => "HTML page",
            SourceEncoding::Mhtml => "MHT web archive",
            SourceEncoding::Odt => "OpenDocument .odt",
            SourceEncoding::Doc => "Word 97-2003 .doc",
            SourceEncoding::Wps => "WPS .wps",
            SourceEncoding::Ofd => "OFD",
        }
    }

    /// Whether the text was read out of a document (a `.docx`, a PDF, a
    /// web page): its tables are grids beside the text, not lines of it,
    /// and rl-lint cannot write it back.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            SourceEncoding::Docx
                | SourceEncoding::Pdf
                | SourceEncoding::Html
                | SourceEncoding::Mhtml
                | SourceEncoding::Odt
                | SourceEncoding::Doc
                | SourceEncoding::Wps
                | SourceEncoding::Ofd
        )
    }
}

/// Text decoded from a report file, plus the encoding it was stored in.
#[derive(Debug, Clone)]
pub struct DecodedText {
    /// The decoded text, without any byte-order mark.
    pub text: String,
    /// The encoding the file was detected to be in.
    pub encoding: SourceEncoding,
    /// The tables of a Word document (not lines of `text`); empty for
    /// text, whose tables are read from the text itself.
    pub tables: Vec<docx::WordTable>,
    /// The layout of a Word document (fonts, sizes, page setup); `None`
    /// for text, and for a `.docx` whose layout could not be read.
    pub layout: Option<docx_layout::Layout>,
    /// A PDF's or an OFD's pages and the furniture taken off them; `None`
    /// for other formats.
    pub pages: Option<PageLayout>,
}

/// What the pages of a PDF or an OFD held besides the report's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageLayout {
    pub pages: usize,
    /// Page numbers, running headers and footers, in page order.
    pub furniture: Vec<pdf::Furniture>,
}

/// Why a report file could not be turned into text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum InputError {
    #[error("cannot read {path}")]
    #[diagnostic(
        code(input::io),
        help("check that the path is correct, that it names a regular file rather than a directory, and that you have permission to read it")
    )]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{path} is empty")]
    #[diagnostic(
        code(input::empty),
        help("the file has no content at all; make sure you saved the report before running the linter and that you passed the right file")
    )]
    Empty { path: String },

    #[error("{path} contains only whitespace")]
    #[diagnostic(
        code(input::blank),
        help("the file contains nothing but spaces, blank lines or a byte-order mark; make sure the report text was actually saved into it")
    )]
    Blank { path: String },

    #[error("{path} looks like a binary file ({what}), not a text report")]
    #[diagnostic(
        code(input::binary),
        help("rl-lint reads plain text, Markdown, Word .docx and .doc, WPS .wps, PDF, OFD, OpenDocument .odt and saved web pages; open any other document (a spreadsheet, a presentation) and save the report as .docx (Word 文档) or as plain text (.txt, UTF-8) first")
    )]
    Binary { path: String, what: String },

    #[error("{path} is not a readable Word document: {reason}")]
    #[diagnostic(
        code(input::docx),
        help("the .docx file is damaged or was not written by Word or WPS; open it in Word or WPS and save it again as .docx, or save it as plain text (.txt, UTF-8)")
    )]
    Docx { path: String, reason: String },

    #[error("{path}：{reason}")]
    #[diagnostic(code(input::pdf), help("{hint}"))]
    Pdf {
        path: String,
        /// What is wrong, for the report's writer (Chinese).
        reason: String,
        hint: String,
    },

    #[error("{path}：{reason}")]
    #[diagnostic(code(input::ofd), help("{hint}"))]
    Ofd {
        path: String,
        /// What is wrong, for the report's writer (Chinese).
        reason: String,
        hint: String,
    },

    #[error("{path} is not a readable OpenDocument text: {reason}")]
    #[diagnostic(
        code(input::odt),
        help("the .odt file is damaged; open it in LibreOffice or WPS and save it again (as .odt or .docx), or save it as plain text (.txt, UTF-8)")
    )]
    Odt { path: String, reason: String },

    #[error("{path} is not a readable Word 97-2003 document: {reason}")]
    #[diagnostic(
        code(input::doc),
        help("the .doc (or .wps) file is damaged; open it in Word or WPS and save it again, preferably as .docx (另存为 → Word 文档 .docx), or save it as plain text (.txt, UTF-8)")
    )]
    Doc { path: String, reason: String },

    #[error("{path} is a WPS document in WPS's own old format, which rl-lint cannot read")]
    #[diagnostic(
        code(input::wps),
        help("open it in WPS Office and save it as a Word document: 文件 → 另存为 → Word 文档（.docx）; then check the .docx")
    )]
    Wps { path: String },

    #[error("{path} is not a readable web page: {reason}")]
    #[diagnostic(
        code(input::web),
        help("open the page in a browser and save it again (Ctrl+S, 网页，全部 or 网页，仅HTML), or copy the report's text into a .txt file")
    )]
    Web { path: String, reason: String },

    #[error("{path} is a password-protected (encrypted) document")]
    #[diagnostic(
        code(input::encrypted),
        help("rl-lint cannot read an encrypted document; open it in Word (文件 → 信息 → 保护文档 → 用密码进行加密, clear the password), WPS or LibreOffice (另存为, without 使用密码保存), save a copy without a password, and check that copy")
    )]
    Encrypted { path: String },

    #[error("{path} is neither UTF-8, UTF-16 with BOM nor GB18030/GBK text (first undecodable byte at offset {offset}); save it as UTF-8 and try again")]
    #[diagnostic(
        code(input::unknown_encoding),
        help("open the file in a text editor and save it with UTF-8 encoding (in Notepad: File > Save As > Encoding: UTF-8); if the file was cut off while copying, the last character may be incomplete")
    )]
    UnknownEncoding { path: String, offset: usize },

    #[error("{path} is {size}, over the size limit of {limit}")]
    #[diagnostic(
        code(input::too_large),
        help("a report is rarely larger than 1 MB: check that this is the report and not another file; to lint it anyway, raise the limit with --max-file-size (e.g. --max-file-size 200MB) or `max-file-size: 200MB` in .rl-lint.yaml")
    )]
    TooLarge {
        path: String,
        /// How large it is (`70 MB`), or `more than 64 MB` for a stream.
        size: String,
        limit: String,
    },
}

/// Read the file at `path` and decode it with [`decode_bytes`], refusing
/// files over [`DEFAULT_MAX_FILE_SIZE`].
pub fn read_report(path: &Path) -> Result<DecodedText, InputError> {
    read_report_limited(path, DEFAULT_MAX_FILE_SIZE)
}

/// Read the file at `path`, refusing it if it is over `limit` bytes, and
/// decode it with [`decode_bytes`]. The size is checked before reading, and
/// again while reading (a file that grows, a device such as /dev/zero).
pub fn read_report_limited(path: &Path, limit: u64) -> Result<DecodedText, InputError> {
    let bytes = read_file_limited(path, limit)?;
    decode_bytes_limited(&bytes, &path.display().to_string(), limit)
}

/// Reads the file at `path`, refusing it if it is over `limit` bytes. The
/// size is checked before reading, and again while reading (a file that
/// grows, a device such as /dev/zero).
pub fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let display = path.display().to_string();
    let io = |source| InputError::Io {
        path: display.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > limit {
        return Err(InputError::TooLarge {
            path: display,
            size: format_size_over(size, limit),
            limit: format_size(limit),
        });
    }
    read_limited(file, limit, &display)
}

/// Reads all of `reader` (a file, standard input), but fails as soon as it
/// has more than `limit` bytes. `path` is only used in error messages.
pub fn read_limited(reader: impl Read, limit: u64, path: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: path.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: path.to_owned(),
            size: format!("more than {}", format_size(limit)),
            limit: format_size(limit),
        });
    }
    Ok(bytes)
}

/// Decode the raw bytes of a report into text.
///
/// `path` is only used in error messages.
///
/// Detection order:
/// 1. no bytes at all is [`InputError::Empty`];
/// 2. a byte-order mark selects UTF-8, UTF-16LE or UTF-16BE (strictly);
/// 3. well-known binary file signatures and NUL bytes are [`InputError::Binary`];
/// 4. valid UTF-8 is accepted as such;
/// 5. otherwise strict GB18030 is tried, and accepted only if the result
///    looks like Chinese text;
/// 6. the decoded text is rejected if it contains control characters
///    (binary) or nothing but whitespace (blank).
pub fn decode_bytes(bytes: &[u8], path: &str) -> Result<DecodedText, InputError> {
    decode_bytes_limited(bytes, path, DEFAULT_MAX_FILE_SIZE)
}

/// [`decode_bytes`] for a size limit of `limit` bytes: the text of a
/// `.docx` is held to it too (see [`docx::Limits`]). Text in the other
/// encodings is at most 1.5 times as long as its bytes (GB18030 and
/// UTF-16 write a Chinese character in two bytes, UTF-8 in three).
pub fn decode_bytes_limited(
    bytes: &[u8],
    path: &str,
    limit: u64,
) -> Result<DecodedText, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            path: path.to_owned(),
        });
    }
    if bytes.starts_with(docx::ZIP_MAGIC) && (ofd::is_ofd(bytes) || is_ofd_name(path)) {
        return read_ofd(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(docx::ZIP_MAGIC) && odt::odf_mimetype(bytes).is_some() {
        return read_odt(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(docx::ZIP_MAGIC) {
        return read_docx(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if bytes.starts_with(pdf::PDF_MAGIC) {
        return read_pdf(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if docx::is_encrypted_package(bytes) {
        return Err(InputError::Encrypted {
            path: path.to_owned(),
        });
    }
    if bytes.starts_with(docx::OLE_MAGIC) {
        return read_doc(bytes, path, docx::Limits::for_size_limit(limit));
    }
    if is_ofd_name(path) {
        // Named .ofd but not a zip: refused in the format's terms.
        return read_ofd(bytes, path, pdf::Limits::for_size_limit(limit));
    }
    if is_wps_name(path) {
        return Err(InputError::Wps {
            path: path.to_owned(),
        });
    }

    if let Some(kind) = html::web_kind(bytes, path) {
        return read_html(bytes, path, kind, docx::Limits::for_size_limit(limit));
    }

    let decoded = decode_raw(bytes, path)?;
    check_text(&decoded.text, path)?;
    Ok(decoded)
}

/// A document over a reading limit once decoded: the same message, and the
/// same help (raise --max-file-size), as a text file over it, whatever the
/// format (`document` names it: 「a Word document」, 「a web page」…).
fn over_limit(
    path: &str,
    document: &str,
    what: docx::Counted,
    limit: u64,
    limits: docx::Limits,
) -> InputError {
    InputError::TooLarge {
        path: path.to_owned(),
        size: match what {
            docx::Counted::Text => {
                format!("{document} whose text is more than {}", format_size(limit))
            }
            other => format!("{document} of more than {limit} {}", other.name()),
        },
        limit: format_size(limits.text_bytes),
    }
}

/// An OpenDocument package: an `.odt` becomes its body text (see [`odt`]);
/// a spreadsheet or presentation is binary.
fn read_odt(bytes: &[u8], path: &str, limits: docx::Limits) -> Result<DecodedText, InputError> {
    if !odt::is_odt(bytes) {
        return Err(InputError::Binary {
            path: path.to_owned(),
            what: "OpenDocument file that is not a text document (.odt)".to_owned(),
        });
    }
    let (text, tables) = odt::extract(bytes, limits).map_err(|err| match err {
        odt::OdtError::Encrypted => InputError::Encrypted {
            path: path.to_owned(),
        },
        odt::OdtError::Read(docx::DocxError::OverLimit { what, limit }) => {
            over_limit(path, "an OpenDocument text", what, limit, limits)
        }
        odt::OdtError::Read(err) => InputError::Odt {
            path: path.to_owned(),
            reason: err.to_string(),
        },
    })?;
    check_text(&text, path)?;
    Ok(DecodedText {
        text,
        encoding: SourceEncoding::Odt,
        tables,
        layout: None,
        pages: None,
    })
}

/// Whether a file is named like an OFD document.
fn is_ofd_name(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ofd"))
}

/// An OFD package: the text its pages show, with its tables and the page
/// furniture it dropped (see [`ofd`]).
fn read_ofd(bytes: &[u8], path: &str, limits: pdf::Limits) -> Result<DecodedText, InputError> {
    let read = ofd::extract(bytes, limits).map_err(|err| {
        let hint = match err {
            ofd::OfdError::Encrypted => {
                "请用 OFD 阅读器（数科、福昕、永中等）解密后另存一份不加密的 OFD，或导出为 .docx、.txt 后再检查"
            }
            ofd::OfdError::NoText | ofd::OfdError::SignedOnly => {
                "rl-lint 只读取 OFD 的文字；请改用报告的 .docx 原稿，或先做文字识别（OCR）"
            }
            ofd::OfdError::TooManyPages { .. }
            | ofd::OfdError::TooManyEntries { .. }
            | ofd::OfdError::Decoded { .. }
            | ofd::OfdError::PartTooLarge { .. }
            | ofd::OfdError::TooMuchText { .. } => {
                "请确认这是要检查的报告；报告很少超过几十页。也可以用 --max-file-size 提高上限"
            }
            ofd::OfdError::Malformed(_) => {
                "请用 OFD 阅读器打开并另存一份，或改用报告的 .docx 原稿、导出为 .txt 后再检查"
            }
        };
        InputError::Ofd {
            path: path.to_owned(),
            reason: err.to_string(),
            hint: hint.to_owned(),
        }
    })?;
    check_text(&read.text, path)?;
    Ok(DecodedText {
        text: read.text,
        encoding: SourceEncoding::Ofd,
        tables: read.tables,
        layout: None,
        pages: Some(PageLayout {
            pages: read.pages,
            furniture: read.furniture,
        }),
    })
}

/// Whether a file is named like a WPS document.
fn is_wps_name(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wps"))
}

/// A compound file: a Word 97–2003 `.doc` (or a `.wps` in the same
/// container) becomes its main text (see [`doc`]); any other compound
/// file is binary.
fn read_doc(bytes: &[u8], path: &str, limits: docx::Limits) -> Result<DecodedText, InputError> {
    let wps = is_wps_name(path);
    let (text, tables) = doc::extract(bytes, limits).map_err(|err| match err {
        doc::DocError::Encrypted => InputError::Encrypted {
            path: path.to_owned(),
        },
        doc::DocError::NotCompound | doc::DocError::NotWord if wps => InputError::Wps {
            path: path.to_owned(),
        },
        doc::DocError::NotCompound | doc::DocError::NotWord => InputError::Binary {
            path: path.to_owned(),
            what:
                "OLE2 compound file that is not a Word document (an Excel .xls or PowerPoint .ppt?)"
                    .to_owned(),
        },
        doc::DocError::Read(docx::DocxError::OverLimit { what, limit }) => {
            over_limit(path, "a Word document", what, limit, limits)
        }
        doc::DocError::Read(err) => InputError::Doc {
            path: path.to_owned(),
            reason: err.to_string(),
        },
    })?;
    check_text(&text, path)?;
    Ok(DecodedText {
        text,
        encoding: if wps {
            SourceEncoding::Wps
        } else {
            SourceEncoding::Doc
        },
        tables,
        layout: None,
        pages: None,
    })
}

/// A saved web page: the report in it (see [`html`]).
fn read_html(
    bytes: &[u8],
    path: &str,
    kind: html::WebKind,
    limits: docx::Limits,
) -> Result<DecodedText, InputError> {
    let (text, tables, _charset) = html::extract(bytes, kind, limits).map_err(|err| match err {
        html::HtmlError::OverLimit(docx::DocxError::OverLimit { what, limit }) => {
            over_limit(path, "a web page", what, limit, limits)
        }
        err => InputError::Web {
            path: path.to_owned(),
            reason: err.to_string(),
        },
    })?;
    check_text(&text, path)?;
    Ok(DecodedText {
        text,
        encoding: match kind {
            html::WebKind::Html => SourceEncoding::Html,
            html::WebKind::Mhtml => SourceEncoding::Mhtml,
        },
        tables,
        layout: None,
        pages: None,
    })
}

/// A zip archive: a Word `.docx` becomes its body text; any other archive
/// is binary.
fn read_docx(bytes: &[u8], path: &str, limits: docx::Limits) -> Result<DecodedText, InputError> {
    let (text, tables) = docx::extract_limited(bytes, limits).map_err(|err| match err {
        docx::DocxError::NotWord => InputError::Binary {
            path: path.to_owned(),
            what: "ZIP archive, not a Word .docx document".to_owned(),
        },
        // Over the size limit once decoded: the same message, and the
        // same help (raise --max-file-size), as a text file over it.
        docx::DocxError::OverLimit { what, limit } => {
            over_limit(path, "a Word document", what, limit, limits)
        }
        err => InputError::Docx {
            path: path.to_owned(),
            reason: err.to_string(),
        },
    })?;
    check_text(&text, path)?;
    // The layout is read apart from the text: a part the text does not
    // need that cannot be read leaves the report without layout checks.
    let layout = docx_layout::read(bytes, &text).ok().flatten();
    Ok(DecodedText {
        text,
        encoding: SourceEncoding::Docx,
        tables,
        layout,
        pages: None,
    })
}

/// A PDF: the text its pages show, with its tables and the page
/// furniture it dropped.
fn read_pdf(bytes: &[u8], path: &str, limits: pdf::Limits) -> Result<DecodedText, InputError> {
    let read = pdf::extract_limited(bytes, limits).map_err(|err| {
        let hint = match err {
            pdf::PdfError::Encrypted => {
                "请用 PDF 阅读器输入密码后另存一份不加密的 PDF，或导出为 .docx、.txt 后再检查"
            }
            pdf::PdfError::Scanned { .. } | pdf::PdfError::Unmapped => {
                "rl-lint 只读取 PDF 的文字层；请先用 OCR 软件识别文字，或改用报告的 .docx 原稿"
            }
            pdf::PdfError::TooManyPages { .. }
            | pdf::PdfError::Decoded { .. }
            | pdf::PdfError::TooMuchText { .. } => {
                "请确认这是要检查的报告；报告很少超过几十页。也可以用 --max-file-size 提高上限"
            }
            _ => "请用 PDF 阅读器打开并另存一份，或改用报告的 .docx 原稿、导出为 .txt 后再检查",
        };
        InputError::Pdf {
            path: path.to_owned(),
            reason: err.to_string(),
            hint: hint.to_owned(),
        }
    })?;
    check_text(&read.text, path)?;
    Ok(DecodedText {
        text: read.text,
        encoding: SourceEncoding::Pdf,
        tables: read.tables,
        layout: None,
        pages: Some(PageLayout {
            pages: read.pages,
            furniture: read.furniture,
        }),
    })
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Steps 2 to 5: pick the encoding and decode, without the final text checks.
fn decode_raw(bytes: &[u8], path: &str) -> Result<DecodedText, InputError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(DecodedText {
                text: text.to_owned(),
                encoding: SourceEncoding::Utf8Bom,
                tables: Vec::new(),
                layout: None,
                pages: None,
            }),
            Err(err) => Err(InputError::UnknownEncoding {
                path: path.to_owned(),
                offset: UTF8_BOM.len() + err.valid_up_to(),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return decode_utf16(UTF_16LE, rest, SourceEncoding::Utf16LeBom, path);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return decode_utf16(UTF_16BE, rest, SourceEncoding::Utf16BeBom, path);
    }

    if let Some(what) = sniff_binary(bytes) {
        return Err(InputError::Binary {
            path: path.to_owned(),
            what,
        });
    }

    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => {
            return Ok(DecodedText {
                text: text.to_owned(),
                encoding: SourceEncoding::Utf8,
                tables: Vec::new(),
                layout: None,
                pages: None,
            })
        }
        Err(err) => err,
    };

    // Valid UTF-8 cut off inside its last character: GB18030 would often
    // "decode" it into plausible-looking nonsense, so do not try.
    let truncated_utf8 = utf8_error.error_len().is_none() && utf8_error.valid_up_to() > 0;
    if let Some(text) = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .filter(|_| !truncated_utf8)
    {
        if is_plausible_chinese(&text) {
            return Ok(DecodedText {
                text: text.into_owned(),
                encoding: SourceEncoding::Gb18030,
                tables: Vec::new(),
                layout: None,
                pages: None,
            });
        }
    }

    Err(InputError::UnknownEncoding {
        path: path.to_owned(),
        offset: utf8_error.valid_up_to(),
    })
}

/// Strictly decode the UTF-16 content that followed a (two-byte) BOM.
fn decode_utf16(
    encoding: &'static Encoding,
    rest: &[u8],
    source_encoding: SourceEncoding,
    path: &str,
) -> Result<DecodedText, InputError> {
    match encoding.decode_without_bom_handling_and_without_replacement(rest) {
        Some(text) => Ok(DecodedText {
            text: text.into_owned(),
            encoding: source_encoding,
            tables: Vec::new(),
            layout: None,
            pages: None,
        }),
        None => Err(InputError::UnknownEncoding {
            path: path.to_owned(),
            // Both UTF-16 BOMs are two bytes long.
            offset: 2 + first_malformed_offset(encoding, rest),
        }),
    }
}

/// Byte offset in `bytes` where the first malformed sequence for `encoding`
/// starts. Only meaningful when the bytes are known to be malformed; returns
/// `bytes.len()` if no malformed sequence is found.
fn first_malformed_offset(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buffer = [0u8; 4096];
    let mut consumed = 0usize;
    loop {
        let src = bytes.get(consumed..).unwrap_or_default();
        let (result, read, _written) =
            decoder.decode_to_utf8_without_replacement(src, &mut buffer, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return bytes.len(),
            DecoderResult::OutputFull => {
                // A 4 KiB buffer always has room for at least one character,
                // so progress is guaranteed; guard anyway against looping.
                if read == 0 {
                    return consumed;
                }
            }
            DecoderResult::Malformed(bad, after) => {
                return consumed.saturating_sub(usize::from(bad) + usize::from(after));
            }
        }
    }
}

/// Recognise common binary formats by their leading bytes, and any NUL byte.
///
/// Returns a short human-readable description of what the file seems to be.
fn sniff_binary(bytes: &[u8]) -> Option<String> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"%PDF", "PDF document"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"\x7FELF", "ELF executable"),
        (b"\x1F\x8B", "gzip archive"),
        (
            b"\xD0\xCF\x11\xE0",
            "OLE2 compound file, e.g. an old Word .doc",
        ),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some((*what).to_owned());
        }
    }

    if bytes.contains(&0) {
        let what = if looks_like_bomless_utf16(bytes) {
            "contains NUL bytes; it may be UTF-16 text without a byte-order mark"
        } else {
            "contains NUL bytes"
        };
        return Some(what.to_owned());
    }
    None
}

/// Heuristic: all NUL bytes sit at positions of the same parity, which is
/// what mostly-ASCII UTF-16 text without a BOM looks like.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return false;
    }
    let mut even = 0usize;
    let mut odd = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    (even == 0) != (odd == 0)
}

/// Accept GB18030-decoded text only if at least 60% of its non-ASCII
/// characters are CJK ideographs or CJK punctuation. This stops Latin-1,
/// Windows-1252 and similar single-byte text from being silently
/// misinterpreted as GB18030.
fn is_plausible_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if is_cjk(c) {
            cjk += 1;
        }
    }
    // Text that needed GB18030 decoding always has non-ASCII characters, but
    // be safe: pure ASCII has no evidence of being Chinese.
    non_ascii > 0 && cjk * 10 >= non_ascii * 6
}

/// Control characters that may legitimately appear in a text report.
/// Tab, line breaks, form feed; Word's manual line break (VT) and a DOS
/// end-of-file mark (SUB) also occur in real exported reports.
fn is_allowed_control(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1a')
}

/// Step 6: reject decoded text that is binary-looking or blank.
fn check_text(text: &str, path: &str) -> Result<(), InputError> {
    const HEAD_CHARS: usize = 512;

    let mut total = 0usize;
    let mut controls = 0usize;
    let mut control_in_head = false;
    let mut blank = true;
    for (i, c) in text.chars().enumerate() {
        total += 1;
        if c.is_control() && !is_allowed_control(c) {
            controls += 1;
            if i < HEAD_CHARS {
                control_in_head = true;
            }
        }
        if !(c.is_whitespace() || c == '\u{FEFF}') {
            blank = false;
        }
    }

    // "More than 1% of chars": controls / total > 1 / 100.
    if control_in_head || controls * 100 > total {
        return Err(InputError::Binary {
            path: path.to_owned(),
            what: "control characters".to_owned(),
        });
    }
    if blank {
        return Err(InputError::Blank {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// Encodes `text` the way the file was stored: same encoding, same BOM.
/// (Line endings were never changed.)
pub fn encode(text: &str, encoding: SourceEncoding) -> Option<Vec<u8>> {
    const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
    let bytes = match encoding {
        SourceEncoding::Utf8 => text.as_bytes().to_vec(),
        SourceEncoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        SourceEncoding::Utf16LeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect(),
        SourceEncoding::Utf16BeBom => std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect(),
        SourceEncoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return None;
            }
            bytes.into_owned()
        }
        // A document is read as text; rl-lint does not write documents.
        SourceEncoding::Docx
        | SourceEncoding::Pdf
        | SourceEncoding::Html
        | SourceEncoding::Mhtml
        | SourceEncoding::Odt
        | SourceEncoding::Doc
        | SourceEncoding::Wps
        | SourceEncoding::Ofd => return None,
    };
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "2023年，我市深入学习贯彻习近平法治思想，加快建设法治政府。";

    fn decode(bytes: &[u8]) -> Result<DecodedText, InputError> {
        decode_bytes(bytes, "report.txt")
    }

    fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
        let mut out = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            if little_endian {
                out.extend_from_slice(&unit.to_le_bytes());
            } else {
                out.extend_from_slice(&unit.to_be_bytes());
            }
        }
        out
    }

    fn gb18030_bytes(text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = GB18030.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    #[test]
    fn encoding_names() {
        assert_eq!(SourceEncoding::Utf8.name(), "UTF-8");
        assert_eq!(SourceEncoding::Utf8Bom.name(), "UTF-8 (BOM)");
        assert_eq!(SourceEncoding::Utf16LeBom.name(), "UTF-16LE");
        assert_eq!(SourceEncoding::Utf16BeBom.name(), "UTF-16BE");
        assert_eq!(SourceEncoding::Gb18030.name(), "GB18030");
    }

    #[test]
    fn utf8_plain() {
        let decoded = decode(SENTENCE.as_bytes()).expect("valid UTF-8");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let decoded = decode(&bytes).expect("UTF-8 with BOM");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf8Bom);
        assert!(!decoded.text.starts_with('\u{FEFF}'));
    }

    #[test]
    fn utf8_bom_followed_by_invalid_utf8() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(b"ab\xFFcd");
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 5),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn utf16le_with_bom() {
        let decoded = decode(&utf16_bytes(SENTENCE, true)).expect("UTF-16LE");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf16LeBom);
    }

    #[test]
    fn utf16be_with_bom() {
        let decoded = decode(&utf16_bytes(SENTENCE, false)).expect("UTF-16BE");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Utf16BeBom);
    }

    #[test]
    fn utf16_with_odd_length_is_malformed() {
        let mut bytes = utf16_bytes("法治", true);
        bytes.push(0x41);
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 6),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn utf16_with_lone_surrogate_is_malformed() {
        // BOM, "法" (U+6CD5), then a lone high surrogate D800 followed by "A".
        let bytes = [0xFF, 0xFE, 0xD5, 0x6C, 0x00, 0xD8, 0x41, 0x00];
        match decode(&bytes) {
            Err(InputError::UnknownEncoding { offset, .. }) => assert_eq!(offset, 4),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn gb18030_chinese_sentence() {
        let bytes = gb18030_bytes(SENTENCE);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes).expect("GB18030");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn crlf_is_preserved() {
        let text = "第一行\r\n第二行\r\n";
        let decoded = decode(text.as_bytes()).expect("UTF-8");
        assert_eq!(decoded.text, text);

        let decoded = decode(&gb18030_bytes(text)).expect("GB18030");
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn empty_file() {
        assert!(matches!(decode(b""), Err(InputError::Empty { .. })));
    }

    #[test]
    fn whitespace_only() {
        for text in [" ", "\n\n", " \t\r\n", "\u{3000}\n", "\u{FEFF}\u{3000} "] {
            assert!(
                matches!(decode(text.as_bytes()), Err(InputError::Blank { .. })),
                "{text:?}"
            );
        }
        // A BOM and nothing else decodes to empty text, which is blank.
        assert!(matches!(decode(UTF8_BOM), Err(InputError::Blank { .. })));
        assert!(matches!(
            decode(&utf16_bytes("\u{3000}\r\n", true)),
            Err(InputError::Blank { .. })
        ));
    }

    #[test]
    fn png_header() {
        let bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        match decode(bytes) {
            Err(InputError::Binary { what, .. }) => assert_eq!(what, "PNG image"),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn truncated_zip_is_a_damaged_docx() {
        let bytes = b"PK\x03\x04\x14\x00\x06\x00\x08\x00";
        match decode(bytes) {
            Err(err @ InputError::Docx { .. }) => {
                let message = err.to_string();
                assert!(
                    message.contains("not a readable Word document"),
                    "{message}"
                );
                assert!(message.contains("report.txt"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn encrypted_docx_is_not_an_old_doc() {
        let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        bytes.extend([0u8; 32]);
        // Read as a .doc: a compound file cut off.
        assert!(matches!(decode(&bytes), Err(InputError::Doc { .. })));
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(decode(&bytes), Err(InputError::Encrypted { .. })));
    }

    #[test]
    fn other_magic_numbers() {
        let cases: &[(&[u8], &str)] = &[
            (b"GIF89a\x01\x00", "GIF"),
            (b"\xFF\xD8\xFF\xE0", "JPEG"),
            (b"\x7FELF\x02\x01", "ELF"),
            (b"\x1F\x8B\x08\x00", "gzip"),
            (b"\xD0\xCF\x11\xE0\x00\x00\x00\x00", "OLE2"),
        ];
        for (bytes, expected) in cases {
            match decode(bytes) {
                Err(InputError::Binary { what, .. }) => {
                    assert!(what.contains(expected), "{what} vs {expected}")
                }
                other => panic!("unexpected result for {expected}: {other:?}"),
            }
        }
    }

    #[test]
    fn nul_bytes() {
        match decode(b"abc\x00def\x01\x02\x00\xFF") {
            Err(InputError::Binary { what, .. }) => assert_eq!(what, "contains NUL bytes"),
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn bomless_utf16_gets_a_hint() {
        let bytes: Vec<u8> = "Report"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        match decode(&bytes) {
            Err(InputError::Binary { what, .. }) => {
                assert!(what.contains("UTF-16"), "{what}")
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn latin1_is_unknown_encoding() {
        // "\xe9 " is not a valid GB18030 sequence (a space cannot be a
        // trail byte), so this fails strict GB18030 decoding outright.
        let bytes = b"caf\xe9 na\xefve";
        assert!(GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_none());
        match decode(bytes) {
            Err(err @ InputError::UnknownEncoding { .. }) => {
                assert!(matches!(err, InputError::UnknownEncoding { offset: 3, .. }));
                let message = err.to_string();
                assert!(message.contains("report.txt"), "{message}");
                assert!(message.contains("offset 3"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn single_byte_text_that_decodes_as_gb18030_is_rejected() {
        // Windows-1252 "€" (0x80) and Latin-1 "§§" (0xA7 0xA7) are valid
        // GB18030 (U+20AC and a Cyrillic letter), but not Chinese.
        for bytes in [&b"Price: 100\x80 net"[..], &b"See \xa7\xa7 12-14."[..]] {
            let gb = GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .expect("decodes as GB18030");
            assert!(!is_plausible_chinese(&gb), "{gb:?}");
            assert!(
                matches!(decode(bytes), Err(InputError::UnknownEncoding { .. })),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn plausibility_threshold() {
        assert!(is_plausible_chinese("法治政府"));
        assert!(is_plausible_chinese("法治，政府。"));
        assert!(is_plausible_chinese("ab法治é"));
        assert!(!is_plausible_chinese("abc"));
        assert!(!is_plausible_chinese("éèê法"));
        // Exactly 60%: 3 CJK out of 5 non-ASCII.
        assert!(is_plausible_chinese("法治府éè"));
    }

    #[test]
    fn truncated_utf8_at_end_does_not_panic() {
        let full = SENTENCE.repeat(3);
        let bytes = full.as_bytes();
        for cut in 1..=2 {
            let truncated = &bytes[..bytes.len() - cut];
            match decode(truncated) {
                // Never reinterpreted as GB18030 nonsense.
                Ok(decoded) => panic!("accepted truncated UTF-8 as {:?}", decoded.encoding),
                Err(InputError::UnknownEncoding { offset, .. }) => {
                    // The offset points at the start of the incomplete character.
                    assert_eq!(offset, bytes.len() - 3);
                }
                Err(other) => panic!("unexpected error: {other:?}"),
            }
        }
    }

    #[test]
    fn control_characters() {
        // A control character near the start.
        assert!(matches!(
            decode(b"abc\x01def"),
            Err(InputError::Binary { what, .. }) if what == "control characters"
        ));
        // Allowed controls are fine.
        assert!(decode(b"a\tb\r\nc\x0cd").is_ok());
        // Beyond the first 512 chars, a single control in a long text is
        // tolerated, but more than 1% is not.
        let mut long = "法".repeat(1000);
        long.push('\u{7}');
        assert!(decode(long.as_bytes()).is_ok());
        let mut many = "法".repeat(1000);
        many.push_str(&"\u{7}".repeat(20));
        assert!(matches!(
            decode(many.as_bytes()),
            Err(InputError::Binary { .. })
        ));
        // Also applies to UTF-16 input (where NUL sniffing is skipped).
        assert!(matches!(
            decode(&utf16_bytes("法\u{0}治", true)),
            Err(InputError::Binary { .. })
        ));
    }

    #[test]
    fn missing_file_is_io_error() {
        let path = Path::new("/nonexistent/dir/report.txt");
        match read_report(path) {
            Err(err @ InputError::Io { .. }) => {
                assert!(err.to_string().contains("/nonexistent/dir/report.txt"));
            }
            other => panic!("unexpected result: {other:?}"),
        }
    }

    #[test]
    fn read_report_from_disk() {
        let path =
            std::env::temp_dir().join(format!("rl-lint-input-test-{}.txt", std::process::id()));
        std::fs::write(&path, gb18030_bytes(SENTENCE)).expect("write temp file");
        let result = read_report(&path);
        let _ = std::fs::remove_file(&path);
        let decoded = result.expect("read GB18030 file");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, SourceEncoding::Gb18030);
    }

    #[test]
    fn files_and_streams_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, SENTENCE.repeat(100)).expect("write");
        let size = SENTENCE.len() as u64 * 100;
        assert!(read_report_limited(&path, size).is_ok());
        match read_report_limited(&path, 1024) {
            Err(err @ InputError::TooLarge { .. }) => {
                let message = err.to_string();
                assert!(message.contains("big.txt"), "{message}");
                assert!(message.contains("8.3 KB"), "{message}");
                assert!(message.contains("limit of 1 KB"), "{message}");
            }
            other => panic!("unexpected result: {other:?}"),
        }
        // A stream is cut off just past the limit, not read to its end.
        let endless = std::io::repeat(b'a');
        match read_limited(endless, 1024, "-") {
            Err(InputError::TooLarge { size, .. }) => assert_eq!(size, "more than 1 KB"),
            other => panic!("unexpected result: {other:?}"),
        }
        assert_eq!(read_limited(&b"abc"[..], 3, "-").expect("fits"), b"abc");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A cheap deterministic pseudo-random sweep over short inputs.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for len in 0..64 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state >> 24) as u8
                    })
                    .collect();
                let _ = decode(&bytes);
            }
        }
    }

    #[test]
    fn encodes_back_to_the_bytes_it_was_read_from() {
        let text = "某局2023年法治政府建设年度报告\r\n一、学法〈〉，";
        for encoding in [
            SourceEncoding::Utf8,
            SourceEncoding::Utf8Bom,
            SourceEncoding::Utf16LeBom,
            SourceEncoding::Utf16BeBom,
            SourceEncoding::Gb18030,
        ] {
            let bytes = encode(text, encoding).expect("encodable");
            let decoded = decode_bytes(&bytes, "test").expect("decodes");
            assert_eq!(decoded.text, text, "{encoding:?}");
            assert_eq!(decoded.encoding, encoding);
        }
        // Characters outside GBK still have a four-byte GB18030 form.
        let rare = "𠀀";
        let bytes = encode(rare, SourceEncoding::Gb18030).expect("encodable");
        assert_eq!(encoding_rs::GB18030.decode(&bytes).0, rare);
    }
}
