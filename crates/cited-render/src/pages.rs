//! Rendering one page or checklist: its markdown, citations, embedded checklists and bibliography
//! into the context its template receives, with the back links the references page needs.

use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;
use std::sync::Arc;

use cited_csl::FormattedEntry;
use cited_site::Document;
use cited_site::words::Words;
use cited_site::{Code, Diagnostic, Span};
use cited_site::{Site, layout};
use sha2::Digest;

use crate::cite::{Citations, UnitCitations};
use crate::context::*;
use crate::engine;
use crate::html::{LinkRewriter, render_document, render_document_in, render_inline};
use crate::notes::Cited;
use crate::sink::RenderError;

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

/// Adds a back link to `backlinks` for each anchored citation in `made`, the citations of the page
/// at `url` titled `title`; each entry's links are numbered 1, 2, 3... in the order added.
pub(crate) fn add_backlinks(
    backlinks: &mut HashMap<String, Vec<Backlink>>,
    made: Vec<(String, String)>,
    url: &str,
    title: &str,
) {
    let title: Arc<str> = Arc::from(title);
    for (key, anchor) in made.into_iter().filter(|(_, a)| !a.is_empty()) {
        let list = backlinks.entry(key).or_default();
        list.push(Backlink {
            // Joined, not formatted: a back link is made for every citation of the site.
            url: Arc::from([url, "#", &anchor].concat()),
            page_title: Arc::clone(&title),
            n: list.len() + 1,
        });
    }
}

/// A rendered page: output path, context, and (key, anchor) of each citation it made.
pub(crate) type RenderedPage = (String, PageContext, Vec<(String, String)>);

/// What a page renders: a page or a standalone checklist, each a document of its own for its
/// citations.
pub(crate) use crate::cite::Unit as Job;

impl Job {
    pub(crate) fn page(self, site: &Site) -> Option<&cited_site::Page> {
        match self {
            Job::Page(i) => site.pages.get(i),
            Job::Checklist(_) => None,
        }
    }

    /// The file `self` renders from.
    fn file(self, site: &Site) -> Option<cited_site::FileId> {
        match self {
            Job::Page(i) => site.pages.get(i).map(|p| p.file),
            Job::Checklist(i) => site.checklists.get(i).map(|c| c.file),
        }
    }

    /// E0001 when what cited made for the page, before its template adds a byte (its text with
    /// its citations and checklists, its bibliography, its metadata), comes to more than a page
    /// may ([`engine::MAX_PAGE_BYTES`]). The template would be stopped for writing too much, and
    /// blamed for it, when it is the page that is too large: tens of thousands of citations, or
    /// many large checklists embedded.
    pub(crate) fn too_large(self, site: &Site, page: &PageContext) -> Option<Diagnostic> {
        let made = made_past_limit(page)?;
        Some(too_large_at(
            self.file(site)?,
            "this page's",
            made,
            String::new(),
            "split it into several pages: fewer citations, or fewer checklists embedded in one",
        ))
    }

    /// [`Job::too_large`] for the references page, which lists a back link to every citation of
    /// the first pages citing each source: blamed on the page of `most` (the page that makes the
    /// most citations, and how many), which that list grows with.
    pub(crate) fn references_too_large(
        site: &Site,
        page: &PageContext,
        most: Option<(Job, usize)>,
    ) -> Option<Diagnostic> {
        let made = made_past_limit(page)?;
        let (job, cited) = most?;
        let links: usize = page.bibliography.iter().map(|e| e.backlinks.len()).sum();
        Some(too_large_at(
            job.file(site)?,
            "the references page's",
            made,
            format!(": it links back to {links} citations, and this page makes the most, {cited}"),
            "cite a source where a sentence rests on it, not again and again; or split the pages that cite most",
        ))
    }
}

/// What cited made for `page` before its template adds a byte ([`engine::expected_len`]), when
/// it is more than a page may.
fn made_past_limit(page: &PageContext) -> Option<usize> {
    Some(engine::expected_len(page)).filter(|&made| made > engine::MAX_PAGE_BYTES)
}

/// E0001 at the start of `file`: `whose` HTML came to `made` bytes, and `why`.
fn too_large_at(
    file: cited_site::FileId,
    whose: &str,
    made: usize,
    why: String,
    hint: &str,
) -> Diagnostic {
    let mib = |bytes: usize| bytes.div_ceil(1024 * 1024);
    Diagnostic::new(
        Code::E0001,
        Span::new(file, 0..0),
        format!(
            "{whose} HTML comes to about {} MiB before its template adds to it, more than the {} MiB one page may{why}",
            mib(made),
            mib(engine::MAX_PAGE_BYTES)
        ),
    )
    .with_hint(hint)
}

