//! Load a `cited` site: the first stage of the pipeline (`load → check → render → write`).
//!
//! This crate owns the site model and everything read from disk: `content/site.yaml`
//! ([`SiteConfig`]), pages with front matter ([`Page`]), checklists ([`Checklist`]), references in
//! CSL-YAML or CSL-JSON ([`Reference`]), `references.lock` ([`Lock`]), markdown with Pandoc
//! citations ([`Document`], [`parse_citation`]). Every value keeps its place ([`Span`]) so later
//! stages can point at it, and every problem is a [`Diagnostic`] with a [`Code`], never a panic.
//! [`layout`] says where everything ends up.
//!
//! It does not judge content (that is `cited-check`) or produce HTML (`cited-render`).
//! Sibling crates: `cited-check`, `cited-csl`, `cited-render`, `cited-driver`, `cited-serve`,
//! `cited-verify`, and the `cited` binary.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir_all(dir.path().join("content"))?;
//! std::fs::write(dir.path().join("content/site.yaml"), "title: T\nbase_url: https://example.org/\n")?;
//! let loaded = cited_site::load(dir.path());
//! assert!(loaded.diagnostics.is_empty());
//! assert_eq!(loaded.site.config.as_ref().map(|c| c.title.value.as_str()), Some("T"));
//! # Ok::<(), std::io::Error>(())
//! ```

mod bibtex;
mod checklist;
mod citation;
mod config;
mod diagnostic;
mod discover;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod images;
mod io_words;
pub mod layout;
mod lock;
mod markdown;
mod page;
mod read;
mod reference;
mod reload;
mod rich_text;
mod source;
mod timings;
pub mod words;
mod yaml;

// The curated surface: the site model and what every stage reads of it. `layout` stays a public
// module: it is a namespace of paths and ids (`layout::page`, `layout::MAIN_ID`) that reads best
// with its name in front.
pub use checklist::{Checklist, ChecklistSource, PlainField};
pub use citation::{
    CitationSyntaxError, CiteItem, Locator, LocatorLabels, LocatorMeant, parse as parse_citation,
    written_key,
};
pub use config::{
    CitationSettings, DEFAULT_CITATION_STYLE, DEFAULT_LANGUAGE, DEFAULT_MAX_IMAGE_BYTES,
    ImageSettings, Numbering, SiteConfig, is_image_host,
};
pub use diagnostic::{
    Code, Diagnostic, Label, ResolvedDiagnostic, Severity, count, did_you_mean,
    sort as sort_diagnostics,
};
pub use images::{
    ImageFile, ImageFormat, ImageProblem, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, is_image_file_name,
    is_local_image,
};
pub use io_words::io_in_words;
pub use lock::{
    LOCK_FILE, LOCK_VERSION, Lock, LockEntry, LockedIdentifier, Notice, Status, fingerprint,
    parse as parse_lock, sha256_hex,
};
pub use markdown::{
    CitedBy, DECORATIVE_CLASS, DocEvent, Document, Image, MAX_CITATIONS, Note, NoteMark, OffsetMap,
    Piece, PieceText, ProseBlock,
};
pub use page::{
    FrontMatter, NoCite, Page, Person, is_valid_slug, parse_front_matter, split_front_matter,
};
pub use read::{MAX_FILE_BYTES, ReadError, read_text, read_text_within};
pub use reference::{
    CSL_TYPES, Finding, Reference, TOOL_TYPES, parse_file as parse_reference_file,
};
pub use reload::{reload_checklists, reload_pages, reload_references};
pub use rich_text::RichText;
pub use source::{AsLoaded, FileId, Location, SourceFile, Sources, Span, relative_path};
pub use timings::Timings;
pub use yaml::{Located, MAX_YAML_BYTES, parse as parse_yaml};

use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use discover::{Discovered, Kind, discover};

