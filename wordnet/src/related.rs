//! Related words for a whole vocabulary: the table the widget's build
//! derives from WordNet ("which English words mean nearly the same as this
//! database term"), kept small by using only frequent senses.

use super::*;

impl WordNet {
    /// For each target word (a database's vocabulary, as plain English
    /// words), the English words WordNet relates to it, with a kind and a
    /// weight in 0..1 (see [`RelatedOptions`]): synonyms of frequent senses
    /// weigh most, then derivations and pertainyms, then direct hypernyms
    /// and hyponyms, then similar-to and also-see.
    ///
    /// Only frequent senses are used, so the result stays small: see
    /// [`RelatedOptions::max_senses`] and [`RelatedOptions::min_sense_share`].
    /// The result maps each target to its related words, best first; a word
    /// that is also a target itself is still listed (the caller decides).
    pub fn related_words(
        &self,
        targets: &[&str],
        opts: &RelatedOptions,
    ) -> BTreeMap<String, Vec<RelatedWord>> {
        let mut out = BTreeMap::new();
        for &target in targets {
            let key = index_form(target);
            let mut found: HashMap<String, RelatedWord> = HashMap::new();
            let mut add = |word: &str, kind: RelationKind, weight: f32| {
                if word == key || (!opts.multiword && (word.contains('_') || word.contains('-'))) {
                    return;
                }
                let e = found.entry(word.to_string()).or_insert(RelatedWord {
                    word: word.to_string(),
                    kind,
                    weight: 0.0,
                });
                if weight > e.weight {
                    e.weight = weight;
                    e.kind = kind;
                }
            };
            for (pos, senses) in self.frequent_senses(&key, opts) {
                let _ = pos;
                for (sense, sense_factor) in senses {
                    let syn = &sense.synset;
                    let word_no = syn.word_number(&sense.lemma).unwrap_or(0);
                    for l in syn.lemmas() {
                        if self.common_enough(l, syn.id, opts) {
                            add(l, RelationKind::Synonym, opts.weights.synonym * sense_factor);
                        }
                    }
                    let mut hyponyms = 0;
                    for p in &syn.pointers {
                        let (kind, base) = match p.relation {
                            Relation::Derivation => {
                                (RelationKind::Derivation, opts.weights.derivation)
                            }
                            Relation::Pertainym => (RelationKind::Pertainym, opts.weights.pertainym),
                            Relation::Hypernym | Relation::InstanceHypernym => {
                                (RelationKind::Hypernym, opts.weights.hypernym)
                            }
                            Relation::Hyponym | Relation::InstanceHyponym => {
                                (RelationKind::Hyponym, opts.weights.hyponym)
                            }
                            Relation::SimilarTo => (RelationKind::SimilarTo, opts.weights.similar),
                            Relation::AlsoSee => (RelationKind::AlsoSee, opts.weights.also_see),
                            _ => continue,
                        };
                        if base <= 0.0 {
                            continue;
                        }
                        // A lexical pointer leaves from one word of the synset.
                        if p.source_word != 0 && p.source_word != word_no {
                            continue;
                        }
                        let Some(t) = self.synset(p.target) else {
                            continue;
                        };
                        if kind == RelationKind::Hyponym && hyponyms >= opts.max_hyponyms {
                            continue;
                        }
                        let mut any = false;
                        for (i, w) in t.words.iter().enumerate() {
                            if p.target_word != 0 && i + 1 != p.target_word as usize {
                                continue;
                            }
                            if self.common_enough(&w.lemma, t.id, opts) {
                                add(&w.lemma, kind, base * sense_factor);
                                any = true;
                            }
                        }
                        if any && kind == RelationKind::Hyponym {
                            hyponyms += 1;
                        }
                    }
                }
            }
            let mut list: Vec<RelatedWord> = found
                .into_values()
                .filter(|r| r.weight >= opts.min_weight)
                .collect();
            list.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.word.cmp(&b.word)));
            out.insert(target.to_string(), list);
        }
        out
    }

    /// The senses of a target that [`WordNet::related_words`] uses, per part
    /// of speech, each with its factor (1 for the first sense, less for
    /// later ones in proportion to their tag counts).
    fn frequent_senses(&self, key: &str, opts: &RelatedOptions) -> Vec<(Pos, Vec<(Sense, f32)>)> {
        let per_pos: Vec<(Pos, Vec<Sense>)> = Pos::ALL
            .iter()
            .map(|&pos| (pos, self.senses(key, pos)))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        let pos_total: Vec<u32> = per_pos
            .iter()
            .map(|(_, s)| s.iter().map(|x| x.tag_count).sum())
            .collect();
        let all: u32 = pos_total.iter().sum();
        let mut out = Vec::new();
        for ((pos, senses), &total) in per_pos.into_iter().zip(&pos_total) {
            // A part of speech the word is rarely used in is left out (when
            // the counts say so; without counts every part of speech stays).
            if all > 0 && (total as f32) < opts.min_pos_share * all as f32 {
                continue;
            }
            let first = senses.first().map_or(0, |s| s.tag_count).max(1);
            let mut kept = Vec::new();
            for (i, s) in senses.into_iter().enumerate() {
                if i >= opts.max_senses {
                    break;
                }
                let share = if total > 0 {
                    s.tag_count as f32 / total as f32
                } else {
                    0.0
                };
                if i > 0 && share < opts.min_sense_share {
                    continue;
                }
                let factor = if i == 0 {
                    1.0
                } else {
                    (s.tag_count as f32 / first as f32).clamp(0.5, 1.0) * opts.later_sense_factor
                };
                kept.push((s, factor));
            }
            out.push((pos, kept));
        }
        out
    }

    /// Whether a related lemma is common enough to list: with
    /// [`RelatedOptions::tagged_only`], its own sense in that synset must
    /// have been tagged at least once.
    fn common_enough(&self, lemma: &str, id: SynsetId, opts: &RelatedOptions) -> bool {
        if !opts.tagged_only || !self.has_tag_counts {
            return true;
        }
        self.sense_number(lemma, id)
            .is_some_and(|n| self.tag_count(lemma, id.pos, n) > 0)
    }
}

