//! E0105: a citation whose suffix opens as a locator would, under a label the site's language
//! does not read (`pg. 4`, `fig 3`, a German site's `p. 4`). Pandoc prints such a suffix as it is
//! written, after the citation, and so does cited; the style does not format it as a locator.

use cited_site::{Code, Diagnostic, LocatorLabels, Site};

/// E0105 for each such citation item of the site, its locator read under `labels`: the site's,
/// which the citations' preparation owns (its locale's and its style's), so the driver runs this
/// beside it.
pub fn check_locators(site: &Site, labels: &LocatorLabels) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for doc in site.documents() {
        for citation in &doc.citations {
            for item in &citation.items {
                let (None, Some(suffix)) = item.locator_and_suffix(labels) else {
                    continue;
                };
                let Some(meant) = labels.locator_meant(suffix) else {
                    continue;
                };
                // The suffix is the end of what follows the key.
                let at = item.rest_range().map_or(citation.range.clone(), |rest| {
                    let start = rest.end - suffix.len() + meant.offset;
                    start..start + meant.written.len()
                });
                out.push(
                    Diagnostic::new(
                        Code::E0105,
                        doc.span(&at),
                        format!(
                            "`{}` is printed as text after the citation: the site's language reads no locator label there",
                            meant.written
                        ),
                    )
                    .with_label("not a locator")
                    .with_hint(format!(
                        "write `{}` for the style to format it as the place cited",
                        meant.fix
                    )),
                );
            }
        }
    }
    out
}
