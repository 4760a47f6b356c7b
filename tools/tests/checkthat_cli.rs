#![cfg(not(target_arch = "wasm32"))]
//! The CheckThat! commands end to end on a tiny made-up fixture
//! (`tests/data/checkthat/` at the repository's root): `import-checkthat`
//! → `rank` / `rank-bm25` → `score`, run through the built binary.
//!
//! The fixture has 8 claims with scattered ids (one claim holds a quoted
//! newline and `""` escapes, one has no title) and 5 posts:
//!
//! | post | says | gold | ClaimLens top 5 | AP@5 | AP@1 | RR |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | 1 | the shark-on-the-highway claim, with tweet furniture | 42 | 42 first | 1 | 1 | 1 |
//! | 2 | the straw-ban claim, reworded | 3 | 3 first | 1 | 1 | 1 |
//! | 3 | the miracle-tea claim | 17 and 9 (R = 2) | 17 first, 9 absent | 1/2 | 1/2 | 1 |
//! | 4 | shares no word with its gold claim 105 | 105 | 105 absent | 0 | 0 | 0 |
//! | 5 | only emoji: no terms, so no line in the run | 9 | — | not counted | | |
//!
//! So MAP@5 = MAP@1 = 2.5 / 4 = 0.625 and MRR = 3 / 4 = 0.75, over the 4
//! queries in the run (the official scorer counts only those).

use claimlens_core::claimreview;
use claimlens_core::model::Verdict;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/checkthat");
const IDS: [&str; 8] = ["3", "17", "42", "105", "256", "1000", "9", "77"];

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn claimlens(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(args)
        .output()
        .expect("the claimlens binary runs");
    assert!(
        out.status.success(),
        "claimlens {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// A scratch directory of this test's own under Cargo's target tmp dir.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("checkthat-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Imports the fixture and writes the database; returns its path.
fn import(dir: &Path) -> String {
    let out = claimlens(&["import-checkthat", &data("verified_claims.docs.tsv")]);
    let path = dir.join("db.json");
    std::fs::write(&path, &out.stdout).unwrap();
    path.to_str().unwrap().to_string()
}

/// The run's lines as (query, claim, rank, score, tag).
fn parse_run(run: &str) -> Vec<(String, String, usize, f64, String)> {
    run.lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 6, "bad run line {l:?}");
            assert_eq!(c[1], "Q0");
            (
                c[0].to_string(),
                c[2].to_string(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                c[5].to_string(),
            )
        })
        .collect()
}

/// Checks the shape of a run: at most 5 lines per query, ranks 1.. in
/// order, scores not increasing, ties by claim id descending, known ids only.
fn check_run(run: &str, tag: &str) {
    let rows = parse_run(run);
    assert!(!rows.is_empty());
    let mut i = 0;
    while i < rows.len() {
        let q = &rows[i].0;
        let group: Vec<_> = rows[i..].iter().take_while(|r| &r.0 == q).collect();
        assert!(group.len() <= 5, "query {q} has {} lines", group.len());
        for (k, r) in group.iter().enumerate() {
            assert_eq!(r.2, k + 1, "ranks of query {q}");
            assert_eq!(r.4, tag);
            assert!(IDS.contains(&r.1.as_str()), "unknown claim id {}", r.1);
        }
        for w in group.windows(2) {
            assert!(w[0].3 >= w[1].3, "scores of query {q} increase");
            if w[0].3 == w[1].3 {
                let (a, b): (u64, u64) = (w[0].1.parse().unwrap(), w[1].1.parse().unwrap());
                assert!(a > b, "tie in query {q} not broken by id descending");
            }
        }
        i += group.len();
    }
    let queries: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(!queries.contains(&"5"), "the emoji-only post has no terms");
}

