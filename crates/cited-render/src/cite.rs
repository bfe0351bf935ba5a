//! Citations of the whole site, formatted once: every item of every citation goes through one CSL
//! driver pass, so numbering and disambiguation are site-wide and each reference is formatted once.

use cited_site::Code;
use std::collections::HashMap;

use cited_site::Document;
use cited_site::Site;
use cited_site::Span;
use cited_site::{Diagnostic, did_you_mean};

use cited_csl::{self as csl, CitationStyle, FormattedEntry};

/// A document's place in the site-wide citation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    /// File of the document.
    pub file: u32,
    /// Start of its text in the file (pages: body start; checklist fields: their value).
    pub start: usize,
}

impl DocKey {
    /// The key of a document.
    pub fn of(doc: &Document) -> DocKey {
        DocKey {
            file: doc.file.0,
            start: doc.map.map(0),
        }
    }
}

/// The formatted citations and bibliography.
pub struct Citations {
    /// Per document: per citation, the style's formatted cluster in pieces (one per item, and the
    /// text between them).
    per_doc: HashMap<DocKey, Vec<Vec<csl::Piece>>>,
    /// Entries in the style's order.
    pub entries: Vec<FormattedEntry>,
    /// Key → index in `entries`, so a page finds its entries without scanning the bibliography.
    positions: HashMap<String, usize>,
    /// Key → the anchor of its entry ([`cited_site::layout::reference_anchors`]).
    anchors: HashMap<String, String>,
}

/// Resolves the site's citation style.
pub fn style(site: &Site) -> Result<CitationStyle, Diagnostic> {
    let name = site.config.as_ref().and_then(|c| c.citation_style.clone());
    if let Some((file, text)) = &site.csl_style {
        return CitationStyle::from_csl_xml(text).map_err(|e| {
            let at = match e.subject {
                csl::Subject::Style { offset: Some(at) } => at..at,
                _ => 0..0,
            };
            let hint = if e.subject == csl::Subject::DependentStyle {
                "cited reads independent CSL 1.0 styles; dependent styles name their parent in `<link rel=\"independent-parent\">`: use that one"
            } else {
                "fix the style at this place, or start from a style of the CSL repository"
            };
            Diagnostic::new(Code::E0009, Span::new(*file, at), format!("the CSL style cannot be used: {}", e.message))
                .with_hint(hint)
        });
    }
    let name_str = name
        .as_ref()
        .map_or(cited_site::DEFAULT_CITATION_STYLE, |n| n.value.as_str());
    CitationStyle::bundled(name_str).ok_or_else(|| {
        let span = name.as_ref().map_or_else(|| Span::new(cited_site::FileId(0), 0..0), |n| n.span.clone());
        let names = CitationStyle::bundled_names();
        let mut d = Diagnostic::new(Code::E0009, span, format!("`{name_str}` is not a bundled citation style"));
        d.hint = Some(match did_you_mean(name_str, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "name a bundled style such as `american-medical-association` or `apa`, or a path to a .csl file".to_owned(),
        });
        d
    })
}

/// Formats every citation of the site.
pub fn format(site: &Site, style: &CitationStyle) -> Result<Citations, Vec<Diagnostic>> {
    let mut clusters = Vec::new();
    let mut order: Vec<(DocKey, usize)> = Vec::new();
    for doc in site.documents() {
        let key = DocKey::of(doc);
        for (ci, citation) in doc.citations.iter().enumerate() {
            clusters.push(
                citation
                    .items
                    .iter()
                    .map(|item| csl::CiteItem {
                        key: item.key.clone(),
                        locator: item.locator.as_ref().map(|l| csl::Locator {
                            label: l.label.clone(),
                            value: l.value.clone(),
                        }),
                        prefix: item.prefix.clone(),
                        suffix: item.suffix.clone(),
                        suppress_author: item.suppress_author,
                    })
                    .collect(),
            );
            order.push((key, ci));
        }
    }
    let references: Vec<(String, serde_json::Value)> = site
        .references
        .iter()
        .map(|r| (r.key.value.clone(), r.csl_json()))
        .collect();
    // Every item the engine would refuse, each at its faulty field, before the one pass that
    // would stop at the first.
    let refused: Vec<Diagnostic> = references
        .iter()
        .filter_map(|(key, item)| csl::check_item(key, item).err())
        .map(|e| at_fault(site, style, &e))
        .collect();
    if !refused.is_empty() {
        return Err(refused);
    }
    let locale = locale_of(site);
    let formatted = csl::format_site(style, locale, &references, &clusters, true)
        .map_err(|e| vec![at_fault(site, style, &e)])?;
    let mut per_doc: HashMap<DocKey, Vec<Vec<csl::Piece>>> = HashMap::new();
    for ((key, ci), pieces) in order.into_iter().zip(formatted.pieces) {
        let list = per_doc.entry(key).or_default();
        while list.len() <= ci {
            list.push(Vec::new());
        }
        list[ci] = pieces;
    }
    let positions = formatted
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.clone(), i))
        .collect();
    let anchors = site
        .references
        .iter()
        .map(|r| (r.key.value.clone(), site.reference_anchor(&r.key.value)))
        .collect();
    Ok(Citations {
        anchors,
        per_doc,
        positions,
        entries: formatted.entries,
    })
}

/// The CSL locale for the site's language (`en` is formatted as `en-US`, as Pandoc does).
fn locale_of(site: &Site) -> &str {
    site.config
        .as_ref()
        .map_or("en-US", |c| match c.language() {
            "en" => "en-US",
            language => language,
        })
}

