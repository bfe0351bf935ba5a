//! `cited verify`: every reference with a DOI, PMID or PMCID is looked up, compared with its
//! record, and given a lock entry.

use std::collections::BTreeMap;

use cited_site::Reference;
use cited_site::Site;
use cited_site::Span;
use cited_site::{Code, Diagnostic};
use cited_site::{LockedIdentifier, Notice, Status, fingerprint};

use crate::compare;
use crate::http::Client;
use crate::lock::{self, Entry};
use crate::registry::{self, Lookup, Registry, Work};

/// Where the registries are. Each comes from an environment variable (tests point them at a
/// server on loopback) or is the public service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `CITED_CROSSREF_API`: Crossref's REST API (`/works/{doi}` is appended).
    pub crossref: String,
    /// `CITED_NCBI_API`: NCBI E-utilities (`/esummary.fcgi` is appended).
    pub ncbi: String,
    /// `CITED_PMC_IDCONV_API`: the PMC ID converter (`?ids=...&format=json` is appended).
    pub pmc_idconv: String,
    /// `CITED_DOI_RESOLVER`: where DOIs resolve, for content negotiation (`/{doi}` is appended).
    pub doi_resolver: String,
    /// `NCBI_API_KEY`: lets NCBI take ten requests a second instead of three.
    pub ncbi_api_key: Option<String>,
}

impl Endpoints {
    /// The public services.
    pub fn public() -> Self {
        Endpoints {
            crossref: "https://api.crossref.org".to_owned(),
            ncbi: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils".to_owned(),
            pmc_idconv: "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/".to_owned(),
            doi_resolver: "https://doi.org".to_owned(),
            ncbi_api_key: None,
        }
    }

    /// [`Endpoints::public`], each replaced by its environment variable when set.
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let public = Endpoints::public();
        let trim = |s: String| s.trim_end_matches('/').to_owned();
        Endpoints {
            crossref: trim(var("CITED_CROSSREF_API").unwrap_or(public.crossref)),
            ncbi: trim(var("CITED_NCBI_API").unwrap_or(public.ncbi)),
            pmc_idconv: var("CITED_PMC_IDCONV_API").unwrap_or(public.pmc_idconv),
            doi_resolver: trim(var("CITED_DOI_RESOLVER").unwrap_or(public.doi_resolver)),
            ncbi_api_key: var("NCBI_API_KEY"),
        }
    }

    /// Crossref's record of a DOI.
    pub fn crossref_work(&self, doi: &str) -> String {
        format!("{}/works/{}", self.crossref, encode(doi))
    }

    /// PubMed's summary of a PMID.
    pub fn pubmed_summary(&self, pmid: &str, contact: Option<&str>) -> String {
        let mut url = format!(
            "{}/esummary.fcgi?db=pubmed&retmode=json&id={}&tool=cited",
            self.ncbi,
            encode(pmid)
        );
        if let Some(email) = contact {
            url.push_str(&format!("&email={}", encode(email)));
        }
        if let Some(key) = &self.ncbi_api_key {
            url.push_str(&format!("&api_key={}", encode(key)));
        }
        url
    }

    /// The PMC ID converter's record of a PMCID.
    pub fn pmc_ids(&self, pmcid: &str, contact: Option<&str>) -> String {
        let sep = if self.pmc_idconv.contains('?') {
            '&'
        } else {
            '?'
        };
        let mut url = format!(
            "{}{sep}ids={}&format=json&tool=cited",
            self.pmc_idconv,
            encode(pmcid)
        );
        if let Some(email) = contact {
            url.push_str(&format!("&email={}", encode(email)));
        }
        url
    }

    /// The DOI's resolver address (content negotiation).
    pub fn doi(&self, doi: &str) -> String {
        format!("{}/{}", self.doi_resolver, encode(doi))
    }
}

/// Percent-encodes everything but unreserved characters and `/` (DOIs keep their slashes).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How a run goes.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The day written as `checked` for new results.
    pub today: jiff::civil::Date,
    /// Where the registries are.
    pub endpoints: Endpoints,
    /// A contact address for NCBI's `email` parameter (Crossref gets it in the User-Agent).
    pub contact: Option<String>,
    /// Keep lock entries whose reference is not in the site (when some reference file could not
    /// be loaded, so its references are unknown rather than gone).
    pub keep_unknown: bool,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// References with a DOI, PMID or PMCID.
    pub verifiable: usize,
    /// Of those, how many were looked up completely.
    pub verified: usize,
    /// Requests sent (the rest came from the cache).
    pub requests: usize,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Mismatches, notices, and registries that could not be asked.
    pub diagnostics: Vec<Diagnostic>,
    /// The lock's new text.
    pub lock_text: String,
    /// Counts for the summary line.
    pub summary: Summary,
}

