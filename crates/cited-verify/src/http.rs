//! The polite HTTP client every network command shares (`check --external`, `verify`, `add`).
//!
//! Requests to one host go one after another, spaced by that host's rate limit: a default per
//! host, tightened by the limit the host announces (`X-Rate-Limit-Limit` and
//! `X-Rate-Limit-Interval`, as Crossref sends them; `X-RateLimit-Limit` and `X-RateLimit-Remaining`,
//! as NCBI does). `429` (and, where asked, `5xx` and timeouts) are retried after the server's
//! `Retry-After`, or with an exponential backoff, a bounded number of times. Answers can be cached
//! on disk with an expiry, so a second run within it sends nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Largest body read from a registry: a work's record is a few kilobytes.
pub const MAX_BODY_BYTES: u64 = 2 * 1024 * 1024;

/// How a [`Client`] behaves.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The User-Agent header (Crossref's polite pool wants a contact address in it).
    pub user_agent: String,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How many times a request is retried.
    pub max_retries: u32,
    /// Longest wait honoured before a retry (a longer `Retry-After` is a failure).
    pub max_wait: Duration,
    /// The first backoff when the server gives no `Retry-After`; doubled on each retry.
    pub backoff: Duration,
    /// Whether `5xx` answers and timeouts are retried too (not only `429`).
    pub retry_transient: bool,
    /// Shortest time between two requests to one host, until the host says otherwise.
    pub min_interval: Duration,
    /// Where answers are cached (a JSON file), and for how long; `None`: no cache.
    pub cache: Option<(PathBuf, Duration)>,
}

impl ClientOptions {
    /// Defaults: 15 s timeout, 3 retries, waits up to 30 s, 1 s first backoff, 100 ms between
    /// requests to one host, no cache.
    pub fn new(user_agent: impl Into<String>) -> Self {
        ClientOptions {
            user_agent: user_agent.into(),
            timeout: Duration::from_secs(15),
            max_retries: 3,
            max_wait: Duration::from_secs(30),
            backoff: Duration::from_secs(1),
            retry_transient: true,
            min_interval: Duration::from_millis(100),
            cache: None,
        }
    }
}

/// HTTP methods the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// HEAD (link checks).
    Head,
    /// GET.
    Get,
    /// GET, reading only the status (link checks where HEAD is refused: the body may be large).
    Probe,
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The final status code.
    pub status: u16,
    /// The body (empty for HEAD).
    pub body: String,
    /// Requests sent for it (0: it came from the cache).
    pub sent: usize,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No connection: the host is unknown, refused, or the connection broke.
    Unreachable {
        /// In plain words.
        why: String,
        /// Requests sent.
        sent: usize,
    },
    /// The server did not answer in time (after the retries).
    Timeout {
        /// Requests sent.
        sent: usize,
    },
}

