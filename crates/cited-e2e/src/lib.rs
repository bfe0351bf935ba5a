//! End-to-end browser tests for sites built by `cited`.
//!
//! This crate has no library code. The tests live in `tests/browser.rs`: they build the real
//! site with the `cited` binary, serve it from a tiny in-process static file server on
//! 127.0.0.1, and drive headless Chromium through `chromedriver` with `fantoccini`.
//!
//! Run them with `cargo test -p cited-e2e -- --test-threads=1`. Without
//! `/usr/bin/chromedriver` (or `$CHROMEDRIVER`) the tests print `SKIPPED` and pass, unless the
//! `CI` environment variable is set, in which case they fail. Screenshots for humans go to
//! `target/e2e-screenshots/`.
