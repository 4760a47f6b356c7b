//! Building the index: every claim text tokenised into term ids, words
//! glued together by scraped markup repaired with the whole database's
//! vocabulary, and the weights and postings derived from them. The index's
//! stored part ([`StoredIndex`]) has a packed binary form ([`crate::pack`]),
//! so a database indexed once (at build time, or by `claimlens pack`) is
//! read back without tokenising anything.

use super::meaning::{claim_terms, entity_of, entity_term, phrase_table, Meaning, Related};
use super::Matcher;
use crate::model::{Claim, Entity};
use crate::pack;
use crate::sorting;
use crate::text::{lexicon, PhraseTable};
use std::collections::HashMap;
use std::sync::OnceLock;

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
/// vocabulary by id (a third of the table's bytes).
struct Packed {
    claims: Vec<Claim>,
    entities: Vec<Entity>,
    related: Vec<RelatedTerm>,
    phrases: Vec<String>,
    texts: Vec<IndexedText>,
    terms: Vec<String>,
}

crate::packed!(Packed { claims, entities, related, phrases, texts, terms });

/// The database terms one reader's term may stand for.
struct RelatedTerm {
    term: String,
    /// Term ids, into the vocabulary.
    targets: Vec<u32>,
    /// The weight of each, as in [`Related::weight`].
    weights: Vec<u8>,
}

crate::packed!(RelatedTerm { term, targets, weights });

/// The first bytes of a packed index; the number is the format's version.
const MAGIC: &[u8] = b"ClaimLens index 4\n";

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
        let packed = Packed {
            claims: self.claims.clone(),
            entities: self.entities.clone(),
            related,
            phrases: self.meaning.phrases.clone(),
            texts: self.texts.clone(),
            terms: self.terms.clone(),
        };
        pack::to_bytes(MAGIC, &packed)
    }

    /// Reads packed bytes back; `None` when they are not an index of this
    /// version or do not hold together (every id is checked).
    pub fn from_bytes(bytes: &[u8]) -> Option<StoredIndex> {
        let p: Packed = pack::from_bytes(MAGIC, bytes)?;
        let ids_ok = p.texts.iter().all(|t| {
            (t.claim as usize) < p.claims.len() && t.terms.iter().all(|&id| (id as usize) < p.terms.len())
        });
        let entities_ok = p.terms.iter().filter_map(|t| entity_of(t)).all(|(e, _)| e < p.entities.len());
        let mut related = Vec::new();
        for r in p.related {
            if r.targets.len() != r.weights.len() {
                return None;
            }
            for (&target, &weight) in r.targets.iter().zip(&r.weights) {
                related.push(Related {
                    term: r.term.clone(),
                    target: p.terms.get(target as usize)?.clone(),
                    weight,
                });
            }
        }
        (ids_ok && entities_ok).then_some(StoredIndex {
            claims: p.claims,
            entities: p.entities,
            meaning: Meaning {
                related,
                phrases: p.phrases,
            },
            texts: p.texts,
            terms: p.terms,
        })
    }
}

