//! The labelled regression set for the matcher (`tests/data/match_cases.tsv`):
//! exact quotes, fragments, spanning selections, noisy and paraphrased
//! selections, and negatives. It was written independently of the engine.
//!
//! Precision and recall over the set are printed (`cargo test --test
//! match_cases -- --nocapture`) and must stay at or above the floors below;
//! the README reports the figures.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

/// The floors: a change that makes the engine guess more (lower precision)
/// or find less (lower recall) fails here.
const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.71;

struct Case {
    expected: Vec<String>,
    category: String,
    text: String,
}

fn cases() -> Vec<Case> {
    let tsv = include_str!("data/match_cases.tsv");
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad line: {line}");
            let expected = if cols[0] == "-" {
                vec![]
            } else {
                cols[0].split('+').map(String::from).collect()
            };
            let text = cols[2]
                .replace("\\n", "\n")
                .replace("\\u00a0", "\u{a0}")
                .replace("\\u00ad", "\u{ad}");
            Case {
                expected,
                category: cols[1].to_string(),
                text,
            }
        })
        .collect()
}

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    correct: usize,
    /// A match was shown and it was wrong (or should have been silence).
    wrong: usize,
    /// Silence where a claim was expected.
    missed: usize,
}

#[test]
fn labelled_set_precision_and_recall() {
    let matcher = claimlens::bundled_matcher();
    let ids: Vec<&str> = matcher.claims().iter().map(|c| c.id.as_str()).collect();
    let mut by_category: BTreeMap<String, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let cases = cases();
    let mut true_pos = 0;
    assert!(
        cases.len() >= 150,
        "the labelled set is {} cases",
        cases.len()
    );
    for case in &cases {
        for e in &case.expected {
            assert!(
                ids.contains(&e.as_str()),
                "unknown id {e} in the labelled set"
            );
        }
        let found: Vec<&str> = matcher
            .find(&case.text)
            .iter()
            .map(|m| ids[m.claim])
            .collect();
        let t = by_category.entry(case.category.clone()).or_default();
        t.cases += 1;
        let ok = match case.expected.len() {
            0 => found.is_empty(),
            1 => found.first() == Some(&case.expected[0].as_str()),
            _ => case.expected.iter().all(|e| found.contains(&e.as_str())),
        };
        if ok {
            t.correct += 1;
            true_pos += usize::from(!case.expected.is_empty());
        } else if found.is_empty() {
            t.missed += 1;
        } else {
            t.wrong += 1;
        }
        if !ok {
            failures.push(format!(
                "[{}] expected {:?} got {:?}: {}",
                case.category, case.expected, found, case.text
            ));
        }
    }
    let positives = cases.iter().filter(|c| !c.expected.is_empty()).count();
    let negatives = cases.len() - positives;
    let wrong: usize = by_category.values().map(|t| t.wrong).sum();
    let precision = true_pos as f64 / (true_pos + wrong).max(1) as f64;
    let recall = true_pos as f64 / positives as f64;
    println!("category      cases  correct  wrong  missed");
    for (k, t) in &by_category {
        println!(
            "{k:<12} {:>6} {:>8} {:>6} {:>7}",
            t.cases, t.correct, t.wrong, t.missed
        );
    }
    println!("positives {positives}, negatives {negatives}; precision {precision:.3}, recall {recall:.3}");
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} < {MIN_PRECISION}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
}
