//! Claim databases in schema.org ClaimReview (JSON-LD): reading, checking
//! and writing.
//!
//! A document is a list of records, one record, or a JSON-LD document
//! with `@graph`; [`nodes`] is the one reader of those shapes, used by the
//! CLI, the build and the browser alike. Records may carry ClaimLens's own
//! fields beside the schema.org ones (`id`, `quote`, `kind`, `context`,
//! `sources`, `variants`), and the graph may describe the entities claims
//! are `about`.
//!
//! Loading is lenient ([`load`]: report and skip what cannot be shown,
//! lose nothing else); checking is strict and layered ([`rules`]); writing
//! is schema.org only ([`write`]).

pub mod error;
pub mod read;
pub mod rules;
pub mod write;

use crate::json::Json;
use crate::model::{Claim, Entity};
use error::{LoadError, Problem, RecordError, Warning};
use read::{field, is_claim_review, read_entity, read_record};
use std::collections::HashMap;

/// The largest database text accepted. The bundled database is about
/// 100 KB; 10 MB leaves room for a real archive without letting a hostile
/// URL freeze the page.
pub const MAX_DATABASE_BYTES: usize = 10 * 1024 * 1024;

/// Claims and the entities they are about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Database {
    /// The claims, in document order.
    pub claims: Vec<Claim>,
    /// The entities the claims are `about`.
    pub entities: Vec<Entity>,
}

/// What a lenient load produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The usable claims and their entities.
    pub database: Database,
    /// Records that were skipped, and why.
    pub errors: Vec<RecordError>,
    /// Records that were kept but changed (a link dropped, a field cut).
    pub warnings: Vec<Warning>,
}

/// The nodes of a document: its ClaimReview records, and the entities it
/// describes (graph nodes with a name that are not reviews).
#[derive(Debug, Default)]
pub struct Nodes<'a> {
    /// The records, in document order.
    pub records: Vec<&'a Json>,
    /// Entities described in the graph.
    pub entities: Vec<Entity>,
}

/// Parses database text, after the size check.
pub fn parse(text: &str) -> Result<Json, LoadError> {
    check_size(text.len())?;
    Json::parse(text).map_err(LoadError::InvalidJson)
}

/// Refuses a document over [`MAX_DATABASE_BYTES`] before any parsing.
pub fn check_size(bytes: usize) -> Result<(), LoadError> {
    if bytes > MAX_DATABASE_BYTES {
        return Err(LoadError::TooLarge {
            bytes,
            limit: MAX_DATABASE_BYTES,
        });
    }
    Ok(())
}

const SHAPE: &str =
    "expected a list of ClaimReview records, a record, or a JSON-LD document with \"@graph\"";

/// The one reader of document shapes: a list, `@graph`, or one record.
/// In a list or graph, every ClaimReview is a record, and so is any object
/// that states a claim (`claimReviewed` or `quote`) or is not an object at
/// all (it is reported as such); other typed nodes are entities when they
/// have a name, and are otherwise left alone (a `WebPage`, say).
pub fn nodes(doc: &Json) -> Result<Nodes<'_>, LoadError> {
    let items = items(doc)?;
    let (records, entities) = classify(items)?;
    Ok(Nodes {
        records: records.into_iter().map(|i| &items[i]).collect(),
        entities,
    })
}

/// Where the records are among `items`, and the entities described there.
fn classify(items: &[Json]) -> Result<(Vec<usize>, Vec<Entity>), LoadError> {
    let mut records = Vec::new();
    let mut entities = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if is_record(item) || !item.is_object() {
            records.push(i);
        } else if let Some(e) = read_entity(item).filter(|e| !e.name.is_empty()) {
            entities.push(e);
        }
    }
    if records.is_empty() {
        return Err(LoadError::WrongShape("no ClaimReview records found"));
    }
    Ok((records, entities))
}

/// Where a document keeps its nodes: the one reading of its shape, which
/// [`items`] (borrowed) and [`into_items`] (owned) follow.
enum Shape {
    /// A list of nodes.
    List,
    /// A JSON-LD document whose `@graph` lists them.
    Graph,
    /// One record.
    Single,
}

