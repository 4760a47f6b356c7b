//! The claim database: the editorial checks the build runs (same function,
//! same messages), the lenient rules for databases loaded at run time, and
//! the editors' command-line tool.
#![cfg(not(target_arch = "wasm32"))]

use claimlens::claims::{Verdict, MAX_FIELD_CHARS};
use claimlens::database::{load_json, validate_json, LoadError, MAX_DATABASE_BYTES};
use serde_json::{json, Value};
use std::process::Command;

const DATABASE: &str = include_str!("../claims/klingner-2019.claimreview.json");
const ARTICLE: &str = include_str!("../claims/klingner-2019.article.txt");

/// The bundled database as JSON, to break one thing at a time.
fn bundled() -> Value {
    serde_json::from_str(DATABASE).unwrap()
}

fn record(db: &mut Value, i: usize) -> &mut Value {
    &mut db["@graph"][i]
}

/// Validates `db` by the editorial rules; returns the error lines.
fn problems(db: &Value) -> Vec<String> {
    match validate_json(&db.to_string(), Some(ARTICLE)) {
        Ok(_) => vec![],
        Err(e) => e,
    }
}

#[test]
fn the_bundled_database_passes_the_editorial_checks() {
    let claims = validate_json(DATABASE, Some(ARTICLE)).expect("bundled database is valid");
    assert!(claims.len() >= 45, "{} claims", claims.len());
    // Every claim sourced; opinions labelled as opinions.
    for c in &claims {
        assert!(!c.sources.is_empty(), "{} has no source", c.id);
        assert!(ARTICLE.contains(c.quote.as_deref().unwrap()), "{}", c.id);
    }
    assert!(claims.iter().any(|c| c.verdict == Verdict::Opinion));
}

#[test]
fn the_quotes_with_traps_are_verbatim() {
    let claims = validate_json(DATABASE, Some(ARTICLE)).unwrap();
    let quotes: Vec<&str> = claims.iter().filter_map(|c| c.quote.as_deref()).collect();
    assert!(
        quotes.iter().any(|q| q.contains("never\u{a0}maximum")),
        "the non-breaking space is kept"
    );
    assert!(
        quotes.iter().any(|q| q.contains("exceptdenuclearization")),
        "the missing space is kept"
    );
}

#[test]
fn a_missing_field_is_named_with_its_record() {
    let mut db = bundled();
    let id = record(&mut db, 4)["id"].as_str().unwrap().to_string();
    record(&mut db, 4)
        .as_object_mut()
        .unwrap()
        .remove("context");
    let p = problems(&db);
    assert_eq!(
        p,
        [format!("record 5 (id \"{id}\"): missing field \"context\"")]
    );
}

#[test]
fn a_verdict_outside_the_scale_fails() {
    let mut db = bundled();
    record(&mut db, 0)["reviewRating"]["alternateName"] = json!("Mostly true");
    let p = problems(&db);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("record 1 (id \""), "{p:?}");
    assert!(
        p[0].contains("verdict \"Mostly true\" is not on the scale"),
        "{p:?}"
    );
}

#[test]
fn a_rating_value_that_does_not_fit_the_verdict_fails() {
    let mut db = bundled();
    record(&mut db, 1)["reviewRating"]["ratingValue"] = json!(5);
    record(&mut db, 1)["reviewRating"]["alternateName"] = json!("Inaccurate");
    let p = problems(&db);
    assert!(
        p[0].contains("ratingValue must be 1 for \"Inaccurate\""),
        "{p:?}"
    );
}

#[test]
fn a_quote_that_is_not_in_the_article_fails() {
    let mut db = bundled();
    record(&mut db, 2)["quote"] = json!("North Korea has 600 nuclear weapons");
    let p = problems(&db);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("record 3") && p[0].contains("quote is not in the article"),
        "{p:?}"
    );
}

#[test]
fn a_straightened_quote_mark_is_not_verbatim() {
    let mut db = bundled();
    let graph = db["@graph"].as_array_mut().unwrap();
    let i = graph
        .iter()
        .position(|r| r["quote"].as_str().unwrap().contains('“'))
        .unwrap();
    let straight = graph[i]["quote"]
        .as_str()
        .unwrap()
        .replace(['“', '”'], "\"");
    graph[i]["quote"] = json!(straight);
    assert!(problems(&db)
        .iter()
        .any(|p| p.contains("quote is not in the article")));
}

