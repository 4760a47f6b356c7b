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
use super::meaning::{claim_terms, entity_of, entity_term, phrase_table, Expression, Meaning, Related};
use crate::model::{Claim, Entity};
use crate::sorting;
use crate::text::PhraseTable;
use crate::hash::FxHashMap as HashMap;
use std::collections::VecDeque;

/// Claims added and not yet in place: an index's (already tokenised),
/// or a database's.
#[derive(Debug)]
enum Arrival {
    Index(Queued),
    Claims(VecDeque<Claim>),
}

/// An added index whose claims and texts are still to take over.
#[derive(Debug)]
struct Queued {
    /// Its claims not yet in place.
    claims: VecDeque<Claim>,
    /// Where each of its claims went.
    slots: Vec<usize>,
    texts: Vec<IndexedText>,
    /// Its vocabulary, in `IndexBuilder::tables`.
    table: usize,
    /// The next text to take over.
    next: usize,
    /// Which addition this is: a claim replaced by a later one keeps the
    /// later one's texts only.
    generation: u32,
}

/// A claim's texts before numbering, as ids into one of the builder's
/// term tables: an index's own table (its texts are taken over as they
/// are: turning every id back into a word cost most of a large merge), or
/// the table of the words tokenised here (a database's claims). Counting,
/// repairing and numbering then look a term up once per table, not once
/// per occurrence.
#[derive(Debug)]
struct ClaimTerms {
    /// Into `IndexBuilder::tables`.
    table: usize,
    texts: Vec<Vec<u32>>,
}

/// A vocabulary: an index's taken over, or the words tokenised here; the
/// ids its terms have been given here so far, and how often each occurs.
#[derive(Debug, Default)]
struct TermTable {
    terms: Vec<String>,
    /// Each term's id here plus one; 0 until it is numbered.
    numbered: Vec<u32>,
    /// Occurrences in the claims' texts, while counting.
    count: Vec<u32>,
}

impl TermTable {
    fn new(terms: Vec<String>) -> TermTable {
        let numbered = vec![0; terms.len()];
        TermTable { terms, numbered, count: Vec::new() }
    }
}

/// How many terms of a table one item of [`Phase::Merging`] adds up.
const MERGE_CHUNK: usize = 64;

/// What the build is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// Taking indexes over and tokenising claims.
    #[default]
    Gathering,
    /// Counting the terms; the next claim.
    Counting(usize),
    /// Adding each table's counts up by term; the next table and term.
    Merging(usize, usize),
    /// Repairing glued words; the next claim.
    Repairing(usize),
    /// Giving terms their ids; the next claim.
    Numbering(usize),
    /// Dropping related words no claim can use; the next entry.
    Pruning(usize),
    /// Done.
    Done,
}

