//! The matching engine: which claims, if any, does a piece of text state?
//!
//! Two stages, the way retrieval systems are usually built:
//!
//! 1. **Candidates.** An inverted index from terms to the texts of each claim
//!    (its quote, neutral restatement and variants) picks the texts that share
//!    weighted terms with the selection.
//! 2. **Alignment.** Each candidate is aligned with the selection: the
//!    heaviest run of shared terms *in the same order* (a weighted longest
//!    increasing subsequence), plus shared terms out of order at a discount,
//!    because paraphrases move clauses around. From that alignment come two
//!    coverages — how much of the claim the selection holds (`recall`), and
//!    how much of the selection the claim explains (`precision`) — and the
//!    score in 0..1 combines them.
//!
//! Unmatched words inside the aligned span count against the score, except
//! that a long run of them (an inline "related links" card in the middle of
//! a sentence) costs a fixed amount rather than its full weight.
//!
//! The engine abstains below [`THRESHOLD`]: a popover on the wrong claim does
//! more harm than no popover.

use crate::claims::Claim;
use crate::lexicon;
use crate::packed::{Reader, Writer};
use crate::text::{self, Term};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Scores below this are not reported as matches. Chosen on the labelled
/// set in `tests/match_cases.rs`; see the README for precision and recall.
pub const THRESHOLD: f32 = 0.6;

/// Selections longer than this (in characters) are not matched at all: a
/// reader who selects a whole page is not asking about one claim, and the
/// bound keeps the work per selection small.
pub const MAX_SELECTION_CHARS: usize = 6_000;

/// A fragment must share at least this many terms with a claim before it
/// can match as a *part* of that claim ("the regime" never will).
const MIN_PARTIAL_TERMS: usize = 3;
/// The first bytes of [`Matcher::to_packed`]'s output.
const PACKED_MAGIC: &[u8] = b"ClaimLens matcher 1\n";
/// A match explaining at least this share of the selection leaves no room
/// for another claim in it.
const EXPLAINED: f32 = 0.9;
/// A run of this many unmatched terms inside an alignment is treated as
/// inserted noise (a link card, an aside) and costs a fixed amount.
const NOISE_RUN: usize = 6;
/// Discount for terms that match but out of order.
const OUT_OF_ORDER: f32 = 0.6;
/// Discount for a term matched only through a typo (one edit away).
const FUZZY: f32 = 0.8;
/// A claim text of at most this many terms is "short": finding it inside a
/// longer selection needs the rest of the selection to be on its topic.
const SHORT_TEXT_TERMS: usize = 4;
/// The factor for a short quote found in off-topic text.
const OFF_TOPIC: f32 = 0.6;
/// How many candidate texts reach the alignment stage.
const MAX_CANDIDATES: usize = 48;

/// One claim found in a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the claim in [`Matcher::claims`].
    pub claim: usize,
    /// Confidence in 0..1; reported matches are at or above [`THRESHOLD`].
    pub score: f32,
    /// Share of the claim's weighted terms found in the text.
    pub recall: f32,
    /// Share of the text's weighted terms explained by the claim.
    pub precision: f32,
    /// The part of the text the claim was found in: UTF-16 code units,
    /// from the first to the last aligned word.
    pub start: u32,
    pub end: u32,
}

/// A claim found in running text (see [`Matcher::annotate`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Index of the claim in [`Matcher::claims`].
    pub claim: usize,
    pub score: f32,
    /// The marked span, in UTF-16 code units of the annotated text.
    pub start: u32,
    pub end: u32,
}

/// One indexed text of a claim.
#[derive(Debug, Clone)]
struct IndexedText {
    claim: u32,
    terms: Vec<u32>,
    weight: f32,
}

/// BM25's usual parameters, for [`Matcher::retrieve`].
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;
/// The weight of BM25 against the alignment in [`Matcher::retrieve`],
/// chosen on the CheckThat! train split (MAP@5 rises up to about 3, then
/// stays flat); the dev split is reported, not tuned on.
const RETRIEVE_BM25_WEIGHT: f32 = 3.0;
/// How many candidate texts [`Matcher::retrieve`] scores.
const RETRIEVE_CANDIDATES: usize = 200;

