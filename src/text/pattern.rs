//! Regexes written in rule packs: compiled with size limits so that a
//! hostile or careless pattern fails to load instead of eating memory.
//!
//! A [`Pattern`] compiles its regex the first time it is used, not when
//! its pack is loaded: a process that checks one report compiles only the
//! patterns whose rules had something to look at (see
//! [`crate::packs::gate`]), and a rule whose words never occur costs no
//! compilation at all. User packs are still compiled whole at load time,
//! so that a pattern too large for the limits is an error at its YAML line;
//! the built-in packs are loaded lazily ([`lazily`]) because a test
//! compiles every one of their patterns.
//!
//! Until it is compiled, a pattern also tests its haystack for the literals
//! every match must hold ([`Needs`]) and answers "no match" without
//! compiling when one is missing. Compiling a regex costs a hundred times
//! as much as looking for its words in a heading or a line, and most of the
//! patterns a report touches (its headings against every part's names, its
//! last lines against every kind of web residue) find nothing.

use super::literals;
use memchr::memmem::Finder;
use regex::{CaptureMatches, Captures, Match, Matches, Regex, RegexBuilder};
use std::borrow::Cow;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};

const SIZE_LIMIT: usize = 2 << 20;

thread_local! {
    /// Whether [`compile`] defers compilation on this thread (see [`lazily`]).
    static LAZY: Cell<bool> = const { Cell::new(false) };
    /// Set by [`eagerly`]: [`lazily`] then compiles at once anyway.
    static FORCE_EAGER: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with [`compile`] deferring every compilation to a pattern's
/// first use: for packs whose patterns are known to compile (the built-in
/// ones, which `tests` compile eagerly).
pub fn lazily<T>(f: impl FnOnce() -> T) -> T {
    let before = LAZY.with(|l| l.replace(!FORCE_EAGER.with(Cell::get)));
    let out = f();
    LAZY.with(|l| l.set(before));
    out
}

/// Runs `f` with every pattern compiled at once, [`lazily`] or not: how
/// the tests prove that the built-in packs' patterns all compile.
pub fn eagerly<T>(f: impl FnOnce() -> T) -> T {
    let before = FORCE_EAGER.with(|e| e.replace(true));
    let lazy_before = LAZY.with(|l| l.replace(false));
    let out = f();
    LAZY.with(|l| l.set(lazy_before));
    FORCE_EAGER.with(|e| e.set(before));
    out
}

/// A pack's regex, compiled on first use. It dereferences to the
/// [`Regex`], so checks use it as one.
pub struct Pattern {
    source: Box<str>,
    compiled: OnceLock<Regex>,
    needs: OnceLock<Needs>,
    /// The work spent looking for the needed literals so far: bytes of
    /// haystack times literals (see [`Pattern::may_match`]).
    spent: AtomicUsize,
}

impl Clone for Pattern {
    fn clone(&self) -> Pattern {
        Pattern {
            source: self.source.clone(),
            compiled: self.compiled.clone(),
            needs: self.needs.clone(),
            spent: AtomicUsize::new(self.spent.load(Ordering::Relaxed)),
        }
    }
}

impl Pattern {
    /// A regex written in the code, not in a pack: compiled on first use
    /// like a built-in pack's, and until then looked for by its literals.
    /// Its tests prove it compiles.
    pub fn fixed(source: &str) -> Pattern {
        Pattern {
            source: source.into(),
            compiled: OnceLock::new(),
            needs: OnceLock::new(),
            spent: AtomicUsize::new(0),
        }
    }

    /// The regex as the pack writes it.
    pub fn as_source(&self) -> &str {
        &self.source
    }

    /// The compiled regex, compiling it now if this is its first use.
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| match build(&self.source) {
            Ok(re) => re,
            // Only a lazily loaded (built-in) pattern gets here without
            // having compiled once: the tests compile all of them, so this
            // is unreachable; a regex that matches nothing keeps a check
            // from panicking in any case.
            Err(_) => Regex::new(r"[^\s\S]").expect("constant regex"),
        })
    }

    /// Literal byte strings one of which begins every match (the regex's
    /// required prefixes, as regex-syntax extracts them), or else ends
    /// every match (its suffixes), or `None` when a match may begin and
    /// end with anything, or with one of too many literals.
    /// Reads the pattern's syntax, not its compiled form: it costs no
    /// compilation.
    pub fn required_literals(&self) -> Option<Vec<Vec<u8>>> {
        match analysed(&self.source) {
            Some((_, literals, _)) => literals.map(|set| set.iter().map(|l| l.to_vec()).collect()),
            None => literals::required_literals(&self.source),
        }
    }

    /// Whether the regex has been compiled (for tests and benchmarks).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Whether `haystack` may hold a match: false only when it lacks every
    /// literal of one of [`Needs`]. Once the regex is compiled its own
    /// prefilter does this work, and the answer is always true.
    ///
    /// The searches are paid for until they have cost about what compiling
    /// would (a pattern used on many texts whose words never all occur
    /// would otherwise search for them forever): past that the pattern
    /// compiles, and its cost is at most twice the cheaper of the two.
    pub fn may_match(&self, haystack: &str) -> bool {
        // Bytes of haystack times literals searched that cost about one
        // compilation (a search runs at a few bytes per nanosecond; a
        // compilation takes 50 to 500 microseconds).
        const BUDGET: usize = 512 * 1024;
        if self.is_compiled() {
            return true;
        }
        let needs = self.needs.get_or_init(|| Needs::of(&self.source));
        let cost = haystack.len().saturating_mul(needs.literals);
        let before = self.spent.fetch_add(cost, Ordering::Relaxed);
        if before.saturating_add(cost) > BUDGET {
            return true;
        }
        needs.held_by(haystack.as_bytes())
    }

    /// [`Regex::is_match`], without compiling when a needed word is missing.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.may_match(haystack) && self.regex().is_match(haystack)
    }

    /// [`Regex::find`], without compiling when a needed word is missing.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        if !self.may_match(haystack) {
            return None;
        }
        self.regex().find(haystack)
    }

    /// [`Regex::find_iter`], without compiling when a needed word is missing.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        self.or_never(haystack).find_iter(haystack)
    }

    /// [`Regex::captures`], without compiling when a needed word is missing.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        if !self.may_match(haystack) {
            return None;
        }
        self.regex().captures(haystack)
    }

    /// [`Regex::captures_iter`], without compiling when a needed word is
    /// missing.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        self.or_never(haystack).captures_iter(haystack)
    }

    /// [`Regex::replace_all`], without compiling when a needed word is
    /// missing (the text is then returned as it is).
    pub fn replace_all<'h, R: regex::Replacer>(&self, haystack: &'h str, rep: R) -> Cow<'h, str> {
        if !self.may_match(haystack) {
            return Cow::Borrowed(haystack);
        }
        self.regex().replace_all(haystack, rep)
    }

    /// The regex, or one that matches nothing (and answers at once) when
    /// `haystack` cannot hold a match: for the iterators, whose types are
    /// the regex's. The methods that return one value return early
    /// instead: a search of this regex still costs a cache from its pool,
    /// and routing them through it cost 100 reports 1.2 % more.
    fn or_never(&self, haystack: &str) -> &Regex {
        if self.may_match(haystack) {
            self.regex()
        } else {
            &NEVER
        }
    }
}

