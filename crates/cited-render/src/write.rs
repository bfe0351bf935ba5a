//! Writing the output atomically: everything goes into a temporary folder beside the output, which
//! then replaces it. A failed build never gets here, and a failed write leaves the old site whole.

use std::io;
use std::path::{Component, Path};

use crate::Output;

/// Writes `files` to `out_dir`, replacing its previous contents in one step.
pub fn write(out_dir: &Path, files: &Output) -> io::Result<()> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::env::current_dir()?,
    };
    std::fs::create_dir_all(&parent)?;
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    for (rel, bytes) in files {
        let rel_path = Path::new(rel);
        // Output paths come from validated slugs and ids; refuse anything else outright.
        if rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {rel}"),
            ));
        }
        let path = staging.path().join(rel_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes)?;
    }
    let staging = staging.keep();
    if out_dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)?
            .keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(out_dir, &old)?;
        if let Err(err) = std::fs::rename(&staging, out_dir) {
            // Put the old site back rather than leave nothing.
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(err);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staging, out_dir)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_output_and_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let mut files = Output::new();
        files.insert("a/index.html".into(), b"new".to_vec());
        write(&out, &files).unwrap();
        assert!(!out.join("stale.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        files.insert("../escape.html".into(), b"x".to_vec());
        assert!(write(&out, &files).is_err());
        assert!(!dir.path().join("escape.html").exists());
        assert!(
            out.join("a/index.html").exists(),
            "old output survives a failed write"
        );
    }
}
