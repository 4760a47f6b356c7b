//! WordNet as the core's [`Thesaurus`]: for the words of a claim, the
//! English words and expressions WordNet relates to them, with weights.
//! Used where a database is indexed with a thesaurus at hand: the widget's
//! build for the bundled database, and `claimlens pack`.
//!
//! Relations are looked up from both ends. From the claim's word: its
//! frequent senses' synonyms, derivations and hypernyms. From the reader's
//! word, given [`WordCounts`]: every common English word whose own frequent
//! senses have the claim's word as a synonym, a derivation or a pertainym
//! ("free" for "release", "price" for "cost"), which the claim's senses
//! alone miss.

use crate::{display, Pos, RelatedOptions, RelationKind, WordCounts, WordNet};
use claimlens_core::matching::meaning::Thesaurus;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// A reader's word is related from its own end only when each of its words
/// was counted this often in SUBTLEX-US (about 20 per million words): the
/// smallest table that keeps the tuning half's recall (1,000, 200 and 20
/// found the same; 5,000 lost two cases).
pub const COMMON_WORD_MIN_COUNT: u32 = 1000;

/// From the reader's end, only synonyms, derivations and pertainyms
/// (weights from 0.75): a hypernym turned round is a hyponym, a narrower
/// word.
pub const READER_END_MIN_WEIGHT: f32 = 0.75;

/// Where Debian's `wordnet-base` puts the database.
pub const DEBIAN_DICT: &str = "/usr/share/wordnet";

/// WordNet, with the options that keep the table small.
pub struct WordNetThesaurus {
    wn: WordNet,
    options: RelatedOptions,
    /// How common English words are; without them, relations are looked up
    /// from the claim's end only.
    counts: Option<WordCounts>,
    /// For a lemma, the common lemmas whose related words list it, with the
    /// weight they give it. Built on first use, from `counts`.
    readers_end: OnceLock<HashMap<String, Vec<(String, f32)>>>,
}

impl WordNetThesaurus {
    /// Opens WordNet in `dir`, or in `$WORDNET_DICT`, or Debian's place.
    pub fn open(dir: Option<&Path>) -> Result<WordNetThesaurus, crate::WnError> {
        let from_env = std::env::var_os("WORDNET_DICT").map(std::path::PathBuf::from);
        let dir = dir
            .map(Path::to_path_buf)
            .or(from_env)
            .unwrap_or_else(|| Path::new(DEBIAN_DICT).to_path_buf());
        Ok(WordNetThesaurus {
            wn: WordNet::open(&dir)?,
            options: WordNetThesaurus::options(),
            counts: None,
            readers_end: OnceLock::new(),
        })
    }

    /// The same thesaurus, relating words from the reader's end too (see
    /// the module comment).
    pub fn with_word_counts(mut self, counts: WordCounts) -> WordNetThesaurus {
        self.counts = Some(counts);
        self.readers_end = OnceLock::new();
        self
    }

    /// The options the table is built with: the two most frequent senses,
    /// synonyms, derivations and pertainyms, and direct hypernyms, words
    /// that were tagged in use at least once. Chosen on the tuning half of
    /// the labelled set and the widget's size budget.
    pub fn options() -> RelatedOptions {
        let mut o = RelatedOptions {
            max_senses: 2,
            min_sense_share: 0.2,
            max_hyponyms: 0,
            tagged_only: true,
            ..RelatedOptions::default()
        };
        o.weights.hyponym = 0.0;
        o.weights.similar = 0.0;
        o.weights.also_see = 0.0;
        o.weights.hypernym = 0.55;
        o
    }

    /// The reader's-end table: every common lemma's related words (claim's
    /// end rules), turned round.
    fn readers_end(&self) -> &HashMap<String, Vec<(String, f32)>> {
        self.readers_end.get_or_init(|| {
            let mut table: HashMap<String, Vec<(String, f32)>> = HashMap::new();
            let Some(counts) = &self.counts else { return table };
            let mut lemmas: Vec<&str> = Pos::ALL
                .iter()
                .flat_map(|&pos| self.wn.lemmas_of(pos))
                .filter(|l| counts.common(l, COMMON_WORD_MIN_COUNT))
                .collect();
            lemmas.sort_unstable();
            lemmas.dedup();
            for lemma in lemmas {
                let reader = display(lemma);
                let Some(reader_lemmas) = self.lemmas(&reader) else { continue };
                for (word, weight) in self.claims_end(&reader_lemmas) {
                    if word != reader && weight >= READER_END_MIN_WEIGHT {
                        table.entry(word).or_default().push((reader.clone(), weight));
                    }
                }
            }
            table
        })
    }

