//! Rebuilding after a change without loading the whole site again: `cited serve`'s builds.
//!
//! The unit of the dependency graph is the page: a page is its markdown, the references it cites,
//! the checklists it embeds, the style and the theme; the site-wide pages (home, references with
//! their back links, sitemap, feed, `evidence.json`, about, 404) depend on every page. A save that
//! changes only the text of pages the last load read and parsed reads and parses those pages
//! again ([`cited_site::reload_pages`]) and keeps everything else the last load read; any other
//! change (`site.yaml`, a reference, a checklist, a picture, the style, the theme, a page added,
//! removed or no longer loading) loads the whole site again. Correctness first: the site a
//! rebuild works on is, by construction, the one a whole load gives, and the rules, the citations
//! and the render then run over it as [`crate::build`] runs them, so the files and diagnostics are
//! those of a whole build (`tests/incremental.rs` holds this over random edits).

use std::path::{Path, PathBuf};

use cited_site::{Diagnostic, Loaded, Timings};

use crate::pipeline::{BuildOptions, Outcome, build_loaded};

/// How a rebuild loaded the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Every file was read and parsed again.
    Whole,
    /// Only these many pages were read and parsed again.
    Pages(usize),
}

/// The last build of a site, kept for the next one.
struct Last {
    outcome: Outcome,
    /// The load's own diagnostics (the outcome's hold the rules' and the render's too).
    load_diagnostics: Vec<Diagnostic>,
    /// How many source files the load read: those after them are the theme's, added by the build.
    loaded_files: usize,
}

/// Builds of one site, each after a change, reusing what the change did not touch.
pub struct Incremental {
    root: PathBuf,
    last: Option<Last>,
}

impl Incremental {
    /// Builds of the site at `root`; the first loads it whole.
    pub fn new(root: &Path) -> Self {
        Incremental {
            root: root.to_path_buf(),
            last: None,
        }
    }

    /// The last build, if there was one.
    pub fn last(&self) -> Option<&Outcome> {
        self.last.as_ref().map(|l| &l.outcome)
    }

    /// Builds the site into `sink` after `changed` (files under the root, absolute or relative
    /// to it) changed since the last build, as [`crate::build`] would: same files, same
    /// diagnostics. Says how the site was loaded.
    pub fn build(
        &mut self,
        changed: &[PathBuf],
        options: &BuildOptions,
        sink: &dyn cited_render::Sink,
    ) -> (&Outcome, Reload) {
        let mut timings = Timings::new();
        let start = std::time::Instant::now();
        let (loaded, how) = match self.reload(changed) {
            Some((loaded, pages)) => (loaded, Reload::Pages(pages)),
            None => (cited_site::load(&self.root), Reload::Whole),
        };
        timings.add("load", start.elapsed());
        let load_diagnostics = loaded.diagnostics.clone();
        let loaded_files = loaded.site.sources.len();
        let outcome = build_loaded(loaded, options, sink, timings);
        let last = self.last.insert(Last {
            outcome,
            load_diagnostics,
            loaded_files,
        });
        (&last.outcome, how)
    }

    /// The last load brought up to date with `changed`, if only pages it parsed changed and
    /// they still load.
    fn reload(&mut self, changed: &[PathBuf]) -> Option<(Loaded, usize)> {
        if changed.is_empty() {
            return None;
        }
        let mut pages = Vec::with_capacity(changed.len());
        for path in changed {
            let absolute = if path.is_absolute() {
                path.clone()
            } else {
                self.root.join(path)
            };
            let rel = absolute.strip_prefix(&self.root).ok()?;
            let rel = cited_site::relative_path(Path::new(""), rel);
            if !is_page_path(&rel) {
                return None;
            }
            pages.push(rel);
        }
        pages.sort();
        pages.dedup();
        let last = self.last.take()?;
        let mut site = last.outcome.site;
        site.sources.truncate(last.loaded_files);
        let mut loaded = Loaded {
            site,
            diagnostics: last.load_diagnostics,
        };
        cited_site::reload_pages(&mut loaded, &pages).then_some((loaded, pages.len()))
    }
}

/// Whether `rel` can be a page's file: markdown under `content/`.
fn is_page_path(rel: &str) -> bool {
    rel.starts_with("content/")
        && Path::new(rel)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

#[cfg(test)]
mod tests {
    use super::is_page_path;

    #[test]
    fn only_markdown_in_content_can_be_reloaded_alone() {
        assert!(is_page_path("content/a.md"));
        assert!(is_page_path("content/deep/b.MD"));
        assert!(!is_page_path("content/site.yaml"));
        assert!(!is_page_path("content/list.yaml"));
        assert!(!is_page_path("references/refs.yaml"));
        assert!(!is_page_path("themes/t/templates/page.html"));
        assert!(!is_page_path("README.md"));
    }
}
