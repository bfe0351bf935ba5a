//! Claims resting on a source that `references.lock` records as retracted (E0911, E0912).

use cited_site::Code;
use cited_site::Diagnostic;
use cited_site::Document;
use cited_site::Site;

use super::FindingFigures;
use crate::claims;

/// E0911 and E0912: a claim citing a source the lock says was retracted. An error when nothing
/// sound is left to support it (no other source, or a figure only the retracted one backs); a
/// warning when another cited source stands on its own.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_retracted_support(
    site: &Site,
    doc: &Document,
    sentence: &claims::Sentence,
    figures: &[claims::Figure],
    citations: &mut dyn Iterator<Item = usize>,
    keys: &[String],
    findings: &FindingFigures<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let retracted: Vec<&String> = keys
        .iter()
        .filter(|k| crate::verification::is_retracted(site, k))
        .collect();
    let Some(first) = retracted.first() else {
        return;
    };
    let sound: Vec<&String> = keys
        .iter()
        .filter(|k| !retracted.contains(k) && site.reference(k).is_some())
        .collect();
    // `figures` is empty when the site does not check them.
    let unbacked: Vec<String> = figures
        .iter()
        .filter(|f| {
            !sound
                .iter()
                .any(|k| findings.backing(k, &f.normalized).is_some())
        })
        .map(|f| f.written.clone())
        .collect();
    // Point at the retracted source's first citation in the sentence (or its block citation).
    let span = citations
        .filter_map(|c| doc.citations.get(c))
        .flat_map(|c| c.items.iter())
        .find(|i| i.key() == first.as_str())
        .map_or_else(|| doc.span(&sentence.range), |i| doc.span(&i.key_range()));
    let names = retracted
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let was = if retracted.len() == 1 { "was" } else { "were" };
    if sound.is_empty() {
        out.push(
            Diagnostic::new(Code::E0911, span, format!("this claim rests only on {names}, which {was} retracted"))
                .with_label("retracted (references.lock)")
                .with_hint("cite a sound source for the claim, or remove it; `cited verify` recorded the retraction"),
        );
    } else if !unbacked.is_empty() {
        out.push(
            Diagnostic::new(
                Code::E0911,
                span,
                format!(
                    "{} in this claim {} backed only by {names}, which {was} retracted",
                    unbacked
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if unbacked.len() == 1 { "is" } else { "are" }
                ),
            )
            .with_label("retracted (references.lock)")
            .with_hint("back the figure with a finding of a sound source, or remove it"),
        );
    } else {
        out.push(
            Diagnostic::new(
                Code::E0912,
                span,
                format!("this claim also cites {names}, which {was} retracted"),
            )
            .with_label("retracted (references.lock)")
            .with_hint("the other sources support the claim; remove the retracted citation"),
        );
    }
}
