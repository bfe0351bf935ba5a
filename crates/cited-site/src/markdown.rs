//! Markdown, parsed once for what the checker reads (Pandoc citations, headings with their ids,
//! links, markers, prose blocks) and replayed for its events when the page is rendered.
//!
//! A [`Document`] does not keep its events: held from load to render they were most of the
//! memory of a large site (175 MB at 10,000 pages) and of its page faults. [`Document::events`]
//! runs the same parser over the same text again, borrowing from the text instead of copying it.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::Event;

use crate::citation::CiteItem;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Whether a link pulldown-cmark read is a citation: a link the broken-link callback made, which
/// it makes of citations only. The callback gives it no destination and no title, because
/// pulldown-cmark counts their bytes against the page's length to stop references from blowing
/// up (`link_ref_expansion_limit`): a 14-byte destination for every citation ran out past about
/// 7,000 citations of short keys on one page, and the rest were printed as text.
fn is_citation_link(link_type: pulldown_cmark::LinkType) -> bool {
    use pulldown_cmark::LinkType;
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    )
}

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
    /// The cited sources, in order (a boxed slice: held from load to the end of the build, it
    /// never grows once parsed).
    pub items: Box<[CiteItem]>,
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
    /// A link's text as read (`click here`), when it is short: at most [`LINK_TEXT_KEPT`] bytes,
    /// enough to tell a link that does not say where it leads. `None` for an image, and for a
    /// link with longer text or none.
    pub text: Option<Box<str>>,
}

/// The longest link text a [`LinkTarget`] keeps.
pub const LINK_TEXT_KEPT: usize = 48;

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

/// A word in brackets that hold no `@` (`[smith2020]`, `[see smith2020, p. 4]`): printed as it
/// is, though the editor may have meant a citation. The checker warns when it is a reference's
/// key (E0104).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BracketedWord {
    /// The word.
    pub word: Box<str>,
    /// Where.
    pub range: Range<usize>,
}

/// A piece of a prose block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text, with the range of the document's text it came from (a file is at most
    /// [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES), so `u32` offsets): read it with
    /// [`Document::piece_text`].
    Text(PieceText, Range<u32>),
    /// A citation: index into [`Document::citations`].
    Citation(usize),
    /// An opt-out marker: index into [`Document::markers`].
    Marker(usize),
    /// A footnote's mark (`[^1]`): index into [`Document::note_marks`].
    Note(usize),
}

/// A footnote's text (`[^1]: …`), with the citations in it: they cite each sentence that calls
/// the note, as a citation in a Pandoc footnote cites where the note is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where the note is written, its label first.
    pub range: Range<usize>,
    /// Indices into [`Document::citations`] of the citations in its text, in order.
    pub citations: Box<[usize]>,
}

/// A footnote's mark in the text (`[^1]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteMark {
    /// Where the mark is.
    pub range: Range<usize>,
    /// The note it calls, an index into [`Document::notes`]: the first of its label.
    pub note: Option<usize>,
}

/// The text of a [`Piece::Text`]. Most text is the document's text at the piece's range, which
/// the piece does not copy: a loaded site holds every piece of every page while it is checked,
/// and the copies were a sixth of it. Read it with [`Document::piece_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceText {
    /// The document's text at the piece's range, as written.
    AsWritten,
    /// A line break: a space.
    Space,
    /// Inline code, which is a name and not prose: a placeholder keeps the sentences apart.
    Code,
    /// Text that differs from what is written at the range (an entity, an escape, smart
    /// punctuation): the document holds it, at this index.
    Other(u32),
}

/// A paragraph, list item, table cell, heading or image description: where claims live. A view
/// of one of a document's blocks ([`Document::blocks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProseBlock<'a> {
    /// Text, citations and markers in order.
    pub pieces: &'a [Piece],
    /// A block-level marker right before this block silences all of it.
    pub silenced_by: Option<usize>,
    /// The block citations that cite every sentence of the block: a paragraph of nothing but
    /// citations right after the paragraph or list this block belongs to (two, for an item of a
    /// list inside a list that each have one); for a table cell, the cells of its row that hold
    /// nothing but citations.
    pub cited_by: CitedBy<'a>,
    /// The block is a table cell (whose row is one line of the file).
    pub in_table: bool,
}

