//! Actions and functions: the schema's operations against the metadata's.
//!
//! An operation of the docs is found in the metadata by the name its path
//! ends in and the type the rest of the path addresses, walked through the
//! metadata ([`super::metadata_paths`]): `POST /users/{id}/assignLicense`
//! is the `assignLicense` bound to `user` (or a base of it). Every overload
//! of the metadata is then either matched by some path of the docs or
//! missing; a matched one is compared by kind (action or function) and
//! parameters (name, type, collection-ness).

use super::compare_types::{agrees, meta_ref, schema_properties};
use super::csdl::{MetaOperation, MetaRef, OpKind};
use super::metadata_paths::{binds, operation_name, property_types, reach, reach_relative, steps, Step};
use super::{Disagreement, Inputs, Judgement, Kind, Quote, Tally, Verdict};
use crate::schema::{Operation, OperationKind, RequestBody, Segment, Source, TypeDef, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// A parameter as the docs' schema has it: its type when it has one (a call's
/// argument in a path has none).
struct DocsParameter {
    name: String,
    ty: Option<MetaRef>,
    source: Source,
    /// A property of the resource an action's body is said to be: it
    /// answers a parameter of that name, but the body struct holds every
    /// property as an optional field, so the ones the metadata lacks are
    /// no extra parameters.
    of_resource: bool,
}

/// How one path of a docs operation fares in the metadata.
enum PathMatch {
    /// The metadata overloads the path calls.
    Found(Vec<usize>),
    /// The path addresses a base of the type the overloads are bound to,
    /// without the cast OData needs (`/mobileApps/{id}/revokeDeviceLicense`
    /// for an action of `iosVppApp`, a kind of mobile app).
    Uncast(Vec<usize>, MetaRef),
    /// The path addresses a type the metadata has no such operation bound to.
    Unbound(MetaRef),
    /// The metadata cannot follow the path.
    Unknown,
}

struct Matcher<'a> {
    inputs: &'a Inputs<'a>,
    by_name: BTreeMap<String, Vec<usize>>,
    /// For relative paths: see [`reach_relative`].
    properties: BTreeMap<String, Option<MetaRef>>,
}

impl Matcher<'_> {
    fn ops(&self) -> &[MetaOperation] {
        &self.inputs.metadata.operations
    }

    /// The overloads a raw path calls (its last step's name, bound to what
    /// the rest of it reaches).
    fn path(&self, raw: &str) -> Option<(String, PathMatch)> {
        let steps = steps(raw);
        let (last, prefix) = steps.split_last()?;
        let name = operation_name(last)?.to_string();
        let candidates = self.by_name.get(&name.to_ascii_lowercase())?;
        if prefix.is_empty() {
            let found: Vec<usize> = candidates.iter().copied().filter(|&i| self.ops()[i].binding.is_none()).collect();
            return Some((name, if found.is_empty() { PathMatch::Unknown } else { PathMatch::Found(found) }));
        }
        if prefix.contains(&Step::Stop) {
            return None;
        }
        let reached = reach(self.inputs.metadata, prefix).or_else(|| reach_relative(self.inputs.metadata, &self.properties, prefix));
        let Some(reached) = reached else { return Some((name, PathMatch::Unknown)) };
        let found: Vec<usize> =
            candidates.iter().copied().filter(|&i| self.ops()[i].binding.as_ref().is_some_and(|b| binds(self.inputs.metadata, b, &reached))).collect();
        if !found.is_empty() {
            return Some((name, PathMatch::Found(found)));
        }
        let derived: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| self.ops()[i].binding.as_ref().is_some_and(|b| b.collection == reached.collection && self.inputs.metadata.derives_from(&b.name, &reached.name)))
            .collect();
        Some((name, if derived.is_empty() { PathMatch::Unbound(reached) } else { PathMatch::Uncast(derived, reached) }))
    }
}

fn is_call(kind: OperationKind) -> bool {
    matches!(kind, OperationKind::Action | OperationKind::Function)
}

