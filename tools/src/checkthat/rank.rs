//! Ranking posts against the archive, and writing the result as a TREC
//! run. Two rankers: ClaimLens's ([`ClaimLensRanker`]: the post cleaned of
//! its tweet furniture, then BM25 over the core's normalised terms) and the
//! README's reference baseline ([`ReferenceRanker`]: plain BM25 over word
//! tokens), kept only so the engine can be compared with it in the same run.
//!
//! Every parameter of the ClaimLens ranker ([`RankParams::CHOSEN`]) was
//! chosen on the train split only, with `claimlens rank --tune` ([`super::tune`]);
//! the dev split is reported, never tuned on.

use super::clean::{clean, CleanOptions};
use super::score::write_query;
use super::Query;
use crate::bm25::{self, word_tokens, Bm25};
use claimlens_core::matching::Matcher;
use claimlens_core::model::Claim;
use claimlens_core::text;
use std::collections::HashMap;

/// Ranks claims for a post: (claim index, score), any order.
pub trait Ranker {
    /// The claims' ids, by index.
    fn ids(&self) -> &[String];
    /// Every candidate claim for `text`, with a score for ordering.
    fn rank(&self, text: &str) -> Vec<(usize, f64)>;
}

/// The ClaimLens ranker's fields, in index order: the claim, its titles
/// (every variant), and both together.
pub const FIELDS: [&str; 3] = ["claim", "titles", "both"];

/// How many candidates the matcher aligns per post, when it takes part.
const CANDIDATES: usize = 200;

/// Everything about the ClaimLens ranker that is chosen on the train split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankParams {
    /// How the post is cleaned first.
    pub clean: CleanOptions,
    /// BM25's k1 and b.
    pub bm25: bm25::Params,
    /// The weight of each of the [`FIELDS`] in the BM25 sum.
    pub fields: [f64; 3],
    /// Whether a term the post repeats counts once per occurrence (else once).
    pub repeats: bool,
    /// The weight of the core matcher's alignment score (in 0..1) beside
    /// BM25 relative to the post's best candidate (in 0..1); at 0 the
    /// matcher is not built.
    pub align: f64,
}

impl RankParams {
    /// The parameters chosen on the train split (see [`super::tune`] for
    /// the sweep and its figures).
    pub const CHOSEN: RankParams = RankParams {
        clean: CleanOptions::CHOSEN,
        bm25: bm25::Params { k1: 0.3, b: 0.75 },
        fields: [1.0, 1.0, 2.0],
        repeats: false,
        align: 0.0,
    };
}

/// The core's normalised terms of a post, after cleaning it.
pub fn post_terms(post: &str, clean_options: &CleanOptions, repeats: bool) -> Vec<String> {
    let mut terms: Vec<String> = text::terms(&clean(post, clean_options))
        .into_iter()
        .map(|t| t.text)
        .collect();
    if !repeats {
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
    }
    terms
}

/// ClaimLens's archive ranker: the post is cleaned of its tweet furniture
/// ([`super::clean`]), turned into the core's normalised terms
/// ([`claimlens_core::text::terms`], the matcher's own), and scored by BM25
/// over the claim and its titles ([`RankParams`]); the core matcher's
/// alignment can be added to it. The widget does not use this: its scores
/// must stay calibrated for abstaining.
pub struct ClaimLensRanker {
    bm25: Bm25,
    matcher: Option<Matcher>,
    ids: Vec<String>,
    params: RankParams,
}

impl ClaimLensRanker {
    /// Indexes the claims with the parameters chosen on train.
    pub fn new(claims: Vec<Claim>) -> ClaimLensRanker {
        ClaimLensRanker::with_params(claims, RankParams::CHOSEN, false)
    }

