//! `theme.yaml`: what a theme declares, and the errors when it is wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use cited_render::{EngineKind, REQUIRED_TEMPLATES, Theme};
use cited_site::Diagnostic;
use cited_site::Sources;

/// A site with theme `t` whose theme.yaml is `manifest` and whose templates are `templates`.
fn site_with(manifest: &str, templates: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("themes/t");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("theme.yaml"), manifest).unwrap();
    for t in templates {
        std::fs::write(dir.join("templates").join(t), "<p>{{ page.title }}</p>").unwrap();
    }
    tmp
}

fn load(root: &Path, name: &str) -> (Result<Theme, Diagnostic>, Sources) {
    let mut sources = Sources::new();
    let theme = Theme::load(&mut sources, root, name, None);
    (theme, sources)
}

fn all_templates() -> String {
    REQUIRED_TEMPLATES.join(", ")
}

#[test]
fn the_built_in_default_theme_declares_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let (theme, sources) = load(tmp.path(), "default");
    let theme = theme.unwrap();
    assert_eq!(theme.engine, EngineKind::Minijinja);
    assert_eq!(sources.path(theme.manifest), "themes/default/theme.yaml");
    for t in REQUIRED_TEMPLATES {
        assert!(theme.templates.contains_key(*t), "{t}");
    }
    assert!(theme.assets.contains_key("style.css"));
}

#[test]
fn a_tera_theme_loads() {
    let tmp = site_with(
        &format!("name: t\nengine: tera\ntemplates: [{}]\n", all_templates()),
        REQUIRED_TEMPLATES,
    );
    let (theme, _) = load(tmp.path(), "t");
    assert_eq!(theme.unwrap().engine, EngineKind::Tera);
}

#[test]
fn an_unknown_field_gets_a_hint() {
    let tmp = site_with(
        &format!(
            "name: t\nengine: tera\ntemplate: []\ntemplates: [{}]\n",
            all_templates()
        ),
        REQUIRED_TEMPLATES,
    );
    let (theme, _) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("templates"),
        "{d:?}"
    );
}

#[test]
fn an_unknown_engine_is_an_error() {
    let tmp = site_with(
        &format!(
            "name: t\nengine: handlebars\ntemplates: [{}]\n",
            all_templates()
        ),
        REQUIRED_TEMPLATES,
    );
    let (theme, sources) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    let span = d.span.clone().expect("a span");
    assert_eq!(sources.path(span.file), "themes/t/theme.yaml");
    assert!(
        d.message.contains("handlebars") || d.message.contains("variant"),
        "{d:?}"
    );
}

#[test]
fn a_missing_required_template_is_e0702() {
    let tmp = site_with(
        "name: t\nengine: minijinja\ntemplates: [article.html]\n",
        &["article.html"],
    );
    let (theme, _) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    assert_eq!(d.code, "E0702");
    assert!(d.message.contains("`not_found.html`"), "{}", d.message);
}

#[test]
fn a_listed_file_that_does_not_exist_is_e0702() {
    let tmp = site_with(
        &format!("name: t\nengine: tera\ntemplates: [{}]\n", all_templates()),
        &REQUIRED_TEMPLATES[1..],
    );
    let (theme, _) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    assert_eq!(d.code, "E0702");
    assert!(
        d.message.contains("themes/t/templates/article.html"),
        "{}",
        d.message
    );
}

#[test]
fn a_listed_path_outside_the_theme_is_e0702() {
    let tmp = site_with(
        &format!(
            "name: t\nengine: tera\ntemplates: [{}, ../../secret.html]\n",
            all_templates()
        ),
        REQUIRED_TEMPLATES,
    );
    let (theme, _) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    assert_eq!(d.code, "E0702");
    assert!(d.message.contains("plain file name"), "{}", d.message);
}

#[test]
fn the_name_must_match_the_folder() {
    let tmp = site_with(
        &format!(
            "name: other\nengine: tera\ntemplates: [{}]\n",
            all_templates()
        ),
        REQUIRED_TEMPLATES,
    );
    let (theme, _) = load(tmp.path(), "t");
    assert_eq!(theme.err().expect("an error").code, "E0702");
}

#[test]
fn a_folder_without_theme_yaml_is_e0702() {
    let tmp = site_with("", &[]);
    std::fs::remove_file(tmp.path().join("themes/t/theme.yaml")).unwrap();
    let (theme, _) = load(tmp.path(), "t");
    let d = theme.err().expect("an error");
    assert_eq!(d.code, "E0702");
    assert!(d.message.contains("theme.yaml"), "{}", d.message);
}
