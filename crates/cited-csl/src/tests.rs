//! Tests of the public formatting API over real styles.

mod fidelity;
mod parallel;
mod rich_text;
mod settled;
mod sharing;

use crate::locale::bundled_locales_for;
use crate::walker::render;
use crate::*;
use serde_json::json;

use std::sync::Arc;

use hayagriva::citationberg::{Display, FontStyle, FontVariant, VerticalAlign};
use hayagriva::{Elem, ElemChild, ElemChildren};

fn refs() -> Vec<(String, serde_json::Value)> {
    vec![
        (
            "doe2019".to_string(),
            json!({
                "type": "article-journal",
                "title": "Vitamin D supplementation and fracture risk",
                "author": [{"family": "Doe", "given": "Jane A."}, {"family": "Smith", "given": "John"}],
                "issued": {"date-parts": [[2019, 3, 5]]},
                "container-title": "JAMA",
                "volume": "321", "issue": "5", "page": "123-130",
                "DOI": "10.1001/jama.2019.0001",
                "PMID": "12345678"
            }),
        ),
        (
            "who2020".to_string(),
            json!({
                "type": "webpage",
                "title": "Physical activity",
                "author": [{"literal": "World Health Organization"}],
                "issued": {"date-parts": [[2020, 11, 26]]},
                "container-title": "WHO",
                "URL": "https://www.who.int/news-room/fact-sheets/detail/physical-activity",
                "accessed": {"date-parts": [[2024, 1, 15]]}
            }),
        ),
        (
            "roe2021".to_string(),
            json!({
                "type": "article-journal",
                "title": "Exercise and sleep",
                "author": [{"family": "Roe", "given": "Richard"}],
                "issued": {"date-parts": [[2021]]},
                "container-title": "Sleep Medicine",
                "container-title-short": "Sleep Med",
                "volume": 80, "page": "1-9"
            }),
        ),
    ]
}

fn cite(key: &str) -> CiteItem {
    CiteItem::new(key)
}

fn cite_page(key: &str, page: &str) -> CiteItem {
    CiteItem {
        locator: Some(Locator {
            label: "page".to_string(),
            value: page.to_string(),
        }),
        ..CiteItem::new(key)
    }
}

fn style(name: &str) -> CitationStyle {
    match CitationStyle::bundled(name) {
        Some(s) => s,
        None => panic!("style {name} not bundled"),
    }
}

fn run(
    name: &str,
    refs: &[(String, serde_json::Value)],
    cites: &[Vec<CiteItem>],
    all: bool,
) -> FormattedSite {
    match format_site(&style(name), "en-US", refs, cites, all) {
        Ok(s) => s,
        Err(e) => panic!("format_site failed: {e}"),
    }
}

#[test]
fn ama_citations_and_entries() {
    let cites = vec![
        vec![cite("who2020")],
        vec![cite("doe2019"), cite_page("who2020", "4")],
        vec![cite("roe2021"), cite("doe2019"), cite("who2020")],
    ];
    let site = run("american-medical-association", &refs(), &cites, false);
    // Numbering follows first citation: who2020 = 1, doe2019 = 2, roe2021 = 3.
    assert_eq!(site.citations[0].html, "<sup>1</sup>");
    assert_eq!(site.citations[0].text, "1");
    assert_eq!(site.citations[1].html, "<sup>1(p4),2</sup>");
    assert_eq!(site.citations[1].text, "1(p4),2");
    assert_eq!(site.citations[2].html, "<sup>1–3</sup>");
    let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["who2020", "doe2019", "roe2021"]);
    let labels: Vec<Option<&str>> = site.entries.iter().map(|e| e.label.as_deref()).collect();
    assert_eq!(labels, [Some("1"), Some("2"), Some("3")]);
    assert_eq!(
        site.entries[0].first_field,
        Some(Formatted {
            html: "1.".to_string(),
            text: "1.".to_string()
        })
    );
    assert_eq!(
        site.entries[0].body.html,
        "World Health Organization. Physical activity. WHO. November 26, 2020. Accessed January 15, 2024. \
         <a href=\"https://www.who.int/news-room/fact-sheets/detail/physical-activity\">\
         https://www.who.int/news-room/fact-sheets/detail/physical-activity</a>"
    );
    assert_eq!(
        site.entries[1].body.html,
        "Doe JA, Smith J. Vitamin D supplementation and fracture risk. <i>JAMA</i>. \
         2019;321(5):123-130. doi:<a href=\"https://doi.org/10.1001/jama.2019.0001\">10.1001/jama.2019.0001</a>"
    );
    assert_eq!(
        site.entries[1].body.text,
        "Doe JA, Smith J. Vitamin D supplementation and fracture risk. JAMA. \
         2019;321(5):123-130. doi:10.1001/jama.2019.0001"
    );
    assert_eq!(
        site.entries[2].body.html,
        "Roe R. Exercise and sleep. <i>Sleep Med</i>. 2021;80:1-9."
    );
    assert!(!site.hanging_indent);
}

