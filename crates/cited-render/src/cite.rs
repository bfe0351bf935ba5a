//! The site's citations: the references converted once and the references page formatted once;
//! each page (or standalone checklist) formatted as a document of its own when it renders, and
//! dropped after; or, with `numbering: site`, the whole site as one document.

use cited_site::{Code, MAX_CITATIONS};

use crate::reading_order::reading_order;

mod fault;
use fault::at_fault;
use foldhash::{HashMap, HashMapExt, HashSet};

use cited_site::Site;
use cited_site::Span;
use cited_site::{Diagnostic, did_you_mean};
use cited_site::{Document, LocatorLabels};

use cited_csl::{self as csl, CitationStyle, FormattedEntry};

/// A document's place in the site-wide citation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// File of the document.
    pub file: u32,
    /// Start of its text in the file (pages: body start; checklist fields: their value).
    pub start: usize,
}

impl DocKey {
    /// The key of a document.
    pub fn of(doc: &Document) -> DocKey {
        DocKey {
            file: doc.file.0,
            start: doc.map.map(0),
        }
    }
}

/// A document in the sense of Pandoc: what numbers its citations from 1 and has a bibliography
/// of its own. A page with the checklists it embeds, or a checklist on its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `site.pages[i]`.
    Page(usize),
    /// `site.checklists[i]`, on its own page.
    Checklist(usize),
}

/// One unit's citations and bibliography, formatted as one document.
#[derive(Debug, Default, Clone)]
pub struct UnitCitations {
    /// Per document of the unit: per citation, the style's formatted cluster in pieces (one per
    /// item, and the text between them).
    clusters: HashMap<DocKey, Vec<Vec<csl::Piece>>>,
    /// The unit's bibliography, in the style's order, numbered as the unit numbers its
    /// citations: empty with `suppress-bibliography` or a style without a bibliography.
    pub entries: Vec<FormattedEntry>,
    /// The keys of `entries`: a citation of one of them links to its entry on the page.
    on_page: HashSet<String>,
    /// A note style's author-in-text citations: the author names left in the sentence (HTML),
    /// per (document, citation).
    in_text: HashMap<(DocKey, usize), String>,
}

impl UnitCitations {
    fn with_entries(mut self, entries: Vec<FormattedEntry>) -> Self {
        self.on_page = entries.iter().map(|e| e.key.clone()).collect();
        self.entries = entries;
        self
    }
}

/// The site's citations: the references page's entries, formatted once, and what formats each
/// unit's citations when its page renders ([`Citations::of`]), so that no page's formatted
/// citations outlive its page.
pub struct Citations {
    /// How units are formatted.
    units: Units,
    /// The references page: every source, in the style's bibliography order (a style that
    /// orders by citation lists them by author and title); numbered only when the whole site is
    /// one document.
    pub entries: Vec<FormattedEntry>,
    /// The keys of `entries`: a citation of a source its page does not list links here.
    listed: HashSet<String>,
    /// The references page's URL path.
    references_url: String,
    /// Key → the anchor of its entry ([`cited_site::layout::reference_anchors`]).
    anchors: HashMap<String, String>,
    /// The style is a note style: each citation is a footnote.
    note_style: bool,
    /// The labels a citation's locator is read under ([`locator_labels`]).
    labels: LocatorLabels,
}

/// How each unit's citations are had.
enum Units {
    /// `numbering: page`: each unit is formatted as a document of its own when it is asked for,
    /// over the references converted once.
    PerPage {
        prepared: Box<csl::Prepared<'static>>,
        /// Each reference's disambiguation as the references page's pass settled it: every
        /// page prints `2020a` where the references page does (none for numeric styles).
        settled: Option<csl::Disambiguation>,
    },
    /// `numbering: site`: one pass over the whole site, so every unit was formatted with it.
    SiteWide(HashMap<Unit, UnitCitations>),
}

