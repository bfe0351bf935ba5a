//! Reference files read straight from the parser's events.
//!
//! serde-saphyr reads a reference file at about 10 MB/s, and its parser (granit-parser) alone at
//! about 27 MB/s (`cargo bench -p cited-site --bench yaml`): a site of 20,000 references spent a
//! third of its build reading them.
//! Reference files are nearly always the plainest YAML there is: block mappings and lists, text
//! quoted or plain, whole numbers. [`items`] reads exactly that from the parser's events, and
//! gives up (`None`) on anything else, so that the caller reads the file through
//! [`super::parse`] as before, which also reports every error. The events come from
//! [`lines::scan`] where a file is written in the part of YAML it reads (as the benchmark corpus
//! and most editors write them; a reference file is read in a third of the time the parser's
//! events take), and from granit-parser otherwise. What [`items`] gives up on:
//! - a tag, an anchor or an alias, a directive, a second document, a syntax error;
//! - a duplicate key, or a key that is not text;
//! - a plain scalar that is not plainly text or a whole number (`yes`, `~`, `1.5`, `0x1F`,
//!   `012`, `12:30`, an empty value): serde-saphyr's rules decide those, not a copy of them here;
//! - nesting deeper than [`MAX_DEPTH`] or more than [`MAX_NODES`] values, well inside
//!   serde-saphyr's own budget, so that a document that budget refuses is always left to it.
//!
//! So serde-saphyr still owns YAML's meaning: what [`items`] returns is what [`super::parse`]
//! gives for the same text, value for value and span for span. The tests hold it to that on
//! generated documents and on every reference file in the repository.
//!
//! A page's front matter is one such mapping too: [`mapping`] reads it, under the same rules,
//! for [`crate::page::parse_front_matter`].

use std::collections::BTreeMap;
use std::ops::Range;

use granit_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};

use super::{Located, MAX_YAML_BYTES};
use crate::source::{FileId, Span};

mod lines;

/// One item of a reference file: each field's key and value, located.
pub(crate) type Item = BTreeMap<Located<String>, Located<Value>>;

/// What a reference file holds at its top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Top {
    /// A list of items: CSL-JSON, or CSL-YAML written as a bare list.
    List,
    /// A mapping whose key `references` holds the list of items (and perhaps `nocite`, which
    /// Pandoc writes beside it): Pandoc's CSL-YAML.
    References,
}

/// Deepest nesting read here (serde-saphyr's budget allows 64).
const MAX_DEPTH: usize = 32;

/// Most values read here in one document (serde-saphyr's budget allows 250,000 nodes).
const MAX_NODES: usize = 100_000;

/// The items of the reference file `text`, which starts at byte `base` of `file`, if it is
/// written in the plain YAML this module reads; `None` if [`super::parse`] must read it.
pub(crate) fn items(file: FileId, base: usize, text: &str, top: Top) -> Option<Vec<Item>> {
    Reader::new(file, base, events(text)?).items(top)
}

/// The mapping that is the whole of the document `text` (a page's front matter), which starts at
/// byte `base` of `file`: its keys and values, located, if it is written in the plain YAML
/// this module reads; `None` if [`super::parse`] must read it.
pub(crate) fn mapping(file: FileId, base: usize, text: &str) -> Option<Item> {
    Reader::new(file, base, events(text)?).mapping()
}

/// An event with the range of the text it was read from: `(event, start..end)`.
type Spanned<'a> = (Event<'a>, Range<usize>);

/// The events of `text`, unless it is longer than [`super::parse`] reads: the line scanner's
/// where it reads the whole text (they are the parser's, as the tests hold it to, so the reader's
/// verdict on them is final), and the parser's otherwise.
fn events(text: &str) -> Option<Events<'_>> {
    if text.len() > MAX_YAML_BYTES {
        return None;
    }
    Some(match lines::scan(text) {
        Some(events) => Box::new(events.into_iter()),
        None => Box::new(parser(text)),
    })
}

/// A document's events, from either source.
type Events<'a> = Box<dyn Iterator<Item = Spanned<'a>> + 'a>;

/// granit-parser's events over `text`, as serde-saphyr sets the parser up (without the comments
/// it does not ask for), each with its byte range; they stop at the first syntax error.
fn parser(text: &str) -> impl Iterator<Item = Spanned<'_>> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut parser = Parser::new_from_str_with_options(text, options);
    std::iter::from_fn(move || {
        let (event, span) = parser.next()?.ok()?;
        let start = span.start.byte_offset()?;
        let end = span.end.byte_offset()?;
        (start <= end).then_some((event, start..end))
    })
}

