//! The loader's errors, said in words: each mistake an editor makes, and what cited says.

use super::*;
use crate::yaml::{Located, MAX_YAML_BYTES, parse};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    title: Located<String>,
    #[serde(default)]
    #[allow(dead_code)]
    tags: Vec<String>,
}

#[test]
fn located_values_carry_file_and_offset() {
    let text = "tags: [a]\ntitle: \"Hello\"\n";
    let doc: Doc = parse(FileId(3), 100, text).unwrap();
    assert_eq!(doc.title.value, "Hello");
    assert_eq!(doc.title.span.file, FileId(3));
    let start = doc.title.span.range.start - 100;
    assert_eq!(&text[start..doc.title.span.range.end - 100], "\"Hello\"");
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Article,
    Checklist,
}

#[derive(Debug, Deserialize)]
struct WithKind {
    #[allow(dead_code)]
    kind: Kind,
}

#[test]
fn unknown_value_of_a_fixed_list_gets_a_hint() {
    let close = parse::<WithKind>(FileId(0), 0, "kind: artcle\n").unwrap_err();
    assert_eq!(close.code, Code::E0004);
    assert_eq!(close.hint.as_deref(), Some("did you mean `article`?"));
    let far = parse::<WithKind>(FileId(0), 0, "kind: page\n").unwrap_err();
    assert_eq!(
        far.hint.as_deref(),
        Some("expected one of: article, checklist")
    );
}

#[test]
fn unknown_field_gets_a_hint() {
    let err = parse::<Doc>(FileId(0), 0, "titel: x\n").unwrap_err();
    assert_eq!(err.code, Code::E0003);
    assert_eq!(err.message, "unknown field `titel`");
    assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    assert_eq!(err.span.unwrap().range.start, 0);
}

#[test]
fn duplicate_keys_and_syntax_errors_are_diagnostics() {
    let err = parse::<Doc>(FileId(0), 0, "title: a\ntitle: b\n").unwrap_err();
    assert!(err.message.contains("duplicate"), "{}", err.message);
    let err = parse::<Doc>(FileId(0), 0, "title: \"unterminated\n").unwrap_err();
    assert_eq!(err.code, Code::E0002);
}

#[test]
fn messages_are_in_plain_words() {
    let mut seen = Vec::new();
    let mut err = |text: &str| {
        let d = parse::<Doc>(FileId(0), 0, text).unwrap_err();
        seen.push(d.message.clone());
        d
    };
    let d = err("title: a\ntitle: b\n");
    assert_eq!(
        d.message,
        "duplicate key `title`: it appears twice in this mapping"
    );
    let d = err("title: a\n---\ntitle: b\n");
    assert!(
        d.message.contains("more than one YAML document"),
        "{}",
        d.message
    );
    let d = err("title: Anxiety: what helps\n");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("quotes"),
        "{d:?}"
    );
    let d = err(&format!("title: x\ntags: [{}]\n", "a,".repeat(300_000)));
    assert!(
        d.message.contains("too big to read safely"),
        "{}",
        d.message
    );
    let d = err(&format!("[\"{}\"]", "x".repeat(MAX_YAML_BYTES)));
    assert!(!d.message.contains("YAML document"), "{}", d.message);
    for message in seen {
        for internal in [
            "from_str_multiple",
            "DuplicateKeyPolicy",
            "budget breached",
            "Nodes {",
        ] {
            assert!(!message.contains(internal), "{message}");
        }
    }
}

