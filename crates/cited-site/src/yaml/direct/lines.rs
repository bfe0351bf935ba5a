//! The parser's events for the plainest YAML, read a line at a time.
//!
//! granit-parser spends about 1,300 instructions on a token: a site's reference files were a tenth
//! of a citation-dense build's instructions, nearly all of it in the parser. Reference files and
//! front matter are nearly always written in a small part of YAML: block mappings and lists, one
//! line per key, each value quoted or plain text on its key's line (plain or double-quoted text may
//! go on over the lines after it, deeper than its key, as Pandoc wraps a long title), or a flow
//! list of such values (`[[2011, 1, 20]]`). [`scan`] reads exactly that and gives the events
//! granit-parser gives for it, each with the same byte range where the reader uses one (a key, or
//! the start of a value: a block list's at its first `-`, or at its first item's value if it stands
//! at its key's column, a block mapping's at its first key, all empty; a flow list's its `[`; a
//! scalar's its text with its quotes). On anything else it gives up (`None`) and the reader takes
//! granit-parser's events instead:
//! - a tab, a carriage return, any other control character, or a character YAML reads as a line
//!   break or a byte-order mark (`U+0085`, `U+2028`, `U+2029`, `U+FEFF`), anywhere in a line;
//! - a comment after content, a directive, a second document, content after `...`;
//! - a key that is not plain letters, digits, `_` and `-` (at most [`MAX_KEY_BYTES`]), or is
//!   quoted;
//! - a value on a line of its own, a block scalar (`|`, `>`), an empty value, an anchor, alias
//!   or tag, a flow mapping, a single-quoted value or a flow list over several lines, a
//!   backslash in double quotes, a plain value (or a line it goes on over) that starts with an
//!   indicator or holds `: ` or ` #`, a value that goes on after a blank line, a double-quoted
//!   value whose next line is not deeper than its key;
//! - a list item that starts a list itself (`- - 2011`), or an indentation the structure does
//!   not explain.
//!
//! So what it reads, it reads as granit-parser does: the tests compare the two on every
//! reference file in the repository and on generated documents, and the `yaml` fuzz target on
//! anything.

use std::borrow::Cow;
use std::ops::Range;

use granit_parser::{Event, ScalarStyle, StructureStyle};

use super::{MAX_DEPTH, MAX_NODES, Spanned};

/// Longest key read here: far longer than any CSL or front matter field, far shorter than the
/// 1,024 characters YAML allows a key written without `?`.
const MAX_KEY_BYTES: usize = 128;

/// Most events scanned in one document. A value is one event or two (a collection's start and
/// end), each with at most one key, so a document of more events has more values than the reader
/// reads: it is left to the parser, which the reader stops after [`MAX_NODES`] values, so that
/// a file of millions of short values is never held as events whole.
const MAX_EVENTS: usize = 3 * MAX_NODES + 16;

/// The events of `text`, if it is written in the YAML this module reads.
pub(super) fn scan(text: &str) -> Option<Vec<Spanned<'_>>> {
    let mut scan = Scan {
        // About one event in 12 bytes, as reference files are written.
        events: Vec::with_capacity((text.len() / 12).min(MAX_EVENTS + 1)),
        open: Vec::new(),
        awaiting: None,
        rooted: false,
        open_plain: None,
        open_quoted: None,
    };
    scan.push(Event::StreamStart, 0, 0);
    let mut explicit = false;
    let mut started = false;
    let mut ended = false;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        if !plain_characters(line) {
            return None;
        }
        if let Some(open) = scan.open_quoted.take() {
            scan.quoted_goes_on(open, at, line)?;
            continue;
        }
        let Some(indent) = line.bytes().position(|b| b != b' ') else {
            if let Some(open) = &mut scan.open_plain {
                open.after_blank = true;
            }
            continue;
        };
        let content = &line[indent..];
        if content.starts_with('#') {
            // A comment ends a plain value: a deeper line after it is not the value's.
            scan.open_plain = None;
            continue;
        }
        if let Some(open) = scan.open_plain.take()
            && indent > open.deeper_than
        {
            scan.go_on(open, at + indent, content)?;
            continue;
        }
        if ended {
            return None;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
            match content {
                "---" if !started && !explicit => explicit = true,
                "..." if started => {
                    scan.close_all()?;
                    ended = true;
                }
                _ => return None,
            }
            continue;
        }
        if indent == 0 && content.starts_with('%') {
            return None;
        }
        if !started {
            scan.push(Event::DocumentStart(explicit, None), at, at);
            started = true;
        }
        scan.line(at + indent, indent, content)?;
        if scan.events.len() > MAX_EVENTS {
            return None;
        }
    }
    if !started || scan.open_quoted.is_some() {
        return None;
    }
    if !ended {
        scan.close_all()?;
    }
    let end = text.len();
    scan.push(Event::DocumentEnd, end, end);
    scan.push(Event::StreamEnd, end, end);
    Some(scan.events)
}

