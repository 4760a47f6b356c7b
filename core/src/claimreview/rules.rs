//! The checks an editor runs on a database, in three layers that can be
//! asked for separately:
//!
//! * **schema.org**: what any fact-checker's ClaimReview markup must get
//!   right (type, claim, verdict, rating range, URL and date formats). Any
//!   publisher's markup can be checked with this layer alone.
//! * **ClaimLens**: the project's own promises to a reader (an id, the
//!   verbatim quote, a kind, context, complete sources, the verdict scale),
//!   for records that use ClaimLens fields, or for every record of a
//!   database that ships with the widget.
//! * **publication**: what blocks publishing the markup (placeholder or
//!   plain-http URLs, hosts that copy other pages, no absolute `@id`).
//!
//! Each check collects every problem it finds, naming record and field.

use super::error::{Problem, RecordError};
use super::read::{bounded, explicit_id, field, rating_label, MAX_FIELD_CHARS, MAX_SOURCES, MAX_VARIANTS, UNREVIEWED};
use crate::json::Json;
use crate::model::{is_http_url, is_iso_date, ClaimKind, Verdict};

/// Which ClaimLens rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extras {
    /// Every record must carry every ClaimLens field (a database that ships
    /// with the widget).
    Required,
    /// Records that use any ClaimLens field are held to all of them; plain
    /// schema.org markup is checked as schema.org only.
    WhereUsed,
}

/// What to check.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// ClaimLens rules.
    pub extras: Extras,
    /// The article the quotes come from: each must be verbatim in it.
    pub article: Option<&'a str>,
    /// Also the publication checks.
    pub publication: bool,
}

impl Rules<'_> {
    /// The rules for a database bundled into the widget.
    pub fn editorial(article: Option<&str>) -> Rules<'_> {
        Rules {
            extras: Extras::Required,
            article,
            publication: false,
        }
    }
}

/// The ClaimLens-only fields: a record with any of them is a ClaimLens record.
const EXTRA_FIELDS: [&str; 5] = [field::QUOTE, field::KIND, field::CONTEXT, field::SOURCES, field::VARIANTS];

/// Collects the problems of one record.
struct Check<'a> {
    record: usize,
    id: Option<String>,
    problems: &'a mut Vec<RecordError>,
}

impl Check<'_> {
    fn add(&mut self, field: &str, problem: Problem) {
        self.problems.push(RecordError {
            record: self.record,
            id: self.id.clone(),
            field: field.to_string(),
            problem,
        });
    }

    /// A required text field: present, a string, not blank, not too long.
    fn required_text(&mut self, node: Option<&Json>, path: &str, max: usize) -> Option<String> {
        match node {
            None => self.add(path, Problem::Missing),
            Some(Json::String(s)) if s.trim().is_empty() => self.add(path, Problem::Missing),
            Some(Json::String(s)) if s.chars().nth(max).is_some() => self.add(path, Problem::TooLong(max)),
            Some(Json::String(s)) => return Some(s.trim().to_string()),
            Some(_) => self.add(path, Problem::WrongType("text")),
        }
        None
    }

    fn date(&mut self, node: Option<&Json>, path: &str) {
        match node.map(|d| (d, d.as_str())) {
            Some((_, Some(d))) if is_iso_date(d.trim()) => {}
            Some((_, Some(d))) => self.add(path, Problem::BadDate(d.into())),
            Some((_, None)) => self.add(path, Problem::WrongType("a date in text")),
            None => {}
        }
    }

    fn url(&mut self, node: Option<&Json>, path: &str) {
        match node.map(|u| (u, u.as_str())) {
            Some((_, Some(u))) if is_http_url(u.trim()) => {}
            Some((_, Some(u))) => self.add(path, Problem::NotHttp(u.into())),
            Some((_, None)) => self.add(path, Problem::WrongType("a URL in text")),
            None => {}
        }
    }
}

/// Checks one record (at position `index`, from 0) by `rules`, adding
/// every problem to `problems`.
pub fn check_record(rec: &Json, index: usize, rules: &Rules, problems: &mut Vec<RecordError>) {
    let mut c = Check {
        record: index + 1,
        id: explicit_id(rec).map(|s| bounded(s, 80)),
        problems,
    };
    if !rec.is_object() {
        c.add("", Problem::NotAnObject(rec.kind()));
        return;
    }
    schema_org(rec, &mut c);
    let uses_extras = EXTRA_FIELDS.iter().any(|f| rec.get(f).is_some());
    if rules.extras == Extras::Required || uses_extras {
        claimlens(rec, &mut c);
    }
    if rules.publication {
        publication(rec, &mut c);
    }
}

