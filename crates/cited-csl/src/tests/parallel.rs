//! A bibliography or a document long enough to be printed in parallel gives exactly the
//! entries and citations, in the same order, that its parts give when each is short enough to
//! be printed one item after another.

use crate::*;
use serde_json::json;

/// `n` references by different authors, whose keys sort as their authors do, so that any run
/// of consecutive keys is also a run of the style's order.
fn references(n: usize) -> Vec<(String, serde_json::Value)> {
    (0..n)
        .map(|i| {
            let kind = ["article-journal", "book", "webpage"][i % 3];
            let item = json!({
                "type": kind,
                "title": format!("Study number {i} of therapy"),
                "author": [{"family": format!("Author{i:03}"), "given": "Jo"}],
                "issued": {"date-parts": [[2000 + (i % 20) as i64]]},
                "container-title": "Journal of Examples",
                "volume": format!("{}", 10 + i),
                "page": format!("{}-{}", 100 + i, 110 + i),
                "publisher": "Example Press",
                "URL": format!("https://example.org/{i}"),
            });
            (format!("ref{i:03}"), item)
        })
        .collect()
}

fn entries(
    style: &CitationStyle,
    references: &[(String, serde_json::Value)],
) -> Vec<FormattedEntry> {
    let prepared = match Prepared::new(style, "en-US", references) {
        Ok(p) => p,
        Err(e) => panic!("the references do not convert: {e}"),
    };
    let keys: Vec<&str> = references.iter().map(|(k, _)| k.as_str()).collect();
    match prepared.format(&[], &keys) {
        Ok(f) => f.entries,
        Err(e) => panic!("the bibliography does not format: {e}"),
    }
}

#[test]
fn a_long_bibliography_gives_the_entries_of_its_short_parts_in_order() {
    // The engine renders a bibliography of 64 entries or more in parallel; parts of 40 are
    // rendered in order on one thread.
    let all = references(400);
    for name in ["apa", "chicago-author-date", "harvard-cite-them-right"] {
        let style = super::style(name);
        let whole = entries(&style, &all);
        let parts: Vec<FormattedEntry> = all
            .chunks(40)
            .flat_map(|part| entries(&style, part))
            .collect();
        assert_eq!(whole.len(), all.len(), "{name}");
        assert_eq!(whole, parts, "{name}");
    }
}

#[test]
fn a_long_bibliography_formatted_again_from_the_shared_entries_is_the_same() {
    let all = references(300);
    let keys: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
    for name in ["apa", "american-medical-association"] {
        let style = super::style(name);
        let prepared = match Prepared::new(&style, "en-US", &all) {
            Ok(p) => p,
            Err(e) => panic!("the references do not convert: {e}"),
        };
        let first = prepared.format(&[], &keys).map(|f| f.entries);
        let again = prepared.format(&[], &keys).map(|f| f.entries);
        assert!(matches!(&first, Ok(e) if e.len() == all.len()), "{name}");
        assert_eq!(first, again, "{name}");
    }
}

#[test]
fn a_document_of_many_citations_gives_the_citations_of_its_short_parts_in_order() {
    // Citations are printed in parallel from 64 in a document; parts of 40 in order. Every
    // source has its own author, so nothing needs disambiguating across parts.
    let all = references(300);
    let clusters: Vec<Vec<CiteItem>> = (0..300)
        .map(|i| {
            let mut item = CiteItem::new(format!("ref{i:03}"));
            if i % 3 == 0 {
                item.locator = Some(Locator {
                    label: "page".to_owned(),
                    value: format!("{}", i + 1),
                });
            }
            vec![item]
        })
        .collect();
    let style = match CitationStyle::bundled("apa") {
        Some(s) => s,
        None => panic!("style apa not bundled"),
    };
    let citations = |clusters: &[Vec<CiteItem>]| {
        let prepared = match Prepared::new(&style, "en-US", &all) {
            Ok(p) => p,
            Err(e) => panic!("the references do not convert: {e}"),
        };
        match prepared.format(clusters, &[]) {
            Ok(f) => (f.citations, f.pieces),
            Err(e) => panic!("the citations do not format: {e}"),
        }
    };
    let whole = citations(&clusters);
    let mut parts = (Vec::new(), Vec::new());
    for part in clusters.chunks(40) {
        let (c, p) = citations(part);
        parts.0.extend(c);
        parts.1.extend(p);
    }
    assert_eq!(whole.0.len(), clusters.len());
    assert_eq!(whole, parts);
}

/// References converted one by one, as a site converts them (`Item::from_json`, then
/// `Prepared::owning_items`), format exactly as the same references given whole to
/// `Prepared::new`, in a numeric and an author-date style, citations and entries alike.
#[test]
fn references_converted_one_by_one_format_as_references_given_whole() {
    let all = references(120);
    let keys: Vec<&str> = all.iter().map(|(k, _)| k.as_str()).collect();
    let clusters: Vec<Vec<CiteItem>> = keys
        .chunks(3)
        .map(|keys| keys.iter().map(|&k| CiteItem::new(k)).collect())
        .collect();
    for name in ["american-medical-association", "apa"] {
        let style = super::style(name);
        let whole = match Prepared::new(&style, "en-US", &all) {
            Ok(p) => p,
            Err(e) => panic!("the references do not convert: {e}"),
        };
        let items: Vec<(String, Item)> = all
            .iter()
            .enumerate()
            .map(|(i, (key, value))| match Item::from_json(key, i, value) {
                Ok(item) => (key.clone(), item),
                Err(e) => panic!("{key} does not convert: {e}"),
            })
            .collect();
        let one_by_one = match Prepared::owning_items(style.clone(), "en-US", items) {
            Ok(p) => p,
            Err(e) => panic!("the converted references are refused: {e}"),
        };
        let format = |prepared: &Prepared<'_>| match prepared.format(&clusters, &keys) {
            Ok(f) => f,
            Err(e) => panic!("{name} does not format: {e}"),
        };
        let (whole, one_by_one) = (format(&whole), format(&one_by_one));
        assert_eq!(whole.entries.len(), all.len(), "{name}");
        assert_eq!(whole, one_by_one, "{name}");
    }
}
