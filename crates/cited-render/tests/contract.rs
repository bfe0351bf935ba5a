//! The rendering contract and `themes/README.md` cannot drift apart.
//!
//! A fully populated [`Context`] (every `Option` is `Some`, every list has an item) and a
//! [`ChecklistFormContext`] are serialised to JSON exactly as the engines receive them. Every key
//! path (`page.bibliography[].backlinks[].url`) must be listed in the README's field tables, and
//! every path the tables list must exist. Adding a field to a context struct breaks the build of
//! this test (the literals below name every field), so the README is updated in the same change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use cited_render::ChecklistFormContext;
use cited_render::context::*;

/// Maps with free-form keys: listed as one path, their keys are not fields.
const MAPS: &[&str] = &["site.assets"];

fn s(text: &str) -> String {
    text.to_owned()
}

fn site() -> SiteContext {
    SiteContext {
        title: s("Site"),
        description: s("About the site"),
        language: s("en"),
        base_url: s("https://example.org/"),
        base_path: s("/"),
        assets: BTreeMap::from([(s("style.css"), s("/assets/style.1a2b3c4d.css"))]),
        publisher: Some(PublisherContext {
            name: s("Publisher"),
            url: Some(s("https://example.org/")),
            contact: Some(s("mailto:a@example.org")),
            contact_label: Some(s("a@example.org")),
        }),
        policy: PolicyContext {
            review_interval_days: Some(365),
            required: vec![s("authors")],
            funding: Some(s("None")),
            conflicts: Some(s("None")),
            advertising: Some(s("None")),
        },
        crisis: CrisisContext {
            heading: s("If you are in crisis"),
            html: s("Call 988."),
        },
        disclaimer_html: s("General information only."),
        nav: vec![NavLink {
            title: s("Home"),
            url: s("/"),
        }],
        references_url: s("/references/"),
        about_url: s("/about/"),
        feed_url: s("/feed.xml"),
        generator: s("cited 0.1.0"),
        ids: IdsContext::default(),
        image_hosts: vec![s("images.example.org")],
        words: cited_site::words::english().words.clone(),
    }
}

fn checklist() -> ChecklistContext {
    ChecklistContext {
        id: s("signs"),
        dom_id: s("signs"),
        section_id: s("checklist-signs"),
        title_id: s("checklist-signs.title"),
        embedded: true,
        title: s("Signs"),
        intro_html: s("<p>Intro</p>"),
        items: vec![ChecklistItemContext {
            id: s("one"),
            field_id: s("checklist-signs.item.one"),
            label: s("One"),
            detail_html: s("Detail"),
        }],
        guidance: vec![GuidanceContext {
            min: 0,
            max: 1,
            html: s("<p>Guidance</p>"),
        }],
        storage_key: s("cited:checklist:signs:00000000"),
        url: s("/checklists/signs/"),
        count: 1,
    }
}

fn page() -> PageContext {
    let person = PersonContext {
        name: s("A. Author"),
        credentials: Some(s("MD")),
    };
    PageContext {
        kind: "article",
        title: s("Title"),
        description: s("Description"),
        url: s("/title/"),
        canonical_url: s("https://example.org/title/"),
        body_html: s("<p>Body</p>"),
        toc: vec![TocEntry {
            level: 2,
            id: s("a"),
            text: s("A"),
        }],
        authors: vec![person.clone()],
        reviewers: vec![person],
        dates: Some(DatesContext {
            published: Some(s("2026-01-01")),
            published_display: Some(s("1 January 2026")),
            last_reviewed: Some(s("2026-01-01")),
            last_reviewed_display: Some(s("1 January 2026")),
            next_review: Some(s("2027-01-01")),
            next_review_display: Some(s("1 January 2027")),
        }),
        bibliography: vec![EntryContext {
            key: s("smith2020").into(),
            anchor: s("ref-smith2020").into(),
            text_id: s("ref-smith2020.text").into(),
            label: Some(s("1")),
            html: s("Smith J. <i>A study</i>."),
            text: s("Smith J. A study."),
            links: vec![IdentifierLink {
                kind: "DOI",
                label: s("10.1/x"),
                url: s("https://doi.org/10.1/x"),
                in_text: false,
            }]
            .into(),
            backlinks: vec![Backlink {
                url: s("/title/#cite-1").into(),
                page_title: s("Title").into(),
                n: 1,
            }],
            cited_in: vec![CitedIn {
                page_title: s("Title").into(),
                page_url: s("/title/"),
                links: vec![Backlink {
                    url: s("/title/#cite-1").into(),
                    page_title: s("Title").into(),
                    n: 1,
                }],
            }],
            cited_in_more: 2,
            notice: Some(NoticeContext {
                kind: "retracted",
                label: s("Retracted"),
                text: s("This source was retracted (2021-05-01)."),
                url: Some(s("https://doi.org/10.1/r")),
            }),
            words: Default::default(),
        }],
        checklists: vec![checklist()],
        pages: vec![PageLink {
            title: s("Title"),
            url: s("/title/"),
            description: s("Description"),
        }],
        json_ld: s("{}"),
        noindex: false,
    }
}

