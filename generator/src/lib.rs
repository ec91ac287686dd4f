//! graphgen: API reference docs in the Microsoft Graph markdown conventions
//! in, a typed Rust SDK out.
//!
//! The pipeline, one module per stage, each with one contract:
//!
//! 1. [`corpus`]: find the pages of a docs folder and read them.
//! 2. [`markdown`]: one page's markdown to a [`markdown::Page`] (pulldown-cmark,
//!    source lines kept). Syntax only.
//! 3. [`schema`]: all pages to one [`schema::Schema`] (types and operations,
//!    resolved across pages). Meaning: the Graph conventions live here.
//! 4. [`emit`]: the schema to Rust token streams (quote), parsed into
//!    `syn::File`s and formatted (prettyplease): a list of generated files.
//! 5. [`output`]: those files to disk, atomically, only inside a folder
//!    graphgen owns.
//!
//! [`incremental`] keeps a docs folder in memory between runs, so a docs
//! edit costs what it touches rather than a whole run; [`build_cache`] does
//! the same across the runs of a `build.rs` ([`Builder`]), on disk, and
//! [`build_result`] keeps what a selection resolved to, so an edit that
//! changes no cross-page fact resolves only the selection's pages.
//!
//! [`select`] picks the part of a schema an application calls (and refuses
//! selection items that match nothing); [`api_version`] reads which API
//! version the docs describe, the generated client's default.
//!
//! [`check`] compares a schema with the service's own CSDL metadata
//! (`graphgen check`), judging each disagreement a misread or a docs
//! difference from the raw page text.
//!
//! Problems in the docs never stop a run: they become
//! [`diagnostics::Diagnostic`]s and the rest is still generated.

pub mod corpus;
pub mod diagnostics;
pub mod docs_files;
pub mod file_names;
pub mod printable;
pub mod emit;
pub mod markdown;
pub mod output;
pub mod schema;
pub mod pipeline;
pub mod incremental;
pub mod select;
pub mod api_version;
pub mod build_cache;
pub mod build_result;

mod build_script;
pub use build_script::{source_files, BuildError, BuildOutput, Builder, ExampleTestsOutput, Watch, DIAGNOSTICS_FILE, EXAMPLES_FILE, OUTPUT_FILE};
pub mod conformance;
pub mod report;
pub mod diff;
pub mod check;
pub mod allocator;
pub mod stage_times;
