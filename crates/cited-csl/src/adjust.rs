//! Adjustments to hayagriva's output tree: item prefixes and suffixes, suppress-author, the
//! delimiters left dangling by removed parts.

use crate::cluster::CiteItem;
use hayagriva::lang::Case;
use hayagriva::{ElemChild, ElemChildren, ElemMeta};

pub(crate) fn adjust_citation(
    tree: &mut ElemChildren,
    cluster: &[CiteItem],
    affix: hayagriva::Formatting,
    prose: bool,
) {
    for (idx, item) in cluster.iter().enumerate() {
        let prefix = item
            .prefix
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let suffix = item.suffix.as_deref().filter(|s| !s.trim().is_empty());
        if prefix.is_none() && suffix.is_none() && !item.suppress_author {
            continue;
        }
        // Author-in-text (`Hansen et al. (2002, p. 4)`): the suffix goes inside the
        // parentheses, as Pandoc puts it.
        if item.author_in_text
            && prose
            && let Some(s) = suffix
            && suffix_in_parentheses(&mut tree.0, idx, s, affix)
        {
            if prefix.is_none() && !item.suppress_author {
                continue;
            }
            adjust_entry(&mut tree.0, idx, item.suppress_author, prefix, None, affix);
            continue;
        }
        // Each cited item is an `Elem` with `ElemMeta::Entry(index in the cluster)`.
        // Items hidden by range collapsing ("1–3") have none, so their affixes are lost.
        adjust_entry(
            &mut tree.0,
            idx,
            item.suppress_author,
            prefix,
            suffix,
            affix,
        );
    }
    // A citation whose every item printed only its author prints nothing once the authors are
    // suppressed (`[-@smith]` in MLA), as Pandoc's citeproc does: not the parentheses and
    // delimiters around nothing.
    if cluster.iter().any(|i| i.suppress_author) && !entries_have_content(&tree.0) {
        tree.0.clear();
    }
}

/// Whether any cited item of a citation (an `ElemMeta::Entry` element) prints something, or the
/// citation has items without that mark (collapsed ranges), which are left alone.
fn entries_have_content(children: &[ElemChild]) -> bool {
    fn visit(children: &[ElemChild], found: &mut bool) -> bool {
        children.iter().any(|c| match c {
            ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))) => {
                *found = true;
                has_content(&e.children.0)
            }
            ElemChild::Elem(e) => visit(&e.children.0, found),
            _ => false,
        })
    }
    let mut found = false;
    visit(children, &mut found) || !found
}

/// A note style's citation is a footnote of its own: its first letter is capitalised (`See
/// Hansen…` for `[see @hansen2002]`), as Pandoc's citeproc does for a note it makes from a
/// citation. As there (CSL's `capitalize-first`), a first word in mixed case is left as written
/// (`d’Arcy Thompson`, `eLife`). Returns whether a letter was found.
pub(crate) fn capitalize_note(children: &mut [ElemChild]) -> bool {
    for child in children {
        let text = match child {
            ElemChild::Text(t) => &mut t.text,
            ElemChild::Link { text, .. } => &mut text.text,
            ElemChild::Elem(e) => {
                if capitalize_note(&mut e.children.0) {
                    return true;
                }
                continue;
            }
            ElemChild::Markup(_) | ElemChild::Transparent { .. } => continue,
        };
        if let Some((at, _)) = text.char_indices().find(|(_, c)| c.is_alphanumeric()) {
            // The engine's own `capitalize-first` decides what a word in mixed case is.
            let capitalized = Case::FirstUpper.transform(&text[at..]);
            text.replace_range(at.., &capitalized);
            return true;
        }
    }
    false
}

/// Puts `suffix` before the closing parenthesis that ends entry `idx` (an author-in-text
/// citation's year part); false if the entry does not end with one.
fn suffix_in_parentheses(
    children: &mut [ElemChild],
    idx: usize,
    suffix: &str,
    affix: hayagriva::Formatting,
) -> bool {
    for child in children.iter_mut() {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::Entry(idx)) {
                return insert_before_close(&mut e.children.0, suffix, affix);
            }
            if suffix_in_parentheses(&mut e.children.0, idx, suffix, affix) {
                return true;
            }
        }
    }
    false
}

