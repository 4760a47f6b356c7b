//! Speed benchmarks for the matching engine (criterion):
//! `CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench matcher` (as `make bench`
//! runs it; without the variable, the release profile's `panic = "abort"` makes
//! cargo build the library twice under one file name and the link can fail).
//!
//! Every group runs ClaimLens and a BASELINE in the same process, and the run
//! ends with a table of ratios (ClaimLens median / baseline median), because
//! the machines are shared and noisy: absolute figures move from run to run,
//! ratios much less. The baselines:
//!
//! * `naive_contains` — the cheapest exact matcher: lower-case the text and
//!   `str::contains` each claim's quote (or `claimReviewed` when a claim has
//!   no quote). It finds only verbatim selections that hold a whole claim.
//! * `bm25` (CheckThat only) — the README's BM25 reference ranker
//!   (`claimlens_tools::checkthat::rank::ReferenceRanker`), top 5.
//!
//! Groups:
//!
//! * `find_bundled` — `Matcher::find` on realistic selections
//!   (`bench/selections.json`, shared with the browser benchmark) against the
//!   bundled database;
//! * `annotate_article` — `Matcher::annotate` of the whole article text;
//! * `index_bundled` — `Matcher::new` for the bundled database;
//! * `index_checkthat`, `find_checkthat` — the same against the 10,375
//!   CheckThat! 2020 claims (`index_checkthat/claimlens_packed`: the
//!   same index read from its packed bytes), when the data is at `../shared/bench/checkthat2020`
//!   (or `$CHECKTHAT_DIR`); skipped with a message when it is not.
//!
//! Figures are also written to `target/bench/native.json`.

use claimlens_core::json::Json;
use claimlens_core::matching::Matcher;
use claimlens_core::model::Claim;
use claimlens_tools::checkthat::rank::{Ranker, ReferenceRanker};
use claimlens_tools::checkthat::{self, score::compare_ids};
use criterion::{BatchSize, BenchmarkId, Criterion};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SELECTIONS_JSON: &str = include_str!("../../bench/selections.json");
const ARTICLE: &str = claimlens_tools::bundled::ARTICLE;

/// The browser targets from the issue, shown beside the native figures as a guide.
const TARGET_FIND_BUNDLED_MS: f64 = 0.1;
const TARGET_FIND_CHECKTHAT_MS: f64 = 2.0;
const TARGET_ANNOTATE_MS: f64 = 5.0;
/// How many CheckThat posts (evenly spaced over the dev split) are timed.
const TWEETS: usize = 2;

/// A selection as a reader would make it.
struct Selection {
    name: String,
    text: String,
}

fn selections() -> Vec<Selection> {
    let doc = Json::parse(SELECTIONS_JSON).expect("bench/selections.json is JSON");
    doc.get("selections")
        .expect("bench/selections.json has a selections array")
        .one_or_many()
        .iter()
        .map(|s| Selection {
            name: s.get("name").and_then(Json::as_str).expect("selection name").to_string(),
            text: s.get("text").and_then(Json::as_str).expect("selection text").to_string(),
        })
        .collect()
}

/// The baseline: lower-cased claim texts, found by `str::contains`.
struct Naive {
    texts: Vec<String>,
}

impl Naive {
    fn new(claims: &[Claim]) -> Naive {
        Naive {
            texts: claims
                .iter()
                .map(|c| {
                    c.quote
                        .as_deref()
                        .unwrap_or(&c.claim_reviewed)
                        .to_lowercase()
                })
                .collect(),
        }
    }

    /// Claims whose whole text is in the selection.
    fn find(&self, selection: &str) -> Vec<usize> {
        let s = selection.to_lowercase();
        (0..self.texts.len())
            .filter(|&i| s.contains(self.texts[i].as_str()))
            .collect()
    }

    /// Every verbatim occurrence of every claim in running text: (claim, start, end) in bytes.
    fn annotate(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let t = text.to_lowercase();
        let mut out = Vec::new();
        for (i, q) in self.texts.iter().enumerate() {
            for (at, m) in t.match_indices(q.as_str()) {
                out.push((i, at, at + m.len()));
            }
        }
        out.sort_by_key(|&(_, s, _)| s);
        out
    }
}

/// BM25's top `k` claim ids (the reference ranker's answer to `rank(text, k)`).
fn bm25_top<'a>(bm25: &'a ReferenceRanker, text: &str, k: usize) -> Vec<(&'a str, f64)> {
    let ids = bm25.ids();
    let mut s: Vec<(&str, f64)> = bm25.rank(text).into_iter().map(|(i, s)| (ids[i].as_str(), s)).collect();
    s.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| compare_ids(b.0, a.0)));
    s.truncate(k);
    s
}

/// The CheckThat! data: the 10,375 claims and a few posts to rank.
struct CheckThat {
    claims: Vec<Claim>,
    tweets: Vec<Selection>,
}

