//! Request paths as the whole docs tree writes them, before resolution.
//!
//! One page's request line is read on its own ([`super::path_template`]);
//! four slips can only be seen against every other page's paths (or its own examples):
//!
//! 1. **Concrete ids where a key belongs** (`/education/classes/acdefc6b-...`,
//!    `/domains/contoso.com`). A segment shaped like a value (a GUID, a long
//!    hex id, a number, an email or `x@thread` id, a quoted string, a domain
//!    name whose prefix is no namespace of the docs) is a key; so is a
//!    segment holding digits, dots or `@` where other paths put a key and no
//!    other page writes that name. The key is named as the other paths name
//!    it there (else `id`). Never a builder method named after an id.
//! 2. **Paths relative to a resource** (older pages write `/workbook/tables/{id}`
//!    for `/me/drive/items/{id}/workbook/tables/{id}`). The documented roots
//!    are the first segments of the example requests (what the docs actually
//!    call). A path is relative when its first segment is no documented root
//!    but other paths reach it further in, or when its page's own examples
//!    request it only under a longer path. It is read under every documented
//!    path that reaches its first segment and agrees with the most of its
//!    following segments; else under the plain prefix its own examples use
//!    (`/me`); else it is dropped. Never a made-up root builder.
//! 3. **Spellings that differ only in case** (`/directoryroles` and
//!    `/directoryRoles`, `.../Range` and `.../range`): one spelling per
//!    place, the one most paths use (ties: the camelCase one), so they are
//!    one builder.
//! 4. **A request line its own example contradicts** (`/accessPackage/{id}/...`
//!    where the page's example and every other page write `accessPackages`).
//!    A path none of its page's example requests (of its method) matches is
//!    read as an example request when the two differ only where the example
//!    writes what other pages write: a literal that no example request of
//!    the docs writes there, where more pages write the example's literal or
//!    a key (`/sites/id/...` for `/sites/{siteId}/...`),
//!    or one key more or less where other pages write the resulting places
//!    (`POST /journals/{id}` for the create its example posts to
//!    `/journals`). Only when exactly one path reads so, never when another
//!    operation of the same method already takes the example (it documents
//!    that operation), and never a key added to a list or taken from a get.
//!
//! Each repair is an `invalid-path` diagnostic at the request line.

use super::model::{ExampleDirection, HttpMethod, Operation, PathTemplate, Segment};
use super::operation_pages::PageOperation;
use super::path_template;
use super::type_pages::PageType;
use crate::conformance::{is_graph_url, matches_segments, path_segments, split_url};
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Repair every operation's paths; operations left without a path are
/// dropped (each dropped path was reported).
/// The namespaces the type pages define (lowercase): a dotted segment in
/// one of them is a qualified name, not a value.
pub fn namespaces(types: &[PageType]) -> BTreeSet<String> {
    types.iter().map(|t| t.def.namespace.to_ascii_lowercase()).collect()
}

pub fn repair(ops: &mut Vec<PageOperation>, namespaces: &BTreeSet<String>, diags: &mut Diagnostics) {
    let mut clock = crate::stage_times::start();
    concrete_ids(ops, namespaces, diags);
    crate::stage_times::lap("path_repair.concrete_ids", &mut clock);
    relative_paths(ops, diags);
    crate::stage_times::lap("path_repair.relative_paths", &mut clock);
    let places = one_spelling(ops, diags);
    crate::stage_times::lap("path_repair.one_spelling", &mut clock);
    own_examples(ops, namespaces, &places, diags);
    crate::stage_times::lap("path_repair.own_examples", &mut clock);
    // Two lines that repair to one path (`/x/{id}` and `/x/1234`) are one path.
    for po in ops.iter_mut() {
        let mut seen = BTreeSet::new();
        po.op.paths.retain(|p| seen.insert(p.raw.to_ascii_lowercase()));
    }
    ops.retain(|po| !po.op.paths.is_empty());
}

/// The identity of a segment for comparing places: case-insensitive,
/// keys alike, calls by name.
fn place_key(segment: &Segment) -> String {
    match segment {
        Segment::Literal { name } => literal_key(name),
        Segment::Key { parens, .. } => if *parens { "k:true" } else { KEY_PLACE }.to_owned(),
        Segment::Function { name, .. } => tagged_key("f:", name),
        Segment::Cast { type_name } => tagged_key("c:", type_name),
        Segment::ItemPath { .. } => "i:".to_owned(),
    }
}

/// The place key of a literal written `name` (see [`place_key`]).
fn literal_key(name: &str) -> String {
    tagged_key("l:", name)
}

