//! Property tests for the pure core: normalisation (`text`), offset mapping
//! (`anchor`), the matcher and database loading. The generators mix what
//! real page text carries: ASCII words, punctuation, straight and curly
//! quotes, NBSP, soft hyphens and zero-width characters, emoji and other
//! non-BMP characters, combining marks, CJK and line breaks.
//!
//! Fuzzing with cargo-fuzz lives in `fuzz/` (`make fuzz`); these run with
//! `cargo test` and stay fast: the default 256 cases, 64 for the matcher.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{matcher, ARTICLE, DATABASE};

use claimlens_core::anchor::Segments;
use claimlens_core::claimreview::error::LoadError;
use claimlens_core::claimreview::read::{
    MAX_FIELD_CHARS, MAX_LABEL_CHARS, MAX_NAME_CHARS, MAX_SOURCES, MAX_VARIANTS,
};
use claimlens_core::claimreview::rules::{Extras, Rules};
use claimlens_core::claimreview::{self, Invalid, Loaded};
use claimlens_core::matching::{Matcher, LOW_THRESHOLD};
use claimlens_core::model::{Claim, Verdict, MAX_URL_CHARS};
use claimlens_core::text::{sentences, terms};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// Helpers.

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn len16(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// The original text at a UTF-16 span; `None` when the span is out of
/// bounds, reversed, or cuts a surrogate pair.
fn slice16(units: &[u16], start: u32, end: u32) -> Option<String> {
    let (s, e) = (start as usize, end as usize);
    if s > e || e > units.len() {
        return None;
    }
    String::from_utf16(&units[s..e]).ok()
}

fn term_texts(s: &str) -> Vec<String> {
    terms(s).into_iter().map(|t| t.text).collect()
}

fn article_chars() -> &'static [char] {
    static C: OnceLock<Vec<char>> = OnceLock::new();
    C.get_or_init(|| ARTICLE.chars().collect())
}

// ---------------------------------------------------------------------------
// Text generators.

/// Words the lexicon and the matcher treat specially, plus ordinary ones.
const VOCAB: &[&str] = &[
    "north",
    "korea",
    "Korea",
    "North",
    "kim",
    "jong",
    "un",
    "Kim",
    "Jong",
    "Un",
    "Pyongyang",
    "DPRK",
    "US",
    "U.S.",
    "us",
    "UN",
    "six",
    "dozen",
    "twelve",
    "sanctions",
    "sanctioned",
    "missile",
    "missiles",
    "TrumpDonald",
    "denuclearization",
    "exceptdenuclearization",
    "the",
    "regime",
    "nuclear",
    "nukes",
    "weapons",
    "she's",
    "China’s",
    "never",
    "maximum",
    "pressure",
    "summit",
    "Hanoi",
    "Singapore",
    "Trump",
    "Moon",
    "1,000",
    "2.5",
    "2019",
    "MORE",
    "a",
    "u",
    "I",
    "of",
    "and",
];

/// Letters and digits outside ASCII: accents, CJK, Hangul, non-BMP letters
/// (with case, in Deseret), digits of other scripts, a title-case letter.
const EXOTIC_WORDS: &[&str] = &[
    "café",
    "naïve",
    "Ñandú",
    "Ørsted",
    "日本語",
    "北朝鮮",
    "북한",
    "𝐀𝐁𝐂",
    "𐐀𐐨𐐩",
    "İstanbul",
    "straße",
    "ǅemal",
    "٣٤",
    "Ⅻ",
    "ｆｕｌｌ",
    "Ελλάδα",
    "Москва",
    "𠜎𠜱",
];

/// Separators and punctuation as they stand between words.
const SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "! ",
    "? ",
    " — ",
    " - ",
    "\u{00A0}",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    " (",
    ") ",
    " “",
    "” ",
    " \"",
    "\" ",
    " ‘",
    "’ ",
    " 😀 ",
    " 🇰🇵 ",
    "\u{2029}",
    "…",
    " / ",
    "; ",
    ": ",
    "\u{3000}",
    "。",
    ".",
    ",",
    "\r",
    "  ",
    "\u{2028}",
];

/// Characters that fold away inside words.
const INVISIBLES: &[&str] = &[
    "\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}",
];

const QUOTES: &[&str] = &["'", "’", "‘", "\"", "“", "”", "ʼ", "«", "»"];

/// Combining marks, alone or on a letter.
const MARKS: &[&str] = &["\u{0301}", "\u{0308}", "\u{20DD}", "e\u{0301}", "\u{FE0F}"];

fn word() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z]{1,10}",
        3 => select(VOCAB).prop_map(String::from),
        1 => "[A-Z][a-z]{1,8}",
        1 => "[A-Z]{2,4}",
        1 => "[0-9]{1,4}(,[0-9]{3})?(\\.[0-9])?",
        2 => select(EXOTIC_WORDS).prop_map(String::from),
    ]
    .boxed()
}

fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        6 => word(),
        5 => select(SEPARATORS).prop_map(String::from),
        2 => select(INVISIBLES).prop_map(String::from),
        1 => select(QUOTES).prop_map(String::from),
        1 => select(MARKS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

/// Messy page text: mostly words and separators, sometimes anything at all.
fn messy_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::collection::vec(piece(), 0..48).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
    .boxed()
}

