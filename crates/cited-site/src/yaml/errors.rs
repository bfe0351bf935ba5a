//! The YAML parser's errors in an editor's words: each [`serde_saphyr::Error`] becomes a
//! [`Diagnostic`] that names the mistake as written (a key glued to its value, a quote never
//! closed, an odd space, a field indented by one space), points at it, and says how to fix it.
//! The parser's own words ("simple key expected ':'") are never the message.

use serde_saphyr::MessageFormatter;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{FileId, Span};

mod around;

use around::{
    Lacking, indented_field, list_key, missing_from, no_space_after_colon, odd_space, offset_of,
    owning_key, sibling_indent, typographic_quoted, unclosed_quote_above, value_item_above,
};

/// Whether the YAML `text` holds only blank lines and comments.
pub(super) fn holds_nothing(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'))
}

pub(super) fn to_diagnostic(
    err: &serde_saphyr::Error,
    file: FileId,
    base: usize,
    text: &str,
) -> Diagnostic {
    let inner = err.without_snippet();
    let message = serde_saphyr::DefaultMessageFormatter
        .format_message(inner)
        .into_owned();
    let range = match inner.location() {
        Some(loc) => {
            let span = loc.span();
            let start = span
                .byte_offset()
                .map(|o| o as usize)
                .unwrap_or_else(|| offset_of(text, loc.line() as usize, loc.column() as usize));
            let len = span.byte_len().unwrap_or(0) as usize;
            let start = start.min(text.len());
            base + start..base + (start + len).min(text.len())
        }
        None => base..base,
    };
    let span = Span::new(file, range);
    let odd = odd_space(text, span.range.start.saturating_sub(base));
    let glued = no_space_after_colon(text, span.range.start.saturating_sub(base));
    use serde_saphyr::Error as E;
    match inner {
        // Limits the parser keeps, which some paths report only in their debug words
        // ("budget breached: Nodes { nodes: 250001 }", "recursion limit exceeded").
        _ if message.contains("budget breached") || message.contains("recursion limit") => {
            let why = if message.contains("recursion") || message.contains("Depth") {
                "its lists and mappings are nested too deeply"
            } else if message.contains("Alias") || message.contains("Anchor") {
                "it uses too many aliases or anchors"
            } else {
                "it holds too many values"
            };
            Diagnostic::new(Code::E0002, span, format!("this data is too big to read safely: {why}"))
                .with_hint("split the data into several files, nest it less deeply, and write repeated values out instead of using aliases (`*name`)")
        }
        // A number too large for a number (`volume: 999…9`, 3,000 digits).
        _ if message.contains("non-finite float") => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            let digits = text[at..].find(|c: char| !c.is_ascii_digit() && !matches!(c, '.' | '-' | '+' | 'e' | 'E')).unwrap_or(text.len() - at);
            Diagnostic::new(Code::E0004, span, format!("this number has {digits} digits, too many to be a number"))
                .with_hint("check the value against the source; if it is right, put it in quotes, as text")
        }
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = one_of_hint(field, expected).unwrap_or_else(|| "remove it".to_owned());
            Diagnostic::new(Code::E0003, span, format!("unknown field `{field}`"))
                .with_label("not a field here")
                .with_hint(hint)
        }
        // The parser points at the mapping's last key; the mistake is the mapping's.
        E::SerdeMissingField { field, .. } => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            match missing_from(text, at) {
                Lacking::Block(key) => Diagnostic::new(
                    Code::E0004,
                    Span::new(file, base + key.start..base + key.end),
                    format!("`{}` has no `{field}`", &text[key.clone()]),
                )
                .with_label(format!("`{field}` belongs under this"))
                .with_hint(format!(
                    "add a line `{field}: …` under `{}:`, indented as its other fields",
                    &text[key]
                )),
                Lacking::Item(key) => Diagnostic::new(
                    Code::E0004,
                    Span::new(file, base + key.start..base + key.end),
                    format!("this item has no `{field}`"),
                )
                .with_label(format!("the item `{field}` belongs to"))
                .with_hint(format!(
                    "add a line `{field}: …` to this item, indented as its `{}:`",
                    &text[key]
                )),
                Lacking::Top => Diagnostic::new(
                    Code::E0004,
                    Span::new(file, base..base),
                    format!("there is no `{field}`, which is required"),
                )
                .with_hint(format!("add a line `{field}: …`")),
            }
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            // serde's "unknown variant" names a Rust enum's part; the reader wrote a word.
            let message = match expected.len() {
                0 => format!("`{variant}` is not a value this field takes"),
                _ => format!("`{variant}` is not one of {}", expected.join(", ")),
            };
            let diagnostic = Diagnostic::new(Code::E0004, span, message);
            match one_of_hint(variant, expected) {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            }
        }
        // `label:` with nothing after it: serde-saphyr's words name Rust types.
        E::NullIntoString { .. } => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let key = text[line_start..]
                .split('\n')
                .next()
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim().trim_start_matches("- ").to_owned())
                .filter(|k| !k.is_empty() && !k.contains(' '));
            let message = match &key {
                Some(key) => format!("`{key}` has no value: text is expected after the colon"),
                None => "this field has no value: text is expected after the colon".to_owned(),
            };
            Diagnostic::new(Code::E0004, span, message)
                .with_hint("write the text after the colon")
        }
        E::InvalidBooleanStrict { .. } => {
            Diagnostic::new(Code::E0004, span, message).with_hint("write `true` or `false`")
        }
        E::InvalidScalar { ty, .. } => {
            let (what, example) = scalar_in_words(ty);
            let written = text
                .get(span.range.start.saturating_sub(base)..span.range.end.saturating_sub(base))
                .map(str::trim)
                .filter(|w| !w.is_empty() && w.len() <= 60);
            // `5MB`, `30 days`: a number with its unit, where the field takes the number.
            if let Some((number, unit)) = written.and_then(number_with_unit) {
                // A field named `…_days` counts days (`1 year` is 365 of them), any other bytes.
                let at = span.range.start.saturating_sub(base).min(text.len());
                let counts_days = owning_key(text, at).is_some_and(|k| k.ends_with("_days"));
                let converted = if counts_days { in_days(number, unit) } else { in_bytes(number, unit) };
                let (takes, hint) = match converted {
                    Some(n) if counts_days => ("counts days", format!("write `{n}`, the number of days")),
                    Some(n) => ("takes the number alone", format!("write `{n}`, without the unit")),
                    None => ("takes the number alone", format!("write `{number}`, without the unit")),
                };
                return Diagnostic::new(
                    Code::E0004,
                    span,
                    format!("`{}` is not {what}: the field {takes}", written.unwrap_or_default()),
                )
                .with_hint(hint);
            }
            let message = match written {
                Some(written) => format!("`{written}` is not {what}"),
                None => format!("this value is not {what}"),
            };
            let hint = if example.is_empty() {
                format!("write {what} here")
            } else {
                format!("write {what} here, such as `{example}`")
            };
            Diagnostic::new(Code::E0004, span, message).with_hint(hint)
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            // The parser points at the key; the mistake is its value.
            let at = span.range.start.saturating_sub(base).min(text.len());
            let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
            let span = match text[at..line_end].find(": ") {
                Some(colon) => {
                    let value = text[at + colon + 2..line_end].trim();
                    let start = at + colon + 2 + text[at + colon + 2..line_end].find(value).unwrap_or(0);
                    Span::new(file, base + start..base + start + value.len())
                }
                None => span,
            };
            Diagnostic::new(
                Code::E0004,
                span,
                format!(
                    "this is {}, but {expected} is expected here",
                    unexpected_in_words(unexpected)
                ),
            )
            .with_hint(SHAPES)
        }
        E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. } => Diagnostic::new(Code::E0004, span, message).with_hint(SHAPES),
        E::Message { .. } => Diagnostic::new(Code::E0004, span, message)
            .with_hint("`cited explain E0004` lists the shapes values take"),
        E::DuplicateMappingKey { key, .. } => Diagnostic::new(
            Code::E0002,
            span,
            match key {
                Some(key) => format!("duplicate key `{key}`: it appears twice in this mapping"),
                None => "duplicate key: it appears twice in this mapping".to_owned(),
            },
        )
        .with_label("written again here")
        .with_hint("keep one of the two lines (YAML does not say which one would win)"),
        E::MultipleDocuments { .. } => Diagnostic::new(
            Code::E0002,
            second_document_marker(text, base, span),
            "this file holds more than one YAML document: a `---` line starts a second one",
        )
        .with_hint("remove the `---` line, or put each document in a file of its own"),
        E::Budget { breach, .. } => Diagnostic::new(
            Code::E0002,
            span,
            format!("this YAML is too big to read safely: {}", breach_in_words(breach)),
        )
        .with_hint("split the data into several files, and write repeated values out instead of using aliases (`*name`)"),
        // `published: 2026-11-27` with a no-break space after the colon (as a word processor
        // or a web page gives it): the parser stops at the line's start, in its own words, or reads the
        // line as one value where a mapping was expected.
        _ if odd.is_some() => {
            let (at, ch) = odd.unwrap_or_default();
            Diagnostic::new(
                Code::E0002,
                Span::new(file, base + at..base + at + ch.len_utf8()),
                format!("{} here: YAML reads only an ordinary space as a space, so this line does not read as `key: value`", space_name(ch)),
            )
            .with_label("not an ordinary space")
            .with_hint("delete it and type an ordinary space")
        }
        // `title:"How long"`, `published:2026-12-04`: YAML reads a key and a value with no space
        // between them as one piece of text, and stops later, in its own words ("simple key
        // expected ':'"), or finds text where a mapping was expected.
        _ if glued.is_some() => {
            let (at, key, value) = glued.unwrap_or_default();
            let len = key.len() + 1 + value.len();
            // A long value shortened in the message; the caret and the hint show it whole.
            let shown: String = if value.chars().count() > 24 {
                format!("{key}:{}…", value.chars().take(20).collect::<String>())
            } else {
                format!("{key}:{value}")
            };
            Diagnostic::new(
                Code::E0002,
                Span::new(file, base + at..base + at + len),
                format!("`{shown}` has no space after its colon, so YAML reads it as text, not as the field `{key}`"),
            )
            .with_label("no space after the colon")
            .with_hint(format!("put a space after the colon: `{key}: {value}`"))
        }
        E::Unexpected { expected, .. } => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            // A name alone where a person is expected (`authors: [Jane Smith]`, `- Jane Smith`).
            let written = text
                .get(at..span.range.end.saturating_sub(base))
                .map(str::trim)
                .filter(|w| !w.is_empty() && w.len() <= 60 && !w.starts_with(['[', '{', '-']));
            match (written, *expected == "mapping start", owning_key(text, at)) {
                (Some(name), true, Some(key @ ("authors" | "reviewed_by"))) => Diagnostic::new(
                    Code::E0004,
                    span,
                    format!("`{name}` is a name alone, but each person in `{key}` is a mapping of `name` and `credentials`"),
                )
                .with_hint(format!(
                    "write the person on two lines: `- name: \"{}\"`, then `credentials: \"…\"` under `name`",
                    name.trim_matches(['"', '\''])
                )),
                (Some(value), true, _) => Diagnostic::new(
                    Code::E0004,
                    span,
                    format!("`{value}` is a single value, but {} is expected here", shape_in_words(expected)),
                )
                .with_hint(SHAPES),
                _ => Diagnostic::new(
                    Code::E0004,
                    span,
                    format!("this value has the wrong shape: {} is expected here", shape_in_words(expected)),
                )
                .with_hint(SHAPES),
            }
        }
        _ if message.contains("mapping values are not allowed") => {
            // `title: “Anxiety: what helps”`: the writer did quote it, with quotes YAML does not
            // read as quotes. Asked first: a reference's fields are indented, so the line also
            // looks like a field indented by mistake.
            if let Some((key, value)) = typographic_quoted(text, span.range.start.saturating_sub(base)) {
                let straight = value.trim_matches(['“', '”', '‘', '’', '„']);
                Diagnostic::new(Code::E0002, span, "a value holds `: `, which YAML reads as the start of another key; its typographic quotes (“ ”) are not quotes to YAML")
                    .with_hint(format!("put the value in straight quotes: `{key}: \"{straight}\"`"))
            } else if indented_field(text, span.range.start.saturating_sub(base)) {
                Diagnostic::new(Code::E0002, span, "this line is indented under the value above, so YAML reads it as part of that value, and its `: ` as the start of another key")
                    .with_hint("if it is a field of its own, start it where the fields above start; if it is part of the value, put the value in quotes: `title: \"Anxiety: what helps\"`")
            } else {
                Diagnostic::new(Code::E0002, span, "a value holds `: `, which YAML reads as the start of another key")
                    .with_hint("put the value in quotes: `title: \"Anxiety: what helps\"`")
            }
        }
        // A line indented one space more or less than the lines it belongs with.
        _ if message.contains("did not find expected") => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            if let Some(value) = value_item_above(text, at) {
                // A long value shortened, keeping its quotes: `"In naturalistic data…"`.
                let value = if value.chars().count() > 24 {
                    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''));
                    let start: String = value.chars().take(21).collect();
                    format!("{}…{}", start.trim_end(), quote.map(String::from).unwrap_or_default())
                } else {
                    value.to_owned()
                };
                // The field a value of this list is written under: `text` for a finding,
                // `family` for a name.
                let field = match list_key(text, at) {
                    Some("findings") => Some("text"),
                    Some(k) if ["author", "editor", "translator", "reviewed-author", "container-author"].contains(&k) => Some("family"),
                    _ => None,
                };
                let hint = match field {
                    Some(field) => format!("write the item as fields, the value under its name: `- {field}: {value}`, then this line under `{field}:`"),
                    None => "write the item as fields (`- name: value`), with this line under the first".to_owned(),
                };
                return Diagnostic::new(Code::E0002, span, "the list item above is a single value, so this line cannot belong to it")
                    .with_label("a field of no item")
                    .with_hint(hint);
            }
            let hint = match sibling_indent(text, at) {
                Some(column) => format!("start it at column {column}, where the lines it belongs with start (YAML reads what belongs together from the indent)"),
                None => "start it where the lines it belongs with start: YAML reads what belongs together from the indent".to_owned(),
            };
            Diagnostic::new(Code::E0002, span, "this line does not line up with the lines around it, so YAML cannot tell what it belongs to")
                .with_label("indented by a different number of spaces")
                .with_hint(hint)
        }
        // `nocite: [@key]`, `title: @home`: `@` and `` ` `` are reserved in YAML, so a value
        // cannot start with them unquoted.
        _ if message.contains("unexpected character") => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            let ch = text[at..].chars().next().unwrap_or('@');
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let line = text[line_start..].split('\n').next().unwrap_or("").trim();
            let hint = match line.split_once(':') {
                Some((key, value)) => {
                    let value = value.trim();
                    let inner = value
                        .strip_prefix('[')
                        .and_then(|v| v.strip_suffix(']'))
                        .unwrap_or(value);
                    format!("put the value in quotes: `{}: \"{}\"`", key.trim_start_matches("- ").trim(), inner.replace('"', "\\\""))
                }
                None => "put the value in quotes".to_owned(),
            };
            Diagnostic::new(
                Code::E0002,
                span,
                format!("`{ch}` cannot start a value in YAML unless the value is in quotes"),
            )
            .with_hint(hint)
        }
        // The parser stops at the value before the tab, a line early, in its own words.
        _ if message.contains("found a tab") || message.contains("tabs") => {
            // The tab may be on the parser's line, before where it stopped, or ahead of it.
            let at = span.range.start.saturating_sub(base).min(text.len());
            let from = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let tab = text.get(from..).and_then(|rest| rest.find('\t')).map(|i| from + i);
            let span = match tab {
                Some(at) => Span::new(file, base + at..base + at + 1),
                None => span,
            };
            Diagnostic::new(Code::E0002, span, "a tab in the indentation: YAML indents with spaces only")
                .with_label("a tab")
                .with_hint("replace the tab with spaces, so the line starts where the lines it belongs with start")
        }
        _ if message.contains("trailing content after") => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            // A quote opened on an earlier line and never closed there: YAML read on until the
            // next quote (the next line's), and stopped after it. The mistake is the opening one.
            if let Some(open) = unclosed_quote_above(text, at) {
                return Diagnostic::new(
                    Code::E0002,
                    Span::new(file, base + open..base + open + 1),
                    "this quote is never closed on its line, so YAML reads on into the lines below",
                )
                .with_label("opened here")
                .with_hint("end the value with `\"` on the same line");
            }
            Diagnostic::new(Code::E0002, span, "there is more text after the quoted value's closing quote")
                .with_hint("a quoted value ends at its closing quote: if the quote is part of the text, put the whole value in the other kind of quotes (`'…\"…'`), or write it twice between single quotes (`'it''s'`)")
        }
        _ if message.contains("unknown escape character") => {
            let at = span.range.start.saturating_sub(base).min(text.len());
            let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
            let escape = text[at..line_end]
                .find('\\')
                .and_then(|b| text[at + b..line_end].chars().nth(1).map(|c| (at + b, c)));
            let (span, shown) = match escape {
                Some((b, c)) => (Span::new(file, base + b..base + b + 1 + c.len_utf8()), format!("`\\{c}`")),
                None => (span, "a backslash".to_owned()),
            };
            Diagnostic::new(Code::E0002, span, format!("{shown} is not an escape YAML reads between double quotes"))
                .with_hint("write a backslash as `\\\\` between double quotes, or put the value in single quotes, where a backslash is only a backslash")
        }
        _ if message.contains("unknown anchor") => Diagnostic::new(
            Code::E0002,
            span,
            "a value starting with `*` reads as a YAML alias (a reference to an `&anchor`), and there is no such anchor",
        )
        .with_hint("if the `*` is part of the text, put the value in quotes"),
        _ if message.contains("unclosed bracket") => {
            let (what, open, close, example, lines) = if message.contains('{') {
                ("mapping", '{', '}', "{a: 1, b: 2}", "indented `key: value` lines")
            } else {
                ("list", '[', ']', "[a, b]", "lines starting with `- `")
            };
            Diagnostic::new(Code::E0002, span, format!("a {what} begun with `{open}` is never closed"))
                .with_hint(format!("end it with `{close}` (`{example}`), or write it as {lines}"))
        }
        _ if message.contains("unclosed quote") => Diagnostic::new(Code::E0002, span, message)
            .with_hint("end the value with the same quote it starts with (`\"…\"` or `'…'`); a quote inside it is written `\\\"` between double quotes, `''` between single ones"),
        _ => Diagnostic::new(Code::E0002, span, message)
            .with_hint("the caret shows where the YAML parser stopped: look there for a bad indent or a missing quote"),
    }
}