fn kind_word(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::List => "list",
        OperationKind::Get => "get",
        OperationKind::Create => "create",
        OperationKind::Update => "update",
        OperationKind::Delete => "delete",
        OperationKind::Action => "action",
        OperationKind::Function => "function",
        OperationKind::Other => "other",
    }
}

fn same_kind(docs: OperationKind, meta: OpKind) -> bool {
    matches!((docs, meta), (OperationKind::Action, OpKind::Action) | (OperationKind::Function, OpKind::Function))
}

fn describe(op: &MetaOperation) -> String {
    let binding = op.binding.as_ref().map(|b| format!("bound to {b}")).unwrap_or_else(|| "unbound".into());
    let params: Vec<String> = op.parameters.iter().map(|p| format!("{}: {}", p.name, p.ty)).collect();
    format!("{} {}({}) {binding}", op.kind.as_str(), op.name, params.join(", "))
}

/// The parameters a docs operation has: its body's members, its function
/// parameters, and the arguments its paths' calls name. An action whose
/// body is one resource sends that resource's structural properties as
/// the body's members: on the wire they are its parameters (the
/// metadata's ones among them, see [`DocsParameter::of_resource`]).
fn docs_parameters(op: &Operation, types: &BTreeMap<String, TypeDef>, pairing: &BTreeMap<String, String>) -> Vec<DocsParameter> {
    let mut out: Vec<DocsParameter> = op
        .parameter_tables()
        .map(|p| DocsParameter { name: p.name.clone(), ty: Some(meta_ref(&p.ty, pairing)), source: p.source.clone(), of_resource: false })
        .collect();
    if let (OperationKind::Action, Some(RequestBody::Resource { ty })) = (op.kind, &op.body) {
        if let (false, TypeTarget::Named(q)) = (ty.collection, &ty.target) {
            for p in schema_properties(types, q).into_iter().filter(|p| !p.navigation) {
                if !out.iter().any(|d| d.name.eq_ignore_ascii_case(&p.name)) {
                    out.push(DocsParameter { name: p.name.clone(), ty: Some(meta_ref(&p.ty, pairing)), source: p.source.clone(), of_resource: true });
                }
            }
        }
    }
    for path in &op.paths {
        if let Some(Segment::Function { args, .. }) = path.segments.last() {
            for a in args {
                if !out.iter().any(|p| p.name.eq_ignore_ascii_case(&a.name)) {
                    out.push(DocsParameter { name: a.name.clone(), ty: None, source: path.source.clone(), of_resource: false });
                }
            }
        }
    }
    out
}