/// Every key path under `value`, arrays written `[]`.
fn paths(prefix: &str, value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                if !MAPS.contains(&path.as_str()) {
                    paths(&path, child, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            assert!(!items.is_empty(), "{prefix}: populate every list");
            for item in items {
                paths(&format!("{prefix}[]"), item, out);
            }
        }
        serde_json::Value::Null => panic!("{prefix}: populate every option"),
        _ => {}
    }
}

/// The first cell of every table row between the README's contract-field markers.
fn readme_paths(readme: &str) -> BTreeSet<String> {
    let mut listed = BTreeSet::new();
    let mut inside = false;
    for line in readme.lines() {
        let line = line.trim();
        if line == "<!-- contract-fields -->" {
            inside = true;
        } else if line == "<!-- /contract-fields -->" {
            inside = false;
        } else if inside && let Some(row) = line.strip_prefix("| `") {
            let path = row.split('`').next().unwrap_or_default();
            listed.insert(path.to_owned());
        }
    }
    listed
}

#[test]
fn readme_documents_every_field() {
    let site = site();
    let ctx = Context {
        contract: CONTRACT_VERSION,
        site: &site,
        page: &page(),
    };
    let checklist = checklist();
    let form = ChecklistFormContext {
        site: &site,
        checklist: &checklist,
    };
    let mut actual = BTreeSet::new();
    paths("", &serde_json::to_value(&ctx).unwrap(), &mut actual);
    paths("", &serde_json::to_value(&form).unwrap(), &mut actual);

    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("themes/README.md");
    let listed = readme_paths(&readme);

    let undocumented: Vec<_> = actual.difference(&listed).collect();
    assert!(
        undocumented.is_empty(),
        "fields templates receive but themes/README.md does not list: {undocumented:#?}"
    );
    let stale: Vec<_> = listed.difference(&actual).collect();
    assert!(
        stale.is_empty(),
        "themes/README.md lists fields templates do not receive: {stale:#?}"
    );
    assert!(
        readme.contains(&format!("Contract version: **{CONTRACT_VERSION}**")),
        "themes/README.md states the contract version {CONTRACT_VERSION}"
    );
}

/// A page with more of everything than [`page`]: entries with and without links, labels, notices
/// and back links, back links from two pages, and a second checklist.
fn rich_page() -> PageContext {
    let mut page = page();
    let first = page.bibliography[0].clone();
    let link = |n: usize, at: &str| Backlink {
        url: format!("/{at}/#cite-{n}").into(),
        page_title: format!("Page {at}").into(),
        n,
    };
    page.bibliography.push(EntryContext {
        key: s("jones2021").into(),
        anchor: s("ref-jones2021").into(),
        text_id: s("ref-jones2021.text").into(),
        label: None,
        html: s("Jones K. <b>Another</b> &amp; more, a title long enough to be kept on the heap."),
        text: s("Jones K. Another & more."),
        links: vec![
            IdentifierLink {
                kind: "PubMed",
                label: s("123"),
                url: s("https://pubmed.ncbi.nlm.nih.gov/123/"),
                in_text: true,
            },
            IdentifierLink {
                kind: "Web",
                label: s("https://example.org/a"),
                url: s("https://example.org/a"),
                in_text: false,
            },
        ]
        .into(),
        backlinks: vec![link(1, "a"), link(2, "a"), link(1, "b")],
        cited_in: vec![
            CitedIn {
                page_title: s("Page a").into(),
                page_url: s("/a/"),
                links: vec![link(1, "a"), link(2, "a")],
            },
            CitedIn {
                page_title: s("Page b").into(),
                page_url: s("/b/"),
                links: vec![link(1, "b")],
            },
        ],
        cited_in_more: 0,
        notice: None,
        words: Default::default(),
    });
    page.bibliography.push(EntryContext {
        key: s("lee").into(),
        anchor: s("ref-lee").into(),
        text_id: s("ref-lee.text").into(),
        label: Some(s("3")),
        links: Arc::from([]),
        backlinks: Vec::new(),
        cited_in: Vec::new(),
        ..first
    });
    page.checklists.push(checklist());
    page
}

