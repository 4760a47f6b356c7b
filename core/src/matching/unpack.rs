//! Reading a packed index (`claimlens pack`, the build's bundled index) a
//! slice at a time: the long lists (claims, related words, texts, terms)
//! are read a bounded number of items per step, so a page can stay
//! responsive while a 10,000-claim index arrives. The fields come in the
//! order `Packed::write` (`index.rs`) writes them; a round-trip test holds
//! the two together. [`StoredIndex::from_bytes`] reads every step at once.

use super::index::{IndexedText, RelatedTerm, StoredIndex, MAGIC};
use super::meaning::{entity_of, Expression, Meaning, Related};
use crate::model::{Claim, Entity};
use crate::pack::{Pack, Reader};

/// A list being read item by item.
#[derive(Debug)]
struct Partial<T> {
    left: usize,
    items: Vec<T>,
}

impl<T: Pack> Partial<T> {
    /// Reads the list's length.
    fn start(r: &mut Reader) -> Option<Partial<T>> {
        let left = r.list_len()?;
        Some(Partial {
            left,
            items: Vec::with_capacity(left.min(1 << 16)),
        })
    }

    /// Reads up to `budget` items (taking them off it); `Some(true)` when
    /// the list is complete, `None` on bad bytes.
    fn read(&mut self, r: &mut Reader, budget: &mut usize) -> Option<bool> {
        while self.left > 0 && *budget > 0 {
            self.items.push(T::unpack(r)?);
            self.left -= 1;
            *budget -= 1;
        }
        Some(self.left == 0)
    }
}

/// Where a reading is: the list being read, with what came before it.
#[derive(Debug)]
enum Stage {
    Claims(Partial<Claim>),
    Related(Partial<RelatedTerm>),
    Texts(Partial<IndexedText>),
    Terms(Partial<String>),
    /// Checking each text's ids; the next text.
    CheckingTexts(usize),
    /// Checking each term's entity; the next term.
    CheckingTerms(usize),
    /// Spelling out the related words; the next entry.
    Relating(usize),
    Done,
    Failed,
}

/// A packed index being read (see the module's notes).
#[derive(Debug)]
pub struct IndexReading {
    bytes: Vec<u8>,
    at: usize,
    /// How many claims the index holds (its header says).
    claim_count: usize,
    stage: Stage,
    read: Lists,
}

/// The lists read so far.
#[derive(Debug, Default)]
struct Lists {
    claims: Vec<Claim>,
    entities: Vec<Entity>,
    related: Vec<RelatedTerm>,
    phrases: Vec<Expression>,
    texts: Vec<IndexedText>,
    terms: Vec<String>,
    /// The related words, spelt out.
    meaning: Vec<Related>,
}

impl IndexReading {
    /// Starts reading `bytes`; `None` when they are not a packed index of
    /// this version.
    pub fn new(bytes: Vec<u8>) -> Option<IndexReading> {
        if !bytes.starts_with(MAGIC) {
            return None;
        }
        let mut r = Reader::resume(&bytes, MAGIC.len());
        let claims: Partial<Claim> = Partial::start(&mut r)?;
        let at = r.position();
        Some(IndexReading {
            claim_count: claims.left,
            bytes,
            at,
            stage: Stage::Claims(claims),
            read: Lists::default(),
        })
    }

    /// How many claims the index holds, as its header says (before they
    /// are read).
    pub fn claim_count(&self) -> usize {
        self.claim_count
    }

    /// Reads about `units` items (a claim, a text, a term…); true when
    /// there is nothing left to read (or the bytes turned out bad:
    /// [`IndexReading::finish`] says which).
    pub fn step(&mut self, units: usize) -> bool {
        let mut budget = units.max(1);
        while budget > 0 && !matches!(self.stage, Stage::Done | Stage::Failed) {
            let mut r = Reader::resume(&self.bytes, self.at);
            let stage = std::mem::replace(&mut self.stage, Stage::Failed);
            self.stage = advance(stage, &mut r, &mut budget, &mut self.read).unwrap_or(Stage::Failed);
            self.at = r.position();
        }
        matches!(self.stage, Stage::Done | Stage::Failed)
    }

    /// The index, after any reading still to do; `None` when the bytes are
    /// not a whole index or do not hold together (every id is checked).
    pub fn finish(mut self) -> Option<StoredIndex> {
        while !self.step(usize::MAX) {}
        if !matches!(self.stage, Stage::Done) {
            return None;
        }
        let Lists {
            claims,
            entities,
            related: _,
            phrases,
            texts,
            terms,
            meaning,
        } = self.read;
        Some(StoredIndex {
            claims,
            entities,
            meaning: Meaning {
                related: meaning,
                phrases,
            },
            texts,
            terms,
        })
    }
}

