//! Triggers: the figures and evidential phrases that make a sentence a claim.

use super::figures::{Figure, FigureScanner};
use foldhash::HashMap;
use std::ops::Range;

/// What makes a sentence a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// A figure, as written in the sentence.
    Figure(String),
    /// An evidential phrase, as configured (e.g. `found that`).
    Phrase(String),
}

/// The default evidential phrases.
pub(crate) const DEFAULT_PHRASES: &[&str] = &[
    "research",
    "researchers",
    "study",
    "studies",
    "evidence",
    "according to",
    "found that",
    "found",
    "shown to",
    "showed",
    "associated with",
    "linked to",
    "effective",
    "effectiveness",
    "review",
    "reviews",
    "trial",
    "trials",
    "meta-analysis",
    "data",
    "suggests",
    "suggested",
    "proven",
    "risk",
    "more likely",
    "less likely",
    "likely to",
];

/// What must lie between two words of a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Sep {
    /// Any run of whitespace.
    Space,
    /// This punctuation exactly (after folding hyphens and apostrophes), e.g. `-`.
    Literal(String),
}

/// A phrase, compiled into lowercase words and what separates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    /// As configured.
    text: String,
    /// Lowercase words.
    words: Vec<String>,
    /// `seps[i]` lies between `words[i]` and `words[i + 1]`.
    seps: Vec<Sep>,
}

/// The claim triggers in force: built-in defaults, replaced or extended by `site.yaml`.
#[derive(Debug, Clone)]
pub struct Triggers {
    figures: bool,
    phrases: Vec<Phrase>,
    /// First word → phrases starting with it, longest first.
    by_first_word: HashMap<String, Vec<usize>>,
    /// A one-hash Bloom filter of the ASCII first words (see [`ascii_word_bit`]): most words of
    /// a sentence start no phrase, and are let go before lowercasing and hashing.
    first_filter: [u64; 16],
}

/// The filter bit of an ASCII word: from its first and last letters (lowercased) and length.
#[inline]
pub(crate) fn ascii_word_bit(word: &[u8]) -> (usize, u64) {
    let first = word.first().map_or(0, u8::to_ascii_lowercase);
    let last = word.last().map_or(0, u8::to_ascii_lowercase);
    let key = (usize::from(first) * 31 + usize::from(last)) * 31 + word.len();
    let bit = key % 1024;
    (bit / 64, 1u64 << (bit % 64))
}

impl Default for Triggers {
    /// Figures and the default phrases.
    fn default() -> Self {
        Triggers::new(true, None, &[])
    }
}

impl Triggers {
    /// Triggers from configuration: `figures` turns figures on or off as triggers; `phrases`
    /// replaces the default phrases when given; `extra_phrases` are added to whichever list is in
    /// force. Phrases without any letter or digit are ignored; duplicates count once.
    pub fn new(figures: bool, phrases: Option<&[String]>, extra_phrases: &[String]) -> Triggers {
        let mut list: Vec<Phrase> = Vec::new();
        let configured: Vec<&str> = match phrases {
            Some(p) => p.iter().map(String::as_str).collect(),
            None => DEFAULT_PHRASES.to_vec(),
        };
        for text in configured
            .into_iter()
            .chain(extra_phrases.iter().map(String::as_str))
        {
            if let Some(p) = compile_phrase(text)
                && !list.iter().any(|q| q.words == p.words && q.seps == p.seps)
            {
                list.push(p);
            }
        }
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
        let mut first_filter = [0u64; 16];
        for (i, p) in list.iter().enumerate() {
            if let Some(first) = p.words.first() {
                by_first_word.entry(first.clone()).or_default().push(i);
                // An ASCII word in a text lowercases to an ASCII word: only those need the filter.
                if first.is_ascii() {
                    let (slot, bit) = ascii_word_bit(first.as_bytes());
                    if let Some(w) = first_filter.get_mut(slot) {
                        *w |= bit;
                    }
                }
            }
        }
        for candidates in by_first_word.values_mut() {
            candidates
                .sort_by_key(|&i| std::cmp::Reverse(list.get(i).map_or(0, |p| p.words.len())));
        }
        Triggers {
            figures,
            phrases: list,
            by_first_word,
            first_filter,
        }
    }