/// The place key of a key segment without parentheses (see [`place_key`]).
const KEY_PLACE: &str = "k:false";

fn tagged_key(tag: &str, name: &str) -> String {
    let mut key = String::with_capacity(tag.len() + name.len());
    key.push_str(tag);
    key.push_str(name);
    key[tag.len()..].make_ascii_lowercase();
    key
}

/// `place_key(a) == place_key(b)`, without building the keys.
fn same_place(a: &Segment, b: &Segment) -> bool {
    match (a, b) {
        (Segment::Literal { name: x }, Segment::Literal { name: y }) | (Segment::Function { name: x, .. }, Segment::Function { name: y, .. }) => x.eq_ignore_ascii_case(y),
        (Segment::Cast { type_name: x }, Segment::Cast { type_name: y }) => x.eq_ignore_ascii_case(y),
        (Segment::Key { parens: x, .. }, Segment::Key { parens: y, .. }) => x == y,
        (Segment::ItemPath { .. }, Segment::ItemPath { .. }) => true,
        _ => false,
    }
}

fn parent_key(segments: &[Segment]) -> String {
    segments.iter().map(place_key).collect::<Vec<_>>().join("/")
}

fn set_path(path: &mut PathTemplate, segments: Vec<Segment>) {
    path.raw = path_template::render(&segments);
    path.segments = segments;
}

// ---------------------------------------------------------------- 1. ids

/// Why a segment is a value, not a name; `None` when it may be a name.
fn value_shape(text: &str, namespaces: &BTreeSet<String>) -> Option<&'static str> {
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    let groups: Vec<&str> = text.split('-').collect();
    if groups.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&groups).all(|(n, g)| g.len() == *n && hex(g)) {
        return Some("a GUID");
    }
    if text.len() >= 16 && hex(text) && text.bytes().any(|b| b.is_ascii_digit()) && text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Some("a hexadecimal id");
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some("a number");
    }
    if text.len() > 2 && text.starts_with('\'') && text.ends_with('\'') {
        return Some("a quoted value");
    }
    if let Some((local, domain)) = text.split_once('@') {
        if !local.is_empty() && !domain.is_empty() && !text.starts_with('$') {
            return Some("an email address or id");
        }
    }
    // `contoso.com`, `contoso.onmicrosoft.com`: dotted labels whose prefix
    // names no namespace of the docs (`microsoft.graph.user` is a cast).
    if let Some((_, last)) = text.rsplit_once('.') {
        let labels_ok = text.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        if labels_ok && !is_qualified(text, namespaces) && last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic()) && !text.starts_with('$') {
            return Some("a domain name");
        }
    }
    None
}

/// A name that may be a value where other paths put a key: it starts with
/// a digit (`48x48`) or holds `@`, `:`, quotes or dots (`19:abc`,
/// `name.ext`), but is no qualified name of the docs (`microsoft.graph.user`
/// is a cast) and no word (`uploadPkcs12`, `getOffice365Counts` are names).
fn may_be_value(text: &str, namespaces: &BTreeSet<String>) -> bool {
    if text.starts_with('$') || is_qualified(text, namespaces) {
        return false;
    }
    text.starts_with(|c: char| c.is_ascii_digit()) || text.bytes().any(|b| matches!(b, b'.' | b'@' | b'\'' | b':'))
}

/// `microsoft.graph.user`, `microsoft.graph.callRecords.session`: a name in
/// a namespace the docs define (or any `microsoft.` namespace).
fn is_qualified(text: &str, namespaces: &BTreeSet<String>) -> bool {
    let Some((prefix, _)) = text.rsplit_once('.') else { return false };
    let prefix = prefix.to_ascii_lowercase();
    namespaces.contains(&prefix) || prefix == "microsoft" || prefix.starts_with("microsoft.")
}

/// Every place of every path, as a tree: a node per distinct prefix
/// (compared by [`place_key`]: case-insensitive, keys alike), built once per
/// pass so that each question about a place is a lookup, not a scan.
#[derive(Default)]
struct Places {
    /// Node 0 is the root.
    nodes: Vec<Place>,
    /// Per operation, per path, the node of each segment.
    nodes_of: Vec<Vec<Vec<usize>>>,
}

#[derive(Default)]
struct Place {
    /// Place key of the child -> child node (looked up by `&str`, so a
    /// lookup builds no key of its own).
    children: HashMap<String, usize>,
    /// The first parameter name of the key written here (`{deskId}`).
    key_param: Option<String>,
    /// The operations whose paths pass here, ascending, each once.
    ops: Vec<usize>,
    /// Literal and call spellings written here, with how many paths use each.
    spellings: Vec<(String, usize)>,
}

