//! Which items a workload's cargo feature compiles: a use of a polymorphic
//! base needs the base and its `Any` enum, not every derived type. A derived
//! type the feature does not otherwise need has no variant there, and its
//! values decode as the base without losing anything; enabling more
//! features adds variants (so the enum is `#[non_exhaustive]`).
//!
//! The fixture schema of `emit_support`, plus: a contact channel derived in
//! another workload (`reports`), and an intune type with a polymorphic
//! contact-channel property (so intune uses `AnyContactChannel` while every
//! derived channel belongs to other workloads).

mod emit_support;
mod fs_support;

use emit_support::{named, options, prop, schema, INTUNE, STAFF};
use fs_support::{cargo, runtime_dependency, write_files};
use graphgen::diagnostics::Diagnostics;
use graphgen::emit::catalog::Catalog;
use graphgen::emit::features::{Features, Gate};
use graphgen::emit::{emit, Layout};
use graphgen::schema::{Schema, TypeDef, TypeKind};
use std::collections::BTreeSet;

const REPORTS: &str = "reports";

fn q(name: &str) -> String {
    format!("microsoft.graph.{name}")
}

/// A fixture type of the main namespace, read from its own resource page.
fn type_def(name: &str, kind: TypeKind, workload: &str) -> TypeDef {
    emit_support::ty("microsoft.graph", name, kind, workload, &format!("resources/{}.md", name.to_lowercase()))
}

fn extended_schema() -> Schema {
    let mut s = schema();
    let mut pager = type_def("pagerContactChannel", TypeKind::Complex, REPORTS);
    pager.base_type = Some(q("contactChannel"));
    pager.properties = vec![prop("pagerNumber", emit_support::prim(graphgen::schema::Primitive::String), "resources/fixture.md", 10)];
    s.types.insert(q("pagerContactChannel"), pager);
    let base = s.types.get_mut(&q("contactChannel")).expect("fixture has contactChannel");
    base.derived_types.push(q("pagerContactChannel"));
    base.derived_types.sort();
    let mut contact = type_def("deviceOwnerContact", TypeKind::Complex, INTUNE);
    contact.properties = vec![prop("channel", named(&q("contactChannel")), "resources/fixture.md", 10)];
    s.types.insert(q("deviceOwnerContact"), contact);
    s
}

