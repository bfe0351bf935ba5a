//! One run of the pipeline: load, check and format the citations side by side, load the theme,
//! render into a sink.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use cited_check::Evidence;
use cited_site::Timings;
use cited_site::{Diagnostic, Severity};

use crate::incremental::Memo;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The day review and access dates are judged against.
    pub today: jiff::civil::Date,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// A theme to use instead of the one named in `site.yaml`.
    pub theme: Option<String>,
    /// Return the evidence report in [`Outcome::evidence`] (it is written to `evidence.json`
    /// either way; without this, the report is never held whole: the check's claim rules stream
    /// `evidence.json` into the sink as they go, and keep no record).
    pub keep_evidence: bool,
    /// Keep the pages' prose blocks in [`Outcome::site`] (for readability, say). Without this,
    /// a build drops them once the site is checked ([`cited_site::Site::release_prose`]): the
    /// pages render without them.
    pub keep_prose: bool,
    /// Hold the pages' texts and prose blocks from the load when they come to at most this many
    /// bytes ([`cited_site::LoadOptions::hold_pages_up_to`]); with [`BuildOptions::keep_prose`],
    /// always.
    pub hold_pages_up_to: usize,
    /// Hold the pages' texts from the load ([`cited_site::LoadOptions::hold_texts`]); with
    /// [`BuildOptions::keep_prose`], always. Without this, the check and the render read each
    /// page again when they come to it.
    pub hold_texts: bool,
}

impl BuildOptions {
    /// Options for a build judged as of `today`, with the site's own theme and warnings allowed.
    pub fn new(today: jiff::civil::Date) -> Self {
        BuildOptions {
            today,
            deny_warnings: false,
            theme: None,
            keep_evidence: false,
            keep_prose: false,
            hold_pages_up_to: cited_site::HOLD_PAGES_UP_TO,
            hold_texts: false,
        }
    }
}

/// What one run of the pipeline produced.
pub struct Outcome {
    /// The loaded site (its `sources` resolve the diagnostics' spans).
    pub site: cited_site::Site,
    /// Every diagnostic of load, check, citations, theme and render, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The evidence report the claim rules built, with [`BuildOptions::keep_evidence`].
    pub evidence: Option<Evidence>,
    /// Whether every file went into the sink: false when a diagnostic stopped the build, or
    /// the sink could not store a file.
    pub rendered: bool,
    /// The file the sink could not store, and why.
    pub write_error: Option<(String, std::io::Error)>,
    /// How long each stage took.
    pub timings: Timings,
}

impl Outcome {
    /// The base URL's path (`/` or `/repo/`), always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        self.site
            .config
            .as_ref()
            .map(|c| cited_render::base_path_of(&c.base_url.value))
            .unwrap_or_else(|| "/".to_owned())
    }
}

/// What [`load_check`] found.
struct Checked {
    site: cited_site::Site,
    /// Sorted, without repeats.
    diagnostics: Vec<Diagnostic>,
    /// With [`BuildOptions::keep_evidence`].
    evidence: Option<Evidence>,
    /// Whether the sink took `evidence.json`, when the check's claim rules streamed it there
    /// (a build without a memo that keeps no report).
    report_written: Option<Result<(), cited_render::RenderError>>,
    /// The site's citations, prepared, when the style is usable. Formatting errors count only
    /// once the rules passed (a missing reference is the rules' to report, once), here or when a
    /// page renders.
    citations: Option<Arc<Formatted>>,
}

/// The site's citations prepared, or why they could not be.
pub(crate) type Formatted = Result<cited_render::Citations, Vec<Diagnostic>>;

