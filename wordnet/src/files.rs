//! The WordNet `dict/` files' line formats: one reader for each kind of
//! file (index, data, exception list, sense tag counts). Each reader
//! reports a malformed line as [`WnError::Format`], with the file and the
//! line number; nothing here panics on a file's content.

use crate::{IndexEntry, Pointer, Pos, Relation, Synset, SynsetId, SynsetWord, WnError};
use std::collections::HashMap;

/// The license header lines of the index and data files start with two spaces.
pub(crate) fn is_header(line: &str) -> bool {
    line.starts_with("  ")
}

pub(crate) fn format_err(file: &str, line: usize, problem: impl Into<String>) -> WnError {
    WnError::Format {
        file: file.to_string(),
        line,
        problem: problem.into(),
    }
}

/// `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...`
pub(crate) fn parse_index(file: &str, text: &str, pos: Pos) -> Result<HashMap<String, IndexEntry>, WnError> {
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if is_header(line) || line.trim().is_empty() {
            continue;
        }
        let entry = parse_index_line(line, pos).map_err(|p| format_err(file, i + 1, p))?;
        out.insert(entry.lemma.clone(), entry);
    }
    Ok(out)
}

pub(crate) fn parse_index_line(line: &str, pos: Pos) -> Result<IndexEntry, String> {
    let mut f = line.split_whitespace();
    let mut next = |what: &str| f.next().ok_or_else(|| format!("missing {what}"));
    let num = |s: &str, what: &str| -> Result<u32, String> {
        s.parse::<u32>().map_err(|_| format!("{what} \"{s}\" is not a number"))
    };
    let lemma = next("lemma")?.to_string();
    let p = next("part of speech")?;
    if Pos::from_code(p) != Some(pos) {
        return Err(format!("part of speech \"{p}\" in the {} index", pos.file_suffix()));
    }
    let synset_cnt = num(next("synset count")?, "synset count")? as usize;
    let p_cnt = num(next("pointer count")?, "pointer count")? as usize;
    let mut pointer_symbols = Vec::with_capacity(p_cnt);
    for _ in 0..p_cnt {
        pointer_symbols.push(next("pointer symbol")?.to_string());
    }
    let _sense_cnt = num(next("sense count")?, "sense count")?;
    let tagged_senses = num(next("tagged sense count")?, "tagged sense count")?;
    let mut synsets = Vec::with_capacity(synset_cnt);
    for _ in 0..synset_cnt {
        synsets.push(num(next("synset offset")?, "synset offset")?);
    }
    Ok(IndexEntry {
        lemma,
        pos,
        pointer_symbols,
        tagged_senses,
        synsets,
    })
}

/// `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...]
/// p_cnt [ptr...] [frames...] | gloss`
pub(crate) fn parse_data_line(line: &str, pos: Pos) -> Result<Synset, String> {
    let (fields, gloss) = match line.split_once(" | ") {
        Some((f, g)) => (f, g.trim_end().to_string()),
        None => (line.trim_end_matches(['|', ' ']), String::new()),
    };
    let mut f = fields.split_whitespace();
    let mut next = |what: &str| f.next().ok_or_else(|| format!("missing {what}"));
    let offset: u32 = next("offset")?.parse().map_err(|_| "bad offset".to_string())?;
    let lex_filenum: u8 = next("lex_filenum")?
        .parse()
        .map_err(|_| "bad lex_filenum".to_string())?;
    let ss_type = next("ss_type")?;
    if Pos::from_code(ss_type) != Some(pos) {
        return Err(format!("synset type \"{ss_type}\" in data.{}", pos.file_suffix()));
    }
    let w_cnt = usize::from_str_radix(next("word count")?, 16).map_err(|_| "bad w_cnt".to_string())?;
    let mut words = Vec::with_capacity(w_cnt);
    for _ in 0..w_cnt {
        let raw = next("word")?;
        let lex_id = u8::from_str_radix(next("lex_id")?, 16).map_err(|_| "bad lex_id".to_string())?;
        let (word, marker) = match raw.strip_suffix(')').and_then(|r| r.rsplit_once('(')) {
            Some((w, m)) if matches!(m, "a" | "p" | "ip") => (w.to_string(), Some(m.to_string())),
            _ => (raw.to_string(), None),
        };
        words.push(SynsetWord {
            lemma: word.to_lowercase(),
            word,
            lex_id,
            marker,
        });
    }
    let p_cnt: usize = next("pointer count")?
        .parse()
        .map_err(|_| "bad p_cnt".to_string())?;
    let mut pointers = Vec::with_capacity(p_cnt);
    for _ in 0..p_cnt {
        let symbol = next("pointer symbol")?.to_string();
        let target_off: u32 = next("pointer offset")?
            .parse()
            .map_err(|_| "bad pointer offset".to_string())?;
        let tpos = next("pointer pos")?;
        let tpos = Pos::from_code(tpos).ok_or_else(|| format!("bad pointer pos \"{tpos}\""))?;
        let st = next("source/target")?;
        if st.len() != 4 {
            return Err(format!("bad source/target \"{st}\""));
        }
        let source_word = u8::from_str_radix(&st[..2], 16).map_err(|_| "bad source".to_string())?;
        let target_word = u8::from_str_radix(&st[2..], 16).map_err(|_| "bad target".to_string())?;
        pointers.push(Pointer {
            relation: Relation::from_symbol(&symbol),
            symbol,
            target: SynsetId {
                pos: tpos,
                offset: target_off,
            },
            source_word,
            target_word,
        });
    }
    let mut frames = Vec::new();
    if pos == Pos::Verb {
        if let Some(n) = f.next() {
            let n: usize = n.parse().map_err(|_| "bad frame count".to_string())?;
            for _ in 0..n {
                let plus = f.next();
                let fnum = f.next().and_then(|s| s.parse().ok());
                let wnum = f.next().and_then(|s| u8::from_str_radix(s, 16).ok());
                match (plus, fnum, wnum) {
                    (Some("+"), Some(a), Some(b)) => frames.push((a, b)),
                    _ => return Err("bad verb frame".into()),
                }
            }
        }
    }
    Ok(Synset {
        id: SynsetId { pos, offset },
        satellite: ss_type == "s",
        lex_filenum,
        words,
        pointers,
        frames,
        gloss,
    })
}