/// Builds an index a little at a time, so a page can stay responsive while
/// a large database is indexed: [`IndexBuilder::add`] queues claims (a
/// claim whose id is already there replaces it), [`IndexBuilder::step`]
/// tokenises some of them, and [`IndexBuilder::finish`] repairs glued
/// words with the whole vocabulary and weighs the terms. Claims that came
/// from an existing index are not tokenised again.
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
    /// Position of each id in `claims`.
    at: HashMap<String, usize>,
    /// Claims still to tokenise, by position.
    pending: Vec<usize>,
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
    pub fn add_index(&mut self, index: StoredIndex) {
        let renumber: Vec<usize> = index.entities.into_iter().map(|e| self.entity(e)).collect();
        self.add_meaning(index.meaning);
        let term = |t: &String| match entity_of(t) {
            Some((e, false)) => renumber.get(e).map_or_else(|| t.clone(), |&n| entity_term(n)),
            _ => t.clone(),
        };
        let mut texts: Vec<Vec<Vec<String>>> = vec![Vec::new(); index.claims.len()];
        for t in &index.texts {
            let words = t.terms.iter().map(|&id| term(&index.terms[id as usize])).collect();
            texts[t.claim as usize].push(words);
        }
        for (claim, terms) in index.claims.into_iter().zip(texts) {
            let i = self.slot(claim);
            self.terms[i] = Some(terms);
            self.repaired[i] = true;
        }
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
        for e in entities {
            self.entity(e);
        }
        for c in claims {
            let i = self.slot(c);
            self.terms[i] = None;
            self.repaired[i] = false;
            self.pending.push(i);
        }
    }

    /// How many claims are still to tokenise.
    pub fn remaining(&self) -> usize {
        self.pending.len()
    }

    /// Tokenises up to `n` queued claims; true when none are left.
    pub fn step(&mut self, n: usize) -> bool {
        let take = n.min(self.pending.len());
        for i in self.pending.drain(..take) {
            let texts = self.claims[i]
                .match_texts()
                .map(|t| claim_terms(t, &self.phrases))
                .filter(|t| !t.is_empty())
                .collect();
            self.terms[i] = Some(texts);
        }
        self.pending.is_empty()
    }

    /// The index: glued words of the new claims repaired with the whole
    /// vocabulary ("exceptdenuclearization"), then ids, weights and texts.
    /// Claims still queued are tokenised first.
    pub fn finish(mut self) -> StoredIndex {
        while !self.step(usize::MAX) {}
        let all = |b: &IndexBuilder| -> Vec<(u32, Vec<String>)> {
            b.terms
                .iter()
                .enumerate()
                .flat_map(|(ci, t)| t.iter().flatten().map(move |words| (ci as u32, words.clone())))
                .collect()
        };
        let raw = all(&self);
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for (_, terms) in &raw {
            for t in terms {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let known = |p: &str| counts.get(p).is_some_and(|&n| n > 0);
        let repaired: Vec<(u32, Vec<String>)> = raw
            .iter()
            .map(|(ci, terms)| {
                if self.repaired[*ci as usize] {
                    return (*ci, terms.clone());
                }
                let mut out = Vec::with_capacity(terms.len());
                for t in terms {
                    let lonely = counts.get(t.as_str()).copied().unwrap_or(0) <= 1;
                    match lonely.then(|| split_glued(t, known, true)).flatten() {
                        Some(parts) => out.extend(parts),
                        None => out.push(t.clone()),
                    }
                }
                (*ci, out)
            })
            .collect();

        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut terms: Vec<String> = Vec::new();
        let mut texts = Vec::with_capacity(repaired.len());
        for (ci, words) in repaired {
            let ids: Vec<u32> = words
                .into_iter()
                .map(|t| {
                    *vocab.entry(t.clone()).or_insert_with(|| {
                        terms.push(t);
                        terms.len() as u32 - 1
                    })
                })
                .collect();
            texts.push(IndexedText { claim: ci, terms: ids });
        }
        // Related words for terms no claim uses could never match.
        self.meaning.related.retain(|r| vocab.contains_key(&r.target));
        StoredIndex {
            claims: self.claims,
            entities: self.entities,
            meaning: self.meaning,
            texts,
            terms,
        }
    }
}

impl Matcher {
    /// Indexes `claims`, with no entities and no related-word table (see
    /// [`StoredIndex::build`] for both).
    pub fn new(claims: Vec<Claim>) -> Matcher {
        Matcher::from_index(StoredIndex::build(claims, Vec::new(), Meaning::default()))
    }

    /// A matcher over a stored index: derives the postings, the text
    /// weights and the reference weights. Linear, and no tokenising.
    pub fn from_index(index: StoredIndex) -> Matcher {
        let StoredIndex {
            claims,
            entities,
            meaning,
            texts,
            terms,
        } = index;
        let n = claims.len().max(1) as f32;
        // Document frequency: in how many claims each term occurs.
        let mut df = vec![0u32; terms.len()];
        let mut last_claim = vec![u32::MAX; terms.len()];
        for t in &texts {
            for &id in &t.terms {
                if last_claim[id as usize] != t.claim {
                    last_claim[id as usize] = t.claim;
                    df[id as usize] += 1;
                }
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln())
            .collect();
        let unknown_weight = (1.0 + (n + 0.5) / 0.5f32).ln();
        let mut postings = vec![Vec::new(); terms.len()];
        let mut weights = Vec::with_capacity(texts.len());
        let mut claim_terms: Vec<Vec<u32>> = vec![Vec::new(); claims.len()];
        for (ti, t) in texts.iter().enumerate() {
            weights.push(t.terms.iter().map(|&id| idf[id as usize]).sum());
            let mut seen: Vec<u32> = t.terms.clone();
            sorting::sort(&mut seen);
            seen.dedup();
            for &id in &seen {
                postings[id as usize].push(ti as u32);
            }
            claim_terms[t.claim as usize].extend(seen);
        }
        for terms in &mut claim_terms {
            sorting::sort(terms);
            terms.dedup();
        }
        let mut sorted = idf.clone();
        sorting::sort_by(&mut sorted, f32::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(1.0);
        let vocab: HashMap<String, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        let mut related: HashMap<String, Vec<(u32, f32)>> = HashMap::new();
        for r in &meaning.related {
            if let Some(&id) = vocab.get(&r.target) {
                related.entry(r.term.clone()).or_default().push((id, f32::from(r.weight) / 255.0));
            }
        }
        let entity_ids = (0..entities.len()).map(|i| vocab.get(&entity_term(i)).copied()).collect();
        let affiliated = entities
            .iter()
            .map(|e| {
                e.affiliations
                    .iter()
                    .filter_map(|a| entities.iter().position(|x| &x.id == a))
                    .collect()
            })
            .collect();
        let is_entity: Vec<bool> = terms.iter().map(|t| matches!(entity_of(t), Some((_, false)))).collect();
        let mut claim_entities: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
        for t in &texts {
            for &id in &t.terms {
                if let Some((e, false)) = entity_of(&terms[id as usize]) {
                    claim_entities[t.claim as usize].push(e);
                }
            }
        }
        for list in &mut claim_entities {
            sorting::sort(list);
            list.dedup();
        }
        Matcher {
            threshold: super::THRESHOLD,
            low_threshold: super::LOW_THRESHOLD,
            claim_entities,
            phrases: phrase_table(&entities, &meaning),
            related,
            entity_ids,
            affiliated,
            is_entity,
            meaning,
            claims,
            entities,
            texts,
            text_weights: weights,
            vocab,
            terms,
            idf,
            postings,
            deletes: OnceLock::new(),
            unknown_weight,
            informative_weight: 2.5 * median,
            claim_terms,
        }
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
/// vocabulary knows, or one known term and a stopword. Longest halves win.
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
    let mut best: Option<(usize, Vec<String>)> = None;
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
        let quality = k.min(n - k);
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
