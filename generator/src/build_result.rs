//! What a `build.rs` selection resolved to, kept between runs, so a run
//! after an edit that cannot change any cross-page fact resolves only the
//! pages the selection is made of, not the whole reference.
//!
//! [`crate::build_cache`] saves re-parsing unchanged pages, but a run still
//! decodes every page's reading and resolves them all: cross-page rules
//! (types merged across pages, references looked up among every name,
//! endpoints merged, paths repaired against each other, enums made from
//! "Possible values" sentences) need every page. Most edits of a page do not
//! touch what those rules read, though: a description reworded, a sentence
//! added. Then every cross-page decision is the one the last run made, and
//! only the text carried through those decisions changes.
//!
//! So after a full run with a selection, the **outcome** is kept in the
//! cache folder (`outcome.json`):
//! - the **subset**: the pages the selected items were read from (their
//!   own pages, the pages merged into them, the sources of their
//!   properties, parameters and examples), the pages defining a type of
//!   the same name, and the pages describing a selected endpoint. Kept
//!   only when resolving that subset alone and selecting gives exactly the
//!   full run's selected schema (checked then, every time one is recorded);
//! - what a run reports but the subset cannot tell: every page's reading
//!   diagnostics, the cross-page ones, the API version, the files cargo is
//!   told to watch, the inputs.
//!
//! A later run takes the **fast path** when the listed pages, the names
//! refused and the includes are as recorded, and each page whose content
//! changed reads the same **cross-page facts** as before
//! ([`cross_page_facts`]: the page's whole reading, source lines
//! included, with each description reduced to what cross-page rules read
//! of it). Then it resolves the subset alone (the changed pages' new
//! readings included), selects, and takes the rest from the outcome,
//! replacing the changed pages' reading diagnostics. Anything else (a
//! page added, a type renamed, an example edited, a line added above a
//! table, no outcome) takes the full path, which records a new outcome.
//! Either way the output is byte for byte a full run's (tested on edits of
//! both kinds, `tests/build_cache.rs`).

use crate::build_cache::{self, PageReading, Run};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::docs_files::IncludeRoot;
use crate::pipeline::Loaded;
use crate::schema::resolve::PageItems;
use crate::schema::{self, Schema, TypeTarget};
use crate::select::{select, Selection};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The outcome's format: bump it when what it holds changes.
pub const FORMAT: u32 = 1;

const FILE: &str = "outcome.json";

/// What the last full run with a selection resolved to (see the module docs).
#[derive(Debug, Serialize, Deserialize)]
struct Outcome {
    format: u32,
    /// graphgen's build (see [`Run::graphgen_build`]).
    graphgen: String,
    /// What else decides the outcome: see [`key`].
    key: String,
    /// Pages whose readings alone resolve to the selected schema, sorted.
    subset: Vec<String>,
    api_version: Option<String>,
    /// What cargo was told to watch (relative to the docs folder), when the
    /// selection chose it.
    watched: Option<BTreeSet<String>>,
    /// The includes the pages read (the inputs besides the pages), sorted.
    includes_read: Vec<String>,
    refused: Vec<Diagnostic>,
    reading: BTreeMap<String, Vec<Diagnostic>>,
    cross_page: Vec<Diagnostic>,
}

/// Everything besides the docs that decides an outcome: the selection, the
/// API version given, the include rule, the docs folder and whether cargo
/// watches only the selected pages.
pub fn key(docs: &Path, selection: &Selection, api_version: Option<&str>, include_root: &IncludeRoot, watch_selected: bool) -> String {
    format!("{}|{selection:?}|{api_version:?}|{include_root:?}|{watch_selected}", docs.display())
}

