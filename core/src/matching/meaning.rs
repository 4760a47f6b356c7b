//! What the matcher knows beyond the words themselves, all of it from the
//! database or from a general resource, none of it from the engine:
//!
//! * **Entities** (the database's `about` nodes): names and aliases fold to
//!   one entity term (`@e3`), so "Pyongyang", "the DPRK" and "North Korea"
//!   meet; references ("the regime", "the president") fold to a reference
//!   term (`@r3`) that a claim always resolves to its entity, and a reader's
//!   selection only when its page (or the selection itself) says so.
//! * **Related words** ([`Meaning`]): for the words of the database's
//!   claims, the English words a thesaurus relates to them (synonyms,
//!   derivations, near hypernyms; multiword expressions such as "call off"
//!   too), each with the weight a match through it earns. It is built
//!   where a thesaurus is at hand (the widget's build, `claimlens pack`,
//!   from WordNet) and stored in the index, so the wasm carries a table
//!   that grows with the database, not with English.

use crate::model::{Claim, Entity};
use crate::text::{self, lexicon, PhraseKeys, PhraseTable};
use crate::hash::FxHashMap as HashMap;
use crate::pack::{Pack, Reader};

/// The term an entity's names fold to.
pub fn entity_term(i: usize) -> String {
    format!("@e{i}")
}

/// The term an entity's references fold to.
pub fn reference_term(i: usize) -> String {
    format!("@r{i}")
}

/// The entity a term stands for, and whether it is a reference.
pub fn entity_of(term: &str) -> Option<(usize, bool)> {
    let (reference, n) = match term.strip_prefix("@e") {
        Some(n) => (false, n),
        None => (true, term.strip_prefix("@r")?),
    };
    n.parse().ok().map(|i| (i, reference))
}

/// A source of related words: WordNet, at build time.
pub trait Thesaurus {
    /// The English words and multiword expressions (written with spaces,
    /// "call off") related to `words` (one or a few lower-case words as they
    /// stand in a claim: "refused", "nuclear weapons"), each with the weight
    /// a match through it should earn, in 0..1. Empty when the thesaurus
    /// does not know the words.
    fn related(&self, words: &str) -> Vec<(String, f32)>;
}

/// One related term: a reader writing `term` may mean `target`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Related {
    /// The reader's term (normalised as text is: "produc", "call_off").
    pub term: String,
    /// The database's term.
    pub target: String,
    /// The weight a match through it earns, in 1/255.
    pub weight: u8,
}

/// The related-word table of a database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meaning {
    /// Related terms.
    pub related: Vec<Related>,
    /// Multiword expressions ("call off"), each folding to one term
    /// ("call_off") when text is split; sorted, without repeats.
    pub phrases: Vec<Expression>,
}

/// A multiword expression of a related-word table, split once, when the
/// table is built: reading an index does not stem its words again.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expression {
    /// The term it folds to ([`phrase_term`]): "call_off" for "call off".
    pub term: String,
    /// Its words as the phrase table looks them up.
    pub keys: PhraseKeys,
}

impl Expression {
    /// `text` ("call off") split and folded.
    pub fn new(text: &str) -> Expression {
        Expression {
            term: phrase_term(text),
            keys: PhraseKeys::of(text),
        }
    }

    /// The expression a multiword term stands for when its keys are its
    /// parts ("call_off": ["call", "off"]), as most are.
    pub fn of_parts(term: &str) -> Expression {
        Expression {
            term: term.to_string(),
            keys: PhraseKeys {
                keys: term.split('_').map(str::to_string).collect(),
                capitals_only: false,
            },
        }
    }

    /// True when the keys are the term's parts (almost always: "call_off"
    /// and ["call", "off"]), so the packed form need not repeat them.
    fn keys_are_term_parts(&self) -> bool {
        let mut parts = self.term.split('_');
        self.keys.keys.iter().all(|k| !k.is_empty() && !k.contains('_') && parts.next() == Some(k.as_str()))
            && parts.next().is_none()
    }
}

