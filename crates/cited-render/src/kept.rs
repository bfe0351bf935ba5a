//! Pages kept from one render for the next: `cited serve` renders again only the pages a save
//! touched, and takes the others' files and summaries from here.

use foldhash::HashMap;
use std::sync::Arc;

use crate::cite::Unit;
use crate::images::ImageMemo;
use crate::metadata::Summary;

/// One page as a render left it: its output file and what the site-wide pages need of it.
#[derive(Debug, Clone)]
pub struct KeptPage {
    /// The output path.
    pub path: String,
    /// The file, shared with the sink that stores it ([`crate::Sink::put_shared`]).
    pub bytes: Arc<[u8]>,
    /// Its title, URL, description and dates, for the home page, the sitemap and the feed.
    pub summary: Summary,
}

/// Pages rendered earlier, by unit, for [`crate::render_reusing`] to hand over again instead of
/// rendering them. A page's file depends on its own text, the references it cites (and those its
/// citations must be told apart from), the checklists it embeds, the style, the theme,
/// `site.yaml`, the pictures it shows and where other pages' files lead (`.md` links): the caller
/// keeps a page only while all of these are as they were when it rendered, and
/// [`KeptPages::forget`]s it (or [`KeptPages::clear`]s them all) when one changes. A standalone
/// checklist's page shows the byline and dates of the page that embeds it, so it is always
/// rendered again (there are few).
///
/// The references page is kept too, with what each unit gave it (its URL, title and the
/// citations it made, for the back links): it is handed over again while every unit gives
/// exactly that, which a kept page does by construction.
#[derive(Debug, Clone, Default)]
pub struct KeptPages {
    by_unit: HashMap<Unit, KeptPage>,
    backlinks: HashMap<Unit, Backlinks>,
    references: Option<KeptPage>,
    /// Each unit's summary as the site-wide pages last saw it, serialised (`None`: the
    /// references page's).
    summaries: HashMap<Option<Unit>, String>,
    /// The site-wide files made from the summaries (home, about, 404, sitemap, robots, feed).
    site_files: Option<Vec<SiteFile>>,
    /// The pictures the last render processed. They depend on their bytes alone, so nothing the
    /// caller forgets makes them invalid: [`KeptPages::clear`] keeps them.
    images: Arc<ImageMemo>,
}

/// A site-wide file: its output path and bytes.
pub(crate) type SiteFile = (String, Arc<[u8]>);

/// What a unit gives the references page: its URL, its title, and the (key, anchor) of every
/// citation it makes.
pub(crate) type Backlinks = (String, String, Vec<(String, String)>);

impl KeptPages {
    /// The page kept for `unit`, if it may be handed over as it is.
    pub(crate) fn reusable(&self, unit: Unit) -> Option<&KeptPage> {
        match unit {
            Unit::Page(_) => self.by_unit.get(&unit),
            Unit::Checklist(_) => None,
        }
    }

    /// Keeps `page` as `unit`'s, and what it gives the references page.
    pub(crate) fn keep(&mut self, unit: Unit, page: KeptPage, backlinks: Backlinks) {
        self.by_unit.insert(unit, page);
        self.backlinks.insert(unit, backlinks);
    }

    /// The references page, if every unit not kept gives it what it gave it last time
    /// (`backlinks` says what a unit gives it now).
    pub(crate) fn references(
        &self,
        units: &[Unit],
        backlinks: impl Fn(Unit) -> Backlinks,
    ) -> Option<&KeptPage> {
        let page = self.references.as_ref()?;
        units
            .iter()
            .all(|&unit| {
                self.reusable(unit).is_some()
                    || self
                        .backlinks
                        .get(&unit)
                        .is_some_and(|b| *b == backlinks(unit))
            })
            .then_some(page)
    }

    /// Notes `unit`'s summary as the site-wide pages see it now; says whether it differs from
    /// the one they saw last time.
    pub(crate) fn summary_changed(&mut self, unit: Option<Unit>, summary: &Summary) -> bool {
        // Serialising a summary cannot fail (its keys are strings); an empty text never
        // matches a kept one, so the site-wide pages are made again should it ever.
        let now = serde_json::to_string(summary).unwrap_or_default();
        let changed = now.is_empty() || self.summaries.get(&unit) != Some(&now);
        self.summaries.insert(unit, now);
        changed
    }

