//! Ranking posts against the archive, and writing the result as a TREC
//! run. Two rankers: ClaimLens's ([`ClaimLensRanker`]: the core matcher's
//! alignment plus BM25 over the same normalised terms) and the README's
//! reference baseline ([`ReferenceRanker`]: plain BM25 over word tokens),
//! kept only so the engine can be compared with it in the same run.

use super::score::write_query;
use super::Query;
use crate::bm25::{word_tokens, Bm25};
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

/// The weight of BM25 against the alignment, chosen on the CheckThat!
/// train split (MAP@5 rises up to about 3, then stays flat); the dev
/// split is reported, not tuned on.
const BM25_WEIGHT: f64 = 3.0;
/// How many candidates the matcher aligns per post.
const CANDIDATES: usize = 200;

/// ClaimLens's archive ranker: for ranking a long post against thousands
/// of short claims, term rarity separates candidates that the alignment
/// alone scores alike, so BM25 (relative to the best candidate's) is added
/// to the alignment score. The widget does not use this: its scores must
/// stay calibrated for abstaining.
pub struct ClaimLensRanker {
    matcher: Matcher,
    bm25: Bm25,
    ids: Vec<String>,
}

impl ClaimLensRanker {
    /// Indexes the claims: the matcher, and BM25 over the claim and its
    /// first variant (the imported fact-check title) as two fields.
    pub fn new(claims: Vec<Claim>) -> ClaimLensRanker {
        let terms = |t: &str| text::terms(t).into_iter().map(|t| t.text).collect::<Vec<_>>();
        let docs: Vec<Vec<Vec<String>>> = claims
            .iter()
            .map(|c| vec![terms(&c.claim_reviewed), c.variants.first().map(|v| terms(v)).unwrap_or_default()])
            .collect();
        ClaimLensRanker {
            ids: claims.iter().map(|c| c.id.clone()).collect(),
            bm25: Bm25::new(&docs),
            matcher: Matcher::new(claims),
        }
    }
}

impl Ranker for ClaimLensRanker {
    fn ids(&self) -> &[String] {
        &self.ids
    }

    fn rank(&self, post: &str) -> Vec<(usize, f64)> {
        let query: Vec<String> = text::terms(post).into_iter().map(|t| t.text).collect();
        let bm25 = self.bm25.scores(&query);
        let aligned = self.matcher.rank(post, CANDIDATES);
        let top = aligned
            .iter()
            .map(|m| bm25[m.claim])
            .fold(0.0, f64::max)
            .max(1e-6);
        let mut best: HashMap<usize, f64> = HashMap::new();
        for m in aligned {
            let combined = (f64::from(m.score) + BM25_WEIGHT * bm25[m.claim] / top) / (1.0 + BM25_WEIGHT);
            let e = best.entry(m.claim).or_insert(combined);
            *e = e.max(combined);
        }
        best.into_iter().collect()
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
