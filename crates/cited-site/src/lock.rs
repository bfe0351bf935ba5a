//! `references.lock`: what the registries said about each reference when `cited verify` last ran.
//!
//! The lock is written by `cited verify` (the writer lives in `cited-verify`) and read here, at
//! load, so that `check` and `build` stay offline: a retracted source fails the claims resting on it
//! without a request. It is YAML (the site's one data language, through the one loader, so every
//! problem in it has a line and column), keyed by citation key in sorted order.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::Code;
use crate::reference::Reference;
use crate::source::FileId;
use crate::yaml::Located;

/// The lock file's name, at the site root.
pub const LOCK_FILE: &str = "references.lock";

/// The format version this build reads and writes.
pub const LOCK_VERSION: u32 = 1;

/// The fields of a reference that verification compares or looks up: an edit to any of them makes
/// its lock entry stale.
pub const FINGERPRINT_FIELDS: &[&str] = &[
    "DOI",
    "PMID",
    "PMCID",
    "title",
    "author",
    "issued",
    "container-title",
];

/// What the registries said about a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The record matches the reference and carries no notice.
    Ok,
    /// The record does not match the reference (or its identifiers point at different works).
    Mismatch,
    /// Retracted or withdrawn.
    Retracted,
    /// Under an expression of concern.
    Concern,
    /// Corrected (an erratum or correction was published).
    Corrected,
    /// A registry does not know an identifier.
    NotFound,
}

impl Status {
    /// As written in the lock.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Mismatch => "mismatch",
            Status::Retracted => "retracted",
            Status::Concern => "concern",
            Status::Corrected => "corrected",
            Status::NotFound => "not-found",
        }
    }
}

/// The whole lock.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// The format version.
    pub version: Located<u32>,
    /// One entry per verified reference, by citation key.
    #[serde(default)]
    pub references: BTreeMap<Located<String>, LockEntry>,
}

impl Lock {
    /// The entry for a citation key.
    pub fn entry(&self, key: &str) -> Option<&LockEntry> {
        // A located key orders by its text first, then its place: the first key at or after
        // (key, the smallest place) is this key's entry, if it has one. (Check asks once per
        // cited key of every claim, so a scan would grow with claims × references.)
        let from = Located::new(key.to_owned(), crate::source::Span::new(FileId(0), 0..0));
        self.references
            .range(from..)
            .next()
            .filter(|(k, _)| k.value == key)
            .map(|(_, e)| e)
    }
}

impl Lock {
    /// The reference's entry, if it still describes the reference's work: every identifier the
    /// entry looked up is still the reference's. (An edit to another field makes the entry stale,
    /// which `check` reports, but a retraction found for the same DOI still counts.)
    pub fn current(&self, reference: &Reference) -> Option<&LockEntry> {
        let entry = self.entry(&reference.key.value)?;
        let same_ids = entry.identifiers.iter().all(|id| {
            match reference.text(&id.kind) {
                Some(t) => t.value.trim().eq_ignore_ascii_case(&id.id),
                // A PMID found through the reference's PMCID.
                None => id.kind == "PMID" && reference.text("PMCID").is_some(),
            }
        });
        (same_ids && !entry.identifiers.is_empty()).then_some(entry)
    }
}

/// One reference's entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockEntry {
    /// [`fingerprint`] of the reference when it was verified.
    pub fingerprint: Located<String>,
    /// The day it was verified (`YYYY-MM-DD`).
    pub checked: Located<String>,
    /// The overall status.
    pub status: Located<Status>,
    /// Each identifier looked up.
    #[serde(default)]
    pub identifiers: Vec<LockedIdentifier>,
    /// Retraction, correction and concern notices.
    #[serde(default)]
    pub notices: Vec<Notice>,
}

/// One identifier and what its registry returned.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedIdentifier {
    /// `DOI`, `PMID` or `PMCID`.
    pub kind: String,
    /// The identifier.
    pub id: String,
    /// `crossref`, `pubmed` or `pmc`.
    pub registry: String,
    /// SHA-256 of the registry's record (its JSON, as fetched), `sha256:` and hex.
    pub digest: String,
    /// What this identifier's record said.
    pub status: Status,
}

