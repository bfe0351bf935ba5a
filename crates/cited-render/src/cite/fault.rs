//! Which source, setting or place in the style a formatting error is about.

use cited_csl::{self as csl, CitationStyle};
use cited_site::{Code, Diagnostic, Site, Span};

use super::locale_of;

/// A formatting error as a diagnostic at what it is about: the faulty field of the faulty
/// reference, the site's `language`, or the place in the style. When the engine failed as a
/// whole, each cited reference is formatted alone to find the ones it fails on.
pub(super) fn at_fault(site: &Site, style: &CitationStyle, error: &csl::CslError) -> Diagnostic {
    let config_file = site.config_file.unwrap_or(cited_site::FileId(0));
    let (span, message) = match &error.subject {
        csl::Subject::Reference { key, field } => {
            match site.references.iter().find(|r| r.key.value == *key) {
                Some(r) => {
                    let span = field
                        .as_ref()
                        .and_then(|f| r.fields.get(f))
                        .map_or_else(|| r.key.span.clone(), |v| v.span.clone());
                    let span = error
                        .element
                        .and_then(|n| list_element(site, &span, n))
                        .unwrap_or(span);
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
    let diagnostic = Diagnostic::new(
        Code::E0209,
        span,
        format!("this cannot be formatted: {message}"),
    );
    // A hint for the kind of field at fault.
    let hint = match &error.subject {
        csl::Subject::Locale => {
            "set `language:` to a language CSL has a locale for, such as `en`, `en-GB` or `de-DE`"
        }
        csl::Subject::Reference {
            field: Some(field), ..
        } => match csl::variable_kind_of(field) {
            csl::VariableKind::Date => {
                "write a date as {date-parts: [[2020, 5, 17]]} (year, then month 1-12, then day), as text such as `2020-05-17`, or as {literal: \"in press\"}"
            }
            csl::VariableKind::Names => {
                "write names as a list, each {family: Doe, given: Jane}, or {literal: World Health Organization} for an organisation"
            }
            _ => return diagnostic.with_hint(format!("write `{field}` as one text or number")),
        },
        _ => {
            "write CSL fields as Pandoc reads them: names as lists of {family, given}, dates as {date-parts: [[2020, 5, 17]]}"
        }
    };
    diagnostic.with_hint(hint)
}

/// Element `n` (from 0) of the YAML block list that starts at `list` (`- …` lines at one
/// indent, up to the first line indented less): the span of its first line. `None` for a list
/// written otherwise.
fn list_element(site: &Site, list: &Span, n: usize) -> Option<Span> {
    let text = &site.sources.get(list.file).text;
    let line_start = text
        .get(..list.range.start)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut offset = line_start;
    let mut items = Vec::new();
    let mut item_indent = None;
    for line in text.get(line_start..)?.split_inclusive('\n') {
        let trimmed = line.trim();
        let at = indent(line);
        match item_indent {
            None if trimmed.starts_with("- ") => item_indent = Some(at),
            None => return None,
            Some(i)
                if !trimmed.is_empty() && (at < i || (at == i && !trimmed.starts_with("- "))) =>
            {
                break;
            }
            _ => {}
        }
        if item_indent == Some(at) && trimmed.starts_with("- ") {
            items.push(Span::new(
                list.file,
                offset + at..offset + at + trimmed.len(),
            ));
        }
        offset += line.len();
    }
    items.into_iter().nth(n)
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
            csl::format_site(style, &locale_of(site), &one, &cite, false).is_err()
        })
        .map(|r| r.key.span.clone())
        .collect()
}
