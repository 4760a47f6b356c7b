//! Claim databases in the core: the editorial checks the build runs (the
//! same function and messages as `claimlens validate`), the layers of the
//! validator (schema.org, ClaimLens, publication), the lenient rules for
//! databases loaded at run time, and the published markup read back.
//!
//! The command-line tool's own checks are in `tools/tests/cli.rs`.
#![cfg(not(target_arch = "wasm32"))]

use claimlens_core::claimreview::error::{LoadError, Problem, RecordError};
use claimlens_core::claimreview::read::MAX_FIELD_CHARS;
use claimlens_core::claimreview::rules::{Extras, Rules};
use claimlens_core::claimreview::write::{is_published, published_document, Publisher};
use claimlens_core::claimreview::{self, Invalid, MAX_DATABASE_BYTES};
use claimlens_core::model::Verdict;
use serde_json::{json, Value};

const DATABASE: &str = include_str!("../../claims/klingner-2019.claimreview.json");
const ARTICLE: &str = include_str!("../../claims/klingner-2019.article.txt");

/// The bundled database as JSON, to break one thing at a time.
fn bundled() -> Value {
    serde_json::from_str(DATABASE).unwrap()
}

fn is_review(node: &Value) -> bool {
    node["@type"] == "ClaimReview"
}

/// The ClaimReview records of the graph (its other nodes describe the
/// entities claims are about), in order: "record N" in a message is the
/// N-th of these.
fn records(db: &Value) -> Vec<&Value> {
    db["@graph"].as_array().unwrap().iter().filter(|n| is_review(n)).collect()
}

/// The record at position `i` (from 0) among the records.
fn record(db: &mut Value, i: usize) -> &mut Value {
    db["@graph"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .filter(|n| is_review(n))
        .nth(i)
        .unwrap_or_else(|| panic!("no record {i}"))
}

/// The position of the first record for which `test` holds.
fn position(db: &Value, test: impl Fn(&Value) -> bool) -> usize {
    records(db).into_iter().position(test).expect("a record of that kind in the bundled database")
}

/// The position of the first record whose verdict label is `label`.
fn with_verdict(db: &Value, label: &str) -> usize {
    position(db, |r| r["reviewRating"]["alternateName"] == label)
}

/// Validates `db` by the editorial rules (the build's); the problems found.
fn problems_of(db: &Value) -> Vec<RecordError> {
    match claimreview::validate(&db.to_string(), &Rules::editorial(Some(ARTICLE))) {
        Ok(_) => vec![],
        Err(Invalid::Records(errors)) => {
            assert!(!errors.is_empty(), "an invalid database names its problems");
            errors
        }
        Err(Invalid::Document(e)) => panic!("the document itself was refused: {e}"),
    }
}

/// The same problems as the lines the build and the CLI print.
fn problems(db: &Value) -> Vec<String> {
    problems_of(db).iter().map(ToString::to_string).collect()
}

/// The rules `claimlens validate FILE` applies: schema.org, and the
/// ClaimLens rules only for records that use ClaimLens fields.
const SCHEMA_ORG: Rules<'static> = Rules {
    extras: Extras::WhereUsed,
    article: None,
    publication: false,
};

