//! One endpoint, many pages: operations that describe the same method on
//! the same path become one operation.
//!
//! Workloads document the endpoints of shared types on pages of their own
//! (`intune-shared-user-list.md` beside `user-list.md`, both `GET /users`).
//! Keeping one page and dropping the other would gate the endpoint on one
//! workload's feature and lose what only the other page says. The contract:
//!
//! - An endpoint is a method and a path, paths compared with placeholders
//!   alike (`/users/{id}` is `/users/{user-id}`) and without the letter case
//!   of names (`/Users` is `/users`).
//! - Operations that share an endpoint and agree on its response type are
//!   one operation (transitively), when the endpoints one describes are
//!   among the other's (a workload's copy lists the general page's paths, or
//!   some of them); two without a response type only when they describe the
//!   same endpoints. Pages on the variants of a polymorphic endpoint agree
//!   too (`POST /deviceAppManagement/mobileApps` on the page of each kind of
//!   app): their responses derive from one type, which the navigation
//!   property the path ends in holds (`mobileApps`: `mobileApp`); the merged
//!   operation returns that type, and a create or update sends it (its
//!   polymorphic form takes any variant). The primary is the best ranked
//!   page ([`super::own_page`]: a general page before a workload's copy),
//!   among those the page whose response is the variants' base (when one
//!   is), then path order; it gives the id, name, kind, description,
//!   response, source and the path spellings.
//! - Merging: paths, permissions (scopes per kind), headers (by name,
//!   without case), query options and parameter tables (body members,
//!   function parameters) are the union; examples of every page are kept,
//!   the primary's first. The bodies must agree (a resource and a table of
//!   its properties agree; tables agree when the names they share have one
//!   type); a body only another page states is taken. A disagreement is
//!   `pages-disagree` at the other page, naming both places; the primary's
//!   body is kept.
//! - Operations that share an endpoint but are not one (they disagree on
//!   its response, or each lists paths the other does not: merging through
//!   them would join unrelated operations, as a page on `$expand` of
//!   extended properties lists the paths of calendars, contacts and
//!   messages alike) leave the endpoint to the one whose primary counts
//!   first: best ranked page, then the page describing fewer paths (a page
//!   about one endpoint before a page about an option many share), then
//!   path order. The others give up its paths (`pages-disagree` when they
//!   say the response is something else, naming both places and both
//!   responses); their workloads enable the winner too, and one left with
//!   no path is named in the winner's `merged_from`.
//! - `workloads` is the union of every page's that describes the
//!   operation's endpoints: the operation is compiled under any of their
//!   features. `merged_from` lists the other pages' title lines.

use super::model::{Example, HeaderParam, Operation, OperationKind, Parameter, PathTemplate, Permission, RequestBody, Segment, Source, TypeDef, TypeKind, TypeRef, TypeTarget};
use super::own_page;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A path as an endpoint identity: placeholders alike, names without case,
/// a function by its name and argument names.
pub fn path_key(segments: &[Segment]) -> String {
    // Built in place: this runs for every path of every operation, several
    // times over in a whole-reference run.
    fn push_lower(key: &mut String, s: &str) {
        let start = key.len();
        key.push_str(s);
        key[start..].make_ascii_lowercase();
    }
    let mut key = String::with_capacity(segments.len() * 16);
    for segment in segments {
        key.push('/');
        match segment {
            Segment::Literal { name } => push_lower(&mut key, name),
            Segment::Key { parens: false, .. } => key.push_str("{}"),
            Segment::Key { parens: true, .. } => key.push_str("({})"),
            Segment::Function { name, args } => {
                let mut names: Vec<String> = args.iter().map(|a| a.name.to_ascii_lowercase()).collect();
                names.sort();
                push_lower(&mut key, name);
                key.push('(');
                key.push_str(&names.join(","));
                key.push(')');
            }
            Segment::Cast { type_name } => push_lower(&mut key, type_name),
            Segment::ItemPath { .. } => key.push_str(":{}:"),
        }
    }
    key
}

