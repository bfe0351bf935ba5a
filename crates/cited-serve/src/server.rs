//! The preview server: a private output folder, a bounded loopback HTTP server, the watcher and the
//! rebuild loop, and Server-Sent Events to every open page.

use std::fmt;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::files::{self, Files, Resolved, Served};
use crate::http;
use crate::inject::{self, ERRORS_PATH, EVENTS_PATH, LIVE_JS, LIVE_JS_PATH};
use crate::watch::{self, Change};
use cited_driver::{BuildOptions, Outcome};

/// The most requests served at once (event streams have their own budget). A connection beyond
/// it waits for a free slot up to [`QUEUE_WAIT`] and gets 503 only then.
pub const MAX_CONNECTIONS: usize = 64;
/// The most live-reload event streams open at once; more get 503 (pages still load).
pub const MAX_EVENT_STREAMS: usize = 64;
/// The whole request head must arrive within this, however slowly its bytes trickle in: a
/// browser on the same machine sends it at once, and a client sending a byte every few seconds
/// cannot hold a slot for longer.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// How long a new connection waits for a busy server to free a slot before it gets 503. Longer
/// than [`HEAD_DEADLINE`], so slots held by slow heads always free up in time.
pub const QUEUE_WAIT: Duration = Duration::from_secs(7);
/// How often an idle event stream gets a keep-alive comment.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long reading a request head or writing a response may take.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// The address to bind: must be a loopback address.
    pub addr: IpAddr,
    /// The port; 0 picks a free one (the [`Event::Listening`] URL tells which).
    pub port: u16,
    /// Poll for changes every 500 ms instead of using native file-system events.
    pub poll: bool,
    /// How each build is made.
    pub build: BuildOptions,
}

/// What happened, for the caller to print.
pub enum Event<'a> {
    /// The server is listening; the site is at `url`.
    Listening {
        /// `http://127.0.0.1:PORT/base/path/`.
        url: &'a str,
    },
    /// Inputs changed; a rebuild starts.
    Changed {
        /// The changed files.
        paths: &'a [PathBuf],
    },
    /// A build succeeded and is now served.
    Built {
        /// The build (its diagnostics are warnings at most).
        outcome: &'a Outcome,
        /// How long load to swap took.
        elapsed: Duration,
        /// How many files the site has.
        files: usize,
        /// How many of them differ from the last build's (all of them on the first).
        changed: u64,
        /// Whether the whole site was loaded again, or only the changed pages.
        reload: cited_driver::Reload,
    },
    /// A build failed; the last good site stays served.
    Failed {
        /// The build, with its diagnostics.
        outcome: &'a Outcome,
    },
    /// A build succeeded but could not be written; the last good site stays served.
    WriteFailed {
        /// Why.
        error: &'a io::Error,
    },
    /// The watcher reported a problem.
    WatchError {
        /// What it said.
        message: &'a str,
    },
}

