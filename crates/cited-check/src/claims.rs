//! Claims: which sentences of prose must carry a citation, and which figures they quote.
//!
//! # What counts as a claim
//!
//! Prose (paragraphs, list items, table cells and the markdown fields of checklists, as
//! [`ProseBlock`]s) is split into sentences by [`sentences`] (or [`sentences_in`], which also
//! knows where each citation sits in the file). A sentence is a **claim** when
//! [`Triggers::trigger`] finds in its text (citations removed):
//!
//! - a **figure** (see [`figures`]): any number written with digits, such as `840`, `65.9%`,
//!   `12,156`, `1.28` (in "1.28 times"), `0.55` (in "d = 0.55") or a range such as
//!   "13 to 18" or "between 13 and 18". Not figures: a bare year (a four-digit number from 1900 to
//!   2100 standing alone, or a range of years such as "2019–2020"), numbers glued to letters that
//!   are names rather than quantities (`COVID-19`, `H1N1`, `E0101`, `PMC123`, `PCC.10m01013`,
//!   `2nd`, `1990s`), numbers inside URLs, and numbers written as words ("five signs",
//!   "one study"). A number glued to a unit (`5mg`, `10ml`, `3x`) is a figure.
//! - an **evidential phrase** (see [`Triggers::default_phrases`]): "research", "study",
//!   "evidence", "found that", "associated with", "effective", "risk", "likely to", and so on,
//!   matched case-insensitively as whole words; the words of a phrase may be separated by any
//!   whitespace. `content/site.yaml` can replace the list or add to it ([`Triggers::new`]).
//!
//! A claim must carry a citation in the same sentence. A citation or an inline
//! `<!-- cited: not-a-claim: reason -->` marker belongs to the sentence it sits in, or to the
//! sentence whose final punctuation it directly follows: `… improve [@a].` and
//! `… improve. [@a]` both cite in that sentence.
//!
//! A year-like number is never a figure of a sentence, so "2000 patients" is missed: write
//! "2,000 patients" (which excerpts back through [`finding_figures`], which keeps years).
//!
//! Every figure of a cited claim must appear among the figures of a `findings` excerpt of one of
//! its sources. Figures are compared by their normalised form ([`normalize`]): separators,
//! spellings of "percent" and of ranges do not matter ("65.9 per cent" = "65.9%",
//! "12 156" = "12,156" = "12156", "between 13 and 18" = "13-18" = "13–18"), but precision does:
//! "71.0%" and "71%" are different figures, because the source's precision is part of what it
//! says and a figure rounded by the writer should be checked by a person.
//!
//! Everything here is a pure function of its input: no I/O, no panics on any input.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use cited_site::markdown::{Document, Piece, ProseBlock};

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

/// A sentence of prose with what it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence's text, citations and markers removed, whitespace collapsed to single spaces,
    /// no space left before punctuation that followed a removed citation (`improve [@a].` gives
    /// "improve.").
    pub text: String,
    /// Byte range in the [`Document`]'s text: from the start of the sentence's first character to
    /// the end of its last one. [`sentences_in`] widens it to cover the sentence's citations and
    /// markers; [`sentences`], which cannot see where a citation is, covers the text only.
    pub range: Range<usize>,
    /// Indices into [`Document::citations`], in order.
    pub citations: Vec<usize>,
    /// Indices into [`Document::markers`] of the inline markers that silence this sentence: one
    /// inside it, or right after it, before the next sentence starts. (A block-level marker
    /// silences the whole block: see [`ProseBlock::silenced_by`].)
    pub markers: Vec<usize>,
}

/// Splits a prose block into sentences.
///
/// Citations and markers that directly follow a sentence's final punctuation belong to that
/// sentence (`... improve [@a].` and `... improve. [@a]` both attach to the sentence; a marker
/// after the full stop too). A sentence ends at `.`, `?`, `!` or an ellipsis (followed by any
/// closing quotes or brackets) when whitespace and then something other than a lowercase letter
/// follow, or at the end of the block. It does not end after abbreviations (e.g., i.e., vs., Dr.,
/// approx.; No., p., pp., Fig. before a number; etc. and et al. unless a capital follows),
/// initials (J. Smith), or inside decimals (65.9) and names (findahelpline.com).
///
/// The ranges cover the text only; use [`sentences_in`] to include the citations' ranges.
pub fn sentences(block: &ProseBlock) -> Vec<Sentence> {
    split_block(block, None)
}

/// [`sentences`], with each sentence's range widened to cover its citations and markers (whose
/// places only the [`Document`] knows).
pub fn sentences_in(doc: &Document, block: &ProseBlock) -> Vec<Sentence> {
    split_block(block, Some(doc))
}

/// A text piece's place in the joined text and in the source.
struct Seg {
    /// Byte range in the joined text.
    buf: Range<usize>,
    /// Source range start.
    lo: usize,
    /// Source range end (never below `lo`).
    hi: usize,
}

#[derive(Clone, Copy)]
enum Attached {
    Citation(usize),
    Marker(usize),
}

/// A citation or marker, at a byte position of the joined text.
struct Item {
    at: usize,
    what: Attached,
}

