//! Note styles (CSL `class="note"`), as Pandoc's citeproc prints them: every citation is a
//! footnote of its own. An author-in-text citation (`@key`) leaves the author's name in the
//! sentence and puts the rest of the citation in the note (`Hansen et al.¹`, the note without
//! the author), and a note ends with a period.

use crate::cluster::CiteItem;
use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::{Locale, LocaleCode};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
};

/// The cluster a note formats: author-in-text items without their author (it is in the
/// sentence), as Pandoc's suppress-author form.
pub(crate) fn note_cluster(cluster: &[CiteItem]) -> Vec<CiteItem> {
    cluster
        .iter()
        .map(|item| {
            let mut item = item.clone();
            if item.author_in_text {
                item.author_in_text = false;
                item.suppress_author = true;
            }
            item
        })
        .collect()
}

/// The author names an author-in-text item leaves in the sentence (the style's own form of the
/// names, as `CitePurpose::Author` renders them). Formatted in a driver of its own, so that the
/// names take no place among the document's citations (they would make the note an `ibid.`).
pub(crate) fn author_in_text(
    entry: &csl_json::Item,
    csl: &hayagriva::citationberg::IndependentStyle,
    locale: Option<LocaleCode>,
    locales: &[Locale],
) -> Option<hayagriva::ElemChildren> {
    let mut driver: BibliographyDriver<'_, csl_json::Item> = BibliographyDriver::new();
    driver.citation(CitationRequest::new(
        vec![CitationItem::new(
            entry,
            None,
            None,
            false,
            Some(CitePurpose::Author),
        )],
        csl,
        locale.clone(),
        locales,
        None,
    ));
    let request = BibliographyRequest::new(csl, locale, locales);
    // hayagriva has internal panics on unusual input; never let one escape (the citation itself
    // is formatted, and reports its error, in the document's own pass).
    let rendered =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || driver.finish(request)))
            .ok()?;
    rendered.citations.into_iter().next().map(|c| c.citation)
}

/// The names a numeric style's author-in-text citation leaves in the sentence, before its number
/// (`Hansen et al.¹ found`): family names, the locale's "and", the first author and "et al." from
/// three on; an editor, else the short title, for a work without authors. A numeric style's own
/// citation has no names, and its bibliography's (`Hansen NB, Lambert MJ, Forman EM.`) are not
/// words for a sentence; Pandoc prints the number alone (`¹ found`), a sentence without its
/// subject.
const PROSE_NAMES_CSL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Author names in a sentence</title>
    <id>cited-prose-names</id>
    <updated>2026-12-04T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout>
      <names variable="author">
        <name form="short" and="text" delimiter=", " et-al-min="3" et-al-use-first="1"/>
        <substitute>
          <names variable="editor"/>
          <text variable="title" form="short"/>
        </substitute>
      </names>
    </layout>
  </citation>
</style>
"#;

/// [`PROSE_NAMES_CSL`], read once.
pub(crate) fn prose_names_style() -> Option<&'static hayagriva::citationberg::IndependentStyle> {
    static STYLE: std::sync::OnceLock<Option<hayagriva::citationberg::IndependentStyle>> =
        std::sync::OnceLock::new();
    STYLE
        .get_or_init(
            || match hayagriva::citationberg::Style::from_xml(PROSE_NAMES_CSL) {
                Ok(hayagriva::citationberg::Style::Independent(style)) => Some(style),
                _ => None,
            },
        )
        .as_ref()
}

/// Ends a note with a period, as Pandoc ends a note it makes from a citation, unless it already
/// ends with a sentence's end (`.`, `!`, `?`, also before a closing quote or bracket).
pub(crate) fn end_note_with_period(children: &mut Vec<ElemChild>) {
    if ends_a_sentence(children) != Some(false) {
        return;
    }
    let formatting = last_formatting(children).unwrap_or_default();
    children.push(ElemChild::Text(hayagriva::Formatted {
        text: ".".to_owned(),
        formatting: hayagriva::Formatting {
            // The period is plain text, whatever the last word was.
            font_style: Default::default(),
            font_weight: Default::default(),
            text_decoration: Default::default(),
            ..formatting
        },
    }));
}

/// Whether the last text of `children` ends a sentence; `None` when there is no text.
fn ends_a_sentence(children: &[ElemChild]) -> Option<bool> {
    for child in children.iter().rev() {
        let text = match child {
            ElemChild::Text(t) => t.text.as_str(),
            ElemChild::Link { text, .. } => text.text.as_str(),
            ElemChild::Elem(e) => match ends_a_sentence(&e.children.0) {
                Some(answer) => return Some(answer),
                None => continue,
            },
            ElemChild::Markup(_) | ElemChild::Transparent { .. } => continue,
        };
        let trimmed = text
            .trim_end()
            .trim_end_matches(['”', '’', '"', '\'', ')', ']', '»']);
        if trimmed.is_empty() && !text.trim().is_empty() {
            // Only closing marks: what they close decides.
            continue;
        }
        let Some(last) = trimmed.chars().last() else {
            continue;
        };
        return Some(matches!(last, '.' | '!' | '?' | '…'));
    }
    None
}

/// The formatting of the last text of `children`.
/// The formatting of the first text of `children`, if it has any.
pub(crate) fn first_formatting(children: &[ElemChild]) -> Option<hayagriva::Formatting> {
    children.iter().find_map(|child| match child {
        ElemChild::Text(t) => Some(t.formatting),
        ElemChild::Elem(e) => first_formatting(&e.children.0),
        ElemChild::Link { text, .. } => Some(text.formatting),
        _ => None,
    })
}

fn last_formatting(children: &[ElemChild]) -> Option<hayagriva::Formatting> {
    children.iter().rev().find_map(|child| match child {
        ElemChild::Text(t) => Some(t.formatting),
        ElemChild::Elem(e) => last_formatting(&e.children.0),
        _ => None,
    })
}
