//! The editors' commands: validate, match, jsonld, pages, pack.

use crate::output;
use super::{database_text, is_help, load, read, read_stdin, value};
use crate::Failure;
use claimlens_core::claimreview::rules::{Extras, Rules};
use claimlens_core::claimreview::write::{published_document, Publisher};
use claimlens_core::claimreview::{self, Invalid};
use claimlens_core::json::Json;
use claimlens_core::matching::index::StoredIndex;
use claimlens_core::matching::meaning::Meaning;
use claimlens_wordnet::{WordCounts, WordNetThesaurus};
use claimlens_core::matching::explain::{Candidate, Decision, Relation};
use claimlens_core::matching::{Matcher, PageContext, Swap};
use claimlens_core::TextRole;
use claimlens_tools::{bundled, pages};
use lexopt::prelude::*;

pub const VALIDATE_HELP: &str = "Usage: claimlens validate [FILE] [--article ARTICLE.txt] [--strict] [--publish [--base-url URL]] [--json]

Checks a database of ClaimReview records and names the file, the record and
the field of every problem.

  schema.org rules   always: what any fact-checker's markup must get right
  ClaimLens rules    for records using ClaimLens fields (quote, kind, context,
                     sources, variants); --strict applies them to every record
  --article FILE     every quote must be verbatim in this article
  --publish          the publication checks too: https URLs that are not
                     placeholders (example.*, localhost), an absolute @id,
                     no sources on mirror, repost, staging or translation hosts
  --base-url URL     check the markup `jsonld --base-url URL` would publish
  --json             the result as JSON on standard output

Without FILE: the bundled database, its article, and --strict.
Exit status: 0 valid; 1 invalid; 2 usage error.";

pub const MATCH_HELP: &str = "Usage: claimlens match [--db FILE] [--page TEXT] [--all | --explain] [--json] [TEXT]

Prints the claims TEXT states, best first, as the widget decides (it stays
silent rather than guess). Reads TEXT from standard input when it is left
out.

  --db FILE     the database (default: the bundled one); `match FILE TEXT` also works
  --page TEXT   the page TEXT is on (its title, headings): references such as
                \"the regime\" count for the database's entities only on a page
                about them, and against them on a page about someone else
  --all         the ten best candidates, with those the widget would not show marked
  --explain     every candidate, the claim text it was read in (its quote,
                restatement or a variant), the words it aligned and how (same word,
                number, related word, entity, reference, typo), and why a near miss
                was refused
  --json        the result as JSON on standard output

Exit status: 0 a match; 1 no match, or an invalid database; 2 usage error.";

pub const JSONLD_HELP: &str = "Usage: claimlens jsonld [FILE] [--base-url URL] [--author-url URL] [--html]

