//! Styles and locales: every bundled style loads, an independent style reads from its CSL XML
//! and a dependent or broken one is refused, and a language reaches its own locales and
//! English, no others.

use super::*;
use crate::locale::bundled_locales_for;

use std::sync::Arc;

#[test]
fn a_language_reaches_its_own_locales_and_english_only() {
    let de: Vec<String> = bundled_locales_for("de-AT")
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
        .collect();
    assert!(Arc::ptr_eq(
        &bundled_locales_for("de-AT"),
        &bundled_locales_for("DE")
    ));
    assert!(de.contains(&"de-DE".to_owned()) && de.contains(&"en-US".to_owned()));
    assert!(!de.iter().any(|l| l.starts_with("fr")));
}

#[test]
fn locales() {
    let st = style("apa");
    assert!(format_site(&st, "xx-YY", &refs(), &[], false).is_err());
    let de = match format_site(
        &st,
        "de-DE",
        &refs(),
        &[vec![cite_page("doe2019", "4")]],
        false,
    ) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(de.citations[0].text, "(Doe & Smith, 2019, S. 4)");
    assert!(format_site(&st, "", &refs(), &[vec![cite("doe2019")]], false).is_ok());
    assert!(format_site(&st, "en", &refs(), &[vec![cite("doe2019")]], false).is_ok());
}

#[test]
fn bundled_styles() {
    let names = CitationStyle::bundled_names();
    assert!(names.contains(&"american-medical-association"));
    assert!(names.contains(&"apa"));
    assert!(names.contains(&"nature"));
    assert!(names.windows(2).all(|w| w[0] < w[1]));
    assert!(CitationStyle::bundled("no-such-style").is_none());
    assert!(style("american-medical-association").is_numeric());
    assert!(style("nature").is_numeric());
    assert!(!style("apa").is_numeric());
    // Every bundled name loads.
    for n in names {
        assert!(CitationStyle::bundled(n).is_some(), "{n}");
    }
}

const TINY_CSL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
<title>Tiny numeric</title>
<id>http://example.org/tiny</id>
<updated>2026-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
<layout prefix="[" suffix="]" delimiter=", ">
  <text variable="citation-number"/>
  <group prefix=", ">
    <label variable="locator" form="short" suffix=" "/>
    <text variable="locator"/>
  </group>
</layout>
  </citation>
  <bibliography second-field-align="flush">
<layout suffix=".">
  <text variable="citation-number" prefix="[" suffix="]"/>
  <names variable="author" suffix=". ">
    <name initialize-with="" name-as-sort-order="all" sort-separator=" " delimiter=", "/>
  </names>
  <text variable="title" font-style="italic"/>
</layout>
  </bibliography>
</style>"#;

#[test]
fn custom_style_from_xml() {
    let st = match CitationStyle::from_csl_xml(TINY_CSL) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert!(st.is_numeric());
    assert_eq!(st.title(), "Tiny numeric");
    let site = match format_site(
        &st,
        "en-US",
        &refs(),
        &[vec![cite("roe2021"), cite_page("doe2019", "12")]],
        false,
    ) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(site.citations[0].html, "[1, 2, p. 12]");
    assert_eq!(site.entries[0].label.as_deref(), Some("1"));
    assert_eq!(
        site.entries[0]
            .first_field
            .as_ref()
            .map(|f| f.text.as_str()),
        Some("[1]")
    );
    assert_eq!(
        site.entries[0].body.html,
        "Roe R. <i>Exercise and sleep</i>."
    );
    assert_eq!(
        site.entries[1].body.html,
        "Doe JA, Smith J. <i>Vitamin D supplementation and fracture risk</i>."
    );
}

#[test]
fn dependent_or_garbage_style_is_an_error() {
    let dependent = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
<title>Journal of Examples</title>
<id>http://www.zotero.org/styles/journal-of-examples</id>
<link href="http://www.zotero.org/styles/journal-of-examples" rel="self"/>
<link href="http://www.zotero.org/styles/american-medical-association" rel="independent-parent"/>
<updated>2026-01-01T00:00:00+00:00</updated>
  </info>
</style>"#;
    match CitationStyle::from_csl_xml(dependent) {
        Err(e) => assert!(e.message.contains("dependent"), "{e}"),
        Ok(_) => panic!("dependent style accepted"),
    }
    assert!(CitationStyle::from_csl_xml("this is not xml").is_err());
    assert!(CitationStyle::from_csl_xml("<style><citation></style>").is_err());
    assert!(CitationStyle::from_csl_xml("").is_err());
}
