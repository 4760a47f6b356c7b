//! The claim model and the claim database format.
//!
//! A database is a list of schema.org `ClaimReview` records (JSON-LD: a bare
//! array, one record, or a document with `@graph`), each carrying ClaimLens's
//! own fields beside the schema.org ones (`id`, `quote`, `context`, `sources`,
//! `kind`, `variants`). This module turns records into [`Claim`]s and checks
//! them, in two strengths:
//!
//! * [`Strictness::Editorial`] for the bundled database and the editor's
//!   `validate` command: every field the product promises a reader must be
//!   there, and every quote must be verbatim in the article.
//! * [`Strictness::Lenient`] for databases loaded at run time (a publisher's
//!   existing fact-check markup): unusable records are reported and skipped,
//!   unsafe links are dropped, nothing else is lost.
//!
//! This file has no dependency on the rest of the crate because `build.rs`
//! includes it to validate the bundled database at build time with exactly
//! the checks the command-line tool runs.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The verdict scale, from best to worst, plus the two labels that sit
/// outside an accuracy scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    #[serde(rename = "Accurate")]
    Accurate,
    #[serde(rename = "Mostly accurate")]
    MostlyAccurate,
    #[serde(rename = "Needs context")]
    NeedsContext,
    #[serde(rename = "Disputed")]
    Disputed,
    #[serde(rename = "Inaccurate")]
    Inaccurate,
    #[serde(rename = "Unverifiable")]
    Unverifiable,
    #[serde(rename = "Opinion")]
    Opinion,
}

impl Verdict {
    /// Every verdict, in the order of the documented scale.
    pub const ALL: [Verdict; 7] = [
        Verdict::Accurate,
        Verdict::MostlyAccurate,
        Verdict::NeedsContext,
        Verdict::Disputed,
        Verdict::Inaccurate,
        Verdict::Unverifiable,
        Verdict::Opinion,
    ];

    /// The label readers see, and the `alternateName` in the JSON-LD.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Accurate => "Accurate",
            Verdict::MostlyAccurate => "Mostly accurate",
            Verdict::NeedsContext => "Needs context",
            Verdict::Disputed => "Disputed",
            Verdict::Inaccurate => "Inaccurate",
            Verdict::Unverifiable => "Unverifiable",
            Verdict::Opinion => "Opinion",
        }
    }

    /// `reviewRating.ratingValue` on the 1..5 scale; -1 for the two verdicts
    /// that are not a degree of accuracy (Unverifiable, Opinion).
    pub fn rating_value(self) -> i64 {
        match self {
            Verdict::Accurate => 5,
            Verdict::MostlyAccurate => 4,
            Verdict::NeedsContext => 3,
            Verdict::Disputed => 2,
            Verdict::Inaccurate => 1,
            Verdict::Unverifiable | Verdict::Opinion => -1,
        }
    }

    /// A stable lower-case slug, used for styling.
    pub fn slug(self) -> &'static str {
        match self {
            Verdict::Accurate => "accurate",
            Verdict::MostlyAccurate => "mostly-accurate",
            Verdict::NeedsContext => "needs-context",
            Verdict::Disputed => "disputed",
            Verdict::Inaccurate => "inaccurate",
            Verdict::Unverifiable => "unverifiable",
            Verdict::Opinion => "opinion",
        }
    }

    /// Exactly one of the scale's labels (case and spacing forgiven).
    pub fn from_label(label: &str) -> Option<Verdict> {
        let l = squash(label);
        Verdict::ALL.into_iter().find(|v| squash(v.label()) == l)
    }

    /// Reads another fact-checker's label onto this scale. Their own label is
    /// still what the reader sees; this only picks the colour and icon.
    pub fn from_publisher_label(label: &str) -> Option<Verdict> {
        if let Some(v) = Verdict::from_label(label) {
            return Some(v);
        }
        let l = squash(label);
        let v = match l.as_str() {
            "true" | "correct" | "accurate" | "verified" | "fact" => Verdict::Accurate,
            "mostlytrue" | "mostlycorrect" | "largelyaccurate" => Verdict::MostlyAccurate,
            "halftrue" | "mixture" | "mixed" | "misleading" | "missingcontext" | "lackscontext"
            | "partlytrue" | "partlyfalse" | "partiallytrue" | "partiallyfalse"
            | "outofcontext" | "exaggerated" | "cherrypicks" => Verdict::NeedsContext,
            "disputed" | "contested" => Verdict::Disputed,
            "false" | "incorrect" | "wrong" | "fake" | "pantsonfire" | "mostlyfalse"
            | "fabricated" | "inaccurate" | "fiction" => Verdict::Inaccurate,
            "unproven"
            | "unverified"
            | "unsupported"
            | "unsubstantiated"
            | "noevidence"
            | "research in progress"
            | "researchinprogress" => Verdict::Unverifiable,
            "opinion" | "satire" => Verdict::Opinion,
            _ => return None,
        };
        Some(v)
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What sort of statement a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Statistic,
    Event,
    Attribution,
    Opinion,
}