/// Resolves the site's citation style.
pub fn style(site: &Site) -> Result<CitationStyle, Diagnostic> {
    let name = site.config.as_ref().and_then(|c| c.citation_style.clone());
    if let Some((file, text)) = &site.csl_style {
        return CitationStyle::from_csl_xml(text).map_err(|e| {
            let at = match e.subject {
                csl::Subject::Style { offset: Some(at) } => at..at,
                _ => 0..0,
            };
            let hint = if e.subject == csl::Subject::DependentStyle {
                "cited reads independent CSL 1.0 styles; dependent styles name their parent in `<link rel=\"independent-parent\">`: use that one"
            } else {
                "fix the style at this place, or start from a style of the CSL repository"
            };
            Diagnostic::new(Code::E0009, Span::new(*file, at), format!("the CSL style cannot be used: {}", e.message))
                .with_hint(hint)
        });
    }
    let name_str = name
        .as_ref()
        .map_or(cited_site::DEFAULT_CITATION_STYLE, |n| n.value.as_str());
    CitationStyle::bundled(name_str).ok_or_else(|| {
        let span = name.as_ref().map_or_else(|| Span::new(cited_site::FileId(0), 0..0), |n| n.span.clone());
        let names = CitationStyle::bundled_names();
        let message = if name_str.ends_with(".csl") && site.csl_style_elsewhere.is_some() {
            format!("`{name_str}` is not a file in the site's folder, nor a bundled citation style")
        } else if name_str.ends_with(".csl") {
            format!("`{name_str}` is neither a bundled citation style nor a file in the site")
        } else {
            format!("`{name_str}` is not a bundled citation style")
        };
        let mut d = Diagnostic::new(Code::E0009, span, message);
        let stem = name_str.strip_suffix(".csl").unwrap_or(name_str);
        d.hint = Some(match (&site.csl_style_elsewhere, did_you_mean(stem, names.iter().copied())) {
            (Some(found), _) => format!(
                "the site has `{found}`: a style's path starts at the site's folder (the one that holds `content/`), so write `citation_style: {found}`"
            ),
            (None, Some(close)) => format!("did you mean `{close}`?"),
            (None, None) => "name a bundled style such as `american-medical-association` or `apa`, or a path to a .csl file from the site's folder".to_owned(),
        });
        d
    })
}

/// The documents of `unit` whose citations it renders, in the order it renders them: a page's
/// body, with the checklists it embeds where they are embedded (each once: a second copy shows
/// the same citations); a checklist's intro, item details and guidance.
pub(crate) fn documents_of(site: &Site, unit: Unit) -> Vec<&Document> {
    match unit {
        Unit::Page(i) => {
            let Some(p) = site.pages.get(i) else {
                return Vec::new();
            };
            let mut docs = vec![&p.body];
            let mut embedded: Vec<&str> = Vec::new();
            for (id, _) in &p.body.checklists {
                if embedded.contains(&id.as_str()) {
                    continue;
                }
                embedded.push(id);
                if let Some(c) = site.checklist(id) {
                    docs.extend(checklist_documents(c));
                }
            }
            docs
        }
        Unit::Checklist(i) => site
            .checklists
            .get(i)
            .map(checklist_documents)
            .unwrap_or_default(),
    }
}

/// A checklist's documents in the order it renders them: intro, each item's detail, guidance.
pub(crate) fn checklist_documents(c: &cited_site::Checklist) -> Vec<&Document> {
    let details = c
        .source
        .items
        .value
        .iter()
        .zip(&c.details)
        .filter_map(|(_, d)| d.as_ref());
    let guidance = c
        .guidance
        .iter()
        .filter(|(range, _)| range.is_some())
        .map(|(_, d)| d);
    c.intro.iter().chain(details).chain(guidance).collect()
}

/// Every unit of the site.
pub(crate) fn units(site: &Site) -> Vec<Unit> {
    let mut units: Vec<Unit> = (0..site.pages.len()).map(Unit::Page).collect();
    units.extend((0..site.checklists.len()).map(Unit::Checklist));
    units
}

