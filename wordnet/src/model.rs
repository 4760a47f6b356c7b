//! What the WordNet reader hands out: parts of speech, relations, errors,
//! and the records parsed from the `dict/` files (index entries, synsets
//! with their words and pointers, senses, related lemmas).

use std::fmt;

// ---------------------------------------------------------------------------
// Parts of speech, relations, errors.

/// A WordNet part of speech. Adjective satellites (`s` in the data files)
/// are adjectives here; [`Synset::satellite`] tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    Noun,
    Verb,
    Adj,
    Adv,
}

impl Pos {
    /// Every part of speech, in WordNet's order.
    pub const ALL: [Pos; 4] = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv];

    /// The file suffix: `noun`, `verb`, `adj`, `adv`.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adj => "adj",
            Pos::Adv => "adv",
        }
    }

    /// The one-letter code of the index and pointer fields (`n v a r`; `s` reads as `a`).
    pub fn from_code(c: &str) -> Option<Pos> {
        match c {
            "n" => Some(Pos::Noun),
            "v" => Some(Pos::Verb),
            "a" | "s" => Some(Pos::Adj),
            "r" => Some(Pos::Adv),
            _ => None,
        }
    }

    /// The one-letter code (`n v a r`).
    pub fn code(self) -> char {
        match self {
            Pos::Noun => 'n',
            Pos::Verb => 'v',
            Pos::Adj => 'a',
            Pos::Adv => 'r',
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The synset type number of a sense key (`1` noun, `2` verb, `3`
    /// adjective, `4` adverb, `5` adjective satellite).
    pub(crate) fn from_sense_key_type(t: &str) -> Option<Pos> {
        match t {
            "1" => Some(Pos::Noun),
            "2" => Some(Pos::Verb),
            "3" | "5" => Some(Pos::Adj),
            "4" => Some(Pos::Adv),
            _ => None,
        }
    }
}

/// What a pointer means (WordNet's `wninput(5WN)` pointer symbols).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// `!`
    Antonym,
    /// `@`
    Hypernym,
    /// `@i`
    InstanceHypernym,
    /// `~`
    Hyponym,
    /// `~i`
    InstanceHyponym,
    /// `#m`, `#s`, `#p`
    MemberHolonym,
    SubstanceHolonym,
    PartHolonym,
    /// `%m`, `%s`, `%p`
    MemberMeronym,
    SubstanceMeronym,
    PartMeronym,
    /// `=`
    Attribute,
    /// `+`: derivationally related form ("nuclear" / "nucleus").
    Derivation,
    /// `*` (verbs)
    Entailment,
    /// `>` (verbs)
    Cause,
    /// `^`
    AlsoSee,
    /// `$` (verbs)
    VerbGroup,
    /// `&` (adjectives)
    SimilarTo,
    /// `<` (adjectives)
    Participle,
    /// `\`: pertains to a noun (adjectives), or derived from an adjective (adverbs).
    Pertainym,
    /// `;c`, `;r`, `;u`
    Domain,
    /// `-c`, `-r`, `-u`
    DomainMember,
    /// Any other symbol, kept as written.
    Other(String),
}

impl Relation {
    /// Reads a pointer symbol.
    pub fn from_symbol(s: &str) -> Relation {
        match s {
            "!" => Relation::Antonym,
            "@" => Relation::Hypernym,
            "@i" => Relation::InstanceHypernym,
            "~" => Relation::Hyponym,
            "~i" => Relation::InstanceHyponym,
            "#m" => Relation::MemberHolonym,
            "#s" => Relation::SubstanceHolonym,
            "#p" => Relation::PartHolonym,
            "%m" => Relation::MemberMeronym,
            "%s" => Relation::SubstanceMeronym,
            "%p" => Relation::PartMeronym,
            "=" => Relation::Attribute,
            "+" => Relation::Derivation,
            "*" => Relation::Entailment,
            ">" => Relation::Cause,
            "^" => Relation::AlsoSee,
            "$" => Relation::VerbGroup,
            "&" => Relation::SimilarTo,
            "<" => Relation::Participle,
            "\\" => Relation::Pertainym,
            ";c" | ";r" | ";u" => Relation::Domain,
            "-c" | "-r" | "-u" => Relation::DomainMember,
            other => Relation::Other(other.to_string()),
        }
    }
}

/// A file that could not be read or parsed.
#[derive(Debug)]
pub enum WnError {
    /// A required file is missing or unreadable.
    Io { file: String, error: std::io::Error },
    /// A line does not have the documented format.
    Format {
        file: String,
        line: usize,
        problem: String,
    },
    /// A file that is not read line by line (the word counts' JSON) does
    /// not have the documented shape; `problem` says where.
    Shape { file: String, problem: String },
}

impl fmt::Display for WnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WnError::Io { file, error } => write!(f, "{file}: {error}"),
            WnError::Format {
                file,
                line,
                problem,
            } => write!(f, "{file}, line {line}: {problem}"),
            WnError::Shape { file, problem } => write!(f, "{file}: {problem}"),
        }
    }
}

