//! Themes: templates and static assets, from `themes/<name>/`, with the site's own `templates/`
//! and `static/` overriding single files. The default theme is also built into the binary, so a
//! site needs no `themes/` folder.
//!
//! Every theme declares itself in `theme.yaml` ([`ThemeManifest`]): its name, its template
//! engine ([`EngineKind`]), the template files it provides and its static assets. Loading checks
//! that the engine is known, that every required template ([`REQUIRED_TEMPLATES`]) is provided,
//! and that every listed file exists. `themes/README.md` is the contract for theme authors.

use cited_site::Code;
use std::collections::BTreeMap;
use std::path::Path;

use cited_site::Diagnostic;
use cited_site::Located;
use cited_site::{FileId, SourceFile, Sources, Span};
use minijinja::{Environment, UndefinedBehavior};
use serde::Deserialize;

/// The default theme's files, built in.
const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "theme.yaml",
        include_str!("../../../themes/default/theme.yaml"),
    ),
    (
        "templates/base.html",
        include_str!("../../../themes/default/templates/base.html"),
    ),
    (
        "templates/article.html",
        include_str!("../../../themes/default/templates/article.html"),
    ),
    (
        "templates/checklist.html",
        include_str!("../../../themes/default/templates/checklist.html"),
    ),
    (
        "templates/checklist_form.html",
        include_str!("../../../themes/default/templates/checklist_form.html"),
    ),
    (
        "templates/references.html",
        include_str!("../../../themes/default/templates/references.html"),
    ),
    (
        "templates/home.html",
        include_str!("../../../themes/default/templates/home.html"),
    ),
    (
        "templates/about.html",
        include_str!("../../../themes/default/templates/about.html"),
    ),
    (
        "templates/not_found.html",
        include_str!("../../../themes/default/templates/not_found.html"),
    ),
    (
        "templates/bibliography.html",
        include_str!("../../../themes/default/templates/bibliography.html"),
    ),
    (
        "templates/review.html",
        include_str!("../../../themes/default/templates/review.html"),
    ),
    (
        "static/style.css",
        include_str!("../../../themes/default/static/style.css"),
    ),
    (
        "static/checklist.js",
        include_str!("../../../themes/default/static/checklist.js"),
    ),
    (
        "static/cite.js",
        include_str!("../../../themes/default/static/cite.js"),
    ),
    (
        "static/favicon.svg",
        include_str!("../../../themes/default/static/favicon.svg"),
    ),
];

/// The templates every theme must provide: one per page kind, plus the checklist form.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "article.html",
    "checklist.html",
    "checklist_form.html",
    "references.html",
    "home.html",
    "about.html",
    "not_found.html",
];

/// The template engine a theme is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// MiniJinja (Jinja2 syntax), strict about undefined values.
    Minijinja,
    /// Tera 2 (undefined values are errors; components instead of macros).
    Tera,
}

impl EngineKind {
    /// The name written in `theme.yaml`.
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::Minijinja => "minijinja",
            EngineKind::Tera => "tera",
        }
    }
}

/// `themes/<name>/theme.yaml`: what a theme declares about itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeManifest {
    /// The theme's name; must match its folder name.
    pub name: Located<String>,
    /// The engine its templates are written for.
    pub engine: Located<EngineKind>,
    /// Every template file it provides (in `templates/`), partials included.
    pub templates: Located<Vec<Located<String>>>,
    /// Every static file it provides (in `static/`).
    #[serde(default)]
    pub assets: Vec<Located<String>>,
}

/// A loaded theme.
pub struct Theme {
    /// Theme name.
    pub name: String,
    /// The engine its templates are written for.
    pub engine: EngineKind,
    /// The theme's `theme.yaml`.
    pub manifest: FileId,
    /// Template name (`article.html`) → file.
    pub templates: BTreeMap<String, FileId>,
    /// Static asset name (`style.css`) → file.
    pub assets: BTreeMap<String, FileId>,
}

/// Where a theme's files come from: a folder on disk or the built-in default.
enum Origin<'a> {
    /// The theme's folder, and the site root no file may lead out of.
    Disk(&'a Path, &'a Path),
    BuiltIn,
}

impl Origin<'_> {
    /// The text of `rel` (`templates/article.html`): `Ok(None)` when there is no such file.
    fn read(&self, rel: &str) -> Result<Option<String>, String> {
        match self {
            Origin::Disk(dir, root) => {
                let path = dir.join(rel);
                // Anything there but a folder is read, so a named pipe is refused, not skipped.
                if !path.exists() || path.is_dir() {
                    return Ok(None);
                }
                cited_site::read_text_within(root, &path)
                    .map(Some)
                    .map_err(|e| e.to_string())
            }
            Origin::BuiltIn => Ok(DEFAULT_THEME
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(_, t)| (*t).to_owned())),
        }
    }
}

