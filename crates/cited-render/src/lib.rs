//! Render a checked `cited` site and write it: the last stages of the pipeline
//! (`load → check → render → write`).
//!
//! This crate owns the site's citations (`cite`: every citation of the site through `cited-csl`),
//! markdown to HTML ([`html`]), the rendering contract templates receive
//! ([`context`]), themes ([`theme`]), fingerprinted assets, and atomic writing ([`write`](mod@write)).
//! [`render`] hands each output file to a [`Sink`] as soon as it is made: a staging folder beside
//! the output ([`write::Staging`]), swapped in only when every file is in, or memory
//! ([`MemorySink`]). A failed build never reaches the output folder.
//!
//! It does not load (`cited-site`) or judge content (`cited-check`).

pub mod cite;
pub mod context;
pub mod engine;
pub mod html;
pub mod metadata;
pub mod output;
pub mod theme;
pub mod write;

use std::collections::{BTreeMap, HashMap};

use cited_site::diagnostic::Diagnostic;
use cited_site::markdown::Document;
use cited_site::timings::Timings;
use cited_site::{Site, layout};
use rayon::prelude::*;
use sha2::Digest;

use crate::cite::Citations;
use crate::context::*;
use crate::html::{LinkRewriter, render_document, render_inline};
use crate::theme::Theme;

/// Every output file: path relative to the output folder → bytes. Sorted, so output is stable.
pub type Output = BTreeMap<String, Vec<u8>>;

/// Where rendered files go, as they are made: a staging folder ([`write::Staging`]) or memory
/// ([`MemorySink`]). Pages are handed over as soon as each is rendered, so a build never holds the
/// whole site's HTML at once.
pub trait Sink: Sync {
    /// Stores one output file at `path`, relative to the output folder and `/`-separated.
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
}

/// A [`Sink`] that keeps every file in memory: for tests, tools, and callers that post-process.
#[derive(Debug, Default)]
pub struct MemorySink(std::sync::Mutex<Output>);

