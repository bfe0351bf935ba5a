//! Tests of the public formatting API over real styles.

mod fidelity;
mod items;
mod parallel;
mod rich_text;
mod safety;
mod settled;
mod sharing;
mod styles;

use crate::walker::render;
use crate::*;
use serde_json::json;

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
fn identifiers_are_printed_as_written() {
    // An encyclopedia's URL holds apostrophes and quotes, an old Wiley DOI angle brackets: read
    // as rich text, the apostrophe became `’`, the quotes were dropped and the link led
    // elsewhere (Pandoc's citeproc test `issue_173`).
    let url = "https://en.wikipedia.org/wiki/Alzheimer's_disease_'AD'";
    let doi = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0";
    let refs = vec![
        (
            "wiki".to_string(),
            serde_json::json!({
                "type": "webpage", "title": "Alzheimer's disease", "URL": url,
                "issued": {"date-parts": [[2024]]}, "accessed": {"date-parts": [[2024, 5, 1]]},
            }),
        ),
        (
            "wiley".to_string(),
            serde_json::json!({
                "type": "article-journal", "title": "Old", "DOI": doi, "container-title": "J",
                "author": [{"family": "Roe", "given": "Ann"}], "issued": {"date-parts": [[1998]]},
            }),
        ),
    ];
    let ama = run(
        "american-medical-association",
        &refs,
        &[vec![cite("wiki")], vec![cite("wiley")]],
        false,
    );
    let wiki = &ama.entries[0].body.html;
    let escaped = "https://en.wikipedia.org/wiki/Alzheimer&#39;s_disease_&#39;AD&#39;";
    assert!(
        wiki.contains(&format!("href=\"{escaped}\">{escaped}</a>")),
        "{wiki}"
    );
    let wiley = &ama.entries[1].body.html;
    assert!(
        wiley.contains("10.1002/(SICI)1097-4571(199806)49:8&lt;693::AID-ASI4&gt;3.0.CO;2-0"),
        "{wiley}"
    );
}

#[test]
fn zoteros_short_title_is_the_title_short() {
    // Chicago notes cite a work the second time by its short title: Zotero's older CSL-JSON
    // writes it as `shortTitle`, which citeproc-js reads as `title-short`.
    let item = |extra: serde_json::Value| {
        let mut item = serde_json::json!({
            "type": "book", "title": "Talking Therapies for Anxiety and Depression",
            "author": [{"family": "Clark", "given": "David"}], "publisher": "Press",
            "issued": {"date-parts": [[2018]]},
        });
        if let (Some(item), Some(extra)) = (item.as_object_mut(), extra.as_object()) {
            item.extend(extra.clone());
        }
        vec![("clark2018".to_string(), item)]
    };
    let twice = [vec![cite("clark2018")], vec![cite("clark2018")]];
    let legacy = run(
        "chicago-notes",
        &item(serde_json::json!({"shortTitle": "Talking Therapies"})),
        &twice,
        false,
    );
    assert_eq!(legacy.citations[1].text, "Clark, Talking Therapies.");
    // `title-short` wins over it.
    let both = run(
        "chicago-notes",
        &item(serde_json::json!({"shortTitle": "Talking Therapies", "title-short": "Therapies"})),
        &twice,
        false,
    );
    assert_eq!(both.citations[1].text, "Clark, Therapies.");
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
