//! The registries' answers, read into one shape: Crossref's REST API (`/works/{doi}`), NCBI
//! E-utilities esummary (PubMed), the PMC ID converter, and CSL-JSON from DOI content negotiation.
//!
//! Parsing is separate from fetching so the formats can be tested without a network. Every reader
//! returns `Err` with plain words for a body that is not what the registry documents.

use serde_json::Value;

use cited_site::{Notice, sha256_hex};

/// Which registry a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// Crossref (DOIs).
    Crossref,
    /// PubMed, through E-utilities esummary (PMIDs).
    PubMed,
    /// The PMC ID converter (PMCIDs).
    Pmc,
    /// The DOI resolver's CSL-JSON, for DOIs Crossref does not register (DataCite, mEDRA...).
    Doi,
}

impl Registry {
    /// As written in the lock and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Registry::Crossref => "crossref",
            Registry::PubMed => "pubmed",
            Registry::Pmc => "pmc",
            Registry::Doi => "doi.org",
        }
    }

    /// The name people know.
    pub fn display(self) -> &'static str {
        match self {
            Registry::Crossref => "Crossref",
            Registry::PubMed => "PubMed",
            Registry::Pmc => "PMC",
            Registry::Doi => "doi.org",
        }
    }
}

/// A work as a registry describes it: the fields verification compares, and its notices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Work {
    /// The title.
    pub title: Option<String>,
    /// The first author's family name (or an organisation's name).
    pub first_author: Option<String>,
    /// Every year the work is dated (issued, in print, online).
    pub years: Vec<i32>,
    /// The journal or book, full and abbreviated.
    pub containers: Vec<String>,
    /// The work's DOI, as the registry knows it.
    pub doi: Option<String>,
    /// Its PubMed id.
    pub pmid: Option<String>,
    /// Its PMC id.
    pub pmcid: Option<String>,
    /// Retractions, withdrawals, expressions of concern and corrections.
    pub notices: Vec<Notice>,
    /// Set when the record is itself a notice (a retraction notice, an erratum): what it updates.
    pub notice_of: Option<String>,
}

impl Work {
    /// A digest of the fields that matter, so a registry's bookkeeping (citation counts, index
    /// dates) does not change the lock: only a change to what was compared does.
    pub fn digest(&self) -> String {
        let mut notices = self.notices.clone();
        notices.sort();
        let value = serde_json::json!({
            "title": self.title,
            "first_author": self.first_author,
            "years": self.years,
            "containers": self.containers,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "notices": notices.iter().map(|n| serde_json::json!([n.kind, n.doi, n.pmid, n.date, n.source])).collect::<Vec<_>>(),
            "notice_of": self.notice_of,
        });
        sha256_hex(value.to_string().as_bytes())
    }

    /// `'Title' (2019) by Smith`, for messages.
    pub fn describe(&self) -> String {
        let mut out = format!("'{}'", self.title.as_deref().unwrap_or("(no title)"));
        if let Some(y) = self.years.iter().min() {
            out.push_str(&format!(" ({y})"));
        }
        if let Some(a) = &self.first_author {
            out.push_str(&format!(" by {a}"));
        }
        out
    }
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The record (boxed: a `Work` is large beside `NotFound`).
    Found(Box<Work>),
    /// The registry has no record for the identifier.
    NotFound,
}

fn first_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(list) => list.iter().find_map(first_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list.iter().filter_map(first_string).collect(),
        _ => Vec::new(),
    }
}

