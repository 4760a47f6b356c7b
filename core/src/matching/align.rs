//! Aligning a selection with one claim text, and the score of the
//! alignment: the heaviest run of shared terms in order, shared terms out
//! of order at a discount, and what the claim leaves unexplained.

use super::{
    Actors, Match, Matcher, SelTerm, MIN_PARTIAL_TERMS, NOISE_RUN, OFF_TOPIC, OUT_OF_ORDER, SHORT_TEXT_TERMS,
    TOPIC_BOOST,
};
use super::meaning::entity_of;
use super::resolve::count_of;
use crate::model::EntityKind;
use crate::hash::FxHashMap as HashMap;

impl Matcher {
    /// Aligns the selection with indexed text `ti` and scores the alignment;
    /// refused when they share nothing, when the selection puts another
    /// actor in the place of one of the claim's (see [`Matcher::swapped`]),
    /// or when no alignment could score `floor` (0: every text is aligned).
    pub(super) fn align(&self, sel: &[SelTerm], actors: &Actors, where_in_sel: &SelIndex, ti: u32, floor: f32) -> Result<Match, Refusal> {
        // The work buffers are reused from one alignment to the next: a
        // selection is aligned with dozens of candidates.
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            self.align_with(sel, actors, where_in_sel, ti, floor, &mut scratch)
        })
    }

    /// The highest final score an alignment with a text of `weight` can
    /// have, given the `terms` selection terms that meet the text and
    /// their weight `shared` (each is matched once at most, for at most
    /// its weight). A match's recall is at most `shared / weight` and its
    /// informative share at most `shared / informative_weight`; read as a
    /// whole it needs two matched terms and scores at most its recall,
    /// read as a part it needs [`MIN_PARTIAL_TERMS`] and scores at most
    /// its informative share; the topic boost adds at most
    /// [`TOPIC_BOOST`] times the recall.
    fn best_possible(&self, terms: usize, shared: f32, weight: f32) -> f32 {
        let recall = (shared / weight.max(f32::EPSILON)).min(1.0);
        let informative = (shared / self.informative_weight.max(f32::EPSILON)).min(1.0);
        let as_whole = if terms >= 2 { recall } else { 0.0 };
        let as_part = if terms >= MIN_PARTIAL_TERMS { informative } else { 0.0 };
        as_whole.max(as_part) + TOPIC_BOOST * recall
    }

    fn align_with(
        &self,
        sel: &[SelTerm],
        actors: &Actors,
        where_in_sel: &SelIndex,
        ti: u32,
        floor: f32,
        buf: &mut Scratch,
    ) -> Result<Match, Refusal> {
        let (text, weight) = (&self.texts[ti as usize], self.text_weights[ti as usize]);
        let Scratch {
            pairs,
            by_claim,
            starts,
            dp,
            back,
            best_end,
            sel_used,
            claim_used,
            claim_sel,
        } = buf;
        let claim = &text.terms;
        // Every (selection position, claim position) pair whose terms agree,
        // found in claim order, then put in selection order by counting
        // (the claim order stays within each selection position).
        by_claim.clear();
        for (cj, &cid) in claim.iter().enumerate() {
            for &(si, f) in where_in_sel.get(&cid).map_or(&[][..], Vec::as_slice) {
                by_claim.push((si, cj, self.idf[cid as usize] * f));
            }
        }
        if by_claim.is_empty() {
            return Err(Refusal::NothingShared);
        }
        let positions = by_claim.iter().map(|p| p.0).max().map_or(0, |m| m + 1);
        reset(starts, positions + 1, 0);
        for p in by_claim.iter() {
            starts[p.0 + 1] += 1;
        }
        // Each selection term is matched once at most, for at most its
        // weight: a text that cannot reach the caller's floor is not
        // aligned (most candidates of a sentence that states no claim).
        if floor > 0.0 {
            let (terms, shared) = (0..positions)
                .filter(|&si| starts[si + 1] > 0)
                .fold((0, 0.0), |(n, w), si| (n + 1, w + sel[si].weight));
            if self.best_possible(terms, shared, weight) < floor {
                return Err(Refusal::BelowFloor);
            }
        }
        for i in 0..positions {
            starts[i + 1] += starts[i];
        }
        reset(pairs, by_claim.len(), (0, 0, 0.0));
        for &p in by_claim.iter() {
            pairs[starts[p.0]] = p;
            starts[p.0] += 1;
        }
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
            // A chain as heavy as the one kept, ending at a later word of
            // the selection, takes its place: a claim word that occurs twice
            // ("The regime refuses …, nor does the regime abide …") is read
            // where it is nearest the rest of the claim, so the claim's span
            // does not swallow the clause before it, nor push a claim stated
            // there out of the page's marks as an overlap.
            for k in g..h {
                let cj = pairs[k].1;
                if dp[k] >= best_end[cj].0 {
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
        reset(claim_sel, claim.len(), usize::MAX);
        let mut matched_w = 0.0;
        let mut count = 0;
        // The span the claim is read in: its in-order run, stretched below
        // to the terms matched out of order (a paraphrase moves clauses
        // around: "…built six more nukes since the summit").
        let (mut span_lo, mut span_hi) = (usize::MAX, 0);
        while k != usize::MAX {
            let (si, cj, w) = pairs[k];
            span_lo = span_lo.min(si);
            span_hi = span_hi.max(si);
            sel_used[si] = true;
            claim_used[cj] = true;
            claim_sel[cj] = si;
            matched_w += w;
            count += 1;
            k = back[k];
        }
        // Shared terms out of order, at a discount.
        for &(si, cj, w) in pairs.iter() {
            if !sel_used[si] && !claim_used[cj] {
                sel_used[si] = true;
                claim_used[cj] = true;
                claim_sel[cj] = si;
                matched_w += w * OUT_OF_ORDER;
                count += 1;
            }
        }
        if let Some(why) = self.swapped(sel, actors, text.claim as usize, claim, claim_sel, sel_used) {
            return Err(Refusal::Swapped(why));
        }
        // What the claim does not explain: inside the aligned span, and outside it.
        let lo = sel_used.iter().position(|&u| u).unwrap_or(0);
        let hi = sel_used.iter().rposition(|&u| u).unwrap_or(0);
        let mean_w = weight / claim.len().max(1) as f32;
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
        let recall = (matched_w / (weight + inside)).min(1.0);
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
        let score = as_whole.max(as_part);
        if let Some(why) = self.other_count(sel, claim, claim_sel, sel_used) {
            return Err(Refusal::Contradicted { why, score });
        }
        let aligned = sel_used.iter().zip(sel).filter(|(&u, _)| u).map(|(_, s)| s.start).collect();
        Ok(Match {
            aligned,
            claim: text.claim as usize,
            score,
            recall,
            precision,
            start: sel[lo].start,
            end: sel[span_hi.max(hi)].end,
        })
    }
}

impl Matcher {
    /// [`Matcher::align`], and the pairs it aligned: (selection position,
    /// claim position), for explanations.
    pub(super) fn align_pairs(
        &self,
        sel: &[SelTerm],
        actors: &Actors,
        where_in_sel: &SelIndex,
        ti: u32,
    ) -> (Result<Match, Refusal>, Vec<(usize, usize)>) {
        let result = self.align(sel, actors, where_in_sel, ti, 0.0);
        let pairs = SCRATCH.with(|s| {
            let s = s.borrow();
            s.claim_sel
                .iter()
                .enumerate()
                .filter(|&(_, &si)| si != usize::MAX)
                .map(|(cj, &si)| (si, cj))
                .collect()
        });
        (result, pairs)
    }

    /// True when entity `outer` is where place `place` lies, as the
    /// database says (`containedInPlace`, read as an affiliation).
    fn surrounds(&self, outer: usize, place: usize) -> bool {
        self.entities[place].kind == EntityKind::Place && self.affiliated[place].contains(&outer)
    }

    /// True when the selection puts another actor in the place of one of
    /// the claim's: a claim entity the selection does not hold, while the
    /// selection names another entity of the database, names something the
    /// database does not know, uses a reference its page says is someone
    /// else, or has an unmatched word where the entity stands ("venezuela
    /// refused meetings" against "Pyongyang refused meetings").
    fn swapped(
        &self,
        sel: &[SelTerm],
        actors: &Actors,
        claim_index: usize,
        claim: &[u32],
        claim_sel: &[usize],
        sel_used: &[bool],
    ) -> Option<Swap> {
        let entities = &self.claim_entities[claim_index];
        if entities.is_empty() {
            return None;
        }
        // An actor of the claim is missing, and someone else is there: a
        // name the database does not know counts unless it stands in a long
        // aside the claim skips (a related-links card).
        let missing_actors = entities.iter().copied().filter(|e| !actors.present.contains(e));
        if let Some(missing) = missing_actors.clone().next() {
            let belongs = |n: usize| entities.contains(&n) || self.affiliated[n].iter().any(|a| entities.contains(a));
            // Positions in the text aligned (a clause holds only some of
            // them; a name outside the clause counts). Asides exist only
            // around a claim that is there nearly whole.
            let at = |offset: u32| sel.iter().position(|s| s.start == offset);
            let aligned = claim_sel.iter().filter(|&&si| si != usize::MAX).count();
            let nearly_whole = aligned * 10 >= claim.len() * ASIDE_COVERAGE;
            let counts = |o: u32| at(o).is_none_or(|si| !(nearly_whole && in_aside(sel_used, si)));
            // Another of the database's entities counts when it can take a
            // missing actor's role (a person is no swap for a place: "since
            // its leader met Trump" for "since the Singapore summit").
            let kind = |n: usize| self.entities[n].kind;
            let role_of = |other: usize| missing_actors.clone().find(|&m| kind(m).same_role(kind(other)));
            // A place named by what contains it is the same place, less
            // precisely ("the summit in Vietnam" for "the Hanoi summit").
            let surrounds_missing = |other: usize| missing_actors.clone().any(|m| self.surrounds(other, m));
            for &(other, o) in &actors.named_at {
                if belongs(other) || surrounds_missing(other) || !counts(o) {
                    continue;
                }
                if let Some(missing) = role_of(other) {
                    return Some(Swap::OtherEntity { missing, other, at: o });
                }
            }
            if let Some(&o) = actors.foreign_at.iter().find(|&&o| counts(o)) {
                return Some(Swap::UnknownName { missing, at: o });
            }
            if actors.conflicting_reference {
                return Some(Swap::Reference { missing });
            }
        }
        // The page is about something else, and the selection does not
        // name any of the claim's actors.
        if actors.page.foreign && !actors.on_topic(entities) {
            return Some(Swap::PageElsewhere);
        }
        // An unmatched word where one of the claim's entities stands.
        for (cj, &cid) in claim.iter().enumerate() {
            if !self.is_entity[cid as usize] || claim_sel[cj] != usize::MAX {
                continue;
            }
            // The nearest aligned claim positions around the entity, and
            // whether only the entity lies between them on the claim's side.
            let before = (0..cj).rev().find(|&j| claim_sel[j] != usize::MAX);
            let after = (cj + 1..claim.len()).find(|&j| claim_sel[j] != usize::MAX);
            let only_entity = |from: usize, to: usize| (from..to).all(|j| j == cj || self.is_entity[claim[j] as usize]);
            let slot = match (before, after) {
                (Some(b), Some(a)) if only_entity(b + 1, a) && claim_sel[b] < claim_sel[a] => claim_sel[b] + 1..claim_sel[a],
                (None, Some(a)) if only_entity(0, a) => claim_sel[a].saturating_sub(SLOT_WORDS)..claim_sel[a],
                (Some(b), None) if only_entity(b + 1, claim.len()) => claim_sel[b] + 1..(claim_sel[b] + 1 + SLOT_WORDS).min(sel.len()),
                _ => continue,
            };
            let missing = entity_of(&self.terms[cid as usize]).map_or(0, |(e, _)| e);
            // A part of the entity in its place ("the UN Security Council"
            // for "the UN") is not someone else, nor is what surrounds a
            // place ("the Vietnam summit" for "the Hanoi summit").
            let part_of_missing = |si: usize| {
                sel[si].kind == super::TermKind::Entity
                    && actors.named_at.iter().any(|&(n, at)| {
                        at == sel[si].start && (n == missing || self.affiliated[n].contains(&missing) || self.surrounds(n, missing))
                    })
            };
            // Nor is a date or a number ("the February summit").
            let stands_in = |si: usize| !sel_used[si] && sel[si].weight > 0.0 && !sel[si].dated && !part_of_missing(si);
            if let Some(si) = slot.into_iter().find(|&si| stands_in(si)) {
                return Some(Swap::Substituted { missing, at: sel[si].start });
            }
        }
        None
    }
}

/// Why an alignment gave no match.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The selection and the text share no term.
    NothingShared,
    /// The selection shares too little with the text for its score to
    /// reach the floor the caller asked for (the alignment was skipped).
    BelowFloor,
    /// The selection puts another actor in the claim's place.
    Swapped(Swap),
    /// The selection counts what the claim counts, in another number
    /// ([`Swap::OtherCount`]): another fact about the same thing. `score` is
    /// what the alignment would have scored: the claim is not shown, and
    /// a claim in the lower band must lead it as it leads any other.
    Contradicted { why: Swap, score: f32 },
}