#[test]
fn apa_citations_and_entries() {
    let cites = vec![
        vec![cite("who2020")],
        vec![cite("doe2019"), cite_page("who2020", "4")],
        vec![cite_page("doe2019", "3-5")],
    ];
    let site = run("apa", &refs(), &cites, false);
    assert_eq!(site.citations[0].html, "(World Health Organization, 2020)");
    assert_eq!(
        site.citations[1].html,
        "(Doe &amp; Smith, 2019; World Health Organization, 2020, p. 4)"
    );
    assert_eq!(
        site.citations[1].text,
        "(Doe & Smith, 2019; World Health Organization, 2020, p. 4)"
    );
    assert_eq!(site.citations[2].text, "(Doe & Smith, 2019, pp. 3–5)");
    let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["doe2019", "who2020"]);
    assert!(
        site.entries
            .iter()
            .all(|e| e.label.is_none() && e.first_field.is_none())
    );
    assert_eq!(
        site.entries[0].body.html,
        "Doe, J. A., &amp; Smith, J. (2019). Vitamin D supplementation and fracture risk. \
         <i>JAMA</i>, <i>321</i>(5), 123–130. \
         <a href=\"https://doi.org/10.1001/jama.2019.0001\">https://doi.org/10.1001/jama.2019.0001</a>"
    );
    assert_eq!(
        site.entries[1].body.html,
        "World Health Organization. (2020, November 26). <i>Physical activity</i>. WHO. \
         <a href=\"https://www.who.int/news-room/fact-sheets/detail/physical-activity\">\
         https://www.who.int/news-room/fact-sheets/detail/physical-activity</a>"
    );
    assert!(site.hanging_indent);
}

#[test]
fn journal_abbreviations_follow_the_style() {
    let ama = run(
        "american-medical-association",
        &refs(),
        &[vec![cite("roe2021")]],
        false,
    );
    assert!(
        ama.entries[0].body.html.contains("<i>Sleep Med</i>"),
        "{}",
        ama.entries[0].body.html
    );
    let apa = run("apa", &refs(), &[vec![cite("roe2021")]], false);
    assert_eq!(
        apa.entries[0].body.html,
        "Roe, R. (2021). Exercise and sleep. <i>Sleep Medicine</i>, <i>80</i>, 1–9."
    );
}

#[test]
fn apa_prefix_suffix_and_suppress_author() {
    let cites = vec![
        vec![CiteItem {
            prefix: Some("see".to_string()),
            suffix: Some("for a review".to_string()),
            ..cite_page("doe2019", "4")
        }],
        vec![CiteItem {
            suppress_author: true,
            ..cite_page("doe2019", "7")
        }],
        vec![CiteItem {
            suppress_author: true,
            ..cite("who2020")
        }],
    ];
    let site = run("apa", &refs(), &cites, false);
    assert_eq!(
        site.citations[0].text,
        "(see Doe & Smith, 2019, p. 4 for a review)"
    );
    assert_eq!(site.citations[1].text, "(2019, p. 7)");
    assert_eq!(site.citations[2].text, "(2020)");
}

#[test]
fn a_citation_left_with_nothing_once_its_authors_are_suppressed_prints_nothing() {
    let hidden = |c: CiteItem| CiteItem {
        suppress_author: true,
        ..c
    };
    let cites = vec![
        vec![hidden(cite("doe2019"))],
        vec![hidden(cite("doe2019")), hidden(cite("who2020"))],
        vec![hidden(cite_page("doe2019", "7"))],
    ];
    // MLA's citation is the author and a page: without the author and a page, nothing is
    // left, as Pandoc prints it (not `()` or `(; )`).
    let site = run("modern-language-association", &refs(), &cites, false);
    assert_eq!(site.citations[0].text, "");
    assert_eq!(site.citations[0].html, "");
    assert_eq!(site.citations[1].text, "");
    assert_eq!(site.citations[2].text, "(7)");
}

