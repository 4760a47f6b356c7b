//! Building the index: every claim text tokenised into term ids, words
//! glued together by scraped markup repaired with the whole database's
//! vocabulary, and the weights and postings derived from them. The index's
//! stored part ([`StoredIndex`]) has a packed binary form ([`crate::pack`]),
//! so a database indexed once (at build time, or by `claimlens pack`) is
//! read back without tokenising anything.

pub use super::builder::IndexBuilder;
use super::meaning::{Expression, Meaning};
use super::Matcher;
use crate::model::{Claim, Entity};
use crate::text::lexicon;
use crate::hash::{FxHashMap as HashMap, FxHashSet};
use crate::pack::{Pack, Reader};

/// One indexed text of a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedText {
    /// The claim it belongs to (index into the claims).
    pub claim: u32,
    /// Its term ids, in text order.
    pub terms: Vec<u32>,
}

crate::packed!(IndexedText { claim, terms });

/// What an index stores; everything else (weights, postings) is derived
/// on reading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredIndex {
    /// The claims, in database order.
    pub claims: Vec<Claim>,
    /// The entities the claims are about.
    pub entities: Vec<Entity>,
    /// The related-word table (empty when built without a thesaurus).
    pub meaning: Meaning,
    /// Every indexed text.
    pub texts: Vec<IndexedText>,
    /// The vocabulary: term `i` has id `i`.
    pub terms: Vec<String>,
}

/// The packed form of a [`StoredIndex`]: the same, except that the
/// related-word table is grouped by the reader's term and points at the
/// vocabulary by id (a third of the table's bytes). Its expressions are
/// stored split ([`Expression`]), so reading them stems nothing, and only
/// when the related words do not already say them: a multiword reader's
/// term ("let_go_of") stands for the expression of its parts, unless an
/// expression with that term is stored ([`derived_phrases`]).
pub(super) struct Packed {
    pub(super) claims: Vec<Claim>,
    pub(super) entities: Vec<Entity>,
    pub(super) related: Vec<RelatedTerm>,
    pub(super) phrases: Vec<Expression>,
    pub(super) texts: Vec<IndexedText>,
    pub(super) terms: Vec<String>,
}

impl Packed {
    /// The packed form's bytes, fields in the order `IndexReading`
    /// (`unpack.rs`) reads them.
    fn write(&self, out: &mut Vec<u8>) {
        self.claims.pack(out);
        self.entities.pack(out);
        self.related.pack(out);
        self.phrases.pack(out);
        self.texts.pack(out);
        self.terms.pack(out);
    }
}

/// The database terms one reader's term may stand for.
#[derive(Debug)]
pub(super) struct RelatedTerm {
    pub(super) term: String,
    /// Term ids, into the vocabulary.
    pub(super) targets: Vec<u32>,
    /// The weight of each, as in [`Related::weight`](super::meaning::Related::weight).
    pub(super) weights: Vec<u8>,
}

/// Packed as its term, then its (target, weight) pairs as one list: one
/// length, not two.
impl Pack for RelatedTerm {
    fn pack(&self, out: &mut Vec<u8>) {
        self.term.pack(out);
        (self.targets.len() as u32).pack(out);
        for (target, weight) in self.targets.iter().zip(&self.weights) {
            target.pack(out);
            weight.pack(out);
        }
    }
    fn unpack(r: &mut Reader) -> Option<RelatedTerm> {
        let term = String::unpack(r)?;
        let n = u32::unpack(r)? as usize;
        let mut targets = Vec::with_capacity(n.min(1024));
        let mut weights = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            targets.push(u32::unpack(r)?);
            weights.push(u8::unpack(r)?);
        }
        Some(RelatedTerm { term, targets, weights })
    }
}

/// The first bytes of a packed index; the number is the format's version.
pub(super) const MAGIC: &[u8] = b"ClaimLens index 7\n";

/// The expressions the packed form leaves out of `phrases` because the
/// related words `related` (their reader's terms) say them, given the
/// expressions it stores: each multiword reader's term with no stored
/// expression of the same term, as [`Expression::of_parts`].
pub(super) fn derived_phrases<'a>(related: impl Iterator<Item = &'a str>, stored: &[Expression]) -> Vec<Expression> {
    // Stored expressions are sorted, so by term.
    let is_stored = |term: &str| stored.binary_search_by(|p| p.term.as_str().cmp(term)).is_ok();
    related
        .filter(|term| term.contains('_') && !is_stored(term))
        .map(Expression::of_parts)
        .collect()
}

impl StoredIndex {
    /// Tokenises every claim text (with the entities' names and the
    /// related-word table's expressions). Cost is linear in the size of the
    /// database.
    pub fn build(claims: Vec<Claim>, entities: Vec<Entity>, meaning: Meaning) -> StoredIndex {
        let mut builder = IndexBuilder::default();
        builder.add_meaning(meaning);
        builder.add(claims, entities);
        builder.finish()
    }

