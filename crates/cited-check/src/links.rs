//! Rules about links and raw HTML (E04xx): every internal link resolves, every scheme is safe.

use cited_site::diagnostic::Code;
use std::collections::{HashMap, HashSet};

use cited_site::diagnostic::Diagnostic;
use cited_site::markdown::Document;
use cited_site::{Site, layout};

/// Whether a link destination uses an allowed scheme (or none).
pub fn is_allowed_destination(dest: &str) -> bool {
    match scheme(dest) {
        None => true,
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto"),
    }
}

/// The scheme of a URL, lowercased, after removing what browsers ignore (whitespace and control
/// characters), so `JaVa\tScript:` is still `javascript`.
pub fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    // A `/`, `?` or `#` before the colon makes it a path or fragment, unless an entity (`&#106;`)
    // is hiding a scheme.
    if candidate.contains(['/', '?']) || (candidate.contains('#') && !candidate.contains('&')) {
        return None;
    }
    // Anything before the colon counts, so `&#106;avascript:` is refused too.
    Some(candidate.to_ascii_lowercase())
}

/// Every path of the site and the anchors on it, as the renderer will write them
/// ([`cited_site::layout`] names both).
pub struct Routes {
    anchors: HashMap<String, HashSet<String>>,
    /// `.md` file paths (relative to the site root) and the page path they become.
    files: HashMap<String, String>,
}

impl Routes {
    /// The routes of a loaded site.
    pub fn new(site: &Site) -> Routes {
        let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
        let mut files = HashMap::new();
        // The anchors a list of references adds where it is shown.
        let listed = |keys: &mut dyn Iterator<Item = &str>, set: &mut HashSet<String>| {
            let before = set.len();
            set.extend(keys.map(|k| site.reference_anchor(k)));
            if set.len() > before {
                set.insert(layout::REFERENCES_ID.to_owned());
            }
        };
        for page in &site.pages {
            let mut set: HashSet<String> =
                page.body.headings.iter().map(|h| h.id.clone()).collect();
            set.insert(layout::MAIN_ID.to_owned());
            let mut embedded: Vec<&cited_site::checklist::Checklist> = Vec::new();
            for (ki, (id, _)) in page.body.checklists.iter().enumerate() {
                let copy = page.body.checklists[..ki]
                    .iter()
                    .filter(|(o, _)| o == id)
                    .count();
                set.insert(layout::checklist_section_id(&layout::checklist_dom_id(
                    id, copy,
                )));
                embedded.extend(site.checklist(id));
            }
            let cited = page
                .body
                .citations
                .iter()
                .flat_map(|c| &c.items)
                .map(|i| i.key.as_str());
            let in_checklists = embedded
                .iter()
                .flat_map(|c| c.documents())
                .flat_map(|d| &d.citations)
                .flat_map(|c| &c.items)
                .map(|i| i.key.as_str());
            listed(&mut cited.chain(in_checklists), &mut set);
            let path = layout::page(&page.slug);
            anchors.insert(path.clone(), set);
            files.insert(site.sources.path(page.file).to_owned(), path);
        }
        for checklist in &site.checklists {
            let mut set: HashSet<String> = [
                layout::MAIN_ID.to_owned(),
                layout::checklist_section_id(&layout::checklist_dom_id(checklist.id(), 0)),
            ]
            .into();
            let cited = checklist
                .documents()
                .flat_map(|d| &d.citations)
                .flat_map(|c| &c.items)
                .map(|i| i.key.as_str());
            listed(&mut cited.into_iter(), &mut set);
            anchors.insert(layout::checklist(checklist.id()), set);
        }
        let mut all: HashSet<String> = [layout::MAIN_ID.to_owned()].into();
        listed(
            &mut site.references.iter().map(|r| r.key.value.as_str()),
            &mut all,
        );
        anchors.insert(layout::REFERENCES.to_owned(), all);
        for fixed in [
            layout::HOME,
            layout::ABOUT,
            layout::NOT_FOUND,
            layout::EVIDENCE,
            layout::SITEMAP,
            layout::FEED,
            layout::ROBOTS,
        ] {
            anchors
                .entry(fixed.to_owned())
                .or_default()
                .insert(layout::MAIN_ID.to_owned());
        }
        Routes { anchors, files }
    }

