//! What the rules' unit tests share: a site folder to load.

/// A site folder (removed when dropped) with `content/site.yaml`, whose settings are `settings`
/// after its title and address, an empty `references/`, and `files` (path, text) besides.
pub(crate) fn site_folder(settings: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::create_dir_all(root.join("references")).unwrap();
    std::fs::write(
        root.join("content/site.yaml"),
        format!("title: T\nbase_url: https://example.org/\n{settings}"),
    )
    .unwrap();
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}
