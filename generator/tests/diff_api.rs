//! `graphgen diff` on hand-made docs pairs (`tests/diff/<case>/{old,new}`),
//! each mirroring a real kind of docs update:
//! - `kinds`: every kind of change, the breaking ones flagged;
//! - `inherited`: properties moved to a new base type the types inherit;
//! - `case`: names changed in letter case only (types, properties, enum
//!   members, paths, parameters), breaking only where the Rust name changes;
//! - `features`: front matter moved from `ms.prod` to `ms.subservice`,
//!   renaming workloads (see also `feature_names.rs`).
//!
//! And on the real reference: against itself it reports nothing; edits made
//! to it (a property moved to its base, a renamed workload) are reported as
//! exactly that.

use graphgen::diagnostics::Diagnostics;
use graphgen::diff::{diff, diff_with_map, rust_names, ApiDiff, Change, ChangeKind, Item};
use graphgen::emit::catalog::Catalog;
use graphgen::emit::feature_map::FeatureMap;
use graphgen::emit::naming::escape;
use graphgen::emit::{emit, EmitOptions, Layout};
use graphgen::pipeline;
use graphgen::schema::{Schema, TypeKind};
use std::path::{Path, PathBuf};

fn load(case: &str, side: &str) -> Schema {
    pipeline::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff").join(case).join(side)).unwrap().schema
}

fn pair(case: &str) -> (Schema, Schema) {
    (load(case, "old"), load(case, "new"))
}

fn find<'d>(d: &'d ApiDiff, item: Item, name: &str) -> Vec<&'d Change> {
    d.changes.iter().filter(|c| c.item == item && c.name == name).collect()
}

/// The one change about `name`.
fn one<'d>(d: &'d ApiDiff, item: Item, name: &str) -> &'d Change {
    match find(d, item, name).as_slice() {
        [c] => c,
        other => panic!("one change about {item:?} `{name}` expected, found {other:#?}\nin {d:#?}"),
    }
}

#[test]
fn reports_each_kind_of_change_and_flags_breaking_ones() {
    let (old, new) = pair("kinds");
    let d = diff(&old, &new);
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
    let update = one(&d, Item::Operation, "PATCH /widgets/{}");
    assert!(update.breaking && update.kind == ChangeKind::Changed, "{update:?}");
    assert!(update.detail.contains("only with `Prefer: return=representation`"), "{}", update.detail);
    // The widget now has a derived type (the sprocket): the responses that
    // named the struct name its polymorphic enum.
    let widget = one(&d, Item::Type, "microsoft.graph.widget");
    assert!(widget.breaking && widget.detail.contains("use sites now name the polymorphic enum `models::AnyWidget`"), "{widget:?}");
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
    for case in ["kinds", "inherited", "case", "features"] {
        for side in ["old", "new"] {
            let d = diff(&load(case, side), &load(case, side));
            assert!(d.is_empty(), "{case}/{side}: {d:#?}");
            assert!(d.to_markdown().contains("No API changes."));
        }
    }
}

