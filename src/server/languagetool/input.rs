//! What the client sent, as rl-lint reads it: the `text` field, or the
//! `data` field's annotated pieces (markup stands in the text as spaces),
//! and the UTF-16 offsets back into what the client holds.

use super::*;

/// The text to check and how its offsets map back to what was sent.
pub(super) struct Input {
    /// What the engine checks: the text pieces, and markup as it is to be
    /// interpreted.
    pub(super) plain: String,
    /// In order; `plain` is their concatenation.
    pub(super) pieces: Vec<Piece>,
    /// UTF-16 columns of `plain` within its pieces.
    pub(super) columns: Columns,
}

/// A piece of the input: `plain_start..plain_end` bytes of the checked
/// text stand for `sent_len` UTF-16 units at `sent_start` of the input.
pub(super) struct Piece {
    pub(super) plain_start: usize,
    pub(super) plain_end: usize,
    pub(super) sent_start: usize,
    pub(super) sent_len: usize,
    /// Text is sent as it is checked, so offsets inside it map one to one;
    /// markup maps as a whole.
    pub(super) is_text: bool,
}

#[derive(Deserialize)]
pub(super) struct Annotated {
    pub(super) annotation: Vec<Annotation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Annotation {
    pub(super) text: Option<String>,
    pub(super) markup: Option<String>,
    pub(super) interpret_as: Option<String>,
}

impl Input {
    pub(super) fn from_form(form: &CheckForm) -> Result<Input, LtError> {
        match (&form.text, &form.data) {
            (Some(_), Some(_)) => Err(LtError::bad_request(
                "Set only 'text' or 'data' parameter, not both",
            )),
            (None, None) => Err(LtError::bad_request("Missing 'text' or 'data' parameter")),
            (Some(text), None) => Ok(Input::new(
                text.clone(),
                vec![Piece {
                    plain_start: 0,
                    plain_end: text.len(),
                    sent_start: 0,
                    sent_len: utf16_len(text),
                    is_text: true,
                }],
            )),
            (None, Some(data)) => Input::annotated(data),
        }
    }

    pub(super) fn annotated(data: &str) -> Result<Input, LtError> {
        let annotated: Annotated = serde_json::from_str(data).map_err(|e| {
            LtError::bad_request(format!("Could not parse JSON from 'data' parameter: {e}"))
        })?;
        let mut plain = String::new();
        let mut pieces = Vec::new();
        let mut sent = 0;
        for item in annotated.annotation {
            let (checked, sent_len, is_text) = match (item.text, item.markup) {
                (Some(text), None) => {
                    let len = utf16_len(&text);
                    (text, len, true)
                }
                (None, Some(markup)) => {
                    let len = utf16_len(&markup);
                    (item.interpret_as.unwrap_or_default(), len, false)
                }
                _ => {
                    return Err(LtError::bad_request(
                        "each annotation needs either 'text' or 'markup', not both",
                    ))
                }
            };
            let plain_start = plain.len();
            plain.push_str(&checked);
            pieces.push(Piece {
                plain_start,
                plain_end: plain.len(),
                sent_start: sent,
                sent_len,
                is_text,
            });
            sent += sent_len;
        }
        Ok(Input::new(plain, pieces))
    }

    pub(super) fn new(plain: String, pieces: Vec<Piece>) -> Input {
        let columns = Columns::new(&plain, pieces.iter().map(|p| p.plain_start));
        Input {
            plain,
            pieces,
            columns,
        }
    }

    /// Where byte `offset` of the checked text lies in what was sent. A
    /// start maps to the piece it begins, an end to the piece it ends;
    /// inside markup, to the markup's start or end.
    pub(super) fn sent_offset(&self, offset: usize, is_end: bool) -> usize {
        // Pieces are in order and do not overlap: a binary search. An
        // empty piece holds no offset.
        let piece = if is_end {
            let i = self.pieces.partition_point(|p| p.plain_end < offset);
            self.pieces[i..]
                .iter()
                .find(|p| p.plain_start < offset && offset <= p.plain_end)
                .filter(|p| p.plain_start < offset)
        } else {
            let i = self.pieces.partition_point(|p| p.plain_end <= offset);
            self.pieces[i..]
                .iter()
                .find(|p| p.plain_start <= offset && offset < p.plain_end)
        };
        let Some(piece) = piece else {
            // Past the end (or an empty text): the end of what was sent.
            return self.pieces.last().map_or(0, |p| p.sent_start + p.sent_len);
        };
        if piece.is_text {
            piece.sent_start
                + self
                    .columns
                    .column(&self.plain, piece.plain_start, offset)
                    .utf16
        } else if is_end {
            piece.sent_start + piece.sent_len
        } else {
            piece.sent_start
        }
    }

    pub(super) fn sent_span(&self, span: Span) -> (usize, usize) {
        let start = self.sent_offset(span.start, false);
        let end = if span.is_empty() {
            start
        } else {
            self.sent_offset(span.end, true).max(start)
        };
        (start, end - start)
    }
}

pub(super) fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}
