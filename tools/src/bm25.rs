//! Okapi BM25 over documents of one or more fields, each already split
//! into tokens: the ranking function both of ClaimLens's archive rankers
//! share (the CheckThat! reference baseline over raw word tokens, and the
//! ClaimLens ranker over the core's normalised terms). Tooling only.
//!
//! IDF is Lucene's, `ln(1 + (N - df + 0.5) / (df + 0.5))`, per field; a
//! document scores the best of its fields, like Elasticsearch's
//! `multi_match` over several fields.

use std::collections::HashMap;

/// BM25's term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25's length normalisation.
pub const B: f64 = 0.75;

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

    /// Adds this field's score for `query` into `scores` (one slot per document).
    fn score(&self, query: &[String], scores: &mut [f64]) {
        let n = self.docs as f64;
        for t in query {
            let Some(post) = self.postings.get(t) else {
                continue;
            };
            let df = post.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(doc, tf) in post {
                let tf = f64::from(tf);
                let norm = 1.0 - B + B * f64::from(self.lengths[doc as usize]) / self.avg_len;
                scores[doc as usize] += idf * tf * (K1 + 1.0) / (tf + K1 * norm);
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

    /// Every document's score for the query tokens: the best of its fields.
    pub fn scores(&self, query: &[String]) -> Vec<f64> {
        let mut best = vec![0.0; self.docs];
        let mut s = vec![0.0; self.docs];
        for f in &self.fields {
            s.iter_mut().for_each(|x| *x = 0.0);
            f.score(query, &mut s);
            for (b, s) in best.iter_mut().zip(&s) {
                *b = f64::max(*b, *s);
            }
        }
        best
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

    #[test]
    fn rarer_and_denser_terms_score_higher() {
        let docs: Vec<Vec<Vec<String>>> = ["bananas are radioactive", "apples are red", "are bananas yellow bananas"]
            .iter()
            .map(|t| vec![word_tokens(t)])
            .collect();
        let bm25 = Bm25::new(&docs);
        let s = bm25.scores(&word_tokens("radioactive bananas"));
        assert!(s[0] > s[2] && s[2] > s[1], "{s:?}");
        assert_eq!(s[1], 0.0);
    }
}
