//! The second oracle: citeproc-js, the engine Zotero uses and the CSL test suite records.
//!
//! Where cited differs from Pandoc on purpose, an annotation says why, and most say what
//! citeproc-js prints instead. An annotation with `citeproc_js: true` claims that cited's output
//! of every item it explains is citeproc-js's, and this module checks the claim: it formats
//! those cases with citeproc-js (npm `citeproc`, pinned in the repository's `package.json`),
//! from the same CSL XML, the same CSL-JSON and the same locale as cited, and compares the text
//! as the Pandoc comparison does. A claim that does not hold fails the conformance test.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use super::Case;
use super::text::to_text;

/// One item of one case whose annotation claims citeproc-js prints what cited prints.
pub struct Claim {
    pub style: String,
    pub case: String,
    /// `cite-N` or `entry-KEY`.
    pub item: String,
    pub cited: String,
}

/// Formats each request with citeproc-js: JSON `{"citeproc": path, "style": xml, "locale": xml,
/// "lang": code, "requests": [{"items": [CSL-JSON], "cites": [[key, …], …]}]}` on stdin;
/// answers `[{"citations": [html], "entries": {key: html}} | {"error": message}]`. Citations
/// are made in the order given, after the items are registered in the order first cited, so a
/// numeric style numbers them as cited does.
const BATCH_JS: &str = r#"
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const CSL = require(input.citeproc);
const answers = input.requests.map((r) => {
  try {
    // citeproc-js reads a number field only as a string.
    const items = r.items.map((item) => Object.fromEntries(Object.entries(item).map(
      ([k, v]) => [k, typeof v === 'number' ? String(v) : v])));
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    const sys = { retrieveLocale: () => input.locale, retrieveItem: (id) => byId[id] };
    const engine = new CSL.Engine(sys, input.style, input.lang, true);
    engine.setOutputFormat('html');
    const order = [];
    for (const cite of r.cites) for (const id of cite) if (!order.includes(id)) order.push(id);
    engine.updateItems(order);
    const citations = r.cites.map((cite) => engine.makeCitationCluster(cite.map((id) => ({ id }))));
    // A style that leaves some entries out of its bibliography (Chicago notes, a dictionary
    // entry) answers fewer entries than ids, which no longer say which is which.
    const [meta, html] = engine.makeBibliography();
    if (meta.entry_ids.length !== html.length) return { citations, entries: null };
    const entries = {};
    meta.entry_ids.forEach((ids, i) => { entries[ids[0]] = html[i]; });
    return { citations, entries };
  } catch (e) {
    return { error: String(e) };
  }
});
process.stdout.write(JSON.stringify(answers));
"#;

/// The installed citeproc-js: `node_modules/citeproc` of the repository, and `node` to run it.
fn citeproc(root: &Path) -> Option<std::path::PathBuf> {
    let module = root.join("node_modules/citeproc");
    let node = Command::new("node").arg("--version").output().ok()?;
    (node.status.success() && module.join("package.json").is_file()).then_some(module)
}

