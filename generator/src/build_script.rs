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
//! unchanged rebuild recompiles nothing. Cargo is told to rerun the script
//! for exactly the files read: every page and every include.
//!
//! What is printed for cargo is one directive per line, so every path in
//! it must be one line of UTF-8: the docs' own files are (names that are
//! not are never read, see [`crate::file_names`]); a docs or output folder
//! that is not is refused ([`BuildError::UnprintablePath`]) rather than
//! printed so cargo would read another directive or watch another file.

use crate::diagnostics::Diagnostics;
use crate::emit::{EmitOptions, Layout};
use crate::pipeline;
use crate::select::{select, Selection};
use std::path::{Path, PathBuf};

/// The file written into the output folder.
pub const OUTPUT_FILE: &str = "graphgen.rs";

/// The example tests written next to it when [`Builder::example_tests`] is on.
pub const EXAMPLES_FILE: &str = "graphgen_examples.rs";

/// Configures one build-time generation.
#[derive(Debug, Clone)]
pub struct Builder {
    docs: PathBuf,
    out_dir: Option<PathBuf>,
    selection: Selection,
    emit_cargo_directives: bool,
    example_tests: bool,
}

/// What a generation produced.
#[derive(Debug)]
pub struct BuildOutput {
    /// The generated file.
    pub file: PathBuf,
    /// Whether it was (re)written; `false` when the content was unchanged.
    pub written: bool,
    pub diagnostics: Diagnostics,
    /// Every file read (pages and includes), under the docs folder, sorted.
    pub inputs: Vec<PathBuf>,
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
        Builder { docs, out_dir: None, selection: Selection::default(), emit_cargo_directives: true, example_tests: false }
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
        let mut loaded = pipeline::load(&self.docs).map_err(BuildError::Docs)?;
        loaded.schema = select(&loaded.schema, &self.selection);
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
        let generated = pipeline::generate(loaded, &options);
        let inputs: Vec<PathBuf> = generated.loaded.inputs.iter().map(|p| self.docs.join(p)).collect();
        let diagnostics = generated.loaded.diagnostics;
        let report = out_dir.join("graphgen-diagnostics.txt");
        let rerun_if_changed = watched_paths(&self.docs, &inputs);
        // Checked before anything is written: a path cargo cannot be told
        // about fails the build rather than leave it watching the wrong files.
        let directives = match cargo_directives(&rerun_if_changed, &diagnostics, &report) {
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
        let listing: String = diagnostics.items.iter().map(|d| format!("{d}\n")).collect();
        let _ = crate::output::write_if_changed(&report, &listing);
        if self.emit_cargo_directives {
            print!("{directives}");
        }
        let cargo_directives = directives;
        Ok(BuildOutput { file, written, diagnostics, inputs, rerun_if_changed, cargo_directives, example_tests })
    }
}

/// The inputs, then the page folders that exist: a page added to or removed
/// from a page folder changes the folder, not any file read so far.
fn watched_paths(docs: &Path, inputs: &[PathBuf]) -> Vec<PathBuf> {
    let folders = crate::corpus::PAGE_FOLDERS.iter().map(|f| docs.join(f)).filter(|d| d.is_dir());
    inputs.iter().cloned().chain(folders).collect()
}

/// The lines printed for cargo: `rerun-if-changed` for each watched path,
/// and a warning when the docs have problems. Every path is checked to be
/// one line of UTF-8 text first.
pub(crate) fn cargo_directives(watched: &[PathBuf], diagnostics: &Diagnostics, report: &Path) -> Result<String, BuildError> {
    let mut out = String::new();
    for path in watched {
        out.push_str(&format!("cargo:rerun-if-changed={}\n", one_line(path)?));
    }
    if !diagnostics.is_empty() {
        out.push_str(&format!("cargo:warning=graphgen: {} problem(s) in the docs; see {}\n", diagnostics.len(), one_line(report)?));
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