/// A unit's citations in the order a reader meets them, as (document, citation index): a page's
/// body's, with each embedded checklist's at the place it is first embedded.
fn citation_order(site: &Site, unit: Unit) -> Vec<(&Document, usize)> {
    fn all(doc: &Document) -> impl Iterator<Item = (&Document, usize)> {
        (0..doc.citations.len()).map(move |ci| (doc, ci))
    }
    let Unit::Page(i) = unit else {
        return documents_of(site, unit).into_iter().flat_map(all).collect();
    };
    let Some(p) = site.pages.get(i) else {
        return Vec::new();
    };
    let body = &p.body;
    let mut order = Vec::new();
    let mut next = 0;
    let mut embedded: Vec<&str> = Vec::new();
    for (id, range) in &body.checklists {
        while next < body.citations.len() && body.citations[next].range.start < range.start {
            order.push((body, next));
            next += 1;
        }
        if embedded.contains(&id.as_str()) {
            continue;
        }
        embedded.push(id);
        if let Some(c) = site.checklist(id) {
            order.extend(checklist_documents(c).into_iter().flat_map(all));
        }
    }
    order.extend((next..body.citations.len()).map(|ci| (body, ci)));
    order
}

/// E0001 when `unit` cites more than [`MAX_CITATIONS`] sources: a page with the checklists it
/// embeds, or a checklist over all its fields (each text was held to the limit when it was
/// parsed). Formatting and rendering a citation takes a few kilobytes, and the references page
/// lists a back link to each, so the render asks this of every unit before anything renders.
/// At the citation that passed the limit.
pub(crate) fn over_limit(site: &Site, unit: Unit) -> Option<Diagnostic> {
    let cited = |doc: &Document| doc.citations.iter().map(|c| c.items.len()).sum::<usize>();
    if documents_of(site, unit)
        .into_iter()
        .map(cited)
        .sum::<usize>()
        <= MAX_CITATIONS
    {
        return None;
    }
    let mut cited = 0usize;
    let (doc, citation) = citation_order(site, unit)
        .into_iter()
        .find_map(|(doc, ci)| {
            let citation = doc.citations.get(ci)?;
            cited += citation.items.len();
            (cited > MAX_CITATIONS).then_some((doc, citation))
        })?;
    let (what, hint) = match unit {
        Unit::Page(_) => (
            "this page, with the checklists it embeds,",
            "split the page, or embed fewer checklists in it",
        ),
        Unit::Checklist(_) => ("this checklist", "split the checklist into several"),
    };
    Some(
        Diagnostic::new(
            Code::E0001,
            doc.span(&citation.range),
            format!("{what} cites more than {MAX_CITATIONS} sources, more than one page may"),
        )
        .with_label("one too many")
        .with_hint(hint),
    )
}

/// Citation `ci` of `doc` as the CSL engine takes it, its locators read under `labels`.
fn cite_items(doc: &Document, ci: usize, labels: &LocatorLabels) -> Vec<csl::CiteItem> {
    doc.citations.get(ci).map_or_else(Vec::new, |citation| {
        citation
            .items
            .iter()
            .map(|item| {
                let (locator, suffix) = item.locator_and_suffix(labels);
                csl::CiteItem {
                    key: item.key().to_owned(),
                    locator: locator.map(|l| csl::Locator {
                        label: l.label.to_owned(),
                        value: l.value.into(),
                    }),
                    prefix: item.prefix().map(str::to_owned),
                    suffix: suffix.map(str::to_owned),
                    suppress_author: item.suppress_author(),
                    author_in_text: item.author_in_text(),
                }
            })
            .collect()
    })
}

/// The labels a locator is read under on `site` in `style`: its locale's and the style's, as
/// Pandoc reads them; and English's, which an editor may write out of habit on a site in
/// another language (E0105 names the label meant).
pub fn locator_labels(site: &Site, style: &CitationStyle) -> LocatorLabels {
    LocatorLabels::new(csl::locator_labels(style, &locale_of(site)))
        .with_foreign(csl::locator_labels(style, "en-US"))
}

