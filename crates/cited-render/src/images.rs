//! Publishing the images pages show: each file once, under a content-hashed name, with every
//! metadata block removed (EXIF with its GPS position, XMP, ICC profiles, comments), and for PNG
//! and JPEG a few smaller widths for `srcset`. Only images a page or checklist actually shows are
//! processed, in parallel; the output depends on the input bytes alone, so builds are
//! reproducible.
//!
//! - PNG and JPEG are decoded (EXIF orientation applied), resized with `fast_image_resize` and
//!   encoded again with `image`, which writes pixels and nothing else.
//! - WebP (often lossy, which `image` cannot encode) and GIF (often animated) keep their image
//!   data, and their containers are rewritten without the metadata chunks (WebP `EXIF`, `XMP `,
//!   `ICCP`; GIF comments and application blocks other than the animation loop). They are
//!   decoded once to prove they are sound, and published at their own width only.
//! - AVIF cannot be decoded or encoded by a pure-Rust codec: a file whose container holds an
//!   `Exif` or XMP item is refused (E1006) rather than published with it; one without is published
//!   as it is.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::{Arc, Mutex};

use cited_site::{
    Code, Diagnostic, FileId, ImageFile, ImageFormat, MAX_IMAGE_SIDE, Site, Span, is_local_image,
    layout,
};
use image::{DynamicImage, ImageDecoder, ImageEncoder};
use rayon::prelude::*;
use sha2::Digest;

use crate::html::escape;
use crate::sink::{RenderError, Sink, put, put_shared};

/// The widths made for `srcset`, below the image's own width (which is always published).
pub const WIDTHS: &[u32] = &[480, 960, 1440];

/// JPEG quality of published photos: visually lossless at screen sizes.
const JPEG_QUALITY: u8 = 85;

/// Most bytes a decoder may allocate: a 40-megapixel RGBA image and room for its work.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

/// `sizes` for the default theme's column (46rem, less its padding): the browser picks the
/// narrowest `srcset` width that fills it.
const SIZES: &str = "(min-width: 46rem) 44rem, 100vw";

/// One published image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedImage {
    /// The widest file's output path (its own width).
    pub src: String,
    /// Every width published, narrowest first, with its output path.
    pub widths: Vec<(u32, String)>,
    /// Width of the picture as shown (after EXIF orientation).
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// The published images, by the file and destination that show them.
#[derive(Debug, Default)]
pub struct ImageTable {
    by_place: HashMap<(FileId, String), PublishedImage>,
}

impl ImageTable {
    /// The image `dest`, written in `file`, shows, if it was published.
    pub fn get(&self, file: FileId, dest: &str) -> Option<&PublishedImage> {
        self.by_place.get(&(file, dest.to_owned()))
    }
}

/// Images processed by one render, for the next (`cited serve`): each picture is decoded,
/// resized and encoded again only when its bytes change, not at every save. Its files depend on
/// its bytes alone, so they are kept by the SHA-256 of the bytes, and handed to the sink shared
/// ([`Sink::put_shared`]). Only the images the last render showed are kept.
#[derive(Debug, Default)]
pub(crate) struct ImageMemo {
    by_digest: Mutex<HashMap<ImageDigest, Arc<Processed>>>,
}

/// The SHA-256 of an image file's bytes: what its files are named after, and the memo's key.
type ImageDigest = [u8; 32];

fn digest_of(file: &ImageFile) -> ImageDigest {
    sha2::Sha256::digest(&file.bytes).into()
}

/// A processed image: what its `<img>` needs, and its output files.
#[derive(Debug)]
struct Processed {
    published: PublishedImage,
    files: Vec<(String, Arc<[u8]>)>,
}

