//! The escaping walker: hayagriva's output tree to HTML and plain text. hayagriva's own HTML
//! writer does not escape text or URLs and emits inline styles; this one escapes everything, maps
//! formatting to plain tags or class-only spans, and links only http(s) URLs.

use crate::escape_into;
use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
};
use hayagriva::{Elem, ElemChild, ElemChildren, ElemMeta};

/// Formatted text in two forms: escaped HTML (for pages) and plain text (for previews,
/// JSON, feeds).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Formatted {
    pub html: String,
    pub text: String,
}

/// A run of a formatted citation: the output of one cited item, or the text between items
/// (the style's prefix, delimiters and suffix). Concatenated, the pieces' HTML is the citation's.
/// Formatting tags are closed at every boundary, so a caller can wrap an item's piece (in a
/// link to its entry) without breaking the markup.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    /// Index of the item in its cluster, or `None` for the text between items.
    pub item: Option<usize>,
    /// Escaped HTML.
    pub html: String,
}

/// A formatting tag, in canonical nesting order (outermost first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Sup,
    Sub,
    Bold,
    Light,
    Italic,
    SmallCaps,
    Underline,
}

impl Tag {
    fn open(self) -> &'static str {
        match self {
            Tag::Sup => "<sup>",
            Tag::Sub => "<sub>",
            Tag::Bold => "<b>",
            Tag::Light => "<span class=\"csl-light\">",
            Tag::Italic => "<i>",
            Tag::SmallCaps => "<span class=\"csl-sc\">",
            Tag::Underline => "<span class=\"csl-underline\">",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Tag::Sup => "</sup>",
            Tag::Sub => "</sub>",
            Tag::Bold => "</b>",
            Tag::Italic => "</i>",
            Tag::Light | Tag::SmallCaps | Tag::Underline => "</span>",
        }
    }
}

/// The tags a formatting opens, outermost first: at most one of each kind, so five at most,
/// held without an allocation (every run of text asks for its own; a `Vec` each was one
/// allocation per run, a few hundred thousand in a large build).
pub(crate) struct Tags {
    tags: [Tag; 5],
    len: usize,
}

impl Tags {
    fn push(&mut self, tag: Tag) {
        if let Some(slot) = self.tags.get_mut(self.len) {
            *slot = tag;
            self.len += 1;
        }
    }

    pub(crate) fn as_slice(&self) -> &[Tag] {
        self.tags.get(..self.len).unwrap_or(&[])
    }
}

pub(crate) fn tags_of(f: &hayagriva::Formatting) -> Tags {
    let mut tags = Tags {
        tags: [Tag::Sup; 5],
        len: 0,
    };
    match f.vertical_align {
        VerticalAlign::Sup => tags.push(Tag::Sup),
        VerticalAlign::Sub => tags.push(Tag::Sub),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    match f.font_weight {
        FontWeight::Bold => tags.push(Tag::Bold),
        FontWeight::Light => tags.push(Tag::Light),
        FontWeight::Normal => {}
    }
    if f.font_style == FontStyle::Italic {
        tags.push(Tag::Italic);
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push(Tag::SmallCaps);
    }
    if f.text_decoration == TextDecoration::Underline {
        tags.push(Tag::Underline);
    }
    tags
}

pub(crate) struct Writer {
    html: String,
    text: String,
    open: Vec<Tag>,
    /// `Some` when the output is split into pieces at each cited item ([`render_pieces`]).
    pieces: Option<Vec<Piece>>,
}

impl Writer {
    /// Close and open tags so that exactly `want` is open, keeping the longest
    /// still-wanted prefix of the open tags: runs of equal formatting share one tag.
    fn set_tags(&mut self, want: &[Tag]) {
        let keep = self.open.iter().take_while(|t| want.contains(t)).count();
        while self.open.len() > keep {
            if let Some(t) = self.open.pop() {
                self.html.push_str(t.close());
            }
        }
        for &t in want {
            if !self.open.contains(&t) {
                self.html.push_str(t.open());
                self.open.push(t);
            }
        }
    }

    fn text(&mut self, s: &str, f: &hayagriva::Formatting) {
        if s.is_empty() {
            return;
        }
        self.set_tags(tags_of(f).as_slice());
        escape_into(&mut self.html, s);
        self.text.push_str(s);
    }

    fn walk(&mut self, children: &[ElemChild]) {
        for child in children {
            match child {
                ElemChild::Text(t) => self.text(&t.text, &t.formatting),
                // Typst markup (math); CSL-JSON input never produces it. Show it as text.
                ElemChild::Markup(m) => self.text(m, &hayagriva::Formatting::default()),
                ElemChild::Link { text, url } => match safe_url(url) {
                    Some(href) if !text.text.is_empty() => {
                        self.set_tags(tags_of(&text.formatting).as_slice());
                        self.html.push_str("<a href=\"");
                        escape_into(&mut self.html, &href);
                        self.html.push_str("\">");
                        escape_into(&mut self.html, &text.text);
                        self.html.push_str("</a>");
                        self.text.push_str(&text.text);
                    }
                    _ => self.text(&text.text, &text.formatting),
                },
                ElemChild::Elem(e) => self.elem(e),
                ElemChild::Transparent { .. } => {}
            }
        }
    }

    /// Ends the current piece (closing its tags) as `item`'s, or as text between items.
    fn cut(&mut self, item: Option<usize>) {
        self.set_tags(&[]);
        if let Some(pieces) = &mut self.pieces
            && !self.html.is_empty()
        {
            pieces.push(Piece {
                item,
                html: std::mem::take(&mut self.html),
            });
        }
    }

    fn elem(&mut self, e: &Elem) {
        if self.pieces.is_some()
            && let Some(ElemMeta::Entry(item)) = e.meta
        {
            self.cut(None);
            self.walk(&e.children.0);
            self.cut(Some(item));
            return;
        }
        let class = match e.display {
            None => None,
            Some(Display::Block) => Some("csl-block"),
            Some(Display::LeftMargin) => Some("csl-left-margin"),
            Some(Display::RightInline) => Some("csl-right-inline"),
            Some(Display::Indent) => Some("csl-indent"),
        };
        match class {
            None => self.walk(&e.children.0),
            Some(class) => {
                self.set_tags(&[]);
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
                self.walk(&e.children.0);
                self.set_tags(&[]);
                self.html.push_str("</span>");
            }
        }
    }
}

/// Render hayagriva's output tree as escaped HTML and plain text.
pub(crate) fn render(children: &ElemChildren) -> Formatted {
    // Room for a short bibliography entry from the start: grown from nothing, a page's strings
    // were copied six times on their way to a few hundred bytes.
    let mut w = Writer {
        html: String::with_capacity(256),
        text: String::with_capacity(128),
        open: Vec::new(),
        pieces: None,
    };
    w.walk(&children.0);
    w.set_tags(&[]);
    Formatted {
        html: w.html,
        text: w.text,
    }
}

/// Render a citation's tree as pieces: each cited item's output (hayagriva marks it with
/// `ElemMeta::Entry`) apart from the text around it.
pub(crate) fn render_pieces(children: &ElemChildren) -> Vec<Piece> {
    let mut w = Writer {
        html: String::new(),
        text: String::new(),
        open: Vec::new(),
        pieces: Some(Vec::new()),
    };
    w.walk(&children.0);
    w.cut(None);
    w.pieces.unwrap_or_default()
}

/// The URL to link to, if its scheme is http or https (case-insensitive). Spaces and
/// control characters are percent-encoded; the caller still escapes the attribute.
pub(crate) fn safe_url(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}
