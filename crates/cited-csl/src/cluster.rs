//! The input of formatting: one cited source of a citation cluster, and its locator.

/// One cited source within a citation: `[see @key, p. 4]`.
///
/// `prefix` is placed before the item, followed by a space unless it already ends
/// with whitespace; `suffix` is placed after the item, preceded by a space if it
/// starts with a letter or digit. Both go inside the style's citation affixes
/// (so inside the parentheses of APA or the superscript of AMA).
/// `suppress_author` removes the author names (author-date styles: `(2019, p. 4)`);
/// it has no effect on styles whose citations show no names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    pub locator: Option<Locator>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub suppress_author: bool,
    /// Pandoc's author-in-text citation (`@key`, `@key [p. 4]`): the form for a sentence's
    /// subject, "Hansen et al. (2002)" in APA, "Hansen et al.¹" in AMA.
    pub author_in_text: bool,
}

impl CiteItem {
    /// A plain citation of `key`, without locator or affixes.
    pub fn new(key: impl Into<String>) -> Self {
        CiteItem {
            key: key.into(),
            ..CiteItem::default()
        }
    }
}

/// A CSL locator: `label` is a CSL locator term ("page", "chapter", "section", "figure",
/// "table", "paragraph", "line", "volume", "note", ...), `value` e.g. "3-5".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub label: String,
    pub value: String,
}

/// The CSL locator terms accepted in [`Locator::label`].
pub const LOCATOR_LABELS: &[&str] = &[
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title",
    "title-locator",
    "verse",
    "volume",
];