fn endpoint_key(op: &Operation, path: &PathTemplate) -> String {
    format!("{} {}", op.method.as_str(), path_key(&path.segments))
}

/// Which of several operations counts first: the best ranked page
/// ([`own_page`]), then (only when `by_scope`) the page that describes
/// fewer paths (a page about one endpoint, before a page about an option
/// many share), then path order.
fn precedence(op: &Operation, by_scope: bool) -> (u8, usize, &str, &str) {
    let scope = if by_scope { op.paths.len() } else { 0 };
    (own_page::operation_rank(&op.source.file, &op.workloads), scope, &op.source.file, &op.id)
}

/// Merge the operations that describe one endpoint (see the module docs).
pub fn merge(ops: Vec<Operation>, types: &BTreeMap<String, TypeDef>, diags: &mut Diagnostics) -> Vec<Operation> {
    let held = held_types(types);
    // Each path's endpoint key, once: every step below compares them.
    let endpoints: Vec<Vec<String>> = ops.par_iter().map(|op| op.paths.iter().map(|p| endpoint_key(op, p)).collect()).collect();
    let describers = describers(&endpoints);
    let groups = Groups::of(&ops, &endpoints, &describers, types, &held);
    let settled = Settlement::of(&ops, &describers, &groups, diags);
    assemble(ops, groups, settled, types, &held, diags)
}

