//! The article in an HTML page: its body text as paragraphs, without the
//! navigation, related-link cards, asides, forms and footers around it,
//! and what the page says about itself (headline, author, date, URL).
//!
//! A small tolerant reader, not a browser: tags, attributes, character
//! references and comments. Good enough for a newsroom's own page, which
//! is what an editor drafts from.

/// What a page says about its article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The headline (`og:title`, the first `h1`, or `<title>`).
    pub headline: Option<String>,
    /// The author (`meta name=author`, `article:author`).
    pub author: Option<String>,
    /// The publication date (`article:published_time`, a `time` element's `datetime`).
    pub date: Option<String>,
    /// The page's address (`link rel=canonical`, `og:url`).
    pub url: Option<String>,
    /// The article's paragraphs, in order.
    pub paragraphs: Vec<String>,
}

/// Elements whose whole content is not the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "svg",
    "figure", "iframe", "select", "header",
];
/// Class or id words that mark related-link cards, promos and the like.
const NOISE_WORDS: &[&str] = &[
    "related", "recommend", "promo", "newsletter", "share", "social", "advert", "sponsor", "comment",
    "subscribe", "byline", "caption", "breadcrumb", "tags", "more-from", "read-more", "card",
];
/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "br", "tr", "td", "th", "dd", "dt", "pre", "body", "ul", "ol", "table",
];
/// Elements that never have an end tag.
const VOID: &[&str] = &["br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"];

/// One tag as read.
struct Tag {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn is_noise(&self) -> bool {
        let words = [self.attr("class"), self.attr("id"), self.attr("role")]
            .into_iter()
            .flatten()
            .flat_map(|v| v.split(|c: char| c.is_whitespace() || c == '_'))
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>();
        words
            .iter()
            .any(|w| NOISE_WORDS.iter().any(|n| w == n || w.starts_with(&format!("{n}-")) || w.ends_with(&format!("-{n}"))))
            || matches!(self.attr("role"), Some("navigation" | "complementary" | "contentinfo" | "banner"))
            || self.attr("aria-hidden") == Some("true")
            || self.attrs.iter().any(|(k, _)| k == "hidden")
    }
}

/// Reads the article out of an HTML page.
pub fn read(html: &str) -> Article {
    let mut article = Article::default();
    // Prefer <article>, then <main>, then the whole body.
    let scope = element_content(html, "article")
        .or_else(|| element_content(html, "main"))
        .unwrap_or(html);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    // Depth inside skipped elements; their names, to find their ends.
    let mut skipping: Vec<String> = Vec::new();
    let mut rest = scope;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipping.is_empty() {
                current.push_str(&decode(rest));
            }
            break;
        };
        if skipping.is_empty() {
            current.push_str(&decode(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some((tag, after)) = parse_tag(rest) else {
            if skipping.is_empty() {
                current.push('<');
            }
            rest = &rest[1..];
            continue;
        };
        rest = after;
        let name = tag.name.as_str();
        if let Some(open) = skipping.last() {
            if tag.closing && name == open {
                skipping.pop();
            } else if !tag.closing && !VOID.contains(&name) && (SKIPPED.contains(&name) || tag.is_noise() || name == open) {
                skipping.push(name.to_string());
            }
            continue;
        }
        if !tag.closing && !VOID.contains(&name) && (SKIPPED.contains(&name) || tag.is_noise()) {
            skipping.push(name.to_string());
            continue;
        }
        if name == "h1" && !tag.closing && article.headline.is_none() {
            let end = rest.to_ascii_lowercase().find("</h1").unwrap_or(0);
            article.headline = Some(collapse(&strip_tags(&rest[..end]))).filter(|h| !h.is_empty());
        }
        if name == "time" && article.date.is_none() {
            article.date = tag.attr("datetime").map(str::to_string);
        }
        if BLOCKS.contains(&name) {
            push_paragraph(&mut paragraphs, &mut current);
        }
    }
    push_paragraph(&mut paragraphs, &mut current);
    article.paragraphs = paragraphs;
    read_head(html, &mut article);
    article
}

fn push_paragraph(paragraphs: &mut Vec<String>, current: &mut String) {
    let p = collapse(current);
    if !p.is_empty() {
        paragraphs.push(p);
    }
    current.clear();
}

/// The page's own description of itself, from `<meta>` and `<link>`.
fn read_head(html: &str, article: &mut Article) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        let Some((tag, after)) = parse_tag(rest) else {
            rest = &rest[1..];
            continue;
        };
        rest = after;
        let key = tag.attr("property").or(tag.attr("name")).unwrap_or("");
        let content = tag.attr("content").map(str::to_string).filter(|c| !c.trim().is_empty());
        match (tag.name.as_str(), key) {
            ("meta", "og:title") => article.headline = content.or(article.headline.take()),
            ("meta", "author" | "article:author") => article.author = article.author.take().or(content),
            ("meta", "article:published_time" | "date") => article.date = content.or(article.date.take()),
            ("meta", "og:url") => article.url = article.url.take().or(content),
            ("link", _) if tag.attr("rel") == Some("canonical") => {
                article.url = tag.attr("href").map(str::to_string).or(article.url.take());
            }
            ("title", _) if article.headline.is_none() => {
                article.headline = rest.find("</title>").map(|i| collapse(&decode(&rest[..i])));
            }
            _ => {}
        }
    }
}

