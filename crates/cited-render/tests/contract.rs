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
            key: s("smith2020"),
            anchor: s("ref-smith2020"),
            text_id: s("ref-smith2020.text"),
            label: Some(s("1")),
            html: s("Smith J. <i>A study</i>."),
            text: s("Smith J. A study."),
            links: vec![IdentifierLink {
                kind: "DOI",
                label: s("10.1/x"),
                url: s("https://doi.org/10.1/x"),
                in_text: false,
            }],
            backlinks: vec![Backlink {
                url: s("/title/#cite-1"),
                page_title: s("Title"),
                n: 1,
            }],
            cited_in: vec![CitedIn {
                page_title: s("Title"),
                page_url: s("/title/"),
                links: vec![Backlink {
                    url: s("/title/#cite-1"),
                    page_title: s("Title"),
                    n: 1,
                }],
            }],
            cited_in_more: 2,
            notice: Some(NoticeContext {
                kind: "retracted",
                label: "Retracted",
                text: s("This source was retracted (2021-05-01)."),
                url: Some(s("https://doi.org/10.1/r")),
            }),
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
