//! Rules about references and the citations that point at them (E01xx, E02xx).

use cited_site::Code;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use cited_site::Reference;
use cited_site::Site;
use cited_site::{Diagnostic, did_you_mean};
use jiff::civil::Date;

use crate::CheckOptions;

mod types;

/// The path of the reference file named for `key` (`references/key.yaml`), and the id it
/// defines instead, when it defines one source and not `key`: its id was changed (or copied
/// from another file) and the citations of `key` were left behind.
fn renamed<'s>(site: &'s Site, key: &str) -> Option<(&'s str, &'s str)> {
    let mut in_file = site.references.iter().filter(|r| {
        let path = site.sources.path(r.key.span.file);
        std::path::Path::new(path).file_stem() == Some(std::ffi::OsStr::new(key))
    });
    let only = in_file.next()?;
    if in_file.next().is_some() {
        return None;
    }
    Some((
        site.sources.path(only.key.span.file),
        only.key.value.as_str(),
    ))
}

/// Unknown keys, duplicate ids and identifiers, unused references.
pub fn check_citations(site: &Site, out: &mut Vec<Diagnostic>) {
    let keys: Vec<&str> = site
        .references
        .iter()
        .map(|r| r.key.value.as_str())
        .collect();
    let known: HashSet<&str> = keys.iter().copied().collect();
    let mut cited: HashSet<&str> = HashSet::new();
    // The skeletons of the ids, made when a key is first unknown.
    let mut skeletons: Option<HashMap<String, &str>> = None;
    for doc in site.documents() {
        for citation in &doc.citations {
            for item in &citation.items {
                cited.insert(item.key());
                // A reference file that did not load may define it: that file's error says so.
                if known.contains(item.key()) || site.references_incomplete {
                    continue;
                }
                let mut d = Diagnostic::new(
                    Code::E0101,
                    doc.span(&item.key_range()),
                    format!(
                        "citation key `{}` does not resolve to a reference",
                        item.key()
                    ),
                )
                .with_label("unknown key");
                let alike = skeletons
                    .get_or_insert_with(|| keys.iter().map(|k| (skeleton(k), *k)).collect())
                    .get(&skeleton(item.key()))
                    .filter(|k| !(k.is_ascii() && item.key().is_ascii()));
                // The file named for the key is the surest sign, then a key spelt alike.
                let renamed = || {
                    renamed(site, item.key()).map(|(path, id)| {
                        format!(
                            "`{path}`, named for this key, defines `{id}`: if that file is this source, write `id: {}` in it",
                            item.key()
                        )
                    })
                };
                let close = || {
                    did_you_mean(item.key(), keys.iter().copied())
                        .map(|close| format!("did you mean `{}`?", cited_site::written_key(close)))
                };
                d.hint = Some(match alike {
                    Some(alike) => format!(
                        "`{}` looks like `{alike}` but is not the same text ({}): retype it",
                        item.key(),
                        non_ascii(item.key())
                    ),
                    None => renamed().or_else(close).unwrap_or_else(|| {
                        if item.author_in_text() {
                            // `Follow @NIMHgov`: a handle, not a citation.
                            format!(
                                "add a file under `references/` with this `id`; if it is not a citation (a handle such as `@{0}` on social media), write `\\@{0}`",
                                item.key()
                            )
                        } else {
                            "add a file under `references/` with this `id`".to_owned()
                        }
                    }),
                });
                out.push(d);
            }
        }
    }

    // A key in brackets without its `@` is printed as text and cites nothing.
    for doc in site.documents() {
        for bracketed in &doc.bracketed_words {
            let word = &*bracketed.word;
            if known.contains(word) {
                out.push(
                    Diagnostic::new(
                        Code::E0104,
                        doc.span(&bracketed.range),
                        format!("`{word}` is a reference's key, but without `@` this is not a citation: it is printed as it is"),
                    )
                    .with_label("no `@`")
                    .with_hint(format!("write `@{word}` to cite it, as in `[@{word}]`")),
                );
            }
        }
    }

    // Pandoc's `nocite` lists sources as citations do: each key must be a reference, and a
    // listed source is used.
    for page in &site.pages {
        let Some(at) = page.front.nocite.as_ref() else {
            continue;
        };
        match page.front.nocite() {
            Some(cited_site::NoCite::All) => cited.extend(keys.iter().copied()),
            Some(cited_site::NoCite::Keys(listed)) => {
                for key in listed {
                    if let Some(k) = known.get(key.as_str()) {
                        cited.insert(k);
                        continue;
                    }
                    if site.references_incomplete {
                        continue;
                    }
                    let mut d = Diagnostic::new(
                        Code::E0101,
                        at.span.clone(),
                        format!("`nocite` lists `{key}`, which no reference defines"),
                    )
                    .with_label("unknown key");
                    d.hint = Some(match did_you_mean(&key, keys.iter().copied()) {
                        Some(close) => {
                            format!("did you mean `{}`?", cited_site::written_key(close))
                        }
                        None => "add a file under `references/` with this `id`, or remove the key from `nocite`".to_owned(),
                    });
                    out.push(d);
                }
            }
            None => {}
        }
    }

    let mut by_id: HashMap<&str, &Reference> = HashMap::new();
    let mut by_skeleton: HashMap<String, &Reference> = HashMap::new();
    let mut by_identifier: HashMap<(String, String), &Reference> = HashMap::new();
    for reference in &site.references {
        let key = reference.key.value.as_str();
        if let Some(first) = by_id.get(key) {
            out.push(
                Diagnostic::new(
                    Code::E0202,
                    reference.key.span.clone(),
                    format!("reference id `{key}` is defined twice"),
                )
                .with_label("second definition")
                .with_secondary(first.key.span.clone(), "first defined here")
                .with_hint("rename one of them, or delete the duplicate"),
            );
            continue;
        }
        by_id.insert(key, reference);
        // Ids that look the same (a Cyrillic а for a Latin a) are the same id to a reader: one
        // could stand in for the other in a citation, and nobody would see it. As rustc's
        // `confusable_idents` does, two ASCII ids are not compared (`rn` and `m` are distinct
        // on any keyboard).
        match by_skeleton.entry(skeleton(key)) {
            std::collections::hash_map::Entry::Occupied(first)
                if key.is_ascii() && first.get().key.value.is_ascii() => {}
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = *first.get();
                let odd = if key.is_ascii() {
                    &first.key.value
                } else {
                    &reference.key.value
                };
                out.push(
                    Diagnostic::new(
                        Code::E0202,
                        reference.key.span.clone(),
                        format!(
                            "reference ids `{key}` and `{}` look alike: `{odd}` holds {}",
                            first.key.value,
                            non_ascii(odd)
                        ),
                    )
                    .with_label("looks like another id")
                    .with_secondary(first.key.span.clone(), "the id it looks like")
                    .with_hint("give each reference an id that looks different; write ids in plain letters and digits"),
                );
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(reference);
            }
        }
        for field in ["DOI", "PMID"] {
            let Some(value) = reference.text(field) else {
                continue;
            };
            let norm = (field.to_owned(), value.value.trim().to_lowercase());
            if let Some(first) = by_identifier.get(&norm) {
                out.push(
                    Diagnostic::new(
                        Code::E0203,
                        value.span.clone(),
                        format!("`{key}` and `{}` have the same {field}", first.key.value),
                    )
                    .with_secondary(first.key.span.clone(), "the other entry")
                    .with_hint("keep one entry and cite it everywhere"),
                );
            } else {
                by_identifier.insert(norm, reference);
            }
        }
        if !cited.contains(key) && !site.content_incomplete {
            out.push(
                Diagnostic::new(
                    Code::E0204,
                    reference.key.span.clone(),
                    format!("reference `{key}` is never cited"),
                )
                .with_hint(
                    "cite it, list it in a page's `nocite` to show it in that page's bibliography, or remove it",
                ),
            );
        }
    }
}

