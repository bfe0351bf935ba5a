//! Bibliography entries shared between drivers.
//!
//! A program that formats many documents over the same references (a website whose every page
//! has its own bibliography) renders the same entry again and again, in nearly the same
//! circumstances: only its citation number, in numeric styles, differs from one document to
//! the next. [`BibliographyCache`] keeps each entry's rendering once and reuses it wherever the
//! result cannot differ.
//!
//! What an entry's rendering depends on: the entry, the style and locales (the same for every
//! driver sharing a cache), its disambiguation state, the labels its citations used, whether
//! its citation is the first (names' `et-al-subsequent-*`), and, only when the style reads
//! them, its citation number and the note number of its first citation. Position tests are
//! false in a bibliography, and its locator is empty. The rendering records which of the last
//! two it read ([`PropertyReads`]), so:
//! - an entry that read neither is reused as it is;
//! - an entry that read its citation number and prints it in decimal is reused with the
//!   number replaced, after a second rendering at another number confirmed that this gives
//!   exactly what rendering would;
//! - any other entry is rendered every time.
//!
//! It also keeps each entry's renderings of the bibliography's macro sort keys, which in the
//! bibliography's sort depend only on the entry (see [`BibliographyCache::sort_macros`]), and,
//! in a style whose citations print only the citation number and the locator, each citation
//! item's rendering (see the `cite_cache` module).

use foldhash::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use citationberg::LocaleCode;

use super::elem::{ElemChild, ElemChildren, ElemMeta};
use super::{CiteProperties, DisambiguateState, IdentifierUsage};

/// Which of an item's document-dependent properties a rendering read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct PropertyReads {
    citation_number: bool,
    first_note_number: bool,
}

impl PropertyReads {
    pub(super) fn with_citation_number(self) -> Self {
        Self { citation_number: true, ..self }
    }

    pub(super) fn with_first_note_number(self) -> Self {
        Self { first_note_number: true, ..self }
    }

    /// Whether the rendering read its citation number.
    pub(super) fn citation_number(self) -> bool {
        self.citation_number
    }

    /// Whether the rendering read the note number of its first citation.
    pub(super) fn first_note_number(self) -> bool {
        self.first_note_number
    }
}

/// Bibliography entries rendered once and shared between the
/// [`BibliographyDriver`](super::BibliographyDriver)s given it with
/// [`with_cache`](super::BibliographyDriver::with_cache). It is `Sync`: documents can be
/// formatted in parallel.
#[derive(Debug, Default)]
pub struct BibliographyCache {
    /// Each entry's renderings, by its key and then by the circumstances they were made in (an
    /// entry has one or a few). Each behind an `Arc`: a lookup takes it out of the lock
    /// without copying the tree, which is copied once, outside the lock, to be handed on or
    /// renumbered. Looked up by the key as borrowed: a page looks up each of its entries, and
    /// an owned key (its string and locales copied) cost an allocation or three each time.
    entries: Mutex<HashMap<String, Vec<(Circumstances, Arc<Kept>)>>>,
    /// Each entry's renderings of a sort's macro keys, by entry, term locale and sort.
    sort_macros: Mutex<HashMap<(String, Option<LocaleCode>, SortOf), Arc<SortKeys>>>,
    /// Citation items, for a style whose citation layout reads only the number and the locator.
    pub(super) citations: super::cite_cache::CitationCache,
}

/// Which of the style's two sorts macro sort keys are rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum SortOf {
    /// The bibliography's, which numbers the entries (an entry has number 0 in it).
    Bibliography,
    /// A citation's, which orders its items (each has its citation number).
    Citation,
}

/// An entry's renderings of a sort's macro keys, and the citation number they were rendered
/// with if one of them read it.
#[derive(Debug)]
struct SortKeys {
    keys: Arc<[Option<String>]>,
    number_read: Option<usize>,
}

/// Everything an entry's rendering can depend on besides the entry itself, the style, the
/// locales' contents, and the numbers recorded in [`PropertyReads`].
#[derive(Debug)]
struct Circumstances {
    locale: Option<LocaleCode>,
    term_locale: Option<LocaleCode>,
    is_first: bool,
    disambiguation: DisambiguateState,
    identifier_usage: IdentifierUsage,
}

