//! The matcher's small lexicon: stopwords, numbers written as words, entity
//! aliases and common synonyms, each folded to one canonical term.
//!
//! Why a hand-made list and not a model: the widget must stay small enough to
//! ship on a news page, and every entry here is auditable. The lists cover the
//! vocabulary of news reporting on claims (numbers, countries, institutions,
//! reporting verbs); a claim database can add its own phrasings as `variants`.

use crate::text::stem;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Function words that carry no meaning for matching, plus vague quantity
/// words ("about", "nearly") that paraphrases add or drop freely.
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
    "been",
    "like",
    "there",
    "s",
    "t",
    "one's",
];

/// Multi-word names folded to one canonical term (longest entries first).
const PHRASES: &[(&[&str], &str)] = &[
    (
        &["democratic", "people", "s", "republic", "of", "korea"],
        "nkorea",
    ),
    (
        &["democratic", "peoples", "republic", "of", "korea"],
        "nkorea",
    ),
    (&["kim", "jong", "un"], "kim"),
    (&["kim", "jong", "il"], "kimjongil"),
    (&["kim", "il", "sung"], "kimilsung"),
    (&["north", "korean"], "nkorea"),
    (&["north", "korea"], "nkorea"),
    (&["north", "koreans"], "nkorea"),
    (&["south", "korean"], "skorea"),
    (&["south", "korea"], "skorea"),
    (&["south", "koreans"], "skorea"),
    (&["republic", "of", "korea"], "skorea"),
    (&["united", "nations"], "un"),
    (&["united", "states"], "usa"),
    (&["security", "council"], "unsc"),
    (&["white", "house"], "whitehouse"),
    (&["demilitarized", "zone"], "dmz"),
    (&["demilitarised", "zone"], "dmz"),
    (&["nuclear", "bombs"], "nuclear weapon"),
    (&["nuclear", "warheads"], "nuclear weapon"),
    (&["half", "a", "dozen"], "6"),
    (&["a", "dozen"], "12"),
    (&["donald", "trump"], "trump"),
    (&["president", "trump"], "trump"),
    (&["crimes", "against", "humanity"], "crimesagainsthumanity"),
];

/// Single words folded to a canonical term. Stemming runs on the result.
const WORDS: &[(&str, &str)] = &[
    // Numbers.
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
    ("double", "2"),
    // Entities.
    ("dprk", "nkorea"),
    ("pyongyang", "nkorea"),
    ("regime", "nkorea"),
    ("nk", "nkorea"),
    ("rok", "skorea"),
    ("seoul", "skorea"),
    ("un", "un"),
    ("unsc", "unsc"),
    ("washington", "usa"),
    ("america", "usa"),
    ("american", "usa"),
    ("americans", "usa"),
    ("usa", "usa"),
    ("kju", "kim"),
    ("potus", "trump"),
    ("nukes", "nuclear weapon"),
    ("nuke", "nuclear weapon"),
    ("warheads", "nuclear weapon"),
    ("bombs", "weapon"),
    ("panmunjom", "dmz"),
    // Verbs and nouns that reporters swap freely.
    ("ignore", "defy"),
    ("ignores", "defy"),
    ("ignored", "defy"),
    ("ignoring", "defy"),
    ("defies", "defy"),
    ("defied", "defy"),
    ("flout", "defy"),
    ("flouts", "defy"),
    ("flouted", "defy"),
    ("violate", "defy"),
    ("violates", "defy"),
    ("violated", "defy"),
    ("breach", "defy"),
    ("breaches", "defy"),
    ("breached", "defy"),
    ("disregard", "defy"),
    ("disregards", "defy"),
    ("refuse", "refuse"),
    ("refuses", "refuse"),
    ("refused", "refuse"),
    ("rejected", "refuse"),
    ("rejects", "refuse"),
    ("reject", "refuse"),
    ("rebuffed", "refuse"),
    ("rebuffs", "refuse"),
    ("declined", "refuse"),
    ("declines", "refuse"),
    ("constructed", "build"),
    ("built", "build"),
    ("produced", "build"),
    ("produce", "build"),
    ("produces", "build"),
    ("made", "build"),
    ("manufactured", "build"),
    ("added", "build"),
    ("talks", "meeting"),
    ("talk", "meeting"),
    ("meetings", "meeting"),
    ("negotiations", "meeting"),
    ("summits", "summit"),
    ("resolutions", "resolution"),
    ("agreements", "agreement"),
    ("accords", "agreement"),
    ("accord", "agreement"),
    ("deals", "agreement"),
    ("deal", "agreement"),
    ("pacts", "agreement"),
    ("pact", "agreement"),
    ("drills", "exercise"),
    ("drill", "exercise"),
    ("exercises", "exercise"),
    ("wargames", "exercise"),
    ("games", "exercise"),
    ("cancelled", "cancel"),
    ("canceled", "cancel"),
    ("canceling", "cancel"),
    ("cancelling", "cancel"),
    ("suspended", "cancel"),
    ("suspending", "cancel"),
    ("halted", "cancel"),
    ("scrapped", "cancel"),
    ("prisoners", "detainee"),
    ("prisoner", "detainee"),
    ("hostages", "detainee"),
    ("hostage", "detainee"),
    ("detainees", "detainee"),
    ("freed", "release"),
    ("releasing", "release"),
    ("released", "release"),
    ("soldiers", "service"),
    ("troops", "service"),
    ("estimate", "estimate"),
    ("estimated", "estimate"),
    ("estimates", "estimate"),
    ("approx", "estimate"),
    ("tests", "test"),
    ("testing", "test"),
    ("tested", "test"),
    ("launches", "test"),
    ("months", "month"),
    ("years", "year"),
    ("denuclearisation", "denuclearization"),
    ("denuclearise", "denuclearize"),
    ("programme", "program"),
    ("programmes", "program"),
    ("defence", "defense"),
    ("sanctions", "sanction"),
    ("sanctioned", "sanction"),
];

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
        let mut phrases: HashMap<&'static str, Vec<usize>> = HashMap::new();
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

