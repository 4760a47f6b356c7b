//! `claimlens eval`: the matcher's figures on files of the labelled set,
//! at the engine's thresholds or over a sweep of them. The command the
//! README's "chosen on the tuning data" figures can be checked with.

use super::editor::widget_matcher;
use super::{is_help, read, value};
use crate::Failure;
use claimlens_core::matching::Limits;
use claimlens_tools::labelled::{self, Scores};
use lexopt::prelude::*;

pub const HELP: &str = "Usage: claimlens eval [--db FILE] [LIMIT LIST]... [--failures] FILE...

Runs files of the labelled set (tests/data/match_cases.*.tsv) the way the
widget runs a selection, and prints each file's figures: correct, wrong and
silent cases by category, precision, paraphrase recall, negatives with a
result. A result that holds any wrong claim counts as wrong.

  --db FILE         the database (default: the bundled one)
  --failures        also print each case that is not correct; refused for the
                    report half (a file whose name holds \"report\"): its failures
                    must never be used to change the engine

The limits a match is shown by (default: the engine's), each a score or a
comma-separated list to sweep (0.55,0.6,0.65):
  --threshold LIST  the score a match needs
  --low LIST        the lower band's floor
  --balance LIST    the balance of recall and precision a lower-band match needs
  --lead LIST       how far a lower-band match must lead the next claim
  --second LIST     the score a second claim from the lower band needs

With more than one set of limits, one line per file and set. With more
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

/// Every combination of the lists, the first varying slowest.
fn sweep(lists: &[Vec<f32>; 5]) -> Vec<Limits> {
    let mut out = Vec::new();
    for &threshold in &lists[0] {
        for &low_threshold in &lists[1] {
            for &low_band_balance in &lists[2] {
                for &low_band_lead in &lists[3] {
                    for &second_claim_score in &lists[4] {
                        out.push(Limits { threshold, low_threshold, low_band_balance, low_band_lead, second_claim_score });
                    }
                }
            }
        }
    }
    out
}

/// The limits, for a line of output.
fn describe(l: &Limits) -> String {
    format!(
        "threshold {:.3} low {:.3} balance {:.3} lead {:.3} second {:.3}",
        l.threshold, l.low_threshold, l.low_band_balance, l.low_band_lead, l.second_claim_score
    )
}

pub fn run(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let d = Limits::default();
    let mut lists = [
        vec![d.threshold],
        vec![d.low_threshold],
        vec![d.low_band_balance],
        vec![d.low_band_lead],
        vec![d.second_claim_score],
    ];
    let (mut db, mut failures, mut files) = (None, false, Vec::new());
    while let Some(arg) = args.next()? {
        let limit = match &arg {
            Long("threshold") => Some(0),
            Long("low") => Some(1),
            Long("balance") => Some(2),
            Long("lead") => Some(3),
            Long("second") => Some(4),
            _ => None,
        };
        if let (Some(i), Long(name)) = (limit, &arg) {
            let option = format!("--{name}");
            lists[i] = scores(&option, &value(args, &option)?)?;
            continue;
        }
        match arg {
            a if is_help(&a) => {
                say!("{HELP}");
                return Ok(());
            }
            Long("db") => db = Some(value(args, "--db")?),
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
    let all_limits = sweep(&lists);
    let one_line = all_limits.len() > 1;
    for limits in &all_limits {
        let m = matcher.clone().with_limits(*limits);
        let mut all = Vec::with_capacity(sets.len());
        for (f, cases) in &sets {
            let s = Scores::of(&m, cases);
            if one_line {
                say!("{}  {f}: {}", describe(limits), s.summary());
            } else {
                say!("== {f} ({}) ==\n{}", describe(limits), s.table(failures));
            }
            all.push(s);
        }
        if sets.len() > 1 {
            say!("{}  all files: {}", describe(limits), Scores::combined(&all).summary());
        }
    }
    Ok(())
}
