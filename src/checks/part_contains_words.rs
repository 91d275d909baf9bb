//! `part-contains-words`: a part's text must contain one of the given words
//! (matched as whole words after jieba segmentation), e.g. cause words in the
//! shortcomings part, or a role in the first-responsible part. With
//! `person_names: true` a person's name also satisfies the check.

use super::{part_index, quote, Check, Context, Hit, SpecError};
use crate::schema::parts::PartCatalog;
use crate::text::words::{find_phrase, person_name, phrase_words};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub part: String,
    pub words: Vec<String>,
    #[serde(default)]
    pub person_names: bool,
}

#[derive(Debug)]
pub struct PartContainsWords {
    part: usize,
    words: Vec<String>,
    /// `words` as jieba cuts them, once per process, when the check first
    /// reads a part: cutting at load put jieba on the path of every start.
    phrases: OnceLock<Vec<Vec<String>>>,
    person_names: bool,
}

pub fn compile(params: Params, catalog: &PartCatalog) -> Result<PartContainsWords, SpecError> {
    if params.words.iter().any(|w| w.trim().is_empty()) || params.words.is_empty() {
        return Err(SpecError::new("words", "`words` must list non-empty words"));
    }
    Ok(PartContainsWords {
        part: part_index(catalog, &params.part)?,
        phrases: OnceLock::new(),
        words: params.words,
        person_names: params.person_names,
    })
}

impl PartContainsWords {
    fn phrases(&self) -> &[Vec<String>] {
        self.phrases
            .get_or_init(|| self.words.iter().map(|w| phrase_words(w)).collect())
    }
}

impl Check for PartContainsWords {
    fn run(&self, cx: &Context, hits: &mut Vec<Hit>) {
        let doc = cx.doc;
        let sections = &cx.parts.sections[self.part];
        // The section's prose and its sub-headings' words: a reader takes
        // 「（二）原因分析」 as saying what is under it.
        let pieces: Vec<_> = sections
            .iter()
            .flat_map(|&h| {
                let mut pieces = doc.prose_in(doc.headings[h].body_span());
                pieces.extend(doc.descendants(h).map(|(_, d)| d.title_span));
                pieces
            })
            .collect();
        let Some(&heading) = sections.first() else {
            return;
        };
        if pieces.iter().all(|p| p.text(doc.text).trim().is_empty()) {
            return; // empty sections are `section-empty`'s business
        }
        let text = doc.matching();
        if pieces
            .iter()
            .any(|&piece| find_phrase(text, piece, self.phrases()).is_some())
        {
            return;
        }
        if self.person_names
            && pieces
                .iter()
                .any(|&piece| person_name(text, piece).is_some())
        {
            return;
        }
        let span = doc.headings[heading].span();
        hits.push(
            Hit::new(span, "此部分没有这些词")
                .var("part", &cx.catalog.parts[self.part].label)
                .var("heading", quote(doc.text, span, 30))
                .var("words", self.words.join("、")),
        );
    }
}