fn split_block(block: &ProseBlock, doc: Option<&Document>) -> Vec<Sentence> {
    let mut buf = String::new();
    let mut segs: Vec<Seg> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for piece in &block.pieces {
        match piece {
            Piece::Text(text, range) => {
                if text.is_empty() {
                    continue;
                }
                let start = buf.len();
                buf.push_str(text);
                segs.push(Seg {
                    buf: start..buf.len(),
                    lo: range.start,
                    hi: range.end.max(range.start),
                });
            }
            Piece::Citation(i) => items.push(Item {
                at: buf.len(),
                what: Attached::Citation(*i),
            }),
            Piece::Marker(i) => items.push(Item {
                at: buf.len(),
                what: Attached::Marker(*i),
            }),
        }
    }
    let cuts: Vec<usize> = items.iter().map(|i| i.at).collect();
    // The character table is rebuilt for every block; one buffer per thread spares allocating
    // (and faulting in) a fresh one each time, which was a sixth of the check.
    thread_local! {
        static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let spans = CHARS.with_borrow_mut(|chars| {
        chars.clear();
        chars.extend(buf.char_indices());
        segment(&buf, chars, &cuts)
    });
    let mut out: Vec<Sentence> = spans
        .iter()
        .map(|&(s, e)| {
            let start = map_start(&segs, s);
            let end = map_end(&segs, e).max(start);
            Sentence {
                text: clean_text(&buf, s, e, &cuts),
                range: start..end,
                citations: Vec::new(),
                markers: Vec::new(),
            }
        })
        .collect();
    for item in &items {
        // The last sentence that starts before the item; an item before the first sentence
        // belongs to the first.
        let owner = spans
            .partition_point(|&(s, _)| s < item.at)
            .saturating_sub(1);
        let Some(sentence) = out.get_mut(owner) else {
            continue;
        };
        let source_range = match item.what {
            Attached::Citation(i) => {
                sentence.citations.push(i);
                doc.and_then(|d| d.citations.get(i))
                    .map(|c| c.range.clone())
            }
            Attached::Marker(i) => {
                sentence.markers.push(i);
                doc.and_then(|d| d.markers.get(i)).map(|m| m.range.clone())
            }
        };
        if let Some(r) = source_range {
            sentence.range.start = sentence.range.start.min(r.start);
            sentence.range.end = sentence.range.end.max(r.end).max(sentence.range.start);
        }
    }
    out
}

/// Source offset of the character starting at `p` of the joined text.
fn map_start(segs: &[Seg], p: usize) -> usize {
    let i = segs.partition_point(|s| s.buf.end <= p);
    match segs.get(i).or_else(|| segs.last()) {
        Some(seg) => seg
            .lo
            .saturating_add(p.saturating_sub(seg.buf.start))
            .min(seg.hi),
        None => 0,
    }
}

/// Source offset of the end of the character ending at `p` of the joined text.
fn map_end(segs: &[Seg], p: usize) -> usize {
    let i = segs.partition_point(|s| s.buf.end < p);
    match segs.get(i).or_else(|| segs.last()) {
        Some(seg) if p >= seg.buf.end => seg.hi,
        Some(seg) => seg
            .lo
            .saturating_add(p.saturating_sub(seg.buf.start))
            .min(seg.hi),
        None => 0,
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '*' | '_'
    )
}

/// Punctuation that follows a word without a space: a removed citation's space goes before it.
fn is_tight(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '…')
}

/// Abbreviations after which a full stop never ends a sentence.
const NEVER_END: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "vs", "v", "cf", "viz", "dr", "mr", "mrs", "ms", "prof", "st",
    "approx", "ca", "incl", "resp", "dept", "ed", "eds", "mt", "rev", "gen", "lt", "col", "sgt",
];

/// Abbreviations that do not end a sentence before a number (`No. 5`, `p. 4`, `Fig. 2`).
const NUMBER_PREFIX: &[&str] = &[
    "no", "nos", "p", "pp", "fig", "figs", "vol", "vols", "ch", "chap", "sec", "sect", "eq", "eqs",
    "ref", "refs", "tab", "n", "art", "para",
];

/// Abbreviations that end a sentence only when a capital letter follows.
const MAY_END: &[&str] = &[
    "etc", "al", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "a.m", "p.m",
];

/// Sentence spans `(start, end)` as byte positions of `buf`, trimmed of whitespace.
fn segment(buf: &str, cs: &[(usize, char)], cuts: &[usize]) -> Vec<(usize, usize)> {
    let n = cs.len();
    let ch = |k: usize| cs.get(k).map(|&(_, c)| c);
    let pos = |k: usize| cs.get(k).map_or(buf.len(), |&(b, _)| b);
    let is_ws = |k: usize| ch(k).is_some_and(char::is_whitespace);
    let mut out = Vec::new();
    let mut k = 0;
    while is_ws(k) {
        k += 1;
    }
    if k >= n {
        return out;
    }
    let mut start = k;
    while k < n {
        if !ch(k).is_some_and(is_terminator) {
            k += 1;
            continue;
        }
        let mut j = k;
        while ch(j).is_some_and(is_terminator) {
            j += 1;
        }
        let term_end = j;
        while ch(j).is_some_and(is_closer) {
            j += 1;
        }
        if j < n && !is_ws(j) {
            // 65.9, e.g., findahelpline.com: not an end.
            k = j.max(k + 1);
            continue;
        }
        let mut m = j;
        while is_ws(m) {
            m += 1;
        }
        if m >= n {
            break;
        }
        if is_boundary(cs, start, k, term_end, m, cuts) {
            out.push((pos(start), pos(j)));
            start = m;
        }
        k = m;
    }
    let mut end = n;
    while end > start && is_ws(end - 1) {
        end -= 1;
    }
    if end > start {
        out.push((pos(start), pos(end)));
    }
    out
}

