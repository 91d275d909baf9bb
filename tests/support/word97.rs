//! Word 97–2003 documents built in tests: a compound file with a
//! `WordDocument` stream (a FIB, then the text) and a `1Table` stream
//! (the piece table), as little of [MS-DOC] as the reader needs. Shared
//! by `tests/bad_input.rs`, `tests/hostile.rs` and the `doc` fuzz target.
#![allow(dead_code)]

use std::io::Write;

/// Where the text starts in the `WordDocument` stream (after the FIB).
pub const TEXT_AT: usize = 1024;

/// The FIB pairs the reader knows (`FibRgFcLcb97` indexes).
pub const STSHF: usize = 1;
pub const PLCF_BTE_PAPX: usize = 13;
pub const CLX: usize = 33;
pub const PLF_LST: usize = 73;
pub const PLF_LFO: usize = 74;

/// A FIB saying the main text is `ccp_text` characters, the table stream
/// is `1Table`, with `pairs` (index, fc, lcb) of `FibRgFcLcb97`.
pub fn fib(ccp_text: u32, flags: u16, pairs: &[(usize, u32, u32)]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    out[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    out[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    out[0x0A..0x0C].copy_from_slice(&(0x0200 | flags).to_le_bytes());
    out.extend_from_slice(&14u16.to_le_bytes());
    out.extend_from_slice(&[0; 28]);
    out.extend_from_slice(&22u16.to_le_bytes());
    let mut lw = [0u8; 88];
    lw[12..16].copy_from_slice(&ccp_text.to_le_bytes());
    out.extend_from_slice(&lw);
    out.extend_from_slice(&93u16.to_le_bytes());
    let mut fc_lcb = vec![0u8; 93 * 8];
    for &(index, fc, lcb) in pairs {
        fc_lcb[index * 8..index * 8 + 4].copy_from_slice(&fc.to_le_bytes());
        fc_lcb[index * 8 + 4..index * 8 + 8].copy_from_slice(&lcb.to_le_bytes());
    }
    out.extend_from_slice(&fc_lcb);
    out
}

/// A compound file of the two streams.
pub fn compound(word: &[u8], table: &[u8]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("cfb");
    file.create_stream("/WordDocument")
        .expect("stream")
        .write_all(word)
        .expect("write");
    file.create_stream("/1Table")
        .expect("stream")
        .write_all(table)
        .expect("write");
    file.flush().expect("flush");
    file.into_inner().into_inner()
}

/// A `.doc` whose main text is `text` (paragraphs end in `\r`) stored once
/// in UTF-16 and named `repeat` times by the piece table, one piece each.
pub fn doc(text: &str, repeat: usize) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let n = units.len() as u32;
    let mut plc = Vec::new();
    for k in 0..=repeat as u32 {
        plc.extend_from_slice(&(k * n).to_le_bytes());
    }
    for _ in 0..repeat {
        plc.extend_from_slice(&[0, 0]);
        plc.extend_from_slice(&(TEXT_AT as u32).to_le_bytes());
        plc.extend_from_slice(&[0, 0]);
    }
    let mut clx = vec![0x02];
    clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    clx.extend_from_slice(&plc);
    let mut word = fib(n * repeat as u32, 0, &[(CLX, 0, clx.len() as u32)]);
    word.resize(TEXT_AT, 0);
    word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    compound(&word, &clx)
}
