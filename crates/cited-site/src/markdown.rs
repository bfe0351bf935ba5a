//! Markdown, parsed once for what the checker reads (Pandoc citations, headings with their ids,
//! links, markers, prose blocks) and replayed for its events when the page is rendered.
//!
//! A [`Document`] does not keep its events: held from load to render they were most of the
//! memory of a large site (175 MB at 10,000 pages) and of its page faults. [`Document::events`]
//! runs the same parser over the same text again, borrowing from the text instead of copying it.

use crate::diagnostic::Code;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::citation::{self, CiteItem};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// The destination pulldown-cmark is given for a citation, so we can find it among the events.
const CITATION_URL: &str = "cited:citation";

/// A markdown event, or one of ours that replaced a run of markdown events.
#[derive(Debug, Clone, PartialEq)]
pub enum DocEvent<'t> {
    /// An ordinary markdown event, borrowing from the text it was parsed from.
    Markdown(Event<'t>),
    /// A Pandoc citation: index into [`Document::citations`].
    Citation(usize),
    /// A ```` ```checklist ```` block: index into [`Document::checklists`].
    Checklist(usize),
}

/// A citation in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The cited sources, in order.
    pub items: Vec<CiteItem>,
    /// Byte range of the whole `[...]` in the document's text.
    pub range: Range<usize>,
}

/// A heading, with its (unique within the page) id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The plain text.
    pub text: String,
    /// Where.
    pub range: Range<usize>,
}

/// A link or image destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// The destination as written.
    pub dest: String,
    /// Where.
    pub range: Range<usize>,
    /// An image rather than a link.
    pub is_image: bool,
}

/// An opt-out marker: `<!-- cited: not-a-claim: reason -->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Why the sentence is not a claim; `None` if the editor gave no reason (an error).
    pub reason: Option<String>,
    /// Where.
    pub range: Range<usize>,
    /// On a line of its own: silences the next block rather than one sentence.
    pub block_level: bool,
}

/// A piece of a prose block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text, with the source range it came from.
    Text(String, Range<usize>),
    /// A citation: index into [`Document::citations`].
    Citation(usize),
    /// An opt-out marker: index into [`Document::markers`].
    Marker(usize),
}

/// A paragraph, list item or table cell: where claims live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseBlock {
    /// Text, citations and markers in order.
    pub pieces: Vec<Piece>,
    /// A block-level marker right before this block silences all of it.
    pub silenced_by: Option<usize>,
}

/// A parsed markdown text: a page body, or a markdown field of a checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file the text belongs to.
    pub file: FileId,
    /// Maps offsets in the parsed text to offsets in the file.
    pub map: OffsetMap,
    /// Citations, in order.
    pub citations: Vec<Citation>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// Link and image destinations.
    pub links: Vec<LinkTarget>,
    /// Opt-out markers.
    pub markers: Vec<Marker>,
    /// Raw HTML that is not a comment (an error: write markdown).
    pub raw_html: Vec<Range<usize>>,
    /// Embedded checklist ids.
    pub checklists: Vec<(String, Range<usize>)>,
    /// Prose blocks for the claim checker.
    pub blocks: Vec<ProseBlock>,
    /// Problems found while parsing: malformed citations, hijacking definitions, bad markers.
    pub problems: Vec<Diagnostic>,
}

