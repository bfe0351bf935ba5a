//! Citations in bulk: a bracket of a thousand sources, a paragraph of thousands of citations,
//! and what Markdown makes of them (and of a citation with a `!` before it).

use super::*;

#[test]
fn a_citation_bracket_over_999_characters_is_still_a_citation() {
    // CommonMark caps link labels at 999 characters; a citation is never cut off by it.
    let keys: Vec<String> = (0..1000).map(|i| format!("@key{i:04}")).collect();
    for sep in ["; ", ";\n"] {
        let text = format!("Claim [{}].\n", keys.join(sep));
        let d = doc(&text);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.citations.len(), 1);
        assert_eq!(d.citations[0].items.len(), 1000);
    }
    let long = "word ".repeat(250);
    let text = format!("Claim [see {long} @key, p. 4].\n");
    let d = doc(&text);
    assert_eq!(d.citations.len(), 1);
    assert_eq!(d.citations[0].items[0].key(), "key");
}

/// Every citation of a page is one, however many: pulldown-cmark counts what the link callback
/// gives each against the page's length, and a destination longer than the citation ran out.
#[test]
fn thousands_of_citations_of_short_keys_in_one_paragraph_are_all_read() {
    let text = format!("Claim {}.\n", "[@a1] ".repeat(30_000));
    let d = doc(&text);
    assert!(
        d.problems.is_empty(),
        "{:?}",
        &d.problems[..2.min(d.problems.len())]
    );
    assert_eq!(d.citations.len(), 30_000);
}

/// `![@key]` is an image to Markdown, of nothing: a malformed citation, not a missing image.
#[test]
fn a_citation_with_a_bang_before_it_is_a_malformed_citation() {
    let text = "Most improve ![@law2019, p. 4].\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0103);
    assert_eq!(
        &text[problem.span.as_ref().unwrap().range.clone()],
        "![@law2019, p. 4]"
    );
    assert_eq!(
        problem.hint.as_deref(),
        Some("remove the `!`: `[@law2019, p. 4]`")
    );
    assert!(d.images.is_empty() && d.links.is_empty() && d.citations.is_empty());
}

/// A bracket of more sources than Markdown reads as one pair of brackets was an author-in-text
/// citation for each key, each reported as a `[` never closed with a hint quoting everything
/// from the `[` to it: 20,000 keys took 1.8 GB and aborted.
#[test]
fn a_citation_of_too_many_sources_is_one_problem_in_linear_time() {
    let keys = vec!["@hansen2002"; 20_000].join("; ");
    let text = format!("Claim [{keys}].\n");
    let d = doc(&text);
    assert_eq!(
        d.problems.len(),
        1,
        "{:?}",
        &d.problems[..2.min(d.problems.len())]
    );
    assert_eq!(d.problems[0].code, Code::E0103);
    assert_eq!(
        d.problems[0].message,
        "malformed citation: its brackets hold 20000 sources, too many for Markdown to read as one pair of brackets (about 1,000 at most), so it would be printed as it is"
    );
    let span = d.problems[0].span.as_ref().unwrap();
    assert_eq!(span.range, 6..text.len() - 2);
    // Left open: one report at the `[`.
    let text = format!("Claim [{keys}.\n");
    let d = doc(&text);
    assert_eq!(d.problems.len(), 1);
    assert_eq!(
        d.problems[0].hint.as_deref(),
        Some("close the citation after its source or page: `[@hansen2002]`")
    );
}

/// A text may cite [`MAX_CITATIONS`] sources, however it cites them (bracketed, author in text,
/// several in one bracket, or malformed); one more and it is refused at that citation, and
/// nothing after it is read.
#[test]
fn a_text_citing_more_sources_than_the_limit_is_refused_at_the_one_past_it() {
    let cites = |unit: &str, n: usize| format!("Claim{}.\n\nLater [@b].\n", unit.repeat(n));
    // Each unit, and the sources it counts for.
    for (unit, per) in [(" [@a]", 1), (" @a", 1), (" [@a; @a; @a]", 3), (" [@]", 1)] {
        // With `[@b]`, at the limit.
        let d = doc(&cites(unit, (MAX_CITATIONS - 1) / per));
        let refused = d.problems.iter().find(|p| p.code == Code::E0001);
        assert!(refused.is_none(), "{unit}: {refused:?}");
        assert!(
            d.citations
                .iter()
                .flat_map(|c| &c.items)
                .any(|i| i.key() == "b")
        );

        let past = MAX_CITATIONS / per;
        let d = doc(&cites(unit, past + 1));
        let refused: Vec<_> = d
            .problems
            .iter()
            .filter(|p| p.code == Code::E0001)
            .collect();
        assert_eq!(refused.len(), 1, "{unit}");
        assert!(
            refused[0]
                .message
                .contains(&format!("more than {MAX_CITATIONS} sources")),
            "{}",
            refused[0].message
        );
        // At the citation past the limit, and nothing after it is read as a citation.
        let at = refused[0].span.as_ref().unwrap().range.start;
        assert_eq!(at, "Claim".len() + past * unit.len() + 1, "{unit}");
        assert!(
            d.citations
                .iter()
                .flat_map(|c| &c.items)
                .all(|i| i.key() != "b"),
            "{unit}"
        );
    }
}

/// A text of more Markdown marks than [`MAX_MARKS`] is refused before it is parsed: the parser's
/// tree took a node or two for each, 500 MB for 10 MiB of `[x]`.
#[test]
fn a_text_of_more_marks_than_the_limit_is_refused_before_it_is_parsed() {
    let text = format!("A{}.\n", " [x]".repeat(MAX_MARKS / 2 + 1));
    let d = doc(&text);
    assert_eq!(d.problems.len(), 1, "{:?}", d.problems.first());
    assert_eq!(d.problems[0].code, Code::E0001);
    assert!(d.problems[0].message.contains("1000000 Markdown marks"));
    assert!(d.bracketed_words.is_empty() && d.blocks().len() == 0);
    assert!(d.events().is_empty(), "the replay agrees");
    // Each kind counts; at the limit, the text is read.
    for mark in [
        "[", "]", "*", "_", "~", "`", "!", "<", "&", "\\", "\"", "'", "--", "...",
    ] {
        let over = format!("{}\n", format!(" a{mark}").repeat(MAX_MARKS + 1));
        assert!(
            doc(&over).problems.iter().any(|p| p.code == Code::E0001),
            "{mark}"
        );
    }
    let at_limit = format!("A{}.\n", " [x]".repeat(MAX_MARKS / 2));
    assert!(
        doc(&at_limit)
            .problems
            .iter()
            .all(|p| p.code != Code::E0001)
    );
}

/// E0001's explanation, which `cited explain` prints, names each bound of a text as the
/// constants set it (the explanation is a literal, so it cannot read them).
#[test]
fn e0001_explains_the_bounds_as_they_are() {
    let thousands = |n: usize| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(d);
        }
        out
    };
    let explanation = Code::E0001.explanation();
    for (bound, said) in [
        (MAX_LINES_AND_CELLS, "lines and table cells"),
        (MAX_MARKS, "Markdown marks"),
        (MAX_PROSE_BLOCKS, "paragraphs, list items and table cells"),
        (MAX_CITATIONS, "cited sources"),
    ] {
        let written = format!("{} {said}", thousands(bound));
        assert!(explanation.contains(&written), "{written}: {explanation}");
    }
    let mib = crate::MAX_FILE_BYTES / (1024 * 1024);
    assert!(explanation.contains(&format!("over {mib} MiB")));
}
