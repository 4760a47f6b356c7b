//! The general English the matcher knows without any database: function
//! words, numbers written as words, and a few fixed phrases (quantities and
//! hedges), each folded to one canonical term. Knowledge about a topic (who
//! "the regime" is, that "Pyongyang" means North Korea) is not here: it
//! comes from the database (its entities), and related words come from
//! WordNet at build time (`crate::matching::meaning`).
//!
//! Why a hand-made list: the widget must stay small enough to ship on a
//! news page, and every entry is general and auditable.

use super::stem;
use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// Function words that carry no meaning for matching, plus vague quantity
/// and hedge words ("about", "nearly") that rewordings add or drop freely.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "almost",
    "also",
    "am",
    "an",
    "and",
    "any",
    "approximately",
    "are",
    "around",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "nearly",
    "nor",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "really",
    "roughly",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "another",
    "still",
    "since",
    "already",
    "like",
    "s",
    "t",
];

/// Fixed phrases of general English: quantities, and hedges that only
/// soften a number ("close to", "more than"), which fold to nothing.
const PHRASES: &[(&[&str], &str)] = &[
    (&["half", "a", "dozen"], "6"),
    (&["half", "dozen"], "6"),
    (&["a", "dozen"], "12"),
    (&["a", "couple", "of"], "2"),
    (&["close", "to"], ""),
    (&["more", "than"], ""),
    (&["at", "least"], ""),
    (&["up", "to"], ""),
    (&["as", "many", "as"], ""),
];

/// Numbers written as words, and British spellings, folded to one form.
const WORDS: &[(&str, &str)] = &[
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("dozen", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    ("hundred", "100"),
    ("first", "1st"),
    ("second", "2nd"),
    ("third", "3rd"),
    ("fourth", "4th"),
    ("fifth", "5th"),
    ("sixth", "6th"),
    ("seventh", "7th"),
    ("eighth", "8th"),
    ("ninth", "9th"),
    ("tenth", "10th"),
    ("single", "1"),
    ("twice", "2"),
    ("programme", "program"),
    ("programmes", "program"),
    ("defence", "defense"),
];

/// True when `word` (folded) is a month or weekday name (capitalised in
/// English, yet no one's name), or the term one becomes ("februari",
/// "januari": what the stemmer makes of the name; a test holds the two
/// together). Asked of every term of a selection, so it is one `match`.
pub fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august" | "september"
            | "october" | "november" | "december" | "monday" | "tuesday" | "wednesday" | "thursday"
            | "friday" | "saturday" | "sunday"
            | "januari" | "februari" | "juli" | "septemb" | "octob" | "novemb" | "decemb"
    )
}

/// True when `word` (already folded) carries no meaning for matching.
pub fn is_stopword(word: &str) -> bool {
    tables().stopwords.contains(word)
}

/// The lists as hash tables, built once: every word of every text is
/// looked up, so a linear scan would dominate indexing.
struct Tables {
    stopwords: HashSet<&'static str>,
    words: HashMap<&'static str, &'static str>,
    /// Phrase indices by their first word.
    phrases: HashMap<&'static str, Vec<usize>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut phrases: HashMap<&'static str, Vec<usize>> = HashMap::default();
        for (i, (words, _)) in PHRASES.iter().enumerate() {
            phrases.entry(words[0]).or_default().push(i);
        }
        Tables {
            stopwords: STOPWORDS.iter().copied().collect(),
            words: WORDS.iter().copied().collect(),
            phrases,
        }
    })
}

/// True when `word` is one typo away from a stopword of four letters or
/// more ("sinse", "whihc"): such a word should not count as unexplained.
pub fn is_misspelt_stopword(word: &str) -> bool {
    word.len() >= 4
        && STOPWORDS
            .iter()
            .any(|s| s.len() >= 4 && s.len().abs_diff(word.len()) <= 1 && within_one_edit(word, s))
}

/// Levenshtein distance at most one, or one adjacent transposition.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    // Every unknown word of a selection is checked against the stopwords,
    // so the common case (ASCII) compares bytes without allocating.
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    one_edit(&a, &b)
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == la && la == lb {
        return true;
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match la.cmp(&lb) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Less => ra == &rb[1..],
        std::cmp::Ordering::Greater => &ra[1..] == rb,
    }
}

