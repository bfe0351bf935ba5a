//! The context lent to MiniJinja: objects that read a page's context where it lies.
//!
//! Serialised into template values, a page's context was copied string by string, with a map
//! built for every struct: for a page citing 25 sources about a thousand allocations, most of
//! them for fields a theme never reads (an entry's plain `text`, its `backlinks` beside
//! `cited_in`), all dropped again after the page. Lent, the page stays one `Arc<PageContext>`
//! and a field becomes a value only when a template reads it; the site's context, the same for
//! every page, is made into a value once ([`LentSite`]).
//!
//! Templates see the same values either way: each field is the value serialising it gives
//! (`tests/contract.rs` renders a fully populated context both ways and compares), and every
//! struct here is taken apart field by field, so a field added to the contract does not compile
//! until it is lent too. Tera receives the serialised context.

use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};

use super::{
    Backlink, CONTRACT_VERSION, CitedIn, EntryContext, IdentifierLink, PageContext, SiteContext,
};

/// A site's context as MiniJinja receives it, made once for all the pages of a render.
#[derive(Debug)]
pub struct LentSite<'a> {
    context: &'a SiteContext,
    value: Value,
}

impl<'a> LentSite<'a> {
    /// Makes `site` into a template value.
    pub fn new(site: &'a SiteContext) -> Self {
        LentSite {
            context: site,
            value: Value::from(Serde(site)),
        }
    }

    /// The site's context itself.
    pub fn context(&self) -> &'a SiteContext {
        self.context
    }
}

/// The root of a page's context as MiniJinja receives it: [`super::Context`], the page lent.
pub fn lend(site: &LentSite<'_>, page: &Arc<PageContext>) -> Value {
    Value::from_object(Root {
        site: site.value.clone(),
        page: Value::from_object(LentPage {
            page: Arc::clone(page),
            values: Default::default(),
        }),
    })
}

/// The field `key` names, when `key` is a string: a serialised struct finds nothing by any other
/// key either.
fn by_str<T: Object + 'static>(object: &Arc<T>, key: &Value) -> Option<Value> {
    object.get_value_by_str(key.as_str()?)
}

/// `text`, as serialising it gives.
fn text(text: &str) -> Value {
    Value::from(text)
}

/// An optional text: none or the text.
fn optional(value: Option<&str>) -> Value {
    value.map_or(Value::from(()), Value::from)
}

#[derive(Debug)]
struct Root {
    site: Value,
    page: Value,
}

const ROOT_FIELDS: &[&str] = &["contract", "site", "page"];

impl Object for Root {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        by_str(self, key)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "contract" => Some(Value::from(CONTRACT_VERSION)),
            "site" => Some(self.site.clone()),
            "page" => Some(self.page.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(ROOT_FIELDS)
    }
}

/// [`PageContext`]'s fields, in its order (a serialised struct enumerates its fields in order).
const PAGE_FIELDS: [&str; 15] = [
    "kind",
    "title",
    "description",
    "url",
    "canonical_url",
    "body_html",
    "toc",
    "authors",
    "reviewers",
    "dates",
    "bibliography",
    "checklists",
    "pages",
    "json_ld",
    "noindex",
];

/// The page: each field made into a value when first read, and kept for the next read (a
/// template may read `page.pages`, the home page's list of every page, in a loop).
#[derive(Debug)]
struct LentPage {
    page: Arc<PageContext>,
    values: [OnceLock<Value>; PAGE_FIELDS.len()],
}

