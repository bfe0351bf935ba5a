//! Tests of the parse: citations, headings, links, markers, prose blocks, replay.

use super::prose::{MAX_CITATIONS, MAX_LINES_AND_CELLS, MAX_MARKS, MAX_PROSE_BLOCKS};
use super::*;
use crate::diagnostic::Code;
use pulldown_cmark::{CowStr, Tag};

fn doc(text: &str) -> Document {
    Document::parse(FileId(0), 0, text)
}

/// Each problem of `d` as the text of `text` it points at, and its hint.
fn written_with_hints<'t>(text: &'t str, d: &'t Document) -> Vec<(&'t str, Option<&'t str>)> {
    d.problems
        .iter()
        .map(|p| {
            (
                &text[p.span.as_ref().unwrap().range.clone()],
                p.hint.as_deref(),
            )
        })
        .collect()
}

/// Each problem of `d`, every one of them `code`, as the text of `text` it points at, and `part`
/// of it (its hint, its message).
fn written_with<'t>(
    text: &'t str,
    d: &'t Document,
    code: Code,
    part: impl Fn(&'t Diagnostic) -> Option<&'t str>,
) -> Vec<(&'t str, Option<&'t str>)> {
    d.problems
        .iter()
        .map(|p| {
            assert_eq!(p.code, code, "{p:?}");
            (&text[p.span.as_ref().unwrap().range.clone()], part(p))
        })
        .collect()
}

mod block_citations;
mod large;
mod notes;
mod slips;

#[test]
fn citations_replace_their_link_events() {
    let d = doc("Text [@smith2020; @doe2019, p. 4] more.\n");
    assert_eq!(d.citations.len(), 1);
    assert_eq!(d.citations[0].range, 5..33);
    let keys: Vec<_> = d.citations[0].items.iter().map(|i| i.key()).collect();
    assert_eq!(keys, ["smith2020", "doe2019"]);
    assert_eq!(d.citations[0].items[1].key_range(), 18..26);
    let events = d.events();
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
        replayed.events().into_iter().filter_map(|(e, _)| match e {
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
    let events = d.events();
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
fn a_page_of_too_many_lines_and_cells_is_refused_before_it_is_parsed() {
    let text = "|a|b|\n".repeat(MAX_LINES_AND_CELLS / 4 + 1);
    let d = doc(&text);
    assert_eq!(d.blocks().len(), 0);
    assert_eq!(d.problems.len(), 1);
    assert_eq!(d.problems[0].code, Code::E0001);
    assert!(
        d.problems[0]
            .message
            .contains("400000 lines and table cells")
    );
    assert!(d.events().is_empty(), "the replay agrees");
    assert!(doc(&"a\n".repeat(MAX_LINES_AND_CELLS)).problems.is_empty());
}

#[test]
fn a_page_of_too_many_blocks_is_refused_and_its_analysis_stays_bounded() {
    let rows = MAX_PROSE_BLOCKS / 2 + 10;
    let text = format!("|a|b|\n|-|-|\n{}", "|c|d|\n".repeat(rows));
    let d = doc(&text);
    assert_eq!(d.blocks().len(), MAX_PROSE_BLOCKS);
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
    assert_eq!(d.blocks().len(), 7, "{:#?}", d.blocks().collect::<Vec<_>>());
    assert!(d.raw_html.is_empty());
    let d = doc("<div>x</div>\n\nand <b>bold</b>\n");
    assert_eq!(d.raw_html.len(), 3);
    // A block of several lines is one piece of raw HTML.
    let text = "Text.\n\n<div class=\"note\">\nThe sky.\n</div>\n";
    let d = doc(text);
    assert_eq!(d.raw_html.len(), 1, "{:?}", d.raw_html);
    assert_eq!(
        &text[d.raw_html[0].clone()],
        "<div class=\"note\">\nThe sky.\n</div>"
    );
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

#[test]
fn yaml_scalar_offsets_step_over_escapes_and_quotes() {
    // Each escape before the citation used to shift its place one column or more.
    for (source, value) in [
        (
            "text: \"She said \\\"no\\\" \\u00e9 \\\\ then [@k]\"\n",
            "She said \"no\" é \\ then [@k]",
        ),
        (
            "text: 'It''s what ''they'' say [@k]'\n",
            "It's what 'they' say [@k]",
        ),
        ("text: \"a long \\\n    line [@k]\"\n", "a long line [@k]"),
        ("text: plain\n  folded [@k]\n", "plain folded [@k]"),
    ] {
        let start = source.find(": ").unwrap() + 2;
        let map = OffsetMap::for_yaml_scalar(value, source, &(start..source.trim_end().len()));
        let d = Document::parse_embedded(FileId(0), map, value);
        let span = d.span(&d.citations[0].range);
        assert_eq!(&source[span.range], "[@k]", "{source:?}");
    }
}

proptest::proptest! {
    /// Every character of a double-quoted scalar, however escaped, maps to where it is written.
    #[test]
    fn every_character_of_a_quoted_scalar_maps_to_its_writing(
        value in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec!['"', '\\', 'é', '\t', 'a', ' ', '@', '[', ']', '\u{2028}']),
                proptest::char::any(),
            ],
            0..24,
        ),
        escape_all in proptest::bool::ANY,
    ) {
        let mut source = String::from("text: \"");
        let mut written = Vec::new();
        for &c in &value {
            written.push(source.len());
            match c {
                '"' => source.push_str("\\\""),
                '\\' => source.push_str("\\\\"),
                '\t' => source.push_str("\\t"),
                c if escape_all && !c.is_ascii() => {
                    source.push_str(&format!("\\U{:08x}", c as u32));
                }
                c if c.is_control() => source.push_str(&format!("\\u{:04x}", c as u32)),
                c => source.push(c),
            }
        }
        source.push('"');
        let text: String = value.iter().collect();
        let map = OffsetMap::for_yaml_scalar(&text, &source, &(6..source.len()));
        for ((t, _), &at) in text.char_indices().zip(&written) {
            proptest::prop_assert_eq!(map.map(t), at, "{:?} in {:?}", t, source);
        }
    }
}

#[test]
fn a_citation_inside_link_text_is_an_error_at_the_citation() {
    let text = "Read [see the review [@hansen2002]](https://doi.org/10.1/x) now.\n";
    let d = doc(text);
    assert_eq!(d.citations.len(), 1);
    let codes: Vec<_> = d.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, [Code::E0305]);
    assert_eq!(
        d.problems[0].span.as_ref().map(|s| s.range.clone()),
        Some(21..34)
    );
    for flagged in [
        "[see [@a] and more](https://x.org)\n",
        "[see [@a]][ref]\n\n[ref]: https://x.org\n",
        "[outer [inner [@a]] text](https://x.org)\n",
        "[a [@a]; b [@b]](https://x.org)\n",
    ] {
        let d = doc(flagged);
        assert!(!d.problems.is_empty(), "{flagged}");
        assert!(
            d.problems.iter().all(|p| p.code == Code::E0305),
            "{flagged}"
        );
    }
    for fine in [
        "Text [@a] and [@b].\n",
        "[a link](https://x.org) [@a].\n",
        "![a chart [@a]](chart.png)\n",
        "An aside [see [@a]] in brackets.\n",
        "\\[not a bracket [@a]](x)\n",
        "[an open bracket\n\nthen a new paragraph [@a]](x)\n",
    ] {
        let d = doc(fine);
        assert!(d.problems.is_empty(), "{fine}: {:?}", d.problems);
    }
}

