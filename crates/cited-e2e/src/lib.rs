//! End-to-end browser tests for sites built by `cited`.
//!
//! This crate has no library code. The tests live in `tests/browser/` (`main.rs` and a module per area): they build the real
//! site with the `cited` binary, serve it from a tiny in-process static file server on
//! 127.0.0.1, and drive headless Chromium through `chromedriver` with `fantoccini`.
//!
//! Run them with `cargo test -p cited-e2e -- --test-threads=1`. Without
//! `/usr/bin/chromedriver` (or `$CHROMEDRIVER`) the tests print `SKIPPED` and pass, unless the
//! `CI` environment variable is set, in which case they fail. Screenshots for humans go to
//! `target/e2e-screenshots/`.
//!
//! Accessibility and validity: run `npm ci` in the workspace root first (the root
//! `package.json` pins `axe-core` and `vnu-jar`). The tests then inject axe-core into every kind
//! of page (WCAG 2.0–2.2 A/AA rules; light and, with `--force-dark-mode`, dark colour scheme),
//! check what axe cannot (reflow at 320 and 640 CSS px, visible keyboard focus, 24×24 px
//! checklist targets, reduced motion, the print stylesheet and a PDF print, palette contrast),
//! and validate every built page with the Nu Html Checker (`vnu.jar`, needs `java`). Missing
//! `node_modules` or Java skip those tests locally and fail them under `CI`.
