//! Rules about checklists (E05xx).

use cited_site::Code;
use foldhash::{HashMap, HashMapExt};

use cited_site::Diagnostic;
use cited_site::Site;

/// Item ids, emptiness, guidance coverage, embeds and ids across checklists.
pub fn check_checklists(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut ids: HashMap<&str, &cited_site::Checklist> = HashMap::new();
    for checklist in &site.checklists {
        let source = &checklist.source;
        if let Some(first) = ids.get(checklist.id()) {
            out.push(
                Diagnostic::new(
                    Code::E0505,
                    source.id.span.clone(),
                    format!("checklist id `{}` is used twice", checklist.id()),
                )
                .with_secondary(first.source.id.span.clone(), "first used here")
                .with_hint(format!(
                    "give each checklist an id of its own (a page embeds a checklist, and a reader's ticks are kept, by its id), such as `{}-2`",
                    checklist.id()
                )),
            );
        } else {
            ids.insert(checklist.id(), checklist);
        }
        if !cited_site::is_valid_slug(checklist.id()) {
            out.push(
                Diagnostic::new(
                    Code::E0007,
                    source.id.span.clone(),
                    format!("`{}` cannot be a checklist's URL", checklist.id()),
                )
                .with_hint("use lowercase letters, digits and `-` only"),
            );
        }
        let items = &source.items.value;
        if items.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::E0502,
                    source.items.span.clone(),
                    "checklist has no items",
                )
                .with_hint("add at least one item with `id` and `label`"),
            );
        }
        let mut item_ids: HashMap<&str, &cited_site::Located<String>> = HashMap::new();
        for item in items {
            // An item's id is part of an element id (`…item.feeling-worse`), which a space
            // or other punctuation breaks.
            let id = item.id.value.as_str();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            {
                out.push(
                    Diagnostic::new(
                        Code::E0004,
                        item.id.span.clone(),
                        format!(
                            "`{}` cannot be an item's id: it names the item's element on the page",
                            item.id.value
                        ),
                    )
                    .with_hint("use letters, digits, `-` and `_` only, such as `feeling-worse`"),
                );
            }
            if let Some(first) = item_ids.get(item.id.value.as_str()) {
                out.push(
                    Diagnostic::new(
                        Code::E0501,
                        item.id.span.clone(),
                        format!("item id `{}` is used twice", item.id.value),
                    )
                    .with_secondary(first.span.clone(), "first used here")
                    .with_hint(format!(
                        "give each item an id of its own (a reader's ticks are kept by id), such as `{}-2`",
                        item.id.value
                    )),
                );
            } else {
                item_ids.insert(&item.id.value, &item.id);
            }
        }
        check_guidance(checklist, items.len(), out);
    }
    for page in &site.pages {
        for (id, range) in &page.body.checklists {
            // A checklist file that did not load may define it: that file's error says so.
            if !ids.contains_key(id.as_str()) && !site.content_incomplete {
                let mut d = Diagnostic::new(
                    Code::E0504,
                    page.body.span(range),
                    format!("no checklist has the id `{id}`"),
                );
                if let Some(close) = cited_site::did_you_mean(id, ids.keys().copied()) {
                    // A close id the checklist may not keep (E0007 there) is no fix here.
                    d = d.with_hint(if cited_site::is_valid_slug(close) {
                        format!("did you mean `{close}`?")
                    } else {
                        format!("the checklist `{close}` comes closest, but its id cannot be a URL: give it one of lowercase letters, digits and `-`, and write that here")
                    });
                }
                out.push(d);
            }
        }
    }
}

