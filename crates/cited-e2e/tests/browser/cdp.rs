//! Chrome DevTools Protocol commands through chromedriver (`POST /session/{id}/goog/cdp/execute`):
//! an exact viewport, emulated media (print, dark), touch input, and PNG comparison helpers for
//! the visual regression tests.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or("")
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs one DevTools command and returns its result.
pub(crate) async fn cdp(c: &Client, cmd: &'static str, params: Value) -> Value {
    c.issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}

/// A viewport of exactly `width` × `height` CSS pixels at scale 1; below 600 px wide, a phone
/// (`mobile`: the viewport meta tag applies).
pub(crate) async fn viewport(c: &Client, width: u32, height: u32) {
    cdp(
        c,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
    )
    .await;
}

/// Emulates `media` (`"print"`, or `""` for the screen) and the colour scheme.
pub(crate) async fn media(c: &Client, media: &str, dark: bool) {
    cdp(
        c,
        "Emulation.setEmulatedMedia",
        json!({
            "media": media,
            "features": [{ "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } }],
        }),
    )
    .await;
}

/// A tap (touch start and end) at `(x, y)` in CSS pixels of the viewport, on a touch screen.
pub(crate) async fn tap(c: &Client, x: f64, y: f64) {
    cdp(
        c,
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    )
    .await;
    cdp(
        c,
        "Input.dispatchTouchEvent",
        json!({ "type": "touchStart", "touchPoints": [{ "x": x, "y": y }] }),
    )
    .await;
    cdp(
        c,
        "Input.dispatchTouchEvent",
        json!({ "type": "touchEnd", "touchPoints": [] }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// A decoded RGBA image.
pub(crate) struct Rgba {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) pixels: Vec<u8>,
}

pub(crate) fn decode_png(bytes: &[u8]) -> Rgba {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a PNG of sane size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    buf.truncate(info.buffer_size());
    let pixels = match info.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buf
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => buf.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => unreachable!("normalize_to_color8 expands palettes"),
    };
    Rgba {
        width: info.width,
        height: info.height,
        pixels,
    }
}

pub(crate) fn encode_png(path: &Path, image: &Rgba) {
    let file = std::fs::File::create(path).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), image.width, image.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&image.pixels).unwrap();
}

/// A pixel differs when one of its channels differs by more than this (anti-aliasing and
/// sub-pixel text rendering move channels by less; a colour or a shifted line by more).
pub(crate) const CHANNEL_TOLERANCE: u8 = 48;
/// A screenshot matches when at most this share of its pixels differ.
pub(crate) const MAX_DIFFERING: f64 = 0.004;

/// Compares `actual` with `expected`: `None` when they match, else why, after writing an image
/// of the differing pixels (red on a faded copy of the expected image) to `diff`.
pub(crate) fn compare(expected: &Rgba, actual: &Rgba, diff: &Path) -> Option<String> {
    if (expected.width, expected.height) != (actual.width, actual.height) {
        return Some(format!(
            "size {}×{} differs from the committed {}×{}",
            actual.width, actual.height, expected.width, expected.height
        ));
    }
    let mut out = expected.clone_faded();
    let mut differing = 0usize;
    for (i, (e, a)) in expected
        .pixels
        .chunks_exact(4)
        .zip(actual.pixels.chunks_exact(4))
        .enumerate()
    {
        if e.iter()
            .zip(a)
            .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        {
            differing += 1;
            out.pixels[i * 4..i * 4 + 4].copy_from_slice(&[255, 0, 0, 255]);
        }
    }
    let share = differing as f64 / (f64::from(expected.width) * f64::from(expected.height));
    if share <= MAX_DIFFERING {
        return None;
    }
    encode_png(diff, &out);
    Some(format!(
        "{differing} pixels ({:.2}%) differ by more than {CHANNEL_TOLERANCE} in a channel (at most {:.2}% may); the difference is in {}",
        share * 100.0,
        MAX_DIFFERING * 100.0,
        diff.display()
    ))
}

impl Rgba {
    fn clone_faded(&self) -> Rgba {
        Rgba {
            width: self.width,
            height: self.height,
            pixels: self
                .pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let fade = |v: u8| 255 - (255 - v) / 4;
                    [fade(p[0]), fade(p[1]), fade(p[2]), 255]
                })
                .collect(),
        }
    }
}

/// Where the committed screenshots live.
pub(crate) fn reference_dir() -> PathBuf {
    super::support::workspace_root().join("tests/visual")
}
