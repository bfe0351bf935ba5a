//! Printers over diagnostics: human (rustc-style snippets), JSON, and GitHub annotations.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use cited_site::diagnostic::{Diagnostic, Severity};
use cited_site::source::Sources;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets with a caret under the problem.
    Human,
    /// One JSON array.
    Json,
    /// GitHub Actions workflow commands, so pull requests show problems on the changed lines.
    Github,
}

/// Renders diagnostics in a format. `color` only affects `human`.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
) -> String {
    match format {
        Format::Human => human(diagnostics, sources, color),
        Format::Json => json(diagnostics, sources),
        Format::Github => github(diagnostics, sources),
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        _ => Level::WARNING,
    }
}

/// rustc-style output.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let mut group = Group::with_title(
            level(d.severity)
                .primary_title(d.message.as_str())
                .id(d.code.as_str()),
        );
        if let Some(span) = &d.span {
            let file = sources.get(span.file);
            let primary = AnnotationKind::Primary.span(char_range(&file.text, &span.range));
            let primary = match &d.label {
                Some(l) => primary.label(l.as_str()),
                None => primary,
            };
            let mut snippet = Snippet::source(&*file.text)
                .path(file.path.as_str())
                .fold(true)
                .annotation(primary);
            for label in d.labels.iter().filter(|l| l.span.file == span.file) {
                snippet = snippet.annotation(
                    AnnotationKind::Context
                        .span(char_range(&file.text, &label.span.range))
                        .label(label.message.as_str()),
                );
            }
            group = group.element(snippet);
            for label in d.labels.iter().filter(|l| l.span.file != span.file) {
                let other = sources.get(label.span.file);
                group = group.element(
                    Snippet::source(&*other.text)
                        .path(other.path.as_str())
                        .fold(true)
                        .annotation(
                            AnnotationKind::Context
                                .span(char_range(&other.text, &label.span.range))
                                .label(label.message.as_str()),
                        ),
                );
            }
        }
        let mut report = vec![group];
        if let Some(hint) = &d.hint {
            report.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// A range clamped to the text and widened to character boundaries, so a snippet never splits one.
fn char_range(text: &str, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// JSON: one array of resolved diagnostics.
pub fn json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let resolved: Vec<_> = diagnostics.iter().map(|d| d.resolve(sources)).collect();
    serde_json::to_string_pretty(&resolved).unwrap_or_else(|_| "[]".to_owned()) + "\n"
}

/// GitHub workflow commands, escaped as GitHub requires.
pub fn github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let r = d.resolve(sources);
        let kind = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let message = match &r.hint {
            Some(h) => format!("{}\n{h}", r.message),
            None => r.message.clone(),
        };
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&r.file),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            property(&format!("{} {}", r.code, r.code.summary())),
            data(&message)
        ));
    }
    out
}
