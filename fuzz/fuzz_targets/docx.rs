//! Word documents built from the fuzz input: list definitions (any start
//! value, format, level text and level), styles based on each other (in
//! cycles too), numbered, styled and plain paragraphs, tables, breaks,
//! hidden runs and text. Each is decoded within small limits and, when it
//! decodes, linted with every invariant of `tests/support/invariants.rs`.
//! The decoded text never exceeds the limit, whatever the numbering.
#![no_main]

#[path = "../../tests/support/invariants.rs"]
mod invariants;

#[path = "../../tests/support/docx.rs"]
mod docx;

use rl_lint::input::docx::{extract_text_limited, Limits};

/// The fuzz input, read a piece at a time (zeros once it is used up).
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        *first
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.byte() as usize % from.len()]
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "一、",
            "（一）",
            "1.",
            "（1）",
            "法治政府建设",
            "年度报告",
            "2023年",
            "。",
            "，",
            " ",
            "报告",
            "存在的不足",
            "主要负责人",
            "2024年1月5日",
            "某局",
            "\t",
            "&",
            "<",
            "a",
        ];
        let n = self.byte() % 12;
        (0..n).map(|_| self.pick(PIECES)).collect()
    }
}

const FORMATS: &[&str] = &[
    "decimal",
    "lowerLetter",
    "upperLetter",
    "lowerRoman",
    "upperRoman",
    "chineseCounting",
    "chineseLegalSimplified",
    "ideographTraditional",
    "ideographDigital",
    "decimalFullWidth",
    "decimalEnclosedCircle",
    "decimalZero",
    "bullet",
    "none",
    "",
];

fn build(input: &mut Input) -> Vec<u8> {
    let mut numbering = String::new();
    for id in 0..(input.byte() % 4) as u32 {
        let levels: Vec<String> = (0..input.byte() % 10)
            .map(|_| {
                let ilvl = (input.byte() % 12) as usize;
                let start = match input.byte() % 4 {
                    0 => u64::from(input.u32()),
                    1 => 4_000_000_000,
                    _ => u64::from(input.byte()),
                };
                let format = input.pick(FORMATS);
                let text: String = (0..input.byte() % 80)
                    .map(|_| input.pick(&["%1", "%2", "%9", "%", "、", ".", "（", "）", "x"]))
                    .collect();
                docx::level(ilvl, start, format, &text)
            })
            .collect();
        numbering.push_str(&docx::list(id + 1, &levels));
    }
    let mut styles = String::new();
    const STYLES: &[&str] = &["a", "b", "c", "1", "2"];
    for id in STYLES {
        if input.byte() % 2 == 0 {
            let based_on = (input.byte() % 2 == 0).then(|| input.pick(STYLES));
            let num = (input.byte() % 2 == 0).then(|| u32::from(input.byte() % 5));
            styles.push_str(&docx::style(id, based_on, num));
        }
    }
    let mut body = String::new();
    for _ in 0..input.byte() % 64 {
        match input.byte() % 8 {
            0 | 1 => body.push_str(&docx::paragraph(&input.text())),
            2 | 3 => {
                let (num, ilvl) = (u32::from(input.byte() % 5), (input.byte() % 12) as usize);
                body.push_str(&docx::numbered(num, ilvl, &input.text()));
            }
            4 => {
                let style = input.pick(STYLES);
                body.push_str(&docx::styled(style, &input.text()));
            }
            5 => {
                let cells: Vec<String> = (0..input.byte() % 4).map(|_| input.text()).collect();
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                body.push_str(&docx::table(&cells));
            }
            6 => body.push_str("<w:p/>"),
            _ => body.push_str(&format!(
                r#"<w:p><w:r><w:t>{}</w:t><w:br/><w:tab/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
                docx::escape(&input.text()),
                docx::escape(&input.text())
            )),
        }
    }
    docx::docx(&body, Some(&numbering), Some(&styles))
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let package = build(&mut Input(bytes));
    let limit = 64 * 1024;
    if let Ok(text) = extract_text_limited(&package, Limits::for_size_limit(limit)) {
        assert!(text.len() as u64 <= limit, "{} bytes of text", text.len());
        invariants::check_bytes(&package);
    }
});