fn checkthat_dir() -> PathBuf {
    std::env::var_os("CHECKTHAT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join("../../shared/bench/checkthat2020"))
}

fn load_checkthat(dir: &Path) -> Option<CheckThat> {
    let vclaims = dir.join("verified_claims.docs.tsv");
    let Ok(tsv) = std::fs::read_to_string(&vclaims) else {
        println!(
            "checkthat benchmark data not found at {}; skipping the 10,375-claim benchmarks",
            dir.display()
        );
        return None;
    };
    let records = checkthat::import_vclaims(&tsv).expect("verified_claims.docs.tsv reads");
    let loaded = claimlens_core::claimreview::load(&checkthat::to_jsonld(records)).expect("CheckThat claims load");
    let queries = std::fs::read_to_string(dir.join("dev/tweets.queries.tsv"))
        .ok()
        .and_then(|t| checkthat::read_queries(&t).ok())
        .unwrap_or_default();
    let step = (queries.len() / TWEETS).max(1);
    let tweets = queries
        .iter()
        .step_by(step)
        .take(TWEETS)
        .map(|q| Selection {
            name: format!("tweet-{}", q.id),
            text: q.text.clone(),
        })
        .collect();
    println!(
        "checkthat: {} claims loaded from {} ({} skipped)",
        loaded.database.claims.len(),
        vclaims.display(),
        loaded.errors.len()
    );
    Some(CheckThat {
        claims: loaded.database.claims,
        tweets,
    })
}

fn bench_bundled(c: &mut Criterion, claims: &[Claim], sels: &[Selection]) {
    let matcher = Matcher::new(claims.to_vec());
    let naive = Naive::new(claims);

    let mut g = c.benchmark_group("find_bundled");
    for s in sels {
        g.bench_with_input(BenchmarkId::new("claimlens", &s.name), &s.text, |b, t| {
            b.iter(|| matcher.find(black_box(t)))
        });
        g.bench_with_input(
            BenchmarkId::new("naive_contains", &s.name),
            &s.text,
            |b, t| b.iter(|| naive.find(black_box(t))),
        );
    }
    g.finish();

    let mut g = c.benchmark_group("annotate_article");
    g.bench_function("claimlens", |b| {
        b.iter(|| matcher.annotate(black_box(ARTICLE)))
    });
    g.bench_function("naive_contains", |b| {
        b.iter(|| naive.annotate(black_box(ARTICLE)))
    });
    g.finish();

    let mut g = c.benchmark_group("index_bundled");
    g.bench_function("claimlens", |b| {
        b.iter_batched(|| claims.to_vec(), Matcher::new, BatchSize::SmallInput)
    });
    g.bench_function("naive_contains", |b| {
        b.iter(|| Naive::new(black_box(claims)))
    });
    g.finish();
}

fn bench_checkthat(c: &mut Criterion, ct: &CheckThat, sels: &[Selection]) {
    let claims = &ct.claims;
    let mut g = c.benchmark_group("index_checkthat");
    g.sample_size(10);
    g.bench_function("claimlens", |b| {
        b.iter_batched(|| claims.clone(), Matcher::new, BatchSize::LargeInput)
    });
    // The same claims from a packed index (`claimlens pack`): read, and
    // the lookups derived; nothing tokenised.
    let packed = Matcher::new(claims.clone()).to_bytes();
    g.bench_function("claimlens_packed", |b| {
        b.iter(|| Matcher::from_bytes(black_box(&packed)))
    });
    g.bench_function("naive_contains", |b| {
        b.iter(|| Naive::new(black_box(claims)))
    });
    g.bench_function("bm25", |b| {
        b.iter(|| ReferenceRanker::new(black_box(claims)))
    });
    g.finish();

    let matcher = Matcher::new(claims.clone());
    let naive = Naive::new(claims);
    let bm25 = ReferenceRanker::new(claims);
    let mut g = c.benchmark_group("find_checkthat");
    for s in sels.iter().chain(&ct.tweets) {
        g.bench_with_input(BenchmarkId::new("claimlens", &s.name), &s.text, |b, t| {
            b.iter(|| matcher.find(black_box(t)))
        });
        g.bench_with_input(
            BenchmarkId::new("claimlens_rank5", &s.name),
            &s.text,
            |b, t| b.iter(|| matcher.rank(black_box(t), 5)),
        );
        g.bench_with_input(
            BenchmarkId::new("naive_contains", &s.name),
            &s.text,
            |b, t| b.iter(|| naive.find(black_box(t))),
        );
        g.bench_with_input(BenchmarkId::new("bm25", &s.name), &s.text, |b, t| {
            b.iter(|| bm25_top(&bm25, black_box(t), 5))
        });
    }
    g.finish();
}

// ---------------------------------------------------------------------------
// The ratio table, from criterion's own estimates.

/// Where criterion writes, by its own rules (`$CRITERION_HOME`,
/// `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`).
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(ROOT).join("../target"));
    target.join("criterion")
}