#[test]
fn apa_year_only_webpage_has_no_dangling_comma() {
    let refs = vec![(
        "cdc".to_string(),
        json!({"type": "webpage", "title": "Sleep basics",
               "author": [{"literal": "Centers for Disease Control and Prevention"}],
               "issued": {"date-parts": [[2021]]}, "URL": "https://www.cdc.gov/sleep"}),
    )];
    let site = run("apa", &refs, &[vec![cite("cdc")]], false);
    assert_eq!(
        site.entries[0].body.text,
        "Centers for Disease Control and Prevention. (2021). Sleep basics. https://www.cdc.gov/sleep"
    );
}

#[test]
fn locator_labels() {
    let cites = vec![vec![CiteItem {
        locator: Some(Locator {
            label: "Chapter".to_string(),
            value: "3".to_string(),
        }),
        ..cite("doe2019")
    }]];
    let site = run("apa", &refs(), &cites, false);
    assert_eq!(site.citations[0].text, "(Doe & Smith, 2019, Chapter 3)");
    let bad = vec![vec![CiteItem {
        locator: Some(Locator {
            label: "pg".to_string(),
            value: "3".to_string(),
        }),
        ..cite("doe2019")
    }]];
    match format_site(&style("apa"), "en-US", &refs(), &bad, false) {
        Err(e) => assert!(e.message.contains("`pg`"), "{e}"),
        Ok(_) => panic!("unknown locator label accepted"),
    }
}

#[test]
fn include_uncited_numbers_after_cited() {
    let site = run(
        "american-medical-association",
        &refs(),
        &[vec![cite("roe2021")]],
        true,
    );
    let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["roe2021", "doe2019", "who2020"]);
    assert_eq!(site.citations[0].html, "<sup>1</sup>");
    let only_cited = run(
        "american-medical-association",
        &refs(),
        &[vec![cite("roe2021")]],
        false,
    );
    assert_eq!(only_cited.entries.len(), 1);
}

#[test]
fn repeated_clusters() {
    // Identical clusters are rendered once for position-free styles...
    let cites = vec![
        vec![cite("doe2019")],
        vec![cite("who2020")],
        vec![cite("doe2019")],
    ];
    let site = run("apa", &refs(), &cites, false);
    assert_eq!(site.citations[0], site.citations[2]);
    assert_eq!(site.citations[2].text, "(Doe & Smith, 2019)");
    let site = run("american-medical-association", &refs(), &cites, false);
    let texts: Vec<&str> = site.citations.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["1", "2", "1"]);
    // ...but note styles give later citations their subsequent (short) form.
    let site = run("chicago-notes", &refs(), &cites, false);
    assert_ne!(site.citations[0], site.citations[2]);
    assert!(
        site.citations[0]
            .text
            .starts_with("Jane A. Doe and John Smith, "),
        "{}",
        site.citations[0].text
    );
    assert!(
        site.citations[2].text.starts_with("Doe and Smith, "),
        "{}",
        site.citations[2].text
    );
}

#[test]
fn a_note_styles_author_in_text_citation_leaves_the_names_in_the_sentence() {
    // As Pandoc: "Jane A. Doe and John Smith¹", the note without the names; the names take no
    // place among the citations (the next note is not "Ibid."), and every note ends with a period.
    let in_text = CiteItem {
        author_in_text: true,
        ..cite_page("doe2019", "4")
    };
    let suffix = CiteItem {
        suffix: Some(", emphasis added".to_owned()),
        ..cite("who2020")
    };
    let site = run(
        "chicago-notes",
        &refs(),
        &[vec![in_text], vec![suffix]],
        false,
    );
    assert_eq!(site.in_text[0].text, "Jane A. Doe and John Smith");
    assert!(site.in_text[1].text.is_empty());
    let note = &site.citations[0].text;
    assert!(note.starts_with("“Vitamin D Supplementation"), "{note}");
    assert!(
        note.contains("(2019): 4, ") && note.ends_with('.'),
        "{note}"
    );
    let note = &site.citations[1].text;
    assert!(note.ends_with(", emphasis added."), "{note}");
    // Other styles have no names apart.
    let site = run(
        "apa",
        &refs(),
        &[vec![CiteItem {
            author_in_text: true,
            ..cite("doe2019")
        }]],
        false,
    );
    assert!(site.in_text[0].text.is_empty());
    assert_eq!(site.citations[0].text, "Doe & Smith (2019)");
}

