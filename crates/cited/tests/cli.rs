//! Command-line behaviour that is not about content: `--timings`, and output that cannot be written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{build, cited, copy_dir, fixture};

#[test]
fn timings_name_every_stage_of_a_build_and_a_check() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(
        &fixture("minimal"),
        &dir.path().join("public"),
        &["--quiet", "--timings"],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once(" ms  ").map(|(_, stage)| stage))
        .collect();
    assert_eq!(
        stages,
        [
            "load",
            "check",
            "citations",
            "theme",
            "templates",
            "images",
            "pages",
            "site pages",
            "write",
            "total"
        ],
        "{stderr}"
    );

    let root = fixture("minimal");
    let output = cited(&[
        "check",
        "--quiet",
        "--timings",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(" ms  load") && stderr.contains(" ms  check"),
        "{stderr}"
    );
    // Without the option, a quiet build prints nothing.
    let output = build(
        &fixture("minimal"),
        &dir.path().join("public"),
        &["--quiet"],
    );
    assert!(output.stderr.is_empty());
}

#[test]
fn an_output_folder_that_cannot_be_made_is_an_io_error_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the output's parent folder should be: no one, not even root, can make it.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let output = build(&fixture("minimal"), &blocker.join("public"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: cannot write"), "{stderr}");
    assert!(stderr.contains("cannot make a folder in"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["not-a-folder"]);
    assert_eq!(std::fs::read(&blocker).unwrap(), b"x");
}

/// `cited build --root DIR` without `--out` writes `DIR/public`, wherever it is run from; and a
/// site under a base path is told that crawlers never read its robots.txt.
#[test]
fn build_writes_into_the_roots_public_folder_and_notes_robots_under_a_base_path() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    common::copy_dir(&fixture("minimal"), &site);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_cited"))
            .args(["build", "--root"])
            .arg(&site)
            .args(["--today", common::TODAY])
            .current_dir(&elsewhere)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = run();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(site.join("public/index.html").is_file(), "{stderr}");
    assert!(!elsewhere.join("public").exists(), "{stderr}");
    assert!(!stderr.contains("robots.txt"), "{stderr}");

    let yaml = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        text.replace("https://example.org/", "https://example.org/repo/"),
    )
    .unwrap();
    let output = run();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("under /repo/") && stderr.contains("robots.txt"),
        "{stderr}"
    );
    assert!(!elsewhere.join("public").exists(), "{stderr}");
}

/// `cited check --readability` counts the pages' prose, which a build drops once it is checked:
/// the check keeps it for the count.
#[test]
fn readability_counts_the_prose_of_a_checked_site() {
    let root = fixture("minimal");
    let output = cited(&[
        "check",
        "--quiet",
        "--readability",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let counted = stdout
        .lines()
        .filter(|l| l.contains("reading ease"))
        .filter(|l| !l.contains("(0 sentences, 0 words)"))
        .count();
    assert!(counted > 0, "{stdout}");
}

/// With `--format json` standard output is the JSON document alone; the counts go to stderr.
#[test]
fn readability_keeps_the_json_report_json() {
    let root = fixture("minimal");
    let output = cited(&[
        "check",
        "--readability",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let parsed: Result<serde_json::Value, _> = serde_json::from_str(&stdout);
    assert!(parsed.is_ok_and(|v| v.is_array()), "{stdout}");
    assert!(stderr.contains("reading ease"), "{stderr}");
}

/// A `--root` that is no folder is a mistake in the command (exit 2, said plainly), not a site
/// whose `site.yaml` is missing.
#[test]
fn a_root_that_is_no_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    for command in ["check", "build", "claims", "verify"] {
        let output = cited(&[command, "--root", missing.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("is not a folder"), "{command}: {stderr}");
        assert!(!stderr.contains("site.yaml"), "{command}: {stderr}");
    }
    assert!(!missing.exists());
}

/// A folder with no `content/` is no site: a usage error that says so, not a diagnostic at a
/// `site.yaml` that does not exist (nor an empty table of claims before it).
#[test]
fn a_folder_that_is_no_site_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "build", "claims", "verify"] {
        let output = cited(&[command, "--root", dir.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("is not a cited site"),
            "{command}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{command}");
    }
    assert!(!dir.path().join("public").exists());
}

/// A `--root` one folder off the site (its `content/` folder, or the folder above it) names the
/// site's folder in the hint.
#[test]
fn a_root_next_to_the_site_names_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("minimal"), &site);
    let cases = [
        (site.join("content"), site.clone()),
        (dir.path().to_path_buf(), site.clone()),
    ];
    for (root, meant) in cases {
        let output = cited(&["check", "--root", root.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("help: the site is `{}`", meant.display())),
            "{stderr}"
        );
    }
    // From inside `content/`, `--root .` is told `..`.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cited"))
        .args(["check", "--root", "."])
        .current_dir(site.join("content"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("help: the site is `..`"), "{stderr}");
}

/// A reader that stops reading (`cited claims | head -1`) ends the output quietly: no panic at a
/// broken pipe, status 0.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let site = fixture("minimal");
    for args in [
        vec!["explain"],
        vec![
            "claims",
            "--root",
            site.to_str().unwrap(),
            "--format",
            "json",
        ],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cited"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes before the first line is written.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// `cited explain` without a code lists every rule, a line each.
#[test]
fn explain_without_a_code_lists_the_rules() {
    let output = cited(&["explain"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rules = stdout.lines().filter(|l| l.starts_with('E')).count();
    assert_eq!(rules, cited_site::Code::ALL.len(), "{stdout}");
    assert!(stdout.contains("E0301  error    "), "{stdout}");
}
