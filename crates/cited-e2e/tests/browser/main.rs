//! End-to-end browser tests: build the real site with `cited`, serve it over 127.0.0.1 with a
//! tiny static file server, and drive headless Chromium through chromedriver.
//!
//! Run with `cargo test -p cited-e2e -- --test-threads=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accessibility;
mod cdp;
mod checklist;
mod figures;
mod notes;
mod reader;
mod serve;
mod styles;
mod support;
mod visual;

pub(crate) const ARTICLE: &str = "/when-talk-therapy-doesnt-work/";
pub(crate) const CHECKLIST_PAGE: &str = "/checklists/therapy-not-helping/";
pub(crate) const STORAGE_PREFIX: &str = "cited:checklist:therapy-not-helping:";