/// What schema.org's ClaimReview (and Google's Fact Check markup) asks of
/// any publisher's record.
fn schema_org(rec: &Json, c: &mut Check) {
    match rec.get(field::TYPE) {
        None => c.add(field::TYPE, Problem::Missing),
        Some(_) if super::read::is_claim_review(rec) => {}
        Some(t) => c.add(
            field::TYPE,
            Problem::NotClaimReview(t.one_or_many().first().and_then(Json::as_str).unwrap_or("").into()),
        ),
    }
    c.required_text(rec.get(field::CLAIM_REVIEWED), field::CLAIM_REVIEWED, MAX_FIELD_CHARS);
    c.url(rec.get(field::URL), field::URL);
    c.date(rec.get(field::DATE_PUBLISHED), field::DATE_PUBLISHED);
    let Some(rating) = rec.get(field::REVIEW_RATING) else {
        c.add(field::REVIEW_RATING, Problem::Missing);
        return;
    };
    if rating_label(rec).is_none() {
        c.add("reviewRating.alternateName", Problem::Missing);
    }
    let number = |f: &str| rating.get(f).map(|v| (v.as_f64(), v));
    let mut numbers = [None; 3];
    for (slot, name) in numbers.iter_mut().zip([field::RATING_VALUE, field::BEST_RATING, field::WORST_RATING]) {
        match number(name) {
            Some((Some(n), _)) => *slot = Some(n),
            Some((None, _)) => c.add(&format!("reviewRating.{name}"), Problem::WrongType("a number")),
            None => {}
        }
    }
    if let [Some(value), best, worst] = numbers {
        let (best, worst) = (best.unwrap_or(5.0), worst.unwrap_or(1.0));
        if best <= worst || value < worst || value > best {
            c.add("reviewRating.ratingValue", Problem::RatingOutOfRange);
        }
    }
    if let Some(item) = rec.get(field::ITEM_REVIEWED) {
        c.date(item.get(field::DATE_PUBLISHED), "itemReviewed.datePublished");
        for (n, a) in item.get(field::APPEARANCE).map(Json::one_or_many).unwrap_or_default().iter().enumerate() {
            c.url(a.get(field::URL).or(a.as_str().map(|_| a)), &format!("itemReviewed.appearance[{}].url", n + 1));
        }
    }
}

