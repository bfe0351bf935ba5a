//! Citation formatting with CSL styles, using hayagriva's CSL engine.
//!
//! The whole site is formatted in one pass ([`format_site`]): one
//! `BibliographyDriver` sees every citation of every page, so numbering
//! (numeric styles) and disambiguation (author-date styles) are site-wide and
//! every reference is formatted once.
//!
//! hayagriva's own HTML writer is not used: it does not escape text or URLs
//! and it emits inline `style=` attributes. [`Formatted`] is produced by a
//! walker over hayagriva's output tree that escapes all text, maps formatting
//! to plain tags or class-only spans, and only links `http(s)` URLs.
//!
//! Known hayagriva 0.10.1 limitations handled here:
//! - CSL-JSON date *ranges* make hayagriva panic; only the start of a range is kept.
//! - Empty `date-parts` make citationberg panic; they are rejected with an error, as are
//!   months and days out of range. `driver.finish` also runs under `catch_unwind`.
//! - Dates given only as `{"literal": ...}` cannot be rendered by hayagriva and are ignored.
//! - CSL-JSON rich text (`<i>`, `<b>` in titles) is not interpreted: it comes out as
//!   escaped literal text.
//! - hayagriva ignores `container-title-short`; for journal articles in styles that
//!   abbreviate journal titles (AMA, Vancouver, Nature...) it is put in `container-title`.
//! - APA renders a webpage dated only by year as "(2021,)"; the stray comma is removed.
//! - There is no per-item prefix/suffix/suppress-author in hayagriva; they are applied
//!   to the rendered tree afterwards (see [`CiteItem`]).
//! - hayagriva compares entries by value in O(references × citations) loops; items get
//!   private padding fields that make those comparisons cheap (see `to_csl_item`), and
//!   identical clusters are rendered once when the style does not depend on position.

use crate::html::escape_into;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::taxonomy::{DateVariable, Locator as CslLocator, NameVariable};
use hayagriva::citationberg::{
    CitationFormat, Display, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale,
    LocaleCode, Style, StyleCategory, TextDecoration, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Elem, ElemChild,
    ElemChildren, ElemMeta, LocatorPayload, SpecificLocator,
};

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// An error from loading a style or formatting citations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CslError {
    /// A human-readable description, naming the reference key or field where relevant.
    pub message: String,
}

impl CslError {
    fn new(message: impl Into<String>) -> Self {
        CslError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CslError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CslError {}

/// A citation style ready to format with.
#[derive(Debug, Clone)]
pub struct CitationStyle {
    style: IndependentStyle,
    /// The style prints journal titles in their short form (AMA does).
    short_container_title: bool,
    /// Citations can depend on earlier ones (note styles, ibid); see [`depends_on_position`].
    position_dependent: bool,
}

impl CitationStyle {
    fn new(style: IndependentStyle) -> Self {
        let short_container_title = short_container_title_for_journals(&style);
        let position_dependent = depends_on_position(&style);
        CitationStyle {
            style,
            short_container_title,
            position_dependent,
        }
    }

    /// A style bundled with hayagriva, by name: "american-medical-association", "apa",
    /// "nature", ... (see [`CitationStyle::bundled_names`]).
    pub fn bundled(name: &str) -> Option<CitationStyle> {
        let archived = ArchivedStyle::by_name(name)?;
        match archived.get() {
            Style::Independent(style) => Some(CitationStyle::new(style)),
            Style::Dependent(_) => None,
        }
    }

    /// Names of all bundled styles (for "did you mean" hints), sorted, including aliases
    /// such as "apa" and "ieee".
    pub fn bundled_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = ArchivedStyle::all()
            .iter()
            .flat_map(|s| s.names().iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// An independent CSL style from its XML text. Dependent styles are an error.
    pub fn from_csl_xml(xml: &str) -> Result<CitationStyle, CslError> {
        match Style::from_xml(xml) {
            Ok(Style::Independent(style)) => Ok(CitationStyle::new(style)),
            Ok(Style::Dependent(dep)) => {
                let parent = dep.parent_link.href.clone();
                let hint = ArchivedStyle::by_id(&parent)
                    .and_then(|s| s.names().first().copied())
                    .map(|n| format!("; its parent is bundled, use style \"{n}\""))
                    .unwrap_or_default();
                Err(CslError::new(format!(
                    "\"{}\" is a dependent CSL style (it only points to its parent {parent}); \
                     an independent style is needed{hint}",
                    dep.info.title.value
                )))
            }
            Err(err) => Err(CslError::new(format!("invalid CSL style: {err}"))),
        }
    }

    /// true for numeric styles (AMA, Vancouver...), false for author-date (APA).
    pub fn is_numeric(&self) -> bool {
        let mut declared = None;
        for cat in &self.style.info.category {
            if let StyleCategory::CitationFormat { format } = cat {
                declared = Some(*format == CitationFormat::Numeric);
            }
        }
        declared.unwrap_or_else(|| {
            // No category declared: numeric if the citation shows the citation number.
            self.style
                .citation
                .layout
                .find_variable_element(
                    hayagriva::citationberg::taxonomy::Variable::Number(
                        hayagriva::citationberg::taxonomy::NumberVariable::CitationNumber,
                    ),
                    &self.style.macros,
                )
                .is_some()
        })
    }

    /// The style's title, e.g. "AMA Manual of Style 11th edition".
    pub fn title(&self) -> &str {
        &self.style.info.title.value
    }
}

/// Whether any element of the style (layouts and macros, through groups and
/// conditionals) satisfies `pred`.
fn style_has(
    style: &IndependentStyle,
    pred: &dyn Fn(&hayagriva::citationberg::LayoutRenderingElement) -> bool,
) -> bool {
    use hayagriva::citationberg::LayoutRenderingElement as E;
    fn any(elems: &[E], pred: &dyn Fn(&E) -> bool, depth: usize) -> bool {
        depth < 64 && elems.iter().any(|e| one(e, pred, depth))
    }
    fn one(e: &E, pred: &dyn Fn(&E) -> bool, depth: usize) -> bool {
        pred(e)
            || match e {
                E::Group(g) => any(&g.children, pred, depth + 1),
                E::Choose(c) => {
                    c.branches().any(|b| any(&b.children, pred, depth + 1))
                        || c.otherwise
                            .as_ref()
                            .is_some_and(|o| any(&o.children, pred, depth + 1))
                }
                E::Text(_) | E::Date(_) | E::Number(_) | E::Names(_) | E::Label(_) => false,
            }
    }
    // Macros are scanned directly rather than followed from `cs:text macro=...`.
    any(&style.citation.layout.elements, pred, 0)
        || style
            .bibliography
            .as_ref()
            .is_some_and(|b| any(&b.layout.elements, pred, 0))
        || style.macros.iter().any(|m| any(&m.children, pred, 0))
}

/// Whether the style prints the short form of `container-title` for a journal article
/// (`type="article-journal"`): AMA, Nature and Vancouver styles do, APA and Chicago do not.
/// Branches are followed as far as their `type` tests decide; other tests count as
/// "may match". Macros are followed from `cs:text macro=...`. Styles that use both forms
/// for journals in different places (Chicago notes: short in subsequent notes) count as
/// long if the bibliography uses the long form.
fn short_container_title_for_journals(style: &IndependentStyle) -> bool {
    use hayagriva::citationberg::taxonomy::{Kind, StandardVariable, Variable};
    use hayagriva::citationberg::{
        ChooseBranch, ChooseMatch, CslMacro, LayoutRenderingElement as E, LongShortForm, TextTarget,
    };

    fn only_type_test(b: &ChooseBranch) -> bool {
        b.disambiguate.is_none()
            && b.is_numeric.is_none()
            && b.is_uncertain_date.is_none()
            && b.locator.is_none()
            && b.position.is_none()
            && b.variable.is_none()
    }
    /// (may match, surely matches) for a journal article.
    fn branch_matches(b: &ChooseBranch) -> (bool, bool) {
        let Some(types) = &b.type_ else {
            return (true, false);
        };
        let journal = types.contains(&Kind::ArticleJournal);
        let only = only_type_test(b);
        match b.match_ {
            ChooseMatch::All => (journal, journal && only),
            ChooseMatch::Any => (journal || !only, journal),
            ChooseMatch::None => (!journal, !journal && only),
        }
    }
    fn any(elems: &[E], macros: &[CslMacro], depth: usize) -> bool {
        depth < 32 && elems.iter().any(|e| one(e, macros, depth))
    }
    fn one(e: &E, macros: &[CslMacro], depth: usize) -> bool {
        match e {
            E::Text(t) => match &t.target {
                TextTarget::Variable {
                    var: Variable::Standard(StandardVariable::ContainerTitle),
                    form: LongShortForm::Short,
                } => true,
                TextTarget::Macro { name } => macros
                    .iter()
                    .find(|m| &m.name == name)
                    .is_some_and(|m| any(&m.children, macros, depth + 1)),
                _ => false,
            },
            E::Group(g) => any(&g.children, macros, depth + 1),
            E::Choose(c) => {
                for b in c.branches() {
                    let (may, surely) = branch_matches(b);
                    if may && any(&b.children, macros, depth + 1) {
                        return true;
                    }
                    if surely {
                        return false;
                    }
                }
                c.otherwise
                    .as_ref()
                    .is_some_and(|o| any(&o.children, macros, depth + 1))
            }
            E::Date(_) | E::Number(_) | E::Names(_) | E::Label(_) => false,
        }
    }
    // The bibliography decides; the citation layout only for styles without one.
    match &style.bibliography {
        Some(b) => any(&b.layout.elements, &style.macros, 0),
        None => any(&style.citation.layout.elements, &style.macros, 0),
    }
}

/// Whether a citation's output can depend on earlier citations (ibid, subsequent,
/// note numbers) rather than only on its own content.
fn depends_on_position(style: &IndependentStyle) -> bool {
    use hayagriva::citationberg::{LayoutRenderingElement as E, StyleClass};
    style.settings.class == StyleClass::Note
        || style_has(
            style,
            &|e| matches!(e, E::Choose(c) if c.branches().any(|b| b.position.is_some())),
        )
}

/// The language code of a bundled locale, read without decoding its terms and dates.
#[derive(serde::Deserialize)]
struct LocaleLang {
    #[serde(rename = "@xml:lang")]
    lang: Option<String>,
}

/// The language code of every locale bundled with hayagriva, in archive order. Reading only the
/// codes costs a fraction of decoding the 64 locales, which took most of a small site's build.
fn bundled_locale_langs() -> &'static [Option<String>] {
    static LANGS: OnceLock<Vec<Option<String>>> = OnceLock::new();
    LANGS.get_or_init(|| {
        hayagriva::archive::LOCALES
            .iter()
            .map(|bytes| {
                ciborium::de::from_reader::<LocaleLang, _>(*bytes)
                    .ok()
                    .and_then(|l| l.lang)
            })
            .collect()
    })
}

/// The bundled locales a request in `language` can reach: every locale of that base language
/// (the exact code and hayagriva's fallback for it are among them) and of English, the CSL
/// fallback of last resort. Decoded once per base language per process, and shared: a dev server
/// formats the site again on every save.
fn bundled_locales_for(language: &str) -> Arc<[Locale]> {
    static BY_BASE: Mutex<BTreeMap<String, Arc<[Locale]>>> = Mutex::new(BTreeMap::new());
    let base = base_language(language).to_ascii_lowercase();
    let mut cache = BY_BASE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Arc::clone(cache.entry(base).or_insert_with_key(|base| {
        bundled_locale_langs()
            .iter()
            .zip(hayagriva::archive::LOCALES)
            .filter(|(lang, _)| {
                lang.as_deref()
                    .map(base_language)
                    .is_some_and(|b| b.eq_ignore_ascii_case(base) || b == "en")
            })
            .filter_map(|(_, bytes)| ciborium::de::from_reader::<Locale, _>(*bytes).ok())
            .collect()
    }))
}

/// "de" of "de-DE", "de_AT" or "de".
fn base_language(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

/// One cited source within a citation: `[see @key, p. 4]`.
///
/// `prefix` is placed before the item, followed by a space unless it already ends
/// with whitespace; `suffix` is placed after the item, preceded by a space if it
/// starts with a letter or digit. Both go inside the style's citation affixes
/// (so inside the parentheses of APA or the superscript of AMA).
/// `suppress_author` removes the author names (author-date styles: `(2019, p. 4)`);
/// it has no effect on styles whose citations show no names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<Locator>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub suppress_author: bool,
}

impl CiteItem {
    /// A plain citation of `key`, without locator or affixes.
    pub fn new(key: impl Into<String>) -> Self {
        CiteItem {
            key: key.into(),
            ..CiteItem::default()
        }
    }
}

/// A CSL locator: `label` is a CSL locator term ("page", "chapter", "section", "figure",
/// "table", "paragraph", "line", "volume", "note", ...), `value` e.g. "3-5".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub label: String,
    pub value: String,
}

/// The CSL locator terms accepted in [`Locator::label`].
pub const LOCATOR_LABELS: &[&str] = &[
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title",
    "title-locator",
    "verse",
    "volume",
];

/// Formatted text in two forms: escaped HTML (for pages) and plain text (for previews,
/// JSON, feeds).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Formatted {
    pub html: String,
    pub text: String,
}

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
    /// The bibliography in the style's order.
    pub entries: Vec<FormattedEntry>,
    /// The style asks for a hanging indent in the bibliography (APA does).
    pub hanging_indent: bool,
}

