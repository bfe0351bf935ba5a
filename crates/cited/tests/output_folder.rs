//! The output folder belongs to its owner: a build never deletes the site's sources or a file it
//! did not write, refuses folders it must not use before touching anything, cleans up after killed
//! builds, and concurrent builds into one folder (or folders side by side) wait for each other.
//! Every run is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{TODAY, copy_dir, repo_root};

/// A copy of the minimal fixture at `<tmp>/site`.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo_root().join("tests/fixtures/minimal"), &root);
    (tmp, root)
}

fn build_in(cwd: &Path, root: &Path, out: &str, extra: &[&str]) -> Output {
    build_command(cwd, root, out, extra).output().unwrap()
}

/// `cited build` of `root` into `out`, run in `cwd`.
fn build_command(cwd: &Path, root: &Path, out: &str, extra: &[&str]) -> Command {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out,
        "--today",
        TODAY,
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let mut command = Command::new(env!("CARGO_BIN_EXE_cited"));
    command.args(&args).current_dir(cwd).env("NO_COLOR", "1");
    command
}

/// A build of `root` into `public` in `cwd`, started, its errors piped.
fn spawn_build(cwd: &Path, root: &Path) -> std::process::Child {
    build_command(cwd, root, "public", &[])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Every file under `dir` with its bytes, sorted (folders too, as `None`).
fn tree(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Option<Vec<u8>>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
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
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_output_folder_holding_or_inside_the_sources_is_refused_and_nothing_changes() {
    let (tmp, root) = site();
    std::fs::create_dir_all(root.join("themes/x")).unwrap();
    std::fs::write(tmp.path().join("unrelated.txt"), "keep").unwrap();
    let before = tree(tmp.path());
    let root_s = root.to_str().unwrap().to_owned();
    for (cwd, out) in [
        (root.clone(), "content".to_owned()),
        (root.clone(), "references".to_owned()),
        (root.clone(), "themes/x".to_owned()),
        (root.clone(), "content/sub".to_owned()),
        (root.clone(), ".".to_owned()),
        (root.join("content"), "..".to_owned()),
        (
            tmp.path().to_path_buf(),
            tmp.path().to_str().unwrap().to_owned(),
        ),
        (tmp.path().to_path_buf(), root_s.clone()),
        (tmp.path().to_path_buf(), "/".to_owned()),
        (
            tmp.path().to_path_buf(),
            format!("{root_s}/content/../content"),
        ),
    ] {
        let run = build_in(&cwd, &root, &out, &[]);
        assert_eq!(run.status.code(), Some(2), "--out {out}: {}", stderr(&run));
        let err = stderr(&run);
        assert!(
            err.contains("sources") || err.contains("root of the file system"),
            "--out {out}: {err}"
        );
        assert_eq!(tree(tmp.path()), before, "--out {out} changed files");
    }
}

#[test]
fn an_output_path_that_is_a_file_is_refused_before_anything_is_touched() {
    let (tmp, root) = site();
    std::fs::write(tmp.path().join("notes.txt"), "precious").unwrap();
    let before = tree(tmp.path());
    let run = build_in(tmp.path(), &root, "notes.txt", &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("is a file"), "{}", stderr(&run));
    assert_eq!(tree(tmp.path()), before);
}

#[test]
fn files_the_build_did_not_write_survive_every_build() {
    let (tmp, root) = site();
    std::fs::copy(
        root.join("content/hello.md"),
        root.join("content/second.md"),
    )
    .unwrap();
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let public = tmp.path().join("public");
    assert!(public.join("second/index.html").is_file());
    std::fs::write(public.join("CNAME"), "health.example.org").unwrap();
    std::fs::write(public.join(".nojekyll"), "").unwrap();
    std::fs::create_dir_all(public.join(".git/refs")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(public.join("assets/extra.css"), "a{}").unwrap();
    let first = tree(&public);
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        tree(&public),
        first,
        "a rebuild is byte-identical, foreign files included"
    );
    // A page removed from the site: its output goes, the foreign files stay.
    std::fs::remove_file(root.join("content/second.md")).unwrap();
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!public.join("second").exists());
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).unwrap(),
        "health.example.org"
    );
    assert!(public.join(".nojekyll").is_file());
    assert!(public.join(".git/HEAD").is_file());
    assert!(public.join("assets/extra.css").is_file());
    // A failed build changes nothing.
    let page = root.join("content/broken.md");
    std::fs::write(&page, "---\ntitle: [unclosed\n---\n").unwrap();
    let settled = tree(&public);
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(tree(&public), settled);
}

