//! Build-time generation from `build.rs`, in the manner of `prost-build`.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     graphgen::Builder::new("docs")
//!         .workloads(["intune-enrollment"])
//!         .generate()
//!         .expect("generate the Graph SDK");
//! }
//! // src/lib.rs
//! // include!(concat!(env!("OUT_DIR"), "/graphgen.rs"));
//! ```
//!
//! The output is one file with inline modules (an `include!`d file cannot
//! declare file modules), written only when its content changed so an
//! unchanged rebuild recompiles nothing.
//!
//! **What a run costs follows what changed.** Each page's reading is kept
//! in a cache ([`crate::build_cache`], `OUT_DIR/graphgen-cache`): a run
//! parses only the pages whose content changed since the last one. With a
//! selection, what it resolved to is kept too ([`crate::build_result`]):
//! when the changed pages read the same cross-page facts as before (a
//! description reworded, a sentence added), only the pages the selection is
//! made of are resolved; otherwise the schema is resolved from all pages'
//! cached readings. Either way the result is exactly a full run's.
//!
//! **What reruns the script follows what was selected.** With a selection,
//! cargo is told to watch only the pages that matter to it
//! ([`Builder::watch`]): the pages (and their includes) every generated
//! item was read from, those defining a type of the same name as a
//! generated one or deriving from one, and those describing a selected
//! operation's endpoint. An edit of any other page does not rerun the
//! script, so nothing of the crate is recompiled. What is not noticed
//! then: a page added, or an unwatched page edited so that it starts to
//! matter (a new page describing a selected endpoint); the next rerun (an
//! edit of a watched page, of `build.rs`, a new graphgen) picks it up, and
//! [`Watch::AllPages`] watches everything, as a run without a selection does.
//!
//! **Problems are told about what was generated.** Those in the pages the
//! generated items were read from are printed as `cargo:warning`s (at most
//! [`Builder::max_warnings`]); all of them, with the rest of the docs',
//! are in `OUT_DIR/graphgen-diagnostics.txt`.
//!
//! What is printed for cargo is one directive per line, so every path in
//! it must be one line of UTF-8: the docs' own files are (names that are
//! not are never read, see [`crate::file_names`]); a docs or output folder
//! that is not is refused ([`BuildError::UnprintablePath`]) rather than
//! printed so cargo would read another directive or watch another file.

use crate::diagnostics::Diagnostics;
use crate::docs_files::IncludeRoot;
use crate::emit::{EmitOptions, Layout};
use crate::pipeline;
use crate::schema::Schema;
use crate::select::{select, Selection, SelectionError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The file written into the output folder.
pub const OUTPUT_FILE: &str = "graphgen.rs";

/// The example tests written next to it when [`Builder::example_tests`] is on.
pub const EXAMPLES_FILE: &str = "graphgen_examples.rs";

/// The file the docs' problems are listed in, in the output folder.
pub const DIAGNOSTICS_FILE: &str = "graphgen-diagnostics.txt";

/// What a build script tells cargo to watch (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Watch {
    /// With a selection, the pages that matter to it; without one, everything.
    #[default]
    SelectedPages,
    /// Every page and include, and the page folders (a page added reruns too).
    AllPages,
}

/// Configures one build-time generation.
#[derive(Debug, Clone)]
pub struct Builder {
    docs: PathBuf,
    out_dir: Option<PathBuf>,
    selection: Selection,
    emit_cargo_directives: bool,
    example_tests: bool,
    include_root: IncludeRoot,
    api_version: Option<String>,
    /// `None`: the default, `<out>/graphgen-cache`.
    cache_dir: Option<PathBuf>,
    cache: bool,
    watch: Watch,
    max_warnings: usize,
}

