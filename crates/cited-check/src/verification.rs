//! The rules that read `references.lock` (E0911–E0913), and the line saying whether the site's
//! sources were verified. The lock is loaded by `cited-site`; nothing here touches the network.
//! The claim rules themselves run with the other claim rules (`evidence`), which know each
//! claim's sources and the findings backing its figures.

use cited_site::Site;
use cited_site::diagnostic::{Code, Diagnostic};
use cited_site::lock::{LockEntry, Status, fingerprint};
use cited_site::reference::Reference;

/// The identifiers verification looks up.
pub const IDENTIFIERS: &[&str] = &["DOI", "PMID", "PMCID"];

/// Whether the reference has an identifier `cited verify` can look up.
pub fn is_verifiable(reference: &Reference) -> bool {
    IDENTIFIERS.iter().any(|k| {
        reference
            .text(k)
            .is_some_and(|t| !t.value.trim().is_empty())
    })
}

/// The reference's lock entry, if it still describes the reference's work
/// ([`cited_site::lock::Lock::current`]).
pub fn entry_for<'s>(site: &'s Site, reference: &Reference) -> Option<&'s LockEntry> {
    site.lock.as_ref()?.current(reference)
}

/// The lock's status for a cited key, if it has a current entry.
pub fn status(site: &Site, key: &str) -> Option<Status> {
    let reference = site.reference(key)?;
    entry_for(site, reference).map(|e| e.status.value)
}

/// Whether the lock says the source with this key was retracted or withdrawn.
pub fn is_retracted(site: &Site, key: &str) -> bool {
    status(site, key) == Some(Status::Retracted)
}

/// E0913: lock entries that no longer match their reference, or whose reference is gone.
pub fn check_lock(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(lock) = &site.lock else { return };
    for (key, entry) in &lock.references {
        match site.reference(&key.value) {
            None if !site.content_incomplete => out.push(
                Diagnostic::new(
                    Code::E0913,
                    key.span.clone(),
                    format!(
                        "the lock has an entry for `{}`, which is not a reference",
                        key.value
                    ),
                )
                .with_hint("run `cited verify` to write the lock again"),
            ),
            None => {}
            Some(reference) => {
                if fingerprint(reference) != entry.fingerprint.value {
                    out.push(
                        Diagnostic::new(
                            Code::E0913,
                            reference.key.span.clone(),
                            format!(
                                "`{}` changed since it was verified on {}",
                                key.value, entry.checked.value
                            ),
                        )
                        .with_secondary(key.span.clone(), "its entry in the lock")
                        .with_hint("run `cited verify` to check it against the registries again"),
                    );
                }
            }
        }
    }
}

/// One line on how far the site's sources are verified, for the end of `check` and `build`; `None`
/// when every source that can be verified has a current lock entry (or none can be).
pub fn unverified_line(site: &Site) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    let verifiable: Vec<&Reference> = site
        .references
        .iter()
        .filter(|r| seen.insert(r.key.value.as_str()) && is_verifiable(r))
        .collect();
    if verifiable.is_empty() {
        return None;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if site.lock.is_none() {
        return Some(format!(
            "sources unverified: no references.lock; `cited verify` checks the {} reference{} with a DOI, PMID or PMCID against Crossref and PubMed",
            verifiable.len(),
            plural(verifiable.len())
        ));
    }
    let unverified = verifiable
        .iter()
        .filter(|r| entry_for(site, r).is_none_or(|e| fingerprint(r) != e.fingerprint.value))
        .count();
    (unverified > 0).then(|| {
        format!(
            "sources unverified: {unverified} of {} reference{} with a DOI, PMID or PMCID {} no current entry in references.lock; run `cited verify`",
            verifiable.len(),
            plural(verifiable.len()),
            if unverified == 1 { "has" } else { "have" }
        )
    })
}
