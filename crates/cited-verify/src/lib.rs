//! Verify a `cited` site's sources against the registries: the opt-in network stage beside the
//! pipeline (`load → check → render → write`), run by `cited verify` and `cited add`.
//!
//! For every reference with a DOI, PMID or PMCID, [`verify()`] fetches its record (Crossref's
//! REST API, NCBI E-utilities and the PMC ID converter; `registry` reads their formats), compares
//! title, first author, year and journal (`compare`), collects retractions, expressions of
//! concern and corrections, and produces the new `references.lock` (`lock` writes it; the model
//! and reader are `cited_site::lock`, since `load` reads it and `check` judges claims by it).
//! `add` turns a registry record into a new reference file. [`http`] is the one polite HTTP
//! client (per-host spacing that follows the hosts' rate-limit headers, retries, a cache), shared
//! with the external link check.
//!
//! Nothing here prints or writes the site: problems are `Diagnostic`s, and the binary decides what
//! to write. Base URLs come from the environment ([`Endpoints::from_env`]) so tests point
//! them at a server on loopback.

mod add;
mod compare;
pub mod http;
mod lock;
mod registry;
mod verify;

// The curated surface: `verify` and `add` for the binary, and `http`, the one polite client,
// which the external link check shares.
pub use add::{AddError, Identifier, NewReference, prepare as prepare_reference};
pub use verify::{Endpoints, Outcome, Summary, VerifyOptions, verify};

/// The User-Agent for registry requests: Crossref routes requests that carry a contact address
/// (`mailto:`) to its "polite" pool.
pub fn user_agent(contact: Option<&str>) -> String {
    match contact {
        Some(c) => format!(
            "cited/{} (https://github.com/cited-health/cited; mailto:{})",
            env!("CARGO_PKG_VERSION"),
            c.trim_start_matches("mailto:")
        ),
        None => format!(
            "cited/{} (https://github.com/cited-health/cited)",
            env!("CARGO_PKG_VERSION")
        ),
    }
}
