//! Formatting: every citation of a document set and its bibliography, in one driver pass.

use crate::adjust::{
    adjust_citation, capitalize_note, find_citation_number, find_citation_number_in,
    fix_dangling_delimiters,
};
use crate::cluster::{CiteItem, LOCATOR_LABELS};
use crate::item::to_csl_item;
use crate::locale::{base_language, bundled_locales_for};
use crate::notes::{author_in_text, end_note_with_period, note_cluster};
use crate::walker::{Formatted, Piece, render, render_pieces};
use crate::{CitationStyle, CslError, Subject};
use foldhash::{HashMap, HashMapExt};

use hayagriva::citationberg::LocaleCode;
use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::{
    BibliographyCache, BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest,
    ElemChildren, LocatorPayload, SpecificLocator,
};

/// One bibliography entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormattedEntry {
    /// The reference key.
    pub key: String,
    /// For numeric styles, the bare citation number, e.g. "1" (also usable in anchors).
    pub label: Option<String>,
    /// The style's own first field when the style aligns it separately
    /// (`second-field-align`), e.g. "1." for AMA or "\[1\]" for IEEE; not repeated in `body`.
    pub first_field: Option<Formatted>,
    /// The entry itself.
    pub body: Formatted,
}

/// Everything formatted for the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormattedSite {
    /// One per input citation, same order. An empty input citation gives an empty `Formatted`.
    pub citations: Vec<Formatted>,
    /// The same citations as pieces, one list per citation: each item's output apart from the
    /// style's affixes and delimiters. Items the style merges into a range (`1–3`) have none.
    pub pieces: Vec<Vec<Piece>>,
    /// One per input citation, same order: the author names an author-in-text citation leaves in
    /// the sentence, in a note style (the rest is in `citations`, the note) and in a numeric one
    /// (before the number, with the space between them unless the number is a superscript);
    /// empty otherwise.
    pub in_text: Vec<Formatted>,
    /// The bibliography in the style's order.
    pub entries: Vec<FormattedEntry>,
    /// The style asks for a hanging indent in the bibliography (APA does).
    pub hanging_indent: bool,
}

/// Format every citation of a document set in one pass (one BibliographyDriver), so
/// numbering and disambiguation are consistent and each reference is formatted once.
///
/// `references`: (key, CSL-JSON item as serde_json::Value). The item's own `id` is
/// replaced by the key. `citations`: each inner Vec is one citation cluster, in
/// document order. Only cited references appear in `entries` unless
/// `include_uncited` is true (then all of them, uncited ones numbered after the cited
/// ones in numeric styles that number by first citation).
///
/// `locale` is a CSL locale code such as "en-US" (or "en", "de"); an empty string means
/// the style's default locale. To format several documents over the same references, make a
/// [`Prepared`] once and call [`Prepared::format`] for each.
pub fn format_site(
    style: &CitationStyle,
    locale: &str,
    references: &[(String, serde_json::Value)],
    citations: &[Vec<CiteItem>],
    include_uncited: bool,
) -> Result<FormattedSite, CslError> {
    let prepared = Prepared::new(style, locale, references)?;
    let listed: Vec<&str> = if include_uncited {
        references.iter().map(|(k, _)| k.as_str()).collect()
    } else {
        Vec::new()
    };
    prepared.format(citations, &listed)
}

/// What every document of a site shares: the style, the locale and every reference converted
/// once. [`Prepared::format`] borrows it, so documents can be formatted independently (and in
/// parallel: it is `Sync`).
pub struct Prepared<'s> {
    style: std::borrow::Cow<'s, CitationStyle>,
    locale: Option<LocaleCode>,
    locales: std::sync::Arc<[hayagriva::citationberg::Locale]>,
    /// Key → index in `items`.
    index: HashMap<String, usize>,
    items: Vec<csl_json::Item>,
    /// Bibliography entries as the documents formatted so far rendered them, for the next:
    /// across a site's pages, the same entry is rendered once (numbered styles: once per entry,
    /// its number put in).
    entries: BibliographyCache,
    /// Bibliography entries' bodies as printed, by reference key (see [`Prepared::body`]).
    bodies: std::sync::Mutex<HashMap<String, std::sync::Arc<PrintedBody>>>,
}