/// The promises a ClaimLens database makes to its readers.
fn claimlens(rec: &Json, c: &mut Check) {
    match explicit_id(rec) {
        None => c.add(field::ID, Problem::Missing),
        Some(id) if !is_slug(id) => c.add(field::ID, Problem::NotSlug(id.into())),
        Some(_) => {}
    }
    c.required_text(rec.get(field::QUOTE), field::QUOTE, MAX_FIELD_CHARS);
    c.required_text(rec.get(field::CONTEXT), field::CONTEXT, MAX_FIELD_CHARS);
    c.required_text(rec.get(field::DATE_PUBLISHED), field::DATE_PUBLISHED, 10);
    if super::read::first_name(rec.get(field::AUTHOR)).is_none() {
        c.add("author.name", Problem::Missing);
    }

    // The verdict: exactly a label of the scale, with the numbers it takes.
    let verdict = match rating_label(rec) {
        Some(l) if l.eq_ignore_ascii_case(UNREVIEWED) => {
            c.add("reviewRating.alternateName", Problem::Unreviewed);
            None
        }
        Some(l) => {
            let v = Verdict::from_label(l);
            if v.is_none() {
                c.add("reviewRating.alternateName", Problem::OffScale(l.into()));
            }
            v
        }
        None => None,
    };
    if let (Some(v), Some(rating)) = (verdict, rec.get(field::REVIEW_RATING)) {
        let value = rating.get(field::RATING_VALUE).and_then(Json::as_f64);
        let scale = [field::BEST_RATING, field::WORST_RATING].map(|f| rating.get(f).and_then(Json::as_f64));
        match v.rating_value() {
            Some(expected) => {
                if value != Some(expected as f64) {
                    c.add("reviewRating.ratingValue", Problem::RatingMismatch(Some(expected)));
                }
                if scale != [Some(Verdict::BEST_RATING as f64), Some(Verdict::WORST_RATING as f64)] {
                    c.add("reviewRating.bestRating", Problem::RatingMismatch(Some(Verdict::BEST_RATING)));
                }
            }
            None if value.is_some() || scale.iter().any(Option::is_some) => {
                c.add("reviewRating.ratingValue", Problem::RatingMismatch(None));
            }
            None => {}
        }
    }
    let kind = match rec.get(field::KIND).map(|k| k.as_str()) {
        None => {
            c.add(field::KIND, Problem::Missing);
            None
        }
        Some(Some(k)) => {
            let kind = ClaimKind::parse(k);
            if kind.is_none() {
                c.add(field::KIND, Problem::UnknownKind(k.into()));
            }
            kind
        }
        Some(None) => {
            c.add(field::KIND, Problem::WrongType("text"));
            None
        }
    };
    if let (Some(k), Some(v)) = (kind, verdict) {
        if (k == ClaimKind::Opinion) != (v == Verdict::Opinion) {
            c.add(field::KIND, Problem::OpinionMismatch);
        }
    }

    match rec.get(field::SOURCES).map(Json::one_or_many) {
        None | Some([]) => c.add(field::SOURCES, Problem::Missing),
        Some(list) => {
            if list.len() > MAX_SOURCES {
                c.add(field::SOURCES, Problem::TooMany(MAX_SOURCES));
            }
            for (n, s) in list.iter().enumerate() {
                let path = |f: &str| format!("sources[{}].{f}", n + 1);
                for f in [field::TITLE, field::PUBLISHER, field::URL, field::DATE] {
                    c.required_text(s.get(f), &path(f), 300);
                }
                c.url(s.get(field::URL), &path(field::URL));
                if s.get(field::DATE).and_then(Json::as_str) != Some("n.d.") {
                    c.date(s.get(field::DATE), &path(field::DATE));
                }
            }
        }
    }
    if rec.get(field::VARIANTS).map_or(0, |v| v.one_or_many().len()) > MAX_VARIANTS {
        c.add(field::VARIANTS, Problem::TooMany(MAX_VARIANTS));
    }

    match rec.get(field::ITEM_REVIEWED) {
        None => c.add(field::ITEM_REVIEWED, Problem::Missing),
        Some(item) => {
            if super::read::first_name(item.get(field::AUTHOR)).is_none() {
                c.add("itemReviewed.author.name", Problem::Missing);
            }
            if item.get(field::DATE_PUBLISHED).is_none() {
                c.add("itemReviewed.datePublished", Problem::Missing);
            }
            if item.get(field::APPEARANCE).is_none() {
                c.add("itemReviewed.appearance", Problem::Missing);
            }
        }
    }
}

/// What blocks publishing the markup on the web.
fn publication(rec: &Json, c: &mut Check) {
    let mut urls: Vec<(String, &str)> = Vec::new();
    match rec.get(field::URL).and_then(Json::as_str) {
        Some(u) => urls.push((field::URL.into(), u)),
        None => c.add(field::URL, Problem::Missing),
    }
    match rec.get(field::AT_ID).and_then(Json::as_str) {
        Some(id) if is_http_url(id) => urls.push((field::AT_ID.into(), id)),
        _ => c.add(field::AT_ID, Problem::NoAbsoluteId),
    }
    if let Some(u) = rec.get(field::AUTHOR).and_then(|a| a.get(field::URL)).and_then(Json::as_str) {
        urls.push(("author.url".into(), u));
    }
    for list in [field::SOURCES, field::CITATION] {
        for (n, s) in rec.get(list).map(Json::one_or_many).unwrap_or_default().iter().enumerate() {
            if let Some(u) = s.get(field::URL).and_then(Json::as_str) {
                urls.push((format!("{list}[{}].url", n + 1), u));
            }
        }
    }
    for (path, url) in urls {
        let host = host_of(url);
        if is_placeholder_host(&host) {
            c.add(&path, Problem::Placeholder(host));
        } else if !url.trim().get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")) {
            c.add(&path, Problem::NotHttps(url.into()));
        } else if is_copy_host(&host, url) {
            c.add(&path, Problem::CopyHost(host));
        }
    }
}

