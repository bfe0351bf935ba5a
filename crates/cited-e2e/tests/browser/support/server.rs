//! A tiny static file server for the built site: GET only, on a port of 127.0.0.1 it picks, with
//! the output folder mounted under the path of the site's `base_url`, every request logged for
//! the tests that count them, and pictures served late, as on a slow network.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use super::workspace_root;

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
