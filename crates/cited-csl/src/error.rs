//! The error of loading a style or formatting citations, with what it is about, so that a caller
//! can point at the faulty field of the faulty file.

use std::fmt;

/// An error from loading a style or formatting citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CslError {
    /// What is wrong, in plain words (without the subject's name: see [`CslError::subject`]).
    pub message: String,
    /// What the error is about.
    pub subject: Subject,
    /// Which element of the field's list is at fault (from 0), when it is one (the third
    /// author).
    pub element: Option<usize>,
}

/// What a [`CslError`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// A reference, and the CSL variable at fault when one is.
    Reference {
        /// The reference's key.
        key: String,
        /// The CSL variable, as written in the item (`author`, `issued`).
        field: Option<String>,
    },
    /// The locale asked for.
    Locale,
    /// A citation's locator label.
    Locator,
    /// The style; `offset` is a byte offset into its XML text when the place is known.
    Style {
        /// Where in the style's text.
        offset: Option<usize>,
    },
    /// The style is a dependent style (it only names its parent), which cannot format.
    DependentStyle,
    /// Nothing more precise: the engine failed as a whole.
    Engine,
}

impl CslError {
    pub(crate) fn new(subject: Subject, message: impl Into<String>) -> Self {
        CslError {
            message: message.into(),
            subject,
            element: None,
        }
    }

    /// The same error, about element `n` (from 0) of the field's list.
    pub(crate) fn at_element(mut self, n: usize) -> Self {
        self.element = Some(n);
        self
    }

    pub(crate) fn reference(key: &str, field: Option<&str>, message: impl Into<String>) -> Self {
        CslError::new(
            Subject::Reference {
                key: key.to_owned(),
                field: field.map(str::to_owned),
            },
            message,
        )
    }
}

impl fmt::Display for CslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subject {
            Subject::Reference { key, .. } => write!(f, "reference `{key}`: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CslError {}
