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
//! change, it never decides what a page means. (With a selection, a build
//! script may skip that whole resolution when the last one still holds:
//! see [`crate::build_result`], which uses [`Run`] to read only the entries
//! it needs.)
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
use crate::markdown::IncludeRefusal;
use crate::schema::{self, resolve::PageItems};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

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
    /// The diagnostics of `loaded` by origin: names refused when listing,
    /// each page's own reading (pages with none left out), and the rest
    /// (cross-page resolution, the API version). A build script keeps them
    /// apart so a run that re-reads a few pages replaces only theirs
    /// ([`crate::build_result`]).
    pub refused: Vec<Diagnostic>,
    pub reading: BTreeMap<String, Vec<Diagnostic>>,
    pub cross_page: Vec<Diagnostic>,
    /// Wall time of each stage (`manifest`, `pages`, `entries`, `resolve`, `save`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// graphgen's build, the entries' folder and each page's entry key:
    /// where [`Cached::reading_of`] finds a page's reading again.
    pub(crate) graphgen: String,
    entries_dir: Option<PathBuf>,
    keys: BTreeMap<String, String>,
    /// For each page describing operations, every path its reading gives
    /// them (before paths are merged or repaired across pages).
    pub paths_read: BTreeMap<String, Vec<String>>,
}

impl Cached {
    /// A page's reading, as the cache keeps it (`None`: not kept).
    pub fn reading_of(&self, rel: &str) -> Option<PageReading> {
        let key = self.keys.get(rel)?;
        read_entry(self.entries_dir.as_deref(), key, rel, &self.graphgen).map(PageReading::from)
    }
}

/// Read a docs folder as [`crate::pipeline::load`] does, taking from the
/// cache in `cache_dir` every page that did not change, and leaving the
/// cache up to date for the next run (with no cache folder: every page is
/// parsed, and nothing is kept).
pub fn load(folder: &DocsFolder, cache_dir: Option<&Path>, api_version: Option<&str>) -> std::io::Result<Cached> {
    Ok(Run::start(folder, cache_dir)?.finish(api_version))
}

/// One run over the cache, in two steps: [`Run::start`] lists and stats
/// every page and reads (parses, or finds by content) those whose stamp
/// changed; [`Run::finish`] takes every other page's reading from the cache
/// and resolves the whole schema. Between them, a caller that knows what
/// the last run made of the unchanged pages may take another way
/// ([`crate::build_result`]), reading only the entries it needs
/// ([`Run::entry`]) and saving with [`Run::save`].
pub struct Run<'a> {
    folder: &'a DocsFolder,
    cache_dir: Option<PathBuf>,
    entries_dir: Option<PathBuf>,
    version: String,
    refused: Vec<Diagnostic>,
    /// Every page listed, sorted.
    paths: Vec<String>,
    /// What the last run recorded (empty when unusable).
    manifest: Manifest,
    /// Whether every include the last run recorded has its recorded stamp.
    includes_unchanged: bool,
    /// Per page of `paths`: its reading when read this run (its stamp or an
    /// include's changed, or it is new), with whether it was parsed.
    read_now: Vec<Option<(PageRecord, Entry, bool)>>,
    timings: Vec<(&'static str, std::time::Duration)>,
    clock: std::time::Instant,
}

