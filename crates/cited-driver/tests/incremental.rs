//! An incremental rebuild gives exactly what a whole build gives: random sequences of edits (a
//! page's text, title, slug, byline and dates, citations added and removed, a heading other pages
//! link to, two pages saved at once, a reference changed, pages added and deleted, `site.yaml`
//! (with the site as one citation document), a template, errors introduced and then fixed), and
//! after each one the files and the diagnostics of [`cited_driver::Incremental`] are compared
//! with a whole build of the same input, byte for byte. Pages an incremental build does not
//! render again, claims it does not check again and citations it does not prepare again are
//! what a whole build makes, or these comparisons fail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;

mod common;
use common::options;

const PAGES: [&str; 5] = ["a", "b", "c", "d", "e"];

/// Sentences a page body is made of: plain, cited, cited with a locator, an unknown key (an
/// error), links to other pages (some of which may not exist), an embedded checklist, a heading.
const SENTENCES: [&str; 12] = [
    "The sky is blue today.",
    "Most studies found this [@smith2020].",
    "About 42% improved [@smith2020, p. 4].",
    "Another trial agreed [@jones2021; @smith2020].",
    "Most studies found this [@nobody].",
    "Read [more](b.md).",
    "Read [the other page](c.md#notes).",
    "```checklist\nsigns\n```",
    "## Notes",
    "See [the entry](#ref-smith2020).",
    "Some trials found it [@lee2019].",
    "<b>bold</b>",
];

/// Slugs a page can be given: another page's (two pages at one URL), or one of its own (pages
/// whose `.md` links lead to it change).
const SLUGS: [&str; 6] = ["a", "b", "c", "d", "e", "moved"];

/// Page titles: words, since a figure in a title is a claim that cannot cite.
const TITLES: [&str; 3] = ["one", "two", "three"];

/// One edit to the site.
#[derive(Debug, Clone)]
enum Edit {
    /// Page `page`'s body becomes these sentences (a page that does not exist is added).
    Write {
        page: usize,
        title: usize,
        slug: Option<usize>,
        /// With a byline and dates (a standalone checklist shows those of the page embedding it).
        dated: bool,
        sentences: Vec<usize>,
    },
    /// Two pages saved at once (the server folds changes that arrive during a build).
    Pair {
        first: (usize, usize, Vec<usize>),
        second: (usize, usize, Vec<usize>),
    },
    /// Front matter that does not parse.
    Break { page: usize },
    /// The page is deleted.
    Delete { page: usize },
    /// The references file changes ([`references`]).
    References { variant: usize },
    /// `site.yaml` changes (title, style).
    Config { variant: usize },
    /// The site's own not-found template or stylesheet is written (or removed).
    Template { variant: usize },
    /// The checklist changes ([`checklist`]).
    Checklist { variant: usize },
    /// Several edits in one rebuild, as a `git checkout` or an editor's "save all" gives them.
    Together(Vec<Edit>),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => single_edit(),
        1 => prop::collection::vec(single_edit(), 2..4).prop_map(Edit::Together),
    ]
}

