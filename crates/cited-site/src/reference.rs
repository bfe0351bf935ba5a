//! References: CSL-YAML (`references:` list, as Pandoc reads it) or CSL-JSON (an array, as Zotero
//! exports), one or more items per file, plus cited's `findings` extension.

use crate::diagnostic::Code;
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::rich_text::{RICH_FIELDS, RichText, markdown_to_csl_tags, smart_name};
use crate::source::{FileId, Span};
use crate::yaml::direct::Top;
use crate::yaml::{self, Located};

mod fields;
mod file_mistakes;
mod note_fields;

pub use fields::{CSL_FIELDS, CSL_TYPES, FIELD_ALIASES, TOOL_TYPES};
use file_mistakes::{not_a_references_list, not_json};

/// An excerpt from a source that backs the figures the content quotes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The excerpt.
    pub text: Located<String>,
    /// Where in the source (`p. 4`, `abstract`).
    pub locator: Option<String>,
}

/// One reference: a CSL item with the place of each field.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The citation key (`id`).
    pub key: Located<String>,
    /// The file it was read from.
    pub file: FileId,
    /// The CSL fields other than `findings`, each with its place.
    pub fields: BTreeMap<String, Located<serde_json::Value>>,
    /// The `findings` excerpts.
    pub findings: Vec<Finding>,
    /// Problems that do not stop a build (fields no CSL processor reads, which Pandoc ignores
    /// too); `cited_check` reports them.
    pub warnings: Vec<Diagnostic>,
    /// How its titles write italics and the like: markdown in CSL-YAML, tags in CSL-JSON.
    pub rich_text: RichText,
}

impl Reference {
    /// Whether `self` says what `other` says, wherever each is written: the same key, fields,
    /// findings and way of writing rich text. Its warnings are made from those, so they agree too
    /// but for their places.
    pub fn says_the_same_as(&self, other: &Reference) -> bool {
        self.key.value == other.key.value
            && self.file == other.file
            && self.rich_text == other.rich_text
            && self.fields.len() == other.fields.len()
            && self
                .fields
                .iter()
                .zip(&other.fields)
                .all(|((k, v), (k2, v2))| k == k2 && v.value == v2.value)
            && self.findings.len() == other.findings.len()
            && self
                .findings
                .iter()
                .zip(&other.findings)
                .all(|(f, f2)| f.text.value == f2.text.value && f.locator == f2.locator)
    }

    /// A string field (`DOI`, `URL`, `title`...), if present and a string or number.
    pub fn text(&self, field: &str) -> Option<Located<String>> {
        let value = self.fields.get(field)?;
        let text = match &value.value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some(Located::new(text, value.span.clone()))
    }

    /// The CSL `type`.
    pub fn item_type(&self) -> Option<String> {
        self.text("type").map(|t| t.value)
    }

    /// The item as CSL-JSON, for the CSL engine (without `findings`). A CSL-YAML title's
    /// markdown becomes CSL-JSON's rich-text tags (the `rich_text` module).
    pub fn csl_json(&self) -> serde_json::Value {
        let map = self
            .fields
            .iter()
            .map(|(k, v)| {
                let value = self.for_engine(k, &v.value);
                (k.clone(), value.unwrap_or_else(|| v.value.clone()))
            })
            .collect();
        serde_json::Value::Object(map)
    }

    /// A string field as the engine reads it: a title in CSL-JSON's rich-text tags, whatever
    /// syntax the file wrote it in (see [`Reference::csl_json`]).
    pub fn engine_text(&self, field: &str) -> Option<String> {
        let value = &self.fields.get(field)?.value;
        match self.for_engine(field, value) {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => self.text(field).map(|t| t.value),
        }
    }

