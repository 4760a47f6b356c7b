//! Why a selection matched a claim, or did not: every candidate the
//! matcher weighed, with the claim text it was read in, the words it
//! aligned and by which relation (the same word, a number, a related word,
//! an entity, a reference, a typo), and the reason a near miss was refused. For editors
//! (`claimlens match --explain`); the widget never calls it.

use super::align::sel_index;
use super::meaning::{claim_terms, entity_of};
use super::{keep_best, Matcher, PageContext, Refusal, Swap, TermKind, EXPLAINED, MAX_CANDIDATES};
use crate::text;
use crate::hash::FxHashMap as HashMap;

/// How a selection's words met a claim term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Relation {
    /// The same word (after folding and stemming).
    Same,
    /// The same number.
    Number,
    /// A related word (synonym, derivation, near hypernym), with its weight.
    Related(f32),
    /// An entity's name or alias.
    Entity,
    /// A reference resolved to the entity ("the regime"), with its factor.
    Reference(f32),
    /// A word one typo away.
    Typo,
    /// Half of a word glued to the next.
    Glued,
}

/// One aligned pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The selection's words, in UTF-16 code units.
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// The claim's term.
    pub term: String,
    /// How they met.
    pub relation: Relation,
}

/// What became of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Reported as a match.
    Match,
    /// Its score is below the lower threshold.
    BelowThreshold,
    /// In the lower band, but neither the selection nor its page names the
    /// claim's actors.
    OffTopic,
    /// Above the threshold, but neither the selection nor its page names
    /// the claim's actors, and the claim explains only `precision` of the
    /// selection.
    Unexplained { precision: f32 },
    /// In the lower band, but not clearly ahead of the next claim.
    NoLead { lead: f32 },
    /// In the lower band, but its recall and precision are too far apart
    /// (a few words of a long selection about something else).
    Unbalanced { balance: f32 },
    /// In the lower band, which is for the best claim, and for a claim in
    /// words of its own beside a shown one (with a score of its own).
    NotBest,
    /// Another match explains the same part of the selection.
    Overlaps,
    /// Refused: the selection puts another actor in the claim's place.
    Swapped(Swap),
}

/// One candidate claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The claim's index in [`Matcher::claims`].
    pub claim: usize,
    /// Its best score over its texts (0 when refused).
    pub score: f32,
    /// The harmonic mean of its best text's recall and precision.
    pub balance: f32,
    /// The share of the selection its best text explains.
    pub precision: f32,
    /// What became of it.
    pub decision: Decision,
    /// Its best text: the place of that text in the claim's
    /// [`Claim::match_texts`](crate::model::Claim::match_texts) (see
    /// [`Claim::match_text`](crate::model::Claim::match_text)).
    pub text: usize,
    /// The pairs of its best text's alignment.
    pub pairs: Vec<Pair>,
}

impl Matcher {
    /// Every candidate for `selection` on `page`, best first, at most `k`.
    pub fn explain(&self, selection: &str, page: &PageContext, k: usize) -> Vec<Candidate> {
        let shown = self.find_on(selection, page);
        let found: Vec<usize> = shown.iter().map(|m| m.claim).collect();
        let (sel, actors) = self.resolve(&text::terms_with(selection, &self.phrases), page);
        if sel.is_empty() {
            return Vec::new();
        }
        // A shown claim refused at first for a name another shown claim
        // reads as its own is explained as `find` read it: without those
        // names (see `beside.rs`).
        let rest = actors.without_names_read_by(&shown);
        let where_in_sel = sel_index(&sel);
        let mut best: HashMap<usize, Candidate> = HashMap::default();
        // A claim contradicted in one text is refused whole (as `find` does).
        let mut contradicted: HashMap<usize, Candidate> = HashMap::default();
        for ti in self.candidates(&sel, MAX_CANDIDATES) {
            let text = &self.texts[ti as usize];
            let (mut result, mut aligned) = self.align_pairs(&sel, &actors, &where_in_sel, ti);
            if matches!(result, Err(Refusal::Swapped(_))) && found.contains(&(text.claim as usize)) {
                (result, aligned) = self.align_pairs(&sel, &rest, &where_in_sel, ti);
            }
            let is_contradiction = matches!(result, Err(Refusal::Contradicted { .. }));
            let text_index = self.text_index(ti as usize);
            let pairs = aligned
                .into_iter()
                .map(|(si, cj)| {
                    let cid = text.terms[cj];
                    let s = &sel[si];
                    let factor = s.ids.iter().find(|(id, _)| *id == cid).map_or(0.0, |&(_, f)| f);
                    let term = self.terms[cid as usize].clone();
                    let relation = match s.kind {
                        TermKind::Entity => Relation::Entity,
                        TermKind::Reference => Relation::Reference(factor),
                        TermKind::Typo => Relation::Typo,
                        TermKind::Glued => Relation::Glued,
                        TermKind::Word if factor < 1.0 => Relation::Related(factor),
                        TermKind::Word if term.bytes().all(|b| b.is_ascii_digit() || b == b'.') => Relation::Number,
                        TermKind::Word => Relation::Same,
                    };
                    let term = match entity_of(&term) {
                        Some((e, _)) => self.entities.get(e).map_or(term, |x| x.name.clone()),
                        None => term,
                    };
                    Pair {
                        start: s.start,
                        end: s.end,
                        term,
                        relation,
                    }
                })
                .collect();
            let candidate = match result {
                Ok(mut m) => {
                    self.boost_on_topic(&sel, &mut m);
                    Candidate {
                        claim: m.claim,
                        score: m.score,
                        balance: m.balance(),
                        precision: m.precision,
                        decision: Decision::BelowThreshold,
                        text: text_index,
                        pairs,
                    }
                }
                Err(Refusal::Swapped(why) | Refusal::Contradicted { why, .. }) => Candidate {
                    claim: text.claim as usize,
                    score: 0.0,
                    balance: 0.0,
                    precision: 0.0,
                    decision: Decision::Swapped(why),
                    text: text_index,
                    pairs,
                },
                // Explanations align every candidate (no floor is asked).
                Err(Refusal::NothingShared | Refusal::BelowFloor) => continue,
            };
            if is_contradiction {
                contradicted.insert(candidate.claim, candidate);
            } else {
                keep_best(&mut best, candidate.claim, candidate, |c| c.score);
            }
        }
        best.extend(contradicted);
        let mut out: Vec<Candidate> = best.into_values().collect();
        crate::sorting::sort_by(&mut out, |a, b| b.score.total_cmp(&a.score).then(a.claim.cmp(&b.claim)));
        let scores: Vec<(usize, f32)> = out.iter().map(|c| (c.claim, c.score)).collect();
        let limits = self.limits;
        for (rank, c) in out.iter_mut().enumerate() {
            if matches!(c.decision, Decision::Swapped(_)) {
                continue;
            }
            let low_band = c.score >= limits.low_threshold && c.score < limits.threshold;
            let entities = &self.claim_entities[c.claim];
            let lead = c.score - scores.iter().filter(|(id, _)| *id != c.claim).map(|s| s.1).fold(0.0, f32::max);
            c.decision = if found.contains(&c.claim) {
                Decision::Match
            } else if c.score < limits.low_threshold {
                Decision::BelowThreshold
            } else if !low_band && !self.about_its_actors(&actors, c.claim) && c.precision < EXPLAINED {
                Decision::Unexplained { precision: c.precision }
            } else if low_band && rank > 0 {
                Decision::NotBest
            } else if low_band && c.balance < limits.low_band_balance {
                Decision::Unbalanced { balance: c.balance }
            } else if low_band && !actors.on_topic(entities) {
                Decision::OffTopic
            } else if low_band && lead < limits.low_band_lead {
                Decision::NoLead { lead }
            } else {
                Decision::Overlaps
            };
        }
        out.truncate(k);
        out
    }

