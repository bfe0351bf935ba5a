//! Where each thing of the site lives, relative to the base URL. One place, so links the checker
//! resolves and files the writer writes cannot disagree.

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

/// A page's folder.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// A checklist's standalone page.
pub fn checklist(id: &str) -> String {
    format!("checklists/{id}/")
}

/// The anchor of a reference entry.
pub fn reference_anchor(key: &str) -> String {
    format!("ref-{}", anchor_safe(key))
}

/// A key made safe for an id attribute: anything but letters, digits, `-` and `_` becomes `-`.
pub fn anchor_safe(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