    /// `value`, the field `field`, as the engine reads it; `None` when that is as written.
    fn for_engine(&self, field: &str, value: &serde_json::Value) -> Option<serde_json::Value> {
        match value {
            serde_json::Value::String(s)
                if self.rich_text == RichText::Markdown && RICH_FIELDS.contains(&field) =>
            {
                markdown_to_csl_tags(s).map(serde_json::Value::String)
            }
            serde_json::Value::String(s)
                if self.rich_text == RichText::BibTags && RICH_FIELDS.contains(&field) =>
            {
                crate::rich_text::bib_for_engine(s).map(serde_json::Value::String)
            }
            // Names as Pandoc prints them from CSL-YAML: `O'Neil` is `O’Neil`.
            serde_json::Value::Array(names) if self.rich_text == RichText::Markdown => {
                smart_names(names)
            }
            _ => None,
        }
    }
}

/// A list of CSL names with smart punctuation in their parts; `None` when nothing changes (or
/// the list holds no names).
fn smart_names(names: &[serde_json::Value]) -> Option<serde_json::Value> {
    const PARTS: [&str; 6] = [
        "family",
        "given",
        "literal",
        "dropping-particle",
        "non-dropping-particle",
        "suffix",
    ];
    let smart = |name: &serde_json::Value, part: &str| {
        name.get(part).and_then(|v| v.as_str()).and_then(smart_name)
    };
    // Most names have nothing to change: they are not copied.
    if !names
        .iter()
        .any(|name| PARTS.iter().any(|part| smart(name, part).is_some()))
    {
        return None;
    }
    let names = names
        .iter()
        .map(|name| {
            let mut changed = name.clone();
            if let Some(parts) = changed.as_object_mut() {
                for part in PARTS {
                    if let Some(text) = smart(name, part) {
                        parts.insert(part.to_owned(), serde_json::Value::String(text));
                    }
                }
            }
            changed
        })
        .collect();
    Some(serde_json::Value::Array(names))
}

type RawItem = yaml::direct::Item;

/// Pandoc's CSL-YAML, as serde-saphyr reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CslYaml {
    pub(crate) references: Vec<RawItem>,
    /// `pandoc -s -f biblatex -t markdown library.bib` writes `nocite: "[@*]"` beside the
    /// references; in a references file it means nothing.
    #[serde(default, rename = "nocite")]
    _nocite: Option<serde_json::Value>,
}

/// The YAML of a references file, without the `---` lines Pandoc writes around it when it
/// writes CSL-YAML as a markdown metadata block: (offset, text).
fn metadata_block(text: &str) -> (usize, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (0, text);
    };
    let start = text.len() - rest.len();
    let mut offset = start;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            let after = &text[offset + line.len()..];
            if after.trim().is_empty() {
                return (start, &text[start..offset]);
            }
            break;
        }
        offset += line.len();
    }
    (0, text)
}