/// An index being built (see the module's notes).
#[derive(Debug, Default)]
pub struct IndexBuilder {
    claims: Vec<Claim>,
    entities: Vec<Entity>,
    meaning: Meaning,
    /// The phrases claim texts are split with (entities and expressions),
    /// built when a claim is first tokenised after they changed.
    phrases: Option<PhraseTable>,
    /// Each claim's texts as terms; `None` until tokenised.
    terms: Vec<Option<ClaimTerms>>,
    /// The vocabularies of indexes taken over, and of the words tokenised
    /// here (see [`ClaimTerms`]).
    tables: Vec<TermTable>,
    /// Which of `tables` holds the words tokenised here, once there is one.
    local: Option<usize>,
    /// Each word of that table, to its id there.
    local_ids: HashMap<String, u32>,
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
    /// Additions still to take over, in order.
    arrivals: VecDeque<Arrival>,
    phase: Phase,
    /// How often each term occurs (before repair), over every table.
    counts: HashMap<String, u32>,
    vocab: HashMap<String, u32>,
    vocabulary: Vec<String>,
    texts: Vec<IndexedText>,
    /// The related words kept by pruning.
    kept: Vec<Related>,
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
        // Its entities' terms take their new numbers, once per term.
        let terms = index
            .terms
            .into_iter()
            .map(|term| match entity_of(&term) {
                Some((e, false)) => renumber.get(e).map_or(term, |&to| entity_term(to)),
                _ => term,
            })
            .collect();
        self.tables.push(TermTable::new(terms));
        self.arrivals.push_back(Arrival::Index(Queued {
            slots: Vec::with_capacity(index.claims.len()),
            claims: index.claims.into(),
            texts: index.texts,
            table: self.tables.len() - 1,
            next: 0,
            generation: self.generations,
        }));
    }

    /// The position for `claim`: its old place when its id is here.
    fn slot(&mut self, claim: Claim) -> usize {
        match self.at.get(&claim.id) {
            Some(&i) => {
                self.claims[i] = claim;
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
        if self.meaning.is_empty() && self.meaning.phrases.is_empty() {
            // The first table: already sorted and without repeats.
            self.meaning = meaning;
        } else {
            // Each table is sorted: merged in one pass.
            let by_terms = |a: &Related, b: &Related| (&a.term, &a.target).cmp(&(&b.term, &b.target));
            sorting::merge_sorted(&mut self.meaning.related, meaning.related, by_terms);
            self.meaning.related.dedup_by(|a, b| a.term == b.term && a.target == b.target);
            sorting::merge_sorted(&mut self.meaning.phrases, meaning.phrases, Expression::cmp);
            self.meaning.phrases.dedup();
        }
        self.phrases = None;
    }

    /// An entity's position, adding it when its id is new.
    fn entity(&mut self, e: Entity) -> usize {
        match self.entities.iter().position(|x| x.id == e.id) {
            Some(i) => i,
            None => {
                self.entities.push(e);
                self.phrases = None;
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
        self.arrivals.push_back(Arrival::Claims(claims.into()));
    }

    /// New claims after some steps: the counting starts again.
    fn restart(&mut self) {
        if self.phase == Phase::Gathering {
            return;
        }
        // Texts already numbered give their terms back (repaired), as ids
        // into the vocabulary so far.
        let table = self.tables.len();
        self.tables.push(TermTable::new(std::mem::take(&mut self.vocabulary)));
        for t in std::mem::take(&mut self.texts) {
            let ci = t.claim as usize;
            // A numbered claim's terms were taken: this is its only table.
            let terms = self.terms[ci].get_or_insert_with(|| ClaimTerms { table, texts: Vec::new() });
            terms.texts.push(t.terms);
            self.repaired[ci] = true;
        }
        // The counting and the numbering start again.
        for t in &mut self.tables {
            t.numbered.iter_mut().for_each(|n| *n = 0);
            t.count.clear();
        }
        self.phase = Phase::Gathering;
        self.counts.clear();
        self.vocab.clear();
        self.kept.clear();
    }

    /// How many claims are still to take in or tokenise.
    pub fn remaining(&self) -> usize {
        let arriving: usize = self
            .arrivals
            .iter()
            .map(|a| match a {
                Arrival::Index(q) => q.claims.len(),
                Arrival::Claims(c) => c.len(),
            })
            .sum();
        arriving + self.pending.len()
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
                match self.arrivals.front_mut() {
                    Some(Arrival::Index(q)) => {
                        if let Some(claim) = q.claims.pop_front() {
                            let (generation, table) = (q.generation, q.table);
                            let i = self.slot(claim);
                            self.terms[i] = Some(ClaimTerms { table, texts: Vec::new() });
                            self.repaired[i] = true;
                            self.owner[i] = generation;
                            if let Some(Arrival::Index(q)) = self.arrivals.front_mut() {
                                q.slots.push(i);
                            }
                        } else if let Some(t) = q.texts.get_mut(q.next) {
                            let ids = std::mem::take(&mut t.terms);
                            let slot = q.slots.get(t.claim as usize).copied();
                            if let Some(i) = slot.filter(|&i| self.owner[i] == q.generation) {
                                if let Some(terms) = self.terms[i].as_mut() {
                                    terms.texts.push(ids);
                                }
                            }
                            q.next += 1;
                        } else {
                            self.arrivals.pop_front();
                        }
                        return Phase::Gathering;
                    }
                    Some(Arrival::Claims(claims)) => {
                        if let Some(claim) = claims.pop_front() {
                            let i = self.slot(claim);
                            self.terms[i] = None;
                            self.repaired[i] = false;
                            self.owner[i] = 0;
                            self.pending.push_back(i);
                        } else {
                            self.arrivals.pop_front();
                        }
                        return Phase::Gathering;
                    }
                    None => {}
                }
                if let Some(i) = self.pending.pop_front() {
                    // Replaced by an index's claim since it was queued: its
                    // texts are there already.
                    if self.terms[i].is_none() {
                        let phrases = self
                            .phrases
                            .get_or_insert_with(|| phrase_table(&self.entities, &self.meaning));
                        let words: Vec<Vec<String>> = self.claims[i]
                            .match_texts()
                            .map(|t| claim_terms(t, phrases))
                            .filter(|t| !t.is_empty())
                            .collect();
                        let texts = words.into_iter().map(|w| w.into_iter().map(|t| self.intern(t)).collect()).collect();
                        self.terms[i] = Some(ClaimTerms { table: self.local_table(), texts });
                    }
                    return Phase::Gathering;
                }
                // The counts serve only to repair glued words; claims from
                // an index are repaired already (a large packed index added
                // beside the bundled claims is all such claims).
                if self.repaired.iter().all(|&r| r) {
                    return Phase::Numbering(0);
                }
                Phase::Counting(0)
            }
            Phase::Counting(ci) if ci < n => {
                if let Some(ClaimTerms { table, texts }) = &self.terms[ci] {
                    if let Some(t) = self.tables.get_mut(*table) {
                        t.count.resize(t.terms.len(), 0);
                        for &id in texts.iter().flatten() {
                            if let Some(c) = t.count.get_mut(id as usize) {
                                *c += 1;
                            }
                        }
                    }
                }
                Phase::Counting(ci + 1)
            }
            Phase::Counting(_) => Phase::Merging(0, 0),
            Phase::Merging(ti, from) if ti < self.tables.len() => {
                // A few terms an item: a table can hold tens of thousands.
                let t = &self.tables[ti];
                let to = t.count.len().min(from + MERGE_CHUNK);
                for (term, &c) in t.terms[from.min(to)..to].iter().zip(&t.count[from.min(to)..to]) {
                    if c == 0 {
                        continue;
                    }
                    match self.counts.get_mut(term) {
                        Some(total) => *total += c,
                        None => {
                            self.counts.insert(term.clone(), c);
                        }
                    }
                }
                if to < t.count.len() {
                    Phase::Merging(ti, to)
                } else {
                    Phase::Merging(ti + 1, 0)
                }
            }
            Phase::Merging(..) => Phase::Repairing(0),
            Phase::Repairing(ci) if ci < n => {
                // Only a database's claims need it (an index's are repaired).
                if !self.repaired[ci] {
                    if let Some(mut terms) = self.terms[ci].take() {
                        for text in terms.texts.iter_mut() {
                            let mut out = Vec::with_capacity(text.len());
                            for &id in text.iter() {
                                match self.glued_parts(terms.table, id) {
                                    Some(parts) => out.extend(parts.into_iter().map(|p| self.intern(p))),
                                    None => out.push(id),
                                }
                            }
                            *text = out;
                        }
                        self.terms[ci] = Some(terms);
                    }
                }
                Phase::Repairing(ci + 1)
            }
            Phase::Repairing(_) => Phase::Numbering(0),
            Phase::Numbering(ci) if ci < n => {
                // Taken, so their memory goes a claim at a time. Ids are
                // given in first-seen order, whichever table the terms are in.
                if let Some(ClaimTerms { table, texts }) = self.terms[ci].take() {
                    for local in texts {
                        let ids = local.into_iter().filter_map(|id| self.number_in(table, id)).collect();
                        self.texts.push(IndexedText { claim: ci as u32, terms: ids });
                    }
                }
                Phase::Numbering(ci + 1)
            }
            Phase::Numbering(_) => {
                self.counts = HashMap::default();
                Phase::Pruning(0)
            }
            Phase::Pruning(i) if i < self.meaning.related.len() => {
                // Related words for terms no claim uses could never match.
                if self.vocab.contains_key(&self.meaning.related[i].target) {
                    // Moved: the table is replaced by the kept entries.
                    let r = std::mem::take(&mut self.meaning.related[i]);
                    self.kept.push(r);
                }
                Phase::Pruning(i + 1)
            }
            Phase::Pruning(_) => {
                self.meaning.related = std::mem::take(&mut self.kept);
                Phase::Done
            }
            Phase::Done => Phase::Done,
        }
    }

    /// The table of the words tokenised here, made on first use.
    fn local_table(&mut self) -> usize {
        match self.local {
            Some(t) => t,
            None => {
                self.tables.push(TermTable::default());
                self.local = Some(self.tables.len() - 1);
                self.tables.len() - 1
            }
        }
    }

    /// The id of a word tokenised here, in the table of such words.
    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.local_ids.get(&term) {
            return id;
        }
        let table = self.local_table();
        let t = &mut self.tables[table];
        let id = t.terms.len() as u32;
        t.terms.push(term.clone());
        t.numbered.push(0);
        self.local_ids.insert(term, id);
        id
    }

    /// The words a term of `table` splits into when it occurs once in all
    /// (over every table) and is known words glued together.
    fn glued_parts(&self, table: usize, id: u32) -> Option<Vec<String>> {
        let t = self.tables.get(table)?;
        // Counted more than once in this table alone: not lonely.
        if t.count.get(id as usize).copied().unwrap_or(0) > 1 {
            return None;
        }
        let term = t.terms.get(id as usize)?;
        let counts = &self.counts;
        if counts.get(term).copied().unwrap_or(0) > 1 {
            return None;
        }
        let known = |p: &str| counts.get(p).is_some_and(|&n| n > 0);
        split_glued(term, known, true)
    }

    /// The id of `term` here, given now if it has none yet.
    fn number(&mut self, term: String) -> u32 {
        match self.vocab.get(&term) {
            Some(&id) => id,
            None => {
                let id = self.vocabulary.len() as u32;
                self.vocab.insert(term.clone(), id);
                self.vocabulary.push(term);
                id
            }
        }
    }

    /// The id here of term `id` of a table (looked up once per table).
    fn number_in(&mut self, table: usize, id: u32) -> Option<u32> {
        let t = self.tables.get(table)?;
        let (term, numbered) = (t.terms.get(id as usize)?, t.numbered[id as usize]);
        if numbered > 0 {
            return Some(numbered - 1);
        }
        let here = self.number(term.clone());
        self.tables[table].numbered[id as usize] = here + 1;
        Some(here)
    }

    /// The index, after any steps still to do.
    pub fn finish(mut self) -> StoredIndex {
        while !self.step(usize::MAX) {}
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

    /// The repository's database, split after its 20th claim, and its
    /// index built whole.
    fn halves() -> (Vec<Claim>, Vec<Claim>, Vec<Entity>, StoredIndex) {
        let db = crate::claimreview::load(crate::testdata::DATABASE).expect("the database loads").database;
        let whole = StoredIndex::build(db.claims.clone(), db.entities.clone(), Meaning::default());
        let (first, second) = db.claims.split_at(20);
        (first.to_vec(), second.to_vec(), db.entities, whole)
    }

    /// Each text of an index, as its claim and its words.
    fn texts(s: &StoredIndex) -> Vec<(u32, Vec<String>)> {
        s.texts.iter().map(|t| (t.claim, t.terms.iter().map(|&i| s.terms[i as usize].clone()).collect())).collect()
    }

    #[test]
    fn two_indexes_merged_hold_the_texts_of_one_built_whole() {
        let (first, second, entities, whole) = halves();
        // The second index knows its entities in another order: their
        // terms must be renumbered on the way in.
        let reversed: Vec<Entity> = entities.iter().rev().cloned().collect();
        let a = StoredIndex::build(first, entities, Meaning::default());
        let b = StoredIndex::build(second, reversed, Meaning::default());
        // At once, and a step at a time with the second index arriving
        // after the numbering of the first began.
        let mut at_once = IndexBuilder::from_index(a.clone());
        at_once.add_index(b.clone());
        let at_once = at_once.finish();
        let mut late = IndexBuilder::from_index(a);
        while !matches!(late.phase, Phase::Numbering(n) if n >= 5) {
            late.step(1);
        }
        late.add_index(b);
        while !late.step(1) {}
        let late = late.finish();
        for merged in [&at_once, &late] {
            assert_eq!(merged.claims, whole.claims);
            assert_eq!(texts(merged), texts(&whole));
        }
        assert_eq!(at_once, late, "the same ids either way");
    }

    #[test]
    fn claims_added_after_the_numbering_began_keep_every_text() {
        let (first, second, entities, whole) = halves();
        let mut b = IndexBuilder::default();
        b.add(first, entities);
        while !b.step(1) {}
        b.add(second, Vec::new());
        let late = b.finish();
        assert_eq!(late.claims, whole.claims);
        assert_eq!(texts(&late), texts(&whole));
    }

    #[test]
    fn glued_words_are_repaired_with_words_known_from_any_table() {
        let claim = |id: &str, text: &str| Claim { id: id.into(), claim_reviewed: text.into(), ..Claim::default() };
        let words = |s: &StoredIndex, id: &str| -> Vec<String> {
            let at = s.claims.iter().position(|c| c.id == id).expect("the claim is there");
            texts(s).into_iter().filter(|(c, _)| *c as usize == at).flat_map(|(_, w)| w).collect()
        };
        // The halves are known only from an index taken over.
        let index = StoredIndex::build(vec![claim("known", "Nuclear weapons were tested")], Vec::new(), Meaning::default());
        let mut b = IndexBuilder::from_index(index);
        b.add(vec![claim("glued", "Pyongyang built nuclearweapons quickly")], Vec::new());
        let repaired = words(&b.finish(), "glued");
        assert!(repaired.contains(&"nuclear".to_string()) && repaired.contains(&"weapon".to_string()), "{repaired:?}");
        // Control: without the index, nothing says where the word breaks.
        let alone = StoredIndex::build(vec![claim("glued", "Pyongyang built nuclearweapons quickly")], Vec::new(), Meaning::default());
        let kept = words(&alone, "glued");
        assert!(!kept.contains(&"weapon".to_string()), "{kept:?}");
    }
}
