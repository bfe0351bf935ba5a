//! Rules of the editorial policy (E06xx): required fields, review dates, disclosures.

use cited_site::Code;
use cited_site::Diagnostic;
use cited_site::Located;
use cited_site::Page;
use cited_site::Site;
use cited_site::Span;
use jiff::civil::Date;

use crate::CheckOptions;

/// Front-matter fields a policy may require.
pub const POLICY_FIELDS: &[&str] = &[
    "authors",
    "reviewed_by",
    "published",
    "last_reviewed",
    "next_review",
    "description",
];

/// Parses a `YYYY-MM-DD` front-matter date, reporting E0603.
pub fn parse_date(value: &Located<String>, out: &mut Vec<Diagnostic>) -> Option<Date> {
    let text = value.value.trim();
    // Only `YYYY-MM-DD` is handed to jiff, which also reads ISO 8601's basic form (`20261204`),
    // a time of day and a signed year (`+002026-12-04`): each would be published as written (in
    // `<time datetime>` and the JSON-LD), where readers and crawlers expect `2026-12-04`.
    let is_day = |t: &str| {
        t.len() == 10
            && t.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    if !is_day(text) {
        let (message, hint) = if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
            (
                format!("`{text}` is a date without its hyphens"),
                format!(
                    "write it as YYYY-MM-DD: `{}-{}-{}`",
                    &text[..4],
                    &text[4..6],
                    &text[6..]
                ),
            )
        } else if let Some(day) = text.get(..10).filter(|d| is_day(d)) {
            (
                format!("`{text}` has more than a day: these dates are days"),
                format!("write only the day: `{day}`"),
            )
        } else if let Some(hint) = separated_date_hint(text).or_else(|| written_date_hint(text)) {
            (format!("`{text}` is not written as YYYY-MM-DD"), hint)
        } else {
            (
                format!("`{}` is not a date", value.value),
                "write dates as YYYY-MM-DD, e.g. 2026-11-27".to_owned(),
            )
        };
        out.push(Diagnostic::new(Code::E0603, value.span.clone(), message).with_hint(hint));
        return None;
    }
    match text.parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            // Written as a date, but a day or month that does not exist (`2026-11-31`): say
            // which, rather than how to write a date.
            let text = value.value.trim();
            let parts: Vec<&str> = text.split('-').collect();
            let numbers: Option<Vec<i16>> = (parts.len() == 3
                && parts[0].len() == 4
                && parts[1..].iter().all(|p| p.len() == 2))
            .then(|| parts.iter().map(|p| p.parse::<i16>().ok()).collect())
            .flatten();
            let (message, hint) = match numbers.as_deref() {
                Some(&[_, month, _]) if !(1..=12).contains(&month) => (
                    format!("`{text}` is not a date: there is no month {month}"),
                    "months go from 01 to 12 (YYYY-MM-DD)".to_owned(),
                ),
                Some(&[year, month, day]) => {
                    let last = jiff::civil::Date::new(year, month as i8, 1)
                        .map(|d| d.days_in_month())
                        .unwrap_or(31);
                    (
                        format!(
                            "`{text}` is not a date: {} {year} has {last} days, not {day}",
                            u8::try_from(month)
                                .ok()
                                .and_then(cited_csl::month_name)
                                .unwrap_or("the month")
                        ),
                        format!("write a day from 01 to {last}"),
                    )
                }
                _ => (
                    format!("`{}` is not a date", value.value),
                    "write dates as YYYY-MM-DD, e.g. 2026-11-27".to_owned(),
                ),
            };
            out.push(Diagnostic::new(Code::E0603, value.span.clone(), message).with_hint(hint));
            None
        }
    }
}

/// The hint for a date written with slashes or dots (`07/12/2026`, `27.11.2026`, `2026/12/07`):
/// the same day as YYYY-MM-DD, or both days a day and a month could make when neither is over 12
/// (`07/12/2026` is 7 December in most of the world and July 12 in the US).
fn separated_date_hint(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |p: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i16>().ok())
            .flatten()
    };
    let day_of = |year: i16, month: i16, day: i16| {
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        Date::new(year, month, day).ok().map(|d| d.to_string())
    };
    if let (Some(year), Some(month), Some(day)) =
        (number(a, 4..=4), number(b, 1..=2), number(c, 1..=2))
    {
        return day_of(year, month, day).map(|d| format!("write it with hyphens: `{d}`"));
    }
    let (first, second, year) = (number(a, 1..=2)?, number(b, 1..=2)?, number(c, 4..=4)?);
    match (day_of(year, second, first), day_of(year, first, second)) {
        (Some(day_first), Some(month_first)) if day_first != month_first => Some(format!(
            "write it as YYYY-MM-DD: `{day_first}` if the day comes first, `{month_first}` if the month does"
        )),
        (Some(d), _) | (None, Some(d)) => Some(format!("write it as YYYY-MM-DD: `{d}`")),
        (None, None) => None,
    }
}