// ---------------------------------------------------------------------------
// format_site
// ---------------------------------------------------------------------------

/// Format every citation of the whole site in one pass (one BibliographyDriver), so
/// numbering and disambiguation are site-wide and each reference is formatted once.
///
/// `references`: (key, CSL-JSON item as serde_json::Value). The item's own `id` is
/// replaced by the key. `citations`: each inner Vec is one citation cluster, in
/// document order across the site. Only cited references appear in `entries` unless
/// `include_uncited` is true (then all of them, uncited ones numbered after the cited
/// ones in numeric styles that number by first citation).
///
/// `locale` is a CSL locale code such as "en-US" (or "en", "de"); an empty string means
/// the style's default locale.
pub fn format_site(
    style: &CitationStyle,
    locale: &str,
    references: &[(String, serde_json::Value)],
    citations: &[Vec<CiteItem>],
    include_uncited: bool,
) -> Result<FormattedSite, CslError> {
    let locale = resolve_locale(style, locale)?;
    let language = locale
        .as_ref()
        .map(|l| l.0.clone())
        .or_else(|| style.style.default_locale.as_ref().map(|l| l.0.clone()))
        .unwrap_or_else(|| "en-US".to_owned());
    let locales = bundled_locales_for(&language);

    // Index the references, rejecting duplicate keys.
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(references.len());
    for (i, (key, _)) in references.iter().enumerate() {
        if index.insert(key.as_str(), i).is_some() {
            return Err(CslError::new(format!("duplicate reference key `{key}`")));
        }
    }

    // Which references are needed, and check every cited key and locator up front.
    let mut needed = vec![include_uncited; references.len()];
    let mut cited = vec![false; references.len()];
    for cluster in citations {
        for item in cluster {
            let Some(&i) = index.get(item.key.as_str()) else {
                return Err(CslError::new(format!(
                    "citation of unknown reference key `{}`",
                    item.key
                )));
            };
            needed[i] = true;
            cited[i] = true;
            if let Some(loc) = &item.locator {
                parse_locator_label(&loc.label)?;
            }
        }
    }

    // Convert the needed references to CSL-JSON items (slot i holds reference i).
    let mut items: Vec<Option<csl_json::Item>> = Vec::with_capacity(references.len());
    for (i, (key, value)) in references.iter().enumerate() {
        items.push(if needed[i] {
            Some(to_csl_item(key, i, value, style.short_container_title)?)
        } else {
            None
        });
    }

    let csl = &style.style;
    let mut driver: BibliographyDriver<'_, csl_json::Item> = BibliographyDriver::new();
    // For each input citation, the index of its request in the driver (None if empty).
    let mut request_of: Vec<Option<usize>> = Vec::with_capacity(citations.len());
    let mut n_requests = 0usize;
    // Unless the style looks at earlier citations (ibid, note styles), a citation's
    // output depends only on its references and locators (prefix, suffix and
    // suppress-author are applied afterwards), so identical clusters are rendered once.
    // Numbering and disambiguation do not change: first appearances keep their order.
    let mut seen: HashMap<Vec<ClusterItemKey<'_>>, usize> = HashMap::new();
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
                .and_then(Option::as_ref)
                .ok_or_else(|| CslError::new(format!("reference `{}` is missing", item.key)))?;
            let locator = match &item.locator {
                Some(loc) => Some(SpecificLocator(
                    parse_locator_label(&loc.label)?,
                    LocatorPayload::Str(loc.value.as_str()),
                )),
                None => None,
            };
            req_items.push(CitationItem::with_locator(entry, locator));
        }
        driver.citation(CitationRequest::new(
            req_items,
            csl,
            locale.clone(),
            &locales,
            None,
        ));
        request_of.push(Some(n_requests));
        n_requests += 1;
    }

    if include_uncited {
        let hidden: Vec<CitationItem<'_, csl_json::Item>> = items
            .iter()
            .enumerate()
            .filter(|(i, _)| !cited[*i])
            .filter_map(|(_, item)| item.as_ref())
            .map(|entry| CitationItem::new(entry, None, None, true, None))
            .collect();
        if !hidden.is_empty() {
            driver.citation(CitationRequest::new(
                hidden,
                csl,
                locale.clone(),
                &locales,
                None,
            ));
        }
    }

    let request = BibliographyRequest::new(csl, locale.clone(), &locales);
    // hayagriva has internal panics on unusual input; never let one escape.
    let rendered =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || driver.finish(request)))
            .map_err(|payload| {
                let why = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                CslError::new(format!("the CSL engine (hayagriva) failed: {why}"))
            })?;

    let layout = &csl.citation.layout;
    let affix_format = hayagriva::Formatting {
        font_style: layout.font_style.unwrap_or_default(),
        font_variant: layout.font_variant.unwrap_or_default(),
        font_weight: layout.font_weight.unwrap_or_default(),
        text_decoration: layout.text_decoration.unwrap_or_default(),
        vertical_align: layout.vertical_align.unwrap_or_default(),
    };

    let mut out_citations = Vec::with_capacity(citations.len());
    for (cluster, req) in citations.iter().zip(&request_of) {
        let Some(req) = req else {
            out_citations.push(Formatted::default());
            continue;
        };
        let Some(rc) = rendered.citations.get(*req) else {
            return Err(CslError::new("the CSL engine returned too few citations"));
        };
        let mut tree = rc.citation.clone();
        adjust_citation(&mut tree, cluster, affix_format);
        fix_dangling_delimiters(&mut tree.0, false);
        out_citations.push(render(&tree));
    }

    let numeric = style.is_numeric();
    let mut entries = Vec::new();
    let mut hanging_indent = false;
    if let Some(bib) = &rendered.bibliography {
        hanging_indent = bib.hanging_indent;
        entries.reserve(bib.items.len());
        for item in &bib.items {
            let label = if numeric {
                item.first_field
                    .as_ref()
                    .and_then(find_citation_number)
                    .or_else(|| find_citation_number_in(&item.content.0))
            } else {
                None
            };
            let first_field = item
                .first_field
                .as_ref()
                .map(|ff| render(&ElemChildren(vec![ff.clone()])))
                .map(|f| Formatted {
                    html: f.html.trim_end().to_string(),
                    text: f.text.trim_end().to_string(),
                });
            let mut content = item.content.clone();
            fix_dangling_delimiters(&mut content.0, false);
            entries.push(FormattedEntry {
                key: item.key.clone(),
                label,
                first_field,
                body: render(&content),
            });
        }
    }

    Ok(FormattedSite {
        citations: out_citations,
        entries,
        hanging_indent,
    })
}

