//! Prose blocks (paragraphs, list items, table cells, headings, image descriptions) collected
//! from the event stream, with the bounds on how many a document may hold.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::*;

/// The most lines plus table-cell separators (`|`) one document may have. An article of 10 MiB
/// has a few tens of thousands; 9.6 MB of one-letter cells or paragraphs has millions, and the
/// parser's tree alone took 40 times the page's size for them. Past this, the text is refused
/// (E0001) before it is parsed.
pub const MAX_LINES_AND_CELLS: usize = 400_000;

/// The most Markdown marks (brackets, `*`, `_`, `~`, backticks, `!`, `<`, `&`, `\`, straight
/// quotes, and the dashes and dots smart punctuation joins: `--`, `...`) one document may hold. The parser's own tree takes a node or two for each, well over
/// a hundred bytes, before a single event: 10 MiB of `[x]` took 500 MB, and three times that
/// again as its events were replayed. Prose has a few in a hundred bytes, so a 10 MiB article has a
/// few hundred thousand. Past this, the text is refused (E0001) before it is parsed.
pub const MAX_MARKS: usize = 1_000_000;

/// The bytes [`MAX_MARKS`] counts: those the parser takes a node for wherever they stand (with
/// smart punctuation, quotes).
pub(super) const fn is_mark(byte: u8) -> bool {
    matches!(
        byte,
        b'[' | b']' | b'*' | b'_' | b'~' | b'`' | b'!' | b'<' | b'&' | b'\\' | b'"' | b'\''
    )
}

/// The marks of `text` ([`MAX_MARKS`]): each byte [`is_mark`], and each `-` or `.` followed by
/// another (smart punctuation makes a dash of `--` and `---` and an ellipsis of `...`, a node
/// each; 10 MiB of ` a--b` took 1.9 GB). A run counts one less than its length, at least as
/// many as the nodes it makes.
pub(super) fn marks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let runs = bytes
        .windows(2)
        .filter(|pair| pair[0] == pair[1] && matches!(pair[0], b'-' | b'.'))
        .count();
    bytes.iter().filter(|&&b| is_mark(b)).count() + runs
}

/// The most prose blocks (paragraphs, list items, table cells, headings, image descriptions) one
/// document may hold. A long
/// article has a few thousand; each block costs a few hundred bytes however short it is, so a
/// 10 MiB page of one-letter table cells took gigabytes. Past this, the page is refused (E0001).
pub const MAX_PROSE_BLOCKS: usize = 100_000;

/// The most cited sources (a bracketed citation counts each it names; a malformed one counts as
/// one) one document may hold, and one page with the checklists it embeds. A long review cites a
/// few hundred. Every citation costs a few kilobytes as its page is formatted and rendered, so a
/// 10 MiB page of `[@key]`, two million of them, took 5 GB. Past this, the page is refused
/// (E0001): its text when it is parsed, a page with its checklists when it renders.
pub const MAX_CITATIONS: usize = 100_000;

/// Counts the sources a text cites as its parse finds them, and where it passed
/// [`MAX_CITATIONS`]: shared by the parser's link callback and the loop's author-in-text scan.
#[derive(Default)]
pub(super) struct CitationBudget {
    used: std::cell::Cell<usize>,
    over_at: std::cell::Cell<Option<usize>>,
}

impl CitationBudget {
    /// Takes `n` sources cited at byte `at`: false once the text has cited more than
    /// [`MAX_CITATIONS`], from the citation that passed it on.
    pub(super) fn take(&self, n: usize, at: usize) -> bool {
        if self.over_at.get().is_some() {
            return false;
        }
        let used = self.used.get().saturating_add(n);
        if used > MAX_CITATIONS {
            self.over_at.set(Some(at));
            return false;
        }
        self.used.set(used);
        true
    }

    /// Where the citation that passed [`MAX_CITATIONS`] starts.
    pub(super) fn over_at(&self) -> Option<usize> {
        self.over_at.get()
    }
}

