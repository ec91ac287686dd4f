//! `graphgen diff` on two hand-made docs folders: every kind of change, the
//! breaking ones flagged.

use graphgen::diff::{diff, ChangeKind, Item};
use graphgen::pipeline;
use std::path::Path;

fn load(side: &str) -> graphgen::schema::Schema {
    pipeline::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(side)).unwrap().schema
}

#[test]
fn reports_each_kind_of_change_and_flags_breaking_ones() {
    let d = diff(&load("old"), &load("new"));
    let has = |breaking: bool, kind: ChangeKind, item: Item, name: &str| {
        d.changes.iter().any(|c| c.breaking == breaking && c.kind == kind && c.item == item && c.name == name)
    };
    // Types.
    assert!(has(true, ChangeKind::Removed, Item::Type, "microsoft.graph.gizmo"), "{d:#?}");
    assert!(has(false, ChangeKind::Added, Item::Type, "microsoft.graph.sprocket"));
    // Properties.
    assert!(has(true, ChangeKind::Removed, Item::Property, "microsoft.graph.widget.color"));
    assert!(has(true, ChangeKind::Changed, Item::Property, "microsoft.graph.widget.size"));
    assert!(has(false, ChangeKind::Added, Item::Property, "microsoft.graph.widget.label"));
    // Enum members.
    assert!(has(true, ChangeKind::Removed, Item::EnumMember, "microsoft.graph.widgetColor.blue"));
    assert!(has(false, ChangeKind::Added, Item::EnumMember, "microsoft.graph.widgetColor.purple"));
    // Operations and their parameters.
    assert!(has(true, ChangeKind::Removed, Item::Operation, "DELETE /widgets/{}"));
    assert!(has(false, ChangeKind::Added, Item::Operation, "GET /widgets"));
    assert!(has(true, ChangeKind::Removed, Item::Parameter, "POST /widgets/{}/spin direction"));
    assert!(has(false, ChangeKind::Added, Item::Parameter, "POST /widgets/{}/spin turbo"));
    // A response body that is now sent only on request becomes an `Option`.
    let update = d.changes.iter().find(|c| c.name == "PATCH /widgets/{}").expect("the update's response changed");
    assert!(update.breaking && update.kind == ChangeKind::Changed, "{update:?}");
    assert!(update.detail.contains("only with `Prefer: return=representation`"), "{}", update.detail);
    // Nothing unchanged is reported.
    assert!(!d.changes.iter().any(|c| c.name.contains("widget.name") || c.name == "GET /widgets/{}"), "{d:#?}");

    let md = d.to_markdown();
    assert!(md.starts_with("## API changes"));
    assert!(md.contains("### Breaking") && md.contains("⚠️ removed property `microsoft.graph.widget.color`"), "{md}");
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), d.changes.len());
}

#[test]
fn identical_docs_have_no_changes() {
    let d = diff(&load("old"), &load("old"));
    assert!(d.is_empty(), "{d:#?}");
    assert!(d.to_markdown().contains("No API changes."));
}