struct Reader<'a> {
    events: Events<'a>,
    file: FileId,
    base: usize,
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn new(file: FileId, base: usize, events: Events<'a>) -> Self {
        Reader {
            events,
            file,
            base,
            nodes: 0,
        }
    }

    /// A reference file's items, its whole document.
    fn items(mut self, top: Top) -> Option<Vec<Item>> {
        self.expect(|e| matches!(e, Event::StreamStart))?;
        self.expect(|e| matches!(e, Event::DocumentStart(_, None)))?;
        let items = match top {
            Top::List => self.list_of_items()?,
            Top::References => {
                self.expect(|e| matches!(e, Event::MappingStart(_, 0, None)))?;
                // Pandoc writes `nocite` beside the references (`pandoc -s -t markdown` of a
                // library), first; in a references file it means nothing, as to serde.
                let mut items = None;
                let mut nocite = false;
                loop {
                    match self.next()? {
                        (Event::MappingEnd, _) => break items?,
                        (Event::Scalar(key, _, 0, None), _)
                            if key.as_ref() == "references" && items.is_none() =>
                        {
                            items = Some(self.list_of_items()?);
                        }
                        (Event::Scalar(key, _, 0, None), _)
                            if key.as_ref() == "nocite"
                                && !std::mem::replace(&mut nocite, true) =>
                        {
                            let (event, _) = self.next()?;
                            self.node(event, 1)?;
                        }
                        _ => return None,
                    }
                }
            }
        };
        self.end()?;
        Some(items)
    }

    /// The mapping that is the whole document.
    fn mapping(mut self) -> Option<Item> {
        self.expect(|e| matches!(e, Event::StreamStart))?;
        self.expect(|e| matches!(e, Event::DocumentStart(_, None)))?;
        self.expect(|e| matches!(e, Event::MappingStart(_, 0, None)))?;
        let item = self.item()?;
        self.end()?;
        Some(item)
    }

    /// The end of the only document and of the stream.
    fn end(&mut self) -> Option<()> {
        self.expect(|e| matches!(e, Event::DocumentEnd))?;
        self.expect(|e| matches!(e, Event::StreamEnd))?;
        self.events.next().is_none().then_some(())
    }

    /// The next event, or `None` at a syntax error or the end.
    fn next(&mut self) -> Option<Spanned<'a>> {
        self.events.next()
    }

    /// The next event, if `wanted` accepts it.
    fn expect(&mut self, wanted: impl FnOnce(&Event<'a>) -> bool) -> Option<()> {
        let (event, _) = self.next()?;
        wanted(&event).then_some(())
    }

    fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }

    /// A list of mappings, its start included.
    fn list_of_items(&mut self) -> Option<Vec<Item>> {
        self.expect(|e| matches!(e, Event::SequenceStart(_, 0, None)))?;
        let mut items = Vec::new();
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => return Some(items),
                (Event::MappingStart(_, 0, None), _) => items.push(self.item()?),
                _ => return None,
            }
        }
    }

    /// One item's fields, after its mapping's start.
    fn item(&mut self) -> Option<Item> {
        let mut item = Item::new();
        loop {
            let key = match self.next()? {
                // A key written twice sits beside itself: keys are ordered by text first.
                (Event::MappingEnd, _) => {
                    let twice = item
                        .keys()
                        .zip(item.keys().skip(1))
                        .any(|(a, b)| a.value == b.value);
                    return (!twice).then_some(item);
                }
                (Event::Scalar(key, style, 0, None), span) => Located {
                    value: text_key(&key, style)?,
                    span: self.span(&span),
                },
                _ => return None,
            };
            let (event, span) = self.next()?;
            let span = self.span(&span);
            let value = self.node(event, 2)?;
            item.insert(key, Located { value, span });
        }
    }

    /// The value that starts with `event`, at `depth`.
    fn node(&mut self, event: Event<'a>, depth: usize) -> Option<Value> {
        self.nodes += 1;
        if self.nodes > MAX_NODES || depth > MAX_DEPTH {
            return None;
        }
        match event {
            Event::Scalar(text, style, 0, None) => scalar(&text, style),
            Event::SequenceStart(_, 0, None) => {
                let mut list = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => return Some(Value::Array(list)),
                        (event, _) => list.push(self.node(event, depth + 1)?),
                    }
                }
            }
            Event::MappingStart(_, 0, None) => {
                let mut map = Map::new();
                loop {
                    let key = match self.next()? {
                        (Event::MappingEnd, _) => return Some(Value::Object(map)),
                        (Event::Scalar(key, style, 0, None), _) => text_key(&key, style)?,
                        _ => return None,
                    };
                    let (event, _) = self.next()?;
                    let value = self.node(event, depth + 1)?;
                    if map.insert(key, value).is_some() {
                        return None;
                    }
                }
            }
            _ => None,
        }
    }
}

