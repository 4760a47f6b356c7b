//! The CheckThat! 2020 Task 2 (English) verified-claim retrieval benchmark:
//! how the matcher ranks a database of 10,375 fact-checked claims against
//! social-media posts that repeat them in other words.
//!
//! The benchmark's files are read here, not bundled (see
//! `scripts/bench-checkthat.sh`, which looks for them next to the repository):
//!
//! * [`read_tsv`] reads its tab-separated files, which use CSV-style double
//!   quoting (`"..."` with `""` escapes, tabs and newlines allowed inside);
//! * [`import_vclaims`] turns `verified_claims.docs.tsv` into ClaimReview
//!   records that [`crate::database::load_json`] accepts, one per claim, with
//!   the benchmark's claim id as the record's `id`;
//! * [`read_queries`], [`read_qrels`] and [`read_run`] read the posts, the
//!   gold pairs and a TREC run;
//! * [`trec_run`] ranks every post with the [`Matcher`] and writes the top
//!   claims as a TREC run; [`score_run`] scores a run by the task's official
//!   rules (MAP@5 as trectools computes it), with MAP@1 and MRR beside it;
//! * [`Bm25`] and [`bm25_run`] are the README's reference baseline, plain
//!   BM25, kept only so the engine can be compared with it in the same run.
//!   It is not part of the product.

use crate::claims::{Claim, ClaimReviewRecord, Named, Number, OneOrMany, Rating};
use crate::matcher::Matcher;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;

/// Who the imported reviews are attributed to.
pub const AUTHOR: &str = "Snopes (via CheckThat! 2020)";
/// The context every imported claim carries: the benchmark has no verdicts.
pub const CONTEXT: &str = "Imported from the CheckThat! 2020 verified-claims benchmark; \
                           the original verdict is not part of the data.";
/// How many claims per post the task scores (MAP@5).
pub const DEPTH: usize = 5;

/// A problem in one of the benchmark's files, with the physical line
/// (counting from 1) where the offending record starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for FormatError {}

// ---------------------------------------------------------------------------
// Reading the files.

/// Reads tab-separated text with CSV-style quoting into records (lists of
/// fields), skipping the header (the first record).
///
/// A field that starts with `"` is quoted: it runs to the next `"` that is
/// not doubled, and may hold tabs and line breaks; `""` inside it stands for
/// one `"`. A `"` anywhere else is an ordinary character. This is what
/// Python's `csv` module (tab delimiter, `"` quote) reads, which is how the
/// benchmark was written. Line ends may be `\n` or `\r\n`; blank lines are
/// skipped. A quoted field still open at the end of the text is an error.
pub fn read_tsv(text: &str) -> Result<Vec<Vec<String>>, FormatError> {
    Ok(read_tsv_lines(text)?
        .into_iter()
        .skip(1)
        .map(|(_, r)| r)
        .collect())
}

/// [`read_tsv`] with the header kept and each record's starting line.
fn read_tsv_lines(text: &str) -> Result<Vec<(usize, Vec<String>)>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // At the start of a field (quoting is only recognised there).
    let mut field_start = true;
    let mut quoted = false;
    let mut end_record = |record: &mut Vec<String>, field: &mut String, start: usize| {
        record.push(std::mem::take(field));
        let r = std::mem::take(record);
        // A blank line is one empty field: skip it.
        if !(r.len() == 1 && r[0].is_empty()) {
            records.push((start, r));
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field_start => {
                quoted = true;
                field_start = false;
            }
            '\t' => {
                record.push(std::mem::take(&mut field));
                field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut record, &mut field, record_line);
                line += 1;
                record_line = line;
                field_start = true;
            }
            c => {
                field.push(c);
                field_start = false;
            }
        }
    }
    if quoted {
        return Err(FormatError {
            line: record_line,
            problem: "a quoted field is never closed".into(),
        });
    }
    if !record.is_empty() || !field.is_empty() {
        end_record(&mut record, &mut field, record_line);
    }
    Ok(records)
}

