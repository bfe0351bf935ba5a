//! Figures: numbers as written, normalised so equal quantities compare equal.

use std::ops::Range;

mod contact;
mod labels;

/// A figure found in text, normalised so equal quantities compare equal.
///
/// The normal form: an optional `-`, the integer part without separators or leading zeros
/// (`0` if none was written: `.05` → `0.05`), the decimal part exactly as written (trailing zeros
/// kept: `71.0` ≠ `71`), and `%` for a percentage (`%`, `percent`, `per cent`). A range is
/// `low–high` (en dash) with `%` on both ends if either is a percentage (`10 to 20%` →
/// `10%–20%`). Units and words around the number are dropped (`5mg` → `5`, `1.28 times` →
/// `1.28`, `fewer than 5` → `5`).
///
/// Figures order by normal form, then as written, then by place (`Range` has no order of its
/// own, so the order is written out by hand).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Figure {
    /// The normal form, compared for equality.
    pub normalized: String,
    /// The figure as written (`between 13 and 18`, `65.9 per cent`, `12,156`).
    pub written: String,
    /// Byte range of `written` in the text given.
    pub range: Range<usize>,
}

impl PartialOrd for Figure {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Figure {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (
            &self.normalized,
            &self.written,
            self.range.start,
            self.range.end,
        )
            .cmp(&(
                &other.normalized,
                &other.written,
                other.range.start,
                other.range.end,
            ))
    }
}

/// Every figure in a text (a sentence, or a findings excerpt), in order.
pub fn figures(text: &str) -> Vec<Figure> {
    FigureScanner::new(text).collect()
}

/// The most figures the claim rules read in one sentence ([`sentence_figures`]). A sentence of
/// prose states a few, a long list of rates a few dozen; 10 MiB of ` 5%` was one sentence of 3.5
/// million figures, and holding them took 540 MB. Past this, the sentence is refused (E0001), so
/// the figures left unread cannot be published unchecked.
pub const MAX_FIGURES_IN_A_SENTENCE: usize = 1_000;

/// The figures of a sentence, as [`figures`] finds them, up to [`MAX_FIGURES_IN_A_SENTENCE`];
/// `true` when the sentence holds more (the scan stops at the first past the bound).
pub fn sentence_figures(text: &str) -> (Vec<Figure>, bool) {
    let mut found: Vec<Figure> = FigureScanner::new(text)
        .take(MAX_FIGURES_IN_A_SENTENCE + 1)
        .collect();
    let over = found.len() > MAX_FIGURES_IN_A_SENTENCE;
    found.truncate(MAX_FIGURES_IN_A_SENTENCE);
    (found, over)
}

/// Every figure in a findings excerpt, years included: an excerpt only backs figures, so a
/// year-like number there ("2000 patients") may back the `2,000` that a sentence quotes. Use it
/// for the excerpts, and [`figures`] for the sentences.
pub fn finding_figures(text: &str) -> Vec<Figure> {
    let mut scanner = FigureScanner::new(text);
    scanner.every_number = true;
    scanner.collect()
}

/// Normalised form of one written figure: `Some` when `written` holds exactly one figure
/// (`"65.9 per cent"` → `65.9%`, `"between 13 and 18"` → `13–18`, `"fewer than 5"` → `5`),
/// `None` when it holds none or several.
///
/// Unlike [`figures`], this does not skip years: asked about `"2019"` it answers `2019`, so that
/// the normal form of `"2,000"` (`2000`) normalises to itself.
pub fn normalize(written: &str) -> Option<String> {
    let mut scanner = FigureScanner::new(written);
    scanner.every_number = true;
    let first = scanner.next()?;
    match scanner.next() {
        Some(_) => None,
        None => Some(first.normalized),
    }
}

/// Test hook: [`figures`] (or, with `every_number`, [`finding_figures`]) with `text` read through
/// the table of folded characters that a text holding any non-ASCII character is read through,
/// however it is written, for the test that reading an ASCII text byte by byte finds the same.
#[cfg(test)]
pub(crate) fn figures_through_table(text: &str, every_number: bool) -> Vec<Figure> {
    let mut scanner = FigureScanner::new(text);
    scanner.every_number = every_number;
    if matches!(scanner.cs, Chars::Ascii) {
        scanner.cs = Chars::table(text);
    }
    scanner.collect()
}

