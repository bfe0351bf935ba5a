//! Bibliography entries shared across documents: formatting documents one after another over
//! one [`Prepared`] (whose entries later documents reuse) gives exactly what formatting each
//! over a fresh one gives, in numeric, author-date and note styles, and in styles that print
//! their numbers in forms a shared entry cannot take (ordinals, roman numerals, note numbers).

use crate::*;
use proptest::prelude::*;
use serde_json::json;

/// Twelve references, several by the same authors in the same year (year suffixes, added
/// given names), of several types.
fn references() -> Vec<(String, serde_json::Value)> {
    let authors = [
        json!([{"family": "Smith", "given": "John"}]),
        json!([{"family": "Smith", "given": "Kate"}]),
        json!([{"family": "Smith", "given": "John"}, {"family": "Jones", "given": "Amy"}]),
        json!([{"literal": "World Health Organization"}]),
    ];
    let types = ["article-journal", "book", "webpage", "chapter"];
    (0..12)
        .map(|i| {
            let key = format!("ref{i}");
            let item = json!({
                "type": types[i % types.len()],
                "title": format!("Study number {i} of therapy"),
                "author": authors[(i / 2) % authors.len()],
                "issued": {"date-parts": [[2019 + (i % 3) as i64 / 2]]},
                "container-title": "Journal of Examples",
                "volume": format!("{}", 10 + i),
                "page": format!("{}-{}", 100 + i, 110 + i),
                "publisher": "Example Press",
                "URL": format!("https://example.org/{i}"),
            });
            (key, item)
        })
        .collect()
}

/// A style whose bibliography prints `number`: the citation number as an ordinal or a roman
/// numeral, or the note number of the first citation. No entry of these can be reused with
/// another number put in.
fn unusual_numbers(class: &str, number: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{class}" version="1.0">
  <info><title>Numbers</title><id>http://example.org/numbers</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="[" suffix="]" delimiter=", "><text variable="citation-number"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      {number}
      <names variable="author" suffix=". "><name initialize-with="."/></names>
      <text variable="title"/>
    </layout>
  </bibliography>
</style>"#
    )
}

fn styles() -> Vec<CitationStyle> {
    let mut styles: Vec<CitationStyle> = CitationStyle::bundled_names()
        .into_iter()
        .filter_map(CitationStyle::bundled)
        .collect();
    for (class, number) in [
        (
            "in-text",
            r#"<number variable="citation-number" form="ordinal" suffix=" "/>"#,
        ),
        (
            "in-text",
            r#"<number variable="citation-number" form="roman" suffix=" "/>"#,
        ),
        (
            "note",
            r#"<text variable="first-reference-note-number" suffix=" "/>"#,
        ),
    ] {
        match CitationStyle::from_csl_xml(&unusual_numbers(class, number)) {
            Ok(style) => styles.push(style),
            Err(e) => panic!("test style: {e}"),
        }
    }
    styles
}

fn cite_item() -> impl Strategy<Value = CiteItem> {
    (0..12usize, proptest::option::of(1..40u32), any::<bool>()).prop_map(
        |(i, page, author_in_text)| CiteItem {
            locator: page.map(|p| Locator {
                label: "page".to_owned(),
                value: p.to_string(),
            }),
            author_in_text,
            ..CiteItem::new(format!("ref{i}"))
        },
    )
}

/// A document: its citation clusters and its `nocite` keys.
fn document() -> impl Strategy<Value = (Vec<Vec<CiteItem>>, Vec<String>)> {
    (
        prop::collection::vec(prop::collection::vec(cite_item(), 1..4), 0..7),
        prop::collection::vec((0..12usize).prop_map(|i| format!("ref{i}")), 0..3),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn documents_formatted_over_one_prepared_match_documents_formatted_alone(
        documents in prop::collection::vec(document(), 1..6),
        settle in any::<bool>(),
    ) {
        let references = references();
        let all: Vec<&str> = references.iter().map(|(k, _)| k.as_str()).collect();
        for style in styles() {
            let shared = match Prepared::new(&style, "en-US", &references) {
                Ok(p) => p,
                Err(e) => panic!("{}: {e}", style.title()),
            };
            // The site's disambiguation, settled by a pass of its own (as the references page's).
            let settled = settle.then(|| {
                Prepared::new(&style, "en-US", &references)
                    .and_then(|p| p.format_settling(&[], &all))
                    .map(|(_, settled)| settled)
            });
            let settled = match settled.transpose() {
                Ok(s) => s,
                Err(e) => panic!("{}: {e}", style.title()),
            };
            let format = |p: &Prepared<'_>, citations: &[Vec<CiteItem>], listed: &[&str]| {
                match &settled {
                    Some(s) => p.format_settled(citations, listed, s),
                    None => p.format(citations, listed),
                }
            };
            for (citations, listed) in &documents {
                let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
                let alone = Prepared::new(&style, "en-US", &references)
                    .and_then(|p| format(&p, citations, &listed));
                let reused = format(&shared, citations, &listed);
                prop_assert_eq!(alone, reused, "style {}", style.title());
            }
        }
    }
}