pub(crate) struct Renderer<'a> {
    pub(crate) env: &'a engine::Engine<'a>,
    pub(crate) site: &'a Site,
    pub(crate) citations: &'a Citations,
    pub(crate) links: &'a LinkRewriter<'a>,
    pub(crate) previews: &'a HashMap<&'a str, String>,
    /// Key → (kind, label) of each source with a notice in `references.lock`.
    pub(crate) notices: &'a HashMap<&'a str, (&'static str, &'a str)>,
    /// Every bibliography entry in the references page's order, without back links: made once,
    /// cloned into each page that cites it (with the page's own number and text).
    pub(crate) entries: &'a [EntryContext],
    /// Key → index in `entries`.
    pub(crate) entry_index: &'a HashMap<&'a str, usize>,
    /// The words of every page's entries but the references page's.
    pub(crate) item_words: &'a Arc<ItemWords>,
    pub(crate) site_ctx: &'a SiteContext,
    /// Dates in words, as the site's CSL locale writes them.
    pub(crate) dates: &'a cited_csl::TextDates,
}

impl Renderer<'_> {
    /// Renders one page or standalone checklist: output path, context, and (key, anchor) of each
    /// citation made.
    pub(crate) fn page(&self, job: Job) -> Result<RenderedPage, RenderError> {
        // The page's citations, formatted for it alone and dropped with it.
        let formatted = self
            .citations
            .of(self.site, job)
            .map_err(RenderError::from)?;
        let unit: &UnitCitations = &formatted;
        let mut cited: Vec<(String, String)> = Vec::new();
        let mut failure: Option<Diagnostic> = None;
        let mut page = PageContext::default();
        match job {
            Job::Page(i) => {
                let p = &self.site.pages[i];
                let text = self.site.page_text(p)?;
                let body_text = text.get(p.body_start..).unwrap_or("");
                let mut checklists = Vec::new();
                let body = {
                    let mut cite = |ci: usize| self.citation(unit, &p.body, ci, &mut cited);
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
                                let ctx = self.checklist(unit, c, Some(copy), &mut Vec::new());
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
                    render_document_in(&p.body, body_text, self.links, &mut cite, &mut embed)
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
                review_of(front, &mut page, self.dates);
                if let Some(d) = failure {
                    return Err(d.into());
                }
                Ok(
                    (format!("{}index.html", layout::page(&p.slug)), page, cited)
                        .into_with_bibliography(self, formatted),
                )
            }
            Job::Checklist(i) => {
                let c = &self.site.checklists[i];
                let ctx = self.checklist(unit, c, None, &mut cited);
                page.kind = "checklist";
                page.title = ctx.title.clone();
                page.description = Words::fill(
                    &self.site_ctx.words.checklist_description,
                    &[("{title}", &ctx.title)],
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
                    review_of(&host.front, &mut page, self.dates);
                }
                Ok((
                    format!("{}index.html", layout::checklist(c.id())),
                    page,
                    cited,
                )
                    .into_with_bibliography(self, formatted))
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
                cited.push((item.key().to_owned(), String::new()));
            }
        }
    }

    /// The URL path and title of `job`'s page.
    pub(crate) fn url_and_title(&self, job: Job) -> (String, String) {
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
    pub(crate) fn citations_made(&self, job: Job) -> Vec<(String, String)> {
        fn made_by(doc: &Document, scope: &str, made: &mut Vec<(String, String)>) {
            for citation in &doc.citations {
                let anchor = layout::citation_id(scope, made.len() + 1);
                for item in &citation.items {
                    made.push((item.key().to_owned(), anchor.clone()));
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
                for doc in crate::cite::checklist_documents(c) {
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

    fn citation(
        &self,
        unit: &UnitCitations,
        doc: &Document,
        index: usize,
        cited: &mut Vec<(String, String)>,
    ) -> Cited {
        // Numbered by the items cited before it: while the body renders, `cited` holds its
        // citations' items only (an embedded checklist's, without anchors, come after). Counted
        // by the list's length: counting its anchors read the list again for every citation.
        let anchor = layout::citation_id("", cited.len() + 1);
        if let Some(c) = doc.citations.get(index) {
            for item in &c.items {
                cited.push((item.key().to_owned(), anchor.clone()));
            }
        }
        self.cited(unit, doc, index, &anchor)
    }

    /// Citation `index` of `doc`: in a note style, a note (and an author-in-text citation's
    /// names in the sentence); otherwise the citation in place.
    fn cited(&self, unit: &UnitCitations, doc: &Document, index: usize, anchor: &str) -> Cited {
        self.citations
            .cited(unit, doc, index, anchor, self.previews, self.notices)
    }

    /// The context of checklist `c`, on its own page (`embedded` is `None`) or embedded in a page
    /// after `embedded` earlier copies of it: each copy has its own element ids
    /// ([`layout::checklist_dom_id`]) and stores its answers under its own key.
    fn checklist(
        &self,
        unit: &UnitCitations,
        c: &cited_site::Checklist,
        embedded: Option<usize>,
        cited: &mut Vec<(String, String)>,
    ) -> ChecklistContext {
        let copy = embedded.unwrap_or(0);
        let dom_id = layout::checklist_dom_id(c.id(), copy);
        let mut md = |doc: &Document, inline: bool| {
            let mut cite = |ci: usize| {
                let anchor = layout::citation_id(&dom_id, cited.len() + 1);
                if let Some(cc) = doc.citations.get(ci) {
                    for item in &cc.items {
                        cited.push((item.key().to_owned(), anchor.clone()));
                    }
                }
                // A checklist's text is a form's labels: its citations stay in place.
                Cited::from(self.cited(unit, doc, ci, &anchor).inline())
            };
            if inline {
                render_inline(doc, self.links, &mut cite)
            } else {
                render_document(doc, self.links, &mut cite, &mut |_| String::new())
            }
        };
        let intro_html = c.intro.as_ref().map(|d| md(d, false)).unwrap_or_default();
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
                detail_html: detail.as_ref().map(|d| md(d, true)).unwrap_or_default(),
            })
            .collect();
        let guidance = c
            .guidance
            .iter()
            .filter_map(|(range, doc)| range.map(|(min, max)| (min, max, doc)))
            .map(|(min, max, doc)| GuidanceContext {
                min,
                max,
                html: md(doc, false),
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

    /// Bibliography entries: a unit's, numbered and ordered as it cites them, or (`None`) every
    /// source, in the references page's order.
    pub(crate) fn bibliography(
        &self,
        unit: Option<Cow<'_, UnitCitations>>,
        backlinks: &mut HashMap<String, Vec<Backlink>>,
    ) -> Vec<EntryContext> {
        let Some(unit) = unit else {
            return self
                .entries
                .iter()
                .map(|e| EntryContext {
                    backlinks: backlinks.remove(&*e.key).unwrap_or_default(),
                    ..e.clone()
                })
                .collect();
        };
        // A page's own formatting of its entries is moved into its context, not copied: the
        // page is its only reader.
        let entries: Vec<Cow<'_, FormattedEntry>> = match unit {
            Cow::Owned(unit) => unit.entries.into_iter().map(Cow::Owned).collect(),
            Cow::Borrowed(unit) => unit.entries.iter().map(Cow::Borrowed).collect(),
        };
        entries
            .into_iter()
            .filter_map(|e| {
                let base = self.entries.get(*self.entry_index.get(e.key.as_str())?)?;
                let backlinks = backlinks.remove(e.key.as_str()).unwrap_or_default();
                let FormattedEntry { label, body, .. } = e.into_owned();
                // Field by field: the references page's text of the entry is not this page's.
                Some(EntryContext {
                    key: Arc::clone(&base.key),
                    anchor: Arc::clone(&base.anchor),
                    text_id: Arc::clone(&base.text_id),
                    label,
                    html: body.html,
                    text: body.text,
                    links: Arc::clone(&base.links),
                    backlinks,
                    cited_in: base.cited_in.clone(),
                    cited_in_more: base.cited_in_more,
                    notice: base.notice.clone(),
                    words: Arc::clone(self.item_words),
                })
            })
            .collect()
    }
}

trait WithBibliography {
    fn into_with_bibliography(self, r: &Renderer<'_>, unit: Cow<'_, UnitCitations>)
    -> RenderedPage;
}

impl WithBibliography for RenderedPage {
    fn into_with_bibliography(
        self,
        r: &Renderer<'_>,
        unit: Cow<'_, UnitCitations>,
    ) -> RenderedPage {
        let (path, mut page, cited) = self;
        page.bibliography = r.bibliography(Some(unit), &mut HashMap::new());
        let cited = cited.into_iter().filter(|(_, a)| !a.is_empty()).collect();
        (path, page, cited)
    }
}

/// Authors, reviewers and review dates from front matter, the dates also in words as `dates`
/// writes them.
pub(crate) fn review_of(
    front: &cited_site::FrontMatter,
    page: &mut PageContext,
    dates: &cited_csl::TextDates,
) {
    let people =
        |list: &Option<cited_site::Located<Vec<cited_site::Person>>>| -> Vec<PersonContext> {
            list.as_ref()
                .map(|l| {
                    l.value
                        .iter()
                        .map(|p| PersonContext {
                            name: p.name.clone(),
                            credentials: p.credentials.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
    page.authors = people(&front.authors);
    page.reviewers = people(&front.reviewed_by);
    let date =
        |d: &Option<cited_site::Located<String>>| d.as_ref().map(|d| d.value.trim().to_owned());
    let display = |d: &Option<String>| {
        d.as_ref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .and_then(|d| dates.write(d.year(), d.month(), d.day()))
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
