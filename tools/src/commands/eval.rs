//! `claimlens eval`: the matcher's figures on files of the labelled set,
//! at the engine's thresholds or over a sweep of them. The command the
//! README's "chosen on the tuning data" figures can be checked with.

use super::editor::widget_matcher;
use super::{is_help, read, value};
use crate::Failure;
use claimlens_core::matching::{LOW_THRESHOLD, THRESHOLD};
use claimlens_tools::labelled::{self, Scores};
use lexopt::prelude::*;

pub const HELP: &str = "Usage: claimlens eval [--db FILE] [--threshold LIST] [--low LIST] [--failures] FILE...

Runs files of the labelled set (tests/data/match_cases.*.tsv) the way the
widget runs a selection, and prints each file's figures: correct, wrong and
silent cases by category, precision, paraphrase recall, negatives with a
result. A result that holds any wrong claim counts as wrong.

  --db FILE         the database (default: the bundled one)
  --threshold LIST  the score a match needs (default: the engine's), or a
                    comma-separated list to sweep: 0.55,0.6,0.65
  --low LIST        the lower band's floor (default: the engine's), or a list
  --failures        also print each case that is not correct; refused for the
                    report half (a file whose name holds \"report\"): its failures
                    must never be used to change the engine

With more than one threshold pair, one line per file and pair. With more
than one file, a line for all of them together. Tune on the tuning files
only, and report on the report half (tests/data/README.md).

Exit status: 0 ok; 1 a file does not read; 2 usage error.";

/// A comma-separated list of scores in 0..=1.
fn scores(option: &str, list: &str) -> Result<Vec<f32>, Failure> {
    list.split(',')
        .map(|s| match s.trim().parse::<f32>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
            _ => Err(Failure::Usage(format!("{option} takes scores from 0 to 1, comma-separated (not \"{s}\")"))),
        })
        .collect()
}

pub fn run(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (mut db, mut thresholds, mut lows, mut failures, mut files) = (None, vec![THRESHOLD], vec![LOW_THRESHOLD], false, Vec::new());
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => {
                say!("{HELP}");
                return Ok(());
            }
            Long("db") => db = Some(value(args, "--db")?),
            Long("threshold") => thresholds = scores("--threshold", &value(args, "--threshold")?)?,
            Long("low") => lows = scores("--low", &value(args, "--low")?)?,
            Long("failures") => failures = true,
            Value(v) => files.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    if files.is_empty() {
        return Err(Failure::Usage("eval needs a file of labelled cases".into()));
    }
    if failures {
        if let Some(f) = files.iter().find(|f| f.contains("report")) {
            return Err(Failure::Usage(format!(
                "--failures is refused for {f}: the report half's failures must never be used to change the engine"
            )));
        }
    }
    let mut sets = Vec::with_capacity(files.len());
    for f in &files {
        let cases = labelled::read(&read(f)?).map_err(|e| Failure::invalid(format!("{f}: {e}")))?;
        sets.push((f, cases));
    }
    let matcher = widget_matcher(db.as_deref())?;
    let sweep = thresholds.len() * lows.len() > 1;
    for &threshold in &thresholds {
        for &low in &lows {
            let m = matcher.clone().with_thresholds(threshold, low);
            let mut all = Vec::with_capacity(sets.len());
            for (f, cases) in &sets {
                let s = Scores::of(&m, cases);
                if sweep {
                    say!("threshold {threshold:.3} low {low:.3}  {f}: {}", s.summary());
                } else {
                    say!("== {f} (threshold {threshold:.3}, low {low:.3}) ==\n{}", s.table(failures));
                }
                all.push(s);
            }
            if sets.len() > 1 {
                say!("threshold {threshold:.3} low {low:.3}  all files: {}", Scores::combined(&all).summary());
            }
        }
    }
    Ok(())
}
