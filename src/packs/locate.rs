//! Finding the YAML line an error is about. serde_yaml reports positions
//! for syntax errors only; for errors found after parsing (a bad regex, an
//! unknown key, a duplicate id) we look the offending text up in the source.

/// Byte span of the line range `[first, last]` (0-based lines) in `src`.
pub fn line_range_span(src: &str, first: usize, last: usize) -> (usize, usize) {
    let mut start = src.len();
    let mut end = src.len();
    for (n, (offset, line)) in line_offsets(src).enumerate() {
        if n == first {
            start = offset;
        }
        if n == last {
            end = offset + line.len();
            break;
        }
    }
    (start.min(end), end)
}

/// Byte offset of the start of every line (0-based line → offset).
pub fn line_starts(src: &str) -> Vec<usize> {
    line_offsets(src).map(|(offset, _)| offset).collect()
}

fn line_offsets(src: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    src.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line.trim_end_matches('\r'))
    })
}

/// For each of `keys`, the lines (0-based) where the items of the
/// top-level sequence `key:` start, e.g. each `- id: …` under `rules:`:
/// one pass over the source for all of them.
pub fn sequence_item_lines<const N: usize>(src: &str, keys: [&str; N]) -> [Vec<usize>; N] {
    let mut items: [Vec<usize>; N] = std::array::from_fn(|_| Vec::new());
    // The key whose block the line is in, and its items' indent.
    let mut inside: Option<usize> = None;
    let mut item_indent: Option<usize> = None;
    for (n, (_, line)) in line_offsets(src).enumerate() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent == 0 && !content.starts_with('-') {
            inside = keys.iter().position(|key| {
                content
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with(':'))
            });
            item_indent = None;
            continue;
        }
        let Some(key) = inside else {
            continue;
        };
        if !content.starts_with('-') {
            continue;
        }
        match item_indent {
            None => {
                item_indent = Some(indent);
                items[key].push(n);
            }
            Some(i) if i == indent => items[key].push(n),
            _ => {}
        }
    }
    items
}

/// Lines `[first, next)` (0-based) of the top-level key `key:` and the
/// block under it, up to the next top-level key.
pub fn block_lines(src: &str, key: &str) -> Option<(usize, usize)> {
    let mut first = None;
    for (n, (_, line)) in line_offsets(src).enumerate() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '\t', '#', '-']);
        match first {
            None if top_level && line.starts_with(&format!("{key}:")) => first = Some(n),
            Some(f) if top_level => return Some((f, n)),
            _ => {}
        }
    }
    first.map(|f| (f, usize::MAX))
}

/// The span of the first line in `[from, to)` (0-based lines) containing
/// `needle`, or of line `from` if none does.
pub fn find_in_lines(src: &str, from: usize, to: usize, needle: &str) -> (usize, usize) {
    for (n, (offset, line)) in line_offsets(src).enumerate() {
        if n < from {
            continue;
        }
        if n >= to {
            break;
        }
        if !needle.is_empty() {
            if let Some(i) = line.find(needle) {
                return (offset + i, offset + i + needle.len());
            }
        }
    }
    let (start, end) = line_range_span(src, from, from);
    let line = &src[start..end];
    let lead = line.len() - line.trim_start().len();
    (start + lead, end)
}

/// 1-based line numbers of the `examples` under `key` (`bad` or `good`)
/// within the rule at lines `[from, to)`. An example is found by the start
/// of its first line; one that cannot be found gets the line of `key:`.
pub fn example_lines(
    src: &str,
    from: usize,
    to: usize,
    key: &str,
    examples: &[String],
) -> Vec<usize> {
    let lines: Vec<&str> = line_offsets(src)
        .skip(from)
        .take(to.saturating_sub(from))
        .map(|(_, line)| line)
        .collect();
    let key_line = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .unwrap_or(0);
    let mut next = key_line;
    examples
        .iter()
        .map(|example| {
            // The first characters before anything YAML may have escaped.
            let probe: String = example
                .chars()
                .take_while(|c| !matches!(c, '\n' | '"' | '\\' | '\''))
                .take(12)
                .collect();
            let found = (!probe.trim().is_empty())
                .then(|| {
                    lines
                        .iter()
                        .enumerate()
                        .skip(next)
                        .find(|(_, l)| l.contains(probe.as_str()))
                        .map(|(i, _)| i)
                })
                .flatten();
            match found {
                Some(i) => {
                    next = i + 1;
                    from + i + 1
                }
                None => from + key_line + 1,
            }
        })
        .collect()
}