/// The hint for a date written out with its month's name (`7 December 2026`, `Monday 7th Dec
/// 2026`, `December 7, 2026`): the same day as YYYY-MM-DD.
fn written_date_hint(text: &str) -> Option<String> {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let words: Vec<String> = text
        .split([' ', ','])
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !w.is_empty() && !WEEKDAYS.iter().any(|d| d.starts_with(w.as_str())))
        .collect();
    // A month's name, or three letters or more of it (`Dec`, `Sept`).
    let month = |w: &str| {
        (1..=12u8).find(|&m| {
            cited_csl::month_name(m)
                .is_some_and(|name| w.len() >= 3 && name.to_lowercase().starts_with(w))
        })
    };
    // A day's number, with its ordinal's letters (`7th`).
    let day = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        ((1..=2).contains(&digits.len()) && ["", "st", "nd", "rd", "th"].contains(&suffix))
            .then(|| digits.parse::<i8>().ok())
            .flatten()
    };
    let [a, b, year] = words.as_slice() else {
        return None;
    };
    let (d, m) = match (day(a), month(b)) {
        (Some(d), Some(m)) => (d, m),
        _ => (day(b)?, month(a)?),
    };
    let year = year.parse::<i16>().ok().filter(|_| year.len() == 4)?;
    let date = Date::new(year, i8::try_from(m).ok()?, d).ok()?;
    Some(format!("write it as YYYY-MM-DD: `{date}`"))
}

/// Policy fields, dates and disclosures.
pub fn check_editorial(site: &Site, options: &CheckOptions, out: &mut Vec<Diagnostic>) {
    let Some(config) = &site.config else { return };
    for field in &config.policy.required {
        if !POLICY_FIELDS.contains(&field.value.as_str()) {
            let mut d = Diagnostic::new(
                Code::E0003,
                field.span.clone(),
                format!(
                    "`{}` is not a front-matter field a policy can require",
                    field.value
                ),
            );
            if let Some(close) =
                cited_site::did_you_mean(&field.value, POLICY_FIELDS.iter().copied())
            {
                d = d.with_hint(format!("did you mean `{close}`?"));
            }
            out.push(d);
        }
    }
    // No interval at all would make every page overdue the day it is reviewed.
    if let Some(days) = config
        .policy
        .review_interval_days
        .as_ref()
        .filter(|d| d.value == 0)
    {
        out.push(
            Diagnostic::new(
                Code::E0004,
                days.span.clone(),
                "`review_interval_days` is 0: every page would be due for review the day it is reviewed",
            )
            .with_hint("give the days between reviews, such as `365`"),
        );
        return;
    }
    let interval = config.policy.review_interval_days.as_ref().map(|d| d.value);
    for page in &site.pages {
        check_page(page, &config.policy.required, interval, options.today, out);
    }
    check_disclosures(site, out);
}

