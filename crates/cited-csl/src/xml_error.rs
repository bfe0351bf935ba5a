//! Why a style's XML does not parse, in plain words and at a place: citationberg reports serde's
//! reason (`missing field `$value``, `data did not match any variant of untagged enum SortKey`)
//! and an element path (`citation.layout.$value[1].text`), with no position.

use hayagriva::citationberg::XmlDeError;

use crate::item::{VariableKind, variable_kind_of};

/// The place (a byte offset, when known) and plain words for a style citationberg refused.
pub(crate) fn describe(xml: &str, err: &XmlDeError) -> (Option<usize>, String) {
    if let Some(found) = well_formedness(xml) {
        return found;
    }
    // Well-formed XML that is not a CSL style: the element at the error path, and the reason
    // in the style's terms, never citationberg's or serde's own words.
    let path = err
        .path
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let tree = Tree::of(xml);
    let at = tree.locate(&path);
    let element = match at {
        Some(e) => tree.elements[e].name,
        None => elements(&path).last().unwrap_or("style"),
    };
    let tag = at.map(|e| tree.tag(xml, e)).unwrap_or_default();
    let reason = plain_reason(&err.source.to_string(), &path, element, tag);
    let message = format!("it is XML, but not a CSL style cited can read: {reason}");
    (at.map(|e| tree.elements[e].at), message)
}

/// serde's reason for refusing `element` (whose start tag is `tag`) at `path`, in the terms of
/// a CSL style.
fn plain_reason(reason: &str, path: &str, element: &str, tag: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or("");
    if let Some(field) = quoted_after(reason, "missing field ") {
        return if field == "$value" {
            format!("`<{element}>` is empty: CSL needs the elements it is made of inside it")
        } else if let Some(attribute) = field.strip_prefix('@') {
            format!("`<{element}>` needs the attribute `{attribute}`")
        } else if field == "info" {
            format!(
                "`<{element}>` needs an `<info>` element, with the style's `<title>`, `<id>` and `<updated>`"
            )
        } else {
            format!("`<{element}>` needs a `<{field}>` element")
        };
    }
    if let Some(value) = quoted_after(reason, "unknown variant ") {
        let expected = reason
            .split_once(", expected ")
            .map_or("", |(_, e)| e)
            .trim_start_matches("one of ");
        return if last.starts_with("$value") {
            // An element of a name no variant has: its parent's children are the variants.
            let allowed = expected
                .replace('`', "")
                .replace(", ", ">`, `<")
                .replace(" or ", ">` or `<");
            let parent = elements(path).last().unwrap_or("style");
            format!(
                "`<{value}>` is not an element CSL allows in `<{parent}>`; it allows `<{allowed}>`"
            )
        } else if let Some(attribute) = last.strip_prefix('@') {
            format!(
                "`{value}` is not a value of `{attribute}` CSL allows on `<{element}>`; it allows {expected}"
            )
        } else {
            format!("`{value}` is not a value CSL allows on `<{element}>`; it allows {expected}")
        };
    }
    if reason.starts_with("data did not match any variant of untagged enum") {
        let unknown: Vec<&str> = attribute(tag, "variable")
            .unwrap_or("")
            .split_whitespace()
            .filter(|v| variable_kind_of(v) == VariableKind::Unknown)
            .collect();
        if let [first, ..] = unknown.as_slice() {
            return format!("`{first}` in `<{element}>` is not a CSL variable");
        }
        return match element {
            "text" => "a `<text>` prints a `variable`, a `macro`, a `term` or a `value`, and this one has none CSL can read".to_owned(),
            "key" => "a `<key>` sorts by a `variable` or a `macro`, and this one has neither that CSL can read".to_owned(),
            _ => format!("`<{element}>` is not written as CSL allows: one of its attributes holds something CSL does not know"),
        };
    }
    if reason.contains("invalid digit")
        || reason.contains("empty string")
        || reason.contains("too large")
    {
        let numbers = attributes(tag)
            .find(|(_, value)| !value.chars().all(|c| c.is_ascii_digit()) || value.is_empty());
        return match numbers {
            Some((name, value)) => {
                format!("`{name}=\"{value}\"` on `<{element}>` is not a whole number")
            }
            None => format!(
                "an attribute of `<{element}>` that takes a whole number holds something else"
            ),
        };
    }
    // citationberg's own words (`cs:style` tag is missing the `class` attribute) are plain.
    reason.to_owned()
}

/// The text in backquotes right after `prefix` at the start of `reason`.
fn quoted_after<'r>(reason: &'r str, prefix: &str) -> Option<&'r str> {
    let rest = reason.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(quoted, _)| quoted)
}

/// The attributes of a start tag (`<text variable="title" prefix=">">`), as written.
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = tag
        .trim_start_matches('<')
        .split_once(char::is_whitespace)
        .map_or("", |(_, attributes)| attributes);
    std::iter::from_fn(move || {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let (value, tail) = after[1..].split_once(quote)?;
        rest = tail;
        Some((name.trim(), value))
    })
}

/// The value of attribute `name` of a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    attributes(tag).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// One tag of the XML text: where it starts and ends, and its element name.
struct Tag<'x> {
    at: usize,
    end: usize,
    name: &'x str,
    kind: TagKind,
}

#[derive(PartialEq)]
enum TagKind {
    Start,
    End,
    Empty,
}