/// Why serving could not start.
#[derive(Debug)]
pub enum ServeError {
    /// Only loopback addresses are served: a preview is not a web server.
    NotLoopback(IpAddr),
    /// The address could not be bound.
    Bind(SocketAddr, io::Error),
    /// The site root or the private output folder is unusable.
    Io(String, io::Error),
    /// The watcher could not start.
    Watch(notify::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NotLoopback(addr) => write!(
                f,
                "refusing to serve on {addr}: `cited serve` is a preview and binds loopback addresses only (127.0.0.1)"
            ),
            ServeError::Bind(addr, e) if e.kind() == io::ErrorKind::AddrInUse => write!(
                f,
                "cannot listen on {addr}: another program is using port {}; stop it, or choose another port with --port {}",
                addr.port(),
                addr.port().wrapping_add(1).max(1024)
            ),
            ServeError::Bind(addr, e) => {
                write!(f, "cannot listen on {addr}: {}", cited_site::io_in_words(e))
            }
            ServeError::Io(what, e) => write!(f, "{what}: {}", cited_site::io_in_words(e)),
            ServeError::Watch(e) => write!(f, "cannot watch the site for changes: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// One message on an event stream.
#[derive(Clone)]
struct SseMessage {
    event: &'static str,
    data: String,
}

/// What the request threads share with the rebuild loop.
struct State {
    /// The files being served now (replaced whole, never modified, on each successful build).
    current: Mutex<Option<Arc<Files>>>,
    /// The site's base path, `/` or `/repo/`.
    base: Mutex<String>,
    /// Successful builds so far; pages carry the one they were served from.
    generation: AtomicU64,
    /// The diagnostics of the last failed build as a JSON array; `[]` after a success.
    errors: Mutex<String>,
    /// Open event streams.
    clients: Mutex<Vec<Sender<SseMessage>>>,
    /// Requests being served (event streams not included).
    connections: AtomicUsize,
    /// Open event streams.
    streams: AtomicUsize,
    /// `127.0.0.1:PORT`, the only Host this server answers to (besides `localhost:PORT`).
    authority: String,
    /// The port.
    port: u16,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl State {
    fn broadcast(&self, message: &SseMessage) {
        lock(&self.clients).retain(|c| c.send(message.clone()).is_ok());
    }
}

/// What the serving loop waits for.
enum Message {
    Change(Change),
    Stop,
}

/// Serves the site until `stop` receives a message (e.g. from a Ctrl-C handler), reporting
/// progress through `report`. The site is held in memory; nothing is written.
pub fn serve(
    options: ServeOptions,
    stop: Receiver<()>,
    mut report: impl FnMut(Event<'_>),
) -> Result<(), ServeError> {
    if !options.addr.is_loopback() {
        return Err(ServeError::NotLoopback(options.addr));
    }
    let root = options
        .root
        .canonicalize()
        .map_err(|e| ServeError::Io(format!("cannot open {}", options.root.display()), e))?;

    let bind = SocketAddr::new(options.addr, options.port);
    let listener = TcpListener::bind(bind).map_err(|e| ServeError::Bind(bind, e))?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(bind, e))?;
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let state = Arc::new(State {
        current: Mutex::new(None),
        base: Mutex::new("/".to_owned()),
        generation: AtomicU64::new(0),
        errors: Mutex::new("[]".to_owned()),
        clients: Mutex::new(Vec::new()),
        connections: AtomicUsize::new(0),
        streams: AtomicUsize::new(0),
        authority: format!("{host}:{}", local.port()),
        port: local.port(),
    });

    let (tx, rx) = mpsc::channel::<Message>();
    let (change_tx, change_rx) = mpsc::channel::<Change>();
    {
        let tx = tx.clone();
        thread::spawn(move || {
            while let Ok(change) = change_rx.recv() {
                if tx.send(Message::Change(change)).is_err() {
                    break;
                }
            }
        });
    }
    {
        let tx = tx.clone();
        thread::spawn(move || {
            if stop.recv().is_ok() {
                let _ = tx.send(Message::Stop);
            }
        });
    }
    // Watch before the first build, so that nothing saved during it is missed.
    let mut watcher = watch::start(&root, options.poll, change_tx).map_err(ServeError::Watch)?;

    let mut builds = 0u64;
    // The site as the last build left it: a save of pages, reference files that keep their keys,
    // checklists that keep their ids or theme files, alone or together, reads and parses only
    // those again (`cited_driver::Incremental`).
    let mut incremental = cited_driver::Incremental::new(&root);
    let read = rebuild(
        &mut incremental,
        &[],
        &options.build,
        &state,
        &mut builds,
        &mut report,
    );
    track(&mut watcher, &read, &mut report);

    {
        let state = Arc::clone(&state);
        thread::spawn(move || accept(&listener, &state));
    }
    let url = format!("http://{}{}", state.authority, lock(&state.base));
    report(Event::Listening { url: &url });

    while let Ok(message) = rx.recv() {
        let mut paths = match message {
            Message::Stop => break,
            Message::Change(Change::Error(message)) => {
                report(Event::WatchError { message: &message });
                continue;
            }
            Message::Change(Change::Paths(paths)) => paths,
        };
        // Fold changes that queued up during the last build into this one.
        let mut stopping = false;
        while let Ok(more) = rx.try_recv() {
            match more {
                Message::Stop => stopping = true,
                Message::Change(Change::Paths(p)) => paths.extend(p),
                Message::Change(Change::Error(message)) => {
                    report(Event::WatchError { message: &message });
                }
            }
        }
        if stopping {
            break;
        }
        paths.sort();
        paths.dedup();
        report(Event::Changed { paths: &paths });
        let read = rebuild(
            &mut incremental,
            &paths,
            &options.build,
            &state,
            &mut builds,
            &mut report,
        );
        track(&mut watcher, &read, &mut report);
    }
    drop(watcher);
    Ok(())
}

/// Watches what the last build read, reporting a failure to.
fn track(watcher: &mut watch::Watcher, read: &[PathBuf], report: &mut impl FnMut(Event<'_>)) {
    if let Err(e) = watcher.track(read) {
        report(Event::WatchError {
            message: &e.to_string(),
        });
    }
}

/// Builds the site after `changed` changed (nothing: the first build) into memory; on success
/// swaps the new files in whole and tells every page to reload, on failure keeps the last good
/// site and tells every page the diagnostics. Returns every file the load read (relative to the
/// root), for the watcher.
fn rebuild(
    incremental: &mut cited_driver::Incremental,
    changed: &[PathBuf],
    options: &BuildOptions,
    state: &State,
    builds: &mut u64,
    report: &mut impl FnMut(Event<'_>),
) -> Vec<PathBuf> {
    let start = Instant::now();
    // Files go into memory beside the served ones; they are served only when all are in.
    let served = Served::new(lock(&state.current).clone());
    let (outcome, reload) = incremental.build(changed, options, &served);
    let read: Vec<PathBuf> = outcome
        .site
        .sources
        .iter()
        .map(|(_, file)| PathBuf::from(&file.path))
        .collect();
    if !outcome.rendered {
        if let Some((path, error)) = &outcome.write_error {
            report(Event::WriteFailed {
                error: &std::io::Error::new(error.kind(), format!("{path}: {error}")),
            });
            return read;
        }
        let json = diagnostics_json(outcome);
        *lock(&state.errors) = json.clone();
        state.broadcast(&SseMessage {
            event: "errors",
            data: json,
        });
        report(Event::Failed { outcome });
        return read;
    }
    let (site, changed_files) = served.into_files();
    let files = site.len();
    *builds += 1;
    // The old files go when the last request reading them ends.
    drop(lock(&state.current).replace(Arc::new(site)));
    *lock(&state.base) = outcome.base_path();
    *lock(&state.errors) = "[]".to_owned();
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    state.broadcast(&SseMessage {
        event: "reload",
        data: generation.to_string(),
    });
    report(Event::Built {
        outcome,
        elapsed: start.elapsed(),
        files,
        changed: changed_files,
        reload,
    });
    read
}

/// The diagnostics of a build as a JSON array of `{file, line, column, code, severity, message, hint}`.
fn diagnostics_json(outcome: &Outcome) -> String {
    let list: Vec<serde_json::Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let r = d.resolve(&outcome.site.sources);
            serde_json::json!({
                "file": r.file,
                "line": r.line,
                "column": r.column,
                "code": r.code,
                "severity": r.severity.as_str(),
                "message": r.message,
                "hint": r.hint,
            })
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

/// Accepts connections, one thread each, at most [`MAX_CONNECTIONS`] requests at once. When all
/// slots are busy, waits up to [`QUEUE_WAIT`] for one (connections are taken in order, so a page
/// waiting here is served before anyone who connects after it) before answering 503.
fn accept(listener: &TcpListener, state: &Arc<State>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        if !take_slot(&state.connections, MAX_CONNECTIONS, QUEUE_WAIT) {
            let _ = http::respond_text(&mut stream, 503, "too many connections\n", false);
            continue;
        }
        let state_count = Arc::clone(state);
        let state = Arc::clone(state);
        let spawned = thread::Builder::new().spawn(move || {
            let _ = handle(stream, &state);
            state.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // The thread, and so its decrement, never ran; the stream closed with the closure.
            state_count.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Takes one of `max` slots of `count`, waiting up to `wait` for one to free.
fn take_slot(count: &AtomicUsize, max: usize, wait: Duration) -> bool {
    let until = Instant::now() + wait;
    loop {
        if count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .is_ok()
        {
            return true;
        }
        if Instant::now() >= until {
            return false;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// A connection read under one deadline for the whole request head, not one per read.
struct HeadReader<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl io::Read for HeadReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the request head did not arrive in time",
            ));
        }
        self.stream.set_read_timeout(Some(left))?;
        io::Read::read(&mut self.stream, buf)
    }
}

/// Answers one request.
fn handle(mut stream: TcpStream, state: &State) -> io::Result<()> {
    let head = http::read_request(&mut HeadReader {
        stream: &stream,
        deadline: Instant::now() + HEAD_DEADLINE,
    });
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    let request = match head {
        Ok(r) => r,
        Err(http::RequestError::TooLarge) => {
            return http::respond_text(&mut stream, 431, "request head too large\n", false);
        }
        Err(http::RequestError::Malformed) => {
            return http::respond_text(&mut stream, 400, "bad request\n", false);
        }
        Err(http::RequestError::Io(e)) => return Err(e),
    };
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return http::respond(
                &mut stream,
                405,
                &[
                    ("Allow", "GET, HEAD"),
                    ("Content-Type", "text/plain; charset=utf-8"),
                ],
                b"only GET and HEAD\n",
                false,
            );
        }
    };
    // A page elsewhere must not reach this server through a rebound DNS name.
    let host_ok = request.host.as_deref().is_some_and(|h| {
        h.eq_ignore_ascii_case(&state.authority)
            || h.eq_ignore_ascii_case(&format!("localhost:{}", state.port))
    });
    if !host_ok {
        return http::respond_text(&mut stream, 421, "unexpected Host header\n", head_only);
    }
    let Some(path) = http::decoded_path(&request.target) else {
        return http::respond_text(&mut stream, 400, "bad path\n", head_only);
    };
    match path.as_str() {
        LIVE_JS_PATH => {
            return http::respond(
                &mut stream,
                200,
                &[("Content-Type", "text/javascript; charset=utf-8")],
                LIVE_JS.as_bytes(),
                head_only,
            );
        }
        ERRORS_PATH => {
            let json = lock(&state.errors).clone();
            return http::respond(
                &mut stream,
                200,
                &[("Content-Type", "application/json")],
                json.as_bytes(),
                head_only,
            );
        }
        EVENTS_PATH if !head_only => return events(stream, state),
        _ => {}
    }
    let base = lock(&state.base).clone();
    // The host's root and the base path without its slash lead to the site; when the site is at
    // the host's root, `/` is the site itself and a redirect would point at itself for ever.
    if path != base && (path == "/" || path == base.trim_end_matches('/')) {
        return http::respond(
            &mut stream,
            302,
            &[("Location", base.as_str())],
            b"",
            head_only,
        );
    }
    let current = lock(&state.current).clone();
    let Some(site) = current else {
        // No build has succeeded yet: a placeholder page that shows the overlay and reloads.
        let page = inject::inject(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cited serve: not built yet</title></head><body><h1>The site has not built yet</h1><p>Fix the problems listed below; this page reloads when the site builds.</p></body></html>",
            0,
        );
        return http::respond(
            &mut stream,
            503,
            &[("Content-Type", "text/html; charset=utf-8")],
            page.as_bytes(),
            head_only,
        );
    };
    let generation = state.generation.load(Ordering::SeqCst);
    let resolved = match path.strip_prefix(base.as_str()) {
        Some(rel) => files::resolve(&site, rel),
        None => Resolved::NotFound,
    };
    match resolved {
        Resolved::File(file) => serve_file(&mut stream, 200, &site, &file, generation, head_only),
        Resolved::AddSlash => {
            let location = format!(
                "{}/",
                request.target.split(['?', '#']).next().unwrap_or("/")
            );
            http::respond(
                &mut stream,
                302,
                &[("Location", location.as_str())],
                b"",
                head_only,
            )
        }
        Resolved::Forbidden => http::respond_text(&mut stream, 400, "bad path\n", head_only),
        Resolved::NotFound => match files::resolve(&site, cited_site::layout::NOT_FOUND) {
            Resolved::File(file) => {
                serve_file(&mut stream, 404, &site, &file, generation, head_only)
            }
            _ => http::respond_text(&mut stream, 404, "not found\n", head_only),
        },
    }
}

/// Sends a served file; HTML gets the live reload script.
fn serve_file(
    stream: &mut TcpStream,
    status: u16,
    site: &Files,
    file: &str,
    generation: u64,
    head_only: bool,
) -> io::Result<()> {
    let content_type = http::content_type(Path::new(file));
    let Some(bytes) = site.get(file) else {
        return http::respond_text(stream, 404, "not found\n", head_only);
    };
    if content_type.starts_with("text/html") {
        let body = inject::inject(&String::from_utf8_lossy(bytes), generation);
        http::respond(
            stream,
            status,
            &[("Content-Type", content_type)],
            body.as_bytes(),
            head_only,
        )
    } else {
        http::respond(
            stream,
            status,
            &[("Content-Type", content_type)],
            bytes,
            head_only,
        )
    }
}

fn sse(message: &SseMessage) -> String {
    let mut out = format!("event: {}\n", message.event);
    for line in message.data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// An event stream: `hello` with the current build and diagnostics, then `reload` and `errors`
/// as they happen, a keep-alive comment every 15 s; ends when the page goes away.
fn events(mut stream: TcpStream, state: &State) -> io::Result<()> {
    // Streams have their own budget: however many pages are open, requests still get a slot.
    if !take_slot(&state.streams, MAX_EVENT_STREAMS, Duration::ZERO) {
        return http::respond_text(&mut stream, 503, "too many live-reload streams\n", false);
    }
    state.connections.fetch_sub(1, Ordering::SeqCst);
    let result = stream_events(stream, state);
    state.connections.fetch_add(1, Ordering::SeqCst);
    state.streams.fetch_sub(1, Ordering::SeqCst);
    result
}

fn stream_events(mut stream: TcpStream, state: &State) -> io::Result<()> {
    let (tx, rx) = mpsc::channel::<SseMessage>();
    let hello = SseMessage {
        event: "hello",
        data: format!(
            "{{\"build\":{},\"errors\":{}}}",
            state.generation.load(Ordering::SeqCst),
            lock(&state.errors)
        ),
    };
    lock(&state.clients).push(tx);
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 500\n\n",
    )?;
    stream.write_all(sse(&hello).as_bytes())?;
    stream.flush()?;
    loop {
        match rx.recv_timeout(KEEP_ALIVE) {
            Ok(message) => stream.write_all(sse(&message).as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}