impl MemorySink {
    /// Every file stored so far.
    pub fn into_output(self) -> Output {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// A [`Sink`] that keeps nothing but a count: `cited check` renders every file, so that it fails
/// exactly when a build would, and throws the bytes away.
#[derive(Debug, Default)]
pub struct Discard {
    files: std::sync::atomic::AtomicU64,
    bytes: std::sync::atomic::AtomicU64,
}

impl Discard {
    /// How many files, and how many bytes, were handed over.
    pub fn received(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.files.load(Relaxed), self.bytes.load(Relaxed))
    }
}

impl Sink for Discard {
    fn put(&self, _path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        self.files.fetch_add(1, Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Relaxed);
        Ok(())
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// The content or the theme is at fault (a template error, an unusable style).
    Content(Vec<Diagnostic>),
    /// An output file could not be stored.
    Write {
        /// The file, relative to the output folder.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
}

impl From<Diagnostic> for RenderError {
    fn from(d: Diagnostic) -> Self {
        RenderError::Content(vec![d])
    }
}

impl From<Vec<Diagnostic>> for RenderError {
    fn from(d: Vec<Diagnostic>) -> Self {
        RenderError::Content(d)
    }
}

/// The most characters of an entry a citation's hover preview shows. A preview is a reminder of
/// which source this is (authors, year, the start of the title); the whole entry is one click
/// away in the reference list. Every citation carries its own copy (the preview is pure CSS), so
/// without a cut a 100 KB title cited 5,000 times made one page of half a gigabyte.
pub const PREVIEW_CHARS: usize = 500;

/// `text` cut to [`PREVIEW_CHARS`] characters at a word boundary, with `…` when cut.
pub fn preview_text(text: &str) -> std::borrow::Cow<'_, str> {
    let Some((cut, _)) = text.char_indices().nth(PREVIEW_CHARS) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let head = &text[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    std::borrow::Cow::Owned(format!("{}…", head.trim_end()))
}

/// Stores `bytes` at `path` in `sink`, naming the file if that fails.
pub fn put(sink: &dyn Sink, path: &str, bytes: Vec<u8>) -> Result<(), RenderError> {
    sink.put(path, bytes).map_err(|error| RenderError::Write {
        path: path.to_owned(),
        error,
    })
}

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
    let md_targets = |from: cited_site::source::FileId, path: &str| -> Option<String> {
        let file = layout::md_link_file(site.sources.path(from), path)?;
        md_target.get(file.as_str()).cloned()
    };
    let links = LinkRewriter {
        base_path: &base_path,
        md_targets: &md_targets,
    };
    let works = metadata::cited_works(site);
    let entries: Vec<EntryContext> = citations
        .entries
        .par_iter()
        .map(|e| EntryContext {
            key: e.key.clone(),
            anchor: citations.anchor(&e.key).to_owned(),
            text_id: layout::entry_text_id(citations.anchor(&e.key)),
            label: e.label.clone(),
            html: e.body.html.clone(),
            text: e.body.text.clone(),
            links: site
                .reference(&e.key)
                .map(identifier_links)
                .unwrap_or_default(),
            backlinks: Vec::new(),
            notice: site.reference(&e.key).and_then(|r| notice(site, r)),
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
    let notices: HashMap<&str, (&'static str, &'static str)> = entries
        .iter()
        .filter_map(|e| {
            e.notice
                .as_ref()
                .map(|n| (e.key.as_str(), (n.kind, n.label)))
        })
        .collect();
    let renderer = Renderer {
        env: &env,
        site,
        citations,
        links: &links,
        previews: &previews,
        notices: &notices,
        entries: &entries,
        site_ctx: &site_ctx,
    };
    let finish = |path: &str, page: &PageContext| -> Result<(), RenderError> {
        let html = env.render(
            &format!("{}.html", page.kind),
            &Context {
                contract: CONTRACT_VERSION,
                site: &site_ctx,
                page,
            },
        )?;
        put(sink, path, html.into_bytes())
    };

    // Pages and standalone checklists: rendered, templated and stored in parallel. The citations
    // each makes are known beforehand (`citations_made`), so the references page, with its back
    // link to every citation, renders alongside them instead of after them.
    let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
    jobs.extend((0..site.checklists.len()).map(Job::Checklist));
    let pages_start = std::time::Instant::now();
    let made: Vec<Vec<(String, String)>> = jobs
        .par_iter()
        .map(|job| renderer.citations_made(*job))
        .collect();
    let references_page = || -> Result<PageContext, RenderError> {
        let mut backlinks: HashMap<&str, Vec<Backlink>> = HashMap::new();
        for (job, cited) in jobs.iter().zip(&made) {
            let (url, title) = renderer.url_and_title(*job);
            add_backlinks(&mut backlinks, cited, &url, &title);
        }
        let mut page = PageContext {
            kind: "references",
            title: "References".to_owned(),
            description: format!("Every source cited on {}.", site_ctx.title),
            url: format!("{base_path}{}", layout::REFERENCES),
            canonical_url: format!("{}{}", site_ctx.base_url, layout::REFERENCES),
            bibliography: renderer.bibliography(None, &mut backlinks),
            ..PageContext::default()
        };
        page.json_ld = metadata::json_ld(&works, &site_ctx, &page, None);
        finish(&format!("{}index.html", layout::REFERENCES), &page)?;
        Ok(page.into_summary())
    };
    let pages = || -> Vec<Result<PageContext, RenderError>> {
        jobs.par_iter()
            .zip(&made)
            .map(|(job, made)| {
                let (path, mut page, cited) = renderer.page(*job)?;
                debug_assert!(
                    cited.iter().eq(made.iter().filter(|(_, a)| !a.is_empty())),
                    "citations_made must list what rendering makes"
                );
                // A page lists the entries it cites, with back links to its own citations only.
                let mut own: HashMap<&str, Vec<Backlink>> = HashMap::new();
                add_backlinks(&mut own, made, &page.url, &page.title);
                for entry in &mut page.bibliography {
                    entry.backlinks = own.remove(entry.key.as_str()).unwrap_or_default();
                }
                page.json_ld = metadata::json_ld(&works, &site_ctx, &page, job.page(site));
                finish(&path, &page)?;
                Ok(page.into_summary())
            })
            .collect()
    };
    let (references_page, rendered) = rayon::join(references_page, pages);
    let references_page = references_page?;
    let pages = rendered.into_iter().collect::<Result<Vec<_>, _>>()?;
    timings.add("pages", pages_start.elapsed());

    let site_pages_start = std::time::Instant::now();
    let home = PageContext {
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
    finish("index.html", &home)?;
    let about = PageContext {
        kind: "about",
        title: "About this site and its editorial policy".to_owned(),
        description: format!(
            "Who publishes {}, how pages are written and reviewed, and how they are funded.",
            site_ctx.title
        ),
        url: format!("{base_path}{}", layout::ABOUT),
        canonical_url: format!("{}{}", site_ctx.base_url, layout::ABOUT),
        ..PageContext::default()
    };
    finish(&format!("{}index.html", layout::ABOUT), &about)?;
    let not_found = PageContext {
        kind: "not_found",
        title: "Page not found".to_owned(),
        url: format!("{base_path}{}", layout::NOT_FOUND),
        canonical_url: format!("{}{}", site_ctx.base_url, layout::NOT_FOUND),
        noindex: true,
        ..PageContext::default()
    };
    finish(layout::NOT_FOUND, &not_found)?;

    let home = home.into_summary();
    let mut listed: Vec<&PageContext> = pages.iter().filter(|p| !p.noindex).collect();
    listed.extend([&references_page, &home, &about]);
    put(
        sink,
        layout::SITEMAP,
        metadata::sitemap(&listed).into_bytes(),
    )?;
    put(
        sink,
        layout::ROBOTS,
        metadata::robots(&site_ctx).into_bytes(),
    )?;
    put(
        sink,
        layout::FEED,
        metadata::feed(&site_ctx, &listed).into_bytes(),
    )?;
    timings.add("site pages", site_pages_start.elapsed());
    Ok(())
}

/// Adds a back link to `backlinks` for each anchored citation in `made`, the citations of the page
/// at `url` titled `title`; each entry's links are numbered 1, 2, 3... in the order added.
fn add_backlinks<'k>(
    backlinks: &mut HashMap<&'k str, Vec<Backlink>>,
    made: &'k [(String, String)],
    url: &str,
    title: &str,
) {
    for (key, anchor) in made.iter().filter(|(_, a)| !a.is_empty()) {
        let list = backlinks.entry(key.as_str()).or_default();
        list.push(Backlink {
            url: format!("{url}#{anchor}"),
            page_title: title.to_owned(),
            n: list.len() + 1,
        });
    }
}

/// A rendered page: output path, context, and (key, anchor) of each citation it made.
type RenderedPage = (String, PageContext, Vec<(String, String)>);

#[derive(Clone, Copy)]
enum Job {
    Page(usize),
    Checklist(usize),
}

impl Job {
    fn page(self, site: &Site) -> Option<&cited_site::page::Page> {
        match self {
            Job::Page(i) => site.pages.get(i),
            Job::Checklist(_) => None,
        }
    }
}

struct Renderer<'a> {
    env: &'a engine::Engine<'a>,
    site: &'a Site,
    citations: &'a Citations,
    links: &'a LinkRewriter<'a>,
    previews: &'a HashMap<&'a str, String>,
    /// Key → (kind, label) of each source with a notice in `references.lock`.
    notices: &'a HashMap<&'a str, (&'static str, &'static str)>,
    /// Every bibliography entry in the style's order, without back links: made once, cloned
    /// into each page that cites it.
    entries: &'a [EntryContext],
    site_ctx: &'a SiteContext,
}

impl Renderer<'_> {
    /// Renders one page or standalone checklist: output path, context, and (key, anchor) of each
    /// citation made.
    fn page(&self, job: Job) -> Result<RenderedPage, RenderError> {
        let mut cited: Vec<(String, String)> = Vec::new();
        let mut failure: Option<Diagnostic> = None;
        let mut page = PageContext::default();
        match job {
            Job::Page(i) => {
                let p = &self.site.pages[i];
                let mut checklists = Vec::new();
                let body = {
                    let mut cite = |ci: usize| self.citation(&p.body, ci, &mut cited);
                    let mut embed = |ki: usize| {
                        let id = p
                            .body
                            .checklists
                            .get(ki)
                            .map(|(id, _)| id.clone())
                            .unwrap_or_default();
                        // Earlier embeds of the same checklist on this page: each copy keeps
                        // its own answers.
                        let copy = p.body.checklists[..ki.min(p.body.checklists.len())]
                            .iter()
                            .filter(|(other, _)| *other == id)
                            .count();
                        match self.site.checklist(&id) {
                            Some(c) => {
                                let ctx = self.checklist(c, Some(copy), &mut Vec::new());
                                let html = self.checklist_form(&ctx);
                                checklists.push(ctx);
                                html.unwrap_or_else(|d| {
                                    failure = Some(d);
                                    String::new()
                                })
                            }
                            None => String::new(),
                        }
                    };
                    let text = p.body_text(&self.site.sources);
                    render_document(&p.body, text, self.links, &mut cite, &mut embed)
                };
                self.embedded_citations(&p.body, &mut cited);
                let front = &p.front;
                page.kind = "article";
                page.title = front.title.value.clone();
                page.description = front
                    .description
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default();
                page.url = self.url_and_title(job).0;
                page.canonical_url = format!("{}{}", self.site_ctx.base_url, layout::page(&p.slug));
                page.body_html = body;
                page.checklists = checklists;
                page.toc = p
                    .body
                    .headings
                    .iter()
                    .filter(|h| h.level >= 2)
                    .map(|h| TocEntry {
                        level: h.level,
                        id: h.id.clone(),
                        text: h.text.clone(),
                    })
                    .collect();
                review_of(front, &mut page);
                if let Some(d) = failure {
                    return Err(d.into());
                }
                Ok(
                    (format!("{}index.html", layout::page(&p.slug)), page, cited)
                        .into_with_bibliography(self),
                )
            }
            Job::Checklist(i) => {
                let c = &self.site.checklists[i];
                let ctx = self.checklist(c, None, &mut cited);
                page.kind = "checklist";
                page.title = ctx.title.clone();
                page.description = format!(
                    "{}: a private checklist to prepare for a talk with your therapist or doctor.",
                    ctx.title
                );
                page.url = self.url_and_title(job).0;
                page.canonical_url =
                    format!("{}{}", self.site_ctx.base_url, layout::checklist(c.id()));
                page.body_html = self.checklist_form(&ctx)?;
                page.checklists = vec![ctx];
                // A standalone checklist carries the byline and review dates of the page that
                // embeds it: it was written and reviewed as part of that page.
                if let Some(host) = self
                    .site
                    .pages
                    .iter()
                    .find(|p| p.body.checklists.iter().any(|(id, _)| id == c.id()))
                {
                    review_of(&host.front, &mut page);
                }
                Ok((
                    format!("{}index.html", layout::checklist(c.id())),
                    page,
                    cited,
                )
                    .into_with_bibliography(self))
            }
        }
    }

    /// Embedded checklists cite too: their references belong in the page's list, with no anchor
    /// (they are listed, not linked back to).
    fn embedded_citations(&self, body: &Document, cited: &mut Vec<(String, String)>) {
        for c in body
            .checklists
            .iter()
            .filter_map(|(id, _)| self.site.checklist(id))
        {
            for item in c
                .documents()
                .flat_map(|d| &d.citations)
                .flat_map(|c| &c.items)
            {
                cited.push((item.key.clone(), String::new()));
            }
        }
    }

    /// The URL path and title of `job`'s page.
    fn url_and_title(&self, job: Job) -> (String, String) {
        match job {
            Job::Page(i) => {
                let p = &self.site.pages[i];
                (
                    format!("{}{}", self.site_ctx.base_path, layout::page(&p.slug)),
                    p.front.title.value.clone(),
                )
            }
            Job::Checklist(i) => {
                let c = &self.site.checklists[i];
                (
                    format!("{}{}", self.site_ctx.base_path, layout::checklist(c.id())),
                    c.source.title.value.clone(),
                )
            }
        }
    }

    /// (key, anchor) of every citation item `job`'s page makes, in the order [`Renderer::page`]
    /// makes them: each citation's anchor is numbered by the items before it. An embedded
    /// checklist's citations come last, with no anchor (they are listed, not linked back to).
    fn citations_made(&self, job: Job) -> Vec<(String, String)> {
        fn made_by(doc: &Document, scope: &str, made: &mut Vec<(String, String)>) {
            for citation in &doc.citations {
                let anchor = layout::citation_id(scope, made.len() + 1);
                for item in &citation.items {
                    made.push((item.key.clone(), anchor.clone()));
                }
            }
        }
        let mut made = Vec::new();
        match job {
            Job::Page(i) => {
                let p = &self.site.pages[i];
                made_by(&p.body, "", &mut made);
                self.embedded_citations(&p.body, &mut made);
            }
            Job::Checklist(i) => {
                let c = &self.site.checklists[i];
                let scope = layout::checklist_dom_id(c.id(), 0);
                // The order `checklist` renders them in: intro, each item's detail, guidance.
                let details = c
                    .source
                    .items
                    .value
                    .iter()
                    .zip(&c.details)
                    .filter_map(|(_, d)| d.as_ref());
                let guidance = c
                    .guidance
                    .iter()
                    .filter(|(range, _)| range.is_some())
                    .map(|(_, d)| d);
                for doc in c.intro.iter().chain(details).chain(guidance) {
                    made_by(doc, &scope, &mut made);
                }
            }
        }
        made
    }

    /// The theme's checklist form for one checklist.
    fn checklist_form(&self, checklist: &ChecklistContext) -> Result<String, Diagnostic> {
        self.env.render_checklist_form(self.site_ctx, checklist)
    }

    fn citation(&self, doc: &Document, index: usize, cited: &mut Vec<(String, String)>) -> String {
        let anchor =
            layout::citation_id("", cited.iter().filter(|(_, a)| !a.is_empty()).count() + 1);
        if let Some(c) = doc.citations.get(index) {
            for item in &c.items {
                cited.push((item.key.clone(), anchor.clone()));
            }
        }
        self.citations
            .html(doc, index, &anchor, self.previews, self.notices)
    }

    /// The context of checklist `c`, on its own page (`embedded` is `None`) or embedded in a page
    /// after `embedded` earlier copies of it: each copy has its own element ids
    /// ([`layout::checklist_dom_id`]) and stores its answers under its own key.
    fn checklist(
        &self,
        c: &cited_site::checklist::Checklist,
        embedded: Option<usize>,
        cited: &mut Vec<(String, String)>,
    ) -> ChecklistContext {
        let copy = embedded.unwrap_or(0);
        let dom_id = layout::checklist_dom_id(c.id(), copy);
        let mut md = |doc: &Document, text: &str, inline: bool| {
            let mut cite = |ci: usize| {
                let anchor = layout::citation_id(&dom_id, cited.len() + 1);
                if let Some(cc) = doc.citations.get(ci) {
                    for item in &cc.items {
                        cited.push((item.key.clone(), anchor.clone()));
                    }
                }
                self.citations
                    .html(doc, ci, &anchor, self.previews, self.notices)
            };
            if inline {
                render_inline(doc, text, self.links, &mut cite)
            } else {
                render_document(doc, text, self.links, &mut cite, &mut |_| String::new())
            }
        };
        let intro_html = c
            .intro
            .as_ref()
            .zip(c.source.intro.as_ref())
            .map(|(d, text)| md(d, text, false))
            .unwrap_or_default();
        let items: Vec<ChecklistItemContext> = c
            .source
            .items
            .value
            .iter()
            .zip(&c.details)
            .map(|(item, detail)| ChecklistItemContext {
                id: item.id.value.clone(),
                field_id: layout::checklist_field_id(&dom_id, &item.id.value),
                label: item.label.value.clone(),
                detail_html: detail
                    .as_ref()
                    .zip(item.detail.as_ref())
                    .map(|(d, text)| md(d, text, true))
                    .unwrap_or_default(),
            })
            .collect();
        let guidance = c
            .guidance
            .iter()
            .zip(&c.source.guidance.value)
            .filter_map(|((range, doc), g)| range.map(|(min, max)| (min, max, doc, &g.text)))
            .map(|(min, max, doc, text)| GuidanceContext {
                min,
                max,
                html: md(doc, text, false),
            })
            .collect();
        // The storage key changes whenever the items change, so stale answers are never applied.
        let mut hasher = sha2::Sha256::new();
        for item in &items {
            hasher.update(item.id.as_bytes());
            hasher.update([0]);
            hasher.update(item.label.as_bytes());
            hasher.update([0]);
        }
        let version: String = hasher
            .finalize()
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect();
        ChecklistContext {
            id: c.id().to_owned(),
            section_id: layout::checklist_section_id(&dom_id),
            title_id: layout::checklist_title_id(&dom_id),
            embedded: embedded.is_some(),
            dom_id: dom_id.clone(),
            title: c.source.title.value.clone(),
            intro_html,
            count: items.len(),
            items,
            guidance,
            // The first copy shares its answers with the checklist's own page and every other
            // page that embeds it; a second copy on one page is `<id>#2`. The script clears a
            // key's stale versions by the prefix up to the last `:`, which keeps copies apart.
            storage_key: match copy {
                0 => format!("cited:checklist:{}:{version}", c.id()),
                n => format!("cited:checklist:{}#{}:{version}", c.id(), n + 1),
            },
            url: format!("{}{}", self.site_ctx.base_path, layout::checklist(c.id())),
        }
    }

    /// Bibliography entries: `keys` (a page's) or all, in the style's order.
    fn bibliography(
        &self,
        keys: Option<&[String]>,
        backlinks: &mut HashMap<&str, Vec<Backlink>>,
    ) -> Vec<EntryContext> {
        let positions = match keys {
            Some(keys) => self.citations.positions_of(keys.iter().map(String::as_str)),
            None => (0..self.citations.entries.len()).collect(),
        };
        positions
            .into_iter()
            .filter_map(|i| self.entries.get(i))
            .map(|e| EntryContext {
                backlinks: backlinks.remove(e.key.as_str()).unwrap_or_default(),
                ..e.clone()
            })
            .collect()
    }
}

trait WithBibliography {
    fn into_with_bibliography(self, r: &Renderer<'_>) -> RenderedPage;
}

impl WithBibliography for RenderedPage {
    fn into_with_bibliography(self, r: &Renderer<'_>) -> RenderedPage {
        let (path, mut page, cited) = self;
        let keys: Vec<String> = cited.iter().map(|(k, _)| k.clone()).collect();
        page.bibliography = r.bibliography(Some(&keys), &mut HashMap::new());
        let cited = cited.into_iter().filter(|(_, a)| !a.is_empty()).collect();
        (path, page, cited)
    }
}

/// Authors, reviewers and review dates from front matter.
fn review_of(front: &cited_site::page::FrontMatter, page: &mut PageContext) {
    let people = |list: &Option<cited_site::yaml::Located<Vec<cited_site::page::Person>>>| -> Vec<PersonContext> {
        list.as_ref()
            .map(|l| l.value.iter().map(|p| PersonContext { name: p.name.clone(), credentials: p.credentials.clone() }).collect())
            .unwrap_or_default()
    };
    page.authors = people(&front.authors);
    page.reviewers = people(&front.reviewed_by);
    let date = |d: &Option<cited_site::yaml::Located<String>>| {
        d.as_ref().map(|d| d.value.trim().to_owned())
    };
    let display = |d: &Option<String>| {
        d.as_ref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map(|d| d.strftime("%-d %B %Y").to_string())
    };
    let (published, last_reviewed, next_review) = (
        date(&front.published),
        date(&front.last_reviewed),
        date(&front.next_review),
    );
    page.dates = Some(DatesContext {
        published_display: display(&published),
        last_reviewed_display: display(&last_reviewed),
        next_review_display: display(&next_review),
        published,
        last_reviewed,
        next_review,
    });
}

/// The notice `references.lock` records for a source, for the reference list and the citations.
pub fn notice(site: &Site, reference: &cited_site::reference::Reference) -> Option<NoticeContext> {
    use cited_site::lock::Status;
    let entry = site.lock.as_ref()?.current(reference)?;
    let (kind, label, kinds, what): (_, _, &[&str], _) = match entry.status.value {
        Status::Retracted => (
            "retracted",
            "Retracted",
            &["retraction", "withdrawal"],
            "This source was retracted",
        ),
        Status::Concern => (
            "concern",
            "Expression of concern",
            &["expression-of-concern"],
            "An expression of concern was published about this source",
        ),
        Status::Corrected => (
            "corrected",
            "Corrected",
            &["correction"],
            "A correction to this source was published",
        ),
        _ => return None,
    };
    // The notice that says most: dated, with its own DOI.
    let found = entry
        .notices
        .iter()
        .filter(|n| kinds.contains(&n.kind.as_str()))
        .max_by_key(|n| (n.date.is_some(), n.doi.is_some()));
    let mut text = what.to_owned();
    if let Some(n) = found {
        if n.kind == "withdrawal" {
            text = "This source was withdrawn".to_owned();
        }
        if let Some(date) = &n.date {
            text.push_str(&format!(" ({date})"));
        }
        match n.source.as_deref() {
            Some("retraction-watch") => text.push_str("; recorded by Retraction Watch"),
            Some("pubmed") => text.push_str("; recorded by PubMed"),
            _ => {}
        }
    }
    text.push('.');
    Some(NoticeContext {
        kind,
        label,
        text,
        url: found.and_then(cited_site::lock::Notice::url),
    })
}

/// DOI, PubMed, PMC and URL links for an entry.
pub fn identifier_links(reference: &cited_site::reference::Reference) -> Vec<IdentifierLink> {
    let mut links = Vec::new();
    if let Some(doi) = reference.text("DOI") {
        links.push(IdentifierLink {
            kind: "DOI",
            url: format!("https://doi.org/{}", doi.value),
            label: doi.value,
        });
    }
    if let Some(pmid) = reference.text("PMID") {
        links.push(IdentifierLink {
            kind: "PubMed",
            url: format!("https://pubmed.ncbi.nlm.nih.gov/{}/", pmid.value),
            label: pmid.value,
        });
    }
    if let Some(pmcid) = reference.text("PMCID") {
        links.push(IdentifierLink {
            kind: "PMC",
            url: format!("https://pmc.ncbi.nlm.nih.gov/articles/{}/", pmcid.value),
            label: pmcid.value,
        });
    }
    if let Some(url) = reference.text("URL")
        && cited_check::is_http_url(&url.value)
    {
        links.push(IdentifierLink {
            kind: "Web",
            url: url.value.clone(),
            label: url.value,
        });
    }
    links
}

fn site_context(site: &Site, assets: &BTreeMap<String, String>) -> SiteContext {
    let config = site.config.as_ref();
    let mut base_url =
        config.map_or_else(|| "/".to_owned(), |c| c.base_url.value.trim().to_owned());
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let base_path = base_path_of(&base_url);
    let crisis_default = "In the US, call or text [988](tel:988) (Suicide & Crisis Lifeline), or call 911 in an emergency. In the UK, call Samaritans on 116 123. Elsewhere, find a helpline at [findahelpline.com](https://findahelpline.com).";
    let links = LinkRewriter {
        base_path: &base_path,
        md_targets: &|_, _| None,
    };
    let inline = |text: &str, file: cited_site::source::FileId, start: usize| {
        let doc = Document::parse(file, start, text);
        render_inline(&doc, text, &links, &mut |_| String::new())
    };
    let config_file = site.config_file.unwrap_or(cited_site::source::FileId(0));
    let crisis = match config.and_then(|c| c.crisis.as_ref()) {
        Some(c) => CrisisContext {
            heading: c.heading.clone(),
            html: inline(&c.text.value, config_file, c.text.span.range.start),
        },
        None => CrisisContext {
            heading: "If you are in crisis".to_owned(),
            html: inline(crisis_default, config_file, 0),
        },
    };
    let publisher = config
        .and_then(|c| c.publisher.as_ref())
        .map(|p| PublisherContext {
            name: p.name.clone(),
            url: p.url.as_ref().map(|u| u.value.clone()),
            contact: p.contact.as_ref().map(|u| u.value.clone()),
            contact_label: p
                .contact
                .as_ref()
                .map(|u| u.value.trim_start_matches("mailto:").to_owned()),
        });
    let policy = config.map(|c| &c.policy);
    SiteContext {
        title: config.map_or_else(String::new, |c| c.title.value.clone()),
        description: config.and_then(|c| c.description.clone()).unwrap_or_default(),
        language: config.map_or_else(|| "en".to_owned(), |c| c.language().to_owned()),
        base_url,
        assets: assets.iter().map(|(k, v)| (k.clone(), format!("{base_path}{v}"))).collect(),
        publisher,
        policy: PolicyContext {
            review_interval_days: policy.and_then(|p| p.review_interval_days.as_ref()).map(|d| d.value),
            required: policy.map(|p| p.required.iter().map(|r| r.value.clone()).collect()).unwrap_or_default(),
            funding: policy.and_then(|p| p.funding.clone()),
            conflicts: policy.and_then(|p| p.conflicts.clone()),
            advertising: policy.and_then(|p| p.advertising.clone()),
        },
        crisis,
        disclaimer_html: inline(
            config.and_then(|c| c.disclaimer.as_deref()).unwrap_or("This site gives general information only. It is not a diagnosis and not a substitute for care from a qualified health professional."),
            config_file,
            0,
        ),
        nav: vec![
            NavLink { title: "Home".to_owned(), url: base_path.clone() },
            NavLink { title: "References".to_owned(), url: format!("{base_path}{}", layout::REFERENCES) },
            NavLink { title: "About".to_owned(), url: format!("{base_path}{}", layout::ABOUT) },
        ],
        references_url: format!("{base_path}{}", layout::REFERENCES),
        about_url: format!("{base_path}{}", layout::ABOUT),
        feed_url: format!("{base_path}{}", layout::FEED),
        generator: format!("cited {}", env!("CARGO_PKG_VERSION")),
        ids: IdsContext::default(),
        base_path,
    }
}

/// The path of a base URL: `https://user.github.io/repo/` → `/repo/`; anything odd → `/`.
/// Empty, `.` and `..` segments are dropped, so the path can never climb.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect();
    if segments.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", segments.join("/"))
    }
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
}
