use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use citationberg::taxonomy::Variable;
use citationberg::{
    DemoteNonDroppingParticle, InheritableNameOptions, LocaleCode, LongShortForm, Sort,
    SortDirection, SortKey,
};
use icu_collator::options::{AlternateHandling, CollatorOptions};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::Locale as IcuLocale;

use crate::csl::BufWriteFormat;
use crate::csl::parallel::MaybeSync;
use crate::csl::rendering::RenderCsl;

use super::bib_cache::{BibliographyCache, SortOf};
use super::taxonomy::EntryLike;
use super::{CitationItem, InstanceContext, StyleContext};

/// How strings compare: by the style locale's collation, or by code point when the locale has
/// none. Made once for a whole sort (making a collator for every comparison was most of the
/// time of sorting a long bibliography).
struct Collation(Option<CollatorBorrowed<'static>>);

impl Collation {
    fn new(locale: LocaleCode) -> Self {
        Collation(locale.0.parse::<IcuLocale>().ok().and_then(|locale| {
            // Punctuation within a word is ignored (`Smith-Jones` files as `SmithJones`, after
            // `Smithers`), as citeproc collates a sort key's words.
            let mut options = CollatorOptions::default();
            options.alternate_handling = Some(AlternateHandling::Shifted);
            Collator::try_new(locale.into(), options).ok()
        }))
    }

    /// The collation of `locale`, made once per locale and shared: a document sorts each of its
    /// citations and its bibliography, and a program formatting many short documents made a
    /// collator for every one of those sorts (a sixtieth of formatting a site page by page).
    fn of(locale: LocaleCode) -> Arc<Collation> {
        static MADE: OnceLock<Mutex<HashMap<LocaleCode, Arc<Collation>>>> =
            OnceLock::new();
        let made = MADE.get_or_init(Default::default);
        let lock = || made.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(collation) = lock().get(&locale) {
            return Arc::clone(collation);
        }
        // Made outside the lock; a collation made twice at once is the same collation.
        let collation = Arc::new(Collation::new(locale.clone()));
        Arc::clone(lock().entry(locale).or_insert(collation))
    }

    /// `a` against `b` as citeproc compares sort keys: word by word, a word ending at a space,
    /// an apostrophe or a comma, so that `De Vries` files before `Devlin` and `Smith, John`
    /// before `Smithers`, and a key that is the start of another before it.
    fn cmp_str(&self, a: &str, b: &str) -> Ordering {
        let mut a = sort_words(a);
        let mut b = sort_words(b);
        loop {
            let ordering = match (a.next(), b.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(a), Some(b)) => match &self.0 {
                    Some(collator) => collator.compare(a, b),
                    None => a.cmp(b),
                },
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
    }

    /// A missing value sorts before any value.
    fn cmp(&self, a: Option<&str>, b: Option<&str>) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => self.cmp_str(a, b),
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => Ordering::Equal,
        }
    }
}

/// The words of a sort key: split at whitespace, apostrophes and commas (and the ayn and hamza
/// of transliterated Arabic), as citeproc splits them.
fn sort_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| c.is_whitespace() || matches!(c, '\'' | '’' | ',' | 'ʾ' | 'ʿ'))
        .filter(|word| !word.is_empty())
}

