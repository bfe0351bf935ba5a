//! Diagnostics: what is wrong, where, and how to fix it. Data, not text: printers live in the binary.

mod code;

pub use code::Code;

use crate::source::{Location, Sources, Span};

/// How serious a diagnostic is. Rules have a default; `site.yaml` may override it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported.
    Off,
    /// Reported; fails the build only with `--deny-warnings`.
    Warning,
    /// Reported; the build writes nothing.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"off"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place that explains the primary one ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it shows.
    pub message: String,
}

/// One problem found in the site, with a stable code and a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `E0101`; `cited explain` prints its explanation.
    pub code: Code,
    /// Severity after overrides.
    pub severity: Severity,
    /// One sentence: what is wrong.
    pub message: String,
    /// The primary place; `None` only for problems of the site as a whole (no such file).
    pub span: Option<Span>,
    /// A short text shown under the caret.
    pub label: Option<String>,
    /// Other places involved.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and this message, pointing at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span: Some(span),
            label: None,
            labels: Vec::new(),
            hint: None,
        }
    }

    /// Adds the text under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary place.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the severity (for rules whose default is not error).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The flat, serialisable form: file, line and column resolved.
    pub fn resolve(&self, sources: &Sources) -> ResolvedDiagnostic {
        let (file, location) = match &self.span {
            Some(span) => (sources.path(span.file).to_owned(), sources.locate(span)),
            None => (
                String::new(),
                Location {
                    line: 0,
                    column: 0,
                    end_line: 0,
                    end_column: 0,
                },
            ),
        };
        ResolvedDiagnostic {
            code: self.code,
            severity: self.severity,
            message: self.message.clone(),
            file,
            line: location.line,
            column: location.column,
            end_line: location.end_line,
            end_column: location.end_column,
            hint: self.hint.clone(),
        }
    }
}

/// A diagnostic with its place as file, line and column: what `--format json` prints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResolvedDiagnostic {
    /// Stable rule code.
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Path relative to the site root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// 1-based column just past the end.
    pub end_column: usize,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Sorts diagnostics by file, position and code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.span, a.code, &a.message).cmp(&(&b.span, b.code, &b.message)));
}

/// A count in words for a message: `count(1, "entry", "entries")` is `1 entry`,
/// `count(2, "entry", "entries")` is `2 entries`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_in_the_singular_for_one() {
        assert_eq!(count(1, "entry", "entries"), "1 entry");
        assert_eq!(count(0, "entry", "entries"), "0 entries");
        assert_eq!(count(2, "page", "pages"), "2 pages");
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "slug"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "slug"]), None);
    }
}