/// How a selection put another actor, or another count, in a claim's
/// place (entities by their index in [`Matcher::entities`], places by
/// UTF-16 offset in the selection).
#[derive(Debug, Clone, PartialEq)]
pub enum Swap {
    /// The claim's `missing` entity is absent and the selection names the
    /// database's `other` entity.
    OtherEntity { missing: usize, other: usize, at: u32 },
    /// The claim's `missing` entity is absent and the selection names
    /// something the database does not know.
    UnknownName { missing: usize, at: u32 },
    /// The claim's `missing` entity is absent and a reference ("the
    /// regime") means someone else on this page.
    Reference { missing: usize },
    /// The page is about something else, and the selection names none of
    /// the claim's actors.
    PageElsewhere,
    /// A word stands where the claim's `missing` entity stands.
    Substituted { missing: usize, at: u32 },
    /// The selection counts the same thing as the claim, differently:
    /// `said` at `at` where the claim says `claimed`, both in thousandths
    /// ("between 20 and 60 nuclear weapons" against "six nuclear weapons").
    OtherCount { claimed: u64, said: u64, at: u32 },
}

/// How many words a count may stand before the word it counts ("six more
/// nuclear weapons").
const COUNT_WORDS: usize = 2;

/// Two counts further apart than a tenth of the larger one disagree: "11
/// resolutions" is "nearly a dozen resolutions", "60 weapons" is not "six
/// weapons".
const COUNT_TOLERANCE_TENTHS: u64 = 1;

