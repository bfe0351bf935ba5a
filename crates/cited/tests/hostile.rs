//! Hostile inputs: content arrives in pull requests from strangers, and what `cited` builds is
//! read by vulnerable readers. Each case runs the real binary against a tiny site (committed under
//! `tests/fixtures/hostile/`, or generated here when it is large or holds symlinks) with a
//! wall-clock bound, and asserts the exact diagnostic or that the output holds only escaped text.
//! The last tests replay the committed fuzz corpora (`fuzz/corpus/*/`) through the fuzz targets'
//! entry points, so every crash fuzzing found stays fixed under a plain `cargo test`.
//!
//! Limits exercised (see SECURITY.md): 10 MiB per file (`cited_site::MAX_FILE_BYTES`), 8 MiB per
//! YAML document (`cited_site::MAX_YAML_BYTES`), serde-saphyr's alias/depth budget.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

mod common;
use common::{BOUND, TODAY, build_args, copy_dir, repo_root};

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod fuzz;

/// Every run must finish within this (debug build, loaded CI machine).
fn hostile(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/hostile").join(name)
}

/// A fresh copy of `tests/fixtures/minimal` to modify.
fn minimal_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("tests/fixtures/minimal"), dir.path());
    dir
}

/// Runs `cited` and kills it if it outlives [`BOUND`] (then fails the test).
fn run(args: &[&str]) -> Output {
    common::cited_bounded(args).0
}

fn check_json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    let code = out.status.code().expect("exited by signal");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, value.as_array().expect("array").clone())
}

/// Builds `root` into a fresh folder; returns the exit code and every output file.
fn build(root: &Path) -> (i32, Output, Vec<(PathBuf, Vec<u8>)>) {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = run(&build_args(root, &public));
    let code = out.status.code().expect("exited by signal");
    let mut files = Vec::new();
    if public.is_dir() {
        collect(&public, &public, &mut files);
    }
    (code, out, files)
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            files.push((
                path.strip_prefix(base).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            ));
        }
    }
}

/// `(code, file, line)` of every diagnostic, sorted.
fn found(diags: &[serde_json::Value]) -> Vec<(String, String, u64)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn has(diags: &[serde_json::Value], code: &str, file: &str, line: u64) -> bool {
    found(diags)
        .iter()
        .any(|(c, f, l)| c == code && f == file && *l == line)
}

fn assert_has(diags: &[serde_json::Value], code: &str, file: &str, line: u64) {
    assert!(
        has(diags, code, file, line),
        "expected {code} at {file}:{line}; got {:#?}",
        found(diags)
    );
}

// ---------------------------------------------------------------------------------------------
// Resource exhaustion

#[test]
fn alias_bomb_in_site_yaml_is_refused() {
    // `site.yaml` denies unknown fields, so the bomb is refused at its first key, before any
    // alias is expanded.
    let (code, diags) = check_json(&hostile("alias-bomb-site"));
    assert_eq!(code, 1);
    assert_has(&diags, "E0003", "content/site.yaml", 3);
}

#[test]
fn alias_bomb_in_a_reference_is_refused() {
    let (code, diags) = check_json(&hostile("alias-bomb-reference"));
    assert_eq!(code, 1);
    assert!(
        found(&diags)
            .iter()
            .any(|(c, f, _)| c == "E0002" && f == "references/smith2020.yaml"),
        "{:#?}",
        found(&diags)
    );
}

#[test]
fn alias_bomb_in_front_matter_is_refused() {
    // Front matter denies unknown fields too: refused at the first anchor's key.
    let (code, diags) = check_json(&hostile("alias-bomb-front-matter"));
    assert_eq!(code, 1);
    assert_has(&diags, "E0003", "content/hello.md", 3);
}