/// A piece of the article, cut anywhere (on a char boundary).
fn article_fragment() -> BoxedStrategy<String> {
    let n = article_chars().len();
    (0..n, 0usize..600)
        .prop_map(move |(start, len)| {
            article_chars()[start..(start + len).min(n)]
                .iter()
                .collect()
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Normalisation: spans.

proptest! {
    #[test]
    fn term_spans_are_ordered_utf16_spans_of_real_words(text in messy_text()) {
        let units = utf16(&text);
        let ts = terms(&text);
        for t in &ts {
            prop_assert!(t.start < t.end, "empty span {:?} in {:?}", t, text);
            prop_assert!(t.end as usize <= units.len(), "span {:?} past the end of {:?}", t, text);
            let word = slice16(&units, t.start, t.end);
            prop_assert!(word.is_some(), "span {:?} cuts a surrogate pair in {:?}", t, text);
            let word = word.unwrap();
            prop_assert!(
                word.chars().any(char::is_alphanumeric),
                "span {:?} holds {:?}, no letter or digit, in {:?}", t, word, text
            );
            prop_assert!(!t.text.is_empty(), "empty term {:?} in {:?}", t, text);
        }
        for w in ts.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            prop_assert!(a.start <= b.start && a.end <= b.end,
                "spans go backwards: {:?} then {:?} in {:?}", a, b, text);
            // Terms of one word (an alias, a synonym) share its span;
            // otherwise the next term starts after this one ends.
            prop_assert!((a.start, a.end) == (b.start, b.end) || a.end <= b.start,
                "spans overlap: {:?} and {:?} in {:?}", a, b, text);
        }
    }
}

// ---------------------------------------------------------------------------
// Normalisation: the noise it promises to ignore.

/// A word, maybe with an apostrophe ("she's" is `["she", "s"]`).
fn noise_word() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        6 => word().prop_map(|w| vec![w]),
        1 => ("[a-z]{2,8}", prop_oneof![Just("s"), Just("t"), Just("re"), Just("ll")])
            .prop_map(|(a, b)| vec![a, b.to_string()]),
    ]
}