/// A run on the fast path: the selected schema, as a full run selects it.
pub struct Fast {
    /// `schema` is the selected schema; diagnostics and inputs are the docs'.
    pub loaded: Loaded,
    /// The includes of the subset's pages.
    pub includes_of: BTreeMap<String, Vec<String>>,
    pub watched: Option<BTreeSet<String>>,
    pub pages_parsed: usize,
    pub pages_total: usize,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Take the fast path when the last outcome still holds (see the module
/// docs); otherwise give the run back for the full path.
pub fn try_fast<'a>(mut run: Box<Run<'a>>, key: &str, selection: &Selection) -> Result<Fast, Box<Run<'a>>> {
    let Some(mut outcome) = usable_outcome(&run, key) else { return Err(run) };
    let changed = run.changed_pages();
    let same_facts = changed.iter().all(|(_, before, now)| {
        before.as_ref().is_some_and(|before| before.includes == now.includes && cross_page_facts(&before.items).is_some_and(|facts| Some(facts) == cross_page_facts(&now.items)))
    });
    if !same_facts {
        return Err(run);
    }
    let Some(readings) = outcome.subset.iter().map(|rel| run.entry(rel)).collect::<Option<Vec<PageReading>>>() else { return Err(run) };
    run.lap("outcome");
    let includes_of: BTreeMap<String, Vec<String>> = outcome.subset.iter().cloned().zip(readings.iter().map(|r| r.includes.clone())).collect();
    let selected = resolve_subset(readings.into_iter().map(|r| r.items), outcome.api_version.clone(), selection);
    run.lap("resolve subset");

    // The changed pages' own problems replace what they said before.
    let mut reading_changed = false;
    for (rel, _, now) in &changed {
        let before = outcome.reading.get(rel).map_or(&[][..], Vec::as_slice);
        if before != now.diagnostics.as_slice() {
            reading_changed = true;
            match now.diagnostics.is_empty() {
                true => outcome.reading.remove(rel),
                false => outcome.reading.insert(rel.clone(), now.diagnostics.clone()),
            };
        }
    }
    let mut diagnostics = Diagnostics { items: outcome.refused.clone() };
    diagnostics.items.extend(outcome.reading.values().flatten().cloned());
    diagnostics.items.extend(outcome.cross_page.iter().cloned());
    diagnostics.normalize();
    let mut inputs: Vec<String> = run.pages().to_vec();
    inputs.extend(outcome.includes_read.iter().cloned());
    inputs.sort();
    inputs.dedup();
    let (pages_parsed, pages_total) = run.pages_parsed();
    // The outcome before the manifest: killed between the two, the next
    // run finds the changed pages changed again, and the outcome already
    // saying what they say now. An outcome that cannot be brought up to
    // date goes (the next run takes the full path).
    if let (Some(dir), true) = (run.cache_dir(), reading_changed) {
        if build_cache::write_json(&dir.join(FILE), &outcome).is_err() {
            forget(dir);
        }
        run.lap("save outcome");
    }
    let timings = run.save();
    let loaded = Loaded { schema: selected, diagnostics, inputs, doc_types: BTreeMap::new(), conceptual: BTreeSet::new() };
    Ok(Fast { loaded, includes_of, watched: outcome.watched, pages_parsed, pages_total, timings })
}

fn usable_outcome(run: &Run<'_>, key: &str) -> Option<Outcome> {
    let dir = run.cache_dir()?;
    let outcome: Outcome = build_cache::read_json(&dir.join(FILE))?;
    let usable = outcome.format == FORMAT && outcome.graphgen == run.graphgen_build() && outcome.key == key;
    (usable && run.same_pages_as_last_run(&outcome.refused)).then_some(outcome)
}

/// Resolve the subset's readings (in page path order) and select.
fn resolve_subset(items: impl IntoIterator<Item = PageItems>, api_version: Option<String>, selection: &Selection) -> Schema {
    let (mut schema, _) = schema::resolve_pages(items);
    schema.api_version = api_version;
    select(&schema, selection)
}

/// Remove the last outcome: a run about to resolve everything does so
/// before it moves the cache's manifest on, so an outcome never speaks for
/// pages newer than it (even when the run is killed before it records one).
pub fn forget(cache_dir: &Path) {
    let _ = std::fs::remove_file(cache_dir.join(FILE));
}

/// What a full run gives [`record`].
pub struct FullRun<'a> {
    pub cached: &'a build_cache::Cached,
    pub full: &'a Schema,
    pub selected: &'a Schema,
    pub selection: &'a Selection,
    pub watched: Option<&'a BTreeSet<String>>,
}

