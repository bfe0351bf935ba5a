//! The render stage's hot paths: CSL formatting, markdown to HTML, and template rendering.
//!
//! `cargo bench -p cited-render --bench render`. Each group carries its own baseline, measured
//! in the same run, so results read as ratios:
//!
//! - `markdown_to_html`: `pulldown_cmark_push_html` (the parser and its own HTML writer on the
//!   same text) against `render_document` (ours: the parse replayed with citations recognised,
//!   link rewriting, footnotes at the end).
//! - `csl`: `real_site` formats the real site's citations; `ama_500_refs_2000_clusters` and
//!   `apa_...` scale that to a library, one pass per site as the build does.
//! - `templates`: one article page (its checklist form, then `article.html`) rendered from the
//!   same captured context by MiniJinja (default theme) and Tera 2 (handout theme). The themes'
//!   templates differ, so this compares pages, not engines on identical templates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cited_csl::{CitationStyle, CiteItem, Locator, format_site};
use cited_render::Engine;
use cited_render::{EngineKind, REQUIRED_TEMPLATES, Theme};
use cited_render::{LinkRewriter, render_document};
use cited_site::Site;
use cited_site::SourceFile;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn real_site() -> Site {
    let loaded = cited_site::load(&root());
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.site
}

mod markdown_to_html {
    use super::*;

    #[divan::bench]
    fn pulldown_cmark_push_html(bencher: Bencher) {
        let site = real_site();
        let text = site.pages[0].body.text();
        let options = pulldown_cmark::Options::ENABLE_TABLES
            | pulldown_cmark::Options::ENABLE_FOOTNOTES
            | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
            | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
            | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
        bencher.bench(|| {
            let mut html = String::new();
            let parser = pulldown_cmark::Parser::new_ext(black_box(text), options);
            pulldown_cmark::html::push_html(&mut html, parser);
            html
        });
    }

    #[divan::bench]
    fn render_document_with_citations(bencher: Bencher) {
        let site = real_site();
        let page = &site.pages[0];
        let links = LinkRewriter {
            base_path: "/cited/",
            md_targets: &|_, _| None,
            images: None,
            words: &cited_site::words::english().words,
        };
        bencher.bench(|| {
            render_document(
                black_box(&page.body),
                &links,
                &mut |i| format!("<sup>{i}</sup>").into(),
                &mut |_| String::new(),
            )
        });
    }
}

mod csl {
    use super::*;

    /// `n` journal articles with two to four authors each.
    fn library(n: usize) -> Vec<(String, serde_json::Value)> {
        (0..n)
            .map(|i| {
                let authors: Vec<serde_json::Value> = (0..2 + i % 3)
                    .map(|a| serde_json::json!({"family": format!("Author{i}x{a}"), "given": "Jane Q."}))
                    .collect();
                (
                    format!("ref{i:04}"),
                    serde_json::json!({
                        "type": "article-journal",
                        "title": format!("Outcomes of psychotherapy in trial {i}: a randomized study"),
                        "author": authors,
                        "issued": {"date-parts": [[1990 + (i % 35) as i64, 1 + (i % 12) as i64]]},
                        "container-title": "Journal of Consulting and Clinical Psychology",
                        "container-title-short": "J Consult Clin Psychol",
                        "volume": format!("{}", 10 + i % 80),
                        "issue": format!("{}", 1 + i % 6),
                        "page": format!("{}-{}", 100 + i, 110 + i),
                        "DOI": format!("10.1037/ccp{i:07}"),
                    }),
                )
            })
            .collect()
    }

    /// `n` citation clusters of one to three items over `refs` references, a fifth with a page.
    fn clusters(n: usize, refs: usize) -> Vec<Vec<CiteItem>> {
        (0..n)
            .map(|c| {
                (0..1 + c % 3)
                    .map(|k| {
                        let mut item = CiteItem::new(format!("ref{:04}", (c * 7 + k * 13) % refs));
                        if c % 5 == 0 {
                            item.locator = Some(Locator {
                                label: "page".to_owned(),
                                value: format!("{}", 4 + c % 40),
                            });
                        }
                        item
                    })
                    .collect()
            })
            .collect()
    }

    #[divan::bench]
    fn real_site(bencher: Bencher) {
        let site = super::real_site();
        let style = cited_render::citation_style(&site).unwrap();
        // Preparing, then every page's and checklist's citations, as a build formats them.
        let units: Vec<cited_render::Unit> = (0..site.pages.len())
            .map(cited_render::Unit::Page)
            .chain((0..site.checklists.len()).map(cited_render::Unit::Checklist))
            .collect();
        bencher.bench(|| {
            cited_render::format_citations(black_box(&site), &style)
                .is_ok_and(|c| units.iter().all(|&u| c.of(&site, u).is_ok()))
        });
    }

    #[divan::bench(args = ["american-medical-association", "apa"], sample_count = 10, sample_size = 1)]
    fn refs_500_clusters_2000(bencher: Bencher, style: &str) {
        let style = CitationStyle::bundled(style).unwrap();
        let refs = library(500);
        let cites = clusters(2000, 500);
        bencher.bench(|| {
            format_site(&style, "", black_box(&refs), &cites, false)
                .unwrap()
                .citations
                .len()
        });
    }
}

mod templates {
    use super::*;

    /// The article's context as the engines see it, captured by rendering the real site with a
    /// template that writes `{contract, site, page}` as JSON.
    fn article_context(site: &mut Site) -> serde_json::Value {
        let root = root();
        let mut templates = BTreeMap::new();
        for name in REQUIRED_TEMPLATES {
            let text = if *name == "article.html" {
                r#"{{ {"contract": contract, "site": site, "page": page} | tojson }}"#
            } else {
                ""
            };
            let id = site.sources.add(SourceFile::new(
                format!("capture/{name}"),
                root.join("capture").join(name),
                text,
            ));
            templates.insert((*name).to_owned(), id);
        }
        let manifest = site.sources.add(SourceFile::new(
            "capture/theme.yaml",
            root.join("capture"),
            "",
        ));
        let capture = Theme {
            name: "capture".to_owned(),
            engine: EngineKind::Minijinja,
            manifest,
            templates,
            assets: BTreeMap::new(),
        };
        let output = cited_render::render_to_memory(site, &capture).unwrap();
        let mut ctx: serde_json::Value =
            serde_json::from_slice(&output["when-talk-therapy-doesnt-work/index.html"]).unwrap();
        // The capture theme has no assets; give the context those of both themes.
        ctx["site"]["assets"] = serde_json::json!({
            "style.css": "/assets/style.00000000.css",
            "checklist.js": "/assets/checklist.00000000.js",
            "handout.css": "/assets/handout.00000000.css",
        });
        ctx
    }

    #[divan::bench(args = ["default", "handout"])]
    fn article_page(bencher: Bencher, theme: &str) {
        let mut site = real_site();
        let ctx = article_context(&mut site);
        let checklists = ctx["page"]["checklists"].as_array().unwrap().clone();
        assert!(!checklists.is_empty(), "the article embeds a checklist");
        let theme = Theme::load(&mut site.sources, &root(), theme, None).unwrap();
        let engine = Engine::new(&theme, &site.sources).unwrap();
        bencher.bench(|| {
            let mut bytes = 0;
            for checklist in &checklists {
                let form = serde_json::json!({"site": ctx["site"], "checklist": checklist});
                bytes += engine
                    .render_serialize("checklist_form.html", &form)
                    .unwrap()
                    .len();
            }
            bytes
                + engine
                    .render_serialize("article.html", black_box(&ctx))
                    .unwrap()
                    .len()
        });
    }
}
