//! The labelled set for the matcher (`tests/data/`, see its README): a
//! tuning half (`match_cases.tune.tsv`) and a report half
//! (`match_cases.report.tsv`), each case a selection, the claims the
//! engine should show for it, and the page it sits on; and more tuning
//! cases written after the split (`match_cases.tune-extra.tsv`, and a
//! second batch of near misses, `match_cases.tune-extra2.tsv`).
//!
//! Each case is run as the widget runs it, `find_on(text, page_context(page))`,
//! and scored strictly: it is **correct** only when the claims found are
//! exactly the ones expected; **wrong** when anything found is not
//! expected (a claim on a negative, or a right claim with a wrong one);
//! **silent** when something expected is missing and nothing wrong is
//! shown. The files are read and scored by `claimlens_tools::labelled`,
//! which `claimlens eval` uses too.
//!
//! * `print_both_halves` prints the figures for both halves (`cargo test
//!   --test match_cases -- --nocapture`); it never fails.
//!   Individual failures are printed for the tuning half only: the report
//!   half's are not used to change the engine.
//! * `tuning_half_meets_the_precision_targets` holds the tuning half (and
//!   the extra tuning cases) to the targets that are about what the reader
//!   sees: no wrong claim in any result, and the article's own words found.
//! * `second_extra_batch_shows_no_wrong_claim` holds the second batch of
//!   extra tuning cases to the no-wrong-result target. The engine does not
//!   meet it yet, so it is ignored too.
//! * `report_half_meets_the_targets` asserts every target on the report
//!   half. The engine does not meet them yet (the README gives the
//!   figures), so it is ignored: run it with `-- --ignored`.
#![cfg(not(target_arch = "wasm32"))]

use claimlens_core::matching::Matcher;
use claimlens_tools::labelled::{self, Case, Scores, VERBATIM};
use std::collections::BTreeSet;
use std::sync::OnceLock;

const TUNE: &str = include_str!("data/match_cases.tune.tsv");
const REPORT: &str = include_str!("data/match_cases.report.tsv");
/// Tuning cases written after the split, in no half (see the README).
const TUNE_EXTRA: &str = include_str!("data/match_cases.tune-extra.tsv");
/// The second batch of tuning cases written after the split: sentences
/// close to a claim that state another fact, among others (see the README).
const TUNE_EXTRA2: &str = include_str!("data/match_cases.tune-extra2.tsv");

/// Claims added to the database (commit 4b537d2) after the set was
/// labelled: no case expects them yet. Empty this list when cases are
/// added for them (by the README's split rule).
const NOT_YET_LABELLED: [&str; 1] = ["remains-detainees-not-unique"];

/// The project's targets, asserted on the report half.
const MIN_PARAPHRASE_RECALL: f64 = 0.75;
const MIN_VERBATIM_RECALL: f64 = 0.95;
const MAX_WRONG: usize = 0;

/// The widget's own matcher: the bundled index, with its related-word
/// table and entities, as the build packed it.
fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::from_bytes(claimlens::BUNDLED_INDEX).expect("the bundled index reads back"))
}

/// The cases of one file (the files are the repository's own: a file that
/// does not read fails the test).
fn cases(tsv: &str) -> Vec<Case> {
    labelled::read(tsv).unwrap_or_else(|e| panic!("the labelled set does not read: {e}"))
}

/// Runs and scores every case with the widget's matcher.
fn score(cases: &[Case]) -> Scores {
    Scores::of(matcher(), cases)
}

/// Prints one file's figures (individual failures only when asked).
fn print(name: &str, s: &Scores, with_failures: bool) {
    println!("\n== {name} half ==\n{}", s.table(with_failures));
}

#[test]
fn the_labelled_set_is_well_formed() {
    let ids: BTreeSet<&str> = matcher().claims().iter().map(|c| c.id.as_str()).collect();
    let (tune, report, extra, extra2) = (cases(TUNE), cases(REPORT), cases(TUNE_EXTRA), cases(TUNE_EXTRA2));
    // The README's counts.
    assert_eq!((tune.len(), report.len(), extra.len(), extra2.len()), (197, 201, 90, 142));
    let mut seen = BTreeSet::new();
    for case in tune.iter().chain(&report).chain(&extra).chain(&extra2) {
        for e in &case.expected {
            assert!(ids.contains(e.as_str()), "unknown id {e} in the labelled set");
        }
        let negative_category = ["negative", "entity-swap", "other-topic"].contains(&case.category);
        assert_eq!(case.expected.is_empty(), negative_category, "{:?}", case.text);
        assert!(!case.text.trim().is_empty());
        assert!(seen.insert((case.text.clone(), case.page.clone())), "repeated: {:?}", case.text);
    }
    // Every claim, opinions included, has cases in both halves, but for the
    // records added to the database after the set was labelled.
    for half in [&tune, &report] {
        let covered: BTreeSet<&str> = half.iter().flat_map(|c| c.expected.iter().map(String::as_str)).collect();
        let uncovered: Vec<&str> = ids.difference(&covered).copied().collect();
        assert_eq!(uncovered, NOT_YET_LABELLED, "claims without a case in a half");
        assert!(covered.is_subset(&ids));
    }
}

