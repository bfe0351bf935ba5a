//! Pandoc's citation syntax: `[@key]`, `[@a; @b, p. 4]`, `[see @key, pp. 3-5]`, `[-@key]`.
//!
//! pulldown-cmark hands us the raw text between the brackets (through its broken-link callback);
//! this module parses it. The grammar, after Pandoc's manual:
//!
//! ```text
//! citation := item (';' item)*
//! item     := prefix? '-'? '@' key suffix?
//! key      := [A-Za-z0-9_] ([A-Za-z0-9_] | internal punctuation followed by [A-Za-z0-9_]
//!                           | ':' or '/' followed by '/')*
//!           | '{' [^}]* '}'
//! suffix   := ','? locator? text
//! ```

use std::ops::Range;

/// One source within a citation.
///
/// A loaded site holds one for every source cited on every page, from load to the end of the
/// build, so it is kept small: the key is a boxed `str`, its range two `u32`s (a file is at most
/// [`MAX_FILE_BYTES`](crate::MAX_FILE_BYTES)), and the parts most citations do not have (prefix,
/// locator, suffix) share one optional box. 40 bytes, where separate `String`s and `Option`s
/// took 144.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    key: Box<str>,
    key_start: u32,
    key_end: u32,
    rare: Option<Box<Rare>>,
    suppress_author: bool,
    author_in_text: bool,
}

/// What a [`CiteItem`] seldom has.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rare {
    prefix: Option<Box<str>>,
    /// Everything after the key, trimmed, as written: a locator and a suffix, read under the
    /// labels of the site's locale ([`CiteItem::locator_and_suffix`]).
    rest: Option<Box<str>>,
    /// Where `rest` starts in the citation's text, once the parse said
    /// ([`CiteItem::with_rest_at`]).
    rest_at: Option<u32>,
}

impl CiteItem {
    /// An item citing `key`, written at `key_range` (`@key`), with nothing around it.
    pub fn new(key: &str, key_range: Range<usize>) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        CiteItem {
            key: key.into(),
            key_start: offset(key_range.start),
            key_end: offset(key_range.end),
            rare: None,
            suppress_author: false,
            author_in_text: false,
        }
    }

    /// The same item with a prefix and what follows the key (each left out when `None` or
    /// empty).
    #[must_use]
    pub fn with_parts(mut self, prefix: Option<&str>, rest: Option<&str>) -> Self {
        let text = |t: Option<&str>| t.filter(|t| !t.is_empty()).map(Box::from);
        let rare = Rare {
            prefix: text(prefix),
            rest: text(rest),
            rest_at: None,
        };
        self.rare = (rare.prefix.is_some() || rare.rest.is_some()).then(|| Box::new(rare));
        self
    }

    /// The same item, what follows its key (if anything) written from byte `at` of the
    /// citation's text.
    #[must_use]
    pub(crate) fn with_rest_at(mut self, at: usize) -> Self {
        if let Some(rare) = self.rare.as_mut().filter(|r| r.rest.is_some()) {
            rare.rest_at = u32::try_from(at).ok();
        }
        self
    }

    /// The same item, its key range moved `by` bytes later (from the citation's text into the
    /// document's).
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        let offset = |at: u32| u32::try_from(at as usize + by).unwrap_or(u32::MAX);
        self.key_start = offset(self.key_start);
        self.key_end = offset(self.key_end);
        if let Some(at) = self.rare.as_mut().and_then(|r| r.rest_at.as_mut()) {
            *at = offset(*at);
        }
        self
    }

    /// The citation key, without `@`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Byte range of `@key` within the citation's source text.
    pub fn key_range(&self) -> Range<usize> {
        self.key_start as usize..self.key_end as usize
    }

    /// Text before the key (`see`).
    pub fn prefix(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.prefix.as_deref())
    }

    /// Everything after the key, as written and trimmed (`, p. 4, emphasis added`).
    pub fn rest(&self) -> Option<&str> {
        self.rare.as_ref().and_then(|r| r.rest.as_deref())
    }

    /// Byte range of [`CiteItem::rest`] within the citation's source text.
    pub fn rest_range(&self) -> Option<Range<usize>> {
        let rare = self.rare.as_ref()?;
        let start = rare.rest_at? as usize;
        Some(start..start + rare.rest.as_ref()?.len())
    }

    /// The locator (`p. 4`), if what follows the key starts with one under `labels` (the site's
    /// locale's: Pandoc reads `S. 4` as a page in German, and `p. 4` as text), and the suffix:
    /// the text after it, or, without a locator, all of it. As in Pandoc, a suffix keeps the
    /// comma that introduced it (`[@a, and others]`, `[@a, p. 4, emphasis added]`); only the
    /// comma before a locator is a separator.
    pub fn locator_and_suffix(&self, labels: &LocatorLabels) -> (Option<Locator>, Option<&str>) {
        let Some(rest) = self.rest() else {
            return (None, None);
        };
        let (locator, suffix) =
            split_locator(rest.strip_prefix(',').unwrap_or(rest).trim_start(), labels);
        let suffix = if locator.is_none() { rest } else { suffix };
        (locator, Some(suffix).filter(|s| !s.is_empty()))
    }

    /// `[-@key]`: show the year (or number) only.
    pub fn suppress_author(&self) -> bool {
        self.suppress_author
    }

    /// `@key` or `@key [p. 4]` in the sentence: Pandoc's author-in-text form.
    pub fn author_in_text(&self) -> bool {
        self.author_in_text
    }
}

