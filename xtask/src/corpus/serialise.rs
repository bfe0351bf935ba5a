//! The corpus written out: the cited source format, and the same pages for Hugo and Zola.

use super::*;

impl Reference {
    /// Pandoc CSL-YAML: a `references:` list holding this one item.
    pub fn to_yaml(&self) -> String {
        let mut y = String::new();
        // `write!` into a String cannot fail.
        let _ = writeln!(
            y,
            "references:\n  - id: {}\n    type: {}",
            self.id, self.csl_type
        );
        let _ = writeln!(y, "    title: {}", quoted(&self.title));
        y.push_str("    author:\n");
        for a in &self.authors {
            match a {
                Author::Person { family, given } => {
                    let _ = writeln!(
                        y,
                        "      - family: {}\n        given: {}",
                        quoted(family),
                        quoted(given)
                    );
                }
                Author::Literal(name) => {
                    let _ = writeln!(y, "      - literal: {}", quoted(name));
                }
            }
        }
        let (yy, mm, dd) = self.issued;
        let _ = writeln!(y, "    issued:\n      date-parts: [[{yy}, {mm}, {dd}]]");
        let fields = [
            ("container-title", &self.container),
            ("volume", &self.volume),
            ("issue", &self.issue),
            ("page", &self.page),
            ("publisher", &self.publisher),
            ("DOI", &self.doi),
            ("PMID", &self.pmid),
            ("URL", &self.url),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                let _ = writeln!(y, "    {name}: {}", quoted(v));
            }
        }
        if self.url.is_some() {
            y.push_str("    accessed:\n      date-parts: [[2026, 11, 1]]\n");
        }
        y.push_str("    findings:\n");
        for f in &self.findings {
            let _ = writeln!(y, "      - text: {}", quoted(&f.text));
            if let Some(l) = &f.locator {
                let _ = writeln!(y, "        locator: {}", quoted(l));
            }
        }
        y
    }
}

impl Page {
    fn people_yaml(y: &mut String, key: &str, people: &[Person]) {
        let _ = writeln!(y, "{key}:");
        for p in people {
            let _ = writeln!(
                y,
                "  - name: {}\n    credentials: {}",
                quoted(&p.name),
                quoted(p.credentials)
            );
        }
    }

    pub fn to_markdown(&self, flavor: Flavor) -> String {
        let mut s = String::with_capacity(self.body.len() + 512);
        match flavor {
            Flavor::Cited => {
                let _ = writeln!(
                    s,
                    "---\ntitle: {}\ndescription: {}",
                    quoted(&self.title),
                    quoted(&self.description)
                );
                Self::people_yaml(&mut s, "authors", &self.authors);
                Self::people_yaml(&mut s, "reviewed_by", &self.reviewers);
                let _ = writeln!(
                    s,
                    "published: {PUBLISHED}\nlast_reviewed: {PUBLISHED}\nnext_review: {NEXT_REVIEW}\n---"
                );
            }
            Flavor::Hugo => {
                let _ = writeln!(
                    s,
                    "---\ntitle: {}\ndescription: {}\n---",
                    quoted(&self.title),
                    quoted(&self.description)
                );
            }
            Flavor::Zola => {
                let _ = writeln!(
                    s,
                    "+++\ntitle = {}\ndescription = {}\n+++",
                    quoted(&self.title),
                    quoted(&self.description)
                );
            }
        }
        s.push('\n');
        s.push_str(&self.body);
        s
    }
}

impl Checklist {
    pub fn to_yaml(&self) -> String {
        let mut y = String::new();
        let _ = writeln!(
            y,
            "id: {}\ntitle: {}\nintro: {}\nitems:",
            self.id,
            quoted(&self.title),
            quoted(&self.intro)
        );
        for i in &self.items {
            let _ = writeln!(
                y,
                "  - id: {}\n    label: {}\n    detail: {}",
                i.id,
                quoted(&i.label),
                quoted(&i.detail)
            );
        }
        y.push_str("guidance:\n");
        for (when, text) in &self.guidance {
            let _ = writeln!(y, "  - when: {}\n    text: {}", quoted(when), quoted(text));
        }
        y
    }
}

const SITE_TITLE: &str = "Benchmark corpus";
const BASE_URL: &str = "https://example.org/";

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>General information only; not a substitute for care from a health professional.</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>
{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"#;

const ZOLA_BASE: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ get_url(path="/") }}">{{ config.title }}</a></header>
<main>
{% block main %}{% endblock main %}
</main>
<footer><p>General information only; not a substitute for care from a health professional.</p></footer>
</body>
</html>
"#;