/// An entry's body as printed, with the tree it was printed from.
struct PrintedBody {
    tree: Content,
    body: Formatted,
}

/// An entry's body as the engine rendered it: its own, or shared with every document that
/// renders it alike (`BibliographyDriver::sharing_entries`).
enum Content {
    Own(ElemChildren),
    Shared(std::sync::Arc<ElemChildren>),
}

impl Content {
    /// Whether `self` and `other` are the same rendering: one shared tree, or equal trees.
    fn is(&self, other: &Content) -> bool {
        match (self, other) {
            (Content::Shared(a), Content::Shared(b)) => std::sync::Arc::ptr_eq(a, b),
            (Content::Own(a), Content::Own(b)) => a == b,
            _ => false,
        }
    }
}

impl<'s> Prepared<'s> {
    /// Resolves the locale and converts every reference (an error names the first that cannot
    /// be used, and a key given twice).
    pub fn new(
        style: &'s CitationStyle,
        locale: &str,
        references: &[(String, serde_json::Value)],
    ) -> Result<Self, CslError> {
        Self::with_style(std::borrow::Cow::Borrowed(style), locale, references)
    }

    /// [`Prepared::new`] for references already converted, each by [`Item::from_json`] with its
    /// position in `references`, and owning its style, so it can be kept apart from it (and the
    /// documents formatted later, when each is needed): an error names a locale it cannot use,
    /// or the first key given twice.
    ///
    /// [`Item::from_json`]: crate::Item::from_json
    pub fn owning_items(
        style: CitationStyle,
        locale: &str,
        references: Vec<(String, crate::Item)>,
    ) -> Result<Prepared<'static>, CslError> {
        let style = std::borrow::Cow::Owned(style);
        let locale = resolve_locale(&style, locale)?;
        let index = index_of(references.iter().map(|(key, _)| key))?;
        let items = references.into_iter().map(|(_, item)| item.0).collect();
        Ok(Prepared::assembled(style, locale, index, items))
    }

    fn with_style(
        style: std::borrow::Cow<'s, CitationStyle>,
        locale: &str,
        references: &[(String, serde_json::Value)],
    ) -> Result<Self, CslError> {
        let locale = resolve_locale(&style, locale)?;
        let index = index_of(references.iter().map(|(key, _)| key))?;
        // Each reference on its own, so in parallel: a site's thousands of references were a
        // serial step before its pages could start.
        let items = {
            use rayon::prelude::*;
            references
                .par_iter()
                .enumerate()
                .map(|(i, (key, value))| to_csl_item(key, i, value))
                .collect::<Vec<_>>()
        };
        // The first reference, in the order given, that cannot be used.
        let items = items.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(Prepared::assembled(style, locale, index, items))
    }

    /// The prepared site of `items`, each at its key's position in `index`, with the bundled
    /// locales of the site's language.
    fn assembled(
        style: std::borrow::Cow<'s, CitationStyle>,
        locale: Option<LocaleCode>,
        index: HashMap<String, usize>,
        items: Vec<csl_json::Item>,
    ) -> Self {
        let language = locale
            .as_ref()
            .map(|l| l.0.clone())
            .or_else(|| style.style.default_locale.as_ref().map(|l| l.0.clone()))
            .unwrap_or_else(|| "en-US".to_owned());
        let locales = bundled_locales_for(&language);
        Prepared {
            style,
            locale,
            locales,
            index,
            items,
            entries: BibliographyCache::new(),
            bodies: std::sync::Mutex::default(),
        }
    }

    /// The style the documents are formatted in.
    pub fn style(&self) -> &CitationStyle {
        &self.style
    }

    /// Whether `key` is one of the references.
    pub fn knows(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Formats one document: its citations in order, and its bibliography: the cited references
    /// and `listed` ones (Pandoc's `nocite`; an unknown key is an error), which are numbered
    /// after the cited ones, in the order given, in styles that number by first citation.
    pub fn format(
        &self,
        citations: &[Vec<CiteItem>],
        listed: &[&str],
    ) -> Result<FormattedSite, CslError> {
        Ok(self.format_inner(citations, listed, Pass::Alone)?.0)
    }

    /// [`Prepared::format`], and the disambiguation it settled for every reference the document
    /// cites or lists, for [`Prepared::format_settled`]. Formatting the whole bibliography (every
    /// reference listed) this way settles the site's disambiguation.
    pub fn format_settling(
        &self,
        citations: &[Vec<CiteItem>],
        listed: &[&str],
    ) -> Result<(FormattedSite, Disambiguation), CslError> {
        self.format_inner(citations, listed, Pass::Settling)
    }

    /// [`Prepared::format`], taking each reference's disambiguation from `settled` where it has
    /// one: `2020a` is `2020a` on every page, as it is on the references page whose pass settled
    /// it, and no page's pass needs to meet the references its own could be confused with.
    pub fn format_settled(
        &self,
        citations: &[Vec<CiteItem>],
        listed: &[&str],
        settled: &Disambiguation,
    ) -> Result<FormattedSite, CslError> {
        Ok(self
            .format_inner(citations, listed, Pass::Settled(settled))?
            .0)
    }

    fn format_inner(
        &self,
        citations: &[Vec<CiteItem>],
        listed: &[&str],
        pass: Pass<'_>,
    ) -> Result<(FormattedSite, Disambiguation), CslError> {
        let settled = match pass {
            Pass::Settled(settled) => Some(settled),
            Pass::Alone | Pass::Settling => None,
        };
        let style: &CitationStyle = &self.style;
        let locale = &self.locale;
        let locales = &*self.locales;
        let index = &self.index;
        let items = &self.items;
        let mut cited = vec![false; items.len()];
        for cluster in citations {
            for item in cluster {
                let Some(&i) = index.get(item.key.as_str()) else {
                    return Err(CslError::reference(
                        &item.key,
                        None,
                        "cited, but there is no such reference",
                    ));
                };
                cited[i] = true;
                if let Some(loc) = &item.locator {
                    parse_locator_label(&loc.label)?;
                }
            }
        }
        let mut hidden_seen = cited.clone();
        let mut hidden_of = |keys: &[&str]| -> Result<Vec<usize>, CslError> {
            let mut out = Vec::new();
            for key in keys {
                let Some(&i) = index.get(*key) else {
                    return Err(CslError::reference(
                        key,
                        None,
                        "listed, but there is no such reference",
                    ));
                };
                if !hidden_seen[i] {
                    hidden_seen[i] = true;
                    out.push(i);
                }
            }
            Ok(out)
        };
        let listed = hidden_of(listed)?;
        // An author-in-text citation ("Smith (2020)") is disambiguated as its plain form
        // ("Smith, 2020") would be, as citeproc does: the plain form takes part, hidden. A
        // settled reference is not disambiguated again.
        let mut shadows: Vec<usize> = Vec::new();
        if !style.is_numeric() {
            let mut shadowed = vec![false; items.len()];
            for item in citations.iter().flatten().filter(|i| i.author_in_text) {
                if settled.is_some_and(|s| s.0.settles(&item.key)) {
                    continue;
                }
                if let Some(&i) = index.get(item.key.as_str())
                    && !std::mem::replace(&mut shadowed[i], true)
                {
                    shadows.push(i);
                }
            }
        }
        let csl = &style.style;
        let mut driver: BibliographyDriver<'_, csl_json::Item> = BibliographyDriver::new()
            .with_cache(&self.entries)
            .sharing_entries();
        if let Some(settled) = settled {
            driver = driver.with_disambiguation(&settled.0);
        }
        // For each input citation, the index of its request in the driver (None if empty).
        let mut request_of: Vec<Option<usize>> = Vec::with_capacity(citations.len());
        let mut n_requests = 0usize;
        // Unless the style looks at earlier citations (ibid, note styles), a citation's
        // output depends only on its references and locators (prefix, suffix and
        // suppress-author are applied afterwards), so identical clusters are rendered once.
        // Numbering and disambiguation do not change: first appearances keep their order.
        let mut seen: HashMap<Vec<ClusterItemKey<'_>>, usize> =
            HashMap::with_capacity(citations.len());
        let numeric = style.is_numeric();
        let note_style = style.is_note_style();
        for cluster in citations {
            if cluster.is_empty() {
                request_of.push(None);
                continue;
            }
            if !style.position_dependent {
                let content: Vec<ClusterItemKey<'_>> = cluster
                    .iter()
                    .map(|item| {
                        let i = index.get(item.key.as_str()).copied().unwrap_or(usize::MAX);
                        (
                            i,
                            item.locator
                                .as_ref()
                                .map(|l| (l.label.as_str(), l.value.as_str())),
                            item.author_in_text,
                            pinned(item),
                        )
                    })
                    .collect();
                match seen.get(&content) {
                    Some(&req) => {
                        request_of.push(Some(req));
                        continue;
                    }
                    None => {
                        seen.insert(content, n_requests);
                    }
                }
            }
            let mut req_items = Vec::with_capacity(cluster.len());
            for item in cluster {
                let entry = index
                    .get(item.key.as_str())
                    .and_then(|&i| items.get(i))
                    .ok_or_else(|| CslError::reference(&item.key, None, "missing"))?;
                let locator = match &item.locator {
                    Some(loc) => Some(SpecificLocator(
                        parse_locator_label(&loc.label)?,
                        // Emphasis markers in a locator (`p. **32**`) are not printed.
                        LocatorPayload::Str(loc.value.trim_matches('*')),
                    )),
                    None => None,
                };
                // A numeric style's author-in-text citation is its number, as Pandoc prints it;
                // a note style's is a note without the author (`note_cluster`).
                let purpose = (item.author_in_text && !numeric && !note_style)
                    .then_some(hayagriva::CitePurpose::Prose);
                req_items.push(
                    CitationItem::new(entry, locator, None, false, purpose).pinned(pinned(item)),
                );
            }
            driver.citation(CitationRequest::new(
                req_items,
                csl,
                locale.clone(),
                locales,
                None,
            ));
            request_of.push(Some(n_requests));
            n_requests += 1;
        }

        // Listed references (numbered in the order given), then the plain forms of
        // author-in-text citations.
        for group in [&listed, &shadows] {
            let hidden: Vec<CitationItem<'_, csl_json::Item>> = group
                .iter()
                .filter_map(|&i| items.get(i))
                .map(|entry| CitationItem::new(entry, None, None, true, None))
                .collect();
            if !hidden.is_empty() {
                driver.citation(CitationRequest::new(
                    hidden,
                    csl,
                    locale.clone(),
                    locales,
                    None,
                ));
            }
        }

        let request = BibliographyRequest::new(csl, locale.clone(), locales);
        // The prefixes and suffixes added below are outside the engine's output: a suffix's comma
        // after a closing quote goes inside it as the engine puts its own (`,” and more`).
        let close_quote = request.closing_quote_taking_punctuation();
        // hayagriva has internal panics on unusual input; never let one escape.
        let (rendered, decided) =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                if let Pass::Settling = pass {
                    driver.finish_settling(request)
                } else {
                    (driver.finish(request), hayagriva::Disambiguation::default())
                }
            }))
            .map_err(|payload| {
                let why = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                CslError::new(Subject::Engine, format!("the CSL engine failed: {why}"))
            })?;

        let layout = &csl.citation.layout;
        let affix_format = hayagriva::Formatting {
            font_style: layout.font_style.unwrap_or_default(),
            font_variant: layout.font_variant.unwrap_or_default(),
            font_weight: layout.font_weight.unwrap_or_default(),
            text_decoration: layout.text_decoration.unwrap_or_default(),
            vertical_align: layout.vertical_align.unwrap_or_default(),
        };

        // Each citation's tree is adjusted and printed on its own, so a document of many (a page
        // citing thousands of sources) uses every thread.
        let citation_of = |(cluster, tree): (&Vec<CiteItem>, Option<Result<ElemChildren, ()>>)| {
            let Some(tree) = tree else {
                return Ok((Formatted::default(), Vec::new(), Formatted::default()));
            };
            let Ok(mut tree) = tree else {
                return Err(CslError::new(
                    Subject::Engine,
                    "the CSL engine returned too few citations",
                ));
            };
            let mut in_text = Formatted::default();
            if note_style {
                adjust_citation(&mut tree, &note_cluster(cluster), affix_format, false);
                in_text = self.authors_in_text(cluster, None);
            } else {
                adjust_citation(&mut tree, cluster, affix_format, !numeric);
                if numeric {
                    in_text = self.authors_in_text(cluster, crate::notes::prose_names_style());
                }
            }
            fix_dangling_delimiters(&mut tree.0, false);
            if let Some(close_quote) = close_quote {
                tree.pull_punctuation_into_quotes(close_quote);
            }
            if note_style {
                capitalize_note(&mut tree.0);
                end_note_with_period(&mut tree.0);
            }
            // `Hansen et al.¹`, but `Hansen et al. [1]`.
            let superscript = crate::notes::first_formatting(&tree.0)
                .is_some_and(|f| f.vertical_align == hayagriva::citationberg::VerticalAlign::Sup);
            if numeric && !in_text.text.is_empty() && !superscript {
                in_text.html.push(' ');
                in_text.text.push(' ');
            }
            Ok((render(&tree), render_pieces(&tree), in_text))
        };
        // Each citation's tree, moved to the last citation that renders it and copied for the
        // ones before (identical clusters share a request): most trees are used once.
        let mut trees: Vec<Option<ElemChildren>> = rendered
            .citations
            .into_iter()
            .map(|rc| Some(rc.citation))
            .collect();
        let mut uses = vec![0usize; trees.len()];
        for &req in request_of.iter().flatten() {
            if let Some(n) = uses.get_mut(req) {
                *n += 1;
            }
        }
        let inputs: Vec<_> = citations
            .iter()
            .zip(&request_of)
            .map(|(cluster, req)| {
                let tree = req.map(|req| {
                    let (Some(n), Some(slot)) = (uses.get_mut(req), trees.get_mut(req)) else {
                        return Err(());
                    };
                    *n -= 1;
                    let tree = if *n == 0 { slot.take() } else { slot.clone() };
                    tree.ok_or(())
                });
                (cluster, tree)
            })
            .collect();
        let printed = map_in_order(inputs, citation_of);
        let mut out_citations = Vec::with_capacity(citations.len());
        let mut out_pieces = Vec::with_capacity(citations.len());
        let mut out_in_text = Vec::with_capacity(citations.len());
        for one in printed {
            let (citation, pieces, in_text) = one?;
            out_citations.push(citation);
            out_pieces.push(pieces);
            out_in_text.push(in_text);
        }

        let mut entries = Vec::new();
        let mut hanging_indent = false;
        if let Some(bib) = rendered.bibliography {
            hanging_indent = bib.hanging_indent;
            // A page's few entries are kept for the next page; a references page's thousands,
            // printed once, would only be held.
            let keep = bib.items.len() < PARALLEL_FROM;
            // Each entry is printed on its own: the references page prints every source.
            entries = map_in_order(bib.items, |item| {
                let label = if numeric {
                    item.first_field
                        .as_ref()
                        .and_then(find_citation_number)
                        .or_else(|| find_citation_number_in(&item.content().0))
                } else {
                    None
                };
                let first_field = item
                    .first_field
                    .map(|ff| render(&ElemChildren(vec![ff])))
                    .map(|f| Formatted {
                        html: f.html.trim_end().to_string(),
                        text: f.text.trim_end().to_string(),
                    });
                let content = match item.shared {
                    Some(shared) => Content::Shared(shared),
                    None => Content::Own(item.content),
                };
                let body = self.body(&item.key, content, keep);
                FormattedEntry {
                    key: item.key,
                    label,
                    first_field,
                    body,
                }
            });
        }

        let formatted = FormattedSite {
            citations: out_citations,
            pieces: out_pieces,
            in_text: out_in_text,
            entries,
            hanging_indent,
        };
        Ok((formatted, Disambiguation(decided)))
    }
}

