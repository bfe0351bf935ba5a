//! What a build holds of a large site. The load of a large site holds no page's text or prose
//! blocks once parsed: the check reads each page again for its prose and lines, a batch of
//! pages at a time (`Document::defer_prose`), and the render reads it again to render it. Any
//! build lets go of each page's text once the site is checked (`Site::release_texts`). Either
//! way the diagnostics and the output are those of a build that holds everything; a page saved
//! while the build runs stops it; and the diagnostics still show their lines.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use cited_render::{MemorySink, Sink};
use cited_site::layout::EVIDENCE;

mod common;
use common::{in_letters, options};

/// A site of `pages` cited pages; `broken` adds a page whose fourth line is an uncited claim.
fn site(root: &Path, pages: usize, broken: bool) {
    common::site_frame(root, "");
    for i in 0..pages {
        std::fs::write(
            root.join(format!("content/p{i}.md")),
            format!(
                "\u{feff}---\ntitle: Page {}\n---\n## Sleep\n\nHalf of adults (50%) sleep badly [@k, p. 4].\r\n\nMost found it helped [@k].\n",
                char::from(b'a' + i as u8)
            ),
        )
        .unwrap();
    }
    if broken {
        common::write_broken_page(root);
    }
}

/// The pages a build renders from their files read again are the pages a build that keeps
/// every text renders (`cited check --readability` keeps them, with the prose).
#[test]
fn pages_read_again_render_as_the_pages_held() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 5, false);
    let released = MemorySink::default();
    let outcome = cited_driver::build(dir.path(), &options(), &released);
    assert!(outcome.rendered, "{:#?}", outcome.diagnostics);
    let page = &outcome.site.pages[0];
    assert!(outcome.site.sources.get(page.file).is_released());
    assert_eq!(page.body.text(), "", "the body let go of its share too");

    let mut keeping = options();
    keeping.keep_prose = true;
    let held = MemorySink::default();
    let outcome = cited_driver::build(dir.path(), &keeping, &held);
    assert!(outcome.rendered, "{:#?}", outcome.diagnostics);
    assert!(
        !outcome
            .site
            .sources
            .get(outcome.site.pages[0].file)
            .is_released()
    );

    let (released, held) = (released.into_output(), held.into_output());
    assert!(
        String::from_utf8_lossy(&released["p0/index.html"]).contains("Half of adults"),
        "the page has its text"
    );
    assert!(released == held, "a file differs");
}

/// A sink that saves a page over when the check hands it `evidence.json`: an editor saving
/// while the build runs, after the load read the page and before the render reads it again.
struct SavesAPageMidBuild<'s> {
    inner: &'s MemorySink,
    page: PathBuf,
    saved: AtomicBool,
}

impl Sink for SavesAPageMidBuild<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.inner.put(path, bytes)
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut cited_render::Writer<'_>,
    ) -> std::io::Result<()> {
        if path == EVIDENCE && !self.saved.swap(true, Ordering::SeqCst) {
            let text = std::fs::read_to_string(&self.page).unwrap();
            std::fs::write(&self.page, text.replace("Half", "Most")).unwrap();
        }
        self.inner.put_streamed(path, write)
    }
}

/// A page saved while the build runs stops it, naming the page: what was checked is not what
/// would be published. Held by the load, the page is found changed when it renders; not held (a
/// build lets go of the texts, a large site of the prose too), when the check or the render
/// reads it again.
#[test]
fn a_page_saved_while_the_build_runs_stops_it() {
    for (hold_pages_up_to, hold_texts) in [(usize::MAX, true), (usize::MAX, false), (0, false)] {
        let dir = tempfile::tempdir().unwrap();
        site(dir.path(), 3, false);
        let inner = MemorySink::default();
        let sink = SavesAPageMidBuild {
            inner: &inner,
            page: dir.path().join("content/p1.md"),
            saved: AtomicBool::new(false),
        };
        let mut options = options();
        options.hold_pages_up_to = hold_pages_up_to;
        options.hold_texts = hold_texts;
        let outcome = cited_driver::build(dir.path(), &options, &sink);
        assert!(
            sink.saved.load(Ordering::SeqCst),
            "the check streamed its report"
        );
        assert!(!outcome.rendered);
        let messages: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.message))
            .collect();
        assert_eq!(
            messages,
            ["E0001 `content/p1.md` changed while cited was building the site"],
            "holding up to {hold_pages_up_to}, texts held: {hold_texts}"
        );

        // Built again, it is checked and built as saved.
        let outcome = cited_driver::build(dir.path(), &options, &MemorySink::default());
        assert!(outcome.rendered, "{:#?}", outcome.diagnostics);
    }
}

