//! `cited verify` and `cited add` against a registry server on loopback that answers in the
//! registries' documented formats: Crossref's REST API (`/works/{doi}`, `message.updated-by`),
//! E-utilities esummary JSON (`pubtype`, `references`), the PMC ID converter's JSON, and CSL-JSON
//! from DOI content negotiation. No test here touches the internet: every base URL is set.
//!
//! The fixtures with a committed `references.lock` (`tests/fixtures/retracted-*`,
//! `stale-lock-entry`) are checked here to be exactly what `cited verify` writes against this
//! server; `CITED_BLESS_LOCKS=1 cargo test -p cited --test verify` writes them again.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::registry::{cited_against, registry};
use common::{TODAY, copy_dir, fixture};

fn verify(base: &str, root: &Path) -> std::process::Output {
    cited_against(
        base,
        &[
            "verify",
            "--root",
            root.to_str().unwrap(),
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    )
}

fn site(root: &Path, references: &[(&str, &str)]) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("references")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        "title: T\nbase_url: https://example.org/\n",
    )
    .unwrap();
    for (key, fields) in references {
        std::fs::write(
            root.join(format!("references/{key}.yaml")),
            format!("references:\n  - id: {key}\n    type: article-journal\n{fields}"),
        )
        .unwrap();
    }
}

fn diagnostics(out: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn find<'a>(diags: &'a [serde_json::Value], code: &str, file: &str) -> &'a serde_json::Value {
    diags
        .iter()
        .find(|d| d["code"] == code && d["file"] == file)
        .unwrap_or_else(|| panic!("no {code} in {file}: {diags:#?}"))
}

