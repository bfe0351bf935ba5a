//! Render a checked `cited` site and write it: the last stages of the pipeline
//! (`load → check → render → write`).
//!
//! This crate owns the site's citations (`cite`: every citation of the site through `cited-csl`),
//! markdown to HTML ([`render_document`]), the rendering contract templates receive
//! ([`context`]), themes ([`Theme`]), fingerprinted assets, and atomic writing ([`Staging`],
//! [`OutputFolder`]). [`render`] hands each output file to a [`Sink`] as soon as it is made: a
//! staging folder beside the output ([`Staging`]), swapped in only when every file is in, or memory
//! ([`MemorySink`]). A failed build never reaches the output folder.
//!
//! It does not load (`cited-site`) or judge content (`cited-check`).

mod cite;
pub mod context;
mod engine;
mod html;
mod images;
mod kept;
mod metadata;
mod notes;
mod output;
mod pages;
mod reading_order;
mod sink;
mod site_context;
mod theme;
mod write;

// The curated surface. `context` stays a public module: it is the rendering contract, the types
// templates receive (documented for theme authors in themes/README.md).
pub use cite::{
    Citations, Unit, UnitCitations, format as format_citations, style as citation_style,
};
pub use engine::{ChecklistFormContext, Engine, StreamError};
pub use html::{LinkRewriter, escape, render_document};
pub use images::{ImageTable, PublishedImage, WIDTHS as IMAGE_WIDTHS};
pub use kept::{KeptPage, KeptPages};
pub use notes::Cited;
pub use output::OutputFolder;
pub use pages::{PREVIEW_CHARS, preview_text};
pub use sink::{
    Discard, MemorySink, Output, RenderError, Sink, Writer, put, put_shared, put_streamed,
};
pub use site_context::{base_path_of, identifier_links, notice};
pub use theme::{EngineKind, REQUIRED_TEMPLATES, Theme};
pub use write::Staging;

use foldhash::{HashMap, HashMapExt, HashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

use cited_site::Diagnostic;
use cited_site::Timings;
use cited_site::words::Words;
use cited_site::{Site, layout};
use rayon::prelude::*;
use sha2::Digest;

use crate::context::*;
use crate::pages::{Job, Renderer, add_backlinks};
use crate::site_context::{group_backlinks, site_context};

/// How many citing pages the references page lists under an entry, each with its links back to
/// the citations there; the entry then says how many more pages cite it.
pub const CITING_PAGES_LISTED: usize = 20;

/// Renders the whole site into memory. See [`render`].
pub fn render_to_memory(site: &Site, theme: &Theme) -> Result<Output, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    match render(site, theme, &sink, &mut Timings::new()) {
        Ok(()) => Ok(sink.into_output()),
        Err(RenderError::Content(d)) => Err(d),
        // A memory sink cannot fail to store.
        Err(RenderError::Write { .. }) => Err(Vec::new()),
    }
}

/// Renders the whole site into `sink`. The site must have passed the checks (no errors).
///
/// Pages render, go through their template and into the sink in parallel, one at a time per
/// thread; what the site-wide pages need of them (back links, titles, dates) is kept, the HTML is
/// not. On an error, files already stored stay in the sink: a staging folder is dropped whole.
pub fn render(
    site: &Site,
    theme: &Theme,
    sink: &dyn Sink,
    timings: &mut Timings,
) -> Result<(), RenderError> {
    let style = timings.time("citation style", || cite::style(site))?;
    let citations = timings.time("citations", || cite::format(site, &style))?;
    render_formatted(site, theme, &citations, sink, timings)
}

/// [`render`] with the site's citations already formatted ([`cite::format`]), so a caller can
/// format them while it does other work.
pub fn render_formatted(
    site: &Site,
    theme: &Theme,
    citations: &Citations,
    sink: &dyn Sink,
    timings: &mut Timings,
) -> Result<(), RenderError> {
    render_reusing(site, theme, citations, sink, timings, None)
}

