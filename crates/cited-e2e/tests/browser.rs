//! End-to-end browser tests: build the real site with `cited`, serve it over 127.0.0.1 with a
//! tiny static file server, and drive headless Chromium through chromedriver.
//!
//! Run with `cargo test -p cited-e2e -- --test-threads=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const ARTICLE: &str = "/when-talk-therapy-doesnt-work/";
const CHECKLIST_PAGE: &str = "/checklists/therapy-not-helping/";
const STORAGE_PREFIX: &str = "cited:checklist:therapy-not-helping:";

// ---------------------------------------------------------------------------------------------
// Paths and site builds
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("crates/cited-e2e lives two levels below the workspace root")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The `cited` binary; built with `cargo build -p cited` when it is missing.
/// `CITED_BIN` overrides the location.
fn cited_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CITED_BIN") {
        return PathBuf::from(p);
    }
    let bin = target_dir().join("debug").join("cited");
    if !bin.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "cited"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build -p cited");
        assert!(status.success(), "cargo build -p cited failed");
    }
    assert!(bin.exists(), "no cited binary at {}", bin.display());
    bin
}

fn cited_build(root: &Path, out: &Path) {
    let output = Command::new(cited_bin())
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run cited build");
    assert!(
        output.status.success(),
        "cited build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The real site, built once per test process into a temp dir that lives for the process.
fn site_dir() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("cited-e2e-site-")
            .tempdir()
            .unwrap();
        let out = dir.path().join("out");
        cited_build(&workspace_root(), &out);
        (dir, out)
    })
    .1
    .as_path()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A fixture site: the real content, with the article embedding the same checklist twice.
fn twice_site_dir() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("cited-e2e-twice-")
            .tempdir()
            .unwrap();
        let src = dir.path().join("src");
        for sub in ["content", "references", "themes"] {
            copy_dir(&workspace_root().join(sub), &src.join(sub));
        }
        let article = src.join("content/when-talk-therapy-doesnt-work.md");
        let mut text = std::fs::read_to_string(&article).unwrap();
        text.push_str("\n\nThe same checklist again:\n\n```checklist\ntherapy-not-helping\n```\n");
        std::fs::write(&article, text).unwrap();
        let out = dir.path().join("out");
        cited_build(&src, &out);
        (dir, out)
    })
    .1
    .as_path()
}

// ---------------------------------------------------------------------------------------------
// A tiny static file server
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Request {
    at: Instant,
    method: String,
    path: String,
}

/// The path prefix the site is built for: the path of `base_url` in `content/site.yaml`
/// (e.g. `/cited`). Links and assets in the built pages are absolute under it, so the server
/// mounts the output directory there.
fn site_prefix() -> &'static str {
    static PREFIX: OnceLock<String> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let yaml = std::fs::read_to_string(workspace_root().join("content/site.yaml")).unwrap();
        let base = yaml
            .lines()
            .find_map(|l| l.strip_prefix("base_url:"))
            .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_string())
            .unwrap_or_default();
        let path = base.splitn(4, '/').nth(3).unwrap_or("");
        let path = path.trim_end_matches('/');
        if path.is_empty() {
            String::new()
        } else {
            format!("/{path}")
        }
    })
}

struct Server {
    base: String,
    log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(root: &'static Path) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&thread_log);
                std::thread::spawn(move || {
                    let _ = serve_one(stream, root, &log);
                });
            }
        });
        Server { base, log }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, site_prefix(), path)
    }

    fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(stream: TcpStream, root: &Path, log: &Mutex<Vec<Request>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    log.lock().unwrap().push(Request {
        at: Instant::now(),
        method: method.clone(),
        path: target.clone(),
    });

    let mut stream = stream;
    let respond = |stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8]| {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        )?;
        stream.write_all(body)?;
        stream.flush()
    };
    if method != "GET" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
        );
    }
    let full = target.split(['?', '#']).next().unwrap_or("/");
    let Some(path) = full.strip_prefix(site_prefix()) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"outside the site prefix\n",
        );
    };
    if !path.starts_with('/') || path.split('/').any(|seg| seg == "..") {
        return respond(&mut stream, "400 Bad Request", "text/plain", b"bad path\n");
    }
    let mut file = root.join(&path[1..]);
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n"),
    }
}

