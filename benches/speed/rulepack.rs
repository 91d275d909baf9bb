//! A generated pack of many rare wording rules, for the rule-count
//! benchmark: a report's cost must not grow with rules whose words it
//! does not hold.
//!
//! Each rule names a phrase of four characters drawn from everyday report
//! vocabulary (so every character occurs in the corpus, but the phrases,
//! in this order, almost never do): a third are `forbidden-pattern` rules
//! with a regex after the phrase, the others `substitution` rules, the
//! two kinds with the most rules in the built-in wording pack.

use std::fmt::Write as _;

/// Characters the corpus is full of.
const CHARS: &[char] = &[
    '法', '治', '政', '府', '建', '设', '工', '作', '推', '进', '依', '行', '执', '监', '督', '制',
    '度', '改', '革', '服', '务', '公', '开', '信', '息', '年', '度', '报', '告', '会', '议', '学',
    '习', '宣', '传', '规', '范', '管', '理', '机', '关', '部', '门', '单', '位', '社', '区', '群',
    '众', '决', '策',
];

/// The phrase of rule `i`: four characters, none twice in a row.
pub fn phrase(i: usize) -> String {
    let n = CHARS.len();
    // A fixed permutation of the index, so that neighbouring rules do not
    // share their first characters.
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = String::new();
    let mut last = None;
    while out.chars().count() < 4 {
        let c = CHARS[(x % n as u64) as usize];
        x /= n as u64;
        if x == 0 {
            x = (i as u64 + 7).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        }
        if Some(c) != last {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// The YAML of a pack of `count` rules.
pub fn pack(count: usize) -> String {
    let mut yaml = String::from(
        "pack: synthetic\ndescription: generated rare wording rules (rule-count benchmark)\nrules:\n",
    );
    for i in 0..count {
        let word = phrase(i);
        let other: String = word.chars().rev().collect();
        let id = format!("synthetic/rule-{i:04}");
        let head = format!(
            "  - id: {id}\n    severity: warning\n    message: 「{{found}}」是生成的罕见用语\n    help: 改写。\n    basis: 基准测试\n"
        );
        yaml.push_str(&head);
        if i % 3 == 0 {
            let _ = write!(
                yaml,
                "    kind: forbidden-pattern\n    patterns: ['{word}(?:工作|事项|情况)']\n    examples:\n      bad: ['开展{word}工作。']\n      good: ['开展{other}工作。']\n"
            );
        } else {
            let _ = write!(
                yaml,
                "    kind: substitution\n    words: false\n    swap:\n      - find: '{word}'\n        write: '{other}'\n    examples:\n      bad: ['开展{word}。']\n      good: ['开展{other}。']\n"
            );
        }
    }
    yaml
}
