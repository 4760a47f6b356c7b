//! `claimlens`: the editors' command-line tool for claim databases.
//!
//! ```text
//! claimlens validate FILE [--article ARTICLE.txt]   the build's checks, same messages
//! claimlens match FILE "text" [--all]               ranked matches, as the widget ranks them
//! claimlens jsonld FILE [--html]                    ClaimReview JSON-LD for an article page
//! ```
//!
//! and, for the CheckThat! 2020 benchmark (`scripts/bench-checkthat.sh`):
//!
//! ```text
//! claimlens import-checkthat VCLAIMS.tsv > db.json    the benchmark's claims as a database
//! claimlens rank FILE QUERIES.tsv [--tag TAG]         TREC run, top 5 claims per post
//! claimlens rank-bm25 FILE QUERIES.tsv [--tag TAG]    the same with the BM25 reference baseline
//! claimlens score QRELS RUN                           MAP@5, MAP@1, MRR by the official rules
//! ```
//!
//! Exit status: 0 on success, 1 when the database or the input is invalid,
//! 2 on a usage error.
//!
//! (A native tool: on wasm32 this binary is empty, so `wasm-pack test` can
//! build the crate's test targets.)
#![cfg_attr(target_arch = "wasm32", allow(unused))]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {

    use claimlens::checkthat;
    use claimlens::claims::claim_to_record;
    use claimlens::database::{load_json, validate_json};
    use claimlens::matcher::{Matcher, THRESHOLD};
    use std::io::Write;
    use std::process::ExitCode;
    use std::time::Instant;

    const USAGE: &str = "usage:
  claimlens validate FILE [--article ARTICLE.txt]
  claimlens match FILE \"text\" [--all]
  claimlens jsonld FILE [--html]
  claimlens import-checkthat VCLAIMS.tsv > db.json
  claimlens rank FILE QUERIES.tsv [--tag TAG] > run.trec
  claimlens rank-bm25 FILE QUERIES.tsv [--tag TAG] > run.trec
  claimlens score QRELS RUN";

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let result = match args.first().map(String::as_str) {
            Some("validate") => validate(&args[1..]),
            Some("match") => match_text(&args[1..]),
            Some("jsonld") => jsonld(&args[1..]),
            Some("import-checkthat") => import_checkthat(&args[1..]),
            Some("rank") => rank(&args[1..], Engine::ClaimLens),
            Some("rank-bm25") => rank(&args[1..], Engine::Bm25),
            Some("score") => score(&args[1..]),
            Some("-h" | "--help") => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => Err(Failure::Usage),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(Failure::Usage) => {
                eprintln!("{USAGE}");
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

    /// Why a command failed.
    enum Failure {
        Usage,
        Invalid(Vec<String>),
    }

    fn read(path: &str) -> Result<String, Failure> {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::Invalid(vec![format!("{path}: cannot read: {e}")]))
    }

    /// Splits `args` into positional arguments and the value of `--name VALUE` flags.
    fn flag<'a>(args: &'a [String], name: &str) -> (Vec<&'a str>, Option<&'a str>, bool) {
        let mut positional = Vec::new();
        let mut value = None;
        let mut present = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == name {
                present = true;
                value = it.next().map(String::as_str);
            } else {
                positional.push(a.as_str());
            }
        }
        (positional, value, present)
    }

    fn validate(args: &[String]) -> Result<(), Failure> {
        let (pos, article_path, _) = flag(args, "--article");
        let [file] = pos.as_slice() else {
            return Err(Failure::Usage);
        };
        let text = read(file)?;
        let article = article_path.map(read).transpose()?;
        match validate_json(&text, article.as_deref()) {
            Ok(claims) => {
                println!("{file}: {} claims, all valid", claims.len());
                Ok(())
            }
            Err(errors) => Err(Failure::Invalid(
                errors.into_iter().map(|e| format!("{file}: {e}")).collect(),
            )),
        }
    }

    fn match_text(args: &[String]) -> Result<(), Failure> {
        let all = args.iter().any(|a| a == "--all");
        let pos: Vec<&String> = args.iter().filter(|a| *a != "--all").collect();
        let [file, text] = pos.as_slice() else {
            return Err(Failure::Usage);
        };
        let loaded =
            load_json(&read(file)?).map_err(|e| Failure::Invalid(vec![format!("{file}: {e}")]))?;
        for e in &loaded.errors {
            eprintln!("{file}: skipped {e}");
        }
        let matcher = Matcher::new(loaded.claims);
        let matches = if all {
            matcher.rank(text, 10)
        } else {
            matcher.find(text)
        };
        if matches.is_empty() {
            println!("no match (threshold {THRESHOLD})");
        }
        for m in matches {
            let c = &matcher.claims()[m.claim];
            let mark = if m.score >= THRESHOLD {
                "match"
            } else {
                "below"
            };
            println!(
                "{:.3}  {mark}  {}  [{}]  recall {:.2} precision {:.2}\n       {}",
                m.score, c.id, c.verdict_label, m.recall, m.precision, c.claim_reviewed
            );
        }
        Ok(())
    }

    fn jsonld(args: &[String]) -> Result<(), Failure> {
        let html = args.iter().any(|a| a == "--html");
        let pos: Vec<&String> = args.iter().filter(|a| *a != "--html").collect();
        let [file] = pos.as_slice() else {
            return Err(Failure::Usage);
        };
        let loaded =
            load_json(&read(file)?).map_err(|e| Failure::Invalid(vec![format!("{file}: {e}")]))?;
        let records: Vec<_> = loaded.claims.iter().map(claim_to_record).collect();
        let doc = claimlens::database::graph_document(&records);
        let text = serde_json::to_string_pretty(&doc)
            .map_err(|e| Failure::Invalid(vec![e.to_string()]))?;
        // Safe inside <script>: no "</script>" or "<!--" can close or confuse the tag.
        let text = text.replace("</", "<\\/").replace("<!--", "<\\!--");
        if html {
            println!("<script type=\"application/ld+json\">\n{text}\n</script>");
        } else {
            println!("{text}");
        }
        Ok(())
    }

    /// Writes a command's whole output to stdout.
    fn emit(text: &str) -> Result<(), Failure> {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Failure::Invalid(vec![format!("cannot write the output: {e}")]))
    }

    fn import_checkthat(args: &[String]) -> Result<(), Failure> {
        let [file] = args else {
            return Err(Failure::Usage);
        };
        let records = checkthat::import_vclaims(&read(file)?)
            .map_err(|e| Failure::Invalid(vec![format!("{file}: {e}")]))?;
        eprintln!("{file}: {} claims imported", records.len());
        emit(&checkthat::to_jsonld(&records))?;
        emit("\n")
    }

    /// Which ranker `rank` runs.
    #[derive(Clone, Copy, PartialEq)]
    enum Engine {
        /// The product's matcher.
        ClaimLens,
        /// The README's BM25 reference baseline, for comparison only.
        Bm25,
    }

    fn rank(args: &[String], engine: Engine) -> Result<(), Failure> {
        let (pos, tag, tag_given) = flag(args, "--tag");
        let [file, queries_file] = pos.as_slice() else {
            return Err(Failure::Usage);
        };
        if tag_given && tag.is_none_or(|t| t.is_empty() || t.chars().any(char::is_whitespace)) {
            eprintln!("--tag needs a value without spaces");
            return Err(Failure::Usage);
        }
        let tag = tag.unwrap_or(match engine {
            Engine::ClaimLens => "claimlens",
            Engine::Bm25 => "bm25",
        });
        let loaded =
            load_json(&read(file)?).map_err(|e| Failure::Invalid(vec![format!("{file}: {e}")]))?;
        for e in &loaded.errors {
            eprintln!("{file}: skipped {e}");
        }
        let queries = checkthat::read_queries(&read(queries_file)?)
            .map_err(|e| Failure::Invalid(vec![format!("{queries_file}: {e}")]))?;
        let claims = loaded.claims.len();
        let start = Instant::now();
        let (run, indexed) = match engine {
            Engine::ClaimLens => {
                let matcher = Matcher::new(loaded.claims);
                let indexed = start.elapsed();
                let run = checkthat::trec_run(&matcher, &queries, checkthat::DEPTH, tag);
                (run, indexed)
            }
            Engine::Bm25 => {
                let bm25 = checkthat::Bm25::new(&loaded.claims);
                let indexed = start.elapsed();
                let run = checkthat::bm25_run(&bm25, &queries, checkthat::DEPTH, tag);
                (run, indexed)
            }
        };
        let ranked = start.elapsed() - indexed;
        let n = queries.len().max(1) as f64;
        eprintln!(
            "{tag}: indexed {claims} claims in {:.2} s; ranked {} queries in {:.2} s ({:.1} ms per query)",
            indexed.as_secs_f64(),
            queries.len(),
            ranked.as_secs_f64(),
            ranked.as_secs_f64() * 1000.0 / n
        );
        emit(&run)
    }

    fn score(args: &[String]) -> Result<(), Failure> {
        let [qrels_file, run_file] = args else {
            return Err(Failure::Usage);
        };
        let qrels = checkthat::read_qrels(&read(qrels_file)?)
            .map_err(|e| Failure::Invalid(vec![format!("{qrels_file}: {e}")]))?;
        let run = checkthat::read_run(&read(run_file)?)
            .map_err(|e| Failure::Invalid(vec![format!("{run_file}: {e}")]))?;
        let s = checkthat::score_run(&run, &qrels);
        if s.without_gold > 0 {
            eprintln!(
                "{run_file}: {} queries of the run have no gold rows (counted as 0)",
                s.without_gold
            );
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
}