const ZOLA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>
{% endblock main %}
"#;

const ZOLA_SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock main %}
"#;

const ZOLA_INDEX: &str = r#"{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
{% set pages = get_section(path="pages/_index.md") %}
<ul>
{% for p in pages.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock main %}
"#;

/// Every file of one layout, as (path relative to the layout's folder, contents), in a fixed order.
pub fn files(corpus: &Corpus, flavor: Flavor) -> Vec<(String, String)> {
    let mut files = Vec::with_capacity(corpus.pages.len() + corpus.refs.len() + 16);
    let pages_dir = "content/pages";
    match flavor {
        Flavor::Cited => {
            files.push((
                "content/site.yaml".to_owned(),
                format!(
                    "title: {}\nbase_url: {}\nlanguage: en\ndescription: {}\ncitation_style: american-medical-association\n",
                    quoted(SITE_TITLE),
                    quoted(BASE_URL),
                    quoted("A synthetic site for benchmarking cited, written by cargo xtask corpus.")
                ),
            ));
            for c in &corpus.checklists {
                files.push((format!("content/checklists/{}.yaml", c.id), c.to_yaml()));
            }
            for r in &corpus.refs {
                files.push((format!("references/{}.yaml", r.id), r.to_yaml()));
            }
        }
        Flavor::Hugo => {
            files.push((
                "hugo.toml".to_owned(),
                format!(
                    "baseURL = {}\ntitle = {}\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n",
                    quoted(BASE_URL),
                    quoted(SITE_TITLE)
                ),
            ));
            files.push((
                "content/_index.md".to_owned(),
                format!("---\ntitle: {}\n---\n", quoted(SITE_TITLE)),
            ));
            files.push((
                format!("{pages_dir}/_index.md"),
                "---\ntitle: \"Pages\"\n---\n".to_owned(),
            ));
            files.push((
                "layouts/_default/baseof.html".to_owned(),
                HUGO_BASEOF.to_owned(),
            ));
            files.push((
                "layouts/_default/single.html".to_owned(),
                HUGO_SINGLE.to_owned(),
            ));
            files.push((
                "layouts/_default/list.html".to_owned(),
                HUGO_LIST.to_owned(),
            ));
            files.push(("layouts/index.html".to_owned(), HUGO_INDEX.to_owned()));
        }
        Flavor::Zola => {
            files.push((
                "config.toml".to_owned(),
                format!(
                    "base_url = {}\ntitle = {}\ndefault_language = \"en\"\n",
                    quoted(BASE_URL),
                    quoted(SITE_TITLE)
                ),
            ));
            files.push((
                "content/_index.md".to_owned(),
                format!("+++\ntitle = {}\n+++\n", quoted(SITE_TITLE)),
            ));
            files.push((
                format!("{pages_dir}/_index.md"),
                "+++\ntitle = \"Pages\"\n+++\n".to_owned(),
            ));
            files.push(("templates/base.html".to_owned(), ZOLA_BASE.to_owned()));
            files.push(("templates/index.html".to_owned(), ZOLA_INDEX.to_owned()));
            files.push(("templates/section.html".to_owned(), ZOLA_SECTION.to_owned()));
            files.push(("templates/page.html".to_owned(), ZOLA_PAGE.to_owned()));
        }
    }
    for p in &corpus.pages {
        files.push((
            format!("{pages_dir}/{}.md", p.file_stem),
            p.to_markdown(flavor),
        ));
    }
    files
}

/// Writes the chosen layouts under `out`, replacing any earlier corpus there (never a folder that
/// `corpus` did not write).
pub fn write(corpus: &Corpus, out: &Path, flavors: &[Flavor]) -> io::Result<()> {
    fs::create_dir_all(out)?;
    let marker = out.join(MARKER);
    for &flavor in flavors {
        let dir = out.join(flavor.dir_name());
        if dir.exists() {
            if !marker.exists() {
                return Err(io::Error::other(format!(
                    "refusing to replace {}: {} does not hold the marker file {MARKER} that `xtask corpus` writes",
                    dir.display(),
                    out.display()
                )));
            }
            fs::remove_dir_all(&dir)?;
        }
    }
    fs::write(
        &marker,
        "Written by `cargo xtask corpus`; the layouts beside this file are replaced on the next run.\n",
    )?;
    for &flavor in flavors {
        let dir = out.join(flavor.dir_name());
        for (path, contents) in files(corpus, flavor) {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, contents)?;
        }
    }
    Ok(())
}
