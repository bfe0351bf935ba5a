//! Accessibility (axe-core, WCAG checks axe does not make) and HTML validity (Nu Html Checker).

use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

use super::support::*;
use super::{ARTICLE, CHECKLIST_PAGE};

/// The pages axe-core checks: `(label, path under the site prefix)`.
pub(crate) const AXE_PAGES: &[(&str, &str)] = &[
    ("article", ARTICLE),
    ("checklist", CHECKLIST_PAGE),
    ("references", "/references/"),
    ("home", "/"),
    ("about", "/about/"),
    ("404", "/404.html"),
];

/// The axe-core rule tags run: WCAG 2.0, 2.1 and 2.2 levels A and AA.
pub(crate) const AXE_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

/// Pages with a checklist wait for the module to enhance it.
pub(crate) fn has_checklist(path: &str) -> bool {
    path == ARTICLE || path == CHECKLIST_PAGE
}

/// Inject axe-core (its source, run through WebDriver) and run it on the whole document.
/// Returns the violations, simplified, and a one-line summary.
pub(crate) async fn run_axe(c: &Client, axe_source: &str) -> (Vec<Value>, String) {
    c.execute(axe_source, vec![])
        .await
        .expect("inject axe-core through WebDriver");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {AXE_TAGS} }} }})
           .then(r => done({{
             version: axe.version,
             passes: r.passes.length,
             incomplete: r.incomplete.map(i => i.id),
             violations: r.violations.map(v => ({{
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(n => ({{ target: n.target, html: n.html.slice(0, 160),
                                          summary: n.failureSummary }})),
             }})),
           }}))
           .catch(e => done({{ error: String(e && e.stack || e) }}));"
    );
    let result = c
        .execute_async(&script, vec![])
        .await
        .expect("run axe-core");
    assert!(
        result["error"].is_null(),
        "axe.run failed: {}",
        result["error"]
    );
    let violations = result["violations"].as_array().unwrap().clone();
    let summary = format!(
        "axe {}: {} violations, {} rules passed, needs review: {}",
        result["version"].as_str().unwrap_or("?"),
        violations.len(),
        result["passes"],
        result["incomplete"]
    );
    (violations, summary)
}

/// Violations as readable text: rule id, impact, help, then each node's selector and summary.
pub(crate) fn format_violations(page: &str, violations: &[Value]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for v in violations {
        let _ = writeln!(
            out,
            "{page}: {} [{}] {} <{}>",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            v["helpUrl"].as_str().unwrap_or("")
        );
        for n in v["nodes"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "    at {}\n       {}\n       {}",
                n["target"],
                n["html"].as_str().unwrap_or(""),
                n["summary"]
                    .as_str()
                    .unwrap_or("")
                    .replace('\n', "\n       ")
            );
        }
    }
    out
}

/// Run axe-core on every page in [`AXE_PAGES`], in the light or (forced) dark colour scheme.
pub(crate) async fn axe_all_pages(test: &str, dark: bool) {
    axe_all_pages_of(test, site_dir(), dark, true).await;
}

