//! The web layer in a real browser (`wasm-pack test --headless --chrome`):
//! mount a page fragment, select a claim programmatically, and check the
//! popover, the events and the JS API. Every wait is on an event, never a
//! delay. All tests share one page and one widget, started once.
#![cfg(target_arch = "wasm32")]

mod support;

use js_sys::Reflect;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CLAIM: &str = "Since the Singapore summit, the regime has built another estimated six nuclear weapons";
/// A claim in words whose actor only the page can name.
const REWORDED: &str = "After that summit, the regime refused meetings for six months";

/// Mounts the fixture and starts the widget once.
fn ensure_started() {
    mount(&[
        ("claim", &format!("Some lead-in. {CLAIM} and more.")),
        ("plain", "The weather in Lisbon was mild and sunny all week."),
        ("ref", &format!("{REWORDED}, then allowed talks.")),
    ]);
    if lens().is_none() {
        let options = js_sys::Object::new();
        Reflect::set(&options, &"root".into(), &"#fixture".into()).unwrap();
        claimlens::start(Some(JsValue::from(options).into())).unwrap();
    }
}

#[wasm_bindgen_test]
fn the_api_is_typed_and_matches() {
    ensure_started();
    let lens = lens().expect("window.ClaimLens is set");
    for method in ["match", "claims", "load", "annotate", "destroy"] {
        assert!(get(&lens, method).is_function(), "{method}");
    }
    assert_eq!(get(&lens, "version").as_string().as_deref(), Some(env!("CARGO_PKG_VERSION")));
    let found = call(&lens, "match", &[CLAIM.into()]).unwrap();
    let first = js_sys::Array::from(&found).get(0);
    assert_eq!(get(&first, "id").as_string().as_deref(), Some("six-more-nuclear-weapons"));
    assert!(get(&first, "score").as_f64().unwrap() >= 0.6);
    assert_eq!(get(&first, "verdict").as_string().as_deref(), Some("Needs context"));
    // Something that states no claim: nothing (with the positive above as the control).
    let none = call(&lens, "match", &["The weather in Lisbon was mild.".into()]).unwrap();
    assert_eq!(js_sys::Array::from(&none).length(), 0);
    // A wrong argument is a typed error.
    let err = call(&lens, "match", &[JsValue::from(42)]).unwrap_err();
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ClaimLensError"));
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("bad-argument"));
    let claims = call(&lens, "claims", &[]).unwrap();
    assert!(js_sys::Array::from(&claims).length() >= 45);
}

#[wasm_bindgen_test]
async fn selecting_a_claim_opens_the_popover_and_escape_closes_it() {
    ensure_started();
    let opened = next_event("open");
    select("claim", CLAIM);
    let detail = opened.await;
    assert_eq!(get(&detail, "id").as_string().as_deref(), Some("six-more-nuclear-weapons"));
    let host = popover_host().expect("the popover is on the page");
    assert_eq!(host.get_attribute("data-claim-id").as_deref(), Some("six-more-nuclear-weapons"));
    let shadow = host.shadow_root().expect("in a shadow root");
    let label = shadow.query_selector(".verdict-label").unwrap().unwrap().text_content();
    assert_eq!(label.as_deref(), Some("Needs context"));

    let closed = next_event("close");
    press_escape();
    assert_eq!(get(&closed.await, "id").as_string().as_deref(), Some("six-more-nuclear-weapons"));
    assert!(popover_host().is_none());

    // A selection that states no claim is handled (settled) and shows nothing.
    let settled = next_event("settled");
    select("plain", "The weather in Lisbon was mild and sunny all week");
    let detail = settled.await;
    assert!(get(&detail, "id").is_null(), "no claim for the weather");
    assert!(popover_host().is_none());
}

#[wasm_bindgen_test]
async fn a_broken_database_is_rejected_and_nothing_is_lost() {
    ensure_started();
    let lens = lens().unwrap();
    let before = js_sys::Array::from(&call(&lens, "claims", &[]).unwrap()).length();
    let err = settle(call(&lens, "load", &["{ not json".into()]).unwrap()).await.unwrap_err();
    assert_eq!(get(&err, "name").as_string().as_deref(), Some("ClaimLensError"));
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid-json"));
    let after = js_sys::Array::from(&call(&lens, "claims", &[]).unwrap()).length();
    assert_eq!(after, before, "nothing lost");
    // The control: a good database loads.
    let db = r#"[{"@type":"ClaimReview","id":"pelicans","claimReviewed":"Harbour pelicans migrate north every spring","reviewRating":{"alternateName":"False"}}]"#;
    let ok = settle(call(&lens, "load", &[db.into()]).unwrap()).await.unwrap();
    assert_eq!(get(&ok, "loaded").as_f64(), Some(1.0));
    assert_eq!(get(&ok, "total").as_f64(), Some(f64::from(before + 1)));
}

#[wasm_bindgen_test]
async fn a_generic_reference_counts_only_when_the_page_says_whom_it_means() {
    ensure_started();
    let reworded = REWORDED;
    let title = doc().title();
    // Control: a page about North Korea.
    doc().set_title("President Trump should consider these next moves on North Korea");
    let opened = next_event("open");
    select("ref", reworded);
    assert_eq!(get(&opened.await, "id").as_string().as_deref(), Some("six-months-refused-meetings"));
    let closed = next_event("close");
    press_escape();
    closed.await;
    // The same words on a page about another country's regime.
    doc().set_title("Venezuela's opposition: the regime tightens its grip");
    let settled = next_event("settled");
    select("ref", reworded);
    let detail = settled.await;
    assert!(get(&detail, "id").is_null(), "\"the regime\" is Venezuela's here");
    assert!(popover_host().is_none());
    doc().set_title(&title);
}

