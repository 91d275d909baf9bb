//! "Ignore this rule in this file": adds a rule to the `per-file-ignores`
//! of a `.rl-lint.yaml` by editing its text, so that the user's comments,
//! order and formatting stay as they are. The caller parses the result
//! again before writing it, so an edit this module gets wrong is refused,
//! never written.

/// `src` with `rule` added to the per-file ignores of `pattern`, or why
/// the file cannot be edited safely.
pub fn add_per_file_ignore(src: &str, pattern: &str, rule: &str) -> Result<String, String> {
    let newline = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let key = yaml_string(pattern);
    let item = yaml_item(rule);
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let Some(at) = lines.iter().position(|l| is_key_line(l)) else {
        // No `per-file-ignores` yet: append the section.
        let mut out = src.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        out.push_str(&format!(
            "per-file-ignores:{newline}  {key}: [{item}]{newline}"
        ));
        return Ok(out);
    };
    let value = strip_comment(after_colon(lines[at])).trim();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match value {
        "" => {}
        "{}" => {
            // An empty flow mapping becomes a block mapping.
            out[at] = format!("per-file-ignores:{newline}");
        }
        _ => {
            return Err(
                "per-file-ignores is written as a flow mapping; add the rule by hand".to_string(),
            )
        }
    }
    // The entries: the indented lines after the key, up to the next
    // top-level line.
    let end = (at + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            let trimmed = l.trim();
            !trimmed.is_empty() && !trimmed.starts_with('#') && !l.starts_with([' ', '\t'])
        })
        .unwrap_or(lines.len());
    let entries: Vec<usize> = (at + 1..end)
        .filter(|&i| {
            let t = lines[i].trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with('-')
        })
        .collect();
    let indent = entries
        .first()
        .map(|&i| leading_space(lines[i]))
        .unwrap_or("  ")
        .to_string();
    for &i in &entries {
        let line = lines[i];
        if leading_space(line) != indent {
            continue;
        }
        let Some((name, rest)) = split_entry(line.trim_start()) else {
            continue;
        };
        if unquote(name) != pattern {
            continue;
        }
        let rest_value = strip_comment(rest).trim();
        if let Some(inner) = rest_value
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
        {
            // `"pattern": [a, b]` → `"pattern": [a, b, rule]`
            let close = line.rfind(']').ok_or("no closing bracket")?;
            let insert = if inner.trim().is_empty() {
                item.clone()
            } else {
                format!(", {item}")
            };
            out[i] = format!("{}{insert}{}", &line[..close], &line[close..]);
            return Ok(out.concat());
        }
        if rest_value.is_empty() {
            // A block sequence: add an item after the last one.
            let items: Vec<usize> = (i + 1..end)
                .filter(|&j| lines[j].trim_start().starts_with('-'))
                .take_while(|&j| leading_space(lines[j]).len() >= indent.len())
                .collect();
            let Some(&last) = items.last() else {
                return Err(format!("the entry for {pattern} has no list to add to"));
            };
            let item_indent = leading_space(lines[last]);
            let mut new_line = format!("{item_indent}- {item}{newline}");
            if !out[last].ends_with('\n') {
                new_line = format!("{newline}{item_indent}- {item}");
            }
            out.insert(last + 1, new_line);
            return Ok(out.concat());
        }
        return Err(format!(
            "the entry for {pattern} is not a list; add the rule by hand"
        ));
    }
    // No entry for this file yet: the first entry of the mapping.
    let mut entry = format!("{indent}{key}: [{item}]{newline}");
    if !out[at].ends_with('\n') {
        entry = format!("{newline}{entry}");
    }
    out.insert(at + 1, entry);
    Ok(out.concat())
}

fn is_key_line(line: &str) -> bool {
    let Some(rest) = [
        "per-file-ignores",
        "\"per-file-ignores\"",
        "'per-file-ignores'",
    ]
    .iter()
    .find_map(|k| line.strip_prefix(k)) else {
        return false;
    };
    rest.trim_start_matches([' ', '\t']).starts_with(':')
}

fn after_colon(line: &str) -> &str {
    line.split_once(':').map_or("", |(_, rest)| rest)
}

/// `key: value` with the key plain or quoted.
fn split_entry(line: &str) -> Option<(&str, &str)> {
    let end_of_key = match line.chars().next()? {
        quote @ ('"' | '\'') => line[1..].find(quote)? + 2,
        _ => line
            .find(": ")
            .or_else(|| line.trim_end().strip_suffix(':').map(str::len))?,
    };
    let rest = line[end_of_key..].trim_start().strip_prefix(':')?;
    Some((&line[..end_of_key], rest))
}

