//! The File Information Block and the piece table of a Word 97–2003
//! document ([MS-DOC] 2.5 and 2.8.35): where the main text is, in which
//! stream its tables live, and which bytes of the `WordDocument` stream
//! hold which characters.

use super::{corrupt, read_u16, read_u32};
use crate::input::docx::DocxError;

/// `wIdent` of a Word document's FIB.
const W_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 95 (Word 6 wrote 101): their FIB is laid out otherwise.
const OLDEST_BEFORE_97: u16 = 104;
/// `fEncrypted` and `fObfuscated` in the FIB's flags.
const F_ENCRYPTED: u16 = 0x0100;
const F_OBFUSCATED: u16 = 0x8000;
/// `fWhichTblStm`: the table stream is `1Table` (else `0Table`).
const F_WHICH_TABLE_STREAM: u16 = 0x0200;

/// Where `FibRgFcLcb97` starts: the 32-byte `FibBase`, then `csw` and
/// `fibRgW`, `cslw` and `fibRgLw`, `cbRgFcLcb`; read from the counts.
const FIB_BASE: usize = 32;

/// The indexes of the `fc`/`lcb` pairs rl-lint reads in `FibRgFcLcb97`.
pub const STSHF: usize = 1;
pub const PLCF_BTE_PAPX: usize = 13;
pub const CLX: usize = 33;
pub const PLF_LST: usize = 73;
pub const PLF_LFO: usize = 74;

/// What the FIB says.
#[derive(Debug, Clone)]
pub struct Fib {
    pub encrypted: bool,
    /// `1Table` rather than `0Table`.
    pub table_1: bool,
    /// Characters of the main document (`ccpText`).
    pub ccp_text: u32,
    /// The `fc`/`lcb` pairs of `FibRgFcLcb97` (missing ones are (0, 0)).
    fc_lcb: Vec<(u32, u32)>,
}

impl Fib {
    pub fn read(word: &[u8]) -> Result<Fib, DocxError> {
        let ident = read_u16(word, 0).ok_or_else(|| corrupt("the WordDocument stream is empty"))?;
        if ident != W_IDENT {
            return Err(corrupt(
                "the WordDocument stream does not start with a Word file information block",
            ));
        }
        let n_fib = read_u16(word, 2).ok_or_else(|| corrupt("the FIB is cut off"))?;
        if n_fib <= OLDEST_BEFORE_97 {
            return Err(corrupt(
                "it was saved by Word 6 or Word 95 (older than Word 97), whose format rl-lint does not read",
            ));
        }
        let flags = read_u16(word, 0x0A).ok_or_else(|| corrupt("the FIB is cut off"))?;
        let encrypted = flags & (F_ENCRYPTED | F_OBFUSCATED) != 0;
        let mut at = FIB_BASE;
        let csw = usize::from(read_u16(word, at).ok_or_else(|| corrupt("the FIB is cut off"))?);
        at += 2 + csw * 2;
        let cslw = usize::from(read_u16(word, at).ok_or_else(|| corrupt("the FIB is cut off"))?);
        let rg_lw = at + 2;
        // ccpText is the fourth 32-bit value of fibRgLw.
        let ccp_text = if cslw > 3 {
            read_u32(word, rg_lw + 12).ok_or_else(|| corrupt("the FIB is cut off"))?
        } else {
            return Err(corrupt("the FIB does not say how long the text is"));
        };
        at = rg_lw + cslw * 4;
        let pairs = usize::from(read_u16(word, at).ok_or_else(|| corrupt("the FIB is cut off"))?);
        at += 2;
        let mut fc_lcb = Vec::with_capacity(pairs.min(PLF_LFO + 1));
        for k in 0..pairs.min(PLF_LFO + 1) {
            let fc = read_u32(word, at + k * 8);
            let lcb = read_u32(word, at + k * 8 + 4);
            match (fc, lcb) {
                (Some(fc), Some(lcb)) => fc_lcb.push((fc, lcb)),
                _ => break,
            }
        }
        Ok(Fib {
            encrypted,
            table_1: flags & F_WHICH_TABLE_STREAM != 0,
            ccp_text,
            fc_lcb,
        })
    }

    /// The bytes of the table stream that a pair of `FibRgFcLcb97` points
    /// at: `None` when the pair is absent or empty, an error when it
    /// points outside the stream.
    pub fn part<'t>(&self, table: &'t [u8], index: usize) -> Result<Option<&'t [u8]>, DocxError> {
        let Some(&(fc, lcb)) = self.fc_lcb.get(index) else {
            return Ok(None);
        };
        if lcb == 0 {
            return Ok(None);
        }
        let start = fc as usize;
        let end = start.saturating_add(lcb as usize);
        table
            .get(start..end)
            .map(Some)
            .ok_or_else(|| corrupt("the FIB points outside the table stream"))
    }

    /// The bytes of the table stream from where a pair points to the end
    /// (the list levels follow `PlfLst` without being counted in it).
    pub fn from_part<'t>(&self, table: &'t [u8], index: usize) -> Option<&'t [u8]> {
        let &(fc, lcb) = self.fc_lcb.get(index)?;
        if lcb == 0 {
            return None;
        }
        table.get(fc as usize..)
    }
}