/// Every mistake an editor makes in YAML gets a hint, and the hint fits the mistake.
#[test]
fn every_mistake_gets_a_hint_that_fits_it() {
    let hint = |text: &str| {
        let d = parse::<Doc>(FileId(0), 0, text).unwrap_err();
        (
            d.message.clone(),
            d.hint.unwrap_or_else(|| panic!("no hint: {}", d.message)),
        )
    };
    // A field indented under the one above, not a value holding `: `.
    let (message, h) = hint("title: T\n  tags: [a]\n");
    assert!(
        message.contains("indented under the value above"),
        "{message}"
    );
    assert!(h.contains("start it where the fields above start"), "{h}");
    let (message, h) = hint("title: Anxiety: what helps\n");
    assert!(message.contains("holds `: `"), "{message}");
    assert!(h.starts_with("put the value in quotes"), "{h}");
    let (_, h) = hint("title: \"unterminated\n");
    assert!(h.contains("same quote"), "{h}");
    let (message, h) = hint("tags: [a]\n");
    assert_eq!(message, "there is no `title`, which is required");
    assert_eq!(h, "add a line `title: …`");
    let (_, h) = hint("title: [a, b]\n");
    assert!(h.contains("a list as lines starting with `- `"), "{h}");
    #[derive(Debug, Deserialize)]
    struct Days {
        #[allow(dead_code)]
        days: u32,
    }
    let d = parse::<Days>(FileId(0), 0, "days: one year\n").unwrap_err();
    assert_eq!(d.message, "`one year` is not a whole number (0 or more)");
    assert_eq!(
        d.hint.as_deref(),
        Some("write a whole number (0 or more) here, such as `365`")
    );
    let (_, h) = hint("title: x\ntags: a\n  - b\n");
    assert!(!h.is_empty());
    // A number written with its unit, where the field takes the number.
    let d = parse::<Days>(FileId(0), 0, "days: 30 days\n").unwrap_err();
    assert_eq!(
        d.message,
        "`30 days` is not a whole number (0 or more): the field takes the number alone"
    );
    assert_eq!(d.hint.as_deref(), Some("write `30`, without the unit"));
    #[derive(Debug, Deserialize)]
    struct Size {
        #[allow(dead_code)]
        max_bytes: u64,
    }
    let d = parse::<Size>(FileId(0), 0, "max_bytes: 5MB\n").unwrap_err();
    assert_eq!(d.hint.as_deref(), Some("write `5000000`, without the unit"));
    let d = parse::<Size>(FileId(0), 0, "max_bytes: 1.5 MiB\n").unwrap_err();
    assert_eq!(d.hint.as_deref(), Some("write `1572864`, without the unit"));
    // A word that is not one of the values: in words, not serde's.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Level {
        Off,
        Warning,
        Error,
    }
    #[derive(Debug, Deserialize)]
    struct Rule {
        #[allow(dead_code)]
        severity: Level,
    }
    let d = parse::<Rule>(FileId(0), 0, "severity: warn\n").unwrap_err();
    assert_eq!(d.message, "`warn` is not one of off, warning, error");
    assert_eq!(d.hint.as_deref(), Some("did you mean `warning`?"));
}

/// A missing field is the mapping's mistake: the parser points at its last key, the
/// diagnostic at the block's key or the list item.
#[test]
fn a_missing_field_is_reported_at_the_mapping_that_lacks_it() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Publisher {
        name: String,
        url: Option<String>,
        contact: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        label: String,
        detail: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Site {
        title: Option<String>,
        publisher: Option<Publisher>,
        items: Option<Vec<Item>>,
    }
    let at = |text: &str| {
        let d = parse::<Site>(FileId(0), 0, text).unwrap_err();
        let range = d.span.as_ref().unwrap().range.clone();
        (
            text[range.start..].to_owned(),
            d.message,
            d.hint.unwrap_or_default(),
        )
    };
    let (key, message, hint) = at(
        "title: T\npublisher:\n  url: https://x.org/\n\n  # who\n  contact: mailto:a@x.org\nitems: []\n",
    );
    assert!(key.starts_with("publisher:\n"), "{key}");
    assert_eq!(message, "`publisher` has no `name`");
    assert_eq!(
        hint,
        "add a line `name: …` under `publisher:`, indented as its other fields"
    );
    let (key, message, _) = at("publisher: {url: https://x.org/}\n");
    assert!(key.starts_with("publisher: {"), "{key}");
    assert_eq!(message, "`publisher` has no `name`");
    let (key, message, hint) =
        at("items:\n  - id: one\n    label: One\n  - id: two\n    detail: Two\n");
    // The second item, the one without a label.
    assert!(key.starts_with("id: two"), "{key}");
    assert_eq!(message, "this item has no `label`");
    assert_eq!(
        hint,
        "add a line `label: …` to this item, indented as its `id:`"
    );
    let (key, _, _) = at("items:\n- id: one\n  detail: One\n");
    assert!(key.starts_with("id: one"), "{key}");
}

