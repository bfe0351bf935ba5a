//! Themes: the real site built with the default theme (MiniJinja) and with `--theme handout`
//! (Tera 2), the same structural checks on both, template errors from each engine, and a site
//! overriding one template.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{build, fixture, repo_root};

const ARTICLE: &str = "when-talk-therapy-doesnt-work/index.html";
const CHECKLIST: &str = "checklists/therapy-not-helping/index.html";
const REFERENCES: &str = "references/index.html";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The values of every `attr="…"` in `html` whose value starts with `prefix`.
fn attr_values<'h>(html: &'h str, attr: &str, prefix: &str) -> Vec<&'h str> {
    let needle = format!("{attr}=\"{prefix}");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let start = i + attr.len() + 2;
        let len = rest[start..].find('"').expect("attribute ends");
        values.push(&rest[start..start + len]);
        rest = &rest[start + len..];
    }
    values
}

/// Heading levels in document order.
fn headings(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .filter(|&i| {
            bytes[i] == b'<'
                && bytes[i + 1] == b'h'
                && (b'1'..=b'6').contains(&bytes[i + 2])
                && matches!(bytes[i + 3], b'>' | b' ')
        })
        .map(|i| bytes[i + 2] - b'0')
        .collect()
}

fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("<main>");
    let end = page.find("</main>").expect("</main>") + "</main>".len();
    &page[start..end]
}

/// The structure every theme must give every page.
fn check_structure(theme: &str, name: &str, page: &str) {
    let at = format!("{theme}: {name}");
    for landmark in ["<main", "<header", "<footer"] {
        assert!(page.contains(landmark), "{at}: no {landmark}>");
    }
    // Every citation links to an entry that exists.
    let ids = attr_values(page, "id", "ref-");
    for target in attr_values(page, "href", "#ref-") {
        assert!(
            ids.contains(&&target[1..]),
            "{at}: citation {target} has no entry"
        );
    }
    // Every entry links back to a citation of it.
    let mut entries = 0;
    for (i, _) in page.match_indices("<li id=\"ref-") {
        entries += 1;
        let entry = &page[i..];
        let entry = &entry[..entry.find("</li>").expect("entry ends")];
        let back = attr_values(entry, "href", "");
        assert!(
            back.iter().any(|h| h.contains("cite-")),
            "{at}: entry has no back link: {entry}"
        );
    }
    if name != "not_found" {
        assert!(entries > 0, "{at}: no bibliography entries");
    }
    // One h1, first in <main>; levels never skip going down.
    let levels = headings(page);
    assert_eq!(
        levels.iter().filter(|&&l| l == 1).count(),
        1,
        "{at}: exactly one h1, got {levels:?}"
    );
    let in_main = headings(main_of(page));
    assert_eq!(in_main.first(), Some(&1), "{at}: <main> starts with its h1");
    for pair in in_main.windows(2) {
        assert!(
            pair[1] <= pair[0] + 1,
            "{at}: heading levels skip from h{} to h{} ({in_main:?})",
            pair[0],
            pair[1]
        );
    }
}

/// Builds the real site with `extra` arguments and checks the three main pages.
fn build_real_site(theme: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = build(&repo_root(), &public, extra);
    assert_eq!(out.status.code(), Some(0), "{theme}: {}", stderr(&out));
    for (name, path) in [
        ("article", ARTICLE),
        ("checklist", CHECKLIST),
        ("references", REFERENCES),
    ] {
        let page = std::fs::read_to_string(public.join(path))
            .unwrap_or_else(|e| panic!("{theme}: {path}: {e}"));
        check_structure(theme, name, &page);
    }
    (tmp, public)
}

#[test]
fn default_theme_builds_the_real_site() {
    let (_tmp, public) = build_real_site("default", &[]);
    let article = std::fs::read_to_string(public.join(ARTICLE)).unwrap();
    insta::assert_snapshot!("default-article-main", main_of(&article));
}