Prints ClaimReview markup to publish: schema.org vocabulary only, absolute
@ids, ratings in range, opinions left out.

  --base-url URL     where the review pages live: claim x's review is URL/x/
                     (without it, each record's own url is used)
  --author-url URL   the reviewing organisation's own page, for author.url
  --html             wrapped in a <script type=\"application/ld+json\"> element

Exit status: 0 ok; 1 invalid database, or a claim with no URL; 2 usage error.";

pub const PAGES_HELP: &str = "Usage: claimlens pages DIR [FILE] --base-url URL [--author-url URL] [--title TITLE]

Writes one static, accessible HTML page per published claim to DIR/ID/index.html
(verdict, claim, context, sources and its ClaimReview JSON-LD) and an index at
DIR/index.html, so that every url in `jsonld --base-url URL` resolves once DIR
is served at URL.

Exit status: 0 ok; 1 invalid database or unwritable DIR; 2 usage error.";

pub const PACK_HELP: &str = "Usage: claimlens pack [FILE] [--wordnet DIR | --no-wordnet] > db.clx

Writes the database's prebuilt index, in the packed form the widget reads
without parsing JSON or tokenising (`ClaimLens.load(\"db.clx\")`), with its
entities and its related-word table from WordNet (so rewordings are found).
Binary, to standard output. Common words (SUBTLEX-US counts, from
$CLAIMLENS_WORD_COUNTS or the repository's node_modules) are related from
the reader's end too, as in the widget's build; without the counts, a note
says so and words are related from the claim's end only.

  --wordnet DIR   WordNet's dict directory (default: $WORDNET_DICT, else
                  /usr/share/wordnet from Debian's wordnet-base)
  --no-wordnet    no related-word table (only the database's own words)

Exit status: 0 ok; 1 invalid database or no WordNet; 2 usage error.";

/// Options every database command shares.
#[derive(Default)]
struct Common {
    positional: Vec<String>,
    json: bool,
    base_url: Option<String>,
    author_url: Option<String>,
}

pub fn validate(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (mut article_path, mut strict, mut publish, mut common) = (None, false, false, Common::default());
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => return help(VALIDATE_HELP),
            Long("article") => article_path = Some(value(args, "--article")?),
            Long("strict") => strict = true,
            Long("publish") => publish = true,
            Long("json") => common.json = true,
            Long("base-url") => common.base_url = Some(value(args, "--base-url")?),
            Value(v) => common.positional.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let file = match common.positional.as_slice() {
        [] => None,
        [f] => Some(f.as_str()),
        _ => return Err(Failure::Usage("validate takes one FILE".into())),
    };
    let (name, mut text) = database_text(file)?;
    let article = match (&article_path, file) {
        (Some(p), _) => Some(read(p)?),
        (None, None) => Some(bundled::ARTICLE.to_string()),
        (None, Some(_)) => None,
    };
    if let Some(base) = &common.base_url {
        // Check what would be published from this database.
        let loaded = claimreview::load(&text).map_err(|e| Failure::invalid(format!("{name}: {e}")))?;
        let publisher = Publisher {
            base_url: Some(base.clone()),
            author_url: None,
        };
        text = published_document(&loaded.database.claims, &loaded.database.entities, &publisher).to_compact();
    }
    let rules = Rules {
        // The published markup is schema.org only: ClaimLens fields are
        // checked where used, never asked for.
        extras: if (strict || file.is_none()) && common.base_url.is_none() {
            Extras::Required
        } else {
            Extras::WhereUsed
        },
        article: if common.base_url.is_some() { None } else { article.as_deref() },
        publication: publish,
    };
    let result = claimreview::validate(&text, &rules);
    if common.json {
        let problems: Vec<Json> = match &result {
            Ok(_) => vec![],
            Err(Invalid::Document(e)) => vec![Json::object([("problem", Some(Json::from(e.to_string())))])],
            Err(Invalid::Records(errors)) => errors
                .iter()
                .map(|e| {
                    Json::object([
                        ("record", Some(Json::Number(e.record as f64))),
                        ("id", e.id.as_deref().map(Json::from)),
                        ("field", Some(Json::from(e.field.as_str()))),
                        ("problem", Some(Json::from(e.problem.to_string()))),
                    ])
                })
                .collect(),
        };
        let out = Json::object([
            ("file", Some(Json::from(name.as_str()))),
            ("valid", Some(Json::Bool(result.is_ok()))),
            ("claims", result.as_ref().ok().map(|db| Json::Number(db.claims.len() as f64))),
            ("problems", Some(Json::Array(problems))),
        ]);
        output::bytes(format!("{}\n", out.to_pretty()).as_bytes());
        return result.map(|_| ()).map_err(|_| Failure::Invalid(vec![]));
    }
    match result {
        Ok(db) => {
            say!("{name}: {} claims, all valid", db.claims.len());
            Ok(())
        }
        Err(Invalid::Document(e)) => Err(Failure::invalid(format!("{name}: {e}"))),
        Err(Invalid::Records(errors)) => Err(Failure::Invalid(
            errors.iter().map(|e| format!("{name}: {e}")).collect(),
        )),
    }
}

pub fn match_text(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (mut db, mut all, mut explain, mut page, mut common) = (None, false, false, String::new(), Common::default());
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => return help(MATCH_HELP),
            Long("db") => db = Some(value(args, "--db")?),
            Long("page") => page = value(args, "--page")?,
            Long("all") => all = true,
            Long("explain") => explain = true,
            Long("json") => common.json = true,
            Value(v) => common.positional.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let text = match common.positional.as_slice() {
        [] => read_stdin()?,
        [text] => text.clone(),
        [file, text] if db.is_none() => {
            db = Some(file.clone());
            text.clone()
        }
        _ => return Err(Failure::Usage("match takes one TEXT (quote it)".into())),
    };
    let matcher = widget_matcher(db.as_deref())?;
    let context = matcher.page_context(&page);
    if explain {
        return explain_text(&matcher, &text, &context, common.json);
    }
    let shown: Vec<usize> = matcher.find_on(&text, &context).iter().map(|m| m.claim).collect();
    let matches = if all { matcher.rank(&text, 10) } else { matcher.find_on(&text, &context) };
    let found = !shown.is_empty();
    if common.json {
        let out: Vec<Json> = matches
            .iter()
            .map(|m| {
                let c = &matcher.claims()[m.claim];
                Json::object([
                    ("id", Some(Json::from(c.id.as_str()))),
                    ("score", Some(Json::Number((f64::from(m.score) * 1000.0).round() / 1000.0))),
                    ("match", Some(Json::Bool(shown.contains(&m.claim)))),
                    ("verdict", Some(Json::from(c.verdict_label.as_str()))),
                    ("claimReviewed", Some(Json::from(c.claim_reviewed.as_str()))),
                ])
            })
            .collect();
        output::bytes(format!("{}\n", Json::Array(out).to_pretty()).as_bytes());
    } else {
        if !found {
            say!("no match");
        }
        for m in &matches {
            let c = &matcher.claims()[m.claim];
            let mark = if shown.contains(&m.claim) { "match" } else { "not shown" };
            say!(
                "{:.3}  {mark}  {}  [{}]  recall {:.2} precision {:.2}\n       {}",
                m.score, c.id, c.verdict_label, m.recall, m.precision, c.claim_reviewed
            );
        }
    }
    if found {
        Ok(())
    } else {
        Err(Failure::Invalid(vec![]))
    }
}

/// WordNet in `dir` (or its default place) with the word counts the widget's
/// build uses, as the build relates words. Without the counts (no
/// `node_modules`, no `CLAIMLENS_WORD_COUNTS`), words are related from the
/// claim's end only, with a note.
fn thesaurus(dir: Option<&std::path::Path>) -> Result<WordNetThesaurus, claimlens_wordnet::WnError> {
    let thesaurus = WordNetThesaurus::open(dir)?;
    Ok(match WordCounts::open(&WordCounts::default_path()) {
        Ok(counts) => thesaurus.with_word_counts(counts),
        Err(e) => {
            eprintln!("note: no word counts ({e}); words are related from the claim's end only");
            thesaurus
        }
    })
}

/// A matcher over a database file (or the bundled one) as the widget has
/// it when packed: its entities, and its related-word table built with
/// WordNet. Without WordNet (not installed, no `WORDNET_DICT`) the table is
/// left out, with a note: rewordings are then found less often.
pub(super) fn widget_matcher(file: Option<&str>) -> Result<Matcher, Failure> {
    let (_, loaded) = load(file, false)?;
    let db = loaded.database;
    let meaning = match thesaurus(None) {
        Ok(thesaurus) => Meaning::build(&db.claims, &thesaurus),
        Err(e) => {
            eprintln!("note: WordNet is not available ({e}); matching without related words");
            Meaning::default()
        }
    };
    Ok(Matcher::from_index(StoredIndex::build(db.claims, db.entities, meaning)))
}

/// `match --explain`: every candidate and why.
fn explain_text(matcher: &Matcher, text: &str, page: &PageContext, json: bool) -> Result<(), Failure> {
    let candidates = matcher.explain(text, page, 10);
    let words = |start: u32, end: u32| -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16_lossy(units.get(start as usize..end as usize).unwrap_or(&[]))
    };
    let name = |e: usize| matcher.entities().get(e).map_or_else(|| format!("entity {e}"), |x| x.name.clone());
    let decision = |d: &Decision| -> String {
        match d {
            Decision::Match => "match".into(),
            Decision::BelowThreshold => "below the threshold".into(),
            Decision::OffTopic => "in the lower band, but neither the selection nor its page names the claim's actors".into(),
            Decision::Unexplained { precision } => format!(
                "neither the selection nor its page names the claim's actors, and the claim explains only {precision:.2} of the selection"
            ),
            Decision::NoLead { lead } => format!("in the lower band, but only {lead:.2} ahead of the next claim"),
            Decision::Unbalanced { balance } => {
                format!("in the lower band, but it explains too little of the selection (balance {balance:.2})")
            }
            Decision::NotBest => "in the lower band, which is for the best claim, or a claim in words of its own beside a shown one".into(),
            Decision::Overlaps => "overlaps a better match".into(),
            Decision::Swapped(Swap::OtherEntity { missing, other, at }) => {
                format!("refused: {} is missing, and \"{}\" names {} instead", name(*missing), word_at(text, *at), name(*other))
            }
            Decision::Swapped(Swap::UnknownName { missing, at }) => {
                format!("refused: {} is missing, and \"{}\" names someone the database does not know", name(*missing), word_at(text, *at))
            }
            Decision::Swapped(Swap::Reference { missing }) => {
                format!("refused: {} is missing, and the page says its reference means someone else", name(*missing))
            }
            Decision::Swapped(Swap::PageElsewhere) => "refused: the page is about someone else, and the selection names none of the claim's actors".into(),
            Decision::Swapped(Swap::Substituted { missing, at }) => {
                format!("refused: \"{}\" stands where the claim has {}", word_at(text, *at), name(*missing))
            }
            Decision::Swapped(Swap::OtherCount { claimed, said, at }) => {
                format!(
                    "refused: \"{}\" counts {} where the claim counts {}",
                    word_at(text, *at),
                    *said as f64 / 1000.0,
                    *claimed as f64 / 1000.0
                )
            }
        }
    };
    let relation = |r: &Relation| -> String {
        match r {
            Relation::Same => "same word".into(),
            Relation::Number => "number".into(),
            Relation::Related(w) => format!("related word, weight {w:.2}"),
            Relation::Entity => "entity".into(),
            Relation::Reference(f) => format!("reference, factor {f:.2}"),
            Relation::Typo => "typo".into(),
            Relation::Glued => "glued word".into(),
        }
    };
    // Which of the claim's texts the aligned words are in.
    let read_in = |c: &Candidate| -> (String, String) {
        match matcher.claims()[c.claim].match_text(c.text) {
            Some((TextRole::Quote, words)) => ("quote".into(), words.into()),
            Some((TextRole::Restatement, words)) => ("restatement".into(), words.into()),
            Some((TextRole::Variant(n), words)) => (format!("variant {}", n + 1), words.into()),
            None => (format!("text {}", c.text + 1), String::new()),
        }
    };
    if json {
        let out: Vec<Json> = candidates
            .iter()
            .map(|c| {
                let (role, text) = read_in(c);
                Json::object([
                    ("id", Some(Json::from(matcher.claims()[c.claim].id.as_str()))),
                    ("score", Some(Json::Number((f64::from(c.score) * 1000.0).round() / 1000.0))),
                    ("decision", Some(Json::from(decision(&c.decision)))),
                    ("read_in", Some(Json::from(role))),
                    ("text", Some(Json::from(text))),
                    (
                        "aligned",
                        Some(Json::Array(
                            c.pairs
                                .iter()
                                .map(|p| {
                                    Json::object([
                                        ("selection", Some(Json::from(words(p.start, p.end)))),
                                        ("claim", Some(Json::from(p.term.as_str()))),
                                        ("relation", Some(Json::from(relation(&p.relation)))),
                                    ])
                                })
                                .collect(),
                        )),
                    ),
                ])
            })
            .collect();
        output::bytes(format!("{}\n", Json::Array(out).to_pretty()).as_bytes());
    } else {
        if candidates.is_empty() {
            say!("no candidate: the text shares no term with any claim");
        }
        for c in &candidates {
            let claim = &matcher.claims()[c.claim];
            say!("{:.3}  {}  [{}]\n       {}", c.score, claim.id, claim.verdict_label, decision(&c.decision));
            let (role, text) = read_in(c);
            say!("       read in its {role}: \"{text}\"");
            for p in &c.pairs {
                say!("         \"{}\" ~ {} ({})", words(p.start, p.end), p.term, relation(&p.relation));
            }
        }
    }
    if candidates.iter().any(|c| c.decision == Decision::Match) {
        Ok(())
    } else {
        Err(Failure::Invalid(vec![]))
    }
}

/// The word of `text` starting at UTF-16 offset `at`.
fn word_at(text: &str, at: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().skip(at as usize).take(60).collect();
    String::from_utf16_lossy(&units)
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .next()
        .unwrap_or("")
        .to_string()
}

/// Parses the options of `jsonld` and `pages`.
fn publishing_options(args: &mut lexopt::Parser, usage: &'static str) -> Result<(Common, bool, Option<String>), Failure> {
    let (mut common, mut html, mut title) = (Common::default(), false, None);
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => {
                say!("{usage}");
                std::process::exit(0);
            }
            Long("base-url") => common.base_url = Some(value(args, "--base-url")?),
            Long("author-url") => common.author_url = Some(value(args, "--author-url")?),
            Long("html") => html = true,
            Long("title") => title = Some(value(args, "--title")?),
            Value(v) => common.positional.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    for url in common.base_url.iter().chain(&common.author_url) {
        if !claimlens_core::model::is_http_url(url) {
            return Err(Failure::Usage(format!("\"{url}\" is not an http(s) URL")));
        }
    }
    Ok((common, html, title))
}

pub fn jsonld(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (common, html, _) = publishing_options(args, JSONLD_HELP)?;
    let file = match common.positional.as_slice() {
        [] => None,
        [f] => Some(f.as_str()),
        _ => return Err(Failure::Usage("jsonld takes one FILE".into())),
    };
    let (name, loaded) = load(file, true)?;
    let publisher = Publisher {
        base_url: common.base_url,
        author_url: common.author_url,
    };
    let db = &loaded.database;
    let unplaced: Vec<String> = db
        .claims
        .iter()
        .filter(|c| claimlens_core::claimreview::write::is_published(c) && publisher.review_url(c).is_none())
        .map(|c| format!("{name}: claim \"{}\" has no url: give --base-url", c.id))
        .collect();
    if !unplaced.is_empty() {
        return Err(Failure::Invalid(unplaced));
    }
    let text = published_document(&db.claims, &db.entities, &publisher).to_pretty();
    let out = if html {
        format!("<script type=\"application/ld+json\">\n{text}\n</script>\n")
    } else {
        format!("{text}\n")
    };
    output::bytes(out.as_bytes());
    Ok(())
}

pub fn pages(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (common, _, title) = publishing_options(args, PAGES_HELP)?;
    let (dir, file) = match common.positional.as_slice() {
        [dir] => (dir.as_str(), None),
        [dir, file] => (dir.as_str(), Some(file.as_str())),
        _ => return Err(Failure::Usage("pages takes DIR and an optional FILE".into())),
    };
    let Some(base_url) = common.base_url else {
        return Err(Failure::Usage("pages needs --base-url (where DIR will be served)".into()));
    };
    let (name, loaded) = load(file, true)?;
    let publisher = Publisher {
        base_url: Some(base_url),
        author_url: common.author_url,
    };
    let site = title.unwrap_or_else(|| "Fact-checks".into());
    let db = &loaded.database;
    let written = pages::pages(&db.claims, &db.entities, &publisher, &site);
    for page in &written {
        let path = std::path::Path::new(dir).join(&page.path);
        let write = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &page.html));
        write.map_err(|e| Failure::invalid(format!("{}: cannot write: {e}", path.display())))?;
    }
    eprintln!("{name}: wrote {} review pages and an index to {dir}", written.len() - 1);
    Ok(())
}

