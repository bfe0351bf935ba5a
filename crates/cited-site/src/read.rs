//! Reading a source file as text: inside the site, within the size limit, from regular files
//! only, with its line endings as every reader of it sees them.

use std::path::Path;

use crate::io_words;

/// Largest file `cited` reads; bigger ones are reported, not read.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system said no.
    Io(std::io::Error),
    /// Over [`MAX_FILE_BYTES`]: its size as far as it was read or reported, whichever is more.
    TooLarge(u64),
    /// Not a regular file: a named pipe, a socket, a device (reading one could block forever).
    NotAFile,
    /// A symbolic link that leads outside the site.
    OutsideRoot,
    /// Not UTF-8: the lossy text and the offset of the first bad byte.
    NotUtf8 {
        /// The text with bad bytes replaced.
        text: String,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(err) => write!(f, "cannot be read: {}", io_words::io_in_words(err)),
            ReadError::OutsideRoot => write!(f, "is a symbolic link that leads outside the site"),
            ReadError::TooLarge(size) => {
                write!(f, "is {size} bytes or more; the limit is {MAX_FILE_BYTES}")
            }
            ReadError::NotAFile => write!(
                f,
                "is not a regular file (a named pipe, socket or device); only plain files are read"
            ),
            ReadError::NotUtf8 { offset, .. } => write!(f, "is not valid UTF-8 (byte {offset})"),
        }
    }
}

impl ReadError {
    /// What to do about it, for the diagnostic's hint.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Io(_) => {
                "check that the file can be read (its permissions, or a disk that went away), or remove it from the site"
            }
            ReadError::OutsideRoot => "copy the file into the site in place of the link",
            ReadError::TooLarge(_) => "split it into several files, each at most 10 MiB",
            ReadError::NotAFile => {
                "remove it from the site's folders: cited reads plain files only"
            }
            ReadError::NotUtf8 { .. } => "save the file as UTF-8",
        }
    }
}

/// Reads a text file that must lie inside `root`, even through symbolic links: a link leading out
/// of the site could otherwise put any file of the machine (a CI secret) into a diagnostic.
pub fn read_text_within(root: &Path, path: &Path) -> Result<String, ReadError> {
    let target = path.canonicalize().map_err(ReadError::Io)?;
    let root = root.canonicalize().map_err(ReadError::Io)?;
    if !target.starts_with(&root) {
        return Err(ReadError::OutsideRoot);
    }
    read_text(path)
}

/// Makes each carriage return not followed by a line feed a line feed, byte for byte.
///
/// A lone `\r` ends a line in Markdown, YAML and XML, and in every editor (old Mac files, text
/// pasted from one), but not to the Markdown parser (pulldown-cmark issues 1056 and 1132: a
/// heading took in the rest of the page, citations read as malformed), nor to line numbers
/// counted at `\n`. Made `\n` here, where every source file is read, the text keeps its length
/// and every offset and column in it, and everything after the read sees the lines the writer
/// sees. `\r\n` is left as it is: everything reads it as one line ending.
fn lone_carriage_returns_to_line_feeds(bytes: &mut [u8]) {
    // Nearly every file has no `\r`, which one SIMD search finds out.
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'\r', &bytes[from..]) {
        let at = from + found;
        if bytes.get(at + 1) != Some(&b'\n') {
            bytes[at] = b'\n';
        }
        from = at + 1;
    }
}

/// Reads a text file with the size limit. Only regular files are opened (opening a named pipe
/// blocks until something writes to it), and the limit holds for the bytes actually read, not
/// the size the file system reports (which a special file, or a file still growing, can belie).
/// A lone carriage return is read as a line feed (see `lone_carriage_returns_to_line_feeds`).
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // What was opened is what is read: check it again.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(MAX_FILE_BYTES) as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    lone_carriage_returns_to_line_feeds(&mut bytes);
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        ReadError::NotUtf8 {
            text: String::from_utf8_lossy(err.as_bytes()).into_owned(),
            offset,
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_is_read_as_a_line_feed_and_every_offset_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let written = "---\rtitle: \"Ça\"\r---\r\rOne.\r\nTwo.\r\r";
        std::fs::write(&path, written).unwrap();
        let read = read_text(&path).unwrap();
        assert_eq!(read, "---\ntitle: \"Ça\"\n---\n\nOne.\r\nTwo.\n\n");
        assert_eq!(read.len(), written.len());

        // The same in a file that is not UTF-8 and is read with its bad bytes replaced.
        std::fs::write(&path, b"caf\xe9\rtwo").unwrap();
        match read_text(&path) {
            Err(ReadError::NotUtf8 { text, offset }) => {
                assert_eq!(text, "caf\u{fffd}\ntwo");
                assert_eq!(offset, 3);
            }
            other => panic!("{other:?}"),
        }
    }
}
