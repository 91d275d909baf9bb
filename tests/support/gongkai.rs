//! The real 政府信息公开工作年度报告 fixtures, and copies of them changed so
//! that a defect reviewers look for is there.

use super::fixtures::read_fixture;

/// A report of `tests/fixtures/gongkai/` by its name without `.txt`.
pub fn report(name: &str) -> String {
    read_fixture(&format!("gongkai/{name}.txt"))
}

/// 沭阳县发改局's report with `from` replaced by `to` (which must be there).
pub fn shuyang_with(from: &str, to: &str) -> String {
    let text = report("shuyangxian-fagaiju-2023");
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// 沭阳县发改局's report from its title on: without the web page before
/// it, as a writer's Word document has it.
pub fn shuyang_body(text: &str) -> String {
    let start = text
        .find("沭阳县发展和改革局2023年政府信息公开年度报告\n根据")
        .expect("title");
    text[start..].to_string()
}

/// The row of table 三 whose figures [`broken_identity`] changes.
pub const NEW_REQUESTS: &str = "一、本年新收政府信息公开申请数量 | 26 |  |  |  |  |  | 26";

/// 沭阳县发改局's report with 本年新收 changed from 26 to 27 (and its
/// total with it): the 勾稽关系 of table 三 fails in 自然人 and 总计.
pub fn broken_identity() -> String {
    shuyang_with(
        NEW_REQUESTS,
        "一、本年新收政府信息公开申请数量 | 27 |  |  |  |  |  | 27",
    )
}