/// One edit of one file (or two pages).
fn single_edit() -> impl Strategy<Value = Edit> {
    let page = 0..PAGES.len();
    let body = || prop::collection::vec(0..SENTENCES.len(), 0..5);
    prop_oneof![
        6 => (page.clone(), 0..3usize, prop::option::weighted(0.2, 0..SLUGS.len()), any::<bool>(), body())
            .prop_map(|(page, title, slug, dated, sentences)| Edit::Write { page, title, slug, dated, sentences }),
        1 => ((page.clone(), 0..3usize, body()), (page.clone(), 0..3usize, body()))
            .prop_map(|(first, second)| Edit::Pair { first, second }),
        1 => page.clone().prop_map(|page| Edit::Break { page }),
        1 => page.prop_map(|page| Edit::Delete { page }),
        2 => (0..11usize).prop_map(|variant| Edit::References { variant }),
        1 => (0..4usize).prop_map(|variant| Edit::Config { variant }),
        1 => (0..5usize).prop_map(|variant| Edit::Template { variant }),
        2 => (0..7usize).prop_map(|variant| Edit::Checklist { variant }),
    ]
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn page_text(title: usize, slug: Option<usize>, dated: bool, sentences: &[usize]) -> String {
    let slug = slug.map_or(String::new(), |s| format!("slug: {}\n", SLUGS[s]));
    let dates = if dated {
        "authors:\n  - name: \"A Writer\"\npublished: 2026-11-01\nlast_reviewed: 2026-11-02\n"
    } else {
        ""
    };
    // A page titled "three" lists `lee2019` without citing it.
    let nocite = if title == 2 {
        "nocite: \"@lee2019\"\n"
    } else {
        ""
    };
    let body: Vec<&str> = sentences.iter().map(|&s| SENTENCES[s]).collect();
    format!(
        "---\ntitle: \"Page {}\"\n{slug}{dates}{nocite}---\n\n{}\n",
        TITLES[title],
        body.join("\n\n")
    )
}

/// The references file. Variant 1 has no `lee2019` (a key removed: the whole site loads again);
/// the others define the same keys, so a save of one is read alone: variant 2 retitles
/// `smith2020`, variant 3 changes a figure of its findings (pages stating 42% fail), variant 4
/// makes `jones2021` another Smith of 2020 (author-date styles tell the two apart, on pages that
/// cite only one of them too), variant 5 retitles `lee2019` (which the checklist cites), variant 6
/// gives `smith2020` a longer title (the references after it move in the file), variant 7 is
/// variant 0 under a comment line (every reference moves, none changes), variant 8 writes
/// `lee2019`'s author as a string (the citations cannot be prepared: an error at that field),
/// variant 9 is variant 8 under the comment line (the error moves with the field) and variant 10
/// is variant 3 under it (the claims that fail stay as they were, their source moved).
fn references(variant: usize) -> String {
    let take = match variant {
        2 => "2",
        6 => "two, with a longer title",
        _ => "0",
    };
    let comment = if matches!(variant, 7 | 9 | 10) {
        "# Exported from a reference manager\n"
    } else {
        ""
    };
    let lee_title = if variant == 5 {
        "A second book of trials"
    } else {
        "A book of trials"
    };
    let lee_author = if variant == 8 || variant == 9 {
        "\"Ann Lee\""
    } else {
        "[{family: Lee, given: Ann}]"
    };
    let lee = if variant == 1 {
        String::new()
    } else {
        format!(
            "  - id: lee2019\n    type: book\n    title: \"{lee_title}\"\n    author: {lee_author}\n    issued: {{date-parts: [[2019]]}}\n"
        )
    };
    let figure = if matches!(variant, 3 | 10) { 43 } else { 42 };
    let (jones, jones_year) = if variant == 4 {
        ("Smith", 2020)
    } else {
        ("Jones", 2021)
    };
    format!(
        "{comment}references:\n  - id: smith2020\n    type: article-journal\n    title: \"A study of things, take {take}\"\n    author: [{{family: Smith, given: Jane}}]\n    issued: {{date-parts: [[2020]]}}\n    DOI: \"10.1000/smith\"\n    findings:\n      - text: \"Most studies found this.\"\n      - text: \"About {figure}% improved.\"\n  - id: jones2021\n    type: article-journal\n    title: \"Another trial\"\n    author: [{{family: {jones}, given: Bo}}]\n    issued: {{date-parts: [[{jones_year}]]}}\n    DOI: \"10.1000/jones\"\n{lee}"
    )
}

fn config(variant: usize) -> String {
    let style = match variant {
        1 => "citation_style: apa\n",
        2 => "citation_style: vancouver\n",
        3 => "citations:\n  numbering: site\n",
        _ => "",
    };
    format!("title: \"Site {variant}\"\nbase_url: \"https://example.org/\"\n{style}")
}

const CHECKLIST: &str = "id: signs\ntitle: \"Signs\"\nitems:\n  - id: one\n    label: \"First sign\"\n    detail: \"Some trials found it [@lee2019].\"\n  - id: two\n    label: \"Second sign\"\nguidance:\n  - when: \"0\"\n    text: \"Nothing ticked.\"\n  - when: \"1-2\"\n    text: \"Talk to your doctor.\"\n";

/// The checklist. Variants 1, 2, 5 and 6 keep its id, so a save of one is read alone: 1
/// retitles it and states a figure its source backs, cited at a page, 2 adds an item citing
/// another source (and its guidance), 5 cites an unknown key (an error), 6 is 1 with a figure
/// its source does not back (an error, every place in the file where it was in 1). Variant 3
/// renames it (the pages embedding `signs` break, and the whole site loads again); 4 does not
/// parse.
fn checklist(variant: usize) -> String {
    match variant {
        1 => CHECKLIST
            .replace("\"Signs\"", "\"Signs to watch\"")
            .replace(
                "Some trials found it [@lee2019].",
                "About 42% improved [@smith2020, p. 4].",
            ),
        2 => CHECKLIST
            .replace(
                "guidance:",
                "  - id: three\n    label: \"Third sign\"\n    detail: \"Another trial agreed [@jones2021; @smith2020].\"\nguidance:",
            )
            .replace("1-2", "1-3"),
        3 => CHECKLIST.replace("id: signs", "id: marks"),
        4 => "id: signs\ntitle: [\n".to_owned(),
        5 => CHECKLIST.replace("[@lee2019]", "[@nobody]"),
        6 => checklist(1).replace("About 42%", "About 43%"),
        _ => CHECKLIST.to_owned(),
    }
}

/// The starting site: every page, the references, the checklist, `site.yaml`.
fn start(root: &Path) {
    write(root, "content/site.yaml", &config(0));
    write(root, "content/signs.yaml", CHECKLIST);
    write(root, "references/refs.yaml", &references(0));
    for (i, _) in PAGES.iter().enumerate() {
        let sentences: Vec<usize> = (0..4).map(|s| (i + s) % 4).collect();
        write(
            root,
            &format!("content/{}.md", PAGES[i]),
            &page_text(0, None, false, &sentences),
        );
    }
}

/// Applies `edit` and returns the files it touched (what the watcher reports).
fn apply(root: &Path, edit: &Edit) -> Vec<PathBuf> {
    let page_path = |p: usize| format!("content/{}.md", PAGES[p]);
    match edit {
        Edit::Write {
            page,
            title,
            slug,
            dated,
            sentences,
        } => vec![write(
            root,
            &page_path(*page),
            &page_text(*title, *slug, *dated, sentences),
        )],
        Edit::Pair { first, second } => [first, second]
            .into_iter()
            .map(|(page, title, sentences)| {
                write(
                    root,
                    &page_path(*page),
                    &page_text(*title, None, false, sentences),
                )
            })
            .collect(),
        Edit::Break { page } => vec![write(
            root,
            &page_path(*page),
            "---\ntitle: [\n---\nText.\n",
        )],
        Edit::Delete { page } => {
            let path = root.join(page_path(*page));
            let _ = std::fs::remove_file(&path);
            vec![path]
        }
        Edit::References { variant } => {
            vec![write(root, "references/refs.yaml", &references(*variant))]
        }
        Edit::Config { variant } => vec![write(root, "content/site.yaml", &config(*variant))],
        Edit::Checklist { variant } => {
            vec![write(root, "content/signs.yaml", &checklist(*variant))]
        }
        Edit::Together(edits) => edits.iter().flat_map(|edit| apply(root, edit)).collect(),
        // A stylesheet of the site's own, in place of the theme's: every page names it by its
        // fingerprint.
        Edit::Template { variant: 3 } => {
            vec![write(root, "static/style.css", "body { color: #111; }\n")]
        }
        Edit::Template { variant: 4 } => {
            let path = root.join("static/style.css");
            let _ = std::fs::remove_file(&path);
            vec![path]
        }
        Edit::Template { variant } => {
            let rel = "templates/not_found.html";
            let path = root.join(rel);
            match variant {
                0 => {
                    let _ = std::fs::remove_file(&path);
                    vec![path]
                }
                1 => vec![write(
                    root,
                    rel,
                    "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.title }}</h1><p>Ours.</p>{% endblock %}\n",
                )],
                _ => vec![write(
                    root,
                    rel,
                    "{% extends \"base.html\" %}\n{% block main %}{{ page.title | nosuchfilter }}{% endblock %}\n",
                )],
            }
        }
    }
}

/// What a build produced, comparably: the files (if it rendered) and its diagnostics resolved.
fn result(
    outcome: &cited_driver::Outcome,
    sink: cited_render::MemorySink,
) -> (bool, Vec<String>, cited_render::Output) {
    let diagnostics = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{:?}", d.resolve(&outcome.site.sources)))
        .collect();
    let files = if outcome.rendered {
        sink.into_output()
    } else {
        Default::default()
    };
    (outcome.rendered, diagnostics, files)
}

/// Runs `edits` and compares every rebuild with a whole build; returns how many rebuilds read
/// only the files that changed into the last load (none, after a save of theme files only).
fn run(edits: &[Edit]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    start(&root);
    let mut incremental = cited_driver::Incremental::new(&root);
    let mut partial = 0;
    let mut changed = Vec::new();
    for (step, edit) in std::iter::once(None)
        .chain(edits.iter().map(Some))
        .enumerate()
    {
        if let Some(edit) = edit {
            changed = apply(&root, edit);
        }
        let sink = cited_render::MemorySink::default();
        let (outcome, how) = incremental.build(&changed, &options(), &sink);
        let got = result(outcome, sink);
        if matches!(how, cited_driver::Reload::Partial(_)) {
            partial += 1;
        }
        let sink = cited_render::MemorySink::default();
        let whole = cited_driver::build(&root, &options(), &sink);
        let want = result(&whole, sink);
        assert_eq!(got.0, want.0, "step {step} ({edit:?}, {how:?}): rendered");
        assert_eq!(
            got.1, want.1,
            "step {step} ({edit:?}, {how:?}): diagnostics"
        );
        assert_eq!(
            got.2.keys().collect::<Vec<_>>(),
            want.2.keys().collect::<Vec<_>>(),
            "step {step} ({edit:?}, {how:?}): files"
        );
        for (path, bytes) in &want.2 {
            assert!(
                got.2.get(path) == Some(bytes),
                "step {step} ({edit:?}, {how:?}): {path} differs"
            );
        }
    }
    partial
}

/// A save of page `page` with title `title` and these sentences, at its own slug, undated.
fn page_write(page: usize, title: usize, sentences: &[usize]) -> Edit {
    Edit::Write {
        page,
        title,
        slug: None,
        dated: false,
        sentences: sentences.to_vec(),
    }
}

/// Twelve cases, or `PROPTEST_CASES` (which an explicit count would otherwise override).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_rebuilds_equal_whole_builds(edits in prop::collection::vec(edit(), 1..10)) {
        run(&edits);
    }
}

