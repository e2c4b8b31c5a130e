//! Atomic file writes: a temp file in the target folder, then a rename.
//!
//! A report written with [`write_atomic`] either appears complete or not at
//! all: the bytes go to a fresh temporary file in the *same* folder (so the
//! final rename never crosses a file system), the file is flushed and
//! synced to disk, and only then renamed over the target. If anything fails
//! on the way, the temporary file is removed and an existing target is left
//! untouched. Readers never see a half-written file.
//!
//! The new file gets the permissions of the file it replaces, or, for a new
//! file, the usual `0666` less the process umask, like [`std::fs::write`];
//! not the `0600` of a bare temporary file. If the target is a symbolic
//! link, the link itself is replaced by the new file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an atomic write failed. The target is unchanged in every case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteFileError {
    /// The path names no file (it is empty or ends in `..`).
    #[error("cannot write `{}`: the path does not name a file", path.display())]
    NotAFilePath {
        /// The path given.
        path: PathBuf,
    },
    /// The temporary file could not be created in the target's folder
    /// (missing folder, no permission, read-only file system).
    #[error("cannot create a temporary file in `{}`: {source}", dir.display())]
    CreateTemp {
        /// The target's folder.
        dir: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// Writing or syncing the content failed (disk full, I/O error), or the
    /// content producer returned an error.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// The target path.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The final rename over the target failed (for example, the target is
    /// a folder).
    #[error("cannot replace `{}`: {source}", path.display())]
    Persist {
        /// The target path.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

/// Writes `contents` to `path` atomically.
///
/// # Errors
///
/// [`WriteFileError`] when the folder is missing or not writable, the write
/// fails, or the rename fails; the previous file, if any, is then intact.
///
/// # Example
///
/// ```
/// use colead_cli::report::write::write_atomic;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("report.html");
/// write_atomic(&path, b"<!DOCTYPE html>")?;
/// write_atomic(&path, b"<!DOCTYPE html><title>v2</title>")?;
/// assert_eq!(std::fs::read_to_string(&path)?, "<!DOCTYPE html><title>v2</title>");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteFileError> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// Writes to `path` atomically, with the content produced by `produce`
/// through a buffered writer (for output too large to hold in memory, or
/// written piece by piece). If `produce` returns an error, nothing is
/// replaced and the error comes back as [`WriteFileError::Write`].
///
/// # Errors
///
/// As [`write_atomic`], plus any error `produce` returns.
pub fn write_atomic_with<F>(path: &Path, produce: F) -> Result<(), WriteFileError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    if path.file_name().is_none() {
        return Err(WriteFileError::NotAFilePath {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing = fs::metadata(path).ok();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".colead-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies at creation, as for `File::create`.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(&dir)
        .map_err(|source| WriteFileError::CreateTemp {
            dir: dir.clone(),
            source,
        })?;
    let write_err = |source| WriteFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    {
        let mut w = BufWriter::new(tmp.as_file());
        produce(&mut w).map_err(write_err)?;
        w.flush().map_err(write_err)?;
    }
    if let Some(meta) = existing.filter(fs::Metadata::is_file) {
        fs::set_permissions(tmp.path(), meta.permissions()).map_err(write_err)?;
    }
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.persist(path).map_err(|e| WriteFileError::Persist {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".colead-"))
            .collect()
    }

    #[test]
    fn creates_then_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.html");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two, longer").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two, longer");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn failed_producer_leaves_existing_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.html");
        fs::write(&p, b"complete old report").unwrap();
        let err = write_atomic_with(&p, |w| {
            w.write_all(b"half a new rep")?;
            Err(io::Error::other("renderer failed"))
        })
        .unwrap_err();
        assert!(matches!(err, WriteFileError::Write { .. }), "{err}");
        assert!(err.to_string().contains("renderer failed"));
        assert_eq!(fs::read(&p).unwrap(), b"complete old report");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/dir/out.html");
        let err = write_atomic(&p, b"x").unwrap_err();
        assert!(matches!(err, WriteFileError::CreateTemp { .. }));
        assert!(err.to_string().contains("no/such/dir"), "{err}");
    }

    #[test]
    fn folder_as_target_fails_on_persist_and_keeps_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub");
        fs::create_dir(&p).unwrap();
        fs::write(p.join("keep.txt"), b"k").unwrap();
        let err = write_atomic(&p, b"x").unwrap_err();
        assert!(matches!(err, WriteFileError::Persist { .. }), "{err}");
        assert_eq!(fs::read(p.join("keep.txt")).unwrap(), b"k");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn empty_path_is_rejected() {
        let err = write_atomic(Path::new(""), b"x").unwrap_err();
        assert!(matches!(err, WriteFileError::NotAFilePath { .. }));
        let err = write_atomic(Path::new("a/.."), b"x").unwrap_err();
        assert!(matches!(err, WriteFileError::NotAFilePath { .. }));
    }

    #[cfg(unix)]
    #[test]
    fn replacement_keeps_the_old_permissions_and_new_files_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.html");
        fs::write(&p, b"old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let q = dir.path().join("fresh.html");
        write_atomic(&q, b"x").unwrap();
        let plain = dir.path().join("plain.html");
        fs::write(&plain, b"x").unwrap();
        assert_eq!(
            fs::metadata(&q).unwrap().permissions().mode() & 0o777,
            fs::metadata(&plain).unwrap().permissions().mode() & 0o777,
            "same mode as File::create under the current umask"
        );
    }
}
