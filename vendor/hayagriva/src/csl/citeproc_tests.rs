//! Bundled styles against what citeproc (citeproc-js, Pandoc's citeproc) prints for the same
//! entries: each test names the difference it guards against.

use citationberg::taxonomy::Season;

use super::archive::{self, ArchivedStyle};
use super::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem,
    CitationRequest, LocatorPayload, SpecificLocator,
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

/// One citation of all `entries` together.
fn cite_together(style: ArchivedStyle, entries: &[Entry]) -> String {
    let citationberg::Style::Independent(style) = style.get() else {
        panic!("a bundled independent style");
    };
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        entries.iter().map(CitationItem::with_entry).collect(),
        &style,
        &locales,
    ));
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let mut s = String::new();
    done.citations[0]
        .citation
        .write_buf(&mut s, BufWriteFormat::Plain)
        .unwrap();
    s
}

#[test]
fn a_condition_sees_a_variable_a_substitute_printed() {
    // Chicago prints an encyclopedia entry without an author under a title standing in for the
    // author, then `s.v. "Title"` when the entry has a title: a `cs:substitute` keeps the title
    // from printing again, but a condition still sees it (as Pandoc's citeproc prints this
    // style: `(Psychotherapy, has a title)`).
    let style = r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><group delimiter=", ">
    <names variable="author"><substitute><text variable="title"/></substitute></names>
    <choose>
      <if variable="title"><text value="has a title"/></if>
      <else><text value="no title"/></else>
    </choose>
    <text variable="title"/>
  </group></layout></citation>
</style>"#;
    let citationberg::Style::Independent(style) =
        citationberg::Style::from_xml(style).unwrap()
    else {
        panic!("an independent style");
    };
    let entries = yaml(
        "entry:
  type: article
  title: Psychotherapy
  date: 2012
",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        vec![CitationItem::with_entry(&entries[0])],
        &style,
        &locales,
    ));
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let mut s = String::new();
    done.citations[0]
        .citation
        .write_buf(&mut s, BufWriteFormat::Plain)
        .unwrap();
    assert_eq!(s, "(Psychotherapy, has a title)");

    // Chicago's author is a substitute for the composer; the term `released` after the
    // publisher is capitalised only for a work without an author.
    let entries = yaml(
        "software:
  type: repository
  title: therapyR
  author: Coder, Cat
  publisher: CRAN
  date: 2022
",
    );
    let (_, bibliography) = render(ArchivedStyle::ChicagoAuthorDate, &entries);
    assert!(bibliography[0].contains("CRAN, released"), "{bibliography:?}");
}

#[test]
fn a_year_suffix_keeps_the_given_names_that_disambiguated_before() {
    let entries = yaml(
        "a:
  type: article
  title: First
  author: Smith, Jane
  date: 2020
b:
  type: article
  title: Second
  author: Smith, Jane
  date: 2020
c:
  type: article
  title: Third
  author: Smith, Kyle
  date: 2020
",
    );
    assert_eq!(
        cite_together(ArchivedStyle::ChicagoAuthorDate, &entries),
        "(J. Smith 2020a, 2020b; K. Smith 2020)"
    );
    // The same under `givenname-disambiguation-rule="by-cite"`.
    assert_eq!(
        cite_together(ArchivedStyle::HarvardCiteThemRight, &entries),
        "(J. Smith, 2020a, 2020b; K. Smith, 2020)"
    );
}

#[test]
fn a_last_name_others_prints_as_et_al() {
    // BibTeX's `and others`: after one name without a comma, after two with one (Chicago's
    // delimiter-precedes-et-al is contextual), and never joined by `and`.
    let entries = yaml(
        r#"solo:
  type: book
  title: Alone
  author: ["Solo, Sam", others]
  date: 2019
pair:
  type: book
  title: Together
  author: ["Doe, Jane", "Roe, Rick", others]
  date: 2020
"#,
    );
    let (citations, bibliography) = render(ArchivedStyle::ChicagoAuthorDate, &entries);
    assert_eq!(citations, ["(Solo et al. 2019)", "(Doe et al. 2020)"]);
    assert_eq!(
        bibliography,
        ["Doe, Jane, Rick Roe, et al. 2020. Together.", "Solo, Sam et al. 2019. Alone."]
    );
}