#[test]
fn an_image_alone_in_its_paragraph_is_a_figure_with_its_attributes() {
    let text = "![A *chart* of results [@a]](chart.png){#fig:chart .wide}\n\nSee ![icon](i.png) here.\n\n![](line.png){.decorative}\n";
    let d = doc(text);
    assert_eq!(d.images.len(), 3);
    let chart = &d.images[0];
    assert!(chart.figure);
    assert_eq!(chart.alt, "A chart of results ");
    assert_eq!(chart.id.as_deref(), Some("fig:chart"));
    assert_eq!(chart.classes, ["wide"]);
    assert_eq!(
        &text[chart.range.clone()],
        "![A *chart* of results [@a]](chart.png){#fig:chart .wide}"
    );
    assert_eq!(
        d.citations.len(),
        1,
        "a citation in a caption is a citation"
    );
    assert!(
        !d.images[1].figure,
        "an image inside a sentence is not a figure"
    );
    assert!(
        !d.images[2].figure,
        "an image without a description is not a figure"
    );
    assert!(d.images[2].is_decorative());
    // The attribute text is not text of the document.
    let events = d.events();
    let texts: String = events
        .iter()
        .filter_map(|(e, _)| match e {
            DocEvent::Markdown(Event::Text(t)) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert!(!texts.contains('{'), "{texts}");
    assert!(texts.contains("A chart of results"), "{texts}");
}

#[test]
fn text_after_an_attribute_block_stays() {
    let text = "![a](x.png){#fig:x} and more\n";
    let d = doc(text);
    assert!(!d.images[0].figure);
    let events = d.events();
    assert!(events.iter().any(
        |(e, _)| matches!(e, DocEvent::Markdown(Event::Text(t)) if t.as_ref() == " and more")
    ));
}

#[test]
fn a_long_attribute_block_of_wide_characters_is_cut_on_a_character() {
    for pad in 0..4 {
        let text = format!("![a](x.png){{{}{}}}\n", "a".repeat(pad), "é".repeat(150));
        let d = doc(&text);
        assert_eq!(d.images.len(), 1);
        assert!(
            d.images[0].other_attributes.is_empty(),
            "an unclosed block is text"
        );
    }
}

#[test]
fn author_in_text_citations_are_citations_of_the_sentence() {
    let text =
        "As @hansen2002 [p. 4] showed, write to me@x.org, not \\@doe. *@law2019* too; [@; @bad].\n";
    let d = doc(text);
    let found: Vec<(&str, &str, bool)> = d
        .citations
        .iter()
        .map(|c| {
            (
                &text[c.range.clone()],
                c.items[0].key(),
                c.items[0].author_in_text(),
            )
        })
        .collect();
    // Not an e-mail address, an escaped `@`, or a key inside a malformed bracketed citation.
    assert_eq!(
        found,
        [
            ("@hansen2002 [p. 4]", "hansen2002", true),
            ("@law2019", "law2019", true)
        ]
    );
    assert_eq!(
        d.citations[0].items[0]
            .locator_and_suffix(&crate::citation::tests::english())
            .0
            .map(|l| l.value),
        Some("4".into())
    );
    // In the prose block, where the claim checker looks for a sentence's citations.
    assert!(
        d.blocks()
            .flat_map(|b| b.pieces)
            .any(|p| matches!(p, Piece::Citation(0)))
    );
    // The replay sees the same citations, in place of their text.
    let events = d.events();
    let cites: Vec<_> = events
        .iter()
        .filter(|(e, _)| matches!(e, DocEvent::Citation(_)))
        .map(|(_, r)| r.clone())
        .collect();
    assert_eq!(
        cites,
        [d.citations[0].range.clone(), d.citations[1].range.clone()]
    );
    assert!(
        !events
            .iter()
            .any(|(e, _)| matches!(e, DocEvent::Markdown(Event::Text(t)) if t.contains("hansen")))
    );
}

#[test]
fn prose_blocks_are_held_flat_in_their_order() {
    let text = "<!-- cited: not-a-claim: an example -->\nA claim 5% [@a] here.\n\n- one\n- two, with\n  a break\n\n[@b; @c]\n\n| a | b |\n|---|---|\n| x | y |\n";
    let d = doc(text);
    let blocks: Vec<ProseBlock<'_>> = d.blocks().collect();
    // A paragraph, two items, the block citation, four cells.
    assert_eq!(blocks.len(), 8, "{blocks:#?}");
    // Each block's pieces follow the one before's, in one list, and so do their block citations.
    let pieces: Vec<Piece> = blocks.iter().flat_map(|b| b.pieces).cloned().collect();
    assert_eq!(pieces, &*d.prose.pieces);
    // The block citation is held once, however many blocks it cites.
    let groups: Vec<(usize, &[usize])> = blocks.iter().flat_map(|b| b.cited_by.groups()).collect();
    assert_eq!(groups, [(0, &[1][..]), (0, &[1][..])]);
    assert_eq!(&d.prose.cited_by[..1], &[1]);
    assert_eq!(blocks[0].silenced_by, Some(0));
    assert!(blocks[1..].iter().all(|b| b.silenced_by.is_none()));
    // The four cells, and only they, are a table's.
    assert!(blocks[..4].iter().all(|b| !b.in_table));
    assert!(blocks[4..].iter().all(|b| b.in_table));
    // Both items of the list are cited by the block citation after it.
    assert_eq!(blocks[1].cited_by.citations().collect::<Vec<_>>(), [1]);
    assert_eq!(blocks[2].cited_by.citations().collect::<Vec<_>>(), [1]);
    assert!(blocks[3..].iter().all(|b| b.cited_by.is_empty()));
    assert!(std::mem::size_of::<BlockAt>() <= 24);
    assert!(std::mem::size_of::<Prose>() <= 48);
}

#[test]
fn pieces_read_their_text_from_the_document_unless_it_differs() {
    let text =
        "Plain words &amp; an entity, \\*escaped\\*, \"quoted\" and `code`,\nthen a line [@a].\n";
    let d = doc(text);
    let Some(block) = d.blocks().next() else {
        panic!("no block in {text:?}");
    };
    let joined: String = block
        .pieces
        .iter()
        .filter_map(|p| d.piece_text(p))
        .collect();
    assert_eq!(
        joined,
        "Plain words & an entity, *escaped*, \u{201c}quoted\u{201d} and code, then a line ."
    );
    // Only what differs from the text at its range is held by the piece.
    for piece in block.pieces {
        if let Piece::Text(PieceText::Other(_), range) = piece {
            let written = &text[range.start as usize..range.end as usize];
            let own = d.piece_text(piece);
            assert_ne!(
                own,
                Some(written),
                "{range:?} is held though it is as written"
            );
        }
    }
    assert!(std::mem::size_of::<Piece>() <= 16);
    let as_written = block
        .pieces
        .iter()
        .filter(|p| matches!(p, Piece::Text(PieceText::AsWritten, _)))
        .count();
    assert!(as_written >= 4, "{:?}", block.pieces);
    assert!(block.pieces.contains(&Piece::Text(PieceText::Code, 55..61)));
}

#[test]
fn a_page_body_shares_its_files_text() {
    let source: std::sync::Arc<str> = std::sync::Arc::from("---\ntitle: T\n---\nBody [@a].\n");
    let d = Document::parse_body(FileId(0), &source, 17);
    assert_eq!(d.text(), "Body [@a].\n");
    assert_eq!(std::sync::Arc::strong_count(&source), 2);
    assert_eq!(d.span(&d.citations[0].range).range, 22..26);
}

#[test]
fn releasing_the_prose_keeps_what_rendering_reads() {
    let text = "# Head\n\nA claim [@a] and @b said.\n\n![An image](a.png)\n";
    let mut d = doc(text);
    let kept = d.clone();
    assert_ne!(d.blocks().len(), 0);
    d.release_prose();
    assert_eq!(d.blocks().len(), 0);
    assert_eq!(
        (&d.citations, &d.headings, &d.images, &d.checklists),
        (
            &kept.citations,
            &kept.headings,
            &kept.images,
            &kept.checklists
        )
    );
    assert_eq!(d.events(), kept.events());
}

#[test]
fn an_empty_document_is_what_parsing_no_text_gives() {
    let file = FileId(3);
    assert_eq!(
        Document::empty(file),
        Document::parse_embedded(file, OffsetMap::default(), "")
    );
    assert!(Document::empty(file).events().is_empty());
}

#[test]
fn words_in_brackets_without_an_at_are_kept_for_the_checker() {
    let text = "See [smith2020] and [see jones-2019, p. 4; lee.k].\n\n\
                Not these: [sic], `[code1]`, [link](https://example.org), [@cited], [1 a].\n";
    let d = doc(text);
    let words: Vec<(&str, &str)> = d
        .bracketed_words
        .iter()
        .map(|w| (&*w.word, &text[w.range.clone()]))
        .collect();
    assert_eq!(
        words,
        [
            ("smith2020", "smith2020"),
            ("see", "see"),
            ("jones-2019", "jones-2019"),
            ("p", "p"),
            ("4", "4"),
            ("lee.k", "lee.k"),
            ("sic", "sic"),
            ("1", "1"),
            ("a", "a"),
        ]
    );
}

#[test]
fn a_second_source_after_a_comma_or_in_brackets_of_its_own_is_a_problem() {
    let text = "Claim [@a, @b].\n";
    let d = doc(text);
    assert!(d.citations.is_empty());
    assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
    assert_eq!(d.problems[0].code, Code::E0103);
    let span = d.problems[0].span.as_ref().unwrap();
    assert_eq!(&text[span.range.clone()], "@b");
    assert_eq!(d.problems[0].hint.as_deref(), Some("write `[@a; @b]`"));

    // `[@a][@b]` is a Markdown reference link: `@a` would be dropped.
    let text = "Claim [@a][@b].\n";
    let d = doc(text);
    assert!(d.citations.is_empty(), "{:?}", d.citations);
    assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
    assert_eq!(d.problems[0].code, Code::E0103);
    let span = d.problems[0].span.as_ref().unwrap();
    assert_eq!(&text[span.range.clone()], "@a");
    assert_eq!(d.problems[0].hint.as_deref(), Some("write `[@a; @b]`"));
}

#[test]
fn a_citation_in_braces_or_parentheses_is_a_problem() {
    for (text, wrapped, hint) in [
        (
            "Claim {@a}.\n",
            "{@a}",
            "cite in square brackets: `[@a]`; to name the author in the sentence, write `@a` without brackets",
        ),
        (
            "Claim (@smith2020 [p. 4]).\n",
            "(@smith2020 [p. 4])",
            "cite in square brackets: `[@smith2020, p. 4]`; to name the author in the sentence, write `@smith2020 [p. 4]` without brackets",
        ),
    ] {
        let d = doc(text);
        assert_eq!(d.problems.len(), 1, "{text}: {:?}", d.problems);
        assert_eq!(d.problems[0].code, Code::E0103);
        let span = d.problems[0].span.as_ref().unwrap();
        assert_eq!(&text[span.range.clone()], wrapped);
        assert_eq!(d.problems[0].hint.as_deref(), Some(hint), "{text}");
    }
    // Words beside the citation inside the parentheses are the writer's own.
    for fine in [
        "Claim (as @a found).\n",
        "Claim (@a, p. 4).\n",
        "{@a found it}\n",
    ] {
        assert!(
            doc(fine).problems.is_empty(),
            "{fine}: {:?}",
            doc(fine).problems
        );
    }
}

#[test]
fn a_citation_whose_bracket_is_not_closed_is_a_problem() {
    for (text, hint) in [
        (
            "Claim [@a. More.\n",
            "close the citation after its source or page: `[@a]`",
        ),
        (
            "Claim [see @smith2020, p. 4. More.\n",
            "close the citation after its source or page: `[see @smith2020]`",
        ),
    ] {
        let d = doc(text);
        assert_eq!(d.problems.len(), 1, "{text}: {:?}", d.problems);
        assert_eq!(d.problems[0].code, Code::E0103);
        let span = d.problems[0].span.as_ref().unwrap();
        assert_eq!(span.range.start, 6, "{text}");
        assert_eq!(d.problems[0].hint.as_deref(), Some(hint), "{text}");
    }
    // A closed bracket before an author-in-text citation is no mistake.
    let d = doc("We [sic] saw it. @a found more.\n");
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    assert_eq!(d.citations.len(), 1);
}

#[test]
fn a_link_whose_address_holds_a_space_is_a_problem() {
    let text = "Read [the guide](when talk therapy.md) or call [116 123](tel:116 123).\n";
    let d = doc(text);
    let found = written_with_hints(text, &d);
    assert_eq!(
        found,
        [
            (
                "[the guide](when talk therapy.md)",
                Some(
                    "write the address without spaces, or in angle brackets: `(<when talk therapy.md>)`"
                )
            ),
            (
                "[116 123](tel:116 123)",
                Some("write the number without spaces: `(tel:116123)`")
            ),
        ]
    );
    assert!(d.problems.iter().all(|p| p.code == Code::E0407));
    // Angle brackets make it a link; brackets and parentheses in prose are no link.
    assert!(
        doc("Read [the guide](<when talk therapy.md>).\n")
            .problems
            .is_empty()
    );
    assert!(
        doc("Most [but not all] (about 2 in 3) improve.\n")
            .problems
            .is_empty()
    );
}

#[test]
fn a_comment_over_several_lines_is_a_comment() {
    let d = doc("Text.\n\n<!-- a note\nfor the editors -->\n\nMore text.\n");
    assert!(d.raw_html.is_empty(), "{:?}", d.raw_html);
    assert!(d.problems.is_empty());
    // A marker over two lines still marks the block after it.
    let d = doc("<!-- cited: not-a-claim:\n  a heading, not a claim -->\nAll 3 of them.\n");
    assert_eq!(d.markers.len(), 1);
    assert_eq!(
        d.markers[0].reason.as_deref(),
        Some("a heading, not a claim")
    );
}

#[test]
fn a_comment_never_closed_is_pointed_at_its_start() {
    let text = "Text.\n\n<!-- TODO check this\n\nThe rest of the page.\n";
    let d = doc(text);
    assert!(d.raw_html.is_empty());
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0403);
    let range = problem.span.as_ref().unwrap().range.clone();
    assert_eq!(&text[range], "<!-- TODO check this");
    assert_eq!(problem.hint.as_deref(), Some("end the comment with `-->`"));
}

#[test]
fn a_block_never_closed_in_a_quote_ends_with_the_quote() {
    let d = doc("> <!-- a note\n\nThe rest.\n");
    assert!(
        d.problems[0].message.contains("to the end of its quote"),
        "{:?}",
        d.problems
    );
    let d = doc("> ```checklist\n> signs\n\nThe rest.\n");
    assert!(
        d.problems[0].message.contains("the rest of its quote"),
        "{:?}",
        d.problems
    );
}
