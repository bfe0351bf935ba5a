//! Markdown events to HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use cited_site::FileId;
use cited_site::{DocEvent, Document};

pub use cited_csl::escape;

/// How links in content are rewritten for the output.
pub struct LinkRewriter<'a> {
    /// The base URL's path, e.g. `/repo/`.
    pub base_path: &'a str,
    /// The page path a `.md` link leads to: given the file the link is written in and the link's
    /// path (resolved with [`cited_site::layout::md_link_file`]).
    pub md_targets: &'a (dyn Fn(FileId, &str) -> Option<String> + Sync),
}

impl LinkRewriter<'_> {
    /// The destination to emit for one written in content.
    pub fn rewrite(&self, from: FileId, dest: &str) -> String {
        if !cited_check::is_allowed_destination(dest) {
            // The checker refuses these; rendering never emits them, whatever the caller did.
            return "#".to_owned();
        }
        if cited_check::scheme(dest).is_some() || dest.starts_with('#') {
            return dest.to_owned();
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = if path.ends_with(".md") {
            (self.md_targets)(from, path)
                .map_or_else(|| path.to_owned(), |p| format!("{}{p}", self.base_path))
        } else if let Some(abs) = path.strip_prefix('/') {
            format!("{}{abs}", self.base_path)
        } else {
            path.to_owned()
        };
        match fragment {
            Some(f) => format!("{path}#{f}"),
            None => path,
        }
    }
}

/// Renders a document parsed from `text`. `citation(i)` and `checklist(i)` return the HTML for
/// our own events.
pub fn render_document(
    doc: &Document,
    text: &str,
    links: &LinkRewriter<'_>,
    citation: &mut dyn FnMut(usize) -> String,
    checklist: &mut dyn FnMut(usize) -> String,
) -> String {
    let events = doc.events(text);
    let capacity = events.len() * 16;
    let mut body: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut footnotes: Vec<Event<'_>> = Vec::new();
    let mut in_footnote = 0usize;
    for (event, _) in events {
        let event = match event {
            DocEvent::Citation(i) => {
                let html = citation(i);
                // A superscript citation sits on the word before it: drop the space between.
                if html.contains("<sup>")
                    && let Some(Event::Text(t)) = body.last_mut()
                    && t.ends_with(' ')
                {
                    *t = CowStr::from(t.trim_end().to_owned());
                }
                Event::InlineHtml(CowStr::from(html))
            }
            DocEvent::Checklist(i) => Event::Html(CowStr::from(checklist(i))),
            DocEvent::Markdown(e) => rewrite_event(e, links, doc.file),
        };
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote = in_footnote.saturating_sub(1);
                footnotes.push(event);
                continue;
            }
            _ => {}
        }
        if in_footnote > 0 {
            footnotes.push(event);
        } else {
            body.push(event);
        }
    }
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    if !footnotes.is_empty() {
        html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n");
        pulldown_cmark::html::push_html(&mut html, footnotes.into_iter());
        html.push_str("</section>\n");
    }
    html
}

fn rewrite_event<'t>(event: Event<'t>, links: &LinkRewriter<'_>, from: FileId) -> Event<'t> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(links.rewrite(from, &dest_url)),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(links.rewrite(from, &dest_url)),
            title,
            id,
        }),
        // Raw HTML never reaches a page: the checker refuses it, and here it would be text.
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        e => e,
    }
}

/// Renders a short markdown text (a checklist label or crisis text) to inline HTML, no `<p>`.
pub fn render_inline(
    doc: &Document,
    text: &str,
    links: &LinkRewriter<'_>,
    citation: &mut dyn FnMut(usize) -> String,
) -> String {
    let html = render_document(doc, text, links, citation, &mut |_| String::new());
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        let doc = Document::parse(FileId(0), 0, md);
        let links = LinkRewriter {
            base_path: "/repo/",
            md_targets: &|_, p| (p == "other.md").then(|| "other/".to_owned()),
        };
        render_document(&doc, md, &links, &mut |i| format!("<cite-{i}>"), &mut |i| {
            format!("<list-{i}>")
        })
    }

    #[test]
    fn escapes_and_rewrites() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let html = render("[x](javascript:alert(1)) [y](/about/) [z](other.md#a) [w](#h)\n");
        assert!(html.contains("href=\"#\""), "{html}");
        assert!(html.contains("href=\"/repo/about/\""), "{html}");
        assert!(html.contains("href=\"/repo/other/#a\""), "{html}");
        assert!(html.contains("href=\"#h\""), "{html}");
    }

    #[test]
    fn phone_links_are_kept_and_typos_are_not() {
        let html = render(
            "Call [988](tel:988), text [741741](sms:741741), not [x](htps://x.org) or [y](tel:1;javascript:x).\n",
        );
        assert!(html.contains("href=\"tel:988\""), "{html}");
        assert!(html.contains("href=\"sms:741741\""), "{html}");
        assert!(!html.contains("htps:"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn citations_checklists_and_footnotes() {
        let html = render("Claim [@a].[^1]\n\n```checklist\nx\n```\n\n[^1]: A note.\n\n## After\n");
        assert!(html.contains("Claim <cite-0>."), "{html}");
        assert!(html.contains("<list-0>"), "{html}");
        assert!(
            html.find("A note").unwrap() > html.find("After").unwrap(),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"after\">"), "{html}");
    }

    #[test]
    fn raw_html_is_text() {
        let html = render("<script>alert(1)</script>\n\nx <b onclick=\"y\">z</b>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
    }
}