/// A claim database with its search index, built once per load.
#[derive(Debug, Clone)]
pub struct Matcher {
    claims: Vec<Claim>,
    texts: Vec<IndexedText>,
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<u32>>,
    /// Delete-one neighbourhoods of the longer terms, for typo tolerance,
    /// built on the first selection that needs them (not at start-up).
    deletes: OnceLock<HashMap<String, Vec<u32>>>,
    /// Weight of a term the database has never seen: as rare as can be.
    unknown_weight: f32,
    /// Weight a fragment needs to count as fully informative.
    informative_weight: f32,
    /// Every term of each claim's texts (sorted), for the topic check on
    /// short quotes.
    claim_terms: Vec<Vec<u32>>,
    /// Mean length of the indexed texts, in terms (for BM25).
    mean_text_len: f32,
}

/// A selection term resolved against the vocabulary.
#[derive(Debug, Clone)]
struct SelTerm {
    /// Term ids it may stand for, with the factor a match earns (1 or [`FUZZY`]).
    ids: Vec<(u32, f32)>,
    weight: f32,
    /// Where it stands in the text, in UTF-16 code units.
    start: u32,
    end: u32,
}

impl Matcher {
    /// Indexes `claims`. Cost is linear in the size of the database.
    pub fn new(claims: Vec<Claim>) -> Matcher {
        // Tokenise every text, then repair glued words ("exceptdenuclearization")
        // using the vocabulary of the whole database.
        let mut raw: Vec<(u32, Vec<String>)> = Vec::new();
        for (ci, c) in claims.iter().enumerate() {
            for t in c.match_texts() {
                let terms: Vec<String> = text::terms(t).into_iter().map(|t| t.text).collect();
                if !terms.is_empty() {
                    raw.push((ci as u32, terms));
                }
            }
        }
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for (_, terms) in &raw {
            for t in terms {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let repaired: Vec<(u32, Vec<String>)> = raw
            .iter()
            .map(|(ci, terms)| {
                let mut out = Vec::with_capacity(terms.len());
                for t in terms {
                    let lonely = counts.get(t.as_str()).copied().unwrap_or(0) <= 1;
                    let known = |p: &str| counts.get(p).is_some_and(|&n| n > 0);
                    match lonely.then(|| split_glued(t, known, true)).flatten() {
                        Some(parts) => out.extend(parts),
                        None => out.push(t.clone()),
                    }
                }
                (*ci, out)
            })
            .collect();

        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut last_claim: Vec<u32> = Vec::new();
        let mut texts = Vec::with_capacity(repaired.len());
        for (ci, terms) in repaired {
            let ids: Vec<u32> = terms
                .into_iter()
                .map(|t| {
                    let next = vocab.len() as u32;
                    let id = *vocab.entry(t).or_insert(next);
                    if id == next {
                        df.push(0);
                        last_claim.push(u32::MAX);
                    }
                    if last_claim[id as usize] != ci {
                        last_claim[id as usize] = ci;
                        df[id as usize] += 1;
                    }
                    id
                })
                .collect();
            texts.push(IndexedText {
                claim: ci,
                terms: ids,
                weight: 0.0,
            });
        }
        let n = claims.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln())
            .collect();
        Matcher::assemble(claims, texts, vocab, idf)
    }

    /// Everything the index derives from the texts' term ids: text weights,
    /// postings, each claim's terms, the mean text length and the two
    /// reference weights. Shared by [`Matcher::new`] and
    /// [`Matcher::from_packed`], so the packed form stores only what
    /// needs tokenising.
    fn assemble(
        claims: Vec<Claim>,
        mut texts: Vec<IndexedText>,
        vocab: HashMap<String, u32>,
        idf: Vec<f32>,
    ) -> Matcher {
        let n = claims.len().max(1) as f32;
        let unknown_weight = (1.0 + (n + 0.5) / 0.5f32).ln();
        let mut postings = vec![Vec::new(); vocab.len()];
        for (ti, t) in texts.iter_mut().enumerate() {
            t.weight = t.terms.iter().map(|&id| idf[id as usize]).sum();
            let mut seen: Vec<u32> = t.terms.clone();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                postings[id as usize].push(ti as u32);
            }
        }
        let mut claim_terms: Vec<Vec<u32>> = vec![Vec::new(); claims.len()];
        for t in &texts {
            claim_terms[t.claim as usize].extend(&t.terms);
        }
        for terms in &mut claim_terms {
            terms.sort_unstable();
            terms.dedup();
        }
        let mean_text_len =
            texts.iter().map(|t| t.terms.len() as f32).sum::<f32>() / texts.len().max(1) as f32;
        let mut sorted = idf.clone();
        sorted.sort_by(f32::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(1.0);
        Matcher {
            claims,
            texts,
            vocab,
            idf,
            postings,
            deletes: OnceLock::new(),
            unknown_weight,
            informative_weight: 2.5 * median,
            claim_terms,
            mean_text_len,
        }
    }

    /// The matcher in the compact binary form of [`crate::packed`]: the
    /// claims and the whole index, so it can be read back without
    /// tokenising anything (the build does this for the bundled database).
    pub fn to_packed(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(PACKED_MAGIC);
        w.count(self.claims.len());
        for c in &self.claims {
            w.claim(c);
        }
        w.count(self.texts.len());
        for t in &self.texts {
            w.u32(t.claim);
            w.u32s(&t.terms);
        }
        let mut vocab: Vec<(&String, &u32)> = self.vocab.iter().collect();
        vocab.sort_by_key(|(_, &id)| id);
        w.count(vocab.len());
        for (term, _) in vocab {
            w.str(term);
        }
        w.f32s(&self.idf);
        w.bytes
    }

    /// Reads back what [`Matcher::to_packed`] wrote; `None` if the bytes
    /// are not such a matcher (it checks every length and id).
    pub fn from_packed(bytes: &[u8]) -> Option<Matcher> {
        let mut r = Reader::new(bytes.strip_prefix(PACKED_MAGIC)?);
        let n = r.count()?;
        let claims = (0..n).map(|_| r.claim()).collect::<Option<Vec<_>>>()?;
        let n = r.count()?;
        let texts = (0..n)
            .map(|_| {
                Some(IndexedText {
                    claim: r.u32()?,
                    terms: r.u32s()?,
                    weight: 0.0,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = r.count()?;
        let vocab = (0..n)
            .map(|id| Some((r.str()?, id as u32)))
            .collect::<Option<HashMap<_, _>>>()?;
        let idf = r.f32s()?;
        // Every id must point inside its table.
        let ids_ok = texts.iter().all(|t| {
            (t.claim as usize) < claims.len() && t.terms.iter().all(|&id| (id as usize) < idf.len())
        });
        if !(r.done() && vocab.len() == idf.len() && ids_ok) {
            return None;
        }
        Some(Matcher::assemble(claims, texts, vocab, idf))
    }

    /// The claims this matcher was built from, in database order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// Claims the text states with confidence, best first; empty when none
    /// reaches [`THRESHOLD`] or the text is longer than [`MAX_SELECTION_CHARS`].
    pub fn find(&self, selection: &str) -> Vec<Match> {
        self.find_with(selection, true)
    }

    /// [`Matcher::find`]; with `all_clauses` false the clauses are only
    /// tried when the whole text matched nothing (annotation reads every
    /// sentence of a page, where that halves the work).
    fn find_with(&self, selection: &str, all_clauses: bool) -> Vec<Match> {
        if selection.chars().count() > MAX_SELECTION_CHARS {
            return Vec::new();
        }
        let sel = self.resolve(&text::terms(selection));
        let mut out = self.rank_resolved(&sel, usize::MAX);
        // A claim is often one clause of a longer sentence ("…, diplomats
        // said, and …"): each clause is matched on its own too, and a claim
        // keeps its best score.
        let whole_found = out.first().is_some_and(|m| m.score >= THRESHOLD);
        // When the best claim explains the whole selection, no clause can
        // hold another claim: skip the clause pass.
        let explained = out
            .first()
            .is_some_and(|m| m.score >= THRESHOLD && m.precision >= EXPLAINED);
        let clauses = if (all_clauses || !whole_found) && !explained {
            text::clauses(selection)
        } else {
            Vec::new()
        };
        if clauses.len() > 1 {
            for (offset, clause) in clauses {
                let end = offset + clause.encode_utf16().count() as u32;
                let part: Vec<SelTerm> = sel
                    .iter()
                    .filter(|t| t.start >= offset && t.end <= end)
                    .cloned()
                    .collect();
                for m in self.rank_resolved(&part, usize::MAX) {
                    match out.iter_mut().find(|o| o.claim == m.claim) {
                        Some(o) if o.score >= m.score => {}
                        // The whole text matched too: keep its (wider) span.
                        Some(o) if o.score >= THRESHOLD => {
                            (o.score, o.recall, o.precision) = (m.score, m.recall, m.precision);
                        }
                        Some(o) => *o = m,
                        None => out.push(m),
                    }
                }
            }
            out.sort_by(by_score);
        }
        out.retain(|m| m.score >= THRESHOLD);
        out
    }

    /// The `k` best-scoring claims for the text, whatever their score: for
    /// retrieval benchmarks and the editor's `match` command.
    pub fn rank(&self, text: &str, k: usize) -> Vec<Match> {
        self.rank_resolved(&self.resolve(&text::terms(text)), k)
    }

    /// [`Matcher::rank`] for terms already resolved.
    fn rank_resolved(&self, sel: &[SelTerm], k: usize) -> Vec<Match> {
        if sel.is_empty() {
            return Vec::new();
        }
        let where_in_sel = sel_index(sel);
        let mut best: HashMap<u32, Match> = HashMap::new();
        for ti in self.candidates(sel) {
            let t = &self.texts[ti as usize];
            let Some(m) = self.align(sel, &where_in_sel, t) else {
                continue;
            };
            let entry = best.entry(t.claim).or_insert(m.clone());
            if m.score > entry.score {
                *entry = m;
            }
        }
        let mut out: Vec<Match> = best.into_values().collect();
        out.sort_by(by_score);
        out.truncate(k);
        out
    }

    /// Retrieval over a large archive: the `k` claims most likely to be
    /// the one the text repeats, best first, with a score in 0..1 that is
    /// only for ordering. It adds a BM25 score (over the same normalised
    /// terms, relative to the best candidate's) to the alignment score, because for ranking a long post
    /// against thousands of short claims, term rarity separates candidates
    /// that the alignment alone scores alike. [`Matcher::find`] does not
    /// use this: its scores must stay calibrated for abstaining.
    pub fn retrieve(&self, text: &str, k: usize) -> Vec<(usize, f32)> {
        let sel = self.resolve(&text::terms(text));
        if sel.is_empty() {
            return Vec::new();
        }
        let mut query: Vec<(u32, f32)> = sel.iter().flat_map(|s| s.ids.iter().copied()).collect();
        query.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        query.dedup_by_key(|q| q.0);
        let where_in_sel = sel_index(&sel);
        let scored: Vec<(u32, f32, f32)> = self
            .candidates_n(&sel, RETRIEVE_CANDIDATES)
            .into_iter()
            .map(|ti| {
                let t = &self.texts[ti as usize];
                let align = self.align(&sel, &where_in_sel, t).map_or(0.0, |m| m.score);
                (t.claim, align, self.bm25(&query, t))
            })
            .collect();
        let top_bm25 = scored.iter().map(|s| s.2).fold(0.0, f32::max).max(1e-6);
        let mut best: HashMap<u32, f32> = HashMap::new();
        for (claim, align, bm25) in scored {
            let combined =
                (align + RETRIEVE_BM25_WEIGHT * bm25 / top_bm25) / (1.0 + RETRIEVE_BM25_WEIGHT);
            let e = best.entry(claim).or_insert(combined);
            *e = e.max(combined);
        }
        let mut out: Vec<(usize, f32)> = best.into_iter().map(|(c, s)| (c as usize, s)).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(k);
        out
    }

    /// BM25 of one indexed text for the query's term ids (with their match factors).
    fn bm25(&self, query: &[(u32, f32)], t: &IndexedText) -> f32 {
        let len_norm = 1.0 - BM25_B + BM25_B * t.terms.len() as f32 / self.mean_text_len.max(1.0);
        query
            .iter()
            .map(|&(id, factor)| {
                let tf = t.terms.iter().filter(|&&x| x == id).count() as f32;
                if tf == 0.0 {
                    return 0.0;
                }
                factor * self.idf[id as usize] * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * len_norm)
            })
            .sum()
    }

    /// Every claim stated in running text (a paragraph, a page), with the
    /// span to mark: each sentence is matched on its own, and where two
    /// found claims overlap only the better scoring one is kept. Spans are
    /// in UTF-16 code units of `text`, in order.
    pub fn annotate(&self, text: &str) -> Vec<Annotation> {
        let mut found: Vec<Annotation> = Vec::new();
        for (offset, sentence) in text::sentences(text) {
            let matches = self.find_with(sentence, false);
            if matches.is_empty() {
                continue;
            }
            // A match from the sentence's first word marks from its start,
            // not from the first word that carries meaning ("Since the …").
            let first_term = text::terms(sentence).first().map_or(0, |t| t.start);
            let leading = sentence
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf16)
                .sum::<usize>() as u32;
            for m in matches {
                let start = if m.start == first_term {
                    leading
                } else {
                    m.start
                };
                found.push(Annotation {
                    claim: m.claim,
                    score: m.score,
                    start: offset + start,
                    end: offset + m.end,
                });
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        let mut kept: Vec<Annotation> = Vec::new();
        for a in found {
            let overlaps = kept.iter().any(|k| a.start < k.end && k.start < a.end);
            let repeated = kept
                .iter()
                .any(|k| k.claim == a.claim && k.start == a.start);
            if !overlaps && !repeated {
                kept.push(a);
            }
        }
        kept.sort_by_key(|a| a.start);
        kept
    }

    /// Looks each selection term up: known, glued, one typo away, or unknown.
    fn resolve(&self, terms: &[Term]) -> Vec<SelTerm> {
        // Typo and stopword-typo lookups cost far more than exact ones; a
        // text with fewer than two exactly known terms cannot reach the
        // threshold through one typo, so it skips them (most sentences of a
        // page that states no claim).
        let known_terms = terms
            .iter()
            .filter(|t| self.vocab.contains_key(&t.text))
            .count();
        let look_for_typos = known_terms >= 2;
        let mut out = Vec::with_capacity(terms.len());
        for t in terms {
            let term = |ids: Vec<(u32, f32)>, weight: f32| SelTerm {
                ids,
                weight,
                start: t.start,
                end: t.end,
            };
            let known = |id: u32| term(vec![(id, 1.0)], self.idf[id as usize]);
            if let Some(&id) = self.vocab.get(&t.text) {
                out.push(known(id));
                continue;
            }
            if let Some(parts) = split_glued(&t.text, |p| self.vocab.contains_key(p), false) {
                out.extend(parts.iter().map(|p| known(self.vocab[p])));
                continue;
            }
            let fuzzy = if look_for_typos {
                self.one_edit_away(&t.text)
            } else {
                Vec::new()
            };
            if look_for_typos && fuzzy.is_empty() && lexicon::is_misspelt_stopword(&t.text) {
                continue;
            }
            let weight = fuzzy
                .iter()
                .map(|&id| self.idf[id as usize])
                .fold(None, |m: Option<f32>, w| Some(m.map_or(w, |m| m.max(w))))
                .unwrap_or(self.unknown_weight);
            out.push(term(
                fuzzy.into_iter().map(|id| (id, FUZZY)).collect(),
                weight,
            ));
        }
        out
    }

    /// Vocabulary terms one insertion, deletion, substitution or adjacent
    /// transposition away from `term` (terms of five letters or more).
    fn one_edit_away(&self, term: &str) -> Vec<u32> {
        if term.chars().count() < 5 || term.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        let deletes = self.deletes.get_or_init(|| {
            let mut deletes: HashMap<String, Vec<u32>> = HashMap::new();
            for (term, &id) in &self.vocab {
                if term.chars().count() >= 5 && !term.bytes().any(|b| b.is_ascii_digit()) {
                    for d in deletions(term) {
                        deletes.entry(d).or_default().push(id);
                    }
                }
            }
            deletes
        });
        let mut ids: Vec<u32> = deletes.get(term).cloned().unwrap_or_default();
        for d in deletions(term) {
            if let Some(&id) = self.vocab.get(&d) {
                ids.push(id);
            }
            if let Some(more) = deletes.get(&d) {
                ids.extend(more);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Texts sharing weighted terms with the selection, heaviest first.
    fn candidates(&self, sel: &[SelTerm]) -> Vec<u32> {
        self.candidates_n(sel, MAX_CANDIDATES)
    }

    /// The `n` best candidate texts.
    fn candidates_n(&self, sel: &[SelTerm], n: usize) -> Vec<u32> {
        let mut seen: Vec<u32> = sel
            .iter()
            .flat_map(|s| s.ids.iter().map(|&(id, _)| id))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let mut acc: HashMap<u32, f32> = HashMap::new();
        for id in seen {
            let w = self.idf[id as usize];
            for &ti in &self.postings[id as usize] {
                *acc.entry(ti).or_default() += w;
            }
        }
        let mut cands: Vec<(u32, f32)> = acc
            .into_iter()
            .map(|(ti, w)| (ti, w / self.texts[ti as usize].weight.max(1e-6).sqrt()))
            .collect();
        cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        cands.truncate(n);
        cands.into_iter().map(|(ti, _)| ti).collect()
    }

    /// Aligns the selection with one claim text and scores the alignment.
    fn align(&self, sel: &[SelTerm], where_in_sel: &SelIndex, text: &IndexedText) -> Option<Match> {
        // The work buffers are reused from one alignment to the next: a
        // selection is aligned with dozens of candidates.
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            self.align_with(sel, where_in_sel, text, &mut scratch)
        })
    }

    fn align_with(
        &self,
        sel: &[SelTerm],
        where_in_sel: &SelIndex,
        text: &IndexedText,
        buf: &mut Scratch,
    ) -> Option<Match> {
        let Scratch {
            pairs,
            dp,
            back,
            best_end,
            sel_used,
            claim_used,
        } = buf;
        let claim = &text.terms;
        // Every (selection position, claim position) pair whose terms agree,
        // in selection order.
        pairs.clear();
        for (cj, &cid) in claim.iter().enumerate() {
            for &(si, f) in where_in_sel.get(&cid).map_or(&[][..], Vec::as_slice) {
                pairs.push((si, cj, self.idf[cid as usize] * f));
            }
        }
        if pairs.is_empty() {
            return None;
        }
        pairs.sort_unstable_by_key(|&(si, cj, _)| (si, cj));
        // Heaviest chain increasing in both positions (weighted LIS).
        reset(dp, pairs.len(), 0.0);
        reset(back, pairs.len(), usize::MAX);
        reset(best_end, claim.len(), (0.0, usize::MAX));
        let mut g = 0;
        while g < pairs.len() {
            let si = pairs[g].0;
            let mut h = g;
            while h < pairs.len() && pairs[h].0 == si {
                h += 1;
            }
            for k in g..h {
                let cj = pairs[k].1;
                let (prev_w, prev_k) = best_end[..cj]
                    .iter()
                    .copied()
                    .fold((0.0, usize::MAX), |a, b| if b.0 > a.0 { b } else { a });
                dp[k] = pairs[k].2 + prev_w;
                back[k] = prev_k;
            }
            for k in g..h {
                let cj = pairs[k].1;
                if dp[k] > best_end[cj].0 {
                    best_end[cj] = (dp[k], k);
                }
            }
            g = h;
        }
        let (mut k, _) =
            dp.iter()
                .enumerate()
                .fold((0, f32::MIN), |a, (i, &w)| if w > a.1 { (i, w) } else { a });
        reset(sel_used, sel.len(), false);
        reset(claim_used, claim.len(), false);
        let mut matched_w = 0.0;
        let mut count = 0;
        while k != usize::MAX {
            let (si, cj, w) = pairs[k];
            sel_used[si] = true;
            claim_used[cj] = true;
            matched_w += w;
            count += 1;
            k = back[k];
        }
        // Shared terms out of order, at a discount.
        for &(si, cj, w) in pairs.iter() {
            if !sel_used[si] && !claim_used[cj] {
                sel_used[si] = true;
                claim_used[cj] = true;
                matched_w += w * OUT_OF_ORDER;
                count += 1;
            }
        }
        // What the claim does not explain: inside the aligned span, and outside it.
        let lo = sel_used.iter().position(|&u| u).unwrap_or(0);
        let hi = sel_used.iter().rposition(|&u| u).unwrap_or(0);
        let mean_w = text.weight / claim.len().max(1) as f32;
        let noise_cap = mean_w;
        let (mut inside, mut outside, mut matched_sel_w) = (0.0, 0.0, 0.0);
        let mut run_w: f32 = 0.0;
        let mut run_len = 0;
        for (si, s) in sel.iter().enumerate() {
            if sel_used[si] {
                matched_sel_w += s.weight;
                if run_len > 0 {
                    inside += if run_len >= NOISE_RUN {
                        run_w.min(noise_cap)
                    } else {
                        run_w
                    };
                }
                run_w = 0.0;
                run_len = 0;
            } else if si < lo || si > hi {
                outside += s.weight;
            } else {
                run_w += s.weight;
                run_len += 1;
            }
        }
        let recall = (matched_w / (text.weight + inside)).min(1.0);
        let precision = (matched_w / (matched_sel_w + inside + outside)).min(1.0);
        let informative = (matched_w / self.informative_weight).min(1.0);
        let mut as_whole = if count >= 2 {
            recall * (0.75 + 0.25 * precision)
        } else {
            0.0
        };
        // A short quote ("That is welcome news") found inside unrelated text
        // is a coincidence unless the rest of the text shares the claim's topic.
        if claim.len() <= SHORT_TEXT_TERMS && precision < 0.5 {
            let topic = &self.claim_terms[text.claim as usize];
            let on_topic = sel.iter().zip(sel_used.iter()).any(|(s, &used)| {
                !used && s.ids.iter().any(|(id, _)| topic.binary_search(id).is_ok())
            });
            if !on_topic {
                as_whole *= OFF_TOPIC;
            }
        }
        let as_part = if count >= MIN_PARTIAL_TERMS {
            precision * informative * (0.75 + 0.25 * recall)
        } else {
            0.0
        };
        Some(Match {
            claim: text.claim as usize,
            score: as_whole.max(as_part),
            recall,
            precision,
            start: sel[lo].start,
            end: sel[hi].end,
        })
    }
}

/// Work buffers for [`Matcher::align`], reused between alignments.
#[derive(Default)]
struct Scratch {
    pairs: Vec<(usize, usize, f32)>,
    dp: Vec<f32>,
    back: Vec<usize>,
    best_end: Vec<(f32, usize)>,
    sel_used: Vec<bool>,
    claim_used: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// `v` becomes `len` copies of `value`, keeping its allocation.
fn reset<T: Clone>(v: &mut Vec<T>, len: usize, value: T) {
    v.clear();
    v.resize(len, value);
}

/// Where each term id stands in a selection: (position, match factor).
type SelIndex = HashMap<u32, Vec<(usize, f32)>>;

fn sel_index(sel: &[SelTerm]) -> SelIndex {
    let mut index: SelIndex = HashMap::new();
    for (si, s) in sel.iter().enumerate() {
        for &(id, f) in &s.ids {
            index.entry(id).or_default().push((si, f));
        }
    }
    index
}

/// Best first: score, then precision, then database order.
fn by_score(a: &Match, b: &Match) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.precision.total_cmp(&a.precision))
        .then(a.claim.cmp(&b.claim))
}

/// Splits a glued term ("exceptdenuclearizat") into two terms the
/// vocabulary knows, or one known term and a stopword. Longest halves win.
///
/// At index time (`one_unknown`) a half the database has not seen elsewhere
/// is accepted too, so a quote's glued word and a clean selection meet.
fn split_glued(term: &str, known: impl Fn(&str) -> bool, one_unknown: bool) -> Option<Vec<String>> {
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

/// Every string made by deleting one character of `term`.
fn deletions(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    (0..chars.len())
        .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect())
        .collect()
}