/// The CSL-JSON items and the cites (keys only) citeproc-js is given for `case`; an error when
/// the case has no CSL-JSON to give (a `.bib` library) or a cite holds more than keys.
fn request(case: &Case, refs: &[serde_json::Value]) -> Result<serde_json::Value, String> {
    if case.bib.is_some() {
        return Err("a BibTeX library, which citeproc-js does not read".to_owned());
    }
    let items: Vec<serde_json::Value> = match &case.json {
        Some(json) => serde_json::from_str(json).map_err(|e| e.to_string())?,
        None => refs.to_vec(),
    };
    let cites = case
        .cites
        .iter()
        .map(|cite| {
            let inner = cite
                .strip_prefix('[')
                .and_then(|c| c.strip_suffix(']'))
                .ok_or_else(|| format!("`{cite}` is not a bracketed citation"))?;
            inner
                .split(';')
                .map(|one| {
                    let key = one.trim().strip_prefix('@').unwrap_or("");
                    if key.is_empty() || key.contains([' ', ',']) {
                        Err(format!("`{cite}` holds more than keys"))
                    } else {
                        Ok(key.to_owned())
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(serde_json::json!({ "items": items, "cites": cites }))
}

/// The bundled locale `code` (or its language's), as CSL XML: the locale cited formats in.
fn locale_xml(code: &str) -> String {
    let locales = hayagriva::archive::locales();
    let lang = code.split('-').next().unwrap_or(code);
    let locale = locales
        .iter()
        .find(|l| l.lang.as_ref().is_some_and(|l| l.0 == code))
        .or_else(|| {
            locales
                .iter()
                .find(|l| l.lang.as_ref().is_some_and(|l| l.0.starts_with(lang)))
        })
        .unwrap_or_else(|| panic!("{code} is a bundled locale"));
    let file = hayagriva::citationberg::LocaleFile {
        version: "1.0".to_owned(),
        lang: locale
            .lang
            .clone()
            .expect("a bundled locale names its language"),
        info: locale.info.clone(),
        terms: locale.terms.clone(),
        date: locale.date.clone(),
        style_options: locale.style_options,
    };
    // citationberg writes a locale file under the root it writes a style under.
    let xml = file.to_xml().expect("the bundled locale serialises");
    let xml = xml
        .strip_prefix("<style")
        .map_or(xml.clone(), |rest| format!("<locale{rest}"));
    match xml.strip_suffix("</style>") {
        Some(body) => format!("{body}</locale>"),
        None => xml,
    }
}

/// Checks every claim against citeproc-js: the claims that do not hold, each with what
/// citeproc-js printed; `None` when citeproc-js is not installed (`npm ci`).
pub fn check(
    root: &Path,
    claims: &[Claim],
    cases: &[(Case, Vec<serde_json::Value>)],
    style_xml: &dyn Fn(&str) -> String,
    work: &Path,
) -> Option<Vec<String>> {
    let module = citeproc(root)?;
    let script = work.join("citeproc-batch.js");
    std::fs::write(&script, BATCH_JS).expect("write the citeproc-js script");
    // Per style and locale, the cases claimed, each run once.
    let mut runs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for claim in claims {
        let Some((case, _)) = cases.iter().find(|(c, _)| c.id == claim.case) else {
            continue;
        };
        let lang = case.language.as_deref().unwrap_or("en-US");
        let list = runs.entry((claim.style.as_str(), lang)).or_default();
        if !list.contains(&claim.case.as_str()) {
            list.push(claim.case.as_str());
        }
    }
    let mut failures = Vec::new();
    for ((style, lang), ids) in runs {
        let mut requests = Vec::new();
        let mut asked = Vec::new();
        for id in ids {
            let Some((case, refs)) = cases.iter().find(|(c, _)| c.id == id) else {
                continue;
            };
            match request(case, refs) {
                Ok(r) => {
                    requests.push(r);
                    asked.push(case);
                }
                Err(why) => failures.push(format!("{style} {id}: cannot ask citeproc-js: {why}")),
            }
        }
        let input = serde_json::json!({
            "citeproc": module,
            "style": style_xml(style),
            "locale": locale_xml(lang),
            "lang": lang,
            "requests": requests,
        });
        let answers = run(&script, &input);
        for (case, answer) in asked.iter().zip(answers) {
            for claim in claims
                .iter()
                .filter(|c| c.style == style && c.case == case.id)
            {
                let printed = printed(&answer, &claim.item);
                if printed.as_deref() != Some(claim.cited.as_str()) {
                    failures.push(format!(
                        "{style} {}/{}: cited `{}`, citeproc-js `{}`",
                        claim.case,
                        claim.item,
                        claim.cited,
                        printed.unwrap_or_else(|| "nothing".to_owned())
                    ));
                }
            }
        }
    }
    Some(failures)
}

/// What citeproc-js printed for `item` (`cite-N`, 1-based, or `entry-KEY`), as text.
fn printed(answer: &serde_json::Value, item: &str) -> Option<String> {
    if let Some(error) = answer.get("error") {
        return Some(format!("error: {error}"));
    }
    let html = if let Some(n) = item.strip_prefix("cite-") {
        let n: usize = n.parse().ok()?;
        answer.get("citations")?.get(n.checked_sub(1)?)?.as_str()?
    } else {
        let key = item.strip_prefix("entry-")?;
        answer.get("entries")?.get(key)?.as_str()?
    };
    Some(to_text(html))
}

/// Runs the batch script on `input`.
fn run(script: &Path, input: &serde_json::Value) -> Vec<serde_json::Value> {
    use std::io::Write as _;
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write to node");
    let out = child.wait_with_output().expect("node finishes");
    assert!(
        out.status.success(),
        "citeproc-js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("citeproc-js answers JSON")
}