fn score(dir: &Path, run: &str) -> String {
    let path = dir.join("run.trec");
    std::fs::write(&path, run).unwrap();
    stdout(&claimlens(&[
        "score",
        &data("tweet-vclaim-pairs.qrels"),
        path.to_str().unwrap(),
    ]))
}

#[test]
fn import_keeps_every_id_and_the_quoted_text() {
    let dir = scratch("import");
    let out = claimlens(&["import-checkthat", &data("verified_claims.docs.tsv")]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(doc["@context"], "https://schema.org");
    let graph = doc["@graph"].as_array().expect("@graph");
    let ids: Vec<&str> = graph.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, IDS);
    let r42 = &graph[2];
    assert_eq!(
        r42["claimReviewed"],
        "A photograph shows a shark swimming on a flooded highway\nafter the hurricane."
    );
    assert_eq!(
        graph[1]["claimReviewed"],
        "A \"miracle\" tea cures seasonal flu within 24 hours, according to a viral post."
    );
    assert_eq!(r42["variants"][0], "Shark on a Flooded Highway?");
    assert!(graph[7].get("variants").is_none(), "claim 77 has no title");
    // The benchmark has no verdicts: every claim is Unverifiable, which
    // carries no ratingValue (it is not a degree of accuracy).
    for r in graph {
        assert_eq!(r["reviewRating"]["alternateName"], "Unverifiable");
        let rating = r["reviewRating"].as_object().unwrap();
        for f in ["ratingValue", "bestRating", "worstRating"] {
            assert!(!rating.contains_key(f), "{f} on {}", r["id"]);
        }
    }

    // The widget's lenient loader keeps all of them, ids unchanged.
    let db = import(&dir);
    let text = std::fs::read_to_string(db).unwrap();
    let loaded = claimreview::load(&text).unwrap();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let ids: Vec<&str> = loaded.database.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, IDS);
    assert!(loaded.database.claims.iter().all(|c| c.verdict == Verdict::Unverifiable));
}

#[test]
fn rank_and_score_end_to_end() {
    let dir = scratch("rank");
    let db = import(&dir);
    let queries = data("tweets.queries.tsv");
    let run = stdout(&claimlens(&["rank", &db, &queries, "--tag", "fixture"]));
    check_run(&run, "fixture");
    // Deterministic: the same run twice.
    assert_eq!(
        run,
        stdout(&claimlens(&["rank", &db, &queries, "--tag", "fixture"]))
    );
    let top: Vec<(String, String)> = parse_run(&run)
        .into_iter()
        .filter(|r| r.2 == 1)
        .map(|r| (r.0, r.1))
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        top,
        pairs(&[("1", "42"), ("2", "3"), ("3", "17"), ("4", "256")])
    );

    let scores = score(&dir, &run);
    assert_eq!(
        scores,
        "MAP@5\t0.6250\nMAP@1\t0.6250\nMRR\t0.7500\nqueries\t4\n"
    );
}

#[test]
fn bm25_baseline_end_to_end() {
    let dir = scratch("bm25");
    let db = import(&dir);
    let queries = data("tweets.queries.tsv");
    let run = stdout(&claimlens(&["rank-bm25", &db, &queries]));
    check_run(&run, "bm25");
    assert_eq!(run, stdout(&claimlens(&["rank-bm25", &db, &queries])));
    // BM25 matches single words ("is"), so it lists the gold claims lower down:
    // post 3 has 17 at rank 1 and 9 at rank 3, (1 + 2/3) / 2; post 4 has 105
    // at rank 3, 1/3. MAP@5 = (1 + 1 + 5/6 + 1/3) / 4 = 0.7917.
    let scores = score(&dir, &run);
    assert!(scores.starts_with("MAP@5\t0.7917\n"), "{scores}");
}

#[test]
fn bad_input_is_reported() {
    let dir = scratch("bad");
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "\tvclaim\ttitle\n1\t\"never closed\tx\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(["import-checkthat", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never closed"));
    let usage = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(["score", "only-one-argument"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
}
