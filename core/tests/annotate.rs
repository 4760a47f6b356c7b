//! Annotation mode in the core: every claim the article states is found at
//! the place its quote stands, nothing is marked elsewhere, and spans are
//! UTF-16 offsets that survive emoji and other non-BMP characters.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{matcher, ARTICLE};

/// The article's body paragraphs (the scraped headline and caption excluded).
fn paragraphs() -> Vec<&'static str> {
    ARTICLE
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.len() > 80)
        .collect()
}

fn utf16_slice(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

#[test]
fn the_article_is_annotated_where_its_quotes_stand() {
    let matcher = matcher();
    let claims = matcher.claims();
    let mut found = 0;
    let mut quoted = 0;
    for p in paragraphs() {
        let marks = matcher.annotate(p);
        for m in &marks {
            let quote = claims[m.claim].quote.as_deref().unwrap();
            let marked = utf16_slice(p, m.start, m.end);
            // The mark overlaps the place the claim's quote stands in this paragraph.
            let q_start = p.find(quote).map(|b| p[..b].encode_utf16().count() as u32);
            let q_start = q_start.unwrap_or_else(|| {
                panic!(
                    "{} marked in a paragraph without its quote: {marked}",
                    claims[m.claim].id
                )
            });
            let q_end = q_start + quote.encode_utf16().count() as u32;
            assert!(
                m.start < q_end && q_start < m.end,
                "{}: marked {marked:?}",
                claims[m.claim].id
            );
        }
        for (i, c) in claims.iter().enumerate() {
            if p.contains(c.quote.as_deref().unwrap()) {
                quoted += 1;
                found += usize::from(marks.iter().any(|m| m.claim == i));
            }
        }
        // Marks are in order and do not overlap.
        assert!(marks.windows(2).all(|w| w[0].end <= w[1].start));
    }
    println!("annotated {found} of {quoted} claims at their quotes");
    // Nested and overlapping quotes (one claim inside another's sentence)
    // keep only the better match, so not every claim gets its own mark.
    assert!(found * 10 >= quoted * 7, "found {found} of {quoted}");
}

#[test]
fn spans_are_utf16_offsets_with_non_bmp_text_before_them() {
    let matcher = matcher();
    let sentence =
        "Since the Singapore summit, the regime has built another estimated six nuclear weapons.";
    let plain = matcher.annotate(sentence);
    assert_eq!(plain.len(), 1);
    let prefix = "🇰🇷😀 Intro 𝒳. ";
    let text = format!("{prefix}{sentence}");
    let shifted = matcher.annotate(&text);
    assert_eq!(shifted.len(), 1);
    let shift = prefix.encode_utf16().count() as u32;
    assert_eq!(
        (shifted[0].start, shifted[0].end),
        (plain[0].start + shift, plain[0].end + shift)
    );
    assert_eq!(
        utf16_slice(&text, shifted[0].start, shifted[0].end),
        "Since the Singapore summit, the regime has built another estimated six nuclear weapons"
    );
}

#[test]
fn unrelated_text_gets_no_marks() {
    let matcher = matcher();
    let text = "The council met on Tuesday. Rain is expected tomorrow. North Korea conducted its sixth nuclear test in September 2017. The Singapore Grand Prix will be held in September.";
    assert!(matcher.annotate(text).is_empty());
}

/// The claim ids marked in `text`, in order.
fn marked(text: &str) -> Vec<String> {
    let m = matcher();
    m.annotate(text).iter().map(|a| m.claims()[a.claim].id.clone()).collect()
}

#[test]
fn a_sentence_of_several_claims_marks_each_claim_it_says_word_for_word() {
    // Kim is in the first and the last claim's words, and South Korea,
    // which the exercise claims are about, is not named: alone, beside
    // Kim, the exercise claims are swaps (another actor in the place of
    // theirs) ...
    let alone = "Kim is canceling several allied military exercises, which has put deterrence and defense capabilities at risk.";
    assert!(marked(alone).is_empty(), "{:?}", marked(alone));
    // (Control: with the claims' own actor.)
    assert_eq!(
        marked(&alone.replace("Kim", "Trump")),
        ["allied-exercises-cancelled", "exercises-put-deterrence-at-risk"]
    );
    // ... but Kim belongs to the claims stated around them, and the
    // sentence says both word for word.
    let article = "Kim has benefited from Trump constraining efforts to enforce United Nations and United States sanctions, canceling several allied military exercises, which has put deterrence and defense capabilities at risk, and blunting North Korean diplomatic isolation by embracing Kim, who according to the United Nations, is responsible for various crimes against humanity.";
    assert_eq!(
        marked(article),
        [
            "trump-constrained-sanctions-enforcement",
            "allied-exercises-cancelled",
            "exercises-put-deterrence-at-risk",
            "blunting-diplomatic-isolation",
            "un-crimes-against-humanity"
        ]
    );
    // A short quote said word for word beside another claim is not enough
    // ("That is welcome news" is said of many things); control: the other
    // claim is marked.
    assert_eq!(
        marked("That is welcome news, but it is also what had Kim promised in Singapore."),
        ["talks-promised-in-singapore"]
    );
}
