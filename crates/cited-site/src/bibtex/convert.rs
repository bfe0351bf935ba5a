//! A BibTeX or BibLaTeX entry as CSL fields, mapped as Pandoc maps them: entry types, fields,
//! names (particles, braced organisations), dates and ranges, and English titles in sentence case.

use std::collections::BTreeMap;

use biblatex::{ChunksExt, PermissiveType, Person};
use serde_json::{Value as J, json};

use super::FieldPlaces;
use super::markup::{self, Piece};

/// A CSL field: its value and the `.bib` field it came from (for its place).
pub(super) type Fields = BTreeMap<&'static str, (J, &'static str)>;

/// The CSL type (and genre) of a BibTeX/BibLaTeX entry type, as Pandoc maps them.
fn csl_type(kind: &str, entry: &biblatex::Entry) -> (&'static str, Option<&'static str>) {
    let subtype = text(entry, "entrysubtype").map(|s| s.to_ascii_lowercase());
    match kind {
        "article" => match subtype.as_deref() {
            Some("magazine") => ("article-magazine", None),
            Some("newspaper") => ("article-newspaper", None),
            _ => ("article-journal", None),
        },
        "book" | "mvbook" | "collection" | "mvcollection" | "proceedings" | "mvproceedings"
        | "reference" | "mvreference" | "manual" | "periodical" => ("book", None),
        "booklet" => ("pamphlet", None),
        "inbook" | "bookinbook" | "suppbook" | "incollection" | "suppcollection" => {
            ("chapter", None)
        }
        "inreference" => ("entry-encyclopedia", None),
        "inproceedings" | "conference" => ("paper-conference", None),
        "online" | "electronic" | "www" => ("webpage", None),
        "patent" => ("patent", None),
        "report" => ("report", None),
        "techreport" => ("report", None),
        "thesis" => ("thesis", None),
        "phdthesis" => ("thesis", Some("PhD thesis")),
        "mastersthesis" => ("thesis", Some("Master’s thesis")),
        "unpublished" => ("manuscript", None),
        "dataset" => ("dataset", None),
        "software" => ("software", None),
        "standard" => ("standard", None),
        "legislation" => ("legislation", None),
        "jurisdiction" => ("legal_case", None),
        "letter" => ("personal_communication", None),
        "review" => ("review", None),
        "artwork" | "image" => ("graphic", None),
        "movie" | "video" => ("motion_picture", None),
        "audio" | "music" => ("song", None),
        // BibTeX's `misc` and the rest: no CSL type, as Pandoc writes them (the style's
        // generic format).
        _ => ("", None),
    }
}

/// The fields of one entry as written in the file (before `@string`s are resolved).
pub(super) struct Written<'a> {
    pub(super) text: &'a str,
    pub(super) fields: &'a FieldPlaces,
}

impl<'a> Written<'a> {
    fn get(&self, field: &str) -> Option<&'a str> {
        self.fields
            .get(field)
            .and_then(|r| self.text.get(r.clone()))
    }
}