/// The `---` that starts a second document. The parser reports the document where its content
/// starts, or just after the marker (past the end of its line) when it has none.
fn second_document_marker(text: &str, base: usize, span: Span) -> Span {
    let at = span.range.start.saturating_sub(base).min(text.len());
    let mut end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |n| at + n);
    // The line of the reported place, then the lines before it, the last first: the marker is
    // the first that is not blank or a comment.
    let mut reported = true;
    loop {
        let start = text
            .get(..end)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |n| n + 1);
        let line = text.get(start..end).unwrap_or_default();
        let after = line.strip_prefix("---");
        if after.is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r'])) {
            return Span::new(span.file, base + start..base + start + 3);
        }
        let content = line.trim();
        let passed = reported || content.is_empty() || content.starts_with('#');
        if !passed || start == 0 {
            return span;
        }
        reported = false;
        end = start - 1;
    }
}

/// The hint for a name that is not one of `expected` (a field, or a value of a fixed list): the
/// closest one, else all of them; `None` when there are none to offer.
fn one_of_hint(written: &str, expected: &[&str]) -> Option<String> {
    match did_you_mean(written, expected.iter().copied()) {
        Some(close) => Some(format!("did you mean `{close}`?")),
        None if expected.is_empty() => None,
        None => Some(format!("expected one of: {}", expected.join(", "))),
    }
}

