//! Where rendered files go: the [`Sink`] trait, a sink in memory, one that keeps nothing (for
//! `cited check`), and the error that stops rendering.

use std::collections::BTreeMap;

use cited_site::Diagnostic;

/// Every output file: path relative to the output folder → bytes. Sorted, so output is stable.
pub type Output = BTreeMap<String, Vec<u8>>;

/// Where rendered files go, as they are made: a staging folder ([`crate::Staging`]) or memory
/// ([`MemorySink`]). Pages are handed over as soon as each is rendered, so a build never holds the
/// whole site's HTML at once.
pub trait Sink: Sync {
    /// Stores one output file at `path`, relative to the output folder and `/`-separated.
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;

    /// Stores at `path` the file `write` writes, called once. A sink that can (a staging folder,
    /// one that keeps nothing) takes the bytes as they come, so a large file (`evidence.json`)
    /// is never held whole; by default they are gathered and handed to [`Sink::put`].
    fn put_streamed(&self, path: &str, write: &mut Writer<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, bytes)
    }

    /// Stores a file whose bytes someone else keeps too: a page an incremental build rendered
    /// earlier and hands over again. A sink that can hold the shared bytes (`cited serve`'s)
    /// stores them without a copy; by default they are copied into [`Sink::put`].
    fn put_shared(&self, path: &str, bytes: std::sync::Arc<[u8]>) -> std::io::Result<()> {
        self.put(path, bytes.to_vec())
    }
}

/// What writes a file's bytes for [`Sink::put_streamed`].
pub type Writer<'w> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'w;

/// A [`Sink`] that keeps every file in memory: for tests, tools, and callers that post-process.
#[derive(Debug, Default)]
pub struct MemorySink(std::sync::Mutex<Output>);

impl MemorySink {
    /// Every file stored so far.
    pub fn into_output(self) -> Output {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// A [`Sink`] that keeps nothing but a count: `cited check` renders every file, so that it fails
/// exactly when a build would, and throws the bytes away.
#[derive(Debug, Default)]
pub struct Discard {
    files: std::sync::atomic::AtomicU64,
    bytes: std::sync::atomic::AtomicU64,
}

impl Discard {
    /// How many files, and how many bytes, were handed over.
    pub fn received(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.files.load(Relaxed), self.bytes.load(Relaxed))
    }
}

impl Sink for Discard {
    fn put(&self, _path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Relaxed);
        Ok(())
    }

    fn put_streamed(&self, _path: &str, write: &mut Writer<'_>) -> std::io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let mut counted = Counted {
            inner: std::io::sink(),
            bytes: 0,
        };
        write(&mut counted)?;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(counted.bytes, Relaxed);
        Ok(())
    }
}

/// A writer that counts the bytes written through it.
pub(crate) struct Counted<W> {
    pub(crate) inner: W,
    pub(crate) bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// The content or the theme is at fault (a template error, an unusable style).
    Content(Vec<Diagnostic>),
    /// An output file could not be stored.
    Write {
        /// The file, relative to the output folder.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
}

impl From<Diagnostic> for RenderError {
    fn from(d: Diagnostic) -> Self {
        RenderError::Content(vec![d])
    }
}

impl From<Vec<Diagnostic>> for RenderError {
    fn from(d: Vec<Diagnostic>) -> Self {
        RenderError::Content(d)
    }
}

/// Stores the file `write` writes at `path` in `sink` ([`Sink::put_streamed`]), naming the file
/// if that fails.
pub fn put_streamed(
    sink: &dyn Sink,
    path: &str,
    write: &mut Writer<'_>,
) -> Result<(), RenderError> {
    sink.put_streamed(path, write)
        .map_err(|error| RenderError::Write {
            path: path.to_owned(),
            error,
        })
}

/// Stores `bytes` at `path` in `sink`, naming the file if that fails.
pub fn put(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<(), RenderError> {
    sink.put(path, bytes).map_err(|error| RenderError::Write {
        path: path.to_owned(),
        error,
    })
}

/// Stores shared `bytes` at `path` in `sink` ([`Sink::put_shared`]), naming the file if that fails.
pub fn put_shared(
    sink: &dyn Sink,
    path: &str,
    bytes: std::sync::Arc<[u8]>,
) -> Result<(), RenderError> {
    sink.put_shared(path, bytes)
        .map_err(|error| RenderError::Write {
            path: path.to_owned(),
            error,
        })
}
