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
//! more harm than no popover. Between [`LOW_THRESHOLD`] and the threshold
//! (the lower band, where rewordings land) one claim is reported only when
//! the selection names, or its page is about, that claim's actors, both
//! coverages are fair, and it leads every claim read in the same words.
//!
//! The files of this module follow those stages: [`index`] builds the
//! index (and repairs words glued together by scraped markup), `resolve`
//! looks a selection's terms up, `align` aligns and scores one candidate,
//! and `annotate` finds every claim in running text.

mod align;
mod annotate;
mod beside;
pub mod build;
mod builder;
pub mod explain;
pub mod index;
pub mod meaning;
mod resolve;
pub mod unpack;

use crate::model::{Claim, Entity};
use crate::text;
pub use align::{Refusal, Swap};
use index::IndexedText;
use crate::hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Scores below this are not reported as matches. Chosen on the tuning
/// half of the labelled set (`tests/data/match_cases.tune.tsv`); the README
/// reports precision and recall on the other half.
pub const THRESHOLD: f32 = 0.6;

/// Selections longer than this (in characters) are not matched at all: a
/// reader who selects a whole page is not asking about one claim, and the
/// bound keeps the work per selection small.
pub const MAX_SELECTION_CHARS: usize = 6_000;

/// A fragment must share at least this many terms with a claim before it
/// can match as a *part* of that claim ("the regime" never will).
const MIN_PARTIAL_TERMS: usize = 3;
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
/// How many candidate texts reach the alignment stage. Chosen on the
/// tuning half and CheckThat! train only: from 48 down to 8, neither
/// changed (tuning half: 54 of 81 rewordings, no wrong result; train
/// MAP@5 0.8755 at 16 and 48); alignment is most of a match's time, and 16
/// keeps a margin.
pub const MAX_CANDIDATES: usize = 16;

/// One claim found in a piece of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the claim in [`Matcher::claims`].
    pub claim: usize,
    /// Confidence in 0..1; reported matches are at or above [`THRESHOLD`],
    /// or (one per selection) in the lower band from [`LOW_THRESHOLD`].
    pub score: f32,
    /// Share of the claim's weighted terms found in the text.
    pub recall: f32,
    /// Share of the text's weighted terms explained by the claim: by its
    /// best text, or by all its texts together when that is more.
    pub precision: f32,
    /// The part of the text the claim was found in: UTF-16 code units,
    /// from the first to the last aligned word.
    pub start: u32,
    /// End (exclusive) of that part.
    pub end: u32,
    /// Where each aligned word of the text starts (UTF-16 code units).
    pub aligned: Vec<u32>,
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

/// What a page is about (see [`Matcher::page_context`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    /// For each of the database's entities: the page names it (or
    /// something that belongs to it).
    about: Vec<bool>,
    /// The page names something the database does not know.
    foreign: bool,
}

/// Who a selection names, and what its page is about: what decides whether
/// a claim's actor was put in someone else's place.
#[derive(Debug, Clone, Default)]
struct Actors {
    /// The database entities it names.
    named: Vec<usize>,
    /// Where it names them: (entity, UTF-16 offset of the name).
    named_at: Vec<(usize, u32)>,
    /// The database entities it names or refers to, and those they belong to.
    present: Vec<usize>,
    /// It names something the database does not know.
    foreign: bool,
    /// Where it does so (UTF-16 offsets of the names).
    foreign_at: Vec<u32>,
    /// It uses a reference ("the regime") that its page says is someone
    /// else.
    conflicting_reference: bool,
    /// The page's context.
    page: PageContext,
}

impl Actors {
    /// True when the selection holds, or its page is about, one of `entities`.
    fn on_topic(&self, entities: &[usize]) -> bool {
        entities
            .iter()
            .any(|e| self.present.contains(e) || self.page.about.get(*e).copied().unwrap_or(false))
    }
}

