//! The CheckThat! 2020 benchmark commands: import, rank (and the train
//! sweep behind `rank --tune`), score.

use crate::output;
use super::{is_help, load, read, value};
use crate::Failure;
use claimlens_tools::checkthat::rank::{trec_run, ClaimLensRanker, RankParams, Ranker, ReferenceRanker};
use claimlens_tools::checkthat::tune::{self, Evaluator};
use claimlens_tools::checkthat::{self, score, Duplicates};
use lexopt::prelude::*;
use std::fmt::Write as _;
use std::time::Instant;

/// The help text of every benchmark command.
pub const HELP: &str = "Benchmark tools for CheckThat! 2020 Task 2 (see scripts/bench-checkthat.sh):

  claimlens import-checkthat VCLAIMS.tsv [--keep-duplicates] [--merged OUT] > db.json
      the benchmark's claims as a database; exact duplicate claims (the same
      words, ignoring quotation marks, white space and case) are merged into
      the lowest id of their group unless --keep-duplicates; --merged writes
      one line per merged-away claim: its id, a tab, the id it went into
  claimlens rank FILE QUERIES.tsv [--tag TAG] > run       a TREC run of ClaimLens's ranking (top 5)
  claimlens rank FILE QUERIES.tsv --tune QRELS            the train-only parameter sweep instead of
                                                          a run (never give it dev or test)
  claimlens rank-bm25 FILE QUERIES.tsv [--tag TAG] > run  the same with the BM25 reference baseline
  claimlens score QRELS RUN                               MAP@5, MAP@1, MRR by the official rules

Exit status: 0 ok; 1 invalid input; 2 usage error.";

/// Which ranker `rank` runs.
#[derive(Clone, Copy, PartialEq)]
pub enum Engine {
    /// ClaimLens's ranker.
    ClaimLens,
    /// The README's BM25 reference baseline, for comparison only.
    Reference,
}

/// The command line of a benchmark command: positional arguments and the
/// options it takes.
#[derive(Default)]
struct Args {
    pos: Vec<String>,
    tag: Option<String>,
    tune: Option<String>,
    merged: Option<String>,
    keep_duplicates: bool,
}

/// Which options a command takes.
#[derive(Clone, Copy, PartialEq)]
enum Takes {
    Nothing,
    Import,
    Rank,
    RankBm25,
}

/// Parses a benchmark command's arguments.
fn parse(args: &mut lexopt::Parser, takes: Takes) -> Result<Args, Failure> {
    let mut out = Args::default();
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => {
                say!("{HELP}");
                std::process::exit(0);
            }
            Long("tag") if matches!(takes, Takes::Rank | Takes::RankBm25) => {
                let t = value(args, "--tag")?;
                if t.chars().any(char::is_whitespace) {
                    return Err(Failure::Usage("--tag needs a value without spaces".into()));
                }
                out.tag = Some(t);
            }
            Long("tune") if takes == Takes::Rank => out.tune = Some(value(args, "--tune")?),
            Long("merged") if takes == Takes::Import => out.merged = Some(value(args, "--merged")?),
            Long("keep-duplicates") if takes == Takes::Import => out.keep_duplicates = true,
            Value(v) => out.pos.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(out)
}

/// `import-checkthat`: the archive as a database, duplicates merged or not.
pub fn import(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let a = parse(args, Takes::Import)?;
    let [file] = a.pos.as_slice() else {
        return Err(Failure::Usage("import-checkthat takes VCLAIMS.tsv".into()));
    };
    let mode = if a.keep_duplicates { Duplicates::Keep } else { Duplicates::Merge };
    let import = checkthat::import_vclaims_with(&read(file)?, mode)
        .map_err(|e| Failure::invalid(format!("{file}: {e}")))?;
    if let Some(out) = &a.merged {
        let mut text = String::new();
        for (gone, kept) in &import.merged {
            let _ = writeln!(text, "{gone}\t{kept}");
        }
        std::fs::write(out, text).map_err(|e| Failure::invalid(format!("{out}: cannot write: {e}")))?;
    }
    eprintln!(
        "{file}: {} claims imported ({} exact duplicates merged)",
        import.records.len(),
        import.merged.len()
    );
    output::bytes(format!("{}\n", checkthat::to_jsonld(import.records)).as_bytes());
    Ok(())
}

