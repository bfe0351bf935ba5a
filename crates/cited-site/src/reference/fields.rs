//! The names a reference item may use: CSL's fields and item types, the other formats' names for
//! CSL fields (an error, since Pandoc would drop the value), and the item types tools write that
//! CSL has not. The reader checks each item's field names against these tables, and the checker
//! (and `cited add`) its `type`; they are long lists, kept apart from the reading they serve.

/// Every variable of CSL 1.0.2 plus the fields Zotero and Pandoc write in CSL-JSON. Others (Zotero's
/// `seeAlso`, Crossref's `indexed`, `translated-title`) are ignored with a warning, as Pandoc
/// ignores them.
pub const CSL_FIELDS: &[&str] = &[
    "id",
    "type",
    "citation-key",
    "categories",
    "language",
    "license",
    "journalAbbreviation",
    "shortTitle",
    "author",
    "chair",
    "collection-editor",
    "compiler",
    "composer",
    "container-author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editorial-director",
    "executive-producer",
    "guest",
    "host",
    "interviewer",
    "illustrator",
    "narrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "recipient",
    "reviewed-author",
    "script-writer",
    "series-creator",
    "translator",
    "accessed",
    "available-date",
    "event-date",
    "issued",
    "original-date",
    "submitted",
    "abstract",
    "annote",
    "archive",
    "archive_collection",
    "archive_location",
    "archive-place",
    "authority",
    "call-number",
    "chapter-number",
    "citation-number",
    "citation-label",
    "collection-number",
    "collection-title",
    "container-title",
    "container-title-short",
    "dimensions",
    "division",
    "DOI",
    "edition",
    "event",
    "event-title",
    "event-place",
    "first-reference-note-number",
    "genre",
    "ISBN",
    "ISSN",
    "issue",
    "jurisdiction",
    "keyword",
    "locator",
    "medium",
    "note",
    "number",
    "number-of-pages",
    "number-of-volumes",
    "original-publisher",
    "original-publisher-place",
    "original-title",
    "page",
    "page-first",
    "part",
    "part-number",
    "part-title",
    "PMCID",
    "PMID",
    "printing",
    "printing-number",
    "publisher",
    "publisher-place",
    "references",
    "reviewed-genre",
    "reviewed-title",
    "scale",
    "section",
    "source",
    "status",
    "supplement",
    "supplement-number",
    "title",
    "title-short",
    "URL",
    "version",
    "volume",
    "volume-title",
    "volume-title-short",
    "year-suffix",
    "custom",
    "findings",
];

/// The name variables among [`CSL_FIELDS`]: lists of names, not text. They stand together there,
/// from `author` to `translator` (the test below holds the bounds).
pub const NAME_FIELDS: &[&str] = CSL_FIELDS.split_at(8).1.split_at(26).0;

/// The CSL item types.
pub const CSL_TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// Field names other formats use (BibTeX's above all), which CSL spells otherwise, and the CSL
/// field each means. Pandoc ignores them in CSL-YAML and CSL-JSON, so the value would be left
/// out of every entry: an error (E0003) that names the CSL field, where another unknown field
/// is a warning.
pub const FIELD_ALIASES: &[(&str, &str)] = &[
    ("journal", "container-title"),
    ("journaltitle", "container-title"),
    ("journal-title", "container-title"),
    ("booktitle", "container-title"),
    ("series", "collection-title"),
    ("year", "issued"),
    ("date", "issued"),
    ("pages", "page"),
    ("authors", "author"),
    ("editors", "editor"),
    ("address", "publisher-place"),
    ("location", "publisher-place"),
    ("institution", "publisher"),
    ("school", "publisher"),
    ("organization", "publisher"),
    ("urldate", "accessed"),
    ("keywords", "keyword"),
];

/// Item types outside CSL that tools write, and the CSL type whose format the writer most likely
/// wants, where there is one. Pandoc's citeproc keeps a type as written: it matches no `type`
/// condition of a style, which formats the item in its generic branch; so does cited. Pandoc
/// writes BibTeX's `misc` as the empty type.
pub const TOOL_TYPES: &[(&str, Option<&str>)] = &[
    ("", None),
    ("misc", None),
    ("generic", None),
    ("website", Some("webpage")),
    ("online", Some("webpage")),
    ("web", Some("webpage")),
    ("electronic", Some("webpage")),
    ("blog", Some("post-weblog")),
    ("journal-article", Some("article-journal")),
    ("conference-paper", Some("paper-conference")),
    ("book-chapter", Some("chapter")),
    ("preprint", Some("article")),
    ("unpublished", Some("manuscript")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_fields_are_the_names_block_of_the_csl_fields() {
        assert_eq!(NAME_FIELDS.first(), Some(&"author"));
        assert_eq!(NAME_FIELDS.last(), Some(&"translator"));
        assert!(NAME_FIELDS.contains(&"reviewed-author"));
        let after = CSL_FIELDS
            .iter()
            .position(|f| *f == "translator")
            .map(|i| CSL_FIELDS[i + 1]);
        assert_eq!(
            after,
            Some("accessed"),
            "the first field after the names is a date"
        );
    }
}
