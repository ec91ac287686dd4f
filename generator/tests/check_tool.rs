//! `graphgen check` on hand-made docs and metadata (`tests/check/`): every
//! kind of disagreement, each with both verdicts.
//!
//! The pages in `tests/check/docs` and `tests/check/metadata.xml` are written
//! so that the pages and the metadata disagree where a docs author would
//! have to act ("docs differ"). The "misread" cases need a schema stage that
//! reads a page wrong; rather than depend on today's schema stage getting
//! things wrong (other work fixes it), [`misread`] edits the schema built
//! from the pages exactly as a misreading stage would (drops a row the
//! page has, loses a base the prose states, ...). The verdicts must then
//! come from the raw page text alone, which is what these tests check.

use graphgen::check::{self, csdl, Kind, Verdict};
use graphgen::schema::{OperationKind, Primitive, Property, RequestBody, Schema, TypeKind, TypeRef, TypeTarget};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/check"))
}

fn metadata() -> csdl::Metadata {
    csdl::read(&std::fs::read_to_string(fixture().join("metadata.xml")).unwrap()).unwrap()
}

fn schema() -> Schema {
    graphgen::pipeline::load(&fixture().join("docs")).unwrap().schema
}

/// The schema as a stage that misread the pages would build it: each edit
/// contradicts something a page states in plain text.
fn misread(mut schema: Schema) -> Schema {
    let t = &mut schema.types;
    let widget = t.get_mut("microsoft.graph.widget").unwrap();
    widget.base_type = None; // "Inherits from [entity](entity.md)."
    widget.open_type = false; // "This resource is an open type."
    widget.properties.retain(|p| p.name != "serialNumber"); // listed by widgetshop.md only
    let phantom = Property { name: "phantom".into(), description: String::new(), navigation: false, ..widget.properties[0].clone() };
    widget.properties.push(phantom); // no page lists it
    for p in &mut widget.properties {
        match p.name.as_str() {
            "price" => p.ty = TypeRef { target: TypeTarget::Primitive(Primitive::Double), collection: false }, // "| price | Decimal |"
            "tags" => p.ty.collection = false,                                                                   // "| tags | String collection |"
            "modelCode" => p.name = "ModelCode".into(),                                                          // "| modelCode |"
            "parts" => p.navigation = false,                                                                     // a Relationships row
            _ => {}
        }
    }
    t.get_mut("microsoft.graph.gadget").unwrap().is_abstract = false; // "This is an abstract type."
    t.get_mut("microsoft.graph.person").unwrap().kind = TypeKind::Complex; // "keyProperty": "id"
    t.remove("microsoft.graph.sprocket"); // "# sprocket resource type"
    let mut working = t["microsoft.graph.doohickey"].clone();
    working.name = "Working".into(); // a name no title or annotation gives
    t.insert("microsoft.graph.Working".into(), working);
    let mut vehicle = t.remove("microsoft.graph.fleet.vehicle").unwrap();
    vehicle.namespace = "microsoft.graph".into(); // the annotation says microsoft.graph.fleet.vehicle
    t.insert("microsoft.graph.vehicle".into(), vehicle);
    let color = t.get_mut("microsoft.graph.color").unwrap();
    color.members.iter_mut().filter(|m| m.name == "yellow").for_each(|m| m.value = Some(8)); // "| yellow | 2 |"
    color.members.retain(|m| m.name != "orange"); // "| orange | 5 |"
    let mut ghost = color.members[0].clone();
    ghost.name = "ghost".into(); // no row lists it
    color.members.push(ghost);
    t.get_mut("microsoft.graph.access").unwrap().flags = false; // "The values combine as flags."

    let ops = &mut schema.operations;
    let activate = ops.iter_mut().find(|o| o.id == "widget-activate").unwrap();
    let Some(RequestBody::Parameters { params }) = &mut activate.body else { panic!("activate has a parameter table") };
    params.retain(|p| p.name != "force"); // "| force | Boolean |"
    let mut bogus = params[0].clone();
    bogus.name = "bogus".into(); // no row names it
    params.push(bogus);
    params.iter_mut().filter(|p| p.name == "level").for_each(|p| p.ty.target = TypeTarget::Primitive(Primitive::String)); // "| level | Int32 |"
    let post_parts = ops.iter_mut().find(|o| o.id == "widget-post-parts").unwrap();
    assert_eq!(post_parts.kind, OperationKind::Create);
    post_parts.kind = OperationKind::Action; // "# Create part", `POST /widgets/{id}/parts`
    post_parts.name = "parts".into();
    ops.iter_mut().find(|o| o.id == "widget-register").unwrap().body = None; // "a JSON representation of a [registration]"
    ops.retain(|o| o.id != "widget-recycle" && o.id != "widget-forecast"); // their pages' request lines
    let mut conjure = ops.iter().find(|o| o.id == "widget-teleport").unwrap().clone();
    conjure.id = "widget-conjure".into();
    conjure.name = "conjure".into(); // a path no request line has
    conjure.paths[0].raw = "/widgets/{id}/conjure".into();
    ops.push(conjure);
    let mut divine = ops.iter().find(|o| o.id == "widget-predict").unwrap().clone();
    divine.id = "widget-divine".into();
    divine.name = "divine".into();
    divine.paths[0].raw = "/widgets/{id}/divine()".into();
    ops.push(divine);
    ops.iter_mut().find(|o| o.id == "gadget-charge").unwrap().paths[0].raw = "/widgets/{id}/charge".into(); // "POST /gadgets/{id}/charge"
    ops.iter_mut().find(|o| o.id == "widget-reset").unwrap().kind = OperationKind::Create; // "POST /widgets/{id}/reset"
    schema
}

