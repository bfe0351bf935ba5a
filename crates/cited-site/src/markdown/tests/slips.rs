//! The slips an editor makes that Markdown publishes other than meant (`parse/slips.rs` and the
//! parse's own): each reported where it is, with its fix, and ordinary writing left alone.

use super::*;

/// A line ended by a lone `\r` (an old Mac file) is a line: what starts the next one is at a
/// line's start, and a character of two bytes before it broke nothing (it once cut `¡` in two).
#[test]
fn a_carriage_return_ends_a_line() {
    for text in [
        "¡\r##The timing\n",
        "Intro.\r##The timing\r",
        "1¡\r##The timing\r\n",
    ] {
        let d = doc(text);
        assert!(
            d.problems.iter().any(|p| p.code == Code::E0408),
            "{text:?}: {:?}",
            d.problems
        );
    }
    // No line break at all: a character of two bytes right before the marks.
    assert!(doc("¡##ab\n").problems.is_empty());
}

#[test]
fn a_heading_without_its_space_is_reported() {
    let text = "Intro.\n\n###The timing\n\nText.\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0408);
    let range = problem.span.as_ref().unwrap().range.clone();
    assert_eq!(&text[range], "###The timing");
    assert_eq!(problem.hint.as_deref(), Some("write `### The timing`"));
    // A continuation line is not a heading either, nor one in a quote or a list item.
    assert_eq!(doc("Intro.\n##Next part\n").problems.len(), 1);
    assert_eq!(doc("> ###Quoted part\n").problems.len(), 1);
    assert_eq!(doc("- ##Item part\n").problems.len(), 1);
    assert_eq!(doc("1. ##Item part\n").problems.len(), 1);
    // A heading, a hashtag, an escape, a number, code and a mark in mid-line are left alone.
    for fine in [
        "### The timing\n",
        "#MentalHealth matters.\n",
        "\\##Not a heading, on purpose.\n",
        "##1 in the list.\n",
        "`##code`\n",
        "Issue ##12 is open.\n",
        "    ##indented code\n",
    ] {
        // (Indented code is E0412, a slip of its own.)
        assert!(
            !doc(fine).problems.iter().any(|p| p.code == Code::E0408),
            "{fine:?}: {:?}",
            doc(fine).problems
        );
    }
}

#[test]
fn links_and_notes_printed_as_text_are_reported() {
    let text = "See the [crisis line][crisis] or [help][] now.[^2] And [see 1].\n";
    let d = doc(text);
    let mut found: Vec<(usize, &str, Code)> = d
        .problems
        .iter()
        .map(|p| {
            let range = p.span.as_ref().unwrap().range.clone();
            (range.start, &text[range], p.code)
        })
        .collect();
    found.sort_by_key(|f| f.0);
    let found: Vec<(&str, Code)> = found.into_iter().map(|(_, t, c)| (t, c)).collect();
    assert_eq!(
        found,
        [
            ("[crisis line][crisis]", Code::E0407),
            ("[help][]", Code::E0407),
            ("[^2]", Code::E0407),
        ]
    );
    assert_eq!(
        d.problems
            .iter()
            .find(|p| p.message.contains("[crisis]"))
            .and_then(|p| p.hint.as_deref()),
        Some(
            "add the line `[crisis]: https://…` below the paragraph, or write the address in place: `[crisis line](https://…)`"
        )
    );
    // Defined, they are a link and a note.
    let fine =
        "See the [crisis line][crisis].[^2]\n\n[crisis]: https://example.org/\n\n[^2]: A note.\n";
    assert!(doc(fine).problems.is_empty(), "{:?}", doc(fine).problems);
}

#[test]
fn a_full_width_at_sign_is_a_malformed_citation() {
    let text = "Most improve [＠law2019, p. 4].\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0103);
    assert_eq!(&text[problem.span.as_ref().unwrap().range.clone()], "＠");
    assert_eq!(
        problem.hint.as_deref(),
        Some("type a plain `@`: `[@law2019, p. 4]`")
    );
    assert!(d.citations.is_empty());
    // Not every full-width at sign is a citation.
    assert!(doc("Write to [info＠example.org].\n").problems.is_empty());
}

#[test]
fn a_link_parted_from_its_address_by_a_space_is_reported() {
    let text =
        "Tell them [how you feel] (https://example.org/feel). See ![A chart] (images/chart.png).\n";
    let d = doc(text);
    let found = written_with_hints(text, &d);
    assert_eq!(
        found,
        [
            (
                "[how you feel] (https://example.org/feel)",
                Some("remove the space: `[how you feel](https://example.org/feel)`")
            ),
            (
                "![A chart] (images/chart.png)",
                Some("remove the space: `![A chart](images/chart.png)`")
            ),
        ]
    );
    // Brackets then words in parentheses are prose.
    assert!(doc("It was [sic] (as written).\n").problems.is_empty());
}

