//! Word segmentation with jieba-rs, so that rules match words as words
//! (「原因」 as a word, not as part of another word) and can tell person names.
//!
//! Loading jieba's whole dictionary takes ~100 ms, longer than linting a
//! report, so a text is cut by a jieba instance that holds only the
//! dictionary entries found in it ([`crate::text::dictionary`]), and only the
//! sentences that can hold a phrase are cut at all. Very long texts are
//! cut with the whole dictionary, loaded once. Either way the words are
//! exactly those of `Jieba::new()`.

use crate::text::dictionary;
use crate::text::sentence::split_after;
use crate::text::span::Span;
use jieba_rs::Jieba;
use std::sync::LazyLock;

/// Above this many bytes, one text is cut with the whole dictionary:
/// searching the sorted dictionary for every character then costs more
/// than loading it.
const WHOLE_DICTIONARY_ABOVE: usize = 256 * 1024;

static WHOLE_DICTIONARY: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Characters jieba always cuts after: none is a CJK character, a letter, a
/// digit, `+#&._%-` or `\r`, so each is a word of its own and ends jieba's
/// run of characters. Cutting sentence by sentence at them gives the same
/// words as cutting the whole text.
const CUT_POINTS: &[char] = &[
    '。', '，', '；', '：', '！', '？', '、', ',', ';', ':', '!', '?', '\n',
];

/// Runs `f` with a jieba instance that cuts `text` as `Jieba::new()` would.
fn with_jieba<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    if text.len() > WHOLE_DICTIONARY_ABOVE {
        f(&WHOLE_DICTIONARY)
    } else {
        dictionary::with_jieba_for(text, f)
    }
}

/// The word spans of `span` of `text`.
fn cut(text: &str, span: Span) -> Vec<Span> {
    let piece = span.text(text);
    with_jieba(piece, |jieba| {
        let mut offset = span.start;
        jieba
            .cut(piece, true)
            .into_iter()
            .map(|token| {
                let word = Span::new(offset, offset + token.word.len());
                offset = word.end;
                word
            })
            .collect()
    })
}

/// The word spans of `span` of `text` as jieba cuts them, without its HMM
/// for unknown words: faster, and the same words are always cut the same
/// way, which is what comparing two texts word by word needs.
pub fn cut_without_hmm(text: &str, span: Span) -> Vec<Span> {
    let piece = span.text(text);
    with_jieba(piece, |jieba| {
        let mut offset = span.start;
        jieba
            .cut(piece, false)
            .into_iter()
            .map(|word| {
                let word_span = Span::new(offset, offset + word.word.len());
                offset = word_span.end;
                word_span
            })
            .collect()
    })
}

/// The words of a phrase as jieba cuts them, so that a multi-word phrase
/// (「主要是」 → 主要 / 是) is matched as a sequence of words.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    cut(phrase, Span::new(0, phrase.len()))
        .into_iter()
        .map(|word| word.text(phrase).to_string())
        .collect()
}

/// Where one of `phrases` (each cut by [`phrase_words`]) first occurs as
/// whole words in `span` of `text`, trying the phrases in order within
/// each sentence.
pub fn find_phrase(text: &str, span: Span, phrases: &[Vec<String>]) -> Option<Span> {
    let joined: Vec<String> = phrases.iter().map(|p| p.concat()).collect();
    // A phrase that holds a sentence end may span two sentences.
    let by_sentence = !joined.iter().any(|p| p.contains(CUT_POINTS));
    let units = if by_sentence {
        split_after(text, span, CUT_POINTS)
    } else {
        vec![span]
    };
    // Only a sentence that contains a phrase as text can contain it as words.
    let candidates: Vec<Span> = units
        .into_iter()
        .filter(|unit| {
            let unit = unit.text(text);
            joined
                .iter()
                .any(|p| !p.is_empty() && unit.contains(p.as_str()))
        })
        .collect();
    // Usually the first candidate holds a phrase as words: cut the
    // sentences one by one and stop there.
    candidates.iter().find_map(|&unit| {
        let words = cut(text, unit);
        phrases
            .iter()
            .find_map(|phrase| find_words(text, &words, phrase))
    })
}

