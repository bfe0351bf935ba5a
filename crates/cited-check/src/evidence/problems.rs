//! Where the parse's problems of a few codes are, for the claim rules' questions about each claim
//! (is it miswritten, is its figure inside a note mark): one pass over a document's problems.
//! Each claim's look through all of them took the claims times the problems, minutes for a page
//! of 60,000 sentences each with a note mark that has no note.

use std::ops::Range;

use cited_site::{Code, Document};

/// The spans of a document's problems of some codes, by where they start.
pub(super) struct ProblemSpans {
    /// Start and end of each, sorted.
    spans: Vec<(usize, usize)>,
    /// The furthest end among the spans up to each.
    furthest: Vec<usize>,
}

impl ProblemSpans {
    /// The spans, in the file, of `doc`'s problems of the codes `codes`.
    pub(super) fn of(doc: &Document, codes: &[Code]) -> Self {
        let spans = doc
            .problems
            .iter()
            .filter(|p| codes.contains(&p.code))
            .filter_map(|p| p.span.as_ref())
            .map(|s| (s.range.start, s.range.end))
            .collect();
        Self::from_spans(spans)
    }

    /// The spans `spans`, each a start and an end.
    fn from_spans(mut spans: Vec<(usize, usize)>) -> Self {
        spans.sort_unstable();
        let furthest = spans
            .iter()
            .scan(0, |furthest, &(_, end)| {
                *furthest = end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        ProblemSpans { spans, furthest }
    }

    /// Whether a span overlaps `range`.
    pub(super) fn overlap(&self, range: &Range<usize>) -> bool {
        let before_end = self.spans.partition_point(|&(start, _)| start < range.end);
        before_end
            .checked_sub(1)
            .and_then(|i| self.furthest.get(i))
            .is_some_and(|&end| end > range.start)
    }

    /// Whether a span holds all of `range`.
    pub(super) fn hold(&self, range: &Range<usize>) -> bool {
        let from_start = self
            .spans
            .partition_point(|&(start, _)| start <= range.start);
        from_start
            .checked_sub(1)
            .and_then(|i| self.furthest.get(i))
            .is_some_and(|&end| end >= range.end)
    }

    /// Whether a span starts in `range`.
    pub(super) fn start_in(&self, range: &Range<usize>) -> bool {
        let first = self
            .spans
            .partition_point(|&(start, _)| start < range.start);
        self.spans
            .get(first)
            .is_some_and(|&(start, _)| start < range.end)
    }
}

/// The parse's problems the claim rules ask about for each claim.
pub(super) struct ClaimProblems {
    /// Miswritten citations (E0103): a sentence holding one is no uncited claim, and a figure
    /// after its `[` is most likely its page.
    pub(super) miswritten: ProblemSpans,
    /// Note marks printed as text (E0407, E0306): a figure inside one is no claim's.
    pub(super) note_marks: ProblemSpans,
    /// Note numbers pasted from a word processor (E0306): no figure of the claim.
    pub(super) pasted_notes: ProblemSpans,
}

impl ClaimProblems {
    /// The problems of `doc` the claim rules ask about.
    pub(super) fn of(doc: &Document) -> Self {
        ClaimProblems {
            miswritten: ProblemSpans::of(doc, &[Code::E0103]),
            note_marks: ProblemSpans::of(doc, &[Code::E0407, Code::E0306]),
            pasted_notes: ProblemSpans::of(doc, &[Code::E0306]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_questions_answer_as_a_look_through_every_span_would() {
        let all = [(2, 9), (4, 5), (12, 14), (20, 30)];
        let s = ProblemSpans::from_spans(all.to_vec());
        for start in 0..35 {
            for end in start..36 {
                let r = start..end;
                let overlap = all.iter().any(|&(a, b)| a < r.end && r.start < b);
                let hold = all.iter().any(|&(a, b)| a <= r.start && r.end <= b);
                let start_in = all.iter().any(|&(a, _)| r.start <= a && a < r.end);
                assert_eq!(s.overlap(&r), overlap, "{r:?}");
                assert_eq!(s.hold(&r), hold, "{r:?}");
                assert_eq!(s.start_in(&r), start_in, "{r:?}");
            }
        }
    }
}