/// A notice attached to the work: a retraction, an expression of concern, a correction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// `retraction`, `withdrawal`, `expression-of-concern` or `correction`.
    pub kind: String,
    /// The notice's DOI, if it has one.
    #[serde(default, rename = "DOI")]
    pub doi: Option<String>,
    /// The notice's PubMed id, if it has one.
    #[serde(default, rename = "PMID")]
    pub pmid: Option<String>,
    /// When it was issued (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    #[serde(default)]
    pub date: Option<String>,
    /// Who recorded it (`publisher`, `retraction-watch`, `pubmed`).
    #[serde(default)]
    pub source: Option<String>,
}

impl Notice {
    /// A link to the notice: its DOI, else its PubMed record.
    pub fn url(&self) -> Option<String> {
        match (&self.doi, &self.pmid) {
            (Some(doi), _) => Some(format!("https://doi.org/{doi}")),
            (None, Some(pmid)) => Some(format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")),
            (None, None) => None,
        }
    }
}

/// A digest of the reference's `FINGERPRINT_FIELDS`, `sha256:` and hex: what its lock entry
/// was made from. The fields are serialised as sorted JSON, so key order and YAML layout (quotes,
/// flow or block style) do not change it.
pub fn fingerprint(reference: &Reference) -> String {
    let fields: BTreeMap<&str, &serde_json::Value> = FINGERPRINT_FIELDS
        .iter()
        .filter_map(|&f| reference.fields.get(f).map(|v| (f, &v.value)))
        .collect();
    let json = serde_json::to_string(&fields).unwrap_or_default();
    sha256_hex(json.as_bytes())
}

/// `sha256:` and the hex digest of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Parses a lock file's text.
pub fn parse(file: FileId, text: &str) -> Result<Lock, crate::diagnostic::Diagnostic> {
    let lock: Lock = crate::yaml::parse(file, 0, text)?;
    if lock.version.value != LOCK_VERSION {
        return Err(crate::diagnostic::Diagnostic::new(
            Code::E0004,
            lock.version.span.clone(),
            format!(
                "`{LOCK_FILE}` is version {}; this cited reads version {LOCK_VERSION}",
                lock.version.value
            ),
        )
        .with_hint("run `cited verify` to write it again"));
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "version: 1\nreferences:\n  smith2020:\n    fingerprint: \"sha256:00\"\n    checked: \"2026-11-27\"\n    status: retracted\n    identifiers:\n      - {kind: DOI, id: \"10.1/x\", registry: crossref, digest: \"sha256:01\", status: retracted}\n    notices:\n      - {kind: retraction, DOI: \"10.1/r\", date: \"2021-05-01\", source: retraction-watch}\n";

    #[test]
    fn a_lock_parses_with_places() {
        let lock = parse(FileId(0), LOCK).unwrap();
        let entry = lock.entry("smith2020").unwrap();
        assert!(lock.entry("smith").is_none() && lock.entry("smith2020a").is_none());
        assert_eq!(entry.status.value, Status::Retracted);
        assert_eq!(
            entry.notices[0].url().as_deref(),
            Some("https://doi.org/10.1/r")
        );
        let (key, _) = lock.references.iter().next().unwrap();
        assert_eq!(&LOCK[key.span.range.clone()], "smith2020");
        assert_eq!(&LOCK[entry.status.span.range.clone()], "retracted");
    }

    #[test]
    fn a_bad_status_or_version_is_a_diagnostic() {
        let err = parse(
            FileId(0),
            &LOCK.replace("status: retracted\n", "status: gone\n"),
        )
        .unwrap_err();
        assert_eq!(err.code, "E0004");
        let err = parse(FileId(0), &LOCK.replace("version: 1", "version: 9")).unwrap_err();
        assert!(err.message.contains("version 9"), "{}", err.message);
    }
}