/// The first word of `span` of `text` that jieba tags as a person name
/// (`nr`, two characters or more).
pub fn person_name(text: &str, span: Span) -> Option<Span> {
    with_jieba(span.text(text), |jieba| {
        split_after(text, span, CUT_POINTS)
            .into_iter()
            .find_map(|sentence| {
                let mut offset = sentence.start;
                jieba
                    .tag(sentence.text(text), true)
                    .into_iter()
                    .find_map(|tag| {
                        let word = Span::new(offset, offset + tag.word.len());
                        offset = word.end;
                        (tag.tag == "nr" && tag.word.chars().count() >= 2).then_some(word)
                    })
            })
    })
}

/// Where the word sequence `phrase` occurs in `words`.
fn find_words(text: &str, words: &[Span], phrase: &[String]) -> Option<Span> {
    if phrase.is_empty() || phrase.len() > words.len() {
        return None;
    }
    words.windows(phrase.len()).find_map(|window| {
        window
            .iter()
            .zip(phrase)
            .all(|(span, word)| span.text(text) == word)
            .then(|| Span::new(window[0].start, window[phrase.len() - 1].end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Span {
        Span::new(0, text.len())
    }

    fn phrases(words: &[&str]) -> Vec<Vec<String>> {
        words.iter().map(|w| phrase_words(w)).collect()
    }

    #[test]
    fn matches_words_not_substrings() {
        let text = "由于人员不足，导致宣传不够。";
        assert!(find_phrase(text, whole(text), &phrases(&["由于"])).is_some());
        let found = find_phrase(text, whole(text), &phrases(&["导致"])).unwrap();
        assert_eq!(found.text(text), "导致");
        let text = "原因分析不是这里的重点。";
        assert!(find_phrase(text, whole(text), &phrases(&["因为"])).is_none());
        assert_eq!(phrase_words("主要是"), vec!["主要", "是"]);
        let text = "宣传不够，主要是人手少。";
        assert!(find_phrase(text, whole(text), &phrases(&["主要是"])).is_some());
    }

    #[test]
    fn finds_person_names() {
        let text = "局长王建国同志带头学法。";
        assert_eq!(person_name(text, whole(text)).unwrap().text(text), "王建国");
        let text = "高度重视法治建设。";
        assert!(person_name(text, whole(text)).is_none());
    }

    #[test]
    fn sentences_end_after_their_mark() {
        let text = "甲，乙。\r\n丙";
        let units: Vec<&str> = split_after(text, whole(text), CUT_POINTS)
            .iter()
            .map(|s| s.text(text))
            .collect();
        assert_eq!(units, vec!["甲，", "乙。", "\r\n", "丙"]);
    }

    /// The words and tags of every fixture, cut sentence by sentence with
    /// a small dictionary, are those `Jieba::new()` gives for the whole text.
    #[test]
    fn small_dictionaries_cut_like_the_whole_one() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let expected: Vec<(String, String)> = WHOLE_DICTIONARY
                .tag(&text, true)
                .into_iter()
                .map(|t| (t.word.to_string(), t.tag.to_string()))
                .collect();
            let mut got = Vec::new();
            for sentence in split_after(&text, whole(&text), CUT_POINTS) {
                let piece = sentence.text(&text);
                dictionary::with_jieba_for(piece, |jieba| {
                    let tags = jieba.tag(piece, true).into_iter();
                    got.extend(tags.map(|t| (t.word.to_string(), t.tag.to_string())));
                });
            }
            assert_eq!(got, expected, "{}", path.display());
            // Pieces that start and end anywhere, even inside a word.
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for (n, &start) in starts.iter().enumerate().step_by(37) {
                let end = starts.get(n + 1 + n % 60).copied().unwrap_or(text.len());
                let piece = &text[start..end];
                let tags = |jieba: &Jieba| -> Vec<(String, String)> {
                    let tags = jieba.tag(piece, true).into_iter();
                    tags.map(|t| (t.word.to_string(), t.tag.to_string()))
                        .collect()
                };
                let got = dictionary::with_jieba_for(piece, tags);
                assert_eq!(got, tags(&WHOLE_DICTIONARY), "{piece}");
            }
        }
    }
}
