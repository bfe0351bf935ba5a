//! Disambiguation settled once: a document formatted with the disambiguation a pass over the
//! whole bibliography settled ([`Prepared::format_settled`]) prints each citation and entry as
//! the engine prints them in a document that cites every reference, in author-date and note
//! styles, with year suffixes, added given names and added names.

use crate::*;
use serde_json::json;

/// References that collide in several ways: the same author and year (year suffix), the same
/// family name with another given name (given name added), the same first author and year
/// with other co-authors (names added, `et al.`), an organisation, and one that collides with
/// nothing.
fn references() -> Vec<(String, serde_json::Value)> {
    let person = |family: &str, given: &str| json!({"family": family, "given": given});
    let item = |authors: serde_json::Value, year: i64, title: &str| {
        json!({
            "type": "article-journal",
            "title": title,
            "author": authors,
            "issued": {"date-parts": [[year]]},
            "container-title": "Journal of Examples",
            "volume": "12",
            "page": "100-110",
        })
    };
    vec![
        (
            "smith-a".into(),
            item(json!([person("Smith", "John")]), 2020, "Sleep and mood"),
        ),
        (
            "smith-b".into(),
            item(json!([person("Smith", "John")]), 2020, "Walking and worry"),
        ),
        (
            "smith-k".into(),
            item(json!([person("Smith", "Kate")]), 2020, "Talking therapies"),
        ),
        (
            "smith-old".into(),
            item(json!([person("Smith", "John")]), 2011, "An older study"),
        ),
        (
            "jones-lee".into(),
            item(
                json!([
                    person("Jones", "Amy"),
                    person("Lee", "Bo"),
                    person("Kim", "Cy")
                ]),
                2019,
                "Group therapy",
            ),
        ),
        (
            "jones-park".into(),
            item(
                json!([
                    person("Jones", "Amy"),
                    person("Park", "Di"),
                    person("Wu", "Ed")
                ]),
                2019,
                "Group therapy online",
            ),
        ),
        (
            "who-a".into(),
            item(
                json!([{"literal": "World Health Organization"}]),
                2021,
                "Depression",
            ),
        ),
        (
            "who-b".into(),
            item(
                json!([{"literal": "World Health Organization"}]),
                2021,
                "Anxiety",
            ),
        ),
        (
            "zhou".into(),
            item(json!([person("Zhou", "Fan")]), 2018, "Exercise"),
        ),
        (
            "adams-a".into(),
            item(json!([person("Adams", "Jo")]), 2019, "Rest"),
        ),
        (
            "adams-b".into(),
            item(json!([person("Adams", "Jo")]), 2019, "Work"),
        ),
        (
            "adams-k".into(),
            item(json!([person("Adams", "Kim")]), 2019, "Play"),
        ),
        (
            "lee-a".into(),
            item(json!([person("Lee", "Jo")]), 2018, "Diet"),
        ),
        (
            "lee-b".into(),
            item(json!([person("Lee", "Jo")]), 2018, "Sleep"),
        ),
    ]
}

fn prepared<'s>(style: &'s CitationStyle, refs: &[(String, serde_json::Value)]) -> Prepared<'s> {
    match Prepared::new(style, "en-US", refs) {
        Ok(p) => p,
        Err(e) => panic!("{}: the references do not convert: {e}", style.title()),
    }
}

fn styles() -> Vec<CitationStyle> {
    [
        "apa",
        "chicago-author-date",
        "harvard-cite-them-right",
        "modern-language-association",
    ]
    .into_iter()
    .map(super::style)
    .collect()
}

fn cite(key: &str, author_in_text: bool) -> CiteItem {
    CiteItem {
        author_in_text,
        ..CiteItem::new(key)
    }
}

#[test]
fn a_document_with_settled_disambiguation_prints_what_citing_everything_prints() {
    let refs = references();
    let keys: Vec<&str> = refs.iter().map(|(k, _)| k.as_str()).collect();
    for style in styles() {
        let name = style.title().to_owned();
        let substitutes_authors = style
            .style
            .bibliography
            .as_ref()
            .is_some_and(|b| b.subsequent_author_substitute.is_some());
        let settled = match prepared(&style, &refs).format_settling(&[], &keys) {
            Ok((_, settled)) => settled,
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(
            settled.len(),
            refs.len(),
            "{name}: every reference is settled"
        );
        for author_in_text in [false, true] {
            // The engine's own answer: one document citing every reference.
            let clusters: Vec<Vec<CiteItem>> =
                keys.iter().map(|k| vec![cite(k, author_in_text)]).collect();
            let everything = match prepared(&style, &refs).format(&clusters, &[]) {
                Ok(f) => f,
                Err(e) => panic!("{name}: {e}"),
            };
            for (i, key) in keys.iter().enumerate() {
                let alone = prepared(&style, &refs).format_settled(
                    &[vec![cite(key, author_in_text)]],
                    &[],
                    &settled,
                );
                let alone = match alone {
                    Ok(f) => f,
                    Err(e) => panic!("{name}: {e}"),
                };
                assert_eq!(
                    alone.citations[0], everything.citations[i],
                    "{name}: the citation of {key} (author in text: {author_in_text})"
                );
                // An entry whose author the style replaces when the one before has the same
                // (MLA's `———.`) reads otherwise in a list of one.
                if substitutes_authors {
                    continue;
                }
                let entry = everything.entries.iter().find(|e| e.key == *key);
                assert_eq!(alone.entries.first(), entry, "{name}: the entry of {key}");
            }
        }
    }
}

#[test]
fn without_settled_disambiguation_a_document_alone_disambiguates_only_its_own() {
    // The test above can fail: a document citing one Smith 2020 alone prints no year suffix.
    let refs = references();
    let style = CitationStyle::bundled("apa").unwrap_or_else(|| panic!("apa is bundled"));
    let alone = prepared(&style, &refs).format(&[vec![cite("smith-b", false)]], &[]);
    let alone = alone.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(alone.citations[0].text, "(Smith, 2020)");
    let keys: Vec<&str> = refs.iter().map(|(k, _)| k.as_str()).collect();
    let (_, settled) = prepared(&style, &refs)
        .format_settling(&[], &keys)
        .unwrap_or_else(|e| panic!("{e}"));
    let settled = prepared(&style, &refs)
        .format_settled(&[vec![cite("smith-b", false)]], &[], &settled)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settled.citations[0].text, "(J. Smith, 2020b)");
}

#[test]
fn every_ambiguous_group_of_a_bibliography_is_told_apart() {
    // Groups that need names and then a year suffix (Smith, Adams) came before one that needs a
    // year suffix only (Lee): while any group before it added names, a group waited, and after
    // the engine's last round `Adams 2019` and `Lee 2018` were printed twice.
    let refs = references();
    let keys: Vec<&str> = refs.iter().map(|(k, _)| k.as_str()).collect();
    for style in styles()
        .into_iter()
        .filter(|s| s.title().starts_with(['A', 'C']))
    {
        let clusters: Vec<Vec<CiteItem>> = keys.iter().map(|k| vec![cite(k, false)]).collect();
        let everything = prepared(&style, &refs)
            .format(&clusters, &[])
            .unwrap_or_else(|e| panic!("{e}"));
        let mut texts: Vec<&str> = everything
            .citations
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        texts.sort_unstable();
        let before = texts.len();
        texts.dedup();
        assert_eq!(
            texts.len(),
            before,
            "{}: {:?}",
            style.title(),
            everything.citations
        );
    }
}