impl Places {
    fn gather(ops: &[PageOperation]) -> Places {
        // The place keys are the costly part: made for every operation at
        // once, then the tree is grown in operation order.
        let keys: Vec<Vec<Vec<String>>> = ops.par_iter().map(|po| po.op.paths.iter().map(|path| path.segments.iter().map(place_key).collect()).collect()).collect();
        let mut places = Places { nodes: vec![Place::default()], nodes_of: Vec::with_capacity(ops.len()) };
        for (index, (po, keys)) in ops.iter().zip(keys).enumerate() {
            let mut per_path = Vec::with_capacity(po.op.paths.len());
            for (path, keys) in po.op.paths.iter().zip(keys) {
                let mut parent = 0;
                let mut nodes = Vec::with_capacity(path.segments.len());
                for (segment, key) in path.segments.iter().zip(keys) {
                    let next = places.nodes.len();
                    let node = *places.nodes[parent].children.entry(key).or_insert(next);
                    if node == next {
                        places.nodes.push(Place::default());
                    }
                    let place = &mut places.nodes[node];
                    if place.ops.last() != Some(&index) {
                        place.ops.push(index);
                    }
                    match segment {
                        Segment::Key { params, parens: false } if place.key_param.is_none() => place.key_param = params.first().cloned(),
                        Segment::Literal { name } | Segment::Function { name, .. } => match place.spellings.iter_mut().find(|(s, _)| s == name) {
                            Some((_, n)) => *n += 1,
                            None => place.spellings.push((name.clone(), 1)),
                        },
                        _ => {}
                    }
                    nodes.push(node);
                    parent = node;
                }
                per_path.push(nodes);
            }
            places.nodes_of.push(per_path);
        }
        places
    }

    /// The node under `parent` whose place key is `key`.
    fn child(&self, parent: usize, key: &str) -> Option<usize> {
        self.nodes[parent].children.get(key).copied()
    }

    /// Whether operations other than `index` pass through `node`.
    fn passed_by_others(&self, node: usize, index: usize) -> bool {
        self.nodes[node].ops.iter().any(|&o| o != index)
    }

    /// The key name written under `parent`, when a path puts a key there.
    fn key_under(&self, parent: usize) -> Option<&String> {
        let node = self.child(parent, KEY_PLACE)?;
        self.nodes[node].key_param.as_ref()
    }
}

/// `repair` each operation (with its index) on its own, in parallel (what
/// it reads of the others was gathered before); the diagnostics into `diags`.
fn each_operation(ops: &mut [PageOperation], diags: &mut Diagnostics, repair: impl Fn(usize, &mut PageOperation, &mut Diagnostics) + Sync) {
    let found: Vec<Diagnostics> = ops
        .par_iter_mut()
        .enumerate()
        .map(|(index, po)| {
            let mut local = Diagnostics::default();
            repair(index, po, &mut local);
            local
        })
        .collect();
    found.into_iter().for_each(|d| diags.extend(d));
}

fn concrete_ids(ops: &mut [PageOperation], namespaces: &BTreeSet<String>, diags: &mut Diagnostics) {
    let places = Places::gather(ops);
    each_operation(ops, diags, |index, po, diags| {
        for (p, path) in po.op.paths.iter_mut().enumerate() {
            let nodes = &places.nodes_of[index][p];
            let mut repaired: Option<Vec<Segment>> = None;
            let mut changed = Vec::new();
            for i in 1..path.segments.len() {
                let text = match &path.segments[i] {
                    Segment::Literal { name } => name,
                    Segment::Cast { type_name } => type_name,
                    _ => continue,
                };
                // A literal before a parenthesized key is the entity set's name.
                if matches!(path.segments.get(i + 1), Some(Segment::Key { parens: true, .. })) {
                    continue;
                }
                let key_there = places.key_under(nodes[i - 1]);
                let only_here = places.nodes[nodes[i]].ops.iter().all(|&o| o == index);
                let why = value_shape(text, namespaces).or_else(|| (key_there.is_some() && only_here && may_be_value(text, namespaces)).then_some("a value where other paths have a key"));
                let Some(why) = why else { continue };
                let param = key_there.cloned().unwrap_or_else(|| "id".to_owned());
                changed.push(format!("`{text}` ({why}) as `{{{param}}}`"));
                repaired.get_or_insert_with(|| path.segments.clone())[i] = Segment::Key { params: vec![param], parens: false };
            }
            if let Some(segments) = repaired {
                let was = path.raw.clone();
                set_path(path, segments);
                diags.report(
                    &path.source.file,
                    path.source.line,
                    DiagnosticKind::InvalidPath,
                    format!("path `{was}` holds a concrete id where a key belongs; read {}: `{}`", changed.join(", "), path.raw),
                );
            }
        }
    });
}