/// Prepares the site's citations: converts the references once and formats the references page;
/// each unit is formatted as a document of its own when its page renders ([`Citations::of`]).
/// With `numbering: site`, the whole site is formatted now, as one document.
pub fn format(site: &Site, style: &CitationStyle) -> Result<Citations, Vec<Diagnostic>> {
    let numbering = site
        .config
        .as_ref()
        .map(|c| c.citations.numbering)
        .unwrap_or_default();
    // The references page sorts by its own key unless the style sorts (`reading_order`).
    let sort_keys = numbering == cited_site::Numbering::Page && !style.sorts_bibliography();
    // Each reference's CSL-JSON is made, converted and let go on its own thread: held for every
    // reference until all were converted, the copies were a sixth of the build's peak memory.
    let converted: Vec<(String, Result<csl::Item, csl::CslError>, String)> = {
        use rayon::prelude::*;
        site.references
            .par_iter()
            .enumerate()
            .map(|(position, r)| {
                let key = r.key.value.clone();
                let json = r.csl_json();
                let item = csl::Item::from_json(&key, position, &json);
                let sort_key = if sort_keys {
                    crate::reading_order::sort_key(&json)
                } else {
                    String::new()
                };
                (key, item, sort_key)
            })
            .collect()
    };
    // Every item the engine refuses, each at its faulty field.
    let refused: Vec<Diagnostic> = converted
        .iter()
        .filter_map(|(_, item, _)| item.as_ref().err())
        .map(|e| at_fault(site, style, e))
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut references: Vec<(String, String)> = Vec::with_capacity(converted.len());
    let mut items: Vec<(String, csl::Item)> = Vec::with_capacity(converted.len());
    for (key, item, sort_key) in converted {
        if let Ok(item) = item {
            references.push((key.clone(), sort_key));
            items.push((key, item));
        }
    }
    let prepared = csl::Prepared::owning_items(style.clone(), &locale_of(site), items)
        .map_err(|e| vec![at_fault(site, style, &e)])?;
    let fail = |e: csl::CslError| vec![at_fault(site, style, &e)];
    let labels = locator_labels(site, style);
    let (units, entries) = match numbering {
        cited_site::Numbering::Site => {
            let all_units = units(site);
            // Held to the limit before the site is formatted as one document, as each unit is
            // before it renders: a checklist of a million citations took gigabytes here.
            let over: Vec<Diagnostic> = all_units
                .iter()
                .filter_map(|&unit| over_limit(site, unit))
                .collect();
            if !over.is_empty() {
                return Err(over);
            }
            let (units, entries) =
                format_site_wide(site, &prepared, &labels, &all_units, &references)
                    .map_err(fail)?;
            (Units::SiteWide(units), entries)
        }
        cited_site::Numbering::Page => {
            let all: Vec<&str> = reading_order(style, &references);
            // The references page's pass settles each reference's disambiguation for every
            // page's (a numeric style's citations have none).
            let (formatted, settled) = if style.is_numeric() {
                (prepared.format(&[], &all).map_err(fail)?, None)
            } else {
                let (formatted, settled) = prepared.format_settling(&[], &all).map_err(fail)?;
                (formatted, Some(settled))
            };
            let mut entries = formatted.entries;
            if style.is_numeric() {
                // The numbers of the references page are no page's numbers.
                for e in &mut entries {
                    e.label = None;
                    e.first_field = None;
                }
            }
            let prepared = Box::new(prepared);
            (Units::PerPage { prepared, settled }, entries)
        }
    };
    let anchors = site
        .references
        .iter()
        .map(|r| (r.key.value.clone(), site.reference_anchor(&r.key.value)))
        .collect();
    let base_path = site.config.as_ref().map_or_else(
        || "/".to_owned(),
        |c| crate::base_path_of(&c.base_url.value),
    );
    let listed = entries.iter().map(|e| e.key.clone()).collect();
    Ok(Citations {
        anchors,
        note_style: style.is_note_style(),
        units,
        listed,
        references_url: format!("{base_path}{}", cited_site::layout::REFERENCES),
        entries,
        labels,
    })
}

