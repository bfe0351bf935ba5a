//! Health-publishing standards on the built real site: JSON-LD that matches its schema, and the
//! crisis notice, review line, disclaimer and footer where readers need them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{build, repo_root};

fn build_real_site(out: &Path) {
    let output = build(&repo_root(), out, &["--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses back as JSON")
}

/// A validator for the JSON Schema keywords the schema file uses; unknown keywords fail loudly.
fn validate(value: &Value, schema: &Value, root: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(rules) = schema.as_object() else {
        return;
    };
    for (keyword, rule) in rules {
        match keyword.as_str() {
            "$comment" | "$defs" => {}
            "$ref" => {
                let name = rule.as_str().unwrap().trim_start_matches("#/$defs/");
                validate(value, &root["$defs"][name], root, path, errors);
            }
            "type" => {
                let ok = match rule.as_str().unwrap() {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    other => panic!("unsupported type {other}"),
                };
                if !ok {
                    errors.push(format!("{path}: not a {rule}"));
                }
            }
            "required" => {
                for key in rule.as_array().unwrap() {
                    if value.get(key.as_str().unwrap()).is_none() {
                        errors.push(format!("{path}: missing {key}"));
                    }
                }
            }
            "properties" => {
                for (key, sub) in rule.as_object().unwrap() {
                    if let Some(v) = value.get(key) {
                        validate(v, sub, root, &format!("{path}.{key}"), errors);
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    validate(item, rule, root, &format!("{path}[{i}]"), errors);
                }
            }
            "const" if value != rule => errors.push(format!("{path}: {value} is not {rule}")),
            "enum" if !rule.as_array().unwrap().contains(value) => {
                errors.push(format!("{path}: {value} not in {rule}"))
            }
            "minItems"
                if value.as_array().map_or(0, Vec::len) < rule.as_u64().unwrap() as usize =>
            {
                errors.push(format!("{path}: fewer than {rule} items"));
            }
            "minLength" if value.as_str().map_or(0, str::len) < rule.as_u64().unwrap() as usize => {
                errors.push(format!("{path}: shorter than {rule}"));
            }
            "pattern" => {
                // The schema's patterns are a full date or an anchored URL prefix.
                let pattern = rule.as_str().unwrap();
                let text = value.as_str().unwrap_or("");
                let ok = match pattern {
                    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" => {
                        text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
                    }
                    "^https?://" => text.starts_with("http://") || text.starts_with("https://"),
                    "^https://" => text.starts_with("https://"),
                    "^https://doi\\.org/10\\." => text.starts_with("https://doi.org/10."),
                    other => panic!("the test's validator does not know the pattern {other}"),
                };
                if !ok {
                    errors.push(format!("{path}: {text:?} does not match {pattern}"));
                }
            }
            "const" | "enum" | "minItems" | "minLength" => {}
            other => panic!("the test's validator does not know `{other}`"),
        }
    }
}

#[test]
fn json_ld_matches_the_schema_and_the_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_real_site(&out);
    let html =
        std::fs::read_to_string(out.join("when-talk-therapy-doesnt-work/index.html")).unwrap();
    let doc = json_ld(&html);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("tests/schema/medical-web-page.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let mut errors = Vec::new();
    validate(&doc, &schema, &schema, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    // Every cited reference is in `citation`, with its DOI where it has one.
    let citations = doc["citation"].as_array().unwrap();
    assert_eq!(citations.len(), 9);
    assert!(
        citations
            .iter()
            .any(|c| c["sameAs"] == "https://doi.org/10.4088/PCC.10m01013")
    );
    insta::assert_snapshot!(
        "article-json-ld",
        serde_json::to_string_pretty(&doc).unwrap()
    );

    // A broken document fails the same validator: the test can fail.
    let mut broken = doc.clone();
    broken["medicalAudience"]["audienceType"] = Value::from("Clinician");
    broken.as_object_mut().unwrap().remove("lastReviewed");
    let mut errors = Vec::new();
    validate(&broken, &schema, &schema, "$", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn every_page_carries_the_crisis_notice_disclaimer_and_footer_and_content_pages_the_review_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_real_site(&out);
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    assert_eq!(pages.len(), 6, "{pages:?}");
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let name = page.strip_prefix(&out).unwrap().display().to_string();
        for needle in [
            "class=\"crisis\"",
            // Readers in crisis tap the number on their phone.
            "call <a href=\"tel:988\">988</a> or <a href=\"sms:988\">text 988</a>",
            "<a href=\"tel:911\">911</a>",
            "<a href=\"tel:116123\">116 123</a>",
            "findahelpline.com",
            "class=\"disclaimer\"",
            "not a diagnosis",
            "<footer",
            "no analytics and no cookies",
            "Editorial policy",
            "This site carries no advertising.",
        ] {
            assert!(html.contains(needle), "{name} lacks {needle:?}");
        }
        // The crisis notice comes before the main content.
        assert!(
            html.find("class=\"crisis\"").unwrap() < html.find("<main").unwrap(),
            "{name}"
        );
        let is_content =
            name.contains("when-talk-therapy-doesnt-work") || name.starts_with("checklists/");
        if is_content {
            for needle in [
                "Last reviewed",
                "Next review due",
                "Written by",
                "Reviewed by",
                "(Health editors)",
            ] {
                assert!(html.contains(needle), "{name} lacks {needle:?}");
            }
        }
    }
}

#[test]
fn metadata_files_are_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_real_site(&out);
    let article =
        std::fs::read_to_string(out.join("when-talk-therapy-doesnt-work/index.html")).unwrap();
    for needle in [
        "<html lang=\"en\">",
        "<link rel=\"canonical\" href=\"https://cited-health.github.io/cited/when-talk-therapy-doesnt-work/\">",
        "<meta name=\"description\"",
        "<meta property=\"og:title\"",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "Content-Security-Policy",
    ] {
        assert!(article.contains(needle), "article lacks {needle:?}");
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://cited-health.github.io/cited/when-talk-therapy-doesnt-work/</loc><lastmod>2026-11-27</lastmod>"), "{sitemap}");
    assert!(!sitemap.contains("404.html"));
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://cited-health.github.io/cited/sitemap.xml"));
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<title>When talk therapy doesn&#39;t work: what to do next</title>"),
        "{feed}"
    );
    assert!(feed.contains("<updated>2026-11-27T00:00:00Z</updated>"));
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    for needle in [
        "no external funding",
        "no conflicts of interest",
        "no advertising",
        "every 365 days",
    ] {
        assert!(
            about.to_lowercase().contains(&needle.to_lowercase()),
            "about lacks {needle:?}"
        );
    }
}

/// A page's review dates and its bibliography's "Accessed" dates are written alike, as the
/// site's CSL locale writes a date: `en` is `en-US`, as in Pandoc.
#[test]
fn a_pages_dates_read_as_its_bibliographys() {
    for (language, reviewed, accessed) in [
        ("en", "November 27, 2026", "Accessed November 26, 2026"),
        ("en-GB", "27 November 2026", "Accessed 26 November 2026"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for folder in ["content", "references"] {
            common::copy_dir(&repo_root().join(folder), &root.join(folder));
        }
        let config = root.join("content/site.yaml");
        let yaml = std::fs::read_to_string(&config).unwrap();
        assert!(yaml.contains("\nlanguage: en\n"));
        std::fs::write(
            &config,
            yaml.replace("\nlanguage: en\n", &format!("\nlanguage: {language}\n")),
        )
        .unwrap();
        let out = tmp.path().join("public");
        let output = build(&root, &out, &["--quiet"]);
        assert!(output.status.success(), "{}", common::text(&output.stderr));
        let html =
            std::fs::read_to_string(out.join("when-talk-therapy-doesnt-work/index.html")).unwrap();
        assert!(
            html.contains(&format!("<time datetime=\"2026-11-27\">{reviewed}</time>")),
            "{language}: the review date is not `{reviewed}`"
        );
        assert!(html.contains(accessed), "{language}: no `{accessed}`");
    }
}
