//! Building a [`Matcher`] from a [`StoredIndex`] a slice at a time: the
//! document frequencies, term weights, postings, vocabulary and
//! related-word lookup are derived in steps of a bounded amount of work,
//! so a page can stay responsive while a large database becomes usable
//! (the widget runs a few steps per slice and yields between slices).
//! [`Matcher::from_index`] runs every step at once.

use super::index::StoredIndex;
use super::meaning::{add_entity_phrases, entity_of, entity_term};
use crate::text::PhraseTable;
use super::resolve::is_dated;
use super::Matcher;
use crate::sorting;
use crate::hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Where a build is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Counting in how many claims each term occurs; the next text.
    Frequencies(usize),
    /// Each text's weight and postings; the next text.
    Texts(usize),
    /// Sorting each claim's terms; the next claim.
    ClaimTerms(usize),
    /// The vocabulary's lookup table; the next term.
    Vocabulary(usize),
    /// The related-word lookup; the next entry of the table.
    Related(usize),
    /// Which terms are entities, and which are dates; the next term.
    EntityTerms(usize),
    /// The entities each claim names; the next text.
    ClaimEntities(usize),
    /// Adding each claim's `about` to its entities and sorting them; the
    /// next claim.
    SortEntities(usize),
    /// The related-word table's expressions, for splitting selections;
    /// the next one.
    Phrases(usize),
    /// Everything derived.
    Done,
}

/// A matcher being built (see the module's notes).
#[derive(Debug)]
pub struct MatcherBuild {
    index: StoredIndex,
    phase: Phase,
    df: Vec<u32>,
    last_claim: Vec<u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<u32>>,
    weights: Vec<f32>,
    claim_terms: Vec<Vec<u32>>,
    vocab: HashMap<String, u32>,
    related: HashMap<String, Vec<(u32, f32)>>,
    claim_entities: Vec<Vec<usize>>,
    is_entity: Vec<bool>,
    dated_terms: Vec<bool>,
    /// The entity each term names ([`NO_ENTITY`] for none), read once per
    /// term rather than once per occurrence.
    term_entity: Vec<u32>,
    /// A text's distinct terms (reused from one text to the next).
    seen: Vec<u32>,
    phrases: PhraseTable,
}

/// [`MatcherBuild::term_entity`] of a term that names no entity.
const NO_ENTITY: u32 = u32::MAX;

impl MatcherBuild {
    /// Starts building a matcher over `index`.
    pub fn new(index: StoredIndex) -> MatcherBuild {
        let (terms, texts, claims) = (index.terms.len(), index.texts.len(), index.claims.len());
        MatcherBuild {
            phase: if texts == 0 { Phase::ClaimTerms(0) } else { Phase::Frequencies(0) },
            df: vec![0; terms],
            last_claim: vec![u32::MAX; terms],
            idf: Vec::new(),
            postings: vec![Vec::new(); terms],
            weights: Vec::with_capacity(texts),
            claim_terms: vec![Vec::new(); claims],
            vocab: HashMap::with_capacity_and_hasher(terms, Default::default()),
            related: HashMap::default(),
            claim_entities: vec![Vec::new(); claims],
            is_entity: Vec::with_capacity(terms),
            dated_terms: Vec::with_capacity(terms),
            term_entity: Vec::with_capacity(terms),
            seen: Vec::new(),
            phrases: PhraseTable::default(),
            index,
        }
    }

    /// Does about `units` items of work (a text, a claim, a term or an
    /// entry of the related-word table each); true when the build is done.
    pub fn step(&mut self, units: usize) -> bool {
        let mut budget = units.max(1);
        while budget > 0 && self.phase != Phase::Done {
            budget -= 1;
            self.phase = self.advance();
        }
        self.phase == Phase::Done
    }

