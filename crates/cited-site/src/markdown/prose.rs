//! Prose blocks (paragraphs, list items, table cells) collected from the event stream, with
//! the bounds on how many a document may hold.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::*;

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
pub(super) struct Builder {
    pub(super) stack: Vec<ProseBlock>,
    pub(super) blocks: Vec<ProseBlock>,
    /// Where the block past [`MAX_PROSE_BLOCKS`] started; nothing more is collected.
    pub(super) over_limit: Option<Range<usize>>,
    /// Inside code, images or headings: text there is not prose.
    pub(super) skip_depth: usize,
    pub(super) pending_marker: Option<usize>,
}

impl Builder {
    pub(super) fn piece(&mut self, piece: Piece) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(block) = self.stack.last_mut() {
            block.pieces.push(piece);
        }
    }

    pub(super) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) {
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
