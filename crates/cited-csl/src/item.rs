//! CSL-JSON items as hayagriva takes them: converted, with the inputs it would panic on refused.

use crate::CslError;
use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::taxonomy::{
    DateVariable, NameVariable, NumberVariable, PageVariable, StandardVariable,
};

/// A private field added to every item; see [`to_csl_item`].
pub(crate) const SORT_FIRST_FIELD: &str = "!";

/// Convert one CSL-JSON object to citationberg's item, keeping hayagriva away from
/// the inputs it panics on.
/// One reference converted for the engine, for [`crate::Prepared::owning_items`].
///
/// A site converts each reference from its CSL-JSON as it goes and lets the CSL-JSON go: held
/// for every reference until all were converted, the copies were a sixth of the build's memory
/// at its peak (2,000 references).
pub struct Item(pub(crate) csl_json::Item);

impl Item {
    /// `value`, the CSL-JSON of the reference `key`, converted; `position` is the reference's
    /// place in the order the site gives its references (see [`crate::Prepared::owning_items`]).
    /// An error names the field the engine cannot take.
    pub fn from_json(
        key: &str,
        position: usize,
        value: &serde_json::Value,
    ) -> Result<Item, CslError> {
        to_csl_item(key, position, value).map(Item)
    }
}

pub(crate) fn to_csl_item(
    key: &str,
    ordinal: usize,
    value: &serde_json::Value,
) -> Result<csl_json::Item, CslError> {
    use serde_json::Value as J;
    let J::Object(obj) = value else {
        return Err(CslError::reference(key, None, "not a CSL-JSON object"));
    };

    let mut map = std::collections::BTreeMap::new();
    for (written, v) in obj {
        if written == "id" || written.starts_with(SORT_FIRST_FIELD) {
            continue;
        }
        let err = |msg: String| CslError::reference(key, Some(written), msg);
        // Common lower-case spellings of the upper-case CSL variables.
        let field = match written.as_str() {
            "doi" | "url" | "pmid" | "pmcid" | "isbn" | "issn"
                if !obj.contains_key(&written.to_ascii_uppercase()) =>
            {
                written.to_ascii_uppercase()
            }
            _ => written.clone(),
        };
        let (is_date, is_name, is_text) = variable_kind(&field);
        let converted = match v {
            J::Null => None,
            J::Bool(_) | J::Number(_) | J::Object(_) if is_name => {
                return Err(err(format!("field `{field}` must be a list of names")));
            }
            J::String(s) if is_name => {
                return Err(err(format!(
                    "field `{field}` must be a list of names, like [{{\"family\": \"Doe\", \"given\": \"Jane\"}}], not the string `{s}`"
                )));
            }
            _ if is_date => crate::date::convert(&field, v).map_err(err)?,
            // `volume: [9]`, `container-title: [A, B]`: a CSL field holds one value, and
            // dropping the list would lose the field unseen.
            J::Array(_) | J::Object(_) if is_text => {
                let hint = match v {
                    J::Array(items) if items.len() == 1 => match &items[0] {
                        J::String(s) => format!(": write `{field}: \"{s}\"`"),
                        J::Number(n) => format!(": write `{field}: {n}`"),
                        _ => String::new(),
                    },
                    J::Array(items) => format!(" (this one holds {} values)", items.len()),
                    _ => String::new(),
                };
                return Err(err(format!(
                    "field `{field}` holds one text or number, not a {}{hint}",
                    if v.is_array() { "list" } else { "map" }
                )));
            }
            J::Bool(b) => Some(csl_json::Value::String(b.to_string())),
            J::Number(n) => Some(match n.as_i64() {
                Some(i) => csl_json::Value::Number(i),
                None => csl_json::Value::String(n.to_string()),
            }),
            J::String(s) if field == "DOI" => Some(csl_json::Value::String(clean_doi(s))),
            J::String(s) => Some(csl_json::Value::String(s.clone())),
            J::Array(names) if is_name => {
                if let Some((n, problem)) = names
                    .iter()
                    .enumerate()
                    .find_map(|(n, name)| name_problem(n, name).map(|p| (n, p)))
                {
                    return Err(err(format!("field `{field}`: {problem}")).at_element(n));
                }
                match serde_json::from_value::<Vec<csl_json::NameValue>>(v.clone()) {
                    Ok(names) => Some(csl_json::Value::Names(names)),
                    Err(e) => {
                        return Err(err(format!(
                            "field `{field}` is not a list of names: each name is {{family: Doe, given: Jane}} or {{literal: World Health Organization}} ({})",
                            plain_serde_error(&e)
                        )));
                    }
                }
            }
            // An array in a field of no name variable: kept if it reads as names, as the engine
            // reads any array; else nothing the engine uses. (Name variables are read above.)
            J::Array(_) => serde_json::from_value::<Vec<csl_json::NameValue>>(v.clone())
                .ok()
                .map(csl_json::Value::Names),
            // e.g. "custom": {...}: not something the CSL engine uses.
            J::Object(_) => None,
        };
        if let Some(c) = converted {
            map.insert(field, c);
        }
    }
    map.insert("id".to_string(), csl_json::Value::String(key.to_string()));
    // hayagriva compares entries by value where it does not by identity (a cite with the one
    // before it, for ibid; note styles' near-note tests): a unique first field settles two
    // different items at the first pair.
    // Field names starting with `!` sort before every CSL variable and are never looked up by
    // hayagriva.
    map.insert(
        SORT_FIRST_FIELD.to_string(),
        csl_json::Value::Number(i64::try_from(ordinal).unwrap_or(i64::MAX)),
    );
    // Zotero's older CSL-JSON writes a title's short form as `shortTitle`: citeproc-js reads it
    // as `title-short` where that is missing (Pandoc's citeproc as `container-title-short`, which
    // would print it as the journal).
    if !has_text(&map, "title-short")
        && has_text(&map, "shortTitle")
        && let Some(short) = map.get("shortTitle").cloned()
    {
        map.insert("title-short".to_string(), short);
    }
    // Zotero writes a journal's abbreviation as `journalAbbreviation`: citeproc-js reads it as
    // `container-title-short` where that is missing, as does Pandoc's citeproc.
    if !has_text(&map, "container-title-short")
        && has_text(&map, "journalAbbreviation")
        && let Some(short) = map.get("journalAbbreviation").cloned()
    {
        map.insert("container-title-short".to_string(), short);
    }
    Ok(csl_json::Item(map))
}

