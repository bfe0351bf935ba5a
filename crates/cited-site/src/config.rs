//! `content/site.yaml`: the site's settings. Only `title` and `base_url` are required.

use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::yaml::Located;

/// The citation style used when `site.yaml` names none.
pub const DEFAULT_CITATION_STYLE: &str = "american-medical-association";

/// The parsed `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name.
    pub title: Located<String>,
    /// Where the site is published, possibly with a path (`https://user.github.io/repo/`).
    pub base_url: Located<String>,
    /// BCP 47 language tag of the content (`en` when not given; see [`SiteConfig::language`]).
    #[serde(default, rename = "language")]
    pub language_tag: Option<Located<String>>,
    /// One or two sentences about the site, for the home page and metadata.
    #[serde(default)]
    pub description: Option<Located<String>>,
    /// A bundled CSL style name, or a path (relative to the site root) to an independent `.csl` file.
    #[serde(default)]
    pub citation_style: Option<Located<String>>,
    /// How citations are numbered and disambiguated (`citations: {numbering: site}`).
    #[serde(default)]
    pub citations: CitationSettings,
    /// The theme's folder name under `themes/`.
    #[serde(default)]
    pub theme: Option<Located<String>>,
    /// Who publishes the site.
    #[serde(default)]
    pub publisher: Option<Publisher>,
    /// The editorial policy the checker enforces.
    #[serde(default)]
    pub policy: Policy,
    /// The crisis notice shown near the top of every page.
    #[serde(default)]
    pub crisis: Option<CrisisNotice>,
    /// The disclaimer shown on every page (markdown).
    #[serde(default)]
    pub disclaimer: Option<Located<String>>,
    /// What counts as a claim.
    #[serde(default)]
    pub claims: ClaimSettings,
    /// Severity overrides per rule and path glob.
    #[serde(default)]
    pub rules: Vec<RuleOverride>,
    /// The reading-grade threshold.
    #[serde(default)]
    pub readability: Option<ReadabilitySettings>,
    /// Pictures: the hosts remote images may come from, and the largest file published.
    #[serde(default)]
    pub images: ImageSettings,
    /// Words the theme prints, in place of cited's own for the site's language
    /// (`words: {guides: "Health A to Z"}`; the keys are [`crate::words::KEYS`]).
    #[serde(default)]
    pub words: std::collections::BTreeMap<Located<String>, Located<String>>,
}

/// The largest image file published when `images.max_bytes` is not set: 5 MB is a large photo
/// already; readers on a phone pay for every byte.
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 5_000_000;

/// `images:` in `content/site.yaml`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    /// Hosts (`images.example.org`) that pages may show images from: the pages'
    /// Content-Security-Policy lets exactly these through (`img-src 'self' https://host`).
    #[serde(default)]
    pub allowed_hosts: Vec<Located<String>>,
    /// The largest image file, in bytes (default [`DEFAULT_MAX_IMAGE_BYTES`]).
    #[serde(default)]
    pub max_bytes: Option<Located<u64>>,
}

/// Whether `host` may be listed in `images.allowed_hosts`: a DNS name in lowercase letters,
/// digits, `-` and `.` (it is written into every page's Content-Security-Policy, where a space,
/// `;` or `*` would change the policy).
pub fn is_image_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

impl ImageSettings {
    /// The hosts that pass [`is_image_host`], as the Content-Security-Policy lists them.
    pub fn hosts(&self) -> impl Iterator<Item = &str> {
        self.allowed_hosts
            .iter()
            .map(|h| h.value.as_str())
            .filter(|h| is_image_host(h))
    }

    /// The largest image file published, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
            .as_ref()
            .map_or(DEFAULT_MAX_IMAGE_BYTES, |m| m.value)
    }
}

/// Readability settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReadabilitySettings {
    /// Pages whose Flesch–Kincaid grade is above this get warning E0606.
    pub max_grade: Located<f64>,
}

/// The language of a site whose `site.yaml` names none (or that has no `site.yaml`).
pub const DEFAULT_LANGUAGE: &str = "en";

impl SiteConfig {
    /// The language of the site `config` describes: [`SiteConfig::language`], or
    /// [`DEFAULT_LANGUAGE`] without a `site.yaml`.
    pub fn language_of(config: Option<&SiteConfig>) -> String {
        config.map_or_else(|| DEFAULT_LANGUAGE.to_owned(), SiteConfig::language)
    }