/// The canonical term(s) for one folded word: lexicon entry, then stem.
/// Several terms come back space-separated ("nukes" -> "nuclear weapon").
pub fn canonical(word: &str) -> String {
    let mapped = tables().words.get(word).copied();
    match mapped {
        Some(c) => c.split(' ').map(stem).collect::<Vec<_>>().join(" "),
        None => stem(ordinal_digits(word).as_deref().unwrap_or(word)),
    }
}

/// "6th" stays "6th"; "2017" stays "2017"; anything else: None.
fn ordinal_digits(word: &str) -> Option<String> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty()
        || digits.len() == word.len()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let suffix = &word[digits.len()..];
    matches!(suffix, "st" | "nd" | "rd" | "th").then(|| word.to_string())
}

/// Looks for a multi-word alias at the start of `words`; returns how many
/// words it spans and the canonical term(s).
pub fn phrase_alias<W>(words: &[W], folded: impl Fn(&W) -> &str) -> Option<(usize, String)> {
    let first = folded(words.first()?);
    for &i in tables().phrases.get(first)? {
        let (phrase, canon) = PHRASES[i];
        if phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| *p == folded(w)) {
            let terms: Vec<String> = canon.split(' ').map(stem).collect();
            return Some((phrase.len(), terms.join(" ")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_fold_to_one_term() {
        assert_eq!(canonical("ignores"), canonical("defies"));
        assert_eq!(canonical("nukes"), "nuclear weapon");
        assert_eq!(canonical("six"), "6");
        assert_eq!(canonical("sixth"), "6th");
        assert_ne!(canonical("sixth"), canonical("six"));
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
    fn stopwords_are_function_words() {
        assert!(is_stopword("the"));
        assert!(!is_stopword("regime"));
        assert!(!is_stopword("sanctions"));
    }

    #[test]
    fn phrase_alias_takes_the_longest_known_name() {
        let words = ["kim", "jong", "un", "met"];
        let (n, canon) = phrase_alias(&words, |w| w).unwrap();
        assert_eq!((n, canon.as_str()), (3, "kim"));
        assert!(phrase_alias(&["korea"], |w: &&str| w).is_none());
    }
}
