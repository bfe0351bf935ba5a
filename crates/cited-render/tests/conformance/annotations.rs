//! Why an item still differs from Pandoc: `tests/conformance/annotations.yaml`, printed beside
//! each difference in the report. A difference no annotation explains is marked as such.

use std::path::Path;

#[derive(serde::Deserialize)]
pub struct Annotation {
    /// `case/item`, where either side may be `*` (`date-range/*`, `*/entry-t-legal-case`).
    #[serde(rename = "match")]
    pub pattern: String,
    /// Bundled style names it applies to; every style when absent.
    #[serde(default)]
    pub styles: Option<Vec<String>>,
    /// The explanation, in plain words.
    pub why: String,
    /// Whether the explanation says cited prints what citeproc-js prints: checked against
    /// citeproc-js (`citeproc_js.rs`) for every item it explains.
    #[serde(default)]
    pub citeproc_js: bool,
    /// Set once it explains a difference of this run.
    #[serde(skip)]
    pub used: std::cell::Cell<bool>,
}

#[derive(serde::Deserialize)]
struct File {
    annotations: Vec<Annotation>,
}

pub fn load(path: &Path) -> Vec<Annotation> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let file: File = serde_saphyr::from_str(&text).expect("annotations.yaml parses");
    file.annotations
}

/// The first annotation explaining `case/item` in `style`.
pub fn explain<'a>(
    annotations: &'a [Annotation],
    style: &str,
    case: &str,
    item: &str,
) -> Option<&'a Annotation> {
    let a = annotations.iter().find(|a| {
        let (c, i) = a.pattern.split_once('/').unwrap_or((&a.pattern, "*"));
        (c == "*" || c == case)
            && (i == "*" || i == item)
            && a.styles
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s == style))
    })?;
    a.used.set(true);
    Some(a)
}

#[test]
fn patterns_match_case_item_and_style() {
    let a = |pattern: &str, styles: Option<Vec<String>>| Annotation {
        pattern: pattern.to_owned(),
        styles,
        why: pattern.to_owned(),
        citeproc_js: false,
        used: std::cell::Cell::new(false),
    };
    let list = vec![
        a("date-range/*", None),
        a("*/entry-x", Some(vec!["apa".to_owned()])),
    ];
    fn why(a: Option<&Annotation>) -> Option<&str> {
        a.map(|a| a.why.as_str())
    }
    assert_eq!(
        why(explain(&list, "ama", "date-range", "cite-1")),
        Some("date-range/*")
    );
    assert_eq!(
        why(explain(&list, "apa", "other", "entry-x")),
        Some("*/entry-x")
    );
    assert_eq!(why(explain(&list, "ama", "other", "entry-x")), None);
    assert!(list[0].used.get() && list[1].used.get());
}
