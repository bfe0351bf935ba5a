//! Images in the text: what each says (its description, as plain text), the attributes written
//! after it (`{#fig:id .decorative}`), and whether it is a figure (Pandoc's implicit figure: an
//! image with a description, alone in its paragraph).
//!
//! The description's events stay ordinary markdown events of the document, so whatever reads
//! prose reads them too; only the attribute text is taken out of the events (in both passes, so
//! analysis and rendering agree).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Longest attribute block read after an image (`{#fig:id .decorative}`).
const MAX_ATTRIBUTES: usize = 200;

/// The class that says an image is decorative: `![](divider.png){.decorative}` is published with
/// `alt=""`, which screen readers skip.
pub const DECORATIVE_CLASS: &str = "decorative";

/// An image in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The destination as written.
    pub dest: String,
    /// The description as plain text (citations left out): the `alt` text, and for a figure the
    /// caption's words.
    pub alt: String,
    /// Where: the image and its attributes.
    pub range: Range<usize>,
    /// The `{#id}` written after it.
    pub id: Option<String>,
    /// The `{.class}`es written after it.
    pub classes: Vec<String>,
    /// Anything else in the attribute block (`key=value`, stray words), as written.
    pub other_attributes: Vec<String>,
    /// Alone in its paragraph with a description: published as `<figure>` with a `<figcaption>`.
    pub figure: bool,
}

impl Image {
    /// Marked decorative with `{.decorative}`.
    pub fn is_decorative(&self) -> bool {
        self.classes.iter().any(|c| c == DECORATIVE_CLASS)
    }
}

/// Follows the events of one parse for images and the paragraphs that hold them.
#[derive(Default)]
pub(super) struct Tracker {
    /// Images found, in order.
    pub(super) images: Vec<Image>,
    /// Depth inside image descriptions.
    depth: usize,
    /// The attribute text after the last image: drop text events inside it.
    attributes: Option<Range<usize>>,
    /// The paragraph being read: its one image so far, and whether it holds anything else.
    paragraph: Option<(Option<usize>, bool)>,
}

impl Tracker {
    /// Looks at one event. Returns the event to keep: `None` to drop it (it is attribute text),
    /// or the event with its range (trimmed when it started inside the attribute text).
    pub(super) fn observe<'t>(
        &mut self,
        text: &'t str,
        event: Event<'t>,
        range: Range<usize>,
    ) -> Option<(Event<'t>, Range<usize>)> {
        let (event, range) = self.take_attribute_text(text, event, range)?;
        match &event {
            Event::Start(Tag::Paragraph) => self.paragraph = Some((None, false)),
            Event::End(TagEnd::Paragraph) => {
                if let Some((Some(i), false)) = self.paragraph.take()
                    && let Some(image) = self.images.get_mut(i)
                {
                    image.figure = !image.alt.trim().is_empty();
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) => {
                // A citation read as an image (`![@key]`) is the parse's to report, not an image.
                if self.depth == 0 && !super::is_citation_link(*link_type) {
                    let index = self.images.len();
                    self.images.push(Image {
                        dest: dest_url.to_string(),
                        alt: String::new(),
                        range: range.clone(),
                        id: None,
                        classes: Vec::new(),
                        other_attributes: Vec::new(),
                        figure: false,
                    });
                    if let Some((first, other)) = self.paragraph.as_mut() {
                        if first.is_some() {
                            *other = true;
                        } else {
                            *first = Some(index);
                        }
                    }
                }
                self.depth += 1;
            }
            Event::End(TagEnd::Image) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.read_attributes(text, range.end);
                }
            }
            Event::Text(t) | Event::Code(t) if self.depth > 0 => {
                if let Some(image) = self.images.last_mut() {
                    image.alt.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.depth > 0 => {
                if let Some(image) = self.images.last_mut() {
                    image.alt.push(' ');
                }
            }
            _ if self.depth > 0 => {}
            Event::Text(t) if t.trim().is_empty() => {}
            Event::SoftBreak | Event::HardBreak => {}
            _ => {
                if let Some((_, other)) = self.paragraph.as_mut() {
                    *other = true;
                }
            }
        }
        Some((event, range))
    }

    /// Drops a text event that lies inside the attribute text after an image, and trims one that
    /// starts inside it.
    fn take_attribute_text<'t>(
        &mut self,
        text: &'t str,
        event: Event<'t>,
        range: Range<usize>,
    ) -> Option<(Event<'t>, Range<usize>)> {
        let Some(attributes) = self.attributes.clone() else {
            return Some((event, range));
        };
        if range.start >= attributes.end || !matches!(event, Event::Text(_)) {
            self.attributes = None;
            return Some((event, range));
        }
        if range.end <= attributes.end {
            return None;
        }
        self.attributes = None;
        let rest = attributes.end..range.end;
        let kept = text.get(rest.clone())?;
        Some((Event::Text(kept.into()), rest))
    }

    /// Reads `{#id .class}` right after an image that ends at `end`, on the same line.
    fn read_attributes(&mut self, text: &str, end: usize) {
        let Some(after) = text.get(end..) else {
            return;
        };
        if !after.starts_with('{') {
            return;
        }
        let mut cut = after.len().min(MAX_ATTRIBUTES);
        while !after.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &after[..cut];
        let Some(close) = window
            .find(['}', '\n'])
            .filter(|&i| window[i..].starts_with('}'))
        else {
            return;
        };
        let Some(image) = self.images.last_mut() else {
            return;
        };
        for word in window[1..close].split_whitespace() {
            if let Some(id) = word.strip_prefix('#') {
                if image.id.is_some() {
                    image.other_attributes.push(word.to_owned());
                } else {
                    image.id = Some(id.to_owned());
                }
            } else if let Some(class) = word.strip_prefix('.') {
                image.classes.push(class.to_owned());
            } else {
                image.other_attributes.push(word.to_owned());
            }
        }
        image.range.end = end + close + 1;
        self.attributes = Some(end..end + close + 1);
    }
}