fn unquote(key: &str) -> String {
    let key = key.trim();
    if key.len() >= 2 && key.starts_with('"') && key.ends_with('"') {
        serde_json::from_str(key).unwrap_or_else(|_| key[1..key.len() - 1].to_string())
    } else if key.len() >= 2 && key.starts_with('\'') && key.ends_with('\'') {
        key[1..key.len() - 1].replace("''", "'")
    } else {
        key.to_string()
    }
}

/// A comment starts at ` #` outside quotes.
fn strip_comment(value: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return &value[..i],
            None => {}
        }
        previous = c;
    }
    value
}

fn leading_space(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// A double-quoted YAML string (JSON's escapes are YAML's).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// A rule id as a flow-sequence item: plain when it can be.
fn yaml_item(rule: &str) -> String {
    if !rule.is_empty()
        && rule
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
    {
        rule.to_string()
    } else {
        yaml_string(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use std::path::Path;

    /// The ignores that the edited file gives `file`.
    fn ignores(src: &str, file: &str) -> Vec<String> {
        let config = Config::parse(
            Path::new("/r/.rl-lint.yaml"),
            Path::new("/r"),
            src.to_string(),
        )
        .unwrap_or_else(|e| panic!("{e}\n{src}"));
        config.ignores_for(&Path::new("/r").join(file))
    }

    #[test]
    fn creates_the_section_in_an_empty_or_commented_file() {
        for src in ["", "# only a comment", "year: 2023\n"] {
            let out = add_per_file_ignore(src, "a/报告.txt", "core/plan-missing").expect("edit");
            assert!(out.starts_with(src), "{out}");
            assert_eq!(ignores(&out, "a/报告.txt"), vec!["core/plan-missing"]);
        }
    }

    #[test]
    fn keeps_comments_and_adds_a_new_entry_first() {
        let src = "# 本单位配置\nyear: 2023 # 年度\nper-file-ignores:   # 例外\n    # 草稿不查格式\n    \"*-draft.txt\": [format/]\nseverity:\n  format/: warning\n";
        let out = add_per_file_ignore(src, "b.txt", "hygiene/vague-time").expect("edit");
        for line in src.lines() {
            assert!(out.contains(line), "lost {line:?} in\n{out}");
        }
        assert!(
            out.contains("\n    \"b.txt\": [hygiene/vague-time]\n"),
            "{out}"
        );
        assert_eq!(ignores(&out, "b.txt"), vec!["hygiene/vague-time"]);
        assert_eq!(ignores(&out, "x-draft.txt"), vec!["format/"]);
    }

    #[test]
    fn extends_an_existing_entry_in_flow_or_block_form() {
        let src = "per-file-ignores:\n  \"a.txt\": [format/] # 注释\n";
        let out = add_per_file_ignore(src, "a.txt", "core/plan-missing").expect("edit");
        assert_eq!(
            out,
            "per-file-ignores:\n  \"a.txt\": [format/, core/plan-missing] # 注释\n"
        );
        let src = "per-file-ignores:\n  a.txt:\n    - format/\n    - hygiene/\nyear: 2023\n";
        let out = add_per_file_ignore(src, "a.txt", "core/plan-missing").expect("edit");
        assert_eq!(
            out,
            "per-file-ignores:\n  a.txt:\n    - format/\n    - hygiene/\n    - core/plan-missing\nyear: 2023\n"
        );
        assert_eq!(
            ignores(&out, "a.txt"),
            vec!["format/", "hygiene/", "core/plan-missing"]
        );
        let src = "per-file-ignores: {}\n";
        let out = add_per_file_ignore(src, "a.txt", "format/").expect("edit");
        assert_eq!(ignores(&out, "a.txt"), vec!["format/"]);
    }

    #[test]
    fn keeps_windows_line_endings() {
        let src = "year: 2023\r\nper-file-ignores:\r\n  \"a.txt\": []\r\n";
        let out = add_per_file_ignore(src, "b.txt", "format/").expect("edit");
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let out = add_per_file_ignore(src, "a.txt", "format/").expect("edit");
        assert!(out.contains("\"a.txt\": [format/]\r\n"), "{out:?}");
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        let src = "per-file-ignores: {\"a.txt\": [format/]}\n";
        assert!(add_per_file_ignore(src, "b.txt", "format/").is_err());
        let src = "per-file-ignores:\n  a.txt: format/\n";
        assert!(add_per_file_ignore(src, "a.txt", "core/").is_err());
    }

    #[test]
    fn quotes_names_that_yaml_would_misread() {
        let out = add_per_file_ignore("", "#1: 报告 [草稿].txt", "format/").expect("edit");
        assert_eq!(ignores(&out, "x.txt"), Vec::<String>::new());
        let config = Config::parse(Path::new("c.yaml"), Path::new("/r"), out.clone())
            .unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(
            config.per_file_ignores[0].pattern.pattern,
            "#1: 报告 [草稿].txt"
        );
    }
}
