//! The order of the references page.

use cited_csl::CitationStyle;

/// The references page's order: every reference, in the order a style that sorts its
/// bibliography would give anyway, and by author, year and title for a style that orders it by
/// citation (numeric styles), since no one page's order is the site's. `references` holds each
/// reference's key with its [`sort_key`] (read only when the style does not sort).
pub(crate) fn reading_order<'r>(
    style: &CitationStyle,
    references: &'r [(String, String)],
) -> Vec<&'r str> {
    use rayon::prelude::*;
    if style.sorts_bibliography() {
        return references.iter().map(|(k, _)| k.as_str()).collect();
    }
    let mut keys: Vec<(&str, &str)> = references
        .iter()
        .map(|(k, sort)| (sort.as_str(), k.as_str()))
        .collect();
    keys.par_sort_unstable();
    keys.into_iter().map(|(_, k)| k).collect()
}

/// Author (or editor), year and title of a CSL-JSON item, lowercased, for sorting.
pub(crate) fn sort_key(item: &serde_json::Value) -> String {
    let names = |field: &str| -> Option<String> {
        let list = item.get(field)?.as_array()?;
        let names: Vec<String> = list
            .iter()
            .map(|n| {
                let part = |p: &str| n.get(p).and_then(|v| v.as_str()).unwrap_or("");
                format!("{} {} {}", part("family"), part("given"), part("literal"))
                    .trim()
                    .to_lowercase()
            })
            .collect();
        (!names.is_empty()).then(|| names.join("\u{1}"))
    };
    let who = names("author")
        .or_else(|| names("editor"))
        .unwrap_or_default();
    let year = item
        .get("issued")
        .and_then(|d| d.get("date-parts"))
        .and_then(|p| p.get(0))
        .and_then(|p| p.get(0))
        .map(|y| y.to_string())
        .unwrap_or_default();
    // Sorted by the words, not by rich-text tags (`<i>Homo sapiens</i>` under H).
    let title = item
        .get("title")
        .and_then(|t| t.as_str())
        .map(cited_csl::plain_text)
        .unwrap_or_default()
        .to_lowercase();
    // Without an author, the title takes the author's place (as citeproc sorts).
    if who.is_empty() {
        format!("{title}\u{2}{year}")
    } else {
        format!("{who}\u{2}{year}\u{2}{title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn references() -> Vec<(String, String)> {
        let item = |family: &str, year: i32, title: &str| json!({"author": [{"family": family}], "issued": {"date-parts": [[year]]}, "title": title});
        vec![
            ("c".to_owned(), item("Zhou", 2019, "Sleep")),
            ("a".to_owned(), item("Adams", 2021, "Walking")),
            ("b".to_owned(), item("Adams", 2020, "Worry")),
            ("d".to_owned(), json!({"title": "Anonymous report"})),
            // Sorted under its first word, not under its tag.
            ("e".to_owned(), json!({"title": "<i>Zebrafish</i> models"})),
        ]
        .into_iter()
        .map(|(key, item)| (key, sort_key(&item)))
        .collect()
    }

    #[test]
    fn a_numeric_style_lists_the_references_page_by_author_year_and_title() {
        let style = CitationStyle::bundled("american-medical-association").unwrap();
        assert!(!style.sorts_bibliography());
        let refs = references();
        // Without an author, the title takes the author's place.
        assert_eq!(reading_order(&style, &refs), ["b", "a", "d", "e", "c"]);
    }

    #[test]
    fn a_sorting_style_takes_the_references_as_given_and_sorts_them_itself() {
        let style = CitationStyle::bundled("apa").unwrap();
        assert!(style.sorts_bibliography());
        let refs = references();
        assert_eq!(reading_order(&style, &refs), ["c", "a", "b", "d", "e"]);
    }
}
