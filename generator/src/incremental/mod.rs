//! Regeneration in a long-lived process: after a docs edit, only what the
//! edit touches is done again.
//!
//! A [`Session`] keeps, per page, what reading it gave (the page's schema
//! items and diagnostics, stamped with the page's and its includes' size
//! and modification time), and the files of the last emission. Each
//! [`Session::generate`]:
//! 1. stats every page and include, and reads and parses only those whose
//!    stamp changed (new, edited or deleted pages included);
//! 2. resolves the schema from all pages' items (cross-page rules need
//!    them all; this is cheap next to parsing). Resolution consumes its
//!    input, so after each generation a thread copies every page's items
//!    for the next one, while the docs are being edited. When the pages
//!    read again differ from their last reading only in what resolution
//!    carries without deciding on it (line numbers moved by a paragraph or
//!    note added, a reworded description), the last resolution is changed
//!    the same way instead ([`carried`]);
//! 3. compares the new schema with the last one and emits again only the
//!    files whose inputs changed ([`crate::emit::emit_reusing`]);
//!
//! and [`crate::output::update_tree`] then writes only the files that differ.
//! Reused files are shared, not copied (`Arc<str>`), from one generation to
//! the next and with the caller, and the last generation's schema is freed
//! on another thread.
//! The result is byte-for-byte what a fresh run gives (tested against a
//! full run after each kind of edit).

mod carried;

use crate::corpus;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::docs_files::DocsFolder;
use crate::emit::catalog::base_chain;
use crate::emit::{emit_reusing, EmitMemo, EmitOptions, GeneratedFiles, Reuse};
use crate::markdown::IncludeRefusal;
use crate::schema::resolve::PageItems;
use crate::schema::{self, Operation, Schema, TypeDef, TypeTarget};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::SystemTime;

/// What identifies a file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|meta| stamp_of(&meta))
}

fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    Stamp { len: meta.len(), modified: meta.modified().ok() }
}

/// A listed page's stamp: from its directory entry, or for a symbolic link
/// from the file it leads to (an edit changes that file, not the link).
fn entry_stamp(entry: &std::fs::DirEntry) -> Option<Stamp> {
    match entry.file_type().ok()?.is_symlink() {
        true => stamp(&entry.path()),
        false => entry.metadata().ok().map(|meta| stamp_of(&meta)),
    }
}

/// One page as last read.
struct PageState {
    stamp: Option<Stamp>,
    /// Every include the page asked for, with its stamp (`None`: missing).
    includes: Vec<(String, Option<Stamp>)>,
    items: Arc<PageItems>,
    /// Reading, parsing and schema-reading diagnostics of this page.
    diagnostics: Vec<Diagnostic>,
}

/// What one [`Session::generate`] did.
pub struct Regenerated<'s> {
    pub files: &'s GeneratedFiles,
    /// Whether any page or include changed since the last generation
    /// (always true for the first); when not, `files` are the last ones.
    pub changed: bool,
    /// The files of the generation before this one, when this one changed
    /// anything: what a caller that wrote those can bring up to date with
    /// [`crate::output::update_tree`] without keeping its own copy.
    pub previous: Option<GeneratedFiles>,
    pub diagnostics: Diagnostics,
    /// Pages read and parsed this time (all of them the first time).
    pub pages_read: usize,
    /// The pages read differed from their last reading only in what
    /// resolution carries (lines, descriptions), so the last resolution
    /// was changed the same way, not done again.
    pub reused_resolution: bool,
    /// Type and request-builder files generated afresh (the rest reused).
    pub files_made: usize,
    /// Types and operations of the schema.
    pub types: usize,
    pub operations: usize,
    /// Wall time of each stage: `read` (stat, read and parse), `copy` (of
    /// the pages' items, which resolution consumes) and `resolve`, or
    /// `reuse` (of the last resolution) in their place, then `emit`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// A docs folder kept in memory between generations.
