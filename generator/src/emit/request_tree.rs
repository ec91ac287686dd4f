//! The tree of URL paths that request builders are generated from.
//!
//! Every path of every operation is inserted; a node is a path prefix. Key
//! alternatives (`{id | userPrincipalName}`) share one node. An operation is
//! attached to the node of its path, except an action or function whose
//! last segment is the operation's own name: that one becomes a method of
//! the parent node, named after the operation, so a bound action reads
//! `collection().import(&body)`. The same HTTP method on the same full path
//! twice (docs duplicates) keeps the first operation by id.

use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{Operation, OperationKind, Schema, Segment, Source};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct Attached {
    /// Index into `Schema::operations`.
    pub op: usize,
    /// Index into the operation's `paths`.
    pub path: usize,
    /// The operation's own last segment, appended by the method itself.
    pub own_segment: Option<Segment>,
}

#[derive(Debug, Default)]
pub struct Node {
    /// The segment that leads here from the parent (`None` for the root).
    pub segment: Option<Segment>,
    /// For key nodes: the key's parameter alternatives, first seen first.
    pub key_params: Vec<String>,
    pub children: BTreeMap<String, Node>,
    pub ops: Vec<Attached>,
    /// Workloads of every operation at or below this node.
    pub workloads: BTreeSet<String>,
    /// Where the first operation at or below this node was read (for diagnostics).
    pub source: Source,
}

/// Identity of a segment inside its parent: key alternatives and argument
/// values do not make different nodes, a function's argument names do.
pub fn segment_key(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } => format!("l:{name}"),
        Segment::Key { parens: false, .. } => "k:".to_owned(),
        Segment::Key { parens: true, .. } => "kp:".to_owned(),
        Segment::Function { name, args } => {
            let names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
            format!("f:{name}({})", names.join(","))
        }
        Segment::Cast { type_name } => format!("c:{type_name}"),
        Segment::ItemPath { .. } => "i:".to_owned(),
    }
}

/// Why a segment cannot be a fixed part of a request URL, if it cannot.
/// Literal segments (names, casts, function names) are sent as written, so
/// one that URL parsers fold away (`.`, `..`: `/a/../b` is `/b`) or that
/// holds a character that splits the path or ends it (`/ ? # \`, `%`,
/// whitespace, a control character) would send the request somewhere the
/// docs do not say.
pub fn unusable_segment(segment: &Segment) -> Option<String> {
    let text = match segment {
        Segment::Literal { name } => name,
        // Argument names are sent as written too (values are encoded).
        Segment::Function { name, args } => {
            return std::iter::once(name).chain(args.iter().map(|a| &a.name)).find_map(|text| unusable_text(text));
        }
        Segment::Cast { type_name } => type_name,
        Segment::Key { .. } | Segment::ItemPath { .. } => return None,
    };
    unusable_text(text)
}

/// [`unusable_segment`] of one piece of literal text.
fn unusable_text(text: &str) -> Option<String> {
    let shown = crate::printable::printable(text);
    match text {
        "" => Some("an empty segment".to_owned()),
        "." | ".." => Some(format!("the segment `{shown}` would be folded away by every URL parser")),
        _ => text
            .chars()
            .find(|&c| matches!(c, '/' | '?' | '#' | '\\' | '%') || c.is_whitespace() || c.is_control())
            .map(|c| format!("the segment `{shown}` holds {}, which would change the URL's shape", c.escape_debug())),
    }
}

/// Whether `segment` is the operation's own name (an action or function).
fn is_own_segment(op: &Operation, segment: &Segment) -> bool {
    if !matches!(op.kind, OperationKind::Action | OperationKind::Function) {
        return false;
    }
    let name = match segment {
        Segment::Literal { name } | Segment::Function { name, .. } => name,
        _ => return false,
    };
    let bare = |s: &str| s.rsplit('.').next().unwrap_or(s).to_ascii_lowercase();
    bare(name) == bare(&op.name)
}

pub fn build(schema: &Schema, diags: &mut Diagnostics) -> Node {
    let mut root = Node::default();
    let mut claimed: BTreeMap<(String, &'static str), String> = BTreeMap::new();
    for (index, op) in schema.operations.iter().enumerate() {
        for (path_index, path) in op.paths.iter().enumerate() {
            let keys: Vec<String> = path.segments.iter().map(segment_key).collect();
            let claim = (keys.join("/"), op.method.as_str());
            if let Some(first) = claimed.get(&claim) {
                diags.report(
                    &path.source.file,
                    path.source.line,
                    DiagnosticKind::Duplicate,
                    format!("`{} {}` is also described by `{first}`; that one is used", op.method.as_str(), path.raw),
                );
                continue;
            }
            if let Some(why) = path.segments.iter().find_map(unusable_segment) {
                diags.report(
                    &path.source.file,
                    path.source.line,
                    DiagnosticKind::InvalidPath,
                    format!("`{} {}`: {why}; no builder is generated for this path", op.method.as_str(), path.raw),
                );
                continue;
            }
            claimed.insert(claim, op.id.clone());
            let mut segments: &[Segment] = &path.segments;
            let mut own_segment = None;
            if let Some((last, rest)) = segments.split_last() {
                if is_own_segment(op, last) {
                    own_segment = Some(last.clone());
                    segments = rest;
                }
            }
            let mut node = &mut root;
            node.note(op);
            for (segment, key) in segments.iter().zip(keys) {
                node = node.children.entry(key).or_default();
                if node.segment.is_none() {
                    node.segment = Some(segment.clone());
                }
                if let Segment::Key { params, .. } = segment {
                    for p in params {
                        if !node.key_params.contains(p) {
                            node.key_params.push(p.clone());
                        }
                    }
                }
                node.note(op);
            }
            node.ops.push(Attached { op: index, path: path_index, own_segment });
        }
    }
    root
}

impl Node {
    fn note(&mut self, op: &Operation) {
        if self.workloads.is_empty() {
            self.source = op.source.clone();
        }
        for w in &op.workloads {
            if !self.workloads.contains(w) {
                self.workloads.insert(w.clone());
            }
        }
    }
}
