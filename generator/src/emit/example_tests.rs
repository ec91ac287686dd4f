//! Test source that replays the docs' example requests through the real
//! generated builders.
//!
//! [`crate::conformance`] *models* what the builders send for each example;
//! this emits one `#[test]` per example request the model says is
//! reproduced, which walks the builder chain of the operation's path with
//! the example's own keys and arguments, decodes the example body into the
//! body type, calls `to_request()` and asserts method, path, query and body
//! against the example. A test that fails is a place where the model and the
//! compiled builders disagree. Examples the model says are not reproduced
//! are listed, with the model's cause, in the module's doc instead.
//!
//! The output is one `mod graphgen_examples { ... }` that names the SDK by
//! paths relative to its parent (`super::models::X`,
//! `super::requests::GraphClient`), so it is `include!`d where the SDK's
//! `models` and `requests` modules are in scope: the SDK's root, or a test
//! file that `use`s them.

use super::catalog::Catalog;
use super::naming::{ident, snake};
use super::request_plan::{self, Plan};
use super::request_tree::{self, Attached, Node};
use super::requests::{function_arg_is_typed, node_method_names, response_kind, NodeMethodNames};
use super::rust_types::{relative_path, TypeMapper};
use crate::conformance::{call_args as function_args, check_request, check_response, matches_segments, parens_key, path_segments, reference_url, split_url, unquote};
use crate::diagnostics::Diagnostics;
use crate::schema::{Example, ExampleDirection, FunctionArg, Operation, OperationKind, RequestBody, Schema, Segment, TypeRef, TypeTarget};
use serde_json::Value;
use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The module the tests are in; type paths are relative to it.
const MODULE: &str = "graphgen_examples";

/// What [`emit`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleTests {
    /// The formatted source.
    pub text: String,
    /// Example requests that got a test.
    pub tested: usize,
    /// Example requests not tested, with why (`file:line: cause`), sorted.
    pub skipped: Vec<String>,
    /// Example responses (with a body) that got a test.
    pub responses_tested: usize,
    /// Example responses with a body not tested, with why, sorted.
    pub responses_skipped: Vec<String>,
}

/// Where an attached operation is in the builder tree: the nodes from the
/// root (exclusive) to its node (inclusive), and its attachment.
struct Route<'t> {
    chain: Vec<&'t Node>,
    attached: &'t Attached,
}

pub fn emit(schema: &Schema) -> ExampleTests {
    // Names come from the same tree, plan and catalog the SDK's emission
    // builds (deterministic from the schema); their diagnostics were
    // already reported by that emission.
    let mut scratch = Diagnostics::default();
    let catalog = Catalog::build(schema, &mut scratch);
    let tree = request_tree::build(schema, &mut scratch);
    let plan = request_plan::plan(&tree, schema, &mut scratch);
    let mut tests = TokenStream::new();
    let mut tested = 0;
    let mut skipped = Vec::new();
    let mut used_names: BTreeMap<String, usize> = BTreeMap::new();
    for (ex, replay) in replays(schema, &catalog, &tree, &plan, &|_| true) {
        match replay {
            Ok(replay) => {
                let name = test_name(&ex.source.file, ex.source.line, "", &mut used_names);
                let body = replay.test_tokens();
                tests.extend(quote! {
                    #[test]
                    fn #name() { #body }
                });
                tested += 1;
            }
            Err(why) => skipped.push(format!("{}:{}: {why}", ex.source.file, ex.source.line)),
        }
    }
    skipped.sort();
    let (responses, responses_tested, mut responses_skipped) = response_tests(schema, &catalog, &tree, &mut used_names);
    tests.extend(responses);
    responses_skipped.sort();
    let mut doc = String::from(
        " Example requests of the docs built through the generated builders, and example responses decoded through \
         the generated types (see graphgen's `emit::example_tests`).",
    );
    for (what, list) in [("requests", &skipped), ("responses", &responses_skipped)] {
        if !list.is_empty() {
            doc.push_str(&format!("\n\n Example {what} not tested, with the cause:\n"));
            for s in list {
                doc.push_str(&format!("\n - {s}"));
            }
        }
    }
    let check: TokenStream = include_str!("example_check.rs.in").parse().expect("the check module is valid Rust");
    let module = ident(MODULE);
    let file = quote! {
        #[doc = #doc]
        #[allow(clippy::all, unused_imports)]
        mod #module {
            #check
            #tests
        }
    };
    let text = match syn::parse2::<syn::File>(file.clone()) {
        Ok(f) => prettyplease::unparse(&f),
        // Not expected (all pieces are made from valid tokens); the raw
        // tokens still compile, and a compile error names the cause.
        Err(_) => file.to_string(),
    };
    ExampleTests { text, tested, skipped, responses_tested, responses_skipped }
}