impl ClaimKind {
    fn parse(s: &str) -> Option<ClaimKind> {
        match squash(s).as_str() {
            "statistic" => Some(ClaimKind::Statistic),
            "event" => Some(ClaimKind::Event),
            "attribution" => Some(ClaimKind::Attribution),
            "opinion" => Some(ClaimKind::Opinion),
            _ => None,
        }
    }
}

/// One source backing a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    /// Always http(s): anything else is dropped before it can become a link.
    pub url: String,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or `n.d.` when the source is undated.
    pub date: String,
}

/// A reviewed claim as the matcher and the popover use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub id: String,
    /// The claim verbatim as the article states it; `None` for reviews that
    /// carry only `claimReviewed` (they are matched on that text).
    pub quote: Option<String>,
    pub claim_reviewed: String,
    pub verdict: Verdict,
    /// The reviewer's own label (for the bundled database, the verdict's).
    pub verdict_label: String,
    pub context: String,
    pub sources: Vec<Source>,
    pub kind: Option<ClaimKind>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// Who checked it (the ClaimReview's `author`).
    pub reviewed_by: String,
    /// When it was checked (the ClaimReview's `datePublished`).
    pub review_date: String,
    pub review_url: Option<String>,
    pub claim_author: Option<String>,
    pub claim_date: Option<String>,
    pub appearance_url: Option<String>,
}

impl Claim {
    /// The texts the matcher indexes for this claim: quote, the neutral
    /// restatement, and the variants.
    pub fn match_texts(&self) -> impl Iterator<Item = &str> {
        self.quote
            .as_deref()
            .into_iter()
            .chain(std::iter::once(self.claim_reviewed.as_str()))
            .chain(self.variants.iter().map(String::as_str))
    }
}

// ---------------------------------------------------------------------------
// The raw JSON-LD record, as loosely typed as schema.org allows.

/// A schema.org `ClaimReview` record with ClaimLens's own fields beside it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReviewRecord {
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<OneOrMany<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "@id", default, skip_serializing_if = "Option::is_none")]
    pub at_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<OneOrMany<Named>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_reviewed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_rating: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_reviewed: Option<ItemReviewed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<SourceRecord>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<String>>,
    // The schema.org spellings of the same facts, read when the ClaimLens
    // fields are absent and written by `claimlens jsonld`.
    /// schema.org `identifier`: the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// schema.org `reviewBody`: the context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_body: Option<String>,
    /// schema.org `citation`: the sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<OneOrMany<Citation>>,
}

/// A schema.org `citation`: a CreativeWork the review relies on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Citation {
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Named>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
}

/// A JSON-LD value that may be one item or a list of them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn first(&self) -> Option<&T> {
        match self {
            OneOrMany::One(t) => Some(t),
            OneOrMany::Many(v) => v.first(),
        }
    }
    fn iter(&self) -> impl Iterator<Item = &T> {
        let (one, many) = match self {
            OneOrMany::One(t) => (Some(t), &[][..]),
            OneOrMany::Many(v) => (None, v.as_slice()),
        };
        one.into_iter().chain(many.iter())
    }
}

