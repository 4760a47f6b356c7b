//! The English Snowball ("Porter2") stemmer, as specified at
//! <https://snowballstem.org/algorithms/english/stemmer.html>: "weapons" and
//! "weapon", "refused" and "refusing", "sanctions" and "sanctioned" meet,
//! while "news" stays "news". It runs on words already lower-cased and
//! folded to ASCII letters; anything else is returned unchanged.
//!
//! Written here rather than taken from a crate because the crates that
//! carry it compile every Snowball language into the wasm; the tests check
//! it against the algorithm's published examples.

use std::cell::RefCell;
use std::collections::HashMap;

/// How many stems each generation of the memo keeps.
const MEMO_WORDS: usize = 16_384;

/// Stems already worked out, in two generations: when the recent one is
/// full it becomes the older one, and the older one is dropped. A word
/// still in use is found in the older one and moved up, so a vocabulary
/// larger than a generation (a 10,000-claim database) keeps its common
/// words instead of losing everything at each clearing. At most twice
/// [`MEMO_WORDS`] stems are held, so a long page cannot grow it.
#[derive(Default)]
struct Memo {
    recent: HashMap<Box<str>, Box<str>>,
    older: HashMap<Box<str>, Box<str>>,
}

impl Memo {
    /// The stem of `word`, when known.
    fn get(&mut self, word: &str) -> Option<String> {
        if let Some(s) = self.recent.get(word) {
            return Some(String::from(&**s));
        }
        let (key, stemmed) = self.older.remove_entry(word)?;
        let found = String::from(&*stemmed);
        self.put(key, stemmed);
        Some(found)
    }

    /// Remembers a stem, starting a new generation when the recent one is full.
    fn put(&mut self, word: Box<str>, stemmed: Box<str>) {
        if self.recent.len() >= MEMO_WORDS {
            self.older = std::mem::take(&mut self.recent);
        }
        self.recent.insert(word, stemmed);
    }

    /// How many stems are held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.recent.len() + self.older.len()
    }
}

thread_local! {
    /// Stemming was a fifth of annotating a page, and text repeats its
    /// words. The standard hasher, as a page's words fill it (see `hash`).
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The stem of a lower-case word.
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
        return word.to_string();
    }
    let known = MEMO.with(|memo| memo.try_borrow_mut().ok()?.get(word));
    if let Some(stemmed) = known {
        return stemmed;
    }
    let stemmed = stem_uncached(word);
    MEMO.with(|memo| {
        if let Ok(mut memo) = memo.try_borrow_mut() {
            memo.put(word.into(), stemmed.as_str().into());
        }
    });
    stemmed
}

/// [`stem`] without the memo, for words that pass its first test.
fn stem_uncached(word: &str) -> String {
    if let Some(s) = exception(word) {
        return s.to_string();
    }
    let mut w: Vec<u8> = word.trim_start_matches('\'').bytes().collect();
    if w.is_empty() {
        return word.to_string();
    }
    // y at the start or after a vowel is a consonant: mark it Y.
    for i in 0..w.len() {
        if w[i] == b'y' && (i == 0 || is_vowel(w[i - 1])) {
            w[i] = b'Y';
        }
    }
    let r1 = region1(&w);
    let r2 = region_after(&w, r1);
    let mut s = Stemmer { w, r1, r2 };
    s.step0();
    if !s.step1a() {
        if let Some(stop) = STOP_AFTER_1A.iter().find(|x| x.as_bytes() == s.w.as_slice()) {
            return stop.to_string();
        }
        s.step1b();
        s.step1c();
        s.step2();
        s.step3();
        s.step4();
        s.step5();
    }
    s.w.iter()
        .map(|&b| if b == b'Y' { 'y' } else { b as char })
        .collect()
}

/// Words the algorithm treats specially before any step.
fn exception(word: &str) -> Option<&'static str> {
    Some(match word {
        "skis" => "ski",
        "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "idly" => "idl",
        "gently" => "gentl",
        "ugly" => "ugli",
        "early" => "earli",
        "only" => "onli",
        "singly" => "singl",
        "sky" => "sky",
        "news" => "news",
        "howe" => "howe",
        "atlas" => "atlas",
        "cosmos" => "cosmos",
        "bias" => "bias",
        "andes" => "andes",
        _ => return None,
    })
}

