//! Shared by the browser tests: building the site, a tiny static file server (`server`),
//! starting Chromium through chromedriver (`chromium`), and page helpers. Tests take it all with a
//! glob import of `support`, whose `pub(crate) use` of the two modules keeps every name in it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::Value;

mod chromium;
mod server;

pub(crate) use chromium::*;
pub(crate) use server::*;

// ---------------------------------------------------------------------------------------------
// Paths and site builds
// ---------------------------------------------------------------------------------------------

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("crates/cited-e2e lives two levels below the workspace root")
        .to_path_buf()
}

pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The `cited` binary; built with `cargo build -p cited` when it is missing.
/// `CITED_BIN` overrides the location.
pub(crate) fn cited_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CITED_BIN") {
        return PathBuf::from(p);
    }
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = target_dir().join("debug").join("cited");
        // `cargo test --workspace` builds the binary for the `cited` crate's own tests, but
        // `cargo test -p cited-e2e` alone does not: a binary older than the sources would test
        // yesterday's pages. Building whenever it is older keeps the workspace run free of a
        // second build (a lone `cargo build -p cited` unifies features differently).
        let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
        if built.is_none_or(|built| newest_source(&workspace_root()) > Some(built)) {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--quiet", "-p", "cited"])
                .current_dir(workspace_root())
                .status()
                .expect("run cargo build -p cited");
            assert!(status.success(), "cargo build -p cited failed");
        }
        assert!(bin.exists(), "no cited binary at {}", bin.display());
        bin
    })
    .clone()
}

/// The newest modification time of what the binary is built from: the crates' sources, the
/// built-in theme and the manifests.
pub(crate) fn newest_source(root: &Path) -> Option<std::time::SystemTime> {
    pub(crate) fn walk(path: &Path, newest: &mut Option<std::time::SystemTime>) {
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), newest);
            }
        } else if let Ok(t) = meta.modified() {
            *newest = (*newest).max(Some(t));
        }
    }
    let mut newest = None;
    for crate_name in [
        "cited",
        "cited-site",
        "cited-check",
        "cited-render",
        "cited-serve",
    ] {
        walk(
            &root.join("crates").join(crate_name).join("src"),
            &mut newest,
        );
        walk(
            &root.join("crates").join(crate_name).join("Cargo.toml"),
            &mut newest,
        );
    }
    walk(&root.join("themes"), &mut newest);
    walk(&root.join("Cargo.toml"), &mut newest);
    walk(&root.join("Cargo.lock"), &mut newest);
    newest
}

pub(crate) fn cited_build(root: &Path, out: &Path) {
    cited_build_with(root, out, &[]);
}

pub(crate) fn cited_build_with(root: &Path, out: &Path, extra: &[&str]) {
    let output = Command::new(cited_bin())
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run cited build");
    assert!(
        output.status.success(),
        "cited build failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A folder for one of the sites the tests build, emptied first: in the build's own temporary
/// folder (`target/tmp`), at a fixed name, so runs neither leave folders in the system's
/// temporary folder (a static is never dropped) nor pile them up.
pub(crate) fn fresh_site_folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real site, built once per test process.
pub(crate) fn site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = fresh_site_folder("e2e-site").join("out");
        cited_build(&workspace_root(), &out);
        out
    })
    .as_path()
}

/// The real site built with the print-first `handout` theme (Tera 2).
pub(crate) fn handout_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = fresh_site_folder("e2e-handout").join("out");
        cited_build_with(&workspace_root(), &out, &["--theme", "handout"]);
        out
    })
    .as_path()
}

/// The real site built in another citation style (`chicago-notes`, `apa`, ...), once per style
/// and test process, at `e2e-style-<style>`.
pub(crate) fn site_in_style(style: &'static str) -> &'static Path {
    // A few sites per process, kept for its whole life as the other sites' statics are.
    static SITES: OnceLock<std::sync::Mutex<Vec<(&'static str, &'static Path)>>> = OnceLock::new();
    let sites = SITES.get_or_init(Default::default);
    let mut sites = sites
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, out)) = sites.iter().find(|(s, _)| *s == style) {
        return out;
    }
    let out = built_variant(&format!("e2e-style-{style}"), |src| {
        let config = src.join("content/site.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replace(
            "citation_style: american-medical-association",
            &format!("citation_style: {style}"),
        );
        assert!(
            text.contains(&format!("citation_style: {style}")),
            "the style is set"
        );
        std::fs::write(&config, text).unwrap();
    });
    let out: &'static Path = Box::leak(out.into_boxed_path());
    sites.push((style, out));
    out
}

/// The real site (its content, references and themes) copied to `name/src`, changed by `edit`,
/// and built into `name/out`, which is returned.
fn built_variant(name: &str, edit: impl FnOnce(&Path)) -> PathBuf {
    let dir = fresh_site_folder(name);
    let src = dir.join("src");
    for sub in ["content", "references", "themes"] {
        copy_dir(&workspace_root().join(sub), &src.join(sub));
    }
    edit(&src);
    let out = dir.join("out");
    cited_build(&src, &out);
    out
}

/// The real site with `language: fr`, built once per test process: the theme's words, the
/// checklist script's among them, in French.
pub(crate) fn french_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        built_variant("e2e-french", |src| {
            let config = src.join("content/site.yaml");
            let text = std::fs::read_to_string(&config).unwrap();
            let text = text.replace("language: en\n", "language: fr\n");
            assert!(text.contains("language: fr\n"), "the language is set");
            std::fs::write(&config, text).unwrap();
        })
    })
    .as_path()
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A fixture site: the real content, with the article embedding the same checklist twice.
pub(crate) fn twice_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        built_variant("e2e-twice", |src| {
            let article = src.join("content/when-talk-therapy-doesnt-work.md");
            let mut text = std::fs::read_to_string(&article).unwrap();
            text.push_str(
                "\n\nThe same checklist again:\n\n```checklist\ntherapy-not-helping\n```\n",
            );
            std::fs::write(&article, text).unwrap();
        })
    })
    .as_path()
}