impl Circumstances {
    fn of(
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
    ) -> Self {
        Circumstances {
            locale: locale.cloned(),
            term_locale: term_locale.cloned(),
            is_first: props.certain.is_first,
            disambiguation: props.speculative.disambiguation.clone(),
            identifier_usage: props.speculative.identifier_usage,
        }
    }

    /// Whether these are the circumstances of `props` in `locale` and `term_locale`, compared
    /// without copying them.
    fn are(
        &self,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
    ) -> bool {
        self.is_first == props.certain.is_first
            && self.identifier_usage == props.speculative.identifier_usage
            && self.locale.as_ref() == locale
            && self.term_locale.as_ref() == term_locale
            && self.disambiguation == props.speculative.disambiguation
    }
}

/// An entry's rendering after its first field ([`BibliographyCache::render_split`]).
#[derive(Debug)]
pub(super) enum Rest {
    /// The same for every document that renders the entry, shared between them.
    Shared(Arc<ElemChildren>),
    /// This document's own.
    Own(ElemChildren),
}

/// A kept rendering, and the same split at its first field, made when first asked for.
#[derive(Debug)]
struct Kept {
    cached: Cached,
    split: OnceLock<Option<Split>>,
}

/// An entry split at its first field (`second-field-align`): the field, and the rest, which no
/// citation number is part of, shared by every document that renders the entry.
#[derive(Debug)]
struct Split {
    first: Option<ElemChild>,
    rest: Arc<ElemChildren>,
}

impl Kept {
    fn new(cached: Cached) -> Self {
        Self { cached, split: OnceLock::new() }
    }

    /// The rendering split at its first field, if the rest of it is the same whatever the
    /// citation number: the number, if the rendering prints it, is in the first field only.
    fn split(&self) -> Option<&Split> {
        self.split
            .get_or_init(|| {
                let (tree, printed) = match &self.cached {
                    Cached::Fixed(tree) => (&**tree, None),
                    Cached::Numbered { tree, printed } => (tree, Some(printed)),
                    Cached::Varies => return None,
                };
                let mut rest = tree.clone();
                let first = rest.remove_any_meta();
                let mut in_rest = Vec::new();
                number_texts(&rest.0, false, &mut String::new(), &mut in_rest);
                let numbered_first = match (printed, &first) {
                    (None, _) => true,
                    (Some(printed), Some(first)) => {
                        renumbered_child(first, printed, printed).is_some()
                    }
                    (Some(_), None) => false,
                };
                (in_rest.is_empty() && numbered_first)
                    .then(|| Split { first, rest: Arc::new(rest) })
            })
            .as_ref()
    }
}

#[derive(Debug, Clone)]
enum Cached {
    /// The rendering read neither number: the same everywhere, so shared as it is
    /// ([`BibliographyCache::render_shared`]).
    Fixed(Arc<ElemChildren>),
    /// The rendering prints the citation number, `printed`, in decimal, and depends on it in
    /// no other way.
    Numbered { tree: ElemChildren, printed: String },
    /// The rendering depends on a number in some other way: it is rendered every time.
    Varies,
}