/// A regex that matches nothing: its searches end before they begin.
static NEVER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\s\S]").expect("constant regex"));

/// The literals a match of a pattern must hold: a few sets of byte strings
/// (factors), and every match holds at least one string of each set. Taken
/// from the pattern's syntax: the literals every match begins with, those
/// it ends with, and those of each part of a top-level sequence that every
/// match goes through (「存在.{0,12}(问题|不足)」 needs 「存在」 and one of
/// 「问题」「不足」). A part whose literals are too many or unknown adds no
/// factor; a pattern with none is never ruled out.
#[derive(Debug, Default, Clone)]
struct Needs {
    factors: Vec<Vec<Finder<'static>>>,
    /// How many literals the factors hold in all.
    literals: usize,
}

impl Needs {
    fn of(pattern: &str) -> Needs {
        let sets = match analysed(pattern) {
            Some((_, _, factors)) => factors
                .iter()
                .map(|set| set.iter().map(|lit| lit.to_vec()).collect())
                .collect(),
            None => literals::factors(pattern),
        };
        Needs {
            literals: sets.iter().map(Vec::len).sum(),
            factors: sets
                .iter()
                .map(|set| {
                    set.iter()
                        .map(|lit| Finder::new(lit).into_owned())
                        .collect()
                })
                .collect(),
        }
    }

    /// Whether `haystack` holds a literal of every factor: each factor
    /// costs a search of the text per literal, stopping at the first found.
    fn held_by(&self, haystack: &[u8]) -> bool {
        self.factors
            .iter()
            .all(|factor| factor.iter().any(|f| f.find(haystack).is_some()))
    }
}

impl std::ops::Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// What [`literals`] finds in a pattern: its source, its required
/// literals, its factors.
type Analysis = (
    &'static str,
    Option<&'static [&'static [u8]]>,
    &'static [&'static [&'static [u8]]],
);

// ANALYSED: the analysis of every string of the built-in packs that
// parses as a regex, sorted by source; see `literals::emit`.
include!(concat!(env!("OUT_DIR"), "/pattern_literals.rs"));

