//! Where a check's literals occur in a report, found in one pass, so that
//! the check runs its regexes (or cuts and folds its clauses) only in the
//! blocks and clauses that hold one.
//!
//! A check whose every match must hold one of a few literal texts (the
//! prefixes or suffixes of its regexes, an anchor of each spelling)
//! builds one Aho-Corasick automaton of them on first use ([`Anchors`]),
//! scans a report once ([`Candidates::find`]), and asks for each block or
//! clause whether a literal lies wholly inside it ([`Candidates::within`]).
//! Blocks without one are passed over: their cost is that of one binary
//! search, however many regexes the check has.

use crate::text::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

/// An automaton over a check's literals, built the first time it is
/// needed (a rule that never runs builds none).
#[derive(Debug, Default)]
pub struct Anchors(OnceLock<Option<AhoCorasick>>);

impl Anchors {
    /// The automaton over `literals()`, built now if this is the first
    /// call; `None` when there are no literals (then every block is
    /// looked at).
    pub fn automaton(
        &self,
        literals: impl FnOnce() -> Option<Vec<Vec<u8>>>,
    ) -> Option<&AhoCorasick> {
        self.0
            .get_or_init(|| {
                let literals = literals().filter(|l| !l.is_empty())?;
                // A contiguous NFA: a DFA takes longer to build than a
                // report takes to scan.
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(literals)
                    .ok()
            })
            .as_ref()
    }

    /// Where the literals occur in `text`, or `None` when there are none
    /// to look for.
    pub fn find(
        &self,
        literals: impl FnOnce() -> Option<Vec<Vec<u8>>>,
        text: &str,
    ) -> Option<Candidates> {
        self.automaton(literals)
            .map(|automaton| Candidates::find(automaton, text))
    }
}

/// Where the literals occur in one text, sorted by start. Every
/// occurrence is kept (they may overlap), so no block or clause boundary
/// can hide one.
#[derive(Debug)]
pub struct Candidates(Vec<(usize, usize)>);

impl Candidates {
    /// One pass of `automaton` over `text`.
    pub fn find(automaton: &AhoCorasick, text: &str) -> Self {
        let mut found: Vec<(usize, usize)> = automaton
            .find_overlapping_iter(text.as_bytes())
            .map(|m| (m.start(), m.end()))
            .collect();
        found.sort_unstable();
        Candidates(found)
    }

    /// Whether a literal lies wholly inside `span`. Only occurrences that
    /// start inside it are looked at, and past the first that also ends
    /// inside it none is: those that do not end inside it straddle its
    /// end, and there are at most as many of them as literals can end at
    /// one place.
    pub fn within(&self, span: Span) -> bool {
        let first = self.0.partition_point(|&(start, _)| start < span.start);
        self.0[first..]
            .iter()
            .take_while(|&&(start, _)| start < span.end)
            .any(|&(_, end)| end <= span.end)
    }
}

/// Whether `span` may hold a match: always when there are no candidates
/// to go by.
pub fn may_hold(candidates: Option<&Candidates>, span: Span) -> bool {
    candidates.is_none_or(|c| c.within(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(words: &[&str]) -> Option<Vec<Vec<u8>>> {
        Some(words.iter().map(|w| w.as_bytes().to_vec()).collect())
    }

    #[test]
    fn a_candidate_counts_only_wholly_inside_a_span() {
        let anchors = Anchors::default();
        let text = "建设法治政府，政府";
        let candidates = anchors
            .find(|| literals(&["法治", "法治政府", "政府"]), text)
            .expect("literals");
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            Span::new(start, start + s.len())
        };
        assert!(candidates.within(at("法治政府")));
        assert!(candidates.within(at("建设法治")));
        // 「设法治政」 holds 「法治」 wholly; 「治政」 holds nothing.
        assert!(candidates.within(at("设法治政")));
        assert!(!candidates.within(at("治政")));
        assert!(!candidates.within(at("建设")));
        assert!(candidates.within(Span::new(text.len() - "政府".len(), text.len())));
        assert!(!candidates.within(Span::new(text.len(), text.len())));
    }

    #[test]
    fn without_literals_every_span_may_hold_a_match() {
        let anchors = Anchors::default();
        assert!(anchors.find(|| None, "文本").is_none());
        assert!(anchors.automaton(|| literals(&["法治"])).is_none());
        let empty = Anchors::default();
        assert!(empty.find(|| Some(Vec::new()), "文本").is_none());
        assert!(may_hold(None, Span::new(0, 3)));
    }

    #[test]
    fn the_automaton_is_built_once() {
        let anchors = Anchors::default();
        assert!(anchors.automaton(|| literals(&["法治"])).is_some());
        // Later literals are not looked at.
        let found = anchors
            .find(|| literals(&["政府"]), "法治政府")
            .expect("built");
        assert!(found.within(Span::new(0, "法治".len())));
        assert!(!found.within(Span::new("法治".len(), "法治政府".len())));
    }
}
