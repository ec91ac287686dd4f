//! Types, properties and enums: the schema's against the metadata's.
//!
//! Types are paired by qualified name (letter case aside), then, among the
//! rest, by a short name only one type on each side has (`type-name`: the
//! docs put it in another namespace). Properties are compared over each
//! side's own base chain, so a property listed on a base on one side and
//! on the type on the other agrees, and a wrong base is one `base-type`
//! disagreement rather than one per inherited property.

use super::csdl::{MetaKind, MetaRef, MetaType, Metadata};
use super::{Disagreement, Inputs, Judgement, Kind, Tally, Verdict};
use crate::schema::{Primitive, Property, TypeDef, TypeKind, TypeRef, TypeTarget};
use std::collections::{BTreeMap, BTreeSet};

/// What the type comparison found, for the operations and the summary.
pub struct TypeComparison {
    /// Schema qualified name to the metadata's, for every paired type.
    pub schema_to_metadata: BTreeMap<String, String>,
    pub types: Tally,
    pub properties: Tally,
    pub enum_members: Tally,
}

/// A schema type reference in the metadata's notation, through the pairing.
pub fn meta_ref(ty: &TypeRef, pairing: &BTreeMap<String, String>) -> MetaRef {
    let name = match &ty.target {
        TypeTarget::Primitive(Primitive::Json) => "Edm.Untyped".to_string(),
        TypeTarget::Primitive(p) => format!("Edm.{p:?}"),
        TypeTarget::Named(q) => pairing.get(q).cloned().unwrap_or_else(|| q.clone()),
    };
    MetaRef { name, collection: ty.collection }
}

/// Whether the docs' type agrees with the metadata's: the same name and
/// collection-ness, or untyped JSON where the metadata names a complex type
/// that declares no property at all (its stand-in for free-form JSON).
pub fn agrees(meta: &Metadata, docs: &MetaRef, want: &MetaRef) -> bool {
    if docs.collection != want.collection {
        return false;
    }
    if docs.name.eq_ignore_ascii_case(&want.name) {
        return true;
    }
    let ancestry = meta.ancestry(&want.name);
    docs.name == "Edm.Untyped" && !ancestry.is_empty() && ancestry[0].kind == MetaKind::Complex && ancestry.iter().all(|t| t.properties.is_empty())
}

fn kind_name(kind: TypeKind) -> &'static str {
    match kind {
        TypeKind::Entity => "entity",
        TypeKind::Complex => "complex",
        TypeKind::Enum => "enum",
    }
}

fn same_kind(schema: TypeKind, meta: MetaKind) -> bool {
    matches!((schema, meta), (TypeKind::Entity, MetaKind::Entity) | (TypeKind::Complex, MetaKind::Complex) | (TypeKind::Enum, MetaKind::Enum))
}

struct Out<'a, 'i> {
    inputs: &'a Inputs<'i>,
    found: &'a mut Vec<Disagreement>,
}

impl Out<'_, '_> {
    fn meta_at(&self, line: u32) -> String {
        format!("{}:{line}", self.inputs.metadata_file)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(&mut self, file: &str, line: u32, kind: Kind, subject: String, docs: String, metadata: String, judgement: Judgement) {
        self.found.push(Disagreement { file: file.to_string(), line, kind, subject, docs, metadata, judgement });
    }
}

/// Pair the types of both sides.
fn pair(schema: &BTreeMap<String, TypeDef>, meta: &BTreeMap<String, MetaType>) -> BTreeMap<String, String> {
    let meta_by_lower: BTreeMap<String, &String> = meta.keys().map(|k| (k.to_ascii_lowercase(), k)).collect();
    let mut pairing = BTreeMap::new();
    for q in schema.keys() {
        if let Some(m) = meta_by_lower.get(&q.to_ascii_lowercase()) {
            pairing.insert(q.clone(), (*m).clone());
        }
    }
    let taken: BTreeSet<&String> = pairing.values().collect();
    let short = |q: &str| q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase();
    let mut meta_short: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for m in meta.keys().filter(|m| !taken.contains(m)) {
        meta_short.entry(short(m)).or_default().push(m);
    }
    let mut schema_short: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for q in schema.keys().filter(|q| !pairing.contains_key(*q)) {
        schema_short.entry(short(q)).or_default().push(q);
    }
    for (name, qs) in schema_short {
        if let (1, Some(ms)) = (qs.len(), meta_short.get(&name)) {
            if ms.len() == 1 {
                pairing.insert(qs[0].clone(), ms[0].clone());
            }
        }
    }
    pairing
}

/// A schema type's properties with its bases', nearest first (by name).
pub fn schema_properties<'s>(types: &'s BTreeMap<String, TypeDef>, q: &str) -> Vec<&'s Property> {
    let mut out: Vec<&Property> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut next = types.get(q);
    while let Some(t) = next {
        if !seen.insert(t.qualified_name()) {
            break;
        }
        out.extend(&t.properties);
        next = t.base_type.as_deref().and_then(|b| types.get(b));
    }
    out
}