/// One test per example response the conformance model round-trips: the
/// body decoded by the response kind of the method that sends the
/// operation's request (its own, or the serving page's)
/// (`graphgen_runtime::Collection<models::User>`, ...), as `send` decodes
/// it, written back and compared with the example; an error status is read
/// as `send` reads it (Graph's error). Returns the tests, how many, and the
/// responses not tested with why.
fn response_tests(schema: &Schema, catalog: &Catalog, tree: &Node, used_names: &mut BTreeMap<String, usize>) -> (TokenStream, usize, Vec<String>) {
    let mut routes: BTreeMap<(usize, usize), Route> = BTreeMap::new();
    collect_routes(tree, &mut Vec::new(), &mut routes);
    let servers: BTreeMap<(String, &str), (usize, usize)> = routes
        .keys()
        .map(|&(op, p)| {
            let o = &schema.operations[op];
            ((path_key(&o.paths[p].segments), o.method.as_str()), (op, p))
        })
        .collect();
    let module = vec![MODULE.to_owned()];
    let mapper = TypeMapper::new(schema, catalog, &module);
    let (mut tests, mut tested, mut skipped) = (TokenStream::new(), 0, Vec::new());
    for (index, op) in schema.operations.iter().enumerate() {
        for (at, ex) in op.examples.iter().enumerate().filter(|(_, e)| e.direction == ExampleDirection::Response && e.body.is_some()) {
            let origin = format!("{}:{}", ex.source.file, ex.source.line);
            if let Err(m) = check_response(schema, op, ex) {
                skipped.push(format!("{origin}: {}", m.cause));
                continue;
            }
            // The method a caller gets the response from: the one that sends
            // the request the response answers (the example request before
            // it), which is the operation's own or, for a path several pages
            // describe, the first page's; without a request, the operation's
            // own method, else the one serving its first path.
            let request_path = op.examples[..at]
                .iter()
                .rev()
                .find(|e| e.direction == ExampleDirection::Request)
                .and_then(|e| e.url.as_deref())
                .map(|url| path_segments(&split_url(url).0))
                .and_then(|segments| op.paths.iter().position(|t| matches_segments(t, &segments)));
            let server_of = |p: usize| servers.get(&(path_key(&op.paths[p].segments), op.method.as_str())).map(|&(o, _)| o);
            let serving = match request_path {
                Some(p) if routes.contains_key(&(index, p)) => Some(index),
                Some(p) => server_of(p),
                None if routes.keys().any(|&(o, _)| o == index) => Some(index),
                None => (0..op.paths.len()).find_map(server_of),
            }
            .map(|o| &schema.operations[o]);
            let Some(serving) = serving else {
                skipped.push(format!("{origin}: no builder method sends the operation's request"));
                continue;
            };
            let Some(kind) = response_kind(serving, &mapper) else {
                skipped.push(format!("{origin}: the response names an unknown type"));
                continue;
            };
            let text = ex.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
            let status = ex.status.unwrap_or(op.response.status);
            let check = if serving.response.ty.as_ref().is_some_and(|t| t.target == TypeTarget::Primitive(crate::schema::Primitive::Stream)) {
                quote!(check::assert_bytes_response(origin, #status, #text);)
            } else {
                quote!(check::assert_response::<#kind>(origin, #status, #text);)
            };
            let name = test_name(&ex.source.file, ex.source.line, "_response", used_names);
            tests.extend(quote! {
                #[test]
                fn #name() {
                    let origin = #origin;
                    #check
                }
            });
            tested += 1;
        }
    }
    (tests, tested, skipped)
}

/// The Rust example of each operation method that has one: the first
/// example request on that path that the builders reproduce, as the code
/// a caller writes (`graph.users().by_id("...").get().send().await?`), by
/// (operation index, path index). The example tests run the same chain.
/// Only operations `wanted` says yes to are replayed.
pub(crate) fn doc_examples(
    schema: &Schema,
    catalog: &Catalog,
    tree: &Node,
    plan: &Plan,
    wanted: &dyn Fn(usize) -> bool,
) -> BTreeMap<(usize, usize), String> {
    let mut out = BTreeMap::new();
    for (_, replay) in replays(schema, catalog, tree, plan, wanted) {
        if let Ok(replay) = replay {
            // Served by its own operation's method only (a duplicate page's
            // example documents the page that has the builder).
            if let Some(key) = replay.own_method {
                out.entry(key).or_insert_with(|| replay.doc_text());
            }
        }
    }
    out
}

/// Every example request of the schema with its replay through the
/// builders, or why it has none (the conformance model's cause, or why the
/// builder chain cannot take it), in operation and example order.
fn replays<'s>(
    schema: &'s Schema,
    catalog: &Catalog,
    tree: &Node,
    plan: &Plan,
    wanted: &dyn Fn(usize) -> bool,
) -> Vec<(&'s Example, Result<Replay, String>)> {
    let mut routes: BTreeMap<(usize, usize), Route> = BTreeMap::new();
    collect_routes(tree, &mut Vec::new(), &mut routes);
    // Which operation's builder serves each (path, method), as the tree
    // kept it: made when first needed (an example its own operation's
    // builder does not take), which a regeneration's few examples rarely are.
    let servers: std::sync::OnceLock<BTreeMap<(String, &str), (usize, usize)>> = std::sync::OnceLock::new();
    let servers = || {
        servers.get_or_init(|| {
            routes
                .keys()
                .map(|&(op, p)| {
                    let o = &schema.operations[op];
                    ((path_key(&o.paths[p].segments), o.method.as_str()), (op, p))
                })
                .collect()
        })
    };
    let module = vec![MODULE.to_owned()];
    let mapper = TypeMapper::new(schema, catalog, &module);
    let ctx = Ctx { schema, catalog, plan, mapper: &mapper, tree };
    let indices: Vec<usize> = (0..schema.operations.len()).filter(|&i| wanted(i)).collect();
    // Operations are independent; each worker keeps its own memo of node method names.
    let per_op: Vec<Vec<(&Example, Result<Replay, String>)>> = indices
        .into_par_iter()
        .map_init(BTreeMap::<usize, NodeMethodNames>::new, |names, index| {
            let op = &schema.operations[index];
            let mut out = Vec::new();
            for ex in op.examples.iter().filter(|e| e.direction == ExampleDirection::Request) {
                let origin = format!("{}:{}", ex.source.file, ex.source.line);
                if let Err(m) = check_request(schema, op, ex) {
                    out.push((ex, Err(m.cause.to_owned())));
                    continue;
                }
                let url = ex.url.as_deref().unwrap_or_default();
                let (path, _) = split_url(url);
                let segments = path_segments(&path);
                let matching: Vec<usize> = (0..op.paths.len()).filter(|&p| matches_segments(&op.paths[p], &segments)).collect();
                let own = matching.iter().find_map(|&p| routes.get(&(index, p)).map(|r| (index, r)));
                // A path and method several pages describe (derived types of one
                // collection, say) has one builder: the first page's. The example
                // goes through it when the model reproduces it there too.
                let served = || {
                    matching.iter().find_map(|&p| {
                        let (op2, p2) = *servers().get(&(path_key(&op.paths[p].segments), op.method.as_str()))?;
                        let other = &schema.operations[op2];
                        check_request(schema, other, ex).is_ok().then(|| routes.get(&(op2, p2)).map(|r| (op2, r))).flatten()
                    })
                };
                let Some((serving, route)) = own.or_else(served) else {
                    out.push((
                        ex,
                        Err("its path is served by another operation's builder, whose body or path does not take it (a docs duplicate)".to_owned()),
                    ));
                    continue;
                };
                let mut replay = ctx.replay(serving, &schema.operations[serving], ex, route, &origin, names);
                if let Ok(r) = &mut replay {
                    r.own_method = (serving == index).then_some((route.attached.op, route.attached.path));
                }
                out.push((ex, replay));
            }
            out
        })
        .collect();
    per_op.into_iter().flatten().collect()
}

/// The calls of the crate's quick start: a list of a top-level collection
/// (the shortest such path, then the first by text) and, when the
/// collection has one, the get of one item by key. Each is the method
/// chain from the client (`.users().list()`), keys written `"<id>"`.
pub(crate) struct QuickStart {
    pub list: String,
    /// The list's builder offers `$top` (its page lists it, or lists none).
    pub list_offers_top: bool,
    pub get: Option<String>,
    /// The workloads of each operation the calls end in (an operation
    /// several workloads describe is there when any of them is).
    pub workloads: Vec<Vec<String>>,
}

pub(crate) fn quick_start(schema: &Schema, tree: &Node) -> Option<QuickStart> {
    let mut routes: BTreeMap<(usize, usize), Route> = BTreeMap::new();
    collect_routes(tree, &mut Vec::new(), &mut routes);
    let mut names: BTreeMap<usize, NodeMethodNames> = BTreeMap::new();
    let literal_path = |op: usize, p: usize| {
        let path = &schema.operations[op].paths[p];
        path.segments.iter().all(|s| matches!(s, Segment::Literal { name } if !name.starts_with('$'))).then_some(path)
    };
    let (&(list_op, list_path), _) = routes
        .iter()
        .filter(|((op, p), _)| {
            let o = &schema.operations[*op];
            o.kind == OperationKind::List && o.response.ty.as_ref().is_some_and(|t| t.collection) && literal_path(*op, *p).is_some()
        })
        .min_by_key(|((op, p), _)| {
            let path = &schema.operations[*op].paths[*p];
            (path.segments.len(), path.raw.clone())
        })?;
    let list = chain_text(schema, tree, &routes[&(list_op, list_path)], &mut names)?;
    let prefix = &schema.operations[list_op].paths[list_path].segments;
    let get = routes
        .iter()
        .filter(|((op, p), _)| {
            let segments = &schema.operations[*op].paths[*p].segments;
            schema.operations[*op].kind == OperationKind::Get
                && segments.len() == prefix.len() + 1
                && segments.starts_with(prefix)
                && matches!(segments.last(), Some(Segment::Key { parens: false, .. }))
        })
        .find_map(|(&(op, _), route)| chain_text(schema, tree, route, &mut names).map(|chain| (chain, op)));
    let mut workloads = vec![schema.operations[list_op].workloads.clone()];
    workloads.extend(get.as_ref().map(|(_, op)| schema.operations[*op].workloads.clone()));
    let list_offers_top = crate::schema::query_options::offered(&schema.operations[list_op]).iter().any(|o| o == "top");
    Some(QuickStart { list, list_offers_top, get: get.map(|(chain, _)| chain), workloads })
}

/// The method chain that reaches an operation from the client, keys and
/// function arguments written as placeholders; `None` when the operation
/// takes arguments of its own (a function call, a body).
fn chain_text(schema: &Schema, tree: &Node, route: &Route, names: &mut BTreeMap<usize, NodeMethodNames>) -> Option<String> {
    let op = &schema.operations[route.attached.op];
    if op.body.is_some() || route.attached.own_segment.as_ref().is_some_and(|s| matches!(s, Segment::Function { .. })) {
        return None;
    }
    let mut out = String::new();
    let mut parent: &Node = tree;
    for node in &route.chain {
        let key = parent.children.iter().find(|(_, c)| std::ptr::eq(*c, *node)).map(|(k, _)| k.clone())?;
        let method = names_of(names, schema, parent).navigation.get(&key)?.first()?.1.clone();
        let args = match node.segment.as_ref()? {
            Segment::Key { .. } => "\"<id>\"".to_owned(),
            Segment::Literal { .. } | Segment::Cast { .. } => String::new(),
            Segment::Function { .. } | Segment::ItemPath { .. } => return None,
        };
        out.push_str(&format!(".{}({args})", ident(&method)));
        parent = node;
    }
    let method = names_of(names, schema, parent).operations.get(&(route.attached.op, route.attached.path))?.clone();
    out.push_str(&format!(".{}()", ident(&method)));
    Some(out)
}

fn collect_routes<'t>(node: &'t Node, chain: &mut Vec<&'t Node>, out: &mut BTreeMap<(usize, usize), Route<'t>>) {
    for a in &node.ops {
        out.entry((a.op, a.path)).or_insert_with(|| Route { chain: chain.clone(), attached: a });
    }
    for child in node.children.values() {
        chain.push(child);
        collect_routes(child, chain, out);
        chain.pop();
    }
}