    /// The place in its claim's [`Claim::match_texts`](crate::model::Claim::match_texts)
    /// of indexed text `ti`. A claim's texts are indexed in that order,
    /// leaving out those with no term.
    fn text_index(&self, ti: usize) -> usize {
        let claim = self.texts[ti].claim;
        let nth = self.texts[..ti].iter().filter(|t| t.claim == claim).count();
        self.claims[claim as usize]
            .match_texts()
            .enumerate()
            .filter(|(_, t)| !claim_terms(t, &self.phrases).is_empty())
            .nth(nth)
            .map_or(nth, |(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use crate::matching::meaning::{claim_terms, entity_of};
    use crate::matching::{Matcher, PageContext};
    use crate::model::TextRole;
    use crate::testdata;

    /// The text an explanation names is the one its pairs come from: each
    /// aligned claim term is among that text's terms. Checked on every
    /// text of every claim, for claims with a quote and for the same
    /// claims with none (their texts then start at the restatement); a
    /// claim's own text is mostly read in itself.
    #[test]
    fn an_explanation_names_the_text_it_read() {
        let mut claims = testdata::matcher().claims().to_vec();
        let with_quote = Matcher::new(claims.clone());
        for c in &mut claims {
            c.quote = None;
        }
        let without_quote = Matcher::new(claims);
        let (mut texts, mut itself, mut variants) = (0, 0, 0);
        for m in [&with_quote, &without_quote] {
            for (ci, claim) in m.claims().iter().enumerate() {
                for (i, text) in claim.match_texts().enumerate() {
                    let read = m
                        .explain(text, &PageContext::default(), 60)
                        .into_iter()
                        .find(|c| c.claim == ci)
                        .unwrap_or_else(|| panic!("{}: no candidate for its own text {text:?}", claim.id));
                    let (role, words) = claim.match_text(read.text).expect("a text of the claim");
                    let terms: Vec<String> = claim_terms(words, &m.phrases)
                        .iter()
                        .map(|t| match entity_of(t) {
                            Some((e, _)) => m.entities.get(e).map_or(t.clone(), |x| x.name.clone()),
                            None => t.clone(),
                        })
                        .collect();
                    // (A word the index split, "rollercoaster", holds the term.)
                    for p in &read.pairs {
                        let held = terms.iter().any(|t| t == &p.term || t.contains(p.term.as_str()));
                        assert!(held, "{}: {:?} is not in {role:?} {words:?}", claim.id, p.term);
                    }
                    // The roles follow the texts' order.
                    let expected = match (claim.quote.is_some(), i) {
                        (true, 0) => TextRole::Quote,
                        (true, 1) | (false, 0) => TextRole::Restatement,
                        (true, n) => TextRole::Variant(n - 2),
                        (false, n) => TextRole::Variant(n - 1),
                    };
                    assert_eq!(claim.match_text(i).map(|t| t.0), Some(expected));
                    texts += 1;
                    itself += usize::from(read.text == i);
                    variants += usize::from(matches!(role, TextRole::Variant(_)));
                }
            }
        }
        assert!(itself * 10 >= texts * 9, "{itself} of {texts} texts read in themselves");
        assert!(variants > 50, "variants read: {variants}");
        assert_eq!(with_quote.claims()[0].match_text(99), None);
    }
}
