//! Loading a claim database: from JSON text (natively, with serde_json) or
//! from records the web layer already parsed with the browser's own
//! `JSON.parse`, into checked [`Claim`]s.
//!
//! The rule for bad input is "report it and lose nothing": a record that
//! cannot be used is reported with its position and skipped; a document that
//! cannot be read at all is one typed [`LoadError`] and the caller keeps the
//! claims it had.

use crate::claims::{
    claim_from_record, Claim, ClaimReviewRecord, RecordError, Strictness, Warning,
};
use std::collections::HashSet;
use std::fmt;

/// The largest database text accepted at run time. The bundled database is
/// about 100 KB; 10 MB leaves room for a real archive without letting a
/// hostile URL freeze the page.
pub const MAX_DATABASE_BYTES: usize = 10 * 1024 * 1024;

/// Why a whole database could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// Larger than [`MAX_DATABASE_BYTES`].
    TooLarge { bytes: usize, limit: usize },
    /// Not JSON at all.
    InvalidJson(String),
    /// JSON, but not ClaimReview records (array, `@graph` or one record).
    WrongShape(String),
    /// The URL could not be fetched.
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
            LoadError::TooLarge { bytes, limit } => {
                write!(
                    f,
                    "claim database is {bytes} bytes; the limit is {limit} bytes"
                )
            }
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

/// The claims a load produced, with what was skipped or repaired.
#[derive(Debug, Default)]
pub struct Loaded {
    pub claims: Vec<Claim>,
    /// Records that were skipped, and why.
    pub errors: Vec<RecordError>,
    /// Records that were kept but changed (a link dropped, a field cut).
    pub warnings: Vec<Warning>,
}

/// Turns already-deserialised records into claims, leniently: each record
/// either becomes a claim or an error; a repeated id within the same
/// database is an error for the later record.
pub fn claims_from_records(
    records: impl IntoIterator<Item = Result<ClaimReviewRecord, String>>,
) -> Result<Loaded, LoadError> {
    let mut loaded = Loaded::default();
    let mut ids = HashSet::new();
    let mut seen = 0;
    for (i, rec) in records.into_iter().enumerate() {
        seen += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(problem) => {
                loaded.errors.push(RecordError {
                    record: i + 1,
                    id: None,
                    problem,
                });
                continue;
            }
        };
        match claim_from_record(&rec, i, Strictness::Lenient) {
            Ok((claim, warnings)) => {
                loaded.warnings.extend(warnings);
                if ids.insert(claim.id.clone()) {
                    loaded.claims.push(claim);
                } else {
                    loaded.errors.push(RecordError {
                        record: i + 1,
                        id: Some(claim.id.clone()),
                        problem: format!("duplicate id \"{}\"", claim.id),
                    });
                }
            }
            Err(e) => loaded.errors.push(e),
        }
    }
    if seen == 0 {
        return Err(LoadError::WrongShape("no ClaimReview records found".into()));
    }
    if loaded.claims.is_empty() {
        return Err(LoadError::NoUsableClaims(loaded.errors));
    }
    Ok(loaded)
}

/// Refuses text over [`MAX_DATABASE_BYTES`] before any parsing happens.
pub fn check_size(bytes: usize) -> Result<(), LoadError> {
    if bytes > MAX_DATABASE_BYTES {
        return Err(LoadError::TooLarge {
            bytes,
            limit: MAX_DATABASE_BYTES,
        });
    }
    Ok(())
}

/// Parses database JSON text into records (each may fail on its own).
#[cfg(not(target_arch = "wasm32"))]
pub fn records_from_json(text: &str) -> Result<Vec<Result<ClaimReviewRecord, String>>, LoadError> {
    use serde_json::Value;
    check_size(text.len())?;
    let doc: Value =
        serde_json::from_str(text).map_err(|e| LoadError::InvalidJson(e.to_string()))?;
    let items: Vec<Value> = match doc {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("@graph") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err(LoadError::WrongShape("\"@graph\" is not an array".into())),
            None if map.contains_key("@type") || map.contains_key("claimReviewed") => {
                vec![Value::Object(map)]
            }
            None => return Err(LoadError::WrongShape(
                "expected an array of ClaimReview records, a record, or an object with \"@graph\""
                    .into(),
            )),
        },
        _ => {
            return Err(LoadError::WrongShape(
                "expected an array of ClaimReview records, a record, or an object with \"@graph\""
                    .into(),
            ))
        }
    };
    Ok(items
        .into_iter()
        .map(|v| match v {
            Value::Object(_) => {
                serde_json::from_value::<ClaimReviewRecord>(v).map_err(|e| e.to_string())
            }
            other => Err(format!("expected an object, found {}", json_kind(&other))),
        })
        .collect())
}

#[cfg(not(target_arch = "wasm32"))]
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Loads a database from JSON text, leniently (run-time rules).
#[cfg(not(target_arch = "wasm32"))]
pub fn load_json(text: &str) -> Result<Loaded, LoadError> {
    claims_from_records(records_from_json(text)?)
}

/// Checks database JSON text by the editorial rules (the build and the
/// `validate` command): every problem, as "record N (id "x"): what".
#[cfg(not(target_arch = "wasm32"))]
pub fn validate_json(text: &str, article: Option<&str>) -> Result<Vec<Claim>, Vec<String>> {
    let records = records_from_json(text).map_err(|e| vec![e.to_string()])?;
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        match r {
            Ok(r) => parsed.push((i, r)),
            Err(e) => errors.push(format!("record {}: {e}", i + 1)),
        }
    }
    match crate::claims::check_database(&parsed, article) {
        Ok(claims) if errors.is_empty() => Ok(claims),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more.iter().map(ToString::to_string));
            Err(errors)
        }
    }
}

/// A JSON-LD document holding `records` in `@graph`: the shape ClaimLens
/// writes (the `jsonld` command, the CheckThat! importer) and reads.
#[cfg(not(target_arch = "wasm32"))]
pub fn graph_document(records: &[ClaimReviewRecord]) -> serde_json::Value {
    serde_json::json!({ "@context": "https://schema.org", "@graph": records })
}