    /// Resolves `dest` written on the page at `from` (a site path like `my-page/`) to a site path
    /// and optional anchor, or says why it does not resolve.
    pub fn resolve(&self, from: &str, from_file: &str, dest: &str) -> Result<(), String> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let target = if path.is_empty() {
            from.to_owned()
        } else if path.ends_with(".md") {
            let file = layout::md_link_file(from_file, path)
                .ok_or_else(|| format!("`{dest}` climbs above the site root"))?;
            match self.files.get(&file) {
                Some(p) => p.clone(),
                None => return Err(format!("no page is written from `{file}`")),
            }
        } else if let Some(abs) = path.strip_prefix('/') {
            layout::normalize(abs).ok_or_else(|| format!("`{dest}` climbs above the site root"))?
        } else {
            layout::normalize(&format!("{from}{path}"))
                .ok_or_else(|| format!("`{dest}` climbs above the site root"))?
        };
        let target = if target.ends_with('/') || target.is_empty() || target.contains('.') {
            target
        } else {
            format!("{target}/")
        };
        let Some(anchors) = self.anchors.get(target.as_str()) else {
            return Err(format!("no page at `/{target}`"));
        };
        match fragment {
            Some(f) if !f.is_empty() && !anchors.contains(f) => {
                Err(format!("`/{target}` has no anchor `#{f}`"))
            }
            _ => Ok(()),
        }
    }
}

/// Checks every link of every document.
pub fn check_links(site: &Site, out: &mut Vec<Diagnostic>) {
    let routes = Routes::new(site);
    for page in &site.pages {
        let from = layout::page(&page.slug);
        check_document(
            &routes,
            &from,
            site.sources.path(page.file),
            &page.body,
            out,
        );
    }
    for checklist in &site.checklists {
        let from = layout::checklist(checklist.id());
        for doc in checklist.documents() {
            check_document(&routes, &from, site.sources.path(checklist.file), doc, out);
        }
    }
}

fn check_document(
    routes: &Routes,
    from: &str,
    from_file: &str,
    doc: &Document,
    out: &mut Vec<Diagnostic>,
) {
    for link in &doc.links {
        let span = doc.span(&link.range);
        if !is_allowed_destination(&link.dest) {
            let what = if link.is_image { "image" } else { "link" };
            out.push(
                Diagnostic::new(
                    Code::E0402,
                    span,
                    format!(
                        "{what} uses the `{}:` scheme",
                        scheme(&link.dest).unwrap_or_default()
                    ),
                )
                .with_hint(
                    "only http, https and mailto links, relative links and #anchors are allowed",
                ),
            );
            continue;
        }
        if scheme(&link.dest).is_some() {
            continue;
        }
        if let Err(why) = routes.resolve(from, from_file, &link.dest) {
            out.push(
                Diagnostic::new(
                    Code::E0401,
                    span,
                    format!("link `{}` leads nowhere: {why}", link.dest),
                )
                .with_label("broken link"),
            );
        }
    }
    for range in &doc.raw_html {
        out.push(
            Diagnostic::new(
                Code::E0403,
                doc.span(range),
                "raw HTML is not allowed in content",
            )
            .with_label("write this in markdown")
            .with_hint("use markdown for formatting; HTML comments are fine"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_found_through_obfuscation() {
        assert!(!is_allowed_destination("javascript:alert(1)"));
        assert!(!is_allowed_destination("JaVa\tScRiPt:alert(1)"));
        assert!(!is_allowed_destination(" data:text/html,x"));
        assert!(!is_allowed_destination("vbscript:x"));
        assert!(!is_allowed_destination("&#106;avascript:alert(1)"));
        assert!(is_allowed_destination("https://x.org"));
        assert!(is_allowed_destination("mailto:a@b.org"));
        assert!(is_allowed_destination("../x/#y"));
        assert!(is_allowed_destination("page/a:b"));
    }

    #[test]
    fn anchors_are_those_the_page_is_written_with() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/sub")).unwrap();
        std::fs::create_dir_all(root.join("references")).unwrap();
        std::fs::write(
            root.join("content/site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        // Page a cites k: its list of references carries #references and #ref-k.
        std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\nIt is so [@k]. See [the entry](#ref-k), [the list](#references), [that](../references/#ref-k), [b](sub/b.md) and [none](#ref-nope).\n").unwrap();
        // Page b cites nothing: no list, so neither anchor; its `.md` link is relative to its
        // own folder, and `a.md` there does not exist.
        std::fs::write(root.join("content/sub/b.md"), "---\ntitle: B\n---\nSee [k](#ref-k), [the list](#references), [a](../a.md) and [a again](a.md).\n").unwrap();
        std::fs::write(
            root.join("references/k.yaml"),
            "references:\n  - id: k\n    type: book\n    title: T\n",
        )
        .unwrap();
        let site = cited_site::load(root).site;
        let mut out = Vec::new();
        check_links(&site, &mut out);
        let mut broken: Vec<&str> = out
            .iter()
            .map(|d| d.message.split('`').nth(1).unwrap_or_default())
            .collect();
        broken.sort_unstable();
        assert_eq!(
            broken,
            ["#ref-k", "#ref-nope", "#references", "a.md"],
            "{out:#?}"
        );
    }
}
