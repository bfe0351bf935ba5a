//! The evidence report as a markdown table (`cited claims`, `--format markdown`, the default),
//! for pull-request review: every claim with its sources and what backs its figures, then every
//! silenced sentence with its reason.

use super::Evidence;

/// The report as a markdown table, for pull-request review.
pub fn to_markdown(evidence: &Evidence) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "## Claims\n\n| Where | Claim | Sources | Figures backed by |\n|---|---|---|---|\n",
    );
    for c in &evidence.claims {
        let figures: Vec<String> = c
            .figures
            .iter()
            .map(|f| match (&f.source, &f.excerpt) {
                (Some(s), Some(e)) => format!(
                    "{} ← {s}: “{}”{}",
                    f.figure,
                    e,
                    f.locator
                        .as_ref()
                        .map(|l| format!(" ({l})"))
                        .unwrap_or_default()
                ),
                _ => format!("{} ← NOT BACKED", f.figure),
            })
            .collect();
        out.push_str(&format!(
            "| {}:{} | {} | {} | {} |\n",
            c.file,
            c.line,
            cell(&c.text),
            c.sources
                .iter()
                .map(|k| format!("@{k}"))
                .collect::<Vec<_>>()
                .join(", "),
            cell(&figures.join("; "))
        ));
    }
    out.push_str("\n## Silenced sentences\n\n");
    if evidence.silenced.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Where | Sentence | Reason |\n|---|---|---|\n");
        for s in &evidence.silenced {
            out.push_str(&format!(
                "| {}:{} | {} | {} |\n",
                s.file,
                s.line,
                cell(&s.text),
                cell(s.reason.as_deref().unwrap_or("(no reason given)"))
            ));
        }
    }
    out
}
