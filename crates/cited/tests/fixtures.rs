//! Integration tests of the `cited` binary on the valid fixture site and the real site. The
//! one-defect fixtures are discovered by folder in `fixture_sites.rs`.
//! All runs pass `--today 2026-11-27` so date rules are deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

mod common;
use common::{TODAY, build, cited, copy_dir, files_under, fixture, repo_root, text};

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

fn diagnostics(out: &Output) -> Vec<serde_json::Value> {
    let stdout = text(&out.stdout);
    let value: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}"));
    value.as_array().expect("a JSON array").clone()
}

#[test]
fn unknown_field_hints_the_closest_name() {
    let out = check("unknown-field", "json", &[]);
    let diags = diagnostics(&out);
    let d = diags.iter().find(|d| d["code"] == "E0003").expect("E0003");
    let hint = d["hint"].as_str().unwrap_or_default();
    assert!(hint.contains("did you mean `title`"), "{d:#}");
}

/// Every reference the CSL engine refuses is reported at its faulty field, not only the first
/// one met: an editor fixes them all in one round.
#[test]
fn every_unusable_reference_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("minimal"), tmp.path());
    std::fs::write(
        tmp.path().join("references/more.yaml"),
        "references:\n  - id: hansen2021\n    type: article-journal\n    title: \"One\"\n    author: \"Nathan B. Hansen\"\n    DOI: \"10.1234/abcd.1\"\n    issued:\n      date-parts: [[2021]]\n  - id: roe2022\n    type: article-journal\n    title: \"Two\"\n    author: [{family: Roe, given: Ann}]\n    DOI: \"10.1234/abcd.2\"\n    issued:\n      date-parts: [[\"then\"]]\n",
    )
    .unwrap();
    let out = cited(&[
        "check",
        "--root",
        tmp.path().to_str().unwrap(),
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(code(&out), 1);
    let at: Vec<(String, u64)> = diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "E0209")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            ("references/more.yaml".to_owned(), 5),
            ("references/more.yaml".to_owned(), 15)
        ]
    );
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