/// Collects prose blocks from the event stream: paragraphs, list items, table cells, headings
/// (a heading's claim is published twice, in the page and in its table of contents), and the
/// description of each image (its alt text, which is also a figure's caption).
/// A block as the builder makes it, held flat once the document is parsed ([`Prose::of`]).
#[derive(Default)]
pub(super) struct OpenBlock {
    pub(super) pieces: Vec<Piece>,
    pub(super) silenced_by: Option<usize>,
    /// The block citations that cite it, as indices into [`Builder::groups`].
    pub(super) cited_by: Vec<usize>,
    /// A table cell.
    pub(super) in_table: bool,
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) stack: Vec<OpenBlock>,
    pub(super) blocks: Vec<OpenBlock>,
    /// The text of each [`PieceText::Other`] the blocks hold.
    pub(super) other_texts: Vec<Box<str>>,
    /// Where the block past [`MAX_PROSE_BLOCKS`] started; nothing more is collected.
    pub(super) over_limit: Option<Range<usize>>,
    /// Inside code or front matter: text there is not prose.
    pub(super) skip_depth: usize,
    pub(super) pending_marker: Option<usize>,
    /// Image descriptions closed inside a block still open: they follow it, in file order.
    deferred: Vec<OpenBlock>,
    /// The blocks (indices into `blocks`) of the paragraph or list that ended with the last
    /// event: a block citation right after it cites them.
    last_closed: Option<Range<usize>>,
    /// The same, for the paragraph now open: taken when it started.
    before_paragraph: Option<Range<usize>>,
    /// Where the open paragraph's blocks start, and each open list's.
    paragraph_start: usize,
    list_starts: Vec<usize>,
    /// Where the open table row's blocks start (its header row's too).
    row_start: Option<usize>,
    /// Each block citation's citations (a paragraph of nothing but citations, a row's source
    /// cells), held once for all the blocks it cites.
    pub(super) groups: Vec<Vec<usize>>,
    /// Footnotes' marks, in order, with their labels, matched to their notes by
    /// [`Builder::notes`].
    note_marks: Vec<(Box<str>, Range<usize>)>,
    /// Each footnote's label, lowercased, where it is written, and the citations in its text,
    /// in order.
    note_texts: Vec<(Box<str>, Range<usize>, Vec<usize>)>,
    /// The footnote whose text is open (an index into `note_texts`).
    in_note: Option<usize>,
}

impl Builder {
    pub(super) fn piece(&mut self, piece: Piece) {
        if let (Piece::Citation(i), Some(note)) = (&piece, self.in_note)
            && let Some((_, _, citations)) = self.note_texts.get_mut(note)
        {
            citations.push(*i);
        }
        if self.skip_depth > 0 {
            return;
        }
        if let Some(block) = self.stack.last_mut() {
            block.pieces.push(piece);
        }
    }

