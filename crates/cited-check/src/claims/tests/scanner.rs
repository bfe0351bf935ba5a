//! The figure scanner reads an ASCII text byte by byte, and any other through a table of its
//! characters folded to ASCII: both must find the same figures.

use proptest::prelude::*;

use super::super::figures::figures_through_table;
use super::super::{figures, finding_figures};

/// ASCII text made of numbers in the forms figures take, the words and signs around them, and
/// what is not a figure (years, names with digits, URLs).
fn ascii_figure_text() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "5",
        "12",
        "1,234",
        "12 156",
        "65.9",
        ".5",
        "0.55",
        "2019",
        "1990s",
        "2nd",
        "COVID-19",
        "H1N1",
        "PMC123",
        "5mg",
        "10 ml",
        "3x",
        "%",
        " per cent",
        "percent",
        "-",
        "--",
        " to ",
        " and ",
        "between ",
        "fewer than ",
        "1 in 5",
        "2/3",
        "d = ",
        "p. 4",
        "No. 7",
        "www.",
        "https://",
        "example.org/12",
        "_",
        "(",
        ")",
        ".",
        ",",
        " ",
        "a",
        "of",
        "patients",
        "times",
        "twice",
        "two thirds",
        "half of",
    ];
    proptest::collection::vec(proptest::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn an_ascii_text_read_byte_by_byte_gives_the_figures_its_character_table_gives(
        text in ascii_figure_text()
    ) {
        prop_assert_eq!(figures(&text), figures_through_table(&text, false), "{:?}", text);
        prop_assert_eq!(finding_figures(&text), figures_through_table(&text, true), "{:?}", text);
    }
}