#[wasm_bindgen_test]
async fn a_packed_index_loads_beside_the_claims_or_in_their_place() {
    use claimlens_core::matching::index::StoredIndex;
    use claimlens_core::matching::meaning::Meaning;
    ensure_started();
    let lens = lens().unwrap();
    let count = |lens: &JsValue| js_sys::Array::from(&call(lens, "claims", &[]).unwrap()).length();
    let found = |lens: &JsValue, text: &str| -> Vec<String> {
        let list = js_sys::Array::from(&call(lens, "match", &[text.into()]).unwrap());
        list.iter().filter_map(|m| get(&m, "id").as_string()).collect()
    };
    let storks = "White storks from the harbour migrate south every autumn";
    // A packed index of one claim, as `claimlens pack` writes it.
    let db = r#"[{"@type":"ClaimReview","id":"storks","claimReviewed":"White storks from the harbour migrate south every autumn","reviewRating":{"alternateName":"True"}}]"#;
    let loaded = claimlens_core::claimreview::load(db).unwrap().database;
    let bytes = StoredIndex::build(loaded.claims, loaded.entities, Meaning::default()).to_bytes();
    let before = count(&lens);
    assert!(found(&lens, storks).is_empty(), "not there before");
    let ok = settle(call(&lens, "load", &[js_sys::Uint8Array::from(&bytes[..]).into()]).unwrap()).await.unwrap();
    assert_eq!(get(&ok, "loaded").as_f64(), Some(1.0));
    assert_eq!(count(&lens), before + 1, "added beside the claims");
    assert_eq!(found(&lens, storks), ["storks"]);
    assert_eq!(found(&lens, CLAIM).first().map(String::as_str), Some("six-more-nuclear-weapons"));

    // Damaged bytes: a typed error, and nothing lost.
    let damaged = js_sys::Uint8Array::from(&bytes[..bytes.len() - 3]);
    let err = settle(call(&lens, "load", &[damaged.into()]).unwrap()).await.unwrap_err();
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("wrong-shape"));
    assert_eq!(count(&lens), before + 1);

    // In place: the bundled index alone again.
    let options = js_sys::Object::new();
    Reflect::set(&options, &"replace".into(), &true.into()).unwrap();
    let bundled = js_sys::Uint8Array::from(claimlens::BUNDLED_INDEX);
    let ok = settle(call(&lens, "load", &[bundled.into(), options.into()]).unwrap()).await.unwrap();
    let total = claimlens_core::Matcher::from_bytes(claimlens::BUNDLED_INDEX).unwrap().claims().len();
    assert_eq!(get(&ok, "total").as_f64(), Some(total as f64));
    assert!(found(&lens, storks).is_empty(), "replaced");
    assert_eq!(found(&lens, CLAIM).first().map(String::as_str), Some("six-more-nuclear-weapons"));
}

#[wasm_bindgen_test]
async fn a_json_text_copied_in_pieces_keeps_every_character() {
    ensure_started();
    let lens = lens().unwrap();
    // JSON text crosses into the wasm a piece at a time (js::TextCopy,
    // 2^18 UTF-16 units a piece). White space before the database puts the
    // first half of an emoji's surrogate pair on the last unit of the first
    // piece: cut there, both halves would become U+FFFD.
    const PIECE: usize = 1 << 18;
    let claim = "Flamingos 🦩 from the lagoon café winter in Lisbon every year";
    let head = r#"[{"@type":"ClaimReview","id":"flamingos","reviewRating":{"alternateName":"False"},"claimReviewed":"Flamingos "#;
    let pad = PIECE - 1 - head.len();
    let text = format!(r#"{}{head}{}"}}]"#, " ".repeat(pad), &claim["Flamingos ".len()..]);
    let units: Vec<u16> = text.encode_utf16().collect();
    assert!((0xD800..0xDC00).contains(&units[PIECE - 1]), "the pair straddles the first piece's end");
    let ok = settle(call(&lens, "load", &[text.into()]).unwrap()).await.unwrap();
    assert_eq!(get(&ok, "loaded").as_f64(), Some(1.0));
    let claims = js_sys::Array::from(&call(&lens, "claims", &[]).unwrap());
    let loaded = claims.iter().find(|c| get(c, "id").as_string().as_deref() == Some("flamingos")).expect("loaded");
    assert_eq!(get(&loaded, "claimReviewed").as_string().as_deref(), Some(claim));
}

#[wasm_bindgen_test]
fn the_bundled_matcher_answers_the_same_whether_finished_at_once_or_in_slices() {
    use claimlens::web::matcher_cell::MatcherCell;
    use claimlens_core::Matcher;
    let whole = Matcher::from_bytes(claimlens::BUNDLED_INDEX).unwrap();
    let negative = "The weather in Lisbon was mild and sunny all week.";
    // Used before any slice ran: finished on the spot.
    let cell = MatcherCell::from_bytes(claimlens::BUNDLED_INDEX).unwrap();
    assert!(!cell.is_built());
    assert_eq!(cell.claim_count(), whole.claims().len(), "the count is known before the build");
    assert_eq!(cell.find(CLAIM), whole.find(CLAIM));
    assert!(cell.is_built());
    // Built a slice at a time.
    let cell = MatcherCell::from_bytes(claimlens::BUNDLED_INDEX).unwrap();
    while !cell.step() {}
    assert!(cell.is_built());
    let found = cell.find(CLAIM);
    assert_eq!(found.first().map(|m| cell.claims()[m.claim].id.as_str()), Some("six-more-nuclear-weapons"));
    assert_eq!(found, whole.find(CLAIM));
    assert!(cell.find(negative).is_empty());
    assert_eq!(cell.claims().len(), whole.claims().len());
}