fn id_of(db: &mut Value, i: usize) -> String {
    record(db, i)["id"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------
// The bundled database and the editorial rules.

#[test]
fn the_bundled_database_passes_the_editorial_checks() {
    let db = claimreview::validate(DATABASE, &Rules::editorial(Some(ARTICLE)))
        .expect("bundled database is valid");
    let claims = &db.claims;
    assert!(claims.len() >= 45, "{} claims", claims.len());
    assert_eq!(claims.len(), records(&bundled()).len(), "every record is a claim");
    // Every claim sourced; opinions labelled as opinions.
    for c in claims {
        assert!(!c.sources.is_empty(), "{} has no source", c.id);
        assert!(ARTICLE.contains(c.quote.as_deref().unwrap()), "{}", c.id);
    }
    assert!(claims.iter().any(|c| c.verdict == Verdict::Opinion));
}

#[test]
fn the_bundled_ratings_follow_the_scale() {
    // Numbers only for the verdicts that are a degree of accuracy; Opinion
    // and Unverifiable carry only their label. No record has its own url:
    // review pages get theirs from `--base-url` when published.
    let db = bundled();
    let mut seen_without_numbers = 0;
    for r in records(&db) {
        let id = r["id"].as_str().unwrap();
        assert!(r.get("url").is_none(), "{id} has a url");
        let rating = &r["reviewRating"];
        let verdict = Verdict::from_label(rating["alternateName"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{id}: verdict off the scale"));
        match verdict.rating_value() {
            Some(v) => {
                assert_eq!(rating["ratingValue"], json!(v), "{id}");
                assert_eq!(rating["bestRating"], json!(5), "{id}");
                assert_eq!(rating["worstRating"], json!(1), "{id}");
            }
            None => {
                seen_without_numbers += 1;
                for f in ["ratingValue", "bestRating", "worstRating"] {
                    assert!(rating.get(f).is_none(), "{id}: {verdict:?} with {f}");
                }
            }
        }
    }
    assert!(seen_without_numbers > 1, "Opinion and Unverifiable records are there");
    with_verdict(&db, "Unverifiable");
}

#[test]
fn the_quotes_with_traps_are_verbatim() {
    let db = claimreview::validate(DATABASE, &Rules::editorial(Some(ARTICLE))).unwrap();
    let quotes: Vec<&str> = db.claims.iter().filter_map(|c| c.quote.as_deref()).collect();
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
    let id = id_of(&mut db, 4);
    record(&mut db, 4).as_object_mut().unwrap().remove("context");
    assert_eq!(
        problems_of(&db),
        [RecordError {
            record: 5,
            id: Some(id.clone()),
            field: "context".into(),
            problem: Problem::Missing,
        }]
    );
    assert_eq!(
        problems(&db),
        [format!("record 5 (id \"{id}\"), field \"context\": is missing")]
    );
}

#[test]
fn a_verdict_outside_the_scale_fails() {
    let mut db = bundled();
    record(&mut db, 0)["reviewRating"]["alternateName"] = json!("Mostly true");
    let p = problems(&db);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("record 1 (id \""), "{p:?}");
    assert!(
        p[0].contains("verdict \"Mostly true\" is not on the scale"),
        "{p:?}"
    );
    assert_eq!(problems_of(&db)[0].problem, Problem::OffScale("Mostly true".into()));
}

#[test]
fn a_rating_value_that_does_not_fit_the_verdict_fails() {
    let mut db = bundled();
    record(&mut db, 1)["reviewRating"]["ratingValue"] = json!(5);
    record(&mut db, 1)["reviewRating"]["alternateName"] = json!("Inaccurate");
    let p = problems_of(&db);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        (p[0].record, p[0].field.as_str(), &p[0].problem),
        (2, "reviewRating.ratingValue", &Problem::RatingMismatch(Some(1)))
    );
    assert!(
        p[0].to_string().contains("field \"reviewRating.ratingValue\": must be 1 for this verdict"),
        "{p:?}"
    );
}

#[test]
fn a_verdict_on_the_scale_needs_its_numbers() {
    let mut db = bundled();
    let rating = record(&mut db, 1)["reviewRating"].as_object_mut().unwrap();
    assert_eq!(rating["alternateName"], "Accurate");
    for f in ["ratingValue", "bestRating", "worstRating"] {
        rating.remove(f);
    }
    let p = problems_of(&db);
    assert_eq!(
        p.iter().map(|e| (e.record, e.field.as_str(), &e.problem)).collect::<Vec<_>>(),
        [
            (2, "reviewRating.ratingValue", &Problem::RatingMismatch(Some(5))),
            (2, "reviewRating.bestRating", &Problem::RatingMismatch(Some(5))),
        ]
    );
}

#[test]
fn opinion_and_unverifiable_take_no_numbers() {
    // An Opinion with a ratingValue, an Unverifiable with a scale but no
    // value, and an Unverifiable with a value: each refused, by name.
    let base = bundled();
    let opinion = with_verdict(&base, "Opinion");
    let unverifiable = with_verdict(&base, "Unverifiable");
    let cases: [(usize, &[(&str, i64)]); 4] = [
        (opinion, &[("ratingValue", 3)]),
        (opinion, &[("bestRating", 5), ("worstRating", 1)]),
        (unverifiable, &[("ratingValue", 3), ("bestRating", 5), ("worstRating", 1)]),
        (unverifiable, &[("worstRating", 1)]),
    ];
    for (i, numbers) in cases {
        let mut db = base.clone();
        let id = id_of(&mut db, i);
        for (f, n) in numbers {
            record(&mut db, i)["reviewRating"][f] = json!(n);
        }
        let p = problems_of(&db);
        assert_eq!(
            p,
            [RecordError {
                record: i + 1,
                id: Some(id.clone()),
                field: "reviewRating.ratingValue".into(),
                problem: Problem::RatingMismatch(None),
            }],
            "{id} with {numbers:?}"
        );
        assert!(p[0].to_string().contains("must be left out for this verdict"), "{p:?}");
    }
}

#[test]
fn an_unreviewed_verdict_is_refused_by_name() {
    let mut db = bundled();
    record(&mut db, 0)["reviewRating"]["alternateName"] = json!("Unreviewed");
    let p = problems_of(&db);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].problem, Problem::Unreviewed);
    assert!(p[0].to_string().contains("\"Unreviewed\""), "{p:?}");
    // At run time too: the record is skipped, never shown.
    let loaded = claimreview::load(&db.to_string()).unwrap();
    assert_eq!(loaded.database.claims.len(), records(&bundled()).len() - 1);
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!(loaded.errors[0].problem, Problem::Unreviewed);
}

