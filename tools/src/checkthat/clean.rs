//! Cleaning social-media posts before ranking them against the archive:
//! the furniture around a tweet (links, the embedded-tweet signature, the
//! retweet marker, hashtag and mention marks) carries little of the claim
//! it repeats, and some of it (a handle's rare letters, a link's random
//! path) looks like rare, heavily weighted terms to BM25.
//!
//! A post as the CheckThat! data has it (an embedded tweet's text):
//!
//! ```text
//! The US drone attack on #Soleimani caught on camera.#IranUsapic.twitter.com/TvRkHvlgby — Olaudah Equiano® (@RealOlaudah) January 6, 2020
//! ```
//!
//! With the options [`CleanOptions::CHOSEN`] it becomes
//! `The US drone attack on Soleimani caught on camera. Iran Usa — Olaudah Equiano® (@RealOlaudah) January 6, 2020`;
//! with every step on ([`CleanOptions::ALL`]),
//! `The US drone attack on Soleimani caught on camera. Iran Usa . Olaudah Equiano®`.
//!
//! Nothing here knows a word, a name or a site beyond the tweet format
//! itself (`pic.twitter.com/`, `http(s)://`, `RT`, `#`, `@`, the
//! "— Name (@handle) date" signature). Emoji need no step: the core's
//! [`claimlens_core::text::terms`] makes no term of them. Which steps run is
//! chosen on the train split only (see [`super::tune`]).

/// What to do with a marked word: `#hashtag` or `@mention`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Marked {
    /// Leave it exactly as written.
    Keep,
    /// Drop the mark, keep the word (`#IranUsa` -> `IranUsa`).
    Word,
    /// Drop the mark and split the word at case changes
    /// (`#IranUsa` -> `Iran Usa`, `@realDonaldTrump` -> `real Donald Trump`).
    Split,
    /// Drop the mark and the word.
    Drop,
}

/// What to do with the "— Name (@handle) Month D, YYYY" signature that ends
/// an embedded tweet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signature {
    /// Leave it as written.
    Keep,
    /// Drop it, but keep the author's display name (claims are often about
    /// what a named person said).
    KeepAuthor,
    /// Drop it whole.
    Drop,
}

/// Which cleaning steps [`clean`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CleanOptions {
    /// Drop `pic.twitter.com/...` (often glued to the word before it) and
    /// `http://...`, `https://...` links.
    pub links: bool,
    /// Drop the retweet marker `RT` before an `@mention`.
    pub retweet: bool,
    /// The embedded-tweet signature.
    pub signature: Signature,
    /// `#hashtags`.
    pub hashtags: Marked,
    /// `@mentions` (in the text; the signature's handle goes with it).
    pub mentions: Marked,
}

impl CleanOptions {
    /// No cleaning at all: the post as it is.
    pub const NONE: CleanOptions = CleanOptions {
        links: false,
        retweet: false,
        signature: Signature::Keep,
        hashtags: Marked::Keep,
        mentions: Marked::Keep,
    };

    /// Every step on: links, the retweet marker and the signature dropped
    /// (the author's name kept), hashtags and mentions split into words.
    pub const ALL: CleanOptions = CleanOptions {
        links: true,
        retweet: true,
        signature: Signature::KeepAuthor,
        hashtags: Marked::Split,
        mentions: Marked::Split,
    };

    /// The options chosen on the train split (`claimlens rank --tune`, see
    /// [`super::tune`]): links dropped, hashtags split into words; the
    /// signature and mentions left as written (the author's name, handle
    /// and date help on train: dropping the signature costs 0.026 MAP@5,
    /// dropping mentions 0.024; splitting them changes under 0.001); the
    /// retweet marker left (one train post has it, so train cannot tell).
    pub const CHOSEN: CleanOptions = CleanOptions {
        links: true,
        retweet: false,
        signature: Signature::Keep,
        hashtags: Marked::Split,
        mentions: Marked::Keep,
    };
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions::CHOSEN
    }
}

/// The embedded-tweet signature at the end of a post, if there is one:
/// (byte offset of its dash, the author's display name).
///
/// It is the text after the last em dash, when that holds `(@handle)` and,
/// after the closing parenthesis, nothing or a short date.
pub fn signature(text: &str) -> Option<(usize, &str)> {
    let dash = text.rfind('—')?;
    let tail = &text[dash + '—'.len_utf8()..];
    let at = tail.find("(@")?;
    let close = at + tail[at..].find(')')?;
    let after = tail[close + 1..].trim();
    let datelike = after.is_empty()
        || (after.chars().count() <= 24
            && after.chars().any(|c| c.is_ascii_digit())
            && after
                .chars()
                .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == ','));
    datelike.then(|| (dash, tail[..at].trim()))
}