/// The analysis build.rs made of a built-in pack's pattern: reading a
/// pattern's syntax for its literals was a fifth of a cold start.
fn analysed(source: &str) -> Option<&'static Analysis> {
    let at = ANALYSED.binary_search_by(|e| e.0.cmp(source)).ok()?;
    Some(&ANALYSED[at])
}

fn build(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex `{pattern}`: {e}"))
}

/// A pack's pattern: compiled now (and any error returned), or, inside
/// [`lazily`], when it is first used.
pub fn compile(pattern: &str) -> Result<Pattern, String> {
    let compiled = OnceLock::new();
    if !LAZY.with(Cell::get) {
        let _ = compiled.set(build(pattern)?);
    }
    Ok(Pattern {
        source: pattern.into(),
        compiled,
        needs: OnceLock::new(),
        spent: AtomicUsize::new(0),
    })
}

/// Compiles a list; the error names the pattern that failed (to locate it
/// in the YAML source).
pub fn compile_all(patterns: &[String]) -> Result<Vec<Pattern>, (String, String)> {
    patterns
        .iter()
        .map(|p| compile(p).map_err(|e| (p.clone(), e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_invalid_and_huge_patterns() {
        assert!(compile("(").is_err());
        assert!(compile(r"\w{1000}{1000}").is_err());
        assert!(compile("存在.{0,6}问题").is_ok());
    }

    #[test]
    fn lazy_patterns_compile_on_first_use() {
        let p = lazily(|| compile("存在.{0,6}问题")).expect("lazy");
        assert!(!p.is_compiled());
        assert!(p.is_match("存在的问题"));
        assert!(p.is_compiled());
        // Outside `lazily`, compiling is immediate again.
        assert!(compile("问题").expect("eager").is_compiled());
    }

    #[test]
    fn eagerly_overrides_lazily() {
        let p = eagerly(|| lazily(|| compile("问题"))).expect("eager");
        assert!(p.is_compiled());
        assert!(eagerly(|| lazily(|| compile("("))).is_err());
    }

    #[test]
    fn the_table_of_literals_is_the_packs_read_now() {
        let mut patterns = Vec::new();
        for (_, src) in crate::packs::BUILTIN_PACKS {
            let value: serde_yaml::Value = serde_yaml::from_str(src).expect("a built-in pack");
            literals::pack_patterns(&value, &mut patterns);
        }
        assert_eq!(
            literals::emit(patterns),
            include_str!(concat!(env!("OUT_DIR"), "/pattern_literals.rs"))
        );
        // A pattern of the table and one not in it give what its syntax
        // says.
        let (source, literals, _) = &ANALYSED[0];
        let from_table = Pattern::fixed(source).required_literals();
        assert_eq!(from_table, literals::required_literals(source));
        assert_eq!(
            from_table,
            literals.map(|set| set.iter().map(|l| l.to_vec()).collect())
        );
        assert!(analysed("没有这个规则的模式（").is_none());
    }

    #[test]
    fn required_literals_begin_every_match() {
        let lits = |p: &str| {
            Pattern::fixed(p).required_literals().map(|l| {
                let mut l: Vec<String> = l
                    .into_iter()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .collect();
                l.sort();
                l
            })
        };
        assert_eq!(
            lits("截止(目前|到)"),
            Some(vec!["截止到".into(), "截止目前".into()])
        );
        assert_eq!(lits("存在.{0,6}问题"), Some(vec!["存在".into()]));
        assert!(lits("[“\"]?十三五[”\"]?").is_some());
        // A match may begin with any character: it ends with a literal.
        assert_eq!(lits(".{0,3}问题"), Some(vec!["问题".into()]));
        assert_eq!(lits("\\d+%"), Some(vec!["%".into()]));
        // Neither: no literal.
        assert_eq!(lits(".{0,3}问题.?"), None);
        assert_eq!(lits("\\d+"), None);
        assert_eq!(lits("问题|"), None);
        assert_eq!(lits("("), None);
        // Case-insensitive: every case of the prefix.
        assert_eq!(lits("(?i)ab").map(|l| l.len()), Some(4));
        // Each literal really does begin every match.
        let re = regex::Regex::new("[“\"]?十三五[”\"]?").expect("regex");
        let found = lits("[“\"]?十三五[”\"]?").expect("literals");
        for text in ["“十三五”", "十三五", "\"十三五"] {
            let m = re.find(text).expect("match").as_str();
            assert!(found.iter().any(|l| m.starts_with(l.as_str())), "{m}");
        }
    }

    #[test]
    fn a_lazy_pattern_that_cannot_compile_matches_nothing() {
        let p = lazily(|| compile(r"\w{1000}{1000}")).expect("not compiled yet");
        assert!(!p.is_match("任何文字"));
    }
}
