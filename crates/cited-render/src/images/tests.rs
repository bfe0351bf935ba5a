//! Tests of image publishing: metadata removed, sizes, names, bounds.

use super::*;
use std::sync::{Arc, Mutex};

/// An RGB test picture: a gradient, so resizing has something to do.
pub(crate) fn picture(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    })
}

/// An APP1 EXIF segment with a GPS IFD pointer (tag 0x8825), as phones write.
pub(crate) fn exif_app1() -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: one entry, GPSInfo (0x8825, LONG, 1, offset 26), no next IFD.
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef = "N".
    tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    segment.extend(payload);
    segment
}

/// A JPEG with an EXIF block (GPS position) right after its start marker.
pub(crate) fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(
            picture(width, height).as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let mut out = plain[..2].to_vec();
    out.extend(exif_app1());
    out.extend(&plain[2..]);
    out
}

/// `file` processed, as a render without a memo processes it.
fn processed(file: &ImageFile) -> Result<(PublishedImage, Outputs), ProcessError> {
    process(file, &digest_of(file))
}

fn file(path: &str, bytes: Vec<u8>) -> ImageFile {
    let size = imagesize::blob_size(&bytes).unwrap();
    let format = if path.ends_with(".png") {
        ImageFormat::Png
    } else if path.ends_with(".webp") {
        ImageFormat::Webp
    } else if path.ends_with(".gif") {
        ImageFormat::Gif
    } else {
        ImageFormat::Jpeg
    };
    ImageFile {
        path: path.to_owned(),
        bytes,
        content: Ok((format, size.width as u32, size.height as u32)),
    }
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

#[test]
fn a_jpeg_loses_its_exif_and_gets_smaller_widths() {
    let source = jpeg_with_exif(1000, 500);
    assert!(has_exif(&source), "the test picture must carry EXIF");
    let (published, outputs) = processed(&file("content/images/a.jpg", source))
        .ok()
        .unwrap();
    assert_eq!((published.width, published.height), (1000, 500));
    let widths: Vec<u32> = published.widths.iter().map(|(w, _)| *w).collect();
    assert_eq!(widths, [480, 960, 1000]);
    assert_eq!(outputs.len(), 3);
    for (path, bytes) in &outputs {
        assert!(
            path.starts_with("images/") && path.ends_with(".jpg"),
            "{path}"
        );
        assert!(!has_exif(bytes), "{path} still carries EXIF");
        // No APP1 (EXIF/XMP) or other application segment at all.
        assert!(!bytes.windows(2).any(|w| w == [0xFF, 0xE1]), "{path}");
        let size = imagesize::blob_size(bytes).unwrap();
        let (w, _) = published.widths.iter().find(|(_, p)| p == path).unwrap();
        assert_eq!(size.width as u32, *w);
    }
}

#[test]
fn publishing_is_reproducible() {
    let source = jpeg_with_exif(700, 300);
    let a = processed(&file("a.jpg", source.clone())).ok().unwrap();
    let b = processed(&file("a.jpg", source)).ok().unwrap();
    assert_eq!(a.1, b.1);
    assert_eq!(a.0, b.0);
}

#[test]
fn a_png_keeps_its_alpha_and_loses_its_text_chunks() {
    let mut png = Vec::new();
    let rgba = image::RgbaImage::from_fn(600, 100, |x, _| image::Rgba([0, 0, 0, (x % 256) as u8]));
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgba.as_raw(), 600, 100, image::ExtendedColorType::Rgba8)
        .unwrap();
    // A tEXt chunk before IEND: "Comment\0secret".
    let text = b"tEXtComment\0secret";
    let mut chunk = u32::try_from(text.len() - 4)
        .unwrap()
        .to_be_bytes()
        .to_vec();
    chunk.extend(text);
    chunk.extend(crc(text).to_be_bytes());
    let iend = png.len() - 12;
    png.splice(iend..iend, chunk);
    assert!(png.windows(6).any(|w| w == b"secret"));
    let (published, outputs) = processed(&file("a.png", png)).ok().unwrap();
    assert_eq!(published.widths.len(), 2);
    for (_, bytes) in outputs {
        assert!(!bytes.windows(6).any(|w| w == b"secret"));
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert!(decoded.color().has_alpha());
    }
}