/// How a related word relates to its target, for [`WordNet::related_words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    Synonym,
    Derivation,
    Pertainym,
    Hypernym,
    Hyponym,
    SimilarTo,
    AlsoSee,
}

impl RelationKind {
    /// Every kind, in the order of the compact table's kind numbers.
    pub const ALL: [RelationKind; 7] = [
        RelationKind::Synonym,
        RelationKind::Derivation,
        RelationKind::Pertainym,
        RelationKind::Hypernym,
        RelationKind::Hyponym,
        RelationKind::SimilarTo,
        RelationKind::AlsoSee,
    ];

    /// A short name ("syn", "der", ...).
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Synonym => "syn",
            RelationKind::Derivation => "der",
            RelationKind::Pertainym => "per",
            RelationKind::Hypernym => "hyper",
            RelationKind::Hyponym => "hypo",
            RelationKind::SimilarTo => "sim",
            RelationKind::AlsoSee => "also",
        }
    }

    /// The kind's number in the compact table (0..7).
    pub fn number(self) -> u8 {
        RelationKind::ALL.iter().position(|&k| k == self).unwrap_or(0) as u8
    }
}

/// One related word found by [`WordNet::related_words`].
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedWord {
    /// In index form ("nuclear_weapon").
    pub word: String,
    pub kind: RelationKind,
    /// In 0..1: the kind's weight times the sense's factor.
    pub weight: f32,
}

/// The weight of each kind of relation in [`WordNet::related_words`]
/// (0 leaves the kind out).
#[derive(Debug, Clone, PartialEq)]
pub struct KindWeights {
    pub synonym: f32,
    pub derivation: f32,
    pub pertainym: f32,
    pub hypernym: f32,
    pub hyponym: f32,
    pub similar: f32,
    pub also_see: f32,
}

impl Default for KindWeights {
    /// Synonym 0.9 > derivation 0.75 = pertainym > hypernym 0.55 = hyponym
    /// > similar-to 0.45 = also-see.
    fn default() -> Self {
        KindWeights {
            synonym: 0.9,
            derivation: 0.75,
            pertainym: 0.75,
            hypernym: 0.55,
            hyponym: 0.55,
            similar: 0.45,
            also_see: 0.45,
        }
    }
}

/// Pruning for [`WordNet::related_words`].
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedOptions {
    /// At most this many senses per part of speech (sense 1 first).
    pub max_senses: usize,
    /// A sense after the first is used only if it holds at least this share
    /// of the part of speech's tagged occurrences.
    pub min_sense_share: f32,
    /// A part of speech is used only if it holds at least this share of the
    /// word's tagged occurrences (when it has any).
    pub min_pos_share: f32,
    /// Factor for senses after the first (times their count relative to
    /// the first, clamped to 0.5..1).
    pub later_sense_factor: f32,
    /// Only list related lemmas whose own sense in that synset was tagged
    /// at least once (drops rare synonyms such as "atomic_weapon"'s
    /// "nuke" or "A-bomb"; needs tag counts).
    pub tagged_only: bool,
    /// At most this many hyponym synsets per sense.
    pub max_hyponyms: usize,
    /// Keep multiword lemmas ("call_off", "face-to-face").
    pub multiword: bool,
    /// Drop related words below this weight.
    pub min_weight: f32,
    pub weights: KindWeights,
}

impl Default for RelatedOptions {
    fn default() -> Self {
        RelatedOptions {
            max_senses: 2,
            min_sense_share: 0.2,
            min_pos_share: 0.1,
            later_sense_factor: 0.85,
            tagged_only: true,
            max_hyponyms: 8,
            multiword: true,
            min_weight: 0.0,
            weights: KindWeights::default(),
        }
    }
}

