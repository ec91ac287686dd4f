//! The folder a new tree is assembled in, beside the output folder, and
//! what earlier runs left there.
//!
//! Each run stages in a folder of its own (`.NAME.graphgen-new-PID`), so no
//! two runs ever write into one staging folder, and removes it on any
//! failure (a full disk, a file that cannot be written): a failed run
//! leaves nothing behind. A run killed outright cannot clean up; the next
//! run removes such leftovers under the lock, when they are graphgen's.

use super::{io_err, looks_ours, sibling, OutputError, MARKER};
use std::path::{Path, PathBuf};

/// A staging folder, removed on drop unless it was moved into place.
#[derive(Debug)]
pub struct Staging {
    path: PathBuf,
    placed: bool,
}

impl Staging {
    /// Create this run's staging folder beside `out`, marked as graphgen's
    /// (the marker holding `marker`).
    pub fn create(out: &Path, marker: &str) -> Result<Staging, OutputError> {
        let path = sibling(out, &format!("new-{}", std::process::id()));
        let staging = Staging { path, placed: false };
        std::fs::create_dir(&staging.path).map_err(io_err(&staging.path))?;
        let marker_path = staging.path.join(MARKER);
        std::fs::write(&marker_path, marker).map_err(io_err(&marker_path))?;
        Ok(staging)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder was renamed into place: nothing to remove.
    pub fn placed(mut self) {
        self.placed = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Remove staging folders runs into `out` left when they were killed:
/// `.NAME.graphgen-new` (older versions) and `.NAME.graphgen-new-PID`, when
/// they look like graphgen's (see [`looks_ours`]); anything else of a
/// similar name is left alone. Call with the output lock held.
pub fn remove_leftovers(out: &Path) -> Result<(), OutputError> {
    let Some(parent) = out.parent() else { return Ok(()) };
    let prefix = sibling(out, "new");
    let Some(prefix) = prefix.file_name().map(|n| n.as_encoded_bytes().to_vec()) else { return Ok(()) };
    let entries = match std::fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutputError::Io(parent.to_path_buf(), e)),
    };
    for entry in entries {
        let entry = entry.map_err(io_err(parent))?;
        let name = entry.file_name();
        let Some(rest) = name.as_encoded_bytes().strip_prefix(prefix.as_slice()) else { continue };
        let ours_by_name = rest.is_empty() || rest.strip_prefix(b"-").is_some_and(|pid| !pid.is_empty() && pid.iter().all(u8::is_ascii_digit));
        let path = entry.path();
        if ours_by_name && looks_ours(&path) {
            std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
        }
    }
    Ok(())
}
