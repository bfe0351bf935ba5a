//! Differential conformance: cited's citations and bibliographies against `pandoc --citeproc`.
//!
//! For every style in [`STYLES`] and every case of `tests/conformance/cases.yaml` (plus the real
//! article), cited formats the case as a one-page site (load, check, the site's CSL pass, the
//! page's citation HTML and bibliography) and Pandoc formats the same markdown with the same
//! references and the same CSL XML. Both outputs are reduced to text the same way (tags removed,
//! entities decoded, whitespace folded; superscript kept as `^(…)`) and compared item by item:
//! each citation, each bibliography entry, and the order of the bibliography.
//!
//! The test writes `tests/conformance/REPORT.md` (per style: what is identical, every difference
//! with its explanation from `tests/conformance/annotations.yaml`, or marked as unexplained) and
//! fails when an item listed in `tests/conformance/baseline.txt` (items that matched when it
//! was last blessed) differs now. `CITED_CONFORMANCE_BLESS=1` rewrites the baseline from this run.
//!
//! Pandoc is the oracle pinned by `.ci/run` (PyPI `pypandoc-binary`, installed into
//! `.ci/pandoc`); `PANDOC=/path/to/pandoc` names another binary of the same version. Without it
//! the test skips with a message, unless `CI` is set: then it fails. Pandoc runs once per style,
//! over a batch of every case (`pandoc lua`, `conformance/pandoc.rs`).
//!
//! The annotations marked `citeproc_js: true` say cited prints citeproc-js's output where it
//! differs from Pandoc's; `conformance/citeproc_js.rs` checks each such item against
//! citeproc-js (npm `citeproc`, installed by `npm ci`), and the test fails on one that does not
//! hold, or, with `CI` set, when citeproc-js is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cited_site::Severity;

#[path = "conformance/annotations.rs"]
mod annotations;
#[path = "conformance/citeproc_js.rs"]
mod citeproc_js;
#[path = "conformance/dates.rs"]
mod dates;
#[path = "conformance/locators.rs"]
mod locators;
#[path = "conformance/pandoc.rs"]
mod pandoc;
#[path = "conformance/text.rs"]
mod text;

use pandoc::{find_pandoc, pandoc_batch};
use text::{balanced, to_text};

/// The pandoc version `.ci/run` installs (pypandoc-binary 1.17).
const PANDOC_VERSION: &str = "3.9";

/// (label in the report, hayagriva's bundled style name).
const STYLES: &[(&str, &str)] = &[
    ("AMA", "american-medical-association"),
    ("Vancouver (NLM)", "vancouver"),
    ("APA 7", "apa"),
    ("Harvard (Cite Them Right)", "harvard-cite-them-right"),
    ("Chicago author-date", "chicago-author-date"),
    ("Chicago notes", "chicago-notes"),
    ("IEEE", "ieee"),
    ("Nature", "nature"),
    ("BMJ", "bmj"),
    ("Lancet", "the-lancet"),
    ("PLOS", "plos"),
    ("MLA 9", "modern-language-association"),
];

#[derive(serde::Deserialize)]
struct Corpus {
    references: Vec<serde_json::Value>,
    cases: Vec<Case>,
}

#[derive(serde::Deserialize, Clone)]
struct Case {
    id: String,
    cites: Vec<String>,
    #[serde(default)]
    references: Option<Vec<serde_json::Value>>,
    /// A BibTeX/BibLaTeX library instead: cited reads it from `references/refs.bib`, Pandoc
    /// from `bibliography:`.
    #[serde(default)]
    bib: Option<String>,
    /// A CSL-JSON library as a tool writes it: cited reads it from `references/refs.json`,
    /// Pandoc from `bibliography:` (CSL-JSON's rich text, not markdown, on both sides).
    #[serde(default)]
    json: Option<String>,
    /// Front matter both sides read (`nocite`, `suppress-bibliography`), as Pandoc spells it.
    #[serde(default)]
    meta: serde_json::Map<String, serde_json::Value>,
    /// The locale both sides format in (`fr-FR`): the site's `language` and Pandoc's `lang`;
    /// `en-US` when not given.
    #[serde(default)]
    language: Option<String>,
}

/// One formatted document, reduced to text: its citations (one per paragraph) and its
/// bibliography as (key, text) in order.
#[derive(Debug, Default)]
struct Output {
    citations: Vec<String>,
    entries: Vec<(String, String)>,
}