/// Whether `map` holds `field` as a string with more than white space.
fn has_text(map: &std::collections::BTreeMap<String, csl_json::Value>, field: &str) -> bool {
    matches!(map.get(field), Some(csl_json::Value::String(s)) if !s.trim().is_empty())
}

/// The parts of a CSL name.
const NAME_PARTS: [&str; 9] = [
    "family",
    "given",
    "literal",
    "dropping-particle",
    "non-dropping-particle",
    "suffix",
    "comma-suffix",
    "static-ordering",
    "parse-names",
];

/// Why the `n`-th name of a list (from 0) would lose a part unseen: a key that is no part of a
/// CSL name (`last`, `first`, `name`), which the engine ignores, as Pandoc's citeproc does.
fn name_problem(n: usize, name: &serde_json::Value) -> Option<String> {
    let parts = match name {
        serde_json::Value::Object(parts) => parts,
        // `- Forman, Evan M.`: a name as text, which the list of names cannot take.
        serde_json::Value::String(text) => {
            return Some(format!(
                "name {} is the text `{text}`, not a name: write {{family: …, given: …}}, or {{literal: …}} for an organisation",
                n + 1
            ));
        }
        _ => return None,
    };
    let stray = parts.keys().find(|k| !NAME_PARTS.contains(&k.as_str()))?;
    let instead = match stray.as_str() {
        "last" | "surname" | "family-name" | "lastname" | "last-name" => " (write `family`)",
        "first" | "forename" | "given-name" | "firstname" | "first-name" => " (write `given`)",
        "name" | "organization" | "institution" => {
            " (write `literal` for an organisation, or `family` and `given`)"
        }
        _ => "",
    };
    Some(format!(
        "name {} holds `{stray}`, which is not a part of a CSL name{instead}, so it would be left out",
        n + 1
    ))
}

