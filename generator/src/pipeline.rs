//! The stages put together: docs folder → schema → generated files.

use crate::corpus;
use crate::diagnostics::Diagnostics;
use crate::docs_files::DocsFolder;
use crate::emit::{self, EmitOptions, GeneratedFiles};
use crate::schema::{self, Schema};
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

/// Read, parse and build the schema of a docs folder.
pub fn load(docs: &Path) -> std::io::Result<Loaded> {
    let folder = DocsFolder::new(docs);
    let (paths, refused) = corpus::list_pages_checked(&folder)?;
    if paths.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no pages found under {} (expected {}/*.md)", docs.display(), corpus::PAGE_FOLDERS.join("/*.md or ")),
        ));
    }
    let mut corpus = corpus::read_pages_in(&folder, &paths);
    corpus.diagnostics.items.extend(refused);
    let (schema, mut diagnostics) = schema::build(&corpus.pages);
    let doc_types = corpus.pages.iter().map(|p| (p.path.clone(), p.doc_type().map(str::to_string))).collect();
    let conceptual = corpus
        .pages
        .iter()
        .filter(|p| schema::page_facts::kind(p, &mut Diagnostics::default()) == schema::page_facts::PageKind::Conceptual)
        .map(|p| p.path.clone())
        .collect();
    // Freeing every parsed page takes tens of milliseconds that nothing
    // waits for: do it on the side.
    let pages = corpus.pages;
    std::thread::spawn(move || drop(pages));
    diagnostics.extend(corpus.diagnostics);
    diagnostics.normalize();
    let mut inputs = paths;
    inputs.extend(corpus.includes_read);
    inputs.sort();
    inputs.dedup();
    Ok(Loaded { schema, diagnostics, inputs, doc_types, conceptual })
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
