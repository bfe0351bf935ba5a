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
