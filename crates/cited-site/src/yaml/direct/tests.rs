//! [`items`] against serde-saphyr: wherever it reads a document, it reads what
//! [`super::super::parse`] reads, value for value and span for span.

use proptest::prelude::*;

use super::*;

/// A reference written the ways editors and Pandoc write them: quoted and plain text, flow and
/// block lists, a flow mapping, a block scalar, a page range and a DOI left unquoted.
const PLAIN_REFERENCE: &str = r#"references:
  - id: okafor2011
    type: article-journal
    title: "Hydration and sleep coaching among parents: a national report"
    author:
      - family: Okafor
        given: Priya C.
      - {family: "Øster", given: 'Rafael A.'}
    container-title: Sleep and Behaviour
    volume: 40
    issue: "10"
    page: 140-157
    issued:
      date-parts:
        - [2011, 1, 20]
    DOI: 10.5555/bench.0001
    findings:
      - text: "Among readers who smoked, the rate was 2.29 times higher."
        locator: p. 29
    note: |
      Two lines
      of text.
"#;

#[test]
fn the_plain_files_are_read_directly_and_as_serde_saphyr_reads_them() {
    assert!(agrees(PLAIN_REFERENCE, Top::References));
    let json = r#"[{"id": "a1", "title": "A \"quoted\" title\u00e9", "issued": {"date-parts": [[2020, 2]]},
      "author": [{"family": "Doe", "given": "Jane"}], "volume": "12", "page": 7}]"#;
    assert!(agrees(json, Top::List));
    assert!(agrees("- id: a\n  title: T\n", Top::List));
    assert!(agrees("references: []\n", Top::References));
    // Pandoc's `-s -t markdown` of a library: `nocite` beside the references, before or after.
    assert!(agrees(
        "nocite: \"[@*]\"\nreferences:\n- id: a\n",
        Top::References
    ));
    assert!(agrees(
        "references: []\nnocite: \"[@*]\"\n",
        Top::References
    ));
}

#[test]
fn every_reference_file_in_the_repository_is_read_as_serde_saphyr_reads_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut read_directly = 0;
    let mut scanned = 0;
    let mut files = 0;
    for dir in ["references", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let in_references = path
                .parent()
                .is_some_and(|p| p.file_name().is_some_and(|n| n == "references"));
            let ext = path.extension().and_then(|e| e.to_str());
            if !in_references || !matches!(ext, Some("yaml" | "yml" | "json")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            files += 1;
            let top = if ext == Some("json") || text.trim_start().starts_with('[') {
                Top::List
            } else {
                Top::References
            };
            read_directly += usize::from(agrees(&text, top));
            scanned += usize::from(lines::scan(&text).is_some());
        }
    }
    // The fast scanner reads what the parser reads (`agrees` holds it to that); it must also
    // be the path most files take.
    assert!(scanned * 2 > files, "{scanned} of {files} scanned");
    // The real site's references are plain: most files must take the direct path.
    assert!(files > 30, "only {files} reference files found");
    assert!(
        read_directly * 2 > files,
        "{read_directly} of {files} read directly"
    );
}

#[test]
fn anything_else_is_left_to_serde_saphyr() {
    for text in [
        "references:\n  - id: a\n    note: yes\n",
        "references:\n  - id: a\n    note: ~\n",
        "references:\n  - id: a\n    note:\n",
        "references:\n  - id: a\n    volume: 012\n",
        "references:\n  - id: a\n    volume: 1.5\n",
        "references:\n  - id: a\n    version: 1.2.3\n",
        "references:\n  - id: a\n    title: !!str 12\n",
        "references:\n  - &x id: a\n    title: *x\n",
        "references:\n  - id: a\n    id: b\n",
        "references:\n  - id: a\n    c: {d: 1, d: 2}\n",
        "references:\n  - id: a\n    title: \"open\n",
        "references:\n  - id: a\n---\nreferences: []\n",
        "%YAML 1.2\n---\nreferences: []\n",
        "nocite: \"[@*]\"\n",
        "nocite: a\nreferences: []\nnocite: b\n",
        "references: []\nreferences: []\n",
        "nocite: [a, b]\nreferences: []\ntitle: c\n",
        "nocite: yes\nreferences: []\n",
        "nocite:\nreferences: []\n",
        "references:\n  - id: a\n    12: b\n",
    ] {
        assert!(
            items(FileId(0), 0, text, Top::References).is_none(),
            "read directly:\n{text}"
        );
    }
    let deep = format!(
        "references:\n  - id: a\n    x: {}{}\n",
        "[".repeat(40),
        "]".repeat(40)
    );
    assert!(items(FileId(0), 0, &deep, Top::References).is_none());
}

