//! Image files the pages show, read at load (so check stays offline and the renderer reads no
//! file): found where [`layout::image_candidates`] says, read up to the site's size limit, their
//! format and dimensions taken from the header. Nothing is decoded here: a file too large, with too
//! many pixels (a decompression bomb), an SVG or a format cited does not publish is recorded as an
//! [`ImageProblem`] for the checker to report at each place that shows it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::{Site, layout};

/// The most pixels an image may have (width × height, read from its header before anything is
/// decoded): 40 megapixels, a large camera's photo. Decoding takes 4 bytes a pixel.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The longest side an image may have, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 16_384;

/// A format cited publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (still or animated).
    Gif,
    /// WebP.
    Webp,
    /// AVIF.
    Avif,
}

impl ImageFormat {
    /// The extension published files get.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Avif => "avif",
        }
    }
}

/// Whether a file's name or an address ends as a picture's does (`.png`, `.jpg`, `.jpeg`,
/// `.gif`, `.webp`, `.avif`, `.svg`, in any case): an address a link printed as text leads to, or
/// a file a missing image's name may have meant.
pub fn is_image_file_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, extension)| {
        ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"]
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// Why an image file cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageProblem {
    /// Larger than `images.max_bytes`.
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// More pixels than [`MAX_IMAGE_PIXELS`], or a side over [`MAX_IMAGE_SIDE`].
    TooManyPixels {
        /// Width from the header.
        width: u64,
        /// Height from the header.
        height: u64,
    },
    /// An SVG: it can carry script, and cited does not sanitise it.
    Svg,
    /// Not PNG, JPEG, GIF, WebP or AVIF (or a header that does not parse): what it seems to be.
    Unsupported(String),
    /// Could not be read: why, in plain words.
    Unreadable(String),
}

/// An image file a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    /// Its site-relative path.
    pub path: String,
    /// Its bytes (empty when it has a problem).
    pub bytes: Vec<u8>,
    /// Its format, width and height as its header says, or why it cannot be published.
    pub content: Result<(ImageFormat, u32, u32), ImageProblem>,
}

impl Site {
    /// The image file that `dest`, written in `from_file`, shows: the first of
    /// [`layout::image_candidates`] that exists, or every place looked.
    pub fn image(&self, from_file: &str, dest: &str) -> Result<&ImageFile, Vec<String>> {
        let candidates = layout::image_candidates(from_file, dest);
        candidates
            .iter()
            .find_map(|c| self.images.get(c))
            .ok_or(candidates)
    }
}

/// Whether an image destination is a file of the site (not a URL with a scheme or a host).
pub fn is_local_image(dest: &str) -> bool {
    !dest.starts_with("//") && !dest.contains(':')
}

/// Reads every image file a page or checklist shows into `site.images`.
pub(crate) fn load_images(root: &Path, site: &mut Site) {
    let limit = site
        .config
        .as_ref()
        .map_or(crate::DEFAULT_MAX_IMAGE_BYTES, |c| c.images.max_bytes());
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let documents = site.documents_with_files();
    for (file, doc) in documents {
        let from = site.sources.path(file);
        for image in doc.images.iter().filter(|i| is_local_image(&i.dest)) {
            let found = layout::image_candidates(from, &image.dest)
                .into_iter()
                .find(|c| std::fs::symlink_metadata(root.join(c)).is_ok());
            wanted.extend(found);
        }
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let read: Vec<ImageFile> = wanted
        .into_par_iter()
        .map(|path| read_image(root, &canonical_root, path, limit))
        .collect();
    site.images = read
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect::<BTreeMap<_, _>>();
}

fn read_image(root: &Path, canonical_root: &Path, path: String, limit: u64) -> ImageFile {
    let content = read_bytes(root, canonical_root, &path, limit).and_then(|bytes| {
        let format = sniff(&path, &bytes)?;
        Ok((bytes, format))
    });
    match content {
        Ok((bytes, content)) => ImageFile {
            path,
            bytes,
            content: Ok(content),
        },
        Err(problem) => ImageFile {
            path,
            bytes: Vec::new(),
            content: Err(problem),
        },
    }
}

fn read_bytes(
    root: &Path,
    canonical_root: &Path,
    path: &str,
    limit: u64,
) -> Result<Vec<u8>, ImageProblem> {
    let full = root.join(path);
    match full.canonicalize() {
        Ok(target) if target.starts_with(canonical_root) => {}
        Ok(_) => {
            return Err(ImageProblem::Unreadable(
                "it is a symbolic link that leads outside the site".to_owned(),
            ));
        }
        Err(_) => {
            return Err(ImageProblem::Unreadable(
                "it is a symbolic link that leads nowhere".to_owned(),
            ));
        }
    }
    // Only plain files are opened: opening a named pipe would wait for a writer.
    let meta = std::fs::metadata(&full).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(ImageProblem::Unreadable(
            "it is not a plain file".to_owned(),
        ));
    }
    if meta.len() > limit {
        return Err(ImageProblem::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(&full).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(ImageProblem::TooLarge { bytes: read, limit });
    }
    Ok(bytes)
}

/// An I/O error in plain words.
fn unreadable(err: std::io::Error) -> ImageProblem {
    let why = match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission to read it is denied",
        std::io::ErrorKind::NotFound => "it disappeared while the site was read",
        _ => "the system could not read it",
    };
    ImageProblem::Unreadable(why.to_owned())
}