#[test]
fn a_non_empty_folder_cited_did_not_write_needs_force_and_keeps_its_files() {
    let (tmp, root) = site();
    let public = tmp.path().join("public");
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "x").unwrap();
    std::fs::write(public.join("CNAME"), "example.org").unwrap();
    let before = tree(tmp.path());
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("--force"), "{}", stderr(&run));
    assert_eq!(tree(tmp.path()), before);
    let run = build_in(tmp.path(), &root, "public", &["--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(public.join("index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).unwrap(),
        "example.org"
    );
    assert_eq!(
        std::fs::read_to_string(public.join(".git/HEAD")).unwrap(),
        "x"
    );
    // From now on the folder is cited's: no --force needed.
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn staging_folders_of_killed_builds_are_removed_by_the_next_build() {
    let (tmp, root) = site();
    // What a build killed with SIGKILL half-way leaves: its staging folder beside the output.
    let stale = tmp.path().join(".public.new-k1LLed");
    std::fs::create_dir_all(stale.join("a")).unwrap();
    std::fs::write(stale.join("a/index.html"), vec![b'x'; 4096]).unwrap();
    let run = build_in(tmp.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn concurrent_builds_into_one_folder_all_succeed_and_leave_nothing_behind() {
    let (tmp, root) = site();
    let children: Vec<_> = (0..32).map(|_| spawn_build(tmp.path(), &root)).collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["public", "site"]);
    let once = tempfile::tempdir().unwrap();
    let run = build_in(once.path(), &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        tree(&tmp.path().join("public")),
        tree(&once.path().join("public"))
    );
}

/// A build waits for one holding the lock of its output's parent folder (a build into that folder
/// or one beside it), says so in words that name that folder, and then builds.
#[test]
fn a_build_waits_for_the_build_beside_it_and_says_where() {
    use std::io::BufRead;
    let (tmp, root) = site();
    // What a build into `tmp/other` holds while it runs.
    let held = std::fs::File::open(tmp.path()).unwrap();
    held.lock().unwrap();
    let mut child = spawn_build(tmp.path(), &root);
    let stderr = child.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(stderr).lines();
        if let Some(Ok(first)) = lines.next() {
            said.send(first).unwrap();
        }
        lines.map_while(Result::ok).collect::<Vec<_>>()
    });
    let first = heard.recv_timeout(std::time::Duration::from_secs(60));
    drop(held);
    let status = child.wait().unwrap();
    let rest = reader.join().unwrap();
    let expected = format!(
        "waiting for another build in {} to finish: builds into one folder, or into folders side by side, take turns",
        tmp.path().display()
    );
    assert_eq!(first.as_deref(), Ok(expected.as_str()), "then: {rest:?}");
    assert_eq!(status.code(), Some(0), "{rest:?}");
    assert!(tmp.path().join("public/index.html").is_file());
}

/// One way to make a build fail: a file written to break the site (undone after), and the flags.
struct Failure<'a> {
    what: &'static str,
    write: Option<(&'a Path, String)>,
    flags: &'static [&'static str],
}

/// A failed build, whatever stops it, leaves the last build's output byte for byte as it was and
/// nothing beside it: the check streams `evidence.json` into the staging folder before its
/// verdict, and a failed build removes that folder whole.
#[test]
fn a_failed_build_leaves_the_last_output_as_it_was_and_nothing_beside_it() {
    let (tmp, root) = site();
    copy_dir(
        &repo_root().join("tests/fixtures/template-error-minijinja/themes"),
        &root.join("themes"),
    );
    let outside = tmp.path().join("out");
    std::fs::create_dir(&outside).unwrap();
    let run = build_in(&outside, &root, "public", &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(outside.join("public/evidence.json").is_file());
    let built = tree(&outside);

    let page = root.join("content/hello.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let unused = root.join("references/unused.yaml");
    // Each way a build fails after the check began.
    let failures = [
        Failure {
            what: "an uncited claim",
            write: Some((&page, format!("{text}\nStudies agree.\n"))),
            flags: &[],
        },
        Failure {
            what: "a warning, denied",
            write: Some((
                &unused,
                "references:\n  - id: unused2021\n    type: book\n    title: Unused\n    author: [{family: Roe, given: Rick}]\n    issued: {date-parts: [[2021]]}\n".to_owned(),
            )),
            flags: &["--deny-warnings"],
        },
        Failure {
            what: "a theme that does not exist",
            write: None,
            flags: &["--theme", "nosuch"],
        },
        Failure {
            what: "a template that fails",
            write: None,
            flags: &["--theme", "broken"],
        },
    ];
    for Failure { what, write, flags } in failures {
        if let Some((file, contents)) = write {
            std::fs::write(file, contents).unwrap();
        }
        let run = build_in(&outside, &root, "public", flags);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", stderr(&run));
        let err = stderr(&run);
        assert!(err.contains("nothing was written"), "{what}: {err}");
        if flags.contains(&"--deny-warnings") {
            assert!(
                err.contains("warning[E0204]") && !err.contains("error["),
                "{what}: {err}"
            );
        }
        let now = tree(&outside);
        let names = |t: &[(PathBuf, Option<Vec<u8>>)]| -> Vec<PathBuf> {
            t.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(names(&now), names(&built), "{what}: files came or went");
        assert!(now == built, "{what}: a file of the output changed");
        std::fs::write(&page, &text).unwrap();
        let _ = std::fs::remove_file(&unused);
    }
}