    /// The content's BCP 47 language tag, `language:` or `en`, in its canonical case: tags
    /// are case-insensitive, so `EN-gb` is `en-GB` (the locale's name, and `<html lang>`). A
    /// tag that is not well formed is returned as written; the checker reports it (E0004).
    pub fn language(&self) -> String {
        let Some(tag) = &self.language_tag else {
            return DEFAULT_LANGUAGE.to_owned();
        };
        icu_locale_core::Locale::try_from_str(&tag.value)
            .map_or_else(|_| tag.value.clone(), |locale| locale.to_string())
    }
}

/// The publisher's identity and contact.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Name of the organisation.
    pub name: String,
    /// Its web site.
    #[serde(default)]
    pub url: Option<Located<String>>,
    /// How to reach the editors (`mailto:` or `https:`).
    #[serde(default)]
    pub contact: Option<Located<String>>,
}

/// The editorial policy: what each page must declare, and how often it is reviewed.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Days between reviews; `next_review` may be at most this far after `last_reviewed`.
    #[serde(default)]
    pub review_interval_days: Option<Located<u32>>,
    /// Front-matter fields every page must have.
    #[serde(default)]
    pub required: Vec<Located<String>>,
    /// Who funds the site.
    #[serde(default)]
    pub funding: Option<String>,
    /// Conflicts of interest.
    #[serde(default)]
    pub conflicts: Option<String>,
    /// The advertising statement.
    #[serde(default)]
    pub advertising: Option<String>,
}

/// The crisis notice: a heading and a short markdown text.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisNotice {
    /// "If you are in crisis".
    pub heading: String,
    /// Where to get help now (markdown, links allowed).
    pub text: Located<String>,
}

/// Citation settings.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitationSettings {
    /// Whether each page numbers its citations from 1 (the default) or the site as a whole.
    #[serde(default)]
    pub numbering: Numbering,
}

/// What citations are numbered within.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// Each page (and each standalone checklist) is formatted as a document of its own, as
    /// Pandoc formats one file: its first citation is 1 and its bibliography lists its sources.
    #[default]
    Page,
    /// The whole site is one document: numbers run on from page to page.
    Site,
}

/// Claim detection settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSettings {
    /// Whether a sentence with a figure is a claim.
    #[serde(default = "yes")]
    pub figures: bool,
    /// Replaces the built-in evidential phrases.
    #[serde(default)]
    pub phrases: Option<Vec<String>>,
    /// Adds to the evidential phrases.
    #[serde(default)]
    pub extra_phrases: Vec<String>,
}

impl Default for ClaimSettings {
    fn default() -> Self {
        ClaimSettings {
            figures: true,
            phrases: None,
            extra_phrases: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_hosts_are_plain_dns_names() {
        assert!(is_image_host("images.example.org"));
        assert!(is_image_host("cdn-1.example.org"));
        assert!(!is_image_host("*.example.org"));
        assert!(!is_image_host("example.org; script-src *"));
        assert!(!is_image_host("Example.org"));
        assert!(!is_image_host("https://example.org"));
        assert!(!is_image_host(""));
        assert!(!is_image_host("a..b"));
    }

    /// Language tags are case-insensitive: `EN` is English, and is written `en`.
    #[test]
    fn the_language_is_in_its_canonical_case() {
        let language = |tag: Option<&str>| {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("content")).unwrap();
            let line = tag.map(|t| format!("language: {t}\n")).unwrap_or_default();
            let yaml = format!("title: Site\nbase_url: https://example.org/\n{line}");
            std::fs::write(dir.path().join("content/site.yaml"), yaml).unwrap();
            crate::load(dir.path()).site.config.unwrap().language()
        };
        assert_eq!(language(None), "en");
        assert_eq!(language(Some("EN")), "en");
        assert_eq!(language(Some("en-gb")), "en-GB");
        assert_eq!(language(Some("ZH-hant-tw")), "zh-Hant-TW");
        // Not a tag: as written, for the checker to report.
        assert_eq!(language(Some("English language")), "English language");
    }
}

fn yes() -> bool {
    true
}

/// Changes the severity of one rule, optionally only for some paths.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    /// The rule code, e.g. `E0301`.
    pub rule: Located<String>,
    /// The new severity: `error`, `warning` or `off`.
    pub severity: Severity,
    /// Path globs relative to the site root; empty means everywhere.
    #[serde(default)]
    pub paths: Vec<Located<String>>,
}