#[test]
fn a_quote_that_is_not_in_the_article_fails() {
    let mut db = bundled();
    record(&mut db, 2)["quote"] = json!("North Korea has 600 nuclear weapons");
    let p = problems_of(&db);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].record, p[0].field.as_str()), (3, "quote"));
    assert_eq!(p[0].problem, Problem::NotInArticle);
    let line = p[0].to_string();
    assert!(
        line.contains("record 3") && line.contains("is not verbatim in the article"),
        "{line}"
    );
}

#[test]
fn a_straightened_quote_mark_is_not_verbatim() {
    let mut db = bundled();
    let i = position(&db, |r| r["quote"].as_str().unwrap().contains('“'));
    let straight = record(&mut db, i)["quote"].as_str().unwrap().replace(['“', '”'], "\"");
    record(&mut db, i)["quote"] = json!(straight);
    assert!(problems_of(&db)
        .iter()
        .any(|p| p.record == i + 1 && p.problem == Problem::NotInArticle));
}

#[test]
fn duplicate_ids_fail() {
    let mut db = bundled();
    let first = id_of(&mut db, 0);
    record(&mut db, 7)["id"] = json!(first);
    let p = problems_of(&db);
    assert!(
        p.iter().any(|m| m.record == 8
            && m.id.as_deref() == Some(first.as_str())
            && m.problem == Problem::Duplicate("id".into())),
        "{p:?}"
    );
    assert!(
        problems(&db)
            .iter()
            .any(|m| m.starts_with(&format!("record 8 (id \"{first}\")"))
                && m.contains("repeats an earlier record's id")),
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
        let p = problems_of(&db);
        assert_eq!(p.len(), 1, "{bad}: {p:?}");
        assert_eq!(
            (p[0].record, p[0].field.as_str(), &p[0].problem),
            (4, "sources[1].url", &Problem::NotHttp(bad.into())),
            "{bad}"
        );
        assert!(p[0].to_string().contains("is not an http(s) URL"), "{p:?}");
    }
}

#[test]
fn kind_opinion_and_verdict_opinion_go_together() {
    let mut db = bundled();
    let i = position(&db, |r| r["kind"] == "opinion");
    record(&mut db, i)["kind"] = json!("statistic");
    let p = problems_of(&db);
    assert!(
        p.iter().any(|e| e.record == i + 1 && e.problem == Problem::OpinionMismatch),
        "{p:?}"
    );
    assert!(problems(&db).iter().any(|p| p.contains("go together")));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut db = bundled();
    record(&mut db, 0).as_object_mut().unwrap().remove("sources");
    record(&mut db, 10)["datePublished"] = json!("last Tuesday");
    let p = problems_of(&db);
    // Both records are named. The bad date breaks two rules: the
    // schema.org date format, and the ClaimLens `YYYY-MM-DD` length.
    assert_eq!(
        p.iter().map(|e| (e.record, e.field.as_str(), &e.problem)).collect::<Vec<_>>(),
        [
            (1, "sources", &Problem::Missing),
            (11, "datePublished", &Problem::BadDate("last Tuesday".into())),
            (11, "datePublished", &Problem::TooLong(10)),
        ],
        "{p:?}"
    );
}