/// Turns `verified_claims.docs.tsv` (columns: claim id, claim, fact-check
/// title; with a header) into ClaimReview records for the lenient loader.
///
/// Each record keeps the claim id exactly as its `id` (a digit string such as
/// `"784"`, which the lenient rules accept), the claim as `claimReviewed`
/// and the title, when there is one, as its only variant. The benchmark
/// carries no verdicts, so every record is "Unverifiable" (ratingValue -1)
/// and says so in its `context`; it has no sources, `quote` or `kind`.
///
/// Fails on a record with fewer than two or more than three fields, a blank
/// id or claim, or an id seen before: any of them means the file was misread.
pub fn import_vclaims(tsv: &str) -> Result<Vec<ClaimReviewRecord>, FormatError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, rec) in read_tsv_lines(tsv)?.into_iter().skip(1) {
        let err = |problem: String| FormatError { line, problem };
        if !(2..=3).contains(&rec.len()) {
            return Err(err(format!(
                "expected 3 fields (id, claim, title), found {}",
                rec.len()
            )));
        }
        let id = rec[0].trim();
        let claim = rec[1].trim();
        let title = rec.get(2).map_or("", |t| t.trim());
        if id.is_empty() {
            return Err(err("blank claim id".into()));
        }
        if claim.is_empty() {
            return Err(err(format!("claim {id} has no text")));
        }
        if !seen.insert(id.to_string()) {
            return Err(err(format!("duplicate claim id \"{id}\"")));
        }
        out.push(ClaimReviewRecord {
            type_: Some(OneOrMany::One("ClaimReview".into())),
            id: Some(id.to_string()),
            author: Some(OneOrMany::One(Named::Thing {
                type_: Some("Organization".into()),
                name: Some(AUTHOR.into()),
                url: None,
                job_title: None,
            })),
            claim_reviewed: Some(claim.to_string()),
            review_rating: Some(Rating {
                type_: Some("Rating".into()),
                rating_value: Some(Number::Int(-1)),
                best_rating: Some(Number::Int(5)),
                worst_rating: Some(Number::Int(1)),
                alternate_name: Some("Unverifiable".into()),
            }),
            context: Some(CONTEXT.into()),
            variants: (!title.is_empty()).then(|| vec![title.to_string()]),
            ..ClaimReviewRecord::default()
        });
    }
    Ok(out)
}

/// Writes records as one JSON-LD document,
/// `{"@context": "https://schema.org", "@graph": [...]}`.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_jsonld(records: &[ClaimReviewRecord]) -> String {
    crate::database::graph_document(records).to_string()
}

/// One post to rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub id: String,
    pub text: String,
}

/// Reads `tweets.queries.tsv` (columns: query id, post text; with a header;
/// the same quoting as [`read_tsv`]).
pub fn read_queries(tsv: &str) -> Result<Vec<Query>, FormatError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, rec) in read_tsv_lines(tsv)?.into_iter().skip(1) {
        let err = |problem: String| FormatError { line, problem };
        let [id, text] = rec.as_slice() else {
            return Err(err(format!(
                "expected 2 fields (id, text), found {}",
                rec.len()
            )));
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(err("blank query id".into()));
        }
        if !seen.insert(id.to_string()) {
            return Err(err(format!("duplicate query id \"{id}\"")));
        }
        out.push(Query {
            id: id.to_string(),
            text: text.clone(),
        });
    }
    Ok(out)
}

/// The gold pairs: for each query id, the claim ids of its relevant rows
/// (relevance above 0), one entry per row, in file order.
pub type Qrels = BTreeMap<String, Vec<String>>;

/// Reads TREC qrels (`query_id 0 claim_id relevance`, whitespace separated,
/// no header). Rows with relevance 0 are read and left out, as trectools
/// does; a query whose rows are all 0 has no gold rows.
pub fn read_qrels(text: &str) -> Result<Qrels, FormatError> {
    let mut out = Qrels::new();
    for_each_row(text, |cols, err| {
        let [query, _, claim, rel] = cols else {
            return Err(err(format!(
                "expected 4 columns (query 0 claim relevance), found {}",
                cols.len()
            )));
        };
        let rel: f64 = rel
            .parse()
            .map_err(|_| err(format!("relevance \"{rel}\" is not a number")))?;
        let entry = out.entry(query.to_string()).or_default();
        if rel > 0.0 {
            entry.push(claim.to_string());
        }
        Ok(())
    })?;
    out.retain(|_, gold| !gold.is_empty());
    Ok(out)
}

/// Calls `row` with the whitespace-separated columns of every non-blank
/// line, and a maker of errors that name the line.
fn for_each_row(
    text: &str,
    mut row: impl FnMut(&[&str], &dyn Fn(String) -> FormatError) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    for (i, l) in text.lines().enumerate() {
        let cols: Vec<&str> = l.split_whitespace().collect();
        if !cols.is_empty() {
            row(&cols, &|problem| FormatError {
                line: i + 1,
                problem,
            })?;
        }
    }
    Ok(())
}

