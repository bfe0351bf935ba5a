//! Titles hold no invisible controls (E0004): a right-to-left override (U+202E) in a title turns
//! the site's name around in every `<title>`, and a control character makes `feed.xml` malformed.

use cited_site::Located;
use cited_site::Site;
use cited_site::{Code, Diagnostic};

/// Checks the titles of the site, its pages, checklists and references, and that the text a
/// reader must see is not blank.
pub fn check_titles(site: &Site, out: &mut Vec<Diagnostic>) {
    if let Some(config) = &site.config {
        check("the site's `title`", &config.title, out);
        blank(
            &config.title,
            "the site's `title`",
            "every page's title would end in ` · ` and the home page would have none",
            out,
        );
        if let Some(disclaimer) = &config.disclaimer
            && disclaimer.value.trim().is_empty()
        {
            out.push(
                Diagnostic::new(
                    Code::E0004,
                    disclaimer.span.clone(),
                    "the site's `disclaimer` is empty: every page would show an empty disclaimer",
                )
                .with_label("no text")
                .with_hint(
                    "write the disclaimer here, or delete the `disclaimer:` line to show the built-in one",
                ),
            );
        }
        if let Some(crisis) = &config.crisis {
            blank(
                &crisis.text,
                "`crisis.text`",
                "readers in crisis would see the notice's heading with no helpline under it",
                out,
            );
        }
    }
    for checklist in &site.checklists {
        let source = &checklist.source;
        blank(
            &source.title,
            "the checklist's `title`",
            "the checklist would have an empty heading",
            out,
        );
        for item in source.items.iter() {
            blank(
                &item.label,
                "an item's `label`",
                "its checkbox would have no text, and screen readers no name for it",
                out,
            );
        }
        for guidance in source.guidance.iter() {
            blank(
                &guidance.text,
                "a guidance's `text`",
                "readers who ticked that many would be told nothing",
                out,
            );
        }
    }
    for page in &site.pages {
        check("the page's `title`", &page.front.title, out);
    }
    for checklist in &site.checklists {
        check("the checklist's `title`", &checklist.source.title, out);
    }
    for reference in &site.references {
        if let Some(title) = reference.text("title") {
            check("the reference's `title`", &title, out);
        }
    }
}

/// E0004 when `value`, the text a reader must see, is empty or only spaces.
fn blank(value: &Located<String>, what: &str, so: &str, out: &mut Vec<Diagnostic>) {
    if !value.value.trim().is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::E0004,
            value.span.clone(),
            format!("{what} is empty: {so}"),
        )
        .with_label("no text")
        .with_hint("write the text here"),
    );
}

fn check(what: &str, title: &Located<String>, out: &mut Vec<Diagnostic>) {
    check_stray_quote(what, title, out);
    let Some(c) = title.value.chars().find(|&c| is_hidden_control(c)) else {
        return;
    };
    let kind = if is_bidi_control(c) {
        "a text-direction control"
    } else {
        "a control character"
    };
    out.push(
        Diagnostic::new(
            Code::E0004,
            title.span.clone(),
            format!(
                "{what} holds {kind} (U+{:04X}), which readers cannot see",
                u32::from(c)
            ),
        )
        .with_label("invisible character in here")
        .with_hint("retype the title; right-to-left text needs no control characters"),
    );
}

/// A title that starts with a quotation mark it never closes (`title: “Talk therapy, a guide"`,
/// typed quotes that YAML kept as text), or that typographic marks wrap whole (`title: “Talk
/// therapy”`): published with the marks. A warning.
fn check_stray_quote(what: &str, title: &Located<String>, out: &mut Vec<Diagnostic>) {
    let text = title.value.trim();
    let Some(open) = text.chars().next() else {
        return;
    };
    let close = match open {
        '“' => '”',
        '‘' => '’',
        '"' => '"',
        '„' => '“',
        _ => return,
    };
    let inner = &text[open.len_utf8()..];
    if let Some(quoted) = inner.strip_suffix(close) {
        // `title: “Talk therapy”`: typographic marks around the whole title, which YAML keeps
        // as text (only straight quotes quote). Not `“A” and “B”`, two quotations.
        if open != '"' && !quoted.contains(close) && !quoted.contains(open) && !quoted.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::E0004,
                    title.span.clone(),
                    format!(
                        "{what} is wrapped in `{open}…{close}`, which YAML does not read as quotes: they would be published around it"
                    ),
                )
                .with_severity(cited_site::Severity::Warning)
                .with_label("typographic quotation marks")
                .with_hint(format!("use straight quotes: `title: \"{quoted}\"`")),
            );
        }
        return;
    }
    if inner.contains(close) {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::E0004,
            title.span.clone(),
            format!(
                "{what} starts with `{open}`, which nothing closes: it would be published with it"
            ),
        )
        .with_severity(cited_site::Severity::Warning)
        .with_label("an opening quotation mark")
        .with_hint("remove the mark, or put the whole title in straight quotes: `title: \"…\"`"),
    );
}

/// A character that changes how text around it is shown, or that is not text at all: the bidi
/// embedding, override and isolate controls, the direction marks, and the C0 and C1 controls
/// (a tab or line break is whitespace, and allowed).
pub fn is_hidden_control(c: char) -> bool {
    is_bidi_control(c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_quote_never_closed_is_a_warning() {
        let warn = |text: &str| {
            let title = Located::new(
                text.to_owned(),
                cited_site::Span::new(cited_site::FileId(0), 0..text.len()),
            );
            let mut out = Vec::new();
            check_stray_quote("the title", &title, &mut out);
            out.len()
        };
        assert_eq!(warn("“Talk therapy, a patient guide\""), 1);
        assert_eq!(warn("‘Talk therapy"), 1);
        assert_eq!(warn("“Talk therapy” for teens"), 0);
        assert_eq!(warn("Talk therapy"), 0);
    }

    #[test]
    fn a_title_wrapped_in_typographic_quotes_is_a_warning() {
        let warned = |text: &str| {
            let title = Located::new(
                text.to_owned(),
                cited_site::Span::new(cited_site::FileId(0), 0..text.len()),
            );
            let mut out = Vec::new();
            check_stray_quote("the site's `title`", &title, &mut out);
            out.into_iter().map(|d| d.hint.unwrap_or_default()).next()
        };
        assert_eq!(
            warned("“Talk therapy: a patient guide”").as_deref(),
            Some("use straight quotes: `title: \"Talk therapy: a patient guide\"`")
        );
        assert!(warned("„Gesprächstherapie“").is_some());
        assert_eq!(warned("“Yes” and “no”"), None);
        assert_eq!(warned("Talk therapy"), None);
    }

    #[test]
    fn hidden_controls_are_found() {
        for c in [
            '\u{202E}', '\u{2067}', '\u{200F}', '\u{0}', '\u{1B}', '\u{85}', '\u{7F}',
        ] {
            assert!(is_hidden_control(c), "{c:?}");
        }
        for c in ['a', ' ', '\t', '\n', 'ש', 'é', '\u{200D}'] {
            assert!(!is_hidden_control(c), "{c:?}");
        }
    }
}
