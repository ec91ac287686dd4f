//! Writing only what changed, for a process that knows what it wrote last
//! time (a regeneration session, see [`crate::incremental`]).
//!
//! [`super::write_tree`] rebuilds the whole folder and swaps it in, which
//! costs a link per file; after a one-page docs edit only a few files
//! differ, so [`update_tree`] touches only those, and stays all-or-nothing
//! with a journal next to the folder:
//! 1. the new files (and the list of files to delete) go into the journal;
//! 2. a `committed` file is written into the journal: the commit point;
//! 3. the files are moved into place and the deletions done;
//! 4. the journal is removed.
//!
//! A run interrupted before 2 leaves the folder as it was (a run that fails
//! there removes the journal, the next run drops one a killed run left);
//! one interrupted after 2 is finished by the next run
//! ([`recover_journal`]), as [`super::write_tree`]'s swap is. Like
//! [`super::write_tree`], it holds the output folder's lock while it works.

use super::{io_err, safe_relative, sibling, OutputError, WriteReport, MARKER, MARKER_TEXT};
use std::collections::BTreeMap;
use std::path::Path;

const COMMITTED: &str = "committed";
const REMOVED: &str = "removed";
const FILES: &str = "files";

/// Bring `out` from `previous` (what this process last wrote there) to
/// `files`, touching only the files that differ. Falls back to a full
/// [`super::write_tree`] when `out` is not a graphgen folder yet.
pub fn update_tree<P: AsRef<str>, T: AsRef<str> + Sync>(
    out: &Path,
    previous: &BTreeMap<String, P>,
    files: &BTreeMap<String, T>,
) -> Result<WriteReport, OutputError> {
    let out = &super::resolve_out(out)?;
    let _lock = super::lock::OutputLock::acquire(out)?;
    super::prepare(out)?;
    if !out.join(MARKER).is_file() {
        return super::write_tree_locked(out, files, MARKER_TEXT);
    }
    let mut report = WriteReport::default();
    let mut writes = Vec::new();
    for (path, text) in files {
        safe_relative(path)?;
        let text = text.as_ref();
        match previous.get(path).map(AsRef::as_ref) {
            None => report.added.push(path.clone()),
            Some(old) if same_text(old, text) => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => report.changed.push(path.clone()),
        }
        writes.push((path, text));
    }
    report.removed = previous.keys().filter(|p| !files.contains_key(*p)).cloned().collect();
    if report.is_noop() {
        return Ok(report);
    }

    let journal = sibling(out, "journal");
    if let Err(e) = write_journal(&journal, &writes, &report.removed) {
        // Before the commit point: the output is untouched; leave nothing.
        let _ = std::fs::remove_dir_all(&journal);
        return Err(e);
    }
    apply(&journal, out)?;
    Ok(report)
}

/// Steps 1 and 2: the journal (marked as graphgen's) with the new files
/// and the deletions, then its commit point.
fn write_journal(journal: &Path, writes: &[(&String, &str)], removed: &[String]) -> Result<(), OutputError> {
    std::fs::create_dir(journal).map_err(io_err(journal))?;
    let marker = journal.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
    for (path, text) in writes {
        let target = journal.join(FILES).join(safe_relative(path)?);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        std::fs::write(&target, text).map_err(io_err(&target))?;
    }
    let removed_list = journal.join(REMOVED);
    std::fs::write(&removed_list, removed.join("\n")).map_err(io_err(&removed_list))?;
    // The commit point: a rename is atomic, a write is not.
    let pending = journal.join("committed.tmp");
    std::fs::write(&pending, "").map_err(io_err(&pending))?;
    std::fs::rename(&pending, journal.join(COMMITTED)).map_err(io_err(journal))
}

/// Texts compare equal at once when they are one shared text (a
/// regeneration hands back the text it reused, not a copy).
fn same_text(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// Finish (after its commit point) or drop (before it) a journal an
/// interrupted [`update_tree`] left next to `out`.
pub fn recover_journal(out: &Path) -> Result<(), OutputError> {
    let journal = sibling(out, "journal");
    if journal.symlink_metadata().is_err() {
        return Ok(());
    }
    if !is_journal(&journal) {
        let why = "graphgen keeps its write journal under this name, but this was not made by graphgen; move it away";
        return Err(OutputError::Refused(journal, why.into()));
    }
    if journal.join(COMMITTED).is_file() {
        apply(&journal, out)
    } else {
        std::fs::remove_dir_all(&journal).map_err(io_err(&journal))
    }
}

/// Whether `dir` is a journal graphgen wrote: a folder (not a link) that
/// holds nothing but a journal's entries (the marker is one; older
/// versions wrote none), so a folder of someone else's under the name is
/// neither applied to the output nor removed.
fn is_journal(dir: &Path) -> bool {
    const ENTRIES: [&str; 5] = [MARKER, FILES, REMOVED, COMMITTED, "committed.tmp"];
    let is_folder = dir.symlink_metadata().is_ok_and(|m| m.is_dir());
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    is_folder && entries.into_iter().all(|e| e.is_ok_and(|e| ENTRIES.iter().any(|name| e.file_name() == *name)))
}

/// Move the journal's files into `out`, delete the listed files, drop the
/// journal. Safe to run again after an interruption: moved files are gone
/// from the journal, deleting a missing file is not an error.
fn apply(journal: &Path, out: &Path) -> Result<(), OutputError> {
    let files = journal.join(FILES);
    let mut stack = vec![files.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let entry = entry.map_err(io_err(&dir))?;
            let path = entry.path();
            if entry.file_type().map_err(io_err(&path))?.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&files).expect("below the journal's files");
            let target = out.join(rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            std::fs::rename(&path, &target).map_err(io_err(&target))?;
        }
    }
    let removed_list = journal.join(REMOVED);
    let removed = std::fs::read_to_string(&removed_list).map_err(io_err(&removed_list))?;
    for rel in removed.lines().filter(|l| !l.is_empty()) {
        let target = out.join(safe_relative(rel)?);
        match std::fs::remove_file(&target) {
            Ok(()) => remove_empty_parents(&target, out),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(OutputError::Io(target, e)),
        }
    }
    std::fs::remove_dir_all(journal).map_err(io_err(journal))
}

/// Folders emptied by deletions go too (a full write would not have them).
fn remove_empty_parents(file: &Path, out: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