/// Units a number may be glued to and still be a figure (`5mg`).
pub(crate) const UNITS: &[&str] = &[
    "mg", "mcg", "µg", "μg", "g", "kg", "ml", "mL", "l", "L", "dl", "dL", "mmol", "mm", "cm", "m",
    "km", "h", "hr", "hrs", "min", "mins", "ms", "sec", "x", "kcal", "IU", "bpm", "mmHg", "yr",
    "yrs", "wk", "wks", "mo", "mos", "y", "d",
];

/// Characters that group thousands besides the comma.
pub(crate) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−')
}

pub(crate) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

pub(crate) fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−')
}

/// A number as parsed, before it becomes a [`Figure`].
#[derive(Debug, Clone)]
pub(crate) struct Num {
    /// Char index of its first character (the sign, if any).
    start: usize,
    /// Char index after its last character (unit or percent included).
    end: usize,
    negative: bool,
    int: String,
    frac: Option<String>,
    grouped: bool,
    percent: bool,
    unit: bool,
}

impl Num {
    fn is_year(&self) -> bool {
        !self.negative
            && self.frac.is_none()
            && !self.grouped
            && !self.percent
            && !self.unit
            && self.int.len() == 4
            && self
                .int
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y))
    }

    fn is_two_digit(&self) -> bool {
        !self.negative
            && self.frac.is_none()
            && !self.grouped
            && !self.percent
            && self.int.len() == 2
    }

    fn normal(&self, percent: bool) -> String {
        let mut s = String::with_capacity(self.int.len() + 4);
        if self.negative {
            s.push('-');
        }
        let int = self.int.trim_start_matches('0');
        s.push_str(if int.is_empty() { "0" } else { int });
        if let Some(f) = &self.frac {
            s.push('.');
            s.push_str(f);
        }
        if percent || self.percent {
            s.push('%');
        }
        s
    }
}

/// `c` as a figure reads it: a decimal digit of another script (Arabic-Indic `٧`, Persian `۷`,
/// Devanagari `७`, fullwidth `７`…) as its ASCII digit, and the Arabic percent sign, decimal and
/// thousands separators and the fullwidth percent sign as `%`, `.` and `,`; anything else as it
/// is. A figure in any script is checked, and compares equal to the same figure in ASCII.
pub(crate) fn fold(c: char) -> char {
    // The zero of each run of ten decimal digits (Unicode's `Nd`) in a script's block.
    const ZEROS: [u32; 20] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10,
    ];
    if c.is_ascii() {
        return c;
    }
    match c {
        '\u{066A}' | '\u{FF05}' => return '%',
        '\u{066B}' => return '.',
        '\u{066C}' => return ',',
        _ => {}
    }
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|zero| char::from_digit(code - zero, 10))
        .unwrap_or(c)
}

pub(crate) enum Scan {
    Num(Num),
    /// Not a figure: resume scanning at this char index.
    Skip(usize),
}

/// A text's characters as the scanner reads them, by char index, folded to ASCII ([`fold`]).
enum Chars {
    /// None: the text holds no digit, so no figure written with digits.
    NoDigit,
    /// The text is ASCII (and has no URL to leave out): char `k` is byte `k`, folded already.
    /// Most sentences that hold a digit are, and a table of their characters, 16 bytes each,
    /// made for every one of them was a good part of finding their figures.
    Ascii,
    /// Each char folded, at its byte offset in the text.
    Folded(Vec<(usize, char)>),
}

impl Chars {
    /// Each char of `text` folded to its ASCII form, at its own byte offset: `written` is still
    /// the text as written (`٧٥٪`), the normal form is ASCII (`75%`).
    fn table(text: &str) -> Chars {
        Chars::Folded(text.char_indices().map(|(b, c)| (b, fold(c))).collect())
    }