impl BibliographyCache {
    /// Makes an empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The entry `key` rendered with `props` (its citation number included): the cached
    /// rendering when one applies, else `render(citation_number)`, kept for the next time.
    pub(super) fn render(
        &self,
        key: &str,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
        render: impl Fn(usize) -> Option<(ElemChildren, PropertyReads)>,
    ) -> Option<ElemChildren> {
        let number = props.speculative.citation_number;
        let found = self.find(key, props, locale, term_locale);
        match found.as_deref().map(|kept| &kept.cached) {
            Some(Cached::Fixed(tree)) => return Some(ElemChildren::clone(tree)),
            Some(Cached::Numbered { tree, printed }) => {
                if let Some(tree) = renumbered(tree, printed, &printed_number(number)) {
                    return Some(tree);
                }
            }
            Some(Cached::Varies) => return render(number).map(|(tree, _)| tree),
            None => {}
        }
        let (tree, reads) = render(number)?;
        let cached = if reads.first_note_number {
            Cached::Varies
        } else if !reads.citation_number {
            Cached::Fixed(Arc::new(tree.clone()))
        } else if prints_plainly(&tree, &printed_number(number)) {
            Cached::Numbered {
                tree: tree.clone(),
                printed: printed_number(number),
            }
        } else {
            // A second number whose ordinal suffix differs from this one's: a style printing
            // `1st` or `4th` fails the comparison, one printing `No. 1` passes it.
            let probe = if number == 0 { 1 } else { 0 };
            let printed = printed_number(number);
            match render(probe) {
                Some((probed, _))
                    if renumbered(&tree, &printed, &printed_number(probe))
                        .is_some_and(|t| t == probed) =>
                {
                    Cached::Numbered { tree: tree.clone(), printed }
                }
                _ => Cached::Varies,
            }
        };
        self.keep(key, props, locale, term_locale, cached);
        Some(tree)
    }

    /// [`BibliographyCache::render`], shared with the other documents that render the entry
    /// where it is the same for all of them (it read neither number: an author-date style's
    /// entry), else the entry's own. For a style that does not align its first field, as
    /// [`BibliographyCache::render_split`] is for one that does.
    pub(super) fn render_shared(
        &self,
        key: &str,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
        render: impl Fn(usize) -> Option<(ElemChildren, PropertyReads)>,
    ) -> Option<Rest> {
        let fixed =
            |found: Option<Arc<Kept>>| match found.as_deref().map(|kept| &kept.cached) {
                Some(Cached::Fixed(tree)) => Some(Rest::Shared(Arc::clone(tree))),
                _ => None,
            };
        if let Some(shared) = fixed(self.find(key, props, locale, term_locale)) {
            return Some(shared);
        }
        let tree = self.render(key, props, locale, term_locale, render)?;
        // The first document to render the entry takes the kept tree too, so every document's
        // is the one tree.
        Some(fixed(self.find(key, props, locale, term_locale)).unwrap_or(Rest::Own(tree)))
    }

    /// [`BibliographyCache::render`], split at the entry's first field (for a style with
    /// `second-field-align`): the field, with the citation number in it, and the rest, shared
    /// with the other documents that rendered the entry where it is the same for all of them
    /// (a numbered style's entry, whose number is in its first field only), else the entry's
    /// own. Sharing spares copying every entry of every document, and comparing it with the
    /// copy a document before printed.
    pub(super) fn render_split(
        &self,
        key: &str,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
        render: impl Fn(usize) -> Option<(ElemChildren, PropertyReads)>,
    ) -> Option<(Option<ElemChild>, Rest)> {
        let number = props.speculative.citation_number;
        let found = self.find(key, props, locale, term_locale);
        if let Some(kept) = found
            && let Some(split) = kept.split()
        {
            let first = match (&kept.cached, &split.first) {
                (Cached::Numbered { printed, .. }, Some(first)) => {
                    renumbered_child(first, printed, &printed_number(number)).map(Some)
                }
                (_, first) => Some(first.clone()),
            };
            if let Some(first) = first {
                return Some((first, Rest::Shared(Arc::clone(&split.rest))));
            }
        }
        let mut tree = self.render(key, props, locale, term_locale, render)?;
        let first = tree.remove_any_meta();
        Some((first, Rest::Own(tree)))
    }

