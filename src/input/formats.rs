//! The readers of the formats that are not plain text, each with its own
//! limits, each giving text one paragraph a line and its tables: `.docx`,
//! `.odt`, `.doc`/`.wps`, PDF, OFD and saved web pages.

use super::plain::check_text;
use super::*;
use std::path::Path;

/// An OpenDocument package: an `.odt` becomes its body text (see [`odt`]);
/// a spreadsheet or presentation is binary.
pub(super) fn read_odt(
    bytes: &[u8],
    path: &str,
    limits: docx::Limits,
) -> Result<DecodedText, InputError> {
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
pub(super) fn is_ofd_name(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ofd"))
}

/// An OFD package: the text its pages show, with its tables and the page
/// furniture it dropped (see [`ofd`]).
pub(super) fn read_ofd(
    bytes: &[u8],
    path: &str,
    limits: pdf::Limits,
) -> Result<DecodedText, InputError> {
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
pub(super) fn is_wps_name(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("wps"))
}

/// A compound file: a Word 97–2003 `.doc` (or a `.wps` in the same
/// container) becomes its main text (see [`doc`]); any other compound
/// file is binary.
pub(super) fn read_doc(
    bytes: &[u8],
    path: &str,
    limits: docx::Limits,
) -> Result<DecodedText, InputError> {
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
pub(super) fn read_html(
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
pub(super) fn read_docx(
    bytes: &[u8],
    path: &str,
    limits: docx::Limits,
) -> Result<DecodedText, InputError> {
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
pub(super) fn read_pdf(
    bytes: &[u8],
    path: &str,
    limits: pdf::Limits,
) -> Result<DecodedText, InputError> {
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
