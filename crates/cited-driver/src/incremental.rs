//! Rebuilding after a change, doing only the work the change touched: `cited serve`'s builds.
//!
//! The unit of the dependency graph is the page: a page is its markdown, the references it cites,
//! the checklists it embeds, the style and the theme; the site-wide pages (home, references with
//! their back links, sitemap, feed, `evidence.json`, about, 404) depend on every page. A save that
//! changes only the text of pages the last load read and parsed reads and parses those pages
//! again ([`cited_site::reload_pages`]) and keeps everything else the last load read; so does a
//! save of reference files that still define the same keys ([`cited_site::reload_references`]),
//! and of checklists that keep their ids ([`cited_site::reload_checklists`]); a save of files
//! only the theme reads (templates and static files) keeps the whole load. A save of several of
//! these kinds at once (a `git checkout`, an editor's "save all") is read in parts, each kind as
//! a save of it alone would be, into the same last load: each part marks what its own files
//! change, so the parts compose. Any other change (`site.yaml`, a picture, the style, a page,
//! reference file or checklist added, removed or no longer loading, a key or checklist id added,
//! renamed or removed), in a save alone or with others, loads the whole site again, and reuses
//! nothing.
//!
//! After a save of pages only, everything but those pages' text is as it was, so:
//! - the claim rules (nearly all of a large site's check) take every other document's results
//!   from the last build ([`cited_check::Reuse`]); the other rules, cheap, run over the whole
//!   site, so what they find across pages (links and anchors, slugs, unused references) is a
//!   whole check's;
//! - the citations prepared from the references and the style (with the references page's
//!   entries) are the last build's, unless the site is one document (`numbering: site`);
//! - every page is handed over as the last render left it ([`cited_render::KeptPages`]), except
//!   the pages saved since it and the standalone checklists; every page renders again when a
//!   saved page's slug changed (other pages' `.md` links lead there) or the site is one
//!   document. The references page is handed over while no page's back links to it changed,
//!   and the home page, sitemap and feed while no page's summary changed.
//!
//! After a save of reference files only, what cites the references that changed is done again.
//! Changed in what they say, not where: in a library of many in one file, a line added moves every
//! reference after it, and of what is made from a reference only the rules on references (which run
//! each time) and a fault the citations' preparation finds (then prepared again) say where it is
//! written. The documents citing them are checked again, the citations are prepared again (the
//! references page's entries with them), and the pages that cite or list them, or embed a checklist
//! that cites them, render again, with the references page. In a style that tells references apart
//! across the site (author-date's `2020a`, added initials), one changed reference can change how
//! others print: the pages printing a reference whose disambiguation the new citations settle
//! otherwise than the last render again too.
//!
//! After a save of checklists only, the documents in them are checked again and the pages
//! embedding them render again (with their standalone pages, which always do); the citations
//! prepared from the references and the style are kept.
//!
//! After a save of theme files only, the site is the one the last build loaded and checked: the
//! claim rules' results and the prepared citations are kept, and every page renders again, since
//! each names the theme's assets by their fingerprints (a changed stylesheet changes them all).
//!
//! Correctness first: the site a rebuild works on is, by construction, the one a whole load
//! gives, and what is reused is what a whole build would make again, so the files and
//! diagnostics are those of a whole build (`tests/incremental.rs` holds this over random edits).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cited_site::{Diagnostic, FileId, Loaded, Timings};
use rayon::prelude::*;

use crate::pipeline::{BuildOptions, Formatted, Outcome, build_memo};

/// How a rebuild loaded the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Every file was read and parsed again.
    Whole,
    /// Only the files the change touched were read and parsed again, into the last load.
    Partial(Reloaded),
}

