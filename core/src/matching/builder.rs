//! Building an index a little at a time, so a page can stay responsive
//! while a large database is indexed.
//!
//! [`IndexBuilder::add`] queues claims (a claim whose id is already there
//! replaces it) and [`IndexBuilder::add_index`] queues an index's claims,
//! already tokenised. [`IndexBuilder::step`] then does a bounded amount of
//! the rest: taking the queued indexes' texts over, tokenising the new
//! claims, counting every term, repairing the new claims' glued words with
//! the whole vocabulary ("exceptdenuclearization"), and giving each term
//! its id. [`IndexBuilder::finish`] runs whatever is left.

use super::index::{split_glued, IndexedText, StoredIndex};
use super::meaning::{claim_terms, entity_of, entity_term, phrase_table, Meaning};
use crate::model::{Claim, Entity};
use crate::sorting;
use crate::text::PhraseTable;
use std::collections::{HashMap, VecDeque};

/// An added index whose texts are still to take over.
#[derive(Debug)]
struct Queued {
    /// Where each of its claims went.
    slots: Vec<usize>,
    /// Its entities' new positions.
    renumber: Vec<usize>,
    texts: Vec<IndexedText>,
    terms: Vec<String>,
    /// The next text to take over.
    next: usize,
    /// Which addition this is: a claim replaced by a later one keeps the
    /// later one's texts only.
    generation: u32,
}

/// What the build is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// Taking indexes over and tokenising claims.
    #[default]
    Gathering,
    /// Counting the terms; the next claim.
    Counting(usize),
    /// Repairing glued words; the next claim.
    Repairing(usize),
    /// Giving terms their ids; the next claim.
    Numbering(usize),
    /// Done.
    Done,
}

/// An index being built (see the module's notes).
#[derive(Debug, Default)]
pub struct IndexBuilder {
    claims: Vec<Claim>,
    entities: Vec<Entity>,
    meaning: Meaning,
    /// The phrases claim texts are split with (entities and expressions).
    phrases: PhraseTable,
    /// Each claim's texts as terms; `None` until tokenised.
    terms: Vec<Option<Vec<Vec<String>>>>,
    /// Whether a claim's terms are already repaired (from an index).
    repaired: Vec<bool>,
    /// The addition each claim's texts come from (see [`Queued`]).
    owner: Vec<u32>,
    /// Additions so far.
    generations: u32,
    /// Position of each id in `claims`.
    at: HashMap<String, usize>,
    /// Claims still to tokenise, by position.
    pending: VecDeque<usize>,
    /// Indexes whose texts are still to take over.
    queued: VecDeque<Queued>,
    phase: Phase,
    /// How often each term occurs (before repair).
    counts: HashMap<String, u32>,
    vocab: HashMap<String, u32>,
    vocabulary: Vec<String>,
    texts: Vec<IndexedText>,
}

impl IndexBuilder {
    /// A builder holding an existing index's claims, already tokenised.
    pub fn from_index(index: StoredIndex) -> IndexBuilder {
        let mut b = IndexBuilder::default();
        b.add_index(index);
        b
    }

    /// Adds an index's claims, already tokenised: a claim whose id is
    /// already here replaces the old one in its place. Its entities join
    /// this builder's (their terms renumbered), and its table this one's.
    /// Its texts are taken over by [`IndexBuilder::step`].
    pub fn add_index(&mut self, index: StoredIndex) {
        self.restart();
        let renumber: Vec<usize> = index.entities.into_iter().map(|e| self.entity(e)).collect();
        self.add_meaning(index.meaning);
        self.generations += 1;
        let generation = self.generations;
        let slots: Vec<usize> = index
            .claims
            .into_iter()
            .map(|claim| {
                let i = self.slot(claim);
                self.terms[i] = Some(Vec::new());
                self.repaired[i] = true;
                self.owner[i] = generation;
                i
            })
            .collect();
        self.queued.push_back(Queued {
            slots,
            renumber,
            texts: index.texts,
            terms: index.terms,
            next: 0,
            generation,
        });
    }

    /// The position for `claim`: its old place when its id is here.
    fn slot(&mut self, claim: Claim) -> usize {
        match self.at.get(&claim.id) {
            Some(&i) => {
                self.claims[i] = claim;
                self.pending.retain(|&p| p != i);
                i
            }
            None => {
                self.at.insert(claim.id.clone(), self.claims.len());
                self.claims.push(claim);
                self.terms.push(None);
                self.repaired.push(false);
                self.owner.push(0);
                self.claims.len() - 1
            }
        }
    }

    /// Adds a related-word table (a database's, or a packed index's).
    pub fn add_meaning(&mut self, meaning: Meaning) {
        if meaning.is_empty() && meaning.phrases.is_empty() {
            return;
        }
        self.meaning.related.extend(meaning.related);
        self.meaning.phrases.extend(meaning.phrases);
        sorting::sort_by(&mut self.meaning.related, |a, b| (&a.term, &a.target).cmp(&(&b.term, &b.target)));
        self.meaning.related.dedup_by(|a, b| a.term == b.term && a.target == b.target);
        sorting::sort(&mut self.meaning.phrases);
        self.meaning.phrases.dedup();
        self.phrases = phrase_table(&self.entities, &self.meaning);
    }

    /// An entity's position, adding it when its id is new.
    fn entity(&mut self, e: Entity) -> usize {
        match self.entities.iter().position(|x| x.id == e.id) {
            Some(i) => i,
            None => {
                self.entities.push(e);
                self.phrases = phrase_table(&self.entities, &self.meaning);
                self.entities.len() - 1
            }
        }
    }

