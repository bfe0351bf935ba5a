//! End to end: `cited serve` on a copy of a small site: pages, live reload, the error overlay's
//! data, recovery, path traversal, and a clean Ctrl-C. Bounded: everything within 30 seconds.

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const PAGE: &str = "content/how-long-therapy-takes.md";

/// Kills the server if the test fails half-way.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `GET path` on a fresh connection: (status, body).
fn get(authority: &str, path: &str) -> (u16, String) {
    get_within(authority, path, Duration::from_secs(5))
}

/// [`get`], waiting up to `timeout` for the answer.
fn get_within(authority: &str, path: &str, timeout: Duration) -> (u16, String) {
    let mut stream = TcpStream::connect(authority).unwrap();
    stream.set_read_timeout(Some(timeout)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Opens the event stream; each complete event arrives on the channel as (name, data).
fn events(authority: &str) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET /__cited/events HTTP/1.1\r\nHost: {authority}\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let (mut name, mut data) = (String::new(), String::new());
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            let l = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = l.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = l.strip_prefix("data: ") {
                data.push_str(v);
            } else if l.is_empty()
                && !name.is_empty()
                && tx
                    .send((std::mem::take(&mut name), std::mem::take(&mut data)))
                    .is_err()
            {
                return;
            }
            line.clear();
        }
    });
    rx
}

fn wait_for(rx: &Receiver<(String, String)>, event: &str, deadline: Instant) -> String {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((name, data)) if name == event => return data,
            Ok(_) => {}
            Err(e) => panic!("no `{event}` event in time: {e}"),
        }
    }
}

fn edit(root: &Path, from: &str, to: &str) {
    let path = root.join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in the page");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// `cited new site`: a small site that builds and checks clean.
fn new_site(site: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_cited"))
        .arg("new")
        .arg(site)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

/// `cited serve --port 0` on `site`, to be given its other arguments and its output.
fn serve_command(site: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cited"));
    command.args(["serve", "--port", "0", "--root"]).arg(site);
    command
}

/// Starts `cited serve --port 0` on `site` (temp files under `private`): the server, its URL and
/// its `host:port`.
fn start(site: &Path, private: &Path) -> (Server, String, String) {
    let mut server = Server(
        serve_command(site)
            .env("TMPDIR", private)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = server.0.stdout.take().unwrap();
    let (line_tx, line_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = line_tx.send(line);
    });
    let line = line_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_owned();
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    (server, url, authority)
}

#[test]
fn serve_reloads_shows_errors_recovers_and_refuses_traversal() {
    let deadline = Instant::now() + Duration::from_secs(30);
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    let private = scratch.path().join("tmp");
    std::fs::create_dir_all(&private).unwrap();
    // Something a traversal out of the served files could reach, were they on disk in TMPDIR.
    std::fs::write(private.join("Cargo.toml"), "SECRET-MARKER").unwrap();
    new_site(&site);
    let config = site.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        yaml.replace(
            "base_url: \"https://example.org/\"",
            "base_url: \"https://user.github.io/repo/\"",
        ),
    )
    .unwrap();

    let (mut server, url, authority) = start(&site, &private);
    assert_eq!(url, format!("http://{authority}/repo/"));

    // The page, with the live reload script and the relaxed CSP.
    let page_path = "/repo/how-long-therapy-takes/";
    let (status, body) = get(&authority, page_path);
    assert_eq!(status, 200);
    assert!(body.contains("Talk therapy often takes time to help."));
    assert!(body.contains("<script src=\"/__cited/live.js?build=1\"></script></body>"));
    assert!(body.contains("connect-src 'self'"));
    assert_eq!(get(&authority, "/").0, 302);
    assert_eq!(get(&authority, "/__cited/live.js").0, 200);

    let rx = events(&authority);
    let hello = wait_for(&rx, "hello", deadline);
    assert_eq!(hello, "{\"build\":1,\"errors\":[]}");

    // An edit: reload, then the new text.
    edit(
        &site,
        "often takes time to help",
        "often takes patience to help",
    );
    wait_for(&rx, "reload", deadline);
    let (status, body) = get(&authority, page_path);
    assert_eq!(status, 200);
    assert!(body.contains("often takes patience to help"));

    // An error: an `errors` event naming the file and line; the last good page stays served.
    let text = std::fs::read_to_string(site.join(PAGE)).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("[@hansen2002]"))
        .unwrap()
        + 1;
    edit(&site, "[@hansen2002]", "[@nosuchkey]");
    let errors = wait_for(&rx, "errors", deadline);
    assert!(errors.contains(&format!("\"file\":\"{PAGE}\"")), "{errors}");
    assert!(errors.contains(&format!("\"line\":{line}")), "{errors}");
    assert!(errors.contains("E0101"), "{errors}");
    let (status, body) = get(&authority, page_path);
    assert_eq!(status, 200);
    assert!(body.contains("often takes patience to help"));
    assert!(
        get(&authority, "/__cited/errors.json")
            .1
            .contains("nosuchkey")
    );

    // The fix: reload, and the overlay's data is empty again.
    edit(&site, "[@nosuchkey]", "[@hansen2002]");
    wait_for(&rx, "reload", deadline);
    assert_eq!(get(&authority, "/__cited/errors.json").1, "[]");
    assert_eq!(get(&authority, page_path).0, 200);

    // Traversal: refused, never the file.
    for path in [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/repo/..%2f..%2fCargo.toml",
        "/repo/../../Cargo.toml",
        "/repo/%2e%2e/%2e%2e/Cargo.toml",
        "/repo/..%5c..%5cCargo.toml",
        "/repo//etc/passwd",
    ] {
        let (status, body) = get(&authority, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("SECRET-MARKER") && !body.contains("root:"),
            "{path}"
        );
    }

    // Ctrl-C: a clean exit, with nothing left in the temporary folder.
    #[cfg(unix)]
    {
        let pid = server.0.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .unwrap()
                .success()
        );
        let stop_by = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(status) = server.0.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                break;
            }
            assert!(Instant::now() < stop_by, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
        let left: Vec<_> = std::fs::read_dir(&private)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("cited-serve-"))
            .collect();
        assert!(left.is_empty(), "a folder left behind");
    }
    assert!(Instant::now() < deadline, "took longer than 30 s");
}