#[test]
fn duplicate_ids_fail() {
    let mut db = bundled();
    let first = record(&mut db, 0)["id"].clone();
    record(&mut db, 7)["id"] = first.clone();
    let p = problems(&db);
    assert!(
        p.iter()
            .any(|m| m.starts_with("record 8") && m.contains(&format!("duplicate id {first}"))),
        "{p:?}"
    );
}

#[test]
fn a_source_url_that_is_not_http_fails() {
    for bad in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        "//example.org",
    ] {
        let mut db = bundled();
        record(&mut db, 3)["sources"][0]["url"] = json!(bad);
        let p = problems(&db);
        assert_eq!(p.len(), 1, "{bad}: {p:?}");
        assert!(
            p[0].contains("source 1") && p[0].contains("is not http(s)")
                || p[0].contains("has no url"),
            "{p:?}"
        );
    }
}

#[test]
fn kind_opinion_and_verdict_opinion_go_together() {
    let mut db = bundled();
    let graph = db["@graph"].as_array_mut().unwrap();
    let i = graph.iter().position(|r| r["kind"] == "opinion").unwrap();
    graph[i]["kind"] = json!("statistic");
    assert!(problems(&db).iter().any(|p| p.contains("go together")));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut db = bundled();
    record(&mut db, 0)
        .as_object_mut()
        .unwrap()
        .remove("sources");
    record(&mut db, 10)["datePublished"] = json!("last Tuesday");
    let p = problems(&db);
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn run_time_loading_skips_bad_records_and_keeps_the_rest() {
    let db = json!([
        { "@type": "ClaimReview", "claimReviewed": "The moon is made of cheese.",
          "reviewRating": { "alternateName": "False" }, "url": "https://factcheck.example/moon",
          "author": { "name": "Example Checks" } },
        { "@type": "ClaimReview", "claimReviewed": "A record with no verdict." },
        { "@type": "ClaimReview", "claimReviewed": "Link test",
          "reviewRating": { "alternateName": "Mostly true" },
          "sources": [ { "title": "bad", "url": "javascript:alert(1)" }, { "title": "good", "url": "https://example.org/" } ] },
        "not a record"
    ]);
    let loaded = load_json(&db.to_string()).unwrap();
    assert_eq!(loaded.claims.len(), 2);
    assert_eq!(loaded.errors.len(), 2, "{:?}", loaded.errors);
    let moon = &loaded.claims[0];
    assert_eq!(moon.verdict, Verdict::Inaccurate);
    assert_eq!(
        moon.verdict_label, "False",
        "the reviewer's own label is kept"
    );
    assert_eq!(
        moon.sources[0].url, "https://factcheck.example/moon",
        "the review page is the source"
    );
    let links = &loaded.claims[1];
    assert_eq!(links.sources.len(), 1);
    assert_eq!(links.sources[0].url, "https://example.org/");
    assert!(loaded
        .warnings
        .iter()
        .any(|w| w.problem.contains("javascript:alert(1)")));
}

#[test]
fn run_time_loading_errors_are_typed() {
    assert!(matches!(
        load_json("{ nope"),
        Err(LoadError::InvalidJson(_))
    ));
    assert!(matches!(
        load_json("{\"a\": 1}"),
        Err(LoadError::WrongShape(_))
    ));
    assert!(matches!(load_json("42"), Err(LoadError::WrongShape(_))));
    assert!(matches!(load_json("[]"), Err(LoadError::WrongShape(_))));
    assert!(matches!(
        load_json("[{\"@type\": \"ClaimReview\"}]"),
        Err(LoadError::NoUsableClaims(_))
    ));
    let huge = format!("[\"{}\"]", "x".repeat(MAX_DATABASE_BYTES));
    let err = load_json(&huge).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }));
    assert!(err.to_string().contains("the limit is"), "{err}");
}