/// `5MB` as (`5`, `MB`), `30 days` as (`30`, `days`): a number with a word after it.
fn number_with_unit(written: &str) -> Option<(&str, &str)> {
    let digits = written
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|&n| n > 0)?;
    let (number, unit) = written.split_at(digits);
    let unit = unit.trim_start();
    (!number.ends_with('.') && !unit.is_empty() && unit.chars().all(char::is_alphabetic))
        .then_some((number, unit))
}

/// A length of time with a unit in days (`1` `year` is 365, `6 months` 183), for a field that
/// counts days; `None` for a unit of anything else.
fn in_days(number: &str, unit: &str) -> Option<u64> {
    let per: f64 = match unit.to_ascii_lowercase().trim_end_matches('s') {
        "d" | "day" => 1.0,
        "w" | "wk" | "week" => 7.0,
        "mo" | "month" => 365.0 / 12.0,
        "y" | "yr" | "year" => 365.0,
        _ => return None,
    };
    let value: f64 = number.parse().ok()?;
    // Review intervals: a few thousand days at most.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let days = (value * per).round() as u64;
    Some(days)
}

/// A size with a unit in bytes (`5` `MB` is 5,000,000), for a field that counts bytes; `None`
/// for a unit of anything else.
fn in_bytes(number: &str, unit: &str) -> Option<u64> {
    let factor: u64 = match unit.to_ascii_lowercase().as_str() {
        "b" | "bytes" => 1,
        "kb" | "k" => 1_000,
        "kib" => 1_024,
        "mb" | "m" => 1_000_000,
        "mib" => 1_048_576,
        "gb" | "g" => 1_000_000_000,
        "gib" => 1_073_741_824,
        _ => return None,
    };
    let value: f64 = number.parse().ok()?;
    // Sizes of pictures: far below the precision f64 keeps whole.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let bytes = (value * factor as f64).round() as u64;
    Some(bytes)
}

