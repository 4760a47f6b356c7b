//! The archive of verified claims: reading `verified_claims.docs.tsv`,
//! merging exact duplicates, and writing the claims as ClaimReview records
//! the core's lenient loader accepts.
//!
//! **Duplicates.** The benchmark's archive lists some claims more than once
//! (184 groups, 185 extra records in the 10,375): the same sentence
//! published again with other quotation marks (`"` for `'`), a trailing
//! space or another capital letter, sometimes under another title. A
//! fact-checking archive keeps one record per claim, the first published,
//! so [`Duplicates::Merge`] keeps the lowest id of each group (taken as the
//! first published) with its text, and adds the others' titles to it as
//! variants. Two claims are duplicates when their [`duplicate_key`]s are
//! equal: the same words in the same order, ignoring only quotation marks,
//! white space and case. Nothing else (no stemming, no stopwords) is
//! ignored, so claims that differ by a word stay apart.
//!
//! This matters to the benchmark's score more than to any real archive: the
//! duplicates score the same for every post, the official tie-break (claim
//! id descending) then puts the newer copy first, and the gold pairs almost
//! always name the oldest (on train, 185 of the 190 gold pairs that fall in
//! a group; the other 5 name the newer of two records that differ only by a
//! trailing space, and the merge makes them unreachable). That is a quirk of
//! the data set, so `scripts/bench-checkthat.sh` reports every figure with
//! and without the merge, and how many gold pairs name a claim the merge
//! removes.

use super::score::compare_ids;
use super::{read_tsv_lines, FormatError, AUTHOR, CONTEXT};
use claimlens_core::json::Json;
use std::collections::{HashMap, HashSet};

/// One verified claim as the benchmark lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VClaim {
    /// The benchmark's claim id ("784").
    pub id: String,
    /// The claim, trimmed.
    pub claim: String,
    /// The fact-check article's title, trimmed (may be empty).
    pub title: String,
}

/// Reads `verified_claims.docs.tsv` (columns: claim id, claim, fact-check
/// title; with a header).
///
/// Fails on a record with fewer than two or more than three fields, a blank
/// id or claim, or an id seen before: any of them means the file was misread.
pub fn read_vclaims(tsv: &str) -> Result<Vec<VClaim>, FormatError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, rec) in read_tsv_lines(tsv)?.into_iter().skip(1) {
        let err = |problem: String| FormatError { line, problem };
        if !(2..=3).contains(&rec.len()) {
            return Err(err(format!(
                "expected 3 fields (id, claim, title), found {}",
                rec.len()
            )));
        }
        let id = rec[0].trim();
        let claim = rec[1].trim();
        if id.is_empty() {
            return Err(err("blank claim id".into()));
        }
        if claim.is_empty() {
            return Err(err(format!("claim {id} has no text")));
        }
        if !seen.insert(id.to_string()) {
            return Err(err(format!("duplicate claim id \"{id}\"")));
        }
        out.push(VClaim {
            id: id.to_string(),
            claim: claim.to_string(),
            title: rec.get(2).map_or("", |t| t.trim()).to_string(),
        });
    }
    Ok(out)
}

/// What the importer does with exact duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// One record per claim: the lowest id of each group of duplicates.
    Merge,
    /// Every record as the benchmark lists it.
    Keep,
}

/// Two claims are exact duplicates when their keys are equal: the text
/// without quotation marks (straight, curly, angle, backtick, prime),
/// lower-cased, with runs of white space as one space, trimmed.
pub fn duplicate_key(claim: &str) -> String {
    const QUOTES: &[char] = &[
        '"', '\'', '‘', '’', '‚', '“', '”', '„', '«', '»', '‹', '›', '`', '´', '′', '″',
    ];
    let unquoted: String = claim.chars().filter(|c| !QUOTES.contains(c)).collect();
    unquoted
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One claim after merging: the kept record, the titles of the whole group
/// and the ids merged into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The kept record (the group's lowest id), with its own title.
    pub claim: VClaim,
    /// The other records' distinct titles, not the kept one's, by id.
    pub other_titles: Vec<String>,
    /// The ids merged into this one, ascending.
    pub merged_ids: Vec<String>,
}

