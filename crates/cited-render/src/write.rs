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

    /// The file the last build wrote at `rel`, if it is a plain file of `len` bytes (so a
    /// folder, a link to a device or a pipe is never opened).
    fn previous_file(&self, rel: &str, len: u64) -> Option<std::fs::File> {
        if !self.previous.as_ref()?.contains(rel) {
            return None;
        }
        let path = self.out_dir.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() == len => std::fs::File::open(&path).ok(),
            _ => None,
        }
    }

    /// Whether the last build wrote `rel` with exactly these bytes.
    fn is_unchanged(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(file) = self.previous_file(rel, bytes.len() as u64) else {
            return false;
        };
        let mut old = Vec::with_capacity(bytes.len());
        // One byte more than expected: a file that grew since the check is seen as changed.
        match file.take(bytes.len() as u64 + 1).read_to_end(&mut old) {
            Ok(_) => old == bytes,
            Err(_) => false,
        }
    }

    /// Whether the last build wrote `rel` with exactly the `len` bytes of the staged file
    /// `staged`, compared a block at a time.
    fn is_unchanged_file(&self, rel: &str, staged: &Path, len: u64) -> bool {
        let Some(old) = self.previous_file(rel, len) else {
            return false;
        };
        let Ok(new) = std::fs::File::open(staged) else {
            return false;
        };
        // One byte more than expected: a file that grew since the check is seen as changed.
        let (mut old, mut new) = (old.take(len + 1), new.take(len + 1));
        let (mut a, mut b) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
        loop {
            let (Ok(n), Ok(m)) = (read_full(&mut old, &mut a), read_full(&mut new, &mut b)) else {
                return false;
            };
            if n != m || a[..n] != b[..m] {
                return false;
            }
            if n < a.len() {
                return true;
            }
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
                .map_err(|e| {
                    let why = cited_site::io_in_words(&e);
                    format!("cannot make a folder in {}: {why}", parent.display())
                })
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

/// Reads into `buf` until it is full or the reader ends; how many bytes it holds.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// `rel` as a path inside the output folder. Output paths come from validated slugs and ids;
/// anything else is refused outright.
fn inside(rel: &str) -> io::Result<&Path> {
    let rel_path = Path::new(rel);
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
    Ok(rel_path)
}

/// The error of a build that would write more than `limit` bytes.
fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "the site's output would pass {} MiB, the limit for one build; look for a page or template that repeats too much",
            limit / (1024 * 1024)
        ),
    )
}

/// A writer that refuses to take more than `room` bytes in all.
struct Limited<W> {
    inner: W,
    room: u64,
    written: u64,
    limit: u64,
}

impl<W: io::Write> io::Write for Limited<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() as u64 > self.room {
            return Err(too_large(self.limit));
        }
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Staging {
    /// Counts a stored file, and leaves it out of the move into the output when the last build
    /// wrote the same bytes.
    fn stored(&self, rel: &str, len: u64, unchanged: bool) {
        if unchanged {
            self.unchanged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(rel.to_owned());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(rel.to_owned());
    }
}

impl Sink for Staging {
    fn put_streamed(&self, rel: &str, write: &mut crate::Writer<'_>) -> io::Result<()> {
        let rel_path = inside(rel)?;
        let path = self.dir()?.join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut out = Limited {
            inner: io::BufWriter::new(std::fs::File::create(&path)?),
            room: self
                .limit
                .saturating_sub(self.bytes.load(Ordering::Relaxed)),
            written: 0,
            limit: self.limit,
        };
        write(&mut out)?;
        io::Write::flush(&mut out)?;
        let len = out.written;
        drop(out);
        let unchanged = self.is_unchanged_file(rel, &path, len);
        if unchanged {
            std::fs::remove_file(&path)?;
        }
        self.stored(rel, len, unchanged);
        Ok(())
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) -> io::Result<()> {
        let rel_path = inside(rel)?;
        let total = self.bytes.load(Ordering::Relaxed) + bytes.len() as u64;
        if total > self.limit {
            return Err(too_large(self.limit));
        }
        let unchanged = self.is_unchanged(rel, &bytes);
        if !unchanged {
            let path = self.dir()?.join(rel_path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, &bytes)?;
        }
        self.stored(rel, bytes.len() as u64, unchanged);
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

    /// Streams `bytes` into `staging` at `rel`, in pieces of three bytes.
    fn stream(staging: &Staging, rel: &str, bytes: &[u8]) -> io::Result<()> {
        staging.put_streamed(rel, &mut |out| {
            for piece in bytes.chunks(3) {
                out.write_all(piece)?;
            }
            Ok(())
        })
    }

    #[test]
    fn a_streamed_file_is_staged_counted_limited_and_compared_like_any_other() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        stream(&staging, "a/evidence.json", b"{\"claims\": []}").unwrap();
        assert!(stream(&staging, "../outside.json", b"x").is_err());
        staging.put("b.txt", b"12".to_vec()).unwrap();
        assert_eq!(staging.written(), (2, 16));
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read(out.join("a/evidence.json")).unwrap(),
            b"{\"claims\": []}"
        );
        assert!(!dir.path().join("outside.json").exists());

        // Over the limit part-way: refused, as `put` refuses.
        let staging = Staging::new(&out).with_limit(10);
        staging.put("a.html", vec![b'a'; 8]).unwrap();
        let err = stream(&staging, "b.json", &[b'b'; 8]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        drop(staging);

        // The same bytes as the last build's file: not moved in again; other bytes of the same
        // length, or another length, are.
        let previous: BTreeSet<String> = ["a/evidence.json", "b.txt"]
            .into_iter()
            .map(String::from)
            .collect();
        let staging = Staging::new(&out).keeping_unchanged(Arc::new(previous));
        let long = vec![b'x'; 200 * 1024];
        stream(&staging, "a/evidence.json", b"{\"claims\": []}").unwrap();
        stream(&staging, "b.txt", b"13").unwrap();
        stream(&staging, "c.bin", &long).unwrap();
        assert_eq!(staging.unchanged(), ["a/evidence.json"]);
        let staged = staging.path().unwrap().to_path_buf();
        assert!(!staged.join("a/evidence.json").exists());
        assert_eq!(std::fs::read(staged.join("b.txt")).unwrap(), b"13");
        assert_eq!(std::fs::read(staged.join("c.bin")).unwrap(), long);
    }
}