    /// The built-in evidential phrases.
    pub fn default_phrases() -> &'static [&'static str] {
        DEFAULT_PHRASES
    }

    /// Whether figures make a sentence a claim.
    pub fn checks_figures(&self) -> bool {
        self.figures
    }

    /// The phrases in force, as configured.
    pub fn phrases(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(|p| p.text.as_str())
    }

    /// The first trigger in the sentence (the one that starts earliest), if it is a claim. Of
    /// phrases that start at the same word, the longest wins ("found that" over "found").
    pub fn trigger(&self, text: &str) -> Option<Trigger> {
        let figure = if self.figures {
            FigureScanner::new(text).next()
        } else {
            None
        };
        self.first_of(text, figure.as_ref())
    }

    /// [`Triggers::trigger`], for a sentence whose [`figures`](super::figures) are already
    /// known (`figures` must be all of them, in order, or empty when figures are not checked):
    /// a claim's figures are needed again to back them, and are found only once.
    pub fn trigger_among(&self, text: &str, figures: &[Figure]) -> Option<Trigger> {
        let figure = if self.figures { figures.first() } else { None };
        self.first_of(text, figure)
    }

    /// The earlier of `figure` and the first phrase of `text`.
    fn first_of(&self, text: &str, figure: Option<&Figure>) -> Option<Trigger> {
        // A phrase alone is a label, not a claim: a table's `Evidence` column, a heading
        // `## Research`.
        let bare = text
            .trim()
            .trim_end_matches(|c: char| c.is_ascii_punctuation())
            .trim_end();
        let phrase = self
            .first_phrase(text)
            .filter(|(_, p)| !bare.eq_ignore_ascii_case(p));
        match (figure, phrase) {
            (Some(f), Some((at, p))) if at < f.range.start => Some(Trigger::Phrase(p.to_owned())),
            (Some(f), _) => Some(Trigger::Figure(f.written.clone())),
            (None, Some((_, p))) => Some(Trigger::Phrase(p.to_owned())),
            (None, None) => None,
        }
    }

    /// The earliest phrase in `text`: its byte offset and configured text.
    fn first_phrase(&self, text: &str) -> Option<(usize, &str)> {
        if self.phrases.is_empty() {
            return None;
        }
        let mut lower = String::new();
        let mut pos = 0;
        while let Some((word, ascii)) = next_word(text, pos) {
            pos = word.end;
            let w = text.get(word.clone()).unwrap_or("");
            if ascii {
                let (slot, bit) = ascii_word_bit(w.as_bytes());
                if self.first_filter.get(slot).is_none_or(|f| f & bit == 0) {
                    continue;
                }
            }
            lowercase_into(w, &mut lower);
            let Some(candidates) = self.by_first_word.get(lower.as_str()) else {
                continue;
            };
            for &pi in candidates {
                if let Some(p) = self.phrases.get(pi)
                    && phrase_continues(p, text, word.end)
                {
                    return Some((word.start, p.text.as_str()));
                }
            }
        }
        None
    }
}

/// Whether a letter or digit starts at byte `i`, and the byte length of the character there.
#[inline]
pub(crate) fn is_word_char(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((b.is_ascii_alphanumeric(), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

/// The next maximal run of letters and digits at or after byte `from`, and whether it is all
/// ASCII.
#[inline]
pub(crate) fn next_word(text: &str, from: usize) -> Option<(Range<usize>, bool)> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        match bytes.get(i) {
            None => return None,
            Some(b) if b.is_ascii_alphanumeric() => break,
            Some(b) if b.is_ascii() => i += 1,
            Some(_) => match is_word_char(text, i) {
                Some((true, _)) => break,
                Some((false, len)) => i += len,
                None => return None,
            },
        }
    }
    let start = i;
    let mut ascii = true;
    loop {
        match bytes.get(i) {
            Some(b) if b.is_ascii_alphanumeric() => i += 1,
            Some(b) if b.is_ascii() => break,
            None => break,
            Some(_) => match is_word_char(text, i) {
                Some((true, len)) => {
                    ascii = false;
                    i += len;
                }
                _ => break,
            },
        }
    }
    Some((start..i, ascii))
}

/// Byte ranges of the maximal runs of letters and digits.
pub(crate) fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut pos = 0;
    while let Some((w, _)) = next_word(text, pos) {
        pos = w.end;
        words.push(w);
    }
    words
}

pub(crate) fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Whether `word` lowercases to `lower`.
pub(crate) fn lowercases_to(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

/// Folds hyphens and apostrophes so `meta‑analysis` and `meta-analysis` match.
pub(crate) fn fold_punct(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            '’' | '‘' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

pub(crate) fn compile_phrase(text: &str) -> Option<Phrase> {
    let ranges = word_ranges(text);
    if ranges.is_empty() {
        return None;
    }
    let mut words = Vec::with_capacity(ranges.len());
    let mut seps = Vec::with_capacity(ranges.len().saturating_sub(1));
    let mut lower = String::new();
    for (i, r) in ranges.iter().enumerate() {
        lowercase_into(text.get(r.clone()).unwrap_or(""), &mut lower);
        words.push(lower.clone());
        if let Some(next) = ranges.get(i + 1) {
            let between = text.get(r.end..next.start).unwrap_or("");
            seps.push(if between.trim().is_empty() {
                Sep::Space
            } else {
                Sep::Literal(fold_punct(between.trim()))
            });
        }
    }
    Some(Phrase {
        text: text.trim().to_owned(),
        words,
        seps,
    })
}

/// Whether the words of `p` after its first follow in `text` from byte `end` (the end of a
/// word equal to the phrase's first).
pub(crate) fn phrase_continues(p: &Phrase, text: &str, end: usize) -> bool {
    let mut prev_end = end;
    for (pw, sep) in p.words.iter().skip(1).zip(&p.seps) {
        let Some((cur, _)) = next_word(text, prev_end) else {
            return false;
        };
        let between = text.get(prev_end..cur.start).unwrap_or("");
        let sep_ok = match sep {
            Sep::Space => !between.is_empty() && between.chars().all(char::is_whitespace),
            Sep::Literal(s) => fold_punct(between) == *s,
        };
        if !sep_ok || !lowercases_to(text.get(cur.clone()).unwrap_or(""), pw) {
            return false;
        }
        prev_end = cur.end;
    }
    true
}
