//! Pages: YAML front matter and a markdown body.

use crate::diagnostic::Code;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::markdown::Document;
use crate::source::{FileId, Span};
use crate::yaml::{self, Located};

/// A person credited on a page.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Qualifications or role, e.g. "PhD, clinical psychologist".
    #[serde(default)]
    pub credentials: Option<String>,
}

/// The front matter of a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title.
    pub title: Located<String>,
    /// One or two sentences for search results and link previews.
    #[serde(default)]
    pub description: Option<Located<String>>,
    /// The page's URL path segment; defaults to the file name.
    #[serde(default)]
    pub slug: Option<Located<String>>,
    /// Who wrote it: one person (a mapping) or a list.
    #[serde(default, deserialize_with = "one_or_more_people")]
    pub authors: Option<Located<Vec<Person>>>,
    /// Who reviewed it clinically: one person (a mapping) or a list.
    #[serde(default, deserialize_with = "one_or_more_people")]
    pub reviewed_by: Option<Located<Vec<Person>>>,
    /// First published (YYYY-MM-DD).
    #[serde(default)]
    pub published: Option<Located<String>>,
    /// Last reviewed (YYYY-MM-DD).
    #[serde(default)]
    pub last_reviewed: Option<Located<String>>,
    /// Next review due (YYYY-MM-DD).
    #[serde(default)]
    pub next_review: Option<Located<String>>,
    /// What the page is about (schema.org `about`).
    #[serde(default)]
    pub about: Vec<String>,
    /// Pandoc's `nocite`: sources the page's bibliography lists without citing them, as
    /// citations (`"@smith2020, @doe2021"`, or `"@*"` for every source), one text or a list.
    #[serde(default, deserialize_with = "one_or_more_texts")]
    pub nocite: Option<Located<Vec<String>>>,
    /// Pandoc's `suppress-bibliography`: the page has no bibliography (its citations still
    /// link to the references page).
    #[serde(default, rename = "suppress-bibliography")]
    pub suppress_bibliography: Option<Located<bool>>,
}

/// What a page's `nocite` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoCite {
    /// `@*`: every source.
    All,
    /// These keys, in order, each once, with where the `nocite` value is.
    Keys(Vec<String>),
}

