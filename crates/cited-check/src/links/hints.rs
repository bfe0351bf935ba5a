//! What a broken or refused link was probably meant to be: the page, checklist or path nearest
//! to the one written (`helo.md` → `hello.md`, `/reference/` → `/references/`), the scheme a typo
//! stands for (`htps:`), `https://` before a web address written without it.

use cited_site::layout;

use super::{ALLOWED_HINT, Routes, scheme};

impl Routes<'_> {
    /// For a `.md` link to no page (`written`, read as `file`): the page file whose name is
    /// nearest, written as the link was; else the checklist of that name, which is no `.md` file
    /// but has a page of its own; else how such a link is read, with one of the site's pages.
    pub(super) fn md_link_hint(&self, written: &str, file: &str) -> String {
        self.near_md_link(written, file).unwrap_or_else(|| {
            let rule = "a `.md` link names a page's file from the folder of the file it is in";
            match self.example_page() {
                Some((file, _)) => format!("{rule}; the site has `{file}`, for one"),
                None => format!("{rule}, and the site has no pages yet"),
            }
        })
    }

    fn near_md_link(&self, written: &str, file: &str) -> Option<String> {
        let stem = |f: &str| {
            let name = f.rsplit('/').next().unwrap_or(f);
            name.strip_suffix(".md").unwrap_or(name).to_owned()
        };
        let wanted = stem(file);
        let mut pages: Vec<&str> = self.files.keys().map(String::as_str).collect();
        // Sorted, so that of two files as near, the hint names the same one every time.
        pages.sort_unstable();
        let stems: Vec<String> = pages.iter().map(|f| stem(f)).collect();
        if let Some(near) = cited_site::did_you_mean(&wanted, stems.iter().map(String::as_str)) {
            let near_file = pages[stems.iter().position(|s| s == near)?];
            let dir = |f: &str| f.rfind('/').map_or("", |i| &f[..i]).to_owned();
            return Some(if dir(near_file) == dir(file) {
                let written_dir = written.rfind('/').map_or("", |i| &written[..=i]);
                format!("did you mean `{written_dir}{near}.md`?")
            } else {
                format!("did you mean the page written from `{near_file}`?")
            });
        }
        let mut ids: Vec<&str> = self.site.checklists.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        let id = cited_site::did_you_mean(&wanted, ids)?;
        Some(format!(
            "`{id}` is a checklist, which is no `.md` page: link to its page as `/{}`",
            layout::checklist(id)
        ))
    }

    /// For a link to a path with no page: the site's path nearest to it (`/reference/` →
    /// `/references/`); else how a page's address is made, with one of the site's pages for an example.
    pub(super) fn path_hint(&self, target: &str) -> String {
        let mut paths: Vec<&str> = self.anchors.keys().map(String::as_str).collect();
        paths.sort_unstable();
        if let Some(near) = cited_site::did_you_mean(target, paths) {
            return format!("did you mean `/{near}`?");
        }
        let rule = "a page's address is its file's name without `.md` (or its `slug`)";
        match self.example_page() {
            Some((file, path)) => format!(
                "{rule}: `{file}` is at `/{path}`; or link the page's file, and cited writes its address"
            ),
            None => format!("{rule}; or link the page's file, and cited writes its address"),
        }
    }

    /// The first of the site's page files in order, with its path: the same example every time.
    fn example_page(&self) -> Option<(&str, &str)> {
        self.files
            .iter()
            .min_by_key(|(file, _)| file.as_str())
            .map(|(file, path)| (file.as_str(), path.as_str()))
    }
}

/// The hint for a link whose scheme is refused: the allowed scheme it is a typo of, written
/// into the link (`htps://…` → `https://…`), else the schemes allowed.
pub(super) fn scheme_hint(dest: &str) -> String {
    let Some(written) = scheme(dest) else {
        return ALLOWED_HINT.to_owned();
    };
    let near = cited_site::did_you_mean(&written, ["http", "https", "mailto"])
        .filter(|near| *near != written);
    match (near, dest.trim().split_once(':')) {
        (Some(near), Some((_, rest))) => format!("did you mean `{near}:`? write `{near}:{rest}`"),
        _ => ALLOWED_HINT.to_owned(),
    }
}

/// For a relative link that reads as a web address without its scheme (`www.nhs.uk/…`,
/// `nhs.uk/conditions/`): the link with `https://` before it.
pub(super) fn web_address_hint(dest: &str) -> Option<String> {
    const ENDINGS: [&str; 14] = [
        ".org", ".com", ".gov", ".net", ".edu", ".int", ".uk", ".nz", ".au", ".ca", ".ie", ".eu",
        ".us", ".info",
    ];
    let host = dest.split(['/', '#', '?']).next().unwrap_or("");
    let lower = host.to_ascii_lowercase();
    let web = lower.starts_with("www.")
        || (lower.contains('.') && ENDINGS.iter().any(|e| lower.ends_with(e)));
    web.then(|| format!("a web address needs its scheme: `https://{dest}`"))
}