/// Reads on in `stage`; the stage after it, or `None` on bad bytes.
fn advance(stage: Stage, r: &mut Reader, budget: &mut usize, out: &mut Lists) -> Option<Stage> {
    Some(match stage {
        Stage::Claims(mut list) => {
            if !list.read(r, budget)? {
                return Some(Stage::Claims(list));
            }
            out.claims = list.items;
            // Entities are few; the phrases come after the related words.
            out.entities = Vec::unpack(r)?;
            Stage::Related(Partial::start(r)?)
        }
        Stage::Related(mut list) => {
            if !list.read(r, budget)? {
                return Some(Stage::Related(list));
            }
            out.related = list.items;
            let stored: Vec<Expression> = Vec::unpack(r)?;
            // Both lists are sorted in an index `to_bytes` wrote, and no
            // term is in both: merged in one pass, as the builder merges
            // two tables' expressions.
            let mut phrases = super::index::derived_phrases(out.related.iter().map(|t| t.term.as_str()), &stored);
            crate::sorting::merge_sorted(&mut phrases, stored, Expression::cmp);
            out.phrases = phrases;
            Stage::Texts(Partial::start(r)?)
        }
        Stage::Texts(mut list) => {
            if !list.read(r, budget)? {
                return Some(Stage::Texts(list));
            }
            out.texts = list.items;
            Stage::Terms(Partial::start(r)?)
        }
        Stage::Terms(mut list) => {
            if !list.read(r, budget)? {
                return Some(Stage::Terms(list));
            }
            out.terms = list.items;
            if !r.is_done() {
                return None;
            }
            Stage::CheckingTexts(0)
        }
        Stage::CheckingTexts(i) => {
            let Some(t) = out.texts.get(i) else {
                return Some(Stage::CheckingTerms(0));
            };
            *budget = budget.saturating_sub(1);
            let ok = (t.claim as usize) < out.claims.len() && t.terms.iter().all(|&id| (id as usize) < out.terms.len());
            if !ok {
                return None;
            }
            Stage::CheckingTexts(i + 1)
        }
        Stage::CheckingTerms(i) => {
            let Some(t) = out.terms.get(i) else {
                return Some(Stage::Relating(0));
            };
            *budget = budget.saturating_sub(1);
            if entity_of(t).is_some_and(|(e, _)| e >= out.entities.len()) {
                return None;
            }
            Stage::CheckingTerms(i + 1)
        }
        Stage::Relating(i) => {
            let Some(r) = out.related.get(i) else {
                out.related = Vec::new();
                return Some(Stage::Done);
            };
            *budget = budget.saturating_sub(1);
            if r.targets.len() != r.weights.len() {
                return None;
            }
            for (&target, &weight) in r.targets.iter().zip(&r.weights) {
                out.meaning.push(Related {
                    term: r.term.clone(),
                    target: out.terms.get(target as usize)?.clone(),
                    weight,
                });
            }
            Stage::Relating(i + 1)
        }
        done @ (Stage::Done | Stage::Failed) => done,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::meaning::Thesaurus;

    /// Related words with one expression of its parts ("let go of"), one
    /// whose keys differ from its term's parts ("half a dozen" folds to
    /// "half_a_12"), and one word.
    struct Tiny;
    impl Thesaurus for Tiny {
        fn related(&self, words: &str) -> Vec<(String, f32)> {
            match words {
                "released" => vec![("let go of".into(), 0.9), ("free".into(), 0.9)],
                "six" => vec![("half a dozen".into(), 0.9)],
                _ => vec![],
            }
        }
    }

    #[test]
    fn expressions_the_related_words_say_are_stored_once_and_read_back() {
        let claim = crate::model::Claim {
            id: "a".into(),
            claim_reviewed: "They released six nuclear weapons".into(),
            ..Default::default()
        };
        let meaning = Meaning::build(std::slice::from_ref(&claim), &Tiny);
        let index = StoredIndex::build(vec![claim], Vec::new(), meaning);
        let terms: Vec<&str> = index.meaning.phrases.iter().map(|p| p.term.as_str()).collect();
        assert_eq!(terms, ["half_a_12", "let_go_of"]);
        let bytes = index.to_bytes();
        let times = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
        // Said once, as the related word's term: the expression is its parts.
        assert_eq!(times(b"let_go_of"), 1);
        // Its keys are not its parts: stored as an expression too.
        assert_eq!(times(b"half_a_12"), 2);
        assert_eq!(StoredIndex::from_bytes(&bytes).as_ref(), Some(&index));
    }

    #[test]
    fn reading_in_small_steps_gives_the_index_back() {
        let index = crate::testdata::matcher().stored();
        let bytes = index.to_bytes();
        let mut reading = IndexReading::new(bytes.clone()).expect("a packed index");
        let mut steps = 0;
        while !reading.step(5) {
            steps += 1;
        }
        assert!(steps > 10, "the work was split ({steps} steps)");
        assert_eq!(reading.finish().as_ref(), Some(&index));
        assert_eq!(StoredIndex::from_bytes(&bytes).as_ref(), Some(&index));
    }

    #[test]
    fn damaged_bytes_are_refused_at_any_step() {
        let bytes = crate::testdata::matcher().stored().to_bytes();
        assert!(IndexReading::new(b"not an index".to_vec()).is_none());
        for cut in [bytes.len() - 1, bytes.len() / 2, MAGIC.len() + 3] {
            // Refused at the start (a list longer than the bytes left) or
            // when the reading runs out.
            if let Some(mut reading) = IndexReading::new(bytes[..cut].to_vec()) {
                while !reading.step(3) {}
                assert!(reading.finish().is_none(), "cut at {cut}");
            }
        }
        let mut longer = bytes;
        longer.push(0);
        assert!(StoredIndex::from_bytes(&longer).is_none(), "trailing bytes");
    }
}
