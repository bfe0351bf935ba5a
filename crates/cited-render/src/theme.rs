//! Themes: templates and static assets, from `themes/<name>/`, with the site's own `templates/`
//! overriding single files. The default theme is also built into the binary, so a site needs no
//! `themes/` folder.

use std::collections::BTreeMap;
use std::path::Path;

use cited_site::diagnostic::Diagnostic;
use cited_site::source::{FileId, SourceFile, Sources, Span};
use minijinja::{Environment, UndefinedBehavior};

/// The default theme's files, built in.
const DEFAULT_THEME: &[(&str, &str)] = &[
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
        "static/style.css",
        include_str!("../../../themes/default/static/style.css"),
    ),
    (
        "static/checklist.js",
        include_str!("../../../themes/default/static/checklist.js"),
    ),
];

/// A loaded theme.
pub struct Theme {
    /// Theme name.
    pub name: String,
    /// Template name (`article.html`) → file.
    pub templates: BTreeMap<String, FileId>,
    /// Static asset name (`style.css`) → file.
    pub assets: BTreeMap<String, FileId>,
}

impl Theme {
    /// Loads theme `name` for the site at `root`, adding its files to `sources`.
    pub fn load(
        sources: &mut Sources,
        root: &Path,
        name: &str,
        at: Option<Span>,
    ) -> Result<Theme, Diagnostic> {
        let mut theme = Theme {
            name: name.to_owned(),
            templates: BTreeMap::new(),
            assets: BTreeMap::new(),
        };
        let dir = root.join("themes").join(name);
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid_name && dir.is_dir() {
            for sub in ["templates", "static"] {
                let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                    continue;
                };
                let mut paths: Vec<_> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file())
                    .collect();
                paths.sort();
                for path in paths {
                    let file_name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let text = cited_site::read_text(&path).map_err(|e| {
                        let id = sources.add(SourceFile::new(
                            cited_site::source::relative_path(root, &path),
                            &path,
                            "",
                        ));
                        Diagnostic::error("E0702", Span::new(id, 0..0), format!("theme file {e}"))
                    })?;
                    let id = sources.add(SourceFile::new(
                        cited_site::source::relative_path(root, &path),
                        &path,
                        &text,
                    ));
                    theme.insert(sub, file_name, id);
                }
            }
        } else if name == "default" {
            for (path, text) in DEFAULT_THEME {
                let (sub, file_name) = path.split_once('/').unwrap_or(("static", path));
                let id = sources.add(SourceFile::new(
                    format!("themes/default/{path}"),
                    root.join("themes/default").join(path),
                    text,
                ));
                theme.insert(sub, file_name.to_owned(), id);
            }
        } else {
            let id = sources.add(SourceFile::new(
                "content/site.yaml",
                root.join("content/site.yaml"),
                "",
            ));
            let span = at.unwrap_or(Span::new(id, 0..0));
            return Err(
                Diagnostic::error("E0702", span, format!("there is no theme `{name}`"))
                    .with_hint("themes live in `themes/<name>/`; the built-in theme is `default`"),
            );
        }
        // The site's own templates/ and static/ override single files of the theme.
        for (sub, folder) in [("templates", "templates"), ("static", "static")] {
            let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
                continue;
            };
            let mut paths: Vec<_> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            paths.sort();
            for path in paths {
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Ok(text) = cited_site::read_text(&path) {
                    let id = sources.add(SourceFile::new(
                        cited_site::source::relative_path(root, &path),
                        &path,
                        &text,
                    ));
                    theme.insert(sub, file_name, id);
                }
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
        for (name, &id) in &self.templates {
            env.add_template(name, &sources.get(id).text)
                .map_err(|e| template_error(sources, self, &e))?;
        }
        Ok(env)
    }
}

/// A minijinja error as a diagnostic pointing into the template file.
pub fn template_error(sources: &Sources, theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    let file = err.name().and_then(|n| theme.templates.get(n)).copied();
    let detail = err.detail().map_or_else(
        || err.kind().to_string(),
        |d| format!("{}: {d}", err.kind()),
    );
    match file {
        Some(id) => {
            let range = err.range().unwrap_or_else(|| {
                let f = sources.get(id);
                let start = f.offset_of(err.line().unwrap_or(1), 1);
                start..start
            });
            Diagnostic::error(
                "E0701",
                Span::new(id, range),
                format!("template error: {detail}"),
            )
            .with_hint("themes/README.md lists every value a template receives")
        }
        None => {
            let any = theme
                .templates
                .values()
                .next()
                .copied()
                .unwrap_or(FileId(0));
            Diagnostic::error(
                "E0701",
                Span::new(any, 0..0),
                format!("template error: {err:#}"),
            )
        }
    }
}
