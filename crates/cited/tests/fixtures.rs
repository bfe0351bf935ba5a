//! Integration tests: run the `cited` binary against the fixture sites under `tests/fixtures/`.
//!
//! `minimal` is a valid site; every other fixture is a copy of it with exactly one defect.
//! All runs pass `--today 2026-11-27` so date rules are deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{TODAY, build, cited, copy_dir, fixture, repo_root};

fn check(name: &str, format: &str, extra: &[&str]) -> Output {
    let root = fixture(name);
    let mut args = vec![
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        format,
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    cited(&args)
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited by signal")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

/// Replaces the wall-clock timing (`in 12 ms`) in the summary line with a placeholder.
fn redact_timing(s: &str) -> String {
    s.lines()
        .map(|line| match line.rfind(" in ") {
            Some(i) if line.ends_with(" ms") => {
                let digits = &line[i + 4..line.len() - 3];
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    format!("{} in [TIME] ms", &line[..i])
                } else {
                    line.to_owned()
                }
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn diagnostics(out: &Output) -> Vec<serde_json::Value> {
    let stdout = text(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    value.as_array().expect("a JSON array").clone()
}

/// `check --format json`: exit code, and the expected diagnostic at the expected place.
fn check_json_case(name: &str, expect_code: &str, file: &str, line: u64, column: u64, exit: i32) {
    let out = check(name, "json", &[]);
    assert_eq!(
        code(&out),
        exit,
        "exit code of check on {name}; stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let diags = diagnostics(&out);
    let found = diags
        .iter()
        .find(|d| d["code"] == expect_code)
        .unwrap_or_else(|| panic!("{expect_code} not reported for {name}: {diags:#?}"));
    assert_eq!(found["file"], file, "{found:#}");
    let got_line = found["line"].as_u64().expect("line");
    let got_col = found["column"].as_u64().expect("column");
    assert!(got_line > 0 && got_col > 0, "{found:#}");
    assert_eq!((got_line, got_col), (line, column), "{found:#}");
    let severity = if exit == 0 { "warning" } else { "error" };
    assert_eq!(found["severity"], severity, "{found:#}");
    insta::assert_snapshot!(format!("{name}-json"), text(&out.stdout));
}

/// `check --format human` with NO_COLOR: snapshot of the rustc-style report.
fn check_human_case(name: &str) {
    let out = check(name, "human", &[]);
    assert!(
        matches!(code(&out), 0 | 1),
        "check on {name} exited {:?}; stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let report = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!report.contains('\u{1b}'), "colour codes despite NO_COLOR");
    insta::assert_snapshot!(format!("{name}-human"), redact_timing(&report));
}

/// Everything under `dir`, as sorted relative paths.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// `build --out <tmp>/public` where public/ already holds `old.txt`: a failing build must
/// leave the old output untouched and write nothing.
fn build_refused_case(name: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    std::fs::create_dir(&public).unwrap();
    std::fs::write(public.join("old.txt"), "old site\n").unwrap();
    let root = fixture(name);
    let out = build(&root, &public, &[]);
    assert_eq!(
        code(&out),
        1,
        "exit code of build on {name}; stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(public.join("old.txt")).unwrap(),
        "old site\n"
    );
    assert_eq!(
        files_under(tmp.path()),
        vec![PathBuf::from("public/old.txt")]
    );
}

macro_rules! bad_fixture {
    (
        $module:ident, $dir:literal, $code:literal, $file:literal, $line:literal, $col:literal
        $(, human: #[$human:meta])?
        $(, build: #[$build:meta])?
    ) => {
        mod $module {
            #[test]
            fn check_json() {
                super::check_json_case($dir, $code, $file, $line, $col, 1);
            }

            #[test]
            $(#[$human])?
            fn check_human() {
                super::check_human_case($dir);
            }

            #[test]
            $(#[$build])?
            fn build_refused() {
                super::build_refused_case($dir);
            }
        }
    };
}

bad_fixture!(
    unknown_citation_key,
    "unknown-citation-key",
    "E0101",
    "content/hello.md",
    5,
    26
);
bad_fixture!(
    hijacked_citation,
    "hijacked-citation",
    "E0102",
    "content/hello.md",
    7,
    1
);
bad_fixture!(
    malformed_citation,
    "malformed-citation",
    "E0103",
    "content/hello.md",
    5,
    26
);
bad_fixture!(
    bare_citation,
    "bare-citation",
    "E0104",
    "content/hello.md",
    7,
    4
);
bad_fixture!(
    duplicate_reference_id,
    "duplicate-reference-id",
    "E0202",
    "references/smith2020.yaml",
    2,
    9
);
bad_fixture!(
    missing_required_field,
    "missing-required-field",
    "E0205",
    "references/smith2020.yaml",
    2,
    9
);
bad_fixture!(
    bad_doi,
    "bad-doi",
    "E0206",
    "references/smith2020.yaml",
    10,
    10
);
bad_fixture!(
    accessed_in_future,
    "accessed-in-future",
    "E0207",
    "references/smith2020.yaml",
    11,
    7
);
bad_fixture!(
    uncited_claim,
    "uncited-claim",
    "E0301",
    "content/hello.md",
    5,
    39
);
bad_fixture!(
    figure_not_backed,
    "figure-not-backed",
    "E0302",
    "content/hello.md",
    5,
    28
);
bad_fixture!(
    marker_without_reason,
    "marker-without-reason",
    "E0303",
    "content/hello.md",
    5,
    62
);
bad_fixture!(
    broken_internal_link,
    "broken-internal-link",
    "E0401",
    "content/hello.md",
    5,
    55
);
bad_fixture!(
    javascript_link,
    "javascript-link",
    "E0402",
    "content/hello.md",
    5,
    55
);
bad_fixture!(raw_html, "raw-html", "E0403", "content/hello.md", 5, 50);
bad_fixture!(
    checklist_guidance_gap,
    "checklist-guidance-gap",
    "E0503",
    "content/signs.yaml",
    9,
    3
);
bad_fixture!(
    unparsable_yaml,
    "unparsable-yaml",
    "E0002",
    "content/site.yaml",
    2,
    12
);
bad_fixture!(
    unknown_field,
    "unknown-field",
    "E0003",
    "content/hello.md",
    2,
    1
);
bad_fixture!(
    no_front_matter,
    "no-front-matter",
    "E0005",
    "content/hello.md",
    1,
    1
);
bad_fixture!(bad_date, "bad-date", "E0603", "content/hello.md", 3, 14);
bad_fixture!(
    overdue_review,
    "overdue-review",
    "E0602",
    "content/hello.md",
    3,
    14
);
bad_fixture!(not_utf8, "not-utf8", "E0001", "content/hello.md", 5, 55);
bad_fixture!(
    bare_reference_item,
    "bare-reference-item",
    "E0201",
    "references/smith2020.yaml",
    1,
    1
);

#[test]
fn unknown_field_hints_the_closest_name() {
    let out = check("unknown-field", "json", &[]);
    let diags = diagnostics(&out);
    let d = diags.iter().find(|d| d["code"] == "E0003").expect("E0003");
    let hint = d["hint"].as_str().unwrap_or_default();
    assert!(hint.contains("did you mean `title`"), "{d:#}");
}

/// A warning alone does not fail `check`, but does with `--deny-warnings`.
#[test]
fn unused_reference_is_a_warning() {
    check_json_case(
        "unused-reference",
        "E0204",
        "references/jones2019.yaml",
        2,
        9,
        0,
    );
    let denied = check("unused-reference", "json", &["--deny-warnings"]);
    assert_eq!(code(&denied), 1);
    assert!(diagnostics(&denied).iter().any(|d| d["code"] == "E0204"));
}

#[test]
fn unused_reference_human() {
    check_human_case("unused-reference");
}

/// A warning-only site builds (exit 0) and replaces the output folder.
#[test]
fn unused_reference_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let root = fixture("unused-reference");
    let out = build(&root, &public, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(public.join("hello/index.html").is_file());
}

#[test]
fn minimal_checks_clean() {
    let out = check("minimal", "human", &[]);
    let stderr = text(&out.stderr);
    assert_eq!(code(&out), 0, "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn minimal_json_is_an_empty_array() {
    let out = check("minimal", "json", &[]);
    assert_eq!(code(&out), 0);
    assert!(diagnostics(&out).is_empty());
}

#[test]
fn minimal_builds_the_article_page() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = build(&fixture("minimal"), &public, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(public.join("hello/index.html")).expect("hello page");
    assert!(page.contains(r##"href="#ref-smith2020""##), "citation link");
    assert!(page.contains(r#"id="cite-1""#), "citation anchor");
    assert!(page.contains(r#"id="ref-smith2020""#), "bibliography entry");
    // The back link from the entry to the citation. Its href is written with `/` escaped as
    // `&#x2f;` (`/hello/#cite-1`), so match the fragment and the end of the attribute.
    let entry = &page[page.find(r#"id="ref-smith2020""#).unwrap()..];
    let entry = &entry[..entry.find("</li>").expect("entry ends")];
    assert!(entry.contains(r##"#cite-1""##), "back link in {entry}");
    let start = page.find("<main").expect("<main>");
    let end = page.find("</main>").expect("</main>") + "</main>".len();
    insta::assert_snapshot!("minimal-hello-main", &page[start..end]);
}

/// Building the real site twice gives byte-identical output.
#[test]
fn build_is_deterministic() {
    let root = repo_root();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (pa, pb) = (a.path().join("public"), b.path().join("public"));
    for p in [&pa, &pb] {
        let out = build(&root, p, &[]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    }
    let files = files_under(&pa);
    assert!(!files.is_empty());
    assert_eq!(
        files,
        files_under(&pb),
        "the two builds wrote different files"
    );
    for f in &files {
        let (x, y) = (
            std::fs::read(pa.join(f)).unwrap(),
            std::fs::read(pb.join(f)).unwrap(),
        );
        assert!(x == y, "{} differs between builds", f.display());
    }
}

#[test]
fn github_format_annotates_the_line() {
    let out = check("uncited-claim", "github", &[]);
    assert_eq!(code(&out), 1);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let line = all
        .lines()
        .find(|l| l.starts_with("::error file=content/"))
        .unwrap_or_else(|| panic!("no ::error line in:\n{all}"));
    assert!(line.starts_with("::error file=content/hello.md,"), "{line}");
    assert!(line.contains("line=5"), "{line}");
    assert!(line.contains("col=39"), "{line}");
    assert!(line.contains("E0301"), "{line}");
}

#[test]
fn explain_known_code() {
    let out = cited(&["explain", "E0301"]);
    assert_eq!(code(&out), 0);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.to_lowercase().contains("citation"), "{all}");
}

#[test]
fn explain_unknown_code() {
    let out = cited(&["explain", "E9999"]);
    assert_eq!(code(&out), 2);
}

/// A fixture whose only problem is a warning: `check` passes, `--deny-warnings` fails, the human
/// output is snapshotted.
macro_rules! warning_fixture {
    ($module:ident, $dir:literal, $code:literal, $file:literal, $line:literal, $col:literal) => {
        mod $module {
            #[test]
            fn check_json() {
                super::check_json_case($dir, $code, $file, $line, $col, 0);
                let denied = super::check($dir, "json", &["--deny-warnings"]);
                assert_eq!(super::code(&denied), 1);
            }

            #[test]
            fn check_human() {
                super::check_human_case($dir);
            }
        }
    };
}

bad_fixture!(
    bad_type,
    "bad-type",
    "E0209",
    "references/smith2020.yaml",
    3,
    11
);
bad_fixture!(
    checklist_duplicate_item,
    "checklist-duplicate-item",
    "E0501",
    "content/signs.yaml",
    6,
    9
);
bad_fixture!(
    checklist_empty,
    "checklist-empty",
    "E0502",
    "content/signs.yaml",
    3,
    8
);
bad_fixture!(
    unknown_checklist_embed,
    "unknown-checklist-embed",
    "E0504",
    "content/hello.md",
    7,
    1
);
bad_fixture!(
    duplicate_checklist_id,
    "duplicate-checklist-id",
    "E0505",
    "content/signs.yaml",
    1,
    5
);
bad_fixture!(
    policy_missing_reviewer,
    "policy-missing-reviewer",
    "E0601",
    "content/hello.md",
    1,
    1
);
bad_fixture!(
    next_review_beyond_interval,
    "next-review-beyond-interval",
    "E0604",
    "content/hello.md",
    11,
    14
);
bad_fixture!(
    missing_disclosure,
    "missing-disclosure",
    "E0605",
    "content/site.yaml",
    8,
    14
);
bad_fixture!(bad_slug, "bad-slug", "E0007", "content/hello.md", 3, 7);
bad_fixture!(
    duplicate_slug,
    "duplicate-slug",
    "E0008",
    "content/other/hello.md",
    1,
    1
);
bad_fixture!(
    unknown_style,
    "unknown-style",
    "E0009",
    "content/site.yaml",
    3,
    17
);
bad_fixture!(
    unknown_directive,
    "unknown-directive",
    "E0304",
    "content/hello.md",
    5,
    62
);
warning_fixture!(
    duplicate_doi,
    "duplicate-doi",
    "E0203",
    "references/smith2020.yaml",
    10,
    10
);
warning_fixture!(
    accessed_stale,
    "accessed-stale",
    "E0208",
    "references/smith2020.yaml",
    12,
    7
);
warning_fixture!(
    severity_override,
    "severity-override",
    "E0301",
    "content/hello.md",
    5,
    39
);
warning_fixture!(
    readability_warning,
    "readability-warning",
    "E0606",
    "content/hello.md",
    2,
    8
);

/// `cited claims` lists the claim with its source and the excerpt backing it.
#[test]
fn claims_report_lists_sources_and_excerpts() {
    let root = fixture("minimal");
    let out = cited(&["claims", "--root", root.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("| content/hello.md:5 | Most studies found this. | @smith2020 |"),
        "{report}"
    );
}

/// Changing a figure of the real article, or deleting a citation from a claim, fails the check.
#[test]
fn real_article_fails_when_a_figure_drifts_or_a_citation_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for dir in ["content", "references"] {
        copy_dir(&repo_root().join(dir), &root.join(dir));
    }
    let article = root.join("content/when-talk-therapy-doesnt-work.md");
    let original = std::fs::read_to_string(&article).unwrap();
    let run = |text: &str| {
        std::fs::write(&article, text).unwrap();
        let out = cited(&[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
            "--today",
            TODAY,
        ]);
        (
            code(&out),
            diagnostics(&out)
                .iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_owned())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(run(&original), (0, vec![]));
    let (exit, codes) = run(&original.replacen("65.9%", "56.9%", 1));
    assert_eq!(exit, 1);
    assert_eq!(codes, ["E0302"]);
    let (exit, codes) = run(&original.replacen(
        "for 50% of patients to improve [@hansen2002]",
        "for 50% of patients to improve",
        1,
    ));
    assert_eq!(exit, 1);
    assert!(codes.contains(&"E0301".to_owned()), "{codes:?}");
}
