//! `cited add DOI-or-PMID`: a new `references/<key>.yaml` in the project's CSL-YAML, from the
//! registry's record (CSL-JSON by DOI content negotiation; PubMed's summary when a PubMed work has
//! no DOI), with an empty `findings:` list for the editor to fill.

use serde_json::{Map, Value};

use cited_site::CSL_TYPES;
use cited_site::Site;

use crate::compare::normalize;
use crate::http::Client;
use crate::registry::{self, Lookup, Work};
use crate::verify::Endpoints;

/// An identifier as an editor types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// `10.1234/abc`, `doi:10.1234/abc` or `https://doi.org/10.1234/abc`.
    Doi(String),
    /// Digits, or `pmid:` and digits.
    Pmid(String),
    /// `PMC` and digits.
    Pmcid(String),
}

impl Identifier {
    /// Reads what the editor typed; `None` when it is none of the three.
    pub fn parse(text: &str) -> Option<Identifier> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        for prefix in [
            "https://doi.org/",
            "http://doi.org/",
            "https://dx.doi.org/",
            "http://dx.doi.org/",
            "doi:",
        ] {
            if lower.starts_with(prefix) {
                return Identifier::parse(&t[prefix.len()..])
                    .filter(|i| matches!(i, Identifier::Doi(_)));
            }
        }
        if lower.starts_with("10.") && t.contains('/') && !t.chars().any(char::is_whitespace) {
            return Some(Identifier::Doi(t.to_owned()));
        }
        let digits = lower.strip_prefix("pmid:").unwrap_or(&lower).trim();
        if !digits.is_empty() && digits.len() <= 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Identifier::Pmid(digits.to_owned()));
        }
        if let Some(n) = lower.strip_prefix("pmc")
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(Identifier::Pmcid(format!("PMC{n}")));
        }
        None
    }
}

/// Why nothing was added, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddError {
    /// What went wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The registry could not be reached, or failed to answer: an I/O failure, not a problem
    /// with the identifier.
    pub unreachable: bool,
}

fn fail(message: impl Into<String>, hint: impl Into<String>) -> AddError {
    AddError {
        message: message.into(),
        hint: hint.into(),
        unreachable: false,
    }
}

/// [`fail`], for a registry that could not be reached or failed to answer.
fn unreachable(message: impl Into<String>, hint: impl Into<String>) -> AddError {
    AddError {
        unreachable: true,
        ..fail(message, hint)
    }
}

/// A reference ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReference {
    /// The citation key (letters and digits only, so it is also a safe file name).
    pub key: String,
    /// `references/<key>.yaml`, relative to the site root.
    pub path: String,
    /// The file's text.
    pub text: String,
}

fn get(client: &Client, url: &str, accept: &str, who: &str) -> Result<(u16, String), AddError> {
    match client.get(url, accept) {
        Ok(a) if (200..300).contains(&a.status) || a.status == 404 => Ok((a.status, a.body)),
        Ok(a) => Err(unreachable(
            format!("{who} answered HTTP {}", a.status),
            "try again later",
        )),
        Err(err) => Err(unreachable(
            format!("{who} could not be reached: {err}"),
            "check the network connection, or try again later",
        )),
    }
}

