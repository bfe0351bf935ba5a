//! The evidence report as JSON, byte for byte what `serde_json::to_writer_pretty` prints of an
//! [`Evidence`], written from the records as they are given up; and what a run of the claim rules
//! does with each document's records ([`Report`]): drop them, join them, or write them as the
//! report as they come.

use std::io::{self, Write};

use serde::Serialize;

use super::Evidence;

impl Evidence {
    /// Writes the report to `out` as `serde_json::to_writer_pretty` writes it, byte for byte,
    /// from the records as they are given up: each record is freed once written, and the JSON
    /// (about half a kilobyte a claim, 14 claims a citation-dense page) need not be held whole.
    pub fn write_json(self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(REPORT_START)?;
        write_records(out, self.claims)?;
        out.write_all(REPORT_MIDDLE)?;
        write_records(out, self.silenced)?;
        out.write_all(REPORT_END)
    }

    /// [`Evidence::write_json`] into memory.
    pub fn into_json(self) -> Vec<u8> {
        let mut json = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write_json(&mut json);
        json
    }
}

// The report as `serde_json::to_writer_pretty` prints it: an object of two arrays of records,
// each record's lines indented four more spaces than its own pretty form.
pub(super) const REPORT_START: &[u8] = b"{\n  \"claims\": ";
pub(super) const REPORT_MIDDLE: &[u8] = b",\n  \"silenced\": ";
pub(super) const REPORT_END: &[u8] = b"\n}";
const ARRAY_START: &[u8] = b"[\n    ";
const ELEMENT_SEPARATOR: &[u8] = b",\n    ";
const ARRAY_END: &[u8] = b"\n  ]";
const EMPTY_ARRAY: &[u8] = b"[]";

/// Appends `record` to `out` as an element of one of the report's arrays prints it.
fn push_element<T: Serialize>(record: &T, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Element::default());
    record.serialize(&mut serializer)
}

/// serde_json's `PrettyFormatter` (two spaces a level) for a value that starts two levels in, as
/// an element of one of the report's arrays: each of its lines after the first indented four
/// spaces more than its own pretty form. Printing the record pretty and then indenting its lines
/// read every byte of the report twice more (1.5 % of a build of 10,000 citation-dense pages).
/// The methods are `PrettyFormatter`'s, one for one, with its level and its one `has_value` flag
/// (which an inner array or object resets, as it does there); the tests compare the report with
/// `serde_json::to_vec_pretty` of the whole.
struct Element {
    level: usize,
    has_value: bool,
}

impl Default for Element {
    fn default() -> Self {
        Element {
            level: 2,
            has_value: false,
        }
    }
}

impl Element {
    fn indent<W: ?Sized + Write>(&self, out: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = b"                                ";
        let mut left = 2 * self.level;
        while left > 0 {
            let run = left.min(SPACES.len());
            out.write_all(&SPACES[..run])?;
            left -= run;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(mark)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, mark: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            self.indent(out)?;
        }
        out.write_all(mark)
    }

    fn next<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(out)
    }
}

impl serde_json::ser::Formatter for Element {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `records` as one of the report's arrays, each dropped as soon as it is written.
fn write_records<T: Serialize>(out: &mut dyn Write, records: Vec<T>) -> io::Result<()> {
    let mut writer = Records::new();
    for record in records {
        writer.write(out, &record)?;
    }
    writer.finish(out)
}

/// Writes one of the report's arrays piece by piece: record by record, or a run of elements
/// printed beforehand ([`Printed`]).
pub(super) struct Records {
    /// Whether an element was written (the next one starts with a separator).
    started: bool,
    one: Vec<u8>,
}

impl Records {
    pub(super) fn new() -> Self {
        Records {
            started: false,
            one: Vec::new(),
        }
    }

    /// Writes `record` as the array's next element.
    fn write<T: Serialize>(&mut self, out: &mut dyn Write, record: &T) -> io::Result<()> {
        let mut one = std::mem::take(&mut self.one);
        one.clear();
        let written = match push_element(record, &mut one) {
            Ok(()) => self.write_printed(out, &one),
            Err(error) => Err(error.into()),
        };
        self.one = one;
        written
    }

    /// Writes `elements`, one or more elements joined by the array's separator, as the array's
    /// next ones (nothing, when it is empty).
    pub(super) fn write_printed(&mut self, out: &mut dyn Write, elements: &[u8]) -> io::Result<()> {
        if elements.is_empty() {
            return Ok(());
        }
        out.write_all(if self.started {
            ELEMENT_SEPARATOR
        } else {
            ARRAY_START
        })?;
        self.started = true;
        out.write_all(elements)
    }

    /// Closes the array.
    pub(super) fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.started { ARRAY_END } else { EMPTY_ARRAY })
    }
}

/// A document's records as elements of the report's two arrays, each list joined by the
/// arrays' separator (empty when the document has none).
pub(super) struct Printed {
    pub(super) claims: Vec<u8>,
    pub(super) silenced: Vec<u8>,
}

impl Printed {
    pub(super) fn of(part: &Evidence) -> serde_json::Result<Self> {
        fn joined<T: Serialize>(records: &[T]) -> serde_json::Result<Vec<u8>> {
            let mut out = Vec::new();
            for (i, record) in records.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(ELEMENT_SEPARATOR);
                }
                push_element(record, &mut out)?;
            }
            Ok(out)
        }
        Ok(Printed {
            claims: joined(&part.claims)?,
            silenced: joined(&part.silenced)?,
        })
    }
}