// ---------------------------------------------------------- 2. relative

/// Segments of an example request's URL (host, version and query removed).
fn example_segments(url: &str) -> Vec<String> {
    path_segments(&split_url(url).0)
}

/// Whether a written (concrete) segment fits a template segment.
fn fits(template: &Segment, written: &str) -> bool {
    let name_before_call = written.split('(').next().unwrap_or(written);
    match template {
        Segment::Literal { name } => written.eq_ignore_ascii_case(name) || name_before_call.eq_ignore_ascii_case(name),
        Segment::Key { .. } => !written.is_empty(),
        Segment::Function { name, .. } => name_before_call.eq_ignore_ascii_case(name),
        Segment::Cast { type_name } => written.eq_ignore_ascii_case(type_name),
        Segment::ItemPath { .. } => written.contains(':'),
    }
}

/// Where `path` sits inside an example URL: the offset of its first
/// segment, when every one of its segments fits in order.
fn offset_in(path: &[Segment], written: &[String]) -> Option<usize> {
    (0..written.len().saturating_sub(path.len() - 1)).find(|&k| path.iter().zip(&written[k..]).all(|(s, w)| fits(s, w)))
}

fn first_literal(path: &PathTemplate) -> Option<&str> {
    match path.segments.first()? {
        Segment::Literal { name } => Some(name),
        _ => None,
    }
}

/// Why a path is relative, and the plain prefix its examples put before it.
struct Relative {
    why: String,
    example_prefix: Option<Vec<String>>,
}