/// Looks the identifier up and makes the new reference's file (it is not written).
pub fn prepare(
    site: &Site,
    id: &Identifier,
    client: &Client,
    endpoints: &Endpoints,
    contact: Option<&str>,
) -> Result<NewReference, AddError> {
    let (mut doi, mut pmid, mut pmcid) = (None, None, None);
    match id {
        Identifier::Doi(d) => doi = Some(d.clone()),
        Identifier::Pmid(p) => pmid = Some(p.clone()),
        Identifier::Pmcid(p) => {
            let (status, body) = get(
                client,
                &endpoints.pmc_ids(p, contact),
                "application/json",
                "the PMC ID converter",
            )?;
            match registry::pmc_ids(status, &body).map_err(|e| fail(e, "try again later"))? {
                Lookup::Found(w) => {
                    pmid = w.pmid;
                    doi = w.doi;
                    pmcid = Some(p.clone());
                }
                Lookup::NotFound => {
                    return Err(fail(format!("{p} is not known to PMC"), "check the PMCID"));
                }
            }
        }
    }
    let mut summary: Option<Work> = None;
    if let Some(p) = &pmid {
        let (status, body) = get(
            client,
            &endpoints.pubmed_summary(p, contact),
            "application/json",
            "PubMed",
        )?;
        match registry::pubmed_summary(p, status, &body).map_err(|e| fail(e, "try again later"))? {
            Lookup::Found(w) => {
                doi = doi.or_else(|| w.doi.clone());
                pmcid = pmcid.or_else(|| w.pmcid.clone());
                summary = Some(*w);
            }
            Lookup::NotFound => {
                return Err(fail(
                    format!("PMID {p} is not known to PubMed"),
                    "check the PMID",
                ));
            }
        }
    }
    let mut item = match &doi {
        Some(d) => {
            let (status, body) = get(
                client,
                &endpoints.doi(d),
                "application/vnd.citationstyles.csl+json",
                "the DOI resolver",
            )?;
            match registry::csl_item(status, &body).map_err(|e| fail(e, "try again later"))? {
                Some(item) => clean(&item),
                // PubMed's record still describes the work when the DOI it lists does not resolve.
                None => match &summary {
                    Some(w) => from_summary(w),
                    None => {
                        return Err(fail(format!("DOI {d} is not registered"), "check the DOI"));
                    }
                },
            }
        }
        None => match &summary {
            Some(w) => from_summary(w),
            None => return Err(fail("nothing was found", "check the identifier")),
        },
    };
    if let Some(d) = doi {
        item.insert("DOI".into(), Value::String(d));
    }
    if let Some(p) = pmid {
        item.insert("PMID".into(), Value::String(p));
    }
    if let Some(p) = pmcid {
        item.insert("PMCID".into(), Value::String(p));
    }
    let key = unique_key(site, &base_key(&item));
    item.insert("id".into(), Value::String(key.clone()));
    let text = to_yaml(&item);
    Ok(NewReference {
        path: format!("references/{key}.yaml"),
        key,
        text,
    })
}

/// The CSL fields kept from a registry's CSL-JSON (the rest is bookkeeping: scores, licences,
/// funders, reference lists), each reduced to the shape cited reads.
const KEPT: &[&str] = &[
    "type",
    "title",
    "author",
    "editor",
    "container-title",
    "container-title-short",
    "issued",
    "volume",
    "issue",
    "page",
    "publisher",
    "ISSN",
    "ISBN",
    "language",
    "URL",
];

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(strip_tags(s)).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(list) => list.iter().find_map(text_of),
        _ => None,
    }
}

fn clean(item: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for &field in KEPT {
        let Some(value) = item.get(field) else {
            continue;
        };
        let cleaned = match field {
            "author" | "editor" => {
                let names: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| {
                        let mut name = Map::new();
                        for part in [
                            "family",
                            "given",
                            "literal",
                            "suffix",
                            "non-dropping-particle",
                            "dropping-particle",
                        ] {
                            if let Some(t) = n.get(part).and_then(text_of) {
                                name.insert(part.into(), Value::String(t));
                            }
                        }
                        (!name.is_empty()).then_some(Value::Object(name))
                    })
                    .collect();
                (!names.is_empty()).then_some(Value::Array(names))
            }
            "issued" => value
                .get("date-parts")
                .and_then(|p| p.get(0))
                .and_then(|p| {
                    let parts: Vec<Value> = p
                        .as_array()?
                        .iter()
                        .filter_map(|x| x.as_i64().or_else(|| x.as_str()?.trim().parse().ok()))
                        .map(Value::from)
                        .collect();
                    (!parts.is_empty()).then(|| serde_json::json!({ "date-parts": [parts] }))
                }),
            "type" => Some(Value::String(
                text_of(value)
                    .filter(|t| CSL_TYPES.contains(&t.as_str()))
                    .unwrap_or_else(|| "article".to_owned()),
            )),
            _ => text_of(value).map(Value::String),
        };
        if let Some(v) = cleaned {
            out.insert(field.into(), v);
        }
    }
    if !out.contains_key("type") {
        out.insert("type".into(), Value::String("article".into()));
    }
    out
}

fn from_summary(work: &Work) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("type".into(), Value::String("article-journal".into()));
    if let Some(t) = &work.title {
        out.insert("title".into(), Value::String(t.clone()));
    }
    if let Some(a) = &work.first_author {
        out.insert("author".into(), serde_json::json!([{ "family": a }]));
    }
    if let Some(c) = work.containers.first() {
        out.insert("container-title".into(), Value::String(c.clone()));
    }
    if let Some(y) = work.years.iter().min() {
        out.insert("issued".into(), serde_json::json!({ "date-parts": [[y]] }));
    }
    out
}

