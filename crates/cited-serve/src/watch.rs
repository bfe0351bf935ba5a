//! Watching the site's inputs: native events through notify-debouncer-full (150 ms), or polling
//! every 500 ms. Every relevant change becomes one message on a channel.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

/// The folders under the site root whose contents are inputs.
pub const WATCHED_DIRS: &[&str] = &["content", "references", "themes", "templates", "static"];

/// How long a burst of events is gathered before it counts as one change.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// How often `--poll` looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher tells the server loop.
pub enum Change {
    /// These input files changed.
    Paths(Vec<PathBuf>),
    /// The watcher failed; the message says how.
    Error(String),
}

/// The debouncer behind a [`Watcher`].
enum Inner {
    /// Native file-system events.
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    /// Polling.
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), notify::Error> {
        match self {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}

/// A running watcher; watching stops when it is dropped.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: Vec<&'static str>,
}

impl Watcher {
    /// Starts watching the folders of [`WATCHED_DIRS`] that have appeared since the last call
    /// (the root itself is watched, so their creation is a change).
    pub fn watch_new_dirs(&mut self) -> Result<(), notify::Error> {
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if !self.watched.contains(dir) && path.is_dir() {
                self.inner.watch(&path, RecursiveMode::Recursive)?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }
}

/// Whether a changed path is an input of the site at `root` (and not an editor's scratch file).
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return false;
    }
    let mut components = rel.components();
    let first = components
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    if WATCHED_DIRS.contains(&first) {
        return true;
    }
    // A file directly in the root: a CSL style or bibliography the site may name.
    components.next().is_none()
        && Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json" | "csl" | "bib"))
}

/// Starts watching the inputs of the site at `root` (canonical), sending each change to `tx`.
pub fn start(root: &Path, poll: bool, tx: Sender<Change>) -> Result<Watcher, notify::Error> {
    let filter_root = root.to_path_buf();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| {
                    matches!(
                        e.event.kind,
                        EventKind::Create(_)
                            | EventKind::Modify(_)
                            | EventKind::Remove(_)
                            | EventKind::Any
                    )
                })
                .flat_map(|e| e.event.paths.iter())
                .filter(|p| relevant(&filter_root, p))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(Change::Paths(paths));
            }
        }
        Err(errors) => {
            let message = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            let _ = tx.send(Change::Error(message));
        }
    };
    let inner = if poll {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Inner::Poll(new_debouncer_opt::<_, notify::PollWatcher, _>(
            DEBOUNCE,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )?)
    } else {
        Inner::Native(new_debouncer(DEBOUNCE, None, handler)?)
    };
    let mut watcher = Watcher {
        inner,
        root: root.to_path_buf(),
        watched: Vec::new(),
    };
    watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
    watcher.watch_new_dirs()?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::Path;

    #[test]
    fn only_inputs_are_relevant() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/a.md")));
        assert!(relevant(root, Path::new("/site/content/site.yaml")));
        assert!(relevant(root, Path::new("/site/references/x.json")));
        assert!(relevant(
            root,
            Path::new("/site/themes/t/templates/base.html")
        ));
        assert!(relevant(root, Path::new("/site/style.csl")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/README.md")));
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
