//! Stage 1: finding and reading the pages of a docs folder.
//!
//! A docs folder holds operation pages under `api/` and type pages under
//! `resources/` (the Graph docs layout); includes may live anywhere below the
//! root. Pages are read and parsed in parallel and returned in path order, so
//! everything downstream is deterministic.

use crate::diagnostics::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::markdown::{self, IncludeLoader, Page};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The folders of a docs root that hold pages.
pub const PAGE_FOLDERS: [&str; 2] = ["api", "resources"];

/// Includes read from the docs folder on disk. Records what it read, so a
/// `build.rs` can tell cargo exactly which files the output depends on.
pub struct FsIncludes {
    root: PathBuf,
    read: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl FsIncludes {
    pub fn new(root: &Path) -> Self {
        FsIncludes { root: root.to_path_buf(), read: Default::default() }
    }

    /// Include paths (relative to the root) that were read, sorted.
    pub fn files_read(&self) -> Vec<String> {
        self.read.lock().map(|r| r.iter().cloned().collect()).unwrap_or_default()
    }
}

impl IncludeLoader for FsIncludes {
    fn load(&self, path: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.root.join(path)).ok()?;
        if let Ok(mut read) = self.read.lock() {
            read.insert(path.to_string());
        }
        Some(text)
    }
}

/// Every page file of a docs folder: paths relative to the root, sorted.
pub fn list_pages(root: &Path) -> std::io::Result<Vec<String>> {
    Ok(page_entries(root)?.into_iter().map(|(path, _)| path).collect())
}

/// [`list_pages`] with each page's directory entry, whose metadata is read
/// relative to its open directory (cheaper than a stat by full path, for a
/// caller that stats every page, see [`crate::incremental`]).
pub fn page_entries(root: &Path) -> std::io::Result<Vec<(String, std::fs::DirEntry)>> {
    let mut pages = Vec::new();
    for folder in PAGE_FOLDERS {
        let dir = root.join(folder);
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".md") && entry.file_type()?.is_file() {
                pages.push((format!("{folder}/{name}"), entry));
            }
        }
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
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
    let includes = FsIncludes::new(root);
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = paths.par_iter().map(|rel| read_page(root, rel, &includes)).collect();
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
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => {
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
        Err(e) => (None, vec![Diagnostic::new(rel, 0, DiagnosticKind::Unreadable, format!("cannot read page: {e}"))]),
    }
}

/// List and read every page of a docs folder.
pub fn read_docs(root: &Path) -> std::io::Result<Corpus> {
    let paths = list_pages(root)?;
    Ok(read_pages(root, &paths))
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
