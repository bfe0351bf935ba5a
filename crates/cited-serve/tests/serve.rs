//! The preview server as a library: polling mode notices an edit, reads only the page again and
//! pages are told to reload; a stop message ends it; non-loopback addresses are refused.

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cited_serve::BuildOptions;
use cited_serve::{Event, ServeError, ServeOptions, serve};

fn small_site(root: &Path) {
    small_site_at(root, "https://example.org/sub/");
}

/// A small site whose `base_url` is `base_url`.
fn small_site_at(root: &Path, base_url: &str) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("references")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        format!("title: \"Small\"\nbase_url: \"{base_url}\"\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/hello.md"),
        "---\ntitle: \"Hello\"\n---\n\nMost studies found this [@smith2020]. The sky is blue today.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("references/smith2020.yaml"),
        "references:\n  - id: smith2020\n    type: article-journal\n    title: \"A study of things\"\n    author:\n      - family: Smith\n        given: Jane\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/abcd.5678\"\n    findings:\n      - text: \"Most studies found this.\"\n",
    )
    .unwrap();
}

fn options(root: &Path, poll: bool) -> ServeOptions {
    ServeOptions {
        root: root.to_path_buf(),
        addr: "127.0.0.1".parse().unwrap(),
        port: 0,
        poll,
        build: BuildOptions::new("2026-01-01".parse().unwrap()),
    }
}

#[test]
fn refuses_non_loopback_addresses() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let mut opts = options(dir.path(), false);
    opts.addr = "0.0.0.0".parse().unwrap();
    let (_stop_tx, stop_rx) = mpsc::channel();
    let result = serve(opts, stop_rx, |_| {});
    assert!(matches!(result, Err(ServeError::NotLoopback(_))));
}

/// Reads the event stream until a `reload` event, before `deadline`.
fn wait_for_reload(reader: &mut BufReader<TcpStream>, deadline: Instant) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(Instant::now() < deadline, "no reload in time");
        assert!(reader.read_line(&mut line).unwrap() > 0);
        if line.starts_with("event: reload") {
            return;
        }
    }
}

/// Writes `text` to `path`, waits for the `reload` event the save brings, and says how the
/// build after it loaded the site.
fn save(
    path: &Path,
    text: &str,
    reader: &mut BufReader<TcpStream>,
    built: &mpsc::Receiver<cited_serve::Reload>,
    deadline: Instant,
) -> cited_serve::Reload {
    std::fs::write(path, text).unwrap();
    wait_for_reload(reader, deadline);
    built.recv_timeout(Duration::from_secs(1)).unwrap()
}

/// A rebuild that read again only these many pages and reference files, and the theme or not.
fn partial(pages: usize, references: usize, theme: bool) -> cited_serve::Reload {
    cited_serve::Reload::Partial(cited_serve::Reloaded {
        pages,
        references,
        checklists: 0,
        theme,
    })
}

