//! `file://` URIs of documents and configuration files, to and from paths.

use lsp_types::Uri;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Characters written as they are in a path; everything else is escaped.
const PATH_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The local path of a `file:` URI; `None` for other schemes (an unsaved
/// buffer) and for URIs that name no local file.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // The authority (empty or `localhost`) ends where the path begins.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next()?;
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    if !text.starts_with('/') {
        return None;
    }
    Uri::from_str(&format!("file://{}", utf8_percent_encode(text, PATH_SET))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_paths_with_chinese_and_spaces() {
        let path = Path::new("/tmp/报告 2023/某县#1.txt");
        let uri = from_path(path).expect("uri");
        assert!(
            uri.as_str().starts_with("file:///tmp/%E6%8A%A5"),
            "{}",
            uri.as_str()
        );
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let uri = Uri::from_str("file://localhost/a/b.md").expect("uri");
        assert_eq!(to_path(&uri), Some(PathBuf::from("/a/b.md")));
        let uri = Uri::from_str("untitled:Untitled-1").expect("uri");
        assert_eq!(to_path(&uri), None);
        assert_eq!(from_path(Path::new("relative.txt")), None);
    }
}