#[test]
fn a_date_in_a_substitute_prints() {
    // Chicago's notes print an encyclopedia entry without an author under the encyclopedia's
    // title and its publication facts, `(Test Press, 2012)`: asking whether the date would
    // print kept it from printing.
    let style = r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout>
    <group delimiter="; ">
      <names variable="author"><substitute><group delimiter=", ">
        <text variable="title"/>
        <date variable="issued" form="numeric" date-parts="year"/>
      </group></substitute></names>
      <names variable="editor"><substitute><text variable="publisher"/></substitute></names>
    </group>
  </layout></citation>
</style>"#;
    let citationberg::Style::Independent(style) =
        citationberg::Style::from_xml(style).unwrap()
    else {
        panic!("an independent style");
    };
    let entries = yaml(
        "entry:
  type: article
  title: Psychotherapy
  date: 2012
  publisher: Test Press
",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(
        vec![CitationItem::with_entry(&entries[0])],
        &style,
        &locales,
    ));
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let mut s = String::new();
    done.citations[0]
        .citation
        .write_buf(&mut s, BufWriteFormat::Plain)
        .unwrap();
    // The publisher after it too: printing the year looks for a year suffix over the whole
    // style, and that walk suppressed every variable it met.
    assert_eq!(s, "Psychotherapy, 2012; Test Press");
}

/// A style of our own: `layout` is its citation layout, with the citation `disambiguate-add-
/// year-suffix`.
fn own_style(layout: &str) -> citationberg::IndependentStyle {
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Own</title><id>own</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true">
    <layout prefix="(" suffix=")" delimiter="; ">{layout}</layout>
  </citation>
</style>"#
    );
    citationberg::IndependentStyle::from_xml(&xml).unwrap()
}

/// A whole style written out in a test.
fn style_from(xml: &str) -> citationberg::IndependentStyle {
    let citationberg::Style::Independent(style) =
        citationberg::Style::from_xml(xml).unwrap()
    else {
        panic!("an independent style");
    };
    style
}

/// A bundled style.
fn bundled(style: ArchivedStyle) -> citationberg::IndependentStyle {
    let citationberg::Style::Independent(style) = style.get() else {
        panic!("a bundled independent style");
    };
    style
}

fn cite_together_in(style: &citationberg::IndependentStyle, entries: &[Entry]) -> String {
    cite_items_in(style, entries.iter().map(CitationItem::with_entry).collect())
}

/// One citation of `items` in `style`, as plain text.
fn cite_items_in(
    style: &citationberg::IndependentStyle,
    items: Vec<CitationItem<'_, Entry>>,
) -> String {
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    driver.citation(CitationRequest::from_items(items, style, &locales));
    let done = driver.finish(BibliographyRequest::new(style, None, &locales));
    let mut s = String::new();
    done.citations[0]
        .citation
        .write_buf(&mut s, BufWriteFormat::Plain)
        .unwrap();
    s
}

#[test]
fn a_year_suffix_prints_where_the_style_puts_it_and_else_after_the_year() {
    let entries = yaml(
        "a:
  type: article
  title: First
  author: Smith, Jane
  date: 2020
b:
  type: article
  title: Second
  author: Smith, Jane
  date: 2020
",
    );
    let names = r#"<names variable="author"><name form="short"/></names>"#;
    let year = r#"<date variable="issued" prefix=" "><date-part name="year"/></date>"#;
    // Printed after the first year when the style has no place for it.
    assert_eq!(
        cite_together_in(&own_style(&format!("{names}{year}")), &entries),
        "(Smith 2020a; Smith 2020b)"
    );
    // Printed only where the style puts it.
    let explicit =
        format!(r#"{names}{year}<text variable="year-suffix" prefix=" [" suffix="]"/>"#);
    assert_eq!(
        cite_together_in(&own_style(&explicit), &entries),
        "(Smith 2020 [a]; Smith 2020 [b])"
    );
}

#[test]
fn a_closing_bracket_is_printed_after_one_the_text_ends_with() {
    // A suffix is left out after text ending with it only when it is punctuation that
    // collapses: a title `Reprint (2002)` in parentheses is `(Reprint (2002))`, as citeproc
    // prints it, and `Etc.` takes no second period.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout suffix="."><text variable="title" prefix="(" suffix=")"/></layout></citation>
</style>"#,
    );
    let cite = |title: &str| {
        let entry = format!("entry:\n  type: article\n  title: \"{title}\"\n");
        cite_together_in(&style, &yaml(&entry))
    };
    assert_eq!(cite("Reprint (2002)"), "(Reprint (2002)).");
    assert_eq!(cite("Etc."), "(Etc.).");
}

