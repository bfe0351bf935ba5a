//! Why an output folder cannot be used, or a build could not be moved into it, in the words the
//! binary prints after `cannot write <folder>:`: what stands in the way and, where it can, what
//! to do, and whether `--force` would help.

use std::fmt;
use std::io;

use super::MANIFEST;

/// Why an output folder cannot be used, or a build could not be moved into it.
#[derive(Debug)]
pub enum OutputError {
    /// The folder is `/` (or a drive root).
    FileSystemRoot,
    /// The folder is the site root or holds it: building there would delete the sources.
    HoldsTheSite,
    /// The folder lies inside one of the site's source folders (`content/`, …).
    InsideSources(&'static str),
    /// There is a file (not a folder) at that path.
    NotAFolder,
    /// A non-empty folder cited did not write: how many entries, and the first few names.
    NotOurs(usize, Vec<String>),
    /// Files the build would overwrite that it did not write (`--force` overwrites them).
    Conflicts(Vec<String>),
    /// Symbolic links, folders or special files where the build writes a file or goes through a
    /// folder: cited never writes through a link or replaces a folder, `--force` or not.
    NotFiles(Vec<String>),
    /// The file system said no: what was being done, and why.
    Io(String, io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::FileSystemRoot => write!(f, "it is the root of the file system"),
            OutputError::HoldsTheSite => write!(
                f,
                "it is the site's root folder or holds it; building there would replace the site's sources"
            ),
            OutputError::InsideSources(dir) => write!(
                f,
                "it lies inside the site's `{dir}/` folder; building there would replace the site's sources"
            ),
            OutputError::NotAFolder => write!(f, "it is a file, not a folder; nothing was changed"),
            OutputError::NotOurs(n, names) => write!(
                f,
                "it is not empty ({}: {}) and was not written by cited (no {MANIFEST}); \
                 choose an empty or new folder, or pass --force to build into it \
                 (cited then keeps the files it did not write and replaces only its own)",
                cited_site::count(*n, "entry", "entries"),
                names.join(", ")
            ),
            OutputError::Conflicts(paths) => write!(
                f,
                "it holds {} that cited did not write where this build writes ({}); \
                 move them away, or pass --force to overwrite them",
                if paths.len() == 1 { "a file" } else { "files" },
                paths.join(", ")
            ),
            OutputError::NotFiles(paths) => write!(
                f,
                "it holds {} where this build writes ({}): a link could lead anywhere, so cited \
                 never writes through one or replaces a folder, even with --force; remove {}",
                if paths.len() == 1 {
                    "a symbolic link, folder or special file"
                } else {
                    "symbolic links, folders or special files"
                },
                paths.join(", "),
                if paths.len() == 1 { "it" } else { "them" }
            ),
            OutputError::Io(what, err) => write!(f, "{what}: {}", cited_site::io_in_words(err)),
        }
    }
}

impl std::error::Error for OutputError {}
