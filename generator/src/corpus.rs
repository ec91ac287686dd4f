//! Stage 1: finding and reading the pages of a docs folder.
//!
//! A docs folder holds operation pages under `api/` and type pages under
//! `resources/` (the Graph docs layout); includes may live anywhere below the
//! root. Pages are read and parsed in parallel and returned in path order, so
//! everything downstream is deterministic.

use crate::diagnostics::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::docs_files::{DocsFolder, ReadError};
use crate::file_names;
use crate::markdown::{self, IncludeLoader, IncludeRefusal, Page};
use crate::printable::printable_os;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folders of a docs root that hold pages.
pub const PAGE_FOLDERS: [&str; 2] = ["api", "resources"];

/// Includes read from the docs folder on disk (under the rules of
/// [`crate::docs_files`]). Records what it read, so a `build.rs` can tell
/// cargo exactly which files the output depends on.
pub struct FsIncludes<'a> {
    folder: Folder<'a>,
    read: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

enum Folder<'a> {
    Own(DocsFolder),
    Shared(&'a DocsFolder),
}

impl FsIncludes<'static> {
    pub fn new(root: &Path) -> Self {
        FsIncludes { folder: Folder::Own(DocsFolder::new(root)), read: Default::default() }
    }
}

impl<'a> FsIncludes<'a> {
    /// Includes of a docs folder already open (its resolved folders are shared).
    pub fn within(folder: &'a DocsFolder) -> Self {
        FsIncludes { folder: Folder::Shared(folder), read: Default::default() }
    }

    fn folder(&self) -> &DocsFolder {
        match &self.folder {
            Folder::Own(folder) => folder,
            Folder::Shared(folder) => folder,
        }
    }

    /// Include paths (relative to the root) that were read, sorted.
    pub fn files_read(&self) -> Vec<String> {
        self.read.lock().map(|r| r.iter().cloned().collect()).unwrap_or_default()
    }
}

impl IncludeLoader for FsIncludes<'_> {
    fn load(&self, path: &str) -> Option<String> {
        self.read(path).ok()
    }

    fn read(&self, path: &str) -> Result<String, IncludeRefusal> {
        let text = read_include(self.folder(), path)?;
        if let Ok(mut read) = self.read.lock() {
            read.insert(path.to_string());
        }
        Ok(text)
    }
}

/// Includes read from disk (under the rules of [`crate::docs_files`]),
/// remembering each one a page asked for with what `note` makes of it and
/// of its text (a stamp, a hash).
pub struct RecordingIncludes<'a, T> {
    folder: &'a DocsFolder,
    note: fn(&DocsFolder, &str, &Result<String, IncludeRefusal>) -> T,
    used: std::sync::Mutex<Vec<(String, T)>>,
}

impl<'a, T: Ord> RecordingIncludes<'a, T> {
    pub fn new(folder: &'a DocsFolder, note: fn(&DocsFolder, &str, &Result<String, IncludeRefusal>) -> T) -> Self {
        RecordingIncludes { folder, note, used: std::sync::Mutex::new(Vec::new()) }
    }

    /// The includes asked for, with their notes, sorted, each once.
    pub fn into_used(self) -> Vec<(String, T)> {
        let mut used = self.used.into_inner().unwrap_or_default();
        used.sort();
        used.dedup();
        used
    }
}

impl<T: Send> IncludeLoader for RecordingIncludes<'_, T> {
    fn load(&self, path: &str) -> Option<String> {
        self.read(path).ok()
    }

    fn read(&self, path: &str) -> Result<String, IncludeRefusal> {
        let text = read_include(self.folder, path);
        let note = (self.note)(self.folder, path, &text);
        if let Ok(mut used) = self.used.lock() {
            used.push((path.to_owned(), note));
        }
        text
    }
}

/// An include's text, or why there is none.
pub fn read_include(folder: &DocsFolder, path: &str) -> Result<String, IncludeRefusal> {
    match folder.read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| IncludeRefusal::Refused("it is not UTF-8 text".into())),
        Err(ReadError::NotFound) => Err(IncludeRefusal::NotFound),
        Err(e) => Err(IncludeRefusal::Refused(e.to_string())),
    }
}

/// Every page file of a docs folder: paths relative to the root, sorted.
/// Names that cannot be read safely are left out ([`list_pages_checked`]
/// says why).
pub fn list_pages(root: &Path) -> std::io::Result<Vec<String>> {
    Ok(list_pages_checked(&DocsFolder::new(root))?.0)
}

/// [`list_pages`], with a diagnostic for each `.md` name in a page folder
/// that is not read: not UTF-8, or not safe to carry (see
/// [`crate::file_names`]), or in a page folder that links out of the docs.
pub fn list_pages_checked(folder: &DocsFolder) -> std::io::Result<(Vec<String>, Vec<Diagnostic>)> {
    let (entries, refused) = page_entries(folder)?;
    Ok((entries.into_iter().map(|(path, _)| path).collect(), refused))
}