pub fn compare(inputs: &Inputs, pairing: &BTreeMap<String, String>, found: &mut Vec<Disagreement>) -> Tally {
    let meta = inputs.metadata;
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in meta.operations.iter().enumerate() {
        by_name.entry(op.name.to_ascii_lowercase()).or_default().push(i);
    }
    let matcher = Matcher { inputs, by_name, properties: property_types(meta) };
    let mut tally = Tally::default();
    // Metadata overload to the first docs operation that calls it.
    let mut matched: BTreeMap<usize, usize> = BTreeMap::new();
    let mut disagreeing: BTreeSet<usize> = BTreeSet::new();
    // Names of docs operations on a path the metadata binds them elsewhere.
    let mut misbound: BTreeMap<String, usize> = BTreeMap::new();
    let push = |found: &mut Vec<Disagreement>, source: &Source, kind: Kind, subject: String, docs: String, metadata: String, judgement: Judgement| {
        found.push(Disagreement { file: source.file.clone(), line: source.line, kind, subject, docs, metadata, judgement });
    };

    for (oi, op) in inputs.schema.operations.iter().enumerate() {
        let results: Vec<(String, PathMatch)> = op.paths.iter().filter_map(|p| matcher.path(&p.raw)).collect();
        let mut hits: Vec<usize> = results.iter().flat_map(|(_, m)| if let PathMatch::Found(f) = m { f.clone() } else { Vec::new() }).collect();
        let uncast = results.iter().find_map(|(_, m)| if let PathMatch::Uncast(f, at) = m { Some((f.clone(), at.clone())) } else { None });
        if !is_call(op.kind) && hits.is_empty() && uncast.is_none() {
            continue;
        }
        let files: Vec<&str> = std::iter::once(op.source.file.as_str()).chain(op.paths.iter().map(|p| p.source.file.as_str())).collect();
        let pages = inputs.evidence.pages_of(&[], &files);
        let name = results.first().map(|(n, _)| n.clone()).unwrap_or_else(|| op.name.clone());
        let meta_kind = if op.kind == OperationKind::Function { Kind::ExtraFunction } else { Kind::ExtraAction };
        if let (true, Some((overloads, at))) = (hits.is_empty(), &uncast) {
            let fresh: Vec<usize> = overloads.iter().copied().filter(|i| !matched.contains_key(i)).collect();
            if let Some(&i) = fresh.first() {
                let m = &meta.operations[i];
                let metadata = format!("{} ({}:{})", describe(m), inputs.metadata_file, m.line);
                let judgement = binding_judgement(&matcher, &pages, &name);
                push(found, &op.source, Kind::Binding, format!("{} {}", op.method.as_str(), op.paths[0].raw), format!("{name} bound to {at} (no cast)"), metadata, judgement);
                disagreeing.extend(&fresh);
            }
            hits.extend(overloads);
        }
        if hits.is_empty() {
            let unbound: Vec<&MetaRef> = results.iter().filter_map(|(_, m)| if let PathMatch::Unbound(r) = m { Some(r) } else { None }).collect();
            let overloads = matcher.by_name.get(&name.to_ascii_lowercase()).cloned().unwrap_or_default();
            if overloads.is_empty() {
                tally.of += 1;
                let judgement = extra_judgement(inputs, &pages, &op.name);
                push(found, &op.source, meta_kind, format!("{} {}", op.method.as_str(), op.paths[0].raw), format!("{} {}", kind_word(op.kind), op.name), "no such action or function".into(), judgement);
                continue;
            }
            if let Some(at) = unbound.first() {
                let bound_to: Vec<String> = overloads.iter().map(|&i| describe(&meta.operations[i])).collect();
                let metadata = format!("{} ({}:{})", bound_to.join("; "), inputs.metadata_file, meta.operations[overloads[0]].line);
                let judgement = binding_judgement(&matcher, &pages, &name);
                push(found, &op.source, Kind::Binding, format!("{} {}", op.method.as_str(), op.paths[0].raw), format!("{name} bound to {at}"), metadata, judgement);
                *misbound.entry(name.to_ascii_lowercase()).or_default() += 1;
                continue;
            }
            // The metadata cannot follow the path: the overload by name whose
            // parameters the docs' resemble most.
            let docs_params = docs_parameters(op, &inputs.schema.types, pairing);
            let overlap = |i: &usize| meta.operations[*i].parameters.iter().filter(|p| docs_params.iter().any(|d| d.name.eq_ignore_ascii_case(&p.name))).count();
            let best = overloads.iter().copied().filter(|i| !matched.contains_key(i)).max_by_key(|i| (overlap(i), std::cmp::Reverse(*i)));
            hits.extend(best);
            if hits.is_empty() {
                continue;
            }
        }
        hits.sort_unstable();
        hits.dedup();
        let fresh: Vec<usize> = hits.iter().copied().filter(|i| !matched.contains_key(i)).collect();
        for &i in &hits {
            matched.entry(i).or_insert(oi);
        }
        if fresh.is_empty() {
            continue;
        }
        let first = &meta.operations[fresh[0]];
        if !same_kind(op.kind, first.kind) {
            disagreeing.extend(&fresh);
            let judgement = kind_judgement(inputs, &pages, &name, first);
            let metadata = format!("{} ({}:{})", first.kind.as_str(), inputs.metadata_file, first.line);
            push(found, &op.source, Kind::OperationKind, format!("{} {}", op.method.as_str(), op.paths[0].raw), kind_word(op.kind).into(), metadata, judgement);
        }
        let docs_params = docs_parameters(op, &inputs.schema.types, pairing);
        for &i in &fresh {
            let m = &meta.operations[i];
            for mp in &m.parameters {
                let subject = format!("{}.{}({})", m.binding.as_ref().map(|b| b.name.as_str()).unwrap_or(""), m.name, mp.name);
                let metadata = format!("{}: {} ({}:{})", mp.name, mp.ty, inputs.metadata_file, m.line);
                let Some(dp) = docs_params.iter().find(|d| d.name.eq_ignore_ascii_case(&mp.name)) else {
                    disagreeing.insert(i);
                    let judgement = inputs.evidence.parameter_missing(&pages, &mp.name);
                    push(found, &op.source, Kind::MissingParameter, subject, "no such parameter".into(), metadata, judgement);
                    continue;
                };
                if let Some(ty) = dp.ty.as_ref().filter(|t| !agrees(meta, t, &mp.ty)) {
                    disagreeing.insert(i);
                    let judgement = inputs.evidence.parameter_type(&pages, &dp.name, &mp.ty, ty);
                    push(found, &dp.source, Kind::ParameterType, subject, format!("{}: {ty}", dp.name), metadata, judgement);
                }
            }
        }
        for dp in docs_params.iter().filter(|d| !d.of_resource).filter(|d| !hits.iter().any(|&i| meta.operations[i].parameters.iter().any(|p| p.name.eq_ignore_ascii_case(&d.name)))) {
            disagreeing.extend(&fresh);
            let judgement = inputs.evidence.parameter_extra(&pages, &dp.name);
            let shown = dp.ty.as_ref().map(|t| format!("{}: {t}", dp.name)).unwrap_or_else(|| dp.name.clone());
            push(found, &dp.source, Kind::ExtraParameter, format!("{}({})", first.name, dp.name), shown, format!("{} ({}:{})", describe(first), inputs.metadata_file, first.line), judgement);
        }
    }

    // The one overload a misbound docs operation stands for is that
    // `binding` disagreement, not also a missing operation.
    for (name, count) in &misbound {
        let unmatched: Vec<usize> = matcher.by_name[name].iter().copied().filter(|i| !matched.contains_key(i)).collect();
        if unmatched.len() == *count {
            for i in unmatched {
                matched.insert(i, usize::MAX);
                disagreeing.insert(i);
            }
        }
    }
    for (i, m) in meta.operations.iter().enumerate() {
        tally.of += 1;
        if matched.contains_key(&i) {
            if !disagreeing.contains(&i) {
                tally.agree += 1;
            }
            continue;
        }
        let judgement = missing_judgement(&matcher, i);
        let source = match &judgement.quote {
            Some(q) => Source { file: q.file.clone(), line: q.line },
            None => Source { file: inputs.metadata_file.to_string(), line: m.line },
        };
        let kind = if m.kind == OpKind::Action { Kind::MissingAction } else { Kind::MissingFunction };
        let subject = format!("{}{}", m.binding.as_ref().map(|b| format!("{b}/")).unwrap_or_default(), m.name);
        push(found, &source, kind, subject, "no such operation".into(), format!("{} ({}:{})", describe(m), inputs.metadata_file, m.line), judgement);
    }
    tally
}