// ---------------------------------------------------------------------------
// The layers: schema.org for anyone's markup, ClaimLens where used or
// required, publication on request.

/// Google's own ClaimReview example (as on its Fact Check markup page):
/// ratings as strings, no `id`, a placeholder host.
const GOOGLE_EXAMPLE: &str = include_str!("data/google-example.claimreview.json");

/// A PolitiFact-style record: the publisher's own label ("Pants on
/// Fire!"), numbers on its own 1..6 scale, a list of appearances and an
/// image the reader does not know.
const POLITIFACT_STYLE: &str = include_str!("data/politifact-style.claimreview.json");

#[test]
fn googles_own_example_passes_the_schema_org_rules() {
    let db = claimreview::validate(GOOGLE_EXAMPLE, &SCHEMA_ORG).expect("Google's example is valid markup");
    assert_eq!(db.claims.len(), 1);
    let c = &db.claims[0];
    assert_eq!(c.claim_reviewed, "The world is flat");
    assert_eq!(c.verdict, Verdict::Inaccurate, "\"False\" on the scale");
    assert_eq!(c.verdict_label, "False", "the publisher's own label is shown");
    assert_eq!(c.id, "https://example.com/news/science/worldisflat.html", "id from url");
    assert_eq!(c.claim_author.as_deref(), Some("Square World Society"));
    assert_eq!(c.appearance_url.as_deref(), Some("https://example.com/news/a122121"));

    // Every record held to the ClaimLens rules (the build's): refused, by
    // name, for what ClaimLens promises and schema.org does not ask.
    let Err(Invalid::Records(p)) = claimreview::validate(GOOGLE_EXAMPLE, &Rules::editorial(None)) else {
        panic!("Google's example is not a ClaimLens database")
    };
    let fields: Vec<&str> = p.iter().map(|e| e.field.as_str()).collect();
    for f in ["id", "quote", "context", "kind", "sources", "reviewRating.alternateName"] {
        assert!(fields.contains(&f), "{f} not named: {p:?}");
    }
    assert!(p.iter().all(|e| e.record == 1));

    // Published as it stands: a placeholder host and no @id.
    let publish = Rules { publication: true, ..SCHEMA_ORG };
    let Err(Invalid::Records(p)) = claimreview::validate(GOOGLE_EXAMPLE, &publish) else {
        panic!("example.com is not a publication address")
    };
    assert!(p.contains(&RecordError {
        record: 1,
        id: None,
        field: "url".into(),
        problem: Problem::Placeholder("example.com".into()),
    }), "{p:?}");
    assert!(p.iter().any(|e| e.field == "@id" && e.problem == Problem::NoAbsoluteId), "{p:?}");
}

#[test]
fn a_politifact_style_record_passes_the_schema_org_rules() {
    let db = claimreview::validate(POLITIFACT_STYLE, &SCHEMA_ORG).expect("PolitiFact-style markup is valid");
    let c = &db.claims[0];
    assert_eq!(c.verdict, Verdict::Inaccurate);
    assert_eq!(c.verdict_label, "Pants on Fire!");
    assert_eq!(c.reviewed_by, "PolitiFact");
    assert_eq!(c.appearance_url.as_deref(), Some("https://www.facebook.com/photo/?fbid=1234567890"));
    assert_eq!(c.sources.len(), 1, "the review page is the source");
    assert_eq!(c.sources[0].url, c.review_url.clone().unwrap());
    // Its https URLs on real hosts pass the publication checks, except the
    // absolute @id it does not give.
    let publish = Rules { publication: true, ..SCHEMA_ORG };
    let Err(Invalid::Records(p)) = claimreview::validate(POLITIFACT_STYLE, &publish) else {
        panic!("no @id")
    };
    assert_eq!(
        p.iter().map(|e| (e.field.as_str(), &e.problem)).collect::<Vec<_>>(),
        [("@id", &Problem::NoAbsoluteId)]
    );
}

