//! Stage 4: schema to Rust source files.
//!
//! [`emit`] turns a [`Schema`] into the files of a crate (or one `include!`
//! file) that uses only the runtime API of `runtime/CONTRACT.md`:
//! - `models`: one file per type ([`models`]); the primary namespace at
//!   `models::X`, others in submodules (`models::call_records::X`); a
//!   referenced base type with derived types also gets `Any<Name>`, the enum
//!   its use sites name ([`catalog`]);
//! - `requests`: the `GraphClient`, a module per first URL segment, and in
//!   it a file per second segment's subtree, re-exported so names stay
//!   `requests::<first>::Name` ([`requests`], [`request_plan`]);
//! - cargo features per workload ([`features`]), and the record of what
//!   each has compiled, which keeps renamed ones working ([`feature_map`]).
//!
//! Everything is built in sorted orders, so output is byte-for-byte
//! deterministic.

mod cargo_toml;
pub mod catalog;
mod doc_text;
mod docs;
mod placeholders;
mod operation_docs;
pub mod example_tests;
pub mod feature_map;
pub mod features;
mod layout;
pub mod models;
pub mod naming;
mod reference;
mod request_plan;
mod schedule;
pub mod request_tree;
pub mod requests;
pub mod rust_types;
mod upload_session;

pub use layout::Layout;

use crate::diagnostics::Diagnostics;
use crate::schema::Schema;
use catalog::Catalog;
use features::Features;
use layout::{Child, Module};
use request_plan::Role;
use naming::escape;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// e.g. `graphgen-sdk`.
    pub crate_name: String,
    /// TOML value for the runtime dependency, e.g. `{ path = "../runtime" }` or `"0.1"`.
    pub runtime_dependency: String,
    pub layout: Layout,
    /// Cargo features per workload (crate layout only); `false`: no cfg gates.
    pub features: bool,
    /// The crate's features map from its last generation (`None`: a new
    /// crate): names the docs have since dropped keep working (see
    /// [`feature_map`]). Used only with `features`.
    pub feature_map: Option<Arc<feature_map::FeatureMap>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedFiles {
    /// Relative path (`/`-separated) -> file text. The text is shared with
    /// the emitter's memo (a regeneration copies no unchanged file), and
    /// shared text compares equal in one step.
    pub files: BTreeMap<String, Arc<str>>,
}

/// One file as an emission made it, kept for reuse.
#[derive(Debug, Clone)]
pub(crate) struct MadeFile {
    pub body: layout::FileBody,
    pub diagnostics: Diagnostics,
}

/// The per-file results of one emission, kept so that the next emission of
/// a slightly changed schema can reuse the files whose inputs did not
/// change (see [`crate::incremental`]).
#[derive(Debug, Default)]
pub struct EmitMemo {
    /// The crate-wide naming and gating the files were made under; a file
    /// is reused only when both are unchanged.
    catalog: Option<Catalog>,
    features: Option<Features>,
    catalog_diagnostics: Diagnostics,
    types: BTreeMap<String, MadeFile>,
    requests: BTreeMap<Vec<String>, requests::RequestsFile>,
    /// Files formatted at the end (module files holding declarations).
    rendered: layout::Formatted,
    /// Type and request files made afresh (not reused) by this emission.
    pub made_afresh: usize,
}

/// What every part of one emission reads.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    pub schema: &'a Schema,
    pub catalog: &'a Catalog,
    pub features: &'a Features,
    /// Format leaf files where they are made (crate layout).
    pub preformat: bool,
    pub reuse: Option<&'a Reuse<'a>>,
}

/// What a new emission may take from a previous one.
pub struct Reuse<'a> {
    pub memo: &'a EmitMemo,
    /// Types whose file must be made again (changed, or reading a changed type).
    pub dirty_types: &'a BTreeSet<String>,
    /// Types whose definition changed: code naming them is made again.
    pub changed_types: &'a BTreeSet<String>,
    /// Operations (indices) whose request code must be made again; `None`
    /// when the set of operations, their paths or workloads changed (then
    /// names and gates may shift, and every request file is made again).
    pub dirty_operations: Option<&'a BTreeSet<usize>>,
    /// No type changed and no operation changed its workload or the types
    /// it names: the crate-wide naming and gating are the previous ones.
    pub same_naming: bool,
    /// The same types and operations in the same workloads: the features
    /// map's record of the previous emission stands.
    pub same_workloads: bool,
}

