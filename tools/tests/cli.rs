//! The `claimlens` command-line program, run as the built binary: its
//! commands (`validate`, `match`, `jsonld`, `pages`, `pack`, `draft`), their
//! exit codes (0 ok or a match; 1 invalid input or no match; 2 usage) and
//! the messages editors read.
#![cfg(not(target_arch = "wasm32"))]

use claimlens_core::claimreview::rules::Rules;
use claimlens_core::claimreview::write::is_published;
use claimlens_core::claimreview::{self, Invalid};
use claimlens_core::matching::{Matcher, THRESHOLD};
use claimlens_core::model::Verdict;
use claimlens_tools::bundled;
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A path in the repository (the tests run from `tools/`).
macro_rules! repo {
    ($path:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../", $path)
    };
}

const DB_FILE: &str = repo!("claims/klingner-2019.claimreview.json");
const ARTICLE_FILE: &str = repo!("claims/klingner-2019.article.txt");
const SECOND_ARTICLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/second-article.html");

/// Runs the program; its exit code, standard output and standard error.
fn cli(args: &[&str]) -> (i32, String, String) {
    cli_with_input(args, None)
}

fn cli_with_input(args: &[&str], input: Option<&str>) -> (i32, String, String) {
    let (code, out, err) = run_reading(args, input, false);
    (code.unwrap_or(-1), String::from_utf8(out).expect("utf-8 output"), err)
}

/// Runs the program with its standard output read to the end, or closed
/// before it writes (`closed`); its exit code, output and standard error.
/// `input` goes to standard input after the output's reader is settled,
/// so a command that reads its text there cannot write before it.
fn run_reading(args: &[&str], input: Option<&str>, closed: bool) -> (Option<i32>, Vec<u8>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the claimlens binary runs");
    if closed {
        drop(child.stdout.take());
    }
    if let Some(text) = input {
        // Dropped at the end of the statement: the program reads to its end.
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), out.stdout, String::from_utf8_lossy(&out.stderr).into())
}

/// An empty scratch directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/name`; its path.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// The bundled database as JSON, to break one thing at a time.
fn bundled() -> Value {
    serde_json::from_str(bundled::DATABASE).unwrap()
}

fn graph(doc: &Value) -> &Vec<Value> {
    doc["@graph"].as_array().expect("@graph")
}

/// The ClaimReview records of a graph (its other nodes describe entities):
/// "record N" in a message is the N-th of these.
fn records(doc: &Value) -> Vec<&Value> {
    graph(doc).iter().filter(|n| n["@type"] == "ClaimReview").collect()
}

