//! `claimlens draft`: a draft database from an article.

use crate::output;
use super::{is_help, read, value};
use crate::Failure;
use claimlens_tools::draft;
use lexopt::prelude::*;

pub const HELP: &str = "Usage: claimlens draft ARTICLE [--author NAME] [--url URL] [--date DATE] [--reviewer ORG] > draft.json

Starts a database for a new article (.txt, or .html: the article body, without
navigation, related-link cards, asides and footers). Every sentence with
something to check (numbers, dates, names, comparisons, attributions,
superlatives) gets a ClaimReview skeleton with its quote verbatim and the
page's author and address; opinions are marked as candidates for the Opinion
label. Every verdict is \"Unreviewed\", which `claimlens validate` refuses and
the widget does not show, until an editor writes the claim, the context and
the sources.

  --author NAME    the article's author (an HTML page's own meta tags otherwise)
  --url URL        the article's address (the page's canonical link otherwise)
  --date DATE      when it was published, YYYY-MM-DD (the page's date otherwise)
  --reviewer ORG   the fact-checking organisation (default: ClaimLens)

Exit status: 0 ok; 1 unreadable article; 2 usage error.";

pub fn run(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (mut path, mut author, mut url, mut date, mut reviewer) = (None, None, None, None, None);
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => {
                say!("{HELP}");
                return Ok(());
            }
            Long("author") => author = Some(value(args, "--author")?),
            Long("url") => url = Some(value(args, "--url")?),
            Long("date") => date = Some(value(args, "--date")?),
            Long("reviewer") => reviewer = Some(value(args, "--reviewer")?),
            Value(v) if path.is_none() => path = Some(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let path = path.ok_or_else(|| Failure::Usage("draft needs an ARTICLE (.txt or .html)".into()))?;
    let text = read(&path)?;
    let is_html = path.ends_with(".html") || path.ends_with(".htm") || text.trim_start().starts_with('<');
    let mut article = if is_html { draft::html::read(&text) } else { draft::from_text(&text) };
    article.author = author.or(article.author);
    article.url = url.or(article.url);
    article.date = date.or(article.date);
    if article.paragraphs.is_empty() {
        return Err(Failure::invalid(format!("{path}: no article text found")));
    }
    let doc = draft::draft(&article, reviewer.as_deref().unwrap_or("ClaimLens"));
    let n = doc.get("@graph").map_or(0, |g| g.one_or_many().len());
    eprintln!("{path}: {n} sentences to review");
    output::bytes(format!("{}\n", doc.to_pretty()).as_bytes());
    Ok(())
}
