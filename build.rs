//! Validates the bundled claim database at build time, with the same checks
//! as `claimlens validate`, and writes it in compact form for the wasm.
//! An invalid database fails the build, naming the file, the record and the
//! problem.

#[path = "src/claims.rs"]
#[allow(dead_code)]
mod claims;
#[path = "src/database.rs"]
#[allow(dead_code)]
mod database;

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
            let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
                .join("bundled_claims.json");
            let json = serde_json::to_string(&claims).expect("claims serialise");
            std::fs::write(&out, json).expect("OUT_DIR is writable");
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
