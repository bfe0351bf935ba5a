//! HTML in a page's text, sorted: a comment, a `cited:` directive (the `not-a-claim` marker, or
//! an unknown one, E0304), a comment never closed (E0403), or raw HTML, whose ranges are recorded
//! for the checker's E0403 (cited publishes no raw HTML). An HTML block comes here whole, its
//! lines joined, so a comment over several lines is a comment.

use std::ops::Range;

use super::*;

/// HTML in the text: a `not-a-claim` marker, an unknown directive (E0304), a comment, or raw
/// HTML (recorded for E0403).
pub(super) fn on_html(
    doc: &mut Document,
    builder: &mut Builder,
    text: &str,
    html: &str,
    range: &Range<usize>,
    block_level: bool,
) {
    match classify_html(html) {
        HtmlKind::Marker(reason) => {
            let index = doc.markers.len();
            doc.markers.push(Marker {
                reason,
                range: trimmed_range(text, range),
                block_level,
            });
            if block_level {
                builder.pending_marker = Some(index);
            } else {
                builder.piece(Piece::Marker(index));
            }
        }
        HtmlKind::UnknownDirective(directive) => {
            let span = doc.span(&trimmed_range(text, range));
            doc.problems.push(
                Diagnostic::new(
                    Code::E0304,
                    span,
                    format!("unknown cited directive `{directive}`"),
                )
                .with_hint("the only directive is `<!-- cited: not-a-claim: <reason> -->`"),
            );
        }
        HtmlKind::Comment => {}
        HtmlKind::UnclosedComment => {
            let range = trimmed_range(text, range);
            let first_line = text[range.clone()].lines().next().map_or(0, str::len);
            let span = doc.span(&(range.start..range.start + first_line));
            let end = if in_quote(text, range.start) {
                "of its quote"
            } else {
                "of the page"
            };
            doc.problems.push(
                Diagnostic::new(
                    Code::E0403,
                    span,
                    format!("this HTML comment is never closed: everything after it to the end {end} is read as raw HTML and would not be published"),
                )
                .with_label("the comment starts here")
                .with_hint("end the comment with `-->`"),
            );
        }
        HtmlKind::Other => {
            let range = trimmed_range(text, range);
            // HTML blocks with only blank lines between them are one mistake, reported once.
            match doc.raw_html.last_mut() {
                Some(last)
                    if last.end <= range.start && text[last.end..range.start].trim().is_empty() =>
                {
                    last.end = range.end;
                }
                _ => doc.raw_html.push(range),
            }
        }
    }
}

pub(super) enum HtmlKind {
    Marker(Option<String>),
    UnknownDirective(String),
    Comment,
    /// `<!--` with no `-->`: Markdown reads the rest of the page into it.
    UnclosedComment,
    Other,
}

pub(super) fn classify_html(html: &str) -> HtmlKind {
    let trimmed = html.trim();
    let Some(inner) = trimmed
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
    else {
        // `<!-->` and `<!--->` are empty comments (CommonMark 0.31).
        return if trimmed.is_empty() || trimmed == "<!-->" || trimmed == "<!--->" {
            HtmlKind::Comment
        } else if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            HtmlKind::UnclosedComment
        } else {
            HtmlKind::Other
        };
    };
    let inner = inner.trim();
    let Some(directive) = inner.strip_prefix("cited:") else {
        return HtmlKind::Comment;
    };
    let directive = directive.trim();
    match directive.strip_prefix("not-a-claim") {
        Some(rest) => {
            let reason = rest.trim().trim_start_matches(':').trim();
            HtmlKind::Marker((!reason.is_empty()).then(|| reason.to_owned()))
        }
        None => {
            HtmlKind::UnknownDirective(directive.split([' ', ':']).next().unwrap_or("").to_owned())
        }
    }
}

pub(super) fn trimmed_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}
