//! Citation formatting with CSL styles, on hayagriva's CSL engine. No knowledge of the site model:
//! it takes CSL-JSON items and citation clusters, and gives back escaped HTML and plain text.
//!
//! - [`CitationStyle`]: a style, bundled by name or read from independent CSL 1.0 XML.
//! - [`format_site`]: every citation and the bibliography in one driver pass, so numbering
//!   (numeric styles) and disambiguation (author-date styles) are consistent and every
//!   reference is formatted once.
//! - [`TextDates`]: a date in words as the locale writes it (its `text` date form), for the dates
//!   a page shows beside its bibliography.
//! - [`escape`]: the one HTML escaping function of cited (this is the lowest crate that writes
//!   HTML; the renderer uses it too).
//!
//! hayagriva's own HTML writer is not used: it does not escape text or URLs and it emits inline
//! `style=` attributes. [`Formatted`] is produced by a walker over hayagriva's output tree that
//! escapes all text, maps formatting to plain tags or class-only spans, and only links `http(s)`
//! URLs.
//!
//! Known hayagriva 0.10.1 limitations handled here:
//! - CSL-JSON date *ranges* make hayagriva panic; only the start of a range is kept.
//! - Empty `date-parts` make citationberg panic; they are rejected with an error, as are
//!   months and days out of range. `driver.finish` also runs under `catch_unwind`.
//! - Dates given only as `{"literal": ...}` cannot be rendered by hayagriva and are ignored.
//! - Zotero's older field names are read as citeproc-js reads them: `shortTitle` as
//!   `title-short`, `journalAbbreviation` as `container-title-short` (which the vendored
//!   hayagriva prints where a style asks for `container-title` in its short form).
//! - APA renders a webpage dated only by year as "(2021,)"; the stray comma is removed.
//! - There is no per-item prefix/suffix/suppress-author in hayagriva; they are applied
//!   to the rendered tree afterwards (see [`CiteItem`]).
//! - hayagriva (as vendored) finds an entry by identity, and compares entries by value only
//!   between a cite and the one before it (ibid) and in note styles' near-note tests; each item
//!   gets one private, unique first field that settles such a comparison at once, and identical
//!   clusters are rendered once when the style does not depend on position.
//!
//! ```
//! use cited_csl::{CitationStyle, CiteItem, format_site};
//! let style = CitationStyle::bundled("american-medical-association").expect("bundled");
//! let item = serde_json::json!({
//!     "type": "article-journal", "title": "A trial", "issued": {"date-parts": [[2020]]},
//!     "author": [{"family": "Smith", "given": "Ann"}],
//! });
//! let site = format_site(&style, "en-US", &[("smith2020".into(), item)], &[vec![CiteItem::new("smith2020")]], false)?;
//! assert_eq!(site.citations[0].text, "1");
//! # Ok::<(), cited_csl::CslError>(())
//! ```

mod adjust;
mod cluster;
mod date;
mod error;
mod escape;
mod format;
mod item;
mod locale;
mod locator_labels;
mod notes;
mod plain;
mod style;
mod text_date;
mod validate;
mod walker;
mod xml_error;

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
mod tests;

pub use cluster::{CiteItem, LOCATOR_LABELS, Locator};
pub use date::{date_with_letters, month_name, unread_date, years};
pub use error::{CslError, Subject};
pub use escape::{escape, escape_into, escape_to};
pub use format::{Disambiguation, FormattedEntry, FormattedSite, Prepared, format_site};
pub use item::{Item, VariableKind, variable_kind_of};
pub use locale::has_locale;
pub use locator_labels::locator_labels;
pub use plain::plain_text;
pub use style::CitationStyle;
pub use text_date::TextDates;
pub use walker::{Formatted, Piece};
