//! The labels a citation's locator is read under (`p. 4`, `chap. 2`, `S. 4` in German): as
//! Pandoc reads them, every form of each locator term that the site's locale and the style's own
//! locale terms define.

use hayagriva::citationberg::taxonomy::Term;
use hayagriva::citationberg::{Locale, LocaleCode};

use crate::CitationStyle;
use crate::locale::{base_language, bundled_locales_for};

/// Pandoc's locator terms, in its order (a form two terms share is the first one's), each with
/// the CSL locator it stands for. Pandoc also reads `number-of-pages`, whose forms are the
/// page's in every bundled locale, so the page has them first.
const LOCATOR_TERMS: [(&str, &str); 16] = [
    ("book", "book"),
    ("chapter", "chapter"),
    ("column", "column"),
    ("figure", "figure"),
    ("folio", "folio"),
    ("issue", "issue"),
    ("line", "line"),
    ("note", "note"),
    ("opus", "opus"),
    ("page", "page"),
    ("paragraph", "paragraph"),
    ("part", "part"),
    ("section", "section"),
    ("sub verbo", "sub-verbo"),
    ("verse", "verse"),
    ("volume", "volume"),
];

/// Every label a locator may be written under in `locale` (a CSL locale code such as `en-US`, or
/// a language such as `de`) with `style`'s own terms: each form of each locator term, long,
/// short and symbol, singular and plural, as the locale writes it (Pandoc compares them case
/// aside), with the CSL locator it stands for. In Pandoc's term order, so that of two terms with
/// one form the first comes first, which is the one Pandoc reads it as (cited-site's
/// `LocatorLabels` keeps the first of each).
///
/// The locale is the bundled one of that exact code, else of its language's main dialect
/// (`de-DE` for `de`), else `en-US`; the style's terms are those of its `cs:locale` elements
/// for no language or for the locale's language, which Pandoc reads besides the locale's own.
pub fn locator_labels(style: &CitationStyle, locale: &str) -> Vec<(String, &'static str)> {
    let bundled = bundled_locales_for(locale);
    let code = |l: &Locale| l.lang.as_ref().map(|c| c.0.to_ascii_lowercase());
    let wanted = locale.to_ascii_lowercase();
    let main_dialect = LocaleCode(locale.to_owned())
        .fallback()
        .map(|c| c.0.to_ascii_lowercase());
    let file = bundled
        .iter()
        .find(|l| code(l).as_deref() == Some(wanted.as_str()))
        .or_else(|| {
            bundled
                .iter()
                .find(|l| code(l).is_some() && code(l) == main_dialect)
        })
        .or_else(|| bundled.iter().find(|l| code(l).as_deref() == Some("en-us")));
    let base = base_language(locale).to_ascii_lowercase();
    let own = style.style.locale.iter().filter(|l| {
        l.lang
            .as_ref()
            .is_none_or(|c| base_language(&c.0).eq_ignore_ascii_case(&base))
    });
    let locales: Vec<&Locale> = own.chain(file).collect();
    let mut labels: Vec<(String, &'static str)> = Vec::new();
    for (name, locator) in LOCATOR_TERMS {
        let Ok(term) = serde_json::from_value::<Term>(serde_json::Value::from(name)) else {
            continue;
        };
        for locale in &locales {
            let Some(terms) = &locale.terms else { continue };
            for t in terms.terms.iter().filter(|t| t.name == term) {
                let forms = [t.single(), t.multiple()].into_iter().flatten();
                labels.extend(
                    forms
                        .map(str::trim)
                        .filter(|form| !form.is_empty())
                        .map(|form| (form.to_owned(), locator)),
                );
            }
        }
    }
    labels
}
