//! Every fixture site under `tests/fixtures/` that has an `expect.yaml`, discovered by folder
//! (see tests/fixtures/README.md): the expected diagnostic at its place, snapshots of the JSON and
//! human reports, and the same verdict from `cited check` and `cited build`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Output;

use cited_site::{Code, Severity};

mod common;
use common::{TODAY, build_args, cited, copy_dir, files_under, repo_root, text};

/// What a fixture's `expect.yaml` says: one diagnostic at its place, or (`clean: true`) a good
/// input that checks with no diagnostic at all and builds.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    clean: bool,
    #[serde(default)]
    code: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    line: u64,
    #[serde(default)]
    column: u64,
    #[serde(default)]
    severity: Option<Severity>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    check_args: Vec<String>,
    /// The diagnostic comes from `cited verify` against the loopback registry server
    /// (`common::registry`), not from `check`.
    #[serde(default)]
    verify: bool,
}

fn exit(out: &Output) -> i32 {
    out.status.code().expect("exited by signal")
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

fn check(root: &Path, format: &str, extra: &[String]) -> Output {
    let mut args = vec![
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        format,
        "--today",
        TODAY,
    ];
    args.extend(extra.iter().map(String::as_str));
    cited(&args)
}

/// The diagnostic with `code` in a JSON report, or a failure naming the fixture.
fn reported(name: &str, code: Code, stdout: &str) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e}):\n{stdout}"));
    diagnostics
        .iter()
        .find(|d| d["code"] == code.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("{name}: {code} not reported: {diagnostics:#?}"))
}

fn fixture_site(path: &Path) -> datatest_stable::Result<()> {
    let root = path.parent().unwrap();
    let name = root.file_name().unwrap().to_str().unwrap();
    let expect: Expect = serde_saphyr::from_str(&std::fs::read_to_string(path)?)?;
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    let _guard = settings.bind_to_scope();
    if expect.clean {
        return clean_site(name, root);
    }
    let code = Code::parse(&expect.code)
        .unwrap_or_else(|| panic!("{name}/expect.yaml: `{}` is not a rule code", expect.code));
    let severity = expect.severity.unwrap_or(code.default_severity());
    let fails = severity == Severity::Error;

    // Opt-in checks may write a cache into the site: run them on a copy.
    let work = tempfile::tempdir()?;
    let site = work.path().join(name);
    copy_dir(root, &site);
    let check_extra: Vec<String> = expect
        .args
        .iter()
        .chain(&expect.check_args)
        .cloned()
        .collect();

    if expect.verify {
        return verify_site(name, &site, code, severity);
    }

    let out = check(&site, "json", &check_extra);
    assert_eq!(
        exit(&out),
        i32::from(fails),
        "{name}: exit code of check; stderr:\n{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let found = reported(name, code, &stdout);
    assert_eq!(found["file"], expect.file.as_str(), "{name}: {found:#}");
    assert_eq!(
        (found["line"].as_u64(), found["column"].as_u64()),
        (Some(expect.line), Some(expect.column)),
        "{name}: {found:#}"
    );
    assert_eq!(found["severity"], severity.as_str(), "{name}: {found:#}");
    // Every problem says how to mend it, not only what is wrong.
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout)?;
    for d in &all {
        assert!(
            d["hint"].as_str().is_some_and(|h| !h.trim().is_empty()),
            "{name}: a problem with no hint: {d:#}"
        );
    }
    insta::assert_snapshot!(format!("fixtures__{name}-json"), stdout);

    let human = check(&site, "human", &check_extra);
    let report = format!("{}{}", text(&human.stdout), text(&human.stderr));
    assert!(
        !report.contains('\u{1b}'),
        "{name}: colour despite NO_COLOR"
    );
    insta::assert_snapshot!(format!("fixtures__{name}-human"), redact_timing(&report));

    // check ≡ build: the same verdict on the same input and options. Opt-in checks that build
    // does not run (`check_args`) are left out of both.
    let fails = fails && expect.check_args.is_empty();
    for deny in [false, true] {
        let mut extra: Vec<&str> = expect.args.iter().map(String::as_str).collect();
        if deny {
            extra.push("--deny-warnings");
        }
        let mut check_args = vec!["check", "--root", site.to_str().unwrap(), "--today", TODAY];
        check_args.extend(&extra);
        let checked = cited(&check_args);
        let out_dir = work.path().join("out");
        let public = out_dir.join("public");
        std::fs::create_dir_all(&public)?;
        std::fs::write(public.join("old.txt"), "old site\n")?;
        let mut args = build_args(&site, &public);
        // `--force`: cited did not write `old.txt`.
        args.push("--force");
        args.extend(&extra);
        let built = cited(&args);
        assert_eq!(
            exit(&checked),
            exit(&built),
            "{name} (deny warnings: {deny}): check and build disagree\ncheck:\n{}\nbuild:\n{}",
            text(&checked.stderr),
            text(&built.stderr)
        );
        let should_fail = fails || (deny && severity == Severity::Warning);
        assert_eq!(
            exit(&built),
            i32::from(should_fail),
            "{name}: {}",
            text(&built.stderr)
        );
        if should_fail {
            assert_eq!(files_under(&out_dir), vec![PathBuf::from("public/old.txt")]);
            assert_eq!(
                std::fs::read_to_string(public.join("old.txt"))?,
                "old site\n"
            );
        }
        std::fs::remove_dir_all(&out_dir)?;
    }
    Ok(())
}

