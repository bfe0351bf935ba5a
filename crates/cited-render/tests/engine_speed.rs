//! Render time per page, MiniJinja (default theme) against Tera 2 (handout theme), on the real
//! article. Ignored by default; run it in release:
//!
//! ```sh
//! cargo test --release -p cited-render --test engine_speed -- --ignored --nocapture
//! ```
//!
//! The article's context is captured once, by rendering the real site with a capture template
//! that writes `{contract, site, page}` as JSON; both engines then render that same value. One
//! "page render" is what the build does for the article: the checklist form of every checklist on
//! the page, then `article.html`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use cited_render::engine::Engine;
use cited_render::theme::{EngineKind, REQUIRED_TEMPLATES, Theme};
use cited_site::source::SourceFile;

const RUNS: usize = 200;
const ARTICLE: &str = "when-talk-therapy-doesnt-work/index.html";

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[test]
#[ignore = "a measurement; run with --ignored --nocapture, in release"]
fn render_time_per_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut site = cited_site::load(&root).site;

    // Capture the article's context as the engines see it.
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
    let output = cited_render::render_to_memory(&site, &capture, &BTreeMap::new())
        .unwrap_or_else(|d| panic!("{d:?}"));
    let mut ctx: serde_json::Value = serde_json::from_slice(&output[ARTICLE]).unwrap();
    // The capture theme has no assets; give the context those of both themes.
    ctx["site"]["assets"] = serde_json::json!({
        "style.css": "/assets/style.00000000.css",
        "checklist.js": "/assets/checklist.00000000.js",
        "handout.css": "/assets/handout.00000000.css",
    });
    let checklists = ctx["page"]["checklists"].as_array().unwrap().clone();
    assert!(!checklists.is_empty(), "the article embeds a checklist");

    let mut medians = Vec::new();
    for name in ["default", "handout"] {
        let theme = Theme::load(&mut site.sources, &root, name, None).unwrap();
        let engine = Engine::new(&theme, &site.sources).unwrap();
        let page = || {
            let mut bytes = 0;
            for checklist in &checklists {
                let form = serde_json::json!({"site": ctx["site"], "checklist": checklist});
                bytes += engine
                    .render_serialize("checklist_form.html", &form)
                    .unwrap()
                    .len();
            }
            bytes + engine.render_serialize("article.html", &ctx).unwrap().len()
        };
        for _ in 0..20 {
            page(); // warm up
        }
        let times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(page());
                start.elapsed()
            })
            .collect();
        let m = median(times);
        println!(
            "{name} ({}): median {:.1} µs per article page over {RUNS} renders",
            engine.kind().as_str(),
            m.as_secs_f64() * 1e6
        );
        medians.push(m);
    }
    println!(
        "ratio tera/minijinja: {:.2}",
        medians[1].as_secs_f64() / medians[0].as_secs_f64()
    );
}
