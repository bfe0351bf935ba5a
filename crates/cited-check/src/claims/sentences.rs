//! Sentences: prose blocks split where a reader's sentence ends, each with what it cites.

use std::ops::Range;

use cited_site::{Document, Piece, ProseBlock};

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
    /// Indices into [`Document::citations`] of the citations written in the sentence, in order.
    pub citations: Vec<usize>,
    /// Indices into [`Document::note_marks`] of the footnotes' marks that belong to the
    /// sentence, as its citations do: the sentence also cites what their notes cite
    /// (`improve.[^1]` with `[^1]: [@a]` cites `a`).
    pub notes: Vec<usize>,
    /// Indices into [`Document::markers`] of the inline markers that silence this sentence: one
    /// inside it, or right after it, before the next sentence starts. (A block-level marker
    /// silences the whole block: see [`ProseBlock::silenced_by`].)
    pub markers: Vec<usize>,
}

/// Splits a prose block into sentences.
///
/// Citations, footnotes' marks and markers that directly follow a sentence's final punctuation
/// belong to that sentence (`... improve [@a].`, `... improve. [@a]` and `... improve.[^1]` all
/// attach to the sentence; a marker after the full stop too). A sentence ends at `.`, `?`, `!`
/// or an ellipsis (followed by any closing quotes or brackets) when whitespace and then
/// something other than a lowercase letter follow, or at the end of the block. It does not end
/// after abbreviations (e.g., i.e., vs., Dr., approx.; No., p., pp., Fig. before a number; etc.
/// and et al. unless a capital follows), initials (J. Smith), or inside decimals (65.9) and names
/// (findahelpline.com).
///
/// The ranges cover the text only; use [`sentences_in`] to include the citations' ranges.
pub fn sentences(doc: &Document, block: &ProseBlock<'_>) -> Vec<Sentence> {
    split_block(block, doc, false)
}

/// [`sentences`], with each sentence's range widened to cover its citations and markers (whose
/// places only the [`Document`] knows).
pub fn sentences_in(doc: &Document, block: &ProseBlock<'_>) -> Vec<Sentence> {
    split_block(block, doc, true)
}

/// A text piece's place in the joined text and in the source.
pub(crate) struct Seg {
    /// Byte range in the joined text.
    buf: Range<usize>,
    /// Source range start.
    lo: usize,
    /// Source range end (never below `lo`).
    hi: usize,
}

#[derive(Clone, Copy)]
pub(crate) enum Attached {
    Citation(usize),
    Marker(usize),
    Note(usize),
}

/// A citation, footnote's mark or marker, at a byte position of the joined text.
pub(crate) struct Item {
    at: usize,
    what: Attached,
}