/// The Unicode confusables skeleton of a key (UTS #39): two keys with the same skeleton look alike.
pub fn skeleton(key: &str) -> String {
    unicode_security::confusable_detection::skeleton(key).collect()
}

/// The characters of `text` outside ASCII, as code points: `U+0430`.
fn non_ascii(text: &str) -> String {
    let chars: Vec<String> = text
        .chars()
        .filter(|c| !c.is_ascii())
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    if chars.is_empty() {
        "only ASCII".to_owned()
    } else {
        chars.join(", ")
    }
}

/// Required fields, identifier syntax and access dates.
pub fn check_references(site: &Site, options: &CheckOptions, out: &mut Vec<Diagnostic>) {
    let interval = site
        .config
        .as_ref()
        .and_then(|c| c.policy.review_interval_days.as_ref())
        .map(|d| d.value);
    for reference in &site.references {
        check_required_fields(reference, out);
        check_identifiers(reference, out);
        check_accessed(reference, options.today, interval, out);
        check_unread_dates(reference, out);
        check_impossible_dates(reference, options.today, out);
    }
}

/// The first four digits in a row of `text`: the year of a date written as text.
fn year_in(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .find(|&i| bytes[i..i + 4].iter().all(u8::is_ascii_digit))
        .map(|i| &text[i..i + 4])
}

