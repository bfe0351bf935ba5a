//! The invariant the driver exists for: for any input, `check` fails exactly when `build` would,
//! and both report the same diagnostics. Sites are generated from pieces that each break a
//! different stage (load, rules, CSL formatting, the style, templates, links).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use proptest::prelude::*;

/// One generated site: its page body, its reference's variable fields, and site settings.
#[derive(Debug, Clone)]
struct Site {
    body: String,
    author: &'static str,
    issued: &'static str,
    language: Option<&'static str>,
    style: Option<&'static str>,
}

fn site() -> impl Strategy<Value = Site> {
    let sentence = prop_oneof![
        Just("The sky is blue today."),
        Just("Most studies found this [@smith2020]."),
        Just("Most studies found this [@nobody]."),
        Just("Studies agree."),
        Just("About 42% improved [@smith2020]."),
        Just("See [the list](#references)."),
        Just("See [the entry](#ref-smith2020)."),
        Just("See [nowhere](#nowhere)."),
        Just("See [the checklist](#checklist-signs)."),
        Just("## Notes {#ref-smith2020}"),
        Just("## Notes {onclick=x}"),
        Just("## Notes"),
        Just("Read [more](other.md)."),
        Just("<b>bold</b>"),
        Just("```checklist\nsigns\n```"),
        Just("[@smith2020, p. 4] shows it."),
        Just("A claim [see @smith2020, pp. 3-5; @smith2020]."),
    ];
    let author = prop_oneof![
        Just("[{family: Smith, given: Jane}]"),
        Just("\"Nathan B. Hansen\""),
        Just("[{literal: World Health Organization}]"),
        Just("42"),
    ];
    let issued = prop_oneof![
        Just("{date-parts: [[2020]]}"),
        Just("{date-parts: []}"),
        Just("{date-parts: [[2020, 13]]}"),
        Just("{raw: \"2020-05-17\"}"),
        Just("{literal: \"in press\"}"),
        Just("[2020]"),
    ];
    let language = prop::option::of(prop_oneof![Just("en"), Just("de-DE"), Just("xx-YY")]);
    let style = prop::option::of(prop_oneof![
        Just("apa"),
        Just("no-such-style"),
        Just("styles/undefined-macro.csl"),
        Just("styles/recursive.csl"),
    ]);
    (
        prop::collection::vec(sentence, 0..6),
        author,
        issued,
        language,
        style,
    )
        .prop_map(|(sentences, author, issued, language, style)| Site {
            body: sentences.join("\n\n"),
            author,
            issued,
            language,
            style,
        })
}

fn csl(layout: &str, macros: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>T</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation><layout>{layout}</layout></citation>
</style>"#
    )
}

fn write(root: &Path, site: &Site) {
    for dir in ["content", "references", "styles"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let mut config = "title: T\nbase_url: https://example.org/\n".to_owned();
    if let Some(language) = site.language {
        config.push_str(&format!("language: {language}\n"));
    }
    if let Some(style) = site.style {
        config.push_str(&format!("citation_style: {style}\n"));
    }
    std::fs::write(root.join("content/site.yaml"), config).unwrap();
    std::fs::write(
        root.join("content/page.md"),
        format!("---\ntitle: Page\n---\n\n{}\n", site.body),
    )
    .unwrap();
    std::fs::write(
        root.join("content/other.md"),
        "---\ntitle: Other\n---\n\nHello.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/signs.yaml"),
        "id: signs\ntitle: Signs\nitems:\n  - id: one\n    label: One\nguidance:\n  - when: \"0-1\"\n    text: Talk to someone.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("references/smith2020.yaml"),
        format!(
            "references:\n  - id: smith2020\n    type: article-journal\n    title: A study\n    author: {}\n    issued: {}\n    DOI: 10.1234/abcd.5678\n    findings:\n      - text: \"Most studies found this. About 42% improved.\"\n",
            site.author, site.issued
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("styles/undefined-macro.csl"),
        csl(r#"<text macro="nowhere"/>"#, ""),
    )
    .unwrap();
    std::fs::write(
        root.join("styles/recursive.csl"),
        csl(
            r#"<text macro="a"/>"#,
            r#"<macro name="a"><text macro="b"/></macro><macro name="b"><text macro="a"/></macro>"#,
        ),
    )
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn check_fails_exactly_when_build_would(site in site()) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &site);
        let options = cited_driver::BuildOptions::new(jiff::civil::date(2026, 11, 27));
        let checked = cited_driver::check(dir.path(), &options);
        let built = cited_driver::build(
            dir.path(),
            &options,
            &cited_render::MemorySink::default(),
        );
        prop_assert_eq!(
            cited_driver::fails(&checked.diagnostics, false),
            !built.rendered,
            "check: {:#?}\nbuild: {:#?}",
            checked.diagnostics,
            built.diagnostics
        );
        prop_assert_eq!(&checked.diagnostics, &built.diagnostics);
    }
}
