//! The page as a reader meets it on a phone and a desktop: citation previews, the first screen,
//! the reference list, print, typography and the favicon.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::wd::PrintConfiguration;
use serde_json::{Value, json};

use super::cdp::*;
use super::support::*;
use super::{ARTICLE, CHECKLIST_PAGE};

/// The widths every layout check runs at: a phone, a tablet, a desktop.
const WIDTHS: [(u32, u32); 3] = [(375, 667), (768, 1024), (1280, 900)];

async fn open(c: &Client, server: &Server, path: &str) {
    c.goto(&server.url(path)).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css("footer"))
        .await
        .unwrap();
    // The module scripts run after parsing; give them a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

async fn press_escape(c: &Client) {
    let keys = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down {
            value: Key::Escape.into(),
        })
        .then(KeyAction::Up {
            value: Key::Escape.into(),
        });
    c.perform_actions(keys).await.unwrap();
    c.release_actions().await.unwrap();
}

/// For every citation marker: focus it as a keyboard user would and measure its preview against
/// the viewport. Returns the failures as text.
const PREVIEWS_INSIDE: &str = r#"
  const vw = document.documentElement.clientWidth, vh = window.innerHeight, bad = [];
  const markers = [...document.querySelectorAll('.prose a.cite, .checklist a.cite')];
  for (const [i, a] of markers.entries()) {
    a.scrollIntoView({block: 'center', behavior: 'instant'});
    a.focus();
    const p = a.closest('.citation').querySelector('.cite-preview');
    const r = p.getBoundingClientRect();
    const shown = getComputedStyle(p).display !== 'none' && r.width > 0;
    if (!shown) bad.push(`marker ${i}: no preview on focus`);
    else if (r.left < 0 || r.right > vw || r.top < 0 || r.bottom > vh)
      bad.push(`marker ${i}: preview ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)} outside ${vw}x${vh}`);
    const t = a.getBoundingClientRect();
    if (t.width < 24 || t.height < 24) bad.push(`marker ${i}: target ${t.width.toFixed(1)}x${t.height.toFixed(1)} under 24x24`);
    if (document.documentElement.scrollWidth > vw) bad.push(`marker ${i}: page ${document.documentElement.scrollWidth}px wide in a ${vw}px viewport`);
    a.blur();
  }
  return {count: markers.length, bad};
"#;