fn run(schema: &Schema) -> check::Check {
    let pages = check::read_pages(&fixture().join("docs")).unwrap();
    check::check(schema, &metadata(), "metadata.xml", pages)
}

fn found(c: &check::Check) -> BTreeSet<(&'static str, Verdict, String)> {
    c.disagreements.iter().map(|d| (d.kind.code(), d.judgement.verdict, d.subject.clone())).collect()
}

const DOCS_DIFFER: &[(&str, &str)] = &[
    ("missing-type", "microsoft.graph.cog"),
    ("extra-type", "microsoft.graph.doohickey"),
    ("type-name", "microsoft.graph.driver"),
    ("type-kind", "microsoft.graph.part"),
    ("base-type", "microsoft.graph.gadget"),
    ("abstract", "microsoft.graph.entity"),
    ("open-type", "microsoft.graph.gadget"),
    // "the open type [widget]" is said of widget, not of the gizmo page's type.
    ("open-type", "microsoft.graph.gizmo"),
    ("missing-property", "microsoft.graph.widget.weight"),
    ("extra-property", "microsoft.graph.widget.discount"),
    ("property-name-case", "microsoft.graph.widget.serialCode"),
    ("property-type", "microsoft.graph.widget.size"),
    ("property-collection", "microsoft.graph.widget.labels"),
    ("navigation", "microsoft.graph.widget.owner"),
    ("missing-enum-member", "microsoft.graph.color.blue"),
    ("extra-enum-member", "microsoft.graph.color.purple"),
    ("enum-value", "microsoft.graph.color.red"),
    ("enum-flags", "microsoft.graph.level"),
    ("missing-action", "microsoft.graph.widget/polish"),
    ("missing-function", "microsoft.graph.widget/audit"),
    ("extra-action", "POST /widgets/{id}/teleport"),
    ("extra-function", "GET /widgets/{id}/predict()"),
    ("binding", "POST /widgets/{id}/refill"),
    ("operation-kind", "POST /widgets/{id}/inspect"),
    ("missing-parameter", "microsoft.graph.widget.activate(reason)"),
    ("extra-parameter", "activate(note)"),
    ("parameter-type", "microsoft.graph.widget.activate(mode)"),
];

