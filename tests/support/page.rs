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
