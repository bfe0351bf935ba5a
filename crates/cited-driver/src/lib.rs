//! `cited-driver`: runs the pipeline (`load → check → render → write`) for every command, as
//! mdBook's driver runs its stages. `cited build`, `cited check`, `cited claims` and `cited serve`
//! all go through [`build`] (check through [`check`], which is `build` into a sink that keeps
//! nothing), so for any input `cited check` fails exactly when `cited build` would: CSL
//! formatting of every citation and entry and every template render happen in both.
//!
//! What it owns: the order of the stages and what runs beside what ([`BuildOptions`],
//! [`Outcome`], [`fails`]), and rebuilding after a change without loading the whole site again
//! ([`Incremental`], for `cited serve`). What it does not own: loading (`cited-site`), the rules
//! (`cited-check`), rendering and the atomic write (`cited-render`), printing (the binary).
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir_all(dir.path().join("content"))?;
//! std::fs::write(dir.path().join("content/site.yaml"), "title: T\nbase_url: https://example.org/\n")?;
//! std::fs::write(dir.path().join("content/p.md"), "---\ntitle: P\n---\nHello.\n")?;
//! let options = cited_driver::BuildOptions::new(jiff::civil::date(2026, 11, 27));
//! let checked = cited_driver::check(dir.path(), &options);
//! assert!(checked.rendered, "{:?}", checked.diagnostics);
//! # Ok::<(), std::io::Error>(())
//! ```

mod incremental;
mod pipeline;

pub use incremental::{Incremental, Reload, Reloaded};
pub use pipeline::{BuildOptions, Outcome, build, check, fails};
