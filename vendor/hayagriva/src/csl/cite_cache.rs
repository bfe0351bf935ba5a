//! Citation items shared between drivers.
//!
//! In a numeric style the citation layout usually prints nothing of the entry: the citation
//! number and the locator (`[12, p. 4]`). Every item citing entry 12 at page 4, in any document
//! over the same style, renders the same, so a program formatting many documents renders it
//! once. [`CitationCache`] keeps those renderings, keyed by what they can depend on.
//!
//! Whether a style's citation layout is such a layout is decided once, by reading it
//! ([`reads_only_number_and_locator`]): its elements may print the citation number, the
//! locator and its label, terms and fixed text, in groups and macros, and choose by the
//! locator and by whether those variables are set or numeric. Anything else (a name, a date,
//! a title, a position or type test, `disambiguate`) makes every item render as before.
//! Given such a layout, an item's rendering depends only on:
//! - its citation number and locator (label and text);
//! - the locales (its own and the citation's) and, through language-dependent text cases,
//!   whether the entry is in English;
//! - the collapse verdict, the disambiguation state and the identifier usage it is rendered
//!   with, which such a layout never changes but which are kept in the key all the same.
//!
//! Author-only and other special forms are rendered every time, as are transparent locators.
//!
//! Any other style's items are kept by everything their rendering can depend on ([`ItemKey`]):
//! the entry, the locales, the purpose, the collapse verdict, the position (first, near note,
//! ibid), the locator, the disambiguation state and the identifier usage; and, only where the
//! rendering read them ([`PropertyReads`]), the citation number and the note number of the
//! entry's first citation. An author-date style's pages cite the same entries in the same few
//! positions: the item is rendered once, where each page rendered it again.

use foldhash::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use citationberg::taxonomy::{Locator, NumberOrPageVariable, NumberVariable, Variable};
use citationberg::{
    ChooseBranch, CslMacro, IndependentStyle, LayoutRenderingElement, LocaleCode,
    TextTarget,
};

use super::bib_cache::PropertyReads;
use super::elem::ElemChildren;
use super::rendering::names::NameDisambiguationProperties;
use super::{
    CitePurpose, CollapseVerdict, DisambiguateState, IbidState, IdentifierUsage,
};

/// What a driver keeps of one item's citation rendering.
#[derive(Debug, Clone)]
pub(super) struct CiteRendering {
    pub rendered: ElemChildren,
    pub identifier_usage: IdentifierUsage,
    pub checked_disambiguate: bool,
    pub first_name: Option<NameDisambiguationProperties>,
}

/// Everything an item's rendering can depend on when the citation layout reads only the
/// number and the locator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CiteKey {
    pub citation_number: usize,
    pub locator: Option<(Locator, String)>,
    pub locale: Option<LocaleCode>,
    pub term_locale: Option<LocaleCode>,
    pub is_english: Option<bool>,
    pub collapse_verdict: Option<CollapseVerdict>,
    pub disambiguation: DisambiguateState,
    pub identifier_usage: IdentifierUsage,
}

/// Hashes the number and the locator only: they tell items apart, the other fields are nearly
/// always the same (and equal keys still hash alike). Hashing every field was a third of a
/// lookup.
impl std::hash::Hash for CiteKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.citation_number.hash(state);
        self.locator.hash(state);
    }
}

/// Everything an item's rendering can depend on in any style, apart from the numbers a
/// rendering records reading (kept beside it, see [`KeptItem`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct ItemKey {
    pub entry: String,
    pub locale: Option<LocaleCode>,
    pub term_locale: Option<LocaleCode>,
    pub purpose: Option<CitePurpose>,
    pub collapse_verdict: Option<CollapseVerdict>,
    pub note_number: Option<usize>,
    pub is_first: bool,
    pub is_near_note: bool,
    pub ibid: IbidState,
    pub locator: Option<(Locator, String)>,
    pub disambiguation: DisambiguateState,
    pub identifier_usage: IdentifierUsage,
}

/// The citation number and the first note number an item is rendered with: a kept rendering
/// serves another item only if those of them it read are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ItemNumbers {
    pub citation_number: usize,
    pub first_note_number: Option<usize>,
}

