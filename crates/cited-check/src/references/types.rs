//! A reference's `type`: a CSL item type, another tool's name for one (E0209, a warning when a
//! CSL type would have formatted the work as its own kind), or a typo of one (E0209).

use cited_site::{Code, Diagnostic, Reference, did_you_mean};

/// E0209 for a reference whose `type` is not a CSL item type.
pub(super) fn check_type(reference: &Reference, out: &mut Vec<Diagnostic>) {
    let tool_type = reference.text("type").and_then(|t| {
        cited_site::TOOL_TYPES
            .iter()
            .find(|(name, _)| *name == t.value)
            .map(|&(_, csl)| (t, csl))
    });
    if let Some((t, csl)) = tool_type {
        // Formatted in the style's generic branch, as Pandoc does. A warning only when a CSL type
        // would have given the item its own format.
        if let Some(csl) = csl {
            out.push(
                Diagnostic::new(
                    Code::E0209,
                    t.span.clone(),
                    format!(
                        "`{}` is not a CSL item type: styles format it as a generic item",
                        t.value
                    ),
                )
                .with_severity(cited_site::Severity::Warning)
                .with_label("not a CSL type")
                .with_hint(format!(
                    "write `{csl}` for the style's format of this kind of work"
                )),
            );
        }
    } else if let Some(t) = reference.text("type")
        && !cited_site::CSL_TYPES.contains(&t.value.as_str())
    {
        let hint = match csl_type_meant(&t.value) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "write one of CSL's types, such as `article-journal`, `book`, `chapter`, `report` or `webpage` (`cited explain E0209` lists them all)".to_owned(),
        };
        out.push(
            Diagnostic::new(
                Code::E0209,
                t.span.clone(),
                format!("`{}` is not a CSL item type", t.value),
            )
            .with_hint(hint),
        );
    }
}

/// The CSL type `written` was probably meant to be: the nearest by spelling, or the one of the
/// same words in another order (`journal-article` for `article-journal`, as other tools name it).
fn csl_type_meant(written: &str) -> Option<&'static str> {
    if let Some(close) = did_you_mean(written, cited_site::CSL_TYPES.iter().copied()) {
        return Some(close);
    }
    let sorted = |t: &str| {
        let mut words: Vec<String> = t.split(['-', '_', ' ']).map(str::to_lowercase).collect();
        words.sort_unstable();
        words.join("-")
    };
    let keys: Vec<String> = cited_site::CSL_TYPES.iter().map(|t| sorted(t)).collect();
    let close = did_you_mean(&sorted(written), keys.iter().map(String::as_str))?;
    let at = keys.iter().position(|k| k == close)?;
    cited_site::CSL_TYPES.get(at).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_csl_type_is_told_the_type_it_was_meant_to_be() {
        assert_eq!(csl_type_meant("boook"), Some("book"));
        assert_eq!(csl_type_meant("article-jounal"), Some("article-journal"));
        // Other tools name the type the other way round, and a word may be mistyped too.
        assert_eq!(csl_type_meant("journal-article"), Some("article-journal"));
        assert_eq!(csl_type_meant("jornal-article"), Some("article-journal"));
        assert_eq!(csl_type_meant("zzzz"), None);
    }

    #[test]
    fn types_tools_write_are_generic_items_and_only_lossy_ones_warn() {
        let warnings = |kind: &str| {
            let text = format!(
                "references:\n  - id: a\n    type: \"{kind}\"\n    title: T\n    author: [{{literal: A}}]\n    issued: 2020\n    URL: https://example.org/\n    accessed: 2020-01-01\n"
            );
            let refs =
                cited_site::parse_reference_file(cited_site::FileId(0), "r.yaml", &text).unwrap();
            let mut out = Vec::new();
            check_type(&refs[0], &mut out);
            out.into_iter()
                .map(|d| (d.code, d.severity, d.hint.unwrap_or_default()))
                .collect::<Vec<_>>()
        };
        assert!(warnings("misc").is_empty());
        assert!(warnings("").is_empty());
        assert_eq!(
            warnings("website"),
            [(
                Code::E0209,
                cited_site::Severity::Warning,
                "write `webpage` for the style's format of this kind of work".to_owned()
            )]
        );
        // A typo of a CSL type stays an error.
        assert_eq!(warnings("jornal-article")[0].1, cited_site::Severity::Error);
    }
}
