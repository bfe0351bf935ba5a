//! Printers over diagnostics: human (rustc-style snippets), JSON, and GitHub annotations.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::ops::Range;

use cited_site::{Diagnostic, Label, Severity};
use cited_site::{SourceFile, Sources};

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

/// How many diagnostics the human and GitHub printers show by default. A person fixes problems
/// from the top and a few screens of them are all anyone reads; GitHub shows only the first
/// annotations of a step anyway. The rest are counted by code, and `--format json` lists all.
pub const DEFAULT_MAX_SHOWN: usize = 200;

/// Renders diagnostics in a format. `color` only affects `human`; `max_shown` (0: all) caps the
/// human and GitHub printers, which then end with a count of the rest. JSON always lists all.
pub fn render(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    format: Format,
    color: bool,
    max_shown: usize,
) -> String {
    let (shown, rest) = select(diagnostics, max_shown);
    match format {
        Format::Human => {
            let mut out = human(&shown, sources, color);
            if !rest.is_empty() {
                out.push_str(&format!(
                    "note: {} more not shown ({}); pass --max-diagnostics 0 to see all, or --format json\n\n",
                    rest.len(),
                    by_code(&rest)
                ));
            }
            out
        }
        Format::Json => json(diagnostics, sources),
        Format::Github => {
            let mut out = github(&shown, sources);
            if !rest.is_empty() {
                out.push_str(&format!(
                    "::notice title=cited::{} more problems not shown ({}); run cited check --format json to list all\n",
                    rest.len(),
                    by_code(&rest)
                ));
            }
            out
        }
    }
}

/// The diagnostics to show (at most `max`, errors before warnings, in their order) and the rest.
fn select(diagnostics: &[Diagnostic], max: usize) -> (Vec<&Diagnostic>, Vec<&Diagnostic>) {
    if max == 0 || diagnostics.len() <= max {
        return (diagnostics.iter().collect(), Vec::new());
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut warnings_left = max.saturating_sub(errors);
    let mut errors_left = max;
    let (mut shown, mut rest) = (Vec::new(), Vec::new());
    for d in diagnostics {
        let left = if d.severity == Severity::Error {
            &mut errors_left
        } else {
            &mut warnings_left
        };
        if *left > 0 {
            *left -= 1;
            shown.push(d);
        } else {
            rest.push(d);
        }
    }
    (shown, rest)
}

/// `E0301: 15000, W0102: 3` for the diagnostics not shown, most frequent first.
fn by_code(rest: &[&Diagnostic]) -> String {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for d in rest {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        _ => Level::WARNING,
    }
}

/// Same-file labels further than this many lines from the caret get a snippet of their own.
const NEAR_LINES: usize = 20;

/// A line longer than this (in bytes) is shown as a window of [`WINDOW`] bytes either side of the
/// caret, so a paragraph of megabytes on one line costs each diagnostic a window, not the line.
const LONG_LINE: usize = 4096;
/// See [`LONG_LINE`].
const WINDOW: usize = 160;

/// A window of the line holding `range.start`: at most [`WINDOW`] bytes before it and after its
/// end (itself cut to [`WINDOW`] bytes), on character boundaries, never past the line. Returns
/// the text and its byte offset in the file.
fn window<'a>(file: &'a SourceFile, range: &Range<usize>) -> (&'a str, usize) {
    let text = &*file.text;
    let at = range.start.min(text.len());
    let (line, _) = file.line_col(at);
    let line_start = file.offset_of(line, 1);
    let line_end = line_start + file.line_text(line).len();
    let mut start = at.saturating_sub(WINDOW).max(line_start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end_of_span = range.end.clamp(at, at + WINDOW);
    let mut end = (end_of_span + WINDOW).min(line_end);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (&text[start..end], start)
}

/// The whole lines of `file` holding every range: the excerpt, the number of its first line, and
/// the byte offset it starts at. The renderer gets only these lines, never the whole file, so
/// printing costs what is shown and not the file's size times the number of diagnostics.
fn excerpt<'a>(file: &'a SourceFile, ranges: &[&Range<usize>]) -> (&'a str, usize, usize) {
    let text = &*file.text;
    let start = ranges
        .iter()
        .map(|r| r.start)
        .min()
        .unwrap_or(0)
        .min(text.len());
    let end = ranges
        .iter()
        .map(|r| r.end)
        .max()
        .unwrap_or(0)
        .clamp(start, text.len());
    let (first, _) = file.line_col(start);
    let (last, _) = file.line_col(end);
    let from = file.offset_of(first, 1);
    let to = file.offset_of(last + 1, 1).max(from);
    (&text[from..to], first, from)
}

