//! Each page is a document of its own for its citations, as Pandoc formats one file: its first
//! citation is 1 and its bibliography lists its own sources; the references page lists every
//! source in the style's bibliography order with back links to every citing page; author-date
//! disambiguation (`2020a`) is the same on every page. `citations: {numbering: site}` numbers the
//! whole site as one document.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn reference(key: &str, family: &str, year: u32, title: &str) -> String {
    format!(
        "  - id: {key}\n    type: article-journal\n    title: \"{title}\"\n    author: [{{family: {family}, given: Ann}}]\n    container-title: Journal\n    issued: {{date-parts: [[{year}]]}}\n    DOI: \"10.1234/{key}\"\n"
    )
}

/// A site of two articles and a checklist; `extra` goes into site.yaml.
fn site(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        &format!("title: \"Numbering\"\nbase_url: \"https://example.org/\"\n{extra}"),
    );
    write(
        root,
        "content/first.md",
        "---\ntitle: \"First\"\n---\n\nOne [@young2019]. Two [@smith2020b; @young2019]. Three [@adams2018].\n",
    );
    write(
        root,
        "content/second.md",
        "---\ntitle: \"Second\"\n---\n\nFour [@smith2020a]. Five [@adams2018].\n",
    );
    write(
        root,
        "content/talk.yaml",
        "id: talk\ntitle: \"Talk\"\nintro: \"Ask [@young2019].\"\nitems:\n  - id: a\n    label: \"A question\"\nguidance:\n  - when: \"0-1\"\n    text: \"Talk.\"\n",
    );
    let mut refs = String::from("references:\n");
    refs.push_str(&reference("young2019", "Young", 2019, "Zebra trials"));
    refs.push_str(&reference("smith2020a", "Smith", 2020, "Alpha results"));
    refs.push_str(&reference("smith2020b", "Smith", 2020, "Beta results"));
    refs.push_str(&reference("adams2018", "Adams", 2018, "Middle matters"));
    refs.push_str(&reference("uncited2000", "Moore", 2000, "Never cited"));
    write(root, "references/refs.yaml", &refs);
    dir
}

fn build(root: &Path) -> cited_render::Output {
    let mut loaded = cited_site::load(root);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == cited_site::Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let theme = cited_render::Theme::load(&mut loaded.site.sources, root, "default", None).unwrap();
    cited_render::render_to_memory(&loaded.site, &theme).unwrap()
}

fn page<'o>(out: &'o cited_render::Output, path: &str) -> &'o str {
    std::str::from_utf8(out.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
}

/// The text of each citation on the page, in order.
fn citations(html: &str) -> Vec<String> {
    html.split("<span class=\"citation\"")
        .skip(1)
        .map(|c| {
            // The citation's own span, to its matching end.
            let mut depth = 1;
            let mut end = c.len();
            let mut at = 0;
            while let Some(next) = c[at..]
                .find("<span")
                .into_iter()
                .chain(c[at..].find("</span>"))
                .min()
            {
                at += next;
                if c[at..].starts_with("</span>") {
                    depth -= 1;
                    if depth == 0 {
                        end = at;
                        break;
                    }
                } else {
                    depth += 1;
                }
                at += 1;
            }
            text(&c[c.find('>').map_or(0, |i| i + 1)..end])
        })
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// HTML as text, without the citations' hover previews.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<span class=\"cite-preview\"") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</span>")
            .map_or("", |e| &rest[start + e + 7..]);
    }
    out.push_str(rest);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
}

/// Keys of the bibliography entries on a page, in order, with their `value` numbers.
fn entries(html: &str) -> Vec<(String, Option<String>)> {
    html.split("<li id=\"ref-")
        .skip(1)
        .map(|e| {
            let key = e[..e.find('"').unwrap()].to_owned();
            let tag = &e[..e.find('>').unwrap()];
            let value = tag
                .split("value=\"")
                .nth(1)
                .map(|v| v[..v.find('"').unwrap()].to_owned());
            (key, value)
        })
        .collect()
}