/// Whether the terminator run `cs[k..term_end]` ends the sentence that started at `start`, when
/// the next non-space character is `cs[m]`.
fn is_boundary(
    cs: &[(usize, char)],
    start: usize,
    k: usize,
    term_end: usize,
    m: usize,
    cuts: &[usize],
) -> bool {
    let ch = |i: usize| cs.get(i).map(|&(_, c)| c);
    let mut f = m;
    while ch(f).is_some_and(is_opener) {
        f += 1;
    }
    let first = ch(f);
    if first.is_some_and(char::is_lowercase) {
        return false;
    }
    let single_dot = term_end == k + 1 && ch(k) == Some('.');
    if !single_dot {
        return true;
    }
    // A citation right before the stop ("et al [@a].") leaves no abbreviation.
    let dot_at = cs.get(k).map_or(usize::MAX, |&(b, _)| b);
    if cuts.binary_search(&dot_at).is_ok() {
        return true;
    }
    let mut w = k;
    while w > start && ch(w - 1).is_some_and(|c| c.is_alphanumeric() || c == '.') {
        w -= 1;
    }
    let original: Vec<char> = cs
        .get(w..k)
        .unwrap_or(&[])
        .iter()
        .map(|&(_, c)| c)
        .collect();
    let lower: String = original.iter().flat_map(|c| c.to_lowercase()).collect();
    let word = lower.trim_start_matches('.');
    let next_is_digit = first.is_some_and(|c| c.is_ascii_digit());
    let next_is_upper = ch(m).is_some_and(char::is_uppercase);
    if NEVER_END.contains(&word) {
        return false;
    }
    if NUMBER_PREFIX.contains(&word) && next_is_digit {
        return false;
    }
    if MAY_END.contains(&word) {
        return next_is_upper;
    }
    // An initial: "Michael J. Lambert", "J. K. Rowling"; but "vitamin D. Research shows" ends.
    if let [c] = original.as_slice()
        && c.is_uppercase()
        && next_is_upper
    {
        let mut p = w;
        while p > start && ch(p - 1).is_some_and(char::is_whitespace) {
            p -= 1;
        }
        let mut q = p;
        while q > start && ch(q - 1).is_some_and(|c| !c.is_whitespace()) {
            q -= 1;
        }
        let after_name = q == p || ch(q).is_some_and(char::is_uppercase);
        let before_initial = ch(m + 1) == Some('.');
        return !(after_name || before_initial);
    }
    true
}

/// `buf[s..e]` with whitespace collapsed, and no space kept between a removed citation and the
/// punctuation after it.
fn clean_text(buf: &str, s: usize, e: usize, cuts: &[usize]) -> String {
    let text = buf.get(s..e).unwrap_or("");
    let mut ci = cuts.partition_point(|&p| p < s);
    if cuts.get(ci).is_none_or(|&q| q > e) && is_clean(text) {
        // The common case: single spaces, no citation inside.
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let gap_start = i;
        while let Some((c, len)) = char_at(text, i)
            && c.is_whitespace()
        {
            i += len;
        }
        let token_start = i;
        while let Some((c, len)) = char_at(text, i)
            && !c.is_whitespace()
        {
            i += len;
        }
        let token = text.get(token_start..i).unwrap_or("");
        if token.is_empty() {
            break;
        }
        if !out.is_empty() {
            // A citation removed from this gap takes its space along before punctuation.
            while cuts.get(ci).is_some_and(|&q| q < s + gap_start) {
                ci += 1;
            }
            let cut_in_gap = cuts.get(ci).is_some_and(|&q| q <= s + token_start);
            if !(cut_in_gap && token.chars().next().is_some_and(is_tight)) {
                out.push(' ');
            }
        }
        out.push_str(token);
    }
    out
}

/// Whether `text` is trimmed and its only whitespace is single spaces.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => {
                after_space = true;
                continue;
            }
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
            // Only these lead bytes start a non-ASCII space.
            0xc2 | 0xe1 | 0xe2 | 0xe3
                if text
                    .get(i..)
                    .and_then(|t| t.chars().next())
                    .is_some_and(char::is_whitespace) =>
            {
                return false;
            }
            _ => {}
        }
        after_space = false;
    }
    true
}

/// The character at byte `i` and its length, quickly for ASCII.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

// ---------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------

