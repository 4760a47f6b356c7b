//! The CheckThat! 2020 benchmark commands: import, rank, score.

use super::{emit, is_help, load, read, value};
use crate::Failure;
use claimlens_tools::checkthat::rank::{trec_run, ClaimLensRanker, Ranker, ReferenceRanker};
use claimlens_tools::checkthat::{self, score};
use lexopt::prelude::*;
use std::time::Instant;

pub const HELP: &str = "Benchmark tools for CheckThat! 2020 Task 2 (see scripts/bench-checkthat.sh):

  claimlens import-checkthat VCLAIMS.tsv > db.json       the benchmark's claims as a database
  claimlens rank FILE QUERIES.tsv [--tag TAG] > run       a TREC run of ClaimLens's ranking (top 5)
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

/// The positional arguments, and `--tag`.
fn positional(args: &mut lexopt::Parser, with_tag: bool) -> Result<(Vec<String>, Option<String>), Failure> {
    let (mut pos, mut tag) = (Vec::new(), None);
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => {
                println!("{HELP}");
                std::process::exit(0);
            }
            Long("tag") if with_tag => {
                let t = value(args, "--tag")?;
                if t.chars().any(char::is_whitespace) {
                    return Err(Failure::Usage("--tag needs a value without spaces".into()));
                }
                tag = Some(t);
            }
            Value(v) => pos.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    Ok((pos, tag))
}

pub fn import(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (pos, _) = positional(args, false)?;
    let [file] = pos.as_slice() else {
        return Err(Failure::Usage("import-checkthat takes VCLAIMS.tsv".into()));
    };
    let records = checkthat::import_vclaims(&read(file)?).map_err(|e| Failure::invalid(format!("{file}: {e}")))?;
    eprintln!("{file}: {} claims imported", records.len());
    emit(format!("{}\n", checkthat::to_jsonld(records)).as_bytes())
}

pub fn rank(args: &mut lexopt::Parser, engine: Engine) -> Result<(), Failure> {
    let (pos, tag) = positional(args, true)?;
    let [file, queries_file] = pos.as_slice() else {
        return Err(Failure::Usage("rank takes FILE and QUERIES.tsv".into()));
    };
    let tag = tag.unwrap_or_else(|| match engine {
        Engine::ClaimLens => "claimlens".into(),
        Engine::Reference => "bm25".into(),
    });
    let (_, loaded) = load(Some(file), false)?;
    let queries = checkthat::read_queries(&read(queries_file)?)
        .map_err(|e| Failure::invalid(format!("{queries_file}: {e}")))?;
    let claims = loaded.database.claims;
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
    emit(run.as_bytes())
}

pub fn score(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (pos, _) = positional(args, false)?;
    let [qrels_file, run_file] = pos.as_slice() else {
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
    println!("MAP@5\t{:.4}", s.map5);
    println!("MAP@1\t{:.4}", s.map1);
    println!("MRR\t{:.4}", s.mrr);
    println!("queries\t{}", s.queries);
    Ok(())
}
