//! Word segmentation with jieba-rs, so that rules match words as words
//! (「原因」 as a word, not as part of another word) and can tell person names.
//! The dictionary takes ~100 ms to load, so it is loaded on first use only:
//! packs without word rules never pay for it.

use crate::textpos::Span;
use jieba_rs::Jieba;
use std::sync::LazyLock;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// A segmented piece of text: word spans (absolute) with their part-of-speech tags.
#[derive(Debug, Clone)]
pub struct Words {
    pub words: Vec<(Span, String)>,
}

impl Words {
    /// Segments `span` of `text`.
    pub fn segment(text: &str, span: Span) -> Words {
        let piece = span.text(text);
        let mut offset = span.start;
        let words = JIEBA
            .tag(piece, true)
            .into_iter()
            .map(|tag| {
                let word_span = Span::new(offset, offset + tag.word.len());
                offset = word_span.end;
                (word_span, tag.tag.to_string())
            })
            .collect();
        Words { words }
    }

    /// Where the word sequence of `phrase` occurs as whole words.
    pub fn find_phrase(&self, text: &str, phrase: &[String]) -> Option<Span> {
        if phrase.is_empty() || phrase.len() > self.words.len() {
            return None;
        }
        self.words.windows(phrase.len()).find_map(|window| {
            window
                .iter()
                .zip(phrase)
                .all(|((span, _), word)| span.text(text) == word)
                .then(|| Span::new(window[0].0.start, window[phrase.len() - 1].0.end))
        })
    }

    /// The first word tagged as a person name (nr).
    pub fn person_name(&self, text: &str) -> Option<Span> {
        self.words
            .iter()
            .find(|(span, tag)| tag == "nr" && span.text(text).chars().count() >= 2)
            .map(|(span, _)| *span)
    }
}

/// The word spans of `span` of `text` as jieba cuts them, without its HMM
/// for unknown words: faster, and the same words are always cut the same
/// way, which is what comparing two texts word by word needs.
pub fn cut(text: &str, span: Span) -> Vec<Span> {
    let mut offset = span.start;
    JIEBA
        .cut(span.text(text), false)
        .into_iter()
        .map(|word| {
            let word_span = Span::new(offset, offset + word.word.len());
            offset = word_span.end;
            word_span
        })
        .collect()
}

/// The words of a phrase as jieba cuts them, so that a multi-word phrase
/// (「主要是」 → 主要 / 是) is matched as a sequence of words.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    JIEBA
        .cut(phrase, true)
        .into_iter()
        .map(|t| t.word.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_words_not_substrings() {
        let text = "由于人员不足，导致宣传不够。";
        let words = Words::segment(text, Span::new(0, text.len()));
        assert!(words.find_phrase(text, &phrase_words("由于")).is_some());
        assert!(words.find_phrase(text, &phrase_words("导致")).is_some());
        let text = "原因分析不是这里的重点。";
        let words = Words::segment(text, Span::new(0, text.len()));
        assert!(words.find_phrase(text, &phrase_words("因为")).is_none());
    }
}
