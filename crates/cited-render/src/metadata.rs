//! Machine-readable metadata: JSON-LD `MedicalWebPage`, sitemap, robots.txt and the Atom feed.

use std::fmt::Write as _;
use std::io::{self, Write};

use foldhash::HashMap;

use cited_csl::escape_into;
use cited_site::Page;
use cited_site::Site;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::context::{PageContext, SiteContext};
use crate::html::escape;

/// Each reference as a schema.org `CreativeWork`, for the `citation` list of the pages citing it:
/// made and serialised once per reference, not once per page that cites it.
pub fn cited_works(site: &Site) -> HashMap<&str, Box<RawValue>> {
    site.references
        .iter()
        .rev() // the first reference of a key wins, as `Site::reference` finds it
        .map(|r| {
            let is_web = matches!(
                r.item_type().as_deref(),
                Some("webpage" | "post" | "post-weblog")
            );
            let mut c = json!({"@type": if is_web { "WebPage" } else { "ScholarlyArticle" }});
            // The title as a reader sees it: no markdown or rich-text tags in metadata.
            if let Some(title) = r.engine_text("title") {
                c["name"] = json!(cited_csl::plain_text(&title));
            }
            let mut ids = Vec::new();
            if let Some(doi) = r.text("DOI") {
                c["sameAs"] = json!(format!("https://doi.org/{}", doi.value));
                ids.push(
                    json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi.value}),
                );
            }
            if let Some(pmid) = r.text("PMID") {
                ids.push(
                    json!({"@type": "PropertyValue", "propertyID": "PMID", "value": pmid.value}),
                );
            }
            if !ids.is_empty() {
                c["identifier"] = Value::Array(ids);
            }
            if let Some(url) = r.text("URL") {
                c["url"] = json!(url.value);
            }
            (r.key.value.as_str(), to_raw(&c))
        })
        .collect()
}

/// `value` as JSON text. Serialising a `Value` cannot fail (its keys are strings); `null` would
/// stand in should that ever change.
fn to_raw(value: &Value) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).unwrap_or_default()
}

/// A JSON-LD document whose `citation` member is a list of pre-serialised works, written in the
/// member's place so that the document's key order does not depend on how it was assembled.
struct WithCitations<'a> {
    doc: &'a Map<String, Value>,
    citation: &'a [&'a RawValue],
}

impl Serialize for WithCitations<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.doc.len()))?;
        for (key, value) in self.doc {
            if key == "citation" {
                map.serialize_entry(key, self.citation)?;
            } else {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// JSON-LD for a page, serialised and made safe inside `<script type="application/ld+json">`.
/// `works` is [`cited_works`] of the site.
pub fn json_ld(
    works: &HashMap<&str, Box<RawValue>>,
    site_ctx: &SiteContext,
    page: &PageContext,
    source: Option<&Page>,
) -> String {
    let person = |p: &crate::context::PersonContext| {
        let mut v = json!({"@type": "Person", "name": p.name});
        if let Some(c) = &p.credentials {
            v["description"] = json!(c);
        }
        v
    };
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": if page.kind == "article" { "MedicalWebPage" } else { "WebPage" },
        "name": page.title,
        "url": page.canonical_url,
        "inLanguage": site_ctx.language,
        "isPartOf": {"@type": "WebSite", "name": site_ctx.title, "url": site_ctx.base_url},
    });
    if !page.description.is_empty() {
        doc["description"] = json!(page.description);
    }
    if let Some(publisher) = &site_ctx.publisher {
        doc["publisher"] =
            json!({"@type": "Organization", "name": publisher.name, "url": publisher.url});
    }
    if page.kind == "article" {
        doc["medicalAudience"] = json!({"@type": "MedicalAudience", "audienceType": "Patient"});
        doc["author"] = Value::Array(page.authors.iter().map(person).collect());
        doc["reviewedBy"] = Value::Array(page.reviewers.iter().map(person).collect());
        if let Some(d) = &page.dates {
            doc["datePublished"] = json!(d.published);
            doc["dateModified"] = json!(d.last_reviewed);
            doc["lastReviewed"] = json!(d.last_reviewed);
        }
        if let Some(p) = source {
            doc["about"] = Value::Array(
                p.front
                    .about
                    .iter()
                    .map(|a| json!({"@type": "Thing", "name": a}))
                    .collect(),
            );
        }
        // A placeholder that keeps the member's place; its works are written as they were
        // serialised, by `cited_works`.
        doc["citation"] = Value::Null;
    }
    let citation: Vec<&RawValue> = page
        .bibliography
        .iter()
        .filter_map(|e| works.get(&*e.key).map(AsRef::as_ref))
        .collect();
    let json = match &doc {
        Value::Object(doc) => serde_json::to_string(&WithCitations {
            doc,
            citation: &citation,
        }),
        other => serde_json::to_string(other),
    };
    // `</` inside a script element would end it; JSON allows `\u003c` instead. Most pages have
    // no `<` in theirs, and keep the string they have (a page's is about 7 KB).
    let json = json.unwrap_or_default();
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

/// What the site-wide pages (home, sitemap, feed) need of a page once its HTML is stored: kept
/// for every page until the end of the build, so no more than that.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// The page's template (`article`, `checklist`, …).
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// URL path from the site root (with the base path).
    pub url: String,
    /// Absolute canonical URL.
    pub canonical_url: String,
    /// Last reviewed (`YYYY-MM-DD`).
    pub last_reviewed: Option<String>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// Kept out of the sitemap.
    pub noindex: bool,
}