/// Templates that read the context the ways a theme can: every field (`tojson`), each list by
/// index, loop, filter and test, each struct as text and by its items.
const READS: &[(&str, &str)] = &[
    (
        "all",
        "{{ contract }}|{{ site | tojson }}|{{ page | tojson }}",
    ),
    (
        "display",
        "{{ page.bibliography[0] }}|{{ page.bibliography }}|{{ page.bibliography[1].cited_in }}|{{ page.toc }}",
    ),
    (
        "sizes",
        "{{ page | length }} {{ page.bibliography | length }} {{ page.bibliography[-1].key }} {{ page.bibliography[0] | length }} {{ page.bibliography[1].cited_in[1].links | length }}",
    ),
    (
        "loops",
        "{% for e in page.bibliography %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}!{% endif %}:{% for k, v in e | items %}{{ k }}={{ v }};{% endfor %}{% for g in e.cited_in %}[{{ g.page_title }}{% for b in g.links %} {{ b.n }}{{ b.url }}{% endfor %}]{% endfor %}\n{% endfor %}",
    ),
    (
        "page items",
        "{% for k, v in page | items %}{{ k }}={{ v }};{% endfor %}{% for k in page %}{{ k }},{% endfor %}",
    ),
    (
        "filters",
        "{{ page.bibliography | map(attribute='key') | join(',') }}|{{ page.bibliography[1].links | rejectattr('in_text') | list }}|{{ page.bibliography | selectattr('label') | map(attribute='anchor') | list }}|{{ page.bibliography | reverse | map(attribute='key') | list }}|{{ page.bibliography | sort(attribute='key') | map(attribute='key') | join }}|{{ page.bibliography | first }}|{{ page.bibliography | last }}|{{ (page.bibliography | list)[1].html }}",
    ),
    (
        "extra links",
        "{{ page.bibliography[1].extra_links | list }}|{{ page.bibliography[1].extra_links[0].url }}|{{ page.bibliography[1].extra_links[-1].kind }}|{{ page.bibliography[1].extra_links | length }}|{% for l in page.bibliography[1].extra_links %}{{ loop.index }}{{ l.label }}{% endfor %}|{% if page.bibliography[2].extra_links %}x{% endif %}{{ page.bibliography[1].extra_links[1] is defined }}",
    ),
    (
        "tests",
        "{% if page.bibliography %}b{% endif %}{% if page.bibliography[2].links %}l{% endif %}{% if page.bibliography[2].backlinks %}k{% endif %}{% if page.bibliography[0].notice %}n{% endif %}{% if page.bibliography[1].notice %}N{% endif %}{% if page.bibliography[1].label %}L{% endif %}{{ page.nothing is defined }}{{ page.bibliography[9] is defined }}{{ page.bibliography[0].nothing is defined }}{{ page.bibliography[0] == page.bibliography[0] }}{{ page.bibliography[0] == page.bibliography[2] }}{{ page.bibliography[0].cited_in_more > 1 }}{{ page.bibliography[1].cited_in[0].links[1].n + 1 }}{{ page.bibliography[0]['html'] }}{{ page['kind'] }}{{ page.bibliography[1].links[0].in_text }}{{ page.noindex }}{{ page.bibliography is sequence }}{{ page.bibliography[0] is mapping }}{{ page is mapping }}",
    ),
    (
        "slices",
        "{{ page.bibliography[1:] | map(attribute='key') | list }}{{ page.bibliography[::-1] | length }}{{ page.bibliography[1].cited_in[-1].links[-1].url }}",
    ),
];

