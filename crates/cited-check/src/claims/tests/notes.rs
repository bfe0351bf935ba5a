//! A footnote's mark belongs to its sentence as a citation does, and brings the citations of its
//! note's text.

use super::*;

#[test]
fn a_sentence_cites_what_its_footnotes_cite() {
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
                vec![0, 1],
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