impl FrontMatter {
    /// The sources `nocite` lists, or `None` without one. Keys are read as Pandoc reads
    /// citations in `nocite` (`@key` anywhere in the text, `[@a; @b]` too).
    pub fn nocite(&self) -> Option<NoCite> {
        let texts = self.nocite.as_ref()?;
        let mut keys: Vec<String> = Vec::new();
        for text in &texts.value {
            for key in crate::citation::keys_in(text) {
                if key == "*" {
                    return Some(NoCite::All);
                }
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        Some(NoCite::Keys(keys))
    }

    /// Whether `suppress-bibliography: true`.
    pub fn suppresses_bibliography(&self) -> bool {
        self.suppress_bibliography.as_ref().is_some_and(|s| s.value)
    }
}

/// One text or a list of texts.
struct Texts(Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Texts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "citations such as \"@smith2020, @doe2021\" or \"@*\", or a list of them",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Texts, A::Error> {
                Vec::<String>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Texts)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn one_or_more_texts<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Located<Vec<String>>>, D::Error> {
    let texts = Option::<Located<Texts>>::deserialize(deserializer)?;
    Ok(texts.map(|t| Located::new(t.value.0, t.span)))
}

/// People written as one mapping (`reviewed_by: {name: …}`) or as a list of them.
struct People(Vec<Person>);

impl<'de> Deserialize<'de> for People {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = People;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a person (`name:` and `credentials:`) or a list of people")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<People, A::Error> {
                Vec::<Person>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(People)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<People, A::Error> {
                Person::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|p| People(vec![p]))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn one_or_more_people<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Located<Vec<Person>>>, D::Error> {
    let people = Option::<Located<People>>::deserialize(deserializer)?;
    Ok(people.map(|p| Located::new(p.value.0, p.span)))
}

/// A loaded page.
#[derive(Debug)]
pub struct Page {
    /// The markdown file.
    pub file: FileId,
    /// The span of the front matter block (for "missing field" diagnostics).
    pub front_matter_span: Span,
    /// The front matter.
    pub front: FrontMatter,
    /// The URL path segment (validated: lowercase letters, digits and `-`).
    pub slug: String,
    /// Byte offset of the body in the file.
    pub body_start: usize,
    /// The parsed body.
    pub body: Document,
    /// The `title`, parsed for the claim checker only: it is the page's heading, published as
    /// written, so it cannot cite. An opt-out marker in it is taken out of the published title.
    /// Empty once a build checked the site ([`crate::Site::release_prose`]).
    pub title_doc: Document,
    /// The `description`, parsed for the claim checker as the title is: it is published as
    /// written (the home page's summary of the page, its link previews, the feed).
    pub description_doc: Option<Document>,
}

/// Front matter text and the byte offset where the body starts.
pub struct Split<'a> {
    /// YAML between the `---` lines.
    pub yaml: &'a str,
    /// Byte offset of `yaml` in the file.
    pub yaml_start: usize,
    /// Byte offset of the body.
    pub body_start: usize,
}

/// Splits `---\nyaml\n---\nbody`. Front matter is required: it holds the title.
pub fn split_front_matter(file: FileId, text: &str) -> Result<Split<'_>, Diagnostic> {
    let missing = || {
        Diagnostic::new(
            Code::E0005,
            Span::new(file, 0..text.lines().next().map_or(0, str::len)),
            "page has no front matter",
        )
        .with_hint("start the file with a `---` line, then `title: ...`, then another `---` line")
    };
    let first_line_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_line_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_start,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(
        Code::E0005,
        Span::new(file, 0..first_line_end),
        "front matter is not closed",
    )
    .with_label("opened here")
    .with_hint("end the front matter with a line holding only `---`"))
}

/// Parses front matter YAML.
///
/// Nearly every page's front matter is plain (quoted or plain text, lists of people): it is read
/// straight from the parser's events (the `yaml::direct` module), which gives what serde-saphyr
/// gives in 60 % of the instructions (the parser's own work is most of the rest). Anything
/// else, and every mistake, is read by serde-saphyr, which also words the diagnostic.
pub fn parse_front_matter(file: FileId, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    match yaml::direct::mapping(file, split.yaml_start, split.yaml).and_then(plain_front_matter) {
        Some(front) => Ok(front),
        None => yaml::parse(file, split.yaml_start, split.yaml),
    }
}

/// The front matter the plain mapping `fields` holds, as deserialising [`FrontMatter`] gives it;
/// `None` for anything it does not read the same way for sure: a field of another shape or
/// type, an unknown field, a missing title (serde-saphyr then reads the text, and reports).
fn plain_front_matter(fields: yaml::direct::Item) -> Option<FrontMatter> {
    use serde_json::Value;
    fn text(value: Value) -> Option<String> {
        match value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
    fn texts(value: Value) -> Option<Vec<String>> {
        match value {
            Value::Array(values) => values.into_iter().map(text).collect(),
            _ => None,
        }
    }
    fn person(value: Value) -> Option<Person> {
        let Value::Object(fields) = value else {
            return None;
        };
        let mut name = None;
        let mut credentials = None;
        for (key, value) in fields {
            match key.as_str() {
                "name" => name = Some(text(value)?),
                "credentials" => credentials = Some(text(value)?),
                _ => return None,
            }
        }
        Some(Person {
            name: name?,
            credentials,
        })
    }
    fn people(value: Value) -> Option<Vec<Person>> {
        match value {
            Value::Array(values) => values.into_iter().map(person).collect(),
            one @ Value::Object(_) => Some(vec![person(one)?]),
            _ => None,
        }
    }
    fn located<T>(
        value: Located<Value>,
        read: impl FnOnce(Value) -> Option<T>,
    ) -> Option<Located<T>> {
        Some(Located::new(read(value.value)?, value.span))
    }

    let mut title = None;
    let mut front = FrontMatter {
        title: Located::new(String::new(), Span::new(FileId(0), 0..0)),
        description: None,
        slug: None,
        authors: None,
        reviewed_by: None,
        published: None,
        last_reviewed: None,
        next_review: None,
        about: Vec::new(),
        nocite: None,
        suppress_bibliography: None,
    };
    for (key, value) in fields {
        match key.value.as_str() {
            "title" => title = Some(located(value, text)?),
            "description" => front.description = Some(located(value, text)?),
            "slug" => front.slug = Some(located(value, text)?),
            "authors" => front.authors = Some(located(value, people)?),
            "reviewed_by" => front.reviewed_by = Some(located(value, people)?),
            "published" => front.published = Some(located(value, text)?),
            "last_reviewed" => front.last_reviewed = Some(located(value, text)?),
            "next_review" => front.next_review = Some(located(value, text)?),
            "about" => front.about = texts(value.value)?,
            "nocite" => {
                front.nocite = Some(located(value, |v| match v {
                    Value::String(one) => Some(vec![one]),
                    more => texts(more),
                })?);
            }
            // `suppress-bibliography` is a boolean, which the direct reader leaves to
            // serde-saphyr; so is every field this list does not name.
            _ => return None,
        }
    }
    front.title = title?;
    Some(front)
}

/// Whether the direct reader reads the front matter `yaml`; panics where it reads it otherwise
/// than serde-saphyr does (the oracle its tests and the `yaml` fuzz target hold it to).
#[cfg(any(test, feature = "fuzzing"))]
#[allow(clippy::panic)] // an oracle for tests and the fuzzer: a disagreement must stop them
pub(crate) fn front_matter_agrees(yaml: &str) -> bool {
    yaml::direct::scanned_as_parsed(yaml);
    let (file, base) = (FileId(7), 40);
    let Some(direct) = yaml::direct::mapping(file, base, yaml).and_then(plain_front_matter) else {
        return false;
    };
    match yaml::parse::<FrontMatter>(file, base, yaml) {
        Ok(front) => assert_eq!(direct, front, "read differently:\n{yaml}"),
        Err(d) => panic!(
            "read directly, but serde-saphyr refuses it ({}):\n{yaml}",
            d.message
        ),
    }
    true
}

/// Whether a slug is safe as one URL path segment and one folder name.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !crate::layout::RESERVED_SLUGS.contains(&slug)
}

/// A page URL made from `text` that [`is_valid_slug`] takes, for a hint: letters without their
/// accents (`ü` → `u`, by canonical decomposition), lowercase, and every run of anything else a
/// single `-`. `None` when nothing is left, or what is left is reserved.
pub fn slug_from(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let mut slug = String::new();
    for c in text.nfd().flat_map(char::to_lowercase) {
        let c = match c {
            'ı' => 'i',
            'ø' => 'o',
            'đ' | 'ð' => 'd',
            'ł' => 'l',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if unicode_normalization::char::is_combining_mark(c) {
            // An accent, decomposed from its letter.
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(100).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    is_valid_slug(&slug).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_suggested_from_any_name() {
        assert_eq!(
            slug_from("terapi-ne-kadar-sürer").as_deref(),
            Some("terapi-ne-kadar-surer")
        );
        assert_eq!(slug_from("Işık ve Uyku").as_deref(), Some("isik-ve-uyku"));
        assert_eq!(
            slug_from("Talk therapy: what next?").as_deref(),
            Some("talk-therapy-what-next")
        );
        assert_eq!(slug_from("??"), None);
        assert_eq!(slug_from("About"), None);
    }

    #[test]
    fn splits_front_matter_with_crlf() {
        let text = "---\r\ntitle: x\r\n---\r\nbody\r\n";
        let split = split_front_matter(FileId(0), text).unwrap();
        assert_eq!(split.yaml, "title: x\r\n");
        assert_eq!(&text[split.body_start..], "body\r\n");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(split_front_matter(FileId(0), "# hi\n").is_err());
        let err = split_front_matter(FileId(0), "---\ntitle: x\n")
            .err()
            .unwrap();
        assert_eq!(err.message, "front matter is not closed");
    }

    #[test]
    fn people_are_one_mapping_or_a_list() {
        let one: FrontMatter = yaml::parse(
            FileId(0),
            0,
            "title: T\nreviewed_by:\n  name: Dr A\n  credentials: MD\n",
        )
        .unwrap();
        let people = one.reviewed_by.unwrap().value;
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].name, "Dr A");
        let list: FrontMatter = yaml::parse(
            FileId(0),
            0,
            "title: T\nauthors:\n  - name: A\n  - name: B\n",
        )
        .unwrap();
        assert_eq!(list.authors.unwrap().value.len(), 2);
        let err =
            yaml::parse::<FrontMatter>(FileId(0), 0, "title: T\nauthors:\n  nam: A\n").unwrap_err();
        assert_eq!(err.code, Code::E0003, "{err:?}");
    }

    /// Every page in the repository (the real site, the fixtures) is read directly as
    /// serde-saphyr reads it, or left to serde-saphyr.
    #[test]
    fn every_page_in_the_repository_is_read_as_serde_saphyr_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let (mut pages, mut read_directly) = (0, 0);
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(split) = split_front_matter(FileId(0), &text) else {
                    continue;
                };
                pages += 1;
                read_directly += usize::from(front_matter_agrees(split.yaml));
            }
        }
        assert!(pages > 50, "only {pages} pages found");
        assert!(
            read_directly * 4 > pages * 3,
            "{read_directly} of {pages} read directly"
        );
    }

    #[test]
    fn plain_front_matter_is_read_directly_with_its_spans() {
        let yaml = r#"title: "Anxiety: what helps"
description: >
  Two
  lines.
slug: anxiety
authors:
  name: A
  credentials: 'PhD, MD'
reviewed_by:
  - name: B
  - {name: C, credentials: RN}
published: 2026-11-01
last_reviewed: '2026-11-02'
next_review: 2027-11-01
about: [Anxiety, "Mental health"]
nocite: "@a, @b"
"#;
        assert!(front_matter_agrees(yaml));
        assert!(front_matter_agrees(
            "title: T\nnocite:\n  - \"@a\"\n  - \"[@b]\"\n"
        ));
        assert!(front_matter_agrees("title: T\r\nabout: []\r\n"));
        // A YAML 1.1 timestamp is text to a text field, both ways.
        assert!(front_matter_agrees(
            "title: T\npublished: 2026-11-01T10:00\n"
        ));
        let front = parse_front_matter(
            FileId(3),
            &Split {
                yaml: "title: Hello\n",
                yaml_start: 4,
                body_start: 20,
            },
        )
        .unwrap();
        assert_eq!(front.title.span, Span::new(FileId(3), 11..16));
    }

    /// What the direct reader leaves to serde-saphyr: mistakes (which serde-saphyr reports),
    /// booleans, and text whose type YAML's schemas disagree on.
    #[test]
    fn anything_else_is_left_to_serde_saphyr() {
        for yaml in [
            "",
            "description: no title\n",
            "title: T\nsuppress-bibliography: true\n",
            "title: T\ntitel: U\n",
            "title: T\ntitle: U\n",
            "title: 2026\n",
            "title: T\nslug:\n",
            "title: T\nauthors:\n  nam: A\n",
            "title: T\nauthors:\n  - name: A\n    name: B\n",
            "title: T\nauthors: A\n",
            "title: T\nabout: Anxiety\n",
            "title: T\nnocite: ~\n",
            "title: Anxiety: what helps\n",
            "title: &t T\ndescription: *t\n",
            "- title: T\n",
            "title: T\n---\ntitle: U\n",
        ] {
            assert!(
                yaml::direct::mapping(FileId(0), 0, yaml)
                    .and_then(plain_front_matter)
                    .is_none(),
                "read directly:\n{yaml}"
            );
        }
    }

    /// A text as editors write it: mostly plain or quoted, now and then a spelling whose type
    /// YAML's schemas read otherwise.
    fn text() -> impl proptest::strategy::Strategy<Value = String> + Clone {
        use proptest::prelude::*;
        prop_oneof![
            8 => prop::sample::select(vec![
                "Plain text",
                r#""Quoted: text""#,
                "'single ''quoted'''",
                "2026-11-01",
                "é",
                "12 weeks",
                r#""@a; @b""#,
                "|\n  block\n  text",
                ">-\n  folded\n  text",
            ]),
            1 => prop::sample::select(vec!["2026", "true", "~", "", "1.5", "no", "a: b"]),
        ]
        .prop_map(str::to_owned)
    }

    /// A list of texts, in flow or block style.
    fn texts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(text(), 0..3).prop_flat_map(|v| {
            let flow = format!("[{}]", v.join(", "));
            let block: String = v.iter().map(|s| format!("\n  - {s}")).collect();
            prop::sample::select(vec![flow, block])
        })
    }

    /// People: one mapping or a list of them, now and then with a field a person has not.
    fn people() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let person = (
            text(),
            proptest::option::of(text()),
            prop::sample::select(vec!["", "", "", "", "", "", "\n    role: x"]),
        );
        prop_oneof![
            3 => prop::collection::vec(person.clone(), 0..3).prop_map(|people| {
                people
                    .iter()
                    .map(|(name, credentials, extra)| {
                        let credentials = credentials
                            .as_ref()
                            .map(|c| format!("\n    credentials: {c}"))
                            .unwrap_or_default();
                        format!("\n  - name: {name}{credentials}{extra}")
                    })
                    .collect::<String>()
            }),
            1 => person.prop_map(|(name, credentials, _)| match credentials {
                Some(c) => format!("\n  name: {name}\n  credentials: {c}"),
                None => format!("{{name: {name}}}"),
            }),
        ]
    }

    proptest::proptest! {
        /// Generated front matter: wherever the direct reader reads it, it reads what
        /// serde-saphyr reads, value for value and span for span.
        #[test]
        fn generated_front_matter_is_read_as_serde_saphyr_reads_it(
            title in proptest::option::weighted(0.95, text()),
            texts_fields in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "description", "slug", "published", "last_reviewed", "next_review",
                        "nocite",
                    ]),
                    text(),
                ),
                0..4,
            ),
            lists in proptest::collection::vec(
                (proptest::sample::select(vec!["about", "nocite"]), texts()),
                0..2,
            ),
            persons in proptest::collection::vec(
                (proptest::sample::select(vec!["authors", "reviewed_by"]), people()),
                0..3,
            ),
            odd in proptest::option::weighted(
                0.1,
                proptest::sample::select(vec![
                    "suppress-bibliography: true",
                    "tags: [a]",
                    "authors: Dr A",
                    "about: Anxiety",
                ]),
            ),
        ) {
            let mut yaml = String::new();
            if let Some(title) = title {
                yaml.push_str(&format!("title: {title}\n"));
            }
            for (key, value) in texts_fields.iter().chain(&lists).chain(&persons) {
                yaml.push_str(&format!("{key}: {value}\n"));
            }
            if let Some(odd) = odd {
                yaml.push_str(odd);
                yaml.push('\n');
            }
            front_matter_agrees(&yaml);
        }
    }

    #[test]
    fn slugs_are_single_safe_segments() {
        assert!(is_valid_slug("when-therapy-fails"));
        for bad in ["", "../x", "a/b", "A", "x\0", "assets", "-x", "con", "nul"] {
            assert!(!is_valid_slug(bad), "{bad:?}");
        }
    }
}