#[test]
fn deep_nesting_is_bounded() {
    let site = minimal_copy();
    let deep = "[".repeat(10_000);
    let deep_quote = ">".repeat(10_000);
    let deep_list = "- ".repeat(5_000);
    std::fs::write(
        site.path().join("content/deep.md"),
        format!("---\ntitle: \"Deep\"\nabout: {deep}\n---\n\nx\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/deep-md.md"),
        format!("---\ntitle: \"Deep\"\n---\n\n{deep}\n\n{deep_quote} x\n\n{deep_list}x\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("references/deep.json"),
        format!("{deep}\n"),
    )
    .unwrap();
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    // The front matter and the JSON are refused as YAML; the markdown loads (as text).
    assert!(
        has_code_in(&diags, "E0002", "content/deep.md"),
        "{:#?}",
        found(&diags)
    );
    assert!(
        has_code_in(&diags, "E0002", "references/deep.json"),
        "{:#?}",
        found(&diags)
    );
}

fn has_code_in(diags: &[serde_json::Value], code: &str, file: &str) -> bool {
    found(diags).iter().any(|(c, f, _)| c == code && f == file)
}

#[test]
fn a_50_mb_markdown_file_is_refused_quickly() {
    let site = minimal_copy();
    let path = site.path().join("content/huge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap(); // sparse: costs no disk
    drop(file);
    let start = Instant::now();
    let (code, diags) = check_json(site.path());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code, 1);
    assert_has(&diags, "E0001", "content/huge.md", 1);
    let d = diags.iter().find(|d| d["code"] == "E0001").unwrap();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("the limit is 10485760"),
        "{d:#}"
    );
}

#[test]
fn a_one_megabyte_line_builds() {
    let site = minimal_copy();
    let line = "word ".repeat(200_000);
    std::fs::write(
        site.path().join("content/long.md"),
        format!(
            "---\ntitle: \"Long\"\n---\n\n<!-- cited: not-a-claim reason=\"fuzz\" -->\n\n{line}\n"
        ),
    )
    .unwrap();
    let start = Instant::now();
    let (code, diags) = check_json(site.path());
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    // Either it is accepted or a clear diagnostic says why; never a hang or a crash.
    assert!(code == 0 || code == 1, "{code}");
    for d in &diags {
        assert!(d["code"].as_str().unwrap().starts_with('E'), "{d:#}");
    }
}

#[test]
fn a_checklist_with_10000_items_finishes() {
    let site = minimal_copy();
    let mut yaml = String::from("id: big\ntitle: \"Big\"\nitems:\n");
    for i in 0..10_000 {
        // A number in a label is a figure; the marker says it is not a claim, and is not published.
        yaml.push_str(&format!(
            "  - id: i{i}\n    label: \"Item {i} <!-- cited: not-a-claim: an item's number -->\"\n"
        ));
    }
    yaml.push_str("guidance:\n  - when: \"0-10000\"\n    text: \"Talk to your doctor.\"\n");
    std::fs::write(site.path().join("content/big.yaml"), yaml).unwrap();
    std::fs::write(
        site.path().join("content/hello.md"),
        "---\ntitle: \"Hello\"\n---\n\nMost studies found this [@smith2020].\n\n```checklist\nbig\n```\n",
    )
    .unwrap();
    let start = Instant::now();
    let (code, _, files) = build(site.path());
    assert!(start.elapsed() < BOUND, "{:?}", start.elapsed());
    assert_eq!(code, 0);
    let page = files
        .iter()
        .find(|(p, _)| p == Path::new("checklists/big/index.html"))
        .expect("checklist page");
    let page = String::from_utf8_lossy(&page.1);
    assert!(page.contains("Item 9999"));
    assert!(!page.contains("not-a-claim"));
}

// ---------------------------------------------------------------------------------------------
// Encodings

#[test]
fn not_utf8_is_e0001_at_the_bad_byte() {
    let site = minimal_copy();
    std::fs::write(
        site.path().join("content/hello.md"),
        b"---\ntitle: \"Hello\"\n---\n\nBad \xff byte.\n",
    )
    .unwrap();
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    assert_has(&diags, "E0001", "content/hello.md", 5);
}

#[test]
fn bom_and_crlf_build_fine() {
    let (code, out, files) = build(&hostile("bom-crlf"));
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        files
            .iter()
            .any(|(p, _)| p == Path::new("hello/index.html"))
    );
}

#[test]
fn bom_and_crlf_keep_line_numbers() {
    let (code, diags) = check_json(&hostile("bom-crlf-defect"));
    assert_eq!(code, 1);
    assert_has(&diags, "E0402", "content/hello.md", 6);
    let d = diags.iter().find(|d| d["code"] == "E0402").unwrap();
    assert_eq!(d["column"], 17, "{d:#}");
}

// ---------------------------------------------------------------------------------------------
// Paths