#[test]
fn every_page_numbers_from_one_and_the_references_page_is_alphabetical() {
    let dir = site("");
    let out = build(dir.path());
    let first = page(&out, "first/index.html");
    let second = page(&out, "second/index.html");
    let checklist = page(&out, "checklists/talk/index.html");
    let references = page(&out, "references/index.html");
    assert_eq!(citations(first), ["1", "1,2", "3"]);
    assert_eq!(citations(second), ["1", "2"]);
    assert_eq!(citations(checklist), ["1"]);
    let n = |k: &str, v: &str| (k.to_owned(), Some(v.to_owned()));
    assert_eq!(
        entries(first),
        [
            n("young2019", "1"),
            n("smith2020b", "2"),
            n("adams2018", "3")
        ]
    );
    assert_eq!(entries(second), [n("smith2020a", "1"), n("adams2018", "2")]);
    assert_eq!(entries(checklist), [n("young2019", "1")]);
    // Every source, by author, year and title; no page's numbers.
    let all: Vec<String> = entries(references).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        all,
        [
            "adams2018",
            "uncited2000",
            "smith2020a",
            "smith2020b",
            "young2019"
        ]
    );
    assert!(entries(references).iter().all(|(_, v)| v.is_none()));
    // Back links to every citing page: Adams from both articles, Young from the checklist too.
    let adams = &references[references.find("id=\"ref-adams2018\"").unwrap()..];
    let adams = &adams[..adams.find("</li>").unwrap()];
    assert!(adams.contains("/first/#cite-"), "{adams}");
    assert!(adams.contains("/second/#cite-"), "{adams}");
    let young = &references[references.find("id=\"ref-young2019\"").unwrap()..];
    let young = &young[..young.find("</li>").unwrap()];
    assert!(young.contains("/checklists/talk/#"), "{young}");
}

#[test]
fn author_date_disambiguation_is_the_same_on_every_page() {
    let dir = site("citation_style: apa\n");
    let out = build(dir.path());
    // Each article cites one of the two Smith 2020 papers; both keep the letter the references
    // page gives them (sorted by title: Alpha is a, Beta is b).
    let first = citations(page(&out, "first/index.html"));
    let second = citations(page(&out, "second/index.html"));
    assert_eq!(first[1], "(Smith, 2020b; Young, 2019)", "{first:?}");
    assert_eq!(second[0], "(Smith, 2020a)", "{second:?}");
    let references = page(&out, "references/index.html");
    assert!(references.contains("Smith, A. (2020a)"), "{references}");
    assert!(references.contains("Smith, A. (2020b)"), "{references}");
    // The first page lists only its own Smith.
    // An author-in-text citation (Pandoc's `@key`) is a citation: of the claim, in the list.
    let dir = site("citation_style: apa\n");
    write(
        dir.path(),
        "content/third.md",
        "---\ntitle: \"Third\"\n---\n\n@smith2020b found this in a study [@adams2018].\n",
    );
    let loaded = cited_site::load(dir.path());
    let found = cited_check::check(
        &loaded.site,
        &cited_check::CheckOptions::new(jiff::civil::date(2026, 1, 1)),
    );
    assert!(
        found
            .iter()
            .all(|d| d.severity != cited_site::Severity::Error),
        "{found:?}"
    );
    let third = build(dir.path());
    let third = page(&third, "third/index.html");
    assert_eq!(citations(third), ["Smith (2020b)", "(Adams, 2018)"]);
    assert_eq!(entries(third).len(), 2);
    let listed: Vec<String> = entries(page(&out, "first/index.html"))
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(listed, ["adams2018", "smith2020b", "young2019"]);
}

#[test]
fn a_numeric_styles_author_in_text_citation_keeps_the_names_in_the_sentence() {
    // Pandoc prints `¹ found this`; the sentence keeps its subject: `Smith¹ found this`.
    for (style, sentence) in [
        (
            "american-medical-association",
            "Smith1 found this in a study.",
        ),
        ("ieee", "Smith [1] found this in a study."),
    ] {
        let dir = site(&format!("citation_style: {style}\n"));
        write(
            dir.path(),
            "content/third.md",
            "---\ntitle: \"Third\"\n---\n\n@smith2020b found this in a study.\n",
        );
        let out = build(dir.path());
        let html = page(&out, "third/index.html");
        let paragraph = html
            .split("<p>")
            .find(|p| p.contains("found this"))
            .and_then(|p| p.split("</p>").next())
            .unwrap_or_default();
        assert_eq!(text(paragraph), sentence, "{style}: {paragraph}");
    }
}

#[test]
fn site_numbering_runs_on_from_page_to_page() {
    let dir = site("citations:\n  numbering: site\n");
    let out = build(dir.path());
    assert_eq!(citations(page(&out, "first/index.html")), ["1", "1,2", "3"]);
    // Documents in the site's order (pages by file, then checklists): numbers run on.
    assert_eq!(citations(page(&out, "second/index.html")), ["4", "3"]);
    let second = entries(page(&out, "second/index.html"));
    assert_eq!(
        second,
        [
            ("adams2018".to_owned(), Some("3".to_owned())),
            ("smith2020a".to_owned(), Some("4".to_owned()))
        ]
    );
}