#[test]
fn verify_finds_retractions_wrong_dois_and_mismatched_pairs_and_writes_the_lock() {
    let (base, seen) = registry();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(
        root,
        &[
            (
                "ok2020",
                "    title: \"A study of things\"\n    author: [{family: Smith, given: Jane}]\n    issued: {date-parts: [[2020]]}\n    container-title: J Things\n    DOI: \"10.1234/abcd.5678\"\n",
            ),
            (
                "retracted2019",
                "    title: \"A retracted trial of things\"\n    author: [{family: Jones, given: Ann}]\n    issued: {date-parts: [[2019]]}\n    DOI: \"10.5555/retracted.1\"\n    PMID: \"1001\"\n    PMCID: PMC1001\n",
            ),
            (
                "wrongdoi",
                "    title: \"Sleep and mood in adolescents\"\n    author: [{family: Green, given: G}]\n    issued: {date-parts: [[2011]]}\n    DOI: \"10.5555/other\"\n",
            ),
            (
                "pair",
                "    title: \"A study of things\"\n    author: [{family: Smith, given: Jane}]\n    issued: {date-parts: [[2021]]}\n    DOI: \"10.1234/abcd.5678\"\n    PMID: \"2002\"\n",
            ),
            (
                "busy",
                "    title: \"A popular study\"\n    author: [{family: Busy}]\n    issued: {date-parts: [[2022]]}\n    DOI: \"10.5555/busy\"\n",
            ),
            (
                "garbled",
                "    title: \"Garbled\"\n    DOI: \"10.5555/garbled\"\n",
            ),
            (
                "missing",
                "    title: \"Missing\"\n    DOI: \"10.5555/missing\"\n",
            ),
            (
                "corrected",
                "    title: \"A corrected survey of things\"\n    author: [{family: Brown}]\n    issued: {date-parts: [[2018]]}\n    DOI: \"10.5555/corrected.1\"\n",
            ),
            ("book", "    title: \"A book with no identifier\"\n"),
            (
                "dataset",
                "    title: \"Data from: a study of things\"\n    author: [{family: Smith}]\n    issued: {date-parts: [[2020]]}\n    DOI: \"10.5061/dryad.x\"\n",
            ),
        ],
    );
    let started = Instant::now();
    let out = verify(&base, root);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let diags = diagnostics(&out);

    // A wrong DOI: at the title, saying what the DOI really is.
    let wrong = find(&diags, "E0901", "references/wrongdoi.yaml");
    assert_eq!(wrong["line"], 4, "{wrong:#}");
    assert!(
        wrong["message"].as_str().unwrap().contains(
            "DOI 10.5555/other is 'Another title about gardening' (2011) by Green: wrong DOI?"
        ),
        "{wrong:#}"
    );
    // A DOI and a PMID of different works.
    let pair = find(&diags, "E0903", "references/pair.yaml");
    assert!(
        pair["message"].as_str().unwrap().contains("PMID 2002"),
        "{pair:#}"
    );
    assert_eq!(pair["line"], 8, "at the PMID: {pair:#}");
    // The year differs from Crossref's.
    let year = find(&diags, "E0902", "references/pair.yaml");
    assert!(
        year["message"].as_str().unwrap().contains("not 2021"),
        "{year:#}"
    );
    // Retracted, from Crossref (Retraction Watch) and PubMed.
    let retracted = find(&diags, "E0906", "references/retracted2019.yaml");
    let message = retracted["message"].as_str().unwrap();
    assert!(message.contains("was retracted"), "{message}");
    assert!(message.contains("Retraction Watch"), "{message}");
    assert!(
        message.contains("https://doi.org/10.5555/notice.1"),
        "{message}"
    );
    // A malformed body, and an identifier nobody knows.
    let garbled = find(&diags, "E0905", "references/garbled.yaml");
    assert!(
        garbled["message"].as_str().unwrap().contains("not JSON"),
        "{garbled:#}"
    );
    find(&diags, "E0904", "references/missing.yaml");
    find(&diags, "E0906", "references/corrected.yaml");
    // 429 with Retry-After: waited, asked again, verified.
    assert!(
        !diags.iter().any(|d| d["file"] == "references/busy.yaml"),
        "{diags:#?}"
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    let requests = seen.lock().unwrap().clone();
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.contains("10.5555/busy"))
            .count(),
        2,
        "{requests:#?}"
    );
    // NCBI's tool and email parameters.
    assert!(
        requests
            .iter()
            .any(|r| r.contains("esummary.fcgi") && r.contains("email=editors%40example.org")),
        "{requests:#?}"
    );

    let lock = std::fs::read_to_string(root.join("references.lock")).unwrap();
    let parsed = cited_site::parse_lock(cited_site::FileId(0), &lock).unwrap();
    let status = |key: &str| parsed.entry(key).map(|e| e.status.value);
    use cited_site::Status;
    assert_eq!(status("ok2020"), Some(Status::Ok));
    assert_eq!(status("retracted2019"), Some(Status::Retracted));
    assert_eq!(status("wrongdoi"), Some(Status::Mismatch));
    assert_eq!(status("pair"), Some(Status::Mismatch));
    assert_eq!(status("busy"), Some(Status::Ok));
    assert_eq!(status("missing"), Some(Status::NotFound));
    assert_eq!(status("corrected"), Some(Status::Corrected));
    assert_eq!(status("garbled"), None, "a failed lookup writes no entry");
    assert_eq!(status("book"), None, "nothing to look up");
    // A DataCite DOI: not in Crossref, found through the resolver's CSL-JSON.
    assert_eq!(status("dataset"), Some(Status::Ok));
    assert!(
        !diags.iter().any(|d| d["file"] == "references/dataset.yaml"),
        "{diags:#?}"
    );
    let entry = parsed.entry("retracted2019").unwrap();
    let ids: Vec<(&str, &str)> = entry
        .identifiers
        .iter()
        .map(|i| (i.kind.as_str(), i.registry.as_str()))
        .collect();
    assert_eq!(
        ids,
        [("DOI", "crossref"), ("PMCID", "pmc"), ("PMID", "pubmed")]
    );
    assert!(
        entry
            .notices
            .iter()
            .any(|n| n.source.as_deref() == Some("retraction-watch")
                && n.doi.as_deref() == Some("10.5555/notice.1")
                && n.date.as_deref() == Some("2021-05-01"))
    );
    assert!(
        entry
            .notices
            .iter()
            .any(|n| n.source.as_deref() == Some("pubmed") && n.pmid.as_deref() == Some("1002"))
    );
    // Keys in order.
    let keys: Vec<&str> = parsed.references.keys().map(|k| k.value.as_str()).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);

    // A week later, the same answers leave the lock as it was (each entry keeps its date).
    let out = cited_against(
        &base,
        &[
            "verify",
            "--root",
            root.to_str().unwrap(),
            "--today",
            "2026-12-04",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("references.lock unchanged"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("references.lock")).unwrap(),
        lock
    );

    // A registry that cannot be reached leaves the lock exactly as it was.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let _ = std::fs::remove_dir_all(root.join(".cited-cache"));
    let out = verify(&dead, root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diags = diagnostics(&out);
    let unreachable = find(&diags, "E0905", "references/ok2020.yaml");
    assert!(
        unreachable["message"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{unreachable:#}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("references.lock")).unwrap(),
        lock
    );
}

#[test]
fn add_writes_a_reference_that_checks() {
    let (base, _) = registry();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root, &[]);
    std::fs::write(
        root.join("content/page.md"),
        "---\ntitle: P\n---\nA trial found this [@jones2019].\n",
    )
    .unwrap();
    let out = cited_against(
        &base,
        &[
            "add",
            "10.5555/retracted.1",
            "--root",
            root.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("references/jones2019.yaml"), "{stderr}");
    let text = std::fs::read_to_string(root.join("references/jones2019.yaml")).unwrap();
    assert!(
        text.contains("title: \"A retracted trial of things\""),
        "{text}"
    );
    assert!(text.contains("DOI: \"10.5555/retracted.1\""), "{text}");
    assert!(text.ends_with("findings: []\n"), "{text}");
    assert!(
        !text.contains("score"),
        "registry bookkeeping is dropped: {text}"
    );
    // By PMID: the DOI comes from PubMed, the PMID and PMCID are kept; the key is not reused.
    let out = cited_against(&base, &["add", "1001", "--root", root.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(root.join("references/jones2019a.yaml")).unwrap();
    assert!(
        text.contains("PMID: \"1001\"") && text.contains("PMCID: \"PMC1001\""),
        "{text}"
    );
    // A PMID whose DOI does not resolve: the reference comes from PubMed's record.
    let out = cited_against(&base, &["add", "2002", "--root", root.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(root.join("references/night2015.yaml")).unwrap();
    assert!(
        text.contains("title: \"Something else entirely about sleep\""),
        "{text}"
    );
    assert!(
        text.contains("container-title: \"Sleep medicine\""),
        "{text}"
    );
    // The new files check (the page cites the first).
    let out = common::cited(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    let diags = diagnostics(&out);
    assert!(diags.iter().all(|d| d["severity"] != "error"), "{diags:#?}");
    // Unknown identifiers and things that are not identifiers.
    let out = cited_against(
        &base,
        &["add", "10.5555/nothing", "--root", root.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not registered"));
    let out = cited_against(&base, &["add", "../../x", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // A registry out of reach is an I/O error (2), as the README says, not an unknown DOI (1).
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = cited_against(
        &dead,
        &["add", "10.5555/other", "--root", root.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not be reached"), "{stderr}");
}

/// The client on its own: 500 is retried then reported, a timeout is retried then reported, and
/// a host's announced rate limit spaces the requests.
#[test]
fn the_client_retries_server_errors_and_timeouts() {
    use cited_verify::http::{Client, ClientOptions, FetchError};
    let (base, seen) = registry();
    let mut options = ClientOptions::new("cited-test");
    options.backoff = Duration::from_millis(20);
    options.max_retries = 2;
    options.min_interval = Duration::ZERO;
    options.timeout = Duration::from_millis(400);
    let client = Client::new(options);
    let answer = client
        .get(
            &format!("{base}/crossref/works/10.5555/broken"),
            "application/json",
        )
        .unwrap();
    assert_eq!((answer.status, answer.sent), (500, 3));
    let started = Instant::now();
    let err = client
        .get(
            &format!("{base}/crossref/works/10.5555/slow"),
            "application/json",
        )
        .unwrap_err();
    assert_eq!(err, FetchError::Timeout { sent: 3 });
    assert!(started.elapsed() < Duration::from_secs(3));
    // Crossref announces 50 a second: 20 ms between requests from then on.
    let before = seen.lock().unwrap().len();
    let started = Instant::now();
    for _ in 0..4 {
        client
            .get(
                &format!(
                    "{base}/crossref/works/10.5555/other?n={}",
                    Instant::now().elapsed().as_nanos()
                ),
                "application/json",
            )
            .unwrap();
    }
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert!(seen.lock().unwrap().len() >= before + 4);
}

/// The fixtures' committed locks are exactly what `cited verify` writes against this server:
/// no lock entry is written by hand. `stale-lock-entry`'s lock was written before its
/// reference's title was edited; the edit is undone here before verifying.
#[test]
fn fixture_locks_are_what_verify_writes() {
    let (base, _) = registry();
    let bless = std::env::var_os("CITED_BLESS_LOCKS").is_some();
    for (name, undo) in [
        ("retracted-only-support", None),
        ("retracted-with-sound-support", None),
        (
            "stale-lock-entry",
            Some((
                "references/smith2020.yaml",
                "A study of many things",
                "A study of things",
            )),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(name);
        copy_dir(&fixture(name), &root);
        let _ = std::fs::remove_file(root.join("references.lock"));
        let _ = std::fs::remove_file(root.join("README.md"));
        if let Some((file, now, before)) = undo {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(now), "{name}: {file} should hold {now:?}");
            std::fs::write(&path, text.replace(now, before)).unwrap();
        }
        let out = verify(&base, &root);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written = std::fs::read_to_string(root.join("references.lock")).unwrap();
        let committed = fixture(name).join("references.lock");
        if bless {
            std::fs::write(&committed, &written).unwrap();
        } else {
            assert_eq!(
                std::fs::read_to_string(&committed).unwrap_or_default(),
                written,
                "{name}: the committed lock is not what `cited verify` writes; run CITED_BLESS_LOCKS=1 cargo test -p cited --test verify"
            );
        }
    }
}