fn relative_paths(ops: &mut [PageOperation], diags: &mut Diagnostics) {
    let roots: BTreeSet<String> = ops
        .par_iter()
        .flat_map_iter(|po| po.op.examples.iter())
        .filter_map(|e| e.url.as_deref())
        .map(|u| {
            let path = path_template::normalize(u);
            let path = path_template::split_version(&path).map(|(_, rest)| rest.to_owned()).unwrap_or(path);
            let first = path.trim_start_matches('/').split(['/', '(']).next().unwrap_or("");
            first.to_ascii_lowercase()
        })
        .filter(|first| !first.is_empty())
        .collect();
    if roots.is_empty() {
        return;
    }
    // Find the relative paths first, then read them against the others.
    let outside_roots = |path: &PathTemplate| first_literal(path).is_some_and(|f| !roots.contains(&f.to_ascii_lowercase()));
    if !ops.iter().flat_map(|po| po.op.paths.iter()).any(outside_roots) {
        return;
    }
    // The names documented paths reach further in (lowercase).
    let reached: BTreeSet<String> = ops
        .par_iter()
        .flat_map_iter(|po| po.op.paths.iter())
        .filter(|q| !outside_roots(q))
        .flat_map_iter(|q| q.segments.iter().skip(1))
        .filter_map(|s| match s {
            Segment::Literal { name } => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let (roots_ref, reached_ref) = (&roots, &reached);
    let found: Vec<(usize, usize, Relative)> = ops
        .par_iter()
        .enumerate()
        .flat_map_iter(|(o, po)| po.op.paths.iter().enumerate().filter_map(move |(p, path)| Some((o, p, relative(&po.op, path, roots_ref, reached_ref)?))))
        .collect();
    if found.is_empty() {
        return;
    }
    // The documented paths: rooted at a documented root, not relative themselves.
    let relative_set: BTreeSet<(usize, usize)> = found.iter().map(|(o, p, _)| (*o, *p)).collect();
    let documented: Vec<&PathTemplate> = ops
        .iter()
        .enumerate()
        .flat_map(|(o, po)| po.op.paths.iter().enumerate().map(move |(p, q)| ((o, p), q)))
        .filter(|(at, q)| !relative_set.contains(at) && first_literal(q).is_some_and(|f| roots.contains(&f.to_ascii_lowercase())))
        .map(|(_, q)| q)
        .collect();
    // Where each place is written past a documented path's first segment,
    // in (path, position) order: a relative path is read only where its
    // first segment is, not against every position of every path.
    let mut written_at: HashMap<String, Vec<(&PathTemplate, usize)>> = HashMap::new();
    for q in &documented {
        for j in 1..q.segments.len() {
            written_at.entry(place_key(&q.segments[j])).or_default().push((q, j));
        }
    }
    let mut replacements: BTreeMap<(usize, usize), Vec<Vec<Segment>>> = BTreeMap::new();
    for (o, p, rel) in &found {
        let path = &ops[*o].op.paths[*p];
        let needed = path.segments.len().min(2);
        let mut best = 0;
        let mut prefixes: BTreeMap<String, Vec<Segment>> = BTreeMap::new();
        let candidates = path.segments.first().and_then(|first| written_at.get(&place_key(first)));
        for &(q, j) in candidates.into_iter().flatten() {
            let agree = path.segments.iter().zip(&q.segments[j..]).take_while(|(a, b)| same_place(a, b)).count();
            // The first segment alone is a name many types share:
            // the next one must agree too.
            if agree < needed || agree < best {
                continue;
            }
            if agree > best {
                best = agree;
                prefixes.clear();
            }
            prefixes.entry(parent_key(&q.segments[..j])).or_insert_with(|| q.segments[..j].to_vec());
        }
        let mut full: Vec<Vec<Segment>> = prefixes.into_values().map(|prefix| prefix.into_iter().chain(path.segments.iter().cloned()).collect()).collect();
        if full.is_empty() {
            if let Some(prefix) = &rel.example_prefix {
                let mut segments: Vec<Segment> = prefix.iter().map(|n| Segment::Literal { name: n.clone() }).collect();
                segments.extend(path.segments.iter().cloned());
                full.push(segments);
            }
        }
        let was = path.raw.clone();
        let (file, line) = (path.source.file.clone(), path.source.line);
        if full.is_empty() {
            diags.report(&file, line, DiagnosticKind::InvalidPath, format!("path `{was}` is relative ({}); no documented path reaches it the way it continues, so it is dropped", rel.why));
        } else {
            let shown: Vec<String> = full.iter().take(3).map(|s| format!("`{}`", path_template::render(s))).collect();
            let more = if full.len() > 3 { format!(" and {} more", full.len() - 3) } else { String::new() };
            diags.report(&file, line, DiagnosticKind::InvalidPath, format!("path `{was}` is relative ({}); read as {}{more}", rel.why, shown.join(", ")));
        }
        replacements.insert((*o, *p), full);
    }
    // Apply from the last path back, so indices stay valid.
    for ((o, p), full) in replacements.into_iter().rev() {
        let paths = &mut ops[o].op.paths;
        let template = paths.remove(p);
        let mut at = p;
        for segments in full {
            let mut new = template.clone();
            set_path(&mut new, segments);
            if !paths.iter().any(|x| x.raw.eq_ignore_ascii_case(&new.raw)) {
                paths.insert(at, new);
                at += 1;
            }
        }
    }
}

/// Whether `path` of `op` is relative (see the module docs): its first
/// segment is no documented root, and either other documented paths reach
/// that segment followed by the path's next one, or its page's examples
/// request it under a longer path. A first segment no example starts at and
/// no other path reaches is a root the docs name without an example: kept.
fn relative(op: &Operation, path: &PathTemplate, roots: &BTreeSet<String>, reached_names: &BTreeSet<String>) -> Option<Relative> {
    let first = first_literal(path)?;
    let lower = first.to_ascii_lowercase();
    if roots.contains(&lower) {
        return None;
    }
    let reached = reached_names.contains(&lower);
    // The page's own examples request it under a longer path (`/me/...`).
    let example_prefix = op
        .examples
        .iter()
        .filter(|e| e.method == Some(op.method))
        .filter_map(|e| e.url.as_deref())
        .map(example_segments)
        .find_map(|s| offset_in(&path.segments, &s).filter(|&k| k > 0).map(|k| s[..k].to_vec()));
    if !reached && example_prefix.is_none() {
        return None;
    }
    let why = match &example_prefix {
        Some(prefix) => format!("no example request starts at `{first}`; its examples request it under `/{}`", prefix.join("/")),
        None => format!("no example request starts at `{first}`, and other paths reach `{first}` further in"),
    };
    // Only a prefix of plain names (`/me`) can stand for every caller.
    let plain = |prefix: &Vec<String>| prefix.iter().all(|n| n.bytes().all(|b| b.is_ascii_alphabetic()));
    Some(Relative { why, example_prefix: example_prefix.filter(plain) })
}

// ------------------------------------------------------------ 3. case

/// Returns the places of the paths as repaired: spellings differ in case
/// only, and place keys ignore case, so the tree is the one gathered
/// before, each respelled place now holding its one spelling.
fn one_spelling(ops: &mut [PageOperation], diags: &mut Diagnostics) -> Places {
    let mut places = Places::gather(ops);
    // Most paths first; then the spelling that starts lowercase with the most
    // capitals (camelCase keeps word boundaries a lowercase spelling lost);
    // then the smallest.
    let capitals = |s: &str| s.bytes().filter(u8::is_ascii_uppercase).count();
    let lower_first = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
    let chosen: Vec<Option<String>> = places
        .nodes
        .iter()
        .map(|place| {
            let best = place.spellings.iter().max_by(|(a, na), (b, nb)| {
                na.cmp(nb).then(lower_first(a).cmp(&lower_first(b))).then(capitals(a).cmp(&capitals(b))).then(b.cmp(a))
            });
            best.filter(|_| place.spellings.len() > 1).map(|(s, _)| s.clone())
        })
        .collect();
    if chosen.iter().all(Option::is_none) {
        return places;
    }
    each_operation(ops, diags, |index, po, diags| {
        for (p, path) in po.op.paths.iter_mut().enumerate() {
            let mut repaired: Option<Vec<Segment>> = None;
            let mut changed = Vec::new();
            for (i, &node) in places.nodes_of[index][p].iter().enumerate() {
                let Some(canonical) = chosen[node].as_deref() else { continue };
                if let Segment::Literal { name } | Segment::Function { name, .. } = &path.segments[i] {
                    if name != canonical {
                        changed.push(format!("`{name}` as `{canonical}`"));
                        if let Segment::Literal { name } | Segment::Function { name, .. } = &mut repaired.get_or_insert_with(|| path.segments.clone())[i] {
                            *name = canonical.to_owned();
                        }
                    }
                }
            }
            if let Some(segments) = repaired {
                let was = path.raw.clone();
                set_path(path, segments);
                diags.report(
                    &path.source.file,
                    path.source.line,
                    DiagnosticKind::InvalidPath,
                    format!("path `{was}` spells a segment other paths spell differently in case; read {} (one builder)", changed.join(", ")),
                );
            }
        }
    });
    for (place, canonical) in places.nodes.iter_mut().zip(chosen) {
        if let Some(canonical) = canonical {
            let paths = place.spellings.iter().map(|(_, n)| n).sum();
            place.spellings = vec![(canonical, paths)];
        }
    }
    places
}

// ------------------------------------------------ 4. own examples

/// A segment the example writes where a key belongs: a `{placeholder}` or a
/// value by its shape.
fn key_like(written: &str, namespaces: &BTreeSet<String>) -> bool {
    (written.len() > 2 && written.starts_with('{') && written.ends_with('}')) || value_shape(written, namespaces).is_some()
}

/// An example request of an operation, its path split by [`path_segments`].
struct Requested {
    method: Option<HttpMethod>,
    /// Sent to a Graph host (see [`crate::conformance::is_graph_url`]).
    graph: bool,
    segments: Vec<String>,
}

/// One repair of a request line by its page's example: the new segments
/// and what changed, in words.
struct ExampleRepair {
    segments: Vec<Segment>,
    changed: String,
}

/// `places`: of `ops` as they are.
fn own_examples(ops: &mut [PageOperation], namespaces: &BTreeSet<String>, places: &Places, diags: &mut Diagnostics) {
    // Each operation's example request paths, split once (with whether they
    // are Graph requests at all): every step below tries them against
    // several templates. Operations are looked at in parallel, and what
    // each finds is put together in operation order.
    let requested: Vec<Vec<Requested>> = ops
        .par_iter()
        .map(|po| {
            po.op
                .examples
                .iter()
                .filter(|e| e.direction == ExampleDirection::Request)
                .filter_map(|e| {
                    let url = e.url.as_deref()?;
                    Some(Requested { method: e.method, graph: is_graph_url(url), segments: path_segments(&split_url(url).0) })
                })
                .collect()
        })
        .collect();
    // Places some example request of the docs writes (through a path it matches).
    let mut confirmed_places = vec![false; places.nodes.len()];
    let confirmed_nodes: Vec<Vec<usize>> = ops
        .par_iter()
        .enumerate()
        .map(|(index, po)| {
            let confirmed_paths = po.op.paths.iter().enumerate().filter(|(_, path)| requested[index].iter().any(|r| matches_segments(path, &r.segments)));
            confirmed_paths.flat_map(|(p, _)| places.nodes_of[index][p].iter().copied()).collect()
        })
        .collect();
    for node in confirmed_nodes.into_iter().flatten() {
        confirmed_places[node] = true;
    }
    let ops_read: &[PageOperation] = ops;
    let repairs: Vec<(usize, usize, ExampleRepair)> = ops_read
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, po)| {
            let op = &po.op;
            let mut repairs: Vec<(usize, usize, ExampleRepair)> = Vec::new();
            let examples = requested[index]
                .iter()
                .filter(|r| r.method == Some(op.method) && r.graph)
                .map(|r| &r.segments)
                .filter(|segments| !op.paths.iter().any(|t| matches_segments(t, segments)));
            // A path an example of its page matches is right as written.
            let confirmed = |p: &PathTemplate| requested[index].iter().any(|r| r.method == Some(op.method) && matches_segments(p, &r.segments));
            let returns_list = op.response.ty.as_ref().or(po.response_candidates.first()).map(|t| t.collection);
            for written in examples {
                let mut found: Vec<(usize, ExampleRepair)> = Vec::new();
                for (p, path) in op.paths.iter().enumerate() {
                    if confirmed(path) {
                        continue;
                    }
                    let nodes = &places.nodes_of[index][p];
                    let repair = respelled(&path.segments, nodes, written, index, places, &confirmed_places, namespaces)
                        .or_else(|| key_added(&path.segments, nodes, written, index, places, namespaces, returns_list))
                        .or_else(|| key_dropped(&path.segments, nodes, written, index, places, op.method, returns_list));
                    if let Some(r) = repair {
                        found.push((p, r));
                    }
                }
                // One path the example reads as, and no other operation of the
                // method that takes the example as it is.
                let [(p, _)] = found.as_slice() else { continue };
                let example_path = format!("/{}", written.join("/"));
                let example_segments = path_segments(&example_path);
                let elsewhere = ops_read.iter().enumerate().any(|(j, other)| j != index && other.op.method == op.method && other.op.paths.iter().any(|t| matches_segments(t, &example_segments)));
                if !elsewhere && !repairs.iter().any(|(_, q, _)| q == p) {
                    let (p, r) = found.pop().expect("one repair");
                    repairs.push((index, p, r));
                }
            }
            repairs
        })
        .collect();
    for (index, p, r) in repairs {
        let path = &mut ops[index].op.paths[p];
        let was = path.raw.clone();
        set_path(path, r.segments);
        diags.report(
            &path.source.file,
            path.source.line,
            DiagnosticKind::InvalidPath,
            format!("path `{was}` differs from its own example request, which writes it as other pages do ({}); read as `{}`", r.changed, path.raw),
        );
    }
}

