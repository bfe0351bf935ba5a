//! Bundled styles against what citeproc (citeproc-js, Pandoc's citeproc) prints for the same
//! entries: each test names the difference it guards against.

use citationberg::taxonomy::Season;

use super::archive::{self, ArchivedStyle};
use super::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem,
    CitationRequest,
};
use crate::Entry;
use crate::io::from_yaml_str;
use crate::types::Date;

/// The citations (one per entry, in order) and the bibliography of `entries` in `style`, as
/// plain text.
fn render(style: ArchivedStyle, entries: &[Entry]) -> (Vec<String>, Vec<String>) {
    let citationberg::Style::Independent(style) = style.get() else {
        panic!("a bundled independent style");
    };
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let plain = |elem: &super::ElemChildren| {
        let mut s = String::new();
        elem.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
        s
    };
    let citations = done.citations.iter().map(|c| plain(&c.citation)).collect();
    let entries = done
        .bibliography
        .map(|b| b.items.iter().map(|i| plain(&i.content)).collect())
        .unwrap_or_default();
    (citations, entries)
}

fn yaml(text: &str) -> Vec<Entry> {
    from_yaml_str(text).unwrap().into_iter().collect()
}

#[test]
fn a_season_prints_only_where_the_style_asks_for_the_month() {
    let mut entries = yaml(
        "season:
  type: article
  title: A season date
  author: Season, Sam
  parent:
    type: periodical
    title: Quarterly
",
    );
    entries[0].set_date(Date {
        year: 2015,
        month: None,
        day: None,
        approximate: false,
        season: Some(Season::Spring),
    });
    // Chicago's citation asks for the year only; its bibliography entry prints the issue's
    // season after the journal, where the month would stand.
    let (citations, bibliography) = render(ArchivedStyle::ChicagoAuthorDate, &entries);
    assert_eq!(citations, ["(Season 2015)"]);
    assert_eq!(bibliography, ["Season, Sam. 2015. “A Season Date.” Quarterly, Spring."]);
}
