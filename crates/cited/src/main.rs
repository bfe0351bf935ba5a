//! `cited`: the command line. Parses arguments, runs the pipeline stages from the library crates,
//! prints diagnostics, and sets the exit code: 0 success, 1 content errors, 2 usage or I/O errors.

mod report;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cited_site::diagnostic::{Diagnostic, Severity};
use clap::{Parser, Subcommand};

use crate::report::Format;

#[derive(Parser)]
#[command(
    name = "cited",
    version,
    about = "A static-site generator for evidence-based health writing: every claim cited, and the build proves it"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct Common {
    /// The site's root folder (holding content/ and references/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Print only problems.
    #[arg(long, short)]
    quiet: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Judge review and access dates as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
}

#[derive(Subcommand)]
enum Command {
    /// Check and build the site into the output folder. Nothing is written if there is an error.
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Use this theme instead of the one in site.yaml.
        #[arg(long)]
        theme: Option<String>,
    },
    /// Load and check the site; write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// List every claim, its sources and the excerpts backing its figures, and every silenced sentence.
    Claims {
        #[command(flatten)]
        common: Common,
        /// markdown (a table for pull-request review) or json.
        #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
    },
    /// Explain a diagnostic code, e.g. `cited explain E0301`.
    Explain {
        /// The code.
        code: String,
    },
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|e| format!("{s:?} is not a date (YYYY-MM-DD): {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { common, out, theme } => build(&common, &out, theme.as_deref()),
        Command::Check { common, format } => check(&common, format),
        Command::Claims { common, format } => claims(&common, &format),
        Command::Explain { code } => explain(&code),
    }
}

fn today(common: &Common) -> jiff::civil::Date {
    common
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// Load and check: the site plus every diagnostic (load problems and rule results).
fn load_and_check(
    common: &Common,
) -> (
    cited_site::Site,
    Vec<Diagnostic>,
    cited_check::evidence::Evidence,
) {
    let loaded = cited_site::load(&common.root);
    let mut diagnostics = loaded.diagnostics;
    let site = loaded.site;
    let options = cited_check::CheckOptions::new(today(common));
    let (found, evidence) = cited_check::check_with_evidence(&site, &options);
    diagnostics.extend(found);
    // The style is resolved by the renderer's CSL engine; an unusable one is a content error.
    if let Err(d) = cited_render::cite::style(&site) {
        diagnostics.push(d);
    }
    cited_site::diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    (site, diagnostics, evidence)
}

fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    })
}

fn print_diagnostics(diagnostics: &[Diagnostic], site: &cited_site::Site, format: Format) {
    // A clean run prints nothing for humans, but machines still get a (empty) document.
    if diagnostics.is_empty() && format != Format::Json {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = report::render(diagnostics, &site.sources, format, color);
    match format {
        Format::Human => anstream::eprint!("{text}"),
        _ => print!("{text}"),
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn counts(site: &cited_site::Site) -> String {
    let citations: usize = site.documents().map(|d| d.citations.len()).sum();
    format!(
        "{} pages, {} checklists, {} references, {citations} citations",
        site.pages.len(),
        site.checklists.len(),
        site.references.len()
    )
}

fn check(common: &Common, format: Format) -> ExitCode {
    let start = Instant::now();
    let (site, diagnostics, _) = load_and_check(common);
    print_diagnostics(&diagnostics, &site, format);
    let failed = fails(&diagnostics, common.deny_warnings);
    if !common.quiet && format == Format::Human {
        eprintln!(
            "{} {}: {} in {} ms",
            if failed { "check failed:" } else { "checked" },
            counts(&site),
            summary(&diagnostics),
            start.elapsed().as_millis()
        );
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(common: &Common, out: &Path, theme_override: Option<&str>) -> ExitCode {
    let start = Instant::now();
    let (mut site, mut diagnostics, evidence) = load_and_check(common);
    let theme_name = theme_override
        .map(str::to_owned)
        .or_else(|| {
            site.config
                .as_ref()
                .and_then(|c| c.theme.as_ref().map(|t| t.value.clone()))
        })
        .unwrap_or_else(|| "default".to_owned());
    let at = site
        .config
        .as_ref()
        .and_then(|c| c.theme.as_ref().map(|t| t.span.clone()));
    let root = site.root.clone();
    let theme = match cited_render::theme::Theme::load(&mut site.sources, &root, &theme_name, at) {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let output = match (&theme, fails(&diagnostics, common.deny_warnings)) {
        (Some(theme), false) => {
            let mut extra = BTreeMap::new();
            extra.insert(
                cited_site::urls::EVIDENCE.to_owned(),
                serde_json::to_vec_pretty(&evidence).unwrap_or_default(),
            );
            match cited_render::render(&site, theme, &extra) {
                Ok(o) => Some(o),
                Err(mut d) => {
                    diagnostics.append(&mut d);
                    None
                }
            }
        }
        _ => None,
    };
    print_diagnostics(&diagnostics, &site, Format::Human);
    let Some(output) = output else {
        eprintln!(
            "build failed: {}; nothing was written",
            summary(&diagnostics)
        );
        return ExitCode::from(1);
    };
    let out_dir = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    if let Err(err) = cited_render::write::write(&out_dir, &output) {
        eprintln!("error: cannot write {}: {err}", out.display());
        return ExitCode::from(2);
    }
    if !common.quiet {
        let bytes: usize = output.values().map(Vec::len).sum();
        eprintln!(
            "built {} into {} ({} files, {} KiB){} in {} ms",
            counts(&site),
            out.display(),
            output.len(),
            bytes / 1024,
            if diagnostics.is_empty() {
                String::new()
            } else {
                format!(" with {}", summary(&diagnostics))
            },
            start.elapsed().as_millis()
        );
    }
    ExitCode::SUCCESS
}

fn claims(common: &Common, format: &str) -> ExitCode {
    let (site, diagnostics, evidence) = load_and_check(common);
    if format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&evidence).unwrap_or_default()
        );
    } else {
        print!("{}", cited_check::evidence::to_markdown(&evidence));
    }
    if fails(&diagnostics, common.deny_warnings) {
        print_diagnostics(&diagnostics, &site, Format::Human);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn explain(code: &str) -> ExitCode {
    match cited_check::rules::rule_for(code) {
        Some(rule) => {
            println!(
                "{} ({}): {}\n\n{}",
                rule.code,
                rule.default_severity.as_str(),
                rule.summary,
                rule.explanation
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: no rule has the code `{code}`; codes look like E0301");
            ExitCode::from(2)
        }
    }
}
