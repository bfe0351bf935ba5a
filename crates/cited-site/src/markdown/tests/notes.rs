//! Footnotes' marks: each a piece of the block that calls it, with the citations its note's text
//! holds.

use super::*;

#[test]
fn a_notes_mark_holds_the_citations_of_its_text() {
    let text = "It helped 40%.[^one] It helped half.[^2] Then [^Missing].\n\n\
                [^ONE]: See @a, and [@b, p. 4].\n\n[^2]: Hansen NB. 2002.\n";
    let d = doc(text);
    let notes: Vec<(&str, Vec<usize>)> = d
        .notes
        .iter()
        .map(|n| (&text[n.range.clone()], n.citations.to_vec()))
        .collect();
    assert_eq!(
        notes,
        [
            ("[^ONE]: See @a, and [@b, p. 4].\n\n", vec![0, 1]),
            ("[^2]: Hansen NB. 2002.\n", vec![]),
        ]
    );
    // Labels match without regard to case; a mark without a note is text (E0407), no mark.
    let marks: Vec<(&str, Option<usize>)> = d
        .note_marks
        .iter()
        .map(|m| (&text[m.range.clone()], m.note))
        .collect();
    assert_eq!(marks, [("[^one]", Some(0)), ("[^2]", Some(1))]);
    // Each mark is a piece of the block that calls it, where it is written.
    let first = d
        .blocks()
        .next()
        .map(|b| b.pieces.to_vec())
        .unwrap_or_default();
    let notes: Vec<usize> = first
        .iter()
        .filter_map(|p| match p {
            Piece::Note(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert_eq!(notes, [0, 1]);
}

#[test]
fn a_mark_in_code_or_in_a_note_of_nothing_is_no_piece() {
    let d = doc("`[^1]` is how a mark is written.\n\n[^1]: A note.\n");
    assert!(d.note_marks.is_empty());
    assert!(
        d.blocks()
            .flat_map(|b| b.pieces.to_vec())
            .all(|p| !matches!(p, Piece::Note(_)))
    );
}
