//! Checks of an independent style before it is used: bounded nesting (read before the XML is
//! deserialised, whose recursion a deep file would exhaust), every macro it calls defined, no macro
//! that calls itself, and a bounded amount of work once macros are expanded. Each failure names
//! the place in the style's text.

use foldhash::HashMap;

use hayagriva::citationberg::{
    IndependentStyle, LayoutRenderingElement as E, NamesChild, SortKey, TextTarget,
};

use crate::{CslError, Subject};

/// How deeply elements may nest. The styles of the CSL repository nest about a dozen deep.
pub(crate) const MAX_DEPTH: usize = 100;

/// How many element evaluations formatting one item may take, counting every macro call as the
/// macro's own cost and each choice as its dearest branch. The dearest bundled style (Turabian
/// full note) takes about 1,100, a hundredth of this; macros that each call the next ten times
/// pass it in six levels.
pub(crate) const MAX_COST: u64 = 100_000;

/// Refuses XML nested deeper than [`MAX_DEPTH`]: counts open and close tags, skipping comments,
/// processing instructions, declarations and CDATA.
pub(crate) fn check_depth(xml: &str) -> Result<(), CslError> {
    let bytes = xml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(found) = memchr_lt(&bytes[i..]) {
        let at = i + found;
        let rest = &xml[at..];
        let skip_to = |end: &str| rest.find(end).map_or(xml.len(), |e| at + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
        } else if rest.starts_with("<![CDATA[") {
            i = skip_to("]]>");
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            i = skip_to(">");
        } else if rest.starts_with("</") {
            depth = depth.saturating_sub(1);
            i = skip_to(">");
        } else {
            let end = skip_to(">");
            if !xml[at..end].ends_with("/>") {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(CslError::new(
                        Subject::Style { offset: Some(at) },
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
            }
            i = end;
        }
    }
    Ok(())
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Every macro call names a defined macro, no macro calls itself (directly or through others),
/// and formatting one item costs at most [`MAX_COST`] element evaluations.
pub(crate) fn check_macros(style: &IndependentStyle, xml: &str) -> Result<(), CslError> {
    let index: HashMap<&str, usize> = style
        .macros
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.as_str(), i))
        .collect();
    let calls = style
        .macros
        .iter()
        .map(|m| {
            let mut found = Vec::new();
            calls_in(&m.children, &mut found);
            resolve(&found, &index, xml)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut roots = Vec::new();
    calls_in(&style.citation.layout.elements, &mut roots);
    sort_calls(
        style.citation.sort.as_ref().map(|s| s.keys.as_slice()),
        &mut roots,
    );
    if let Some(bibliography) = &style.bibliography {
        calls_in(&bibliography.layout.elements, &mut roots);
        sort_calls(
            bibliography.sort.as_ref().map(|s| s.keys.as_slice()),
            &mut roots,
        );
    }
    resolve(&roots, &index, xml)?;

    // Costs in an order where every macro comes after the macros it calls.
    let mut cost = vec![0u64; style.macros.len()];
    for m in callees_first(style, &calls, xml)? {
        cost[m] = cost_of(&style.macros[m].children, &index, &cost);
    }
    let mut worst = cost_of(&style.citation.layout.elements, &index, &cost);
    if let Some(bibliography) = &style.bibliography {
        worst = worst.max(cost_of(&bibliography.layout.elements, &index, &cost));
    }
    if worst > MAX_COST {
        return Err(CslError::new(
            Subject::Style { offset: None },
            format!(
                "formatting one item with this style takes more than {MAX_COST} steps (macros \
                 that call other macros many times over); it would take too long to format with"
            ),
        ));
    }
    Ok(())
}

/// The macros in a post-order of the call graph (callees before callers), or the first cycle.
/// Depth first with an explicit stack: a chain of thousands of macros must not exhaust ours.
fn callees_first(
    style: &IndependentStyle,
    calls: &[Vec<usize>],
    xml: &str,
) -> Result<Vec<usize>, CslError> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; calls.len()];
    let mut order = Vec::with_capacity(calls.len());
    for start in 0..calls.len() {
        if state[start] != State::New {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = State::Open;
        while let Some(&mut (m, ref mut next)) = stack.last_mut() {
            let Some(&callee) = calls[m].get(*next) else {
                state[m] = State::Done;
                order.push(m);
                stack.pop();
                continue;
            };
            *next += 1;
            match state[callee] {
                State::Open => {
                    let mut chain: Vec<&str> = stack
                        .iter()
                        .skip_while(|(s, _)| *s != callee)
                        .map(|(s, _)| style.macros[*s].name.as_str())
                        .collect();
                    chain.push(style.macros[callee].name.as_str());
                    let name = &style.macros[callee].name;
                    return Err(CslError::new(
                        Subject::Style {
                            offset: find_definition(xml, name),
                        },
                        format!(
                            "macro `{name}` calls itself ({}), which would never end",
                            chain.join(" → ")
                        ),
                    ));
                }
                State::New => {
                    state[callee] = State::Open;
                    stack.push((callee, 0));
                }
                State::Done => {}
            }
        }
    }
    Ok(order)
}

/// The most element evaluations formatting one item through `elements` can take: a group costs
/// its children, a choice its dearest branch (only one is taken), a macro call the macro's cost.
fn cost_of(elements: &[E], index: &HashMap<&str, usize>, macro_cost: &[u64]) -> u64 {
    // Depth is bounded by `check_depth` before the style was deserialised.
    elements.iter().fold(0u64, |sum, e| {
        let own = match e {
            E::Text(t) => match &t.target {
                TextTarget::Macro { name } => {
                    index.get(name.as_str()).map_or(0, |&m| macro_cost[m])
                }
                _ => 0,
            },
            E::Group(g) => cost_of(&g.children, index, macro_cost),
            E::Choose(c) => c
                .branches()
                .map(|b| cost_of(&b.children, index, macro_cost))
                .chain(
                    c.otherwise
                        .iter()
                        .map(|o| cost_of(&o.children, index, macro_cost)),
                )
                .max()
                .unwrap_or(0),
            E::Names(n) => n
                .children
                .iter()
                .map(|child| match child {
                    NamesChild::Substitute(s) => cost_of(&s.children, index, macro_cost),
                    _ => 0,
                })
                .fold(0u64, u64::saturating_add),
            E::Date(_) | E::Number(_) | E::Label(_) => 0,
        };
        sum.saturating_add(1).saturating_add(own)
    })
}

/// Every macro `elements` call, in any branch.
fn calls_in<'s>(elements: &'s [E], out: &mut Vec<&'s str>) {
    for e in elements {
        match e {
            E::Text(t) => {
                if let TextTarget::Macro { name } = &t.target {
                    out.push(name);
                }
            }
            E::Group(g) => calls_in(&g.children, out),
            E::Choose(c) => {
                for b in c.branches() {
                    calls_in(&b.children, out);
                }
                if let Some(o) = &c.otherwise {
                    calls_in(&o.children, out);
                }
            }
            E::Names(n) => {
                for child in &n.children {
                    if let NamesChild::Substitute(s) = child {
                        calls_in(&s.children, out);
                    }
                }
            }
            E::Date(_) | E::Number(_) | E::Label(_) => {}
        }
    }
}

/// The macros sort keys call.
fn sort_calls<'s>(keys: Option<&'s [SortKey]>, out: &mut Vec<&'s str>) {
    for key in keys.unwrap_or_default() {
        if let SortKey::MacroName { name, .. } = key {
            out.push(name);
        }
    }
}

