//! The manifest: the file in the output folder that lists what the last build wrote there, and
//! so the only files a build may replace or remove. It is read as hostile (a manifest another
//! tool wrote, or one listing a path that is not plain, is no manifest: the folder is then not
//! cited's), and written atomically, beside the output first and then moved in.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use super::OutputError;

/// The file in the output folder listing what the last build wrote there (JSON).
pub const MANIFEST: &str = ".cited-manifest.json";

/// What the manifest holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    /// Always `"cited"`: a manifest another tool wrote is not ours.
    written_by: String,
    /// The files of the last build, `/`-separated, relative to the output folder, sorted.
    files: Vec<String>,
}

/// Whether `rel` is a plain relative path (every component a name).
fn is_plain(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The files the manifest in `out` lists, if it is one of ours and every entry is a plain path.
pub(super) fn read_manifest(out: &Path) -> Option<BTreeSet<String>> {
    let path = out.join(MANIFEST);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    if manifest.written_by != "cited" || !manifest.files.iter().all(|f| is_plain(f)) {
        return None;
    }
    Some(manifest.files.into_iter().collect())
}

/// Writes the manifest listing `files` into `dir`.
pub(super) fn write_manifest_into(dir: &Path, files: &BTreeSet<String>) -> Result<(), OutputError> {
    let manifest = Manifest {
        written_by: "cited".to_owned(),
        files: files.iter().cloned().collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| OutputError::Io("cannot write the manifest".to_owned(), e.into()))?;
    json.push(b'\n');
    std::fs::write(dir.join(MANIFEST), json)
        .map_err(|e| OutputError::Io(format!("cannot write {MANIFEST}"), e))
}

/// Writes the manifest listing `files` into `out`, atomically (written in `staging`, then moved).
pub(super) fn write_manifest(
    staging: &Path,
    out: &Path,
    files: &BTreeSet<String>,
) -> Result<(), OutputError> {
    write_manifest_into(staging, files)?;
    std::fs::rename(staging.join(MANIFEST), out.join(MANIFEST))
        .map_err(|e| OutputError::Io(format!("cannot write {MANIFEST}"), e))
}
