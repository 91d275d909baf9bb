//! Automatic list numbers of a Word 97–2003 document: the lists
//! (`PlfLst`: an `LSTF` per list, then its levels, `LVL`s) and the list
//! instances paragraphs name (`PlfLfo`: `LFO`s, then their level
//! overrides), [MS-DOC] 2.9.147 and 2.9.131. A numbered paragraph gets
//! its number written in front, as a `.docx`'s does.
//!
//! Bounds: a list has at most 9 levels; a level text (`xst`) over
//! [`MAX_LEVEL_TEXT_CHARS`] characters makes no number; numbers are
//! spelt by the `.docx` reader's `format_number` (at most
//! `MAX_NUMBER_CHARS` characters each); counters saturate.

use super::{read_u16, read_u32};
use crate::input::docx::{format_number, MAX_LEVEL_TEXT_CHARS};
use std::collections::{HashMap, HashSet};

const LEVELS: usize = 9;

/// A list level (`LVL`): its start, number format (`nfc`), level text
/// with the levels' placeholders (characters 0 to 8), whether it shows
/// every level in Arabic digits (`fLegal`) and what follows the number.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    start: u32,
    nfc: u8,
    legal: bool,
    text: Vec<u16>,
    /// A tab or a space after the number (`ixchFollow` 0 or 1).
    follow: bool,
}

/// Reads an `LVL` at the start of `bytes`: the 28-byte `LVLF`, its
/// paragraph and character properties, then the `xst`. Returns the level
/// and its size.
fn level(bytes: &[u8]) -> Option<(Level, usize)> {
    let start = read_u32(bytes, 0)?;
    let nfc = *bytes.get(4)?;
    let flags = *bytes.get(5)?;
    let follow = *bytes.get(15)? != 2;
    let chpx = usize::from(*bytes.get(24)?);
    let papx = usize::from(*bytes.get(25)?);
    let xst = 28 + papx + chpx;
    let chars = usize::from(read_u16(bytes, xst)?);
    let text = (0..chars)
        .map(|k| read_u16(bytes, xst + 2 + k * 2))
        .collect::<Option<Vec<u16>>>()?;
    Some((
        Level {
            start: (start as i32).max(0) as u32,
            nfc,
            legal: flags & 0x04 != 0,
            text,
            follow,
        },
        xst + 2 + chars * 2,
    ))
}

/// The name of an `nfc` (`MSONFC`, in the order of `w:numFmt`'s values)
/// in `w:numFmt`'s words, which the `.docx` reader spells; the formats it
/// does not spell are decimal.
fn format_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        5 => "ordinal",
        10 => "ideographDigital",
        11 => "japaneseCounting",
        14 => "decimalFullWidth",
        17 => "japaneseDigitalTenThousand",
        18 => "decimalEnclosedCircle",
        19 => "decimalFullWidth2",
        22 => "decimalZero",
        23 => "bullet",
        28 => "decimalEnclosedCircleChinese",
        30 => "ideographTraditional",
        33 => "taiwaneseCounting",
        // taiwaneseCountingThousand spells numbers as chineseCountingThousand.
        35 | 39 => "chineseCountingThousand",
        36 => "taiwaneseDigital",
        37 => "chineseCounting",
        // ideographLegalTraditional (壹貳參) read in simplified characters.
        34 | 38 => "chineseLegalSimplified",
        0xFF => "none",
        _ => "decimal",
    }
}

/// A list instance's override of a level: the level, its start, and
/// perhaps the whole level.
type Override = (usize, Option<u32>, Option<Level>);

/// The lists and list instances of a document, and the counters of the
/// numbers given so far.
#[derive(Debug, Default)]
pub struct Lists {
    /// Levels by list id (`lsid`).
    lists: HashMap<i32, Vec<Level>>,
    /// By `ilfo − 1`: the list id and the levels it overrides (a start
    /// and perhaps a whole level).
    instances: Vec<(i32, Vec<Override>)>,
    counters: HashMap<i32, [Option<u32>; LEVELS]>,
    used: HashSet<u16>,
}

