//! Text normalisation: turns raw text from a page, a selection or the claim
//! database into the stream of *terms* the matcher compares; sentences and
//! clauses ([`split`]); folding ([`fold`]); stemming ([`stem`]); and the
//! general English word lists ([`lexicon`]).
//!
//! Real selections are messy, so the folding here is deliberately forgiving:
//! case, curly vs straight quotes, non-breaking and zero-width spaces, soft
//! hyphens, line breaks, diacritics and words glued together by scraped
//! markup ("TrumpDonald") all fold away. Numbers written as words become
//! digits and entity aliases become one canonical term (see [`lexicon`]),
//! so "six" and "6", or "Pyongyang" and "North Korea", compare equal.
//!
//! Every term keeps the span of the original text it came from, in UTF-16
//! code units, because that is how the DOM measures offsets in a `Text` node.

pub mod fold;
pub mod lexicon;
pub mod split;
pub mod stem;

use fold::fold_char;
use crate::hash::FxHashMap as HashMap;
pub use split::{clauses, sentences, MIN_CLAUSE_WORDS};
pub use stem::stem;

/// One normalised term and where it came from in the original string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The canonical form that the matcher compares (stemmed, folded).
    pub text: String,
    /// Start of the source word(s), in UTF-16 code units of the original.
    pub start: u32,
    /// End (exclusive) of the source word(s), in UTF-16 code units.
    pub end: u32,
    /// How the (first) source word was written.
    pub shape: Shape,
}

/// How a word was written: what tells a name from a common word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Its first letter is a capital ("Caracas", "US").
    pub capitalised: bool,
    /// Every letter is a capital ("US", "NATO").
    pub all_caps: bool,
    /// It starts a sentence (or the text), where any word is capitalised.
    pub sentence_start: bool,
}

/// A word as it stood in the source, before lexicon folding.
#[derive(Debug, Clone)]
struct Word {
    /// Lower-cased, diacritic-folded letters and digits.
    folded: String,
    shape: Shape,
    start: u32,
    end: u32,
}

/// Phrases a database adds to the general lexicon: its entities' names and
/// the multiword expressions of its meaning table. A phrase is a sequence
/// of word keys (each word's stem) and folds to one term; a phrase written
/// in capitals in the database ("US") matches only capitals in the text.
#[derive(Debug, Clone, Default)]
pub struct PhraseTable {
    /// Phrases by the key of their first word.
    by_first: HashMap<String, Vec<Phrase>>,
}

#[derive(Debug, Clone)]
struct Phrase {
    keys: Vec<String>,
    term: String,
    capitals_only: bool,
}

/// A phrase's words as the table looks them up: each word's key, and
/// whether the phrase matches only words in capitals. Splitting a phrase
/// stems its words, so an index keeps its phrases split (see
/// `matching::meaning::Expression`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct PhraseKeys {
    /// The key of each word, in order.
    pub keys: Vec<String>,
    /// Written in capitals ("US"): matches only capitals.
    pub capitals_only: bool,
}

impl PhraseKeys {
    /// `text` (as written: "North Korea", "US", "call off") split into its
    /// words' keys; no keys for text with no words.
    pub fn of(text: &str) -> PhraseKeys {
        let words = words(text);
        PhraseKeys {
            capitals_only: !words.is_empty() && words.iter().all(|w| w.shape.all_caps),
            keys: words.iter().map(|w| key(&w.folded)).collect(),
        }
    }
}

impl PhraseTable {
    /// Adds `text` (as written: "North Korea", "US", "call off") as a
    /// phrase folding to `term`. Text with no words is ignored.
    pub fn add(&mut self, text: &str, term: &str) {
        self.add_keys(&PhraseKeys::of(text), term);
    }

    /// [`PhraseTable::add`] for a phrase split already.
    pub fn add_keys(&mut self, phrase: &PhraseKeys, term: &str) {
        let Some(first) = phrase.keys.first() else { return };
        let same = |p: &Phrase| p.keys == phrase.keys && p.term == term;
        let list = match self.by_first.get_mut(first) {
            Some(list) => list,
            None => self.by_first.entry(first.clone()).or_default(),
        };
        if !list.iter().any(same) {
            list.push(Phrase {
                keys: phrase.keys.clone(),
                term: term.to_string(),
                capitals_only: phrase.capitals_only,
            });
        }
    }