/// A snippet of `file` with the primary annotation (if any) and context labels.
fn snippet<'a>(
    file: &'a SourceFile,
    primary: Option<(&Range<usize>, Option<&'a str>)>,
    labels: &[&'a Label],
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let mut ranges: Vec<&Range<usize>> = labels.iter().map(|l| &l.span.range).collect();
    if let Some((range, _)) = primary {
        ranges.push(range);
    }
    let (text, line_start, offset) = excerpt(file, &ranges);
    let local = |r: &Range<usize>| {
        char_range(
            text,
            &(r.start.saturating_sub(offset)..r.end.saturating_sub(offset)),
        )
    };
    let mut snippet = Snippet::source(text)
        .line_start(line_start)
        .path(file.path.as_str())
        .fold(true);
    if let Some((range, label)) = primary {
        let annotation = AnnotationKind::Primary.span(local(range));
        snippet = snippet.annotation(match label {
            Some(l) => annotation.label(l),
            None => annotation,
        });
    }
    for label in labels {
        snippet = snippet.annotation(
            AnnotationKind::Context
                .span(local(&label.span.range))
                .label(label.message.as_str()),
        );
    }
    snippet
}

/// rustc-style output.
pub fn human(diagnostics: &[&Diagnostic], sources: &Sources, color: bool) -> String {
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
        // A window of a long line, shown under the place (see `LONG_LINE`).
        let mut windowed = None;
        if let Some(span) = &d.span {
            let file = sources.get(span.file);
            let (line, column) = file.line_col(span.range.start);
            let near = |l: &Label| {
                l.span.file == span.file
                    && file.line_col(l.span.range.start).0.abs_diff(line) <= NEAR_LINES
            };
            let near_labels: Vec<&Label> = d.labels.iter().filter(|l| near(l)).collect();
            let line_len = file.line_text(line).len();
            if near_labels.is_empty() && line_len > LONG_LINE {
                // The place, then a window of the line around it.
                let (text, offset) = window(file, &span.range);
                let local = char_range(
                    text,
                    &(span.range.start.saturating_sub(offset)
                        ..span.range.end.saturating_sub(offset)),
                );
                let primary = AnnotationKind::Primary.span(local);
                group = group.element(
                    Origin::path(file.path.as_str())
                        .line(line)
                        .char_column(column),
                );
                windowed = Some(
                    Group::with_level(level(d.severity)).element(
                        Snippet::source(text)
                            .line_start(line)
                            .fold(true)
                            .annotation(match d.label.as_deref() {
                                Some(l) => primary.label(l),
                                None => primary,
                            }),
                    ),
                );
            } else {
                group = group.element(snippet(
                    file,
                    Some((&span.range, d.label.as_deref())),
                    &near_labels,
                ));
            }
            for label in d.labels.iter().filter(|l| !near(l)) {
                group = group.element(snippet(sources.get(label.span.file), None, &[label]));
            }
        }
        let mut report = vec![group];
        report.extend(windowed);
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
fn char_range(text: &str, range: &Range<usize>) -> Range<usize> {
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
pub fn github(diagnostics: &[&Diagnostic], sources: &Sources) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use cited_site::Code;
    use cited_site::{FileId, SourceFile, Span};

    fn sources(text: &str) -> Sources {
        let mut sources = Sources::new();
        sources.add(SourceFile::new("content/a.md", "content/a.md", text));
        sources
    }

    fn diag(severity: Severity, code: Code, at: usize) -> Diagnostic {
        Diagnostic::new(code, Span::new(FileId(0), at..at + 1), "problem").with_severity(severity)
    }

    #[test]
    fn shows_errors_first_up_to_the_cap_and_counts_the_rest() {
        let text = "abcdefghij\n";
        let all: Vec<Diagnostic> = (0..6)
            .map(|i| {
                let severity = if i % 2 == 0 {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                diag(
                    severity,
                    if i % 2 == 0 { Code::E0204 } else { Code::E0103 },
                    i,
                )
            })
            .collect();
        let (shown, rest) = select(&all, 4);
        assert_eq!(shown.len(), 4);
        assert_eq!(
            shown
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            3,
            "every error before any warning"
        );
        assert_eq!(by_code(&rest), "E0204: 2");
        let out = render(&all, &sources(text), Format::Human, false, 4);
        assert_eq!(out.matches("--> content/a.md").count(), 4);
        assert!(out.contains("note: 2 more not shown (E0204: 2)"), "{out}");
        let out = render(&all, &sources(text), Format::Github, false, 4);
        assert_eq!(
            out.matches("::error").count() + out.matches("::warning").count(),
            4
        );
        assert!(out.contains("::notice title=cited::2 more problems not shown"));
        // JSON lists all, and 0 means no cap.
        let out = render(&all, &sources(text), Format::Json, false, 4);
        assert_eq!(out.matches("\"code\"").count(), 6);
        let out = render(&all, &sources(text), Format::Human, false, 0);
        assert_eq!(out.matches("--> content/a.md").count(), 6);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_the_true_place() {
        let text = format!("intro\n{}@key tail\n", "word ".repeat(2_000));
        let at = text.find('@').unwrap();
        let d = diag(Severity::Error, Code::E0103, at);
        let out = render(&[d], &sources(&text), Format::Human, false, 0);
        assert!(out.contains("--> content/a.md:2:10001"), "{out}");
        assert!(
            out.len() < 2_000,
            "the whole line was printed: {} bytes",
            out.len()
        );
        // The caret sits under the `@` of the window shown.
        let lines: Vec<&str> = out.lines().collect();
        let source = lines.iter().position(|l| l.contains("@key")).unwrap();
        let caret = lines[source + 1].find('^').unwrap();
        assert_eq!(&lines[source][caret..caret + 1], "@");
    }

    #[test]
    fn short_files_keep_their_snippets_with_the_right_line_numbers() {
        let text = "one\ntwo\nthree @k\nfour\n";
        let at = text.find('@').unwrap();
        let out = render(
            &[diag(Severity::Error, Code::E0103, at)],
            &sources(text),
            Format::Human,
            false,
            0,
        );
        assert!(out.contains("--> content/a.md:3:7"), "{out}");
        assert!(out.contains("3 | three @k"), "{out}");
        assert!(!out.contains("two"), "only the lines of the problem: {out}");
    }
}