pub struct Session {
    docs: PathBuf,
    options: EmitOptions,
    /// The include rule and API version (see [`crate::pipeline::LoadOptions`]).
    load: crate::pipeline::LoadOptions,
    pages: BTreeMap<String, PageState>,
    /// Page names not read because of their names, as last listed.
    refused: Vec<Diagnostic>,
    last: Option<Last>,
    /// Copies of every page's items for the next resolution, which consumes
    /// its input: made on another thread after each generation, while the
    /// docs are being edited, so the next generation copies only the pages
    /// it reads anew.
    spare: Option<JoinHandle<Vec<(String, PageItems)>>>,
    /// Pages read again since the spare copy was started (by generations
    /// that reused the last resolution): their copies are stale.
    stale_in_spare: BTreeSet<String>,
}

/// The last generation, what the next one compares with and reuses.
struct Last {
    schema: Schema,
    memo: EmitMemo,
    files: GeneratedFiles,
    /// Resolution's own diagnostics (what reusing it starts from), the
    /// emission's, and all of them with the pages'.
    resolved: Diagnostics,
    emitted: Diagnostics,
    diagnostics: Diagnostics,
}

impl Session {
    pub fn new(docs: impl Into<PathBuf>, options: EmitOptions) -> Session {
        Session {
            docs: docs.into(),
            options,
            load: crate::pipeline::LoadOptions::default(),
            pages: BTreeMap::new(),
            refused: Vec::new(),
            last: None,
            spare: None,
            stale_in_spare: BTreeSet::new(),
        }
    }

    /// Read with these options (include root, API version) rather than the defaults.
    pub fn load_options(mut self, load: crate::pipeline::LoadOptions) -> Session {
        self.load = load;
        self
    }

    /// The files of the last generation (empty before the first).
    pub fn files(&self) -> Option<&GeneratedFiles> {
        self.last.as_ref().map(|last| &last.files)
    }

