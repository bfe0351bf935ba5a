//! Property tests for the claim splitter and the figure normaliser: no panic, ranges in bounds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cited_site::FileId;
use proptest::prelude::*;

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(
                &[
                    ". ",
                    "? ",
                    "! ",
                    "...",
                    "…",
                    " e.g. ",
                    " et al. ",
                    "Dr. ",
                    " No. ",
                    " p. ",
                    "65.9",
                    "12,156",
                    " per cent",
                    "%",
                    " between ",
                    " and ",
                    " fewer than ",
                    "½",
                    "–",
                    "-",
                    "[@a]",
                    " [@b, p. 4]",
                    "<!-- cited: not-a-claim reason=\"x\" -->",
                    "\n\n",
                    "\"",
                    ")",
                    "J. ",
                    " 2019 ",
                    "1e5",
                    "٣",
                    "\u{a0}",
                    "\u{301}",
                    " two thirds",
                    "-thirds",
                    " a third of",
                    " half",
                    " an ",
                    " one in five",
                    " in ",
                    " 1 in 5",
                    " twice as",
                    " three times",
                    " more",
                    "-fold",
                    "2/3",
                    "/",
                    "×",
                    " fifty percent",
                    " sixty-five"
                ][..]
            )
            .prop_map(str::to_owned),
            "[A-Za-z0-9 ]{0,6}",
            any::<char>().prop_map(String::from),
        ],
        0..30,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn sentences_and_figures_never_panic(text in prose()) {
        let doc = cited_site::Document::parse(FileId(0), 0, &text);
        for block in doc.blocks() {
            for s in cited_check::claims::sentences_in(&doc, &block) {
                prop_assert!(s.range.start <= s.range.end && s.range.end <= text.len(), "{s:?}");
                for f in cited_check::claims::figures(&s.text) {
                    prop_assert!(s.text.get(f.range.clone()).is_some(), "{f:?}");
                    let _ = cited_check::claims::normalize(&f.written);
                }
            }
            let _ = cited_check::claims::sentences(&doc, &block);
        }
    }

    #[test]
    fn figures_and_normalize_never_panic(text in any::<String>()) {
        for f in cited_check::claims::figures(&text) {
            prop_assert!(text.get(f.range.clone()).is_some(), "{f:?}");
        }
        let _ = cited_check::claims::normalize(&text);
    }

    #[test]
    fn a_figure_normalises_to_a_fixed_point(text in prose()) {
        for f in cited_check::claims::figures(&text) {
            if let Some(n) = cited_check::claims::normalize(&f.written) {
                prop_assert_eq!(&n, &f.normalized, "{:?}", f);
            }
            // Every figure, in words or digits, is backed by an excerpt that states it as written.
            let excerpt = cited_check::claims::finding_figures(&f.written);
            prop_assert!(
                excerpt.iter().any(|g| cited_check::claims::backs(&g.normalized, &f.normalized)),
                "{:?} not backed by its own words {:?}", f, excerpt
            );
        }
    }
}