/// A bounded load on loopback: 200 requests from 8 threads, plus more idle connections than the
/// server serves at once. The idle ones cannot lock pages out: a page asked for meanwhile waits
/// for a slot (idle heads are dropped after 5 s) and is answered 200, never 503; it keeps serving
/// pages throughout and after. Bounded in count and time; only 127.0.0.1 is contacted.
#[test]
fn serve_keeps_serving_under_a_small_load() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    let private = scratch.path().join("tmp");
    std::fs::create_dir_all(&private).unwrap();
    new_site(&site);
    let (_server, url, authority) = start(&site, &private);
    let page = format!(
        "{}how-long-therapy-takes/",
        url.trim_start_matches(&format!("http://{authority}"))
    );

    // Idle connections up to and past the limit, sending nothing.
    let mut idle = Vec::new();
    for _ in 0..70 {
        idle.push(TcpStream::connect(&authority).unwrap());
    }
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    assert_eq!(
        get_within(&authority, &page, Duration::from_secs(15)).0,
        200,
        "a page while idle connections hold every slot"
    );
    assert!(
        asked.elapsed() < Duration::from_secs(12),
        "{:?}",
        asked.elapsed()
    );
    drop(idle);
    std::thread::sleep(Duration::from_millis(300));

    // Then 8 threads × 25 requests: every one answered 200.
    let started = Instant::now();
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (authority, page) = (authority.clone(), page.clone());
            std::thread::spawn(move || (0..25).filter(|_| get(&authority, &page).0 == 200).count())
        })
        .collect();
    let ok: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(ok, 200);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(get(&authority, &page).0, 200, "still serving afterwards");
}

#[test]
fn serve_with_timings_prints_each_builds_stages() {
    let deadline = Instant::now() + Duration::from_secs(30);
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    new_site(&site);
    let mut server = Server(
        serve_command(&site)
            .arg("--timings")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = server.0.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    // The lines of one build's report: `built …`, then a line per stage, then the total.
    let build = || -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|e| panic!("no build report in time: {e}; so far {lines:?}"));
            let done = line.ends_with(" ms  total");
            if line.starts_with("built ") || !lines.is_empty() {
                lines.push(line);
            }
            if done && !lines.is_empty() {
                return lines;
            }
        }
    };
    let stages = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .skip(1)
            .filter_map(|l| l.split_once(" ms  ").map(|(_, stage)| stage.to_owned()))
            .collect()
    };
    let first = build();
    assert!(first[0].starts_with("built "), "{first:?}");
    let names = stages(&first);
    for stage in ["load", "check", "citations", "pages", "total"] {
        assert!(names.iter().any(|n| n == stage), "{stage} in {first:?}");
    }
    // A save: the rebuild reports its own stages.
    edit(
        &site,
        "often takes time to help",
        "often takes patience to help",
    );
    let second = build();
    assert!(second[0].contains("1 page read again"), "{second:?}");
    assert_eq!(stages(&second).last().map(String::as_str), Some("total"));
}

/// A port another program holds is named as such, with a way out, not as the system's error.
#[test]
fn serve_on_a_busy_port_says_so_in_plain_words() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    new_site(&site);
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_cited"))
        .args(["serve", "--port", &port, "--root"])
        .arg(&site)
        .env("TMPDIR", scratch.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("another program is using port {port}")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}