/// The tags of `xml` in order, comments, processing instructions, declarations and CDATA
/// skipped, a `>` inside a quoted attribute value read as text; `Err(offset)` for a tag that
/// never ends.
fn tags(xml: &str) -> impl Iterator<Item = Result<Tag<'_>, usize>> {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let at = i + xml.get(i..)?.find('<')?;
            let rest = &xml[at..];
            let skip_to = |end: &str| rest.find(end).map(|e| at + e + end.len());
            let skipped = if rest.starts_with("<!--") {
                Some(skip_to("-->"))
            } else if rest.starts_with("<![CDATA[") {
                Some(skip_to("]]>"))
            } else if rest.starts_with("<?") || rest.starts_with("<!") {
                Some(skip_to(">"))
            } else {
                None
            };
            if let Some(next) = skipped {
                let Some(next) = next else {
                    i = xml.len();
                    return Some(Err(at));
                };
                i = next;
                continue;
            }
            let mut quote = None;
            let close = rest.char_indices().skip(1).find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            });
            let Some((close, _)) = close else {
                i = xml.len();
                return Some(Err(at));
            };
            let end = at + close + 1;
            i = end;
            let tag = &xml[at..end];
            let name = tag
                .trim_start_matches(['<', '/'])
                .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .next()
                .unwrap_or("");
            let kind = if tag.starts_with("</") {
                TagKind::End
            } else if tag.ends_with("/>") {
                TagKind::Empty
            } else {
                TagKind::Start
            };
            return Some(Ok(Tag {
                at,
                end,
                name,
                kind,
            }));
        }
    })
}

/// The first tag that is not closed or closes the wrong element, if any.
fn well_formedness(xml: &str) -> Option<(Option<usize>, String)> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    for tag in tags(xml) {
        let tag = match tag {
            Ok(tag) => tag,
            Err(at) => return Some((Some(at), "this tag is never closed with `>`".to_owned())),
        };
        match tag.kind {
            TagKind::End => match open.pop() {
                Some((top, _)) if top == tag.name => {}
                Some((top, opened)) => {
                    return Some((
                        Some(tag.at),
                        format!(
                            "`</{}>` closes `<{top}>`, opened on line {}",
                            tag.name,
                            line_of(xml, opened)
                        ),
                    ));
                }
                None => {
                    return Some((
                        Some(tag.at),
                        format!("`</{}>` closes an element that was never opened", tag.name),
                    ));
                }
            },
            TagKind::Start => open.push((tag.name, tag.at)),
            TagKind::Empty => {}
        }
    }
    open.pop()
        .map(|(name, at)| (Some(at), format!("`<{name}>` is never closed")))
}

/// The element names of a citationberg error path (`citation.layout.text.@macro`).
fn elements(path: &str) -> impl Iterator<Item = &str> {
    path.split('.')
        .map(|s| s.split('[').next().unwrap_or(""))
        .filter(|s| !s.is_empty() && !s.starts_with(['@', '$', '?']))
        .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// The elements of a well-formed XML text, the root first.
struct Tree<'x> {
    elements: Vec<Element<'x>>,
}

struct Element<'x> {
    name: &'x str,
    /// Where its start tag starts, and ends.
    at: usize,
    tag_end: usize,
    children: Vec<usize>,
}

impl<'x> Tree<'x> {
    fn of(xml: &'x str) -> Tree<'x> {
        let mut elements: Vec<Element<'x>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for tag in tags(xml).map_while(Result::ok) {
            if tag.kind == TagKind::End {
                open.pop();
                continue;
            }
            let index = elements.len();
            elements.push(Element {
                name: tag.name,
                at: tag.at,
                tag_end: tag.end,
                children: Vec::new(),
            });
            if let Some(&parent) = open.last() {
                elements[parent].children.push(index);
            }
            if tag.kind == TagKind::Start {
                open.push(index);
            }
        }
        Tree { elements }
    }

    /// The start tag of element `e`.
    fn tag<'t>(&self, xml: &'t str, e: usize) -> &'t str {
        let element = &self.elements[e];
        xml.get(element.at..element.tag_end).unwrap_or("")
    }

    /// The element a citationberg error path leads to, from the root `<style>`: `name` is its
    /// first child of that name, `name[k]` the k-th, `$value[k]` its k-th child of any name
    /// (which the next step names again); an attribute (`@name`) is on the element reached.
    fn locate(&self, path: &str) -> Option<usize> {
        let mut at = 0;
        self.elements.first()?;
        let mut named_by_position = false;
        for step in path.split('.').filter(|s| !s.is_empty()) {
            if step.starts_with(['@', '?']) {
                break;
            }
            let (name, index) = match step.split_once('[') {
                Some((name, index)) => (
                    name,
                    index.trim_end_matches(']').parse::<usize>().unwrap_or(0),
                ),
                None => (step, 0),
            };
            let children = &self.elements[at].children;
            let next = if name == "$value" {
                named_by_position = true;
                children.get(index).copied()
            } else if std::mem::take(&mut named_by_position) && self.elements[at].name == name {
                // `$value[k].text`: the variant's name is the element's own.
                continue;
            } else {
                children
                    .iter()
                    .copied()
                    .filter(|&c| self.elements[c].name == name)
                    .nth(index)
            };
            match next {
                Some(next) => at = next,
                None => break,
            }
        }
        Some(at)
    }
}

fn line_of(xml: &str, offset: usize) -> usize {
    xml[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests;