/// A fixed sequence that goes through the page-only path many times, including an error made
/// and fixed, a duplicate slug and a link to a page that goes away.
#[test]
fn page_edits_are_reloaded_alone_and_equal_whole_builds() {
    let write = |page, sentences: &[usize]| page_write(page, 1, sentences);
    let edits = vec![
        write(0, &[0, 1]),
        write(0, &[0, 1, 4]), // an unknown key: the build fails
        write(0, &[0, 1]),    // fixed
        Edit::Write {
            page: 1,
            title: 2,
            slug: Some(2),
            dated: false,
            sentences: vec![3],
        }, // two pages at /c/
        write(1, &[3, 10]),
        write(2, &[]), // no citations left
        write(3, &[7, 2, 6]),
        Edit::Delete { page: 2 }, // `c.md` links break
        write(4, &[5, 1]),
        write(3, &[1]),
        write(0, &[5, 1]), // `a` links to `b.md`
        Edit::Write {
            page: 1,
            title: 0,
            slug: Some(5),
            dated: true,
            sentences: vec![1, 7],
        }, // `b.md` is at /moved/ now: `a` and `e` link there; it embeds the checklist, dated
        write(1, &[1, 7]), // back at /b/: the checklist's own page loses the byline and dates
    ];
    let partial = run(&edits);
    assert!(partial >= 6, "only {partial} rebuilds reloaded pages alone");
}