/// What a CSL variable holds, as the style reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableKind {
    /// A date (`issued`, `accessed`).
    Date,
    /// A list of names (`author`, `editor`).
    Names,
    /// Text or a number (`title`, `volume`, `page`).
    Text,
    /// No CSL variable.
    Unknown,
}

/// What the CSL variable `name` holds.
pub fn variable_kind_of(name: &str) -> VariableKind {
    match variable_kind(name) {
        (true, _, _) => VariableKind::Date,
        (_, true, _) => VariableKind::Names,
        (_, _, true) => VariableKind::Text,
        _ => VariableKind::Unknown,
    }
}

/// Whether `name` is a CSL date variable, whether it is a name variable, and whether it is a
/// text or number variable. Remembered per thread: asking serde costs an error message for
/// every field that is not one, a fifth of formatting a large bibliography, and a site uses a
/// few dozen field names.
fn variable_kind(name: &str) -> (bool, bool, bool) {
    type Kinds = std::collections::HashMap<String, (bool, bool, bool)>;
    thread_local! {
        static KINDS: std::cell::RefCell<Kinds> = std::cell::RefCell::default();
    }
    KINDS.with(|kinds| {
        if let Some(kind) = kinds.borrow().get(name) {
            return *kind;
        }
        let kind = (
            is_variable::<DateVariable>(name),
            is_variable::<NameVariable>(name),
            is_variable::<StandardVariable>(name)
                || is_variable::<NumberVariable>(name)
                || is_variable::<PageVariable>(name),
        );
        kinds.borrow_mut().insert(name.to_owned(), kind);
        kind
    })
}

pub(crate) fn is_variable<T: serde::de::DeserializeOwned>(name: &str) -> bool {
    serde_json::from_value::<T>(serde_json::Value::String(name.to_string())).is_ok()
}

/// Strip URL or `doi:` prefixes users often leave in the DOI field.
pub(crate) fn clean_doi(doi: &str) -> String {
    let mut s = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if s.len() >= prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            s = s.get(prefix.len()..).unwrap_or(s).trim_start();
            break;
        }
    }
    s.to_string()
}

/// What was wrong with a value, without serde's names for our types ("untagged enum
/// DateReprRaw"): the part of its message before the type name, or a plain fallback.
fn plain_serde_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if text.contains("untagged enum") || text.contains("variant") {
        return "its shape is not one of these".to_owned();
    }
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_text_or_number_field_given_as_a_list_is_refused_not_dropped() {
        let message = |field: serde_json::Value| {
            let mut item = json!({"type": "article-journal", "title": "T"});
            if let (Some(obj), Some(extra)) = (item.as_object_mut(), field.as_object()) {
                obj.extend(extra.clone());
            }
            Item::from_json("k", 0, &item).err().map(|e| e.message)
        };
        assert_eq!(
            message(json!({"volume": [9]})).as_deref(),
            Some("field `volume` holds one text or number, not a list: write `volume: 9`")
        );
        assert_eq!(
            message(json!({"container-title": ["Journal One", "J One"]})).as_deref(),
            Some(
                "field `container-title` holds one text or number, not a list (this one holds 2 values)"
            )
        );
        assert!(message(json!({"page": {"first": 1}})).is_some());
        // Fields no CSL processor reads keep any shape: they are left out.
        assert_eq!(
            message(json!({"categories": ["a", "b"], "custom": {"x": 1}})),
            None
        );
        assert_eq!(message(json!({"volume": 9, "issue": "3"})), None);
    }
}