    /// The entry `key`'s renderings of the macro keys of the sort `of`, in the keys' order, for
    /// an item with citation number `number`: the kept ones, unless they read another number,
    /// else `render()` (the renderings, and whether one read the number), kept for the next
    /// time.
    ///
    /// An item sorted without a locator or a locale of its own has no disambiguation and no
    /// position either, so the renderings depend only on the entry, the style, the term locale
    /// and, where a key reads it, the citation number: every document over the same references
    /// sorts its bibliography, and its citations' items, by the same strings.
    pub(super) fn sort_macros(
        &self,
        key: &str,
        term_locale: Option<&LocaleCode>,
        of: SortOf,
        number: usize,
        render: impl FnOnce() -> (Vec<Option<String>>, bool),
    ) -> Arc<[Option<String>]> {
        let lock = || {
            self.sort_macros
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let id = (key.to_owned(), term_locale.cloned(), of);
        let found = lock().get(&id).cloned();
        if let Some(found) = found
            && found.number_read.is_none_or(|read| read == number)
        {
            return Arc::clone(&found.keys);
        }
        // Rendered outside the lock; two renderings at once are the same.
        let (keys, read) = render();
        let keys: Arc<[Option<String>]> = keys.into();
        lock().entry(id).or_insert_with(|| {
            Arc::new(SortKeys {
                keys: Arc::clone(&keys),
                number_read: read.then_some(number),
            })
        });
        keys
    }

    /// The rendering of the entry `key` kept for the circumstances of `props`, if any.
    fn find(
        &self,
        key: &str,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
    ) -> Option<Arc<Kept>> {
        self.lock()
            .get(key)?
            .iter()
            .find(|(made, _)| made.are(props, locale, term_locale))
            .map(|(_, kept)| Arc::clone(kept))
    }

    /// Keeps `cached` as the rendering of the entry `key` in the circumstances of `props`,
    /// unless one is kept for them already (another driver made the same meanwhile).
    fn keep(
        &self,
        key: &str,
        props: &CiteProperties<'_>,
        locale: Option<&LocaleCode>,
        term_locale: Option<&LocaleCode>,
        cached: Cached,
    ) {
        let mut entries = self.lock();
        let kept = match entries.get_mut(key) {
            Some(kept) => kept,
            None => entries.entry(key.to_owned()).or_default(),
        };
        if !kept.iter().any(|(made, _)| made.are(props, locale, term_locale)) {
            let made = Circumstances::of(props, locale, term_locale);
            kept.push((made, Arc::new(Kept::new(cached))));
        }
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Vec<(Circumstances, Arc<Kept>)>>> {
        // The map is consistent after any panic (each insertion is one call).
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether `tree` prints its citation number `printed` in decimal and nothing else of it: it
/// has citation-number elements, and their text is that number between marks (`[12]`, `12.`).
/// A number is read only to be printed by such an element (a condition on it is always true),
/// so such a tree gives another number's by putting that number in. Anything else, letters
/// among the marks (`1st`, `No. 1`) or no digits at all (`iv`), is left to a second rendering.
fn prints_plainly(tree: &ElemChildren, printed: &str) -> bool {
    let mut texts = Vec::new();
    number_texts(&tree.0, false, &mut String::new(), &mut texts);
    !texts.is_empty()
        && texts.iter().all(|text| {
            let (_, replaced) = replace_digit_runs(text, printed, "");
            replaced > 0
                && text.chars().filter(|c| c.is_alphanumeric()).count()
                    == printed.len() * replaced
        })
}

/// The plain text of each outermost citation-number element of `children`.
fn number_texts(
    children: &[ElemChild],
    inside: bool,
    current: &mut String,
    out: &mut Vec<String>,
) {
    for child in children {
        match child {
            ElemChild::Text(t) if inside => current.push_str(&t.text),
            ElemChild::Elem(e) if !inside && e.meta == Some(ElemMeta::CitationNumber) => {
                let mut text = String::new();
                number_texts(&e.children.0, true, &mut text, out);
                out.push(text);
            }
            ElemChild::Elem(e) => number_texts(&e.children.0, inside, current, out),
            ElemChild::Markup(m) if inside => current.push_str(m),
            ElemChild::Link { text, .. } if inside => current.push_str(&text.text),
            _ => {}
        }
    }
}

/// A citation number as a style prints it in decimal (the internal number counts from 0).
fn printed_number(number: usize) -> String {
    (number + 1).to_string()
}

/// [`renumbered`] for one element (an entry's first field).
fn renumbered_child(child: &ElemChild, from: &str, to: &str) -> Option<ElemChild> {
    // Copied once: wrapping a copy in a tree for `renumbered` copied it twice, once for every
    // entry of every page.
    let mut one = [child.clone()];
    let replaced = replace_in(&mut one, from, to, false);
    let [child] = one;
    (replaced > 0).then_some(child)
}

/// `tree` with the citation number `from` replaced by `to` in its citation-number elements:
/// each run of digits equal to `from`. `None` if there is none.
fn renumbered(tree: &ElemChildren, from: &str, to: &str) -> Option<ElemChildren> {
    let mut tree = tree.clone();
    let replaced = replace_in(&mut tree.0, from, to, false);
    (replaced > 0).then_some(tree)
}

fn replace_in(children: &mut [ElemChild], from: &str, to: &str, inside: bool) -> usize {
    let mut replaced = 0;
    for child in children {
        match child {
            ElemChild::Text(t) if inside => {
                let (text, n) = replace_digit_runs(&t.text, from, to);
                t.text = text;
                replaced += n;
            }
            ElemChild::Elem(e) => {
                let inside = inside || e.meta == Some(ElemMeta::CitationNumber);
                replaced += replace_in(&mut e.children.0, from, to, inside);
            }
            _ => {}
        }
    }
    replaced
}

/// `text` with every maximal run of ASCII digits equal to `from` replaced by `to`, and how many.
fn replace_digit_runs(text: &str, from: &str, to: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut replaced = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let run = &rest[..digits];
            if run == from {
                out.push_str(to);
                replaced += 1;
            } else {
                out.push_str(run);
            }
            rest = &rest[digits..];
        } else {
            let other = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
            out.push_str(&rest[..other]);
            rest = &rest[other..];
        }
    }
    (out, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Entry;
    use crate::csl::{
        BibliographyDriver, BibliographyItem, BibliographyRequest, BufWriteFormat,
        CitationItem, CitationRequest,
    };
    use citationberg::IndependentStyle;

    const NOTES: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Notes</title><id>notes</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title" suffix=", first cited in note "/><text variable="first-reference-note-number"/></layout></bibliography>
</style>"#;

    /// The bibliography of a document whose notes cite the entries `notes`, the note number
    /// of each being its place in the list (from 1).
    fn bibliography(
        style: &IndependentStyle,
        entries: &[Entry],
        notes: &[usize],
        cache: &BibliographyCache,
    ) -> Vec<String> {
        let mut driver = BibliographyDriver::new().with_cache(cache);
        for (note, &i) in notes.iter().enumerate() {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(&entries[i])],
                style,
                None,
                &[],
                Some(note + 1),
            ));
        }
        let done = driver.finish(BibliographyRequest::new(style, None, &[]));
        let items = done.bibliography.map(|b| b.items).unwrap_or_default();
        items
            .iter()
            .map(|i| {
                let mut text = String::new();
                i.content.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                text
            })
            .collect()
    }

