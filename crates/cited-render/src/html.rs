//! Markdown events to HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use cited_site::FileId;
use cited_site::words::Words;
use cited_site::{DocEvent, Document};

use crate::images::{ImageTable, img_html};
use crate::notes::{Cited, Notes};

pub use cited_csl::escape;

/// How links in content are rewritten for the output.
pub struct LinkRewriter<'a> {
    /// The base URL's path, e.g. `/repo/`.
    pub base_path: &'a str,
    /// The page path a `.md` link leads to: given the file the link is written in and the link's
    /// path (resolved with [`cited_site::layout::md_link_file`]).
    pub md_targets: &'a (dyn Fn(FileId, &str) -> Option<String> + Sync),
    /// The published images (`None` where a text shows none, such as the crisis notice).
    pub images: Option<&'a ImageTable>,
    /// The words of the site's language, for what the renderer writes itself (the notes'
    /// labels).
    pub words: &'a Words,
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

/// Renders a document. `citation(i)` and `checklist(i)` return the HTML for
/// our own events. A citation that comes with a note (a note style's) is a mark in the text and
/// a note at the end (the notes module), in one sequence with the text's own footnotes; inside a
/// footnote it is written in place.
pub fn render_document(
    doc: &Document,
    links: &LinkRewriter<'_>,
    citation: &mut dyn FnMut(usize) -> Cited,
    checklist: &mut dyn FnMut(usize) -> String,
) -> String {
    render_document_in(doc, doc.text(), links, citation, checklist)
}

/// [`render_document`] over `text`, the text `doc` was parsed from: a page's body read again
/// once the build released it ([`cited_site::Site::release_texts`]).
pub(crate) fn render_document_in(
    doc: &Document,
    text: &str,
    links: &LinkRewriter<'_>,
    citation: &mut dyn FnMut(usize) -> Cited,
    checklist: &mut dyn FnMut(usize) -> String,
) -> String {
    let events = doc.events_in(text);
    let capacity = events.len() * 16;
    let mut body: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut notes = Notes::default();
    // The footnote definitions being read (innermost last), as indices for `notes.push`.
    let mut defining: Vec<usize> = Vec::new();
    // The last event written to the body was a note's mark (at this index).
    let mut mark_at: Option<usize> = None;
    let mut figures = Figures::default();
    for (event, _) in events {
        if let DocEvent::Markdown(Event::Start(Tag::Image { .. })) = &event {
            figures.start();
            continue;
        }
        let mut is_mark = false;
        let event = match event {
            DocEvent::Citation(i) => {
                let cited = citation(i);
                let (html, sits_on_word) = match cited.note {
                    Some(note) if defining.is_empty() => {
                        is_mark = true;
                        let mark = notes.citation(note);
                        let alone = cited.html.is_empty();
                        (format!("{}{mark}", cited.html), alone)
                    }
                    // Inside a footnote, in parentheses, as Pandoc writes a citation in a note.
                    Some(note) if cited.html.is_empty() => (format!("({note})"), false),
                    note => {
                        let html = Cited { note, ..cited }.inline();
                        // An author-in-text citation (`In short, @key found`) starts with the
                        // author's names, a word of their own: its superscript sits on them.
                        let names_first = doc
                            .citations
                            .get(i)
                            .and_then(|c| c.items.first())
                            .is_some_and(|item| item.author_in_text());
                        let sup = html.contains("<sup>") && !names_first;
                        (html, sup)
                    }
                };
                // A superscript citation or a note's mark sits on the word before it: drop the
                // space between.
                let before = match defining.last() {
                    Some(&at) => notes.last_event(at),
                    None => body.last_mut(),
                };
                if sits_on_word
                    && let Some(Event::Text(t)) = before
                    && t.ends_with(' ')
                {
                    *t = CowStr::from(t.trim_end().to_owned());
                }
                Event::InlineHtml(CowStr::from(html))
            }
            DocEvent::Checklist(i) => Event::Html(CowStr::from(checklist(i))),
            DocEvent::Markdown(Event::FootnoteReference(label)) => {
                is_mark = true;
                if let Some(Event::Text(t)) = body.last_mut().filter(|_| defining.is_empty())
                    && t.ends_with(' ')
                {
                    *t = CowStr::from(t.trim_end().to_owned());
                }
                Event::InlineHtml(CowStr::from(notes.reference(&label)))
            }
            DocEvent::Markdown(e) => rewrite_event(e, links, doc.file),
        };
        match &event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defining.push(notes.define(label));
                mark_at = None;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                defining.pop();
                continue;
            }
            _ => {}
        }
        if let Some(&at) = defining.last() {
            let mut events = Vec::new();
            if let Some(event) = figures.step(event, doc, links, &mut events) {
                events.push(event);
            }
            for e in events {
                notes.push(at, e);
            }
            continue;
        }
        let Some(mut event) = figures.step(event, doc, links, &mut body) else {
            continue;
        };
        // A note's mark goes after the punctuation that follows it, as Pandoc puts it.
        if let (Some(at), Event::Text(t)) = (mark_at, &event)
            && at + 1 == body.len()
        {
            let cut = crate::notes::leading_punctuation(t);
            if cut > 0 {
                let (punctuation, rest) = t.split_at(cut);
                let (punctuation, rest) = (punctuation.to_owned(), rest.to_owned());
                body.insert(at, Event::Text(CowStr::from(punctuation)));
                event = Event::Text(CowStr::from(rest));
            }
        }
        mark_at = is_mark.then_some(body.len());
        body.push(event);
    }
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    notes.finish(&mut html, links.words);
    html
}

