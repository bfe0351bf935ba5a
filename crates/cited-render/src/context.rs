//! The rendering contract: everything a template receives, precomputed. Templates lay out; they
//! do not compute. Both template engines receive exactly this: Tera serialised, MiniJinja lent
//! ([`lent`]: the same values, made when a template reads them).
//!
//! Version [`CONTRACT_VERSION`]; `themes/README.md` documents every field and a test keeps the two
//! in step.

use std::sync::Arc;

use serde::Serialize;

mod item;
pub mod lent;
pub use item::{ItemWords, item_html};
pub use lent::{LentSite, lend};

/// Bumped when a field is removed or changes meaning (adding fields keeps the version).
pub const CONTRACT_VERSION: u32 = 2;

/// The root of every template's context.
#[derive(Debug, Clone, Serialize)]
pub struct Context<'a> {
    /// [`CONTRACT_VERSION`].
    pub contract: u32,
    /// The site.
    pub site: &'a SiteContext,
    /// The page being rendered.
    pub page: &'a PageContext,
}

/// Site-wide values.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Absolute base URL, ending in `/`.
    pub base_url: String,
    /// The base URL's path, ending in `/` (`/` or `/repo/`): prefix of every internal link.
    pub base_path: String,
    /// Fingerprinted asset URLs, by logical name (`style.css` → `/assets/style.1a2b3c4d.css`).
    pub assets: std::collections::BTreeMap<String, String>,
    /// The publisher.
    pub publisher: Option<PublisherContext>,
    /// Editorial statements.
    pub policy: PolicyContext,
    /// The crisis notice (HTML from markdown).
    pub crisis: CrisisContext,
    /// The disclaimer (HTML).
    pub disclaimer_html: String,
    /// Links for the site navigation.
    pub nav: Vec<NavLink>,
    /// URL of the references page.
    pub references_url: String,
    /// URL of the editorial policy page.
    pub about_url: String,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// The generator, for `<meta name="generator">`.
    pub generator: String,
    /// The fixed element ids of every page ([`cited_site::layout`] owns them; templates use
    /// these instead of spelling them).
    pub ids: IdsContext,
    /// Hosts pages may show images from (`images.allowed_hosts` in `site.yaml`, each a plain DNS
    /// name): the Content-Security-Policy's `img-src` lists each as `https://host`.
    pub image_hosts: Vec<String>,
    /// The words the theme prints, in the site's language ([`cited_site::words`]), with the
    /// site's own `words:` in place and `{days}` of `about_names_reviewed` filled in.
    pub words: cited_site::words::Words,
}

/// The fixed element ids of the page templates.
#[derive(Debug, Clone, Serialize)]
pub struct IdsContext {
    /// The main content (the skip link's target).
    pub main: &'static str,
    /// The heading of a page's list of references.
    pub references: &'static str,
    /// The crisis notice's heading.
    pub crisis_heading: &'static str,
    /// The table of contents' heading.
    pub toc_heading: &'static str,
}

impl Default for IdsContext {
    fn default() -> Self {
        use cited_site::layout;
        IdsContext {
            main: layout::MAIN_ID,
            references: layout::REFERENCES_ID,
            crisis_heading: layout::CRISIS_HEADING_ID,
            toc_heading: layout::TOC_HEADING_ID,
        }
    }
}

/// Who publishes the site.
#[derive(Debug, Clone, Serialize)]
pub struct PublisherContext {
    /// Name.
    pub name: String,
    /// Web site.
    pub url: Option<String>,
    /// Contact URL (`mailto:` or `https:`).
    pub contact: Option<String>,
    /// The contact as readers see it (the address without `mailto:`).
    pub contact_label: Option<String>,
}

/// The editorial policy statements.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyContext {
    /// Days between reviews.
    pub review_interval_days: Option<u32>,
    /// Required front-matter fields.
    pub required: Vec<String>,
    /// Funding statement.
    pub funding: Option<String>,
    /// Conflicts of interest.
    pub conflicts: Option<String>,
    /// Advertising statement.
    pub advertising: Option<String>,
}

/// The crisis notice.
#[derive(Debug, Clone, Serialize)]
pub struct CrisisContext {
    /// Heading.
    pub heading: String,
    /// Body (HTML).
    pub html: String,
}