impl Lists {
    /// Reads `PlfLst` and the levels after it (`lst`, to the end of the
    /// table stream) and `PlfLfo` (`lfo`); what cannot be read is left
    /// out, and its paragraphs have no number.
    pub fn read(lst: Option<&[u8]>, lfo: Option<&[u8]>) -> Lists {
        let mut out = Lists::default();
        if let Some(lst) = lst {
            let count = read_u16(lst, 0).map_or(0, |c| (c as i16).max(0) as usize);
            let mut headers = Vec::new();
            for k in 0..count {
                let at = 2 + k * 28;
                let (Some(lsid), Some(flags)) = (read_u32(lst, at), lst.get(at + 26)) else {
                    break;
                };
                let levels = if flags & 0x01 != 0 { 1 } else { LEVELS };
                headers.push((lsid as i32, levels));
            }
            let mut at = 2 + headers.len() * 28;
            'lists: for (lsid, count) in headers {
                let mut levels = Vec::with_capacity(count);
                for _ in 0..count {
                    let Some((level, size)) = lst.get(at..).and_then(level) else {
                        break 'lists;
                    };
                    at += size;
                    levels.push(level);
                }
                out.lists.insert(lsid, levels);
            }
        }
        if let Some(lfo) = lfo {
            let count = read_u32(lfo, 0).unwrap_or(0) as usize;
            let mut heads = Vec::new();
            for k in 0..count {
                let at = 4 + k * 16;
                let (Some(lsid), Some(&overrides)) = (read_u32(lfo, at), lfo.get(at + 12)) else {
                    break;
                };
                heads.push((lsid as i32, usize::from(overrides)));
            }
            // Then, per LFO, an LFOData: a 4-byte cp and its LFOLVLs.
            let mut at = 4 + heads.len() * 16;
            let mut broken = false;
            for (lsid, overrides) in heads {
                let mut levels = Vec::new();
                if !broken {
                    at += 4;
                    for _ in 0..overrides {
                        let (Some(start), Some(flags)) = (read_u32(lfo, at), read_u32(lfo, at + 4))
                        else {
                            broken = true;
                            break;
                        };
                        at += 8;
                        let ilvl = (flags & 0x0F) as usize;
                        let start = (flags & 0x10 != 0).then_some((start as i32).max(0) as u32);
                        let formatting = if flags & 0x20 != 0 {
                            match lfo.get(at..).and_then(level) {
                                Some((level, size)) => {
                                    at += size;
                                    Some(level)
                                }
                                None => {
                                    broken = true;
                                    break;
                                }
                            }
                        } else {
                            None
                        };
                        if ilvl < LEVELS {
                            levels.push((ilvl, start, formatting));
                        }
                    }
                }
                out.instances.push((lsid, levels));
            }
        }
        out
    }

    /// Advances the counters for a paragraph of list instance `ilfo`
    /// (1-based) at level `ilvl`, and returns its number as Word shows
    /// it, with a space after it when Word puts a tab or a space there.
    pub fn next(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let Lists {
            lists,
            instances,
            counters,
            used,
        } = self;
        let index = usize::from(ilfo).checked_sub(1)?;
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let (lsid, overrides) = instances.get(index)?;
        let level = |l: usize| -> Option<&Level> {
            overrides
                .iter()
                .find_map(|(o, _, level)| (*o == l).then_some(level.as_ref()).flatten())
                .or_else(|| lists.get(lsid)?.get(l))
        };
        let definition = level(ilvl)?;
        let start = |l: usize| -> u32 {
            overrides
                .iter()
                .find_map(|(o, start, _)| (*o == l).then_some(*start).flatten())
                .or_else(|| level(l).map(|d| d.start))
                .unwrap_or(1)
        };
        let counters = counters.entry(*lsid).or_default();
        if used.insert(ilfo) {
            for (l, start, _) in overrides {
                if start.is_some() {
                    if let Some(slot) = counters.get_mut(*l) {
                        *slot = None;
                    }
                }
            }
        }
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start(ilvl),
        });
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        if matches!(definition.nfc, 23 | 0xFF) || definition.text.len() > MAX_LEVEL_TEXT_CHARS {
            return None;
        }
        let mut text = String::new();
        for unit in char::decode_utf16(definition.text.iter().copied()) {
            let unit = unit.unwrap_or(char::REPLACEMENT_CHARACTER);
            let l = unit as usize;
            if l < LEVELS {
                let value = counters[l].unwrap_or_else(|| start(l));
                let format = match level(l) {
                    Some(_) if definition.legal => "decimal",
                    Some(d) => format_name(d.nfc),
                    None => "decimal",
                };
                text.push_str(&format_number(value, format));
            } else {
                text.push(unit);
            }
        }
        if text.is_empty() {
            return None;
        }
        if definition.follow {
            text.push(' ');
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lvl(start: u32, nfc: u8, text: &[u16], follow: u8) -> Vec<u8> {
        let mut out = vec![0u8; 28];
        out[0..4].copy_from_slice(&start.to_le_bytes());
        out[4] = nfc;
        out[15] = follow;
        out.extend_from_slice(&(text.len() as u16).to_le_bytes());
        for unit in text {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16()
            .map(|u| match u {
                0x30..=0x38 => u - 0x30,
                u => u,
            })
            .collect()
    }

    fn lists() -> Lists {
        // One list (lsid 7) of nine levels: 一、 （一） 1. then decimals.
        let mut lst = 1u16.to_le_bytes().to_vec();
        let mut lstf = vec![0u8; 28];
        lstf[0..4].copy_from_slice(&7u32.to_le_bytes());
        lst.extend_from_slice(&lstf);
        lst.extend(lvl(1, 37, &units("0、"), 2));
        lst.extend(lvl(1, 39, &units("（1）"), 2));
        lst.extend(lvl(1, 0, &units("2."), 0));
        for _ in 3..LEVELS {
            lst.extend(lvl(1, 0, &units("3."), 0));
        }
        // Two instances; the second restarts level 0 at 3.
        let mut lfo = 2u32.to_le_bytes().to_vec();
        let mut one = vec![0u8; 16];
        one[0..4].copy_from_slice(&7u32.to_le_bytes());
        lfo.extend_from_slice(&one);
        one[12] = 1;
        lfo.extend_from_slice(&one);
        lfo.extend_from_slice(&[0; 4]);
        lfo.extend_from_slice(&[0; 4]);
        lfo.extend_from_slice(&3u32.to_le_bytes());
        lfo.extend_from_slice(&0x10u32.to_le_bytes());
        Lists::read(Some(&lst), Some(&lfo))
    }

    #[test]
    fn numbers_as_word_shows_them() {
        let mut lists = lists();
        assert_eq!(lists.next(1, 0).as_deref(), Some("一、"));
        assert_eq!(lists.next(1, 1).as_deref(), Some("（一）"));
        assert_eq!(lists.next(1, 1).as_deref(), Some("（二）"));
        assert_eq!(lists.next(1, 2).as_deref(), Some("1. "));
        assert_eq!(lists.next(1, 0).as_deref(), Some("二、"));
        assert_eq!(lists.next(1, 1).as_deref(), Some("（一）"));
        // The second instance restarts the list at three.
        assert_eq!(lists.next(2, 0).as_deref(), Some("三、"));
        assert_eq!(lists.next(1, 0).as_deref(), Some("四、"));
        // No such instance, or no list at all.
        assert_eq!(lists.next(3, 0), None);
        assert_eq!(lists.next(0, 0), None);
    }

    #[test]
    fn cut_off_lists_make_no_numbers() {
        let mut lists = Lists::read(Some(&[1, 0, 7, 0]), Some(&[9, 0, 0, 0, 1]));
        assert_eq!(lists.next(1, 0), None);
    }
}
