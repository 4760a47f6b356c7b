//! Looking a selection's terms up in the index: known terms, words glued
//! together by scraped markup, and typos one edit away; then the candidate
//! claim texts that share weighted terms with the selection.

use super::index::split_glued;
use super::meaning::entity_of;
use super::{Actors, Matcher, PageContext, SelTerm, TermKind, FUZZY, NEUTRAL_REFERENCE};
use crate::text::{lexicon, Term};
use crate::hash::FxHashMap as HashMap;

/// A word written as a name (capitalised, or in capitals), that is not a
/// number or a month or weekday: "Caracas", "EU", "Venezuelan".
fn is_name_like(t: &Term) -> bool {
    (t.shape.capitalised || t.shape.all_caps)
        && !is_dated(&t.text)
        && !lexicon::is_calendar_word(&crate::text::stem(&t.text))
}

/// A term that is a number, or a month or weekday ("2019", "February",
/// "Monday"): the term is the stem the calendar check knows ("februari").
/// An entity's term ("@e12") is never a date, digit or not.
pub(super) fn is_dated(term: &str) -> bool {
    lexicon::is_calendar_word(term) || (term.bytes().any(|b| b.is_ascii_digit()) && entity_of(term).is_none())
}

/// The quantity a term states when it is a count, in thousandths: digits
/// (the tokeniser writes number words as digits: "six" is "6"), with a
/// thousands comma or a decimal point, and not a year (1900–2099: "the
/// 2018 summit"). Read by hand: the standard library's float parser would
/// bring its tables into the wasm (about 12 KB gzipped).
pub(super) fn count_of(term: &str) -> Option<u64> {
    let (mut units, mut decimals, mut digits) = (0u64, None::<u32>, 0);
    for b in term.bytes() {
        match b {
            b'0'..=b'9' if decimals.is_none_or(|d| d < 3) => {
                units = units.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
                decimals = decimals.map(|d| d + 1);
            }
            // Decimals past the thousandth are dropped.
            b'0'..=b'9' => {}
            b',' if decimals.is_none() => {}
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
    }
    let year = term.len() == 4 && decimals.is_none() && (1900..2100).contains(&units);
    if digits == 0 || year {
        return None;
    }
    (decimals.unwrap_or(0)..3).try_fold(units, |v, _| v.checked_mul(10))
}

impl Matcher {
    /// Looks each selection term up: known (and what it is related to),
    /// glued, one typo away, or unknown; then resolves references to the
    /// database's entities by what the page, or the selection itself, is
    /// about. Returns the terms and what they say about the actors.
    pub(super) fn resolve(&self, terms: &[Term], page: &PageContext) -> (Vec<SelTerm>, Actors) {
        // Typo and stopword-typo lookups cost far more than exact ones; a
        // text with fewer than two exactly known terms cannot reach the
        // threshold through one typo, so it skips them (most sentences of a
        // page that states no claim).
        let known_ids: Vec<Option<u32>> = terms.iter().map(|t| self.vocab.get(&t.text).copied()).collect();
        let look_for_typos = known_ids.iter().flatten().count() >= 2;
        let mut out = Vec::with_capacity(terms.len());
        let mut actors = Actors::default();
        let mut references = Vec::new();
        for (t, &known) in terms.iter().zip(&known_ids) {
            // Read from the build's table for a known term (most of them).
            let dated = match known {
                Some(id) => self.dated_terms[id as usize],
                None => is_dated(&t.text),
            };
            let term = |ids: Vec<(u32, f32)>, weight: f32, kind: TermKind| SelTerm {
                ids,
                weight,
                start: t.start,
                end: t.end,
                kind,
                dated,
                count: if dated { count_of(&t.text) } else { None },
            };
            if let Some((e, is_reference)) = entity_of(&t.text) {
                if is_reference {
                    references.push((out.len(), e));
                } else {
                    actors.named.push(e);
                    actors.named_at.push((e, t.start));
                }
                let id = self.entity_ids.get(e).copied().flatten();
                let kind = if is_reference { TermKind::Reference } else { TermKind::Entity };
                out.push(match id {
                    Some(id) => term(vec![(id, 1.0)], self.idf[id as usize], kind),
                    None => term(Vec::new(), self.unknown_weight, kind),
                });
                continue;
            }
            let mut ids: Vec<(u32, f32)> = Vec::new();
            if let Some(id) = known {
                ids.push((id, 1.0));
            }
            if let Some(related) = self.related.get(&t.text) {
                for &(id, f) in related {
                    if !ids.iter().any(|&(x, _)| x == id) {
                        ids.push((id, f));
                    }
                }
            }
            if !ids.is_empty() {
                let weight = ids.iter().map(|&(id, f)| self.idf[id as usize] * f).fold(0.0, f32::max);
                out.push(term(ids, weight, TermKind::Word));
                continue;
            }
            if let Some(parts) = split_glued(&t.text, |p| self.vocab.contains_key(p), false) {
                out.extend(parts.iter().map(|p| {
                    let id = self.vocab[p];
                    term(vec![(id, 1.0)], self.idf[id as usize], TermKind::Glued)
                }));
                continue;
            }
            let fuzzy = if look_for_typos {
                self.one_edit_away(&t.text)
            } else {
                Vec::new()
            };
            if look_for_typos && fuzzy.is_empty() && lexicon::is_misspelt_stopword(&t.text) {
                continue;
            }
            if fuzzy.is_empty() && is_name_like(t) {
                actors.foreign = true;
                actors.foreign_at.push(t.start);
            }
            let weight = fuzzy
                .iter()
                .map(|&id| self.idf[id as usize])
                .fold(None, |m: Option<f32>, w| Some(m.map_or(w, |m| m.max(w))))
                .unwrap_or(self.unknown_weight);
            let kind = if fuzzy.is_empty() { TermKind::Word } else { TermKind::Typo };
            out.push(term(fuzzy.into_iter().map(|id| (id, FUZZY)).collect(), weight, kind));
        }
        // "The regime": its entity when the page (or the selection) is
        // about it; a conflict when either names something else; neither,
        // it may be the entity, at a discount.
        let about = |e: usize| {
            page.about.get(e).copied().unwrap_or(false) || actors.named.iter().any(|&n| n == e || self.affiliated[n].contains(&e))
        };
        let foreign = page.foreign || actors.foreign;
        let mut present = actors.named.clone();
        for (at, e) in references {
            let factor = if about(e) {
                1.0
            } else if foreign {
                actors.conflicting_reference = true;
                0.0
            } else {
                NEUTRAL_REFERENCE
            };
            if factor > 0.0 {
                present.push(e);
            }
            if factor == 0.0 {
                out[at].ids.clear();
            } else {
                for id in &mut out[at].ids {
                    id.1 = factor;
                }
            }
        }
        for i in 0..present.len() {
            let e = present[i];
            present.extend(self.affiliated[e].iter().copied());
        }
        crate::sorting::sort(&mut present);
        present.dedup();
        actors.present = present;
        actors.page = page.clone();
        (out, actors)
    }

    /// What a page is about, from its text (title, headings, body): the
    /// database's entities it names, and whether it names something the
    /// database does not know.
    pub fn page_context(&self, page: &str) -> PageContext {
        let mut context = PageContext {
            about: vec![false; self.entities.len()],
            foreign: false,
        };
        for t in crate::text::terms_with(page, &self.phrases) {
            match entity_of(&t.text) {
                Some((e, false)) => {
                    context.about[e] = true;
                    for &a in &self.affiliated[e] {
                        context.about[a] = true;
                    }
                }
                Some((_, true)) => {}
                None => {
                    let known = self.vocab.contains_key(&t.text) || self.related.contains_key(&t.text);
                    if !known && is_name_like(&t) {
                        context.foreign = true;
                    }
                }
            }
        }
        context
    }

    /// Vocabulary terms one insertion, deletion, substitution or adjacent
    /// transposition away from `term` (terms of five letters or more).
    fn one_edit_away(&self, term: &str) -> Vec<u32> {
        if term.chars().count() < 5 || term.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        let deletes = self.deletes.get_or_init(|| {
            let mut deletes: HashMap<String, Vec<u32>> = HashMap::default();
            for (term, &id) in &self.vocab {
                if term.chars().count() >= 5 && !term.bytes().any(|b| b.is_ascii_digit()) {
                    for d in deletions(term) {
                        deletes.entry(d).or_default().push(id);
                    }
                }
            }
            deletes
        });
        let mut ids: Vec<u32> = deletes.get(term).cloned().unwrap_or_default();
        for d in deletions(term) {
            if let Some(&id) = self.vocab.get(&d) {
                ids.push(id);
            }
            if let Some(more) = deletes.get(&d) {
                ids.extend(more);
            }
        }
        crate::sorting::sort(&mut ids);
        ids.dedup();
        ids
    }

    /// The `n` candidate texts sharing the most weight with the selection,
    /// heaviest first.
    pub(super) fn candidates(&self, sel: &[SelTerm], n: usize) -> Vec<u32> {
        let mut seen: Vec<u32> = sel
            .iter()
            .flat_map(|s| s.ids.iter().map(|&(id, _)| id))
            .collect();
        crate::sorting::sort(&mut seen);
        seen.dedup();
        // Summed in a dense array (one slot per text), not a hash map.
        let mut acc = vec![0.0f32; self.texts.len()];
        let mut touched: Vec<u32> = Vec::new();
        for id in seen {
            let w = self.idf[id as usize];
            for &ti in &self.postings[id as usize] {
                if acc[ti as usize] == 0.0 {
                    touched.push(ti);
                }
                acc[ti as usize] += w;
            }
        }
        // The `n` best, best first, kept in order as they come (most
        // touched texts never enter): sorting them all took a sixth of
        // annotating a page.
        let better = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut best: Vec<(u32, f32)> = Vec::with_capacity(n + 1);
        for ti in touched {
            let cand = (ti, acc[ti as usize] / self.text_weights[ti as usize].max(1e-6).sqrt());
            if best.len() == n && best.last().is_none_or(|last| better(&cand, last).is_ge()) {
                continue;
            }
            let at = best.partition_point(|b| better(b, &cand).is_lt());
            best.insert(at, cand);
            best.truncate(n);
        }
        best.into_iter().map(|(ti, _)| ti).collect()
    }

}


/// Every string made by deleting one character of `term`.
fn deletions(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    (0..chars.len())
        .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::count_of;

    #[test]
    fn counts_are_read_and_years_are_not_counts() {
        for (term, count) in [
            ("6", Some(6_000)),
            ("60", Some(60_000)),
            ("1,000", Some(1_000_000)),
            ("2.5", Some(2_500)),
            ("0.1234", Some(123)),
            // Years, and what is not a number.
            ("2018", None),
            ("1950", None),
            ("", None),
            ("6a", None),
            ("1.2.3", None),
            (",", None),
        ] {
            assert_eq!(count_of(term), count, "{term:?}");
        }
        // A four-digit count outside the years is a count.
        assert_eq!(count_of("3000"), Some(3_000_000));
    }
}