/// A YAML parse error of a pack or a configuration, as both show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    /// The line the error points at, as a byte range, for the label.
    /// `None` when the error has no location, or when it is about an
    /// expansion over the limits (an alias bomb): its line can be megabytes
    /// long, and the message then keeps the line and column.
    pub span: Option<(usize, usize)>,
    /// serde_yaml's message, without the 「at line L column C」 that the
    /// label shows.
    pub message: String,
    /// What to do about an expansion over the limits.
    pub help: Option<&'static str>,
}

/// Reads a YAML parse error of `src`: where it is, what it says, and the
/// help for an alias bomb.
pub fn yaml_problem(src: &str, e: &serde_yaml::Error) -> YamlProblem {
    let message = e.to_string();
    let help = crate::input::limits::yaml_help(&message);
    let span = match (help, e.location()) {
        (None, Some(loc)) => {
            let start = crate::text::span::floor_char_boundary(src, loc.index().min(src.len()));
            let end = src[start..]
                .find('\n')
                .map(|i| start + i)
                .unwrap_or(src.len());
            Some((start, end.max(start)))
        }
        _ => None,
    };
    // 「… at line 5 column 1, while parsing a flow node」: the place goes,
    // the rest stays.
    let message = match (span, e.location()) {
        (Some(_), Some(loc)) => {
            let place = format!(" at line {} column {}", loc.line(), loc.column());
            message.replacen(&place, "", 1)
        }
        _ => message,
    };
    YamlProblem {
        span,
        message,
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_problem_is_placed_by_its_label_not_its_message() {
        let src = "pack: x\nrules:\n  - id: x/y\n    kind: [\n";
        let e = serde_yaml::from_str::<serde_yaml::Value>(src).unwrap_err();
        let problem = yaml_problem(src, &e);
        assert_eq!(
            problem.message,
            "did not find expected node content, while parsing a flow node"
        );
        assert!(problem.span.is_some());
        assert_eq!(problem.help, None);
        // An alias bomb keeps its line and column in the message, and
        // points at no line (which may be megabytes long).
        let bomb = format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; 20_000].join(","),
            vec!["*a"; 2_000].join(",")
        );
        let e = crate::input::limits::check_yaml_size(&bomb, 1000).unwrap_err();
        let problem = yaml_problem(&bomb, &e);
        assert_eq!(problem.span, None);
        assert!(problem.help.is_some());
    }

    const SRC: &str = "pack: t\nrules:\n  - id: a\n    kind: x\n    list:\n      - 1\n  - id: b\n    kind: y\nparts:\n  - name: p\n";

    #[test]
    fn finds_sequence_items() {
        assert_eq!(sequence_item_lines(SRC, ["rules"]), [vec![2, 6]]);
        assert_eq!(sequence_item_lines(SRC, ["parts"]), [vec![9]]);
        assert_eq!(
            sequence_item_lines(SRC, ["parts", "rules"]),
            [vec![9], vec![2, 6]]
        );
    }

    #[test]
    fn finds_example_lines() {
        let src = "rules:\n  - id: a\n    examples:\n      bad:\n        - \"x一\\n\"\n        - y二\n      good:\n        - \"x一\"\n";
        let bad = vec!["x一\n".to_string(), "y二".to_string()];
        assert_eq!(example_lines(src, 1, usize::MAX, "bad", &bad), vec![5, 6]);
        let good = vec!["x一".to_string(), "\n".to_string()];
        assert_eq!(example_lines(src, 1, usize::MAX, "good", &good), vec![8, 7]);
    }

    #[test]
    fn finds_needles_within_a_rule() {
        let (s, e) = find_in_lines(SRC, 6, 8, "kind");
        assert_eq!(&SRC[s..e], "kind");
        let (s, e) = find_in_lines(SRC, 2, 6, "absent");
        assert_eq!(&SRC[s..e], "- id: a");
    }
}
