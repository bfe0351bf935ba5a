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
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = target_dir().join("debug").join("cited");
        // `cargo test --workspace` builds the binary for the `cited` crate's own tests, but
        // `cargo test -p cited-e2e` alone does not: a binary older than the sources would test
        // yesterday's pages. Building whenever it is older keeps the workspace run free of a
        // second build (a lone `cargo build -p cited` unifies features differently).
        let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
        if built.is_none_or(|built| newest_source(&workspace_root()) > Some(built)) {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--quiet", "-p", "cited"])
                .current_dir(workspace_root())
                .status()
                .expect("run cargo build -p cited");
            assert!(status.success(), "cargo build -p cited failed");
        }
        assert!(bin.exists(), "no cited binary at {}", bin.display());
        bin
    })
    .clone()
}

/// The newest modification time of what the binary is built from: the crates' sources, the
/// built-in theme and the manifests.
fn newest_source(root: &Path) -> Option<std::time::SystemTime> {
    fn walk(path: &Path, newest: &mut Option<std::time::SystemTime>) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), newest);
            }
        } else if let Ok(t) = meta.modified() {
            *newest = (*newest).max(Some(t));
        }
    }
    let mut newest = None;
    for crate_name in [
        "cited",
        "cited-site",
        "cited-check",
        "cited-render",
        "cited-serve",
    ] {
        walk(
            &root.join("crates").join(crate_name).join("src"),
            &mut newest,
        );
        walk(
            &root.join("crates").join(crate_name).join("Cargo.toml"),
            &mut newest,
        );
    }
    walk(&root.join("themes"), &mut newest);
    walk(&root.join("Cargo.toml"), &mut newest);
    walk(&root.join("Cargo.lock"), &mut newest);
    newest
}

fn cited_build(root: &Path, out: &Path) {
    cited_build_with(root, out, &[]);
}

fn cited_build_with(root: &Path, out: &Path, extra: &[&str]) {
    let output = Command::new(cited_bin())
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
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

/// The real site built with the print-first `handout` theme (Tera 2).
fn handout_site_dir() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("cited-e2e-handout-")
            .tempdir()
            .unwrap();
        let out = dir.path().join("out");
        cited_build_with(&workspace_root(), &out, &["--theme", "handout"]);
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
    with_browser_args(javascript, &[], body).await;
}

/// [`with_browser`] with extra Chromium command-line switches (e.g. `--force-dark-mode`).
async fn with_browser_args<F, Fut>(javascript: bool, extra_args: &[&str], body: F)
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
    for arg in extra_args {
        chrome_options["args"]
            .as_array_mut()
            .unwrap()
            .push(json!(arg));
    }
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
    // Both ring (via ureq) and aws-lc-rs (via hyper-rustls) are compiled in a workspace build;
    // rustls needs to be told which one to use. A second install is a harmless Err.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
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

        // "Remember" in both copies: each restores its own answers after a reload.
        let remembers = c
            .find_all(Locator::Css(".checklist label.remember"))
            .await
            .unwrap();
        click_el(&c, &remembers[0]).await;
        click_el(&c, &remembers[1]).await;
        // The fifth item of the second copy.
        let labels = c
            .find_all(Locator::Css(".checklist .checklist-items label"))
            .await
            .unwrap();
        click_el(&c, &labels[5 + 4]).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "1 of 5 signs ticked."]);
        let keys = js(&c, "return Object.keys(localStorage).sort()").await;
        assert_eq!(keys.as_array().map(Vec::len), Some(2), "one key per copy: {keys}");
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "1 of 5 signs ticked."]);
        // Clearing one copy leaves the other's answers.
        let clear = c
            .find_all(Locator::Css(".checklist .clear-answers"))
            .await
            .unwrap();
        click_el(&c, &clear[1]).await;
        c.refresh().await.unwrap();
        wait_for_enhanced(&c).await;
        assert_eq!(summaries().await, vec!["2 of 5 signs ticked.", "0 of 5 signs ticked."]);
        js(&c, "localStorage.clear(); return null").await;

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

// ---------------------------------------------------------------------------------------------
// Accessibility (axe-core, WCAG checks axe does not make) and HTML validity (Nu Html Checker)
// ---------------------------------------------------------------------------------------------

/// The pages axe-core checks: `(label, path under the site prefix)`.
const AXE_PAGES: &[(&str, &str)] = &[
    ("article", ARTICLE),
    ("checklist", CHECKLIST_PAGE),
    ("references", "/references/"),
    ("home", "/"),
    ("about", "/about/"),
    ("404", "/404.html"),
];

/// The axe-core rule tags run: WCAG 2.0, 2.1 and 2.2 levels A and AA.
const AXE_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