    #[test]
    fn an_entry_printing_its_first_note_number_is_not_reused_across_documents() {
        let style = IndependentStyle::from_xml(NOTES).unwrap();
        let entries: Vec<Entry> = crate::io::from_yaml_str(
            "a:\n  type: article\n  title: Alpha\nb:\n  type: article\n  title: Beta\n",
        )
        .unwrap()
        .into_iter()
        .collect();
        let cache = BibliographyCache::new();
        assert_eq!(
            bibliography(&style, &entries, &[0], &cache),
            ["Alpha, first cited in note 1"]
        );
        assert_eq!(
            bibliography(&style, &entries, &[1, 0], &cache),
            ["Beta, first cited in note 1", "Alpha, first cited in note 2"]
        );
    }

    const SORTED_BY_MACRO: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Sorted</title><id>sorted</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="author"><names variable="author"><name/></names></macro>
  <citation><layout><text macro="author"/></layout></citation>
  <bibliography><sort><key macro="author"/></sort><layout><text variable="title"/></layout></bibliography>
</style>"#;

    /// The titles of a document's bibliography citing `cited`, with `cache` or without one.
    fn titles(
        style: &IndependentStyle,
        entries: &[Entry],
        cited: &[usize],
        cache: Option<&BibliographyCache>,
    ) -> Vec<String> {
        let mut driver = BibliographyDriver::new();
        if let Some(cache) = cache {
            driver = driver.with_cache(cache);
        }
        for &i in cited {
            driver.citation(CitationRequest::from_items(
                vec![CitationItem::with_entry(&entries[i])],
                style,
                &[],
            ));
        }
        let done = driver.finish(BibliographyRequest::new(style, None, &[]));
        let items = done.bibliography.map(|b| b.items).unwrap_or_default();
        items
            .iter()
            .map(|i| {
                let mut text = String::new();
                i.content.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                text
            })
            .collect()
    }