    /// Queues claims (and the entities they are about): a claim whose id
    /// is already here replaces the old one in its place.
    pub fn add(&mut self, claims: Vec<Claim>, entities: Vec<Entity>) {
        self.restart();
        for e in entities {
            self.entity(e);
        }
        for c in claims {
            let i = self.slot(c);
            self.terms[i] = None;
            self.repaired[i] = false;
            self.owner[i] = 0;
            self.pending.push_back(i);
        }
    }

    /// New claims after some steps: the counting starts again.
    fn restart(&mut self) {
        if self.phase != Phase::Gathering {
            self.phase = Phase::Gathering;
            self.counts.clear();
            self.vocab.clear();
            self.vocabulary.clear();
            self.texts.clear();
        }
    }

    /// How many claims are still to tokenise.
    pub fn remaining(&self) -> usize {
        self.pending.len()
    }

    /// Does about `units` items of work (a text taken over, a claim
    /// tokenised, counted, repaired or numbered); true when only
    /// [`IndexBuilder::finish`] is left.
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
        let n = self.claims.len();
        match self.phase {
            Phase::Gathering => {
                if let Some(q) = self.queued.front_mut() {
                    if let Some(t) = q.texts.get(q.next) {
                        let words: Vec<String> = t
                            .terms
                            .iter()
                            .map(|&id| {
                                let term = &q.terms[id as usize];
                                match entity_of(term) {
                                    Some((e, false)) => q.renumber.get(e).map_or_else(|| term.clone(), |&to| entity_term(to)),
                                    _ => term.clone(),
                                }
                            })
                            .collect();
                        let slot = q.slots.get(t.claim as usize).copied();
                        if let Some(i) = slot.filter(|&i| self.owner[i] == q.generation) {
                            if let Some(texts) = self.terms[i].as_mut() {
                                texts.push(words);
                            }
                        }
                        q.next += 1;
                    } else {
                        self.queued.pop_front();
                    }
                    return Phase::Gathering;
                }
                if let Some(i) = self.pending.pop_front() {
                    let texts = self.claims[i]
                        .match_texts()
                        .map(|t| claim_terms(t, &self.phrases))
                        .filter(|t| !t.is_empty())
                        .collect();
                    self.terms[i] = Some(texts);
                    return Phase::Gathering;
                }
                Phase::Counting(0)
            }
            Phase::Counting(ci) if ci < n => {
                for t in self.terms[ci].iter().flatten().flatten() {
                    match self.counts.get_mut(t) {
                        Some(c) => *c += 1,
                        None => {
                            self.counts.insert(t.clone(), 1);
                        }
                    }
                }
                Phase::Counting(ci + 1)
            }
            Phase::Counting(_) => Phase::Repairing(0),
            Phase::Repairing(ci) if ci < n => {
                if !self.repaired[ci] {
                    let counts = &self.counts;
                    let known = |p: &str| counts.get(p).is_some_and(|&n| n > 0);
                    for words in self.terms[ci].iter_mut().flatten() {
                        let mut out = Vec::with_capacity(words.len());
                        for t in words.drain(..) {
                            let lonely = counts.get(&t).copied().unwrap_or(0) <= 1;
                            match lonely.then(|| split_glued(&t, known, true)).flatten() {
                                Some(parts) => out.extend(parts),
                                None => out.push(t),
                            }
                        }
                        *words = out;
                    }
                }
                Phase::Repairing(ci + 1)
            }
            Phase::Repairing(_) => Phase::Numbering(0),
            Phase::Numbering(ci) if ci < n => {
                for words in self.terms[ci].iter().flatten() {
                    let ids: Vec<u32> = words
                        .iter()
                        .map(|t| match self.vocab.get(t) {
                            Some(&id) => id,
                            None => {
                                let id = self.vocabulary.len() as u32;
                                self.vocab.insert(t.clone(), id);
                                self.vocabulary.push(t.clone());
                                id
                            }
                        })
                        .collect();
                    self.texts.push(IndexedText {
                        claim: ci as u32,
                        terms: ids,
                    });
                }
                Phase::Numbering(ci + 1)
            }
            Phase::Numbering(_) | Phase::Done => Phase::Done,
        }
    }

    /// The index, after any steps still to do.
    pub fn finish(mut self) -> StoredIndex {
        while !self.step(usize::MAX) {}
        // Related words for terms no claim uses could never match.
        let vocab = &self.vocab;
        self.meaning.related.retain(|r| vocab.contains_key(&r.target));
        StoredIndex {
            claims: self.claims,
            entities: self.entities,
            meaning: self.meaning,
            texts: self.texts,
            terms: self.vocabulary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_in_small_steps_gives_the_same_index() {
        let loaded = crate::claimreview::load(crate::testdata::DATABASE).expect("the database loads");
        let db = loaded.database;
        let whole = StoredIndex::build(db.claims.clone(), db.entities.clone(), Meaning::default());
        let mut b = IndexBuilder::default();
        b.add(db.claims, db.entities);
        let mut steps = 0;
        while !b.step(3) {
            steps += 1;
        }
        assert!(steps > 20, "the work was split ({steps} steps)");
        assert_eq!(b.finish(), whole);
    }

    #[test]
    fn an_added_index_keeps_its_texts_and_entities() {
        let index = crate::testdata::matcher().stored();
        let mut b = IndexBuilder::default();
        b.add_index(index.clone());
        while !b.step(2) {}
        assert_eq!(b.finish(), index, "an index taken over whole is the same index");
        // Added to itself: every claim replaces its twin, nothing doubles.
        let mut twice = IndexBuilder::from_index(index.clone());
        twice.add_index(index.clone());
        assert_eq!(twice.finish(), index);
    }
}
