//! One rendering contract over two template engines.
//!
//! A theme declares its engine in `theme.yaml` ([`EngineKind`]); [`Engine`] hides which one it is.
//! Both engines receive exactly [`Context`] (or, for `checklist_form.html`, the serialised
//! [`ChecklistFormContext`]): Tera serialised, MiniJinja lent (the same values, made as a
//! template reads them, [`crate::context::lent`]). Both auto-escape `.html` templates and treat
//! an undefined value as an error. Every engine error becomes an `E0701` diagnostic whose span
//! points into the template file (which [`Theme::load`] added to the site's sources), so the
//! printer shows the file, line, column and a caret.
//!
//! No custom filters are registered: everything a template shows is precomputed in
//! [`crate::context`]. The built-in filters both engines share (`safe`, `length`, `join`) are
//! enough for the bundled themes.

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cited_site::Code;
use cited_site::Diagnostic;
use cited_site::{FileId, Sources, Span};
use serde::Serialize;

use crate::context::{
    CONTRACT_VERSION, ChecklistContext, Context, EntryContext, LentSite, PageContext, SiteContext,
    lend,
};
use crate::theme::{self, EngineKind, Theme};

/// What `checklist_form.html` receives: the site and one checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistFormContext<'a> {
    /// The site, as in [`Context::site`].
    pub site: &'a SiteContext,
    /// The checklist to lay out as a form.
    pub checklist: &'a ChecklistContext,
}

/// The most bytes one template render may produce. The biggest real page (5,000 citations with
/// their previews) is a few megabytes; a theme that writes more is a runaway loop.
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// The bytes one page's render may make, in either engine: the text it writes and the strings,
/// lists and maps its expressions make. It bounds a render's memory: a template that doubles a
/// string in a loop or by recursion stops here, where it used to take all the memory there was.
/// The largest pages measured make far less: the references page of 20,000 entries, 20 MB of
/// HTML (minijinja, the default theme) and 32 MB (Tera, the handout theme).
pub const TEMPLATE_BYTES_MADE: usize = 768 * 1024 * 1024;

/// The bytes one fuel of minijinja's pays for (its `UNITS_PER_FUEL`: a byte made costs one unit).
pub const MINIJINJA_BYTES_PER_FUEL: u64 = 64;

/// What one minijinja render may spend, in minijinja's fuel: one an instruction, and one for every
/// [`MINIJINJA_BYTES_PER_FUEL`] bytes of the strings, lists and output it makes. Minijinja has one
/// budget for both, so it is set from [`TEMPLATE_BYTES_MADE`]: about 12.6 million (it was 50 million,
/// which let a page make 3 GiB). Pages take about one fuel for every 7 bytes they write (the
/// bundled theme's references page of 20,000 entries: 3 million for 20 MB), so a page can still
/// reach [`MAX_PAGE_BYTES`].
pub const MINIJINJA_FUEL: u64 = TEMPLATE_BYTES_MADE as u64 / MINIJINJA_BYTES_PER_FUEL;

/// The numbers Tera's `range` may produce in one render, over all its calls. Tera has no fuel;
/// every way to loop a fixed number of times goes through `range`, and its own limit (100,000 per
/// call) does not stop two nested loops.
pub const TERA_RANGE_BUDGET: u64 = 1_000_000;

/// How long one Tera render may run, checked whenever it calls `range` or writes output.
pub const TERA_DEADLINE: Duration = Duration::from_secs(10);

thread_local! {
    /// What the current Tera render on this thread may still spend: `range` numbers, and until when.
    static TERA_BUDGET: Cell<(u64, Option<Instant>)> = const { Cell::new((0, None)) };
}

/// Why a render was stopped by a bound, for the diagnostic.
fn bound_message(which: &str) -> String {
    format!(
        "template error: the template {which}; cited stops runaway templates so a build always ends"
    )
}

/// A writer that refuses to take more than [`MAX_PAGE_BYTES`] (and, for Tera, to go on past the
/// deadline), over a buffer or the file a sink writes.
struct Bounded<W> {
    out: W,
    written: usize,
    over: bool,
    deadline: Option<Instant>,
    /// What `out` itself failed with: the sink's error, not the template's.
    failed: Option<std::io::Error>,
}

impl<W: std::io::Write> Bounded<W> {
    fn new(out: W) -> Self {
        Bounded {
            out,
            written: 0,
            over: false,
            deadline: None,
            failed: None,
        }
    }
}

impl<W: std::io::Write> std::io::Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written + buf.len() > MAX_PAGE_BYTES {
            self.over = true;
            return Err(std::io::Error::other("page too large"));
        }
        if self.deadline.is_some_and(|d| Instant::now() > d) {
            return Err(std::io::Error::other("out of time"));
        }
        if let Err(error) = self.out.write_all(buf) {
            let kind = error.kind();
            self.failed = Some(error);
            return Err(kind.into());
        }
        self.written += buf.len();
        Ok(buf.len())
    }

    /// `write` takes all of `buf` or fails, so the default loop around it has nothing to do.
    /// Templates write in small pieces (about 1,300 a dense page): the loop was 1 % of a build.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.write(buf).map(|_| ())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Why a streamed render ([`Engine::render_to`]) stopped.
