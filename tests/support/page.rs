//! Reading the HTML of the checker page and the review page.

/// The text between `start` and the next `end` after it (to the end of
/// `text` if there is none).
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

/// The number `i` of the finding whose message contains `needle`, from its
/// list item `<li … id="{ids}f{i}">` (`ids` is the page's id prefix: empty
/// on the checker page, `r1-` for the first report of a review page).
pub fn finding_number(page: &str, ids: &str, needle: &str) -> usize {
    let list = page.find("<ol class=\"findings\">").expect("the findings");
    let page = &page[list..];
    let at = page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let key = format!("id=\"{ids}f");
    let from = page[..at].rfind(&key).expect("finding item") + key.len();
    let digits: String = page[from..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("number")
}

/// The 勾稽关系 of table 三 that `gongkai::broken_identity` breaks fails in
/// 自然人 and in 总计, each on 27 (本年新收) with a message that names the
/// numbers. For each, asserts that four cells of `pane` carry the finding
/// (its number from the findings list of `page`, whose ids start with
/// `ids`): 27 with the finding's anchor and link, and the other terms of
/// the identity (二、上年结转's 0, （七）总计's 26, 四、结转下年度's 0); and
/// that the list links back to it. Returns the two finding numbers.
pub fn assert_broken_identity_marked(page: &str, pane: &str, ids: &str) -> Vec<usize> {
    ["自然人", "总计"]
        .iter()
        .map(|column| {
            let message = format!(
                "收到和处理政府信息公开申请情况表中{column}不符合「第一项加第二项之和等于第三项加第四项之和」：27 + 0 = 27 ≠ 26 + 0 = 26"
            );
            let i = finding_number(page, ids, &message);
            let cell = format!("<td class=\"hit sev-error\" data-f=\"{i}\" title=\"{message}\">");
            assert_eq!(pane.matches(&cell).count(), 4, "{column}: {pane}");
            assert!(
                pane.contains(&format!(
                    "{cell}<span class=\"anchor\" id=\"{ids}t{i}\"></span><a class=\"hl sev-error\" href=\"#{ids}f{i}\" data-f=\"{i}\">27</a></td>"
                )),
                "{column}: {pane}"
            );
            assert!(page.contains(&format!("href=\"#{ids}t{i}\"")), "{column}");
            i
        })
        .collect()
}