impl LentPage {
    fn make(&self, field: &str) -> Value {
        let PageContext {
            kind,
            title,
            description,
            url,
            canonical_url,
            body_html,
            toc,
            authors,
            reviewers,
            dates,
            bibliography: _,
            checklists,
            pages,
            json_ld,
            noindex,
        } = &*self.page;
        match field {
            "kind" => text(kind),
            "title" => text(title),
            "description" => text(description),
            "url" => text(url),
            "canonical_url" => text(canonical_url),
            "body_html" => text(body_html),
            "toc" => Value::from(Serde(toc)),
            "authors" => Value::from(Serde(authors)),
            "reviewers" => Value::from(Serde(reviewers)),
            "dates" => Value::from(Serde(dates)),
            "bibliography" => List::value(&self.page, ListOf::Bibliography),
            "checklists" => Value::from(Serde(checklists)),
            "pages" => Value::from(Serde(pages)),
            "json_ld" => text(json_ld),
            "noindex" => Value::from(*noindex),
            _ => Value::UNDEFINED,
        }
    }
}

impl Object for LentPage {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        by_str(self, key)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let at = PAGE_FIELDS.iter().position(|field| *field == key)?;
        Some(self.values[at].get_or_init(|| self.make(key)).clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&PAGE_FIELDS)
    }
}

/// A list inside the page's bibliography.
#[derive(Debug, Clone, Copy)]
enum ListOf {
    Bibliography,
    /// An entry's identifier links.
    Links(usize),
    /// The entry's identifier links its text does not link already.
    ExtraLinks(usize),
    /// An entry's back links.
    Backlinks(usize),
    /// An entry's back links by page.
    CitedIn(usize),
    /// The back links of one page of an entry's `cited_in`.
    CitedInLinks(usize, usize),
}

/// A struct inside the page's bibliography.
#[derive(Debug, Clone, Copy)]
enum At {
    Entry(usize),
    Link(usize, usize),
    Backlink(usize, usize),
    CitedIn(usize, usize),
    CitedInLink(usize, usize, usize),
}

/// A list of the page's bibliography, lent: its items are made when read.
#[derive(Debug)]
struct List {
    page: Arc<PageContext>,
    of: ListOf,
}

impl List {
    fn value(page: &Arc<PageContext>, of: ListOf) -> Value {
        Value::from_object(List {
            page: Arc::clone(page),
            of,
        })
    }

    fn len(&self) -> usize {
        let entry = |e: usize| self.page.bibliography.get(e);
        match self.of {
            ListOf::Bibliography => self.page.bibliography.len(),
            ListOf::Links(e) => entry(e).map_or(0, |e| e.links.len()),
            ListOf::ExtraLinks(e) => entry(e).map_or(0, |e| e.extra_links().count()),
            ListOf::Backlinks(e) => entry(e).map_or(0, |e| e.backlinks.len()),
            ListOf::CitedIn(e) => entry(e).map_or(0, |e| e.cited_in.len()),
            ListOf::CitedInLinks(e, g) => entry(e)
                .and_then(|e| e.cited_in.get(g))
                .map_or(0, |g| g.links.len()),
        }
    }

    fn at(&self, i: usize) -> At {
        match self.of {
            ListOf::Bibliography => At::Entry(i),
            ListOf::Links(e) => At::Link(e, i),
            // The `i`th link not in the text, by its place among all the links.
            ListOf::ExtraLinks(e) => {
                let links = self.page.bibliography.get(e).map_or(&[][..], |e| &e.links);
                let at = links
                    .iter()
                    .enumerate()
                    .filter(|(_, link)| !link.in_text)
                    .nth(i)
                    .map_or(links.len(), |(at, _)| at);
                At::Link(e, at)
            }
            ListOf::Backlinks(e) => At::Backlink(e, i),
            ListOf::CitedIn(e) => At::CitedIn(e, i),
            ListOf::CitedInLinks(e, g) => At::CitedInLink(e, g, i),
        }
    }
}

impl Object for List {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        (i < self.len()).then(|| {
            Value::from_object(Item {
                page: Arc::clone(&self.page),
                at: self.at(i),
            })
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.len())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.len())
    }
}

/// An entry of the page's bibliography, or a struct inside one, lent.
#[derive(Debug)]
struct Item {
    page: Arc<PageContext>,
    at: At,
}