impl std::error::Error for WnError {}

// ---------------------------------------------------------------------------
// Parsed records.

/// One line of an index file: a lemma in one part of speech.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub lemma: String,
    pub pos: Pos,
    /// The pointer symbols that some sense of the lemma has.
    pub pointer_symbols: Vec<String>,
    /// How many of the senses were tagged in the semantic concordance
    /// (they come first in `synsets`).
    pub tagged_senses: u32,
    /// Byte offsets of the synsets in `data.<pos>`, in sense order
    /// (sense 1 first).
    pub synsets: Vec<u32>,
}

/// Names a synset: its part of speech and its byte offset in `data.<pos>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SynsetId {
    pub pos: Pos,
    pub offset: u32,
}

/// One word of a synset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynsetWord {
    /// As written in the data file: case kept, words joined by `_`.
    pub word: String,
    /// The same in index form: lower case (adjective markers removed).
    pub lemma: String,
    /// Distinguishes senses of the word within one lexicographer file.
    pub lex_id: u8,
    /// Adjective syntactic marker: `p`, `a` or `ip` (from "galore(ip)").
    pub marker: Option<String>,
}

/// One pointer of a synset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    pub relation: Relation,
    /// The symbol as written (`@`, `+`, `;c` ...).
    pub symbol: String,
    pub target: SynsetId,
    /// For a lexical pointer, the word (1-based) of this synset it starts
    /// from; 0 for a semantic pointer (between whole synsets).
    pub source_word: u8,
    /// For a lexical pointer, the word (1-based) of the target it points to; 0 otherwise.
    pub target_word: u8,
}

/// One synset, parsed from its data line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    pub id: SynsetId,
    /// True for an adjective satellite (`s`).
    pub satellite: bool,
    /// The lexicographer file number (`00` adj.all, `05` noun.animal, ...).
    pub lex_filenum: u8,
    pub words: Vec<SynsetWord>,
    pub pointers: Vec<Pointer>,
    /// Verb frames as (frame number, word number or 0 for all words).
    pub frames: Vec<(u8, u8)>,
    pub gloss: String,
}

impl Synset {
    /// The synset's lemmas in index form, in the order of the data file.
    pub fn lemmas(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| w.lemma.as_str())
    }

    /// The 1-based number of `lemma` among the synset's words, if it is one.
    pub fn word_number(&self, lemma: &str) -> Option<u8> {
        self.words
            .iter()
            .position(|w| w.lemma == lemma)
            .map(|i| (i + 1) as u8)
    }
}

/// One sense of a lemma: a synset, its sense number and how often it was tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sense {
    pub lemma: String,
    pub synset: Synset,
    /// 1 for the most frequent sense.
    pub number: u16,
    /// Times tagged in the semantic concordance (from `cntlist.rev` or
    /// `index.sense`); 0 when untagged or when neither file is present.
    pub tag_count: u32,
}

/// A lemma reached from a word through a relation, with the synsets involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedLemma {
    pub lemma: String,
    pub pos: Pos,
    pub relation: Relation,
    /// Sense number of the source word whose synset the relation starts from.
    pub from_sense: u16,
    pub target: SynsetId,
}