#[test]
fn nocite_lists_sources_and_suppress_bibliography_links_to_the_references_page() {
    let dir = site("");
    let root = dir.path();
    write(
        root,
        "content/first.md",
        "---\ntitle: \"First\"\nnocite: \"@uncited2000, [@adams2018]\"\n---\n\nOne [@young2019].\n",
    );
    write(
        root,
        "content/second.md",
        "---\ntitle: \"Second\"\nnocite: \"@*\"\nsuppress-bibliography: true\n---\n\nFour [@smith2020a].\n",
    );
    let out = build(root);
    let first = page(&out, "first/index.html");
    // Listed after the cited source, numbered in the order `nocite` gives.
    let n = |k: &str, v: &str| (k.to_owned(), Some(v.to_owned()));
    assert_eq!(
        entries(first),
        [
            n("young2019", "1"),
            n("uncited2000", "2"),
            n("adams2018", "3")
        ]
    );
    let second = page(&out, "second/index.html");
    assert!(entries(second).is_empty());
    assert_eq!(citations(second), ["1"]);
    assert!(
        second.contains("href=\"/references/#ref-smith2020a\""),
        "{second}"
    );
    assert!(!second.contains("href=\"#ref-"), "{second}");
}

#[test]
fn a_nocite_key_that_is_no_reference_is_reported() {
    let dir = site("");
    let root = dir.path();
    write(
        root,
        "content/first.md",
        "---\ntitle: \"First\"\nnocite: \"@young2019 @nosuch\"\n---\n\nOne [@young2019]. Two [@smith2020b]. Three [@adams2018].\n",
    );
    let loaded = cited_site::load(root);
    let found = cited_check::check(
        &loaded.site,
        &cited_check::CheckOptions::new(jiff::civil::date(2026, 1, 1)),
    );
    let unknown: Vec<_> = found
        .iter()
        .filter(|d| d.code.as_str() == "E0101")
        .collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert!(
        unknown[0].message.contains("`nosuch`"),
        "{}",
        unknown[0].message
    );
}

#[test]
fn a_style_without_a_bibliography_links_nowhere() {
    let dir = site("citation_style: styles/plain.csl\n");
    write(
        dir.path(),
        "styles/plain.csl",
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>No bibliography</title><id>plain</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout prefix="(" suffix=")" delimiter="; ">
      <names variable="author"><name form="short"/></names>
      <date variable="issued" prefix=" "><date-part name="year"/></date>
    </layout>
  </citation>
</style>
"#,
    );
    let out = build(dir.path());
    let second = page(&out, "second/index.html");
    assert_eq!(citations(second), ["(Smith 2020)", "(Adams 2018)"]);
    // No entry anywhere, so no link to one.
    assert!(!second.contains("#ref-"), "{second}");
    assert!(entries(page(&out, "references/index.html")).is_empty());
}

/// The references page lists the first pages citing a source, with their links back, and counts
/// the others: it grows with the references, not with the number of pages citing them.
#[test]
fn the_references_page_lists_twenty_citing_pages_and_counts_the_rest() {
    let dir = site("");
    let root = dir.path();
    for n in 1..=25 {
        write(
            root,
            &format!("content/many-{n:02}.md"),
            &format!(
                "---\ntitle: \"Many {n:02}\"\n---\n\nOnce [@adams2018]. Twice [@adams2018].\n"
            ),
        );
    }
    let out = build(root);
    let references = page(&out, "references/index.html");
    let entry = references
        .split("<li id=\"ref-adams2018\">")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap();
    // `first` and `second` cite it too: 27 pages, in the site's order.
    let listed = entry.matches("Cited in: ").count();
    assert_eq!(listed, cited_render::CITING_PAGES_LISTED, "{entry}");
    assert!(entry.contains("and 7 more pages"), "{entry}");
    // Each listed page keeps its links back to both of its citations.
    assert!(entry.contains("/many-01/#cite-1\""), "{entry}");
    assert!(entry.contains("/many-01/#cite-2\""), "{entry}");
    // A source cited on fewer pages lists them all, with nothing counted.
    let young = references
        .split("<li id=\"ref-young2019\">")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap();
    assert!(!young.contains("more page"), "{young}");
}

/// Each entry's text on a page, by key, without what a page adds to it (its back links).
fn entry_texts(html: &str) -> Vec<(String, String)> {
    html.split("<li id=\"ref-")
        .skip(1)
        .map(|e| {
            let key = e[..e.find('"').unwrap()].to_owned();
            let body = &e[e.find('>').unwrap() + 1..e.find("</li>").unwrap_or(e.len())];
            let body = text(body).split_whitespace().collect::<Vec<_>>().join(" ");
            let body = body.split(" Cited ").next().unwrap_or("").to_owned();
            (key, body)
        })
        .collect()
}

