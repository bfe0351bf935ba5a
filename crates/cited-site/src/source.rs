//! Source files and spans: every loaded value points back to the bytes it came from.

use std::borrow::Cow;
use std::hash::BuildHasher as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// The file the bytes belong to.
    pub file: FileId,
    /// Byte range within the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span over `range` in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }

    /// The same file, shifted by `offset` bytes (for text embedded in a larger file).
    pub fn shifted(&self, offset: usize) -> Span {
        Span::new(
            self.file,
            self.range.start + offset..self.range.end + offset,
        )
    }
}

impl Ord for Span {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.file, self.range.start, self.range.end).cmp(&(
            other.file,
            other.range.start,
            other.range.end,
        ))
    }
}

impl PartialOrd for Span {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A 1-based line and character column, start and end, for humans and editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    /// First line (1-based).
    pub line: usize,
    /// First column, in characters (1-based).
    pub column: usize,
    /// Last line (1-based, inclusive).
    pub end_line: usize,
    /// Column just past the end, in characters (1-based).
    pub end_column: usize,
}

/// One loaded text file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators: what diagnostics print.
    pub path: String,
    /// Absolute path on disk.
    pub disk_path: PathBuf,
    /// The file's text (a leading BOM removed, line endings as they were). Empty once released
    /// ([`SourceFile::release`]): [`SourceFile::text_as_loaded`] reads it again.
    pub text: Arc<str>,
    /// What is known of the text once it is released: enough to tell it again.
    released: Option<Fingerprint>,
    line_starts: Vec<usize>,
    /// Characters before each [`CHUNK`]-byte boundary of the text, counted on the first column
    /// asked for: a column is counted from the nearest boundary, not from the start of its line,
    /// so a line of megabytes with thousands of diagnostics on it costs thousands of short counts,
    /// not thousands of long ones.
    chunk_chars: std::sync::OnceLock<Vec<usize>>,
}

/// A released text's length and hash. Within one build, a text of the same length and hash is
/// the text that was loaded: what it guards against is an editor saving a page while a build
/// runs, not an adversary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(text: &str) -> Self {
        // A fixed seed: the hash is compared within one build only. foldhash reads a page's
        // text several times faster than SipHash, and each page is hashed three times a build.
        Fingerprint {
            len: text.len(),
            hash: foldhash::fast::FixedState::with_seed(0).hash_one(text),
        }
    }
}

/// The distance between two [`SourceFile::chunk_chars`] checkpoints, in bytes.
const CHUNK: usize = 1024;

impl SourceFile {
    /// A source file from its text; `path` is what diagnostics print.
    pub fn new(path: impl Into<String>, disk_path: impl Into<PathBuf>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut line_starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        // Kept for the whole build: without the room it grew into.
        line_starts.shrink_to_fit();
        SourceFile {
            path: path.into(),
            disk_path: disk_path.into(),
            text: Arc::from(text),
            released: None,
            line_starts,
            chunk_chars: std::sync::OnceLock::new(),
        }
    }

    /// Lets go of the text and its line table, keeping its length and hash: a build that has
    /// checked a page reads it again to render it ([`SourceFile::text_as_loaded`]) rather than
    /// hold every page's text until the last is written.
    pub fn release(&mut self) {
        if self.released.is_none() {
            self.released = Some(Fingerprint::of(&self.text));
            self.text = Arc::from("");
            self.line_starts = vec![0];
            self.chunk_chars = std::sync::OnceLock::new();
        }
    }

    /// Whether the text was released.
    pub fn is_released(&self) -> bool {
        self.released.is_some()
    }

    /// The length of the text as loaded, held or released.
    pub fn loaded_len(&self) -> usize {
        self.released.map_or(self.text.len(), |f| f.len)
    }

    /// The text as it was loaded: the text held, or, once released, the file read again, if it
    /// is still what was loaded. `None` when it changed (or cannot be read) since: every offset
    /// into it would be wrong.
    pub fn text_as_loaded(&self) -> Option<Cow<'_, str>> {
        let Some(loaded) = self.released else {
            return Some(Cow::Borrowed(&self.text));
        };
        // Read as the load reads it: a file that is not UTF-8 was loaded with its bad bytes
        // replaced.
        let mut text = match crate::read_text(&self.disk_path) {
            Ok(text) | Err(crate::ReadError::NotUtf8 { text, .. }) => text,
            Err(_) => return None,
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        (Fingerprint::of(&text) == loaded).then_some(Cow::Owned(text))
    }