/// The whole site as one document (`numbering: site`): one pass over every unit's citations in
/// turn; each unit lists its cited entries with the site's numbers.
fn format_site_wide(
    site: &Site,
    prepared: &csl::Prepared<'_>,
    labels: &LocatorLabels,
    all_units: &[Unit],
    references: &[(String, String)],
) -> Result<(HashMap<Unit, UnitCitations>, Vec<FormattedEntry>), csl::CslError> {
    // Every document once, in the order of the site's documents (as before per-page numbering):
    // a checklist embedded in a page shows the citations it has on its own page.
    let mut clusters = Vec::new();
    let mut order: Vec<(DocKey, usize)> = Vec::new();
    for doc in site.documents() {
        for ci in 0..doc.citations.len() {
            clusters.push(cite_items(doc, ci, labels));
            order.push((DocKey::of(doc), ci));
        }
    }
    let all: Vec<&str> = references.iter().map(|(k, _)| k.as_str()).collect();
    let formatted = prepared.format(&clusters, &all)?;
    let mut pieces_of: HashMap<(DocKey, usize), Vec<csl::Piece>> = HashMap::new();
    let mut in_text_of: HashMap<(DocKey, usize), String> = HashMap::new();
    for ((at, pieces), in_text) in order
        .into_iter()
        .zip(formatted.pieces)
        .zip(formatted.in_text)
    {
        if !in_text.html.is_empty() {
            in_text_of.insert(at, in_text.html);
        }
        pieces_of.insert(at, pieces);
    }
    let position: HashMap<&str, usize> = formatted
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    let mut units = HashMap::new();
    for &unit in all_units {
        let mut u = UnitCitations::default();
        let mut cited: Vec<usize> = listed_by(site, prepared, unit)
            .iter()
            .filter_map(|k| position.get(k).copied())
            .collect();
        for doc in documents_of(site, unit) {
            let key = DocKey::of(doc);
            let list: Vec<Vec<csl::Piece>> = (0..doc.citations.len())
                .map(|ci| pieces_of.get(&(key, ci)).cloned().unwrap_or_default())
                .collect();
            for ci in 0..doc.citations.len() {
                if let Some(names) = in_text_of.get(&(key, ci)) {
                    u.in_text.insert((key, ci), names.clone());
                }
            }
            cited.extend(
                doc.citations
                    .iter()
                    .flat_map(|c| &c.items)
                    .filter_map(|item| position.get(item.key()).copied()),
            );
            u.clusters.insert(key, list);
        }
        cited.sort_unstable();
        cited.dedup();
        if suppressed(site, unit) {
            cited.clear();
        }
        let entries = cited
            .into_iter()
            .filter_map(|i| formatted.entries.get(i).cloned())
            .collect();
        units.insert(unit, u.with_entries(entries));
    }
    Ok((units, formatted.entries))
}

/// One unit as a document of its own.
fn format_unit(
    site: &Site,
    prepared: &csl::Prepared<'_>,
    labels: &LocatorLabels,
    settled: Option<&csl::Disambiguation>,
    unit: Unit,
) -> Result<UnitCitations, csl::CslError> {
    let order = citation_order(site, unit);
    let clusters: Vec<Vec<csl::CiteItem>> = order
        .iter()
        .map(|(doc, ci)| cite_items(doc, *ci, labels))
        .collect();
    let listed = listed_by(site, prepared, unit);
    let formatted = match settled {
        Some(settled) => prepared.format_settled(&clusters, &listed, settled)?,
        None => prepared.format(&clusters, &listed)?,
    };
    let entries = if suppressed(site, unit) {
        Vec::new()
    } else {
        formatted.entries
    };
    let mut u = UnitCitations::default().with_entries(entries);
    for (((doc, ci), pieces), in_text) in order
        .into_iter()
        .zip(formatted.pieces)
        .zip(formatted.in_text)
    {
        if !in_text.html.is_empty() {
            u.in_text.insert((DocKey::of(doc), ci), in_text.html);
        }
        let list = u.clusters.entry(DocKey::of(doc)).or_default();
        if list.len() <= ci {
            list.resize_with(ci + 1, Vec::new);
        }
        list[ci] = pieces;
    }
    Ok(u)
}

