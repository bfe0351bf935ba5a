//! What is wrong with a references file as a whole, said in the words of the format its writer
//! meant: a `.json` file that is not JSON (E0002, at the place JSON stops), and a CSL-YAML file
//! with no `references:` list in one of the ways an editor gets there (E0201). Every `.json`
//! file is asked first, since the YAML reader that reads it would take what JSON does not; a
//! CSL-YAML file only once it failed to read.

use super::RawItem;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::yaml;

/// E0002 for a `.json` file the YAML reader took that is not JSON, at the place JSON stops.
pub(super) fn not_json(file: FileId, text: &str) -> Option<Diagnostic> {
    let err = serde_json::from_str::<serde::de::IgnoredAny>(text).err()?;
    // serde_json counts lines from 1 and columns from 1 in bytes, its column the byte it
    // stopped at.
    let line_start: usize = text
        .split_inclusive('\n')
        .take(err.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let at = (line_start + err.column().saturating_sub(1)).min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    // serde_json names a comma before `}` by what it expected next (a key): the text says it.
    let closes = text[at..].trim_start().starts_with(['}', ']']);
    let before = text[..at].trim_end();
    let said = err.to_string();
    let (at, message, hint) = if closes && before.ends_with(',') {
        (
            before.len() - 1,
            "a comma after the last item: JSON allows none, and Pandoc refuses the file",
            "remove this comma",
        )
    } else if err.is_eof() {
        // Where the text ends, with what it still needed.
        let (message, hint) = if said.contains("parsing a list") {
            (
                "the file ends before its list is closed",
                "end the file with `]`, after the last item's `}`",
            )
        } else {
            (
                "the file ends before an item is closed",
                "close each item's `{` with its `}`, then the list with `]`",
            )
        };
        // At the last character (its first byte: the text may end in any character).
        let last = text
            .trim_end()
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        (last, message, hint)
    } else if said.starts_with("expected `,` or `}`") || said.starts_with("expected `,` or `]`") {
        (
            at,
            "a comma is missing before this: JSON puts one between every two fields or items",
            "add `,` before it",
        )
    } else if said.starts_with("key must be a string") {
        (
            at,
            "this key is not in double quotes: JSON quotes every key",
            "write the key in double quotes (`\"title\": …`)",
        )
    } else {
        (
            at,
            "this is not valid JSON here; Pandoc refuses the file",
            "check the JSON at this place: keys and text in double quotes, a comma between items and none after the last, no comments",
        )
    };
    let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
    Some(Diagnostic::new(Code::E0002, Span::new(file, at..end), message).with_hint(hint))
}

/// E0201 for a CSL-YAML file that holds no `references:` list in one of the ways an editor
/// gets there: nothing in it, one item on its own, or a list with no `references:` above it.
/// Pandoc reads none of them, so neither does cited. `None` for any other mistake.
pub(super) fn not_a_references_list(file: FileId, text: &str) -> Option<Diagnostic> {
    let first_line = Span::new(file, 0..text.lines().next().map_or(0, str::len));
    let empty = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    if empty {
        return Some(
            Diagnostic::new(Code::E0201, first_line, "this reference file is empty")
                .with_hint("write its sources in a list under `references:` (`references:` then `  - id: ...`), or remove the file"),
        );
    }
    let has_id = |m: &RawItem| m.keys().any(|k| k.value == "id");
    if yaml::parse::<RawItem>(file, 0, text).is_ok_and(|m| has_id(&m)) {
        return Some(
            Diagnostic::new(Code::E0201, first_line, "reference file holds a bare item")
                .with_hint("put the item in a list under `references:` (Pandoc's CSL-YAML), i.e. `references:` then `  - id: ...`"),
        );
    }
    if yaml::parse::<Vec<RawItem>>(file, 0, text).is_ok_and(|items| items.iter().any(has_id)) {
        return Some(
            Diagnostic::new(
                Code::E0201,
                first_line,
                "this list of references has no `references:` above it",
            )
            .with_label("the list starts here")
            .with_hint("add a line `references:` at the top of the file, above the first `- id:`"),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::reference::parse_file;
    use crate::source::FileId;

    #[test]
    fn a_json_mistake_is_said_in_json_terms() {
        let said = |text: &str| {
            let err = parse_file(FileId(0), "references/r.json", text).unwrap_err();
            (
                err[0].code,
                err[0].message.clone(),
                err[0].span.clone().map(|s| s.range),
            )
        };
        let (code, message, at) = said("[{\"id\": \"a\" \"title\": \"T\"}]");
        assert_eq!((code, at), (Code::E0002, Some(12..13)));
        assert!(message.starts_with("a comma is missing"), "{message}");
        let (_, message, at) = said("[{\"id\": \"a\"}");
        assert_eq!(message, "the file ends before its list is closed");
        assert_eq!(at, Some(11..12));
        let (_, message, _) = said("[{id: \"a\"}]");
        assert!(
            message.starts_with("this key is not in double quotes"),
            "{message}"
        );
        assert_eq!(said("{\"id\": \"a\"}").0, Code::E0201);
        // A text that ends inside a character of several bytes is cut at its start.
        let (_, _, at) = said("\"¡");
        assert_eq!(at, Some(1..3));
    }

    #[test]
    fn a_file_with_no_references_list_says_what_it_holds() {
        let message = |text: &str| {
            let errs = parse_file(FileId(0), "references/a.yaml", text).unwrap_err();
            assert_eq!(errs[0].code, Code::E0201, "{errs:?}");
            (
                errs[0].message.clone(),
                errs[0].hint.clone().unwrap_or_default(),
            )
        };
        let (m, h) = message("");
        assert_eq!(m, "this reference file is empty");
        assert!(h.ends_with("or remove the file"), "{h}");
        assert_eq!(message("# to do\n\n").0, "this reference file is empty");
        let (m, h) = message("  - id: a\n    title: T\n  - id: b\n    title: U\n");
        assert_eq!(m, "this list of references has no `references:` above it");
        assert!(h.contains("add a line `references:`"), "{h}");
    }

    #[test]
    fn bare_items_are_errors() {
        let errs = parse_file(FileId(0), "r.yaml", "id: a\ntitle: x\n").unwrap_err();
        assert_eq!(errs[0].code, Code::E0201);
    }
}