/// What a run of the claim rules does with each document's records, which it is given in
/// document order.
pub(super) enum Report<'w> {
    /// Dropped as they are made: only the diagnostics are wanted.
    Dropped,
    /// Joined into one report.
    Kept(Evidence),
    /// Written as the report as they come ([`Stream`]).
    Streamed(Stream<'w>),
}

/// What a [`Report`] takes of one document, made beside the other documents' parts.
#[derive(Clone, Copy)]
pub(super) enum Wanted {
    /// Nothing.
    Nothing,
    /// Its records.
    Records,
    /// Its records printed as the report's elements.
    Printed,
}

/// One document's part, as [`Wanted`].
pub(super) enum Part {
    Nothing,
    Records(Evidence),
    Printed(serde_json::Result<Printed>),
}

impl Part {
    /// `part` as `wanted`.
    pub(super) fn of(part: Evidence, wanted: Wanted) -> Part {
        match wanted {
            Wanted::Nothing => Part::Nothing,
            Wanted::Records => Part::Records(part),
            Wanted::Printed => Part::Printed(Printed::of(&part)),
        }
    }
}

impl<'w> Report<'w> {
    /// A report written to `out` as the documents' records come.
    pub(super) fn streamed(out: &'w mut dyn Write) -> Self {
        Report::Streamed(Stream::new(out))
    }

    /// What to make of each document's records.
    pub(super) fn wanted(&self) -> Wanted {
        match self {
            Report::Dropped => Wanted::Nothing,
            Report::Kept(_) => Wanted::Records,
            // Nothing more is written once a write failed.
            Report::Streamed(stream) if stream.failed.is_some() => Wanted::Nothing,
            Report::Streamed(_) => Wanted::Printed,
        }
    }

    /// Makes room for the records of `parts`, the documents to come.
    pub(super) fn reserve<'p>(&mut self, parts: impl Iterator<Item = &'p Part>) {
        if let Report::Kept(evidence) = self {
            let (claims, silenced) = parts.fold((0, 0), |(claims, silenced), part| match part {
                Part::Records(e) => (claims + e.claims.len(), silenced + e.silenced.len()),
                _ => (claims, silenced),
            });
            evidence.claims.reserve(claims);
            evidence.silenced.reserve(silenced);
        }
    }

    /// Takes the next document's part.
    pub(super) fn take(&mut self, part: Part) {
        match (self, part) {
            (Report::Kept(evidence), Part::Records(part)) => {
                evidence.claims.extend(part.claims);
                evidence.silenced.extend(part.silenced);
            }
            (Report::Streamed(stream), Part::Printed(printed)) => stream.take(printed),
            _ => {}
        }
    }

    /// The report joined (empty unless [`Report::Kept`]), or why writing it failed.
    pub(super) fn finish(self) -> io::Result<Evidence> {
        match self {
            Report::Dropped => Ok(Evidence::default()),
            Report::Kept(evidence) => Ok(evidence),
            Report::Streamed(stream) => stream.finish().map(|()| Evidence::default()),
        }
    }
}

/// The report written to `out` as each document's records come: the claims at once, the
/// silenced sentences (which come after every claim) kept as printed until the end. A write that
/// fails ends the writing, not the run: the error is given at the end.
pub(super) struct Stream<'w> {
    out: &'w mut dyn Write,
    claims: Records,
    silenced: Records,
    /// The silenced sentences' array so far.
    silenced_printed: Vec<u8>,
    /// The first write that failed.
    failed: Option<io::Error>,
}

impl<'w> Stream<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        let failed = out.write_all(REPORT_START).err();
        Stream {
            out,
            claims: Records::new(),
            silenced: Records::new(),
            silenced_printed: Vec::new(),
            failed,
        }
    }

    fn take(&mut self, printed: serde_json::Result<Printed>) {
        if self.failed.is_some() {
            return;
        }
        if let Err(error) = self.write(printed) {
            self.failed = Some(error);
        }
    }

    fn write(&mut self, printed: serde_json::Result<Printed>) -> io::Result<()> {
        let printed = printed?;
        self.claims.write_printed(self.out, &printed.claims)?;
        self.silenced
            .write_printed(&mut self.silenced_printed, &printed.silenced)
    }

    fn finish(self) -> io::Result<()> {
        if let Some(error) = self.failed {
            return Err(error);
        }
        let out = self.out;
        self.claims.finish(out)?;
        out.write_all(REPORT_MIDDLE)?;
        out.write_all(&self.silenced_printed)?;
        self.silenced.finish(out)?;
        out.write_all(REPORT_END)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    /// An element prints as serde_json's pretty form of it with each line after the first
    /// indented four spaces more: deeper than the formatter's run of spaces, empty and not.
    #[test]
    fn an_element_prints_as_its_pretty_form_indented() {
        let mut deep = json!("leaf");
        for i in 0..20 {
            deep = if i % 2 == 0 {
                json!([deep, [], {}])
            } else {
                json!({"a": deep, "b": [1, {"c": []}], "d": {}})
            };
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!({"a": [], "b": {}}),
            json!({"text": "two\nlines", "n": [1, 2]}),
            deep,
        ];
        for value in values {
            let mut element = Vec::new();
            super::push_element(&value, &mut element).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(
                String::from_utf8(element).unwrap(),
                pretty.replace('\n', "\n    ")
            );
        }
    }
}
