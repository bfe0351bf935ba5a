//! Pandoc's author-in-text citations (`@key`, `@key [p. 4]`). The parser knows nothing of a bare
//! `@key` and hands a run of text over in several events, so the loop holds consecutive text back
//! and each stretch written as it reads (no escapes, entities or smart punctuation) is scanned
//! here, whole, and in the analysis given to the slips' checks (`slips.rs`). The mistakes that show
//! only around such a key are reported here too: a bracketed citation whose `]` is missing or which
//! is too long for Markdown to read, and `{@key}` or `(@key)` (E0103).

use std::ops::Range;

use super::*;

impl<'t> Emit<'_, '_, 't> {
    /// One text event, as the loop emits it.
    fn text(&mut self, event: Event<'t>, range: Range<usize>) {
        if self.analyse {
            self.builder.observe(self.source, &event, &range);
            if !self.in_heading {
                return;
            }
        }
        self.events.push((DocEvent::Markdown(event), range));
    }

    /// Consecutive text events, taken out of `texts`: each `@key` (`@key [p. 4]`) in text
    /// written as it reads (no escapes, entities or smart punctuation in it) becomes an
    /// author-in-text citation.
    /// `malformed`: the malformed bracketed citations seen so far, sorted; an `@key` inside one
    /// (E0103) is part of that mistake, not a citation of its own.
    pub(super) fn texts(
        &mut self,
        source: &'t str,
        texts: &mut Vec<(Event<'t>, Range<usize>)>,
        malformed: &[Range<usize>],
    ) {
        let mut run: Option<Range<usize>> = None;
        for (event, range) in texts.drain(..) {
            let verbatim =
                matches!(&event, Event::Text(t) if source.get(range.clone()) == Some(t.as_ref()));
            match (&mut run, verbatim) {
                (Some(r), true) if r.end == range.start => r.end = range.end,
                (_, true) => {
                    if let Some(r) = run.take() {
                        self.scan(source, r, malformed);
                    }
                    run = Some(range);
                }
                (_, false) => {
                    if let Some(r) = run.take() {
                        self.scan(source, r, malformed);
                    }
                    self.text(event, range);
                }
            }
        }
        if let Some(r) = run {
            self.scan(source, r, malformed);
        }
    }

    /// Text `range` of `source`, verbatim, with its author-in-text citations.
    fn scan(&mut self, source: &'t str, range: Range<usize>, malformed: &[Range<usize>]) {
        if self.analyse {
            self.report_slips(source, range.clone());
        }
        let mut cursor = range.start;
        let mut from = range.start;
        // The last `[` before the `@` at hand with no `]` after it, kept up to date as the scan
        // moves on (looking back from each `@` took time in the square of the run's length),
        // and the last such `[` reported: one report for a bracket, however many keys it holds.
        let mut open_before: Option<usize> = None;
        let mut seen = range.start;
        let mut reported: Option<usize> = None;
        while let Some(offset) = source
            .get(from..range.end)
            .and_then(|t| memchr::memchr(b'@', t.as_bytes()))
        {
            let at = from + offset;
            from = at + 1;
            // Malformed citations do not overlap: the one starting last before `at`.
            let before = malformed.partition_point(|m| m.start <= at);
            if before > 0 && malformed[before - 1].contains(&at) {
                continue;
            }
            let Some((item, end)) = source
                .get(..range.end)
                .and_then(|run| citation::author_in_text(run, at))
            else {
                continue;
            };
            if end > range.end {
                continue;
            }
            if !self.budget.take(1, at) {
                break;
            }
            for (i, b) in source.as_bytes()[seen..at].iter().enumerate() {
                match b {
                    b'[' => open_before = Some(seen + i),
                    b']' => open_before = None,
                    _ => {}
                }
            }
            seen = at;
            // `[@key.` or `[see @key, p. 4`: a bracketed citation whose `]` is missing reads as
            // a `[` printed as it is and an author-in-text citation.
            if self.analyse
                && let Some(open) = open_before
                && reported != Some(open)
            {
                reported = Some(open);
                self.doc
                    .problems
                    .push(self.unread_bracket(source, open, at, &item));
            }
            // `{@key}` (LaTeX's habit) and `(@key)`: the marks are printed around the author's
            // name and the style's citation (`(Hansen (2002))`), where `[@key]` was meant.
            if self.analyse
                && let Some(open) = at.checked_sub(1).filter(|&open| open >= range.start)
                && let Some(close) = match source.as_bytes()[open] {
                    b'{' => Some('}'),
                    b'(' => Some(')'),
                    _ => None,
                }
                && source[end..range.end].starts_with(close)
            {
                let span = self.doc.span(&(open..end + 1));
                let key = &source[at..item.key_range().end];
                // `@key [p. 4]` in brackets is `[@key, p. 4]`.
                let locator = source[item.key_range().end..end]
                    .trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .trim();
                let bracketed = if locator.is_empty() {
                    format!("[{key}]")
                } else {
                    format!("[{key}, {locator}]")
                };
                self.doc.problems.push(
                    Diagnostic::new(
                        Code::E0103,
                        span,
                        format!(
                            "malformed citation: the `{}{close}` around it would be printed, with the author's name and the citation inside",
                            &source[open..=open]
                        ),
                    )
                    .with_label("printed as written")
                    .with_hint(format!(
                        "cite in square brackets: `{bracketed}`; to name the author in the sentence, write `{}` without brackets",
                        &source[at..end]
                    )),
                );
            }
            if cursor < at {
                self.text(
                    Event::Text(CowStr::Borrowed(&source[cursor..at])),
                    cursor..at,
                );
            }
            let index = self.doc.citations.len();
            self.doc.citations.push(Citation {
                items: Box::new([item]),
                range: at..end,
            });
            self.events.push((DocEvent::Citation(index), at..end));
            if self.analyse {
                self.builder.piece(Piece::Citation(index));
            }
            cursor = end;
            from = end;
        }
        if cursor < range.end {
            self.text(
                Event::Text(CowStr::Borrowed(&source[cursor..range.end])),
                cursor..range.end,
            );
        }
    }

    /// The problem with a `[` at byte `open` that did not make a citation of the `@` at `at`:
    /// never closed, or closed but too long for Markdown to read as one. CommonMark reads at
    /// most 999 characters between brackets; pulldown-cmark counts only spaces and non-ASCII
    /// bytes toward that, so a citation of about 1,000 sources reads and a longer one does not.
    fn unread_bracket(&self, source: &str, open: usize, at: usize, item: &CiteItem) -> Diagnostic {
        // The `]` that closes it, before another `[` or the paragraph's end (a blank line).
        let rest = &source[at..];
        let paragraph_end = rest.find("\n\n").unwrap_or(rest.len());
        let close = rest[..paragraph_end]
            .find(['[', ']'])
            .map(|i| at + i)
            .filter(|&i| source.as_bytes()[i] == b']');
        if let Some(close) = close {
            let sources = source[open + 1..close].matches('@').count();
            return Diagnostic::new(
                Code::E0103,
                self.doc.span(&(open..close + 1)),
                format!(
                    "malformed citation: its brackets hold {sources} sources, too many for Markdown to read as one pair of brackets (about 1,000 at most), so it would be printed as it is"
                ),
            )
            .with_label("too long to read")
            .with_hint("split it into several citations of fewer sources");
        }
        Diagnostic::new(
            Code::E0103,
            self.doc.span(&(open..open + 1)),
            "malformed citation: this `[` is never closed, so it would be printed as it is",
        )
        .with_label("not closed")
        .with_hint(format!(
            "close the citation after its source or page: `{}]`",
            &source[open..item.key_range().end]
        ))
    }
}