pub fn pack(args: &mut lexopt::Parser) -> Result<(), Failure> {
    let (mut common, mut wordnet, mut no_wordnet) = (Common::default(), None, false);
    while let Some(arg) = args.next()? {
        match arg {
            a if is_help(&a) => return help(PACK_HELP),
            Long("wordnet") => wordnet = Some(value(args, "--wordnet")?),
            Long("no-wordnet") => no_wordnet = true,
            Value(v) => common.positional.push(v.string()?),
            other => return Err(other.unexpected().into()),
        }
    }
    let file = match common.positional.as_slice() {
        [] => None,
        [f] => Some(f.as_str()),
        _ => return Err(Failure::Usage("pack takes one FILE".into())),
    };
    let (_, loaded) = load(file, true)?;
    let db = loaded.database;
    let meaning = if no_wordnet {
        Meaning::default()
    } else {
        let thesaurus = thesaurus(wordnet.as_deref().map(std::path::Path::new))
            .map_err(|e| Failure::invalid(format!("WordNet: {e} (install wordnet-base, or give --wordnet DIR or --no-wordnet)")))?;
        Meaning::build(&db.claims, &thesaurus)
    };
    output::bytes(&StoredIndex::build(db.claims, db.entities, meaning).to_bytes());
    Ok(())
}

fn help(text: &str) -> Result<(), Failure> {
    say!("{text}");
    Ok(())
}