// ---------------------------------------------------------------------------------------------
// Page helpers
// ---------------------------------------------------------------------------------------------

pub(crate) async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("execute {script:?}: {e}"))
}

pub(crate) async fn summary_text(c: &Client) -> String {
    c.find(Locator::Css(".checklist .checklist-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) async fn click(c: &Client, css: &str) {
    let el = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("find {css}: {e}"));
    click_el(c, &el).await;
}

/// Click the label of the n-th (0-based) checkbox of the first checklist on the page, as a
/// user would.
pub(crate) async fn tick(c: &Client, n: usize) {
    let labels = c
        .find_all(Locator::Css(".checklist .checklist-items label"))
        .await
        .unwrap();
    click_el(c, &labels[n]).await;
}

/// Scroll an element to the middle of the viewport and click it; on failure, say what covers it.
pub(crate) async fn click_el(c: &Client, el: &fantoccini::elements::Element) {
    let arg = serde_json::to_value(el).unwrap();
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'})",
        vec![arg.clone()],
    )
    .await
    .unwrap();
    if let Err(e) = el.click().await {
        let cover = c
            .execute(
                "const r = arguments[0].getBoundingClientRect(); \
                 const t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); \
                 return [JSON.stringify(r), t && t.outerHTML.slice(0, 300), window.innerHeight];",
                vec![arg],
            )
            .await;
        panic!("click failed: {e}; rect/element at centre: {cover:?}");
    }
}

/// `(data-min, data-max, visible)` for every guidance block of the first checklist.
pub(crate) async fn guidance_state(c: &Client) -> Vec<(i64, i64, bool)> {
    let v = js(
        c,
        "return [...document.querySelector('.checklist').querySelectorAll('.guidance')].map(g => \
         [+g.dataset.min, +g.dataset.max, !g.hidden && g.offsetParent !== null && g.getClientRects().length > 0]);",
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g[0].as_i64().unwrap(),
                g[1].as_i64().unwrap(),
                g[2].as_bool().unwrap(),
            )
        })
        .collect()
}

pub(crate) async fn local_storage(c: &Client) -> serde_json::Map<String, Value> {
    let s = js(c, "return JSON.stringify(localStorage)").await;
    serde_json::from_str(s.as_str().unwrap()).unwrap()
}

pub(crate) async fn checked_names(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return [...document.querySelectorAll('.checklist .checklist-items input[type=checkbox]')]\
         .filter(b => b.checked).map(b => b.name)",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

pub(crate) async fn storage_key(c: &Client) -> String {
    c.find(Locator::Css(".checklist[data-storage-key]"))
        .await
        .unwrap()
        .attr("data-storage-key")
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn wait_for_enhanced(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".checklist.enhanced"))
        .await
        .expect("checklist script ran (.checklist.enhanced)");
}

/// Waits (at most 10 s) until the page in `c` sees a window `width` CSS pixels wide (its outer
/// width: an emulated phone's `about:blank` is laid out 980 px wide, having no viewport meta tag).
pub(crate) async fn wait_for_width(c: &Client, width: u32) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let inner = js(c, "return window.outerWidth").await;
        if inner.as_u64() == Some(u64::from(width)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the viewport did not become {width} px wide (it is {inner})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(crate) async fn save_screenshot(c: &Client, name: &str) -> PathBuf {
    let dir = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

/// Skip a test locally (print `SKIPPED`), or fail it when `CI` is set.
pub(crate) fn skip_or_fail_in_ci(test: &str, why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("CI is set but {why}");
    }
    eprintln!("SKIPPED {test}: {why}");
    println!("SKIPPED {test}: {why}");
}

/// A file installed by `npm ci` (the root `package.json` pins axe-core and vnu-jar); `None`
/// (test skipped) when it is missing, unless `CI` is set.
pub(crate) fn npm_file(test: &str, rel: &str) -> Option<PathBuf> {
    let path = workspace_root().join("node_modules").join(rel);
    if path.exists() {
        return Some(path);
    }
    skip_or_fail_in_ci(
        test,
        &format!(
            "{} is missing: run `npm ci` in the workspace root",
            path.display()
        ),
    );
    None
}

/// The stylesheet the built site ships (`assets/style.<hash>.css`).
pub(crate) fn built_css() -> String {
    let assets = site_dir().join("assets");
    let css = std::fs::read_dir(&assets)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("style.") && name.ends_with(".css")
        })
        .unwrap_or_else(|| panic!("no style.*.css in {}", assets.display()));
    std::fs::read_to_string(css).unwrap()
}

/// The preludes (`@media …`, selectors) of the blocks enclosing each declaration of `property`,
/// with its value: a tiny CSS walker, enough for the theme's stylesheet (no strings with braces).
pub(crate) fn css_declarations(css: &str, property: &str) -> Vec<(Vec<String>, String)> {
    let mut css_no_comments = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        css_no_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    css_no_comments.push_str(rest);
    let mut found = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    for ch in css_no_comments.chars() {
        match ch {
            '{' => {
                stack.push(buf.trim().to_string());
                buf.clear();
            }
            '}' | ';' => {
                if let Some((name, value)) = buf.split_once(':')
                    && name.trim() == property
                {
                    found.push((stack.clone(), value.trim().to_string()));
                }
                buf.clear();
                if ch == '}' {
                    stack.pop();
                }
            }
            _ => buf.push(ch),
        }
    }
    found
}