/// The first number of `{date-parts: [[y, m, d]]}`.
fn date_parts(value: &Value) -> Option<Vec<i64>> {
    let parts = value.get("date-parts")?.get(0)?.as_array()?;
    let parts: Vec<i64> = parts
        .iter()
        .filter_map(|p| match p {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .collect();
    (!parts.is_empty()).then_some(parts)
}

fn iso_date(parts: &[i64]) -> String {
    match parts {
        [y, m, d, ..] => format!("{y:04}-{m:02}-{d:02}"),
        [y, m] => format!("{y:04}-{m:02}"),
        [y] => format!("{y:04}"),
        [] => String::new(),
    }
}

/// A notice kind from Crossref's update type, or `None` for updates that are not notices about
/// the work's soundness (a new version, an addendum).
fn notice_kind(update_type: &str) -> Option<&'static str> {
    match update_type
        .to_ascii_lowercase()
        .replace(['_', ' '], "-")
        .as_str()
    {
        "retraction" | "partial-retraction" | "removal" => Some("retraction"),
        "withdrawal" => Some("withdrawal"),
        "expression-of-concern" => Some("expression-of-concern"),
        "correction" | "erratum" | "corrigendum" => Some("correction"),
        _ => None,
    }
}

/// Reads Crossref's `/works/{doi}` answer (`{"status": "ok", "message": {...}}`).
pub fn crossref_work(status: u16, body: &str) -> Result<Lookup, String> {
    if status == 404 {
        return Ok(Lookup::NotFound);
    }
    let value: Value =
        serde_json::from_str(body).map_err(|_| "Crossref's answer is not JSON".to_owned())?;
    let message = value
        .get("message")
        .filter(|m| m.is_object())
        .ok_or("Crossref's answer has no `message`")?;
    let mut work = Work {
        title: message.get("title").and_then(first_string),
        doi: message.get("DOI").and_then(first_string),
        ..Work::default()
    };
    if let Some(first) = message
        .get("author")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        work.first_author = first
            .get("family")
            .or_else(|| first.get("name"))
            .or_else(|| first.get("literal"))
            .and_then(first_string);
    }
    for field in ["issued", "published", "published-print", "published-online"] {
        if let Some(y) = message
            .get(field)
            .and_then(date_parts)
            .and_then(|p| p.first().copied())
            && let Ok(y) = i32::try_from(y)
            && !work.years.contains(&y)
        {
            work.years.push(y);
        }
    }
    for field in ["container-title", "short-container-title"] {
        for c in message.get(field).map(strings).unwrap_or_default() {
            if !work.containers.contains(&c) {
                work.containers.push(c);
            }
        }
    }
    // `updated-by`: notices about this work (the publisher's, and Retraction Watch's, which
    // carry `"source": "retraction-watch"`).
    for update in message
        .get("updated-by")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(kind) = update
            .get("type")
            .and_then(Value::as_str)
            .and_then(notice_kind)
        else {
            continue;
        };
        work.notices.push(Notice {
            kind: kind.to_owned(),
            doi: update
                .get("DOI")
                .and_then(first_string)
                .filter(|d| !d.is_empty()),
            pmid: None,
            date: update
                .get("updated")
                .and_then(date_parts)
                .map(|p| iso_date(&p)),
            source: update
                .get("source")
                .and_then(first_string)
                .or_else(|| Some("publisher".to_owned())),
        });
    }
    // `relation`: some publishers record a retraction as a relation instead.
    if let Some(relations) = message.get("relation").and_then(Value::as_object) {
        for (name, targets) in relations {
            let kind = match name.as_str() {
                "is-retracted-by" | "has-retraction" => "retraction",
                "is-corrected-by" | "has-correction" => "correction",
                "has-expression-of-concern" => "expression-of-concern",
                _ => continue,
            };
            for target in targets.as_array().into_iter().flatten() {
                let doi = target
                    .get("id")
                    .and_then(first_string)
                    .filter(|_| target.get("id-type").and_then(Value::as_str) == Some("doi"));
                if !work
                    .notices
                    .iter()
                    .any(|n| n.kind == kind && n.doi.is_some() && n.doi == doi)
                {
                    work.notices.push(Notice {
                        kind: kind.to_owned(),
                        doi,
                        pmid: None,
                        date: None,
                        source: Some("publisher".to_owned()),
                    });
                }
            }
        }
    }
    // `update-to`: this record is itself a notice.
    if let Some(update) = message
        .get("update-to")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        work.notice_of = update.get("DOI").and_then(first_string);
    }
    work.notices.sort();
    work.notices.dedup();
    Ok(Lookup::Found(Box::new(work)))
}

/// Splits PubMed's `Law C` (family name, then initials) into the family name.
fn pubmed_family(name: &str) -> String {
    let name = name.trim();
    match name.rsplit_once(' ') {
        Some((family, initials))
            if !initials.is_empty() && initials.chars().all(|c| c.is_uppercase()) =>
        {
            family.to_owned()
        }
        _ => name.to_owned(),
    }
}