/// Images in the event stream: the description's events are gathered and the image written as
/// an `<img>` (with its published files' sizes), or as a `<figure>` with the description as its
/// `<figcaption>` when the document says it is a figure (the paragraph around it is dropped).
#[derive(Default)]
struct Figures<'t> {
    /// The description being gathered: its depth of nested images and its events.
    gathering: Option<(usize, Vec<Event<'t>>)>,
    /// Images seen so far: the index of the next in [`Document::images`].
    next: usize,
    /// A figure was written in place of a paragraph: drop the paragraph's end.
    close_paragraph: bool,
}

impl<'t> Figures<'t> {
    fn start(&mut self) {
        match self.gathering.as_mut() {
            Some((depth, _)) => *depth += 1,
            None => self.gathering = Some((1, Vec::new())),
        }
    }

    /// The event to write, or `None` when it belongs to an image (or is a figure's paragraph).
    fn step(
        &mut self,
        event: Event<'t>,
        doc: &Document,
        links: &LinkRewriter<'_>,
        out: &mut Vec<Event<'t>>,
    ) -> Option<Event<'t>> {
        if let Some((depth, events)) = self.gathering.as_mut() {
            if !matches!(event, Event::End(TagEnd::Image)) {
                events.push(event);
                return None;
            }
            *depth -= 1;
            if *depth > 0 {
                return None;
            }
            let (_, caption) = self.gathering.take().unwrap_or_default();
            let index = self.next;
            self.next += 1;
            return self.image(index, caption, doc, links, out);
        }
        if self.close_paragraph {
            match &event {
                Event::End(TagEnd::Paragraph) => {
                    self.close_paragraph = false;
                    return None;
                }
                Event::Text(t) if t.trim().is_empty() => return None,
                Event::SoftBreak | Event::HardBreak => return None,
                _ => self.close_paragraph = false,
            }
        }
        Some(event)
    }

    fn image(
        &mut self,
        index: usize,
        caption: Vec<Event<'t>>,
        doc: &Document,
        links: &LinkRewriter<'_>,
        out: &mut Vec<Event<'t>>,
    ) -> Option<Event<'t>> {
        let image = doc.images.get(index)?;
        let alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = image
            .id
            .as_deref()
            .filter(|id| cited_site::layout::is_figure_id(id));
        let published = links.images.and_then(|t| t.get(doc.file, &image.dest));
        let img = match published {
            Some(p) => img_html(
                p,
                links.base_path,
                &alt,
                id.filter(|_| !image.figure),
                index == 0,
            ),
            // A remote image of an allowed host (E1004 otherwise): no size is known.
            None if !cited_site::is_local_image(&image.dest) => format!(
                "<img src=\"{}\" alt=\"{}\"{} loading=\"lazy\" decoding=\"async\">",
                escape(&match image.dest.strip_prefix("//") {
                    // A host without a scheme: the policy allows it over https only.
                    Some(rest) => format!("https://{rest}"),
                    None => links.rewrite(doc.file, &image.dest),
                }),
                escape(&alt),
                id.filter(|_| !image.figure)
                    .map(|id| format!(" id=\"{}\"", escape(id)))
                    .unwrap_or_default()
            ),
            // Not published (a problem the checker reported, turned off in site.yaml): its words.
            None => escape(&alt),
        };
        if !image.figure {
            return Some(Event::InlineHtml(CowStr::from(img)));
        }
        if matches!(out.last(), Some(Event::Start(Tag::Paragraph))) {
            out.pop();
            self.close_paragraph = true;
        }
        let mut html = match id {
            Some(id) => format!("<figure id=\"{}\">\n", escape(id)),
            None => "<figure>\n".to_owned(),
        };
        html.push_str(&img);
        html.push_str("\n<figcaption>");
        pulldown_cmark::html::push_html(&mut html, caption.into_iter());
        html.push_str("</figcaption>\n</figure>\n");
        Some(Event::Html(CowStr::from(html)))
    }
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
        // Raw HTML never reaches a page: the checker refuses it, and here it would be text.
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        e => e,
    }
}

