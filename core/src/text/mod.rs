//! Text normalisation: turns raw text from a page, a selection or the claim
//! database into the stream of *terms* the matcher compares.
//!
//! Real selections are messy, so the folding here is deliberately forgiving:
//! case, curly vs straight quotes, non-breaking and zero-width spaces, soft
//! hyphens, line breaks, diacritics and words glued together by scraped
//! markup ("TrumpDonald") all fold away. Numbers written as words become
//! digits and entity aliases become one canonical term (see [`crate::lexicon`]),
//! so "six" and "6", or "Pyongyang" and "North Korea", compare equal.
//!
//! Every term keeps the span of the original text it came from, in UTF-16
//! code units, because that is how the DOM measures offsets in a `Text` node.

use crate::lexicon;

/// One normalised term and where it came from in the original string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The canonical form that the matcher compares (stemmed, alias-folded).
    pub text: String,
    /// Start of the source word(s), in UTF-16 code units of the original.
    pub start: u32,
    /// End (exclusive) of the source word(s), in UTF-16 code units.
    pub end: u32,
}

/// A word as it stood in the source, before lexicon folding.
#[derive(Debug, Clone)]
struct Word {
    /// Lower-cased, diacritic-folded letters and digits.
    folded: String,
    /// True when every letter of the original was upper case ("US", "MORE").
    all_caps: bool,
    start: u32,
    end: u32,
}

/// Splits `text` into normalised terms, dropping stopwords.
///
/// This is the one normalisation used for both sides of a comparison (claim
/// and selection), so any imperfection in stemming cancels out.
pub fn terms(text: &str) -> Vec<Term> {
    let words = words(text);
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // Multi-word aliases first ("north korea", "kim jong un", "united nations").
        if let Some((len, canon)) = lexicon::phrase_alias(&words[i..], |w| w.folded.as_str()) {
            let (start, end) = (words[i].start, words[i + len - 1].end);
            for part in canon.split(' ') {
                out.push(Term {
                    text: part.to_string(),
                    start,
                    end,
                });
            }
            i += len;
            continue;
        }
        let w = &words[i];
        i += 1;
        if w.all_caps && (w.folded == "us" || w.folded == "u") {
            // "US" and "U.S." are the country; lower-case "us" is a pronoun.
            if w.folded == "u" && i < words.len() && words[i].folded == "s" {
                i += 1;
            }
            out.push(Term {
                text: "usa".into(),
                start: w.start,
                end: w.end,
            });
            continue;
        }
        if lexicon::is_stopword(&w.folded) {
            continue;
        }
        for part in lexicon::canonical(&w.folded).split(' ') {
            if !part.is_empty() {
                out.push(Term {
                    text: part.to_string(),
                    start: w.start,
                    end: w.end,
                });
            }
        }
    }
    out
}

/// Splits running text into sentences: after `.`, `!` or `?` (and any
/// closing quotes or brackets) followed by white space and a capital, a
/// digit or an opening quote; and at line breaks. Yields each sentence with
/// its offset in UTF-16 code units. Abbreviations such as "U.S. officials"
/// stay whole because a small letter follows.
pub fn sentences(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_u16 = 0u32;
    let mut pos_u16 = 0u32;
    let mut chars = text.char_indices().peekable();
    let mut after_stop = false;
    while let Some((i, c)) = chars.next() {
        pos_u16 += c.len_utf16() as u32;
        let boundary = match c {
            '\n' | '\r' | '\u{2029}' => Some(i + c.len_utf8()),
            '.' | '!' | '?' => {
                after_stop = true;
                None
            }
            '"' | '\'' | '”' | '’' | ')' | ']' if after_stop => None,
            c if c.is_whitespace() && after_stop => {
                after_stop = false;
                let next = chars.peek().map(|&(_, n)| n);
                next.filter(|n| {
                    n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘' | '\'')
                })
                .map(|_| i + c.len_utf8())
            }
            _ => {
                after_stop = false;
                None
            }
        };
        if let Some(end) = boundary {
            out.push((start_u16, &text[start_byte..end]));
            start_byte = end;
            start_u16 = pos_u16;
        }
    }
    if start_byte < text.len() {
        out.push((start_u16, &text[start_byte..]));
    }
    out.into_iter().filter(|(_, s)| !s.trim().is_empty())
}

/// The clauses of a sentence: the parts between commas, semicolons,
/// colons, dashes and parentheses that hold at least [`MIN_CLAUSE_WORDS`]
/// words, each with its offset in UTF-16 code units. A comma inside a
/// number ("41,000") does not split.
pub fn clauses(text: &str) -> Vec<(u32, &str)> {
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_u16 = 0u32;
    let mut pos_u16 = 0u32;
    let mut prev_digit = false;
    let mut chars = text.char_indices().peekable();
    let keep = |part: &str| part.split_whitespace().count() >= MIN_CLAUSE_WORDS;
    while let Some((i, c)) = chars.next() {
        pos_u16 += c.len_utf16() as u32;
        let next_digit = chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
        let splits = match c {
            ',' => !(prev_digit && next_digit),
            ';' | ':' | '—' | '–' | '(' | ')' => true,
            _ => false,
        };
        prev_digit = c.is_ascii_digit();
        if splits {
            if keep(&text[start_byte..i]) {
                out.push((start_u16, &text[start_byte..i]));
            }
            start_byte = i + c.len_utf8();
            start_u16 = pos_u16;
        }
    }
    if keep(&text[start_byte..]) {
        out.push((start_u16, &text[start_byte..]));
    }
    out
}