#[test]
fn schema_org_rules_still_catch_broken_markup() {
    let mut doc: Value = serde_json::from_str(GOOGLE_EXAMPLE).unwrap();
    doc["reviewRating"]["ratingValue"] = json!("7");
    doc["itemReviewed"]["datePublished"] = json!("20 June 2016");
    doc["url"] = json!("javascript:alert(1)");
    let Err(Invalid::Records(p)) = claimreview::validate(&doc.to_string(), &SCHEMA_ORG) else {
        panic!("broken markup passed")
    };
    assert_eq!(
        p.iter().map(|e| (e.field.as_str(), &e.problem)).collect::<Vec<_>>(),
        [
            ("url", &Problem::NotHttp("javascript:alert(1)".into())),
            ("reviewRating.ratingValue", &Problem::RatingOutOfRange),
            ("itemReviewed.datePublished", &Problem::BadDate("20 June 2016".into())),
        ]
    );
}

#[test]
fn a_record_using_claimlens_fields_is_held_to_all_of_them() {
    let mut doc: Value = serde_json::from_str(GOOGLE_EXAMPLE).unwrap();
    doc["quote"] = json!("The world is flat, and we have the maps to prove it.");
    let Err(Invalid::Records(p)) = claimreview::validate(&doc.to_string(), &SCHEMA_ORG) else {
        panic!("a half-ClaimLens record passed")
    };
    let fields: Vec<&str> = p.iter().map(|e| e.field.as_str()).collect();
    for f in ["id", "context", "kind", "sources"] {
        assert!(fields.contains(&f), "{f} not named: {p:?}");
    }
    assert!(!fields.contains(&"quote"), "the quote it has is fine: {p:?}");
}

/// A review as a publisher would put it on the web: https everywhere, an
/// absolute @id, a primary source.
fn publishable() -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": "https://factcheck.millbrook-herald.news/reviews/library-visits/",
        "url": "https://factcheck.millbrook-herald.news/reviews/library-visits/",
        "identifier": "library-visits",
        "datePublished": "2025-03-20",
        "author": { "@type": "Organization", "name": "Herald Fact Desk", "url": "https://factcheck.millbrook-herald.news/" },
        "claimReviewed": "Library visits rose from 61,000 in 2019 to nearly 88,000 in 2024.",
        "reviewRating": { "@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly accurate" },
        "itemReviewed": {
            "@type": "Claim",
            "author": { "@type": "Person", "name": "Dana Whitfield" },
            "datePublished": "2025-03-14",
            "appearance": { "@type": "CreativeWork", "url": "https://www.millbrook-herald.news/2025/03/14/library-expansion/" }
        },
        "citation": [{ "@type": "CreativeWork", "name": "Annual report 2024", "url": "https://www.millbrooklibrary.org/reports/2024.pdf" }]
    })
}

#[test]
fn each_publication_check_names_its_problem() {
    let publish = Rules { publication: true, ..SCHEMA_ORG };
    let check = |doc: &Value| match claimreview::validate(&doc.to_string(), &publish) {
        Ok(_) => vec![],
        Err(Invalid::Records(p)) => p.into_iter().map(|e| (e.field, e.problem)).collect(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(check(&publishable()), [], "the control passes");
    let with = |path: &[&str], v: Value| {
        let mut doc = publishable();
        let mut at = &mut doc;
        for p in path {
            at = match p.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*p],
            };
        }
        *at = v;
        doc
    };
    let placeholder = with(&["citation", "0", "url"], json!("https://www.example.org/report"));
    assert_eq!(
        check(&placeholder),
        [("citation[1].url".to_string(), Problem::Placeholder("www.example.org".into()))]
    );
    let plain = with(&["author", "url"], json!("http://factcheck.millbrook-herald.news/"));
    assert_eq!(
        check(&plain),
        [("author.url".to_string(), Problem::NotHttps("http://factcheck.millbrook-herald.news/".into()))]
    );
    let copy = with(&["citation", "0", "url"], json!("https://millbrook-library.blogspot.com/2024/report.html"));
    assert_eq!(
        check(&copy),
        [("citation[1].url".to_string(), Problem::CopyHost("millbrook-library.blogspot.com".into()))]
    );
    let relative = with(&["@id"], json!("/reviews/library-visits/"));
    assert_eq!(check(&relative), [("@id".to_string(), Problem::NoAbsoluteId)]);
    let range = with(&["reviewRating", "ratingValue"], json!(9));
    assert_eq!(check(&range), [("reviewRating.ratingValue".to_string(), Problem::RatingOutOfRange)]);
}