#[test]
fn a_property_moved_to_a_new_base_type_is_moved_not_removed() {
    let (old, new) = pair("inherited");
    let d = diff(&old, &new);
    for derived in ["printer", "scanner"] {
        for p in ["displayName", "location"] {
            let c = one(&d, Item::Property, &format!("microsoft.graph.{derived}.{p}"));
            assert_eq!((c.kind, c.breaking), (ChangeKind::Moved, false), "{c:?}");
            assert!(c.detail.starts_with("moved to base `microsoft.graph.peripheral`"), "{}", c.detail);
        }
        // The new base sits between the type and its old one: not breaking.
        let base = one(&d, Item::Type, &format!("microsoft.graph.{derived}"));
        assert!(!base.breaking && base.detail.contains("`microsoft.graph.entity` -> `microsoft.graph.peripheral`"), "{base:?}");
    }
    // A property that really went is still a removal, and the only break.
    let gone = one(&d, Item::Property, "microsoft.graph.printer.tonerLevel");
    assert_eq!((gone.kind, gone.breaking), (ChangeKind::Removed, true));
    assert_eq!(d.breaking().count(), 1, "{d:#?}");
    assert_eq!(one(&d, Item::Type, "microsoft.graph.peripheral").kind, ChangeKind::Added);
    // Inherited properties that did not move (`id`, from `entity`) are not mentioned.
    assert!(find(&d, Item::Property, "microsoft.graph.printer.id").is_empty());
    assert!(d.to_markdown().contains("- moved property `microsoft.graph.printer.displayName`: moved to base `microsoft.graph.peripheral`"));

    // Backwards: the base is removed, so the types no longer derive from it
    // (breaking: they leave its polymorphic enum), but the properties they
    // declare again are still there.
    let back = diff(&new, &old);
    let base = one(&back, Item::Type, "microsoft.graph.printer");
    assert!(base.breaking && base.detail.contains("no longer derives from `microsoft.graph.peripheral`"), "{base:?}");
    let p = one(&back, Item::Property, "microsoft.graph.printer.displayName");
    assert_eq!((p.kind, p.breaking), (ChangeKind::Moved, false), "{p:?}");
    assert!(p.detail.starts_with("now declared on this type (was inherited from `microsoft.graph.peripheral`"), "{}", p.detail);
}

#[test]
fn case_only_renames_break_only_where_a_rust_name_changes() {
    let (old, new) = pair("case");
    let d = diff(&old, &new);
    let renamed = |item: Item, name: &str, breaking: bool| -> Change {
        let c = one(&d, item, name).clone();
        assert_eq!((c.kind, c.breaking), (ChangeKind::Renamed, breaking), "{c:?}");
        assert!(c.detail.contains("(letter case only)"), "{}", c.detail);
        c
    };
    // Rust field `displayname` becomes `display_name`.
    let p = renamed(Item::Property, "microsoft.graph.gadget.displayname", true);
    assert!(p.detail.contains("Rust field `displayname` -> `display_name`"), "{}", p.detail);
    assert_eq!(p.wire.as_deref(), Some("the JSON member is `displayName` (was `displayname`)"));
    // The same field either way: only the wire changes.
    let p = renamed(Item::Property, "microsoft.graph.gadget.onPremisesSAMAccountName", false);
    assert!(p.detail.contains("Rust field `on_premises_sam_account_name` unchanged"), "{}", p.detail);
    assert_eq!(p.wire.as_deref(), Some("the JSON member is `onPremisesSamAccountName` (was `onPremisesSAMAccountName`)"));
    // Enum members: variant `NotStarted` becomes `Notstarted`; `Running` stays.
    let m = renamed(Item::EnumMember, "microsoft.graph.gadgetStatus.notStarted", true);
    assert!(m.detail.contains("Rust variant `NotStarted` -> `Notstarted`"), "{}", m.detail);
    let m = renamed(Item::EnumMember, "microsoft.graph.gadgetStatus.Running", false);
    assert!(m.wire.as_deref().is_some_and(|w| w.starts_with("the value is sent as `running` (was `Running`)")), "{m:?}");
    // A type: the Rust type is renamed; values carry the new `@odata.type`.
    let t = renamed(Item::Type, "microsoft.graph.deviceinfo", true);
    assert!(t.detail.contains("Rust type `models::Deviceinfo` -> `models::DeviceInfo`"), "{}", t.detail);
    assert!(t.wire.as_deref().is_some_and(|w| w.contains("#microsoft.graph.deviceInfo")), "{t:?}");
    // ...and the property typed by it has not changed type.
    assert!(find(&d, Item::Property, "microsoft.graph.gadget.info").is_empty(), "{d:#?}");
    // Paths: a segment whose method name changes; one whose does not. The old
    // docs spell `/Gadgets` on every page: within one snapshot the path repair
    // reads case-only variants as the spelling most paths use.
    let op = renamed(Item::Operation, "POST /gadgets/{}/resetpin", true);
    assert!(op.detail.contains("Rust method `reset_pin` -> `resetpin`"), "{}", op.detail);
    let op = renamed(Item::Operation, "GET /gadgets", false);
    assert!(op.detail.contains("Rust methods unchanged"), "{}", op.detail);
    assert_eq!(op.wire.as_deref(), Some("requests go to `/gadgets`"));
    // A body parameter: same Rust field, new JSON member.
    let param = renamed(Item::Parameter, "POST /gadgets/{}/resetpin newPin", false);
    assert_eq!(param.wire.as_deref(), Some("the JSON member of the request body is `newPIN` (was `newPin`)"));
    // Nothing is reported as removed or added.
    let other: Vec<&Change> = d.changes.iter().filter(|c| c.kind != ChangeKind::Renamed).collect();
    assert!(other.is_empty(), "{other:#?}");
    let md = d.to_markdown();
    assert!(md.contains("### Renamed") && md.contains("(on the wire: requests go to `/gadgets`)"), "{md}");
}