/// The CSL fields of one entry, each with the `.bib` field it came from.
pub(super) fn convert(kind: &str, entry: &biblatex::Entry, raw: &Written<'_>) -> Fields {
    let mut out = Fields::new();
    let (csl_kind, genre) = csl_type(kind, entry);
    out.insert("type", (J::String(csl_kind.to_owned()), "entrysubtype"));
    let english = text(entry, "langid")
        .or_else(|| text(entry, "language"))
        .is_none_or(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("en") || l.contains("english")
        });
    if let Some(lang) = text(entry, "langid").or_else(|| text(entry, "language")) {
        out.insert("language", (J::String(language_tag(&lang)), "langid"));
    }

    // Titles: the work's own, in sentence case for English entries as Pandoc reads them.
    let title = |field: &'static str, sub: &'static str| {
        let main = title_text(entry, field, english)?;
        Some(match title_text(entry, sub, english) {
            Some(subtitle) => format!("{main}: {subtitle}"),
            None => main,
        })
    };
    if let Some(t) = title("title", "subtitle") {
        if let Some((short, _)) =
            markup::split_title(&t).filter(|_| !entry.fields.contains_key("shorttitle"))
        {
            out.insert("title-short", (J::String(short.to_owned()), "title"));
        }
        out.insert("title", (J::String(t), "title"));
    }
    if let Some(t) = title_text(entry, "shorttitle", english) {
        out.insert("title-short", (J::String(t), "shorttitle"));
    }
    // The container: the journal (its title as written), the book or the proceedings.
    if let Some(journal) = text(entry, "journaltitle").or_else(|| text(entry, "journal")) {
        let source = if entry.fields.contains_key("journaltitle") {
            "journaltitle"
        } else {
            "journal"
        };
        let full = match text(entry, "journalsubtitle") {
            Some(sub) => format!("{journal}: {sub}"),
            None => journal,
        };
        out.insert("container-title", (J::String(full), source));
    } else if let Some(book) =
        title("booktitle", "booksubtitle").or_else(|| title("maintitle", "mainsubtitle"))
    {
        let source = if entry.fields.contains_key("booktitle") {
            "booktitle"
        } else {
            "maintitle"
        };
        out.insert("container-title", (J::String(book), source));
    }
    if let Some(short) = text(entry, "shortjournal") {
        out.insert("container-title-short", (J::String(short), "shortjournal"));
    }
    if let Some(series) = text(entry, "series") {
        out.insert("collection-title", (J::String(series), "series"));
    }

    // Names.
    for (field, csl) in [
        ("author", "author"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ] {
        if let Some(names) = names(entry, field, raw.get(field)) {
            out.insert(csl, (names, field));
        }
    }
    if let Ok(editors) = entry.editors() {
        for (people, role) in editors {
            let csl = match role {
                biblatex::EditorType::Director => "director",
                biblatex::EditorType::Compiler => "compiler",
                biblatex::EditorType::Organizer => "organizer",
                _ => "editor",
            };
            if !people.is_empty() && !out.contains_key(csl) {
                let braced = braced_names(raw.get("editor"));
                let list = people
                    .iter()
                    .enumerate()
                    .map(|(i, p)| name(p, braced.get(i).copied().unwrap_or(false)))
                    .collect();
                out.insert(csl, (J::Array(list), "editor"));
            }
        }
    }

    // Dates.
    for (csl, source, date) in [
        ("issued", "date", entry.date()),
        ("accessed", "urldate", entry.url_date()),
        ("event-date", "eventdate", entry.event_date()),
        ("original-date", "origdate", entry.orig_date()),
    ] {
        let source = if csl == "issued" && !entry.fields.contains_key("date") {
            "year"
        } else {
            source
        };
        match date {
            Ok(PermissiveType::Typed(d)) => {
                out.insert(csl, (csl_date(&d), source));
            }
            Ok(PermissiveType::Chunks(chunks)) => {
                // A date biblatex does not take: kept as text, unless it is digits and dashes
                // (`2018-02-30`, no day of the calendar), which the CSL date reader then reads
                // and reports, as it does in CSL-YAML, where text would print it raw.
                let written = chunks.format_verbatim();
                let looks_like_a_date = !written.trim().is_empty()
                    && written
                        .trim()
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'/');
                let value = if looks_like_a_date {
                    json!({ "raw": written })
                } else {
                    json!({ "literal": written })
                };
                out.insert(csl, (value, source));
            }
            Err(_) => {
                // A year that is not a number (`year = {in press}`): printed as written. One of
                // more than four digits, which biblatex does not take, is a year, as Pandoc
                // reads it (and the checker finds it impossible).
                if let Some(year) = text(entry, if csl == "issued" { "year" } else { source })
                    .filter(|_| csl == "issued")
                {
                    let value = match year.trim().parse::<u32>() {
                        Ok(number) if year.trim().bytes().all(|b| b.is_ascii_digit()) => {
                            json!({"date-parts": [[number]]})
                        }
                        _ => json!({"literal": year}),
                    };
                    out.insert(csl, (value, "year"));
                }
            }
        }
    }

    // Numbers and the rest, as Pandoc maps them.
    let number_field = match csl_kind {
        "article-journal" | "article-magazine" | "article-newspaper" => "issue",
        "report" | "patent" | "standard" | "legislation" | "" => "number",
        _ => "collection-number",
    };
    let plain: &[(&'static str, &'static str)] = &[
        ("volume", "volume"),
        ("volumes", "number-of-volumes"),
        ("issue", "issue"),
        ("pages", "page"),
        ("pagetotal", "number-of-pages"),
        ("edition", "edition"),
        ("chapter", "chapter-number"),
        ("version", "version"),
        ("publisher", "publisher"),
        ("location", "publisher-place"),
        ("address", "publisher-place"),
        ("doi", "DOI"),
        ("url", "URL"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("pmc", "PMCID"),
        ("abstract", "abstract"),
        ("note", "note"),
        ("annote", "annote"),
        ("annotation", "annote"),
        ("keywords", "keyword"),
        ("eventtitle", "event-title"),
        ("venue", "event-place"),
        ("type", "genre"),
        ("howpublished", "publisher"),
    ];
    for &(field, csl) in plain {
        if out.contains_key(csl) {
            continue;
        }
        if let Some(value) = text(entry, field) {
            let value = match csl {
                // Pandoc writes a page range with a hyphen (`863--872` is `863-872`).
                "page" => value.replace("--", "-").replace('\u{2013}', "-"),
                // BibLaTeX's localisation keys in `type`, in the words Pandoc prints.
                "genre" => match value.trim() {
                    "mathesis" => "Master’s thesis".to_owned(),
                    "phdthesis" => "PhD thesis".to_owned(),
                    "candthesis" => "Candidate thesis".to_owned(),
                    "techreport" => "technical report".to_owned(),
                    "resreport" => "research report".to_owned(),
                    _ => value,
                },
                _ => value,
            };
            if value.trim().is_empty() {
                continue;
            }
            out.insert(csl, (J::String(value), field));
        }
    }
    if let Some(number) = text(entry, "number") {
        out.entry(number_field)
            .or_insert((J::String(number), "number"));
    }
    // A thesis's or report's institution is its publisher, as in Pandoc.
    for field in ["school", "institution", "organization"] {
        if !out.contains_key("publisher")
            && let Some(v) = text(entry, field)
        {
            out.insert("publisher", (J::String(v), field));
        }
    }
    if let Some(genre) = genre {
        out.entry("genre")
            .or_insert((J::String(genre.to_owned()), "type"));
    }
    // BibLaTeX's `eprint` with `eprinttype = {pubmed}` (or `pmc`, `doi`) is an identifier, which
    // cited verifies; Pandoc makes a PubMed one its URL, and so does cited, where there is none.
    if let (Some(eprint), Some(kind)) = (text(entry, "eprint"), text(entry, "eprinttype")) {
        if matches!(kind.to_ascii_lowercase().as_str(), "pubmed" | "pmid") {
            out.entry("URL").or_insert((
                J::String(format!("https://www.ncbi.nlm.nih.gov/pubmed/{eprint}")),
                "eprint",
            ));
        }
        let csl = match kind.to_ascii_lowercase().as_str() {
            "pubmed" | "pmid" => Some("PMID"),
            "pmc" | "pmcid" => Some("PMCID"),
            "doi" => Some("DOI"),
            _ => None,
        };
        if let Some(csl) = csl {
            out.entry(csl).or_insert((J::String(eprint), "eprint"));
        }
    }
    if let Some(state) = text(entry, "pubstate") {
        let status = match state.as_str() {
            "inpress" => "in press".to_owned(),
            "forthcoming" => "forthcoming".to_owned(),
            "submitted" => "submitted".to_owned(),
            "prepublished" => "prepublished".to_owned(),
            _ => state,
        };
        out.insert("status", (J::String(status), "pubstate"));
    }
    out
}