/// What a partial rebuild read again: a save of one kind of file, or of several at once (a
/// `git checkout`, an editor's "save all").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reloaded {
    /// Pages read and parsed again.
    pub pages: usize,
    /// Reference files read and parsed again.
    pub references: usize,
    /// Checklist files read and parsed again.
    pub checklists: usize,
    /// Files only the theme reads changed: every page rendered again with the theme as it is
    /// now (the load reads none of them).
    pub theme: bool,
}

/// The last build of a site, kept for the next one.
struct Last {
    outcome: Outcome,
    /// The load's own diagnostics (the outcome's hold the rules' and the render's too).
    load_diagnostics: Vec<Diagnostic>,
    /// How many source files the load read: those after them are the theme's, added by the build.
    loaded_files: usize,
}

/// What a build keeps for the next one to reuse.
#[derive(Default)]
pub(crate) struct Memo {
    /// The files of the pages read again since the last build; `None` when the whole site was
    /// loaded (or the options changed): nothing kept is valid then.
    changed: Option<HashSet<FileId>>,
    /// The claim rules' results per document, from the last check.
    pub(crate) claims: cited_check::KeptClaims,
    /// The citations the last build prepared (or the style's error), with `numbering: page`.
    citations: Option<Result<Arc<Formatted>, Diagnostic>>,
    /// The pages the last renders left that are still valid.
    pub(crate) pages: cited_render::KeptPages,
    /// The options of the last build: a change of day or theme reuses nothing.
    options: Option<(jiff::civil::Date, Option<String>)>,
    /// After a save of references made the citations invalid, until they are prepared again:
    /// those the last build prepared (`None` inside if it kept none), for [`Memo::keep_check`]
    /// to find the pages citing a reference whose disambiguation the new ones settle otherwise.
    citations_before: Option<Option<Result<Arc<Formatted>, Diagnostic>>>,
}

impl Memo {
    /// Whether `file`'s documents must be checked again.
    pub(crate) fn changed(&self, file: FileId) -> bool {
        self.changed.as_ref().is_none_or(|c| c.contains(&file))
    }

    /// The last build's citations, if still valid.
    pub(crate) fn citations(&self) -> Option<Result<Arc<Formatted>, Diagnostic>> {
        self.changed.as_ref().and(self.citations.clone())
    }

    /// Keeps what the check of `site` found and the citations prepared for it.
    pub(crate) fn keep_check(
        &mut self,
        site: &cited_site::Site,
        claims: Option<cited_check::KeptClaims>,
        formatted: &Result<Arc<Formatted>, Diagnostic>,
    ) {
        if let Some(claims) = claims {
            self.claims = claims;
        }
        let site_wide = site
            .config
            .as_ref()
            .is_some_and(|c| c.citations.numbering == cited_site::Numbering::Site);
        self.citations = (!site_wide).then(|| formatted.clone());
        if let Some(before) = self.citations_before.take() {
            // References changed: one may have changed how others print (`2020a`).
            let changes = citations(formatted)
                .zip(before.as_ref().and_then(citations))
                .and_then(|(now, then)| now.disambiguation_changes(then));
            match changes {
                Some(keys) if keys.is_empty() => {}
                Some(keys) => self.forget_pages_printing(site, &keys, &citing(site, &keys)),
                None => self.pages.clear(),
            }
        }
        if site_wide {
            // Every page's citations are numbered through the whole site.
            self.pages.clear();
        }
    }

    /// Forgets the pages that print one of the references of `keys`: those citing or listing
    /// one, and those embedding a checklist that cites one.
    /// `citing` is [`citing`]`(site, keys)`.
    fn forget_pages_printing(
        &mut self,
        site: &cited_site::Site,
        keys: &BTreeSet<String>,
        citing: &Citing<'_>,
    ) {
        let (pages, checklists) = citing;
        let checklists: HashSet<&str> = checklists.iter().map(|c| c.id()).collect();
        for (index, (page, &cites)) in site.pages.iter().zip(pages).enumerate() {
            let lists = match page.front.nocite() {
                None => false,
                Some(cited_site::NoCite::All) => true,
                Some(cited_site::NoCite::Keys(listed)) => {
                    listed.iter().any(|k| keys.contains(k.as_str()))
                }
            };
            let embeds = page
                .body
                .checklists
                .iter()
                .any(|(id, _)| checklists.contains(id.as_str()));
            if cites || lists || embeds {
                self.pages.forget(index);
            }
        }
    }

