//! Visual regression: the article, the checklist (two signs ticked) and the references page at
//! 375, 768 and 1280 px, light and dark, compared with the screenshots committed under
//! `tests/visual/`. Anti-aliasing is tolerated ([`CHANNEL_TOLERANCE`], [`MAX_DIFFERING`]); a real
//! change fails, and writes the new screenshot and an image of the difference to
//! `target/e2e-screenshots/visual/`. After an intended change, re-bless:
//! `CITED_BLESS_SCREENSHOTS=1 cargo test -p cited-e2e -- visual`, and review the new images.

use std::time::Duration;

use fantoccini::Client;

use super::cdp::*;
use super::support::*;
use super::{ARTICLE, CHECKLIST_PAGE, STORAGE_PREFIX};

const BLESS: &str = "CITED_BLESS_SCREENSHOTS";

/// How each page is brought to the state that is photographed.
#[derive(Clone, Copy)]
enum Shot {
    /// The top of the article.
    Article,
    /// The checklist page with the first two signs ticked, its result in view.
    Checklist,
    /// The top of the references page.
    References,
}

impl Shot {
    fn name(self) -> &'static str {
        match self {
            Shot::Article => "article",
            Shot::Checklist => "checklist",
            Shot::References => "references",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Shot::Article => ARTICLE,
            Shot::Checklist => CHECKLIST_PAGE,
            Shot::References => "/references/",
        }
    }
}

async fn prepare(c: &Client, server: &Server, shot: Shot) {
    c.goto(&server.url(shot.path())).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css("footer"))
        .await
        .unwrap();
    if let Shot::Checklist = shot {
        wait_for_enhanced(c).await;
        js(
            c,
            "for (const b of document.querySelectorAll('.checklist-items input')) b.checked = false; \
             const labels = document.querySelectorAll('.checklist-items label'); \
             labels[0].click(); labels[1].click(); \
             document.activeElement.blur(); \
             document.querySelector('.checklist-summary').scrollIntoView({block: 'start', behavior: 'instant'});",
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
}

#[tokio::test(flavor = "multi_thread")]
pub(crate) async fn pages_look_as_committed_at_three_widths_light_and_dark() {
    if !browser_available("pages_look_as_committed") {
        return;
    }
    let server = Server::start(site_dir());
    with_browser_args(true, &["--hide-scrollbars", "--font-render-hinting=none"], move |c| async move {
        let bless = std::env::var_os(BLESS).is_some();
        let out = target_dir().join("e2e-screenshots").join("visual");
        std::fs::create_dir_all(&out).unwrap();
        let mut failures = Vec::new();
        for (width, height) in [(375, 667), (768, 1024), (1280, 900)] {
            viewport(&c, width, height).await;
            for dark in [false, true] {
                media(&c, "", dark).await;
                for shot in [Shot::Article, Shot::Checklist, Shot::References] {
                    prepare(&c, &server, shot).await;
                    let png = c.screenshot().await.unwrap();
                    let name = format!(
                        "{}-{width}-{}",
                        shot.name(),
                        if dark { "dark" } else { "light" }
                    );
                    let committed = reference_dir().join(format!("{name}.png"));
                    if bless {
                        std::fs::create_dir_all(reference_dir()).unwrap();
                        std::fs::write(&committed, &png).unwrap();
                        continue;
                    }
                    let Ok(expected) = std::fs::read(&committed) else {
                        failures.push(format!(
                            "{name}: no {}; run with {BLESS}=1 to make it",
                            committed.display()
                        ));
                        continue;
                    };
                    let actual_path = out.join(format!("{name}.png"));
                    std::fs::write(&actual_path, &png).unwrap();
                    if let Some(why) = compare(
                        &decode_png(&expected),
                        &decode_png(&png),
                        &out.join(format!("{name}.diff.png")),
                    ) {
                        failures.push(format!("{name}: {why}; now: {}", actual_path.display()));
                    }
                }
            }
        }
        // Leave no answers behind for the next test.
        js(
            &c,
            &format!(
                "for (const k of Object.keys(localStorage)) if (k.startsWith('{STORAGE_PREFIX}')) localStorage.removeItem(k);"
            ),
        )
        .await;
        assert!(
            failures.is_empty(),
            "screenshots differ from tests/visual/ (re-bless with {BLESS}=1 if the change is intended):\n{}",
            failures.join("\n")
        );
    })
    .await;
}

/// The comparison itself: identical images match, a few anti-aliased pixels are tolerated, and
/// a moved block of text is not.
#[test]
fn the_comparison_tolerates_anti_aliasing_but_not_a_change() {
    let blank = |w: u32, h: u32| Rgba {
        width: w,
        height: h,
        pixels: vec![255; (w * h * 4) as usize],
    };
    let dir = tempfile::tempdir().unwrap();
    let diff = dir.path().join("diff.png");
    let a = blank(100, 100);
    assert!(compare(&a, &blank(100, 100), &diff).is_none());
    // Anti-aliasing: small shifts everywhere, and a few pixels a lot.
    let mut b = blank(100, 100);
    for (i, p) in b.pixels.iter_mut().enumerate() {
        *p -= (i % 17) as u8;
    }
    for i in 0..30 {
        b.pixels[i * 4 * 97] = 0;
    }
    assert!(compare(&a, &b, &diff).is_none());
    assert!(!diff.exists());
    // A dark block of 20 × 20 px: 4% of the image.
    let mut c = blank(100, 100);
    for y in 10..30 {
        for x in 10..30 {
            let i = (y * 100 + x) * 4;
            c.pixels[i..i + 3].copy_from_slice(&[0, 0, 0]);
        }
    }
    let why = compare(&a, &c, &diff).expect("a real change");
    assert!(why.contains("400 pixels"), "{why}");
    let written = decode_png(&std::fs::read(&diff).unwrap());
    assert_eq!((written.width, written.height), (100, 100));
    assert!(
        compare(&a, &blank(100, 99), &diff)
            .unwrap()
            .contains("size")
    );
}