/// The median of one benchmark of this run, in nanoseconds.
fn median_ns(dir: &Path, parts: &[&str]) -> Option<f64> {
    let mut p = dir.to_path_buf();
    for part in parts {
        p.push(part);
    }
    let text = std::fs::read_to_string(p.join("new/estimates.json")).ok()?;
    Json::parse(&text).ok()?.get("median")?.get("point_estimate")?.as_f64()
}

fn fmt_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

struct Row {
    group: &'static str,
    case: String,
    claimlens: &'static str,
    baseline: &'static str,
    target_ms: Option<f64>,
}

fn summary(dir: &Path, sels: &[Selection], ct: Option<&CheckThat>) {
    let mut rows: Vec<Row> = Vec::new();
    for s in sels {
        rows.push(Row {
            group: "find_bundled",
            case: s.name.clone(),
            claimlens: "claimlens",
            baseline: "naive_contains",
            target_ms: Some(TARGET_FIND_BUNDLED_MS),
        });
    }
    for (g, t) in [
        ("annotate_article", Some(TARGET_ANNOTATE_MS)),
        ("index_bundled", None),
    ] {
        rows.push(Row {
            group: g,
            case: String::new(),
            claimlens: "claimlens",
            baseline: "naive_contains",
            target_ms: t,
        });
    }
    if let Some(ct) = ct {
        for claimlens in ["claimlens", "claimlens_packed"] {
            for b in ["naive_contains", "bm25"] {
                rows.push(Row {
                    group: "index_checkthat",
                    case: String::new(),
                    claimlens,
                    baseline: b,
                    target_ms: None,
                });
            }
        }
        for s in sels.iter().chain(&ct.tweets) {
            rows.push(Row {
                group: "find_checkthat",
                case: s.name.clone(),
                claimlens: "claimlens",
                baseline: "naive_contains",
                target_ms: Some(TARGET_FIND_CHECKTHAT_MS),
            });
            rows.push(Row {
                group: "find_checkthat",
                case: s.name.clone(),
                claimlens: "claimlens_rank5",
                baseline: "bm25",
                target_ms: Some(TARGET_FIND_CHECKTHAT_MS),
            });
        }
    }

    println!();
    println!(
        "ClaimLens vs baseline, medians of this run (ratio = ClaimLens / baseline; < 1 is faster)"
    );
    println!(
        "{:<17} {:<22} {:<16} {:>10} {:<15} {:>10} {:>9}  target (browser)",
        "group", "case", "claimlens", "median", "baseline", "median", "ratio"
    );
    let mut out = Vec::new();
    for r in &rows {
        let parts = |f: &'static str| -> Vec<&str> {
            let mut v = vec![r.group, f];
            if !r.case.is_empty() {
                v.push(r.case.as_str());
            }
            v
        };
        let (Some(a), Some(b)) = (
            median_ns(dir, &parts(r.claimlens)),
            median_ns(dir, &parts(r.baseline)),
        ) else {
            continue;
        };
        let target = r.target_ms.map_or(String::new(), |t| {
            format!("≤ {t} ms: {}", if a / 1e6 <= t { "met" } else { "missed" })
        });
        println!(
            "{:<17} {:<22} {:<16} {:>10} {:<15} {:>10} {:>9.3}  {}",
            r.group,
            r.case,
            r.claimlens,
            fmt_time(a),
            r.baseline,
            fmt_time(b),
            a / b,
            target
        );
        out.push(Json::object([
            ("group", Some(Json::from(r.group))),
            ("case", Some(Json::from(r.case.as_str()))),
            ("claimlens", Some(Json::from(r.claimlens))),
            ("claimlens_median_ns", Some(Json::Number(a))),
            ("baseline", Some(Json::from(r.baseline))),
            ("baseline_median_ns", Some(Json::Number(b))),
            ("ratio", Some(Json::Number(a / b))),
            ("target_ms", Some(r.target_ms.map_or(Json::Null, Json::Number))),
            ("met", Some(r.target_ms.map_or(Json::Null, |t| Json::Bool(a / 1e6 <= t)))),
        ]));
    }
    let path = Path::new(ROOT).join("../target/bench/native.json");
    let written = std::fs::create_dir_all(path.parent().expect("has a parent"))
        .and_then(|()| std::fs::write(&path, Json::Array(out).to_pretty()));
    match written {
        Ok(()) => println!("\nwritten to {}", path.display()),
        Err(e) => println!("\ncould not write {}: {e}", path.display()),
    }
}

fn main() {
    let dir = criterion_dir();
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .output_directory(&dir)
        .configure_from_args();
    let claims = claimlens_core::claimreview::load(claimlens_tools::bundled::DATABASE)
        .expect("the bundled database loads")
        .database
        .claims;
    let sels = selections();
    bench_bundled(&mut c, &claims, &sels);
    let ct = load_checkthat(&checkthat_dir());
    if let Some(ct) = &ct {
        bench_checkthat(&mut c, ct, &sels);
    }
    c.final_summary();
    // `cargo test --benches` runs each benchmark once, without measuring.
    if !std::env::args().any(|a| a == "--test") {
        summary(&dir, &sels, ct.as_ref());
    }
}
