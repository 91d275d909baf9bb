//! Paragraph properties of a Word 97–2003 document: the few that make
//! tables and list numbers ([MS-DOC] 2.6.2 and 2.9.xx), read from the
//! paragraph FKPs (`PlcBtePapx`, 512-byte pages of the `WordDocument`
//! stream) and the paragraph styles (`STSH`).
//!
//! Bounds: each distinct FKP page is parsed once (a page holds at most
//! 29 runs), every run's `grpprl` is walked once; a table definition has
//! at most [`MAX_TABLE_COLUMNS`] cells; style chains are followed
//! [`MAX_STYLE_DEPTH`] links.

use super::{read_u16, read_u32};
use crate::input::docx::MAX_STYLE_DEPTH;
use std::collections::HashMap;

/// Word's limit on cells in a table row (`itcMac` ≤ 63).
pub const MAX_TABLE_COLUMNS: usize = 64;

const SPRM_P_ILVL: u16 = 0x260A;
const SPRM_P_ILFO: u16 = 0x460B;
const SPRM_P_IN_TABLE: u16 = 0x2416;
const SPRM_P_TTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_DTAP: u16 = 0x664A;
const SPRM_P_INNER_CELL: u16 = 0x244B;
const SPRM_P_INNER_TTP: u16 = 0x244C;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// A row's cells as `sprmTDefTable` (and `sprmTVertMerge`) define them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowDef {
    /// The cells' boundaries in twips: `itcMac + 1` of them.
    pub boundaries: Vec<i16>,
    /// Per cell: continues a cell merged across (`fMerged`).
    pub merged: Vec<bool>,
    /// Per cell: continues a cell merged down (`fVertMerge` without
    /// `fVertRestart`).
    pub covered: Vec<bool>,
}

/// The properties of a paragraph that rl-lint reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Props {
    pub istd: u16,
    pub in_table: bool,
    /// The paragraph is a table row's end mark (`fTtp`).
    pub row_end: bool,
    /// Table depth (`itap`): 1 for a table, 2 and more nested.
    pub depth: i32,
    /// Ends a cell, or a row, of a nested table.
    pub inner_cell: bool,
    pub inner_row_end: bool,
    pub ilfo: Option<u16>,
    pub ilvl: Option<u8>,
    pub row: Option<Box<RowDef>>,
}

/// Each sprm of a `grpprl` with its operand, in order; stops at the end
/// or at bytes that are not a whole sprm.
pub fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let sprm = read_u16(grpprl, at)?;
        let operand_at = at + 2;
        let (start, len) = match sprm >> 13 {
            0 | 1 => (operand_at, 1),
            2 | 4 | 5 => (operand_at, 2),
            3 => (operand_at, 4),
            7 => (operand_at, 3),
            _ => match sprm {
                SPRM_T_DEF_TABLE => {
                    // A 16-bit size, one more than the bytes that follow.
                    let size = usize::from(read_u16(grpprl, operand_at)?);
                    (operand_at + 2, size.saturating_sub(1))
                }
                SPRM_P_CHG_TABS if grpprl.get(operand_at) == Some(&255) => return None,
                _ => (operand_at + 1, usize::from(*grpprl.get(operand_at)?)),
            },
        };
        let operand = grpprl.get(start..start.checked_add(len)?)?;
        at = start + len;
        Some((sprm, operand))
    })
}