/// What stands between two words.
#[derive(Debug, Clone)]
enum Sep {
    /// Space, NBSP, line feed or CRLF.
    Space,
    /// `"`/`“` after a space; `"`/`”` before one; the same with single quotes.
    OpenDouble,
    CloseDouble,
    OpenSingle,
    CloseSingle,
    /// Punctuation that both texts keep as it is.
    Fixed(&'static str),
}

const FIXED_SEPS: &[&str] = &[
    ", ",
    ". ",
    "; ",
    " — ",
    " 😀 ",
    " (",
    ") ",
    "? ",
    "! ",
    "…",
    "/",
    " 𝄞 ",
    " 中 ",
    "\u{0301} ",
];

fn sep() -> impl Strategy<Value = Sep> {
    prop_oneof![
        6 => Just(Sep::Space),
        1 => Just(Sep::OpenDouble),
        1 => Just(Sep::CloseDouble),
        1 => Just(Sep::OpenSingle),
        1 => Just(Sep::CloseSingle),
        2 => select(FIXED_SEPS).prop_map(Sep::Fixed),
    ]
}

/// A tiny deterministic generator; seed 0 makes no edits, which is where
/// proptest shrinks towards.
struct Edits(u64);

impl Edits {
    fn pick(&mut self, n: usize) -> usize {
        if self.0 == 0 {
            return 0;
        }
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Renders words and separators, with the edits `seed` picks: soft hyphens
/// and zero-width characters inside words, curly for straight quotes, NBSP
/// or a line break for a space, and case changes that keep a word's meaning
/// (capitalised or all capitals, but never turning "us" into "US").
fn render(tokens: &[(Vec<String>, Sep)], seed: u64) -> String {
    let mut e = Edits(seed);
    let mut out = String::new();
    for (parts, sep) in tokens {
        let plain_lower = parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()));
        let joined: String = parts.concat();
        let case = if plain_lower && joined != "us" && joined != "u" {
            e.pick(3)
        } else {
            0
        };
        for (pi, part) in parts.iter().enumerate() {
            if pi > 0 {
                out.push_str(["'", "’", "‘", "ʼ"][e.pick(4)]);
            }
            let mut prev: Option<char> = None;
            for (ci, c) in part.chars().enumerate() {
                if prev.is_some_and(char::is_alphanumeric) && c.is_alphanumeric() && e.pick(3) == 1
                {
                    out.push_str(INVISIBLES[e.pick(INVISIBLES.len())]);
                }
                match case {
                    1 if pi == 0 && ci == 0 => out.push(c.to_ascii_uppercase()),
                    2 => out.push(c.to_ascii_uppercase()),
                    _ => out.push(c),
                }
                prev = Some(c);
            }
        }
        out.push_str(match sep {
            Sep::Space => [" ", "\u{00A0}", "\n", "\r\n"][e.pick(4)],
            Sep::OpenDouble => [" \"", " “"][e.pick(2)],
            Sep::CloseDouble => ["\" ", "” "][e.pick(2)],
            Sep::OpenSingle => [" '", " ‘", " ’"][e.pick(3)],
            Sep::CloseSingle => ["' ", "’ "][e.pick(2)],
            Sep::Fixed(s) => s,
        });
    }
    out
}

proptest! {
    #[test]
    fn normalisation_ignores_invisible_characters_quotes_spaces_and_case(
        tokens in prop::collection::vec((noise_word(), sep()), 0..24),
        seed_a in any::<u64>(),
        seed_b in any::<u64>(),
    ) {
        let a = render(&tokens, seed_a);
        let b = render(&tokens, seed_b);
        prop_assert_eq!(term_texts(&a), term_texts(&b), "a = {:?}\nb = {:?}", a, b);
    }

    #[test]
    fn normalisation_ignores_noise_in_article_text(
        start in 0usize..article_chars().len(),
        len in 0usize..400,
        seed in any::<u64>(),
    ) {
        // The article's own text, its spaces and quotes swapped and soft
        // hyphens / zero-width spaces dropped between letters at random.
        let chars = article_chars();
        let start = start.min(chars.len());
        let end = (start + len).min(chars.len());
        let a: String = chars[start..end].iter().collect();
        let mut e = Edits(seed);
        let mut b = String::new();
        let mut prev: Option<char> = None;
        for &c in &chars[start..end] {
            if prev.is_some_and(char::is_alphanumeric) && c.is_alphanumeric() && e.pick(4) == 1 {
                b.push_str(INVISIBLES[e.pick(INVISIBLES.len())]);
            }
            match c {
                ' ' => b.push_str([" ", "\u{00A0}", "\n", "\r\n"][e.pick(4)]),
                '\u{00A0}' => b.push_str([" ", "\u{00A0}"][e.pick(2)]),
                '“' | '”' => b.push_str([c.to_string().as_str(), "\""][e.pick(2)]),
                '"' => b.push_str(["\"", if prev.is_some_and(|p| !p.is_whitespace()) { "”" } else { "“" }][e.pick(2)]),
                '\'' | '’' if prev.is_some_and(char::is_alphanumeric) => b.push_str(["'", "’"][e.pick(2)]),
                _ => b.push(c),
            }
            prev = Some(c);
        }
        prop_assert_eq!(term_texts(&a), term_texts(&b), "a = {:?}\nb = {:?}", a, b);
    }
}

// ---------------------------------------------------------------------------
// Sentences.

proptest! {
    #[test]
    fn sentences_are_the_text_cut_at_utf16_offsets(text in prop_oneof![messy_text(), article_fragment()]) {
        let units = utf16(&text);
        let mut cursor = 0usize;
        let mut rebuilt = String::new();
        let mut last: Option<u32> = None;
        for (offset, sentence) in sentences(&text) {
            if let Some(l) = last {
                prop_assert!(offset > l, "offsets not increasing: {} then {} in {:?}", l, offset, text);
            }
            last = Some(offset);
            let off = offset as usize;
            prop_assert!(off >= cursor, "sentence at {} overlaps the previous one in {:?}", off, text);
            let gap = slice16(&units, cursor as u32, offset);
            prop_assert!(gap.is_some(), "offset {} cuts a surrogate pair in {:?}", off, text);
            let gap = gap.unwrap();
            prop_assert!(gap.trim().is_empty(), "skipped {:?}, not white space, in {:?}", gap, text);
            prop_assert!(!sentence.trim().is_empty(), "blank sentence in {:?}", text);
            let n = len16(sentence) as usize;
            prop_assert!(off + n <= units.len(), "sentence past the end of {:?}", text);
            let at = slice16(&units, offset, (off + n) as u32);
            prop_assert_eq!(at.as_deref(), Some(sentence), "sentence not at its offset in {:?}", text);
            rebuilt.push_str(&gap);
            rebuilt.push_str(sentence);
            cursor = off + n;
        }
        let rest = slice16(&units, cursor as u32, units.len() as u32).unwrap_or_default();
        prop_assert!(rest.trim().is_empty(), "dropped {:?} at the end of {:?}", rest, text);
        rebuilt.push_str(&rest);
        prop_assert_eq!(rebuilt, text);
    }
}

// ---------------------------------------------------------------------------
// Offset mapping.

/// The segment that holds code unit `offset` (the reference answer: a scan).
fn holding(lengths: &[u32], offset: u64) -> Option<(usize, u32)> {
    let mut start = 0u64;
    for (i, &len) in lengths.iter().enumerate() {
        if len > 0 && start <= offset && offset < start + len as u64 {
            return Some((i, (offset - start) as u32));
        }
        start += len as u64;
    }
    None
}

fn check_offset(
    s: &Segments,
    lengths: &[u32],
    starts: &[u64],
    off: u32,
) -> Result<(), TestCaseError> {
    let total: u64 = lengths.iter().map(|&l| l as u64).sum();
    match s.locate_start(off) {
        Some((i, at)) => {
            prop_assert!((off as u64) < total);
            prop_assert!(i < lengths.len());
            prop_assert!(lengths[i] > 0, "start {} lands in empty segment {}", off, i);
            prop_assert!(
                at < lengths[i],
                "start {} at {} past segment {} of {}",
                off,
                at,
                i,
                lengths[i]
            );
            prop_assert_eq!(starts[i] + at as u64, off as u64);
            prop_assert_eq!(Some((i, at)), holding(lengths, off as u64));
        }
        None => prop_assert!(
            off as u64 >= total,
            "no segment for start {} < {}",
            off,
            total
        ),
    }
    match s.locate_end(off) {
        Some((i, at)) => {
            prop_assert!(off > 0 && (off as u64) <= total);
            prop_assert!(lengths[i] > 0, "end {} lands in empty segment {}", off, i);
            prop_assert!(at >= 1, "end {} at offset 0 of segment {}", off, i);
            prop_assert!(at <= lengths[i]);
            prop_assert_eq!(starts[i] + at as u64, off as u64);
            prop_assert_eq!(Some((i, at - 1)), holding(lengths, off as u64 - 1));
        }
        None => prop_assert!(
            off == 0 || off as u64 > total,
            "no segment for end {} <= {}",
            off,
            total
        ),
    }
    Ok(())
}

fn starts_of(lengths: &[u32]) -> Vec<u64> {
    lengths
        .iter()
        .scan(0u64, |acc, &l| {
            let st = *acc;
            *acc += l as u64;
            Some(st)
        })
        .collect()
}

proptest! {
    #[test]
    fn every_offset_maps_to_a_segment_and_back(
        lengths in prop::collection::vec(
            prop_oneof![3 => Just(0u32), 3 => 1u32..4, 2 => 4u32..64, 1 => 64u32..800],
            0..16,
        ),
    ) {
        let s = Segments::new(lengths.iter().copied());
        let starts = starts_of(&lengths);
        let total: u32 = lengths.iter().sum();
        prop_assert_eq!(s.len(), total);
        prop_assert_eq!(s.is_empty(), total == 0);
        for off in 0..=total + 1 {
            check_offset(&s, &lengths, &starts, off)?;
        }
    }

    #[test]
    fn large_segments_map_offsets_too(
        lengths in prop::collection::vec(prop_oneof![Just(0u32), 0u32..(u32::MAX / 16)], 0..12),
        picks in prop::collection::vec(any::<u32>(), 0..32),
    ) {
        let s = Segments::new(lengths.iter().copied());
        let starts = starts_of(&lengths);
        let total: u32 = lengths.iter().sum();
        prop_assert_eq!(s.len(), total);
        // Each segment's first and last unit and its edges, plus random offsets.
        let mut offs: Vec<u32> = vec![0, 1, total, total.saturating_add(1), u32::MAX];
        for (&st, &len) in starts.iter().zip(&lengths) {
            let st = st as u32;
            offs.extend([st, st + len, (st + len).saturating_sub(1), st + 1]);
        }
        offs.extend(picks.iter().map(|p| if total > 0 { p % (total + 1) } else { *p }));
        for off in offs {
            check_offset(&s, &lengths, &starts, off)?;
        }
    }
}

// ---------------------------------------------------------------------------
// The matcher.

/// Text to match: article fragments, claims as quoted with noise around
/// them, and messy text.
fn selection() -> BoxedStrategy<String> {
    let n = matcher().claims().len();
    let quoted =
        (0..n, messy_text(), messy_text(), any::<u64>()).prop_map(|(i, before, after, seed)| {
            let c = &matcher().claims()[i];
            let quote = c.quote.as_deref().unwrap_or(&c.claim_reviewed);
            // Drop a few characters of the quote: typos and cut selections.
            let mut e = Edits(seed);
            let q: String = quote.chars().filter(|_| e.pick(25) != 1).collect();
            format!("{before}{q}{after}")
        });
    prop_oneof![
        3 => article_fragment(),
        3 => quoted,
        2 => messy_text(),
        1 => prop::collection::vec(article_fragment(), 1..4).prop_map(|v| v.join(" 😀\u{00AD} ")),
    ]
    .boxed()
}

fn check_matches(m: &Matcher, text: &str) -> Result<(), TestCaseError> {
    let n16 = len16(text);
    let units = utf16(text);
    let found = m.find(text);
    for w in found.windows(2) {
        prop_assert!(
            w[0].score >= w[1].score,
            "not best first: {:?} in {:?}",
            found,
            text
        );
    }
    for f in &found {
        prop_assert!(f.claim < m.claims().len());
        prop_assert!(
            (0.0..=1.0).contains(&f.score),
            "score {} out of 0..1 for {:?}",
            f.score,
            text
        );
        prop_assert!(
            f.score >= LOW_THRESHOLD,
            "score {} under the lower band for {:?}",
            f.score,
            text
        );
        prop_assert!(
            (0.0..=1.0).contains(&f.recall) && (0.0..=1.0).contains(&f.precision),
            "{:?}",
            f
        );
        prop_assert!(
            f.start < f.end && f.end <= n16,
            "span {}..{} of {} in {:?}",
            f.start,
            f.end,
            n16,
            text
        );
        prop_assert!(
            slice16(&units, f.start, f.end).is_some(),
            "span cuts a surrogate pair: {:?}",
            f
        );
    }
    let ranked = m.rank(text, 8);
    for r in &ranked {
        prop_assert!(
            (0.0..=1.0).contains(&r.score),
            "rank score {} for {:?}",
            r.score,
            text
        );
        prop_assert!(
            r.start < r.end && r.end <= n16,
            "rank span {:?} in {:?}",
            r,
            text
        );
    }
    for w in ranked.windows(2) {
        prop_assert!(
            w[0].score >= w[1].score,
            "rank not best first: {:?}",
            ranked
        );
    }
    Ok(())
}

fn check_annotations(m: &Matcher, text: &str) -> Result<(), TestCaseError> {
    let n16 = len16(text);
    let units = utf16(text);
    let marks = m.annotate(text);
    for a in &marks {
        prop_assert!(a.claim < m.claims().len());
        prop_assert!(
            a.score >= LOW_THRESHOLD && a.score <= 1.0,
            "score {} in {:?}",
            a.score,
            text
        );
        prop_assert!(
            a.start < a.end && a.end <= n16,
            "mark {}..{} of {} in {:?}",
            a.start,
            a.end,
            n16,
            text
        );
        prop_assert!(
            slice16(&units, a.start, a.end).is_some(),
            "mark cuts a surrogate pair: {:?}",
            a
        );
    }
    for w in marks.windows(2) {
        prop_assert!(
            w[0].end <= w[1].start,
            "marks overlap or are out of order: {:?} in {:?}",
            marks,
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn find_and_rank_are_well_formed(text in selection()) {
        check_matches(matcher(), &text)?;
    }

    #[test]
    fn annotate_marks_are_in_bounds_ordered_and_disjoint(
        text in prop::collection::vec(prop_oneof![article_fragment(), selection()], 1..4)
            .prop_map(|v| v.join("\n")),
    ) {
        check_annotations(matcher(), &text)?;
    }

    #[test]
    fn any_database_gives_well_formed_matches(
        texts in prop::collection::vec(prop_oneof![article_fragment(), messy_text()], 0..6),
        probe in selection(),
    ) {
        // A matcher over claims made of arbitrary text: the engine's
        // invariants must not depend on the bundled database.
        let claims: Vec<Claim> = texts.iter().enumerate().map(|(i, t)| plain_claim(i, t)).collect();
        let m = Matcher::new(claims);
        let probe = texts.first().cloned().filter(|_| probe.len() % 2 == 0).unwrap_or(probe);
        check_matches(&m, &probe)?;
        check_annotations(&m, &probe)?;
    }
}

fn plain_claim(i: usize, text: &str) -> Claim {
    Claim {
        id: format!("c{i}"),
        quote: Some(text.to_string()),
        claim_reviewed: text.chars().rev().collect(),
        verdict: Verdict::Accurate,
        verdict_label: "Accurate".into(),
        context: String::new(),
        sources: Vec::new(),
        kind: None,
        variants: vec![text.to_uppercase()],
        reviewed_by: String::new(),
        review_date: String::new(),
        review_url: None,
        claim_author: None,
        claim_date: None,
        appearance_url: None,
        about: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Database loading.

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "javascript:alert(1)",
    " JAVASCRIPT:alert(1)",
    "jav\tascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "http://",
    "https://",
    "https:/evil.example",
    "http:evil.example",
    "https://example.org/ok",
    "HTTPS://EXAMPLE.ORG/UPPER",
    "  https://example.org/leading-space",
    "\u{00A0}https://example.org/leading-nbsp",
    "\u{3000}https://example.org/leading-ideographic-space",
    "https://exa mple.org/space",
    "https://example.org/\u{0}nul",
    "https://example.org/\nline",
    "\u{202E}https://example.org/rtl",
    "https://例え.jp/パス",
    "ClaimReview",
    "Accurate",
    "Opinion",
    "False",
    "Pants on Fire",
    "Half true",
    "statistic",
    "opinion",
    "n.d.",
    "2019-07-01",
    "2019-13-45",
    "",
    "   ",
    "{\"@graph\": []}",
    "\u{FEFF}",
    "\u{D7FF}\u{E000}\u{FFFF}",
];

/// Strings a hostile or broken database may hold, some of them very long.
fn hostile_string() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(HOSTILE).prop_map(String::from),
        3 => "[ -~]{0,24}",
        2 => messy_text(),
        1 => (select(&["a", "ab ", "é", "😀", "<script>", "https://x.org/"][..]), 3_000usize..6_000)
            .prop_map(|(p, n)| p.repeat(n / p.chars().count())),
    ]
    .boxed()
}

/// Any JSON value, strings hostile, nesting up to a few levels.
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![Just(-1i64), Just(1), Just(3), Just(5), Just(0), Just(10)]
            .prop_map(Value::from),
        hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
    .boxed()
}

const RECORD_KEYS: &[&str] = &[
    "@type",
    "@id",
    "@context",
    "@graph",
    "id",
    "url",
    "datePublished",
    "author",
    "claimReviewed",
    "reviewRating",
    "itemReviewed",
    "quote",
    "kind",
    "context",
    "sources",
    "variants",
    "identifier",
    "reviewBody",
    "citation",
    "name",
    "alternateName",
    "ratingValue",
    "bestRating",
    "worstRating",
    "title",
    "publisher",
    "date",
    "text",
    "appearance",
    "about",
    "references",
];

fn json_key() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(RECORD_KEYS).prop_map(String::from),
        1 => hostile_string(),
    ]
    .boxed()
}

