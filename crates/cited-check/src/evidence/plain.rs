//! Formatting typed into a plain-text field (a title, a description, a checklist label), which
//! is published as typed (E0409).

/// The first formatting Markdown would read in a plain-text field (`*talk therapy*`,
/// `[what to do](https://…)`), which is published as typed: its range and what it is.
/// Citations and opt-out markers are the field's own business (E0305, E0303).
pub(super) fn plain_markup(text: &str) -> Option<(std::ops::Range<usize>, &'static str)> {
    use pulldown_cmark::{Event, Parser, Tag};
    if !text.contains(['*', '_', '`', '[']) {
        return None;
    }
    Parser::new(text)
        .into_offset_iter()
        .find_map(|(event, range)| {
            let what = match event {
                Event::Start(Tag::Emphasis) => "emphasis",
                Event::Start(Tag::Strong) => "bold text",
                Event::Start(Tag::Link { .. }) => "link",
                Event::Start(Tag::Image { .. }) => "image",
                Event::Code(_) => "code",
                _ => return None,
            };
            Some((range, what))
        })
}
