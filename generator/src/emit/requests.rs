//! Request builders: one struct per node of the path tree, the
//! `GraphClient` root, one operation method per attached operation, and a
//! body struct per action parameter table.
//!
//! Method naming rules (all general, all documented in the builders' docs):
//! - a literal segment is a snake_case navigation method (`$value` -> `value`);
//! - a key segment gives `by_<param>` per alternative, where a parameter
//!   that is `id` or ends in `Id`/`-id`/`_id` gives `by_id`
//!   (`{importedWindowsAutopilotDeviceIdentityId}` -> `by_id`,
//!   `{userPrincipalName}` -> `by_user_principal_name`);
//! - a function segment is a method taking its parameters; a cast is
//!   `as_<type>()`; OneDrive `root:/path:` addressing is `item_path(&str)`;
//! - operations are `list`, `get`, `create`, `update`, `delete`, or, for an
//!   action or function named by its last segment, that name; anything else
//!   is named by its HTTP method;
//! - a `$ref` write whose docs example references a collection the schema
//!   addresses by key also gets `<method>_by_id(id)` ([`super::reference`]).
//!
//! Builder struct names join the path's segments (`UsersItemManager` +
//! `RequestBuilder`); collisions are numbered and reported.

use super::catalog::Catalog;
use super::example_tests;
use super::docs::{self, DocBuilder};
use super::operation_docs::operation_docs;
use super::features::{Features, Gate};
use super::models::{struct_tokens, FieldSpec};
use super::naming::{camel, ident, snake, NameScope};
use super::layout::{file_text, FileBody};
use super::{Inputs, Reuse};
use super::request_plan::{self, FileUnit, Plan, Role};
use super::schedule;
use super::request_tree::{Attached, Node};
use super::rust_types::{primitive, relative_path, TypeMapper};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{
    FunctionArg, HttpMethod, Operation, OperationKind, Primitive, RequestBody, Schema, Segment,
    TypeKind, TypeTarget,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// One generated file of request builders.
#[derive(Debug, Clone)]
pub struct RequestsFile {
    /// The module the file is (`requests`, `requests::users`, ...).
    pub module: Vec<String>,
    pub role: Role,
    /// The features the file's declaration is gated on.
    pub gate: Gate,
    pub body: FileBody,
    /// The URL path of the file's node, for docs and the file header.
    pub url: String,
    /// The sub-file modules this file declares, with their gates, in order.
    pub sub_modules: Vec<(String, Gate)>,
    pub diagnostics: Diagnostics,
    /// Made by this emission (not reused from the previous one).
    pub made_afresh: bool,
}

struct Ctx<'a, 't> {
    schema: &'a Schema,
    catalog: &'a Catalog,
    features: &'a Features,
    diags: &'a mut Diagnostics,
    plan: &'a Plan<'t>,
    /// The doc example of each operation method that has one (see
    /// [`example_tests::doc_examples`]), by (operation, path).
    examples: &'a BTreeMap<(usize, usize), String>,
}

/// Every file of builders for `tree` (the schema's
/// [`request_tree`](super::request_tree)). Names are planned first
/// (serially, see [`request_plan`]); the files are then generated in
/// parallel, and those that need nothing appended are formatted on the spot
/// when `preformat`.
pub(crate) fn emit(inputs: Inputs, tree: &Node, diags: &mut Diagnostics) -> Vec<RequestsFile> {
    let Inputs { schema, catalog, features, preformat, reuse } = inputs;
    let plan = request_plan::plan(tree, schema, diags);
    // Files a previous emission made that are still valid, and the doc
    // examples of the operations of the files made again (only those: a
    // one-page edit must not replay every example of the reference).
    let previous: Vec<Option<&RequestsFile>> = plan.files.iter().map(|unit| reuse.and_then(|r| reusable(r, unit, &plan, schema))).collect();
    let mut remade = vec![false; schema.operations.len()];
    for (unit, _) in plan.files.iter().zip(&previous).filter(|(_, p)| p.is_none()) {
        // A sub-file holds its node's whole subtree; the client's and a
        // first segment's file, their node alone (the rest is in sub-files).
        let mut stack = vec![unit.node];
        while let Some(node) = stack.pop() {
            node.ops.iter().for_each(|a| remade[a.op] = true);
            if unit.role == Role::Subtree {
                stack.extend(node.children.values());
            }
        }
    }
    let examples = example_tests::doc_examples(schema, catalog, tree, &plan, &|op| remade[op]);
    // Biggest first (see [`super::schedule`]); back in plan order.
    let files: Vec<(usize, &FileUnit)> = plan.files.iter().enumerate().collect();
    schedule::costliest_first(&files, |(_, unit)| unit.weight(), |&(position, unit)| {
        if let Some(previous) = previous[position] {
            return RequestsFile { made_afresh: false, ..previous.clone() };
        }
        let mut local = Diagnostics::default();
        // Root and first-segment files get module declarations appended later.
        let url = path_template(&unit.segments);
        let body = file_text(preformat && unit.role == Role::Subtree, &file_origin(&url), &mut local, |diags| {
            Ctx { schema, catalog, features, diags, plan: &plan, examples: &examples }.file_items(unit)
        });
        let ctx = Ctx { schema, catalog, features, diags: &mut local, plan: &plan, examples: &examples };
        let gate = match unit.role {
            Role::Root => features.empty_gate(),
            Role::Top | Role::Subtree => ctx.node_gate(unit.node),
        };
        let sub_modules = unit
            .sub_modules
            .iter()
            .map(|(key, module)| (module.clone(), ctx.node_gate(&unit.node.children[key])))
            .collect();
        RequestsFile {
            module: unit.module.clone(),
            role: unit.role,
            gate,
            body,
            url,
            sub_modules,
            diagnostics: local,
            made_afresh: true,
        }
    })
}

/// What a request file's header says it was generated from.
pub(crate) fn file_origin(url: &str) -> String {
    format!("the operation pages under `{url}`")
}

/// The previous version of `unit`'s file, when nothing it is made from
/// changed: the operations attached at or below its node (their sources
/// reach its diagnostics even when another file holds their code), the
/// bodies it defines, and the types those operations name. Names and gates
/// come from the whole tree; `dirty_operations` is `None` whenever they may
/// have moved.
fn reusable<'r>(reuse: &'r Reuse, unit: &FileUnit, plan: &Plan, schema: &Schema) -> Option<&'r RequestsFile> {
    let dirty = reuse.dirty_operations?;
    let previous = reuse.memo.requests.get(&unit.module)?;
    let mut ops: Vec<usize> = Vec::new();
    let mut stack = vec![unit.node];
    while let Some(node) = stack.pop() {
        ops.extend(node.ops.iter().map(|a| a.op));
        stack.extend(node.children.values());
    }
    ops.extend(plan.bodies.iter().filter(|(_, place)| place.unit == unit.module).map(|(op, _)| *op));
    let clean = ops.iter().all(|&i| {
        !dirty.contains(&i)
            && schema.operations[i].type_refs().all(|r| match &r.target {
                TypeTarget::Named(qn) => !reuse.changed_types.contains(qn),
                TypeTarget::Primitive(_) => true,
            })
    });
    clean.then_some(previous)
}

