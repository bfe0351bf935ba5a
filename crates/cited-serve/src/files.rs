//! The site being served, in memory: each build's files go into a [`Served`] sink, and the server
//! swaps the whole set in at once when the build succeeds, so a reader sees the old site or the
//! new one, never a mix. Nothing is written to disk: at 10,000 pages, writing every file of every
//! rebuild into a fresh folder cost seconds, and a file whose bytes did not change is shared with
//! the previous build instead of held twice.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The most bytes one build may hold: about eight times a 10,000-page site's output, so only a
/// runaway build reaches it. It stops there, and the last good site stays served.
pub const MAX_SITE_BYTES: u64 = 1024 * 1024 * 1024;

/// One build's files: path relative to the base (`a/index.html`) → bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// A sink that keeps a build's files in memory, sharing each one whose bytes equal the previous
/// build's file at the same path.
pub struct Served {
    files: Mutex<Files>,
    bytes: AtomicU64,
    /// Files stored whose bytes differ from the previous build's (or that it did not have).
    changed: AtomicU64,
    previous: Option<Arc<Files>>,
    limit: u64,
}

impl Served {
    /// A sink for the build after `previous` (none: the first).
    pub fn new(previous: Option<Arc<Files>>) -> Self {
        Served {
            files: Mutex::new(Files::new()),
            bytes: AtomicU64::new(0),
            changed: AtomicU64::new(0),
            previous,
            limit: MAX_SITE_BYTES,
        }
    }

    /// The same, holding at most `limit` bytes.
    #[cfg(test)]
    fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// The files, and how many of them changed since the previous build.
    pub fn into_files(self) -> (Files, u64) {
        let files = self
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (files, self.changed.load(Ordering::Relaxed))
    }
}

impl Served {
    /// Stores `file` at `rel`, counting it as changed unless the previous build's file there has
    /// the same bytes.
    fn store(&self, rel: &str, file: Arc<[u8]>) -> io::Result<()> {
        // Output paths come from validated slugs and ids; refuse anything else outright.
        if rel.is_empty()
            || Path::new(rel)
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing a file outside the site: {rel}"),
            ));
        }
        let total = self.bytes.fetch_add(file.len() as u64, Ordering::Relaxed) + file.len() as u64;
        if total > self.limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the site would pass {} MiB, the most `cited serve` holds; look for a page or template that repeats too much",
                    self.limit / (1024 * 1024)
                ),
            ));
        }
        let same = self
            .previous
            .as_ref()
            .and_then(|p| p.get(rel))
            .is_some_and(|old| Arc::ptr_eq(old, &file) || **old == *file);
        if !same {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_owned(), file);
        Ok(())
    }
}

impl cited_render::Sink for Served {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> io::Result<()> {
        // A file equal to the previous build's is shared with it, not held twice.
        let file = self
            .previous
            .as_ref()
            .and_then(|p| p.get(rel))
            .filter(|old| ***old == *bytes)
            .cloned()
            .unwrap_or_else(|| Arc::from(bytes));
        self.store(rel, file)
    }

    /// A streamed file (`evidence.json`: tens of megabytes on a large site) is written into a
    /// buffer the size of the previous build's file there, not grown from empty: growing it was
    /// a fifth of a save's time at 10,000 pages.
    fn put_streamed(&self, rel: &str, write: &mut cited_render::Writer<'_>) -> io::Result<()> {
        let previous = self
            .previous
            .as_ref()
            .and_then(|p| p.get(rel))
            .map_or(0, |old| old.len());
        let mut bytes = Vec::with_capacity(previous + previous / 64);
        write(&mut bytes)?;
        self.put(rel, bytes)
    }

    /// The bytes are kept by whoever handed them over too (an incremental build's kept pages):
    /// stored as they are, so both hold one copy.
    fn put_shared(&self, rel: &str, bytes: Arc<[u8]>) -> io::Result<()> {
        self.store(rel, bytes)
    }
}

/// Where a site path leads among the served files.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file, by its key in [`Files`].
    File(String),
    /// A folder requested without its trailing slash: redirect to the path with one.
    AddSlash,
    /// Nothing there.
    NotFound,
    /// A path that tries to climb out or is otherwise refused.
    Forbidden,
}