/// A field's text: braces and LaTeX commands resolved, font commands as rich text
/// (`Journal of \emph{Sleep}` is `Journal of <i>Sleep</i>`), whitespace folded, TeX's dashes
/// and quotes read (not in identifiers and addresses, which are kept as written).
fn text(entry: &biblatex::Entry, field: &str) -> Option<String> {
    let chunks = entry.get(field)?;
    let identifier = matches!(
        field,
        "doi"
            | "url"
            | "isbn"
            | "issn"
            | "pmid"
            | "pmcid"
            | "pmc"
            | "eprint"
            | "eprinttype"
            | "langid"
            | "language"
            | "entrysubtype"
            | "pubstate"
            | "pages"
    );
    let s = if identifier {
        chunks.format_verbatim()
    } else {
        markup::to_text(&field_pieces(chunks))
    };
    let folded = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return None;
    }
    Some(if identifier {
        folded
    } else {
        typographic(&folded)
    })
}

/// TeX's ligatures for dashes and quotes, as Pandoc reads them.
fn typographic(s: &str) -> String {
    s.replace("---", "\u{2014}")
        .replace("--", "\u{2013}")
        .replace("``", "\u{201c}")
        .replace("''", "\u{201d}")
        .replace('`', "\u{2018}")
        .replace('\'', "\u{2019}")
}

