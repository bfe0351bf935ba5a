//! Headings and links with nothing in them to read (E0415, E0416), followed through the events
//! of the analysis parse. Markdown publishes both without a word, and both are what an
//! accessibility checker calls serious: an empty heading in the page's outline, a link with no
//! name.

use std::ops::Range;

use super::slips::clipped;
use super::*;

/// Headings and links with nothing in them to read (E0415, E0416), followed through the events
/// of the analysis parse: `## ` on its own is published as an empty `<h2>` and an empty entry of
/// the table of contents, `[](https://…)` as a link with nothing to click, which a screen reader
/// can only call "link" or read out by its address. A heading or link says something when it holds
/// text, code, a citation, a note mark or, for a link, an image's description.
///
/// It also reads each link's text while it is short, for the link's [`LinkTarget::text`]: the
/// checker tells by it a link that does not say where it leads (`click here`, E0417).
#[derive(Default)]
pub(super) struct Nameless {
    /// The heading being read, from its start, and whether it has said anything yet.
    heading: Option<(Range<usize>, bool)>,
    /// The links being read, likewise, with their text so far (`None` once it is too long to
    /// keep).
    links: Vec<(Range<usize>, bool, Option<String>)>,
}

impl Nameless {
    /// Follows one event at `range` of `source`; a heading or link that ends without saying
    /// anything is reported.
    pub(super) fn observe(
        &mut self,
        doc: &mut Document,
        source: &str,
        event: &Event<'_>,
        range: &Range<usize>,
    ) -> Option<Diagnostic> {
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading = Some((range.clone(), false)),
            Event::Start(Tag::Link { link_type, .. }) if !is_citation_link(*link_type) => {
                self.links.push((range.clone(), false, Some(String::new())));
            }
            // A citation prints its number or its authors.
            Event::Start(Tag::Link { .. }) | Event::FootnoteReference(_) => {
                self.said();
                self.read(None);
            }
            Event::Text(t) | Event::Code(t) => {
                if !t.trim().is_empty() {
                    self.said();
                }
                self.read(Some(t));
            }
            Event::SoftBreak | Event::HardBreak => self.read(Some(" ")),
            Event::End(TagEnd::Heading(_)) => {
                let (at, said) = self.heading.take()?;
                return (!said).then(|| empty_heading(doc, source, at));
            }
            Event::End(TagEnd::Link) => {
                let (at, said, text) = self.links.pop()?;
                if !said {
                    return Some(empty_link(doc, source, at));
                }
                // The link's own target: pushed at its start, and only images after it.
                if let Some(link) = doc.links.iter_mut().rev().find(|l| !l.is_image) {
                    link.text =
                        text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ").into());
                }
            }
            _ => {}
        }
        None
    }

    fn said(&mut self) {
        if let Some((_, said)) = &mut self.heading {
            *said = true;
        }
        for (_, said, _) in &mut self.links {
            *said = true;
        }
    }

    /// Adds `text` to each open link's text, or gives it up (`None`: a citation, whose words are
    /// not the link's own, or text past [`LINK_TEXT_KEPT`]).
    fn read(&mut self, text: Option<&str>) {
        for (_, _, kept) in &mut self.links {
            match (kept.as_mut(), text) {
                (Some(kept), Some(text)) if kept.len() + text.len() <= LINK_TEXT_KEPT => {
                    kept.push_str(text);
                }
                _ => *kept = None,
            }
        }
    }
}

/// The heading `at` of `source`, with no text (E0415), at its `#` marks.
fn empty_heading(doc: &Document, source: &str, at: Range<usize>) -> Diagnostic {
    let written = source.get(at.clone()).unwrap_or("");
    let marks = written.bytes().take_while(|&b| b == b'#').count().max(1);
    let level = marks.min(6);
    Diagnostic::new(
        Code::E0415,
        doc.span(&(at.start..(at.start + marks).min(at.end))),
        format!(
            "this heading has no text: it is published as an empty `<h{level}>`, with an empty entry in the table of contents"
        ),
    )
    .with_label("nothing after the `#`s")
    .with_hint(format!(
        "write the heading's words after `{} `, or remove the line",
        "#".repeat(marks)
    ))
}

/// The link `at` of `source`, with no text (E0416).
fn empty_link(doc: &Document, source: &str, at: Range<usize>) -> Diagnostic {
    let written = source.get(at.clone()).unwrap_or("");
    Diagnostic::new(
        Code::E0416,
        doc.span(&at),
        format!(
            "`{}` has no text: readers see nothing to follow, and a screen reader can only call it \"link\" or read out its address",
            clipped(written)
        ),
    )
    .with_label("nothing between the brackets")
    .with_hint("write where the link leads between the brackets: `[the NHS page on talk therapy](https://…)`")
}
