//! The commands: each parses its own options (with its own `--help`),
//! reads its input, and prints its output. Shared here: the help texts,
//! reading files and databases, and writing output.

mod bench;
mod draft;
mod editor;
mod eval;

use crate::Failure;
use claimlens_core::claimreview::{self, Loaded};
use claimlens_tools::bundled;
use lexopt::ValueExt as _;
use std::io::Read as _;

/// A command's help text, or `None` for an unknown command.
pub fn help(command: &str) -> Option<&'static str> {
    Some(match command {
        "validate" => editor::VALIDATE_HELP,
        "match" => editor::MATCH_HELP,
        "jsonld" => editor::JSONLD_HELP,
        "pages" => editor::PAGES_HELP,
        "pack" => editor::PACK_HELP,
        "draft" => draft::HELP,
        "import-checkthat" | "rank" | "rank-bm25" | "score" => bench::HELP,
        "eval" => eval::HELP,
        _ => return None,
    })
}

/// Runs `command` with the rest of the command line.
pub fn run(command: &str, args: &mut lexopt::Parser) -> Result<(), Failure> {
    match command {
        "validate" => editor::validate(args),
        "match" => editor::match_text(args),
        "jsonld" => editor::jsonld(args),
        "pages" => editor::pages(args),
        "pack" => editor::pack(args),
        "draft" => draft::run(args),
        "import-checkthat" => bench::import(args),
        "rank" => bench::rank(args, bench::Engine::ClaimLens),
        "rank-bm25" => bench::rank(args, bench::Engine::Reference),
        "score" => bench::score(args),
        "eval" => eval::run(args),
        other => Err(Failure::Usage(format!("unknown command \"{other}\""))),
    }
}

/// Prints `help` and ends the command when the option is `-h`/`--help`.
fn is_help(arg: &lexopt::Arg) -> bool {
    matches!(arg, lexopt::Arg::Short('h') | lexopt::Arg::Long("help"))
}

/// A file's text; the error names the file.
fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::invalid(format!("{path}: cannot read: {e}")))
}

/// Standard input, whole.
fn read_stdin() -> Result<String, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::invalid(format!("standard input: cannot read: {e}")))?;
    Ok(text)
}

/// A database's name (for messages) and text: the file, or the bundled one.
fn database_text(path: Option<&str>) -> Result<(String, String), Failure> {
    match path {
        Some(p) => Ok((p.to_string(), read(p)?)),
        None => Ok((bundled::DATABASE_PATH.to_string(), bundled::DATABASE.to_string())),
    }
}

/// Loads a database by the run-time rules; skipped records are named on
/// standard error, or, with `strict`, fail the command.
fn load(path: Option<&str>, strict: bool) -> Result<(String, Loaded), Failure> {
    let (name, text) = database_text(path)?;
    let loaded = claimreview::load(&text).map_err(|e| Failure::invalid(format!("{name}: {e}")))?;
    let skipped: Vec<String> = loaded.errors.iter().map(|e| format!("{name}: skipped {e}")).collect();
    if strict && !skipped.is_empty() {
        return Err(Failure::Invalid(skipped));
    }
    for line in skipped {
        eprintln!("{line}");
    }
    Ok((name, loaded))
}

/// The value of an option that takes one (`--name VALUE`).
fn value(args: &mut lexopt::Parser, name: &str) -> Result<String, Failure> {
    let v = args.value()?.string()?;
    if v.trim().is_empty() {
        return Err(Failure::Usage(format!("{name} needs a value")));
    }
    Ok(v)
}
