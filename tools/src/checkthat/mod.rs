//! The CheckThat! 2020 Task 2 (English) verified-claim retrieval benchmark:
//! how ClaimLens ranks a database of 10,375 fact-checked claims against
//! social-media posts that repeat them in other words. Tooling only: none
//! of this is in the widget.
//!
//! The benchmark's files are read here, not bundled (see
//! `scripts/bench-checkthat.sh`, which looks for them next to the repository):
//!
//! * [`read_tsv`] reads its tab-separated files, which use CSV-style double
//!   quoting (`"..."` with `""` escapes, tabs and newlines allowed inside);
//! * [`archive`] reads `verified_claims.docs.tsv`, merges exact duplicate
//!   claims ([`import_vclaims_with`]) and turns the claims into ClaimReview
//!   records that the core's lenient loader accepts, with the benchmark's
//!   claim id as the record's `id`;
//! * [`read_queries`], [`read_qrels`] and [`read_run`] read
//!   the posts, the gold pairs and a TREC run;
//! * [`clean`] strips a tweet's furniture (links, signature, marks);
//! * [`rank`] ranks every post and writes the top claims as a TREC run;
//!   [`score::score_run`] scores a run by the task's official rules (MAP@5
//!   as trectools computes it), with MAP@1 and MRR beside it;
//! * [`tune`] is the sweep that chose the ranker's parameters on the train
//!   split (`claimlens rank --tune`).

pub mod archive;
pub mod clean;
pub mod rank;
pub mod score;
pub mod tune;

pub use archive::{import_vclaims, import_vclaims_with, Duplicates, Import};

use claimlens_core::claimreview::write::graph_document;
use claimlens_core::json::Json;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// Who the imported reviews are attributed to.
pub const AUTHOR: &str = "Snopes (via CheckThat! 2020)";
/// The context every imported claim carries: the benchmark has no verdicts.
pub const CONTEXT: &str = "Imported from the CheckThat! 2020 verified-claims benchmark; \
                           the original verdict is not part of the data.";
/// How many claims per post the task scores (MAP@5).
pub const DEPTH: usize = 5;

/// A problem in one of the benchmark's files, with the physical line
/// (counting from 1) where the offending record starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The line the record starts on.
    pub line: usize,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for FormatError {}

/// Reads tab-separated text with CSV-style quoting into records (lists of
/// fields), skipping the header (the first record).
///
/// A field that starts with `"` is quoted: it runs to the next `"` that is
/// not doubled, and may hold tabs and line breaks; `""` inside it stands for
/// one `"`. A `"` anywhere else is an ordinary character. This is what
/// Python's `csv` module (tab delimiter, `"` quote) reads, which is how the
/// benchmark was written. Line ends may be `\n` or `\r\n`; blank lines are
/// skipped. A quoted field still open at the end of the text is an error.
pub fn read_tsv(text: &str) -> Result<Vec<Vec<String>>, FormatError> {
    Ok(read_tsv_lines(text)?
        .into_iter()
        .skip(1)
        .map(|(_, r)| r)
        .collect())
}

/// [`read_tsv`] with the header kept and each record's starting line.
fn read_tsv_lines(text: &str) -> Result<Vec<(usize, Vec<String>)>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    // At the start of a field (quoting is only recognised there).
    let mut field_start = true;
    let mut quoted = false;
    let mut end_record = |record: &mut Vec<String>, field: &mut String, start: usize| {
        record.push(std::mem::take(field));
        let r = std::mem::take(record);
        // A blank line is one empty field: skip it.
        if !(r.len() == 1 && r[0].is_empty()) {
            records.push((start, r));
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field_start => {
                quoted = true;
                field_start = false;
            }
            '\t' => {
                record.push(std::mem::take(&mut field));
                field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_record(&mut record, &mut field, record_line);
                line += 1;
                record_line = line;
                field_start = true;
            }
            c => {
                field.push(c);
                field_start = false;
            }
        }
    }
    if quoted {
        return Err(FormatError {
            line: record_line,
            problem: "a quoted field is never closed".into(),
        });
    }
    if !record.is_empty() || !field.is_empty() {
        end_record(&mut record, &mut field, record_line);
    }
    Ok(records)
}

/// Writes records as one JSON-LD document,
/// `{"@context": "https://schema.org", "@graph": [...]}`.
pub fn to_jsonld(records: Vec<Json>) -> String {
    graph_document(records).to_compact()
}

/// One post to rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query id.
    pub id: String,
    /// The post, as written.
    pub text: String,
}

