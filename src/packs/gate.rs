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

use crate::text::anchors::Candidates;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The automaton over every gated rule's literals. It is built on first
/// use, or by [`Gate::warm_up`] on another core while the first report is
/// read: building it is a tenth of a cold start.
#[derive(Debug, Default)]
pub struct Gate {
    /// The literals of each gated rule, until the automaton is built.
    pending: Mutex<Option<Vec<Vec<Vec<u8>>>>>,
    built: OnceLock<Built>,
}

#[derive(Debug, Default)]
struct Built {
    automaton: Option<AhoCorasick>,
    /// The same literals as a DFA, once [`Gate::speed_up`] has built it:
    /// it scans in half the instructions, but its build costs what
    /// scanning about 1.6 MB saves. Same patterns, same matches.
    fast: OnceLock<Option<AhoCorasick>>,
    /// The literals, until the DFA is built from them.
    literals: Mutex<Option<Vec<Vec<u8>>>>,
    /// For each pattern of the automaton (a distinct literal), the gated
    /// rules (their slots) that have it.
    owners: Vec<Vec<u32>>,
    /// For each slot, its distinct literals (patterns of the automaton).
    literals_of: Vec<Vec<u32>>,
    /// The length in bytes of each literal.
    lengths: Vec<usize>,
    /// How many rules are gated.
    slots: usize,
}

/// Which gated rules have a literal in one report (indexed by slot), and
/// where each literal occurs.
#[derive(Debug, Clone, Default)]
pub struct Present {
    present: Vec<bool>,
    /// For each literal of the automaton, where its occurrences start
    /// (in any of the texts scanned: they have the same length), four
    /// bytes each; `None` for a text too long to count in four bytes, or
    /// with more occurrences than half its bytes.
    places: Option<Vec<Vec<u32>>>,
}

impl Present {
    /// Whether a rule gated at `slot` has something to look at. A slot the
    /// gate does not know (none, or another rule set's) always runs.
    pub fn allows(&self, slot: Option<usize>) -> bool {
        slot.is_none_or(|s| self.present.get(s).copied().unwrap_or(true))
    }

    /// Where the literals of the rule gated at `slot` occur, for the
    /// check to look only there; `None` when the gate cannot say (no
    /// slot, another rule set's, no automaton): then it looks everywhere.
    /// The cost is that of the rule's own occurrences.
    pub fn candidates(&self, gate: &Gate, slot: Option<usize>) -> Option<Candidates> {
        let slot = slot.filter(|&s| s < self.present.len())?;
        let places = self.places.as_ref()?;
        let gate = gate.built();
        let literals = gate.literals_of.get(slot)?;
        let mut found = Vec::new();
        for &id in literals {
            let (Some(starts), Some(&len)) =
                (places.get(id as usize), gate.lengths.get(id as usize))
            else {
                continue;
            };
            found.extend(
                starts
                    .iter()
                    .map(|&start| (start as usize, start as usize + len)),
            );
        }
        Some(Candidates::new(found))
    }
}

impl Gate {
    /// The gate over the gated rules' literals, one list per slot in slot
    /// order; its automaton is built on first use. Building fails only
    /// when the automaton cannot be built (then every rule runs: the gate
    /// is an optimisation, never a filter of findings).
    pub fn new(rules: Vec<Vec<Vec<u8>>>) -> Gate {
        Gate {
            pending: Mutex::new(Some(rules)),
            built: OnceLock::new(),
        }
    }

