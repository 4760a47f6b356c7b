//! Typed errors for claim databases: a whole document that cannot be read
//! ([`LoadError`], with a stable [`LoadError::code`] for the JS error's
//! `code`), and a problem with one record ([`RecordError`]: which record,
//! which field, what [`Problem`]).

use crate::json::SyntaxError;
use std::fmt;

/// Why a whole database could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Larger than the limit (see [`super::MAX_DATABASE_BYTES`]).
    TooLarge {
        /// The document's size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// Not JSON at all.
    InvalidJson(SyntaxError),
    /// JSON, but not ClaimReview records (a list, `@graph` or one record).
    WrongShape(&'static str),
    /// The URL could not be fetched (the web layer fills in why).
    Unreachable(String),
    /// Records were there but none could be used; each problem is listed.
    NoUsableClaims(Vec<RecordError>),
}

impl LoadError {
    /// A short stable code for the JS error's `code` property.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::TooLarge { .. } => "too-large",
            LoadError::InvalidJson(_) => "invalid-json",
            LoadError::WrongShape(_) => "wrong-shape",
            LoadError::Unreachable(_) => "unreachable",
            LoadError::NoUsableClaims(_) => "no-usable-claims",
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TooLarge { bytes, limit } => write!(
                f,
                "claim database is {bytes} bytes; the limit is {limit} bytes"
            ),
            LoadError::InvalidJson(e) => write!(f, "claim database is not valid JSON: {e}"),
            LoadError::WrongShape(e) => write!(f, "claim database has the wrong shape: {e}"),
            LoadError::Unreachable(e) => write!(f, "claim database could not be fetched: {e}"),
            LoadError::NoUsableClaims(errors) => {
                write!(f, "claim database has no usable claims")?;
                for e in errors.iter().take(5) {
                    write!(f, "; {e}")?;
                }
                if errors.len() > 5 {
                    write!(f, "; and {} more", errors.len() - 5)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// What is wrong with one field of a record (or, for a repair, what was
/// done to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The record is not a JSON object (it is the given kind).
    NotAnObject(&'static str),
    /// `@type` is present and is not ClaimReview.
    NotClaimReview(String),
    /// A required field is absent or blank.
    Missing,
    /// The field has the wrong JSON type (expected this).
    WrongType(&'static str),
    /// Neither `claimReviewed` nor `quote`: nothing to match.
    NothingToMatch,
    /// Longer than the limit (editorial), or cut to it (a repair).
    TooLong(usize),
    /// More entries than the limit (editorial), or cut to it (a repair).
    TooMany(usize),
    /// An id that is not a slug.
    NotSlug(String),
    /// A URL that is not http(s) (rejected, or dropped as a repair).
    NotHttp(String),
    /// A date that is not `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    BadDate(String),
    /// A verdict label that is not on the scale (and, at run time, no
    /// numbers to place it by).
    OffScale(String),
    /// A draft's verdict: nobody has reviewed this claim yet.
    Unreviewed,
    /// `ratingValue` that does not fit the verdict (`None`: the verdict
    /// takes no number).
    RatingMismatch(Option<i64>),
    /// `ratingValue` outside `worstRating..=bestRating`, or those two the
    /// wrong way round.
    RatingOutOfRange,
    /// A `kind` that is not one of the four.
    UnknownKind(String),
    /// `kind: opinion` without the Opinion verdict, or the reverse.
    OpinionMismatch,
    /// The same id, or quote, as an earlier record.
    Duplicate(String),
    /// The quote is not verbatim in the article.
    NotInArticle,
    /// `about` names an entity the database does not describe.
    UnknownEntity(String),
    /// Publication: a placeholder host (example.*, localhost…).
    Placeholder(String),
    /// Publication: a plain-http URL.
    NotHttps(String),
    /// Publication: a host that copies other pages (a mirror, a repost, a
    /// staging site, a translation wrapper, an aggregator).
    CopyHost(String),
    /// Publication: no absolute `@id`.
    NoAbsoluteId,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotAnObject(kind) => write!(f, "expected an object, found {kind}"),
            Problem::NotClaimReview(t) => write!(f, "is \"{t}\", not ClaimReview"),
            Problem::Missing => write!(f, "is missing"),
            Problem::WrongType(t) => write!(f, "should be {t}"),
            Problem::NothingToMatch => {
                write!(f, "missing both \"claimReviewed\" and \"quote\": nothing to match")
            }
            Problem::TooLong(max) => write!(f, "is longer than {max} characters"),
            Problem::TooMany(max) => write!(f, "has more than {max} entries"),
            Problem::NotSlug(s) => write!(f, "\"{s}\" is not a slug (use a-z, 0-9 and -)"),
            Problem::NotHttp(u) => write!(f, "\"{}\" is not an http(s) URL", clip(u)),
            Problem::BadDate(d) => write!(f, "\"{}\" is not YYYY-MM-DD, YYYY-MM or YYYY", clip(d)),
            Problem::OffScale(l) => write!(
                f,
                "verdict \"{}\" is not on the scale ({})",
                clip(l),
                crate::model::Verdict::ALL.map(crate::model::Verdict::label).join(", ")
            ),
            Problem::Unreviewed => write!(
                f,
                "is \"Unreviewed\": a draft's claim needs a reviewed verdict before it ships"
            ),
            Problem::RatingMismatch(Some(v)) => write!(f, "must be {v} for this verdict"),
            Problem::RatingMismatch(None) => write!(
                f,
                "must be left out for this verdict (it is not a degree of accuracy)"
            ),
            Problem::RatingOutOfRange => {
                write!(f, "is outside worstRating..bestRating (or they are reversed)")
            }
            Problem::UnknownKind(k) => write!(
                f,
                "\"{}\" is not one of statistic, event, attribution, opinion",
                clip(k)
            ),
            Problem::OpinionMismatch => {
                write!(f, "kind \"opinion\" and verdict \"Opinion\" go together")
            }
            Problem::Duplicate(what) => write!(f, "repeats an earlier record's {what}"),
            Problem::NotInArticle => write!(f, "is not verbatim in the article"),
            Problem::UnknownEntity(e) => write!(f, "names \"{}\", which the database does not describe", clip(e)),
            Problem::Placeholder(host) => write!(f, "uses the placeholder host {host}"),
            Problem::NotHttps(u) => write!(f, "\"{}\" is not https", clip(u)),
            Problem::CopyHost(host) => write!(
                f,
                "cites {host}, which copies other pages (a mirror, repost, staging host, \
                 translation wrapper or aggregator): cite the primary source"
            ),
            Problem::NoAbsoluteId => write!(f, "has no absolute @id (an https URL)"),
        }
    }
}

/// A problem with one record of a database, or a repair made to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Position of the record in the database, counting from 1 (0 for the
    /// database as a whole).
    pub record: usize,
    /// The record's id, when it has one.
    pub id: Option<String>,
    /// The field, as a path ("reviewRating.ratingValue", "sources[2].url");
    /// empty for the record as a whole.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Something that was accepted but changed on the way in (a link dropped, a
/// field cut); reported as a console warning.
pub type Warning = RecordError;

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.record == 0 {
            write!(f, "the database")?;
        } else {
            write!(f, "record {}", self.record)?;
        }
        if let Some(id) = &self.id {
            write!(f, " (id \"{}\")", clip(id))?;
        }
        if self.field.is_empty() {
            write!(f, ": {}", self.problem)
        } else {
            write!(f, ", field \"{}\": {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for RecordError {}

/// At most 60 characters of `s`, with an ellipsis when cut.
pub(crate) fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}