/// The targets about what a reader sees, on the tuning half: nothing
/// wrong shown, and the article's own words found.
#[test]
fn tuning_half_meets_the_precision_targets() {
    let extra = score(&cases(TUNE_EXTRA));
    assert_eq!(extra.wrong(), MAX_WRONG, "wrong results on the extra tuning cases: {:?}", extra.failures);
    let s = score(&cases(TUNE));
    assert_eq!(s.wrong(), MAX_WRONG, "wrong results on the tuning half: {:?}", s.failures);
    for c in VERBATIM {
        let t = s.category(c);
        assert!(t.cases > 0 && t.recall() >= MIN_VERBATIM_RECALL, "{c} recall {:.3}", t.recall());
    }
}

/// Negatives written after the split, as tuning data (they are in no
/// half): sentences with a claim's shape or phrases about other countries
/// and subjects, written without the engine and run once afterwards. Two of
/// them ("...various vaccines", "...for the league's fans") were shown a
/// claim until a selection that names none of a claim's actors had to be
/// explained nearly whole by it.
///
/// The last 30 came a session later, written the same way before relating
/// words from the reader's end: news about the same actors that states no
/// claim, headlines and wire sentences with a claim's shape about other
/// countries, and posts. All 30 were silent before that change and after.
const LATER_NEGATIVES: [&str; 50] = [
    "Since the Geneva summit, Iran is estimated to have built two more centrifuge halls.",
    "Tehran has refused to comply with nearly a dozen IAEA resolutions.",
    "The Kremlin rejected repeated European requests for diplomatic meetings after the Minsk summit.",
    "Biden's diplomatic outreach to Venezuela has come at a cost.",
    "Xi agreed to let Chinese diplomats meet their American counterparts.",
    "The roller coaster of hope and despair that is Argentina's economy has resumed.",
    "Experts can debate the merits of various vaccines.",
    "That is welcome news for the league's fans.",
    "Maduro continues to tout his successes with Colombia, like the release of detainees.",
    "Japan cancelled several allied military exercises with Australia.",
    "Putin's unconventional approach to Ukraine has been no more successful than those of his predecessors.",
    "The Taliban refuses to comply with nearly a dozen UN resolutions on women's education.",
    "Hanoi's officials met Beijing's envoy at the border.",
    "The White House denied planning a meeting with Putin at the border.",
    "Modi's meeting with Sharif in the Kashmir border zone was historic.",
    "Since the Paris summit, Russia has expanded production facilities for drones.",
    "South Korea's decision to meet Japan's leader surprised everyone, including senior officials.",
    "Iran has not even agreed upon a definition of enrichment.",
    "The UN has a defined standard for Syria's chemical disarmament.",
    "After the Doha talks, the Taliban refused meetings for six months.",
    "Kim Jong Un visited a fertilizer factory in South Hamgyong province on Tuesday.",
    "North Korea test-fired two short-range ballistic missiles into the sea on Thursday.",
    "Trump said he would be happy to meet Kim again at the right time.",
    "South Korea's president Moon Jae-in welcomed the meeting at Panmunjom.",
    "Pyongyang's state media described the talks as productive.",
    "The United Nations World Food Programme said millions of North Koreans face food shortages.",
    "Trump has imposed new tariffs on Chinese goods worth 200 billion dollars.",
    "Kim Jong Un travelled to Vladivostok by armoured train to meet Vladimir Putin.",
    "The US Treasury added two shipping companies to its sanctions list.",
    "North Korea's foreign ministry accused Washington of hostile policies.",
    "President Biden Should Consider These Next Moves on Iran",
    "After a Several Month Hiatus, Brexit Talks Resume",
    "Xi's Summit With Modi Made No Headway Toward Border Deal",
    "Why Maximum Pressure on Venezuela Was Never Maximum",
    "Erdogan Keeps Touting His Successes With Syria",
    "No Evidence Putin Is Ready to Abandon Crimea",
    "Caracas Refuses to Comply With OAS Resolutions",
    "Since the Vienna talks, Iran has built another estimated six hundred centrifuges.",
    "Beijing has repeated its threat to take stronger measures if Taiwan did not soften its position.",
    "Maduro agreed to allow his diplomats to meet with their Colombian counterparts.",
    "Russia refuses to abide by the commitments it made in eight previous ceasefire agreements.",
    "The common denominator for diplomatic failure in the Balkans has been intransigence by Belgrade.",
    "Obama's diplomatic outreach to Cuba was not cost free.",
    "The Biden administration cancelled several joint exercises with Taiwan's military.",
    "Netanyahu has benefited from Biden constraining efforts to enforce UN resolutions.",
    "There is still not even an agreed upon definition of a ceasefire in Gaza.",
    "Iran's nuclear program has not been eliminated, nor has it been reduced, as Obama claimed.",
    "that meeting at the border was historic lol #India #Pakistan",
    "welcome news: the league's players can meet their owners again",
    "roller coaster of hope and despair that is my fantasy football team has resumed 😩",
];