/// The factor a reference earns when nothing says whom it means.
const NEUTRAL_REFERENCE: f32 = 0.85;
/// The lower band: a match scoring from here up to the threshold counts
/// only when the selection names (or its page is about) one of the claim's
/// entities. Chosen on the tuning half of the labelled set.
pub const LOW_THRESHOLD: f32 = 0.3;
/// A lower-band match also needs this balance (the harmonic mean of its
/// recall and precision): a claim found in a few words of a long
/// selection on something else is not the selection's claim.
pub const LOW_BAND_BALANCE: f32 = 0.34;
/// How much a selection that stays on a claim's topic throughout adds to
/// its score, at most (see `rank_resolved`).
const TOPIC_BOOST: f32 = 0.2;
/// How far a lower-band match must lead the next claim.
pub const LOW_BAND_LEAD: f32 = 0.08;
/// A second claim from the lower band, in words of its own beside a
/// shown claim, needs at least this score. Chosen on the tuning data (the
/// tuning half and both extra batches): from 0.32 to 0.36 it finds 6 more
/// rewordings and no wrong claim; at 0.30, one wrong claim more.
pub const SECOND_CLAIM_SCORE: f32 = 0.34;
/// Two claims found in one selection must explain different words of it:
/// a second one sharing more than this share of its aligned words with a
/// better one is dropped.
const MAX_OVERLAP: f32 = 0.5;

/// The limits a match is shown by: the threshold and the lower band's
/// conditions. The engine's are [`Limits::default`], the constants above;
/// evaluations sweep others with [`Matcher::with_limits`] (`claimlens
/// eval`, on the tuning data only), never the product.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// See [`THRESHOLD`].
    pub threshold: f32,
    /// See [`LOW_THRESHOLD`].
    pub low_threshold: f32,
    /// See [`LOW_BAND_BALANCE`].
    pub low_band_balance: f32,
    /// See [`LOW_BAND_LEAD`].
    pub low_band_lead: f32,
    /// See [`SECOND_CLAIM_SCORE`].
    pub second_claim_score: f32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            threshold: THRESHOLD,
            low_threshold: LOW_THRESHOLD,
            low_band_balance: LOW_BAND_BALANCE,
            low_band_lead: LOW_BAND_LEAD,
            second_claim_score: SECOND_CLAIM_SCORE,
        }
    }
}

/// A claim database with its search index, built once per load.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// What a match needs to be shown ([`Limits::default`] unless an
    /// evaluation sets others with [`Matcher::with_limits`]).
    limits: Limits,
    claims: Vec<Claim>,
    /// The entities each claim is about: those its texts name, and its
    /// `about`.
    claim_entities: Vec<Vec<usize>>,
    entities: Vec<Entity>,
    /// The related-word table as stored.
    meaning: meaning::Meaning,
    /// The phrases a selection is split with (entities' names and
    /// references, the table's expressions).
    phrases: crate::text::PhraseTable,
    /// A reader's term → the database terms it may stand for, with the
    /// factor a match through it earns.
    related: HashMap<String, Vec<(u32, f32)>>,
    /// Each entity's term id, when a claim names it.
    entity_ids: Vec<Option<u32>>,
    /// The entities each entity belongs to.
    affiliated: Vec<Vec<usize>>,
    /// Which terms are entity terms.
    is_entity: Vec<bool>,
    /// Which terms are numbers, months or weekdays (see `SelTerm::dated`).
    dated_terms: Vec<bool>,
    texts: Vec<IndexedText>,
    /// The summed weight of each text's terms.
    text_weights: Vec<f32>,
    /// Each term's id, and each id's term.
    vocab: HashMap<String, u32>,
    terms: Vec<String>,
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
}

/// A selection term resolved against the vocabulary.
#[derive(Debug, Clone)]
struct SelTerm {
    /// Term ids it may stand for, with the factor a match earns (1, a
    /// related word's weight, [`FUZZY`], or a reference's).
    ids: Vec<(u32, f32)>,
    weight: f32,
    /// Where it stands in the text, in UTF-16 code units.
    start: u32,
    end: u32,
    /// How it was found.
    kind: TermKind,
    /// A number or a month or weekday: a time or a quantity, which never
    /// stands in an actor's place ("the February summit" for "the Hanoi
    /// summit").
    dated: bool,
    /// The quantity it states, in thousandths, when it is a count ("six",
    /// "60"; not a year): see `Matcher::other_count`.
    count: Option<u64>,
}

/// How a selection term was found (for explanations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TermKind {
    /// A word (known, related, or unknown).
    Word,
    /// An entity's name or alias.
    Entity,
    /// A reference resolved by the page or the selection.
    Reference,
    /// Half of a glued word.
    Glued,
    /// One typo away from a known word.
    Typo,
}