#[test]
fn handout_theme_builds_the_real_site() {
    let (_tmp, public) = build_real_site("handout", &["--theme", "handout"]);
    let article = std::fs::read_to_string(public.join(ARTICLE)).unwrap();
    // Print first: empty boxes to tick by pen, no checklist script, every URL written out.
    assert!(article.contains("☐"), "empty boxes");
    assert!(!article.contains("<script type=\"module\""), "no script");
    assert!(!article.contains("<input"), "no form inputs");
    assert!(!article.contains("style=\""), "no inline style (CSP)");
    assert!(
        article.contains("If you ticked 0"),
        "guidance for every count"
    );
    assert!(article.contains("class=\"crisis\""), "crisis notice");
    assert!(article.contains("Next review due"), "review line");
    assert!(article.contains(">https://doi.org/"), "DOIs printed");
    let css = std::fs::read_dir(public.join("assets"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("handout."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("handout stylesheet");
    assert!(css.contains("size: A4"));
    assert!(css.contains(r#"a[href^="http"]::after"#));
    insta::assert_snapshot!("handout-article-main", main_of(&article));
}

/// A template mistake in `engine`'s theme `theme`, in its `template`: exit 1, an E0701 naming
/// the file, line and column with a caret, and nothing written.
fn template_error_case(engine: &str, theme: &str, template: &str, place: &str, caret: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    std::fs::create_dir(&public).unwrap();
    std::fs::write(public.join("old.txt"), "old site\n").unwrap();
    let root = fixture(&format!("template-error-{engine}"));
    // `--force`: cited did not write `old.txt`.
    let out = build(&root, &public, &["--theme", theme, "--force"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{engine}/{theme}: {err}");
    assert!(err.contains("error[E0701]"), "{engine}/{theme}: {err}");
    assert!(
        err.contains(&format!("--> themes/{theme}/templates/{template}:{place}")),
        "{engine}/{theme}: wrong place: {err}"
    );
    assert!(
        err.lines().any(|l| l.ends_with(caret)),
        "{engine}/{theme}: no caret `{caret}`: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    let mut left: Vec<_> = walk(tmp.path());
    left.sort();
    assert_eq!(left, vec![PathBuf::from("public/old.txt")]);
    assert_eq!(
        std::fs::read_to_string(public.join("old.txt")).unwrap(),
        "old site\n"
    );
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    files
}

#[test]
fn minijinja_undefined_value_is_e0701() {
    // `{{ page.subtitle }}`: MiniJinja points at the whole expression.
    template_error_case(
        "minijinja",
        "broken",
        "article.html",
        "3:44",
        "^^^^^^^^^^^^^",
    );
}

/// A mistake in an included template is reported where it is, not at the `include`, which the
/// diagnostic shows as well.
#[test]
fn a_mistake_in_an_included_template_is_reported_where_it_is() {
    // `{{ page.subtitle }}` on line 2 of the partial.
    template_error_case(
        "minijinja",
        "broken-include",
        "partial.html",
        "2:27",
        "^^^^^^^^^^^^^",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = build(
        &fixture("template-error-minijinja"),
        &tmp.path().join("public"),
        &["--theme", "broken-include"],
    );
    let err = stderr(&out);
    assert!(err.contains("undefined value"), "{err}");
    assert!(
        err.contains("themes/broken-include/templates/article.html:3:"),
        "the include is not shown: {err}"
    );
    assert!(err.contains("included here"), "{err}");
}

#[test]
fn minijinja_syntax_error_is_e0701() {
    template_error_case("minijinja", "broken-syntax", "article.html", "3:31", " ^");
}

#[test]
fn tera_undefined_value_is_e0701() {
    // Tera 2 points at the missing field, `subtitle`.
    template_error_case("tera", "broken", "article.html", "3:49", " ^^^^^^^^");
}

#[test]
fn tera_syntax_error_is_e0701() {
    template_error_case("tera", "broken-syntax", "article.html", "3:31", " ^");
}

/// The references page goes into the staging folder as its template writes it: a mistake
/// after the first bytes is still an E0701 at its place, and the part written goes nowhere.
#[test]
fn a_mistake_in_the_streamed_references_page_is_e0701() {
    template_error_case(
        "minijinja",
        "broken-references",
        "references.html",
        "3:44",
        "^^^^^^^^^^^^^",
    );
    template_error_case(
        "tera",
        "broken-references",
        "references.html",
        "3:49",
        " ^^^^^^^^",
    );
}

#[test]
fn a_site_template_overrides_the_themes() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = build(&fixture("override-template"), &public, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let not_found = std::fs::read_to_string(public.join("404.html")).unwrap();
    assert!(not_found.contains("OVERRIDE-MARKER"), "{not_found}");
    // The override extends the default theme's base.html.
    assert!(not_found.contains("class=\"site-header\""), "{not_found}");
    let hello = std::fs::read_to_string(public.join("hello/index.html")).unwrap();
    assert!(!hello.contains("OVERRIDE-MARKER"));
    assert!(hello.contains("class=\"site-header\""), "default theme");
}

#[test]
fn an_unknown_theme_is_e0702() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(
        &fixture("override-template"),
        &tmp.path().join("public"),
        &["--theme", "nonesuch"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0702]"), "{}", stderr(&out));
}

/// Where an English word of the theme would show in `html`: a text of several words anywhere, a
/// single word as an element's whole text or an attribute's whole value (content may use the
/// word in a sentence).
fn english_left(html: &str, english: &str) -> Vec<String> {
    let mut found = Vec::new();
    // The parts around placeholders (`If you ticked {n}`), each on its own.
    let mut parts = vec![english.to_owned()];
    for placeholder in [
        "{n}", "{total}", "{min}", "{max}", "{page}", "{site}", "{title}", "{days}", "{source}",
        "{day}", "{month}", "{year}",
    ] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(placeholder).map(str::to_owned).collect::<Vec<_>>())
            .collect();
    }
    for part in parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| p.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    {
        let hit = if part.contains(' ') {
            html.contains(part)
        } else {
            [
                format!(">{part}<"),
                format!(">{part} <"),
                format!("> {part}<"),
                format!("\"{part}\""),
            ]
            .iter()
            .any(|needle| html.contains(needle.as_str()))
        };
        if hit {
            found.push(part.to_owned());
        }
    }
    found
}

/// A site in French publishes no English word of its theme: not in the chrome, the review
/// labels, the checklist's buttons and script words, the reference list, the about and 404
/// pages, in either engine (WCAG 3.1.2: English inside `lang="fr"` is read out as French).
#[test]
fn a_site_in_french_has_no_english_words_of_its_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&repo_root().join("content"), &root.join("content"));
    common::copy_dir(&repo_root().join("references"), &root.join("references"));
    common::copy_dir(&repo_root().join("themes"), &root.join("themes"));
    // French, and cited's own crisis notice and disclaimer (the site's are in English).
    let config = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    let config: String = config
        .lines()
        .filter(|l| {
            !l.starts_with("crisis:")
                && !l.starts_with("  heading:")
                && !l.starts_with("  text:")
                && !l.starts_with("disclaimer:")
        })
        .map(|l| {
            if l.starts_with("language:") {
                "language: fr\n".to_owned()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(root.join("content/site.yaml"), config).unwrap();
    let english = &cited_site::words::english().words;
    let french = &cited_site::words::bundled("fr").unwrap().words;
    for (theme, extra) in [
        ("default", &[][..]),
        ("handout", &["--theme", "handout"][..]),
    ] {
        let public = tmp.path().join(theme);
        let out = build(&root, &public, extra);
        assert_eq!(out.status.code(), Some(0), "{theme}: {}", stderr(&out));
        for page in [
            ARTICLE,
            CHECKLIST,
            REFERENCES,
            "index.html",
            "about/index.html",
            "404.html",
        ] {
            let html = std::fs::read_to_string(public.join(page)).unwrap();
            assert!(html.contains("<html lang=\"fr\">"), "{theme}: {page}");
            for (key, _) in cited_site::words::KEYS {
                let (en, fr) = (english.get(key).unwrap(), french.get(key).unwrap());
                if en == fr {
                    continue;
                }
                // A part both languages write alike (`citation` of `citation {n} in {page}`).
                let left: Vec<String> = english_left(&html, en)
                    .into_iter()
                    .filter(|part| !fr.contains(part.as_str()))
                    .collect();
                assert!(
                    left.is_empty(),
                    "{theme}: {page}: `{key}` in English: {left:?}"
                );
            }
        }
        // The page shows the French words, not only no English ones.
        let article = std::fs::read_to_string(public.join(ARTICLE)).unwrap();
        assert!(article.contains(&french.references), "{theme}");
        assert!(
            article.contains("27 novembre 2026"),
            "{theme}: the dates in French"
        );
        assert!(
            article.contains("Si vous en avez coché de 1 à 2"),
            "{theme}"
        );
    }
}

/// A stylesheet writes no words of its own (`content: "Tap again"` would be English on every
/// page, whatever its language): what CSS shows comes from the page (`attr(data-…)`), which has
/// it from `site.words`.
#[test]
fn stylesheets_write_no_words() {
    for theme in ["default", "handout"] {
        let dir = repo_root().join("themes").join(theme).join("static");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("css") {
                continue;
            }
            let css = std::fs::read_to_string(&path).unwrap();
            for (at, _) in css.match_indices("content:") {
                let value = &css[at + "content:".len()..];
                let value = &value[..value.find([';', '}']).unwrap_or(value.len())];
                // Quoted strings may hold punctuation only; attr() and counters are the page's.
                let quoted: String = value.split('"').skip(1).step_by(2).collect();
                assert!(
                    !quoted.chars().any(char::is_alphabetic),
                    "{}: `content:{value}` writes a word",
                    path.strip_prefix(repo_root()).unwrap_or(&path).display()
                );
            }
        }
    }
}