/// A Rust scalar type serde-saphyr could not read a value as, in words, with an example.
fn scalar_in_words(ty: &str) -> (&'static str, &'static str) {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => ("a whole number (0 or more)", "365"),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => ("a whole number", "-3"),
        // serde-saphyr names its float and boolean readers in words.
        "f32" | "f64" | "floating point" => ("a number", "8"),
        "bool" | "boolean" => ("`true` or `false`", "true"),
        "char" => ("a single character", "x"),
        _ => ("a value of the kind this field takes", ""),
    }
}

/// Serde's name for a value that has the wrong type (`string "x"`, `sequence`), in words.
fn unexpected_in_words(unexpected: &str) -> String {
    if let Some(text) = unexpected.strip_prefix("string ") {
        return format!("the text `{}`", text.trim_matches('"'));
    }
    match unexpected {
        "sequence" => "a list".to_owned(),
        "map" => "a mapping (`key: value` lines)".to_owned(),
        "unit value" | "null" => "empty".to_owned(),
        other => match other.split_once(' ') {
            Some(("integer" | "floating point", n)) => format!("the number {n}"),
            Some(("boolean", b)) => format!("the value {b}"),
            _ => other.to_owned(),
        },
    }
}

/// How a value's shapes are written, for a value of the wrong shape.
const SHAPES: &str = "a single value is written `field: value`, a list as lines starting with `- ` (or `[a, b]`), a mapping as indented `key: value` lines";

