//! The rules that read `references.lock` (E0911–E0913), and the line saying whether the site's
//! sources were verified. The lock is loaded by `cited-site`; nothing here touches the network.
//! The claim rules themselves run with the other claim rules (`evidence`), which know each
//! claim's sources and the findings backing its figures.

use cited_site::Reference;
use cited_site::Site;
use cited_site::{Code, Diagnostic};
use cited_site::{LockEntry, Status, fingerprint};

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
/// ([`cited_site::Lock::current`]).
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
            Some(reference) if fingerprint(reference) != entry.fingerprint.value => out.push(
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
            ),
            Some(_) => {}
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
    let references = cited_site::count(verifiable.len(), "reference", "references");
    if site.lock.is_none() {
        return Some(format!(
            "sources unverified: no references.lock; `cited verify` checks the {references} with a DOI, PMID or PMCID against Crossref and PubMed"
        ));
    }
    let unverified = verifiable
        .iter()
        .filter(|r| entry_for(site, r).is_none_or(|e| fingerprint(r) != e.fingerprint.value))
        .count();
    (unverified > 0).then(|| {
        format!(
            "sources unverified: {unverified} of {references} with a DOI, PMID or PMCID {} no current entry in references.lock; run `cited verify`",
            if unverified == 1 { "has" } else { "have" }
        )
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// The fixture with a retracted and a sound source (its lock written by `cited verify`),
    /// with `edit` applied to the sound source's file; the codes `check` reports.
    fn codes_with(edit: impl Fn(String) -> String) -> Vec<(&'static str, String)> {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/retracted-with-sound-support");
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        let smith = dir.path().join("references/smith2020.yaml");
        let text = std::fs::read_to_string(&smith).unwrap();
        std::fs::write(&smith, edit(text)).unwrap();
        let loaded = cited_site::load(dir.path());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let options = crate::CheckOptions::new(jiff::civil::date(2026, 11, 27));
        crate::check(&loaded.site, &options)
            .into_iter()
            .map(|d| (d.code.as_str(), d.message))
            .collect()
    }

    #[test]
    fn a_sound_source_that_backs_the_figures_leaves_a_warning() {
        let codes = codes_with(|t| t);
        assert_eq!(codes.len(), 1, "{codes:?}");
        assert_eq!(codes[0].0, "E0912");
    }

    #[test]
    fn a_figure_only_the_retracted_source_backs_is_an_error() {
        let codes = codes_with(|t| t.replace("in 42% of patients", "in most patients"));
        let e0911: Vec<_> = codes.iter().filter(|(c, _)| *c == "E0911").collect();
        assert_eq!(e0911.len(), 1, "{codes:?}");
        assert!(e0911[0].1.contains("`42%`"), "{}", e0911[0].1);
        assert!(
            codes.iter().all(|(c, _)| *c != "E0302"),
            "the retracted source still backs it: {codes:?}"
        );
    }

    #[test]
    fn a_new_doi_makes_the_retraction_no_longer_apply_but_the_entry_stale() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/retracted-only-support");
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        let jones = dir.path().join("references/jones2019.yaml");
        let text = std::fs::read_to_string(&jones).unwrap();
        std::fs::write(
            &jones,
            text.replace("10.5555/retracted.1", "10.5555/fixed.1"),
        )
        .unwrap();
        let loaded = cited_site::load(dir.path());
        let options = crate::CheckOptions::new(jiff::civil::date(2026, 11, 27));
        let codes: Vec<&str> = crate::check(&loaded.site, &options)
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["E0913"]);
        assert!(super::unverified_line(&loaded.site).is_some_and(|l| l.contains("1 of 1")));
    }
}
