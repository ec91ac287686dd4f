//! The emitted code compiles against the real runtime with zero warnings:
//! the crate layout under all features, one workload alone and none, and the
//! single-file layout `include!`d at a crate root and inside a module.

mod emit_support;
mod fs_support;

use emit_support::{options, schema, INTUNE};
use fs_support::{cargo, runtime_dependency, write_files};
use graphgen::emit::{emit, Layout};

#[test]
fn crate_layout_checks_under_every_feature_set() {
    let dir = tempfile::tempdir().unwrap();
    let (files, _) = emit(&schema(), &options(Layout::Crate, true, &runtime_dependency()));
    write_files(dir.path(), &files.files);
    cargo(dir.path(), &["check"]);
    cargo(dir.path(), &["check", "--no-default-features", "--features", INTUNE]);
    cargo(dir.path(), &["check", "--no-default-features"]);
}

#[test]
fn single_file_compiles_when_included_at_the_root_and_in_a_module() {
    let dir = tempfile::tempdir().unwrap();
    let (files, _) = emit(&schema(), &options(Layout::SingleFile, false, ""));
    let text = files.files.values().next().expect("one file");
    let cargo_toml = format!(
        "[package]\nname = \"include-check\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ngraphgen-runtime = {}\n",
        runtime_dependency()
    );
    let lib = "include!(\"graph.rs\");\n/// The same SDK one level down.\npub mod nested {\n    include!(\"graph.rs\");\n}\n";
    let files = std::collections::BTreeMap::from([
        ("Cargo.toml".to_owned(), cargo_toml),
        ("src/lib.rs".to_owned(), lib.to_owned()),
        ("src/graph.rs".to_owned(), text.to_string()),
    ]);
    write_files(dir.path(), &files);
    cargo(dir.path(), &["check"]);
}

/// What the generated code does, run inside the generated crate: the seed
/// chain builds the documented URL and body, a function call its arguments,
/// polymorphic values decode and encode by `@odata.type`, enums keep
/// unknown values.
const SMOKE_TEST: &str = r##"
use emit_fixture_sdk::{models, runtime, GraphClient};
use runtime::serde_json::{self, json};

fn graph() -> GraphClient {
    GraphClient::new(runtime::Client::builder().base_url("https://graph.example/beta").build().unwrap())
}

#[test]
fn seed_action_request() {
    let body = emit_fixture_sdk::requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody {
        imported_windows_autopilot_device_identities: vec![models::ImportedWindowsAutopilotDeviceIdentity {
            serial_number: "PF3XK2M9".to_owned().into(),
            ..Default::default()
        }]
        .into(),
        ..Default::default()
    };
    let request = graph().device_management().imported_windows_autopilot_device_identities().import(&body).to_request().unwrap();
    assert_eq!(request.method, runtime::Method::POST);
    assert_eq!(request.url, "https://graph.example/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import");
    let sent: serde_json::Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, json!({"importedWindowsAutopilotDeviceIdentities": [{"serialNumber": "PF3XK2M9"}]}));
    let item = graph().device_management().imported_windows_autopilot_device_identities().by_id("a/b").get().to_request().unwrap();
    assert_eq!(item.url, "https://graph.example/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/a%2Fb");
}

#[test]
fn function_arguments_go_into_the_url() {
    let request = graph().reports().get_desk_usage_trend("D7", 5).to_request().unwrap();
    assert!(request.url.starts_with("https://graph.example/beta/reports/getDeskUsageTrend("), "{}", request.url);
    assert!(request.url.contains("period=") && request.url.contains("D7") && request.url.contains("top=5"), "{}", request.url);
}

