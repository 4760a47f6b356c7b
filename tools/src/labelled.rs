//! The matcher's labelled set (`tests/data/`, see its README): reading a
//! file of cases, running each the way the widget runs a selection, and
//! scoring the results strictly. One reader and one scorer, for the
//! labelled-set test (`tests/match_cases.rs`) and for `claimlens eval`.
//!
//! A case is **correct** only when the claims shown are exactly the ones
//! expected; **wrong** when anything shown is not expected (a claim on a
//! negative, or a right claim beside a wrong one: the reader would see it);
//! **silent** when something expected is missing and nothing wrong is
//! shown.

use claimlens_core::matching::Matcher;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

/// The categories, in the files' order (see `tests/data/README.md`).
pub const CATEGORIES: [&str; 11] = [
    "exact", "partial", "spanning", "noisy", "paraphrase", "negative", "wire", "tweet", "headline",
    "entity-swap", "other-topic",
];
/// Rewordings: the categories of paraphrase recall.
pub const PARAPHRASES: [&str; 4] = ["paraphrase", "wire", "tweet", "headline"];
/// Selections of the article's own words.
pub const VERBATIM: [&str; 4] = ["exact", "partial", "spanning", "noisy"];
/// The header every file starts with.
pub const HEADER: &str = "expected\tcategory\ttext\tpage";

/// One labelled selection.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The claim ids the engine should show; empty for a negative (`-`).
    pub expected: BTreeSet<String>,
    /// One of [`CATEGORIES`].
    pub category: &'static str,
    /// The selected text.
    pub text: String,
    /// The page it is on (a title or heading), or empty.
    pub page: String,
}

/// Why a file of cases does not read.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelledError {
    /// The first line is not [`HEADER`].
    Header,
    /// A line (counted from 1) does not have the four columns.
    Columns { line: usize },
    /// A line's category is not one of [`CATEGORIES`].
    Category { line: usize, category: String },
}

impl fmt::Display for LabelledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelledError::Header => write!(f, "line 1: the header must be \"{}\"", HEADER.replace('\t', "<TAB>")),
            LabelledError::Columns { line } => write!(f, "line {line}: four tab-separated columns are needed"),
            LabelledError::Category { line, category } => write!(f, "line {line}: unknown category \"{category}\""),
        }
    }
}

impl std::error::Error for LabelledError {}

/// The escapes the files use for characters a TSV cannot show plainly.
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\u00a0", "\u{a0}").replace("\\u00ad", "\u{ad}")
}

/// Reads a file of cases (blank lines are skipped).
pub fn read(tsv: &str) -> Result<Vec<Case>, LabelledError> {
    let mut lines = tsv.lines();
    if lines.next() != Some(HEADER) {
        return Err(LabelledError::Header);
    }
    let mut cases = Vec::new();
    for (i, line) in lines.enumerate() {
        let line_no = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [expected, category, text, page] = cols[..] else {
            return Err(LabelledError::Columns { line: line_no });
        };
        let category = CATEGORIES
            .iter()
            .copied()
            .find(|c| *c == category)
            .ok_or_else(|| LabelledError::Category { line: line_no, category: category.to_string() })?;
        cases.push(Case {
            expected: match expected {
                "-" => BTreeSet::new(),
                ids => ids.split('+').map(String::from).collect(),
            },
            category,
            text: unescape(text),
            page: unescape(page),
        });
    }
    Ok(cases)
}

/// How one case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Correct,
    Wrong,
    Silent,
}

/// What the widget shows for a case (the ids of the claims, as
/// `find_on(text, page_context(page))` finds them), and how that scores.
pub fn judge(matcher: &Matcher, case: &Case) -> (BTreeSet<String>, Outcome) {
    let found: BTreeSet<String> = matcher
        .find_on(&case.text, &matcher.page_context(&case.page))
        .iter()
        .map(|f| matcher.claims()[f.claim].id.clone())
        .collect();
    let outcome = if found == case.expected {
        Outcome::Correct
    } else if !found.is_subset(&case.expected) {
        Outcome::Wrong
    } else {
        Outcome::Silent
    };
    (found, outcome)
}

/// Counts of outcomes.
#[derive(Default, Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub cases: usize,
    pub correct: usize,
    pub wrong: usize,
    pub silent: usize,
}

impl Tally {
    fn add(&mut self, o: Outcome) {
        self.cases += 1;
        match o {
            Outcome::Correct => self.correct += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Silent => self.silent += 1,
        }
    }

    /// The share of cases that came out correct.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.cases.max(1) as f64
    }
}

/// The figures for one file of cases.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Outcomes by category.
    pub by_category: BTreeMap<&'static str, Tally>,
    /// Cases where something was shown.
    pub shown: usize,
    /// Of those, the ones that show nothing wrong.
    pub shown_right: usize,
    /// Outcomes of the cases that expect a claim.
    pub positives: Tally,
    /// Outcomes of the rewordings ([`PARAPHRASES`]).
    pub paraphrases: Tally,
    /// Negatives where anything was shown.
    pub negatives_shown: usize,
    /// Negatives.
    pub negatives: usize,
    /// The cases that were not correct, described.
    pub failures: Vec<String>,
}