/// The macros `names` call, as indices; an undefined one is an error at its first call.
fn resolve(
    names: &[&str],
    index: &HashMap<&str, usize>,
    xml: &str,
) -> Result<Vec<usize>, CslError> {
    names
        .iter()
        .map(|name| {
            index.get(name).copied().ok_or_else(|| {
                CslError::new(
                    Subject::Style {
                        offset: find_call(xml, name),
                    },
                    format!("the style calls macro `{name}`, which it does not define"),
                )
            })
        })
        .collect()
}

/// Where `macro="name"` is written (a call), if it can be found.
fn find_call(xml: &str, name: &str) -> Option<usize> {
    [format!("macro=\"{name}\""), format!("macro='{name}'")]
        .iter()
        .filter_map(|needle| xml.find(needle.as_str()))
        .min()
}

/// Where `<macro name="name"` is written, if it can be found.
fn find_definition(xml: &str, name: &str) -> Option<usize> {
    [format!("name=\"{name}\""), format!("name='{name}'")]
        .iter()
        .filter_map(|needle| {
            xml.match_indices(needle.as_str())
                .map(|(i, _)| i)
                .find(|&i| {
                    xml[..i]
                        .rfind('<')
                        .is_some_and(|lt| xml[lt..i].starts_with("<macro"))
                })
        })
        .min()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::CitationStyle;
    use hayagriva::archive::ArchivedStyle;
    use hayagriva::citationberg::Style;

    fn style(macros: &str, citation: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>T</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation><layout>{citation}</layout></citation>
</style>"#
        )
    }

    fn error(xml: &str) -> CslError {
        CitationStyle::from_csl_xml(xml).expect_err("refused")
    }

    #[test]
    fn every_bundled_style_passes() {
        for archived in ArchivedStyle::all() {
            if let Style::Independent(s) = archived.get() {
                check_macros(&s, "").unwrap_or_else(|e| panic!("{:?}: {e}", archived.names()));
            }
        }
    }

    #[test]
    fn a_plain_style_passes() {
        let xml = style(
            r#"<macro name="a"><text variable="title"/></macro>"#,
            r#"<text macro="a"/>"#,
        );
        CitationStyle::from_csl_xml(&xml).unwrap();
    }

    #[test]
    fn an_undefined_macro_is_named_where_it_is_called() {
        let xml = style("", r#"<text macro="nowhere"/>"#);
        let e = error(&xml);
        assert!(e.message.contains("`nowhere`"), "{e}");
        let Subject::Style { offset: Some(at) } = e.subject else {
            panic!("{e:?}")
        };
        assert!(xml[at..].starts_with(r#"macro="nowhere""#));
    }

    #[test]
    fn macros_that_call_themselves_are_refused() {
        let direct = style(
            r#"<macro name="a"><text macro="a"/></macro>"#,
            r#"<text macro="a"/>"#,
        );
        assert!(
            error(&direct).message.contains("a → a"),
            "{}",
            error(&direct)
        );
        let mutual = style(
            r#"<macro name="a"><group><text macro="b"/></group></macro><macro name="b"><choose><if variable="title"><text macro="a"/></if></choose></macro>"#,
            r#"<text macro="a"/>"#,
        );
        let e = error(&mutual);
        assert!(e.message.contains("a → b → a"), "{e}");
        let Subject::Style { offset: Some(at) } = e.subject else {
            panic!("{e:?}")
        };
        assert!(mutual[..at].ends_with("<macro "), "{}", &mutual[at..]);
    }

    #[test]
    fn deep_nesting_is_refused_before_it_is_parsed() {
        let depth = 100_000;
        let xml = style(
            "",
            &format!("{}{}", "<group>".repeat(depth), "</group>".repeat(depth)),
        );
        let e = error(&xml);
        assert!(e.message.contains("nested more than"), "{e}");
    }

    #[test]
    fn exponential_macros_are_refused_quickly() {
        let mut macros = String::from(r#"<macro name="m0"><text variable="title"/></macro>"#);
        for level in 1..=6 {
            macros.push_str(&format!(r#"<macro name="m{level}">"#));
            for _ in 0..10 {
                macros.push_str(&format!(r#"<text macro="m{}"/>"#, level - 1));
            }
            macros.push_str("</macro>");
        }
        let start = std::time::Instant::now();
        let e = error(&style(&macros, r#"<text macro="m6"/>"#));
        assert!(e.message.contains("takes more than"), "{e}");
        assert!(start.elapsed().as_secs() < 5);
    }
}