impl Pack for Expression {
    fn pack(&self, out: &mut Vec<u8>) {
        self.term.pack(out);
        self.keys.capitals_only.pack(out);
        let keys = (!self.keys_are_term_parts()).then_some(&self.keys.keys);
        keys.cloned().pack(out);
    }
    fn unpack(r: &mut Reader) -> Option<Expression> {
        let mut expression = Expression::of_parts(&String::unpack(r)?);
        expression.keys.capitals_only = bool::unpack(r)?;
        if let Some(keys) = Option::<Vec<String>>::unpack(r)? {
            expression.keys.keys = keys;
        }
        Some(expression)
    }
}

/// The most words a multiword expression of a claim is looked up with.
const MAX_PHRASE_WORDS: usize = 3;

impl Meaning {
    /// The table for `claims`: every word of their texts (and every run of
    /// two or three words the thesaurus knows as one expression) looked up.
    pub fn build(claims: &[Claim], thesaurus: &dyn Thesaurus) -> Meaning {
        let mut best: HashMap<(String, String), f32> = HashMap::default();
        let mut phrases: Vec<String> = Vec::new();
        let mut looked_up: HashMap<String, Vec<(String, f32)>> = HashMap::default();
        for claim in claims {
            for t in claim.match_texts() {
                let words: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                for i in 0..words.len() {
                    for n in 1..=MAX_PHRASE_WORDS.min(words.len() - i) {
                        let span = words[i..i + n].join(" ");
                        if n == 1 && lexicon::is_stopword(&span) {
                            continue;
                        }
                        let related = looked_up
                            .entry(span.clone())
                            .or_insert_with(|| thesaurus.related(&span))
                            .clone();
                        if related.is_empty() {
                            continue;
                        }
                        let target = phrase_term(&span);
                        if n > 1 {
                            phrases.push(span.clone());
                        }
                        for (word, weight) in related {
                            if word.contains(' ') {
                                phrases.push(word.clone());
                            }
                            let term = phrase_term(&word);
                            if term.is_empty() || term == target {
                                continue;
                            }
                            let slot = best.entry((term, target.clone())).or_insert(0.0);
                            *slot = slot.max(weight);
                        }
                    }
                }
            }
        }
        let mut related: Vec<Related> = best
            .into_iter()
            .map(|((term, target), w)| Related {
                term,
                target,
                weight: (w.clamp(0.0, 1.0) * 255.0).round() as u8,
            })
            .collect();
        crate::sorting::sort_by(&mut related, |a, b| (&a.term, &a.target).cmp(&(&b.term, &b.target)));
        let mut phrases: Vec<Expression> = phrases.iter().map(|p| Expression::new(p)).collect();
        crate::sorting::sort(&mut phrases);
        phrases.dedup();
        Meaning { related, phrases }
    }

    /// How many related terms the table holds.
    pub fn len(&self) -> usize {
        self.related.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.related.is_empty()
    }
}

/// The term a word or expression folds to: one word's canonical term, or
/// the words' terms joined by `_` ("call_off").
pub fn phrase_term(words: &str) -> String {
    let parts: Vec<String> = words
        .split_whitespace()
        .map(|w| lexicon::canonical(&text::fold::fold(w)))
        .collect();
    if parts.len() == 1 {
        return if lexicon::is_stopword(words) { String::new() } else { parts[0].clone() };
    }
    parts.join("_")
}

/// The phrases text is split with: every entity's names and aliases (to
/// its entity term), its references (to its reference term), and the
/// table's multiword expressions.
pub fn phrase_table(entities: &[Entity], meaning: &Meaning) -> PhraseTable {
    let mut table = PhraseTable::default();
    for p in &meaning.phrases {
        table.add_keys(&p.keys, &p.term);
    }
    add_entity_phrases(&mut table, entities);
    table
}

