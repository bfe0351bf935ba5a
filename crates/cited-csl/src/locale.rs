//! The locales bundled with hayagriva, decoded lazily: one language at a time, cached.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::citationberg::Locale;

/// The language code of a bundled locale, read without decoding its terms and dates.
#[derive(serde::Deserialize)]
pub(crate) struct LocaleLang {
    #[serde(rename = "@xml:lang")]
    lang: Option<String>,
}

/// The language code of every locale bundled with hayagriva, in archive order. Reading only the
/// codes costs a fraction of decoding the 64 locales, which took most of a small site's build.
pub(crate) fn bundled_locale_langs() -> &'static [Option<String>] {
    static LANGS: OnceLock<Vec<Option<String>>> = OnceLock::new();
    LANGS.get_or_init(|| {
        hayagriva::archive::LOCALES
            .iter()
            .map(|bytes| {
                ciborium::de::from_reader::<LocaleLang, _>(*bytes)
                    .ok()
                    .and_then(|l| l.lang)
            })
            .collect()
    })
}

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
        bundled_locale_langs()
            .iter()
            .zip(hayagriva::archive::LOCALES)
            .filter(|(lang, _)| {
                lang.as_deref()
                    .map(base_language)
                    .is_some_and(|b| b.eq_ignore_ascii_case(base) || b == "en")
            })
            .filter_map(|(_, bytes)| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
            .collect()
    }))
}

/// "de" of "de-DE", "de_AT" or "de".
pub(crate) fn base_language(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}