#[test]
fn hostile_strings_are_bounded_not_interpreted() {
    let long = "A".repeat(MAX_FIELD_CHARS * 3);
    let db = json!([{ "@type": "ClaimReview", "id": "x", "claimReviewed": "<script>alert(1)</script>",
        "context": long, "reviewRating": { "alternateName": "Disputed" } }]);
    let loaded = load_json(&db.to_string()).unwrap();
    let c = &loaded.claims[0];
    assert_eq!(
        c.claim_reviewed, "<script>alert(1)</script>",
        "kept as text; the popover sets textContent"
    );
    assert_eq!(c.context.chars().count(), MAX_FIELD_CHARS);
    assert!(!loaded.warnings.is_empty());
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn cli_validate_uses_the_build_messages() {
    let dir = std::env::temp_dir().join(format!("claimlens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = "claims/klingner-2019.claimreview.json";
    let (code, out, _) = cli(&[
        "validate",
        good,
        "--article",
        "claims/klingner-2019.article.txt",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("all valid"));

    let mut db = bundled();
    record(&mut db, 4)["quote"] = json!("not in the article at all");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, db.to_string()).unwrap();
    let (code, _, err) = cli(&[
        "validate",
        bad.to_str().unwrap(),
        "--article",
        "claims/klingner-2019.article.txt",
    ]);
    assert_eq!(code, 1);
    let expected = problems(&db);
    assert_eq!(err.lines().count(), expected.len());
    assert!(
        err.contains(&expected[0]),
        "same message as the build: {err}"
    );
    assert!(
        err.starts_with(bad.to_str().unwrap()),
        "names the file: {err}"
    );
    assert_eq!(cli(&["validate"]).0, 2, "usage error");
}

#[test]
fn cli_match_ranks_as_the_widget_does() {
    let (code, out, _) = cli(&[
        "match",
        "claims/klingner-2019.claimreview.json",
        "estimated six nuclear weapons",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("six-more-nuclear-weapons"),
        "{out}"
    );
    let (_, out, _) = cli(&[
        "match",
        "claims/klingner-2019.claimreview.json",
        "the regime",
    ]);
    assert!(out.starts_with("no match"), "{out}");
}

#[test]
fn cli_jsonld_is_claimreview_markup() {
    let (code, out, _) = cli(&["jsonld", "claims/klingner-2019.claimreview.json"]);
    assert_eq!(code, 0);
    assert!(!out.contains("</"), "safe inside a <script> element");
    let doc: Value = serde_json::from_str(&out.replace("<\\/", "</")).unwrap();
    assert_eq!(doc["@context"], "https://schema.org");
    let graph = doc["@graph"].as_array().unwrap();
    assert!(graph.len() >= 45);
    for r in graph {
        assert_eq!(r["@type"], "ClaimReview");
        // Only schema.org vocabulary: ClaimLens's own fields are mapped, not copied.
        let schema = [
            "@type",
            "url",
            "datePublished",
            "author",
            "claimReviewed",
            "reviewRating",
            "itemReviewed",
            "identifier",
            "reviewBody",
            "citation",
        ];
        for key in r.as_object().unwrap().keys() {
            assert!(
                schema.contains(&key.as_str()),
                "non-schema.org property {key}"
            );
        }
        assert!(r["citation"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["@type"] == "CreativeWork" && c["url"].is_string()));
        for key in [
            "url",
            "datePublished",
            "claimReviewed",
            "author",
            "reviewRating",
            "itemReviewed",
        ] {
            assert!(!r[key].is_null(), "{key} in {r}");
        }
        assert_eq!(r["author"]["@type"], "Organization");
        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        assert!(Verdict::from_label(rating["alternateName"].as_str().unwrap()).is_some());
        assert!(
            rating["ratingValue"].is_number()
                && rating["bestRating"] == 5
                && rating["worstRating"] == 1
        );
        let item = &r["itemReviewed"];
        assert_eq!(item["@type"], "Claim");
        assert_eq!(item["author"]["name"], "Bruce Klingner");
        assert!(item["appearance"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://thehill.com/"));
    }
    let (_, html, _) = cli(&["jsonld", "claims/klingner-2019.claimreview.json", "--html"]);
    assert!(html.starts_with("<script type=\"application/ld+json\">"));
    // What the tool writes loads back through the run-time path unchanged.
    let back = load_json(&out.replace("<\\/", "</")).unwrap();
    assert_eq!(back.claims.len(), graph.len());
    assert!(back.errors.is_empty());
    let original = load_json(DATABASE).unwrap().claims;
    for (a, b) in original.iter().zip(&back.claims) {
        assert_eq!(
            (&a.id, &a.quote, &a.context, &a.sources, a.verdict),
            (&b.id, &b.quote, &b.context, &b.sources, b.verdict)
        );
    }
}