#[test]
fn every_move_between_cargo_features_is_reported_as_breaking() {
    let (old, new) = pair("features");
    let d = diff(&old, &new);
    let moves: Vec<&Change> = d.changes.iter().filter(|c| c.features.is_some()).collect();
    let mut names: Vec<&str> = moves.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["GET /huddles", "GET /members", "GET /members/{}", "microsoft.graph.huddle", "microsoft.graph.member"], "{d:#?}");
    for c in &moves {
        assert!(c.breaking && c.kind == ChangeKind::Moved, "{c:?}");
    }
    let member = one(&d, Item::Type, "microsoft.graph.member").features.clone().unwrap();
    assert_eq!((member.from, member.to, member.left), (vec!["users".to_owned()], vec!["entra-users".to_owned()], vec!["users".to_owned()]));
    // The page not migrated yet (still `microsoft-teams`) is not a move; the
    // new page is an addition.
    assert!(find(&d, Item::Operation, "GET /huddles/{}").is_empty(), "{d:#?}");
    assert_eq!(one(&d, Item::Operation, "DELETE /members/{}").kind, ChangeKind::Added);
    let md = d.to_markdown();
    assert!(md.contains("### Cargo features") && md.contains("- ⚠️ moved from `users` to `entra-users`: 1 type(s), 2 operation(s)"), "{md}");

    // With the features map of the crate generated from the old docs, the
    // old names keep compiling the items: reported, not breaking.
    let map = FeatureMap::of_schema(&old);
    let with_map = diff_with_map(&old, &new, Some(&map));
    assert_eq!(with_map.breaking().count(), 0, "{with_map:#?}");
    let c = one(&with_map, Item::Operation, "GET /members");
    assert!(c.detail.contains("the features map keeps it under `users`"), "{c:?}");
}

/// The names `rust_names` predicts are the ones the emitter writes.
#[test]
fn predicted_rust_names_are_the_generated_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut schemas = vec![pipeline::load(&root.join("docs")).unwrap().schema];
    schemas.extend(["case", "inherited"].iter().flat_map(|c| [load(c, "old"), load(c, "new")]));
    for schema in schemas {
        let options = EmitOptions { crate_name: "names".into(), runtime_dependency: String::new(), layout: Layout::Crate, features: false, feature_map: None };
        let (files, _) = emit(&schema, &options);
        let catalog = Catalog::build(&schema, &mut Diagnostics::default());
        for (qn, t) in &schema.types {
            let info = &catalog.types[qn];
            let file = format!("src/{}/{}.rs", info.module.join("/"), info.file_mod);
            let text = &files.files[&file];
            if t.kind == TypeKind::Enum {
                for v in rust_names::variants(t).values() {
                    assert!(text.contains(&format!(" {},\n", escape(v))), "variant `{v}` of {qn} in {file}:\n{text}");
                }
            } else {
                for f in rust_names::fields(&schema, t).values() {
                    assert!(text.contains(&format!("pub {}: ", escape(f))), "field `{f}` of {qn} in {file}:\n{text}");
                }
            }
        }
    }
}

