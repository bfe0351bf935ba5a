//! Dates in words ([`cited_csl::TextDates`], the review dates on every page) against Pandoc's
//! `text` date form, locale by locale: the page's dates must read as its bibliography's.

use std::process::Command;

/// The style both sides use: the cited item's `issued` date in the locale's `text` form.
const STYLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Text date</title><id>text-date</id><updated>2026-12-05T00:00:00+00:00</updated></info>
  <citation><layout><date variable="issued" form="text"/></layout></citation>
</style>"#;

/// Locales with each kind of rule: month first or day first, an ordinal day (`de-DE`, `pt-BR`),
/// a numeric month (`ja-JP`), a prefix (`es-MX`), a suffix after the year (`ru-RU`); and tags
/// with no locale file of their own, which fall back as Pandoc's do (`en-AU` to `en-US`).
const LOCALES: &[&str] = &[
    "en-US", "en-GB", "de-DE", "fr-FR", "fr-CA", "es-ES", "es-MX", "pt-BR", "nl-NL", "ja-JP",
    "ru-RU", "it-IT", "pl-PL", "sv-SE", "en", "en-AU", "en-IE", "de-AT", "pt", "es-419", "fr-CH",
];

/// Year, month, day.
type Date = (i16, i8, i8);

/// First and last days, single and double digits, every month.
const DATES: &[Date] = &[
    (2026, 1, 1),
    (2026, 2, 2),
    (2026, 3, 3),
    (2026, 4, 11),
    (2026, 5, 21),
    (2026, 6, 22),
    (2026, 7, 23),
    (2026, 8, 31),
    (2026, 9, 30),
    (2026, 10, 10),
    (2026, 11, 27),
    (2027, 12, 5),
];

/// Where cited differs from Pandoc 3.9 on purpose: (locale, date, cited's, Pandoc's). The CSL
/// locales' own `de-AT` names January "Jänner", as hayagriva's bundled copy does; Pandoc's
/// citeproc has no `de-AT` of its own and writes `de-DE`'s "Januar".
const DIFFERENT: &[(&str, Date, &str, &str)] =
    &[("de-AT", (2026, 1, 1), "1. Jänner 2026", "1. Januar 2026")];

#[test]
fn dates_in_words_match_pandoc() {
    let Some(pandoc) = super::find_pandoc() else {
        return;
    };
    let work = tempfile::tempdir().expect("temporary folder");
    let style = work.path().join("text-date.csl");
    std::fs::write(&style, STYLE).expect("style written");
    let items: Vec<serde_json::Value> = DATES
        .iter()
        .enumerate()
        .map(|(i, (y, m, d))| {
            serde_json::json!({"id": format!("d{i}"), "type": "document",
                "issued": {"date-parts": [[y, m, d]]}})
        })
        .collect();
    let bibliography = work.path().join("dates.json");
    std::fs::write(&bibliography, serde_json::to_string(&items).expect("json"))
        .expect("bibliography written");
    let mut differences = Vec::new();
    for locale in LOCALES {
        let markdown = work.path().join(format!("{locale}.md"));
        let body: Vec<String> = (0..DATES.len()).map(|i| format!("[@d{i}]")).collect();
        std::fs::write(
            &markdown,
            format!("---\nlang: {locale}\n---\n\n{}\n", body.join("\n\n")),
        )
        .expect("markdown written");
        let out = Command::new(&pandoc)
            .arg("--citeproc")
            .arg("--csl")
            .arg(&style)
            .arg("--bibliography")
            .arg(&bibliography)
            .args(["-t", "plain", "--wrap=none"])
            .arg(&markdown)
            .output()
            .expect("pandoc runs");
        assert!(
            out.status.success(),
            "{locale}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split("\n\n")
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(theirs.len(), DATES.len(), "{locale}: {theirs:?}");
        let dates = cited_csl::TextDates::new(locale);
        for (&(y, m, d), theirs) in DATES.iter().zip(&theirs) {
            let ours = dates.write(y, m, d).unwrap_or_default();
            let known = DIFFERENT
                .iter()
                .find(|(l, date, _, _)| l == locale && *date == (y, m, d));
            if let Some((_, _, cited, pandoc)) = known {
                assert_eq!(
                    (ours.as_str(), theirs.as_str()),
                    (*cited, *pandoc),
                    "{locale}"
                );
                continue;
            }
            if &ours != theirs {
                differences.push(format!(
                    "{locale} {y}-{m:02}-{d:02}: cited `{ours}`, Pandoc `{theirs}`"
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