fn judge(verdict: Verdict, reason: &str, quote: Option<Quote>) -> Judgement {
    Judgement { verdict, reason: reason.into(), quote }
}

/// The request lines on the given pages whose last segment is `name`.
fn request_quotes<'a>(inputs: &'a Inputs, pages: &'a [usize], name: &str) -> impl Iterator<Item = (Quote, &'a str)> + 'a {
    let index = &inputs.evidence.index;
    index.requests_named(name).iter().filter(move |r| pages.contains(&r.page)).map(move |r| {
        let text = format!("{} {}", r.method, r.url);
        (Quote { file: index.pages[r.page].path.clone(), line: r.line, text }, r.url.as_str())
    })
}

/// A docs action the metadata has under no binding: the page's request
/// line names it (docs differ), or graphgen made the name up (misread).
/// A request line whose last name is a property or collection of what the
/// rest of the line addresses (`POST /teams/{id}/schedule/openShifts`)
/// reads or writes that property: the page states a list, get or create
/// there, not an operation, so calling it one is a misread.
fn extra_judgement(inputs: &Inputs, pages: &[usize], name: &str) -> Judgement {
    let mut first = None;
    for (q, url) in request_quotes(inputs, pages, name) {
        let path = steps(url);
        let names_a_property = matches!(path.last(), Some(Step::Name(n)) if !n.contains('.')) && reach(inputs.metadata, &path).is_some();
        if names_a_property {
            return judge(Verdict::Misread, "the page's request line addresses a property of that name, not an operation", Some(q));
        }
        first.get_or_insert(q);
    }
    match first {
        Some(q) => judge(Verdict::DocsDiffer, "the page's request line calls it", Some(q)),
        None => judge(Verdict::Misread, "no request line on the page calls it", None),
    }
}