    /// One item of the current phase; the phase after it.
    fn advance(&mut self) -> Phase {
        let StoredIndex {
            claims,
            entities,
            meaning,
            texts,
            terms,
        } = &self.index;
        match self.phase {
            Phase::Frequencies(i) => {
                let t = &texts[i];
                for &id in &t.terms {
                    let id = id as usize;
                    if self.last_claim[id] != t.claim {
                        self.last_claim[id] = t.claim;
                        self.df[id] += 1;
                    }
                }
                if i + 1 < texts.len() {
                    return Phase::Frequencies(i + 1);
                }
                let n = claims.len().max(1) as f32;
                self.idf = self.df.iter().map(|&d| weight(n, d)).collect();
                Phase::Texts(0)
            }
            Phase::Texts(i) => {
                let t = &texts[i];
                self.weights.push(t.terms.iter().map(|&id| self.idf[id as usize]).sum());
                let seen = &mut self.seen;
                seen.clear();
                seen.extend_from_slice(&t.terms);
                sorting::sort(seen);
                seen.dedup();
                for &id in seen.iter() {
                    self.postings[id as usize].push(i as u32);
                }
                self.claim_terms[t.claim as usize].extend_from_slice(seen);
                after(i, texts.len(), Phase::Texts, Phase::ClaimTerms(0))
            }
            Phase::ClaimTerms(i) => {
                if let Some(list) = self.claim_terms.get_mut(i) {
                    sorting::sort(list);
                    list.dedup();
                }
                after(i, claims.len(), Phase::ClaimTerms, Phase::Vocabulary(0))
            }
            Phase::Vocabulary(i) => {
                if let Some(t) = terms.get(i) {
                    self.vocab.insert(t.clone(), i as u32);
                }
                after(i, terms.len(), Phase::Vocabulary, Phase::Related(0))
            }
            Phase::Related(i) => {
                if let Some(r) = meaning.related.get(i) {
                    if let Some(&id) = self.vocab.get(&r.target) {
                        let target = (id, f32::from(r.weight) / 255.0);
                        // Most terms have several targets: the key is
                        // copied only for the first.
                        match self.related.get_mut(&r.term) {
                            Some(list) => list.push(target),
                            None => {
                                self.related.insert(r.term.clone(), vec![target]);
                            }
                        }
                    }
                }
                after(i, meaning.related.len(), Phase::Related, Phase::EntityTerms(0))
            }
            Phase::EntityTerms(i) => {
                if let Some(t) = terms.get(i) {
                    let entity = match entity_of(t) {
                        Some((e, false)) => u32::try_from(e).unwrap_or(NO_ENTITY),
                        _ => NO_ENTITY,
                    };
                    self.is_entity.push(entity != NO_ENTITY);
                    self.dated_terms.push(is_dated(t));
                    self.term_entity.push(entity);
                }
                after(i, terms.len(), Phase::EntityTerms, Phase::ClaimEntities(0))
            }
            Phase::ClaimEntities(i) => {
                if let Some(t) = texts.get(i) {
                    for &id in &t.terms {
                        match self.term_entity.get(id as usize) {
                            Some(&e) if e != NO_ENTITY => self.claim_entities[t.claim as usize].push(e as usize),
                            _ => {}
                        }
                    }
                }
                after(i, texts.len(), Phase::ClaimEntities, Phase::SortEntities(0))
            }
            Phase::SortEntities(i) => {
                if let Some(list) = self.claim_entities.get_mut(i) {
                    // And whom the database says the claim is about
                    // (`about`), named in its texts or not.
                    for id in claims.get(i).map_or(&[][..], |c| c.about.as_slice()) {
                        list.extend(entities.iter().position(|e| &e.id == id));
                    }
                    sorting::sort(list);
                    list.dedup();
                }
                after(i, claims.len(), Phase::SortEntities, Phase::Phrases(0))
            }
            Phase::Phrases(i) => {
                if let Some(p) = meaning.phrases.get(i) {
                    self.phrases.add_keys(&p.keys, &p.term);
                }
                after(i, meaning.phrases.len(), Phase::Phrases, Phase::Done)
            }
            Phase::Done => Phase::Done,
        }
    }