/// A navigation link.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Link text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// The page being rendered.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageContext {
    /// `article`, `checklist`, `references`, `home`, `about` or `not_found`: which template.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Description for metadata.
    pub description: String,
    /// URL path from the site root (with the base path).
    pub url: String,
    /// Absolute canonical URL.
    pub canonical_url: String,
    /// Body HTML.
    pub body_html: String,
    /// Headings for a table of contents.
    pub toc: Vec<TocEntry>,
    /// Authors.
    pub authors: Vec<PersonContext>,
    /// Clinical reviewers.
    pub reviewers: Vec<PersonContext>,
    /// Review dates.
    pub dates: Option<DatesContext>,
    /// The references this page cites (or all, on the references page).
    pub bibliography: Vec<EntryContext>,
    /// Checklists on this page.
    pub checklists: Vec<ChecklistContext>,
    /// Pages listed (home page).
    pub pages: Vec<PageLink>,
    /// JSON-LD for `<script type="application/ld+json">`, already serialised and escaped for that place.
    pub json_ld: String,
    /// Whether search engines should not index the page (`<meta name="robots" content="noindex">`;
    /// the 404 page).
    pub noindex: bool,
}

/// A heading.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 2 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// A person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonContext {
    /// Name.
    pub name: String,
    /// Credentials.
    pub credentials: Option<String>,
}

/// Publication and review dates, ISO and for display. The display form is the site's CSL
/// locale's ([`cited_csl::TextDates`]), the one its bibliography writes dates in.
#[derive(Debug, Clone, Serialize)]
pub struct DatesContext {
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// In words: `November 27, 2026` (`en`, `en-US`), `27 November 2026` (`en-GB`).
    pub published_display: Option<String>,
    /// `YYYY-MM-DD`.
    pub last_reviewed: Option<String>,
    /// Display form.
    pub last_reviewed_display: Option<String>,
    /// `YYYY-MM-DD`.
    pub next_review: Option<String>,
    /// Display form.
    pub next_review_display: Option<String>,
}

/// A bibliography entry. Serialised with two fields it does not hold, `extra_links` (its `links`
/// that its formatted text does not link already) and `item_html` (the entry marked up as one
/// list item, [`item_html`]), and without its `words` (see the `Serialize` impl).
#[derive(Debug, Clone)]
pub struct EntryContext {
    /// Citation key. This and the other fields every page's copy of the entry shares with the
    /// references page's are behind an `Arc`: a page clones them for each entry it lists.
    pub key: Arc<str>,
    /// Anchor id (`ref-<key>`).
    pub anchor: Arc<str>,
    /// The id of the entry's text, which describes its citations.
    pub text_id: Arc<str>,
    /// Citation number in numeric styles.
    pub label: Option<String>,
    /// Formatted entry (escaped HTML, no inline styles).
    pub html: String,
    /// Formatted entry as plain text.
    pub text: String,
    /// Identifier links: DOI, PubMed, PMC, URL.
    pub links: Arc<[IdentifierLink]>,
    /// Where it is cited: links back.
    pub backlinks: Vec<Backlink>,
    /// The same back links grouped by the page they are on, in the order of `backlinks`. On the
    /// references page, the first [`crate::CITING_PAGES_LISTED`] citing pages only.
    pub cited_in: Vec<CitedIn>,
    /// On the references page, how many more pages cite the entry than `cited_in` lists.
    pub cited_in_more: usize,
    /// A retraction, expression of concern or correction recorded in `references.lock`.
    pub notice: Option<NoticeContext>,
    /// The words its `item_html` says around its fields, shared by the entries of a page. Not
    /// a template value itself.
    pub words: Arc<ItemWords>,
}

impl EntryContext {
    /// The identifier links to show beside the entry: `links` without those its formatted text
    /// links already. A theme gets them as `extra_links`, computed here rather than by a filter
    /// in every theme (a quarter of the default theme's work on a page's bibliography).
    pub fn extra_links(&self) -> impl Iterator<Item = &IdentifierLink> {
        self.links.iter().filter(|link| !link.in_text)
    }
}