#[cfg(unix)]
#[test]
fn symlinks_outside_the_root_and_loops_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: \"Secret\"\n---\n\nTOP-SECRET-VALUE\n",
    )
    .unwrap();
    let site = minimal_copy();
    let content = site.path().join("content");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("secret.md"))
        .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.path().join("references/passwd.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path(), content.join("outdir")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", content.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", content.join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink(".", content.join("self")).unwrap();
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    for file in [
        "content/secret.md",
        "references/passwd.yaml",
        "content/loop-a.md",
        "content/loop-b.md",
        // Links to folders are not followed, and said so.
        "content/outdir",
        "content/self",
    ] {
        assert_has(&diags, "E0001", file, 1);
    }
    let all = serde_json::to_string(&diags).unwrap();
    assert!(!all.contains("TOP-SECRET-VALUE"));
    assert!(!all.contains("root:x:0"));
    // And nothing from outside is built.
    let (code, _, files) = build(site.path());
    assert_eq!(code, 1);
    assert!(files.is_empty());
}

#[cfg(unix)]
#[test]
fn a_csl_style_symlinked_outside_the_root_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.csl"), "TOP-SECRET-VALUE\n").unwrap();
    let site = minimal_copy();
    std::fs::create_dir_all(site.path().join("styles")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.csl"),
        site.path().join("styles/evil.csl"),
    )
    .unwrap();
    let config = site.path().join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap();
    yaml.push_str("citation_style: styles/evil.csl\n");
    std::fs::write(&config, yaml).unwrap();
    let (code, diags) = check_json(site.path());
    assert_eq!(code, 1);
    assert_has(&diags, "E0009", "content/site.yaml", 3);
    assert!(
        !serde_json::to_string(&diags)
            .unwrap()
            .contains("TOP-SECRET-VALUE")
    );
}

/// A site template that is a symlink out of the site is refused, and its target never shows.
#[test]
fn a_template_symlinked_outside_the_root_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.html"), "TOP-SECRET-VALUE\n").unwrap();
    let site = minimal_copy();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.html"),
        site.path().join("templates/not_found.html"),
    )
    .unwrap();
    let (code, out, files) = build(site.path());
    assert_eq!(code, 1, "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("E0702") && stderr.contains("leads outside the site"),
        "{stderr}"
    );
    assert!(!stderr.contains("TOP-SECRET-VALUE"));
    assert!(files.is_empty());
}

#[test]
fn bad_slugs_and_ids_are_refused() {
    let (code, diags) = check_json(&hostile("bad-slugs"));
    assert_eq!(code, 1);
    for file in ["a", "b", "c", "d", "e"] {
        assert_has(&diags, "E0007", &format!("content/{file}.md"), 3);
    }
    assert!(
        found(&diags)
            .iter()
            .any(|(_, f, l)| f == "content/f.yaml" && *l == 1),
        "{:#?}",
        found(&diags)
    );
    let (code, _, files) = build(&hostile("bad-slugs"));
    assert_eq!(code, 1);
    assert!(files.is_empty());
}

#[test]
fn duplicate_slugs_are_e0008() {
    let (code, diags) = check_json(&hostile("duplicate-slug"));
    assert_eq!(code, 1);
    assert_has(&diags, "E0008", "content/other.md", 3);
}

// ---------------------------------------------------------------------------------------------
// Script injection

#[test]
fn forbidden_url_schemes_are_e0402_and_e0206() {
    let (code, diags) = check_json(&hostile("forbidden-schemes"));
    assert_eq!(code, 1);
    for line in [7, 9, 11, 13, 15, 17, 19, 21, 25, 27, 29] {
        assert_has(&diags, "E0402", "content/hello.md", line);
    }
    assert!(
        has_code_in(&diags, "E0206", "references/smith2020.yaml"),
        "{:#?}",
        found(&diags)
    );
}