/// A schema.org Person or Organization, or just a name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Named {
    Name(String),
    Thing {
        #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
        type_: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        #[serde(rename = "jobTitle", default, skip_serializing_if = "Option::is_none")]
        job_title: Option<String>,
    },
}

impl Named {
    fn name(&self) -> Option<&str> {
        match self {
            Named::Name(s) => Some(s),
            Named::Thing { name, .. } => name.as_deref(),
        }
    }
}

/// A number that some publishers write as a string ("4").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Number {
    fn value(&self) -> Option<f64> {
        match self {
            Number::Int(i) => Some(*i as f64),
            Number::Float(f) => Some(*f),
            Number::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// schema.org `Rating`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_value: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_rating: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_rating: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
}

/// schema.org `Claim` (the `itemReviewed` of a ClaimReview).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemReviewed {
    #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<OneOrMany<Named>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<OneOrMany<Appearance>>,
    /// schema.org `text` of the Claim: the quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Where the claim appeared: a CreativeWork with a URL, or a bare URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Appearance {
    Url(String),
    Work {
        #[serde(rename = "@type", default, skip_serializing_if = "Option::is_none")]
        type_: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        headline: Option<String>,
    },
}

impl Appearance {
    fn url(&self) -> Option<&str> {
        match self {
            Appearance::Url(u) => Some(u),
            Appearance::Work { url, .. } => url.as_deref(),
        }
    }
}

/// A source as written in the database.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourceRecord {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
}

// ---------------------------------------------------------------------------
// Checking records.

/// How much a record must carry to be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// The bundled database and the editor's tool: everything, exactly.
    Editorial,
    /// Databases loaded at run time: skip what is unusable, keep the rest.
    Lenient,
}

/// The longest string any field may hold; longer text is cut (lenient) or
/// rejected (editorial), so a hostile database cannot flood the popover.
pub const MAX_FIELD_CHARS: usize = 4_000;
/// The most variants kept for one claim.
pub const MAX_VARIANTS: usize = 16;
/// The most sources kept for one claim.
pub const MAX_SOURCES: usize = 12;

/// A problem with one record of a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Position of the record in the database, counting from 1.
    pub record: usize,
    /// The record's id, when it has one.
    pub id: Option<String>,
    pub problem: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(
                f,
                "record {} (id \"{}\"): {}",
                self.record, id, self.problem
            ),
            None => write!(f, "record {}: {}", self.record, self.problem),
        }
    }
}

/// Something that was accepted but changed on the way in (a link dropped, a
/// field cut); reported as a console warning.
pub type Warning = RecordError;