/// How a document's pass disambiguates its references.
#[derive(Clone, Copy)]
enum Pass<'d> {
    /// Among themselves.
    Alone,
    /// Among themselves, recording the result for other documents.
    Settling,
    /// As another pass settled them, where it did.
    Settled(&'d Disambiguation),
}

/// Each reference's disambiguation (added names, year suffix) as one pass settled it
/// ([`Prepared::format_settling`]), for other documents to take as given
/// ([`Prepared::format_settled`]).
#[derive(Debug, Clone, Default)]
pub struct Disambiguation(hayagriva::Disambiguation);

impl Disambiguation {
    /// How many references are settled.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no reference is settled.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys of the references `self` and `other` settled differently (or only one of them
    /// settled): what a document citing one of them prints differs between the two.
    pub fn differing_keys(&self, other: &Disambiguation) -> std::collections::BTreeSet<String> {
        self.0.differing_keys(&other.0).map(str::to_owned).collect()
    }
}

/// Each key's position in `keys`; an error names the first key given twice.
fn index_of<'k>(
    keys: impl ExactSizeIterator<Item = &'k String>,
) -> Result<HashMap<String, usize>, CslError> {
    let mut index: HashMap<String, usize> = HashMap::with_capacity(keys.len());
    for (i, key) in keys.enumerate() {
        if index.insert(key.clone(), i).is_some() {
            return Err(CslError::reference(key, None, "the key is used twice"));
        }
    }
    Ok(index)
}

