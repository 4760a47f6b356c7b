//! Okapi BM25 over documents of one or more fields, each already split
//! into tokens: the ranking function both of ClaimLens's archive rankers
//! share (the CheckThat! reference baseline over raw word tokens, and the
//! ClaimLens ranker over the core's normalised terms). Tooling only.
//!
//! IDF is Lucene's, `ln(1 + (N - df + 0.5) / (df + 0.5))`, per field, with
//! `N` the documents that have the field. Two ways to combine fields:
//! [`Bm25::scores`], the best of a document's fields (Elasticsearch's
//! `multi_match`, the reference baseline's), and [`Bm25::weighted_scores`],
//! a weighted sum of them with parameters of the caller's choosing.

use std::collections::HashMap;

/// BM25's term-frequency saturation, in the reference baseline.
pub const K1: f64 = 1.2;
/// BM25's length normalisation, in the reference baseline.
pub const B: f64 = 0.75;

/// BM25's two parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Term-frequency saturation (0: presence only).
    pub k1: f64,
    /// Length normalisation (0: none, 1: full).
    pub b: f64,
}

/// The textbook parameters ([`K1`], [`B`]), the reference baseline's.
pub const REFERENCE: Params = Params { k1: K1, b: B };

/// An index of documents, each with the same fields.
#[derive(Debug, Clone)]
pub struct Bm25 {
    fields: Vec<Field>,
    docs: usize,
}

/// One indexed field.
#[derive(Debug, Clone, Default)]
struct Field {
    /// Term -> (document, term frequency).
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    avg_len: f64,
    /// Documents that have this field.
    docs: usize,
}

impl Field {
    fn new(texts: impl Iterator<Item = Vec<String>>) -> Field {
        let mut f = Field::default();
        for (doc, tokens) in texts.enumerate() {
            f.docs += usize::from(!tokens.is_empty());
            f.lengths.push(tokens.len() as u32);
            let mut tf: HashMap<String, u32> = HashMap::new();
            for t in tokens {
                *tf.entry(t).or_default() += 1;
            }
            for (t, n) in tf {
                f.postings.entry(t).or_default().push((doc as u32, n));
            }
        }
        let total: u64 = f.lengths.iter().map(|&l| u64::from(l)).sum();
        f.avg_len = total as f64 / f.docs.max(1) as f64;
        f
    }

    /// Adds `weight` times this field's score for `query` into `scores`
    /// (one slot per document). A query token counts as often as it occurs.
    fn score(&self, query: &[String], p: Params, weight: f64, scores: &mut [f64]) {
        let n = self.docs as f64;
        for t in query {
            let Some(post) = self.postings.get(t) else {
                continue;
            };
            let df = post.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in post {
                let tf = f64::from(tf);
                let norm = 1.0 - p.b + p.b * f64::from(self.lengths[doc as usize]) / self.avg_len.max(1e-9);
                scores[doc as usize] += weight * idf * tf * (p.k1 + 1.0) / (tf + p.k1 * norm);
            }
        }
    }
}

impl Bm25 {
    /// Indexes `docs`, each a list of fields, each field a list of tokens
    /// (a missing field is an empty list).
    pub fn new(docs: &[Vec<Vec<String>>]) -> Bm25 {
        let fields = docs.iter().map(Vec::len).max().unwrap_or(0);
        Bm25 {
            fields: (0..fields)
                .map(|f| Field::new(docs.iter().map(|d| d.get(f).cloned().unwrap_or_default())))
                .collect(),
            docs: docs.len(),
        }
    }

    /// How many documents the index holds.
    pub fn len(&self) -> usize {
        self.docs
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Every document's score for the query tokens with the [`REFERENCE`]
    /// parameters: the best of its fields.
    pub fn scores(&self, query: &[String]) -> Vec<f64> {
        let mut best = vec![0.0; self.docs];
        let mut s = vec![0.0; self.docs];
        for f in &self.fields {
            s.iter_mut().for_each(|x| *x = 0.0);
            f.score(query, REFERENCE, 1.0, &mut s);
            for (b, s) in best.iter_mut().zip(&s) {
                *b = f64::max(*b, *s);
            }
        }
        best
    }

    /// Every document's score for the query tokens with parameters `p`:
    /// the sum over fields of `weights[field]` times the field's score (a
    /// field with no weight, or weight 0, is left out).
    pub fn weighted_scores(&self, query: &[String], p: Params, weights: &[f64]) -> Vec<f64> {
        let mut s = vec![0.0; self.docs];
        for (f, &w) in self.fields.iter().zip(weights) {
            if w != 0.0 {
                f.score(query, p, w, &mut s);
            }
        }
        s
    }
}

/// Lower-cased word tokens: runs of letters, digits and `_` (Python's `\w+`).
pub fn word_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&[&str]]) -> Vec<Vec<Vec<String>>> {
        texts.iter().map(|d| d.iter().map(|f| word_tokens(f)).collect()).collect()
    }

    #[test]
    fn rarer_and_denser_terms_score_higher() {
        let bm25 = Bm25::new(&docs(&[&["bananas are radioactive"], &["apples are red"], &["are bananas yellow bananas"]]));
        let s = bm25.scores(&word_tokens("radioactive bananas"));
        assert!(s[0] > s[2] && s[2] > s[1], "{s:?}");
        assert_eq!(s[1], 0.0);
        assert_eq!(bm25.len(), 3);
    }

    #[test]
    fn weighted_fields_add_and_reference_takes_the_best() {
        let bm25 = Bm25::new(&docs(&[&["bananas", "radioactive"], &["apples", "red"], &["pears", ""]]));
        let q = word_tokens("bananas radioactive");
        let best = bm25.scores(&q);
        let sum = bm25.weighted_scores(&q, REFERENCE, &[1.0, 1.0]);
        // Document 0 matches one word in each field: the sum beats the best.
        assert!(sum[0] > best[0] && best[0] > 0.0, "{sum:?} {best:?}");
        // Weighting the title field 0 leaves the claim field only.
        let claim_only = bm25.weighted_scores(&q, REFERENCE, &[1.0, 0.0]);
        assert!((claim_only[0] - best[0]).abs() < 1e-12);
        // k1 = 0 counts presence only; k1 > 0 rewards a repeated term.
        let bm25 = Bm25::new(&docs(&[&["bananas bananas"], &["bananas apples"], &["pears"]]));
        let q = word_tokens("bananas");
        let flat = bm25.weighted_scores(&q, Params { k1: 0.0, b: 0.0 }, &[1.0]);
        assert!((flat[0] - flat[1]).abs() < 1e-12 && flat[0] > 0.0, "{flat:?}");
        let tf = bm25.weighted_scores(&q, Params { k1: 1.2, b: 0.0 }, &[1.0]);
        assert!(tf[0] > tf[1], "{tf:?}");
    }
}