/// A title field's text; for English entries, in sentence case, as Pandoc reads BibTeX titles:
/// each word (or part of a word joined by a hyphen or a dash) written in Capitalised form
/// outside braces is lowercased (`I` too), except the first word, and the first after `:`, `.`,
/// `?` or `!` unless it ends the title (`Napping: Sleep in Households` is `Napping: Sleep in
/// households`, `Insomnia: Management` is `Insomnia: management`). Braced words (`{NASA}`,
/// `{R}andomized`) and words with other capitals (`McDonald`, `iPhone`) stay as written.
fn title_text(entry: &biblatex::Entry, field: &str, english: bool) -> Option<String> {
    let chunks = entry.get(field)?;
    if !english {
        return text(entry, field);
    }
    let mut out = String::new();
    let mut words = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    for piece in field_pieces(chunks) {
        if matches!(piece, Piece::Char(c, _) if c.is_whitespace()) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(piece);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut sentence_start = true;
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Each part of a hyphenated word on its own (`Meta-Analytic` is `meta-analytic`), and of
        // words joined by a dash (`Loss—A Review` is `loss—a review`), as Pandoc reads them.
        let mut joints = word.iter().filter_map(|p| match *p {
            Piece::Char(c @ ('-' | '–' | '—'), _) => Some(c),
            _ => None,
        });
        for (n, part) in word
            .split(|p| matches!(p, Piece::Char('-' | '–' | '—', _)))
            .enumerate()
        {
            if n > 0
                && let Some(joint) = joints.next()
            {
                out.push(joint);
            }
            let letters: Vec<(char, bool)> = part
                .iter()
                .filter_map(|p| match *p {
                    Piece::Char(c, protected) if c.is_alphabetic() => Some((c, protected)),
                    _ => None,
                })
                .collect();
            let capitalised = letters.first().is_some_and(|(c, p)| c.is_uppercase() && !p)
                && letters.iter().skip(1).all(|(c, p)| !c.is_uppercase() && !p);
            let first_letter = part
                .iter()
                .position(|p| matches!(p, Piece::Char(c, _) if c.is_alphabetic()));
            for (j, piece) in part.iter().enumerate() {
                match *piece {
                    Piece::Char(c, _)
                        if capitalised
                            && !(sentence_start && n == 0)
                            && Some(j) == first_letter =>
                    {
                        out.extend(c.to_lowercase());
                    }
                    // A sentence's first word starts with a capital, as Pandoc writes it
                    // (`Why it helps: a review` is `Why it helps: A review`).
                    Piece::Char(c, false)
                        if sentence_start && n == 0 && Some(j) == first_letter =>
                    {
                        out.extend(c.to_uppercase());
                    }
                    Piece::Char(c, _) => out.push(c),
                    Piece::Tag(t) => out.push_str(t),
                }
            }
        }
        // The word after `:`, `.`, `?` or `!` keeps its capital, unless it ends the title.
        sentence_start = i + 2 < words.len()
            && word
                .iter()
                .rev()
                .find_map(|p| match p {
                    Piece::Char(c, _) => Some(*c),
                    Piece::Tag(_) => None,
                })
                .is_some_and(|c| matches!(c, ':' | '.' | '?' | '!'));
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then(|| typographic(&folded))
}

/// A name list field as CSL names.
fn names(entry: &biblatex::Entry, field: &str, raw: Option<&str>) -> Option<J> {
    let people: Vec<Person> = entry.get_as(field).ok()?;
    let braced = braced_names(raw);
    let list: Vec<J> = people
        .iter()
        .enumerate()
        // `and others` is kept as Pandoc keeps it, a literal name `others`.
        .map(|(i, p)| {
            name(
                p,
                p.name == "others" || braced.get(i).copied().unwrap_or(false),
            )
        })
        .collect();
    (!list.is_empty()).then_some(J::Array(list))
}

/// For each name of a name list as written (`{Doe, Jane and {World Health Organization}}`),
/// whether it is one braced group: an organisation, kept whole as a `literal`, as Pandoc does.
pub(super) fn braced_names(raw: Option<&str>) -> Vec<bool> {
    let Some(raw) = raw.map(str::trim) else {
        return Vec::new();
    };
    let inner = raw
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')))
        .unwrap_or(raw);
    // Split on ` and ` outside braces.
    let mut names = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b if depth == 0 && b.is_ascii_whitespace() => {
                let rest = &inner[i..];
                let trimmed = rest.trim_start();
                // Compared as bytes: the text may not have a character boundary at 3.
                if let [a, n, d, space, _, ..] = trimmed.as_bytes()
                    && [*a, *n, *d].eq_ignore_ascii_case(b"and")
                    && space.is_ascii_whitespace()
                {
                    names.push(&inner[start..i]);
                    let skip = rest.len() - trimmed.len() + 3;
                    i += skip;
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    names.push(&inner[start..]);
    names.into_iter().map(|n| one_group(n.trim())).collect()
}

/// Whether `s` is exactly one balanced `{...}` group.
fn one_group(s: &str) -> bool {
    if !s.starts_with('{') || !s.ends_with('}') {
        return false;
    }
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < s.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// One name: `{family, given, dropping-particle, suffix}`, or a `literal` for a braced
/// organisation (`{World Health Organization}`).
fn name(person: &Person, braced: bool) -> J {
    let mut map = serde_json::Map::new();
    if braced {
        map.insert("literal".to_owned(), J::String(typographic(&person.name)));
        return J::Object(map);
    }
    map.insert("family".to_owned(), J::String(typographic(&person.name)));
    if !person.given_name.is_empty() {
        map.insert(
            "given".to_owned(),
            J::String(typographic(&person.given_name)),
        );
    }
    if !person.prefix.is_empty() {
        map.insert(
            "dropping-particle".to_owned(),
            J::String(person.prefix.clone()),
        );
    }
    if !person.suffix.is_empty() {
        map.insert("suffix".to_owned(), J::String(person.suffix.clone()));
    }
    J::Object(map)
}

/// A BibLaTeX date as CSL `date-parts` (one date or a range).
fn csl_date(date: &biblatex::Date) -> J {
    let parts = |d: &biblatex::Datetime| {
        let mut v = vec![J::from(if d.year <= 0 { d.year - 1 } else { d.year })];
        if let Some(m) = d.month {
            v.push(J::from(m + 1));
            if let Some(day) = d.day {
                v.push(J::from(day + 1));
            }
        }
        J::Array(v)
    };
    let ends = match &date.value {
        biblatex::DateValue::At(d)
        | biblatex::DateValue::After(d)
        | biblatex::DateValue::Before(d) => {
            vec![parts(d)]
        }
        biblatex::DateValue::Between(a, b) => vec![parts(a), parts(b)],
    };
    let mut value = json!({ "date-parts": ends });
    if date.approximate {
        value["circa"] = J::Bool(true);
    }
    value
}

/// BibLaTeX's `langid` (`english`, `ngerman`) as a language tag, as Pandoc writes it.
fn language_tag(lang: &str) -> String {
    let l = lang.to_ascii_lowercase();
    let tag = match l.as_str() {
        "english" | "american" | "usenglish" => "en-US",
        "british" | "ukenglish" => "en-GB",
        "german" | "ngerman" => "de-DE",
        "french" => "fr-FR",
        "spanish" => "es-ES",
        "italian" => "it-IT",
        "dutch" => "nl-NL",
        "portuguese" => "pt-PT",
        "brazilian" => "pt-BR",
        "swedish" => "sv-SE",
        "danish" => "da-DK",
        "norwegian" => "nb-NO",
        "finnish" => "fi-FI",
        "polish" => "pl-PL",
        "russian" => "ru-RU",
        "japanese" => "ja-JP",
        "chinese" => "zh-CN",
        _ => return lang.to_owned(),
    };
    tag.to_owned()
}

/// A field's chunks as pieces: each character with whether it is protected from case changes
/// (braced or math), and font commands and math's italics and scripts as formatting tags.
fn field_pieces(chunks: &[biblatex::Spanned<biblatex::Chunk>]) -> Vec<Piece> {
    let mut out = Vec::new();
    for chunk in chunks {
        match &chunk.v {
            biblatex::Chunk::Normal(s) => {
                out.extend(markup::pieces(&s.chars().collect::<Vec<_>>(), false));
            }
            biblatex::Chunk::Verbatim(s) => {
                out.extend(markup::pieces(&s.chars().collect::<Vec<_>>(), true));
            }
            biblatex::Chunk::Math(s) => out.extend(super::math::pieces(s)),
        }
    }
    out
}
