//! Edits the server sends: fix-all as one edit of the whole text, edits
//! tied to a document version, and the client's changes applied to the
//! server's copy of a document.

use super::position::{self, Encoding};
use super::{convert, state};
use lsp_types::{
    CodeAction, CodeActionKind, OneOf, OptionalVersionedTextDocumentIdentifier,
    TextDocumentContentChangeEvent, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// Every safe fix of the document, as one edit from the analysed text
/// to `fixed`.
pub fn fix_all_edit(
    versioned: bool,
    uri: &Uri,
    analysis: &state::Analysis,
    fixed: &str,
    encoding: Encoding,
) -> WorkspaceEdit {
    let before = &analysis.checked.text;
    let edit = convert::whole_text_edit(before, fixed, &analysis.lines, encoding);
    workspace_edit(versioned, uri, analysis.version, vec![edit])
}

/// Edits of one document, tied to the version they were made for when
/// the client can check that (`versioned`).
pub fn workspace_edit(
    versioned: bool,
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(lsp_types::DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The fix-all action, without its edit.
pub fn fix_all_action(kind: CodeActionKind) -> CodeAction {
    CodeAction {
        title: "修复全部可安全修复的问题（rl-lint）".to_string(),
        kind: Some(kind),
        ..CodeAction::default()
    }
}

/// Applies the client's changes in order: a change with a range replaces
/// that range (in the agreed encoding), one without replaces the text. The
/// line map follows each change ([`position::LineMap::edit`]), rather than
/// being built again for each.
pub fn apply_changes(
    text: &mut String,
    lines: &mut position::LineMap,
    changes: Vec<TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    for change in changes {
        match change.range {
            None => {
                *text = change.text;
                *lines = position::LineMap::new(text);
            }
            Some(range) => {
                let span = lines.span(text, range, encoding);
                text.replace_range(span.start..span.end, &change.text);
                lines.edit(text, span, change.text.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_incremental_changes_in_utf16() {
        let mut text = "一𠀀二\n三".to_string();
        let mut lines = position::LineMap::new(&text);
        let change = |sl, sc, el, ec, new: &str| TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range::new(
                lsp_types::Position::new(sl, sc),
                lsp_types::Position::new(el, ec),
            )),
            range_length: None,
            text: new.to_string(),
        };
        // Replace 二 (after a surrogate pair), then insert on line 1.
        apply_changes(
            &mut text,
            &mut lines,
            vec![change(0, 3, 0, 4, "贰"), change(1, 1, 1, 1, "。")],
            Encoding::Utf16,
        );
        assert_eq!(text, "一𠀀贰\n三。");
        apply_changes(
            &mut text,
            &mut lines,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "新".to_string(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(text, "新");
    }
}
