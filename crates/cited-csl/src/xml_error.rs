//! Why a style's XML does not parse, in plain words and at a place: citationberg reports
//! "Deserialization error occured at `?`", with no position.

use hayagriva::citationberg::XmlDeError;

/// The place (a byte offset, when known) and plain words for a style citationberg refused.
pub(crate) fn describe(xml: &str, err: &XmlDeError) -> (Option<usize>, String) {
    if let Some(found) = well_formedness(xml) {
        return found;
    }
    // Well-formed XML that is not a CSL style: the element path, and the reason in serde's words
    // (`missing field `info``, `unknown variant `x``), never citationberg's wrapper.
    let path = err
        .path
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let reason = err.source.to_string();
    let at = locate_path(xml, &path);
    let mut message = format!("it is XML, but not a CSL style cited can read: {reason}");
    let elements: Vec<&str> = elements(&path).collect();
    if !elements.is_empty() {
        message.push_str(&format!(" (in `<{}>`)", elements.join("> <")));
    }
    (at, message)
}

/// The first tag that is not closed or closes the wrong element, if any.
fn well_formedness(xml: &str) -> Option<(Option<usize>, String)> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut i = 0;
    while let Some(found) = xml[i..].find('<') {
        let at = i + found;
        let rest = &xml[at..];
        let skip_to = |end: &str| rest.find(end).map(|e| at + e + end.len());
        let next = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            skip_to(">")
        } else {
            let end = skip_to(">");
            if let Some(end) = end {
                let tag = &xml[at..end];
                let name: &str = tag
                    .trim_start_matches(['<', '/'])
                    .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
                    .next()
                    .unwrap_or("");
                if tag.starts_with("</") {
                    match open.pop() {
                        Some((top, _)) if top == name => {}
                        Some((top, opened)) => {
                            return Some((
                                Some(at),
                                format!(
                                    "`</{name}>` closes `<{top}>`, opened on line {}",
                                    line_of(xml, opened)
                                ),
                            ));
                        }
                        None => {
                            return Some((
                                Some(at),
                                format!("`</{name}>` closes an element that was never opened"),
                            ));
                        }
                    }
                } else if !tag.ends_with("/>") {
                    open.push((name, at));
                }
            }
            end
        };
        let Some(next) = next else {
            return Some((Some(at), "this tag is never closed with `>`".to_owned()));
        };
        i = next;
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

/// The start of the deepest element of `path` found in `xml`, each searched after the previous.
fn locate_path(xml: &str, path: &str) -> Option<usize> {
    let mut at = None;
    let mut from = 0;
    for name in elements(path) {
        let open = format!("<{name}");
        let found = xml[from..]
            .match_indices(&open)
            .map(|(i, _)| from + i)
            .find(|&i| {
                xml[i + open.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/')
            });
        let Some(found) = found else { break };
        at = Some(found);
        from = found + 1;
    }
    at
}

fn line_of(xml: &str, offset: usize) -> usize {
    xml[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use crate::CitationStyle;
    use crate::Subject;

    fn refused(xml: &str) -> (Option<usize>, String) {
        let err = CitationStyle::from_csl_xml(xml).err().unwrap_or_else(|| {
            unreachable!("the style was accepted");
        });
        let Subject::Style { offset } = err.subject else {
            unreachable!("{err:?}");
        };
        (offset, err.message)
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n<info><title>T</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>\n";

    #[test]
    fn malformed_xml_is_placed_and_said_in_plain_words() {
        let xml = format!(
            "{HEAD}<citation><layout><group><text variable=\"title\"/></layout></citation>\n</style>\n"
        );
        let (at, message) = refused(&xml);
        assert_eq!(&xml[at.unwrap_or(0)..][..9], "</layout>", "{message}");
        assert!(message.contains("closes `<group>`"), "{message}");
        let xml =
            format!("{HEAD}<citation><layout><text variable=\"title\"/></layout></citation>\n");
        let (at, message) = refused(&xml);
        assert!(message.contains("`<style>` is never closed"), "{message}");
        assert!(at.is_some());
    }

    #[test]
    fn a_well_formed_non_style_names_the_element() {
        let xml = format!(
            "{HEAD}<citation><layout><text variable=\"title\" form=\"nonsense\"/></layout></citation>\n</style>\n"
        );
        let (at, message) = refused(&xml);
        assert!(!message.contains("Deserialization error"), "{message}");
        assert!(!message.contains("`?`"), "{message}");
        assert!(at.is_some(), "{message}");
    }
}
