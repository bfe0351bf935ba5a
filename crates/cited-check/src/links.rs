//! Rules about links and raw HTML (E04xx): every internal link resolves, every scheme is safe.

use cited_site::diagnostic::Code;
use std::collections::{HashMap, HashSet};

use cited_site::diagnostic::Diagnostic;
use cited_site::markdown::Document;
use cited_site::{Site, urls};

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

/// Every path of the site and the anchors on it.
pub struct Routes {
    anchors: HashMap<String, HashSet<String>>,
    /// Reference anchors (`ref-<key>`): valid on every page that lists references, kept once
    /// rather than copied into every page's set.
    reference_anchors: HashSet<String>,
    /// `.md` file paths (relative to the site root) and the page path they become.
    files: HashMap<String, String>,
}

impl Routes {
    /// The routes of a loaded site.
    pub fn new(site: &Site) -> Routes {
        let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
        let mut files = HashMap::new();
        let all_refs: HashSet<String> = site
            .references
            .iter()
            .map(|r| urls::reference_anchor(&r.key.value))
            .collect();
        for page in &site.pages {
            let path = urls::page(&page.slug);
            let mut set: HashSet<String> =
                page.body.headings.iter().map(|h| h.id.clone()).collect();
            set.insert("references".to_owned());
            set.insert("main".to_owned());
            for id in page.body.checklists.iter().map(|(id, _)| id) {
                set.insert(format!("checklist-{id}"));
            }
            anchors.insert(path.clone(), set);
            files.insert(site.sources.path(page.file).to_owned(), path);
        }
        for checklist in &site.checklists {
            let mut set: HashSet<String> = ["main", "references"].map(str::to_owned).into();
            set.insert(format!("checklist-{}", checklist.id()));
            anchors.insert(urls::checklist(checklist.id()), set);
        }
        anchors.insert(urls::REFERENCES.to_owned(), ["main".to_owned()].into());
        for fixed in [
            urls::HOME,
            urls::ABOUT,
            urls::NOT_FOUND,
            urls::EVIDENCE,
            urls::SITEMAP,
            urls::FEED,
            urls::ROBOTS,
        ] {
            anchors
                .entry(fixed.to_owned())
                .or_default()
                .insert("main".to_owned());
        }
        Routes {
            anchors,
            reference_anchors: all_refs,
            files,
        }
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
            let file = join(&parent_dir(from_file), path);
            match self.files.get(&file) {
                Some(p) => p.clone(),
                None => return Err(format!("no page is written from `{file}`")),
            }
        } else if let Some(abs) = path.strip_prefix('/') {
            normalize(abs).ok_or_else(|| format!("`{dest}` climbs above the site root"))?
        } else {
            normalize(&format!("{from}{path}"))
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
            Some(f)
                if !f.is_empty() && !anchors.contains(f) && !self.reference_anchors.contains(f) =>
            {
                Err(format!("`/{target}` has no anchor `#{f}`"))
            }
            _ => Ok(()),
        }
    }
}

fn parent_dir(file: &str) -> String {
    match file.rfind('/') {
        Some(i) => file[..=i].to_owned(),
        None => String::new(),
    }
}

fn join(dir: &str, path: &str) -> String {
    normalize(&format!("{dir}{path}")).unwrap_or_default()
}

/// Resolves `.` and `..` segments; `None` if the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
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

/// Checks every link of every document.
pub fn check_links(site: &Site, out: &mut Vec<Diagnostic>) {
    let routes = Routes::new(site);
    for page in &site.pages {
        let from = urls::page(&page.slug);
        check_document(
            &routes,
            &from,
            site.sources.path(page.file),
            &page.body,
            out,
        );
    }
    for checklist in &site.checklists {
        let from = urls::checklist(checklist.id());
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
    fn reference_anchors_resolve_on_every_page() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("references")).unwrap();
        std::fs::write(
            root.join("content/site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\nSee [the entry](#ref-k) and [that](../references/#ref-k) and [none](#ref-nope).\n").unwrap();
        std::fs::write(
            root.join("references/k.yaml"),
            "references:\n  - id: k\n    type: book\n    title: T\n",
        )
        .unwrap();
        let site = cited_site::load(root).site;
        let mut out = Vec::new();
        check_links(&site, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(out[0].message.contains("#ref-nope"), "{}", out[0].message);
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(normalize("a/b/../c/").as_deref(), Some("a/c/"));
        assert_eq!(normalize("../x"), None);
        assert_eq!(normalize("a/..").as_deref(), Some(""));
    }
}
