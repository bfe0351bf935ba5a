//! `evidence.json` as a build writes it: streamed into the sink by the check's claim rules, a
//! batch of documents at a time, before the check's verdict. Its bytes are the report a build
//! that keeps it prints; a sink that cannot take it is a write error naming it, which counts only
//! once the content passed; and a failed build drops the staging folder holding it, leaving the
//! last output as it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};

use cited_render::{MemorySink, Sink};
use cited_site::layout::EVIDENCE;

mod common;
use common::{in_letters, options};

/// A site of `pages` pages whose claims are cited and backed, some sentences silenced, some
/// pages without a claim, and a checklist; `broken` adds an uncited claim (an error).
fn site(root: &Path, pages: usize, broken: bool) {
    common::site_frame(root, "");
    for i in 0..pages {
        let body = match i % 5 {
            0 => {
                "<!-- cited: not-a-claim: an example -->\nAbout 20% of them said so.\n\nHalf of adults (50%) sleep badly [@k, p. 4].\n"
            }
            3 => "Nothing here is a claim.\n",
            _ => "Half of adults (50%) sleep badly [@k, p. 4].\n\nMost found it helped [@k].\n",
        };
        std::fs::write(
            root.join(format!("content/p{i:03}.md")),
            format!("---\ntitle: Page {}\n---\n{body}", in_letters(i)),
        )
        .unwrap();
    }
    if broken {
        common::write_broken_page(root);
    }
    std::fs::write(
        root.join("content/c.yaml"),
        "id: c\ntitle: Signs\nitems:\n  - id: a\n    label: \"I had 3 sessions <!-- cited: not-a-claim: a count the reader ticks -->\"\n    detail: \"Research says so [@k].\"\nguidance:\n  - when: \"0-1\"\n    text: Talk to someone.\n",
    )
    .unwrap();
}

/// A build's `evidence.json`, streamed by the check over more documents than one batch (256),
/// is byte for byte the report a build that keeps it prints, silenced sentences included; every
/// other file is the same too.
#[test]
fn the_streamed_report_is_the_kept_report() {
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), 300, false);
    let streamed_sink = MemorySink::default();
    let streamed = cited_driver::build(dir.path(), &options(), &streamed_sink);
    assert!(streamed.rendered, "{:#?}", streamed.diagnostics);
    assert!(streamed.evidence.is_none());
    let mut keeping = options();
    keeping.keep_evidence = true;
    let kept_sink = MemorySink::default();
    let kept = cited_driver::build(dir.path(), &keeping, &kept_sink);
    assert!(kept.rendered, "{:#?}", kept.diagnostics);
    assert_eq!(streamed.diagnostics, kept.diagnostics);
    let report = kept.evidence.unwrap();
    assert!(report.claims.len() > 256, "{}", report.claims.len());
    assert!(report.silenced.len() >= 60, "{}", report.silenced.len());
    let printed = serde_json::to_vec_pretty(&report).unwrap();
    let streamed_files = streamed_sink.into_output();
    let kept_files = kept_sink.into_output();
    assert_eq!(
        String::from_utf8_lossy(&streamed_files[EVIDENCE]),
        String::from_utf8_lossy(&printed)
    );
    assert!(streamed_files == kept_files, "another file differs");
}

/// A sink that fails to take `evidence.json` after `room` bytes of it, and hands everything
/// else to `inner`.
struct NoRoomForTheReport<'s, S> {
    inner: &'s S,
    room: usize,
}

/// A writer that takes `room` bytes and then fails.
struct Full<'w> {
    inner: &'w mut dyn Write,
    room: usize,
}

impl Write for Full<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.room {
            return Err(std::io::Error::other("no space left"));
        }
        self.room -= buf.len();
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<S: Sink> Sink for NoRoomForTheReport<'_, S> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.inner.put(path, bytes)
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut cited_render::Writer<'_>,
    ) -> std::io::Result<()> {
        if path != EVIDENCE {
            return self.inner.put_streamed(path, write);
        }
        self.inner.put_streamed(path, &mut |out| {
            write(&mut Full {
                inner: out,
                room: self.room,
            })
        })
    }
}

/// A report the sink cannot take is a write error naming `evidence.json`, with the whole check's
/// diagnostics; when the content fails too, the content's errors are the verdict, as `check`
/// gives it.
#[test]
fn a_report_the_sink_cannot_take_is_a_write_error_once_the_content_passed() {
    for broken in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        site(dir.path(), 40, broken);
        let checked = cited_driver::check(dir.path(), &options());
        assert_eq!(
            cited_driver::fails(&checked.diagnostics, false),
            broken,
            "{:#?}",
            checked.diagnostics
        );
        for room in [0, 1000] {
            let memory = MemorySink::default();
            let sink = NoRoomForTheReport {
                inner: &memory,
                room,
            };
            let built = cited_driver::build(dir.path(), &options(), &sink);
            assert!(!built.rendered);
            assert_eq!(built.diagnostics, checked.diagnostics, "room {room}");
            match (&built.write_error, broken) {
                (Some((path, error)), false) => {
                    assert_eq!(path, EVIDENCE);
                    assert_eq!(error.to_string(), "no space left");
                }
                (None, true) => {}
                (other, _) => panic!("room {room}, broken {broken}: {other:?}"),
            }
        }
    }
}

/// Every file under `dir` with its bytes, sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Option<Vec<u8>>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            if path.is_dir() {
                out.push((rel, None));
                walk(base, &path, out);
            } else {
                out.push((rel, Some(std::fs::read(&path).unwrap())));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A build whose report could not be written part-way leaves its staging folder, partial
/// `evidence.json` and all, to be removed on drop: the last output stays as it was, and nothing
/// is left beside it.
#[test]
fn a_failed_write_of_the_report_leaves_the_last_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, 20, false);
    let outside = dir.path().join("out");
    let folder =
        cited_render::OutputFolder::claim(&outside.join("public"), &root, false, &mut |_| {})
            .unwrap();
    let staging = folder.staging();
    assert!(cited_driver::build(&root, &options(), &staging).rendered);
    folder.commit(staging).unwrap();
    let built = tree(&outside);
    assert!(outside.join("public").join(EVIDENCE).is_file());

    // A page changes, so the staged files are not the last build's.
    std::fs::write(
        root.join("content/p001.md"),
        "---\ntitle: Changed\n---\nMost found it helped [@k].\n",
    )
    .unwrap();
    let folder =
        cited_render::OutputFolder::claim(&outside.join("public"), &root, false, &mut |_| {})
            .unwrap();
    let staging = folder.staging();
    let sink = NoRoomForTheReport {
        inner: &staging,
        room: 100,
    };
    let failed = cited_driver::build(&root, &options(), &sink);
    assert_eq!(failed.write_error.as_ref().unwrap().0, EVIDENCE);
    assert!(staging.written().0 > 0, "pages were staged");
    let beside = std::fs::read_dir(&outside).unwrap().count();
    assert_eq!(beside, 2, "the output and the staging folder");
    drop(staging);
    drop(folder);
    assert_eq!(tree(&outside), built);
}