#[test]
fn a_numeric_styles_author_in_text_citation_names_the_authors() {
    let names = |style: &str| {
        let site = run(
            style,
            &refs(),
            &[vec![CiteItem {
                author_in_text: true,
                ..cite("doe2019")
            }]],
            false,
        );
        (site.in_text[0].text.clone(), site.citations[0].text.clone())
    };
    // Pandoc prints the number alone (`¹ found`): the sentence would lose its subject.
    let pair = |names: &str, number: &str| (names.to_owned(), number.to_owned());
    assert_eq!(
        names("american-medical-association"),
        pair("Doe and Smith", "1")
    );
    assert_eq!(names("nature"), pair("Doe and Smith", "1"));
    assert_eq!(names("vancouver"), pair("Doe and Smith ", "(1)"));
    assert_eq!(names("ieee"), pair("Doe and Smith ", "[1]"));
    // Three authors or more: the first and "et al."; an organisation as written.
    let mut many = refs();
    many[0].1["author"] = json!([
        {"family": "Doe", "given": "Jane A."},
        {"family": "Smith", "given": "John"},
        {"family": "Roe", "given": "Richard"}
    ]);
    let site = run(
        "american-medical-association",
        &many,
        &[
            vec![CiteItem {
                author_in_text: true,
                ..cite("doe2019")
            }],
            vec![CiteItem {
                author_in_text: true,
                ..cite("who2020")
            }],
        ],
        false,
    );
    assert_eq!(site.in_text[0].text, "Doe et al.");
    assert_eq!(site.in_text[1].text, "World Health Organization");
}

#[test]
fn empty_cluster_gives_empty_output() {
    let site = run("apa", &refs(), &[vec![], vec![cite("doe2019")]], false);
    assert_eq!(site.citations[0], Formatted::default());
    assert_eq!(site.citations[1].text, "(Doe & Smith, 2019)");
}

#[test]
fn text_is_escaped() {
    let refs = vec![(
        "x".to_string(),
        json!({
            "type": "article-journal",
            "title": "<script>alert(1)</script> & \"quotes\" 'single' on a 5\" screen",
            "author": [{"family": "O'Brien<b>", "given": "A"}],
            "issued": {"date-parts": [[2020]]},
            "container-title": "J <i>Med</i>"
        }),
    )];
    for name in ["american-medical-association", "apa"] {
        let site = run(name, &refs, &[vec![cite("x")]], false);
        let html = &site.entries[0].body.html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(
            // Quotation marks are quotes (the locale's marks); a mark that quotes nothing
            // is text, escaped.
            html.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “quotes” “single” on a 5&quot; screen"
            ),
            "{html}"
        );
        // The apostrophe is typographic, as in a title; the markup after it is text.
        assert!(html.contains("O’Brien&lt;b&gt;"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(
            site.entries[0]
                .body
                .text
                .contains("<script>alert(1)</script>")
        );
    }
    // Citation prefixes are escaped too.
    let cites = vec![vec![CiteItem {
        prefix: Some("<img src=x>".to_string()),
        ..cite("x")
    }]];
    let site = run("apa", &refs, &cites, false);
    assert!(
        site.citations[0].html.starts_with("(&lt;img src=x&gt; "),
        "{}",
        site.citations[0].html
    );
}

#[test]
fn only_http_links() {
    let mut refs = refs();
    for (i, url) in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "HTTPS://EXAMPLE.ORG/a b\"c",
    ]
    .iter()
    .enumerate()
    {
        refs.push((
            format!("u{i}"),
            json!({"type": "webpage", "title": "T", "author": [{"literal": "A"}],
                   "issued": {"date-parts": [[2021, 2, 3]]}, "URL": url}),
        ));
    }
    let cites: Vec<Vec<CiteItem>> = (0..4).map(|i| vec![cite(&format!("u{i}"))]).collect();
    for name in ["american-medical-association", "apa"] {
        let site = run(name, &refs, &cites, false);
        for e in &site.entries[..3] {
            assert!(!e.body.html.contains("<a"), "{}", e.body.html);
            assert!(!e.body.html.contains("href"), "{}", e.body.html);
        }
        assert!(site.entries[0].body.html.contains("javascript:alert(1)"));
        assert!(
            site.entries[3]
                .body
                .html
                .contains("<a href=\"HTTPS://EXAMPLE.ORG/a%20b&quot;c\">"),
            "{}",
            site.entries[3].body.html
        );
    }
}

