//! Nothing a reference or a citation holds reaches a page as markup but CSL's own rich text:
//! titles, names and affixes are escaped, only http(s) addresses become links, and a DOI written
//! as an address links to it once; in every bundled style.

use super::*;

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