/// The record at position `i` (from 0) among the records.
fn record(doc: &mut Value, i: usize) -> &mut Value {
    doc["@graph"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .filter(|n| n["@type"] == "ClaimReview")
        .nth(i)
        .unwrap_or_else(|| panic!("no record {i}"))
}

/// The bundled claims the markup publishes (every verdict but Opinion).
fn published_ids() -> Vec<String> {
    let db = claimreview::load(bundled::DATABASE).unwrap().database;
    db.claims.iter().filter(|c| is_published(c)).map(|c| c.id.clone()).collect()
}

/// Every key of every object in `v`, at any depth.
fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                keys(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// validate

#[test]
fn validate_uses_the_build_messages() {
    let dir = scratch("validate-messages");
    let (code, out, _) = cli(&["validate", DB_FILE, "--article", ARTICLE_FILE]);
    assert_eq!(code, 0);
    assert!(out.contains("all valid"), "{out}");

    let mut db = bundled();
    record(&mut db, 4)["quote"] = json!("not in the article at all");
    let bad = write(&dir, "bad.json", &db.to_string());
    let (code, _, err) = cli(&["validate", &bad, "--article", ARTICLE_FILE]);
    assert_eq!(code, 1);
    // The same problems, in the same words, as the build's check; each
    // line names the file.
    let Err(Invalid::Records(expected)) =
        claimreview::validate(&db.to_string(), &Rules::editorial(Some(bundled::ARTICLE)))
    else {
        panic!("the broken database passed the build's check")
    };
    let expected: Vec<String> = expected.iter().map(|e| format!("{bad}: {e}")).collect();
    assert_eq!(err.lines().collect::<Vec<_>>(), expected, "same messages as the build");
    assert!(err.contains("record 5 (id \""), "names the record: {err}");
}

#[test]
fn validate_without_a_file_checks_the_bundled_database_strictly() {
    let (code, out, err) = cli(&["validate"]);
    assert_eq!(code, 0, "{err}");
    let n = records(&bundled()).len();
    assert_eq!(out.trim(), format!("{}: {n} claims, all valid", bundled::DATABASE_PATH));
    // --strict on a file is the same check (without the article).
    let (code, out, _) = cli(&["validate", DB_FILE, "--strict"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("{n} claims, all valid")), "{out}");
}

#[test]
fn validate_usage_errors_exit_2() {
    for args in [
        &["validate", DB_FILE, DB_FILE][..],
        &["validate", "--bogus"],
        &["validate", "--article"],
        &["validate", DB_FILE, "--base-url", ""],
    ] {
        let (code, _, err) = cli(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("claimlens --help"), "{args:?}: {err}");
    }
    let (code, _, err) = cli(&["validate", "/no/such/file.json"]);
    assert_eq!(code, 1, "an unreadable file is invalid input");
    assert!(err.contains("/no/such/file.json: cannot read"), "{err}");
}

#[test]
fn validate_json_output_parses() {
    let (code, out, _) = cli(&["validate", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(v["valid"], true);
    assert_eq!(v["claims"], records(&bundled()).len());
    assert_eq!(v["problems"], json!([]));
    assert_eq!(v["file"], bundled::DATABASE_PATH);

    let dir = scratch("validate-json");
    let mut db = bundled();
    record(&mut db, 4).as_object_mut().unwrap().remove("context");
    let id = record(&mut db, 4)["id"].clone();
    let bad = write(&dir, "bad.json", &db.to_string());
    let (code, out, _) = cli(&["validate", &bad, "--json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(v["valid"], false);
    assert!(v.get("claims").is_none());
    assert_eq!(
        v["problems"],
        json!([{ "record": 5, "id": id, "field": "context", "problem": "is missing" }])
    );
}

/// Google's own ClaimReview example (as on its Fact Check markup page):
/// ratings as strings, no `id`, a placeholder host.
const GOOGLE_EXAMPLE: &str = include_str!("../../core/tests/data/google-example.claimreview.json");

/// A PolitiFact-style record: the publisher's own label, numbers on its
/// own 1..6 scale, a list of appearances, an image the reader does not know.
const POLITIFACT_STYLE: &str = include_str!("../../core/tests/data/politifact-style.claimreview.json");

#[test]
fn validate_passes_googles_own_example() {
    let dir = scratch("validate-google");
    let file = write(&dir, "google.json", GOOGLE_EXAMPLE);
    let (code, out, err) = cli(&["validate", &file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("{file}: 1 claims, all valid"));
    // Held to every ClaimLens rule (--strict), it is not a ClaimLens database.
    let (code, _, err) = cli(&["validate", &file, "--strict"]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{file}: record 1, field \"quote\": is missing")), "{err}");
    // Published as it stands: example.com is a placeholder, and there is no @id.
    let (code, _, err) = cli(&["validate", &file, "--publish"]);
    assert_eq!(code, 1);
    assert!(err.contains("record 1, field \"url\": uses the placeholder host example.com"), "{err}");
    assert!(err.contains("record 1, field \"@id\": has no absolute @id"), "{err}");
}

#[test]
fn validate_passes_a_politifact_style_record() {
    let dir = scratch("validate-politifact");
    let file = write(&dir, "politifact.json", POLITIFACT_STYLE);
    let (code, out, err) = cli(&["validate", &file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("{file}: 1 claims, all valid"));
    // Its label lands on the scale: the widget shows it as the publisher wrote it.
    let (code, out, _) = cli(&["match", "--db", &file, "--json", "the city council banned gas lawn mowers"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["verdict"], "Pants on Fire!");
}

#[test]
fn validate_holds_a_record_using_claimlens_fields_to_all_of_them() {
    let dir = scratch("validate-where-used");
    let mut doc: Value = serde_json::from_str(GOOGLE_EXAMPLE).unwrap();
    doc["kind"] = json!("statistic");
    let file = write(&dir, "half.json", &doc.to_string());
    let (code, _, err) = cli(&["validate", &file]);
    assert_eq!(code, 1);
    for field in ["id", "quote", "context", "sources"] {
        assert!(err.contains(&format!("record 1, field \"{field}\": is missing")), "{field}: {err}");
    }
}

/// A database of two reviews as a publisher would put them on the web;
/// the second is the one the publication tests break.
fn publishable() -> Value {
    let review = |id: &str, claim: &str| {
        json!({
            "@type": "ClaimReview",
            "@id": format!("https://factcheck.millbrook-herald.news/reviews/{id}/"),
            "url": format!("https://factcheck.millbrook-herald.news/reviews/{id}/"),
            "identifier": id,
            "datePublished": "2025-03-20",
            "author": { "@type": "Organization", "name": "Herald Fact Desk", "url": "https://factcheck.millbrook-herald.news/" },
            "claimReviewed": claim,
            "reviewRating": { "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly accurate" },
            "itemReviewed": {
                "@type": "Claim",
                "author": { "@type": "Person", "name": "Dana Whitfield" },
                "datePublished": "2025-03-14",
                "appearance": { "@type": "CreativeWork", "url": "https://www.millbrook-herald.news/2025/03/14/library-expansion/" }
            },
            "citation": [{ "@type": "CreativeWork", "name": "Annual report 2024", "url": "https://www.millbrooklibrary.org/reports/2024.pdf" }]
        })
    };
    json!({
        "@context": "https://schema.org",
        "@graph": [
            review("library-visits", "Library visits rose from 61,000 in 2019 to nearly 88,000 in 2024."),
            review("road-survey", "A 2023 survey rated 31 percent of Millbrook's streets as poor or failing."),
        ]
    })
}

/// `validate --publish` on the publishable database with one value of
/// its second record set (`path` inside the record): the exit code and
/// standard error.
fn publish_with(name: &str, path: &[&str], value: Value) -> (i32, String) {
    let mut doc = publishable();
    let mut at = &mut doc["@graph"][1];
    for p in path {
        at = match p.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*p],
        };
    }
    *at = value;
    let dir = scratch(name);
    let file = write(&dir, "db.json", &doc.to_string());
    let (code, _, err) = cli(&["validate", &file, "--publish"]);
    (code, err)
}

/// The one line of `err`, naming the second record.
fn one_line_naming_record_2(err: &str) -> &str {
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("record 2 (id \"road-survey\")"), "{err}");
    lines[0]
}

#[test]
fn publish_passes_a_publishable_database() {
    let dir = scratch("publish-control");
    let file = write(&dir, "db.json", &publishable().to_string());
    let (code, out, err) = cli(&["validate", &file, "--publish"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 claims, all valid"), "{out}");
}

#[test]
fn the_bundled_database_is_publishable_under_a_real_address() {
    // What a publisher would run before publishing: every source https and
    // on no copy host, every published record with an absolute id.
    let (code, out, err) = cli(&["validate", "--publish", "--base-url", "https://checks.millbrook-herald.news/"]);
    assert_eq!(code, 0, "{out}{err}");
    // Control: the same database under a placeholder address is refused.
    let (code, out, err) = cli(&["validate", "--publish", "--base-url", "https://claimlens.example/"]);
    assert_eq!(code, 1, "{out}{err}");
}

#[test]
fn publish_refuses_placeholder_hosts() {
    let (code, err) = publish_with("publish-placeholder-control", &["citation", "0", "url"], json!("https://www.un.org/en/report"));
    assert_eq!(code, 0, "control: {err}");
    for host in ["example.com", "www.example.org", "example.net", "reviews.claimlens.example", "localhost", "news.example"] {
        let (code, err) = publish_with("publish-placeholder", &["citation", "0", "url"], json!(format!("https://{host}/report")));
        assert_eq!(code, 1, "{host}");
        let line = one_line_naming_record_2(&err);
        assert!(
            line.contains(&format!("field \"citation[1].url\": uses the placeholder host {host}")),
            "{line}"
        );
    }
    let (code, err) = publish_with("publish-placeholder-url", &["url"], json!("https://localhost:8080/reviews/road-survey/"));
    assert_eq!(code, 1);
    assert!(one_line_naming_record_2(&err).contains("field \"url\": uses the placeholder host localhost"), "{err}");
}

#[test]
fn publish_refuses_plain_http() {
    let good = "https://factcheck.millbrook-herald.news/";
    let (code, err) = publish_with("publish-http-control", &["author", "url"], json!(good));
    assert_eq!(code, 0, "control: {err}");
    let (code, err) = publish_with("publish-http", &["author", "url"], json!("http://factcheck.millbrook-herald.news/"));
    assert_eq!(code, 1);
    let line = one_line_naming_record_2(&err);
    assert!(
        line.contains("field \"author.url\": \"http://factcheck.millbrook-herald.news/\" is not https"),
        "{line}"
    );
}

#[test]
fn publish_refuses_hosts_that_copy_other_pages() {
    let (code, err) = publish_with("publish-copy-control", &["citation", "0", "url"], json!("https://thehill.com/opinion/international/451432"));
    assert_eq!(code, 0, "control: {err}");
    for (url, host) in [
        ("https://un-report.blogspot.com/2019/07/report.html", "un-report.blogspot.com"),
        ("https://www-armscontrol-org.translate.goog/factsheets/?_x_tr_sl=en", "www-armscontrol-org.translate.goog"),
        ("https://digital-stage.thehill.com/opinion/451432", "digital-stage.thehill.com"),
        ("https://staging.reuters.com/world/asia-pacific/", "staging.reuters.com"),
        ("https://naaju.com/2019/07/north-korea/", "naaju.com"),
        ("https://www.sagapedia.com/north-korea-talks", "www.sagapedia.com"),
        ("https://infodecay.com/2019/07/02/trump-kim/", "infodecay.com"),
        ("https://www.newssummedup.com/a/abc123", "www.newssummedup.com"),
    ] {
        let (code, err) = publish_with("publish-copy", &["citation", "0", "url"], json!(url));
        assert_eq!(code, 1, "{url}");
        let line = one_line_naming_record_2(&err);
        assert!(
            line.contains(&format!("field \"citation[1].url\": cites {host}, which copies other pages")),
            "{line}"
        );
        assert!(line.contains("cite the primary source"), "{line}");
    }
}

#[test]
fn publish_requires_an_absolute_id() {
    let (code, err) = publish_with("publish-id-control", &["@id"], json!("https://factcheck.millbrook-herald.news/reviews/road-survey/#review"));
    assert_eq!(code, 0, "control: {err}");
    for id in [json!("/reviews/road-survey/"), json!("road-survey"), json!(7)] {
        let (code, err) = publish_with("publish-id", &["@id"], id.clone());
        assert_eq!(code, 1, "{id}");
        let line = one_line_naming_record_2(&err);
        assert!(line.contains("field \"@id\": has no absolute @id (an https URL)"), "{line}");
    }
    let mut doc = publishable();
    doc["@graph"][1].as_object_mut().unwrap().remove("@id");
    let dir = scratch("publish-id-missing");
    let file = write(&dir, "db.json", &doc.to_string());
    let (code, _, err) = cli(&["validate", &file, "--publish"]);
    assert_eq!(code, 1);
    assert!(one_line_naming_record_2(&err).contains("has no absolute @id"), "{err}");
}

#[test]
fn publish_refuses_ratings_out_of_range() {
    let (code, err) = publish_with("publish-range-control", &["reviewRating", "ratingValue"], json!(5));
    assert_eq!(code, 0, "control: {err}");
    for (field, value) in [("ratingValue", json!(9)), ("ratingValue", json!(0)), ("worstRating", json!(6))] {
        let (code, err) = publish_with("publish-range", &["reviewRating", field], value.clone());
        assert_eq!(code, 1, "{field} {value}");
        let line = one_line_naming_record_2(&err);
        assert!(
            line.contains("field \"reviewRating.ratingValue\": is outside worstRating..bestRating"),
            "{line}"
        );
    }
}

/// BUG: `validate --base-url URL` with no FILE checks the markup `jsonld
/// --base-url URL` would publish, but holds it to every ClaimLens rule (as
/// for the bundled database itself), which schema.org-only markup cannot
/// meet: every record fails for a missing quote, kind, context and
/// sources. The same database given as FILE passes.
#[test]
fn validate_base_url_without_a_file_checks_the_markup_as_markup() {
    let base = "https://factcheck.millbrook-herald.news/reviews/";
    let (code, _, err) = cli(&["validate", DB_FILE, "--base-url", base]);
    assert_eq!(code, 0, "with FILE: {err}");
    let (code, _, err) = cli(&["validate", "--base-url", base]);
    let missing: Vec<&str> = err.lines().filter(|l| l.contains(": is missing")).take(3).collect();
    assert!(missing.is_empty(), "ClaimLens fields asked of schema.org markup: {missing:?}…");
    assert_eq!(code, 0, "{err}");
}

// ---------------------------------------------------------------------------
// match

const SIX_WEAPONS: &str = "estimated six nuclear weapons";

#[test]
fn match_ranks_as_the_widget_does() {
    let (code, out, _) = cli(&["match", DB_FILE, SIX_WEAPONS]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().contains("six-more-nuclear-weapons"), "{out}");
    let (code, out, _) = cli(&["match", DB_FILE, "the regime"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("no match"), "{out}");
}

#[test]
fn match_uses_the_bundled_database_without_a_file() {
    let (code, with_file, _) = cli(&["match", DB_FILE, SIX_WEAPONS]);
    assert_eq!(code, 0);
    let (code, bundled_out, _) = cli(&["match", SIX_WEAPONS]);
    assert_eq!(code, 0);
    assert_eq!(bundled_out, with_file);
    let (code, with_db, _) = cli(&["match", "--db", DB_FILE, SIX_WEAPONS]);
    assert_eq!(code, 0);
    assert_eq!(with_db, with_file);
}

#[test]
fn match_reads_standard_input_without_text() {
    let (_, expected, _) = cli(&["match", SIX_WEAPONS]);
    let (code, out, _) = cli_with_input(&["match"], Some(&format!("{SIX_WEAPONS}\n")));
    assert_eq!(code, 0);
    assert_eq!(out, expected);
    let (code, out, _) = cli_with_input(&["match", "--db", DB_FILE], Some("Since the Singapore summit, the regime has built another estimated six nuclear weapons."));
    assert_eq!(code, 0);
    assert!(out.contains("six-more-nuclear-weapons"), "{out}");
    let (code, out, _) = cli_with_input(&["match"], Some("the regime"));
    assert_eq!(code, 1);
    assert!(out.starts_with("no match"), "{out}");
}

#[test]
fn match_json_output_parses() {
    let (code, out, _) = cli(&["match", "--json", SIX_WEAPONS]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    let found = v.as_array().unwrap();
    assert_eq!(found[0]["id"], "six-more-nuclear-weapons");
    for m in found {
        assert_eq!(m["match"], true);
        assert!(m["score"].as_f64().unwrap() >= f64::from(THRESHOLD));
        assert!(m["verdict"].is_string() && m["claimReviewed"].is_string());
    }
    let (code, out, _) = cli(&["match", "--json", "the regime"]);
    assert_eq!(code, 1);
    assert_eq!(serde_json::from_str::<Value>(&out).expect("JSON output"), json!([]));
    // --all: the best candidates, those below the threshold marked.
    let (code, out, _) = cli(&["match", "--all", "--json", "the regime"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    let all = v.as_array().unwrap();
    assert!(!all.is_empty() && all.len() <= 10, "{} candidates", all.len());
    assert!(all.iter().all(|m| m["match"] == false));
    let scores: Vec<f64> = all.iter().map(|m| m["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
}

#[test]
fn match_explain_names_the_relations_and_the_refusals() {
    // A rewording: aligned words with how they met.
    let (code, out, err) = cli(&["match", "--explain", "Washington called off several large military drills it used to hold with Seoul"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("allied-exercises-cancelled"), "{out}");
    for relation in ["entity", "related word", "same word"] {
        assert!(out.contains(relation), "no {relation:?} in:\n{out}");
    }
    // The same claim with another country in its place: refused, and why.
    let (code, out, _) = cli(&["match", "--explain", "--json", "Caracas called off several large military drills it used to hold with Bogota"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("JSON output");
    let refused: Vec<&Value> = v.as_array().unwrap().iter().filter(|c| c["decision"].as_str().unwrap_or("").starts_with("refused")).collect();
    assert!(!refused.is_empty(), "no refusal explained in {out}");
    assert!(v.as_array().unwrap().iter().all(|c| c["decision"] != "match"));
}

#[test]
fn match_explain_names_the_claim_text_it_read() {
    let db = claimreview::load(&std::fs::read_to_string(DB_FILE).unwrap()).unwrap().database;
    // A rewording of a variant, and the quote's own words.
    for text in [
        "The Trump administration called off several joint military drills with Seoul.",
        "there is still not even an agreed-upon definition of denuclearization",
    ] {
        let (code, out, err) = cli(&["match", "--explain", "--json", text]);
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).expect("JSON output");
        let candidates = v.as_array().unwrap();
        assert!(candidates.iter().any(|c| c["decision"] == "match"), "{out}");
        for c in candidates {
            let claim = db.claims.iter().find(|x| c["id"] == x.id.as_str()).expect("a claim of the database");
            let said = c["text"].as_str().unwrap();
            // The text named is the claim's text in that role.
            let expected = match c["read_in"].as_str().unwrap() {
                "quote" => claim.quote.as_deref(),
                "restatement" => Some(claim.claim_reviewed.as_str()),
                role => role.strip_prefix("variant ").and_then(|n| n.parse::<usize>().ok()).and_then(|n| claim.variants.get(n - 1)).map(String::as_str),
            };
            assert_eq!(Some(said), expected, "{c}");
        }
    }
    // The lines for a reader say it too.
    let (_, out, _) = cli(&["match", "--explain", "The Trump administration called off several joint military drills with Seoul."]);
    assert!(out.contains("read in its variant "), "{out}");
}

#[test]
fn match_exit_codes() {
    assert_eq!(cli(&["match", SIX_WEAPONS]).0, 0, "a match");
    assert_eq!(cli(&["match", "The Singapore Grand Prix will be held in September."]).0, 1, "no match");
    for args in [
        &["match", "--bogus"][..],
        &["match", "a", "b", "c"],
        &["match", "--db"],
        &["match", "--db", DB_FILE, DB_FILE, "text"],
    ] {
        let (code, _, err) = cli(args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let (code, _, err) = cli(&["match", "--db", "/no/such/db.json", SIX_WEAPONS]);
    assert_eq!(code, 1, "an unreadable database is invalid input");
    assert!(err.contains("/no/such/db.json"), "{err}");
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let (code, out, _) = cli(&[flag]);
        assert_eq!(code, 0);
        assert!(out.starts_with("claimlens"), "{out}");
        assert!(out.contains("Usage: claimlens <COMMAND>"), "{out}");
        for command in ["validate", "match", "draft", "jsonld", "pages", "pack", "eval"] {
            assert!(out.contains(&format!("\n  {command} ")), "{command} not listed: {out}");
        }
    }
    let (code, out, _) = cli(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("claimlens {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(cli(&["-V"]).1, out);

    let (code, help, _) = cli(&["help", "match"]);
    assert_eq!(code, 0);
    assert!(help.starts_with("Usage: claimlens match"), "{help}");
    assert!(help.contains("Exit status: 0 a match; 1 no match"), "{help}");
    assert_eq!(cli(&["match", "--help"]).1, help, "the same text");
    for command in ["validate", "jsonld", "pages", "pack", "draft", "eval"] {
        let (code, out, _) = cli(&["help", command]);
        assert_eq!(code, 0, "{command}");
        assert!(out.starts_with(&format!("Usage: claimlens {command}")), "{out}");
    }
    assert_eq!(cli(&["help", "nope"]).0, 2);
    assert_eq!(cli(&["nope"]).0, 2);
    assert_eq!(cli(&[]).0, 2, "a command is needed");
}

// ---------------------------------------------------------------------------
// jsonld, pages, pack

#[test]
fn jsonld_without_a_base_url_names_the_claims_without_one() {
    // The bundled records have no url of their own.
    let (code, out, err) = cli(&["jsonld"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let lines: Vec<&str> = err.lines().collect();
    let ids = published_ids();
    assert_eq!(lines.len(), ids.len(), "{err}");
    for (line, id) in lines.iter().zip(&ids) {
        assert_eq!(
            *line,
            format!("{}: claim \"{id}\" has no url: give --base-url", bundled::DATABASE_PATH)
        );
    }
}

/// The schema.org properties a published ClaimReview may have.
const SCHEMA_ORG_KEYS: [&str; 12] = [
    "@type", "@id", "url", "identifier", "datePublished", "author", "claimReviewed", "reviewRating",
    "itemReviewed", "about", "reviewBody", "citation",
];

#[test]
fn jsonld_prints_schema_org_terms_only() {
    let base = "https://example.org/checks/";
    let (code, out, err) = cli(&["jsonld", DB_FILE, "--base-url", base]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('<'), "safe inside a <script> element");
    assert!(!out.contains("claimlens.example"), "no placeholder of the database's own");
    let doc: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(doc["@context"], "https://schema.org");
    let records = graph(&doc);
    let ids = published_ids();
    assert_eq!(records.len(), ids.len(), "every published claim, no opinion");

    let mut all_keys = Vec::new();
    keys(&doc, &mut all_keys);
    for k in ["quote", "context", "sources", "kind", "variants", "id", "draftNotes"] {
        assert!(!all_keys.iter().any(|x| x == k), "ClaimLens key {k:?} in the markup");
    }
    for (r, id) in records.iter().zip(&ids) {
        assert_eq!(r["@type"], "ClaimReview");
        for key in r.as_object().unwrap().keys() {
            assert!(SCHEMA_ORG_KEYS.contains(&key.as_str()), "non-schema.org property {key}");
        }
        let url = format!("{base}{id}/");
        assert_eq!(r["identifier"], json!(id));
        assert_eq!(r["@id"], json!(url), "absolute @id");
        assert_eq!(r["url"], json!(url));
        for key in ["datePublished", "claimReviewed", "author", "reviewRating", "itemReviewed", "reviewBody"] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
        assert_eq!(r["author"]["@type"], "Organization");
        assert!(r["author"].get("url").is_none(), "no --author-url given");
        assert!(r["citation"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["@type"] == "CreativeWork" && c["url"].is_string()));

        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let verdict = Verdict::from_label(rating["alternateName"].as_str().unwrap()).expect("on the scale");
        assert_ne!(verdict, Verdict::Opinion, "opinions are not published");
        match verdict.rating_value() {
            Some(v) => {
                let value = rating["ratingValue"].as_i64().unwrap();
                assert!((1..=5).contains(&value) && value == v, "{rating}");
                assert_eq!((&rating["bestRating"], &rating["worstRating"]), (&json!(5), &json!(1)));
            }
            None => {
                assert_eq!(verdict, Verdict::Unverifiable);
                for f in ["ratingValue", "bestRating", "worstRating"] {
                    assert!(rating.get(f).is_none(), "{f} on an Unverifiable review");
                }
            }
        }

        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert_eq!(item["author"]["name"], "Bruce Klingner");
        assert!(item["appearance"]["url"].as_str().unwrap().starts_with("https://thehill.com/"));
        assert!(item["text"].is_string(), "the quote as the claim's text");
    }
    assert!(
        records.iter().any(|r| r["reviewRating"]["alternateName"] == "Unverifiable"),
        "the Unverifiable review is published"
    );

    let (code, html, _) = cli(&["jsonld", DB_FILE, "--base-url", base, "--html"]);
    assert_eq!(code, 0);
    assert_eq!(html, format!("<script type=\"application/ld+json\">\n{out}</script>\n"));
    let (code, with_author, _) = cli(&["jsonld", "--base-url", base, "--author-url", "https://example.org/"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&with_author).unwrap();
    assert!(graph(&doc).iter().all(|r| r["author"]["url"] == "https://example.org/"));
    assert_eq!(cli(&["jsonld", "--base-url", "ftp://example.org/"]).0, 2, "not an http(s) URL");
}

#[test]
fn jsonld_output_loads_back_with_the_claims_intact() {
    let (code, out, _) = cli(&["jsonld", "--base-url", "https://example.org/checks/"]);
    assert_eq!(code, 0);
    let back = claimreview::load(&out).expect("the markup loads");
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let original = claimreview::load(bundled::DATABASE).unwrap().database.claims;
    let published: Vec<_> = original.iter().filter(|c| is_published(c)).collect();
    assert_eq!(back.database.claims.len(), published.len());
    for (a, b) in published.iter().zip(&back.database.claims) {
        assert_eq!(
            (&a.id, &a.quote, &a.context, &a.sources, a.verdict, &a.verdict_label),
            (&b.id, &b.quote, &b.context, &b.sources, b.verdict, &b.verdict_label)
        );
        assert_eq!(b.review_url.as_deref(), Some(format!("https://example.org/checks/{}/", a.id).as_str()));
    }
}

#[test]
fn pages_writes_a_page_per_published_claim_and_an_index() {
    let dir = scratch("pages");
    let out_dir = dir.join("site");
    let site = out_dir.to_str().unwrap();
    let base = "https://example.org/checks/";
    let (code, _, err) = cli(&["pages", site, "--base-url", base]);
    assert_eq!(code, 0, "{err}");
    let db = claimreview::load(bundled::DATABASE).unwrap().database;
    let published = published_ids();
    assert!(err.contains(&format!("wrote {} review pages and an index", published.len())), "{err}");
    for c in &db.claims {
        let page = out_dir.join(&c.id).join("index.html");
        if !is_published(c) {
            assert!(!out_dir.join(&c.id).exists(), "a page for the opinion {}", c.id);
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(html.starts_with("<!doctype html>"), "{}", c.id);
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{base}{}/\">", c.id)), "{}", c.id);
        assert!(html.contains("<script type=\"application/ld+json\">"), "{}", c.id);
        assert!(html.contains(&format!("\"identifier\":\"{}\"", c.id)), "{}", c.id);
        assert!(html.contains(&format!("Verdict: {}", c.verdict_label)), "{}", c.id);
    }
    let dirs = std::fs::read_dir(&out_dir).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(dirs, published.len(), "one directory per published claim");
    let index = std::fs::read_to_string(out_dir.join("index.html")).expect("an index page");
    for id in &published {
        assert!(index.contains(&format!("<a href=\"{id}/\">")), "{id} not in the index");
    }
    // Where the pages will be served is required.
    let (code, _, err) = cli(&["pages", dir.join("other").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(!dir.join("other").exists());
}

#[test]
fn pack_writes_an_index_the_core_reads() {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens")).arg("pack").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let matcher = Matcher::from_bytes(&out.stdout).expect("a packed index");
    assert_eq!(matcher.claims().len(), records(&bundled()).len());
    let found = matcher.find(SIX_WEAPONS);
    assert_eq!(matcher.claims()[found[0].claim].id, "six-more-nuclear-weapons");
    let with_file = Command::new(env!("CARGO_BIN_EXE_claimlens")).args(["pack", DB_FILE]).output().unwrap();
    assert_eq!(with_file.stdout, out.stdout, "deterministic, and the same database");
    assert_eq!(cli(&["pack", DB_FILE, DB_FILE]).0, 2);
}

// ---------------------------------------------------------------------------
// draft

/// The draft of an article: its records.
fn draft(article: &str) -> Vec<Value> {
    let (code, out, err) = cli(&["draft", article]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON output");
    assert_eq!(doc["@context"], "https://schema.org");
    graph(&doc).clone()
}

fn quote(r: &Value) -> &str {
    r["quote"].as_str().expect("a quote")
}

/// Where `needle` stands in `hay`, every time, as byte ranges.
fn spans(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    hay.match_indices(needle).map(|(i, m)| (i, i + m.len())).collect()
}

#[test]
fn draft_verdicts_are_unreviewed_and_validate_refuses_them() {
    let records = draft(ARTICLE_FILE);
    assert!(records.len() >= 20, "{} records", records.len());
    for r in &records {
        assert_eq!(r["@type"], "ClaimReview");
        assert_eq!(r["reviewRating"]["alternateName"], "Unreviewed", "{}", r["id"]);
        assert!(bundled::ARTICLE.contains(quote(r)), "not verbatim: {:?}", quote(r));
        assert_eq!(r["claimReviewed"], r["quote"]);
    }
    let dir = scratch("draft-validate");
    let doc = json!({ "@context": "https://schema.org", "@graph": records });
    let file = write(&dir, "draft.json", &doc.to_string());
    let (code, _, err) = cli(&["validate", &file]);
    assert_eq!(code, 1);
    let unreviewed: Vec<&str> = err.lines().filter(|l| l.contains("\"Unreviewed\"")).collect();
    assert_eq!(unreviewed.len(), records.len(), "every record named: {err}");
    for (n, line) in unreviewed.iter().enumerate() {
        assert!(line.starts_with(&format!("{file}: record {} (id \"", n + 1)), "{line}");
    }
}

#[test]
fn draft_quotes_cover_the_bundled_database() {
    // Every claim the editors reviewed in this article is in the draft: its
    // quote inside, or overlapping, a draft record's quote.
    let drafts = draft(ARTICLE_FILE);
    let article = bundled::ARTICLE;
    let drafted: Vec<&str> = drafts.iter().map(quote).collect();
    let mut missed = Vec::new();
    for r in records(&bundled()) {
        let q = quote(r);
        let covered = drafted.iter().any(|d| d.contains(q))
            || drafted.iter().any(|d| {
                spans(article, q).iter().any(|&(a, b)| spans(article, d).iter().any(|&(c, e)| a < e && c < b))
            });
        if !covered {
            missed.push(format!("{}: {q:?}", r["id"].as_str().unwrap()));
        }
    }
    assert!(missed.is_empty(), "quotes the draft leaves out:\n{}", missed.join("\n"));
}

/// The second article: a local news page with what surrounds an article.
fn second_draft() -> Vec<Value> {
    draft(SECOND_ARTICLE)
}

#[test]
fn draft_of_an_html_page_takes_only_the_article_body() {
    let records = second_draft();
    let quotes: Vec<&str> = records.iter().map(quote).collect();
    // Navigation, the site header, the byline, the related-links card, the
    // aside and the footer all have checkable-looking text: none is drafted.
    for outside in [
        "Subscribe", "99 cents", "Weather", "sleet", "Serving the valley", "Staff Writer",
        "Related coverage", "Harbour festival", "3 percent budget", "Library hours", "public holidays",
        "Millbrook Herald Media", "555-0142", "rights reserved",
    ] {
        for q in &quotes {
            assert!(!q.contains(outside), "{outside:?} drafted: {q:?}");
        }
    }
    // The body's checkable sentences are there, verbatim.
    for sentence in [
        "About 70 residents attended the meeting, which lasted nearly four hours.",
        "Lindqvist pointed to a 2023 engineering survey that rated 31 percent of Millbrook’s streets as poor or failing.",
        "Whitfield disputed that figure, saying the town’s own projection was closer to $22 a year.",
        "The building opened in 1962 on land donated by the Hartley family.",
        "The Millbrook Town Council voted 5–2 on Tuesday night to approve a $4.2 million expansion of the Elm Street public library, ending a debate that has run for more than two years.",
    ] {
        assert!(quotes.contains(&sentence), "not drafted: {sentence:?}\n{quotes:#?}");
    }
    // Author, date and address come from the page.
    for r in &records {
        let item = &r["itemReviewed"];
        assert_eq!(item["author"]["name"], "Maren Okafor", "{}", r["id"]);
        assert_eq!(
            item["appearance"]["url"],
            "https://www.millbrook-herald.example/2025/03/14/council-approves-library-expansion/"
        );
        assert_eq!(item["datePublished"], "2025-03-14");
        assert_eq!(r["reviewRating"]["alternateName"], "Unreviewed");
    }
    // The opinion is marked as a candidate for the Opinion label.
    let opinion = records
        .iter()
        .find(|r| quote(r).starts_with("The council should have approved this expansion years ago"))
        .expect("the opinion sentence is drafted");
    let notes = opinion["draftNotes"].as_str().unwrap_or("");
    assert!(
        opinion["kind"] == "opinion" || notes.contains("Opinion"),
        "not marked as an opinion: {opinion}"
    );
    // A plain report of fact is not.
    let fact = records.iter().find(|r| quote(r).starts_with("About 70 residents")).unwrap();
    assert_ne!(fact["kind"], "opinion");
    assert!(!fact["draftNotes"].as_str().unwrap().contains("Opinion"), "{fact}");
}

/// BUG: the HTML reader decodes only a few named character references, so
/// "Tom&aacute;s" stays "Tom&aacute;s" in the draft: the quote is not the
/// text a reader sees (and selects) on the page.
#[test]
fn draft_quotes_are_the_text_the_page_shows() {
    let records = second_draft();
    let reyes = records
        .iter()
        .map(quote)
        .find(|q| q.starts_with("Head librarian"))
        .expect("the librarian's sentence is drafted");
    assert!(reyes.starts_with("Head librarian Tomás Reyes told the council"), "{reyes:?}");
    for q in records.iter().map(quote) {
        let undecoded = q.match_indices('&').any(|(i, _)| {
            let rest = &q[i + 1..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
            !name.is_empty() && rest[name.len()..].starts_with(';')
        });
        assert!(!undecoded, "a character reference left in {q:?}");
    }
}

#[test]
fn draft_usage() {
    assert_eq!(cli(&["draft"]).0, 2, "an ARTICLE is needed");
    let (code, _, err) = cli(&["draft", "/no/such/article.txt"]);
    assert_eq!(code, 1);
    assert!(err.contains("/no/such/article.txt: cannot read"), "{err}");
    // --author and --url override what the page says.
    let (code, out, _) = cli(&["draft", SECOND_ARTICLE, "--author", "A. Editor", "--url", "https://www.millbrook-herald.news/a/"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    let item = &graph(&doc)[0]["itemReviewed"];
    assert_eq!(item["author"]["name"], "A. Editor");
    assert_eq!(item["appearance"]["url"], "https://www.millbrook-herald.news/a/");
}

// standard output

#[test]
fn a_reader_that_stops_reading_ends_a_command_quietly() {
    let text = "North Korea refuses to comply with nearly a dozen UN resolutions";
    // `match` writes lines, `pack` whole bytes (more than a pipe holds, so
    // its write meets the closed pipe whenever it starts).
    for (args, input) in [(&["match", "--explain"][..], Some(text)), (&["pack"][..], None)] {
        // The control: read, the command writes its output.
        let (code, out, err) = run_reading(args, input, false);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(out.len() > 30, "{args:?} wrote {} bytes", out.len());
        // Closed: status 0, and neither a panic nor a message.
        let (code, _, err) = run_reading(args, input, true);
        assert_eq!(code, Some(0), "{args:?} with its output closed: {err}");
        assert!(!err.contains("panicked") && !err.contains("cannot write"), "{args:?}: {err}");
    }
}

/// A small labelled file: one case of each outcome, and a negative.
const LABELLED: &str = "expected\tcategory\ttext\tpage
no-agreed-definition-denuclearization\texact\tthere is still not even an agreed-upon definition of denuclearization\t
two-summits-past-year\texact\tthere is still not even an agreed-upon definition of denuclearization\t
six-more-nuclear-weapons\twire\tThe Singapore Grand Prix will be held in September.\t
-\tother-topic\tThe Singapore Grand Prix will be held in September.\t
";

#[test]
fn eval_scores_a_labelled_file_strictly() {
    let dir = scratch("eval");
    let tune = write(&dir, "cases.tune.tsv", LABELLED);
    let (code, out, err) = cli(&["eval", &tune]);
    assert_eq!(code, 0, "{out}{err}");
    // The right claim is correct; a label the engine does not show beside
    // the one it shows is wrong; a rewording left unmatched is silent.
    let row = |c: &str| out.lines().find(|l| l.split_whitespace().next() == Some(c)).map(|l| l.split_whitespace().skip(1).take(4).collect::<Vec<_>>().join(" "));
    assert_eq!(row("exact").as_deref(), Some("2 1 1 0"), "{out}");
    assert_eq!(row("wire").as_deref(), Some("1 0 0 1"), "{out}");
    assert_eq!(row("other-topic").as_deref(), Some("1 1 0 0"), "{out}");
    assert!(out.contains("wrong results: 1") && out.contains("negatives with a result: 0 of 1"), "{out}");
    assert!(!out.contains("FAIL"), "failures only when asked: {out}");
    let (code, out, _) = cli(&["eval", "--failures", &tune]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().filter(|l| l.starts_with("FAIL")).count(), 2, "{out}");
}

#[test]
fn eval_sweeps_thresholds_and_keeps_the_report_half_s_failures_unprinted() {
    let dir = scratch("eval-sweep");
    let tune = write(&dir, "cases.tune.tsv", LABELLED);
    let report = write(&dir, "cases.report.tsv", LABELLED);
    // Two thresholds, two files: a line per file and set of limits, and one
    // for both files.
    let (code, out, err) = cli(&["eval", "--threshold", "0.6,0.9", "--low", "0.3", &tune, &report]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().count(), 6, "{out}");
    assert_eq!(out.lines().filter(|l| l.contains("all files: rewordings 0 of 2, wrong results 2")).count(), 2, "{out}");
    // Every limit sweeps: 2 × 1 × 3 × 1 × 2 sets, one file.
    let (code, out, _) = cli(&["eval", "--threshold", "0.6,0.7", "--balance", "0.3,0.34,0.4", "--second", "0.34,1", &tune]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 12, "{out}");
    assert!(out.contains("threshold 0.700 low 0.300 balance 0.400 lead 0.080 second 1.000"), "{out}");
    // The report half's figures are printed, its failures never.
    assert_eq!(cli(&["eval", &report]).0, 0);
    let (code, out, err) = cli(&["eval", "--failures", &tune, &report]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("refused") && out.is_empty(), "{err}");
    // Bad input: a clear error naming the line, and usage errors.
    let bad = write(&dir, "bad.tsv", "expected\tcategory\ttext\tpage\n-\tnews\tsome text\t\n");
    let (code, _, err) = cli(&["eval", &bad]);
    assert_eq!(code, 1);
    assert!(err.contains("line 2: unknown category \"news\""), "{err}");
    assert_eq!(cli(&["eval"]).0, 2);
    assert_eq!(cli(&["eval", "--threshold", "1.5", &tune]).0, 2);
}