impl<'a> Run<'a> {
    /// List and stat every page; read those whose stamp (or an include's) changed.
    pub fn start(folder: &'a DocsFolder, cache_dir: Option<&Path>) -> std::io::Result<Run<'a>> {
        let clock = std::time::Instant::now();
        let (entries, refused) = corpus::page_entries(folder)?;
        let (paths, stamps): (Vec<String>, Vec<Option<Stamp>>) = entries.into_par_iter().map(|(rel, entry)| (rel, entry_stamp(&entry))).unzip();
        if paths.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("no pages found under {} (expected {}/*.md)", folder.root().display(), corpus::PAGE_FOLDERS.join("/*.md or ")),
            ));
        }
        let version = graphgen_build();
        let manifest = cache_dir
            .and_then(|dir| read_json::<Manifest>(&dir.join("manifest.json")))
            .filter(|m| m.format == FORMAT && m.graphgen == version)
            .unwrap_or_default();
        let mut run = Run {
            folder,
            cache_dir: cache_dir.map(Path::to_path_buf),
            entries_dir: cache_dir.map(|dir| dir.join("pages")),
            version,
            refused,
            paths,
            manifest,
            includes_unchanged: true,
            read_now: Vec::new(),
            timings: Vec::new(),
            clock,
        };
        run.lap("manifest");
        // Each include is stat'ed once, however many pages read it.
        let includes: BTreeSet<&String> = run.manifest.pages.values().flat_map(|r| r.includes.iter().map(|(p, _)| p)).collect();
        let include_stamps: BTreeMap<&String, Option<Stamp>> =
            includes.into_par_iter().map(|inc| (inc, stamp(&folder.root().join(inc)))).collect();
        let includes_unchanged = run.manifest.pages.values().all(|r| r.includes.iter().all(|(inc, s)| include_stamps.get(inc) == Some(s)));
        let read_now: Vec<Option<(PageRecord, Entry, bool)>> = run
            .paths
            .par_iter()
            .zip(&stamps)
            .map(|(rel, &now)| {
                let unchanged = run.manifest.pages.get(rel).is_some_and(|r| {
                    Some(r.stamp) == now && r.includes.iter().all(|(inc, s)| include_stamps.get(inc) == Some(s))
                });
                match unchanged {
                    true => None,
                    false => {
                        let (_, record, entry, parsed) = read_page(folder, run.entries_dir.as_deref(), rel, &run.version);
                        Some((record, entry, parsed))
                    }
                }
            })
            .collect();
        drop(include_stamps);
        run.includes_unchanged = includes_unchanged;
        run.read_now = read_now;
        run.lap("pages");
        Ok(run)
    }

    /// Record the time since the last stage as stage `name`.
    pub fn lap(&mut self, name: &'static str) {
        self.timings.push((name, self.clock.elapsed()));
        self.clock = std::time::Instant::now();
    }

    /// Whether the pages listed are the ones the last run recorded, with the
    /// same names refused, and every include as it was then.
    pub fn same_pages_as_last_run(&self, refused_then: &[Diagnostic]) -> bool {
        self.includes_unchanged
            && self.refused == refused_then
            && self.paths.len() == self.manifest.pages.len()
            && self.paths.iter().all(|p| self.manifest.pages.contains_key(p))
    }

    /// The pages read this run whose content changed since the last run
    /// recorded them: each with its reading then (`None`: not in the cache
    /// any more) and now. A page touched but not changed is not among them.
    pub fn changed_pages(&self) -> Vec<(String, Option<PageReading>, PageReading)> {
        self.paths
            .iter()
            .zip(&self.read_now)
            .filter_map(|(rel, now)| {
                let (record, entry, _) = now.as_ref()?;
                let then = self.manifest.pages.get(rel);
                if then.is_some_and(|t| t.key == record.key && !record.key.is_empty()) {
                    return None;
                }
                let before = then.and_then(|t| read_entry(self.entries_dir.as_deref(), &t.key, rel, &self.version)).map(PageReading::from);
                Some((rel.clone(), before, PageReading::of(entry)))
            })
            .collect()
    }

    /// The reading of one page: this run's when it was read, else the cache's.
    pub fn entry(&self, rel: &str) -> Option<PageReading> {
        let at = self.paths.binary_search_by(|p| p.as_str().cmp(rel)).ok()?;
        match &self.read_now[at] {
            Some((_, entry, _)) => Some(PageReading::of(entry)),
            None => {
                let record = self.manifest.pages.get(rel)?;
                read_entry(self.entries_dir.as_deref(), &record.key, rel, &self.version).map(PageReading::from)
            }
        }
    }

    /// Every page listed, sorted.
    pub fn pages(&self) -> &[String] {
        &self.paths
    }

    /// Pages parsed this run, and pages in all.
    pub fn pages_parsed(&self) -> (usize, usize) {
        (self.read_now.iter().flatten().filter(|(_, _, parsed)| *parsed).count(), self.paths.len())
    }

    /// The diagnostics of names refused when listing the pages.
    pub fn names_refused(&self) -> &[Diagnostic] {
        &self.refused
    }

    /// The cache folder.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// The stamp of graphgen's build the entries are for.
    pub fn graphgen_build(&self) -> &str {
        &self.version
    }

    /// Keep what this run read for the next one (the manifest, and the
    /// entries it replaced removed), without resolving anything.
    pub fn save(mut self) -> Vec<(&'static str, std::time::Duration)> {
        let records: Vec<(String, PageRecord)> = self
            .paths
            .iter()
            .zip(&self.read_now)
            .filter_map(|(rel, now)| {
                let record = match now {
                    Some((record, _, _)) => record.clone(),
                    None => self.manifest.pages.get(rel)?.clone(),
                };
                Some((rel.clone(), record))
            })
            .collect();
        let parsed = self.read_now.iter().flatten().any(|(_, _, parsed)| *parsed);
        self.write_manifest(records, parsed);
        self.lap("save");
        self.timings
    }

    fn write_manifest(&self, records: Vec<(String, PageRecord)>, parsed: bool) -> usize {
        let mut new_manifest = Manifest { format: FORMAT, graphgen: self.version.clone(), pages: BTreeMap::new() };
        new_manifest.pages.extend(records);
        let changed = parsed
            || new_manifest.pages.len() != self.manifest.pages.len()
            || new_manifest.pages.iter().any(|(rel, r)| self.manifest.pages.get(rel).is_none_or(|old| old.key != r.key || old.stamp != r.stamp || old.includes != r.includes));
        if let (Some(dir), Some(entries_dir), true) = (self.cache_dir.as_deref(), self.entries_dir.as_deref(), changed) {
            // A cache that cannot be written costs the next run time, not this one its result.
            let _ = write_json(&dir.join("manifest.json"), &new_manifest);
            match self.manifest.pages.is_empty() {
                // No usable manifest: entries of any earlier run may be there.
                true => remove_unnamed_entries(entries_dir, &new_manifest),
                false => remove_replaced_entries(entries_dir, &self.manifest, &new_manifest),
            }
        }
        new_manifest.pages.len()
    }

    /// Take every other page's reading from the cache (a page whose entry
    /// does not read back is parsed again), resolve the whole schema, and
    /// keep what was read for the next run.
    pub fn finish(mut self, api_version: Option<&str>) -> Cached {
        let read_now = std::mem::take(&mut self.read_now);
        let results: Vec<(String, PageRecord, Entry, bool)> = self
            .paths
            .par_iter()
            .zip(read_now)
            .map(|(rel, now)| match now {
                Some((record, entry, parsed)) => (rel.clone(), record, entry, parsed),
                None => {
                    let record = self.manifest.pages.get(rel).filter(|r| !r.key.is_empty());
                    match record.and_then(|r| read_entry(self.entries_dir.as_deref(), &r.key, rel, &self.version).map(|e| (r, e))) {
                        Some((record, entry)) => (rel.clone(), record.clone(), entry, false),
                        None => read_page(self.folder, self.entries_dir.as_deref(), rel, &self.version),
                    }
                }
            })
            .collect();
        self.lap("entries");

        let mut reading = BTreeMap::new();
        let mut per_page = Vec::with_capacity(results.len());
        let mut includes_of = BTreeMap::new();
        let mut paths_read = BTreeMap::new();
        let mut records = Vec::with_capacity(results.len());
        let mut pages_parsed = 0;
        for (rel, record, entry, parsed) in results {
            pages_parsed += usize::from(parsed);
            includes_of.insert(rel.clone(), entry.includes_read());
            if !entry.diagnostics.is_empty() {
                reading.insert(rel.clone(), entry.diagnostics);
            }
            if !entry.items.operations.is_empty() {
                let raw = entry.items.operations.iter().flat_map(|po| po.op.paths.iter().map(|p| p.raw.clone())).collect();
                paths_read.insert(rel.clone(), raw);
            }
            per_page.push(entry.items);
            records.push((rel, record));
        }
        let (mut schema, resolve_diags) = schema::resolve_pages(per_page);
        let mut cross_page = resolve_diags;
        crate::pipeline::settle_api_version(&mut schema, self.folder.root(), api_version, &mut cross_page);
        let refused = std::mem::take(&mut self.refused);
        let mut diagnostics = Diagnostics { items: refused.clone() };
        diagnostics.items.extend(reading.values().flatten().cloned());
        diagnostics.items.extend(cross_page.items.iter().cloned());
        diagnostics.normalize();
        self.lap("resolve");

        let keys = records.iter().map(|(rel, r)| (rel.clone(), r.key.clone())).collect();
        let pages_total = self.write_manifest(records, pages_parsed > 0);
        let mut inputs: Vec<String> = std::mem::take(&mut self.paths);
        inputs.extend(includes_of.values().flatten().cloned());
        inputs.sort();
        inputs.dedup();
        // Page kinds are not kept in the cache: a build script does not report them.
        let doc_types = BTreeMap::new();
        let conceptual = Default::default();
        self.lap("save");
        let loaded = crate::pipeline::Loaded { schema, diagnostics, inputs, doc_types, conceptual };
        let (graphgen, entries_dir) = (std::mem::take(&mut self.version), self.entries_dir.take());
        Cached {
            loaded,
            pages_parsed,
            pages_total,
            includes_of,
            refused,
            reading,
            cross_page: cross_page.items,
            timings: self.timings,
            graphgen,
            entries_dir,
            keys,
            paths_read,
        }
    }
}