/// The format and dimensions from the header; nothing is decoded.
fn sniff(path: &str, bytes: &[u8]) -> Result<(ImageFormat, u32, u32), ImageProblem> {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if path.to_ascii_lowercase().ends_with(".svg") || text.contains("<svg") {
        return Err(ImageProblem::Svg);
    }
    let kind = imagesize::image_type(bytes)
        .map_err(|_| ImageProblem::Unsupported("not an image cited can read".to_owned()))?;
    let format = match kind {
        imagesize::ImageType::Png => ImageFormat::Png,
        imagesize::ImageType::Jpeg => ImageFormat::Jpeg,
        imagesize::ImageType::Gif => ImageFormat::Gif,
        imagesize::ImageType::Webp => ImageFormat::Webp,
        imagesize::ImageType::Heif(imagesize::Compression::Av1) => ImageFormat::Avif,
        imagesize::ImageType::Heif(_) => {
            return Err(ImageProblem::Unsupported("a HEIC image".to_owned()));
        }
        _ => {
            return Err(ImageProblem::Unsupported(
                "not an image cited can read".to_owned(),
            ));
        }
    };
    let size = imagesize::blob_size(bytes).map_err(|_| {
        ImageProblem::Unsupported(format!(
            "a {} file whose header does not parse",
            format.extension().to_uppercase()
        ))
    })?;
    let (width, height) = (size.width as u64, size.height as u64);
    let side = u64::from(MAX_IMAGE_SIDE);
    if width == 0 || height == 0 {
        return Err(ImageProblem::Unsupported(
            "an image with no pixels".to_owned(),
        ));
    }
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS || width > side || height > side {
        return Err(ImageProblem::TooManyPixels { width, height });
    }
    Ok((
        format,
        u32::try_from(width).unwrap_or(MAX_IMAGE_SIDE),
        u32::try_from(height).unwrap_or(MAX_IMAGE_SIDE),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A 1×1 PNG header claiming `width`×`height`.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(width.to_be_bytes());
        b.extend(height.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn formats_and_bombs_are_told_from_the_header() {
        assert_eq!(
            sniff("a.png", &png_header(640, 480)),
            Ok((ImageFormat::Png, 640, 480))
        );
        assert_eq!(
            sniff("a.png", &png_header(100_000, 100_000)),
            Err(ImageProblem::TooManyPixels {
                width: 100_000,
                height: 100_000
            })
        );
        assert_eq!(
            sniff("a.png", &png_header(20_000, 10)),
            Err(ImageProblem::TooManyPixels {
                width: 20_000,
                height: 10
            })
        );
        assert_eq!(
            sniff("x.png", b"<?xml version=\"1.0\"?><svg onload=\"x\"></svg>"),
            Err(ImageProblem::Svg)
        );
        assert!(matches!(
            sniff("x.png", b"not an image at all"),
            Err(ImageProblem::Unsupported(_))
        ));
    }

    #[test]
    fn local_images_have_no_scheme_or_host() {
        assert!(is_local_image("chart.png"));
        assert!(is_local_image("/content/images/chart.png"));
        assert!(!is_local_image("https://example.org/x.png"));
        assert!(!is_local_image("//example.org/x.png"));
        assert!(!is_local_image("data:image/png;base64,AAAA"));
    }
}
