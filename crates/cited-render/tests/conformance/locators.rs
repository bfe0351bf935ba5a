//! Locator labels against Pandoc's reading. For each style and language, every label cited reads
//! a locator under (cited-csl's `locator_labels`: the locale's terms and the style's own) and
//! labels it does not, each written before a number (`[@h, S. 3]`): the locator each is read as,
//! or none, by cited and by Pandoc. Pandoc says which through a style that prints the locator's
//! type (`cs:if locator="…"`), given the real style's own `cs:locale` terms.

use std::path::Path;
use std::process::Command;

use cited_site::LocatorLabels;

/// Styles with terms of their own for a locator (IEEE's `ch.`, Vancouver's `sect.`, MLA's,
/// Chicago's), and AMA, which has none.
const STYLES: [&str; 5] = [
    "american-medical-association",
    "ieee",
    "vancouver",
    "chicago-author-date",
    "modern-language-association",
];

/// The languages the bundled themes speak.
const LANGUAGES: [&str; 4] = ["en-US", "de-DE", "fr-FR", "es-ES"];

/// Written as labels, but none of every locale: other conventions' page labels, labels without
/// their full stop, and another language's labels.
const NOT_ALWAYS_LABELS: [&str; 16] = [
    "pg.", "pgs.", "p", "pp", "ch.", "tbl.", "table", "number", "S.", "Seite", "Kap.", "cap.",
    "p.", "chap.", "page", "fig",
];

/// Where the bundled locales differ from Pandoc's own copies of them, (language, label): read
/// here, not by Pandoc 3.9, whose fr-FR has no `c.` for a chapter.
const LOCALE_VERSIONS: [(&str, &str); 1] = [("fr-FR", "c.")];

#[test]
fn locator_labels_are_read_as_pandoc_reads_them() {
    let Some(pandoc) = super::find_pandoc() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let refs = work.path().join("refs.json");
    std::fs::write(&refs, r#"[{"id":"h","type":"book","title":"T"}]"#).unwrap();
    let mut differences = Vec::new();
    for name in STYLES {
        let style = cited_csl::CitationStyle::bundled(name).unwrap();
        let csl = work.path().join(format!("{name}.csl"));
        std::fs::write(&csl, printing_style(name)).unwrap();
        for language in LANGUAGES {
            let labels = cited_csl::locator_labels(&style, language);
            let mut written: Vec<String> = labels.iter().map(|(l, _)| l.clone()).collect();
            for other in NOT_ALWAYS_LABELS {
                if !written.iter().any(|w| w.eq_ignore_ascii_case(other)) {
                    written.push(other.to_owned());
                }
            }
            let labels = LocatorLabels::new(labels);
            let by_pandoc = pandoc_reading(&pandoc, &csl, &refs, language, &written);
            for (label, pandoc_read) in written.iter().zip(by_pandoc) {
                let items = cited_site::parse_citation(&format!("@h, {label} 3"))
                    .unwrap()
                    .unwrap();
                let cited_read = items[0].locator_and_suffix(&labels).0.map(|l| l.label);
                if cited_read != pandoc_read.as_deref()
                    && !LOCALE_VERSIONS.contains(&(language, label.as_str()))
                {
                    differences.push(format!(
                        "{name}, {language}: `{label} 3` is {cited_read:?} here, {pandoc_read:?} to Pandoc"
                    ));
                }
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// A style printing each citation's locator type (`LOC[page]`, or `LOC[]` for none), with the
/// bundled style `name`'s own `cs:locale` elements.
fn printing_style(name: &str) -> String {
    let xml = super::pandoc::style_xml(name);
    let mut locales = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<locale") {
        let end = rest[start..].find("</locale>").unwrap() + start + "</locale>".len();
        locales.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    // Every CSL locator type, as cited-csl takes them.
    let branches: String = cited_csl::LOCATOR_LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let tag = if i == 0 { "if" } else { "else-if" };
            format!("<{tag} locator=\"{l}\"><text value=\"LOC[{l}]\"/></{tag}>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\
         <info><title>locators</title><id>locators</id><updated>2020-01-01T00:00:00+00:00</updated></info>\
         {locales}<citation><layout><choose>{branches}<else><text value=\"LOC[]\"/></else></choose></layout></citation>\
         <bibliography><layout><text variable=\"title\"/></layout></bibliography></style>"
    )
}

/// The locator type Pandoc reads in `[@h, {label} 3]` for each of `written`, in `language`.
fn pandoc_reading(
    pandoc: &Path,
    csl: &Path,
    refs: &Path,
    language: &str,
    written: &[String],
) -> Vec<Option<String>> {
    let mut markdown = format!("---\nlang: {language}\n---\n\n");
    for (i, label) in written.iter().enumerate() {
        markdown.push_str(&format!("C{i} [@h, {label} 3].\n\n"));
    }
    let input = csl.with_extension("md");
    std::fs::write(&input, markdown).unwrap();
    let out = Command::new(pandoc)
        .args(["--citeproc", "--to", "plain", "--wrap", "none", "--csl"])
        .arg(csl)
        .arg("--bibliography")
        .arg(refs)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let read: Vec<Option<String>> = text
        .lines()
        .filter(|line| line.starts_with('C'))
        .map(|line| {
            let start = line.find("LOC[").unwrap() + 4;
            let end = line[start..].find(']').unwrap() + start;
            Some(line[start..end].to_owned()).filter(|t| !t.is_empty())
        })
        .collect();
    assert_eq!(read.len(), written.len(), "{text}");
    read
}