    /// Nothing kept is valid any more: the whole site was loaded again.
    fn forget(&mut self) {
        self.changed = None;
        self.pages.clear();
    }
}

/// Builds of one site, each after a change, reusing what the change did not touch.
pub struct Incremental {
    root: PathBuf,
    last: Option<Last>,
    memo: Memo,
}

impl Incremental {
    /// Builds of the site at `root`; the first loads it whole.
    pub fn new(root: &Path) -> Self {
        Incremental {
            root: root.to_path_buf(),
            last: None,
            memo: Memo::default(),
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
            Some(reloaded) => reloaded,
            None => {
                self.memo.forget();
                (
                    // Kept for the next build: every page is held.
                    cited_site::load_with(
                        &self.root,
                        &cited_site::LoadOptions::holding_every_page(),
                    ),
                    Reload::Whole,
                )
            }
        };
        timings.add("load", start.elapsed());
        let these = Some((options.today, options.theme.clone()));
        if self.memo.options != these {
            self.memo.forget();
            self.memo.options = these;
        }
        let load_diagnostics = loaded.diagnostics.clone();
        let loaded_files = loaded.site.sources.len();
        let outcome = build_memo(loaded, options, sink, timings, Some(&mut self.memo));
        let last = self.last.insert(Last {
            outcome,
            load_diagnostics,
            loaded_files,
        });
        (&last.outcome, how)
    }

    /// The last load brought up to date with `changed`, if every file in it is a page, a
    /// reference file or a checklist it parsed that still loads as [`cited_site::reload_pages`],
    /// [`cited_site::reload_references`] and [`cited_site::reload_checklists`] require, or a file
    /// only the theme reads. Each kind's part forgets what depends on it; the parts compose, so a
    /// save of several kinds at once (a `git checkout`) is the sum of those saves made alone.
    fn reload(&mut self, changed: &[PathBuf]) -> Option<(Loaded, Reload)> {
        if changed.is_empty() {
            return None;
        }
        let mut paths = Vec::with_capacity(changed.len());
        for path in changed {
            let absolute = if path.is_absolute() {
                path.clone()
            } else {
                self.root.join(path)
            };
            let rel = absolute.strip_prefix(&self.root).ok()?;
            paths.push(cited_site::relative_path(Path::new(""), rel));
        }
        paths.sort();
        paths.dedup();
        let mut pages = Vec::new();
        let mut references = Vec::new();
        let mut checklists = Vec::new();
        let mut theme = false;
        for rel in paths {
            if is_page_path(&rel) {
                pages.push(rel);
            } else if is_reference_path(&rel) {
                references.push(rel);
            } else if is_checklist_path(&rel) {
                checklists.push(rel);
            } else if is_theme_path(&rel) {
                theme = true;
            } else {
                return None;
            }
        }
        let mut loaded = self.last_load()?;
        self.memo.changed.get_or_insert_with(HashSet::new).clear();
        // Each part marks what its own files change; what another part's files cite or embed
        // is that part's to mark, so the order does not matter.
        if !pages.is_empty() {
            self.reload_pages(&mut loaded, &pages)?;
        }
        if !checklists.is_empty() {
            self.reload_checklists(&mut loaded, &checklists)?;
        }
        if !references.is_empty() {
            self.reload_references(&mut loaded, &references)?;
        }
        if theme {
            // Each page names the theme's assets by their fingerprints: a changed stylesheet
            // changes every page.
            self.memo.pages.clear();
        }
        let reloaded = Reloaded {
            pages: pages.len(),
            references: references.len(),
            checklists: checklists.len(),
            theme,
        };
        Some((loaded, Reload::Partial(reloaded)))
    }