impl Summary {
    /// The summary of a rendered page, taking its fields rather than copying them.
    pub fn of(page: PageContext) -> Summary {
        Summary {
            kind: page.kind,
            title: page.title,
            description: page.description,
            url: page.url,
            canonical_url: page.canonical_url,
            last_reviewed: page.dates.and_then(|d| d.last_reviewed),
            authors: page.authors.into_iter().map(|a| a.name).collect(),
            noindex: page.noindex,
        }
    }
}

/// sitemap.xml with `lastmod` from the review date, written into `out` a page at a time: at
/// 100,000 pages it is 8 MB, which a build need not hold.
pub fn write_sitemap(out: &mut dyn Write, pages: &[&Summary]) -> io::Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    )?;
    let mut entry = String::new();
    for page in pages {
        entry.clear();
        entry.push_str("  <url><loc>");
        escape_into(&mut entry, &page.canonical_url);
        entry.push_str("</loc>");
        if let Some(d) = &page.last_reviewed {
            entry.push_str("<lastmod>");
            escape_into(&mut entry, d);
            entry.push_str("</lastmod>");
        }
        entry.push_str("</url>\n");
        out.write_all(entry.as_bytes())?;
    }
    out.write_all(b"</urlset>\n")
}

/// robots.txt pointing at the sitemap.
pub fn robots(site: &SiteContext) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.base_url
    )
}

/// An Atom feed of articles, newest review first, written into `out` an entry at a time: at
/// 100,000 pages it is 40 MB, which a build need not hold.
pub fn write_feed(out: &mut dyn Write, site: &SiteContext, pages: &[&Summary]) -> io::Result<()> {
    let mut articles: Vec<&&Summary> = pages.iter().filter(|p| p.kind == "article").collect();
    let reviewed = |p: &Summary| p.last_reviewed.clone().unwrap_or_default();
    articles.sort_by(|a, b| reviewed(b).cmp(&reviewed(a)).then(a.url.cmp(&b.url)));
    let updated = articles
        .first()
        .map(|p| reviewed(p))
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let mut piece = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <updated>{}T00:00:00Z</updated>\n",
        // Feed readers show the titles and summaries in the site's language, as pages are.
        escape(&site.language),
        escape(&site.title),
        escape(&site.base_url),
        escape(&site.base_url),
        escape(&site.base_url),
        escape(&updated)
    );
    write_xml(out, &mut piece)?;
    for page in articles {
        let authors: String = page
            .authors
            .iter()
            .map(|name| format!("<author><name>{}</name></author>", escape(name)))
            .collect();
        piece.clear();
        // Writing to a `String` cannot fail.
        let _ = write!(
            piece,
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    {}\n    <summary>{}</summary>\n  </entry>\n",
            escape(&page.title),
            escape(&page.canonical_url),
            escape(&page.canonical_url),
            escape(&reviewed(page)),
            authors,
            escape(&page.description)
        );
        write_xml(out, &mut piece)?;
    }
    out.write_all(b"</feed>\n")
}

