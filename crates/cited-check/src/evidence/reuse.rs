//! Claim results kept from one run for the next: `cited serve` checks again only the documents
//! a save changed, and writes `evidence.json` from every document's kept part.

use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, OnceLock};

use cited_site::{Diagnostic, Document, FileId, Site};
use rayon::prelude::*;

use super::report::{Printed, REPORT_END, REPORT_MIDDLE, REPORT_START, Records};
use super::{Claims, Evidence, Place};

/// One document's claim results, shared between the runs that keep them.
type DocumentClaims = Arc<DocumentResult>;

/// What the claim rules found in one document, and its part of the report.
struct DocumentResult {
    found: Vec<Diagnostic>,
    part: Evidence,
    /// `part` as the report prints it, made when a report is first written with it and reused by
    /// every later one while the document is unchanged: printing the whole report again for
    /// each save was most of a save's time on a large site.
    printed: OnceLock<Printed>,
}

impl DocumentResult {
    fn new((found, part): (Vec<Diagnostic>, Evidence)) -> Self {
        DocumentResult {
            found,
            part,
            printed: OnceLock::new(),
        }
    }
}

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
    /// the claims into one (for a run with [`Reuse::report`] false). Each document's part is
    /// printed once (in parallel) and kept for the next report.
    pub fn write_report(&self, writer: &mut dyn std::io::Write) -> std::io::Result<()> {
        let printed = self
            .in_order
            .par_iter()
            .map(|d| -> serde_json::Result<&Printed> {
                if let Some(printed) = d.printed.get() {
                    return Ok(printed);
                }
                let printed = Printed::of(&d.part)?;
                Ok(d.printed.get_or_init(|| printed))
            })
            .collect::<serde_json::Result<Vec<&Printed>>>()?;
        writer.write_all(REPORT_START)?;
        let mut claims = Records::new();
        for p in &printed {
            claims.write_printed(writer, &p.claims)?;
        }
        claims.finish(writer)?;
        writer.write_all(REPORT_MIDDLE)?;
        let mut silenced = Records::new();
        for p in &printed {
            silenced.write_printed(writer, &p.silenced)?;
        }
        silenced.finish(writer)?;
        writer.write_all(REPORT_END)
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
            Arc::new(DocumentResult::new(claims.document(doc, place)))
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
            claims: Vec::with_capacity(per_document.iter().map(|r| r.part.claims.len()).sum()),
            silenced: Vec::with_capacity(per_document.iter().map(|r| r.part.silenced.len()).sum()),
        },
        false => Evidence::default(),
    };
    out.reserve(per_document.iter().map(|r| r.found.len()).sum());
    for result in per_document {
        // Moved out when nothing keeps it, copied when the next run may reuse it.
        match Arc::try_unwrap(result) {
            Ok(DocumentResult { found, part, .. }) => {
                out.extend(found);
                evidence.claims.extend(part.claims);
                evidence.silenced.extend(part.silenced);
            }
            Err(kept) => {
                out.extend(kept.found.iter().cloned());
                if report {
                    evidence.claims.extend(kept.part.claims.iter().cloned());
                    evidence.silenced.extend(kept.part.silenced.iter().cloned());
                }
            }
        }
    }
    (evidence, kept)
}
