//! PDF reports: the text a reader sees on the pages, rebuilt into what a
//! `.docx` gives the document model ([`crate::input::docx`]): one
//! paragraph per line of the text, and the tables as [`WordTable`] grids
//! placed at the paragraph before them.
//!
//! A PDF holds glyphs at positions and the lines a page draws, nothing
//! more. The stages:
//! - [`glyphs`]: `hayro-interpret` runs each page's content stream into a
//!   device that keeps every glyph's Unicode (ToUnicode maps, CID fonts,
//!   the predefined Chinese CMaps), origin and size, and the ruling lines;
//! - [`tables`]: ruled tables rebuilt cell by cell, with spans; the glyphs
//!   in their cells leave the text flow;
//! - [`lines`]: the other glyphs grouped into lines (no invented spaces);
//! - [`furniture`]: page numbers, running headers and footers taken off and
//!   listed;
//! - [`paragraphs`]: lines rejoined into paragraphs across wraps and pages.
//!
//! Only [`glyphs`] knows PDF. The rest is the page layout model, entered
//! through [`layout`] ([`layout::lay_out_page`] for each page, then
//! [`layout::lay_out_document`]), which the OFD reader
//! ([`crate::input::ofd`]) shares.
//!
//! Bounds: at most [`MAX_PAGES`] pages; the streams' decoded bytes are
//! counted before the parser decodes them ([`check_decoded_size`]), and a
//! file whose streams would decode to more than [`Limits::decoded_bytes`]
//! is refused; at most [`Limits::glyphs`] glyphs and [`MAX_RULES_PER_PAGE`]
//! rules a page are kept; the text is held to [`Limits::text_bytes`]. The
//! parser runs on its own thread with a large stack, under
//! `catch_unwind`, and is given [`Limits::time`]: a panic or an overrun is a
//! refusal, never a crash or a hang of the caller.

pub mod furniture;
pub mod glyphs;
pub mod layout;
pub mod lines;
pub mod paragraphs;
pub mod tables;

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use hayro_interpret::hayro_syntax::object::Object;
use hayro_interpret::hayro_syntax::Filter;
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::util::TransformExt;
use hayro_interpret::{
    interpret_page, Context, InterpreterCache, InterpreterSettings, RenderContent,
};

use crate::input::docx::WordTable;
pub use furniture::Furniture;
use layout::{LaidPage, PageGlyphs};

/// The bytes every PDF starts with (after at most a little junk, which
/// readers tolerate; rl-lint asks for it at the start).
pub const PDF_MAGIC: &[u8] = b"%PDF-";

/// The most pages read (a report has a few dozen).
pub const MAX_PAGES: usize = 2_000;
/// The most ruling lines kept on one page; beyond them the page's tables
/// are not rebuilt further.
pub const MAX_RULES_PER_PAGE: usize = 20_000;

/// What one PDF may make rl-lint build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of text (as for a text file of the size limit).
    pub text_bytes: usize,
    /// Glyphs kept over the whole document.
    pub glyphs: usize,
    /// Bytes the file's compressed streams may decode to, in total.
    pub decoded_bytes: u64,
    /// How long reading may take.
    pub time: Duration,
}

impl Limits {
    /// The limits for a size limit of `max_file_size` bytes.
    pub fn for_size_limit(max_file_size: u64) -> Limits {
        let text = usize::try_from(max_file_size).unwrap_or(usize::MAX);
        Limits {
            text_bytes: text,
            glyphs: text,
            decoded_bytes: max_file_size.saturating_mul(4).max(16 << 20),
            time: Duration::from_secs(60),
        }
    }
}

/// A PDF read into text.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfText {
    pub text: String,
    pub tables: Vec<WordTable>,
    pub pages: usize,
    pub furniture: Vec<Furniture>,
}

/// Why a PDF could not be read. The messages are for report writers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("PDF 文件已加密，需要密码才能打开")]
    Encrypted,
    #[error("PDF 没有文字层（{pages} 页都是图片，是扫描件），需要先做文字识别（OCR）")]
    Scanned { pages: usize },
    #[error("PDF 里的文字无法转换成字符（字体没有 Unicode 映射）")]
    Unmapped,
    #[error("PDF 里没有文字")]
    NoText,
    #[error("PDF 文件已损坏或不是有效的 PDF")]
    Malformed,
    #[error("PDF 有 {pages} 页，超过了 {MAX_PAGES} 页的上限")]
    TooManyPages { pages: usize },
    #[error("PDF 的数据流解压后超过 {limit} 字节的上限（可能是压缩炸弹）")]
    Decoded { limit: u64 },
    #[error("PDF 的文字超过 {limit} 字节的上限")]
    TooMuchText { limit: usize },
    #[error("读取 PDF 时解析器出错")]
    Panicked,
    #[error("读取 PDF 超过了 {seconds} 秒的时间上限")]
    TimedOut { seconds: u64 },
}

