//! `cited`: the command line. Parses arguments, runs the pipeline stages from the library crates,
//! prints diagnostics, and sets the exit code: 0 success, 1 content errors, 2 usage or I/O errors.

// Standard output goes through `stdout::write`, which ends quietly at a closed pipe.
#![deny(clippy::print_stdout)]

mod external;
mod new;
mod report;
mod serve;
mod stdout;
mod verify;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use cited_site::{Diagnostic, Severity};
use clap::{Parser, Subcommand};

use crate::report::Format;
use crate::stdout::{out, outln};

// See the workspace Cargo.toml for why: allocation was a quarter of a large build's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Print how long each stage took, to standard error.
    #[arg(long)]
    timings: bool,
    /// Use this theme instead of the one in site.yaml.
    #[arg(long)]
    theme: Option<String>,
    /// Show at most this many problems (errors first), then a count of the rest by code; 0 shows
    /// all. JSON output always lists all.
    #[arg(long, default_value_t = report::DEFAULT_MAX_SHOWN, value_name = "N")]
    max_diagnostics: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Check and build the site into the output folder. Nothing is written if there is an error.
    Build {
        #[command(flatten)]
        common: Common,
        /// Output folder (default: `public` in the site's root folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build into a non-empty output folder cited did not write, overwriting files of the
        /// same name (cited still never removes a file it did not write).
        #[arg(long)]
        force: bool,
    },
    /// Load and check the site; write nothing.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Also fetch every external URL and DOI (network; cached for a week in .cited-cache/).
        #[arg(long)]
        external: bool,
        /// The User-Agent sent by `--external`.
        #[arg(long, requires = "external")]
        user_agent: Option<String>,
        /// Print each page's readability (Flesch reading ease and grade level).
        #[arg(long)]
        readability: bool,
    },
    /// Look every reference with a DOI, PMID or PMCID up in Crossref and PubMed, compare it, find
    /// retractions and corrections, and write references.lock (network).
    Verify {
        #[command(flatten)]
        common: Common,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Contact address for the registries (default: CITED_CONTACT, else the publisher's
        /// mailto: contact in site.yaml).
        #[arg(long)]
        contact: Option<String>,
    },
    /// Add a reference from its DOI, PMID or PMCID: writes `references/<key>.yaml` (network).
    Add {
        /// A DOI (10.xxxx/...), a PMID (digits) or a PMCID (PMC and digits).
        id: String,
        /// The site's root folder (holding content/ and references/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Contact address for the registries (as for `verify`).
        #[arg(long)]
        contact: Option<String>,
    },
    /// List every claim, its sources and the excerpts backing its figures, and every silenced sentence.
    Claims {
        #[command(flatten)]
        common: Common,
        /// markdown (a table for pull-request review) or json.
        #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
        format: String,
    },
    /// Preview the site on 127.0.0.1: rebuild on every change and reload the open pages.
    Serve {
        /// The site's root folder (holding content/ and references/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on: loopback only (127.0.0.1 or ::1).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes every 500 ms instead of using file-system events.
        #[arg(long)]
        poll: bool,
        /// Print how long each stage of each build took, to standard error.
        #[arg(long)]
        timings: bool,
    },
    /// Create a new site in DIR (which must be missing or empty) that builds and checks clean.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Explain a diagnostic code, e.g. `cited explain E0301`; without one, list every rule.
    Explain {
        /// The code.
        code: Option<String>,
    },
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|e| format!("{s:?} is not a date (YYYY-MM-DD): {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A root that is not a folder is a mistake in the command, not a site missing its files.
    let root = match &cli.command {
        Command::Build { common, .. }
        | Command::Check { common, .. }
        | Command::Claims { common, .. }
        | Command::Verify { common, .. } => Some(&common.root),
        Command::Add { root, .. } | Command::Serve { root, .. } => Some(root),
        Command::Explain { .. } | Command::New { .. } => None,
    };
    if let Some(root) = root
        && !root.is_dir()
    {
        eprintln!(
            "error: `{}` is not a folder: give the site's folder, the one holding content/ and references/",
            root.display()
        );
        return ExitCode::from(2);
    }
    // A folder with no `content/` is not a site (a mistyped `--root`, or the wrong folder): the
    // command cannot run, and no file of it is to blame.
    if let Some(root) = root
        && !root.join("content").is_dir()
    {
        let hint = match site_folder_near(root) {
            Some(site) => format!("the site is `{}`: give that with --root", site.display()),
            None => "give the site's folder with --root, or make a site there with `cited new`"
                .to_owned(),
        };
        eprintln!(
            "error: `{}` is not a cited site: it has no content/ folder\nhelp: {hint}",
            root.display()
        );
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build { common, out, force } => {
            let out = out.unwrap_or_else(|| common.root.join(cited_site::layout::OUTPUT_FOLDER));
            build(&common, &out, force)
        }
        Command::Check {
            common,
            format,
            external,
            user_agent,
            readability,
        } => check(&common, format, external.then_some(user_agent), readability),
        Command::Claims { common, format } => claims(&common, &format),
        Command::Verify {
            common,
            format,
            contact,
        } => {
            let today = today(&common);
            verify::verify(&common, format, contact, today)
        }
        Command::Add { id, root, contact } => verify::add(&root, &id, contact),
        Command::Explain { code: Some(code) } => explain(&code),
        Command::Explain { code: None } => list_rules(),
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            timings,
        } => serve::run(serve::Args {
            root,
            bind,
            port,
            open,
            poll,
            timings,
            today: jiff::ZonedDateTime::now().date(),
        }),
        Command::New { dir } => new::run(&dir, jiff::ZonedDateTime::now().date()),
    }
}

