//! One ClaimReview record (JSON-LD, as loosely typed as schema.org allows)
//! into a [`Claim`]. This is the lenient reading every database gets:
//! a record the widget cannot show is an error; anything else is kept, with
//! unsafe links dropped and over-long fields cut, each repair reported as a
//! warning. The editorial rules are a separate layer on top
//! ([`super::rules`]).

use super::error::{Problem, RecordError, Warning};
use crate::json::Json;
use crate::model::{is_http_url, Claim, ClaimKind, Entity, EntityKind, Source, Verdict};

/// The longest string any field may hold; longer text is cut (lenient) or
/// rejected (editorial), so a hostile database cannot flood the popover.
pub const MAX_FIELD_CHARS: usize = 4_000;
/// The longest name (reviewer, claim author, source title…), id or date kept.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest verdict label kept.
pub const MAX_LABEL_CHARS: usize = 60;
/// The most variants kept for one claim.
pub const MAX_VARIANTS: usize = 16;
/// The most sources kept for one claim.
pub const MAX_SOURCES: usize = 12;

/// The schema.org and ClaimLens field names the reader knows, each once.
pub(crate) mod field {
    pub const TYPE: &str = "@type";
    pub const AT_ID: &str = "@id";
    pub const ID: &str = "id";
    pub const IDENTIFIER: &str = "identifier";
    pub const URL: &str = "url";
    pub const DATE_PUBLISHED: &str = "datePublished";
    pub const AUTHOR: &str = "author";
    pub const NAME: &str = "name";
    pub const CLAIM_REVIEWED: &str = "claimReviewed";
    pub const REVIEW_RATING: &str = "reviewRating";
    pub const RATING_VALUE: &str = "ratingValue";
    pub const BEST_RATING: &str = "bestRating";
    pub const WORST_RATING: &str = "worstRating";
    pub const ALTERNATE_NAME: &str = "alternateName";
    pub const ITEM_REVIEWED: &str = "itemReviewed";
    pub const APPEARANCE: &str = "appearance";
    pub const TEXT: &str = "text";
    pub const ABOUT: &str = "about";
    pub const REVIEW_BODY: &str = "reviewBody";
    pub const CITATION: &str = "citation";
    pub const PUBLISHER: &str = "publisher";
    pub const QUOTE: &str = "quote";
    pub const KIND: &str = "kind";
    pub const CONTEXT: &str = "context";
    pub const SOURCES: &str = "sources";
    pub const VARIANTS: &str = "variants";
    pub const TITLE: &str = "title";
    pub const DATE: &str = "date";
    /// ClaimLens's own field on an entity: references that need the page.
    pub const REFERENCES: &str = "references";
    pub const AFFILIATION: &str = "affiliation";
    pub const MEMBER_OF: &str = "memberOf";
    pub const NATIONALITY: &str = "nationality";
    pub const CONTAINED_IN_PLACE: &str = "containedInPlace";
}

/// A record read into a claim, with the repairs made on the way.
#[derive(Debug, Clone)]
pub struct ReadRecord {
    /// The claim.
    pub claim: Claim,
    /// Entities described inline in the record's `about`.
    pub entities: Vec<Entity>,
    /// What was changed to make it usable.
    pub warnings: Vec<Warning>,
}

