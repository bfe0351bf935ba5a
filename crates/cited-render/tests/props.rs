//! Property tests: whatever text an editor writes in a page title, description, author, checklist
//! title/label/guidance or reference title/author, the built HTML holds it as escaped text only —
//! no script element, no event-handler or style attribute, no `javascript:`/`data:`/`vbscript:`
//! URL. Drives the library (load → check → render), not the binary, for speed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

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
        .any(|d| d.severity == cited_site::diagnostic::Severity::Error)
    {
        return None;
    }
    let theme =
        cited_render::theme::Theme::load(&mut loaded.site.sources, root, "default", None).unwrap();
    Some(cited_render::render(&loaded.site, &theme, &Default::default()).unwrap())
}

/// Walks the tags of `html` and fails on markup that text must never produce.
pub fn assert_safe_html(name: &str, html: &str) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        let rest = &html[lt + 1..];
        if rest.starts_with("!--") {
            let end = rest.find("-->").map_or(html.len(), |e| lt + 1 + e + 3);
            i = end;
            continue;
        }
        // Tag name.
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let tag = rest[..name_end].to_ascii_lowercase();
        let mut j = lt + 1 + name_end;
        let mut attrs: Vec<(String, String)> = Vec::new();
        // Attributes until `>`.
        while j < bytes.len() && bytes[j] != b'>' {
            let c = bytes[j];
            if c.is_ascii_whitespace() || c == b'/' {
                j += 1;
                continue;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let vstart = j + 1;
                    j = vstart;
                    while j < bytes.len() && bytes[j] != quote {
                        j += 1;
                    }
                    value = html[vstart..j.min(html.len())].to_owned();
                    j += 1;
                } else {
                    let vstart = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = html[vstart..j].to_owned();
                }
            }
            attrs.push((attr, value));
        }
        for (attr, value) in &attrs {
            assert!(
                !attr.starts_with("on"),
                "{name}: event attribute `{attr}` on <{tag}>"
            );
            assert!(attr != "style", "{name}: style attribute on <{tag}>");
            assert!(
                !attr.contains('"') && !attr.contains('\'') && !attr.contains('<'),
                "{name}: broken attribute `{attr}` on <{tag}>"
            );
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let is_url = matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "poster"
                    | "srcset"
                    | "cite"
                    | "data"
            );
            for scheme in ["javascript:", "vbscript:", "data:"]
                .into_iter()
                .filter(|_| is_url)
            {
                assert!(
                    !squashed.starts_with(scheme),
                    "{name}: {scheme} URL in <{tag} {attr}>"
                );
            }
        }
        assert!(
            !matches!(
                tag.as_str(),
                "img" | "svg" | "iframe" | "object" | "embed" | "style" | "textarea" | "base"
            ),
            "{name}: <{tag}> element"
        );
        if tag == "script" {
            let src = attrs.iter().any(|(a, _)| a == "src");
            let ld = attrs
                .iter()
                .any(|(a, v)| a == "type" && v == "application/ld+json");
            assert!(src || ld, "{name}: inline <script>");
            let body_end = html[j..].find("</script").map_or(html.len(), |e| j + e);
            if src {
                assert!(
                    html[j + 1..body_end].trim().is_empty(),
                    "{name}: script with src and body"
                );
            } else {
                assert!(
                    !html[j + 1..body_end].contains('<'),
                    "{name}: `<` inside JSON-LD"
                );
            }
            i = body_end + 1;
            continue;
        }
        i = j.min(html.len());
    }
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
        let e = cited_render::html::escape(&s);
        prop_assert!(!e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''));
    }
}

/// The titles alone (no markdown fields) always build: they are plain text and must come out
/// escaped, never refused.
#[test]
fn plain_text_fields_with_markup_build_and_are_escaped() {
    for piece in HOSTILE {
        let texts = Texts {
            title: (*piece).to_owned(),
            description: (*piece).to_owned(),
            author: (*piece).to_owned(),
            checklist_title: (*piece).to_owned(),
            label: "Plain label".to_owned(),
            guidance: "Plain guidance.".to_owned(),
            ref_title: (*piece).to_owned(),
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
