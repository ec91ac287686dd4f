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
use super::requests::{function_arg_is_typed, node_method_names, NodeMethodNames};
use super::rust_types::{relative_path, TypeMapper};
use crate::conformance::{check_request, matches_template, path_segments, reference_url, split_url};
use crate::diagnostics::Diagnostics;
use crate::schema::{Example, ExampleDirection, FunctionArg, Operation, OperationKind, RequestBody, Schema, Segment};
use proc_macro2::TokenStream;
use quote::quote;
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
    let mut routes: BTreeMap<(usize, usize), Route> = BTreeMap::new();
    collect_routes(&tree, &mut Vec::new(), &mut routes);
    // Which operation's builder serves each (path, method), as the tree kept it.
    let servers: BTreeMap<(String, &str), (usize, usize)> = routes
        .keys()
        .map(|&(op, p)| {
            let o = &schema.operations[op];
            ((path_key(&o.paths[p].segments), o.method.as_str()), (op, p))
        })
        .collect();
    let mut names: BTreeMap<usize, NodeMethodNames> = BTreeMap::new();
    let module = vec![MODULE.to_owned()];
    let mapper = TypeMapper::new(schema, &catalog, &module);
    let ctx = Ctx { schema, plan: &plan, mapper: &mapper, tree: &tree };

    let mut tests = TokenStream::new();
    let mut tested = 0;
    let mut skipped = Vec::new();
    let mut used_names: BTreeMap<String, usize> = BTreeMap::new();
    for (index, op) in schema.operations.iter().enumerate() {
        for ex in op.examples.iter().filter(|e| e.direction == ExampleDirection::Request) {
            let origin = format!("{}:{}", ex.source.file, ex.source.line);
            if let Err(m) = check_request(schema, op, ex) {
                skipped.push(format!("{origin}: {}", m.cause));
                continue;
            }
            let url = ex.url.as_deref().unwrap_or_default();
            let (path, _) = split_url(url);
            let matching: Vec<usize> = (0..op.paths.len()).filter(|&p| matches_template(&op.paths[p], &path)).collect();
            let own = matching.iter().find_map(|&p| routes.get(&(index, p)).map(|r| (index, r)));
            // A path and method several pages describe (derived types of one
            // collection, say) has one builder: the first page's. The example
            // goes through it when the model reproduces it there too.
            let served = || {
                matching.iter().find_map(|&p| {
                    let (op2, p2) = *servers.get(&(path_key(&op.paths[p].segments), op.method.as_str()))?;
                    let other = &schema.operations[op2];
                    check_request(schema, other, ex).is_ok().then(|| routes.get(&(op2, p2)).map(|r| (op2, r))).flatten()
                })
            };
            let Some((serving, route)) = own.or_else(served) else {
                skipped.push(format!(
                    "{origin}: its path is served by another operation's builder, whose body or path does not take it (a docs duplicate)"
                ));
                continue;
            };
            match ctx.test(serving, &schema.operations[serving], ex, route, &origin, &mut names) {
                Ok(body) => {
                    let name = test_name(&ex.source.file, ex.source.line, &mut used_names);
                    tests.extend(quote! {
                        #[test]
                        fn #name() { #body }
                    });
                    tested += 1;
                }
                Err(why) => skipped.push(format!("{origin}: {why}")),
            }
        }
    }
    skipped.sort();
    let mut doc = String::from(" Example requests of the docs built through the generated builders (see graphgen's `emit::example_tests`).");
    if !skipped.is_empty() {
        doc.push_str("\n\n Not tested, with the conformance model's cause:\n");
        for s in &skipped {
            doc.push_str(&format!("\n - {s}"));
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
    ExampleTests { text, tested, skipped }
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

/// `api/staff-get.md`, line 40 -> `api_staff_get_md_line_40` (numbered if taken).
fn test_name(file: &str, line: u32, used: &mut BTreeMap<String, usize>) -> proc_macro2::Ident {
    let stem: String = file.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let base = format!("{}_line_{line}", snake(&stem));
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    let name = if *n == 1 { base } else { format!("{base}_{n}") };
    ident(&name)
}

struct Ctx<'a, 't> {
    schema: &'a Schema,
    plan: &'a Plan<'t>,
    mapper: &'a TypeMapper<'a>,
    tree: &'t Node,
}

impl Ctx<'_, '_> {
    /// The body of one test, or why the example cannot be replayed.
    fn test(
        &self,
        index: usize,
        op: &Operation,
        ex: &Example,
        route: &Route,
        origin: &str,
        names: &mut BTreeMap<usize, NodeMethodNames>,
    ) -> Result<TokenStream, String> {
        let url = ex.url.as_deref().unwrap_or_default();
        let (path, query) = split_url(url);
        let template = &op.paths[route.attached.path];
        let values = bind(&template.segments, &path_segments(&path)).ok_or("its path does not bind to the template's segments")?;

        // The navigation chain: one call per node below the root (a node per
        // template segment, the operation's own segment excluded).
        let mut chain = TokenStream::new();
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
            let method = ident(&method);
            let segment = node.segment.as_ref().ok_or("a builder node has no segment")?;
            let args = match (segment, values.get(depth)) {
                (Segment::Key { .. } | Segment::ItemPath { .. }, Some(Bound::Text(v))) => quote!(#v),
                (Segment::Function { args, .. }, Some(Bound::Args(actual))) => {
                    // Navigation functions take every argument as `impl Display`.
                    let values = placeholder_values(args, actual)?;
                    quote!(#(#values),*)
                }
                (Segment::Literal { .. } | Segment::Cast { .. }, Some(Bound::Nothing)) => TokenStream::new(),
                _ => return Err("its path does not bind to the template's segments".to_owned()),
            };
            chain.extend(quote!(.#method(#args)));
            parent = node;
        }

        // The operation method: its own function arguments, then the body.
        let method = names_of(names, self.schema, parent)
            .operations
            .get(&(route.attached.op, route.attached.path))
            .cloned()
            .ok_or("the operation method is missing")?;
        let method = ident(&method);
        let mut args = Vec::new();
        if let Some(Segment::Function { args: fn_args, .. }) = &route.attached.own_segment {
            let Some(Bound::Args(actual)) = values.last() else { return Err("its function segment does not bind".to_owned()) };
            args.extend(self.own_function_args(op, fn_args, actual)?);
        }
        let (setup, body_arg, expected_body) = self.body(index, op, ex)?;
        args.extend(body_arg);
        let options = query_calls(&query);
        let expected_query = query.iter().map(|(k, v)| quote!((#k, #v)));
        let method_text = op.method.as_str();
        let base = base_url(url);
        let expected_path = path.clone();
        let expected_body = match expected_body {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        Ok(quote! {
            let origin = #origin;
            #setup
            let sdk = super::requests::GraphClient::new(check::client(#base));
            let built = sdk #chain .#method(#(#args),*) #options .to_request();
            check::assert_request(built, check::Expected {
                origin,
                method: #method_text,
                base_url: #base,
                path: #expected_path,
                query: &[#(#expected_query),*],
                body: #expected_body,
            });
        })
    }

    /// Arguments of the operation's own function segment: parsed into the
    /// parameter's type where the method takes a typed value, text otherwise.
    fn own_function_args(&self, op: &Operation, args: &[FunctionArg], actual: &BTreeMap<String, String>) -> Result<Vec<TokenStream>, String> {
        let mut out = Vec::new();
        for arg in args.iter().filter(|a| a.param.is_some()) {
            let v = actual.get(&arg.name.to_ascii_lowercase()).ok_or_else(|| format!("the example has no argument `{}`", arg.name))?;
            if function_arg_is_typed(op, arg, self.mapper) {
                out.push(quote!(check::parsed(#v, origin)));
            } else {
                out.push(quote!(#v));
            }
        }
        Ok(out)
    }

    /// Statements that decode the example body, the argument that passes it,
    /// and the JSON text to compare with.
    fn body(&self, index: usize, op: &Operation, ex: &Example) -> Result<(TokenStream, Option<TokenStream>, Option<String>), String> {
        if op.kind == OperationKind::Function {
            return Ok((TokenStream::new(), None, None));
        }
        let text = ex.body.as_ref().map(|b| b.to_string());
        let setup_json = |ty: TokenStream, text: &str| quote!(let body: #ty = check::json(#text, origin););
        match (&op.body, &text) {
            (None, _) => Ok((TokenStream::new(), None, None)),
            (Some(RequestBody::Binary), Some(text)) => {
                let content_type = ex
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| "application/json".to_owned());
                Ok((TokenStream::new(), Some(quote!(#content_type, #text.as_bytes().to_vec())), Some(text.clone())))
            }
            (Some(RequestBody::Binary), None) => Err("the example has no body to upload".to_owned()),
            (Some(RequestBody::Reference), Some(text)) => {
                let url = ex.body.as_ref().and_then(reference_url).ok_or("the example's body is not a reference")?;
                Ok((TokenStream::new(), Some(quote!(#url)), Some(text.clone())))
            }
            (Some(RequestBody::Reference), None) => Err("the example has no reference to send".to_owned()),
            (Some(RequestBody::Resource { ty }), Some(text)) => {
                let element = self.mapper.element(&ty.target).ok_or("the body names an unknown type")?;
                if ty.collection {
                    Ok((setup_json(quote!(Vec<#element>), text), Some(quote!(&body)), Some(text.clone())))
                } else {
                    Ok((setup_json(element, text), Some(quote!(&body)), Some(text.clone())))
                }
            }
            (Some(RequestBody::Parameters { .. }), Some(text)) => {
                let place = self.plan.bodies.get(&index).ok_or("the body struct is missing")?;
                let from = vec![MODULE.to_owned()];
                let ty = relative_path(&from, &place.public_module, &place.name);
                Ok((setup_json(ty, text), Some(quote!(&body)), Some(text.clone())))
            }
            // A body the operation takes but the example does not show: an
            // empty one is sent (the model compares no body then).
            (Some(RequestBody::Resource { ty }), None) => {
                let element = self.mapper.element(&ty.target).ok_or("the body names an unknown type")?;
                let (ty, empty) = if ty.collection { (quote!(Vec<#element>), "[]") } else { (element, "{}") };
                Ok((setup_json(ty, empty), Some(quote!(&body)), None))
            }
            (Some(RequestBody::Parameters { .. }), None) => {
                let place = self.plan.bodies.get(&index).ok_or("the body struct is missing")?;
                let from = vec![MODULE.to_owned()];
                let ty = relative_path(&from, &place.public_module, &place.name);
                Ok((setup_json(ty, "{}"), Some(quote!(&body)), None))
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
            Segment::Literal { .. } => {
                let followed_by_parens_key = matches!(t.peek(), Some(Segment::Key { parens: true, .. }));
                let followed_by_item_path = matches!(t.peek(), Some(Segment::ItemPath { .. }));
                let actual = c.next()?;
                out.push(Bound::Nothing);
                if followed_by_parens_key {
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

/// `'it''s'` -> `it's`; an unquoted value as is.
fn unquote(v: &str) -> String {
    let v = v.trim();
    match v.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => v.to_owned(),
    }
}

/// `getX(period='D7',top=5)` -> {period: D7, top: 5}; `None` without parentheses.
fn function_args(segment: &str) -> Option<BTreeMap<String, String>> {
    let open = segment.find('(')?;
    let inner = segment[open + 1..].strip_suffix(')')?;
    let mut out = BTreeMap::new();
    let (mut current, mut in_quote) = (String::new(), false);
    let mut parts = Vec::new();
    for ch in inner.chars() {
        match ch {
            '\'' => {
                in_quote = !in_quote;
                current.push(ch);
            }
            ',' if !in_quote => parts.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    parts.push(current);
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        let (name, value) = part.split_once('=')?;
        out.insert(name.trim().to_ascii_lowercase(), unquote(value));
    }
    Some(out)
}

/// Typed query options where the runtime has one (so they are exercised),
/// the raw escape hatch for everything else and for repeated names.
fn query_calls(query: &[(String, String)]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut seen = std::collections::BTreeSet::new();
    for (name, value) in query {
        let first = seen.insert(name.clone());
        let call = match name.as_str() {
            _ if !first => None,
            "$select" => {
                let items = top_level_items(value);
                Some(quote!(.select([#(#items),*])))
            }
            "$expand" => {
                let items = top_level_items(value);
                Some(quote!(.expand([#(#items),*])))
            }
            "$orderby" => {
                let items = top_level_items(value);
                Some(quote!(.orderby([#(#items),*])))
            }
            "$filter" => Some(quote!(.filter(#value))),
            "$search" => Some(quote!(.search(#value))),
            "$top" => value.parse::<u32>().ok().filter(|n| n.to_string() == *value).map(|n| quote!(.top(#n))),
            "$skip" => value.parse::<u32>().ok().filter(|n| n.to_string() == *value).map(|n| quote!(.skip(#n))),
            "$count" if value == "true" || value == "false" => {
                let b = value == "true";
                Some(quote!(.count(#b)))
            }
            _ => None,
        };
        out.extend(call.unwrap_or_else(|| quote!(.query(#name, #value))));
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
