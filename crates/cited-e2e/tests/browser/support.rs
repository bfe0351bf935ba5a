//! Shared by the browser tests: building the site, a tiny static file server, starting Chromium
//! through chromedriver, and page helpers.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Paths and site builds
// ---------------------------------------------------------------------------------------------

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("crates/cited-e2e lives two levels below the workspace root")
        .to_path_buf()
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The `cited` binary; built with `cargo build -p cited` when it is missing.
/// `CITED_BIN` overrides the location.
pub(crate) fn cited_bin() -> PathBuf {
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
pub(crate) fn newest_source(root: &Path) -> Option<std::time::SystemTime> {
    pub(crate) fn walk(path: &Path, newest: &mut Option<std::time::SystemTime>) {
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

pub(crate) fn cited_build(root: &Path, out: &Path) {
    cited_build_with(root, out, &[]);
}

pub(crate) fn cited_build_with(root: &Path, out: &Path, extra: &[&str]) {
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

/// A folder for one of the sites the tests build, emptied first: in the build's own temporary
/// folder (`target/tmp`), at a fixed name, so runs neither leave folders in the system's
/// temporary folder (a static is never dropped) nor pile them up.
pub(crate) fn fresh_site_folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real site, built once per test process.
pub(crate) fn site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = fresh_site_folder("e2e-site").join("out");
        cited_build(&workspace_root(), &out);
        out
    })
    .as_path()
}

/// The real site built with the print-first `handout` theme (Tera 2).
pub(crate) fn handout_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = fresh_site_folder("e2e-handout").join("out");
        cited_build_with(&workspace_root(), &out, &["--theme", "handout"]);
        out
    })
    .as_path()
}

/// The real site built in another citation style (`chicago-notes`, `apa`, ...), once per style
/// and test process, at `e2e-style-<style>`.
pub(crate) fn site_in_style(style: &'static str) -> &'static Path {
    // A few sites per process, kept for its whole life as the other sites' statics are.
    static SITES: OnceLock<std::sync::Mutex<Vec<(&'static str, &'static Path)>>> = OnceLock::new();
    let sites = SITES.get_or_init(Default::default);
    let mut sites = sites
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, out)) = sites.iter().find(|(s, _)| *s == style) {
        return out;
    }
    let out = built_variant(&format!("e2e-style-{style}"), |src| {
        let config = src.join("content/site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replace(
            "citation_style: american-medical-association",
            &format!("citation_style: {style}"),
        );
        assert!(
            text.contains(&format!("citation_style: {style}")),
            "the style is set"
        );
        std::fs::write(&config, text).unwrap();
    });
    let out: &'static Path = Box::leak(out.into_boxed_path());
    sites.push((style, out));
    out
}

/// The real site (its content, references and themes) copied to `name/src`, changed by `edit`,
/// and built into `name/out`, which is returned.
fn built_variant(name: &str, edit: impl FnOnce(&Path)) -> PathBuf {
    let dir = fresh_site_folder(name);
    let src = dir.join("src");
    for sub in ["content", "references", "themes"] {
        copy_dir(&workspace_root().join(sub), &src.join(sub));
    }
    edit(&src);
    let out = dir.join("out");
    cited_build(&src, &out);
    out
}

/// The real site with `language: fr`, built once per test process: the theme's words, the
/// checklist script's among them, in French.
pub(crate) fn french_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        built_variant("e2e-french", |src| {
            let config = src.join("content/site.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            let text = text.replace("language: en\n", "language: fr\n");
            assert!(text.contains("language: fr\n"), "the language is set");
            std::fs::write(&config, text).unwrap();
        })
    })
    .as_path()
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
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
pub(crate) fn twice_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        built_variant("e2e-twice", |src| {
            let article = src.join("content/when-talk-therapy-doesnt-work.md");
            let mut text = std::fs::read_to_string(&article).unwrap();
            text.push_str(
                "\n\nThe same checklist again:\n\n```checklist\ntherapy-not-helping\n```\n",
            );
            std::fs::write(&article, text).unwrap();
        })
    })
    .as_path()
}

// ---------------------------------------------------------------------------------------------
// A tiny static file server
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub(crate) at: Instant,
    pub(crate) method: String,
    pub(crate) path: String,
}

/// The path prefix the site is built for: the path of `base_url` in `content/site.yaml`
/// (e.g. `/cited`). Links and assets in the built pages are absolute under it, so the server
/// mounts the output directory there.
pub(crate) fn site_prefix() -> &'static str {
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

