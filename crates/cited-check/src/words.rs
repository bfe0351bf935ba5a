//! The theme's words are in the site's language (E0011), and the ones `site.yaml` changes under
//! `words:` can be used (E0003 for a key that is no word, E0004 for a blank text or a placeholder
//! lost or made up). [`cited_site::words`] owns the words; this module only judges a site's.

use cited_site::words::{self, KEYS, OverrideProblem};
use cited_site::{Code, Diagnostic, Site};

/// The words a hint names before it says how many more there are.
const NAMED_IN_HINT: usize = 6;

/// Checks `words:` and whether the site's `language` has all its words.
pub fn check_words(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(config) = site.config.as_ref() else {
        return;
    };
    for (key, text) in &config.words {
        let Some(problem) = words::override_problem(&key.value, &text.value) else {
            continue;
        };
        out.push(match problem {
            OverrideProblem::UnknownKey => {
                let hint = match key.value.strip_prefix("default_") {
                    Some("crisis_heading" | "crisis_text") => {
                        "write the crisis notice under `crisis:` (`heading:` and `text:`)".to_owned()
                    }
                    Some("disclaimer") => "write the disclaimer as `disclaimer:`".to_owned(),
                    _ if is_date_word(&key.value) => "dates are written as the CSL locale of \
                        the site's `language` writes them, in the bibliography as on the page: \
                        `language: en-GB` writes 5 December 2026, `en-US` December 5, 2026"
                        .to_owned(),
                    _ => match cited_site::did_you_mean(&key.value, KEYS.iter().map(|(k, _)| *k)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`cited explain E0011` lists every word".to_owned(),
                    },
                };
                Diagnostic::new(
                    Code::E0003,
                    key.span.clone(),
                    format!("`words` has no word `{}`: the theme would never print it", key.value),
                )
                .with_hint(hint)
            }
            OverrideProblem::Blank => Diagnostic::new(
                Code::E0004,
                text.span.clone(),
                format!("the word `{}` is empty: readers would see nothing where it goes", key.value),
            )
            .with_hint("write its text, or delete the line to use cited's own"),
            OverrideProblem::MissingPlaceholder(missing) => Diagnostic::new(
                Code::E0004,
                text.span.clone(),
                format!(
                    "the word `{}` has no `{missing}`: what cited fills in there would be missing",
                    key.value
                ),
            )
            .with_hint(format!("write `{missing}` where it goes, as in {}", english_of(&key.value))),
            OverrideProblem::UnknownPlaceholder(unknown) => {
                let fills = words::placeholders_of(&key.value).unwrap_or_default();
                Diagnostic::new(
                    Code::E0004,
                    text.span.clone(),
                    format!(
                        "`{unknown}` in the word `{}` is filled in by nothing: readers would see `{unknown}`",
                        key.value
                    ),
                )
                .with_hint(if fills.is_empty() {
                    format!("this word fills in nothing; as in {}", english_of(&key.value))
                } else {
                    format!("this word fills in {}; as in {}", fills.join(", "), english_of(&key.value))
                })
            }
        });
    }
    check_language_has_words(site, out);
}

/// `"If you ticked {n}"`: the English word, quoted, for a hint.
fn english_of(key: &str) -> String {
    words::english()
        .words
        .get(key)
        .map_or_else(String::new, |text| format!("the English `{text}`"))
}

/// E0011: a language cited has no words in, and `site.yaml` does not give them all.
fn check_language_has_words(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(config) = site.config.as_ref() else {
        return;
    };
    let Some(tag) = config.language_tag.as_ref() else {
        return;
    };
    let language = config.language();
    // A tag that is no language tag (E0004), or names a language CSL has no locale for (E0209
    // when citations are formatted), is reported as such: asking for its words would not help.
    if words::bundled(&language).is_some()
        || icu_locale_core::Locale::try_from_str(&tag.value).is_err()
        || !cited_csl::has_locale(&language)
    {
        return;
    }
    let given = |key: &str| {
        config
            .words
            .iter()
            .any(|(k, text)| k.value == key && words::override_problem(key, &text.value).is_none())
    };
    let missing: Vec<&str> = KEYS.iter().map(|(k, _)| *k).filter(|k| !given(k)).collect();
    let mut texts = Vec::new();
    if config.crisis.is_none() {
        texts.push("`crisis:`");
    }
    if config.disclaimer.is_none() {
        texts.push("`disclaimer:`");
    }
    if missing.is_empty() && texts.is_empty() {
        return;
    }
    let mut asks = Vec::new();
    if !missing.is_empty() {
        let named = missing
            .iter()
            .take(NAMED_IN_HINT)
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let rest = missing.len().saturating_sub(NAMED_IN_HINT);
        asks.push(if rest > 0 {
            format!(
                "the {} words it lacks under `words:` ({named} and {rest} more)",
                missing.len()
            )
        } else {
            format!("the words it lacks under `words:` ({named})")
        });
    }
    if !texts.is_empty() {
        asks.push(format!("{} in that language", texts.join(" and ")));
    }
    let languages = words::bundled_languages()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(
        Diagnostic::new(
            Code::E0011,
            tag.span.clone(),
            format!(
                "cited has no words in `{language}`: the skip link, \"References\", the review dates' labels and the checklist's buttons would be published in English on pages marked `{language}`"
            ),
        )
        .with_hint(format!(
            "give {} in content/site.yaml (`cited explain E0011` prints the words in English, ready to translate), or write a language cited has words in: {languages}",
            asks.join(", and ")
        )),
    );
}