#[test]
fn a_pinned_item_keeps_its_place_when_a_citation_is_sorted() {
    // APA sorts a citation's items by author. An item with a prefix or a suffix keeps its
    // place (Pandoc's citeproc: `[see @swift; @hansen]`), and the runs between such are sorted.
    let entries = yaml(
        "swift:
  type: article
  title: S
  author: Swift, Sam
  date: 2012
hansen:
  type: article
  title: H
  author: Hansen, Hal
  date: 2002
law:
  type: article
  title: L
  author: Law, Lou
  date: 2019
abbot:
  type: article
  title: A
  author: Abbot, Al
  date: 2001
",
    );
    let style = bundled(ArchivedStyle::AmericanPsychologicalAssociation);
    let cite = |pinned: &[bool]| {
        let items = entries
            .iter()
            .zip(pinned)
            .map(|(e, &p)| CitationItem::with_entry(e).pinned(p))
            .collect();
        cite_items_in(&style, items)
    };
    assert_eq!(
        cite(&[false, false, false, false]),
        "(Abbot, 2001; Hansen, 2002; Law, 2019; Swift, 2012)"
    );
    assert_eq!(
        cite(&[true, false, false, false]),
        "(Swift, 2012; Abbot, 2001; Hansen, 2002; Law, 2019)"
    );
    assert_eq!(
        cite(&[false, false, true, false]),
        "(Hansen, 2002; Swift, 2012; Law, 2019; Abbot, 2001)"
    );
}

#[test]
fn an_item_with_a_locator_is_no_part_of_a_collapsed_range() {
    // AMA collapses citation numbers into ranges; an item cited at a page is printed with it
    // between the others, as Pandoc's citeproc prints `[@a; @b, p. 4; @c]`: `1,2(p4),3`.
    let entries = yaml(
        "a:
  type: article
  title: A
  author: Abbot, Al
  date: 2001
b:
  type: article
  title: B
  author: Bates, Bo
  date: 2002
c:
  type: article
  title: C
  author: Cole, Cy
  date: 2003
d:
  type: article
  title: D
  author: Dunn, Di
  date: 2004
",
    );
    let cite = |archived: ArchivedStyle, located: Option<usize>| {
        let items = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let locator = (Some(i) == located).then_some(SpecificLocator(
                    citationberg::taxonomy::Locator::Page,
                    LocatorPayload::Str("4"),
                ));
                CitationItem::with_locator(e, locator)
            })
            .collect();
        cite_items_in(&bundled(archived), items)
    };
    let ama = ArchivedStyle::AmericanMedicalAssociation;
    assert_eq!(cite(ama, None), "1–4");
    assert_eq!(cite(ama, Some(1)), "1,2(p4),3,4");
    assert_eq!(cite(ama, Some(3)), "1–3,4(p4)");
    // Vancouver prints no locator in a citation: the range loses nothing.
    let vancouver = ArchivedStyle::NlmCitationSequence;
    assert_eq!(cite(vancouver, Some(1)), cite(vancouver, None));
}

#[test]
fn a_substituted_author_keeps_the_period_it_shared() {
    // MLA joins the author and the title with `. `; after an initial (`Smith, Jennifer A.`)
    // one period serves both, and the repeated author's dash keeps it, as Pandoc's citeproc
    // prints it: `———. “Second.”`, not `——— “Second.”`.
    let entries = yaml(
        "first:
  type: article
  title: First
  author: Smith, Jennifer A.
  date: 2019
second:
  type: article
  title: Second
  author: Smith, Jennifer A.
  date: 2020
",
    );
    let (_, bibliography) = render(ArchivedStyle::ModernLanguageAssociation, &entries);
    assert!(
        bibliography[0].starts_with("Smith, Jennifer A. “First.”"),
        "{bibliography:?}"
    );
    assert!(bibliography[1].starts_with("———. “Second.”"), "{bibliography:?}");
}

#[test]
fn a_period_after_a_semicolon_is_left_out() {
    // PLOS and Vancouver end an entry without a date on the publisher's `;`; citeproc prints
    // `Press;`, not `Press;.`.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout suffix="."><group delimiter=". "><text variable="title"/><text variable="publisher" suffix=";"/></group></layout></citation>
</style>"#,
    );
    let entries = yaml("entry:\n  type: book\n  title: A book\n  publisher: Press\n");
    assert_eq!(cite_together_in(&style, &entries), "A book. Press;");
}