/// A pin-point reference within a source: a CSL locator term and its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Locator {
    /// CSL locator term: `page`, `chapter`, `section`, …
    pub label: &'static str,
    /// `4`, `3-5`, `12, 14`.
    pub value: Box<str>,
}

/// Why bracketed text that looks like a citation is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationSyntaxError {
    /// What is wrong.
    pub message: String,
    /// Byte range within the citation text.
    pub range: Range<usize>,
    /// How to write it instead, where the mistake says more than the general rule.
    pub hint: Option<String>,
}

/// A suffix that opens as a locator would, under a label the site's language does not read
/// ([`LocatorLabels::locator_meant`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatorMeant {
    /// The label and number as written (`pg. 4`).
    pub written: String,
    /// Where `written` starts in the suffix.
    pub offset: usize,
    /// The locator as the site's language writes it (`p. 4`).
    pub fix: String,
}

/// Page labels that no bundled locale reads, but other conventions write (`pg. 4`).
const OTHER_PAGE_LABELS: [&str; 4] = ["pg", "pgs", "pag", "pags"];

/// The labels a locator is read under after a citation's key, each with the CSL locator it
/// stands for: those of the site's locale and style, as Pandoc reads them (cited-csl's
/// `locator_labels` gives them), compared in lowercase, longest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocatorLabels {
    /// Each label in lowercase, its locator, and the label as the locale writes it.
    labels: Vec<(Box<str>, &'static str, Box<str>)>,
    /// Labels of another language that these do not read, in lowercase, with their locator
    /// ([`LocatorLabels::with_foreign`]): what an editor may write out of habit.
    foreign: Vec<(Box<str>, &'static str)>,
}

impl LocatorLabels {
    /// The labels, as the locale writes them; of two alike case aside, the first one's locator.
    pub fn new(labels: impl IntoIterator<Item = (String, &'static str)>) -> Self {
        let mut kept: Vec<(Box<str>, &'static str, Box<str>)> = Vec::new();
        for (written, locator) in labels {
            let written = written.trim();
            let label = written.to_lowercase();
            if !label.is_empty() && !kept.iter().any(|(k, _, _)| **k == *label) {
                kept.push((label.into(), locator, written.into()));
            }
        }
        // Longest first (`pp.` before `p.`); a stable sort keeps the given order otherwise.
        kept.sort_by_key(|(label, _, _)| std::cmp::Reverse(label.chars().count()));
        LocatorLabels {
            labels: kept,
            foreign: Vec::new(),
        }
    }

    /// The same labels, told that an editor may write `labels` of another language (English's,
    /// on a German site: `p. 4` for `S. 4`), which they do not read:
    /// [`LocatorLabels::locator_meant`] names the label they meant.
    #[must_use]
    pub fn with_foreign(
        mut self,
        labels: impl IntoIterator<Item = (String, &'static str)>,
    ) -> Self {
        for (label, locator) in labels {
            let label = label.trim().to_lowercase();
            let known = |k: &str| *k == *label;
            if !label.is_empty()
                && !self.labels.iter().any(|(k, _, _)| known(k))
                && !self.foreign.iter().any(|(k, _)| known(k))
            {
                self.foreign.push((label.into(), locator));
            }
        }
        self
    }

    /// These labels' shortest abbreviation for `locator` (`p.`, `S.`), else its shortest label,
    /// as the locale writes it.
    fn abbreviation(&self, locator: &str) -> Option<&str> {
        let of = |dotted: bool| {
            self.labels
                .iter()
                .filter(|(label, l, _)| *l == locator && label.ends_with('.') == dotted)
                .min_by_key(|(label, _, _)| label.chars().count())
                .map(|(_, _, written)| &**written)
        };
        of(true).or_else(|| of(false))
    }

    /// The locator a suffix (as [`CiteItem::locator_and_suffix`] gives it, read under these
    /// labels) was probably meant to start with, then a number: a label of these written without
    /// its full stop (`fig 3` for `fig. 3`), a label of the foreign ones (a German site's `p. 4`
    /// or `fig. 2` for `S. 4`, `Abb. 2`), or a page as another convention writes it (`pg. 4`,
    /// `pgs 3-5`). Pandoc prints such a suffix as it is written, and the style does not format
    /// it.
    pub fn locator_meant(&self, suffix: &str) -> Option<LocatorMeant> {
        let offset = suffix.len() - suffix.trim_start_matches([',', ' ']).len();
        let rest = &suffix[offset..];
        let word_len = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        let dotted = rest[word_len..].starts_with('.');
        let value_text = rest[word_len + usize::from(dotted)..].trim_start_matches(' ');
        if word.is_empty() || !value_text.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let value_len = value_text
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '\u{2013}')))
            .unwrap_or(value_text.len());
        let value = &value_text[..value_len];
        let lower = word.to_lowercase();
        let as_written = if dotted {
            format!("{lower}.")
        } else {
            lower.clone()
        };
        let foreign = self
            .foreign
            .iter()
            .find(|(label, _)| **label == as_written)
            .map(|(_, locator)| *locator);
        let label = if !dotted
            && self
                .labels
                .iter()
                .any(|(label, _, _)| label.strip_suffix('.') == Some(lower.as_str()))
        {
            format!("{word}.")
        } else if let Some(locator) = foreign {
            self.abbreviation(locator)?.to_owned()
        } else if OTHER_PAGE_LABELS.contains(&lower.as_str()) {
            self.abbreviation("page")?.to_owned()
        } else {
            return None;
        };
        let written_len = rest.len() - value_text.len() + value_len;
        Some(LocatorMeant {
            written: rest[..written_len].to_owned(),
            offset,
            fix: format!("{label} {value}"),
        })
    }

    /// The longest label `text` starts with, case aside, ending where a word may (`page` is no
    /// label of `pager`), with its length in `text` and its locator.
    fn at_start(&self, text: &str) -> Option<(usize, &'static str)> {
        let first = text.chars().next()?.to_lowercase().next()?;
        self.labels.iter().find_map(|(label, locator, _)| {
            if !label.starts_with(first) {
                return None;
            }
            let end = ascii_label_end(text, label).unwrap_or_else(|| label_end(text, label))?;
            let ends_word = !label.ends_with(char::is_alphanumeric)
                || !text[end..].starts_with(char::is_alphanumeric);
            ends_word.then_some((end, *locator))
        })
    }
}

/// Where `label` (in lowercase) ends at the start of `text`, case aside, if it is there
/// (`Some(None)` if it is not), when `text` is ASCII as far as the label would reach; `None`
/// otherwise, for [`label_end`] to say (a lowercase letter may be longer than its capital, as
/// `İ`'s is, or depend on the next, as `Σ`'s does). Every locator of a page is tried against a
/// dozen labels: read a byte at a time, and only as far as it matches, each costs a few
/// instructions, where a lowercase copy of the text for each was a hundredth of a
/// citation-dense build.
fn ascii_label_end(text: &str, label: &str) -> Option<Option<usize>> {
    let reach = text.len().min(label.len());
    if !text.as_bytes()[..reach].is_ascii() {
        return None;
    }
    // An ASCII text in lowercase is ASCII, so it matches only an ASCII label of its length.
    let matches = label.is_ascii()
        && reach == label.len()
        && text
            .bytes()
            .zip(label.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b);
    Some(matches.then_some(label.len()))
}

/// Where `label` (in lowercase) ends at the start of `text`, case aside, if it is there:
/// `text`'s first characters, as many as the label's, in lowercase are the label.
fn label_end(text: &str, label: &str) -> Option<usize> {
    let chars = label.chars().count();
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    let written = text.get(..end)?;
    (written.chars().count() == chars && written.to_lowercase() == *label).then_some(end)
}

/// Whether `c` may start or end a citation key (Pandoc's rule: a letter, a digit or `_`).
pub(crate) fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `c` may stand inside a citation key, between its letters and digits (Pandoc's list).
pub(crate) fn is_internal_punct(c: char) -> bool {
    matches!(
        c,
        ':' | '.' | '#' | '$' | '%' | '&' | '-' | '+' | '?' | '<' | '>' | '~' | '/'
    )
}

/// The keys of every `@key` in `text` at the start of a word (not after a letter, digit, `_` or
/// `\\`), as Pandoc reads `nocite`: `@*` gives the key `*`.
pub fn keys_in(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (at, _) in text.match_indices('@') {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_key_char(c) || c == '\\')
        {
            continue;
        }
        let after = &text[at + 1..];
        if after.starts_with('*') {
            keys.push("*".to_owned());
            continue;
        }
        if let Some(braced) = after.strip_prefix('{') {
            if let Some(end) = braced
                .find(['}', '\n'])
                .filter(|&e| braced[e..].starts_with('}'))
            {
                keys.push(braced[..end].to_owned());
            }
            continue;
        }
        let len = key_len(after);
        if len > 0 {
            keys.push(after[..len].to_owned());
        }
    }
    keys
}

/// Pandoc's author-in-text citation at byte `at` of `text`, where `text[at]` is `@`: `@key`,
/// optionally followed by a space and a bracketed locator and suffix (`@key [p. 4]`), by Pandoc's
/// rule: the `@` is not after a letter, digit, `_` or backslash (an e-mail address, an escape).
/// Returns the item (its `key_range` relative to `text`) and the end of the citation.
pub fn author_in_text(text: &str, at: usize) -> Option<(CiteItem, usize)> {
    if !text[at..].starts_with('@')
        || text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_key_char(c) || c == '\\')
    {
        return None;
    }
    let after = &text[at + 1..];
    let len = match after.strip_prefix('{') {
        // A braced key ends on its line.
        Some(braced) => {
            braced
                .find(['}', '\n'])
                .filter(|&e| braced[e..].starts_with('}'))?
                + 2
        }
        None => key_len(after),
    };
    if len == 0 {
        return None;
    }
    let raw = &after[..len];
    let key = raw
        .strip_prefix('{')
        .and_then(|k| k.strip_suffix('}'))
        .unwrap_or(raw);
    let mut end = at + 1 + len;
    let mut item = CiteItem::new(key, at..end);
    item.author_in_text = true;
    // `@key [p. 4]`: a bracketed suffix after one space, without citations of its own.
    let rest = &text[end..];
    let bracket = rest.strip_prefix(' ').unwrap_or(rest);
    // The search stops at the next bracket or line end, so a page of `@a [` stays linear.
    if let Some(inner) = bracket.strip_prefix('[')
        && let Some(close) = inner.find([']', '[', '\n'])
        && inner[close..].starts_with(']')
        && !inner[..close].contains('@')
    {
        let content = inner[..close].trim();
        // The content is the bracket's, trimmed.
        let inner_start = end + (rest.len() - bracket.len()) + 1;
        let content_at = inner_start + inner[..close].trim_end().len() - content.len();
        item = item
            .with_parts(None, Some(content))
            .with_rest_at(content_at);
        end += rest.len() - bracket.len() + 1 + close + 1;
    }
    Some((item, end))
}