// ---------------------------------------------------------------------------
// Run-time loading: lenient.

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
    let loaded = claimreview::load(&db.to_string()).unwrap();
    let claims = &loaded.database.claims;
    assert_eq!(claims.len(), 2);
    assert_eq!(loaded.errors.len(), 2, "{:?}", loaded.errors);
    assert_eq!(
        loaded.errors.iter().map(|e| (e.record, &e.problem)).collect::<Vec<_>>(),
        [(2, &Problem::Missing), (4, &Problem::NotAnObject("a string"))]
    );
    let moon = &claims[0];
    assert_eq!(moon.verdict, Verdict::Inaccurate);
    assert_eq!(moon.verdict_label, "False", "the reviewer's own label is kept");
    assert_eq!(
        moon.sources[0].url, "https://factcheck.example/moon",
        "the review page is the source"
    );
    let links = &claims[1];
    assert_eq!(links.verdict, Verdict::MostlyAccurate);
    assert_eq!(links.sources.len(), 1);
    assert_eq!(links.sources[0].url, "https://example.org/");
    assert!(loaded
        .warnings
        .iter()
        .any(|w| w.problem == Problem::NotHttp("javascript:alert(1)".into())
            && w.to_string().contains("javascript:alert(1)")));
}

#[test]
fn run_time_loading_errors_are_typed() {
    let err = |text: &str| claimreview::load(text).unwrap_err();
    assert!(matches!(err("{ nope"), LoadError::InvalidJson(_)));
    assert!(matches!(err("{\"a\": 1}"), LoadError::WrongShape(_)));
    assert!(matches!(err("42"), LoadError::WrongShape(_)));
    assert!(matches!(err("[]"), LoadError::WrongShape(_)));
    // "@graph" that is not a list; the same record in a list loads (control).
    let record = r#"{"@type": "ClaimReview", "claimReviewed": "The sky is green", "reviewRating": {"alternateName": "False"}}"#;
    assert!(matches!(err(&format!(r#"{{"@graph": {record}}}"#)), LoadError::WrongShape(m) if m.contains("@graph")));
    assert_eq!(claimreview::load(&format!(r#"{{"@graph": [{record}]}}"#)).unwrap().database.claims.len(), 1);
    assert_eq!(claimreview::load(record).unwrap().database.claims.len(), 1, "one record on its own");
    assert!(matches!(
        err("[{\"@type\": \"ClaimReview\"}]"),
        LoadError::NoUsableClaims(ref e) if e.len() == 1 && e[0].problem == Problem::NothingToMatch
    ));
    let huge = format!("[\"{}\"]", "x".repeat(MAX_DATABASE_BYTES));
    let e = err(&huge);
    assert!(matches!(e, LoadError::TooLarge { .. }));
    assert!(e.to_string().contains("the limit is"), "{e}");
    let codes = ["{ nope", "42", "[{\"@type\": \"ClaimReview\"}]"].map(|t| err(t).code());
    assert_eq!(codes, ["invalid-json", "wrong-shape", "no-usable-claims"]);
    assert_eq!(e.code(), "too-large");
}

#[test]
fn hostile_strings_are_bounded_not_interpreted() {
    let long = "A".repeat(MAX_FIELD_CHARS * 3);
    let db = json!([{ "@type": "ClaimReview", "id": "x", "claimReviewed": "<script>alert(1)</script>",
        "context": long, "reviewRating": { "alternateName": "Disputed" } }]);
    let loaded = claimreview::load(&db.to_string()).unwrap();
    let c = &loaded.database.claims[0];
    assert_eq!(
        c.claim_reviewed, "<script>alert(1)</script>",
        "kept as text; the popover sets textContent"
    );
    assert_eq!(c.context.chars().count(), MAX_FIELD_CHARS);
    assert_eq!(
        loaded.warnings,
        [RecordError {
            record: 1,
            id: Some("x".into()),
            field: "context".into(),
            problem: Problem::TooLong(MAX_FIELD_CHARS),
        }]
    );
    // The editorial rules refuse what loading cuts.
    let Err(Invalid::Records(p)) = claimreview::validate(&db.to_string(), &SCHEMA_ORG) else {
        panic!("an over-long context passed")
    };
    assert!(p.iter().any(|e| e.field == "context" && e.problem == Problem::TooLong(MAX_FIELD_CHARS)));
}

// ---------------------------------------------------------------------------
// Published markup, read back.

#[test]
fn the_published_markup_loads_back_with_nothing_lost() {
    let db = claimreview::load(DATABASE).unwrap().database;
    let publisher = Publisher {
        base_url: Some("https://checks.millbrook-herald.news/reviews".into()),
        author_url: Some("https://checks.millbrook-herald.news/".into()),
    };
    let doc = published_document(&db.claims, &db.entities, &publisher);
    let back = claimreview::load(&doc.to_compact()).expect("the markup loads");
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    let published: Vec<_> = db.claims.iter().filter(|c| is_published(c)).collect();
    assert!(published.len() < db.claims.len(), "opinions are left out");
    assert!(published.iter().all(|c| c.verdict != Verdict::Opinion));
    assert_eq!(back.database.claims.len(), published.len());
    for (a, b) in published.iter().zip(&back.database.claims) {
        assert_eq!(
            (&a.id, &a.quote, &a.claim_reviewed, &a.context, &a.sources, a.verdict, &a.verdict_label),
            (&b.id, &b.quote, &b.claim_reviewed, &b.context, &b.sources, b.verdict, &b.verdict_label)
        );
        assert_eq!(
            (&a.claim_author, &a.claim_date, &a.appearance_url, &a.reviewed_by, &a.review_date),
            (&b.claim_author, &b.claim_date, &b.appearance_url, &b.reviewed_by, &b.review_date)
        );
        assert_eq!(
            b.review_url.as_deref(),
            Some(format!("https://checks.millbrook-herald.news/reviews/{}/", a.id).as_str())
        );
    }
    // It is schema.org markup: the schema.org rules pass it.
    claimreview::validate(&doc.to_compact(), &SCHEMA_ORG).expect("valid schema.org markup");
}

/// BUG: the lenient reader cuts a source's URL to `MAX_NAME_CHARS` (300)
/// like a title, silently: a valid link longer than that (allowed up to
/// `MAX_URL_CHARS`, as the review and appearance URLs are) is kept as a
/// shorter link to another address, with no warning. A link must be kept
/// whole, or dropped with a warning; never cut.
#[test]
fn a_long_source_link_is_kept_whole_or_dropped_never_cut() {
    use claimlens_core::model::MAX_URL_CHARS;
    let url = format!(
        "https://digitallibrary.un.org/record/3807260/files/S_2019_691-EN.pdf?{}",
        "ln=en&v=pdf&".repeat(30)
    );
    assert!(url.len() > 300 && url.len() <= MAX_URL_CHARS && claimlens_core::model::is_http_url(&url));
    for list in ["sources", "citation"] {
        let db = json!([{ "@type": "ClaimReview", "claimReviewed": "The panel reported on sanctions evasion.",
            "reviewRating": { "alternateName": "False" }, "url": "https://factcheck.millbrook-herald.news/r/1/",
            list: [{ "title": "Report of the Panel of Experts", "url": url }],
            "itemReviewed": { "appearance": url } }]);
        let loaded = claimreview::load(&db.to_string()).unwrap();
        let c = &loaded.database.claims[0];
        assert_eq!(c.appearance_url.as_deref(), Some(url.as_str()), "the appearance link is whole");
        match c.sources.iter().find(|s| s.title == "Report of the Panel of Experts") {
            Some(s) => assert_eq!(
                s.url,
                url,
                "{list}: the link was cut from {} to {} characters",
                url.len(),
                s.url.len()
            ),
            None => assert!(!loaded.warnings.is_empty(), "{list}: dropped without a warning"),
        }
    }
}