/// A reference's date fields (`issued`, `accessed`, …), by CSL's list of date variables.
fn date_fields(
    reference: &Reference,
) -> impl Iterator<Item = (&str, &cited_site::Located<serde_json::Value>)> {
    reference
        .fields
        .iter()
        .filter(|(field, _)| cited_csl::variable_kind_of(field) == cited_csl::VariableKind::Date)
        .map(|(field, value)| (field.as_str(), value))
}

/// A warning for a date field written as text no date reading takes, which is printed as
/// written: `issued: "2002 Jun;9(3)"`, PubMed's form, prints whole where a year is wanted.
fn check_unread_dates(reference: &Reference, out: &mut Vec<Diagnostic>) {
    for (_, value) in date_fields(reference) {
        let Some(written) = cited_csl::unread_date(&value.value) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::E0209,
                value.span.clone(),
                format!("`{written}` is not a date CSL reads, so it is printed as written"),
            )
            .with_severity(cited_site::Severity::Warning)
            .with_label("printed as written")
            .with_hint(format!(
                "write the date as YYYY-MM-DD, as much of it as is known (`{}-06`); to print text on purpose, write {{literal: \"…\"}}",
                year_in(written).unwrap_or("2020")
            )),
        );
    }
}

/// A work's date no source can have, which the style would print all the same: a year after
/// next (`20002`, `2202`), or a date typed with a letter for a digit (`2O02`, printed as written).
/// `accessed` has its own check (after today), in [`check_accessed`].
fn check_impossible_dates(reference: &Reference, today: Date, out: &mut Vec<Diagnostic>) {
    let latest = i32::from(today.year()) + 1;
    for (field, value) in date_fields(reference).filter(|(field, _)| *field != "accessed") {
        if let Some((written, meant)) = cited_csl::date_with_letters(&value.value) {
            out.push(
                Diagnostic::new(
                    Code::E0209,
                    value.span.clone(),
                    format!(
                        "`{written}` is not a date: it has a letter where a digit belongs, so it would be printed as written"
                    ),
                )
                .with_label("a letter for a digit")
                .with_hint(format!("write the digits: `{meant}`")),
            );
            continue;
        }
        let Some(year) = cited_csl::years(&value.value)
            .into_iter()
            .map(i32::from)
            .find(|&y| y > latest)
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::E0207,
                value.span.clone(),
                format!("`{field}` is in the year {year}, after next year"),
            )
            .with_label("no work can be dated so")
            .with_hint(match &years_meant(year, latest)[..] {
                [] => format!("check the date against the source; a work in press is dated the year it is expected, at most {latest}"),
                [one] => format!("did you mean {one}? Check the date against the source"),
                [first @ .., last] => format!(
                    "did you mean {} or {last}? Check the date against the source",
                    first.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                ),
            }),
        );
    }
}

/// The years `year` could have been meant as, with a digit typed twice or two digits swapped
/// (`20022` for 2022 or 2002, `2102` for 2012): the plausible years (1800 to `latest`) one
/// deletion or one swap away, newest first; none when there are more than three.
fn years_meant(year: i32, latest: i32) -> Vec<i32> {
    let digits: Vec<char> = year.to_string().chars().collect();
    let mut candidates: Vec<i32> = Vec::new();
    let mut consider = |chars: Vec<char>| {
        if let Ok(y) = chars.into_iter().collect::<String>().parse::<i32>()
            && (1800..=latest).contains(&y)
            && !candidates.contains(&y)
        {
            candidates.push(y);
        }
    };
    for i in 0..digits.len() {
        let mut shorter = digits.clone();
        shorter.remove(i);
        consider(shorter);
    }
    if digits.len() == 4 {
        for i in 0..3 {
            let mut swapped = digits.clone();
            swapped.swap(i, i + 1);
            consider(swapped);
        }
    }
    candidates.sort_unstable_by(|a, b| b.cmp(a));
    if candidates.len() > 3 {
        candidates.clear();
    }
    candidates
}

