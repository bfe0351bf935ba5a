//! A registry server on loopback for `cited verify` and `cited add`, answering in the registries'
//! documented formats: Crossref's REST API (`/crossref/works/{doi}`, with `updated-by`),
//! E-utilities esummary JSON (`/eutils/esummary.fcgi`, with `pubtype` and `references`), the PMC
//! ID converter (`/idconv/`) and CSL-JSON by DOI content negotiation (`/doi/{doi}`). Special DOIs:
//! `10.5555/busy` (429 with `Retry-After: 1`, once), `10.5555/broken` (500), `10.5555/garbled` (a
//! malformed body), `10.5555/slow` (answers after 3 s), `10.5555/missing` (404).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Every request the server saw (path and query).
pub type Seen = Arc<Mutex<Vec<String>>>;

struct Work {
    title: &'static str,
    family: &'static str,
    year: u32,
    journal: &'static str,
    /// Crossref `updated-by` entries, as JSON.
    updated_by: &'static str,
}

fn works() -> HashMap<&'static str, Work> {
    HashMap::from([
        (
            "10.1234/abcd.5678",
            Work {
                title: "A study of things",
                family: "Smith",
                year: 2020,
                journal: "Journal of Things",
                updated_by: "[]",
            },
        ),
        (
            "10.5555/retracted.1",
            Work {
                title: "A retracted trial of things",
                family: "Jones",
                year: 2019,
                journal: "Journal of Things",
                updated_by: r#"[{"DOI":"10.5555/notice.1","type":"retraction","label":"Retraction","source":"retraction-watch","record-id":4242,"updated":{"date-parts":[[2021,5,1]]}}]"#,
            },
        ),
        (
            "10.5555/corrected.1",
            Work {
                title: "A corrected survey of things",
                family: "Brown",
                year: 2018,
                journal: "Journal of Things",
                updated_by: r#"[{"DOI":"10.5555/erratum.1","type":"correction","source":"publisher","updated":{"date-parts":[[2019,1,10]]}}]"#,
            },
        ),
        (
            "10.5555/other",
            Work {
                title: "Another title about gardening",
                family: "Green",
                year: 2011,
                journal: "Garden Quarterly",
                updated_by: "[]",
            },
        ),
        (
            "10.5555/busy",
            Work {
                title: "A popular study",
                family: "Busy",
                year: 2022,
                journal: "Journal of Things",
                updated_by: "[]",
            },
        ),
    ])
}

fn crossref_json(doi: &str, w: &Work) -> String {
    format!(
        r#"{{"status":"ok","message-type":"work","message-version":"1.0.0","message":{{"indexed":{{"date-parts":[[2026,11,20]]}},"DOI":"{doi}","type":"journal-article","title":["{}"],"author":[{{"given":"A.","family":"{}","sequence":"first","affiliation":[]}}],"issued":{{"date-parts":[[{}]]}},"container-title":["{}"],"is-referenced-by-count":7,"updated-by":{},"relation":{{}}}}}}"#,
        w.title, w.family, w.year, w.journal, w.updated_by
    )
}

fn csl_json(doi: &str, w: &Work) -> String {
    format!(
        r#"{{"type":"article-journal","id":"x","DOI":"{doi}","title":"{}","author":[{{"family":"{}","given":"Ann"}}],"issued":{{"date-parts":[[{}]]}},"container-title":"{}","volume":"12","page":"1-10","score":1,"publisher":"Things Press","URL":"https://doi.org/{doi}"}}"#,
        w.title, w.family, w.year, w.journal
    )
}

/// E-utilities esummary for the PMIDs the server knows.
fn esummary(pmid: &str) -> String {
    let doc = match pmid {
        "1001" => {
            r#"{"uid":"1001","pubdate":"2019 Mar","epubdate":"2019 Jan 5","source":"J Things","fulljournalname":"Journal of things","title":"A retracted trial of things.","authors":[{"name":"Jones A","authtype":"Author"}],"pubtype":["Journal Article","Retracted Publication"],"articleids":[{"idtype":"pubmed","value":"1001"},{"idtype":"doi","value":"10.5555/retracted.1"},{"idtype":"pmc","value":"PMC1001"}],"references":[{"refsource":"J Things. 2021;5:1","reftype":"Retraction in","pmid":1002,"note":""}]}"#
        }
        "2002" => {
            r#"{"uid":"2002","pubdate":"2015","source":"Sleep Med","fulljournalname":"Sleep medicine","title":"Something else entirely about sleep.","authors":[{"name":"Night N","authtype":"Author"}],"pubtype":["Journal Article"],"articleids":[{"idtype":"doi","value":"10.5555/else"}],"references":[]}"#
        }
        _ => {
            return format!(
                r#"{{"header":{{"type":"esummary","version":"0.3"}},"result":{{"uids":[],"{pmid}":{{"uid":"{pmid}","error":"cannot get document summary"}}}}}}"#
            );
        }
    };
    format!(
        r#"{{"header":{{"type":"esummary","version":"0.3"}},"result":{{"uids":["{pmid}"],"{pmid}":{doc}}}}}"#
    )
}