#[test]
fn a_citation_in_full_width_brackets_is_a_malformed_citation() {
    let text = "Most improve ［@law2019, p. 4］.\n";
    let d = doc(text);
    let problem = d
        .problems
        .iter()
        .find(|p| p.code == Code::E0103)
        .expect("E0103");
    assert_eq!(
        &text[problem.span.as_ref().unwrap().range.clone()],
        "［@law2019, p. 4］"
    );
    assert_eq!(
        problem.hint.as_deref(),
        Some("type plain brackets: `[@law2019, p. 4]`")
    );
    assert!(doc("A note ［in brackets］.\n").problems.is_empty());
    // Full-width brackets pair as plain ones do: the innermost pair is the citation.
    let text = "Most improve (［see ［@law2019, p. 4］).\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(
        &text[problem.span.as_ref().unwrap().range.clone()],
        "［@law2019, p. 4］"
    );
}

#[test]
fn a_checklist_block_that_embeds_nothing_is_reported() {
    let text = "Intro.\n\n```Checklist\nsigns\n```\n\nMore.\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0506);
    assert_eq!(
        &text[problem.span.as_ref().unwrap().range.clone()],
        "```Checklist"
    );
    assert!(d.checklists.is_empty());

    let text = "Intro.\n\n```checklist\nsigns\n\n## Next part\n\nText.\n";
    let d = doc(text);
    let [problem] = d.problems.as_slice() else {
        panic!("{:?}", d.problems);
    };
    assert_eq!(problem.code, Code::E0506);
    assert_eq!(
        &text[problem.span.as_ref().unwrap().range.clone()],
        "```checklist"
    );
    assert!(d.checklists.is_empty(), "{:?}", d.checklists);

    let d = doc("Intro.\n\n```checklist\nsigns\n```\n");
    assert!(d.problems.is_empty());
    assert_eq!(d.checklists.len(), 1);
}

#[test]
fn markdown_marks_left_as_text_are_reported() {
    let found = |text: &str| -> Vec<String> {
        doc(text)
            .problems
            .iter()
            .map(|p| text[p.span.as_ref().unwrap().range.clone()].to_owned())
            .collect()
    };
    assert_eq!(
        found("Intro.\n\n| Condition | Missed |\n| depression | 65.9% |\n"),
        ["| Condition | Missed |"]
    );
    assert_eq!(
        found("Ask:\n\n• What are the goals?\n• Is it working?\n"),
        ["•", "•"]
    );
    assert_eq!(found("Tell them **how you feel.\n"), ["**"]);
    // Written right, they are a table, a list and bold.
    for fine in [
        "| Condition | Missed |\n|---|---|\n| depression | 65.9% |\n",
        "- What are the goals?\n- Is it working?\n",
        "Tell them **how you feel**.\n",
        "A bullet • in a sentence, and a lone | pipe |.\n",
    ] {
        assert!(
            doc(fine).problems.is_empty(),
            "{fine:?}: {:?}",
            doc(fine).problems
        );
    }
}

#[test]
fn a_pasted_note_number_is_reported() {
    let text = "It took 13 sessions.¹ The same paper,²³ said more.\n";
    let d = doc(text);
    let found: Vec<&str> = d
        .problems
        .iter()
        .map(|p| &text[p.span.as_ref().unwrap().range.clone()])
        .collect();
    assert_eq!(found, ["¹", "²³"]);
    // Typed as Pandoc's superscript, it is the same mark.
    let text = "It took 13 sessions.^1^ Then more.\n";
    let d = doc(text);
    assert_eq!(
        d.problems
            .iter()
            .map(|p| &text[p.span.as_ref().unwrap().range.clone()])
            .collect::<Vec<_>>(),
        ["^1^"]
    );
    assert!(d.problems.iter().all(|p| p.code == Code::E0306));
    // Units and powers are superscripts after a letter or digit.
    assert!(doc("A BMI of 30 kg/m² or 10⁶ cells.\n").problems.is_empty());
}