/// A formatting error as a diagnostic at what it is about: the faulty field of the faulty
/// reference, the site's `language`, or the place in the style. When the engine failed as a
/// whole, each cited reference is formatted alone to find the ones it fails on.
fn at_fault(site: &Site, style: &CitationStyle, error: &csl::CslError) -> Diagnostic {
    let config_file = site.config_file.unwrap_or(cited_site::FileId(0));
    let (span, message) = match &error.subject {
        csl::Subject::Reference { key, field } => {
            match site.references.iter().find(|r| r.key.value == *key) {
                Some(r) => {
                    let span = field
                        .as_ref()
                        .and_then(|f| r.fields.get(f))
                        .map_or_else(|| r.key.span.clone(), |v| v.span.clone());
                    (span, error.message.clone())
                }
                None => (Span::new(config_file, 0..0), error.to_string()),
            }
        }
        csl::Subject::Locale => (
            site.config
                .as_ref()
                .and_then(|c| c.language_tag.as_ref())
                .map_or_else(|| Span::new(config_file, 0..0), |l| l.span.clone()),
            error.message.clone(),
        ),
        csl::Subject::Style { offset } => match &site.csl_style {
            Some((file, _)) => {
                let at = offset.unwrap_or(0);
                (Span::new(*file, at..at), error.message.clone())
            }
            None => (
                style_setting(site).unwrap_or_else(|| Span::new(config_file, 0..0)),
                error.message.clone(),
            ),
        },
        _ => match culprits(site, style).into_iter().next() {
            Some(span) => (
                span,
                format!(
                    "the CSL engine cannot format this reference: {}",
                    error.message
                ),
            ),
            None => (
                style_setting(site).unwrap_or_else(|| Span::new(config_file, 0..0)),
                error.message.clone(),
            ),
        },
    };
    let hint = match error.subject {
        csl::Subject::Locale => {
            "set `language:` to a language CSL has a locale for, such as `en`, `en-GB` or `de-DE`"
        }
        _ => {
            "write CSL fields as Pandoc reads them: names as lists of {family, given}, dates as {date-parts: [[2020, 5, 17]]}"
        }
    };
    Diagnostic::new(
        Code::E0209,
        span,
        format!("this cannot be formatted: {message}"),
    )
    .with_hint(hint)
}

/// Where `citation_style:` is set, if it is.
fn style_setting(site: &Site) -> Option<Span> {
    site.config
        .as_ref()
        .and_then(|c| c.citation_style.as_ref())
        .map(|s| s.span.clone())
}

/// The references the engine fails on when each is formatted alone.
fn culprits(site: &Site, style: &CitationStyle) -> Vec<Span> {
    site.references
        .iter()
        .filter(|r| {
            let one = [(r.key.value.clone(), r.csl_json())];
            let cite = [vec![csl::CiteItem::new(r.key.value.clone())]];
            csl::format_site(style, locale_of(site), &one, &cite, false).is_err()
        })
        .map(|r| r.key.span.clone())
        .collect()
}

impl Citations {
    /// Indices into `entries` of these keys, in the style's order, each once.
    pub fn positions_of<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Vec<usize> {
        let mut positions: Vec<usize> = keys
            .into_iter()
            .filter_map(|k| self.positions.get(k).copied())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }

    /// The anchor of the entry of `key`.
    pub fn anchor(&self, key: &str) -> &str {
        self.anchors.get(key).map_or("", String::as_str)
    }

    /// The HTML of citation `index` of `doc`: each item linked to its entry, with a preview.
    /// `anchor` is the id this citation gets on the page (for back links); `previews` holds each
    /// entry's text, already escaped; `notices` the (kind, label) of each source the lock marks
    /// (retracted, corrected), which every citation of it shows.
    pub fn html(
        &self,
        doc: &Document,
        index: usize,
        anchor: &str,
        previews: &HashMap<&str, String>,
        notices: &HashMap<&str, (&'static str, &'static str)>,
    ) -> String {
        let Some(parts) = self
            .per_doc
            .get(&DocKey::of(doc))
            .and_then(|c| c.get(index))
        else {
            return String::new();
        };
        let Some(citation) = doc.citations.get(index) else {
            return String::new();
        };
        // The style's own cluster (order, ranges, delimiters, affixes, superscript), with each
        // item's output linked to its entry.
        let mut body = String::new();
        for piece in parts {
            match piece.item.and_then(|i| citation.items.get(i)) {
                Some(item) => {
                    let target = self.anchor(&item.key);
                    let text_id = cited_site::layout::entry_text_id(target);
                    let preview = previews.get(item.key.as_str()).map_or("", String::as_str);
                    // The kind and label are fixed words from the render crate, not user text.
                    let (class, mark) = match notices.get(item.key.as_str()) {
                        Some((kind, label)) => (
                            format!("cite cite-{kind}"),
                            format!(
                                "<span class=\"cite-notice\">{}</span>",
                                label.to_lowercase()
                            ),
                        ),
                        None => ("cite".to_owned(), String::new()),
                    };
                    body.push_str(&format!(
                        "<a class=\"{class}\" href=\"#{target}\" aria-describedby=\"{text_id}\">{}</a><span class=\"cite-preview\" aria-hidden=\"true\">{preview}</span>{mark}",
                        piece.html
                    ));
                }
                None => body.push_str(&piece.html),
            }
        }
        format!("<span class=\"citation\" id=\"{anchor}\">{body}</span>")
    }
}