fn features(s: &Schema) -> Features {
    let catalog = Catalog::build(s, &mut Diagnostics::default());
    Features::build(s, &catalog, true, None, None)
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_polymorphic_use_needs_the_base_and_its_enum_but_not_the_derived_types() {
    let s = extended_schema();
    let f = features(&s);
    // Intune reaches `AnyContactChannel` through its own type's property...
    assert_eq!(f.any_gate(&q("contactChannel")), Gate::features(set(&[INTUNE, STAFF])));
    assert_eq!(f.type_gate(&q("contactChannel")), Gate::features(set(&[INTUNE, REPORTS, STAFF])));
    // ...but none of the derived channels: they belong to other workloads.
    assert_eq!(f.type_gate(&q("emailContactChannel")), Gate::features(set(&[STAFF])));
    assert_eq!(f.type_gate(&q("pagerContactChannel")), Gate::features(set(&[REPORTS])));
    // So each derived variant is gated by its own type's features.
    assert_eq!(f.variant_gate(&q("contactChannel"), &q("emailContactChannel")), Gate::features(set(&[STAFF])));
    assert_eq!(f.variant_gate(&q("contactChannel"), &q("pagerContactChannel")), Gate::features(set(&[REPORTS])));
    // A derived type every enum-compiling feature has needs no extra gate.
    assert_eq!(f.variant_gate(&q("directoryItem"), &q("staffMember")), Gate::always());
}

#[test]
fn derived_types_reached_for_other_reasons_keep_their_variants() {
    let mut s = extended_schema();
    // An intune operation answering with a pager channel: intune needs it.
    let mut op = s.operations.iter().find(|o| o.workloads == [INTUNE]).expect("an intune operation").clone();
    op.id = "intune-pager-get".to_owned();
    op.response.ty = Some(named(&q("pagerContactChannel")));
    s.operations.push(op);
    s.operations.sort_by(|a, b| a.id.cmp(&b.id));
    let f = features(&s);
    assert_eq!(f.type_gate(&q("pagerContactChannel")), Gate::features(set(&[INTUNE, REPORTS])));
    assert_eq!(f.variant_gate(&q("contactChannel"), &q("pagerContactChannel")), Gate::features(set(&[INTUNE, REPORTS])));
    // Its base's own properties and base chain still come along.
    assert_eq!(f.type_gate(&q("contactChannel")), Gate::features(set(&[INTUNE, REPORTS, STAFF])));
}

#[test]
fn without_features_every_variant_is_always_there() {
    let s = extended_schema();
    let catalog = Catalog::build(&s, &mut Diagnostics::default());
    let f = Features::build(&s, &catalog, false, None, None);
    assert_eq!(f.variant_gate(&q("contactChannel"), &q("pagerContactChannel")), Gate::always());
}

/// Run in the generated crate under several feature sets: a derived value
/// whose variant is off decodes as the base and encodes back unchanged.
const ROUND_TRIP_TEST: &str = r##"
use emit_fixture_sdk::{models, runtime};
use runtime::serde_json::{self, json};

fn email_channel() -> serde_json::Value {
    json!({
        "@odata.type": "#microsoft.graph.emailContactChannel",
        "label": "home",
        "address": "a@example.com",
        "undocumented": {"nested": [1, 2.5, "x", null], "flag": true}
    })
}

#[test]
fn a_derived_value_round_trips_whether_or_not_its_variant_is_compiled() {
    let sent = email_channel();
    let decoded: models::AnyContactChannel = serde_json::from_value(sent.clone()).unwrap();
    #[cfg(feature = "staff")]
    assert!(matches!(decoded, models::AnyContactChannel::EmailContactChannel(_)), "{decoded:?}");
    #[cfg(not(feature = "staff"))]
    match &decoded {
        models::AnyContactChannel::ContactChannel(base) => {
            assert_eq!(base.odata_type.as_deref(), Some("#microsoft.graph.emailContactChannel"));
            assert_eq!(base.additional_properties["address"], json!("a@example.com"));
        }
        other => panic!("decoded as {other:?}"),
    }
    assert_eq!(serde_json::to_value(&decoded).unwrap(), sent);
}

#[test]
fn a_property_of_the_intune_type_keeps_a_derived_value() {
    let sent = json!({"channel": email_channel()});
    let decoded: models::DeviceOwnerContact = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), sent);
}
"##;

#[test]
fn the_generated_crate_round_trips_derived_values_under_each_feature_set() {
    let dir = tempfile::tempdir().unwrap();
    let (mut files, _) = emit(&extended_schema(), &options(Layout::Crate, true, &runtime_dependency()));
    let channel = &files.files["src/models/contact_channel.rs"];
    assert!(channel.contains("#[non_exhaustive]"), "the Any enum grows with features:\n{channel}");
    assert!(channel.contains("#[cfg(feature = \"reports\")]"), "the pager variant is gated:\n{channel}");
    files.files.insert("tests/round_trip.rs".to_owned(), ROUND_TRIP_TEST.into());
    write_files(dir.path(), &files.files);
    // Intune alone: the enum without any derived variant.
    cargo(dir.path(), &["test", "--no-default-features", "--features", INTUNE]);
    // Intune and reports: one derived variant, the others still missing.
    cargo(dir.path(), &["test", "--no-default-features", "--features", &format!("{INTUNE},{REPORTS}")]);
    // Everything.
    cargo(dir.path(), &["test"]);
    // Reports alone compiles the pager type but not the enum.
    cargo(dir.path(), &["check", "--no-default-features", "--features", REPORTS]);
}