const ENTRY_FIELDS: &[&str] = &[
    "key",
    "anchor",
    "text_id",
    "label",
    "html",
    "text",
    "links",
    "extra_links",
    "backlinks",
    "cited_in",
    "cited_in_more",
    "notice",
    "item_html",
];
const LINK_FIELDS: &[&str] = &["kind", "label", "url", "in_text"];
const BACKLINK_FIELDS: &[&str] = &["url", "page_title", "n"];
const CITED_IN_FIELDS: &[&str] = &["page_title", "page_url", "links"];

impl Item {
    fn entry(&self, e: usize) -> Option<&EntryContext> {
        self.page.bibliography.get(e)
    }

    fn cited_in(&self, e: usize, g: usize) -> Option<&CitedIn> {
        self.entry(e)?.cited_in.get(g)
    }

    fn entry_field(&self, e: usize, field: &str) -> Option<Value> {
        let EntryContext {
            key,
            anchor,
            text_id,
            label,
            html,
            text: plain,
            links: _,
            backlinks: _,
            cited_in: _,
            cited_in_more,
            notice,
            words: _,
        } = self.entry(e)?;
        Some(match field {
            // Shared, not copied: these are the references page's strings.
            "key" => Value::from(Arc::clone(key)),
            "anchor" => Value::from(Arc::clone(anchor)),
            "text_id" => Value::from(Arc::clone(text_id)),
            "label" => optional(label.as_deref()),
            "html" => text(html),
            "text" => text(plain),
            "links" => List::value(&self.page, ListOf::Links(e)),
            "extra_links" => List::value(&self.page, ListOf::ExtraLinks(e)),
            "backlinks" => List::value(&self.page, ListOf::Backlinks(e)),
            "cited_in" => List::value(&self.page, ListOf::CitedIn(e)),
            "cited_in_more" => Value::from(*cited_in_more),
            "notice" => Value::from(Serde(notice)),
            "item_html" => Value::from(super::item_html(self.entry(e)?)),
            _ => return None,
        })
    }

    fn link_field(link: &IdentifierLink, field: &str) -> Option<Value> {
        let IdentifierLink {
            kind,
            label,
            url,
            in_text,
        } = link;
        Some(match field {
            "kind" => text(kind),
            "label" => text(label),
            "url" => text(url),
            "in_text" => Value::from(*in_text),
            _ => return None,
        })
    }

    fn backlink_field(link: &Backlink, field: &str) -> Option<Value> {
        let Backlink { url, page_title, n } = link;
        Some(match field {
            "url" => text(url),
            "page_title" => text(page_title),
            "n" => Value::from(*n),
            _ => return None,
        })
    }

    fn cited_in_field(&self, e: usize, g: usize, field: &str) -> Option<Value> {
        let CitedIn {
            page_title,
            page_url,
            links: _,
        } = self.cited_in(e, g)?;
        Some(match field {
            "page_title" => text(page_title),
            "page_url" => text(page_url),
            "links" => List::value(&self.page, ListOf::CitedInLinks(e, g)),
            _ => return None,
        })
    }
}

impl Object for Item {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        by_str(self, key)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match self.at {
            At::Entry(e) => self.entry_field(e, key),
            At::Link(e, l) => Self::link_field(self.entry(e)?.links.get(l)?, key),
            At::Backlink(e, b) => Self::backlink_field(self.entry(e)?.backlinks.get(b)?, key),
            At::CitedIn(e, g) => self.cited_in_field(e, g, key),
            At::CitedInLink(e, g, b) => {
                Self::backlink_field(self.cited_in(e, g)?.links.get(b)?, key)
            }
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(match self.at {
            At::Entry(_) => ENTRY_FIELDS,
            At::Link(..) => LINK_FIELDS,
            At::Backlink(..) | At::CitedInLink(..) => BACKLINK_FIELDS,
            At::CitedIn(..) => CITED_IN_FIELDS,
        })
    }
}