/// What identifies a cited item for the CSL engine: reference index and locator
/// (label, value).
type ClusterItemKey<'a> = (usize, Option<(&'a str, &'a str)>);

/// The locale to request, or an error if neither it nor its fallback exists.
fn resolve_locale(style: &CitationStyle, locale: &str) -> Result<Option<LocaleCode>, CslError> {
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
        || bundled_locale_langs().iter().flatten().any(|l| known(l))
    {
        Ok(Some(code))
    } else {
        Err(CslError::new(format!(
            "unknown locale `{locale}` (expected a CSL locale code such as \"en-US\" or \"de-DE\")"
        )))
    }
}

fn parse_locator_label(label: &str) -> Result<CslLocator, CslError> {
    let norm = label.trim().to_ascii_lowercase();
    norm.parse::<CslLocator>().map_err(|()| {
        CslError::new(format!(
            "unknown locator label `{label}` (expected one of: {})",
            LOCATOR_LABELS.join(", ")
        ))
    })
}

// ---------------------------------------------------------------------------
// CSL-JSON conversion and sanitising
// ---------------------------------------------------------------------------

/// A private field added to every item; see [`to_csl_item`].
const SORT_FIRST_FIELD: &str = "!";
/// Items get `ordinal % PADDING_BUCKETS` padding fields; see [`to_csl_item`].
const PADDING_BUCKETS: usize = 32;

/// Convert one CSL-JSON object to citationberg's item, keeping hayagriva away from
/// the inputs it panics on.
fn to_csl_item(
    key: &str,
    ordinal: usize,
    value: &serde_json::Value,
    short_container_title: bool,
) -> Result<csl_json::Item, CslError> {
    use serde_json::Value as J;
    let err = |msg: String| CslError::new(format!("reference `{key}`: {msg}"));
    let J::Object(obj) = value else {
        return Err(err("not a CSL-JSON object".to_string()));
    };

    let mut map = std::collections::BTreeMap::new();
    for (field, v) in obj {
        if field == "id" || field.starts_with(SORT_FIRST_FIELD) {
            continue;
        }
        // Common lower-case spellings of the upper-case CSL variables.
        let field = match field.as_str() {
            "doi" | "url" | "pmid" | "pmcid" | "isbn" | "issn"
                if !obj.contains_key(&field.to_ascii_uppercase()) =>
            {
                field.to_ascii_uppercase()
            }
            _ => field.clone(),
        };
        let is_date = is_variable::<DateVariable>(&field);
        let is_name = is_variable::<NameVariable>(&field);
        let converted = match v {
            J::Null => None,
            J::Bool(_) | J::Number(_) | J::Object(_) if is_name => {
                return Err(err(format!("field `{field}` must be a list of names")));
            }
            J::String(s) if is_name => {
                return Err(err(format!(
                    "field `{field}` must be a list of names, like [{{\"family\": \"Doe\", \"given\": \"Jane\"}}], not the string `{s}`"
                )));
            }
            J::Bool(_) | J::Number(_) | J::Array(_) if is_date => {
                return Err(err(format!(
                    "field `{field}` must be a CSL date like {{\"date-parts\": [[2020, 5, 17]]}}"
                )));
            }
            J::Bool(b) => Some(csl_json::Value::String(b.to_string())),
            J::Number(n) => Some(match n.as_i64() {
                Some(i) => csl_json::Value::Number(i),
                None => csl_json::Value::String(n.to_string()),
            }),
            J::String(s) if is_date && raw_date_has_zero_part(s) => {
                return Err(err(format!(
                    "field `{field}`: `{s}` has a zero month or day"
                )));
            }
            J::String(s) if is_date => {
                let raw = s
                    .parse::<csl_json::FixedDateRange>()
                    .map_err(|()| err(format!("field `{field}`: `{s}` is not a date")))?;
                Some(sanitize_raw_date(raw, None, &field).map_err(err)?)
            }
            J::String(s) if field == "DOI" => Some(csl_json::Value::String(clean_doi(s))),
            J::String(s) => Some(csl_json::Value::String(s.clone())),
            J::Array(_) => match serde_json::from_value::<Vec<csl_json::NameValue>>(v.clone()) {
                Ok(names) => Some(csl_json::Value::Names(names)),
                Err(e) if is_name => {
                    return Err(err(format!("field `{field}` is not a list of names: {e}")));
                }
                // An unknown array field: not something the CSL engine uses.
                Err(_) => None,
            },
            J::Object(o)
                if o.get("raw")
                    .and_then(J::as_str)
                    .is_some_and(raw_date_has_zero_part) =>
            {
                return Err(err(format!(
                    "field `{field}`: `raw` has a zero month or day"
                )));
            }
            J::Object(o) => match serde_json::from_value::<csl_json::DateValue>(v.clone()) {
                Ok(date) => Some(sanitize_date(date, &field).map_err(err)?),
                // A literal-only date: hayagriva cannot render it, leave it out.
                Err(_) if is_date && o.contains_key("literal") => None,
                Err(e) if is_date => {
                    return Err(err(format!("field `{field}` is not a CSL date: {e}")));
                }
                // e.g. "custom": {...}
                Err(_) => None,
            },
        };
        if let Some(c) = converted {
            map.insert(field, c);
        }
    }
    map.insert("id".to_string(), csl_json::Value::String(key.to_string()));
    // hayagriva compares entries by value (`BTreeMap` equality) in loops that are
    // O(references × cited items). Make unequal items cheap to tell apart: a varying
    // number of padding fields makes most pairs differ in length (checked first), and a
    // unique first field settles the rest at the first pair. Field names starting with
    // `!` sort before every CSL variable and are never looked up by hayagriva.
    map.insert(
        SORT_FIRST_FIELD.to_string(),
        csl_json::Value::Number(i64::try_from(ordinal).unwrap_or(i64::MAX)),
    );
    for pad in 0..ordinal % PADDING_BUCKETS {
        map.insert(
            format!("{SORT_FIRST_FIELD}{pad}"),
            csl_json::Value::Number(0),
        );
    }
    // hayagriva reads the short form of `container-title` from `container-title` itself;
    // CSL processors use `container-title-short` (Zotero: `journalAbbreviation`). For
    // journal articles in styles that abbreviate journal titles, use the short one.
    let is_journal_article =
        matches!(map.get("type"), Some(csl_json::Value::String(t)) if t == "article-journal");
    if short_container_title && is_journal_article {
        let short = ["container-title-short", "journalAbbreviation"]
            .iter()
            .find_map(|k| match map.get(*k) {
                Some(csl_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                _ => None,
            });
        if let Some(short) = short {
            map.insert(
                "container-title".to_string(),
                csl_json::Value::String(short),
            );
        }
    }
    Ok(csl_json::Item(map))
}

/// citationberg computes `month - 1` and `day - 1` on `u8` when parsing "2019-00-05",
/// which panics in debug builds; such dates are rejected first.
fn raw_date_has_zero_part(raw: &str) -> bool {
    raw.split('/').any(|date| {
        date.split('-').skip(1).any(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            !digits.is_empty() && digits.bytes().all(|b| b == b'0')
        })
    })
}

