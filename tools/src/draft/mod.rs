//! A draft database from an article, for an editor starting a new one:
//! the article split into sentences, the checkable ones marked (numbers,
//! dates, named people, places and organisations, comparisons,
//! attributions, superlatives), and a ClaimReview skeleton for each with
//! the quote verbatim, the author and the appearance from the page, and
//! the verdict left as "Unreviewed", which `claimlens validate` refuses to
//! ship. Sentences that judge, predict or recommend are marked as
//! candidates for the Opinion label.
//!
//! The signals are general English, not a topic's vocabulary: the draft
//! is a starting point the editor reviews, so it errs towards including.

pub mod html;

use claimlens_core::claimreview::read::UNREVIEWED;
use claimlens_core::json::Json;
use claimlens_core::text::sentences;

/// What an article says about itself, and its paragraphs.
pub use html::Article;

/// Why a sentence is worth checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// A figure: digits or a number written as a word.
    Number,
    /// A date: a year, a month, a weekday, "last week".
    Date,
    /// A name: a capitalised word inside the sentence.
    Name,
    /// A comparison: "more than", "fewer", "-er than".
    Comparison,
    /// Someone's words: "said", "according to".
    Attribution,
    /// A superlative or a first: "largest", "most", "first".
    Superlative,
}

impl Signal {
    /// The signal's name in the draft.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Number => "number",
            Signal::Date => "date",
            Signal::Name => "name",
            Signal::Comparison => "comparison",
            Signal::Attribution => "attribution",
            Signal::Superlative => "superlative",
        }
    }
}

/// One sentence of the article, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The sentence, verbatim.
    pub quote: String,
    /// Why it is checkable (empty: not checkable).
    pub signals: Vec<Signal>,
    /// It judges, predicts or recommends.
    pub opinion: bool,
}

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "dozen", "dozens", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "half", "twice", "double", "triple",
    "percent", "several",
];
const DATE_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "yesterday", "today", "week", "month", "year", "decade", "century", "annual", "months",
    "years", "weeks", "days",
];
const ATTRIBUTION: &[&str] = &[
    "said", "says", "say", "told", "tell", "according", "reported", "reports", "announced", "claimed",
    "claims", "stated", "insisted", "denied", "admitted", "warned", "tweeted", "wrote", "touts",
    "promised", "pledged", "agreed", "declared", "emphasized", "emphasised", "stressed", "argued",
    "noted", "added", "suggested", "explained", "acknowledged", "asserted", "contended", "maintained",
    "confirmed", "estimated", "predicted", "concluded",
];
const COMPARISON: &[&str] = &["more", "less", "fewer", "greater", "larger", "smaller", "higher", "lower", "than", "rise", "fell", "increase", "decrease"];
const SUPERLATIVE: &[&str] = &["most", "least", "first", "last", "largest", "biggest", "highest", "lowest", "record", "only", "never", "unprecedented", "best", "worst"];
/// Words that mark a judgement, prediction or recommendation.
const OPINION: &[&str] = &[
    "should", "must", "ought", "need", "needs", "believe", "think", "hope", "likely", "unlikely",
    "may", "might", "could", "would", "perhaps", "probably", "welcome", "unfortunately", "clearly",
    "seems", "appears", "best", "worst", "better", "worse", "important", "consider", "recommend",
    "wise", "mistake", "naive", "foolish",
];
/// Capitalised words that are not names (sentence starters, titles).
const NOT_NAMES: &[&str] = &["I", "A", "The", "This", "That", "These", "Those", "It", "He", "She", "We", "They", "But", "And", "Or", "If", "When", "While", "After", "Before", "Since", "As", "In", "On", "At", "For", "So", "Yet", "Mr", "Ms", "Mrs", "Dr"];

/// Judges one sentence.
pub fn judge(sentence: &str) -> Candidate {
    let words: Vec<&str> = sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let has = |list: &[&str]| lower.iter().any(|w| list.contains(&w.as_str()));
    let mut signals = Vec::new();
    if words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) || has(NUMBER_WORDS) {
        signals.push(Signal::Number);
    }
    let year = |w: &&str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && (w.starts_with("19") || w.starts_with("20"));
    if words.iter().any(year) || has(DATE_WORDS) {
        signals.push(Signal::Date);
    }
    if words.iter().skip(1).any(|w| is_name(w)) {
        signals.push(Signal::Name);
    }
    let er_than = lower.windows(2).any(|p| p[1] == "than" && (p[0].ends_with("er") || p[0] == "more" || p[0] == "less"));
    if er_than || has(COMPARISON) && has(&["than"]) || has(&["fewer", "greater"]) {
        signals.push(Signal::Comparison);
    }
    if has(ATTRIBUTION) {
        signals.push(Signal::Attribution);
    }
    if has(SUPERLATIVE) || lower.iter().any(|w| w.len() > 5 && w.ends_with("est") && !w.ends_with("nest")) {
        signals.push(Signal::Superlative);
    }
    Candidate {
        quote: sentence.to_string(),
        signals,
        opinion: has(OPINION),
    }
}

fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.any(char::is_lowercase)
        && !NOT_NAMES.contains(&word)
        && !DATE_WORDS.contains(&word.to_lowercase().as_str())
        || (word.len() >= 2 && word.len() <= 5 && word.chars().all(|c| c.is_ascii_uppercase()))
}

/// Every sentence of the paragraphs, judged, in order.
pub fn candidates(paragraphs: &[String]) -> Vec<Candidate> {
    paragraphs
        .iter()
        .flat_map(|p| sentences(p).map(|(_, s)| s.trim().to_string()).collect::<Vec<_>>())
        .filter(|s| s.split_whitespace().count() >= 4)
        .map(|s| judge(&s))
        .collect()
}

/// A slug for a sentence: its first meaningful words, unique in `taken`.
fn slug(quote: &str, taken: &mut Vec<String>) -> String {
    let base: String = quote
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 2)
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() { "claim".to_string() } else { base };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.push(id.clone());
    id
}

/// The draft database: a ClaimReview skeleton for every checkable (or
/// opinion) sentence, unreviewed, in a JSON-LD `@graph`. `reviewer` is the
/// fact-checking organisation.
pub fn draft(article: &Article, reviewer: &str) -> Json {
    let mut taken = Vec::new();
    let nodes: Vec<Json> = candidates(&article.paragraphs)
        .into_iter()
        .filter(|c| !c.signals.is_empty() || c.opinion)
        .map(|c| {
            let kind = if c.opinion && c.signals.len() <= 1 {
                "opinion"
            } else if c.signals.contains(&Signal::Attribution) {
                "attribution"
            } else if c.signals.contains(&Signal::Number) {
                "statistic"
            } else {
                "event"
            };
            let notes = format!(
                "Draft: checkable for {}{}. Write the neutral claim, the context and the sources, then set the verdict.",
                if c.signals.is_empty() {
                    "no specific signal".to_string()
                } else {
                    c.signals.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
                },
                if c.opinion { "; a candidate for the Opinion label" } else { "" }
            );
            Json::object([
                ("@type", Some(Json::from("ClaimReview"))),
                ("id", Some(Json::from(slug(&c.quote, &mut taken)))),
                ("author", Some(Json::object([("@type", Some(Json::from("Organization"))), ("name", Some(Json::from(reviewer)))]))),
                ("claimReviewed", Some(Json::from(c.quote.as_str()))),
                (
                    "reviewRating",
                    Some(Json::object([("@type", Some(Json::from("Rating"))), ("alternateName", Some(Json::from(UNREVIEWED)))])),
                ),
                (
                    "itemReviewed",
                    Some(Json::object([
                        ("@type", Some(Json::from("Claim"))),
                        (
                            "author",
                            article
                                .author
                                .as_deref()
                                .map(|a| Json::object([("@type", Some(Json::from("Person"))), ("name", Some(Json::from(a)))])),
                        ),
                        ("datePublished", article.date.as_deref().map(|d| Json::from(d.get(..10).unwrap_or(d)))),
                        (
                            "appearance",
                            article.url.as_deref().map(|u| {
                                Json::object([
                                    ("@type", Some(Json::from("CreativeWork"))),
                                    ("url", Some(Json::from(u))),
                                    ("headline", article.headline.as_deref().map(Json::from)),
                                ])
                            }),
                        ),
                    ])),
                ),
                ("quote", Some(Json::from(c.quote.as_str()))),
                ("kind", Some(Json::from(kind))),
                ("context", Some(Json::from(""))),
                ("sources", Some(Json::Array(vec![]))),
                ("draftNotes", Some(Json::from(notes))),
            ])
        })
        .collect();
    claimlens_core::claimreview::write::graph_document(nodes)
}

/// An article from plain text: the first line is the headline, blank lines
/// separate paragraphs, and single line breaks end paragraphs too (as in
/// text copied from a page).
pub fn from_text(text: &str) -> Article {
    let paragraphs: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    Article {
        headline: paragraphs.first().cloned(),
        paragraphs,
        ..Article::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_and_opinions() {
        let c = judge("Since 2018, the council has approved more than 12 parks, the mayor said on Tuesday.");
        assert_eq!(
            c.signals,
            [Signal::Number, Signal::Date, Signal::Comparison, Signal::Attribution]
        );
        assert!(!c.opinion);
        let c = judge("The city should build the largest park in Europe.");
        assert!(c.opinion && c.signals.contains(&Signal::Superlative) && c.signals.contains(&Signal::Name));
        assert!(judge("It was a quiet and pleasant afternoon for everyone.").signals.is_empty());
    }

    #[test]
    fn a_draft_is_unreviewed_and_keeps_quotes_verbatim() {
        let article = from_text("Parks plan\n\nThe council approved 12 new parks on Tuesday. It was lovely weather indeed today.\n");
        let doc = draft(&article, "Desk");
        let graph = doc.get("@graph").map(Json::one_or_many).unwrap();
        assert_eq!(graph.len(), 2);
        assert_eq!(graph[0].get("quote").and_then(Json::as_str), Some("The council approved 12 new parks on Tuesday."));
        let loaded = claimlens_core::claimreview::load(&doc.to_compact());
        assert!(loaded.is_err(), "an unreviewed draft shows no popover");
    }
}