    /// The matcher, after any steps still to do.
    pub fn finish(mut self) -> Matcher {
        while !self.step(usize::MAX) {}
        let StoredIndex {
            claims,
            entities,
            meaning,
            texts,
            terms,
        } = self.index;
        let n = claims.len().max(1) as f32;
        // The median weight, from the document frequencies (a weight falls
        // as its frequency rises): counted, not sorted.
        let median = median_df(&self.df).map_or(1.0, |d| weight(n, d));
        let entity_ids = (0..entities.len()).map(|i| self.vocab.get(&entity_term(i)).copied()).collect();
        let affiliated = entities
            .iter()
            .map(|e| {
                e.affiliations
                    .iter()
                    .filter_map(|a| entities.iter().position(|x| &x.id == a))
                    .collect()
            })
            .collect();
        Matcher {
            limits: super::Limits::default(),
            claim_entities: self.claim_entities,
            phrases: {
                let mut phrases = self.phrases;
                add_entity_phrases(&mut phrases, &entities);
                phrases
            },
            related: self.related,
            entity_ids,
            affiliated,
            is_entity: self.is_entity,
            dated_terms: self.dated_terms,
            meaning,
            claims,
            entities,
            texts,
            text_weights: self.weights,
            vocab: self.vocab,
            terms,
            idf: self.idf,
            postings: self.postings,
            deletes: OnceLock::new(),
            unknown_weight: weight(n, 0),
            informative_weight: 2.5 * median,
            claim_terms: self.claim_terms,
        }
    }
}

/// Item `i` of a phase of `len` items is done: the phase's next item, or
/// `then` after the last.
fn after(i: usize, len: usize, this: fn(usize) -> Phase, then: Phase) -> Phase {
    if i + 1 < len {
        this(i + 1)
    } else {
        then
    }
}

/// A term's weight among `claims` claims when `df` of them hold it (BM25's
/// idf, never negative); a term no claim holds weighs `weight(claims, 0)`.
fn weight(claims: f32, df: u32) -> f32 {
    (1.0 + (claims - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
}

/// The document frequency at the upper middle of `df` (what sorting the
/// weights and taking the middle one gives), by counting.
fn median_df(df: &[u32]) -> Option<u32> {
    let top = *df.iter().max()? as usize;
    let mut counts = vec![0usize; top + 1];
    for &d in df {
        counts[d as usize] += 1;
    }
    // Weights sorted ascending are frequencies sorted descending: the
    // weight at position len / 2 is the frequency with len / 2 above it.
    let mut seen = 0;
    for d in (0..=top).rev() {
        seen += counts[d];
        if seen > df.len() / 2 {
            return Some(d as u32);
        }
    }
    None
}

impl Matcher {
    /// A matcher over a stored index: derives the postings, the text
    /// weights and the reference weights. Linear, and no tokenising (see
    /// [`MatcherBuild`] for the same a slice at a time).
    pub fn from_index(index: StoredIndex) -> Matcher {
        MatcherBuild::new(index).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_in_small_steps_gives_the_same_matcher() {
        let index = crate::testdata::matcher().stored();
        let whole = Matcher::from_index(index.clone());
        let mut build = MatcherBuild::new(index);
        let mut steps = 0;
        while !build.step(7) {
            steps += 1;
        }
        assert!(steps > 10, "the work was split ({steps} steps)");
        let stepped = build.finish();
        for text in ["Since the Singapore summit, North Korea has built six more nuclear weapons", "the regime"] {
            assert_eq!(stepped.find(text), whole.find(text), "{text}");
        }
        assert_eq!(stepped.text_weights, whole.text_weights);
        assert_eq!(stepped.postings, whole.postings);
        assert_eq!(stepped.claim_terms, whole.claim_terms);
    }

    #[test]
    fn the_median_weight_is_counted_as_sorting_would_find_it() {
        let m = crate::testdata::matcher();
        let mut sorted = m.idf.clone();
        sorting::sort_by(&mut sorted, f32::total_cmp);
        assert_eq!(m.informative_weight, 2.5 * sorted[sorted.len() / 2]);
        assert_eq!(median_df(&[]), None);
        assert_eq!(median_df(&[3, 1, 2]), Some(2));
    }
}
