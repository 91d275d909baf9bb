//! What a check request carries, read from a raw body with its options in
//! the query string, or from a multipart form (the checker page's, or a
//! script's): the report's bytes and name, last year's report, the year,
//! the packs, whether to fix. A name is only ever a name: it picks the
//! syntax and is shown in messages, and never names a file on the server.

use super::error::ApiError;
use crate::checks::baseline::Baseline;
use crate::engine::{Checked, Engine, Settings};
use crate::input::decode_bytes;
use crate::input::limits::format_size;
use crate::input::markdown::Syntax;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use std::path::Path;
use std::sync::Arc;

/// The name of a pasted text, or of a body sent without a name.
pub const PASTED_NAME: &str = "粘贴的文本.txt";

#[derive(Debug, Default)]
pub struct CheckRequest {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Last year's report: name and bytes.
    pub baseline: Option<(String, Vec<u8>)>,
    pub year: Option<i32>,
    /// Pack names or rule ids to run (all when empty).
    pub packs: Vec<String>,
    pub fix: bool,
    /// A report was given (a file or pasted text), even if empty.
    pub given: bool,
}

/// The options of a raw-body request (`POST /api/lint?filename=…`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueryOptions {
    pub filename: Option<String>,
    pub year: Option<String>,
    pub packs: Option<String>,
    pub fix: Option<String>,
}

impl CheckRequest {
    /// Reads a request: multipart, or a raw body named by `?filename=`
    /// (or the `X-Filename` header).
    pub async fn read(
        request: Request,
        query: QueryOptions,
        max_body: usize,
    ) -> Result<CheckRequest, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let multipart = Multipart::from_request(request, &())
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
            return CheckRequest::from_multipart(multipart, max_body).await;
        }
        let header_name = request
            .headers()
            .get("x-filename")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = axum::body::to_bytes(request.into_body(), max_body)
            .await
            .map_err(|_| ApiError::too_large(&format_size(max_body as u64)))?;
        let mut out = CheckRequest {
            name: safe_name(query.filename.as_deref().or(header_name.as_deref())),
            bytes: bytes.to_vec(),
            given: true,
            ..CheckRequest::default()
        };
        out.set_year(query.year.as_deref())?;
        if let Some(packs) = &query.packs {
            out.add_packs(packs);
        }
        out.fix = query.fix.as_deref().is_some_and(is_true);
        Ok(out)
    }

    async fn from_multipart(
        mut multipart: Multipart,
        max_body: usize,
    ) -> Result<CheckRequest, ApiError> {
        let mut out = CheckRequest::default();
        let mut pasted: Option<Vec<u8>> = None;
        let limit = format_size(max_body as u64);
        while let Some(field) = multipart.next_field().await.map_err(|e| {
            if e.status().as_u16() == 413 {
                ApiError::too_large(&limit)
            } else {
                ApiError::bad_request(e.body_text())
            }
        })? {
            let field_name = field.name().unwrap_or("").to_string();
            let file_name = field.file_name().map(str::to_string);
            let data = field.bytes().await.map_err(|e| {
                if e.status().as_u16() == 413 {
                    ApiError::too_large(&limit)
                } else {
                    ApiError::bad_request(e.body_text())
                }
            })?;
            // The page's file inputs send an empty, nameless part when
            // no file was chosen.
            let chosen = !(data.is_empty() && file_name.as_deref().unwrap_or("").is_empty());
            match field_name.as_str() {
                "file" | "report" if chosen => {
                    out.name = safe_name(file_name.as_deref());
                    out.bytes = data.to_vec();
                    out.given = true;
                }
                "text" if !data.iter().all(u8::is_ascii_whitespace) => {
                    pasted = Some(data.to_vec());
                }
                "baseline" if chosen => {
                    out.baseline = Some((safe_name(file_name.as_deref()), data.to_vec()));
                }
                "year" => out.set_year(Some(&String::from_utf8_lossy(&data)))?,
                "packs" | "pack" => out.add_packs(&String::from_utf8_lossy(&data)),
                "fix" => out.fix = is_true(&String::from_utf8_lossy(&data)),
                _ => {}
            }
        }
        if !out.given {
            if let Some(text) = pasted {
                out.name = PASTED_NAME.to_string();
                out.bytes = text;
                out.given = true;
            }
        }
        Ok(out)
    }

    fn set_year(&mut self, year: Option<&str>) -> Result<(), ApiError> {
        let Some(year) = year.map(str::trim).filter(|y| !y.is_empty()) else {
            return Ok(());
        };
        match year.parse::<i32>() {
            Ok(n) if (1949..2200).contains(&n) => {
                self.year = Some(n);
                Ok(())
            }
            _ => Err(ApiError::bad_request(format!(
                "year `{year}` is not a year between 1949 and 2199"
            ))),
        }
    }

    fn add_packs(&mut self, packs: &str) {
        self.packs.extend(
            packs
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
    }

    /// Checks the report with the engine: the work of the blocking pool.
    pub fn check(self, engine: &Engine, base: Settings) -> Result<Checked, ApiError> {
        let baseline = match &self.baseline {
            Some((name, bytes)) => Some(Arc::new(read_baseline(engine, name, bytes)?)),
            None => None,
        };
        let settings = Settings {
            fix: self.fix,
            year: self.year,
            baseline,
            only: self.packs,
            ..base
        };
        Ok(engine.check(&self.bytes, Path::new(&self.name), &settings)?)
    }
}

/// Last year's report, under the same limits as a report.
fn read_baseline(engine: &Engine, name: &str, bytes: &[u8]) -> Result<Baseline, ApiError> {
    if bytes.len() as u64 > engine.max_file_size() {
        return Err(crate::input::InputError::TooLarge {
            path: name.to_string(),
            size: crate::input::limits::format_size_over(
                bytes.len() as u64,
                engine.max_file_size(),
            ),
            limit: format_size(engine.max_file_size()),
        }
        .into());
    }
    let decoded = decode_bytes(bytes, name)?;
    Ok(Baseline::new(
        name,
        decoded.text,
        Syntax::from_path(Path::new(name)),
        &engine.rules().title_words,
        &engine.rules().page_residue,
    ))
}

fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "true" | "yes" | "on")
}

/// The last component of a client's file name, without control
/// characters, at most 200 characters: `C:\文件\报告.docx` → `报告.docx`.
pub fn safe_name(given: Option<&str>) -> String {
    let given = given.unwrap_or("");
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." {
        PASTED_NAME.to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_names_never_paths() {
        assert_eq!(safe_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(safe_name(Some("C:\\文件\\报告.docx")), "报告.docx");
        assert_eq!(safe_name(Some("..")), PASTED_NAME);
        assert_eq!(safe_name(Some("a\nb.txt")), "ab.txt");
        assert_eq!(safe_name(None), PASTED_NAME);
        assert_eq!(safe_name(Some("/")), PASTED_NAME);
    }

    #[test]
    fn years_are_checked() {
        let mut request = CheckRequest::default();
        assert!(request.set_year(Some("2023")).is_ok());
        assert_eq!(request.year, Some(2023));
        assert!(request.set_year(Some(" ")).is_ok());
        assert_eq!(request.set_year(Some("20x")).unwrap_err().status, 400);
        assert_eq!(request.set_year(Some("3000")).unwrap_err().status, 400);
    }
}