fn idconv(pmcid: &str) -> String {
    match pmcid {
        "PMC1001" => r#"{"status":"ok","responseDate":"2026-11-27 10:00:00","request":"ids=PMC1001;format=json","records":[{"pmcid":"PMC1001","pmid":"1001","doi":"10.5555/retracted.1"}]}"#.to_owned(),
        other => format!(r#"{{"status":"ok","records":[{{"pmcid":"{other}","status":"error","errmsg":"invalid article id"}}]}}"#),
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn query(target: &str, name: &str) -> String {
    target
        .split_once('?')
        .map_or("", |(_, q)| q)
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        .map(decode)
        .unwrap_or_default()
}

/// Starts the registry server; returns its base address and the request log.
pub fn registry() -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let busy_answered = Arc::new(Mutex::new(false));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let log = Arc::clone(&log);
            let busy_answered = Arc::clone(&busy_answered);
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut accept = String::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("accept:") {
                        accept = v.trim().to_owned();
                    }
                }
                let target = request.split_whitespace().nth(1).unwrap_or("").to_owned();
                log.lock().unwrap().push(target.clone());
                let path = decode(target.split('?').next().unwrap_or(""));
                let works = works();
                let mut headers = String::new();
                let (status, body) = if let Some(doi) = path.strip_prefix("/crossref/works/") {
                    headers.push_str("X-Rate-Limit-Limit: 50\r\nX-Rate-Limit-Interval: 1s\r\n");
                    match doi {
                        "10.5555/busy" => {
                            let mut answered = busy_answered.lock().unwrap();
                            if *answered {
                                ("200 OK", crossref_json(doi, &works[doi]))
                            } else {
                                *answered = true;
                                headers.push_str("Retry-After: 1\r\n");
                                ("429 Too Many Requests", "Too many requests".to_owned())
                            }
                        }
                        "10.5555/broken" => {
                            ("500 Internal Server Error", "Internal error".to_owned())
                        }
                        "10.5555/garbled" => (
                            "200 OK",
                            r#"{"status":"ok","message-type":"work","message":{"DOI":"10.5555/gar"#
                                .to_owned(),
                        ),
                        "10.5555/slow" => {
                            std::thread::sleep(Duration::from_secs(3));
                            ("200 OK", "{}".to_owned())
                        }
                        _ => match works.get(doi) {
                            Some(w) => ("200 OK", crossref_json(doi, w)),
                            None => ("404 Not Found", "Resource not found.".to_owned()),
                        },
                    }
                } else if path == "/eutils/esummary.fcgi" {
                    headers.push_str("X-RateLimit-Limit: 3\r\nX-RateLimit-Remaining: 2\r\n");
                    ("200 OK", esummary(&query(&target, "id")))
                } else if path == "/idconv/" {
                    ("200 OK", idconv(&query(&target, "ids")))
                } else if path == "/doi/10.5061/dryad.x" && accept.contains("citationstyles") {
                    // A DataCite DOI: not in Crossref, known to the resolver.
                    (
                        "200 OK",
                        r#"{"type":"dataset","DOI":"10.5061/dryad.x","title":"Data from: a study of things","author":[{"family":"Smith","given":"J"}],"issued":{"date-parts":[[2020]]},"publisher":"Dryad"}"#.to_owned(),
                    )
                } else if let Some(doi) = path.strip_prefix("/doi/") {
                    match works.get(doi) {
                        Some(w) if accept.contains("citationstyles") => {
                            ("200 OK", csl_json(doi, w))
                        }
                        Some(_) => ("406 Not Acceptable", String::new()),
                        None => ("404 Not Found", "DOI not found".to_owned()),
                    }
                } else {
                    ("404 Not Found", String::new())
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                // Drain what is left so the client never sees a reset.
                let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
                let _ = reader.read(&mut [0; 64]);
            });
        }
    });
    (base, seen)
}

/// Runs `cited` with every registry pointed at `base`.
pub fn cited_against(base: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cited"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("CITED_CROSSREF_API", format!("{base}/crossref"))
        .env("CITED_NCBI_API", format!("{base}/eutils"))
        .env("CITED_PMC_IDCONV_API", format!("{base}/idconv/"))
        .env("CITED_DOI_RESOLVER", format!("{base}/doi"))
        .env("CITED_CONTACT", "editors@example.org")
        .env_remove("NCBI_API_KEY")
        .output()
        .expect("run cited")
}
