//! Sentences and clauses of running text, with their offsets in UTF-16
//! code units (as the DOM counts): annotation reads a page sentence by
//! sentence, and a selection is also matched clause by clause.

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

#[cfg(test)]
mod tests {
    use super::*;

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

}
