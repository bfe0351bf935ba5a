//! Heading ids: written or slugged, kept out of cited's own ids, unique in the page.

use foldhash::{HashSet, HashSetExt};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::*;

/// Gives every heading an id: its own `{#id}`, or a slug of its text kept out of cited's own ids
/// ([`crate::layout::heading_id`]), made unique in the page. Classes and other attributes are dropped;
/// each heading that had them, or an `{#id}` cited reserves, is reported in `refused`.
pub(super) fn assign_heading_ids(
    events: &mut [(DocEvent<'_>, Range<usize>)],
    refused: &mut Vec<(Range<usize>, String)>,
) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        let (
            DocEvent::Markdown(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })),
            range,
        ) = &events[i]
        else {
            i += 1;
            continue;
        };
        let level = heading_level(*level);
        let range = range.clone();
        let explicit = match id.as_ref().map(|s| s.to_string()) {
            Some(id) if !crate::layout::is_free_for_heading(&id) => {
                refused.push((
                    range.clone(),
                    format!("the heading id `{id}` is one cited gives its own elements"),
                ));
                None
            }
            other => other,
        };
        if !classes.is_empty() || !attrs.is_empty() {
            refused.push((
                range.clone(),
                "heading attributes other than `{#id}` are not allowed".to_owned(),
            ));
        }
        let mut text = String::new();
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                DocEvent::Markdown(Event::End(TagEnd::Heading(_))) => break,
                DocEvent::Markdown(Event::Text(t) | Event::Code(t)) => text.push_str(t),
                _ => {}
            }
            j += 1;
        }
        let base = explicit.unwrap_or_else(|| crate::layout::heading_id(&slugify(&text)));
        let mut unique = base.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            // A suffix can land in cited's own ids too (`cite` twice would give `cite-1`).
            unique = crate::layout::heading_id(&format!("{base}-{n}"));
            n += 1;
        }
        if let DocEvent::Markdown(Event::Start(Tag::Heading {
            id, classes, attrs, ..
        })) = &mut events[i].0
        {
            *id = Some(CowStr::from(unique.clone()));
            classes.clear();
            attrs.clear();
        }
        headings.push(Heading {
            level,
            id: unique,
            text,
            range,
        });
        i = j;
    }
    headings
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL fragment from heading text: lowercase letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’') {
            dash = true;
        }
    }
    slug
}
