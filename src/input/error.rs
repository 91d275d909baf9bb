//! Why a file could not be read: one variant per kind of refusal, each with
//! its code (`input::…`), a reason in Chinese and a hint for the writer.

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
