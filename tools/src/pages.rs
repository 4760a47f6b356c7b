//! Static review pages: one accessible HTML page per published claim (the
//! verdict, the claim, the context, the sources and the ClaimReview JSON-LD
//! that describes it), plus an index page, so that every `url` in the
//! published markup resolves. Everything from the database is escaped as
//! text; nothing is inserted as markup.

use claimlens_core::claimreview::write::{claim_review, is_published, Publisher};
use claimlens_core::model::{Claim, Entity};
use std::fmt::Write as _;

/// One page to write: its path under the output directory, and its HTML.
pub struct Page {
    /// `"{id}/index.html"`, or `"index.html"` for the index.
    pub path: String,
    /// The whole document.
    pub html: String,
}

/// The pages for every published claim, and the index. `publisher` must
/// give a base URL (the pages' own addresses).
pub fn pages(claims: &[Claim], entities: &[Entity], publisher: &Publisher, site_title: &str) -> Vec<Page> {
    let published: Vec<&Claim> = claims.iter().filter(|c| is_published(c)).collect();
    let mut out: Vec<Page> = published
        .iter()
        .map(|c| Page {
            path: format!("{}/index.html", c.id),
            html: claim_page(c, entities, publisher, site_title),
        })
        .collect();
    out.push(Page {
        path: "index.html".into(),
        html: index_page(&published, site_title),
    });
    out
}

/// Text made safe for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}\
a{color:#0b57a4}.verdict{display:inline-block;padding:.2rem .7rem;border-radius:999px;background:#4a4a4a;color:#fff;font-weight:700}\
blockquote{margin:0;padding-left:.8rem;border-left:3px solid #c9c9c9;font-style:italic}\
@media (prefers-color-scheme:dark){body{background:#1f2023;color:#f1f1f1}a{color:#8cc4ff}}";

fn document(title: &str, body: &str, head_extra: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n{head_extra}</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn claim_page(c: &Claim, entities: &[Entity], publisher: &Publisher, site_title: &str) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<header><p><a href=\"../\">{}</a></p></header>\n<main>\n\
         <h1>Fact-check: {}</h1>\n<p><span class=\"verdict\">Verdict: {}</span></p>\n\
         <h2>The claim</h2>\n<blockquote><p>{}</p></blockquote>\n",
        escape(site_title),
        escape(&c.claim_reviewed),
        escape(&c.verdict_label),
        escape(c.text()),
    );
    let by = [c.claim_author.as_deref(), c.claim_date.as_deref()];
    if by.iter().any(Option::is_some) {
        let who = by.iter().flatten().map(|s| escape(s)).collect::<Vec<_>>().join(", ");
        match &c.appearance_url {
            Some(u) => {
                let _ = writeln!(body, "<p>Made by {who} in <a href=\"{}\">this article</a>.</p>", escape(u));
            }
            None => {
                let _ = writeln!(body, "<p>Made by {who}.</p>");
            }
        }
    }
    if !c.context.is_empty() {
        let _ = writeln!(body, "<h2>Context</h2>\n<p>{}</p>", escape(&c.context));
    }
    if !c.sources.is_empty() {
        body.push_str("<h2>Sources</h2>\n<ul>\n");
        for s in &c.sources {
            let meta: Vec<String> = [s.publisher.as_str(), s.date.as_str()]
                .into_iter()
                .filter(|m| !m.is_empty() && *m != "n.d.")
                .map(escape)
                .collect();
            let _ = write!(body, "<li><a href=\"{}\">{}</a>", escape(&s.url), escape(&s.title));
            if !meta.is_empty() {
                let _ = write!(body, " ({})", meta.join(", "));
            }
            body.push_str("</li>\n");
        }
        body.push_str("</ul>\n");
    }
    let _ = writeln!(
        body,
        "<p>Checked by {} on {}.</p>\n</main>",
        escape(&c.reviewed_by),
        escape(&c.review_date)
    );
    // The page's own markup: JSON text is safe in a script element (the
    // writer escapes "<").
    let markup = claim_review(c, entities, publisher)
        .map(|j| format!("<script type=\"application/ld+json\">{}</script>\n", j.to_compact()))
        .unwrap_or_default();
    let canonical = publisher
        .review_url(c)
        .map(|u| format!("<link rel=\"canonical\" href=\"{}\">\n", escape(&u)))
        .unwrap_or_default();
    document(&format!("Fact-check: {} — {}", c.claim_reviewed, site_title), &body, &(canonical + &markup))
}

fn index_page(published: &[&Claim], site_title: &str) -> String {
    let mut body = format!("<main>\n<h1>{}</h1>\n<ul>\n", escape(site_title));
    for c in published {
        let _ = writeln!(
            body,
            "<li><a href=\"{}/\">{}</a> — {}</li>",
            escape(&c.id),
            escape(&c.claim_reviewed),
            escape(&c.verdict_label)
        );
    }
    body.push_str("</ul>\n</main>\n");
    document(site_title, &body, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimlens_core::model::{Source, Verdict};

    fn claim(id: &str, verdict: Verdict) -> Claim {
        Claim {
            id: id.into(),
            claim_reviewed: "<img src=x onerror=alert(1)> & \"quotes\"".into(),
            verdict,
            verdict_label: verdict.label().into(),
            context: "Context.".into(),
            sources: vec![Source {
                title: "T".into(),
                publisher: "P".into(),
                url: "https://example.org/a?b=1&c=\"2\"".into(),
                date: "2019".into(),
            }],
            reviewed_by: "Desk".into(),
            review_date: "2026-12-01".into(),
            ..Claim::default()
        }
    }

    #[test]
    fn a_page_per_published_claim_with_everything_escaped() {
        let publisher = Publisher {
            base_url: Some("https://checks.example.org/reviews".into()),
            author_url: None,
        };
        let claims = [claim("a", Verdict::Accurate), claim("b", Verdict::Opinion)];
        let pages = pages(&claims, &[], &publisher, "Checks");
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a/index.html", "index.html"], "opinions are not published");
        let html = &pages[0].html;
        assert!(!html.contains("<img"), "markup from data stays text");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"));
        assert!(html.contains("href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""));
        assert!(html.contains("<html lang=\"en\">") && html.contains("<h1>"));
        assert!(html.contains("https://checks.example.org/reviews/a/"), "canonical and @id");
        assert!(html.contains("\"@type\":\"ClaimReview\""));
    }
}