/// `date` and `month_01` to `month_12`: words a site could once set, before dates were its
/// CSL locale's to write.
fn is_date_word(key: &str) -> bool {
    key == "date"
        || key
            .strip_prefix("month_")
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=12).contains(&n))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn site(yaml: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/site.yaml"), yaml).unwrap();
        let loaded = cited_site::load(dir.path());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.site
    }

    fn check(yaml: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_words(&site(yaml), &mut out);
        out
    }

    const HEAD: &str = "title: T\nbase_url: https://example.org/\n";

    #[test]
    fn bundled_languages_and_english_need_nothing() {
        for language in ["en", "en-GB", "fr", "fr-CA", "es-419", "de-AT"] {
            assert!(
                check(&format!("{HEAD}language: {language}\n")).is_empty(),
                "{language}"
            );
        }
        // CSL has no locale for it: E0209 says so when citations are formatted.
        assert!(check(&format!("{HEAD}language: xx-YY\n")).is_empty());
        assert!(check(HEAD).is_empty());
    }

    #[test]
    fn a_language_without_words_is_an_error_until_the_site_gives_them() {
        let diags = check(&format!("{HEAD}language: nl\n"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::E0011);
        let hint = diags[0].hint.as_deref().unwrap();
        assert!(hint.contains("`skip_link`"), "{hint}");
        assert!(hint.contains("`crisis:` and `disclaimer:`"), "{hint}");

        let mut whole = format!(
            "{HEAD}language: nl\ncrisis:\n  heading: Hulp\n  text: Bel 113.\ndisclaimer: Algemene informatie.\nwords:\n"
        );
        for (key, placeholders) in KEYS {
            whole.push_str(&format!("  {key}: \"w {}\"\n", placeholders.join(" ")));
        }
        assert!(check(&whole).is_empty());
        // One word short.
        let short = whole.replace("  skip_link: \"w \"\n", "");
        let diags = check(&short);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].hint.as_deref().unwrap().contains("(`skip_link`)"));
    }

    #[test]
    fn words_that_cannot_be_used_are_errors_at_their_place() {
        let diags = check(&format!(
            "{HEAD}words:\n  guide: Health A to Z\n  ticked_one: If you ticked\n  ticked_range: \"{{min}} to {{max}} {{count}}\"\n  feed: \" \"\n  default_crisis_text: Call 112.\n"
        ));
        let codes: Vec<_> = diags.iter().map(|d| (d.code, &d.message)).collect();
        assert_eq!(diags.len(), 5, "{codes:?}");
        let of = |word: &str| diags.iter().find(|d| d.message.contains(word)).unwrap();
        assert_eq!(of("`guide`").code, Code::E0003);
        assert_eq!(
            of("`guide`").hint.as_deref(),
            Some("did you mean `guides`?")
        );
        assert_eq!(of("`default_crisis_text`").code, Code::E0003);
        assert!(
            of("no `{n}`")
                .hint
                .as_deref()
                .unwrap()
                .contains("If you ticked {n}")
        );
        assert_eq!(of("`{count}`").code, Code::E0004);
        assert_eq!(of("`feed` is empty").code, Code::E0004);
    }

    #[test]
    fn a_date_word_says_the_locale_writes_dates() {
        let diags = check(&format!(
            "{HEAD}words:\n  date: \"{{month}} {{day}}, {{year}}\"\n  month_05: \"Mai\"\n  month_13: \"x\"\n"
        ));
        let codes: Vec<_> = diags.iter().map(|d| (d.code, &d.message)).collect();
        assert_eq!(diags.len(), 3, "{codes:?}");
        for word in ["`date`", "`month_05`"] {
            let d = diags.iter().find(|d| d.message.contains(word)).unwrap();
            assert_eq!(d.code, Code::E0003);
            assert!(
                d.hint.as_deref().unwrap().contains("`language: en-GB`"),
                "{word}"
            );
        }
        let other = diags
            .iter()
            .find(|d| d.message.contains("`month_13`"))
            .unwrap();
        assert!(!other.hint.as_deref().unwrap().contains("locale"));
    }
}
