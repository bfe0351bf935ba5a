//! `cited serve`: prints what the preview server (`cited-serve`) reports, and stops it on Ctrl-C.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use cited_serve::BuildOptions;
use cited_serve::{Event, ServeOptions};

use crate::report::{self, Format};
use crate::stdout::outln;

/// What `cited serve` was asked to do.
pub struct Args {
    /// The site's root folder.
    pub root: PathBuf,
    /// The loopback address to bind.
    pub bind: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll for changes instead of using native file-system events.
    pub poll: bool,
    /// The day review and access dates are judged against.
    pub today: jiff::civil::Date,
    /// Print how long each stage of each build took.
    pub timings: bool,
}

/// Runs the preview server until Ctrl-C. Exit 2 if it cannot start.
pub fn run(args: Args) -> ExitCode {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("error: cannot handle Ctrl-C: {err}");
        return ExitCode::from(2);
    }
    let options = ServeOptions {
        root: args.root,
        addr: args.bind,
        port: args.port,
        poll: args.poll,
        build: BuildOptions::new(args.today),
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let open = args.open;
    let timings = args.timings;
    let result = cited_serve::serve(options, stop_rx, |event| match event {
        Event::Listening { url } => {
            outln!("serving {url} (Ctrl-C to stop)");
            let _ = std::io::stdout().flush();
            if open {
                open_browser(url);
            }
        }
        Event::Changed { paths } => {
            let names: Vec<String> = paths
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            eprintln!("changed: {}", names.join(", "));
        }
        Event::Built {
            outcome,
            elapsed,
            files,
            changed,
            reload,
        } => {
            if !outcome.diagnostics.is_empty() {
                let text = report::render(
                    &outcome.diagnostics,
                    &outcome.site.sources,
                    Format::Human,
                    color,
                    report::DEFAULT_MAX_SHOWN,
                );
                anstream::eprint!("{text}");
            }
            eprintln!(
                "built {} files ({} changed{}) in {} ms{}",
                files,
                changed,
                match reload {
                    cited_serve::Reload::Whole => String::new(),
                    cited_serve::Reload::Pages(1) => "; 1 page read again".to_owned(),
                    cited_serve::Reload::Pages(n) => format!("; {n} pages read again"),
                    cited_serve::Reload::References(1) =>
                        "; 1 reference file read again".to_owned(),
                    cited_serve::Reload::References(n) => {
                        format!("; {n} reference files read again")
                    }
                    cited_serve::Reload::Checklists(1) => "; 1 checklist read again".to_owned(),
                    cited_serve::Reload::Checklists(n) => format!("; {n} checklists read again"),
                    cited_serve::Reload::Theme => "; only the theme read again".to_owned(),
                },
                elapsed.as_millis(),
                if outcome.diagnostics.is_empty() {
                    String::new()
                } else {
                    format!(" with {}", crate::summary(&outcome.diagnostics))
                }
            );
            if timings {
                crate::write_timings(&outcome.timings);
            }
        }
        Event::Failed { outcome } => {
            let text = report::render(
                &outcome.diagnostics,
                &outcome.site.sources,
                Format::Human,
                color,
                report::DEFAULT_MAX_SHOWN,
            );
            anstream::eprint!("{text}");
            eprintln!(
                "build failed: {}; still serving the last good build (the page shows the problems)",
                crate::summary(&outcome.diagnostics)
            );
            if timings {
                crate::write_timings(&outcome.timings);
            }
        }
        Event::WriteFailed { error } => {
            eprintln!(
                "error: cannot write the preview: {error}; still serving the last good build"
            );
        }
        Event::WatchError { message } => eprintln!("warning: watching for changes: {message}"),
    });
    match result {
        Ok(()) => {
            eprintln!("stopped");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Best effort: a browser that does not open is only a message.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(err) = command.spawn() {
        eprintln!("note: cannot open a browser ({err}); open {url} yourself");
    }
}