/// `v` inside `depth` arrays and objects.
fn nested(depth: usize, v: Value) -> Value {
    (0..depth).fold(v, |v, d| {
        if d % 2 == 0 {
            json!([v])
        } else {
            json!({ "@graph": v })
        }
    })
}

fn url() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(HOSTILE).prop_map(Value::from),
        3 => "https?://[a-z]{1,8}\\.example/[a-z0-9/]{0,12}".prop_map(Value::from),
        1 => hostile_string().prop_map(Value::from),
    ]
    .boxed()
}

/// `s`, or now and then a value of the wrong type.
fn or_wrong(s: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![150 => s, 1 => json_value()].boxed()
}

/// Present (plausible, hostile or of the wrong type) or absent.
fn opt(s: BoxedStrategy<Value>) -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(0.75, or_wrong(s))
}

/// Mostly present: the fields a record needs to load.
fn usually(s: BoxedStrategy<Value>) -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(0.95, or_wrong(s))
}

fn string() -> BoxedStrategy<Value> {
    hostile_string().prop_map(Value::from).boxed()
}

fn named() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => hostile_string().prop_map(|s| json!({ "@type": "Organization", "name": s })),
        1 => hostile_string().prop_map(Value::from),
        1 => prop::collection::vec(hostile_string(), 0..3)
            .prop_map(|v| Value::Array(v.into_iter().map(|n| json!({ "name": n })).collect())),
    ]
    .boxed()
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        4 => (-2i64..8).prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => select(&["4", " 5 ", "-1", "NaN", "inf", "1e400", "x"][..]).prop_map(Value::from),
    ]
    .boxed()
}