#[test]
fn an_odd_space_is_named_and_pointed_at() {
    let text = "title: T\npublished:\u{a0}2026-11-27\n";
    #[derive(Debug, Deserialize)]
    struct Dated {
        #[allow(dead_code)]
        title: String,
        #[allow(dead_code)]
        published: String,
    }
    let d = parse::<Dated>(FileId(0), 0, text).unwrap_err();
    assert!(
        d.message.starts_with("a no-break space here"),
        "{}",
        d.message
    );
    assert_eq!(&text[d.span.unwrap().range], "\u{a0}");
    assert_eq!(
        d.hint.as_deref(),
        Some("delete it and type an ordinary space")
    );
}

#[test]
fn a_key_glued_to_its_value_is_named() {
    assert_eq!(
        no_space_after_colon("a: 1\ntitle:\"T\"\nb: 2\n", 5),
        Some((5, "title", "\"T\""))
    );
    // The parser may stop on the line after.
    assert_eq!(
        no_space_after_colon("- name:Jane\r\n  credentials: x\n", 13),
        Some((2, "name", "Jane"))
    );
    assert_eq!(no_space_after_colon("- https://x.org/\n", 0), None);
    assert_eq!(no_space_after_colon("title: \"a:b\"\n", 0), None);
    assert_eq!(no_space_after_colon("\"a\":b\n", 0), None);
    let text = "title: T\npublished:2026-11-27\nnext: x\n";
    #[derive(Debug, Deserialize)]
    struct Dated {
        #[allow(dead_code)]
        title: String,
        #[allow(dead_code)]
        published: String,
    }
    let d = parse::<Dated>(FileId(0), 0, text).unwrap_err();
    assert_eq!(
        d.message,
        "`published:2026-11-27` has no space after its colon, so YAML reads it as text, not as the field `published`"
    );
    assert_eq!(&text[d.span.unwrap().range], "published:2026-11-27");
    assert_eq!(
        d.hint.as_deref(),
        Some("put a space after the colon: `published: 2026-11-27`")
    );
}

#[test]
fn a_misaligned_line_is_told_where_to_start() {
    let text = "references:\n  - id: a\n    author:\n      - family: A\n     - family: B\n";
    let d = parse::<std::collections::BTreeMap<String, Vec<crate::yaml::direct::Item>>>(
        FileId(0),
        0,
        text,
    )
    .unwrap_err();
    assert!(
        d.message.starts_with("this line does not line up"),
        "{}",
        d.message
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "start it at column 7, where the lines it belongs with start (YAML reads what belongs together from the indent)"
        )
    );
    for internal in ["did not find", "expected key", "indicator"] {
        assert!(!d.message.contains(internal), "{}", d.message);
    }
}

#[test]
fn a_value_of_the_wrong_type_is_told_in_words() {
    assert_eq!(
        unexpected_in_words("string \"just one\""),
        "the text `just one`"
    );
    assert_eq!(unexpected_in_words("sequence"), "a list");
    assert_eq!(unexpected_in_words("integer `5`"), "the number `5`");
}

#[test]
fn a_value_starting_with_at_is_told_to_be_quoted() {
    #[derive(Debug, Deserialize)]
    struct Meta {
        #[allow(dead_code)]
        nocite: serde_json::Value,
    }
    let d = parse::<Meta>(FileId(0), 0, "nocite: [@smith2020]\n").unwrap_err();
    assert_eq!(
        d.message,
        "`@` cannot start a value in YAML unless the value is in quotes"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("put the value in quotes: `nocite: \"@smith2020\"`")
    );
}

#[test]
fn a_list_item_written_as_a_value_is_told_so() {
    let text = "references:\n  - id: a\n    findings:\n      - \"Most improve.\"\n        locator: \"p. 4\"\n";
    let d = parse::<std::collections::BTreeMap<String, Vec<crate::yaml::direct::Item>>>(
        FileId(0),
        0,
        text,
    )
    .unwrap_err();
    assert_eq!(
        d.message,
        "the list item above is a single value, so this line cannot belong to it"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some(
            "write the item as fields, the value under its name: `- text: \"Most improve.\"`, then this line under `text:`"
        )
    );
}