/// The whole site, as loaded.
#[derive(Debug, Default)]
pub struct Site {
    /// The site root.
    pub root: PathBuf,
    /// Every file read.
    pub sources: Sources,
    /// `content/site.yaml`, if it parsed.
    pub config: Option<SiteConfig>,
    /// The file of `content/site.yaml`.
    pub config_file: Option<FileId>,
    /// The site's `description`, parsed for the claim checker: it is published as written (the
    /// home page, every page's metadata), so it cannot cite.
    pub description_doc: Option<Document>,
    /// Pages, sorted by path.
    pub pages: Vec<Page>,
    /// Checklists, sorted by path.
    pub checklists: Vec<Checklist>,
    /// References, in file order then item order.
    pub references: Vec<Reference>,
    /// The text of an independent `.csl` style named by `citation_style`, if any.
    pub csl_style: Option<(FileId, String)>,
    /// A `.csl` file of the site with the file name `citation_style` gives, when that path
    /// does not exist: what the editor most likely meant (`content/my.csl` for `my.csl`).
    pub csl_style_elsewhere: Option<String>,
    /// Some page or checklist could not be loaded (unreadable, not UTF-8, bad front matter or
    /// YAML). The citations it holds are unknown, so rules that need every citation of the site
    /// ("never cited") stand down instead of blaming references that file may cite, and so do
    /// those that need every checklist ("no checklist has the id").
    pub content_incomplete: bool,
    /// Some reference file could not be loaded (unreadable, not UTF-8, or it does not parse).
    /// The keys it defines are unknown, so a citation of an unknown key is that file's fault
    /// (reported once, at the file), not a missing reference for each citation.
    pub references_incomplete: bool,
    /// `references.lock`, if the site has one and it parsed: what `cited verify` last found.
    pub lock: Option<lock::Lock>,
    /// The file of `references.lock`, if the site has one.
    pub lock_file: Option<FileId>,
    /// The image files pages and checklists show, by site-relative path ([`Site::image`] finds
    /// the one an image shows).
    pub images: std::collections::BTreeMap<String, ImageFile>,
    /// Key → index of its first definition in `references` (built by [`load`]).
    reference_index: HashMap<String, usize>,
    /// Key → its entry's anchor, allotted site-wide by [`layout::reference_anchors`].
    reference_anchors: HashMap<String, String>,
}

impl Site {
    /// Drops what only the claim checker reads once the site is checked: every page's prose
    /// blocks ([`Document::release_prose`]) and the parse of its title ([`Page::title_doc`]).
    /// Rendering reads neither, and at 10,000 citation-dense pages they were a fifth of the
    /// memory the loaded site holds while its pages render.
    pub fn release_prose(&mut self) {
        // Millions of small pieces to free: on every thread (on one, the others waited 0.7 % of
        // a build of 10,000 citation-dense pages).
        self.pages.par_iter_mut().with_min_len(64).for_each(|page| {
            page.body.release_prose();
            page.title_doc = Document::empty(page.file);
            page.description_doc = None;
        });
    }

    /// Lets go of every page's text once the site is checked: the page's file
    /// ([`SourceFile::release`]) and its body's share of it ([`Document::release_text`]). Each
    /// page reads its file again to render ([`Site::page_text`]), so a build holds the texts of
    /// the pages in flight rather than every page's: at 10,000 citation-dense pages, a quarter of
    /// the memory the loaded site holds while its pages render.
    pub fn release_texts(&mut self) {
        for page in &mut self.pages {
            page.body.release_text();
            self.sources.release(page.file);
        }
    }

    /// The text of `page`'s file as it was loaded: held, or read again once released
    /// ([`Site::release_texts`]). An error when the file changed since it was loaded, as every
    /// place the check found in it would be wrong.
    pub fn page_text(&self, page: &Page) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        self.sources
            .get(page.file)
            .text_as_loaded()
            .ok_or_else(|| self.sources.changed_since_loaded(page.file))
    }

    /// Every markdown document: page bodies, then checklist fields.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.documents_with_files().map(|(_, doc)| doc)
    }

    /// Every markdown document with the file it was written in (a page's, or its checklist's):
    /// the order of [`Site::documents`].
    pub fn documents_with_files(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.pages.iter().map(|p| (p.file, &p.body)).chain(
            self.checklists
                .iter()
                .flat_map(|c| c.documents().map(move |d| (c.file, d))),
        )
    }

    /// The reference with this key (the first, if duplicated).
    pub fn reference(&self, key: &str) -> Option<&Reference> {
        match self.reference_index.get(key) {
            Some(&i) => self.references.get(i),
            // A site assembled by hand rather than by `load` has no index yet.
            None if self.reference_index.is_empty() => {
                self.references.iter().find(|r| r.key.value == key)
            }
            None => None,
        }
    }

    /// The anchor of the entry of the reference with this key (`ref-…`): unique in the site, even
    /// for keys that differ only in characters an id cannot hold.
    pub fn reference_anchor(&self, key: &str) -> String {
        if let Some(anchor) = self.reference_anchors.get(key) {
            return anchor.clone();
        }
        // A site assembled by hand rather than by `load`: allot over its references now.
        let keys = self
            .references
            .iter()
            .map(|r| r.key.value.as_str())
            .chain([key]);
        layout::reference_anchors(keys)
            .remove(key)
            .unwrap_or_default()
    }

    /// The checklist with this id.
    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.id() == id)
    }
}

