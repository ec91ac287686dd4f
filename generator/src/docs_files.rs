//! Reading the files of a docs folder, which is untrusted input.
//!
//! A docs checkout is the input of `build.rs` in other people's builds and
//! of CI jobs, so a file in it is read only when it is:
//! - **named safely** ([`crate::file_names`]);
//! - **inside the folder** once symbolic links are resolved: a link (or a
//!   linked folder) that leads out of the docs folder is refused like a
//!   `../..` path, so a docs folder cannot make graphgen read the rest of
//!   the machine into generated code. Links that stay inside are followed;
//! - **a regular file** (a FIFO would block the run forever, a device like
//!   `/dev/zero` would be read without end), opened without blocking and
//!   checked on the open handle, so what is checked is what is read;
//! - **at most [`MAX_FILE_BYTES`] long** (the largest page of the Graph
//!   reference is about 120 KB).
//!
//! Anything else is not read, and the caller reports why.

use crate::file_names;
use crate::printable::printable_os;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The most a page or include may hold: 8 MiB, about seventy times the
/// largest page of the Graph reference.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// There is no such file.
    NotFound,
    /// Something is there, but graphgen does not read it; the reason.
    Refused(String),
    /// Reading failed (permissions, I/O).
    Failed(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "there is no such file"),
            ReadError::Refused(why) => write!(f, "{why}"),
            ReadError::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// A docs folder: the boundary every file read must stay within.
#[derive(Debug)]
pub struct DocsFolder {
    root: PathBuf,
    /// The root with symbolic links resolved (`None` when it does not exist).
    real_root: Option<PathBuf>,
    /// Folders below the root already resolved: whether each stays inside.
    folders: Mutex<HashMap<PathBuf, bool>>,
}

impl DocsFolder {
    pub fn new(root: &Path) -> DocsFolder {
        DocsFolder { root: root.to_path_buf(), real_root: root.canonicalize().ok(), folders: Mutex::default() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether `dir` (a folder at or below the root) resolves inside the
    /// docs folder; `None` when it does not exist.
    pub fn folder_inside(&self, dir: &Path) -> Option<bool> {
        let real_root = self.real_root.as_ref()?;
        if let Some(known) = self.folders.lock().ok().and_then(|f| f.get(dir).copied()) {
            return Some(known);
        }
        let inside = dir.canonicalize().ok()?.starts_with(real_root);
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(dir.to_path_buf(), inside);
        }
        Some(inside)
    }

    /// The bytes of `rel` (`/`-separated, relative to the root), under the
    /// rules of the module docs.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, ReadError> {
        if let Some(why) = file_names::problem(rel) {
            return Err(ReadError::Refused(why));
        }
        let path = self.root.join(rel);
        let file = self.open_inside(&path)?;
        let meta = file.metadata().map_err(ReadError::Failed)?;
        if !meta.is_file() {
            return Err(ReadError::Refused(format!("it is {}, not a regular file", kind_of(&meta))));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big(meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        // A file that grows while it is read is still read only so far.
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Failed)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Open `path` for reading when it resolves inside the docs folder.
    fn open_inside(&self, path: &Path) -> Result<File, ReadError> {
        let Some(real_root) = &self.real_root else { return Err(ReadError::NotFound) };
        let parent = path.parent().unwrap_or(path);
        match self.folder_inside(parent) {
            None => return Err(ReadError::NotFound),
            Some(false) => {
                return Err(ReadError::Refused(format!(
                    "its folder is a symbolic link to {}, outside the docs folder",
                    printable_os(parent.canonicalize().unwrap_or_default().as_os_str())
                )))
            }
            Some(true) => {}
        }
        match open_no_follow(path) {
            Ok(file) => Ok(file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::NotFound),
            Err(e) if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) => {
                let real = match path.canonicalize() {
                    Ok(real) => real,
                    Err(_) => return Err(ReadError::Refused("it is a symbolic link to nothing".into())),
                };
                if !real.starts_with(real_root) {
                    return Err(ReadError::Refused(format!(
                        "it is a symbolic link to {}, outside the docs folder",
                        printable_os(real.as_os_str())
                    )));
                }
                // Resolved: no link is left in `real` to follow.
                open_no_follow(&real).map_err(|_| ReadError::Failed(e))
            }
            Err(e) => Err(ReadError::Failed(e)),
        }
    }
}

fn too_big(len: u64) -> ReadError {
    ReadError::Refused(format!("it holds {len} bytes, more than the {} MiB a docs file may have", MAX_FILE_BYTES >> 20))
}

/// Open for reading without following a final symbolic link and without
/// blocking (opening a FIFO waits for a writer otherwise).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

/// Elsewhere, links are resolved before opening (see `open_inside`): a
/// path whose final component is a link is refused here.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    if path.symlink_metadata()?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    File::open(path)
}

/// What a file that is not regular is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}