/// Parses one references file. JSON is read by the same YAML parser (JSON is YAML), so every
/// value keeps its place in both formats.
pub fn parse_file(file: FileId, path: &str, text: &str) -> Result<Vec<Reference>, Vec<Diagnostic>> {
    // By extension in any case, as the load chose the file (`Library.BIB` is BibTeX).
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if extension.as_deref() == Some("bib") {
        return crate::bibtex::parse_file(file, text);
    }
    let is_json = extension.as_deref() == Some("json");
    let trimmed = text.trim_start();
    // JSON is read as YAML, which allows what JSON does not (a comma after the last item,
    // comments, unquoted keys): Pandoc refuses such a file, so cited does too. Asked first, so
    // that a mistake in the JSON is said in JSON's terms, not the YAML reader's.
    if is_json {
        if let Some(problem) = not_json(file, text) {
            return Err(vec![problem]);
        }
        if trimmed.starts_with('{') {
            let at = text.len() - trimmed.len();
            return Err(vec![
                Diagnostic::new(
                    Code::E0201,
                    Span::new(file, at..at + 1),
                    "a CSL-JSON file holds a list of items, and this one holds a single item",
                )
                .with_hint("put `[` before the item and `]` after it"),
            ]);
        }
    }
    let (top, offset, block) = if is_json || trimmed.starts_with('[') {
        (Top::List, 0, text)
    } else {
        let (offset, block) = metadata_block(text);
        (Top::References, offset, block)
    };
    // The plainest files, nearly all of them, are read straight from the parser's events; any
    // other goes through serde-saphyr, which also reports what is wrong with it.
    let items: Vec<RawItem> = match yaml::direct::items(file, offset, block, top) {
        Some(items) => items,
        None if top == Top::List => yaml::parse(file, offset, block).map_err(|d| vec![d])?,
        None => match yaml::parse::<CslYaml>(file, offset, block) {
            Ok(doc) => doc.references,
            Err(err) => return Err(vec![not_a_references_list(file, text).unwrap_or(err)]),
        },
    };
    let mut references = Vec::new();
    let mut problems = Vec::new();
    for item in items {
        match reference_from(file, item) {
            Ok(mut r) => {
                // Pandoc reads a `.json` file as CSL-JSON and any other as CSL-YAML.
                if is_json {
                    r.rich_text = RichText::CslTags;
                }
                references.push(r);
            }
            Err(mut d) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(references)
    } else {
        Err(problems)
    }
}

/// The key of a `Citation Key: smith2020` line (any case, `citation-key:` too) in a note.
fn note_citation_key(note: &str) -> Option<&str> {
    note.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase().replace('-', " ");
        let value = value.trim();
        (name == "citation key" && !value.is_empty() && !value.contains(char::is_whitespace))
            .then_some(value)
    })
}