/// The segment other pages write under `parent` where the example writes
/// `written`: their spelling of the same literal, or their key.
fn written_by_others(parent: usize, written: &str, index: usize, places: &Places, namespaces: &BTreeSet<String>) -> Option<(Segment, usize)> {
    if let Some(node) = places.child(parent, &literal_key(written)).filter(|&n| places.passed_by_others(n, index)) {
        let spelling = places.nodes[node].spellings.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(s, _)| s.clone())?;
        return Some((Segment::Literal { name: spelling }, node));
    }
    if key_like(written, namespaces) {
        let node = places.child(parent, KEY_PLACE).filter(|&n| places.passed_by_others(n, index))?;
        let param = places.nodes[node].key_param.clone().unwrap_or_else(|| "id".to_owned());
        return Some((Segment::Key { params: vec![param], parens: false }, node));
    }
    None
}

fn describe(segment: &Segment) -> String {
    format!("`{}`", path_template::render(std::slice::from_ref(segment)).trim_start_matches('/'))
}

/// Same length; every segment the example writes differently is a literal
/// no example request of the docs writes there, where more pages write the
/// example's segment (a literal or a key).
fn respelled(path: &[Segment], nodes: &[usize], written: &[String], index: usize, places: &Places, confirmed: &[bool], namespaces: &BTreeSet<String>) -> Option<ExampleRepair> {
    if path.len() != written.len() {
        return None;
    }
    let (mut segments, mut changed, mut cursor) = (path.to_vec(), Vec::new(), Some(0usize));
    for (i, (segment, w)) in path.iter().zip(written).enumerate() {
        // A key where the example writes a name other pages write there
        // (`/drives/{id}` against `/me/drive`) is no slip of one segment.
        let named_there = |c: usize| places.child(c, &literal_key(w)).is_some_and(|n| places.passed_by_others(n, index));
        if matches!(segment, Segment::Key { .. }) && cursor.is_some_and(named_there) {
            return None;
        }
        if fits(segment, w) {
            cursor = cursor.and_then(|c| places.child(c, &place_key(segment)));
            continue;
        }
        // A literal some example request writes is no slip either.
        let Segment::Literal { name } = segment else { return None };
        if confirmed[nodes[i]] {
            return None;
        }
        let (new, node) = written_by_others(cursor?, w, index, places, namespaces)?;
        // The example's segment is the one more pages write there.
        if places.nodes[node].ops.len() <= places.nodes[nodes[i]].ops.len() {
            return None;
        }
        changed.push(format!("`{name}` as {}", describe(&new)));
        segments[i] = new;
        cursor = Some(node);
    }
    (!changed.is_empty()).then(|| ExampleRepair { segments, changed: changed.join(", ") })
}

