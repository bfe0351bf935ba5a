//! A service's contact details, as a page's "where to get help" writes them: a number to call
//! (`Call 999`, `call the helpline on 116 123`, `Our number is 0300 123 3393`), the time it
//! opens (`from 09:00 to 17:00`, `9:30am`), its address (`86–90 Paul Street`), hours that are
//! all of them (`24 hours a day, 7 days a week, 365 days a year`), and its web address written
//! without a scheme (`111.nhs.uk`). None counts anything a source could state, so none makes a sentence
//! a claim; each was an uncited claim (E0301) before. An excerpt keeps every number but those in
//! a web address, as it leaves out a URL's.

use super::{FigureScanner, Num, is_dash};

/// Words after which a number is one to call or text, right after them or after a name and
/// `on` or `to`: `Call 999`, `ring NHS 111`, `Call Samaritans on 116 123`, `Text SHOUT to 85258`.
const CALL_WORDS: &[&str] = &[
    "call",
    "ring",
    "dial",
    "phone",
    "telephone",
    "freephone",
    "text",
    "tel",
];

/// At most this many words of a name between a word to call and its number (`NHS`,
/// `Samaritans`, `your GP surgery`).
const NAME_WORDS: usize = 3;

/// The longest word of a name (`Samaritans`, `Women's`), quotes included: a longer one is no
/// name's, and is not read whole.
const NAME_CHARS: usize = 64;

/// The words a name written without a capital starts with, after a word to call: `the
/// helpline`, `your GP surgery`, `us`. Any other word there (`A phone survey was sent to 500
/// adults`) shows the word to call is no verb of calling.
const CALLEES: &[&str] = &[
    "the", "your", "our", "their", "my", "his", "her", "a", "an", "us", "them", "him", "me",
];

/// The words that end a street's name, written with a capital: `86–90 Paul Street`, `133–155
/// Waterloo Road`.
const STREET_WORDS: &[&str] = &[
    "Street",
    "St",
    "Road",
    "Rd",
    "Avenue",
    "Ave",
    "Lane",
    "Way",
    "Place",
    "Square",
    "Drive",
    "Close",
    "Crescent",
    "Terrace",
    "Gardens",
    "Row",
    "Parade",
    "Mews",
    "Grove",
    "Court",
    "Hill",
    "Yard",
    "Quay",
    "Wharf",
    "Boulevard",
];

/// At most this many words in a street's name, its last word included (`St John's Wood Road`).
const STREET_NAME_WORDS: usize = 4;

/// A number of one period that fills the next (`24 hours a day`): a service open all of it,
/// which a source states no more than it states `24/7`. Any other number of hours a day, days
/// a week (`5 days a week`, as exercise advice writes it) still counts.
const WHOLE_PERIODS: &[(&str, &str, &str)] = &[
    ("24", "hours", "day"),
    ("7", "days", "week"),
    ("365", "days", "year"),
    ("52", "weeks", "year"),
    ("12", "months", "year"),
    ("60", "minutes", "hour"),
];

/// The words between a whole period's number and the period it fills.
const PER: &[&str] = &["a", "an", "per", "each", "every"];

