//! Checklists: `content/**/*.yaml` files other than `site.yaml`.

use serde::Deserialize;

use crate::markdown::{Document, OffsetMap};
use crate::source::FileId;
use crate::yaml::Located;

/// A checklist as written in YAML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSource {
    /// Its id: the URL segment under `/checklists/` and what a ```` ```checklist ```` block names.
    pub id: Located<String>,
    /// The title.
    pub title: Located<String>,
    /// Markdown shown before the items.
    #[serde(default)]
    pub intro: Option<Located<String>>,
    /// The items.
    pub items: Located<Vec<ItemSource>>,
    /// What to show for how many items are ticked.
    pub guidance: Located<Vec<GuidanceSource>>,
}

/// One item as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSource {
    /// Stable id (the form field's value).
    pub id: Located<String>,
    /// The label next to the checkbox (plain text).
    pub label: Located<String>,
    /// Markdown explanation, with citations.
    #[serde(default)]
    pub detail: Option<Located<String>>,
}

/// Guidance as written: `when` is a count (`"2"`) or an inclusive range (`"3-5"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceSource {
    /// Which counts it applies to.
    pub when: Located<String>,
    /// Markdown text.
    pub text: Located<String>,
}

/// A loaded checklist, its markdown parsed.
#[derive(Debug)]
pub struct Checklist {
    /// The YAML file.
    pub file: FileId,
    /// The source as written.
    pub source: ChecklistSource,
    /// The parsed intro.
    pub intro: Option<Document>,
    /// Each item's parsed detail, in item order.
    pub details: Vec<Option<Document>>,
    /// Each guidance entry's parsed text and its range of counts (`None` if `when` is malformed).
    pub guidance: Vec<(Option<(usize, usize)>, Document)>,
    /// The plain-text fields (the title, then each item's label), parsed for the claim checker
    /// only: they are published as written, so they cannot cite. An opt-out marker in one is
    /// taken out of the published text (`source` holds the text without it).
    pub plain: Vec<(PlainField, Document)>,
}

/// Which plain-text field a document parsed for the claim checker only is: a checklist's
/// [`Checklist::plain`], or a page's [`crate::Page::title_doc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlainField {
    /// The checklist's `title`.
    Title,
    /// An item's `label`.
    Label,
    /// A page's `title` (its heading, published as written).
    PageTitle,
    /// A page's `description` (its summary on the home page, in link previews and the feed).
    PageDescription,
    /// The site's `description` in `site.yaml` (the home page's, and the pages' metadata).
    SiteDescription,
}

impl Checklist {
    /// The checklist in the file `file`, whose text is `text`, as the load reads it (and
    /// `cited serve` reads it again after a save), or why its YAML does not make one.
    pub fn parse(file: FileId, text: &str) -> Result<Checklist, crate::Diagnostic> {
        crate::yaml::parse::<ChecklistSource>(file, 0, text)
            .map(|source| Checklist::new(file, text, source))
    }

    /// Parses the markdown fields of a checklist read from `text` (the whole YAML file).
    pub fn new(file: FileId, text: &str, mut source: ChecklistSource) -> Checklist {
        let md = |value: &Located<String>| {
            Document::parse_embedded(
                file,
                OffsetMap::for_yaml_scalar(&value.value, text, &value.span.range),
                &value.value,
            )
        };
        let intro = source.intro.as_ref().map(md);
        let details = source
            .items
            .value
            .iter()
            .map(|i| i.detail.as_ref().map(md))
            .collect();
        let guidance = source
            .guidance
            .value
            .iter()
            .map(|g| (parse_when(&g.when.value), md(&g.text)))
            .collect();
        let mut plain = vec![(PlainField::Title, plain_field(md, &mut source.title))];
        for item in &mut source.items.value {
            plain.push((PlainField::Label, plain_field(md, &mut item.label)));
        }
        Checklist {
            file,
            source,
            intro,
            details,
            guidance,
            plain,
        }
    }

    /// The checklist id.
    pub fn id(&self) -> &str {
        &self.source.id.value
    }

    /// All markdown of the checklist, for checks that look at every document.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.intro
            .iter()
            .chain(self.details.iter().flatten())
            .chain(self.guidance.iter().map(|(_, d)| d))
    }
}

/// Parses a plain-text field for the claim checker, and takes its opt-out markers out of the
/// text that is published.
pub(crate) fn plain_field(
    md: impl Fn(&Located<String>) -> Document,
    field: &mut Located<String>,
) -> Document {
    let doc = md(field);
    if !doc.markers.is_empty() {
        let mut published = String::new();
        let mut from = 0;
        for marker in &doc.markers {
            let before = field.value.get(from..marker.range.start).unwrap_or("");
            published.push_str(before);
            from = marker.range.end.max(from);
        }
        published.push_str(field.value.get(from..).unwrap_or(""));
        field.value = published.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    doc
}

/// `"2"` → (2, 2); `"3-5"` or `"3–5"` → (3, 5).
pub fn parse_when(when: &str) -> Option<(usize, usize)> {
    let when = when.trim();
    match when.split_once(['-', '–']) {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => when.parse().ok().map(|n| (n, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_leaves_the_published_plain_text() {
        let text = "id: c\ntitle: \"10 questions <!-- cited: not-a-claim: a count --> to ask\"\nitems:\n  - {id: a, label: \"One [@k]\"}\nguidance: []\n";
        let source: ChecklistSource = match crate::yaml::parse(FileId(0), 0, text) {
            Ok(s) => s,
            Err(e) => panic!("{e:?}"),
        };
        let c = Checklist::new(FileId(0), text, source);
        assert_eq!(c.source.title.value, "10 questions to ask");
        assert_eq!(c.plain.len(), 2);
        assert_eq!(c.plain[0].0, PlainField::Title);
        assert_eq!(c.plain[0].1.markers.len(), 1);
        assert_eq!(c.plain[1].1.citations.len(), 1);
        assert_eq!(c.source.items.value[0].label.value, "One [@k]");
    }

    #[test]
    fn when_accepts_counts_and_ranges() {
        assert_eq!(parse_when("0"), Some((0, 0)));
        assert_eq!(parse_when("3-5"), Some((3, 5)));
        assert_eq!(parse_when(" 1 – 2 "), Some((1, 2)));
        assert_eq!(parse_when("5-3"), None);
        assert_eq!(parse_when("some"), None);
    }
}