/// A docs action on a path whose type the metadata binds no such operation
/// to: misread when a request line of the page does reach a binding.
fn binding_judgement(matcher: &Matcher, pages: &[usize], name: &str) -> Judgement {
    let mut first = None;
    for (q, url) in request_quotes(matcher.inputs, pages, name) {
        if let Some((_, PathMatch::Found(_))) = matcher.path(url) {
            return judge(Verdict::Misread, "a request line of the page addresses the metadata's binding", Some(q));
        }
        first.get_or_insert(q);
    }
    judge(Verdict::DocsDiffer, "the page's request line addresses another type", first)
}

/// Action or function, by the page: its request line uses the method of
/// that kind (POST, GET) on a name that is no property of the type it is
/// bound to (no row of that type's pages names it), or the page calls it
/// an action or function in words.
fn kind_judgement(inputs: &Inputs, pages: &[usize], name: &str, meta: &MetaOperation) -> Judgement {
    let word = meta.kind.as_str();
    let index = &inputs.evidence.index;
    let in_words = pages.iter().map(|&p| &index.pages[p]).find_map(|page| {
        let title = page.title().filter(|t| t.text.to_ascii_lowercase().split_whitespace().any(|w| w == word));
        title.map(|t| Quote { file: page.path.clone(), line: t.line, text: t.text.clone() })
    });
    let binding_pages = meta.binding.as_ref().map(|b| inputs.evidence.pages_of(&[&b.name], &[])).unwrap_or_default();
    let a_property = inputs.evidence.lists_property(&binding_pages, name);
    let mut other = None;
    for (q, _) in request_quotes(inputs, pages, name) {
        let method = q.text.split_whitespace().next().unwrap_or("");
        let method_fits = match meta.kind {
            OpKind::Action => method == "POST",
            OpKind::Function => method == "GET",
        };
        if method_fits && (in_words.is_some() || !a_property) {
            let reason = if in_words.is_some() { format!("the page calls it {word} and requests it with {method}") } else { format!("the page requests it with {method}, and no page of the type it is bound to lists a property of that name") };
            return judge(Verdict::Misread, &reason, in_words.or(Some(q)));
        }
        other.get_or_insert(q);
    }
    judge(Verdict::DocsDiffer, "the page's request reads as another kind", other)
}

/// A metadata overload no docs operation calls: misread when some page's
/// request line calls it on the type it is bound to.
fn missing_judgement(matcher: &Matcher, i: usize) -> Judgement {
    let m = &matcher.ops()[i];
    let index = &matcher.inputs.evidence.index;
    for r in index.requests_named(&m.name) {
        if let Some((_, PathMatch::Found(found))) = matcher.path(&r.url) {
            if found.contains(&i) {
                let q = Quote { file: index.pages[r.page].path.clone(), line: r.line, text: format!("{} {}", r.method, r.url) };
                return judge(Verdict::Misread, "a page's request line calls it", Some(q));
            }
        }
    }
    judge(Verdict::DocsDiffer, "no page's request line calls it", None)
}