fn check_page(
    page: &Page,
    required: &[Located<String>],
    interval: Option<u32>,
    today: Date,
    out: &mut Vec<Diagnostic>,
) {
    let front = &page.front;
    for field in required {
        let present = match field.value.as_str() {
            "authors" => front.authors.as_ref().is_some_and(|a| !a.value.is_empty()),
            "reviewed_by" => front
                .reviewed_by
                .as_ref()
                .is_some_and(|a| !a.value.is_empty()),
            "published" => front.published.is_some(),
            "last_reviewed" => front.last_reviewed.is_some(),
            "next_review" => front.next_review.is_some(),
            "description" => front.description.is_some(),
            _ => true,
        };
        if !present {
            out.push(
                Diagnostic::new(
                    Code::E0601,
                    page.front_matter_span.clone(),
                    format!("page has no `{}`", field.value),
                )
                .with_label("in this front matter")
                .with_secondary(field.span.clone(), "required by the editorial policy here")
                .with_hint(match field.value.as_str() {
                    "authors" | "reviewed_by" => format!(
                        "add `{}:` with a list of `{{name, credentials}}`",
                        field.value
                    ),
                    "description" => "add `description:` with one or two sentences".to_owned(),
                    other => format!("add `{other}: YYYY-MM-DD`"),
                }),
            );
        }
    }
    for people in [&front.authors, &front.reviewed_by].into_iter().flatten() {
        let lacking: Vec<&str> = people
            .value
            .iter()
            .filter(|p| p.credentials.as_deref().is_none_or(|c| c.trim().is_empty()))
            .map(|p| p.name.as_str())
            .collect();
        if !lacking.is_empty()
            && required
                .iter()
                .any(|r| r.value == "authors" || r.value == "reviewed_by")
        {
            let names = lacking
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Diagnostic::new(
                    Code::E0601,
                    people.span.clone(),
                    format!(
                        "every author and reviewer needs `credentials`: {names} {} none",
                        if lacking.len() == 1 { "has" } else { "have" }
                    ),
                )
                .with_hint("add a line `credentials: \"…\"` under each one's `name:` (a qualification or role, such as \"Registered nurse\"): readers judge health information by who wrote and checked it"),
            );
        }
    }
    let published = front.published.as_ref().and_then(|d| parse_date(d, out));
    let last = front
        .last_reviewed
        .as_ref()
        .and_then(|d| parse_date(d, out));
    let next = front.next_review.as_ref().and_then(|d| parse_date(d, out));
    if let (Some(next), Some(last), Some(value)) = (next, last, &front.next_review)
        && next < last
    {
        // A review due before the last one: the dates were swapped or mistyped, and the
        // page would never be shown as due.
        out.push(
            Diagnostic::new(
                Code::E0603,
                value.span.clone(),
                format!("`next_review` ({next}) is before `last_reviewed` ({last})"),
            )
            .with_label("before the last review")
            .with_hint("the next review comes after the last one: check both dates"),
        );
    } else if let (Some(next), Some(value)) = (next, &front.next_review) {
        if next < today {
            out.push(Diagnostic::new(Code::E0602, value.span.clone(), format!("the review was due on {next}")).with_hint("review the page against its sources, then update `last_reviewed` and `next_review`"));
        }
        if let (Some(last), Some(days)) = (last, interval)
            && let Ok(gap) = last.until(next)
            && gap.get_days() > i32::try_from(days).unwrap_or(i32::MAX)
        {
            let latest = jiff::Span::new()
                .try_days(i64::from(days))
                .ok()
                .and_then(|span| last.checked_add(span).ok());
            let when = latest.map_or_else(String::new, |latest| {
                format!(" (`next_review: {latest}` at the latest)")
            });
            out.push(
                Diagnostic::new(
                    Code::E0604,
                    value.span.clone(),
                    format!(
                        "next review is {} days after the last; the policy allows {days}",
                        gap.get_days()
                    ),
                )
                .with_hint(format!(
                    "plan the next review within {days} days of the last{when}, as `policy.review_interval_days` in `content/site.yaml` asks"
                )),
            );
        }
    }
    if let (Some(published), Some(last), Some(value)) = (published, last, &front.last_reviewed)
        && last < published
    {
        out.push(
            Diagnostic::new(
                Code::E0603,
                value.span.clone(),
                "`last_reviewed` is before `published`",
            )
            .with_hint("a page is reviewed once it is published, or on the day: check both dates"),
        );
    }
}

fn check_disclosures(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(config) = &site.config else { return };
    // Only sites that state a policy are held to it: a minimal site builds without one.
    if config.policy.required.is_empty() {
        return;
    }
    let Some(file) = site.config_file else { return };
    let text: &str = &site.sources.get(file).text;
    // Each lacking part is reported where it would be written: under its block's key, or at
    // the top of the file for a block that is not there.
    let at_key = |key: &str| {
        top_level_key(text, key).map_or_else(|| Span::new(file, 0..0), |r| Span::new(file, r))
    };
    let mut lacking = |span: Span, what: &str, hint: String| {
        out.push(
            Diagnostic::new(
                Code::E0605,
                span,
                format!("the editorial policy lacks {what}"),
            )
            .with_hint(hint),
        );
    };
    match &config.publisher {
        None => lacking(
            Span::new(file, 0..0),
            "`publisher`",
            "add a block `publisher:` with `name:` and `contact:` (a `mailto:` or web address): health pages say who publishes them and how to reach the editors".to_owned(),
        ),
        Some(publisher) if publisher.contact.is_none() => lacking(
            at_key("publisher"),
            "`publisher.contact`",
            "add a line `contact: \"mailto:…\"` (or a web address) under `publisher:`: readers need a way to reach the editors".to_owned(),
        ),
        Some(_) => {}
    }
    for (field, value, what) in [
        ("funding", &config.policy.funding, "who pays for the site"),
        (
            "conflicts",
            &config.policy.conflicts,
            "the authors' and reviewers' conflicts of interest, or that they have none",
        ),
        (
            "advertising",
            &config.policy.advertising,
            "whether the site carries advertising",
        ),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            lacking(
                at_key("policy"),
                &format!("`policy.{field}`"),
                format!("add a line `{field}: \"…\"` under `policy:`, saying {what}"),
            );
        }
    }
}

