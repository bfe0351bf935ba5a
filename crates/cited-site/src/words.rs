//! The words a theme prints around a site's own text: the skip link, "References", the review
//! dates' labels, the checklist's buttons, the about page. They are in the site's `language`, so
//! a page marked `lang="fr"` has no English in it that screen readers would pronounce as French
//! (WCAG 3.1.2, Language of Parts).
//!
//! cited carries them in English, French, Spanish and German (`words/*.yaml`, one file per language with
//! exactly the same keys). A site picks them by its language's first part (`fr-CA` reads `fr`),
//! changes single ones under `words:` in `site.yaml`, and for any other language gives them all
//! there. This module owns the keys, the bundled texts and how the two combine; the checker
//! reports a site whose words do not add up (`E0003`, `E0004`, `E0011`) and the renderer takes
//! [`Words::for_site`] as it is.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::config::SiteConfig;

/// Declares [`Words`] and [`KEYS`] from one list, so a key cannot lack its field or its
/// placeholders.
macro_rules! words {
    ($($key:ident $([$($placeholder:literal),*])?;)*) => {
        /// Every word of one language, filled in.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
        pub struct Words {
            $(
                #[doc = concat!("`", stringify!($key), "`")]
                pub $key: String,
            )*
        }

        /// Every key, in order, with the placeholders its text must hold (`{n}`).
        pub const KEYS: &[(&str, &[&str])] = &[$((stringify!($key), &[$($($placeholder),*)?]),)*];

        impl Words {
            /// The text of `key`, if it is one.
            pub fn get(&self, key: &str) -> Option<&str> {
                match key {
                    $(stringify!($key) => Some(&self.$key),)*
                    _ => None,
                }
            }

            /// Sets `key`; false if there is no such key.
            fn set(&mut self, key: &str, text: String) -> bool {
                match key {
                    $(stringify!($key) => self.$key = text,)*
                    _ => return false,
                }
                true
            }
        }
    };
}

words! {
    skip_link; nav_label; nav_home; nav_references; nav_about; colon; published_by;
    contact_editors; privacy_statement; privacy_checklists; editorial_policy; all_references; feed;
    online_version;
    on_this_page; written_by; reviewed_by; published; review; last_reviewed; next_review;
    notes; back_to_note ["{n}"];
    references; references_description ["{site}"]; references_intro; references_intro_print; cited_in; cited_above; cited;
    citation; in_page; more_pages_one ["{n}"]; more_pages_other ["{n}"];
    tap_again; notice_link; retracted; retracted_text; withdrawn_text; concern; concern_text; corrected;
    corrected_text; recorded_by ["{source}"];
    checklist_description ["{title}"]; not_diagnosis; checklist_purpose; answers_stay; tick_with_pen; checklist_prompt;
    checklist_summary ["{n}", "{total}"]; ticked_one ["{n}"]; ticked_range ["{min}", "{max}"];
    tally ["{total}"]; ticked_mark; print_answers; copy_answers; copied; copy_refused; remember_answers;
    clear_answers;
    guides; handouts; not_found; not_found_text; home_page; see_all_references;
    about; about_description ["{site}"]; about_publisher; about_no_publisher; about_checks; about_checks_text; about_names;
    about_names_reviewed ["{days}"]; about_required; about_funding; about_advertising;
    about_no_statement; about_privacy; about_privacy_text;
}

/// The texts a language file gives for a site that writes none of its own: the crisis notice
/// and the disclaimer (markdown). They are not words: `crisis:` and `disclaimer:` in
/// `site.yaml` replace them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// The crisis notice's heading.
    pub crisis_heading: String,
    /// The crisis notice (markdown, its numbers `tel:` links).
    pub crisis_text: String,
    /// The disclaimer (markdown).
    pub disclaimer: String,
}

/// One bundled language: its words and its default texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundled {
    /// The words.
    pub words: Words,
    /// The default crisis notice and disclaimer.
    pub defaults: Defaults,
}

/// The languages cited has words in, by their tag's first part, with their files.
const BUNDLED: &[(&str, &str)] = &[
    ("de", include_str!("../words/de.yaml")),
    ("en", include_str!("../words/en.yaml")),
    ("es", include_str!("../words/es.yaml")),
    ("fr", include_str!("../words/fr.yaml")),
];

