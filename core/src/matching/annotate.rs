//! Annotation: every claim stated in running text, with the span to mark.

use super::{Annotation, Matcher, PageContext};
use crate::text;

impl Matcher {
    /// Every claim stated in `text`, judged without a page (see
    /// [`Matcher::annotate_on`]).
    pub fn annotate(&self, text: &str) -> Vec<Annotation> {
        self.annotate_on(text, &PageContext::default())
    }

    /// Every claim stated in `text` on a page, with the span to mark: each
    /// sentence is matched on its own (as a selection of it would be), and
    /// where two found claims overlap only the better scoring one is kept.
    /// Spans are in UTF-16 code units of `text`, in order.
    pub fn annotate_on(&self, text: &str, page: &PageContext) -> Vec<Annotation> {
        let mut found: Vec<Annotation> = Vec::new();
        for (offset, sentence) in text::sentences(text) {
            let Some(terms) = self.selection_terms(sentence) else { continue };
            let matches = self.find_terms(sentence, &terms, page);
            if matches.is_empty() {
                continue;
            }
            // A match from the sentence's first word marks from its start,
            // not from the first word that carries meaning ("Since the …").
            let first_term = terms.first().map_or(0, |t| t.start);
            let leading = sentence
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf16)
                .sum::<usize>() as u32;
            for m in matches {
                let start = if m.start == first_term {
                    leading
                } else {
                    m.start
                };
                found.push(Annotation {
                    claim: m.claim,
                    score: m.score,
                    start: offset + start,
                    end: offset + m.end,
                });
            }
        }
        crate::sorting::sort_by(&mut found, |a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
        let mut kept: Vec<Annotation> = Vec::new();
        for a in found {
            let overlaps = kept.iter().any(|k| a.start < k.end && k.start < a.end);
            let repeated = kept
                .iter()
                .any(|k| k.claim == a.claim && k.start == a.start);
            if !overlaps && !repeated {
                kept.push(a);
            }
        }
        crate::sorting::sort_by_key(&mut kept, |a| a.start);
        kept
    }
}
