//! Variables written in a reference's `note`, as Zotero exports them: the fields Zotero has no
//! place for live in its Extra field, one `name: value` a line (`PMID: 18517032`,
//! `original-date: 1950`, `type: dataset`), and Zotero and Better BibTeX export Extra as the
//! CSL `note`. Pandoc's citeproc and citeproc-js read those lines as the item's variables (CSL
//! calls this "cheater syntax"), so Vancouver prints a PubMed-imported article's `PubMed PMID:
//! 18517032`; read as a plain note, the PMID was lost to the entry, to `cited verify` and to the
//! rule that asks an article for a DOI, PMID or URL.

use std::collections::BTreeMap;

use super::fields::{CSL_FIELDS, NAME_FIELDS};
use crate::yaml::Located;

/// Reads the variables at the start of `fields`' `note` into `fields`, as Pandoc's citeproc
/// reads them (`parseNote`): the note's leading lines of the form `name: value` (a name of
/// letters and hyphens, any case, the colon right after it) or `{:name: value}`, up to the first
/// line that is not one. Each names a CSL variable the item does not give itself, or `type`,
/// which the note overrides (Zotero's way to give an item a type it lacks). A name variable
/// gathers its lines in order, each `Family || Given` or one literal name (`author: Doe || Jane`,
/// `author: World Health Organization`). The note keeps what follows them, and is dropped when
/// nothing does.
pub(super) fn read_note_fields(fields: &mut BTreeMap<String, Located<serde_json::Value>>) {
    let Some(note) = fields.get("note") else {
        return;
    };
    let (serde_json::Value::String(text), span) = (&note.value, note.span.clone()) else {
        return;
    };
    let text = text.clone();
    let (read, rest) = leading_fields(&text);
    if read.is_empty() {
        return;
    }
    // Each name variable's names, in the order written, for the variables the item lacks.
    let mut names: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
    for (name, value) in read {
        let Some(canonical) = CSL_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(name)) else {
            // No style reads a variable CSL does not have.
            continue;
        };
        // A note does not change the key the item is cited by; an empty value gives nothing.
        if *canonical == "id" || value.is_empty() {
            continue;
        }
        if NAME_FIELDS.contains(canonical) {
            if !fields.contains_key(*canonical) {
                names.entry(canonical).or_default().push(csl_name(value));
            }
        } else if *canonical == "type" || !fields.contains_key(*canonical) {
            fields.insert(
                (*canonical).to_owned(),
                Located::new(serde_json::Value::String(value.to_owned()), span.clone()),
            );
        }
    }
    for (variable, list) in names {
        fields.insert(
            variable.to_owned(),
            Located::new(serde_json::Value::Array(list), span.clone()),
        );
    }
    if rest.is_empty() {
        fields.remove("note");
    } else if let Some(note) = fields.get_mut("note") {
        note.value = serde_json::Value::String(rest.to_owned());
    }
}

/// A name as a note writes it, as CSL-JSON: `Family || Given`, or one literal name.
fn csl_name(value: &str) -> serde_json::Value {
    match value.split_once("||") {
        Some((family, given)) => {
            serde_json::json!({ "family": family.trim(), "given": given.trim() })
        }
        None => serde_json::json!({ "literal": value }),
    }
}

/// The `name: value` fields at the start of `note`, each value trimmed, and the text after them.
fn leading_fields(note: &str) -> (Vec<(&str, &str)>, &str) {
    let mut read = Vec::new();
    let mut rest = note;
    while let Some((field, after)) = braced_field(rest).or_else(|| line_field(rest)) {
        // `Note: …` is the note's own text, not a variable it gives.
        if field.0.eq_ignore_ascii_case("note") {
            break;
        }
        read.push(field);
        rest = after;
    }
    (read, rest)
}

/// `name` of `name:…`: one or more letters and hyphens, then the colon.
fn name_then_colon(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_alphabetic() || c == '-'))
        .unwrap_or(text.len());
    let after = text[end..].strip_prefix(':')?;
    (end > 0).then(|| (&text[..end], after))
}

/// `{:name: value}`.
fn braced_field(text: &str) -> Option<((&str, &str), &str)> {
    let (name, after) = name_then_colon(text.strip_prefix("{:")?)?;
    let (value, after) = after.split_once('}')?;
    Some(((name, value.trim()), after))
}