impl ImageMemo {
    fn get(&self, digest: &ImageDigest) -> Option<Arc<Processed>> {
        self.lock().get(digest).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ImageDigest, Arc<Processed>>> {
        // The map is consistent after any panic (each change is one call).
        self.by_digest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many images are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// Processes every image shown by a page or checklist and hands its files to `sink`. An image
/// whose data does not decode (or an AVIF with metadata) is an E1006 at the first place showing
/// it; images with a problem the checker reported are left out (shown as their alt text). With
/// a `memo`, an image processed by an earlier render is taken from it, and what this render
/// processed is kept there for the next.
pub(crate) fn publish(
    site: &Site,
    sink: &dyn Sink,
    memo: Option<&ImageMemo>,
) -> Result<ImageTable, RenderError> {
    // Each file once, with the first place that shows it (for a diagnostic), in path order.
    let mut files: BTreeMap<&str, (&ImageFile, Span)> = BTreeMap::new();
    let mut places: Vec<(FileId, String, &str)> = Vec::new();
    let documents = site.documents_with_files();
    for (file, doc) in documents {
        for image in doc.images.iter().filter(|i| is_local_image(&i.dest)) {
            if let Ok(found) = site.image(site.sources.path(file), &image.dest)
                && found.content.is_ok()
            {
                files
                    .entry(found.path.as_str())
                    .or_insert_with(|| (found, doc.span(&image.range)));
                places.push((file, image.dest.clone(), found.path.as_str()));
            }
        }
    }
    let shown: Mutex<HashSet<ImageDigest>> = Mutex::new(HashSet::new());
    let results: Vec<(&str, Result<PublishedImage, Diagnostic>)> = files
        .par_iter()
        .map(|(&path, (file, span))| {
            let result = match memo {
                None => process(file, &digest_of(file)).and_then(|(published, outputs)| {
                    for (out_path, bytes) in outputs {
                        put(sink, &out_path, bytes).map_err(ProcessError::from)?;
                    }
                    Ok(published)
                }),
                Some(memo) => {
                    let digest = digest_of(file);
                    remember(&shown, digest);
                    memoized(memo, digest, file).and_then(|processed| {
                        for (out_path, bytes) in &processed.files {
                            put_shared(sink, out_path, Arc::clone(bytes))
                                .map_err(ProcessError::from)?;
                        }
                        Ok(processed.published.clone())
                    })
                }
            };
            (path, result.map_err(|e| e.into_diagnostic(file, span)))
        })
        .map(|(path, r)| match r {
            Ok(p) => Ok((path, Ok(p))),
            Err(Err(write)) => Err(write),
            Err(Ok(d)) => Ok((path, Err(d))),
        })
        .collect::<Result<_, RenderError>>()?;
    let mut published: HashMap<&str, PublishedImage> = HashMap::new();
    let mut problems = Vec::new();
    for (path, result) in results {
        match result {
            Ok(p) => {
                published.insert(path, p);
            }
            Err(d) => problems.push(d),
        }
    }
    if let Some(memo) = memo {
        let shown = shown
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        memo.lock().retain(|digest, _| shown.contains(digest));
    }
    if !problems.is_empty() {
        return Err(RenderError::Content(problems));
    }
    let by_place = places
        .into_iter()
        .filter_map(|(file, dest, path)| Some(((file, dest), published.get(path)?.clone())))
        .collect();
    Ok(ImageTable { by_place })
}

/// Records that this render shows the image of `digest`.
fn remember(shown: &Mutex<HashSet<ImageDigest>>, digest: ImageDigest) {
    shown
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(digest);
}

/// The image `file` (whose bytes have `digest`) processed: from `memo`, or now, and then kept.
fn memoized(
    memo: &ImageMemo,
    digest: ImageDigest,
    file: &ImageFile,
) -> Result<Arc<Processed>, ProcessError> {
    if let Some(processed) = memo.get(&digest) {
        return Ok(processed);
    }
    let (published, outputs) = process(file, &digest)?;
    let processed = Arc::new(Processed {
        published,
        files: outputs
            .into_iter()
            .map(|(path, bytes)| (path, Arc::from(bytes)))
            .collect(),
    });
    memo.lock().insert(digest, Arc::clone(&processed));
    Ok(processed)
}

impl From<RenderError> for ProcessError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Write { path, error } => ProcessError::Write(path, error),
            RenderError::Content(_) => ProcessError::Refused(String::new()),
        }
    }
}

enum ProcessError {
    /// The image cannot be published: why, in plain words.
    Refused(String),
    /// The sink could not store a file.
    Write(String, std::io::Error),
}

impl ProcessError {
    fn into_diagnostic(self, file: &ImageFile, span: &Span) -> Result<Diagnostic, RenderError> {
        match self {
            ProcessError::Refused(why) => Ok(Diagnostic::new(
                Code::E1006,
                span.clone(),
                format!("`{}` cannot be published: {why}", file.path),
            )
            .with_hint("open the picture in an image editor and export it again as PNG or JPEG")),
            ProcessError::Write(path, error) => Err(RenderError::Write { path, error }),
        }
    }
}

type Outputs = Vec<(String, Vec<u8>)>;

/// The files of one image and what the `<img>` needs.
fn process(
    file: &ImageFile,
    digest: &ImageDigest,
) -> Result<(PublishedImage, Outputs), ProcessError> {
    let Ok((format, header_width, header_height)) = file.content else {
        return Err(ProcessError::Refused("it was not read".to_owned()));
    };
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    match format {
        ImageFormat::Png | ImageFormat::Jpeg => reencode(&file.bytes, format, &hash),
        ImageFormat::Gif | ImageFormat::Webp => {
            let stripped = if format == ImageFormat::Gif {
                strip_gif(&file.bytes)
            } else {
                strip_webp(&file.bytes)
            }
            .ok_or_else(|| ProcessError::Refused("its data is damaged".to_owned()))?;
            let image = decode(&stripped, format)?;
            Ok(single(
                format,
                &hash,
                image.width(),
                image.height(),
                stripped,
            ))
        }
        ImageFormat::Avif => {
            if avif_has_metadata(&file.bytes) {
                return Err(ProcessError::Refused(
                    "it carries EXIF or XMP metadata, which cited cannot remove from AVIF"
                        .to_owned(),
                ));
            }
            Ok(single(
                format,
                &hash,
                header_width,
                header_height,
                file.bytes.clone(),
            ))
        }
    }
}

