//! Watching the site's inputs: native events through notify-debouncer-full (50 ms), or polling
//! every 500 ms. Every relevant change becomes one message on a channel.
//!
//! What is watched is what the last load read, wherever it is (a style at `styles/my.csl`, a
//! bibliography beside the root), plus the folders where new inputs can appear
//! ([`cited_site::layout::INPUT_FOLDERS`], recursively, and the root itself).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cited_site::layout::INPUT_FOLDERS;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

/// How long a burst of events is gathered before it counts as one change. An editor's save is
/// a burst of a few milliseconds (a write, or a temporary file renamed over the page), and
/// changes that arrive while a build runs are folded into the next one anyway; every
/// millisecond here is one more before the page reloads (a save of one page of a 10,000-page
/// site rebuilds in about 200 ms).
pub const DEBOUNCE: Duration = Duration::from_millis(50);
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

/// The files the last load read (absolute paths), shared with the event handler.
type Inputs = Arc<Mutex<HashSet<PathBuf>>>;

/// A running watcher; watching stops when it is dropped.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    /// Folders watched so far (the input folders recursively, others on their own).
    watched: HashSet<PathBuf>,
    inputs: Inputs,
}

impl Watcher {
    /// Starts watching the input folders that have appeared since the last call (the root itself
    /// is watched, so their creation is a change).
    pub fn watch_new_dirs(&mut self) -> Result<(), notify::Error> {
        for dir in INPUT_FOLDERS {
            let path = self.root.join(dir);
            if !self.watched.contains(&path) && path.is_dir() {
                self.inner.watch(&path, RecursiveMode::Recursive)?;
                self.watched.insert(path);
            }
        }
        Ok(())
    }

    /// Watches every file the last load read (`files`, relative to the root): a file outside the
    /// input folders is watched through its own folder, and changes to it count from now on.
    pub fn track(&mut self, files: &[PathBuf]) -> Result<(), notify::Error> {
        self.watch_new_dirs()?;
        let absolute: HashSet<PathBuf> = files.iter().map(|f| self.root.join(f)).collect();
        for file in &absolute {
            let Some(dir) = file.parent() else { continue };
            let covered = dir == self.root
                || self.watched.iter().any(|w| dir.starts_with(w))
                || !dir.starts_with(&self.root);
            if !covered && dir.is_dir() {
                self.inner.watch(dir, RecursiveMode::NonRecursive)?;
                self.watched.insert(dir.to_path_buf());
            }
        }
        *self.inputs.lock().unwrap_or_else(|p| p.into_inner()) = absolute;
        Ok(())
    }
}

/// Whether a changed path is an input of the site at `root` (and not an editor's scratch file):
/// a file the last load read, anything in an input folder, or a style or bibliography beside the
/// root that `site.yaml` may start naming.
pub fn relevant(root: &Path, path: &Path, inputs: &HashSet<PathBuf>) -> bool {
    if inputs.contains(path) {
        return true;
    }
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
    if INPUT_FOLDERS.contains(&first) {
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
    let inputs: Inputs = Arc::default();
    let read = Arc::clone(&inputs);
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
                .filter(|p| {
                    relevant(
                        &filter_root,
                        p,
                        &read.lock().unwrap_or_else(|e| e.into_inner()),
                    )
                })
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
        watched: HashSet::new(),
        inputs,
    };
    watcher.inner.watch(root, RecursiveMode::NonRecursive)?;
    watcher.watch_new_dirs()?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};

    #[test]
    fn only_inputs_are_relevant() {
        let root = Path::new("/site");
        let none = HashSet::new();
        let relevant = |root: &Path, path: &Path| relevant(root, path, &none);
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

    #[test]
    fn files_the_load_read_are_relevant_wherever_they_are() {
        let root = Path::new("/site");
        let read: HashSet<PathBuf> = [PathBuf::from("/site/styles/my-style.csl")].into();
        assert!(relevant(
            root,
            Path::new("/site/styles/my-style.csl"),
            &read
        ));
        assert!(!relevant(root, Path::new("/site/styles/other.csl"), &read));
    }
}
