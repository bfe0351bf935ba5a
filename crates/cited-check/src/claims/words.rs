//! Figures written in words, and the figures they stand for.
//!
//! A proportion or a multiple written in words is as much a figure as one written with digits,
//! and is checked the same way. These are figures (with their normal form):
//!
//! - fractions: "a third", "one third", "two thirds", "two-thirds", "three quarters",
//!   "a fifth" … "nine tenths" (`2/3`, `3/4`, `1/5`, reduced); "a" or "one" with a singular
//!   ("a third", "one quarter") only before "of" or at the end of a clause ("fell by a third."),
//!   since "a third session" is an ordinal;
//! - "half" (`1/2`) where it is a share of a group: before "of", "the", a pronoun or a verb of
//!   reporting ("half of them", "half the patients", "half were"), after a word that
//!   approximates or compares ("about half", "more than half", "cut in half"), or opening the
//!   sentence; not in a measure or a compound ("half an hour", "half a day", "half-hour",
//!   "halfway"), after an ordinal or a side ("the first half", "the other half"), after a
//!   possessive ("the pager's half"), or inside another word ("behalf");
//! - "N in M" with words or digits, N smaller than M: "one in five", "1 in 5", "two in three",
//!   "1 in 1,000" (`1/5`, `2/3`, `1/1000`); not "one in the …", nor a year ("1 in 2020");
//! - a fraction with digits up to tenths: "2/3", "1/4" (`2/3`, `1/4`); not "24/7" or a date
//!   such as "1/2/2020";
//! - multiples: "twice as …", "twice the …", "twice that"; "three times as likely", "three times
//!   more", "three times higher" (a number word, then "times", then a comparison); "twofold",
//!   "two-fold"; "3×" (`2×`, `3×`). Not "twice a week" or "three times a day": a count of events
//!   is not a comparison;
//! - percentages in words: "fifty percent", "sixty-five per cent" (`50%`, `65%`).
//!
//! Not figures: cardinals alone ("five signs", "one study", "two groups"), ordinals ("the third
//! session"), and vague quantifiers ("most", "many", "some", "few", "several", "the majority",
//! "a minority", "almost all"), which state no quantity a source could be checked against;
//! "double", "triple" and "halved", which are as often verbs of everyday speech as comparisons.
//! Words that make a sentence a claim without being a figure are the evidential phrases' job.
//!
//! A figure in words is backed by an excerpt that states the same quantity in any form
//! ([`backs`]): "two thirds" by "two-thirds", "2/3", "66.7%" or "67%"; "one in five" by "1 in 5",
//! "a fifth" or "20%"; "three times as likely" by "three times", "threefold", "3×", "3" or
//! "3.0". A percentage backs a fraction when it is the fraction rounded to the percentage's own
//! precision (66.7% and 67% back two thirds; 66% and 65.9% do not), and a number backs a multiple
//! in the same way (3.0 backs "three times", 2.96 does not): the same rule as for digits, where
//! the source's precision is part of what it says. "About" and "nearly" do not loosen it. As
//! with digits, a number is compared, not what it counts: "3 sessions" in an excerpt backs
//! "three times as likely" as it backs "3 times".

use std::ops::Range;

use super::figures::Figure;

mod quick;

use quick::{starts_a_figure, worth_scanning};

/// A token of the text: a run of ASCII letters, a number written with digits, or one other
/// character, with whether whitespace came before it.
#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    kind: Kind,
    space_before: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word,
    /// Digits, with their value when they are a whole number (grouped by commas or not).
    Digits(Option<u64>),
    Other(char),
    /// ASCII letters glued to other letters (`naïve`): not a word of ours.
    Foreign,
}

/// Every figure written in words (and the compound figures "1 in 5", "2/3", "3×"), in order.
pub(crate) fn word_figures(text: &str) -> Vec<Figure> {
    if !worth_scanning(text) {
        return Vec::new();
    }
    figures_in(text, &tokenize(text))
}

/// Test hook: [`word_figures`] without the quick test of whether `text` is worth scanning, for
/// the test that the quick test skips no figure.
#[cfg(test)]
pub(crate) fn word_figures_scanning_all(text: &str) -> Vec<Figure> {
    figures_in(text, &tokenize(text))
}