#[test]
fn a_reference_title_in_typographic_quotes_is_told_about_its_quotes() {
    let text = "references:\n  - id: a\n    title: “Anxiety: what helps”\n";
    let d = parse::<std::collections::BTreeMap<String, Vec<crate::yaml::direct::Item>>>(
        FileId(0),
        0,
        text,
    )
    .unwrap_err();
    assert!(d.message.contains("typographic quotes"), "{}", d.message);
    assert_eq!(
        d.hint.as_deref(),
        Some("put the value in straight quotes: `title: \"Anxiety: what helps\"`")
    );
}

#[test]
fn a_number_in_words_gets_an_example_of_a_number() {
    #[derive(Debug, Deserialize)]
    struct Grade {
        #[allow(dead_code)]
        max_grade: f64,
    }
    let d = parse::<Grade>(FileId(0), 0, "max_grade: \"eight\"\n").unwrap_err();
    assert_eq!(d.message, "`\"eight\"` is not a number");
    assert_eq!(d.hint.as_deref(), Some("write a number here, such as `8`"));
    // A kind without an example says so without a placeholder.
    assert_eq!(
        scalar_in_words("unit"),
        ("a value of the kind this field takes", "")
    );
}

#[test]
fn the_key_owning_a_value_is_found_on_its_line_or_above() {
    let text = "title: x\nauthors: [Jane]\nreviewed_by:\n  # who\n  - Ann\n";
    assert_eq!(
        owning_key(text, text.find("Jane").unwrap()),
        Some("authors")
    );
    assert_eq!(
        owning_key(text, text.find("Ann").unwrap()),
        Some("reviewed_by")
    );
    assert_eq!(owning_key("x", 0), None);
}

#[test]
fn a_length_of_time_is_said_in_days() {
    assert_eq!(in_days("1", "year"), Some(365));
    assert_eq!(in_days("2", "Years"), Some(730));
    assert_eq!(in_days("6", "months"), Some(183));
    assert_eq!(in_days("3", "weeks"), Some(21));
    assert_eq!(in_days("30", "days"), Some(30));
    assert_eq!(in_days("5", "MB"), None);
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Policy {
        review_interval_days: u32,
    }
    let err = parse::<Policy>(FileId(0), 0, "review_interval_days: 1 year\n").unwrap_err();
    assert_eq!(err.hint.as_deref(), Some("write `365`, the number of days"));
}

#[test]
fn the_parsers_words_are_not_the_message() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        description: Option<String>,
        about: Option<Vec<String>>,
    }
    let said = |text: &str| {
        let err = parse::<Page>(FileId(0), 0, text).unwrap_err();
        let at = err.span.map(|s| s.range).unwrap_or_default();
        (err.message, text[at].to_owned())
    };
    for eol in ["\n", "\r\n"] {
        let text = format!("title: \"How long{eol}description: \"Why\"{eol}");
        let (message, at) = said(&text);
        assert!(
            message.starts_with("this quote is never closed"),
            "{message}"
        );
        assert_eq!(at, "\"");
    }
    let (message, at) = said("title: \"C:\\qa\"\n");
    assert_eq!(
        (message.as_str(), at.as_str()),
        (
            "`\\q` is not an escape YAML reads between double quotes",
            "\\q"
        )
    );
    assert!(said("title: x\nabout: *ref\n").0.contains("YAML alias"));
    assert_eq!(
        said("title: x\nabout: [a, b\n").0,
        "a list begun with `[` is never closed"
    );
    let err = parse::<serde::de::IgnoredAny>(FileId(0), 0, "a: {b: 1\n").unwrap_err();
    assert_eq!(err.message, "a mapping begun with `{` is never closed");
    let (message, _) = said("title: 'it's'\n");
    assert!(message.starts_with("there is more text after"), "{message}");
}

#[test]
fn yaml_holding_nothing_names_its_first_required_field() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        title: String,
    }
    for text in ["", "\n\n", "# to do\n  # later\n"] {
        let err = parse::<Page>(FileId(0), 7, text).unwrap_err();
        assert_eq!(
            err.message, "there is no `title`, which is required",
            "{text:?}"
        );
        assert_eq!(err.span.map(|s| s.range), Some(7..7), "{text:?}");
    }
    // A comment after a field is not nothing.
    assert!(!holds_nothing("title: x # why\n"));
}