/// True when counts `a` and `b` say the same quantity (see
/// [`COUNT_TOLERANCE_TENTHS`]).
fn same_count(a: u64, b: u64) -> bool {
    a.abs_diff(b).saturating_mul(10) <= COUNT_TOLERANCE_TENTHS.saturating_mul(a.max(b))
}

impl Matcher {
    /// A count of the claim's that the selection leaves out, while it puts
    /// another count before the word the claim's counts: the same thing,
    /// in another number. The counted word is the first aligned claim term
    /// within [`COUNT_WORDS`] after the count, and the selection's count
    /// stands within as many words before the term aligned with it.
    fn other_count(&self, sel: &[SelTerm], claim: &[u32], claim_sel: &[usize], sel_used: &[bool]) -> Option<Swap> {
        if !sel.iter().any(|s| s.count.is_some()) {
            return None;
        }
        for (cj, &cid) in claim.iter().enumerate() {
            if claim_sel[cj] != usize::MAX || !self.dated_terms[cid as usize] {
                continue;
            }
            let Some(claimed) = count_of(&self.terms[cid as usize]) else { continue };
            let Some(counted) = (cj + 1..claim.len().min(cj + 1 + COUNT_WORDS)).find(|&j| claim_sel[j] != usize::MAX) else {
                continue;
            };
            let at = claim_sel[counted];
            let other = (at.saturating_sub(COUNT_WORDS)..at)
                .rev()
                .find_map(|si| sel[si].count.filter(|_| !sel_used[si]).map(|said| (si, said)));
            if let Some((si, said)) = other.filter(|&(_, said)| !same_count(claimed, said)) {
                return Some(Swap::OtherCount { claimed, said, at: sel[si].start });
            }
        }
        None
    }
}

