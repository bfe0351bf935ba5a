//! Reading pages again after a save, without loading the whole site: what `cited serve` does
//! when only pages' text changed. The result is the site a whole load would give, or nothing.

use std::path::Path;

use crate::{Code, Loaded, SourceFile, check_unique_slugs, load_page};

/// Reads again the pages at `paths` (relative to the root, `/`-separated), each one a page the
/// load of `loaded` read and parsed, and puts them in its place, as [`crate::load`] would have
/// loaded them: the site and the load's diagnostics are then those a whole load gives.
///
/// Returns false, leaving `loaded` as it was, whenever that cannot be promised: a path that is
/// not one of the loaded pages, a page that no longer reads as UTF-8 text, holds a control
/// character or whose front matter no longer parses, a symbolic link, a page whose pictures
/// changed (pictures are read at load). The caller then loads the whole site.
pub fn reload_pages(loaded: &mut Loaded, paths: &[String]) -> bool {
    let root = loaded.site.root.clone();
    let mut fresh = Vec::with_capacity(paths.len());
    for rel in paths {
        let Some(index) = loaded
            .site
            .pages
            .iter()
            .position(|p| loaded.site.sources.path(p.file) == rel)
        else {
            return false;
        };
        let old = &loaded.site.pages[index];
        let id = old.file;
        let Some(file) = read_source(&root, rel) else {
            return false;
        };
        let Ok(page) = load_page(&file, id) else {
            return false;
        };
        let images = |p: &crate::Page| -> Vec<String> {
            p.body.images.iter().map(|i| i.dest.clone()).collect()
        };
        if images(&page) != images(old) {
            return false;
        }
        fresh.push((index, id, file, page));
    }
    for (index, id, file, page) in fresh {
        loaded.site.sources.replace(id, file);
        loaded.site.pages[index] = page;
    }
    // Two pages sharing a slug is the one load diagnostic that depends on pages' text.
    loaded.diagnostics.retain(|d| d.code != Code::E0008);
    check_unique_slugs(&loaded.site, &mut loaded.diagnostics);
    true
}

/// The file at `rel` as the load reads it, if it is a regular file of UTF-8 text within the limit
/// and holds no control character.
fn read_source(root: &Path, rel: &str) -> Option<SourceFile> {
    let path = root.join(rel);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    // Text that is not UTF-8, or that holds a control character, is loaded lossily with a
    // diagnostic: the whole load's to give.
    let text = crate::read_text(&path).ok()?;
    if crate::discover::control_character(&text).is_some() {
        return None;
    }
    Some(SourceFile::new(rel, &path, &text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "title: T\nbase_url: https://example.org/\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: A\n---\nOne.\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("content/b.md"),
            "---\ntitle: B\n---\nTwo.\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_reloaded_page_is_the_page_a_whole_load_reads() {
        let dir = site();
        let mut loaded = crate::load(dir.path());
        std::fs::write(
            dir.path().join("content/b.md"),
            "---\ntitle: B again\nslug: a\n---\nTwo, longer.\n",
        )
        .unwrap();
        assert!(reload_pages(&mut loaded, &["content/b.md".to_owned()]));
        let whole = crate::load(dir.path());
        assert_eq!(
            format!("{:?}", loaded.site.pages),
            format!("{:?}", whole.site.pages)
        );
        assert_eq!(
            format!("{:?}", loaded.site.sources),
            format!("{:?}", whole.site.sources)
        );
        assert_eq!(loaded.diagnostics, whole.diagnostics);
        assert!(loaded.diagnostics.iter().any(|d| d.code == Code::E0008));
    }

    #[test]
    fn what_a_reload_cannot_promise_is_left_to_a_whole_load() {
        let dir = site();
        let mut loaded = crate::load(dir.path());
        let before = format!("{:?}", (&loaded.site.pages, &loaded.site.sources));
        // Not a page of the site.
        assert!(!reload_pages(&mut loaded, &["content/c.md".to_owned()]));
        // Front matter that no longer parses.
        std::fs::write(dir.path().join("content/a.md"), "---\ntitle: [\n---\n").unwrap();
        assert!(!reload_pages(&mut loaded, &["content/a.md".to_owned()]));
        // A picture appears.
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: A\n---\n![A cat.](cat.png)\n",
        )
        .unwrap();
        assert!(!reload_pages(&mut loaded, &["content/a.md".to_owned()]));
        // A control character, which the whole load reports (and does not parse the page).
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: A\n---\nOne.\u{7}\n",
        )
        .unwrap();
        assert!(!reload_pages(&mut loaded, &["content/a.md".to_owned()]));
        // Gone.
        std::fs::remove_file(dir.path().join("content/a.md")).unwrap();
        assert!(!reload_pages(&mut loaded, &["content/a.md".to_owned()]));
        assert_eq!(
            format!("{:?}", (&loaded.site.pages, &loaded.site.sources)),
            before,
            "left as it was"
        );
    }
}
