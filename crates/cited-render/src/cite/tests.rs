//! The site's citations as `format` prepares them: links taken out of a citation, and every
//! reference the engine refuses reported at its field.

use super::*;

#[test]
fn a_citation_link_holds_no_link() {
    assert_eq!(
        super::unlinked("Smith, <i>T</i>, <a href=\"https://doi.org/1\">https://doi.org/1</a>."),
        "Smith, <i>T</i>, https://doi.org/1."
    );
    assert_eq!(super::unlinked("Smith &lt;a "), "Smith &lt;a ");
    assert_eq!(super::unlinked("<a href=\"#r\">1</a>"), "1");
    // Text with tags but no link is handed back as it is.
    assert!(matches!(
        super::unlinked("<sup>1</sup><abbr>p</abbr>"),
        std::borrow::Cow::Borrowed("<sup>1</sup><abbr>p</abbr>")
    ));
}

/// Each reference the CSL engine cannot take is a diagnostic at its faulty field, every one of
/// them, not only the first: each is converted on its own (and its CSL-JSON let go at once).
#[test]
fn every_reference_the_engine_refuses_is_reported_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("references")).unwrap();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Site\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let library = "references:\n  - id: good\n    type: book\n    title: Good\n  - id: bad1\n    type: book\n    title: One\n    author: Smith\n  - id: bad2\n    type: book\n    title: Two\n    editor: 42\n";
    std::fs::write(dir.path().join("references/library.yaml"), library).unwrap();
    let site = cited_site::load(dir.path()).site;
    assert_eq!(site.references.len(), 3);
    let style = CitationStyle::bundled("american-medical-association").unwrap();
    let Err(diagnostics) = format(&site, &style) else {
        panic!("the engine took `author: Smith` and `editor: 42`");
    };
    let at: Vec<(usize, bool)> = diagnostics
        .iter()
        .map(|d| {
            let start = d.span.as_ref().map_or(0, |s| s.range.start);
            (start, d.message.contains("must be a list of names"))
        })
        .collect();
    let author = library.find("Smith").unwrap();
    let editor = library.find("42").unwrap();
    assert_eq!(at, [(author, true), (editor, true)], "{diagnostics:#?}");
}
