//! Writing the output atomically: everything goes into a temporary folder beside the output, which
//! then replaces it. A failed build never gets here, and a failed write leaves the old site whole.

use std::collections::BTreeSet;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::Sink;

/// The most bytes one build may write: three times what 100,000 citation-dense pages write
/// (about 50 KB a page, 5 GB), so only a runaway build reaches it (a page alone stops at
/// `engine::MAX_PAGE_BYTES`). It stops there, with the output untouched.
pub const MAX_SITE_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// A folder beside the output that files are written into as they are rendered, and that
/// replaces the output in one step on [`Staging::commit`]. Dropped without a commit, it is
/// removed and the output is untouched.
///
/// The folder is made on the first file, so a build that fails before rendering leaves nothing
/// on disk, not even an empty folder.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    dir: OnceLock<Result<tempfile::TempDir, String>>,
    files: AtomicU64,
    bytes: AtomicU64,
    /// Every path stored, in the order stored.
    names: Mutex<Vec<String>>,
    /// The paths stored whose bytes equal the file already in the output: not written again.
    unchanged: Mutex<Vec<String>>,
    /// The files of the last build in the output folder, which a stored file may equal.
    previous: Option<Arc<BTreeSet<String>>>,
    /// The most bytes it takes ([`MAX_SITE_BYTES`]).
    limit: u64,
}

impl Staging {
    /// Staging for `out_dir` (made absolute against the current folder).
    pub fn new(out_dir: &Path) -> Staging {
        let out_dir = if out_dir.is_absolute() {
            out_dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(out_dir))
                .unwrap_or_else(|_| out_dir.to_path_buf())
        };
        Staging {
            out_dir,
            dir: OnceLock::new(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            names: Mutex::new(Vec::new()),
            unchanged: Mutex::new(Vec::new()),
            previous: None,
            limit: MAX_SITE_BYTES,
        }
    }

    /// The same, comparing each file with the one the last build wrote at its path (`previous`
    /// lists them): a file whose bytes did not change is not written again, and stays in place
    /// when the build is moved in. On a real disk most of a rebuild's writes are then saved.
    pub(crate) fn keeping_unchanged(mut self, previous: Arc<BTreeSet<String>>) -> Staging {
        self.previous = Some(previous);
        self
    }

    /// The same, taking at most `limit` bytes in all.
    pub fn with_limit(mut self, limit: u64) -> Staging {
        self.limit = limit;
        self
    }

    /// How many files, and how many bytes, were stored.
    pub fn written(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Every path stored so far, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names = self
            .names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        names.sort();
        names
    }

    /// Every path stored whose bytes equal the last build's file, sorted: it was not written.
    pub fn unchanged(&self) -> Vec<String> {
        let mut names = self
            .unchanged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        names.sort();
        names
    }

    /// The staging folder, made if no file needed it yet (every one unchanged).
    pub(crate) fn path(&self) -> io::Result<&Path> {
        self.dir()
    }

    /// Takes the staging folder out of this value's care: it is no longer removed on drop.
    pub(crate) fn keep(self) -> io::Result<PathBuf> {
        self.dir()?;
        match self.dir.into_inner() {
            Some(Ok(dir)) => Ok(dir.keep()),
            _ => Err(io::Error::other("the staging folder was not made")),
        }
    }

