//! A footnote's mark belongs to its sentence as a citation does (the evidence rules read what its
//! note cites).

use super::*;

#[test]
fn a_footnotes_mark_belongs_to_its_sentence() {
    let text = "It helped 40%.[^1] It helped half. [^2] Then 3 more.\n\n\
                [^1]: See @a and [@b].\n\n[^2]: Hansen NB. 2002.\n";
    let d = doc(text);
    let Some(block) = d.blocks().next() else {
        unreachable!("one block");
    };
    let found: Vec<(String, Vec<usize>, Vec<usize>, &str)> = sentences_in(&d, &block)
        .into_iter()
        .map(|s| (s.text, s.citations, s.notes, &text[s.range]))
        .collect();
    assert_eq!(
        found,
        [
            (
                "It helped 40%.".into(),
                vec![],
                vec![0],
                "It helped 40%.[^1]"
            ),
            (
                "It helped half.".into(),
                vec![],
                vec![1],
                "It helped half. [^2]"
            ),
            ("Then 3 more.".into(), vec![], vec![], "Then 3 more."),
        ]
    );
}