    /// The packed bytes (see [`crate::pack`]). Related words whose target
    /// is not in the vocabulary are left out: no text can use them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let vocab: HashMap<&str, u32> = self.terms.iter().enumerate().map(|(i, t)| (t.as_str(), i as u32)).collect();
        let mut related: Vec<RelatedTerm> = Vec::new();
        for r in &self.meaning.related {
            let Some(&target) = vocab.get(r.target.as_str()) else { continue };
            match related.last_mut() {
                Some(last) if last.term == r.term => {
                    last.targets.push(target);
                    last.weights.push(r.weight);
                }
                _ => related.push(RelatedTerm {
                    term: r.term.clone(),
                    targets: vec![target],
                    weights: vec![r.weight],
                }),
            }
        }
        // An expression is left out when the reader reads it back: its term
        // is a kept reader's term, it is its parts, and no other expression
        // has its term.
        let reader_terms: FxHashSet<&str> = related.iter().map(|r| r.term.as_str()).collect();
        let mut expressions_per_term: HashMap<&str, usize> = HashMap::default();
        for p in &self.meaning.phrases {
            *expressions_per_term.entry(p.term.as_str()).or_default() += 1;
        }
        let said_by_related = |p: &Expression| {
            reader_terms.contains(p.term.as_str())
                && *p == Expression::of_parts(&p.term)
                && expressions_per_term.get(p.term.as_str()) == Some(&1)
        };
        let phrases: Vec<Expression> = self.meaning.phrases.iter().filter(|p| !said_by_related(p)).cloned().collect();
        let packed = Packed {
            claims: self.claims.clone(),
            entities: self.entities.clone(),
            related,
            phrases,
            texts: self.texts.clone(),
            terms: self.terms.clone(),
        };
        let mut out = MAGIC.to_vec();
        packed.write(&mut out);
        out
    }

    /// Reads packed bytes back; `None` when they are not an index of this
    /// version or do not hold together (every id is checked). See
    /// [`IndexReading`](super::unpack::IndexReading) for the same a slice
    /// at a time.
    pub fn from_bytes(bytes: &[u8]) -> Option<StoredIndex> {
        super::unpack::IndexReading::new(bytes.to_vec())?.finish()
    }
}

impl Matcher {
    /// Indexes `claims`, with no entities and no related-word table (see
    /// [`StoredIndex::build`] for both).
    pub fn new(claims: Vec<Claim>) -> Matcher {
        Matcher::from_index(StoredIndex::build(claims, Vec::new(), Meaning::default()))
    }

    /// The index this matcher was built from (a copy).
    pub fn stored(&self) -> StoredIndex {
        StoredIndex {
            claims: self.claims.clone(),
            entities: self.entities.clone(),
            meaning: self.meaning.clone(),
            texts: self.texts.clone(),
            terms: self.terms.clone(),
        }
    }

    /// The index this matcher was built from, packed (see [`StoredIndex`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.stored().to_bytes()
    }

    /// A matcher from packed bytes; `None` when they are not an index.
    pub fn from_bytes(bytes: &[u8]) -> Option<Matcher> {
        StoredIndex::from_bytes(bytes).map(Matcher::from_index)
    }
}

/// Splits a glued term ("exceptdenuclearizat") into two terms the
/// vocabulary knows, or one known term and a stopword. Splits with more
/// known halves win, then the longest halves.
///
/// At index time (`one_unknown`) a half the database has not seen elsewhere
/// is accepted too, so a quote's glued word and a clean selection meet.
pub(super) fn split_glued(
    term: &str,
    known: impl Fn(&str) -> bool,
    one_unknown: bool,
) -> Option<Vec<String>> {
    let n = term.len();
    // Every unknown word of a selection comes here, so short ones are not
    // tried: two glued words are rarely under nine letters.
    let shortest = if one_unknown { 7 } else { 9 };
    if n < shortest || !term.is_ascii() || term.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut best: Option<((usize, usize), Vec<String>)> = None;
    for k in 2..=n - 2 {
        let (l, r) = (&term[..k], &term[k..]);
        let (lc, rc) = (lexicon::canonical(l), lexicon::canonical(r));
        let l_ok =
            known(&lc) || lexicon::is_stopword(l) || one_unknown && known(&rc) && l.len() >= 5;
        let r_ok =
            known(&rc) || lexicon::is_stopword(r) || one_unknown && known(&lc) && r.len() >= 5;
        let real = known(&lc) as usize + known(&rc) as usize;
        // Short known halves ("one" in "someone") would invent matches.
        let long_enough = (l.len() >= 4 || lexicon::is_stopword(l) && l.len() >= 3)
            && (r.len() >= 4 || lexicon::is_stopword(r) && r.len() >= 3);
        if !(l_ok && r_ok) || real == 0 || !long_enough || lc.contains(' ') || rc.contains(' ') {
            continue;
        }
        // Two known halves beat one (an unknown half is a guess: "sanction"
        // and "srelief" for "sanctionsrelief"), then the longest halves.
        let quality = (real, k.min(n - k));
        if best.as_ref().is_none_or(|(q, _)| quality > *q) {
            let parts = [(l, lc), (r, rc)]
                .into_iter()
                .filter(|(raw, _)| !lexicon::is_stopword(raw))
                .map(|(_, c)| c)
                .collect();
            best = Some((quality, parts));
        }
    }
    best.map(|(_, parts)| parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_words_split_where_both_halves_are_known() {
        let vocabulary = ["sanction", "relief", "nuclear", "weapon"];
        let known = |t: &str| vocabulary.contains(&t);
        // (glued term, at index time, the parts)
        let cases: [(&str, bool, Option<&[&str]>); 5] = [
            // Two known halves beat the more even "sanction" + "srelief".
            ("sanctionsrelief", true, Some(&["sanction", "relief"])),
            ("nuclearweapons", false, Some(&["nuclear", "weapon"])),
            // A stopword half drops out.
            ("thenuclear", false, Some(&["nuclear"])),
            // One half unknown: only at index time.
            ("reliefpackage", false, None),
            ("unknownword", true, None),
        ];
        for (term, one_unknown, parts) in cases {
            let want = parts.map(|p| p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(split_glued(term, known, one_unknown), want, "{term}");
        }
    }
}