/// A clause needs this many words to be matched on its own.
pub const MIN_CLAUSE_WORDS: usize = 4;

/// Splits text into words, folding characters and recording UTF-16 spans.
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut cur_start = 0u32;
    let mut cur_end = 0u32;
    let mut has_lower = false;
    let mut has_upper = false;
    let mut prev_lower = false;
    let mut prev_digit = false;
    let mut pos = 0u32;
    let mut chars = text.chars().peekable();

    let flush = |words: &mut Vec<Word>, cur: &mut String, s: u32, e: u32, lo: bool, up: bool| {
        if !cur.is_empty() {
            words.push(Word {
                folded: std::mem::take(cur),
                all_caps: up && !lo,
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
                flush(
                    &mut words, &mut cur, cur_start, cur_end, has_lower, has_upper,
                );
                has_lower = false;
                has_upper = false;
            }
            if cur.is_empty() {
                cur_start = here;
            }
            fold_char(c, &mut cur);
            cur_end = pos;
            has_upper |= upper;
            has_lower |= c.is_lowercase();
            prev_lower = c.is_lowercase();
            prev_digit = c.is_ascii_digit();
        } else {
            flush(
                &mut words, &mut cur, cur_start, cur_end, has_lower, has_upper,
            );
            has_lower = false;
            has_upper = false;
            prev_lower = false;
            prev_digit = false;
        }
    }
    flush(
        &mut words, &mut cur, cur_start, cur_end, has_lower, has_upper,
    );
    words
}

/// Lower-cases one character and strips the common Latin diacritics.
fn fold_char(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// A light English suffix stripper: enough to make "weapons"/"weapon",
/// "refused"/"refuses"/"refusing" and "sanctions"/"sanctioned" meet.
/// It is not a linguistic stemmer; it only has to be consistent.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // Plural (and third person) s.
    if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() >= 2) {
        w = format!("{s}y");
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // Verb and adverb endings.
    for suffix in ["ingly", "edly", "ing", "ed", "ly"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 && s.bytes().any(is_vowel) {
                w = undouble(s);
                break;
            }
        }
    }
    // Nouns made from verbs.
    for suffix in ["ment", "ion"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 4 {
                w = s.to_string();
                break;
            }
        }
    }
    // "refuse" / "refus(ed)": a final e is dropped either way.
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// "stopp" -> "stop", "planned" -> "plan": undo the doubled final consonant.
fn undouble(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 2
        && b[n - 1] == b[n - 2]
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'z')
    {
        return s[..n - 1].to_string();
    }
    s.to_string()
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
    fn entity_aliases_meet() {
        let nk = texts("North Korea");
        assert_eq!(nk, texts("the DPRK"));
        assert_eq!(nk, texts("Pyongyang"));
        assert_eq!(texts("United Nations"), texts("UN"));
        assert_eq!(texts("Kim Jong Un"), texts("Kim"));
        assert_eq!(texts("the U.S."), texts("United States"));
        assert_ne!(texts("let us go"), texts("United States"));
    }

    #[test]
    fn glued_words_from_scraped_cards_split_at_the_capital() {
        let t = texts("President TrumpDonald TrumpRonny Jackson");
        assert_eq!(t, ["trump", "trump", "ronny", "jackson"]);
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

    #[test]
    fn sentences_split_at_stops_and_keep_utf16_offsets() {
        let text = "He said “No.” Then U.S. officials left. 😀 Next one?\nLast";
        let parts: Vec<(u32, &str)> = sentences(text).collect();
        let texts: Vec<&str> = parts.iter().map(|(_, s)| s.trim()).collect();
        assert_eq!(
            texts,
            [
                "He said “No.”",
                "Then U.S. officials left. 😀 Next one?",
                "Last"
            ]
        );
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for (offset, s) in parts {
            let n = s.encode_utf16().count();
            assert_eq!(
                String::from_utf16(&utf16[offset as usize..offset as usize + n]).unwrap(),
                s
            );
        }
    }

    #[test]
    fn clauses_split_at_punctuation_but_not_in_numbers() {
        let text = "Pyongyang ignores a dozen resolutions, diplomats noted, and 41,000 people were told so; 😀 the end of it all";
        let parts: Vec<&str> = clauses(text).into_iter().map(|(_, c)| c.trim()).collect();
        assert_eq!(
            parts,
            [
                "Pyongyang ignores a dozen resolutions",
                "and 41,000 people were told so",
                "😀 the end of it all"
            ]
        );
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for (offset, c) in clauses(text) {
            let n = c.encode_utf16().count();
            assert_eq!(
                String::from_utf16(&utf16[offset as usize..offset as usize + n]).unwrap(),
                c
            );
        }
    }

    #[test]
    fn stemmer_joins_inflections() {
        assert_eq!(stem("weapons"), stem("weapon"));
        assert_eq!(stem("refused"), stem("refuses"));
        assert_eq!(stem("sanctions"), stem("sanctioned"));
        assert_eq!(stem("meetings"), stem("meeting"));
        assert_eq!(stem("searches"), stem("search"));
        assert_ne!(stem("test"), stem("testimony"));
    }
}