/// The whole answer to a GET of `path`.
fn get(authority: &str, path: &str) -> String {
    let mut page = TcpStream::connect(authority).unwrap();
    write!(
        page,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    page.read_to_string(&mut body).unwrap();
    body
}

#[test]
fn polling_notices_an_edit_and_a_stop_message_ends_serving() {
    let deadline = Instant::now() + Duration::from_secs(20);
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let (stop_tx, stop_rx) = mpsc::channel();
    let (url_tx, url_rx) = mpsc::channel();
    let (built_tx, built_rx) = mpsc::channel();
    let opts = options(dir.path(), true);
    let server = std::thread::spawn(move || {
        serve(opts, stop_rx, |event| match event {
            Event::Listening { url } => {
                let _ = url_tx.send(url.to_owned());
            }
            Event::Built { reload, .. } => {
                let _ = built_tx.send(reload);
            }
            _ => {}
        })
    });
    let url = url_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let first = built_rx.recv_timeout(Duration::from_secs(1)).unwrap();
    assert_eq!(first, cited_serve::Reload::Whole);
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(url, format!("http://{authority}/sub/"));

    let mut stream = TcpStream::connect(&authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__cited/events HTTP/1.1\r\nHost: {authority}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    let mut line = String::new();
    while !seen.contains("event: hello") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0);
        seen.push_str(&line);
    }
    assert!(seen.starts_with("HTTP/1.1 200 OK\r\n"));
    assert!(seen.contains("Content-Type: text/event-stream"));

    let second = save(
        &dir.path().join("content/hello.md"),
        "---\ntitle: \"Hello\"\n---\n\nMost studies found this [@smith2020]. The sky is grey today.\n",
        &mut reader,
        &built_rx,
        deadline,
    );
    // Only the saved page was read again, and the new text is what is served.
    assert_eq!(second, partial(1, 0, false));
    let body = get(&authority, "/sub/hello/");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("The sky is grey today."), "{body}");

    // A reference retitled: only its file is read again, and the page citing it shows the title.
    let third = save(
        &dir.path().join("references/smith2020.yaml"),
        "references:\n  - id: smith2020\n    type: article-journal\n    title: \"A second study of things\"\n    author:\n      - family: Smith\n        given: Jane\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/abcd.5678\"\n    findings:\n      - text: \"Most studies found this.\"\n",
        &mut reader,
        &built_rx,
        deadline,
    );
    assert_eq!(third, partial(0, 1, false));
    let body = get(&authority, "/sub/hello/");
    assert!(body.contains("A second study of things"), "{body}");

    // A stylesheet of the site's own: only the theme is read again, and the page names the new
    // one, which is served.
    let fourth = save(
        &dir.path().join("static/style.css"),
        "body { color: #222; }\n",
        &mut reader,
        &built_rx,
        deadline,
    );
    assert_eq!(fourth, partial(0, 0, true));
    let body = get(&authority, "/sub/hello/");
    let stylesheet = body
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("{body}"));
    assert!(get(&authority, stylesheet).contains("color: #222"));

    stop_tx.send(()).unwrap();
    let result = server.join().unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(Instant::now() < deadline);
}

/// A CSL style outside the input folders (at `styles/`, where the loader's hint suggests) is
/// watched because the load read it: saving it rebuilds the site, in both watching modes.
#[test]
fn a_style_outside_the_input_folders_is_watched() {
    for poll in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        small_site(dir.path());
        std::fs::create_dir_all(dir.path().join("styles")).unwrap();
        let style = dir.path().join("styles/my-style.csl");
        let csl = |prefix: &str| {
            format!(
                r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Mine</title><id>mine</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="{prefix}"><text variable="title"/></layout></citation>
</style>"#
            )
        };
        std::fs::write(&style, csl("(")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: \"Small\"\nbase_url: \"https://example.org/sub/\"\ncitation_style: styles/my-style.csl\n",
        )
        .unwrap();
        let (stop_tx, stop_rx) = mpsc::channel();
        let (built_tx, built_rx) = mpsc::channel();
        let opts = options(dir.path(), poll);
        let server = std::thread::spawn(move || {
            serve(opts, stop_rx, |event| {
                if let Event::Built { .. } | Event::Failed { .. } = event {
                    let _ = built_tx.send(());
                }
            })
        });
        built_rx.recv_timeout(Duration::from_secs(20)).unwrap();
        // Let the watcher settle on the folders of what was read before saving.
        std::thread::sleep(Duration::from_millis(700));
        std::fs::write(&style, csl("[")).unwrap();
        let rebuilt = built_rx.recv_timeout(Duration::from_secs(10));
        stop_tx.send(()).unwrap();
        server.join().unwrap().unwrap();
        assert!(
            rebuilt.is_ok(),
            "no rebuild after saving the style (poll: {poll})"
        );
    }
}

/// Starts a server on a small site; returns its `127.0.0.1:PORT`, the stop sender and its thread.
fn start(
    dir: &Path,
) -> (
    String,
    mpsc::Sender<()>,
    std::thread::JoinHandle<Result<(), ServeError>>,
) {
    start_at(dir, "https://example.org/sub/")
}