/// Reads E-utilities esummary JSON for one PubMed id (`{"result": {"uids": [...], "<id>": {...}}}`).
pub fn pubmed_summary(pmid: &str, status: u16, body: &str) -> Result<Lookup, String> {
    if status == 404 {
        return Ok(Lookup::NotFound);
    }
    let value: Value =
        serde_json::from_str(body).map_err(|_| "PubMed's answer is not JSON".to_owned())?;
    if value.get("esummaryresult").is_some() {
        // E-utilities' way of saying an id is invalid.
        return Ok(Lookup::NotFound);
    }
    let result = value
        .get("result")
        .filter(|r| r.is_object())
        .ok_or("PubMed's answer has no `result`")?;
    let Some(doc) = result.get(pmid) else {
        return Ok(Lookup::NotFound);
    };
    if doc.get("error").is_some() || !doc.is_object() {
        return Ok(Lookup::NotFound);
    }
    let mut work = Work {
        title: doc
            .get("title")
            .and_then(first_string)
            .map(|t| t.trim().trim_end_matches('.').to_owned()),
        pmid: Some(pmid.to_owned()),
        ..Work::default()
    };
    work.first_author = doc
        .get("authors")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter().find(|a| {
                a.get("authtype")
                    .and_then(Value::as_str)
                    .unwrap_or("Author")
                    == "Author"
            })
        })
        .and_then(|a| a.get("name"))
        .and_then(Value::as_str)
        .map(pubmed_family);
    for field in ["pubdate", "epubdate", "sortpubdate"] {
        if let Some(y) = doc
            .get(field)
            .and_then(Value::as_str)
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i32>().ok())
            && !work.years.contains(&y)
        {
            work.years.push(y);
        }
    }
    for field in ["fulljournalname", "source"] {
        if let Some(c) = doc.get(field).and_then(first_string)
            && !c.is_empty()
            && !work.containers.contains(&c)
        {
            work.containers.push(c);
        }
    }
    for id in doc
        .get("articleids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let value = id.get("value").and_then(first_string);
        match id.get("idtype").and_then(Value::as_str) {
            Some("doi") => work.doi = value,
            Some("pmc") => work.pmcid = value,
            _ => {}
        }
    }
    let pubtypes = doc.get("pubtype").map(strings).unwrap_or_default();
    // PubMed links a work to its notices in `references`, by type.
    let mut linked = false;
    for r in doc
        .get("references")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = match r
            .get("reftype")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "retraction in" | "partial retraction in" => "retraction",
            "expression of concern in" => "expression-of-concern",
            "erratum in" | "corrected and republished in" => "correction",
            "retraction of" | "erratum for" | "expression of concern for" => {
                work.notice_of = r.get("pmid").and_then(first_string);
                continue;
            }
            _ => continue,
        };
        linked |= kind == "retraction";
        work.notices.push(Notice {
            kind: kind.to_owned(),
            doi: None,
            pmid: r
                .get("pmid")
                .and_then(first_string)
                .filter(|p| !p.is_empty() && p != "0"),
            date: None,
            source: Some("pubmed".to_owned()),
        });
    }
    if !linked && pubtypes.iter().any(|t| t == "Retracted Publication") {
        work.notices.push(Notice {
            kind: "retraction".to_owned(),
            doi: None,
            pmid: None,
            date: None,
            source: Some("pubmed".to_owned()),
        });
    }
    if pubtypes.iter().any(|t| t == "Retraction of Publication") && work.notice_of.is_none() {
        work.notice_of = Some("another work".to_owned());
    }
    work.notices.sort();
    work.notices.dedup();
    Ok(Lookup::Found(Box::new(work)))
}

/// Reads the PMC ID converter's JSON for one PMCID: the PMID and DOI it maps to.
pub fn pmc_ids(status: u16, body: &str) -> Result<Lookup, String> {
    if status == 404 {
        return Ok(Lookup::NotFound);
    }
    let value: Value = serde_json::from_str(body)
        .map_err(|_| "the PMC ID converter's answer is not JSON".to_owned())?;
    let record = value
        .get("records")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .ok_or("the PMC ID converter's answer has no `records`")?;
    if record.get("status").and_then(Value::as_str) == Some("error")
        || record.get("errmsg").is_some()
    {
        return Ok(Lookup::NotFound);
    }
    Ok(Lookup::Found(Box::new(Work {
        pmid: record.get("pmid").and_then(first_string),
        doi: record.get("doi").and_then(first_string),
        pmcid: record.get("pmcid").and_then(first_string),
        ..Work::default()
    })))
}

