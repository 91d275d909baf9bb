//! The message templates of the packs: `message`, `help` and `label` may
//! name a check's variables as `{name}` (letters, digits, `_`, `-`). One
//! scanner serves both uses: filling a finding's message, and blanking the
//! placeholders for the rule documentation.

/// `template` with each `{name}` replaced by what `replace` gives for it;
/// a placeholder it gives nothing for, and braces around anything but a
/// name, stay as written.
pub fn map_placeholders(template: &str, mut replace: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                let name = &after[..close];
                match replace(name) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replaces `{name}` with the first value given for `name`; unknown
/// placeholders are left as they are.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    map_placeholders(template, |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
}

/// Replaces `{name}` placeholders with `…`, so a template reads as a sentence.
pub fn blank(template: &str) -> String {
    map_placeholders(template, |_| Some("…".to_string()))
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_templates() {
        let vars = vec![("found", "2021".to_string()), ("expected", "2022".into())];
        assert_eq!(
            fill("写的是{found}年，应为{expected}年", &vars),
            "写的是2021年，应为2022年"
        );
        assert_eq!(fill("{unknown} {", &vars), "{unknown} {");
    }

    #[test]
    fn placeholders_become_ellipses() {
        assert_eq!(
            blank("写的是{found}年，应为{expected}年"),
            "写的是…年，应为…年"
        );
        // Not placeholders: left as written.
        assert_eq!(blank("{ 1 } {} {x"), "{ 1 } {} {x");
    }
}