/// The length of the unbraced key at the start of `after_at` (0 if there is none): a letter,
/// digit or `_`, then those or internal punctuation followed by one of them.
fn key_len(after_at: &str) -> usize {
    // Reads only as far as the key goes: this runs at every `@` of a page (twice: when a page is
    // checked and when it renders). Its ASCII letters, digits and `_` at the start, most keys
    // whole, are key characters whatever follows them; the rest is read a character at a time.
    let plain = after_at
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_')
        .count();
    let mut len = plain;
    let mut chars = after_at[plain..]
        .char_indices()
        .map(|(i, c)| (plain + i, c))
        .peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        let next_is_key = next.is_some_and(is_key_char);
        // As in Pandoc, `:` and `/` before a `/` belong to the key too, so URL-shaped keys
        // (Zotero's `http://zotero.org/users/1/items/ABCD`) are whole.
        let url_like = matches!(c, ':' | '/') && next == Some('/');
        if is_key_char(c) || (len > 0 && (is_internal_punct(c) && next_is_key || url_like)) {
            len = i + c.len_utf8();
        } else {
            break;
        }
    }
    len
}

/// How a key is written in a citation: `@key`, or `@{key}` when a bare key would end early
/// (`@{https://example.org/study/}`: a bare key does not end in punctuation).
pub fn written_key(key: &str) -> String {
    if !key.is_empty() && key_len(key) == key.len() {
        format!("@{key}")
    } else {
        format!("@{{{key}}}")
    }
}