pub(crate) struct Server {
    pub(crate) base: String,
    pub(crate) log: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub(crate) fn start(root: &'static Path) -> Self {
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

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, site_prefix(), path)
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

pub(crate) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

pub(crate) fn serve_one(
    stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
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
    // Pictures arrive late, as on a slow network: after the first paint, so a picture without
    // its size would shift the text below it (the layout-shift tests would see it).
    if path.starts_with("/images/") {
        std::thread::sleep(std::time::Duration::from_millis(400));
    }
    match std::fs::read(&file) {
        Ok(body) => respond(&mut stream, "200 OK", content_type(&file), &body),
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n"),
    }
}

// ---------------------------------------------------------------------------------------------
// chromedriver + fantoccini
// ---------------------------------------------------------------------------------------------

pub(crate) fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// Whether to run browser tests. Without chromedriver: skip, unless `CI` is set (then fail).
pub(crate) fn browser_available(test: &str) -> bool {
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

pub(crate) struct Driver {
    pub(crate) child: Child,
    pub(crate) port: u16,
    /// What chromedriver printed, for a failure to say why.
    output: Arc<Mutex<String>>,
}

/// What a chromedriver that exited without listening printed.
struct Exited(String);

impl Driver {
    /// Starts chromedriver on a port it picks itself (`--port=0`) and reads the port from what it
    /// prints. A port picked here and let go before chromedriver took it could be picked again by
    /// a test running beside this one, whose chromedriver then answered for both and went away
    /// with its test ("Connection refused" in the other).
    ///
    /// chromedriver's own pick races the same way: it chooses a free port, then binds it, and
    /// exits with "IPv4 port not available" when something took the port in between. Such a
    /// start is tried again, a few times.
    pub(crate) fn start() -> Self {
        Self::start_program(&chromedriver_path())
    }

    /// [`Driver::start`] with `program` as chromedriver.
    fn start_program(program: &Path) -> Self {
        const ATTEMPTS: usize = 5;
        let mut printed = Vec::new();
        for _ in 0..ATTEMPTS {
            match Self::try_start(program) {
                Ok(driver) => return driver,
                Err(Exited(output)) if output.contains("port not available") => {
                    printed.push(output)
                }
                Err(Exited(output)) => {
                    panic!("chromedriver exited before it listened; it printed:\n{output}")
                }
            }
        }
        panic!(
            "chromedriver found no free port in {ATTEMPTS} starts; it printed:\n{}",
            printed.join("\n")
        );
    }

    /// One start of chromedriver: it, listening, or what it printed before it exited.
    fn try_start(program: &Path) -> Result<Self, Exited> {
        let mut child = Command::new(program)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn chromedriver");
        let stdout = child.stdout.take().expect("chromedriver's stdout");
        let output = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let kept = Arc::clone(&output);
        // Reads to the end, so chromedriver never blocks on a full pipe. The sender goes with
        // this thread: a chromedriver that exits without a port ends the wait at once.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = started_on(&line) {
                    let _ = port_tx.send(port);
                }
                let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
                kept.push_str(&line);
                kept.push('\n');
            }
        });
        let printed = || output.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match port_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(port) => Ok(Driver {
                child,
                port,
                output,
            }),
            Err(RecvTimeoutError::Disconnected) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(Exited(printed()))
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!(
                    "chromedriver did not say which port it listens on within 20 s; it printed:\n{}",
                    printed()
                );
            }
        }
    }

    /// Why a session could not be made: whether chromedriver is still running, and what it
    /// printed.
    pub(crate) fn state(&mut self) -> String {
        let running = match self.child.try_wait() {
            Ok(None) => "still running".to_owned(),
            Ok(Some(status)) => format!("exited ({status})"),
            Err(e) => format!("in an unknown state ({e})"),
        };
        format!(
            "chromedriver on port {} is {running}; it printed:\n{}",
            self.port,
            self.output.lock().unwrap_or_else(|e| e.into_inner())
        )
    }
}

/// The port in chromedriver's "ChromeDriver was started successfully on port 41231." line.
fn started_on(line: &str) -> Option<u16> {
    let rest = line.split_once("started successfully on port ")?.1;
    rest.trim_end().trim_end_matches('.').parse().ok()
}

#[test]
fn reads_the_port_chromedriver_started_on() {
    assert_eq!(
        started_on("ChromeDriver was started successfully on port 41231."),
        Some(41231)
    );
    assert_eq!(started_on("Starting ChromeDriver 156.0 on port 0"), None);
    assert_eq!(started_on("Only local connections are allowed."), None);
}

