//! Check a loaded `cited` site: the second stage of the pipeline (`load → check → render → write`).
//!
//! This crate owns the rules (each emits a [`cited_site::Code`], which carries its
//! severity and explanation), the claim checker (every claim cited, every figure backed by a finding of a cited source) and the
//! evidence report (`cited claims`, `evidence.json`). Rules are pure functions from a
//! [`cited_site::Site`] to [`Diagnostic`]s: no I/O of their own, no printing (the claim rules write
//! the report only into a writer they are given, [`check_streaming`]). The one exception is the
//! opt-in external link check, which lives in the binary.
//!
//! It does not load files (`cited-site`) or render HTML (`cited-render`).
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir_all(dir.path().join("content"))?;
//! std::fs::write(dir.path().join("content/site.yaml"), "title: T\nbase_url: https://example.org/\n")?;
//! std::fs::write(dir.path().join("content/p.md"), "---\ntitle: P\n---\nStudies agree.\n")?;
//! let loaded = cited_site::load(dir.path());
//! let options = cited_check::CheckOptions::new(jiff::civil::date(2026, 11, 27));
//! let diagnostics = cited_check::check(&loaded.site, &options);
//! assert_eq!(diagnostics[0].code, cited_site::Code::E0301); // a claim with no citation
//! # Ok::<(), std::io::Error>(())
//! ```

mod checklists;
pub mod claims;
mod editorial;
mod evidence;
mod headings;
mod images;
mod language;
mod link_text;
mod links;
mod locators;
mod readability;
mod references;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod testing;
mod titles;
mod verification;
mod words;

// The curated surface: what the pipeline, the binary and the renderer ask of the checker. The
// rules themselves are reached only through `check`. `claims` stays a public module: it is the
// claim-analysis API (sentences, triggers, figures) that benchmarks and fuzz targets drive.
pub use evidence::{
    ClaimRecord, Evidence, FigureRecord, KeptClaims, Reuse, SilencedRecord,
    evidence as claim_rules, to_markdown,
};
pub use links::{ALLOWED_SCHEMES, base_url_problem, is_allowed_destination, scheme};
pub use locators::check_locators;
pub use readability::{Readability, report as readability};
pub use references::{is_doi, is_http_url};
pub use verification::unverified_line;

use cited_site::Site;
pub use cited_site::{Code, Diagnostic, Severity};
use globset::{Glob, GlobSetBuilder};
use jiff::civil::Date;

/// What a check run needs besides the site.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Today's date: review and access dates are judged against it (passed in, so checks stay pure).
    pub today: Date,
}

impl CheckOptions {
    /// Options for a run on `today`.
    pub fn new(today: Date) -> Self {
        CheckOptions { today }
    }
}

/// Runs every rule and applies the site's severity overrides. Sorted, stable output. The claim
/// rules' records are dropped as they are made.
pub fn check(site: &Site, options: &CheckOptions) -> Vec<Diagnostic> {
    run(site, options, ClaimRun::Dropped).0
}

/// [`check`], writing the evidence report to `report` as the claim rules make it: byte for byte
/// what [`Evidence::write_json`] writes of [`check_with_evidence`]'s report, without holding it
/// whole. The documents are checked a batch at a time (in parallel), and each batch's claims are
/// written and dropped before the next; the silenced sentences, which come last, are held until
/// the end. A failed write stops the writing, not the rules: the diagnostics are whole either
/// way, and the write's error comes beside them.
pub fn check_streaming(
    site: &Site,
    options: &CheckOptions,
    report: &mut dyn std::io::Write,
) -> (Vec<Diagnostic>, std::io::Result<()>) {
    let (diagnostics, _, _, written) = run(site, options, ClaimRun::Streamed(report));
    (diagnostics, written)
}

/// [`check`], also returning the evidence report the claim rules build on the way.
pub fn check_with_evidence(
    site: &Site,
    options: &CheckOptions,
) -> (Vec<Diagnostic>, evidence::Evidence) {
    let (diagnostics, evidence, _, _) = run(site, options, ClaimRun::Kept);
    (diagnostics, evidence)
}

/// [`check_with_evidence`], taking the claim rules' results for documents whose files did not
/// change from an earlier run (see [`Reuse`]), and returning every document's results for the next.
/// The claim rules are nearly all of a large site's check; the other rules run over the whole
/// site every time, so what they find across pages (links, slugs, unused references) is always
/// a whole check's.
pub fn check_reusing(
    site: &Site,
    options: &CheckOptions,
    reuse: Option<&Reuse<'_>>,
) -> (Vec<Diagnostic>, evidence::Evidence, KeptClaims) {
    let (diagnostics, evidence, kept, _) = run(site, options, ClaimRun::Reusing(reuse));
    (diagnostics, evidence, kept)
}

/// What a run does with the claim rules' records.
enum ClaimRun<'r> {
    /// Dropped as they are made: only the diagnostics are wanted.
    Dropped,
    /// Written as the report to this writer as they are made, and dropped.
    Streamed(&'r mut dyn std::io::Write),
    /// Joined into the report.
    Kept,
    /// Taken from an earlier run where they can be, and kept for the next.
    Reusing(Option<&'r Reuse<'r>>),
}