/// The languages cited has words in (`de`, `en`, `es`, `fr`).
pub fn bundled_languages() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(language, _)| *language)
}

/// The bundled words of `language` (a BCP 47 tag: `fr-CA` reads `fr`), if cited has them.
pub fn bundled(language: &str) -> Option<&'static Bundled> {
    // Each language is read the first time a site asks for it, and only then.
    static PARSED: [OnceLock<Option<Bundled>>; BUNDLED.len()] =
        [const { OnceLock::new() }; BUNDLED.len()];
    let first = primary_language(language);
    let at = BUNDLED.iter().position(|(tag, _)| *tag == first)?;
    PARSED
        .get(at)?
        .get_or_init(|| parse_bundled(BUNDLED[at].1).ok())
        .as_ref()
}

/// The bundled words and defaults a site starts from: its language's, or English when cited
/// has none for it (the checker then reports E0011).
pub fn bundled_for(config: Option<&SiteConfig>) -> &'static Bundled {
    bundled(&SiteConfig::language_of(config)).unwrap_or_else(english)
}

/// English, the words of a site that has no language or no words of its own to use.
pub fn english() -> &'static Bundled {
    static FALLBACK: OnceLock<Bundled> = OnceLock::new();
    bundled("en").unwrap_or_else(|| {
        FALLBACK.get_or_init(|| Bundled {
            words: Words::default(),
            defaults: Defaults::default(),
        })
    })
}

/// `fr` of `fr-CA`, `es` of `ES-419`: a tag's language, in lowercase.
pub fn primary_language(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A bundled file read into its words and defaults; the keys it lacks or has beyond [`KEYS`]
/// (a test keeps every file whole).
fn parse_bundled(text: &str) -> Result<Bundled, String> {
    let map: BTreeMap<String, String> = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    let mut words = Words::default();
    let mut defaults = Defaults::default();
    let mut seen = 0;
    for (key, value) in map {
        match key.as_str() {
            "default_crisis_heading" => defaults.crisis_heading = value,
            "default_crisis_text" => defaults.crisis_text = value,
            "default_disclaimer" => defaults.disclaimer = value,
            _ if words.set(&key, value) => seen += 1,
            _ => return Err(format!("`{key}` is not a word")),
        }
    }
    if seen != KEYS.len() {
        return Err(format!("{} of {} words", seen, KEYS.len()));
    }
    Ok(Bundled { words, defaults })
}

/// Every word in English as `site.yaml` would give them, under `words:`, ready to translate.
pub fn english_as_yaml() -> String {
    let english = &english().words;
    let mut yaml = String::from("words:\n");
    for (key, _) in KEYS {
        let text = english.get(key).unwrap_or_default();
        let quoted = text.replace('\\', "\\\\").replace('"', "\\\"");
        yaml.push_str(&format!("  {key}: \"{quoted}\"\n"));
    }
    yaml
}

/// Placeholders (`{n}`) written in `text`, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        match after.find('}') {
            Some(close) => {
                found.push(&after[..=close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    found
}

/// The placeholders `key` must hold, if it is a key.
pub fn placeholders_of(key: &str) -> Option<&'static [&'static str]> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, p)| *p)
}

impl Words {
    /// The words a site is published with: its language's bundled words (English when cited has
    /// none), with the ones `site.yaml` writes under `words:` in their place. A word the checker
    /// would refuse (an unknown key, a blank text, a placeholder missing) is left as bundled, so
    /// rendering never depends on the check having run.
    pub fn for_site(config: Option<&SiteConfig>) -> Words {
        let mut words = bundled_for(config).words.clone();
        for (key, text) in config.map(|c| &c.words).into_iter().flatten() {
            if override_problem(&key.value, &text.value).is_none() {
                words.set(&key.value, text.value.clone());
            }
        }
        words
    }

    /// `text` of `key` with each `{name}` replaced by its value.
    pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(text.to_owned(), |text, (name, value)| {
            text.replace(name, value)
        })
    }
}

/// What is wrong with `text` as the word `key` in `site.yaml`; `None` if it can be used.
pub fn override_problem(key: &str, text: &str) -> Option<OverrideProblem> {
    let Some(required) = placeholders_of(key) else {
        return Some(OverrideProblem::UnknownKey);
    };
    if text.trim().is_empty() {
        return Some(OverrideProblem::Blank);
    }
    let written = placeholders(text);
    if let Some(missing) = required.iter().find(|p| !written.contains(p)) {
        return Some(OverrideProblem::MissingPlaceholder(missing));
    }
    if let Some(unknown) = written.iter().find(|p| !required.contains(p)) {
        return Some(OverrideProblem::UnknownPlaceholder((*unknown).to_owned()));
    }
    None
}

