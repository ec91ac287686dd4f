//! A cache of what each page said, kept between runs of a `build.rs`, so a
//! run reads and parses only the pages that changed since the last one.
//!
//! Parsing markdown is most of a generation's cost, and a build script runs
//! in the `dev` profile's build-dependency settings (no optimization by
//! default), where reading the whole Graph reference takes seconds. With the
//! cache, a run stats every page, reads the ones whose stamp (length and
//! modification time) changed, and parses only those whose content changed;
//! every other page's schema items come from the cache. Cross-page
//! resolution then runs over all pages as in a full run, so the schema is
//! exactly a full run's: the cache only saves re-reading what did not
//! change, it never decides what a page means.
//!
//! Layout of the cache folder (by default `OUT_DIR/graphgen-cache`):
//! - `manifest.json`: per page, its stamp, the key of its entry and the
//!   stamps of the includes it read;
//! - `pages/<key>.json`: one entry per page version: the page's items and
//!   diagnostics, and the includes it read with their content hashes. The
//!   key hashes graphgen's version and build (the running program's stamp), [`FORMAT`], the page's path and bytes,
//!   so an entry never goes stale: a new version of a page, or of graphgen,
//!   has another key.
//!
//! Robustness: every file is written to a temporary name and renamed into
//! place, so a run killed mid-write leaves no half entry; an entry or
//! manifest that does not read back (corrupt, from another format, for
//! another page) is ignored and the page parsed again; after a run, the
//! entries the last manifest named and the new one does not are removed
//! (and, when there was no usable manifest, every entry it does not name:
//! what a run killed before its manifest was written may have left). Two runs sharing a folder write the same
//! entries under the same names; the last manifest wins, and either is right.

use crate::corpus;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::docs_files::DocsFolder;
use crate::markdown::{IncludeLoader, IncludeRefusal};
use crate::schema::{self, resolve::PageItems};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The cache's format: bump it whenever what a page's entry holds, or how a
/// page is read into it, changes in a way graphgen's version does not show.
pub const FORMAT: u32 = 1;

/// What a stamp is made of: enough to notice an edit without reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch (0: unknown).
    pub modified_ns: u128,
}

fn stamp(path: &Path) -> Option<Stamp> {
    std::fs::metadata(path).ok().map(|meta| stamp_of(&meta))
}

fn stamp_of(meta: &std::fs::Metadata) -> Stamp {
    let modified_ns = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    Stamp { len: meta.len(), modified_ns }
}

/// A listed page's stamp, as [`stamp`] of its path gives it: read relative
/// to its open directory (cheaper than a lookup by full path, for every
/// page of every run), or for a symbolic link from the file it leads to.
fn entry_stamp(entry: &std::fs::DirEntry) -> Option<Stamp> {
    match entry.file_type().ok()?.is_symlink() {
        true => stamp(&entry.path()),
        false => entry.metadata().ok().map(|meta| stamp_of(&meta)),
    }
}

/// A 128-bit content hash, as hex (two SipHash passes with different prefixes).
fn content_hash(parts: &[&[u8]]) -> String {
    let one = |salt: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        salt.hash(&mut h);
        for part in parts {
            part.len().hash(&mut h);
            h.write(part);
        }
        h.finish()
    };
    format!("{:016x}{:016x}", one(1), one(2))
}

/// The manifest: what the last run knew about each page.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    graphgen: String,
    pages: BTreeMap<String, PageRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PageRecord {
    stamp: Stamp,
    key: String,
    /// Includes the page read (or tried to), with their stamps (`None`: missing).
    includes: Vec<(String, Option<Stamp>)>,
}

/// graphgen's version and the stamp (size, modification time) of the
/// program running it: a build script links graphgen in, so a graphgen
/// changed without a version bump (a path or git dependency, a local
/// checkout) relinks the script and gives every entry another key, instead
/// of serving pages read by the older code. A program whose stamp cannot be
/// read falls back to the version alone.
fn graphgen_build() -> String {
    let stamp = std::env::current_exe().and_then(|exe| exe.metadata()).ok().map(|m| {
        let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
        format!("+{}.{modified}", m.len())
    });
    format!("{}{}", env!("CARGO_PKG_VERSION"), stamp.unwrap_or_default())
}

/// One page version's reading.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    format: u32,
    graphgen: String,
    path: String,
    items: PageItems,
    diagnostics: Vec<Diagnostic>,
    /// Includes read, with the hash of their content (`None`: missing or refused).
    includes: Vec<(String, Option<String>)>,
}