/// The sources `unit` lists without citing them: its page's `nocite` (`@*`: every source, in
/// the order of the reference files). Unknown keys are left out (the checker reports them).
fn listed_by<'s>(site: &'s Site, prepared: &csl::Prepared<'_>, unit: Unit) -> Vec<&'s str> {
    let Unit::Page(i) = unit else {
        return Vec::new();
    };
    match site.pages.get(i).and_then(|p| p.front.nocite()) {
        None => Vec::new(),
        Some(cited_site::NoCite::All) => site
            .references
            .iter()
            .map(|r| r.key.value.as_str())
            .collect(),
        Some(cited_site::NoCite::Keys(keys)) => keys
            .into_iter()
            .filter_map(|k| site.reference(&k).map(|r| r.key.value.as_str()))
            .filter(|k| prepared.knows(k))
            .collect(),
    }
}

/// Whether `unit`'s page has `suppress-bibliography: true`.
fn suppressed(site: &Site, unit: Unit) -> bool {
    match unit {
        Unit::Page(i) => site
            .pages
            .get(i)
            .is_some_and(|p| p.front.suppresses_bibliography()),
        Unit::Checklist(_) => false,
    }
}

/// The CSL locale for the site's language (`en` is formatted as `en-US`, as Pandoc does): the
/// citations' and the dates' ([`csl::TextDates`]).
pub(crate) fn locale_of(site: &Site) -> String {
    let language = cited_site::SiteConfig::language_of(site.config.as_ref());
    if language == cited_site::DEFAULT_LANGUAGE {
        "en-US".to_owned()
    } else {
        language
    }
}