const LABELS: &[&str] = &[
    "Accurate",
    "Mostly accurate",
    "Needs context",
    "Disputed",
    "Inaccurate",
    "Unverifiable",
    "Opinion",
    "False",
    "Half True",
    "Pants on Fire",
    "Satire",
];

fn rating() -> BoxedStrategy<Value> {
    let label = prop_oneof![
        3 => select(LABELS).prop_map(Value::from),
        1 => string(),
    ]
    .boxed();
    (opt(label), opt(number()), opt(number()), opt(number()))
        .prop_map(|(l, v, b, w)| {
            object(vec![
                ("alternateName", l),
                ("ratingValue", v),
                ("bestRating", b),
                ("worstRating", w),
            ])
        })
        .boxed()
}

fn source() -> BoxedStrategy<Value> {
    (opt(string()), opt(string()), usually(url()), opt(string()))
        .prop_map(|(t, p, u, d)| {
            object(vec![
                ("title", t),
                ("publisher", p),
                ("url", u),
                ("date", d),
            ])
        })
        .boxed()
}

fn citation() -> BoxedStrategy<Value> {
    // schema.org allows a list of publishers; ClaimLens reads one.
    let publisher = prop_oneof![
        hostile_string().prop_map(|s| json!({ "@type": "Organization", "name": s })),
        string(),
    ]
    .boxed();
    let one = (opt(string()), opt(publisher), usually(url()))
        .prop_map(|(n, p, u)| object(vec![("name", n), ("publisher", p), ("url", u)]))
        .boxed();
    prop_oneof![
        one.clone(),
        prop::collection::vec(one, 0..14).prop_map(Value::Array)
    ]
    .boxed()
}

fn item_reviewed() -> BoxedStrategy<Value> {
    let appearance = prop_oneof![
        url(),
        url().prop_map(|u| json!({ "@type": "CreativeWork", "url": u })),
        prop::collection::vec(url(), 0..3).prop_map(Value::Array),
    ]
    .boxed();
    (opt(named()), opt(string()), opt(appearance), opt(string()))
        .prop_map(|(a, d, ap, t)| {
            object(vec![
                ("author", a),
                ("datePublished", d),
                ("appearance", ap),
                ("text", t),
            ])
        })
        .boxed()
}

fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let mut m = Map::new();
    for (k, v) in fields {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}

fn names() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => string(),
        2 => prop::collection::vec(hostile_string(), 0..4)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect())),
    ]
    .boxed()
}

/// Someone or something a claim is about: a graph node, or inline in `about`.
fn entity() -> BoxedStrategy<Value> {
    let type_ = prop_oneof![
        Just(json!("Country")),
        Just(json!("Person")),
        Just(json!("Organization")),
        string(),
    ]
    .boxed();
    (opt(type_), opt(string()), opt(string()), opt(names()), opt(names()))
        .prop_map(|(t, id, name, aliases, references)| {
            object(vec![
                ("@type", t),
                ("@id", id),
                ("name", name),
                ("alternateName", aliases),
                ("references", references),
            ])
        })
        .boxed()
}

/// `about`: a name, references to entities, or entities inline.
fn about() -> BoxedStrategy<Value> {
    let one = prop_oneof![
        string(),
        hostile_string().prop_map(|id| json!({ "@id": id })),
        entity(),
    ]
    .boxed();
    prop_oneof![one.clone(), prop::collection::vec(one, 0..4).prop_map(Value::Array)].boxed()
}

