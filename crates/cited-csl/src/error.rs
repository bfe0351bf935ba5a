//! The error of loading a style or formatting citations.

use std::fmt;

/// An error from loading a style or formatting citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CslError {
    /// A human-readable description, naming the reference key or field where relevant.
    pub message: String,
}

impl CslError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        CslError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CslError {}