/// Checks the whole database: every record, then unique ids and quotes,
/// quotes verbatim in the article, and `about` naming described entities.
pub fn check_database(records: &[&Json], entity_ids: &[String], rules: &Rules) -> Vec<RecordError> {
    let mut problems = Vec::new();
    if records.is_empty() {
        problems.push(RecordError {
            record: 0,
            id: None,
            field: String::new(),
            problem: Problem::Missing,
        });
    }
    let mut ids = std::collections::HashSet::new();
    let mut quotes = std::collections::HashSet::new();
    for (i, rec) in records.iter().enumerate() {
        check_record(rec, i, rules, &mut problems);
        let mut c = Check {
            record: i + 1,
            id: explicit_id(rec).map(str::to_string),
            problems: &mut problems,
        };
        if let Some(id) = explicit_id(rec) {
            if !ids.insert(id) {
                c.add(field::ID, Problem::Duplicate("id".into()));
            }
        }
        if let Some(q) = rec.get(field::QUOTE).and_then(Json::as_str) {
            if !quotes.insert(q) {
                c.add(field::QUOTE, Problem::Duplicate("quote".into()));
            }
            if rules.article.is_some_and(|a| !a.contains(q)) {
                c.add(field::QUOTE, Problem::NotInArticle);
            }
        }
        if rules.extras == Extras::Required {
            for about in rec.get(field::ABOUT).map(Json::one_or_many).unwrap_or_default() {
                let id = about.get(field::AT_ID).and_then(Json::as_str).or(about.as_str());
                if let Some(id) = id.filter(|id| !entity_ids.iter().any(|e| e == id)) {
                    c.add(field::ABOUT, Problem::UnknownEntity(id.into()));
                }
            }
        }
    }
    problems
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// The host of an http(s) URL, lower-cased, without port or credentials.
pub fn host_of(url: &str) -> String {
    let rest = url.trim().split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Hosts reserved for documentation and testing (RFC 2606, RFC 6761) and
/// this machine: a page there is not published anywhere.
pub fn is_placeholder_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    let domain = labels.get(labels.len().saturating_sub(2)).copied().unwrap_or("");
    matches!(tld, "example" | "test" | "invalid" | "localhost" | "local")
        || (domain == "example" && matches!(tld, "com" | "org" | "net"))
        || host.is_empty()
        || host == "127.0.0.1"
        || host == "[::1]"
}

/// Hosts that serve copies of other publishers' pages rather than the
/// original: blog reposts and archives, staging sites, translation
/// wrappers and scraper mirrors. A fact-check cites the original.
const COPY_HOSTS: &[&str] = &[
    ".blogspot.com",
    ".translate.goog",
    "translate.google.",
    "translate.googleusercontent.com",
    "digital-stage.",
    "staging.",
    "naaju.com",
    "sagapedia.com",
    "infodecay.com",
    "newssummedup.com",
];

/// True when the host copies other pages (see [`COPY_HOSTS`]).
pub fn is_copy_host(host: &str, url: &str) -> bool {
    let dotted = format!(".{host}");
    COPY_HOSTS.iter().any(|pattern| {
        if let Some(suffix) = pattern.strip_prefix('.') {
            dotted.ends_with(&format!(".{suffix}"))
        } else if pattern.ends_with('.') {
            host.starts_with(pattern) || dotted.contains(&format!(".{pattern}"))
        } else {
            host == *pattern || dotted.ends_with(&format!(".{pattern}"))
        }
    }) || url.contains("/_x_tr_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_and_classified() {
        assert_eq!(host_of("https://User@Reviews.Claimlens.Example:8443/a?b"), "reviews.claimlens.example");
        assert!(is_placeholder_host("claimlens.example"));
        assert!(is_placeholder_host("www.example.org"));
        assert!(!is_placeholder_host("example.co.uk.news.org"));
        assert!(is_copy_host("un-report.blogspot.com", "https://un-report.blogspot.com/2019/"));
        assert!(is_copy_host("digital-stage.thehill.com", "https://digital-stage.thehill.com/x"));
        assert!(is_copy_host("www-armscontrol-org.translate.goog", "https://www-armscontrol-org.translate.goog/"));
        assert!(is_copy_host("naaju.com", "https://naaju.com/x"));
        assert!(!is_copy_host("www.wsj.com", "https://www.wsj.com/x"));
        assert!(!is_copy_host("thehill.com", "https://thehill.com/opinion/x"));
    }
}
