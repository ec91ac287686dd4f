//! One writer per output folder at a time.
//!
//! Two runs into one folder at once (two terminals, a `--watch` and a
//! `generate`, parallel CI steps) would each swap their tree in and remove
//! the other's: one run could finish with success while the folder held
//! only part of a tree. Every write holds an exclusive lock on a file
//! beside the output folder (`.NAME.graphgen-lock`; the folder itself is
//! replaced by each write, so it cannot carry the lock). A second run waits
//! for the first, says so, and then works on what the first left.
//!
//! The lock file stays: removing it on release would let a third run lock
//! a new file while the second still holds the old one.

use super::{sibling, OutputError};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Held while a run writes into an output folder; released on drop (and
/// by the OS when the process dies, so a killed run never blocks the next).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Lock `out` (absolute, see [`super::resolve_out`]), waiting for a run
    /// that holds it.
    pub fn acquire(out: &Path) -> Result<OutputLock, OutputError> {
        let path = sibling(out, "lock");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| OutputError::Io(parent.to_path_buf(), e))?;
        }
        let file = open_lock_file(&path).map_err(|e| OutputError::Io(path.clone(), e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!("graphgen: another run is writing into {}; waiting for it to finish", out.display());
                file.lock().map_err(|e| OutputError::Io(path.clone(), e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(OutputError::Io(path, e)),
        }
        Ok(OutputLock { _file: file })
    }
}

/// Open (creating) the lock file. A symbolic link planted under its name
/// is not followed: the lock never creates or opens a file elsewhere.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}