/// Whether bracketed text is meant as a citation: it has an `@` at the start of a word.
/// Such text that then fails to parse is reported rather than silently shown as text.
pub fn looks_like_citation(text: &str) -> bool {
    let mut previous = ' ';
    for c in text.chars() {
        if c == '@' && (previous.is_whitespace() || matches!(previous, '-' | ';' | '[')) {
            return true;
        }
        previous = c;
    }
    false
}

/// Parses the text between `[` and `]`. `Ok(None)` means "not a citation at all".
pub fn parse(text: &str) -> Result<Option<Vec<CiteItem>>, CitationSyntaxError> {
    if !looks_like_citation(text) {
        return Ok(None);
    }
    let mut items = Vec::new();
    let mut start = 0;
    for part in text.split(';') {
        let range = start..start + part.len();
        start = range.end + 1;
        items.push(parse_item(part, range.start)?);
    }
    Ok(Some(items))
}

fn parse_item(part: &str, base: usize) -> Result<CiteItem, CitationSyntaxError> {
    let error = |message: &str, range: Range<usize>| CitationSyntaxError {
        message: message.to_owned(),
        range,
        hint: None,
    };
    let whole = base..base + part.len();
    // The key's `@` is the first one at the start of a word.
    let mut at = None;
    let mut previous = ' ';
    for (i, c) in part.char_indices() {
        if c == '@' && (previous.is_whitespace() || previous == '-' || i == 0) {
            at = Some(i);
            break;
        }
        previous = c;
    }
    let Some(at) = at else {
        if let Some(wide) = part.find('＠') {
            return Err(CitationSyntaxError {
                message: "its `＠` is a full-width at sign, not `@`".to_owned(),
                range: base + wide..base + wide + '＠'.len_utf8(),
                hint: Some(format!(
                    "type a plain `@`: `{}`",
                    part.trim().replace('＠', "@")
                )),
            });
        }
        return Err(error(
            "each part of a citation between `;` needs an `@key`",
            whole,
        ));
    };
    let suppress_author = part[..at].ends_with('-');
    let prefix_end = if suppress_author { at - 1 } else { at };
    let prefix = part[..prefix_end].trim();
    let after_at = &part[at + 1..];
    let key_len = if let Some(braced) = after_at.strip_prefix('{') {
        match braced.find('}') {
            Some(end) => end + 2,
            None => return Err(error("`@{` key is missing its closing `}`", whole)),
        }
    } else {
        key_len(after_at)
    };
    if key_len == 0 {
        return Err(error(
            "`@` must be followed by a citation key",
            base + at..base + at + 1,
        ));
    }
    // `@law\u{200b}2019`: an invisible character (pasted from a web page or a PDF) ends the key
    // where the reader sees none, and the rest would be printed after the citation.
    if let Some(invisible) = after_at[key_len..]
        .chars()
        .next()
        .filter(|&c| is_invisible(c))
    {
        let from = base + at + 1 + key_len;
        let visible: String = after_at
            .split([';', ',', ' '])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|&c| !is_invisible(c))
            .collect();
        return Err(CitationSyntaxError {
            message: format!(
                "{} (U+{:04X}), which cannot be seen, ends the key `{}`",
                invisible_name(invisible),
                u32::from(invisible),
                &after_at[..key_len]
            ),
            range: from..from + invisible.len_utf8(),
            hint: Some(format!("retype the key without it: `@{visible}`")),
        });
    }
    let raw_key = &after_at[..key_len];
    let key = raw_key
        .strip_prefix('{')
        .and_then(|k| k.strip_suffix('}'))
        .unwrap_or(raw_key);
    let rest = after_at[key_len..].trim();
    // `[@a, @b]`: a second source after a comma would be printed as words after the first.
    if let Some(second) = word_start_key(rest) {
        // The rest is the end of the part, trimmed.
        let rest_start = base + part.trim_end().len() - rest.len();
        let second_key = &rest[second.clone()];
        return Err(CitationSyntaxError {
            message: format!(
                "`{second_key}` after the first source is not cited: sources in one citation are separated by `;`"
            ),
            range: rest_start + second.start..rest_start + second.end,
            hint: Some(format!(
                "write `[{}; {second_key}]`",
                &part[at..at + 1 + key_len]
            )),
        });
    }
    let mut item = CiteItem::new(key, base + at..base + at + 1 + key_len)
        .with_parts(Some(prefix), Some(rest))
        .with_rest_at(base + part.trim_end().len() - rest.len());
    item.suppress_author = suppress_author;
    Ok(item)
}