/// A block collection still open, with the column of its keys or of its `-`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Mapping(usize),
    List(usize),
}

impl Open {
    fn indent(self) -> usize {
        match self {
            Open::Mapping(n) | Open::List(n) => n,
        }
    }
}

struct Scan<'a> {
    events: Vec<Spanned<'a>>,
    open: Vec<Open>,
    /// The column of the mapping whose last key's value starts on a later line.
    awaiting: Option<usize>,
    /// Whether the document's top collection has started.
    rooted: bool,
    /// The plain value that ended the last line, which the next line may go on.
    open_plain: Option<OpenPlain>,
    /// The double-quoted value whose closing quote is still to come.
    open_quoted: Option<OpenQuoted>,
}

/// A double-quoted value not closed on its line, which goes on over the lines after it that are
/// deeper than the collection it is in, to its closing quote: YAML folds each line break in it
/// into a space, with the spaces around the break.
#[derive(Clone, Copy)]
struct OpenQuoted {
    /// Its event.
    event: usize,
    /// The column of the keys, or of the `-`, of the collection it is a value in.
    deeper_than: usize,
}

/// A plain value at the end of a line, which goes on over the lines after it that are deeper than
/// the collection it is in: YAML folds each line break between them into a space.
#[derive(Clone, Copy)]
struct OpenPlain {
    /// Its event.
    event: usize,
    /// The column of the keys, or of the `-`, of the collection it is a value in.
    deeper_than: usize,
    /// A blank line came after it: it folds into a line break, which is left to the parser.
    after_blank: bool,
}

impl<'a> Scan<'a> {
    fn push(&mut self, event: Event<'a>, start: usize, end: usize) {
        self.events.push((event, start..end));
    }

    /// One line's content, which starts at byte `at` of the text and column `indent`.
    fn line(&mut self, at: usize, indent: usize, content: &'a str) -> Option<()> {
        let item = is_list_item(content);
        if let Some(column) = self.awaiting.take() {
            // A list may stand at its key's column; a mapping must be deeper.
            if item && indent >= column {
                // The parser puts a list written at its key's column where its first item's
                // value starts, and a deeper one at its first `-`.
                let start = if indent == column {
                    at + 1 + content[1..].bytes().take_while(|&b| b == b' ').count()
                } else {
                    at
                };
                self.open_list(start, indent);
            } else if !item && indent > column {
                self.open_mapping(at, indent);
            } else {
                return None;
            }
        } else {
            while let Some(&open) = self.open.last() {
                let closes = open.indent() > indent
                    || (!item && matches!(open, Open::List(column) if column == indent));
                if !closes {
                    break;
                }
                self.close()?;
            }
            match (self.open.last(), item) {
                (Some(Open::List(column)), true) | (Some(Open::Mapping(column)), false)
                    if *column == indent => {}
                (None, _) if !self.rooted && indent == 0 => {
                    if item {
                        self.open_list(at, indent);
                    } else {
                        self.open_mapping(at, indent);
                    }
                }
                _ => return None,
            }
        }
        if item {
            self.list_item(at, indent, content)
        } else {
            self.entry(at, indent, content)
        }
    }

