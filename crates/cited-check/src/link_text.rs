//! Links whose text does not say where they lead (E0417): `[click here](…)`, `[read more](…)`.
//!
//! Screen-reader users often move through a page by its links alone (a list of links, or the Tab
//! key), where each is read out without the sentence around it: ten links called "here" are ten
//! times the same word (WCAG 2.4.4, Link Purpose; 2.4.9 asks it of the link text alone). The
//! words that say nothing are a list per language, for the languages cited has words in; a site
//! in another language is not judged, since a list in the wrong language would find nothing or
//! the wrong thing.

use cited_site::{Code, Diagnostic, Document, Site, SiteConfig, words};

/// Link texts that say nothing of where a link leads, by language, lowercase, without their
/// final punctuation.
const SAY_NOTHING: &[(&str, &[&str])] = &[
    (
        "de",
        &[
            "hier",
            "hier klicken",
            "klicken sie hier",
            "klick hier",
            "link",
            "dieser link",
            "mehr",
            "weiter",
            "weiterlesen",
            "mehr lesen",
            "mehr erfahren",
            "mehr informationen",
            "diese seite",
        ],
    ),
    (
        "en",
        &[
            "here",
            "click here",
            "tap here",
            "click",
            "go here",
            "see here",
            "this",
            "this link",
            "link",
            "more",
            "read more",
            "learn more",
            "find out more",
            "more info",
            "more information",
            "this page",
            "this site",
            "this website",
            "this article",
        ],
    ),
    (
        "es",
        &[
            "aquí",
            "aqui",
            "haga clic aquí",
            "haz clic aquí",
            "pulse aquí",
            "clic aquí",
            "enlace",
            "este enlace",
            "más",
            "leer más",
            "saber más",
            "más información",
            "esta página",
        ],
    ),
    (
        "fr",
        &[
            "ici",
            "cliquez ici",
            "cliquer ici",
            "lien",
            "ce lien",
            "plus",
            "en savoir plus",
            "lire la suite",
            "la suite",
            "suite",
            "cette page",
            "voir ici",
        ],
    ),
];

/// Checks the links of every page and checklist for text that says nothing.
pub fn check_link_text(site: &Site, out: &mut Vec<Diagnostic>) {
    let language = SiteConfig::language_of(site.config.as_ref());
    let primary = words::primary_language(&language);
    let Some((_, say_nothing)) = SAY_NOTHING.iter().find(|(l, _)| *l == primary) else {
        return;
    };
    let documents = site
        .pages
        .iter()
        .map(|p| &p.body)
        .chain(site.checklists.iter().flat_map(|c| c.documents()));
    for doc in documents {
        check_document(doc, say_nothing, out);
    }
}

fn check_document(doc: &Document, say_nothing: &[&str], out: &mut Vec<Diagnostic>) {
    for link in doc.links.iter().filter(|l| !l.is_image) {
        let Some(text) = link.text.as_deref() else {
            continue;
        };
        let read = text
            .trim()
            .trim_end_matches(['.', ',', ':', ';', '!', '…'])
            .trim()
            .to_lowercase();
        if !say_nothing.contains(&read.as_str()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::E0417,
                doc.span(&link.range),
                format!(
                    "the link's text, \"{}\", does not say where it leads: a screen reader moving \
                     from link to link reads it out alone",
                    text.trim()
                ),
            )
            .with_label("say where this link leads")
            .with_hint(
                "make the words that name the destination the link: `[the NHS page on talk \
                 therapy](https://…)`, not `[click here](https://…)`",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn check(language: &str, body: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            format!("title: T\nbase_url: https://example.org/\nlanguage: {language}\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/page.md"),
            format!("---\ntitle: P\n---\n\n{body}\n"),
        )
        .unwrap();
        let loaded = cited_site::load(dir.path());
        let mut out = Vec::new();
        check_link_text(&loaded.site, &mut out);
        out
    }

    #[test]
    fn a_link_that_says_nothing_is_found_in_the_sites_language() {
        for (language, body) in [
            ("en", "For help, [click here](https://www.nhs.uk/)."),
            (
                "en-GB",
                "The NHS has a page on it: [Read more.](https://www.nhs.uk/)",
            ),
            ("en", "See [*here*](https://www.nhs.uk/)."),
            ("fr", "Pour de l'aide, [cliquez ici](https://www.nhs.uk/)."),
            ("de-AT", "Hilfe gibt es [hier](https://www.nhs.uk/)."),
            ("es", "Hay ayuda [aquí](https://www.nhs.uk/)."),
        ] {
            let found = check(language, body);
            assert_eq!(found.len(), 1, "{language}: {body}");
            assert_eq!(found[0].code, Code::E0417);
        }
    }

    #[test]
    fn a_link_that_names_its_destination_is_not() {
        for (language, body) in [
            (
                "en",
                "Read [the NHS page on talk therapy](https://www.nhs.uk/).",
            ),
            ("en", "See [here and there](https://www.nhs.uk/) for more."),
            // English words in a French site are not judged by the English list.
            ("fr", "See [here](https://www.nhs.uk/)."),
            // A language cited has no list for.
            ("nl", "Klik [here](https://www.nhs.uk/)."),
            // An image's description is its own rule's (E1001).
            ("en", "![here](https://www.nhs.uk/a.png)"),
        ] {
            assert!(check(language, body).is_empty(), "{language}: {body}");
        }
    }

    #[test]
    fn every_language_with_words_has_a_list() {
        for language in words::bundled_languages() {
            assert!(
                SAY_NOTHING.iter().any(|(l, _)| *l == language),
                "{language}"
            );
        }
    }
}
