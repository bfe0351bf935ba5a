//! `cited check --external`: fetches every external URL and DOI the site cites or links to.
//!
//! Off by default and never needed for a build: it is the one check that does network I/O. Hosts
//! are checked in parallel but each host's URLs one after another (a per-host queue, so no site is
//! hammered); `429 Too Many Requests` is retried after its `Retry-After` (bounded); results are
//! cached on disk with an expiry, so a second run within the expiry sends no request.

use cited_site::Code;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cited_site::Diagnostic;
use cited_site::Site;
use cited_site::Span;
use cited_verify::http::host_of;

/// How the external check runs.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The User-Agent header sent with each request.
    pub user_agent: String,
    /// How long a cached result stays valid.
    pub cache_ttl: Duration,
    /// Where the cache lives (a JSON file).
    pub cache_file: PathBuf,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How many times a `429` is retried.
    pub max_retries: u32,
    /// Longest `Retry-After` honoured (longer waits count as a failure).
    pub max_wait: Duration,
}

impl ExternalOptions {
    /// Defaults for a site root: cache in `<root>/.cited-cache/external.json`, one week.
    pub fn for_root(root: &Path) -> Self {
        ExternalOptions {
            user_agent: format!("cited/{} (link check)", env!("CARGO_PKG_VERSION")),
            cache_ttl: Duration::from_secs(7 * 24 * 3600),
            cache_file: root.join(".cited-cache").join("external.json"),
            timeout: Duration::from_secs(15),
            max_retries: 3,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// A cached result: status code (0 = no answer) and when it was fetched (seconds since the epoch).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CacheEntry {
    status: u16,
    fetched: u64,
}

/// Every external URL with the places that use it.
pub fn collect(site: &Site) -> BTreeMap<String, Vec<Span>> {
    let mut urls: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for reference in &site.references {
        if let Some(url) = reference.text("URL")
            && cited_check::is_http_url(&url.value)
        {
            urls.entry(url.value.clone())
                .or_default()
                .push(url.span.clone());
        }
        if let Some(doi) = reference.text("DOI")
            && cited_check::is_doi(&doi.value)
        {
            urls.entry(format!("https://doi.org/{}", doi.value))
                .or_default()
                .push(doi.span.clone());
        }
    }
    for doc in site.documents() {
        for link in &doc.links {
            if cited_check::is_http_url(&link.dest) {
                urls.entry(link.dest.clone())
                    .or_default()
                    .push(doc.span(&link.range));
            }
        }
    }
    urls
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What an external check did, for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Distinct URLs checked.
    pub urls: usize,
    /// Distinct hosts.
    pub hosts: usize,
    /// Requests sent (the rest came from the cache).
    pub sent: usize,
}

/// Checks every URL; returns E0801 for each that fails, and a summary.
pub fn check(site: &Site, options: &ExternalOptions) -> (Vec<Diagnostic>, Summary) {
    let urls = collect(site);
    let mut cache: BTreeMap<String, CacheEntry> = std::fs::read(&options.cache_file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let fresh = |e: &CacheEntry| now().saturating_sub(e.fetched) < options.cache_ttl.as_secs();
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in urls.keys() {
        if cache.get(url).is_some_and(|e| fresh(e) && is_ok(e.status)) {
            continue;
        }
        by_host.entry(host_of(url)).or_default().push(url.clone());
    }
    // The shared polite client, as this check has always used it: only `429` is retried (a
    // broken link answering 5xx is reported, not waited for), no spacing beyond one host's
    // requests going one after another, and this check's own status cache below.
    let mut client_options = cited_verify::http::ClientOptions::new(options.user_agent.as_str());
    client_options.timeout = options.timeout;
    client_options.max_retries = options.max_retries;
    client_options.max_wait = options.max_wait;
    client_options.retry_transient = false;
    // Without `Retry-After`: 2, 4, 8 s.
    client_options.backoff = Duration::from_secs(2);
    client_options.min_interval = Duration::ZERO;
    let client = cited_verify::http::Client::new(client_options);
    // Hosts in parallel (a few at a time), each host's URLs in order.
    let hosts: Vec<Vec<String>> = by_host.into_values().collect();
    let mut results: Vec<(String, u16)> = Vec::new();
    let mut sent = 0;
    for chunk in hosts.chunks(4) {
        let outcomes: Vec<(Vec<(String, u16)>, usize)> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|urls| {
                    let client = &client;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        let mut sent = 0;
                        for url in urls {
                            let (status, n) = fetch(client, url);
                            sent += n;
                            out.push((url.clone(), status));
                        }
                        (out, sent)
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (mut r, n) in outcomes {
            results.append(&mut r);
            sent += n;
        }
    }
    for (url, status) in results {
        cache.insert(
            url,
            CacheEntry {
                status,
                fetched: now(),
            },
        );
    }
    if let Some(dir) = options.cache_file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(bytes) = serde_json::to_vec_pretty(&cache) {
        let _ = std::fs::write(&options.cache_file, bytes);
    }
    let mut diagnostics = Vec::new();
    for (url, spans) in &urls {
        let Some(entry) = cache.get(url) else {
            continue;
        };
        if is_ok(entry.status) {
            continue;
        }
        let why = if entry.status == 0 {
            "no answer".to_owned()
        } else {
            format!("HTTP {}", entry.status)
        };
        for span in spans {
            diagnostics.push(
                Diagnostic::new(Code::E0801, span.clone(), format!("`{url}` is broken: {why}"))
                    .with_hint("fix or replace the address; if the site blocks link checkers, check it by hand"),
            );
        }
    }
    let summary = Summary {
        urls: urls.len(),
        hosts: urls
            .keys()
            .map(|u| host_of(u))
            .collect::<BTreeSet<_>>()
            .len(),
        sent,
    };
    (diagnostics, summary)
}

fn is_ok(status: u16) -> bool {
    (200..400).contains(&status)
}

/// HEAD, falling back to GET where HEAD is refused; the client retries 429 after `Retry-After`.
/// Returns the status (0: no answer) and the requests sent.
fn fetch(client: &cited_verify::http::Client, url: &str) -> (u16, usize) {
    use cited_verify::http::Method;
    match client.send(Method::Head, url, None) {
        Ok(head) if matches!(head.status, 403 | 405 | 501) => {
            match client.send(Method::Probe, url, None) {
                Ok(get) => (get.status, head.sent + get.sent),
                Err(err) => (0, head.sent + err.sent()),
            }
        }
        Ok(head) => (head.status, head.sent),
        Err(err) => (0, err.sent()),
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
}