/// Renders each of [`READS`] with `root` as the context.
fn reads_with(root: minijinja::Value) -> Vec<Result<String, String>> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, source) in READS {
        env.add_template(name, source).unwrap();
    }
    READS
        .iter()
        .map(|(name, _)| {
            env.get_template(name)
                .unwrap()
                .render(root.clone())
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect()
}

/// MiniJinja receives the page lent, not serialised: every way of reading it must give what the
/// serialised context gives (the oracle), field by field and behaviour by behaviour.
#[test]
fn the_lent_context_reads_as_the_serialised_one() {
    let site = site();
    let lent_site = LentSite::new(&site);
    for page in [rich_page(), page(), PageContext::default()] {
        let serialised = minijinja::Value::from(minijinja::value::Serde(&Context {
            contract: CONTRACT_VERSION,
            site: &site,
            page: &page,
        }));
        let page = std::sync::Arc::new(page);
        let lent = lend(&lent_site, &page);
        let expected = reads_with(serialised);
        let actual = reads_with(lent);
        for ((name, _), (expected, actual)) in READS.iter().zip(expected.iter().zip(&actual)) {
            assert_eq!(expected, actual, "{name}, page of kind {:?}", page.kind);
        }
        // The page comes back once the templates are done with it.
        assert_eq!(std::sync::Arc::strong_count(&page), 1);
    }
}

/// A theme bundled with cited, loaded with the sources it adds.
fn bundled_theme(name: &str) -> (cited_site::Sources, cited_render::Theme) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut sources = cited_site::Sources::new();
    let theme = cited_render::Theme::load(&mut sources, &root, name, None).unwrap();
    (sources, theme)
}

/// The test site's context, with `theme`'s assets as a render names them for templates.
fn site_with_assets_of(theme: &cited_render::Theme) -> SiteContext {
    let mut site = site();
    site.assets = theme
        .assets
        .keys()
        .map(|name| (name.clone(), format!("/assets/{name}")))
        .collect();
    site
}

/// The bundled MiniJinja theme renders every page kind from the lent context exactly as from the
/// serialised one.
#[test]
fn the_default_theme_renders_the_lent_context_as_the_serialised_one() {
    let (sources, theme) = bundled_theme("default");
    assert_eq!(theme.engine, cited_render::EngineKind::Minijinja);
    let engine = cited_render::Engine::new(&theme, &sources).unwrap();
    let site = site_with_assets_of(&theme);
    let lent_site = LentSite::new(&site);
    for kind in [
        "article",
        "checklist",
        "references",
        "home",
        "about",
        "not_found",
    ] {
        for mut page in [rich_page(), page(), PageContext::default()] {
            page.kind = kind;
            let expected = engine.render_serialize(
                &format!("{kind}.html"),
                &Context {
                    contract: CONTRACT_VERSION,
                    site: &site,
                    page: &page,
                },
            );
            let page = std::sync::Arc::new(page);
            let actual = engine.render(&format!("{kind}.html"), &lent_site, &page);
            // Every page kind renders: a comparison of two errors would show nothing.
            let expected = expected.unwrap_or_else(|d| panic!("{kind}.html: {}", d.message));
            let actual = actual.unwrap_or_else(|d| panic!("{kind}.html, lent: {}", d.message));
            assert_eq!(expected, String::from_utf8(actual).unwrap(), "{kind}.html");
        }
    }
}

/// A page written as it renders (`Engine::render_to`, how the references page reaches the sink)
/// is the page rendered whole; a writer that fails is the writer's error, not the template's.
#[test]
fn a_page_rendered_to_a_writer_is_the_page_rendered_whole() {
    struct Failing;
    impl std::io::Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    for theme in ["default", "handout"] {
        let (sources, theme) = bundled_theme(theme);
        let engine = cited_render::Engine::new(&theme, &sources).unwrap();
        let site = site_with_assets_of(&theme);
        let lent_site = LentSite::new(&site);
        for kind in ["article", "references"] {
            let mut page = rich_page();
            page.kind = kind;
            let page = std::sync::Arc::new(page);
            let template = format!("{kind}.html");
            let whole = engine.render(&template, &lent_site, &page).unwrap();
            let mut written = Vec::new();
            engine
                .render_to(&template, &lent_site, &page, &mut written)
                .unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{template}"
            );
            match engine.render_to(&template, &lent_site, &page, &mut Failing) {
                Err(cited_render::StreamError::Write(e)) => {
                    assert_eq!(e.kind(), std::io::ErrorKind::StorageFull, "{template}");
                }
                other => panic!("{template}: {other:?}"),
            }
        }
    }
}

/// The template `themes/README.md` gives for `item_html`: the second `jinja` block under its
/// heading.
fn item_markup_template() -> String {
    let readme = include_str!("../../../themes/README.md");
    let section = readme
        .split_once("## A bibliography entry as `cited` marks it up")
        .unwrap()
        .1;
    let block = section.split("```jinja\n").nth(2).unwrap();
    block.split_once("```").unwrap().0.to_owned()
}