/// The example has one key more (a value by its shape or a placeholder;
/// `worksheets/add` is no key), where other pages write a key and continue
/// as the path does; never at the end of a list.
fn key_added(path: &[Segment], nodes: &[usize], written: &[String], index: usize, places: &Places, namespaces: &BTreeSet<String>, returns_list: Option<bool>) -> Option<ExampleRepair> {
    if written.len() != path.len() + 1 {
        return None;
    }
    let at = (0..=path.len()).find(|&i| path[..i].iter().zip(written).all(|(s, w)| fits(s, w)) && path[i..].iter().zip(&written[i + 1..]).all(|(s, w)| fits(s, w)))?;
    if !key_like(&written[at], namespaces) || (at == path.len() && returns_list == Some(true)) {
        return None;
    }
    let parent = if at == 0 { 0 } else { nodes[at - 1] };
    let node = places.child(parent, KEY_PLACE).filter(|&n| places.passed_by_others(n, index))?;
    // What follows the key is written after it by other pages too.
    let mut cursor = node;
    for segment in &path[at..] {
        cursor = places.child(cursor, &place_key(segment)).filter(|&n| places.passed_by_others(n, index))?;
    }
    let param = places.nodes[node].key_param.clone().unwrap_or_else(|| "id".to_owned());
    let key = Segment::Key { params: vec![param], parens: false };
    let changed = format!("a key {} after `{}`", describe(&key), path_template::render(&path[..at]));
    let mut segments = path.to_vec();
    segments.insert(at, key);
    Some(ExampleRepair { segments, changed })
}

