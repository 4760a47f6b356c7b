//! `claimlens`: the editors' command-line tool for claim databases.
//!
//! ```text
//! claimlens validate FILE [--article ARTICLE.txt]   the build's checks, same messages
//! claimlens match FILE "text" [--all]               ranked matches, as the widget ranks them
//! claimlens jsonld FILE [--html]                    ClaimReview JSON-LD for an article page
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

    use claimlens::claims::claim_to_record;
    use claimlens::database::{load_json, validate_json};
    use claimlens::matcher::{Matcher, THRESHOLD};
    use std::process::ExitCode;

    const USAGE: &str = "usage:
  claimlens validate FILE [--article ARTICLE.txt]
  claimlens match FILE \"text\" [--all]
  claimlens jsonld FILE [--html]";

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let result = match args.first().map(String::as_str) {
            Some("validate") => validate(&args[1..]),
            Some("match") => match_text(&args[1..]),
            Some("jsonld") => jsonld(&args[1..]),
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
        let doc = serde_json::json!({ "@context": "https://schema.org", "@graph": records });
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
}