    /// Bring the generated files up to date with the docs folder.
    ///
    /// A docs folder with no pages, or that lost a whole page folder, is
    /// taken for one being replaced (a checkout, an rsync), not for an
    /// edit: that is an error, and the session keeps its last generation,
    /// so a caller keeps its output and tries again.
    pub fn generate(&mut self) -> std::io::Result<Regenerated<'_>> {
        let mut clock = std::time::Instant::now();
        let mut timings = Vec::new();
        let mut lap = |name: &'static str| {
            timings.push((name, clock.elapsed()));
            clock = std::time::Instant::now();
        };
        // Opened afresh each time: folders may have become links since.
        let folder = crate::pipeline::open_docs(&self.docs, &self.load)?;
        let (entries, refused) = corpus::page_entries(&folder)?;
        self.check_not_vanished(&entries)?;
        let refreshed = self.refresh_pages(&folder, entries);
        let same_refused = refused == self.refused;
        let changed = refreshed.changed || !same_refused;
        self.refused = refused;
        let pages_read = refreshed.before.len();
        lap("read");
        if !changed && self.last.is_some() {
            let last = self.last.as_ref().expect("checked");
            return Ok(Regenerated {
                files: &last.files,
                changed: false,
                previous: None,
                diagnostics: last.diagnostics.clone(),
                pages_read,
                reused_resolution: false,
                files_made: 0,
                types: last.schema.types.len(),
                operations: last.schema.operations.len(),
                timings,
            });
        }

        let mut diagnostics = Diagnostics { items: self.refused.clone() };
        let states: Vec<&PageState> = self.pages.values().collect();
        for state in &states {
            diagnostics.items.extend(state.diagnostics.iter().cloned());
        }
        let mut previous = self.last.take();
        let api_version_before = previous.as_ref().map(|last| last.schema.api_version.clone());
        let reused = match previous.as_mut() {
            Some(last) if same_refused && !refreshed.listing_changed => self.reuse_resolution(last, &refreshed.before),
            _ => None,
        };
        let is_reused = reused.is_some();
        let (mut schema, resolved, changes) = match (reused, previous.as_mut()) {
            (Some(reused), Some(last)) => {
                // The last schema, changed in place, is the new one.
                let schema = std::mem::take(&mut last.schema);
                self.stale_in_spare.extend(refreshed.before.keys().cloned());
                let mut changes = Changes::from_parts(&schema, &schema, reused.types, Some(reused.operations));
                // Naming and gating read no description; only the lines
                // their diagnostics cite can have changed, with a type's.
                changes.same_naming = !reused.type_lines_moved;
                (schema, reused.said, Some(changes))
            }
            _ => {
                // Resolution consumes the items; the session keeps its own.
                let per_page = self.take_spare_copy(&refreshed.before);
                lap("copy");
                let (schema, said) = schema::resolve_pages(per_page);
                let changes = previous.as_ref().map(|last| Changes::between(&last.schema, &schema));
                (schema, said, changes)
            }
        };
        let mut settled = Diagnostics::default();
        crate::pipeline::settle_api_version(&mut schema, &self.docs, self.load.api_version.as_deref(), &mut settled);
        lap(if is_reused { "reuse" } else { "resolve" });

        // Reused with nothing changed (the pages read the same): the schema
        // is the last one, and so is every file.
        let same_schema = is_reused
            && api_version_before == Some(schema.api_version.clone())
            && changes.as_ref().is_some_and(|c| c.changed_types.is_empty() && c.dirty_operations.as_ref().is_some_and(BTreeSet::is_empty));
        let (files, emitted, memo) = match (previous.as_mut(), &changes) {
            (Some(last), Some(_)) if same_schema => {
                let mut memo = std::mem::take(&mut last.memo);
                memo.made_afresh = 0;
                (last.files.clone(), last.emitted.clone(), memo)
            }
            (Some(last), Some(changes)) => {
                let reuse = Reuse {
                    memo: &last.memo,
                    dirty_types: &changes.dirty_types,
                    changed_types: &changes.changed_types,
                    dirty_operations: changes.dirty_operations.as_ref(),
                    same_naming: changes.same_naming,
                    same_workloads: changes.same_workloads,
                };
                emit_reusing(&schema, &self.options, Some(&reuse))
            }
            _ => emit_reusing(&schema, &self.options, None),
        };
        diagnostics.extend(resolved.clone());
        diagnostics.extend(settled);
        diagnostics.extend(emitted.clone());
        diagnostics.normalize();
        lap("emit");
        let (types, operations, files_made) = (schema.types.len(), schema.operations.len(), memo.made_afresh);
        if !is_reused {
            self.prepare_spare_copy();
        }
        let last = self.last.insert(Last { schema, memo, files, resolved, emitted, diagnostics });
        let previous = previous.map(|Last { schema, memo, files, resolved, emitted, diagnostics }| {
            // Freeing the last schema and memo (hundreds of thousands of
            // allocations) is left to another thread, off the caller's path.
            std::thread::spawn(move || drop((schema, memo, resolved, emitted, diagnostics)));
            files
        });
        Ok(Regenerated {
            files: &last.files,
            changed: true,
            previous,
            diagnostics: last.diagnostics.clone(),
            pages_read,
            reused_resolution: is_reused,
            files_made,
            types,
            operations,
            timings,
        })
    }

    /// The last schema (none before the first generation).
    pub fn schema(&self) -> Option<&Schema> {
        self.last.as_ref().map(|last| &last.schema)
    }

    /// When the pages read again (`before`: their last readings) differ
    /// from those only in what resolution carries: change the last
    /// resolution in place the same way ([`carried`]) and say what changed.
    /// Otherwise `None`, with `last` untouched.
    fn reuse_resolution(&self, last: &mut Last, before: &BTreeMap<String, Option<Arc<PageItems>>>) -> Option<carried::Reused> {
        let changed = before
            .iter()
            .map(|(path, old)| Some((path.as_str(), old.as_deref()?, &*self.pages.get(path)?.items)))
            .collect::<Option<Vec<_>>>()?;
        let others = || self.pages.iter().filter(|(path, _)| !before.contains_key(*path)).map(|(_, state)| &*state.items).collect();
        carried::Carried::of(changed, others)?.apply(&mut last.schema, &last.resolved)
    }

    /// Copies of all pages' items, in path order: the spare copy made after
    /// the last generation, with the pages read since copied anew; or, when
    /// there is none or pages were added or deleted, a fresh copy.
    fn take_spare_copy(&mut self, read_now: &BTreeMap<String, Option<Arc<PageItems>>>) -> Vec<PageItems> {
        let spare = self.spare.take().and_then(|copying| copying.join().ok());
        let stale = &self.stale_in_spare;
        match spare {
            Some(spare) if spare.len() == self.pages.len() && spare.iter().zip(self.pages.keys()).all(|((p, _), k)| p == k) => spare
                .into_iter()
                .zip(self.pages.values())
                .map(|((path, items), state)| match read_now.contains_key(&path) || stale.contains(&path) {
                    true => detached(&state.items),
                    false => items,
                })
                .collect(),
            _ => self.pages.values().collect::<Vec<_>>().par_iter().map(|state| detached(&state.items)).collect(),
        }
    }

    /// Start copying every page's items for the next generation.
    fn prepare_spare_copy(&mut self) {
        self.stale_in_spare.clear();
        let shared: Vec<(String, Arc<PageItems>)> = self.pages.iter().map(|(path, state)| (path.clone(), state.items.clone())).collect();
        self.spare = Some(std::thread::spawn(move || shared.into_iter().map(|(path, items)| (path, detached(&items))).collect()));
    }

    /// An error when the listing looks like a docs folder being replaced
    /// rather than edited (see [`Session::generate`]).
    fn check_not_vanished(&self, entries: &[(String, std::fs::DirEntry)]) -> std::io::Result<()> {
        let gone = |why: String| Err(std::io::Error::new(std::io::ErrorKind::NotFound, why));
        if entries.is_empty() {
            return gone(format!("no pages found under {} (expected {}/*.md)", self.docs.display(), corpus::PAGE_FOLDERS.join("/*.md or ")));
        }
        for folder in corpus::PAGE_FOLDERS {
            let had_pages = self.pages.keys().any(|p| p.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/')));
            if had_pages && !self.docs.join(folder).is_dir() {
                return gone(format!("the page folder {} is gone", self.docs.join(folder).display()));
            }
        }
        Ok(())
    }

    /// Read again the pages whose file or includes changed; forget deleted
    /// pages.
    fn refresh_pages(&mut self, folder: &DocsFolder, entries: Vec<(String, std::fs::DirEntry)>) -> Refreshed {
        let docs = &self.docs;
        let known = &self.pages;
        // Many pages share an include (a notice): each is stat'ed once.
        let includes: BTreeSet<&String> = known.values().flat_map(|state| state.includes.iter().map(|(inc, _)| inc)).collect();
        let include_stamps: BTreeMap<&String, Option<Stamp>> =
            includes.into_par_iter().map(|inc| (inc, stamp(&docs.join(inc)))).collect();
        let fresh: Vec<(String, PageState)> = entries
            .par_iter()
            .filter(|(rel, entry)| match known.get(rel) {
                None => true,
                Some(state) => {
                    state.stamp != entry_stamp(entry)
                        || state.includes.iter().any(|(inc, s)| include_stamps.get(inc) != Some(s))
                }
            })
            .map(|(rel, _)| (rel.clone(), read_page(folder, rel)))
            .collect();
        let listed: BTreeSet<String> = entries.into_iter().map(|(path, _)| path).collect();
        let before = self.pages.len();
        self.pages.retain(|path, _| listed.contains(path));
        let deleted = self.pages.len() != before;
        let before: BTreeMap<String, Option<Arc<PageItems>>> =
            fresh.iter().map(|(path, _)| (path.clone(), self.pages.get(path).map(|state| state.items.clone()))).collect();
        let added = before.values().any(Option::is_none);
        self.pages.extend(fresh);
        Refreshed { changed: !before.is_empty() || deleted, listing_changed: deleted || added, before }
    }
}

