//! `cited-serve`: the preview server behind `cited serve`.
//!
//! What it owns:
//! - [`serve`]: builds (through `cited-driver`'s `Incremental`, which gives what `cited build`
//!   gives, reading again only the pages a save changed) into memory (`files`: each build's files
//!   swapped in whole), serves them on a loopback address with a small
//!   bounded HTTP/1.1 server (`http`), watches the site's inputs (native events through
//!   notify-debouncer-full, or polling), rebuilds on change, and tells open pages to reload over
//!   Server-Sent Events. A failed rebuild keeps the last good site served and shows its
//!   diagnostics in an overlay (`inject` adds the script that draws it).
//!
//! What it does not own: the pipeline (`cited-driver`), rendering and the atomic write
//! (`cited-render`), argument parsing and printing (the `cited` binary). Like every
//! crate below the binary it prints nothing: progress reaches the caller as [`Event`] values.

mod files;
mod http;
mod inject;
mod server;
mod watch;

pub use cited_driver::{BuildOptions, Reload, Reloaded};
pub use server::{Event, ServeError, ServeOptions, serve};