/// Who describes each endpoint (operation indices, in order).
fn describers(endpoints: &[Vec<String>]) -> BTreeMap<String, Vec<usize>> {
    let mut describers: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, keys) in endpoints.iter().enumerate() {
        for key in keys {
            let list = describers.entry(key.clone()).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    describers
}

/// The operations that are one: each group's members, primary first.
struct Groups {
    /// Operation index -> its group (the smallest member index).
    group_of: Vec<usize>,
    /// Group -> member indices, by [`precedence`] (the primary first).
    members: BTreeMap<usize, Vec<usize>>,
}

impl Groups {
    /// Operations that share an endpoint and agree on its response are one,
    /// when the endpoints one describes are among the other's (a workload's
    /// copy lists the general page's paths or some of them); without a
    /// response type to agree on, only operations on the same endpoints
    /// are. Otherwise a page on one option across many resources (`$expand`
    /// of extended properties, whose example happens to show a message)
    /// would join the operations of every resource it lists.
    /// Pages on the variants of one polymorphic endpoint (`POST
    /// /deviceAppManagement/mobileApps` on the page of each kind of app)
    /// agree too: each response is or derives from the type the path's
    /// navigation property holds (`mobileApps`: `mobileApp` collection).
    fn of(ops: &[Operation], keys: &[Vec<String>], describers: &BTreeMap<String, Vec<usize>>, types: &BTreeMap<String, TypeDef>, held: &Held) -> Groups {
        let endpoints: Vec<BTreeSet<&str>> = keys.par_iter().map(|k| k.iter().map(String::as_str).collect()).collect();
        let nested = |a: usize, b: usize| endpoints[a].is_subset(&endpoints[b]) || endpoints[b].is_subset(&endpoints[a]);
        // `held_there`: the types the endpoint's path addresses (see
        // [`path_holds`]), looked up once per endpoint rather than per pair.
        // Each response's lineage once, not once per pair of describers.
        let lineages: Vec<Vec<&str>> = ops
            .par_iter()
            .map(|op| match op.response.ty.as_ref().map(|ty| &ty.target) {
                Some(TypeTarget::Named(q)) => lineage(types, q),
                _ => Vec::new(),
            })
            .collect();
        let agree = |a: usize, b: usize, held_there: Option<&BTreeSet<String>>| match (&ops[a].response.ty, &ops[b].response.ty) {
            (None, None) => endpoints[a] == endpoints[b],
            _ if !nested(a, b) => false,
            (Some(x), Some(y)) if x != y => {
                held_there.is_some_and(|qs| shared_in_lineages(types, x, y, &lineages[a], &lineages[b]).is_some_and(|q| qs.contains(q)))
            }
            (x, y) => x == y,
        };
        let mut parent: Vec<usize> = (0..ops.len()).collect();
        for (key, list) in describers.iter().filter(|(_, l)| l.len() > 1) {
            let held_there = held_at(held, key);
            for (n, &a) in list.iter().enumerate() {
                for &b in list[..n].iter().filter(|&&b| agree(a, b, held_there)) {
                    let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let group_of: Vec<usize> = (0..ops.len()).map(|i| root(&mut parent, i)).collect();
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, &g) in group_of.iter().enumerate() {
            members.entry(g).or_default().push(i);
        }
        for list in members.values_mut() {
            list.sort_by(|&a, &b| precedence(&ops[a], false).cmp(&precedence(&ops[b], false)));
        }
        Groups { group_of, members }
    }

    fn primary(&self, group: usize) -> usize {
        self.members[&group][0]
    }
}

/// Endpoints that groups disagreeing on the response describe: which
/// operations give up which paths, and to whom.
#[derive(Default)]
struct Settlement {
    /// Operation -> endpoint keys it gives up.
    lost: BTreeMap<usize, BTreeSet<String>>,
    /// Winning group -> workloads of the operations that gave up its paths.
    gained_workloads: BTreeMap<usize, Vec<String>>,
    /// Operation -> the first group it gave a path to.
    lost_to: BTreeMap<usize, usize>,
}

impl Settlement {
    /// Each contested endpoint belongs to the group whose primary counts
    /// first ([`precedence`], fewer paths first); the others give up its
    /// paths, reported once per operation and winner when they say the
    /// response is something else.
    fn of(ops: &[Operation], describers: &BTreeMap<String, Vec<usize>>, groups: &Groups, diags: &mut Diagnostics) -> Settlement {
        let mut settled = Settlement::default();
        // (loser, winner's primary) -> paths given up.
        let mut losses: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (key, list) in describers {
            let contenders: BTreeSet<usize> = list.iter().map(|&i| groups.group_of[i]).collect();
            if contenders.len() < 2 {
                continue;
            }
            let counts_first = |g: &&usize| precedence(&ops[groups.primary(**g)], true);
            let winner = *contenders.iter().min_by_key(counts_first).expect("two contenders");
            for &i in list.iter().filter(|&&i| groups.group_of[i] != winner) {
                settled.lost.entry(i).or_default().insert(key.clone());
                settled.gained_workloads.entry(winner).or_default().extend(ops[i].workloads.iter().cloned());
                *losses.entry((i, groups.primary(winner))).or_default() += 1;
                settled.lost_to.entry(i).or_insert(winner);
            }
        }
        for (&(loser, winner), &count) in &losses {
            let (op, winner) = (&ops[loser], &ops[winner]);
            if op.response.ty == winner.response.ty {
                // The same answer, described among other paths: nothing
                // the docs disagree on.
                continue;
            }
            let shown = |o: &Operation| o.response.ty.as_ref().map_or_else(|| "no body".to_owned(), show_type);
            diags.report(
                &op.source.file,
                op.source.line,
                DiagnosticKind::PagesDisagree,
                format!(
                    "{count} `{}` path(s) of this page are also described by {}:{}, which says the response is {} where this page says {}; those paths are served by that operation (its page counts first), which this page's workloads enable too",
                    op.method.as_str(),
                    winner.source.file,
                    winner.source.line,
                    shown(winner),
                    shown(op)
                ),
            );
        }
        settled
    }
}

/// Merge each group into its primary, after the settlement took the
/// contested paths away.
fn assemble(ops: Vec<Operation>, groups: Groups, mut settled: Settlement, types: &BTreeMap<String, TypeDef>, held: &Held, diags: &mut Diagnostics) -> Vec<Operation> {
    let mut ops: Vec<Option<Operation>> = ops.into_iter().map(Some).collect();
    for (&i, keys) in &settled.lost {
        if let Some(op) = ops[i].as_mut() {
            let method = op.method;
            op.paths.retain(|p| !keys.contains(&format!("{} {}", method.as_str(), path_key(&p.segments))));
        }
    }
    // Each group takes its members' operations (in its order, primary
    // first) and the workloads its settlement gained; then the groups
    // merge on their own, in parallel.
    let work: Vec<(usize, usize, Vec<Operation>, Vec<String>)> = groups
        .members
        .into_iter()
        .map(|(g, list)| (g, list[0], list.iter().filter_map(|&i| ops[i].take()).collect(), settled.gained_workloads.remove(&g).unwrap_or_default()))
        .collect();
    let merged: Vec<(usize, usize, Merging, Diagnostics)> = work
        .into_par_iter()
        .filter_map(|(g, primary, members, gained)| {
            let mut local = Diagnostics::default();
            let merging = merge_group(members, gained, types, held, &mut local)?;
            Some((g, primary, merging, local))
        })
        .collect();
    // Keyed by group.
    let mut out: BTreeMap<usize, Merging> = BTreeMap::new();
    let mut emptied: Vec<(usize, Merging)> = Vec::new();
    for (g, primary, merging, local) in merged {
        diags.extend(local);
        if merging.op.paths.is_empty() {
            emptied.push((primary, merging));
        } else {
            out.insert(g, merging);
        }
    }
    // An operation left with no path: its page is named by the operation
    // that serves its paths (which its workloads already enable).
    for (primary, gone) in emptied {
        if let Some(winner) = settled.lost_to.get(&primary).and_then(|w| out.get_mut(w)) {
            winner.note_source(gone.op.source);
            for s in gone.op.merged_from {
                winner.note_source(s);
            }
        }
    }
    out.into_values().map(Merging::finish).collect()
}

/// One group's operations (primary first) merged into one; `gained`: the
/// workloads of the operations that gave up paths to it. `None` for an
/// empty group.
fn merge_group(mut members: Vec<Operation>, gained: Vec<String>, types: &BTreeMap<String, TypeDef>, held: &Held, diags: &mut Diagnostics) -> Option<Merging> {
    let widened = shared_response(&members, types, held);
    if let Some(base) = &widened {
        // The variants' page that describes the base itself, if one of
        // the best ranked does, speaks for the endpoint.
        let rank = |op: &Operation| own_page::operation_rank(&op.source.file, &op.workloads);
        let first = rank(members.first()?);
        if let Some(at) = members.iter().position(|op| rank(op) == first && op.response.ty.as_ref() == Some(base) && !op.paths.is_empty()) {
            members[..=at].rotate_right(1);
        }
    }
    let mut taken = members.into_iter();
    let mut merging = Merging::new(taken.next()?);
    for other in taken {
        if other.paths.is_empty() {
            // Every path went to another operation: its page and
            // workloads stay with the ones it agrees with.
            merging.op.workloads.extend(other.workloads);
            merging.note_source(other.source);
            continue;
        }
        absorb(&mut merging, other, types, widened.is_none(), diags);
    }
    let op = &mut merging.op;
    if let Some(ty) = widened.filter(|ty| op.response.ty.as_ref() != Some(ty)) {
        if matches!(op.kind, OperationKind::Create | OperationKind::Update) && matches!(op.body, Some(RequestBody::Resource { .. } | RequestBody::Parameters { .. })) {
            op.body = Some(RequestBody::Resource { ty: TypeRef { target: ty.target.clone(), collection: false } });
        }
        op.response.ty = Some(ty);
    }
    op.workloads.extend(gained);
    Some(merging)
}

/// The variants of one polymorphic endpoint answer with (and a create or
/// update of it sends) the base they share, when the primary's paths hold
/// it. `None` when the group's responses are one already.
fn shared_response(members: &[Operation], types: &BTreeMap<String, TypeDef>, held: &Held) -> Option<TypeRef> {
    let responses: Vec<Option<&TypeRef>> = members.iter().map(|op| op.response.ty.as_ref()).collect();
    let first = responses.first()?.as_deref()?.clone();
    let shared = responses[1..].iter().flatten().try_fold(first, |acc, ty| {
        if acc == **ty {
            return Some(acc);
        }
        shared_base(types, &acc, ty).map(|q| TypeRef { target: TypeTarget::Named(q), collection: acc.collection })
    })?;
    // The primary's own response (a group of one, or of one answer) is no widening.
    if Some(&shared) == responses[0] {
        return None;
    }
    let primary = &members[0];
    let TypeTarget::Named(q) = &shared.target else { return None };
    let held_by_a_path = primary.paths.iter().any(|p| path_holds(held, &endpoint_key(primary, p), q));
    held_by_a_path.then_some(shared)
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// An operation while others join it (examples gathered, then shared once).
struct Merging {
    op: Operation,
    examples: Option<Vec<Example>>,
}

impl Merging {
    fn new(op: Operation) -> Merging {
        Merging { op, examples: None }
    }

    fn note_source(&mut self, source: Source) {
        if source != self.op.source && !self.op.merged_from.contains(&source) {
            self.op.merged_from.push(source);
        }
    }

    fn finish(mut self) -> Operation {
        if let Some(examples) = self.examples {
            self.op.examples = Arc::new(examples);
        }
        self.op.workloads.sort();
        self.op.workloads.dedup();
        self.op
    }
}

/// A list of examples to extend: taken whole from its one owner (the page
/// read it for this operation alone), copied only when shared.
fn owned(examples: Arc<Vec<Example>>) -> Vec<Example> {
    Arc::try_unwrap(examples).unwrap_or_else(|shared| shared.as_ref().clone())
}

/// Join `other` into the operation being merged. `check_bodies`: report
/// bodies that disagree (not for the variants of a polymorphic endpoint,
/// whose bodies are each one variant).
fn absorb(target: &mut Merging, other: Operation, types: &BTreeMap<String, TypeDef>, check_bodies: bool, diags: &mut Diagnostics) {
    let primary = &mut target.op;
    let endpoint = format!("{} {}", primary.method.as_str(), primary.paths.first().map_or("", |p| p.raw.as_str()));
    let at = format!("{}:{}", primary.source.file, primary.source.line);
    let mut disagree = |what: &str, theirs: String, ours: String| {
        diags.report(
            &other.source.file,
            other.source.line,
            DiagnosticKind::PagesDisagree,
            format!("`{endpoint}`: {what} is {theirs} here but {ours} at {at} (the primary page of this endpoint), which is kept"),
        );
    };
    if primary.description.is_empty() {
        primary.description = other.description.clone();
    }
    let known: BTreeSet<String> = primary.paths.iter().map(|p| path_key(&p.segments)).collect();
    for path in other.paths {
        if !known.contains(&path_key(&path.segments)) {
            primary.paths.push(path);
        }
    }
    merge_permissions(&mut primary.permissions, other.permissions);
    for h in other.headers {
        if !primary.headers.iter().any(|k: &HeaderParam| k.name.eq_ignore_ascii_case(&h.name)) {
            primary.headers.push(h);
        }
    }
    // Each page's statement stands: what one lists is supported, what one
    // says is not stays unsupported.
    primary.query_options_said = primary.query_options_said.most_specific(other.query_options_said);
    primary.query_options.extend(other.query_options);
    primary.query_options_unsupported.extend(other.query_options_unsupported);
    let unsupported = primary.query_options_unsupported.clone();
    primary.query_options.retain(|o| !unsupported.contains(o));
    for list in [&mut primary.query_options, &mut primary.query_options_unsupported] {
        list.sort();
        list.dedup();
    }
    match (&mut primary.body, other.body) {
        (ours @ None, theirs) => *ours = theirs,
        (Some(RequestBody::Parameters { params: ours }), Some(RequestBody::Parameters { params: theirs })) => {
            if same_where_shared(ours, &theirs) {
                union_params(ours, theirs);
            } else if check_bodies {
                let shown = show_params(ours);
                disagree("the request body", show_params(&theirs), shown);
            }
        }
        (Some(ours), Some(theirs)) => {
            if check_bodies && !bodies_agree(ours, &theirs, types) {
                disagree("the request body", show_body(&theirs), show_body(ours));
            }
        }
        (Some(_), None) => {}
    }
    if primary.parameters.is_empty() {
        primary.parameters = other.parameters;
    } else if same_where_shared(&primary.parameters, &other.parameters) {
        union_params(&mut primary.parameters, other.parameters);
    } else {
        disagree("the function's parameter list", show_params(&other.parameters), show_params(&primary.parameters));
    }
    // The responses are one: operations that disagree on it are never merged.
    target.examples.get_or_insert_with(|| owned(std::mem::take(&mut primary.examples))).extend(owned(other.examples));
    primary.workloads.extend(other.workloads);
    for source in std::iter::once(other.source).chain(other.merged_from) {
        if !primary.merged_from.contains(&source) {
            primary.merged_from.push(source);
        }
    }
}

/// The nearest type both references' types are or derive from, when both
/// name structured types and agree on collection-ness.
fn shared_base(types: &BTreeMap<String, TypeDef>, a: &TypeRef, b: &TypeRef) -> Option<String> {
    let (TypeTarget::Named(x), TypeTarget::Named(y)) = (&a.target, &b.target) else { return None };
    if a.collection != b.collection {
        return None;
    }
    shared_in_lineages(types, a, b, &lineage(types, x), &lineage(types, y)).map(str::to_owned)
}

/// [`shared_base`] given both types' lineages (empty for a type that is not named).
fn shared_in_lineages<'t>(types: &BTreeMap<String, TypeDef>, a: &TypeRef, b: &TypeRef, ours: &[&'t str], theirs: &[&'t str]) -> Option<&'t str> {
    if !matches!((&a.target, &b.target), (TypeTarget::Named(_), TypeTarget::Named(_))) || a.collection != b.collection {
        return None;
    }
    let shared = ours.iter().find(|t| theirs.contains(t))?;
    types.get(*shared).filter(|t| t.kind != TypeKind::Enum).map(|_| *shared)
}

/// For each property name (lowercase), the types properties of that name hold.
type Held = BTreeMap<String, BTreeSet<String>>;

fn held_types(types: &BTreeMap<String, TypeDef>) -> Held {
    let mut held: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in types.values().flat_map(|t| &t.properties) {
        if let TypeTarget::Named(q) = &p.ty.target {
            held.entry(p.name.to_ascii_lowercase()).or_default().insert(q.clone());
        }
    }
    held
}

/// Whether the last name of an endpoint's path (`GET /a/mobileApps/{}` ->
/// `mobileapps`) is a property that holds `q`: the path addresses `q`s.
fn path_holds(held: &Held, key: &str, q: &str) -> bool {
    held_at(held, key).is_some_and(|qs| qs.contains(q))
}

/// The types the property named by the last name of an endpoint's path holds.
fn held_at<'h>(held: &'h Held, key: &str) -> Option<&'h BTreeSet<String>> {
    let path = key.split_once(' ').map_or(key, |(_, p)| p);
    let last_name = path.rsplit('/').find(|s| !s.is_empty() && *s != "{}");
    last_name.and_then(|n| held.get(n))
}

/// A type and its ancestors, nearest first (borrowed: this runs for every
/// pair of pages describing one endpoint).
fn lineage<'t>(types: &'t BTreeMap<String, TypeDef>, q: &'t str) -> Vec<&'t str> {
    let mut out = vec![q];
    while let Some(base) = types.get(*out.last().expect("non-empty")).and_then(|t| t.base_type.as_deref()) {
        if out.contains(&base) {
            break;
        }
        out.push(base);
    }
    out
}

/// Two parameter tables of one endpoint agree when the names they share
/// (without case) have one type; each may list only some of them.
fn same_where_shared(ours: &[Parameter], theirs: &[Parameter]) -> bool {
    theirs.iter().all(|t| ours.iter().find(|o| o.name.eq_ignore_ascii_case(&t.name)).is_none_or(|o| o.ty == t.ty))
}

fn union_params(ours: &mut Vec<Parameter>, theirs: Vec<Parameter>) {
    for t in theirs {
        if !ours.iter().any(|o| o.name.eq_ignore_ascii_case(&t.name)) {
            ours.push(t);
        }
    }
}

/// Bodies of other kinds agree when they send the same thing: one
/// resource type, binary content, a reference; or a resource and a table
/// of that resource's properties (a write of some of them).
fn bodies_agree(a: &RequestBody, b: &RequestBody, types: &BTreeMap<String, TypeDef>) -> bool {
    match (a, b) {
        (RequestBody::Resource { ty: x }, RequestBody::Resource { ty: y }) => x == y,
        (RequestBody::Resource { ty }, RequestBody::Parameters { params }) | (RequestBody::Parameters { params }, RequestBody::Resource { ty }) => {
            let TypeTarget::Named(q) = &ty.target else { return false };
            !ty.collection && params.iter().all(|p| has_property(types, q, &p.name))
        }
        (RequestBody::Binary, RequestBody::Binary) | (RequestBody::Reference, RequestBody::Reference) => true,
        _ => false,
    }
}

/// The type or one of its ancestors has the property (without case).
fn has_property(types: &BTreeMap<String, TypeDef>, q: &str, name: &str) -> bool {
    let mut current = types.get(q);
    let mut steps = 0;
    while let Some(t) = current {
        if t.properties.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
            return true;
        }
        steps += 1;
        // Base chains are acyclic by now; the bound is a second guard.
        current = t.base_type.as_ref().filter(|_| steps < 64).and_then(|b| types.get(b));
    }
    false
}

/// Scopes of each kind (and scenario): the union, in order of first
/// mention; a scope one page calls least privileged and another higher
/// stays where it was first put. A kind one page says is not supported
/// and another gives scopes for takes the scopes.
fn merge_permissions(ours: &mut Vec<Permission>, theirs: Vec<Permission>) {
    for p in theirs {
        match ours.iter_mut().find(|o| o.kind == p.kind && o.scenario == p.scenario) {
            Some(o) => {
                let has_scopes = !p.least.is_empty() || !p.higher.is_empty();
                if o.not_supported && has_scopes {
                    o.not_supported = false;
                }
                for scope in p.least {
                    if !o.scopes().any(|s| s == scope) {
                        o.least.push(scope);
                    }
                }
                for scope in p.higher {
                    if !o.scopes().any(|s| s == scope) {
                        o.higher.push(scope);
                    }
                }
            }
            None => ours.push(p),
        }
    }
}

fn show_body(body: &RequestBody) -> String {
    match body {
        RequestBody::Parameters { params } => format!("the parameters {}", show_params(params)),
        RequestBody::Resource { ty } => format!("a {}", show_type(ty)),
        RequestBody::Binary => "binary content".to_owned(),
        RequestBody::Reference => "an entity reference".to_owned(),
    }
}

fn show_params(params: &[Parameter]) -> String {
    let shown: Vec<String> = params.iter().map(|p| format!("{}: {}", p.name, show_type(&p.ty))).collect();
    format!("({})", shown.join(", "))
}

fn show_type(ty: &TypeRef) -> String {
    let base = match &ty.target {
        TypeTarget::Primitive(p) => format!("{p:?}"),
        TypeTarget::Named(q) => q.clone(),
    };
    if ty.collection {
        format!("`{base}` collection")
    } else {
        format!("`{base}`")
    }
}