/// What [`load`] gives: the same as [`crate::pipeline::load`], and how much
/// came from the cache.
pub struct Cached {
    pub loaded: crate::pipeline::Loaded,
    /// Pages parsed this run (the rest came from the cache).
    pub pages_parsed: usize,
    pub pages_total: usize,
    /// For each page, the includes it read (paths relative to the docs root).
    pub includes_of: BTreeMap<String, Vec<String>>,
    /// Wall time of each stage (`list`, `pages`, `resolve`, `save`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Includes read from disk, remembering which ones (and their bytes' hash).
struct HashingIncludes<'a> {
    folder: &'a DocsFolder,
    used: Mutex<Vec<(String, Option<String>)>>,
}

impl IncludeLoader for HashingIncludes<'_> {
    fn load(&self, path: &str) -> Option<String> {
        self.read(path).ok()
    }

    fn read(&self, path: &str) -> Result<String, IncludeRefusal> {
        let text = corpus::read_include(self.folder, path);
        if let Ok(mut used) = self.used.lock() {
            used.push((path.to_owned(), text.as_ref().ok().map(|t| content_hash(&[t.as_bytes()]))));
        }
        text
    }
}

/// Read a docs folder as [`crate::pipeline::load`] does, taking from the
/// cache in `cache_dir` every page that did not change, and leaving the
/// cache up to date for the next run (with no cache folder: every page is
/// parsed, and nothing is kept).
pub fn load(folder: &DocsFolder, cache_dir: Option<&Path>, api_version: Option<&str>) -> std::io::Result<Cached> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let (entries, refused) = corpus::page_entries(folder)?;
    let (paths, stamps): (Vec<String>, Vec<Option<Stamp>>) = entries.into_par_iter().map(|(rel, entry)| (rel, entry_stamp(&entry))).unzip();
    if paths.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no pages found under {} (expected {}/*.md)", folder.root().display(), corpus::PAGE_FOLDERS.join("/*.md or ")),
        ));
    }
    let version = graphgen_build();
    let version = version.as_str();
    let manifest = cache_dir
        .and_then(|dir| read_json::<Manifest>(&dir.join("manifest.json")))
        .filter(|m| m.format == FORMAT && m.graphgen == version)
        .unwrap_or_default();
    lap("manifest");
    let entries_dir = cache_dir.map(|dir| dir.join("pages"));
    let entries_dir = entries_dir.as_deref();
    // Each include is stat'ed once, however many pages read it.
    let includes: BTreeSet<&String> = manifest.pages.values().flat_map(|r| r.includes.iter().map(|(p, _)| p)).collect();
    let include_stamps: BTreeMap<&String, Option<Stamp>> =
        includes.into_par_iter().map(|inc| (inc, stamp(&folder.root().join(inc)))).collect();

    let results: Vec<(String, PageRecord, Entry, bool)> = paths
        .par_iter()
        .zip(&stamps)
        .map(|(rel, &now)| {
            let unchanged = manifest.pages.get(rel).filter(|r| {
                Some(r.stamp) == now && r.includes.iter().all(|(inc, s)| include_stamps.get(inc) == Some(s))
            });
            if let Some(record) = unchanged {
                if let Some(entry) = read_entry(entries_dir, &record.key, rel, version) {
                    return (rel.clone(), record.clone(), entry, false);
                }
            }
            read_page(folder, entries_dir, rel, version)
        })
        .collect();
    lap("pages");

    let mut new_manifest = Manifest { format: FORMAT, graphgen: version.to_owned(), pages: BTreeMap::new() };
    let mut diagnostics = Diagnostics { items: refused };
    let mut per_page = Vec::with_capacity(results.len());
    let mut includes_of = BTreeMap::new();
    let mut pages_parsed = 0;
    for (rel, record, entry, parsed) in results {
        pages_parsed += usize::from(parsed);
        diagnostics.items.extend(entry.diagnostics);
        let read: Vec<String> = entry.includes.iter().filter(|(_, hash)| hash.is_some()).map(|(p, _)| p.clone()).collect();
        includes_of.insert(rel.clone(), read);
        per_page.push(entry.items);
        new_manifest.pages.insert(rel, record);
    }
    let (mut schema, resolve_diags) = schema::resolve_pages(per_page);
    diagnostics.extend(resolve_diags);
    crate::pipeline::settle_api_version(&mut schema, folder.root(), api_version, &mut diagnostics);
    diagnostics.normalize();
    lap("resolve");

    let changed = pages_parsed > 0 || new_manifest.pages.len() != manifest.pages.len();
    if let (Some(dir), Some(entries_dir), true) = (cache_dir, entries_dir, changed) {
        // A cache that cannot be written costs the next run time, not this one its result.
        let _ = write_json(&dir.join("manifest.json"), &new_manifest);
        match manifest.pages.is_empty() {
            // No usable manifest: entries of any earlier run may be there.
            true => remove_unnamed_entries(entries_dir, &new_manifest),
            false => remove_replaced_entries(entries_dir, &manifest, &new_manifest),
        }
    }
    let mut inputs: Vec<String> = paths;
    inputs.extend(includes_of.values().flatten().cloned());
    inputs.sort();
    inputs.dedup();
    // Page kinds are not kept in the cache: a build script does not report them.
    let doc_types = BTreeMap::new();
    let conceptual = Default::default();
    let pages_total = new_manifest.pages.len();
    lap("save");
    let loaded = crate::pipeline::Loaded { schema, diagnostics, inputs, doc_types, conceptual };
    Ok(Cached { loaded, pages_parsed, pages_total, includes_of, timings })
}

/// A page read from disk: from the cache when an entry for its exact bytes
/// (and its includes' bytes) is there, else parsed and stored.
fn read_page(folder: &DocsFolder, entries_dir: Option<&Path>, rel: &str, version: &str) -> (String, PageRecord, Entry, bool) {
    let page_stamp = stamp(&folder.root().join(rel)).unwrap_or(Stamp { len: 0, modified_ns: 0 });
    let bytes = folder.read(rel).ok();
    let key = bytes.as_ref().map(|b| content_hash(&[version.as_bytes(), &FORMAT.to_le_bytes(), rel.as_bytes(), b]));
    let record = |key: String, entry: &Entry| PageRecord {
        stamp: page_stamp,
        key,
        includes: entry.includes.iter().map(|(p, _)| (p.clone(), stamp(&folder.root().join(p)))).collect(),
    };
    if let Some(key) = &key {
        let cached = read_entry(entries_dir, key, rel, version).filter(|entry| {
            entry.includes.iter().all(|(inc, hash)| {
                let now = corpus::read_include(folder, inc).ok().map(|t| content_hash(&[t.as_bytes()]));
                &now == hash
            })
        });
        if let Some(entry) = cached {
            return (rel.to_owned(), record(key.clone(), &entry), entry, false);
        }
    }
    // Parsed from what was read above when it could be read, so the entry
    // is the reading of exactly the bytes its key hashes.
    let includes = HashingIncludes { folder, used: Mutex::new(Vec::new()) };
    let (page, mut diagnostics) = match &bytes {
        Some(bytes) => corpus::parse_bytes(rel, bytes.clone(), &includes),
        None => corpus::read_page_in(folder, rel, &includes),
    };
    let items = match page {
        Some(page) => {
            let (items, page_diags) = schema::read_one(&page);
            diagnostics.extend(page_diags.items);
            items
        }
        None => PageItems::default(),
    };
    let mut used = includes.used.into_inner().unwrap_or_default();
    used.sort();
    used.dedup();
    let entry = Entry { format: FORMAT, graphgen: version.to_owned(), path: rel.to_owned(), items, diagnostics, includes: used };
    let key = match (key, entries_dir) {
        (Some(key), Some(dir)) => {
            // A page that cannot be read is never cached: it is tried again.
            let _ = write_json(&dir.join(format!("{key}.json")), &entry);
            key
        }
        _ => String::new(),
    };
    (rel.to_owned(), record(key, &entry), entry, true)
}

fn read_entry(entries_dir: Option<&Path>, key: &str, rel: &str, version: &str) -> Option<Entry> {
    let entries_dir = entries_dir.filter(|_| !key.is_empty())?;
    read_json::<Entry>(&entries_dir.join(format!("{key}.json"))).filter(|e| e.format == FORMAT && e.graphgen == version && e.path == rel)
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Write `value` to `path` atomically: a temporary file of this process,
/// renamed into place.
fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    write_atomically(path, &bytes)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.{}.{:?}.tmp", std::process::id(), std::thread::current().id()).replace(['(', ')'], ""));
    let written = std::fs::write(&tmp, &bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Remove entries the manifest does not name (older versions of pages).
fn remove_unnamed_entries(entries_dir: &Path, manifest: &Manifest) {
    let named: BTreeSet<String> = manifest.pages.values().map(|r| format!("{}.json", r.key)).collect();
    let Ok(entries) = std::fs::read_dir(entries_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !named.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Remove the entries the last manifest named and the new one does not
/// (the last versions of the pages that changed): a run after an edit
/// touches the entries of what changed, not a listing of every entry.
fn remove_replaced_entries(entries_dir: &Path, old: &Manifest, new: &Manifest) {
    let named: BTreeSet<&str> = new.pages.values().map(|r| r.key.as_str()).collect();
    for record in old.pages.values().filter(|r| !r.key.is_empty() && !named.contains(r.key.as_str())) {
        let _ = std::fs::remove_file(entries_dir.join(format!("{}.json", record.key)));
    }
}

/// The default cache folder of a build script: `OUT_DIR/graphgen-cache`.
pub fn default_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("graphgen-cache")
}
