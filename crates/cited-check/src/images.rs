//! Images (E1001–E1007): alt text, files that exist and can be published, remote hosts the
//! Content-Security-Policy allows, sizes, and the attributes written after an image.

use foldhash::{HashMap, HashMapExt};

use cited_site::{
    Code, Diagnostic, Image, ImageProblem, Site, Span, is_image_host, is_local_image, layout,
};

/// Alt text that tells a screen reader user nothing.
const EMPTY_WORDS: &[&str] = &[
    "image",
    "picture",
    "photo",
    "photograph",
    "img",
    "graphic",
    "figure",
    "illustration",
    "pic",
    "screenshot",
];

/// File extensions that make alt text a file name.
const FILE_EXTENSIONS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".heic", ".tif", ".tiff", ".bmp",
];

/// Checks every image of every page and checklist, and `images:` in `content/site.yaml`.
pub fn check_images(site: &Site, out: &mut Vec<Diagnostic>) {
    check_settings(site, out);
    let documents = site.documents_with_files();
    for (file, doc) in documents {
        let from = site.sources.path(file);
        let mut figure_ids: HashMap<&str, Span> = HashMap::new();
        for image in &doc.images {
            let span = doc.span(&image.range);
            check_alt(image, &span, out);
            check_attributes(image, &span, &mut figure_ids, out);
            if is_local_image(&image.dest) {
                check_file(site, from, image, &span, out);
            } else {
                check_remote(site, image, &span, out);
            }
        }
    }
}

fn check_settings(site: &Site, out: &mut Vec<Diagnostic>) {
    let Some(config) = &site.config else { return };
    for host in &config.images.allowed_hosts {
        if !is_image_host(&host.value) {
            out.push(
                Diagnostic::new(
                    Code::E0004,
                    host.span.clone(),
                    format!("`{}` is not a host name", host.value),
                )
                .with_hint("write the host alone, in lowercase: `images.example.org` (no `https://`, path or `*`)"),
            );
        }
    }
}

fn check_alt(image: &Image, span: &Span, out: &mut Vec<Diagnostic>) {
    let alt = image.alt.trim();
    if alt.is_empty() {
        if !image.is_decorative() {
            out.push(
                Diagnostic::new(Code::E1001, span.clone(), format!("the image `{}` has no alt text", image.dest))
                    .with_label("say what the picture shows between the brackets")
                    .with_hint("write `![what the picture shows](file.png)`, or mark an ornament `![](file.png){.decorative}`"),
            );
        }
        return;
    }
    let lower = alt.to_lowercase();
    let stem = image.dest.rsplit('/').next().unwrap_or("").to_lowercase();
    let says_nothing = EMPTY_WORDS.contains(&lower.trim_end_matches('.'))
        || FILE_EXTENSIONS.iter().any(|e| lower.ends_with(e))
        || lower == stem
        || stem.rsplit_once('.').is_some_and(|(s, _)| s == lower);
    if says_nothing {
        out.push(
            Diagnostic::new(
                Code::E1002,
                span.clone(),
                format!("the alt text `{alt}` does not say what the picture shows"),
            )
            .with_hint("describe the picture, as you would to someone on the phone"),
        );
    }
}

