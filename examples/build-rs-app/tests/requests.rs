//! The generated API, called the way the application calls it: requests
//! built by the generated builders (checked without a network), then real
//! HTTP against a loopback server.

use build_rs_app::models::{ImportedWindowsAutopilotDeviceIdentity as Device, StaffMember};
use build_rs_app::requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody as ImportBody;
use build_rs_app::runtime::{self, types::Binary};
use build_rs_app::{client, import_devices};
use serde_json::json;

const BASE: &str = "https://graph.microsoft.com/beta";

fn device(serial: &str) -> Device {
    Device {
        serial_number: serial.to_owned().into(),
        product_key: String::new().into(),
        hardware_identifier: Binary::from(b"hw-hash".to_vec()).into(),
        ..Device::default()
    }
}

#[test]
fn import_builds_a_post_with_the_devices_as_json() {
    let body = ImportBody { imported_windows_autopilot_device_identities: vec![device("SN-1")].into(), ..ImportBody::default() };
    let graph = client(BASE, "unused-token").unwrap();
    let request = graph.device_management().imported_windows_autopilot_device_identities().import(&body).to_request().unwrap();
    assert_eq!(request.method, runtime::Method::POST);
    assert_eq!(request.url, format!("{BASE}/deviceManagement/importedWindowsAutopilotDeviceIdentities/import"));
    let sent: serde_json::Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({"importedWindowsAutopilotDeviceIdentities": [
            {"serialNumber": "SN-1", "productKey": "", "hardwareIdentifier": "aHctaGFzaA=="}
        ]}),
        "wire names, base64 for Binary, unset fields left out"
    );
    assert!(request.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.starts_with("application/json")));
    assert!(!request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")), "no token before sending");
}

#[test]
fn list_builds_a_get_with_the_query_options() {
    let graph = client(BASE, "unused-token").unwrap();
    let request = graph.staff_members().list().top(5).select(["displayName", "id"]).to_request().unwrap();
    assert_eq!(request.method, runtime::Method::GET);
    // The runtime writes query options in a fixed order ($select before $top).
    assert_eq!(request.url, format!("{BASE}/staffMembers?$select=displayName,id&$top=5"));
    assert!(request.body.is_none());
}

#[tokio::test]
async fn import_devices_over_http_on_loopback() {
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let created = json!({"value": [{
        "id": "7f1c",
        "serialNumber": "SN-1",
        "state": {"deviceImportStatus": "pending", "deviceErrorCode": 0, "someFutureMember": true}
    }]});
    Mock::given(method("POST"))
        .and(path("/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import"))
        .and(header("authorization", "Bearer loopback-token"))
        .and(body_json(json!({"importedWindowsAutopilotDeviceIdentities": [
            {"serialNumber": "SN-1", "productKey": "", "hardwareIdentifier": "aHctaGFzaA=="}
        ]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(&created))
        .expect(1)
        .mount(&server)
        .await;

    let graph = client(&format!("{}/beta", server.uri()), "loopback-token").unwrap();
    let devices = import_devices(&graph, vec![device("SN-1")]).await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id.as_deref(), Some("7f1c"));
    let state = devices[0].state.value().unwrap();
    assert_eq!(state.device_import_status.value().map(ToString::to_string).as_deref(), Some("pending"));
    assert_eq!(state.device_error_code.into_value(), Some(0));
    assert_eq!(state.additional_properties.get("someFutureMember"), Some(&json!(true)), "undocumented members are kept");
}

#[tokio::test]
async fn listing_follows_next_links_over_http_on_loopback() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let next = format!("{}/beta/staffMembers?$skiptoken=page2", server.uri());
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param("$skiptoken", "page2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "b", "displayName": "Bo"}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param("$top", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"value": [{"id": "a", "displayName": "Ann"}], "@odata.nextLink": next})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let graph = client(&format!("{}/beta", server.uri()), "loopback-token").unwrap();
    let staff: Vec<StaffMember> = graph.staff_members().list().top(1).send_all().await.unwrap();
    let names: Vec<_> = staff.iter().map(|s| s.display_name.as_deref().unwrap_or_default()).collect();
    assert_eq!(names, ["Ann", "Bo"]);
}