/// A scalar's value, if its type is plain to see: quoted or block text is text; a plain scalar
/// is a whole number if it is written in decimal digits without a leading zero, and text if
/// [`plain_text`] says so.
fn scalar(text: &str, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::String(text.to_owned()));
    }
    match text.as_bytes() {
        [b'0'] => Some(Value::from(0u64)),
        // 18 digits and fewer always fit a `u64`.
        [b'1'..=b'9', rest @ ..] if rest.len() < 18 && rest.iter().all(u8::is_ascii_digit) => {
            text.parse::<u64>().ok().map(Value::from)
        }
        _ => plain_text(text).map(|t| Value::String(t.to_owned())),
    }
}

/// A mapping key, if it is plainly text.
fn text_key(text: &str, style: ScalarStyle) -> Option<String> {
    if style != ScalarStyle::Plain {
        return Some(text.to_owned());
    }
    plain_text(text).map(str::to_owned)
}

/// `text`, a plain scalar, if every YAML schema reads it as text:
/// - it starts with a letter (of any script) and is none of the words YAML 1.1 or 1.2 read as
///   null or a boolean, nor a name of infinity or not-a-number, in any case;
/// - or it starts with a digit and holds a character no number has (`10.1176/appi`, `2nd`,
///   `12 weeks`), or only digits and dashes between them (`921-931`): a number's `-` is a sign,
///   first or after its exponent's `e`.
///
/// Anything else (`1.5`, `0x1F`, `1e3`, `12:30`, `-3`, `.inf`, `~`, `<<`) is left to serde-saphyr.
fn plain_text(text: &str) -> Option<&str> {
    const SPECIAL: [&str; 12] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    let first = text.chars().next()?;
    let is_text = if first.is_ascii_digit() {
        let in_some_number = |b: u8| b.is_ascii_hexdigit() || b"xXoO.+-_:".contains(&b);
        !text.bytes().all(in_some_number)
            || (text.contains('-')
                && !text.ends_with('-')
                && !text.contains("--")
                && text.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    } else {
        first.is_alphabetic() && !SPECIAL.iter().any(|w| w.eq_ignore_ascii_case(text))
    };
    is_text.then_some(text)
}

/// What serde-saphyr reads of the same file, as the reference reader's fallback reads it: the
/// oracle [`items`] is held to, by its tests and by the `yaml` fuzz target.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn through_serde(
    file: FileId,
    base: usize,
    text: &str,
    top: Top,
) -> Result<Vec<Item>, crate::Diagnostic> {
    match top {
        Top::List => super::parse(file, base, text),
        Top::References => {
            super::parse::<crate::reference::CslYaml>(file, base, text).map(|doc| doc.references)
        }
    }
}

/// Whether [`items`] reads `text` as `top`; panics where it reads it otherwise than
/// [`through_serde`] does.
#[cfg(any(test, feature = "fuzzing"))]
#[allow(clippy::panic)] // an oracle for tests and the fuzzer: a disagreement must stop them
pub(crate) fn agrees(text: &str, top: Top) -> bool {
    scanned_as_parsed(text);
    let Some(direct) = items(FileId(7), 40, text, top) else {
        return false;
    };
    match through_serde(FileId(7), 40, text, top) {
        Ok(items) => assert_eq!(direct, items, "read differently:\n{text}"),
        Err(d) => panic!(
            "read directly, but serde-saphyr refuses it ({}):\n{text}",
            d.message
        ),
    }
    true
}

/// Panics where [`lines::scan`] reads `text` and its events differ from granit-parser's: in
/// kind, in value, or in range where the reader reads one (a scalar's, a collection's start).
#[cfg(any(test, feature = "fuzzing"))]
#[allow(clippy::panic)] // an oracle for tests and the fuzzer: a disagreement must stop them
pub(crate) fn scanned_as_parsed(text: &str) {
    let Some(scanned) = lines::scan(text) else {
        return;
    };
    let parsed: Vec<Spanned<'_>> = parser(text).collect();
    let located = |event: &Event<'_>| {
        matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        )
    };
    let same = scanned.len() == parsed.len()
        && scanned
            .iter()
            .zip(&parsed)
            .all(|((a, ra), (b, rb))| a == b && (!located(a) || ra == rb));
    if !same {
        panic!("scanned otherwise than parsed:\n{text}\nscanned: {scanned:?}\nparsed:  {parsed:?}");
    }
}

#[cfg(test)]
mod tests;
