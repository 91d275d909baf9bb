//! `--diff`: the changes `--fix` would make, as a unified diff without
//! context lines. Fixes never add or remove a line break, so line N of the
//! fixed text is line N of the original and a line-by-line comparison is
//! the exact diff.

/// A unified diff of `old` and `new`, both versions of the file `path`;
/// empty when they are equal. Lines keep their own terminators (CRLF too),
/// so `patch -p0` can apply the diff to a UTF-8 file.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- {path}\n+++ {path}\n");
    let mut line = 0;
    while line < old_lines.len().max(new_lines.len()) {
        if old_lines.get(line) == new_lines.get(line) {
            line += 1;
            continue;
        }
        // A hunk: the run of changed lines starting here.
        let start = line;
        while line < old_lines.len().max(new_lines.len())
            && old_lines.get(line) != new_lines.get(line)
        {
            line += 1;
        }
        let old_hunk = &old_lines[start.min(old_lines.len())..line.min(old_lines.len())];
        let new_hunk = &new_lines[start.min(new_lines.len())..line.min(new_lines.len())];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(start, old_hunk.len()),
            range(start, new_hunk.len())
        ));
        push_lines(&mut out, '-', old_hunk);
        push_lines(&mut out, '+', new_hunk);
    }
    out
}

/// `7` for one line, `7,3` for three, `6,0` for none after line 6.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

fn push_lines(out: &mut String, sign: char, lines: &[&str]) {
    for line in lines {
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_lines_in_hunks() {
        let old = "标题\n一、学法\n学习,考试。\n二、执法\n执法:检查。\n";
        let new = "标题\n一、学法\n学习，考试。\n二、执法\n执法：检查。\n";
        assert_eq!(
            unified("a.txt", old, new),
            "--- a.txt\n+++ a.txt\n\
             @@ -3 +3 @@\n-学习,考试。\n+学习，考试。\n\
             @@ -5 +5 @@\n-执法:检查。\n+执法：检查。\n"
        );
    }

    #[test]
    fn consecutive_lines_make_one_hunk_and_crlf_is_kept() {
        let old = "1、学法\r\n2、执法\r\n结束";
        let new = "1.学法\r\n2.执法\r\n结束";
        assert_eq!(
            unified("a.txt", old, new),
            "--- a.txt\n+++ a.txt\n@@ -1,2 +1,2 @@\n-1、学法\r\n-2、执法\r\n+1.学法\r\n+2.执法\r\n"
        );
    }

    #[test]
    fn last_line_without_newline() {
        assert_eq!(
            unified("a.txt", "学法,", "学法，"),
            "--- a.txt\n+++ a.txt\n@@ -1 +1 @@\n-学法,\n\\ No newline at end of file\n+学法，\n\\ No newline at end of file\n"
        );
        assert_eq!(unified("a.txt", "同", "同"), "");
    }
}
