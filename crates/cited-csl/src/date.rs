//! CSL dates in every form citeproc reads, as the one shape hayagriva renders: `date-parts` with
//! one or two dates (a range), an optional `literal` printed as it is, a season and `circa`.
//!
//! - `{"date-parts": [[2019, 3], [2020, 5]]}`: a range, printed as one (`2019–2020`).
//! - `{"raw": "2019-03/2020-05"}`, `"2019-03"` (a string, as Pandoc writes CSL-YAML), and
//!   `{"edtf": …}`: Extended Date/Time Format (ISO 8601-2): `2019~` is circa, `2019?` is read as
//!   2019 as Pandoc does, `2019-21` is spring; `Month YYYY` too. What does not parse is kept as a
//!   literal, as Pandoc keeps it.
//! - `{"literal": "in press"}` (with or without empty `date-parts`): printed as written; it wins
//!   over parts given beside it, as in Pandoc.
//! - `{}` and `{"date-parts": []}`: no date (the style prints `n.d.`), as in Pandoc.

use hayagriva::citationberg::json as csl_json;
use serde_json::Value as J;

/// One end of a date: year (CSL's count: -350 is 350 BC), then month and day.
type Parts = Vec<i16>;

/// A date as read, before its parts are checked.
#[derive(Default)]
struct Read {
    ends: Vec<Parts>,
    literal: Option<String>,
    season: Option<String>,
    circa: bool,
}

/// The CSL-JSON date value of a date field written as `value`: `Ok(None)` when it holds no date.
pub(crate) fn convert(field: &str, value: &J) -> Result<Option<csl_json::Value>, String> {
    let read = match value {
        // A bare year (`issued: 2005`), as Pandoc writes CSL-YAML from BibTeX.
        J::Number(n) if n.as_i64().is_some_and(|y| y != 0) => {
            let year = n
                .as_i64()
                .and_then(|y| i16::try_from(y).ok())
                .ok_or_else(|| format!("field `{field}`: the year {n} is out of range"))?;
            Read {
                ends: vec![vec![year]],
                ..Read::default()
            }
        }
        J::String(s) => text(field, s)?,
        J::Object(o) => object(field, o)?,
        _ => {
            return Err(format!(
                "field `{field}` must be a CSL date like {{\"date-parts\": [[2020, 5, 17]]}}"
            ));
        }
    };
    finish(field, read)
}

fn object(field: &str, o: &serde_json::Map<String, J>) -> Result<Read, String> {
    let mut read = Read::default();
    let mut known = false;
    for (name, v) in o {
        match name.as_str() {
            "date-parts" => {
                known = true;
                read.ends = date_parts(field, v)?;
            }
            "raw" | "edtf" => {
                known = true;
                if !read.ends.is_empty() {
                    continue;
                }
                let Some(s) = v.as_str() else {
                    return Err(format!("field `{field}`: `{name}` must be text"));
                };
                let raw = text(field, s)?;
                read.ends = raw.ends;
                read.circa |= raw.circa;
                read.season = read.season.or(raw.season);
                if read.literal.is_none() {
                    read.literal = raw.literal;
                }
            }
            "literal" => {
                known = true;
                match v {
                    J::String(s) if !s.trim().is_empty() => read.literal = Some(s.clone()),
                    J::String(_) | J::Null => {}
                    _ => return Err(format!("field `{field}`: `literal` must be text")),
                }
            }
            "season" => {
                read.season = match v {
                    J::Number(n) => Some(n.to_string()),
                    J::String(s) if !s.is_empty() => Some(season_number(s).unwrap_or(s).to_owned()),
                    _ => None,
                };
            }
            "circa" => {
                read.circa = match v {
                    J::Bool(b) => *b,
                    J::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
                    J::String(s) => !s.is_empty() && s != "0" && s != "false",
                    _ => false,
                };
            }
            // Other keys (`dateparts`, a tool's own) are not CSL's; as Pandoc, ignore them.
            _ => {}
        }
    }
    // `{year: 2002}`, `{date_parts: …}`: a date in keys CSL does not read would print no date
    // at all (Pandoc's citeproc drops it unseen).
    if !known && !o.is_empty() {
        let stray = o
            .keys()
            .find(|k| !matches!(k.as_str(), "season" | "circa"))
            .map(|k| format!(" (`{k}` is not a part of a CSL date)"))
            .unwrap_or_default();
        return Err(format!(
            "field `{field}` holds no date CSL reads{stray}: write {{date-parts: [[2020, 5, 17]]}} or {{raw: \"2020-05-17\"}}"
        ));
    }
    Ok(read)
}