impl Scores {
    /// Runs and scores every case.
    pub fn of(matcher: &Matcher, cases: &[Case]) -> Scores {
        let mut s = Scores::default();
        for case in cases {
            let (found, outcome) = judge(matcher, case);
            s.by_category.entry(case.category).or_default().add(outcome);
            if !found.is_empty() {
                s.shown += 1;
                s.shown_right += usize::from(found.is_subset(&case.expected));
            }
            if case.expected.is_empty() {
                s.negatives += 1;
                s.negatives_shown += usize::from(!found.is_empty());
            } else {
                s.positives.add(outcome);
                if PARAPHRASES.contains(&case.category) {
                    s.paraphrases.add(outcome);
                }
            }
            if outcome != Outcome::Correct {
                s.failures.push(format!(
                    "{outcome:?} [{}] expected {:?} got {:?}: {:?} (page {:?})",
                    case.category, case.expected, found, case.text, case.page
                ));
            }
        }
        s
    }

    /// The figures of several files together.
    pub fn combined(all: &[Scores]) -> Scores {
        let mut s = Scores::default();
        let add = |a: &mut Tally, b: &Tally| {
            a.cases += b.cases;
            a.correct += b.correct;
            a.wrong += b.wrong;
            a.silent += b.silent;
        };
        for o in all {
            for (c, t) in &o.by_category {
                add(s.by_category.entry(c).or_default(), t);
            }
            add(&mut s.positives, &o.positives);
            add(&mut s.paraphrases, &o.paraphrases);
            s.shown += o.shown;
            s.shown_right += o.shown_right;
            s.negatives += o.negatives;
            s.negatives_shown += o.negatives_shown;
            s.failures.extend(o.failures.iter().cloned());
        }
        s
    }

    /// Share of non-empty results that hold no wrong claim.
    pub fn precision(&self) -> f64 {
        self.shown_right as f64 / self.shown.max(1) as f64
    }

    /// Results holding a wrong claim.
    pub fn wrong(&self) -> usize {
        self.by_category.values().map(|t| t.wrong).sum()
    }

    /// One category's outcomes (none when it has no case).
    pub fn category(&self, c: &str) -> Tally {
        self.by_category.get(c).copied().unwrap_or_default()
    }

    /// The figures as a table, with the failures when asked.
    pub fn table(&self, with_failures: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{:<12} {:>6} {:>8} {:>6} {:>7} {:>7}", "category", "cases", "correct", "wrong", "silent", "recall");
        for c in CATEGORIES {
            let t = self.category(c);
            let recall = if t.cases == 0 { String::from("-") } else { format!("{:.3}", t.recall()) };
            let _ = writeln!(out, "{c:<12} {:>6} {:>8} {:>6} {:>7} {recall:>7}", t.cases, t.correct, t.wrong, t.silent);
        }
        let _ = writeln!(out, "precision {:.3} ({} of {} results hold no wrong claim)", self.precision(), self.shown_right, self.shown);
        let _ = writeln!(
            out,
            "recall {:.3} ({} of {} positives exactly right)",
            self.positives.recall(),
            self.positives.correct,
            self.positives.cases
        );
        let _ = writeln!(
            out,
            "paraphrase recall {:.3} ({} of {} in {})",
            self.paraphrases.recall(),
            self.paraphrases.correct,
            self.paraphrases.cases,
            PARAPHRASES.join("+")
        );
        let _ = writeln!(out, "negatives with a result: {} of {}", self.negatives_shown, self.negatives);
        let _ = writeln!(out, "wrong results: {}", self.wrong());
        if with_failures {
            for f in &self.failures {
                let _ = writeln!(out, "FAIL {f}");
            }
        }
        out
    }

    /// The figures in one line: rewordings found, wrong results, negatives
    /// with a result.
    pub fn summary(&self) -> String {
        format!(
            "rewordings {} of {}, wrong results {}, negatives with a result {} of {}, precision {:.3}",
            self.paraphrases.correct,
            self.paraphrases.cases,
            self.wrong(),
            self.negatives_shown,
            self.negatives,
            self.precision()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_with_its_escapes_and_bad_lines_are_named() {
        let tsv = format!("{HEADER}\nclaim-a+claim-b\twire\tone\\ntwo\tPage\n\n-\tnegative\tsoft\\u00adhyphen\t\n");
        let cases = read(&tsv).expect("reads");
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].expected, BTreeSet::from(["claim-a".to_string(), "claim-b".to_string()]));
        assert_eq!((cases[0].category, cases[0].text.as_str(), cases[0].page.as_str()), ("wire", "one\ntwo", "Page"));
        assert!(cases[1].expected.is_empty());
        assert_eq!(cases[1].text, "soft\u{ad}hyphen");
        // Errors, each with its line.
        assert_eq!(read("expected\ttext\n"), Err(LabelledError::Header));
        assert_eq!(read(&format!("{HEADER}\n-\tnegative\tonly three\n")), Err(LabelledError::Columns { line: 2 }));
        assert_eq!(
            read(&format!("{HEADER}\n\n-\tnews\ttext\t\n")),
            Err(LabelledError::Category { line: 3, category: "news".into() })
        );
    }
}
