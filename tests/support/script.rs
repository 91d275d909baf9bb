//! Reports in traditional characters (繁體), made from simplified ones:
//! rl-lint must read them like the simplified report.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Characters whose conversion to simplified depends on their neighbours
/// (「答覆」 stays 「覆」): never chosen, so that the copy reads back exactly.
const CONTEXTUAL: &str = "兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫";

/// For each simplified character, a traditional one that `fast2s` (the
/// conversion rl-lint matches with) turns back into it: the inverse of
/// its table, the first such character by code point. That is not always
/// the usual form (佈 for 布, which traditional texts also write 布), but
/// every one is a character that rl-lint must read as the simplified one.
static TO_TRADITIONAL: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for traditional in '\u{4e00}'..='\u{9fff}' {
        if CONTEXTUAL.contains(traditional) {
            continue;
        }
        let converted = fast2s::convert(&traditional.to_string());
        let mut chars = converted.chars();
        if let (Some(simplified), None) = (chars.next(), chars.next()) {
            if simplified != traditional && simplified.len_utf8() == traditional.len_utf8() {
                map.entry(simplified).or_insert(traditional);
            }
        }
    }
    map
});

/// `text` with every character that has a traditional form written in it
/// (「政府信息公开」 → 「政府信息公開」); the same byte length, so spans
/// and positions are those of `text`.
pub fn to_traditional(text: &str) -> String {
    let traditional: String = text
        .chars()
        .map(|c| TO_TRADITIONAL.get(&c).copied().unwrap_or(c))
        .collect();
    assert_eq!(traditional.len(), text.len());
    assert_eq!(
        fast2s::convert(&traditional),
        fast2s::convert(text),
        "the traditional copy reads like the original"
    );
    traditional
}