/// `date-parts`: a list of one or two dates, each a list of numbers (or numeric strings).
fn date_parts(field: &str, v: &J) -> Result<Vec<Parts>, String> {
    let bad = || {
        format!("field `{field}`: `date-parts` must be a list of dates like [[2019, 3], [2020, 5]]")
    };
    let J::Array(ends) = v else {
        return Err(bad());
    };
    if ends.len() > 2 {
        return Err(format!(
            "field `{field}`: `date-parts` holds more than two dates"
        ));
    }
    ends.iter()
        .map(|end| {
            let J::Array(parts) = end else {
                return Err(bad());
            };
            let mut out = Vec::new();
            for part in parts {
                let n = match part {
                    J::Number(n) => n.as_i64(),
                    J::String(s) if s.trim().is_empty() => continue,
                    J::String(s) => s.trim().parse::<i64>().ok(),
                    _ => None,
                };
                let n = n.and_then(|n| i16::try_from(n).ok()).ok_or_else(bad)?;
                out.push(n);
            }
            if out.is_empty() {
                return Err(format!("field `{field}`: a date needs at least a year"));
            }
            Ok(out)
        })
        .collect()
}

/// The text of a date field that no date reading takes, which is printed as written (as a
/// `literal`), when it holds a year: `2002 Jun;9(3)` (PubMed's form) looks like a date and is
/// not one. `None` for a date, a field `literal` (written so on purpose) or text without a year
/// (`in press`, `forthcoming`).
pub fn unread_date(value: &J) -> Option<&str> {
    let written = match value {
        J::String(s) => s.as_str(),
        J::Object(o) if !o.contains_key("date-parts") && !o.contains_key("literal") => {
            o.get("raw").or_else(|| o.get("edtf"))?.as_str()?
        }
        _ => return None,
    };
    let read = text("", written).ok()?;
    let has_year = written
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    (read.ends.is_empty() && read.literal.is_some() && has_year).then_some(written)
}

/// The years a date field prints, in CSL's count (-350 is 350 BC): none for a field that holds
/// no date, prints a literal, or does not read (a diagnostic of its own says why).
pub fn years(value: &J) -> Vec<i16> {
    let read = match value {
        J::Number(n) => n
            .as_i64()
            .and_then(|y| i16::try_from(y).ok())
            .map(|year| Read {
                ends: vec![vec![year]],
                ..Read::default()
            }),
        J::String(s) => text("", s).ok(),
        J::Object(o) => object("", o).ok(),
        _ => None,
    };
    match read {
        Some(read) if read.literal.is_none() => read
            .ends
            .iter()
            .filter_map(|end| end.first().copied())
            .collect(),
        _ => Vec::new(),
    }
}

/// A date field's text that is a date typed with a letter for a digit (`2O02`, `l998-05`,
/// BibTeX's `year = {202O}`), printed as written where a date is wanted, and the date meant.
/// Letters read as digits: O and o as 0, l and I as 1.
pub fn date_with_letters(value: &J) -> Option<(&str, String)> {
    let written = match value {
        J::String(s) => s.as_str(),
        J::Object(o) => ["literal", "raw", "edtf"]
            .iter()
            .find_map(|k| o.get(*k)?.as_str())?,
        _ => return None,
    };
    let trimmed = written.trim();
    let lookalike = |c: char| matches!(c, 'O' | 'o' | 'l' | 'I');
    if !trimmed.chars().any(|c| c.is_ascii_digit())
        || !trimmed.chars().any(lookalike)
        || !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || lookalike(c) || c == '-' || c == '/')
    {
        return None;
    }
    let meant: String = trimmed
        .chars()
        .map(|c| match c {
            'O' | 'o' => '0',
            'l' | 'I' => '1',
            c => c,
        })
        .collect();
    let read = text("", &meant).ok()?;
    (!read.ends.is_empty() && read.literal.is_none()).then_some((written, meant))
}