/// Reference edits that keep the keys are read alone, in a numeric style (pages that do not
/// print a changed reference kept) and in an author-date one (every page renders again), and
/// equal whole builds: a title, a figure that breaks a claim and its fix, a second Smith of 2020.
#[test]
fn reference_edits_are_reloaded_alone_and_equal_whole_builds() {
    let write = page_write;
    let references = |variant| Edit::References { variant };
    let edits = vec![
        write(0, 0, &[1, 2]),        // cites smith2020, with the figure
        write(1, 0, &[0, 7]),        // embeds the checklist, which cites lee2019
        write(2, 2, &[0]),           // lists lee2019 without citing it
        write(3, 0, &[3]),           // cites jones2021 and smith2020
        references(2),               // smith2020 retitled
        references(6),               // a longer title: the other two move in the file
        references(7),               // a comment above them all: every one moves, none changes
        references(5),               // lee2019 retitled: pages b and c
        references(3),               // 42% no longer backed: the build fails
        references(10),              // the same, every reference a line lower
        references(0),               // fixed
        references(4),               // jones2021 is Smith 2020 too
        Edit::Config { variant: 1 }, // APA: 2020a and 2020b
        references(0),               // told apart no more, on page a too
        references(4),
        references(7),
        references(8), // lee2019's author a string: the citations cannot be prepared
        references(9), // the same, a line lower: the error with it
        references(8),
        references(2),
    ];
    let partial = run(&edits);
    // The four page writes and the fifteen reference saves, less the style's change.
    assert!(
        partial >= 18,
        "only {partial} rebuilds read changed files alone"
    );
}

