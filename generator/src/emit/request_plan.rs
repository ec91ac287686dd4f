//! Names and files of the request builders, decided before any code is made.
//!
//! Builder and body struct names are unique crate-wide and numbered in the
//! order the path tree is walked, so they are claimed here in one serial
//! walk; the files are then generated independently (in parallel) from the
//! finished plan.
//!
//! Files: the builder of a first URL segment is `requests/<first>.rs` (or
//! `requests/<first>/mod.rs`); the subtree under each of its children is a
//! file of its own, `requests/<first>/<second>.rs`. Those are private
//! modules whose items the first-segment module re-exports, so every name
//! stays `requests::<first>::Name` while a docs change to one area touches
//! one small file (a small snapshot diff) and big areas format in parallel.

use super::naming::{camel, snake, NameScope};
use super::request_tree::{Attached, Node};
use super::requests::{bare_name, method_stem, name_part};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{Operation, OperationKind, RequestBody, Schema, Segment, Source};
use std::collections::BTreeMap;

/// Where a request body struct is defined and how it is reached.
#[derive(Debug, Clone)]
pub struct BodyPlace {
    /// The module that re-exports it (what references name).
    pub public_module: Vec<String>,
    /// The module (file) that defines it.
    pub unit: Vec<String>,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `requests` itself: the `GraphClient` and bodies of root operations.
    Root,
    /// A first URL segment: its own builder only; its children are sub-files.
    Top,
    /// A second URL segment and everything under it.
    Subtree,
}

/// One generated file of builders.
pub struct FileUnit<'t> {
    /// The module the file is (`requests`, `requests::users`, `requests::users::messages`).
    pub module: Vec<String>,
    pub node: &'t Node,
    /// The URL segments from the root to `node`, inclusive.
    pub segments: Vec<&'t Segment>,
    pub role: Role,
    /// The module of each child node that is a file of its own, by child key
    /// (the first segments for [`Role::Root`], the second for [`Role::Top`]).
    pub sub_modules: BTreeMap<String, String>,
}

impl FileUnit<'_> {
    /// A rough measure of the file's size (operations and builders in it),
    /// to start the biggest files first: one big file begun last would run
    /// alone at the end.
    pub fn weight(&self) -> usize {
        fn subtree(node: &Node) -> usize {
            1 + node.ops.len() + node.children.values().map(subtree).sum::<usize>()
        }
        match self.role {
            Role::Subtree => subtree(self.node),
            // Their children are files of their own.
            Role::Root | Role::Top => 1 + self.node.ops.len() + self.node.children.len(),
        }
    }
}

pub struct Plan<'t> {
    /// Builder struct name of every node, by the node's address (the tree
    /// outlives the plan and is not changed while it exists).
    builders: BTreeMap<usize, String>,
    /// Body struct of each operation that takes a parameter table, by operation index.
    pub bodies: BTreeMap<usize, BodyPlace>,
    /// Root first, then each first segment followed by its sub-files.
    pub files: Vec<FileUnit<'t>>,
}

fn address(node: &Node) -> usize {
    node as *const Node as usize
}

impl Plan<'_> {
    pub fn builder_name(&self, node: &Node) -> &str {
        self.builders.get(&address(node)).map(String::as_str).expect("every node of the planned tree has a name")
    }
}

struct Planner<'a> {
    schema: &'a Schema,
    diags: &'a mut Diagnostics,
    /// Builder and body names share one crate-wide scope.
    names: NameScope,
    builders: BTreeMap<usize, String>,
    bodies: BTreeMap<usize, BodyPlace>,
}