#[derive(Debug)]
pub enum StreamError {
    /// The template failed (or ran into a bound).
    Template(Diagnostic),
    /// The writer failed.
    Write(std::io::Error),
}

/// Tera's `range`, spending from the render's budget. Same arguments and limits as Tera's own.
fn tera_range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    let len = if step > 0 {
        (end.saturating_sub(start).max(0) as u128).div_ceil(step as u128)
    } else {
        (start.saturating_sub(end).max(0) as u128).div_ceil(step.unsigned_abs())
    };
    let (left, deadline) = TERA_BUDGET.with(Cell::get);
    if deadline.is_some_and(|d| Instant::now() > d) {
        return Err(tera::Error::message(format!(
            "the render ran longer than {} s",
            TERA_DEADLINE.as_secs()
        )));
    }
    if len > u128::from(left) {
        return Err(tera::Error::message(format!(
            "`range` would go past {TERA_RANGE_BUDGET} numbers in one page (loops nested too deep or too long)"
        )));
    }
    let len = len as u64;
    TERA_BUDGET.with(|b| b.set((left - len, deadline)));
    Ok((0..len as i128).map(|i| start + i * step).collect())
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
            EngineKind::Minijinja => {
                let mut env = theme.environment(sources)?;
                // A runaway template (loops nested too deep, endless recursion) stops with a
                // diagnostic.
                env.set_fuel(Some(MINIJINJA_FUEL));
                Inner::MiniJinja(Box::new(env))
            }
            EngineKind::Tera => {
                let mut tera = tera::Tera::new();
                // Tera 2 escapes `.html`, `.htm` and `.xml` by default; say so explicitly, since
                // every theme template is HTML and escaping is part of the contract.
                tera.autoescape_on([".html", ".htm", ".xml"]);
                tera.register_function("range", tera_range);
                tera.set_render_bytes_limit(Some(TEMPLATE_BYTES_MADE));
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

    /// Renders page template `template` (`article.html`) for `page` of `site`: MiniJinja with
    /// the context lent ([`lend`]), Tera with it serialised. The page's bytes as the template
    /// wrote them, which go to a file as they are: UTF-8, since both engines write nothing but
    /// text (checking it again was a hundredth of a dense build).
    pub fn render(
        &self,
        template: &str,
        site: &LentSite<'_>,
        page: &Arc<PageContext>,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Bounded::new(Vec::with_capacity(expected_len(page).min(MAX_PAGE_BYTES)));
        self.render_page_into(template, site, page, &mut out)?;
        Ok(out.out)
    }

    /// [`Engine::render`] into `out` as the template writes, for a page too large to hold
    /// whole (the references page: its back links grow with the references).
    pub fn render_to(
        &self,
        template: &str,
        site: &LentSite<'_>,
        page: &Arc<PageContext>,
        out: &mut dyn std::io::Write,
    ) -> Result<(), StreamError> {
        let mut out = Bounded::new(out);
        let rendered = self.render_page_into(template, site, page, &mut out);
        match out.failed {
            Some(error) => Err(StreamError::Write(error)),
            None => rendered.map_err(StreamError::Template),
        }
    }

    fn render_page_into<W: std::io::Write>(
        &self,
        template: &str,
        site: &LentSite<'_>,
        page: &Arc<PageContext>,
        out: &mut Bounded<W>,
    ) -> Result<(), Diagnostic> {
        match self.inner {
            Inner::MiniJinja(_) => self.render_into(template, &lend(site, page), out),
            Inner::Tera(_) => {
                let ctx = Context {
                    contract: CONTRACT_VERSION,
                    site: site.context(),
                    page,
                };
                self.render_into(template, &ctx, out)
            }
        }
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
        let mut out = Bounded::new(Vec::new());
        self.render_into(template, value, &mut out)?;
        self.text_of(template, out.out)
    }

    /// What `template` wrote, as text. Both engines write only what templates produce from UTF-8
    /// text, so this fails only if one of them does otherwise.
    fn text_of(&self, template: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
        String::from_utf8(bytes).map_err(|e| {
            self.at_template(
                template,
                format!("template error: `{template}` produced text that is not UTF-8 ({e})"),
            )
        })
    }

    /// A diagnostic at the start of `template`.
    fn at_template(&self, template: &str, message: String) -> Diagnostic {
        let id = self
            .theme
            .templates
            .get(template)
            .copied()
            .unwrap_or(FileId(0));
        Diagnostic::new(Code::E0701, Span::new(id, 0..0), message)
            .with_hint("themes/README.md says what a template may write")
    }

    /// Renders `template` with `value` into `out`. When `out`'s own writer fails, the error
    /// returned is the engine's report of it: the caller reads `out.failed`.
    fn render_into<T: Serialize, W: std::io::Write>(
        &self,
        template: &str,
        value: &T,
        out: &mut Bounded<W>,
    ) -> Result<(), Diagnostic> {
        let at_template = |message: String| self.at_template(template, message);
        let too_large = || {
            at_template(bound_message(&format!(
                "`{template}` wrote more than {} MiB for one page",
                MAX_PAGE_BYTES / (1024 * 1024)
            )))
            .with_hint("look for a loop that repeats too often, or a value repeated many times")
        };
        match &self.inner {
            Inner::MiniJinja(env) => {
                let err = |e: minijinja::Error| {
                    let mut d = theme::template_error(self.sources, self.theme, &e);
                    if ran_out_of_fuel(&e) {
                        d.message = bound_message(&format!(
                            "ran more than {MINIJINJA_FUEL} instructions for one page (every {MINIJINJA_BYTES_PER_FUEL} bytes it makes count as one)"
                        ));
                        d.hint = Some(
                            "look for loops nested too deep or too long, endless recursion, or a value that doubles each time round"
                                .to_owned(),
                        );
                    }
                    d
                };
                let rendered = env
                    .get_template(template)
                    .map_err(err)?
                    .render_captured_to(minijinja::value::Serde(value), &mut *out)
                    .map(drop);
                if out.over {
                    return Err(too_large());
                }
                rendered.map_err(err)?;
            }
            Inner::Tera(tera) => {
                let err = |e: tera::Error| tera_error(self.sources, self.theme, &e);
                let ctx = tera::Context::from_serialize(value).map_err(err)?;
                let deadline = Instant::now() + TERA_DEADLINE;
                out.deadline = Some(deadline);
                TERA_BUDGET.with(|b| b.set((TERA_RANGE_BUDGET, Some(deadline))));
                let rendered = tera.render_to(template, &ctx, &mut *out);
                if out.over {
                    return Err(too_large());
                }
                if Instant::now() > deadline {
                    return Err(at_template(bound_message(&format!(
                        "`{template}` ran longer than {} s for one page",
                        TERA_DEADLINE.as_secs()
                    )))
                    .with_hint("look for loops nested too deep or too long"));
                }
                rendered.map_err(|e| {
                    let mut d = err(e);
                    // A render that reached `TEMPLATE_BYTES_MADE`, said as the other bounds are.
                    if d.message.contains(tera::RENDER_BYTES_LIMIT_REACHED) {
                        d.message = bound_message(&format!(
                            "made more than {} MiB for one page (text written and values made)",
                            TEMPLATE_BYTES_MADE / (1024 * 1024)
                        ));
                        d.hint = Some(
                            "look for a value that doubles each time round, or loops nested too deep or too long"
                                .to_owned(),
                        );
                    }
                    d
                })?;
            }
        }
        Ok(())
    }
}