fn crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_webp_loses_its_metadata_chunks() {
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(
            picture(40, 20).as_raw(),
            40,
            20,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    // Rewrap as extended WebP with an EXIF chunk.
    let mut body = b"VP8X".to_vec();
    body.extend(10u32.to_le_bytes());
    body.extend([0x08, 0, 0, 0, 39, 0, 0, 19, 0, 0]);
    body.extend(&webp[12..]);
    body.extend(b"EXIF");
    let exif = &exif_app1()[4..];
    body.extend(u32::try_from(exif.len()).unwrap().to_le_bytes());
    body.extend(exif);
    if exif.len() % 2 == 1 {
        body.push(0);
    }
    let mut file_bytes = b"RIFF".to_vec();
    file_bytes.extend(u32::try_from(body.len() + 4).unwrap().to_le_bytes());
    file_bytes.extend(b"WEBP");
    file_bytes.extend(body);
    assert!(has_exif(&file_bytes));
    let (published, outputs) = processed(&file("a.webp", file_bytes)).ok().unwrap();
    assert_eq!((published.width, published.height), (40, 20));
    let (_, bytes) = &outputs[0];
    assert!(!has_exif(bytes));
    assert_eq!(bytes[20] & 0x08, 0, "the EXIF flag is cleared");
    assert!(image::load_from_memory(bytes).is_ok());
}

#[test]
fn a_gif_loses_its_comments() {
    let mut gif = Vec::new();
    {
        let mut encoder = image::codecs::gif::GifEncoder::new(&mut gif);
        let frame = image::Frame::new(image::RgbaImage::from_pixel(
            8,
            8,
            image::Rgba([9, 9, 9, 255]),
        ));
        encoder.encode_frame(frame).unwrap();
    }
    // A comment extension before the first image.
    let first_image = gif.iter().position(|&b| b == 0x2C).unwrap();
    let comment = [0x21, 0xFE, 6, b's', b'e', b'c', b'r', b'e', b't', 0];
    gif.splice(first_image..first_image, comment);
    assert!(gif.windows(6).any(|w| w == b"secret"));
    let (_, outputs) = processed(&file("a.gif", gif)).ok().unwrap();
    let (_, bytes) = &outputs[0];
    assert!(!bytes.windows(6).any(|w| w == b"secret"));
    assert!(image::load_from_memory(bytes).is_ok());
}

#[test]
fn an_avif_with_an_exif_item_is_refused() {
    fn bx(kind: &[u8], body: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(body.len() + 8)
            .unwrap()
            .to_be_bytes()
            .to_vec();
        out.extend(kind);
        out.extend(body);
        out
    }
    let infe = |item_type: &[u8]| {
        let mut body = vec![2, 0, 0, 0, 0, 1, 0, 0];
        body.extend(item_type);
        body.push(0);
        bx(b"infe", &body)
    };
    let avif = |item_type: &[u8]| {
        let mut iinf = vec![0, 0, 0, 0, 0, 2];
        iinf.extend(infe(b"av01"));
        iinf.extend(infe(item_type));
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(bx(b"iinf", &iinf));
        let mut file = bx(b"ftyp", b"avifmif1");
        file.extend(bx(b"meta", &meta));
        file
    };
    assert!(avif_has_metadata(&avif(b"Exif")));
    assert!(avif_has_metadata(&avif(b"mime")));
    assert!(!avif_has_metadata(&avif(b"av01")));
    assert!(
        avif_has_metadata(b"\0\0\0\x20ftyp"),
        "a broken container is refused"
    );
}

#[test]
fn damaged_data_is_refused_in_plain_words() {
    let mut source = jpeg_with_exif(64, 64);
    source.truncate(source.len() / 3);
    match processed(&file("a.jpg", source)) {
        Err(ProcessError::Refused(why)) => assert!(why.contains("damaged"), "{why}"),
        _ => panic!("a truncated JPEG must be refused"),
    }
}

#[test]
fn the_img_carries_its_size_and_is_lazy_below_the_first() {
    let image = PublishedImage {
        src: "images/ab-960.jpg".into(),
        widths: vec![
            (480, "images/ab-480.jpg".into()),
            (960, "images/ab-960.jpg".into()),
        ],
        width: 960,
        height: 480,
    };
    let first = img_html(&image, "/repo/", "A \"chart\"", None, true);
    assert_eq!(
        first,
        "<img src=\"/repo/images/ab-960.jpg\" srcset=\"/repo/images/ab-480.jpg 480w, /repo/images/ab-960.jpg 960w\" sizes=\"(min-width: 46rem) 44rem, 100vw\" width=\"960\" height=\"480\" alt=\"A &quot;chart&quot;\">"
    );
    let later = img_html(&image, "/", "x", Some("fig:a"), false);
    assert!(
        later.ends_with(" id=\"fig:a\" loading=\"lazy\" decoding=\"async\">"),
        "{later}"
    );
}

/// A sink that keeps each file and whether it came shared.
#[derive(Default)]
struct Recorder(Mutex<BTreeMap<String, Recorded>>);

/// A file's bytes, and whether they came shared.
type Recorded = (Arc<[u8]>, bool);

impl Sink for Recorder {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_owned(), (Arc::from(bytes), false));
        Ok(())
    }

    fn put_shared(&self, path: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .insert(path.to_owned(), (bytes, true));
        Ok(())
    }
}