/// Spellings whose type YAML's schemas disagree on, and text that needs quotes.
const TRICKY: [&str; 60] = [
    "2011",
    "0",
    "007",
    "-3",
    "+5",
    "1e3",
    "1.5",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "nan",
    "inf",
    "Infinity",
    "true",
    "True",
    "TRUE",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "Y",
    "~",
    "null",
    "Null",
    "",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "12:30",
    "2011-01-20",
    "21-41",
    "18446744073709551616",
    "999999999999999999",
    "1234567890123456789",
    "x: y",
    "a #b",
    "-",
    "o'k",
    "say \"hi\"",
    " lead",
    "trail ",
    "line\nbreak",
    "NULL",
    "nULL",
    "Off",
    "0.0",
    "+0",
    "TrUe",
    "<i>T</i>",
    "<<",
    "1-",
    "1--2",
    "0-1",
    "1e-3",
    "1.5e+3",
    "12e",
];

/// Text that is text however it is written.
const PLAIN: [&str; 14] = [
    "Okafor",
    "Priya C.",
    "x",
    "e5",
    "é",
    "Øster",
    "a b",
    "https://example.org/a?b=c#d",
    "Anxiety - what helps",
    "10.5555/x.1",
    "921-931",
    "2nd",
    "12 weeks",
    "2011-01-20",
];

/// A scalar as YAML could write it: mostly plain text and whole numbers, now and then a
/// spelling whose type is not plain to see; each written plain, single- or double-quoted.
fn scalar() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => prop::sample::select(PLAIN.to_vec()),
        2 => prop::sample::select(vec!["2011", "0", "7", "999999999999999999"]),
        1 => prop::sample::select(TRICKY.to_vec()),
    ];
    (word, 0..4u8).prop_map(|(w, style)| match style {
        0 | 1 => w.to_owned(),
        2 => format!("'{}'", w.replace('\'', "''")),
        _ => serde_json::to_string(w).unwrap_or_default(),
    })
}

/// A YAML value, written after a key's `:` or a list's `-`.
#[derive(Debug, Clone)]
enum Node {
    Scalar(String),
    /// Words over several lines, each after the first `deeper` columns deeper than the value's
    /// key would go (0 is at the key's own column, which ends the value), with now and then a
    /// blank line or a comment between, plain or double-quoted: as Pandoc wraps a long title,
    /// and some mistakes.
    Wrapped(Vec<String>, usize, bool),
    Flow(Vec<String>),
    FlowMap(Vec<(String, String)>),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "id",
            "type",
            "title",
            "author",
            "family",
            "given",
            "issued",
            "date-parts",
            "volume",
            "page",
            "DOI",
            "note",
            "text",
            "locator",
            "URL",
            "PMID",
            "issue",
            "edition",
            "publisher",
            "container-title",
            "genre",
            "abstract",
        ])
        .prop_map(str::to_owned),
        1 => scalar(),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    let line = prop_oneof![
        8 => prop::sample::select(PLAIN.to_vec()).prop_map(str::to_owned),
        1 => prop::sample::select(TRICKY.to_vec()).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => Just("# a comment".to_owned()),
    ];
    let leaf = prop_oneof![
        4 => scalar().prop_map(Node::Scalar),
        1 => (prop::collection::vec(line, 1..4), 0..4usize, any::<bool>())
            .prop_map(|(more, deeper, quoted)| Node::Wrapped(more, deeper, quoted)),
        1 => prop::collection::vec(scalar(), 0..3).prop_map(Node::Flow),
        1 => prop::collection::vec((key(), scalar()), 0..3).prop_map(Node::FlowMap),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..3).prop_map(Node::List),
            prop::collection::vec((key(), inner), 1..4).prop_map(Node::Map),
        ]
    })
}

fn write(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Scalar(s) => {
            out.push(' ');
            out.push_str(s);
            out.push('\n');
        }
        Node::Wrapped(more, deeper, quoted) => {
            let quote = if *quoted { "\"" } else { "" };
            out.push_str(&format!(" {quote}Wrapped words\n"));
            let pad = " ".repeat((indent + deeper).saturating_sub(2));
            for (i, line) in more.iter().enumerate() {
                let end = if i + 1 == more.len() { quote } else { "" };
                out.push_str(&format!("{pad}{line}{end}\n"));
            }
        }
        Node::Flow(items) => out.push_str(&format!(" [{}]\n", items.join(", "))),
        Node::FlowMap(pairs) => {
            let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            out.push_str(&format!(" {{{}}}\n", pairs.join(", ")));
        }
        Node::List(items) => {
            out.push('\n');
            // Pandoc writes a key's list at the key's own column, when the list is short.
            let pad = if items.len() == 1 && indent >= 2 {
                " ".repeat(indent - 2)
            } else {
                pad
            };
            for item in items {
                out.push_str(&format!("{pad}-"));
                write(item, pad.len() + 2, out);
            }
            if items.len() == 2 {
                out.push_str(&format!("{pad}# a comment between lists\n"));
            }
        }
        Node::Map(pairs) => {
            out.push('\n');
            for (k, v) in pairs {
                out.push_str(&format!("{pad}{k}:"));
                write(v, indent + 2, out);
            }
        }
    }
}