fn check_attributes<'d>(
    image: &'d Image,
    span: &Span,
    figure_ids: &mut HashMap<&'d str, Span>,
    out: &mut Vec<Diagnostic>,
) {
    let hint = "write `{#fig:name}` for an id links can target, `{.decorative}` for an ornament";
    if let Some(id) = &image.id {
        if !layout::is_figure_id(id) {
            out.push(
                Diagnostic::new(
                    Code::E1007,
                    span.clone(),
                    format!("`#{id}` cannot be an image's id: a figure's id starts with `fig:` and holds letters, digits, `-` and `_`"),
                )
                .with_hint(hint),
            );
        } else if let Some(first) = figure_ids.get(id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::E1007,
                    span.clone(),
                    format!("two images on this page have the id `#{id}`"),
                )
                .with_secondary(first.clone(), "the first")
                .with_hint("give each figure its own id"),
            );
        } else {
            figure_ids.insert(id, span.clone());
        }
    }
    for class in image
        .classes
        .iter()
        .filter(|c| c.as_str() != cited_site::DECORATIVE_CLASS)
    {
        out.push(
            Diagnostic::new(
                Code::E1007,
                span.clone(),
                format!("the class `.{class}` is not published"),
            )
            .with_hint(hint),
        );
    }
    for other in &image.other_attributes {
        out.push(
            Diagnostic::new(
                Code::E1007,
                span.clone(),
                format!("the image attribute `{other}` is not published"),
            )
            .with_hint(hint),
        );
    }
    if image.is_decorative() && !image.alt.trim().is_empty() {
        out.push(
            Diagnostic::new(
                Code::E1007,
                span.clone(),
                "an image with alt text cannot be decorative: screen readers would skip what it says",
            )
            .with_hint("remove `.decorative`, or the alt text if the picture adds nothing"),
        );
    }
}

/// `dest`, the path a page wrote, with the file name of `found`: what to write instead. The file
/// was found in one of the folders `dest` is looked for in, so the new path finds it.
fn renamed(dest: &str, found: &str) -> String {
    let name = found.rsplit_once('/').map_or(found, |(_, name)| name);
    match dest.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_owned(),
    }
}

/// A file the author may have meant where an image was not found, site-relative.
enum Near {
    /// The name in another case (`Chart.PNG` for `chart.png`): a page that works on a laptop's
    /// disk, which ignores case, and shows a broken image on the web host, which does not.
    Case(String),
    /// The same name with another image extension (`session.png` for `session.jpg`).
    Extension(String),
    /// A name a slip away (`session.png` for `sesion.png`).
    Spelling(String),
}

/// The file nearest to one of the `looked` paths, in this order of likeness: another case,
/// another image extension, a near spelling.
fn near_file(site: &Site, looked: &[String]) -> Option<Near> {
    let mut extension = None;
    let mut spelling = None;
    for path in looked {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let Ok(entries) = std::fs::read_dir(site.root.join(folder)) else {
            continue;
        };
        let names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        let in_folder = |other: &str| {
            if folder.is_empty() {
                other.to_owned()
            } else {
                format!("{folder}/{other}")
            }
        };
        if let Some(other) = names
            .iter()
            .find(|other| *other != name && other.eq_ignore_ascii_case(name))
        {
            return Some(Near::Case(in_folder(other)));
        }
        let stem = |n: &str| n.rsplit_once('.').map_or(n, |(stem, _)| stem).to_owned();
        let images: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| cited_site::is_image_file_name(n))
            .collect();
        if extension.is_none()
            && let Some(other) = images.iter().find(|other| stem(other) == stem(name))
        {
            extension = Some(in_folder(other));
        }
        if spelling.is_none()
            && let Some(other) = cited_site::did_you_mean(name, images.iter().copied())
        {
            spelling = Some(in_folder(other));
        }
    }
    extension
        .map(Near::Extension)
        .or(spelling.map(Near::Spelling))
}