/// What a generation produced.
#[derive(Debug)]
pub struct BuildOutput {
    /// The generated file.
    pub file: PathBuf,
    /// Whether it was (re)written; `false` when the content was unchanged.
    pub written: bool,
    /// Every problem of the docs (and of emission), sorted.
    pub diagnostics: Diagnostics,
    /// Those in the pages (and includes) the generated items were read
    /// from, and those about the docs as a whole: what the build warns about.
    pub scoped_diagnostics: Diagnostics,
    /// Every file read (pages and includes), under the docs folder, sorted.
    pub inputs: Vec<PathBuf>,
    /// Pages parsed this run (the others' readings came from the cache), of all.
    pub pages_parsed: usize,
    /// Whether the run resolved only the pages the selection is made of,
    /// the last run's outcome still holding ([`crate::build_result`]),
    /// rather than the whole docs.
    pub reused_outcome: bool,
    pub pages_total: usize,
    /// What cargo is told to watch (`cargo:rerun-if-changed`): every input,
    /// then each page folder (so an added or removed page reruns too).
    /// Filled whether or not the directives are printed, so callers and
    /// tests can see exactly what a build depends on.
    pub rerun_if_changed: Vec<PathBuf>,
    /// The `cargo:` lines printed for them (or that would be, with the
    /// directives off): one directive per line, each path on its line.
    pub cargo_directives: String,
    /// The example tests, when asked for: the file, how many example
    /// requests got a test, and those that did not (`file:line: cause`).
    pub example_tests: Option<ExampleTestsOutput>,
    /// Wall time of each stage of the run: the cache's (see
    /// [`crate::build_cache::Cached::timings`]), then `select`, `emit`, `write`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

#[derive(Debug)]
pub struct ExampleTestsOutput {
    pub file: PathBuf,
    pub tested: usize,
    pub skipped: Vec<String>,
}

#[derive(Debug)]
pub enum BuildError {
    Docs(std::io::Error),
    Output(crate::output::OutputError),
    NoOutDir,
    /// A path cargo cannot be told about (not UTF-8, or with a line break
    /// or another control character), shown printably.
    UnprintablePath(String),
    /// Selection items that match nothing (with the nearest names).
    Selection(SelectionError),
    /// A setting that cannot be used (an include root that does not hold
    /// the docs, an unknown API version).
    Config(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Docs(e) => write!(f, "reading docs: {e}"),
            BuildError::Output(e) => write!(f, "writing output: {e}"),
            BuildError::NoOutDir => write!(f, "OUT_DIR is not set: call from build.rs or set out_dir()"),
            BuildError::UnprintablePath(p) => {
                write!(f, "the path {p} cannot be written into a cargo directive (it is not one line of UTF-8 text)")
            }
            BuildError::Selection(e) => write!(f, "{e}"),
            BuildError::Config(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// Generate from the docs folder `docs` (relative paths are taken from
    /// the crate's `CARGO_MANIFEST_DIR` when set).
    pub fn new(docs: impl Into<PathBuf>) -> Self {
        let docs = docs.into();
        let docs = match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if docs.is_relative() => PathBuf::from(dir).join(docs),
            _ => docs,
        };
        Builder {
            docs,
            out_dir: None,
            selection: Selection::default(),
            emit_cargo_directives: true,
            example_tests: false,
            include_root: IncludeRoot::Find,
            api_version: None,
            cache_dir: None,
            cache: true,
            watch: Watch::SelectedPages,
            max_warnings: 20,
        }
    }

    /// Follow includes above the docs folder inside `root` (a folder that
    /// holds the docs folder); by default graphgen follows them only into an
    /// `includes` folder beside the docs folder (see [`crate::docs_files`]).
    pub fn include_root(mut self, root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let root = match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) if root.is_relative() => PathBuf::from(dir).join(root),
            _ => root,
        };
        self.include_root = IncludeRoot::Given(root);
        self
    }

