//! Work that the driver can spread over threads, with the `rayon` feature.
//!
//! Without the feature, everything here runs in order on the calling thread and asks nothing
//! more of the entry type; with it, entry types must be `Sync` ([`MaybeSync`]), so that a
//! program formatting several documents at once and one formatting a single large
//! bibliography both use every core.

/// `Sync` with the `rayon` feature, nothing without it: the bound the driver puts on entry
/// types, so that turning the feature on never changes which types compile without it.
#[cfg(feature = "rayon")]
pub trait MaybeSync: Sync {}
#[cfg(feature = "rayon")]
impl<T: Sync + ?Sized> MaybeSync for T {}

/// `Sync` with the `rayon` feature, nothing without it: the bound the driver puts on entry
/// types, so that turning the feature on never changes which types compile without it.
#[cfg(not(feature = "rayon"))]
pub trait MaybeSync {}
#[cfg(not(feature = "rayon"))]
impl<T: ?Sized> MaybeSync for T {}

/// `Send + Sync` with the `rayon` feature, nothing without it: the bound on a
/// [`TransparentLocator`](super::TransparentLocator)'s payload, which travels with the cite
/// properties that entries are rendered from.
#[cfg(feature = "rayon")]
pub trait MaybeSendSync: Send + Sync {}
#[cfg(feature = "rayon")]
impl<T: Send + Sync + ?Sized> MaybeSendSync for T {}

/// `Send + Sync` with the `rayon` feature, nothing without it: the bound on a
/// [`TransparentLocator`](super::TransparentLocator)'s payload, which travels with the cite
/// properties that entries are rendered from.
#[cfg(not(feature = "rayon"))]
pub trait MaybeSendSync {}
#[cfg(not(feature = "rayon"))]
impl<T: ?Sized> MaybeSendSync for T {}

/// Below this many items, a list is mapped on the calling thread: splitting it would cost
/// more than it saves (an entry takes tens of microseconds to render).
#[cfg(feature = "rayon")]
const PARALLEL_FROM: usize = 64;

/// Whether a list of `len` items is long enough for [`map_in_order`] to split it.
#[cfg(feature = "rayon")]
pub(super) fn worth_splitting(len: usize) -> bool {
    len >= PARALLEL_FROM
}

/// Whether a list of `len` items is long enough for [`map_in_order`] to split it: never,
/// without the `rayon` feature.
#[cfg(not(feature = "rayon"))]
pub(super) fn worth_splitting(_len: usize) -> bool {
    false
}

/// `items` mapped by `f`, in their order: in parallel with the `rayon` feature when there are
/// enough of them, else one after another.
#[cfg(feature = "rayon")]
pub(super) fn map_in_order<I, R, F>(items: Vec<I>, f: F) -> Vec<R>
where
    I: Send,
    R: Send,
    F: Fn(I) -> R + Sync + Send,
{
    use rayon::prelude::*;
    if items.len() < PARALLEL_FROM {
        return items.into_iter().map(f).collect();
    }
    items.into_par_iter().with_min_len(PARALLEL_FROM / 4).map(f).collect()
}

/// `items` mapped by `f`, in their order: in parallel with the `rayon` feature when there are
/// enough of them, else one after another.
#[cfg(not(feature = "rayon"))]
pub(super) fn map_in_order<I, R, F>(items: Vec<I>, f: F) -> Vec<R>
where
    F: Fn(I) -> R,
{
    items.into_iter().map(f).collect()
}

/// A key for `value` by its address: what a `*const T` key says, in a form that can be
/// shared between threads.
pub(super) fn ptr_key<T>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_in_order_keeps_the_order_of_short_and_long_lists() {
        for n in [0, 1, 63, 64, 65, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let mapped = map_in_order(items, |i| i * 2);
            assert_eq!(mapped, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn ptr_key_tells_values_apart_by_address_not_by_value() {
        let (a, b) = (1u32, 1u32);
        assert_eq!(ptr_key(&a), ptr_key(&a));
        assert_ne!(ptr_key(&a), ptr_key(&b));
    }
}

/// A citation long enough to be rendered in parallel prints as one rendered item by item.
#[cfg(all(test, feature = "rayon"))]
mod long_citations {
    use crate::Entry;
    use crate::csl::{
        BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest,
    };
    use citationberg::IndependentStyle;

    /// A style printing each cite's title, `ibid` right after a cite of the same entry, and
    /// `(again)` after an entry cited before: what an item prints depends on the items before
    /// it, in the citation's order.
    const POSITIONS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Positions</title><id>positions</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout delimiter="; ">
    <choose>
      <if position="ibid"><text value="ibid"/></if>
      <else-if position="subsequent"><text variable="title" suffix=" (again)"/></else-if>
      <else><text variable="title"/></else>
    </choose>
  </layout></citation>
</style>"#;

    #[test]
    fn a_long_citation_prints_each_item_after_the_ones_before() {
        let style = IndependentStyle::from_xml(POSITIONS).unwrap();
        let yaml: String = (0..40)
            .map(|i| format!("e{i}:\n  type: article\n  title: T{i}\n"))
            .collect();
        let entries: Vec<Entry> =
            crate::io::from_yaml_str(&yaml).unwrap().into_iter().collect();
        // Each entry twice in a row, then the first ten again: 90 items, above the 64 from
        // which the items are rendered in parallel.
        let order: Vec<usize> = (0..40).flat_map(|i| [i, i]).chain(0..10).collect();
        assert!(super::worth_splitting(order.len()));
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::from_items(
            order.iter().map(|&i| CitationItem::with_entry(&entries[i])).collect(),
            &style,
            &[],
        ));
        let done = driver.finish(BibliographyRequest::new(&style, None, &[]));
        let mut printed = String::new();
        done.citations[0]
            .citation
            .write_buf(&mut printed, crate::csl::BufWriteFormat::Plain)
            .unwrap();
        let expected: Vec<String> = (0..40)
            .flat_map(|i| [format!("T{i}"), "ibid".to_owned()])
            .chain((0..10).map(|i| format!("T{i} (again)")))
            .collect();
        assert_eq!(printed, expected.join("; "));
    }
}