/// Renders a short markdown text (a checklist label or crisis text) to inline HTML, no `<p>`.
pub fn render_inline(
    doc: &Document,
    links: &LinkRewriter<'_>,
    citation: &mut dyn FnMut(usize) -> Cited,
) -> String {
    let html = render_document(doc, links, citation, &mut |_| String::new());
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
            images: None,
            words: &cited_site::words::english().words,
        };
        render_document(
            &doc,
            &links,
            &mut |i| format!("<cite-{i}>").into(),
            &mut |i| format!("<list-{i}>"),
        )
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

    /// A superscript citation sits on the word before it; an author-in-text one starts with the
    /// author's names, which keep their space (`In short,Hansen et al.¹` was printed).
    #[test]
    fn a_superscript_sits_on_its_word_and_author_names_keep_their_space() {
        let doc = Document::parse(FileId(0), 0, "It helps [@a]. In short, @b found more.\n");
        let links = LinkRewriter {
            base_path: "/",
            md_targets: &|_, _| None,
            images: None,
            words: &cited_site::words::english().words,
        };
        let mut cite = |i: usize| {
            Cited::from(if i == 1 {
                "Hansen et al.<sup>2</sup>".to_owned()
            } else {
                "<sup>1</sup>".to_owned()
            })
        };
        let html = render_document(&doc, &links, &mut cite, &mut |_| String::new());
        assert!(html.contains("It helps<sup>1</sup>."), "{html}");
        assert!(
            html.contains("In short, Hansen et al.<sup>2</sup> found"),
            "{html}"
        );
    }

    /// `md` rendered with a note style's citations: citation `i` is the note `N<i>`; citation 1
    /// is author-in-text (`Author` stays in the sentence).
    fn render_notes(md: &str) -> String {
        let doc = Document::parse(FileId(0), 0, md);
        let links = LinkRewriter {
            base_path: "/",
            md_targets: &|_, _| None,
            images: None,
            words: &cited_site::words::english().words,
        };
        let mut cite = |i: usize| Cited {
            html: if i == 1 {
                "Author".to_owned()
            } else {
                String::new()
            },
            note: Some(format!("<span class=\"citation\">N{i}.</span>")),
        };
        render_document(&doc, &links, &mut cite, &mut |_| String::new())
    }

    #[test]
    fn note_citations_and_footnotes_are_one_sequence_of_notes_with_links_back() {
        let html = render_notes(
            "Claim [@a]. As @b says, more.[^x] Again[^x].\n\n[^x]: A footnote citing [@c].\n\n[^y]: Never marked.\n",
        );
        let mark = |n: usize, id: bool| {
            format!(
                "<a href=\"#fn-{n}\" class=\"footnote-ref\"{} role=\"doc-noteref\"><sup>{n}</sup></a>",
                if id {
                    format!(" id=\"fnref-{n}\"")
                } else {
                    String::new()
                }
            )
        };
        // The mark sits on the word, after the punctuation that follows the citation; an
        // author-in-text citation leaves the author in the sentence.
        assert!(
            html.contains(&format!(
                "<p>Claim.{} As Author{} says, more.{} Again.{}</p>",
                mark(1, true),
                mark(2, true),
                mark(3, true),
                mark(3, false)
            )),
            "{html}"
        );
        let notes = &html[html.find("<section class=\"footnotes\"").unwrap()..];
        let back = |n: usize| {
            format!(
                " <a href=\"#fnref-{n}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to the text of note {n}\">↩︎</a>"
            )
        };
        assert!(
            notes.contains(&format!(
                "<li id=\"fn-1\"><p><span class=\"citation\">N0.</span>{}</p></li>",
                back(1)
            )),
            "{notes}"
        );
        assert!(
            notes.contains("<li id=\"fn-2\"><p><span class=\"citation\">N1.</span>"),
            "{notes}"
        );
        // A citation inside a footnote is written in place, not as a second note.
        assert!(
            notes.contains(&format!(
                "<li id=\"fn-3\"><p>A footnote citing (<span class=\"citation\">N2.</span>).{}</p></li>",
                back(3)
            )),
            "{notes}"
        );
        // A footnote no mark leads to is kept, after the others, with no link back.
        assert!(
            notes.contains("<li id=\"fn-4\"><p>Never marked.</p></li>"),
            "{notes}"
        );
        assert_eq!(html.matches("<li ").count(), 4, "{html}");
    }

    #[test]
    fn footnotes_get_the_layout_ids_without_a_note_style() {
        // A superscript citation sits on the word before it, in a footnote as in the text.
        let doc_text = "A claim [@a].[^1]\n\n[^1]: The note [@b].\n";
        let doc = Document::parse(FileId(0), 0, doc_text);
        let links = LinkRewriter {
            base_path: "/",
            md_targets: &|_, _| None,
            images: None,
            words: &cited_site::words::english().words,
        };
        let html = render_document(
            &doc,
            &links,
            &mut |i| format!("<sup>{i}</sup>").into(),
            &mut |_| String::new(),
        );
        assert!(html.contains("<p>A claim<sup>0</sup>."), "{html}");
        assert!(html.contains("<p>The note<sup>1</sup>."), "{html}");
        let html = render("A claim.[^1]\n\n[^1]: The note.\n");
        assert!(
            html.contains("<p>A claim.<a href=\"#fn-1\" class=\"footnote-ref\" id=\"fnref-1\" role=\"doc-noteref\"><sup>1</sup></a></p>"),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"fn-1\"><p>The note. <a href=\"#fnref-1\""),
            "{html}"
        );
    }

    #[test]
    fn an_image_alone_in_a_paragraph_is_a_figure_with_its_caption() {
        let html = render(
            "![Results *by week* [@a]](https://img.example.org/c.png){#fig:c}\n\nSee ![an icon](//img.example.org/i.png) here.\n",
        );
        assert!(
            html.starts_with("<figure id=\"fig:c\">\n<img src=\"https://img.example.org/c.png\" alt=\"Results by week\""),
            "{html}"
        );
        assert!(
            html.contains("<figcaption>Results <em>by week</em> <cite-0></figcaption>\n</figure>"),
            "{html}"
        );
        assert!(!html.contains("<p><figure"), "{html}");
        assert!(!html.contains("{#fig"), "{html}");
        assert!(
            html.contains("<p>See <img src=\"https://img.example.org/i.png\" alt=\"an icon\" loading=\"lazy\" decoding=\"async\"> here.</p>"),
            "{html}"
        );
    }

    #[test]
    fn an_image_that_was_not_published_is_its_words() {
        let html = render("Text ![a chart & more](missing.png) after.\n");
        assert!(
            html.contains("<p>Text a chart &amp; more after.</p>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_text() {
        let html = render("<script>alert(1)</script>\n\nx <b onclick=\"y\">z</b>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
    }
}