/// Inserts `suffix` before the `)` that ends `children` (searched in its last leaf).
fn insert_before_close(
    children: &mut Vec<ElemChild>,
    suffix: &str,
    affix: hayagriva::Formatting,
) -> bool {
    match children.last_mut() {
        Some(ElemChild::Elem(e)) => insert_before_close(&mut e.children.0, suffix, affix),
        Some(ElemChild::Text(t)) if t.text.ends_with(')') => {
            t.text.pop();
            let formatting = t.formatting;
            let text = if suffix.starts_with(|c: char| c.is_alphanumeric()) {
                format!(" {suffix}")
            } else {
                suffix.to_string()
            };
            children.extend(affix_children(&text, affix));
            children.push(ElemChild::Text(hayagriva::Formatted {
                text: ")".to_owned(),
                formatting,
            }));
            true
        }
        _ => false,
    }
}

pub(crate) fn adjust_entry(
    children: &mut Vec<ElemChild>,
    idx: usize,
    suppress_author: bool,
    prefix: Option<&str>,
    suffix: Option<&str>,
    affix: hayagriva::Formatting,
) -> bool {
    let mut pos = None;
    for (i, child) in children.iter_mut().enumerate() {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::Entry(idx)) {
                if suppress_author {
                    remove_names(&mut e.children.0);
                }
                pos = Some(i);
                break;
            }
            if adjust_entry(
                &mut e.children.0,
                idx,
                suppress_author,
                prefix,
                suffix,
                affix,
            ) {
                return true;
            }
        }
    }
    let Some(i) = pos else { return false };
    if let Some(s) = suffix {
        let text = if s.starts_with(|c: char| c.is_alphanumeric()) {
            format!(" {s}")
        } else {
            s.to_string()
        };
        let at = i + 1;
        children.splice(at..at, affix_children(&text, affix));
    }
    if let Some(p) = prefix {
        children.splice(i..i, affix_children(&format!("{p} "), affix));
    }
    true
}

