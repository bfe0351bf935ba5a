//! What an operating system's error means, in plain words: `permission denied` rather than
//! `Permission denied (os error 13)`, `a file stands where a folder is needed` rather than
//! `Not a directory (os error 20)`. Every message of cited that passes on an I/O error says it
//! with [`io_in_words`].

use std::io::{Error, ErrorKind};

/// `err` in plain words, without the system's error number: what happened to the file or
/// folder the message names.
pub fn io_in_words(err: &Error) -> String {
    let words = match err.kind() {
        ErrorKind::NotFound => "it does not exist",
        ErrorKind::PermissionDenied => {
            "permission denied (the account running cited may not do this there)"
        }
        ErrorKind::AlreadyExists => "something of that name is already there",
        ErrorKind::NotADirectory => "a file stands where a folder is needed",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::DirectoryNotEmpty => "the folder is not empty",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "the disk is full",
        ErrorKind::FileTooLarge => "the file is too large for the disk",
        ErrorKind::InvalidFilename => {
            "the name is not allowed here (too long, or a forbidden character)"
        }
        ErrorKind::CrossesDevices => "it would move across disks",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => "another program is using it",
        ErrorKind::AddrInUse => "another program is using that port",
        ErrorKind::AddrNotAvailable => "this computer has no such address",
        ErrorKind::OutOfMemory => "the computer ran out of memory",
        ErrorKind::Interrupted => "it was interrupted",
        _ => return without_number(&err.to_string()),
    };
    words.to_owned()
}

/// `Something failed (os error 5)` as `something failed`.
fn without_number(text: &str) -> String {
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "the system gave no reason".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_system_number_reaches_a_message() {
        for code in [1, 2, 5, 13, 17, 20, 21, 28, 30, 98, 110, 9999] {
            let words = io_in_words(&Error::from_raw_os_error(code));
            assert!(!words.contains("os error"), "{code}: {words}");
            assert!(!words.is_empty(), "{code}");
        }
        assert_eq!(
            io_in_words(&Error::from_raw_os_error(20)),
            "a file stands where a folder is needed"
        );
        assert_eq!(
            io_in_words(&Error::from_raw_os_error(98)),
            "another program is using that port"
        );
        assert_eq!(io_in_words(&Error::other("")), "the system gave no reason");
    }
}