    /// Reads the pages at `pages` again into `loaded`, if they still load; their files are
    /// changed, and the pages they were are forgotten (every page, when a slug changed).
    fn reload_pages(&mut self, loaded: &mut Loaded, pages: &[String]) -> Option<()> {
        let site = &loaded.site;
        // The pages about to be read again, with their slugs as they were.
        let before: Vec<(usize, FileId, String)> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                pages
                    .binary_search_by(|rel| rel.as_str().cmp(site.sources.path(p.file)))
                    .is_ok()
            })
            .map(|(i, p)| (i, p.file, p.slug.clone()))
            .collect();
        if !cited_site::reload_pages(loaded, pages) {
            return None;
        }
        let memo = &mut self.memo;
        let changed = memo.changed.get_or_insert_with(HashSet::new);
        for &(index, file, ref slug) in &before {
            changed.insert(file);
            memo.pages.forget(index);
            if loaded.site.pages.get(index).is_none_or(|p| p.slug != *slug) {
                // Other pages' `.md` links to it lead elsewhere now.
                memo.pages.clear();
            }
        }
        Some(())
    }

    /// Reads the checklists at `files` again into `loaded`, if they still load under the ids they
    /// had: their documents are checked again, and the pages embedding them render again (the
    /// citations prepared stay: they are the references' and the style's).
    fn reload_checklists(&mut self, loaded: &mut Loaded, files: &[String]) -> Option<()> {
        let ids = cited_site::reload_checklists(loaded, files)?;
        let memo = &mut self.memo;
        let changed = memo.changed.get_or_insert_with(HashSet::new);
        let site = &loaded.site;
        changed.extend(
            site.checklists
                .iter()
                .filter(|c| ids.iter().any(|id| id == c.id()))
                .map(|c| c.file),
        );
        for (index, page) in site.pages.iter().enumerate() {
            if page.body.checklists.iter().any(|(id, _)| ids.contains(id)) {
                memo.pages.forget(index);
            }
        }
        Some(())
    }

    /// The last build's load, taken to be brought up to date: its site without the theme's
    /// files the build added, and the load's own diagnostics.
    fn last_load(&mut self) -> Option<Loaded> {
        let last = self.last.take()?;
        let mut site = last.outcome.site;
        site.sources.truncate(last.loaded_files);
        Some(Loaded {
            site,
            diagnostics: last.load_diagnostics,
        })
    }

    /// Reads the reference files at `files` again into `loaded`, if they still define the keys
    /// they did; what depends on the references that changed is forgotten.
    fn reload_references(&mut self, loaded: &mut Loaded, files: &[String]) -> Option<()> {
        let keys = cited_site::reload_references(loaded, files)?;
        let memo = &mut self.memo;
        if keys.is_empty() {
            // Saved as they were, or only moved in their files: nothing made from them says where
            // they are written, but a fault the citations' preparation found at a reference's
            // place (then, prepared again).
            if matches!(&memo.citations, Some(Ok(formatted)) if formatted.is_err()) {
                memo.citations_before = Some(memo.citations.take());
            }
            return Some(());
        }
        let changed = memo.changed.get_or_insert_with(HashSet::new);
        let site = &loaded.site;
        // The claim rules: the documents citing a changed reference.
        let cited_by = citing(site, &keys);
        let (pages, checklists) = &cited_by;
        changed.extend(
            site.pages
                .iter()
                .zip(pages)
                .filter(|&(_, &cites)| cites)
                .map(|(p, _)| p.file),
        );
        changed.extend(checklists.iter().map(|c| c.file));
        // The citations: prepared again from every reference, with the references page's
        // entries; the last ones are kept to compare (`Memo::keep_check`).
        memo.citations_before = Some(memo.citations.take());
        // The pages that print a changed reference, and the references page.
        memo.forget_pages_printing(site, &keys, &cited_by);
        memo.pages.forget_references_page();
        Some(())
    }
}