pub fn plan<'t>(tree: &'t Node, schema: &Schema, diags: &mut Diagnostics) -> Plan<'t> {
    let mut p = Planner { schema, diags, names: NameScope::new(), builders: BTreeMap::new(), bodies: BTreeMap::new() };
    p.names.reserve("GraphClient");
    let requests = vec!["requests".to_owned()];
    let mut file_scope = NameScope::new();
    let mut tops = Vec::new();
    let mut top_modules = BTreeMap::new();
    for (key, child) in &tree.children {
        let segment = child.segment.as_ref().expect("child nodes have a segment");
        let (module, _) = file_scope.claim(&snake(&method_stem(segment)));
        let joined = p.claim_builder(child, "");
        top_modules.insert(key.clone(), module.clone());
        tops.push((child, segment, module, joined));
    }
    p.claim_bodies(tree, &requests, &requests);
    let mut files = vec![FileUnit {
        module: requests.clone(),
        node: tree,
        segments: Vec::new(),
        role: Role::Root,
        sub_modules: top_modules,
    }];
    for (node, segment, module, joined) in tops {
        let public = vec!["requests".to_owned(), module];
        let mut segments = vec![segment];
        let children_joined: Vec<String> = node.children.values().map(|child| p.claim_builder(child, &joined)).collect();
        p.claim_bodies(node, &public, &public);
        let mut sub_scope = NameScope::new();
        let mut sub_modules = BTreeMap::new();
        let mut subtrees = Vec::new();
        for ((key, child), child_joined) in node.children.iter().zip(&children_joined) {
            let child_segment = child.segment.as_ref().expect("child nodes have a segment");
            let (sub, _) = sub_scope.claim(&snake(&method_stem(child_segment)));
            let mut unit = public.clone();
            unit.push(sub.clone());
            sub_modules.insert(key.clone(), sub);
            segments.push(child_segment);
            p.walk(child, child_joined, &mut segments, &public, &unit);
            subtrees.push(FileUnit {
                module: unit,
                node: child,
                segments: segments.clone(),
                role: Role::Subtree,
                sub_modules: BTreeMap::new(),
            });
            segments.pop();
        }
        files.push(FileUnit {
            module: public,
            node,
            segments,
            role: Role::Top,
            sub_modules,
        });
        files.extend(subtrees);
    }
    Plan { builders: p.builders, bodies: p.bodies, files }
}

impl Planner<'_> {
    /// The claims of one node and its subtree, in the order the builders
    /// are written: the children's names, the node's bodies, then each child.
    /// `joined`: the name parts of the segments from the root to `node`.
    fn walk<'t>(&mut self, node: &'t Node, joined: &str, segments: &mut Vec<&'t Segment>, public: &[String], unit: &[String]) {
        let children_joined: Vec<String> = node.children.values().map(|child| self.claim_builder(child, joined)).collect();
        self.claim_bodies(node, public, unit);
        for (child, child_joined) in node.children.values().zip(&children_joined) {
            segments.push(child.segment.as_ref().expect("child nodes have a segment"));
            self.walk(child, child_joined, segments, public, unit);
            segments.pop();
        }
    }

    /// Name the builder of `node`, whose parent's segments join to
    /// `parent_joined`; returns the name parts joined down to `node`.
    fn claim_builder(&mut self, node: &Node, parent_joined: &str) -> String {
        let segment = node.segment.as_ref().expect("child nodes have a segment");
        let joined = format!("{parent_joined}{}", name_part(segment));
        let wanted = format!("{joined}RequestBuilder");
        let (name, changed) = self.names.claim(&wanted);
        if changed {
            report_renamed(
                self.diags,
                &node.source,
                format!("request builder `{wanted}` names two different paths; this one is `{name}`"),
            );
        }
        self.builders.insert(address(node), name);
        joined
    }

    /// Body structs live in the file of the first method that takes them.
    fn claim_bodies(&mut self, node: &Node, public: &[String], unit: &[String]) {
        let mut attached: Vec<&Attached> = node.ops.iter().collect();
        attached.sort_by_key(|a| (a.op, a.path));
        for a in attached {
            let op = &self.schema.operations[a.op];
            let takes_table = op.kind != OperationKind::Function && matches!(op.body, Some(RequestBody::Parameters { .. }));
            if takes_table && !self.bodies.contains_key(&a.op) {
                let name = self.body_name(op);
                self.bodies.insert(a.op, BodyPlace { public_module: public.to_vec(), unit: unit.to_vec(), name });
            }
        }
    }

    /// `<binding><operation>RequestBody`, the binding being the last literal
    /// segment before the operation's own (e.g. the collection it acts on).
    fn body_name(&mut self, op: &Operation) -> String {
        let path = &op.paths[0];
        let own = op.paths[0].segments.last();
        let binding = path
            .segments
            .iter()
            .rev()
            .skip(usize::from(own.is_some_and(|s| matches!(s, Segment::Literal { .. } | Segment::Function { .. }))))
            .find_map(|s| match s {
                Segment::Literal { name } => Some(camel(bare_name(name))),
                _ => None,
            })
            .unwrap_or_default();
        let wanted = format!("{binding}{}RequestBody", camel(bare_name(&op.name)));
        let (name, changed) = self.names.claim(&wanted);
        if changed {
            report_renamed(
                self.diags,
                &op.source,
                format!("request body `{wanted}` of `{}` collides with another generated name; named `{name}`", op.id),
            );
        }
        name
    }
}

fn report_renamed(diags: &mut Diagnostics, source: &Source, message: String) {
    diags.report(&source.file, source.line, DiagnosticKind::NameCollision, message);
}
