//! A figure under the site's strict Content-Security-Policy: the picture loads, nothing moves
//! when it arrives (Cumulative Layout Shift 0 on a phone and a desktop), and axe-core finds
//! nothing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use image::ImageEncoder;
use serde_json::{Value, json};

use crate::ARTICLE;
use crate::accessibility::{format_violations, run_axe};
use crate::cdp::viewport;
use crate::support::*;

/// The real site with a figure at the top of the article, its picture in `content/images/`, and a
/// link to the figure further down.
pub(crate) fn figure_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = fresh_site_folder("e2e-figure");
        let src = dir.join("src");
        for sub in ["content", "references", "themes"] {
            copy_dir(&workspace_root().join(sub), &src.join(sub));
        }
        let picture = image::RgbImage::from_fn(1600, 900, |x, y| {
            image::Rgb([(x / 7 % 256) as u8, (y / 4 % 256) as u8, 160])
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(picture.as_raw(), 1600, 900, image::ExtendedColorType::Rgb8)
            .unwrap();
        std::fs::create_dir_all(src.join("content/images")).unwrap();
        std::fs::write(src.join("content/images/e2e-figure.png"), png).unwrap();
        let article = src.join("content/when-talk-therapy-doesnt-work.md");
        let text = std::fs::read_to_string(&article).unwrap();
        let body_start = text[3..].find("\n---\n").map(|i| i + 3 + 5).unwrap();
        let figure = "![Coloured bands drawn for the browser test](e2e-figure.png){#fig:e2e}\n\n\
                      The picture above is [the test figure](#fig:e2e).\n\n";
        let text = format!("{}{figure}{}", &text[..body_start], &text[body_start..]);
        std::fs::write(&article, text).unwrap();
        let out = dir.join("out");
        cited_build(&src, &out);
        out
    })
    .as_path()
}

/// Loads `url` afresh and reports, once the figure's picture has arrived: its natural width, its
/// shown width, and the Cumulative Layout Shift of the load (every `layout-shift` entry without
/// recent input, buffered from the start of the page), each shift with what moved, from where to
/// where, so that a failure says what to mend.
const MEASURE: &str = "const done = arguments[arguments.length - 1]; \
    const img = document.querySelector('figure#fig\\\\:e2e img'); \
    if (!img) { done({ error: 'no figure' }); return; } \
    const report = () => { \
      let cls = 0; const shifts = []; \
      new PerformanceObserver((list) => { \
        for (const e of list.getEntries()) { if (!e.hadRecentInput) { cls += e.value; shifts.push({ value: e.value, at: Math.round(e.startTime), \
          moved: e.sources.map((m) => ({ node: m.node ? m.node.nodeName + (m.node.className ? '.' + m.node.className : '') : null, \
            from: [m.previousRect.x, m.previousRect.y, m.previousRect.width, m.previousRect.height], \
            to: [m.currentRect.x, m.currentRect.y, m.currentRect.width, m.currentRect.height] })) }); }  } \
      }).observe({ type: 'layout-shift', buffered: true }); \
      setTimeout(() => done({ cls, shifts, natural: img.naturalWidth, complete: img.complete, \
        shown: img.getBoundingClientRect().width, current: img.currentSrc, \
        inner: window.innerWidth, innerHeight: window.innerHeight, \
        top: img.getBoundingClientRect().top + window.scrollY }), 500); \
    }; \
    if (img.complete) { report(); } else { img.addEventListener('load', report); img.addEventListener('error', report); }";

/// The window's height: the article's header, crisis notice, title and contents come before the
/// figure, about 1,500 px on a phone.
const HEIGHT: u32 = 2400;

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn a_figure_loads_under_the_csp_without_layout_shift() {
    let test = "a_figure_loads_under_the_csp_without_layout_shift";
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe_source = std::fs::read_to_string(axe_path).unwrap();
    let server = Server::start(figure_site_dir());
    let url = server.url(ARTICLE);
    with_browser(true, move |c| async move {
        for width in [375u32, 1280] {
            // Tall enough that the figure and the text after it are on the first screen: a shift
            // counts only where it is seen.
            // The viewport set through DevTools, and seen in force before the load: a window
            // resize reaches the renderer later, and a page laid out at the old width and then
            // at the new one counts the change as a shift.
            viewport(&c, width, HEIGHT).await;
            // A fresh load at this width: the layout-shift entries are this load's.
            c.goto("about:blank").await.unwrap();
            wait_for_width(&c, width).await;
            c.goto(&url).await.unwrap();
            let csp = js(
                &c,
                "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
            )
            .await;
            assert!(
                csp.as_str().unwrap().contains("img-src 'self';"),
                "the strict policy is in force: {csp}"
            );
            let measured: Value = c.execute_async(MEASURE, vec![]).await.unwrap();
            eprintln!("{width} px: {measured}");
            assert_eq!(measured["complete"], json!(true), "{width} px: {measured}");
            assert!(
                measured["natural"].as_f64().unwrap_or(0.0) > 0.0,
                "{width} px: the picture did not load: {measured}"
            );
            assert!(
                measured["top"].as_f64().unwrap_or(f64::MAX) + 100.0
                    < measured["innerHeight"].as_f64().unwrap_or(0.0),
                "{width} px: the figure is not on the first screen, so a shift would not count: {measured}"
            );
            assert_eq!(
                measured["cls"].as_f64(),
                Some(0.0),
                "{width} px: the layout shifted: {measured}"
            );
            assert!(
                measured["shown"].as_f64().unwrap_or(f64::MAX) <= f64::from(width),
                "{width} px: the picture is wider than the window: {measured}"
            );
        }
        wait_for_enhanced(&c).await;
        let (violations, summary) = run_axe(&c, &axe_source).await;
        eprintln!("figure page: {summary}");
        let report = format_violations("figure page", &violations);
        assert!(report.is_empty(), "axe-core violations:\n{report}");
        // The link to the figure leads to it.
        let target = js(
            &c,
            "return document.querySelector('a[href=\"#fig:e2e\"]') !== null && document.getElementById('fig:e2e').tagName",
        )
        .await;
        assert_eq!(target, json!("FIGURE"));
    })
    .await;
}