/// `inflected base [base...]` per line.
pub(crate) fn parse_exceptions(text: &str) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let mut f = line.split_whitespace();
        if let Some(form) = f.next() {
            let bases: Vec<String> = f.map(str::to_string).collect();
            if !bases.is_empty() {
                out.entry(form.to_string()).or_default().extend(bases);
            }
        }
    }
    out
}

/// `cntlist.rev`: `sense_key sense_number tag_cnt`; `index.sense`:
/// `sense_key synset_offset sense_number tag_cnt`. `skip` is the number of
/// fields between the key and the sense number (1 for `index.sense`'s
/// offset, so 2 means "sense number is the third field").
pub(crate) fn parse_tag_counts(
    file: &str,
    text: &str,
    number_field: usize,
) -> Result<HashMap<(Pos, String, u16), u32>, WnError> {
    let mut out = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            continue;
        }
        let bad = |p: &str| format_err(file, i + 1, p);
        if f.len() < number_field + 2 {
            return Err(bad("too few fields"));
        }
        let (lemma, rest) = f[0].split_once('%').ok_or_else(|| bad("sense key without %"))?;
        let ss_type = rest.split(':').next().unwrap_or("");
        let pos = Pos::from_sense_key_type(ss_type).ok_or_else(|| bad("bad synset type in sense key"))?;
        let number: u16 = f[number_field].parse().map_err(|_| bad("bad sense number"))?;
        let count: u32 = f[number_field + 1].parse().map_err(|_| bad("bad tag count"))?;
        if count > 0 {
            out.insert((pos, lemma.to_lowercase(), number), count);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_index_and_data_lines() {
        let e = parse_index_line("dog n 7 5 @ ~ #m #p %p 7 1 02084071 10114209 10023039 09886220 07676602 03901548 02710044  ", Pos::Noun).unwrap();
        assert_eq!(e.lemma, "dog");
        assert_eq!(e.pointer_symbols, ["@", "~", "#m", "#p", "%p"]);
        assert_eq!(e.tagged_senses, 1);
        assert_eq!(e.synsets.len(), 7);
        assert_eq!(e.synsets[0], 2084071);
        assert!(parse_index_line("dog v 1 0 1 0 02084071", Pos::Noun).is_err());
        assert!(parse_index_line("dog n 2 0 2 0 02084071", Pos::Noun).is_err());

        let s = parse_data_line("00014358 00 s 02 abounding 0 galore(ip) 0 001 & 00013887 a 0000 | existing in abundance; \"whiskey galore\"  ", Pos::Adj).unwrap();
        assert!(s.satellite);
        assert_eq!(s.words[1].lemma, "galore");
        assert_eq!(s.words[1].marker.as_deref(), Some("ip"));
        assert_eq!(s.pointers[0].relation, Relation::SimilarTo);
        assert_eq!(s.gloss, "existing in abundance; \"whiskey galore\"");

        let v = parse_data_line("00002325 29 v 01 respire 1 005 $ 00001740 v 0000 @ 02108395 v 0000 + 03110323 a 0101 + 00831191 n 0103 + 00830811 n 0101 01 + 02 00 | undergo", Pos::Verb).unwrap();
        assert_eq!(v.words[0].lex_id, 1);
        assert_eq!(v.pointers.len(), 5);
        assert_eq!(v.pointers[3].relation, Relation::Derivation);
        assert_eq!((v.pointers[3].source_word, v.pointers[3].target_word), (1, 3));
        assert_eq!(v.frames, [(2, 0)]);
        // 12 words written as hex "0c".
        let hex = parse_data_line("00000001 03 n 0c a 0 b 0 c 0 d 0 e 0 f 0 g 0 h 0 i 0 j 0 k 0 l 0 000 | x", Pos::Noun).unwrap();
        assert_eq!(hex.words.len(), 12);
        assert!(parse_data_line("00000001 03 n 02 a 0 000 | truncated", Pos::Noun).is_err());
    }
}
