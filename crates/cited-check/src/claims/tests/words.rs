//! Property tests of figures in words: where one can start, and the quick test of whether a
//! text is worth scanning for one.

use proptest::prelude::*;

/// Text made of the words figures in words are built from, and their neighbours.
fn word_figure_text() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "a",
        "an",
        "A",
        "one",
        "zero",
        "two",
        "Three",
        "twenty",
        "five",
        "hundred",
        "thousand",
        "half",
        "third",
        "thirds",
        "quarter",
        "quarters",
        "twice",
        "times",
        "threefold",
        "fold",
        "in",
        "of",
        "as",
        "more",
        "than",
        "percent",
        "per",
        "cent",
        "and",
        "people",
        "1",
        "2",
        "10",
        "3",
        "/",
        "×",
        "-",
        "%",
        ",",
        ".",
        "the",
        "an hour",
    ];
    let word = prop::sample::select(WORDS);
    prop::collection::vec((word, prop::bool::ANY), 0..14).prop_map(|words| {
        words
            .into_iter()
            .map(|(w, spaced)| {
                if spaced {
                    format!("{w} ")
                } else {
                    w.to_owned()
                }
            })
            .collect()
    })
}

/// Numbers and what may follow them in a figure in words (`2/3`, `3×`, `1 in 5`), with the
/// spaces and near misses around them, glued or not: a number, a gap, a follower, a gap, a number,
/// a few times over.
fn number_figure_text() -> impl Strategy<Value = String> {
    use prop::sample::select;
    const NUMBERS: &[&str] = &["1", "5", "10", "1,000", "2.5", "one", "the"];
    const GAPS: &[&str] = &["", " ", "\u{a0}", "\t", "  "];
    const FOLLOWERS: &[&str] = &[
        "in", "In", "IN", "inch", "iñ", "into", "/", "×", "x", "%", ".", ",",
    ];
    let part = (
        select(NUMBERS),
        select(GAPS),
        select(FOLLOWERS),
        select(GAPS),
        select(NUMBERS),
        select(GAPS),
    )
        .prop_map(|(a, g1, f, g2, b, g3)| format!("{a}{g1}{f}{g2}{b}{g3}"));
    prop::collection::vec(part, 1..4).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The quick test of where a figure in words can start skips no place a pattern matches.
    #[test]
    fn no_figure_in_words_starts_where_the_scan_skips(text in word_figure_text()) {
        prop_assert_eq!(crate::claims::words::missed_starts(&text), Vec::<usize>::new(), "{:?}", text);
    }

    /// The quick test of whether a text is worth scanning for figures in words skips no text
    /// that has one.
    #[test]
    fn no_figure_in_words_is_in_a_text_the_quick_test_skips(
        text in prop_oneof![word_figure_text(), number_figure_text()]
    ) {
        prop_assert_eq!(
            crate::claims::words::word_figures(&text),
            crate::claims::words::word_figures_scanning_all(&text),
            "{:?}",
            text
        );
    }
}
