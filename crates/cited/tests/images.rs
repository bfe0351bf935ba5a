//! Pictures through the binary: a figure with a caption that cites, an anchor links can target,
//! published images without EXIF, sizes on every `<img>`, the CSP's `img-src`, and the same bytes
//! from two builds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use image::ImageEncoder;

mod common;
use common::{build, copy_dir, files_under, fixture, text};

/// An APP1 EXIF segment holding a GPS position (GPSLatitudeRef "N"), as phones write.
fn exif_app1() -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
    tiff.extend([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0, 0, 0, 0, 0]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
    segment.extend(payload);
    segment
}

fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(
            picture.as_raw(),
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

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(width, height, image::Rgb([20, 90, 160]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            picture.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// The APPn segments (0xFFE0–0xFFEF) of a JPEG, walking its markers up to the image data.
fn app_segments(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], [0xFF, 0xD8], "not a JPEG");
    let mut found = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        if marker == 0xDA {
            break;
        }
        if (0xE0..=0xEF).contains(&marker) {
            found.push(marker);
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    found
}

fn site(root: &Path) {
    copy_dir(&fixture("minimal"), root);
    std::fs::write(
        root.join("content/site.yaml"),
        "title: \"Minimal\"\nbase_url: \"https://example.org/\"\nimages:\n  allowed_hosts: [images.example.org]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/images")).unwrap();
    std::fs::write(
        root.join("content/images/session.jpg"),
        jpeg_with_exif(1200, 800),
    )
    .unwrap();
    std::fs::write(root.join("content/steps.png"), png(300, 200)).unwrap();
    std::fs::write(
        root.join("content/hello.md"),
        "---\ntitle: \"Hello\"\n---\n\n\
         ![A person talking with a therapist [@smith2020]](session.jpg){#fig:session}\n\n\
         Most studies found this [@smith2020]. [The picture](#fig:session) shows a room.\n\n\
         A drawing: ![Three steps, drawn as boxes](steps.png) and a diagram: \
         ![A diagram of the steps](https://images.example.org/steps.png).\n",
    )
    .unwrap();
}

#[test]
fn a_figure_is_published_with_its_caption_sizes_and_no_exif() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    let public = dir.path().join("public");
    let out = build(&root, &public, &[]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    let page = std::fs::read_to_string(public.join("hello/index.html")).unwrap();
    assert!(
        page.contains("<figure id=\"fig:session\">\n<img src=\"/images/"),
        "{page}"
    );
    assert!(page.contains("width=\"1200\" height=\"800\""), "{page}");
    assert!(
        page.contains(" 480w, ") && page.contains(" 960w, ") && page.contains(" 1200w\""),
        "{page}"
    );
    assert!(
        page.contains("<figcaption>A person talking with a therapist"),
        "{page}"
    );
    let caption = &page[page.find("<figcaption>").unwrap()..page.find("</figcaption>").unwrap()];
    assert!(
        caption.contains("href=\"#cite-1\"") || caption.contains("#ref-smith2020"),
        "the caption's citation is rendered: {caption}"
    );
    assert!(page.contains("href=\"#fig:session\""), "{page}");
    assert!(
        page.contains("width=\"300\" height=\"200\" alt=\"Three steps, drawn as boxes\" loading=\"lazy\" decoding=\"async\">"),
        "{page}"
    );
    assert!(
        page.contains("<img src=\"https://images.example.org/steps.png\""),
        "{page}"
    );
    assert!(
        page.contains("img-src 'self' https://images.example.org;"),
        "{page}"
    );
    // The figure is not inside a paragraph.
    assert!(!page.contains("<p><figure"), "{page}");

    let images: Vec<_> = files_under(&public)
        .into_iter()
        .filter(|p| p.starts_with("images"))
        .collect();
    assert_eq!(
        images.len(),
        4,
        "{images:?}: three widths of the photo, one of the drawing"
    );
    for path in &images {
        let bytes = std::fs::read(public.join(path)).unwrap();
        assert!(
            !bytes.windows(6).any(|w| w == b"Exif\0\0"),
            "{path:?} carries EXIF"
        );
        if path.extension().is_some_and(|e| e == "jpg") {
            assert!(
                app_segments(&bytes).iter().all(|&m| m == 0xE0),
                "{path:?}: {:x?}",
                app_segments(&bytes)
            );
        }
    }
}

#[test]
fn two_builds_write_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&root, &a, &[]).status.success());
    assert!(build(&root, &b, &[]).status.success());
    let mut files = files_under(&a);
    files.sort();
    let mut other = files_under(&b);
    other.sort();
    assert_eq!(files, other);
    for file in files {
        assert_eq!(
            std::fs::read(a.join(&file)).unwrap(),
            std::fs::read(b.join(&file)).unwrap(),
            "{file:?} differs"
        );
    }
}