impl Serialize for EntryContext {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// The entry's `extra_links`, as a list.
        struct ExtraLinks<'e>(&'e EntryContext);
        impl Serialize for ExtraLinks<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.extra_links())
            }
        }
        // Taken apart field by field: a field added to the struct does not compile until it is
        // serialised too.
        let EntryContext {
            key,
            anchor,
            text_id,
            label,
            html,
            text,
            links,
            backlinks,
            cited_in,
            cited_in_more,
            notice,
            words: _,
        } = self;
        let mut entry = serializer.serialize_struct("EntryContext", 13)?;
        entry.serialize_field("key", &**key)?;
        entry.serialize_field("anchor", &**anchor)?;
        entry.serialize_field("text_id", &**text_id)?;
        entry.serialize_field("label", label)?;
        entry.serialize_field("html", html)?;
        entry.serialize_field("text", text)?;
        entry.serialize_field("links", &**links)?;
        entry.serialize_field("extra_links", &ExtraLinks(self))?;
        entry.serialize_field("backlinks", backlinks)?;
        entry.serialize_field("cited_in", cited_in)?;
        entry.serialize_field("cited_in_more", cited_in_more)?;
        entry.serialize_field("notice", notice)?;
        entry.serialize_field("item_html", &item_html(self))?;
        entry.end()
    }
}

/// A notice about a source, from `references.lock`.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeContext {
    /// `retracted`, `concern` or `corrected` (for a class name).
    pub kind: &'static str,
    /// `Retracted`, `Expression of concern` or `Corrected` (in the site's language): the
    /// visible mark.
    pub label: String,
    /// One sentence: what, when, and who recorded it.
    pub text: String,
    /// The notice itself (`https://doi.org/...` or a PubMed record), if known.
    pub url: Option<String>,
}

/// A link made from an identifier.
#[derive(Debug, Clone, Serialize)]
pub struct IdentifierLink {
    /// `DOI`, `PubMed`, `PMC` or `Web`.
    pub kind: &'static str,
    /// The identifier as shown.
    pub label: String,
    /// The URL.
    pub url: String,
    /// Whether the formatted entry links this URL already (a style that prints the DOI or the
    /// URL): then the list need not show the identifier again.
    pub in_text: bool,
}

/// A link from an entry back to a citation of it.
#[derive(Debug, Clone, Serialize)]
pub struct Backlink {
    /// URL with the citation's anchor. Shared with the entry's `cited_in`, which lists it
    /// again.
    pub url: Arc<str>,
    /// Where (page title) for the accessible name: one string for every back link to the page.
    pub page_title: Arc<str>,
    /// 1, 2, 3... per entry.
    pub n: usize,
}

/// The back links of an entry on one page: "Cited in: `<page title>` ↩ 1 2 3".
#[derive(Debug, Clone, Serialize)]
pub struct CitedIn {
    /// The page's title.
    pub page_title: Arc<str>,
    /// The page's URL (without an anchor).
    pub page_url: String,
    /// The citations on that page, numbered 1, 2, 3… within the page.
    pub links: Vec<Backlink>,
}

/// A checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistContext {
    /// Id.
    pub id: String,
    /// The `id` attribute prefix unique on the page (two checklists never clash).
    pub dom_id: String,
    /// Whether it is shown inside a page (its headings sit one level lower) rather than on its
    /// own page.
    pub embedded: bool,
    /// The id of the section holding the form (`checklist-<dom_id>`), the target of
    /// `[…](#checklist-<id>)`.
    pub section_id: String,
    /// The id of the checklist's title, which labels the form.
    pub title_id: String,
    /// Title.
    pub title: String,
    /// Intro (HTML).
    pub intro_html: String,
    /// Items.
    pub items: Vec<ChecklistItemContext>,
    /// Guidance, one per range of counts.
    pub guidance: Vec<GuidanceContext>,
    /// The versioned localStorage key (changes when the items change).
    pub storage_key: String,
    /// URL of the standalone page.
    pub url: String,
    /// Number of items.
    pub count: usize,
}

/// One checklist item.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItemContext {
    /// Item id (form value).
    pub id: String,
    /// The input's `id` attribute.
    pub field_id: String,
    /// Label (plain text).
    pub label: String,
    /// Detail (HTML).
    pub detail_html: String,
}

/// Guidance for a range of ticked counts.
#[derive(Debug, Clone, Serialize)]
pub struct GuidanceContext {
    /// Fewest ticked.
    pub min: usize,
    /// Most ticked.
    pub max: usize,
    /// Text (HTML).
    pub html: String,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description.
    pub description: String,
}
