//! Who owns the output folder: cited replaces and removes only the files it wrote there.
//!
//! A build first [claims](OutputFolder::claim) its output folder, before anything is loaded: the
//! folder must not be or hold the site's sources, must not be a file, and must be missing, empty,
//! or one cited wrote before (its [`MANIFEST`] lists the files of the last build); anything else
//! needs `force`. The claim locks the folder's parent for the whole build (concurrent builds into
//! one folder, or into folders side by side, wait for each other; the lock ends with the process,
//! even a killed one) and removes the staging folders killed builds left beside the output.
//!
//! [`OutputFolder::commit`] then moves the staged files in one by one (each replace is atomic; a
//! file equal to the last build's copy was never staged and stays), removes the files of the last
//! build that this one did not write, and rewrites the manifest. Into a folder that does not exist
//! yet, the staging folder itself moves, in one rename.
//! Files cited did not write (`CNAME`, `.nojekyll`, the `.git` of a `gh-pages` worktree) are never
//! touched; one standing where the build wants to write stops the commit before anything moved.
//! The manifest is rewritten before the first file moves to list both builds' files, so a build
//! killed part-way still leaves every file it wrote owned, and the next build completes the job.

use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::write::Staging;

mod error;
mod manifest;

pub use error::OutputError;
pub use manifest::MANIFEST;
use manifest::{read_manifest, write_manifest, write_manifest_into};

/// The site's input folders ([`cited_site::layout::INPUT_FOLDERS`]) and its `.git`: an output
/// folder may not be, or lie inside, any of them.
fn source_folders() -> impl Iterator<Item = &'static str> {
    cited_site::layout::INPUT_FOLDERS
        .iter()
        .copied()
        .chain([".git"])
}

/// An output folder claimed for one build: checked, locked, with the files the last build wrote.
#[derive(Debug)]
pub struct OutputFolder {
    /// Absolute.
    out: PathBuf,
    /// Held until the build ends (or the process does).
    _lock: File,
    /// The files of the last build (from the manifest), or none.
    owned: Arc<BTreeSet<String>>,
    /// Files the build did not write may be overwritten.
    force: bool,
}

