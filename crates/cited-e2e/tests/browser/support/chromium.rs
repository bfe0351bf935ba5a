//! Chromium through chromedriver: starting chromedriver on a port it picks (again, when it loses
//! the race for it), a fresh headless Chromium session per test with its own profile, and the
//! session closed, so Chromium exits, whatever the test did.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

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