    fn open_list(&mut self, at: usize, indent: usize) {
        self.rooted = true;
        self.push(Event::SequenceStart(StructureStyle::Block, 0, None), at, at);
        self.open.push(Open::List(indent));
    }

    fn open_mapping(&mut self, at: usize, indent: usize) {
        self.rooted = true;
        self.push(Event::MappingStart(StructureStyle::Block, 0, None), at, at);
        self.open.push(Open::Mapping(indent));
    }

    /// Closes the innermost open collection.
    fn close(&mut self) -> Option<()> {
        let end = self.events.last().map_or(0, |(_, range)| range.end);
        let event = match self.open.pop()? {
            Open::Mapping(_) => Event::MappingEnd,
            Open::List(_) => Event::SequenceEnd,
        };
        self.push(event, end, end);
        Some(())
    }

    fn close_all(&mut self) -> Option<()> {
        if self.awaiting.is_some() {
            return None;
        }
        while !self.open.is_empty() {
            self.close()?;
        }
        Some(())
    }

    /// A list item, `- ` and its value, at byte `at` and column `indent`.
    fn list_item(&mut self, at: usize, indent: usize, content: &'a str) -> Option<()> {
        let rest = content.strip_prefix('-')?;
        let gap = rest.bytes().take_while(|&b| b == b' ').count();
        let value = &rest[gap..];
        if value.is_empty() || is_list_item(value) {
            return None;
        }
        let (at, indent) = (at + 1 + gap, indent + 1 + gap);
        if key_length(value).is_some() {
            self.open_mapping(at, indent);
            self.entry(at, indent, value)
        } else {
            self.value(at, value)
        }
    }

    /// A mapping's entry, `key:` and its value, at byte `at` and column `indent`.
    fn entry(&mut self, at: usize, indent: usize, content: &'a str) -> Option<()> {
        let length = key_length(content)?;
        self.push(
            Event::Scalar(
                Cow::Borrowed(&content[..length]),
                ScalarStyle::Plain,
                0,
                None,
            ),
            at,
            at + length,
        );
        let rest = &content[length + 1..];
        let gap = rest.bytes().take_while(|&b| b == b' ').count();
        if gap == rest.len() {
            self.awaiting = Some(indent);
            return Some(());
        }
        self.value(at + length + 1 + gap, &rest[gap..])
    }

    /// The value that is the rest of a line, at byte `at`.
    fn value(&mut self, at: usize, text: &'a str) -> Option<()> {
        let length = match text.as_bytes()[0] {
            b'"' if !text[1..].bytes().any(|b| b == b'"' || b == b'\\') => {
                self.open_quoted(at, text)
            }
            b'"' | b'\'' => self.quoted(at, text)?,
            b'[' => self.flow_list(at, text)?,
            _ => {
                let plain = text.trim_end_matches(' ');
                if !plain_block_scalar(plain) {
                    return None;
                }
                self.scalar(at, plain, Cow::Borrowed(plain), ScalarStyle::Plain);
                self.open_plain = Some(OpenPlain {
                    event: self.events.len() - 1,
                    deeper_than: self.value_column(),
                    after_blank: false,
                });
                plain.len()
            }
        };
        text[length..].bytes().all(|b| b == b' ').then_some(())
    }

    /// A double-quoted value that is not closed on its line, the rest of which, `text`, starts at
    /// byte `at`; the length it takes there (the whole line).
    fn open_quoted(&mut self, at: usize, text: &'a str) -> usize {
        let first = text[1..].trim_end_matches(' ');
        self.scalar(
            at,
            text,
            Cow::Owned(first.to_owned()),
            ScalarStyle::DoubleQuoted,
        );
        self.open_quoted = Some(OpenQuoted {
            event: self.events.len() - 1,
            deeper_than: self.value_column(),
        });
        text.len()
    }