fn single(
    format: ImageFormat,
    hash: &str,
    width: u32,
    height: u32,
    bytes: Vec<u8>,
) -> (PublishedImage, Outputs) {
    let path = layout::image_file(hash, width, format.extension());
    (
        PublishedImage {
            src: path.clone(),
            widths: vec![(width, path.clone())],
            width,
            height,
        },
        vec![(path, bytes)],
    )
}

/// Decodes with bounds, the EXIF orientation applied.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ProcessError> {
    let damaged = |_| ProcessError::Refused("its data is damaged or truncated".to_owned());
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        ImageFormat::Webp => image::ImageFormat::WebP,
        ImageFormat::Avif => image::ImageFormat::Avif,
    });
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// PNG and JPEG: decoded, resized to each of [`WIDTHS`] below its own, encoded again (which
/// writes the pixels and nothing else).
fn reencode(
    bytes: &[u8],
    format: ImageFormat,
    hash: &str,
) -> Result<(PublishedImage, Outputs), ProcessError> {
    let decoded = decode(bytes, format)?;
    let image = match (format, decoded.color().has_alpha()) {
        (ImageFormat::Png, true) => DynamicImage::ImageRgba8(decoded.to_rgba8()),
        _ => DynamicImage::ImageRgb8(decoded.to_rgb8()),
    };
    let (width, height) = (image.width(), image.height());
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    widths.push(width);
    let outputs: Vec<(u32, String, Vec<u8>)> = widths
        .par_iter()
        .map(|&w| {
            let resized = if w == width {
                None
            } else {
                Some(resize(&image, w, scaled_height(width, height, w))?)
            };
            let bytes = encode(resized.as_ref().unwrap_or(&image), format)?;
            Ok((w, layout::image_file(hash, w, format.extension()), bytes))
        })
        .collect::<Result<_, ProcessError>>()?;
    let published = PublishedImage {
        src: layout::image_file(hash, width, format.extension()),
        widths: outputs.iter().map(|(w, p, _)| (*w, p.clone())).collect(),
        width,
        height,
    };
    Ok((
        published,
        outputs.into_iter().map(|(_, p, b)| (p, b)).collect(),
    ))
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(h.max(1)).unwrap_or(1)
}

fn resize(image: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, ProcessError> {
    use fast_image_resize as fr;
    let failed = |_| ProcessError::Refused("it could not be resized".to_owned());
    let pixel = if image.color().has_alpha() {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let mut dst = fr::images::Image::new(width, height, pixel);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(image, &mut dst, &options)
        .map_err(failed)?;
    let buffer = dst.into_vec();
    let out = if image.color().has_alpha() {
        image::RgbaImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, buffer).map(DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| ProcessError::Refused("it could not be resized".to_owned()))
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, ProcessError> {
    let failed = |_| ProcessError::Refused("it could not be encoded".to_owned());
    let mut out = Vec::new();
    let (w, h, color) = (image.width(), image.height(), image.color());
    match format {
        ImageFormat::Jpeg => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(image.as_bytes(), w, h, color.into())
                .map_err(failed)?
        }
        // Balanced deflate with adaptive filters: the `Fast` default wrote files several times
        // larger than the editor's, which readers on a phone would pay for.
        _ => image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(image.as_bytes(), w, h, color.into())
        .map_err(failed)?,
    }
    Ok(out)
}

/// A WebP file without its `EXIF`, `XMP ` and `ICCP` chunks (and their flags in `VP8X`).
/// `None` if the container does not parse.
pub(crate) fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut at = 12;
    while at < bytes.len() {
        let fourcc = bytes.get(at..at + 4)?;
        let size = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        let end = at.checked_add(8)?.checked_add(size)?;
        let padded = end + (size & 1);
        let chunk = bytes.get(at..end)?;
        match fourcc {
            b"EXIF" | b"XMP " | b"ICCP" => {}
            b"VP8X" => {
                let mut chunk = chunk.to_vec();
                // Flags: ICC 0x20, EXIF 0x08, XMP 0x04.
                if let Some(flags) = chunk.get_mut(8) {
                    *flags &= !(0x20 | 0x08 | 0x04);
                }
                out.extend_from_slice(&chunk);
            }
            _ => out.extend_from_slice(chunk),
        }
        if size & 1 == 1 {
            out.push(0);
        }
        at = padded;
    }
    let riff = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    Some(out)
}

/// A GIF without comments, plain-text blocks other than image data, and application blocks other
/// than the animation loop (`NETSCAPE2.0`, `ANIMEXTS1.0`): XMP and ICC ride in application
/// blocks. `None` if the file does not parse.
pub(crate) fn strip_gif(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(b"GIF8") {
        return None;
    }
    let packed = *bytes.get(10)?;
    let mut at = 13;
    if packed & 0x80 != 0 {
        at += 3 * (1 << ((packed & 0x07) + 1));
    }
    let mut out = bytes.get(..at)?.to_vec();
    loop {
        match *bytes.get(at)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x21 => {
                let label = *bytes.get(at + 1)?;
                let end = sub_blocks_end(bytes, at + 2)?;
                let keep = match label {
                    0xF9 | 0x01 => true,
                    0xFF => {
                        let id = bytes.get(at + 3..at + 14)?;
                        id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
                    }
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(bytes.get(at..end)?);
                }
                at = end;
            }
            0x2C => {
                let packed = *bytes.get(at + 9)?;
                let mut data = at + 10;
                if packed & 0x80 != 0 {
                    data += 3 * (1 << ((packed & 0x07) + 1));
                }
                // The LZW minimum code size, then the data's sub-blocks.
                let end = sub_blocks_end(bytes, data + 1)?;
                out.extend_from_slice(bytes.get(at..end)?);
                at = end;
            }
            _ => return None,
        }
    }
}