fn check_required_fields(reference: &Reference, out: &mut Vec<Diagnostic>) {
    let key = &reference.key.value;
    let item_type = reference.item_type().unwrap_or_default();
    let has = |f: &str| reference.fields.contains_key(f);
    // No `type` is a generic item, as Pandoc reads it (Pandoc writes BibTeX's `misc` so).
    let mut missing = Vec::new();
    if !has("title") {
        missing.push("`title`");
    }
    if !has("author") && !has("publisher") && !has("editor") {
        missing.push("`author` or `publisher`");
    }
    let is_web = matches!(item_type.as_str(), "webpage" | "post" | "post-weblog");
    if !has("issued") && !is_web {
        missing.push("date (`issued`)");
    }
    if item_type.starts_with("article") && !has("DOI") && !has("PMID") && !has("URL") {
        missing.push("`DOI`, `PMID` or `URL`");
    }
    if is_web {
        if !has("URL") {
            missing.push("`URL`");
        }
        if !has("accessed") {
            missing.push("`accessed` date");
        }
    }
    if let Some(title) = reference.fields.get("title") {
        let problem = match &title.value {
            serde_json::Value::String(s) if s.trim().is_empty() => Some("is empty"),
            serde_json::Value::String(_) | serde_json::Value::Number(_) => None,
            serde_json::Value::Array(_) => Some("is a list"),
            serde_json::Value::Object(_) => Some("is a mapping"),
            _ => Some("is not text"),
        };
        if let Some(problem) = problem {
            out.push(
                Diagnostic::new(
                    Code::E0205,
                    title.span.clone(),
                    format!("the `title` of reference `{key}` {problem}"),
                )
                .with_hint(
                    "write the source's title as one line of text: `title: \"A study of things\"`",
                ),
            );
        }
    }
    if !missing.is_empty() {
        out.push(
            Diagnostic::new(
                Code::E0205,
                reference.key.span.clone(),
                format!("reference `{key}` lacks {}", missing.join("; ")),
            )
            .with_hint("add them to the reference as the source gives them (readers and reviewers need them to find it); `cited add` with the source's DOI or PMID writes a reference that has them"),
        );
    }
    types::check_type(reference, out);
}

fn check_identifiers(reference: &Reference, out: &mut Vec<Diagnostic>) {
    if let Some(doi) = reference.text("DOI") {
        let value = doi.value.as_str();
        // A DOI copied from the end of a sentence keeps its full stop: a link that fails.
        let trailing = value
            .trim_end()
            .chars()
            .next_back()
            .filter(|c| matches!(c, '.' | ',' | ';' | ':'));
        let problem = if !is_doi(value) {
            let hint = if value.to_lowercase().contains("doi.org/") {
                "write the DOI alone, without `https://doi.org/`".to_owned()
            } else if value.trim() != value && is_doi(value.trim()) {
                "remove the space at its start or end".to_owned()
            } else {
                "a DOI looks like `10.1234/abc.5678`".to_owned()
            };
            Some((format!("`{value}` is not a DOI"), hint))
        } else {
            trailing.map(|c| {
                (
                    format!("the DOI `{value}` ends with `{c}`, as one copied from the end of a sentence: its link would fail"),
                    format!("remove the `{c}` at its end"),
                )
            })
        };
        if let Some((message, hint)) = problem {
            out.push(Diagnostic::new(Code::E0206, doi.span.clone(), message).with_hint(hint));
        }
    }
    if let Some(pmid) = reference.text("PMID")
        && !(pmid.value.len() <= 9
            && !pmid.value.is_empty()
            && pmid.value.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(
            Diagnostic::new(
                Code::E0206,
                pmid.span.clone(),
                format!("`{}` is not a PMID", pmid.value),
            )
            .with_hint("a PMID is up to 9 digits, e.g. `31920413`"),
        );
    }
    if let Some(pmcid) = reference.text("PMCID")
        && !pmcid
            .value
            .strip_prefix("PMC")
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push(
            Diagnostic::new(
                Code::E0206,
                pmcid.span.clone(),
                format!("`{}` is not a PMCID", pmcid.value),
            )
            .with_hint("a PMCID is `PMC` followed by digits, e.g. `PMC6935308`"),
        );
    }
    if let Some(url) = reference.text("URL")
        && !is_http_url(&url.value)
    {
        out.push(
            Diagnostic::new(
                Code::E0206,
                url.span.clone(),
                format!("`{}` is not an http or https URL", url.value),
            )
            .with_hint("references link only to http and https addresses"),
        );
    }
}

/// `10.NNNN/suffix`, as the DOI handbook defines it (registrant code of 4 or more digits, dots allowed).
pub fn is_doi(doi: &str) -> bool {
    let Some(rest) = doi.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    registrant.len() >= 4
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

/// An absolute http or https URL with a host and no spaces or control characters.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
    })
}