/// `name: value`, to the end of its line (the line feed read too) or of the note.
fn line_field(text: &str) -> Option<((&str, &str), &str)> {
    let (name, after) = name_then_colon(text)?;
    let (value, after) = after.split_once('\n').unwrap_or((after, ""));
    Some(((name, value.trim()), after))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn fields_of(pairs: &[(&str, &str)]) -> BTreeMap<String, Located<serde_json::Value>> {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    Located::new(
                        serde_json::Value::String((*v).to_owned()),
                        Span::new(FileId(0), 0..0),
                    ),
                )
            })
            .collect()
    }

    fn text<'a>(
        fields: &'a BTreeMap<String, Located<serde_json::Value>>,
        k: &str,
    ) -> Option<&'a str> {
        fields.get(k).and_then(|v| v.value.as_str())
    }

    #[test]
    fn the_leading_lines_of_a_note_are_read_as_pandoc_reads_them() {
        assert_eq!(
            leading_fields("PMID: 18517032\nPMCID: PMC2398753"),
            (vec![("PMID", "18517032"), ("PMCID", "PMC2398753")], "")
        );
        assert_eq!(
            leading_fields("{:original-date: 1950}{:type: dataset}Read in 2020.\nPMID: 1"),
            (
                vec![("original-date", "1950"), ("type", "dataset")],
                "Read in 2020.\nPMID: 1"
            )
        );
        // A name with a space, or a space before the colon, is not a field: reading stops.
        assert_eq!(
            leading_fields("Citation Key: smith2020\nPMID: 1"),
            (vec![], "Citation Key: smith2020\nPMID: 1")
        );
        assert_eq!(leading_fields("PMID : 1"), (vec![], "PMID : 1"));
        assert_eq!(
            leading_fields("PMID: 1\nNote: read twice"),
            (vec![("PMID", "1")], "Note: read twice")
        );
        assert_eq!(leading_fields("Some words."), (vec![], "Some words."));
        assert_eq!(leading_fields(""), (vec![], ""));
    }

    #[test]
    fn a_note_gives_the_variables_the_item_lacks_and_keeps_the_rest() {
        let mut fields = fields_of(&[
            ("type", "article-journal"),
            ("DOI", "10.1/own"),
            (
                "note",
                "pmid: 18517032\ndoi: 10.1/note\ntype: dataset\nauthor: Doe || Jane\nfoo: bar\nISBN:\nFirst read in 2020.",
            ),
        ]);
        read_note_fields(&mut fields);
        assert_eq!(text(&fields, "PMID"), Some("18517032"));
        assert_eq!(
            text(&fields, "DOI"),
            Some("10.1/own"),
            "the item's own field wins"
        );
        assert_eq!(
            text(&fields, "type"),
            Some("dataset"),
            "a note's type overrides"
        );
        assert_eq!(
            fields.get("author").map(|a| a.value.clone()),
            Some(serde_json::json!([{"family": "Doe", "given": "Jane"}])),
            "a name is `Family || Given`"
        );
        assert_eq!(text(&fields, "foo"), None);
        assert_eq!(text(&fields, "ISBN"), None, "an empty value gives nothing");
        assert_eq!(text(&fields, "note"), Some("First read in 2020."));

        let mut fields = fields_of(&[(
            "note",
            "editor: World Health Organization\neditor: Roe || Rick\nauthor: Doe || Jane",
        )]);
        fields.insert(
            "author".to_owned(),
            Located::new(
                serde_json::json!([{"family": "Own"}]),
                Span::new(FileId(0), 0..0),
            ),
        );
        read_note_fields(&mut fields);
        assert_eq!(
            fields.get("editor").map(|a| a.value.clone()),
            Some(serde_json::json!([
                {"literal": "World Health Organization"},
                {"family": "Roe", "given": "Rick"}
            ])),
            "a variable's names gather in order, a literal one too"
        );
        assert_eq!(
            fields.get("author").map(|a| a.value.clone()),
            Some(serde_json::json!([{"family": "Own"}])),
            "the item's own names win"
        );

        let mut fields = fields_of(&[("note", "PMID: 1\nPMCID: PMC2")]);
        read_note_fields(&mut fields);
        assert_eq!(text(&fields, "PMCID"), Some("PMC2"));
        assert!(
            !fields.contains_key("note"),
            "a note of fields alone is dropped"
        );

        let mut fields = fields_of(&[("note", "Just a note.")]);
        read_note_fields(&mut fields);
        assert_eq!(text(&fields, "note"), Some("Just a note."));
    }
}
