//! WordNet as the core's [`Thesaurus`]: for the words of a claim, the
//! English words and expressions WordNet relates to them, with weights.
//! Used where a database is indexed with a thesaurus at hand: the widget's
//! build for the bundled database, and `claimlens pack`.

use crate::{display, RelatedOptions, RelationKind, WordNet};
use claimlens_core::matching::meaning::Thesaurus;
use std::path::Path;

/// Where Debian's `wordnet-base` puts the database.
pub const DEBIAN_DICT: &str = "/usr/share/wordnet";

/// WordNet, with the options that keep the table small.
pub struct WordNetThesaurus {
    wn: WordNet,
    options: RelatedOptions,
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
        })
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
}

impl Thesaurus for WordNetThesaurus {
    fn related(&self, words: &str) -> Vec<(String, f32)> {
        let mut lemmas: Vec<String> = self.wn.lemmas(words).into_iter().map(|(_, l)| l).collect();
        lemmas.sort();
        lemmas.dedup();
        // A run of several words counts only when WordNet knows it as one
        // expression.
        if words.contains(' ') && !lemmas.iter().any(|l| l.contains('_')) {
            return Vec::new();
        }
        let mut out: Vec<(String, f32)> = Vec::new();
        let mut add = |word: String, weight: f32| match out.iter_mut().find(|(w, _)| *w == word) {
            Some(slot) => slot.1 = slot.1.max(weight),
            None => out.push((word, weight)),
        };
        // The lemma itself ("built" -> "build"): what the stemmer misses.
        for l in &lemmas {
            add(display(l), 1.0);
        }
        let targets: Vec<&str> = lemmas.iter().map(String::as_str).collect();
        for related in self.wn.related_words(&targets, &self.options).into_values() {
            for r in related {
                if r.kind == RelationKind::Hyponym || r.weight <= 0.0 {
                    continue;
                }
                add(display(&r.word), r.weight);
            }
        }
        out
    }
}