fn check_file(site: &Site, from: &str, image: &Image, span: &Span, out: &mut Vec<Diagnostic>) {
    let file = match site.image(from, &image.dest) {
        Ok(file) => file,
        Err(looked) => {
            let places = if looked.is_empty() {
                "nowhere: the path leads outside `content/`".to_owned()
            } else {
                looked
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(
                Diagnostic::new(
                    Code::E1003,
                    span.clone(),
                    format!(
                        "the image `{}` does not exist; looked in {places}",
                        image.dest
                    ),
                )
                .with_label("no such image")
                .with_hint(match near_file(site, &looked) {
                    Some(Near::Case(found)) => format!(
                        "did you mean `{}` (the file `{found}`)? File names differ by case on most web hosts: write the name as the file has it, or rename the file",
                        renamed(&image.dest, &found)
                    ),
                    Some(Near::Extension(found)) => format!(
                        "did you mean `{}` (the file `{found}`)? Write the name with the file's own extension",
                        renamed(&image.dest, &found)
                    ),
                    Some(Near::Spelling(found)) => format!(
                        "did you mean `{}` (the file `{found}`)?",
                        renamed(&image.dest, &found)
                    ),
                    None => format!(
                        "put the file beside the page or in `{}/` (not in `static/`)",
                        layout::IMAGES_FOLDER
                    ),
                }),
            );
            return;
        }
    };
    let Err(problem) = &file.content else { return };
    let (code, message, hint) = match problem {
        ImageProblem::TooLarge { bytes, limit } => (
            Code::E1005,
            format!("`{}` is {bytes} bytes; images may be at most {limit}", file.path),
            "resize the picture (2,000 pixels wide is plenty) and save it again; or raise `images.max_bytes` in `content/site.yaml`".to_owned(),
        ),
        ImageProblem::TooManyPixels { width, height } => (
            Code::E1005,
            format!(
                "`{}` is {width}×{height} pixels; images may have at most {} million pixels and {} on a side",
                file.path,
                cited_site::MAX_IMAGE_PIXELS / 1_000_000,
                cited_site::MAX_IMAGE_SIDE
            ),
            "resize the picture (2,000 pixels wide is plenty) and save it again".to_owned(),
        ),
        ImageProblem::Svg => (
            Code::E1006,
            format!("`{}` is an SVG image, which can carry script", file.path),
            "export it as PNG".to_owned(),
        ),
        ImageProblem::Unsupported(what) => (
            Code::E1006,
            format!("`{}` is {what}", file.path),
            "save it as PNG, JPEG, WebP, GIF or AVIF".to_owned(),
        ),
        ImageProblem::Unreadable(why) => (
            Code::E1006,
            format!("`{}` cannot be read: {why}", file.path),
            "check the file's permissions, or replace it with a plain file inside the site".to_owned(),
        ),
    };
    out.push(Diagnostic::new(code, span.clone(), message).with_hint(hint));
}

fn check_remote(site: &Site, image: &Image, span: &Span, out: &mut Vec<Diagnostic>) {
    // Schemes other than http(s) are E0402, from the link rules.
    let Some((scheme, host)) = remote_host(&image.dest) else {
        return;
    };
    let allowed: Vec<&str> = site
        .config
        .as_ref()
        .map(|c| c.images.hosts().collect())
        .unwrap_or_default();
    if scheme == "https" && allowed.contains(&host.as_str()) {
        return;
    }
    let message = if allowed.contains(&host.as_str()) {
        format!(
            "the image `{}` is fetched over plain http; the page's Content-Security-Policy allows `{host}` over https only",
            image.dest
        )
    } else {
        format!(
            "the image `{}` comes from `{host}`, which the page's Content-Security-Policy blocks: readers would see a broken picture",
            image.dest
        )
    };
    out.push(
        Diagnostic::new(Code::E1004, span.clone(), message)
            .with_label("a remote image")
            .with_hint(format!(
                "save the picture in `{}/` and write its file name; or list `{host}` under `images: allowed_hosts:` in `content/site.yaml` and link it over https",
                layout::IMAGES_FOLDER
            )),
    );
}

/// The scheme (`http`, `https`, or `https` for `//host`) and lowercased host of a remote image.
pub(crate) fn remote_host(dest: &str) -> Option<(String, String)> {
    let (scheme, rest) = match dest.strip_prefix("//") {
        Some(rest) => ("https".to_owned(), rest),
        None => {
            let (scheme, rest) = dest.split_once("://")?;
            (scheme.to_ascii_lowercase(), rest)
        }
    };
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    Some((scheme, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_hosts_are_read_from_the_url() {
        assert_eq!(
            remote_host("https://Images.Example.org:443/a.png"),
            Some(("https".into(), "images.example.org".into()))
        );
        assert_eq!(
            remote_host("//cdn.example.org/a.png"),
            Some(("https".into(), "cdn.example.org".into()))
        );
        assert_eq!(
            remote_host("http://user@x.org/a.png"),
            Some(("http".into(), "x.org".into()))
        );
        assert_eq!(remote_host("chart.png"), None);
        assert_eq!(remote_host("ftp://x.org/a.png"), None);
    }
}