#[tokio::test(flavor = "multi_thread")]
async fn citation_previews_stay_inside_the_viewport_close_on_escape_and_are_24px_targets() {
    if !browser_available("citation_previews_stay_inside_the_viewport") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        for (w, h) in WIDTHS {
            viewport(&c, w, h).await;
            for page in [ARTICLE, CHECKLIST_PAGE] {
                open(&c, &server, page).await;
                let r = js(&c, PREVIEWS_INSIDE).await;
                assert!(r["count"].as_u64().unwrap() > 0, "{page}: no markers");
                assert!(
                    r["bad"].as_array().unwrap().is_empty(),
                    "{page} at {w}px: {:#?}",
                    r["bad"]
                );
            }
            // Escape closes the preview of the focused marker (WCAG 1.4.13), focus stays.
            open(&c, &server, ARTICLE).await;
            js(
                &c,
                "const a = document.querySelector('.prose a.cite'); \
                 a.scrollIntoView({block: 'center', behavior: 'instant'}); a.focus();",
            )
            .await;
            let shown = "const p = document.activeElement.closest('.citation').querySelector('.cite-preview'); \
                         return getComputedStyle(p).display !== 'none';";
            assert_eq!(js(&c, shown).await, json!(true), "at {w}px");
            press_escape(&c).await;
            assert_eq!(js(&c, shown).await, json!(false), "Escape at {w}px");
            assert_eq!(
                js(&c, "return document.activeElement.matches('a.cite')").await,
                json!(true)
            );
            // A mouse hovering a marker shows its preview inside the window, after keys too.
            js(&c, "document.activeElement.blur();").await;
            let markers = c
                .find_all(fantoccini::Locator::Css(".prose a.cite"))
                .await
                .unwrap();
            let marker = markers.last().unwrap().clone();
            js(
                &c,
                "const m = document.querySelectorAll('.prose a.cite'); \
                 m[m.length - 1].scrollIntoView({block: 'center', behavior: 'instant'});",
            )
            .await;
            let hover = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveToElement {
                element: marker,
                duration: None,
                x: 0.0,
                y: 0.0,
            });
            c.perform_actions(hover).await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
            let r = js(
                &c,
                "const m = document.querySelectorAll('.prose a.cite'); \
                 const p = m[m.length - 1].closest('.citation').querySelector('.cite-preview'); \
                 const r = p.getBoundingClientRect(); \
                 const a = m[m.length - 1].getBoundingClientRect(); \
                 const at = document.elementFromPoint(a.left + a.width / 2, a.top + a.height / 2); \
                 return {shown: getComputedStyle(p).display !== 'none', inside: r.left >= 0 && r.right <= document.documentElement.clientWidth \
                         && r.top >= 0 && r.bottom <= window.innerHeight, debug: [at && at.outerHTML.slice(0, 80), a.top, window.innerHeight, m[m.length-1].closest('.citation').className]};",
            )
            .await;
            c.release_actions().await.unwrap();
            assert!(
                r["shown"] == json!(true) && r["inside"] == json!(true),
                "hover at {w}px: {r}"
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tap_on_a_marker_shows_the_source_and_a_second_tap_follows_the_link() {
    if !browser_available("a_tap_on_a_marker_shows_the_source") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        viewport(&c, 375, 667).await;
        open(&c, &server, ARTICLE).await;
        let at = js(
            &c,
            "const a = document.querySelectorAll('.prose a.cite')[2]; \
             a.scrollIntoView({block: 'center', behavior: 'instant'}); \
             const r = a.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2, window.scrollY];",
        )
        .await;
        let (x, y, before) = (
            at[0].as_f64().unwrap(),
            at[1].as_f64().unwrap(),
            at[2].as_f64().unwrap(),
        );
        tap(&c, x, y).await;
        let state = "const a = document.querySelectorAll('.prose a.cite')[2]; \
                     const p = a.closest('.citation').querySelector('.cite-preview'); \
                     const r = p.getBoundingClientRect(); \
                     return {hash: location.hash, y: window.scrollY, shown: getComputedStyle(p).display !== 'none', \
                             hint: getComputedStyle(p, '::after').content, \
                             left: r.left, right: r.right, top: r.top, bottom: r.bottom, \
                             vw: document.documentElement.clientWidth, vh: window.innerHeight};";
        let s = js(&c, state).await;
        assert_eq!(s["hash"], json!(""), "the first tap stays on the sentence: {s}");
        assert!(
            (s["y"].as_f64().unwrap() - before).abs() < 2.0,
            "no jump: {s}"
        );
        assert_eq!(s["shown"], json!(true), "the first tap shows the source: {s}");
        // Under it, what a second tap does, in the page's words (not the stylesheet's).
        assert_eq!(
            s["hint"],
            json!("\"Tap the number again to go to the full reference.\""),
            "{s}"
        );
        assert!(
            s["left"].as_f64().unwrap() >= 0.0
                && s["right"].as_f64().unwrap() <= s["vw"].as_f64().unwrap()
                && s["top"].as_f64().unwrap() >= 0.0
                && s["bottom"].as_f64().unwrap() <= s["vh"].as_f64().unwrap(),
            "inside the screen: {s}"
        );
        save_screenshot(&c, "preview-after-tap-375.png").await;
        // The link to the list stays available: a second tap follows it.
        tap(&c, x, y).await;
        let s = js(&c, state).await;
        assert!(
            s["hash"].as_str().unwrap().starts_with("#ref-"),
            "the second tap goes to the reference list: {s}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn markers_keep_lines_evenly_spaced_and_headings_step_clearly_apart() {
    if !browser_available("markers_keep_lines_evenly_spaced") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        for (w, h) in WIDTHS {
            viewport(&c, w, h).await;
            open(&c, &server, ARTICLE).await;
            // A paragraph is a whole number of lines tall: no line is pushed apart by a marker.
            let uneven = js(
                &c,
                "const out = []; \
                 for (const p of document.querySelectorAll('.prose p')) { \
                   if (!p.querySelector('.citation')) continue; \
                   const h = p.getBoundingClientRect().height; \
                   const lh = parseFloat(getComputedStyle(p).lineHeight); \
                   const n = Math.round(h / lh); \
                   if (Math.abs(h - n * lh) > 0.75) out.push(`${h.toFixed(2)}px is not ${n} lines of ${lh}px: ${p.textContent.slice(0, 60)}`); \
                 } return out;",
            )
            .await;
            assert_eq!(uneven, json!([]), "at {w}px");
            // The type scale: body < h3 < h2 < h1, each step at least a fifth larger.
            let sizes = js(
                &c,
                "const size = (tag) => { const e = document.createElement(tag); e.textContent = 'x'; \
                   document.querySelector('.prose').append(e); const s = parseFloat(getComputedStyle(e).fontSize); \
                   e.remove(); return s; }; \
                 return ['p', 'h3', 'h2', 'h1'].map(size);",
            )
            .await;
            let sizes: Vec<f64> = serde_json::from_value(sizes).unwrap();
            for pair in sizes.windows(2) {
                assert!(
                    pair[1] >= pair[0] * 1.2,
                    "at {w}px: p, h3, h2, h1 are {sizes:?} px: a step under 1.2×"
                );
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phones_first_screen_shows_the_title_the_summary_and_the_text() {
    if !browser_available("a_phones_first_screen") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        viewport(&c, 375, 667).await;
        open(&c, &server, ARTICLE).await;
        let r = js(
            &c,
            "const b = (s) => document.querySelector(s).getBoundingClientRect(); \
             const p = document.querySelector('.prose > p'); \
             return {h1: b('main h1').bottom, lede: b('.lede').bottom, text: p.getBoundingClientRect().top + parseFloat(getComputedStyle(p).lineHeight) * 2, vh: window.innerHeight};",
        )
        .await;
        let vh = r["vh"].as_f64().unwrap();
        for what in ["h1", "lede", "text"] {
            assert!(
                r[what].as_f64().unwrap() <= vh,
                "{what} is not on the first screen (two lines of the text at least): {r}"
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reference_list_is_compact_with_one_heading_and_each_identifier_once() {
    let test = "the_reference_list_is_compact";
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe = std::fs::read_to_string(axe_path).unwrap();
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        viewport(&c, 375, 667).await;
        open(&c, &server, "/references/").await;
        let headings = js(
            &c,
            "return [...document.querySelectorAll('main h1, main h2, main h3')].map(h => h.textContent.trim())",
        )
        .await;
        assert_eq!(headings, json!(["References"]), "one heading");
        // Every DOI, PMID and PMCID an entry has is shown once (the text, or a link), never twice.
        let repeats = js(
            &c,
            "const out = []; \
             for (const li of document.querySelectorAll('.entries > li')) { \
               const text = li.innerText; \
               for (const a of li.querySelectorAll('a[href*=\"doi.org/\"], a[href*=\"pubmed\"], a[href*=\"/articles/PMC\"]')) { \
                 const href = a.getAttribute('href').replace(/\\/$/, ''); \
                 const id = decodeURIComponent(href.includes('doi.org/') ? href.split('doi.org/')[1] : href.split('/').pop()); \
                 const n = text.split(id).length - 1; \
                 if (n !== 1) out.push(`${id} shown ${n} times in ${li.id}`); \
               } } return out;",
        )
        .await;
        assert_eq!(repeats, json!([]));
        // Back links: one line per citing page, its numbers each a link.
        let groups = js(
            &c,
            "return [...document.querySelectorAll('.entries > li')].map(li => \
               [...li.querySelectorAll('.backlinks')].map(b => b.querySelector('a').textContent))",
        )
        .await;
        for entry in groups.as_array().unwrap() {
            let pages: Vec<&str> = entry
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            let mut unique = pages.clone();
            unique.dedup();
            assert!(!pages.is_empty(), "an entry without back links: {groups}");
            assert_eq!(pages, unique, "one line per page: {groups}");
        }
        // Nine references used to take 6.2 phone screens.
        let screens = js(
            &c,
            "return document.querySelector('.bibliography').getBoundingClientRect().height / window.innerHeight",
        )
        .await;
        assert!(
            screens.as_f64().unwrap() < 4.5,
            "the list takes {screens} phone screens"
        );
        // Label in name (WCAG 2.5.3): axe's rule, which its default run leaves out.
        c.execute(&axe, vec![]).await.unwrap();
        for page in ["/references/", ARTICLE] {
            open(&c, &server, page).await;
            c.execute(&axe, vec![]).await.unwrap();
            let r = c
                .execute_async(
                    "const done = arguments[arguments.length - 1]; \
                     axe.run(document, {runOnly: {type: 'rule', values: ['label-content-name-mismatch']}, \
                                        rules: {'label-content-name-mismatch': {enabled: true}}}) \
                       .then(r => done({known: axe.getRules().some(r => r.ruleId === 'label-content-name-mismatch'), \
                                        violations: r.violations.map(v => v.nodes.map(n => n.html))}));",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(r["known"], json!(true), "axe has the rule: {r}");
            assert_eq!(r["violations"], json!([]), "{page}: {r}");
        }
    })
    .await;
}

/// Emulates print and reports what would print: font sizes of visible text, whether links in the
/// reference list print their URL again, and each guidance block with its condition.
const PRINTED: &str = r#"
  // Superscripts are sized from their text; the scale is that of the text itself.
  const sizes = new Set();
  for (const el of document.querySelectorAll('main *, .crisis *, .site-footer *')) {
    if (!el.getClientRects().length || el.closest('sup')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) sizes.add(getComputedStyle(el).fontSize);
  }
  const urls = [...document.querySelectorAll('.bibliography a')]
    .filter(a => !['none', 'normal'].includes(getComputedStyle(a, '::after').content)).length;
  const guidance = [...document.querySelectorAll('.guidance')].map(g => {
    const when = g.querySelector('.guidance-when');
    const r = when.getBoundingClientRect();
    return {shown: g.getClientRects().length > 0, when: r.width > 2 && r.height > 2 ? when.textContent.trim() : ''};
  });
  return {sizes: [...sizes], urls, guidance, backlinks: [...document.querySelectorAll('.backlinks')].filter(b => b.getClientRects().length).length};
"#;

#[tokio::test(flavor = "multi_thread")]
async fn print_has_one_scale_no_repeats_the_guidance_with_its_condition_and_few_pages() {
    if !browser_available("print_has_one_scale") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        for page in [ARTICLE, CHECKLIST_PAGE] {
            open(&c, &server, page).await;
            wait_for_enhanced(&c).await;
            media(&c, "print", false).await;
            let p = js(&c, PRINTED).await;
            media(&c, "", false).await;
            let sizes = p["sizes"].as_array().unwrap();
            assert!(
                sizes.len() <= 5,
                "{page}: printed in {} sizes: {p}",
                sizes.len()
            );
            assert_eq!(
                p["urls"],
                json!(0),
                "{page}: reference links print their URL again: {p}"
            );
            assert_eq!(p["backlinks"], json!(0), "{page}: back links print: {p}");
            let guidance = p["guidance"].as_array().unwrap();
            assert_eq!(guidance.len(), 3, "{p}");
            for g in guidance {
                assert_eq!(g["shown"], json!(true), "{page}: {p}");
                assert!(
                    g["when"].as_str().unwrap().starts_with("If you ticked"),
                    "{page}: guidance prints without its condition: {p}"
                );
            }
        }
        // "Print or save as PDF" prints the ticked signs and the guidance for them, on the
        // checklist's own page as in the article (the script's classes, without the dialog).
        for page in [ARTICLE, CHECKLIST_PAGE] {
            open(&c, &server, page).await;
            wait_for_enhanced(&c).await;
            tick(&c, 1).await;
            js(
                &c,
                "document.body.classList.add('printing-checklist'); \
                 document.querySelector('.checklist').classList.add('print-target');",
            )
            .await;
            media(&c, "print", false).await;
            let shown = js(
                &c,
                "const seen = (s) => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length).length; \
                 return [seen('.checklist-items li'), seen('.guidance'), seen('.guidance-when'), seen('main h1:not(legend h1)'), seen('.checklist legend')];",
            )
            .await;
            media(&c, "", false).await;
            // The checklist prints under its own title (its legend, which on its own page holds the h1),
            // without the article's title above it.
            assert_eq!(shown, json!([1, 1, 1, 0, 1]), "{page}: the ticked sign, its guidance with its condition, its title once");
            click(&c, ".checklist .clear-answers").await;
        }
        // The article on paper: a handful of pages, on A4 and on Letter.
        open(&c, &server, ARTICLE).await;
        for (paper, width, height, most) in [("A4", 21.0, 29.7, 6), ("Letter", 21.59, 27.94, 6)] {
            let pdf = c
                .print(
                    PrintConfiguration::builder()
                        .size(fantoccini::wd::PrintSize { width, height })
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            let pages = pdf_pages(&pdf);
            let dir = target_dir().join("e2e-screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("article-{paper}.pdf")), &pdf).unwrap();
            eprintln!("article on {paper}: {pages} pages");
            assert!(
                (1..=most).contains(&pages),
                "the article prints on {pages} {paper} pages"
            );
            // No page but the last is left half blank (a block pushed whole onto the next).
            if let Some(filled) = printed_fill(&dir.join(format!("article-{paper}.pdf"))) {
                eprintln!("article on {paper}: pages filled to {filled:.2?}");
                assert_eq!(filled.len(), pages);
                for (n, &fill) in filled.iter().enumerate().take(pages.saturating_sub(1)) {
                    assert!(
                        fill >= 0.5,
                        "page {} of the article on {paper} is filled to {:.0} % only",
                        n + 1,
                        fill * 100.0
                    );
                }
            }
        }
    })
    .await;
}

/// How far down each page of a PDF its content reaches (0 to 1), from Poppler's rendering of it
/// (`pdftoppm`, which CI installs; without it the check is skipped, except under `CI`).
fn printed_fill(pdf: &std::path::Path) -> Option<Vec<f64>> {
    let out = tempfile::tempdir().unwrap();
    let prefix = out.path().join("page");
    match std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
    {
        Ok(status) => assert!(status.success(), "pdftoppm failed on {}", pdf.display()),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("pdftoppm (poppler-utils) is not installed: page fill not checked");
            return None;
        }
        Err(e) => panic!("pdftoppm (poppler-utils) is needed under CI: {e}"),
    }
    let mut pages: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // `page-1.png`, …, `page-10.png`: by number, not by name.
    pages.sort_by_key(|p| {
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        stem.rsplit('-').next().unwrap().parse::<usize>().unwrap()
    });
    let filled = pages
        .iter()
        .map(|page| {
            let image = crate::cdp::decode_png(&std::fs::read(page).unwrap());
            let row = (image.width * 4) as usize;
            let last = image
                .pixels
                .chunks_exact(row)
                .rposition(|line| {
                    line.chunks_exact(4)
                        .any(|p| p[..3].iter().any(|&c| c < 200))
                })
                .unwrap_or(0);
            (last + 1) as f64 / f64::from(image.height)
        })
        .collect();
    Some(filled)
}

/// The number of pages of a PDF Chromium wrote: its page tree's `/Count`.
pub(crate) fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let counts: Vec<usize> = text
        .match_indices("/Type /Pages")
        .filter_map(|(i, _)| {
            let object = &text[text[..i].rfind("obj").unwrap_or(0)..];
            let object = &object[..object.find("endobj").unwrap_or(object.len())];
            let at = object.find("/Count ")? + "/Count ".len();
            object[at..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .collect();
    counts.into_iter().max().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_has_a_favicon_the_browser_can_load() {
    if !browser_available("every_page_has_a_favicon") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        for page in [ARTICLE, CHECKLIST_PAGE, "/references/", "/", "/about/"] {
            open(&c, &server, page).await;
            let loaded = c
                .execute_async(
                    "const done = arguments[arguments.length - 1]; \
                     const link = document.querySelector('link[rel~=icon]'); \
                     if (!link) return done('no <link rel=icon>'); \
                     const img = new Image(); img.onload = () => done(img.naturalWidth > 0 ? 'ok' : 'empty'); \
                     img.onerror = () => done('failed: ' + link.href); img.src = link.href;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(loaded, json!("ok"), "{page}");
        }
        let requests = server.requests();
        assert!(
            !requests.iter().any(|r| r.path.ends_with("/favicon.ico")),
            "{requests:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_checklist_says_it_is_not_a_diagnosis_once_and_print_comes_first() {
    if !browser_available("the_checklist_says_it_is_not_a_diagnosis_once") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(true, move |c| async move {
        for page in [ARTICLE, CHECKLIST_PAGE] {
            open(&c, &server, page).await;
            wait_for_enhanced(&c).await;
            let r: Value = js(
                &c,
                "const box = document.querySelector('.checklist'); \
                 const buttons = [...box.querySelectorAll('.checklist-actions button')]; \
                 const bg = (b) => getComputedStyle(b).backgroundColor; \
                 let lists = 0; \
                 for (let e = box.previousElementSibling; e && e.tagName !== 'H2'; e = e.previousElementSibling) \
                   if (e.matches('ul, ol')) lists++; \
                 return {said: box.innerText.split('not a test or a diagnosis').length - 1, \
                         first: buttons[0].className, \
                         print: bg(box.querySelector('.print-answers')), \
                         clear: bg(box.querySelector('.clear-answers')), \
                         lists};",
            )
            .await;
            assert_eq!(r["said"], json!(1), "{page}: {r}");
            assert!(r["first"].as_str().unwrap().contains("print-answers"), "{page}: {r}");
            assert_ne!(r["print"], r["clear"], "{page}: Print and Clear look alike: {r}");
            assert_eq!(r["clear"], json!("rgba(0, 0, 0, 0)"), "{page}: Clear is secondary: {r}");
            // No list in the checklist's section that it would repeat.
            assert_eq!(r["lists"], json!(0), "{page}: {r}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_focused_marker_shows_its_source_inside_the_window() {
    if !browser_available("without_javascript_a_focused_marker_shows_its_source") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser(false, move |c| async move {
        for (w, h) in WIDTHS {
            viewport(&c, w, h).await;
            open(&c, &server, ARTICLE).await;
            assert_eq!(
                js(&c, "return document.documentElement.classList.contains('cite-js')").await,
                json!(false),
                "JavaScript is really off"
            );
            // Keyboard users reach a marker with Tab; its preview shows while it has focus.
            let markers = c
                .find_all(fantoccini::Locator::Css(".prose a.cite"))
                .await
                .unwrap();
            let marker = markers.first().unwrap();
            marker.send_keys("").await.unwrap();
            let r = js(
                &c,
                "const a = document.activeElement; \
                 const p = a.closest('.citation').querySelector('.cite-preview'); \
                 const r = p.getBoundingClientRect(); \
                 return {focused: a.matches('a.cite'), shown: getComputedStyle(p).display !== 'none', \
                         text: p.textContent.trim().length, \
                         inside: r.left >= 0 && r.right <= document.documentElement.clientWidth \
                                 && r.top >= 0 && r.bottom <= window.innerHeight, \
                         wide: document.documentElement.scrollWidth <= document.documentElement.clientWidth};",
            )
            .await;
            assert_eq!(r["focused"], json!(true), "at {w}px: {r}");
            assert!(
                r["shown"] == json!(true) && r["inside"] == json!(true) && r["wide"] == json!(true),
                "the preview without JavaScript at {w}px: {r}"
            );
            assert!(r["text"].as_u64().unwrap() > 20, "at {w}px: {r}");
        }
    })
    .await;
}