    /// True when no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// The longest phrase at the start of `words` (with their keys).
    fn at(&self, words: &[Word], keys: &[String]) -> Option<(usize, &str)> {
        let list = self.by_first.get(keys.first()?)?;
        list.iter()
            .filter(|p| {
                p.keys.len() <= keys.len()
                    && p.keys.iter().zip(keys).all(|(a, b)| a == b)
                    && (!p.capitals_only || words[..p.keys.len()].iter().all(|w| w.shape.all_caps))
            })
            .max_by_key(|p| p.keys.len())
            .map(|p| (p.keys.len(), p.term.as_str()))
    }
}

/// A word's key in a phrase: its stem (so "Koreans" and "Korean" meet).
fn key(folded: &str) -> String {
    stem(folded)
}

/// Splits `text` into normalised terms, dropping stopwords.
///
/// This is the one normalisation used for both sides of a comparison (claim
/// and selection), so any imperfection in stemming cancels out.
pub fn terms(text: &str) -> Vec<Term> {
    terms_with(text, &PhraseTable::default())
}

/// [`terms`], with a database's phrases folded too (longest first, before
/// the general lexicon's).
pub fn terms_with(text: &str, phrases: &PhraseTable) -> Vec<Term> {
    let words = words(text);
    let mut keys: Vec<String> = if phrases.is_empty() {
        Vec::new()
    } else {
        words.iter().map(|w| key(&w.folded)).collect()
    };
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let found = if phrases.is_empty() {
            None
        } else {
            phrases.at(&words[i..], &keys[i..])
        };
        let found = found.or_else(|| lexicon::phrase_at(&words[i..], |w| w.folded.as_str()));
        if let Some((len, term)) = found {
            if !term.is_empty() {
                out.push(Term {
                    text: term.to_string(),
                    start: words[i].start,
                    end: words[i + len - 1].end,
                    shape: words[i].shape,
                });
            }
            i += len;
            continue;
        }
        // Phrases are looked up from here on only: the key can be taken.
        let (w, stemmed) = (&words[i], keys.get_mut(i).map(std::mem::take));
        i += 1;
        if lexicon::is_stopword(&w.folded) {
            continue;
        }
        out.push(Term {
            text: lexicon::canonical_stemmed(&w.folded, stemmed),
            start: w.start,
            end: w.end,
            shape: w.shape,
        });
    }
    out
}