/// Skip a test locally (print `SKIPPED`), or fail it when `CI` is set.
fn skip_or_fail_in_ci(test: &str, why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {why}");
    }
    eprintln!("SKIPPED {test}: {why}");
    println!("SKIPPED {test}: {why}");
}

/// A file installed by `npm ci` (the root `package.json` pins axe-core and vnu-jar); `None`
/// (test skipped) when it is missing, unless `CI` is set.
fn npm_file(test: &str, rel: &str) -> Option<PathBuf> {
    let path = workspace_root().join("node_modules").join(rel);
    if path.exists() {
        return Some(path);
    }
    skip_or_fail_in_ci(
        test,
        &format!(
            "{} is missing: run `npm ci` in the workspace root",
            path.display()
        ),
    );
    None
}

/// The stylesheet the built site ships (`assets/style.<hash>.css`).
fn built_css() -> String {
    let assets = site_dir().join("assets");
    let css = std::fs::read_dir(&assets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("style.") && name.ends_with(".css")
        })
        .unwrap_or_else(|| panic!("no style.*.css in {}", assets.display()));
    std::fs::read_to_string(css).unwrap()
}

/// Pages with a checklist wait for the module to enhance it.
fn has_checklist(path: &str) -> bool {
    path == ARTICLE || path == CHECKLIST_PAGE
}

/// Inject axe-core (its source, run through WebDriver) and run it on the whole document.
/// Returns the violations, simplified, and a one-line summary.
async fn run_axe(c: &Client, axe_source: &str) -> (Vec<Value>, String) {
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
fn format_violations(page: &str, violations: &[Value]) -> String {
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
async fn axe_all_pages(test: &str, dark: bool) {
    axe_all_pages_of(test, site_dir(), dark, true).await;
}

/// Runs axe on every page of a built site; `scripted` sites enhance their checklists first.
async fn axe_all_pages_of(test: &str, site: &'static Path, dark: bool, scripted: bool) {
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
async fn axe_finds_no_wcag_violations() {
    axe_all_pages("axe_finds_no_wcag_violations", false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_violations_in_the_handout_theme() {
    axe_all_pages_of(
        "axe_finds_no_wcag_violations_in_the_handout_theme",
        handout_site_dir(),
        false,
        false,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_violations_in_dark_mode() {
    axe_all_pages("axe_finds_no_wcag_violations_in_dark_mode", true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn webdriver_scripts_bypass_the_csp_that_blocks_page_scripts() {
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
async fn horizontal_overflow(c: &Client) -> (i64, i64, i64, Value) {
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
async fn reflow_at_320_and_200_percent_zoom_without_horizontal_scroll() {
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

fn server_url_of(pages: &[(&str, String)], path: &str) -> String {
    pages.iter().find(|(p, _)| *p == path).unwrap().1.clone()
}

/// The focused element: tag, text, outline, `:focus-visible`, and whether it is on screen.
const FOCUSED: &str = "const e = document.activeElement; if (!e || e === document.body) return null; \
     const s = getComputedStyle(e), r = e.getBoundingClientRect(); \
     return { tag: e.tagName.toLowerCase(), text: (e.textContent || e.name || '').trim().slice(0, 40), \
       outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), \
       focusVisible: e.matches(':focus-visible'), \
       onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth };";

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_focus_is_always_visible() {
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
async fn checklist_targets_are_at_least_24_px() {
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

/// The preludes (`@media …`, selectors) of the blocks enclosing each declaration of `property`,
/// with its value: a tiny CSS walker, enough for the theme's stylesheet (no strings with braces).
fn css_declarations(css: &str, property: &str) -> Vec<(Vec<String>, String)> {
    let mut css_no_comments = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        css_no_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    css_no_comments.push_str(rest);
    let mut found = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    for ch in css_no_comments.chars() {
        match ch {
            '{' => {
                stack.push(buf.trim().to_string());
                buf.clear();
            }
            '}' | ';' => {
                if let Some((name, value)) = buf.split_once(':')
                    && name.trim() == property
                {
                    found.push((stack.clone(), value.trim().to_string()));
                }
                buf.clear();
                if ch == '}' {
                    stack.pop();
                }
            }
            _ => buf.push(ch),
        }
    }
    found
}

#[test]
fn smooth_scrolling_only_without_a_reduced_motion_preference() {
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
fn print_stylesheet_hides_navigation() {
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

#[test]
fn checklist_page_prints_to_pdf() {
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
fn css_colors(css: &str) -> std::collections::BTreeMap<String, [f64; 3]> {
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
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
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
fn palette_contrast_in_light_and_dark_schemes() {
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
fn html_files(dir: &Path) -> Vec<PathBuf> {
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
fn every_built_page_is_valid_html() {
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