/// Reads `tweets.queries.tsv` (columns: query id, post text; with a header;
/// the same quoting as [`read_tsv`]).
pub fn read_queries(tsv: &str) -> Result<Vec<Query>, FormatError> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, rec) in read_tsv_lines(tsv)?.into_iter().skip(1) {
        let err = |problem: String| FormatError { line, problem };
        let [id, text] = rec.as_slice() else {
            return Err(err(format!(
                "expected 2 fields (id, text), found {}",
                rec.len()
            )));
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(err("blank query id".into()));
        }
        if !seen.insert(id.to_string()) {
            return Err(err(format!("duplicate query id \"{id}\"")));
        }
        out.push(Query {
            id: id.to_string(),
            text: text.clone(),
        });
    }
    Ok(out)
}

/// The gold pairs: for each query id, the claim ids of its relevant rows
/// (relevance above 0), one entry per row, in file order.
pub type Qrels = BTreeMap<String, Vec<String>>;

/// Reads TREC qrels (`query_id 0 claim_id relevance`, whitespace separated,
/// no header). Rows with relevance 0 are read and left out, as trectools
/// does; a query whose rows are all 0 has no gold rows.
pub fn read_qrels(text: &str) -> Result<Qrels, FormatError> {
    let mut out = Qrels::new();
    for_each_row(text, |cols, err| {
        let [query, _, claim, rel] = cols else {
            return Err(err(format!(
                "expected 4 columns (query 0 claim relevance), found {}",
                cols.len()
            )));
        };
        let rel: f64 = rel
            .parse()
            .map_err(|_| err(format!("relevance \"{rel}\" is not a number")))?;
        let entry = out.entry(query.to_string()).or_default();
        if rel > 0.0 {
            entry.push(claim.to_string());
        }
        Ok(())
    })?;
    out.retain(|_, gold| !gold.is_empty());
    Ok(out)
}

/// Calls `row` with the whitespace-separated columns of every non-blank
/// line, and a maker of errors that name the line.
fn for_each_row(
    text: &str,
    mut row: impl FnMut(&[&str], &dyn Fn(String) -> FormatError) -> Result<(), FormatError>,
) -> Result<(), FormatError> {
    for (i, l) in text.lines().enumerate() {
        let cols: Vec<&str> = l.split_whitespace().collect();
        if !cols.is_empty() {
            row(&cols, &|problem| FormatError {
                line: i + 1,
                problem,
            })?;
        }
    }
    Ok(())
}

/// One line of a TREC run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    /// The query id.
    pub query: String,
    /// The claim id.
    pub claim: String,
    /// The ranker's score (higher first).
    pub score: f64,
}

/// Reads a TREC run (`query_id Q0 claim_id rank score tag`, whitespace
/// separated). The rank column is read and ignored: the scorer orders by
/// score, as the official one does.
pub fn read_run(text: &str) -> Result<Vec<RunRow>, FormatError> {
    let mut out = Vec::new();
    for_each_row(text, |cols, err| {
        let [query, _, claim, _, score, _] = cols else {
            return Err(err(format!(
                "expected 6 columns (query Q0 claim rank score tag), found {}",
                cols.len()
            )));
        };
        let score: f64 = score
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite())
            .ok_or_else(|| err(format!("score \"{score}\" is not a number")))?;
        out.push(RunRow {
            query: query.to_string(),
            claim: claim.to_string(),
            score,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VCLAIMS: &str = "\tvclaim\ttitle\n\
        7\tPlain claim about bananas being radioactive.\tAre Bananas Radioactive?\n\
        12\t\"A \"\"quoted\"\" claim that spans\ntwo lines\tand has a tab.\"\tQuoted Title\n\
        3\t\"Short claim.\"\t\n";

    #[test]
    fn tsv_quoting_escapes_newlines_and_tabs() {
        let recs = read_tsv(VCLAIMS).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0][0], "7");
        assert_eq!(
            recs[1],
            vec![
                "12".to_string(),
                "A \"quoted\" claim that spans\ntwo lines\tand has a tab.".to_string(),
                "Quoted Title".to_string(),
            ]
        );
        assert_eq!(recs[2], vec!["3", "Short claim.", ""]);
        // A quote inside an unquoted field is an ordinary character; CRLF ends lines.
        let recs = read_tsv("h\th\r\n1\tsay \"hi\" now\r\n\r\n2\tx").unwrap();
        assert_eq!(recs, vec![vec!["1", "say \"hi\" now"], vec!["2", "x"]]);
        assert!(read_tsv("h\n1\t\"never closed\n").is_err());
    }

    #[test]
    fn queries_and_qrels() {
        let q =
            read_queries("\ttweet_content\n5\t\"He said \"\"no\"\"\nloudly\"\n9\tplain\n").unwrap();
        assert_eq!(
            q[0],
            Query {
                id: "5".into(),
                text: "He said \"no\"\nloudly".into()
            }
        );
        assert_eq!(q[1].id, "9");
        let qrels = read_qrels("5\t0\t12\t1\n5 0 7 1\n9\t0\t3\t0\n\n").unwrap();
        assert_eq!(qrels["5"], ["12", "7"]);
        assert!(!qrels.contains_key("9"));
    }
}
