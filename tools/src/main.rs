//! `claimlens`: the command-line program for editors of claim databases,
//! and the benchmark tools. `claimlens --help` lists the commands;
//! `claimlens help COMMAND` (or `COMMAND --help`) explains one.
//!
//! Exit status: 0 ok; 1 no match, or the input is invalid; 2 usage error.

#[macro_use]
mod output;
mod commands;

use std::process::ExitCode;

/// Why a command did not succeed.
pub enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The input is invalid, or there is no match (exit 1); each line is
    /// printed to standard error.
    Invalid(Vec<String>),
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Failure {
        Failure::Usage(e.to_string())
    }
}

impl Failure {
    /// One line of invalid input.
    pub fn invalid(line: impl Into<String>) -> Failure {
        Failure::Invalid(vec![line.into()])
    }
}

const HELP: &str = "claimlens — check claim databases and match text against them

Usage: claimlens <COMMAND> [OPTIONS] [ARGS]

Commands for editors:
  validate [FILE]     check a database (the build's rules; --publish adds the publication checks)
  match [TEXT]        which claims a text states, as the widget decides (reads stdin without TEXT)
  draft ARTICLE       a draft database from an article (.txt or .html), every checkable sentence unreviewed
  jsonld [FILE]       ClaimReview markup to publish: schema.org only, opinions left out
  pages DIR [FILE]    one static, accessible review page per published claim, and an index
  pack [FILE]         a prebuilt index the widget loads without tokenising (binary, to stdout)

Benchmark tools (CheckThat! 2020, see scripts/bench-checkthat.sh):
  import-checkthat VCLAIMS.tsv    the benchmark's claims as a database
  rank FILE QUERIES.tsv           a TREC run of ClaimLens's ranking (--tune QRELS: the train-only sweep)
  rank-bm25 FILE QUERIES.tsv      the same with the BM25 reference baseline
  score QRELS RUN                 MAP@5, MAP@1 and MRR by the official rules

Evaluation (the labelled set, tests/data/):
  eval FILE...                    the matcher's figures on labelled cases (--threshold/--low sweep them)

Options:
  -h, --help      this help; `claimlens help COMMAND` explains a command
  -V, --version   the version

FILE defaults to the bundled database (claims/klingner-2019.claimreview.json).
Exit status: 0 ok; 1 no match, or the input is invalid; 2 usage error.";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("claimlens: {message}\nRun `claimlens --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Invalid(lines)) => {
            for l in lines {
                eprintln!("{l}");
            }
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut args = lexopt::Parser::from_env();
    let command = match args.next()? {
        Some(Short('h') | Long("help")) => {
            say!("{HELP}");
            return Ok(());
        }
        Some(Short('V') | Long("version")) => {
            say!("claimlens {}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        Some(Value(v)) => v.string()?,
        Some(other) => return Err(other.unexpected().into()),
        None => return Err(Failure::Usage("a command is needed".into())),
    };
    if command == "help" {
        return match args.next()? {
            None => {
                say!("{HELP}");
                Ok(())
            }
            Some(Value(topic)) => {
                let topic = topic.string()?;
                let help = commands::help(&topic)
                    .ok_or_else(|| Failure::Usage(format!("no command \"{topic}\"")))?;
                say!("{help}");
                Ok(())
            }
            Some(other) => Err(other.unexpected().into()),
        };
    }
    commands::run(&command, &mut args)
}