/// Groups exact duplicates ([`duplicate_key`]) and keeps the lowest id of
/// each group ([`compare_ids`]), in the archive's order of the kept records.
/// With [`Duplicates::Keep`] every record stays, with nothing merged.
pub fn merge_duplicates(claims: Vec<VClaim>, mode: Duplicates) -> Vec<Merged> {
    let lone = |claim: VClaim| Merged {
        claim,
        other_titles: Vec::new(),
        merged_ids: Vec::new(),
    };
    if mode == Duplicates::Keep {
        return claims.into_iter().map(lone).collect();
    }
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in claims.iter().enumerate() {
        groups.entry(duplicate_key(&c.claim)).or_default().push(i);
    }
    // For each record: the group it leads, or None when it is merged away.
    let mut lead: Vec<Option<Vec<usize>>> = vec![None; claims.len()];
    for mut members in groups.into_values() {
        members.sort_by(|&a, &b| compare_ids(&claims[a].id, &claims[b].id));
        let first = members[0];
        lead[first] = Some(members);
    }
    let mut out = Vec::with_capacity(claims.len());
    for members in lead.into_iter().flatten() {
        let kept = &claims[members[0]];
        let mut other_titles: Vec<String> = Vec::new();
        for &m in &members[1..] {
            let t = &claims[m].title;
            if !t.is_empty() && *t != kept.title && !other_titles.contains(t) {
                other_titles.push(t.clone());
            }
        }
        out.push(Merged {
            claim: kept.clone(),
            other_titles,
            merged_ids: members[1..].iter().map(|&m| claims[m].id.clone()).collect(),
        });
    }
    out
}

/// An imported archive: the records, and which ids were merged into which.
#[derive(Debug, Clone)]
pub struct Import {
    /// One ClaimReview record per kept claim.
    pub records: Vec<Json>,
    /// (merged-away id, the id it was merged into), in record order.
    pub merged: Vec<(String, String)>,
}

/// Turns `verified_claims.docs.tsv` into ClaimReview records for the
/// lenient loader, merging exact duplicates or not by `mode`.
///
/// Each record keeps the claim id exactly as its `id` (a digit string such
/// as `"784"`, which the lenient rules accept), the claim as `claimReviewed`
/// and the titles as its variants (the record's own first, then the
/// merged records' other titles). The benchmark carries no verdicts, so
/// every record is "Unverifiable" (a label with no rating number) and says
/// so in its `context`; it has no sources, `quote` or `kind`.
pub fn import_vclaims_with(tsv: &str, mode: Duplicates) -> Result<Import, FormatError> {
    let merged = merge_duplicates(read_vclaims(tsv)?, mode);
    let mut pairs = Vec::new();
    let mut records = Vec::with_capacity(merged.len());
    for m in merged {
        pairs.extend(m.merged_ids.iter().map(|d| (d.clone(), m.claim.id.clone())));
        let titles: Vec<Json> = std::iter::once(&m.claim.title)
            .filter(|t| !t.is_empty())
            .chain(&m.other_titles)
            .map(|t| Json::from(t.as_str()))
            .collect();
        records.push(record(&m.claim.id, &m.claim.claim, titles));
    }
    Ok(Import {
        records,
        merged: pairs,
    })
}

/// [`import_vclaims_with`] keeping every record ([`Duplicates::Keep`]).
pub fn import_vclaims(tsv: &str) -> Result<Vec<Json>, FormatError> {
    Ok(import_vclaims_with(tsv, Duplicates::Keep)?.records)
}