/// Reads CSL-JSON from DOI content negotiation (one item, or a list of one).
pub fn csl_item(status: u16, body: &str) -> Result<Option<serde_json::Map<String, Value>>, String> {
    if status == 404 {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(body)
        .map_err(|_| "the DOI resolver's answer is not CSL-JSON".to_owned())?;
    let item = match value {
        Value::Array(mut list) if !list.is_empty() => list.swap_remove(0),
        other => other,
    };
    match item {
        Value::Object(map) if map.contains_key("title") || map.contains_key("type") => {
            Ok(Some(map))
        }
        _ => Err("the DOI resolver's answer is not a CSL-JSON item".to_owned()),
    }
}

/// A work from CSL-JSON (DOI content negotiation), for a DOI Crossref does not know. CSL-JSON
/// carries no notices: a retraction is found only through Crossref or PubMed.
pub fn csl_work(item: &serde_json::Map<String, Value>) -> Work {
    let mut work = Work {
        title: item.get("title").and_then(first_string),
        doi: item.get("DOI").and_then(first_string),
        ..Work::default()
    };
    if let Some(first) = item
        .get("author")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        work.first_author = first
            .get("family")
            .or_else(|| first.get("literal"))
            .and_then(first_string);
    }
    if let Some(y) = item
        .get("issued")
        .and_then(date_parts)
        .and_then(|p| p.first().copied())
        .and_then(|y| i32::try_from(y).ok())
    {
        work.years.push(y);
    }
    if let Some(c) = item.get("container-title").and_then(first_string) {
        work.containers.push(c);
    }
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crossref_record_with_a_retraction_watch_notice() {
        let body = r#"{"status":"ok","message-type":"work","message":{"DOI":"10.1/x","title":["A <i>trial</i>"],
            "author":[{"family":"Smith","given":"J"}],"issued":{"date-parts":[[2019,3]]},
            "published-online":{"date-parts":[[2018,12,1]]},"container-title":["The Journal"],
            "updated-by":[{"DOI":"10.1/r","type":"retraction","source":"retraction-watch","updated":{"date-parts":[[2021,5,1]]},"record-id":42},
                          {"DOI":"10.1/v2","type":"new_version","source":"publisher","updated":{"date-parts":[[2020]]}}]}}"#;
        let Lookup::Found(work) = crossref_work(200, body).unwrap() else {
            panic!("not found")
        };
        assert_eq!(work.title.as_deref(), Some("A <i>trial</i>"));
        assert_eq!(work.first_author.as_deref(), Some("Smith"));
        assert_eq!(work.years, [2019, 2018]);
        assert_eq!(work.notices.len(), 1);
        let n = &work.notices[0];
        assert_eq!(
            (
                n.kind.as_str(),
                n.doi.as_deref(),
                n.date.as_deref(),
                n.source.as_deref()
            ),
            (
                "retraction",
                Some("10.1/r"),
                Some("2021-05-01"),
                Some("retraction-watch")
            )
        );
    }

    #[test]
    fn crossref_not_found_and_malformed() {
        assert_eq!(
            crossref_work(404, "Resource not found.").unwrap(),
            Lookup::NotFound
        );
        assert!(crossref_work(200, "{\"status\":").is_err());
        assert!(crossref_work(200, "{\"status\":\"ok\"}").is_err());
    }

    #[test]
    fn a_retracted_pubmed_record() {
        let body = r#"{"header":{},"result":{"uids":["123"],"123":{"uid":"123","pubdate":"2019 Dec 17","epubdate":"",
            "source":"J Things","fulljournalname":"Journal of things","title":"A trial.",
            "authors":[{"name":"van der Berg AB","authtype":"Author"}],
            "pubtype":["Journal Article","Retracted Publication"],
            "articleids":[{"idtype":"pubmed","value":"123"},{"idtype":"doi","value":"10.1/x"}],
            "references":[{"refsource":"J Things. 2021","reftype":"Retraction in","pmid":456,"note":""}]}}}"#;
        let Lookup::Found(work) = pubmed_summary("123", 200, body).unwrap() else {
            panic!("not found")
        };
        assert_eq!(work.title.as_deref(), Some("A trial"));
        assert_eq!(work.first_author.as_deref(), Some("van der Berg"));
        assert_eq!(work.years, [2019]);
        assert_eq!(work.doi.as_deref(), Some("10.1/x"));
        assert_eq!(work.notices.len(), 1);
        assert_eq!(work.notices[0].pmid.as_deref(), Some("456"));
    }

    #[test]
    fn pubmed_errors_are_not_found() {
        let body =
            r#"{"result":{"uids":[],"9":{"uid":"9","error":"cannot get document summary"}}}"#;
        assert_eq!(pubmed_summary("9", 200, body).unwrap(), Lookup::NotFound);
        assert!(pubmed_summary("9", 200, "<html>").is_err());
    }

    #[test]
    fn pmc_ids_map_and_miss() {
        let ok = r#"{"status":"ok","records":[{"pmcid":"PMC1","pmid":"123","doi":"10.1/x"}]}"#;
        let Lookup::Found(w) = pmc_ids(200, ok).unwrap() else {
            panic!()
        };
        assert_eq!(
            (w.pmid.as_deref(), w.doi.as_deref()),
            (Some("123"), Some("10.1/x"))
        );
        let miss = r#"{"status":"ok","records":[{"pmcid":"PMC9","status":"error","errmsg":"invalid article id"}]}"#;
        assert_eq!(pmc_ids(200, miss).unwrap(), Lookup::NotFound);
    }

    #[test]
    fn the_digest_ignores_notice_order_only() {
        let mut a = Work {
            title: Some("T".into()),
            ..Work::default()
        };
        let b = a.clone();
        assert_eq!(a.digest(), b.digest());
        a.title = Some("U".into());
        assert_ne!(a.digest(), b.digest());
    }
}