impl<'a, 't> Ctx<'a, 't> {
    fn node_gate(&self, node: &Node) -> Gate {
        self.features.node_gate(node)
    }

    /// The items of one file of the plan.
    fn file_items(&mut self, unit: &FileUnit<'t>) -> TokenStream {
        let mut items = TokenStream::new();
        match unit.role {
            Role::Root => {
                let targets: BTreeMap<String, (Vec<String>, String)> = unit
                    .node
                    .children
                    .iter()
                    .map(|(key, child)| {
                        let module = vec!["requests".to_owned(), unit.sub_modules[key].clone()];
                        (key.clone(), (module, self.plan.builder_name(child).to_owned()))
                    })
                    .collect();
                // The client is never gated: each method is, by what it leads to.
                let root_methods = self.node_methods(unit.node, &unit.module, &targets, true, &Gate::always());
                let docs = DocBuilder::new()
                    .markdown("The entry point: one method per first URL segment. Wraps a `graphgen_runtime::Client`, which holds the base URL, authentication, transport and retry policy.")
                    .tokens();
                items.extend(quote! {
                    #docs
                    #[derive(Debug, Clone)]
                    pub struct GraphClient {
                        client: graphgen_runtime::Client,
                    }
                    impl GraphClient {
                        pub fn new(client: graphgen_runtime::Client) -> Self {
                            Self { client }
                        }
                        /// The underlying runtime client.
                        pub fn client(&self) -> &graphgen_runtime::Client {
                            &self.client
                        }
                        #root_methods
                    }
                });
            }
            Role::Top => {
                let mut segments = unit.segments.clone();
                self.emit_node(unit.node, &mut segments, &unit.module, false, &mut items);
                // The sub-files' builders, by name, from here.
                for (key, module) in &unit.sub_modules {
                    let gate = self.node_gate(&unit.node.children[key]).attr();
                    let module = ident(module);
                    items.extend(quote!(#gate pub use #module::*;));
                }
            }
            Role::Subtree => {
                let mut segments = unit.segments.clone();
                self.emit_node(unit.node, &mut segments, &unit.module, true, &mut items);
            }
        }
        items.extend(self.body_items(&unit.module));
        items
    }

    /// The builder struct of `node` into `items`, then (when `recurse`) its
    /// descendants'. `module` is the file's module.
    fn emit_node<'n>(
        &mut self,
        node: &'n Node,
        segments: &mut Vec<&'n Segment>,
        module: &[String],
        recurse: bool,
        items: &mut TokenStream,
    ) {
        let plan = self.plan;
        // Children are in this file, or (first segment) re-exported into it.
        let targets: BTreeMap<String, (Vec<String>, String)> = node
            .children
            .iter()
            .map(|(key, child)| (key.clone(), (module.to_vec(), plan.builder_name(child).to_owned())))
            .collect();
        let node_gate = self.node_gate(node);
        let methods = self.node_methods(node, module, &targets, false, &node_gate);
        let gate = node_gate.attr();
        // The methods go into the impl body by move (interpolated, each
        // token would be copied).
        let mut body = quote! {
            pub fn new(client: graphgen_runtime::Client, path: graphgen_runtime::UrlPath) -> Self {
                Self { client, path }
            }
            /// The URL path this builder stands for.
            pub fn path(&self) -> &graphgen_runtime::UrlPath {
                &self.path
            }
        };
        body.extend(methods);
        let body = proc_macro2::Group::new(proc_macro2::Delimiter::Brace, body);
        let ident_name = ident(plan.builder_name(node));
        let template = path_template(segments);
        let doc = docs::line(format!(" Requests under `{template}`."));
        items.extend(quote! {
            #doc
            #gate
            #[derive(Clone)]
            pub struct #ident_name {
                client: graphgen_runtime::Client,
                path: graphgen_runtime::UrlPath,
            }
            #gate
            impl #ident_name #body
        });
        if recurse {
            for child in node.children.values() {
                segments.push(child.segment.as_ref().expect("child nodes have a segment"));
                self.emit_node(child, segments, module, true, items);
                segments.pop();
            }
        }
    }

