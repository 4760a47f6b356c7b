//! The meaning layer on a database about another country: everything the
//! engine knows about Iran here comes from the database (entities, their
//! aliases and references) and from a thesaurus, never from the engine.
//! Each negative check has a positive control beside it.

use claimlens_core::claimreview;
use claimlens_core::matching::index::StoredIndex;
use claimlens_core::matching::meaning::{Meaning, Thesaurus};
use claimlens_core::matching::Matcher;
use std::sync::OnceLock;

const DATABASE: &str = r##"{ "@context": "https://schema.org", "@graph": [
  { "@type": "Country", "@id": "#iran", "name": "Iran",
    "alternateName": ["Tehran", "Islamic Republic of Iran", "Iranian"],
    "references": ["the regime", "the Islamic Republic"] },
  { "@type": "Country", "@id": "#united-states", "name": "United States",
    "alternateName": ["US", "U.S.", "Washington", "America"] },
  { "@type": "Organization", "@id": "#iaea", "name": "International Atomic Energy Agency",
    "alternateName": ["IAEA"] },
  { "@type": "Organization", "@id": "#iaea-board", "name": "IAEA Board of Governors",
    "affiliation": [{ "@id": "#iaea" }] },
  { "@type": "City", "@id": "#vienna", "name": "Vienna",
    "containedInPlace": { "@type": "Country", "@id": "#austria", "name": "Austria" } },
  { "@type": "Country", "@id": "#austria", "name": "Austria" },
  { "@type": "City", "@id": "#geneva", "name": "Geneva" },
  { "@type": "Person", "@id": "#william-burns", "name": "William Burns", "alternateName": ["Burns"],
    "affiliation": [{ "@id": "#united-states" }] },
  { "@type": "ClaimReview", "id": "demands-ignored",
    "claimReviewed": "Iran has ignored the IAEA's demands for access to its centrifuge workshops.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "Tehran ignored the IAEA demands for access to its centrifuge workshops",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "Report", "publisher": "IAEA", "url": "https://www.iaea.org/access", "date": "2023-05-31" }] },
  { "@type": "ClaimReview", "id": "enriched-to-60",
    "claimReviewed": "Iran has enriched uranium to 60 percent purity.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "Tehran has enriched uranium to 60 percent purity",
    "kind": "figure", "context": "Test claim.",
    "sources": [{ "title": "IAEA report", "publisher": "IAEA", "url": "https://www.iaea.org/report", "date": "2023-02-28" }] },
  { "@type": "ClaimReview", "id": "drills-cancelled",
    "claimReviewed": "The United States cancelled its naval exercises in the Gulf.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "Washington cancelled its naval exercises in the Gulf",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "Statement", "publisher": "US Navy", "url": "https://www.navy.mil/statement", "date": "2023-03-01" }] },
  { "@type": "ClaimReview", "id": "inspectors-expelled",
    "claimReviewed": "Iran expelled several IAEA inspectors.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "The regime expelled several IAEA inspectors",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "Statement", "publisher": "IAEA", "url": "https://www.iaea.org/statement", "date": "2023-09-16" }] },
  { "@type": "ClaimReview", "id": "cascades-since-vienna",
    "claimReviewed": "Iran has installed two new cascades of centrifuges since the talks in Vienna.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "Since the Vienna talks, Tehran has installed two new cascades of centrifuges",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "IAEA report", "publisher": "IAEA", "url": "https://www.iaea.org/cascades", "date": "2023-11-15" }] },
  { "@type": "ClaimReview", "id": "walked-out-of-vienna",
    "claimReviewed": "Iran's delegation walked out of the Vienna talks in protest.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "Tehran walked out of the Vienna talks in protest",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "Statement", "publisher": "IAEA", "url": "https://www.iaea.org/walkout", "date": "2023-06-02" }] },
  { "@type": "ClaimReview", "id": "mine-inspections-stopped",
    "claimReviewed": "Surprise inspections of the uranium mines stopped in 2021.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "surprise inspections of the uranium mines stopped in 2021",
    "about": [{ "@id": "#iran" }],
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "IAEA report", "publisher": "IAEA", "url": "https://www.iaea.org/mines", "date": "2021-03-01" }] },
  { "@type": "ClaimReview", "id": "diplomacy-stalled",
    "claimReviewed": "Negotiations with Iran have stalled since the spring.",
    "reviewRating": { "@type": "Rating", "alternateName": "Accurate" },
    "quote": "the diplomacy with Tehran went nowhere after March",
    "kind": "event", "context": "Test claim.",
    "sources": [{ "title": "Briefing", "publisher": "US State Department", "url": "https://www.state.gov/briefing", "date": "2023-06-01" }] }
] }"##;

/// A thesaurus as WordNet would answer for these words.
struct Small;

impl Thesaurus for Small {
    fn related(&self, words: &str) -> Vec<(String, f32)> {
        let list: &[(&str, f32)] = match words {
            "cancelled" => &[("call off", 0.9), ("scrub", 0.9), ("scrap", 0.9)],
            "exercises" => &[("drill", 0.9), ("maneuver", 0.9)],
            "naval" => &[("navy", 0.75)],
            "expelled" => &[("throw out", 0.9), ("kick out", 0.9), ("expulsion", 0.75)],
            "enriched" => &[("enrichment", 0.75)],
            _ => &[],
        };
        list.iter().map(|&(w, f)| (w.to_string(), f)).collect()
    }
}

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let loaded = claimreview::load(DATABASE).expect("the test database loads");
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let db = loaded.database;
        let meaning = Meaning::build(&db.claims, &Small);
        Matcher::from_index(StoredIndex::build(db.claims, db.entities, meaning))
    })
}