#[test]
fn a_letter_typed_for_a_digit_in_a_percentage_is_reported() {
    let text = "About 5O% improve, (1l%) relapse, l0% and\u{a0}2.O% do not.\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0307, |p| p.hint.as_deref()),
        [
            ("5O%", Some("write the digits: `50%`")),
            ("1l%", Some("write the digits: `11%`")),
            ("l0%", Some("write the digits: `10%`")),
            ("2.O%", Some("write the digits: `2.0%`")),
        ]
    );
}

#[test]
fn stars_between_figures_are_reported_with_what_is_published() {
    let text = "Take 2*3*4 tablets. Score x**2 + y**2 here. Dilute 1:10**6 and 10**9 more.\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0410, |p| Some(p.message.as_str())),
        [
            (
                "*3*",
                Some(
                    "`2*3*4` is published as `234`, with `3` in italics: to Markdown, a pair of `*` marks italics, not times or a power"
                )
            ),
            (
                "**2 + y**",
                Some(
                    "`x**2 + y**2` is published as `x2 + y2`, with `2 + y` in bold: to Markdown, a pair of `**` marks bold, not times or a power"
                )
            ),
            (
                "**6 and 10**",
                Some(
                    "`10**6 and 10**9` is published as `106 and 109`, with `6 and 10` in bold: to Markdown, a pair of `**` marks bold, not times or a power"
                )
            ),
        ]
    );
    // What a long emphasis holds is quoted by its first and last words.
    let d = doc("Use 10**6 units for the first long stretch of the day and 10**3 later.\n");
    assert!(
        d.problems[0].message.starts_with(
            "`10**6 units for … day and 10**3` is published as `106 units for … day and 103`"
        ),
        "{:?}",
        d.problems
    );
    // A `**` closed as far as a path's `/**` still makes bold of all between.
    let d = doc("Compute 2**3 or 3 * 4 ** 2, or match src/**/*.md.\n");
    assert!(
        d.problems[0]
            .message
            .starts_with("`2**3 or 3 … or match src/**` is published as `23 or 3 … or match src/`"),
        "{:?}",
        d.problems
    );
}

#[test]
fn a_paragraph_underlined_into_a_heading_is_reported_at_its_underline() {
    for (text, underline) in [
        // Over two lines.
        ("Therapy takes time,\nand that is fine.\n---\n", "---"),
        // A sentence.
        ("Most people improve in time.\n-----\n", "-----"),
        // A citation.
        ("Most improve [@hansen2002]\n---\n", "---"),
        // `=`, a top-level heading.
        ("Most people improve in time.\n===\n", "==="),
    ] {
        let d = doc(text);
        assert_eq!(
            written_with(text, &d, Code::E0411, |p| p.label.as_deref()),
            [(underline, Some("makes the paragraph above a heading"))],
            "{text:?}"
        );
    }
}

#[test]
fn text_indented_into_a_code_block_is_reported_at_its_first_line() {
    for (text, first) in [
        (
            "Para.\n\n    Studies found that 73% improve.\n    Most do.\n",
            "Studies found that 73% improve.",
        ),
        // Four more than a list item's text.
        (
            "- An item.\n\n      Its second paragraph.\n",
            "Its second paragraph.",
        ),
    ] {
        let d = doc(text);
        assert_eq!(
            written_with(text, &d, Code::E0412, |p| p.label.as_deref()),
            [(first, Some("indented: a code block"))],
            "{text:?}"
        );
    }
}

#[test]
fn table_cells_past_the_header_are_reported_as_dropped() {
    let text =
        "| Group | Rate |\n|---|---|\n| Adults | 20% | 35% |\n| `a|b` | 2 |\nKids | 5% | 7% | 9%\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0413, |p| p.label.as_deref()),
        [
            ("35%", Some("dropped")),
            // A `|` in code parts the cell: what follows it moves on, and out of the table.
            ("2", Some("dropped")),
            ("7% | 9%", Some("dropped")),
        ]
    );
}

#[test]
fn a_greater_than_before_a_figure_at_a_line_start_is_reported() {
    let text = ">50% of patients improved.\n\nOf those in care,\n>90% stayed. Then\n>=2 sessions and\n>.5 mg.\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0414, |p| p.label.as_deref()),
        [
            (">50%", Some("a quotation, not \"more than\"")),
            (">90%", Some("a quotation, not \"more than\"")),
            (">=2", Some("a quotation, not \"more than\"")),
            (">.5", Some("a quotation, not \"more than\"")),
        ]
    );
}