    /// The API version the generated `client_builder()` calls (`beta`,
    /// `v1.0`), whatever the docs say; by default read from the docs
    /// ([`crate::api_version`]).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// Keep the per-page cache in `dir` rather than `OUT_DIR/graphgen-cache`
    /// (one folder per docs folder: entries no run of it names are removed).
    pub fn cache_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cache_dir = Some(dir.into());
        self
    }

    /// Keep a per-page cache between runs (default: on). Off, every run
    /// parses every page and nothing is written but the output.
    pub fn cache(mut self, on: bool) -> Self {
        self.cache = on;
        self
    }

    /// What cargo is told to watch (default: [`Watch::SelectedPages`]).
    pub fn watch(mut self, watch: Watch) -> Self {
        self.watch = watch;
        self
    }

    /// At most this many `cargo:warning` lines about the docs (default 20);
    /// the full list is in `OUT_DIR/graphgen-diagnostics.txt`.
    pub fn max_warnings(mut self, n: usize) -> Self {
        self.max_warnings = n;
        self
    }

    /// Write somewhere other than `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Only these workloads (e.g. `intune-enrollment`).
    pub fn workloads<I: IntoIterator<Item = S>, S: Into<String>>(mut self, w: I) -> Self {
        self.selection.workloads.extend(w.into_iter().map(Into::into));
        self
    }

    /// Only these operations: page ids (`user-list`) or `METHOD /path`.
    pub fn operations<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ops: I) -> Self {
        self.selection.operations.extend(ops.into_iter().map(Into::into));
        self
    }

    /// Only operations under these path prefixes (e.g. `/users`).
    pub fn paths<I: IntoIterator<Item = S>, S: Into<String>>(mut self, paths: I) -> Self {
        self.selection.paths.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Also these types (and what they need), e.g. for payloads you build yourself.
    pub fn types<I: IntoIterator<Item = S>, S: Into<String>>(mut self, types: I) -> Self {
        self.selection.types.extend(types.into_iter().map(Into::into));
        self
    }

    /// Print `cargo:` directives (default: on). Off for use outside build scripts.
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.emit_cargo_directives = on;
        self
    }

    /// Also write `OUT_DIR/graphgen_examples.rs` (default: off): one
    /// `#[test]` per example request of the docs, built through the
    /// generated builders and compared with the example (see
    /// [`crate::emit::example_tests`]). `include!` it where the SDK's
    /// `models` and `requests` modules are in scope, e.g. a test file with
    /// `use my_sdk::{models, requests};`.
    pub fn example_tests(mut self, on: bool) -> Self {
        self.example_tests = on;
        self
    }

    /// Generate `OUT_DIR/graphgen.rs`.
    pub fn generate(self) -> Result<BuildOutput, BuildError> {
        let out_dir = match self.out_dir.clone().or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from)) {
            Some(d) => d,
            None => return Err(BuildError::NoOutDir),
        };
        let api_version = self.api_version.as_deref().map(crate::api_version::parse_given).transpose().map_err(BuildError::Config)?;
        let load = pipeline::LoadOptions { include_root: self.include_root.clone(), api_version: None };
        let folder = pipeline::open_docs(&self.docs, &load).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput => BuildError::Config(e.to_string()),
            _ => BuildError::Docs(e),
        })?;
        let cache_dir = self.cache.then(|| self.cache_dir.clone().unwrap_or_else(|| crate::build_cache::default_dir(&out_dir)));
        let run = Box::new(crate::build_cache::Run::start(&folder, cache_dir.as_deref()).map_err(BuildError::Docs)?);
        // With a selection, what it resolved to last time may still hold
        // (see `build_result`): then only the pages it is made of are resolved.
        let watch_selected = self.watch == Watch::SelectedPages;
        let outcome_key = crate::build_result::key(&self.docs, &self.selection, api_version.as_deref(), &self.include_root, watch_selected);
        let keep_outcome = !self.selection.is_empty() && cache_dir.is_some();
        let fast = match keep_outcome {
            true => crate::build_result::try_fast(run, &outcome_key, &self.selection),
            false => Err(run),
        };
        let reused_outcome = fast.is_ok();
        let (loaded, includes_of, watched_files, pages_parsed, pages_total, mut timings) = match fast {
            Ok(fast) => (fast.loaded, fast.includes_of, fast.watched, fast.pages_parsed, fast.pages_total, fast.timings),
            Err(run) => {
                if let Some(dir) = cache_dir.as_deref() {
                    crate::build_result::forget(dir);
                }
                let cached = run.finish(api_version.as_deref());
                let clock = std::time::Instant::now();
                crate::select::check(&cached.loaded.schema, &self.selection).map_err(BuildError::Selection)?;
                let selected = select(&cached.loaded.schema, &self.selection);
                let sources = source_files(&selected, &cached.includes_of);
                let watched_files = match (self.watch, self.selection.is_empty()) {
                    (Watch::SelectedPages, false) => Some(pages_that_matter(&cached.loaded.schema, &selected, &sources, &cached.includes_of)),
                    _ => None,
                };
                let mut timings = cached.timings.clone();
                timings.push(("select", clock.elapsed()));
                if let (true, Some(dir)) = (keep_outcome, cache_dir.as_deref()) {
                    let clock = std::time::Instant::now();
                    let full = crate::build_result::FullRun {
                        cached: &cached,
                        full: &cached.loaded.schema,
                        selected: &selected,
                        selection: &self.selection,
                        watched: watched_files.as_ref(),
                    };
                    crate::build_result::record(dir, &outcome_key, full);
                    timings.push(("record outcome", clock.elapsed()));
                }
                let crate::build_cache::Cached { loaded, includes_of, pages_parsed, pages_total, .. } = cached;
                let mut loaded = loaded;
                let full = std::mem::replace(&mut loaded.schema, selected);
                // The full schema is not needed any more: freed on the side.
                std::thread::spawn(move || drop(full));
                (loaded, includes_of, watched_files, pages_parsed, pages_total, timings)
            }
        };
        let mut clock = std::time::Instant::now();
        let mut lap = |name: &'static str| {
            timings.push((name, clock.elapsed()));
            clock = std::time::Instant::now();
        };
        let crate_name = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "graph-sdk".into());
        let options = EmitOptions {
            crate_name,
            runtime_dependency: String::new(),
            layout: Layout::SingleFile,
            features: false,
            feature_map: None,
        };
        let examples = match self.example_tests {
            true => Some(crate::emit::example_tests::emit(&loaded.schema)),
            false => None,
        };
        let sources = source_files(&loaded.schema, &includes_of);
        lap("examples");
        let generated = pipeline::generate(loaded, &options);
        lap("emit");
        let inputs: Vec<PathBuf> = generated.loaded.inputs.iter().map(|p| self.docs.join(p)).collect();
        let diagnostics = generated.loaded.diagnostics;
        let scoped_diagnostics = Diagnostics {
            items: diagnostics.items.iter().filter(|d| d.file.is_empty() || sources.contains(&d.file)).cloned().collect(),
        };
        let report = out_dir.join(DIAGNOSTICS_FILE);
        let rerun_if_changed = match &watched_files {
            Some(files) => files.iter().map(|f| self.docs.join(f)).collect(),
            None => watched_paths(&self.docs, &inputs),
        };
        // Checked before anything is written: a path cargo cannot be told
        // about fails the build rather than leave it watching the wrong files.
        let elsewhere = diagnostics.len() - scoped_diagnostics.len();
        let directives = match cargo_directives(&rerun_if_changed, &scoped_diagnostics, elsewhere, self.max_warnings, &report) {
            Ok(directives) => directives,
            Err(e) if self.emit_cargo_directives => return Err(e),
            // Not a build script: nothing is printed, so nothing to refuse.
            Err(_) => String::new(),
        };
        let text = generated.files.files.values().next().cloned().unwrap_or_default();
        let file = out_dir.join(OUTPUT_FILE);
        let written = crate::output::write_if_changed(&file, &text).map_err(BuildError::Output)?;
        let example_tests = match examples {
            Some(made) => {
                let file = out_dir.join(EXAMPLES_FILE);
                crate::output::write_if_changed(&file, &made.text).map_err(BuildError::Output)?;
                Some(ExampleTestsOutput { file, tested: made.tested, skipped: made.skipped })
            }
            None => None,
        };
        let _ = crate::output::write_if_changed(&report, &diagnostics_listing(&diagnostics, &scoped_diagnostics, &self.selection));
        if self.emit_cargo_directives {
            print!("{directives}");
        }
        let cargo_directives = directives;
        lap("write");
        Ok(BuildOutput {
            file,
            written,
            diagnostics,
            scoped_diagnostics,
            inputs,
            pages_parsed,
            pages_total,
            reused_outcome,
            rerun_if_changed,
            cargo_directives,
            example_tests,
            timings,
        })
    }
}

