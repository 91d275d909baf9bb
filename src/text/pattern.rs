//! Regexes written in rule packs: compiled once, with size limits so that a
//! hostile or careless pattern fails to load instead of eating memory.

use regex::{Regex, RegexBuilder};

const SIZE_LIMIT: usize = 2 << 20;

pub fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex `{pattern}`: {e}"))
}

/// Compiles a list; the error names the pattern that failed (to locate it
/// in the YAML source).
pub fn compile_all(patterns: &[String]) -> Result<Vec<Regex>, (String, String)> {
    patterns
        .iter()
        .map(|p| compile(p).map_err(|e| (p.clone(), e)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejects_invalid_and_huge_patterns() {
        assert!(super::compile("(").is_err());
        assert!(super::compile(r"\w{1000}{1000}").is_err());
        assert!(super::compile("存在.{0,6}问题").is_ok());
    }
}
