//! Numbers that name rather than count: `type 2 diabetes`, `stage 3`, `step 2`, `table 1`,
//! `charity number 1112345`, a day beside its month (`12 March 2024`), a file's size (`245 KB`),
//! and a number to call after the word before it shows one (`Call 999`, read in `contact.rs`
//! with the other contact details); and numbers joined by slashes that count nothing, a date
//! (`12/05/2024`) and `24/7`. None is a quantity a source could state, so none makes a sentence a
//! claim, nor needs an excerpt to back it; each was an uncited claim (E0301) before, or, cited, a
//! figure its source did not state (E0302: an excerpt says `T2D`).

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

/// Words after which a number of four digits or more is a registration's (`charity number
/// 1112345`, `company no. 219830`; `no` only with its full stop). A shorter one is a rank (`the
/// number 1 cause`), and counts.
const REGISTERED: &[&str] = &["number", "no"];

/// The months' abbreviations, written with a capital (their names are cited-csl's): a day's
/// number beside a month names the day (`12 March 2024`, `March 12`, `12–14 Sept.`).
const MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// The units of a file's size, as a link to a download gives it: `(PDF, 245 KB)`.
const FILE_SIZES: &[&str] = &["KB", "kB", "MB", "GB", "KiB", "MiB", "GiB"];

/// Words after a label's or a call's numbers that show they count: a multiple (`3 times`,
/// `2 fold`) or what is counted (`a call 2 days later`). A share (`%`, `percent`) is read with
/// the number itself, and a unit is one of [`UNITS`].
const COUNTING: &[&str] = &[
    "times", "fold", "x", "×", "minute", "minutes", "hour", "hours", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "time", "people", "person", "patients",
];

impl FigureScanner<'_> {
    /// Where the number `a`, and the numbers that go with it, end when it names rather than
    /// counts: a label's (see the module), a day's, a file's size, or a service's contact
    /// details (`contact.rs`); `None` when it counts.
    pub(super) fn name_end(&self, a: &Num) -> Option<usize> {
        if a.percent || a.unit || a.negative {
            return None;
        }
        self.label_end(a)
            .or_else(|| self.contact_end(a))
            .or_else(|| self.day_end(a))
            .or_else(|| self.file_size_end(a))
    }

    /// Where a label's number `a` ends, and the numbers listed with it, when the word before it
    /// names what it labels, or shows a number to call.
    fn label_end(&self, a: &Num) -> Option<usize> {
        let (word_start, word) = self.word_before(a.start)?;
        let end = if LABELS.contains(&word.as_str()) {
            self.label_list_end(a)?
        } else if REGISTERED.contains(&word.as_str()) {
            // `no` only as `no.`, an abbreviation, not `no 1234 people`.
            let written = word == "number" || self.ch(word_start + 2) == Some('.');
            let long = a.frac.is_none() && a.int.len() >= 4;
            (written && long).then_some(a.end)?
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

    /// The end of a day's number beside its month's name (`12 March`, `March 12`), or of two
    /// joined as a range before it (`12–14 March`).
    fn day_end(&self, a: &Num) -> Option<usize> {
        if !self.is_day(a) {
            return None;
        }
        let month_after = |end: usize| {
            let spaces = self.whitespace_from(end);
            spaces > 0 && self.month_at(end + spaces)
        };
        if let Some((b, _)) = self.range_end(a, false)
            && self.is_day(&b)
            && month_after(b.end)
        {
            return Some(b.end);
        }
        let month_before = self
            .word_before(a.start)
            .is_some_and(|(start, _)| self.month_at(start));
        (month_after(a.end) || month_before).then_some(a.end)
    }

    /// Whether `n` can be a day of a month: a whole number from 1 to 31 of one or two digits.
    fn is_day(&self, n: &Num) -> bool {
        !(n.percent || n.unit || n.negative || n.grouped || n.frac.is_some())
            && n.int.len() <= 2
            && n.int.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
    }

    /// Whether a month's name or abbreviation ([`MONTH_ABBREVIATIONS`]), written with a
    /// capital, starts at `k`.
    fn month_at(&self, k: usize) -> bool {
        (1..=12)
            .filter_map(cited_csl::month_name)
            .chain(MONTH_ABBREVIATIONS.iter().copied())
            .any(|month| self.word_matching(k, month, |c, expected| c == expected))
    }

    /// The end of a file's size (`245 KB`, `1.2 MB`); a size glued to its unit (`245KB`) is
    /// no figure already, as any number glued to a word that is no unit.
    fn file_size_end(&self, a: &Num) -> Option<usize> {
        let at = a.end + self.whitespace_from(a.end);
        FILE_SIZES
            .iter()
            .find(|unit| self.word_matching(at, unit, |c, expected| c == expected))
            .map(|unit| at + unit.len())
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
        // A fourth part makes it neither: no further is read, as each number of a long chain
        // (`/1/1/1…`) asks again.
        while parts.len() < 4 && self.ch(end) == Some('/') && self.digit(end + 1) {
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