/// `rank`, `rank-bm25`: a TREC run of one ranker; `rank --tune`: the sweep.
pub fn rank(args: &mut lexopt::Parser, engine: Engine) -> Result<(), Failure> {
    let takes = match engine {
        Engine::ClaimLens => Takes::Rank,
        Engine::Reference => Takes::RankBm25,
    };
    let a = parse(args, takes)?;
    let [file, queries_file] = a.pos.as_slice() else {
        return Err(Failure::Usage("rank takes FILE and QUERIES.tsv".into()));
    };
    let tag = a.tag.unwrap_or_else(|| match engine {
        Engine::ClaimLens => "claimlens".into(),
        Engine::Reference => "bm25".into(),
    });
    let (_, loaded) = load(Some(file), false)?;
    let queries = checkthat::read_queries(&read(queries_file)?)
        .map_err(|e| Failure::invalid(format!("{queries_file}: {e}")))?;
    let claims = loaded.database.claims;
    if let Some(qrels_file) = &a.tune {
        let qrels = checkthat::read_qrels(&read(qrels_file)?)
            .map_err(|e| Failure::invalid(format!("{qrels_file}: {e}")))?;
        let ranker = ClaimLensRanker::with_params(claims, RankParams::CHOSEN, true);
        let mut eval = Evaluator::new(&ranker, &queries, &qrels);
        tune::tune(&mut eval, tune::START, &mut |line| say!("{line}"));
        let chosen = eval.map5(&RankParams::CHOSEN);
        say!("shipped (RankParams::CHOSEN): MAP@5 {chosen:.4}  {}", tune::describe(&RankParams::CHOSEN));
        return Ok(());
    }
    let count = claims.len();
    let start = Instant::now();
    let ranker: Box<dyn Ranker> = match engine {
        Engine::ClaimLens => Box::new(ClaimLensRanker::new(claims)),
        Engine::Reference => Box::new(ReferenceRanker::new(&claims)),
    };
    let indexed = start.elapsed();
    let run = trec_run(ranker.as_ref(), &queries, checkthat::DEPTH, &tag);
    let ranked = start.elapsed() - indexed;
    eprintln!(
        "{tag}: indexed {count} claims in {:.2} s; ranked {} queries in {:.2} s ({:.1} ms per query)",
        indexed.as_secs_f64(),
        queries.len(),
        ranked.as_secs_f64(),
        ranked.as_secs_f64() * 1000.0 / queries.len().max(1) as f64
    );
    output::bytes(run.as_bytes());
    Ok(())
}

/// `score`: a run's MAP@5, MAP@1 and MRR by the official rules.
pub fn score(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let a = parse(args, Takes::Nothing)?;
    let [qrels_file, run_file] = a.pos.as_slice() else {
        return Err(Failure::Usage("score takes QRELS and RUN".into()));
    };
    let qrels = checkthat::read_qrels(&read(qrels_file)?).map_err(|e| Failure::invalid(format!("{qrels_file}: {e}")))?;
    let run = checkthat::read_run(&read(run_file)?).map_err(|e| Failure::invalid(format!("{run_file}: {e}")))?;
    let s = score::score_run(&run, &qrels);
    if s.without_gold > 0 {
        eprintln!("{run_file}: {} queries of the run have no gold rows (counted as 0)", s.without_gold);
    }
    if s.missing > 0 {
        eprintln!(
            "{run_file}: {} queries of {qrels_file} are not in the run (not counted, as in the official scorer)",
            s.missing
        );
    }
    say!("MAP@5\t{:.4}", s.map5);
    say!("MAP@1\t{:.4}", s.map1);
    say!("MRR\t{:.4}", s.mrr);
    say!("queries\t{}", s.queries);
    Ok(())
}