/// What one page said, as a caller of [`Run`] sees it.
#[derive(Debug, Clone)]
pub struct PageReading {
    pub items: PageItems,
    pub diagnostics: Vec<Diagnostic>,
    /// The includes the page read (those that could be read).
    pub includes: Vec<String>,
}

impl PageReading {
    fn of(entry: &Entry) -> PageReading {
        PageReading { items: entry.items.clone(), diagnostics: entry.diagnostics.clone(), includes: entry.includes_read() }
    }
}

impl From<Entry> for PageReading {
    fn from(entry: Entry) -> PageReading {
        let includes = entry.includes_read();
        PageReading { items: entry.items, diagnostics: entry.diagnostics, includes }
    }
}

impl Entry {
    /// The includes the page read (those that could be read).
    fn includes_read(&self) -> Vec<String> {
        self.includes.iter().filter(|(_, hash)| hash.is_some()).map(|(p, _)| p.clone()).collect()
    }
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
    let hashed = |_: &DocsFolder, _: &str, text: &Result<String, IncludeRefusal>| text.as_ref().ok().map(|t| content_hash(&[t.as_bytes()]));
    let includes = corpus::RecordingIncludes::new(folder, hashed);
    let (items, diagnostics) = schema::read_parsed(match &bytes {
        Some(bytes) => corpus::parse_bytes(rel, bytes.clone(), &includes),
        None => corpus::read_page_in(folder, rel, &includes),
    });
    let used = includes.into_used();
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

pub(crate) fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Write `value` to `path` atomically: a temporary file of this process,
/// renamed into place.
pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
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
