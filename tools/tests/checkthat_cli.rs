#![cfg(not(target_arch = "wasm32"))]
//! The CheckThat! commands end to end on a tiny made-up fixture
//! (`tools/tests/data/checkthat/`; never the benchmark itself):
//! `import-checkthat` → `rank` / `rank-bm25` → `score`, and `rank --tune`,
//! run through the built binary.
//!
//! The fixture has 10 claims with scattered ids (one claim holds a quoted
//! newline and `""` escapes, one has no title) in 8 distinct claims: 170
//! repeats 17 with other quotation marks, spacing and title, and 1000 is
//! repeated by 2 (lower case, a trailing space), listed after it. So the
//! merged archive keeps 17 and 2, the lowest ids. 7 posts:
//!
//! | post | says | gold | ClaimLens top 5 (merged) | AP@5 | AP@1 | RR |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | 1 | the shark-on-the-highway claim, with tweet furniture | 42 | 42 first | 1 | 1 | 1 |
//! | 2 | the straw-ban claim, reworded | 3 | 3 first | 1 | 1 | 1 |
//! | 3 | the miracle-tea claim | 17 and 9 (R = 2) | 17 first, 9 absent | 1/2 | 1/2 | 1 |
//! | 4 | shares no word with its gold claim 105 | 105 | 105 absent | 0 | 0 | 0 |
//! | 5 | only emoji: no terms, so no line in the run | 9 | — | not counted | | |
//! | 6 | the eight-glasses claim | 2 (the oldest copy) | 2 first | 1 | 1 | 1 |
//! | 7 | the shark-on-the-highway claim, and a link whose path spells claim 77 | 42 | 42 first | 1 | 1 | 1 |
//!
//! So on the merged archive MAP@5 = MAP@1 = 4.5 / 6 = 0.75 and MRR = 5 / 6,
//! over the 6 queries in the run (the official scorer counts only those).
//! On the archive as published, 1000 and 2 score the same for post 6 and
//! the official tie-break (id descending) puts 1000 first: AP 1/2, so
//! MAP@5 = 4 / 6.

use claimlens_core::claimreview;
use claimlens_core::model::Verdict;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/checkthat");
/// Every id of the fixture, in file order.
const IDS: [&str; 10] = ["3", "17", "42", "105", "256", "1000", "9", "77", "170", "2"];
/// The ids the merged archive keeps, in file order.
const MERGED_IDS: [&str; 8] = ["3", "17", "42", "105", "256", "9", "77", "2"];

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

