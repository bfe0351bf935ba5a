//! Hints of E0301 that read more of the page than the claim: the row of a table cell, the note a
//! sentence calls.

use std::ops::Range;

use cited_site::{Document, Site, SourceFile};

use super::hand_written::written_out_key;
use crate::claims;

/// The document's citations in the file, with their lines, in order: what [`table_cell_hint`]
/// reads a row's citations from, made once a page (each hint looking through every citation took
/// the cells times the citations).
pub(super) fn citations_by_line(file: &SourceFile, doc: &Document) -> Vec<(usize, Range<usize>)> {
    let mut by_line: Vec<(usize, Range<usize>)> = doc
        .citations
        .iter()
        .map(|c| doc.span(&c.range).range)
        .map(|c| (file.line_of(c.start), c))
        .collect();
    by_line.sort_by_key(|(line, c)| (*line, c.start));
    by_line
}

/// The hint of an uncited claim in a table cell: a cell cites on its own, or by a cell of its
/// row that holds nothing but citations. A citation written in another cell of the row beside
/// that cell's text (the likeliest slip) is named: it cites only its own cell. `None` when the
/// row's only citations are in the claim's own cell, in another of its sentences: the hint is
/// then a sentence's.
pub(super) fn table_cell_hint(
    file: &SourceFile,
    doc: &Document,
    citations_by_line: &[(usize, Range<usize>)],
    sentence: &claims::Sentence,
) -> Option<String> {
    // A table row is one line of the file, its cells parted by `|` (`\|` is text).
    let at = doc.span(&sentence.range).range.start;
    let row = file.line_of(at);
    let line_start = file.offset_of(row, 1);
    let line = file.line_text(row);
    let pipes: Vec<usize> = line
        .match_indices('|')
        .filter(|(i, _)| !line.get(..*i).is_some_and(|before| before.ends_with('\\')))
        .map(|(i, _)| line_start + i)
        .collect();
    let cell_of = |offset: usize| pipes.partition_point(|&p| p < offset);
    let first = citations_by_line.partition_point(|(line, _)| *line < row);
    let mut in_row = citations_by_line
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|(line, _)| *line == row)
        .map(|(_, c)| c.clone())
        .peekable();
    if in_row.peek().is_none() {
        return Some("a table cell is checked on its own: cite its source in this cell (`... [@key]`), or in a cell of its row that holds only citations (a `Source` column), which cites every cell of the row; if it is not a claim, reword it or add `<!-- cited: not-a-claim: <reason> -->` after it".to_owned());
    }
    // The row cites only in this cell, in another of its sentences: a sentence's hint.
    let elsewhere = in_row.find(|c| cell_of(c.start) != cell_of(at))?;
    let written = file.text.get(elsewhere)?;
    Some(format!(
        "a table cell is checked on its own, and `{written}` is in a cell with text, so it cites only that cell: cite the source in this cell too, or move the row's citation into a cell of its own (a `Source` column), which cites every cell of its row"
    ))
}

/// E0301's hint for a claim whose footnotes cite nothing: a footnote cites its sentence only by
/// a citation in its text, which may be the source written out by hand.
pub(super) fn note_hint(site: &Site, doc: &Document, sentence: &claims::Sentence) -> String {
    let mark = sentence.notes.first().and_then(|&m| doc.note_marks.get(m));
    let written = mark
        .and_then(|m| doc.text().get(m.range.clone()))
        .unwrap_or("[^1]");
    let key = mark
        .and_then(|m| doc.notes.get(m.note?))
        .and_then(|n| doc.text().get(n.range.clone()))
        .and_then(written_out_key)
        .filter(|key| site.reference(key).is_some())
        .unwrap_or_else(|| "key".to_owned());
    format!(
        "its footnote `{written}` cites nothing: a footnote cites its sentence with a citation in its text, `{written}: [@{key}]`; or cite the source in the sentence, `... [@{key}].`"
    )
}