/// Why a word in `site.yaml` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideProblem {
    /// No word has this key.
    UnknownKey,
    /// The text is empty or only spaces.
    Blank,
    /// A placeholder the word needs is not in the text.
    MissingPlaceholder(&'static str),
    /// The text has a placeholder this word does not fill.
    UnknownPlaceholder(String),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn every_bundled_language_has_every_word_with_its_placeholders() {
        for (language, text) in BUNDLED {
            let bundled = parse_bundled(text).unwrap_or_else(|e| panic!("{language}: {e}"));
            for (key, required) in KEYS {
                let word = bundled.words.get(key).unwrap();
                assert!(!word.trim().is_empty(), "{language}: `{key}` is blank");
                let mut written = placeholders(word);
                written.sort_unstable();
                let mut required = required.to_vec();
                required.sort_unstable();
                assert_eq!(written, required, "{language}: `{key}`");
            }
            let defaults = &bundled.defaults;
            for text in [
                &defaults.crisis_heading,
                &defaults.crisis_text,
                &defaults.disclaimer,
            ] {
                assert!(
                    !text.trim().is_empty(),
                    "{language}: a default text is blank"
                );
            }
        }
    }

    #[test]
    fn a_file_with_a_word_missing_or_extra_is_refused() {
        let whole = BUNDLED[0].1;
        let missing = whole.replace("skip_link:", "# skip_link:");
        assert!(parse_bundled(&missing).is_err());
        let extra = format!("{whole}\nskip_links: \"Skip\"\n");
        assert!(parse_bundled(&extra).is_err());
    }

    #[test]
    fn the_english_words_as_yaml_read_back_as_they_are() {
        let yaml = english_as_yaml();
        let map: BTreeMap<String, BTreeMap<String, String>> =
            serde_saphyr::from_str(&yaml).unwrap();
        let words = &map["words"];
        assert_eq!(words.len(), KEYS.len());
        for (key, _) in KEYS {
            assert_eq!(
                words.get(*key).map(String::as_str),
                english().words.get(key),
                "{key}"
            );
        }
    }

    #[test]
    fn a_language_is_found_by_its_first_part() {
        assert_eq!(bundled("fr-CA").unwrap().words.nav_home, "Accueil");
        assert_eq!(bundled("ES-419").unwrap().words.nav_home, "Inicio");
        assert_eq!(bundled("en-GB").unwrap().words.nav_home, "Home");
        assert!(bundled("nl").is_none());
        assert!(bundled("").is_none());
    }

    #[test]
    fn translations_are_not_english() {
        let en = &english().words;
        for language in ["de", "fr", "es"] {
            let words = &bundled(language).unwrap().words;
            let same: Vec<_> = KEYS
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| words.get(k) == en.get(k))
                .collect();
            // Words spelt alike in both languages, and the punctuation.
            for key in &same {
                assert!(
                    [
                        "colon",
                        "notes",
                        "guides",
                        "nav_label",
                        "citation",
                        "feed",
                        "in_page",
                    ]
                    .contains(key),
                    "{language}: `{key}` is still English"
                );
            }
        }
    }

    #[test]
    fn an_override_keeps_its_placeholders() {
        assert_eq!(override_problem("ticked_one", "If you ticked {n}"), None);
        assert_eq!(
            override_problem("ticked_ones", "x"),
            Some(OverrideProblem::UnknownKey)
        );
        assert_eq!(
            override_problem("ticked_one", "  "),
            Some(OverrideProblem::Blank)
        );
        assert_eq!(
            override_problem("ticked_one", "If you ticked"),
            Some(OverrideProblem::MissingPlaceholder("{n}"))
        );
        assert_eq!(
            override_problem("ticked_one", "If you ticked {count} {n}"),
            Some(OverrideProblem::UnknownPlaceholder("{count}".to_owned()))
        );
        assert_eq!(
            override_problem("skip_link", "Skip {here}"),
            Some(OverrideProblem::UnknownPlaceholder("{here}".to_owned()))
        );
    }
}