    /// Operation methods first (they are why the node exists), then
    /// navigation. A method is gated only where the builder's own gate
    /// (`enclosing`) does not already decide.
    fn node_methods(
        &mut self,
        node: &Node,
        module: &[String],
        targets: &BTreeMap<String, (Vec<String>, String)>,
        is_root: bool,
        enclosing: &Gate,
    ) -> TokenStream {
        let names = node_method_names(self.schema, node, self.diags);
        let base_path = if is_root { quote!(self.client.path()) } else { quote!(self.path) };
        let mut out = TokenStream::new();
        let mut attached: Vec<&Attached> = node.ops.iter().collect();
        attached.sort_by_key(|a| (a.op, a.path));
        for a in attached {
            let method = &names.operations[&(a.op, a.path)];
            let by_id = names.reference_by_id.get(&(a.op, a.path)).map(String::as_str);
            out.extend(self.operation_method(a, method, by_id, &base_path, module, is_root, enclosing));
        }
        for (key, child) in &node.children {
            let segment = child.segment.as_ref().expect("child nodes have a segment");
            let (target_module, target_name) = &targets[key];
            let target = relative_path(module, target_module, target_name);
            let gate = self.node_gate(child).attr_within(enclosing);
            let mapper = TypeMapper::new(self.schema, self.catalog, module);
            let steps = navigation_steps(segment, &child.key_params, &mapper);
            for (index, method) in &names.navigation[key] {
                let (params, step) = &steps[*index];
                let method = ident(method);
                let doc = docs::line(format!(" `{}`", describe_segment(segment)));
                out.extend(quote! {
                    #doc
                    #gate
                    pub fn #method(&self, #params) -> #target {
                        #target::new(self.client.clone(), #base_path #step)
                    }
                });
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation_method(
        &mut self,
        a: &Attached,
        method: &str,
        reference_by_id: Option<&str>,
        base_path: &TokenStream,
        module: &[String],
        is_root: bool,
        enclosing: &Gate,
    ) -> TokenStream {
        let schema = self.schema;
        let op = &schema.operations[a.op];
        let mapper = TypeMapper::new(schema, self.catalog, module);
        let mut params = Vec::new();
        let mut param_names = NameScope::new();
        for reserved in ["self", "body", "content_type"] {
            param_names.reserve(reserved);
        }
        let step = match &a.own_segment {
            Some(Segment::Literal { name }) => quote!(.segment(#name)),
            Some(Segment::Function { name, args }) => {
                let (fn_params, step) = function_step(name, args, Some(op), &mapper, &mut param_names);
                params.extend(fn_params);
                step
            }
            // The node's own path: a builder keeps its copy (the root's is made fresh).
            _ if !is_root => quote!(.clone()),
            _ => TokenStream::new(),
        };
        let (body_param, body_call) = self.body(a.op, op, module, &mapper);
        params.extend(body_param);
        let response = self.response_kind(op, &mapper);
        let options = query_options_type(op);
        let response = quote!(#response, #options);
        let http_method = match op.method {
            HttpMethod::Get => quote!(GET),
            HttpMethod::Post => quote!(POST),
            HttpMethod::Put => quote!(PUT),
            HttpMethod::Patch => quote!(PATCH),
            HttpMethod::Delete => quote!(DELETE),
        };
        let example = self.examples.get(&(a.op, a.path)).map(String::as_str);
        let docs = operation_docs(schema, op, a.path, self.catalog.reference_view.as_deref(), example);
        let gate = self.features.operation_gate(a.op, op).attr_within(enclosing);
        let by_id = reference_by_id.map(|by_id| self.reference_by_id_method(op, method, by_id, &response, &gate));
        let method = ident(method);
        quote! {
            #docs
            #gate
            pub fn #method(&self, #(#params),*) -> graphgen_runtime::RequestBuilder<#response> {
                graphgen_runtime::RequestBuilder::new(&self.client, graphgen_runtime::Method::#http_method, #base_path #step)
                    #body_call
            }
            #by_id
        }
    }

    /// `<method>_by_id(id)`: the `$ref` write of `method`, referencing the
    /// object with that id in the collection the docs' example shows.
    fn reference_by_id_method(
        &self,
        op: &Operation,
        method: &str,
        by_id: &str,
        response: &TokenStream,
        gate: &TokenStream,
    ) -> TokenStream {
        let collection = super::reference::referenced_collection(op, self.schema).unwrap_or_default();
        let template = format!("/{}", collection.join("/"));
        let doc = DocBuilder::new()
            .text(&format!(
                "Like [`{method}`](Self::{method}), referencing the object with this id in `{template}`, \
                 the collection the docs' example references: sends \
                 `{{\"@odata.id\": \"<base URL>{template}/<id>\"}}`, the id percent-encoded."
            ))
            .tokens();
        let method = ident(method);
        let by_id = ident(by_id);
        quote! {
            #doc
            #gate
            pub fn #by_id(&self, id: impl std::fmt::Display) -> graphgen_runtime::RequestBuilder<#response> {
                self.#method(self.client.path() #(.segment(#collection))* .key(id))
            }
        }
    }

    /// The body parameter and the call that attaches it. Functions take
    /// their parameters in the URL, so they send no body.
    fn body(
        &mut self,
        index: usize,
        op: &Operation,
        module: &[String],
        mapper: &TypeMapper,
    ) -> (Option<TokenStream>, TokenStream) {
        if op.kind == OperationKind::Function {
            return (None, TokenStream::new());
        }
        match &op.body {
            None => (None, TokenStream::new()),
            Some(RequestBody::Binary) => (
                Some(quote!(content_type: &str, body: Vec<u8>)),
                quote!(.bytes_body(content_type, body)),
            ),
            Some(RequestBody::Reference) => (
                Some(quote!(target: impl graphgen_runtime::ReferenceTarget)),
                quote!(.reference_body(target)),
            ),
            Some(RequestBody::Resource { ty }) => {
                let element = mapper.element(&ty.target).unwrap_or_else(|| {
                    self.diags.report(
                        &op.source.file,
                        op.source.line,
                        DiagnosticKind::UnknownType,
                        format!("the request body of `{}` names an unknown type; sent as a JSON value", op.id),
                    );
                    quote!(graphgen_runtime::serde_json::Value)
                });
                if ty.collection {
                    (Some(quote!(body: &[#element])), quote!(.json_body(&body)))
                } else {
                    (Some(quote!(body: &#element)), quote!(.json_body(body)))
                }
            }
            Some(RequestBody::Parameters { .. }) => {
                let place = &self.plan.bodies[&index];
                // Within its own file by name; elsewhere through the re-export.
                let path = if place.unit == module {
                    relative_path(module, &place.unit, &place.name)
                } else {
                    relative_path(module, &place.public_module, &place.name)
                };
                (Some(quote!(body: &#path)), quote!(.json_body(body)))
            }
        }
    }

    /// Body structs the plan puts in the file of module `module`.
    fn body_items(&mut self, module: &[String]) -> TokenStream {
        let mut out = TokenStream::new();
        let schema = self.schema;
        let wanted: Vec<(usize, String)> = self
            .plan
            .bodies
            .iter()
            .filter(|(_, place)| place.unit.as_slice() == module)
            .map(|(i, place)| (*i, place.name.clone()))
            .collect();
        for (index, name) in wanted {
            let op = &schema.operations[index];
            let Some(RequestBody::Parameters { params }) = &op.body else { continue };
            let fields: Vec<FieldSpec> = params
                .iter()
                .map(|p| FieldSpec {
                    wire: &p.name,
                    ty: &p.ty,
                    description: &p.description,
                    links: &p.links,
                    source: &p.source,
                    boxed: false,
                })
                .collect();
            let mapper = TypeMapper::new(schema, self.catalog, module);
            let mut doc = DocBuilder::new();
            doc.markdown(&format!("The parameters of `{}` ({}).", op.name.replace('`', ""), super::doc_text::escape(&op.id)));
            for p in params {
                if p.required {
                    doc.line(format!("`{}` is required.", p.name));
                }
            }
            doc.source(&op.source, &op.merged_from);
            let gate = self.features.operation_gate(index, op).attr();
            out.extend(struct_tokens(&name, doc.tokens(), &gate, &fields, &mapper, &name, self.diags));
        }
        out
    }

    fn response_kind(&mut self, op: &Operation, mapper: &TypeMapper) -> TokenStream {
        response_kind(op, mapper).unwrap_or_else(|| {
            self.diags.report(
                &op.source.file,
                op.source.line,
                DiagnosticKind::UnknownType,
                format!("the response of `{}` names an unknown type; read as a JSON value", op.id),
            );
            let value = quote!(graphgen_runtime::serde_json::Value);
            match (op.response.ty.as_ref().is_some_and(|t| t.collection), op.response.body_on_request) {
                (true, false) => quote!(graphgen_runtime::Collection<#value>),
                (false, false) => quote!(graphgen_runtime::Json<#value>),
                (true, true) => quote!(graphgen_runtime::Json<::core::option::Option<graphgen_runtime::CollectionPage<#value>>>),
                (false, true) => quote!(graphgen_runtime::Json<::core::option::Option<#value>>),
            }
        })
    }
}

/// The list of typed query options the operation's builder offers (see the
/// runtime's `query` module): `Select<Expand>`, or `NoOptions`.
pub(crate) fn query_options_type(op: &Operation) -> TokenStream {
    let offered = crate::schema::query_options::offered(op);
    let typed = crate::schema::query_options::TYPED;
    if typed.iter().all(|t| offered.iter().any(|o| o == t)) {
        return quote!(graphgen_runtime::query::Any);
    }
    let mut out = quote!(graphgen_runtime::query::NoOptions);
    let mut first = true;
    for option in typed.iter().rev().filter(|o| offered.iter().any(|x| x == *o)) {
        let node = ident(match *option {
            "orderby" => "OrderBy",
            "select" => "Select",
            "expand" => "Expand",
            "filter" => "Filter",
            "search" => "Search",
            "top" => "Top",
            "skip" => "Skip",
            _ => "Count",
        });
        out = if first { quote!(graphgen_runtime::query::#node) } else { quote!(graphgen_runtime::query::#node<#out>) };
        first = false;
    }
    out
}

/// The response kind of an operation's method (`graphgen_runtime::Json<T>`,
/// `Collection<T>`, `NoContent`, `Bytes`), types named from `mapper`'s
/// module; `None` when the response names an unknown type. The example
/// tests decode the docs' example responses through the same type.
pub(crate) fn response_kind(op: &Operation, mapper: &TypeMapper) -> Option<TokenStream> {
    let Some(ty) = &op.response.ty else { return Some(quote!(graphgen_runtime::NoContent)) };
    if ty.target == TypeTarget::Primitive(Primitive::Stream) {
        return Some(quote!(graphgen_runtime::Bytes));
    }
    let element = mapper.element(&ty.target)?;
    Some(match (ty.collection, op.response.body_on_request) {
        (true, false) => quote!(graphgen_runtime::Collection<#element>),
        (false, false) => quote!(graphgen_runtime::Json<#element>),
        // A body sent only on request (`Prefer: return=representation`):
        // `Json` reads the default empty 204 as `None`.
        (true, true) => quote!(graphgen_runtime::Json<::core::option::Option<graphgen_runtime::CollectionPage<#element>>>),
        (false, true) => quote!(graphgen_runtime::Json<::core::option::Option<#element>>),
    })
}

pub(crate) fn kind_method_name(op: &Operation) -> &'static str {
    match (op.kind, op.method) {
        (OperationKind::List, _) => "list",
        (OperationKind::Get, _) => "get",
        (OperationKind::Create, _) => "create",
        (OperationKind::Update, _) => "update",
        (OperationKind::Delete, _) => "delete",
        (_, HttpMethod::Get) => "get",
        (_, HttpMethod::Post) => "post",
        (_, HttpMethod::Put) => "put",
        (_, HttpMethod::Patch) => "patch",
        (_, HttpMethod::Delete) => "delete",
    }
}

/// `microsoft.graph.delta` -> `delta`.
pub(super) fn bare_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The word a segment contributes to method and file names.
pub(super) fn method_stem(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } | Segment::Function { name, .. } => bare_name(name).to_owned(),
        Segment::Key { .. } => "item".to_owned(),
        Segment::Cast { type_name } => format!("as_{}", bare_name(type_name)),
        Segment::ItemPath { .. } => "item_path".to_owned(),
    }
}

/// The part of a builder struct name a segment contributes.
pub(super) fn name_part(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } | Segment::Function { name, .. } => camel(bare_name(name)),
        Segment::Key { .. } => "Item".to_owned(),
        Segment::Cast { type_name } => format!("As{}", camel(bare_name(type_name))),
        Segment::ItemPath { .. } => "ItemPath".to_owned(),
    }
}

/// `by_id` for `id`, `userId`, `user-id`; `by_<snake>` otherwise.
pub fn key_method_name(param: &str) -> String {
    let s = snake(param);
    let s = s.trim_start_matches('_');
    if s == "id" || s.ends_with("_id") {
        "by_id".to_owned()
    } else {
        format!("by_{s}")
    }
}

/// The parameters and path step of each navigation method one child
/// segment gets, in the order of [`navigation_wanted_names`].
fn navigation_steps(segment: &Segment, key_params: &[String], mapper: &TypeMapper) -> Vec<(TokenStream, TokenStream)> {
    match segment {
        Segment::Literal { name } => vec![(TokenStream::new(), quote!(.segment(#name)))],
        Segment::Key { parens, .. } => navigation_wanted_names(segment, key_params)
            .iter()
            .map(|method| {
                let arg = ident(method.trim_start_matches("by_"));
                let step = if *parens { quote!(.key_in_parens(#arg)) } else { quote!(.key(#arg)) };
                (quote!(#arg: impl std::fmt::Display), step)
            })
            .collect(),
        Segment::Function { name, args } => {
            let mut names = NameScope::new();
            names.reserve("self");
            let (params, step) = function_step(name, args, None, mapper, &mut names);
            vec![(quote!(#(#params),*), step)]
        }
        Segment::Cast { type_name } => vec![(TokenStream::new(), quote!(.segment(#type_name)))],
        Segment::ItemPath { .. } => vec![(quote!(path: &str), quote!(.item_path(path)))],
    }
}

/// A function segment with parameters typed from the operation's parameter
/// table where the type has a URL form (`Display`); `impl Display` otherwise.
fn function_step(
    name: &str,
    args: &[FunctionArg],
    op: Option<&Operation>,
    mapper: &TypeMapper,
    names: &mut NameScope,
) -> (Vec<TokenStream>, TokenStream) {
    let mut params = Vec::new();
    let mut values = Vec::new();
    for arg in args {
        let wire = &arg.name;
        let mut quoted = arg.quoted;
        let value = match (&arg.param, &arg.literal) {
            (Some(param), _) => {
                let (n, _) = names.claim(&snake(param));
                let n = ident(&n);
                let documented = op.and_then(|op| documented_param(op, arg, param));
                // A string is a quoted literal in OData whether or not the template shows
                // the quotes (`userId=userId-value`); unquoted, the runtime would refuse
                // any value that is not a bare literal, and a `'` the caller added by hand.
                quoted |= documented.is_some_and(is_single_string);
                let ty = documented.and_then(|p| url_value_type(p, mapper)).unwrap_or(quote!(impl std::fmt::Display));
                params.push(quote!(#n: #ty));
                quote!(#n)
            }
            (None, Some(lit)) => quote!(#lit),
            (None, None) => quote!(""),
        };
        let ctor = if quoted { quote!(string) } else { quote!(raw) };
        values.push(quote!((#wire, graphgen_runtime::FunctionArg::#ctor(#value))));
    }
    (params, quote!(.function(#name, &[#(#values),*])))
}

/// A parameter that is one `String` (not a collection).
fn is_single_string(p: &crate::schema::Parameter) -> bool {
    !p.ty.collection && p.ty.target == TypeTarget::Primitive(Primitive::String)
}

/// The parameter-table row that types a function argument bound to `param`.
fn documented_param<'o>(op: &'o Operation, arg: &FunctionArg, param: &str) -> Option<&'o crate::schema::Parameter> {
    op.parameter_tables().find(|p| p.name.eq_ignore_ascii_case(param) || p.name.eq_ignore_ascii_case(&arg.name))
}

/// Whether the operation method takes function argument `arg` as a typed
/// value (a number, a date, an enum...) rather than as text (`&str` or
/// `impl Display`): callers outside the emitter (the example tests) then
/// parse the docs' text into that type.
pub(crate) fn function_arg_is_typed(op: &Operation, arg: &FunctionArg, mapper: &TypeMapper) -> bool {
    let Some(param) = &arg.param else { return false };
    documented_param(op, arg, param)
        .filter(|p| p.ty.target != TypeTarget::Primitive(Primitive::String))
        .and_then(|p| url_value_type(p, mapper))
        .is_some()
}

/// The method name an attached operation asks for, before collisions.
fn operation_wanted_name(op: &Operation, a: &Attached) -> String {
    match &a.own_segment {
        Some(Segment::Literal { name } | Segment::Function { name, .. }) => snake(bare_name(name)),
        _ => kind_method_name(op).to_owned(),
    }
}

/// The navigation method names a child segment asks for, before collisions
/// (one per key alternative).
fn navigation_wanted_names(segment: &Segment, key_params: &[String]) -> Vec<String> {
    match segment {
        Segment::Key { .. } if key_params.is_empty() => vec![key_method_name("id")],
        Segment::Key { .. } => key_params.iter().map(|p| key_method_name(p)).collect(),
        Segment::Literal { name } | Segment::Function { name, .. } => vec![snake(bare_name(name))],
        Segment::Cast { type_name } => vec![format!("as_{}", snake(bare_name(type_name)))],
        Segment::ItemPath { .. } => vec!["item_path".to_owned()],
    }
}

/// The method names of one node's builder: one scope, operations first (by
/// operation and path), then each child's navigation steps. The builders
/// ([`Ctx::node_methods`]) and code that calls them (the example tests) both
/// take their names from here; a name that had to change is reported.
#[derive(Debug, Default)]
pub(crate) struct NodeMethodNames {
    /// By `(operation index, path index)`.
    pub operations: BTreeMap<(usize, usize), String>,
    /// By child key: (index into [`navigation_wanted_names`], method name)
    /// of each step that gets a method. A key alternative whose method
    /// another alternative already is (`{id | userId}`) gets none.
    pub navigation: BTreeMap<String, Vec<(usize, String)>>,
    /// By `(operation index, path index)`: the `<method>_by_id` sibling of a
    /// `$ref` write whose referenced collection the docs show
    /// ([`reference`](super::reference)).
    pub reference_by_id: BTreeMap<(usize, usize), String>,
}

pub(crate) fn node_method_names(schema: &Schema, node: &Node, diags: &mut Diagnostics) -> NodeMethodNames {
    let mut scope = NameScope::new();
    for reserved in ["new", "path", "client"] {
        scope.reserve(reserved);
    }
    let mut out = NodeMethodNames::default();
    let mut attached: Vec<&Attached> = node.ops.iter().collect();
    attached.sort_by_key(|a| (a.op, a.path));
    for a in attached {
        let op = &schema.operations[a.op];
        let wanted = operation_wanted_name(op, a);
        let (name, changed) = scope.claim(&wanted);
        if changed {
            let path = &op.paths[a.path];
            diags.report(
                &path.source.file,
                path.source.line,
                DiagnosticKind::NameCollision,
                format!("operation `{}` on `{}` would be method `{wanted}` like another method; named `{name}`", op.id, path.raw),
            );
        }
        out.operations.insert((a.op, a.path), name);
    }
    for (key, child) in &node.children {
        let segment = child.segment.as_ref().expect("child nodes have a segment");
        let steps = out.navigation.entry(key.clone()).or_default();
        for (index, wanted) in navigation_wanted_names(segment, &child.key_params).into_iter().enumerate() {
            if wanted.starts_with("by_") && scope.is_taken(&wanted) && child.key_params.len() > 1 {
                // Two key alternatives with the same method (`{id | userId}`): one method serves both.
                continue;
            }
            let (name, changed) = scope.claim(&wanted);
            if changed {
                diags.report(
                    &child.source.file,
                    child.source.line,
                    DiagnosticKind::NameCollision,
                    format!("navigation `{}` would be method `{wanted}` like another method; named `{name}`", describe_segment(segment)),
                );
            }
            steps.push((index, name));
        }
    }
    // Last, so the names above are what they were before these methods existed.
    for a in node.ops.iter() {
        if takes_reference_by_id(schema, a) {
            let method = &out.operations[&(a.op, a.path)];
            let (name, _) = scope.claim(&format!("{method}_by_id"));
            out.reference_by_id.insert((a.op, a.path), name);
        }
    }
    out
}

/// Whether the operation method of `a` gets a `_by_id` sibling: a `$ref`
/// write whose referenced collection the docs show, sent on the builder's
/// own path (no function call with parameters of its own).
fn takes_reference_by_id(schema: &Schema, a: &Attached) -> bool {
    !matches!(a.own_segment, Some(Segment::Function { .. }))
        && super::reference::referenced_collection(&schema.operations[a.op], schema).is_some()
}

/// The Rust type of a function parameter, when it has a `Display` form.
fn url_value_type(p: &crate::schema::Parameter, mapper: &TypeMapper) -> Option<TokenStream> {
    if p.ty.collection {
        return None;
    }
    match &p.ty.target {
        TypeTarget::Primitive(Primitive::String) => Some(quote!(&str)),
        TypeTarget::Primitive(Primitive::Json | Primitive::Stream) => None,
        TypeTarget::Primitive(other) => Some(primitive(*other)),
        TypeTarget::Named(qn) => {
            let t = mapper.schema.types.get(qn)?;
            if t.kind == TypeKind::Enum && !t.flags {
                mapper.element(&p.ty.target)
            } else {
                None
            }
        }
    }
}

fn describe_segment(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } => name.clone(),
        Segment::Key { params, parens } => {
            let inner = params.join(" | ");
            if *parens {
                format!("('{{{inner}}}')")
            } else {
                format!("{{{inner}}}")
            }
        }
        Segment::Function { name, args } => {
            let args: Vec<String> = args
                .iter()
                .map(|a| {
                    let v = a.param.as_ref().map(|p| format!("{{{p}}}")).or(a.literal.clone()).unwrap_or_default();
                    if a.quoted {
                        format!("{}='{v}'", a.name)
                    } else {
                        format!("{}={v}", a.name)
                    }
                })
                .collect();
            format!("{name}({})", args.join(","))
        }
        Segment::Cast { type_name } => type_name.clone(),
        Segment::ItemPath { param } => format!("root:/{{{param}}}:"),
    }
}

fn path_template(segments: &[&Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        if !matches!(s, Segment::Key { parens: true, .. }) {
            out.push('/');
        }
        out.push_str(&describe_segment(s));
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}