/// The canonical term for one folded word: a number or spelling from
/// the list, then American spelling for "-ise" verbs, then the stem.
pub fn canonical(word: &str) -> String {
    canonical_stemmed(word, None)
}

/// [`canonical`], given the word's stem when the caller has it already
/// (tokenising stems every word once for phrases: see `text::terms_with`).
pub(crate) fn canonical_stemmed(word: &str, stemmed: Option<String>) -> String {
    if let Some(c) = tables().words.get(word) {
        return (*c).to_string();
    }
    if let Some(ordinal) = ordinal_digits(word) {
        return ordinal;
    }
    match (american(word), stemmed) {
        (std::borrow::Cow::Borrowed(_), Some(stemmed)) => stemmed,
        (spelt, _) => stem(&spelt),
    }
}

/// "-isation", "-ise", "-ised", "-ising", "-ises" spelt with z, for words
/// long enough that the ending is a suffix ("denuclearisation").
fn american(word: &str) -> std::borrow::Cow<'_, str> {
    for (from, to) in [("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize")] {
        if let Some(base) = word.strip_suffix(from) {
            if base.len() >= 4 {
                return format!("{base}{to}").into();
            }
        }
    }
    word.into()
}

/// "6th" stays "6th"; anything else: None.
fn ordinal_digits(word: &str) -> Option<String> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() == word.len() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let suffix = &word[digits.len()..];
    matches!(suffix, "st" | "nd" | "rd" | "th").then(|| word.to_string())
}

/// A fixed phrase at the start of `words` (folded words): how many words
/// it spans and its canonical term ("" for a hedge, which drops out).
pub fn phrase_at<W>(words: &[W], folded: impl Fn(&W) -> &str) -> Option<(usize, &'static str)> {
    let first = folded(words.first()?);
    let mut best: Option<(usize, &'static str)> = None;
    for &i in tables().phrases.get(first)? {
        let (phrase, canon) = PHRASES[i];
        let fits = phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| *p == folded(w));
        if fits && best.is_none_or(|(n, _)| phrase.len() > n) {
            best = Some((phrase.len(), canon));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_are_calendar_words_as_terms_too() {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        ];
        for name in names {
            assert!(is_calendar_word(name), "{name}");
            assert!(is_calendar_word(&canonical(name)), "{name} as a term: {}", canonical(name));
            assert!(is_calendar_word(&stem(name)), "{name} stemmed: {}", stem(name));
        }
        assert!(!is_calendar_word("vietnam"));
        assert!(!is_calendar_word(&canonical("summits")));
    }

    #[test]
    fn numbers_spellings_and_stems_fold() {
        assert_eq!(canonical("six"), "6");
        assert_eq!(canonical("sixth"), "6th");
        assert_ne!(canonical("sixth"), canonical("six"));
        assert_eq!(canonical("denuclearisation"), canonical("denuclearization"));
        assert_eq!(canonical("programme"), canonical("program"));
        assert_eq!(canonical("weapons"), canonical("weapon"));
    }

    #[test]
    fn one_edit_covers_substitution_insertion_deletion_transposition() {
        assert!(within_one_edit("since", "sinse"));
        assert!(within_one_edit("summit", "sumit"));
        assert!(within_one_edit("nuclear", "nuclaer"));
        assert!(within_one_edit("about", "abouts"));
        assert!(!within_one_edit("nuclear", "unclean"));
        assert!(!within_one_edit("summit", "submits"));
        assert!(is_misspelt_stopword("sinse"));
        assert!(!is_misspelt_stopword("sanction"));
    }

    #[test]
    fn stopwords_are_function_words_listed_once() {
        assert!(is_stopword("the"));
        assert!(!is_stopword("regime"));
        assert!(!is_stopword("sanctions"));
        let mut seen = HashSet::default();
        for w in STOPWORDS {
            assert!(seen.insert(w), "{w} is listed twice");
        }
    }

    #[test]
    fn fixed_phrases_take_the_longest() {
        let words = ["half", "a", "dozen", "bombs"];
        assert_eq!(phrase_at(&words, |w| w), Some((3, "6")));
        assert_eq!(phrase_at(&["close", "to", "12"], |w: &&str| w), Some((2, "")));
        assert!(phrase_at(&["korea"], |w: &&str| w).is_none());
    }
}
