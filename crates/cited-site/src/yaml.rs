//! The one YAML loader. Every YAML (and JSON) file `cited` reads goes through [`parse`], so every
//! value can carry its place ([`Located`]) and every error becomes a [`Diagnostic`].

use crate::diagnostic::Code;
use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

pub(crate) mod direct;
mod errors;

/// Largest YAML document `cited` reads; bigger ones are refused before parsing.
pub const MAX_YAML_BYTES: usize = 8 * 1024 * 1024;

thread_local! {
    /// The file and byte offset of the document being parsed on this thread, so that
    /// [`Located`] values can record a complete [`Span`] while serde runs.
    static CURRENT: Cell<(FileId, usize)> = const { Cell::new((FileId(u32::MAX), 0)) };
}

/// A value and the span of the YAML node it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Located<T> {
    /// A value with an explicit span (for values built in code and in tests).
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let (file, base) = CURRENT.with(Cell::get);
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize + base;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Located {
            value: spanned.value,
            span: Span::new(file, start..start + len),
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Parses `text`, which starts at byte `base` of `file`, into `T`.
///
/// Errors become diagnostics: `E0002` for YAML syntax, `E0003` for an unknown field (with a
/// "did you mean" hint), `E0004` for a value of the wrong shape.
pub fn parse<T: DeserializeOwned>(file: FileId, base: usize, text: &str) -> Result<T, Diagnostic> {
    if text.len() > MAX_YAML_BYTES {
        return Err(Diagnostic::new(
            Code::E0002,
            Span::new(file, base..base),
            format!(
                "this data is {} bytes; cited reads at most {} MiB of YAML or JSON from one file",
                text.len(),
                MAX_YAML_BYTES / (1024 * 1024)
            ),
        )
        .with_hint("split the data into several files"));
    }
    // Nothing but blank lines and comments (front matter of two `---` lines, an emptied file):
    // read as the empty mapping, so the first required field is named ("there is no `title`"),
    // not the parser's "unexpected end of input".
    let text = if errors::holds_nothing(text) {
        "{}"
    } else {
        text
    };
    let previous = CURRENT.with(|c| c.replace((file, base)));
    let result = serde_saphyr::from_str::<T>(text);
    CURRENT.with(|c| c.set(previous));
    result.map_err(|err| errors::to_diagnostic(&err, file, base, text))
}
