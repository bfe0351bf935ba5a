//! A page's headings keep the outline the theme promises (E0405, E0406): the title is the one
//! `<h1>`, and each heading is at most one level below the one before it.

use cited_site::Site;
use cited_site::{Code, Diagnostic};

/// Checks the headings of every page's text.
pub fn check_headings(site: &Site, out: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        let doc = &page.body;
        // The theme prints the title as the page's `<h1>`.
        let mut previous = 1;
        for heading in &doc.headings {
            let marks = "#".repeat(usize::from(heading.level));
            // The caret goes under the `#` marks, not the whole heading and its line end.
            let start = heading.range.start;
            let at = start..(start + marks.len()).min(heading.range.end);
            if heading.level == 1 {
                out.push(
                    Diagnostic::new(
                        Code::E0405,
                        doc.span(&at),
                        "a `#` heading in the text: the page's title is already its top-level heading",
                    )
                    .with_label("a second title")
                    .with_hint("make it `## …`, and the headings under it one level deeper"),
                );
            } else if heading.level > previous + 1 {
                let after = if previous == 1 {
                    "the page's title".to_owned()
                } else {
                    format!("a `{}` heading", "#".repeat(usize::from(previous)))
                };
                out.push(
                    Diagnostic::new(
                        Code::E0406,
                        doc.span(&at),
                        format!(
                            "this `{marks}` heading comes right after {after}: a level is skipped"
                        ),
                    )
                    .with_label("skips a level")
                    .with_hint(format!(
                        "make it `{} …`",
                        "#".repeat(usize::from(previous) + 1)
                    )),
                );
            }
            previous = heading.level;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(body: &str) -> Vec<(Code, String)> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/p.md"),
            format!("---\ntitle: P\n---\n{body}"),
        )
        .unwrap();
        let loaded = cited_site::load(dir.path());
        let mut out = Vec::new();
        check_headings(&loaded.site, &mut out);
        out.into_iter()
            .map(|d| (d.code, d.hint.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn the_outline_goes_down_one_level_at_a_time() {
        assert!(codes("## A\n\n### B\n\n#### C\n\n## D\n\n### E\n").is_empty());
        assert_eq!(
            codes("## A\n\n#### B\n"),
            [(Code::E0406, "make it `### …`".to_owned())]
        );
        assert_eq!(
            codes("### A\n"),
            [(Code::E0406, "make it `## …`".to_owned())]
        );
        assert_eq!(
            codes("# A\n\n## B\n"),
            [(
                Code::E0405,
                "make it `## …`, and the headings under it one level deeper".to_owned()
            )]
        );
    }
}