pub fn emit(schema: &Schema, options: &EmitOptions) -> (GeneratedFiles, Diagnostics) {
    let (files, diags, _) = emit_reusing(schema, options, None);
    (files, diags)
}

/// [`emit`], reusing the files of a previous emission that `reuse` says are
/// still valid; returns what the next emission may reuse. The output is
/// the same, byte for byte, as a fresh [`emit`] of `schema`.
pub fn emit_reusing(
    schema: &Schema,
    options: &EmitOptions,
    reuse: Option<&Reuse>,
) -> (GeneratedFiles, Diagnostics, EmitMemo) {
    let mut clock = crate::stage_times::start();
    let mut diags = Diagnostics::default();
    let gated = options.features && options.layout == Layout::Crate;
    let kept = reuse.filter(|r| r.same_naming).and_then(|r| {
        let memo = r.memo;
        Some((memo.catalog.clone()?, memo.features.clone()?, memo.catalog_diagnostics.clone()))
    });
    let naming_kept = kept.is_some();
    // The URL tree of the request builders needs neither naming nor gating:
    // build it while those are worked out.
    let ((catalog, features, catalog_diagnostics), (tree, tree_diagnostics)) = rayon::join(
        || match kept {
            Some(kept) => kept,
            None => {
                let mut catalog_diagnostics = Diagnostics::default();
                let recorded = reuse.filter(|r| r.same_workloads && gated).and_then(|r| r.memo.features.as_ref()).map(|f| f.recorded.clone());
                // The features' record (with what the previous map said)
                // needs no naming: made while the catalog is.
                let (catalog, recorded) = rayon::join(
                    || Catalog::build(schema, &mut catalog_diagnostics),
                    || recorded.or_else(|| gated.then(|| std::sync::Arc::new(feature_map::Recorded::new(schema, options.feature_map.as_deref())))),
                );
                let features = Features::build(schema, &catalog, gated, options.feature_map.as_deref(), recorded);
                (catalog, features, catalog_diagnostics)
            }
        },
        || {
            let mut tree_diagnostics = Diagnostics::default();
            (request_tree::build(schema, &mut tree_diagnostics), tree_diagnostics)
        },
    );
    diags.extend(catalog_diagnostics.clone());
    diags.extend(tree_diagnostics);
    crate::stage_times::lap("emit.naming_gating_tree", &mut clock);
    // Rebuilt naming and gating may still equal the previous (then files can be reused).
    let reuse = reuse.filter(|r| {
        naming_kept || (r.memo.catalog.as_ref() == Some(&catalog) && r.memo.features.as_ref() == Some(&features))
    });

    // Models and request builders are independent: build both at once. The
    // crate layout formats each type file where its tokens are made.
    let preformat = options.layout == Layout::Crate;
    let (mut models_diags, mut requests_diags) = (Diagnostics::default(), Diagnostics::default());
    let ((models, (made_types, types_afresh)), (requests, (made_requests, requests_afresh))) = rayon::join(
        || models_module(Inputs { schema, catalog: &catalog, features: &features, preformat, reuse }, &mut models_diags),
        || requests_module(Inputs { schema, catalog: &catalog, features: &features, preformat, reuse }, &tree, &mut requests_diags),
    );
    diags.extend(models_diags);
    diags.extend(requests_diags);
    crate::stage_times::lap("emit.models_and_requests", &mut clock);

    let version = api_version_items(schema);
    let crate_doc = crate_docs(schema, &tree, &features, options, version.as_ref().map(|(doc, _)| doc.as_str()));
    let version_items = version.map(|(_, items)| items).unwrap_or_default();
    let inner_attrs = if options.layout == Layout::Crate { quote!(#![doc = #crate_doc]).to_string() } else { String::new() };
    let root = Module {
        inner_attrs,
        items: vec![quote! {
            /// The runtime this crate stands on (client, auth, wire types).
            pub use graphgen_runtime as runtime;
            pub use requests::GraphClient;
            #version_items
        }
        .to_string()],
        children: vec![
            Child {
                name: "models".to_owned(),
                attrs: quote!(#[doc = " Types: one per docs resource page."]).to_string(),
                public: true,
                module: models,
            },
            Child {
                name: "requests".to_owned(),
                attrs: quote!(#[doc = " Request builders, one per URL path prefix."]).to_string(),
                public: true,
                module: requests,
            },
        ],
        origin: "the docs".to_owned(),
        finished: None,
    };
    crate::stage_times::lap("emit.crate_docs", &mut clock);
    let (mut files, rendered) = layout::render(&root, options.layout, reuse.map(|r| &r.memo.rendered), &mut diags);
    crate::stage_times::lap("emit.render", &mut clock);
    if options.layout == Layout::Crate {
        files.insert("Cargo.toml".to_owned(), cargo_toml::render(options, &features).into());
        if features.enabled {
            files.insert(feature_map::FILE.to_owned(), features.recorded.json.clone());
        }
    }
    diags.normalize();
    let memo = EmitMemo {
        catalog: Some(catalog),
        features: Some(features),
        catalog_diagnostics,
        types: made_types,
        requests: made_requests,
        rendered,
        made_afresh: types_afresh + requests_afresh,
    };
    (GeneratedFiles { files }, diags, memo)
}

/// For docs of a known API version: the crate docs' sentence about it, and
/// `API_VERSION` with `client_builder()`, a client builder set to it (the
/// runtime's own default is beta, whatever the docs).
fn api_version_items(schema: &Schema) -> Option<(String, proc_macro2::TokenStream)> {
    let version = schema.api_version.as_deref()?;
    let variant = match version {
        "beta" => quote!(Beta),
        "v1.0" => quote!(V1_0),
        _ => return None,
    };
    let doc = format!(
        "\n\n Generated from the `{version}` API reference: [`client_builder`] makes clients that call `{version}` (`https://graph.microsoft.com/{version}`); a client from `graphgen_runtime::Client::builder()` calls the runtime's default instead."
    );
    let const_doc = format!(" The API version of the reference this crate was generated from: `{version}`.");
    let builder_doc = format!(
        " A client builder set to [`API_VERSION`] (`{version}`): `client_builder().token_provider(...).build()`."
    );
    let items = quote! {
        #[doc = #const_doc]
        pub const API_VERSION: graphgen_runtime::ApiVersion = graphgen_runtime::ApiVersion::#variant;
        #[doc = #builder_doc]
        pub fn client_builder() -> graphgen_runtime::ClientBuilder {
            graphgen_runtime::Client::builder().api_version(API_VERSION)
        }
    };
    Some((doc, items))
}

/// The `requests` tree: the `GraphClient`, one module per first URL
/// segment, and in it one private file module per second segment.
fn requests_module(
    inputs: Inputs,
    tree: &request_tree::Node,
    diags: &mut Diagnostics,
) -> (Module, (BTreeMap<Vec<String>, requests::RequestsFile>, usize)) {
    let mut requests = Module { origin: "the operation pages".to_owned(), ..Module::default() };
    let files = requests::emit(inputs, tree, diags);
    let afresh = files.iter().filter(|f| f.made_afresh).count();
    let made: BTreeMap<Vec<String>, requests::RequestsFile> = files.iter().map(|f| (f.module.clone(), f.clone())).collect();
    for file in files {
        diags.extend(file.diagnostics);
        let gate = file.gate.attr();
        let module = file.body.module(requests::file_origin(&file.url));
        let name = escape(file.module.last().expect("request modules have a name"));
        match file.role {
            Role::Root => {
                requests.items = module.items;
            }
            Role::Top => {
                let doc = format!(" Request builders under `{}`.", file.url);
                requests.children.push(Child {
                    name,
                    attrs: quote!(#[doc = #doc] #gate).to_string(),
                    public: true,
                    module,
                });
            }
            Role::Subtree => {
                let top = requests.children.last_mut().expect("a sub-file follows its first-segment file");
                top.module.children.push(Child { name, attrs: gate.to_string(), public: false, module });
            }
        }
    }
    (requests, (made, afresh))
}

/// The `models` tree: namespace modules, one file module per type, and the
/// re-exports that make every type reachable as `models::<ns>::Name`.
fn models_module(inputs: Inputs, diags: &mut Diagnostics) -> (Module, (BTreeMap<String, MadeFile>, usize)) {
    let Inputs { schema, catalog, features, preformat, reuse } = inputs;
    // Types are independent: generate (and format) their files in parallel.
    let types: Vec<(&String, &crate::schema::TypeDef)> = schema.types.iter().collect();
    // Costliest first: a type's file grows with its members and, for a
    // base, with the `Any` enum of the types derived from it.
    let generated: Vec<(String, MadeFile, bool)> = schedule::costliest_first(
        &types,
        |(_, t)| t.properties.len() + t.members.len() + t.derived_types.len(),
        |&(qn, t)| {
            let previous = reuse.filter(|r| !r.dirty_types.contains(qn)).and_then(|r| r.memo.types.get(qn));
            if let Some(previous) = previous {
                return (qn.clone(), previous.clone(), false);
            }
            let mut local = Diagnostics::default();
            let body = layout::file_text(preformat, &t.source.file, &mut local, |d| {
                models::type_file_items(schema, catalog, features, t, d)
            });
            (qn.clone(), MadeFile { body, diagnostics: local }, true)
        },
    );
    let afresh = generated.iter().filter(|(_, _, fresh)| *fresh).count();
    let made: BTreeMap<String, MadeFile> = generated.iter().map(|(qn, file, _)| (qn.clone(), file.clone())).collect();
    let mut by_module: BTreeMap<Vec<String>, Module> = BTreeMap::new();
    for path in catalog.namespace_modules.keys() {
        by_module.entry(path.clone()).or_insert_with(|| Module { origin: "the resource pages".to_owned(), ..Module::default() });
    }
    by_module.entry(vec!["models".to_owned()]).or_insert_with(|| Module { origin: "the resource pages".to_owned(), ..Module::default() });
    for (qn, MadeFile { body, diagnostics: local }, _) in generated {
        diags.extend(local);
        let t = &schema.types[&qn];
        let info = &catalog.types[&qn];
        let module = by_module.get_mut(&info.module).expect("every namespace has a module");
        // Token text written directly: thousands of these, and a regeneration
        // session redoes them all, so no quote!-then-print round trip.
        let file = escape(&info.file_mod);
        let gate = features.type_gate(&qn).attr_text();
        module.items.push(format!("{gate} pub use {file}::{};", escape(&info.rust_name)));
        if let Some(any) = &info.any_name {
            module.items.push(format!("{} pub use {file}::{};", features.any_gate(&qn).attr_text(), escape(any)));
        }
        module.children.push(Child {
            name: file,
            attrs: gate,
            public: false,
            module: body.module(t.source.file.clone()),
        });
    }
    // Nest namespace modules, deepest first, so each is complete when moved.
    let mut paths: Vec<Vec<String>> = by_module.keys().cloned().collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for path in paths {
        if path.len() < 2 {
            continue;
        }
        let module = by_module.remove(&path).expect("module present");
        let parent = by_module.get_mut(&path[..path.len() - 1]).expect("parent namespace module present");
        let name = path.last().expect("non-empty").clone();
        let doc = format!(" Types of a sub-namespace (`{}`).", path[1..].join("::"));
        // Namespace modules go first, before the type files of the parent.
        let position = parent.children.iter().take_while(|c| c.public).count();
        parent.children.insert(
            position,
            Child { name: escape(&name), attrs: quote!(#[doc = #doc]).to_string(), public: true, module },
        );
    }
    (by_module.remove(&vec!["models".to_owned()]).unwrap_or_default(), (made, afresh))
}

/// The crate's own docs: what it is, and a quick start (client, token, one
/// call, every page, errors) that compiles as a doctest. The calls are the
/// crate's own: the list of its shortest top-level collection and, when
/// there is one, the get of one of its items.
fn crate_docs(
    schema: &Schema,
    tree: &request_tree::Node,
    features: &Features,
    options: &EmitOptions,
    version_doc: Option<&str>,
) -> String {
    let krate = options.crate_name.replace('-', "_");
    let mut doc = format!(
        "A typed client for {} types and {} operations, generated by graphgen from API reference docs.\n\n\
         Start at [`GraphClient`]: `GraphClient::new(client).<first URL segment>()...` follows the URL of \
         the request; each operation method documents its HTTP request, permissions, headers and an example, \
         and links to the published reference. Models are in [`models`]: every property is a \
         [`runtime::Nullable`] (absent, `null` or a value), so an update sends exactly what it sets.\n",
        schema.types.len(),
        schema.operations.len()
    );
    if let Some(version_doc) = version_doc {
        doc.push('\n');
        doc.push_str(version_doc.trim());
        doc.push('\n');
    }
    let start = example_tests::quick_start(schema, tree);
    doc.push_str("\n# Quick start\n\n```no_run\n");
    doc.push_str(&format!("use {krate}::{{runtime, GraphClient}};\n\n"));
    // Doctests see the crate's features: under a feature set without the
    // calls' workloads the example compiles to nothing.
    // Each call needs one of its operation's features; the example, all calls.
    let mut needed: BTreeSet<String> = BTreeSet::new();
    for call in start.iter().flat_map(|s| &s.workloads) {
        let Some(any) = features.workload_gate(call).0 else { continue };
        let each: Vec<String> = any.iter().map(|f| format!("feature = {f:?}")).collect();
        needed.insert(if each.len() == 1 { each.concat() } else { format!("any({})", each.join(", ")) });
    }
    if !needed.is_empty() {
        let all: Vec<&str> = needed.iter().map(String::as_str).collect();
        doc.push_str(&format!("# #[cfg(all({}))]\n", all.join(", ")));
    }
    doc.push_str("# async fn quick_start() -> Result<(), runtime::Error> {\n");
    // With a known API version the crate's own builder calls it; otherwise
    // the runtime's default does.
    let (builder, base) = match schema.api_version.as_deref().filter(|_| version_doc.is_some()) {
        Some(version) => (format!("{krate}::client_builder()"), format!("https://graph.microsoft.com/{version}")),
        None => ("runtime::Client::builder()".to_owned(), "the runtime's default API version".to_owned()),
    };
    doc.push_str(&format!(
        "// A client for {base}; any `runtime::TokenProvider` can stand\n\
         // in for the fixed token (it is asked for a token before every request).\n\
         let client = {builder}\n    .token_provider(runtime::StaticToken::new(\"<access token>\"))\n    .build()?;\n\
         let graph = GraphClient::new(client);\n",
    ));
    if let Some(start) = &start {
        // `$top` only where the list's page offers it (its builder has no `.top` otherwise).
        let top = if start.list_offers_top { ".top(10)" } else { "" };
        doc.push_str(&format!(
            "\n// One call: the first page of a collection.\nlet page = graph{}{top}.send().await?;\n\
             println!(\"{{}} items, more: {{}}\", page.value.len(), page.next_link.is_some());\n\
             \n// Every page, following `@odata.nextLink` (`.stream()` yields them one by one).\n\
             let all = graph{}.send_all().await?;\nprintln!(\"{{}} in all\", all.len());\n",
            start.list, start.list
        ));
        if let Some(get) = &start.get {
            doc.push_str(&format!(
                "\n// Errors: Graph's error body is typed; throttling (429) was already retried.\n\
                 match graph{get}.send().await {{\n    Ok(item) => println!(\"{{item:?}}\"),\n    \
                 Err(e) if e.status() == Some(runtime::StatusCode::NOT_FOUND) => println!(\"no such item\"),\n    \
                 Err(e) => return Err(e),\n}}\n"
            ));
        }
    }
    doc.push_str("# Ok(())\n# }\n```");
    // Each line as a doc comment line writes it (a leading space).
    doc.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect::<Vec<_>>().join("\n")
}
