//! Disambiguation settled by one driver's pass and taken as given by others.
//!
//! A program that formats many documents over one bibliography (a website whose every page
//! has its own citations and reference list) wants `Smith 2020a` to read the same on every
//! page, as it reads in the whole bibliography. Each document's pass could meet every entry it
//! might be confused with, but that costs each document the size of its entries' ambiguous
//! groups, which for common surnames is much of the bibliography. Instead, one pass over the
//! whole bibliography decides each entry's disambiguation
//! ([`BibliographyDriver::finish_settling`](super::BibliographyDriver::finish_settling)), and
//! each document's pass takes it as given
//! ([`BibliographyDriver::with_disambiguation`](super::BibliographyDriver::with_disambiguation)):
//! an entry it settled is rendered in its settled state and never disambiguated again.

use std::collections::HashMap;

use super::DisambiguateState;

/// Each entry's disambiguation (added names, `disambiguate="true"` branches, year suffix) as
/// one driver's pass decided it, by entry key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Disambiguation {
    /// Every entry the pass met, settled even when it needed nothing.
    states: HashMap<String, DisambiguateState>,
}

impl Disambiguation {
    /// How many entries are settled.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether no entry is settled.
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }

    /// Whether the entry of `key` is settled.
    pub fn settles(&self, key: &str) -> bool {
        self.states.contains_key(key)
    }

    /// The settled state of the entry of `key`.
    pub(super) fn get(&self, key: &str) -> Option<&DisambiguateState> {
        self.states.get(key)
    }

    /// The keys whose entries `self` and `other` settled differently, or only one of them
    /// settled: a document citing one of them prints it differently under the two.
    pub fn differing_keys<'a>(
        &'a self,
        other: &'a Disambiguation,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let changed = self
            .states
            .iter()
            .filter(|(key, state)| other.states.get(*key) != Some(*state))
            .map(|(key, _)| key.as_str());
        let gone = other
            .states
            .keys()
            .filter(|key| !self.states.contains_key(*key))
            .map(String::as_str);
        changed.chain(gone)
    }

    /// Records `state` for `key`, unless the entry already has one: every item of an entry
    /// has the same state.
    pub(super) fn settle(&mut self, key: &str, state: &DisambiguateState) {
        if !self.states.contains_key(key) {
            self.states.insert(key.to_owned(), state.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Entry;
    use crate::csl::{
        BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem,
        CitationRequest, Disambiguation,
    };
    use citationberg::IndependentStyle;

    const AUTHOR_DATE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Author-date</title><id>author-date</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-givenname="true" givenname-disambiguation-rule="by-cite" disambiguate-add-year-suffix="true">
    <layout><group delimiter=" "><names variable="author"><name form="short" initialize-with=". "/></names><date variable="issued"><date-part name="year"/></date></group></layout>
  </citation>
  <bibliography><sort><key variable="author"/><key variable="title"/></sort><layout><text variable="title"/></layout></bibliography>
</style>"#;

    /// Two groups whose names and then a year suffix tell them apart (Smith, Adams), then one
    /// that a year suffix alone tells apart (Lee).
    const ENTRIES: &str = "
smith-a: {type: article, title: Sleep, author: 'Smith, John', date: 2020}
smith-b: {type: article, title: Worry, author: 'Smith, John', date: 2020}
smith-k: {type: article, title: Talk, author: 'Smith, Kate', date: 2020}
adams-a: {type: article, title: Rest, author: 'Adams, John', date: 2019}
adams-b: {type: article, title: Work, author: 'Adams, John', date: 2019}
adams-k: {type: article, title: Play, author: 'Adams, Kate', date: 2019}
lee-a: {type: article, title: Diet, author: 'Lee, John', date: 2018}
lee-b: {type: article, title: Walk, author: 'Lee, John', date: 2018}
";

    /// Each citation of a document citing `cited` (indices into `entries`), one a citation,
    /// and the disambiguation it settled.
    fn cite(
        style: &IndependentStyle,
        entries: &[Entry],
        cited: &[usize],
        settled: Option<&Disambiguation>,
    ) -> (Vec<String>, Disambiguation) {
        let mut driver = BibliographyDriver::new();
        if let Some(settled) = settled {
            driver = driver.with_disambiguation(settled);
        }
        for &i in cited {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(&entries[i])],
                style,
                None,
                &[],
                None,
            ));
        }
        let (done, decided) =
            driver.finish_settling(BibliographyRequest::new(style, None, &[]));
        let texts = done
            .citations
            .iter()
            .map(|c| {
                let mut text = String::new();
                c.citation.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                text
            })
            .collect();
        (texts, decided)
    }

    fn setup() -> (IndependentStyle, Vec<Entry>) {
        let style = IndependentStyle::from_xml(AUTHOR_DATE).unwrap();
        let entries = crate::io::from_yaml_str(ENTRIES).unwrap().into_iter().collect();
        (style, entries)
    }

    #[test]
    fn every_ambiguous_group_is_told_apart() {
        let (style, entries) = setup();
        let all: Vec<usize> = (0..entries.len()).collect();
        let (texts, _) = cite(&style, &entries, &all, None);
        assert_eq!(
            texts,
            [
                "J. Smith 2020a",
                "J. Smith 2020b",
                "K. Smith 2020",
                "J. Adams 2019a",
                "J. Adams 2019b",
                "K. Adams 2019",
                "Lee 2018a",
                "Lee 2018b"
            ]
        );
    }

    #[test]
    fn a_document_takes_the_disambiguation_another_settled() {
        let (style, entries) = setup();
        let all: Vec<usize> = (0..entries.len()).collect();
        let (everything, settled) = cite(&style, &entries, &all, None);
        assert_eq!(settled.len(), entries.len());
        for (i, printed) in everything.iter().enumerate() {
            let (alone, _) = cite(&style, &entries, &[i], Some(&settled));
            assert_eq!(&alone[0], printed);
        }
        // Alone, without it, a document tells apart only what it cites.
        let (alone, _) = cite(&style, &entries, &[1], None);
        assert_eq!(alone, ["Smith 2020"]);
    }

    #[test]
    fn entries_it_does_not_settle_are_disambiguated_as_usual() {
        let (style, entries) = setup();
        // Settled from a pass that met only the Smiths.
        let (_, settled) = cite(&style, &entries, &[0, 1, 2], None);
        assert!(settled.settles("smith-a") && !settled.settles("lee-a"));
        let (texts, _) = cite(&style, &entries, &[1, 6, 7], Some(&settled));
        assert_eq!(texts, ["J. Smith 2020b", "Lee 2018a", "Lee 2018b"]);
    }
}
