//! Where things end up: the one place that says which files are inputs, where each output file
//! lives (relative to the base URL), where a `.md` link leads, and every element id cited itself
//! puts on a page. The checker resolves links with it, the renderer writes with it, templates get
//! its ids in their context, and the dev server watches what it names; so none of them can
//! disagree.
//!
//! Element ids are unique by construction: every id cited makes starts with a prefix that a
//! heading id may not (`cite-`, `ref-`, `checklist-`, `fn-`, `fnref-`) or is one of [`RESERVED_IDS`]; headings whose
//! text slugs into that space are moved out of it ([`heading_id`]), and written `{#id}`s into it are
//! an error. Reference anchors are allotted site-wide ([`reference_anchors`]): two keys that would
//! share one get distinct anchors.

use foldhash::{HashSet, HashSetExt};
use std::collections::BTreeMap;

// ----- Output files ------------------------------------------------------------------------------

/// The folder `cited build` writes the site into when not told where, in the site's folder.
pub const OUTPUT_FOLDER: &str = "public";

/// The home page.
pub const HOME: &str = "";
/// The whole bibliography.
pub const REFERENCES: &str = "references/";
/// The editorial policy page.
pub const ABOUT: &str = "about/";
/// The not-found page.
pub const NOT_FOUND: &str = "404.html";
/// Every claim with its sources.
pub const EVIDENCE: &str = "evidence.json";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// The Atom feed.
pub const FEED: &str = "feed.xml";
/// robots.txt.
pub const ROBOTS: &str = "robots.txt";
/// Fingerprinted theme assets.
pub const ASSETS: &str = "assets/";
/// Published images (content-hashed names, see [`image_file`]).
pub const IMAGES: &str = "images/";

/// Page slugs cited uses itself (the first segment of the paths above), and device names Windows
/// reserves (a folder called `con` cannot be created there).
pub const RESERVED_SLUGS: &[&str] = &[
    "assets",
    "images",
    "checklists",
    "references",
    "about",
    "404",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "lpt1",
    "lpt2",
    "lpt3",
];

/// A page's folder.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// A checklist's standalone page.
pub fn checklist(id: &str) -> String {
    format!("checklists/{id}/")
}

// ----- Inputs ------------------------------------------------------------------------------------

/// Folders (relative to the site root) whose files are inputs wherever they are: a new file there
/// can change the site.
pub const INPUT_FOLDERS: &[&str] = &[
    "content",
    "references",
    THEMES_FOLDER,
    TEMPLATES_FOLDER,
    STATIC_FOLDER,
];

/// Where themes live, each in a folder of its name (`themes/<name>/`).
pub const THEMES_FOLDER: &str = "themes";

/// The site's own templates, each in place of (or beside) the theme's of its name.
pub const TEMPLATES_FOLDER: &str = "templates";

/// The site's own static files (CSS, scripts), each in place of (or beside) the theme's.
pub const STATIC_FOLDER: &str = "static";

/// The input folders only the theme reads: the load reads `content/`, `references/`,
/// `references.lock` and the `.csl` style `site.yaml` names (which may be anywhere in the
/// site), so a change to any other file here leaves the loaded site as it was.
pub const THEME_FOLDERS: &[&str] = &[THEMES_FOLDER, TEMPLATES_FOLDER, STATIC_FOLDER];

/// The site's configuration file.
pub const SITE_CONFIG: &str = "content/site.yaml";

/// The site-wide folder of images: a page's `![alt](name.png)` finds `name.png` beside the page
/// first, then here.
pub const IMAGES_FOLDER: &str = "content/images";

/// The site-relative files an image written `dest` in `from_file` may be, in the order they are
/// tried: beside `from_file`, then under [`IMAGES_FOLDER`]; a `dest` starting with `/` is from the
/// site root and names one file. Places that climb above the root, or leave `content/`, are left
/// out: images are read from `content/` only.
pub fn image_candidates(from_file: &str, dest: &str) -> Vec<String> {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let places = match path.strip_prefix('/') {
        Some(rooted) => vec![normalize(rooted)],
        None => vec![
            md_link_file(from_file, path),
            normalize(&format!("{IMAGES_FOLDER}/{path}")),
        ],
    };
    let mut out: Vec<String> = Vec::new();
    for place in places.into_iter().flatten() {
        if place.starts_with("content/") && !place.ends_with('/') && !out.contains(&place) {
            out.push(place);
        }
    }
    out
}

/// The output path of a published image: its content hash, the width it was made at, and the
/// extension of its format (`images/3f2a9c0d1e2b4a5c-960.jpg`). The hash is of the source file, so
/// a changed picture gets a new name and can be cached forever.
pub fn image_file(hash: &str, width: u32, ext: &str) -> String {
    format!("{IMAGES}{hash}-{width}.{ext}")
}

// ----- Links -------------------------------------------------------------------------------------

