//! The packed binary form of an index: what the build writes for the
//! bundled database, `claimlens pack` writes for any other, and the widget
//! reads without parsing JSON or tokenising a word.
//!
//! Each type's form is described once: [`packed!`] lists a struct's fields
//! in order, and the same list drives the writer and the reader. Integers
//! are LEB128 (ids and lengths are mostly small), floats little-endian,
//! strings and lists length-prefixed. Reading checks every length against
//! what is left and never panics: bad bytes give `None`.
//!
//! The hand-written encoding is kept over postcard because postcard goes
//! through serde, whose generated code would be the only serde in the wasm.

use crate::model::{ClaimKind, Verdict};

/// A value with a packed form.
pub trait Pack: Sized {
    /// Appends the value's bytes.
    fn pack(&self, out: &mut Vec<u8>);
    /// Reads a value back, or `None` if the bytes are not one.
    fn unpack(r: &mut Reader) -> Option<Self>;
}

/// Describes a struct's packed form by listing its fields in order.
#[macro_export]
macro_rules! packed {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl $crate::pack::Pack for $ty {
            fn pack(&self, out: &mut Vec<u8>) {
                $( $crate::pack::Pack::pack(&self.$field, out); )*
            }
            fn unpack(r: &mut $crate::pack::Reader) -> Option<Self> {
                Some($ty { $( $field: $crate::pack::Pack::unpack(r)?, )* })
            }
        }
    };
}

/// `magic` followed by `value`'s packed bytes.
pub fn to_bytes<T: Pack>(magic: &[u8], value: &T) -> Vec<u8> {
    let mut out = magic.to_vec();
    value.pack(&mut out);
    out
}

/// Reads a value written by [`to_bytes`] with the same `magic`: all of
/// the bytes, or `None`.
pub fn from_bytes<T: Pack>(magic: &[u8], bytes: &[u8]) -> Option<T> {
    let mut r = Reader {
        bytes: bytes.strip_prefix(magic)?,
        at: 0,
    };
    let v = T::unpack(&mut r)?;
    (r.at == r.bytes.len()).then_some(v)
}

/// A cursor over packed bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A cursor at `at` in `bytes` (to go on reading where a reader
    /// stopped: see [`Reader::position`]).
    pub fn resume(bytes: &'a [u8], at: usize) -> Reader<'a> {
        Reader { bytes, at }
    }

    /// How far the reader has read.
    pub fn position(&self) -> usize {
        self.at
    }

    /// True when every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The length of a list about to be read item by item (as
    /// `Vec::unpack` reads it).
    pub fn list_len(&mut self) -> Option<usize> {
        self.len()
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    /// A length, which can never exceed the bytes left: refused before
    /// anything is allocated.
    fn len(&mut self) -> Option<usize> {
        let n = u32::unpack(self)? as usize;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
}

impl Pack for u8 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn unpack(r: &mut Reader) -> Option<u8> {
        Some(r.take(1)?[0])
    }
}

impl Pack for bool {
    fn pack(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn unpack(r: &mut Reader) -> Option<bool> {
        match u8::unpack(r)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Pack for u32 {
    fn pack(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn unpack(r: &mut Reader) -> Option<u32> {
        // The hottest read of a packed index (every term id, every length):
        // straight off the slice, five bytes at most.
        let rest = r.bytes.get(r.at..)?;
        let mut v: u32 = 0;
        for (i, &b) in rest.iter().take(5).enumerate() {
            v |= u32::from(b & 0x7F).checked_shl(7 * i as u32)?;
            if b & 0x80 == 0 {
                r.at += i + 1;
                return Some(v);
            }
        }
        None
    }
}

impl Pack for f32 {
    fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn unpack(r: &mut Reader) -> Option<f32> {
        Some(f32::from_le_bytes(r.take(4)?.try_into().ok()?))
    }
}

impl Pack for String {
    fn pack(&self, out: &mut Vec<u8>) {
        (self.len() as u32).pack(out);
        out.extend_from_slice(self.as_bytes());
    }
    fn unpack(r: &mut Reader) -> Option<String> {
        let n = r.len()?;
        String::from_utf8(r.take(n)?.to_vec()).ok()
    }
}

impl<T: Pack> Pack for Option<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => {
                out.push(1);
                v.pack(out);
            }
            None => out.push(0),
        }
    }
    fn unpack(r: &mut Reader) -> Option<Option<T>> {
        match u8::unpack(r)? {
            0 => Some(None),
            1 => Some(Some(T::unpack(r)?)),
            _ => None,
        }
    }
}

impl<T: Pack> Pack for Vec<T> {
    fn pack(&self, out: &mut Vec<u8>) {
        (self.len() as u32).pack(out);
        for v in self {
            v.pack(out);
        }
    }
    fn unpack(r: &mut Reader) -> Option<Vec<T>> {
        // Every element takes at least one byte, so the count is bounded
        // by the bytes left.
        let n = r.len()?;
        // Reserved up front, but never much: damaged bytes can claim a
        // long list of large items.
        let mut items = Vec::with_capacity(n.min(1 << 10));
        for _ in 0..n {
            items.push(T::unpack(r)?);
        }
        Some(items)
    }
}

impl Pack for Verdict {
    fn pack(&self, out: &mut Vec<u8>) {
        self.code().pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Verdict> {
        Verdict::from_code(u8::unpack(r)?)
    }
}

impl Pack for ClaimKind {
    fn pack(&self, out: &mut Vec<u8>) {
        (*self as u8).pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<ClaimKind> {
        ClaimKind::ALL.get(usize::from(u8::unpack(r)?)).copied()
    }
}

impl Pack for EntityKind {
    fn pack(&self, out: &mut Vec<u8>) {
        (*self as u8).pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<EntityKind> {
        EntityKind::ALL.get(usize::from(u8::unpack(r)?)).copied()
    }
}

use crate::model::{Claim, Entity, EntityKind, Source};

packed!(Source { title, publisher, url, date });
packed!(Entity { id, name, aliases, references, affiliations, kind });
packed!(Claim {
    id,
    quote,
    claim_reviewed,
    verdict,
    verdict_label,
    context,
    sources,
    kind,
    variants,
    reviewed_by,
    review_date,
    review_url,
    claim_author,
    claim_date,
    appearance_url,
    about,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Sample {
        n: u32,
        s: String,
        o: Option<String>,
        v: Vec<f32>,
        k: Option<ClaimKind>,
    }
    packed!(Sample { n, s, o, v, k });

    #[test]
    fn a_value_reads_back_and_damage_is_refused() {
        let sample = Sample {
            n: 300_000,
            s: "héllo".into(),
            o: None,
            v: vec![1.5, -2.0],
            k: Some(ClaimKind::Opinion),
        };
        let bytes = to_bytes(b"T1", &sample);
        assert_eq!(from_bytes::<Sample>(b"T1", &bytes), Some(sample));
        assert_eq!(from_bytes::<Sample>(b"T2", &bytes), None, "another magic");
        assert_eq!(from_bytes::<Sample>(b"T1", &bytes[..bytes.len() - 1]), None, "short");
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(from_bytes::<Sample>(b"T1", &longer), None, "trailing bytes");
        // A huge length is refused before anything is allocated.
        let mut huge = b"T1".to_vec();
        u32::MAX.pack(&mut huge);
        assert_eq!(from_bytes::<Vec<u8>>(b"T1", &huge), None);
    }
}