/// The ids shown for `text` on a page titled `page`.
fn shown(text: &str, page: &str) -> Vec<String> {
    let m = matcher();
    m.find_on(text, &m.page_context(page))
        .iter()
        .map(|f| m.claims()[f.claim].id.clone())
        .collect()
}

#[test]
fn the_database_brings_its_own_entities() {
    let names: Vec<&str> = matcher().entities().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["Iran", "United States", "International Atomic Energy Agency", "IAEA Board of Governors", "Vienna", "Austria", "Geneva", "William Burns"]
    );
}

#[test]
fn an_alias_from_the_database_stands_for_its_entity() {
    assert_eq!(shown("Iran has enriched uranium to 60 percent purity", ""), ["enriched-to-60"]);
    assert_eq!(shown("The Islamic Republic of Iran has enriched uranium to 60 percent purity", ""), ["enriched-to-60"]);
}

#[test]
fn rewordings_are_found_through_related_words() {
    // Control: the quote itself.
    assert_eq!(shown("Washington cancelled its naval exercises in the Gulf", ""), ["drills-cancelled"]);
    // "called off" and "maneuvers" are the thesaurus's, "America" the
    // database's; without the thesaurus this finds nothing.
    assert_eq!(shown("America called off its naval maneuvers", ""), ["drills-cancelled"]);
}

#[test]
fn another_country_in_the_claims_place_is_left_silent() {
    // Control, then the same sentence about two countries the database
    // does not know, and about one it knows in another role.
    assert_eq!(shown("Iran has enriched uranium to 60 percent purity", ""), ["enriched-to-60"]);
    assert!(shown("Venezuela has enriched uranium to 60 percent purity", "").is_empty());
    assert!(shown("Brazil has enriched uranium to 60 percent purity", "").is_empty());
    assert!(shown("The United States has enriched uranium to 60 percent purity", "").is_empty());
}

#[test]
fn only_an_entity_that_can_take_the_missing_ones_role_is_a_swap() {
    // Control: the claim's own words.
    assert_eq!(shown("Since the Vienna talks, Tehran has installed two new cascades of centrifuges", ""), ["cascades-since-vienna"]);
    // A person (the database's, of another country) where the claim has a
    // place: the database types them (Person, City), and a person cannot
    // stand where a city does.
    assert_eq!(
        shown("Since its negotiators met William Burns, Tehran has installed two new cascades of centrifuges", ""),
        ["cascades-since-vienna"]
    );
    // Another city, and another country, in the same places are swaps.
    assert!(shown("Since the Geneva talks, Tehran has installed two new cascades of centrifuges", "").is_empty());
    assert!(shown("Since the Vienna talks, Washington has installed two new cascades of centrifuges", "").is_empty());
}

/// Each text with the ids it should show, judged without a page (none:
/// silence); the first row of a table is its positive control.
fn assert_shown(cases: &[(&str, &[&str])]) {
    for &(text, ids) in cases {
        assert_eq!(shown(text, ""), ids, "{text}");
    }
}

