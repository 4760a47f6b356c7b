//! Validates the bundled claim database at build time, with the same checks
//! as `claimlens validate`, and builds its index once, here, in the compact
//! binary form the wasm reads at start-up (`src/packed.rs`).
//! An invalid database fails the build, naming the file, the record and the
//! problem.

#[path = "src/claims.rs"]
#[allow(dead_code)]
mod claims;
#[path = "src/database.rs"]
#[allow(dead_code)]
mod database;
#[path = "src/lexicon.rs"]
#[allow(dead_code)]
mod lexicon;
#[path = "src/matcher.rs"]
#[allow(dead_code)]
mod matcher;
#[path = "src/packed.rs"]
#[allow(dead_code)]
mod packed;
#[path = "src/text.rs"]
#[allow(dead_code)]
mod text;

use std::path::Path;

/// The database bundled into the build, and the article its quotes come from.
/// `CLAIMLENS_DATABASE` and `CLAIMLENS_ARTICLE` override them (the build
/// test uses this to show that a broken database fails the build).
const DATABASE: &str = "claims/klingner-2019.claimreview.json";
const ARTICLE: &str = "claims/klingner-2019.article.txt";

fn main() {
    println!("cargo:rerun-if-env-changed=CLAIMLENS_DATABASE");
    println!("cargo:rerun-if-env-changed=CLAIMLENS_ARTICLE");
    let database = std::env::var("CLAIMLENS_DATABASE").unwrap_or_else(|_| DATABASE.to_string());
    let article_path = std::env::var("CLAIMLENS_ARTICLE").unwrap_or_else(|_| ARTICLE.to_string());
    for f in [
        database.as_str(),
        article_path.as_str(),
        "src/claims.rs",
        "src/database.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            eprintln!("error: cannot read {p}: {e}");
            std::process::exit(1)
        })
    };
    let (text, article) = (read(&database), read(&article_path));
    match database::validate_json(&text, Some(&article)) {
        Ok(claims) => {
            // The index is built here, once, and read back by the wasm.
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
                .join("bundled_matcher.bin");
            let packed = matcher::Matcher::new(claims).to_packed();
            std::fs::write(&out, packed).expect("OUT_DIR is writable");
        }
        Err(errors) => {
            eprintln!(
                "error: invalid claim database {database} ({} problems):",
                errors.len()
            );
            for e in &errors {
                eprintln!("  {database}: {e}");
            }
            std::process::exit(1);
        }
    }
}