    /// Indexes the claims for `params`; the matcher is built when
    /// `params.align` is not 0, or always with `with_matcher` (for
    /// [`ClaimLensRanker::rank_with`] under other parameters).
    pub fn with_params(claims: Vec<Claim>, params: RankParams, with_matcher: bool) -> ClaimLensRanker {
        let terms = |t: &str| text::terms(t).into_iter().map(|t| t.text).collect::<Vec<_>>();
        let docs: Vec<Vec<Vec<String>>> = claims
            .iter()
            .map(|c| {
                let claim = terms(&c.claim_reviewed);
                let titles = terms(&c.variants.join(" . "));
                let both = claim.iter().chain(&titles).cloned().collect();
                vec![claim, titles, both]
            })
            .collect();
        ClaimLensRanker {
            ids: claims.iter().map(|c| c.id.clone()).collect(),
            bm25: Bm25::new(&docs),
            matcher: (with_matcher || params.align != 0.0).then(|| Matcher::new(claims)),
            params,
        }
    }

    /// Every claim's BM25 score for a post's terms ([`post_terms`]).
    pub fn bm25_scores(&self, terms: &[String], params: &RankParams) -> Vec<f64> {
        self.bm25.weighted_scores(terms, params.bm25, &params.fields)
    }

    /// The matcher's aligned candidates for the cleaned post, with their
    /// scores; none when the matcher was not built.
    pub fn aligned(&self, post: &str, clean_options: &CleanOptions) -> Vec<(usize, f64)> {
        self.matcher.as_ref().map_or_else(Vec::new, |m| {
            m.rank(&clean(post, clean_options), CANDIDATES)
                .into_iter()
                .map(|m| (m.claim, f64::from(m.score)))
                .collect()
        })
    }

    /// Ranks a post under `params` rather than the ranker's own; the
    /// matcher takes part only when it was built.
    pub fn rank_with(&self, post: &str, params: &RankParams) -> Vec<(usize, f64)> {
        let terms = post_terms(post, &params.clean, params.repeats);
        let bm25 = self.bm25_scores(&terms, params);
        let aligned = if params.align != 0.0 {
            self.aligned(post, &params.clean)
        } else {
            Vec::new()
        };
        combine(&bm25, aligned.into_iter(), params.align)
    }
}

/// The ranking of one post from its BM25 scores and the matcher's aligned
/// candidates: BM25 divided by the post's best, plus `align` times the
/// alignment score; every claim with a BM25 score or an alignment is a
/// candidate.
pub fn combine(bm25: &[f64], aligned: impl Iterator<Item = (usize, f64)>, align: f64) -> Vec<(usize, f64)> {
    let top = bm25.iter().copied().fold(0.0, f64::max).max(1e-9);
    let mut best: HashMap<usize, f64> = bm25
        .iter()
        .enumerate()
        .filter(|&(_, &s)| s > 0.0)
        .map(|(i, &s)| (i, s / top))
        .collect();
    for (claim, score) in aligned {
        let base = bm25.get(claim).map_or(0.0, |s| s / top);
        let combined = base + align * score;
        let e = best.entry(claim).or_insert(combined);
        *e = e.max(combined);
    }
    best.into_iter().collect()
}

impl Ranker for ClaimLensRanker {
    fn ids(&self) -> &[String] {
        &self.ids
    }

    fn rank(&self, post: &str) -> Vec<(usize, f64)> {
        self.rank_with(post, &self.params)
    }
}

/// The README's reference baseline, **not the product**: plain Okapi BM25
/// (k1 = 1.2, b = 0.75, lower-cased word tokens, no stopwords or stemming),
/// with the claim text and the title as two fields and a claim scored by
/// the better of the two, like the organisers' Elasticsearch baseline.
pub struct ReferenceRanker {
    bm25: Bm25,
    ids: Vec<String>,
}

impl ReferenceRanker {
    /// Indexes the claims.
    pub fn new(claims: &[Claim]) -> ReferenceRanker {
        let docs: Vec<Vec<Vec<String>>> = claims
            .iter()
            .map(|c| vec![word_tokens(&c.claim_reviewed), c.variants.first().map(|v| word_tokens(v)).unwrap_or_default()])
            .collect();
        ReferenceRanker {
            bm25: Bm25::new(&docs),
            ids: claims.iter().map(|c| c.id.clone()).collect(),
        }
    }
}

