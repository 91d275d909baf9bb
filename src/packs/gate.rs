//! One pass over a report for the words of every rule at once.
//!
//! A rule whose check can say which literal texts every one of its matches
//! must contain ([`crate::checks::Check::triggers`]: literal words, the
//! required literals of its regexes) is *gated*: the literals of all gated
//! rules are built into one Aho-Corasick automaton when the rules are
//! loaded, a report is scanned once with it, and a gated rule runs only
//! when one of its literals occurs in the report. A rule whose words do not
//! occur costs nothing, however many rules a pack has, and its regexes are
//! never even compiled ([`crate::text::pattern::Pattern`]).
//!
//! The scan is linear in the report and in the matches; each distinct
//! literal's rules are marked once per report, so a report's cost beyond
//! the scan is the number of rules whose words it holds.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

/// The automaton over every gated rule's literals.
#[derive(Debug, Default)]
pub struct Gate {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton (a distinct literal), the gated
    /// rules (their slots) that have it.
    owners: Vec<Vec<u32>>,
    /// How many rules are gated.
    slots: usize,
}

/// Which gated rules have a literal in one report: indexed by slot.
#[derive(Debug, Clone, Default)]
pub struct Present(Vec<bool>);

impl Present {
    /// Whether a rule gated at `slot` has something to look at. A slot the
    /// gate does not know (none, or another rule set's) always runs.
    pub fn allows(&self, slot: Option<usize>) -> bool {
        slot.is_none_or(|s| self.0.get(s).copied().unwrap_or(true))
    }
}

impl Gate {
    /// Builds the gate over the gated rules' literals, one list per slot in
    /// slot order. Fails only when the automaton cannot be built (then
    /// every rule runs: the gate is an optimisation, never a filter of
    /// findings).
    pub fn new(rules: Vec<Vec<Vec<u8>>>) -> Gate {
        let slots = rules.len();
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        for (slot, lits) in rules.into_iter().enumerate() {
            for lit in lits {
                let id = *ids.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                let slot = u32::try_from(slot).unwrap_or(u32::MAX);
                if owners[id].last() != Some(&slot) {
                    owners[id].push(slot);
                }
            }
        }
        if literals.is_empty() {
            return Gate {
                automaton: None,
                owners,
                slots,
            };
        }
        // A contiguous NFA: a DFA would scan a little faster but takes
        // longer to build than a cold start spends scanning.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .ok();
        Gate {
            // Without an automaton no rule is gated.
            slots: if automaton.is_some() { slots } else { 0 },
            automaton,
            owners,
        }
    }

    /// How many rules the gate holds.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// How many distinct literals the automaton searches for.
    pub fn literals(&self) -> usize {
        self.owners.len()
    }

    /// One pass over each of `texts` (the report as written, and its
    /// simplified copy when it differs): which gated rules may match.
    pub fn scan(&self, texts: &[&str]) -> Present {
        let Some(automaton) = &self.automaton else {
            return Present(Vec::new());
        };
        let mut present = vec![false; self.slots];
        let mut seen = vec![false; self.owners.len()];
        let mut unseen = self.owners.len();
        for text in texts {
            for m in automaton.find_overlapping_iter(text.as_bytes()) {
                let id = m.pattern().as_usize();
                if std::mem::replace(&mut seen[id], true) {
                    continue;
                }
                for &slot in &self.owners[id] {
                    if let Some(p) = present.get_mut(slot as usize) {
                        *p = true;
                    }
                }
                unseen -= 1;
                if unseen == 0 {
                    return Present(present);
                }
            }
        }
        Present(present)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_rule_runs_only_when_one_of_its_literals_occurs() {
        let gate = Gate::new(vec![
            lits(&["截止目前", "截止到"]),
            lits(&["十三五"]),
            lits(&["法治", "法治政府"]),
        ]);
        assert_eq!(gate.slots(), 3);
        assert_eq!(gate.literals(), 5);
        let present = gate.scan(&["截止到年底，我们推进法治政府建设。"]);
        assert!(present.allows(Some(0)));
        assert!(!present.allows(Some(1)));
        assert!(present.allows(Some(2)));
        // Ungated rules and unknown slots always run.
        assert!(present.allows(None));
        assert!(present.allows(Some(7)));
    }

    #[test]
    fn overlapping_literals_are_all_found() {
        // 「法治政府」 and 「政府」 overlap: both rules must run.
        let gate = Gate::new(vec![lits(&["法治政府"]), lits(&["政府信息"])]);
        let present = gate.scan(&["法治政府信息公开"]);
        assert!(present.allows(Some(0)) && present.allows(Some(1)));
    }

    #[test]
    fn every_text_is_scanned() {
        let gate = Gate::new(vec![lits(&["发展"]), lits(&["發展"])]);
        let present = gate.scan(&["發展", "发展"]);
        assert!(present.allows(Some(0)) && present.allows(Some(1)));
        let present = gate.scan(&["发展"]);
        assert!(!present.allows(Some(1)));
    }

    #[test]
    fn no_literals_gate_nothing() {
        let gate = Gate::new(Vec::new());
        let present = gate.scan(&["任何文字"]);
        assert!(present.allows(Some(0)));
    }
}