pub fn compare(inputs: &Inputs, found: &mut Vec<Disagreement>) -> TypeComparison {
    let schema = &inputs.schema.types;
    let meta = &inputs.metadata.types;
    let pairing = pair(schema, meta);
    let paired_meta: BTreeSet<&String> = pairing.values().collect();
    let mut out = Out { inputs, found };
    let mut result = TypeComparison { schema_to_metadata: BTreeMap::new(), types: Tally::default(), properties: Tally::default(), enum_members: Tally::default() };

    for (mq, m) in meta.iter().filter(|(mq, _)| !paired_meta.contains(mq)) {
        result.types.of += 1;
        let judgement = inputs.evidence.type_described(mq, m.kind);
        let (file, line) = match &judgement.quote {
            Some(q) => (q.file.clone(), q.line),
            None => (inputs.metadata_file.to_string(), m.line),
        };
        let metadata = format!("{} type {mq} ({})", m.kind.as_str(), out.meta_at(m.line));
        out.push(&file, line, Kind::MissingType, mq.clone(), "no such type".into(), metadata, judgement);
    }
    for (sq, s) in schema.iter().filter(|(sq, _)| !pairing.contains_key(*sq)) {
        result.types.of += 1;
        let judgement = inputs.evidence.type_invented(sq);
        let docs = format!("{} type {sq}", kind_name(s.kind));
        out.push(&s.source.file, s.source.line, Kind::ExtraType, sq.clone(), docs, "no such type".into(), judgement);
    }
    for (sq, mq) in &pairing {
        let (s, m) = (&schema[sq], &meta[mq]);
        let pages = inputs.evidence.pages_of(&[mq, sq], &[&s.source.file]);
        let (file, line) = (s.source.file.as_str(), s.source.line);
        result.types.of += 1;
        let mut agrees = true;
        if sq != mq {
            agrees = false;
            let judgement = name_judgement(inputs, &pages, mq, sq.eq_ignore_ascii_case(mq));
            out.push(file, line, Kind::TypeName, sq.clone(), format!("type {sq}"), format!("type {mq} ({})", out.meta_at(m.line)), judgement);
        }
        if !same_kind(s.kind, m.kind) {
            agrees = false;
            let judgement = inputs.evidence.type_kind(&pages, mq, m.kind, s.kind);
            let metadata = format!("{} ({})", m.kind.as_str(), out.meta_at(m.line));
            out.push(file, line, Kind::TypeKind, mq.clone(), kind_name(s.kind).into(), metadata, judgement);
        }
        if agrees {
            result.types.agree += 1;
        }
        if m.kind == MetaKind::Enum && s.kind == TypeKind::Enum {
            compare_members(&mut out, s, m, &mut result.enum_members);
        } else if m.kind != MetaKind::Enum && s.kind != TypeKind::Enum {
            compare_structure(&mut out, &pairing, &pages, s, m);
            compare_properties(&mut out, &pairing, &pages, s, m, &mut result.properties);
        }
    }
    result.schema_to_metadata = pairing;
    result
}