/// A ClaimReview-shaped record: each field absent, plausible, hostile or
/// of the wrong type, so that many records load and the rest fail in
/// every way.
fn record() -> BoxedStrategy<Value> {
    let type_ = prop_oneof![
        6 => Just(json!("ClaimReview")),
        1 => Just(json!(["Review", "ClaimReview"])),
        1 => string(),
    ]
    .boxed();
    let id = prop_oneof!["[a-z0-9][a-z0-9-]{0,12}".prop_map(Value::from), string()].boxed();
    let text = prop_oneof![
        3 => article_fragment().prop_map(Value::from),
        2 => string(),
    ]
    .boxed();
    let sources = prop::collection::vec(source(), 0..15)
        .prop_map(Value::Array)
        .boxed();
    let variants = prop::collection::vec(hostile_string(), 0..20)
        .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect()))
        .boxed();
    (
        (
            usually(type_),
            opt(id.clone()),
            opt(string()),
            opt(url()),
            opt(string()),
            opt(named()),
        ),
        (
            opt(text.clone()),
            usually(rating()),
            opt(item_reviewed()),
            opt(text.clone()),
            opt(string()),
        ),
        (
            opt(text),
            opt(sources),
            opt(variants),
            opt(id),
            opt(string()),
            opt(citation()),
            opt(about()),
        ),
    )
        .prop_map(
            |(
                (ty, id, at_id, url, date, author),
                (cr, rating, item, quote, kind),
                (context, sources, variants, identifier, body, citation, about),
            )| {
                object(vec![
                    ("@type", ty),
                    ("id", id),
                    ("@id", at_id),
                    ("url", url),
                    ("datePublished", date),
                    ("author", author),
                    ("claimReviewed", cr),
                    ("reviewRating", rating),
                    ("itemReviewed", item),
                    ("quote", quote),
                    ("kind", kind),
                    ("context", context),
                    ("sources", sources),
                    ("variants", variants),
                    ("identifier", identifier),
                    ("reviewBody", body),
                    ("citation", citation),
                    ("about", about),
                ])
            },
        )
        .boxed()
}

/// A database document in each accepted shape, or anything else.
fn document() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => prop::collection::vec(record(), 0..5).prop_map(Value::Array),
        2 => prop::collection::vec(prop_oneof![4 => record(), 1 => entity()], 0..6)
            .prop_map(|r| json!({ "@context": "https://schema.org", "@graph": r })),
        2 => record(),
        2 => json_value(),
        1 => (1usize..200, prop_oneof![record(), json_value()]).prop_map(|(d, v)| nested(d, v)),
        1 => (record(), 1usize..200, json_value())
            .prop_map(|(mut r, d, v)| { r["author"] = nested(d, v); r }),
    ]
    .boxed()
}

/// Database text: a document, or a document cut short, or not JSON at all.
fn database_text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => document().prop_map(|d| d.to_string()),
        1 => (document(), any::<prop::sample::Index>()).prop_map(|(d, i)| {
            let t = d.to_string();
            let cut = i.index(t.len() + 1);
            let cut = (0..=cut).rev().find(|&c| t.is_char_boundary(c)).unwrap_or(0);
            t[..cut].to_string()
        }),
        1 => messy_text(),
    ]
    .boxed()
}

