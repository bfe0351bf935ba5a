//! Property tests: whatever text an editor writes in a page title, description, author, checklist
//! title/label/guidance or reference title/author, the built HTML holds it as escaped text only —
//! no script element, no event-handler or style attribute, no `javascript:`/`data:`/`vbscript:`
//! URL. Drives the library (load → check → render), not the binary, for speed. It lives here, beside
//! the driver, because the fuzz targets' markup oracle it shares runs the driver.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

// The same markup oracle the fuzz targets use, so the two cannot drift apart.
#[allow(dead_code)]
#[path = "../../../fuzz/src/lib.rs"]
mod fuzz_entry_points;
use fuzz_entry_points::assert_safe_html;

/// Pieces that try to break out of text, attributes, `<title>`, `<textarea>` and JSON-LD.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "<style>body{}</style>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&lt;script&gt;",
    "&#106;avascript:",
    "\u{2028}\u{2029}",
    "<!--",
    "]]>",
    "`",
    "\\",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(HOSTILE).prop_map(str::to_owned),
            "[ -~]{0,12}",
            any::<char>().prop_map(String::from),
        ],
        1..5,
    )
    .prop_map(|v| v.concat())
}

/// A double-quoted YAML scalar holding `s` (JSON strings are YAML).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

struct Texts {
    title: String,
    description: String,
    author: String,
    checklist_title: String,
    label: String,
    guidance: String,
    ref_title: String,
    ref_author: String,
}

fn build(t: &Texts) -> Option<cited_render::Output> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("references")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        "title: \"T\"\nbase_url: \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/hello.md"),
        format!(
            "---\ntitle: {}\ndescription: {}\nauthors:\n  - name: {}\n---\n\nMost studies found this [@smith2020].\n\n```checklist\nlist\n```\n",
            q(&t.title),
            q(&t.description),
            q(&t.author)
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("content/list.yaml"),
        format!(
            "id: list\ntitle: {}\nitems:\n  - id: a\n    label: {}\nguidance:\n  - when: \"0-1\"\n    text: {}\n",
            q(&t.checklist_title),
            q(&t.label),
            q(&t.guidance)
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("references/smith2020.yaml"),
        format!(
            "references:\n  - id: smith2020\n    type: article-journal\n    title: {}\n    author:\n      - family: {}\n        given: Jane\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/abcd.5678\"\n    findings:\n      - text: \"Most studies found this.\"\n",
            q(&t.ref_title),
            q(&t.ref_author)
        ),
    )
    .unwrap();
    let mut loaded = cited_site::load(root);
    let options = cited_check::CheckOptions::new(jiff::civil::date(2026, 11, 27));
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(cited_check::check(&loaded.site, &options));
    if diagnostics
        .iter()
        .any(|d| d.severity == cited_site::Severity::Error)
    {
        return None;
    }
    let theme = cited_render::Theme::load(&mut loaded.site.sources, root, "default", None).unwrap();
    Some(cited_render::render_to_memory(&loaded.site, &theme).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn text_fields_are_escaped_text(
        title in hostile_text(),
        description in hostile_text(),
        author in hostile_text(),
        checklist_title in hostile_text(),
        label in hostile_text(),
        guidance in hostile_text(),
        ref_title in hostile_text(),
        ref_author in hostile_text(),
    ) {
        let texts = Texts { title, description, author, checklist_title, label, guidance, ref_title, ref_author };
        if let Some(out) = build(&texts) {
            for (path, bytes) in &out {
                if path.ends_with(".html") {
                    assert_safe_html(path, &String::from_utf8_lossy(bytes));
                }
            }
        }
    }

    #[test]
    fn escape_never_leaves_markup(s in any::<String>()) {
        let e = cited_render::escape(&s);
        prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
    }
}

/// The titles alone (no markdown fields) always build: they are plain text and must come out
/// escaped, never refused.
#[test]
fn plain_text_fields_with_markup_build_and_are_escaped() {
    for piece in HOSTILE {
        let texts = Texts {
            // A page's title and description and a checklist's title are checked for claims (`alert(1)` holds a
            // figure): the marker says it is not one, and is not published.
            title: format!("{piece} <!-- cited: not-a-claim: markup under test -->"),
            description: format!("{piece} <!-- cited: not-a-claim: markup under test -->"),
            author: (*piece).to_owned(),
            // A checklist title of whitespace alone is blank, which E0004 refuses: as the
            // reference title below, it gets a visible word.
            checklist_title: if piece.trim().is_empty() {
                format!("Title{piece} <!-- cited: not-a-claim: markup under test -->")
            } else {
                format!("{piece} <!-- cited: not-a-claim: markup under test -->")
            },
            label: "Plain label".to_owned(),
            guidance: "Plain guidance.".to_owned(),
            // A reference title of whitespace alone (`\u{2028}\u{2029}`) is blank, which E0205
            // refuses: give that one a visible word, so the piece is still tested in the title.
            ref_title: if piece.trim().is_empty() {
                format!("Title{piece}")
            } else {
                (*piece).to_owned()
            },
            ref_author: (*piece).to_owned(),
        };
        let out =
            build(&texts).unwrap_or_else(|| panic!("{piece:?} in plain-text fields was refused"));
        for (path, bytes) in &out {
            if path.ends_with(".html") {
                assert_safe_html(path, &String::from_utf8_lossy(bytes));
            }
        }
    }
}
