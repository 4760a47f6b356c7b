//! A compact binary form of a built [`Matcher`]: the claims and their index.
//!
//! The bundled database's index is built once, at build time (`build.rs`),
//! and the wasm reads it back at start-up instead of tokenising every claim
//! and parsing JSON: start-up is the time a reader waits for the widget.
//! The format is private to one build (the same code writes and reads it):
//! LEB128 integers, little-endian floats, length-prefixed strings and lists.

use crate::claims::{Claim, ClaimKind, Source, Verdict};

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    /// A variable-length integer (LEB128): ids and lengths are mostly
    /// small, and this keeps the bundled index small in the wasm.
    pub fn u32(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }
    pub fn f32(&mut self, v: f32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn count(&mut self, n: usize) {
        self.u32(n as u32);
    }
    pub fn str(&mut self, s: &str) {
        self.count(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.bytes.push(1);
                self.str(s);
            }
            None => self.bytes.push(0),
        }
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.count(v.len());
        for &x in v {
            self.u32(x);
        }
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.count(v.len());
        for &x in v {
            self.f32(x);
        }
    }

    /// One claim, every field.
    pub fn claim(&mut self, c: &Claim) {
        self.str(&c.id);
        self.opt_str(c.quote.as_deref());
        self.str(&c.claim_reviewed);
        self.bytes.push(
            Verdict::ALL
                .iter()
                .position(|v| *v == c.verdict)
                .unwrap_or(0) as u8,
        );
        self.str(&c.verdict_label);
        self.str(&c.context);
        self.count(c.sources.len());
        for s in &c.sources {
            for f in [&s.title, &s.publisher, &s.url, &s.date] {
                self.str(f);
            }
        }
        self.bytes.push(match c.kind {
            None => 0,
            Some(ClaimKind::Statistic) => 1,
            Some(ClaimKind::Event) => 2,
            Some(ClaimKind::Attribution) => 3,
            Some(ClaimKind::Opinion) => 4,
        });
        self.count(c.variants.len());
        for v in &c.variants {
            self.str(v);
        }
        self.str(&c.reviewed_by);
        self.str(&c.review_date);
        for f in [
            &c.review_url,
            &c.claim_author,
            &c.claim_date,
            &c.appearance_url,
        ] {
            self.opt_str(f.as_deref());
        }
    }
}

/// Reads values back; every read is bounds-checked and a short or
/// malformed buffer gives `None`, never a panic.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    pub fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        // A length can never exceed what is left: refuse before allocating.
        (n <= self.bytes.len() - self.at).then_some(n)
    }
    pub fn str(&mut self) -> Option<String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    pub fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.count()?;
        (0..n).map(|_| self.u32()).collect()
    }
    pub fn f32s(&mut self) -> Option<Vec<f32>> {
        let n = self.count()?;
        (0..n).map(|_| self.f32()).collect()
    }
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// One claim, as [`Writer::claim`] wrote it.
    pub fn claim(&mut self) -> Option<Claim> {
        let id = self.str()?;
        let quote = self.opt_str()?;
        let claim_reviewed = self.str()?;
        let verdict = *Verdict::ALL.get(self.u8()? as usize)?;
        let verdict_label = self.str()?;
        let context = self.str()?;
        let n = self.count()?;
        let mut sources = Vec::with_capacity(n);
        for _ in 0..n {
            sources.push(Source {
                title: self.str()?,
                publisher: self.str()?,
                url: self.str()?,
                date: self.str()?,
            });
        }
        let kind = match self.u8()? {
            0 => None,
            1 => Some(ClaimKind::Statistic),
            2 => Some(ClaimKind::Event),
            3 => Some(ClaimKind::Attribution),
            4 => Some(ClaimKind::Opinion),
            _ => return None,
        };
        let n = self.count()?;
        let variants = (0..n).map(|_| self.str()).collect::<Option<Vec<_>>>()?;
        Some(Claim {
            id,
            quote,
            claim_reviewed,
            verdict,
            verdict_label,
            context,
            sources,
            kind,
            variants,
            reviewed_by: self.str()?,
            review_date: self.str()?,
            review_url: self.opt_str()?,
            claim_author: self.opt_str()?,
            claim_date: self.opt_str()?,
            appearance_url: self.opt_str()?,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::matcher::Matcher;

    #[test]
    fn a_packed_matcher_reads_back_and_matches_alike() {
        let built = Matcher::new(crate::bundled_claims());
        let bytes = built.to_packed();
        let read = Matcher::from_packed(&bytes).expect("reads back");
        assert_eq!(read.claims(), built.claims());
        assert_eq!(read.to_packed(), bytes, "the same bytes again");
        for text in [
            "Since the Singapore summit, the regime has built another estimated six nuclear weapons",
            "Pyongyang still ignores nearly a dozen UN Security Council resolutions",
            "the regime",
            "Sinse the Singapore sumit, the regime has bilt another estimated six nuclaer weapons",
        ] {
            assert_eq!(read.find(text), built.find(text), "{text}");
        }
    }

    #[test]
    fn damaged_bytes_are_refused_not_trusted() {
        let bytes = Matcher::new(crate::bundled_claims()).to_packed();
        assert!(
            Matcher::from_packed(&bytes[..bytes.len() - 1]).is_none(),
            "truncated"
        );
        assert!(Matcher::from_packed(&bytes[1..]).is_none(), "no magic");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Matcher::from_packed(&longer).is_none(), "trailing bytes");
        // Every single-byte change either reads as some matcher or is refused: never a panic.
        for i in (0..bytes.len()).step_by(97) {
            let mut b = bytes.clone();
            b[i] ^= 0xA5;
            let _ = Matcher::from_packed(&b);
        }
    }
}
