//! The entry points the fuzz targets drive. The same bodies are replayed over the committed
//! corpora by `crates/cited/tests/hostile.rs` (which includes this file with `#[path]`), so a
//! crash found by fuzzing stays fixed under a plain `cargo test`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use cited_site::FileId;

/// `cited_site::parse_citation`: no panic, and every key range lies inside the text.
pub fn citation(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(Some(items)) = cited_site::parse_citation(text) {
        // Labels of several languages, one of them changing length in lowercase.
        let labels = cited_site::LocatorLabels::new(
            [
                ("p.", "page"),
                ("S.", "page"),
                ("Kap.", "chapter"),
                ("İ.", "line"),
                ("§", "section"),
            ]
            .map(|(label, locator)| (label.to_owned(), locator)),
        );
        for item in items {
            assert!(
                text.get(item.key_range()).is_some(),
                "key range {:?} outside {text:?}",
                item.key_range()
            );
            let _ = item.locator_and_suffix(&labels);
        }
    }
    if let Err(err) = cited_site::parse_citation(text) {
        assert!(
            err.range.end <= text.len() && err.range.start <= err.range.end,
            "{err:?}"
        );
    }
}

/// Front matter splitting and every YAML shape `cited` reads.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    if let Ok(split) = cited_site::split_front_matter(file, text) {
        assert!(split.yaml_start <= split.body_start && split.body_start <= text.len());
        let _ =
            cited_site::parse_yaml::<cited_site::FrontMatter>(file, split.yaml_start, split.yaml);
        cited_site::fuzzing::check_front_matter_readers(split.yaml);
    }
    let _ = cited_site::parse_yaml::<cited_site::FrontMatter>(file, 0, text);
    let _ = cited_site::parse_yaml::<cited_site::SiteConfig>(file, 0, text);
    let _ = cited_site::parse_yaml::<cited_site::ChecklistSource>(file, 0, text);
    // The direct reader of plain reference files reads what serde-saphyr reads, wherever it
    // reads a file at all.
    cited_site::fuzzing::check_reference_readers(text);
    cited_site::fuzzing::check_front_matter_readers(text);
    let _ = cited_site::parse_reference_file(file, "references/r.yaml", text);
    let _ = cited_site::parse_reference_file(file, "references/r.json", text);
    let _ = cited_site::parse_reference_file(file, "references/r.bib", text);
}

/// The claim splitter and the figure normaliser over parsed markdown.
pub fn claims(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = cited_site::Document::parse(FileId(0), 0, text);
    for block in doc.blocks() {
        for sentence in cited_check::claims::sentences(&doc, &block)
            .into_iter()
            .chain(cited_check::claims::sentences_in(&doc, &block))
        {
            for figure in cited_check::claims::figures(&sentence.text) {
                assert!(
                    sentence.text.get(figure.range.clone()).is_some(),
                    "{figure:?}"
                );
                let _ = cited_check::claims::normalize(&figure.written);
            }
            let _ = cited_check::claims::normalize(&sentence.text);
        }
    }
    let _ = cited_check::claims::figures(text);
    let _ = cited_check::claims::normalize(text);
}

/// The site every `site` input is dropped into.
pub const SITE_YAML: &str = "title: \"Fuzz\"\nbase_url: \"https://example.org/\"\n";
/// Its one reference.
pub const REFERENCE: &str = "references:\n  - id: smith2020\n    type: article-journal\n    title: \"A study of things\"\n    author:\n      - family: Smith\n        given: Jane\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/abcd.5678\"\n    findings:\n      - text: \"Most studies found 12% of this.\"\n";

/// The whole load → check → render path, with the input as `content/fuzz.md`.
/// Returns the rendered output when there was no error.
pub fn site(data: &[u8]) -> Option<cited_render::Output> {
    let dir = tempfile::tempdir().expect("tempdir");
    site_in(dir.path(), data)
}

/// [`site`] in a given (empty) folder.
pub fn site_in(root: &Path, data: &[u8]) -> Option<cited_render::Output> {
    std::fs::create_dir_all(root.join("content")).expect("mkdir");
    std::fs::create_dir_all(root.join("references")).expect("mkdir");
    std::fs::write(root.join("content/site.yaml"), SITE_YAML).expect("write");
    std::fs::write(root.join("references/smith2020.yaml"), REFERENCE).expect("write");
    std::fs::write(root.join("content/fuzz.md"), data).expect("write");
    let options = cited_driver::BuildOptions::new(jiff::civil::date(2026, 11, 27));
    let checked = cited_driver::check(root, &options);
    let sink = cited_render::MemorySink::default();
    let built = cited_driver::build(root, &options, &sink);
    // check ≡ build: `cited check` fails exactly when `cited build` would.
    assert_eq!(
        cited_driver::fails(&checked.diagnostics, false),
        !built.rendered,
        "check and build disagree: {:#?} / {:#?}",
        checked.diagnostics,
        built.diagnostics
    );
    assert_eq!(checked.diagnostics, built.diagnostics);
    // Every diagnostic's span must be locatable in its file.
    for d in &built.diagnostics {
        if let Some(span) = &d.span {
            let file = built.site.sources.get(span.file);
            assert!(span.range.start <= span.range.end, "{d:?}");
            assert!(
                file.text.get(span.range.clone()).is_some(),
                "span off the text or a char boundary: {d:?}"
            );
            let _ = file.locate(&span.range);
            let _ = d.resolve(&built.site.sources);
        }
    }
    if !built.rendered {
        return None;
    }
    let out = sink.into_output();
    for (path, bytes) in &out {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert_safe_html(path, &html);
            assert_no_script_from_text(path, &html.to_lowercase());
        }
    }
    Some(out)
}

/// The only `<script` elements a built page may hold: external ones (`src=`) and JSON-LD.
pub fn assert_no_script_from_text(path: &str, html: &str) {
    for (i, _) in html.match_indices("<script") {
        let tag_end = html[i..].find('>').map_or(html.len(), |e| i + e);
        let tag = &html[i..tag_end];
        assert!(
            tag.contains(" src=") || tag.contains("type=\"application/ld+json\""),
            "{path}: inline script {tag:?}"
        );
    }
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