    /// Takes in one event of `text` (the text being parsed) at `range`.
    pub(super) fn observe(&mut self, text: &str, event: &Event<'_>, range: &Range<usize>) {
        if self.over_limit.is_some() {
            return;
        }
        // Only a paragraph that starts right after a paragraph or a list ends can cite them.
        let closed = self.last_closed.take();
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. }) => {
                // Text an item held before its first nested block is a block of its own.
                self.flush_top();
                if matches!(event, Event::Start(Tag::Paragraph)) {
                    self.before_paragraph = closed;
                    self.paragraph_start = self.blocks.len();
                }
                let silenced_by = self.pending_marker.take();
                self.open(range, silenced_by);
                if let (Event::Start(Tag::TableCell), Some(cell)) = (event, self.stack.last_mut()) {
                    cell.in_table = true;
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let block = self.stack.pop();
                let cited_blocks = self.before_paragraph.take();
                match block {
                    Some(block) if is_block_citation(text, &self.other_texts, &block) => {
                        if let Some(cited) = cited_blocks {
                            let citations: Vec<usize> = block
                                .pieces
                                .iter()
                                .filter_map(|p| match p {
                                    Piece::Citation(i) => Some(*i),
                                    _ => None,
                                })
                                .collect();
                            self.cite_blocks(cited, citations);
                        }
                        // It has no sentence of its own; it stays a block for the record.
                        self.blocks.push(block);
                    }
                    Some(block) if !block.pieces.is_empty() => self.blocks.push(block),
                    _ => {}
                }
                self.blocks.append(&mut self.deferred);
                self.last_closed =
                    Some(self.paragraph_start.min(self.blocks.len())..self.blocks.len());
            }
            Event::Start(Tag::List(_)) => {
                self.flush_top();
                self.list_starts.push(self.blocks.len());
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.row_start = Some(self.blocks.len());
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(start) = self.row_start.take() {
                    self.cite_row(text, start);
                }
            }
            Event::End(TagEnd::List(_)) => {
                let start = self.list_starts.pop().unwrap_or(self.blocks.len());
                self.last_closed = Some(start.min(self.blocks.len())..self.blocks.len());
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)) => {
                if let Some(block) = self.stack.pop()
                    && !block.pieces.is_empty()
                {
                    self.blocks.push(block);
                }
                self.blocks.append(&mut self.deferred);
            }
            // An image's description is prose of its own, inside the block that holds the image;
            // a block-level marker before the block silences it too.
            Event::Start(Tag::Image { .. }) if self.skip_depth == 0 => {
                let silenced_by = self.stack.last().and_then(|b| b.silenced_by);
                self.open(range, silenced_by);
            }
            Event::End(TagEnd::Image) if self.skip_depth == 0 => {
                if let Some(block) = self.stack.pop()
                    && !block.pieces.is_empty()
                {
                    self.deferred.push(block);
                }
                if self.stack.is_empty() {
                    self.blocks.append(&mut self.deferred);
                }
            }
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                self.skip_depth += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                self.skip_depth = self.skip_depth.saturating_sub(1);
                self.pending_marker = None;
            }
            // Text no block takes (in code, or outside every block) is not kept.
            Event::Text(_) if self.skip_depth > 0 || self.stack.is_empty() => {}
            Event::Text(t) => {
                let written = if text.get(range.clone()) == Some(t.as_ref()) {
                    PieceText::AsWritten
                } else {
                    push_other(&mut self.other_texts, t.as_ref())
                };
                self.piece(Piece::Text(written, narrow(range)));
            }
            Event::FootnoteReference(label) if self.skip_depth == 0 && !self.stack.is_empty() => {
                let index = self.note_marks.len();
                self.note_marks.push((label.as_ref().into(), range.clone()));
                self.piece(Piece::Note(index));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_note = Some(self.note_texts.len());
                let label = label.to_lowercase().into_boxed_str();
                self.note_texts.push((label, range.clone(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.in_note = None,
            // Inline code is a name, not prose; keep a placeholder so sentences stay apart.
            Event::Code(_) => self.piece(Piece::Text(PieceText::Code, narrow(range))),
            Event::SoftBreak | Event::HardBreak => {
                self.piece(Piece::Text(PieceText::Space, narrow(range)))
            }
            _ => {}
        }
    }

    /// A table row's cells that hold nothing but citations (a `Source` column,
    /// [`is_source_cell`]) cite every other cell of the row, as a block citation cites the
    /// paragraph before it: a row is one record, and its sources are written once, in a cell of
    /// their own. A cell that cites beside its text cites only itself, as a sentence does.
    fn cite_row(&mut self, text: &str, start: usize) {
        let Some(row) = self.blocks.get(start..) else {
            return;
        };
        let is_source: Vec<bool> = row
            .iter()
            .map(|b| is_source_cell(text, &self.other_texts, b))
            .collect();
        let citations: Vec<usize> = row
            .iter()
            .zip(&is_source)
            .filter(|(_, source)| **source)
            .flat_map(|(b, _)| b.pieces.iter())
            .filter_map(|p| match p {
                Piece::Citation(i) => Some(*i),
                _ => None,
            })
            .collect();
        if citations.is_empty() {
            return;
        }
        let group = self.groups.len();
        self.groups.push(citations);
        let cells = self.blocks.get_mut(start..).into_iter().flatten();
        for (b, _) in cells.zip(&is_source).filter(|(_, source)| !**source) {
            b.cited_by.push(group);
        }
    }

    /// The blocks `cited` are cited by a block citation of `citations`, held once.
    fn cite_blocks(&mut self, cited: Range<usize>, citations: Vec<usize>) {
        let Some(blocks) = self.blocks.get_mut(cited).filter(|b| !b.is_empty()) else {
            return;
        };
        let group = self.groups.len();
        for b in blocks {
            b.cited_by.push(group);
        }
        self.groups.push(citations);
    }

    /// The footnotes' texts, in order, and their marks, each with the first note of its label
    /// (labels are matched without regard to case, as the parser matches them).
    pub(super) fn notes(&mut self) -> (Vec<Note>, Vec<NoteMark>) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, (label, _, _)) in self.note_texts.iter().enumerate() {
            first.entry(label).or_insert(i);
        }
        let marks = self
            .note_marks
            .iter()
            .map(|(label, range)| NoteMark {
                range: range.clone(),
                note: first.get(label.to_lowercase().as_str()).copied(),
            })
            .collect();
        let notes = std::mem::take(&mut self.note_texts)
            .into_iter()
            .map(|(_, range, citations)| Note {
                range,
                citations: citations.into_boxed_slice(),
            })
            .collect();
        self.note_marks = Vec::new();
        (notes, marks)
    }

    /// An element the builder does not see (a checklist) comes between two blocks.
    pub(super) fn interrupt(&mut self) {
        self.last_closed = None;
    }

    /// Starts a block at `range`, unless the document already holds [`MAX_PROSE_BLOCKS`].
    fn open(&mut self, range: &Range<usize>, silenced_by: Option<usize>) {
        if self.blocks.len() + self.deferred.len() >= MAX_PROSE_BLOCKS {
            self.over_limit = Some(range.clone());
            self.blocks.truncate(MAX_PROSE_BLOCKS);
            self.stack.clear();
            self.deferred.clear();
            return;
        }
        self.stack.push(OpenBlock {
            pieces: Vec::new(),
            silenced_by,
            cited_by: Vec::new(),
            in_table: false,
        });
    }

    fn flush_top(&mut self) {
        if let Some(top) = self.stack.last_mut()
            && !top.pieces.is_empty()
        {
            let pieces = std::mem::take(&mut top.pieces);
            let silenced_by = top.silenced_by;
            self.blocks.push(OpenBlock {
                pieces,
                silenced_by,
                cited_by: Vec::new(),
                in_table: top.in_table,
            });
        }
        self.blocks.append(&mut self.deferred);
    }
}

