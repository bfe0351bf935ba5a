// Copyright 2019 Octavian Oncescu

#![no_std]

//! A drop-in global allocator wrapper around the [mimalloc](https://github.com/microsoft/mimalloc) allocator.
//! Mimalloc is a general purpose, performance oriented allocator built by Microsoft.
//!
//! ## Usage
//! ```rust,ignore
//! use mimalloc::MiMalloc;
//!
//! #[global_allocator]
//! static GLOBAL: MiMalloc = MiMalloc;
//! ```
//!
//! ## Usage with secure mode
//! Using secure mode adds guard pages,
//! randomized allocation, encrypted free lists, etc. The performance penalty is usually
//! around 10% according to [mimalloc's](https://github.com/microsoft/mimalloc)
//! own benchmarks.
//!
//! To enable secure mode, put in `Cargo.toml`:
//! ```toml
//! [dependencies]
//! mimalloc = { version = "*", features = ["secure"] }
//! ```

extern crate libmimalloc_sys as ffi;

#[cfg(feature = "extended")]
mod extended;

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use ffi::*;

/// Drop-in mimalloc global allocator.
///
/// ## Usage
/// ```rust,ignore
/// use mimalloc::MiMalloc;
///
/// #[global_allocator]
/// static GLOBAL: MiMalloc = MiMalloc;
/// ```
pub struct MiMalloc;

/// The alignment every block of mimalloc's has, whatever its size: a machine word. Block sizes
/// are whole words and a page's first block is aligned to at least 16 bytes, also with the
/// padding of the `debug` and `secure` builds (one or two words).
///
/// A request aligned to no more than this goes to the plain entry points (`mi_malloc`,
/// `mi_zalloc`, `mi_realloc`), as std's own `System` allocator sends such requests to `malloc`.
/// The aligned entry points find a free block of the request's size only when the size class's
/// free list has one at hand; otherwise, unless the block size is a power of two, they
/// over-allocate by the alignment and mark the page as holding aligned blocks, which makes
/// every `mi_free` on it take the slow path. Nearly every Rust allocation is aligned to a word
/// or less.
const MIN_ALIGN: usize = core::mem::size_of::<usize>();

unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            mi_malloc(layout.size()) as *mut u8
        } else {
            mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            mi_zalloc(layout.size()) as *mut u8
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MIN_ALIGN {
            mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block is word-aligned whatever its size (what `MIN_ALIGN` relies on), and a larger
    /// alignment is honoured by the aligned entry points; zeroed blocks are zero, and a
    /// reallocated block keeps its bytes.
    #[test]
    fn every_block_is_aligned_as_asked() {
        unsafe {
            let alloc = MiMalloc;
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let sizes = (1..=2048).chain([4095, 4096, 10_000, 70_000, 1 << 20, 5 << 20]);
                for size in sizes.filter(|size| size % align == 0 || align <= MIN_ALIGN) {
                    let layout = Layout::from_size_align(size, align).unwrap();
                    let ptr = alloc.alloc(layout);
                    assert!(!ptr.is_null());
                    assert_eq!(ptr as usize % align.max(MIN_ALIGN), 0, "{size} bytes, {align}");
                    *ptr = 7;
                    let grown = alloc.realloc(ptr, layout, size * 2 + 1);
                    assert_eq!(grown as usize % align.max(MIN_ALIGN), 0, "{size}, {align}");
                    assert_eq!(*grown, 7);
                    alloc.dealloc(grown, Layout::from_size_align(size * 2 + 1, align).unwrap());
                    let zeroed = alloc.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align.max(MIN_ALIGN), 0, "{size}, {align}");
                    assert!(core::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
                    alloc.dealloc(zeroed, layout);
                }
            }
        }
    }

    /// With `purge_delay_50ms`, memory freed goes back to the system 50 ms after it was freed,
    /// not mimalloc's default delay (a second in v3). Read through the `extended` bindings.
    #[cfg(all(feature = "purge_delay_50ms", feature = "extended"))]
    #[test]
    fn memory_freed_is_purged_after_fifty_milliseconds() {
        assert_eq!(unsafe { ffi::mi_option_get(ffi::mi_option_purge_delay) }, 50);
    }

    #[test]
    fn it_frees_allocated_memory() {
        unsafe {
            let layout = Layout::from_size_align(8, 8).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc(layout);
            alloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn it_frees_allocated_big_memory() {
        unsafe {
            let layout = Layout::from_size_align(1 << 20, 32).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc(layout);
            alloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn it_frees_zero_allocated_memory() {
        unsafe {
            let layout = Layout::from_size_align(8, 8).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc_zeroed(layout);
            alloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn it_frees_zero_allocated_big_memory() {
        unsafe {
            let layout = Layout::from_size_align(1 << 20, 32).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc_zeroed(layout);
            alloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn it_frees_reallocated_memory() {
        unsafe {
            let layout = Layout::from_size_align(8, 8).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc(layout);
            let ptr = alloc.realloc(ptr, layout, 16);
            alloc.dealloc(ptr, layout);
        }
    }

    #[test]
    fn it_frees_reallocated_big_memory() {
        unsafe {
            let layout = Layout::from_size_align(1 << 20, 32).unwrap();
            let alloc = MiMalloc;

            let ptr = alloc.alloc(layout);
            let ptr = alloc.realloc(ptr, layout, 2 << 20);
            alloc.dealloc(ptr, layout);
        }
    }
}