/// Which pages (one flag each, in the site's order) and checklists cite some references.
type Citing<'s> = (Vec<bool>, Vec<&'s cited_site::Checklist>);

/// Which of `site`'s pages (one flag each, in order) and checklists cite one of the references
/// of `keys`. The pages in parallel: a large site's citations are hundreds of thousands of keys,
/// each read from a box of its own (10,000 dense pages: about 70 ms on one thread).
fn citing<'s>(site: &'s cited_site::Site, keys: &BTreeSet<String>) -> Citing<'s> {
    let cites = |doc: &cited_site::Document| {
        doc.citations
            .iter()
            .flat_map(|c| c.items.iter())
            .any(|item| keys.contains(item.key()))
    };
    let pages = site.pages.par_iter().map(|p| cites(&p.body)).collect();
    let checklists = site
        .checklists
        .iter()
        .filter(|c| c.documents().any(cites))
        .collect();
    (pages, checklists)
}

/// The citations a build prepared, if they could be.
fn citations(prepared: &Result<Arc<Formatted>, Diagnostic>) -> Option<&cited_render::Citations> {
    prepared.as_ref().ok().and_then(|f| (**f).as_ref().ok())
}

/// Whether `rel` can be a page's file: markdown under `content/`.
fn is_page_path(rel: &str) -> bool {
    rel.starts_with("content/")
        && Path::new(rel)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Whether `rel` is under `references/`: which of those files the load read as references (and
/// so may be read again alone) is `cited_site::reload_references`'s to say.
fn is_reference_path(rel: &str) -> bool {
    rel.starts_with("references/")
}

/// Whether `rel` is under `content/` but not a page: which of those files the load read as
/// checklists (not `site.yaml`, not a picture) is `cited_site::reload_checklists`'s to say.
fn is_checklist_path(rel: &str) -> bool {
    rel.starts_with("content/") && !is_page_path(rel)
}

/// Whether `rel` is a file only the theme reads, or one of their folders
/// ([`cited_site::layout::THEME_FOLDERS`], which a watcher reports when a file in it is added
/// or removed): not a `.csl` style, which `site.yaml` may name from anywhere in the site and the
/// load reads.
fn is_theme_path(rel: &str) -> bool {
    let first = rel.split('/').next().unwrap_or("");
    cited_site::layout::THEME_FOLDERS.contains(&first)
        && !Path::new(rel)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csl"))
}

#[cfg(test)]
mod tests {
    use super::{is_checklist_path, is_page_path, is_reference_path, is_theme_path};

    #[test]
    fn files_under_content_but_pages_may_be_checklists() {
        assert!(is_checklist_path("content/signs.yaml"));
        assert!(is_checklist_path("content/checklists/signs.YML"));
        assert!(!is_checklist_path("content/a.md"));
        assert!(!is_checklist_path("references/refs.yaml"));
    }

    #[test]
    fn only_files_the_load_never_reads_are_theme_files() {
        assert!(is_theme_path("templates/not_found.html"));
        assert!(is_theme_path("static/style.css"));
        assert!(is_theme_path("themes/handout/templates/base.html"));
        // A style `site.yaml` may name.
        assert!(!is_theme_path("templates/my-style.csl"));
        assert!(!is_theme_path("themes/house.CSL"));
        assert!(is_theme_path("templates"));
        assert!(!is_theme_path("templatesx/a.html"));
        assert!(!is_theme_path("content/a.md"));
        assert!(!is_theme_path("references.lock"));
    }

    #[test]
    fn only_files_under_references_can_be_reloaded_as_references() {
        assert!(is_reference_path("references/a.yaml"));
        assert!(is_reference_path("references/deep/library.bib"));
        assert!(!is_reference_path("content/refs.yaml"));
        assert!(!is_reference_path("references.lock"));
    }

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