/// Entries that take every way through the markup: with and without a number, a notice (with
/// and without its link), identifiers beside the text (none, one, two, a web address), back
/// links from no page, one page and two, more pages not listed (one, several), and text in every
/// field that needs escaping.
fn entries_to_mark_up(words: &std::sync::Arc<ItemWords>) -> Vec<EntryContext> {
    let mut entries = rich_page().bibliography;
    let odd = "<b>\"Tom's\" & Jerry</b>";
    let link = |n: usize, at: &str| Backlink {
        url: format!("/{at}/?q=\"x\"&y#cite-{n}").into(),
        page_title: format!("{odd} {at}").into(),
        n,
    };
    entries.push(EntryContext {
        key: s("odd").into(),
        anchor: format!("ref-{odd}").into(),
        text_id: format!("ref-{odd}.text").into(),
        label: Some(odd.to_owned()),
        html: s("<i>As formatted</i> &amp; kept"),
        text: odd.to_owned(),
        links: vec![
            IdentifierLink {
                kind: "DOI",
                label: odd.to_owned(),
                url: format!("https://doi.org/{odd}"),
                in_text: false,
            },
            IdentifierLink {
                kind: "Web",
                label: odd.to_owned(),
                url: format!("https://example.org/{odd}"),
                in_text: false,
            },
        ]
        .into(),
        backlinks: Vec::new(),
        cited_in: vec![CitedIn {
            page_title: odd.to_owned().into(),
            page_url: format!("/{odd}/"),
            links: vec![link(1, "a"), link(12, "a")],
        }],
        cited_in_more: 1,
        notice: Some(NoticeContext {
            kind: "concern",
            label: odd.to_owned(),
            text: odd.to_owned(),
            url: None,
        }),
        words: Default::default(),
    });
    let mut empty = entries[0].clone();
    empty.label = Some(String::new());
    empty.cited_in_more = 37;
    if let Some(notice) = &mut empty.notice {
        notice.url = Some(String::new());
    }
    entries.push(empty);
    for entry in &mut entries {
        entry.words = std::sync::Arc::clone(words);
    }
    entries
}

/// `item_html` is what the template `themes/README.md` gives for it writes, byte for byte: a
/// theme that replaces the default theme's entries with that template changes nothing, on any
/// page, in English or in words that need escaping.
#[test]
fn an_entry_is_marked_up_as_the_readme_template_writes_it() {
    let template = item_markup_template();
    // The default theme's list of entries, each written by the template instead.
    let bibliography = include_str!("../../../themes/default/templates/bibliography.html");
    let call = "{{ entry.item_html | safe }}";
    assert!(bibliography.contains(call));
    let by_template = bibliography.replace(call, &template);
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("item-markup");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/bibliography.html"), by_template).unwrap();
    let load = |root: &Path| {
        let mut sources = cited_site::Sources::new();
        let theme = cited_render::Theme::load(&mut sources, root, "default", None).unwrap();
        (sources, theme)
    };
    let (sources, theme) = load(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-overrides"));
    let ours = cited_render::Engine::new(&theme, &sources).unwrap();
    let (sources, theme) = load(&root);
    let templated = cited_render::Engine::new(&theme, &sources).unwrap();

    let english = site_with_assets_of(&theme);
    let mut odd = english.clone();
    for (word, text) in [
        (&mut odd.words.cited_above, "Cité <ci-dessus> & \"là\""),
        (&mut odd.words.cited_in, "Cité dans l'article"),
        (&mut odd.words.colon, " :"),
        (&mut odd.words.citation, "<citation>"),
        (&mut odd.words.in_page, "dans « l'ouvrage »"),
        (&mut odd.words.notice_link, "L'avis & <lien>"),
        (&mut odd.words.more_pages_one, "et {n} page de plus <{n}>"),
        (
            &mut odd.words.more_pages_other,
            "et {n} pages de plus & \"{n}\"",
        ),
    ] {
        *word = text.to_owned();
    }
    let mut compared = 0;
    for site in [&english, &odd] {
        let lent_site = LentSite::new(site);
        for kind in ["article", "checklist", "references"] {
            let words = std::sync::Arc::new(ItemWords::new(&site.words, kind == "references"));
            let mut page = rich_page();
            page.kind = kind;
            page.bibliography = entries_to_mark_up(&words);
            let page = std::sync::Arc::new(page);
            let template = format!("{kind}.html");
            let text = |engine: &cited_render::Engine<'_>| {
                String::from_utf8(engine.render(&template, &lent_site, &page).unwrap()).unwrap()
            };
            let (expected, actual) = (text(&templated), text(&ours));
            assert!(actual.contains("class=\"backlink\""), "{template}");
            assert_eq!(expected, actual, "{template}");
            compared += 1;
        }
    }
    assert_eq!(compared, 6);
}