#[test]
fn a_date_in_a_places_slot_is_not_another_place() {
    assert_shown(&[
        // The claim's own words ("Vienna" stands between matched words in
        // both of the claim's texts).
        ("Tehran walked out of the Vienna talks in protest", &["walked-out-of-vienna"]),
        // The talks named by when they were, not where: the same talks.
        ("Tehran walked out of the March talks in protest", &["walked-out-of-vienna"]),
        ("Tehran walked out of the 2023 talks in protest", &["walked-out-of-vienna"]),
        // Another word in the same slot is still someone else's talks, and
        // so is a name of the database that cannot take a place's role.
        ("Tehran walked out of the Lausanne talks in protest", &[]),
        ("Tehran walked out of the IAEA talks in protest", &[]),
        ("Tehran walked out of the Geneva talks in protest", &[]),
    ]);
}

#[test]
fn a_place_named_by_what_contains_it_is_the_same_place() {
    assert_shown(&[
        ("Tehran walked out of the Vienna talks in protest", &["walked-out-of-vienna"]),
        // The database puts Vienna in Austria.
        ("Tehran walked out of the talks in Austria in protest", &["walked-out-of-vienna"]),
        ("Tehran walked out of the Austria talks in protest", &["walked-out-of-vienna"]),
        // Another country, known to the database or not, is somewhere else.
        ("Tehran walked out of the talks in Switzerland in protest", &[]),
        ("Tehran walked out of the talks in the United States in protest", &[]),
        // Only a place is named by what contains it: Austria in the IAEA's
        // place is someone else.
        ("Tehran ignored the Austria demands for access to its centrifuge workshops", &[]),
    ]);
}

#[test]
fn a_claim_is_about_whom_the_database_says_even_when_its_words_name_no_one() {
    assert_shown(&[
        // The claim's words name no one; the record's `about` says Iran.
        ("Surprise inspections of the uranium mines stopped in 2021", &["mine-inspections-stopped"]),
        ("Surprise inspections of Iran's uranium mines stopped in 2021", &["mine-inspections-stopped"]),
        // Another country's mines are another claim.
        ("Surprise inspections of Venezuela's uranium mines stopped in 2021", &[]),
        ("Surprise inspections of America's uranium mines stopped in 2021", &[]),
    ]);
}

#[test]
fn without_its_actors_a_claim_must_explain_nearly_all_of_the_selection() {
    let page = "Iran's nuclear programme: what we know";
    let extended = "has enriched uranium to 60 percent purity and stored it at a new warehouse";
    // Controls: the claim's actor named, or the page about it.
    assert_eq!(shown("Iran has enriched uranium to 60 percent purity and stored it at a new warehouse", ""), ["enriched-to-60"]);
    assert_eq!(shown(extended, page), ["enriched-to-60"]);
    // A fragment of the claim, explained whole, needs no actor.
    assert_eq!(shown("has enriched uranium to 60 percent purity", ""), ["enriched-to-60"]);
    // The same words with more the claim does not explain, about no one:
    // silence.
    assert!(shown(extended, "").is_empty());
}

#[test]
fn a_part_of_the_claims_actor_in_its_place_is_not_someone_else() {
    // Control: the claim's own words.
    assert_eq!(shown("Tehran ignored the IAEA demands for access to its centrifuge workshops", ""), ["demands-ignored"]);
    // The agency's board belongs to the agency (the database says so).
    assert_eq!(
        shown("Tehran ignored the IAEA Board of Governors demands for access to its centrifuge workshops", ""),
        ["demands-ignored"]
    );
    // Another organisation in the same place is someone else.
    assert!(shown("Tehran ignored the OPEC demands for access to its centrifuge workshops", "").is_empty());
}

#[test]
fn a_reference_counts_only_when_the_page_says_whom_it_means() {
    let text = "The regime expelled several IAEA inspectors";
    assert_eq!(shown(text, "Iran's nuclear programme: what we know"), ["inspectors-expelled"]);
    assert!(
        shown(text, "Venezuela's opposition: the regime tightens its grip").is_empty(),
        "a page about another country makes \"the regime\" someone else"
    );
}

#[test]
fn explanations_name_the_relation_of_each_aligned_word() {
    let m = matcher();
    let text = "The US called off its naval drills in the Gulf";
    let explained = m.explain(text, &m.page_context(""), 3);
    let best = explained.first().expect("a candidate");
    assert_eq!(m.claims()[best.claim].id, "drills-cancelled");
    let relations = format!("{:?}", best);
    for word in ["Entity", "Related", "Same"] {
        assert!(relations.contains(word), "no {word} relation in {relations}");
    }
}