#[test]
fn no_delimiter_before_output_that_begins_with_a_comma() {
    // AMA joins `In` and a chapter's editors with `: `, and the editors' label comes first with
    // its own `, ` (`, ed.`): citeproc adds no delimiter before output that begins with `,`,
    // `;` or `.`, so it prints `In, ed.`, not `In: , ed.`.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><group delimiter=": "><text value="In"/><text variable="publisher" prefix=", "/><text variable="title"/></group></layout></citation>
</style>"#,
    );
    let entries = yaml("entry:\n  type: book\n  title: A book\n  publisher: ed.\n");
    assert_eq!(cite_together_in(&style, &entries), "In, ed.: A book");
}

#[test]
fn a_prefix_period_does_not_follow_a_question_mark() {
    // Harvard prints "Available at" with the prefix `. `; after a title ending in its own `?`
    // citeproc prints `need? Available at`, not `need?. Available at`.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/><text variable="publisher" prefix=". "/></layout></citation>
</style>"#,
    );
    let cite = |title: &str| {
        let entry =
            format!("entry:\n  type: book\n  title: \"{title}\"\n  publisher: Press\n");
        cite_together_in(&style, &yaml(&entry))
    };
    assert_eq!(cite("How much sleep do I need?"), "How much sleep do I need? Press");
    assert_eq!(cite("Sleep"), "Sleep. Press");
}

#[test]
fn a_repeated_authors_dash_stands_for_the_same_list_only() {
    // `complete-all`: the dash replaces a list whose names, all of them, are the previous
    // entry's, as citeproc compares them; a list that only prints alike (`Taylor, Jane, et al.`
    // after `Taylor, Jane`) keeps its names. The dash takes the delimiters and `et al.` with
    // it, and leaves the label.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography subsequent-author-substitute="---"><layout><group delimiter=". "><names variable="author"><name name-as-sort-order="first" et-al-min="3" et-al-use-first="1" delimiter-precedes-et-al="always"/><label prefix=", "/><substitute><names variable="editor"/></substitute></names><text variable="title"/></group></layout></bibliography>
</style>"#,
    );
    let entries = yaml(
        "one:\n  type: book\n  title: One\n  author: Taylor, Jane\n\
         three:\n  type: book\n  title: Three\n  author: [\"Taylor, Jane\", \"Evans, Mark\", \"Hall, Sue\"]\n\
         again:\n  type: book\n  title: Again\n  author: [\"Taylor, Jane\", \"Evans, Mark\", \"Hall, Sue\"]\n\
         edited:\n  type: book\n  title: Edited\n  editor: Soltes, Ori\n\
         reedited:\n  type: book\n  title: Reedited\n  editor: Soltes, Ori\n",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let printed: Vec<String> = done
        .bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let mut s = String::new();
            i.content.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
            s
        })
        .collect();
    assert_eq!(
        printed,
        [
            "Taylor, Jane. One",
            "Taylor, Jane, et al. Three",
            "---. Again",
            "Soltes, Ori, editor. Edited",
            "---, editor. Reedited",
        ]
    );
}

#[test]
fn a_quoted_title_is_filed_under_its_first_word() {
    // A sort key is the macro's text without the quotation marks the style puts around a title:
    // `“Zebra crossings”` is filed under Z, not under `“`, as citeproc files it.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <macro name="title"><choose><if type="article"><text variable="title" quotes="true"/></if><else><text variable="title"/></else></choose></macro>
  <citation><layout><text macro="title"/></layout></citation>
  <bibliography><sort><key macro="title"/></sort><layout><text macro="title"/></layout></bibliography>
</style>"#,
    );
    let entries = yaml(
        "zebra:\n  type: article\n  title: Zebra crossings\n\
         apple:\n  type: book\n  title: Apples\n\
         mango:\n  type: book\n  title: Mangoes\n",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let printed: Vec<String> = done
        .bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let mut s = String::new();
            i.content.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
            s
        })
        .collect();
    assert_eq!(printed, ["Apples", "Mangoes", "“Zebra crossings”"]);
}