    /// The site-wide files, if kept.
    pub(crate) fn site_files(&self) -> Option<&[SiteFile]> {
        self.site_files.as_deref()
    }

    /// Keeps the site-wide files.
    pub(crate) fn keep_site_files(&mut self, files: Vec<SiteFile>) {
        self.site_files = Some(files);
    }

    /// The pictures processed by the last render.
    pub(crate) fn images(&self) -> &ImageMemo {
        &self.images
    }

    /// Keeps the references page.
    pub(crate) fn keep_references(&mut self, page: KeptPage) {
        self.references = Some(page);
    }

    /// Forgets page `index` of the site: it renders again next time.
    pub fn forget(&mut self, index: usize) {
        self.by_unit.remove(&Unit::Page(index));
    }

    /// Forgets the references page: it renders again next time (its entries changed).
    pub fn forget_references_page(&mut self) {
        self.references = None;
    }

    /// Forgets every page. What they held is freed on a thread of its own
    /// ([`crate::drop_aside`]): at 10,000 pages, freeing it here was a quarter of a second
    /// before the build after a save of the theme could start (most of it the first touch of
    /// each page's shared bytes since they were written).
    pub fn clear(&mut self) {
        if self.by_unit.is_empty()
            && self.backlinks.is_empty()
            && self.references.is_none()
            && self.summaries.is_empty()
            && self.site_files.is_none()
        {
            return;
        }
        crate::drop_aside((
            std::mem::take(&mut self.by_unit),
            std::mem::take(&mut self.backlinks),
            self.references.take(),
            std::mem::take(&mut self.summaries),
            self.site_files.take(),
        ));
    }

    /// How many pages are kept.
    pub fn len(&self) -> usize {
        self.by_unit.len()
    }

    /// Whether no page is kept.
    pub fn is_empty(&self) -> bool {
        self.by_unit.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> KeptPage {
        KeptPage {
            path: path.to_owned(),
            bytes: Arc::from(path.as_bytes()),
            summary: Summary::default(),
        }
    }

    fn given(unit: Unit) -> Backlinks {
        (
            format!("/{unit:?}/"),
            "Title".to_owned(),
            vec![("key".to_owned(), "cite-1".to_owned())],
        )
    }

    #[test]
    fn the_references_page_is_kept_while_every_unit_gives_it_the_same() {
        let units = [Unit::Page(0), Unit::Page(1), Unit::Checklist(0)];
        let mut kept = KeptPages::default();
        for unit in units {
            kept.keep(unit, page("x"), given(unit));
        }
        assert!(kept.references(&units, given).is_none(), "none kept yet");
        kept.keep_references(page("references/index.html"));
        assert!(kept.references(&units, given).is_some());
        // A page rendered again that gives the same back links.
        kept.forget(1);
        assert!(kept.reusable(Unit::Page(1)).is_none());
        assert!(kept.references(&units, given).is_some());
        let retitled = |unit: Unit| {
            let mut b = given(unit);
            if unit == Unit::Page(1) {
                b.1 = "Another title".to_owned();
            }
            b
        };
        assert!(kept.references(&units, retitled).is_none());
        // A standalone checklist is never reused, so it is always compared.
        let uncited = |unit: Unit| {
            let mut b = given(unit);
            if unit == Unit::Checklist(0) {
                b.2.clear();
            }
            b
        };
        assert!(kept.reusable(Unit::Checklist(0)).is_none());
        assert!(kept.references(&units, uncited).is_none());
        kept.clear();
        assert!(kept.is_empty());
        assert!(kept.references(&units, given).is_none());
    }

    #[test]
    fn a_summary_is_changed_when_it_differs_from_the_last_one_seen() {
        let mut kept = KeptPages::default();
        let mut summary = Summary {
            title: "One".to_owned(),
            ..Summary::default()
        };
        assert!(
            kept.summary_changed(Some(Unit::Page(0)), &summary),
            "first seen"
        );
        assert!(!kept.summary_changed(Some(Unit::Page(0)), &summary));
        summary.title = "Two".to_owned();
        assert!(kept.summary_changed(Some(Unit::Page(0)), &summary));
        assert!(
            kept.summary_changed(None, &summary),
            "the references page's is its own"
        );
        kept.clear();
        assert!(kept.summary_changed(Some(Unit::Page(0)), &summary));
    }
}