/// The real site with every source file's lines ended by a lone `\r` (an old Mac file) or by
/// `\r\n` (Windows) builds the very files the site builds as committed: a line ending is a line
/// ending, to Markdown, YAML and readers alike.
#[test]
fn any_line_endings_build_the_same_site() {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("public");
    let out = build(&root, &expected, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    for ending in ["\r", "\r\n"] {
        let site = dir.path().join(format!("site{}", ending.len()));
        for folder in ["content", "references", "themes"] {
            copy_dir(&root.join(folder), &site.join(folder));
        }
        let mut rewritten = 0;
        for folder in ["content", "references"] {
            for file in files_under(&site.join(folder)) {
                let path = site.join(folder).join(file);
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains('\r'),
                    "{} has a carriage return",
                    path.display()
                );
                std::fs::write(&path, text.replace('\n', ending)).unwrap();
                rewritten += 1;
            }
        }
        assert!(rewritten > 10, "the site's sources were rewritten");
        let public = site.join("public");
        let out = build(&site, &public, &[]);
        assert_eq!(
            code(&out),
            0,
            "{ending:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let files = files_under(&expected);
        assert_eq!(files, files_under(&public), "{ending:?}: other files");
        for f in &files {
            let (x, y) = (
                std::fs::read(expected.join(f)).unwrap(),
                std::fs::read(public.join(f)).unwrap(),
            );
            assert!(x == y, "{ending:?}: {} differs", f.display());
        }
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

/// A retracted source is marked in the page's reference list and at its citation, with a link
/// to the notice; the sound source beside it is not.
#[test]
fn a_retracted_source_is_marked_on_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let out = build(&fixture("retracted-with-sound-support"), &public, &[]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    for page in ["hello/index.html", "references/index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let entry = &html[html.find(r#"id="ref-jones2019""#).expect("entry")..];
        let entry = &entry[..entry.find("</li>").expect("entry ends")];
        assert!(
            entry.contains(r#"class="notice notice-retracted""#),
            "{page}: {entry}"
        );
        assert!(
            entry.contains("<strong>Retracted.</strong>"),
            "{page}: {entry}"
        );
        assert!(
            entry.contains("10.5555&#x2f;notice.1") || entry.contains("10.5555/notice.1"),
            "{page}: {entry}"
        );
        let sound = &html[html.find(r#"id="ref-smith2020""#).expect("entry")..];
        let sound = &sound[..sound.find("</li>").expect("entry ends")];
        assert!(!sound.contains("notice"), "{page}: {sound}");
    }
    let html = std::fs::read_to_string(public.join("hello/index.html")).unwrap();
    assert!(
        html.contains(r#"<span class="cite-notice">retracted</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r##"<a class="cite cite-retracted" href="#ref-"##),
        "the citation's link is marked: {html}"
    );
    // The handout theme (Tera) marks it too.
    let site = tmp.path().join("site");
    copy_dir(&fixture("retracted-with-sound-support"), &site);
    copy_dir(
        &repo_root().join("themes/handout"),
        &site.join("themes/handout"),
    );
    let handout = tmp.path().join("handout");
    let out = build(&site, &handout, &["--theme", "handout"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(handout.join("references/index.html")).unwrap();
    assert!(html.contains("notice notice-retracted"), "{html}");
}

/// The real site has no lock: it checks as before, with one line saying its sources are
/// unverified.
#[test]
fn a_site_without_a_lock_says_its_sources_are_unverified() {
    let out = cited(&[
        "check",
        "--root",
        repo_root().to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(code(&out), 0, "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("sources unverified"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("no references.lock"), "{stderr}");
}

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
    // The block citation after the list of missed diagnoses cites each of its five items.
    let (exit, codes) = run(&original.replacen("\n[@vermani2011]\n", "\n", 1));
    assert_eq!(exit, 1);
    assert_eq!(codes, ["E0301"; 5]);
}

/// What the checker resolves is what the renderer writes: `#checklist-<id>` reaches an embedded
/// checklist, a `.md` link leads to the page written from the file it names relative to its own
/// folder (not to the first page with that file name), and keys that differ only in characters an
/// id cannot hold get distinct anchors.
#[test]
fn links_and_ids_are_the_ones_written() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixture("minimal"), &root);
    std::fs::create_dir_all(root.join("content/guides")).unwrap();
    std::fs::create_dir_all(root.join("content/other")).unwrap();
    std::fs::write(
        root.join("content/signs.yaml"),
        "id: signs\ntitle: \"Signs\"\nitems:\n  - id: one\n    label: \"One\"\nguidance:\n  - when: \"0-1\"\n    text: \"Talk to someone.\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/guides/intro.md"),
        "---\ntitle: \"Guide\"\nslug: guide\n---\n\nStart with [the checklist](#checklist-signs) or [the other intro](../intro.md).\n\n```checklist\nsigns\n```\n\nMost studies found this [@smith.2020]. Most studies found this [@smith-2020].\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/intro.md"),
        "---\ntitle: \"Intro\"\n---\n\nHello.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/other/intro.md"),
        "---\ntitle: \"Other\"\nslug: other-intro\n---\n\nHello.\n",
    )
    .unwrap();
    // Keys whose anchors would both be `ref-smith-2020`.
    for (file, key) in [("a.yaml", "smith.2020"), ("b.yaml", "smith-2020")] {
        let text = std::fs::read_to_string(root.join("references/smith2020.yaml"))
            .unwrap()
            .replace("id: smith2020", &format!("id: {key}"))
            .replace("10.1234/abcd.5678", &format!("10.1234/{key}"));
        std::fs::write(root.join("references").join(file), text).unwrap();
    }
    let public = tmp.path().join("public");
    let out = build(&root, &public, &[]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let page = std::fs::read_to_string(public.join("guide/index.html")).unwrap();
    let ids = |page: &str| -> Vec<String> {
        page.split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let all = ids(&page);
    assert!(all.iter().any(|i| i == "checklist-signs"), "{all:?}");
    assert!(
        page.contains("href=\"/intro/\""),
        "the .md link must lead to /intro/"
    );
    assert!(all.iter().any(|i| i == "ref-smith-2020"), "{all:?}");
    assert!(all.iter().any(|i| i == "ref-smith-2020.2"), "{all:?}");
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        all.len(),
        "an id repeats on the page: {all:?}"
    );
}