/// An affix's text as children: markdown emphasis (`*see*`) in italics and strong emphasis
/// (`**see**`) in bold, as Pandoc shows a citation's prefix and suffix; the markers themselves
/// are not printed. Anything else stays text (`_` is left alone: it is common inside words).
pub(crate) fn affix_children(text: &str, affix: hayagriva::Formatting) -> Vec<ElemChild> {
    use hayagriva::citationberg::{FontStyle, FontWeight};
    let mut out = Vec::new();
    let mut push = |text: &str, bold: bool, italic: bool| {
        if text.is_empty() {
            return;
        }
        let mut formatting = affix;
        if bold {
            formatting.font_weight = FontWeight::Bold;
        }
        if italic {
            formatting.font_style = FontStyle::Italic;
        }
        out.push(ElemChild::Text(hayagriva::Formatted {
            text: text.to_owned(),
            formatting,
        }));
    };
    let mut rest = text;
    let mut plain = String::new();
    while !rest.is_empty() {
        let marker = ["**", "*"].into_iter().find(|m| rest.starts_with(m));
        // A marker opens emphasis only before a non-space and when it is closed later.
        let closed = marker.and_then(|m| {
            let inner = &rest[m.len()..];
            if inner.starts_with(char::is_whitespace) {
                return None;
            }
            inner
                .find(m)
                .filter(|&end| end > 0 && !inner[..end].ends_with(char::is_whitespace))
                .map(|end| (m, &inner[..end]))
        });
        match closed {
            Some((m, inner)) => {
                push(&std::mem::take(&mut plain), false, false);
                push(inner, m.len() == 2, m.len() == 1);
                rest = &rest[2 * m.len() + inner.len()..];
            }
            None => {
                let c = rest.chars().next().unwrap_or_default();
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push(&plain, false, false);
    out
}

/// Remove the first names element (the author, or what substitutes for it) and the
/// delimiter that separated it from the rest. Returns true if something was removed.
pub(crate) fn remove_names(children: &mut Vec<ElemChild>) -> bool {
    for i in 0..children.len() {
        let ElemChild::Elem(e) = &mut children[i] else {
            continue;
        };
        let remove_this = if matches!(e.meta, Some(ElemMeta::Names(_))) {
            true
        } else if remove_names(&mut e.children.0) {
            // The names were inside this element; drop it too if nothing is left.
            if has_content(&e.children.0) {
                return true;
            }
            true
        } else {
            false
        };
        if remove_this {
            children.remove(i);
            if i < children.len() {
                trim_leading_delimiter(&mut children[i..]);
            } else if i > 0 {
                trim_trailing_delimiter(&mut children[..i]);
            }
            return true;
        }
    }
    false
}

pub(crate) fn has_content(children: &[ElemChild]) -> bool {
    children.iter().any(|c| match c {
        ElemChild::Text(t) => !t.text.trim().is_empty(),
        ElemChild::Markup(m) => !m.trim().is_empty(),
        ElemChild::Elem(e) => has_content(&e.children.0),
        ElemChild::Link { .. } | ElemChild::Transparent { .. } => true,
    })
}

pub(crate) fn is_delimiter_char(c: char) -> bool {
    matches!(c, ',' | ';' | ':') || c.is_whitespace()
}

/// Strip a leading ", " (or "; ", " ") from the first text of `children`.
pub(crate) fn trim_leading_delimiter(children: &mut [ElemChild]) {
    match children.first_mut() {
        Some(ElemChild::Text(t)) => {
            t.text = t.text.trim_start_matches(is_delimiter_char).to_string();
        }
        Some(ElemChild::Elem(e)) => trim_leading_delimiter(&mut e.children.0),
        _ => {}
    }
}

pub(crate) fn trim_trailing_delimiter(children: &mut [ElemChild]) {
    match children.last_mut() {
        Some(ElemChild::Text(t)) => {
            t.text = t.text.trim_end_matches(is_delimiter_char).to_string();
        }
        Some(ElemChild::Elem(e)) => trim_trailing_delimiter(&mut e.children.0),
        _ => {}
    }
}

/// Remove a delimiter hayagriva left before a closing parenthesis: APA renders a
/// webpage dated only by year as "(2021,)" because hayagriva decides on group
/// delimiters from whether a variable exists, not from whether anything was printed.
/// Only text outside variable values is touched.
pub(crate) fn fix_dangling_delimiters(children: &mut [ElemChild], inside_value: bool) {
    for i in 0..children.len() {
        match &mut children[i] {
            ElemChild::Elem(e) => {
                let value = inside_value
                    || matches!(
                        e.meta,
                        Some(
                            ElemMeta::Text
                                | ElemMeta::Names(_)
                                | ElemMeta::Name(..)
                                | ElemMeta::Date
                                | ElemMeta::Number
                                | ElemMeta::CitationLabel
                        )
                    );
                fix_dangling_delimiters(&mut e.children.0, value);
            }
            ElemChild::Text(t) if !inside_value => {
                for bad in [", )", ",)", "; )", ";)"] {
                    if t.text.contains(bad) {
                        t.text = t.text.replace(bad, ")");
                    }
                }
                if t.text.ends_with([',', ';'])
                    && let Some(ElemChild::Text(next)) = children.get(i + 1)
                    && next.text.starts_with(')')
                    && let ElemChild::Text(t) = &mut children[i]
                {
                    t.text.pop();
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn find_citation_number(child: &ElemChild) -> Option<String> {
    find_citation_number_in(std::slice::from_ref(child))
}

/// The digits of the first `citation-number` element, e.g. "12" from "[12]".
pub(crate) fn find_citation_number_in(children: &[ElemChild]) -> Option<String> {
    for child in children {
        if let ElemChild::Elem(e) = child {
            if e.meta == Some(ElemMeta::CitationNumber) {
                let mut text = String::new();
                plain_text(&e.children.0, &mut text);
                let digits: String = text
                    .chars()
                    .skip_while(|c| !c.is_ascii_digit())
                    .take_while(char::is_ascii_digit)
                    .collect();
                return (!digits.is_empty()).then_some(digits);
            }
            if let Some(n) = find_citation_number_in(&e.children.0) {
                return Some(n);
            }
        }
    }
    None
}

pub(crate) fn plain_text(children: &[ElemChild], out: &mut String) {
    for child in children {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Elem(e) => plain_text(&e.children.0, out),
            ElemChild::Transparent { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::capitalize_note;
    use hayagriva::{ElemChild, Formatted, Formatting};

    fn note(text: &str) -> String {
        let mut children = vec![ElemChild::Text(Formatted {
            text: text.to_owned(),
            formatting: Formatting::default(),
        })];
        assert!(capitalize_note(&mut children));
        match &children[0] {
            ElemChild::Text(t) => t.text.clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_note_starts_with_a_capital_unless_its_first_word_is_in_mixed_case() {
        assert_eq!(note("see Hansen, 2002."), "See Hansen, 2002.");
        assert_eq!(note("“title,” 2002."), "“Title,” 2002.");
        // As Pandoc's citeproc (CSL's `capitalize-first`) leaves a word in mixed case.
        assert_eq!(note("d’Arcy Thompson, 1917."), "d’Arcy Thompson, 1917.");
        assert_eq!(note("deShawn Jones, 2019."), "deShawn Jones, 2019.");
    }
}
