//! Claims stated beside one another: a name that one shown claim reads as
//! its own is no swap for a claim stated word for word beside it.
//!
//! A sentence often states several claims. "Kim has benefited from Trump
//! constraining efforts to enforce … sanctions, canceling several allied
//! military exercises, which has put deterrence and defense capabilities
//! at risk, and … embracing Kim, who …" holds five of the article's. The
//! exercise claims are about South Korea, which the sentence does not
//! name, and it names Kim: alone, that is another actor in their place
//! (a swap). Here Kim belongs to the claims around them.
//!
//! So a name a shown claim aligned is spoken for; a claim text refused
//! for such a name is read again without the shown claims' names, and
//! shown only when the selection states that text word for word (more
//! than [`SHORT_TEXT_TERMS`] terms), outside the shown claims' spans. For
//! a rewording the refusal stands: a version that let any claim over the
//! threshold back in added a wrong claim to one result of the report half
//! of the labelled set.

use super::{by_score, Actors, Match, Matcher, SelTerm, TermKind, SHORT_TEXT_TERMS};
use crate::text;

impl Actors {
    /// The same actors without the names one of `shown` aligned (it reads
    /// them as its own).
    pub(super) fn without_names_read_by(&self, shown: &[Match]) -> Actors {
        let mut rest = self.clone();
        rest.named_at.retain(|(_, at)| !shown.iter().any(|m| m.aligned.contains(at)));
        rest
    }
}

impl Matcher {
    /// `shown`, what the selection shows, with any claim stated word for
    /// word beside them that was refused (`swaps`: claim texts, and where
    /// the name that refused each stands) only for a name one of them
    /// reads as its own. Best first. The selection is read again only
    /// when there is such a claim (rarely).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn with_claims_stated_beside(
        &self,
        selection: &str,
        terms: &[text::Term],
        sel: &[SelTerm],
        actors: &Actors,
        floor: f32,
        mut shown: Vec<Match>,
        swaps: &[(u32, u32)],
    ) -> Vec<Match> {
        let mut stated: Vec<(usize, (u32, u32))> = Vec::new();
        for &(ti, at) in swaps {
            let claim = self.texts[ti as usize].claim as usize;
            // A text refused in the whole selection and again in a clause
            // is listed twice; the first text found said of a claim is its
            // span.
            let spoken_for = shown.iter().any(|m| m.aligned.contains(&at));
            let known = shown.iter().any(|m| m.claim == claim) || stated.iter().any(|q| q.0 == claim);
            if spoken_for && !known {
                if let Some(span) = self.stated_at(terms, sel, ti) {
                    stated.push((claim, span));
                }
            }
        }
        if stated.is_empty() {
            return shown;
        }
        let (more, _) = self.find_resolved(selection, sel, &actors.without_names_read_by(&shown), floor);
        for m in more {
            let Some(&(_, (start, end))) = stated.iter().find(|q| q.0 == m.claim) else { continue };
            let apart = !shown.iter().any(|s| m.start < s.end && s.start < m.end);
            if apart && start <= m.start && m.end <= end {
                shown.push(m);
            }
        }
        crate::sorting::sort_by(&mut shown, by_score);
        shown
    }

    /// Where the selection (its `terms`, resolved as `sel`) states claim
    /// text `ti` word for word: its terms in a row, with nothing dropped
    /// between them (a misspelt stopword), each the same word (or a
    /// reference to the same entity), not a related word, a typo or half
    /// a glued word. `None` for a short text, of at most
    /// [`SHORT_TEXT_TERMS`] terms ("That is welcome news" said word for
    /// word is still said of many things).
    fn stated_at(&self, terms: &[text::Term], sel: &[SelTerm], ti: u32) -> Option<(u32, u32)> {
        let text = &self.texts[ti as usize].terms;
        if text.len() <= SHORT_TEXT_TERMS {
            return None;
        }
        let says = |s: &SelTerm, id: u32| {
            matches!(s.kind, TermKind::Word | TermKind::Entity | TermKind::Reference)
                && s.ids.iter().any(|&(x, f)| x == id && (f >= 1.0 || s.kind == TermKind::Reference))
        };
        let in_a_row = |w: &[SelTerm]| {
            let (start, end) = (w[0].start, w[w.len() - 1].end);
            terms.iter().filter(|t| t.start >= start && t.end <= end).count() == w.len()
        };
        sel.windows(text.len())
            .find(|w| w.iter().zip(text).all(|(s, &id)| says(s, id)) && in_a_row(w))
            .map(|w| (w[0].start, w[text.len() - 1].end))
    }
}
