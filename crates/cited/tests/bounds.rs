//! Budgets against hostile input, each proved by running the real binary with a wall-clock bound:
//! special files are refused without blocking, runaway templates stop with a diagnostic naming the
//! template in both engines, and thousands of diagnostics print in linear time, capped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

mod common;
use common::{TODAY, build_args, cited_bounded as run, copy_dir, repo_root};

fn minimal_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("tests/fixtures/minimal"), dir.path());
    dir
}

fn build(root: &Path) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    run(&build_args(root, &tmp.path().join("public"))).0
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_named_pipe_anywhere_in_the_site_is_refused_and_never_blocks() {
    for (rel, extra_config) in [
        ("content/pipe.md", ""),
        ("references/pipe.yaml", ""),
        ("content/site.yaml", ""),
        ("styles/pipe.csl", "citation_style: \"styles/pipe.csl\"\n"),
        ("templates/article.html", ""),
    ] {
        let site = minimal_copy();
        if !extra_config.is_empty() {
            let config = site.path().join("content/site.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, text + extra_config).unwrap();
        }
        mkfifo(&site.path().join(rel));
        let out = build(site.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{rel}: {stderr}");
        assert!(
            stderr.contains(rel) && stderr.contains("not a regular file"),
            "{rel}: {stderr}"
        );
    }
}

/// A site whose `templates/article.html` override is `template`, built with `theme`.
fn with_template(theme: &str, template: &str) -> tempfile::TempDir {
    let site = minimal_copy();
    if theme != "default" {
        copy_dir(
            &repo_root().join("themes").join(theme),
            &site.path().join("themes").join(theme),
        );
        let config = site.path().join("content/site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}theme: \"{theme}\"\n")).unwrap();
    }
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/article.html"), template).unwrap();
    site
}

fn assert_stopped(site: &Path, words: &str) {
    let out = build(site);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("templates/article.html") && stderr.contains(words),
        "{stderr}"
    );
}

#[test]
fn nested_loops_in_a_template_stop_with_a_diagnostic_in_both_engines() {
    let site = with_template(
        "default",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    );
    assert_stopped(site.path(), "instructions");
    let site = with_template(
        "handout",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    assert_stopped(site.path(), "range");
}

#[test]
fn a_template_writing_too_much_stops_with_a_diagnostic_in_both_engines() {
    let kilobyte = "x".repeat(1024);
    let site = with_template(
        "default",
        &format!("{{% for i in range(70000) %}}{kilobyte}{{% endfor %}}"),
    );
    assert_stopped(site.path(), "MiB");
    let site = with_template(
        "handout",
        &format!("{{% for i in range(end=70000) %}}{kilobyte}{{% endfor %}}"),
    );
    assert_stopped(site.path(), "MiB");
}

/// [`build`] with the process's address space limited to `kib` KiB (`ulimit -v`): an allocation
/// past it fails, and a process that makes one is aborted, not stopped with a diagnostic.
fn build_in_memory(root: &Path, kib: u64) -> Output {
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    in_memory(&build_args(root, &public), kib)
}

/// `cited` run with `args`, its address space limited to `kib` KiB, as in [`build_in_memory`].
fn in_memory<S: AsRef<std::ffi::OsStr>>(args: &[S], kib: u64) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_cited"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cited")
}

#[test]
fn a_template_doubling_a_string_stops_with_a_diagnostic_within_its_memory_budget_in_both_engines() {
    // Each step doubles the string: 2^40 bytes at the end. Within 3 GB of address space, the
    // render is stopped by its budget, with a diagnostic, and never runs out of memory.
    for (theme, template, words) in [
        (
            "default",
            "{% macro d(s, n) %}{% if n > 0 %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ d('x', 40) }}",
            "every 64 bytes it makes",
        ),
        (
            "handout",
            "{% set_global s = 'x' %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
            "made more than 768 MiB",
        ),
    ] {
        let site = with_template(theme, template);
        let out = build_in_memory(site.path(), 3_000_000);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{theme}: {stderr}");
        assert!(
            stderr.contains("templates/article.html") && stderr.contains(words),
            "{theme}: {stderr}"
        );
    }
}