/// The offset after a run of GIF sub-blocks starting at `at` (ended by a zero length).
fn sub_blocks_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = usize::from(*bytes.get(at)?);
        at += 1;
        if len == 0 {
            return Some(at);
        }
        at += len;
    }
}

/// Whether an AVIF (ISO-BMFF) file declares an `Exif` item or an XMP (`mime`) item, or carries a
/// top-level `uuid` box (where XMP also goes). A container that does not parse counts as carrying
/// metadata: it is refused rather than published unseen.
pub(crate) fn avif_has_metadata(bytes: &[u8]) -> bool {
    fn boxes(bytes: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let size = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
            let kind = bytes.get(at + 4..at + 8)?;
            let (header, size) = match size {
                0 => (8, bytes.len() - at),
                1 => {
                    let large = u64::from_be_bytes(bytes.get(at + 8..at + 16)?.try_into().ok()?);
                    (16, usize::try_from(large).ok()?)
                }
                n => (8, n),
            };
            let end = at.checked_add(size)?;
            out.push((kind, bytes.get(at + header..end)?));
            at = end;
        }
        Some(out)
    }
    let check = || -> Option<bool> {
        let top = boxes(bytes)?;
        if top.iter().any(|(k, _)| *k == b"uuid") {
            return Some(true);
        }
        for (_, meta) in top.iter().filter(|(k, _)| *k == b"meta") {
            for (_, iinf) in boxes(meta.get(4..)?)?.iter().filter(|(k, _)| *k == b"iinf") {
                let version = *iinf.first()?;
                let entries = if version == 0 { 6 } else { 8 };
                for (kind, infe) in boxes(iinf.get(entries..)?)? {
                    if kind != b"infe" {
                        continue;
                    }
                    let version = *infe.first()?;
                    let item_type = match version {
                        2 => infe.get(8..12)?,
                        3 => infe.get(10..14)?,
                        _ => continue,
                    };
                    if item_type == b"Exif" || item_type == b"mime" {
                        return Some(true);
                    }
                }
            }
        }
        Some(false)
    };
    check().unwrap_or(true)
}

/// The `<img>` for a published image: `width` and `height` (no layout shift), `srcset` when there
/// are several widths, and `loading="lazy"`/`decoding="async"` unless it is the page's first.
pub(crate) fn img_html(
    image: &PublishedImage,
    base_path: &str,
    alt: &str,
    id: Option<&str>,
    first: bool,
) -> String {
    let mut html = format!("<img src=\"{}{}\"", escape(base_path), escape(&image.src));
    if image.widths.len() > 1 {
        let set: Vec<String> = image
            .widths
            .iter()
            .map(|(w, p)| format!("{}{} {w}w", escape(base_path), escape(p)))
            .collect();
        html.push_str(&format!(" srcset=\"{}\" sizes=\"{SIZES}\"", set.join(", ")));
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\" alt=\"{}\"",
        image.width,
        image.height,
        escape(alt)
    ));
    if let Some(id) = id {
        html.push_str(&format!(" id=\"{}\"", escape(id)));
    }
    if !first {
        html.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    html.push('>');
    html
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