/// [`render_formatted`], taking the pages `kept` holds from an earlier render instead of
/// rendering them again, and keeping every page it renders there for the next one (see
/// [`KeptPages`]: the caller forgets the pages that are no longer valid). The site-wide pages
/// are made every time, from the pages' summaries.
pub fn render_reusing(
    site: &Site,
    theme: &Theme,
    citations: &Citations,
    sink: &dyn Sink,
    timings: &mut Timings,
    mut kept: Option<&mut KeptPages>,
) -> Result<(), RenderError> {
    let over: Vec<_> = cite::units(site)
        .into_iter()
        .filter_map(|unit| cite::over_limit(site, unit))
        .collect();
    if !over.is_empty() {
        return Err(RenderError::Content(over));
    }
    let env = timings.time("templates", || engine::Engine::new(theme, &site.sources))?;

    // Assets: fingerprinted names, so they can be cached forever.
    let mut assets = BTreeMap::new();
    for (name, &id) in &theme.assets {
        let bytes = site.sources.get(id).text.as_bytes().to_vec();
        let hash = sha2::Sha256::digest(&bytes);
        let short: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let fingerprinted = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("assets/{stem}.{short}.{ext}"),
            None => format!("assets/{name}.{short}"),
        };
        put(sink, &fingerprinted, bytes)?;
        assets.insert(name.clone(), fingerprinted);
    }

    let site_ctx = site_context(site, &assets);
    let base_path = site_ctx.base_path.clone();
    let md_target: HashMap<&str, String> = site
        .pages
        .iter()
        .map(|p| (site.sources.path(p.file), layout::page(&p.slug)))
        .collect();
    let md_targets = |from: cited_site::FileId, path: &str| -> Option<String> {
        let file = layout::md_link_file(site.sources.path(from), path)?;
        md_target.get(file.as_str()).cloned()
    };
    // Images: every one a page or checklist shows, once, in parallel, before the pages that
    // need their sizes.
    let images = timings.time("images", || {
        images::publish(site, sink, kept.as_deref().map(KeptPages::images))
    })?;
    let links = LinkRewriter {
        base_path: &base_path,
        md_targets: &md_targets,
        images: Some(&images),
        words: &site_ctx.words,
    };
    let works = metadata::cited_works(site);
    // The words around the entries' fields in their `item_html`: the references page's, which
    // its entries keep, and every other page's.
    let references_words = Arc::new(ItemWords::new(&site_ctx.words, true));
    let item_words = Arc::new(ItemWords::new(&site_ctx.words, false));
    let entries: Vec<EntryContext> = citations
        .entries
        .par_iter()
        .map(|e| EntryContext {
            key: Arc::from(e.key.as_str()),
            anchor: Arc::from(citations.anchor(&e.key)),
            text_id: Arc::from(layout::entry_text_id(citations.anchor(&e.key))),
            label: e.label.clone(),
            html: e.body.html.clone(),
            text: e.body.text.clone(),
            links: site
                .reference(&e.key)
                .map(|r| Arc::from(identifier_links(r, &e.body.html)))
                .unwrap_or_default(),
            backlinks: Vec::new(),
            cited_in: Vec::new(),
            cited_in_more: 0,
            notice: site
                .reference(&e.key)
                .and_then(|r| notice(site, r, &site_ctx.words)),
            words: Arc::clone(&references_words),
        })
        .collect();
    // Each entry's text, escaped once, for the preview every citation of it carries: cut to
    // `PREVIEW_CHARS`, since a page repeats it at every citation.
    let previews: HashMap<&str, String> = citations
        .entries
        .iter()
        .map(|e| (e.key.as_str(), html::escape(&preview_text(&e.body.text))))
        .collect();
    // Sources with a notice in the lock are marked at every citation too.
    let notices: HashMap<&str, (&'static str, &str)> = entries
        .iter()
        .filter_map(|e| {
            e.notice
                .as_ref()
                .map(|n| (&*e.key, (n.kind, n.label.as_str())))
        })
        .collect();
    let entry_index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (&*e.key, i))
        .collect();
    let dates = cited_csl::TextDates::new(&cite::locale_of(site));
    let renderer = Renderer {
        entry_index: &entry_index,
        env: &env,
        site,
        citations,
        links: &links,
        previews: &previews,
        notices: &notices,
        entries: &entries,
        item_words: &item_words,
        site_ctx: &site_ctx,
        dates: &dates,
    };
    let lent_site = LentSite::new(&site_ctx);
    // The page goes to its template behind an `Arc` (MiniJinja reads it there, see
    // `context::lent`) and comes back for its summary once the template is done with it.
    let templated = |page: PageContext| -> Result<(Vec<u8>, PageContext), RenderError> {
        let page = Arc::new(page);
        let html = env.render(&format!("{}.html", page.kind), &lent_site, &page)?;
        Ok((html, Arc::unwrap_or_clone(page)))
    };
    // `templated`, written into the sink at `path` as the template writes it, for the pages that
    // grow with the site and that a build keeping nothing need not hold whole.
    let templated_into_sink = |path: &str, page: &Arc<PageContext>| -> Result<(), RenderError> {
        let mut failed = None;
        let streamed = put_streamed(sink, path, &mut |out| {
            env.render_to(&format!("{}.html", page.kind), &lent_site, page, out)
                .map_err(|e| match e {
                    StreamError::Write(error) => error,
                    StreamError::Template(d) => {
                        failed = Some(d);
                        std::io::Error::other("the template failed")
                    }
                })
        });
        match failed {
            Some(d) => Err(d.into()),
            None => streamed,
        }
    };

    // Pages and standalone checklists: rendered, templated and stored in parallel, each page's
    // citations formatted as it renders and dropped once it is stored. The citations each makes
    // are known beforehand (`citations_made`), so the references page, with its back link to
    // every citation, renders alongside them instead of after them.
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.extend((0..site.checklists.len()).map(Job::Checklist));
    let pages_start = std::time::Instant::now();
    let reusable = kept.as_deref();
    let keeping = reusable.is_some();
    let backlinks_of = |job: Job| {
        let (url, title) = renderer.url_and_title(job);
        (url, title, renderer.citations_made(job))
    };
    let references_kept = reusable.and_then(|k| k.references(&jobs, backlinks_of));
    // A rendered page goes to the sink and leaves its summary; an incremental build also keeps
    // its bytes, to hand them over again while nothing it shows changed.
    let store = |path: String,
                 page: PageContext|
     -> Result<(metadata::Summary, Option<KeptPage>), RenderError> {
        let (html, page) = templated(page)?;
        if !keeping {
            put(sink, &path, html)?;
            return Ok((metadata::Summary::of(page), None));
        }
        let bytes: Arc<[u8]> = Arc::from(html);
        put_shared(sink, &path, Arc::clone(&bytes))?;
        let summary = metadata::Summary::of(page);
        let keep = KeptPage {
            path,
            bytes,
            summary: summary.clone(),
        };
        Ok((summary, Some(keep)))
    };
    let references_page = || -> Result<(metadata::Summary, Option<KeptPage>), RenderError> {
        if let Some(page) = references_kept {
            put_shared(sink, &page.path, Arc::clone(&page.bytes))?;
            return Ok((page.summary.clone(), None));
        }
        // Back links to the first pages citing each entry, and a count of the others: the page
        // grows with the references, not with the site (a source cited on 1,400 of 100,000
        // pages would otherwise list every one of its citations).
        let mut backlinks: HashMap<String, Vec<Backlink>> = HashMap::new();
        let mut citing_pages: HashMap<String, usize> = HashMap::new();
        // The page that links here most, and how often: blamed if this page is too large.
        let mut most: Option<(Job, usize)> = None;
        for job in &jobs {
            let (url, title) = renderer.url_and_title(*job);
            let made = renderer.citations_made(*job);
            if most.is_none_or(|(_, n)| made.len() > n) {
                most = Some((*job, made.len()));
            }
            let mut keys: Vec<&str> = made
                .iter()
                .filter(|(_, anchor)| !anchor.is_empty())
                .map(|(key, _)| key.as_str())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            let listed: HashSet<String> = keys
                .into_iter()
                .filter_map(|key| {
                    let pages = citing_pages.entry(key.to_owned()).or_default();
                    *pages += 1;
                    (*pages <= CITING_PAGES_LISTED).then(|| key.to_owned())
                })
                .collect();
            let made = made
                .into_iter()
                .filter(|(key, _)| listed.contains(key))
                .collect();
            add_backlinks(&mut backlinks, made, &url, &title);
        }
        let mut page = PageContext {
            kind: "references",
            title: site_ctx.words.references.clone(),
            description: Words::fill(
                &site_ctx.words.references_description,
                &[("{site}", &site_ctx.title)],
            ),
            url: format!("{base_path}{}", layout::REFERENCES),
            canonical_url: format!("{}{}", site_ctx.base_url, layout::REFERENCES),
            bibliography: renderer.bibliography(None, &mut backlinks),
            ..PageContext::default()
        };
        for entry in &mut page.bibliography {
            entry.cited_in = group_backlinks(&entry.backlinks);
            entry.cited_in_more = citing_pages
                .get(&*entry.key)
                .map_or(0, |pages| pages.saturating_sub(CITING_PAGES_LISTED));
        }
        page.json_ld = metadata::json_ld(&works, &site_ctx, &page, None);
        if let Some(too_large) = Job::references_too_large(site, &page, most) {
            return Err(RenderError::Content(vec![too_large]));
        }
        let path = format!("{}index.html", layout::REFERENCES);
        if keeping {
            return store(path, page);
        }
        // Streamed into the sink as the template writes it: with its back links it is the
        // largest page (13 MB at 10,000 citation-dense pages), and held whole it was the peak
        // of a build's memory.
        let page = Arc::new(page);
        templated_into_sink(&path, &page)?;
        Ok((metadata::Summary::of(Arc::unwrap_or_clone(page)), None))
    };
    let pages = || -> Vec<Result<(metadata::Summary, Option<KeptPage>), RenderError>> {
        jobs.par_iter()
            // Split down to single pages: split only as rayon splits by default, the last
            // stretch of pages was one thread's while the other waited (50 to 90 ms of 10,000
            // citation-dense pages).
            .with_max_len(1)
            .map(|job| {
                if let Some(page) = reusable.and_then(|k| k.reusable(*job)) {
                    put_shared(sink, &page.path, Arc::clone(&page.bytes))?;
                    return Ok((page.summary.clone(), None));
                }
                let (path, mut page, cited) = renderer.page(*job)?;
                debug_assert!(
                    cited.iter().eq(renderer
                        .citations_made(*job)
                        .iter()
                        .filter(|(_, a)| !a.is_empty())),
                    "citations_made must list what rendering makes"
                );
                // A page lists the entries it cites, with back links to its own citations only.
                let mut own: HashMap<String, Vec<Backlink>> =
                    HashMap::with_capacity(page.bibliography.len());
                add_backlinks(&mut own, cited, &page.url, &page.title);
                for entry in &mut page.bibliography {
                    entry.backlinks = own.remove(&*entry.key).unwrap_or_default();
                    entry.cited_in = group_backlinks(&entry.backlinks);
                }
                page.json_ld = metadata::json_ld(&works, &site_ctx, &page, job.page(site));
                if let Some(too_large) = job.too_large(site, &page) {
                    return Err(RenderError::Content(vec![too_large]));
                }
                store(path, page)
            })
            .collect()
    };
    let (references_page, rendered) = rayon::join(references_page, pages);
    let (references_page, references_keep) = references_page?;
    let rendered = rendered.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut pages = Vec::with_capacity(rendered.len());
    // Whether the site-wide pages, made from the summaries, would differ from the kept ones.
    let mut summaries_changed = false;
    for (job, (summary, keep)) in jobs.iter().zip(rendered) {
        if let (Some(kept), Some(keep)) = (kept.as_deref_mut(), keep) {
            summaries_changed |= kept.summary_changed(Some(*job), &summary);
            kept.keep(*job, keep, backlinks_of(*job));
        }
        pages.push(summary);
    }
    if let (Some(kept), Some(keep)) = (kept.as_deref_mut(), references_keep) {
        summaries_changed |= kept.summary_changed(None, &keep.summary);
        kept.keep_references(keep);
    }
    if let Some(files) = kept
        .as_deref()
        .filter(|_| !summaries_changed)
        .and_then(KeptPages::site_files)
    {
        for (path, bytes) in files {
            put_shared(sink, path, Arc::clone(bytes))?;
        }
        timings.add("pages", pages_start.elapsed());
        return Ok(());
    }
    timings.add("pages", pages_start.elapsed());

    let site_pages_start = std::time::Instant::now();
    let mut site_files = Vec::new();
    let mut emit = |path: &str, bytes: Vec<u8>| -> Result<(), RenderError> {
        if !keeping {
            return put(sink, path, bytes);
        }
        let bytes: Arc<[u8]> = Arc::from(bytes);
        put_shared(sink, path, Arc::clone(&bytes))?;
        site_files.push((path.to_owned(), bytes));
        Ok(())
    };
    let mut home = PageContext {
        kind: "home",
        title: site_ctx.title.clone(),
        description: site_ctx.description.clone(),
        url: base_path.clone(),
        canonical_url: site_ctx.base_url.clone(),
        pages: pages
            .iter()
            .filter(|p| p.kind == "article")
            .map(|p| PageLink {
                title: p.title.clone(),
                url: p.url.clone(),
                description: p.description.clone(),
            })
            .collect(),
        ..PageContext::default()
    };
    let about = PageContext {
        kind: "about",
        title: site_ctx.words.about.clone(),
        description: Words::fill(
            &site_ctx.words.about_description,
            &[("{site}", &site_ctx.title)],
        ),
        url: format!("{base_path}{}", layout::ABOUT),
        canonical_url: format!("{}{}", site_ctx.base_url, layout::ABOUT),
        ..PageContext::default()
    };
    let not_found = PageContext {
        kind: "not_found",
        title: site_ctx.words.not_found.clone(),
        url: format!("{base_path}{}", layout::NOT_FOUND),
        canonical_url: format!("{}{}", site_ctx.base_url, layout::NOT_FOUND),
        noindex: true,
        ..PageContext::default()
    };
    // The sitemap and the feed list the home and about pages by their summaries, which are
    // known before their templates run: the three pages are templated while the sitemap and
    // the feed are made (at 10,000 pages, the home page's list and the feed are each about
    // 10 ms of one thread).
    let home_summary = {
        // Copied without its list of every page, which a summary does not keep.
        let links = std::mem::take(&mut home.pages);
        let summary = metadata::Summary::of(home.clone());
        home.pages = links;
        summary
    };
    let about_summary = metadata::Summary::of(about.clone());
    let mut listed: Vec<&metadata::Summary> = pages.iter().filter(|p| !p.noindex).collect();
    listed.extend([&references_page, &home_summary, &about_summary]);
    // The home page, the sitemap and the feed grow with the site (at 100,000 pages 17, 8 and
    // 40 MB): a build that keeps nothing writes them into the sink as they are made, rather than
    // hold each whole, grown by doubling, at its end (the peak of such a build). A build that
    // keeps its files has their bytes, which it emits below.
    let site_page = |path: &str, page: PageContext| -> Result<Option<Vec<u8>>, RenderError> {
        if keeping {
            return Ok(Some(templated(page)?.0));
        }
        templated_into_sink(path, &Arc::new(page))?;
        Ok(None)
    };
    let site_text = |path: &str, write: &mut Writer<'_>| -> Result<Option<Vec<u8>>, RenderError> {
        if keeping {
            let mut bytes = Vec::new();
            return match write(&mut bytes) {
                Ok(()) => Ok(Some(bytes)),
                Err(error) => Err(RenderError::Write {
                    path: path.to_owned(),
                    error,
                }),
            };
        }
        put_streamed(sink, path, write)?;
        Ok(None)
    };
    let about_path = format!("{}index.html", layout::ABOUT);
    let (site_pages, (sitemap, feed)) = rayon::join(
        || -> Result<_, RenderError> {
            Ok([
                site_page("index.html", home)?,
                site_page(&about_path, about)?,
                site_page(layout::NOT_FOUND, not_found)?,
            ])
        },
        || {
            (
                site_text(layout::SITEMAP, &mut |out| {
                    metadata::write_sitemap(out, &listed)
                }),
                site_text(layout::FEED, &mut |out| {
                    metadata::write_feed(out, &site_ctx, &listed)
                }),
            )
        },
    );
    let [home, about, not_found] = site_pages?;
    let (sitemap, feed) = (sitemap?, feed?);
    for (path, bytes) in [
        ("index.html", home),
        (&about_path, about),
        (layout::NOT_FOUND, not_found),
        (layout::SITEMAP, sitemap),
    ] {
        if let Some(bytes) = bytes {
            emit(path, bytes)?;
        }
    }
    emit(layout::ROBOTS, metadata::robots(&site_ctx).into_bytes())?;
    if let Some(feed) = feed {
        emit(layout::FEED, feed)?;
    }
    if let Some(kept) = kept {
        kept.keep_site_files(site_files);
    }
    timings.add("site pages", site_pages_start.elapsed());
    Ok(())
}