/// `doc`: the block's document, which its pieces' text is read from; `widen`: whether each
/// sentence's range covers its citations and markers.
pub(crate) fn split_block(block: &ProseBlock<'_>, doc: &Document, widen: bool) -> Vec<Sentence> {
    let mut buf = String::new();
    let mut segs: Vec<Seg> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for piece in block.pieces {
        match piece {
            Piece::Text(_, range) => {
                let text = doc.piece_text(piece).unwrap_or("");
                if text.is_empty() {
                    continue;
                }
                let start = buf.len();
                buf.push_str(text);
                segs.push(Seg {
                    buf: start..buf.len(),
                    lo: range.start as usize,
                    hi: range.end.max(range.start) as usize,
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
            Piece::Note(i) => items.push(Item {
                at: buf.len(),
                what: Attached::Note(*i),
            }),
        }
    }
    let cuts: Vec<usize> = items.iter().map(|i| i.at).collect();
    let spans = segment(&buf, &cuts);
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
                notes: Vec::new(),
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
                doc.citations
                    .get(i)
                    .filter(|_| widen)
                    .map(|c| c.range.clone())
            }
            Attached::Marker(i) => {
                sentence.markers.push(i);
                doc.markers
                    .get(i)
                    .filter(|_| widen)
                    .map(|m| m.range.clone())
            }
            // The note's citations are written in its text, elsewhere: the sentence's range
            // covers the mark.
            Attached::Note(i) => {
                sentence.notes.push(i);
                doc.note_marks
                    .get(i)
                    .filter(|_| widen)
                    .map(|m| m.range.clone())
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
pub(crate) fn map_start(segs: &[Seg], p: usize) -> usize {
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
pub(crate) fn map_end(segs: &[Seg], p: usize) -> usize {
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

pub(crate) fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

/// Whether byte `b` can be the first of an [`is_terminator`] character's UTF-8 (`…` and `‽` start
/// with 0xE2).
pub(crate) fn may_start_terminator(b: u8) -> bool {
    matches!(b, b'.' | b'?' | b'!' | 0xE2)
}

pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '*' | '_'
    )
}

/// Punctuation that follows a word without a space: a removed citation's space goes before it.
pub(crate) fn is_tight(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '…')
}

/// Abbreviations after which a full stop never ends a sentence.
pub(crate) const NEVER_END: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "vs", "v", "cf", "viz", "dr", "mr", "mrs", "ms", "prof", "st",
    "approx", "ca", "incl", "resp", "dept", "ed", "eds", "mt", "rev", "gen", "lt", "col", "sgt",
];

/// Abbreviations that do not end a sentence before a number (`No. 5`, `p. 4`, `Fig. 2`).
pub(crate) const NUMBER_PREFIX: &[&str] = &[
    "no", "nos", "p", "pp", "fig", "figs", "vol", "vols", "ch", "chap", "sec", "sect", "eq", "eqs",
    "ref", "refs", "tab", "n", "art", "para",
];

/// Abbreviations that end a sentence only when a capital letter follows.
pub(crate) const MAY_END: &[&str] = &[
    "etc", "al", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "a.m", "p.m",
];

/// The character at byte `i` of `buf`, which is a character boundary; none at the end.
fn ch(buf: &str, i: usize) -> Option<char> {
    char_at(buf, i).map(|(c, _)| c)
}

/// The byte after the character at `i` (at the end: the end).
fn next(buf: &str, i: usize) -> usize {
    char_at(buf, i).map_or(buf.len(), |(_, len)| i + len)
}

/// The start of the character that ends at byte `i` (at the start: the start).
fn prev(buf: &str, i: usize) -> usize {
    let mut p = i.saturating_sub(1);
    while p > 0 && !buf.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Sentence spans `(start, end)` as byte positions of `buf`, trimmed of whitespace.
///
/// It walks `buf` by character boundaries, decoding where it looks: a table of every
/// character's position, built for each block, was half the cost of splitting it.
pub(crate) fn segment(buf: &str, cuts: &[usize]) -> Vec<(usize, usize)> {
    let n = buf.len();
    let is_ws = |k: usize| ch(buf, k).is_some_and(char::is_whitespace);
    let mut out = Vec::new();
    let mut k = 0;
    while is_ws(k) {
        k = next(buf, k);
    }
    if k >= n {
        return out;
    }
    let mut start = k;
    while k < n {
        // Straight to the next byte that can start a terminator.
        match buf
            .as_bytes()
            .get(k..)
            .and_then(|rest| super::bytes::first(rest, may_start_terminator))
        {
            Some(skip) => k += skip,
            None => break,
        }
        if !ch(buf, k).is_some_and(is_terminator) {
            k = next(buf, k);
            continue;
        }
        let mut j = k;
        while ch(buf, j).is_some_and(is_terminator) {
            j = next(buf, j);
        }
        let term_end = j;
        while ch(buf, j).is_some_and(is_closer) {
            j = next(buf, j);
        }
        if j < n && !is_ws(j) {
            // 65.9, e.g., findahelpline.com: not an end.
            k = j.max(next(buf, k));
            continue;
        }
        let mut m = j;
        while is_ws(m) {
            m = next(buf, m);
        }
        if m >= n {
            break;
        }
        if is_boundary(buf, start, k, term_end, m, cuts) {
            out.push((start, j));
            start = m;
        }
        k = m;
    }
    let mut end = n;
    while end > start && is_ws(prev(buf, end)) {
        end = prev(buf, end);
    }
    if end > start {
        out.push((start, end));
    }
    out
}

/// Whether the terminator run `buf[k..term_end]` ends the sentence that started at `start`, when
/// the next non-space character is at `m` (all byte positions of character boundaries).
pub(crate) fn is_boundary(
    buf: &str,
    start: usize,
    k: usize,
    term_end: usize,
    m: usize,
    cuts: &[usize],
) -> bool {
    let ch = |i: usize| ch(buf, i);
    let mut f = m;
    while ch(f).is_some_and(is_opener) {
        f = next(buf, f);
    }
    let first = ch(f);
    if first.is_some_and(char::is_lowercase) {
        return false;
    }
    let single_dot = ch(k) == Some('.') && term_end == k + 1;
    if !single_dot {
        return true;
    }
    // A citation right before the stop ("et al [@a].") leaves no abbreviation.
    if cuts.binary_search(&k).is_ok() {
        return true;
    }
    let mut w = k;
    while w > start && ch(prev(buf, w)).is_some_and(|c| c.is_alphanumeric() || c == '.') {
        w = prev(buf, w);
    }
    let original = buf.get(w..k).unwrap_or("");
    let lower: String = original.chars().flat_map(char::to_lowercase).collect();
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
    let mut letters = original.chars();
    if let (Some(c), None) = (letters.next(), letters.next())
        && c.is_uppercase()
        && next_is_upper
    {
        let mut p = w;
        while p > start && ch(prev(buf, p)).is_some_and(char::is_whitespace) {
            p = prev(buf, p);
        }
        let mut q = p;
        while q > start && ch(prev(buf, q)).is_some_and(|c| !c.is_whitespace()) {
            q = prev(buf, q);
        }
        let after_name = q == p || ch(q).is_some_and(char::is_uppercase);
        let before_initial = ch(next(buf, m)) == Some('.');
        return !(after_name || before_initial);
    }
    true
}

/// `buf[s..e]` with whitespace collapsed, and no space kept between a removed citation and the
/// punctuation after it.
pub(crate) fn clean_text(buf: &str, s: usize, e: usize, cuts: &[usize]) -> String {
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
pub(crate) fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    plainly_clean(bytes) || has_only_single_spaces(text)
}

/// Whether `bytes` hold no byte that can start whitespace other than a space and no two spaces
/// in a row: what nearly every sentence is, found out without a branch for each byte, which the
/// compiler makes into vector compares. `false` says only "look closer".
fn plainly_clean(bytes: &[u8]) -> bool {
    let suspect = |b: u8| {
        matches!(
            b,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3
        )
    };
    let any_suspect = super::bytes::first(bytes, suspect).is_some();
    let next = bytes.get(1..).unwrap_or_default();
    let two_spaces = bytes
        .iter()
        .zip(next)
        .fold(false, |any, (&a, &b)| any | (a == b' ' && b == b' '));
    !any_suspect && !two_spaces
}

/// Whether the only whitespace in `text` is single spaces, character by character.
pub(crate) fn has_only_single_spaces(text: &str) -> bool {
    let bytes = text.as_bytes();
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
pub(crate) fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}
