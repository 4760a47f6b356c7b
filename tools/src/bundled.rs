//! The database bundled with the widget, and the article it quotes: the
//! default for every command that takes a database.

/// The bundled database's file, as the repository names it.
pub const DATABASE_PATH: &str = "claims/klingner-2019.claimreview.json";
/// The bundled database.
pub const DATABASE: &str = include_str!("../../claims/klingner-2019.claimreview.json");
/// The article its quotes come from.
pub const ARTICLE: &str = include_str!("../../claims/klingner-2019.article.txt");