fn corpus() -> Option<Schema> {
    let root: PathBuf = graphgen::corpus::reference_docs(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")))?;
    Some(pipeline::load(&root).expect("the reference loads").schema)
}

/// On the real reference: nothing against itself; a property moved to its
/// base (for every type that is its base's only derived type) is reported
/// as moved, not removed; a renamed workload is reported item by item.
#[test]
fn corpus_diffs_read_as_the_edits_made() {
    let Some(beta) = corpus() else { return };
    let same = diff(&beta, &beta);
    assert!(same.is_empty(), "the reference against itself: {:#?}", &same.changes[..same.changes.len().min(20)]);

    // Hoist each such type's first own property to its base.
    let mut hoisted = beta.clone();
    let mut moved = Vec::new();
    for (qn, t) in &beta.types {
        let Some(base) = t.base_type.as_ref().and_then(|b| beta.types.get(b)) else { continue };
        if base.derived_types != [qn.clone()] || t.properties.is_empty() || base.properties.iter().any(|p| p.name == t.properties[0].name) {
            continue;
        }
        let p = hoisted.types.get_mut(qn).unwrap().properties.remove(0);
        moved.push((qn.clone(), p.name.clone(), base.qualified_name()));
        hoisted.types.get_mut(&base.qualified_name()).unwrap().properties.push(p);
    }
    assert!(moved.len() > 20, "the reference has types that are their base's only derived type: {}", moved.len());
    let d = diff(&beta, &hoisted);
    for (qn, p, base) in &moved {
        let c = one(&d, Item::Property, &format!("{qn}.{p}"));
        assert_eq!((c.kind, c.breaking), (ChangeKind::Moved, false), "{c:?}");
        assert!(c.detail.starts_with(&format!("moved to base `{base}`")), "{c:?}");
        assert_eq!(one(&d, Item::Property, &format!("{base}.{p}")).kind, ChangeKind::Added);
    }
    assert_eq!(d.breaking().count(), 0, "{:#?}", d.breaking().take(10).collect::<Vec<_>>());
    let expected: std::collections::BTreeSet<String> =
        moved.iter().flat_map(|(qn, p, base)| [format!("{qn}.{p}"), format!("{base}.{p}")]).collect();
    let unexpected: Vec<&Change> = d.changes.iter().filter(|c| !expected.contains(&c.name)).collect();
    assert!(unexpected.is_empty(), "{unexpected:#?}");

    // Rename the workload of the most items.
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for w in beta.types.values().flat_map(|t| &t.workloads).chain(beta.operations.iter().flat_map(|o| &o.workloads)) {
        *counts.entry(w).or_default() += 1;
    }
    let (&workload, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let mut renamed = beta.clone();
    let rename = |ws: &mut Vec<String>| {
        for w in ws.iter_mut().filter(|w| *w == workload) {
            *w = format!("renamed-{workload}");
        }
    };
    renamed.types.values_mut().for_each(|t| rename(&mut t.workloads));
    renamed.operations.iter_mut().for_each(|o| rename(&mut o.workloads));
    let d = diff(&beta, &renamed);
    let types = beta.types.values().filter(|t| t.workloads.iter().any(|w| w == workload)).count();
    assert!(d.changes.iter().all(|c| c.breaking && c.features.as_ref().is_some_and(|m| m.left == [workload.to_owned()])), "only moves out of `{workload}`");
    assert_eq!(d.changes.iter().filter(|c| c.item == Item::Type).count(), types);
    assert!(d.changes.iter().any(|c| c.item == Item::Operation));
    // With the map of the old generation, none of it breaks.
    assert_eq!(diff_with_map(&beta, &renamed, Some(&FeatureMap::of_schema(&beta))).breaking().count(), 0);
}