/// Runs the rules over a loaded site and prepares the citations side by side (the style, the
/// references converted once, the references page's entries: a serial pass, while the rules,
/// which are parallel, keep the other threads busy). Each page's citations are formatted when it
/// renders. Without a memo or a report to keep, the claim rules stream `evidence.json` into
/// `sink` as they go, before the verdict: a build that then fails drops the sink.
fn load_check(
    loaded: cited_site::Loaded,
    options: &BuildOptions,
    sink: &dyn cited_render::Sink,
    timings: &mut Timings,
    memo: Option<&mut Memo>,
) -> Checked {
    let today = options.today;
    let mut diagnostics = loaded.diagnostics;
    let site = loaded.site;
    let check_options = cited_check::CheckOptions::new(today);
    // With a memo: the claim rules' results of unchanged documents, and the citations as they
    // were prepared, when only pages changed since.
    let kept_citations = memo.as_ref().and_then(|m| m.citations());
    // Whether the sink took `evidence.json`, when the claim rules streamed it there.
    let mut report_written = None;
    let ((found, evidence, kept_claims, check_took), (formatted, csl_took)) = rayon::join(
        || {
            let start = Instant::now();
            let (found, evidence, kept) = match memo.as_ref() {
                Some(memo) => {
                    let changed = |file| memo.changed(file);
                    let reuse = cited_check::Reuse {
                        kept: &memo.claims,
                        changed: &changed,
                        report: options.keep_evidence,
                    };
                    let (found, evidence, kept) =
                        cited_check::check_reusing(&site, &check_options, Some(&reuse));
                    (found, options.keep_evidence.then_some(evidence), Some(kept))
                }
                None if options.keep_evidence => {
                    let (found, evidence) = cited_check::check_with_evidence(&site, &check_options);
                    (found, Some(evidence), None)
                }
                None => {
                    let mut found = None;
                    let path = cited_site::layout::EVIDENCE;
                    let written = cited_render::put_streamed(sink, path, &mut |report| {
                        let (diagnostics, written) =
                            cited_check::check_streaming(&site, &check_options, report);
                        found = Some(diagnostics);
                        written
                    });
                    report_written = Some(written);
                    // A sink that fails before taking a byte (its folder cannot be made) never
                    // ran the rules: they run without the report.
                    let found = found.unwrap_or_else(|| cited_check::check(&site, &check_options));
                    (found, None, None)
                }
            };
            (found, evidence, kept, start.elapsed())
        },
        || {
            let start = Instant::now();
            let formatted = match kept_citations {
                Some(kept) => kept,
                None => cited_render::citation_style(&site)
                    .map(|style| Arc::new(cited_render::format_citations(&site, &style))),
            };
            // Read under the labels the citations were prepared with: the same every time.
            let locators = match formatted.as_deref() {
                Ok(Ok(citations)) => cited_check::check_locators(&site, citations.labels()),
                _ => Vec::new(),
            };
            ((formatted, locators), start.elapsed())
        },
    );
    let (formatted, locators) = formatted;
    timings.add("check", check_took);
    timings.add("citations", csl_took);
    if let Some(memo) = memo {
        memo.keep_check(&site, kept_claims, &formatted);
    }
    diagnostics.extend(found);
    diagnostics.extend(locators);
    let citations = match formatted {
        Ok(citations) => Some(citations),
        // An unusable style is a content error.
        Err(style_error) => {
            diagnostics.push(style_error);
            None
        }
    };
    cited_site::sort_diagnostics(&mut diagnostics);
    diagnostics.dedup();
    Checked {
        site,
        diagnostics,
        evidence,
        report_written,
        citations,
    }
}

/// Whether these diagnostics stop a build.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}

/// Everything [`build`] does, with every file rendered into memory and thrown away: the verdict is
/// the one `build` would reach on the same input, and nothing is written.
pub fn check(root: &Path, options: &BuildOptions) -> Outcome {
    build(root, options, &cited_render::Discard::default())
}

/// Load, check, format the citations, load the theme and render the site at `root` into `sink`.
/// The sink may get `evidence.json` before the verdict (the check's claim rules stream it there as
/// they go), and pages only once load, check and theme passed. Unless [`Outcome::rendered`], it may
/// hold some files, and the caller drops it (a [`cited_render::Staging`] is then removed whole, and
/// the output folder is untouched).
pub fn build(root: &Path, options: &BuildOptions, sink: &dyn cited_render::Sink) -> Outcome {
    let mut timings = Timings::new();
    let load = cited_site::LoadOptions {
        hold_pages_up_to: if options.keep_prose {
            usize::MAX
        } else {
            options.hold_pages_up_to
        },
        hold_texts: options.keep_prose || options.hold_texts,
    };
    let loaded = timings.time("load", || cited_site::load_with(root, &load));
    build_loaded(loaded, options, sink, timings)
}

/// [`build`] from a site already loaded (by [`cited_site::load`], or brought up to date by
/// [`crate::Incremental`]): check, format the citations, load the theme and render into `sink`.
pub(crate) fn build_loaded(
    loaded: cited_site::Loaded,
    options: &BuildOptions,
    sink: &dyn cited_render::Sink,
    timings: Timings,
) -> Outcome {
    build_memo(loaded, options, sink, timings, None)
}