/// Splits a run of letters and digits into words at case and digit
/// changes, and at `_`: `IranUsa` -> `Iran Usa`, `NASAMission` ->
/// `NASA Mission`, `WW3` -> `WW 3`, `end_racism` -> `end racism`.
pub fn split_camel(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(' ');
            continue;
        }
        if let Some(&p) = i.checked_sub(1).and_then(|j| chars.get(j)) {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = (c.is_uppercase() && p.is_lowercase())
                || (c.is_uppercase() && p.is_uppercase() && next_lower)
                || (c.is_ascii_digit() != p.is_ascii_digit() && p.is_alphanumeric());
            if boundary {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

/// Cleans a post by `opts` (see the module documentation).
pub fn clean(text: &str, opts: &CleanOptions) -> String {
    let mut body = text;
    let mut author = "";
    if opts.signature != Signature::Keep {
        if let Some((at, name)) = signature(text) {
            body = &text[..at];
            author = name;
        }
    }
    let body = if opts.links {
        drop_links(body)
    } else {
        body.to_string()
    };
    let mut out = String::with_capacity(body.len() + 16);
    let mut rest = body.as_str();
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let marked = match c {
            '#' => opts.hashtags,
            '@' => opts.mentions,
            _ => Marked::Keep,
        };
        let len = after
            .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .unwrap_or(after.len());
        if marked != Marked::Keep && len > 0 {
            let word = &after[..len];
            out.push(' ');
            match marked {
                Marked::Word => out.push_str(word),
                Marked::Split => out.push_str(&split_camel(word)),
                Marked::Keep | Marked::Drop => {}
            }
            out.push(' ');
            rest = &after[len..];
            continue;
        }
        if opts.retweet && is_retweet_marker(&out, rest) {
            rest = &rest[2..];
            continue;
        }
        out.push(c);
        rest = after;
    }
    if opts.signature == Signature::KeepAuthor && !author.is_empty() {
        out.push_str(" . ");
        out.push_str(author);
    }
    out
}

/// Whether `rest` starts with the word `RT` followed by an `@mention`,
/// at the start of the text or after white space.
fn is_retweet_marker(before: &str, rest: &str) -> bool {
    let starts_word = before.chars().next_back().is_none_or(char::is_whitespace);
    starts_word
        && rest
            .strip_prefix("RT")
            .is_some_and(|r| r.trim_start().starts_with('@') && r.starts_with(char::is_whitespace))
}

/// Removes `pic.twitter.com/...` (also when glued to the word before it)
/// and `http://`, `https://` links, each up to the next white space or em
/// dash; each leaves a space behind.
fn drop_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["pic.twitter.com/", "https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let Some(at) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        out.push(' ');
        let link = &rest[at..];
        let end = link
            .find(|c: char| c.is_whitespace() || c == '—')
            .unwrap_or(link.len());
        rest = &link[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "The US drone attack on #Soleimani caught on camera.#IranUsapic.twitter.com/TvRkHvlgby — Olaudah Equiano® (@RealOlaudah) January 6, 2020";

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn finds_the_signature() {
        let (at, name) = signature(POST).unwrap();
        assert_eq!(name, "Olaudah Equiano®");
        assert!(POST[..at].ends_with("TvRkHvlgby "));
        assert!(signature("A claim — with a dash but no handle").is_none());
        assert!(signature("x — AP (@AP)\u{a0}October 8, 2017").is_some());
        assert!(signature("x — Someone (@who) said a lot more after the handle here").is_none());
    }

    #[test]
    fn chosen_options_clean_the_furniture() {
        // Links go, glued or not; the hashtags' words stay; the signature
        // stays as written.
        let c = clean(POST, &CleanOptions::CHOSEN);
        assert!(
            !c.contains("pic.twitter") && !c.contains("TvRkHvlgby") && !c.contains('#'),
            "{c}"
        );
        assert_eq!(
            words(&c),
            [
                "The",
                "US",
                "drone",
                "attack",
                "on",
                "Soleimani",
                "caught",
                "on",
                "camera.",
                "Iran",
                "Usa",
                "—",
                "Olaudah",
                "Equiano®",
                "(@RealOlaudah)",
                "January",
                "6,",
                "2020"
            ]
        );
        let c = clean(
            "see https://t.co/x1 and http://a.b/c?d=e now",
            &CleanOptions::CHOSEN,
        );
        assert_eq!(words(&c), ["see", "and", "now"]);
        assert_eq!(clean(POST, &CleanOptions::NONE), POST);
    }

    #[test]
    fn all_options_clean_everything() {
        assert_eq!(
            words(&clean(POST, &CleanOptions::ALL)),
            [
                "The",
                "US",
                "drone",
                "attack",
                "on",
                "Soleimani",
                "caught",
                "on",
                "camera.",
                "Iran",
                "Usa",
                ".",
                "Olaudah",
                "Equiano®"
            ]
        );
        assert_eq!(
            words(&clean(
                "RT @realDonaldTrump: big news https://t.co/x1 now",
                &CleanOptions::ALL
            )),
            ["real", "Donald", "Trump", ":", "big", "news", "now"]
        );
        // "RT" only as the retweet marker.
        assert_eq!(
            words(&clean("ART @x and RT", &CleanOptions::ALL)),
            ["ART", "x", "and", "RT"]
        );
    }

    #[test]
    fn each_option_does_its_step() {
        let drop = CleanOptions {
            signature: Signature::Drop,
            mentions: Marked::Drop,
            hashtags: Marked::Word,
            ..CleanOptions::ALL
        };
        let c = clean(
            "Thanks @realDonaldTrump for #GreatNews http://t.co/abc — X (@y) May 1, 2019",
            &drop,
        );
        assert_eq!(words(&c), ["Thanks", "for", "GreatNews"]);
        let links_only = CleanOptions {
            links: true,
            ..CleanOptions::NONE
        };
        assert_eq!(
            words(&clean(
                "see #this pic.twitter.com/abc and @that",
                &links_only
            )),
            ["see", "#this", "and", "@that"]
        );
        // A lone mark is an ordinary character.
        assert_eq!(clean("a # b @ c", &CleanOptions::ALL), "a # b @ c");
    }

    #[test]
    fn camel_case_splits() {
        assert_eq!(split_camel("IranUsa"), "Iran Usa");
        assert_eq!(split_camel("WW3"), "WW 3");
        assert_eq!(split_camel("NASAMission"), "NASA Mission");
        assert_eq!(split_camel("end_racism"), "end racism");
        assert_eq!(split_camel("lowercase"), "lowercase");
    }
}