/// After a full run with a selection: keep its outcome when its subset
/// alone resolves to the same selected schema, else remove the last one
/// (the next run takes the full path again). Returns whether it was kept.
pub fn record(cache_dir: &Path, key: &str, run: FullRun<'_>) -> bool {
    let path = cache_dir.join(FILE);
    let subset = subset(run.full, run.selected, &run.cached.paths_read);
    let readings: Option<Vec<PageReading>> = subset.iter().map(|rel| run.cached.reading_of(rel)).collect();
    let same = readings.is_some_and(|readings| {
        resolve_subset(readings.into_iter().map(|r| r.items), run.full.api_version.clone(), run.selection) == *run.selected
    });
    if !same {
        return false;
    }
    let outcome = Outcome {
        format: FORMAT,
        graphgen: run.cached.graphgen.clone(),
        key: key.to_owned(),
        subset: subset.into_iter().collect(),
        api_version: run.full.api_version.clone(),
        watched: run.watched.cloned(),
        includes_read: run.cached.includes_of.values().flatten().collect::<BTreeSet<_>>().into_iter().cloned().collect(),
        refused: run.cached.refused.clone(),
        reading: run.cached.reading.clone(),
        cross_page: run.cached.cross_page.clone(),
    };
    build_cache::write_json(&path, &outcome).is_ok()
}

/// The pages a selection is made of (see the module docs): pages only,
/// no includes, sorted.
fn subset(full: &Schema, selected: &Schema, paths_read: &BTreeMap<String, Vec<String>>) -> BTreeSet<String> {
    let related = crate::build_script::related_items(full, selected, false);
    let mut pages = BTreeSet::new();
    for schema in [selected, &related] {
        pages.extend(crate::build_script::source_files(schema, &BTreeMap::new()));
        for t in schema.types.values() {
            pages.extend(t.merged_from.iter().map(|s| s.file.clone()));
        }
        for op in &schema.operations {
            pages.extend(op.merged_from.iter().map(|s| s.file.clone()));
        }
    }
    // The types the selected items' full definitions name: a navigation
    // property the selection leaves out still needs its type to be known
    // (unknown, it would be read as JSON and kept).
    let named = selected.types.keys().filter_map(|q| full.types.get(q)).flat_map(|t| {
        t.properties
            .iter()
            .filter_map(|p| match &p.ty.target {
                TypeTarget::Named(q) => Some(q),
                TypeTarget::Primitive(_) => None,
            })
            .chain(&t.base_type)
    });
    for t in named.filter_map(|q| full.types.get(q)) {
        pages.insert(t.source.file.clone());
        pages.extend(t.merged_from.iter().map(|s| s.file.clone()));
    }
    // Every page whose reading describes an endpoint the selected
    // operations' pages describe (as read, before pages gave up paths to
    // each other): which page serves a path, and whose workloads it
    // gains, is settled among all of them.
    let op_pages: BTreeSet<&str> =
        selected.operations.iter().flat_map(|op| std::iter::once(&op.source).chain(&op.merged_from)).map(|s| s.file.as_str()).collect();
    let endpoint = crate::select::endpoint_key;
    let endpoints: BTreeSet<String> = op_pages
        .iter()
        .filter_map(|page| paths_read.get(*page))
        .flatten()
        .map(|raw| endpoint(raw))
        .chain(selected.operations.iter().flat_map(|op| op.paths.iter().map(|p| endpoint(&p.raw))))
        .collect();
    for (page, raws) in paths_read {
        if raws.iter().any(|raw| endpoints.contains(&endpoint(raw))) {
            pages.insert(page.clone());
        }
    }
    pages.retain(|p| !p.is_empty());
    pages
}

/// What cross-page rules can read of a page's reading: all of it, source
/// lines included, but each description reduced to what resolution reads
/// of one (whether it is empty, the values a "Possible values are"
/// sentence lists, whether it says read-only). Two readings with the same
/// facts lead every cross-page rule to the same decisions; their
/// descriptions are only carried through them.
pub fn cross_page_facts(items: &PageItems) -> Option<Vec<u8>> {
    let mut items = items.clone();
    for text in items.descriptions_mut() {
        *text = schema::resolve::description_facts(text);
    }
    serde_json::to_vec(&items).ok()
}