/// The date in a CSL date field: `{date-parts: [[y, m, d]]}`, or a `YYYY-MM-DD` string; or
/// why it is no day of the calendar (`day 30 is out of range: February 2026 has 28 days`).
pub fn csl_date(value: &serde_json::Value) -> Result<Date, String> {
    let parts = value
        .get("date-parts")
        .and_then(|p| p.get(0))
        .and_then(|p| p.as_array());
    if let Some(parts) = parts {
        let n = |i: usize, default: i64| {
            parts.get(i).map_or(Some(default), |v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            })
        };
        return match (n(0, 0), n(1, 1), n(2, 1)) {
            (Some(y), Some(m), Some(d)) => day_of(y, m, d),
            _ => Err("its parts are not numbers".to_owned()),
        };
    }
    let text = value
        .get("raw")
        .or(Some(value))
        .and_then(|v| v.as_str())
        .ok_or("it is neither a date nor `{date-parts: …}`")?
        .trim();
    if let Ok(date) = text.parse() {
        return Ok(date);
    }
    let numbers: Vec<i64> = text.split('-').filter_map(|p| p.parse().ok()).collect();
    match numbers[..] {
        [y, m, d] if text.split('-').count() == 3 => day_of(y, m, d),
        _ => Err(format!("`{text}` is not written YYYY-MM-DD")),
    }
}

/// The day `y-m-d`, or which part is out of range.
fn day_of(y: i64, m: i64, d: i64) -> Result<Date, String> {
    let year = i16::try_from(y)
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| format!("the year {y} is out of range"))?;
    let month = i8::try_from(m)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| format!("month {m} is out of range"))?;
    let first = Date::new(year, month, 1).map_err(|_| format!("month {m} is out of range"))?;
    let last = first.days_in_month();
    i8::try_from(d)
        .ok()
        .and_then(|d| Date::new(year, month, d).ok())
        .ok_or_else(|| {
            format!(
                "day {d} is out of range: {} has {last} days",
                first.strftime("%B %Y")
            )
        })
}

fn check_accessed(
    reference: &Reference,
    today: Date,
    interval: Option<u32>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(accessed) = reference.fields.get("accessed") else {
        return;
    };
    let date = match csl_date(&accessed.value) {
        Ok(date) => date,
        Err(why) => {
            out.push(
                Diagnostic::new(
                    Code::E0603,
                    accessed.span.clone(),
                    format!("`accessed` is not a date: {why}"),
                )
                .with_hint("write `accessed: {date-parts: [[2026, 11, 27]]}`"),
            );
            return;
        }
    };
    if date > today {
        out.push(
            Diagnostic::new(
                Code::E0207,
                accessed.span.clone(),
                format!("`accessed` ({date}) is in the future"),
            )
            .with_hint(format!("today is {today}")),
        );
    } else if let Some(days) = interval
        && let Ok(span) = today.since(date)
        && span.get_days() > i32::try_from(days).unwrap_or(i32::MAX)
    {
        out.push(
            Diagnostic::new(
                Code::E0208,
                accessed.span.clone(),
                format!(
                    "`{}` was last accessed {date}, over {days} days ago",
                    reference.key.value
                ),
            )
            .with_hint("check the page still says what the content cites, then update `accessed`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_years_an_impossible_year_was_meant_as() {
        assert_eq!(years_meant(20002, 2027), vec![2002, 2000]);
        assert_eq!(years_meant(20020, 2027), vec![2020, 2002, 2000]);
        assert_eq!(years_meant(2102, 2027), vec![2012]);
        assert!(years_meant(9999, 2027).is_empty());
    }

    #[test]
    fn identifier_syntax() {
        assert!(is_doi("10.2147/PRBM.S211117"));
        assert!(is_doi("10.1176/appi.ajp.2021.20091347"));
        assert!(!is_doi("https://doi.org/10.2147/x"));
        assert!(!is_doi("10.21/x"));
        assert!(!is_doi("10.2147/"));
        assert!(is_http_url("https://www.nimh.nih.gov/health/"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
    }

    #[test]
    fn csl_dates() {
        let v = serde_json::json!({"date-parts": [[2026, 11, 26]]});
        assert_eq!(csl_date(&v), Ok(jiff::civil::date(2026, 11, 26)));
        let v = serde_json::json!({"date-parts": [["2011"]]});
        assert_eq!(csl_date(&v), Ok(jiff::civil::date(2011, 1, 1)));
        assert_eq!(
            csl_date(&serde_json::json!("2021-02-29")),
            Err("day 29 is out of range: February 2021 has 28 days".to_owned())
        );
        assert_eq!(
            csl_date(&serde_json::json!({"date-parts": [[2021, 13, 1]]})),
            Err("month 13 is out of range".to_owned())
        );
        assert_eq!(
            csl_date(&serde_json::json!("yesterday")),
            Err("`yesterday` is not written YYYY-MM-DD".to_owned())
        );
    }
}