/// The site-relative file a `.md` link written in `from_file` names: relative to the folder of
/// `from_file` (or to the site root when it starts with `/`), `.` and `..` folded. `None` when it
/// climbs above the root.
pub fn md_link_file(from_file: &str, dest_path: &str) -> Option<String> {
    match dest_path.strip_prefix('/') {
        Some(rooted) => normalize(rooted),
        None => {
            let dir = from_file.rfind('/').map_or("", |i| &from_file[..=i]);
            normalize(&format!("{dir}{dest_path}"))
        }
    }
}

/// Resolves `.` and `..` segments; `None` if the path climbs above the root. A trailing `/`
/// (or `/.`, `/..`) is kept as a trailing `/`.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

// ----- Element ids -------------------------------------------------------------------------------

/// The page's main content (the skip link's target).
pub const MAIN_ID: &str = "main";
/// The heading of a page's list of references.
pub const REFERENCES_ID: &str = "references";
/// The crisis notice's heading.
pub const CRISIS_HEADING_ID: &str = "crisis-heading";
/// The table of contents' heading.
pub const TOC_HEADING_ID: &str = "toc-heading";

/// Fixed ids of the page templates. A heading cannot take one.
pub const RESERVED_IDS: &[&str] = &[MAIN_ID, REFERENCES_ID, CRISIS_HEADING_ID, TOC_HEADING_ID];

/// Prefixes of the ids cited generates (citations, reference entries, checklists) and of figure
/// ids ([`FIGURE_PREFIX`]). A heading id cannot start with one.
pub const GENERATED_PREFIXES: &[&str] = &[
    "cite-",
    "ref-",
    "checklist-",
    "fn-",
    "fnref-",
    FIGURE_PREFIX,
];

/// What a figure's id starts with: `![A caption](chart.png){#fig:chart}` is `<figure id="fig:chart">`,
/// and `[see](#fig:chart)` leads to it.
pub const FIGURE_PREFIX: &str = "fig:";

/// Whether `id` may be a figure's id: [`FIGURE_PREFIX`] and then letters, digits, `-` and `_`.
pub fn is_figure_id(id: &str) -> bool {
    id.strip_prefix(FIGURE_PREFIX).is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// Whether a heading may carry `id`: not a reserved id, not in a generated id's space.
pub fn is_free_for_heading(id: &str) -> bool {
    !RESERVED_IDS.contains(&id) && !GENERATED_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// The id of a heading whose text slugs to `slug`: the slug itself, moved out of cited's own ids
/// (`section-ref-…`) when it would land there.
pub fn heading_id(slug: &str) -> String {
    if slug.is_empty() {
        "section".to_owned()
    } else if is_free_for_heading(slug) {
        slug.to_owned()
    } else {
        format!("section-{slug}")
    }
}

/// The id of the `n`-th (1-based) citation made in a document whose ids start with `scope`
/// (`""` for a page's own text, a checklist's [`checklist_dom_id`] for its text).
pub fn citation_id(scope: &str, n: usize) -> String {
    if scope.is_empty() {
        format!("cite-{n}")
    } else {
        format!("{}.cite-{n}", checklist_section_id(scope))
    }
}

/// The id of the `n`-th (1-based) note of a page: its entry in the list of notes at the end of
/// the page's text. Notes are a note style's citations and the text's own footnotes (`[^1]`),
/// numbered in one sequence, as Pandoc numbers them.
pub fn footnote_id(n: usize) -> String {
    format!("fn-{n}")
}

/// The id of the mark in the text that leads to note `n` (its note's back link returns here).
pub fn footnote_ref_id(n: usize) -> String {
    format!("fnref-{n}")
}

/// The scope of the ids of one copy of checklist `id` on a page: `id` for the first copy (so
/// `#checklist-<id>` reaches it, on its own page and where it is embedded), `id_2` for the
/// second. Checklist ids are slugs, which have no `_`, so copies never meet another checklist.
pub fn checklist_dom_id(id: &str, copy: usize) -> String {
    match copy {
        0 => id.to_owned(),
        n => format!("{id}_{}", n + 1),
    }
}

/// The id of the section holding a checklist's form. The ids inside it extend this one after a
/// `.`, which no checklist id or item id in a slug can hold, so they never meet another's.
pub fn checklist_section_id(dom_id: &str) -> String {
    format!("checklist-{dom_id}")
}

/// The id of a checklist's title (what its form is labelled by).
pub fn checklist_title_id(dom_id: &str) -> String {
    format!("{}.title", checklist_section_id(dom_id))
}

/// The id of a checklist item's checkbox.
pub fn checklist_field_id(dom_id: &str, item: &str) -> String {
    format!("{}.item.{item}", checklist_section_id(dom_id))
}

/// The id of a reference entry's text (what its citations are described by): the entry's anchor
/// and `.text`, which no anchor holds.
pub fn entry_text_id(anchor: &str) -> String {
    // Joined, not formatted: one for every entry of every page's bibliography.
    [anchor, ".text"].concat()
}

/// The anchor of every reference key, allotted site-wide: `ref-` and the key with anything but
/// letters, digits, `-` and `_` as `-`; keys that would share an anchor get `.2`, `.3`… in key
/// order (`.` is never part of the first form), so each anchor names one source.
pub fn reference_anchors<'k>(keys: impl IntoIterator<Item = &'k str>) -> BTreeMap<&'k str, String> {
    let mut keys: Vec<&str> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut taken: HashSet<String> = HashSet::with_capacity(keys.len());
    let mut anchors = BTreeMap::new();
    for key in keys {
        let base = format!("ref-{}", anchor_safe(key));
        let mut anchor = base.clone();
        let mut n = 1;
        while !taken.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{base}.{n}");
        }
        anchors.insert(key, anchor);
    }
    anchors
}