impl Matcher {
    /// The same matcher with other limits: for evaluations that sweep
    /// them (on the tuning data only), not for the product.
    pub fn with_limits(mut self, limits: Limits) -> Matcher {
        self.limits = limits;
        self
    }

    /// The claims this matcher was built from, in database order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// The entities the claims are about.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Claims the text states with confidence, best first; empty when none
    /// reaches [`THRESHOLD`] (or the lower band, on its conditions: see the
    /// module's notes) or the text is longer than [`MAX_SELECTION_CHARS`].
    /// The text is judged without knowing the page it is on (see
    /// [`Matcher::find_on`]).
    pub fn find(&self, selection: &str) -> Vec<Match> {
        self.find_with(selection, &PageContext::default())
    }

    /// [`Matcher::find`] for a selection on a page: references that only a
    /// page can resolve ("the regime", "the president") count for the
    /// database's entities when the page is about them, and against them
    /// when it names someone else (see [`Matcher::page_context`]).
    pub fn find_on(&self, selection: &str, page: &PageContext) -> Vec<Match> {
        self.find_with(selection, page)
    }

    /// [`Matcher::find_on`].
    fn find_with(&self, selection: &str, page: &PageContext) -> Vec<Match> {
        match self.selection_terms(selection) {
            Some(terms) => self.find_terms(selection, &terms, page),
            None => Vec::new(),
        }
    }

    /// A selection's terms; `None` when it is longer than
    /// [`MAX_SELECTION_CHARS`] (it is then not matched at all).
    pub(super) fn selection_terms(&self, selection: &str) -> Option<Vec<text::Term>> {
        (selection.chars().count() <= MAX_SELECTION_CHARS).then(|| text::terms_with(selection, &self.phrases))
    }

    /// [`Matcher::find_on`] for the selection's terms (annotation reads
    /// them too).
    pub(super) fn find_terms(&self, selection: &str, terms: &[text::Term], page: &PageContext) -> Vec<Match> {
        self.find_terms_above(selection, terms, page, self.score_floor())
    }

    /// [`Matcher::find_terms`], aligning only the candidates that can
    /// score `floor` (0: all of them); with the claims a sentence states
    /// word for word beside a shown one (see `beside.rs`).
    fn find_terms_above(&self, selection: &str, terms: &[text::Term], page: &PageContext, floor: f32) -> Vec<Match> {
        let (sel, actors) = self.resolve(terms, page);
        let (shown, swaps) = self.find_resolved(selection, &sel, &actors, floor);
        self.with_claims_stated_beside(selection, terms, &sel, &actors, floor, shown, &swaps)
    }