fn is_variable<T: serde::de::DeserializeOwned>(name: &str) -> bool {
    serde_json::from_value::<T>(serde_json::Value::String(name.to_string())).is_ok()
}

/// Strip URL or `doi:` prefixes users often leave in the DOI field.
fn clean_doi(doi: &str) -> String {
    let mut s = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
    ] {
        if s.len() >= prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            s = s.get(prefix.len()..).unwrap_or(s).trim_start();
            break;
        }
    }
    s.to_string()
}

/// Keep only the start of a date range (hayagriva panics on ranges) and check the parts
/// (citationberg panics on empty `date-parts`).
fn sanitize_date(date: csl_json::DateValue, field: &str) -> Result<csl_json::Value, String> {
    match date {
        csl_json::DateValue::Raw { raw, season, .. } => sanitize_raw_date(raw, season, field),
        csl_json::DateValue::DateParts {
            date_parts,
            literal,
            season,
            circa,
        } => {
            let Some(first) = date_parts.0.into_iter().next() else {
                return Err(format!("field `{field}`: empty `date-parts`"));
            };
            let mut parts = first.0;
            let mut season = season;
            if parts.is_empty() {
                return Err(format!("field `{field}`: a date needs at least a year"));
            }
            parts.truncate(3);
            if let Some(&month) = parts.get(1) {
                match month {
                    1..=12 => {}
                    // CSL-JSON spells seasons as months 13 to 16.
                    13..=16 => {
                        parts.truncate(1);
                        season = Some((month - 12).to_string());
                    }
                    _ => return Err(format!("field `{field}`: month {month} is out of range")),
                }
            }
            if let Some(&day) = parts.get(2)
                && !(1..=31).contains(&day)
            {
                return Err(format!("field `{field}`: day {day} is out of range"));
            }
            Ok(csl_json::Value::Date(csl_json::DateValue::DateParts {
                date_parts: csl_json::VecDateRange(vec![csl_json::VecDate(parts)]),
                literal,
                season,
                circa,
            }))
        }
    }
}

fn sanitize_raw_date(
    mut raw: csl_json::FixedDateRange,
    season: Option<String>,
    field: &str,
) -> Result<csl_json::Value, String> {
    raw.end = None;
    if raw.start.month.is_some_and(|m| m > 11) || raw.start.day.is_some_and(|d| d > 30) {
        return Err(format!("field `{field}`: month or day out of range"));
    }
    Ok(csl_json::Value::Date(csl_json::DateValue::Raw {
        raw,
        literal: None,
        season,
    }))
}

// ---------------------------------------------------------------------------
// Post-processing of a rendered citation: item prefix/suffix and suppress-author
// ---------------------------------------------------------------------------

fn adjust_citation(tree: &mut ElemChildren, cluster: &[CiteItem], affix: hayagriva::Formatting) {
    for (idx, item) in cluster.iter().enumerate() {
        let prefix = item
            .prefix
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let suffix = item.suffix.as_deref().filter(|s| !s.trim().is_empty());
        if prefix.is_none() && suffix.is_none() && !item.suppress_author {
            continue;
        }
        // Each cited item is an `Elem` with `ElemMeta::Entry(index in the cluster)`.
        // Items hidden by range collapsing ("1–3") have none, so their affixes are lost.
        adjust_entry(
            &mut tree.0,
            idx,
            item.suppress_author,
            prefix,
            suffix,
            affix,
        );
    }
}

fn adjust_entry(
    children: &mut Vec<ElemChild>,
    idx: usize,
    suppress_author: bool,
    prefix: Option<&str>,
    suffix: Option<&str>,
    affix: hayagriva::Formatting,
) -> bool {
    let mut pos = None;
    for (i, child) in children.iter_mut().enumerate() {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::Entry(idx)) {
                if suppress_author {
                    remove_names(&mut e.children.0);
                }
                pos = Some(i);
                break;
            }
            if adjust_entry(
                &mut e.children.0,
                idx,
                suppress_author,
                prefix,
                suffix,
                affix,
            ) {
                return true;
            }
        }
    }
    let Some(i) = pos else { return false };
    if let Some(s) = suffix {
        let text = if s.starts_with(|c: char| c.is_alphanumeric()) {
            format!(" {s}")
        } else {
            s.to_string()
        };
        children.insert(
            i + 1,
            ElemChild::Text(hayagriva::Formatted {
                text,
                formatting: affix,
            }),
        );
    }
    if let Some(p) = prefix {
        let text = format!("{p} ");
        children.insert(
            i,
            ElemChild::Text(hayagriva::Formatted {
                text,
                formatting: affix,
            }),
        );
    }
    true
}

/// Remove the first names element (the author, or what substitutes for it) and the
/// delimiter that separated it from the rest. Returns true if something was removed.
fn remove_names(children: &mut Vec<ElemChild>) -> bool {
    for i in 0..children.len() {
        let ElemChild::Elem(e) = &mut children[i] else {
            continue;
        };
        let remove_this = if matches!(e.meta, Some(ElemMeta::Names(_))) {
            true
        } else if remove_names(&mut e.children.0) {
            // The names were inside this element; drop it too if nothing is left.
            if has_content(&e.children.0) {
                return true;
            }
            true
        } else {
            false
        };
        if remove_this {
            children.remove(i);
            if i < children.len() {
                trim_leading_delimiter(&mut children[i..]);
            } else if i > 0 {
                trim_trailing_delimiter(&mut children[..i]);
            }
            return true;
        }
    }
    false
}