/// Runs axe on every page of a built site; `scripted` sites enhance their checklists first.
pub(crate) async fn axe_all_pages_of(test: &str, site: &'static Path, dark: bool, scripted: bool) {
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe_source = std::fs::read_to_string(axe_path).unwrap();
    let server = Server::start(site);
    let pages: Vec<(&'static str, &'static str, String)> = AXE_PAGES
        .iter()
        .map(|(label, path)| (*label, *path, server.url(path)))
        .collect();
    // `--force-dark-mode` makes Chromium report `prefers-color-scheme: dark` to pages.
    let args: &[&str] = if dark { &["--force-dark-mode"] } else { &[] };
    let scheme = if dark { "dark" } else { "light" };
    with_browser_args(true, args, move |c| async move {
        let mut report = String::new();
        for (label, path, url) in &pages {
            c.goto(url).await.unwrap();
            if scripted && has_checklist(path) {
                wait_for_enhanced(&c).await;
            }
            let is_dark = js(
                &c,
                "return matchMedia('(prefers-color-scheme: dark)').matches",
            )
            .await;
            assert_eq!(
                is_dark,
                json!(dark),
                "{label}: prefers-color-scheme is {scheme}"
            );
            let (violations, summary) = run_axe(&c, &axe_source).await;
            eprintln!("{label} ({scheme}): {summary}");
            report.push_str(&format_violations(
                &format!("{label} ({scheme})"),
                &violations,
            ));
        }
        assert!(report.is_empty(), "axe-core violations:\n{report}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn axe_finds_no_wcag_violations() {
    axe_all_pages("axe_finds_no_wcag_violations", false).await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn axe_finds_no_wcag_violations_in_the_handout_theme() {
    axe_all_pages_of(
        "axe_finds_no_wcag_violations_in_the_handout_theme",
        handout_site_dir(),
        false,
        false,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn axe_finds_no_wcag_violations_in_dark_mode() {
    axe_all_pages("axe_finds_no_wcag_violations_in_dark_mode", true).await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn webdriver_scripts_bypass_the_csp_that_blocks_page_scripts() {
    let test = "webdriver_scripts_bypass_the_csp_that_blocks_page_scripts";
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe_source = std::fs::read_to_string(axe_path).unwrap();
    let server = Server::start(site_dir());
    let url = server.url(ARTICLE);
    with_browser(true, move |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let csp = js(
            &c,
            "const m = document.querySelector('meta[http-equiv=Content-Security-Policy]'); \
             return m && m.content",
        )
        .await;
        assert!(
            csp.as_str().unwrap_or("").contains("script-src 'self'"),
            "the page has a CSP: {csp}"
        );
        // A script the page itself adds is blocked by the CSP...
        let inline_ran = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 const s = document.createElement('script'); \
                 s.textContent = 'window.__inlineRan = true'; \
                 document.head.append(s); \
                 setTimeout(() => done(window.__inlineRan === true), 100);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(inline_ran, json!(false), "the CSP blocks inline scripts");
        // ...but WebDriver's execute is not, so axe-core can be injected from its source.
        c.execute(&axe_source, vec![]).await.unwrap();
        let version = js(&c, "return typeof axe === 'object' && axe.version").await;
        assert_eq!(
            version.as_str().map(|v| v.starts_with("4.")),
            Some(true),
            "{version}"
        );

        // Positive control: the harness does report violations (an unnamed button).
        js(
            &c,
            "const b = document.createElement('button'); b.id = 'axe-control'; \
             document.querySelector('main').append(b);",
        )
        .await;
        let (violations, summary) = run_axe(&c, &axe_source).await;
        let report = format_violations("control", &violations);
        eprintln!("{summary}\n{report}");
        assert!(report.contains("button-name"), "{report}");
        assert!(report.contains("#axe-control"), "{report}");
    })
    .await;
}

/// `[scrollWidth, clientWidth, innerWidth, offenders]` of the current page: offenders are up to
/// five elements reaching past the right edge (outside scroll containers such as tables).
pub(crate) async fn horizontal_overflow(c: &Client) -> (i64, i64, i64, Value) {
    let v = js(
        c,
        "const de = document.documentElement, w = de.clientWidth; \
         const inScroller = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) \
           { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; }; \
         const off = [...document.body.querySelectorAll('*')].filter(e => { const r = e.getBoundingClientRect(); \
           return r.width > 0 && r.right > w + 1 && !inScroller(e); }).slice(0, 5) \
           .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' right=' + Math.round(e.getBoundingClientRect().right)); \
         return [de.scrollWidth, w, window.innerWidth, off];",
    )
    .await;
    (
        v[0].as_i64().unwrap(),
        v[1].as_i64().unwrap(),
        v[2].as_i64().unwrap(),
        v[3].clone(),
    )
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn reflow_at_320_and_200_percent_zoom_without_horizontal_scroll() {
    if !browser_available("reflow_at_320_and_200_percent_zoom_without_horizontal_scroll") {
        return;
    }
    let server = Server::start(site_dir());
    let pages: Vec<(&'static str, String)> = AXE_PAGES
        .iter()
        .map(|(_, path)| (*path, server.url(path)))
        .collect();
    with_browser(true, move |c| async move {
        // 320 CSS px is WCAG 1.4.10's reflow width; 640 CSS px is a 1280 px window at 200% zoom.
        for (width, height) in [(320_i64, 800_i64), (640, 800)] {
            c.set_window_size(width as u32, height as u32).await.unwrap();
            for (path, url) in &pages {
                c.goto(url).await.unwrap();
                if has_checklist(path) {
                    wait_for_enhanced(&c).await;
                }
                let (scroll, client, inner, offenders) = horizontal_overflow(&c).await;
                assert!(
                    inner <= width,
                    "{path}: viewport {inner} px wide for a {width} px window"
                );
                assert!(
                    scroll <= client,
                    "{path} at {width} px: horizontal scroll (scrollWidth {scroll} > clientWidth {client}); past the edge: {offenders}"
                );
            }
            // The checklist's controls are all visible and inside the viewport.
            c.goto(&server_url_of(&pages, CHECKLIST_PAGE)).await.unwrap();
            wait_for_enhanced(&c).await;
            let controls = js(
                &c,
                "const w = document.documentElement.clientWidth; \
                 return [...document.querySelectorAll('.checklist input, .checklist button')].map(e => { \
                   const r = e.getBoundingClientRect(); \
                   return [e.className || e.name, r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible', \
                           r.left >= 0 && r.right <= w]; });",
            )
            .await;
            let controls = controls.as_array().unwrap();
            assert_eq!(controls.len(), 9, "5 items + remember + 3 buttons: {controls:?}");
            for ctl in controls {
                assert_eq!(ctl[1], json!(true), "visible at {width} px: {ctl}");
                assert_eq!(ctl[2], json!(true), "inside the viewport at {width} px: {ctl}");
            }
        }
    })
    .await;
}

pub(crate) fn server_url_of(pages: &[(&str, String)], path: &str) -> String {
    pages.iter().find(|(p, _)| *p == path).unwrap().1.clone()
}

/// Styles whose citations are words, not numbers: an author-date cluster in the sentence and a
/// note style's citations (in notes, and in place inside the checklist) must wrap like prose.
#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn citations_in_words_wrap_at_320_px_in_author_date_and_note_styles() {
    let test = "citations_in_words_wrap_at_320_px_in_author_date_and_note_styles";
    if !browser_available(test) {
        return;
    }
    for style in ["apa", "chicago-notes"] {
        let server = Server::start(site_in_style(style));
        let pages: Vec<(&'static str, String)> = [ARTICLE, CHECKLIST_PAGE, "/references/"]
            .into_iter()
            .map(|path| (path, server.url(path)))
            .collect();
        with_browser(true, move |c| async move {
            c.set_window_size(320, 800).await.unwrap();
            for (path, url) in &pages {
                c.goto(url).await.unwrap();
                if has_checklist(path) {
                    wait_for_enhanced(&c).await;
                }
                let (scroll, client, _, offenders) = horizontal_overflow(&c).await;
                assert!(
                    scroll <= client,
                    "{style} {path} at 320 px: horizontal scroll (scrollWidth {scroll} > clientWidth {client}); past the edge: {offenders}"
                );
            }
        })
        .await;
    }
}

/// The focused element: tag, text, outline, `:focus-visible`, and whether it is on screen.
pub(crate) const FOCUSED: &str = "const e = document.activeElement; if (!e || e === document.body) return null; \
     const s = getComputedStyle(e), r = e.getBoundingClientRect(); \
     return { tag: e.tagName.toLowerCase(), text: (e.textContent || e.name || '').trim().slice(0, 40), \
       outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), \
       focusVisible: e.matches(':focus-visible'), \
       onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth };";

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn keyboard_focus_is_always_visible() {
    if !browser_available("keyboard_focus_is_always_visible") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        let mut seen = Vec::new();
        for _ in 0..80 {
            c.perform_actions(tab.clone()).await.unwrap();
            let mut f = js(&c, FOCUSED).await;
            // Focusing scrolls the element into view, smoothly (no reduced-motion preference
            // here): give the scroll time to finish before judging whether it is on screen.
            for _ in 0..20 {
                if f.is_null() || f["onScreen"] == json!(true) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                f = js(&c, FOCUSED).await;
            }
            if f.is_null() || seen.first() == Some(&f) {
                break; // Tabbed off the end of the page (or wrapped around).
            }
            seen.push(f);
        }
        assert!(
            seen.len() >= 10,
            "Tab reaches the page's controls: {seen:#?}"
        );
        assert_eq!(
            seen[0]["text"],
            json!("Skip to content"),
            "first Tab stop: {}",
            seen[0]
        );
        for f in &seen {
            assert_eq!(f["focusVisible"], json!(true), "{f}");
            assert_ne!(f["outlineStyle"], json!("none"), "focus indicator: {f}");
            assert!(
                f["outlineWidth"].as_f64().unwrap() >= 2.0,
                "focus outline ≥ 2px: {f}"
            );
            assert_eq!(f["onScreen"], json!(true), "focused element on screen: {f}");
        }
        let tags: Vec<&str> = seen.iter().map(|f| f["tag"].as_str().unwrap()).collect();
        assert!(tags.contains(&"a"), "{tags:?}");
        assert!(tags.contains(&"input"), "{tags:?}");
        assert!(tags.contains(&"button"), "{tags:?}");
        eprintln!(
            "{} Tab stops, all with a visible outline: {tags:?}",
            seen.len()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn checklist_targets_are_at_least_24_px() {
    if !browser_available("checklist_targets_are_at_least_24_px") {
        return;
    }
    let server = Server::start(site_dir());
    let checklist = server.url(CHECKLIST_PAGE);
    let article = server.url(ARTICLE);
    with_browser(true, move |c| async move {
        for width in [1280_u32, 320] {
            c.set_window_size(width, 900).await.unwrap();
            for url in [&checklist, &article] {
                c.goto(url).await.unwrap();
                wait_for_enhanced(&c).await;
                let sizes = js(
                    &c,
                    "return [...document.querySelectorAll('.checklist input[type=checkbox], .checklist button')] \
                     .map(e => { const r = e.getBoundingClientRect(); return [e.name || e.className, r.width, r.height]; });",
                )
                .await;
                let sizes = sizes.as_array().unwrap();
                assert_eq!(sizes.len(), 9, "{sizes:?}");
                for s in sizes {
                    let (w, h) = (s[1].as_f64().unwrap(), s[2].as_f64().unwrap());
                    assert!(
                        w >= 24.0 && h >= 24.0,
                        "target {} is {w}×{h} at {width} px (WCAG 2.5.8 wants ≥ 24×24)",
                        s[0]
                    );
                }
            }
        }
    })
    .await;
}
