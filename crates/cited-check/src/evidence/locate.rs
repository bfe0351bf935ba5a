//! Where a figure is in the text of its sentence, written with whatever spaces.

use cited_site::Document;
use cited_site::SourceFile;

/// The span of a figure as written inside a sentence, or the sentence if it cannot be found
/// (smart punctuation may have changed the text).
pub(super) fn figure_span(
    source: &SourceFile,
    doc: &Document,
    sentence: &std::ops::Range<usize>,
    written: &str,
) -> cited_site::Span {
    let span = doc.span(sentence);
    let text = &source.text;
    match text
        .get(span.range.clone())
        .and_then(|s| find_loosely(s, written))
    {
        Some(found) => cited_site::Span::new(
            span.file,
            span.range.start + found.start..span.range.start + found.end,
        ),
        None => span,
    }
}

/// Where `needle` is in `haystack`, a space in it matching any space there (`50 %` is found in
/// `50\u{a0}%`, written with a no-break space): the byte range in `haystack`.
fn find_loosely(haystack: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    // A figure standing on its own (`1`, not the 1 of `13`), else the first place it is.
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let glued_before = |r: &std::ops::Range<usize>| digit(haystack[..r.start].chars().next_back());
    let glued_after = |r: &std::ops::Range<usize>| digit(haystack[r.end..].chars().next());
    let (starts_with_digit, ends_with_digit) = (
        digit(needle.chars().next()),
        digit(needle.chars().next_back()),
    );
    let alone = |r: &std::ops::Range<usize>| {
        let glued = (starts_with_digit && glued_before(r)) || (ends_with_digit && glued_after(r));
        !glued
    };
    let mut found = loose_matches(haystack, needle);
    let first = found.next()?;
    if alone(&first) {
        return Some(first);
    }
    Some(found.find(|r| alone(r)).unwrap_or(first))
}

/// Every place `needle` is in `haystack`, a space in it matching any space there.
fn loose_matches<'h>(
    haystack: &'h str,
    needle: &'h str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'h {
    let first = needle.chars().next();
    haystack
        .char_indices()
        .filter(move |&(_, c)| Some(c) == first)
        .filter_map(move |(start, _)| {
            let mut rest = haystack[start..].char_indices();
            for want in needle.chars() {
                let (_, got) = rest.next()?;
                if got != want && !(got.is_whitespace() && want.is_whitespace()) {
                    return None;
                }
            }
            let end = rest.next().map_or(haystack.len(), |(i, _)| start + i);
            Some(start..end)
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_found_whatever_space_it_is_written_with() {
        let text = "It took 13 sessions for 50\u{a0}% of people.";
        let found = find_loosely(text, "50 %").unwrap();
        assert_eq!(&text[found], "50\u{a0}%");
        assert_eq!(find_loosely(text, "13"), Some(8..10));
        assert_eq!(find_loosely(text, "60 %"), None);
    }

    #[test]
    fn a_figure_is_found_where_it_stands_alone() {
        assert_eq!(
            find_loosely("between 13 and 18 for 1 in 2", "1"),
            Some(22..23)
        );
        assert_eq!(find_loosely("50\u{a0}% of 150 %", "50 %"), Some(0..5));
        // Nowhere alone: the first place it is.
        assert_eq!(find_loosely("13 and 31", "1"), Some(0..1));
    }
}
