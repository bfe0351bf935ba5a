//! The site's `language` is a well-formed BCP 47 tag (E0004): it becomes every page's
//! `<html lang>`, which screen readers pronounce the text by, and picks the citations' locale.

use cited_site::Site;
use cited_site::{Code, Diagnostic};
use icu_locale_core::Locale;

/// Checks `language:` in `site.yaml`.
pub fn check_language(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(tag) = site.config.as_ref().and_then(|c| c.language_tag.as_ref()) else {
        return;
    };
    if let Some((problem, hint)) = language_problem(&tag.value) {
        out.push(
            Diagnostic::new(
                Code::E0004,
                tag.span.clone(),
                format!("`language: {}` {problem}", tag.value),
            )
            .with_hint(hint),
        );
    }
}

/// What is wrong with a language tag, and what to write instead; `None` when it is well formed.
fn language_problem(tag: &str) -> Option<(&'static str, String)> {
    let trimmed = tag.trim();
    if trimmed != tag {
        return Some(("has spaces around it", format!("write `{trimmed}`")));
    }
    // `en_UK`, `en-UK`: a POSIX locale's separator, and the country code the UK does not use.
    let respelt = trimmed
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match part {
            "UK" | "uk" if i > 0 => "GB",
            part => part,
        })
        .collect::<Vec<_>>()
        .join("-");
    if trimmed.contains('_') {
        return Some((
            "joins its parts with `_`; a language tag joins them with `-`",
            format!("write `{respelt}`"),
        ));
    }
    if Locale::try_from_str(trimmed).is_err() {
        return Some((
            "is not a language tag",
            "write a BCP 47 tag: a language such as `en`, `es` or `fr`, and a region if needed (`en-GB`, `es-MX`)".to_owned(),
        ));
    }
    if respelt != trimmed {
        return Some((
            "names the region `UK`, which language tags spell `GB`",
            format!("write `{respelt}`"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_bcp_47() {
        for good in ["en", "en-GB", "es-419", "pt-BR", "zh-Hant-TW", "de-CH-1996"] {
            assert_eq!(language_problem(good), None, "{good}");
        }
        let hint = |tag: &str| language_problem(tag).map(|(_, hint)| hint);
        assert_eq!(hint("en_UK").as_deref(), Some("write `en-GB`"));
        assert_eq!(hint("en-UK").as_deref(), Some("write `en-GB`"));
        assert_eq!(hint("fr_CA").as_deref(), Some("write `fr-CA`"));
        assert_eq!(hint("en-GB ").as_deref(), Some("write `en-GB`"));
        assert!(hint("English").is_some_and(|h| h.contains("BCP 47")));
        assert!(hint("").is_some());
    }
}