#[test]
fn doi_prefix_is_cleaned() {
    let refs = vec![(
        "d".to_string(),
        json!({"type": "article-journal", "title": "T", "author": [{"family": "A", "given": "B"}],
               "issued": {"date-parts": [[2020]]}, "container-title": "J",
               "doi": "https://doi.org/10.1/abc"}),
    )];
    let site = run("apa", &refs, &[vec![cite("d")]], false);
    assert!(
        site.entries[0]
            .body
            .html
            .ends_with("<a href=\"https://doi.org/10.1/abc\">https://doi.org/10.1/abc</a>"),
        "{}",
        site.entries[0].body.html
    );
}

#[test]
fn date_ranges_print_as_ranges_literals_as_written_and_bad_dates_do_not_panic() {
    let refs = vec![
        (
            "r".to_string(),
            json!({"type": "book", "title": "Range", "author": [{"family": "A", "given": "B"}],
                   "issued": {"date-parts": [[2019, 1], [2020, 2]]}, "publisher": "P"}),
        ),
        (
            "raw".to_string(),
            json!({"type": "book", "title": "Raw", "author": [{"family": "C", "given": "D"}],
                   "issued": {"raw": "2018/2019"}, "publisher": "P"}),
        ),
        (
            "lit".to_string(),
            json!({"type": "book", "title": "Literal", "author": [{"family": "E", "given": "F"}],
                   "issued": {"literal": "Spring 2017"}, "custom": {"x": 1}}),
        ),
    ];
    let mut refs = refs;
    refs.push((
        "str".to_string(),
        json!({"type": "webpage", "title": "String date", "author": [{"literal": "G"}],
               "issued": "2019-03-05", "URL": "https://example.org/"}),
    ));
    let cites = [vec![cite("r"), cite("raw"), cite("lit"), cite("str")]];
    let site = run("apa", &refs, &cites, false);
    assert_eq!(
        site.citations[0].text,
        "(A, 2019–2020; C, 2018–2019; E, Spring 2017; G, 2019)"
    );
    let str_entry = site
        .entries
        .iter()
        .find(|e| e.key == "str")
        .map(|e| e.body.text.as_str());
    assert_eq!(
        str_entry,
        Some("G. (2019, March 5). String date. https://example.org/")
    );

    for bad in [
        json!("2019-00-05"),
        json!({"raw": "2019-03-00"}),
        json!({"raw": "2019-03/2020-0"}),
        json!({"date-parts": [[]]}),
        json!({"date-parts": [[2020, 0]]}),
        // A whole number is a bare year (`issued: 2005`, as Pandoc writes it); these are not.
        json!(0),
        json!(2019.5),
        json!(true),
    ] {
        let refs = vec![(
            "b".to_string(),
            json!({"type": "book", "title": "T", "issued": bad}),
        )];
        match format_site(&style("apa"), "en-US", &refs, &[vec![cite("b")]], false) {
            Err(e) => {
                assert!(
                    e.to_string().contains("`b`") && e.message.contains("issued"),
                    "{e}"
                );
                assert_eq!(
                    e.subject,
                    Subject::Reference {
                        key: "b".into(),
                        field: Some("issued".into())
                    }
                );
            }
            Ok(s) => panic!("bad date accepted: {:?}", s.entries),
        }
    }
}