fn has_content(children: &[ElemChild]) -> bool {
    children.iter().any(|c| match c {
        ElemChild::Text(t) => !t.text.trim().is_empty(),
        ElemChild::Markup(m) => !m.trim().is_empty(),
        ElemChild::Elem(e) => has_content(&e.children.0),
        ElemChild::Link { .. } | ElemChild::Transparent { .. } => true,
    })
}

fn is_delimiter_char(c: char) -> bool {
    matches!(c, ',' | ';' | ':') || c.is_whitespace()
}

/// Strip a leading ", " (or "; ", " ") from the first text of `children`.
fn trim_leading_delimiter(children: &mut [ElemChild]) {
    match children.first_mut() {
        Some(ElemChild::Text(t)) => {
            t.text = t.text.trim_start_matches(is_delimiter_char).to_string();
        }
        Some(ElemChild::Elem(e)) => trim_leading_delimiter(&mut e.children.0),
        _ => {}
    }
}

fn trim_trailing_delimiter(children: &mut [ElemChild]) {
    match children.last_mut() {
        Some(ElemChild::Text(t)) => {
            t.text = t.text.trim_end_matches(is_delimiter_char).to_string();
        }
        Some(ElemChild::Elem(e)) => trim_trailing_delimiter(&mut e.children.0),
        _ => {}
    }
}

/// Remove a delimiter hayagriva left before a closing parenthesis: APA renders a
/// webpage dated only by year as "(2021,)" because hayagriva decides on group
/// delimiters from whether a variable exists, not from whether anything was printed.
/// Only text outside variable values is touched.
fn fix_dangling_delimiters(children: &mut [ElemChild], inside_value: bool) {
    for i in 0..children.len() {
        match &mut children[i] {
            ElemChild::Elem(e) => {
                let value = inside_value
                    || matches!(
                        e.meta,
                        Some(
                            ElemMeta::Text
                                | ElemMeta::Names(_)
                                | ElemMeta::Name(..)
                                | ElemMeta::Date
                                | ElemMeta::Number
                                | ElemMeta::CitationLabel
                        )
                    );
                fix_dangling_delimiters(&mut e.children.0, value);
            }
            ElemChild::Text(t) if !inside_value => {
                for bad in [", )", ",)", "; )", ";)"] {
                    if t.text.contains(bad) {
                        t.text = t.text.replace(bad, ")");
                    }
                }
                if t.text.ends_with([',', ';'])
                    && let Some(ElemChild::Text(next)) = children.get(i + 1)
                    && next.text.starts_with(')')
                    && let ElemChild::Text(t) = &mut children[i]
                {
                    t.text.pop();
                }
            }
            _ => {}
        }
    }
}

fn find_citation_number(child: &ElemChild) -> Option<String> {
    find_citation_number_in(std::slice::from_ref(child))
}

/// The digits of the first `citation-number` element, e.g. "12" from "[12]".
fn find_citation_number_in(children: &[ElemChild]) -> Option<String> {
    for child in children {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::CitationNumber) {
                let mut text = String::new();
                plain_text(&e.children.0, &mut text);
                let digits: String = text
                    .chars()
                    .skip_while(|c| !c.is_ascii_digit())
                    .take_while(char::is_ascii_digit)
                    .collect();
                return (!digits.is_empty()).then_some(digits);
            }
            if let Some(n) = find_citation_number_in(&e.children.0) {
                return Some(n);
            }
        }
    }
    None
}

fn plain_text(children: &[ElemChild], out: &mut String) {
    for child in children {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Elem(e) => plain_text(&e.children.0, out),
            ElemChild::Transparent { .. } => {}
        }
    }
}

// ---------------------------------------------------------------------------
// The HTML / text walker
// ---------------------------------------------------------------------------

/// A formatting tag, in canonical nesting order (outermost first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Sup,
    Sub,
    Bold,
    Light,
    Italic,
    SmallCaps,
    Underline,
}

impl Tag {
    fn open(self) -> &'static str {
        match self {
            Tag::Sup => "<sup>",
            Tag::Sub => "<sub>",
            Tag::Bold => "<b>",
            Tag::Light => "<span class=\"csl-light\">",
            Tag::Italic => "<i>",
            Tag::SmallCaps => "<span class=\"csl-sc\">",
            Tag::Underline => "<span class=\"csl-underline\">",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Tag::Sup => "</sup>",
            Tag::Sub => "</sub>",
            Tag::Bold => "</b>",
            Tag::Italic => "</i>",
            Tag::Light | Tag::SmallCaps | Tag::Underline => "</span>",
        }
    }
}

fn tags_of(f: &hayagriva::Formatting) -> Vec<Tag> {
    let mut tags = Vec::new();
    match f.vertical_align {
        VerticalAlign::Sup => tags.push(Tag::Sup),
        VerticalAlign::Sub => tags.push(Tag::Sub),
        VerticalAlign::None | VerticalAlign::Baseline => {}
    }
    match f.font_weight {
        FontWeight::Bold => tags.push(Tag::Bold),
        FontWeight::Light => tags.push(Tag::Light),
        FontWeight::Normal => {}
    }
    if f.font_style == FontStyle::Italic {
        tags.push(Tag::Italic);
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push(Tag::SmallCaps);
    }
    if f.text_decoration == TextDecoration::Underline {
        tags.push(Tag::Underline);
    }
    tags
}

struct Writer {
    html: String,
    text: String,
    open: Vec<Tag>,
}

impl Writer {
    /// Close and open tags so that exactly `want` is open, keeping the longest
    /// still-wanted prefix of the open tags: runs of equal formatting share one tag.
    fn set_tags(&mut self, want: &[Tag]) {
        let keep = self.open.iter().take_while(|t| want.contains(t)).count();
        while self.open.len() > keep {
            if let Some(t) = self.open.pop() {
                self.html.push_str(t.close());
            }
        }
        for &t in want {
            if !self.open.contains(&t) {
                self.html.push_str(t.open());
                self.open.push(t);
            }
        }
    }

    fn text(&mut self, s: &str, f: &hayagriva::Formatting) {
        if s.is_empty() {
            return;
        }
        self.set_tags(&tags_of(f));
        escape_into(&mut self.html, s);
        self.text.push_str(s);
    }

    fn walk(&mut self, children: &[ElemChild]) {
        for child in children {
            match child {
                ElemChild::Text(t) => self.text(&t.text, &t.formatting),
                // Typst markup (math); CSL-JSON input never produces it. Show it as text.
                ElemChild::Markup(m) => self.text(m, &hayagriva::Formatting::default()),
                ElemChild::Link { text, url } => match safe_url(url) {
                    Some(href) if !text.text.is_empty() => {
                        self.set_tags(&tags_of(&text.formatting));
                        self.html.push_str("<a href=\"");
                        escape_into(&mut self.html, &href);
                        self.html.push_str("\">");
                        escape_into(&mut self.html, &text.text);
                        self.html.push_str("</a>");
                        self.text.push_str(&text.text);
                    }
                    _ => self.text(&text.text, &text.formatting),
                },
                ElemChild::Elem(e) => self.elem(e),
                ElemChild::Transparent { .. } => {}
            }
        }
    }

    fn elem(&mut self, e: &Elem) {
        let class = match e.display {
            None => None,
            Some(Display::Block) => Some("csl-block"),
            Some(Display::LeftMargin) => Some("csl-left-margin"),
            Some(Display::RightInline) => Some("csl-right-inline"),
            Some(Display::Indent) => Some("csl-indent"),
        };
        match class {
            None => self.walk(&e.children.0),
            Some(class) => {
                self.set_tags(&[]);
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
                self.walk(&e.children.0);
                self.set_tags(&[]);
                self.html.push_str("</span>");
            }
        }
    }
}

/// Render hayagriva's output tree as escaped HTML and plain text.
fn render(children: &ElemChildren) -> Formatted {
    let mut w = Writer {
        html: String::new(),
        text: String::new(),
        open: Vec::new(),
    };
    w.walk(&children.0);
    w.set_tags(&[]);
    Formatted {
        html: w.html,
        text: w.text,
    }
}