/// Whether a paragraph holds nothing but citations (and the spaces between them): a block
/// citation, which cites every sentence of the paragraph or list right before it.
fn is_block_citation(text: &str, others: &[Box<str>], block: &OpenBlock) -> bool {
    only_citations(text, others, block, |between| between.trim().is_empty())
}

/// Whether a table cell holds nothing but citations, with spaces, commas or semicolons between
/// them (`[@a]; [@b]`): its row's source, which cites every cell of the row. It stays in its
/// cell as written, so the marks between citations are printed as they are.
fn is_source_cell(text: &str, others: &[Box<str>], block: &OpenBlock) -> bool {
    only_citations(text, others, block, |between| {
        between
            .chars()
            .all(|c| c.is_whitespace() || c == ',' || c == ';')
    })
}

/// Whether `block` holds a citation, and nothing but citations and text `between` accepts.
fn only_citations(
    text: &str,
    others: &[Box<str>],
    block: &OpenBlock,
    between: impl Fn(&str) -> bool,
) -> bool {
    block.pieces.iter().any(|p| matches!(p, Piece::Citation(_)))
        && block.pieces.iter().all(|p| match p {
            Piece::Citation(_) => true,
            Piece::Text(t, range) => between(resolve(text, others, *t, range)),
            Piece::Marker(_) | Piece::Note(_) => false,
        })
}

/// A range of a document's text as a piece holds it (a file is at most
/// [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES)).
fn narrow(range: &Range<usize>) -> Range<u32> {
    let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
    offset(range.start)..offset(range.end)
}