/// Whether `error` is minijinja's running out of fuel, also where an `include` wraps it ("could
/// not render include", with the error of the included template as its source).
fn ran_out_of_fuel(error: &minijinja::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if error
            .downcast_ref::<minijinja::Error>()
            .is_some_and(|e| e.kind() == minijinja::ErrorKind::OutOfFuel)
        {
            return true;
        }
        cause = error.source();
    }
    false
}

/// About how long a page's HTML will be: the parts cited made, and the theme's markup around
/// them. The buffer a page is written into starts at this size: grown from nothing, it was copied
/// a dozen times for a page of a dense site (a percent of the build).
pub(crate) fn expected_len(page: &PageContext) -> usize {
    /// The theme's own markup: head, navigation, footer.
    const CHROME: usize = 8 * 1024;
    /// An entry's markup besides its text and back links: its item, identifier links.
    const ENTRY: usize = 512;
    /// A back link's markup besides its address and its page's title.
    const BACKLINK: usize = 128;
    let backlinks = |e: &EntryContext| -> usize {
        e.backlinks
            .iter()
            .map(|b| b.url.len() + b.page_title.len() + BACKLINK)
            .sum()
    };
    let entries: usize = page
        .bibliography
        .iter()
        .map(|e| e.html.len() + ENTRY + backlinks(e))
        .sum();
    CHROME + page.body_html.len() + page.json_ld.len() + entries
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

    /// E0001's explanation names the page's bound as [`MAX_PAGE_BYTES`] sets it.
    #[test]
    fn e0001_explains_the_page_bound_as_it_is() {
        let mib = MAX_PAGE_BYTES / (1024 * 1024);
        let explanation = cited_site::Code::E0001.explanation();
        assert!(
            explanation.contains(&format!("HTML of more than {mib} MiB")),
            "{explanation}"
        );
    }
}
