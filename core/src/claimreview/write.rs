//! Claims out as ClaimReview markup a publisher can put on the web:
//! schema.org vocabulary only (the database's own `quote`, `context`,
//! `sources`, `kind` and `variants` become `itemReviewed.text`,
//! `reviewBody` and `citation`, or stay behind), absolute `@id`s, and
//! ratings inside the range Google's Fact Check tools define. Opinions
//! are not fact-checks and are not published at all.

use super::read::field;
use crate::json::Json;
use crate::model::{is_iso_date, Claim, Entity, Verdict};

/// Where the published reviews live.
#[derive(Debug, Clone, Default)]
pub struct Publisher {
    /// The base URL of the review pages, ending in `/`: the review of claim
    /// `x` is at `{base}x/` (the page `claimlens pages` writes there).
    /// `None`: each claim's own `url`.
    pub base_url: Option<String>,
    /// The reviewing organisation's own URL, for `author.url`.
    pub author_url: Option<String>,
}

impl Publisher {
    /// The URL of claim `c`'s review page.
    pub fn review_url(&self, c: &Claim) -> Option<String> {
        match &self.base_url {
            Some(base) => Some(format!("{}{}/", with_slash(base), c.id)),
            None => c.review_url.clone(),
        }
    }
}

fn with_slash(base: &str) -> String {
    if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    }
}

/// True when a claim is published as ClaimReview: every verdict but Opinion.
pub fn is_published(c: &Claim) -> bool {
    c.verdict != Verdict::Opinion
}

/// One claim as a schema.org ClaimReview node; `None` for an opinion.
pub fn claim_review(c: &Claim, entities: &[Entity], publisher: &Publisher) -> Option<Json> {
    if !is_published(c) {
        return None;
    }
    let url = publisher.review_url(c);
    let text = |s: &str| Some(Json::from(s)).filter(|_| !s.is_empty());
    let thing = |ty: &str, name: &str, url: Option<&str>| {
        Json::object([
            ("@type", Some(Json::from(ty))),
            ("name", Some(Json::from(name))),
            ("url", url.map(Json::from)),
        ])
    };
    let number = |n: i64| Json::Number(n as f64);
    let rating = Json::object([
        ("@type", Some(Json::from("Rating"))),
        (field::RATING_VALUE, c.verdict.rating_value().map(number)),
        (field::BEST_RATING, c.verdict.rating_value().map(|_| number(Verdict::BEST_RATING))),
        (field::WORST_RATING, c.verdict.rating_value().map(|_| number(Verdict::WORST_RATING))),
        (field::ALTERNATE_NAME, Some(Json::from(c.verdict_label.as_str()))),
    ]);
    let about: Vec<Json> = c
        .about
        .iter()
        .filter_map(|id| entities.iter().find(|e| &e.id == id))
        .map(entity_node)
        .collect();
    let item = Json::object([
        ("@type", Some(Json::from("Claim"))),
        (field::AUTHOR, c.claim_author.as_deref().map(|n| thing("Person", n, None))),
        (field::DATE_PUBLISHED, c.claim_date.as_deref().map(Json::from)),
        (
            field::APPEARANCE,
            c.appearance_url
                .as_deref()
                .map(|u| Json::object([("@type", Some(Json::from("CreativeWork"))), ("url", Some(Json::from(u)))])),
        ),
        (field::TEXT, c.quote.as_deref().map(Json::from)),
    ]);
    let citation: Vec<Json> = c
        .sources
        .iter()
        .map(|s| {
            Json::object([
                ("@type", Some(Json::from("CreativeWork"))),
                (field::NAME, text(&s.title)),
                (field::PUBLISHER, Some(&s.publisher).filter(|p| !p.is_empty()).map(|p| thing("Organization", p, None))),
                (field::URL, Some(Json::from(s.url.as_str()))),
                (field::DATE_PUBLISHED, Some(&s.date).filter(|d| is_iso_date(d)).map(|d| Json::from(d.as_str()))),
            ])
        })
        .collect();
    Some(Json::object([
        ("@type", Some(Json::from("ClaimReview"))),
        (field::AT_ID, url.as_deref().map(Json::from)),
        (field::URL, url.as_deref().map(Json::from)),
        (field::IDENTIFIER, Some(Json::from(c.id.as_str()))),
        (field::DATE_PUBLISHED, text(&c.review_date)),
        (
            field::AUTHOR,
            Some(thing("Organization", &c.reviewed_by, publisher.author_url.as_deref())),
        ),
        (field::CLAIM_REVIEWED, Some(Json::from(c.claim_reviewed.as_str()))),
        (field::REVIEW_RATING, Some(rating)),
        (field::ITEM_REVIEWED, Some(item)),
        (field::ABOUT, Some(Json::Array(about)).filter(|a| a != &Json::Array(vec![]))),
        (field::REVIEW_BODY, text(&c.context)),
        (field::CITATION, Some(Json::Array(citation))),
    ]))
}

/// An entity as a schema.org `Thing` of its kind (its name and other names).
fn entity_node(e: &Entity) -> Json {
    let at_id = Some(&e.id).filter(|id| crate::model::is_http_url(id));
    Json::object([
        ("@type", Some(Json::from(e.kind.schema_type()))),
        (field::AT_ID, at_id.map(|id| Json::from(id.as_str()))),
        (field::NAME, Some(Json::from(e.name.as_str()))),
        (
            field::ALTERNATE_NAME,
            Some(Json::Array(e.aliases.iter().map(|a| Json::from(a.as_str())).collect()))
                .filter(|_| !e.aliases.is_empty()),
        ),
    ])
}

/// A JSON-LD document holding `nodes` in `@graph`: the shape ClaimLens
/// writes and reads.
pub fn graph_document(nodes: Vec<Json>) -> Json {
    Json::object([
        ("@context", Some(Json::from("https://schema.org"))),
        ("@graph", Some(Json::Array(nodes))),
    ])
}

/// Every published claim as ClaimReview, in one `@graph` document.
pub fn published_document(claims: &[Claim], entities: &[Entity], publisher: &Publisher) -> Json {
    graph_document(
        claims
            .iter()
            .filter_map(|c| claim_review(c, entities, publisher))
            .collect(),
    )
}