/// [`list_pages_checked`] with each page's directory entry, whose metadata
/// is read relative to its open directory (cheaper than a stat by full
/// path, for a caller that stats every page, see [`crate::incremental`]).
///
/// Every `.md` entry with a safe name is listed whatever it is (a file, a
/// symbolic link, a FIFO): reading it decides, and says why it did not
/// read it, so no page is skipped silently.
#[allow(clippy::type_complexity)]
pub fn page_entries(folder: &DocsFolder) -> std::io::Result<(Vec<(String, std::fs::DirEntry)>, Vec<Diagnostic>)> {
    let mut pages = Vec::new();
    let mut refused = Vec::new();
    for name in PAGE_FOLDERS {
        let dir = folder.root().join(name);
        if !dir.is_dir() {
            continue;
        }
        if folder.folder_inside(&dir) == Some(false) {
            let why = format!("page folder `{name}` is a symbolic link out of the docs folder; its pages are not read");
            refused.push(Diagnostic::new(name, 0, DiagnosticKind::Unreadable, why));
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let file_name = entry.file_name();
            if !file_name.as_encoded_bytes().ends_with(b".md") {
                continue;
            }
            let Some(utf8) = file_name.to_str() else {
                let shown = format!("{name}/{}", printable_os(&file_name));
                refused.push(Diagnostic::new(shown, 0, DiagnosticKind::Unreadable, "page not read: its file name is not valid UTF-8"));
                continue;
            };
            let rel = format!("{name}/{utf8}");
            if let Some(why) = file_names::problem(&rel) {
                let shown = crate::printable::printable(&rel).into_owned();
                refused.push(Diagnostic::new(shown, 0, DiagnosticKind::Unreadable, format!("page not read: {why}")));
                continue;
            }
            pages.push((rel, entry));
        }
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((pages, refused))
}

/// The parsed pages of a docs folder, plus what went wrong reading them, plus
/// the include files that were read.
pub struct Corpus {
    pub pages: Vec<Page>,
    pub diagnostics: Diagnostics,
    pub includes_read: Vec<String>,
}

/// Read and parse the given pages (paths relative to `root`) in parallel.
pub fn read_pages(root: &Path, paths: &[String]) -> Corpus {
    read_pages_in(&DocsFolder::new(root), paths)
}

/// [`read_pages`] in a docs folder already open.
pub fn read_pages_in(folder: &DocsFolder, paths: &[String]) -> Corpus {
    let includes = FsIncludes::within(folder);
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> =
        paths.par_iter().map(|rel| read_page_in(folder, rel, &includes)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diagnostics = Diagnostics::default();
    for (page, diags) in results {
        pages.extend(page);
        diagnostics.items.extend(diags);
    }
    Corpus { pages, diagnostics, includes_read: includes.files_read() }
}

/// Read and parse one page (`rel` relative to `root`); `None` when it cannot
/// be read at all. Bytes that are not UTF-8 are replaced and reported.
pub fn read_page(root: &Path, rel: &str, includes: &dyn IncludeLoader) -> (Option<Page>, Vec<Diagnostic>) {
    read_page_in(&DocsFolder::new(root), rel, includes)
}

/// [`read_page`] in a docs folder already open.
pub fn read_page_in(folder: &DocsFolder, rel: &str, includes: &dyn IncludeLoader) -> (Option<Page>, Vec<Diagnostic>) {
    match folder.read(rel) {
        Ok(bytes) => parse_bytes(rel, bytes, includes),
        Err(ReadError::Refused(why)) => (None, vec![Diagnostic::new(rel, 0, DiagnosticKind::Unreadable, format!("page not read: {why}"))]),
        Err(ReadError::NotFound) => (None, vec![Diagnostic::new(rel, 0, DiagnosticKind::Unreadable, "cannot read page: it is gone")]),
        Err(ReadError::Failed(e)) => (None, vec![Diagnostic::new(rel, 0, DiagnosticKind::Unreadable, format!("cannot read page: {e}"))]),
    }
}

/// Parse the bytes of the page `rel`, already read. Bytes that are not
/// UTF-8 are replaced and reported.
pub fn parse_bytes(rel: &str, bytes: Vec<u8>, includes: &dyn IncludeLoader) -> (Option<Page>, Vec<Diagnostic>) {
    let (text, mut diags) = match String::from_utf8(bytes) {
        Ok(t) => (t, Vec::new()),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let line = text[..valid].matches('\n').count() as u32 + 1;
            let d = Diagnostic::new(rel, line, DiagnosticKind::Unreadable, "page is not valid UTF-8; bad bytes replaced");
            (text, vec![d])
        }
    };
    let (page, more) = markdown::parse_page(rel, &text, includes);
    diags.extend(more);
    (Some(page), diags)
}

/// List and read every page of a docs folder.
pub fn read_docs(root: &Path) -> std::io::Result<Corpus> {
    let folder = DocsFolder::new(root);
    let (paths, refused) = list_pages_checked(&folder)?;
    let mut corpus = read_pages_in(&folder, &paths);
    corpus.diagnostics.items.extend(refused);
    Ok(corpus)
}

/// The real Graph reference for tests and benchmarks: `GRAPHGEN_CORPUS`, or
/// `<workspace_root>/../shared/graph-docs/beta`. `None` (after saying so on
/// stderr) when it is absent, so callers can skip rather than fail.
pub fn reference_docs(workspace_root: &Path) -> Option<PathBuf> {
    let root = std::env::var_os("GRAPHGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root.join("../shared/graph-docs/beta"));
    if root.join("api").is_dir() {
        Some(root)
    } else {
        eprintln!("skipped: Graph docs corpus not found at {} (set GRAPHGEN_CORPUS)", root.display());
        None
    }
}
