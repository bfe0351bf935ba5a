//! Styles: reduced motion, print (to PDF), and the palette's contrast in light and dark schemes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::cdp::viewport;
use super::support::*;
use super::{ARTICLE, CHECKLIST_PAGE};

#[test]
pub(crate) fn smooth_scrolling_only_without_a_reduced_motion_preference() {
    let css = built_css();
    let smooth: Vec<_> = css_declarations(&css, "scroll-behavior")
        .into_iter()
        .filter(|(_, v)| v.contains("smooth"))
        .collect();
    for (blocks, _) in &smooth {
        assert!(
            blocks.iter().any(|b| b.starts_with("@media")
                && b.replace(' ', "")
                    .contains("prefers-reduced-motion:no-preference")),
            "scroll-behavior: smooth outside @media (prefers-reduced-motion: no-preference): {blocks:?}"
        );
    }
    let transitions = css_declarations(&css, "transition")
        .into_iter()
        .chain(css_declarations(&css, "animation"))
        .filter(|(blocks, _)| {
            !blocks.iter().any(|b| {
                b.replace(' ', "")
                    .contains("prefers-reduced-motion:no-preference")
            })
        })
        .collect::<Vec<_>>();
    assert!(
        transitions.is_empty(),
        "motion outside a no-preference query: {transitions:?}"
    );
    // The script never forces smooth scrolling either.
    let js_dir = site_dir().join("assets");
    for entry in std::fs::read_dir(js_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("smooth"),
                "{} asks for smooth scrolling",
                path.display()
            );
        }
    }
}

#[test]
pub(crate) fn print_stylesheet_hides_navigation() {
    let css = built_css();
    let hidden: Vec<_> = css_declarations(&css, "display")
        .into_iter()
        .filter(|(blocks, v)| {
            v.starts_with("none") && blocks.first().is_some_and(|b| b == "@media print")
        })
        .collect();
    assert!(!hidden.is_empty(), "no @media print block hiding anything");
    let hides = |needle: &str| {
        hidden.iter().any(|(blocks, _)| {
            blocks
                .last()
                .is_some_and(|sel| sel.split(',').any(|s| s.trim() == needle))
        })
    };
    for needle in [".site-header nav", ".skip-link", ".checklist-actions"] {
        assert!(
            hides(needle),
            "@media print does not hide {needle}: {hidden:?}"
        );
    }
}

/// Where the page's column and the header's text start, and whether the page is taller than the
/// window.
const COLUMN: &str = "const el = document.scrollingElement; \
    return { main: document.querySelector('main .wrap, main.wrap').getBoundingClientRect().x, \
      header: document.querySelector('.site-header .wrap').getBoundingClientRect().x, \
      overflows: el.scrollHeight > el.clientHeight };";

/// A page first painted while it still fits the window (half parsed, on a slow machine) and then
/// grown past it gains a classic scrollbar; unless its gutter is kept from the start, every
/// centred block then moves sideways by half the scrollbar's width, a layout shift the reader
/// sees. The same page is measured long and then cut short (its main content replaced by a line): the column
/// starts at the same place in both.
#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn the_column_stays_put_when_the_page_outgrows_the_window() {
    let test = "the_column_stays_put_when_the_page_outgrows_the_window";
    if !browser_available(test) {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(ARTICLE);
    with_browser(true, move |c| async move {
        viewport(&c, 1280, 800).await;
        c.goto(&url).await.unwrap();
        let long = js(&c, COLUMN).await;
        js(
            &c,
            "document.querySelector('main').replaceChildren('A short page.'); return true;",
        )
        .await;
        let short = js(&c, COLUMN).await;
        eprintln!("long: {long}; short: {short}");
        assert_eq!(long["overflows"], json!(true), "the article is longer than the window: {long}");
        assert_eq!(short["overflows"], json!(false), "cut short, it fits: {short}");
        for block in ["main", "header"] {
            assert_eq!(
                long[block], short[block],
                "the {block} column moved when the page outgrew the window: long {long}, short {short}"
            );
        }
    })
    .await;
}