/// A run of characters stored together: character positions
/// `cp_start..cp_end` of the text are at byte `fc` of the `WordDocument`
/// stream, one byte each (`compressed`, Windows-1252) or two (UTF-16LE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub cp_start: u32,
    pub cp_end: u32,
    pub fc: u32,
    pub compressed: bool,
}

impl Piece {
    /// Bytes per character.
    pub fn width(&self) -> u32 {
        if self.compressed {
            1
        } else {
            2
        }
    }
}

/// The piece table of the `Clx`: the `Prc`s (property modifiers, skipped)
/// then the `Pcdt`. Pieces past the main text are left out, and every
/// piece must lie inside the `WordDocument` stream of `word_len` bytes.
pub fn pieces(clx: &[u8], ccp_text: u32, word_len: usize) -> Result<Vec<Piece>, DocxError> {
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(0x01) => {
                let size = read_u16(clx, at + 1).ok_or_else(|| corrupt("the Clx is cut off"))?;
                at += 3 + usize::from(size);
            }
            Some(0x02) => break,
            _ => return Err(corrupt("the Clx has no piece table")),
        }
    }
    let lcb = read_u32(clx, at + 1).ok_or_else(|| corrupt("the Clx is cut off"))? as usize;
    let plc = clx
        .get(at + 5..at + 5 + lcb.min(clx.len()))
        .filter(|plc| plc.len() == lcb)
        .ok_or_else(|| corrupt("the piece table is cut off"))?;
    // n + 1 character positions, then n 8-byte piece descriptors.
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(corrupt("the piece table has a wrong size"));
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::new();
    let mut previous = 0u32;
    for k in 0..n {
        let cp_start = read_u32(plc, k * 4).unwrap_or(0);
        let cp_end = read_u32(plc, k * 4 + 4).unwrap_or(0);
        if cp_end < cp_start || cp_start < previous {
            return Err(corrupt("the piece table is out of order"));
        }
        previous = cp_end;
        let descriptor = (n + 1) * 4 + k * 8;
        let raw = read_u32(plc, descriptor + 2).unwrap_or(0);
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        let fc = if compressed { fc / 2 } else { fc };
        if cp_start >= ccp_text {
            break;
        }
        let piece = Piece {
            cp_start,
            cp_end: cp_end.min(ccp_text),
            fc,
            compressed,
        };
        let bytes = u64::from(piece.cp_end - piece.cp_start) * u64::from(piece.width());
        if u64::from(fc) + bytes > word_len as u64 {
            return Err(corrupt(
                "a piece of the text lies outside the WordDocument stream",
            ));
        }
        out.push(piece);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clx(pieces: &[(u32, u32, u32)]) -> Vec<u8> {
        let mut plc = Vec::new();
        for &(cp, _, _) in pieces {
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        plc.extend_from_slice(&pieces.last().map_or(0, |p| p.1).to_le_bytes());
        for &(_, _, raw) in pieces {
            plc.extend_from_slice(&[0, 0]);
            plc.extend_from_slice(&raw.to_le_bytes());
            plc.extend_from_slice(&[0, 0]);
        }
        let mut out = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        out.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        out.extend_from_slice(&plc);
        out
    }

    #[test]
    fn pieces_of_both_widths() {
        let bytes = clx(&[(0, 4, 0x4000_0000 | 200), (4, 10, 300)]);
        let pieces = pieces(&bytes, 8, 1000).unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece {
                    cp_start: 0,
                    cp_end: 4,
                    fc: 100,
                    compressed: true
                },
                Piece {
                    cp_start: 4,
                    cp_end: 8,
                    fc: 300,
                    compressed: false
                },
            ]
        );
    }

    #[test]
    fn word_95_is_refused() {
        let mut fib = vec![0u8; 64];
        fib[0..2].copy_from_slice(&W_IDENT.to_le_bytes());
        fib[2..4].copy_from_slice(&104u16.to_le_bytes());
        let err = Fib::read(&fib).unwrap_err();
        assert!(err.to_string().contains("Word 95"), "{err}");
    }

    #[test]
    fn bad_piece_tables() {
        assert!(pieces(&[0x03], 1, 10).is_err());
        assert!(pieces(&clx(&[(0, 4, 900)]), 4, 905).is_err());
        assert!(pieces(&clx(&[(4, 2, 0)]), 4, 100).is_err());
        let mut cut = clx(&[(0, 4, 0)]);
        cut.truncate(cut.len() - 3);
        assert!(pieces(&cut, 4, 100).is_err());
    }
}
