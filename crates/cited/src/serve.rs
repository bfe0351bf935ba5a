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
                    cited_serve::Reload::Partial(reloaded) => format!("; {}", read_again(reloaded)),
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

/// What a partial rebuild read again, in words: "1 page read again", "2 pages, 1 reference
/// file and the theme read again", "only the theme read again".
fn read_again(reloaded: cited_serve::Reloaded) -> String {
    let count = |n: usize, one: &str, many: &str| (n > 0).then(|| cited_site::count(n, one, many));
    let mut parts: Vec<String> = [
        count(reloaded.pages, "page", "pages"),
        count(reloaded.references, "reference file", "reference files"),
        count(reloaded.checklists, "checklist", "checklists"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if reloaded.theme {
        if parts.is_empty() {
            return "only the theme read again".to_owned();
        }
        parts.push("the theme".to_owned());
    }
    match parts.split_last() {
        None => "nothing read again".to_owned(),
        Some((last, [])) => format!("{last} read again"),
        Some((last, init)) => format!("{} and {last} read again", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::read_again;
    use cited_serve::Reloaded;

    #[test]
    fn a_partial_rebuild_says_what_it_read_again() {
        let said = |pages, references, checklists, theme| {
            read_again(Reloaded {
                pages,
                references,
                checklists,
                theme,
            })
        };
        assert_eq!(said(1, 0, 0, false), "1 page read again");
        assert_eq!(said(3, 0, 0, false), "3 pages read again");
        assert_eq!(said(0, 1, 0, false), "1 reference file read again");
        assert_eq!(said(0, 0, 2, false), "2 checklists read again");
        assert_eq!(said(0, 0, 0, true), "only the theme read again");
        assert_eq!(said(1, 0, 0, true), "1 page and the theme read again");
        assert_eq!(
            said(2, 1, 1, true),
            "2 pages, 1 reference file, 1 checklist and the theme read again"
        );
    }
}