/// What makes a sentence a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// A figure, as written in the sentence.
    Figure(String),
    /// An evidential phrase, as configured (e.g. `found that`).
    Phrase(String),
}

/// The default evidential phrases.
const DEFAULT_PHRASES: &[&str] = &[
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
enum Sep {
    /// Any run of whitespace.
    Space,
    /// This punctuation exactly (after folding hyphens and apostrophes), e.g. `-`.
    Literal(String),
}

/// A phrase, compiled into lowercase words and what separates them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
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
    by_first_word: HashMap<String, Vec<usize>, BuildHasherDefault<Fnv>>,
    /// A one-hash Bloom filter of the ASCII first words (see [`ascii_word_bit`]): most words of
    /// a sentence start no phrase, and are let go before lowercasing and hashing.
    first_filter: [u64; 16],
}

/// FNV-1a: the map's keys are a few configured words, so a fast hash suffices.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The filter bit of an ASCII word: from its first and last letters (lowercased) and length.
#[inline]
fn ascii_word_bit(word: &[u8]) -> (usize, u64) {
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
        let mut by_first_word: HashMap<String, Vec<usize>, BuildHasherDefault<Fnv>> =
            HashMap::default();
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
        let phrase = self.first_phrase(text);
        match (figure, phrase) {
            (Some(f), Some((at, p))) if at < f.range.start => Some(Trigger::Phrase(p.to_owned())),
            (Some(f), _) => Some(Trigger::Figure(f.written)),
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
fn is_word_char(text: &str, i: usize) -> Option<(bool, usize)> {
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
fn next_word(text: &str, from: usize) -> Option<(Range<usize>, bool)> {
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
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut pos = 0;
    while let Some((w, _)) = next_word(text, pos) {
        pos = w.end;
        words.push(w);
    }
    words
}

fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Whether `word` lowercases to `lower`.
fn lowercases_to(word: &str, lower: &str) -> bool {
    if word.is_ascii() {
        word.eq_ignore_ascii_case(lower)
    } else {
        word.chars().flat_map(char::to_lowercase).eq(lower.chars())
    }
}

/// Folds hyphens and apostrophes so `meta‑analysis` and `meta-analysis` match.
fn fold_punct(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
            '’' | '‘' | 'ʼ' => '\'',
            c => c,
        })
        .collect()
}

fn compile_phrase(text: &str) -> Option<Phrase> {
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
fn phrase_continues(p: &Phrase, text: &str, end: usize) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

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

/// Every figure in a findings excerpt, years included: an excerpt only backs figures, so a
/// year-like number there ("2000 patients") may back the `2,000` that a sentence quotes. Use it
/// for the excerpts, and [`figures`] for the sentences.
pub fn finding_figures(text: &str) -> Vec<Figure> {
    let mut scanner = FigureScanner::new(text);
    scanner.keep_years = true;
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
    scanner.keep_years = true;
    let first = scanner.next()?;
    match scanner.next() {
        Some(_) => None,
        None => Some(first.normalized),
    }
}

/// Units a number may be glued to and still be a figure (`5mg`).
const UNITS: &[&str] = &[
    "mg", "mcg", "µg", "μg", "g", "kg", "ml", "mL", "l", "L", "dl", "dL", "mmol", "mm", "cm", "m",
    "km", "h", "hr", "hrs", "min", "mins", "ms", "sec", "x", "kcal", "IU", "bpm", "mmHg", "yr",
    "yrs", "wk", "wks", "mo", "mos", "y", "d",
];

/// Characters that group thousands besides the comma.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−')
}

/// A number as parsed, before it becomes a [`Figure`].
#[derive(Debug, Clone)]
struct Num {
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

enum Scan {
    Num(Num),
    /// Not a figure: resume scanning at this char index.
    Skip(usize),
}

/// Finds figures one at a time, left to right.
struct FigureScanner<'a> {
    text: &'a str,
    cs: Vec<(usize, char)>,
    k: usize,
    /// Char ranges not to look into (URLs).
    excluded: Vec<Range<usize>>,
    /// Report years too (for [`normalize`]).
    keep_years: bool,
}

impl<'a> FigureScanner<'a> {
    fn new(text: &'a str) -> Self {
        let has_digit = text.bytes().any(|b| b.is_ascii_digit());
        let cs: Vec<(usize, char)> = if has_digit {
            text.char_indices().collect()
        } else {
            Vec::new()
        };
        let excluded = if has_digit && (text.contains("://") || text.contains("www.")) {
            url_ranges(&cs)
        } else {
            Vec::new()
        };
        FigureScanner {
            text,
            cs,
            k: 0,
            excluded,
            keep_years: false,
        }
    }

    fn ch(&self, k: usize) -> Option<char> {
        self.cs.get(k).map(|&(_, c)| c)
    }

    fn before(&self, k: usize, back: usize) -> Option<char> {
        k.checked_sub(back).and_then(|i| self.ch(i))
    }

    fn digit(&self, k: usize) -> bool {
        self.ch(k).is_some_and(|c| c.is_ascii_digit())
    }

    fn byte(&self, k: usize) -> usize {
        self.cs.get(k).map_or(self.text.len(), |&(b, _)| b)
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
        let mut i = k;
        for expected in w.chars() {
            match self.ch(i) {
                Some(c) if c.to_ascii_lowercase() == expected => i += 1,
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

    /// Parses an unsigned number at `k` (a digit, or `.` before a digit); no look behind.
    fn unsigned(&self, k: usize) -> Scan {
        let mut i = k;
        let mut int = String::new();
        let mut grouped = false;
        if self.ch(i) != Some('.') {
            while let Some(c) = self.ch(i).filter(char::is_ascii_digit) {
                int.push(c);
                i += 1;
            }
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
            let mut f = String::new();
            i += 1;
            while let Some(c) = self.ch(i).filter(char::is_ascii_digit) {
                f.push(c);
                i += 1;
            }
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
            let unit: String = self
                .cs
                .get(i..u)
                .unwrap_or(&[])
                .iter()
                .map(|&(_, c)| c)
                .collect();
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
        Scan::Num(Num {
            start: k,
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
                n.start = k;
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
        let b = self.signed(j + ws_after)?;
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

    fn in_url(&self, k: usize) -> Option<usize> {
        self.excluded.iter().find(|r| r.contains(&k)).map(|r| r.end)
    }
}

impl Iterator for FigureScanner<'_> {
    type Item = Figure;

    fn next(&mut self) -> Option<Figure> {
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
            a.start = start;
            a.negative = signed;
            let between = self.between_before(start);
            if let Some((b, dash)) = self.range_end(&a, between.is_some())
                && (!a.percent || b.percent)
            {
                if dash && self.ch(b.end).is_some_and(is_dash) && self.digit(b.end + 1) {
                    self.k = self.chain_end(b.end).max(k + 1);
                    continue;
                }
                self.k = b.end.max(k + 1);
                if !self.keep_years && a.is_year() && (b.is_year() || b.is_two_digit()) {
                    continue;
                }
                let normalized = format!("{}–{}", a.normal(b.percent), b.normal(false));
                return Some(self.figure(between.unwrap_or(a.start), b.end, normalized));
            }
            self.k = a.end.max(k + 1);
            if !self.keep_years && a.is_year() {
                continue;
            }
            return Some(self.figure(a.start, a.end, a.normal(false)));
        }
    }
}

/// Char ranges of whitespace-separated tokens that are URLs.
fn url_ranges(cs: &[(usize, char)]) -> Vec<Range<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use cited_site::markdown::Document;
    use cited_site::source::FileId;
    use proptest::prelude::*;

    fn doc(text: &str) -> Document {
        Document::parse(FileId(0), 0, text)
    }

    /// Sentences of the first block of `text`, as (text, citation count, marker count).
    fn split(text: &str) -> Vec<(String, usize, usize)> {
        let d = doc(text);
        d.blocks
            .first()
            .map(|b| sentences_in(&d, b))
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.text, s.citations.len(), s.markers.len()))
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        split(text).into_iter().map(|(t, _, _)| t).collect()
    }

    fn norm(s: &str) -> String {
        normalize(s).unwrap_or_else(|| format!("<none: {s}>"))
    }

    #[test]
    fn citations_before_or_after_the_stop_belong_to_the_sentence() {
        assert_eq!(
            split("One claim improves [@a]. Next one. [@b] Third <!-- cited: not-a-claim: x -->."),
            [
                ("One claim improves.".to_owned(), 1, 0),
                ("Next one.".to_owned(), 1, 0),
                ("Third.".to_owned(), 0, 1),
            ]
        );
        assert_eq!(
            split("Said so. <!-- cited: not-a-claim: advice --> Then more [@a]"),
            [
                ("Said so.".to_owned(), 0, 1),
                ("Then more".to_owned(), 1, 0)
            ]
        );
        assert_eq!(
            split("Ends with it. [@a]"),
            [("Ends with it.".to_owned(), 1, 0)]
        );
        assert_eq!(
            split("[@a] at the start. Then plain."),
            [
                ("at the start.".to_owned(), 1, 0),
                ("Then plain.".to_owned(), 0, 0)
            ]
        );
        assert_eq!(
            split("Both [@a; @b], and more [@c]."),
            [("Both, and more.".to_owned(), 2, 0)]
        );
    }

    #[test]
    fn ranges_cover_text_and_citations() {
        let text = "First one. Second improves [@a]. Third. [@b]\n";
        let d = doc(text);
        let Some(block) = d.blocks.first() else {
            unreachable!("one block");
        };
        let got: Vec<&str> = sentences_in(&d, block)
            .iter()
            .map(|s| text.get(s.range.clone()).unwrap_or("?"))
            .collect();
        assert_eq!(got, ["First one.", "Second improves [@a].", "Third. [@b]"]);
        let plain: Vec<&str> = sentences(block)
            .iter()
            .map(|s| text.get(s.range.clone()).unwrap_or("?"))
            .collect();
        assert_eq!(plain, ["First one.", "Second improves [@a].", "Third."]);
    }

    #[test]
    fn abbreviations_decimals_and_initials_do_not_end_sentences() {
        assert_eq!(
            texts("Some drugs, e.g. SSRIs, help; i.e. Most do. Next."),
            ["Some drugs, e.g. SSRIs, help; i.e. Most do.", "Next."]
        );
        assert_eq!(
            texts("Talk vs. Drugs etc. and more. See p. 4 and pp. 3-5 and No. 7 and Fig. 2 now."),
            [
                "Talk vs. Drugs etc. and more.",
                "See p. 4 and pp. 3-5 and No. 7 and Fig. 2 now."
            ]
        );
        assert_eq!(
            texts("Dr. Smith et al. found 65.9% at approx. 20 sites. Michael J. Lambert agreed."),
            [
                "Dr. Smith et al. found 65.9% at approx. 20 sites.",
                "Michael J. Lambert agreed."
            ]
        );
        assert_eq!(
            texts("Cats, dogs, etc. The end. Smith et al. (2019) said so."),
            [
                "Cats, dogs, etc.",
                "The end.",
                "Smith et al. (2019) said so."
            ]
        );
        assert_eq!(
            texts("Visit findahelpline.com today. Done."),
            ["Visit findahelpline.com today.", "Done."]
        );
    }

    #[test]
    fn initials_follow_names() {
        assert_eq!(
            texts(
                "J. K. Rowling wrote. Take vitamin D. Research shows it. Smith, J. Brown and A. B. Cox met."
            ),
            [
                "J. K. Rowling wrote.",
                "Take vitamin D.",
                "Research shows it.",
                "Smith, J. Brown and A. B. Cox met."
            ]
        );
        assert_eq!(
            split("It works.[@a] Next one [@b]; more [@c] <!-- cited: not-a-claim: y -->."),
            [
                ("It works.".to_owned(), 1, 0),
                ("Next one; more.".to_owned(), 2, 1)
            ]
        );
    }

    #[test]
    fn questions_exclamations_ellipses_and_closers() {
        assert_eq!(
            texts("Is it helping? Ask! Wait... Then go… on. Fine."),
            ["Is it helping?", "Ask!", "Wait…", "Then go… on.", "Fine."]
        );
        // Without smart punctuation (text straight from a block), three dots are one ellipsis.
        let block = ProseBlock {
            pieces: vec![Piece::Text("Wait... Then go... on. Fine".into(), 0..27)],
            silenced_by: None,
        };
        let got: Vec<String> = sentences(&block).into_iter().map(|s| s.text).collect();
        assert_eq!(got, ["Wait...", "Then go... on.", "Fine"]);
        assert_eq!(
            texts("He said \"it works.\" Then left. (As noted.) Next [@a]."),
            ["He said “it works.”", "Then left.", "(As noted.)", "Next."]
        );
        assert_eq!(
            texts("Ask “is it working?” and wait. Done?!"),
            ["Ask “is it working?” and wait.", "Done?!"]
        );
    }

    #[test]
    fn emphasis_breaks_code_and_lists() {
        assert_eq!(
            texts("**No change.** The problems stay.\nSecond line here."),
            ["No change.", "The problems stay.", "Second line here."]
        );
        let d = doc("- major depressive disorder: 65.9% [@v]\n- bipolar: 92.7% [@v]\n");
        let all: Vec<(String, usize)> = d
            .blocks
            .iter()
            .flat_map(|b| sentences_in(&d, b))
            .map(|s| (s.text, s.citations.len()))
            .collect();
        assert_eq!(
            all,
            [
                ("major depressive disorder: 65.9%".to_owned(), 1),
                ("bipolar: 92.7%".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn empty_and_citation_only_blocks_have_no_sentences() {
        let block = ProseBlock {
            pieces: vec![
                Piece::Text("  ".into(), 0..2),
                Piece::Citation(0),
                Piece::Marker(3),
            ],
            silenced_by: None,
        };
        assert!(sentences(&block).is_empty());
        assert!(
            sentences(&ProseBlock {
                pieces: vec![],
                silenced_by: None
            })
            .is_empty()
        );
    }

    #[test]
    fn default_phrases_trigger_as_whole_words() {
        let t = Triggers::default();
        let phrase = |s: &str| Some(Trigger::Phrase(s.to_owned()));
        assert_eq!(t.trigger("A review found that it helps."), phrase("review"));
        assert_eq!(
            t.trigger("It was found that it helps."),
            phrase("found that")
        );
        assert_eq!(t.trigger("Research   Shows it."), phrase("research"));
        assert_eq!(
            t.trigger("It is an evidence-based treatment."),
            phrase("evidence")
        );
        assert_eq!(
            t.trigger("A meta‑analysis of them."),
            phrase("meta-analysis")
        );
        assert_eq!(
            t.trigger("They were more likely to finish."),
            phrase("more likely")
        );
        assert_eq!(t.trigger("At higher risk."), phrase("risk"));
        assert_eq!(t.trigger("It was founded on studying metadata."), None);
        assert_eq!(t.trigger("The risky reviewer."), None);
        assert_eq!(t.trigger("Found, that is all."), phrase("found"));
        assert_eq!(t.trigger("You should feel listened to."), None);
        assert_eq!(
            t.trigger("In 12 weeks, the study ended."),
            Some(Trigger::Figure("12".to_owned()))
        );
        assert_eq!(t.trigger("The study took 12 weeks."), phrase("study"));
        assert_eq!(t.trigger("Five signs, one study."), phrase("study"));
        assert_eq!(t.trigger("Five signs in 2019."), None);
        assert_eq!(t.trigger("Beware of COVID-19 and H1N1."), None);
    }

    #[test]
    fn configured_triggers() {
        let only = vec!["Cochrane".to_owned(), "  ".to_owned(), "RCT".to_owned()];
        let extra = vec!["experts say".to_owned(), "study".to_owned()];
        let t = Triggers::new(false, Some(&only), &extra);
        assert!(!t.checks_figures());
        assert_eq!(
            t.phrases().collect::<Vec<_>>(),
            ["Cochrane", "RCT", "experts say", "study"]
        );
        assert_eq!(t.trigger("It took 13 sessions."), None);
        assert_eq!(t.trigger("A review of research."), None);
        assert_eq!(
            t.trigger("Many experts\nsay so."),
            Some(Trigger::Phrase("experts say".to_owned()))
        );
        assert_eq!(
            t.trigger("a cochrane rct"),
            Some(Trigger::Phrase("Cochrane".to_owned()))
        );
        let t = Triggers::new(true, None, &["recommended".to_owned()]);
        assert_eq!(t.phrases().count(), Triggers::default_phrases().len() + 1);
        assert_eq!(
            t.trigger("It is recommended."),
            Some(Trigger::Phrase("recommended".to_owned()))
        );
    }

    #[test]
    fn normalisation_table() {
        for (written, normal) in [
            ("65.9%", "65.9%"),
            ("65.9 %", "65.9%"),
            ("65.9\u{a0}%", "65.9%"),
            ("65.9 percent", "65.9%"),
            ("65.9 Per cent", "65.9%"),
            ("13 to 18", "13–18"),
            ("13–18", "13–18"),
            ("13-18", "13–18"),
            ("13 — 18", "13–18"),
            ("13 - 18", "13–18"),
            ("between 13 and 18", "13–18"),
            ("Between 13 and 18 sessions", "13–18"),
            ("from 13 to 18", "13–18"),
            ("10% to 20%", "10%–20%"),
            ("10 to 20%", "10%–20%"),
            ("between 57.6% and 67.2%", "57.6%–67.2%"),
            ("12,156", "12156"),
            ("12 156", "12156"),
            ("12\u{202f}156", "12156"),
            ("12156", "12156"),
            ("N=12,156", "12156"),
            ("over 6,000 patients", "6000"),
            ("1,234,567", "1234567"),
            ("1.28 times", "1.28"),
            ("incidence rate ratio 1.28)", "1.28"),
            ("d = 0.55", "0.55"),
            ("fewer than 5", "5"),
            ("less than 5,", "5"),
            ("71.0%", "71.0%"),
            ("71%", "71%"),
            ("p < .05", "0.05"),
            ("007", "7"),
            ("0.5", "0.5"),
            ("-5", "-5"),
            ("a change of −5 points", "-5"),
            ("−5 to −2", "-5–-2"),
            ("5mg", "5"),
            ("3x", "3"),
            ("2000 to 3000", "2000–3000"),
            ("$1,000", "1000"),
            ("call 116 123", "116123"),
        ] {
            assert_eq!(norm(written), normal, "{written}");
        }
        assert_ne!(norm("71.0%"), norm("71%"));
        assert_ne!(norm("13 and 18"), norm("between 13 and 18"));
    }

    #[test]
    fn not_figures() {
        for text in [
            "in 2019",
            "between 2010 and 2015",
            "2019–2020",
            "the 2019-20 season",
            "COVID-19",
            "COVID‑19-related",
            "H1N1",
            "E0101",
            "PMC123",
            "PCC.10m01013",
            "version 1.2.3",
            "on 2020-01-15",
            "call 555-123-4567",
            "the 2nd time",
            "the 1990s",
            "see https://example.org/page/123 or www.x2.org/45",
            "five signs and one study",
            "",
        ] {
            assert_eq!(figures(text), [], "{text}");
        }
    }

    #[test]
    fn figures_in_sentences() {
        let hansen = "A review of psychotherapy in general found that it took between 13 and 18 \
                      sessions for 50% of patients to improve [@hansen2002].";
        let d = doc(hansen);
        let Some(block) = d.blocks.first() else {
            unreachable!("one block");
        };
        let found = sentences_in(&d, block);
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.citations, [0]);
        let f = figures(&s.text);
        let normal: Vec<&str> = f.iter().map(|f| f.normalized.as_str()).collect();
        let written: Vec<&str> = f.iter().map(|f| f.written.as_str()).collect();
        assert_eq!(normal, ["13–18", "50%"]);
        assert_eq!(written, ["between 13 and 18", "50%"]);
        for f in &f {
            assert_eq!(s.text.get(f.range.clone()), Some(f.written.as_str()));
        }
        let t =
            "people had fewer than 5 sessions, about 20% improved, ages 18-65, 7 clinics (2011)";
        let normal: Vec<String> = figures(t).into_iter().map(|f| f.normalized).collect();
        assert_eq!(normal, ["5", "20%", "18–65", "7"]);
        let t = "These rates were 65.9% for X, 92.7% for Y and 71.0% for Z.";
        let normal: Vec<String> = figures(t).into_iter().map(|f| f.normalized).collect();
        assert_eq!(normal, ["65.9%", "92.7%", "71.0%"]);
        assert_eq!(normalize("13 and 18"), None);
        assert_eq!(normalize("2,000"), Some("2000".to_owned()));
        assert_eq!(normalize("2000"), Some("2000".to_owned()));
        assert_eq!(
            normalize("between 2010 and 2015"),
            Some("2010–2015".to_owned())
        );
        let backing: Vec<String> = finding_figures("Of 2000 patients, 12% improved.")
            .into_iter()
            .map(|f| f.normalized)
            .collect();
        assert_eq!(backing, ["2000", "12%"]);
        assert_eq!(normalize("2,000 patients"), Some("2000".to_owned()));
        assert_eq!(normalize("no figure"), None);
    }

    fn text_piece() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-zA-Z0-9 .,;:!?…\"'“”‘’()\\[\\]%\u{a0}–—−-]{0,40}",
            "(e\\.g\\.|et al\\.|Dr\\.|p\\.|No\\.|[A-Z]\\.|\\.\\.\\.| |\\?|!|[0-9]{1,5}|\\.| [a-z]+| [A-Z][a-z]*){0,12}",
        ]
    }

    fn piece() -> impl Strategy<Value = Piece> {
        prop_oneof![
            4 => (text_piece(), any::<usize>(), any::<usize>())
                .prop_map(|(t, a, b)| Piece::Text(t, a..b)),
            3 => (text_piece(), 0usize..10_000).prop_map(|(t, a)| {
                let len = t.len();
                Piece::Text(t, a..a + len)
            }),
            1 => any::<usize>().prop_map(Piece::Citation),
            1 => any::<usize>().prop_map(Piece::Marker),
        ]
    }

    fn figure_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9a-zA-Z .,%\u{a0}\u{202f}–—−+±=<()-]{0,40}",
            "((between|and|to|per|cent|percent|COVID|x|mg|[0-9]{1,5}|[.,%-]|–| ){0,14})",
            "((−|-|–|—|\\.|,| |\u{a0}|\u{202f}|%|[0-9]{1,4}|to|and|between|per cent|x|mg|e|[A-Z]|_|/|://|www\\.){0,16})",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn sentences_never_panic(pieces in prop::collection::vec(piece(), 0..12),
                                 silenced in any::<Option<usize>>()) {
            let block = ProseBlock { pieces, silenced_by: silenced };
            let found = sentences(&block);
            let cited = block.pieces.iter().filter(|p| matches!(p, Piece::Citation(_))).count();
            let marked = block.pieces.iter().filter(|p| matches!(p, Piece::Marker(_))).count();
            if !found.is_empty() {
                prop_assert_eq!(found.iter().map(|s| s.citations.len()).sum::<usize>(), cited);
                prop_assert_eq!(found.iter().map(|s| s.markers.len()).sum::<usize>(), marked);
            }
            for s in &found {
                prop_assert!(!s.text.is_empty());
                prop_assert_eq!(s.text.trim(), s.text.as_str());
                prop_assert!(!s.text.contains("  "));
                prop_assert!(s.range.start <= s.range.end);
            }
        }

        #[test]
        fn sentences_of_parsed_markdown_never_panic(text in text_piece(), more in text_piece()) {
            let source = format!("{text} [@a]. {more} <!-- cited: not-a-claim: x -->\n\n- {more}\n");
            let d = doc(&source);
            for block in &d.blocks {
                for s in sentences_in(&d, block) {
                    prop_assert!(s.range.start <= s.range.end);
                    prop_assert!(s.range.end <= source.len());
                }
            }
        }

        #[test]
        fn figures_never_panic_and_round_trip(text in figure_text()) {
            for f in figures(&text) {
                prop_assert_eq!(text.get(f.range.clone()), Some(f.written.as_str()));
                prop_assert_eq!(normalize(&f.written), Some(f.normalized.clone()), "written {:?}", f.written);
                prop_assert_eq!(normalize(&f.normalized), Some(f.normalized.clone()), "normal of {:?}", f.written);
            }
            let sentence = figures(&text);
            let excerpt = finding_figures(&text);
            // Excerpts see every figure a sentence sees, and maybe years besides.
            prop_assert!(excerpt.len() >= sentence.len());
            for f in excerpt {
                prop_assert_eq!(normalize(&f.written), Some(f.normalized.clone()), "excerpt {:?}", f.written);
            }
        }

        #[test]
        fn triggers_never_panic(text in any::<String>(), phrase in any::<String>()) {
            let t = Triggers::new(true, None, std::slice::from_ref(&phrase));
            let _ = t.trigger(&text);
            if let Some(p) = compile_phrase(&phrase) {
                for w in word_ranges(&text) {
                    let _ = phrase_continues(&p, &text, w.end);
                }
            }
        }
    }
}