#[test]
fn twenty_thousand_diagnostics_print_quickly_and_capped() {
    // 20,000 problems in one 460 KB page (an author-in-text `@key` of no reference on every line,
    // E0101): the printer used to hand the whole file to the renderer once per problem.
    let site = minimal_copy();
    let page = format!(
        "---\ntitle: \"Many\"\n---\n\nMost studies found this [@smith2020].\n\n{}",
        "As @smyth2020 wrote on this line.\n".repeat(20_000)
    );
    std::fs::write(site.path().join("content/many.md"), page).unwrap();
    let root = site.path().to_str().unwrap();
    let (out, took) = run(&["check", "--root", root, "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let shown = stderr.matches("--> content/many.md:").count();
    assert_eq!(shown, 200);
    assert!(
        stderr.contains("note: 19800 more not shown (E0101: 19800)"),
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // All of them, uncapped, still in linear time.
    let (out, took) = run(&[
        "check",
        "--root",
        root,
        "--today",
        TODAY,
        "--max-diagnostics",
        "0",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("--> content/many.md:").count(), 20_000);
    assert!(!stderr.contains("more not shown"));
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

#[test]
fn sixty_four_thousand_unknown_author_in_text_keys_in_one_sentence_check_in_linear_time() {
    let site = minimal_copy();
    let page = format!(
        "---\ntitle: \"Keys\"\n---\n\nMost studies found this [@smith2020]. Then{}.\n",
        " @smyth2020".repeat(64_000)
    );
    std::fs::write(site.path().join("content/keys.md"), page).unwrap();
    let root = site.path().to_str().unwrap();
    let (out, took) = run(&[
        "check", "--root", root, "--today", TODAY, "--format", "json",
    ]);
    let diagnostics: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bare = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E0101")
        .count();
    assert_eq!(bare, 64_000);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The human printer, capped, on the same one-line paragraph.
    let (out, took) = run(&["check", "--root", root, "--today", TODAY]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("more not shown"));
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// `cited check` of the minimal site with `pages` added, each a file name and the text after a
/// first paragraph that cites, within 10 s (hostile text that took quadratic time): its output.
fn check_with_pages(pages: &[(&str, String)]) -> Output {
    let site = minimal_copy();
    for (name, text) in pages {
        std::fs::write(
            site.path().join("content").join(name),
            format!(
                "---\ntitle: \"{name}\"\n---\n\nMost studies found this [@smith2020].\n\n{text}\n"
            ),
        )
        .unwrap();
    }
    let root = site.path().to_str().unwrap();
    let (out, took) = run(&["check", "--root", root, "--today", TODAY]);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    out
}

/// That a check passed, with what it said if not.
fn assert_passes(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_word_inside_a_hundred_thousand_pairs_of_stars_checks_in_linear_time() {
    // 100,000 emphasis ranges, each nested in the one before. The check for stars between
    // figures (E0410) counted each range's opening stars, the rest of the run: 1.2 s in a release
    // build, and four times that for twice the stars.
    let stars = "*".repeat(100_000);
    assert_passes(&check_with_pages(&[(
        "stars.md",
        format!("{stars}word{stars}"),
    )]));
}

#[test]
fn a_line_of_brackets_is_searched_for_slips_in_linear_time() {
    // One line each, 60,000 marks long: every `](`, `] (`, `[^` and `［` looked for the bracket
    // or parenthesis that pairs with it from where it stood, and one far away was read again for
    // each of them (1 to 3 s each in a release build, and four times that for twice the marks).
    let out = check_with_pages(&[
        ("links.md", format!("[{}", "a](".repeat(60_000))),
        (
            "nested.md",
            format!("{}y{}", "[x](".repeat(60_000), ")".repeat(60_000)),
        ),
        ("notes.md", format!("{}]", "[^".repeat(60_000))),
        ("spaced.md", format!("[{})", "x] (/a ".repeat(60_000))),
        (
            "full-width.md",
            format!("{}{}", "［".repeat(60_000), "］".repeat(60_000)),
        ),
    ]);
    assert!(
        out.status.code().is_some(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_block_citation_or_a_note_citing_thousands_of_sentences_is_held_and_read_once() {
    // Each block a block citation cited held a copy of its citations, and each sentence a note
    // cited gathered the note's keys again: 14 GB for a list of 90,000 items under a paragraph of
    // 20,000 citations. Both are held once, and their keys found once.
    let list = format!(
        "{}\n{}",
        "- Most studies found this.\n".repeat(90_000),
        "[@smith2020] ".repeat(20_000)
    );
    let notes = format!(
        "{}\n\n[^1]: {}",
        "Most studies found this.[^1] ".repeat(100_000),
        "[@smith2020] ".repeat(20_000)
    );
    for (name, text) in [("list.md", list), ("notes.md", notes)] {
        let site = minimal_copy();
        let page = format!("---\ntitle: \"Big\"\n---\n\n{text}\n");
        std::fs::write(site.path().join("content").join(name), page).unwrap();
        let root = site.path().to_str().unwrap();
        let start = std::time::Instant::now();
        let out = in_memory(&["check", "--root", root, "--today", TODAY], 1_000_000);
        assert_passes(&out);
        assert!(start.elapsed() < Duration::from_secs(20), "{name}");
    }
}

#[test]
fn uncited_claims_beside_thousands_of_citations_and_note_marks_check_in_linear_time() {
    // Each uncited claim in a table cell looked through every citation of its page for its row's
    // (minutes for 50,000 cells and 50,000 citations), and each uncited claim through every
    // problem of its page for a miswritten citation or a note mark (26 s in a release build for
    // 60,000 sentences each with a note mark that has no note).
    let out = check_with_pages(&[
        (
            "cells.md",
            format!(
                "Most studies found this{}.\n\n| a | b |\n|---|---|\n{}",
                " [@smith2020]".repeat(50_000),
                "| 5% | 6% |\n".repeat(25_000)
            ),
        ),
        ("marks.md", "It was 5% [^9]. ".repeat(60_000)),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("errors"), "{stderr}");
}

#[test]
fn a_long_line_of_web_addresses_or_code_spans_checks_in_linear_time() {
    // Each char of a sentence looked through every URL in it (19 s in a release build for 800 KB
    // of `12 www.`), and each text event of a line read the line back to its start for a typed
    // bullet (11 s for 800 KB of code spans with a dash between them).
    let out = check_with_pages(&[
        ("urls.md", "12 www. ".repeat(100_000)),
        ("code.md", "(–mg`to et al".repeat(60_000)),
    ]);
    assert!(out.status.code().is_some());
}

#[test]
fn a_long_chain_of_slashed_numbers_checks_in_linear_time() {
    // Each number of `/1/1/1…` read the rest of the chain, for a date written with slashes and
    // for a web address: 9 s in a release build for 800 KB, the 1,000 figures read a sentence
    // times the chain.
    let out = check_with_pages(&[("slashes.md", format!("It was{}.", "/1".repeat(1_000_000)))]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("E0301"), "{stderr}");
}

#[test]
fn a_paragraph_of_sixty_thousand_citations_renders_in_linear_time() {
    // Each citation's anchor was numbered by counting the anchors of every citation before it:
    // 0.27 s for 30,000 in a release build, 1 s for 60,000 and 3.8 s for 120,000. And every
    // citation past about 7,000 was printed as text (428930c).
    assert_passes(&check_with_pages(&[(
        "cited.md",
        "[@smith2020] ".repeat(60_000),
    )]));
}

#[test]
fn a_long_entry_cited_thousands_of_times_does_not_repeat_whole_in_the_page() {
    let site = minimal_copy();
    let title = "word ".repeat(20_000);
    std::fs::write(
        site.path().join("references/big.yaml"),
        format!(
            "references:\n  - id: big\n    type: article-journal\n    title: \"{title}\"\n    author:\n      - family: Doe\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/big.1\"\n    findings:\n      - text: \"Most studies found this.\"\n"
        ),
    )
    .unwrap();
    let page = format!(
        "---\ntitle: \"Big\"\n---\n\n{}\n",
        "Most studies found this [@big]. ".repeat(5_000)
    );
    std::fs::write(site.path().join("content/big.md"), page).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let (out, _) = run(&build_args(site.path(), &public));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = std::fs::metadata(public.join("big/index.html"))
        .unwrap()
        .len();
    // 5,000 previews of at most 500 characters, and the entry once in the reference list.
    assert!(size < 8 * 1024 * 1024, "the page is {size} bytes");
}

#[test]
fn a_page_of_ten_mebibytes_of_citations_brackets_or_figures_is_refused_within_a_gigabyte() {
    // Each took gigabytes, a few kilobytes for every citation as the page was formatted and
    // rendered, or the parser's tree and events for every bracket: 10 MiB of `[x]` 2.2 GB, of
    // `@key` 6.4 GB, of `[@]` (each a diagnostic) 3.5 GB, of `a--b` (each a dash) 1.9 GB.
    let cluster = format!(" [@smith2020{}]", "; @smith2020".repeat(900));
    for (unit, refused) in [
        (" [@smith2020]", "Markdown marks"),
        (" @smith2020", "sources"),
        (cluster.as_str(), "sources"),
        (" [@]", "Markdown marks"),
        (" [x]", "Markdown marks"),
        (" a--b", "Markdown marks"),
        (" a...", "Markdown marks"),
        // One sentence of 3.5 million figures: 540 MB to hold them.
        (" 5%", "figures"),
    ] {
        let site = minimal_copy();
        let n = (10 * 1024 * 1024 - 1024) / unit.len();
        let page = format!("---\ntitle: \"Big\"\n---\n\nClaim{}.\n", unit.repeat(n));
        std::fs::write(site.path().join("content/big.md"), page).unwrap();
        let root = site.path().to_str().unwrap();
        let start = std::time::Instant::now();
        let out = in_memory(&["check", "--root", root, "--today", TODAY], 1_000_000);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{unit}: {stderr}");
        assert!(
            stderr.contains("error[E0001]") && stderr.contains(refused),
            "{unit}: {stderr}"
        );
        assert!(start.elapsed() < Duration::from_secs(20), "{unit}");
    }
}

#[test]
fn a_checklist_citing_more_sources_than_a_page_may_is_refused_before_anything_renders() {
    // No field cites more than a text may, but the checklist, formatted as one document (and
    // its page, which embeds it), cites 120,000: the references page listed a back link to each
    // and its template was stopped for writing more than a page may, blamed for it.
    let site = minimal_copy();
    let detail = "[@smith2020] ".repeat(1_000);
    let items: String = (0..120)
        .map(|i| {
            format!(
                "  - id: i{i}\n    label: \"Sign {}\"\n    detail: \"See {detail}\"\n",
                words(i)
            )
        })
        .collect();
    std::fs::write(
        site.path().join("content/signs.yaml"),
        format!("id: signs\ntitle: \"Signs\"\nitems:\n{items}guidance:\n  - when: \"0-120\"\n    text: \"Talk to your doctor.\"\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/hello.md"),
        "---\ntitle: \"Hello\"\n---\n\nMost studies found this [@smith2020].\n\n```checklist\nsigns\n```\n",
    )
    .unwrap();
    let out = build(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (what, place) in [
        (
            "this checklist cites more than 100000 sources",
            "content/signs.yaml:",
        ),
        (
            "this page, with the checklists it embeds, cites more than 100000 sources",
            "content/signs.yaml:",
        ),
    ] {
        let at = stderr
            .find(what)
            .unwrap_or_else(|| panic!("{what}: {stderr}"));
        assert!(stderr[at..].contains(place), "{stderr}");
    }
    assert!(!stderr.contains("E0701"), "{stderr}");
}

/// `i` in letters: labels with no figure in them, which would be claims.
fn words(mut i: usize) -> String {
    let mut word = String::new();
    for _ in 0..3 {
        word.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
    }
    word
}

#[test]
fn a_page_whose_own_html_is_more_than_a_page_may_is_blamed_not_its_template() {
    // 100,000 citations, each with a preview of a long title and a back link: more than 64 MiB
    // before the template adds a byte. The template was stopped for writing too much, and
    // blamed for it ("look for a loop that repeats too often").
    let site = minimal_copy();
    let title = "word ".repeat(200);
    std::fs::write(
        site.path().join("references/long.yaml"),
        format!(
            "references:\n  - id: long\n    type: article-journal\n    title: \"{title}\"\n    author:\n      - family: Doe\n    issued:\n      date-parts: [[2020]]\n    DOI: \"10.1234/long.1\"\n"
        ),
    )
    .unwrap();
    let page = format!(
        "---\ntitle: \"Long\"\n---\n\nMost studies found this [@smith2020].\n\nSee{}.\n",
        " [@long]".repeat(99_999)
    );
    std::fs::write(site.path().join("content/long.md"), page).unwrap();
    let out = build(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0001]: this page's HTML comes to about")
            && stderr.contains("--> content/long.md:1:1"),
        "{stderr}"
    );
    assert!(!stderr.contains("E0701"), "{stderr}");
}

#[test]
fn a_references_page_too_large_is_blamed_on_the_page_that_cites_most_not_its_template() {
    // The references page links back to every citation of the first twenty pages citing a
    // source, each link with its page's title: here 3,500 citations on each of twenty pages of
    // long titles, about 75 MiB of back links (3,000 made 62 MiB, and built).
    let site = minimal_copy();
    let long = "word ".repeat(200);
    for i in 0..20 {
        let cites = if i == 7 { 3_600 } else { 3_500 };
        std::fs::write(
            site.path().join(format!("content/p{i}.md")),
            format!(
                "---\ntitle: \"Page {} {long}\"\n---\n\nMost studies found this{}.\n",
                words(i),
                " [@smith2020]".repeat(cites)
            ),
        )
        .unwrap();
    }
    let out = build(site.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0001]: the references page's HTML comes to about")
            && stderr.contains("this page makes the most, 3600")
            && stderr.contains("--> content/p7.md:1:1"),
        "{stderr}"
    );
    assert!(!stderr.contains("E0701"), "{stderr}");
}