impl FigureScanner<'_> {
    /// Where the number `a` (no share, unit or negative), with what goes with it, ends when it
    /// is part of a contact detail other than a number after a word to call (see the module;
    /// those are read with the labels, as a word before the number shows them); `None` when it
    /// counts.
    pub(super) fn contact_end(&self, a: &Num) -> Option<usize> {
        self.time_end(a)
            .or_else(|| self.code_end(a))
            .or_else(|| self.address_end(a))
            .or_else(|| self.whole_period_end(a))
    }

    /// The end of a number to call that starts with `a`, when the word before it, `word`
    /// (lowercased) at `start`, shows one: a word to call (`Call 999`), a name written with a
    /// capital after one (`ring NHS 111`), or `on` or `to` after a name that starts with a
    /// capital, a quote or one of [`CALLEES`] (`Call Samaritans on 116 123`, `call the helpline
    /// on 111`, `Text "HELP" to 85258`). After `on` or `to`, the number must look like one to
    /// call: three digits or more, or groups.
    pub(super) fn number_to_call_end(&self, a: &Num, start: usize, word: &str) -> Option<usize> {
        let end = self.phone_number_end(a.end);
        if CALL_WORDS.contains(&word) {
            return Some(end);
        }
        if word == "on" || word == "to" {
            let dialled = a.frac.is_none() && (a.int.len() >= 3 || end > a.end);
            if !dialled {
                return None;
            }
            // The name, read back from `on` to the word to call: its first word (the last
            // read) is written with a capital or in quotes, or is one of `CALLEES`.
            let mut at = start;
            let mut first = None;
            for _ in 0..=NAME_WORDS {
                let (name_start, name, capital) = self.name_before(at)?;
                if CALL_WORDS.contains(&name.as_str()) {
                    let named = first.is_some_and(|(name, capital): (String, bool)| {
                        capital || CALLEES.contains(&name.as_str())
                    });
                    return named.then_some(end);
                }
                first = Some((name, capital));
                at = name_start;
            }
            return None;
        }
        // A name right before the number, written with a capital: `NHS` in `call NHS 111`.
        let mut at = start;
        for _ in 0..NAME_WORDS {
            if !self.ch(at).is_some_and(char::is_uppercase) {
                return None;
            }
            let (before, word) = self.word_before(at)?;
            if CALL_WORDS.contains(&word.as_str()) {
                return Some(end);
            }
            at = before;
        }
        None
    }

    /// The word of a name that ends right before the whitespace before `k`, lowercased and
    /// without the quotes around it, where it starts, and whether it was written with a capital
    /// or in quotes: `helpline`, `help` in `Text "HELP" to`, `women's` in `Women's Aid`. None if
    /// no whitespace comes before `k`, or no such word before that.
    fn name_before(&self, k: usize) -> Option<(usize, String, bool)> {
        const QUOTES: &[char] = &['"', '\'', '‘', '’', '“', '”'];
        let mut end = k;
        while end > 0 && self.before(end, 1).is_some_and(char::is_whitespace) {
            end -= 1;
        }
        if end == k {
            return None;
        }
        let start = self.word_start(end, NAME_CHARS)?;
        let mut first = start;
        while first < end && self.ch(first).is_some_and(|c| QUOTES.contains(&c)) {
            first += 1;
        }
        let mut last = end;
        while last > first && self.before(last, 1).is_some_and(|c| QUOTES.contains(&c)) {
            last -= 1;
        }
        let capital = first > start || self.ch(first).is_some_and(char::is_uppercase);
        let word: String = (first..last)
            .filter_map(|i| self.ch(i))
            .flat_map(char::to_lowercase)
            .collect();
        let inner = |c: char| c.is_alphabetic() || c == '\'' || c == '’' || is_dash(c);
        let letters = word.starts_with(char::is_alphabetic) && word.chars().all(inner);
        letters.then_some((start, word, capital))
    }

    /// Where the word (a run of anything but whitespace) that holds or ends at char `k` starts,
    /// when that is at most `longest` chars before `k`: a longer word is none that a rule reads,
    /// and is not read whole for each number in it.
    fn word_start(&self, k: usize, longest: usize) -> Option<usize> {
        let mut start = k;
        while start > 0 && self.before(start, 1).is_some_and(|c| !c.is_whitespace()) {
            start -= 1;
            if k - start > longest {
                return None;
            }
        }
        Some(start)
    }

    /// The end of a number to call that starts with a group ending at `end`: the groups after
    /// it, each after one space or dash (`0800 123 4567`, `116 123`, `555-0100`).
    fn phone_number_end(&self, mut end: usize) -> usize {
        while self
            .ch(end)
            .is_some_and(|c| c == ' ' || c == '\u{a0}' || is_dash(c))
            && self.digit(end + 1)
        {
            end += 1;
            while self.digit(end) {
                end += 1;
            }
        }
        end
    }

    /// The end of a time of day that starts with `a`, or of two joined by a dash: `09:00`,
    /// `17:30`, `09:00:00`, `09:00–17:30`, and an hour of one digit when `am` or `pm` follows
    /// (`9:30am`, `9:30 p.m.`); `1:10` alone is a ratio, and counts.
    fn time_end(&self, a: &Num) -> Option<usize> {
        if a.frac.is_some() || a.grouped {
            return None;
        }
        let end = self.clock_end(a.start)?;
        let next = match self.ch(end) {
            Some(c) if is_dash(c) => self.clock_end(end + 1),
            _ => None,
        };
        Some(next.unwrap_or(end))
    }

    /// The end of the time of day at `k` (see [`Self::time_end`]).
    fn clock_end(&self, k: usize) -> Option<usize> {
        let (hours, at) = self.digits_at(k);
        if self.ch(at) != Some(':') {
            return None;
        }
        let (minutes, mut end) = self.digits_at(at + 1);
        let hour: u32 = hours.parse().ok()?;
        let minute: u32 = minutes.parse().ok()?;
        if !(1..=2).contains(&hours.len()) || minutes.len() != 2 || hour > 24 || minute > 59 {
            return None;
        }
        if self.ch(end) == Some(':') && self.digits_at(end + 1).0.len() == 2 {
            end += 3;
        }
        let next = end + self.whitespace_from(end);
        let half_day = ["am", "pm", "a.m", "p.m"]
            .iter()
            .find(|w| self.word_at(next, w))
            .map(|w| next + w.len());
        match half_day {
            Some(after) => Some(after + usize::from(self.ch(after) == Some('.'))),
            None if self.ch(end).is_some_and(char::is_alphanumeric) => None,
            None => (hours.len() == 2).then_some(end),
        }
    }

    /// The end of a number written with a leading zero (`0800`, `020`, `07700`) and the digit
    /// groups after it: a number to call or a code, for no quantity is written so.
    fn code_end(&self, a: &Num) -> Option<usize> {
        let code = a.frac.is_none() && a.int.len() >= 2 && a.int.starts_with('0');
        code.then(|| self.phone_number_end(a.end))
    }

    /// The end of an address that starts with `a`: a number, or a range of them joined by a
    /// dash, then a street's name, written with capitals, whose last word is one of
    /// [`STREET_WORDS`] (`86–90 Paul Street`, `10 Downing St`).
    fn address_end(&self, a: &Num) -> Option<usize> {
        if a.frac.is_some() || a.grouped {
            return None;
        }
        let mut end = match self.range_end(a, false) {
            Some((b, true)) if !(b.percent || b.unit || b.negative || b.frac.is_some()) => b.end,
            _ => a.end,
        };
        for words in 1..=STREET_NAME_WORDS {
            let spaces = self.whitespace_from(end);
            if spaces == 0 {
                return None;
            }
            let start = end + spaces;
            if !self.ch(start).is_some_and(char::is_uppercase) {
                return None;
            }
            end = start;
            while self
                .ch(end)
                .is_some_and(|c| c.is_alphabetic() || c == '\'' || c == '’')
            {
                end += 1;
            }
            let word: String = (start..end).filter_map(|i| self.ch(i)).collect();
            if words > 1 && STREET_WORDS.contains(&word.as_str()) {
                let glued = self.ch(end).is_some_and(char::is_alphanumeric);
                return (!glued).then_some(end);
            }
        }
        None
    }

    /// The end of a number of one period that fills the next, and the words after it (`24
    /// hours a day`, `7 days per week`).
    fn whole_period_end(&self, a: &Num) -> Option<usize> {
        if a.frac.is_some() || a.grouped {
            return None;
        }
        let (_, unit, period) = WHOLE_PERIODS.iter().find(|(n, unit, _)| {
            a.int == *n && {
                let at = a.end + self.whitespace_from(a.end);
                at > a.end && self.word_at(at, unit)
            }
        })?;
        let mut at = a.end + self.whitespace_from(a.end) + unit.len();
        let spaces = self.whitespace_from(at);
        at += spaces;
        let per = PER.iter().find(|w| spaces > 0 && self.word_at(at, w))?;
        at += per.len();
        let spaces = self.whitespace_from(at);
        at += spaces;
        (spaces > 0 && self.word_at(at, period)).then(|| at + period.len())
    }

    /// The end of the web address written without its scheme that holds the char at `k`
    /// (`111.nhs.uk`, `nhs.uk/111`), punctuation after it left out: a word whose part before
    /// any `/` is names joined by dots, the last of two or more lowercase letters; `None` when
    /// the word at `k` is not one. `3.5bn` and `1.2.3` are not: their last names hold digits.
    pub(super) fn web_address_end(&self, k: usize) -> Option<usize> {
        const OPENING: &[char] = &['(', '[', '{', '"', '\'', '‘', '“', '<'];
        const CLOSING: &[char] = &[
            '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '\'', '’', '”', '>',
        ];
        // A longer word is no address written in prose, and is not read whole for each number
        // in it (`/1/1/1…`).
        const LONGEST: usize = 512;
        let mut first = self.word_start(k, LONGEST)?;
        let mut last = k;
        while self.ch(last).is_some_and(|c| !c.is_whitespace()) {
            last += 1;
            if last - k > LONGEST {
                return None;
            }
        }
        while last > first && self.before(last, 1).is_some_and(|c| CLOSING.contains(&c)) {
            last -= 1;
        }
        while first < last && self.ch(first).is_some_and(|c| OPENING.contains(&c)) {
            first += 1;
        }
        let host_end = (first..last)
            .find(|&i| self.ch(i) == Some('/'))
            .unwrap_or(last);
        let (mut dots, mut name, mut lowercase) = (0, 0, true);
        for i in first..host_end {
            match self.ch(i) {
                Some('.') if name > 0 => (dots, name, lowercase) = (dots + 1, 0, true),
                Some(c) if c.is_ascii_alphanumeric() || c == '-' => {
                    name += 1;
                    lowercase &= c.is_ascii_lowercase();
                }
                _ => return None,
            }
        }
        (dots > 0 && name >= 2 && lowercase && k < last).then_some(last)
    }
}