// ---------------------------------------------------------------------------------------------
// chromedriver + fantoccini
// ---------------------------------------------------------------------------------------------

fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// Whether to run browser tests. Without chromedriver: skip, unless `CI` is set (then fail).
fn browser_available(test: &str) -> bool {
    if chromedriver_path().exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "CI is set but {} is missing: install chromium and chromium-driver",
            chromedriver_path().display()
        );
    }
    eprintln!(
        "SKIPPED {test}: chromium/chromedriver not installed ({} missing)",
        chromedriver_path().display()
    );
    println!("SKIPPED {test}: chromium/chromedriver not installed");
    false
}

struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start chromedriver and a fresh Chromium session, run `body`, then always close the session
/// (so Chromium exits) before re-raising any panic from `body`.
async fn with_browser<F, Fut>(javascript: bool, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start();
    let profile = tempfile::Builder::new()
        .prefix("cited-e2e-profile-")
        .tempdir()
        .unwrap();
    let mut chrome_options = json!({
        "binary": "/usr/bin/chromium",
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
            format!("--user-data-dir={}", profile.path().display()),
        ],
    });
    if let Ok(bin) = std::env::var("CHROMIUM") {
        chrome_options["binary"] = json!(bin);
    } else if !Path::new("/usr/bin/chromium").exists() {
        chrome_options.as_object_mut().unwrap().remove("binary");
    }
    if !javascript {
        chrome_options["prefs"] =
            json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), chrome_options);
    let client = ClientBuilder::rustls()
        .unwrap()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver");
    let result = tokio::spawn(body(client.clone())).await;
    let _ = client.close().await;
    drop(driver);
    drop(profile);
    if let Err(e) = result {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("test task failed: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("execute {script:?}: {e}"))
}

async fn summary_text(c: &Client) -> String {
    c.find(Locator::Css(".checklist .checklist-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn click(c: &Client, css: &str) {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find {css}: {e}"));
    click_el(c, &el).await;
}

/// Click the label of the n-th (0-based) checkbox of the first checklist on the page, as a
/// user would.
async fn tick(c: &Client, n: usize) {
    let labels = c
        .find_all(Locator::Css(".checklist .checklist-items label"))
        .await
        .unwrap();
    click_el(c, &labels[n]).await;
}

/// Scroll an element to the middle of the viewport and click it; on failure, say what covers it.
async fn click_el(c: &Client, el: &fantoccini::elements::Element) {
    let arg = serde_json::to_value(el).unwrap();
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'})",
        vec![arg.clone()],
    )
    .await
    .unwrap();
    if let Err(e) = el.click().await {
        let cover = c
            .execute(
                "const r = arguments[0].getBoundingClientRect(); \
                 const t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
                 return [JSON.stringify(r), t && t.outerHTML.slice(0, 300), window.innerHeight];",
                vec![arg],
            )
            .await;
        panic!("click failed: {e}; rect/element at centre: {cover:?}");
    }
}