/// What [`Session::refresh_pages`] did.
struct Refreshed {
    /// The pages read, with their last readings (`None`: new pages).
    before: BTreeMap<String, Option<Arc<PageItems>>>,
    /// A page was read, added or deleted.
    changed: bool,
    /// A page was added or deleted.
    listing_changed: bool,
}

/// A copy of a page's items that shares nothing with the session's:
/// resolution then moves each operation's examples where pages merge,
/// instead of copying examples it finds still shared (on its own time).
fn detached(items: &PageItems) -> PageItems {
    let mut copy = items.clone();
    for po in &mut copy.operations {
        po.op.examples = Arc::new(po.op.examples.as_ref().clone());
    }
    copy
}

fn read_page(folder: &DocsFolder, rel: &str) -> PageState {
    let page_stamp = stamp(&folder.root().join(rel));
    // A refused include is watched too: fixing it changes its stamp.
    let stamped = |folder: &DocsFolder, path: &str, text: &Result<String, IncludeRefusal>| match text {
        Err(IncludeRefusal::NotFound) => None,
        _ => stamp(&folder.root().join(path)),
    };
    let includes = corpus::RecordingIncludes::new(folder, stamped);
    let (items, diagnostics) = schema::read_parsed(corpus::read_page_in(folder, rel, &includes));
    PageState { stamp: page_stamp, includes: includes.into_used(), items: Arc::new(items), diagnostics }
}

