//! The quick test of whether a text is worth tokenising for figures in words: most sentences
//! have none, and most that state a figure state it in digits alone, which the digit scanner
//! finds. It may let through a text with no figure in words, never skip one that has one (a
//! property test in `claims/tests.rs` compares it with scanning every text).

/// The end of the number that starts at `start`: digits, grouped by commas or with a decimal
/// point, as `tokenize` reads them.
fn digits_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&c) = bytes.get(i) {
        if c.is_ascii_digit()
            || ((c == b',' || c == b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether a number followed by `rest` can start a figure in words: the patterns that start
/// with digits are `2/3` and `3×` (nothing in between) and `1 in 5` (whitespace, then the word
/// "in"). Whatever else follows the word is for the patterns to judge.
fn number_starts_a_figure(rest: &str) -> bool {
    if rest.starts_with(['/', '×']) {
        return true;
    }
    let word = rest.trim_start_matches(char::is_whitespace);
    word.len() < rest.len()
        && word.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("in"))
        && !word.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic)
}

/// Whether a word can start (or be) a figure in words: a number word, a fraction word, "half",
/// "twice" or "…fold". Most words of a text are none of these, and are let go after a length
/// and first-letter check, or one comparison of their lowercase bytes.
pub(super) fn starts_a_figure(word: &str) -> bool {
    let bytes = word.as_bytes();
    // Every word below has 3 to 9 letters and starts with one of these nine; any other word
    // can only be a "…fold".
    let Some(first) = bytes.first() else {
        return false;
    };
    if bytes.len() > 9 || !b"zotfsenhq".contains(&first.to_ascii_lowercase()) {
        return bytes.len() <= 14 && ends_with_fold(bytes);
    }
    let mut lower = [0u8; 14];
    for (l, b) in lower.iter_mut().zip(bytes) {
        *l = b.to_ascii_lowercase();
    }
    let lower = lower.get(..bytes.len()).unwrap_or(&[]);
    matches!(
        lower,
        b"zero"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"twenty"
            | b"thirty"
            | b"forty"
            | b"fifty"
            | b"sixty"
            | b"seventy"
            | b"eighty"
            | b"ninety"
            | b"hundred"
            | b"thousand"
            | b"half"
            | b"twice"
            | b"third"
            | b"thirds"
            | b"quarter"
            | b"quarters"
            | b"fourth"
            | b"fourths"
            | b"fifth"
            | b"fifths"
            | b"sixth"
            | b"sixths"
            | b"seventh"
            | b"sevenths"
            | b"eighth"
            | b"eighths"
            | b"ninth"
            | b"ninths"
            | b"tenth"
            | b"tenths"
    ) || ends_with_fold(lower)
}

/// Whether `word` ends with "fold", in any case ("threefold", "Tenfold").
fn ends_with_fold(word: &[u8]) -> bool {
    word.len() >= 4
        && word
            .get(word.len() - 4..)
            .is_some_and(|end| end.eq_ignore_ascii_case(b"fold"))
}

/// Whether `text` holds a number that [`number_starts_a_figure`] or a word that
/// [`starts_a_figure`]; no allocation. Most sentences that state a figure state it in digits
/// alone (`23%`), which the digit scanner finds: they need no tokens.
pub(super) fn worth_scanning(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            i = digits_end(bytes, i);
            if number_starts_a_figure(text.get(i..).unwrap_or("")) {
                return true;
            }
        } else if b.is_ascii_alphabetic() {
            let start = i;
            i = bytes
                .get(i..)
                .and_then(|rest| rest.iter().position(|b| !b.is_ascii_alphabetic()))
                .map_or(bytes.len(), |n| i + n);
            if starts_a_figure(text.get(start..i).unwrap_or("")) {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}