    /// The lemmas of `words` (one or a few words), sorted; `None` for a run
    /// of several words that WordNet does not know as one expression (it
    /// counts only then).
    fn lemmas(&self, words: &str) -> Option<Vec<String>> {
        let mut lemmas: Vec<String> = self.wn.lemmas(words).into_iter().map(|(_, l)| l).collect();
        lemmas.sort();
        lemmas.dedup();
        (!words.contains(' ') || lemmas.iter().any(|l| l.contains('_'))).then_some(lemmas)
    }

    /// The related words of `lemmas` from the claim's end.
    fn claims_end(&self, lemmas: &[String]) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = Vec::new();
        // The lemma itself ("built" -> "build"): what the stemmer misses.
        for l in lemmas {
            add_best(&mut out, display(l), 1.0);
        }
        let targets: Vec<&str> = lemmas.iter().map(String::as_str).collect();
        for related in self.wn.related_words(&targets, &self.options).into_values() {
            for r in related {
                if r.kind == RelationKind::Hyponym || r.weight <= 0.0 {
                    continue;
                }
                add_best(&mut out, display(&r.word), r.weight);
            }
        }
        out
    }
}

/// Adds `word` to `out` with `weight`, or raises its weight to `weight`
/// when it is there already.
fn add_best(out: &mut Vec<(String, f32)>, word: String, weight: f32) {
    match out.iter_mut().find(|(w, _)| *w == word) {
        Some(slot) => slot.1 = slot.1.max(weight),
        None => out.push((word, weight)),
    }
}

impl Thesaurus for WordNetThesaurus {
    fn related(&self, words: &str) -> Vec<(String, f32)> {
        let Some(lemmas) = self.lemmas(words) else { return Vec::new() };
        let mut out = self.claims_end(&lemmas);
        if self.counts.is_some() {
            for lemma in &lemmas {
                for (word, weight) in self.readers_end().get(&display(lemma)).into_iter().flatten() {
                    add_best(&mut out, word.clone(), *weight);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real WordNet and word counts, as `make setup` installs them.
    #[test]
    fn common_words_are_related_from_the_readers_end_too() {
        if !Path::new(DEBIAN_DICT).join("index.noun").exists() {
            eprintln!("skipped: no WordNet at {DEBIAN_DICT}");
            return;
        }
        let counts = WordCounts::open(&WordCounts::default_path()).expect("`make setup` installs the word counts");
        let weight = |t: &WordNetThesaurus, claim: &str, reader: &str| {
            t.related(claim).into_iter().find(|(w, _)| w == reader).map(|(_, w)| w)
        };
        let claim_end = WordNetThesaurus::open(None).unwrap();
        // Control: what the claim's end already relates stays.
        assert!(weight(&claim_end, "release", "let go").is_some());
        // "release"'s frequent senses do not list "free", nor "cost"'s "price".
        assert_eq!(weight(&claim_end, "release", "free"), None);
        assert_eq!(weight(&claim_end, "cost", "price"), None);
        let both_ends = WordNetThesaurus::open(None).unwrap().with_word_counts(counts.clone());
        assert!(weight(&both_ends, "release", "let go").is_some());
        // "free" and "price" list them, and are common words.
        assert!(weight(&both_ends, "release", "free") >= Some(READER_END_MIN_WEIGHT));
        assert!(weight(&both_ends, "cost", "price") >= Some(READER_END_MIN_WEIGHT));
        // A narrower word ("shock" is a kind of "surprise") is not turned round.
        assert!(counts.count("shock") >= COMMON_WORD_MIN_COUNT);
        assert_eq!(weight(&both_ends, "surprise", "shock"), None);
        // A rare word that lists "release" ("unloose") is left out.
        assert!(counts.count("unloose") < COMMON_WORD_MIN_COUNT);
        assert_eq!(weight(&both_ends, "release", "unloose"), None);
    }
}
