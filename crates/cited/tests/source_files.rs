//! ARCHITECTURE.md's invariant "no source file is over 800 lines", checked: every `.rs` file of
//! the workspace's crates, the xtask and the fuzz targets is read and its lines counted, and the
//! test names each file over the limit with its count. A file that long has more than one concern
//! in it; the fix is to split it along a seam, not to raise the limit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The most lines a source file may have.
const MAX_LINES: usize = 800;

/// The folders of the repository whose Rust sources are cited's own.
const ROOTS: [&str; 3] = ["crates", "xtask", "fuzz"];

/// Folders never walked: build output, and `vendor/`, which holds patched third-party crates
/// (they keep their upstream layout).
const SKIPPED: [&str; 2] = ["target", "vendor"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// Every `.rs` file under `dir`, sorted, `SKIPPED` folders left out.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Not `is_dir`, which follows symlinks: a link to a folder is not walked into.
        let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
        if kind.is_dir() {
            if !SKIPPED.contains(&name) {
                rust_files(&path, found);
            }
        } else if kind.is_file() && name.ends_with(".rs") {
            found.push(path);
        }
    }
}

/// Lines as `wc -l` counts them, plus a last line without its line feed.
fn line_count(bytes: &[u8]) -> usize {
    let feeds = bytes.iter().filter(|&&b| b == b'\n').count();
    feeds + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

#[test]
fn no_source_file_is_over_800_lines() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ROOTS {
        rust_files(&root.join(dir), &mut files);
    }
    // The walk found the sources: a wrong root would pass with nothing checked.
    assert!(
        files.len() > 100,
        "only {} .rs files found under {ROOTS:?}",
        files.len()
    );
    let mut too_long: Vec<(usize, String)> = files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let shown = path.strip_prefix(&root).unwrap().display().to_string();
            (line_count(&bytes), shown)
        })
        .filter(|(lines, _)| *lines > MAX_LINES)
        .collect();
    too_long.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    assert!(
        too_long.is_empty(),
        "{} source file(s) over {MAX_LINES} lines (ARCHITECTURE.md, Invariants); split each along \
         a seam:\n{}",
        too_long.len(),
        too_long
            .iter()
            .map(|(lines, path)| format!("  {path}: {lines} lines"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn lines_are_counted_as_wc_counts_them() {
    assert_eq!(line_count(b""), 0);
    assert_eq!(line_count(b"one\n"), 1);
    assert_eq!(line_count(b"one\ntwo"), 2);
    assert_eq!(line_count(b"one\n\n"), 2);
}