/// `path` made absolute against the current folder, with `.` and `..` resolved by name.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// `path` (absolute) with its longest existing ancestor resolved through symbolic links.
fn real(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            out.extend(rest.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// The names of the folders leading to `rel` (`a`, `a/b` for `a/b/c.html`).
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

impl OutputFolder {
    /// Checks `out` for a build of the site at `site_root`, waits for any other build into it or
    /// beside it (calling `on_wait` first with the folder whose lock it waits for: `out`'s
    /// parent), and removes staging folders that killed builds left beside it.
    /// Changes nothing else; refuses before anything is touched.
    pub fn claim(
        out: &Path,
        site_root: &Path,
        force: bool,
        on_wait: &mut dyn FnMut(&Path),
    ) -> Result<OutputFolder, OutputError> {
        let io = |what: &str| {
            let what = what.to_owned();
            move |e| OutputError::Io(what, e)
        };
        let out = absolute(out).map_err(io("cannot find the current folder"))?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(OutputError::FileSystemRoot);
        };
        let name = name.to_string_lossy().into_owned();
        let real_out = real(&out);
        let real_root = real(&absolute(site_root).map_err(io("cannot find the current folder"))?);
        if real_out.parent().is_none() {
            return Err(OutputError::FileSystemRoot);
        }
        if real_root.starts_with(&real_out) {
            return Err(OutputError::HoldsTheSite);
        }
        if let Some(dir) = source_folders().find(|dir| real_out.starts_with(real_root.join(dir))) {
            return Err(OutputError::InsideSources(dir));
        }
        if out.exists() && !out.is_dir() {
            return Err(OutputError::NotAFolder);
        }
        std::fs::create_dir_all(parent)
            .map_err(io(&format!("cannot make a folder in {}", parent.display())))?;
        let lock = File::open(parent).map_err(io(&format!("cannot open {}", parent.display())))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                on_wait(parent);
                lock.lock()
                    .map_err(io(&format!("cannot lock {}", parent.display())))?;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(OutputError::Io(
                    format!("cannot lock {}", parent.display()),
                    e,
                ));
            }
        }
        // Only builds holding this lock make staging folders here: any found now are left over.
        remove_stale_staging(parent, &name);
        // Checked again under the lock: another build may have made it meanwhile.
        if out.exists() && !out.is_dir() {
            return Err(OutputError::NotAFolder);
        }
        let owned = if out.is_dir() {
            match read_manifest(&out) {
                Some(files) => files,
                None => {
                    let mut names: Vec<String> = std::fs::read_dir(&out)
                        .map_err(io(&format!("cannot read {}", out.display())))?
                        .filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect();
                    if !names.is_empty() && !force {
                        names.sort();
                        let n = names.len();
                        names.truncate(5);
                        return Err(OutputError::NotOurs(n, names));
                    }
                    BTreeSet::new()
                }
            }
        } else {
            BTreeSet::new()
        };
        Ok(OutputFolder {
            out,
            _lock: lock,
            owned: Arc::new(owned),
            force,
        })
    }

    /// The absolute path of the output folder.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// A staging folder beside the output, for the build's files. A file equal to the one the
    /// last build wrote at its path is not written again ([`Staging::unchanged`]).
    pub fn staging(&self) -> Staging {
        let staging = Staging::new(&self.out);
        if self.owned.is_empty() {
            staging
        } else {
            staging.keeping_unchanged(Arc::clone(&self.owned))
        }
    }

    /// Moves everything in `staging` into the output folder, removes the files of the last build
    /// this one did not write, and records the new list. Files cited did not write stay.
    ///
    /// Into a folder that does not exist yet, the staging folder itself is moved: one rename.
    /// Otherwise each changed file replaces its old copy by a rename (a reader sees the old page
    /// or the new one, never half of one), unchanged files stay as they are, and the last build's
    /// files that this one did not write are removed last (first only where one stands in the
    /// way of a new file).
    pub fn commit(self, staging: Staging) -> Result<(), OutputError> {
        let io = |what: String| move |e| OutputError::Io(what, e);
        let new: BTreeSet<String> = staging.names().into_iter().collect();
        if new.is_empty() {
            return Err(OutputError::Io(
                "nothing to write".to_owned(),
                io::Error::other("the build stored no file"),
            ));
        }
        if new.contains(MANIFEST) {
            return Err(OutputError::Conflicts(vec![MANIFEST.to_owned()]));
        }
        self.check_conflicts(&new)?;
        let out = &self.out;
        let unchanged: BTreeSet<String> = staging.unchanged().into_iter().collect();
        let from = staging
            .path()
            .map(Path::to_path_buf)
            .map_err(io("cannot make the staging folder".to_owned()))?;
        if !out.exists() {
            write_manifest_into(&from, &new)?;
            let kept = staging
                .keep()
                .map_err(io("cannot keep the staging folder".to_owned()))?;
            return std::fs::rename(&kept, out).map_err(|e| {
                let _ = std::fs::remove_dir_all(&kept);
                OutputError::Io(format!("cannot move the build to {}", out.display()), e)
            });
        }
        // First, own every file of both builds: a build killed from here on leaves nothing the
        // next build would take for someone else's.
        let both: BTreeSet<String> = self.owned.union(&new).cloned().collect();
        write_manifest(&from, out, &both)?;
        let (in_the_way, stale): (Vec<&String>, Vec<&String>) = self
            .owned
            .difference(&new)
            .partition(|old| stands_in_the_way(old, &new));
        for rel in in_the_way {
            self.remove_owned(rel);
        }
        let mut folders_made = BTreeSet::new();
        for rel in new.difference(&unchanged) {
            let target = out.join(rel);
            if let Some(dir) = rel.rfind('/').map(|i| &rel[..i])
                && folders_made.insert(dir)
            {
                std::fs::create_dir_all(out.join(dir))
                    .map_err(io(format!("cannot make {}", out.join(dir).display())))?;
            }
            std::fs::rename(from.join(rel), &target)
                .map_err(io(format!("cannot move {rel} into {}", out.display())))?;
        }
        for rel in stale {
            self.remove_owned(rel);
        }
        write_manifest(&from, out, &new)?;
        drop(staging);
        Ok(())
    }

    /// Refuses to write where something cited did not write stands (unless `force`: files only),
    /// or where a folder on the way is a symbolic link (it could lead anywhere).
    fn check_conflicts(&self, new: &BTreeSet<String>) -> Result<(), OutputError> {
        if !self.out.is_dir() {
            return Ok(());
        }
        let mut conflicts = Vec::new();
        let mut not_files = Vec::new();
        let mut folders_seen = BTreeSet::new();
        for rel in new {
            let mut blocked = false;
            for dir in ancestors(rel) {
                if !folders_seen.insert(dir) {
                    continue;
                }
                match std::fs::symlink_metadata(self.out.join(dir)) {
                    Err(_) => break,
                    Ok(m) if m.is_dir() => {}
                    Ok(m) if m.is_file() && self.owned.contains(dir) && !new.contains(dir) => break,
                    Ok(m) => {
                        if m.is_file() {
                            conflicts.push(dir.to_owned());
                        } else {
                            not_files.push(dir.to_owned());
                        }
                        blocked = true;
                        break;
                    }
                }
            }
            if blocked {
                continue;
            }
            if let Ok(m) = std::fs::symlink_metadata(self.out.join(rel)) {
                let ours = self.owned.contains(rel.as_str());
                if !m.is_file() {
                    not_files.push(rel.clone());
                } else if !(ours || self.force) {
                    conflicts.push(rel.clone());
                }
            }
        }
        // What --force cannot help first: a hint to pass it would be followed in vain.
        for (found, error) in [
            (
                not_files,
                OutputError::NotFiles as fn(Vec<String>) -> OutputError,
            ),
            (conflicts, OutputError::Conflicts),
        ] {
            let mut found = found;
            if !found.is_empty() {
                found.sort();
                found.dedup();
                found.truncate(10);
                return Err(error(found));
            }
        }
        Ok(())
    }

    /// Removes a file the last build wrote, and the folders that leaves empty. Only a plain file
    /// reached through plain folders is removed: a symbolic link on the way could lead anywhere.
    fn remove_owned(&self, rel: &str) {
        for dir in ancestors(rel) {
            match std::fs::symlink_metadata(self.out.join(dir)) {
                Ok(m) if m.is_dir() => {}
                _ => return,
            }
        }
        let path = self.out.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            _ => return,
        }
        if std::fs::remove_file(&path).is_err() {
            return;
        }
        let mut dirs: Vec<&str> = ancestors(rel).collect();
        while let Some(dir) = dirs.pop() {
            // Fails, and stops, at the first folder that still holds something.
            if std::fs::remove_dir(self.out.join(dir)).is_err() {
                break;
            }
        }
    }
}

