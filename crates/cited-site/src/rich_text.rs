//! Titles as Pandoc reads them: a CSL-YAML string is markdown (`*E. coli*`, `H~2~O`, `^2^`,
//! `**bold**`), a CSL-JSON string is CSL's rich text (`<i>E. coli</i>`, `<sub>`, `<sup>`, `<b>`,
//! `<sc>`). The CSL engine reads the CSL-JSON form, so a CSL-YAML title's markdown is rewritten as
//! those tags before it gets there. The engine turns the tags into formatting and the escaping
//! walker into HTML; no tag of the input ever reaches a page as it was written.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Which syntax a references file writes rich text in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RichText {
    /// CSL-YAML, as Pandoc reads it: markdown.
    #[default]
    Markdown,
    /// CSL-JSON: CSL's HTML-like tags, passed to the engine as they are.
    CslTags,
}

/// The CSL fields whose markdown Pandoc keeps as formatting.
pub(crate) const RICH_FIELDS: &[&str] = &[
    "title",
    "title-short",
    "shortTitle",
    "container-title",
    "container-title-short",
    "collection-title",
    "original-title",
    "reviewed-title",
    "event-title",
    "volume-title",
    "part-title",
];

/// A CSL-YAML string's inline markdown as CSL rich-text tags. Text that holds no markdown, or
/// that markdown would read as something other than one paragraph (a heading, a list), is
/// returned as written.
pub(crate) fn markdown_to_csl_tags(text: &str) -> Option<String> {
    if !text.contains(['*', '_', '~', '^', '\\', '`']) {
        return None;
    }
    // Pandoc's `~sub~` and `^sup^` work inside words (`H~2~O`), which pulldown-cmark's do not:
    // they are read from the text runs ([`scripts`]).
    let options = Options::empty();
    let mut out = String::with_capacity(text.len() + 16);
    let mut paragraphs = 0;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return None;
                }
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Emphasis) => out.push_str("<i>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</i>"),
            Event::Start(Tag::Strong) => out.push_str("<b>"),
            Event::End(TagEnd::Strong) => out.push_str("</b>"),
            Event::Text(t) => scripts(&t, &mut out),
            // Pandoc's citeproc keeps code as its text.
            Event::Code(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => return None,
        }
    }
    (out != text).then_some(out)
}

/// Pandoc's subscript (`~2~`) and superscript (`^2^`): a run without spaces between two marks.
fn scripts(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find(['~', '^']) {
        let mark = &rest[at..at + 1];
        let after = &rest[at + 1..];
        let inner = after.find(mark).map(|end| &after[..end]);
        match inner {
            Some(inner) if !inner.is_empty() && !inner.contains(char::is_whitespace) => {
                let tag = if mark == "~" { "sub" } else { "sup" };
                out.push_str(&rest[..at]);
                out.push_str(&format!("<{tag}>{inner}</{tag}>"));
                rest = &after[inner.len() + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_csl_tags() {
        assert_eq!(
            markdown_to_csl_tags("Resistance of *E. coli* to H~2~O^2^ and **x**").as_deref(),
            Some("Resistance of <i>E. coli</i> to H<sub>2</sub>O<sup>2</sup> and <b>x</b>")
        );
        assert_eq!(
            markdown_to_csl_tags("A \\*literal\\* star").as_deref(),
            Some("A *literal* star")
        );
    }

    #[test]
    fn plain_or_block_text_stays_as_written() {
        assert_eq!(markdown_to_csl_tags("Plain title: no marks"), None);
        assert_eq!(markdown_to_csl_tags("snake_case_name"), None);
        assert_eq!(markdown_to_csl_tags("* a list item"), None);
        assert_eq!(markdown_to_csl_tags("p < 0.05"), None);
    }
}