/// Frees `value` on a thread of its own. What a build holds at its end is millions of small
/// pieces (a site's prepared citations were a tenth of a second of one thread to free at 20,000
/// references), and nothing waits for them: the caller goes on, and a process that ends right
/// after does not free them at all. If no thread can be started, `value` is freed here.
pub fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("cited-free".to_owned())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("https://user.github.io/repo/"), "/repo/");
        assert_eq!(base_path_of("https://user.github.io/repo"), "/repo/");
        assert_eq!(base_path_of("https://example.org/a/../b/"), "/a/b/");
    }

    #[test]
    fn previews_are_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(
            preview_text("Doe J. A short title."),
            "Doe J. A short title."
        );
        let long = format!("Doe J. {}", "wörd ".repeat(1_000));
        let cut = preview_text(&long);
        assert!(cut.chars().count() <= PREVIEW_CHARS + 1);
        assert!(cut.ends_with("wörd…"), "{cut}");
        // No space to cut at: cut mid-word, still on a character boundary.
        let unbroken = "é".repeat(1_000);
        assert_eq!(preview_text(&unbroken).chars().count(), PREVIEW_CHARS + 1);
    }

    #[test]
    fn a_value_dropped_aside_is_freed_on_another_thread() {
        struct Tell(std::sync::mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        drop_aside(Tell(tx));
        let freed_on = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_ne!(freed_on, std::thread::current().id());
    }
}
