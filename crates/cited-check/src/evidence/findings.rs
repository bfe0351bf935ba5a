//! The figures each reference's findings state, scanned once per reference and only when a
//! figure asks.

use foldhash::HashMap;

use cited_site::Finding;
use cited_site::Site;

use crate::claims;

/// The figures of each reference's findings, normalised the first time a figure asks about the
/// reference: a reference cited by a thousand sentences has its findings scanned once, not a
/// thousand times, and one that no figure asks about is never scanned (on the wide corpus, whose
/// citing sentences state no figure, scanning every reference's findings up front was a twentieth
/// of the build).
#[derive(Default)]
pub(super) struct FindingFigures<'s> {
    by_key: HashMap<&'s str, KeyFindings<'s>>,
}

/// A key's findings, and their figures once asked for.
struct KeyFindings<'s> {
    reference: &'s cited_site::Reference,
    figures: std::sync::OnceLock<Vec<(&'s Finding, Vec<String>)>>,
}

impl<'s> FindingFigures<'s> {
    pub(super) fn new(site: &'s Site) -> Self {
        let by_key = site
            .references
            .iter()
            .rev() // the first reference of a key wins, as `Site::reference` finds it
            .map(|reference| {
                let findings = KeyFindings {
                    reference,
                    figures: std::sync::OnceLock::new(),
                };
                (reference.key.value.as_str(), findings)
            })
            .collect();
        FindingFigures { by_key }
    }

    /// The first finding of `key` that states `normalized`.
    pub(super) fn backing(&self, key: &str, normalized: &str) -> Option<&'s Finding> {
        let key = self.by_key.get(key)?;
        key.figures
            .get_or_init(|| {
                key.reference
                    .findings
                    .iter()
                    .map(|f| {
                        let figures = claims::finding_figures(&f.text.value)
                            .into_iter()
                            .map(|g| g.normalized)
                            .collect();
                        (f, figures)
                    })
                    .collect()
            })
            .iter()
            .find(|(_, figures)| figures.iter().any(|g| claims::backs(g, normalized)))
            .map(|(f, _)| *f)
    }

    /// A range in the findings of `key` that has `normalized` as one of its ends, as written
    /// (`between 57.6% and 67.2%` for `67.2%`): the source states the figure only as a bound.
    /// Asked only of a figure no finding backs, so the findings are scanned again for the
    /// written forms.
    pub(super) fn range_ending_in(&self, key: &str, normalized: &str) -> Option<String> {
        let key = self.by_key.get(key)?;
        key.reference.findings.iter().find_map(|f| {
            claims::finding_figures(&f.text.value)
                .into_iter()
                .find(|g| {
                    g.normalized.split('–').count() == 2
                        && g.normalized.split('–').any(|end| end == normalized)
                })
                .map(|g| g.written)
        })
    }
}