impl Ranker for ReferenceRanker {
    fn ids(&self) -> &[String] {
        &self.ids
    }

    fn rank(&self, post: &str) -> Vec<(usize, f64)> {
        self.bm25
            .scores(&word_tokens(post))
            .into_iter()
            .enumerate()
            .filter(|&(_, s)| s > 0.0)
            .collect()
    }
}

/// Ranks every query and writes a TREC run: `query_id Q0 claim_id rank
/// score tag` (tab separated, the format the task's checker expects), at
/// most `k` lines per query, ranks from 1, scores descending, ties broken
/// by claim id descending like the official scorer.
///
/// Every candidate the ranker returns is considered (not only its own top
/// `k`), so the official tie-break decides which of several equal scores
/// make the cut. A query with no candidate has no line, as in any TREC run.
pub fn trec_run(ranker: &dyn Ranker, queries: &[Query], k: usize, tag: &str) -> String {
    let mut out = String::new();
    let ids = ranker.ids();
    for q in queries {
        let ranked: Vec<(&str, f64)> = ranker
            .rank(&q.text)
            .into_iter()
            .map(|(claim, score)| (ids[claim].as_str(), score))
            .collect();
        write_query(&mut out, &q.id, ranked, k, tag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{import_vclaims, to_jsonld};
    use super::*;

    #[test]
    fn combine_adds_the_alignment() {
        let ranked = combine(&[2.0, 0.0, 1.0], [(1, 0.8), (2, 0.4)].into_iter(), 0.5);
        let mut ranked = ranked;
        ranked.sort_by_key(|r| r.0);
        assert_eq!(ranked, [(0, 1.0), (1, 0.4), (2, 0.7)]);
        // Without alignment, only claims with a BM25 score are candidates.
        let mut plain = combine(&[2.0, 0.0, 1.0], std::iter::empty(), 0.0);
        plain.sort_by_key(|r| r.0);
        assert_eq!(plain, [(0, 1.0), (2, 0.5)]);
    }

    #[test]
    fn cleaning_keeps_a_link_from_deciding() {
        // Post 7 of the CLI tests' fixture: claim 42's words, and a link
        // whose path spells claim 77's.
        let tsv = include_str!("../../tests/data/checkthat/verified_claims.docs.tsv");
        let claims = claimlens_core::claimreview::load(&to_jsonld(import_vclaims(tsv).unwrap()))
            .unwrap()
            .database
            .claims;
        let ranker = ClaimLensRanker::new(claims);
        let post = "Shark on a flooded highway?! https://example.com/shark-photographed-swimming-through-flooded-shopping-mall";
        let top = |p: &RankParams| {
            let ranked = ranker.rank_with(post, p);
            let best = ranked.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|r| r.0);
            best.map(|i| ranker.ids()[i].clone())
        };
        assert_eq!(top(&RankParams::CHOSEN).as_deref(), Some("42"));
        let raw = RankParams { clean: CleanOptions::NONE, ..RankParams::CHOSEN };
        assert_eq!(top(&raw).as_deref(), Some("77"));
    }

    #[test]
    fn both_rankers_find_the_claim() {
        let vclaims = "\tvclaim\ttitle\n7\tPlain claim about bananas being radioactive.\tAre Bananas Radioactive?\n12\tSomething else about apples.\tApples\n";
        let claims = claimlens_core::claimreview::load(&to_jsonld(import_vclaims(vclaims).unwrap()))
            .unwrap()
            .database
            .claims;
        let queries = vec![Query {
            id: "1".into(),
            text: "are bananas radioactive".into(),
        }];
        let run = trec_run(&ClaimLensRanker::new(claims.clone()), &queries, 5, "cl");
        assert!(run.starts_with("1\tQ0\t7\t1\t"), "{run}");
        let run = trec_run(&ReferenceRanker::new(&claims), &queries, 5, "bm25");
        assert!(run.starts_with("1\tQ0\t7\t1\t"), "{run}");
        assert_eq!(run.lines().count(), 1);
    }
}