/// [`build_loaded`], reusing and keeping in `memo` what a rebuild after a change may take from
/// this build ([`crate::Incremental`]).
pub(crate) fn build_memo(
    loaded: cited_site::Loaded,
    options: &BuildOptions,
    sink: &dyn cited_render::Sink,
    mut timings: Timings,
    mut memo: Option<&mut Memo>,
) -> Outcome {
    let Checked {
        mut site,
        mut diagnostics,
        evidence,
        report_written,
        citations,
    } = load_check(loaded, options, sink, &mut timings, memo.as_deref_mut());
    // Checked once and for all: what only the check reads goes before the pages render, and
    // each page's text, which its page reads again to render. A memo keeps the site for the
    // next build, which checks the unchanged pages again.
    if memo.is_none() && !options.keep_prose {
        site.release_prose();
        site.release_texts();
    }

    let theme_name = options
        .theme
        .clone()
        .or_else(|| {
            site.config
                .as_ref()
                .and_then(|c| c.theme.as_ref().map(|t| t.value.clone()))
        })
        .unwrap_or_else(|| "default".to_owned());
    let at = site
        .config
        .as_ref()
        .and_then(|c| c.theme.as_ref().map(|t| t.span.clone()));
    let site_root = site.root.clone();
    let theme = match timings.time("theme", || {
        cited_render::Theme::load(&mut site.sources, &site_root, &theme_name, at)
    }) {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let mut rendered = false;
    let mut write_error = None;
    let mut evidence = evidence;
    // With a memo, the evidence report is written from the claim rules' kept results, unless
    // the caller keeps the report.
    let (kept_claims, kept_pages) = match memo {
        Some(memo) => (
            Some(&memo.claims).filter(|_| !options.keep_evidence),
            Some(&mut memo.pages),
        ),
        None => (None, None),
    };
    if let (Some(theme), false) = (&theme, fails(&diagnostics, options.deny_warnings)) {
        let result = match citations.as_deref() {
            // The evidence report is in the sink already when the check's claim rules streamed
            // it there; otherwise it is written while the pages render: from the report the
            // caller keeps, or from the claim rules' kept results (an incremental build). The
            // same bytes each way. A failed write counts only once the pages rendered, as a
            // content error found on the way comes first.
            Some(Ok(citations)) => {
                let kept = evidence.take();
                let (report, pages) = rayon::join(
                    || {
                        let path = cited_site::layout::EVIDENCE;
                        match (report_written, kept, kept_claims) {
                            (Some(written), kept, _) => (written, kept),
                            (None, Some(report), _) => {
                                let json = serde_json::to_vec_pretty(&report);
                                let written =
                                    cited_render::put(sink, path, json.unwrap_or_default());
                                (written, Some(report))
                            }
                            (None, None, Some(claims)) => {
                                let written = cited_render::put_streamed(sink, path, &mut |out| {
                                    claims.write_report(out)
                                });
                                (written, None)
                            }
                            // Every build takes one of the ways above; a build that took none
                            // would lack its report, so it fails.
                            (None, None, None) => {
                                (Err(cited_render::RenderError::Content(Vec::new())), None)
                            }
                        }
                    },
                    || {
                        cited_render::render_reusing(
                            &site,
                            theme,
                            citations,
                            sink,
                            &mut timings,
                            kept_pages,
                        )
                    },
                );
                let (written, kept) = report;
                evidence = kept;
                pages.and(written)
            }
            Some(Err(errors)) => Err(cited_render::RenderError::Content(errors.clone())),
            // No citations means an unusable style, which is an error and never gets here.
            None => Err(cited_render::RenderError::Content(Vec::new())),
        };
        match result {
            Ok(()) => rendered = true,
            Err(cited_render::RenderError::Content(mut d)) => diagnostics.append(&mut d),
            Err(cited_render::RenderError::Write { path, error }) => {
                write_error = Some((path, error));
            }
        }
    }
    // Freed beside what the caller does next (a memo keeps its own reference to them).
    cited_render::drop_aside(citations);
    cited_site::sort_diagnostics(&mut diagnostics);
    // The caller shows the diagnostics with their lines.
    site.sources.restore_for(&diagnostics);
    Outcome {
        site,
        diagnostics,
        evidence: evidence.filter(|_| options.keep_evidence),
        rendered,
        write_error,
        timings,
    }
}