#[test]
fn typographic_quotes_are_named_as_the_mistake() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        title: String,
    }
    let err = parse::<Page>(FileId(0), 0, "title: “Anxiety: what helps”\n").unwrap_err();
    assert!(
        err.message.contains("typographic quotes"),
        "{}",
        err.message
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("put the value in straight quotes: `title: \"Anxiety: what helps\"`")
    );
}

#[test]
fn a_tab_is_found_where_it_is() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        title: String,
    }
    let text = "id: a\n\ttitle: T\n";
    let err = parse::<Item>(FileId(0), 0, text).unwrap_err();
    assert_eq!(err.code, Code::E0002);
    assert_eq!(
        err.message,
        "a tab in the indentation: YAML indents with spaces only"
    );
    assert_eq!(err.span.map(|s| s.range), Some(6..7));
    // After a mapping, the parser stops past the tab: it is still found on its line.
    let text = "title: T\n\tdescription: D\n";
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        description: String,
    }
    let err = parse::<Page>(FileId(0), 0, text).unwrap_err();
    assert_eq!(err.span.map(|s| s.range), Some(9..10));
}

#[test]
fn an_indented_field_is_told_from_a_value_with_a_colon() {
    assert!(indented_field("title: T\n  description: D\n", 22));
    assert!(indented_field("title: T\n\tdescription: D\n", 21));
    assert!(!indented_field("title: Anxiety: what helps\n", 14));
    assert!(!indented_field("people:\n  - name: A: B\n", 20));
    assert!(!indented_field("title: T\n  a long key: D\n", 20));
}

#[test]
fn alias_bombs_are_refused() {
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    let result = parse::<std::collections::BTreeMap<String, serde_json::Value>>(FileId(0), 0, bomb);
    assert!(result.is_err());
}

/// A reference file read past the parser's limits, or with a number too long to be one, is said
/// in words on every path (the reference reader's ones said "budget breached: Nodes { nodes:
/// 250001 }", "recursion limit exceeded" and "non-finite float").
#[test]
fn limits_and_huge_numbers_in_a_reference_are_said_in_words() {
    let mut bomb = String::from(
        "references:\n  - id: a\n    title: T\n    seeAlso:\n      x0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        bomb.push_str(&format!("      x{i}: &a{i} [{refs}]\n"));
    }
    let deep = format!(
        "[{{\"id\": \"a\", \"title\": \"T\", \"note\": {}{}}}]",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let huge = format!(
        "references:\n  - id: a\n    title: T\n    volume: {}\n",
        "9".repeat(3000)
    );
    for (path, text, expected) in [
        (
            "bomb.yaml",
            bomb.as_str(),
            "this data is too big to read safely: it holds too many values",
        ),
        (
            "deep.json",
            deep.as_str(),
            "this data is too big to read safely: its lists and mappings are nested too deeply",
        ),
        (
            "huge.yaml",
            huge.as_str(),
            "this number has 3000 digits, too many to be a number",
        ),
    ] {
        let problems = crate::reference::parse_file(FileId(0), path, text).unwrap_err();
        assert_eq!(problems[0].message, expected, "{path}");
    }
}

#[test]
fn a_second_document_is_pointed_at_by_its_marker() {
    // As Pandoc's `markdown -s` output ends, copied whole into a reference file.
    for (text, line) in [
        ("title: a\n---\n", "---"),
        ("title: a\n---\ntitle: b\n", "---"),
        ("title: a\n--- # the end\n", "---"),
        ("title: a\n---\n\n# the next one\ntitle: b\n", "---"),
    ] {
        let err = parse::<Doc>(FileId(0), 10, text).unwrap_err();
        assert!(
            err.message.contains("more than one YAML document"),
            "{}",
            err.message
        );
        let span = err.span.unwrap();
        assert_eq!(span.range, 19..22, "{text:?}");
        assert_eq!(
            text.get(span.range.start - 10..span.range.end - 10),
            Some(line)
        );
    }
}
