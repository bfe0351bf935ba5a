//! `cited check --external` against a server on loopback: broken links are found, 429 is retried,
//! the User-Agent is sent, and a second run is answered from the cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// The request paths and User-Agents the test server saw.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// Serves `/ok` (200), `/gone` (404) and `/busy` (429 once, then 200); records each request line
/// and its User-Agent. Stops after `limit` requests so the test cannot hang.
fn serve(limit: usize) -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut busy_answered = false;
        for stream in listener.incoming().take(limit) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            let mut agent = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
                    agent = v.trim().to_owned();
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("").to_owned();
            log.lock().unwrap().push((path.clone(), agent));
            let status = match path.as_str() {
                "/ok" => "200 OK",
                "/busy" if !busy_answered => {
                    busy_answered = true;
                    "429 Too Many Requests\r\nRetry-After: 1"
                }
                "/busy" => "200 OK",
                _ => "404 Not Found",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (port, seen)
}

#[test]
fn external_links_are_checked_retried_and_cached() {
    let (port, seen) = serve(50);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("references")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        "title: T\nbase_url: https://example.org/\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/page.md"),
        format!("---\ntitle: P\n---\nSee [this](http://127.0.0.1:{port}/ok), [that](http://127.0.0.1:{port}/gone) and [@web].\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("references/web.yaml"),
        format!("references:\n  - id: web\n    type: webpage\n    title: W\n    author: [{{literal: Org}}]\n    URL: http://127.0.0.1:{port}/busy\n    accessed: {{date-parts: [[2026, 11, 1]]}}\n"),
    )
    .unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cited"))
            .args([
                "check",
                "--root",
                root.to_str().unwrap(),
                "--today",
                "2026-11-27",
                "--format",
                "json",
                "--external",
                "--user-agent",
                "cited-test/1",
            ])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let broken: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["code"] == "E0801")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(broken.len(), 1, "{diagnostics:#?}");
    assert!(
        broken[0].contains("/gone") && broken[0].contains("404"),
        "{}",
        broken[0]
    );
    let first_run: Vec<(String, String)> = seen.lock().unwrap().clone();
    assert!(
        first_run.iter().filter(|(p, _)| p == "/busy").count() >= 2,
        "429 is retried: {first_run:?}"
    );
    assert!(
        first_run.iter().all(|(_, ua)| ua == "cited-test/1"),
        "{first_run:?}"
    );

    // The second run asks again only for the broken link: good answers are cached.
    let out = run();
    assert_eq!(out.status.code(), Some(1));
    let second_run: Vec<(String, String)> = seen.lock().unwrap()[first_run.len()..].to_vec();
    assert!(
        second_run.iter().all(|(p, _)| p == "/gone"),
        "{second_run:?}"
    );
    assert!(root.join(".cited-cache/external.json").is_file());
}
