//! Reading pages again after a save, without loading the whole site: what `cited serve` does
//! when only pages' text changed. The result is the site a whole load would give, or nothing.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{
    Checklist, Code, FileId, Loaded, SourceFile, check_unique_slugs, load_page, reference,
};

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
        if !same_pictures([&page.body], [&old.body]) {
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

/// Reads again the reference files at `paths` (relative to the root, `/`-separated), each one a
/// file the load of `loaded` read and parsed, and puts their references in place, as
/// [`crate::load`] would have loaded them: the site and the load's diagnostics are then those a
/// whole load gives (a reference file that parses gives the load no diagnostic; its warnings are
/// the check's). Returns the keys whose reference changed in what it says
/// ([`crate::Reference::says_the_same_as`]): a reference that only moved in its file (a line
/// added above it, in a file of many) is in place with its new places, but not among them. Of
/// what is made from a reference, only the check's rules on references (which run over every
/// reference each time) and a fault the citations' preparation finds at its place say where it is
/// written: a caller that kept such a fault prepares the citations again.
///
/// Returns `None`, leaving `loaded` as it was, whenever that cannot be promised: a path that is
/// not one of the loaded reference files, a file that no longer reads as UTF-8 text, holds a
/// control character or no longer parses, a symbolic link, a file whose keys are no longer
/// those it defined, in that order (which would move every key after them), or a site some of
/// whose reference files did not load. The caller then loads the whole site.
pub fn reload_references(loaded: &mut Loaded, paths: &[String]) -> Option<BTreeSet<String>> {
    let site = &loaded.site;
    if site.references_incomplete {
        return None;
    }
    let mut fresh = Vec::with_capacity(paths.len());
    let mut changed = BTreeSet::new();
    for rel in paths {
        let id = (0..site.sources.len())
            .filter_map(|i| u32::try_from(i).ok().map(FileId))
            .find(|&id| site.sources.path(id) == rel)?;
        // A file's references are together, in file order (`Site::references`).
        let first = site.references.iter().position(|r| r.file == id)?;
        let count = site.references[first..]
            .iter()
            .take_while(|r| r.file == id)
            .count();
        let file = read_source(&site.root, rel)?;
        let references = reference::parse_file(id, &file.path, &file.text).ok()?;
        let old = &site.references[first..first + count];
        let same_keys = references.len() == old.len()
            && references
                .iter()
                .zip(old)
                .all(|(new, old)| new.key.value == old.key.value);
        if !same_keys {
            return None;
        }
        for (new, old) in references.iter().zip(old) {
            if !new.says_the_same_as(old) {
                changed.insert(new.key.value.clone());
            }
        }
        fresh.push((id, file, first, references));
    }
    for (id, file, first, references) in fresh {
        loaded.site.sources.replace(id, file);
        for (i, reference) in references.into_iter().enumerate() {
            loaded.site.references[first + i] = reference;
        }
    }
    Some(changed)
}

/// Reads again the checklist files at `paths` (relative to the root, `/`-separated), each one a
/// checklist the load of `loaded` read and parsed, and puts them in place, as [`crate::load`]
/// would have loaded them: the site and the load's diagnostics are then those a whole load gives
/// (a checklist that parses gives the load no diagnostic). Returns the ids of the checklists read
/// again.
///
/// Returns `None`, leaving `loaded` as it was, whenever that cannot be promised: a path that is
/// not one of the loaded checklists, a file that no longer reads as UTF-8 text, holds a control
/// character or no longer parses, a symbolic link, a checklist whose id changed (pages embed it,
/// and its page is found, by its id) or whose pictures changed (pictures are read at load). The
/// caller then loads the whole site.
pub fn reload_checklists(loaded: &mut Loaded, paths: &[String]) -> Option<Vec<String>> {
    let site = &loaded.site;
    let mut fresh = Vec::with_capacity(paths.len());
    for rel in paths {
        let index = site
            .checklists
            .iter()
            .position(|c| site.sources.path(c.file) == rel)?;
        let old = &site.checklists[index];
        let id = old.file;
        let file = read_source(&site.root, rel)?;
        let checklist = Checklist::parse(id, &file.text).ok()?;
        if checklist.id() != old.id() || !same_pictures(checklist.documents(), old.documents()) {
            return None;
        }
        fresh.push((index, id, file, checklist));
    }
    let mut ids = Vec::with_capacity(fresh.len());
    for (index, id, file, checklist) in fresh {
        ids.push(checklist.id().to_owned());
        loaded.site.sources.replace(id, file);
        loaded.site.checklists[index] = checklist;
    }
    Some(ids)
}

/// Whether a file's documents read again show the pictures they showed, in the same order: the
/// load reads the pictures, so a file whose pictures changed is the whole load's.
fn same_pictures<'d>(
    now: impl IntoIterator<Item = &'d crate::Document>,
    then: impl IntoIterator<Item = &'d crate::Document>,
) -> bool {
    let dests = |docs: &'d crate::Document| docs.images.iter().map(|i| i.dest.as_str());
    now.into_iter()
        .flat_map(dests)
        .eq(then.into_iter().flat_map(dests))
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
        assert_loads_alike(&loaded, dir.path());
        assert!(loaded.diagnostics.iter().any(|d| d.code == Code::E0008));
    }

    /// `loaded` is what a whole load of `root` gives: pages, references, sources, diagnostics.
    fn assert_loads_alike(loaded: &Loaded, root: &Path) {
        let whole = crate::load(root);
        let site = |l: &Loaded| {
            let s = &l.site;
            format!("{:?}", (&s.pages, &s.references, &s.checklists, &s.sources))
        };
        assert_eq!(site(loaded), site(&whole));
        assert_eq!(loaded.diagnostics, whole.diagnostics);
    }

    const REFS: &str = "references:\n  - id: smith2020\n    type: book\n    title: \"One\"\n    issued: {date-parts: [[2020]]}\n  - id: lee2019\n    type: book\n    title: \"Two\"\n";

    fn site_with_references() -> tempfile::TempDir {
        let dir = site();
        std::fs::create_dir_all(dir.path().join("references")).unwrap();
        std::fs::write(dir.path().join("references/refs.yaml"), REFS).unwrap();
        std::fs::write(
            dir.path().join("references/other.json"),
            "[{\"id\": \"jones2021\", \"type\": \"book\", \"title\": \"Three\"}]",
        )
        .unwrap();
        dir
    }

    #[test]
    fn reloaded_references_are_the_references_a_whole_load_reads() {
        let dir = site_with_references();
        let mut loaded = crate::load(dir.path());
        let refs = || vec!["references/refs.yaml".to_owned()];
        let mut save = |text: &str| {
            std::fs::write(dir.path().join("references/refs.yaml"), text).unwrap();
            let changed = reload_references(&mut loaded, &refs()).map(|c| {
                assert_loads_alike(&loaded, dir.path());
                c.into_iter().collect::<Vec<_>>()
            });
            changed.expect("read again alone")
        };
        // The first title grows a line: the second reference is written a line lower, its places
        // with it (a whole load's, as compared above), but says what it said.
        let longer = REFS.replace("\"One\"", "\"One,\n      and more\"");
        assert_eq!(save(&longer), ["smith2020"]);
        // A comment above them all: both move, neither changes.
        assert_eq!(
            save(&format!("# From a reference manager\n{longer}")),
            Vec::<String>::new()
        );
        // Saved as it was.
        assert_eq!(save(&longer), Vec::<String>::new());
        // The last reference's type: it alone changed.
        assert_eq!(
            save(&longer.replace("lee2019\n    type: book", "lee2019\n    type: report")),
            ["lee2019"]
        );
    }

    #[test]
    fn what_a_reference_reload_cannot_promise_is_left_to_a_whole_load() {
        let dir = site_with_references();
        let mut loaded = crate::load(dir.path());
        let before = format!("{:?}", (&loaded.site.references, &loaded.site.sources));
        let refs = || vec!["references/refs.yaml".to_owned()];
        let mut cannot = |text: &str| {
            std::fs::write(dir.path().join("references/refs.yaml"), text).unwrap();
            assert!(reload_references(&mut loaded, &refs()).is_none(), "{text}");
        };
        // A key renamed, added, removed or moved.
        cannot(&REFS.replace("lee2019", "lee2018"));
        cannot(&format!("{REFS}  - id: new2024\n    type: book\n"));
        cannot(&REFS[..REFS.find("  - id: lee2019").unwrap()]);
        cannot(&format!(
            "references:\n{}{}",
            &REFS[REFS.find("  - id: lee2019").unwrap()..],
            &REFS["references:\n".len()..REFS.find("  - id: lee2019").unwrap()]
        ));
        // No longer parses, or holds a control character.
        cannot("references: [\n");
        cannot(&REFS.replace("One", "One\u{7}"));
        // Not a reference file the load read.
        assert!(reload_references(&mut loaded, &["references/new.yaml".to_owned()]).is_none());
        assert!(reload_references(&mut loaded, &["content/a.md".to_owned()]).is_none());
        // Gone.
        std::fs::remove_file(dir.path().join("references/refs.yaml")).unwrap();
        assert!(reload_references(&mut loaded, &refs()).is_none());
        assert_eq!(
            format!("{:?}", (&loaded.site.references, &loaded.site.sources)),
            before,
            "left as it was"
        );
    }

    const CHECKLIST: &str = "id: signs\ntitle: \"Signs\"\nitems:\n  - id: one\n    label: \"First sign\"\n    detail: \"Some trials found it.\"\nguidance:\n  - when: \"0-1\"\n    text: \"Talk to your doctor.\"\n";

    fn site_with_checklist() -> tempfile::TempDir {
        let dir = site();
        std::fs::write(dir.path().join("content/signs.yaml"), CHECKLIST).unwrap();
        dir
    }

    #[test]
    fn a_reloaded_checklist_is_the_checklist_a_whole_load_reads() {
        let dir = site_with_checklist();
        let mut loaded = crate::load(dir.path());
        // A title on two lines (every place after it moves), an item more.
        let longer = CHECKLIST
            .replace("\"Signs\"", "\"Signs that\n  it is not helping\"")
            .replace(
                "guidance:",
                "  - id: two\n    label: \"Second sign\"\nguidance:",
            )
            .replace("0-1", "0-2");
        std::fs::write(dir.path().join("content/signs.yaml"), longer).unwrap();
        let ids = reload_checklists(&mut loaded, &["content/signs.yaml".to_owned()]);
        assert_eq!(ids, Some(vec!["signs".to_owned()]));
        assert_loads_alike(&loaded, dir.path());
    }

    #[test]
    fn what_a_checklist_reload_cannot_promise_is_left_to_a_whole_load() {
        let dir = site_with_checklist();
        let mut loaded = crate::load(dir.path());
        let before = format!("{:?}", (&loaded.site.checklists, &loaded.site.sources));
        let path = || vec!["content/signs.yaml".to_owned()];
        let mut cannot = |text: &str| {
            std::fs::write(dir.path().join("content/signs.yaml"), text).unwrap();
            assert!(reload_checklists(&mut loaded, &path()).is_none(), "{text}");
        };
        // Another id: pages embed it, and its page is found, by its id.
        cannot(&CHECKLIST.replace("id: signs", "id: other"));
        // No longer parses, or holds a control character.
        cannot("id: [\n");
        cannot(&CHECKLIST.replace("First", "First\u{7}"));
        // A picture appears.
        cannot(&CHECKLIST.replace("found it.", "found it. ![A cat.](cat.png)"));
        // Not a checklist the load read.
        for other in ["content/other.yaml", "content/site.yaml", "content/a.md"] {
            assert!(reload_checklists(&mut loaded, &[other.to_owned()]).is_none());
        }
        // Gone.
        std::fs::remove_file(dir.path().join("content/signs.yaml")).unwrap();
        assert!(reload_checklists(&mut loaded, &path()).is_none());
        assert_eq!(
            format!("{:?}", (&loaded.site.checklists, &loaded.site.sources)),
            before,
            "left as it was"
        );
    }

    #[test]
    fn a_site_whose_references_did_not_all_load_is_loaded_whole() {
        let dir = site_with_references();
        std::fs::write(dir.path().join("references/other.json"), "[").unwrap();
        let mut loaded = crate::load(dir.path());
        assert!(loaded.site.references_incomplete);
        assert!(reload_references(&mut loaded, &["references/refs.yaml".to_owned()]).is_none());
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