const MISREAD: &[(&str, &str)] = &[
    ("missing-type", "microsoft.graph.sprocket"),
    ("extra-type", "microsoft.graph.Working"),
    ("type-name", "microsoft.graph.vehicle"),
    ("type-kind", "microsoft.graph.person"),
    ("base-type", "microsoft.graph.widget"),
    ("abstract", "microsoft.graph.gadget"),
    ("open-type", "microsoft.graph.widget"),
    ("missing-property", "microsoft.graph.widget.serialNumber"),
    ("extra-property", "microsoft.graph.widget.phantom"),
    ("property-name-case", "microsoft.graph.widget.modelCode"),
    ("property-type", "microsoft.graph.widget.price"),
    ("property-collection", "microsoft.graph.widget.tags"),
    ("navigation", "microsoft.graph.widget.parts"),
    ("missing-enum-member", "microsoft.graph.color.orange"),
    ("extra-enum-member", "microsoft.graph.color.ghost"),
    ("enum-value", "microsoft.graph.color.yellow"),
    ("enum-flags", "microsoft.graph.access"),
    ("missing-action", "microsoft.graph.widget/recycle"),
    ("missing-function", "microsoft.graph.widget/forecast"),
    ("extra-action", "POST /widgets/{id}/conjure"),
    // "POST /widgets/{id}/parts" adds to the parts collection: no action.
    ("extra-action", "POST /widgets/{id}/parts"),
    ("extra-function", "GET /widgets/{id}/divine()"),
    ("binding", "POST /widgets/{id}/charge"),
    ("operation-kind", "POST /widgets/{id}/reset"),
    ("missing-parameter", "microsoft.graph.widget.activate(force)"),
    // The page's body is a registration, whose properties are register's parameters.
    ("missing-parameter", "microsoft.graph.widget.register(code)"),
    ("missing-parameter", "microsoft.graph.widget.register(region)"),
    ("extra-parameter", "activate(bogus)"),
    ("parameter-type", "microsoft.graph.widget.activate(level)"),
];