impl Citations {
    /// The citations and bibliography of `unit`: formatted now (one engine pass over its
    /// citations), or with `numbering: site` taken from the site-wide pass. The caller drops them
    /// once its page is rendered.
    pub fn of(
        &self,
        site: &Site,
        unit: Unit,
    ) -> Result<std::borrow::Cow<'_, UnitCitations>, Diagnostic> {
        match &self.units {
            Units::PerPage { prepared, settled } => {
                format_unit(site, prepared, &self.labels, settled.as_ref(), unit)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|e| at_fault(site, prepared.style(), &e))
            }
            Units::SiteWide(units) => Ok(units
                .get(&unit)
                .map_or_else(Default::default, std::borrow::Cow::Borrowed)),
        }
    }

    /// Whether the style is a note style: each citation in a page's text is a footnote.
    pub fn note_style(&self) -> bool {
        self.note_style
    }

    /// The labels a citation's locator is read under: the site's locale's and its style's, and
    /// English's as foreign ones.
    pub fn labels(&self) -> &LocatorLabels {
        &self.labels
    }

    /// The keys of the references whose citations and entries print differently here than in
    /// `before` for another reason than their own text: their disambiguation, which the
    /// references page's pass settles across the site (`2020a`, added initials), changed. Empty
    /// in a numeric style numbered page by page (a page's citations depend on its own sources
    /// only); `None` when the two cannot be compared so (a site numbered as one document, whose
    /// every page depends on every other).
    pub fn disambiguation_changes(
        &self,
        before: &Citations,
    ) -> Option<std::collections::BTreeSet<String>> {
        match (&self.units, &before.units) {
            (Units::PerPage { settled: now, .. }, Units::PerPage { settled: then, .. }) => {
                match (now, then) {
                    (None, None) => Some(Default::default()),
                    (Some(now), Some(then)) => Some(now.differing_keys(then)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// An author-in-text citation `index` of `doc` in a note or numeric style: the author names
    /// (HTML) it leaves in the sentence, its note or number holding the rest.
    pub fn in_text<'u>(
        &self,
        unit: &'u UnitCitations,
        doc: &Document,
        index: usize,
    ) -> Option<&'u str> {
        unit.in_text
            .get(&(DocKey::of(doc), index))
            .map(String::as_str)
    }

    /// The anchor of the entry of `key`.
    pub fn anchor(&self, key: &str) -> &str {
        self.anchors.get(key).map_or("", String::as_str)
    }

    /// The HTML of citation `index` of `doc` as `unit` formats it: each item linked to its entry,
    /// with a preview. `anchor` is the id this citation gets on the page (for back links);
    /// `previews` holds each entry's text, already escaped; `notices` the (kind, label) of each
    /// source the lock marks (retracted, corrected), which every citation of it shows.
    pub fn html<S: std::hash::BuildHasher>(
        &self,
        unit: &UnitCitations,
        doc: &Document,
        index: usize,
        anchor: &str,
        previews: &std::collections::HashMap<&str, String, S>,
        notices: &std::collections::HashMap<&str, (&'static str, &str), S>,
    ) -> String {
        let Some(parts) = unit
            .clusters
            .get(&DocKey::of(doc))
            .and_then(|c| c.get(index))
        else {
            return String::new();
        };
        let Some(citation) = doc.citations.get(index) else {
            return String::new();
        };
        // The style's own cluster (order, ranges, delimiters, affixes, superscript), with each
        // item's output linked to its entry. Written into one string: a dense page has hundreds
        // of items.
        let mut out =
            String::with_capacity(64 + parts.iter().map(|p| p.html.len() + 256).sum::<usize>());
        out.push_str("<span class=\"citation\" id=\"");
        out.push_str(anchor);
        out.push_str("\">");
        for piece in parts {
            let Some(item) = piece.item.and_then(|i| citation.items.get(i)) else {
                out.push_str(&piece.html);
                continue;
            };
            let key = item.key();
            let target = self.anchor(key);
            // The entry on this page, else on the references page, else none (a style without
            // a bibliography): no link that leads nowhere.
            let on_page = unit.on_page.contains(key);
            if !on_page && !self.listed.contains(key) {
                out.push_str(&piece.html);
                continue;
            }
            // The kind and label are fixed words from the render crate, not user text.
            let notice = notices.get(key);
            out.push_str("<a class=\"cite");
            if let Some((kind, _)) = notice {
                out.push_str(" cite-");
                out.push_str(kind);
            }
            out.push_str("\" href=\"");
            if on_page {
                out.push('#');
                out.push_str(target);
                out.push_str("\" aria-describedby=\"");
                out.push_str(&cited_site::layout::entry_text_id(target));
            } else {
                out.push_str(&self.references_url);
                out.push('#');
                out.push_str(target);
            }
            out.push_str("\">");
            out.push_str(&unlinked(&piece.html));
            out.push_str("</a><span class=\"cite-preview\" aria-hidden=\"true\">");
            out.push_str(previews.get(key).map_or("", String::as_str));
            out.push_str("</span>");
            if let Some((_, label)) = notice {
                out.push_str("<span class=\"cite-notice\">");
                out.push_str(&label.to_lowercase());
                out.push_str("</span>");
            }
        }
        out.push_str("</span>");
        out
    }
}

/// `html` without its links' tags (their text stays): a style that prints a URL in a citation
/// (Chicago's notes) would otherwise put a link inside the link to the entry, which HTML forbids.
/// The walker escapes all text, so `<a` and `</a>` here are only its own tags.
fn unlinked(html: &str) -> std::borrow::Cow<'_, str> {
    // Looked for at each `<` (a citation's few tags): `contains` with a text to find sets up a
    // searcher each time, several hundred instructions for every cited item of the site.
    if !html.split('<').skip(1).any(|tag| tag.starts_with("a ")) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a ").into_iter().chain(rest.find("</a>")).min() {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests;