    /// A `line` inside the double-quoted value `open`, starting at byte `at` of the text: more of
    /// it, or the rest of it to its closing quote and nothing after that. A blank line (a line
    /// break kept in the value), a backslash or a line not deeper than the value's collection is
    /// left to the parser.
    fn quoted_goes_on(&mut self, open: OpenQuoted, at: usize, line: &str) -> Option<()> {
        let indent = line.bytes().position(|b| b != b' ')?;
        if indent <= open.deeper_than {
            return None;
        }
        let content = &line[indent..];
        let (more, closed) = match content.bytes().position(|b| b == b'"' || b == b'\\') {
            Some(end) if content.as_bytes()[end] == b'"' => {
                if !content[end + 1..].bytes().all(|b| b == b' ') {
                    return None;
                }
                (&content[..end], Some(at + indent + end + 1))
            }
            Some(_) => return None,
            None => (content.trim_end_matches(' '), None),
        };
        let range = self.fold_into(open.event, more)?;
        match closed {
            Some(end) => range.end = end,
            None => self.open_quoted = Some(open),
        }
        Some(())
    }

    /// A line that goes on the plain value `open`: its `content` starts at byte `at`.
    fn go_on(&mut self, open: OpenPlain, at: usize, content: &str) -> Option<()> {
        let more = content.trim_end_matches(' ');
        if open.after_blank || !plain_block_scalar(more) {
            return None;
        }
        self.fold_into(open.event, more)?.end = at + more.len();
        self.open_plain = Some(open);
        Some(())
    }

    /// Adds the next line's `more` to the scalar `event` after a space (its line break folded),
    /// and gives the scalar's range to end where the value now ends.
    fn fold_into(&mut self, event: usize, more: &str) -> Option<&mut Range<usize>> {
        let (Event::Scalar(value, ..), range) = self.events.get_mut(event)? else {
            return None;
        };
        let value = value.to_mut();
        value.push(' ');
        value.push_str(more);
        Some(range)
    }

    /// The column a line must be deeper than to go on a value of the innermost collection: that
    /// of its keys, or of its `-`.
    fn value_column(&self) -> usize {
        self.open.last().map_or(0, |open| open.indent())
    }

    fn scalar(&mut self, at: usize, written: &str, value: Cow<'a, str>, style: ScalarStyle) {
        self.push(Event::Scalar(value, style, 0, None), at, at + written.len());
    }

    /// A quoted scalar at the start of `text`; the length it takes.
    fn quoted(&mut self, at: usize, text: &'a str) -> Option<usize> {
        let (value, length, style) = if let Some(inner) = text.strip_prefix('"') {
            let end = inner.bytes().position(|b| b == b'"' || b == b'\\')?;
            if inner.as_bytes()[end] == b'\\' {
                return None;
            }
            (
                Cow::Borrowed(&inner[..end]),
                end + 2,
                ScalarStyle::DoubleQuoted,
            )
        } else {
            let (value, length) = single_quoted(text)?;
            (value, length, ScalarStyle::SingleQuoted)
        };
        self.scalar(at, &text[..length], value, style);
        Some(length)
    }