fn expected(cases: &[(&'static str, &str)], verdict: Verdict) -> BTreeSet<(&'static str, Verdict, String)> {
    cases.iter().map(|(k, s)| (*k, verdict, s.to_string())).collect()
}

#[test]
fn every_kind_is_covered_with_both_verdicts() {
    for kind in Kind::ALL {
        assert!(DOCS_DIFFER.iter().any(|(k, _)| *k == kind.code()), "no docs-differ case for {}", kind.code());
        assert!(MISREAD.iter().any(|(k, _)| *k == kind.code()), "no misread case for {}", kind.code());
    }
}

/// On the schema as the schema stage builds it, every page that disagrees
/// with the metadata is found and is "docs differ"; anything else must be
/// one of the misread cases (today's schema stage misses some of them on
/// its own, such as prose that says "abstract"; it may miss none).
#[test]
fn pages_that_disagree_with_the_metadata_are_docs_differ() {
    let c = run(&schema());
    let got = found(&c);
    let docs_differ = expected(DOCS_DIFFER, Verdict::DocsDiffer);
    let lines = c.lines(Path::new("docs"), "metadata.xml");
    assert!(got.is_superset(&docs_differ), "missing: {:?}\n{lines}", docs_differ.difference(&got).collect::<Vec<_>>());
    let misread = expected(MISREAD, Verdict::Misread);
    let rest: Vec<_> = got.difference(&docs_differ).filter(|d| !misread.contains(*d)).collect();
    assert!(rest.is_empty(), "unexpected: {rest:?}\n{lines}");
}

/// An action whose body is one resource sends that resource's properties:
/// the ones the metadata takes as parameters agree, the others (`comment`)
/// are no extra parameters (every body field is optional).
#[test]
fn a_resource_body_holds_the_actions_parameters() {
    let s = schema();
    let register = s.operations.iter().find(|o| o.id == "widget-register").unwrap();
    assert!(matches!(&register.body, Some(RequestBody::Resource { .. })), "{:?}", register.body);
    let c = run(&s);
    let about: Vec<_> = c.disagreements.iter().filter(|d| d.subject.contains("register(")).collect();
    assert!(about.is_empty(), "{about:?}");
}

#[test]
fn a_misreading_schema_is_caught_from_the_page_text() {
    let c = run(&misread(schema()));
    let mut want = expected(DOCS_DIFFER, Verdict::DocsDiffer);
    want.extend(expected(MISREAD, Verdict::Misread));
    assert_eq!(found(&c), want, "\n{}", c.lines(Path::new("docs"), "metadata.xml"));
    assert_eq!(c.misread_share.count, MISREAD.len());
}

/// Every line is `path:line: verdict: ... [kind]`, pages under the docs
/// folder as named and the rest at the metadata file; JSON carries the same.
#[test]
fn lines_and_json_say_where_what_and_why() {
    let c = run(&misread(schema()));
    let lines = c.lines(Path::new("docs"), "metadata.xml");
    assert_eq!(lines.lines().count(), c.disagreements.len());
    for line in lines.lines() {
        let (place, rest) = line.split_once(": ").unwrap();
        let (file, number) = place.rsplit_once(':').unwrap();
        assert!(file.starts_with("docs/") || file == "metadata.xml", "{line}");
        assert!(number.parse::<u32>().unwrap() > 0, "{line}");
        assert!(rest.starts_with("misread: ") || rest.starts_with("docs differ: "), "{line}");
        let kind = rest.rsplit_once(" [").unwrap().1.trim_end_matches(']');
        assert!(Kind::ALL.iter().any(|k| k.code() == kind), "{line}");
        assert!(rest.contains("the docs say ") && rest.contains("; the metadata says "), "{line}");
    }
    // The misread of a property the workload page lists quotes that page.
    let serial = lines.lines().find(|l| l.contains("widget.serialNumber")).unwrap();
    assert!(serial.contains("resources/widgetshop.md:18"), "{serial}");
    let json = c.to_json();
    assert_eq!(json["disagreements"].as_array().unwrap().len(), c.disagreements.len());
    assert_eq!(json["byKind"]["missing-property"]["misread"], 1);
    assert_eq!(json["byKind"]["missing-property"]["docs_differ"], 1);
    assert_eq!(json["misreadShare"]["count"], MISREAD.len());
    let summary = c.summary();
    assert!(summary.contains("properties") && summary.contains("misread"), "{summary}");
    // Deterministic, byte for byte.
    assert_eq!(lines, run(&misread(schema())).lines(Path::new("docs"), "metadata.xml"));
}

/// The CLI: exit 0 by default, 1 with `--fail-on any` when anything
/// disagrees, 2 when the metadata cannot be read.
#[test]
fn the_command_line_exit_status() {
    let bin = env!("CARGO_BIN_EXE_graphgen");
    let docs = fixture().join("docs");
    let meta = fixture().join("metadata.xml");
    let run = |extra: &[&str], metadata: &Path| {
        std::process::Command::new(bin).arg("check").arg("--docs").arg(&docs).arg("--metadata").arg(metadata).args(extra).output().unwrap()
    };
    let plain = run(&["--json"], &meta);
    assert_eq!(plain.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(json["agreement"]["properties"]["of"].as_u64().unwrap() > 0);
    assert_eq!(run(&["--fail-on", "any", "-q"], &meta).status.code(), Some(1));
    let not_csdl = run(&[], &docs.join("resources/widget.md"));
    assert_eq!(not_csdl.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_csdl.stderr).contains("not a CSDL XML document"));
}