/// A loaded site and the problems found while loading it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// What could be loaded.
    pub site: Site,
    /// Problems; loading goes on past them so one run reports as much as it can.
    pub diagnostics: Vec<Diagnostic>,
}

/// Up to how many bytes of pages a load holds their prose blocks (and, with
/// [`LoadOptions::hold_texts`], their texts), by default ([`LoadOptions::hold_pages_up_to`]):
/// 64 MiB is about 16,000 citation-dense pages. Held, the prose costs less than parsing each
/// page again: at 10,000 dense pages (41 MB), about 5 % less CPU, and on 10,000 typical pages
/// about 10 % less.
pub const HOLD_PAGES_UP_TO: usize = 64 * 1024 * 1024;

/// How to load a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Hold every page's prose blocks (and, with [`LoadOptions::hold_texts`], its text) when
    /// the pages come to at most this many bytes. Past it, each page keeps neither once parsed:
    /// its file keeps the text's length and hash ([`SourceFile::release`]), its document defers
    /// its prose ([`Document::defer_prose`]), and the check and the render read the file again
    /// when they come to the page. Held whole, a large site's texts and prose were more than
    /// half of what its load holds (at 100,000 citation-dense pages, 700 MB); made again, they
    /// cost a read and a parse of each page, which a small site is better off without.
    pub hold_pages_up_to: usize,
    /// Hold every page's text (when its prose is held). Without this, each page lets go of its
    /// text once parsed and keeps its prose: its file keeps the text's length and hash, and the
    /// check and the render read the file again when they come to the page, with no second
    /// parse. At 10,000 citation-dense pages the texts were a fifth of the peak memory of a
    /// build, held from the load to the end of the check.
    pub hold_texts: bool,
}

impl LoadOptions {
    /// Options that hold every page whatever the site's size (`cited serve`, which keeps the
    /// loaded site for the next build).
    pub fn holding_every_page() -> Self {
        LoadOptions {
            hold_pages_up_to: usize::MAX,
            hold_texts: true,
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            hold_pages_up_to: HOLD_PAGES_UP_TO,
            hold_texts: true,
        }
    }
}

/// Loads the site under `root`.
pub fn load(root: &Path) -> Loaded {
    load_with(root, &LoadOptions::default())
}