/// A build that lets go of the pages' texts gives them back for the pages its diagnostics
/// point into, so that they print with their lines; the other pages stay released.
#[test]
fn diagnostics_keep_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 3, true);
    let outcome = cited_driver::check(dir.path(), &options());
    assert!(!outcome.rendered);
    let uncited = outcome
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "E0301")
        .unwrap_or_else(|| panic!("{:#?}", outcome.diagnostics));
    let span = uncited.span.clone().unwrap();
    let sources = &outcome.site.sources;
    assert_eq!(sources.path(span.file), "content/broken.md");
    assert_eq!(sources.locate(&span).line, 4);
    assert_eq!(sources.get(span.file).line_text(4), "Studies agree.");
    let others = outcome.site.pages.iter().filter(|p| p.file != span.file);
    assert!(
        others
            .into_iter()
            .all(|p| sources.get(p.file).is_released())
    );
}

/// A site whose load held no page's text (each read again by the check, for its text and
/// lines, and by the render), or no page at all (read again and parsed for its prose), gets the
/// diagnostics, `evidence.json` and pages of one whose load held them:
/// over more pages than a batch of the check and of the load, with errors, silenced sentences, a readability limit and a
/// checklist, and with `cited claims`'s report kept.
/// What the load holds of the pages, as (`hold_pages_up_to`, `hold_texts`): everything, the
/// prose but not the texts (a build's default), nothing.
const HELD: (usize, bool) = (usize::MAX, true);
const TEXTS_RELEASED: (usize, bool) = (usize::MAX, false);
const DEFERRED: (usize, bool) = (0, false);

#[test]
fn pages_not_held_are_checked_and_built_as_pages_held() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 5, true);
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: T\nbase_url: https://example.org/\nreadability:\n  max_grade: 2\n",
    )
    .unwrap();
    // More files than the load reads at once (1,024): pages parsed before and after it knows.
    for i in 0..1100 {
        let body = match i % 3 {
            0 => {
                "<!-- cited: not-a-claim: an example -->\nAbout 20% of them said so.\n\nHalf of adults (50%) sleep badly [@k, p. 4].\n"
            }
            1 => {
                "Most people who tried the new approach reported, after a considerable number of weeks, substantially improved and more restorative sleep [@k].\n"
            }
            _ => "About 70% of adults sleep badly [@k, p. 4].\n",
        };
        std::fs::write(
            dir.path().join(format!("content/q{i:04}.md")),
            format!("---\ntitle: More {}\n---\n{body}", in_letters(i)),
        )
        .unwrap();
    }
    let build = |(hold_pages_up_to, hold_texts): (usize, bool), keep_evidence: bool| {
        let mut options = options();
        options.hold_pages_up_to = hold_pages_up_to;
        options.hold_texts = hold_texts;
        options.keep_evidence = keep_evidence;
        let sink = MemorySink::default();
        let outcome = cited_driver::build(dir.path(), &options, &sink);
        (outcome.diagnostics, outcome.evidence, sink.into_output())
    };
    let (held, held_evidence, held_files) = build(HELD, true);
    let (released, released_evidence, released_files) = build(TEXTS_RELEASED, true);
    let (deferred, deferred_evidence, deferred_files) = build(DEFERRED, true);
    let codes = |d: &[cited_site::Diagnostic], code: &str| {
        d.iter().filter(|d| d.code.as_str() == code).count()
    };
    assert!(codes(&held, "E0301") >= 1, "an uncited claim: {held:#?}");
    assert!(codes(&held, "E0302") >= 100, "unbacked figures");
    assert!(
        codes(&held, "E0606") >= 90,
        "pages over the readability limit"
    );
    assert_eq!(held, released);
    assert_eq!(held, deferred);
    let held_evidence = held_evidence.unwrap();
    assert!(held_evidence.silenced.len() >= 100);
    for other in [released_evidence, deferred_evidence] {
        assert_eq!(
            serde_json::to_string(&held_evidence).unwrap(),
            serde_json::to_string(&other.unwrap()).unwrap()
        );
    }
    assert!(held_files == released_files);
    assert!(held_files == deferred_files);

    // Without the errors, the pages and the streamed report are the same too.
    std::fs::remove_file(dir.path().join("content/broken.md")).unwrap();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: T\nbase_url: https://example.org/\nrules:\n  - rule: E0302\n    severity: off\n",
    )
    .unwrap();
    let (held, _, held_files) = build(HELD, false);
    let (released, _, released_files) = build(TEXTS_RELEASED, false);
    let (deferred, _, deferred_files) = build(DEFERRED, false);
    assert!(
        held.iter()
            .all(|d| d.severity != cited_site::Severity::Error),
        "{held:#?}"
    );
    assert_eq!(held, released);
    assert_eq!(held, deferred);
    assert!(held_files.len() > 300);
    assert!(held_files == released_files, "a file differs");
    assert!(held_files == deferred_files, "a file differs");
}