/// What changed between two schemas, as emission needs to know it.
struct Changes {
    /// Types whose definition differs (or that are new).
    changed_types: BTreeSet<String>,
    /// Types whose file may differ: the changed ones, those deriving from
    /// them (inherited properties), their bases (variant lists) and those
    /// with a property of a changed type.
    dirty_types: BTreeSet<String>,
    /// Operations whose definition differs; `None` when operations were
    /// added, removed, moved or re-gated (then every request file is redone).
    dirty_operations: Option<BTreeSet<usize>>,
    /// What crate-wide naming and gating are made from is unchanged: the
    /// types, and each operation's workload and the types it names.
    same_naming: bool,
    /// The same types and operations in the same workloads (what the
    /// features map records): the last record stands.
    same_workloads: bool,
}

impl Changes {
    fn between(old: &Schema, new: &Schema) -> Changes {
        let changed_types: BTreeSet<String> = new
            .types
            .par_iter()
            .filter(|(qn, t)| old.types.get(*qn) != Some(*t))
            .map(|(qn, _)| qn.clone())
            .collect();
        let same_shape = old.operations.len() == new.operations.len()
            && old.operations.par_iter().zip(&new.operations).all(|(a, b)| shape(a) == shape(b));
        let dirty_operations = same_shape.then(|| {
            old.operations.par_iter().zip(&new.operations).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i).collect()
        });
        Changes::from_parts(old, new, changed_types, dirty_operations)
    }

    /// The rest of what emission needs to know, from the types and
    /// operations that differ.
    fn from_parts(old: &Schema, new: &Schema, changed_types: BTreeSet<String>, dirty_operations: Option<BTreeSet<usize>>) -> Changes {
        let mut dirty_types = changed_types.clone();
        let is_changed = |b: &TypeDef| changed_types.contains(&b.qualified_name());
        let names_changed = |b: &TypeDef| {
            b.properties.iter().any(|p| matches!(&p.ty.target, TypeTarget::Named(n) if changed_types.contains(n)))
        };
        for (qn, t) in &new.types {
            // A type's file holds its inherited properties too.
            if base_chain(new, t).iter().any(|b| is_changed(b) || names_changed(b)) {
                dirty_types.insert(qn.clone());
            }
        }
        for schema in [old, new] {
            for qn in &changed_types {
                if let Some(t) = schema.types.get(qn) {
                    dirty_types.extend(base_chain(schema, t).iter().map(|b| b.qualified_name()));
                }
            }
        }
        let same_naming = changed_types.is_empty()
            && old.types.len() == new.types.len()
            && dirty_operations.as_ref().is_some_and(|dirty: &BTreeSet<usize>| {
                dirty.iter().all(|&i| {
                    let (a, b) = (&old.operations[i], &new.operations[i]);
                    a.workloads == b.workloads && a.type_refs().eq(b.type_refs())
                })
            });
        // Same operations (paths, workloads: `shape`) and type names, and no
        // changed type in other workloads.
        let same_workloads = dirty_operations.is_some()
            && old.types.len() == new.types.len()
            && changed_types.iter().all(|qn| old.types.get(qn).is_some_and(|o| o.workloads == new.types[qn].workloads));
        Changes { changed_types, dirty_types, dirty_operations, same_naming, same_workloads }
    }
}

/// What the request tree, builder names and feature gates are made from.
/// Source lines are left out: they only reach diagnostics, and the files
/// holding those are remade whenever an operation below them changes.
fn shape(op: &Operation) -> impl PartialEq + '_ {
    let paths: Vec<_> = op.paths.iter().map(|p| (&p.raw, &p.segments)).collect();
    (&op.id, &op.name, op.kind, op.method, paths, &op.workloads, op.body.as_ref().map(std::mem::discriminant))
}