/// A references file: up to three items of up to four fields each, now and then with a `nocite`
/// before them as Pandoc writes it (or another value there).
fn document() -> impl Strategy<Value = String> {
    let nocite = prop_oneof![
        6 => Just(None),
        1 => Just(Some(" \"[@*]\"\n".to_owned())),
        1 => node().prop_map(|v| {
            let mut out = String::new();
            write(&v, 2, &mut out);
            Some(out)
        }),
    ];
    let items = prop::collection::vec(prop::collection::vec((key(), node()), 1..5), 0..3);
    (nocite, items).prop_map(|(nocite, items)| {
        let mut out = String::new();
        if let Some(value) = nocite {
            out.push_str("nocite:");
            out.push_str(&value);
        }
        out.push_str("references:\n");
        for item in items {
            for (i, (k, v)) in item.iter().enumerate() {
                out.push_str(if i == 0 { "  - " } else { "    " });
                out.push_str(k);
                out.push(':');
                write(v, 6, &mut out);
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_documents_are_read_as_serde_saphyr_reads_them(text in document()) {
        agrees(&text, Top::References);
    }
}

/// A reference as `cargo xtask corpus` writes one (the YAML benchmark's), and as Pandoc lays a
/// list out under its key.
const SCANNED: [&str; 6] = [
    include_str!("../../../benches/reference.yaml"),
    "---\n# a comment\nreferences:\n- id: doe2005\n  author:\n  - family: Doe\n    given: 'Jane O''Neil'\n  issued:\n    date-parts: [ [2005], [] ]\n  page: 40-43\n...\n",
    "- id: a\n  title:    Plain  text  \n\n  note: \"\"\n",
    // Pandoc's own CSL-YAML, which wraps a long title.
    "---\nnocite: \"[@*]\"\nreferences:\n- author:\n  - family: Smith\n    given: John\n  container-title: Journal of Consulting and Clinical Psychology\n  id: smith2020\n  issued: 2020\n  title: A very long title about psychotherapy outcomes in adults with\n    depression who did not respond to a first course of treatment\n  type: article-journal\n",
    "a: b\n c  \n      d e\n# a comment\nf:   g\n  h\nkeywords:\n- one\n  two\n- three\n",
    // Pandoc quotes a title that holds `: `, and wraps it as it wraps any other.
    "- id: nsf\n  title: \"National Sleep Foundation's sleep time duration\n    recommendations: methodology and results summary\"\n  title-short: \"Sleep time:   \n     # not a comment \n    a \"\n  type: article-journal\n- \"one\n  two\"\n",
];

#[test]
fn the_plainest_files_are_scanned_as_the_parser_parses_them() {
    for text in SCANNED {
        assert!(lines::scan(text).is_some(), "not scanned:\n{text}");
        scanned_as_parsed(text);
    }
}

#[test]
fn anything_else_is_left_to_the_parser() {
    for text in [
        "a: b\tc\n",
        "a: b\r\n",
        "a: b\u{2028}c\n",
        "\u{feff}a: b\n",
        "a: b # note\n",
        "a: \"b\" # note\n",
        "%YAML 1.2\n---\na: b\n",
        "a: b\n---\nc: d\n",
        "a: b\n...\nc: d\n",
        "\"a\": b\n",
        "a b: c\n",
        &format!("{}: b\n", "k".repeat(129)),
        "a: |\n  b\n",
        "a: >\n  b\n",
        "a:\n",
        "a:\nb: c\n",
        "a: &x b\n",
        "a: *x\n",
        "a: !!str b\n",
        "a: {b: c}\n",
        "a: [b,\n  c]\n",
        "a: [b, ]\n",
        "a: \"b\\\"c\"\n",
        "a: -b\n",
        "a: b: c\n",
        "a: b:\n",
        "a: b\n\n  c\n",
        "a: b\n  c\n\n  d\n",
        "a: b\n  c: d\n",
        "a: b\n  c:\n",
        "a: b\n  - c\n",
        "a: b\n  'c'\n",
        "a: b\n  c # d\n",
        "a: b\n  # c\n  d\n",
        "- a: b\n  c\n",
        "a: 'b\n  c'\n",
        "a: \"b\n\n  c\"\n",
        "a: \"b\n  c\\\"d\"\n",
        "a: \"b\n  c\" # d\n",
        "a: \"b\n  c\"d\n",
        "a: \"b\nc\"\n",
        "- a: \"b\n  c\"\n",
        "a: \"b\n  c\n",
        "- - 2005\n",
        "-\n  a: b\n",
        "  a: b\n",
        "a: b\n c: d\n",
        "- a\nb: c\n",
        "a: [b: c]\n",
        "a: [b#c]\n",
        "",
        "# only a comment\n",
    ] {
        assert!(lines::scan(text).is_none(), "scanned:\n{text}");
    }
}

#[test]
fn a_document_of_more_values_than_the_reader_reads_is_not_held_as_events() {
    let many = |n: usize| format!("- [{}]\n", vec!["a"; n].join(", "));
    assert!(lines::scan(&many(1_000)).is_some());
    assert!(lines::scan(&many(MAX_NODES * 4)).is_none());
    assert!(lines::scan(&"- a\n".repeat(MAX_NODES * 4)).is_none());
}