    #[test]
    fn documents_sharing_sort_keys_sort_as_each_alone() {
        let style = IndependentStyle::from_xml(SORTED_BY_MACRO).unwrap();
        let entries: Vec<Entry> = crate::io::from_yaml_str(
            "z:\n  type: article\n  title: Zed's\n  author: Zed, Ann\n\
             a:\n  type: article\n  title: Adams's\n  author: Adams, Bo\n\
             m:\n  type: article\n  title: Moore's\n  author: Moore, Cy\n",
        )
        .unwrap()
        .into_iter()
        .collect();
        let cache = BibliographyCache::new();
        let documents: [&[usize]; 3] = [&[0, 1], &[2, 0], &[0, 2, 1]];
        let expected: [&[&str]; 3] = [
            &["Adams's", "Zed's"],
            &["Moore's", "Zed's"],
            &["Adams's", "Moore's", "Zed's"],
        ];
        for (cited, expected) in documents.iter().zip(expected) {
            assert_eq!(titles(&style, &entries, cited, None), expected);
            assert_eq!(titles(&style, &entries, cited, Some(&cache)), expected);
        }
    }

    /// A numbered style aligning its number apart, and one printing the number again in the
    /// entry's text, where no entry can be shared.
    fn numbered(number_in_text: bool) -> IndependentStyle {
        let again = if number_in_text {
            r#"<text variable="citation-number" prefix=" (no. " suffix=")"/>"#
        } else {
            ""
        };
        IndependentStyle::from_xml(&format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Numbered</title><id>numbered</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography second-field-align="flush">
    <layout><text variable="citation-number" suffix=". "/><text variable="title"/>{again}</layout>
  </bibliography>
</style>"#
        ))
        .unwrap()
    }

    /// Each document's bibliography as (first field, content), formatted with a cache shared
    /// by all and `sharing` entries or not, and the items themselves.
    fn numbered_documents(
        style: &IndependentStyle,
        entries: &[Entry],
        documents: &[&[usize]],
        sharing: bool,
    ) -> (Vec<Vec<(String, String)>>, Vec<Vec<BibliographyItem>>) {
        let cache = BibliographyCache::new();
        let mut printed = Vec::new();
        let mut items = Vec::new();
        for cited in documents {
            let mut driver = BibliographyDriver::new().with_cache(&cache);
            if sharing {
                driver = driver.sharing_entries();
            }
            for &i in *cited {
                driver.citation(CitationRequest::from_items(
                    vec![CitationItem::with_entry(&entries[i])],
                    style,
                    &[],
                ));
            }
            let done = driver.finish(BibliographyRequest::new(style, None, &[]));
            let document = done.bibliography.map(|b| b.items).unwrap_or_default();
            let plain = |children: &ElemChildren| {
                let mut text = String::new();
                children.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                text
            };
            printed.push(
                document
                    .iter()
                    .map(|item| {
                        let first =
                            ElemChildren(item.first_field.iter().cloned().collect());
                        (plain(&first), plain(item.content()))
                    })
                    .collect(),
            );
            items.push(document);
        }
        (printed, items)
    }

    #[test]
    fn shared_entries_print_as_each_documents_own() {
        let entries: Vec<Entry> = crate::io::from_yaml_str(
            "a:\n  type: article\n  title: Alpha\n\
             b:\n  type: article\n  title: Beta\n\
             c:\n  type: article\n  title: Gamma\n",
        )
        .unwrap()
        .into_iter()
        .collect();
        let documents: [&[usize]; 3] = [&[0, 1], &[1, 0, 2], &[2, 1]];
        for number_in_text in [false, true] {
            let style = numbered(number_in_text);
            let (own, _) = numbered_documents(&style, &entries, &documents, false);
            let (shared, items) = numbered_documents(&style, &entries, &documents, true);
            assert_eq!(shared, own);
            // Beta, rendered by the first document, is the first entry of the second and the
            // second of the third.
            let beta = |document: &[BibliographyItem]| {
                document.iter().find(|i| i.key == "b").and_then(|i| i.shared.clone())
            };
            let (first, second) = (beta(&items[1]), beta(&items[2]));
            if number_in_text {
                // Its number is in its text: each document has its own.
                assert!(first.is_none() && second.is_none());
            } else {
                // One tree for both, whatever their numbers.
                assert!(first.zip(second).is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)));
            }
        }
        assert_eq!(
            numbered_documents(&numbered(false), &entries, &documents, true).0[1],
            [
                ("1. ".to_owned(), "Beta".to_owned()),
                ("2. ".to_owned(), "Alpha".to_owned()),
                ("3. ".to_owned(), "Gamma".to_owned()),
            ]
        );
    }

    /// A style that does not align its first field: its entries print the title, after the
    /// citation number with `number`, and repeat an author as a dash with `substitute`.
    fn unaligned(number: bool, substitute: bool) -> IndependentStyle {
        let number =
            if number { r#"<text variable="citation-number" suffix=". "/>"# } else { "" };
        let substitute =
            if substitute { r#" subsequent-author-substitute="---""# } else { "" };
        IndependentStyle::from_xml(&format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Unaligned</title><id>unaligned</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography{substitute}>
    <layout>{number}<names variable="author" suffix=". "/><text variable="title"/></layout>
  </bibliography>
</style>"#
        ))
        .unwrap()
    }

    #[test]
    fn unaligned_entries_are_shared_where_no_number_is_printed() {
        let entries: Vec<Entry> = crate::io::from_yaml_str(
            "a:\n  type: article\n  title: Alpha\n  author: Lee, Ann\n\
             b:\n  type: article\n  title: Beta\n  author: Lee, Ann\n\
             c:\n  type: article\n  title: Gamma\n  author: Moore, Cy\n",
        )
        .unwrap()
        .into_iter()
        .collect();
        let documents: [&[usize]; 3] = [&[0, 1], &[1, 0, 2], &[2, 1]];
        for (number, substitute) in [(false, false), (true, false), (false, true)] {
            let style = unaligned(number, substitute);
            let (own, _) = numbered_documents(&style, &entries, &documents, false);
            let (shared, items) = numbered_documents(&style, &entries, &documents, true);
            assert_eq!(shared, own, "number {number}, substitute {substitute}");
            let beta = |document: &[BibliographyItem]| {
                document.iter().find(|i| i.key == "b").and_then(|i| i.shared.clone())
            };
            let (first, second) = (beta(&items[1]), beta(&items[2]));
            if number || substitute {
                // Its number, or its neighbour, is part of it: each document has its own.
                assert!(first.is_none() && second.is_none());
            } else {
                // One tree for both, also in the first document that rendered it.
                assert!(first.zip(second).is_some_and(|(a, b)| Arc::ptr_eq(&a, &b)));
                assert!(beta(&items[0]).is_some());
            }
        }
        // The dash stands for the repeated author where the entries are not shared.
        let (printed, _) =
            numbered_documents(&unaligned(false, true), &entries, &documents, true);
        assert!(printed[1][1].1.starts_with("---"), "{printed:?}");
    }

    /// A style sorting each citation's items by a macro: the author, or, with `by_number`, the
    /// citation number (a key whose rendering differs from one document to the next).
    fn sorting_citations(by_number: bool) -> IndependentStyle {
        let key = if by_number {
            r#"<text variable="citation-number"/>"#
        } else {
            r#"<names variable="author"><name/></names>"#
        };
        IndependentStyle::from_xml(&format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Sorted</title><id>sorted</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="key">{key}</macro>
  <citation>
    <sort><key macro="key" sort="descending"/></sort>
    <layout delimiter="; "><text variable="title"/></layout>
  </citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>"#
        ))
        .unwrap()
    }

    /// Each citation of a document citing `clusters` (entries' indices), written out.
    fn citations(
        style: &IndependentStyle,
        entries: &[Entry],
        clusters: &[&[usize]],
        cache: Option<&BibliographyCache>,
    ) -> Vec<String> {
        let mut driver = BibliographyDriver::new();
        if let Some(cache) = cache {
            driver = driver.with_cache(cache);
        }
        for cluster in clusters {
            driver.citation(CitationRequest::from_items(
                cluster
                    .iter()
                    .map(|&i| CitationItem::with_entry(&entries[i]))
                    .collect(),
                style,
                &[],
            ));
        }
        let done = driver.finish(BibliographyRequest::new(style, None, &[]));
        done.citations
            .iter()
            .map(|c| {
                let mut text = String::new();
                c.citation.write_buf(&mut text, BufWriteFormat::Plain).unwrap();
                text
            })
            .collect()
    }

    #[test]
    fn documents_sharing_citation_sort_keys_sort_as_each_alone() {
        let entries: Vec<Entry> = crate::io::from_yaml_str(
            "z:\n  type: article\n  title: Zed's\n  author: Zed, Ann\n\
             a:\n  type: article\n  title: Adams's\n  author: Adams, Bo\n\
             m:\n  type: article\n  title: Moore's\n  author: Moore, Cy\n",
        )
        .unwrap()
        .into_iter()
        .collect();
        // Entries are numbered in the order they are first cited, so each document numbers
        // them differently: sorted by numbers kept from an earlier document, a citation would
        // list its items in another order.
        let documents: [&[&[usize]]; 4] =
            [&[&[0], &[1], &[2]], &[&[2, 0]], &[&[1, 0], &[2, 0]], &[&[0, 1, 2]]];
        for by_number in [false, true] {
            let style = sorting_citations(by_number);
            let cache = BibliographyCache::new();
            for clusters in documents {
                let alone = citations(&style, &entries, clusters, None);
                let shared = citations(&style, &entries, clusters, Some(&cache));
                assert_eq!(shared, alone, "{clusters:?}, by number: {by_number}");
            }
        }
    }

    fn tree(number: &str) -> ElemChildren {
        let text = |t: &str| {
            ElemChild::Text(crate::csl::Formatted {
                text: t.to_owned(),
                formatting: Default::default(),
            })
        };
        ElemChildren(vec![
            ElemChild::Elem(crate::csl::Elem {
                children: ElemChildren(vec![text(number)]),
                display: None,
                meta: Some(ElemMeta::CitationNumber),
            }),
            text(" Smith J. Title 12."),
        ])
    }

    #[test]
    fn a_number_between_marks_is_printed_plainly_and_no_other_form_is() {
        assert!(prints_plainly(&tree("12."), "12"));
        assert!(prints_plainly(&tree("[12]"), "12"));
        for other in ["12th", "No. 12", "xii", "12 12a", "", "1"] {
            assert!(!prints_plainly(&tree(other), "12"), "{other}");
        }
        assert!(!prints_plainly(&ElemChildren(Vec::new()), "12"));
        // Only the number's element changes: the title's `12` stays.
        assert_eq!(renumbered(&tree("[12]"), "12", "3"), Some(tree("[3]")));
    }

    #[test]
    fn only_whole_digit_runs_are_replaced() {
        assert_eq!(replace_digit_runs("[12]", "12", "3"), ("[3]".to_owned(), 1));
        assert_eq!(replace_digit_runs("123. 12", "12", "7"), ("123. 7".to_owned(), 1));
        assert_eq!(replace_digit_runs("1st", "1", "2"), ("2st".to_owned(), 1));
        assert_eq!(replace_digit_runs("é 4", "4", "10"), ("é 10".to_owned(), 1));
        assert_eq!(replace_digit_runs("iv", "4", "5"), ("iv".to_owned(), 0));
    }
}