/// Words left as they are once step 1a has run.
const STOP_AFTER_1A: [&str; 8] = [
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// R1: after the first non-vowel that follows a vowel (with the
/// algorithm's three prefix exceptions).
fn region1(w: &[u8]) -> usize {
    for prefix in ["gener", "commun", "arsen"] {
        if w.starts_with(prefix.as_bytes()) {
            return prefix.len();
        }
    }
    region_after(w, 0)
}

fn region_after(w: &[u8], from: usize) -> usize {
    (from + 1..w.len())
        .find(|&i| !is_vowel(w[i]) && is_vowel(w[i - 1]))
        .map_or(w.len(), |i| i + 1)
}

struct Stemmer {
    w: Vec<u8>,
    r1: usize,
    r2: usize,
}

impl Stemmer {
    fn ends(&self, suffix: &str) -> bool {
        // The last byte first: most suffixes fail there, without a memcmp call.
        let s = suffix.as_bytes();
        self.w.last() == s.last() && self.w.ends_with(s)
    }

    /// The longest of `suffixes` the word ends with.
    fn longest<'a>(&self, suffixes: &[&'a str]) -> Option<&'a str> {
        suffixes
            .iter()
            .filter(|s| self.ends(s))
            .max_by_key(|s| s.len())
            .copied()
    }

    fn start_of(&self, suffix: &str) -> usize {
        self.w.len() - suffix.len()
    }

    fn replace(&mut self, suffix: &str, with: &str) {
        let at = self.start_of(suffix);
        self.w.truncate(at);
        self.w.extend_from_slice(with.as_bytes());
    }

    fn has_vowel(&self, upto: usize) -> bool {
        self.w[..upto].iter().any(|&b| is_vowel(b))
    }

    /// A short syllable ending at `end` (exclusive).
    fn short_syllable_at(&self, end: usize) -> bool {
        let w = &self.w;
        match end {
            2 => is_vowel(w[0]) && !is_vowel(w[1]),
            n if n >= 3 => {
                !is_vowel(w[n - 3])
                    && is_vowel(w[n - 2])
                    && !is_vowel(w[n - 1])
                    && !matches!(w[n - 1], b'w' | b'x' | b'Y')
            }
            _ => false,
        }
    }

    fn is_short(&self) -> bool {
        self.r1 >= self.w.len() && self.short_syllable_at(self.w.len())
    }

    fn step0(&mut self) {
        if let Some(s) = self.longest(&["'s'", "'s", "'"]) {
            self.replace(s, "");
        }
    }

    /// Returns true when the word should not be stemmed further.
    fn step1a(&mut self) -> bool {
        match self.longest(&["sses", "ied", "ies", "us", "ss", "s"]) {
            Some("sses") => self.replace("sses", "ss"),
            Some(s @ ("ied" | "ies")) => {
                let with = if self.start_of(s) > 1 { "i" } else { "ie" };
                self.replace(s, with);
            }
            Some("s") => {
                let at = self.start_of("s");
                if at >= 2 && self.has_vowel(at - 1) {
                    self.replace("s", "");
                }
            }
            _ => {}
        }
        false
    }

    fn step1b(&mut self) {
        match self.longest(&["eed", "eedly", "ed", "edly", "ing", "ingly"]) {
            Some(s @ ("eed" | "eedly")) if self.start_of(s) >= self.r1 => self.replace(s, "ee"),
            Some("eed" | "eedly") => {}
            Some(s) => {
                let at = self.start_of(s);
                if !self.has_vowel(at) {
                    return;
                }
                self.replace(s, "");
                if self.ends("at") || self.ends("bl") || self.ends("iz") {
                    self.w.push(b'e');
                } else if self.ends_double() {
                    self.w.pop();
                } else if self.is_short() {
                    self.w.push(b'e');
                }
            }
            None => {}
        }
    }

    fn ends_double(&self) -> bool {
        ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]
            .iter()
            .any(|d| self.ends(d))
    }

    fn step1c(&mut self) {
        let n = self.w.len();
        if n > 2 && matches!(self.w[n - 1], b'y' | b'Y') && !is_vowel(self.w[n - 2]) {
            self.w[n - 1] = b'i';
        }
    }

    fn step2(&mut self) {
        const RULES: [(&str, &str); 24] = [
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("abli", "able"),
            ("entli", "ent"),
            ("izer", "ize"),
            ("ization", "ize"),
            ("ational", "ate"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("aliti", "al"),
            ("alli", "al"),
            ("fulness", "ful"),
            ("ousli", "ous"),
            ("ousness", "ous"),
            ("iveness", "ive"),
            ("iviti", "ive"),
            ("biliti", "ble"),
            ("bli", "ble"),
            ("ogi", "og"),
            ("fulli", "ful"),
            ("lessli", "less"),
            ("li", ""),
        ];
        let suffixes: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        let Some(s) = self.longest(&suffixes) else { return };
        let at = self.start_of(s);
        if at < self.r1 {
            return;
        }
        let before = at.checked_sub(1).map(|i| self.w[i]);
        let ok = match s {
            "ogi" => before == Some(b'l'),
            "li" => before.is_some_and(|b| b"cdeghkmnrt".contains(&b)),
            _ => true,
        };
        if ok {
            let with = RULES.iter().find(|r| r.0 == s).map_or("", |r| r.1);
            self.replace(s, with);
        }
    }

    fn step3(&mut self) {
        const RULES: [(&str, &str); 9] = [
            ("tional", "tion"),
            ("ational", "ate"),
            ("alize", "al"),
            ("icate", "ic"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
            ("ative", ""),
        ];
        let suffixes: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        let Some(s) = self.longest(&suffixes) else { return };
        let at = self.start_of(s);
        if at < self.r1 || (s == "ative" && at < self.r2) {
            return;
        }
        let with = RULES.iter().find(|r| r.0 == s).map_or("", |r| r.1);
        self.replace(s, with);
    }

    fn step4(&mut self) {
        let Some(s) = self.longest(&[
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
            "ism", "ate", "iti", "ous", "ive", "ize", "ion",
        ]) else {
            return;
        };
        let at = self.start_of(s);
        if at < self.r2 {
            return;
        }
        if s == "ion" && !(at > 0 && matches!(self.w[at - 1], b's' | b't')) {
            return;
        }
        self.replace(s, "");
    }

    fn step5(&mut self) {
        let n = self.w.len();
        if self.ends("e") {
            let at = n - 1;
            if at >= self.r2 || (at >= self.r1 && !self.short_syllable_at(at)) {
                self.w.pop();
            }
        } else if self.ends("ll") && n > self.r2 {
            self.w.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{stem, stem_uncached, MEMO, MEMO_WORDS};

    /// The memo answers as the stemmer does: on a second look, and after
    /// generations have been dropped; it stays bounded, and a word in use
    /// outlives the generations.
    #[test]
    fn the_memo_gives_the_stemmer_s_answers() {
        let held = |w: &str| MEMO.with(|m| m.borrow().recent.contains_key(w) || m.borrow().older.contains_key(w));
        let made_up = |i: usize| -> String {
            format!("{i:06}").bytes().map(|b| (b'a' + (b - b'0')) as char).chain("ations".chars()).collect()
        };
        let words = ["generously", "sanctions", "sanctioned", "nationalism", "skies", "dying", "news", "exceeding"];
        for w in words {
            assert_eq!(stem(w), stem_uncached(w), "{w}, first look");
            assert_eq!(stem(w), stem_uncached(w), "{w}, from the memo");
        }
        assert!(held("sanctions"), "remembered");
        // Three generations of made-up words, "sanctions" looked up after
        // each: it is moved up each time, so it is never dropped.
        for generation in 0..3 {
            for i in 0..MEMO_WORDS {
                let w = made_up(generation * MEMO_WORDS + i);
                assert_eq!(stem(&w), stem_uncached(&w));
            }
            assert!(held("sanctions"), "a word in use outlives generation {generation}");
            assert_eq!(stem("sanctions"), stem_uncached("sanctions"));
        }
        // Control: "skies", never looked up again, was dropped.
        assert!(!held("skies"), "an unused word goes with its generation");
        assert!(MEMO.with(|m| m.borrow().len()) <= 2 * MEMO_WORDS, "bounded");
        for w in words {
            assert_eq!(stem(w), stem_uncached(w), "{w}, after generations were dropped");
        }
    }

    /// Pairs from the algorithm's published sample vocabulary.
    #[test]
    fn matches_the_published_examples() {
        let pairs = [
            ("consign", "consign"),
            ("consigned", "consign"),
            ("consigning", "consign"),
            ("consignment", "consign"),
            ("consist", "consist"),
            ("consisted", "consist"),
            ("consistency", "consist"),
            ("consistent", "consist"),
            ("consistently", "consist"),
            ("consisting", "consist"),
            ("consists", "consist"),
            ("consolation", "consol"),
            ("consolations", "consol"),
            ("consolatory", "consolatori"),
            ("console", "consol"),
            ("consoled", "consol"),
            ("consoles", "consol"),
            ("consolidate", "consolid"),
            ("consolidated", "consolid"),
            ("consolidating", "consolid"),
            ("consoling", "consol"),
            ("consolingly", "consol"),
            ("consols", "consol"),
            ("consonant", "conson"),
            ("consort", "consort"),
            ("consorted", "consort"),
            ("consorting", "consort"),
            ("conspicuous", "conspicu"),
            ("conspicuously", "conspicu"),
            ("conspiracy", "conspiraci"),
            ("conspirator", "conspir"),
            ("conspirators", "conspir"),
            ("conspire", "conspir"),
            ("conspired", "conspir"),
            ("conspiring", "conspir"),
            ("constable", "constabl"),
            ("constables", "constabl"),
            ("constance", "constanc"),
            ("constancy", "constanc"),
            ("constant", "constant"),
            ("knack", "knack"),
            ("knackeries", "knackeri"),
            ("knacks", "knack"),
            ("knag", "knag"),
            ("knave", "knave"),
            ("knaves", "knave"),
            ("knavish", "knavish"),
            ("kneaded", "knead"),
            ("kneading", "knead"),
            ("knee", "knee"),
            ("kneel", "kneel"),
            ("kneeled", "kneel"),
            ("kneeling", "kneel"),
            ("kneels", "kneel"),
            ("knees", "knee"),
            ("knell", "knell"),
            ("knelt", "knelt"),
            ("knew", "knew"),
            ("knick", "knick"),
            ("knife", "knife"),
            ("knight", "knight"),
            ("knightly", "knight"),
            ("knights", "knight"),
            ("knit", "knit"),
            ("knits", "knit"),
            ("knitted", "knit"),
            ("knitting", "knit"),
            ("knives", "knive"),
            ("knob", "knob"),
            ("knobs", "knob"),
            ("knock", "knock"),
            ("knocked", "knock"),
            ("knocker", "knocker"),
            ("knockers", "knocker"),
            ("knocking", "knock"),
            ("knocks", "knock"),
            ("knopp", "knopp"),
            ("knot", "knot"),
            ("knots", "knot"),
        ];
        for (word, expected) in pairs {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn the_special_forms_and_the_review_findings() {
        for (word, expected) in [
            ("news", "news"),
            ("series", "seri"),
            ("skies", "sky"),
            ("dying", "die"),
            ("cries", "cri"),
            ("ties", "tie"),
            ("gas", "gas"),
            ("gaps", "gap"),
            ("succeeded", "succeed"),
            ("generously", "generous"),
            ("hopping", "hop"),
            ("hoped", "hope"),
            ("say", "say"),
            ("cry", "cri"),
            ("Youth", "Youth"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
        for group in [
            ["weapon", "weapons"],
            ["refused", "refuses"],
            ["sanctions", "sanctioned"],
            ["meetings", "meeting"],
            ["searches", "search"],
        ] {
            assert_eq!(stem(group[0]), stem(group[1]), "{group:?}");
        }
        assert_ne!(stem("test"), stem("testimony"));
    }
}