/// An http(s) URL as a browser reads it (the reference check, written
/// apart from `model::is_http_url`): the URL parser strips leading and
/// trailing C0 controls and spaces, nothing else, before the scheme.
fn is_web_link(u: &str) -> bool {
    let u = u.trim_matches(|c: char| c <= ' ');
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !u.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The longest variant kept (`read.rs` cuts each to 1,000 characters; the
/// crate has no constant for it).
const MAX_VARIANT_CHARS: usize = 1_000;

/// Rule sets from the loosest to the strictest: each checks everything the
/// one before it checks, and more.
fn rule_sets() -> [Rules<'static>; 4] {
    [
        Rules { extras: Extras::WhereUsed, article: None, publication: false },
        Rules { extras: Extras::Required, article: None, publication: false },
        Rules { extras: Extras::Required, article: Some(ARTICLE), publication: false },
        Rules { extras: Extras::Required, article: Some(ARTICLE), publication: true },
    ]
}

/// What `validate` says must agree with what `load` does: the same
/// document errors; a database that passes loads with no record skipped
/// and gives the same claims; a stricter layer never passes what a looser
/// one refuses; a refusal always names a problem.
fn check_validation(text: &str) -> Result<(), TestCaseError> {
    let loaded = claimreview::load(text);
    let results: Vec<Result<_, Invalid>> =
        rule_sets().iter().map(|r| claimreview::validate(text, r)).collect();
    for (k, result) in results.iter().enumerate() {
        match (result, &loaded) {
            (Err(Invalid::Document(e)), Err(le)) => {
                prop_assert!(!matches!(le, LoadError::NoUsableClaims(_)), "{:?}", le);
                prop_assert_eq!(e, le);
            }
            (Err(Invalid::Document(e)), Ok(_)) => {
                prop_assert!(false, "rules {} refused as a document what loads: {}", k, e);
            }
            (_, Err(le)) if !matches!(le, LoadError::NoUsableClaims(_)) => {
                prop_assert!(false, "rules {} did not refuse the document: {}", k, le);
            }
            (Ok(db), Ok(l)) => {
                prop_assert!(l.errors.is_empty(), "rules {} passed records that loading skips: {:?}", k, l.errors);
                prop_assert!(!db.claims.is_empty());
                prop_assert_eq!(db, &l.database, "rules {} and loading disagree", k);
            }
            (Ok(_), Err(le)) => prop_assert!(false, "rules {} passed what does not load: {}", k, le),
            (Err(Invalid::Records(p)), _) => {
                prop_assert!(!p.is_empty(), "rules {} refused without naming a problem", k);
            }
        }
        if result.is_ok() {
            for (j, looser) in results[..k].iter().enumerate() {
                prop_assert!(looser.is_ok(), "rules {} passed what the looser rules {} refuse: {:?}", k, j, looser);
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn loading_never_panics_and_keeps_only_web_links(text in database_text()) {
        check_validation(&text)?;
        if let Ok(loaded) = claimreview::load(&text) {
            prop_assert!(!loaded.database.claims.is_empty());
            for c in &loaded.database.claims {
                for s in &c.sources {
                    prop_assert!(is_web_link(&s.url), "source link {:?} kept in {:?}", s.url, c.id);
                }
                if let Some(u) = &c.review_url {
                    prop_assert!(is_web_link(u), "review link {:?} kept in {:?}", u, c.id);
                }
            }
        }
    }

    #[test]
    fn appearance_links_are_web_links(text in database_text()) {
        if let Ok(loaded) = claimreview::load(&text) {
            for c in &loaded.database.claims {
                if let Some(u) = &c.appearance_url {
                    prop_assert!(is_web_link(u), "appearance link {:?} kept in {:?}", u, c.id);
                }
            }
        }
    }

    #[test]
    fn loaded_text_fields_are_bounded(text in database_text()) {
        // The claim's own texts are cut to MAX_FIELD_CHARS; the verdict
        // label to MAX_LABEL_CHARS; dates to MAX_NAME_CHARS; each variant
        // to 1,000 characters; and the lists to their counts.
        if let Ok(loaded) = claimreview::load(&text) {
            for c in &loaded.database.claims {
                for f in [Some(&c.claim_reviewed), c.quote.as_ref(), Some(&c.context)].into_iter().flatten() {
                    prop_assert!(chars(f) <= MAX_FIELD_CHARS, "{} chars in {:?}", chars(f), c.id);
                }
                prop_assert!(chars(&c.verdict_label) <= MAX_LABEL_CHARS, "verdict label of {} chars", chars(&c.verdict_label));
                prop_assert!(!c.verdict_label.is_empty(), "a verdict is always labelled");
                prop_assert!(chars(&c.review_date) <= MAX_NAME_CHARS, "review date of {} chars", chars(&c.review_date));
                for s in &c.sources {
                    prop_assert!(chars(&s.date) <= MAX_NAME_CHARS, "source date of {} chars", chars(&s.date));
                }
                prop_assert!(c.sources.len() <= MAX_SOURCES, "{} sources", c.sources.len());
                prop_assert!(c.variants.len() <= MAX_VARIANTS, "{} variants", c.variants.len());
                for v in &c.variants {
                    prop_assert!(chars(v) <= MAX_VARIANT_CHARS, "variant of {} chars", chars(v));
                    prop_assert!(!v.trim().is_empty());
                }
                prop_assert!(!c.claim_reviewed.trim().is_empty());
            }
        }
    }

    #[test]
    fn every_loaded_string_is_bounded(text in database_text()) {
        // Names, ids and dates are cut to MAX_NAME_CHARS; links are at
        // most MAX_URL_CHARS (longer ones are not links at all).
        if let Ok(loaded) = claimreview::load(&text) {
            for c in &loaded.database.claims {
                let names = [
                    ("id", Some(&c.id)),
                    ("reviewedBy", Some(&c.reviewed_by)),
                    ("claimAuthor", c.claim_author.as_ref()),
                    ("claimDate", c.claim_date.as_ref()),
                ];
                for (name, f) in names {
                    if let Some(f) = f {
                        prop_assert!(chars(f) <= MAX_NAME_CHARS, "{} of {} chars", name, chars(f));
                    }
                }
                prop_assert!(!c.id.is_empty(), "every claim has an id");
                for (name, u) in [("reviewUrl", &c.review_url), ("appearanceUrl", &c.appearance_url)] {
                    if let Some(u) = u {
                        prop_assert!(chars(u) <= MAX_URL_CHARS, "{} of {} chars", name, chars(u));
                    }
                }
                for s in &c.sources {
                    // A source without a title is titled with its URL; the
                    // fallback source (the review page) is published by the author.
                    prop_assert!(chars(&s.title) <= MAX_NAME_CHARS, "source title of {} chars", chars(&s.title));
                    prop_assert!(chars(&s.publisher) <= MAX_NAME_CHARS, "source publisher of {} chars", chars(&s.publisher));
                    prop_assert!(chars(&s.url) <= MAX_URL_CHARS, "source url of {} chars", chars(&s.url));
                }
                for a in &c.about {
                    prop_assert!(chars(a) <= MAX_NAME_CHARS, "about id of {} chars", chars(a));
                    prop_assert!(!a.is_empty());
                }
            }
            for e in &loaded.database.entities {
                prop_assert!(!e.id.is_empty());
                for f in [&e.id, &e.name].into_iter().chain(&e.aliases).chain(&e.references) {
                    prop_assert!(chars(f) <= MAX_NAME_CHARS, "entity string of {} chars", chars(f));
                }
            }
        }
    }
}

/// The bundled records, to start near-valid databases from.
fn bundled_records() -> &'static [Value] {
    static R: OnceLock<Vec<Value>> = OnceLock::new();
    R.get_or_init(|| bundled_nodes().iter().filter(|n| n["@type"] == "ClaimReview").cloned().collect())
}

/// The bundled graph's other nodes: the entities its claims are about.
fn bundled_entities() -> &'static [Value] {
    static E: OnceLock<Vec<Value>> = OnceLock::new();
    E.get_or_init(|| bundled_nodes().iter().filter(|n| n["@type"] != "ClaimReview").cloned().collect())
}

fn bundled_nodes() -> Vec<Value> {
    let doc: Value = serde_json::from_str(DATABASE).unwrap();
    doc["@graph"].as_array().unwrap().clone()
}

/// Keys whose change breaks a rule of some layer, or none.
const BREAKABLE: &[&str] = &[
    "id", "quote", "kind", "context", "sources", "variants", "url", "@id", "datePublished",
    "claimReviewed", "reviewRating", "itemReviewed", "author",
];

/// One change to a bundled record, aimed at one layer of the rules.
#[derive(Debug, Clone)]
enum Edit {
    /// Leave it as it is.
    None,
    /// Remove a field.
    Remove(&'static str),
    /// Set a field to any value.
    Set(&'static str, Value),
    /// Drop every ClaimLens field: plain schema.org markup, which only the
    /// ClaimLens rules for every record (`Extras::Required`) refuse.
    SchemaOrgOnly,
    /// A quote that is not in the article.
    NotInArticle(String),
    /// An absolute `@id` and `url` on a real host, and https sources: what
    /// the publication checks ask for.
    Publishable(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => Just(Edit::None),
        1 => select(BREAKABLE).prop_map(Edit::Remove),
        2 => (select(BREAKABLE), json_value()).prop_map(|(k, v)| Edit::Set(k, v)),
        1 => Just(Edit::SchemaOrgOnly),
        1 => "[A-Z][a-z]{2,8} has [0-9]{3} nuclear weapons".prop_map(Edit::NotInArticle),
        2 => "[a-z]{1,8}".prop_map(|p| Edit::Publishable(format!("https://checks.millbrook-herald.news/{p}/"))),
    ]
}

fn apply(rec: &mut Value, edit: Edit) {
    let rec = rec.as_object_mut().unwrap();
    match edit {
        Edit::None => {}
        Edit::Remove(k) => {
            rec.remove(k);
        }
        Edit::Set(k, v) => {
            rec.insert(k.to_string(), v);
        }
        Edit::SchemaOrgOnly => {
            for k in ["quote", "kind", "context", "sources", "variants"] {
                rec.remove(k);
            }
        }
        Edit::NotInArticle(q) => {
            rec.insert("quote".into(), Value::from(q));
        }
        Edit::Publishable(url) => {
            rec.insert("url".into(), Value::from(url.as_str()));
            rec.insert("@id".into(), Value::from(url.as_str()));
            for s in rec["sources"].as_array_mut().into_iter().flatten() {
                let https = s["url"].as_str().unwrap().replacen("http://", "https://", 1);
                s["url"] = Value::from(https);
            }
        }
    }
}

/// A database of a few bundled records (valid by every layer but the
/// publication checks), each changed by an [`Edit`] or not: databases that
/// pass some layers and fail others.
fn near_valid_text() -> BoxedStrategy<String> {
    let n = bundled_records().len();
    (prop::collection::vec((0..n, edit()), 1..4), any::<bool>())
        .prop_map(|(picks, graph)| {
            // The entities first, as in the bundled graph.
            let records: Vec<Value> = bundled_entities()
                .iter()
                .cloned()
                .chain(picks.into_iter()
                .map(|(i, e)| {
                    let mut r = bundled_records()[i].clone();
                    apply(&mut r, e);
                    r
                }))
                .collect();
            let doc = if graph {
                json!({ "@context": "https://schema.org", "@graph": records })
            } else {
                Value::Array(records)
            };
            doc.to_string()
        })
        .boxed()
}

proptest! {
    #[test]
    fn validation_agrees_with_loading_on_near_valid_databases(text in near_valid_text()) {
        check_validation(&text)?;
    }
}

/// The near-valid generator reaches every layer: databases that pass all
/// but the publication checks, and databases that each layer refuses.
#[test]
fn the_near_valid_generator_passes_and_fails_each_layer() {
    let mut runner = TestRunner::deterministic();
    let strategy = near_valid_text();
    let rules = rule_sets();
    let mut passed = [0usize; 4];
    for _ in 0..200 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        for (k, r) in rules.iter().enumerate() {
            passed[k] += usize::from(claimreview::validate(&text, r).is_ok());
        }
    }
    println!("of 200 near-valid databases, passed by each layer: {passed:?}");
    // Each layer refuses some databases the looser one before it passes.
    assert!(passed[0] < 200, "{passed:?}");
    for k in 1..4 {
        assert!(passed[k] > 0 && passed[k] < passed[k - 1], "{passed:?}");
    }
}

/// Generated database texts, deterministically.
fn generated(n: usize) -> Vec<String> {
    let mut runner = TestRunner::deterministic();
    let strategy = database_text();
    (0..n).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect()
}

/// The database generator is not vacuous: a fair share of its documents
/// load at least one claim, and some are refused.
#[test]
fn the_database_generator_reaches_both_outcomes() {
    let (mut ok, mut err) = (0, 0);
    for text in generated(150) {
        match claimreview::load(&text) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
    }
    assert!(ok >= 15, "only {ok} of 150 generated databases loaded");
    assert!(
        err >= 15,
        "only {err} of 150 generated databases were refused"
    );
}

/// The bounds above are reached, not just respected: the generator gives
/// loaded claims whose fields stand at each limit.
#[test]
fn the_database_generator_reaches_the_bounds() {
    let loaded: Vec<Loaded> = generated(600).iter().filter_map(|t| claimreview::load(t).ok()).collect();
    let claims = || loaded.iter().flat_map(|l| &l.database.claims);
    let reached = |what: &str, n: usize, limit: usize| {
        assert!(n > 0, "no generated claim has a {what} of {limit} characters");
    };
    reached("verdict label", claims().filter(|c| chars(&c.verdict_label) == MAX_LABEL_CHARS).count(), MAX_LABEL_CHARS);
    reached("reviewer", claims().filter(|c| chars(&c.reviewed_by) == MAX_NAME_CHARS).count(), MAX_NAME_CHARS);
    reached("review date", claims().filter(|c| chars(&c.review_date) == MAX_NAME_CHARS).count(), MAX_NAME_CHARS);
    reached("id", claims().filter(|c| chars(&c.id) == MAX_NAME_CHARS).count(), MAX_NAME_CHARS);
    reached(
        "source title",
        claims().flat_map(|c| &c.sources).filter(|s| chars(&s.title) == MAX_NAME_CHARS).count(),
        MAX_NAME_CHARS,
    );
    reached(
        "claim text",
        claims().filter(|c| [Some(&c.claim_reviewed), c.quote.as_ref(), Some(&c.context)].into_iter().flatten().any(|f| chars(f) == MAX_FIELD_CHARS)).count(),
        MAX_FIELD_CHARS,
    );
    reached(
        "variant",
        claims().flat_map(|c| &c.variants).filter(|v| chars(v) == MAX_VARIANT_CHARS).count(),
        MAX_VARIANT_CHARS,
    );
    let validated = generated(600)
        .iter()
        .filter(|t| claimreview::validate(t, &rule_sets()[0]).is_ok())
        .count();
    println!("{} generated databases loaded, {validated} of 600 passed the schema.org rules", loaded.len());
}