impl StyleContext<'_> {
    /// Retrieve the ordering of two entries according to the given sort key.
    ///
    /// `a_macro` and `b_macro` are the entries' renderings of the key when it is a macro (see
    /// [`StyleContext::render_sort_macro`]).
    #[allow(clippy::too_many_arguments)]
    fn cmp_entries<T: EntryLike>(
        &self,
        a: &CitationItem<T>,
        a_idx: usize,
        a_macro: Option<&str>,
        b: &CitationItem<T>,
        b_idx: usize,
        b_macro: Option<&str>,
        key: &SortKey,
        collation: &Collation,
    ) -> Ordering {
        let (ordering, empty_value) = match key {
            SortKey::Variable { variable: Variable::Standard(s), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| s.to_string().to_lowercase());
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| s.to_string().to_lowercase());

                (collation.cmp(a.as_deref(), b.as_deref()), a.is_none() || b.is_none())
            }
            SortKey::Variable { variable: Variable::Date(d), .. } => {
                let a = a.entry.resolve_date_variable(*d);
                let b = b.entry.resolve_date_variable(*d);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Name(n), .. } => {
                let a = a.entry.resolve_name_variable(*n);
                let b = b.entry.resolve_name_variable(*n);

                for (a_pers, b_pers) in a.iter().zip(b.iter()) {
                    let ord = a_pers.csl_cmp(
                        b_pers,
                        LongShortForm::Long,
                        self.csl.settings.demote_non_dropping_particle
                            != DemoteNonDroppingParticle::Never,
                    );
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }

                (
                    if a.len() < b.len() {
                        Ordering::Less
                    } else if a.len() > b.len() {
                        Ordering::Greater
                    } else {
                        Ordering::Equal
                    },
                    false,
                )
            }
            SortKey::Variable { variable: Variable::Number(n), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_number_variable(*n);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_number_variable(*n);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Page(pv), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_page_variable(*pv);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_page_variable(*pv);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::MacroName { .. } => (collation.cmp(a_macro, b_macro), false),
        };

        // Per CSL 1.0.2 spec (https://docs.citationstyles.org/en/v1.0.2/specification.html):
        // Entries with empty values are always displayed at the end, even with reversed order.
        // So we always reverse the order if either entry is empty.
        if empty_value || key.sort_direction() == SortDirection::Descending {
            ordering.reverse()
        } else {
            ordering
        }
    }

    /// An entry's rendering of a macro sort key, lowercased; `None` for other keys and for a
    /// macro the style does not define. And whether the rendering read the citation number.
    fn render_sort_macro<T: EntryLike>(
        &self,
        entry: &CitationItem<T>,
        idx: usize,
        sort: &Sort,
        key: &SortKey,
        term_locale: Option<&LocaleCode>,
    ) -> (Option<String>, bool) {
        let SortKey::MacroName {
            name, names_min, names_use_first, names_use_last, ..
        } = key
        else {
            return (None, false);
        };
        let mut ctx =
            self.macro_sorting_ctx(entry, idx, entry.locale.as_ref(), term_locale, false);
        // The names in a key's macro take the name options of the layout whose sort it is
        // (`<bibliography et-al-min="4">`), as the layout's own names do, and the key's
        // `names-min` and `names-use-first` over them where it sets them (CSL 1.0.2, Sorting).
        let bibliography = self.csl.bibliography.as_ref();
        let layout_options = match bibliography {
            Some(b) if b.sort.as_ref().is_some_and(|s| std::ptr::eq(s, sort)) => {
                &b.name_options
            }
            _ => &self.csl.citation.name_options,
        };
        // A key is the same at every citation: the first citation's options, not those of
        // subsequent ones (`et-al-subsequent-min`).
        ctx.writing.push_name_options(layout_options);
        let layout = ctx.writing.name_options.last();
        let (et_al_min, et_al_use_first) =
            (names_min.or(layout.et_al_min), names_use_first.or(layout.et_al_use_first));
        ctx.writing.push_name_options(&InheritableNameOptions {
            et_al_min,
            et_al_subsequent_min: et_al_min,
            et_al_use_first,
            et_al_subsequent_use_first: et_al_use_first,
            et_al_use_last: *names_use_last,
            ..Default::default()
        });

        let rendered = self.get_macro(name).map(|m| {
            for child in &m.children {
                child.render(&mut ctx)
            }
            let read = ctx.instance.reads.get().citation_number();
            let text = ctx.flush().0.into_iter().fold(String::new(), |mut s, f| {
                f.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
                s.to_lowercase()
            });
            (text, read)
        });
        match rendered {
            Some((text, read)) => (Some(text), read),
            None => (None, false),
        }
    }

    /// Sorts the given citation items by the style's sort keys (a stable sort).
    ///
    /// Each item's macro keys are rendered once, before sorting, not at every comparison: a
    /// comparison rendered both sides' macros, so a bibliography of thousands of entries was
    /// rendered hundreds of thousands of times.
    pub fn sort<T: EntryLike>(
        &self,
        cites: &mut [CitationItem<T>],
        sort: Option<&Sort>,
        term_locale: Option<&LocaleCode>,
        citation_number: impl Fn(&T) -> usize,
    ) {
        let Some(sort) = sort else { return };
        if cites.len() < 2 || sort.keys.is_empty() {
            return;
        }
        let numbers: Vec<usize> =
            cites.iter().map(|c| citation_number(c.entry)).collect();
        let macros: Vec<_> = cites
            .iter()
            .zip(&numbers)
            .map(|(c, &n)| self.sort_macros_of(c, n, sort, term_locale, None))
            .collect();
        self.sort_by_keys(cites, sort, &numbers, &macros);
    }

    /// [`StyleContext::sort`]; with `memo`, for the style's sort `SortOf`, an item without a
    /// locator or a locale of its own takes its macro keys' renderings from the memo, shared by
    /// every document formatted over the same references (see
    /// [`BibliographyCache::sort_macros`]): a site sorting each page's bibliography, and each of
    /// its citations' items (APA sorts them by author and date), rendered every entry's keys
    /// again on every page citing it. The items' keys are rendered each on its own: in
    /// parallel for a bibliography of many.
    pub(super) fn sort_sharing<T: EntryLike + MaybeSync>(
        &self,
        cites: &mut [CitationItem<T>],
        sort: Option<&Sort>,
        term_locale: Option<&LocaleCode>,
        citation_number: impl Fn(&T) -> usize,
        memo: Option<(&BibliographyCache, SortOf)>,
    ) {
        let Some(sort) = sort else { return };
        if cites.len() < 2 || sort.keys.is_empty() {
            return;
        }
        // Only macro keys are rendered; a sort by variables has nothing to keep.
        let memo = memo
            .filter(|_| sort.keys.iter().any(|k| matches!(k, SortKey::MacroName { .. })));
        let numbers: Vec<usize> =
            cites.iter().map(|c| citation_number(c.entry)).collect();
        let items: Vec<(&CitationItem<T>, usize)> =
            cites.iter().zip(numbers.iter().copied()).collect();
        let macros = super::parallel::map_in_order(items, |(c, n)| {
            self.sort_macros_of(c, n, sort, term_locale, memo)
        });
        self.sort_by_keys(cites, sort, &numbers, &macros);
    }

    /// The renderings of `sort`'s keys for the item `c` with citation number `n` (`None` for
    /// a key that is not a macro): from `memo` when it has them, else rendered.
    fn sort_macros_of<T: EntryLike>(
        &self,
        c: &CitationItem<T>,
        n: usize,
        sort: &Sort,
        term_locale: Option<&LocaleCode>,
        memo: Option<(&BibliographyCache, SortOf)>,
    ) -> Arc<[Option<String>]> {
        let render = || {
            let mut read = false;
            let keys = sort
                .keys
                .iter()
                .map(|key| {
                    let (text, read_number) =
                        self.render_sort_macro(c, n, sort, key, term_locale);
                    read |= read_number;
                    text
                })
                .collect::<Vec<_>>();
            (keys, read)
        };
        match memo {
            Some((memo, of)) if c.locator.is_none() && c.locale.is_none() => {
                memo.sort_macros(c.entry.key().as_ref(), term_locale, of, n, render)
            }
            _ => render().0.into(),
        }
    }

    /// Sorts `cites` by `sort`'s keys, given each item's citation number and the renderings
    /// of its macro keys (`macros[item][key]`), in the same order as `cites`.
    fn sort_by_keys<T: EntryLike>(
        &self,
        cites: &mut [CitationItem<T>],
        sort: &Sort,
        numbers: &[usize],
        macros: &[Arc<[Option<String>]>],
    ) {
        let collation = Collation::of(self.locale());
        let mut order: Vec<usize> = (0..cites.len()).collect();
        order.sort_by(|&i, &j| {
            let mut ordering = Ordering::Equal;
            for (k, key) in sort.keys.iter().enumerate() {
                ordering = self.cmp_entries(
                    &cites[i],
                    numbers[i],
                    macros[i][k].as_deref(),
                    &cites[j],
                    numbers[j],
                    macros[j][k].as_deref(),
                    key,
                    &collation,
                );
                if ordering != Ordering::Equal {
                    break;
                }
            }
            ordering
        });
        apply_order(cites, &order);
    }
}

