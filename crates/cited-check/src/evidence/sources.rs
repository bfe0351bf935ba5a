//! What a claim cites: the citations in its sentence, the block citations that cite its block
//! and those in the notes it calls, read as the distinct keys of their sources, bounded.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use cited_site::{Document, ProseBlock};

use crate::claims::Sentence;

/// The most sources one claim may cite. A sentence states what a few sources found; a claim
/// citing more, in its sentence, a block citation or a note, is refused (E0001): each of its
/// figures is looked for in each source's findings, and a list of 90,000 items under a block
/// citation of 20,000 sources took that many times that many lookups.
pub const MAX_SOURCES_IN_A_CLAIM: usize = 200;

/// What a claim cites.
pub(super) enum Cited {
    /// No citation: not in its sentence, nor a block citation, nor a note that cites.
    Nothing,
    /// The keys of its sources, distinct and sorted.
    Keys(Vec<String>),
    /// More than [`MAX_SOURCES_IN_A_CLAIM`] sources.
    TooMany,
}

/// Each block citation's and each note's distinct keys, found once for a document: a block
/// citation cites every sentence of a list and a note every sentence that calls it, and their
/// keys, gathered again for each sentence, took their citations times the sentences.
#[derive(Default)]
pub(super) struct SourceKeys {
    groups: HashMap<usize, Rc<[String]>>,
    notes: HashMap<usize, Rc<[String]>>,
}

impl SourceKeys {
    /// What `sentence`, a sentence of `block` in `doc`, cites.
    pub(super) fn of(
        &mut self,
        doc: &Document,
        block: &ProseBlock<'_>,
        sentence: &Sentence,
    ) -> Cited {
        let notes = notes_called(doc, sentence);
        let cites = !sentence.citations.is_empty()
            || !block.cited_by.is_empty()
            || notes
                .iter()
                .any(|&n| doc.notes.get(n).is_some_and(|n| !n.citations.is_empty()));
        if !cites {
            return Cited::Nothing;
        }
        let mut keys = BTreeSet::new();
        let mut add = |set: &[String]| {
            for key in set {
                keys.insert(key.as_str().to_owned());
                if keys.len() > MAX_SOURCES_IN_A_CLAIM {
                    return false;
                }
            }
            true
        };
        if !add(&keys_of(doc, sentence.citations.iter().copied())) {
            return Cited::TooMany;
        }
        for (group, citations) in block.cited_by.groups() {
            let set = self
                .groups
                .entry(group)
                .or_insert_with(|| keys_of(doc, citations.iter().copied()).into());
            if !add(set) {
                return Cited::TooMany;
            }
        }
        for note in notes {
            let set = self.notes.entry(note).or_insert_with(|| {
                let citations = doc.notes.get(note).map(|n| &n.citations[..]);
                keys_of(doc, citations.unwrap_or_default().iter().copied()).into()
            });
            if !add(set) {
                return Cited::TooMany;
            }
        }
        Cited::Keys(keys.into_iter().collect())
    }
}

/// Every citation a claim cites by, in the order they are written: its sentence's, its block
/// citations', then its notes'.
pub(super) fn citations_of<'d>(
    doc: &'d Document,
    block: &ProseBlock<'d>,
    sentence: &'d Sentence,
) -> impl Iterator<Item = usize> + 'd {
    let notes = notes_called(doc, sentence).into_iter().flat_map(move |n| {
        let citations = doc.notes.get(n).map(|n| &n.citations[..]);
        citations.unwrap_or_default().iter().copied()
    });
    sentence
        .citations
        .iter()
        .copied()
        .chain(block.cited_by.citations())
        .chain(notes)
}

/// The notes the marks of `sentence` call, each once, as indices into [`Document::notes`].
fn notes_called(doc: &Document, sentence: &Sentence) -> Vec<usize> {
    let mut notes: Vec<usize> = sentence
        .notes
        .iter()
        .filter_map(|&m| doc.note_marks.get(m)?.note)
        .collect();
    notes.sort_unstable();
    notes.dedup();
    notes
}

/// The distinct keys of `citations`, sorted.
fn keys_of(doc: &Document, citations: impl Iterator<Item = usize>) -> Vec<String> {
    citations
        .filter_map(|c| doc.citations.get(c))
        .flat_map(|c| c.items.iter().map(|i| i.key()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}