#[test]
fn a_rewording_that_borrows_from_several_texts_is_explained_by_the_claim() {
    let m = matcher();
    let id = |t: &str| m.rank(t, 1).first().map(|f| (m.claims()[f.claim].id.clone(), f.precision));
    // Control: the quote's own words are explained by the quote.
    let (claim, precision) = id("the diplomacy with Tehran went nowhere after March").expect("a candidate");
    assert_eq!(claim, "diplomacy-stalled");
    assert!(precision > 0.99, "{precision}");
    // "diplomacy" is only in the quote, "stalled" only in the restatement:
    // neither text explains the whole selection, the claim's texts together do.
    let (claim, precision) = id("diplomacy with Iran has stalled").expect("a candidate");
    assert_eq!(claim, "diplomacy-stalled");
    assert!(precision > 0.99, "{precision}");
}

#[test]
fn another_count_of_the_same_thing_is_another_claim() {
    assert_shown(&[
        // The claim's own count, in digits and in words.
        ("Tehran has enriched uranium to 60 percent purity", &["enriched-to-60"]),
        ("Tehran has enriched uranium to sixty percent purity", &["enriched-to-60"]),
        // A year beside it is no count ("2023" is not "60").
        ("In 2023, Tehran enriched uranium to 60 percent purity", &["enriched-to-60"]),
        // Another count of the same thing states another fact.
        ("Tehran has enriched uranium to 20 percent purity", &[]),
        ("Tehran has enriched uranium to 90 percent purity", &[]),
        // The same for a count in words, in another claim. The claim it
        // contradicts still competes: the walk-out claim, read in a few of
        // the same words ("the Vienna talks, Tehran"), does not take its
        // place from the lower band.
        ("Since the Vienna talks, Tehran has installed two new cascades of centrifuges", &["cascades-since-vienna"]),
        ("Since the Vienna talks, Tehran has installed five new cascades of centrifuges", &[]),
    ]);
}

#[test]
fn an_explanation_names_the_two_counts() {
    use claimlens_core::matching::explain::Decision;
    use claimlens_core::matching::Swap;
    let m = matcher();
    let decision = |text: &str| {
        m.explain(text, &m.page_context(""), 10)
            .into_iter()
            .find(|c| m.claims()[c.claim].id == "enriched-to-60")
            .map(|c| c.decision)
    };
    // Control: the claim's own count is a match.
    assert_eq!(decision("Tehran has enriched uranium to 60 percent purity"), Some(Decision::Match));
    // Another count is refused, in thousandths, at the selection's count.
    assert_eq!(
        decision("Tehran has enriched uranium to 20 percent purity"),
        Some(Decision::Swapped(Swap::OtherCount { claimed: 60_000, said: 20_000, at: 31 }))
    );
}

#[test]
fn a_name_another_claim_reads_as_its_own_is_no_swap_for_a_quote_said_word_for_word() {
    // Controls: each claim alone. The mines claim is about Iran, which
    // its quote does not name.
    assert_shown(&[
        ("Washington cancelled its naval exercises in the Gulf", &["drills-cancelled"]),
        ("Surprise inspections of the uranium mines stopped in 2021", &["mine-inspections-stopped"]),
    ]);
    // Washington put where Iran would stand is a swap ...
    assert_shown(&[("Washington said surprise inspections of the uranium mines stopped in 2021", &[])]);
    // ... but not when the sentence states a second claim that Washington
    // belongs to, and the mines claim's quote word for word.
    assert_shown(&[(
        "Washington cancelled its naval exercises in the Gulf, and surprise inspections of the uranium mines stopped in 2021",
        &["drills-cancelled", "mine-inspections-stopped"],
    )]);
    // A name the database does not know still counts. So does Washington
    // for a rewording of the quote (control: the rewording alone).
    assert_shown(&[
        (
            "Washington cancelled its naval exercises in the Gulf, and surprise inspections of the uranium mines stopped in Venezuela in 2021",
            &["drills-cancelled"],
        ),
        ("Surprise inspections of uranium mines and mills stopped in 2021", &["mine-inspections-stopped"]),
        (
            "Washington cancelled its naval exercises in the Gulf, and surprise inspections of uranium mines and mills stopped in 2021",
            &["drills-cancelled"],
        ),
    ]);
}