/// Below this many items, a list is mapped on the calling thread: a page's few citations and
/// entries are not worth splitting (the pages already run in parallel).
const PARALLEL_FROM: usize = 64;

/// `items` mapped by `f`, in their order: in parallel when there are [`PARALLEL_FROM`] or more.
fn map_in_order<I: Send, R: Send>(items: Vec<I>, f: impl Fn(I) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() < PARALLEL_FROM {
        return items.into_iter().map(f).collect();
    }
    items
        .into_par_iter()
        .with_min_len(PARALLEL_FROM / 4)
        .map(f)
        .collect()
}

impl Prepared<'_> {
    /// The body of the entry `key`, printed from `content`: as an earlier document printed it
    /// from the same tree, else printed (and, if `keep`, kept for the next document).
    ///
    /// An entry's tree is the same on every page that cites it, wherever its number is not part
    /// of the body (a style that aligns its first field, as AMA's number, or prints no number,
    /// as APA): the engine then hands out one shared tree, known by its address, and otherwise a
    /// tree of the page's own, which is compared (cheaper than printing it again).
    fn body(&self, key: &str, content: Content, keep: bool) -> Formatted {
        let lock = || {
            self.bodies
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let printed = lock().get(key).cloned();
        if let Some(printed) = printed
            && printed.tree.is(&content)
        {
            return printed.body.clone();
        }
        // Printed from a copy: the kept tree is compared as the engine made it.
        let (mut tree, kept) = match content {
            Content::Own(tree) => {
                let kept = keep.then(|| Content::Own(tree.clone()));
                (tree, kept)
            }
            Content::Shared(shared) => (
                ElemChildren::clone(&shared),
                keep.then_some(Content::Shared(shared)),
            ),
        };
        fix_dangling_delimiters(&mut tree.0, false);
        let body = render(&tree);
        if let Some(kept) = kept {
            let printed = PrintedBody {
                tree: kept,
                body: body.clone(),
            };
            lock().insert(key.to_owned(), std::sync::Arc::new(printed));
        }
        body
    }

    /// The author-in-text names of `cluster` (each author-in-text item's, joined by `, `), for
    /// the sentence, in `style`'s form of them (by default, the document's style's); empty when
    /// it has none.
    fn authors_in_text(
        &self,
        cluster: &[CiteItem],
        style: Option<&hayagriva::citationberg::IndependentStyle>,
    ) -> Formatted {
        let style = style.unwrap_or(&self.style.style);
        let mut out = Formatted::default();
        for item in cluster.iter().filter(|i| i.author_in_text) {
            let Some(entry) = self
                .index
                .get(item.key.as_str())
                .and_then(|&i| self.items.get(i))
            else {
                continue;
            };
            let Some(names) = author_in_text(entry, style, self.locale.clone(), &self.locales)
            else {
                continue;
            };
            let names = render(&names);
            if names.text.trim().is_empty() {
                continue;
            }
            if !out.text.is_empty() {
                out.html.push_str(", ");
                out.text.push_str(", ");
            }
            out.html.push_str(names.html.trim());
            out.text.push_str(names.text.trim());
        }
        out
    }
}