fn shape(doc: &Json) -> Result<Shape, LoadError> {
    match doc {
        Json::Array(_) => Ok(Shape::List),
        Json::Object(_) => match doc.get("@graph") {
            Some(Json::Array(_)) => Ok(Shape::Graph),
            Some(_) => Err(LoadError::WrongShape("\"@graph\" is not a list")),
            None if is_record(doc) => Ok(Shape::Single),
            None => Err(LoadError::WrongShape(SHAPE)),
        },
        _ => Err(LoadError::WrongShape(SHAPE)),
    }
}

/// The nodes of a document, by its shape.
fn items(doc: &Json) -> Result<&[Json], LoadError> {
    Ok(match (shape(doc)?, doc) {
        (Shape::Graph, _) => match doc.get("@graph") {
            Some(Json::Array(items)) => items,
            _ => &[],
        },
        (Shape::List, Json::Array(items)) => items,
        _ => std::slice::from_ref(doc),
    })
}

/// The nodes of a document, taken out of it (so that each record can be
/// taken in turn as it is read, and its memory freed a record at a time).
fn into_items(doc: Json) -> Result<Vec<Json>, LoadError> {
    Ok(match (shape(&doc)?, doc) {
        (Shape::Graph, Json::Object(members)) => match members.into_iter().rev().find(|(k, _)| k == "@graph") {
            Some((_, Json::Array(items))) => items,
            _ => Vec::new(),
        },
        (Shape::List, Json::Array(items)) => items,
        (_, doc) => vec![doc],
    })
}

/// A ClaimReview, or an untyped object that states a claim.
fn is_record(node: &Json) -> bool {
    is_claim_review(node)
        || (node.get(field::TYPE).is_none()
            && (node.get(field::CLAIM_REVIEWED).is_some() || node.get(field::QUOTE).is_some()))
}

/// Loads database text leniently (the run-time rules).
pub fn load(text: &str) -> Result<Loaded, LoadError> {
    load_document(parse(text)?)
}

/// Loads a parsed document leniently: each record becomes a claim or an
/// error; a repeated id is an error for the later record.
pub fn load_document(doc: Json) -> Result<Loaded, LoadError> {
    Reading::new(doc)?.finish()
}

/// A lenient load a few records at a time, so a page stays responsive
/// while a large database is read: [`Reading::step`] reads some records,
/// [`Reading::finish`] gives the result. It owns the parsed document.
pub struct Reading {
    /// The document's nodes (each record is taken out as it is read).
    items: Vec<Json>,
    /// Where the records are among the document's nodes.
    records: Vec<usize>,
    next: usize,
    seen: HashMap<String, ()>,
    loaded: Loaded,
}

impl Reading {
    /// Starts reading `doc` (fails at once on a document of the wrong shape).
    pub fn new(doc: Json) -> Result<Reading, LoadError> {
        let items = into_items(doc)?;
        let (records, entities) = classify(&items)?;
        let mut loaded = Loaded::default();
        loaded.database.entities = entities;
        Ok(Reading {
            items,
            records,
            next: 0,
            seen: HashMap::new(),
            loaded,
        })
    }

    /// How many records the document holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when the document holds no records (never, once `new` succeeded).
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Reads up to `n` more records; true when all are read.
    pub fn step(&mut self, n: usize) -> bool {
        let end = self.records.len().min(self.next.saturating_add(n));
        for i in self.next..end {
            let Some(slot) = self.items.get_mut(self.records[i]) else { continue };
            let record = std::mem::replace(slot, Json::Null);
            let loaded = &mut self.loaded;
            match read_record(&record, i) {
                Ok(read) => {
                    loaded.warnings.extend(read.warnings);
                    if self.seen.insert(read.claim.id.clone(), ()).is_some() {
                        loaded.errors.push(RecordError {
                            record: i + 1,
                            id: Some(read.claim.id),
                            field: field::ID.into(),
                            problem: Problem::Duplicate("id".into()),
                        });
                        continue;
                    }
                    for e in read.entities {
                        add_entity(&mut loaded.database.entities, e);
                    }
                    loaded.database.claims.push(read.claim);
                }
                Err(e) => loaded.errors.push(e),
            }
        }
        self.next = end;
        self.next == self.records.len()
    }