    /// A flow list on one line at the start of `text`, lists in it included; the length it takes.
    fn flow_list(&mut self, at: usize, text: &'a str) -> Option<usize> {
        let bytes = text.as_bytes();
        let skip = |i: usize| i + bytes[i..].iter().take_while(|&&b| b == b' ').count();
        let mut depth = 0;
        let mut i = 0;
        loop {
            if self.events.len() > MAX_EVENTS {
                return None;
            }
            // A value.
            i = skip(i);
            match *bytes.get(i)? {
                b'[' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    self.push(
                        Event::SequenceStart(StructureStyle::Flow, 0, None),
                        at + i,
                        at + i + 1,
                    );
                    i = skip(i + 1);
                    if bytes.get(i) != Some(&b']') {
                        continue;
                    }
                    self.push(Event::SequenceEnd, at + i, at + i + 1);
                    depth -= 1;
                    i += 1;
                }
                b'"' | b'\'' => i += self.quoted(at + i, &text[i..])?,
                _ => {
                    let length = bytes[i..]
                        .iter()
                        .position(|&b| b == b',' || b == b']')
                        .unwrap_or(text.len() - i);
                    let plain = text[i..i + length].trim_end_matches(' ');
                    if !plain_flow_scalar(plain) {
                        return None;
                    }
                    self.scalar(at + i, plain, Cow::Borrowed(plain), ScalarStyle::Plain);
                    i += plain.len();
                }
            }
            // What follows a value: a comma and the next, or the end of lists.
            loop {
                if depth == 0 {
                    return Some(i);
                }
                i = skip(i);
                match bytes.get(i)? {
                    b',' => {
                        i = skip(i + 1);
                        if bytes.get(i) == Some(&b']') {
                            return None;
                        }
                        break;
                    }
                    b']' => {
                        self.push(Event::SequenceEnd, at + i, at + i + 1);
                        depth -= 1;
                        i += 1;
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// Whether `content` is a block list's item: `-` alone or followed by a space.
fn is_list_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// The length of the key `content` starts with, if it is a plain key followed by `:` and a
/// space or the end of the line.
fn key_length(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let length = bytes
        .iter()
        .take(MAX_KEY_BYTES + 1)
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .count();
    let keyed = length > 0
        && length <= MAX_KEY_BYTES
        && bytes[0] != b'-'
        && bytes.get(length) == Some(&b':')
        && matches!(bytes.get(length + 1), None | Some(b' '));
    keyed.then_some(length)
}

/// A single-quoted scalar at the start of `text` (`''` is a quote in it): its value and the
/// length it takes.
fn single_quoted(text: &str) -> Option<(Cow<'_, str>, usize)> {
    let inner = &text[1..];
    let mut value: Option<String> = None;
    let mut from = 0;
    loop {
        let quote = from + inner[from..].bytes().position(|b| b == b'\'')?;
        if inner.as_bytes().get(quote + 1) == Some(&b'\'') {
            value
                .get_or_insert_with(String::new)
                .push_str(&inner[from..=quote]);
            from = quote + 2;
            continue;
        }
        let value = match value {
            Some(mut value) => {
                value.push_str(&inner[from..quote]);
                Cow::Owned(value)
            }
            None => Cow::Borrowed(&inner[..quote]),
        };
        return Some((value, quote + 2));
    }
}

/// Whether a plain scalar that is the rest of a line reads as itself: it does not start with an
/// indicator, and holds no `: ` or ` #` and does not end with `:`.
fn plain_block_scalar(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(INDICATORS)
        && !text.ends_with(':')
        && !text
            .as_bytes()
            .windows(2)
            .any(|pair| pair == b": " || pair == b" #")
}

/// Whether a plain scalar in a flow list reads as itself: as [`plain_block_scalar`], and holds
/// neither `:` nor `#` nor a flow indicator.
fn plain_flow_scalar(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(INDICATORS)
        && !text.bytes().any(|b| b":#[]{},".contains(&b))
}

/// Characters a plain scalar may not start with (YAML's indicators).
const INDICATORS: [char; 19] = [
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Whether `line` holds only characters every part of YAML reads as printable text: no control
/// character, no line break or byte-order mark outside ASCII.
fn plain_characters(line: &str) -> bool {
    let ascii_printable = |b: u8| (0x20..0x7f).contains(&b);
    if line.bytes().all(ascii_printable) {
        return true;
    }
    line.chars().all(|c| {
        if c.is_ascii() {
            ascii_printable(c as u8)
        } else {
            !matches!(
                c,
                '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
            )
        }
    })
}