/// Like [`start`], for a site whose `base_url` is `base_url`.
fn start_at(
    dir: &Path,
    base_url: &str,
) -> (
    String,
    mpsc::Sender<()>,
    std::thread::JoinHandle<Result<(), ServeError>>,
) {
    small_site_at(dir, base_url);
    let (stop_tx, stop_rx) = mpsc::channel();
    let (url_tx, url_rx) = mpsc::channel();
    let (built_tx, built_rx) = mpsc::channel();
    let opts = options(dir, false);
    let server = std::thread::spawn(move || {
        serve(opts, stop_rx, |event| match event {
            Event::Listening { url } => {
                let _ = url_tx.send(url.to_owned());
            }
            Event::Built { .. } => {
                let _ = built_tx.send(());
            }
            _ => {}
        })
    });
    let url = url_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    built_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    (authority, stop_tx, server)
}

/// The status line and headers of `GET path` on a fresh connection.
fn head_of(authority: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    BufReader::new(stream)
        .read_to_string(&mut response)
        .unwrap();
    response.split("\r\n\r\n").next().unwrap_or("").to_owned()
}

#[test]
fn a_site_at_the_host_root_is_served_at_slash() {
    // `cited new` writes a base URL at the host's root; `/` must be the home page, not a
    // redirect to itself.
    let dir = tempfile::tempdir().unwrap();
    let (authority, stop_tx, server) = start_at(dir.path(), "https://example.org/");
    let head = head_of(&authority, "/");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    stop_tx.send(()).unwrap();
    server.join().unwrap().unwrap();
}

#[test]
fn the_host_root_leads_to_a_site_under_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, stop_tx, server) = start(dir.path());
    for path in ["/", "/sub"] {
        let head = head_of(&authority, path);
        assert!(head.starts_with("HTTP/1.1 302"), "{path}: {head}");
        assert!(head.contains("\r\nLocation: /sub/"), "{path}: {head}");
    }
    assert!(head_of(&authority, "/sub/").starts_with("HTTP/1.1 200"));
    stop_tx.send(()).unwrap();
    server.join().unwrap().unwrap();
}

/// The status of `GET /sub/` on a fresh connection, and how long the answer took.
fn status_of_a_page(authority: &str) -> (u16, Duration) {
    let start = Instant::now();
    let status = head_of(authority, "/sub/")
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, start.elapsed())
}

#[test]
fn slow_request_heads_cannot_lock_everyone_out() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, stop_tx, server) = start(dir.path());
    // 64 clients, each sending its request head one byte every 3 seconds.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let slow: Vec<_> = (0..64)
        .map(|_| {
            let mut stream = TcpStream::connect(&authority).unwrap();
            let done = std::sync::Arc::clone(&done);
            std::thread::spawn(move || {
                for byte in b"GET /sub/ HTTP/1.1\r\n".iter().cycle().take(6) {
                    if done.load(std::sync::atomic::Ordering::SeqCst)
                        || stream.write_all(&[*byte]).is_err()
                    {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(3));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let (status, took) = status_of_a_page(&authority);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        status, 200,
        "a page request during a slow-loris answered {status}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    stop_tx.send(()).unwrap();
    for t in slow {
        t.join().unwrap();
    }
    assert!(server.join().unwrap().is_ok());
}

#[test]
fn open_event_streams_have_their_own_budget() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, stop_tx, server) = start(dir.path());
    let mut streams = Vec::new();
    for _ in 0..64 {
        let mut stream = TcpStream::connect(&authority).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /__cited/events HTTP/1.1\r\nHost: {authority}\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        streams.push(reader);
    }
    let (status, took) = status_of_a_page(&authority);
    assert_eq!(
        status, 200,
        "a page request with 64 pages open answered {status}"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
    drop(streams);
    stop_tx.send(()).unwrap();
    assert!(server.join().unwrap().is_ok());
}
