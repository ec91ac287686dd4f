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
//!
//! **Shared includes above the docs folder.** A reference that keeps notices
//! shared by its API versions beside the version folders
//! (`api-reference/includes/` next to `api-reference/beta/`) has pages that
//! include `../../includes/x.md`: a path above the docs folder, written
//! `../includes/x.md` relative to it. Such a path is followed only inside an
//! *include boundary* ([`IncludeRoot`]), under every rule above (the
//! boundary takes the docs folder's place: links are resolved and must stay
//! inside it):
//! - found by graphgen ([`IncludeRoot::Find`], the default): the folder
//!   `includes` beside the docs folder (`<docs>/../includes`), when it is a
//!   folder; only files in it are followed, nothing else above the docs;
//! - given by the user ([`IncludeRoot::Given`], `--include-root`,
//!   `Builder::include_root`): a folder holding the docs folder; any file
//!   inside it may be included;
//! - none ([`IncludeRoot::None`]): nothing above the docs folder is read.

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

/// Where includes above the docs folder may be read from (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IncludeRoot {
    /// `<docs>/../includes` when that is a folder; otherwise none.
    #[default]
    Find,
    /// This folder, which must hold the docs folder.
    Given(PathBuf),
    /// Nothing above the docs folder is read.
    None,
}

/// The name of the shared includes folder [`IncludeRoot::Find`] looks for
/// beside the docs folder.
pub const SHARED_INCLUDES: &str = "includes";

/// A docs folder: the boundary every file read must stay within.
#[derive(Debug)]
pub struct DocsFolder {
    root: PathBuf,
    /// The root with symbolic links resolved (`None` when it does not exist).
    real_root: Option<PathBuf>,
    /// The include boundary above the root, resolved (see [`IncludeRoot`]).
    include_boundary: Option<PathBuf>,
    /// Folders already resolved, with their resolved path (`None`: gone).
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl DocsFolder {
    /// The docs folder `root`, with the shared includes graphgen finds
    /// beside it ([`IncludeRoot::Find`]).
    pub fn new(root: &Path) -> DocsFolder {
        DocsFolder::with_include_root(root, &IncludeRoot::Find).unwrap_or_else(|_| DocsFolder::without_includes_above(root))
    }

    /// The docs folder `root`, reading includes above it only as `includes` says.
    /// An error when a given include root does not hold the docs folder.
    pub fn with_include_root(root: &Path, includes: &IncludeRoot) -> Result<DocsFolder, String> {
        let mut folder = DocsFolder::without_includes_above(root);
        folder.include_boundary = match includes {
            IncludeRoot::None => None,
            IncludeRoot::Find => {
                let shared = folder.real_root.as_ref().and_then(|r| r.parent()).map(|p| p.join(SHARED_INCLUDES));
                shared.filter(|s| s.is_dir()).and_then(|s| s.canonicalize().ok())
            }
            IncludeRoot::Given(dir) => {
                let given = dir.canonicalize().map_err(|e| format!("include root {}: {e}", dir.display()))?;
                match &folder.real_root {
                    Some(real) if real.starts_with(&given) => Some(given),
                    _ => {
                        return Err(format!(
                            "include root {} does not hold the docs folder {}",
                            dir.display(),
                            root.display()
                        ))
                    }
                }
            }
        };
        Ok(folder)
    }

    fn without_includes_above(root: &Path) -> DocsFolder {
        DocsFolder { root: root.to_path_buf(), real_root: root.canonicalize().ok(), include_boundary: None, folders: Mutex::default() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder includes above the docs folder must stay within, resolved;
    /// `None` when none are read.
    pub fn include_boundary(&self) -> Option<&Path> {
        self.include_boundary.as_deref()
    }

    /// `dir` with symbolic links resolved (remembered); `None` when it does not exist.
    fn resolved_folder(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.folders.lock().ok().and_then(|f| f.get(dir).cloned()) {
            return known;
        }
        let real = dir.canonicalize().ok();
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(dir.to_path_buf(), real.clone());
        }
        real
    }

    /// Whether `dir` (a folder at or below the root) resolves inside the
    /// docs folder; `None` when it does not exist.
    pub fn folder_inside(&self, dir: &Path) -> Option<bool> {
        let real_root = self.real_root.as_ref()?;
        Some(self.resolved_folder(dir)?.starts_with(real_root))
    }

    /// The bytes of `rel` (`/`-separated, relative to the root), under the
    /// rules of the module docs. `rel` may start with `../` (and hold no
    /// other `..`) for a file above the docs folder, read only inside the
    /// include boundary.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, ReadError> {
        if let Some(why) = file_names::problem(rel) {
            return Err(ReadError::Refused(why));
        }
        let above = rel.starts_with("../");
        let boundary = match above {
            false => self.real_root.as_deref(),
            true => {
                let below = rel.trim_start_matches("../");
                if below.split('/').any(|p| p == "..") {
                    return Err(ReadError::Refused("its path climbs back up after going down".into()));
                }
                match &self.include_boundary {
                    Some(boundary) => Some(boundary.as_path()),
                    None => return Err(ReadError::Refused(outside_docs())),
                }
            }
        };
        let Some(boundary) = boundary else { return Err(ReadError::NotFound) };
        let path = self.root.join(rel);
        let file = self.open_within(&path, boundary, above)?;
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

    /// Open `path` for reading when it resolves inside `boundary` (the
    /// docs folder, or for a file `above` it the include boundary).
    fn open_within(&self, path: &Path, boundary: &Path, above: bool) -> Result<File, ReadError> {
        let real_root = boundary;
        let where_ = if above { "the include root" } else { "the docs folder" };
        let parent = path.parent().unwrap_or(path);
        match self.resolved_folder(parent) {
            None => return Err(ReadError::NotFound),
            Some(real) if !real.starts_with(real_root) => {
                return Err(ReadError::Refused(match above {
                    true => format!("its folder {} is outside {where_} {}", printable_os(real.as_os_str()), printable_os(boundary.as_os_str())),
                    false => format!("its folder is a symbolic link to {}, outside {where_}", printable_os(real.as_os_str())),
                }))
            }
            Some(_) => {}
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
                        "it is a symbolic link to {}, outside {where_}",
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

/// Why a file above the docs folder is not read when there is no include root.
fn outside_docs() -> String {
    format!(
        "it is outside the docs folder, and no include root is set (graphgen looks for `{SHARED_INCLUDES}/` beside the docs folder; or give one with --include-root)"
    )
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
