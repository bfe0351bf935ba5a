//! Command-line options that are not about content: `--timings`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{build, cited, fixture};

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
