//! A page's notes, as Pandoc writes them: a note style's citations and the text's own footnotes
//! (`[^1]`) in one sequence, numbered from 1 in the order their marks appear, each mark a link
//! to its note in a list at the end of the text, and each note a link back to its mark. A
//! citation inside a footnote stays in the footnote's text (it is not a second note). Element
//! ids are [`cited_site::layout::footnote_id`] and [`cited_site::layout::footnote_ref_id`].

use foldhash::HashMap;

use cited_csl::escape;
use cited_site::words::Words;
use cited_site::{Document, layout};
use pulldown_cmark::Event;

use crate::cite::{Citations, UnitCitations};

impl Citations {
    /// Citation `index` of `doc` as `unit` writes it ([`Citations::html`]): in a note style, a
    /// note, with an author-in-text citation's names left in the sentence; otherwise the
    /// citation in place, after those names in a numeric style.
    pub fn cited<S: std::hash::BuildHasher>(
        &self,
        unit: &UnitCitations,
        doc: &Document,
        index: usize,
        anchor: &str,
        previews: &std::collections::HashMap<&str, String, S>,
        notices: &std::collections::HashMap<&str, (&'static str, &str), S>,
    ) -> Cited {
        let html = self.html(unit, doc, index, anchor, previews, notices);
        if html.is_empty() {
            return html.into();
        }
        if !self.note_style() {
            // A numeric style's author-in-text citation: the names, then the number.
            return match self.in_text(unit, doc, index) {
                Some(names) => format!("{names}{html}").into(),
                None => html.into(),
            };
        }
        Cited {
            html: self
                .in_text(unit, doc, index)
                .unwrap_or_default()
                .to_owned(),
            note: Some(html),
        }
    }
}

/// What a citation becomes in a text: its HTML there, and, in a note style, the note's text (the
/// HTML in the text is then what stays in the sentence: nothing, or an author-in-text
/// citation's author names).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cited {
    /// HTML at the citation's place.
    pub html: String,
    /// The note's HTML, for a note style.
    pub note: Option<String>,
}

impl From<String> for Cited {
    fn from(html: String) -> Self {
        Cited { html, note: None }
    }
}

impl Cited {
    /// The citation written in place, where it cannot be a note (inside a footnote, a checklist):
    /// the note's text, after the author names of an author-in-text citation in parentheses.
    pub fn inline(self) -> String {
        match self.note {
            None => self.html,
            Some(note) if self.html.is_empty() => note,
            Some(note) => format!("{} ({note})", self.html),
        }
    }
}

/// The notes of one text, gathered while it renders.
#[derive(Default)]
pub(crate) struct Notes<'t> {
    /// The number the next note gets.
    next: usize,
    /// Citation notes: (number, HTML).
    cited: Vec<(usize, String)>,
    /// The text's footnote definitions, in the order written: (label, events).
    definitions: Vec<(String, Vec<Event<'t>>)>,
    /// Footnote label → its number, given at its first mark.
    numbers: HashMap<String, usize>,
}

impl<'t> Notes<'t> {
    /// The mark of a new note holding `html` (a citation's note).
    pub(crate) fn citation(&mut self, html: String) -> String {
        let n = self.take_number();
        self.cited.push((n, html));
        mark(n, true)
    }

    /// The mark of footnote `label`: its number is given at its first mark; a later mark of the
    /// same footnote leads to the same note, without an id (the note's back link returns to the
    /// first).
    pub(crate) fn reference(&mut self, label: &str) -> String {
        if let Some(&n) = self.numbers.get(label) {
            return mark(n, false);
        }
        let n = self.take_number();
        self.numbers.insert(label.to_owned(), n);
        mark(n, true)
    }

    /// Starts gathering the definition of footnote `label`; returns its index for [`Notes::push`].
    pub(crate) fn define(&mut self, label: &str) -> usize {
        self.definitions.push((label.to_owned(), Vec::new()));
        self.definitions.len() - 1
    }

    /// Adds an event to definition `index`.
    pub(crate) fn push(&mut self, index: usize, event: Event<'t>) {
        if let Some((_, events)) = self.definitions.get_mut(index) {
            events.push(event);
        }
    }

    /// The last event of definition `index` so far.
    pub(crate) fn last_event(&mut self, index: usize) -> Option<&mut Event<'t>> {
        self.definitions
            .get_mut(index)
            .and_then(|(_, events)| events.last_mut())
    }

    fn take_number(&mut self) -> usize {
        self.next += 1;
        self.next
    }

    /// Writes the list of notes after `html`, if there are any. A definition no mark leads to
    /// (or a second definition of a label) is kept, numbered after the others, without a back
    /// link: nothing written is dropped.
    pub(crate) fn finish(mut self, html: &mut String, words: &Words) {
        let mut notes: Vec<(usize, String, bool)> = self
            .cited
            .drain(..)
            .map(|(n, text)| (n, format!("<p>{text}</p>\n"), true))
            .collect();
        let definitions = std::mem::take(&mut self.definitions);
        for (label, events) in definitions {
            let mut text = String::new();
            pulldown_cmark::html::push_html(&mut text, events.into_iter());
            match self.numbers.remove(&label) {
                Some(n) => notes.push((n, text, true)),
                None => {
                    let n = self.take_number();
                    notes.push((n, text, false));
                }
            }
        }
        if notes.is_empty() {
            return;
        }
        notes.sort_by_key(|(n, _, _)| *n);
        html.push_str(&format!(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"{}\">\n<ol>\n",
            escape(&words.notes)
        ));
        for (n, text, linked) in notes {
            html.push_str(&format!("<li id=\"{}\">", layout::footnote_id(n)));
            let back = if linked {
                format!(
                    " <a href=\"#{}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"{}\">↩︎</a>",
                    layout::footnote_ref_id(n),
                    escape(&Words::fill(
                        &words.back_to_note,
                        &[("{n}", &n.to_string())]
                    ))
                )
            } else {
                String::new()
            };
            // The back link ends the note's last paragraph, as Pandoc puts it.
            let text = text.trim_end();
            match text.strip_suffix("</p>") {
                Some(head) => {
                    html.push_str(head);
                    html.push_str(&back);
                    html.push_str("</p>");
                }
                None => {
                    html.push_str(text);
                    if linked {
                        html.push_str(&format!("<p>{}</p>", back.trim_start()));
                    }
                }
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
    }
}

/// The mark of note `n` in the text: a superscript number linking to the note; `with_id` for
/// the first mark of a note (the one its back link returns to).
fn mark(n: usize, with_id: bool) -> String {
    let id = if with_id {
        format!(" id=\"{}\"", layout::footnote_ref_id(n))
    } else {
        String::new()
    };
    format!(
        "<a href=\"#{}\" class=\"footnote-ref\"{id} role=\"doc-noteref\"><sup>{n}</sup></a>",
        layout::footnote_id(n)
    )
}

/// Punctuation a note's mark goes after (Pandoc's `notes-after-punctuation`, on by default).
pub(crate) fn leading_punctuation(text: &str) -> usize {
    text.find(|c: char| !matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
        .unwrap_or(text.len())
}