/// The block citations that cite a block ([`ProseBlock::cited_by`]). Each is held once however
/// many blocks it cites: a copy for each of them took the block citation's size times theirs, 14
/// GB for a list of 90,000 items under a paragraph of 20,000 citations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CitedBy<'a> {
    /// Where each of the block's block citations is in `all`: its start and its end.
    bounds: &'a [usize],
    /// Every block citation's citations.
    all: &'a [usize],
}

impl<'a> CitedBy<'a> {
    /// Each block citation, as a number the same for every block it cites, and the indices
    /// into [`Document::citations`] it holds.
    pub fn groups(&self) -> impl Iterator<Item = (usize, &'a [usize])> + 'a {
        let all = self.all;
        self.bounds
            .chunks_exact(2)
            .map(move |b| (b[0], all.get(b[0]..b[1]).unwrap_or_default()))
    }

    /// Every citation of every block citation, as indices into [`Document::citations`].
    pub fn citations(&self) -> impl Iterator<Item = usize> + 'a {
        self.groups()
            .flat_map(|(_, citations)| citations.iter().copied())
    }

    /// Whether no block citation cites the block.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// A document's prose blocks, held flat: every block's pieces in one list, the block citations
/// that cite them in another, and each block the ranges of its own in them. A page has a few dozen
/// blocks of two or three pieces each, held from the load to the end of the check; as a list of
/// their own each, they were half of what a citation-dense page's document held (a block's
/// 64 bytes and the allocation of its pieces, against 24 bytes here).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Prose {
    pieces: Box<[Piece]>,
    /// Every block citation's citations, each block citation once, then each block's bounds of
    /// the block citations that cite it ([`CitedBy`]): one list keeps the document's lists at
    /// three.
    cited_by: Box<[usize]>,
    blocks: Box<[BlockAt]>,
}

/// Where one block's parts are in its [`Prose`]'s lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockAt {
    pieces: (u32, u32),
    /// The bounds of its block citations in [`Prose::cited_by`].
    cited_by: (u32, u32),
    /// The marker that silences the block, or [`BlockAt::NOT_SILENCED`]: a marker's index is
    /// under [`MAX_MARKS`](prose::MAX_MARKS), and a plain number keeps the block at 24 bytes with
    /// its flag beside it.
    silenced_by: u32,
    in_table: bool,
}

impl BlockAt {
    const NOT_SILENCED: u32 = u32::MAX;
}

impl Prose {
    /// The blocks as the builder made them, each with lists of its own, held flat, and the block
    /// citations that cite them (`groups`, which their `cited_by` number).
    fn of(blocks: Vec<prose::OpenBlock>, groups: Vec<Vec<usize>>) -> Prose {
        // A document is at most `MAX_FILE_BYTES` (under 4 GiB), and every piece, citation and
        // marker is at least a byte of it.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut pieces = Vec::with_capacity(blocks.iter().map(|b| b.pieces.len()).sum());
        let mut cited_by = Vec::with_capacity(
            groups.iter().map(Vec::len).sum::<usize>()
                + 2 * blocks.iter().map(|b| b.cited_by.len()).sum::<usize>(),
        );
        let mut bounds = Vec::with_capacity(groups.len());
        for group in groups {
            let start = cited_by.len();
            cited_by.extend(group);
            bounds.push((start, cited_by.len()));
        }
        let mut at = Vec::with_capacity(blocks.len());
        for block in blocks {
            let (pieces_start, cited_by_start) = (narrow(pieces.len()), narrow(cited_by.len()));
            pieces.extend(block.pieces);
            for group in block.cited_by {
                if let Some(&(start, end)) = bounds.get(group) {
                    cited_by.extend([start, end]);
                }
            }
            at.push(BlockAt {
                pieces: (pieces_start, narrow(pieces.len())),
                cited_by: (cited_by_start, narrow(cited_by.len())),
                silenced_by: block.silenced_by.map_or(BlockAt::NOT_SILENCED, |m| {
                    narrow(m).min(BlockAt::NOT_SILENCED - 1)
                }),
                in_table: block.in_table,
            });
        }
        // Each list was made to size, so none is copied again as it is boxed.
        Prose {
            pieces: pieces.into_boxed_slice(),
            cited_by: cited_by.into_boxed_slice(),
            blocks: at.into_boxed_slice(),
        }
    }