#[test]
fn every_page_prints_each_source_as_the_references_page_does() {
    // Sources that collide in several ways (the same author and year; the same family name with
    // another given name; an organisation with three reports a year), cited by pages that each
    // meet only some of them: a page's pass alone would tell apart only its own.
    let pool: &[(&str, &str, &str, u32)] = &[
        ("smith-a", "Smith", "John", 2020),
        ("smith-b", "Smith", "John", 2020),
        ("smith-k", "Smith", "Kate", 2020),
        ("adams-a", "Adams", "Jo", 2019),
        ("adams-b", "Adams", "Jo", 2019),
        ("adams-k", "Adams", "Kim", 2019),
        ("lee-a", "Lee", "Jo", 2018),
        ("lee-b", "Lee", "Jo", 2018),
        ("who-a", "", "World Health Organization", 2021),
        ("who-b", "", "World Health Organization", 2021),
        ("who-c", "", "World Health Organization", 2021),
        ("zhou", "Zhou", "Fan", 2017),
    ];
    let mut refs = String::from("references:\n");
    for (i, (key, family, given, year)) in pool.iter().enumerate() {
        let author = if family.is_empty() {
            format!("{{literal: \"{given}\"}}")
        } else {
            format!("{{family: {family}, given: {given}}}")
        };
        refs.push_str(&format!(
            "  - id: {key}\n    type: article-journal\n    title: \"Study {i} of talk therapy\"\n    author: [{author}]\n    container-title: Journal\n    issued: {{date-parts: [[{year}]]}}\n"
        ));
    }
    for style in ["apa", "chicago-author-date", "harvard-cite-them-right"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "content/site.yaml",
            &format!(
                "title: \"Groups\"\nbase_url: \"https://example.org/\"\ncitation_style: {style}\n"
            ),
        );
        write(root, "references/refs.yaml", &refs);
        // Page p cites every source whose index shares a bit with p: each page meets a
        // different part of each group.
        for p in 1..16usize {
            let cites: Vec<String> = (0..pool.len())
                .filter(|i| (i + 1) & p != 0)
                .map(|i| format!("One finding [@{}].", pool[i].0))
                .collect();
            write(
                root,
                &format!("content/page{p}.md"),
                &format!("---\ntitle: \"Page {p}\"\n---\n\n{}\n", cites.join(" ")),
            );
        }
        let out = build(root);
        let listed: std::collections::HashMap<String, String> =
            entry_texts(page(&out, "references/index.html"))
                .into_iter()
                .collect();
        assert_eq!(listed.len(), pool.len(), "{style}");
        let mut seen: Vec<&String> = listed.values().collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), pool.len(), "{style}: two entries read alike");
        for p in 1..16usize {
            let html = page(&out, &format!("page{p}/index.html"));
            for (key, entry) in entry_texts(html) {
                assert_eq!(Some(&entry), listed.get(&key), "{style}: page {p}, {key}");
            }
        }
    }
}

/// A checklist citing more sources than a page may, in a site numbered as one document, is
/// refused before the site is formatted: formatting a checklist of a million and a half citations
/// took gigabytes before the render refused it.
#[test]
fn a_unit_over_the_citation_limit_is_refused_before_the_site_is_formatted_as_one_document() {
    let dir = site("citations:\n  numbering: site\n");
    let per_item = 1_000;
    let items = cited_site::MAX_CITATIONS / per_item + 1;
    let detail = "[@young2019] ".repeat(per_item);
    let mut checklist = String::from("id: talk\ntitle: \"Talk\"\nitems:\n");
    for i in 0..items {
        checklist.push_str(&format!(
            "  - id: i{i}\n    label: \"A question\"\n    detail: \"See {detail}\"\n"
        ));
    }
    checklist.push_str(&format!(
        "guidance:\n  - when: \"0-{items}\"\n    text: \"Talk.\"\n"
    ));
    write(dir.path(), "content/talk.yaml", &checklist);
    let site = cited_site::load(dir.path()).site;
    let style = cited_render::citation_style(&site).unwrap();
    let Err(refused) = cited_render::format_citations(&site, &style) else {
        panic!("the site was formatted");
    };
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].code, cited_site::Code::E0001);
    assert!(
        refused[0]
            .message
            .starts_with("this checklist cites more than")
    );
}