/// Imports the fixture (with `options`) and writes the database; returns its path.
fn import(dir: &Path, options: &[&str]) -> String {
    let tsv = data("verified_claims.docs.tsv");
    let args: Vec<&str> = ["import-checkthat", tsv.as_str()].into_iter().chain(options.iter().copied()).collect();
    let out = claimlens(&args);
    let path = dir.join(if options.is_empty() { "db.json" } else { "db-options.json" });
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

/// The top claim of every query in a run: (query, claim).
fn tops(run: &str) -> Vec<(String, String)> {
    parse_run(run).into_iter().filter(|r| r.2 == 1).map(|r| (r.0, r.1)).collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// The `@graph` records of a database file.
fn graph(path: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON output");
    assert_eq!(doc["@context"], "https://schema.org");
    doc["@graph"].as_array().expect("@graph").clone()
}

fn ids(graph: &[serde_json::Value]) -> Vec<&str> {
    graph.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[test]
fn import_keeps_every_id_and_the_quoted_text() {
    let dir = scratch("import");
    let db = import(&dir, &["--keep-duplicates"]);
    let graph = graph(&db);
    assert_eq!(ids(&graph), IDS);
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
    for r in &graph {
        assert_eq!(r["reviewRating"]["alternateName"], "Unverifiable");
        let rating = r["reviewRating"].as_object().unwrap();
        for f in ["ratingValue", "bestRating", "worstRating"] {
            assert!(!rating.contains_key(f), "{f} on {}", r["id"]);
        }
    }

    // The widget's lenient loader keeps all of them, ids unchanged.
    let text = std::fs::read_to_string(db).unwrap();
    let loaded = claimreview::load(&text).unwrap();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let loaded_ids: Vec<&str> = loaded.database.claims.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(loaded_ids, IDS);
    assert!(loaded.database.claims.iter().all(|c| c.verdict == Verdict::Unverifiable));
}

#[test]
fn import_merges_duplicates_into_the_lowest_id() {
    let dir = scratch("merge");
    let merged_file = dir.join("merged.tsv");
    let db = import(&dir, &[]);
    let graph = graph(&db);
    // 170 goes into 17; 1000 into 2 (2 < 1000 as numbers, though not as
    // text, and though 1000 comes first in the file).
    assert_eq!(ids(&graph), MERGED_IDS);
    let r17 = &graph[1];
    assert_eq!(
        r17["claimReviewed"],
        "A \"miracle\" tea cures seasonal flu within 24 hours, according to a viral post."
    );
    assert_eq!(
        r17["variants"],
        serde_json::json!(["Does a ‘Miracle’ Tea Cure the Flu?", "Miracle Tea for the Flu?"])
    );
    // The kept record keeps its own text (lower case, trimmed) and title.
    assert_eq!(graph[7]["claimReviewed"], "drinking eight glasses of water a day is required by medical guidelines.");
    assert_eq!(graph[7]["variants"], serde_json::json!(["Eight Glasses of Water a Day?"]));
    // --merged names each merged-away id and the id it went into.
    let out = claimlens(&[
        "import-checkthat",
        &data("verified_claims.docs.tsv"),
        "--merged",
        merged_file.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("8 claims imported (2 exact duplicates merged)"));
    assert_eq!(std::fs::read_to_string(&merged_file).unwrap(), "170\t17\n1000\t2\n");
    let loaded = claimreview::load(&std::fs::read_to_string(db).unwrap()).unwrap();
    assert!(loaded.errors.is_empty() && loaded.warnings.is_empty());
}

#[test]
fn rank_and_score_end_to_end() {
    let dir = scratch("rank");
    let db = import(&dir, &[]);
    let queries = data("tweets.queries.tsv");
    let run = stdout(&claimlens(&["rank", &db, &queries, "--tag", "fixture"]));
    check_run(&run, "fixture");
    // Deterministic: the same run twice.
    assert_eq!(run, stdout(&claimlens(&["rank", &db, &queries, "--tag", "fixture"])));
    assert!(parse_run(&run).iter().all(|r| MERGED_IDS.contains(&r.1.as_str())));
    assert_eq!(
        tops(&run),
        pairs(&[("1", "42"), ("2", "3"), ("3", "17"), ("4", "256"), ("6", "2"), ("7", "42")])
    );
    let scores = score(&dir, &run);
    assert_eq!(scores, "MAP@5\t0.7500\nMAP@1\t0.7500\nMRR\t0.8333\nqueries\t6\n");
}

#[test]
fn without_the_merge_the_tie_break_favours_the_newer_copy() {
    let dir = scratch("keep");
    let db = import(&dir, &["--keep-duplicates"]);
    let run = stdout(&claimlens(&["rank", &db, &data("tweets.queries.tsv")]));
    check_run(&run, "claimlens");
    // Post 6: 1000 and 2 score the same; the official tie-break (id
    // descending) puts 1000 first, and the gold claim 2 second.
    let post6: Vec<(String, f64)> = parse_run(&run).into_iter().filter(|r| r.0 == "6").map(|r| (r.1, r.3)).collect();
    assert_eq!(post6.len(), 2);
    assert_eq!((post6[0].0.as_str(), post6[1].0.as_str()), ("1000", "2"));
    assert_eq!(post6[0].1, post6[1].1);
    let scores = score(&dir, &run);
    assert!(scores.starts_with("MAP@5\t0.6667\n"), "{scores}");
}

#[test]
fn links_are_cleaned_before_ranking() {
    // Post 7's link path spells claim 77 ("shark photographed swimming
    // through flooded shopping mall"); its text is claim 42's. The BM25
    // baseline, which reads the link, puts 77 first; ClaimLens drops the
    // link and puts 42 first.
    let dir = scratch("links");
    let db = import(&dir, &[]);
    let queries = data("tweets.queries.tsv");
    let top7 = |cmd: &str| tops(&stdout(&claimlens(&[cmd, &db, &queries]))).into_iter().find(|t| t.0 == "7");
    assert_eq!(top7("rank-bm25"), Some(("7".into(), "77".into())));
    assert_eq!(top7("rank"), Some(("7".into(), "42".into())));
}

#[test]
fn bm25_baseline_end_to_end() {
    let dir = scratch("bm25");
    let db = import(&dir, &[]);
    let queries = data("tweets.queries.tsv");
    let run = stdout(&claimlens(&["rank-bm25", &db, &queries]));
    check_run(&run, "bm25");
    assert_eq!(run, stdout(&claimlens(&["rank-bm25", &db, &queries])));
    // BM25 matches single words ("is"), so it lists the gold claims lower
    // down: post 3 has 17 at rank 1 and 9 at rank 3, (1 + 2/3) / 2; post 4
    // has 105 at rank 3, 1/3; post 7 has 42 at rank 2, 1/2.
    // MAP@5 = (1 + 1 + 5/6 + 1/3 + 1 + 1/2) / 6 = 0.7778.
    let scores = score(&dir, &run);
    assert!(scores.starts_with("MAP@5\t0.7778\n"), "{scores}");
}

#[test]
fn tune_sweeps_and_reports_the_shipped_parameters() {
    let dir = scratch("tune");
    let db = import(&dir, &[]);
    let out = stdout(&claimlens(&[
        "rank",
        &db,
        &data("tweets.queries.tsv"),
        "--tune",
        &data("tweet-vclaim-pairs.qrels"),
    ]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("start: MAP@5 "), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("round 1 bm25.k1 ")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("chosen: MAP@5 ")), "{out}");
    // The shipped parameters score what `rank` + `score` say.
    let last = lines.last().unwrap();
    assert!(last.starts_with("shipped (RankParams::CHOSEN): MAP@5 0.7500 "), "{last}");
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