/// The byte range of the top-level key `key` in a YAML file's `text` (the `policy` of
/// `policy:` at the start of a line).
fn top_level_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return Some(start..start + key.len());
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> (String, Option<String>) {
        let value = Located::new(
            text.to_owned(),
            cited_site::Span::new(cited_site::FileId(0), 0..text.len()),
        );
        let mut out = Vec::new();
        assert!(parse_date(&value, &mut out).is_none());
        (out[0].message.clone(), out[0].hint.clone())
    }

    #[test]
    fn only_the_extended_form_is_a_date() {
        assert_eq!(
            message("20261204"),
            (
                "`20261204` is a date without its hyphens".to_owned(),
                Some("write it as YYYY-MM-DD: `2026-12-04`".to_owned())
            )
        );
        assert_eq!(
            message("2026-12-04T10:00"),
            (
                "`2026-12-04T10:00` has more than a day: these dates are days".to_owned(),
                Some("write only the day: `2026-12-04`".to_owned())
            )
        );
        for other in [
            "2026-12-04 10:00",
            "+002026-12-04",
            "2026-W49-5",
            "2026-1-4",
            "٢٠٢٦-١٢-٠٤",
        ] {
            assert!(
                message(other).0.starts_with(&format!("`{other}`")),
                "{other}"
            );
        }
    }

    #[test]
    fn an_impossible_date_says_what_is_impossible() {
        assert_eq!(
            message("2026-11-31"),
            (
                "`2026-11-31` is not a date: November 2026 has 30 days, not 31".to_owned(),
                Some("write a day from 01 to 30".to_owned())
            )
        );
        assert_eq!(
            message("2026-13-01").0,
            "`2026-13-01` is not a date: there is no month 13"
        );
        assert_eq!(
            message("1/2/3/4").1.as_deref(),
            Some("write dates as YYYY-MM-DD, e.g. 2026-11-27")
        );
    }

    #[test]
    fn a_date_with_slashes_or_dots_is_shown_as_it_is_written_here() {
        let hint = |text: &str| message(text).1.unwrap_or_default();
        assert_eq!(hint("27/11/2026"), "write it as YYYY-MM-DD: `2026-11-27`");
        assert_eq!(hint("11/27/2026"), "write it as YYYY-MM-DD: `2026-11-27`");
        assert_eq!(hint("27.11.2026"), "write it as YYYY-MM-DD: `2026-11-27`");
        assert_eq!(
            hint("07/12/2026"),
            "write it as YYYY-MM-DD: `2026-12-07` if the day comes first, `2026-07-12` if the month does"
        );
        assert_eq!(hint("05/05/2026"), "write it as YYYY-MM-DD: `2026-05-05`");
        assert_eq!(hint("2026/12/07"), "write it with hyphens: `2026-12-07`");
        assert_eq!(
            message("07/12/2026").0,
            "`07/12/2026` is not written as YYYY-MM-DD"
        );
        // Written out with its month's name.
        assert_eq!(
            message("7 December 2026").0,
            "`7 December 2026` is not written as YYYY-MM-DD"
        );
        for written in [
            "7 December 2026",
            "7th Dec 2026",
            "Monday 7 December 2026",
            "Mon. 7th Dec. 2026",
            "December 7, 2026",
            "Dec 7th, 2026",
        ] {
            assert_eq!(
                hint(written),
                "write it as YYYY-MM-DD: `2026-12-07`",
                "{written}"
            );
        }
        assert_eq!(hint("7 Sept 2026"), "write it as YYYY-MM-DD: `2026-09-07`");
        // No day at all: the general hint.
        for none in [
            "31 February 2026",
            "7 Decimal 2026",
            "December 2026",
            "7 De 2026",
        ] {
            assert_eq!(
                hint(none),
                "write dates as YYYY-MM-DD, e.g. 2026-11-27",
                "{none}"
            );
        }
        assert_eq!(
            hint("31/31/2026"),
            "write dates as YYYY-MM-DD, e.g. 2026-11-27"
        );
        assert_eq!(
            hint("2026/13/40"),
            "write dates as YYYY-MM-DD, e.g. 2026-11-27"
        );
    }
}