    /// Builds the automaton now, if no other thread has (one that is
    /// waits for it).
    pub fn warm_up(&self) {
        self.built();
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let rules = self
                .pending
                .lock()
                .map(|mut p| p.take())
                .unwrap_or_default()
                .unwrap_or_default();
            Built::new(rules)
        })
    }

    /// Builds the DFA that scans in half the time of the first automaton,
    /// for a process that will check much text (a folder, a server): its
    /// build costs what scanning about 1.6 MB with it saves.
    /// Reports scanned meanwhile use the first automaton; the matches are
    /// the same.
    pub fn speed_up(&self) {
        let built = self.built();
        built.fast.get_or_init(|| {
            let literals = built.literals.lock().ok()?.take()?;
            // A DFA has a row of transitions per state, up to a state per
            // literal byte: the built-in packs' 9 KB and the bench's 1,500
            // generated rules (27 KB in all) add about 12 MB to a run's
            // peak. Past 32 KB of literals (a province's pack of thousands
            // of rules) it could take tens of MB: the NFA stays.
            let bytes: usize = literals.iter().map(Vec::len).sum();
            if bytes > DFA_LITERAL_BYTES {
                return None;
            }
            automaton(&literals, AhoCorasickKind::DFA)
        });
    }

    /// How many rules the gate holds.
    pub fn slots(&self) -> usize {
        self.built().slots
    }

    /// How many distinct literals the automaton searches for.
    pub fn literals(&self) -> usize {
        self.built().owners.len()
    }

    /// One pass over each of `texts` (the report as written, and its
    /// simplified copy when it differs, of the same length): which gated
    /// rules may match, and where each literal occurs.
    pub fn scan(&self, texts: &[&str]) -> Present {
        self.built().scan(texts)
    }
}

/// The most literal bytes the gate builds a DFA for (see `Gate::speed_up`).
const DFA_LITERAL_BYTES: usize = 32 * 1024;

/// The automaton of `literals` in Standard semantics (every occurrence,
/// overlapping ones too), of the given kind.
fn automaton(literals: &[Vec<u8>], kind: AhoCorasickKind) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(literals)
        .ok()
}

impl Built {
    fn new(rules: Vec<Vec<Vec<u8>>>) -> Built {
        let slots = rules.len();
        let mut ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut literals_of: Vec<Vec<u32>> = Vec::with_capacity(slots);
        for (slot, lits) in rules.into_iter().enumerate() {
            let mut own: Vec<u32> = Vec::with_capacity(lits.len());
            for lit in lits {
                let id = *ids.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                let slot = u32::try_from(slot).unwrap_or(u32::MAX);
                if owners[id].last() != Some(&slot) {
                    owners[id].push(slot);
                    own.push(u32::try_from(id).unwrap_or(u32::MAX));
                }
            }
            literals_of.push(own);
        }
        if literals.is_empty() {
            return Built {
                automaton: None,
                fast: OnceLock::new(),
                literals: Mutex::new(None),
                owners,
                literals_of,
                lengths: Vec::new(),
                slots,
            };
        }
        // A contiguous NFA: a DFA scans faster but takes longer to build
        // than a cold start spends scanning (see `Gate::speed_up`).
        let automaton = automaton(&literals, AhoCorasickKind::ContiguousNFA);
        Built {
            // Without an automaton no rule is gated.
            slots: if automaton.is_some() { slots } else { 0 },
            automaton,
            fast: OnceLock::new(),
            owners,
            literals_of,
            lengths: literals.iter().map(Vec::len).collect(),
            literals: Mutex::new(Some(literals)),
        }
    }