/// True for `http://` and `https://` URLs, the only ones that become links.
///
/// Exact: no leading or trailing white space (a browser would read
/// " https://…" as a relative link), at most [`MAX_URL_CHARS`], and no
/// spaces or control characters inside. Loaders trim before checking.
pub fn is_http_url(url: &str) -> bool {
    let lower: String = url.chars().take(8).flat_map(char::to_lowercase).collect();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > lower.find("//").map_or(0, |i| i + 2)
        && url.len() <= MAX_URL_CHARS
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The longest URL kept as a link.
pub const MAX_URL_CHARS: usize = 2_048;
/// The longest name (reviewer, claim author), id or date kept.
pub const MAX_NAME_CHARS: usize = 300;

/// Trimmed and cut to `max` characters.
fn bounded(s: &str, max: usize) -> String {
    s.trim().chars().take(max).collect()
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// Builds a [`Claim`] from one record, or says what is wrong with it.
///
/// `index` is the record's position from 0. With [`Strictness::Editorial`]
/// any problem is an error; with [`Strictness::Lenient`] only a record the
/// widget cannot show is an error, and repairs come back as warnings.
pub fn claim_from_record(
    rec: &ClaimReviewRecord,
    index: usize,
    strictness: Strictness,
) -> Result<(Claim, Vec<Warning>), RecordError> {
    let editorial = strictness == Strictness::Editorial;
    let mut warnings = Vec::new();
    let id = rec
        .id
        .clone()
        .or_else(|| rec.identifier.clone())
        .filter(|s| !s.trim().is_empty());
    let err = |problem: String| RecordError {
        record: index + 1,
        id: id.clone(),
        problem,
    };
    let mut warn = |problem: String| {
        warnings.push(RecordError {
            record: index + 1,
            id: id.clone(),
            problem,
        })
    };

    if let Some(t) = &rec.type_ {
        if !t.iter().any(|t| t == "ClaimReview") {
            return Err(err(format!(
                "@type is not ClaimReview ({:?})",
                t.first().map(String::as_str).unwrap_or("")
            )));
        }
    } else if editorial {
        return Err(err(
            "missing field \"@type\" (expected \"ClaimReview\")".into()
        ));
    }

    // Text fields: required ones must be present and non-blank; all are bounded.
    let mut text = |name: &str,
                    value: Option<&String>,
                    required: bool|
     -> Result<Option<String>, RecordError> {
        let v = value.map(|s| s.trim()).filter(|s| !s.is_empty());
        match v {
            None if required => Err(err(format!("missing field \"{name}\""))),
            None => Ok(None),
            Some(s) if s.chars().count() > MAX_FIELD_CHARS => {
                if editorial {
                    Err(err(format!(
                        "field \"{name}\" is longer than {MAX_FIELD_CHARS} characters"
                    )))
                } else {
                    warn(format!(
                        "field \"{name}\" cut to {MAX_FIELD_CHARS} characters"
                    ));
                    Ok(Some(s.chars().take(MAX_FIELD_CHARS).collect()))
                }
            }
            Some(s) => Ok(Some(s.to_string())),
        }
    };

    let item = rec.item_reviewed.as_ref();
    let id_text = text("id", rec.id.as_ref().or(rec.identifier.as_ref()), editorial)?;
    let quote = text(
        "quote",
        rec.quote.as_ref().or(item.and_then(|i| i.text.as_ref())),
        editorial,
    )?;
    let claim_reviewed = text("claimReviewed", rec.claim_reviewed.as_ref(), editorial)?;
    let context = text(
        "context",
        rec.context.as_ref().or(rec.review_body.as_ref()),
        editorial,
    )?;
    let review_url = text("url", rec.url.as_ref(), editorial)?;
    let review_date = text("datePublished", rec.date_published.as_ref(), editorial)?;
    let reviewed_by = rec
        .author
        .as_ref()
        .and_then(|a| a.first())
        .and_then(Named::name)
        .map(|n| bounded(n, MAX_NAME_CHARS))
        .filter(|s| !s.is_empty());

    let claim_reviewed = match (claim_reviewed, &quote) {
        (Some(c), _) => c,
        (None, Some(q)) => q.clone(),
        (None, None) => {
            return Err(err(
                "missing both \"claimReviewed\" and \"quote\": nothing to match".into(),
            ))
        }
    };
    let id = match id_text {
        Some(i) if editorial && !is_slug(&i) => {
            return Err(err(format!(
                "id \"{i}\" is not a slug (use a-z, 0-9 and -)"
            )));
        }
        Some(i) => i,
        None => rec
            .at_id
            .as_deref()
            .or(review_url.as_deref())
            .map(|i| bounded(i, MAX_NAME_CHARS))
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| format!("review-{}", index + 1)),
    };
    let err = |problem: String| RecordError {
        record: index + 1,
        id: Some(id.clone()),
        problem,
    };

    if editorial && reviewed_by.is_none() {
        return Err(err(
            "missing field \"author\" (the reviewing organisation's name)".into(),
        ));
    }
    if let Some(u) = &review_url {
        if !is_http_url(u) {
            if editorial {
                return Err(err(format!("url \"{u}\" is not http(s)")));
            }
            warn(format!(
                "review url dropped: \"{}\" is not http(s)",
                clip(u)
            ));
        }
    }
    let review_url = review_url.filter(|u| is_http_url(u));
    if let Some(d) = &review_date {
        if editorial && !is_iso_date(d) {
            return Err(err(format!("datePublished \"{d}\" is not YYYY-MM-DD")));
        }
    }

    // The verdict.
    let rating = rec.review_rating.as_ref();
    let label = rating
        .and_then(|r| r.alternate_name.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let verdict = match (label, editorial) {
        (None, true) => {
            return Err(err(
                "missing field \"reviewRating.alternateName\" (the verdict)".into(),
            ))
        }
        (Some(l), true) => {
            let v = Verdict::from_label(l).ok_or_else(|| {
                err(format!(
                    "verdict \"{l}\" is not on the scale ({})",
                    Verdict::ALL.map(Verdict::label).join(", ")
                ))
            })?;
            let value = rating
                .and_then(|r| r.rating_value.as_ref())
                .and_then(Number::value);
            if value != Some(v.rating_value() as f64) {
                return Err(err(format!(
                    "reviewRating.ratingValue must be {} for \"{}\"",
                    v.rating_value(),
                    v.label()
                )));
            }
            let best = rating
                .and_then(|r| r.best_rating.as_ref())
                .and_then(Number::value);
            let worst = rating
                .and_then(|r| r.worst_rating.as_ref())
                .and_then(Number::value);
            if best != Some(5.0) || worst != Some(1.0) {
                return Err(err(
                    "reviewRating needs bestRating 5 and worstRating 1".into()
                ));
            }
            v
        }
        (l, false) => l
            .and_then(Verdict::from_publisher_label)
            .or_else(|| rating.and_then(verdict_from_numbers))
            .ok_or_else(|| {
                err(match l {
                    Some(l) => format!(
                        "verdict \"{l}\" is not on the scale and has no usable numeric rating"
                    ),
                    None => "missing verdict (reviewRating.alternateName or ratingValue)".into(),
                })
            })?,
    };
    let verdict_label = label
        .unwrap_or(verdict.label())
        .chars()
        .take(60)
        .collect::<String>();

    // Kind.
    let kind = match rec.kind.as_deref() {
        Some(k) => match ClaimKind::parse(k) {
            Some(k) => Some(k),
            None if editorial => {
                return Err(err(format!(
                    "kind \"{k}\" is not one of statistic, event, attribution, opinion"
                )))
            }
            None => None,
        },
        None if editorial => return Err(err("missing field \"kind\"".into())),
        None => None,
    };
    if editorial && (kind == Some(ClaimKind::Opinion)) != (verdict == Verdict::Opinion) {
        return Err(err(
            "kind \"opinion\" and verdict \"Opinion\" go together".into()
        ));
    }

    // Sources: only http(s) links survive.
    let mut sources = Vec::new();
    let cited: Vec<SourceRecord> = match (&rec.sources, &rec.citation) {
        (Some(s), _) => s.clone(),
        (None, Some(c)) => c.iter().map(Citation::to_source).collect(),
        (None, None) => Vec::new(),
    };
    for (n, s) in cited.iter().enumerate() {
        let field = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (title, publisher, url, date) = (
            field(&s.title),
            field(&s.publisher),
            field(&s.url),
            field(&s.date),
        );
        let problem = match (&title, &publisher, &url, &date) {
            (_, _, None, _) => Some("has no url".to_string()),
            (_, _, Some(u), _) if !is_http_url(u) => {
                Some(format!("url \"{}\" is not http(s)", clip(u)))
            }
            (None, ..) if editorial => Some("has no title".into()),
            (_, None, ..) if editorial => Some("has no publisher".into()),
            (.., None) if editorial => Some("has no date (write \"n.d.\" when undated)".into()),
            (.., Some(d)) if editorial && d != "n.d." && !is_iso_date(d) => Some(format!(
                "date \"{d}\" is not YYYY-MM-DD, YYYY-MM, YYYY or n.d."
            )),
            _ => None,
        };
        if let Some(p) = problem {
            if editorial {
                return Err(err(format!("source {} {p}", n + 1)));
            }
            warn(format!("source {} dropped: {p}", n + 1));
            continue;
        }
        let url = url.unwrap_or_default();
        let cut = |s: Option<String>| s.map(|s| s.chars().take(300).collect::<String>());
        sources.push(Source {
            title: cut(title).unwrap_or_else(|| bounded(&url, 300)),
            publisher: cut(publisher).unwrap_or_default(),
            url,
            date: cut(date).unwrap_or_else(|| "n.d.".into()),
        });
    }
    if sources.len() > MAX_SOURCES {
        if editorial {
            return Err(err(format!("more than {MAX_SOURCES} sources")));
        }
        sources.truncate(MAX_SOURCES);
    }
    if sources.is_empty() {
        if editorial {
            return Err(err(
                "missing field \"sources\": every claim needs at least one source".into(),
            ));
        }
        // A publisher's own markup: the review page itself is the source.
        if let Some(u) = &review_url {
            sources.push(Source {
                title: "The full fact-check".into(),
                publisher: reviewed_by.clone().unwrap_or_default(),
                url: u.clone(),
                date: review_date.clone().unwrap_or_default(),
            });
        }
    }

    let mut variants: Vec<String> = rec
        .variants
        .iter()
        .flatten()
        .map(|v| v.trim().chars().take(1_000).collect::<String>())
        .filter(|v| !v.is_empty())
        .collect();
    if variants.len() > MAX_VARIANTS {
        if editorial {
            return Err(err(format!("more than {MAX_VARIANTS} variants")));
        }
        variants.truncate(MAX_VARIANTS);
    }

    let claim_author = item
        .and_then(|i| i.author.as_ref())
        .and_then(|a| a.first())
        .and_then(Named::name)
        .map(|n| bounded(n, MAX_NAME_CHARS));
    let claim_date = item
        .and_then(|i| i.date_published.as_deref())
        .map(|d| bounded(d, MAX_NAME_CHARS));
    let appearance_url = item
        .and_then(|i| i.appearance.as_ref())
        .and_then(|a| a.iter().find_map(Appearance::url))
        .map(str::trim)
        .filter(|u| is_http_url(u))
        .map(str::to_string);
    if editorial {
        if item.is_none() {
            return Err(err("missing field \"itemReviewed\" (the Claim)".into()));
        }
        if claim_author.is_none() {
            return Err(err("missing field \"itemReviewed.author\"".into()));
        }
        if appearance_url.is_none() {
            return Err(err(
                "missing field \"itemReviewed.appearance\" with an http(s) url".into(),
            ));
        }
        match &claim_date {
            Some(d) if is_iso_date(d) => {}
            Some(d) => {
                return Err(err(format!(
                    "itemReviewed.datePublished \"{d}\" is not YYYY-MM-DD, YYYY-MM or YYYY"
                )))
            }
            None => return Err(err("missing field \"itemReviewed.datePublished\"".into())),
        }
    }

    let claim = Claim {
        id,
        quote,
        claim_reviewed,
        verdict,
        verdict_label,
        context: context.unwrap_or_default(),
        sources,
        kind,
        variants,
        reviewed_by: reviewed_by.unwrap_or_default(),
        review_date: review_date.unwrap_or_default(),
        review_url,
        claim_author,
        claim_date,
        appearance_url,
    };
    Ok((claim, warnings))
}

/// Places a numeric rating on the scale by its position between worst and best.
fn verdict_from_numbers(r: &Rating) -> Option<Verdict> {
    let v = r.rating_value.as_ref()?.value()?;
    let best = r
        .best_rating
        .as_ref()
        .and_then(Number::value)
        .unwrap_or(5.0);
    let worst = r
        .worst_rating
        .as_ref()
        .and_then(Number::value)
        .unwrap_or(1.0);
    if best <= worst || v < worst || v > best {
        return None;
    }
    let f = (v - worst) / (best - worst);
    Some(match f {
        f if f >= 0.875 => Verdict::Accurate,
        f if f >= 0.625 => Verdict::MostlyAccurate,
        f if f >= 0.375 => Verdict::NeedsContext,
        f if f >= 0.125 => Verdict::Disputed,
        _ => Verdict::Inaccurate,
    })
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Checks a whole editorial database: every record (see
/// [`claim_from_record`]), unique ids and quotes, and — given the article
/// text — that every quote is verbatim in it. Returns every problem found.
///
/// `records` pairs each record with its position (from 0) in the file, so
/// messages point at the right record even when others failed to parse.
pub fn check_database(
    records: &[(usize, ClaimReviewRecord)],
    article: Option<&str>,
) -> Result<Vec<Claim>, Vec<RecordError>> {
    let mut claims = Vec::new();
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    let mut quotes = HashSet::new();
    if records.is_empty() {
        errors.push(RecordError {
            record: 0,
            id: None,
            problem: "the database has no records".into(),
        });
    }
    for (i, rec) in records {
        let i = *i;
        match claim_from_record(rec, i, Strictness::Editorial) {
            Err(e) => errors.push(e),
            Ok((claim, _)) => {
                let err = |problem: String| RecordError {
                    record: i + 1,
                    id: Some(claim.id.clone()),
                    problem,
                };
                if !ids.insert(claim.id.clone()) {
                    errors.push(err(format!("duplicate id \"{}\"", claim.id)));
                }
                if let Some(q) = &claim.quote {
                    if !quotes.insert(q.clone()) {
                        errors.push(err(
                            "duplicate quote (another record has the same quote)".into()
                        ));
                    }
                    if let Some(a) = article {
                        if !a.contains(q.as_str()) {
                            errors
                                .push(err(format!("quote is not in the article: \"{}\"", clip(q))));
                        }
                    }
                }
                claims.push(claim);
            }
        }
    }
    if errors.is_empty() {
        Ok(claims)
    } else {
        Err(errors)
    }
}

impl Citation {
    fn to_source(&self) -> SourceRecord {
        SourceRecord {
            title: self.name.clone(),
            publisher: self
                .publisher
                .as_ref()
                .and_then(Named::name)
                .map(str::to_string),
            url: self.url.clone(),
            date: self.date_published.clone(),
        }
    }
}

/// Writes a claim as a schema.org ClaimReview record in the schema.org
/// vocabulary only (for the `jsonld` command: markup a publisher pastes into
/// an article page): the id as `identifier`, the context as `reviewBody`,
/// the sources as `citation`, the quote as the Claim's `text`. The widget
/// reads these spellings back, so the markup loads with nothing lost but
/// the matcher's `variants` and the `kind`.
pub fn claim_to_record(c: &Claim) -> ClaimReviewRecord {
    let named = |t: &str, n: String| Named::Thing {
        type_: Some(t.into()),
        name: Some(n),
        url: None,
        job_title: None,
    };
    ClaimReviewRecord {
        type_: Some(OneOrMany::One("ClaimReview".into())),
        url: c.review_url.clone(),
        date_published: Some(c.review_date.clone()).filter(|s| !s.is_empty()),
        author: Some(OneOrMany::One(named("Organization", c.reviewed_by.clone()))),
        claim_reviewed: Some(c.claim_reviewed.clone()),
        review_rating: Some(Rating {
            type_: Some("Rating".into()),
            rating_value: Some(Number::Int(c.verdict.rating_value())),
            best_rating: Some(Number::Int(5)),
            worst_rating: Some(Number::Int(1)),
            alternate_name: Some(c.verdict_label.clone()),
        }),
        item_reviewed: Some(ItemReviewed {
            type_: Some("Claim".into()),
            author: c
                .claim_author
                .clone()
                .map(|n| OneOrMany::One(named("Person", n))),
            date_published: c.claim_date.clone(),
            appearance: c.appearance_url.clone().map(|u| {
                OneOrMany::One(Appearance::Work {
                    type_: Some("CreativeWork".into()),
                    url: Some(u),
                    headline: None,
                })
            }),
            text: c.quote.clone(),
        }),
        identifier: Some(c.id.clone()),
        review_body: Some(c.context.clone()).filter(|s| !s.is_empty()),
        citation: Some(OneOrMany::Many(
            c.sources
                .iter()
                .map(|s| Citation {
                    type_: Some("CreativeWork".into()),
                    name: Some(s.title.clone()),
                    publisher: Some(named("Organization", s.publisher.clone()))
                        .filter(|_| !s.publisher.is_empty()),
                    url: Some(s.url.clone()),
                    date_published: Some(s.date.clone()).filter(|d| is_iso_date(d)),
                })
                .collect(),
        )),
        ..ClaimReviewRecord::default()
    }
}