/// Markup written as text in every text field comes out as escaped text, or is an error.
#[test]
fn markup_in_text_fields_is_escaped_or_refused() {
    let root = hostile("markup-in-text");
    let (code, diags) = check_json(&root);
    // Raw HTML in markdown fields (checklist detail and guidance) is an error, and so is an
    // item id that would break out of its element's attribute...
    assert_has(&diags, "E0403", "content/evil.yaml", 7);
    assert_has(&diags, "E0403", "content/evil.yaml", 10);
    assert_has(&diags, "E0004", "content/evil.yaml", 5);
    // A figure in the page's description (`alert(2)`) is a claim it cannot cite.
    assert_has(&diags, "E0301", "content/hello.md", 3);
    // ...and with those fields made harmless, the site builds with all the rest escaped.
    let site = tempfile::tempdir().unwrap();
    copy_dir(&root, site.path());
    let evil = std::fs::read_to_string(site.path().join("content/evil.yaml")).unwrap();
    std::fs::write(
        site.path().join("content/evil.yaml"),
        evil.replace(
            "detail: \"<script>alert(11)</script>\"",
            "detail: \"Harmless.\"",
        )
        .replace(
            "text: \"</textarea><img src=x onerror=alert(12)>\"",
            "text: \"Talk to a doctor.\"",
        )
        .replace("text.\"", "text [@smith2020].\"")
        .replace("id: \"x\\\" onmouseover=\\\"alert(9)\"", "id: x")
        // The label's `10` is a figure: a label cannot cite, so it says it is not a claim.
        .replace(
            "alert(10)</script>\"",
            "alert(10)</script> <!-- cited: not-a-claim: hostile markup -->\"",
        ),
    )
    .unwrap();
    // The description's `2` is a figure too, and a description cannot cite either.
    let hello = std::fs::read_to_string(site.path().join("content/hello.md")).unwrap();
    std::fs::write(
        site.path().join("content/hello.md"),
        hello.replace(
            "onerror=alert(3)>\"",
            "onerror=alert(3)> <!-- cited: not-a-claim: hostile markup -->\"",
        ),
    )
    .unwrap();
    let (code2, out, files) = build(site.path());
    assert_eq!(code, 1);
    assert_eq!(code2, 0, "{}", String::from_utf8_lossy(&out.stderr));
    let mut seen_alert = false;
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let html = String::from_utf8_lossy(bytes).to_lowercase();
        seen_alert |= html.contains("alert(");
        fuzz::assert_no_script_from_text(&name, &html);
        fuzz::assert_safe_html(&name, &String::from_utf8_lossy(bytes));
    }
    assert!(seen_alert, "the hostile text should appear, escaped");
}

// ---------------------------------------------------------------------------------------------
// Output safety of the real site

fn build_real_site() -> Vec<(PathBuf, Vec<u8>)> {
    let (code, out, files) = build(&repo_root());
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    files
}

#[test]
fn every_real_page_carries_the_csp_and_no_inline_script_or_style() {
    let files = build_real_site();
    let mut pages = 0;
    for (path, bytes) in &files {
        let name = path.to_string_lossy();
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let csp = html
            .split("<meta http-equiv=\"Content-Security-Policy\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no CSP meta"));
        for directive in [
            "script-src 'self'",
            "connect-src 'none'",
            "default-src 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{name}: CSP lacks {directive}: {csp}"
            );
        }
        assert!(!csp.contains("unsafe-inline"), "{name}: {csp}");
        fuzz::assert_no_script_from_text(&name, &html.to_lowercase());
        assert!(!html.contains(" style="), "{name}: style attribute");
        assert!(!html.contains("<style"), "{name}: style element");
    }
    assert!(pages >= 4, "{pages}");
}

/// The build writes nothing but its output folder: snapshot the whole temporary tree (the site
/// root and the folder beside it) before and after. (The tests run as root, so read-only
/// permission bits would prove nothing.)
#[test]
fn build_writes_only_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for dir in ["content", "references", "themes"] {
        if repo_root().join(dir).is_dir() {
            copy_dir(&repo_root().join(dir), &root.join(dir));
        }
    }
    let public = tmp.path().join("out/public");
    std::fs::create_dir_all(tmp.path().join("out")).unwrap();
    let before = snapshot(tmp.path());
    let out = run(&build_args(&root, &public));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = snapshot(tmp.path());
    let changed: Vec<_> = after
        .iter()
        .filter(|entry| !before.contains(entry))
        .chain(before.iter().filter(|entry| !after.contains(entry)))
        .filter(|(p, _)| !p.starts_with(tmp.path().join("out")))
        .collect();
    assert!(
        changed.is_empty(),
        "changed outside the output: {changed:#?}"
    );
    assert!(public.join("index.html").is_file());
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Option<std::time::SystemTime>)>) {
        let meta = std::fs::symlink_metadata(dir).unwrap();
        out.push((dir.to_path_buf(), meta.modified().ok()));
        if meta.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for e in entries {
                walk(&e, out);
            }
        }
    }
    walk(dir, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Fuzz corpora replay

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

macro_rules! replay {
    ($name:ident, $target:ident) => {
        #[test]
        fn $name() {
            for path in corpus(stringify!($target)) {
                let data = std::fs::read(&path).unwrap();
                let result = std::panic::catch_unwind(|| {
                    let _ = fuzz::$target(&data);
                });
                assert!(result.is_ok(), "fuzz input {} panics", path.display());
            }
        }
    };
}

replay!(fuzz_corpus_citation_replays, citation);
replay!(fuzz_corpus_yaml_replays, yaml);
replay!(fuzz_corpus_claims_replays, claims);
replay!(fuzz_corpus_site_replays, site);