/// Reads a PDF's text and tables within `limits`, on a thread of its own:
/// a panic of the parser, or a run over [`Limits::time`], is an error.
pub fn extract_limited(bytes: &[u8], limits: Limits) -> Result<PdfText, PdfError> {
    let owned = bytes.to_vec();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("rl-lint-pdf".into())
        .stack_size(256 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| extract_unguarded(owned, limits));
            let _ = send.send(result.unwrap_or(Err(PdfError::Panicked)));
        });
    if spawned.is_err() {
        return Err(PdfError::Panicked);
    }
    match receive.recv_timeout(limits.time) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(PdfError::TimedOut {
            seconds: limits.time.as_secs(),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(PdfError::Panicked),
    }
}

/// [`extract_limited`] on the calling thread, without its guards (for the
/// fuzz target, which wants to see panics).
pub fn extract_unguarded(bytes: Vec<u8>, limits: Limits) -> Result<PdfText, PdfError> {
    let pdf = Pdf::new(bytes).map_err(|err| match err {
        LoadPdfError::Decryption(_) => PdfError::Encrypted,
        LoadPdfError::Invalid => PdfError::Malformed,
    })?;
    let pages = pdf.pages();
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages { pages: pages.len() });
    }
    if pages.is_empty() {
        return Err(PdfError::Malformed);
    }
    check_decoded_size(&pdf, limits.decoded_bytes)?;

    let settings = InterpreterSettings {
        render_content: RenderContent::PAGE,
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut glyph_budget = limits.glyphs;
    let (mut unmapped, mut images, mut glyph_count) = (0, 0, 0);
    let mut laid: Vec<LaidPage> = Vec::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        let (width, height) = page.render_dimensions();
        let transform = page.initial_transform(true).to_kurbo();
        let bbox = hayro_interpret::kurbo::Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
        let mut context = Context::new(transform, bbox, &cache, pdf.xref(), settings.clone());
        let mut device = glyphs::Collector::new(
            f64::from(width),
            f64::from(height),
            glyph_budget,
            MAX_RULES_PER_PAGE,
        );
        interpret_page(page, &mut context, &mut device);
        let content = device.page;
        if content.glyphs_over {
            return Err(PdfError::TooMuchText {
                limit: limits.text_bytes,
            });
        }
        glyph_budget -= content.glyphs.len().min(glyph_budget);
        glyph_count += content.glyphs.len();
        unmapped += content.unmapped;
        images += content.images;
        laid.push(layout::lay_out_page(PageGlyphs {
            number: index + 1,
            width: content.width,
            height: content.height,
            glyphs: content.glyphs,
            rules: content.rules,
        }));
    }
    if glyph_count == 0 {
        return Err(if unmapped > 0 {
            PdfError::Unmapped
        } else if images > 0 {
            PdfError::Scanned { pages: pages.len() }
        } else {
            PdfError::NoText
        });
    }
    let out =
        layout::lay_out_document(laid, limits.text_bytes).map_err(|_| PdfError::TooMuchText {
            limit: limits.text_bytes,
        })?;
    Ok(PdfText {
        text: out.text,
        tables: out.tables,
        pages: out.pages,
        furniture: out.furniture,
    })
}

/// Counts what each compressed stream decodes to, without keeping it, and
/// refuses the file once the total is over `limit`: a bomb is stopped
/// before the parser allocates it.
pub fn check_decoded_size(pdf: &Pdf, limit: u64) -> Result<(), PdfError> {
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 << 10];
    for object in pdf.objects() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let raw = stream.raw_data();
        let decoded = match stream.filters().first() {
            Some(Filter::FlateDecode) => {
                let mut decoder = flate2::read::ZlibDecoder::new(&raw[..]);
                let mut count: u64 = 0;
                loop {
                    match decoder.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            count += n as u64;
                            if total + count > limit {
                                return Err(PdfError::Decoded { limit });
                            }
                        }
                    }
                }
                count
            }
            _ => raw.len() as u64,
        };
        total = total.saturating_add(decoded);
        if total > limit {
            return Err(PdfError::Decoded { limit });
        }
    }
    Ok(())
}
