//! The first oracle: Pandoc (`pandoc --citeproc`, the version `.ci/run` installs), run once per
//! style over a batch of every case (`pandoc lua`), its HTML read back into an [`Output`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::text::{balanced, decode, to_text};
use super::{Case, Output, PANDOC_VERSION, body, footnote_of, repo_root};

/// A bundled style as CSL XML, as citationberg serialises it: what both oracles read.
pub fn style_xml(name: &str) -> String {
    match hayagriva::archive::ArchivedStyle::by_name(name).map(|s| s.get()) {
        Some(hayagriva::citationberg::Style::Independent(s)) => {
            hayagriva::citationberg::Style::Independent(s)
                .to_xml()
                .expect("the bundled style serialises")
        }
        _ => panic!("{name} is not a bundled independent style"),
    }
}

/// The pandoc binary, or `None` (skip) when it is not installed and this is not CI.
pub fn find_pandoc() -> Option<PathBuf> {
    let bundled = repo_root().join(".ci/pandoc/pypandoc/files/pandoc");
    let candidates: Vec<PathBuf> = std::env::var_os("PANDOC")
        .map(PathBuf::from)
        .into_iter()
        .chain([bundled])
        .chain(
            std::env::var_os("PATH")
                .map(|p| {
                    std::env::split_paths(&p)
                        .map(|d| d.join("pandoc"))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
        )
        .collect();
    let in_ci = std::env::var_os("CI").is_some();
    for path in candidates {
        let Ok(out) = Command::new(&path).arg("--version").output() else {
            continue;
        };
        let first = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        if first == format!("pandoc {PANDOC_VERSION}") {
            return Some(path);
        }
        eprintln!(
            "{}: {first}, not pandoc {PANDOC_VERSION}; ignored",
            path.display()
        );
    }
    let message = format!(
        "pandoc {PANDOC_VERSION} not found: install it as .ci/run does \
         (pip install --target .ci/pandoc pypandoc-binary==1.17) or set PANDOC"
    );
    assert!(!in_ci, "CI is set but {message}");
    eprintln!("skipping the Pandoc conformance suite: {message}");
    None
}

/// Converts a batch of markdown documents (JSON `[{"text": …}]` on stdin) with citeproc, in one
/// Pandoc process; answers `[{"output": html} | {"error": message}]`.
const BATCH_LUA: &str = r#"
local requests = pandoc.json.decode(io.read('a'), false)
local answers = {}
for i, r in ipairs(requests) do
  local ok, result = pcall(function()
    return pandoc.write(pandoc.utils.citeproc(pandoc.read(r.text, 'markdown')), 'html')
  end)
  answers[i] = ok and { output = result } or { error = tostring(result) }
end
io.write(pandoc.json.encode(answers))
"#;

/// Pandoc on every case of one style, in one process (`pandoc lua`, [`BATCH_LUA`]).
pub fn pandoc_batch(
    pandoc: &Path,
    name: &str,
    cases: &[(Case, Vec<serde_json::Value>)],
    work: &Path,
) -> Vec<Result<Output, String>> {
    let xml = style_xml(name);
    let csl = work.join(format!("{name}.csl"));
    std::fs::write(&csl, xml).expect("write the style");
    let script = work.join(format!("{name}.lua"));
    std::fs::write(&script, BATCH_LUA).expect("write the batch script");
    let requests: Vec<serde_json::Value> = cases
        .iter()
        .enumerate()
        .map(|(i, (case, refs))| {
            let library = match (&case.bib, &case.json) {
                (Some(bib), _) => Some(("bib", bib)),
                (None, Some(json)) => Some(("json", json)),
                (None, None) => None,
            };
            let lang = case.language.as_deref().unwrap_or("en-US");
            let mut meta = match library {
                Some((extension, text)) => {
                    let path = work.join(format!("{name}-{i}.{extension}"));
                    std::fs::write(&path, text).expect("write the library");
                    serde_json::json!({ "bibliography": path, "lang": lang, "csl": csl })
                }
                None => serde_json::json!({ "references": refs, "lang": lang, "csl": csl }),
            };
            if let Some(m) = meta.as_object_mut() {
                m.extend(case.meta.clone());
            }
            serde_json::json!({ "text": format!("---\n{meta}\n---\n\n{}", body(case)) })
        })
        .collect();
    let mut child = Command::new(pandoc)
        .arg("lua")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pandoc lua");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(&serde_json::to_vec(&requests).expect("JSON"))
            .expect("send the batch");
    }
    let out = child.wait_with_output().expect("pandoc lua");
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "pandoc answered no batch ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(answers.len(), requests.len(), "one answer per document");
    answers
        .into_iter()
        .map(|a| match a.get("output").and_then(|o| o.as_str()) {
            Some(html) => Ok(parse_pandoc(html)),
            None => Err(a
                .get("error")
                .map_or_else(|| a.to_string(), |e| e.to_string())),
        })
        .collect()
}

/// Pandoc's HTML: the `citation` spans in order (for note styles, in the footnotes) and the
/// `csl-entry` divs.
fn parse_pandoc(html: &str) -> Output {
    let mut out = Output::default();
    for (at, _) in html.match_indices("<span class=\"citation\"") {
        let span = balanced(&html[at..], "span");
        out.citations
            .push(to_text(footnote_of(html, span).unwrap_or(span)));
    }
    for (at, _) in html.match_indices("<div id=\"ref-") {
        let rest = &html[at + "<div id=\"ref-".len()..];
        let key = rest.split('"').next().unwrap_or_default();
        out.entries
            .push((decode(key), to_text(balanced(&html[at..], "div"))));
    }
    out
}