/// A site of one page showing `shown` (PNG files written into `content/`).
fn site_showing(dir: &std::path::Path, shown: &[(&str, Vec<u8>)]) -> Site {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    let mut body = String::from("---\ntitle: \"Pictures\"\n---\n\n");
    for (name, bytes) in shown {
        std::fs::write(dir.join("content").join(name), bytes).unwrap();
        body.push_str(&format!("![A picture]({name})\n\n"));
    }
    std::fs::write(dir.join("content/pictures.md"), body).unwrap();
    cited_site::load(dir).site
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture(width, height)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// With a memo, a render takes each picture whose bytes it processed before from it (the very
/// same files), processes a changed one, gives exactly the files a render without a memo gives,
/// and keeps only the pictures it showed.
#[test]
fn a_memo_processes_each_picture_once_and_gives_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_showing(
        dir.path(),
        &[("a.png", png(600, 300)), ("b.png", png(40, 20))],
    );
    let memo = ImageMemo::default();
    let first = Recorder::default();
    let table = publish(&site, &first, Some(&memo)).ok().unwrap();
    assert_eq!(memo.len(), 2);
    let plain = Recorder::default();
    let plain_table = publish(&site, &plain, None).ok().unwrap();
    let bytes = |r: &Recorder| -> BTreeMap<String, Vec<u8>> {
        r.0.lock()
            .unwrap()
            .iter()
            .map(|(p, (b, _))| (p.clone(), b.to_vec()))
            .collect()
    };
    assert_eq!(bytes(&first), bytes(&plain));
    assert_eq!(table.by_place, plain_table.by_place);
    assert!(first.0.lock().unwrap().values().all(|(_, shared)| *shared));

    // Again, unchanged: the same allocations, so nothing was processed again.
    let second = Recorder::default();
    publish(&site, &second, Some(&memo)).ok().unwrap();
    for (path, (bytes, _)) in second.0.lock().unwrap().iter() {
        assert!(
            Arc::ptr_eq(bytes, &first.0.lock().unwrap()[path].0),
            "{path}"
        );
    }

    // `b.png` replaced by another picture: processed; the old one is no longer kept.
    let site = site_showing(
        dir.path(),
        &[("a.png", png(600, 300)), ("b.png", png(30, 30))],
    );
    let third = Recorder::default();
    publish(&site, &third, Some(&memo)).ok().unwrap();
    assert_eq!(memo.len(), 2);
    let plain = Recorder::default();
    publish(&site, &plain, None).ok().unwrap();
    assert_eq!(bytes(&third), bytes(&plain));
}