impl Props {
    /// Applies a `grpprl` over these properties.
    pub fn apply(&mut self, grpprl: &[u8]) {
        for (sprm, operand) in sprms(grpprl) {
            let byte = operand.first().copied().unwrap_or(0);
            match sprm {
                SPRM_P_ILVL => self.ilvl = Some(byte),
                SPRM_P_ILFO => self.ilfo = read_u16(operand, 0),
                SPRM_P_IN_TABLE => self.in_table = byte != 0,
                SPRM_P_TTP => self.row_end = byte != 0,
                SPRM_P_INNER_CELL => self.inner_cell = byte != 0,
                SPRM_P_INNER_TTP => self.inner_row_end = byte != 0,
                SPRM_P_ITAP => self.depth = read_u32(operand, 0).map_or(0, |v| v as i32),
                SPRM_P_DTAP => {
                    let delta = read_u32(operand, 0).map_or(0, |v| v as i32);
                    self.depth = self.depth.saturating_add(delta);
                }
                SPRM_T_DEF_TABLE => self.row = row_def(operand).map(Box::new),
                SPRM_T_VERT_MERGE => {
                    if let (Some(row), [cell, flag, ..]) = (self.row.as_mut(), operand) {
                        if let Some(slot) = row.covered.get_mut(usize::from(*cell)) {
                            *slot = *flag == 1;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether the paragraph is in a table.
    pub fn in_table(&self) -> bool {
        self.in_table || self.depth > 0
    }
}

/// A `TDefTableOperand` without its size: `itcMac`, the boundaries, then
/// a 20-byte `TC80` per cell (fewer when the operand ends).
fn row_def(operand: &[u8]) -> Option<RowDef> {
    let cells = usize::from(*operand.first()?).min(MAX_TABLE_COLUMNS);
    let boundaries: Vec<i16> = (0..=cells)
        .map(|k| read_u16(operand, 1 + k * 2).map(|v| v as i16))
        .collect::<Option<_>>()?;
    let tcs = 1 + (cells + 1) * 2;
    let mut merged = vec![false; cells];
    let mut covered = vec![false; cells];
    for k in 0..cells {
        let Some(flags) = read_u16(operand, tcs + k * 20) else {
            break;
        };
        merged[k] = flags & 0x0002 != 0;
        covered[k] = flags & 0x0020 != 0 && flags & 0x0040 == 0;
    }
    Some(RowDef {
        boundaries,
        merged,
        covered,
    })
}

/// The paragraph runs of the FKPs: by their first file offset, each with
/// the offset where it ends and its properties (style not yet applied).
#[derive(Debug, Default)]
pub struct ParagraphRuns {
    runs: Vec<(u32, u32, Props)>,
}

impl ParagraphRuns {
    /// Reads `PlcBtePapx` (from the table stream) and the pages it names.
    pub fn read(plc: &[u8], word: &[u8]) -> ParagraphRuns {
        // n + 1 file offsets, then n 4-byte page numbers.
        let n = plc.len().saturating_sub(4) / 8;
        let mut pages = Vec::with_capacity(n);
        for k in 0..n {
            if let Some(pn) = read_u32(plc, (n + 1) * 4 + k * 4) {
                pages.push(pn & 0x003F_FFFF);
            }
        }
        pages.sort_unstable();
        pages.dedup();
        let mut runs = Vec::new();
        for pn in pages {
            let start = pn as usize * 512;
            if let Some(page) = word.get(start..start + 512) {
                read_page(page, &mut runs);
            }
        }
        runs.sort_by_key(|run| run.0);
        ParagraphRuns { runs }
    }

    /// The properties of the paragraph whose mark is at file offset `fc`.
    pub fn at(&self, fc: u32) -> Option<&Props> {
        let k = self
            .runs
            .partition_point(|run| run.0 <= fc)
            .checked_sub(1)?;
        let (_, end, props) = &self.runs[k];
        (fc < *end).then_some(props)
    }
}

/// A `PapxFkp` page: `crun` at its last byte, `crun + 1` file offsets,
/// then `crun` 13-byte `BxPap`s whose first byte is the word offset of
/// the run's `PapxInFkp`.
fn read_page(page: &[u8], runs: &mut Vec<(u32, u32, Props)>) {
    let crun = usize::from(page[511]).min(29);
    for k in 0..crun {
        let (Some(start), Some(end)) = (read_u32(page, k * 4), read_u32(page, k * 4 + 4)) else {
            continue;
        };
        let bx = (crun + 1) * 4 + k * 13;
        let offset = usize::from(page.get(bx).copied().unwrap_or(0)) * 2;
        let mut props = Props::default();
        if offset != 0 {
            if let Some(grpprl_and_istd) = papx_in_fkp(page, offset) {
                props.istd = read_u16(grpprl_and_istd, 0).unwrap_or(0);
                props.apply(grpprl_and_istd.get(2..).unwrap_or_default());
            }
        }
        runs.push((start, end, props));
    }
}

/// `PapxInFkp`: a count `cb`; when it is 0, a second count; the
/// `GrpPrlAndIstd` is `2 × cb − 1` or `2 × cb'` bytes.
fn papx_in_fkp(page: &[u8], offset: usize) -> Option<&[u8]> {
    let cb = usize::from(*page.get(offset)?);
    let (start, len) = if cb == 0 {
        (offset + 2, usize::from(*page.get(offset + 1)?) * 2)
    } else {
        (offset + 1, cb * 2 - 1)
    };
    page.get(start..(start + len).min(page.len()))
}

/// The paragraph styles' list properties (`sprmPIlfo`, `sprmPIlvl`), by
/// style index, with their base styles applied.
#[derive(Debug, Default)]
pub struct Styles {
    lists: HashMap<u16, (Option<u16>, Option<u8>)>,
}

impl Styles {
    /// Reads the `STSH`: `cbStshi` and the `Stshi`, then `cstd`
    /// length-prefixed `STD`s.
    pub fn read(stsh: &[u8]) -> Styles {
        let mut own = Vec::new();
        let Some(cb_stshi) = read_u16(stsh, 0).map(usize::from) else {
            return Styles::default();
        };
        let cstd = usize::from(read_u16(stsh, 2).unwrap_or(0));
        let base_size = usize::from(read_u16(stsh, 4).unwrap_or(10));
        let mut at = 2 + cb_stshi;
        for istd in 0..cstd {
            let Some(cb) = read_u16(stsh, at).map(usize::from) else {
                break;
            };
            let std = stsh
                .get(at + 2..(at + 2 + cb).min(stsh.len()))
                .unwrap_or_default();
            at += 2 + cb;
            if let Some(style) = style(std, base_size) {
                own.push((istd as u16, style));
            }
        }
        let by_istd: HashMap<u16, (u16, Props)> = own.into_iter().collect();
        let mut lists = HashMap::new();
        for (&istd, _) in by_istd.iter() {
            let mut ilfo = None;
            let mut ilvl = None;
            let mut current = istd;
            for _ in 0..MAX_STYLE_DEPTH {
                let Some((base, props)) = by_istd.get(&current) else {
                    break;
                };
                ilfo = ilfo.or(props.ilfo);
                ilvl = ilvl.or(props.ilvl);
                if *base == 0x0FFF || *base == current {
                    break;
                }
                current = *base;
            }
            if ilfo.is_some() || ilvl.is_some() {
                lists.insert(istd, (ilfo, ilvl));
            }
        }
        Styles { lists }
    }

    /// A style's list (`ilfo`) and level, through its base styles.
    pub fn list(&self, istd: u16) -> (Option<u16>, Option<u8>) {
        self.lists.get(&istd).copied().unwrap_or_default()
    }
}

/// A paragraph style's base style and own properties: `StdfBase` (`stk`
/// in the low 4 bits of its second word, `istdBase` in the high 12), the
/// name (`xstzName`), then, 2-byte aligned, `LPUpxPapx`.
fn style(std: &[u8], base_size: usize) -> Option<(u16, Props)> {
    let word = read_u16(std, 2)?;
    if word & 0x000F != 1 {
        return None;
    }
    let base = word >> 4;
    let name_chars = usize::from(read_u16(std, base_size)?);
    let mut at = base_size + 2 + name_chars * 2 + 2;
    at += at % 2;
    let cb_upx = usize::from(read_u16(std, at)?);
    let upx = std.get(at + 2..at + 2 + cb_upx)?;
    let mut props = Props::default();
    props.apply(upx.get(2..).unwrap_or_default());
    Some((base, props))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprms_of_every_size() {
        let grpprl = [
            0x16, 0x24, 0x01, // sprmPFInTable 1
            0x49, 0x66, 0x02, 0, 0, 0, // sprmPItap 2
            0x0B, 0x46, 0x03, 0x00, // sprmPIlfo 3
            0x2B, 0xD6, 0x02, 0x01, 0x01, // sprmTVertMerge (no row yet)
        ];
        let mut props = Props::default();
        props.apply(&grpprl);
        assert!(props.in_table);
        assert_eq!(props.depth, 2);
        assert_eq!(props.ilfo, Some(3));
        // A sprm cut off ends the walk.
        assert_eq!(sprms(&[0x0B, 0x46, 0x03]).count(), 0);
    }

    #[test]
    fn table_definitions() {
        // Two cells: the second continues a cell merged down.
        let mut operand = vec![2u8];
        for b in [0i16, 1000, 2000] {
            operand.extend_from_slice(&b.to_le_bytes());
        }
        let mut tc = [0u8; 20];
        operand.extend_from_slice(&tc);
        tc[0] = 0x20;
        operand.extend_from_slice(&tc);
        let mut grpprl = vec![0x08, 0xD6];
        grpprl.extend_from_slice(&(operand.len() as u16 + 1).to_le_bytes());
        grpprl.extend_from_slice(&operand);
        grpprl.extend_from_slice(&[0x17, 0x24, 0x01]);
        let mut props = Props::default();
        props.apply(&grpprl);
        assert!(props.row_end);
        let row = props.row.unwrap();
        assert_eq!(row.boundaries, vec![0, 1000, 2000]);
        assert_eq!(row.covered, vec![false, true]);
        assert_eq!(row.merged, vec![false, false]);
    }

    /// A paragraph style (`stk` 1) based on `base`, named 「A」, with a
    /// paragraph `grpprl`.
    fn std(base: u16, grpprl: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; 10];
        out[2..4].copy_from_slice(&(1 | base << 4).to_le_bytes());
        out.extend_from_slice(&[1, 0, b'A', 0, 0, 0]);
        out.extend_from_slice(&(2 + grpprl.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(grpprl);
        let mut lp = (out.len() as u16).to_le_bytes().to_vec();
        lp.extend(out);
        lp
    }

    #[test]
    fn list_properties_through_base_styles() {
        let mut stsh = 18u16.to_le_bytes().to_vec();
        let mut stshi = [0u8; 18];
        stshi[0] = 3; // cstd
        stshi[2] = 10; // cbSTDBaseInFile
        stsh.extend_from_slice(&stshi);
        // 0: list 2, level 1; 1: based on 0, level 0; 2: a loop on itself.
        stsh.extend(std(0x0FFF, &[0x0B, 0x46, 0x02, 0x00, 0x0A, 0x26, 0x01]));
        stsh.extend(std(0, &[0x0A, 0x26, 0x00]));
        stsh.extend(std(2, &[]));
        let styles = Styles::read(&stsh);
        assert_eq!(styles.list(0), (Some(2), Some(1)));
        assert_eq!(styles.list(1), (Some(2), Some(0)));
        assert_eq!(styles.list(2), (None, None));
        assert_eq!(styles.list(9), (None, None));
        assert!(Styles::read(&[1]).lists.is_empty());
    }

    #[test]
    fn paragraph_runs_from_a_page() {
        let mut word = vec![0u8; 1024];
        let page = &mut word[512..];
        // Two runs: 100..200 without properties, 200..300 in a table.
        for (k, fc) in [100u32, 200, 300].iter().enumerate() {
            page[k * 4..k * 4 + 4].copy_from_slice(&fc.to_le_bytes());
        }
        page[12 + 13] = 100; // the second run's PapxInFkp at byte 200
        page[200] = 3; // 2 × 3 − 1 = 5 bytes: istd 7, sprmPFInTable 1
        page[201..206].copy_from_slice(&[7, 0, 0x16, 0x24, 0x01]);
        page[511] = 2;
        let mut plc = Vec::new();
        for v in [100u32, 300, 1] {
            plc.extend_from_slice(&v.to_le_bytes());
        }
        let runs = ParagraphRuns::read(&plc, &word);
        assert_eq!(runs.at(150), Some(&Props::default()));
        let props = runs.at(299).unwrap();
        assert!(props.in_table);
        assert_eq!(props.istd, 7);
        assert_eq!(runs.at(300), None);
        assert_eq!(runs.at(50), None);
    }
}