/// Reads a record at position `index` (from 0). Fails only when the record
/// cannot become a claim a reader could be shown.
pub fn read_record(rec: &Json, index: usize) -> Result<ReadRecord, RecordError> {
    let mut r = Reader {
        rec,
        record: index + 1,
        id: None,
        warnings: Vec::new(),
    };
    if !rec.is_object() {
        return Err(r.error("", Problem::NotAnObject(rec.kind())));
    }
    r.id = explicit_id(rec).map(|s| bounded(s, MAX_NAME_CHARS));
    if let Some(t) = rec.get(field::TYPE) {
        if !is_claim_review(rec) {
            let first = t.one_or_many().first().and_then(Json::as_str).unwrap_or("");
            return Err(r.error(field::TYPE, Problem::NotClaimReview(first.into())));
        }
    }

    let item = rec.get(field::ITEM_REVIEWED);
    let quote = r.text(field::QUOTE, MAX_FIELD_CHARS).or_else(|| {
        item.and_then(|i| r.text_in(i, field::TEXT, "itemReviewed.text", MAX_FIELD_CHARS))
    });
    let claim_reviewed = match (r.text(field::CLAIM_REVIEWED, MAX_FIELD_CHARS), &quote) {
        (Some(c), _) => c,
        (None, Some(q)) => q.clone(),
        (None, None) => return Err(r.error("", Problem::NothingToMatch)),
    };
    let review_url = r.text(field::URL, MAX_FIELD_CHARS);
    let review_url = r.http_only(field::URL, review_url);
    let id = r.id.clone().unwrap_or_else(|| {
        rec.get(field::AT_ID)
            .and_then(Json::as_str)
            .or(review_url.as_deref())
            .map(|i| bounded(i, MAX_NAME_CHARS))
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| format!("review-{}", index + 1))
    });
    r.id = Some(id.clone());

    let (verdict, verdict_label) = read_verdict(rec).ok_or_else(|| {
        let label = rating_label(rec).map(str::to_string);
        r.error(
            "reviewRating.alternateName",
            match label {
                Some(l) if l.eq_ignore_ascii_case(UNREVIEWED) => Problem::Unreviewed,
                Some(l) => Problem::OffScale(l),
                None => Problem::Missing,
            },
        )
    })?;
    let context = r
        .text(field::CONTEXT, MAX_FIELD_CHARS)
        .or_else(|| r.text(field::REVIEW_BODY, MAX_FIELD_CHARS))
        .unwrap_or_default();
    let reviewed_by = first_name(rec.get(field::AUTHOR)).unwrap_or_default();
    let review_date = r.text(field::DATE_PUBLISHED, MAX_NAME_CHARS).unwrap_or_default();

    let mut sources = r.sources();
    if sources.is_empty() {
        // A publisher's own markup: the review page itself is the source.
        if let Some(u) = &review_url {
            sources.push(Source {
                title: "The full fact-check".into(),
                publisher: reviewed_by.clone(),
                url: u.clone(),
                date: review_date.clone(),
            });
        }
    }
    let mut variants: Vec<String> = rec
        .get(field::VARIANTS)
        .map(Json::one_or_many)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .map(|v| bounded(v, 1_000))
        .filter(|v| !v.is_empty())
        .collect();
    if variants.len() > MAX_VARIANTS {
        variants.truncate(MAX_VARIANTS);
        r.warn(field::VARIANTS, Problem::TooMany(MAX_VARIANTS));
    }
    let appearance_url = item
        .and_then(|i| i.get(field::APPEARANCE))
        .map(Json::one_or_many)
        .unwrap_or_default()
        .iter()
        .find_map(|a| a.as_str().or_else(|| a.get(field::URL).and_then(Json::as_str)))
        .map(str::trim)
        .filter(|u| is_http_url(u))
        .map(str::to_string);
    let (about, entities) = read_about(rec.get(field::ABOUT));

    let claim = Claim {
        id,
        quote,
        claim_reviewed,
        verdict,
        verdict_label,
        context,
        sources,
        kind: rec
            .get(field::KIND)
            .and_then(Json::as_str)
            .and_then(ClaimKind::parse),
        variants,
        reviewed_by,
        review_date,
        review_url,
        claim_author: first_name(item.and_then(|i| i.get(field::AUTHOR))),
        claim_date: item
            .and_then(|i| i.get(field::DATE_PUBLISHED))
            .and_then(Json::as_str)
            .map(|d| bounded(d, MAX_NAME_CHARS))
            .filter(|d| !d.is_empty()),
        appearance_url,
        about,
    };
    Ok(ReadRecord {
        claim,
        entities,
        warnings: r.warnings,
    })
}

/// The verdict a draft carries until an editor reviews the claim.
pub const UNREVIEWED: &str = "Unreviewed";

/// True when the record's `@type` is (or includes) ClaimReview.
pub fn is_claim_review(node: &Json) -> bool {
    node.get(field::TYPE)
        .map(Json::one_or_many)
        .unwrap_or_default()
        .iter()
        .any(|t| t.as_str() == Some("ClaimReview"))
}

/// The record's own id: `id`, or schema.org `identifier`.
pub(crate) fn explicit_id(rec: &Json) -> Option<&str> {
    [field::ID, field::IDENTIFIER]
        .iter()
        .filter_map(|f| rec.get(f).and_then(Json::as_str))
        .map(str::trim)
        .find(|s| !s.is_empty())
}