    fn scan(&self, texts: &[&str]) -> Present {
        let Some(nfa) = &self.automaton else {
            return Present::default();
        };
        let automaton = self.fast.get().and_then(Option::as_ref).unwrap_or(nfa);
        let mut present = vec![false; self.slots];
        let mut seen = vec![false; self.owners.len()];
        let mut places: Vec<Vec<u32>> = vec![Vec::new(); self.owners.len()];
        let mut countable = texts.iter().all(|t| u32::try_from(t.len()).is_ok());
        // At most one occurrence kept per two bytes of text (two bytes of
        // memory per byte): past that, a text made of the literals
        // (digits, brackets) keeps none, and its rules search every block.
        let mut room = texts.iter().map(|t| t.len()).max().unwrap_or(0) / 2;
        for text in texts {
            for m in automaton.find_overlapping_iter(text.as_bytes()) {
                let id = m.pattern().as_usize();
                // A literal's rules are marked at its first occurrence.
                if !std::mem::replace(&mut seen[id], true) {
                    for &slot in &self.owners[id] {
                        if let Some(p) = present.get_mut(slot as usize) {
                            *p = true;
                        }
                    }
                }
                if countable {
                    match (room.checked_sub(1), u32::try_from(m.start())) {
                        (Some(left), Ok(start)) => {
                            room = left;
                            places[id].push(start);
                        }
                        _ => {
                            countable = false;
                            places = Vec::new();
                        }
                    }
                }
            }
        }
        Present {
            present,
            places: countable.then_some(places),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::span::Span;

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
    fn each_rule_gets_where_its_own_literals_occur() {
        let gate = Gate::new(vec![
            lits(&["法治", "政府"]),
            lits(&["政府信息"]),
            lits(&["十三五"]),
        ]);
        let text = "法治政府信息公开，政府";
        let present = gate.scan(&[text]);
        let span = |s: &str| {
            let start = text.find(s).expect("in text");
            Span::new(start, start + s.len())
        };
        let first = present.candidates(&gate, Some(0)).expect("gated");
        assert!(first.within(span("法治")));
        assert!(first.within(Span::new(text.len() - "政府".len(), text.len())));
        let second = present.candidates(&gate, Some(1)).expect("gated");
        assert!(!second.within(span("法治政府")));
        assert!(second.within(span("法治政府信息")));
        // No occurrence: candidates that hold nothing.
        let third = present.candidates(&gate, Some(2)).expect("gated");
        assert!(!third.within(Span::new(0, text.len())));
        // Ungated rules and unknown slots look everywhere.
        assert!(present.candidates(&gate, None).is_none());
        assert!(present.candidates(&gate, Some(9)).is_none());
        let none = Gate::new(Vec::new()).scan(&[text]);
        assert!(none.candidates(&gate, Some(0)).is_none());
    }

    /// The DFA that `speed_up` builds finds what the first automaton
    /// finds, in the same order, on texts made of overlapping literals.
    #[test]
    fn the_fast_automaton_finds_the_same() {
        let words = [
            "法治",
            "法治政府",
            "政府信息",
            "信息公开",
            "1",
            "11",
            "（一）",
            "一",
            "截止目前",
        ];
        let rules: Vec<Vec<Vec<u8>>> = words.chunks(2).map(lits).collect();
        let slow = Gate::new(rules.clone());
        let fast = Gate::new(rules);
        fast.speed_up();
        assert!(fast.built().fast.get().is_some_and(Option::is_some));
        let mut seed = 7u64;
        for len in [0, 1, 5, 40, 400] {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    [words[(seed >> 33) as usize % words.len()], "，", "政", "1"]
                        [(seed >> 60) as usize % 4]
                })
                .collect();
            let (a, b) = (slow.scan(&[&text]), fast.scan(&[&text]));
            assert_eq!(a.present, b.present, "{text}");
            assert_eq!(a.places, b.places, "{text}");
        }
    }

    #[test]
    fn too_many_literals_keep_the_nfa() {
        let words: Vec<String> = (0..6000).map(|i| format!("罕见用语{i:06}")).collect();
        let rules = vec![words.iter().map(|w| w.as_bytes().to_vec()).collect()];
        let gate = Gate::new(rules);
        gate.speed_up();
        assert!(gate.built().fast.get().is_some_and(Option::is_none));
        assert!(gate.scan(&["其中罕见用语000042一词"]).allows(Some(0)));
    }

    #[test]
    fn a_text_dense_with_literals_keeps_no_places() {
        let gate = Gate::new(vec![lits(&["1", "11"])]);
        let present = gate.scan(&["1111111111"]);
        assert!(present.allows(Some(0)));
        assert!(present.candidates(&gate, Some(0)).is_none());
        let present = gate.scan(&["第1条，共两条。"]);
        assert!(present.candidates(&gate, Some(0)).is_some());
    }

    #[test]
    fn no_literals_gate_nothing() {
        let gate = Gate::new(Vec::new());
        let present = gate.scan(&["任何文字"]);
        assert!(present.allows(Some(0)));
    }
}