    fn view(&self, at: &BlockAt) -> ProseBlock<'_> {
        let range = |(start, end): (u32, u32)| start as usize..end as usize;
        ProseBlock {
            pieces: self.pieces.get(range(at.pieces)).unwrap_or_default(),
            silenced_by: (at.silenced_by != BlockAt::NOT_SILENCED)
                .then_some(at.silenced_by as usize),
            cited_by: CitedBy {
                bounds: self.cited_by.get(range(at.cited_by)).unwrap_or_default(),
                all: &self.cited_by,
            },
            in_table: at.in_table,
        }
    }
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
    /// Footnotes' texts, in order, with what each cites.
    pub notes: Vec<Note>,
    /// Footnotes' marks, in order.
    pub note_marks: Vec<NoteMark>,
    /// Words in brackets without an `@`, which a citation may have meant.
    pub bracketed_words: Vec<BracketedWord>,
    /// Raw HTML that is not a comment (an error: write markdown).
    pub raw_html: Vec<Range<usize>>,
    /// Embedded checklist ids.
    pub checklists: Vec<(String, Range<usize>)>,
    /// Prose blocks for the claim checker ([`Document::blocks`]).
    prose: Prose,
    /// Problems found while parsing: malformed citations, hijacking definitions, bad markers.
    pub problems: Vec<Diagnostic>,
    /// Images, in order, with their attributes and whether each is a figure.
    pub images: Vec<Image>,
    /// The text the document was parsed from: [`Document::text`].
    text: DocText,
    /// The text of each [`PieceText::Other`], by its index.
    other_texts: Vec<Box<str>>,
    /// The prose blocks were left out to be made again when they are read
    /// ([`Document::defer_prose`]).
    prose_deferred: bool,
    /// The text was let go while the document was parsed from it ([`Document::release_text`]).
    text_released: bool,
}

/// The text of a piece of a document whose text is `text` and whose other texts are `others`.
fn resolve<'a>(
    text: &'a str,
    others: &'a [Box<str>],
    piece: PieceText,
    range: &Range<u32>,
) -> &'a str {
    match piece {
        PieceText::AsWritten => text
            .get(range.start as usize..range.end as usize)
            .unwrap_or(""),
        PieceText::Space => " ",
        PieceText::Code => "code",
        PieceText::Other(at) => others.get(at as usize).map_or("", |t| t),
    }
}

/// Adds `text` to a document's other texts, and names it.
fn push_other(others: &mut Vec<Box<str>>, text: &str) -> PieceText {
    let at = u32::try_from(others.len()).unwrap_or(u32::MAX);
    others.push(text.into());
    PieceText::Other(at)
}

/// The text a [`Document`] was parsed from: a page's body shares its file's text, from `start`
/// to the end; other text (a YAML field's value) is held on its own.
#[derive(Clone, PartialEq, Eq)]
struct DocText {
    source: Arc<str>,
    start: usize,
}

impl std::fmt::Debug for DocText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.source.get(self.start..).unwrap_or("");
        f.debug_tuple("DocText").field(&text).finish()
    }
}

impl DocText {
    fn own(text: &str) -> Self {
        DocText {
            source: Arc::from(text),
            start: 0,
        }
    }
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