    /// The 1-based line of a byte offset (clamped to the text): [`SourceFile::line_col`]'s line,
    /// without counting the characters before it on its line (a paragraph is one line, and the
    /// claim rules ask for the line of every claim's sentence).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        // Most lines are shorter than a chunk: counting the line's characters is cheaper than
        // making the file's chunk table (a build asks for thousands of places).
        let column = if offset - start <= CHUNK {
            char_count(&self.text, start, offset)
        } else {
            self.chars_before(offset) - self.chars_before(start)
        } + 1;
        (line, column)
    }

    /// Characters in the text before byte `offset` (not counting a character `offset` is inside).
    fn chars_before(&self, offset: usize) -> usize {
        let chunk_chars = self.chunk_chars.get_or_init(|| {
            let mut before = Vec::with_capacity(self.text.len() / CHUNK + 1);
            let mut total = 0;
            for chunk in self.text.as_bytes().chunks(CHUNK) {
                before.push(total);
                total += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
            }
            before
        });
        let chunk = (offset / CHUNK).min(chunk_chars.len().saturating_sub(1));
        match chunk_chars.get(chunk) {
            Some(&before) => before + char_count(&self.text, chunk * CHUNK, offset),
            None => char_count(&self.text, 0, offset),
        }
    }

    /// Byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let within = rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i);
        start + within
    }

    /// Line and column of both ends of a byte range.
    pub fn locate(&self, range: &Range<usize>) -> Location {
        let (line, column) = self.line_col(range.start);
        let (end_line, end_column) = self.line_col(range.end.max(range.start));
        Location {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The text of one 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Characters between two byte offsets, tolerating offsets inside a character.
fn char_count(text: &str, start: usize, end: usize) -> usize {
    text.as_bytes()[start..end]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count()
}

/// A file as it was loaded ([`Sources::as_loaded`]).
#[derive(Debug)]
pub enum AsLoaded<'s> {
    /// Its text is held.
    Held(&'s SourceFile),
    /// Its text was released, and the file read again is what was loaded.
    ReadAgain(SourceFile),
}

impl std::ops::Deref for AsLoaded<'_> {
    type Target = SourceFile;
    fn deref(&self) -> &SourceFile {
        match self {
            AsLoaded::Held(file) => file,
            AsLoaded::ReadAgain(file) => file,
        }
    }
}

/// Every file the site was loaded from.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty store.
    pub fn new() -> Self {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    /// The file with this id.
    ///
    /// Ids only come from [`Sources::add`] on this store, so the lookup cannot miss.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The relative path of a file.
    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    /// Line and column of a span.
    pub fn locate(&self, span: &Span) -> Location {
        self.get(span.file).locate(&span.range)
    }

    /// All files, in load order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Puts `file` in the place of the file with this id (a page read again after a save): every
    /// span into it now points into the new text.
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        if let Some(slot) = self.files.get_mut(id.0 as usize) {
            *slot = file;
        }
    }

    /// E0001 at the file with this id, whose text was released and which changed since it was
    /// loaded: what the load and the check found in it no longer say where anything is, and what
    /// was checked is not what would be published.
    pub fn changed_since_loaded(&self, id: FileId) -> crate::Diagnostic {
        crate::Diagnostic::new(
            crate::Code::E0001,
            Span::new(id, 0..0),
            format!(
                "`{}` changed while cited was building the site",
                self.path(id)
            ),
        )
        .with_hint("build again once the file is saved")
    }

    /// The file with this id as it was loaded: the one held, or, when its text was released,
    /// the file read again. E0001 ([`Sources::changed_since_loaded`]) when it changed since.
    pub fn as_loaded(&self, id: FileId) -> Result<AsLoaded<'_>, crate::Diagnostic> {
        let held = self.get(id);
        if !held.is_released() {
            return Ok(AsLoaded::Held(held));
        }
        match held.text_as_loaded() {
            Some(text) => Ok(AsLoaded::ReadAgain(SourceFile::new(
                held.path.clone(),
                held.disk_path.clone(),
                &text,
            ))),
            None => Err(self.changed_since_loaded(id)),
        }
    }

    /// Releases the text of the file with this id ([`SourceFile::release`]).
    pub fn release(&mut self, id: FileId) {
        if let Some(file) = self.files.get_mut(id.0 as usize) {
            file.release();
        }
    }

    /// Gives back its text to every released file a diagnostic points into, so that the
    /// diagnostics can be shown with their lines. A file that changed since it was loaded stays
    /// released (its diagnostics then show no line).
    pub fn restore_for(&mut self, diagnostics: &[crate::Diagnostic]) {
        let named = diagnostics.iter().flat_map(|d| {
            d.span
                .iter()
                .map(|s| s.file)
                .chain(d.labels.iter().map(|l| l.span.file))
        });
        for id in named {
            if id.0 as usize >= self.files.len() {
                continue;
            }
            if let Ok(AsLoaded::ReadAgain(file)) = self.as_loaded(id) {
                self.replace(id, file);
            }
        }
    }

    /// How many files the store holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the store holds no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Forgets every file added after the first `len` (a theme's files, added after the load,
    /// before the next build adds them again).
    pub fn truncate(&mut self, len: usize) {
        self.files.truncate(len);
    }

    /// Finds a file by its relative path.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.iter().find(|(_, f)| f.path == path).map(|(id, _)| id)
    }
}