    /// Whether the last build wrote `rel` with exactly these bytes. Only a plain file of the same
    /// length is read, so a folder, a link to a device or a pipe is never opened.
    fn is_unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        if !previous.contains(rel) {
            return false;
        }
        let path = self.out_dir.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
            _ => return false,
        }
        let Ok(file) = std::fs::File::open(&path) else {
            return false;
        };
        let mut old = Vec::with_capacity(bytes.len());
        // One byte more than expected: a file that grew since the check is seen as changed.
        match file.take(bytes.len() as u64 + 1).read_to_end(&mut old) {
            Ok(_) => old == bytes,
            Err(_) => false,
        }
    }

    fn parent_and_name(&self) -> (PathBuf, String) {
        let parent = match self.out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_owned());
        (parent, name)
    }

    /// The staging folder, made on first use.
    fn dir(&self) -> io::Result<&Path> {
        let made = self.dir.get_or_init(|| {
            let (parent, name) = self.parent_and_name();
            std::fs::create_dir_all(&parent)
                .and_then(|()| {
                    tempfile::Builder::new()
                        .prefix(&format!(".{name}.new-"))
                        .tempdir_in(&parent)
                })
                .map_err(|e| format!("cannot make a folder in {}: {e}", parent.display()))
        });
        match made {
            Ok(dir) => Ok(dir.path()),
            Err(e) => Err(io::Error::other(e.clone())),
        }
    }

    /// Replaces the output folder with everything stored.
    pub fn commit(self) -> io::Result<()> {
        self.dir()?;
        let (parent, name) = self.parent_and_name();
        let Some(Ok(dir)) = self.dir.into_inner() else {
            return Err(io::Error::other("the staging folder was not made"));
        };
        let staging = dir.keep();
        let out_dir = self.out_dir;
        if out_dir.exists() {
            let old = tempfile::Builder::new()
                .prefix(&format!(".{name}.old-"))
                .tempdir_in(&parent)?
                .keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(&out_dir, &old)?;
            if let Err(err) = std::fs::rename(&staging, &out_dir) {
                // Put the old site back rather than leave nothing.
                let _ = std::fs::rename(&old, &out_dir);
                let _ = std::fs::remove_dir_all(&staging);
                return Err(err);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&staging, &out_dir)?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> io::Result<()> {
        let rel_path = Path::new(rel);
        // Output paths come from validated slugs and ids; refuse anything else outright.
        if rel.is_empty()
            || rel_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let total = self.bytes.load(Ordering::Relaxed) + bytes.len() as u64;
        if total > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the site's output would pass {} MiB, the limit for one build; look for a page or template that repeats too much",
                    self.limit / (1024 * 1024)
                ),
            ));
        }
        if self.is_unchanged(rel, &bytes) {
            self.unchanged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(rel.to_owned());
        } else {
            let path = self.dir()?.join(rel_path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, &bytes)?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(rel.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Output;

    /// Writes `files` to `out_dir` through a staging folder, as a build does.
    fn write(out_dir: &Path, files: &Output) -> io::Result<()> {
        let staging = Staging::new(out_dir);
        for (rel, bytes) in files {
            staging.put(rel, bytes.clone())?;
        }
        staging.commit()
    }

    #[test]
    fn replaces_the_old_output_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let mut files = Output::new();
        files.insert("a/index.html".into(), b"new".to_vec());
        write(&out, &files).unwrap();
        assert!(!out.join("stale.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        files.insert("../escape.html".into(), b"x".to_vec());
        assert!(write(&out, &files).is_err());
        assert!(!dir.path().join("escape.html").exists());
        assert!(
            out.join("a/index.html").exists(),
            "old output survives a failed write"
        );
    }

    #[test]
    fn staging_is_made_on_the_first_file_and_removed_without_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site/public");
        let entries = |p: &Path| std::fs::read_dir(p).map(|d| d.count()).unwrap_or(0);

        // Nothing stored: nothing made, not even the parent folder.
        drop(Staging::new(&out));
        assert!(!dir.path().join("site").exists());

        // Some files stored, then a failure: the staging folder goes, the output never appears.
        let staging = Staging::new(&out);
        staging.put("a/index.html", b"partial".to_vec()).unwrap();
        assert_eq!(entries(&dir.path().join("site")), 1);
        assert!(staging.put("../outside.html", b"x".to_vec()).is_err());
        assert!(staging.put("", b"x".to_vec()).is_err());
        drop(staging);
        assert_eq!(entries(&dir.path().join("site")), 0);
        assert!(!out.exists());

        // Committed: exactly the stored files, counted.
        let staging = Staging::new(&out);
        staging.put("a/index.html", b"done".to_vec()).unwrap();
        staging.put("b.txt", b"12".to_vec()).unwrap();
        assert_eq!(staging.written(), (2, 6));
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"done");
        assert_eq!(
            entries(&dir.path().join("site")),
            1,
            "only the output is left"
        );
    }

    #[test]
    fn a_build_writing_more_than_its_limit_stops() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).with_limit(10);
        staging.put("a.html", vec![b'a'; 8]).unwrap();
        let err = staging.put("b.html", vec![b'b'; 8]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(err.to_string().contains("limit for one build"));
        assert_eq!(staging.written(), (1, 8));
    }
}