/// Maps byte offsets in text handed to the parser back to offsets in the file it came from.
///
/// A page body maps by a constant; a YAML string (which may be indented, folded or quoted) maps
/// line by line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    /// `(offset in text, offset in file)` at the start of each mapped run, ascending.
    runs: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Text that starts at `base` in the file, unchanged.
    pub fn shifted(base: usize) -> Self {
        OffsetMap {
            runs: vec![(0, base)],
        }
    }

    /// Text that is a YAML scalar's value, found line by line in `source[span]`.
    pub fn for_yaml_scalar(value: &str, source: &str, span: &Range<usize>) -> Self {
        let region = source.get(span.clone()).unwrap_or("");
        let mut runs = Vec::new();
        let mut cursor = 0;
        let mut text_offset = 0;
        for line in value.split_inclusive('\n') {
            let content = line.trim();
            let found = if content.is_empty() {
                None
            } else {
                region.get(cursor..).and_then(|r| r.find(content))
            };
            if let Some(pos) = found {
                let lead = line.len() - line.trim_start().len();
                runs.push((text_offset + lead, span.start + cursor + pos));
                cursor += pos + content.len();
            }
            text_offset += line.len();
        }
        if runs.is_empty() {
            runs.push((0, span.start));
        }
        OffsetMap { runs }
    }

    /// The file offset of a text offset.
    pub fn map(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|&(t, _)| t <= offset);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(t, f)) => f + (offset - t),
            None => self.runs.first().map_or(offset, |&(_, f)| f),
        }
    }
}

impl Document {
    /// The file span of a range in the parsed text.
    pub fn span(&self, range: &Range<usize>) -> Span {
        let start = self.map.map(range.start);
        let end = self.map.map(range.end).max(start);
        Span::new(self.file, start..end)
    }

    /// Parses a page body that starts at byte `base` of `file`.
    pub fn parse(file: FileId, base: usize, text: &str) -> Document {
        parse_with_map(file, OffsetMap::shifted(base), text, Pass::Analyse).0
    }

    /// Parses markdown held in a YAML string, mapping positions through `map`.
    pub fn parse_embedded(file: FileId, map: OffsetMap, text: &str) -> Document {
        parse_with_map(file, map, text, Pass::Analyse).0
    }

    /// The document's events, each with its byte range in `text`, which must be the text the
    /// document was parsed from. The parse is run again, by the same code, so the events are
    /// exactly those the analysis saw: [`DocEvent::Citation`] and [`DocEvent::Checklist`] index
    /// this document's lists, and headings carry this document's ids.
    pub fn events<'t>(&self, text: &'t str) -> Vec<(DocEvent<'t>, Range<usize>)> {
        let (replayed, events) =
            parse_with_map(self.file, OffsetMap::default(), text, Pass::Replay);
        debug_assert!(
            replayed.citations == self.citations
                && replayed.headings == self.headings
                && replayed.checklists == self.checklists,
            "Document::events was given a text other than the document's own"
        );
        events
    }
}

/// What a parse is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Everything the checker reads; the events are only looked at, not kept.
    Analyse,
    /// The events, for rendering: the prose blocks are not built, and whatever else the parse
    /// finds is dropped.
    Replay,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

type CiteResults = HashMap<
    usize,
    (
        Range<usize>,
        Result<Vec<CiteItem>, citation::CitationSyntaxError>,
    ),
>;