/// A `clean: true` fixture (a good input, such as a tool's export as it comes): `cited check`
/// reports nothing, not even a warning, and `cited build --deny-warnings` writes the site. The
/// main element of each page is snapshotted (`fixtures__<name>-<page>`): the citations and
/// bibliography made from the input.
fn clean_site(name: &str, root: &Path) -> datatest_stable::Result<()> {
    let work = tempfile::tempdir()?;
    let site = work.path().join(name);
    copy_dir(root, &site);
    let out = check(&site, "json", &[]);
    let stdout = text(&out.stdout);
    assert_eq!(
        (exit(&out), stdout.trim()),
        (0, "[]"),
        "{name}: a clean site reports nothing; stderr:\n{}",
        text(&out.stderr)
    );
    let public = work.path().join("public");
    let mut args = build_args(&site, &public);
    args.push("--deny-warnings");
    let built = cited(&args);
    assert_eq!(exit(&built), 0, "{name}: {}", text(&built.stderr));
    let mut pages: Vec<PathBuf> = files_under(&site.join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "{name}: no page");
    for page in pages {
        let slug = page.file_stem().unwrap().to_str().unwrap().to_owned();
        let html = std::fs::read_to_string(public.join(&slug).join("index.html"))?;
        let start = html.find("<main").expect("<main>");
        let end = html.find("</main>").expect("</main>") + "</main>".len();
        insta::assert_snapshot!(format!("fixtures__{name}-{slug}"), &html[start..end]);
    }
    Ok(())
}

/// A `verify: true` fixture: `cited verify` against the loopback registry reports the expected
/// diagnostic at its place (exit 1 for an error, 0 for a warning); its JSON and human reports are
/// snapshotted (the human run, second, is answered from the cache the first wrote).
fn verify_site(
    name: &str,
    site: &Path,
    code: Code,
    severity: Severity,
) -> datatest_stable::Result<()> {
    let (base, _) = common::registry::registry();
    let run = |format: &str| {
        common::registry::cited_against(
            &base,
            &[
                "verify",
                "--root",
                site.to_str().unwrap(),
                "--today",
                TODAY,
                "--format",
                format,
            ],
        )
    };
    let out = run("json");
    assert_eq!(
        exit(&out),
        i32::from(severity == Severity::Error),
        "{name}: exit code of verify; stderr:\n{}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let found = reported(name, code, &stdout);
    let expect: Expect =
        serde_saphyr::from_str(&std::fs::read_to_string(site.join("expect.yaml"))?)?;
    assert_eq!(found["file"], expect.file.as_str(), "{name}: {found:#}");
    assert_eq!(
        (found["line"].as_u64(), found["column"].as_u64()),
        (Some(expect.line), Some(expect.column)),
        "{name}: {found:#}"
    );
    assert_eq!(found["severity"], severity.as_str(), "{name}: {found:#}");
    // Every problem says how to mend it, not only what is wrong.
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout)?;
    for d in &all {
        assert!(
            d["hint"].as_str().is_some_and(|h| !h.trim().is_empty()),
            "{name}: a problem with no hint: {d:#}"
        );
    }
    insta::assert_snapshot!(format!("fixtures__{name}-json"), stdout);
    let human = run("human");
    let report = format!("{}{}", text(&human.stdout), text(&human.stderr));
    insta::assert_snapshot!(format!("fixtures__{name}-human"), redact_timing(&report));
    Ok(())
}

/// Every rule code has a fixture and an explanation, and every snapshot names only real codes.
fn every_code_has_a_fixture_and_an_explanation(_: &Path) -> datatest_stable::Result<()> {
    let fixtures = repo_root().join("tests/fixtures");
    let mut covered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&fixtures)? {
        let expect = entry?.path().join("expect.yaml");
        if let Ok(text) = std::fs::read_to_string(&expect) {
            let e: Expect = serde_saphyr::from_str(&text)?;
            if !e.clean {
                covered.insert(e.code);
            }
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    for code in Code::ALL {
        assert!(
            code.explanation().len() > 40,
            "{code}: explanation too short"
        );
    }
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(snapshots)? {
        let text = std::fs::read_to_string(entry?.path())?;
        for (i, _) in text.match_indices("E0") {
            let word: String = text[i..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if word.len() == 5 {
                assert!(
                    Code::parse(&word).is_some(),
                    "a snapshot names `{word}`, no such code"
                );
            }
        }
    }
    Ok(())
}

datatest_stable::harness! {
    { test = fixture_site, root = "../../tests/fixtures", pattern = r"^[^/]+/expect\.yaml$" },
    { test = every_code_has_a_fixture_and_an_explanation, root = "../../tests/fixtures", pattern = r"^README\.md$" },
}
