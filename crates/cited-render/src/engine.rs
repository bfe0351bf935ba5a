//! One rendering contract over two template engines.
//!
//! A theme declares its engine in `theme.yaml` ([`EngineKind`]); [`Engine`] hides which one it is.
//! Both engines receive exactly the serialised [`Context`] (or, for `checklist_form.html`, the
//! serialised [`ChecklistFormContext`]), auto-escape `.html` templates, and treat an undefined
//! value as an error. Every engine error becomes an `E0701` diagnostic whose span points into the
//! template file (which [`Theme::load`] added to the site's sources), so the printer shows the
//! file, line, column and a caret.
//!
//! No custom filters are registered: everything a template shows is precomputed in
//! [`crate::context`]. The built-in filters both engines share (`safe`, `length`, `join`) are
//! enough for the bundled themes.

use cited_site::diagnostic::Code;
use cited_site::diagnostic::Diagnostic;
use cited_site::source::{FileId, Sources, Span};
use serde::Serialize;

use crate::context::{ChecklistContext, Context, SiteContext};
use crate::theme::{self, EngineKind, Theme};

/// What `checklist_form.html` receives: the site and one checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistFormContext<'a> {
    /// The site, as in [`Context::site`].
    pub site: &'a SiteContext,
    /// The checklist to lay out as a form.
    pub checklist: &'a ChecklistContext,
}

/// A theme's templates, compiled by the engine the theme declares.
pub struct Engine<'s> {
    inner: Inner<'s>,
    theme: &'s Theme,
    sources: &'s Sources,
}

enum Inner<'s> {
    MiniJinja(Box<minijinja::Environment<'s>>),
    Tera(Box<tera::Tera>),
}

impl<'s> Engine<'s> {
    /// Compiles every template of `theme` with its engine. A syntax error is an `E0701`
    /// diagnostic pointing into the template.
    pub fn new(theme: &'s Theme, sources: &'s Sources) -> Result<Engine<'s>, Diagnostic> {
        let inner = match theme.engine {
            EngineKind::Minijinja => Inner::MiniJinja(Box::new(theme.environment(sources)?)),
            EngineKind::Tera => {
                let mut tera = tera::Tera::new();
                // Tera 2 escapes `.html`, `.htm` and `.xml` by default; say so explicitly, since
                // every theme template is HTML and escaping is part of the contract.
                tera.autoescape_on([".html", ".htm", ".xml"]);
                tera.add_raw_templates(
                    theme
                        .templates
                        .iter()
                        .map(|(name, &id)| (name.as_str(), &*sources.get(id).text)),
                )
                .map_err(|e| tera_error(sources, theme, &e))?;
                Inner::Tera(Box::new(tera))
            }
        };
        Ok(Engine {
            inner,
            theme,
            sources,
        })
    }

    /// Which engine this is.
    pub fn kind(&self) -> EngineKind {
        match self.inner {
            Inner::MiniJinja(_) => EngineKind::Minijinja,
            Inner::Tera(_) => EngineKind::Tera,
        }
    }

    /// Renders page template `template` (`article.html`) with `ctx`.
    pub fn render(&self, template: &str, ctx: &Context<'_>) -> Result<String, Diagnostic> {
        self.render_serialize(template, ctx)
    }

    /// Renders `checklist_form.html` for one checklist.
    pub fn render_checklist_form(
        &self,
        site: &SiteContext,
        checklist: &ChecklistContext,
    ) -> Result<String, Diagnostic> {
        self.render_serialize(
            "checklist_form.html",
            &ChecklistFormContext { site, checklist },
        )
    }

    /// Renders `template` with any serialisable value as its context. Themes get [`Context`] or
    /// [`ChecklistFormContext`] only; this is for tools and measurements that replay a captured
    /// context (for example as a `serde_json::Value`).
    pub fn render_serialize<T: Serialize>(
        &self,
        template: &str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        match &self.inner {
            Inner::MiniJinja(env) => {
                let err = |e: minijinja::Error| theme::template_error(self.sources, self.theme, &e);
                env.get_template(template)
                    .map_err(err)?
                    .render(minijinja::value::Serde(value))
                    .map_err(err)
            }
            Inner::Tera(tera) => {
                let err = |e: tera::Error| tera_error(self.sources, self.theme, &e);
                let ctx = tera::Context::from_serialize(value).map_err(err)?;
                tera.render(template, &ctx).map_err(err)
            }
        }
    }
}

/// A Tera error as an `E0701` diagnostic pointing into the template file.
///
/// Syntax and rendering errors carry the template name and a span (1-based line, 0-based column,
/// byte range). Errors Tera reports only as text (unknown filters found when templates are added)
/// name the place as `--> name:line:column`, which is read back.
pub fn tera_error(sources: &Sources, theme: &Theme, err: &tera::Error) -> Diagnostic {
    let hint = "themes/README.md lists every value a template receives";
    if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
        err.kind()
        && let Some(&id) = theme.templates.get(report.filename())
    {
        let span = report.span();
        let file = sources.get(id);
        let valid = |r: &std::ops::Range<usize>| {
            r.start <= r.end
                && r.end <= file.text.len()
                && file.text.is_char_boundary(r.start)
                && file.text.is_char_boundary(r.end)
        };
        let range = if valid(&span.range) {
            span.range.clone()
        } else {
            let start = file.offset_of(span.start_line, span.start_col + 1);
            start..start
        };
        return Diagnostic::new(
            Code::E0701,
            Span::new(id, range),
            format!("template error: {}", report.message()),
        )
        .with_hint(hint);
    }
    let text = err.to_string();
    if let Some((name, line, column)) = locus(&text)
        && let Some(&id) = theme.templates.get(name)
    {
        let start = sources.get(id).offset_of(line, column);
        let message = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ");
        return Diagnostic::new(
            Code::E0701,
            Span::new(id, start..start),
            format!("template error: {message}"),
        )
        .with_hint(hint);
    }
    let id = match err.kind() {
        tera::ErrorKind::MissingParent { current, .. } => theme.templates.get(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => theme.templates.get(tpl),
        _ => None,
    }
    .or_else(|| theme.templates.values().next())
    .copied()
    .unwrap_or(FileId(0));
    Diagnostic::new(
        Code::E0701,
        Span::new(id, 0..0),
        format!("template error: {text}"),
    )
    .with_hint(hint)
}

/// `name`, line and 1-based column from the first `--> name:line:column` in a Tera report.
fn locus(text: &str) -> Option<(&str, usize, usize)> {
    let rest = &text[text.find("--> ")? + 4..];
    let place = rest.lines().next()?.trim();
    let (before, column) = place.rsplit_once(':')?;
    let (name, line) = before.rsplit_once(':')?;
    Some((name, line.parse().ok()?, column.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_tera_locus() {
        let text = "error: Unknown filter `nope`\n --> article.html:3:11\n  |";
        assert_eq!(locus(text), Some(("article.html", 3, 11)));
        assert_eq!(locus("no place"), None);
    }
}