/// What identifies a cited item for the CSL engine: reference index, locator (label, value),
/// whether it is author-in-text and whether it is [`pinned`].
type ClusterItemKey<'a> = (usize, Option<(&'a str, &'a str)>, bool, bool);

/// Whether a cited item keeps its place when the style sorts its citation: one with a prefix
/// or a suffix does, as Pandoc's citeproc keeps it (`[see @swift2012; @hansen2002]` is not
/// re-sorted, and `see` stays with Swift), and the runs of items between such are sorted.
fn pinned(item: &CiteItem) -> bool {
    let written = |affix: &Option<String>| affix.as_deref().is_some_and(|a| !a.trim().is_empty());
    written(&item.prefix) || written(&item.suffix)
}

/// The locale to request, or an error if neither it nor its fallback exists.
pub(crate) fn resolve_locale(
    style: &CitationStyle,
    locale: &str,
) -> Result<Option<LocaleCode>, CslError> {
    let locale = locale.trim();
    if locale.is_empty() {
        return Ok(None);
    }
    let code = LocaleCode(locale.to_string());
    let base = base_language(locale);
    let known = |lang: &str| {
        lang == code.0
            || code.fallback().is_some_and(|f| f.0 == lang)
            || base_language(lang) == base
    };
    if style
        .style
        .locale
        .iter()
        .filter_map(|l| l.lang.as_ref())
        .any(|l| known(&l.0))
        || hayagriva::archive::LOCALE_CODES.iter().any(|l| known(l))
    {
        Ok(Some(code))
    } else {
        Err(CslError::new(
            Subject::Locale,
            format!(
                "unknown locale `{locale}` (expected a CSL locale code such as \"en-US\" or \"de-DE\")"
            ),
        ))
    }
}

pub(crate) fn parse_locator_label(label: &str) -> Result<CslLocator, CslError> {
    let norm = label.trim().to_ascii_lowercase();
    norm.parse::<CslLocator>().map_err(|()| {
        CslError::new(
            Subject::Locator,
            format!(
                "unknown locator label `{label}` (expected one of: {})",
                LOCATOR_LABELS.join(", ")
            ),
        )
    })
}
