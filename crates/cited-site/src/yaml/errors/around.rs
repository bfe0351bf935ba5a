//! The text around the place the YAML parser stopped, read the way an editor reads it: which
//! mapping lacks a field, which key owns a value, a quote opened above and never closed, a
//! value in typographic quotes, a field indented by mistake, an odd space or a colon with no
//! space after it, the indent a line's neighbours share, a list item written as a value. The
//! parser says only where it stopped; these say what was written there, for `to_diagnostic` to
//! name the mistake.

use std::ops::Range;

/// Which mapping lacks a field, found from the last key the parser read in it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lacking {
    /// A block under a key (`publisher:`): the key's byte range.
    Block(Range<usize>),
    /// An item of a list (`- id: one`): the byte range of its first key.
    Item(Range<usize>),
    /// The file's own top level.
    Top,
}

/// The mapping whose key at byte `at` of `text` is one of: the lines above it are walked up to
/// the first that starts the mapping (a list item's `- ` at its keys' column) or holds its
/// parent key (indented less).
pub(super) fn missing_from(text: &str, at: usize) -> Lacking {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let column = at - line_start;
    if column == 0 {
        return Lacking::Top;
    }
    let key_at = |line_start: usize, from: usize| {
        let line = &text[line_start..];
        let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
        let rest = line.get(from..).unwrap_or("");
        let len = rest
            .find(':')
            .filter(|&n| n > 0)
            .unwrap_or(rest.trim_end().len());
        line_start + from..line_start + from + rest[..len].trim_end().len()
    };
    let mut start = line_start;
    loop {
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = line[indent..].trim_end();
        if !content.is_empty() && !content.starts_with('#') {
            if let Some(item) = content.strip_prefix("- ") {
                let key_column = indent + 2 + (item.len() - item.trim_start().len());
                if key_column == column {
                    return Lacking::Item(key_at(start, key_column));
                }
            }
            if indent < column {
                return Lacking::Block(key_at(start, indent));
            }
        }
        if start == 0 {
            return Lacking::Top;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |n| n + 1);
    }
}

/// The key whose value holds byte `at` of `text`: the key of its own line when written before
/// it (`authors: [Jane Smith]`), else of the nearest line above indented less (`authors:` above
/// `  - Jane Smith`).
pub(super) fn owning_key(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    fn key_of(line: &str) -> Option<&str> {
        let (key, _) = line.split_once(':')?;
        let key = key.trim().trim_start_matches("- ").trim();
        (!key.is_empty() && !key.contains(' ')).then_some(key)
    }
    if let Some(key) = key_of(&text[line_start..at]) {
        return Some(key);
    }
    let indent = |line: &str| line.len() - line.trim_start().len();
    let own = indent(text[line_start..].split('\n').next().unwrap_or_default());
    text[..line_start]
        .lines()
        .rev()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .find(|line| indent(line) < own)
        .and_then(key_of)
}

/// The byte offset of a `"` on a line above the one holding byte `at` that opens a value and is
/// never closed on its line (`title: "How long` then `description: "…"`); the nearest such.
pub(super) fn unclosed_quote_above(text: &str, at: usize) -> Option<usize> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let mut end = line_start;
    for whole in text[..line_start].split_inclusive('\n').rev().take(3) {
        let start = end - whole.len();
        end = start;
        let line = whole.trim_end_matches(['\n', '\r']);
        // A value's opening quote, right after `key: ` or `- `.
        let Some(open) = line.find(": \"").map(|i| i + 2).or_else(|| {
            line.trim_start()
                .starts_with("- \"")
                .then(|| line.find('"').unwrap_or(0))
        }) else {
            continue;
        };
        let rest = &line[open + 1..];
        let mut escaped = false;
        let closed = rest.chars().any(|c| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes
        });
        if !closed {
            return Some(start + open);
        }
    }
    None
}

/// The key and value of the line holding byte `at` of `text`, when the value starts with a
/// typographic quote (`title: “Anxiety: what helps”`).
pub(super) fn typographic_quoted(text: &str, at: usize) -> Option<(&str, &str)> {
    let start = text
        .get(..at)
        .map_or(0, |before| before.rfind('\n').map_or(0, |n| n + 1));
    let line = text.get(start..)?.split('\n').next()?.trim();
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    value
        .starts_with(['“', '”', '‘', '’', '„'])
        .then_some((key.trim_start_matches("- "), value))
}

