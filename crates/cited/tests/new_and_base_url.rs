//! `cited new` makes a site that checks clean and builds; and a site published under a path
//! (`https://user.github.io/repo/`) links only inside that path.

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn cited(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cited"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn new_site(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_cited"))
        .arg("new")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn new_site_checks_clean_and_builds() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    new_site(&site);
    let check = cited(&["check", "--deny-warnings", "--format", "json"], &site);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(!stdout.contains("\"severity\""), "diagnostics: {stdout}");
    let out = scratch.path().join("public");
    let build = cited(&["build", "--out", out.to_str().unwrap()], &site);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(out.join("how-long-therapy-takes/index.html").is_file());

    // A second `new` into the same, now non-empty, folder is refused.
    let again = Command::new(env!("CARGO_BIN_EXE_cited"))
        .arg("new")
        .arg(&site)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// The commands `cited new` prints can be pasted into a shell as they are, and a file where the
/// folder would go is named in plain words.
#[test]
fn new_prints_commands_that_paste_and_names_a_file_in_the_way() {
    let scratch = tempfile::tempdir().unwrap();
    let new = |dir: &str| {
        Command::new(env!("CARGO_BIN_EXE_cited"))
            .current_dir(scratch.path())
            .args(["new", dir])
            .output()
            .unwrap()
    };
    let made = new("my site");
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(made.status.success(), "{stderr}");
    assert!(stderr.contains("cited serve --root 'my site'"), "{stderr}");

    std::fs::write(scratch.path().join("notes.txt"), "").unwrap();
    for dir in ["notes.txt", "notes.txt/site"] {
        let refused = new(dir);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("a file stands where the folder would be"),
            "{stderr}"
        );
        assert!(!stderr.contains("os error"), "{stderr}");
    }
}

/// The HTML entities the renderer uses in attribute values, decoded.
fn unescape(value: &str) -> String {
    value
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&#x3a;", ":")
        .replace("&#x3d;", "=")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href="…"` and `src="…"` value in `html`.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            // `data-src="` and the like end in `src="` too; they are links all the same.
            found.push(unescape(&after[..end]));
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_link_stays_under_the_base_path() {
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("site");
    new_site(&site);
    let config = site.join("content/site.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    let yaml = yaml.replace("https://example.org/", "https://user.github.io/repo/");
    std::fs::write(&config, yaml).unwrap();
    let out = scratch.path().join("public");
    let build = cited(&["build", "--out", out.to_str().unwrap()], &site);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let mut pages = 0;
    let mut checked = 0;
    for entry in walk(&out) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&entry).unwrap();
        for link in links(&html) {
            checked += 1;
            let ok = link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
                // A phone number (the crisis notice's): no path to escape.
                || link.starts_with("tel:")
                || link.starts_with("sms:")
                || link.starts_with('#')
                || link.starts_with("/repo/");
            assert!(ok, "{}: link {link:?} escapes /repo/", entry.display());
        }
    }
    assert!(pages >= 4, "only {pages} pages");
    assert!(checked > 20, "only {checked} links");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