#[test]
fn a_heading_with_nothing_to_read_is_reported_at_its_marks() {
    let text = "Intro.\n\n## \n\nText.\n\n###\n\n#### {#only-an-id}\n\n## <!-- todo -->\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0415, |p| p.hint.as_deref()),
        [
            (
                "##",
                Some("write the heading's words after `## `, or remove the line")
            ),
            (
                "###",
                Some("write the heading's words after `### `, or remove the line")
            ),
            (
                "####",
                Some("write the heading's words after `#### `, or remove the line")
            ),
            (
                "##",
                Some("write the heading's words after `## `, or remove the line")
            ),
        ]
    );
    let messages: Vec<&str> = d.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[1].contains("an empty `<h3>`"), "{messages:?}");
}

#[test]
fn a_link_with_nothing_to_read_is_reported_whole() {
    let text = "See [](https://example.org/a), [ ](b.md), [\u{a0}][c] and [![](d.png){.decorative}](https://example.org/d).\n\n[c]: https://example.org/c\n";
    let d = doc(text);
    assert_eq!(
        written_with(text, &d, Code::E0416, |p| p.label.as_deref()),
        [
            (
                "[](https://example.org/a)",
                Some("nothing between the brackets")
            ),
            ("[ ](b.md)", Some("nothing between the brackets")),
            ("[\u{a0}][c]", Some("nothing between the brackets")),
            (
                "[![](d.png){.decorative}](https://example.org/d)",
                Some("nothing between the brackets")
            ),
        ]
    );
}

/// Correct writing the mistakes' rules once rejected: each must stay clean.
#[test]
fn ordinary_writing_is_not_mistaken_for_a_slip() {
    for fine in [
        // `**` that is no bold: p-values, powers, globs, ratings.
        "Marked * (p < 0.05), ** (p < 0.01) and *** (p < 0.001).\n",
        "| Sleep | 1.2** | 0.01 |\n|---|---|---|\n| Diet | 0.3 | 0.5 |\n",
        "Compute 2**3 or 3 * 4 ** 2.\n\nMatch src/**/*.md. Rating: ** (two stars).\n",
        // Emphasis a word opens or closes, also of figures and inside words of letters.
        "It is *really* fine: a **5-day** course, *2* weeks, **Step 1:** rest, un*frigging*believable.\n",
        "Times 3 * 4 and 3 × 4, a *20%* rise, the **2020** guideline and _x_2_y_.\n",
        // Tables whose rows fit their header: short rows, escaped pipes, rows without outer pipes.
        "| A | B |\n|---|---|\n| 1 |\n| `a\\|b` | x \\| y |\nc | d\n\nA | B\n--|--\n1 | 2\n",
        // Quotations as Markdown writes them, and `>` in mid-line.
        "> 50% is what the leaflet said.\n\n> Quoted.\n\nRates of >50% and p<0.05.\n",
        // Fenced code, and a list item's second paragraph indented as its text is.
        "```\nx = 1\n```\n\n- An item.\n\n  Its second paragraph.\n",
        // Titles underlined as headings, and a line across the page after a blank line.
        "Getting help\n------------\n\nWhat is CBT?\n---\n\nA paragraph.\n\n---\n\nThe next.\n",
        // Superscripts after brackets and quotes are powers.
        "BMI is weight divided by (height in m)². Also (a + b)² and “r”².\n",
        // A line starting with a symbol is a legend, not a list.
        "● = present, ○ = absent.\n",
        // Brackets side by side, and a regular expression.
        "Ids [1][2][3], cells a[i][j], tags [win][arm64ec]. Regex [^abc] matches.\n",
        // Full-width text in East Asian writing.
        "出典：[＠IT] と ［＠IT］の記事、公式［@MHLW_Japan］。\n",
        // Absolute values on two lines.
        "|a|\n|b|\n",
        // Empty comments, and a checklist in a quote.
        "<!-->\n\n<!--->\n\n> ```checklist\n> signs\n> ```\n",
        // Percentages that are what they say, and letters before `%` inside words and paths.
        "Rates of 50%, 1.5% and 0,5%; CO2% and Vol% columns; see /O0%, v1O%, id=1O% and a-1l%.\n",
        // After a character of more than one byte.
        "About\u{a0}50%, 30\u{a0}% and “40%”.\n",
        // Headings and links that say something: text, code, a citation, a note mark, an image's
        // description, an address written as the link.
        "## [@smith2020]\n\n## `cited check`\n\n## A ![logo](l.png)\n\nSee <https://example.org/>, [`x`](https://example.org/x), [![The logo](l.png)](https://example.org/l) and [*a* **b**](a.md).[^1]\n\n[^1]: A note.\n",
    ] {
        let d = doc(fine);
        assert!(d.problems.is_empty(), "{fine:?}: {:#?}", d.problems);
    }
}