/// One line of a TREC run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub query: String,
    pub claim: String,
    pub score: f64,
}

/// Reads a TREC run (`query_id Q0 claim_id rank score tag`, whitespace
/// separated). The rank column is read and ignored: the scorer orders by
/// score, as the official one does.
pub fn read_run(text: &str) -> Result<Vec<RunRow>, FormatError> {
    let mut out = Vec::new();
    for_each_row(text, |cols, err| {
        let [query, _, claim, _, score, _] = cols else {
            return Err(err(format!(
                "expected 6 columns (query Q0 claim rank score tag), found {}",
                cols.len()
            )));
        };
        let score: f64 = score
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite())
            .ok_or_else(|| err(format!("score \"{score}\" is not a number")))?;
        out.push(RunRow {
            query: query.to_string(),
            claim: claim.to_string(),
            score,
        });
        Ok(())
    })?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Writing runs.

/// Orders claim ids the way the official scorer breaks ties, ascending:
/// numerically when both are integers (the benchmark's ids are), as text
/// otherwise. (Integers sort before other ids, which keeps the order total.)
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    match (a.parse::<i128>(), b.parse::<i128>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// The official order within one query: score descending, ties by claim id
/// descending.
fn official_order(a: (&str, f64), b: (&str, f64)) -> Ordering {
    b.1.total_cmp(&a.1).then_with(|| compare_ids(b.0, a.0))
}

/// A score as the run writes it (six decimals), so that the order we write
/// is the order the official scorer reads back, ties included.
fn written_score(score: f64) -> f64 {
    (score * 1e6).round() / 1e6
}

/// Appends one query's top `k` lines to a run, in the official order.
fn write_query(out: &mut String, query: &str, mut ranked: Vec<(&str, f64)>, k: usize, tag: &str) {
    for r in &mut ranked {
        r.1 = written_score(r.1);
    }
    ranked.sort_by(|&a, &b| official_order(a, b));
    let mut seen = HashSet::new();
    ranked.retain(|(id, _)| seen.insert(*id));
    for (rank, (id, score)) in ranked.into_iter().take(k).enumerate() {
        let _ = writeln!(out, "{query}\tQ0\t{id}\t{}\t{score:.6}\t{tag}", rank + 1);
    }
}

/// Ranks every query with the matcher and writes a TREC run:
/// `query_id Q0 claim_id rank score tag` (tab separated, the format the
/// task's checker expects), at most `k` lines per query, ranks from 1,
/// scores descending, ties broken by claim id descending like the official
/// scorer.
///
/// Every claim the engine aligns with the query is a candidate (not only its
/// own top `k`), so the official tie-break decides which of several equal
/// scores make the cut. A query the engine finds no candidate for has no
/// line, as in any TREC run.
pub fn trec_run(matcher: &Matcher, queries: &[Query], k: usize, tag: &str) -> String {
    let mut out = String::new();
    let claims = matcher.claims();
    for q in queries {
        let ranked: Vec<(&str, f64)> = matcher
            .retrieve(&q.text, usize::MAX)
            .into_iter()
            .map(|(claim, score)| (claims[claim].id.as_str(), f64::from(score)))
            .collect();
        write_query(&mut out, &q.id, ranked, k, tag);
    }
    out
}

// ---------------------------------------------------------------------------
// Scoring.

/// A run's scores by the task's rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// The official measure: mean average precision over the top 5.
    pub map5: f64,
    /// Mean average precision over the top 1.
    pub map1: f64,
    /// Mean reciprocal rank of the first relevant claim in the top 5
    /// (0 when none is there).
    pub mrr: f64,
    /// Queries in the run: the denominator of every mean.
    pub queries: usize,
    /// Queries in the run with no gold rows (they count as 0).
    pub without_gold: usize,
    /// Queries with gold rows that the run does not hold (counted nowhere,
    /// as in trectools: a run that leaves a query out is not penalised).
    pub missing: usize,
}