/// Whether the old file `old` must go before the new files move in: it is a folder on the way
/// to one of them, or lies inside a folder's place that a new file takes.
fn stands_in_the_way(old: &str, new: &BTreeSet<String>) -> bool {
    ancestors(old).any(|dir| new.contains(dir)) || {
        let folder = format!("{old}/");
        new.range(folder.clone()..)
            .next()
            .is_some_and(|n| n.starts_with(&folder))
    }
}

/// Removes `.NAME.new-*` and `.NAME.old-*` folders in `parent`: staging folders of builds that
/// were killed before they could remove their own.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sink;

    fn build(
        out: &Path,
        root: &Path,
        force: bool,
        files: &[(&str, &str)],
    ) -> Result<(), OutputError> {
        let folder = OutputFolder::claim(out, root, force, &mut |_| {})?;
        let staging = folder.staging();
        for (rel, text) in files {
            staging.put(rel, text.as_bytes().to_vec()).unwrap();
        }
        folder.commit(staging)
    }

    /// The inode of a file: the same number means the file was not replaced.
    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_rebuild_replaces_only_the_files_that_changed_and_removes_stale_ones_last() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("site/public"));
        std::fs::create_dir_all(&root).unwrap();
        let first = [
            ("same/index.html", "same"),
            ("changed/index.html", "old"),
            ("gone/index.html", "gone"),
            ("page", "a file where a folder comes next"),
        ];
        build(&out, &root, false, &first).unwrap();
        let same = inode(&out.join("same/index.html"));
        let changed = inode(&out.join("changed/index.html"));

        let folder = OutputFolder::claim(&out, &root, false, &mut |_| {}).unwrap();
        let staging = folder.staging();
        for (rel, text) in [
            ("same/index.html", "same"),
            ("changed/index.html", "new"),
            ("page/index.html", "a folder where a file was"),
        ] {
            staging.put(rel, text.as_bytes().to_vec()).unwrap();
        }
        assert_eq!(staging.unchanged(), ["same/index.html"]);
        assert_eq!(staging.written().0, 3, "an unchanged file still counts");
        folder.commit(staging).unwrap();

        assert_eq!(inode(&out.join("same/index.html")), same, "not rewritten");
        assert_ne!(inode(&out.join("changed/index.html")), changed);
        assert_eq!(
            std::fs::read_to_string(out.join("changed/index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("page/index.html")).unwrap(),
            "a folder where a file was"
        );
        assert!(
            !out.join("gone").exists(),
            "stale files and their folders go"
        );
        assert_eq!(
            read_manifest(&out).unwrap().into_iter().collect::<Vec<_>>(),
            ["changed/index.html", "page/index.html", "same/index.html"]
        );
        let beside: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["public"], "no staging folder is left behind");
    }

    #[test]
    fn a_file_edited_by_hand_since_the_last_build_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("site/public"));
        std::fs::create_dir_all(&root).unwrap();
        build(
            &out,
            &root,
            false,
            &[("a.html", "built"), ("b.html", "built")],
        )
        .unwrap();
        std::fs::write(out.join("a.html"), "BUILT").unwrap();
        std::fs::remove_file(out.join("b.html")).unwrap();
        build(
            &out,
            &root,
            false,
            &[("a.html", "built"), ("b.html", "built")],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a.html")).unwrap(),
            "built"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("b.html")).unwrap(),
            "built"
        );
    }

    #[test]
    fn an_unchanged_rebuild_needs_no_staged_file() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("site/public"));
        std::fs::create_dir_all(&root).unwrap();
        build(&out, &root, false, &[("a.html", "a")]).unwrap();
        build(&out, &root, false, &[("a.html", "a")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert!(read_manifest(&out).is_some());
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 1);
    }

    #[test]
    fn keeps_foreign_files_and_removes_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let out = dir.path().join("public");
        build(
            &out,
            &root,
            false,
            &[("a/index.html", "a"), ("b/index.html", "b")],
        )
        .unwrap();
        std::fs::write(out.join("CNAME"), "example.org").unwrap();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(out.join("a/notes.txt"), "mine").unwrap();
        build(
            &out,
            &root,
            false,
            &[("b/index.html", "b2"), ("c.txt", "c")],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "example.org"
        );
        assert!(out.join(".git/HEAD").is_file());
        assert_eq!(
            std::fs::read_to_string(out.join("a/notes.txt")).unwrap(),
            "mine"
        );
        assert!(!out.join("a/index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "b2"
        );
        let manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
        assert!(manifest.contains("c.txt") && !manifest.contains("a/index.html"));
        // Removing the last build's only file in a folder removes the folder too.
        build(&out, &root, false, &[("c.txt", "c")]).unwrap();
        assert!(!out.join("b").exists());
    }

    #[test]
    fn refuses_a_foreign_file_where_it_writes_before_moving_anything() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        build(&out, &root, false, &[("a.html", "a")]).unwrap();
        std::fs::write(out.join("b.html"), "someone's").unwrap();
        let err = build(&out, &root, false, &[("a.html", "a2"), ("b.html", "b")]).unwrap_err();
        assert!(
            matches!(err, OutputError::Conflicts(ref p) if p == &["b.html"]),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "a");
        assert_eq!(
            std::fs::read_to_string(out.join("b.html")).unwrap(),
            "someone's"
        );
        build(&out, &root, true, &[("a.html", "a2"), ("b.html", "b")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "b");
    }

    /// A link where a file or folder of the build goes is refused with or without --force, and
    /// the message does not offer --force.
    #[cfg(unix)]
    #[test]
    fn a_link_where_the_build_writes_is_refused_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        let victim = dir.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        build(
            &out,
            &root,
            false,
            &[("a.html", "a"), ("b/index.html", "b")],
        )
        .unwrap();
        std::fs::remove_file(out.join("a.html")).unwrap();
        std::os::unix::fs::symlink(victim.join("a.html"), out.join("a.html")).unwrap();
        std::fs::remove_dir_all(out.join("b")).unwrap();
        std::os::unix::fs::symlink(&victim, out.join("b")).unwrap();
        for force in [false, true] {
            let files = [("a.html", "a2"), ("b/index.html", "b2")];
            let err = build(&out, &root, force, &files).unwrap_err();
            assert!(
                matches!(err, OutputError::NotFiles(ref p) if p == &["a.html", "b"]),
                "{err}"
            );
            assert!(!err.to_string().contains("pass --force"), "{err}");
        }
        assert!(std::fs::read_dir(&victim).unwrap().next().is_none());
    }

    #[test]
    fn a_hostile_manifest_cannot_delete_outside_or_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        let victim = dir.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(victim.join("x"), "keep").unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(
            out.join(MANIFEST),
            r#"{"written_by":"cited","files":["../victim/x"]}"#,
        )
        .unwrap();
        // An entry that is not a plain path: the manifest is not trusted at all.
        assert!(matches!(
            build(&out, &root, false, &[("a", "a")]),
            Err(OutputError::NotOurs(..))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&victim, out.join("link")).unwrap();
            std::fs::write(
                out.join(MANIFEST),
                r#"{"written_by":"cited","files":["link/x"]}"#,
            )
            .unwrap();
            build(&out, &root, false, &[("a", "a")]).unwrap();
        }
        assert_eq!(std::fs::read_to_string(victim.join("x")).unwrap(), "keep");
    }

    #[test]
    fn refuses_sources_roots_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(dir.path().join("file"), "x").unwrap();
        let claim = |out: &Path| OutputFolder::claim(out, &root, true, &mut |_| {}).map(|_| ());
        assert!(matches!(
            claim(Path::new("/")),
            Err(OutputError::FileSystemRoot)
        ));
        assert!(matches!(claim(&root), Err(OutputError::HoldsTheSite)));
        assert!(matches!(claim(dir.path()), Err(OutputError::HoldsTheSite)));
        assert!(matches!(
            claim(&root.join("content/x/..")),
            Err(OutputError::InsideSources("content"))
        ));
        assert!(matches!(
            claim(&root.join("themes/t")),
            Err(OutputError::InsideSources("themes"))
        ));
        assert!(matches!(
            claim(&dir.path().join("file")),
            Err(OutputError::NotAFolder)
        ));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("file")).unwrap(),
            "x"
        );
        assert!(claim(&root.join("public")).is_ok());
    }

    #[test]
    fn removes_staging_folders_of_killed_builds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let out = dir.path().join("public");
        std::fs::create_dir_all(dir.path().join(".public.new-AbC123/a")).unwrap();
        std::fs::create_dir_all(dir.path().join(".public.old-XyZ789")).unwrap();
        std::fs::write(dir.path().join(".public.new-file"), "not a folder").unwrap();
        build(&out, &root, false, &[("a", "a")]).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".public.new-file", "public"]);
    }
}