/// `api/staff-get.md`, line 40 -> `api_staff_get_md_line_40` (numbered if
/// taken), with `suffix` (`_response` for response tests) at the end.
fn test_name(file: &str, line: u32, suffix: &str, used: &mut BTreeMap<String, usize>) -> proc_macro2::Ident {
    let stem: String = file.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let base = format!("{}_line_{line}{suffix}", snake(&stem));
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    let name = if *n == 1 { base } else { format!("{base}_{n}") };
    ident(&name)
}

struct Ctx<'a, 't> {
    schema: &'a Schema,
    catalog: &'a Catalog,
    plan: &'a Plan<'t>,
    mapper: &'a TypeMapper<'a>,
    tree: &'t Node,
}

/// One example request replayed through the builders: the calls a caller
/// writes, and what the request must then be. Rendered as a test
/// ([`Replay::test_tokens`]) and as the method's doc example
/// ([`Replay::doc_text`]), so the documented chain is the tested one.
pub(crate) struct Replay {
    origin: String,
    /// The example's base URL (`https://graph.microsoft.com/beta`).
    base: String,
    /// The body decoded from the example's JSON, when the call takes one.
    body: Option<BodySetup>,
    /// Navigation calls, the operation method, then query options.
    calls: Vec<Call>,
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    /// The JSON the request must send, when the example shows one.
    expected_body: Option<String>,
    /// The (operation, path) whose method the chain ends in, when it is the
    /// example's own operation.
    own_method: Option<(usize, usize)>,
}