/// The URL to link to, if its scheme is http or https (case-insensitive). Spaces and
/// control characters are percent-encoded; the caller still escapes the attribute.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control());
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refs() -> Vec<(String, serde_json::Value)> {
        vec![
            (
                "doe2019".to_string(),
                json!({
                    "type": "article-journal",
                    "title": "Vitamin D supplementation and fracture risk",
                    "author": [{"family": "Doe", "given": "Jane A."}, {"family": "Smith", "given": "John"}],
                    "issued": {"date-parts": [[2019, 3, 5]]},
                    "container-title": "JAMA",
                    "volume": "321", "issue": "5", "page": "123-130",
                    "DOI": "10.1001/jama.2019.0001",
                    "PMID": "12345678"
                }),
            ),
            (
                "who2020".to_string(),
                json!({
                    "type": "webpage",
                    "title": "Physical activity",
                    "author": [{"literal": "World Health Organization"}],
                    "issued": {"date-parts": [[2020, 11, 26]]},
                    "container-title": "WHO",
                    "URL": "https://www.who.int/news-room/fact-sheets/detail/physical-activity",
                    "accessed": {"date-parts": [[2024, 1, 15]]}
                }),
            ),
            (
                "roe2021".to_string(),
                json!({
                    "type": "article-journal",
                    "title": "Exercise and sleep",
                    "author": [{"family": "Roe", "given": "Richard"}],
                    "issued": {"date-parts": [[2021]]},
                    "container-title": "Sleep Medicine",
                    "container-title-short": "Sleep Med",
                    "volume": 80, "page": "1-9"
                }),
            ),
        ]
    }

    fn cite(key: &str) -> CiteItem {
        CiteItem::new(key)
    }

    fn cite_page(key: &str, page: &str) -> CiteItem {
        CiteItem {
            locator: Some(Locator {
                label: "page".to_string(),
                value: page.to_string(),
            }),
            ..CiteItem::new(key)
        }
    }

    fn style(name: &str) -> CitationStyle {
        match CitationStyle::bundled(name) {
            Some(s) => s,
            None => panic!("style {name} not bundled"),
        }
    }

    fn run(
        name: &str,
        refs: &[(String, serde_json::Value)],
        cites: &[Vec<CiteItem>],
        all: bool,
    ) -> FormattedSite {
        match format_site(&style(name), "en-US", refs, cites, all) {
            Ok(s) => s,
            Err(e) => panic!("format_site failed: {e}"),
        }
    }

    #[test]
    fn ama_citations_and_entries() {
        let cites = vec![
            vec![cite("who2020")],
            vec![cite("doe2019"), cite_page("who2020", "4")],
            vec![cite("roe2021"), cite("doe2019"), cite("who2020")],
        ];
        let site = run("american-medical-association", &refs(), &cites, false);
        // Numbering follows first citation: who2020 = 1, doe2019 = 2, roe2021 = 3.
        assert_eq!(site.citations[0].html, "<sup>1</sup>");
        assert_eq!(site.citations[0].text, "1");
        assert_eq!(site.citations[1].html, "<sup>1(p4),2</sup>");
        assert_eq!(site.citations[1].text, "1(p4),2");
        assert_eq!(site.citations[2].html, "<sup>1–3</sup>");
        let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["who2020", "doe2019", "roe2021"]);
        let labels: Vec<Option<&str>> = site.entries.iter().map(|e| e.label.as_deref()).collect();
        assert_eq!(labels, [Some("1"), Some("2"), Some("3")]);
        assert_eq!(
            site.entries[0].first_field,
            Some(Formatted {
                html: "1.".to_string(),
                text: "1.".to_string()
            })
        );
        assert_eq!(
            site.entries[0].body.html,
            "World Health Organization. Physical activity. WHO. November 26, 2020. Accessed January 15, 2024. \
             <a href=\"https://www.who.int/news-room/fact-sheets/detail/physical-activity\">\
             https://www.who.int/news-room/fact-sheets/detail/physical-activity</a>"
        );
        assert_eq!(
            site.entries[1].body.html,
            "Doe JA, Smith J. Vitamin D supplementation and fracture risk. <i>JAMA</i>. \
             2019;321(5):123-130. doi:<a href=\"https://doi.org/10.1001/jama.2019.0001\">10.1001/jama.2019.0001</a>"
        );
        assert_eq!(
            site.entries[1].body.text,
            "Doe JA, Smith J. Vitamin D supplementation and fracture risk. JAMA. \
             2019;321(5):123-130. doi:10.1001/jama.2019.0001"
        );
        assert_eq!(
            site.entries[2].body.html,
            "Roe R. Exercise and sleep. <i>Sleep Med</i>. 2021;80:1-9."
        );
        assert!(!site.hanging_indent);
    }

    #[test]
    fn apa_citations_and_entries() {
        let cites = vec![
            vec![cite("who2020")],
            vec![cite("doe2019"), cite_page("who2020", "4")],
            vec![cite_page("doe2019", "3-5")],
        ];
        let site = run("apa", &refs(), &cites, false);
        assert_eq!(site.citations[0].html, "(World Health Organization, 2020)");
        assert_eq!(
            site.citations[1].html,
            "(Doe &amp; Smith, 2019; World Health Organization, 2020, p. 4)"
        );
        assert_eq!(
            site.citations[1].text,
            "(Doe & Smith, 2019; World Health Organization, 2020, p. 4)"
        );
        assert_eq!(site.citations[2].text, "(Doe & Smith, 2019, pp. 3–5)");
        let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["doe2019", "who2020"]);
        assert!(
            site.entries
                .iter()
                .all(|e| e.label.is_none() && e.first_field.is_none())
        );
        assert_eq!(
            site.entries[0].body.html,
            "Doe, J. A., &amp; Smith, J. (2019). Vitamin D supplementation and fracture risk. \
             <i>JAMA</i>, <i>321</i>(5), 123–130. \
             <a href=\"https://doi.org/10.1001/jama.2019.0001\">https://doi.org/10.1001/jama.2019.0001</a>"
        );
        assert_eq!(
            site.entries[1].body.html,
            "World Health Organization. (2020, November 26). <i>Physical activity</i>. WHO. \
             <a href=\"https://www.who.int/news-room/fact-sheets/detail/physical-activity\">\
             https://www.who.int/news-room/fact-sheets/detail/physical-activity</a>"
        );
        assert!(site.hanging_indent);
    }

    #[test]
    fn journal_abbreviations_follow_the_style() {
        let ama = run(
            "american-medical-association",
            &refs(),
            &[vec![cite("roe2021")]],
            false,
        );
        assert!(
            ama.entries[0].body.html.contains("<i>Sleep Med</i>"),
            "{}",
            ama.entries[0].body.html
        );
        let apa = run("apa", &refs(), &[vec![cite("roe2021")]], false);
        assert_eq!(
            apa.entries[0].body.html,
            "Roe, R. (2021). Exercise and sleep. <i>Sleep Medicine</i>, <i>80</i>, 1–9."
        );
    }

    #[test]
    fn apa_prefix_suffix_and_suppress_author() {
        let cites = vec![
            vec![CiteItem {
                prefix: Some("see".to_string()),
                suffix: Some("for a review".to_string()),
                ..cite_page("doe2019", "4")
            }],
            vec![CiteItem {
                suppress_author: true,
                ..cite_page("doe2019", "7")
            }],
            vec![CiteItem {
                suppress_author: true,
                ..cite("who2020")
            }],
        ];
        let site = run("apa", &refs(), &cites, false);
        assert_eq!(
            site.citations[0].text,
            "(see Doe & Smith, 2019, p. 4 for a review)"
        );
        assert_eq!(site.citations[1].text, "(2019, p. 7)");
        assert_eq!(site.citations[2].text, "(2020)");
    }

    #[test]
    fn apa_year_only_webpage_has_no_dangling_comma() {
        let refs = vec![(
            "cdc".to_string(),
            json!({"type": "webpage", "title": "Sleep basics",
                   "author": [{"literal": "Centers for Disease Control and Prevention"}],
                   "issued": {"date-parts": [[2021]]}, "URL": "https://www.cdc.gov/sleep"}),
        )];
        let site = run("apa", &refs, &[vec![cite("cdc")]], false);
        assert_eq!(
            site.entries[0].body.text,
            "Centers for Disease Control and Prevention. (2021). Sleep basics. https://www.cdc.gov/sleep"
        );
    }

    #[test]
    fn locator_labels() {
        let cites = vec![vec![CiteItem {
            locator: Some(Locator {
                label: "Chapter".to_string(),
                value: "3".to_string(),
            }),
            ..cite("doe2019")
        }]];
        let site = run("apa", &refs(), &cites, false);
        assert_eq!(site.citations[0].text, "(Doe & Smith, 2019, Chapter 3)");
        let bad = vec![vec![CiteItem {
            locator: Some(Locator {
                label: "pg".to_string(),
                value: "3".to_string(),
            }),
            ..cite("doe2019")
        }]];
        match format_site(&style("apa"), "en-US", &refs(), &bad, false) {
            Err(e) => assert!(e.message.contains("`pg`"), "{e}"),
            Ok(_) => panic!("unknown locator label accepted"),
        }
    }

    #[test]
    fn include_uncited_numbers_after_cited() {
        let site = run(
            "american-medical-association",
            &refs(),
            &[vec![cite("roe2021")]],
            true,
        );
        let keys: Vec<&str> = site.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["roe2021", "doe2019", "who2020"]);
        assert_eq!(site.citations[0].html, "<sup>1</sup>");
        let only_cited = run(
            "american-medical-association",
            &refs(),
            &[vec![cite("roe2021")]],
            false,
        );
        assert_eq!(only_cited.entries.len(), 1);
    }

    #[test]
    fn repeated_clusters() {
        // Identical clusters are rendered once for position-free styles...
        let cites = vec![
            vec![cite("doe2019")],
            vec![cite("who2020")],
            vec![cite("doe2019")],
        ];
        let site = run("apa", &refs(), &cites, false);
        assert_eq!(site.citations[0], site.citations[2]);
        assert_eq!(site.citations[2].text, "(Doe & Smith, 2019)");
        let site = run("american-medical-association", &refs(), &cites, false);
        let texts: Vec<&str> = site.citations.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["1", "2", "1"]);
        // ...but note styles give later citations their subsequent (short) form.
        let site = run("chicago-notes", &refs(), &cites, false);
        assert_ne!(site.citations[0], site.citations[2]);
        assert!(
            site.citations[0]
                .text
                .starts_with("Jane A. Doe and John Smith, "),
            "{}",
            site.citations[0].text
        );
        assert!(
            site.citations[2].text.starts_with("Doe and Smith, "),
            "{}",
            site.citations[2].text
        );
    }

    #[test]
    fn empty_cluster_gives_empty_output() {
        let site = run("apa", &refs(), &[vec![], vec![cite("doe2019")]], false);
        assert_eq!(site.citations[0], Formatted::default());
        assert_eq!(site.citations[1].text, "(Doe & Smith, 2019)");
    }

    #[test]
    fn text_is_escaped() {
        let refs = vec![(
            "x".to_string(),
            json!({
                "type": "article-journal",
                "title": "<script>alert(1)</script> & \"quotes\" 'single'",
                "author": [{"family": "O'Brien<b>", "given": "A"}],
                "issued": {"date-parts": [[2020]]},
                "container-title": "J <i>Med</i>"
            }),
        )];
        for name in ["american-medical-association", "apa"] {
            let site = run(name, &refs, &[vec![cite("x")]], false);
            let html = &site.entries[0].body.html;
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<b>"), "{html}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;"), "{html}");
            assert!(html.contains("O&#39;Brien&lt;b&gt;"), "{html}");
            assert!(!html.contains("style="), "{html}");
            assert!(
                site.entries[0]
                    .body
                    .text
                    .contains("<script>alert(1)</script>")
            );
        }
        // Citation prefixes are escaped too.
        let cites = vec![vec![CiteItem {
            prefix: Some("<img src=x>".to_string()),
            ..cite("x")
        }]];
        let site = run("apa", &refs, &cites, false);
        assert!(
            site.citations[0].html.starts_with("(&lt;img src=x&gt; "),
            "{}",
            site.citations[0].html
        );
    }

    #[test]
    fn only_http_links() {
        let mut refs = refs();
        for (i, url) in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "HTTPS://EXAMPLE.ORG/a b\"c",
        ]
        .iter()
        .enumerate()
        {
            refs.push((
                format!("u{i}"),
                json!({"type": "webpage", "title": "T", "author": [{"literal": "A"}],
                       "issued": {"date-parts": [[2021, 2, 3]]}, "URL": url}),
            ));
        }
        let cites: Vec<Vec<CiteItem>> = (0..4).map(|i| vec![cite(&format!("u{i}"))]).collect();
        for name in ["american-medical-association", "apa"] {
            let site = run(name, &refs, &cites, false);
            for e in &site.entries[..3] {
                assert!(!e.body.html.contains("<a"), "{}", e.body.html);
                assert!(!e.body.html.contains("href"), "{}", e.body.html);
            }
            assert!(site.entries[0].body.html.contains("javascript:alert(1)"));
            assert!(
                site.entries[3]
                    .body
                    .html
                    .contains("<a href=\"HTTPS://EXAMPLE.ORG/a%20b&quot;c\">"),
                "{}",
                site.entries[3].body.html
            );
        }
    }

    #[test]
    fn doi_prefix_is_cleaned() {
        let refs = vec![(
            "d".to_string(),
            json!({"type": "article-journal", "title": "T", "author": [{"family": "A", "given": "B"}],
                   "issued": {"date-parts": [[2020]]}, "container-title": "J",
                   "doi": "https://doi.org/10.1/abc"}),
        )];
        let site = run("apa", &refs, &[vec![cite("d")]], false);
        assert!(
            site.entries[0]
                .body
                .html
                .ends_with("<a href=\"https://doi.org/10.1/abc\">https://doi.org/10.1/abc</a>"),
            "{}",
            site.entries[0].body.html
        );
    }

    #[test]
    fn date_ranges_and_bad_dates_do_not_panic() {
        let refs = vec![
            (
                "r".to_string(),
                json!({"type": "book", "title": "Range", "author": [{"family": "A", "given": "B"}],
                       "issued": {"date-parts": [[2019, 1], [2020, 2]]}, "publisher": "P"}),
            ),
            (
                "raw".to_string(),
                json!({"type": "book", "title": "Raw", "author": [{"family": "C", "given": "D"}],
                       "issued": {"raw": "2018/2019"}, "publisher": "P"}),
            ),
            (
                "lit".to_string(),
                json!({"type": "book", "title": "Literal", "author": [{"family": "E", "given": "F"}],
                       "issued": {"literal": "Spring 2017"}, "custom": {"x": 1}}),
            ),
        ];
        let mut refs = refs;
        refs.push((
            "str".to_string(),
            json!({"type": "webpage", "title": "String date", "author": [{"literal": "G"}],
                   "issued": "2019-03-05", "URL": "https://example.org/"}),
        ));
        let cites = [vec![cite("r"), cite("raw"), cite("lit"), cite("str")]];
        let site = run("apa", &refs, &cites, false);
        assert_eq!(
            site.citations[0].text,
            "(A, 2019; C, 2018; E, n.d.; G, 2019)"
        );
        let str_entry = site
            .entries
            .iter()
            .find(|e| e.key == "str")
            .map(|e| e.body.text.as_str());
        assert_eq!(
            str_entry,
            Some("G. (2019, March 5). String date. https://example.org/")
        );

        for bad in [
            json!("2019-00-05"),
            json!({"raw": "2019-03-00"}),
            json!({"raw": "2019-03/2020-0"}),
            json!({"date-parts": [[]]}),
            json!({"date-parts": []}),
            json!({"date-parts": [[2020, 0]]}),
            json!(42),
        ] {
            let refs = vec![(
                "b".to_string(),
                json!({"type": "book", "title": "T", "issued": bad}),
            )];
            match format_site(&style("apa"), "en-US", &refs, &[vec![cite("b")]], false) {
                Err(e) => assert!(
                    e.message.contains("`b`") && e.message.contains("issued"),
                    "{e}"
                ),
                Ok(s) => panic!("bad date accepted: {:?}", s.entries),
            }
        }
    }

    #[test]
    fn unknown_key_is_an_error() {
        match format_site(
            &style("apa"),
            "en-US",
            &refs(),
            &[vec![cite("doe2019"), cite("nobody1999")]],
            false,
        ) {
            Err(e) => assert!(e.message.contains("nobody1999"), "{e}"),
            Ok(_) => panic!("unknown key accepted"),
        }
        let dup = vec![("a".to_string(), json!({})), ("a".to_string(), json!({}))];
        assert!(format_site(&style("apa"), "en-US", &dup, &[], false).is_err());
        let not_object = vec![("a".to_string(), json!("x"))];
        assert!(
            format_site(
                &style("apa"),
                "en-US",
                &not_object,
                &[vec![cite("a")]],
                false
            )
            .is_err()
        );
    }

    #[test]
    fn locale_codes_read_alone_match_the_decoded_locales() {
        let decoded: Vec<Option<String>> = hayagriva::archive::locales()
            .into_iter()
            .map(|l| l.lang.map(|c| c.0))
            .collect();
        assert_eq!(bundled_locale_langs(), decoded.as_slice());
        assert!(decoded.iter().all(Option::is_some));
        let de: Vec<String> = bundled_locales_for("de-AT")
            .iter()
            .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
            .collect();
        assert!(Arc::ptr_eq(
            &bundled_locales_for("de-AT"),
            &bundled_locales_for("DE")
        ));
        assert!(de.contains(&"de-DE".to_owned()) && de.contains(&"en-US".to_owned()));
        assert!(!de.iter().any(|l| l.starts_with("fr")));
    }

    #[test]
    fn locales() {
        let st = style("apa");
        assert!(format_site(&st, "xx-YY", &refs(), &[], false).is_err());
        let de = match format_site(
            &st,
            "de-DE",
            &refs(),
            &[vec![cite_page("doe2019", "4")]],
            false,
        ) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(de.citations[0].text, "(Doe & Smith, 2019, S. 4)");
        assert!(format_site(&st, "", &refs(), &[vec![cite("doe2019")]], false).is_ok());
        assert!(format_site(&st, "en", &refs(), &[vec![cite("doe2019")]], false).is_ok());
    }

    #[test]
    fn bundled_styles() {
        let names = CitationStyle::bundled_names();
        assert!(names.contains(&"american-medical-association"));
        assert!(names.contains(&"apa"));
        assert!(names.contains(&"nature"));
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        assert!(CitationStyle::bundled("no-such-style").is_none());
        assert!(style("american-medical-association").is_numeric());
        assert!(style("nature").is_numeric());
        assert!(!style("apa").is_numeric());
        // Every bundled name loads.
        for n in names {
            assert!(CitationStyle::bundled(n).is_some(), "{n}");
        }
    }

    #[test]
    fn every_bundled_style_formats_safely() {
        let mut refs = refs();
        refs.push((
            "evil".to_string(),
            json!({"type": "article-journal", "title": "<b>x</b> & \"y\"", "author": [{"literal": "<i>Org</i>"}],
                   "issued": {"date-parts": [[2022, 2]]}, "container-title": "J'", "URL": "javascript:alert(1)",
                   "DOI": "10.1/\"><script>"}),
        ));
        let cites = vec![
            vec![cite("doe2019"), cite_page("who2020", "4")],
            vec![CiteItem {
                suppress_author: true,
                prefix: Some("see".to_string()),
                ..cite("roe2021")
            }],
            vec![cite("evil")],
        ];
        let mut names = CitationStyle::bundled_names();
        names.dedup_by_key(|n| CitationStyle::bundled(n).map(|s| s.title().to_string()));
        for name in names {
            let site = match format_site(&style(name), "en-US", &refs, &cites, true) {
                Ok(s) => s,
                Err(e) => panic!("{name}: {e}"),
            };
            assert_eq!(site.citations.len(), 3, "{name}");
            let all = site
                .citations
                .iter()
                .chain(site.entries.iter().map(|e| &e.body));
            for f in all {
                for bad in [
                    "style=",
                    "<script",
                    "<b>x",
                    "<i>Org",
                    "javascript:alert(1)\"",
                    "href=\"javascript",
                ] {
                    assert!(!f.html.contains(bad), "{name}: {bad} in {}", f.html);
                }
            }
        }
    }

    const TINY_CSL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Tiny numeric</title>
    <id>http://example.org/tiny</id>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout prefix="[" suffix="]" delimiter=", ">
      <text variable="citation-number"/>
      <group prefix=", ">
        <label variable="locator" form="short" suffix=" "/>
        <text variable="locator"/>
      </group>
    </layout>
  </citation>
  <bibliography second-field-align="flush">
    <layout suffix=".">
      <text variable="citation-number" prefix="[" suffix="]"/>
      <names variable="author" suffix=". ">
        <name initialize-with="" name-as-sort-order="all" sort-separator=" " delimiter=", "/>
      </names>
      <text variable="title" font-style="italic"/>
    </layout>
  </bibliography>