/// Every file an item of `schema` was read from (pages, and includes that
/// held part of one), with the includes those pages read.
pub fn source_files(schema: &Schema, includes_of: &BTreeMap<String, Vec<String>>) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for t in schema.types.values() {
        files.insert(t.source.file.clone());
        files.extend(t.properties.iter().map(|p| p.source.file.clone()));
        files.extend(t.members.iter().map(|m| m.source.file.clone()));
    }
    for op in &schema.operations {
        files.insert(op.source.file.clone());
        files.extend(op.paths.iter().map(|p| p.source.file.clone()));
        files.extend(op.parameter_tables().map(|p| p.source.file.clone()));
        files.extend(op.examples.iter().map(|e| e.source.file.clone()));
    }
    let includes: Vec<String> = files.iter().filter_map(|f| includes_of.get(f)).flatten().cloned().collect();
    files.extend(includes);
    files
}

/// The files a selection's output may change with (see the module docs):
/// the sources of what was generated, and in the whole schema the pages
/// defining a type of the same name as a generated one or deriving from
/// one, and the pages describing the endpoint of a generated operation;
/// with the includes of all of those.
fn pages_that_matter(full: &Schema, selected: &Schema, sources: &BTreeSet<String>, includes_of: &BTreeMap<String, Vec<String>>) -> BTreeSet<String> {
    let related = related_items(full, selected, true);
    let mut files = sources.clone();
    files.extend(source_files(&related, includes_of));
    files.retain(|f| !f.is_empty());
    files
}