    /// The claims read, or why none could be used.
    pub fn finish(mut self) -> Result<Loaded, LoadError> {
        while !self.step(usize::MAX) {}
        if self.loaded.database.claims.is_empty() {
            return Err(LoadError::NoUsableClaims(self.loaded.errors));
        }
        Ok(self.loaded)
    }
}

/// Adds an entity unless one with its id is there (the first description wins).
fn add_entity(entities: &mut Vec<Entity>, e: Entity) {
    if !entities.iter().any(|x| x.id == e.id) {
        entities.push(e);
    }
}

/// Why a database failed its checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Invalid {
    /// The document as a whole could not be read.
    Document(LoadError),
    /// These records break the rules.
    Records(Vec<RecordError>),
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Document(e) => write!(f, "{e}"),
            Invalid::Records(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

/// Checks database text by `rules` and loads it: the claims when every
/// check passes, otherwise every problem found.
pub fn validate(text: &str, rules: &rules::Rules) -> Result<Database, Invalid> {
    let doc = parse(text).map_err(Invalid::Document)?;
    let nodes = nodes(&doc).map_err(Invalid::Document)?;
    let entity_ids: Vec<String> = nodes.entities.iter().map(|e| e.id.clone()).collect();
    let problems = rules::check_database(&nodes.records, &entity_ids, rules);
    if !problems.is_empty() {
        return Err(Invalid::Records(problems));
    }
    match load_document(doc) {
        Ok(loaded) if loaded.errors.is_empty() => Ok(loaded.database),
        Ok(loaded) => Err(Invalid::Records(loaded.errors)),
        Err(LoadError::NoUsableClaims(errors)) => Err(Invalid::Records(errors)),
        Err(e) => Err(Invalid::Document(e)),
    }
}

impl Database {
    /// Adds `other`'s claims: a claim whose id is already here replaces
    /// the old one (an update), the others are appended. Returns how many
    /// were taken.
    pub fn merge(&mut self, other: Database) -> usize {
        let mut at: HashMap<String, usize> = self
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let taken = other.claims.len();
        for c in other.claims {
            match at.get(&c.id) {
                Some(&i) => self.claims[i] = c,
                None => {
                    at.insert(c.id.clone(), self.claims.len());
                    self.claims.push(c);
                }
            }
        }
        for e in other.entities {
            add_entity(&mut self.entities, e);
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_shape_reads_alike() {
        let record = r#"{"@type":"ClaimReview","claimReviewed":"The world is flat","url":"https://a.example/1","reviewRating":{"alternateName":"False"}}"#;
        for doc in [
            record.to_string(),
            format!("[{record}]"),
            format!(r#"{{"@context":"https://schema.org","@graph":[{record},{{"@type":"WebPage","url":"x"}}]}}"#),
        ] {
            let loaded = load(&doc).unwrap();
            assert_eq!(loaded.database.claims.len(), 1, "{doc}");
            assert_eq!(loaded.database.claims[0].id, "https://a.example/1", "id from url");
        }
        assert!(matches!(load("{\"a\":1}"), Err(LoadError::WrongShape(_))));
        assert!(matches!(load("[1, 2]"), Err(LoadError::NoUsableClaims(e)) if e.len() == 2));
    }

    #[test]
    fn merge_replaces_by_id_and_appends_the_rest() {
        let claim = |id: &str, text: &str| Claim {
            id: id.into(),
            claim_reviewed: text.into(),
            ..Claim::default()
        };
        let mut db = Database {
            claims: vec![claim("a", "1"), claim("b", "2")],
            entities: vec![],
        };
        let taken = db.merge(Database {
            claims: vec![claim("b", "new"), claim("c", "3")],
            entities: vec![],
        });
        assert_eq!(taken, 2);
        let got: Vec<(&str, &str)> = db.claims.iter().map(|c| (c.id.as_str(), c.claim_reviewed.as_str())).collect();
        assert_eq!(got, [("a", "1"), ("b", "new"), ("c", "3")]);
    }
}
