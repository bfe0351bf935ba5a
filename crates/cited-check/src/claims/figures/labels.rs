//! Numbers that name rather than count: `type 2 diabetes`, `stage 3`, `step 2`, `table 1`, and
//! a number to call after the word before it shows one (`Call 999`, read in `contact.rs`); and
//! numbers joined by slashes that count nothing, a date (`12/05/2024`) and `24/7`. None is a
//! quantity a source could state, so none makes a sentence a claim, nor needs an excerpt to back
//! it; each was an uncited claim (E0301) before, or, cited, a figure its source did not state
//! (E0302: an excerpt says `T2D`).

use super::{FigureScanner, Num, Scan, UNITS};

/// Words after which a number names a kind, a stage or a part of a text. A number followed by
/// `%`, a unit or a multiple (`in phase 2 to 3 mg`) still counts. Not `level`: a blood
/// sugar level 4 to 7 mmol/L, or a blood pressure level 140/90, is a measurement.
const LABELS: &[&str] = &[
    "type",
    "types",
    "stage",
    "stages",
    "phase",
    "phases",
    "grade",
    "grades",
    "class",
    "category",
    "tier",
    "schedule",
    "step",
    "steps",
    "chapter",
    "chapters",
    "section",
    "sections",
    "page",
    "pages",
    "figure",
    "figures",
    "fig",
    "table",
    "tables",
    "question",
    "questions",
    "appendix",
    "part",
    "parts",
    "item",
    "items",
    "box",
    "version",
];

/// Words after a label's or a call's numbers that show they count: a multiple (`3 times`,
/// `2 fold`) or what is counted (`a call 2 days later`). A share (`%`, `percent`) is read with
/// the number itself, and a unit is one of [`UNITS`].
const COUNTING: &[&str] = &[
    "times", "fold", "x", "×", "minute", "minutes", "hour", "hours", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "time", "people", "person", "patients",
];

impl FigureScanner<'_> {
    /// Where the number `a`, and the numbers that go with it, end when it names rather than
    /// counts (see the module); `None` when it counts.
    pub(super) fn label_end(&self, a: &Num) -> Option<usize> {
        if a.percent || a.unit || a.negative {
            return None;
        }
        let (word_start, word) = self.word_before(a.start)?;
        let end = if LABELS.contains(&word.as_str()) {
            self.label_list_end(a)?
        } else {
            self.number_to_call_end(a, word_start, &word)?
        };
        // What follows shows a number that counts: a multiple, a unit, or what it counts
        // (`a stage 2 times higher`, `in phase 2 to 3 mg`, `a call 2 days later`).
        let next = end + self.whitespace_from(end);
        let counts = COUNTING.iter().any(|w| self.word_at(next, w))
            || UNITS.iter().any(|unit| self.unit_at(next, unit));
        (!counts).then_some(end)
    }

    /// Whether the unit `unit` (`mg`, `mmol`, `mL`) starts at `k` as a word of its own, or
    /// before `/` (`mmol/L`).
    fn unit_at(&self, k: usize, unit: &str) -> bool {
        self.word_matching(k, unit, |c, expected| c == expected)
    }

    /// Where numbers joined by slashes end when they count nothing: a date of three numbers
    /// (`12/05/2024`, `5/3/24`), or `24/7` (open round the clock); `None` otherwise. A fraction
    /// (`2/3`) is a share, found among the figures in words.
    pub(super) fn slashed_end(&self, a: &Num) -> Option<usize> {
        if a.percent || a.unit || a.frac.is_some() || a.grouped {
            return None;
        }
        let mut parts = vec![a.int.as_str().to_owned()];
        let mut end = a.end;
        while self.ch(end) == Some('/') && self.digit(end + 1) {
            let part;
            (part, end) = self.digits_at(end + 1);
            parts.push(part);
        }
        // Glued to what follows (`24/7h`, `1/2/3.5`): not one of these.
        if self
            .ch(end)
            .is_some_and(|c| c.is_alphanumeric() || c == '.' && self.digit(end + 1))
        {
            return None;
        }
        let round_the_clock = parts == ["24", "7"];
        let date = parts.len() == 3 && parts.iter().all(|p| (1..=4).contains(&p.len()));
        (round_the_clock || date).then_some(end)
    }

    /// The word, lowercased, that ends right before the whitespace before `k`, and where it
    /// starts: `type` in `type 2`, `fig` in `Fig. 2`. None if no whitespace comes before `k`, or
    /// no word before that.
    pub(super) fn word_before(&self, k: usize) -> Option<(usize, String)> {
        let mut end = k;
        while end > 0 && self.before(end, 1).is_some_and(char::is_whitespace) {
            end -= 1;
        }
        if end == k {
            return None;
        }
        // `Fig. 2`, `No. 5`: an abbreviation's full stop.
        if self.before(end, 1) == Some('.') {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && self.before(start, 1).is_some_and(char::is_alphabetic) {
            start -= 1;
        }
        if start == end || self.before(start, 1).is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        let word = (start..end)
            .filter_map(|i| self.ch(i))
            .flat_map(char::to_lowercase)
            .collect();
        Some((start, word))
    }

    /// The end of a label's numbers: `2`, `4–6` (`pages 4–6`), `1 and 2` (`types 1 and 2`),
    /// `3, 4 or 5`. Numbers after a comma belong to the label only when `and`, `or` or `&`
    /// ends the list: in `stage 3, 12 mg`, the `12 mg` counts. A number of the list that counts
    /// (`40%` in `stage 3 and 40% of them`) ends it, and a range whose end counts (`stage 2–3%`)
    /// is no label's: `None`.
    fn label_list_end(&self, a: &Num) -> Option<usize> {
        let mut end = match self.range_end(a, false) {
            Some((b, _)) if b.percent || b.unit => return None,
            Some((b, _)) => b.end,
            None => a.end,
        };
        let mut listed = end;
        loop {
            let mut j = listed;
            if self.ch(j) == Some(',') {
                j += 1;
            }
            j += self.whitespace_from(j);
            let joined = ["and", "or", "&"].iter().find(|w| self.word_at(j, w));
            if let Some(joint) = joined {
                j += joint.chars().count();
                j += self.whitespace_from(j);
            }
            if j == listed || !self.digit(j) {
                return Some(end);
            }
            match self.unsigned(j) {
                Scan::Num(n) if !n.percent && !n.unit => listed = n.end,
                _ => return Some(end),
            }
            if joined.is_some() {
                end = listed;
            }
        }
    }
}