/// `reviewRating.alternateName`, trimmed, when present.
pub(crate) fn rating_label(rec: &Json) -> Option<&str> {
    rec.get(field::REVIEW_RATING)?
        .get(field::ALTERNATE_NAME)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The verdict and the label to show: the publisher's own label placed on
/// the scale, or else its numbers.
fn read_verdict(rec: &Json) -> Option<(Verdict, String)> {
    let rating = rec.get(field::REVIEW_RATING)?;
    let label = rating_label(rec);
    let number = |f: &str| rating.get(f).and_then(Json::as_f64);
    let verdict = label.and_then(Verdict::from_publisher_label).or_else(|| {
        Verdict::from_numbers(
            number(field::RATING_VALUE)?,
            number(field::BEST_RATING).unwrap_or(5.0),
            number(field::WORST_RATING).unwrap_or(1.0),
        )
    })?;
    let shown = label.unwrap_or(verdict.label());
    Some((verdict, shown.chars().take(MAX_LABEL_CHARS).collect()))
}

/// The name of a Person or Organization, a bare name, or the first of a list.
pub(crate) fn first_name(v: Option<&Json>) -> Option<String> {
    v?.one_or_many()
        .iter()
        .find_map(|a| a.as_str().or_else(|| a.get(field::NAME).and_then(Json::as_str)))
        .map(|n| bounded(n, MAX_NAME_CHARS))
        .filter(|n| !n.is_empty())
}

/// `about`: references to entities (`{"@id": …}`), inline entities, or
/// bare names. Returns the entity ids and the entities described inline.
fn read_about(about: Option<&Json>) -> (Vec<String>, Vec<Entity>) {
    let mut ids = Vec::new();
    let mut inline = Vec::new();
    for node in about.map(Json::one_or_many).unwrap_or_default() {
        if let Some(name) = node.as_str() {
            ids.push(bounded(name, MAX_NAME_CHARS));
        } else if let Some(e) = read_entity(node) {
            ids.push(e.id.clone());
            if !e.name.is_empty() {
                inline.push(e);
            }
        }
    }
    ids.retain(|i| !i.is_empty());
    (ids, inline)
}

/// An entity node: `@id` and/or `name`, with `alternateName` aliases and
/// ClaimLens's `references`. A bare `{"@id": …}` reference has no name.
pub fn read_entity(node: &Json) -> Option<Entity> {
    let name = node
        .get(field::NAME)
        .and_then(Json::as_str)
        .map(|n| bounded(n, MAX_NAME_CHARS))
        .unwrap_or_default();
    let id = node
        .get(field::AT_ID)
        .and_then(Json::as_str)
        .map(|i| bounded(i, MAX_NAME_CHARS))
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| name.clone());
    if id.is_empty() {
        return None;
    }
    let names = |f: &str| -> Vec<String> {
        node.get(f)
            .map(Json::one_or_many)
            .unwrap_or_default()
            .iter()
            .filter_map(Json::as_str)
            .map(|s| bounded(s, MAX_NAME_CHARS))
            .filter(|s| !s.is_empty())
            .take(MAX_VARIANTS * 4)
            .collect()
    };
    let affiliations = [field::AFFILIATION, field::MEMBER_OF, field::NATIONALITY, field::CONTAINED_IN_PLACE]
        .iter()
        .filter_map(|f| node.get(f))
        .flat_map(Json::one_or_many)
        .filter_map(|a| a.get(field::AT_ID).and_then(Json::as_str).or(a.as_str()))
        .map(|a| bounded(a, MAX_NAME_CHARS))
        .filter(|a| !a.is_empty())
        .collect();
    // The first type the model knows (`@type` may be a list).
    let kind = node
        .get(field::TYPE)
        .map(Json::one_or_many)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .map(EntityKind::from_schema_type)
        .find(|k| *k != EntityKind::Other)
        .unwrap_or_default();
    Some(Entity {
        id,
        name,
        aliases: names(field::ALTERNATE_NAME),
        references: names(field::REFERENCES),
        affiliations,
        kind,
    })
}

/// Trimmed and cut to `max` characters.
pub(crate) fn bounded(s: &str, max: usize) -> String {
    cut(s.trim(), max).0.to_string()
}