/// A type under another name: a misread when a page spells the metadata's
/// name letter for letter (its resource annotation, or its title for a
/// difference of case only) or states the metadata's namespace.
fn name_judgement(inputs: &Inputs, pages: &[usize], mq: &str, case_only: bool) -> Judgement {
    let (ns, short) = mq.rsplit_once('.').unwrap_or(("", mq));
    let judgement = |verdict, reason: &str, file: &str, line, text: String| Judgement {
        verdict,
        reason: reason.into(),
        quote: Some(super::Quote { file: file.to_string(), line, text }),
    };
    let mut first_title = None;
    for &p in pages {
        let page = &inputs.evidence.index.pages[p];
        if let Some(a) = page.annotations.iter().find(|a| a.string("@odata.type").is_some_and(|o| o == mq)) {
            return judgement(Verdict::Misread, "the page's annotation names it as the metadata does", &page.path, a.line, a.text.trim().to_string());
        }
        if let Some(t) = page.title() {
            if case_only && t.text.split_whitespace().next() == Some(short) {
                return judgement(Verdict::Misread, "the page's title spells it as the metadata does", &page.path, t.line, t.text.clone());
            }
            first_title.get_or_insert((page.path.as_str(), t.line, t.text.clone()));
        }
        if !case_only && page.namespace.as_deref() == Some(ns) {
            let line = page.title().map(|t| t.line).unwrap_or(1);
            return judgement(Verdict::Misread, "the page states the metadata's namespace", &page.path, line, format!("Namespace: {ns}"));
        }
    }
    match first_title {
        Some((file, line, text)) => judgement(Verdict::DocsDiffer, "the page names it otherwise", file, line, text),
        None => Judgement { verdict: Verdict::DocsDiffer, reason: "no page names it as the metadata does".into(), quote: None },
    }
}

/// Base type, abstract, open.
fn compare_structure(out: &mut Out, pairing: &BTreeMap<String, String>, pages: &[usize], s: &TypeDef, m: &MetaType) {
    let evidence = out.inputs.evidence;
    let (file, line, mq) = (s.source.file.as_str(), s.source.line, m.qualified());
    let schema_base = s.base_type.as_ref().map(|b| pairing.get(b).cloned().unwrap_or_else(|| b.clone()));
    if !schema_base.as_deref().unwrap_or("").eq_ignore_ascii_case(m.base.as_deref().unwrap_or("")) {
        let judgement = evidence.base(pages, m.base.as_deref(), schema_base.as_deref());
        let docs = schema_base.clone().unwrap_or_else(|| "no base type".into());
        let metadata = format!("{} ({})", m.base.clone().unwrap_or_else(|| "no base type".into()), out.meta_at(m.line));
        out.push(file, line, Kind::BaseType, mq.clone(), docs, metadata, judgement);
    }
    for (abstract_flag, docs, meta, kind) in [(true, s.is_abstract, m.is_abstract, Kind::Abstract), (false, s.open_type, m.open, Kind::OpenType)] {
        if docs != meta {
            let judgement = evidence.flag(pages, abstract_flag, meta);
            let word = if abstract_flag { "abstract" } else { "open" };
            let say = |v: bool| if v { word.to_string() } else { format!("not {word}") };
            let metadata = format!("{} ({})", say(meta), out.meta_at(m.line));
            out.push(file, line, kind, mq.clone(), say(docs), metadata, judgement);
        }
    }
}