/// Every number in `value` that is whole (`12.0`, `1e2`, and `012`, which YAML reads as a
/// float) made an integer, as Pandoc reads it: `volume: 012` is volume 12, and
/// `date-parts: [[2019, 02, 05]]` the 5th of February 2019, not a float no date takes.
fn whole_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                // Exact: a whole float below 2^53 is an integer.
                *value = serde_json::Value::from(f as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

fn reference_from(file: FileId, item: RawItem) -> Result<Reference, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut fields = BTreeMap::new();
    let mut findings = Vec::new();
    let mut key = None;
    let item_span = item
        .keys()
        .map(|k| k.span.clone())
        .min()
        .unwrap_or_else(|| Span::new(file, 0..0));
    let mut warnings = Vec::new();
    let written: Vec<String> = item.keys().map(|k| k.value.clone()).collect();
    for (mut name, mut value) in item {
        whole_numbers(&mut value.value);
        if !CSL_FIELDS.contains(&name.value.as_str()) {
            // Variable names are case-insensitive, as in Pandoc (`doi`, `url`), unless the
            // item also has the field in its own spelling.
            let canonical = CSL_FIELDS
                .iter()
                .find(|f| f.eq_ignore_ascii_case(&name.value))
                .filter(|f| !written.iter().any(|w| w == *f));
            let alias = FIELD_ALIASES
                .iter()
                .find(|(alias, _)| alias.eq_ignore_ascii_case(&name.value))
                .map(|&(_, csl)| csl);
            if let Some(canonical) = canonical {
                name.value = (*canonical).to_owned();
            } else if let Some(csl) = alias.filter(|csl| !written.iter().any(|w| w == csl)) {
                problems.push(
                    Diagnostic::new(
                        Code::E0003,
                        name.span.clone(),
                        format!(
                            "`{}` is not a CSL field: its value would be left out of the entry",
                            name.value
                        ),
                    )
                    .with_label("not a CSL field")
                    .with_hint(format!("CSL calls this field `{csl}`: rename it")),
                );
                continue;
            } else {
                // Pandoc ignores fields it does not know (Zotero's `seeAlso`, Crossref's
                // `indexed`): a warning, and the field is left out.
                let mut d = Diagnostic::new(
                    Code::E0003,
                    name.span.clone(),
                    format!("unknown reference field `{}` is ignored", name.value),
                )
                .with_severity(crate::diagnostic::Severity::Warning)
                .with_label("not a CSL field");
                if let Some(csl) = alias {
                    d = d.with_hint(format!(
                        "CSL calls this field `{csl}`, which this entry has: remove this one"
                    ));
                } else if let Some(close) = did_you_mean(&name.value, CSL_FIELDS.iter().copied()) {
                    d = d.with_hint(format!("did you mean `{close}`?"));
                }
                warnings.push(d);
                continue;
            }
        }
        match name.value.as_str() {
            "findings" => match parse_findings(&value) {
                Ok(f) => findings = f,
                Err(d) => problems.push(d),
            },
            "id" => {
                let text = match &value.value {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                match text {
                    Some(t) if !t.trim().is_empty() => {
                        key = Some(Located::new(t, value.span.clone()));
                        fields.insert(name.value, value);
                    }
                    _ => problems.push(
                        Diagnostic::new(
                            Code::E0004,
                            value.span.clone(),
                            "`id` must be a non-empty string",
                        )
                        .with_hint("give the source a key, such as `id: smith2020`, and cite it as `[@smith2020]`"),
                    ),
                }
            }
            _ => {
                fields.insert(name.value, value);
            }
        }
    }
    note_fields::read_note_fields(&mut fields);
    // Zotero and Better BibTeX write the key a writer cites as `citation-key` (Zotero's own `id`
    // is a URL such as `http://zotero.org/users/1/items/ABCD`): it is the key when present.
    if let Some(cite_key) = fields.get("citation-key")
        && let serde_json::Value::String(text) = &cite_key.value
        && !text.trim().is_empty()
    {
        key = Some(Located::new(text.trim().to_owned(), cite_key.span.clone()));
    } else if let Some(note) = fields.get("note")
        && let serde_json::Value::String(text) = &note.value
        && let Some(cite_key) = note_citation_key(text)
    {
        // Zotero leaves an Extra field's `Citation Key: …` line in `note` where it does not
        // make it `citation-key` (the CSL "cheater syntax" of Extra).
        key = Some(Located::new(cite_key.to_owned(), note.span.clone()));
    }
    let Some(key) = key else {
        problems.push(
            Diagnostic::new(Code::E0004, item_span, "reference has no `id`")
                .with_hint("add `id: <key>`: the key you cite as `[@key]`"),
        );
        return Err(problems);
    };
    if problems.is_empty() {
        Ok(Reference {
            key,
            file,
            fields,
            findings,
            warnings,
            rich_text: RichText::Markdown,
        })
    } else {
        Err(problems)
    }
}

fn parse_findings(value: &Located<serde_json::Value>) -> Result<Vec<Finding>, Diagnostic> {
    let bad = || {
        Diagnostic::new(
            Code::E0004,
            value.span.clone(),
            "`findings` must be a list of excerpts",
        )
        .with_hint("write each as a string, or as `{text: \"...\", locator: \"p. 4\"}`")
    };
    let serde_json::Value::Array(list) = &value.value else {
        return Err(bad());
    };
    list.iter()
        .map(|entry| match entry {
            serde_json::Value::String(s) => Ok(Finding {
                text: Located::new(s.clone(), value.span.clone()),
                locator: None,
            }),
            serde_json::Value::Object(map) => {
                let text = map.get("text").and_then(|t| t.as_str()).ok_or_else(bad)?;
                if map.keys().any(|k| k != "text" && k != "locator") {
                    return Err(bad());
                }
                Ok(Finding {
                    text: Located::new(text.to_owned(), value.span.clone()),
                    locator: map
                        .get("locator")
                        .and_then(|l| l.as_str())
                        .map(str::to_owned),
                })
            }
            _ => Err(bad()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_read_from_the_extension_in_any_case() {
        let bib = "@article{smith2020, title = {T}, author = {Smith, Jane}, year = {2020}}\n";
        let read = parse_file(FileId(0), "references/Library.BIB", bib).unwrap();
        assert_eq!(read[0].rich_text, RichText::BibTags);
        let json = "[{\"id\": \"a\", \"type\": \"book\", \"title\": \"T\"}]";
        let read = parse_file(FileId(0), "references/A.JSON", json).unwrap();
        assert_eq!(read[0].rich_text, RichText::CslTags);
    }

    #[test]
    fn reads_csl_yaml_and_csl_json() {
        let yaml = "references:\n  - id: a\n    type: book\n    title: T\n    findings:\n      - \"12% of x\"\n      - text: y 3\n        locator: p. 2\n";
        let refs = parse_file(FileId(0), "references/a.yaml", yaml).unwrap();
        assert_eq!(refs[0].key.value, "a");
        assert_eq!(refs[0].findings.len(), 2);
        assert_eq!(refs[0].findings[1].locator.as_deref(), Some("p. 2"));
        assert!(refs[0].csl_json().get("findings").is_none());
        let json = "[{\"id\": \"b\", \"type\": \"webpage\", \"URL\": \"https://x.org\"}]";
        let refs = parse_file(FileId(0), "references/b.json", json).unwrap();
        assert_eq!(refs[0].text("URL").unwrap().value, "https://x.org");
        let start = refs[0].key.span.range.start;
        assert_eq!(&json[start..start + 3], "\"b\"");
    }

    #[test]
    fn field_names_are_case_insensitive_and_unknown_fields_are_warnings_as_in_pandoc() {
        let text = "references:\n  - id: a\n    doi: x\n    Url: https://x.org\n    seeAlso: []\n    titel: T\n";
        let refs = parse_file(FileId(0), "r.yaml", text).unwrap();
        assert_eq!(refs[0].text("DOI").unwrap().value, "x");
        assert_eq!(refs[0].text("URL").unwrap().value, "https://x.org");
        let warnings = &refs[0].warnings;
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings.iter().all(
                |w| w.code == Code::E0003 && w.severity == crate::diagnostic::Severity::Warning
            )
        );
        assert_eq!(warnings[1].hint.as_deref(), Some("did you mean `title`?"));
        assert!(!refs[0].fields.contains_key("seeAlso"));
        // Both spellings in one item: the own spelling wins, the other is unknown.
        let refs = parse_file(
            FileId(0),
            "r.yaml",
            "references:\n  - id: a\n    DOI: x\n    doi: y\n",
        )
        .unwrap();
        assert_eq!(refs[0].text("DOI").unwrap().value, "x");
        assert_eq!(refs[0].warnings.len(), 1);
    }

    #[test]
    fn citation_key_is_the_key_of_a_zotero_export() {
        let json = r#"[{"id": "http://zotero.org/users/1/items/ABCD", "type": "book", "citation-key": "doe2020"},
                       {"id": "http://zotero.org/users/1/items/EFGH", "type": "book"}]"#;
        let refs = parse_file(FileId(0), "references/zotero.json", json).unwrap();
        assert_eq!(refs[0].key.value, "doe2020");
        let start = refs[0].key.span.range.start;
        assert_eq!(&json[start..start + 9], "\"doe2020\"");
        assert_eq!(refs[1].key.value, "http://zotero.org/users/1/items/EFGH");
    }

    #[test]
    fn csl_yaml_as_pandoc_writes_it_reads_as_it_comes() {
        // `pandoc -s -f biblatex -t markdown library.bib`: a metadata block with `nocite`.
        let text = "---\nnocite: \"[@*]\"\nreferences:\n- id: a\n  doi: 10.1/x\n  issued: 2015-03\n  type: \"\"\n---\n";
        let refs = parse_file(FileId(0), "references/library.yaml", text).unwrap();
        assert_eq!(refs[0].key.value, "a");
        assert_eq!(refs[0].text("DOI").unwrap().value, "10.1/x");
        let start = refs[0].key.span.range.start;
        assert_eq!(&text[start..start + 1], "a");
        assert!(refs[0].warnings.is_empty());
    }

    #[test]
    fn a_field_named_as_bibtex_names_it_is_an_error_naming_the_csl_field() {
        let text = "references:\n  - id: a\n    title: T\n    journal: J\n    Pages: 4-5\n";
        let mut errs = parse_file(FileId(0), "references/a.yaml", text).unwrap_err();
        errs.sort_by_key(|d| d.span.as_ref().map(|s| s.range.start));
        let found: Vec<(&str, Option<&str>)> = errs
            .iter()
            .map(|d| {
                (
                    &text[d.span.as_ref().unwrap().range.clone()],
                    d.hint.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "journal",
                    Some("CSL calls this field `container-title`: rename it")
                ),
                ("Pages", Some("CSL calls this field `page`: rename it")),
            ]
        );
        assert!(
            errs.iter()
                .all(|d| d.code == Code::E0003 && d.severity == crate::diagnostic::Severity::Error)
        );
        // Beside the CSL field, it is only ignored, as Pandoc ignores it.
        let text = "references:\n  - id: a\n    container-title: J\n    journal: J\n";
        let refs = parse_file(FileId(0), "references/a.yaml", text).unwrap();
        let [warning] = refs[0].warnings.as_slice() else {
            panic!("{:?}", refs[0].warnings);
        };
        assert_eq!(
            warning.hint.as_deref(),
            Some("CSL calls this field `container-title`, which this entry has: remove this one")
        );
    }

    #[test]
    fn whole_numbers_are_integers_as_pandoc_reads_them() {
        let text = "references:\n  - id: a\n    volume: 012\n    issue: 7.50\n    page: 1e2\n    issued:\n      date-parts: [[2019, 02, 05]]\n";
        let refs = parse_file(FileId(0), "references/a.yaml", text).unwrap();
        assert_eq!(refs[0].text("volume").unwrap().value, "12");
        assert_eq!(refs[0].text("issue").unwrap().value, "7.5");
        assert_eq!(refs[0].text("page").unwrap().value, "100");
        assert_eq!(
            refs[0].fields["issued"].value,
            serde_json::json!({"date-parts": [[2019, 2, 5]]})
        );
    }

    #[test]
    fn a_citation_key_line_in_a_zotero_note_is_the_key() {
        let json = r#"[{"id": "http://zotero.org/users/1/items/ABCD", "type": "book", "note": "Some words.\nCitation Key: smith2020"},
                       {"id": "http://zotero.org/users/1/items/EFGH", "type": "book", "note": "citation key: not a key"}]"#;
        let refs = parse_file(FileId(0), "references/zotero.json", json).unwrap();
        assert_eq!(refs[0].key.value, "smith2020");
        assert_eq!(refs[1].key.value, "http://zotero.org/users/1/items/EFGH");
    }

    #[test]
    fn titles_reach_the_engine_as_csl_rich_text() {
        // CSL-YAML is markdown to Pandoc; CSL-JSON has tags of its own and keeps its stars.
        let yaml = "references:\n  - id: a\n    title: \"*E. coli* in H~2~O\"\n    URL: \"https://e.org/a_b_c*\"\n";
        let r = &parse_file(FileId(0), "r.yaml", yaml).unwrap()[0];
        assert_eq!(r.csl_json()["title"], "<i>E. coli</i> in H<sub>2</sub>O");
        assert_eq!(r.csl_json()["URL"], "https://e.org/a_b_c*");
        assert_eq!(r.text("title").unwrap().value, "*E. coli* in H~2~O");
        let json = r#"[{"id": "a", "title": "*E. coli* <i>x</i>"}]"#;
        let r = &parse_file(FileId(0), "r.json", json).unwrap()[0];
        assert_eq!(r.csl_json()["title"], "*E. coli* <i>x</i>");
    }
}
