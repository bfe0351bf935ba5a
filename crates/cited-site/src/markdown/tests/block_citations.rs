//! Block citations: a paragraph of nothing but citations cites the paragraph or list before it,
//! and a table cell of nothing but citations cites its row.

use super::*;

/// The HTML pulldown-cmark writes for a document's replayed events, citations as `[C<i>]`.
fn replayed_html(text: &str) -> String {
    let d = doc(text);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        d.events().into_iter().map(|(e, _)| match e {
            DocEvent::Markdown(e) => e,
            DocEvent::Citation(i) => Event::Text(CowStr::from(format!("[C{i}]"))),
            DocEvent::Checklist(_) => Event::Text(CowStr::from("[checklist]")),
        }),
    );
    html
}

#[test]
fn a_block_citation_cites_the_paragraph_or_list_before_it() {
    let text = "Intro [@a].\n\n- one 65.9%\n- two\n  - nested\n\n[@v]\n\nFirst. Second.\n\n[@w; @x] [@y]\n\nAfter.\n";
    let d = doc(text);
    let cited: Vec<(String, Vec<usize>)> = d
        .blocks()
        .map(|b| {
            let text: String = b.pieces.iter().filter_map(|p| d.piece_text(p)).collect();
            (
                text.trim().to_owned(),
                b.cited_by.citations().collect::<Vec<_>>(),
            )
        })
        .collect();
    let expected: Vec<(String, Vec<usize>)> = vec![
        ("Intro .".into(), vec![]),
        ("one 65.9%".into(), vec![1]),
        ("two".into(), vec![1]),
        ("nested".into(), vec![1]),
        ("".into(), vec![]),
        ("First. Second.".into(), vec![2, 3]),
        ("".into(), vec![]),
        ("After.".into(), vec![]),
    ];
    assert_eq!(cited, expected);
    // Rendered once, at the end of what it cites.
    assert_eq!(
        replayed_html(text),
        "<p>Intro [C0].</p>\n<ul>\n<li>one 65.9%</li>\n<li>two\n<ul>\n<li>nested [C1]</li>\n</ul>\n</li>\n</ul>\n<p>First. Second. [C2] [C3]</p>\n<p>After.</p>\n"
    );
}

#[test]
fn a_table_cell_of_nothing_but_citations_cites_its_row() {
    let text = "| Group | Rate | Source |\n|---|---|---|\n| Adults | 42% | [@a] [@b] |\n| Teens | 35% [@c] | [@d] |\n| Children | 20% | Smith [@e] |\n| Babies | 10% | |\n| Elders | 5% | [@f]; [@g], [@h] |\n\nAfter 50%.\n";
    let d = doc(text);
    let cells: Vec<(String, Vec<usize>, bool)> = d
        .blocks()
        .map(|b| {
            let text: String = b.pieces.iter().filter_map(|p| d.piece_text(p)).collect();
            (
                text.trim().to_owned(),
                b.cited_by.citations().collect::<Vec<_>>(),
                b.in_table,
            )
        })
        .collect();
    let cell = |t: &str, by: &[usize]| (t.to_owned(), by.to_vec(), true);
    let expected = vec![
        // The header row cites nothing: none of its cells is only citations.
        cell("Group", &[]),
        cell("Rate", &[]),
        cell("Source", &[]),
        // The `Source` cell cites the row's other cells, not itself.
        cell("Adults", &[0, 1]),
        cell("42%", &[0, 1]),
        cell("", &[]),
        // A cell citing beside its text is cited by the row's source cell too.
        cell("Teens", &[3]),
        cell("35%", &[3]),
        cell("", &[]),
        // A citation beside text cites only its own cell (by its own sentence).
        cell("Children", &[]),
        cell("20%", &[]),
        cell("Smith", &[]),
        cell("Babies", &[]),
        cell("10%", &[]),
        // Commas and semicolons between a source cell's citations.
        cell("Elders", &[5, 6, 7]),
        cell("5%", &[5, 6, 7]),
        cell("; ,", &[]),
        ("After 50%.".to_owned(), vec![], false),
    ];
    assert_eq!(cells, expected);
    // The citations stay in their cells.
    assert!(
        replayed_html(text).contains("<td>[C0] [C1]</td>"),
        "{}",
        replayed_html(text)
    );
}

#[test]
fn a_citation_paragraph_after_anything_else_cites_nothing_and_stays_put() {
    for text in [
        "## Heading\n\n[@a]\n",
        "Para.\n\n```checklist\nsigns\n```\n\n[@a]\n",
        "> Quoted.\n\n[@a]\n",
        "Para.\n\n[@a] and words.\n",
        "[@a]\n",
    ] {
        let d = doc(text);
        assert!(d.blocks().all(|b| b.cited_by.is_empty()), "{text}");
        let html = replayed_html(text);
        assert!(
            html.contains("<p>[C0]") || html.contains("[C0] and words"),
            "{text}: {html}"
        );
    }
}