/// Saves of the theme's files (a template of the site's own, one that fails to render, a
/// stylesheet every page names by its fingerprint, each removed again) keep the load, between
/// page and reference saves that change what the kept check and citations hold, and equal whole
/// builds.
#[test]
fn theme_edits_keep_the_load_and_equal_whole_builds() {
    let write = |page, sentences: &[usize]| page_write(page, 0, sentences);
    let template = |variant| Edit::Template { variant };
    let edits = vec![
        template(1),
        write(0, &[1, 2, 7]),
        template(3),
        Edit::References { variant: 3 }, // 42% no longer backed: the build fails
        template(4),                     // still failing, as a whole build
        Edit::References { variant: 0 },
        template(2),    // a template that fails to render
        write(1, &[4]), // an unknown key too
        template(1),
        write(1, &[3]),
        template(0),
        template(3),
    ];
    let partial = run(&edits);
    assert!(partial >= 11, "only {partial} rebuilds kept the load");
}

/// Checklist edits that keep its id are read alone and equal whole builds: the pages embedding
/// it render again (their citations numbered with the checklist's), its claims are checked
/// again, in a numeric style and in an author-date one, and a renamed checklist loads the whole
/// site.
#[test]
fn checklist_edits_are_reloaded_alone_and_equal_whole_builds() {
    let write = |page, sentences: &[usize]| page_write(page, 0, sentences);
    let checklist = |variant| Edit::Checklist { variant };
    let edits = vec![
        write(0, &[1, 7]),           // embeds the checklist after a citation
        write(1, &[0]),              // embeds nothing
        write(2, &[7, 3]),           // embeds it before a citation
        checklist(1),                // retitled, a figure cited at a page
        checklist(6), // the figure no longer backed, at the same place: the build fails
        checklist(1), // fixed
        checklist(2), // an item citing two sources
        checklist(5), // an unknown key: the build fails
        checklist(0), // fixed
        Edit::Config { variant: 1 }, // APA
        checklist(2),
        checklist(1),
        checklist(3), // renamed: the pages embedding `signs` break
        checklist(0),
        checklist(4), // does not parse
        checklist(0),
        checklist(1),
    ];
    let partial = run(&edits);
    // The three page writes and the nine checklist saves that keep the id and parse, each
    // after a build that loaded the checklist.
    assert!(
        partial >= 12,
        "only {partial} rebuilds read changed files alone"
    );
}

/// Saves of several kinds of file in one rebuild (pages, references, the checklist, the theme)
/// are read in parts, each part as a save of it alone, and equal whole builds: a figure no
/// longer backed and fixed, disambiguation in an author-date style, and the saves that still
/// load the whole site (a page deleted, `site.yaml`).
#[test]
fn mixed_saves_are_reloaded_in_parts_and_equal_whole_builds() {
    let write = |page, sentences: &[usize]| page_write(page, 0, sentences);
    let references = |variant| Edit::References { variant };
    let checklist = |variant| Edit::Checklist { variant };
    let template = |variant| Edit::Template { variant };
    let edits = vec![
        write(0, &[1, 2, 7]), // cites smith2020 with the figure, embeds the checklist
        Edit::Together(vec![write(1, &[3]), references(2)]),
        Edit::Together(vec![checklist(1), template(3)]),
        // The page no longer states 42%, but the checklist it embeds does: the build fails.
        Edit::Together(vec![references(3), write(0, &[1, 7])]),
        Edit::Together(vec![checklist(0), references(0)]), // fixed
        Edit::Config { variant: 1 },                       // APA
        // jones2021 becomes a second Smith of 2020: pages citing either print 2020a or 2020b.
        Edit::Together(vec![references(4), write(2, &[3]), template(4)]),
        Edit::Together(vec![references(0), checklist(2), write(3, &[10])]),
        Edit::Together(vec![template(1), write(4, &[4])]), // an unknown key: the build fails
        Edit::Together(vec![write(4, &[1]), Edit::Delete { page: 3 }]), // a page deleted
        Edit::Together(vec![write(0, &[0]), Edit::Config { variant: 0 }]),
    ];
    let partial = run(&edits);
    // The first page write and the seven mixed saves that keep every file loading.
    assert!(
        partial >= 8,
        "only {partial} rebuilds read changed files in parts"
    );
}