/// A date written as text: EDTF, `Month YYYY`, or else a literal.
fn text(field: &str, s: &str) -> Result<Read, String> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Ok(Read::default());
    }
    if let Some(read) = edtf(trimmed) {
        for end in &read.ends {
            if end.iter().skip(1).any(|&p| p == 0) {
                return Err(format!("field `{field}`: `{s}` has a zero month or day"));
            }
        }
        return Ok(read);
    }
    if let Some(read) = month_year(trimmed) {
        return Ok(read);
    }
    // Only digits and separators, yet not a date: a mistake, not a literal.
    if trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/')
    {
        return Err(format!(
            "field `{field}`: `{s}` is not a date (write YYYY-MM-DD)"
        ));
    }
    Ok(Read {
        literal: Some(s.to_owned()),
        ..Read::default()
    })
}

/// EDTF level 0 and 1 as citeproc reads it: `YYYY[-MM[-DD]]` with qualifiers `?~%`, seasons
/// 21–24, a time after `T` ignored, two dates joined by `/`. Open or unspecified ends are not read.
fn edtf(s: &str) -> Option<Read> {
    let mut read = Read::default();
    let mut halves = s.split('/');
    let (start, end) = (halves.next()?, halves.next());
    if halves.next().is_some() {
        return None;
    }
    for (i, date) in std::iter::once(start).chain(end).enumerate() {
        let date = date.split_once('T').map_or(date, |(d, _)| d);
        let core = date.trim_end_matches(['?', '~', '%']);
        if i == 0 && core.len() < date.len() {
            read.circa = date[core.len()..].contains(['~', '%']);
        }
        let (negative, digits) = match core.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, core),
        };
        let mut parts = Vec::new();
        for (n, part) in digits.split('-').enumerate() {
            let expected = if n == 0 { 4 } else { 2 };
            if part.len() < expected && !(n == 0 && !part.is_empty() && negative)
                || !part.bytes().all(|b| b.is_ascii_digit())
                || n > 2
            {
                return None;
            }
            parts.push(part.parse::<i16>().ok()?);
        }
        if negative {
            // EDTF counts years astronomically (-0350 is 351 BC); CSL's -351 is 351 BC.
            parts[0] = -parts[0] - 1;
        } else if parts[0] == 0 {
            parts[0] = -1;
        }
        read.ends.push(parts);
    }
    Some(read)
}

/// The English name of `month` (1 to 12), as dates are written in references and pages.
pub fn month_name(month: u8) -> Option<&'static str> {
    MONTH_NAMES.get(usize::from(month).checked_sub(1)?).copied()
}

/// The months' names in English, as dates are written in references.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `March 2019`, `Mar. 2019`, `Spring 2019`: a month or season name, then a year.
fn month_year(s: &str) -> Option<Read> {
    let (name, year) = s.rsplit_once(char::is_whitespace)?;
    let year: i16 = year.parse().ok().filter(|y| *y > 0)?;
    let name = name
        .trim()
        .trim_end_matches(['.', ','])
        .to_ascii_lowercase();
    if let Some(season) = season_number(&name) {
        return Some(Read {
            ends: vec![vec![year]],
            season: Some(season.to_owned()),
            ..Read::default()
        });
    }
    let month = MONTH_NAMES
        .iter()
        .position(|m| name.len() >= 3 && m.to_ascii_lowercase().starts_with(name.as_str()))?;
    Some(Read {
        ends: vec![vec![year, i16::try_from(month).ok()? + 1]],
        ..Read::default()
    })
}

/// The number of days of a month (1 to 12) of a year as hayagriva counts them (0 is 1 BC):
/// Gregorian leap years, as citeproc and EDTF count them also before 1582.
fn days_in_month(year: i16, month: i16) -> i16 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

fn season_number(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "spring" => Some("1"),
        "summer" => Some("2"),
        "autumn" | "fall" => Some("3"),
        "winter" => Some("4"),
        _ => None,
    }
}