/// One ClaimReview record of the archive.
fn record(id: &str, claim: &str, titles: Vec<Json>) -> Json {
    Json::object([
        ("@type", Some(Json::from("ClaimReview"))),
        ("id", Some(Json::from(id))),
        (
            "author",
            Some(Json::object([
                ("@type", Some(Json::from("Organization"))),
                ("name", Some(Json::from(AUTHOR))),
            ])),
        ),
        ("claimReviewed", Some(Json::from(claim))),
        (
            "reviewRating",
            Some(Json::object([
                ("@type", Some(Json::from("Rating"))),
                ("alternateName", Some(Json::from("Unverifiable"))),
            ])),
        ),
        ("context", Some(Json::from(CONTEXT))),
        (
            "variants",
            (!titles.is_empty()).then_some(Json::Array(titles)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::to_jsonld;
    use super::*;

    const VCLAIMS: &str = "\tvclaim\ttitle\n\
        7\tPlain claim about bananas being radioactive.\tAre Bananas Radioactive?\n\
        12\t\"A \"\"quoted\"\" claim that spans\ntwo lines\tand has a tab.\"\tQuoted Title\n\
        3\t\"Short claim.\"\t\n";

    #[test]
    fn import_keeps_ids_and_loads_leniently() {
        let records = import_vclaims(VCLAIMS).unwrap();
        let ids: Vec<_> = records
            .iter()
            .map(|r| r.get("id").and_then(Json::as_str).unwrap())
            .collect();
        assert_eq!(ids, ["7", "12", "3"]);
        assert_eq!(
            records[0].get("variants"),
            Some(&Json::Array(vec![Json::from("Are Bananas Radioactive?")]))
        );
        assert!(records[2].get("variants").is_none());
        let loaded = claimlens_core::claimreview::load(&to_jsonld(records)).unwrap();
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let claims = &loaded.database.claims;
        let ids: Vec<_> = claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["7", "12", "3"]);
        let c = &claims[1];
        assert_eq!(
            c.claim_reviewed,
            "A \"quoted\" claim that spans\ntwo lines\tand has a tab."
        );
        assert_eq!(c.verdict_label, "Unverifiable");
        assert_eq!(c.reviewed_by, AUTHOR);
        assert_eq!(c.context, CONTEXT);
        assert!(c.sources.is_empty() && c.quote.is_none() && c.kind.is_none());
        // A repeated id means the file was misread.
        assert!(import_vclaims("h\th\th\n1\ta\tb\n1\tc\td\n").is_err());
    }

    #[test]
    fn duplicates_merge_into_the_lowest_id() {
        assert_eq!(
            duplicate_key("A “big”  'Claim' . "),
            duplicate_key("a \"big\" claim .")
        );
        assert_ne!(
            duplicate_key("A big claim."),
            duplicate_key("A big claims.")
        );
        let tsv = "\tvclaim\ttitle\n\
            30\tA 'large' claim.\tTitle B\n\
            4\tSomething else.\tOther\n\
            10\tA \"large\" claim. \tTitle A\n\
            20\tA “Large” claim.\tTitle B\n\
            9\tA large claim about more.\tTitle A\n";
        let import = import_vclaims_with(tsv, Duplicates::Merge).unwrap();
        let ids: Vec<_> = import
            .records
            .iter()
            .map(|r| r.get("id").and_then(Json::as_str).unwrap())
            .collect();
        // 10 is the group's lowest id (numerically, not as text), and keeps
        // its place in the archive; 9 differs by words and stays.
        assert_eq!(ids, ["4", "10", "9"]);
        assert_eq!(
            import.merged,
            [("20".into(), "10".into()), ("30".into(), "10".into())]
        );
        let kept = &import.records[1];
        assert_eq!(
            kept.get("claimReviewed").and_then(Json::as_str),
            Some("A \"large\" claim.")
        );
        assert_eq!(
            kept.get("variants"),
            Some(&Json::Array(vec![
                Json::from("Title A"),
                Json::from("Title B")
            ]))
        );
        let all = import_vclaims_with(tsv, Duplicates::Keep).unwrap();
        assert_eq!(all.records.len(), 5);
        assert!(all.merged.is_empty());
    }
}
