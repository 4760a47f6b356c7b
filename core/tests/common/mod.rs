//! What the core's integration tests share: the repository's database and
//! article, and the database indexed as a database loaded at run time is.

use claimlens_core::claimreview;
use claimlens_core::matching::index::IndexBuilder;
use claimlens_core::matching::Matcher;
use std::sync::OnceLock;

/// The bundled database, as in `claims/`.
pub const DATABASE: &str = include_str!("../../../claims/klingner-2019.claimreview.json");
/// The article its quotes come from.
pub const ARTICLE: &str = include_str!("../../../claims/klingner-2019.article.txt");

/// The repository's database, indexed with its claims and entities, as a
/// database loaded at run time is.
pub fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let loaded = claimreview::load(DATABASE).expect("the repository's database loads");
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let db = loaded.database;
        let mut builder = IndexBuilder::default();
        builder.add(db.claims, db.entities);
        while !builder.step(usize::MAX) {}
        Matcher::from_index(builder.finish())
    })
}