/// The items of the whole schema related to a selection's: types of the
/// same name as a selected one (and, with `derived`, those deriving from
/// one), operations of the same page or describing a selected endpoint.
pub(crate) fn related_items(full: &Schema, selected: &Schema, derived: bool) -> Schema {
    let short = |q: &str| q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase();
    let names: BTreeSet<String> = selected.types.keys().map(|q| short(q)).collect();
    let selected_types: BTreeSet<&String> = selected.types.keys().collect();
    let endpoint = |raw: &str| crate::select::endpoint_key(raw);
    let endpoints: BTreeSet<String> = selected.operations.iter().flat_map(|op| op.paths.iter().map(|p| endpoint(&p.raw))).collect();
    let ids: BTreeSet<&str> = selected.operations.iter().map(|op| op.id.split('#').next().unwrap_or(&op.id)).collect();
    let mut related = Schema::default();
    for (q, t) in &full.types {
        let is_derived = derived && t.base_type.as_ref().is_some_and(|b| selected_types.contains(b));
        if names.contains(&short(q)) || is_derived {
            related.types.insert(q.clone(), t.clone());
        }
    }
    for op in &full.operations {
        if ids.contains(op.id.split('#').next().unwrap_or(&op.id)) || op.paths.iter().any(|p| endpoints.contains(&endpoint(&p.raw))) {
            related.operations.push(op.clone());
        }
    }
    related
}

/// The listing written to `graphgen-diagnostics.txt`: the problems about
/// what was generated first, then the rest of the docs'.
fn diagnostics_listing(all: &Diagnostics, scoped: &Diagnostics, selection: &Selection) -> String {
    let mut out = String::new();
    let rest: Vec<_> = all.items.iter().filter(|d| !scoped.items.contains(d)).collect();
    let what = match selection.is_empty() {
        true => "the docs",
        false => "the pages the generated items were read from",
    };
    out.push_str(&format!("# {} problem(s) in {what}\n", scoped.len()));
    scoped.items.iter().for_each(|d| out.push_str(&format!("{d}\n")));
    if !rest.is_empty() {
        out.push_str(&format!("# {} problem(s) elsewhere in the docs (nothing generated comes from there)\n", rest.len()));
        rest.iter().for_each(|d| out.push_str(&format!("{d}\n")));
    }
    out
}

/// The inputs, then the page folders that exist: a page added to or removed
/// from a page folder changes the folder, not any file read so far.
fn watched_paths(docs: &Path, inputs: &[PathBuf]) -> Vec<PathBuf> {
    let folders = crate::corpus::PAGE_FOLDERS.iter().map(|f| docs.join(f)).filter(|d| d.is_dir());
    inputs.iter().cloned().chain(folders).collect()
}

/// The lines printed for cargo: `rerun-if-changed` for each watched path,
/// and a warning for each problem about what was generated (at most
/// `max_warnings`, then one line saying how many more and where they are
/// listed). Every path is checked to be one line of UTF-8 text first; a
/// diagnostic's text is one line already (control characters escaped).
pub(crate) fn cargo_directives(
    watched: &[PathBuf],
    scoped: &Diagnostics,
    elsewhere: usize,
    max_warnings: usize,
    report: &Path,
) -> Result<String, BuildError> {
    let mut out = String::new();
    for path in watched {
        out.push_str(&format!("cargo:rerun-if-changed={}\n", one_line(path)?));
    }
    let report = one_line(report)?;
    for d in scoped.items.iter().take(max_warnings) {
        out.push_str(&format!("cargo:warning=graphgen: {d}\n"));
    }
    let more = scoped.len().saturating_sub(max_warnings);
    if more > 0 {
        let rest = match elsewhere {
            0 => String::new(),
            n => format!(" (and {n} elsewhere in the docs)"),
        };
        out.push_str(&format!("cargo:warning=graphgen: and {more} more problem(s) in what was generated{rest}, listed in {report}\n"));
    }
    Ok(out)
}

/// `path` as text that fits in one cargo directive: UTF-8 with no control
/// character (a line break would end the directive and start another).
fn one_line(path: &Path) -> Result<&str, BuildError> {
    match path.to_str() {
        Some(text) if !text.contains(|c: char| c.is_control()) => Ok(text),
        _ => Err(BuildError::UnprintablePath(crate::printable::printable_os(path.as_os_str()))),
    }
}