/// The example has one key less, and other pages write the place it
/// requests; never the key of a get.
fn key_dropped(path: &[Segment], nodes: &[usize], written: &[String], index: usize, places: &Places, method: HttpMethod, returns_list: Option<bool>) -> Option<ExampleRepair> {
    if written.len() + 1 != path.len() {
        return None;
    }
    let at = (0..path.len()).find(|&i| matches!(path[i], Segment::Key { parens: false, .. }) && path[..i].iter().zip(written).all(|(s, w)| fits(s, w)) && path[i + 1..].iter().zip(&written[i..]).all(|(s, w)| fits(s, w)))?;
    if at + 1 == path.len() && method == HttpMethod::Get && returns_list != Some(true) {
        return None;
    }
    // Every place of the shorter path is one other pages write.
    let mut cursor = if at == 0 { 0 } else { nodes[at - 1] };
    for segment in &path[at + 1..] {
        cursor = places.child(cursor, &place_key(segment)).filter(|&n| places.passed_by_others(n, index))?;
    }
    if at + 1 == path.len() && !places.passed_by_others(cursor, index) {
        return None;
    }
    let changed = format!("no key {} after `{}`", describe(&path[at]), path_template::render(&path[..at]));
    let mut segments = path.to_vec();
    segments.remove(at);
    Some(ExampleRepair { segments, changed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns() -> BTreeSet<String> {
        ["microsoft.graph", "microsoft.graph.callrecords"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn values_by_shape() {
        for (text, why) in [
            ("acdefc6b-2dc6-4e71-b1e9-6d9810ab1793", "a GUID"),
            ("2192ca408ea2410eba3bec8ae873be6b", "a hexadecimal id"),
            ("12345", "a number"),
            ("'Table1'", "a quoted value"),
            ("adele@contoso.com", "an email address or id"),
            ("19:abc@thread.v2", "an email address or id"),
            ("contoso.com", "a domain name"),
            ("contoso.onmicrosoft.com", "a domain name"),
        ] {
            assert_eq!(value_shape(text, &ns()), Some(why), "{text}");
        }
        for text in ["users", "microsoft.graph.user", "microsoft.graph.callRecords.session", "$value", "getOffice365ActivationCounts", "deadbeef", "v1"] {
            assert_eq!(value_shape(text, &ns()), None, "{text}");
        }
        for text in ["48x48", "19:abc", "report.csv"] {
            assert!(may_be_value(text, &ns()), "{text}");
        }
        for text in ["range", "$count", "uploadPkcs12", "getOffice365ActivationCounts", "microsoft.graph.room", "microsoft.management.api.update"] {
            assert!(!may_be_value(text, &ns()), "{text}");
        }
    }
}
