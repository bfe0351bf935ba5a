//! Claim results kept from one run for the next: `cited serve` checks again only the documents
//! a save changed, and writes `evidence.json` from every document's kept part.

use std::collections::HashMap;
use std::sync::Arc;

use cited_site::{Diagnostic, Document, FileId, Site};
use rayon::prelude::*;
use serde::Serialize;

use super::{Claims, Evidence, Place};

/// One document's claim results: what the claim rules found in it and its part of the report.
type DocumentClaims = Arc<(Vec<Diagnostic>, Evidence)>;

/// A document of the site, as the claim rules see it: its file, where its text starts there, and
/// whether it is markdown or which plain-text field it is.
type DocumentId = (FileId, usize, Option<cited_site::PlainField>);

/// The claim rules' results per document, kept from one run for the next
/// ([`crate::check_reusing`]): a document's results depend only on its own text, the references
/// (their findings, their lock entries) and `site.yaml`'s claim settings, so a document whose
/// file did not change while those stayed as they were is not checked again.
#[derive(Clone, Default)]
pub struct KeptClaims {
    by_document: HashMap<DocumentId, DocumentClaims>,
    /// The same, in the site's document order: the report's order.
    in_order: Vec<DocumentClaims>,
}

impl KeptClaims {
    /// How many documents' results are kept.
    pub fn len(&self) -> usize {
        self.by_document.len()
    }

    /// Whether no document's results are kept.
    pub fn is_empty(&self) -> bool {
        self.by_document.is_empty()
    }

    /// Writes the evidence report of the run that kept these results, as
    /// `serde_json::to_writer_pretty` writes its [`Evidence`], byte for byte, without copying
    /// the claims into one (for a run with [`Reuse::report`] false).
    pub fn write_report(&self, writer: impl std::io::Write) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(writer, &Report(&self.in_order))
    }
}

/// The evidence report over each document's part, serialised as [`Evidence`] is.
struct Report<'a>(&'a [DocumentClaims]);

/// The records of one kind of every document's part, as one sequence.
struct RecordsOf<'a, T>(&'a [DocumentClaims], fn(&Evidence) -> &[T]);

impl<T: Serialize> Serialize for RecordsOf<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let of = self.1;
        let len = self.0.iter().map(|d| of(&d.1).len()).sum();
        let mut seq = serializer.serialize_seq(Some(len))?;
        for record in self.0.iter().flat_map(|d| of(&d.1)) {
            seq.serialize_element(record)?;
        }
        seq.end()
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut report = serializer.serialize_struct("Evidence", 2)?;
        report.serialize_field("claims", &RecordsOf(self.0, |e| &e.claims))?;
        report.serialize_field("silenced", &RecordsOf(self.0, |e| &e.silenced))?;
        report.end()
    }
}

/// What the claim rules may take from an earlier run: its results, and which files changed since
/// (their documents are checked again). Everything else the results depend on (references,
/// `site.yaml`, the lock) must be as it was: the caller's to know.
pub struct Reuse<'k> {
    /// The earlier run's results.
    pub kept: &'k KeptClaims,
    /// Whether a file changed since that run.
    pub changed: &'k (dyn Fn(FileId) -> bool + Sync),
    /// Whether the caller needs the report as an [`Evidence`]: without it, the report returned
    /// is empty and [`KeptClaims::write_report`] writes the whole one, which spares copying
    /// every claim of the site.
    pub report: bool,
}

/// [`evidence`], taking each unchanged document's results from `reuse`, and returning every
/// document's results for the next run.
pub fn evidence_reusing(
    site: &Site,
    out: &mut Vec<Diagnostic>,
    reuse: Option<&Reuse<'_>>,
) -> (Evidence, KeptClaims) {
    let claims = Claims::new(site);
    let id = |doc: &Document, place: Place| -> DocumentId {
        let field = match place {
            Place::Markdown => None,
            Place::Plain(field) => Some(field),
        };
        (doc.file, doc.map.map(0), field)
    };
    let per_document: Vec<DocumentClaims> = claims
        .documents
        .par_iter()
        .map(|&(doc, place)| {
            if let Some(kept) = reuse
                .filter(|r| !(r.changed)(doc.file))
                .and_then(|r| r.kept.by_document.get(&id(doc, place)))
            {
                return Arc::clone(kept);
            }
            Arc::new(claims.document(doc, place))
        })
        .collect();
    // Kept only where a caller will reuse them: a whole build does not pay for the copy.
    let kept = KeptClaims {
        by_document: match reuse {
            Some(_) => claims
                .documents
                .iter()
                .zip(&per_document)
                .map(|(&(doc, place), result)| (id(doc, place), Arc::clone(result)))
                .collect(),
            None => HashMap::new(),
        },
        in_order: match reuse {
            Some(_) => per_document.iter().map(Arc::clone).collect(),
            None => Vec::new(),
        },
    };
    let report = reuse.is_none_or(|r| r.report);
    let mut evidence = match report {
        true => Evidence {
            claims: Vec::with_capacity(per_document.iter().map(|r| r.1.claims.len()).sum()),
            silenced: Vec::with_capacity(per_document.iter().map(|r| r.1.silenced.len()).sum()),
        },
        false => Evidence::default(),
    };
    out.reserve(per_document.iter().map(|r| r.0.len()).sum());
    for result in per_document {
        // Moved out when nothing keeps it, copied when the next run may reuse it.
        match Arc::try_unwrap(result) {
            Ok((found, part)) => {
                out.extend(found);
                evidence.claims.extend(part.claims);
                evidence.silenced.extend(part.silenced);
            }
            Err(kept) => {
                out.extend(kept.0.iter().cloned());
                if report {
                    evidence.claims.extend(kept.1.claims.iter().cloned());
                    evidence.silenced.extend(kept.1.silenced.iter().cloned());
                }
            }
        }
    }
    (evidence, kept)
}