/// A chromedriver that loses the race for its port on the first two starts (as the real one
/// sometimes does) is started again until it listens.
#[test]
fn a_chromedriver_that_lost_its_port_is_started_again() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let starts = dir.path().join("starts");
    let program = dir.path().join("chromedriver");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\n\
             echo start >> '{starts}'\n\
             echo 'Starting ChromeDriver 156.0 on port 0'\n\
             if [ $(wc -l < '{starts}') -le 2 ]; then echo 'IPv4 port not available. Exiting...'; exit 1; fi\n\
             echo 'ChromeDriver was started successfully on port 45678.'\n\
             exec sleep 60\n",
            starts = starts.display()
        ),
    )
    .expect("write the stand-in");
    make_executable(&program);
    let driver = Driver::start_program(&program);
    assert_eq!(driver.port, 45678);
    let started = std::fs::read_to_string(&starts).expect("the count of starts");
    assert_eq!(started.lines().count(), 3);
}

/// A chromedriver that exits for any other reason is not started again: the test fails with
/// what it printed.
#[test]
#[should_panic(expected = "no such option")]
fn a_chromedriver_that_exits_otherwise_fails_the_test_at_once() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let program = dir.path().join("chromedriver");
    std::fs::write(&program, "#!/bin/sh\necho 'no such option'\nexit 2\n")
        .expect("write the stand-in");
    make_executable(&program);
    Driver::start_program(&program);
}

fn make_executable(program: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(program, std::fs::Permissions::from_mode(0o755))
        .expect("make the stand-in executable");
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start chromedriver and a fresh Chromium session, run `body`, then always close the session
/// (so Chromium exits) before re-raising any panic from `body`.
pub(crate) async fn with_browser<F, Fut>(javascript: bool, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_browser_args(javascript, &[], body).await;
}

/// [`with_browser`] with extra Chromium command-line switches (e.g. `--force-dark-mode`).
pub(crate) async fn with_browser_args<F, Fut>(javascript: bool, extra_args: &[&str], body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let mut driver = Driver::start();
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
        .unwrap_or_else(|e| panic!("connect to chromedriver: {e}\n{}", driver.state()));
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

pub(crate) async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("execute {script:?}: {e}"))
}

pub(crate) async fn summary_text(c: &Client) -> String {
    c.find(Locator::Css(".checklist .checklist-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) async fn click(c: &Client, css: &str) {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find {css}: {e}"));
    click_el(c, &el).await;
}

/// Click the label of the n-th (0-based) checkbox of the first checklist on the page, as a
/// user would.
pub(crate) async fn tick(c: &Client, n: usize) {
    let labels = c
        .find_all(Locator::Css(".checklist .checklist-items label"))
        .await
        .unwrap();
    click_el(c, &labels[n]).await;
}

/// Scroll an element to the middle of the viewport and click it; on failure, say what covers it.
pub(crate) async fn click_el(c: &Client, el: &fantoccini::elements::Element) {
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
pub(crate) async fn guidance_state(c: &Client) -> Vec<(i64, i64, bool)> {
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

pub(crate) async fn local_storage(c: &Client) -> serde_json::Map<String, Value> {
    let s = js(c, "return JSON.stringify(localStorage)").await;
    serde_json::from_str(s.as_str().unwrap()).unwrap()
}

pub(crate) async fn checked_names(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return [...document.querySelectorAll('.checklist .checklist-items input[type=checkbox]')]\
         .filter(b => b.checked).map(b => b.name)",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

pub(crate) async fn storage_key(c: &Client) -> String {
    c.find(Locator::Css(".checklist[data-storage-key]"))
        .await
        .unwrap()
        .attr("data-storage-key")
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn wait_for_enhanced(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".checklist.enhanced"))
        .await
        .expect("checklist script ran (.checklist.enhanced)");
}

/// Waits (at most 10 s) until the page in `c` sees a window `width` CSS pixels wide (its outer
/// width: an emulated phone's `about:blank` is laid out 980 px wide, having no viewport meta tag).
pub(crate) async fn wait_for_width(c: &Client, width: u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let inner = js(c, "return window.outerWidth").await;
        if inner.as_u64() == Some(u64::from(width)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the viewport did not become {width} px wide (it is {inner})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(crate) async fn save_screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

/// Skip a test locally (print `SKIPPED`), or fail it when `CI` is set.
pub(crate) fn skip_or_fail_in_ci(test: &str, why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {why}");
    }
    eprintln!("SKIPPED {test}: {why}");
    println!("SKIPPED {test}: {why}");
}

/// A file installed by `npm ci` (the root `package.json` pins axe-core and vnu-jar); `None`
/// (test skipped) when it is missing, unless `CI` is set.
pub(crate) fn npm_file(test: &str, rel: &str) -> Option<PathBuf> {
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
pub(crate) fn built_css() -> String {
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

/// The preludes (`@media …`, selectors) of the blocks enclosing each declaration of `property`,
/// with its value: a tiny CSS walker, enough for the theme's stylesheet (no strings with braces).
pub(crate) fn css_declarations(css: &str, property: &str) -> Vec<(Vec<String>, String)> {
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
