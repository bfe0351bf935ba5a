use super::*;
use crate::Entry;
use crate::archive::{ArchivedStyle, locales};
use crate::csl::{
    BibliographyCache, BibliographyDriver, BibliographyRequest, CitationItem,
    CitationRequest, CitePurpose, LocatorPayload, SpecificLocator,
};
use citationberg::{Locale, Style};

fn style(xml_layout: &str, macros: &str) -> IndependentStyle {
    IndependentStyle::from_xml(&format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Test</title><id>test</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation><layout>{xml_layout}</layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>"#
    ))
    .unwrap()
}

fn bundled(name: &str) -> IndependentStyle {
    match ArchivedStyle::by_name(name).unwrap().get() {
        Style::Independent(style) => style,
        Style::Dependent(_) => panic!("{name} is a dependent style"),
    }
}

#[test]
fn numeric_styles_print_only_the_number_and_the_locator() {
    for name in ["american-medical-association", "ieee", "vancouver", "nature"] {
        assert!(reads_only_number_and_locator(&bundled(name)), "{name}");
    }
    for name in ["apa", "chicago-author-date", "chicago-notes", "alphanumeric"] {
        assert!(!reads_only_number_and_locator(&bundled(name)), "{name}");
    }
}

#[test]
fn a_layout_reading_more_is_rendered_every_time() {
    let number = r#"<text variable="citation-number"/>"#;
    let locator = r#"<group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group>"#;
    assert!(reads_only_number_and_locator(&style(&format!("{number}{locator}"), "")));
    assert!(reads_only_number_and_locator(&style(
        r#"<choose><if variable="locator"><number variable="locator"/></if><else><text term="page"/></else></choose>"#,
        ""
    )));
    for layout in [
        r#"<text variable="title"/>"#,
        r#"<number variable="volume"/>"#,
        r#"<label variable="page"/>"#,
        r#"<names variable="author"/>"#,
        r#"<date variable="issued" form="text"/>"#,
        r#"<choose><if position="ibid"><text term="ibid"/></if></choose>"#,
        r#"<choose><if type="book"><text value="B"/></if></choose>"#,
        r#"<choose><if disambiguate="true"><text value="D"/></if></choose>"#,
        r#"<choose><if is-uncertain-date="issued"><text value="?"/></if></choose>"#,
        r#"<choose><if variable="locator DOI" match="any"><text value="x"/></if></choose>"#,
        r#"<choose><if is-numeric="volume"><text value="x"/></if></choose>"#,
        r#"<choose><if locator="page"/><else><text variable="title"/></else></choose>"#,
        r#"<text macro="missing"/>"#,
    ] {
        assert!(!reads_only_number_and_locator(&style(layout, "")), "{layout}");
    }
    let title = r#"<macro name="title"><group><text variable="title"/></group></macro>"#;
    assert!(!reads_only_number_and_locator(&style(r#"<text macro="title"/>"#, title)));
}

const ENTRIES: &str = r#"
a:
  type: article
  title: Alpha
  author: Zed, Ann
  date: 2020
  language: en
b:
  type: book
  title: Beta
  author: Adams, Bo
  date: 2019
  language: de
c:
  type: chapter
  title: Gamma
  author: Moore, Cy
  date: 2021
d:
  type: report
  title: Delta
  author: Zed, Ann
  date: 2020
"#;

/// A citation: each item's entry, locator and purpose.
type Cluster = Vec<(usize, Option<(Locator, &'static str)>, Option<CitePurpose>)>;

/// A document's citations and bibliography, written out, formatted with `cache` or alone.
fn document(
    style: &IndependentStyle,
    locales: &[Locale],
    entries: &[Entry],
    clusters: &[Cluster],
    language: Option<&str>,
    cache: Option<&BibliographyCache>,
) -> String {
    let mut driver = BibliographyDriver::new();
    if let Some(cache) = cache {
        driver = driver.with_cache(cache);
    }
    let locale = language.map(|l| LocaleCode(l.to_owned()));
    for cluster in clusters {
        let items = cluster
            .iter()
            .map(|&(i, locator, purpose)| {
                let locator = locator.map(|(label, text)| {
                    SpecificLocator(label, LocatorPayload::Str(text))
                });
                CitationItem::new(&entries[i], locator, None, false, purpose)
            })
            .collect();
        driver.citation(CitationRequest::new(
            items,
            style,
            locale.clone(),
            locales,
            None,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(style, locale, locales));
    format!("{:?}\n{:?}", done.citations, done.bibliography)
}

/// Every bundled style formats documents sharing a cache exactly as it formats each alone,
/// those the number-and-locator cache applies to and those whose items are kept by everything
/// they depend on: the uncached renderer is the oracle.
#[test]
fn cached_citations_are_the_citations_rendered_alone() {
    let entries: Vec<Entry> =
        crate::io::from_yaml_str(ENTRIES).unwrap().into_iter().collect();
    let locales = locales();
    let locators: [Option<(Locator, &str)>; 6] = [
        None,
        Some((Locator::Page, "4")),
        Some((Locator::Page, "12-14")),
        Some((Locator::Chapter, "iv")),
        Some((Locator::Figure, "2 and 3")),
        Some((Locator::Page, "4")),
    ];
    // A fixed sequence of documents: each cluster cites one or two entries, some with the
    // same locator as an earlier item, one now and then author-only.
    let mut next = 7u32;
    let mut pick = |n: usize| {
        next = next.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (next >> 16) as usize % n
    };
    let mut documents = Vec::new();
    for _ in 0..6 {
        let clusters: Vec<Cluster> = (0..6)
            .map(|_| {
                (0..1 + pick(2))
                    .map(|_| {
                        let purpose = (pick(8) == 0).then_some(CitePurpose::Author);
                        (pick(entries.len()), locators[pick(locators.len())], purpose)
                    })
                    .collect()
            })
            .collect();
        documents.push(clusters);
    }
    let (mut applied, mut others) = (0, 0);
    for archived in ArchivedStyle::all() {
        let Style::Independent(style) = archived.get() else { continue };
        if reads_only_number_and_locator(&style) {
            applied += 1;
        } else {
            others += 1;
        }
        let cache = BibliographyCache::new();
        for (i, clusters) in documents.iter().enumerate() {
            let language = [None, Some("en-US"), Some("de-DE")][i % 3];
            let alone = document(&style, &locales, &entries, clusters, language, None);
            let shared =
                document(&style, &locales, &entries, clusters, language, Some(&cache));
            assert_eq!(shared, alone, "{}, document {i}", archived.names()[0]);
        }
    }
    assert!(applied >= 20, "the cache applies to only {applied} bundled styles");
    assert!(others >= 20, "only {others} bundled styles read more than the number");
}

/// A document citing `cited` (entries' indices), one entry a citation, in notes numbered from
/// `first_note` when it is given: each citation written out, formatted with `cache` or alone.
fn citations(
    style: &IndependentStyle,
    entries: &[Entry],
    cited: &[usize],
    first_note: Option<usize>,
    cache: Option<&BibliographyCache>,
) -> Vec<String> {
    let mut driver = BibliographyDriver::new();
    if let Some(cache) = cache {
        driver = driver.with_cache(cache);
    }
    for (n, &i) in cited.iter().enumerate() {
        driver.citation(CitationRequest::new(
            vec![CitationItem::with_entry(&entries[i])],
            style,
            None,
            &[],
            first_note.map(|first| first + n),
        ));
    }
    let done = driver.finish(BibliographyRequest::new(style, None, &[]));
    done.citations
        .iter()
        .map(|c| {
            let mut text = String::new();
            c.citation
                .write_buf(&mut text, crate::csl::BufWriteFormat::Plain)
                .unwrap();
            text
        })
        .collect()
}

/// An item kept by everything it depends on serves another document only where the numbers
/// its rendering read agree: its citation number, the note number of its first citation.
#[test]
fn a_kept_item_that_read_a_number_serves_only_that_number() {
    let entries: Vec<Entry> =
        crate::io::from_yaml_str(ENTRIES).unwrap().into_iter().collect();
    let numbered = style(
        r#"<group delimiter=" "><text variable="citation-number"/><names variable="author"/></group>"#,
        "",
    );
    let noted = IndependentStyle::from_xml(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Noted</title><id>noted</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter=" "><names variable="author"/><text variable="first-reference-note-number" prefix="n. "/></group></layout></citation>
</style>"#,
    )
    .unwrap();
    assert!(!reads_only_number_and_locator(&numbered));
    for (style, first_note) in [(&numbered, None), (&noted, Some(1)), (&noted, Some(5))] {
        let cache = BibliographyCache::new();
        // The last two cite entry 1 again in the fourth note, after another entry, first cited
        // in the second note and in the first: the same item but for the note its first
        // citation is in.
        for cited in
            [&[0, 1][..], &[1], &[2, 1, 0], &[1, 1], &[0, 1, 2, 1], &[1, 0, 2, 1]]
        {
            let alone = citations(style, &entries, cited, first_note, None);
            let shared = citations(style, &entries, cited, first_note, Some(&cache));
            assert_eq!(shared, alone, "{cited:?}, notes from {first_note:?}");
        }
    }
}
