//! Dates written in words, as a CSL locale writes them: its `text` date form ("December 5, 2026"
//! in `en-US`, "5 December 2026" in `en-GB`, "5. Dezember 2026" in `de-DE`).
//!
//! The locale owns how a date reads, for the whole site: a page's review dates and the
//! bibliography's "Accessed …" come from the same definition, so one page never shows two forms.
//! The date goes through the CSL engine itself, with a style that prints nothing but
//! `<date variable="issued" form="text"/>`: ordinal days (`de-DE`), numeric months (`ja-JP`),
//! prefixes (`es-MX`) and every other locale's own rules come with it, without a second writer.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::{CitationStyle, CiteItem, CslError, format_site};

/// A style whose only output is the cited item's `issued` date in the locale's `text` form.
const TEXT_DATE_STYLE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>A date in the locale's text form</title>
    <id>cited-text-date</id>
    <updated>2026-12-05T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout>
      <date variable="issued" form="text"/>
    </layout>
  </citation>
</style>"#;

/// Writes dates in one locale's `text` form, each date once: a site shows the same few dates
/// (published, reviewed, next review) on many pages.
#[derive(Debug)]
pub struct TextDates {
    locale: String,
    written: Mutex<HashMap<(i16, i8, i8), Option<String>>>,
}

impl TextDates {
    /// Dates in `locale` (a CSL locale code such as `en-US` or `de`; hayagriva's fallback for a
    /// code it has no file for, as for citations).
    pub fn new(locale: &str) -> TextDates {
        TextDates {
            locale: locale.to_owned(),
            written: Mutex::new(HashMap::new()),
        }
    }

    /// The locale these dates are written in.
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// `year`-`month`-`day` in words (`None` for a date that does not exist, or one the engine
    /// cannot write).
    pub fn write(&self, year: i16, month: i8, day: i8) -> Option<String> {
        let valid = jiff::civil::Date::new(year, month, day).is_ok();
        if !valid {
            return None;
        }
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        written
            .entry((year, month, day))
            .or_insert_with(|| write_once(&self.locale, year, month, day).ok())
            .clone()
    }
}

/// One date through the CSL engine.
fn write_once(locale: &str, year: i16, month: i8, day: i8) -> Result<String, CslError> {
    static STYLE: OnceLock<Result<CitationStyle, CslError>> = OnceLock::new();
    let style = STYLE
        .get_or_init(|| CitationStyle::from_csl_xml(TEXT_DATE_STYLE))
        .as_ref()
        .map_err(Clone::clone)?;
    let item = serde_json::json!({
        "type": "document",
        "issued": {"date-parts": [[year, month, day]]},
    });
    let site = format_site(
        style,
        locale,
        &[("date".to_owned(), item)],
        &[vec![CiteItem::new("date")]],
        false,
    )?;
    site.citations
        .into_iter()
        .next()
        .map(|c| c.text)
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| CslError::new(crate::Subject::Engine, "the locale wrote no date"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_date_reads_as_its_locale_writes_it() {
        let cases = [
            ("en-US", (2026, 3, 5), "March 5, 2026"),
            ("en-GB", (2026, 3, 5), "5 March 2026"),
            ("fr-FR", (2026, 8, 1), "1 août 2026"),
            ("fr", (2026, 8, 1), "1 août 2026"),
            ("de-DE", (2026, 12, 5), "5. Dezember 2026"),
            ("es-ES", (2026, 12, 31), "31 de diciembre de 2026"),
            ("ja-JP", (2026, 12, 5), "2026年12月5日"),
        ];
        for (locale, (y, m, d), expected) in cases {
            assert_eq!(
                TextDates::new(locale).write(y, m, d).as_deref(),
                Some(expected),
                "{locale}"
            );
        }
    }

    #[test]
    fn a_date_that_does_not_exist_is_not_written() {
        let dates = TextDates::new("en-US");
        assert_eq!(dates.write(2026, 2, 30), None);
        assert_eq!(dates.write(2026, 13, 1), None);
        assert_eq!(dates.write(2026, 0, 1), None);
    }

    #[test]
    fn each_date_is_written_once() {
        let dates = TextDates::new("en-GB");
        let first = dates.write(2027, 1, 2);
        assert_eq!(first.as_deref(), Some("2 January 2027"));
        assert_eq!(dates.write(2027, 1, 2), first);
        assert_eq!(dates.written.lock().unwrap().len(), 1);
    }
}