    /// The char at index `k` of `text`, folded; none past the end.
    #[inline]
    fn ch(&self, text: &str, k: usize) -> Option<char> {
        match self {
            Chars::NoDigit => None,
            Chars::Ascii => text.as_bytes().get(k).map(|&b| char::from(b)),
            Chars::Folded(cs) => cs.get(k).map(|&(_, c)| c),
        }
    }

    /// The byte offset in `text` of char index `k`; past the last char, the text's length.
    #[inline]
    fn byte(&self, text: &str, k: usize) -> usize {
        match self {
            Chars::NoDigit => text.len(),
            Chars::Ascii => k.min(text.len()),
            Chars::Folded(cs) => cs.get(k).map_or(text.len(), |&(b, _)| b),
        }
    }
}

/// Finds figures one at a time, left to right.
pub(crate) struct FigureScanner<'a> {
    text: &'a str,
    cs: Chars,
    k: usize,
    /// Char ranges not to look into (URLs).
    excluded: Vec<Range<usize>>,
    /// Report years and numbers that name rather than count (`type 2`) too: an excerpt's
    /// numbers all back figures, and [`normalize`] reads a figure already found.
    every_number: bool,
    /// Figures written in words (and "1 in 5", "2/3", "3×"), in order: they take the place of
    /// the digits inside them.
    words: Vec<Figure>,
    /// The next of `words` to report.
    word_at: usize,
    /// A figure with digits found and not yet reported.
    pending: Option<Figure>,
}