impl Theme {
    /// Loads theme `name` for the site at `root`, adding its files (its `theme.yaml` first) to
    /// `sources`. `at` is where the theme was chosen (site.yaml's `theme`), for errors.
    pub fn load(
        sources: &mut Sources,
        root: &Path,
        name: &str,
        at: Option<Span>,
    ) -> Result<Theme, Diagnostic> {
        let dir = root.join(cited_site::layout::THEMES_FOLDER).join(name);
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let origin = if valid_name && dir.is_dir() {
            Origin::Disk(&dir, root)
        } else if name == "default" {
            Origin::BuiltIn
        } else {
            let span = at.unwrap_or_else(|| site_span(sources, root));
            return Err(
                Diagnostic::new(Code::E0702, span, format!("there is no theme `{name}`"))
                    .with_hint("themes live in `themes/<name>/`; the built-in theme is `default`"),
            );
        };
        let mut theme = assemble(sources, root, name, &origin, at)?;
        // The site's own templates/ and static/ override (or add) single files of the theme.
        for (sub, folder) in [
            ("templates", cited_site::layout::TEMPLATES_FOLDER),
            ("static", cited_site::layout::STATIC_FOLDER),
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
                continue;
            };
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                // Not only regular files: reading refuses the others with a diagnostic.
                .filter(|p| !p.is_dir())
                .collect();
            paths.sort();
            for path in paths {
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let shown = cited_site::relative_path(root, &path);
                let text = cited_site::read_text_within(root, &path).map_err(|e| {
                    let id = sources.add(SourceFile::new(shown.clone(), &path, ""));
                    let d = Diagnostic::new(
                        Code::E0702,
                        Span::new(id, 0..0),
                        format!("override file {e}"),
                    );
                    if sub == "static" {
                        d.with_hint(format!(
                            "`static/` holds the theme's text files (CSS, scripts); a picture for a page goes beside the page or in `{}/`, and is shown with `![what it shows](name.png)`",
                            cited_site::layout::IMAGES_FOLDER
                        ))
                    } else {
                        d
                    }
                })?;
                let id = sources.add(SourceFile::new(shown, &path, &text));
                theme.insert(sub, file_name, id);
            }
        }
        Ok(theme)
    }

    fn insert(&mut self, sub: &str, name: String, id: FileId) {
        if sub == "templates" {
            self.templates.insert(name, id);
        } else {
            self.assets.insert(name, id);
        }
    }

    /// A minijinja environment over the theme's templates, strict about undefined values.
    pub fn environment<'s>(&'s self, sources: &'s Sources) -> Result<Environment<'s>, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_debug(true);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        // One escaping function for the whole site: minijinja's own also escapes `/`, which
        // turns every URL into `https:&#x2f;&#x2f;…`; valid, but noise in every page.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == minijinja::AutoEscape::Html
                && !value.is_safe()
                && let Some(text) = value.as_str()
            {
                cited_csl::escape_to(out, text).map_err(minijinja::Error::from)
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        for (name, &id) in &self.templates {
            env.add_template(name, &sources.get(id).text)
                .map_err(|e| template_error(sources, self, &e))?;
        }
        Ok(env)
    }
}

/// A span for theme errors with no better place: site.yaml (added empty if the site has none).
/// The hint for a theme file that could not be read.
const THEME_FILE_HINT: &str = "check that the theme's files can be read (their permissions), and are UTF-8 text of at most 10 MiB";

fn site_span(sources: &mut Sources, root: &Path) -> Span {
    let id = sources.find("content/site.yaml").unwrap_or_else(|| {
        sources.add(SourceFile::new(
            "content/site.yaml",
            root.join("content/site.yaml"),
            "",
        ))
    });
    Span::new(id, 0..0)
}

/// Whether a name listed in theme.yaml is a plain file name (no folders, no `..`, not hidden).
fn plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control)
}