#[test]
pub(crate) fn checklist_page_prints_to_pdf() {
    let test = "checklist_page_prints_to_pdf";
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        skip_or_fail_in_ci(test, &format!("{} is missing", chromium.display()));
        return;
    }
    let server = Server::start(site_dir());
    let dir = tempfile::Builder::new()
        .prefix("cited-e2e-pdf-")
        .tempdir()
        .unwrap();
    let pdf = dir.path().join("checklist.pdf");
    let mut child = Command::new(&chromium)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(server.url(CHECKLIST_PAGE))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn chromium --print-to-pdf");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium --print-to-pdf: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium --print-to-pdf took over 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        bytes.len() > 1000,
        "a non-empty PDF ({} bytes)",
        bytes.len()
    );
    // Page objects (`/Type /Page`, not the `/Type /Pages` tree); 0 if the PDF compresses them.
    let pages = bytes
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    let out = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("checklist.pdf"), &bytes).unwrap();
    eprintln!(
        "checklist PDF: {} bytes, {} pages, saved to {}",
        bytes.len(),
        pages,
        out.join("checklist.pdf").display()
    );
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.path.ends_with(CHECKLIST_PAGE))
    );
}

/// `--name: #rrggbb` custom properties of the first `:root` block in `css`.
pub(crate) fn css_colors(css: &str) -> std::collections::BTreeMap<String, [f64; 3]> {
    let start = css.find(":root").expect(":root block");
    let body = &css[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let hex = value.trim().strip_prefix('#')?;
            if hex.len() != 6 {
                return None;
            }
            let channel =
                |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            Some((
                name.trim().to_string(),
                [channel(0), channel(2), channel(4)],
            ))
        })
        .collect()
}

/// WCAG 2 contrast ratio of two sRGB colours.
pub(crate) fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let lin = |v: f64| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (la, lb) = (lum(a), lum(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
pub(crate) fn palette_contrast_in_light_and_dark_schemes() {
    assert!((contrast([0.0; 3], [1.0; 3]) - 21.0).abs() < 1e-9);
    let css = built_css();
    let light = css_colors(&css);
    let dark_at = css
        .find("prefers-color-scheme: dark")
        .or_else(|| css.find("prefers-color-scheme:dark"))
        .expect("a dark colour scheme");
    let mut dark = light.clone();
    dark.extend(css_colors(&css[dark_at..]));
    // (foreground, background, minimum): text 4.5:1 (1.4.3), focus ring 3:1 (1.4.11).
    let pairs = [
        ("--fg", "--bg", 4.5),
        ("--muted", "--bg", 4.5),
        ("--accent", "--bg", 4.5),
        ("--accent-fg", "--accent", 4.5),
        ("--fg", "--soft", 4.5),
        ("--muted", "--soft", 4.5),
        ("--accent", "--soft", 4.5),
        ("--fg", "--crisis-bg", 4.5),
        ("--accent", "--crisis-bg", 4.5),
        ("--header-fg", "--header-bg", 4.5),
        ("--focus", "--bg", 3.0),
        ("--focus", "--soft", 3.0),
    ];
    let mut failures = Vec::new();
    for (scheme, colors) in [("light", &light), ("dark", &dark)] {
        for (fg, bg, min) in pairs {
            let ratio = contrast(colors[fg], colors[bg]);
            eprintln!("{scheme}: {fg} on {bg}: {ratio:.2}:1 (needs {min}:1)");
            if ratio < min {
                failures.push(format!(
                    "{scheme}: {fg} on {bg} is {ratio:.2}:1, needs {min}:1"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every `.html` file under `dir`, sorted.
pub(crate) fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
pub(crate) fn every_built_page_is_valid_html() {
    let test = "every_built_page_is_valid_html";
    let Some(jar) = npm_file(test, "vnu-jar/build/dist/vnu.jar") else {
        return;
    };
    let java = std::env::var_os("JAVA").unwrap_or_else(|| "java".into());
    if !Command::new(&java)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        skip_or_fail_in_ci(
            test,
            &format!(
                "{} does not run: install a Java runtime (default-jre-headless)",
                java.to_string_lossy()
            ),
        );
        return;
    }
    let mut files = html_files(site_dir());
    files.extend(html_files(twice_site_dir()));
    files.extend(html_files(handout_site_dir()));
    // A figure with its srcset, sizes and id.
    files.extend(html_files(crate::figures::figure_site_dir()));
    assert!(files.len() >= 18, "{files:?}");
    let output = Command::new(&java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("run vnu.jar");
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu.jar did not print JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().unwrap();
    let text: Vec<String> = messages
        .iter()
        .map(|m| {
            format!(
                "{}:{}:{}: {}: {}\n    {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', "⏎")
            )
        })
        .collect();
    eprintln!(
        "vnu {} checked {} files: {} errors",
        report["version"].as_str().unwrap_or("?"),
        files.len(),
        messages.len()
    );
    assert!(messages.is_empty(), "HTML errors:\n{}", text.join("\n"));
    assert!(
        output.status.success(),
        "vnu.jar exit status {}",
        output.status
    );
}