fn compare_properties(out: &mut Out, pairing: &BTreeMap<String, String>, pages: &[usize], s: &TypeDef, m: &MetaType, tally: &mut Tally) {
    let evidence = out.inputs.evidence;
    let metadata = out.inputs.metadata;
    let schema_props = schema_properties(&out.inputs.schema.types, &s.qualified_name());
    let mq = m.qualified();
    let documented = |name: &str| {
        !name.starts_with("Edm.")
            && (out.inputs.schema.types.contains_key(name)
                || pairing.values().any(|v| v == name)
                || !evidence.index.type_pages(name).is_empty()
                || !evidence.enum_sections(name).is_empty())
    };
    for mp in &m.properties {
        tally.of += 1;
        let subject = format!("{mq}.{}", mp.name);
        let meta_says = format!("{}{} ({})", mp.ty, if mp.navigation { ", navigation" } else { "" }, out.meta_at(mp.line));
        let exact = schema_props.iter().find(|p| p.name == mp.name);
        let Some(sp) = exact.or_else(|| schema_props.iter().find(|p| p.name.eq_ignore_ascii_case(&mp.name))) else {
            let judgement = evidence.property_missing(pages, &mp.name);
            out.push(&s.source.file, s.source.line, Kind::MissingProperty, subject, "no such property".into(), meta_says, judgement);
            continue;
        };
        let (file, line) = (sp.source.file.as_str(), sp.source.line);
        let sref = meta_ref(&sp.ty, pairing);
        let mut agreed = true;
        if sp.name != mp.name {
            agreed = false;
            let judgement = evidence.property_name_case(pages, &mp.name);
            out.push(file, line, Kind::PropertyNameCase, subject.clone(), sp.name.clone(), format!("{} ({})", mp.name, out.meta_at(mp.line)), judgement);
        }
        if !agrees(metadata, &sref, &mp.ty) {
            agreed = false;
            let kind = if sref.name.eq_ignore_ascii_case(&mp.ty.name) { Kind::PropertyCollection } else { Kind::PropertyType };
            let meta_documented = mp.ty.is_primitive() || documented(&mp.ty.name);
            let judgement = evidence.property_type(pages, &sp.name, &mp.ty, &sref, meta_documented);
            out.push(file, line, kind, subject.clone(), sref.to_string(), meta_says.clone(), judgement);
        }
        if sp.navigation != mp.navigation {
            let judgement = evidence.navigation(pages, &sp.name, mp.navigation);
            let say = |nav: bool| if nav { "a navigation property" } else { "a structural property" };
            out.push(file, line, Kind::Navigation, subject.clone(), say(sp.navigation).into(), format!("{} ({})", say(mp.navigation), out.meta_at(mp.line)), judgement);
        }
        if agreed {
            tally.agree += 1;
        }
    }
    for sp in &s.properties {
        let known = metadata.ancestry(&mq).iter().any(|t| t.properties.iter().any(|p| p.name.eq_ignore_ascii_case(&sp.name)));
        // Listed in the disagreements, not in the rate: the rate is over
        // what the service has.
        if !known {
            let judgement = evidence.property_extra(pages, &sp.name);
            let docs = format!("{}{}", meta_ref(&sp.ty, pairing), if sp.navigation { ", navigation" } else { "" });
            out.push(&sp.source.file, sp.source.line, Kind::ExtraProperty, format!("{mq}.{}", sp.name), docs, "no such property".into(), judgement);
        }
    }
}

fn compare_members(out: &mut Out, s: &TypeDef, m: &MetaType, tally: &mut Tally) {
    let evidence = out.inputs.evidence;
    let mq = m.qualified();
    let sections = evidence.enum_sections(&mq);
    for mm in &m.members {
        tally.of += 1;
        let subject = format!("{mq}.{}", mm.name);
        let Some(sm) = s.members.iter().find(|x| x.name == mm.name) else {
            let judgement = evidence.member_missing(&sections, &mm.name);
            let metadata = format!("member {} ({})", mm.name, out.meta_at(mm.line));
            out.push(&s.source.file, s.source.line, Kind::MissingEnumMember, subject, "no such member".into(), metadata, judgement);
            continue;
        };
        if sm.value.is_some() && mm.value.is_some() && sm.value != mm.value {
            let judgement = evidence.member_value(&sections, &mm.name, mm.value, sm.value);
            let show = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            let metadata = format!("{} ({})", show(mm.value), out.meta_at(mm.line));
            out.push(&sm.source.file, sm.source.line, Kind::EnumValue, subject, show(sm.value), metadata, judgement);
            continue;
        }
        tally.agree += 1;
    }
    for sm in s.members.iter().filter(|sm| !m.members.iter().any(|mm| mm.name == sm.name)) {
        tally.of += 1;
        let judgement = evidence.member_extra(&sections, &sm.name);
        out.push(&sm.source.file, sm.source.line, Kind::ExtraEnumMember, format!("{mq}.{}", sm.name), format!("member {}", sm.name), "no such member".into(), judgement);
    }
    if s.flags != m.flags {
        let judgement = evidence.enum_flags(&sections, m.flags);
        let say = |f: bool| if f { "flags" } else { "not flags" };
        out.push(&s.source.file, s.source.line, Kind::EnumFlags, mq.clone(), say(s.flags).into(), format!("{} ({})", say(m.flags), out.meta_at(m.line)), judgement);
    }
}