/// Reads and checks theme.yaml, then every file it lists.
fn assemble(
    sources: &mut Sources,
    root: &Path,
    name: &str,
    origin: &Origin<'_>,
    at: Option<Span>,
) -> Result<Theme, Diagnostic> {
    let shown = |rel: &str| format!("{}/{name}/{rel}", cited_site::layout::THEMES_FOLDER);
    let disk = |rel: &str| root.join("themes").join(name).join(rel);
    let manifest_text = match origin.read("theme.yaml") {
        Ok(Some(text)) => text,
        Ok(None) => {
            let span = at.unwrap_or_else(|| site_span(sources, root));
            return Err(Diagnostic::new(
                Code::E0702,
                span,
                format!("theme `{name}` has no `theme.yaml`"),
            )
            .with_hint(
                "a theme declares `name`, `engine`, `templates` and `assets` in `themes/<name>/theme.yaml`; see themes/README.md",
            ));
        }
        Err(e) => {
            let id = sources.add(SourceFile::new(shown("theme.yaml"), disk("theme.yaml"), ""));
            return Err(Diagnostic::new(
                Code::E0702,
                Span::new(id, 0..0),
                format!("theme file {e}"),
            )
            .with_hint(THEME_FILE_HINT));
        }
    };
    let manifest_id = sources.add(SourceFile::new(
        shown("theme.yaml"),
        disk("theme.yaml"),
        &manifest_text,
    ));
    let manifest: ThemeManifest = cited_site::parse_yaml(manifest_id, 0, &manifest_text)?;
    if manifest.name.value != name {
        return Err(Diagnostic::new(
            Code::E0702,
            manifest.name.span.clone(),
            format!(
                "theme.yaml says its name is `{}` but it is in `themes/{name}/`",
                manifest.name.value
            ),
        )
        .with_hint("the name must match the theme's folder name"));
    }
    let listed: Vec<&str> = manifest
        .templates
        .value
        .iter()
        .map(|t| t.value.as_str())
        .collect();
    let missing: Vec<&str> = REQUIRED_TEMPLATES
        .iter()
        .copied()
        .filter(|t| !listed.contains(t))
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::new(
            Code::E0702,
            manifest.templates.span.clone(),
            format!(
                "theme `{name}` does not provide {}",
                missing
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_hint(format!(
            "every theme provides {}",
            REQUIRED_TEMPLATES.join(", ")
        )));
    }
    let mut theme = Theme {
        name: name.to_owned(),
        engine: manifest.engine.value,
        manifest: manifest_id,
        templates: BTreeMap::new(),
        assets: BTreeMap::new(),
    };
    let files = manifest
        .templates
        .value
        .iter()
        .map(|t| ("templates", t))
        .chain(manifest.assets.iter().map(|a| ("static", a)));
    for (sub, file) in files {
        if !plain_file_name(&file.value) {
            return Err(Diagnostic::new(
                Code::E0702,
                file.span.clone(),
                format!("`{}` is not a plain file name", file.value),
            )
            .with_hint(format!(
                "list files by name only; they live in `themes/{name}/{sub}/`"
            )));
        }
        let rel = format!("{sub}/{}", file.value);
        let text = match origin.read(&rel) {
            Ok(Some(text)) => text,
            Ok(None) => {
                return Err(Diagnostic::new(
                    Code::E0702,
                    file.span.clone(),
                    format!(
                        "theme `{name}` lists `{}` but there is no `{}`",
                        file.value,
                        shown(&rel)
                    ),
                )
                .with_hint(format!(
                    "add `{}`, or take `{}` out of `theme.yaml`",
                    shown(&rel),
                    file.value
                )));
            }
            Err(e) => {
                return Err(Diagnostic::new(
                    Code::E0702,
                    file.span.clone(),
                    format!("theme file `{}` {e}", shown(&rel)),
                )
                .with_hint(THEME_FILE_HINT));
            }
        };
        let id = sources.add(SourceFile::new(shown(&rel), disk(&rel), &text));
        theme.insert(sub, file.value.clone(), id);
    }
    Ok(theme)
}

/// A minijinja error as a diagnostic pointing into the template file.
pub fn template_error(sources: &Sources, theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    // A mistake in an included template (or in a block the template extends) comes wrapped in
    // the error of the `include` ("could not render include"): the innermost error of one of
    // the theme's templates says where the mistake is, the outer one where it was included.
    let mut innermost = err;
    let mut cause = std::error::Error::source(err);
    while let Some(error) = cause {
        if let Some(inner) = error.downcast_ref::<minijinja::Error>()
            && inner
                .name()
                .is_some_and(|n| theme.templates.contains_key(n))
        {
            innermost = inner;
        }
        cause = error.source();
    }
    let diagnostic = located_template_error(sources, theme, innermost);
    if std::ptr::eq(innermost, err) {
        return diagnostic;
    }
    match error_span(sources, theme, err) {
        Some(span) => diagnostic.with_secondary(span, "included here"),
        None => diagnostic,
    }
}

/// Where `err` is, when it names one of the theme's templates.
fn error_span(sources: &Sources, theme: &Theme, err: &minijinja::Error) -> Option<Span> {
    let id = err.name().and_then(|n| theme.templates.get(n)).copied()?;
    let range = err.range().unwrap_or_else(|| {
        let f = sources.get(id);
        let start = f.offset_of(err.line().unwrap_or(1), 1);
        start..start
    });
    Some(Span::new(id, range))
}

/// [`template_error`] for the error `err` itself.
fn located_template_error(sources: &Sources, theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    let detail = err.detail().map_or_else(
        || err.kind().to_string(),
        |d| format!("{}: {d}", err.kind()),
    );
    match error_span(sources, theme, err) {
        Some(span) => Diagnostic::new(Code::E0701, span, format!("template error: {detail}"))
            .with_hint("themes/README.md lists every value a template receives"),
        None => {
            let any = theme
                .templates
                .values()
                .next()
                .copied()
                .unwrap_or(FileId(0));
            Diagnostic::new(
                Code::E0701,
                Span::new(any, 0..0),
                format!("template error: {err:#}"),
            )
            .with_hint("themes/README.md lists every value a template receives")
        }
    }
}