/// Checks the parts (citationberg panics on an empty date and on zero months and days) and
/// builds the value.
fn finish(field: &str, read: Read) -> Result<Option<csl_json::Value>, String> {
    let Read {
        ends,
        literal,
        mut season,
        circa,
    } = read;
    if ends.is_empty() && literal.is_none() {
        return Ok(None);
    }
    let mut checked = Vec::with_capacity(ends.len());
    for (i, mut parts) in ends.into_iter().enumerate() {
        parts.truncate(3);
        // CSL-JSON's -350 is 350 BC, as citeproc reads it; hayagriva counts years
        // astronomically (0 is 1 BC, -349 is 350 BC).
        if let Some(year) = parts.first_mut()
            && *year < 0
        {
            *year += 1;
        }
        if let Some(&month) = parts.get(1) {
            match month {
                1..=12 => {}
                // A season has no day: `2015-13-01` is a mistyped month.
                13..=16 | 21..=24 if parts.len() > 2 => {
                    return Err(format!(
                        "field `{field}`: month {month} is out of range: months are 1 to 12 (13 to 16 and 21 to 24 stand for seasons, which have no day)"
                    ));
                }
                // CSL-JSON spells seasons as months 13 to 16, or 21 to 24 as citeproc-js
                // and Pandoc read them (21 is spring).
                13..=16 | 21..=24 => {
                    parts.truncate(1);
                    if i == 0 {
                        season = Some((month - if month > 20 { 20 } else { 12 }).to_string());
                    }
                }
                _ => return Err(format!("field `{field}`: month {month} is out of range")),
            }
        }
        if let (Some(&year), Some(&month), Some(&day)) = (parts.first(), parts.get(1), parts.get(2))
        {
            let last = days_in_month(year, month);
            if !(1..=last).contains(&day) {
                let month = MONTH_NAMES[usize::try_from(month - 1).unwrap_or(0)];
                return Err(if year > 0 {
                    format!(
                        "field `{field}`: day {day} is out of range: {month} {year} has {last} days"
                    )
                } else {
                    format!("field `{field}`: day {day} is out of range: {month} has {last} days")
                });
            }
        }
        checked.push(csl_json::VecDate(parts));
    }
    Ok(Some(csl_json::Value::Date(
        csl_json::DateValue::DateParts {
            date_parts: csl_json::VecDateRange(checked),
            literal,
            season,
            circa,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parts(value: J) -> (Vec<Vec<i16>>, Option<String>, Option<String>, bool) {
        match convert("issued", &value) {
            Ok(Some(csl_json::Value::Date(csl_json::DateValue::DateParts {
                date_parts,
                literal,
                season,
                circa,
            }))) => (
                date_parts.0.into_iter().map(|d| d.0).collect(),
                literal,
                season,
                circa,
            ),
            other => panic!("{value}: {other:?}"),
        }
    }

    #[test]
    fn the_years_a_date_prints() {
        assert_eq!(years(&json!(2005)), vec![2005]);
        assert_eq!(years(&json!({"date-parts": [[20002]]})), vec![20002]);
        assert_eq!(years(&json!({"raw": "2019-03/2020-05"})), vec![2019, 2020]);
        assert_eq!(years(&json!("2019-03-04")), vec![2019]);
        assert!(years(&json!({"literal": "in press", "date-parts": [[2020]]})).is_empty());
        assert!(years(&json!("2O02")).is_empty());
        assert!(years(&json!({"year": 2002})).is_empty());
    }

    #[test]
    fn a_date_typed_with_a_letter_for_a_digit() {
        let meant = |v: J| date_with_letters(&v).map(|(_, meant)| meant);
        assert_eq!(meant(json!("2O02")), Some("2002".to_owned()));
        assert_eq!(meant(json!({"raw": "l998-05"})), Some("1998-05".to_owned()));
        assert_eq!(meant(json!({"literal": "202O"})), Some("2020".to_owned()));
        assert_eq!(meant(json!("2002-O5-17")), Some("2002-05-17".to_owned()));
        assert_eq!(meant(json!("2002")), None);
        assert_eq!(meant(json!({"literal": "in press"})), None);
        assert_eq!(meant(json!("Ol")), None);
        assert_eq!(meant(json!("2O0")), None);
    }

    #[test]
    fn every_form_citeproc_reads() {
        assert_eq!(parts(json!(2005)).0, vec![vec![2005]]);
        assert_eq!(
            parts(json!({"date-parts": [[2019, 3], [2020, 5]]})).0,
            vec![vec![2019, 3], vec![2020, 5]]
        );
        assert_eq!(
            parts(json!({"raw": "2019-03/2020-05"})).0,
            vec![vec![2019, 3], vec![2020, 5]]
        );
        assert_eq!(parts(json!("2019-03-04")).0, vec![vec![2019, 3, 4]]);
        assert_eq!(
            parts(json!({"edtf": "2019-03-04T10:00:00Z"})).0,
            vec![vec![2019, 3, 4]]
        );
        let circa = parts(json!({"raw": "2019~"}));
        assert_eq!((circa.0, circa.3), (vec![vec![2019]], true));
        let uncertain = parts(json!("2019?"));
        assert_eq!((uncertain.0, uncertain.3), (vec![vec![2019]], false));
        assert_eq!(parts(json!("2019-21")).2.as_deref(), Some("1"));
        assert_eq!(parts(json!({"raw": "March 2019"})).0, vec![vec![2019, 3]]);
        assert_eq!(parts(json!({"raw": "Spring 2019"})).2.as_deref(), Some("1"));
        // EDTF's -0350 is 351 BC: hayagriva's astronomical year -350.
        assert_eq!(parts(json!("-0350")).0, vec![vec![-350]]);
        let lit = parts(json!({"date-parts": [], "literal": "in press"}));
        assert_eq!((lit.0.len(), lit.1.as_deref()), (0, Some("in press")));
        assert_eq!(parts(json!({"raw": "199X"})).1.as_deref(), Some("199X"));
        assert_eq!(
            parts(json!({"raw": "2019/.."})).1.as_deref(),
            Some("2019/..")
        );
        let both = parts(json!({"date-parts": [[2019]], "literal": "circa 2019"}));
        assert_eq!(
            (both.0, both.1.as_deref()),
            (vec![vec![2019]], Some("circa 2019"))
        );
        for none in [
            json!({}),
            json!({"date-parts": []}),
            json!(""),
            json!({"literal": ""}),
        ] {
            assert_eq!(convert("issued", &none), Ok(None), "{none}");
        }
    }

    #[test]
    fn leap_days_and_seasons_are_dates() {
        for good in [
            json!("2020-02-29"),
            json!({"date-parts": [[2000, 2, 29]]}),
            json!("2019-04-30"),
            json!({"date-parts": [[2015, 13]]}),
            json!("2015-21"),
        ] {
            assert!(matches!(convert("issued", &good), Ok(Some(_))), "{good}");
        }
        assert_eq!(
            convert("issued", &json!("2015-02-30")),
            Err("field `issued`: day 30 is out of range: February 2015 has 28 days".to_owned())
        );
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            json!("2019-00-05"),
            json!({"raw": "2019-03/2020-00"}),
            json!({"raw": "2019-03/2020-0"}),
            json!("2019--03"),
            json!({"date-parts": [[]]}),
            json!({"date-parts": [[2020, 0]]}),
            json!({"date-parts": [[2020, 5, 40]]}),
            json!("2015-02-30"),
            json!("2015-02-29"),
            json!({"date-parts": [[1900, 2, 29]]}),
            json!({"date-parts": [[2019, 4, 31]]}),
            json!("2015-13-01"),
            json!({"date-parts": [[2015, 13, 1]]}),
            json!({"raw": "2019-03-01/2019-02-30"}),
            json!({"date-parts": [[2019], [2020], [2021]]}),
            json!({"date-parts": [["x"]]}),
            json!({"season": 1}),
            json!(0),
            json!(2019.5),
            json!(true),
            json!([2019]),
        ] {
            assert!(convert("issued", &bad).is_err(), "{bad}");
        }
    }
}