/// True when selection position `si` lies in a run of at least
/// [`NOISE_RUN`] unmatched terms between matched ones: an aside.
fn in_aside(sel_used: &[bool], si: usize) -> bool {
    if sel_used.get(si).copied().unwrap_or(true) {
        return false;
    }
    let start = (0..si).rev().find(|&j| sel_used[j]);
    let end = (si + 1..sel_used.len()).find(|&j| sel_used[j]);
    match (start, end) {
        (Some(a), Some(b)) => b - a > NOISE_RUN,
        _ => false,
    }
}

/// A run of unmatched words counts as an aside (not the claim's
/// business) only when at least this many tenths of the claim's terms
/// are aligned around it.
const ASIDE_COVERAGE: usize = 7;

/// How many words before or after a claim's edge count as the place of an
/// entity that starts or ends the claim.
const SLOT_WORDS: usize = 2;

/// Work buffers for [`Matcher::align`], reused between alignments.
#[derive(Default)]
struct Scratch {
    pairs: Vec<(usize, usize, f32)>,
    /// The pairs in claim order, before counting them into `pairs`.
    by_claim: Vec<(usize, usize, f32)>,
    /// Where each selection position's pairs start (counting sort).
    starts: Vec<usize>,
    dp: Vec<f32>,
    back: Vec<usize>,
    best_end: Vec<(f32, usize)>,
    sel_used: Vec<bool>,
    claim_used: Vec<bool>,
    /// For each claim position, the selection position aligned with it.
    claim_sel: Vec<usize>,
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
pub(super) type SelIndex = HashMap<u32, Vec<(usize, f32)>>;

pub(super) fn sel_index(sel: &[SelTerm]) -> SelIndex {
    let mut index: SelIndex = HashMap::default();
    for (si, s) in sel.iter().enumerate() {
        for &(id, f) in &s.ids {
            index.entry(id).or_default().push((si, f));
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use crate::matching::{Matcher, PageContext, MAX_CANDIDATES};
    use crate::testdata;

    /// The database with its entities (the test data's matcher has none).
    fn matcher() -> Matcher {
        let db = crate::claimreview::load(testdata::DATABASE).expect("the database loads").database;
        Matcher::from_index(crate::matching::index::StoredIndex::build(db.claims, db.entities, Default::default()))
    }

    /// Texts to match: the article's sentences, every claim text, the
    /// tuning half of the labelled set (rewordings, swaps, other topics),
    /// and a passage with another country in it.
    fn texts(m: &Matcher) -> Vec<String> {
        let article = include_str!("../../../claims/klingner-2019.article.txt");
        let labelled = include_str!("../../../tests/data/match_cases.tune.tsv");
        let mut texts: Vec<String> = crate::text::sentences(article).map(|(_, s)| s.to_string()).collect();
        texts.extend(m.claims().iter().flat_map(|c| c.match_texts().map(str::to_string)));
        texts.extend(labelled.lines().skip(1).filter_map(|line| line.split('\t').nth(2)).map(str::to_string));
        texts.push(format!("{} {}", article.get(..400).unwrap_or(article), "Venezuela held talks."));
        texts
    }

    /// No candidate's final score (boost included) is above the bound the
    /// floor is checked against, the bound's inputs counted here apart.
    #[test]
    fn no_alignment_scores_above_its_bound() {
        let m = &matcher();
        let (mut checked, mut close) = (0, 0);
        for text in texts(m) {
            let terms = m.selection_terms(&text).unwrap_or_default();
            let (sel, actors) = m.resolve(&terms, &PageContext::default());
            let where_in_sel = super::sel_index(&sel);
            for ti in m.candidates(&sel, MAX_CANDIDATES) {
                let Ok(mut found) = m.align(&sel, &actors, &where_in_sel, ti, 0.0) else { continue };
                m.boost_on_topic(&sel, &mut found);
                let in_text = &m.texts[ti as usize].terms;
                let meeting: Vec<f32> = sel
                    .iter()
                    .filter(|s| s.ids.iter().any(|(id, _)| in_text.contains(id)))
                    .map(|s| s.weight)
                    .collect();
                let bound = m.best_possible(meeting.len(), meeting.iter().sum(), m.text_weights[ti as usize]);
                assert!(found.score <= bound + 1e-5, "{text:?}: score {} over bound {bound}", found.score);
                checked += 1;
                close += usize::from(bound - found.score < 0.1);
            }
        }
        assert!(checked > 500 && close > 20, "{checked} alignments, {close} within 0.1 of their bound");
    }

    /// A claim word that occurs twice is read where it is nearest the rest
    /// of the claim: the second claim of a sentence starts at its own
    /// "regime", not the first claim's, and annotation marks both claims.
    #[test]
    fn a_repeated_word_is_read_nearest_the_rest_of_the_claim() {
        let m = matcher();
        let text = "The regime refuses to comply with nearly a dozen United Nations resolutions that require it \
                    to unilaterally denuclearize, nor does the regime abide by the commitments it made in eight \
                    previous international agreements.";
        let second = text.find("nor does").expect("the second clause") as u32;
        let id = |c: usize| m.claims()[c].id.as_str();
        let found = m.find_on(text, &PageContext::default());
        let span = |claim: &str| found.iter().find(|f| id(f.claim) == claim).map(|f| f.start);
        // Control: the first claim starts at the first word.
        assert_eq!(span("nearly-a-dozen-un-resolutions"), Some(0));
        let start = span("eight-previous-agreements").expect("the second claim is found");
        assert!(start >= second, "the second claim starts at {start}, before its clause at {second}");
        let marked: Vec<&str> = m.annotate(text).iter().map(|a| id(a.claim)).collect();
        assert_eq!(marked, ["nearly-a-dozen-un-resolutions", "eight-previous-agreements"]);
    }

    /// Skipping the candidates that cannot reach the floor changes nothing
    /// [`Matcher::find`] reports (on its own and on a page about the
    /// database, with the usual thresholds and with most results in the
    /// lower band), and some candidates were skipped.
    #[test]
    fn the_floor_skips_alignments_without_changing_a_result() {
        let high = crate::matching::Limits { threshold: 0.95, ..Default::default() };
        for m in [matcher(), matcher().with_limits(high)] {
            same_results_with_the_floor(&m);
        }
    }

    fn same_results_with_the_floor(m: &Matcher) {
        let pages = [PageContext::default(), m.page_context("Kim Jong Un and North Korea")];
        let (mut skipped, mut results) = (0, 0);
        for text in texts(m) {
            let terms = m.selection_terms(&text).unwrap_or_default();
            for page in &pages {
                let floor = m.score_floor();
                let whole = m.find_terms_above(&text, &terms, page, 0.0);
                assert_eq!(m.find_terms_above(&text, &terms, page, floor), whole, "{text:?}");
                results += whole.len();
                let (sel, actors) = m.resolve(&terms, page);
                let all = m.rank_resolved(&sel, &actors, MAX_CANDIDATES, usize::MAX, 0.0).matches.len();
                skipped += all - m.rank_resolved(&sel, &actors, MAX_CANDIDATES, usize::MAX, floor).matches.len();
            }
        }
        assert!(results > 50, "claims were found ({results})");
        assert!(skipped > 100, "candidates were skipped ({skipped})");
    }
}
