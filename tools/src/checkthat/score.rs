//! Runs and their scores: writing a TREC run in the official order, and
//! scoring one by the task's official rules (MAP@5 as trectools computes
//! it), with MAP@1 and MRR.

use super::{Qrels, RunRow, DEPTH};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

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
pub fn write_query(out: &mut String, query: &str, mut ranked: Vec<(&str, f64)>, k: usize, tag: &str) {
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

#[cfg(test)]
mod tests {
    use super::super::{read_qrels, read_run};
    use super::*;

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
}