#[test]
fn polymorphic_values() {
    let email: models::AnyContactChannel =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.emailContactChannel", "address": "a@example.com"})).unwrap();
    match &email {
        models::AnyContactChannel::EmailContactChannel(e) => assert_eq!(e.address.as_deref(), Some("a@example.com")),
        other => panic!("decoded as {other:?}"),
    }
    let unknown: models::AnyContactChannel =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.pigeonChannel", "label": "x", "coop": 3})).unwrap();
    match &unknown {
        models::AnyContactChannel::ContactChannel(c) => {
            assert_eq!(c.label.as_deref(), Some("x"));
            assert_eq!(c.additional_properties["coop"], json!(3));
        }
        other => panic!("decoded as {other:?}"),
    }
    let phone = models::AnyContactChannel::from(models::PhoneContactChannel { number: "1".to_owned().into(), ..Default::default() });
    assert_eq!(serde_json::to_value(&phone).unwrap(), json!({"@odata.type": "#microsoft.graph.phoneContactChannel", "number": "1"}));
    let staff: models::StaffMember = serde_json::from_value(json!({"type": "t", "ref": "r", "workDays": "monday,tuesday", "manager": {"@odata.type": "#microsoft.graph.staffMember", "displayName": "Boss"}})).unwrap();
    assert_eq!(staff.r#type.as_deref(), Some("t"));
    assert!(matches!(staff.manager, runtime::Nullable::Value(models::AnyDirectoryItem::StaffMember(_))));
    assert_eq!(staff.work_days.value().unwrap().0, vec![models::WorkWeekDays::Monday, models::WorkWeekDays::Tuesday]);
}

#[test]
fn base_properties_are_read_off_the_polymorphic_enum_without_a_match() {
    let email: models::AnyContactChannel =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.emailContactChannel", "label": "work", "address": "a@example.com"})).unwrap();
    // The base type's property, whichever variant holds it; the variant keeps the rest.
    assert_eq!(email.label(), Some("work"));
    let sender: models::AnyContactChannel =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.phoneContactChannel", "from": "desk"})).unwrap();
    assert_eq!(sender.from_(), Some("desk"), "`from` takes a `_`: `AnyContactChannel::from` stays the conversion");
    assert_eq!(email.odata_type(), Some("#microsoft.graph.emailContactChannel"));
    assert!(matches!(&email, models::AnyContactChannel::EmailContactChannel(e) if e.address.as_deref() == Some("a@example.com")));
    let base = models::AnyContactChannel::from(models::ContactChannel { label: runtime::Nullable::Null, ..Default::default() });
    assert_eq!(base.label(), None, "null reads as None");
    // Inherited from the base's own base (`entity.id` under `directoryItem`).
    let manager: models::AnyDirectoryItem =
        serde_json::from_value(json!({"@odata.type": "#microsoft.graph.staffMember", "id": "m1", "displayName": "Boss"})).unwrap();
    assert_eq!(manager.id(), Some("m1"));
}

#[test]
fn a_property_is_absent_null_or_a_value_and_decodes_back_the_same() {
    use runtime::Nullable;
    for body in [json!({}), json!({"displayName": null}), json!({"displayName": "Ann", "type": null, "tags": ["a"]})] {
        let staff: models::StaffMember = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&staff).unwrap(), body, "decodes back the same");
    }
    let update = models::StaffMember { display_name: Nullable::Null, r#type: "Chef".to_owned().into(), ..Default::default() };
    assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"displayName":null,"type":"Chef"}"#);
    let decoded: models::StaffMember = serde_json::from_value(json!({"displayName": null})).unwrap();
    assert_eq!(decoded.display_name, Nullable::Null);
    assert!(decoded.r#type.is_absent() && decoded.additional_properties.is_empty());
}

#[test]
fn enums_keep_unknown_values() {
    let status: models::StaffMemberStatus = serde_json::from_value(json!("retired")).unwrap();
    assert_eq!(status, models::StaffMemberStatus::Other("retired".into()));
    assert_eq!(serde_json::to_value(models::StaffMemberStatus::OnLeave).unwrap(), json!("onLeave"));
}
"##;

#[test]
fn generated_crate_behaves() {
    let dir = tempfile::tempdir().unwrap();
    let (mut files, _) = emit(&schema(), &options(Layout::Crate, true, &runtime_dependency()));
    files.files.insert("tests/smoke.rs".to_owned(), SMOKE_TEST.into());
    write_files(dir.path(), &files.files);
    cargo(dir.path(), &["test"]);
}