    /// [`Matcher::find_terms_above`] for terms already resolved, with
    /// `actors` as they are; and the claim texts refused as swaps for a
    /// name of the database (see [`Ranked::swaps`]).
    fn find_resolved(&self, selection: &str, sel: &[SelTerm], actors: &Actors, floor: f32) -> (Vec<Match>, Vec<(u32, u32)>) {
        let Ranked { matches: mut out, mut contradicted, mut swaps } =
            self.rank_resolved(sel, actors, MAX_CANDIDATES, usize::MAX, floor);
        // A claim is often one clause of a longer sentence ("…, diplomats
        // said, and …"): each clause is matched on its own too, and a claim
        // keeps its best score.
        let Limits { threshold, low_threshold, low_band_balance, low_band_lead, second_claim_score } = self.limits;
        // When the best claim explains the whole selection, no clause can
        // hold another claim: skip the clause pass.
        let explained = out
            .first()
            .is_some_and(|m| m.score >= threshold && m.precision >= EXPLAINED);
        let clauses = if !explained {
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
                let found = self.rank_resolved(&part, actors, MAX_CANDIDATES, usize::MAX, floor);
                contradicted = contradicted.max(found.contradicted);
                swaps.extend(found.swaps);
                for m in found.matches {
                    match out.iter_mut().find(|o| o.claim == m.claim) {
                        Some(o) if o.score >= m.score => {}
                        // The whole text matched too: keep its (wider) span.
                        Some(o) if o.score >= threshold => {
                            (o.score, o.recall, o.precision) = (m.score, m.recall, m.precision);
                        }
                        Some(o) => *o = m,
                        None => out.push(m),
                    }
                }
            }
            crate::sorting::sort_by(&mut out, by_score);
        }
        // A selection that names none of a claim's actors, on a page that
        // is not about them, is that claim only if the claim explains it
        // nearly whole: "Experts can debate the merits of various
        // vaccines" is not the claim about policies toward North Korea,
        // nor is "That is welcome news for the league's fans" its quote.
        // The lower band is for the best claim, and for a claim found in
        // words of its own beside a shown one (a sentence that states two
        // claims). It needs the claim's actors in the selection or its
        // page, both coverages at a fair level, and a clear lead over
        // every other claim; a second claim also needs
        // [`SECOND_CLAIM_SCORE`].
        // (Competitors are the claims read in the same words, and any
        // claim the selection contradicts by its count.)
        let shared = |a: &Match, b: &Match| {
            let common = a.aligned.iter().filter(|x| b.aligned.contains(x)).count();
            common * 2 > a.aligned.len().min(b.aligned.len())
        };
        let runner_up = |m: &Match| {
            out.iter()
                .filter(|o| o.claim != m.claim && shared(o, m))
                .map(|o| o.score)
                .fold(0.0, f32::max)
        };
        let above = |m: &Match| {
            m.score >= threshold && (self.about_its_actors(actors, m.claim) || m.precision >= EXPLAINED)
        };
        let in_lower_band = |m: &Match| {
            m.score >= low_threshold
                && m.balance() >= low_band_balance
                && m.score - runner_up(m).max(contradicted) >= low_band_lead
                && actors.on_topic(&self.claim_entities[m.claim])
        };
        // No aligned word in common with any better claim.
        let in_own_words = |rank: usize, m: &Match| {
            !out[..rank].iter().any(|b| m.aligned.iter().any(|a| b.aligned.contains(a)))
        };
        // Shown on its own merits; then a second lower-band claim beside
        // the first, when that one is shown.
        let mut keep: Vec<bool> = out
            .iter()
            .enumerate()
            .map(|(rank, m)| above(m) || (rank == 0 && in_lower_band(m)))
            .collect();
        if keep.first() == Some(&true) {
            for (rank, m) in out.iter().enumerate().skip(1) {
                keep[rank] = keep[rank]
                    || (m.score >= second_claim_score && in_own_words(rank, m) && in_lower_band(m));
            }
        }
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(false));
        // Several claims must each explain their own words of the selection.
        let mut kept: Vec<Match> = Vec::with_capacity(out.len());
        for m in out {
            let overlapping = kept.iter().any(|k| {
                let common = m.aligned.iter().filter(|a| k.aligned.contains(a)).count() as f32;
                common / m.aligned.len().max(1) as f32 > MAX_OVERLAP
            });
            if !overlapping {
                kept.push(m);
            }
        }
        (kept, swaps)
    }

    /// The `k` best-scoring claims for the text, whatever their score: for
    /// retrieval benchmarks and the editor's `match` command.
    /// At least the [`MAX_CANDIDATES`] heaviest candidates are aligned, and
    /// `k` of them when `k` is larger.
    pub fn rank(&self, text: &str, k: usize) -> Vec<Match> {
        let (sel, actors) = self.resolve(&text::terms_with(text, &self.phrases), &PageContext::default());
        self.rank_resolved(&sel, &actors, k.max(MAX_CANDIDATES), k, 0.0).matches
    }

    /// True when the claim names no actor, or the selection or its page
    /// names one of them: otherwise the claim must explain the selection
    /// nearly whole (see `find_terms_above`).
    fn about_its_actors(&self, actors: &Actors, claim: usize) -> bool {
        let entities = &self.claim_entities[claim];
        entities.is_empty() || actors.on_topic(entities)
    }

    /// The lowest score that can change what [`Matcher::find`] reports:
    /// under the threshold, and under the lower band by more than its lead
    /// (with a margin for rounding), a claim can neither be reported nor
    /// take the lead from one that is. Candidates that cannot reach it
    /// are not aligned.
    fn score_floor(&self) -> f32 {
        let Limits { threshold, low_threshold, low_band_lead, .. } = self.limits;
        threshold.min(low_threshold - low_band_lead) - 0.01
    }

    /// The `k` best of the `candidates` heaviest candidate texts, for terms
    /// already resolved, leaving out those that cannot score `floor` (see
    /// [`Ranked`]). A claim contradicted in any of its texts is left out
    /// whole: its other texts may not hold the count ("half a year" for
    /// "six months").
    fn rank_resolved(&self, sel: &[SelTerm], actors: &Actors, candidates: usize, k: usize, floor: f32) -> Ranked {
        let mut swaps = Vec::new();
        if sel.is_empty() {
            return Ranked { matches: Vec::new(), contradicted: 0.0, swaps };
        }
        let where_in_sel = align::sel_index(sel);
        let mut best: HashMap<u32, Match> = HashMap::default();
        let mut contradicted: Vec<(u32, f32)> = Vec::new();
        for ti in self.candidates(sel, candidates) {
            match self.align(sel, actors, &where_in_sel, ti, floor) {
                Ok(m) => keep_best(&mut best, m.claim as u32, m, |m| m.score),
                Err(Refusal::Contradicted { score, .. }) => contradicted.push((self.texts[ti as usize].claim, score)),
                Err(Refusal::Swapped(Swap::OtherEntity { at, .. })) => swaps.push((ti, at)),
                Err(_) => {}
            }
        }
        for &(claim, _) in &contradicted {
            best.remove(&claim);
        }
        let contradicted = contradicted.iter().map(|c| c.1).fold(0.0, f32::max);
        let mut out: Vec<Match> = best.into_values().collect();
        for m in &mut out {
            self.boost_on_topic(sel, m);
        }
        crate::sorting::sort_by(&mut out, by_score);
        out.truncate(k);
        Ranked { matches: out, contradicted, swaps }
    }
}

