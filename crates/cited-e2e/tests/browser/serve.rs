//! `cited serve` in the browser: a save that does not build puts the problems in a box over the
//! last good page (file, line and column, code, message, hint), which axe-core finds nothing
//! wrong with; the save that mends it reloads the page without the box.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::accessibility::{format_violations, run_axe};
use crate::support::*;

/// The page of a new site that the test edits, and its URL path.
const PAGE: &str = "content/how-long-therapy-takes.md";
const PAGE_PATH: &str = "/how-long-therapy-takes/";

/// Stops the server when the test ends, also half-way.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `cited serve --port 0` on `site`: the server and the URL it prints.
fn serve(site: &Path) -> (Serving, String) {
    let mut child = Command::new(cited_bin())
        .args(["serve", "--port", "0", "--root"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let serving = Serving(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    (serving, url)
}

fn edit(site: &Path, from: &str, to: &str) {
    let path = site.join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} is not in the page");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Waits until `script` returns true.
async fn until(c: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if js(c, script).await.as_bool() == Some(true) {
            return;
        }
        assert!(Instant::now() < deadline, "in time: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn a_save_that_does_not_build_shows_its_problems_over_the_last_good_page() {
    let test = "a_save_that_does_not_build_shows_its_problems_over_the_last_good_page";
    if !browser_available(test) {
        return;
    }
    let Some(axe_path) = npm_file(test, "axe-core/axe.min.js") else {
        return;
    };
    let axe_source = std::fs::read_to_string(axe_path).unwrap();
    let site = fresh_site_folder("serve-overlay").join("site");
    let made = Command::new(cited_bin())
        .arg("new")
        .arg(&site)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(made.success());
    let (server, url) = serve(&site);
    let page = format!("{url}{PAGE_PATH}");
    with_browser(true, move |c| async move {
        c.set_window_size(375, 800).await.unwrap();
        c.goto(&page).await.unwrap();
        // Connected: the live script's event stream is open.
        until(
            &c,
            "the page's live script",
            "return document.querySelector('script[src*=\"/__cited/live.js\"]') !== null",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            js(&c, "return document.getElementById('cited-serve-overlay') === null").await,
            true
        );

        // A citation of a source the site does not have: the build fails, the page stays.
        edit(&site, "[@hansen2002]", "[@hansen2020]");
        until(
            &c,
            "the problems box",
            "return document.getElementById('cited-serve-overlay') !== null",
        )
        .await;
        let overlay = js(
            &c,
            "const b = document.getElementById('cited-serve-overlay'); \
             return [b.getAttribute('role'), b.innerText, document.body.innerText.includes('Talk therapy')]",
        )
        .await;
        assert_eq!(overlay[0], "alert", "{overlay}");
        let text = overlay[1].as_str().unwrap();
        assert!(text.contains("the last change did not build"), "{text}");
        assert!(text.contains(&format!("{PAGE}:")), "{text}");
        assert!(text.contains("hansen2020"), "{text}");
        assert!(text.contains("hint: "), "{text}");
        assert_eq!(overlay[2], true, "the last good page stays: {overlay}");
        let (violations, summary) = run_axe(&c, &axe_source).await;
        assert!(
            violations.is_empty(),
            "{summary}\n{}",
            format_violations("the page with the problems box", &violations)
        );

        // Mended: the page reloads, without the box.
        edit(&site, "[@hansen2020]", "[@hansen2002]");
        until(
            &c,
            "the reload without the box",
            "return document.readyState === 'complete' \
             && document.getElementById('cited-serve-overlay') === null",
        )
        .await;
    })
    .await;
    drop(server);
}
