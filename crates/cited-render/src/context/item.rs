//! A bibliography entry as one list item, marked up by cited: `page.bibliography[].item_html`.
//!
//! The default theme shows each entry this way, and a theme that wants other markup builds its
//! own from the entry's fields (the handout theme does). Interpreted by MiniJinja, the same
//! markup, written as the template `themes/README.md` gives, cost a sixth of a citation-dense
//! build's instructions (4,634 → 3,864 million at 1,000 dense pages): each back link alone is
//! a dozen lookups and writes, and the references page has one for every citation on the first
//! pages citing each source. `tests/contract.rs` renders that template and holds this function
//! to it, byte for byte.

use std::fmt::Write as _;

use cited_csl::escape_into;
use cited_site::words::Words;

use super::EntryContext;

/// What an entry's list item says around its fields: the site's words, as the page it is on
/// uses them. The same for every entry of a page, so a page's entries share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemWords {
    /// On the references page, each group of back links names its page.
    references_page: bool,
    /// "Cited in:" on the references page, "Cited above:" elsewhere.
    cited_label: String,
    citation: String,
    in_page: String,
    notice_link: String,
    more_pages_one: String,
    more_pages_other: String,
}

impl ItemWords {
    /// The words of the references page (`references_page`) or of any other page.
    pub fn new(words: &Words, references_page: bool) -> Self {
        let cited = if references_page {
            &words.cited_in
        } else {
            &words.cited_above
        };
        ItemWords {
            references_page,
            cited_label: format!("{cited}{}", words.colon),
            citation: words.citation.clone(),
            in_page: words.in_page.clone(),
            notice_link: words.notice_link.clone(),
            more_pages_one: words.more_pages_one.clone(),
            more_pages_other: words.more_pages_other.clone(),
        }
    }
}

impl Default for ItemWords {
    /// English, on an article.
    fn default() -> Self {
        ItemWords::new(&cited_site::words::english().words, false)
    }
}

/// `entry` as a list item, appended to `out`.
fn write_item(entry: &EntryContext, out: &mut String) {
    let words = &*entry.words;
    out.push_str("\n<li id=\"");
    escape_into(out, &entry.anchor);
    out.push('"');
    // An empty text is no text, as in a template's `{% if %}`.
    if let Some(label) = entry.label.as_deref().filter(|l| !l.is_empty()) {
        out.push_str(" value=\"");
        escape_into(out, label);
        out.push('"');
    }
    out.push_str(">\n<span id=\"");
    escape_into(out, &entry.text_id);
    out.push_str("\" class=\"entry-text\">");
    out.push_str(&entry.html);
    out.push_str("</span>");
    if let Some(notice) = &entry.notice {
        out.push_str("\n<span class=\"notice notice-");
        escape_into(out, notice.kind);
        out.push_str("\"><strong>");
        escape_into(out, &notice.label);
        out.push_str(".</strong> ");
        escape_into(out, &notice.text);
        if let Some(url) = notice.url.as_deref().filter(|u| !u.is_empty()) {
            out.push(' ');
            write_link(out, url, &words.notice_link);
        }
        out.push_str("</span>");
    }
    let mut extra = entry.extra_links().peekable();
    if extra.peek().is_some() {
        out.push_str("\n<span class=\"identifiers\">");
        while let Some(link) = extra.next() {
            out.push_str("<a href=\"");
            escape_into(out, &link.url);
            out.push_str("\">");
            escape_into(out, link.kind);
            if link.kind != "Web" {
                out.push_str(": ");
                escape_into(out, &link.label);
            }
            out.push_str("</a>");
            if extra.peek().is_some() {
                out.push_str(" · ");
            }
        }
        out.push_str("</span>");
    }
    out.push('\n');
    for group in &entry.cited_in {
        out.push_str("<span class=\"backlinks\">");
        escape_into(out, &words.cited_label);
        if words.references_page {
            out.push(' ');
            write_link(out, &group.page_url, &group.page_title);
        }
        out.push_str(" <span aria-hidden=\"true\">↩</span>");
        for link in &group.links {
            out.push_str(" <a class=\"backlink\" href=\"");
            escape_into(out, &link.url);
            out.push_str("\"><span class=\"visually-hidden\">");
            escape_into(out, &words.citation);
            // Writing to a `String` cannot fail.
            let _ = write!(out, " </span>{}", link.n);
            out.push_str("<span class=\"visually-hidden\"> ");
            escape_into(out, &words.in_page);
            out.push(' ');
            escape_into(out, &link.page_title);
            out.push_str("</span></a>");
        }
        out.push_str("</span>");
    }
    if entry.cited_in_more > 0 {
        let more = if entry.cited_in_more > 1 {
            &words.more_pages_other
        } else {
            &words.more_pages_one
        };
        out.push_str("\n<span class=\"backlinks\">");
        let n = entry.cited_in_more.to_string();
        escape_into(out, &Words::fill(more, &[("{n}", &n)]));
        out.push_str("</span>");
    }
    out.push_str("\n</li>\n");
}

/// `<a href="url">text</a>`, both escaped, appended to `out`.
fn write_link(out: &mut String, url: &str, text: &str) {
    out.push_str("<a href=\"");
    escape_into(out, url);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</a>");
}

/// `entry` as a list item: the default theme's markup, in the words `entry.words` holds.
pub fn item_html(entry: &EntryContext) -> String {
    let mut out = String::with_capacity(entry.html.len() + 512);
    write_item(entry, &mut out);
    out
}