/// Reorders `items` so that `items[i]` becomes the item that was at `order[i]` (`order` is a
/// permutation of the indices).
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    // `from[i]`: where the item that belongs at `i` is now. Swapping it into place moves the
    // item that was at `i` to `from[i]`, so whoever wanted that item looks there next.
    let mut from = order.to_vec();
    let mut at: Vec<usize> = vec![0; order.len()];
    for (i, &o) in order.iter().enumerate() {
        at[o] = i;
    }
    // `at[p]`: the place where the item now at `p` belongs (the inverse of `from`).
    for i in 0..items.len() {
        let src = from[i];
        if src != i {
            items.swap(i, src);
            // The item that was at `i` is now at `src`; whoever wanted it must look there.
            let wanted_by = at[i];
            from[wanted_by] = src;
            at[src] = wanted_by;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_order_permutes_as_given() {
        let orders: [&[usize]; 5] =
            [&[0, 1, 2, 3], &[3, 2, 1, 0], &[1, 2, 3, 0], &[3, 0, 1, 2], &[2, 0, 3, 1]];
        for order in orders {
            let mut items = vec!['a', 'b', 'c', 'd'];
            let expected: Vec<char> = order.iter().map(|&i| items[i]).collect();
            apply_order(&mut items, order);
            assert_eq!(items, expected, "{order:?}");
        }
    }

    #[test]
    fn a_locale_s_collation_is_made_once_and_shared() {
        let a = Collation::of(LocaleCode::en_us());
        let b = Collation::of(LocaleCode::en_us());
        assert!(Arc::ptr_eq(&a, &b));
        let german = Collation::of(LocaleCode("de-DE".into()));
        assert!(!Arc::ptr_eq(&a, &german));
        assert_eq!(a.cmp(Some("é"), Some("f")), Ordering::Less);
    }

    #[test]
    fn collation_orders_missing_values_first_and_by_locale() {
        let collation = Collation::new(LocaleCode::en_us());
        assert_eq!(collation.cmp(None, Some("a")), Ordering::Less);
        assert_eq!(collation.cmp(Some("a"), None), Ordering::Greater);
        assert_eq!(collation.cmp(None, None), Ordering::Equal);
        // Collation, not code points: "é" sorts between "e" and "f".
        assert_eq!(collation.cmp(Some("é"), Some("f")), Ordering::Less);
        assert_eq!(collation.cmp(Some("e"), Some("é")), Ordering::Less);
        let plain = Collation(None);
        assert_eq!(plain.cmp(Some("é"), Some("f")), Ordering::Greater);
    }
}