/// The ids of the claims the widget shows for `text`, judged without a page.
fn shown(text: &str) -> Vec<String> {
    let m = matcher();
    m.find_on(text, &m.page_context("")).iter().map(|f| m.claims()[f.claim].id.clone()).collect()
}

#[test]
fn later_negatives_stay_silent_beside_their_controls() {
    // Controls: the generic phrasings, about the claims' actors or whole.
    assert_eq!(shown("Experts can debate the merits of various policies toward North Korea."), ["experts-can-debate"]);
    assert_eq!(shown("That is welcome news"), ["talks-welcome-news"]);
    for text in LATER_NEGATIVES {
        let found = shown(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
}

/// A sentence that states two claims shows both, the second from the
/// lower band in words of its own; a lower-band claim that shares the
/// first one's words, or scores under the second claim's floor, is not
/// shown beside it. The sentences are tuning cases.
#[test]
fn a_second_claim_from_the_lower_band_needs_words_of_its_own() {
    // Control: the first claim alone.
    assert_eq!(shown("Trump called off several joint drills with South Korea."), ["allied-exercises-cancelled"]);
    assert_eq!(
        shown("Trump called off several joint drills with South Korea, a move that has left allied deterrence and defences at risk."),
        ["allied-exercises-cancelled", "exercises-put-deterrence-at-risk"]
    );
    // The definition claim is read in the resolutions claim's words.
    assert_eq!(shown("Pyongyang Ignores Almost a Dozen UN Denuclearization Orders"), ["nearly-a-dozen-un-resolutions"]);
    // The claim that Trump touts them scores 0.31 in its own words here.
    assert_eq!(
        shown("Neither the repatriation of American war dead nor the freeing of U.S. prisoners by North Korea was a first: both had happened under earlier administrations."),
        ["remains-detainees-not-unique"]
    );
}

/// Prints the figures for both halves. Never fails.
#[test]
fn print_both_halves() {
    print("tune", &score(&cases(TUNE)), true);
    print("tune-extra", &score(&cases(TUNE_EXTRA)), true);
    print("tune-extra2", &score(&cases(TUNE_EXTRA2)), true);
    // The report half's individual failures are not printed: they must not
    // be used to change the engine (tests/data/README.md).
    print("report", &score(&cases(REPORT)), false);
}

/// The no-wrong-result target on the second batch of extra tuning cases
/// (tuning data: its failures are printed and may be studied).
#[test]
#[ignore = "the second batch of extra tuning cases still gets wrong results (see the README); \
            run with `cargo test --test match_cases -- --ignored`"]
fn second_extra_batch_shows_no_wrong_claim() {
    let s = score(&cases(TUNE_EXTRA2));
    print("tune-extra2", &s, true);
    assert_eq!(s.wrong(), MAX_WRONG, "wrong results on the second batch of extra tuning cases");
}

/// The project's targets, on the report half only.
#[test]
#[ignore = "the report half misses the paraphrase-recall and no-wrong-result targets (see the README); \
            run with `cargo test --test match_cases -- --ignored`"]
fn report_half_meets_the_targets() {
    let s = score(&cases(REPORT));
    print("report", &s, false);
    let mut missed = Vec::new();
    if s.wrong() > MAX_WRONG {
        missed.push(format!("{} wrong results (target: {MAX_WRONG})", s.wrong()));
    }
    if s.paraphrases.recall() < MIN_PARAPHRASE_RECALL {
        missed.push(format!(
            "paraphrase recall {:.3} (target: {MIN_PARAPHRASE_RECALL})",
            s.paraphrases.recall()
        ));
    }
    for c in VERBATIM {
        let t = s.category(c);
        assert!(t.cases > 0, "no {c} cases");
        if t.recall() < MIN_VERBATIM_RECALL {
            missed.push(format!("{c} recall {:.3} (target: {MIN_VERBATIM_RECALL})", t.recall()));
        }
    }
    assert!(missed.is_empty(), "the report half misses the targets: {}", missed.join("; "));
}