fn check_guidance(checklist: &cited_site::Checklist, n: usize, out: &mut Vec<Diagnostic>) {
    let source = &checklist.source;
    let mut covered: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    // A `when` written wrongly is the mistake; the gaps it leaves are not reported beside it.
    let mut miswritten = false;
    for (i, (range, _)) in checklist.guidance.iter().enumerate() {
        let when = &source.guidance.value[i].when;
        match range {
            None => {
                miswritten = true;
                // `3-1`: a range written backwards.
                let backwards = when
                    .value
                    .split_once('-')
                    .and_then(|(a, b)| {
                        Some((
                            a.trim().parse::<usize>().ok()?,
                            b.trim().parse::<usize>().ok()?,
                        ))
                    })
                    .filter(|(a, b)| a > b);
                out.push(match backwards {
                    Some((a, b)) => Diagnostic::new(
                        Code::E0503,
                        when.span.clone(),
                        format!("the range `{}` runs backwards", when.value),
                    )
                    .with_hint(format!("write it from the smaller count: `\"{b}-{a}\"`")),
                    None => Diagnostic::new(
                        Code::E0503,
                        when.span.clone(),
                        format!("`{}` is not a count or a range", when.value),
                    )
                    .with_hint("write a count (`\"2\"`) or an inclusive range (`\"3-5\"`)"),
                });
            }
            Some((a, b)) if *b > n => {
                miswritten = true;
                out.push(
                    Diagnostic::new(
                        Code::E0503,
                        when.span.clone(),
                        format!("`{}` goes past the {n} items of the checklist", when.value),
                    )
                    .with_hint(if *a >= n {
                        format!("a reader can tick at most {n}: write `\"{n}\"`")
                    } else {
                        format!(
                            "a reader can tick at most {n}: end the range there (`\"{}\"`)",
                            written((*a, n), "-")
                        )
                    }),
                );
            }
            Some((a, b)) => (*a..=*b).for_each(|k| covered[k].push(i)),
        }
    }
    if miswritten {
        return;
    }
    // Counts in runs: a checklist of many items with guidance for a few has one gap of many
    // counts, said as one ("4 to 10"), not count by count.
    let missing = runs((0..=n).filter(|&k| covered[k].is_empty()));
    if !missing.is_empty() {
        let whens: Vec<String> = missing
            .iter()
            .map(|&run| format!("`when: \"{}\"`", written(run, "-")))
            .collect();
        out.push(
            Diagnostic::new(
                Code::E0503,
                source.guidance.span.clone(),
                format!("no guidance for {} ticked", said(&missing)),
            )
            .with_hint(format!(
                "guidance must cover every count from 0 to {n} exactly once: add guidance with {}",
                and_list(&whens)
            )),
        );
    }
    // Each pair of entries covering the same counts, once, over the counts they share.
    let mut pairs: Vec<((usize, usize), Vec<usize>)> = Vec::new();
    for (k, entries) in covered.iter().enumerate() {
        if let [first, second, ..] = entries[..] {
            match pairs.iter_mut().find(|(pair, _)| *pair == (first, second)) {
                Some((_, counts)) => counts.push(k),
                None => pairs.push(((first, second), vec![k])),
            }
        }
    }
    for ((first, second), counts) in pairs {
        let both = said(&runs(counts.into_iter()));
        out.push(
            Diagnostic::new(
                Code::E0503,
                source.guidance.value[second].when.span.clone(),
                format!("two guidance entries cover {both} ticked"),
            )
            .with_secondary(
                source.guidance.value[first].when.span.clone(),
                "also covered here",
            )
            .with_hint(format!(
                "each count from 0 to {n} needs exactly one guidance: change one of the two ranges so that they no longer both cover {both}"
            )),
        );
    }
}

/// Ascending counts as runs of consecutive ones, each (first, last).
fn runs(counts: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for k in counts {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == k => *last = k,
            _ => runs.push((k, k)),
        }
    }
    runs
}

/// A run of counts with `between` its ends: `"3"`, `"3-5"` as a `when` is written (as the
/// checklist loader reads it), `"3 to 5"` in words.
fn written((first, last): (usize, usize), between: &str) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}{between}{last}")
    }
}

/// Runs of counts in words: "1", "3 to 5", "1, 3 to 5 and 8".
fn said(runs: &[(usize, usize)]) -> String {
    let each: Vec<String> = runs.iter().map(|&run| written(run, " to ")).collect();
    and_list(&each)
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_said_in_runs() {
        let said_of = |counts: &[usize]| said(&runs(counts.iter().copied()));
        assert_eq!(said_of(&[1]), "1");
        assert_eq!(said_of(&[1, 2]), "1 to 2");
        assert_eq!(said_of(&[0, 3, 4, 5]), "0 and 3 to 5");
        assert_eq!(said_of(&[1, 3, 4, 5, 8]), "1, 3 to 5 and 8");
        assert_eq!(said_of(&(3..=1002).collect::<Vec<_>>()), "3 to 1002");
        assert_eq!(said_of(&[]), "");
        assert_eq!(written((3, 3), "-"), "3");
        assert_eq!(written((3, 5), "-"), "3-5");
    }
}