fn today(common: &Common) -> jiff::civil::Date {
    common
        .today
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// How the driver runs for these arguments: the same for check, claims and build.
fn build_options(common: &Common) -> cited_driver::BuildOptions {
    let mut options = cited_driver::BuildOptions::new(today(common));
    options.deny_warnings = common.deny_warnings;
    options.theme = common.theme.clone();
    options
}

/// With `--timings`: one line per stage, then the total, to standard error.
fn print_timings(common: &Common, timings: &cited_site::Timings) {
    if common.timings {
        write_timings(timings);
    }
}

/// One line per stage, then the total, to standard error.
fn write_timings(timings: &cited_site::Timings) {
    let total: std::time::Duration = timings.stages().iter().map(|(_, d)| *d).sum();
    for (stage, took) in timings.stages() {
        eprintln!("{:>9.1} ms  {stage}", took.as_secs_f64() * 1000.0);
    }
    eprintln!("{:>9.1} ms  total", total.as_secs_f64() * 1000.0);
}

fn print_diagnostics(
    diagnostics: &[Diagnostic],
    site: &cited_site::Site,
    format: Format,
    max_shown: usize,
) {
    // A clean run prints nothing for humans, but machines still get a (empty) document.
    if diagnostics.is_empty() && format != Format::Json {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = report::render(diagnostics, &site.sources, format, color, max_shown);
    match format {
        Format::Human => anstream::eprint!("{text}"),
        _ => out!("{text}"),
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
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// `1 error`, `2 errors`.
fn plural(n: usize, what: &str) -> String {
    cited_site::count(n, what, &format!("{what}s"))
}

fn counts(site: &cited_site::Site) -> String {
    let citations: usize = site.documents().map(|d| d.citations.len()).sum();
    [
        plural(site.pages.len(), "page"),
        plural(site.checklists.len(), "checklist"),
        plural(site.references.len(), "reference"),
        plural(citations, "citation"),
    ]
    .join(", ")
}

fn check(
    common: &Common,
    format: Format,
    external: Option<Option<String>>,
    readability: bool,
) -> ExitCode {
    let start = Instant::now();
    let mut options = build_options(common);
    // Readability is counted over the prose blocks, which a build otherwise drops once checked.
    options.keep_prose = readability;
    let cited_driver::Outcome {
        mut site,
        mut diagnostics,
        timings,
        ..
    } = cited_driver::check(&common.root, &options);
    print_timings(common, &timings);
    if let Some(user_agent) = external {
        let mut options = external::ExternalOptions::for_root(&common.root);
        if let Some(ua) = user_agent {
            options.user_agent = ua;
        }
        let (found, summary) = external::check(&site, &options);
        if !common.quiet {
            eprintln!(
                "checked {} on {} ({} sent, the rest cached)",
                plural(summary.urls, "external URL"),
                plural(summary.hosts, "host"),
                plural(summary.sent, "request"),
            );
        }
        diagnostics.extend(found);
        cited_site::sort_diagnostics(&mut diagnostics);
        site.sources.restore_for(&diagnostics);
    }
    if readability {
        for r in cited_check::readability(&site) {
            let line = format!(
                "{}: reading ease {:.1}, grade {:.1} ({} sentences, {} words)",
                r.file, r.reading_ease, r.grade, r.sentences, r.words
            );
            // With a machine format, standard output is that format's document alone.
            if format == Format::Human {
                outln!("{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
    print_diagnostics(&diagnostics, &site, format, common.max_diagnostics);
    let failed = cited_driver::fails(&diagnostics, common.deny_warnings);
    if !common.quiet
        && format == Format::Human
        && let Some(line) = cited_check::unverified_line(&site)
    {
        eprintln!("{line}");
    }
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

/// The site a `--root` that is none was probably meant to be: the folder above, when `root` is
/// a site's `content/` folder (`--root site/content`), or the one folder inside `root` that is a
/// site (`--root .` above a `site/`).
fn site_folder_near(root: &Path) -> Option<PathBuf> {
    let is_site = |folder: &Path| folder.join("content").join("site.yaml").is_file();
    if root.join("site.yaml").is_file() {
        let above = root.join("..");
        if is_site(&above) {
            // `site/content` → `site`, `content` → `.`, `.` → `..`.
            if root == Path::new(".") {
                return Some(PathBuf::from(".."));
            }
            if root.file_name().is_none() {
                return Some(above);
            }
            let shown = root.parent().filter(|p| !p.as_os_str().is_empty());
            return Some(shown.map_or_else(|| PathBuf::from("."), Path::to_path_buf));
        }
    }
    let mut inside = std::fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir() && is_site(path));
    let one = inside.next()?;
    inside.next().is_none().then_some(one)
}
fn build(common: &Common, out: &Path, force: bool) -> ExitCode {
    let start = Instant::now();
    // The output folder is checked (and locked) before anything is loaded or written.
    let folder = match cited_render::OutputFolder::claim(out, &common.root, force, &mut |locked| {
        eprintln!(
            "waiting for another build in {} to finish: builds into one folder, or into folders side by side, take turns",
            locked.display()
        );
    }) {
        Ok(folder) => folder,
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", out.display());
            return ExitCode::from(2);
        }
    };
    // Files are written into a staging folder beside the output as they are rendered; they
    // move into the output only when the whole site is in it.
    let staging = folder.staging();
    let outcome = cited_driver::build(&common.root, &build_options(common), &staging);
    let base_path = outcome.base_path();
    let cited_driver::Outcome {
        site,
        diagnostics,
        rendered,
        write_error,
        mut timings,
        ..
    } = outcome;
    print_diagnostics(&diagnostics, &site, Format::Human, common.max_diagnostics);
    if let Some((path, err)) = write_error {
        eprintln!(
            "error: cannot write {path} in {}: {}",
            out.display(),
            cited_site::io_in_words(&err)
        );
        return ExitCode::from(2);
    }
    if !rendered {
        eprintln!(
            "build failed: {}; nothing was written",
            summary(&diagnostics)
        );
        return ExitCode::from(1);
    }
    let (files, bytes) = staging.written();
    let unchanged = staging.unchanged().len();
    if let Err(err) = timings.time("write", || folder.commit(staging)) {
        eprintln!("error: cannot write {}: {err}", out.display());
        return ExitCode::from(2);
    }
    print_timings(common, &timings);
    if !common.quiet
        && let Some(line) = cited_check::unverified_line(&site)
    {
        eprintln!("{line}");
    }
    if !common.quiet {
        eprintln!(
            "built {} into {} ({} files, {} KiB{}){} in {} ms",
            counts(&site),
            out.display(),
            files,
            bytes / 1024,
            match unchanged {
                0 => String::new(),
                n if n as u64 == files => "; all unchanged".to_owned(),
                n => format!("; {} changed", files - n as u64),
            },
            if diagnostics.is_empty() {
                String::new()
            } else {
                format!(" with {}", summary(&diagnostics))
            },
            start.elapsed().as_millis()
        );
        if base_path != "/" {
            eprintln!("{}", robots_note(&base_path));
        }
    }
    // The process ends here: the system takes the site's memory back at once, where freeing its
    // millions of pieces one by one took a tenth of a large build's time, on one thread.
    std::mem::forget(site);
    ExitCode::SUCCESS
}

/// Crawlers read robots.txt only at the root of a host: under a base path (a GitHub Pages project
/// site) the robots.txt cited writes is never read, and its `Sitemap:` line is lost.
fn robots_note(base_path: &str) -> String {
    format!(
        "note: the site lives under {base_path}, but crawlers read robots.txt only at the root of the host; \
         robots.txt here is not read: add its Sitemap line to the host's /robots.txt (see README, Publishing)"
    )
}

fn claims(common: &Common, format: &str) -> ExitCode {
    let mut options = build_options(common);
    options.keep_evidence = true;
    let outcome = cited_driver::check(&common.root, &options);
    print_timings(common, &outcome.timings);
    let evidence = outcome.evidence.unwrap_or_default();
    if format == "json" {
        outln!(
            "{}",
            serde_json::to_string_pretty(&evidence).unwrap_or_default()
        );
    } else {
        out!("{}", cited_check::to_markdown(&evidence));
    }
    if cited_driver::fails(&outcome.diagnostics, common.deny_warnings) {
        print_diagnostics(
            &outcome.diagnostics,
            &outcome.site,
            Format::Human,
            common.max_diagnostics,
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// Every rule, a line each: its code, default severity and summary.
fn list_rules() -> ExitCode {
    for code in cited_site::Code::ALL {
        outln!(
            "{code}  {:<7}  {}",
            code.default_severity().as_str(),
            code.summary()
        );
    }
    outln!("\n`cited explain CODE` says what a rule finds and how to fix it.");
    ExitCode::SUCCESS
}

fn explain(code: &str) -> ExitCode {
    match cited_site::Code::parse(code) {
        Some(code) => {
            outln!(
                "{code} ({}): {}\n\n{}",
                code.default_severity().as_str(),
                code.summary(),
                code.explanation()
            );
            if code == cited_site::Code::E0011 {
                outln!(
                    "\nThe words in English, to translate and add to content/site.yaml:\n\n{}",
                    cited_site::words::english_as_yaml()
                );
            }
            ExitCode::SUCCESS
        }
        None => match cited_site::Code::nearest(code) {
            Some(near) => {
                eprintln!("error: no rule has the code `{code}`; did you mean `{near}`?");
                ExitCode::from(2)
            }
            None => {
                eprintln!(
                    "error: no rule has the code `{code}`; codes look like E0301 (`cited explain` lists them)"
                );
                ExitCode::from(2)
            }
        },
    }
}
