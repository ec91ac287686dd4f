//! The stages put together: docs folder → schema → generated files.

use crate::corpus;
use crate::diagnostics::Diagnostics;
use crate::docs_files::{DocsFolder, IncludeRoot};
use crate::emit::{self, EmitOptions, GeneratedFiles};
use crate::schema::{self, Schema};
use rayon::prelude::*;
use std::path::Path;

/// The schema of a docs folder, with everything said about the docs on the way.
pub struct Loaded {
    pub schema: Schema,
    pub diagnostics: Diagnostics,
    /// Every file read (pages and includes), relative to the docs root, sorted.
    pub inputs: Vec<String>,
    /// Each page's front matter `doc_type` (None when absent), by page path.
    pub doc_types: std::collections::BTreeMap<String, Option<String>>,
    /// Pages read as conceptual (overviews): by `doc_type`, or by their
    /// shape when the front matter calls them something else
    /// ([`schema::page_facts::kind`]).
    pub conceptual: std::collections::BTreeSet<String>,
}

/// How to read a docs folder (the defaults suit a docs folder of the Graph
/// reference as it is checked out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Where includes above the docs folder may be read from.
    pub include_root: IncludeRoot,
    /// The API version the generated client defaults to, whatever the docs
    /// say (`beta`, `v1.0`); `None`: read from the docs ([`crate::api_version`]).
    pub api_version: Option<String>,
}

/// Read, parse and build the schema of a docs folder.
pub fn load(docs: &Path) -> std::io::Result<Loaded> {
    load_with(docs, &LoadOptions::default())
}

/// The docs folder `docs` under `options`' include rule.
pub fn open_docs(docs: &Path, options: &LoadOptions) -> std::io::Result<DocsFolder> {
    DocsFolder::with_include_root(docs, &options.include_root).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
}

/// [`load`] with options.
pub fn load_with(docs: &Path, options: &LoadOptions) -> std::io::Result<Loaded> {
    let mut clock = crate::stage_times::start();
    let folder = open_docs(docs, options)?;
    let (paths, refused) = corpus::list_pages_checked(&folder)?;
    crate::stage_times::lap("load.list", &mut clock);
    if paths.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no pages found under {} (expected {}/*.md)", docs.display(), corpus::PAGE_FOLDERS.join("/*.md or ")),
        ));
    }
    // Each page is read, parsed and interpreted by one task, and its parsed
    // form freed there: a whole reference's parsed pages are never all in
    // memory at once (fewer fresh pages to fault in, warmer caches). Then
    // the pages are tied together in path order, as `schema::build` does.
    let includes = corpus::FsIncludes::within(&folder);
    let read: Vec<PageRead> = paths.par_iter().map(|rel| read_page(&folder, rel, &includes)).collect();
    crate::stage_times::lap("load.read_pages", &mut clock);
    let mut diagnostics = Diagnostics::default();
    diagnostics.items.extend(refused);
    let mut per_page = Vec::with_capacity(read.len());
    let mut doc_types = std::collections::BTreeMap::new();
    let mut conceptual = std::collections::BTreeSet::new();
    for page in read {
        diagnostics.items.extend(page.read_diagnostics);
        let Some(said) = page.said else { continue };
        diagnostics.extend(said.diagnostics);
        if said.conceptual {
            conceptual.insert(said.path.clone());
        }
        doc_types.insert(said.path, said.doc_type);
        per_page.push(said.items);
    }
    crate::stage_times::lap("load.collect", &mut clock);
    let (mut schema, resolve_diagnostics) = schema::resolve_pages(per_page);
    diagnostics.extend(resolve_diagnostics);
    settle_api_version(&mut schema, docs, options.api_version.as_deref(), &mut diagnostics);
    crate::stage_times::lap("load.resolve", &mut clock);
    diagnostics.normalize();
    let mut inputs = paths;
    inputs.extend(includes.files_read());
    inputs.sort();
    inputs.dedup();
    Ok(Loaded { schema, diagnostics, inputs, doc_types, conceptual })
}

/// What [`load_with`] keeps of one page: the reading diagnostics, and
/// what the page says when it could be read.
struct PageRead {
    read_diagnostics: Vec<crate::diagnostics::Diagnostic>,
    said: Option<PageSaid>,
}

struct PageSaid {
    path: String,
    doc_type: Option<String>,
    conceptual: bool,
    items: schema::resolve::PageItems,
    diagnostics: Diagnostics,
}

/// Read, parse and interpret one page ([`schema::read_one_with_kind`]); the parsed
/// page is dropped here.
fn read_page(folder: &DocsFolder, rel: &str, includes: &corpus::FsIncludes) -> PageRead {
    let (page, read_diagnostics) = corpus::read_page_in(folder, rel, includes);
    let said = page.map(|page| {
        let (items, diagnostics, kind) = schema::read_one_with_kind(&page);
        let conceptual = kind == schema::page_facts::PageKind::Conceptual;
        PageSaid { doc_type: page.doc_type().map(str::to_string), conceptual, items, diagnostics, path: page.path }
    });
    PageRead { read_diagnostics, said }
}

/// Set `schema.api_version`: `given`, or what the docs show (see
/// [`crate::api_version`]); a version the client cannot be set to is
/// reported and left unset.
pub fn settle_api_version(schema: &mut Schema, docs: &Path, given: Option<&str>, diagnostics: &mut Diagnostics) {
    let version = match given {
        Some(v) => Some(v.to_owned()),
        None => crate::api_version::detect(schema, docs, diagnostics).map(|(v, _)| v),
    };
    schema.api_version = version.filter(|v| {
        let known = crate::api_version::KNOWN.contains(&v.as_str());
        if !known {
            let why = format!("the docs describe API version `{v}`, which the client cannot be set to; it keeps the runtime's default");
            diagnostics.report("", 0, crate::diagnostics::DiagnosticKind::ApiVersion, why);
        }
        known
    });
}

/// A finished generation: the files and all diagnostics (docs and emission).
pub struct Generated {
    pub loaded: Loaded,
    pub files: GeneratedFiles,
}

/// Emit files for an already loaded (and possibly selected) schema.
pub fn generate(mut loaded: Loaded, options: &EmitOptions) -> Generated {
    let (files, emit_diags) = emit::emit(&loaded.schema, options);
    loaded.diagnostics.extend(emit_diags);
    loaded.diagnostics.normalize();
    Generated { loaded, files }
}