/// Per style: (label, bundled name, per case: (case id, its items)).
type StyleResult<'s> = (&'s str, &'s str, Vec<(String, Vec<Item>)>);

/// One compared item of one case: `cite-N`, `entry-KEY` or `order`.
struct Item {
    name: String,
    cited: String,
    pandoc: String,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn citations_match_pandoc() {
    let Some(pandoc) = find_pandoc() else {
        return;
    };
    let root = repo_root();
    let dir = root.join("tests/conformance");
    let corpus_text = std::fs::read_to_string(dir.join("cases.yaml")).expect("cases.yaml");
    let corpus: Corpus = serde_saphyr::from_str(&corpus_text).expect("cases.yaml parses");
    let mut cases: Vec<(Case, Vec<serde_json::Value>)> = corpus
        .cases
        .iter()
        .map(|c| {
            let refs = match &c.references {
                Some(own) => own.clone(),
                None => cited_only(&corpus.references, &c.cites),
            };
            (c.clone(), refs)
        })
        .collect();
    cases.push(article_case(&root));

    let mut work = tempfile::tempdir().expect("temporary folder");
    // CITED_CONFORMANCE_KEEP=1 keeps the sites, styles and scripts of this run for a closer look.
    if std::env::var_os("CITED_CONFORMANCE_KEEP").is_some() {
        work.disable_cleanup(true);
        eprintln!("conformance work folder kept: {}", work.path().display());
    }

    let results: Vec<StyleResult> = std::thread::scope(|s| {
        let handles: Vec<_> = STYLES
            .iter()
            .map(|&(label, name)| {
                let cases = &cases;
                let pandoc = &pandoc;
                let work = work.path();
                s.spawn(move || (label, name, run_style(name, cases, pandoc, work)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("style thread"))
            .collect()
    });

    let baseline_path = dir.join("baseline.txt");
    let baseline: BTreeSet<String> = std::fs::read_to_string(&baseline_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let notes = annotations::load(&dir.join("annotations.yaml"));
    let mut matched = BTreeSet::new();
    let mut regressions = Vec::new();
    let mut claims = Vec::new();
    let mut report = String::new();
    let mut summary = String::new();
    let mut details = String::new();
    for (label, name, per_case) in &results {
        let mut cases_same = 0;
        let mut items_same = 0;
        let mut items_total = 0;
        let mut unexplained = 0;
        let mut diffs = String::new();
        for (case, items) in per_case {
            let mut all = true;
            for item in items {
                items_total += 1;
                let id = format!("{name}\t{case}/{}", item.name);
                if item.cited == item.pandoc {
                    items_same += 1;
                    matched.insert(id);
                } else {
                    all = false;
                    if baseline.contains(&id) {
                        regressions.push(format!("{label}: {case}/{}", item.name));
                    }
                    // A case cited now refuses whole was matched item by item before: each of
                    // those items regressed.
                    let case_prefix = format!("{name}\t{case}/");
                    if item.cited.starts_with("refused: ") {
                        regressions.extend(
                            baseline
                                .iter()
                                .filter(|b| b.starts_with(&case_prefix))
                                .map(|b| format!("{label}: {} (refused)", &b[name.len() + 1..])),
                        );
                    }
                    let note = annotations::explain(&notes, name, case, &item.name);
                    if note.is_some_and(|n| n.citeproc_js) {
                        claims.push(citeproc_js::Claim {
                            style: (*name).to_owned(),
                            case: case.clone(),
                            item: item.name.clone(),
                            cited: item.cited.clone(),
                        });
                    }
                    let why = note.map(|n| n.why.as_str());
                    if why.is_none() {
                        unexplained += 1;
                    }
                    let _ = writeln!(
                        diffs,
                        "- `{case}/{}`\n  - cited:  `{}`\n  - pandoc: `{}`\n  - why: {}",
                        item.name,
                        md_code(&item.cited),
                        md_code(&item.pandoc),
                        why.unwrap_or("**not explained**")
                    );
                }
            }
            if all {
                cases_same += 1;
            }
        }
        let n = per_case.len();
        let _ = writeln!(
            summary,
            "| {label} | `{name}` | {cases_same}/{n} ({:.1} %) | {items_same}/{items_total} ({:.1} %) | {unexplained} |",
            percent(cases_same, n),
            percent(items_same, items_total)
        );
        let _ = writeln!(
            details,
            "\n## {label} (`{name}`)\n\n{cases_same} of {n} cases identical; {} differ.\n",
            n - cases_same
        );
        details.push_str(if diffs.is_empty() {
            "No differences.\n"
        } else {
            &diffs
        });
    }
    let _ = writeln!(
        report,
        "# Conformance with Pandoc\n\n\
         cited against `pandoc --citeproc` (Pandoc {PANDOC_VERSION}), written by \
         `cargo test -p cited-render --test conformance` (see that file for how). Each case is one \
         document of `tests/conformance/cases.yaml`, or the real article; an item is one citation \
         (`cite-N`, the N-th paragraph's), one bibliography entry (`entry-KEY`) or the \
         bibliography's order (`order`). Text is compared after removing tags and folding \
         whitespace; superscript is shown as `^(…)`. Each difference carries its explanation from \
         `tests/conformance/annotations.yaml` (a Pandoc quirk, a feature being built, or a known \
         gap in cited), or **not explained**.\n\n\
         | style | bundled name | cases identical | items identical | items not explained |\n\
         |---|---|---|---|---|"
    );
    report.push_str(&summary);
    report.push_str(&details);
    let stale: Vec<&str> = notes
        .iter()
        .filter(|a| !a.used.get())
        .map(|a| a.pattern.as_str())
        .collect();
    if !stale.is_empty() {
        let _ = writeln!(
            report,
            "\n## Annotations that explain no difference\n\nThese entries of \
             `annotations.yaml` match nothing that differs now: remove them.\n"
        );
        for pattern in stale {
            let _ = writeln!(report, "- `{pattern}`");
        }
    }
    // The annotations that say cited prints what citeproc-js prints, checked.
    let wrong = citeproc_js::check(&root, &claims, &cases, &pandoc::style_xml, work.path());
    let _ = writeln!(
        report,
        "\n## Checked against citeproc-js\n\n{}",
        match &wrong {
            Some(wrong) => format!(
                "{} of the differences above are explained as citeproc-js's output \
                 (`citeproc_js: true`); citeproc-js 2 prints {} of them as cited does.",
                claims.len(),
                claims.len().saturating_sub(wrong.len())
            ),
            None => "Not checked: citeproc-js is not installed (`npm ci`).".to_owned(),
        }
    );
    std::fs::write(dir.join("REPORT.md"), &report).expect("write REPORT.md");

    if std::env::var_os("CITED_CONFORMANCE_BLESS").is_some() {
        let mut text = String::from(
            "# Items identical to Pandoc's output when last blessed (style<TAB>case/item).\n\
             # The conformance test fails when one of these differs. Rewrite with\n\
             # CITED_CONFORMANCE_BLESS=1 cargo test -p cited-render --test conformance\n",
        );
        for id in &matched {
            text.push_str(id);
            text.push('\n');
        }
        std::fs::write(&baseline_path, text).expect("write baseline.txt");
    }
    assert!(
        regressions.is_empty(),
        "items that matched Pandoc before now differ (see tests/conformance/REPORT.md):\n{}",
        regressions.join("\n")
    );
    match wrong {
        Some(wrong) => assert!(
            wrong.is_empty(),
            "annotations say cited prints what citeproc-js prints, and it does not:\n{}",
            wrong.join("\n")
        ),
        None => assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but citeproc-js is not installed (npm ci)"
        ),
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Text inside a markdown code span: backticks would end it.
fn md_code(text: &str) -> String {
    if text.is_empty() {
        "(nothing)".to_owned()
    } else {
        text.replace('`', "'")
    }
}

/// The references of `pool` that `cites` name.
fn cited_only(pool: &[serde_json::Value], cites: &[String]) -> Vec<serde_json::Value> {
    pool.iter()
        .filter(|r| {
            let Some(id) = r.get("id").and_then(|v| v.as_str()) else {
                return false;
            };
            cites.iter().any(|c| names_key(c, id))
        })
        .cloned()
        .collect()
}

fn names_key(cite: &str, id: &str) -> bool {
    let needle = format!("@{id}");
    cite.match_indices(&needle).any(|(at, _)| {
        !cite[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// The real article: its citations in order, and every reference of the site.
fn article_case(root: &Path) -> (Case, Vec<serde_json::Value>) {
    let text = std::fs::read_to_string(root.join("content/when-talk-therapy-doesnt-work.md"))
        .expect("the article");
    let doc = cited_site::Document::parse(cited_site::FileId(0), 0, &text);
    let cites = doc
        .citations
        .iter()
        .filter_map(|c| text.get(c.range.clone()).map(str::to_owned))
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("references"))
        .expect("references/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut refs = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a reference file");
        let value: serde_json::Value = serde_saphyr::from_str(&text).expect("reference YAML");
        if let Some(list) = value.get("references").and_then(|l| l.as_array()) {
            refs.extend(list.iter().cloned());
        }
    }
    let case = Case {
        id: "article".to_owned(),
        cites,
        references: None,
        bib: None,
        json: None,
        meta: serde_json::Map::new(),
        language: None,
    };
    (case, refs)
}

/// The markdown body of a case: one paragraph per citation.
fn body(case: &Case) -> String {
    case.cites
        .iter()
        .enumerate()
        .map(|(i, c)| format!("Claim {} {c}.\n\n", i + 1))
        .collect()
}

/// Every case in one style: (case id, compared items).
fn run_style(
    name: &str,
    cases: &[(Case, Vec<serde_json::Value>)],
    pandoc: &Path,
    work: &Path,
) -> Vec<(String, Vec<Item>)> {
    let pandoc = pandoc_batch(pandoc, name, cases, work);
    cases
        .iter()
        .zip(pandoc)
        .enumerate()
        .map(|(i, ((case, refs), theirs))| {
            let ours = run_cited(name, case, refs, &work.join(format!("{name}-{i}")));
            (case.id.clone(), compare(case, ours, theirs))
        })
        .collect()
}

fn compare(case: &Case, ours: Result<Output, String>, theirs: Result<Output, String>) -> Vec<Item> {
    let (ours, theirs) = match (ours, theirs) {
        (Ok(o), Ok(t)) => (o, t),
        (o, t) => {
            let say = |r: Result<Output, String>| match r {
                Ok(o) => format!(
                    "{} citations, {} entries",
                    o.citations.len(),
                    o.entries.len()
                ),
                Err(e) => format!("refused: {e}"),
            };
            return vec![Item {
                name: "document".to_owned(),
                cited: say(o),
                pandoc: say(t),
            }];
        }
    };
    let mut items = Vec::new();
    for i in 0..case.cites.len() {
        let get = |o: &Output| {
            o.citations
                .get(i)
                .cloned()
                .unwrap_or_else(|| "(no citation)".to_owned())
        };
        items.push(Item {
            name: format!("cite-{}", i + 1),
            cited: get(&ours),
            pandoc: get(&theirs),
        });
    }
    let ours_map: HashMap<&str, &str> = ours
        .entries
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    let theirs_map: HashMap<&str, &str> = theirs
        .entries
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    let keys: BTreeSet<&str> = ours_map.keys().chain(theirs_map.keys()).copied().collect();
    for key in keys {
        items.push(Item {
            name: format!("entry-{key}"),
            cited: ours_map
                .get(key)
                .copied()
                .unwrap_or("(no entry)")
                .to_owned(),
            pandoc: theirs_map
                .get(key)
                .copied()
                .unwrap_or("(no entry)")
                .to_owned(),
        });
    }
    let order = |o: &Output| {
        o.entries
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    items.push(Item {
        name: "order".to_owned(),
        cited: order(&ours),
        pandoc: order(&theirs),
    });
    items
}

/// cited on one case: a one-page site through load, check and the CSL pass.
fn run_cited(
    style: &str,
    case: &Case,
    refs: &[serde_json::Value],
    dir: &Path,
) -> Result<Output, String> {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "content/site.yaml",
        &format!(
            "title: \"Conformance\"\nbase_url: \"https://example.org/\"\ncitation_style: {style}\nlanguage: {}\n",
            case.language.as_deref().unwrap_or("en-US")
        ),
    );
    write(
        "content/case.md",
        &format!(
            "---\ntitle: \"Case\"\n{}---\n\n{}",
            case.meta
                .iter()
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect::<String>(),
            body(case)
        ),
    );
    match (&case.bib, &case.json) {
        (Some(bib), _) => write("references/refs.bib", bib),
        (None, Some(json)) => write("references/refs.json", json),
        (None, None) => write(
            "references/refs.yaml",
            &serde_json::json!({ "references": refs }).to_string(),
        ),
    }
    let loaded = cited_site::load(dir);
    let site = loaded.site;
    let today = jiff::civil::date(2026, 1, 1);
    let mut problems = loaded.diagnostics;
    problems.extend(cited_check::check(
        &site,
        &cited_check::CheckOptions::new(today),
    ));
    let refused: Vec<String> = problems
        .iter()
        .filter(|d| d.severity == Severity::Error && refuses_input(d.code.as_str()))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    if !refused.is_empty() {
        return Err(refused.join("; "));
    }
    let style = cited_render::citation_style(&site).map_err(|d| d.message)?;
    let citations = cited_render::format_citations(&site, &style).map_err(|ds| {
        ds.iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let page = site.pages.first().ok_or("no page")?;
    let unit = citations
        .of(&site, cited_render::Unit::Page(0))
        .map_err(|d| d.message)?;
    let doc = &page.body;
    let previews = HashMap::new();
    // Retraction and correction notices are cited's own addition, not the style's.
    let notices = HashMap::new();
    let mut out = Output::default();
    // The page's text as the renderer writes it (a note style's citations as notes), read as
    // Pandoc's is: the citations in the order written, each one's note for a note style.
    let links = cited_render::LinkRewriter {
        base_path: "/",
        md_targets: &|_, _| None,
        images: None,
        words: &cited_site::words::english().words,
    };
    // Per citation written (in the order written), its index in the document.
    let mut written: Vec<usize> = Vec::new();
    let html = cited_render::render_document(
        doc,
        &links,
        &mut |i| {
            let cited = citations.cited(&unit, doc, i, &format!("c{i}"), &previews, &notices);
            if !cited.html.is_empty() || cited.note.is_some() {
                written.push(i);
            }
            cited
        },
        &mut |_| String::new(),
    );
    let mut by_index: HashMap<usize, String> =
        written.into_iter().zip(written_citations(&html)).collect();
    let mut used = vec![false; case.cites.len()];
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for (i, c) in doc.citations.iter().enumerate() {
        let source = doc.text().get(c.range.clone()).unwrap_or_default();
        if let Some(p) = (0..case.cites.len()).find(|&p| !used[p] && case.cites[p] == source) {
            used[p] = true;
            found.insert(p, by_index.remove(&i).unwrap_or_default());
        }
    }
    for p in 0..case.cites.len() {
        out.citations.push(
            found
                .remove(&p)
                .unwrap_or_else(|| "(not a citation)".to_owned()),
        );
    }
    for e in &unit.entries {
        let html = match &e.first_field {
            Some(f) => format!("{} {}", f.html, e.body.html),
            None => e.body.html.clone(),
        };
        out.entries.push((e.key.clone(), to_text(&html)));
    }
    Ok(out)
}

/// Whether an error with this code means cited cannot read or format the input, as opposed to an
/// editorial rule of its own (a health source needs a DOI, PMID or URL: E0205; an access date
/// must not lie ahead: E0207) that Pandoc has no counterpart of.
fn refuses_input(code: &str) -> bool {
    (code.starts_with("E00") || code.starts_with("E01") || code.starts_with("E02"))
        && !matches!(code, "E0205" | "E0207")
}

/// cited's page text: its citations in the order written, as text; for a note style, each note
/// mark's note, without the link back (as [`parse_pandoc`] reads Pandoc's).
fn written_citations(html: &str) -> Vec<String> {
    if html.contains("role=\"doc-noteref\"") {
        return html
            .match_indices("<a href=\"#fn-")
            .filter_map(|(at, _)| {
                let mark = balanced(&html[at..], "a");
                mark.contains("footnote-ref")
                    .then(|| to_text(footnote_of(html, mark).unwrap_or(mark)))
            })
            .collect();
    }
    html.match_indices("<span class=\"citation\"")
        .map(|(at, _)| to_text(balanced(&html[at..], "span")))
        .collect()
}

/// Note styles: a citation is a footnote mark (`<a href="#fn3" class="footnote-ref">`); its text
/// is the footnote's, without the link back.
fn footnote_of<'h>(html: &'h str, span: &str) -> Option<&'h str> {
    let (_, after) = span.split_once("href=\"#fn")?;
    let number = after.split('"').next()?;
    let start = html.find(&format!("<li id=\"fn{number}\""))?;
    let note = balanced(&html[start..], "li");
    // Pandoc wraps lines inside tags too: find the back link by its class, then its `<a`.
    let back = note
        .find("class=\"footnote-back\"")
        .and_then(|at| note[..at].rfind("<a"));
    Some(back.map_or(note, |at| &note[..at]))
}

#[test]
fn bundled_styles_serialise_with_csl_term_names() {
    // Pandoc reads the XML citationberg writes: `<et-al term="et al"/>` named no term at all and
    // dropped "et al." from every entry (vendored citationberg fix).
    let xml = pandoc::style_xml("harvard-cite-them-right");
    assert!(xml.contains("<et-al term=\"et-al\""), "{xml}");
}