/// `path` relative to `root`, with `/` separators.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = SourceFile::new("a.md", "a.md", "ab\nçé x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "çé " is 5 bytes; x is the 4th character.
        assert_eq!(f.line_col(8), (2, 4));
        assert_eq!(f.offset_of(2, 4), 8);
        assert_eq!(f.line_text(2), "çé x");
        // The line alone is `line_col`'s, past the end too.
        for offset in 0..=f.text.len() + 2 {
            assert_eq!(f.line_of(offset), f.line_col(offset).0, "offset {offset}");
        }
    }

    #[test]
    fn columns_on_long_lines_match_a_plain_count() {
        // Lines crossing many checkpoints, with characters of 1 to 4 bytes straddling them.
        let text = format!("x\n{}\n{}", "aé€😀".repeat(700), "b".repeat(CHUNK * 3));
        let f = SourceFile::new("a.md", "a.md", &text);
        for offset in (0..=text.len()).step_by(7).chain([text.len()]) {
            let line_start = text.as_bytes()[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let plain = char_count(&text, line_start, offset) + 1;
            assert_eq!(f.line_col(offset).1, plain, "offset {offset}");
        }
    }

    #[test]
    fn a_released_text_is_read_again_while_it_is_what_was_loaded() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.md");
        let write = |text: &str| std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        write("\u{feff}line one\nline two\n");
        let mut f = SourceFile::new("a.md", &path, "\u{feff}line one\nline two\n");
        f.release();
        assert!(f.is_released());
        assert_eq!(&*f.text, "");
        assert_eq!(f.text_as_loaded().as_deref(), Some("line one\nline two\n"));

        let mut sources = Sources::new();
        let id = sources.add(f);
        let warning = crate::Diagnostic::new(crate::Code::E0001, Span::new(id, 9..13), "x");
        sources.restore_for(std::slice::from_ref(&warning));
        assert!(!sources.get(id).is_released());
        assert_eq!(sources.get(id).line_text(2), "line two");

        // Saved while a build ran: the same length, other bytes.
        sources.release(id);
        write("line one\nline 2wo\n");
        assert_eq!(sources.get(id).text_as_loaded(), None);
        sources.restore_for(&[warning]);
        assert!(
            sources.get(id).is_released(),
            "a changed file is not taken for the loaded one"
        );
    }

    #[test]
    fn a_file_loaded_with_its_bad_bytes_replaced_is_read_again_the_same_way() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"caf\xe9\n").unwrap_or_else(|e| panic!("{e}"));
        let lossy = String::from_utf8_lossy(b"caf\xe9\n").into_owned();
        let mut f = SourceFile::new("a.md", &path, &lossy);
        f.release();
        assert_eq!(f.text_as_loaded().as_deref(), Some(lossy.as_str()));
    }

    #[test]
    fn bom_is_dropped_and_offsets_clamped() {
        let f = SourceFile::new("a.md", "a.md", "\u{feff}hi");
        assert_eq!(&*f.text, "hi");
        assert_eq!(f.line_col(99), (1, 3));
    }
}