/// An item's rendering kept under its [`ItemKey`]: it serves an item with the same key whose
/// numbers agree with it wherever the rendering read them.
#[derive(Debug)]
struct KeptItem {
    rendering: CiteRendering,
    reads: PropertyReads,
    numbers: ItemNumbers,
}

impl KeptItem {
    fn serves(&self, numbers: ItemNumbers) -> bool {
        (!self.reads.citation_number()
            || self.numbers.citation_number == numbers.citation_number)
            && (!self.reads.first_note_number()
                || self.numbers.first_note_number == numbers.first_note_number)
    }
}

/// How many items of [`ItemKey`]s a cache keeps: an author-date site's items without a locator
/// are a few for each entry, but items with one can be new on every page, and are rendered
/// (not kept) once this many are.
const ITEMS_KEPT: usize = 16_384;

/// Citation items rendered once and shared between drivers.
#[derive(Debug, Default)]
pub(super) struct CitationCache {
    /// Whether the style's citation layout reads only the number and the locator: decided on
    /// first use (every driver sharing the cache formats with the same style).
    applies: OnceLock<bool>,
    items: Mutex<HashMap<CiteKey, Arc<CiteRendering>>>,
    /// Items of any other style.
    by_item: Mutex<HashMap<ItemKey, Arc<KeptItem>>>,
}

impl CitationCache {
    /// Whether items of `style` can be taken from the cache.
    pub(super) fn applies(&self, style: &IndependentStyle) -> bool {
        *self.applies.get_or_init(|| reads_only_number_and_locator(style))
    }

