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
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
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
pub fn parse_front_matter(file: FileId, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    yaml::parse(file, split.yaml_start, split.yaml)
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn slugs_are_single_safe_segments() {
        assert!(is_valid_slug("when-therapy-fails"));
        for bad in ["", "../x", "a/b", "A", "x\0", "assets", "-x", "con", "nul"] {
            assert!(!is_valid_slug(bad), "{bad:?}");
        }
    }
}