#[test]
fn unknown_key_is_an_error() {
    match format_site(
        &style("apa"),
        "en-US",
        &refs(),
        &[vec![cite("doe2019"), cite("nobody1999")]],
        false,
    ) {
        Err(e) => assert!(e.to_string().contains("nobody1999"), "{e}"),
        Ok(_) => panic!("unknown key accepted"),
    }
    let dup = vec![("a".to_string(), json!({})), ("a".to_string(), json!({}))];
    assert!(format_site(&style("apa"), "en-US", &dup, &[], false).is_err());
    let not_object = vec![("a".to_string(), json!("x"))];
    assert!(
        format_site(
            &style("apa"),
            "en-US",
            &not_object,
            &[vec![cite("a")]],
            false
        )
        .is_err()
    );
}

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

#[test]
fn every_bundled_style_formats_safely() {
    let mut refs = refs();
    refs.push((
        "evil".to_string(),
        json!({"type": "article-journal", "title": "<b>x</b> <script>alert(2)</script> & \"y\"", "author": [{"literal": "<i>Org</i>"}],
               "issued": {"date-parts": [[2022, 2]]}, "container-title": "J'", "URL": "javascript:alert(1)",
               "DOI": "10.1/\"><script>"}),
    ));
    let cites = vec![
        vec![cite("doe2019"), cite_page("who2020", "4")],
        vec![CiteItem {
            suppress_author: true,
            prefix: Some("see".to_string()),
            ..cite("roe2021")
        }],
        vec![cite("evil")],
    ];
    let mut names = CitationStyle::bundled_names();
    names.dedup_by_key(|n| CitationStyle::bundled(n).map(|s| s.title().to_string()));
    for name in names {
        let site = match format_site(&style(name), "en-US", &refs, &cites, true) {
            Ok(s) => s,
            Err(e) => panic!("{name}: {e}"),
        };
        assert_eq!(site.citations.len(), 3, "{name}");
        let all = site
            .citations
            .iter()
            .chain(site.entries.iter().map(|e| &e.body));
        for f in all {
            // `<b>x</b>` in a CSL-JSON title is rich text (bold), as CSL defines it; any other
            // tag in it, and every tag in a name, is text.
            for bad in [
                "style=",
                "<script",
                "<i>Org",
                "javascript:alert(1)\"",
                "href=\"javascript",
            ] {
                assert!(!f.html.contains(bad), "{name}: {bad} in {}", f.html);
            }
        }
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

#[test]
fn parts_csl_does_not_read_are_refused_not_dropped() {
    let message =
        |item: serde_json::Value| crate::check_item("x", &item).expect_err("refused").message;
    assert_eq!(
        message(
            json!({"author": [{"family": "Smith", "given": "J"}, {"last": "Forman", "first": "E"}]})
        ),
        "field `author`: name 2 holds `first`, which is not a part of a CSL name (write `given`), so it would be left out"
    );
    assert_eq!(
        message(json!({"issued": {"year": 2002}})),
        "field `issued` holds no date CSL reads (`year` is not a part of a CSL date): write {date-parts: [[2020, 5, 17]]} or {raw: \"2020-05-17\"}"
    );
    // What CSL reads passes.
    for item in [
        json!({"author": [{"family": "van Gogh", "given": "V", "non-dropping-particle": "van"}, {"literal": "WHO"}]}),
        json!({"issued": {"date-parts": [[2002]], "season": 2}}),
        json!({"issued": {}}),
    ] {
        assert!(crate::check_item("x", &item).is_ok(), "{item}");
    }
}

#[test]
fn a_date_read_as_text_is_told_apart() {
    assert_eq!(
        crate::unread_date(&json!("2002 Jun;9(3)")),
        Some("2002 Jun;9(3)")
    );
    assert_eq!(
        crate::unread_date(&json!({"raw": "2002 Jun;9(3)"})),
        Some("2002 Jun;9(3)")
    );
    for read in [
        json!("2002-06"),
        json!("June 2002"),
        json!("in press"),
        json!({"literal": "2002 Jun;9(3)"}),
        json!({"date-parts": [[2002, 6]]}),
    ] {
        assert_eq!(crate::unread_date(&read), None, "{read}");
    }
}

#[test]
fn a_name_at_fault_is_named_by_its_place_in_the_list() {
    let err = crate::check_item(
        "x",
        &json!({"author": [{"family": "Smith"}, {"family": "Jones"}, "Forman, Evan M."]}),
    )
    .expect_err("refused");
    assert_eq!(err.element, Some(2));
    assert!(
        err.message.contains("name 3 is the text `Forman, Evan M.`"),
        "{}",
        err.message
    );
}