/// The content of the first `<name …>…</name>` element (not nested-aware
/// beyond its own name).
fn element_content<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut from = 0;
    let start = loop {
        let i = from + lower[from..].find(&open)?;
        let next = lower.as_bytes().get(i + open.len()).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')) {
            break i;
        }
        from = i + open.len();
    };
    let body = start + html[start..].find('>')? + 1;
    let close = format!("</{name}");
    let end = body + lower[body..].find(&close).unwrap_or(lower.len() - body);
    Some(&html[body..end])
}

/// Reads one tag at the start of `s` (which starts with `<`).
fn parse_tag(s: &str) -> Option<(Tag, &str)> {
    let inner = s.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(inner.len());
    if name_len == 0 || !inner.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = inner[..name_len].to_ascii_lowercase();
    let mut rest = &inner[name_len..];
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
            return Some((Tag { name, closing, attrs }, r));
        }
        if rest.is_empty() {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len())
            .max(1);
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &r[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = r.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            value = decode(v);
            rest = after;
        }
        attrs.push((key, value));
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode(&rest[..lt]));
        rest = rest[lt..].find('>').map_or("", |i| &rest[lt + i + 1..]);
    }
    out.push_str(&decode(rest));
    out
}

/// White space runs as one space, trimmed (no-break spaces are kept: a
/// quote must match the article's text exactly).
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// HTML's named references for U+00A0 to U+00FF, in code point order
/// ("&aacute;" in "Tom&aacute;s").
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
    "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
    "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",
    "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
    "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash",
    "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
    "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
    "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
    "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
];

/// Character references: the named ones articles use (Latin-1's among
/// them), and numeric ones.
pub fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "hellip" => Some('…'),
                n if LATIN1.contains(&n) => LATIN1
                    .iter()
                    .position(|l| *l == n)
                    .and_then(|i| char::from_u32(0xA0 + i as u32)),
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
                }
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_article_and_skips_what_surrounds_it() {
        let page = r#"<!doctype html><html><head><title>Site | A headline</title>
<meta name="author" content="Ada Reporter"><meta property="article:published_time" content="2024-03-05">
<link rel="canonical" href="https://news.example.org/a"></head>
<body><nav><a href="/">Home</a> <a>World</a></nav>
<article><h1>A headline &amp; more</h1>
<p>The council approved 12 new parks on Tuesday,&nbsp;officials said.</p>
<div class="related-links"><a>Another story</a> <a>More news</a></div>
<p>It was the <em>largest</em> such vote<!-- ad --> since 2010.</p>
<aside>Read more</aside><figure><figcaption>Photo</figcaption></figure>
</article><footer>© Site</footer></body></html>"#;
        let a = read(page);
        assert_eq!(a.headline.as_deref(), Some("A headline & more"));
        assert_eq!(a.author.as_deref(), Some("Ada Reporter"));
        assert_eq!(a.date.as_deref(), Some("2024-03-05"));
        assert_eq!(a.url.as_deref(), Some("https://news.example.org/a"));
        assert_eq!(
            a.paragraphs,
            [
                "A headline & more",
                "The council approved 12 new parks on Tuesday,\u{a0}officials said.",
                "It was the largest such vote since 2010.",
            ]
        );
    }
}