/// Adds every entity's names and aliases (to its entity term) and its
/// references (to its reference term) to `table`.
pub fn add_entity_phrases(table: &mut PhraseTable, entities: &[Entity]) {
    for (i, e) in entities.iter().enumerate() {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            table.add(name, &entity_term(i));
        }
        for r in &e.references {
            table.add(r, &reference_term(i));
        }
    }
}

/// A claim text's terms: references resolve to their entity (a database
/// is about its own entities).
pub fn claim_terms(text: &str, phrases: &PhraseTable) -> Vec<String> {
    text::terms_with(text, phrases)
        .into_iter()
        .map(|t| match entity_of(&t.text) {
            Some((i, true)) => entity_term(i),
            _ => t.text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tiny;
    impl Thesaurus for Tiny {
        fn related(&self, words: &str) -> Vec<(String, f32)> {
            match words {
                "cancelled" => vec![("call off".into(), 0.9), ("scrub".into(), 0.9)],
                "built" => vec![("construct".into(), 0.9), ("produce".into(), 0.5)],
                _ => vec![],
            }
        }
    }

    #[test]
    fn related_words_point_at_the_claims_terms() {
        let claim = Claim {
            id: "a".into(),
            claim_reviewed: "Washington cancelled the drills it built".into(),
            ..Claim::default()
        };
        let m = Meaning::build(&[claim], &Tiny);
        let has = |term: &str, target: &str| m.related.iter().any(|r| r.term == term && r.target == target);
        assert!(has("call_off", &phrase_term("cancelled")));
        assert!(has(&phrase_term("constructed"), &phrase_term("built")));
        assert_eq!(m.phrases, [Expression::new("call off")]);
        assert_eq!(m.phrases[0].term, "call_off");
        assert_eq!(m.phrases[0].keys.keys, ["call", "off"]);
        let w = m.related.iter().find(|r| r.term == phrase_term("produce")).unwrap().weight;
        assert_eq!(w, 128);
    }

    #[test]
    fn expressions_read_back_split_as_they_were_written() {
        // The keys are the term's parts: not repeated in the bytes.
        let plain = Expression::new("call off");
        // "dozen" folds to 12 in the term, not in the keys: kept.
        let folded = Expression::new("half a dozen");
        assert_eq!(folded.term, "half_a_12");
        assert_eq!(folded.keys.keys, ["half", "a", "dozen"]);
        for e in [&plain, &folded] {
            let bytes = crate::pack::to_bytes(b"E", e);
            assert_eq!(crate::pack::from_bytes::<Expression>(b"E", &bytes).as_ref(), Some(e));
        }
        let size = |e: &Expression| crate::pack::to_bytes(b"", e).len();
        assert!(size(&plain) < plain.term.len() + 4, "{} bytes", size(&plain));
        // A flag that is neither 0 nor 1 is damage.
        let mut bytes = crate::pack::to_bytes(b"E", &plain);
        bytes[1 + 1 + plain.term.len()] = 7;
        assert_eq!(crate::pack::from_bytes::<Expression>(b"E", &bytes), None);
    }

    #[test]
    fn entities_fold_names_and_references() {
        let e = Entity {
            id: "#nk".into(),
            name: "North Korea".into(),
            aliases: vec!["DPRK".into(), "Pyongyang".into()],
            references: vec!["the regime".into()],
            ..Entity::default()
        };
        let table = phrase_table(&[e], &Meaning::default());
        assert_eq!(claim_terms("The regime refused", &table), ["@e0", "refus"]);
        let sel: Vec<String> = text::terms_with("The regime refused", &table).into_iter().map(|t| t.text).collect();
        assert_eq!(sel, ["@r0", "refus"], "a selection keeps the reference for its page to resolve");
        assert_eq!(entity_of("@r0"), Some((0, true)));
        assert_eq!(entity_of("regime"), None);
    }
}