fn parse_with_map(
    file: FileId,
    map: OffsetMap,
    text: &str,
    pass: Pass,
) -> (Document, Vec<(DocEvent<'_>, Range<usize>)>) {
    let analyse = pass == Pass::Analyse;
    let mut doc = Document {
        file,
        map,
        citations: Vec::new(),
        headings: Vec::new(),
        links: Vec::new(),
        markers: Vec::new(),
        raw_html: Vec::new(),
        checklists: Vec::new(),
        blocks: Vec::new(),
        problems: Vec::new(),
    };
    // The parser's own tree takes tens of bytes for every line and table cell, however short:
    // a page of millions of them is refused before it is parsed (in both passes, which must
    // agree).
    let lines_and_cells = text.bytes().filter(|&b| b == b'\n' || b == b'|').count();
    if lines_and_cells > MAX_LINES_AND_CELLS {
        let span = doc.span(&(0..0));
        doc.problems.push(
            Diagnostic::new(
                Code::E0001,
                span,
                format!(
                    "this text has more than {MAX_LINES_AND_CELLS} lines and table cells; it was not checked"
                ),
            )
            .with_hint("split it into several pages"),
        );
        return (doc, Vec::new());
    }
    let found: RefCell<CiteResults> = RefCell::new(HashMap::new());
    let mut callback = |link: BrokenLink<'_>| {
        let span = link.span.clone();
        // The reference is the raw text between the first pair of brackets.
        let inner_start = span.start + 1;
        let result = citation::parse(&link.reference).transpose()?;
        let is_ok = result.is_ok();
        found.borrow_mut().insert(
            span.start,
            (inner_start..inner_start + link.reference.len(), result),
        );
        is_ok.then_some((CowStr::Borrowed(CITATION_URL), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));

    // Prose makes an event per 25 to 35 bytes; reserving up front spares the copies of a
    // growing vector, which were a third of parsing. The analysis keeps only the headings'
    // events (for their ids): holding every event of a page of small table cells took a hundred
    // times the page's size, for nothing.
    let mut events: Vec<(DocEvent<'_>, Range<usize>)> = if analyse {
        Vec::new()
    } else {
        Vec::with_capacity(text.len() / 24 + 16)
    };
    let mut in_heading = false;

    // Reference definitions named like citations would turn `[@key]` into a plain link.
    let mut hijacks: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .filter(|(label, _)| analyse && label.starts_with('@'))
        .map(|(label, def)| (label.to_owned(), def.span.clone()))
        .collect();
    hijacks.sort_by_key(|(_, r)| r.start);
    for (label, range) in hijacks {
        let span = doc.span(&range);
        doc.problems.push(
            Diagnostic::new(
                Code::E0102,
                span,
                format!("link definition `[{label}]` hides the citation `[{label}]`"),
            )
            .with_label("this turns every `[".to_owned() + &label + "]` into a plain link")
            .with_hint("remove the definition, or rename it so it does not start with `@`"),
        );
    }

    let mut builder = Builder::default();
    let mut skip_link_depth: Option<usize> = None;
    let mut link_depth = 0usize;
    let mut in_checklist_block: Option<(usize, String)> = None;

    for (event, range) in parser.into_offset_iter() {
        // Inside a citation link: drop the link's own text events.
        if let Some(depth) = skip_link_depth {
            match &event {
                Event::Start(Tag::Link { .. }) => link_depth += 1,
                Event::End(TagEnd::Link) => {
                    link_depth -= 1;
                    if link_depth == depth {
                        skip_link_depth = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Link {
                link_type:
                    LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown,
                dest_url,
                ..
            }) if dest_url.as_ref() == CITATION_URL => {
                if let Some((inner, Ok(items))) = found.borrow_mut().remove(&range.start) {
                    let items = items
                        .into_iter()
                        .map(|mut item| {
                            item.key_range = inner.start + item.key_range.start
                                ..inner.start + item.key_range.end;
                            item
                        })
                        .collect();
                    let index = doc.citations.len();
                    doc.citations.push(Citation {
                        items,
                        range: range.clone(),
                    });
                    events.push((DocEvent::Citation(index), range.clone()));
                    if analyse {
                        builder.piece(Piece::Citation(index));
                    }
                }
                skip_link_depth = Some(link_depth);
                link_depth += 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_depth += 1;
                doc.links.push(LinkTarget {
                    dest: String::from(dest_url.as_ref()),
                    range: range.clone(),
                    is_image: false,
                });
            }
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => {
                doc.links.push(LinkTarget {
                    dest: String::from(dest_url.as_ref()),
                    range: range.clone(),
                    is_image: true,
                });
                builder.skip_depth += 1;
            }
            Event::End(TagEnd::Image) => builder.skip_depth = builder.skip_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                if info.trim() == "checklist" =>
            {
                in_checklist_block = Some((range.start, String::new()));
                let _ = range;
                continue;
            }
            Event::Text(t) if in_checklist_block.is_some() => {
                if let Some((_, id)) = in_checklist_block.as_mut() {
                    id.push_str(t);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if in_checklist_block.is_some() => {
                if let Some((start, id)) = in_checklist_block.take() {
                    let index = doc.checklists.len();
                    doc.checklists
                        .push((id.trim().to_owned(), start..range.end));
                    events.push((DocEvent::Checklist(index), start..range.end));
                }
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let block_level = matches!(event, Event::Html(_));
                match classify_html(html) {
                    HtmlKind::Marker(reason) => {
                        let index = doc.markers.len();
                        doc.markers.push(Marker {
                            reason,
                            range: trimmed_range(text, &range),
                            block_level,
                        });
                        if block_level {
                            builder.pending_marker = Some(index);
                        } else {
                            builder.piece(Piece::Marker(index));
                        }
                    }
                    HtmlKind::UnknownDirective(directive) => {
                        let span = doc.span(&trimmed_range(text, &range));
                        doc.problems.push(
                            Diagnostic::new(
                                Code::E0304,
                                span,
                                format!("unknown cited directive `{directive}`"),
                            )
                            .with_hint(
                                "the only directive is `<!-- cited: not-a-claim: <reason> -->`",
                            ),
                        );
                    }
                    HtmlKind::Comment => {}
                    HtmlKind::Other => doc.raw_html.push(trimmed_range(text, &range)),
                }
                // Comments and markers never reach the output; other HTML is an error anyway.
                continue;
            }
            _ => {}
        }
        if analyse {
            builder.observe(&event, &range);
            match &event {
                Event::Start(Tag::Heading { .. }) => in_heading = true,
                Event::End(TagEnd::Heading(_)) => {
                    in_heading = false;
                    events.push((DocEvent::Markdown(event), range));
                    continue;
                }
                _ => {}
            }
            if !in_heading {
                continue;
            }
        }
        events.push((DocEvent::Markdown(event), range));
    }

    // Malformed citations never became links: report them.
    let mut leftovers: Vec<_> = found.into_inner().into_values().collect();
    leftovers.sort_by_key(|(r, _)| r.start);
    for (inner, result) in leftovers {
        if let Err(err) = result {
            let range = inner.start + err.range.start..inner.start + err.range.end;
            let span = doc.span(&range);
            doc.problems.push(
                Diagnostic::new(
                    Code::E0103,
                    span,
                    format!("malformed citation: {}", err.message),
                )
                .with_hint("write citations as `[@key]`, `[@a; @b]` or `[see @key, p. 4]`"),
            );
        }
    }

    if let Some(range) = builder.over_limit.take() {
        let span = doc.span(&(range.start..range.start));
        doc.problems.push(
            Diagnostic::new(
                Code::E0001,
                span,
                format!(
                    "this text has more than {MAX_PROSE_BLOCKS} paragraphs, list items and table cells; the rest was not checked"
                ),
            )
            .with_hint("split it into several pages"),
        );
    }
    doc.blocks = builder.blocks;
    let mut refused = Vec::new();
    doc.headings = assign_heading_ids(&mut events, &mut refused);
    for (range, message) in refused {
        let span = doc.span(&range);
        doc.problems.push(
            Diagnostic::new(Code::E0404, span, message)
                .with_hint("give the heading another id (`{#my-id}`) and no other attributes"),
        );
    }
    (doc, events)
}

enum HtmlKind {
    Marker(Option<String>),
    UnknownDirective(String),
    Comment,
    Other,
}

fn classify_html(html: &str) -> HtmlKind {
    let trimmed = html.trim();
    let Some(inner) = trimmed
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
    else {
        return if trimmed.is_empty() {
            HtmlKind::Comment
        } else {
            HtmlKind::Other
        };
    };
    let inner = inner.trim();
    let Some(directive) = inner.strip_prefix("cited:") else {
        return HtmlKind::Comment;
    };
    let directive = directive.trim();
    match directive.strip_prefix("not-a-claim") {
        Some(rest) => {
            let reason = rest.trim().trim_start_matches(':').trim();
            HtmlKind::Marker((!reason.is_empty()).then(|| reason.to_owned()))
        }
        None => {
            HtmlKind::UnknownDirective(directive.split([' ', ':']).next().unwrap_or("").to_owned())
        }
    }
}

fn trimmed_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// The most lines plus table-cell separators (`|`) one document may have. An article of 10 MiB
/// has a few tens of thousands; 9.6 MB of one-letter cells or paragraphs has millions, and the
/// parser's tree alone took 40 times the page's size for them. Past this, the text is refused
/// (E0001) before it is parsed.
pub const MAX_LINES_AND_CELLS: usize = 400_000;

/// The most prose blocks (paragraphs, list items, table cells) one document may hold. A long
/// article has a few thousand; each block costs a few hundred bytes however short it is, so a
/// 10 MiB page of one-letter table cells took gigabytes. Past this, the page is refused (E0001).
pub const MAX_PROSE_BLOCKS: usize = 100_000;

/// Collects prose blocks (paragraphs, list items, table cells) from the event stream.
#[derive(Default)]
struct Builder {
    stack: Vec<ProseBlock>,
    blocks: Vec<ProseBlock>,
    /// Where the block past [`MAX_PROSE_BLOCKS`] started; nothing more is collected.
    over_limit: Option<Range<usize>>,
    /// Inside code, images or headings: text there is not prose.
    skip_depth: usize,
    pending_marker: Option<usize>,
}

impl Builder {
    fn piece(&mut self, piece: Piece) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(block) = self.stack.last_mut() {
            block.pieces.push(piece);
        }
    }

    fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if self.over_limit.is_some() {
            return;
        }
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                // Text an item held before its first nested block is a block of its own.
                self.flush_top();
                if self.blocks.len() >= MAX_PROSE_BLOCKS {
                    self.over_limit = Some(range.clone());
                    self.blocks.truncate(MAX_PROSE_BLOCKS);
                    self.stack.clear();
                    return;
                }
                let silenced_by = self.pending_marker.take();
                self.stack.push(ProseBlock {
                    pieces: Vec::new(),
                    silenced_by,
                });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if let Some(block) = self.stack.pop()
                    && !block.pieces.is_empty()
                {
                    self.blocks.push(block);
                }
            }
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                self.skip_depth += 1;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
                self.pending_marker = None;
            }
            Event::Text(t) => self.piece(Piece::Text(String::from(t.as_ref()), range.clone())),
            // Inline code is a name, not prose; keep a placeholder so sentences stay apart.
            Event::Code(_) => self.piece(Piece::Text("code".to_owned(), range.clone())),
            Event::SoftBreak | Event::HardBreak => {
                self.piece(Piece::Text(" ".to_owned(), range.clone()))
            }
            _ => {}
        }
    }

    fn flush_top(&mut self) {
        if let Some(top) = self.stack.last_mut()
            && !top.pieces.is_empty()
        {
            let pieces = std::mem::take(&mut top.pieces);
            let silenced_by = top.silenced_by;
            self.blocks.push(ProseBlock {
                pieces,
                silenced_by,
            });
        }
    }
}