/// The figures in words among `tokens`, the tokens of `text`.
fn figures_in(text: &str, tokens: &[Token]) -> Vec<Figure> {
    let scan = Scan { text, t: tokens };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match scan.figure_at(i) {
            Some((end, normalized)) if !scan.glued_after(end) => {
                let (Some(first), Some(last)) = (tokens.get(i), tokens.get(end - 1)) else {
                    break;
                };
                let range = first.range.start..last.range.end;
                out.push(Figure {
                    normalized,
                    written: text.get(range.clone()).unwrap_or("").to_owned(),
                    range,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Test hook: the indexes of `text`'s tokens where some pattern matches although
/// [`Scan::can_start`] says no figure starts there (none, for the filter to be sound).
#[cfg(test)]
pub(crate) fn missed_starts(text: &str) -> Vec<usize> {
    let tokens = tokenize(text);
    let scan = Scan { text, t: &tokens };
    (0..tokens.len())
        .filter(|&i| !scan.can_start(i) && scan.patterns_at(i).is_some())
        .collect()
}

/// Tokens of `text`.
fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut space_before = false;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if b.is_ascii_alphabetic() {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            // A word glued to other letters (`naïve`, `ñhalf`) is not one of ours.
            let glued = text
                .get(i..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphanumeric)
                || text
                    .get(..start)
                    .and_then(|r| r.chars().next_back())
                    .is_some_and(char::is_alphanumeric);
            tokens.push(Token {
                range: start..i,
                kind: if glued { Kind::Foreign } else { Kind::Word },
                space_before,
            });
            space_before = false;
        } else if b.is_ascii_digit() {
            let start = i;
            let mut value: Option<u64> = Some(0);
            let mut whole = true;
            while let Some(&c) = bytes.get(i) {
                if c.is_ascii_digit() {
                    value = value
                        .and_then(|v| v.checked_mul(10))
                        .and_then(|v| v.checked_add(u64::from(c - b'0')));
                    i += 1;
                } else if (c == b',' || c == b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    whole &= c == b',';
                    i += 1;
                } else {
                    break;
                }
            }
            tokens.push(Token {
                range: start..i,
                kind: Kind::Digits(if whole { value } else { None }),
                space_before,
            });
            space_before = false;
        } else {
            let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            if c.is_whitespace() {
                space_before = true;
            } else {
                tokens.push(Token {
                    range: i..i + c.len_utf8(),
                    kind: Kind::Other(c),
                    space_before,
                });
                space_before = false;
            }
            i += c.len_utf8().max(1);
        }
    }
    tokens
}

/// The value of a number word from zero to ninety (`"twenty"`), or 100 and 1000. Asked of nearly
/// every word of a sentence that states a figure, so one comparison of its lowercase bytes, as in
/// [`starts_a_figure`], rather than one per number word.
fn number_word(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 9 {
        return None;
    }
    let mut lower = [0u8; 9];
    for (l, b) in lower.iter_mut().zip(bytes) {
        *l = b.to_ascii_lowercase();
    }
    Some(match lower.get(..bytes.len()).unwrap_or(&[]) {
        b"zero" => 0,
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        b"hundred" => 100,
        b"thousand" => 1000,
        _ => return None,
    })
}

/// The denominator a fraction word names, and whether it is plural (`"thirds"` → (3, true)).
fn denominator(word: &str) -> Option<(u64, bool)> {
    const NAMES: &[(&str, &str, u64)] = &[
        ("third", "thirds", 3),
        ("quarter", "quarters", 4),
        ("fourth", "fourths", 4),
        ("fifth", "fifths", 5),
        ("sixth", "sixths", 6),
        ("seventh", "sevenths", 7),
        ("eighth", "eighths", 8),
        ("ninth", "ninths", 9),
        ("tenth", "tenths", 10),
    ];
    NAMES.iter().find_map(|&(one, many, n)| {
        if word.eq_ignore_ascii_case(one) {
            Some((n, false))
        } else if word.eq_ignore_ascii_case(many) {
            Some((n, true))
        } else {
            None
        }
    })
}

/// `"twofold"` → 2.
fn multiple_word(word: &str) -> Option<u64> {
    let at = word.len().checked_sub(4)?;
    let (stem, fold) = (word.get(..at)?, word.get(at..)?);
    if !fold.eq_ignore_ascii_case("fold") {
        return None;
    }
    number_word(stem).filter(|n| (2..=100).contains(n))
}

/// Words after "N times" or "twice" that make it a comparison rather than a count of events.
const COMPARISONS: &[&str] = &[
    "as", "more", "less", "fewer", "higher", "lower", "greater", "larger", "smaller", "bigger",
    "the", "that", "likelier", "faster", "slower", "longer", "shorter",
];

/// Words before "half" that make it a part of something other than a group.
const NOT_BEFORE_HALF: &[&str] = &[
    "first", "second", "other", "latter", "former", "better", "last", "top", "bottom", "upper",
    "lower", "back", "front", "left", "right", "and",
];

/// Words after "half" that make it a share of a group.
const BEFORE_HALF_OF: &[&str] = &[
    "of", "the", "their", "them", "all", "these", "those", "its", "our", "your", "his", "her",
    "my", "were", "was", "are", "had", "have", "did", "said", "reported", "improved",
];

/// Words before "half" that make it a share.
const APPROXIMATORS: &[&str] = &[
    "about",
    "almost",
    "nearly",
    "roughly",
    "around",
    "approximately",
    "over",
    "under",
    "than",
    "just",
    "only",
    "exactly",
    "precisely",
    "some",
    "by",
    "in",
];

/// Words after "half" that make it a measure or a time.
const NOT_AFTER_HALF: &[&str] = &[
    "a", "an", "past", "hour", "hours", "day", "days", "time", "term", "dozen", "way", "life",
    "hearted", "brother", "sister", "asleep", "empty", "full",
];

struct Scan<'a> {
    text: &'a str,
    t: &'a [Token],
}

impl Scan<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        let tok = self.t.get(i)?;
        (tok.kind == Kind::Word).then(|| self.text.get(tok.range.clone()).unwrap_or(""))
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn is_other(&self, i: usize, c: char) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Other(c))
    }

    fn spaced(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.space_before)
    }

    /// Whether the figure ending before token `end` runs on into a name or a path (`half.ipp`,
    /// `half_size`, `1/2/3`).
    fn glued_after(&self, end: usize) -> bool {
        let Some(t) = self.t.get(end) else {
            return false;
        };
        if t.space_before {
            return false;
        }
        match t.kind {
            Kind::Other('_' | '/' | '@' | '\\') | Kind::Word | Kind::Foreign => true,
            Kind::Other('.') => self
                .t
                .get(end + 1)
                .is_some_and(|n| !n.space_before && !matches!(n.kind, Kind::Other(_))),
            _ => false,
        }
    }

    /// Whether token `i` is joined to the one before by a hyphen (`two-thirds`): returns the
    /// index after the hyphen.
    fn hyphen_after(&self, i: usize) -> Option<usize> {
        let h = i + 1;
        (self.is_other(h, '-') || self.is_other(h, '‐') || self.is_other(h, '‑'))
            .then_some(h + 1)
            .filter(|&n| !self.spaced(h) && !self.spaced(n) && self.t.get(n).is_some())
    }

    /// The token after `i` that continues a phrase: spaced, or hyphenated. Its index.
    fn next_joined(&self, i: usize) -> Option<usize> {
        if let Some(n) = self.hyphen_after(i) {
            return Some(n);
        }
        (self.spaced(i + 1)).then_some(i + 1)
    }

    /// A number at `i`, in words ("sixty-five", "twenty one", "a hundred") or digits: its value
    /// and the index after it.
    fn number(&self, i: usize) -> Option<(u64, usize)> {
        match self.t.get(i).map(|t| &t.kind) {
            Some(Kind::Digits(Some(v))) => return Some((*v, i + 1)),
            Some(Kind::Digits(None)) | None => return None,
            _ => {}
        }
        let w = self.word(i)?;
        if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("one") {
            // "a hundred", "one thousand"
            if let Some(n) = self.next_joined(i)
                && let Some(v @ (100 | 1000)) = self.word(n).and_then(number_word)
            {
                return Some((v, n + 1));
            }
        }
        let v = number_word(w)?;
        if v >= 100 {
            return None;
        }
        if v >= 20
            && v % 10 == 0
            && let Some(n) = self.next_joined(i)
            && let Some(u @ 1..=9) = self.word(n).and_then(number_word)
        {
            return Some((v + u, n + 1));
        }
        Some((v, i + 1))
    }

    /// Whether nothing that makes the phrase something else follows at `i`: the end, or
    /// punctuation, or "of".
    fn ends_or_of(&self, i: usize) -> bool {
        match self.t.get(i) {
            None => true,
            // "a half-hour": a hyphen glued on makes a compound.
            Some(t) if matches!(t.kind, Kind::Other('-' | '‐' | '‑')) => t.space_before,
            Some(t) if matches!(t.kind, Kind::Other(_)) => true,
            Some(_) => self.is_word(i, "of"),
        }
    }

    /// The figure starting at token `i`: the index after it and its normal form.
    /// Whether a figure can start at `i`: at digits or at a word that names a number, a share or
    /// a multiple ("a third", "half of", "twice", "threefold"). Most words are none of these,
    /// and are let go here rather than tried against every pattern of [`Scan::patterns_at`].
    fn can_start(&self, i: usize) -> bool {
        match self.t.get(i).map(|t| &t.kind) {
            Some(Kind::Digits(_)) => true,
            Some(Kind::Word) => self.word(i).is_some_and(|w| {
                starts_a_figure(w) || w.eq_ignore_ascii_case("a") || number_word(w).is_some()
            }),
            _ => false,
        }
    }

    fn figure_at(&self, i: usize) -> Option<(usize, String)> {
        if !self.can_start(i) {
            return None;
        }
        self.patterns_at(i)
    }

    fn patterns_at(&self, i: usize) -> Option<(usize, String)> {
        // Not the middle of a word or a number already begun.
        if i > 0 && !self.spaced(i) {
            let prev = self.t.get(i - 1).map(|t| &t.kind);
            // Part of a name, a path or a compound: `SSLv2/3`, `2F0_half`, `x.half`, `non-half`.
            if matches!(prev, Some(Kind::Word | Kind::Digits(_) | Kind::Foreign))
                || matches!(
                    prev,
                    Some(Kind::Other('-' | '/' | '.' | '_' | '@' | '#' | '\\' | '='))
                )
            {
                return None;
            }
        }
        self.digit_fraction(i)
            .or_else(|| self.digit_multiple(i))
            .or_else(|| self.n_in_m(i))
            .or_else(|| self.fraction(i))
            .or_else(|| self.half(i))
            .or_else(|| self.multiple(i))
            .or_else(|| self.percent(i))
    }

    /// `2/3`: digits up to tenths, not part of a date.
    fn digit_fraction(&self, i: usize) -> Option<(usize, String)> {
        let Some(Kind::Digits(Some(a))) = self.t.get(i).map(|t| &t.kind) else {
            return None;
        };
        if !self.is_other(i + 1, '/') || self.spaced(i + 1) || self.spaced(i + 2) {
            return None;
        }
        let Some(Kind::Digits(Some(b))) = self.t.get(i + 2).map(|t| &t.kind) else {
            return None;
        };
        let after_slash = self.is_other(i + 3, '/') && !self.spaced(i + 3);
        let glued = self
            .t
            .get(i + 3)
            .is_some_and(|t| !t.space_before && matches!(t.kind, Kind::Word | Kind::Digits(_)));
        (!after_slash && !glued && *a >= 1 && a < b && *b <= 10).then(|| (i + 3, share(*a, *b)))
    }

    /// `3×`.
    fn digit_multiple(&self, i: usize) -> Option<(usize, String)> {
        let tok = self.t.get(i)?;
        if !matches!(tok.kind, Kind::Digits(_)) || !self.is_other(i + 1, '×') || self.spaced(i + 1)
        {
            return None;
        }
        let written = self.text.get(tok.range.clone())?.replace(',', "");
        Some((i + 2, format!("{}×", trim_number(&written))))
    }

    /// "one in five", "1 in 5".
    fn n_in_m(&self, i: usize) -> Option<(usize, String)> {
        let (n, after) = self.number(i)?;
        if !self.is_word(after, "in") || !self.spaced(after) || !self.spaced(after + 1) {
            return None;
        }
        let (m, end) = self.number(after + 1)?;
        let m_token = self.t.get(after + 1);
        let year = m_token.is_some_and(|t| {
            matches!(t.kind, Kind::Digits(_)) && t.range.len() == 4 && (1900..=2100).contains(&m)
        });
        // "5 in 10%", "1 in 5-year", "1 in 5mg": M is part of something else.
        let continues = self.t.get(end).is_some_and(|t| {
            !t.space_before && !matches!(t.kind, Kind::Other(c) if ".,;:!?)]}\"'’”".contains(c))
        });
        (n >= 1 && n < m && !year && !continues).then(|| (end, share(n, m)))
    }

    /// "a third", "two thirds", "three-quarters", "one half".
    fn fraction(&self, i: usize) -> Option<(usize, String)> {
        let w = self.word(i)?;
        let a_or_one = w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("one");
        if w.eq_ignore_ascii_case("a") && i > 0 && self.is_word(i - 1, "and") {
            return None; // "two and a half": a mixed number, left to the reader
        }
        let numerator = if w.eq_ignore_ascii_case("a") {
            1
        } else {
            number_word(w).filter(|n| (1..=9).contains(n))?
        };
        let d = self.next_joined(i)?;
        let dw = self.word(d)?;
        let (denominator, plural) = if dw.eq_ignore_ascii_case("half") {
            (2, false)
        } else {
            denominator(dw)?
        };
        if numerator >= denominator || plural != (numerator > 1) {
            return None;
        }
        if a_or_one && !self.ends_or_of(d + 1) {
            // "a third session", "one quarter mile"
            return None;
        }
        Some((d + 1, share(numerator, denominator)))
    }

    /// "half", where it is a share of something: before "of", "the" or a pronoun ("half of
    /// them", "half the patients"), after a word that approximates or compares ("about half",
    /// "more than half", "cut in half"), or opening the text ("Half were …").
    fn half(&self, i: usize) -> Option<(usize, String)> {
        if !self.is_word(i, "half") || self.hyphen_after(i).is_some() {
            return None; // half-hour, half-way
        }
        if let Some(next) = self.word(i + 1)
            && NOT_AFTER_HALF.iter().any(|w| next.eq_ignore_ascii_case(w))
        {
            return None;
        }
        let before = |list: &[&str]| {
            i > 0
                && self
                    .word(i - 1)
                    .is_some_and(|w| list.iter().any(|x| w.eq_ignore_ascii_case(x)))
        };
        let after = self
            .word(i + 1)
            .is_some_and(|w| BEFORE_HALF_OF.iter().any(|x| w.eq_ignore_ascii_case(x)));
        let opens = i == 0;
        // "the pager's half of it": a part of one thing, not a share of a group.
        let possessed = i >= 2 && self.is_word(i - 1, "s") && !self.spaced(i - 1);
        ((after && !before(NOT_BEFORE_HALF) && !possessed) || before(APPROXIMATORS) || opens)
            .then(|| (i + 1, share(1, 2)))
    }

    /// "twice as", "three times more likely", "twofold", "two-fold".
    fn multiple(&self, i: usize) -> Option<(usize, String)> {
        let w = self.word(i)?;
        if let Some(n) = multiple_word(w) {
            return Some((i + 1, format!("{n}×")));
        }
        let comparison = |at: usize| {
            self.word(at)
                .is_some_and(|x| COMPARISONS.iter().any(|c| x.eq_ignore_ascii_case(c)))
        };
        if w.eq_ignore_ascii_case("twice") {
            return comparison(i + 1).then(|| (i + 2, "2×".to_owned()));
        }
        let (n, after) = self.number(i)?;
        if matches!(self.t.get(i).map(|t| &t.kind), Some(Kind::Digits(_)))
            || !(2..=100).contains(&n)
        {
            return None;
        }
        if let Some(h) = self.hyphen_after(after - 1)
            && self.is_word(h, "fold")
        {
            return Some((h + 1, format!("{n}×")));
        }
        (self.is_word(after, "times") && comparison(after + 1))
            .then(|| (after + 2, format!("{n}×")))
    }

    /// "fifty percent", "sixty-five per cent".
    fn percent(&self, i: usize) -> Option<(usize, String)> {
        if matches!(self.t.get(i).map(|t| &t.kind), Some(Kind::Digits(_))) {
            return None;
        }
        let (n, after) = self.number(i)?;
        if n > 100 {
            return None;
        }
        if self.is_word(after, "percent") {
            return Some((after + 1, format!("{n}%")));
        }
        (self.is_word(after, "per") && self.is_word(after + 1, "cent"))
            .then(|| (after + 2, format!("{n}%")))
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The normal form of the share `a/b`, reduced.
fn share(a: u64, b: u64) -> String {
    let g = gcd(a, b).max(1);
    format!("{}/{}", a / g, b / g)
}

/// `3.0` → `3.0` (kept: precision), `03` → `3`.
fn trim_number(s: &str) -> String {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    if frac.is_empty() {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    }
}

/// A quantity a normal form states.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quantity {
    /// A share `a/b`.
    Share(f64),
    /// `N×`, with its decimals.
    Multiple(f64, i32),
    /// A percentage, with its decimals.
    Percent(f64, i32),
    /// A plain number, with its decimals.
    Number(f64, i32),
}