/// A key made safe for an id attribute and a URL fragment: letters (of any script), digits, `-`
/// and `_` are kept, anything else becomes `-`.
fn anchor_safe(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_would_share_an_anchor_get_distinct_ones() {
        let anchors = reference_anchors(["smith.2020", "smith-2020", "müller2020", "mäller2020"]);
        assert_eq!(anchors["smith-2020"], "ref-smith-2020");
        assert_eq!(anchors["smith.2020"], "ref-smith-2020.2");
        assert_eq!(anchors["müller2020"], "ref-müller2020");
        assert_eq!(anchors["mäller2020"], "ref-mäller2020");
        let distinct: HashSet<&String> = anchors.values().collect();
        assert_eq!(distinct.len(), anchors.len());
    }

    #[test]
    fn the_input_folders_are_the_loads_and_the_themes() {
        let load = ["content", "references"];
        let all: Vec<&str> = load.iter().chain(THEME_FOLDERS).copied().collect();
        assert_eq!(INPUT_FOLDERS, all.as_slice());
    }

    #[test]
    fn headings_stay_out_of_generated_ids() {
        assert_eq!(heading_id("what-to-do"), "what-to-do");
        assert_eq!(heading_id("ref-hansen2002"), "section-ref-hansen2002");
        assert_eq!(heading_id("crisis-heading"), "section-crisis-heading");
        assert_eq!(heading_id(""), "section");
        assert!(!is_free_for_heading("checklist-x"));
        assert_eq!(heading_id("fn-1"), "section-fn-1");
        assert_eq!(heading_id("fnref-1"), "section-fnref-1");
        assert_ne!(footnote_id(1), footnote_ref_id(1));
    }

    #[test]
    fn md_links_resolve_against_their_own_folder() {
        assert_eq!(
            md_link_file("content/a/b.md", "c.md").as_deref(),
            Some("content/a/c.md")
        );
        assert_eq!(
            md_link_file("content/a/b.md", "../c.md").as_deref(),
            Some("content/c.md")
        );
        assert_eq!(
            md_link_file("content/a/b.md", "/content/c.md").as_deref(),
            Some("content/c.md")
        );
        assert_eq!(md_link_file("content/b.md", "../../x.md"), None);
    }

    #[test]
    fn images_are_looked_for_beside_the_page_then_in_the_images_folder() {
        assert_eq!(
            image_candidates("content/a/page.md", "chart.png"),
            ["content/a/chart.png", "content/images/chart.png"]
        );
        assert_eq!(
            image_candidates("content/page.md", "images/x.jpg"),
            ["content/images/x.jpg", "content/images/images/x.jpg"]
        );
        assert_eq!(
            image_candidates("content/page.md", "/content/images/x.jpg"),
            ["content/images/x.jpg"]
        );
        assert!(image_candidates("content/page.md", "../../etc/passwd").is_empty());
        assert!(image_candidates("content/page.md", "/static/x.png").is_empty());
        assert_eq!(image_file("ab12", 480, "png"), "images/ab12-480.png");
        assert!(is_figure_id("fig:chart-1"));
        assert!(!is_figure_id("fig:"));
        assert!(!is_figure_id("chart"));
        assert!(!is_figure_id("fig:a\"b"));
        assert!(!is_free_for_heading("fig:chart"));
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(normalize("a/b/../c/").as_deref(), Some("a/c/"));
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("a/..").as_deref(), Some(""));
    }

    #[test]
    fn copies_of_a_checklist_have_their_own_scope() {
        assert_eq!(checklist_dom_id("signs", 0), "signs");
        assert_eq!(checklist_dom_id("signs", 1), "signs_2");
        assert_eq!(checklist_section_id("signs"), "checklist-signs");
        assert_eq!(citation_id("", 3), "cite-3");
        assert_eq!(citation_id("signs", 3), "checklist-signs.cite-3");
        assert_eq!(checklist_title_id("signs"), "checklist-signs.title");
        assert_eq!(
            checklist_field_id("signs", "title"),
            "checklist-signs.item.title"
        );
        assert_eq!(entry_text_id("ref-a"), "ref-a.text");
    }
}