/// Verifies every reference of `site` that has an identifier.
pub fn verify(site: &Site, client: &Client, options: &VerifyOptions) -> Outcome {
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let old: BTreeMap<String, Entry> = site
        .lock
        .iter()
        .flat_map(|l| l.references.iter())
        .map(|(k, e)| (k.value.clone(), lock::Entry::from_loaded(e)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut summary = Summary::default();
    let mut seen = std::collections::HashSet::new();
    for reference in &site.references {
        if !seen.insert(reference.key.value.as_str()) {
            continue;
        }
        let mut run = ReferenceRun {
            reference,
            client,
            options,
            diagnostics: Vec::new(),
            identifiers: Vec::new(),
            notices: Vec::new(),
            failed: false,
            mismatch: false,
            not_found: false,
            sent: 0,
        };
        if !run.has_identifier() {
            continue;
        }
        summary.verifiable += 1;
        run.run();
        summary.requests += run.sent;
        diagnostics.append(&mut run.diagnostics);
        let key = reference.key.value.clone();
        if run.failed {
            // The registries could not all be asked: the lock keeps what it knew.
            if let Some(previous) = old.get(&key) {
                entries.insert(key, previous.clone());
            }
            continue;
        }
        summary.verified += 1;
        let mut notices = std::mem::take(&mut run.notices);
        notices.sort();
        notices.dedup();
        let status = if run.mismatch {
            Status::Mismatch
        } else if notices
            .iter()
            .any(|n| n.kind == "retraction" || n.kind == "withdrawal")
        {
            Status::Retracted
        } else if notices.iter().any(|n| n.kind == "expression-of-concern") {
            Status::Concern
        } else if notices.iter().any(|n| n.kind == "correction") {
            Status::Corrected
        } else if run.not_found {
            Status::NotFound
        } else {
            Status::Ok
        };
        if let Some(d) = notice_diagnostic(reference, &notices, status) {
            diagnostics.push(d);
        }
        let mut entry = Entry {
            fingerprint: fingerprint(reference),
            checked: options.today.to_string(),
            status,
            identifiers: std::mem::take(&mut run.identifiers),
            notices,
        };
        // A result found before keeps its date, so a run that finds nothing new changes nothing.
        if let Some(previous) = old.get(&key)
            && previous.same_result(&entry)
        {
            entry.checked = previous.checked.clone();
        }
        entries.insert(key, entry);
    }
    if options.keep_unknown {
        for (key, entry) in old {
            if site.reference(&key).is_none() {
                entries.entry(key).or_insert(entry);
            }
        }
    }
    Outcome {
        diagnostics,
        lock_text: lock::render(&entries),
        summary,
    }
}

fn notice_diagnostic(
    reference: &Reference,
    notices: &[Notice],
    status: Status,
) -> Option<Diagnostic> {
    let (what, kinds): (&str, &[&str]) = match status {
        Status::Retracted => ("was retracted", &["retraction", "withdrawal"]),
        Status::Concern => (
            "is under an expression of concern",
            &["expression-of-concern"],
        ),
        Status::Corrected => ("was corrected", &["correction"]),
        _ => return None,
    };
    let details: Vec<String> = notices
        .iter()
        .filter(|n| kinds.contains(&n.kind.as_str()))
        .map(|n| {
            let mut parts = Vec::new();
            if n.kind == "withdrawal" {
                parts.push("withdrawn".to_owned());
            }
            if let Some(date) = &n.date {
                parts.push(date.clone());
            }
            if let Some(url) = n.url() {
                parts.push(format!("notice {url}"));
            }
            match n.source.as_deref() {
                Some("retraction-watch") => parts.push("recorded by Retraction Watch".to_owned()),
                Some("pubmed") => parts.push("recorded by PubMed".to_owned()),
                Some(s) => parts.push(format!("recorded by the {s}")),
                None => {}
            }
            parts.join(", ")
        })
        .collect();
    let hint = match status {
        Status::Retracted => {
            "claims resting only on it now fail the check; cite a sound source instead, or remove the claim"
        }
        _ => "read the notice; the reference list marks the source until the reference changes",
    };
    Some(
        Diagnostic::new(
            Code::E0906,
            reference.key.span.clone(),
            format!("`{}` {what} ({})", reference.key.value, details.join("; ")),
        )
        .with_hint(hint),
    )
}

struct ReferenceRun<'a> {
    reference: &'a Reference,
    client: &'a Client,
    options: &'a VerifyOptions,
    diagnostics: Vec<Diagnostic>,
    identifiers: Vec<LockedIdentifier>,
    notices: Vec<Notice>,
    failed: bool,
    mismatch: bool,
    not_found: bool,
    sent: usize,
}

/// An identifier of the reference: its kind, value and place.
struct Id {
    kind: &'static str,
    value: String,
    span: Span,
}

impl Id {
    fn label(&self) -> String {
        format!("{} {}", self.kind, self.value)
    }
}

impl ReferenceRun<'_> {
    fn id(&self, kind: &'static str) -> Option<Id> {
        let located = self.reference.text(kind)?;
        let value = located.value.trim().to_owned();
        (!value.is_empty()).then_some(Id {
            kind,
            value,
            span: located.span,
        })
    }

    fn has_identifier(&self) -> bool {
        ["DOI", "PMID", "PMCID"]
            .iter()
            .any(|k| self.id(k).is_some())
    }

    /// GETs `url` and reads it with `parse`; a failure is reported and marks the run failed.
    fn fetch(
        &mut self,
        registry: Registry,
        id: &Id,
        url: &str,
        parse: impl Fn(u16, &str) -> Result<Lookup, String>,
    ) -> Option<Lookup> {
        let who = registry.display();
        let problem = match self.client.get(url, "application/json") {
            Ok(answer) => {
                self.sent += answer.sent;
                if (200..300).contains(&answer.status) || answer.status == 404 {
                    match parse(answer.status, &answer.body) {
                        Ok(lookup) => return Some(lookup),
                        Err(why) => why,
                    }
                } else if answer.status == 429 {
                    "it asked cited to slow down (HTTP 429) for longer than cited waits".to_owned()
                } else {
                    format!("it answered HTTP {}", answer.status)
                }
            }
            Err(err) => {
                self.sent += err.sent();
                format!("{who} could not be reached: {err}")
            }
        };
        self.failed = true;
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0905,
                id.span.clone(),
                format!("{} could not be verified with {who}: {problem}", id.label()),
            )
            .with_hint("the lock keeps its previous entry for this reference; run `cited verify` again later"),
        );
        None
    }

    /// The resolver's CSL-JSON for a DOI, read as a work; a failure is reported like `fetch`'s.
    fn fetch_csl(&mut self, id: &Id, url: &str) -> Option<Lookup> {
        let problem = match self
            .client
            .get(url, "application/vnd.citationstyles.csl+json")
        {
            Ok(answer) => {
                self.sent += answer.sent;
                if (200..300).contains(&answer.status) || answer.status == 404 {
                    match registry::csl_item(answer.status, &answer.body) {
                        Ok(Some(item)) => {
                            return Some(Lookup::Found(Box::new(registry::csl_work(&item))));
                        }
                        Ok(None) => return Some(Lookup::NotFound),
                        Err(why) => why,
                    }
                } else {
                    format!("it answered HTTP {}", answer.status)
                }
            }
            Err(err) => {
                self.sent += err.sent();
                format!("the DOI resolver could not be reached: {err}")
            }
        };
        self.failed = true;
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0905,
                id.span.clone(),
                format!("{} could not be verified with the DOI resolver: {problem}", id.label()),
            )
            .with_hint("the lock keeps its previous entry for this reference; run `cited verify` again later"),
        );
        None
    }

    fn record(&mut self, id: &Id, registry: Registry, digest: String, status: Status) {
        self.identifiers.push(LockedIdentifier {
            kind: id.kind.to_owned(),
            id: id.value.clone(),
            registry: registry.as_str().to_owned(),
            digest,
            status,
        });
    }

    fn not_found(&mut self, id: &Id, registry: Registry) {
        self.not_found = true;
        self.record(id, registry, String::new(), Status::NotFound);
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0904,
                id.span.clone(),
                match registry {
                    Registry::Crossref | Registry::Doi => format!(
                        "{} is not registered: neither Crossref nor the DOI resolver knows it",
                        id.label()
                    ),
                    _ => format!("{} is not known to {}", id.label(), registry.display()),
                },
            )
            .with_label("not found")
            .with_hint("check the identifier against the source (a typo, or a DOI that was never registered)"),
        );
    }

    fn run(&mut self) {
        let contact = self.options.contact.clone();
        let endpoints = self.options.endpoints.clone();
        let mut crossref: Option<(Id, Work)> = None;
        let mut pubmed: Option<(Id, Work)> = None;
        if let Some(doi) = self.id("DOI") {
            let url = endpoints.crossref_work(&doi.value);
            match self.fetch(Registry::Crossref, &doi, &url, registry::crossref_work) {
                Some(Lookup::Found(work)) => {
                    let ok = self.compare(&doi, Registry::Crossref, &work);
                    let status = self.status_of(ok, &work);
                    self.record(&doi, Registry::Crossref, work.digest(), status);
                    crossref = Some((doi, *work));
                }
                // Not a Crossref DOI: DataCite and the other agencies answer content
                // negotiation at the resolver.
                Some(Lookup::NotFound) => {
                    let url = endpoints.doi(&doi.value);
                    let found = self.fetch_csl(&doi, &url);
                    match found {
                        Some(Lookup::Found(work)) => {
                            let ok = self.compare(&doi, Registry::Doi, &work);
                            let status = self.status_of(ok, &work);
                            self.record(&doi, Registry::Doi, work.digest(), status);
                            crossref = Some((doi, *work));
                        }
                        Some(Lookup::NotFound) => self.not_found(&doi, Registry::Crossref),
                        None => {}
                    }
                }
                None => {}
            }
        }
        let mut pmid = self.id("PMID");
        if let Some(pmcid) = self.id("PMCID") {
            let url = endpoints.pmc_ids(&pmcid.value, contact.as_deref());
            match self.fetch(Registry::Pmc, &pmcid, &url, registry::pmc_ids) {
                Some(Lookup::Found(ids)) => {
                    let mut ok = true;
                    if let (Some(theirs), Some(ours)) = (&ids.pmid, &pmid)
                        && theirs.trim() != ours.value
                    {
                        ok = false;
                        self.different_works(
                            &pmcid,
                            ours,
                            &format!("{} belongs to PMID {theirs}", pmcid.label()),
                        );
                    }
                    if let (Some(theirs), Some(doi)) = (&ids.doi, self.id("DOI"))
                        && !theirs.trim().eq_ignore_ascii_case(&doi.value)
                    {
                        ok = false;
                        self.different_works(
                            &pmcid,
                            &doi,
                            &format!("{} belongs to DOI {theirs}", pmcid.label()),
                        );
                    }
                    let status = if ok { Status::Ok } else { Status::Mismatch };
                    self.record(&pmcid, Registry::Pmc, ids.digest(), status);
                    // With no PMID of its own, the reference is looked up in PubMed by the
                    // PMCID's, for PubMed's retraction links.
                    if pmid.is_none()
                        && let Some(theirs) = ids.pmid
                    {
                        pmid = Some(Id {
                            kind: "PMID",
                            value: theirs,
                            span: pmcid.span.clone(),
                        });
                    }
                }
                Some(Lookup::NotFound) => self.not_found(&pmcid, Registry::Pmc),
                None => {}
            }
        }
        if let Some(pmid) = pmid {
            let url = endpoints.pubmed_summary(&pmid.value, contact.as_deref());
            let value = pmid.value.clone();
            match self.fetch(Registry::PubMed, &pmid, &url, |s, b| {
                registry::pubmed_summary(&value, s, b)
            }) {
                Some(Lookup::Found(work)) => {
                    let ok = self.compare(&pmid, Registry::PubMed, &work);
                    let status = self.status_of(ok, &work);
                    self.record(&pmid, Registry::PubMed, work.digest(), status);
                    pubmed = Some((pmid, *work));
                }
                Some(Lookup::NotFound) => self.not_found(&pmid, Registry::PubMed),
                None => {}
            }
        }
        // DOI and PMID must name one work: PubMed's DOI for the PMID, or else the two titles.
        if let (Some((doi, cr)), Some((pmid, pm))) = (&crossref, &pubmed) {
            let differ = match &pm.doi {
                Some(theirs) => !theirs.trim().eq_ignore_ascii_case(&doi.value),
                None => match (&cr.title, &pm.title) {
                    (Some(a), Some(b)) => !compare::same_title(a, b),
                    _ => false,
                },
            };
            if differ {
                let why = format!(
                    "{} is {}{}, but {} is {}",
                    pmid.label(),
                    pm.describe(),
                    pm.doi
                        .as_ref()
                        .map(|d| format!(" (DOI {d})"))
                        .unwrap_or_default(),
                    doi.label(),
                    cr.describe()
                );
                self.different_works(pmid, doi, &why);
            }
        }
    }

    fn status_of(&self, matches: bool, work: &Work) -> Status {
        if !matches {
            Status::Mismatch
        } else if work
            .notices
            .iter()
            .any(|n| n.kind == "retraction" || n.kind == "withdrawal")
        {
            Status::Retracted
        } else if work
            .notices
            .iter()
            .any(|n| n.kind == "expression-of-concern")
        {
            Status::Concern
        } else if work.notices.iter().any(|n| n.kind == "correction") {
            Status::Corrected
        } else {
            Status::Ok
        }
    }

    fn different_works(&mut self, at: &Id, other: &Id, why: &str) {
        self.mismatch = true;
        self.diagnostics.push(
            Diagnostic::new(
                Code::E0903,
                at.span.clone(),
                format!(
                    "{} and {} point at different works: {why}",
                    at.label(),
                    other.label()
                ),
            )
            .with_secondary(other.span.clone(), "the other identifier")
            .with_hint("look the source up by its title and correct whichever identifier is wrong"),
        );
    }

    /// Compares the reference with one record; false (and E0901) when it is another work.
    fn compare(&mut self, id: &Id, registry: Registry, work: &Work) -> bool {
        let reference = self.reference;
        let label = id.label();
        let who = registry.display();
        if let Some(of) = &work.notice_of {
            self.mismatch = true;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0901,
                    id.span.clone(),
                    format!("{label} is a notice about {of} (a retraction or a correction), not the work itself"),
                )
                .with_hint("cite the work's own identifier; the notice is found from it"),
            );
            return false;
        }
        // The work's own notices count only when the record is the reference's work.
        let mut same = true;
        if let (Some(title), Some(theirs)) = (reference.text("title"), &work.title)
            && !compare::same_title(&title.value, theirs)
        {
            same = false;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0901,
                    title.span.clone(),
                    format!("{label} is {}: wrong {}?", work.describe(), id.kind),
                )
                .with_label(format!("{who} has another title"))
                .with_hint(format!(
                    "check the {} against the source; if the title here is wrong, correct it",
                    id.kind
                )),
            );
        }
        if same
            && let Some((ours, span)) = first_author(reference)
            && let Some(theirs) = &work.first_author
            && !compare::same_family(&ours, theirs)
        {
            same = false;
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0901,
                    span,
                    format!("{label}'s first author is {theirs} in {who}, not {ours}"),
                )
                .with_hint(format!(
                    "check the {} and the author list against the source",
                    id.kind
                )),
            );
        }
        if !same {
            self.mismatch = true;
            return false;
        }
        if let Some((year, span)) = issued_year(reference)
            && !work.years.is_empty()
            && !work.years.contains(&year)
        {
            let years: Vec<String> = work.years.iter().map(ToString::to_string).collect();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0902,
                    span,
                    format!(
                        "{label} is dated {} in {who}, not {year}",
                        years.join(" or ")
                    ),
                )
                .with_hint("correct the year, unless the source itself gives this one"),
            );
        }
        if let Some(container) = reference.text("container-title")
            && !work.containers.is_empty()
            && !work
                .containers
                .iter()
                .any(|c| compare::same_container(&container.value, c))
        {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0902,
                    container.span.clone(),
                    format!(
                        "{label} appeared in '{}' according to {who}, not '{}'",
                        work.containers[0], container.value
                    ),
                )
                .with_hint("correct the journal's name, or check the identifier"),
            );
        }
        self.notices.extend(work.notices.iter().cloned());
        true
    }
}

/// The first author's family name (or literal name) and its place.
fn first_author(reference: &Reference) -> Option<(String, Span)> {
    let authors = reference.fields.get("author")?;
    let first = authors.value.as_array()?.first()?;
    let name = first
        .get("family")
        .or_else(|| first.get("literal"))?
        .as_str()?
        .to_owned();
    Some((name, authors.span.clone()))
}

/// The year of `issued`, and its place.
fn issued_year(reference: &Reference) -> Option<(i32, Span)> {
    let issued = reference.fields.get("issued")?;
    let year = issued
        .value
        .get("date-parts")?
        .get(0)?
        .get(0)
        .and_then(|y| match y {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })?;
    Some((i32::try_from(year).ok()?, issued.span.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_encoded_but_keep_their_slashes() {
        assert_eq!(encode("10.1002/(SICI)1097#x"), "10.1002/%28SICI%291097%23x");
        let e = Endpoints::public();
        assert_eq!(
            e.crossref_work("10.1/x"),
            "https://api.crossref.org/works/10.1/x"
        );
        assert!(
            e.pmc_ids("PMC1", None)
                .ends_with("?ids=PMC1&format=json&tool=cited")
        );
    }
}