/// Writes `piece` of an XML document into `out`, without the characters XML 1.0 forbids. The
/// checker refuses control characters in titles; whatever the caller did, the feed never holds
/// one, which would make the whole feed unreadable.
fn write_xml(out: &mut dyn Write, piece: &mut String) -> io::Result<()> {
    if piece.chars().any(|c| !is_xml_char(c)) {
        piece.retain(is_xml_char);
    }
    out.write_all(piece.as_bytes())
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Control characters XML 1.0 forbids never reach `feed.xml`, whatever the titles hold (the
    /// checker refuses them first; this is the renderer's own guard).
    #[test]
    fn the_feed_is_well_formed_xml_whatever_the_titles_hold() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: \"Site\\0\\e[31m\"\nbase_url: https://example.org/\n",
        )
        .unwrap();
        let site = cited_site::load(dir.path()).site;
        let site_ctx = crate::site_context::site_context(&site, &std::collections::BTreeMap::new());
        assert!(site_ctx.title.contains('\u{1B}'), "{:?}", site_ctx.title);
        let page = Summary {
            kind: "article",
            title: "Title\u{8}\u{FFFE} \u{202E}x".to_owned(),
            ..Summary::default()
        };
        let mut feed = Vec::new();
        write_feed(&mut feed, &site_ctx, &[&page]).unwrap();
        let feed = String::from_utf8(feed).unwrap();
        assert!(feed.chars().all(is_xml_char), "{feed:?}");
        assert!(feed.contains("<title>Site[31m</title>"), "{feed}");
        assert!(feed.contains("<title>Title \u{202E}x</title>"), "{feed}");
        // In the site's language (`en` when site.yaml names none).
        assert!(
            feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"),
            "{feed}"
        );
    }

    /// A page's JSON-LD never holds a `<`, so nothing in it ends its script element, and reads
    /// back as the page's own words.
    #[test]
    fn json_ld_never_ends_its_script_element() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let site = cited_site::load(dir.path()).site;
        let site_ctx = crate::site_context::site_context(&site, &std::collections::BTreeMap::new());
        for title in ["</script><script>alert(1)</script>", "Sleep & rest"] {
            let page = crate::context::PageContext {
                kind: "article",
                title: title.to_owned(),
                ..Default::default()
            };
            let json = json_ld(&HashMap::default(), &site_ctx, &page, None);
            assert!(!json.contains('<'), "{json}");
            let value: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value["name"], title, "{json}");
        }
    }

    /// A work's `name` is its title as a reader sees it, whichever syntax the file wrote its
    /// formatting in: no markdown, no rich-text tags.
    #[test]
    fn a_cited_works_name_is_plain_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("references")).unwrap();
        std::fs::write(
            dir.path().join("references/yaml.yaml"),
            "references:\n- id: yaml\n  type: article-journal\n  title: '*E. coli* and \"talk\" in H~2~O'\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("references/json.json"),
            r#"[{"id": "json", "type": "book", "title": "<i>Homo sapiens</i> at <span class=\"nocase\">iPhone</span> scale"}]"#,
        )
        .unwrap();
        let site = cited_site::load(dir.path()).site;
        let works = cited_works(&site);
        let name = |key: &str| {
            let work: Value = serde_json::from_str(works[key].get()).unwrap();
            work["name"].as_str().unwrap().to_owned()
        };
        assert_eq!(name("yaml"), "E. coli and “talk” in H2O");
        assert_eq!(name("json"), "Homo sapiens at iPhone scale");
    }

    #[test]
    fn xml_never_holds_a_forbidden_character() {
        for c in ['\u{0}', '\u{8}', '\u{B}', '\u{1B}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!is_xml_char(c), "{c:?}");
        }
        for c in ['\t', '\n', 'a', '\u{202E}', '\u{85}', '\u{10000}'] {
            assert!(is_xml_char(c), "{c:?}");
        }
    }
}
