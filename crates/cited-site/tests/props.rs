//! Property tests for the loaders: no input panics, and spans stay inside the text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cited_site::FileId;
use proptest::prelude::*;

/// Text made of the grammar's own punctuation, so the interesting paths are reached.
fn citationish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(
                &[
                    "@", "-@", ";", ",", "{", "}", " ", "p.", "pp.", "§", "¶¶", ":", ".", "é",
                    "\u{301}", "-", "[", "]"
                ][..]
            )
            .prop_map(str::to_owned),
            "[a-z0-9]{0,4}",
            any::<char>().prop_map(String::from),
        ],
        0..16,
    )
    .prop_map(|v| v.concat())
}

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(
                &[
                    "---\n",
                    "title: ",
                    "&a ",
                    "*a",
                    "[",
                    "]",
                    "{",
                    "}",
                    "\n",
                    "  ",
                    "- ",
                    "\"",
                    "'",
                    ": ",
                    "#",
                    "!!str ",
                    "? ",
                    "|\n",
                    "\r\n",
                    "\u{feff}",
                    "references:\n",
                    "id: ",
                    "slug: "
                ][..]
            )
            .prop_map(str::to_owned),
            "[a-z0-9]{0,4}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn citation_parse_never_panics(text in citationish()) {
        match cited_site::parse_citation(&text) {
            Ok(Some(items)) => for item in items {
                prop_assert!(text.get(item.key_range()).is_some(), "{:?}", item.key_range());
            },
            Ok(None) => {}
            Err(err) => prop_assert!(err.range.start <= err.range.end && err.range.end <= text.len(), "{err:?}"),
        }
    }

    #[test]
    fn front_matter_and_yaml_never_panic(text in yamlish()) {
        if let Ok(split) = cited_site::split_front_matter(FileId(0), &text) {
            prop_assert!(split.body_start <= text.len());
            let _ = cited_site::parse_front_matter(FileId(0), &split);
        }
        let _ = cited_site::parse_yaml::<cited_site::SiteConfig>(FileId(0), 0, &text);
        let _ = cited_site::parse_yaml::<cited_site::ChecklistSource>(FileId(0), 0, &text);
        let _ = cited_site::parse_reference_file(FileId(0), "references/r.yaml", &text);
        let _ = cited_site::parse_reference_file(FileId(0), "references/r.json", &text);
    }

    #[test]
    fn markdown_never_panics(text in any::<String>()) {
        let doc = cited_site::Document::parse(FileId(0), 0, &text);
        for d in &doc.problems {
            if let Some(span) = &d.span {
                prop_assert!(span.range.start <= span.range.end && span.range.end <= text.len(), "{d:?}");
            }
        }
    }

    #[test]
    fn slugs_are_single_safe_segments(slug in any::<String>()) {
        if cited_site::is_valid_slug(&slug) {
            prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.contains('\0') && !slug.contains(".."));
            prop_assert!(slug.len() <= 100);
        }
    }
}