/// A body built from the example's JSON.
struct BodySetup {
    /// Its type, from the test module (token text: a replay crosses
    /// threads, token streams do not) and from the crate root.
    test_type: String,
    doc_type: String,
    json: Value,
}

struct Call {
    method: String,
    args: Vec<Arg>,
}

enum Arg {
    Text(String),
    /// Text parsed into the parameter's type (a number, a date, an enum).
    Parsed(String),
    /// `&body`.
    Body,
    /// A raw upload: content type and the example's text.
    Upload(String, String),
    Int(u32),
    Bool(bool),
    List(Vec<String>),
}

impl Replay {
    /// The body of the test function.
    fn test_tokens(&self) -> TokenStream {
        let origin = &self.origin;
        let setup = self.body.as_ref().map(|b| {
            let ty: TokenStream = b.test_type.parse().expect("a type path made from tokens");
            let text = b.json.to_string();
            quote!(let body: #ty = check::json(#text, origin);)
        });
        let calls = self.calls.iter().map(|c| {
            let method = ident(&c.method);
            let args = c.args.iter().map(|a| match a {
                Arg::Text(v) => quote!(#v),
                Arg::Parsed(v) => quote!(check::parsed(#v, origin)),
                Arg::Body => quote!(&body),
                Arg::Upload(content_type, text) => quote!(#content_type, #text.as_bytes().to_vec()),
                Arg::Int(n) => quote!(#n),
                Arg::Bool(b) => quote!(#b),
                Arg::List(items) => quote!([#(#items),*]),
            });
            quote!(.#method(#(#args),*))
        });
        let (method, base, path) = (self.method, &self.base, &self.path);
        let query = self.query.iter().map(|(k, v)| quote!((#k, #v)));
        let expected_body = match &self.expected_body {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        quote! {
            let origin = #origin;
            #setup
            let sdk = super::requests::GraphClient::new(check::client(#base));
            let built = sdk #(#calls)* .to_request();
            check::assert_request(built, check::Expected {
                origin,
                method: #method,
                base_url: #base,
                path: #path,
                query: &[#(#query),*],
                body: #expected_body,
            });
        }
    }

    /// The chain as a caller writes it, for the method's docs: `graph` is
    /// a `GraphClient`, types are named from the crate root.
    fn doc_text(&self) -> String {
        let mut out = String::new();
        if let Some(b) = &self.body {
            let json = serde_json::to_string_pretty(&b.json).unwrap_or_default();
            out.push_str(&format!("let body: {} = serde_json::from_value(serde_json::json!({json}))?;\n", b.doc_type));
        }
        out.push_str("let response = graph");
        for c in &self.calls {
            let args: Vec<String> = c.args.iter().map(doc_arg).collect();
            out.push_str(&format!("\n    .{}({})", ident(&c.method), args.join(", ")));
        }
        out.push_str("\n    .send()\n    .await?;");
        out
    }
}

/// An argument as source text.
fn doc_arg(arg: &Arg) -> String {
    match arg {
        Arg::Text(v) => format!("{v:?}"),
        // A literal that is already Rust (a number, a boolean) as itself.
        Arg::Parsed(v) if v.parse::<i64>().is_ok() || v.parse::<f64>().is_ok_and(f64::is_finite) || v == "true" || v == "false" => v.clone(),
        Arg::Parsed(v) => format!("{v:?}.parse().unwrap()"),
        Arg::Body => "&body".to_owned(),
        Arg::Upload(content_type, text) => format!("{content_type:?}, {text:?}.as_bytes().to_vec()"),
        Arg::Int(n) => n.to_string(),
        Arg::Bool(b) => b.to_string(),
        Arg::List(items) => format!("[{}]", items.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", ")),
    }
}

impl Ctx<'_, '_> {
    /// The replay of one example through the builder chain of `route`, or
    /// why the example cannot be replayed.
    fn replay(
        &self,
        index: usize,
        op: &Operation,
        ex: &Example,
        route: &Route,
        origin: &str,
        names: &mut BTreeMap<usize, NodeMethodNames>,
    ) -> Result<Replay, String> {
        let url = ex.url.as_deref().unwrap_or_default();
        let (path, query) = split_url(url);
        let template = &op.paths[route.attached.path];
        let values = bind(&template.segments, &path_segments(&path)).ok_or("its path does not bind to the template's segments")?;

        // The navigation chain: one call per node below the root (a node per
        // template segment, the operation's own segment excluded).
        let mut calls = Vec::new();
        let mut parent: &Node = self.tree;
        for (depth, node) in route.chain.iter().enumerate() {
            let key = parent
                .children
                .iter()
                .find(|(_, c)| std::ptr::eq(*c, *node))
                .map(|(k, _)| k.clone())
                .ok_or("a builder node is missing")?;
            let method = names_of(names, self.schema, parent)
                .navigation
                .get(&key)
                .and_then(|steps| steps.first())
                .map(|(_, name)| name.clone())
                .ok_or("a navigation method is missing")?;
            let segment = node.segment.as_ref().ok_or("a builder node has no segment")?;
            let args = match (segment, values.get(depth)) {
                (Segment::Key { .. } | Segment::ItemPath { .. }, Some(Bound::Text(v))) => vec![Arg::Text(v.clone())],
                (Segment::Function { args, .. }, Some(Bound::Args(actual))) => {
                    // Navigation functions take every argument as `impl Display`.
                    placeholder_values(args, actual)?.into_iter().map(|v| Arg::Text(v.clone())).collect()
                }
                (Segment::Literal { .. } | Segment::Cast { .. }, Some(Bound::Nothing)) => Vec::new(),
                _ => return Err("its path does not bind to the template's segments".to_owned()),
            };
            calls.push(Call { method, args });
            parent = node;
        }

        // The operation method: its own function arguments, then the body.
        let method = names_of(names, self.schema, parent)
            .operations
            .get(&(route.attached.op, route.attached.path))
            .cloned()
            .ok_or("the operation method is missing")?;
        let mut args = Vec::new();
        if let Some(Segment::Function { args: fn_args, .. }) = &route.attached.own_segment {
            let Some(Bound::Args(actual)) = values.last() else { return Err("its function segment does not bind".to_owned()) };
            args.extend(self.own_function_args(op, fn_args, actual)?);
        }
        let (body, body_args, expected_body) = self.body(index, op, ex)?;
        args.extend(body_args);
        calls.push(Call { method, args });
        calls.extend(query_calls(&query, &crate::schema::query_options::offered(op)));
        Ok(Replay {
            origin: origin.to_owned(),
            base: base_url(url),
            body,
            calls,
            method: op.method.as_str(),
            path,
            query,
            expected_body,
            own_method: None,
        })
    }

    /// Arguments of the operation's own function segment: parsed into the
    /// parameter's type where the method takes a typed value, text otherwise.
    fn own_function_args(&self, op: &Operation, args: &[FunctionArg], actual: &BTreeMap<String, String>) -> Result<Vec<Arg>, String> {
        let mut out = Vec::new();
        for arg in args.iter().filter(|a| a.param.is_some()) {
            let v = actual.get(&arg.name.to_ascii_lowercase()).ok_or_else(|| format!("the example has no argument `{}`", arg.name))?;
            if function_arg_is_typed(op, arg, self.mapper) {
                out.push(Arg::Parsed(v.clone()));
            } else {
                out.push(Arg::Text(v.clone()));
            }
        }
        Ok(out)
    }

    /// The body a structured type's value is decoded into: its type from
    /// the test module and from the crate root.
    fn typed_body(&self, ty: &TypeRef, json: Value) -> Result<BodySetup, String> {
        let element = self.mapper.element(&ty.target).ok_or("the body names an unknown type")?;
        let doc_element = self.doc_path(&ty.target).ok_or("the body names an unknown type")?;
        Ok(if ty.collection {
            BodySetup { test_type: quote!(Vec<#element>).to_string(), doc_type: format!("Vec<{doc_element}>"), json }
        } else {
            BodySetup { test_type: element.to_string(), doc_type: doc_element, json }
        })
    }

    /// A type as the crate root names it (`models::User`,
    /// `models::AnyContactChannel`), for docs.
    fn doc_path(&self, target: &TypeTarget) -> Option<String> {
        let root = TypeMapper::new(self.schema, self.catalog, &[]);
        let tokens = root.element(target)?;
        // Token text (`models :: User`) without the spaces quote puts between tokens.
        Some(tokens.to_string().replace(' ', ""))
    }

    /// A parameters body: the operation's body struct.
    fn parameters_body(&self, index: usize, json: Value) -> Result<BodySetup, String> {
        let place = self.plan.bodies.get(&index).ok_or("the body struct is missing")?;
        let from = vec![MODULE.to_owned()];
        let test_type = relative_path(&from, &place.public_module, &place.name).to_string();
        let doc_type = format!("{}::{}", place.public_module.join("::"), place.name);
        Ok(BodySetup { test_type, doc_type, json })
    }

    /// The decoded body, the arguments that pass it, and the JSON text to
    /// compare with.
    fn body(&self, index: usize, op: &Operation, ex: &Example) -> Result<(Option<BodySetup>, Vec<Arg>, Option<String>), String> {
        if op.kind == OperationKind::Function {
            return Ok((None, Vec::new(), None));
        }
        let text = ex.body.as_ref().map(|b| b.to_string());
        match (&op.body, &ex.body) {
            (None, _) => Ok((None, Vec::new(), None)),
            (Some(RequestBody::Binary), Some(_)) => {
                let text = text.unwrap_or_default();
                let content_type = ex
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| "application/json".to_owned());
                Ok((None, vec![Arg::Upload(content_type, text.clone())], Some(text)))
            }
            (Some(RequestBody::Binary), None) => Err("the example has no body to upload".to_owned()),
            (Some(RequestBody::Reference), Some(body)) => {
                let url = reference_url(body).ok_or("the example's body is not a reference")?;
                Ok((None, vec![Arg::Text(url.to_owned())], text))
            }
            (Some(RequestBody::Reference), None) => Err("the example has no reference to send".to_owned()),
            (Some(RequestBody::Resource { ty }), Some(body)) => Ok((Some(self.typed_body(ty, body.clone())?), vec![Arg::Body], text)),
            (Some(RequestBody::Parameters { .. }), Some(body)) => Ok((Some(self.parameters_body(index, body.clone())?), vec![Arg::Body], text)),
            // A body the operation takes but the example does not show: an
            // empty one is sent (the model compares no body then).
            (Some(RequestBody::Resource { ty }), None) => {
                let empty = if ty.collection { Value::Array(Vec::new()) } else { Value::Object(Default::default()) };
                Ok((Some(self.typed_body(ty, empty)?), vec![Arg::Body], None))
            }
            (Some(RequestBody::Parameters { .. }), None) => {
                Ok((Some(self.parameters_body(index, Value::Object(Default::default()))?), vec![Arg::Body], None))
            }
        }
    }
}

/// A path's identity in the builder tree (see [`request_tree::segment_key`]).
fn path_key(segments: &[Segment]) -> String {
    segments.iter().map(request_tree::segment_key).collect::<Vec<_>>().join("/")
}

/// The method names of `node`'s builder, worked out once per node.
fn names_of<'m>(names: &'m mut BTreeMap<usize, NodeMethodNames>, schema: &Schema, node: &Node) -> &'m NodeMethodNames {
    // Their collisions were reported when the SDK itself was emitted.
    names.entry(node as *const Node as usize).or_insert_with(|| node_method_names(schema, node, &mut Diagnostics::default()))
}

/// The example's values of a function's placeholder arguments, in the
/// template's order (the order the method takes them).
fn placeholder_values<'v>(args: &[FunctionArg], actual: &'v BTreeMap<String, String>) -> Result<Vec<&'v String>, String> {
    args.iter()
        .filter(|a| a.param.is_some())
        .map(|a| actual.get(&a.name.to_ascii_lowercase()).ok_or_else(|| format!("the example has no argument `{}`", a.name)))
        .collect()
}

/// What one template segment takes from the example's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bound {
    /// A literal or a cast: nothing to pass.
    Nothing,
    /// A key value or an item path, decoded.
    Text(String),
    /// A function's arguments by lower-cased name, values unquoted.
    Args(BTreeMap<String, String>),
}

/// The value of every template segment in a concrete (decoded) path split
/// by [`path_segments`], or `None` when they do not line up.
pub(crate) fn bind(template: &[Segment], concrete: &[String]) -> Option<Vec<Bound>> {
    let mut out = Vec::with_capacity(template.len());
    let mut c = concrete.iter();
    let mut t = template.iter().peekable();
    while let Some(seg) = t.next() {
        match seg {
            Segment::Literal { name } => {
                let followed_by_parens_key = matches!(t.peek(), Some(Segment::Key { parens: true, .. }));
                let followed_by_key = matches!(t.peek(), Some(Segment::Key { parens: false, .. }));
                let followed_by_item_path = matches!(t.peek(), Some(Segment::ItemPath { .. }));
                let actual = c.next()?;
                out.push(Bound::Nothing);
                // A key written the other way than the template writes it
                // (`messages('AAMk')` for `messages/{id}` and back).
                let written_in_parens = parens_key(actual).filter(|(before, _)| before.eq_ignore_ascii_case(name));
                if followed_by_key && written_in_parens.is_some() {
                    t.next();
                    out.push(Bound::Text(written_in_parens?.1));
                } else if followed_by_parens_key && actual.eq_ignore_ascii_case(name) {
                    t.next();
                    out.push(Bound::Text(c.next()?.clone()));
                } else if followed_by_parens_key {
                    t.next();
                    let open = actual.find('(')?;
                    let inner = actual[open + 1..].strip_suffix(')')?;
                    out.push(Bound::Text(unquote(inner)));
                } else if followed_by_item_path {
                    if let Some(at) = actual.find(':') {
                        t.next();
                        out.push(Bound::Text(item_path(&actual[at..])?));
                    }
                }
            }
            Segment::Key { .. } => out.push(Bound::Text(c.next()?.clone())),
            Segment::Cast { .. } => {
                c.next()?;
                out.push(Bound::Nothing);
            }
            Segment::ItemPath { .. } => out.push(Bound::Text(item_path(c.next()?)?)),
            Segment::Function { .. } => out.push(Bound::Args(function_args(c.next()?)?)),
        }
    }
    c.next().is_none().then_some(out)
}

/// `:/a/b.txt:` -> `a/b.txt`.
fn item_path(s: &str) -> Option<String> {
    let inner = s.strip_prefix(':')?.strip_suffix(':').unwrap_or(s.strip_prefix(':')?);
    Some(inner.trim_start_matches('/').to_owned())
}

/// Typed query options where the operation's builder offers one (so they
/// are exercised), the raw escape hatch for everything else and for
/// repeated names.
fn query_calls(query: &[(String, String)], offered: &[String]) -> Vec<Call> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let call = |method: &str, args: Vec<Arg>| Some(Call { method: method.to_owned(), args });
    for (name, value) in query {
        let first = seen.insert(name.clone());
        let on_offer = crate::schema::query_options::option_name(name).is_some_and(|o| offered.contains(&o));
        let typed = match name.as_str() {
            _ if !first || !on_offer => None,
            "$select" => call("select", vec![Arg::List(top_level_items(value))]),
            "$expand" => call("expand", vec![Arg::List(top_level_items(value))]),
            "$orderby" => call("orderby", vec![Arg::List(top_level_items(value))]),
            "$filter" => call("filter", vec![Arg::Text(value.clone())]),
            "$search" => call("search", vec![Arg::Text(value.clone())]),
            "$top" => value.parse::<u32>().ok().filter(|n| n.to_string() == *value).and_then(|n| call("top", vec![Arg::Int(n)])),
            "$skip" => value.parse::<u32>().ok().filter(|n| n.to_string() == *value).and_then(|n| call("skip", vec![Arg::Int(n)])),
            "$count" if value == "true" || value == "false" => call("count", vec![Arg::Bool(value == "true")]),
            _ => None,
        };
        out.push(typed.unwrap_or_else(|| Call { method: "query".to_owned(), args: vec![Arg::Text(name.clone()), Arg::Text(value.clone())] }));
    }
    out
}

/// `a,b(c,d),e` -> [`a`, `b(c,d)`, `e`]: commas inside parentheses stay.
fn top_level_items(value: &str) -> Vec<String> {
    let (mut items, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for ch in value.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(ch);
    }
    items.push(current);
    items
}

/// The example's base URL: scheme, host and version segment
/// (`https://graph.microsoft.com/beta`), as [`split_url`] strips them; the
/// beta endpoint for a relative URL.
fn base_url(url: &str) -> String {
    let url = url.trim();
    let Some(i) = url.find("://") else { return "https://graph.microsoft.com/beta".to_owned() };
    let after = &url[i + 3..];
    let host_end = after.find(['/', '?']).unwrap_or(after.len());
    let origin = &url[..i + 3 + host_end];
    let version = after[host_end..].trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
    if crate::schema::path_template::is_api_version(version) {
        format!("{origin}/{version}")
    } else {
        origin.to_owned()
    }
}