/// Every rule; the claim rules' records as `claims` says (with what writing them gave, when
/// they are streamed).
fn run(
    site: &Site,
    options: &CheckOptions,
    claims: ClaimRun<'_>,
) -> (
    Vec<Diagnostic>,
    evidence::Evidence,
    KeptClaims,
    std::io::Result<()>,
) {
    let mut out = Vec::new();
    for doc in site.documents() {
        out.extend(doc.problems.iter().cloned());
    }
    // Loading keeps a reference with fields no CSL processor reads; it reports them here.
    for reference in &site.references {
        out.extend(reference.warnings.iter().cloned());
    }
    references::check_citations(site, &mut out);
    references::check_references(site, options, &mut out);
    let mut written = Ok(());
    let (evidence, kept) = match claims {
        ClaimRun::Dropped => {
            evidence::claim_diagnostics(site, &mut out);
            (evidence::Evidence::default(), KeptClaims::default())
        }
        ClaimRun::Streamed(report) => {
            written = evidence::claim_report(site, &mut out, report);
            (evidence::Evidence::default(), KeptClaims::default())
        }
        ClaimRun::Kept => (evidence::evidence(site, &mut out), KeptClaims::default()),
        ClaimRun::Reusing(reuse) => evidence::evidence_reusing(site, &mut out, reuse),
    };
    links::check_links(site, &mut out);
    link_text::check_link_text(site, &mut out);
    images::check_images(site, &mut out);
    headings::check_headings(site, &mut out);
    checklists::check_checklists(site, &mut out);
    editorial::check_editorial(site, options, &mut out);
    readability::check_readability(site, &mut out);
    titles::check_titles(site, &mut out);
    language::check_language(site, &mut out);
    words::check_words(site, &mut out);
    verification::check_lock(site, &mut out);
    apply_overrides(site, &mut out);
    cited_site::sort_diagnostics(&mut out);
    (out, evidence, kept, written)
}

/// What is wrong with a path pattern, in words, and how to write it.
fn glob_problem(kind: &globset::ErrorKind) -> (String, &'static str) {
    use globset::ErrorKind as K;
    match kind {
        K::UnclosedClass => (
            "a `[` is never closed".to_owned(),
            "close it with `]`, or write `[[]` for a `[` in a file name",
        ),
        K::InvalidRange(a, b) => (
            format!("the range `{a}-{b}` runs backwards"),
            "write the range from the lower character to the higher, as `[a-z]`",
        ),
        K::UnopenedAlternates => (
            "a `}` closes no `{`".to_owned(),
            "write alternatives as `{a,b}`, or `[}]` for a `}` in a file name",
        ),
        K::UnclosedAlternates => (
            "a `{` is never closed".to_owned(),
            "write alternatives as `{a,b}`, or `[{]` for a `{` in a file name",
        ),
        K::DanglingEscape => (
            "it ends with a lone `\\`".to_owned(),
            "remove the `\\`; paths use `/` between folders",
        ),
        _ => (
            "cited cannot read it as a path pattern".to_owned(),
            "write a path from the site's root, with `*` for any name: `content/*.md`",
        ),
    }
}

/// Applies `rules:` overrides from `site.yaml` (last match wins) and drops diagnostics turned off.
/// Also reports overrides that name no rule.
pub fn apply_overrides(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let Some(config) = &site.config else { return };
    let mut problems = Vec::new();
    let mut compiled = Vec::new();
    for rule in &config.rules {
        let code = Code::parse(&rule.rule.value);
        if let Some(code) = code.filter(|c| !c.can_be_overridden()) {
            problems.push(
                Diagnostic::new(
                    Code::E0004,
                    rule.rule.span.clone(),
                    format!("{code} cannot be overridden: it keeps script and hijacked links out of pages"),
                )
                .with_hint("remove this override and fix what the rule reports"),
            );
            continue;
        }
        let Some(code) = code else {
            let mut d = Diagnostic::new(
                Code::E0003,
                rule.rule.span.clone(),
                format!("`{}` is not a rule code", rule.rule.value),
            );
            if let Some(close) = Code::nearest(&rule.rule.value) {
                d = d.with_hint(format!(
                    "did you mean `{close}`? `cited explain CODE` describes each rule"
                ));
            }
            problems.push(d);
            continue;
        };
        let mut builder = GlobSetBuilder::new();
        let mut ok = true;
        for path in &rule.paths {
            match Glob::new(&path.value) {
                Ok(glob) => {
                    // A glob that names no file of the site overrides nothing: most often a
                    // path written from `content/` rather than from the site's root.
                    let matcher = glob.compile_matcher();
                    let files = site.sources.iter().map(|(id, _)| site.sources.path(id));
                    if !files
                        .chain(site.images.keys().map(String::as_str))
                        .any(|f| matcher.is_match(f))
                    {
                        problems.push(
                            Diagnostic::new(
                                Code::E0004,
                                path.span.clone(),
                                format!("`{}` matches no file of the site, so this override changes nothing", path.value),
                            )
                            .with_severity(Severity::Warning)
                            .with_hint("paths start at the site's root folder: `content/*.md`, `content/checklists/*.yaml`, `references/*.yaml`"),
                        );
                    }
                    builder.add(glob);
                }
                Err(err) => {
                    ok = false;
                    let (problem, hint) = glob_problem(err.kind());
                    problems.push(
                        Diagnostic::new(
                            Code::E0004,
                            path.span.clone(),
                            format!("`{}` is not a valid path pattern: {problem}", path.value),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        if let (true, Ok(set)) = (ok, builder.build()) {
            compiled.push((code, rule, set));
        }
    }
    for d in diagnostics.iter_mut() {
        let path = d
            .span
            .as_ref()
            .map(|s| site.sources.path(s.file))
            .unwrap_or("");
        for (code, rule, set) in &compiled {
            if *code == d.code && (rule.paths.is_empty() || set.is_match(path)) {
                d.severity = rule.severity;
            }
        }
    }
    diagnostics.retain(|d| d.severity != Severity::Off);
    diagnostics.extend(problems);
}