#[test]
fn names_file_word_by_word() {
    // As citeproc files them: a sort key's words (split at spaces, apostrophes and commas) are
    // compared in turn, and punctuation inside a word is ignored, so `De Vries` files before
    // `Devlin`, `O'Brien` before `Obama`, `Smith, John` before `Smithers`, and `Smith-Jones`
    // (`SmithJones`) after it.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author"><name name-as-sort-order="all"/></names></macro>
  <citation><layout><text macro="author"/></layout></citation>
  <bibliography><sort><key macro="author"/></sort><layout><text macro="author"/></layout></bibliography>
</style>"#,
    );
    let entries = yaml(
        "a:\n  type: book\n  author: Smithers, Amy\n\
         b:\n  type: book\n  author: Smith-Jones, Kay\n\
         c:\n  type: book\n  author: Smith, John\n\
         d:\n  type: book\n  author: Obama, Bea\n\
         e:\n  type: book\n  author: \"O'Brien, Cal\"\n\
         f:\n  type: book\n  author: Devlin, Dan\n\
         g:\n  type: book\n  author: \"De Vries, Eve\"\n",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let keys: Vec<String> = done
        .bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.key)
        .collect();
    assert_eq!(keys, ["g", "f", "e", "d", "c", "a", "b"]);
}

#[test]
fn a_sort_key_abbreviates_names_as_its_layout_does() {
    // The names in a key's macro take the bibliography's `et-al-min`: `Taylor et al.` (four
    // authors) files as `Taylor`, before `Taylor, Evans` (two), as citeproc files it.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author"><name name-as-sort-order="all"/></names></macro>
  <citation><layout><text macro="author"/></layout></citation>
  <bibliography et-al-min="3" et-al-use-first="1"><sort><key macro="author"/></sort><layout><text macro="author"/></layout></bibliography>
</style>"#,
    );
    let entries = yaml(
        "two:\n  type: book\n  author: [\"Taylor, Jane\", \"Evans, Mark\"]\n\
         four:\n  type: book\n  author: [\"Taylor, Jane\", \"Evans, Mark\", \"Hall, Sue\", \"Wong, Li\"]\n",
    );
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            &style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(&style, None, &locales));
    let keys: Vec<String> = done
        .bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.key)
        .collect();
    assert_eq!(keys, ["four", "two"]);
}

#[test]
fn a_family_name_two_people_share_gets_their_initials() {
    // APA's `primary-name-with-initials`: two first authors named Abbott are told apart in
    // every citation, though `Abbott et al., 2020` and `Abbott et al., 2006` are not
    // ambiguous, as the APA manual asks and citeproc prints; the other authors keep their
    // family names alone.
    let style = bundled(ArchivedStyle::AmericanPsychologicalAssociation);
    let entries = yaml(
        "luis:\n  type: article\n  date: 2020\n  author: [\"Abbott, Luis R.\", \"Xu, David S.\", \"Petrov, Sara C.\"]\n\
         maya:\n  type: article\n  date: 2006\n  author: [\"Abbott, Maya C.\", \"Tanaka, Sara S.\", \"Novak, Farid D.\"]\n\
         same:\n  type: article\n  date: 2010\n  author: [\"Lee, Ann\", \"Xu, Grace A.\"]\n",
    );
    assert_eq!(
        cite_together_in(&style, &entries),
        "(L. R. Abbott et al., 2020; M. C. Abbott et al., 2006; Lee & Xu, 2010)"
    );
}

#[test]
fn a_position_test_is_false_in_the_bibliography() {
    // CSL 1.0.2: "When called within the scope of cs:bibliography, position tests 'false'".
    // A style that shares a macro between its notes and its bibliography must print the
    // bibliography's entry in full, however often the work was cited (Pandoc's citeproc
    // test `issue_99`): a branch testing only the position was taken.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><choose>
    <if position="subsequent"><names variable="author"><name form="short"/></names></if>
    <else><names variable="author"><name/></names></else>
  </choose></macro>
  <citation><layout><text macro="author"/></layout></citation>
  <bibliography><layout><text macro="author"/></layout></bibliography>
</style>"#,
    );
    let entries = yaml("doe:\n  type: book\n  title: Title\n  author: Doe, John\n");
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for _ in 0..2 {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(&entries[0])],
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
    let notes: Vec<String> = done.citations.iter().map(|c| plain(&c.citation)).collect();
    assert_eq!(notes, ["John Doe", "Doe"]);
    let bibliography = done.bibliography.expect("a bibliography");
    assert_eq!(plain(&bibliography.items[0].content), "John Doe");
}