impl<'a> FigureScanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        // Most sentences hold no digit, so each is read whole (a byte-at-a-time `any` was about
        // a third of finding a sentence's figures).
        let has_digit = super::bytes::first(text.as_bytes(), |b| b.is_ascii_digit()).is_some()
            || (!text.is_ascii() && text.chars().any(|c| fold(c).is_ascii_digit()));
        let has_url = has_digit && (text.contains("://") || text.contains("www."));
        let cs = if !has_digit {
            Chars::NoDigit
        } else if text.is_ascii() && !has_url {
            Chars::Ascii
        } else {
            Chars::table(text)
        };
        let excluded = match &cs {
            Chars::Folded(cs) if has_url => url_ranges(cs),
            _ => Vec::new(),
        };
        let mut words = super::words::word_figures(text);
        if !excluded.is_empty() {
            // Both in order: the first URL that ends after a word starts is the only one that
            // may hold it.
            let bytes: Vec<Range<usize>> = excluded
                .iter()
                .map(|r| cs.byte(text, r.start)..cs.byte(text, r.end))
                .collect();
            words.retain(|w| {
                let next = bytes.partition_point(|r| r.end <= w.range.start);
                bytes.get(next).is_none_or(|r| r.start >= w.range.end)
            });
        }
        FigureScanner {
            text,
            cs,
            k: 0,
            excluded,
            every_number: false,
            words,
            word_at: 0,
            pending: None,
        }
    }

    fn ch(&self, k: usize) -> Option<char> {
        self.cs.ch(self.text, k)
    }

    fn before(&self, k: usize, back: usize) -> Option<char> {
        k.checked_sub(back).and_then(|i| self.ch(i))
    }

    fn digit(&self, k: usize) -> bool {
        self.ch(k).is_some_and(|c| c.is_ascii_digit())
    }

    fn byte(&self, k: usize) -> usize {
        self.cs.byte(self.text, k)
    }

    fn whitespace_from(&self, k: usize) -> usize {
        let mut i = k;
        while self.ch(i).is_some_and(char::is_whitespace) {
            i += 1;
        }
        i - k
    }

    /// Whether the word `w` (lowercase ASCII) starts at `k` and ends there.
    fn word_at(&self, k: usize, w: &str) -> bool {
        self.word_matching(k, w, |c, expected| c.to_ascii_lowercase() == expected)
    }

    /// Whether the word `w` starts at `k` and ends there, each char compared by `same`.
    fn word_matching(&self, k: usize, w: &str, same: impl Fn(char, char) -> bool) -> bool {
        let mut i = k;
        for expected in w.chars() {
            match self.ch(i) {
                Some(c) if same(c, expected) => i += 1,
                _ => return false,
            }
        }
        !self.ch(i).is_some_and(char::is_alphanumeric)
    }

    /// The end of an identifier that contains the number at `k` (`H1N1`, `10m01013`).
    fn skip_run(&self, k: usize) -> usize {
        let mut i = k;
        loop {
            match self.ch(i) {
                Some(c) if c.is_alphanumeric() || c == '_' => i += 1,
                Some(c)
                    if (c == '.' || c == '/' || is_hyphen(c))
                        && self.ch(i + 1).is_some_and(char::is_alphanumeric) =>
                {
                    i += 1
                }
                _ => return i.max(k + 1),
            }
        }
    }

    /// The digits from `k` on, and the char index after them.
    fn digits_at(&self, k: usize) -> (String, usize) {
        let mut digits = String::new();
        let mut i = k;
        while let Some(c) = self.ch(i).filter(char::is_ascii_digit) {
            digits.push(c);
            i += 1;
        }
        (digits, i)
    }

    /// Parses an unsigned number at `k` (a digit, or `.` before a digit); no look behind.
    fn unsigned(&self, k: usize) -> Scan {
        let mut i = k;
        let mut int = String::new();
        let mut grouped = false;
        if self.ch(i) != Some('.') {
            (int, i) = self.digits_at(i);
            if (1..=3).contains(&int.len())
                && let Some(sep) = self.ch(i).filter(|&c| c == ',' || is_group_space(c))
            {
                while self.ch(i) == Some(sep)
                    && (1..=3).all(|d| self.digit(i + d))
                    && !self.digit(i + 4)
                {
                    for d in 1..=3 {
                        if let Some(c) = self.ch(i + d) {
                            int.push(c);
                        }
                    }
                    i += 4;
                    grouped = true;
                }
            }
        }
        let mut frac = None;
        if self.ch(i) == Some('.') && self.digit(i + 1) {
            let f;
            (f, i) = self.digits_at(i + 1);
            frac = Some(f);
            if self.ch(i) == Some('.') && self.digit(i + 1) {
                // 1.2.3: a version or an address, not a quantity.
                return Scan::Skip(self.skip_run(i));
            }
        }
        if int.is_empty() && frac.is_none() {
            return Scan::Skip(k + 1);
        }
        if self.ch(i) == Some('_') {
            return Scan::Skip(self.skip_run(i));
        }
        if self.ch(i).is_some_and(char::is_alphabetic) {
            let mut u = i;
            while self.ch(u).is_some_and(char::is_alphabetic) {
                u += 1;
            }
            let unit: String = (i..u).filter_map(|k| self.ch(k)).collect();
            let glued_on = self.ch(u).is_some_and(|c| c.is_alphanumeric() || c == '_');
            if UNITS.contains(&unit.as_str()) && !glued_on {
                return Scan::Num(Num {
                    start: k,
                    end: u,
                    negative: false,
                    int,
                    frac,
                    grouped,
                    percent: false,
                    unit: true,
                });
            }
            return Scan::Skip(self.skip_run(i));
        }
        let mut end = i;
        let mut percent = false;
        let p = if self.ch(i).is_some_and(is_group_space) {
            i + 1
        } else {
            i
        };
        if self.ch(p) == Some('%') {
            percent = true;
            end = p + 1;
        } else if self.word_at(p, "percent") {
            percent = true;
            end = p + 7;
        } else if self.word_at(p, "per")
            && self.ch(p + 3).is_some_and(is_group_space)
            && self.word_at(p + 4, "cent")
        {
            percent = true;
            end = p + 8;
        }
        // `%50`: the sign before the number, as Turkish writes a percentage (not `a%50`, a
        // remainder in code).
        let mut start = k;
        if !percent
            && self.before(k, 1) == Some('%')
            && !self
                .before(k, 2)
                .is_some_and(|c| c.is_alphanumeric() || c == '%')
        {
            percent = true;
            start = k - 1;
        }
        Scan::Num(Num {
            start,
            end,
            negative: false,
            int,
            frac,
            grouped,
            percent,
            unit: false,
        })
    }

    /// A number that may carry a minus sign right before it, starting at `k`.
    fn signed(&self, k: usize) -> Option<Num> {
        let (negative, at) = match self.ch(k) {
            Some(c) if is_minus(c) && self.digit(k + 1) => (true, k + 1),
            _ => (false, k),
        };
        if !(self.digit(at) || (self.ch(at) == Some('.') && self.digit(at + 1))) {
            return None;
        }
        match self.unsigned(at) {
            Scan::Num(mut n) => {
                n.start = n.start.min(k);
                n.negative = negative;
                Some(n)
            }
            Scan::Skip(_) => None,
        }
    }

    /// The char index where `between` starts, if it comes right before `start`.
    fn between_before(&self, start: usize) -> Option<usize> {
        let mut i = start;
        while i > 0 && self.before(i, 1).is_some_and(char::is_whitespace) {
            i -= 1;
        }
        let word_start = i.checked_sub(7)?;
        if i == start || !self.word_at(word_start, "between") {
            return None;
        }
        let glued = self
            .before(word_start, 1)
            .is_some_and(char::is_alphanumeric);
        (!glued).then_some(word_start)
    }

    /// The second end of a range that starts with `a`, and whether a dash joined them.
    fn range_end(&self, a: &Num, between: bool) -> Option<(Num, bool)> {
        let ws_before = self.whitespace_from(a.end);
        let mut j = a.end + ws_before;
        let c = self.ch(j)?;
        let dash = is_dash(c);
        if dash {
            j += 1;
            if c == '-' && self.ch(j) == Some('-') {
                j += 1;
            }
        } else if ws_before > 0 && self.word_at(j, "to") {
            j += 2;
        } else if ws_before > 0 && between && self.word_at(j, "and") {
            j += 3;
        } else {
            return None;
        }
        let ws_after = self.whitespace_from(j);
        if !dash && ws_after == 0 {
            return None;
        }
        // `%10–%20`: Turkish puts the sign before each end.
        let b_at = j + ws_after;
        let b_at = if dash && self.ch(b_at) == Some('%') && self.digit(b_at + 1) {
            b_at + 1
        } else {
            b_at
        };
        let b = self.signed(b_at)?;
        Some((b, dash))
    }

    /// The end of a chain of dash-joined numbers (`2020-01-15`, `555-123-4567`).
    fn chain_end(&self, mut i: usize) -> usize {
        while self.ch(i).is_some_and(is_dash) && self.digit(i + 1) {
            i = self.skip_run(i + 1);
        }
        i
    }

    fn figure(&self, start: usize, end: usize, normalized: String) -> Figure {
        let (b0, b1) = (self.byte(start), self.byte(end));
        Figure {
            normalized,
            written: self.text.get(b0..b1).unwrap_or("").to_owned(),
            range: b0..b1.max(b0),
        }
    }

    /// The end of the URL holding char `k`, if one does. The URLs are in order and apart, so
    /// each char asks one of them (looking through all of them for each char took a sentence
    /// of `12 www.` its length times its URLs).
    fn in_url(&self, k: usize) -> Option<usize> {
        let next = self.excluded.partition_point(|r| r.end <= k);
        self.excluded
            .get(next)
            .filter(|r| r.contains(&k))
            .map(|r| r.end)
    }
}