/// Resolves `rel` (a decoded path relative to the site's base, like `a/` or `assets/x.css`) among
/// `files`. `a/` and the empty path lead to `index.html`. Every segment must be a plain name:
/// `..`, `.`, drive prefixes and roots are [`Resolved::Forbidden`].
pub fn resolve(files: &Files, rel: &str) -> Resolved {
    let mut segments = Vec::new();
    for segment in rel.split('/').filter(|s| !s.is_empty()) {
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(name)), None) if name == segment => segments.push(segment),
            _ => return Resolved::Forbidden,
        }
    }
    let key = segments.join("/");
    let index = |key: &str| {
        if key.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{key}/index.html")
        }
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = index(&key);
        return if files.contains_key(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(&key) {
        Resolved::File(key)
    } else if files.contains_key(&index(&key)) {
        Resolved::AddSlash
    } else {
        Resolved::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cited_render::Sink;

    fn files(paths: &[&str]) -> Files {
        paths
            .iter()
            .map(|p| ((*p).to_owned(), Arc::from(p.as_bytes())))
            .collect()
    }

    #[test]
    fn resolves_inside_only() {
        let site = files(&["index.html", "a/index.html", "assets/x.css"]);
        assert_eq!(resolve(&site, ""), Resolved::File("index.html".into()));
        assert_eq!(resolve(&site, "a/"), Resolved::File("a/index.html".into()));
        assert_eq!(resolve(&site, "a"), Resolved::AddSlash);
        assert_eq!(
            resolve(&site, "assets/x.css"),
            Resolved::File("assets/x.css".into())
        );
        assert_eq!(resolve(&site, "assets/x.css/"), Resolved::NotFound);
        assert_eq!(resolve(&site, "assets"), Resolved::NotFound);
        assert_eq!(resolve(&site, "../secret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&site, "a/../../secret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&site, "./index.html"), Resolved::Forbidden);
        assert_eq!(resolve(&site, "missing.html"), Resolved::NotFound);
    }

    #[test]
    fn unchanged_files_are_shared_and_escapes_refused() {
        let first = Served::new(None);
        first.put("a/index.html", b"one".to_vec()).unwrap();
        first.put("b/index.html", b"two".to_vec()).unwrap();
        let (first, changed) = first.into_files();
        assert_eq!(changed, 2);
        let first = Arc::new(first);
        let second = Served::new(Some(Arc::clone(&first)));
        second.put("a/index.html", b"one".to_vec()).unwrap();
        second.put("b/index.html", b"TWO".to_vec()).unwrap();
        assert!(second.put("../outside.html", b"x".to_vec()).is_err());
        assert!(second.put("/etc/x", b"x".to_vec()).is_err());
        assert!(second.put("", b"x".to_vec()).is_err());
        let (second, changed) = second.into_files();
        assert_eq!(changed, 1);
        assert!(Arc::ptr_eq(&first["a/index.html"], &second["a/index.html"]));
        assert_eq!(&*second["b/index.html"], b"TWO");
        assert_eq!(second.len(), 2);
    }

    #[test]
    fn shared_bytes_are_held_once_and_counted_only_when_they_changed() {
        let kept: Arc<[u8]> = Arc::from(&b"page"[..]);
        let first = Served::new(None);
        first.put_shared("a/index.html", Arc::clone(&kept)).unwrap();
        let (first, changed) = first.into_files();
        assert_eq!(changed, 1);
        assert!(Arc::ptr_eq(&first["a/index.html"], &kept));
        let second = Served::new(Some(Arc::new(first)));
        second
            .put_shared("a/index.html", Arc::clone(&kept))
            .unwrap();
        // The same bytes in another allocation: unchanged, and stored as handed over.
        let copy: Arc<[u8]> = Arc::from(&b"page"[..]);
        second
            .put_shared("b/index.html", Arc::clone(&copy))
            .unwrap();
        assert!(second.put_shared("../x", Arc::clone(&kept)).is_err());
        let (second, changed) = second.into_files();
        assert_eq!(changed, 1, "only b/index.html is new");
        assert!(Arc::ptr_eq(&second["a/index.html"], &kept));
        assert!(Arc::ptr_eq(&second["b/index.html"], &copy));
    }

    #[test]
    fn streamed_files_hold_what_was_written_whatever_came_before() {
        let first = Served::new(None);
        first
            .put_streamed("evidence.json", &mut |out| {
                out.write_all(b"{\"claims\": []}")
            })
            .unwrap();
        let (first, changed) = first.into_files();
        assert_eq!(changed, 1);
        let second = Served::new(Some(Arc::new(first)));
        // Longer and shorter than the previous file, then equal to it.
        second
            .put_streamed("evidence.json", &mut |out| out.write_all(&[b'x'; 4096]))
            .unwrap();
        second
            .put_streamed("short.json", &mut |out| out.write_all(b"{}"))
            .unwrap();
        let (files, changed) = second.into_files();
        assert_eq!(changed, 2);
        assert_eq!(&*files["evidence.json"], &[b'x'; 4096][..]);
        assert_eq!(&*files["short.json"], b"{}");
        let third = Served::new(Some(Arc::new(files)));
        third
            .put_streamed("evidence.json", &mut |out| out.write_all(&[b'x'; 4096]))
            .unwrap();
        assert_eq!(third.into_files().1, 0);
    }

    #[test]
    fn a_build_holding_more_than_its_limit_stops() {
        let served = Served::new(None).with_limit(10);
        served.put("a.html", vec![b'a'; 8]).unwrap();
        let err = served.put("b.html", vec![b'b'; 8]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }
}