/// An odd space's name, as an editor would look it up.
fn space_name(c: char) -> &'static str {
    match c {
        '\u{a0}' => "a no-break space",
        '\u{202f}' => "a narrow no-break space",
        '\u{2007}' => "a figure space",
        '\u{2009}' => "a thin space",
        _ => "an ideographic (full-width) space",
    }
}

/// Which of the parser's budgets a document breached, in an editor's words.
fn breach_in_words(breach: &serde_saphyr::budget::BudgetBreach) -> &'static str {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Aliases { .. } | B::AliasAnchorRatio { .. } | B::Anchors { .. } => {
            "it uses too many aliases or anchors"
        }
        B::Depth { .. } => "its lists and mappings are nested too deeply",
        B::ScalarBytes { .. } => "one value is too long",
        B::Documents { .. } => "it holds too many documents",
        _ => "it holds too many values",
    }
}

/// The parser's name for a YAML shape, in an editor's words.
fn shape_in_words(expected: &str) -> String {
    match expected {
        "string scalar" | "scalar" => "a single value (text or a number)".to_owned(),
        "sequence start" => "a list".to_owned(),
        "mapping start" => "a mapping (indented `key: value` lines)".to_owned(),
        other => other.replace(" start", "").replace("scalar", "value"),
    }
}

#[cfg(test)]
mod tests;