    /// The item rendering of `key`: the kept one, else `render()`, kept for the next time.
    /// Only for a style the cache [applies](Self::applies) to.
    pub(super) fn get_or_render(
        &self,
        key: CiteKey,
        render: impl FnOnce() -> CiteRendering,
    ) -> CiteRendering {
        if let Some(found) = self.lock().get(&key).cloned() {
            return CiteRendering::clone(&found);
        }
        // Rendered outside the lock; two renderings at once are the same.
        let rendered = render();
        self.lock().entry(key).or_insert_with(|| Arc::new(rendered.clone()));
        rendered
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<CiteKey, Arc<CiteRendering>>> {
        // The map is consistent after any panic (each insertion is one call).
        self.items.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The rendering of the item `key` with `numbers`: a kept one that serves them, else
    /// `render()`, kept for the next time (up to [`ITEMS_KEPT`], and unless another rendering
    /// of the key is kept already).
    pub(super) fn get_or_render_item(
        &self,
        key: ItemKey,
        numbers: ItemNumbers,
        render: impl FnOnce() -> (CiteRendering, PropertyReads),
    ) -> CiteRendering {
        let lock = || {
            // The map is consistent after any panic (each insertion is one call).
            self.by_item.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let found = lock().get(&key).cloned();
        if let Some(kept) = found.filter(|kept| kept.serves(numbers)) {
            return kept.rendering.clone();
        }
        // Rendered outside the lock; two renderings at once are the same.
        let (rendering, reads) = render();
        let mut kept = lock();
        if kept.len() < ITEMS_KEPT {
            kept.entry(key).or_insert_with(|| {
                Arc::new(KeptItem { rendering: rendering.clone(), reads, numbers })
            });
        }
        rendering
    }
}

/// Whether `style`'s citation layout prints nothing of an entry but its citation number and
/// the item's locator (see the module documentation for what is allowed).
pub(super) fn reads_only_number_and_locator(style: &IndependentStyle) -> bool {
    let layout = &style.citation.layout;
    elements_read_only_number_and_locator(&layout.elements, &style.macros, 0)
}

/// How deep the check follows groups, choices and macros: a deeper layout, or a macro that
/// calls itself, is simply not cached.
const MAX_DEPTH: usize = 64;

fn elements_read_only_number_and_locator(
    elements: &[LayoutRenderingElement],
    macros: &[CslMacro],
    depth: usize,
) -> bool {
    depth < MAX_DEPTH
        && elements
            .iter()
            .all(|e| element_reads_only_number_and_locator(e, macros, depth + 1))
}

fn element_reads_only_number_and_locator(
    element: &LayoutRenderingElement,
    macros: &[CslMacro],
    depth: usize,
) -> bool {
    use LayoutRenderingElement as E;
    match element {
        E::Text(text) => match &text.target {
            TextTarget::Variable { var, .. } => is_number_or_locator(var),
            TextTarget::Macro { name } => {
                macros.iter().find(|m| &m.name == name).is_some_and(|m| {
                    elements_read_only_number_and_locator(&m.children, macros, depth)
                })
            }
            TextTarget::Term { .. } | TextTarget::Value { .. } => true,
        },
        E::Number(number) => is_number_or_locator(&number.variable.into()),
        E::Label(label) => {
            label.variable == NumberOrPageVariable::Number(NumberVariable::Locator)
        }
        E::Group(group) => {
            elements_read_only_number_and_locator(&group.children, macros, depth)
        }
        E::Choose(choose) => {
            choose.branches().all(|branch| {
                branch_tests_only_number_and_locator(branch)
                    && elements_read_only_number_and_locator(
                        &branch.children,
                        macros,
                        depth,
                    )
            }) && choose.otherwise.as_ref().is_none_or(|otherwise| {
                elements_read_only_number_and_locator(&otherwise.children, macros, depth)
            })
        }
        E::Date(_) | E::Names(_) => false,
    }
}

/// Whether a `cs:if` or `cs:else-if` tests nothing but the locator and the citation number.
/// Every attribute is looked at, not only the one a renderer would evaluate.
fn branch_tests_only_number_and_locator(branch: &ChooseBranch) -> bool {
    branch.disambiguate.is_none()
        && branch.is_uncertain_date.is_none()
        && branch.position.is_none()
        && branch.type_.is_none()
        && branch
            .is_numeric
            .as_deref()
            .is_none_or(|vars| vars.iter().all(is_number_or_locator))
        && branch
            .variable
            .as_deref()
            .is_none_or(|vars| vars.iter().all(is_number_or_locator))
}

/// Whether `style`'s citation layout can print the item's locator (a `cs:text`, `cs:number` or
/// `cs:label` of it, in any branch or macro): AMA's does (`2(p4)`), Vancouver's does not. A
/// layout deeper than [`MAX_DEPTH`] is taken to print it.
pub(super) fn prints_locator(style: &IndependentStyle) -> bool {
    elements_print_locator(&style.citation.layout.elements, &style.macros, 0)
}

fn elements_print_locator(
    elements: &[LayoutRenderingElement],
    macros: &[CslMacro],
    depth: usize,
) -> bool {
    use LayoutRenderingElement as E;
    let locator = Variable::Number(NumberVariable::Locator);
    depth >= MAX_DEPTH
        || elements.iter().any(|element| match element {
            E::Text(text) => match &text.target {
                TextTarget::Variable { var, .. } => *var == locator,
                TextTarget::Macro { name } => {
                    macros.iter().find(|m| &m.name == name).is_some_and(|m| {
                        elements_print_locator(&m.children, macros, depth + 1)
                    })
                }
                TextTarget::Term { .. } | TextTarget::Value { .. } => false,
            },
            E::Number(number) => Variable::from(number.variable) == locator,
            E::Label(label) => {
                label.variable == NumberOrPageVariable::Number(NumberVariable::Locator)
            }
            E::Group(group) => elements_print_locator(&group.children, macros, depth + 1),
            E::Choose(choose) => {
                choose
                    .branches()
                    .any(|b| elements_print_locator(&b.children, macros, depth + 1))
                    || choose.otherwise.as_ref().is_some_and(|o| {
                        elements_print_locator(&o.children, macros, depth + 1)
                    })
            }
            E::Date(_) | E::Names(_) => false,
        })
}

fn is_number_or_locator(variable: &Variable) -> bool {
    matches!(
        variable,
        Variable::Number(NumberVariable::CitationNumber | NumberVariable::Locator)
    )
}

#[cfg(test)]
mod tests;