/// `smith2020`: the first author's family name and the year, in lowercase ASCII letters and
/// digits (a safe file name whatever the registry says).
fn base_key(item: &Map<String, Value>) -> String {
    let name = item
        .get("author")
        .and_then(|a| a.get(0))
        .and_then(|n| n.get("family").or_else(|| n.get("literal")))
        .and_then(Value::as_str)
        .or_else(|| item.get("title").and_then(Value::as_str))
        .unwrap_or("ref");
    let word: String = normalize(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(24)
        .collect();
    let year = item
        .get("issued")
        .and_then(|i| i.get("date-parts"))
        .and_then(|p| p.get(0))
        .and_then(|p| p.get(0))
        .and_then(Value::as_i64)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let key = format!("{word}{year}");
    if key.is_empty() || !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("ref{key}")
    } else {
        key
    }
}

fn unique_key(site: &Site, base: &str) -> String {
    let taken = |k: &str| {
        site.reference(k).is_some()
            || site
                .root
                .join("references")
                .join(format!("{k}.yaml"))
                .exists()
            || site
                .root
                .join("references")
                .join(format!("{k}.json"))
                .exists()
    };
    if !taken(base) {
        return base.to_owned();
    }
    for suffix in 'a'..='z' {
        let k = format!("{base}{suffix}");
        if !taken(&k) {
            return k;
        }
    }
    let mut n = 2;
    loop {
        let k = format!("{base}-{n}");
        if !taken(&k) {
            return k;
        }
        n += 1;
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Flow style for a value: strings double-quoted, maps and lists in braces and brackets.
fn flow(value: &Value) -> String {
    match value {
        Value::String(s) => q(s),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Array(list) => format!("[{}]", list.iter().map(flow).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// The item as CSL-YAML, fields in a fixed, familiar order, `findings: []` last.
fn to_yaml(item: &Map<String, Value>) -> String {
    let mut out = String::from("references:\n");
    let order = ["id"]
        .iter()
        .chain(KEPT)
        .chain(["DOI", "PMID", "PMCID"].iter());
    let mut first = true;
    for &field in order {
        let Some(value) = item.get(field) else {
            continue;
        };
        let lead = if first { "  - " } else { "    " };
        first = false;
        match (field, value) {
            ("author" | "editor", Value::Array(names)) => {
                out.push_str(&format!("{lead}{field}:\n"));
                for n in names {
                    out.push_str(&format!("      - {}\n", flow(n)));
                }
            }
            _ => out.push_str(&format!("{lead}{field}: {}\n", flow(value))),
        }
    }
    out.push_str("    findings: []\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_as_typed() {
        assert_eq!(
            Identifier::parse("10.1/x"),
            Some(Identifier::Doi("10.1/x".into()))
        );
        assert_eq!(
            Identifier::parse("https://doi.org/10.1/X"),
            Some(Identifier::Doi("10.1/X".into()))
        );
        assert_eq!(
            Identifier::parse(" 31920413 "),
            Some(Identifier::Pmid("31920413".into()))
        );
        assert_eq!(
            Identifier::parse("pmc123"),
            Some(Identifier::Pmcid("PMC123".into()))
        );
        assert_eq!(Identifier::parse("../../etc/passwd"), None);
        assert_eq!(Identifier::parse("doi:12345"), None);
    }

    #[test]
    fn registry_csl_becomes_a_reference_cited_reads() {
        let item: Map<String, Value> = serde_json::from_str(
            r#"{"type":"journal-article","title":"A <i>trial</i> of things","author":[{"family":"Øster-Müller","given":"Ann","ORCID":"x","affiliation":[]}],
            "issued":{"date-parts":[[2019,3,2]]},"container-title":"J","score":1,"indexed":{"date-parts":[[2024]]},"ISSN":["1234-5678"],"reference":[{}]}"#,
        )
        .unwrap();
        let mut cleaned = clean(&item);
        cleaned.insert("id".into(), Value::String(base_key(&cleaned)));
        let text = to_yaml(&cleaned);
        let refs = cited_site::parse_reference_file(cited_site::FileId(0), "r.yaml", &text)
            .unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        assert_eq!(refs[0].key.value, "ostermuller2019");
        assert_eq!(refs[0].text("title").unwrap().value, "A trial of things");
        assert_eq!(refs[0].text("type").unwrap().value, "article");
        assert_eq!(refs[0].text("ISSN").unwrap().value, "1234-5678");
        assert!(refs[0].findings.is_empty());
        assert!(text.ends_with("    findings: []\n"), "{text}");
    }
}