    /// Text that is a YAML scalar's value, aligned character by character with the scalar as
    /// written in `source[span]`: quotes, escapes (`\"`, `\u00e9`, `''`), folded line breaks and
    /// indentation are stepped over, so each character maps to where it was written.
    pub fn for_yaml_scalar(value: &str, source: &str, span: &Range<usize>) -> Self {
        let region = source.get(span.clone()).unwrap_or("");
        let quote = region.chars().next().filter(|c| matches!(c, '"' | '\''));
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut at = usize::from(quote.is_some());
        for (t, c) in value.char_indices() {
            let (pos, len) = find_written(region, at, c, quote).unwrap_or((at, 0));
            let file = span.start + pos;
            if runs.last().is_none_or(|&(rt, rf)| rf + (t - rt) != file) {
                runs.push((t, file));
            }
            at = pos + len;
        }
        if runs.is_empty() {
            runs.push((0, span.start + usize::from(quote.is_some())));
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

/// How far past the cursor a scalar's next character may be written: a folded line break and its
/// indentation, or a block scalar's header, fit; a character not found within it maps to the cursor.
const YAML_ALIGN_WINDOW: usize = 256;

/// Where `c` is written in the scalar `region` at or after byte `from`: its position and how many
/// bytes it takes there (an escape takes more than the character).
fn find_written(region: &str, from: usize, c: char, quote: Option<char>) -> Option<(usize, usize)> {
    let mut probe = from;
    while probe < region.len() && probe - from <= YAML_ALIGN_WINDOW {
        let rest = region.get(probe..)?;
        let next = rest.chars().next()?;
        match quote {
            Some('"') if next == '\\' => {
                let (decoded, len) = yaml_escape(rest)?;
                if decoded == Some(c) {
                    return Some((probe, len));
                }
                probe += len;
                continue;
            }
            Some('\'') if rest.starts_with("''") => {
                if c == '\'' {
                    return Some((probe, 2));
                }
                probe += 2;
                continue;
            }
            _ => {}
        }
        if next == c {
            return Some((probe, c.len_utf8()));
        }
        probe += next.len_utf8();
    }
    None
}

/// The character a YAML double-quoted escape at the start of `text` stands for (`None` for an
/// escaped line break, which stands for nothing), and its length in bytes.
fn yaml_escape(text: &str) -> Option<(Option<char>, usize)> {
    let mut chars = text.chars();
    chars.next().filter(|&c| c == '\\')?;
    let kind = chars.next()?;
    let hex = |digits: usize| {
        let code = text.get(2..2 + digits)?;
        let value = u32::from_str_radix(code, 16).ok()?;
        Some((char::from_u32(value), 2 + digits))
    };
    let simple = match kind {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' => return hex(2),
        'u' => return hex(4),
        'U' => return hex(8),
        '\n' => return Some((None, 2)),
        '\r' => return Some((None, if text.get(2..3) == Some("\n") { 3 } else { 2 })),
        other => return Some((Some(other), 1 + other.len_utf8())),
    };
    Some((Some(simple), 1 + kind.len_utf8()))
}

impl Document {
    /// Gives back the room its lists grew into while parsing. A document lives from load to the
    /// end of the build, so at 100,000 pages the spare capacity of its lists (half of each one, at
    /// worst, since a list doubles as it grows) was hundreds of megabytes.
    fn shrink_to_fit(&mut self) {
        self.citations.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.links.shrink_to_fit();
        self.markers.shrink_to_fit();
        self.bracketed_words.shrink_to_fit();
        self.raw_html.shrink_to_fit();
        self.checklists.shrink_to_fit();
        self.problems.shrink_to_fit();
        self.images.shrink_to_fit();
        self.other_texts.shrink_to_fit();
    }

    /// Drops the prose blocks, which only the claim checker reads: a build that checked the
    /// document and will not check it again renders it without them.
    pub fn release_prose(&mut self) {
        self.prose = Prose::default();
        self.other_texts = Vec::new();
        self.prose_deferred = false;
    }

    /// Leaves a page body's prose blocks out until they are read: [`Document::whole`]
    /// parses its file's text again for them. A large site's load keeps no page's prose, so the
    /// claim checker holds the prose of the pages it is checking, not of every page.
    pub fn defer_prose(&mut self) {
        self.release_prose();
        self.prose_deferred = true;
    }

    /// The document as the load made it, when it holds less: with its prose blocks made again
    /// if they were deferred ([`Document::defer_prose`]: a page body parsed again from
    /// `file_text`, its file's text as loaded, by the same parse as the load's, so the very
    /// document the load made), or with its text given back if only that was let go
    /// ([`Document::release_text`]). `None` when the document holds its text, and its prose or
    /// nothing of it (released once checked).
    pub fn whole(&self, file_text: &Arc<str>) -> Option<Document> {
        if !self.whole_needs_file() {
            return None;
        }
        let text = DocText {
            source: Arc::clone(file_text),
            start: self.map.map(0),
        };
        let mut doc = if self.prose_deferred {
            let body = text.source.get(text.start..).unwrap_or("");
            parse_with_map(self.file, self.map.clone(), body, Pass::Analyse).0
        } else {
            self.clone()
        };
        doc.text = text;
        doc.text_released = false;
        Some(doc)
    }

    /// Whether [`Document::whole`] needs the file's text: the document let go of its text or
    /// its prose.
    pub fn whole_needs_file(&self) -> bool {
        self.prose_deferred || self.text_released
    }

    /// The prose blocks for the claim checker, in order; none once a build checked the site
    /// ([`Document::release_prose`]), or when the load did not keep them
    /// ([`Document::defer_prose`]): [`Document::whole`] makes them again.
    pub fn blocks(
        &self,
    ) -> impl ExactSizeIterator<Item = ProseBlock<'_>> + DoubleEndedIterator + Clone + '_ {
        self.prose.blocks.iter().map(|at| self.prose.view(at))
    }

    /// The text the document was parsed from.
    pub fn text(&self) -> &str {
        self.text.source.get(self.text.start..).unwrap_or("")
    }

    /// The text of a [`Piece::Text`] of one of this document's blocks; `None` for other pieces.
    pub fn piece_text(&self, piece: &Piece) -> Option<&str> {
        match piece {
            Piece::Text(text, range) => Some(resolve(self.text(), &self.other_texts, *text, range)),
            Piece::Citation(_) | Piece::Marker(_) | Piece::Note(_) => None,
        }
    }

    /// A [`PieceText`] for `text`, which differs from what is written at its piece's range: the
    /// document holds it. (For blocks made by hand; the parser makes its own.)
    pub fn other_piece_text(&mut self, text: &str) -> PieceText {
        push_other(&mut self.other_texts, text)
    }

    /// The file span of a range in the parsed text.
    pub fn span(&self, range: &Range<usize>) -> Span {
        let start = self.map.map(range.start);
        let end = self.map.map(range.end).max(start);
        Span::new(self.file, start..end)
    }

    /// Parses a page body that starts at byte `base` of `file`. The document keeps a copy of
    /// `text`; [`Document::parse_body`] shares the file's instead.
    pub fn parse(file: FileId, base: usize, text: &str) -> Document {
        let mut doc = parse_with_map(file, OffsetMap::shifted(base), text, Pass::Analyse).0;
        doc.text = DocText::own(text);
        doc
    }

    /// Parses the body of a page whose file's text is `source`, from byte `base` to the end;
    /// the document shares `source` rather than copying it.
    pub fn parse_body(file: FileId, source: &Arc<str>, base: usize) -> Document {
        let text = source.get(base..).unwrap_or("");
        let mut doc = parse_with_map(file, OffsetMap::shifted(base), text, Pass::Analyse).0;
        doc.text = DocText {
            source: Arc::clone(source),
            start: base,
        };
        doc
    }

    /// A document of no text in `file`: what parsing the empty string gives, without parsing.
    pub fn empty(file: FileId) -> Document {
        Document {
            file,
            map: OffsetMap::default(),
            citations: Vec::new(),
            headings: Vec::new(),
            links: Vec::new(),
            markers: Vec::new(),
            notes: Vec::new(),
            note_marks: Vec::new(),
            bracketed_words: Vec::new(),
            raw_html: Vec::new(),
            checklists: Vec::new(),
            prose: Prose::default(),
            problems: Vec::new(),
            images: Vec::new(),
            text: DocText::own(""),
            other_texts: Vec::new(),
            prose_deferred: false,
            text_released: false,
        }
    }

    /// Parses markdown held in a YAML string, mapping positions through `map`.
    pub fn parse_embedded(file: FileId, map: OffsetMap, text: &str) -> Document {
        let mut doc = parse_with_map(file, map, text, Pass::Analyse).0;
        doc.text = DocText::own(text);
        doc
    }

    /// The document's events, each with its byte range in [`Document::text`]. The parse is run
    /// again over the document's own text, by the same code, so the events are exactly those the
    /// analysis saw: [`DocEvent::Citation`] and [`DocEvent::Checklist`] index this document's
    /// lists, and headings carry this document's ids.
    pub fn events(&self) -> Vec<(DocEvent<'_>, Range<usize>)> {
        self.events_in(self.text())
    }

    /// [`Document::events`] over `text`, which is the text the document was parsed from: a
    /// page's body read again once its text was released ([`Document::release_text`]).
    pub fn events_in<'t>(&self, text: &'t str) -> Vec<(DocEvent<'t>, Range<usize>)> {
        parse_with_map(self.file, OffsetMap::default(), text, Pass::Replay).1
    }

    /// Lets go of the text the document shares with its file, once the file's text is released
    /// too ([`crate::Site::release_texts`]): [`Document::text`] is then empty, and the page
    /// renders from its file read again ([`Document::events_in`]).
    pub fn release_text(&mut self) {
        self.text = DocText::own("");
        self.text_released = true;
    }
}

mod headings;
mod images;
mod parse;
mod prose;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;

pub use images::{DECORATIVE_CLASS, Image};
use parse::{Pass, parse_with_map};
pub use prose::MAX_CITATIONS;