/// Moves each block citation (a paragraph of nothing but citations right after a paragraph or a
/// list) to the end of what it cites: the last line of the paragraph, or of the list's last
/// item, so the page shows the mark once where the cited text ends. Pandoc, which knows nothing
/// of block citations, prints the same markdown as a paragraph holding the citation.
pub(super) fn attach_block_citations(events: &mut Vec<(DocEvent<'_>, Range<usize>)>) {
    let mut i = 0;
    while i + 1 < events.len() {
        let ends_block = matches!(
            events.get(i),
            Some((
                DocEvent::Markdown(Event::End(TagEnd::Paragraph | TagEnd::List(_))),
                _
            ))
        );
        let opens_paragraph = matches!(
            events.get(i + 1),
            Some((DocEvent::Markdown(Event::Start(Tag::Paragraph)), _))
        );
        if !(ends_block && opens_paragraph) {
            i += 1;
            continue;
        }
        // The paragraph after it: only citations and spaces, up to its end at `j`.
        let mut j = i + 2;
        let mut citations = 0;
        let is_citation_paragraph = loop {
            match events.get(j).map(|(e, _)| e) {
                Some(DocEvent::Citation(_)) => citations += 1,
                Some(DocEvent::Markdown(Event::Text(t))) if t.trim().is_empty() => {}
                Some(DocEvent::Markdown(Event::SoftBreak)) => {}
                Some(DocEvent::Markdown(Event::End(TagEnd::Paragraph))) => break citations > 0,
                _ => break false,
            }
            j += 1;
        };
        let at = match events.get(i).map(|(e, _)| e) {
            Some(DocEvent::Markdown(Event::End(TagEnd::Paragraph))) => Some(i),
            // After the last inline event of the list: the end of its last item's text.
            _ => events
                .get(..i)
                .unwrap_or(&[])
                .iter()
                .rposition(|(e, _)| is_inline(e))
                .map(|p| p + 1),
        };
        let (true, Some(at)) = (is_citation_paragraph, at) else {
            i += 1;
            continue;
        };
        let paragraph: Vec<(DocEvent<'_>, Range<usize>)> = events.drain(i + 1..=j).collect();
        let mut moved = Vec::with_capacity(paragraph.len());
        for (event, range) in paragraph {
            if let DocEvent::Citation(_) = event {
                // A space before each mark (a superscript mark drops it when it renders).
                moved.push((
                    DocEvent::Markdown(Event::Text(CowStr::Borrowed(" "))),
                    range.start..range.start,
                ));
                moved.push((event, range));
            }
        }
        let n = moved.len();
        events.splice(at..at, moved);
        i += n + 1;
    }
}

/// Whether an event is inline content (text, or the end of an inline element).
fn is_inline(event: &DocEvent<'_>) -> bool {
    match event {
        DocEvent::Citation(_) => true,
        DocEvent::Checklist(_) => false,
        DocEvent::Markdown(e) => matches!(
            e,
            Event::Text(_)
                | Event::Code(_)
                | Event::InlineMath(_)
                | Event::FootnoteReference(_)
                | Event::End(
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Image
                )
        ),
    }
}

/// The citations written inside the text of a link (`[see the review [@key]](https://…)`), by
/// index. A link cannot hold another link, so the outer brackets are published as they are
/// written, around the citation: `[see the review¹](https://…)`.
///
/// One pass over the text pairs its brackets (a blank line closes every bracket left open, as it
/// ends the paragraph; an escaped bracket is not one); a citation is inside link text when a
/// bracket that encloses it is closed and followed by `(` or `[`, and does not open an image
/// (`![a chart [@key]](chart.png)` describes the image, and may cite).
pub(super) fn citations_in_link_text(text: &str, citations: &[Citation]) -> Vec<usize> {
    /// How many enclosing brackets are looked at: links nest no deeper in real text.
    const DEPTH: usize = 8;
    // Only a bracket closed right before `(` or `[` makes link text: a text with neither pair,
    // as most pages are, has none, and is not walked byte by byte.
    if citations.is_empty() || !(text.contains("](") || text.contains("][")) {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut starts: Vec<(usize, usize)> = citations
        .iter()
        .enumerate()
        .map(|(i, c)| (c.range.start, i))
        .collect();
    starts.sort_unstable();
    let mut next_citation = starts.iter().peekable();
    // Open brackets: whether each opens an image, and its index into `is_link`.
    let mut open: Vec<(bool, usize)> = Vec::new();
    let mut is_link: Vec<bool> = Vec::new();
    // For each citation, the brackets that enclosed it.
    let mut enclosing: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while let Some(&&(at, index)) = next_citation.peek() {
            if at > i {
                break;
            }
            if at == i {
                let around: Vec<usize> = open.iter().rev().take(DEPTH).map(|&(_, b)| b).collect();
                if !around.is_empty() {
                    enclosing.push((index, around));
                }
            }
            next_citation.next();
        }
        match bytes.get(i) {
            Some(b'\\') => i += 1, // the next character is escaped
            Some(b'[') => {
                let image = i > 0 && bytes.get(i - 1) == Some(&b'!');
                open.push((image, is_link.len()));
                is_link.push(false);
            }
            Some(b']') => {
                if let Some((image, slot)) = open.pop()
                    && !image
                    && matches!(bytes.get(i + 1), Some(b'(' | b'['))
                    && let Some(s) = is_link.get_mut(slot)
                {
                    *s = true;
                }
            }
            Some(b'\n') => {
                // A blank line ends the paragraph and every bracket in it.
                let mut j = i + 1;
                while matches!(bytes.get(j), Some(b' ' | b'\t' | b'\r')) {
                    j += 1;
                }
                if matches!(bytes.get(j), Some(b'\n') | None) {
                    open.clear();
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut found: Vec<usize> = enclosing
        .into_iter()
        .filter(|(_, around)| around.iter().any(|&b| is_link.get(b) == Some(&true)))
        .map(|(index, _)| index)
        .collect();
    found.sort_unstable();
    found
}