/// Whether the line holding byte `at` of `text` is indented and starts with a plain `key: `, as a
/// field indented by mistake under the line above (`title: T` then `  description: D`), rather
/// than a value that holds `: `.
pub(super) fn indented_field(text: &str, at: usize) -> bool {
    let start = text
        .get(..at)
        .map_or(0, |before| before.rfind('\n').map_or(0, |n| n + 1));
    let line = text.get(start..).unwrap_or("");
    let line = line.split('\n').next().unwrap_or("");
    let key = line.trim_start_matches([' ', '\t']);
    key.len() < line.len()
        && key.split_once(": ").is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
}

/// Spaces YAML does not read as spaces, which look like one: the no-break spaces a word
/// processor or a web page puts in, and the ideographic space.
const ODD_SPACES: [char; 5] = ['\u{a0}', '\u{2007}', '\u{202f}', '\u{3000}', '\u{2009}'];

/// The first odd space ([`ODD_SPACES`]) on the line holding byte `at` of `text`, or on the line
/// before it (the parser may stop a line late), with its byte offset.
pub(super) fn odd_space(text: &str, at: usize) -> Option<(usize, char)> {
    let at = at.min(text.len());
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let from = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let to = text[at..].find('\n').map_or(text.len(), |n| at + n);
    text[from..to]
        .char_indices()
        .find(|(_, c)| ODD_SPACES.contains(c))
        .map(|(i, c)| (from + i, c))
}

/// `title:"How long"`, `- name:"Jane"`: a key and its value with no space after the colon, on
/// the line holding byte `at` of `text` or on the line before it (the parser may stop a line
/// late). The key's byte offset, the key, and the value as written.
pub(super) fn no_space_after_colon(text: &str, at: usize) -> Option<(usize, &str, &str)> {
    let at = at.min(text.len());
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let before = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let lines = if line_start == 0 {
        vec![0]
    } else {
        vec![line_start, before]
    };
    lines.into_iter().find_map(|start| {
        let line = text[start..].split('\n').next()?.trim_end_matches('\r');
        let body = line.trim_start();
        let body = body.strip_prefix("- ").map_or(body, str::trim_start);
        let (key, value) = body.split_once(':')?;
        let value = value.trim_end();
        let is_key = !key.is_empty()
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        // `https://…` in a list is a link, not a key.
        (is_key && value.starts_with(|c: char| !c.is_whitespace()) && !value.starts_with("//"))
            .then_some((start + (line.len() - body.len()), key, value))
    })
}

/// The column (from 1) where the lines that the line holding byte `at` of `text` belongs with
/// start: the nearest line above of the same kind (a list item `- `, or a `key:`) that is
/// indented within two spaces of it, and not the same.
pub(super) fn sibling_indent(text: &str, at: usize) -> Option<usize> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let line = text[line_start..].split('\n').next()?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let own = indent(line);
    let item = line.trim_start().starts_with("- ");
    text[..line_start]
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .take(50)
        // The nearest line above of the same kind, if it is off by a space or two.
        .find(|l| l.trim_start().starts_with("- ") == item)
        .map(indent)
        .filter(|&other| other != own && other.abs_diff(own) <= 2)
        .map(|other| other + 1)
}

/// The key of the list the line holding byte `at` of `text` sits in: the nearest line above
/// that is less indented than the list's items and ends with `:`.
pub(super) fn list_key(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut lines = text[..line_start]
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty());
    let item = lines.next()?;
    lines
        .find(|l| indent(l) < indent(item) && !l.trim_start().starts_with("- "))?
        .trim()
        .strip_suffix(':')
}

/// The list item just above the line holding byte `at` of `text`, when it is a single value
/// (`- "In naturalistic data…"`) and that line is a `key:` indented under it: a mapping item
/// written as a value, whose other fields can belong to nothing.
pub(super) fn value_item_above(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |n| n + 1);
    let line = text[line_start..].split('\n').next()?.trim();
    if line.starts_with("- ") || !line.contains(':') {
        return None;
    }
    let above = text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim();
    let value = above.strip_prefix("- ")?;
    let quoted = value.starts_with(['"', '\'']);
    (quoted || !value.contains(": ")).then_some(value)
}

pub(super) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}
