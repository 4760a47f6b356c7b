//! The repository's own claim database, for the unit tests (the core
//! embeds no database; the widget's build bundles one).

use crate::matching::Matcher;
use std::sync::OnceLock;

/// The Klingner database, as in `claims/`.
pub const DATABASE: &str = include_str!("../../claims/klingner-2019.claimreview.json");

/// The Klingner database, indexed once.
pub fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let loaded = crate::claimreview::load(DATABASE).expect("the repository's database loads");
        Matcher::new(loaded.database.claims)
    })
}