/// What [`Matcher::rank_resolved`] found.
struct Ranked {
    /// The best claims, best first.
    matches: Vec<Match>,
    /// The best score of a claim the selection contradicts (0: none).
    contradicted: f32,
    /// The claim texts refused because the selection names another of
    /// the database's entities in their actor's place
    /// ([`Swap::OtherEntity`]): (text, UTF-16 offset of the name).
    swaps: Vec<(u32, u32)>,
}

impl Match {
    /// The harmonic mean of recall and precision.
    pub fn balance(&self) -> f32 {
        let sum = self.recall + self.precision;
        if sum <= 0.0 {
            0.0
        } else {
            2.0 * self.recall * self.precision / sum
        }
    }
}

impl Matcher {
    /// A selection on the claim's topic throughout earns a little: up to
    /// [`TOPIC_BOOST`], for the share of its weight found anywhere in the
    /// claim's texts, times the match's recall.
    ///
    /// That share is also the match's precision when it is higher than the
    /// best text's: a rewording that takes its words from the quote, the
    /// restatement and the variants together is explained by the claim,
    /// though no single text explains it.
    fn boost_on_topic(&self, sel: &[SelTerm], m: &mut Match) {
        let total: f32 = sel.iter().map(|s| s.weight).sum::<f32>().max(f32::EPSILON);
        let topic = &self.claim_terms[m.claim];
        let covered: f32 = sel
            .iter()
            .filter_map(|s| {
                s.ids
                    .iter()
                    .filter(|(id, _)| topic.binary_search(id).is_ok())
                    .map(|&(_, factor)| factor * s.weight)
                    .reduce(f32::max)
            })
            .sum();
        let share = covered / total;
        let boost = TOPIC_BOOST * share * m.recall.max(0.0);
        m.score = (m.score + boost).min(1.0).max(m.score);
        m.precision = m.precision.max(share.min(1.0));
    }
}

/// Keeps `value` under `key` unless what is there scores at least as
/// much (one entry per claim, its best text).
fn keep_best<K: std::hash::Hash + Eq, V>(best: &mut HashMap<K, V>, key: K, value: V, score: fn(&V) -> f32) {
    use std::collections::hash_map::Entry;
    match best.entry(key) {
        Entry::Occupied(mut e) => {
            if score(&value) > score(e.get()) {
                e.insert(value);
            }
        }
        Entry::Vacant(e) => {
            e.insert(value);
        }
    }
}

/// Best first: score, then precision, then database order.
fn by_score(a: &Match, b: &Match) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.precision.total_cmp(&a.precision))
        .then(a.claim.cmp(&b.claim))
}