/// `(data-min, data-max, visible)` for every guidance block of the first checklist.
async fn guidance_state(c: &Client) -> Vec<(i64, i64, bool)> {
    let v = js(
        c,
        "return [...document.querySelector('.checklist').querySelectorAll('.guidance')].map(g => \
         [+g.dataset.min, +g.dataset.max, !g.hidden && g.offsetParent !== null && g.getClientRects().length > 0]);",
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g[0].as_i64().unwrap(),
                g[1].as_i64().unwrap(),
                g[2].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn local_storage(c: &Client) -> serde_json::Map<String, Value> {
    let s = js(c, "return JSON.stringify(localStorage)").await;
    serde_json::from_str(s.as_str().unwrap()).unwrap()
}

async fn checked_names(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return [...document.querySelectorAll('.checklist .checklist-items input[type=checkbox]')]\
         .filter(b => b.checked).map(b => b.name)",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

async fn storage_key(c: &Client) -> String {
    c.find(Locator::Css(".checklist[data-storage-key]"))
        .await
        .unwrap()
        .attr("data-storage-key")
        .await
        .unwrap()
        .unwrap()
}

async fn wait_for_enhanced(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".checklist.enhanced"))
        .await
        .expect("checklist script ran (.checklist.enhanced)");
}

async fn save_screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn ticking_updates_summary_and_guidance() {
    if !browser_available("ticking_updates_summary_and_guidance") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, true), (1, 2, false), (3, 5, false)]
        );

        tick(&c, 0).await;
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");
        tick(&c, 2).await;
        assert_eq!(summary_text(&c).await, "2 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, true), (3, 5, false)]
        );

        tick(&c, 3).await;
        assert_eq!(summary_text(&c).await, "3 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, false), (3, 5, true)]
        );

        // Unticking goes back down.
        tick(&c, 3).await;
        tick(&c, 2).await;
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");
        assert_eq!(
            guidance_state(&c).await,
            vec![(0, 0, false), (1, 2, true), (3, 5, false)]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_tab_and_space_toggle_first_checkbox() {
    if !browser_available("keyboard_tab_and_space_toggle_first_checkbox") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        // Clicking the (non-focusable) legend sets the sequential focus navigation starting
        // point there; the next Tab stop after it is the first checkbox.
        click(&c, ".checklist legend").await;
        let tab = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        c.perform_actions(tab).await.unwrap();
        let focused = js(
            &c,
            "return document.activeElement && document.activeElement.name",
        )
        .await;
        assert_eq!(
            focused,
            json!("no-improvement"),
            "Tab from the legend focuses the first checkbox"
        );

        let space = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: ' ' })
            .then(KeyAction::Up { value: ' ' });
        c.perform_actions(space.clone()).await.unwrap();
        assert_eq!(checked_names(&c).await, vec!["no-improvement"]);
        assert_eq!(summary_text(&c).await, "1 of 5 signs ticked.");

        c.perform_actions(space).await.unwrap();
        assert!(checked_names(&c).await.is_empty(), "Space again unticks");
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn storage_is_opt_in_restores_clears_and_ignores_stale_versions() {
    if !browser_available("storage_is_opt_in_restores_clears_and_ignores_stale_versions") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let key = storage_key(&c).await;
        assert!(key.starts_with(STORAGE_PREFIX), "storage key {key}");

        // Nothing stored before "remember" is ticked.
        tick(&c, 0).await;
        tick(&c, 1).await;
        assert!(local_storage(&c).await.is_empty(), "nothing stored without consent");
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty(), "answers not restored without consent");
        assert!(local_storage(&c).await.is_empty());

        // With "remember": stored, and restored on reload.
        tick(&c, 1).await;
        tick(&c, 4).await;
        click(&c, ".checklist label.remember").await;
        let stored = local_storage(&c).await;
        assert_eq!(stored.len(), 1, "{stored:?}");
        let saved: Vec<String> = serde_json::from_str(stored[&key].as_str().unwrap()).unwrap();
        assert_eq!(saved, vec!["feeling-worse", "no-clear-goals"]);
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(checked_names(&c).await, vec!["feeling-worse", "no-clear-goals"]);
        assert_eq!(summary_text(&c).await, "2 of 5 signs ticked.");
        let remember = js(&c, "return document.querySelector('.checklist .remember-answers').checked").await;
        assert_eq!(remember, json!(true));

        // "Clear" empties the form and storage.
        click(&c, ".checklist .clear-answers").await;
        assert!(checked_names(&c).await.is_empty());
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        assert!(local_storage(&c).await.is_empty(), "{:?}", local_storage(&c).await);
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty());

        // A stale version (same checklist id, different hash) is not applied.
        let stale = format!("{STORAGE_PREFIX}00000000");
        assert_ne!(stale, key);
        c.execute(
            "localStorage.setItem(arguments[0], JSON.stringify(['no-improvement','feeling-worse','no-new-skills']))",
            vec![json!(stale)],
        )
        .await
        .unwrap();
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert!(checked_names(&c).await.is_empty(), "stale answers must not be applied");
        assert_eq!(summary_text(&c).await, "0 of 5 signs ticked.");
        // Clear removes stale versions of this checklist too.
        click(&c, ".checklist .clear-answers").await;
        assert!(local_storage(&c).await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_requests_after_load_and_script_runs_under_csp() {
    if !browser_available("no_requests_after_load_and_script_runs_under_csp") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(ARTICLE);
    let log = Arc::clone(&server.log);
    let site = site_dir();
    with_browser(true, move |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let ready = js(&c, "return document.readyState").await;
        assert_eq!(ready, json!("complete"));
        tokio::time::sleep(Duration::from_secs(1)).await;
        let loaded_at = Instant::now();
        let at_load = log.lock().unwrap().len();

        // The module ran despite the CSP (script-src 'self'): the actions are visible.
        let actions = c
            .find(Locator::Css(".checklist .checklist-actions"))
            .await
            .unwrap();
        assert!(
            actions.is_displayed().await.unwrap(),
            ".checklist-actions visible: module ran"
        );

        // Interact with everything that might talk to the network.
        tick(&c, 0).await;
        tick(&c, 2).await;
        click(&c, ".checklist label.remember").await;
        click(&c, ".checklist .copy-answers").await;
        click(&c, ".checklist .clear-answers").await;
        tokio::time::sleep(Duration::from_secs(1)).await;

        let requests = log.lock().unwrap().clone();
        let after: Vec<_> = requests.iter().filter(|r| r.at >= loaded_at).collect();
        assert_eq!(requests.len(), at_load, "requests after load: {after:?}");
        assert!(after.is_empty(), "requests after load: {after:?}");

        // Every request was a GET for a page or asset of this site (favicon probes allowed to 404).
        for r in &requests {
            assert_eq!(r.method, "GET", "{r:?}");
            assert!(r.path.starts_with('/'), "same-origin path: {r:?}");
            let p = r.path.split('?').next().unwrap();
            let p = p.strip_prefix(site_prefix()).unwrap_or(p);
            let ok = p == ARTICLE || p.starts_with("/assets/") || p == "/favicon.ico";
            assert!(ok, "unexpected request {r:?}");
            if p != "/favicon.ico" {
                assert!(
                    site.join(&p[1..]).exists() || p.ends_with('/'),
                    "request for a missing file: {r:?}"
                );
            }
        }
        // Paths as requested (the site lives under its base_url prefix).
        let paths: Vec<&str> = requests
            .iter()
            .map(|r| r.path.strip_prefix(site_prefix()).unwrap_or(&r.path))
            .collect();
        assert!(paths.contains(&ARTICLE), "{paths:?}");
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("/assets/checklist.") && p.ends_with(".js")),
            "{paths:?}"
        );
        assert!(
            paths
                .iter()
                .any(|p| p.starts_with("/assets/style.") && p.ends_with(".css")),
            "{paths:?}"
        );
        eprintln!("requests seen: {paths:?}");
    })
    .await;
    assert!(!server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_everything_is_visible_and_actions_hidden() {
    if !browser_available("without_javascript_everything_is_visible_and_actions_hidden") {
        return;
    }
    let server = Server::start(site_dir());
    let url = server.url(CHECKLIST_PAGE);
    with_browser(false, |c| async move {
        c.goto(&url).await.unwrap();
        // Give a (wrongly) running script time to act.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            c.find_all(Locator::Css(".checklist.enhanced"))
                .await
                .unwrap()
                .is_empty(),
            "JavaScript is really off"
        );
        let form = c.find(Locator::Css(".checklist form")).await.unwrap();
        assert!(form.is_displayed().await.unwrap());
        let boxes = c
            .find_all(Locator::Css(
                ".checklist .checklist-items input[type=checkbox]",
            ))
            .await
            .unwrap();
        assert_eq!(boxes.len(), 5);
        for b in &boxes {
            assert!(b.is_displayed().await.unwrap(), "checkbox visible");
        }
        let labels = c
            .find_all(Locator::Css(".checklist .checklist-items label"))
            .await
            .unwrap();
        assert_eq!(labels.len(), 5);
        for l in &labels {
            assert!(l.is_displayed().await.unwrap(), "label visible");
        }
        let guidance = c
            .find_all(Locator::Css(".checklist .guidance"))
            .await
            .unwrap();
        assert_eq!(guidance.len(), 3);
        for g in &guidance {
            assert!(
                g.is_displayed().await.unwrap(),
                "all guidance visible without JS"
            );
        }
        let actions = c
            .find(Locator::Css(".checklist .checklist-actions"))
            .await
            .unwrap();
        assert!(
            !actions.is_displayed().await.unwrap(),
            ".checklist-actions hidden without JS"
        );
        // Native checkboxes still work without the script.
        boxes[0].click().await.unwrap();
        assert!(boxes[0].is_selected().await.unwrap());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_checklists_on_one_page_do_not_interfere() {
    if !browser_available("two_checklists_on_one_page_do_not_interfere") {
        return;
    }
    let server = Server::start(twice_site_dir());
    let url = server.url(ARTICLE);
    with_browser(true, |c| async move {
        c.goto(&url).await.unwrap();
        wait_for_enhanced(&c).await;
        let count = js(&c, "return document.querySelectorAll('.checklist.enhanced').length").await;
        assert_eq!(count, json!(2), "both embeds enhanced");
        let summaries = || async {
            let v = js(&c, "return [...document.querySelectorAll('.checklist .checklist-summary')].map(s => s.textContent)").await;
            serde_json::from_value::<Vec<String>>(v).unwrap()
        };
        assert_eq!(summaries().await, vec!["0 of 5 signs ticked.", "0 of 5 signs ticked."]);

        // Tick two boxes (via their labels) in the first checklist.
        let first = c.find(Locator::Css(".checklist")).await.unwrap();
        let labels = first.find_all(Locator::Css(".checklist-items label")).await.unwrap();
        click_el(&c, &labels[0]).await;
        click_el(&c, &labels[1]).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "0 of 5 signs ticked."]);
        let second_checked = js(
            &c,
            "return document.querySelectorAll('.checklist')[1].querySelectorAll('input[type=checkbox]:checked').length",
        )
        .await;
        assert_eq!(second_checked, json!(0), "second checklist untouched");

        // Ids stay unique across the two embeds.
        let dup = js(
            &c,
            "const ids=[...document.querySelectorAll('[id]')].map(e=>e.id); return ids.filter((x,i)=>ids.indexOf(x)!==i)",
        )
        .await;
        assert_eq!(dup, json!([]), "duplicate ids");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_for_humans() {
    if !browser_available("screenshots_for_humans") {
        return;
    }
    let server = Server::start(site_dir());
    let article = server.url(ARTICLE);
    let checklist = server.url(CHECKLIST_PAGE);
    with_browser(true, |c| async move {
        c.set_window_size(1280, 1000).await.unwrap();
        c.goto(&article).await.unwrap();
        wait_for_enhanced(&c).await;
        save_screenshot(&c, "article-1280.png").await;

        c.set_window_size(320, 800).await.unwrap();
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        let width = js(&c, "return window.innerWidth").await;
        eprintln!("viewport width at 320 request: {width}");
        let overflow = js(
            &c,
            "return document.documentElement.scrollWidth > window.innerWidth",
        )
        .await;
        save_screenshot(&c, "article-320.png").await;
        eprintln!("horizontal overflow at 320: {overflow}");

        c.set_window_size(1280, 1000).await.unwrap();
        c.goto(&checklist).await.unwrap();
        wait_for_enhanced(&c).await;
        tick(&c, 0).await;
        tick(&c, 2).await;
        save_screenshot(&c, "checklist-1280.png").await;
    })
    .await;
}