/// Splits text into words, folding characters and recording UTF-16 spans.
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    let mut cur = String::with_capacity(32);
    let mut cur_start = 0u32;
    let mut cur_end = 0u32;
    let mut has_lower = false;
    let mut has_upper = false;
    let mut prev_lower = false;
    let mut prev_digit = false;
    let mut pos = 0u32;
    let mut chars = text.chars().peekable();
    // The next word starts a sentence (the first word of the text does).
    let mut sentence_start = true;
    let mut cur_sentence_start = true;
    let mut cur_capitalised = false;
    let mut after_apostrophe = false;

    let flush = |words: &mut Vec<Word>, cur: &mut String, s: u32, e: u32, (lo, up, cap, start): (bool, bool, bool, bool)| {
        if !cur.is_empty() {
            // One allocation of the word's size; the buffer is kept.
            let folded = cur.as_str().to_owned();
            cur.clear();
            words.push(Word {
                folded,
                shape: Shape {
                    capitalised: cap,
                    all_caps: up && !lo,
                    sentence_start: start,
                },
                start: s,
                end: e,
            });
        }
    };

    while let Some(c) = chars.next() {
        let width = c.len_utf16() as u32;
        let here = pos;
        pos += width;
        match c {
            // Invisible characters that never separate words.
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            // Apostrophes join ("she's", "China’s"); the stemmer drops a trailing s.
            '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' if !cur.is_empty() => {
                cur_end = pos;
                // The letters after it ("UN's") do not change how the word
                // is written.
                after_apostrophe = true;
                continue;
            }
            // A comma or point between digits belongs to the number ("1,000", "2.5").
            ',' | '.' if prev_digit && chars.peek().is_some_and(|n| n.is_ascii_digit()) => {
                if c == '.' {
                    cur.push('.');
                }
                continue;
            }
            _ => {}
        }
        if c.is_alphanumeric() {
            let upper = c.is_uppercase();
            // "TrumpDonald": a capital straight after a small letter starts a new word.
            if upper && prev_lower {
                flush(&mut words, &mut cur, cur_start, cur_end, (has_lower, has_upper, cur_capitalised, cur_sentence_start));
                has_lower = false;
                has_upper = false;
            }
            if cur.is_empty() {
                cur_start = here;
                cur_capitalised = upper;
                cur_sentence_start = sentence_start;
                sentence_start = false;
            }
            fold_char(c, &mut cur);
            cur_end = pos;
            if !after_apostrophe {
                has_upper |= upper;
                has_lower |= c.is_lowercase();
            }
            prev_lower = c.is_lowercase();
            prev_digit = c.is_ascii_digit();
        } else {
            flush(&mut words, &mut cur, cur_start, cur_end, (has_lower, has_upper, cur_capitalised, cur_sentence_start));
            has_lower = false;
            has_upper = false;
            prev_lower = false;
            prev_digit = false;
            after_apostrophe = false;
            if matches!(c, '.' | '!' | '?' | ':' | '\n' | '\r' | '\u{2029}') {
                sentence_start = true;
            }
        }
    }
    flush(&mut words, &mut cur, cur_start, cur_end, (has_lower, has_upper, cur_capitalised, cur_sentence_start));
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        terms(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folds_case_quotes_nbsp_soft_hyphen_and_line_breaks() {
        let a = texts("the “maximum pressure” policy was never\u{00A0}maximum");
        let b = texts("The \"Maximum Pres\u{00AD}sure\" policy\nwas NEVER maximum");
        assert_eq!(a, b);
        assert!(!a.is_empty());
    }

    #[test]
    fn numbers_as_words_and_digits_meet() {
        assert_eq!(texts("six nuclear weapons"), texts("6 nuclear weapon"));
        assert_eq!(
            texts("nearly a dozen resolutions"),
            texts("nearly 12 resolution")
        );
    }

    #[test]
    fn a_database_s_phrases_fold_with_plurals_and_capitals() {
        let mut table = PhraseTable::default();
        table.add("North Korea", "@e0");
        table.add("North Korean", "@e0");
        table.add("DPRK", "@e0");
        table.add("US", "@e1");
        table.add("call off", "call_off");
        let t = |s: &str| terms_with(s, &table).into_iter().map(|t| t.text).collect::<Vec<_>>();
        assert_eq!(t("North Koreans refused"), ["@e0", "refus"]);
        assert_eq!(t("the DPRK"), ["@e0"]);
        assert_eq!(t("the US said"), ["@e1", "said"]);
        assert_eq!(t("let us go"), ["let", "go"], "lower-case us is a pronoun");
        assert_eq!(t("Washington called off the drills"), ["washington", "call_off", "drill"]);
        assert_eq!(t("North Korea"), t("north korea"), "names in lower case still fold");
    }

    #[test]
    fn shapes_tell_names_from_sentence_starts() {
        let t = terms("After that summit, Caracas refused. Talks stalled");
        let shape = |w: &str| t.iter().find(|x| x.text == w).unwrap().shape;
        assert!(shape("caraca").capitalised && !shape("caraca").sentence_start);
        assert!(shape("talk").sentence_start);
        assert!(!shape("refus").capitalised);
        assert!(terms("NATO met")[0].shape.all_caps);
        assert!(terms("the UN's vote")[0].shape.all_caps, "a possessive keeps the capitals");
    }

    #[test]
    fn glued_words_from_scraped_cards_split_at_the_capital() {
        let t = texts("President TrumpDonald TrumpRonny Jackson");
        assert_eq!(t, ["presid", "trump", "donald", "trump", "ronni", "jackson"]);
    }

    #[test]
    fn spans_are_utf16_offsets_into_the_original() {
        let s = "😀 North Korea tested";
        let t = terms(s);
        // The emoji is two UTF-16 units, then a space.
        assert_eq!(t[0].start, 3);
        let utf16: Vec<u16> = s.encode_utf16().collect();
        let last = t.last().unwrap();
        let word = String::from_utf16(&utf16[last.start as usize..last.end as usize]).unwrap();
        assert_eq!(word, "tested");
    }

}