fn quantity(normal: &str) -> Option<Quantity> {
    let decimals = |s: &str| {
        s.split_once('.')
            .map_or(0, |(_, f)| i32::try_from(f.len()).unwrap_or(i32::MAX))
    };
    if normal.contains('–') {
        return None; // a range
    }
    if let Some((a, b)) = normal.split_once('/') {
        let (a, b): (f64, f64) = (a.parse().ok()?, b.parse().ok()?);
        return (b > 0.0).then(|| Quantity::Share(a / b));
    }
    if let Some(n) = normal.strip_suffix('×') {
        return Some(Quantity::Multiple(n.parse().ok()?, decimals(n)));
    }
    if let Some(n) = normal.strip_suffix('%') {
        return Some(Quantity::Percent(n.parse().ok()?, decimals(n)));
    }
    Some(Quantity::Number(normal.parse().ok()?, decimals(normal)))
}

/// Whether `stated` (written with `decimals`) is `exact` rounded to that precision.
fn rounds_to(stated: f64, decimals: i32, exact: f64) -> bool {
    let half_step = 0.5 * 10f64.powi(-decimals.min(12));
    (stated - exact).abs() <= half_step + 1e-9
}

/// Whether an excerpt's figure (normal form `excerpt`) backs a sentence's figure (`claim`).
///
/// Equal normal forms back each other. Beyond that, only a figure whose normal form says it is
/// a share or a multiple (a figure in words, "1 in 5", "2/3", "3×") is backed by another form
/// of its quantity: a share by a percentage that is the share rounded to the percentage's
/// precision, a multiple by a number (or multiple) that is the multiple at the number's
/// precision. A figure written with digits stays as precise as written: "20%" is not backed by
/// "one in five", though "3" is by "3×" (the same number).
pub fn backs(excerpt: &str, claim: &str) -> bool {
    if excerpt == claim {
        return true;
    }
    let last = claim.chars().last();
    if !matches!(last, Some('×')) && !claim.contains('/') {
        // A plain figure: only "3×" besides itself, the same number.
        return excerpt.strip_suffix('×') == Some(claim);
    }
    match (quantity(claim), quantity(excerpt)) {
        (Some(Quantity::Share(s)), Some(Quantity::Percent(p, d))) => rounds_to(p, d, s * 100.0),
        (Some(Quantity::Share(s)), Some(Quantity::Share(t))) => (s - t).abs() < 1e-12,
        (
            Some(Quantity::Multiple(m, _)),
            Some(Quantity::Number(v, d) | Quantity::Multiple(v, d)),
        ) => rounds_to(v, d, m),
        _ => false,
    }
}

/// For a share or a multiple, what an excerpt may say to back it (`2/3` → "2/3, two thirds, or
/// a percentage that rounds to 66.7%"), for the hint of an unbacked figure.
pub(crate) fn other_forms(normalized: &str) -> Option<String> {
    match quantity(normalized)? {
        Quantity::Share(s) => Some(format!(
            "it may say `{normalized}` in words or digits, or a percentage that rounds to {:.1}%",
            s * 100.0
        )),
        Quantity::Multiple(..) => {
            let n = normalized.trim_end_matches('×');
            Some(format!(
                "it may say `{normalized}`, “{n} times” or “{n}-fold”, in words or digits"
            ))
        }
        _ => None,
    }
}