impl FetchError {
    /// Requests sent before giving up.
    pub fn sent(&self) -> usize {
        match self {
            FetchError::Unreachable { sent, .. } | FetchError::Timeout { sent } => *sent,
        }
    }
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable { why, .. } => write!(f, "{why}"),
            FetchError::Timeout { .. } => write!(f, "no answer in time"),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CacheEntry {
    status: u16,
    #[serde(default)]
    body: String,
    fetched: u64,
}

#[derive(Debug, Default)]
struct HostState {
    /// The earliest moment the next request may go.
    next: Option<Instant>,
    /// The interval the host announced, if any.
    interval: Option<Duration>,
}

/// A blocking client with per-host spacing, retries and an optional cache. Share one per run;
/// it is `Sync`, so threads may each take a host.
pub struct Client {
    agent: ureq::Agent,
    options: ClientOptions,
    hosts: Mutex<HashMap<String, HostState>>,
    cache: Mutex<BTreeMap<String, CacheEntry>>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The host (and port) of a URL, lowercased.
pub fn host_of(url: &str) -> String {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Client {
    /// A client; reads the cache file if there is one (a missing or unreadable cache is empty).
    pub fn new(options: ClientOptions) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .user_agent(options.user_agent.as_str())
            .http_status_as_error(false)
            .max_redirects(10)
            .build()
            .into();
        let cache = options
            .cache
            .as_ref()
            .and_then(|(file, _)| std::fs::read(file).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Client {
            agent,
            options,
            hosts: Mutex::new(HashMap::new()),
            cache: Mutex::new(cache),
        }
    }

    /// The options in use.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// A fresh cached answer for `key`, if any.
    fn cached(&self, key: &str, accept_status: impl Fn(u16) -> bool) -> Option<Answer> {
        let (_, ttl) = self.options.cache.as_ref()?;
        let cache = self.cache.lock().ok()?;
        let entry = cache.get(key)?;
        let fresh = now().saturating_sub(entry.fetched) < ttl.as_secs();
        (fresh && accept_status(entry.status)).then(|| Answer {
            status: entry.status,
            body: entry.body.clone(),
            sent: 0,
        })
    }

    fn remember(&self, key: &str, answer: &Answer) {
        if self.options.cache.is_none() {
            return;
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(
                key.to_owned(),
                CacheEntry {
                    status: answer.status,
                    body: answer.body.clone(),
                    fetched: now(),
                },
            );
        }
    }

    /// Writes the cache file (best effort: a cache that cannot be written only costs requests).
    pub fn save_cache(&self) {
        let Some((file, _)) = &self.options.cache else {
            return;
        };
        let Ok(cache) = self.cache.lock() else { return };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec_pretty(&*cache) {
            let _ = std::fs::write(file, bytes);
        }
    }

    /// GET `url` with this `Accept` header. Only 2xx answers (and 404, a definite "no such
    /// record") are cached.
    pub fn get(&self, url: &str, accept: &str) -> Result<Answer, FetchError> {
        let key = format!("{accept} {url}");
        if let Some(answer) = self.cached(&key, |s| (200..300).contains(&s) || s == 404) {
            return Ok(answer);
        }
        let answer = self.send(Method::Get, url, Some(accept))?;
        if (200..300).contains(&answer.status) || answer.status == 404 {
            self.remember(&key, &answer);
        }
        Ok(answer)
    }

    /// Waits until this host may be asked again, and books the next slot.
    fn wait_turn(&self, host: &str) {
        let wait = {
            let Ok(mut hosts) = self.hosts.lock() else {
                return;
            };
            let state = hosts.entry(host.to_owned()).or_default();
            let at = Instant::now();
            let start = state.next.filter(|&n| n > at).unwrap_or(at);
            state.next = Some(start + state.interval.unwrap_or(self.options.min_interval));
            start.saturating_duration_since(at)
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }

    /// Reads the host's rate-limit headers and spaces the next requests by them.
    fn heed_limits(&self, host: &str, headers: &ureq::http::HeaderMap) {
        let header = |names: &[&str]| {
            names.iter().find_map(|n| {
                headers
                    .get(*n)
                    .and_then(|v| v.to_str().ok())
                    .map(str::trim)
                    .map(str::to_owned)
            })
        };
        let limit = header(&["x-rate-limit-limit", "x-ratelimit-limit"])
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|&n| n > 0);
        // Crossref writes the interval as `1s`; NCBI's limits are per second.
        let window = header(&["x-rate-limit-interval", "x-ratelimit-interval"])
            .and_then(|v| v.trim_end_matches('s').parse::<u64>().ok())
            .map_or(Duration::from_secs(1), Duration::from_secs);
        let remaining = header(&["x-ratelimit-remaining", "x-rate-limit-remaining"])
            .and_then(|v| v.parse::<u32>().ok());
        let Ok(mut hosts) = self.hosts.lock() else {
            return;
        };
        let state = hosts.entry(host.to_owned()).or_default();
        if let Some(limit) = limit {
            let interval = (window / limit).max(self.options.min_interval);
            state.interval = Some(interval.min(self.options.max_wait));
        }
        if remaining == Some(0) {
            let until = Instant::now() + window.min(self.options.max_wait);
            if state.next.is_none_or(|n| n < until) {
                state.next = Some(until);
            }
        }
    }

    /// Sends one request, retrying `429` (and, with `retry_transient`, `5xx` and timeouts).
    pub fn send(
        &self,
        method: Method,
        url: &str,
        accept: Option<&str>,
    ) -> Result<Answer, FetchError> {
        let host = host_of(url);
        let mut sent = 0;
        let mut attempt = 0;
        loop {
            self.wait_turn(&host);
            sent += 1;
            let result = match (method, accept) {
                (Method::Head, Some(accept)) => {
                    self.agent.head(url).header("Accept", accept).call()
                }
                (Method::Head, None) => self.agent.head(url).call(),
                (_, Some(accept)) => self.agent.get(url).header("Accept", accept).call(),
                (_, None) => self.agent.get(url).call(),
            };
            let mut response = match result {
                Ok(response) => response,
                Err(ureq::Error::Timeout(_)) => {
                    if self.options.retry_transient && attempt < self.options.max_retries {
                        attempt += 1;
                        std::thread::sleep(self.backoff(attempt));
                        continue;
                    }
                    return Err(FetchError::Timeout { sent });
                }
                Err(err) => {
                    return Err(FetchError::Unreachable {
                        why: plain(&err),
                        sent,
                    });
                }
            };
            let status = response.status().as_u16();
            self.heed_limits(&host, response.headers());
            let retryable =
                status == 429 || (self.options.retry_transient && (500..600).contains(&status));
            if retryable && attempt < self.options.max_retries {
                attempt += 1;
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or_else(|| self.backoff(attempt), Duration::from_secs);
                if wait <= self.options.max_wait {
                    std::thread::sleep(wait);
                    continue;
                }
            }
            let body = if method == Method::Get {
                match response
                    .body_mut()
                    .with_config()
                    .limit(MAX_BODY_BYTES)
                    .read_to_string()
                {
                    Ok(body) => body,
                    Err(ureq::Error::Timeout(_)) => return Err(FetchError::Timeout { sent }),
                    Err(err) => {
                        return Err(FetchError::Unreachable {
                            why: plain(&err),
                            sent,
                        });
                    }
                }
            } else {
                String::new()
            };
            return Ok(Answer { status, body, sent });
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.options
            .backoff
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(self.options.max_wait)
    }
}

/// An HTTP failure in plain words (not the library's message).
fn plain(err: &ureq::Error) -> String {
    match err {
        ureq::Error::HostNotFound => "the host name is unknown (no network, or a typo)".to_owned(),
        ureq::Error::ConnectionFailed => "the connection was refused".to_owned(),
        ureq::Error::Io(_) => "the connection broke".to_owned(),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("the answer was over {MAX_BODY_BYTES} bytes")
        }
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => "the address is not valid".to_owned(),
        ureq::Error::RedirectFailed | ureq::Error::TooManyRedirects => {
            "the address redirects without end".to_owned()
        }
        _ => "the request failed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_lowercased_without_path() {
        assert_eq!(host_of("https://Example.org/a?b"), "example.org");
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
    }

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let mut options = ClientOptions::new("t");
        options.backoff = Duration::from_millis(100);
        options.max_wait = Duration::from_millis(350);
        let client = Client::new(options);
        assert_eq!(client.backoff(1), Duration::from_millis(100));
        assert_eq!(client.backoff(2), Duration::from_millis(200));
        assert_eq!(client.backoff(3), Duration::from_millis(350));
    }
}