/// Loads the site under `root` as `options` say.
pub fn load_with(root: &Path, options: &LoadOptions) -> Loaded {
    let mut loaded = Loaded {
        site: Site {
            root: root.to_path_buf(),
            ..Site::default()
        },
        diagnostics: Vec::new(),
    };
    let Discovered {
        files,
        pages,
        page_errors,
    } = discover(root, &mut loaded, options);
    let site = &mut loaded.site;
    let diagnostics = &mut loaded.diagnostics;

    let mut checklists = Vec::new();
    let mut reference_files = Vec::new();
    for (id, kind) in files {
        match kind {
            Kind::Config => {
                site.config_file = Some(id);
                let text = &site.sources.get(id).text;
                match yaml::parse::<SiteConfig>(id, 0, text) {
                    Ok(mut config) => {
                        site.description_doc = config.description.as_mut().map(|value| {
                            let md = |value: &Located<String>| {
                                Document::parse_embedded(
                                    id,
                                    OffsetMap::for_yaml_scalar(
                                        &value.value,
                                        text,
                                        &value.span.range,
                                    ),
                                    &value.value,
                                )
                            };
                            checklist::plain_field(md, value)
                        });
                        site.config = Some(config);
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
            // Parsed as they were read (`discover`).
            Kind::Page => {}
            Kind::Checklist => checklists.push(id),
            Kind::References => reference_files.push(id),
        }
    }
    // A library has thousands of reference files: parse them in parallel, keep file order.
    let sources = &site.sources;
    let parsed: Vec<_> = reference_files
        .par_iter()
        // A file at a time, so that no thread is left with the last stretch alone.
        .with_max_len(1)
        .map(|&id| {
            let file = sources.get(id);
            reference::parse_file(id, &file.path, &file.text)
        })
        .collect();
    for result in parsed {
        match result {
            Ok(mut refs) => site.references.append(&mut refs),
            Err(mut d) => {
                site.references_incomplete = true;
                diagnostics.append(&mut d);
            }
        }
    }
    if site.config_file.is_none() {
        let id = site.sources.add(SourceFile::new(
            "content/site.yaml",
            root.join("content/site.yaml"),
            "",
        ));
        site.config_file = Some(id);
        diagnostics.push(
            Diagnostic::new(Code::E0001, Span::new(id, 0..0), "the site has no `content/site.yaml`")
                .with_hint("create it with at least `title:` and `base_url:`, or run `cited new DIR` for a working site"),
        );
    }

    // Moved, not copied: a page is about a kilobyte and a half before its lists, and a copy
    // held both lists at once at the end of the load.
    site.pages = pages;
    site.content_incomplete |= !page_errors.is_empty();
    diagnostics.extend(page_errors);
    for id in checklists {
        let file = site.sources.get(id);
        match Checklist::parse(id, &file.text) {
            Ok(checklist) => site.checklists.push(checklist),
            Err(d) => {
                site.content_incomplete = true;
                diagnostics.push(d);
            }
        }
    }
    for (i, reference) in site.references.iter().enumerate() {
        site.reference_index
            .entry(reference.key.value.clone())
            .or_insert(i);
    }
    site.reference_anchors =
        layout::reference_anchors(site.references.iter().map(|r| r.key.value.as_str()))
            .into_iter()
            .map(|(key, anchor)| (key.to_owned(), anchor))
            .collect();
    check_unique_slugs(site, diagnostics);
    load_csl_style(root, site, diagnostics);
    load_lock(root, site, diagnostics);
    images::load_images(root, site);
    loaded
}

/// Reads `references.lock` if the site has one. A site without one is fine (its sources are
/// unverified); one that cannot be read or parsed is an error, since check would otherwise pass
/// claims resting on retracted sources without a word.
fn load_lock(root: &Path, site: &mut Site, diagnostics: &mut Vec<Diagnostic>) {
    let path = root.join(lock::LOCK_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return;
    }
    match read_text_within(root, &path) {
        Ok(text) => {
            let id = site
                .sources
                .add(SourceFile::new(lock::LOCK_FILE, path, &text));
            site.lock_file = Some(id);
            match lock::parse(id, &text) {
                Ok(lock) => site.lock = Some(lock),
                Err(d) => diagnostics.push(d.with_hint(
                    "run `cited verify` to write the lock again; do not edit it by hand",
                )),
            }
        }
        Err(err) => {
            let id = site.sources.add(SourceFile::new(lock::LOCK_FILE, path, ""));
            site.lock_file = Some(id);
            diagnostics.push(
                Diagnostic::new(
                    Code::E0001,
                    Span::new(id, 0..0),
                    format!("`{}` {err}", lock::LOCK_FILE),
                )
                .with_hint(err.hint()),
            );
        }
    }
}

fn load_page(file: &SourceFile, id: FileId) -> Result<Page, Diagnostic> {
    let split = page::split_front_matter(id, &file.text)?;
    let mut front = page::parse_front_matter(id, &split)?;
    let md = |value: &Located<String>| {
        Document::parse_embedded(
            id,
            OffsetMap::for_yaml_scalar(&value.value, &file.text, &value.span.range),
            &value.value,
        )
    };
    let title_doc = checklist::plain_field(md, &mut front.title);
    let description_doc = front
        .description
        .as_mut()
        .map(|description| checklist::plain_field(md, description));
    let front_matter_span = Span::new(id, 0..split.body_start);
    let slug = match &front.slug {
        Some(slug) => slug.value.clone(),
        None => Path::new(&file.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    if !page::is_valid_slug(&slug) {
        let span = front
            .slug
            .as_ref()
            .map_or_else(|| Span::new(id, 0..3), |s| s.span.clone());
        let rule = "use lowercase letters a–z, digits and `-` only (not `assets`, `checklists`, `references`, `about` or `404`)";
        let hint = match page::slug_from(&slug) {
            Some(suggested) => {
                format!("{rule}: set `slug: {suggested}`, or rename the file to `{suggested}.md`")
            }
            None => format!("{rule}; set `slug:` or rename the file"),
        };
        return Err(Diagnostic::new(
            Code::E0007,
            span,
            format!("`{slug}` cannot be a page's URL"),
        )
        .with_hint(hint));
    }
    let body = Document::parse_body(id, &file.text, split.body_start);
    Ok(Page {
        file: id,
        front_matter_span,
        front,
        slug,
        body_start: split.body_start,
        body,
        title_doc,
        description_doc,
    })
}

fn check_unique_slugs(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in &site.pages {
        if let Some(first) = seen.get(page.slug.as_str()) {
            let span = page
                .front
                .slug
                .as_ref()
                .map_or_else(|| Span::new(page.file, 0..3), |s| s.span.clone());
            diagnostics.push(
                Diagnostic::new(
                    Code::E0008,
                    span,
                    format!("two pages would be written to `/{}/`", page.slug),
                )
                .with_secondary(Span::new(first.file, 0..3), "the other page")
                .with_hint("give one of them a different `slug:`"),
            );
        } else {
            seen.insert(&page.slug, page);
        }
    }
}

fn load_csl_style(root: &Path, site: &mut Site, diagnostics: &mut Vec<Diagnostic>) {
    let Some(style) = site.config.as_ref().and_then(|c| c.citation_style.clone()) else {
        return;
    };
    if !style.value.ends_with(".csl") {
        return;
    }
    let rel = Path::new(&style.value);
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        diagnostics.push(
            Diagnostic::new(
                Code::E0009,
                style.span.clone(),
                "the citation style must be a path inside the site",
            )
            .with_hint("put the .csl file in the site, e.g. `styles/my-style.csl`"),
        );
        return;
    }
    match read_text_within(root, &root.join(rel)) {
        Ok(text) => {
            let id = site.sources.add(SourceFile::new(style.value.clone(), root.join(rel), &text));
            site.csl_style = Some((id, text));
        }
        // No such file: the style is then looked for among the bundled ones, and the render's
        // one error says it is neither (with the bundled name it is likely to mean, or the
        // file of that name elsewhere in the site).
        Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
            site.csl_style_elsewhere = rel
                .file_name()
                .and_then(|name| file_named(root, &name.to_string_lossy()));
        }
        Err(err) => diagnostics.push(
            Diagnostic::new(Code::E0009, style.span.clone(), format!("the style file `{}` {err}", style.value))
                .with_hint("give a bundled style name such as `apa`, or a path to a .csl file relative to the site root"),
        ),
    }
}

/// The site-relative path of a file named `name` (any case) in the site, a few folders deep,
/// hidden folders, the build's output and the usual dependency folders skipped; the first in
/// name order.
fn file_named(root: &Path, name: &str) -> Option<String> {
    let skipped = |e: &walkdir::DirEntry| {
        let n = e.file_name().to_string_lossy();
        e.depth() > 0
            && e.file_type().is_dir()
            && (n.starts_with('.')
                || [layout::OUTPUT_FOLDER, "target", "node_modules"].contains(&n.as_ref()))
    };
    walkdir::WalkDir::new(root)
        .max_depth(4)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skipped(e))
        .take(20_000)
        .filter_map(Result::ok)
        .find(|e| {
            e.file_type().is_file() && e.file_name().to_string_lossy().eq_ignore_ascii_case(name)
        })
        .and_then(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
}