/// `s`'s first `max` characters, and whether that cut anything off: a
/// slice, not a copy made a character at a time (reading a large database
/// spent a tenth of its time there).
fn cut(s: &str, max: usize) -> (&str, bool) {
    // No more bytes than `max`: no more characters either.
    if s.len() <= max {
        return (s, false);
    }
    match s.char_indices().nth(max) {
        Some((end, _)) => (&s[..end], true),
        None => (s, false),
    }
}

/// Reads fields of one record, collecting repairs as warnings.
struct Reader<'a> {
    rec: &'a Json,
    record: usize,
    id: Option<String>,
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn error(&self, field: &str, problem: Problem) -> RecordError {
        RecordError {
            record: self.record,
            id: self.id.clone(),
            field: field.to_string(),
            problem,
        }
    }

    fn warn(&mut self, field: &str, problem: Problem) {
        let w = self.error(field, problem);
        self.warnings.push(w);
    }

    /// A top-level text field, trimmed, cut to `max` (with a warning).
    fn text(&mut self, name: &str, max: usize) -> Option<String> {
        let rec = self.rec;
        self.text_in(rec, name, name, max)
    }

    fn text_in(&mut self, node: &Json, name: &str, path: &str, max: usize) -> Option<String> {
        let s = node.get(name)?.as_str()?.trim();
        if s.is_empty() {
            return None;
        }
        let (kept, cut_off) = cut(s, max);
        if cut_off {
            self.warn(path, Problem::TooLong(max));
        }
        Some(kept.to_string())
    }

    /// The URL if it is http(s); otherwise dropped, with a warning.
    fn http_only(&mut self, path: &str, url: Option<String>) -> Option<String> {
        match url {
            Some(u) if !is_http_url(&u) => {
                self.warn(path, Problem::NotHttp(u));
                None
            }
            u => u,
        }
    }

    /// ClaimLens `sources`, or schema.org `citation`; a source without an
    /// http(s) link is dropped with a warning.
    fn sources(&mut self) -> Vec<Source> {
        let (list, name) = match (self.rec.get(field::SOURCES), self.rec.get(field::CITATION)) {
            (Some(s), _) => (s, field::SOURCES),
            (None, Some(c)) => (c, field::CITATION),
            (None, None) => return Vec::new(),
        };
        let mut out = Vec::new();
        for (n, s) in list.one_or_many().iter().enumerate() {
            let path = format!("{name}[{}].url", n + 1);
            let text = |keys: &[&str]| {
                keys.iter()
                    .filter_map(|k| s.get(k))
                    .find_map(|v| v.as_str().or_else(|| v.get(field::NAME).and_then(Json::as_str)))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            };
            let get = |keys: &[&str]| text(keys).map(|v| bounded(v, MAX_NAME_CHARS));
            // A link is kept whole or dropped (too long is not http), never cut.
            let url = text(&[field::URL]).map(str::to_string);
            let Some(url) = self.http_only(&path, url) else {
                if s.get(field::URL).is_none() {
                    self.warn(&path, Problem::Missing);
                }
                continue;
            };
            out.push(Source {
                title: get(&[field::TITLE, field::NAME]).unwrap_or_else(|| url.clone()),
                publisher: get(&[field::PUBLISHER]).unwrap_or_default(),
                date: get(&[field::DATE, field::DATE_PUBLISHED]).unwrap_or_else(|| "n.d.".into()),
                url,
            });
        }
        if out.len() > MAX_SOURCES {
            out.truncate(MAX_SOURCES);
            self.warn(name, Problem::TooMany(MAX_SOURCES));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_cut_at_a_character_not_a_byte() {
        // (text, max, kept, cut off)
        let cases: [(&str, usize, &str, bool); 6] = [
            ("abc", 3, "abc", false),
            ("abcd", 3, "abc", true),
            ("", 0, "", false),
            ("éé", 2, "éé", false),
            ("ééé", 2, "éé", true),
            ("a😀b", 2, "a😀", true),
        ];
        for (text, max, kept, cut_off) in cases {
            assert_eq!(cut(text, max), (kept, cut_off), "{text:?} to {max}");
        }
        assert_eq!(bounded("  Kim Jong Un  ", 3), "Kim");
        assert_eq!(bounded("  Kim  ", 30), "Kim");
    }
}