</style>"#;

    #[test]
    fn custom_style_from_xml() {
        let st = match CitationStyle::from_csl_xml(TINY_CSL) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert!(st.is_numeric());
        assert_eq!(st.title(), "Tiny numeric");
        let site = match format_site(
            &st,
            "en-US",
            &refs(),
            &[vec![cite("roe2021"), cite_page("doe2019", "12")]],
            false,
        ) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(site.citations[0].html, "[1, 2, p. 12]");
        assert_eq!(site.entries[0].label.as_deref(), Some("1"));
        assert_eq!(
            site.entries[0]
                .first_field
                .as_ref()
                .map(|f| f.text.as_str()),
            Some("[1]")
        );
        assert_eq!(
            site.entries[0].body.html,
            "Roe R. <i>Exercise and sleep</i>."
        );
        assert_eq!(
            site.entries[1].body.html,
            "Doe JA, Smith J. <i>Vitamin D supplementation and fracture risk</i>."
        );
    }

    #[test]
    fn dependent_or_garbage_style_is_an_error() {
        let dependent = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Journal of Examples</title>
    <id>http://www.zotero.org/styles/journal-of-examples</id>
    <link href="http://www.zotero.org/styles/journal-of-examples" rel="self"/>
    <link href="http://www.zotero.org/styles/american-medical-association" rel="independent-parent"/>
    <updated>2026-01-01T00:00:00+00:00</updated>
  </info>
</style>"#;
        match CitationStyle::from_csl_xml(dependent) {
            Err(e) => assert!(e.message.contains("dependent"), "{e}"),
            Ok(_) => panic!("dependent style accepted"),
        }
        assert!(CitationStyle::from_csl_xml("this is not xml").is_err());
        assert!(CitationStyle::from_csl_xml("<style><citation></style>").is_err());
        assert!(CitationStyle::from_csl_xml("").is_err());
    }

    #[test]
    fn walker_merges_runs_and_maps_formatting() {
        use hayagriva::Formatting as F;
        let sup = F {
            vertical_align: VerticalAlign::Sup,
            ..F::default()
        };
        let sup_it = F {
            font_style: FontStyle::Italic,
            ..sup
        };
        let sc = F {
            font_variant: FontVariant::SmallCaps,
            ..F::default()
        };
        let t = |s: &str, f: F| {
            ElemChild::Text(hayagriva::Formatted {
                text: s.to_string(),
                formatting: f,
            })
        };
        let tree = ElemChildren(vec![
            t("1", sup),
            t(",", sup),
            t("x", sup_it),
            t("2", sup),
            t(" Name", sc),
            ElemChild::Elem(Elem {
                children: ElemChildren(vec![t("b", F::default())]),
                display: Some(Display::Block),
                meta: None,
            }),
            ElemChild::Link {
                text: hayagriva::Formatted {
                    text: "l".to_string(),
                    formatting: sup,
                },
                url: "http://e.org".to_string(),
            },
        ]);
        let f = render(&tree);
        assert_eq!(
            f.html,
            "<sup>1,<i>x</i>2</sup><span class=\"csl-sc\"> Name</span><span class=\"csl-block\">b</span><sup><a href=\"http://e.org\">l</a></sup>"
        );
        assert_eq!(f.text, "1,x2 Nameb".to_string() + "l");
    }
}
