//! What the driver's integration tests share: build options for a fixed day, and the parts of
//! their small sites that do not vary.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

/// Options for a build judged as of a fixed day.
pub fn options() -> cited_driver::BuildOptions {
    cited_driver::BuildOptions::new(jiff::civil::date(2026, 11, 27))
}

/// `i` in letters, up to 17,576 (a figure in a title is a claim that cannot cite).
pub fn in_letters(i: usize) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    [letter(i / 676), letter(i / 26), letter(i)]
        .iter()
        .collect()
}

/// The frame of a site under `root`: its folders, a `site.yaml` with `site_yaml`'s settings after
/// the title and base URL, and one reference, `k`, whose finding backs "Half of adults (50%)
/// sleep badly" at p. 4.
pub fn site_frame(root: &Path, site_yaml: &str) {
    for dir in ["content", "references"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    std::fs::write(
        root.join("content/site.yaml"),
        format!("title: T\nbase_url: https://example.org/\n{site_yaml}"),
    )
    .unwrap();
    std::fs::write(
        root.join("references/k.yaml"),
        "references:\n  - id: k\n    type: book\n    title: T\n    author: [{family: Smith, given: Jane}]\n    issued: {date-parts: [[2020]]}\n    findings:\n      - text: \"Half of adults (50%) sleep badly.\"\n        locator: p. 4\n",
    )
    .unwrap();
}

/// A page that states a claim it does not cite, on its fourth line.
pub fn write_broken_page(root: &Path) {
    std::fs::write(
        root.join("content/broken.md"),
        "---\ntitle: Broken\n---\nStudies agree.\n",
    )
    .unwrap();
}
