//! Where a check's literals occur in a report, found in one pass, so that
//! the check runs its regexes (or cuts and folds its clauses) only in the
//! blocks and clauses that hold one.
//!
//! A check whose every match must hold one of a few literal texts (the
//! prefixes or suffixes of its regexes, an anchor of each spelling) names
//! them as its triggers; the rule gate's one pass over a report
//! ([`crate::packs::gate`]) records where each occurs, and the check gets
//! its own as [`Candidates`] (`Context::candidates`). It asks for each
//! block or clause whether a literal lies wholly inside it
//! ([`Candidates::within`]): blocks without one are passed over at the
//! cost of one binary search, however many regexes the check has.

use crate::text::span::Span;

/// Where the literals occur in one text, sorted by start. Every
/// occurrence is kept (they may overlap), so no block or clause boundary
/// can hide one.
#[derive(Debug)]
pub struct Candidates(Vec<(usize, usize)>);

impl Candidates {
    /// The occurrences `(start, end)` found, in any order.
    pub fn new(mut found: Vec<(usize, usize)>) -> Self {
        found.sort_unstable();
        found.dedup();
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

    #[test]
    fn a_candidate_counts_only_wholly_inside_a_span() {
        let text = "建设法治政府，政府";
        let at = |s: &str| {
            let start = text.find(s).expect("in text");
            Span::new(start, start + s.len())
        };
        // Where 「法治」, 「法治政府」 and both 「政府」 are, out of order.
        let places = [at("政府"), at("法治政府"), at("法治")]
            .into_iter()
            .chain([Span::new(text.len() - "政府".len(), text.len())])
            .map(|s| (s.start, s.end))
            .collect();
        let candidates = Candidates::new(places);
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
    fn without_candidates_every_span_may_hold_a_match() {
        assert!(may_hold(None, Span::new(0, 3)));
        let none = Candidates::new(Vec::new());
        assert!(!may_hold(Some(&none), Span::new(0, 3)));
    }
}
