//! A corpus of reports generated from the five fixtures: copies with
//! mutations (paragraphs repeated, dropped, swapped and merged, half-width
//! punctuation, pasted URLs, cause words removed), saved as UTF-8, UTF-8 with
//! a BOM, CRLF, GBK and Markdown, so that every stage of rl-lint has work
//! to do. The same `count` always gives the same files.
//!
//! Used by the benchmarks (`benches/`, with `#[path]`, next to
//! `fixtures.rs`) and by `tests/speed.rs`: it changes only with the
//! benchmark's output hash in mind.

#![allow(dead_code)]

use super::fixtures::seed_texts;
use std::path::Path;

/// xorshift64*: deterministic and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Writes `count` reports into `dir`; returns their total size in bytes.
pub fn generate(dir: &Path, count: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("create corpus folder");
    let seeds = seed_texts();
    let mut total = 0;
    for k in 0..count {
        let mut rng = Rng::new(k as u64 + 1);
        let text = mutate(&seeds, k, &mut rng);
        let (name, bytes) = encode(k, &text, &mut rng);
        total += bytes.len() as u64;
        std::fs::write(dir.join(name), bytes).expect("write corpus report");
    }
    total
}

fn mutate(seeds: &[String], k: usize, rng: &mut Rng) -> String {
    let seed = &seeds[k % seeds.len()];
    let mut paragraphs: Vec<String> = seed.lines().map(str::to_string).collect();
    // A report exported as one line is split on 。 so that it can grow too.
    if paragraphs.len() < 5 {
        paragraphs = seed
            .split_inclusive('。')
            .map(|s| s.trim_end().to_string())
            .collect();
    }
    // Grow to 14–20 KB by repeating body paragraphs (never the title),
    // about what longer real reports weigh.
    let target = 14_000 + rng.below(6_000);
    while paragraphs.iter().map(|p| p.len() + 1).sum::<usize>() < target {
        let from = 1 + rng.below(paragraphs.len() - 1);
        let to = 1 + rng.below(paragraphs.len() - 1);
        let copy = paragraphs[from].clone();
        paragraphs.insert(to, copy);
    }
    if rng.chance(20) {
        let at = 1 + rng.below(paragraphs.len() - 1);
        paragraphs.remove(at);
    }
    if rng.chance(10) {
        let a = 1 + rng.below(paragraphs.len() - 1);
        let b = 1 + rng.below(paragraphs.len() - 1);
        paragraphs.swap(a, b);
    }
    if rng.chance(20) {
        let at = rng.below(paragraphs.len());
        paragraphs[at] = paragraphs[at].replace('，', ",").replace('：', ":");
    }
    if rng.chance(10) {
        let at = 1 + rng.below(paragraphs.len() - 1);
        paragraphs.insert(
            at,
            "详见http://www.example.gov.cn/art/2023/1/1/art_1229_1.html。".to_string(),
        );
    }
    let mut text = paragraphs.join("\n");
    text.push('\n');
    if rng.chance(10) {
        // No cause words left: the word rules segment every sentence.
        for word in ["原因", "由于", "因为", "导致", "造成", "主要是"] {
            text = text.replace(word, "情况");
        }
    }
    if rng.chance(5) {
        text = text.replace('\n', "");
    }
    text
}

/// The file name and bytes of report `k`, in one of the supported encodings.
fn encode(k: usize, text: &str, rng: &mut Rng) -> (String, Vec<u8>) {
    let roll = rng.below(100);
    let mut ext = "txt";
    let bytes = match roll {
        0..=9 => encoding_rs::GBK.encode(text).0.into_owned(),
        10..=19 => text.replace('\n', "\r\n").into_bytes(),
        20..=24 => {
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }
        25..=29 => {
            ext = "md";
            text.as_bytes().to_vec()
        }
        _ => text.as_bytes().to_vec(),
    };
    (format!("report-{k:05}.{ext}"), bytes)
}