/// Average precision of a ranking cut at `depth`: the sum, over the ranks
/// `i <= depth` holding a relevant claim, of (relevant claims in the top
/// `i`) / `i`, divided by `R`, the number of gold rows (not `min(depth, R)`).
/// 0 when there are no gold rows.
pub fn average_precision(ranked: &[&str], gold: &[String], depth: usize) -> f64 {
    if gold.is_empty() {
        return 0.0;
    }
    let mut hits = 0;
    let mut sum = 0.0;
    for (i, id) in ranked.iter().take(depth).enumerate() {
        if gold.iter().any(|g| g == id) {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / gold.len() as f64
}

/// Reciprocal rank of the first relevant claim within `depth`, or 0.
pub fn reciprocal_rank(ranked: &[&str], gold: &[String], depth: usize) -> f64 {
    ranked
        .iter()
        .take(depth)
        .position(|id| gold.iter().any(|g| g == id))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Scores a run by the official rules (trectools'
/// `TrecEval.get_map(depth)`, as the task's `evaluate.py` calls it):
///
/// 1. each query's lines are re-ordered by score descending, ties by claim
///    id descending, whatever their rank column says; a claim listed twice
///    for a query counts once (its higher score);
/// 2. AP@k per query, divided by R = the query's number of gold rows
///    ([`average_precision`]);
/// 3. the mean is over the distinct queries **in the run**. This follows
///    trectools itself (`nqueries = len(run.topics())`): a query of the run
///    with no gold rows counts as 0 in that mean (it is reported in
///    [`Scores::without_gold`]), and a query of the qrels missing from the
///    run is counted nowhere ([`Scores::missing`] says how many). On the
///    benchmark every query has gold rows, so the choice only matters for
///    runs that leave queries out.
///
/// MAP@1 is the same at depth 1. MRR (not part of the task's official
/// output) uses the top [`DEPTH`] (5) and the same denominator as MAP@5;
/// trectools' own `get_reciprocal_rank` would divide by the queries of the
/// qrels instead, which differs only when the run leaves queries out.
pub fn score_run(run: &[RunRow], qrels: &Qrels) -> Scores {
    let mut by_query: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
    for r in run {
        by_query
            .entry(r.query.as_str())
            .or_default()
            .push((r.claim.as_str(), r.score));
    }
    let (mut map5, mut map1, mut mrr, mut without_gold) = (0.0, 0.0, 0.0, 0);
    for (&query, rows) in by_query.iter_mut() {
        rows.sort_by(|&a, &b| official_order(a, b));
        let mut seen = HashSet::new();
        rows.retain(|(id, _)| seen.insert(*id));
        let ranked: Vec<&str> = rows.iter().map(|(id, _)| *id).collect();
        let Some(gold) = qrels.get(query) else {
            without_gold += 1;
            continue;
        };
        map5 += average_precision(&ranked, gold, DEPTH);
        map1 += average_precision(&ranked, gold, 1);
        mrr += reciprocal_rank(&ranked, gold, DEPTH);
    }
    let queries = by_query.len();
    let missing = qrels
        .keys()
        .filter(|q| !by_query.contains_key(q.as_str()))
        .count();
    let n = queries.max(1) as f64;
    Scores {
        map5: map5 / n,
        map1: map1 / n,
        mrr: mrr / n,
        queries,
        without_gold,
        missing,
    }
}

// ---------------------------------------------------------------------------
// The reference baseline.

/// The README's reference baseline, **not the product**: plain Okapi BM25
/// (k1 = 1.2, b = 0.75, lower-cased word tokens, no stopwords or stemming),
/// with the claim text and the title indexed as two fields and a claim
/// scored by the better of the two, like Elasticsearch's `multi_match` over
/// both fields in the organisers' baseline. IDF is Lucene's,
/// `ln(1 + (N - df + 0.5) / (df + 0.5))`, per field.
#[derive(Debug, Clone)]
pub struct Bm25 {
    ids: Vec<String>,
    fields: [Bm25Field; 2],
}

/// One indexed field (claim text or title).
#[derive(Debug, Clone, Default)]
struct Bm25Field {
    /// Term -> (document, term frequency).
    postings: HashMap<String, Vec<(u32, u32)>>,
    lengths: Vec<u32>,
    avg_len: f64,
    /// Documents that have this field.
    docs: usize,
}

/// BM25's term-frequency saturation.
const BM25_K1: f64 = 1.2;
/// BM25's length normalisation.
const BM25_B: f64 = 0.75;

/// Lower-cased word tokens: runs of letters, digits and `_` (Python's `\w+`).
pub fn bm25_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Bm25Field {
    fn new<'a>(texts: impl Iterator<Item = Option<&'a str>>) -> Bm25Field {
        let mut f = Bm25Field::default();
        for (doc, text) in texts.enumerate() {
            let tokens = text.map(bm25_tokens).unwrap_or_default();
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

    /// Adds this field's BM25 score for `query` into `scores` (one slot per document).
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
                let norm =
                    1.0 - BM25_B + BM25_B * f64::from(self.lengths[doc as usize]) / self.avg_len;
                scores[doc as usize] += idf * tf * (BM25_K1 + 1.0) / (tf + BM25_K1 * norm);
            }
        }
    }
}

impl Bm25 {
    /// Indexes claims: `claimReviewed` as the text field, the first variant
    /// (the imported fact-check title) as the title field.
    pub fn new(claims: &[Claim]) -> Bm25 {
        Bm25 {
            ids: claims.iter().map(|c| c.id.clone()).collect(),
            fields: [
                Bm25Field::new(claims.iter().map(|c| Some(c.claim_reviewed.as_str()))),
                Bm25Field::new(
                    claims
                        .iter()
                        .map(|c| c.variants.first().map(String::as_str)),
                ),
            ],
        }
    }

    /// Every claim sharing a token with the text, as (claim id, score), unordered.
    pub fn scores(&self, text: &str) -> Vec<(&str, f64)> {
        let query = bm25_tokens(text);
        let mut best = vec![0.0; self.ids.len()];
        for f in &self.fields {
            let mut s = vec![0.0; self.ids.len()];
            f.score(&query, &mut s);
            for (b, s) in best.iter_mut().zip(s) {
                *b = f64::max(*b, s);
            }
        }
        best.into_iter()
            .enumerate()
            .filter(|&(_, s)| s > 0.0)
            .map(|(i, s)| (self.ids[i].as_str(), s))
            .collect()
    }
}

/// [`trec_run`] for the BM25 reference baseline.
pub fn bm25_run(bm25: &Bm25, queries: &[Query], k: usize, tag: &str) -> String {
    let mut out = String::new();
    for q in queries {
        write_query(&mut out, &q.id, bm25.scores(&q.text), k, tag);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VCLAIMS: &str = "\tvclaim\ttitle\n\
        7\tPlain claim about bananas being radioactive.\tAre Bananas Radioactive?\n\
        12\t\"A \"\"quoted\"\" claim that spans\ntwo lines\tand has a tab.\"\tQuoted Title\n\
        3\t\"Short claim.\"\t\n";

    #[test]
    fn tsv_quoting_escapes_newlines_and_tabs() {
        let recs = read_tsv(VCLAIMS).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0][0], "7");
        assert_eq!(
            recs[1],
            vec![
                "12".to_string(),
                "A \"quoted\" claim that spans\ntwo lines\tand has a tab.".to_string(),
                "Quoted Title".to_string(),
            ]
        );
        assert_eq!(recs[2], vec!["3", "Short claim.", ""]);
        // A quote inside an unquoted field is an ordinary character; CRLF ends lines.
        let recs = read_tsv("h\th\r\n1\tsay \"hi\" now\r\n\r\n2\tx").unwrap();
        assert_eq!(recs, vec![vec!["1", "say \"hi\" now"], vec!["2", "x"]]);
        assert!(read_tsv("h\n1\t\"never closed\n").is_err());
    }

    #[test]
    fn import_keeps_ids_and_loads_leniently() {
        let records = import_vclaims(VCLAIMS).unwrap();
        let ids: Vec<_> = records.iter().map(|r| r.id.clone().unwrap()).collect();
        assert_eq!(ids, ["7", "12", "3"]);
        assert_eq!(
            records[0].variants.as_deref(),
            Some(&["Are Bananas Radioactive?".to_string()][..])
        );
        assert!(records[2].variants.is_none());
        let loaded = crate::database::load_json(&to_jsonld(&records)).unwrap();
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let ids: Vec<_> = loaded.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["7", "12", "3"]);
        let c = &loaded.claims[1];
        assert_eq!(
            c.claim_reviewed,
            "A \"quoted\" claim that spans\ntwo lines\tand has a tab."
        );
        assert_eq!(c.verdict_label, "Unverifiable");
        assert_eq!(c.reviewed_by, AUTHOR);
        assert_eq!(c.context, CONTEXT);
        assert!(c.sources.is_empty() && c.quote.is_none() && c.kind.is_none());
        // A repeated id means the file was misread.
        assert!(import_vclaims("h\th\th\n1\ta\tb\n1\tc\td\n").is_err());
    }

    #[test]
    fn queries_and_qrels() {
        let q =
            read_queries("\ttweet_content\n5\t\"He said \"\"no\"\"\nloudly\"\n9\tplain\n").unwrap();
        assert_eq!(
            q[0],
            Query {
                id: "5".into(),
                text: "He said \"no\"\nloudly".into()
            }
        );
        assert_eq!(q[1].id, "9");
        let qrels = read_qrels("5\t0\t12\t1\n5 0 7 1\n9\t0\t3\t0\n\n").unwrap();
        assert_eq!(qrels["5"], ["12", "7"]);
        assert!(!qrels.contains_key("9"));
    }

    #[test]
    fn ties_break_by_numeric_id_descending() {
        let mut out = String::new();
        // 9 vs 10 as text would put "9" first; numerically 10 wins the tie.
        // 0.3000001 and 0.3 are written as the same score, so they tie too.
        let ranked = vec![
            ("9", 0.3),
            ("10", 0.3000001),
            ("2", 0.5),
            ("100", 0.1),
            ("1", 0.3),
            ("11", 0.05),
        ];
        write_query(&mut out, "q", ranked, 5, "t");
        let ids: Vec<&str> = out.lines().map(|l| l.split('\t').nth(2).unwrap()).collect();
        assert_eq!(ids, ["2", "10", "9", "1", "100"]);
        let first = out.lines().next().unwrap();
        assert_eq!(first, "q\tQ0\t2\t1\t0.500000\tt");
        assert_eq!(compare_ids("a", "b"), Ordering::Less);
        assert_eq!(compare_ids("10", "9"), Ordering::Greater);
    }

    #[test]
    fn ap_map_mrr_by_hand() {
        let gold = vec!["a".to_string(), "b".to_string()];
        // Relevant at ranks 2 and 4: (1/2 + 2/4) / R=2 = 0.5.
        assert_eq!(average_precision(&["x", "a", "y", "b", "z"], &gold, 5), 0.5);
        // Only one of two gold claims in the top 5, at rank 1: 1 / 2.
        assert_eq!(average_precision(&["a", "x"], &gold, 5), 0.5);
        assert_eq!(
            average_precision(&["x", "y", "z", "w", "v", "a"], &gold, 5),
            0.0
        );
        assert_eq!(reciprocal_rank(&["x", "y", "b"], &gold, 5), 1.0 / 3.0);

        // A run whose rank column lies: the scorer orders by score, ties by id descending.
        let run = read_run(
            "q1 Q0 5 1 0.2 t\n\
             q1 Q0 8 2 0.9 t\n\
             q2 Q0 3 1 0.5 t\n\
             q2 Q0 4 2 0.5 t\n\
             q3 Q0 1 1 0.7 t\n",
        )
        .unwrap();
        let qrels = read_qrels("q1 0 5 1\nq2 0 3 1\nq2 0 6 1\nq4 0 1 1\n").unwrap();
        // q1: gold 5 at rank 2 -> AP@5 1/2, AP@1 0, RR 1/2.
        // q2: order 4, 3 (tie, id descending); gold 3 at rank 2 of R=2 -> AP@5 1/4, AP@1 0, RR 1/2.
        // q3: no gold rows -> 0 everywhere, but counted. q4: not in the run -> not counted.
        let s = score_run(&run, &qrels);
        assert_eq!(s.queries, 3);
        assert_eq!(s.without_gold, 1);
        assert_eq!(s.missing, 1);
        assert!((s.map5 - (0.5 + 0.25) / 3.0).abs() < 1e-12);
        assert_eq!(s.map1, 0.0);
        assert!((s.mrr - (0.5 + 0.5) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn engine_and_bm25_runs() {
        let records = import_vclaims(VCLAIMS).unwrap();
        let claims = crate::database::load_json(&to_jsonld(&records))
            .unwrap()
            .claims;
        let queries = vec![Query {
            id: "1".into(),
            text: "are bananas radioactive".into(),
        }];
        let run = trec_run(&Matcher::new(claims.clone()), &queries, 5, "cl");
        assert!(run.starts_with("1\tQ0\t7\t1\t"), "{run}");
        let run = bm25_run(&Bm25::new(&claims), &queries, 5, "bm25");
        assert!(run.starts_with("1\tQ0\t7\t1\t"), "{run}");
        assert_eq!(run.lines().count(), 1);
    }
}
