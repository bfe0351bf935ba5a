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
    /// A `.bib` file, read into CSL's tags: as CSL-JSON, except that a straight `"` is a
    /// character, as LaTeX and Pandoc read it, not a quotation mark.
    BibTags,
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

/// A CSL-YAML string's inline markdown as CSL rich-text tags, read as Pandoc reads it: with
/// smart punctuation (`Jake's` is `Jake’s`, `--` an en dash, `...` an ellipsis) and Pandoc's
/// bracketed spans for case and small capitals (`[iPhone]{.nocase}`, `[AIDS]{.smallcaps}`).
/// Text that holds no markdown, or that markdown would read as something other than one
/// paragraph (a heading, a list), is returned as written.
pub(crate) fn markdown_to_csl_tags(text: &str) -> Option<String> {
    if !text.contains(['*', '_', '~', '^', '\\', '`', '\'', '"', '[', '“', '‘'])
        && !has_smart_marks(text)
    {
        return None;
    }
    let spans = bracketed_spans(text);
    let source = spans.as_deref().unwrap_or(text);
    // Pandoc's `~sub~` and `^sup^` work inside words (`H~2~O`), which pulldown-cmark's do not:
    // they are read from the text runs ([`scripts`]).
    let options = Options::ENABLE_SMART_PUNCTUATION;
    let mut out = String::with_capacity(text.len() + 16);
    let mut paragraphs = 0;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
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
            // Quotation marks smart punctuation made are quotes to the engine, as Pandoc's
            // Quoted text is to citeproc; marks written as characters are text to Pandoc, so
            // they are kept from the engine's reading of quotes.
            Event::Text(t) if source.get(range) == Some(&*t) && t.contains(QUOTE_MARKS) => {
                scripts(&as_text(&t), &mut out)
            }
            Event::Text(t) => scripts(&t, &mut out),
            // Pandoc's citeproc keeps code as its text.
            Event::Code(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => return None,
        }
    }
    (out != text).then_some(out)
}

/// The characters the CSL engine reads as quotation marks in CSL-JSON rich text.
const QUOTE_MARKS: [char; 6] = ['"', '\'', '“', '”', '‘', '’'];

/// A `.bib` field's text for the engine: each straight `"` in a `noquote` span, a character
/// as LaTeX reads it (its quotes are ``` `` ``` and `''`, already `“` and `”`). `None` when it
/// has none.
pub(crate) fn bib_for_engine(text: &str) -> Option<String> {
    if !text.contains('"') {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 32);
    // A tag's own quotes (`<span style="…">`, written by the reader) are left alone.
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '"' if !in_tag => {
                out.push_str("<span class=\"noquote\">\"</span>");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    Some(out)
}

/// `text` with each quotation mark in a `noquote` span (the vendored engine's), which it reads
/// as text.
fn as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        if QUOTE_MARKS.contains(&c) {
            out.push_str("<span class=\"noquote\">");
            out.push(c);
            out.push_str("</span>");
        } else {
            out.push(c);
        }
    }
    out
}

/// A CSL-YAML name part (`O'Neil`) with Pandoc's smart punctuation, as it prints it (`O’Neil`);
/// `None` when that changes nothing.
pub(crate) fn smart_name(text: &str) -> Option<String> {
    if !text.contains(['\'', '"']) && !has_smart_marks(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 4);
    for event in Parser::new_ext(text, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Text(t) => out.push_str(&t),
            // Anything markdown reads otherwise in a name: left as written.
            _ => return None,
        }
    }
    (out != text).then_some(out)
}

/// `--`, `---` or `...`, which smart punctuation turns into dashes and an ellipsis.
fn has_smart_marks(text: &str) -> bool {
    text.contains("--") || text.contains("...")
}

/// Pandoc's bracketed spans that CSL reads, `[text]{.nocase}` and `[text]{.smallcaps}`, as CSL
/// rich-text tags (which the parse passes on as inline HTML); `None` when there are none.
fn bracketed_spans(text: &str) -> Option<String> {
    const SPANS: [(&str, &str, &str); 2] = [
        ("]{.nocase}", "<span class=\"nocase\">", "</span>"),
        ("]{.smallcaps}", "<sc>", "</sc>"),
    ];
    if !text.contains("]{.") {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    'scan: while let Some(open) = rest.find('[') {
        for (close, start_tag, end_tag) in SPANS {
            let inner = &rest[open + 1..];
            if let Some(end) = inner
                .find(close)
                .filter(|&e| !inner[..e].contains(['[', ']']))
            {
                out.push_str(&rest[..open]);
                out.push_str(start_tag);
                out.push_str(&inner[..end]);
                out.push_str(end_tag);
                rest = &inner[end + close.len()..];
                continue 'scan;
            }
        }
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
    }
    out.push_str(rest);
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
    fn a_straight_quote_in_a_bib_field_is_a_character() {
        assert_eq!(
            bib_for_engine(
                "Why \"talk\" helps, <span style=\"font-variant:small-caps;\">Rem</span>"
            )
            .as_deref(),
            Some(
                "Why <span class=\"noquote\">\"</span>talk<span class=\"noquote\">\"</span> helps, <span style=\"font-variant:small-caps;\">Rem</span>"
            )
        );
        assert_eq!(bib_for_engine("No quotes"), None);
    }

    #[test]
    fn quotation_marks_written_as_characters_stay_text() {
        // Smart punctuation's marks are quotes to the engine; marks typed as characters are
        // text to Pandoc's markdown, so they are kept from the engine's reading of quotes.
        assert_eq!(
            markdown_to_csl_tags("A \"quote\" and a “typed” one").as_deref(),
            Some(
                "A “quote” and a <span class=\"noquote\">“</span>typed<span class=\"noquote\">”</span> one"
            )
        );
        // A typed apostrophe opens no quote: the text goes as written.
        assert_eq!(markdown_to_csl_tags("Jake’s book"), None);
    }

    #[test]
    fn punctuation_and_spans_are_read_as_pandoc_reads_them() {
        assert_eq!(
            markdown_to_csl_tags(
                "[Jake's]{.nocase} book on pre--post words... and [AIDS]{.smallcaps} --- really"
            )
            .as_deref(),
            Some(
                "<span class=\"nocase\">Jake’s</span> book on pre–post words… and <sc>AIDS</sc> — really"
            )
        );
        assert_eq!(
            markdown_to_csl_tags("Men's \"health\"").as_deref(),
            Some("Men’s “health”")
        );
        // A bracket that is no span is text.
        assert_eq!(markdown_to_csl_tags("A [sic] note"), None);
        assert_eq!(smart_name("O'Neil").as_deref(), Some("O’Neil"));
        assert_eq!(smart_name("Smith"), None);
        assert_eq!(smart_name("*Smith*"), None);
    }

    #[test]
    fn plain_or_block_text_stays_as_written() {
        assert_eq!(markdown_to_csl_tags("Plain title: no marks"), None);
        assert_eq!(markdown_to_csl_tags("snake_case_name"), None);
        assert_eq!(markdown_to_csl_tags("* a list item"), None);
        assert_eq!(markdown_to_csl_tags("p < 0.05"), None);
    }
}