/// A character with no width that text copied from a web page or a PDF carries: zero-width
/// spaces and joiners, the word joiner, the soft hyphen, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// An invisible character's name, as an editor would look it up.
fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{00ad}' => "a soft hyphen",
        '\u{200b}' => "a zero-width space",
        '\u{200c}' => "a zero-width non-joiner",
        '\u{200d}' => "a zero-width joiner",
        '\u{200e}' | '\u{200f}' => "a direction mark",
        '\u{feff}' => "a byte-order mark",
        _ => "an invisible character",
    }
}

/// The first `@key` of `text` that starts a word, if any: a citation key, not an e-mail address.
fn word_start_key(text: &str) -> Option<Range<usize>> {
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        if c == '@' && (previous.is_whitespace() || matches!(previous, '-' | ',' | '(')) {
            let len = key_len(&text[i + 1..]);
            if len > 0 {
                return Some(i..i + 1 + len);
            }
        }
        previous = c;
    }
    None
}

/// Splits `p. 4, emphasis added` into the locator `page 4` and the suffix `, emphasis added`.
/// A locator in braces is taken whole (`{pp. iv, vi-xi}`: pages `iv, vi-xi`), as in Pandoc.
fn split_locator<'a>(rest: &'a str, labels: &LocatorLabels) -> (Option<Locator>, &'a str) {
    // Most citations have no locator or suffix at all.
    if rest.is_empty() {
        return (None, rest);
    }
    if let Some((inner, after)) = rest
        .strip_prefix('{')
        .and_then(|braced| braced.split_once('}'))
    {
        let (label, value) = match labels.at_start(inner) {
            Some((len, term)) => (term, inner[len..].trim()),
            None => ("page", inner.trim()),
        };
        if !value.is_empty() {
            let locator = Locator {
                label,
                value: value.into(),
            };
            return (Some(locator), after.trim());
        }
    }
    let (label, value_text) = match labels.at_start(rest) {
        Some((len, term)) => (term, rest[len..].trim_start()),
        // A bare number is a page, as in Pandoc.
        None if rest.starts_with(|c: char| c.is_ascii_digit()) => ("page", rest),
        None => return (None, rest),
    };
    // The value is one word (`4`, `3-5`, `iv`), then more words after commas while they
    // start with a digit (`12, 14`); the first other text starts the suffix.
    let mut end = 0;
    let mut piece_start = 0;
    for (n, piece) in value_text.split(',').enumerate() {
        let word = piece.trim_start();
        let word_start = piece_start + (piece.len() - word.len());
        if n > 0 && !word.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        let word_len = word.find(char::is_whitespace).unwrap_or(word.len());
        end = word_start + word_len;
        if word_len < word.len() {
            break;
        }
        piece_start += piece.len() + 1;
    }
    let value = value_text[..end].trim().trim_end_matches(',');
    if value.is_empty() {
        return (None, rest);
    }
    let suffix = value_text[end..].trim();
    (
        Some(Locator {
            label,
            value: value.into(),
        }),
        suffix,
    )
}

#[cfg(test)]
pub(crate) mod tests;