#[test]
fn the_types_of_a_condition_are_one_test() {
    // `type="book report" variable="publisher" match="all"`: a book or a report with a
    // publisher, as citeproc-js and Pandoc's citeproc read it (its test `issue_151`), not an
    // item that is both a book and a report, which none is.
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id/><title/><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout><choose>
    <if type="book report" variable="publisher" match="all"><text value="published"/></if>
    <else-if type="book report" match="none"><text value="other type"/></else-if>
    <else><text value="unpublished"/></else>
  </choose></layout></citation>
</style>"#,
    );
    let entries = yaml(
        "book:\n  type: book\n  title: A\n  publisher: Press\n\
         report:\n  type: report\n  title: B\n\
         article:\n  type: article\n  title: C\n",
    );
    let cite = |i: usize| cite_together_in(&style, &entries[i..=i]);
    assert_eq!(cite(0), "published");
    assert_eq!(cite(1), "unpublished");
    assert_eq!(cite(2), "other type");
}

/// The bibliography of `entries` in `style`, as plain text.
fn bibliography_in(
    style: &citationberg::IndependentStyle,
    entries: &[Entry],
) -> Vec<String> {
    let locales = archive::locales();
    let mut driver = BibliographyDriver::new();
    for entry in entries {
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            style,
            &locales,
        ));
    }
    let done = driver.finish(BibliographyRequest::new(style, None, &locales));
    let bibliography = done.bibliography.expect("a bibliography");
    let plain = |item: &super::BibliographyItem| {
        let mut s = String::new();
        item.content.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
        s
    };
    bibliography.items.iter().map(plain).collect()
}

#[test]
fn a_number_range_is_joined_by_the_page_range_delimiter() {
    // citeproc-js joins the ranges of number variables, printed by `cs:text` or `cs:number`,
    // with the `page-range-delimiter` term: AMA's locale makes it a hyphen (as its manual
    // prints `2020;12-14(3-4)`), most styles keep the en dash.
    let entries = yaml(
        "ranges:
  type: article
  title: Ranges
  author: Doe, Jane
  date: 2020
  parent:
    type: periodical
    title: Journal
    volume: 12-14
    issue: 3-4
",
    );
    let ama =
        bibliography_in(&bundled(ArchivedStyle::AmericanMedicalAssociation), &entries);
    assert!(ama[0].contains("2020;12-14(3-4)"), "{ama:?}");
    let vancouver =
        bibliography_in(&bundled(ArchivedStyle::NlmCitationSequence), &entries);
    assert!(vancouver[0].contains("2020;12–14(3–4)"), "{vancouver:?}");

    // An en dash written in the value stays (BibTeX's `1--3`), as citeproc-js keeps it.
    let entries = yaml(
        "dash:
  type: article
  title: Dash
  author: Doe, Jane
  date: 2011
  parent:
    type: periodical
    title: Journal
    volume: 135
    issue: 1–3
",
    );
    let ama =
        bibliography_in(&bundled(ArchivedStyle::AmericanMedicalAssociation), &entries);
    assert!(ama[0].contains("2011;135(1–3)"), "{ama:?}");

    // A collection number's range keeps citeproc-js's `year-range-delimiter`, an en dash.
    let own = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Own</title><id>own</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <locale><terms><term name="page-range-delimiter">-</term></terms></locale>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <text variable="volume" prefix="text "/><number variable="volume" prefix=", number "/>
    <number variable="collection-number" prefix=", collection "/>
  </layout></bibliography>
</style>"#,
    );
    let entries = yaml(
        "ranges:
  type: book
  title: Ranges
  volume: 1-3
  parent:
    type: book
    title: Series
    volume: 5-6
",
    );
    let own = bibliography_in(&own, &entries);
    assert_eq!(own, ["text 1-3, number 1-3, collection 5–6"]);
}

#[test]
fn a_label_is_cased_whatever_the_language_of_the_item() {
    // APA writes its editor label `text-case="title"`: citeproc-js and Pandoc's citeproc print
    // French `éd.` as `(Éd.)`; title case stays English-only for the item's own text.
    let entries = yaml(
        "ed:
  type: anthology
  title: un livre de médecine
  editor: Cooper, Mick
  publisher: Sage
  date: 2016
",
    );
    let style = style_from(
        r#"<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="fr-FR">
  <info><title>Own</title><id>own</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><group delimiter=". ">
    <names variable="editor"><name/><label form="short" prefix=" (" suffix=")" text-case="title"/></names>
    <text variable="title" text-case="title"/>
  </group></layout></bibliography>
</style>"#,
    );
    assert_eq!(
        bibliography_in(&style, &entries),
        ["Mick Cooper (Éd.). un livre de médecine"]
    );
}