impl Iterator for FigureScanner<'_> {
    type Item = Figure;

    /// The next figure, with digits or in words: a figure in words ("1 in 5") takes the place
    /// of the figures with digits inside it.
    fn next(&mut self) -> Option<Figure> {
        loop {
            if self.pending.is_none() {
                self.pending = self.next_with_digits();
            }
            let word = self.words.get(self.word_at);
            match (&self.pending, word) {
                (Some(d), Some(w))
                    if d.range.start < w.range.end && w.range.start < d.range.end =>
                {
                    self.pending = None;
                }
                (Some(d), Some(w)) if w.range.start < d.range.start => {
                    self.word_at += 1;
                    return Some(w.clone());
                }
                (Some(_), _) => return self.pending.take(),
                (None, Some(w)) => {
                    let w = w.clone();
                    self.word_at += 1;
                    return Some(w);
                }
                (None, None) => return None,
            }
        }
    }
}

impl FigureScanner<'_> {
    /// The next figure written with digits.
    fn next_with_digits(&mut self) -> Option<Figure> {
        loop {
            let k = self.k;
            let c = self.ch(k)?;
            if let Some(end) = self.in_url(k) {
                self.k = end.max(k + 1);
                continue;
            }
            let prev = self.before(k, 1);
            let prev2 = self.before(k, 2);
            let leading_dot = c == '.'
                && self.digit(k + 1)
                && !prev.is_some_and(|p| p.is_alphanumeric() || p == '.' || p == '_');
            if !c.is_ascii_digit() && !leading_dot {
                self.k = k + 1;
                continue;
            }
            if c.is_ascii_digit()
                && let Some(p) = prev
            {
                let glued = p.is_alphabetic()
                    || p == '_'
                    || p.is_ascii_digit()
                    || ((is_hyphen(p) || p == '.') && prev2.is_some_and(char::is_alphabetic))
                    || (is_dash(p) && prev2.is_some_and(|q| q.is_ascii_digit()));
                if glued {
                    // COVID-19, H1N1, PCC.10m01013, the tail of 2020-01-15.
                    self.k = self.skip_run(k);
                    continue;
                }
            }
            let signed = prev.is_some_and(is_minus)
                && prev2.is_none_or(|q| q.is_whitespace() || "([{=<>≤≥:;,/~≈".contains(q));
            let start = if signed { k - 1 } else { k };
            let mut a = match self.unsigned(k) {
                Scan::Num(n) => n,
                Scan::Skip(to) => {
                    self.k = to.max(k + 1);
                    continue;
                }
            };
            a.start = a.start.min(start);
            a.negative = signed;
            if let Some(end) = self.slashed_end(&a) {
                // `12/05/2024`, `24/7`: a date, or round the clock.
                self.k = end.max(k + 1);
                continue;
            }
            // `111.nhs.uk`, `nhs.uk/111`: a host's name or a path.
            let in_address = self.ch(a.end) == Some('.')
                && self.ch(a.end + 1).is_some_and(|c| c.is_ascii_lowercase())
                || self.before(a.start, 1) == Some('/');
            if in_address && let Some(end) = self.web_address_end(k) {
                self.k = end.max(k + 1);
                continue;
            }
            if !self.every_number
                && let Some(end) = self.name_end(&a)
            {
                // `type 2 diabetes`, `step 3`, `Call 999`, `09:00`: a name, not a quantity.
                self.k = end.max(k + 1);
                continue;
            }
            let between = self.between_before(a.start);
            // `%10–20`: a sign before the first end, as Turkish writes it, is the range's.
            let sign_first = self.ch(a.start) == Some('%');
            if let Some((b, dash)) = self.range_end(&a, between.is_some())
                && (!a.percent || b.percent || sign_first)
            {
                if dash && self.ch(b.end).is_some_and(is_dash) && self.digit(b.end + 1) {
                    self.k = self.chain_end(b.end).max(k + 1);
                    continue;
                }
                self.k = b.end.max(k + 1);
                if !self.every_number && a.is_year() && (b.is_year() || b.is_two_digit()) {
                    continue;
                }
                let normalized = format!("{}–{}", a.normal(b.percent), b.normal(sign_first));
                return Some(self.figure(between.unwrap_or(a.start), b.end, normalized));
            }
            self.k = a.end.max(k + 1);
            if !self.every_number && a.is_year() {
                continue;
            }
            return Some(self.figure(a.start, a.end, a.normal(false)));
        }
    }
}

/// Char ranges of whitespace-separated tokens that are URLs.
pub(crate) fn url_ranges(cs: &[(usize, char)]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if cs.get(i).is_some_and(|&(_, c)| c.is_whitespace()) {
            i += 1;
            continue;
        }
        let start = i;
        while cs.get(i).is_some_and(|&(_, c)| !c.is_whitespace()) {
            i += 1;
        }
        let token: String = cs
            .get(start..i)
            .unwrap_or(&[])
            .iter()
            .map(|&(_, c)| c)
            .collect();
        let t = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        if token.contains("://") || t.to_ascii_lowercase().starts_with("www.") {
            out.push(start..i);
        }
    }
    out
}