/// Gives every heading an id: its own `{#id}`, or a slug of its text kept out of cited's own ids
/// ([`layout::heading_id`]), made unique in the page. Classes and other attributes are dropped;
/// each heading that had them, or an `{#id}` cited reserves, is reported in `refused`.
fn assign_heading_ids(
    events: &mut [(DocEvent<'_>, Range<usize>)],
    refused: &mut Vec<(Range<usize>, String)>,
) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        let (
            DocEvent::Markdown(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })),
            range,
        ) = &events[i]
        else {
            i += 1;
            continue;
        };
        let level = heading_level(*level);
        let range = range.clone();
        let explicit = match id.as_ref().map(|s| s.to_string()) {
            Some(id) if !crate::layout::is_free_for_heading(&id) => {
                refused.push((
                    range.clone(),
                    format!("the heading id `{id}` is one cited gives its own elements"),
                ));
                None
            }
            other => other,
        };
        if !classes.is_empty() || !attrs.is_empty() {
            refused.push((
                range.clone(),
                "heading attributes other than `{#id}` are not allowed".to_owned(),
            ));
        }
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                DocEvent::Markdown(Event::End(TagEnd::Heading(_))) => break,
                DocEvent::Markdown(Event::Text(t) | Event::Code(t)) => text.push_str(t),
                _ => {}
            }
            j += 1;
        }
        let base = explicit.unwrap_or_else(|| crate::layout::heading_id(&slugify(&text)));
        let mut unique = base.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            // A suffix can land in cited's own ids too (`cite` twice would give `cite-1`).
            unique = crate::layout::heading_id(&format!("{base}-{n}"));
            n += 1;
        }
        if let DocEvent::Markdown(Event::Start(Tag::Heading {
            id, classes, attrs, ..
        })) = &mut events[i].0
        {
            *id = Some(CowStr::from(unique.clone()));
            classes.clear();
            attrs.clear();
        }
        headings.push(Heading {
            level,
            id: unique,
            text,
            range,
        });
        i = j;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL fragment from heading text: lowercase letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(FileId(0), 0, text)
    }

    #[test]
    fn citations_replace_their_link_events() {
        let d = doc("Text [@smith2020; @doe2019, p. 4] more.\n");
        assert_eq!(d.citations.len(), 1);
        assert_eq!(d.citations[0].range, 5..33);
        let keys: Vec<_> = d.citations[0]
            .items
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(keys, ["smith2020", "doe2019"]);
        assert_eq!(d.citations[0].items[1].key_range, 18..26);
        let events = d.events("Text [@smith2020; @doe2019, p. 4] more.\n");
        assert!(events.iter().any(|(e, _)| *e == DocEvent::Citation(0)));
        assert!(
            !events
                .iter()
                .any(|(e, _)| matches!(e, DocEvent::Markdown(Event::Text(t)) if t.contains('@')))
        );
    }

    #[test]
    fn ordinary_links_and_emails_are_not_citations() {
        let d = doc("[a link](https://x.org) and [mail a@b.org] and [@k](https://y.org)\n");
        assert!(d.citations.is_empty());
        assert_eq!(d.links.len(), 2);
    }

    #[test]
    fn hijacking_definitions_and_malformed_citations_are_problems() {
        let d = doc("Claim [@key].\n\n[@key]: https://example.org\n");
        assert_eq!(d.problems[0].code, Code::E0102);
        let d = doc("Claim [@; @b].\n");
        assert_eq!(d.problems[0].code, Code::E0103);
    }

    #[test]
    fn heading_ids_are_stable_and_unique() {
        let d = doc("# What's next?\n\n## Signs\n\n## Signs\n\n## Custom {#mine}\n");
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["whats-next", "signs", "signs-1", "mine"]);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn headings_never_take_cited_own_ids_or_attributes() {
        let d = doc(
            "## Cite\n\n## Cite\n\n## References\n\n## T {#ref-hansen2002}\n\n## U {#crisis-heading}\n\n## V {onfocus=alert(1) autofocus tabindex=0 .big}\n",
        );
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "cite",
                "section-cite-1",
                "section-references",
                "t",
                "u",
                "v"
            ]
        );
        let codes: Vec<_> = d.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::E0404; 3], "{:#?}", d.problems);
        let text = "## V {onfocus=alert(1) .big}\n";
        let replayed = Document::parse(FileId(0), 0, text);
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            replayed
                .events(text)
                .into_iter()
                .filter_map(|(e, _)| match e {
                    DocEvent::Markdown(e) => Some(e),
                    _ => None,
                }),
        );
        assert_eq!(html.trim(), "<h2 id=\"v\">V</h2>");
    }

    #[test]
    fn replayed_events_carry_heading_ids_and_our_own_events() {
        let text = "# Intro\n\n## Signs\n\nA claim [@a].\n\n```checklist\nsigns\n```\n";
        let d = doc(text);
        let events = d.events(text);
        let ids: Vec<_> = events
            .iter()
            .filter_map(|(e, _)| match e {
                DocEvent::Markdown(Event::Start(Tag::Heading { id, .. })) => id.as_deref(),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["intro", "signs"]);
        assert!(events.contains(&(DocEvent::Citation(0), 27..31)));
        assert!(events.iter().any(|(e, _)| *e == DocEvent::Checklist(0)));
        // Text is borrowed from the page, not copied.
        assert!(events.iter().any(
            |(e, _)| matches!(e, DocEvent::Markdown(Event::Text(CowStr::Borrowed(t))) if *t == "A claim ")
        ));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a text other than the document's own")]
    fn replaying_another_text_is_caught_in_debug_builds() {
        let d = doc("A claim [@a].\n");
        let _ = d.events("Another claim [@b].\n");
    }

    #[test]
    fn a_page_of_too_many_lines_and_cells_is_refused_before_it_is_parsed() {
        let text = "|a|b|\n".repeat(MAX_LINES_AND_CELLS / 4 + 1);
        let d = doc(&text);
        assert!(d.blocks.is_empty());
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].code, Code::E0001);
        assert!(
            d.problems[0]
                .message
                .contains("400000 lines and table cells")
        );
        assert!(d.events(&text).is_empty(), "the replay agrees");
        assert!(doc(&"a\n".repeat(MAX_LINES_AND_CELLS)).problems.is_empty());
    }

    #[test]
    fn a_page_of_too_many_blocks_is_refused_and_its_analysis_stays_bounded() {
        let rows = MAX_PROSE_BLOCKS / 2 + 10;
        let text = format!("|a|b|\n|-|-|\n{}", "|c|d|\n".repeat(rows));
        let d = doc(&text);
        assert_eq!(d.blocks.len(), MAX_PROSE_BLOCKS);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].code, Code::E0001);
        assert!(d.problems[0].message.contains("100000 paragraphs"));
        // Just under the limit: no problem.
        let text = format!(
            "|a|b|\n|-|-|\n{}",
            "|c|d|\n".repeat(MAX_PROSE_BLOCKS / 2 - 1)
        );
        assert!(doc(&text).problems.is_empty());
    }

    #[test]
    fn prose_blocks_and_markers() {
        let d = doc(
            "One [@a]. Two. <!-- cited: not-a-claim: an ordinal -->\n\n- item 12%\n- other\n\n| a | b |\n|---|---|\n| 3 | x |\n",
        );
        assert_eq!(d.markers.len(), 1);
        assert_eq!(d.markers[0].reason.as_deref(), Some("an ordinal"));
        assert_eq!(d.blocks.len(), 7, "{:#?}", d.blocks);
        assert!(d.raw_html.is_empty());
        let d = doc("<div>x</div>\n\nand <b>bold</b>\n");
        assert_eq!(d.raw_html.len(), 3);
    }

    #[test]
    fn checklist_blocks_are_recognised() {
        let d = doc("Before\n\n```checklist\nsigns\n```\n\nAfter\n");
        assert_eq!(d.checklists, vec![("signs".to_owned(), 8..30)]);
    }

    #[test]
    fn yaml_scalar_offsets_map_line_by_line() {
        let source = "detail: |\n  first line\n  second [@k]\n";
        let value = "first line\nsecond [@k]\n";
        let map = OffsetMap::for_yaml_scalar(value, source, &(8..source.len()));
        let d = Document::parse_embedded(FileId(0), map, value);
        let span = d.span(&d.citations[0].range);
        assert_eq!(&source[span.range], "[@k]");
    }
}
