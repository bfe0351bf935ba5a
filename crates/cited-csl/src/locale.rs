//! The locales bundled with hayagriva, decoded lazily: one language at a time, cached. Which
//! locale is which comes from hayagriva's list of their codes, so the others are never decoded.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use hayagriva::citationberg::Locale;

/// The bundled locales a request in `language` can reach: every locale of that base language
/// (the exact code and hayagriva's fallback for it are among them) and of English, the CSL
/// fallback of last resort. Decoded once per base language per process, and shared: a dev server
/// formats the site again on every save.
pub(crate) fn bundled_locales_for(language: &str) -> Arc<[Locale]> {
    static BY_BASE: Mutex<BTreeMap<String, Arc<[Locale]>>> = Mutex::new(BTreeMap::new());
    let base = base_language(language).to_ascii_lowercase();
    let mut cache = BY_BASE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Arc::clone(cache.entry(base).or_insert_with_key(|base| {
        hayagriva::archive::LOCALE_CODES
            .iter()
            .zip(hayagriva::archive::LOCALES)
            .filter(|(code, _)| {
                let b = base_language(code);
                b.eq_ignore_ascii_case(base) || b == "en"
            })
            .filter_map(|(_, bytes)| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
            .collect()
    }))
}

/// Whether a CSL locale is bundled for `language`'s base language (`de` of `de-CH`): a language
/// without one cannot format citations at all (E0209).
pub fn has_locale(language: &str) -> bool {
    let base = base_language(language.trim());
    hayagriva::archive::LOCALE_CODES
        .iter()
        .any(|code| base_language(code).eq_ignore_ascii_case(base))
}

/// "de" of "de-DE", "de_AT" or "de".
pub(crate) fn base_language(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}
