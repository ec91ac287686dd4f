//! The page the project started from, the Autopilot import action, read from
//! the real Graph reference and pushed through the SDK generated from
//! `docs/` at build time: it must come out perfect.

mod support;

use graphgen::schema::ExampleDirection;
use graphgen_docs_sdk::models::{ImportedWindowsAutopilotDeviceIdentity, ImportedWindowsAutopilotDeviceIdentityImportStatus};
use graphgen_docs_sdk::requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody as ImportBody;
use graphgen_docs_sdk::runtime::{self, CollectionPage, StaticToken};
use graphgen_docs_sdk::GraphClient;

fn client(base_url: &str) -> GraphClient {
    GraphClient::new(
        runtime::Client::builder().token_provider(StaticToken::new("seed-test-token")).base_url(base_url).build().unwrap(),
    )
}

fn example(direction: ExampleDirection) -> Option<serde_json::Value> {
    let corpus = support::corpus()?;
    let op = support::seed_operation(&corpus);
    let ex = op.examples.iter().find(|e| e.direction == direction).expect("the seed page has the example");
    Some(ex.body.clone().expect("the seed example body parses"))
}

#[test]
fn request_body_round_trips_through_the_generated_body_type() {
    let Some(json) = example(ExampleDirection::Request) else { return };
    let body: ImportBody = serde_json::from_value(json.clone()).unwrap();
    let devices = body.imported_windows_autopilot_device_identities.as_ref().unwrap();
    assert_eq!(devices.len(), 1);
    assert!(devices[0].additional_properties.is_empty(), "every member is a typed field: {:?}", devices[0].additional_properties);
    assert_eq!(serde_json::to_value(&body).unwrap(), json);
}

#[test]
fn builder_produces_the_documented_request() {
    let Some(json) = example(ExampleDirection::Request) else { return };
    let body: ImportBody = serde_json::from_value(json.clone()).unwrap();
    let request = client("https://graph.microsoft.com/beta")
        .device_management()
        .imported_windows_autopilot_device_identities()
        .import(&body)
        .to_request()
        .unwrap();
    assert_eq!(request.method, runtime::Method::POST);
    assert_eq!(request.url, "https://graph.microsoft.com/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import");
    let sent: serde_json::Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(sent, json);
    assert!(request.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.starts_with("application/json")));
    assert!(!request.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("authorization")), "auth is added only when sending");
}

#[test]
fn response_decodes_into_the_typed_collection() {
    let Some(json) = example(ExampleDirection::Response) else { return };
    let page: CollectionPage<ImportedWindowsAutopilotDeviceIdentity> = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(page.value.len(), 1);
    let device = &page.value[0];
    let state = device.state.value().unwrap();
    assert_eq!(state.device_import_status.value(), Some(&ImportedWindowsAutopilotDeviceIdentityImportStatus::Pending));
    assert_eq!(state.device_error_code.into_value(), Some(15));
    assert_eq!(device.hardware_identifier.as_deref().map(|b| &b[..]), Some(&b"hardwareIdentifier"[..]));
    assert_eq!(serde_json::to_value(&page).unwrap(), json, "nothing is lost on the way back");
}

#[tokio::test]
async fn import_over_http_against_a_loopback_server() {
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let (Some(request_json), Some(response_json)) = (example(ExampleDirection::Request), example(ExampleDirection::Response)) else {
        return;
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import"))
        .and(header("authorization", "Bearer seed-test-token"))
        .and(body_json(&request_json))
        .respond_with(ResponseTemplate::new(200).set_body_json(&response_json))
        .expect(1)
        .mount(&server)
        .await;
    let body: ImportBody = serde_json::from_value(request_json).unwrap();
    let page = client(&format!("{}/beta", server.uri()))
        .device_management()
        .imported_windows_autopilot_device_identities()
        .import(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(page.value[0].state.value().unwrap().device_error_code.into_value(), Some(15));
}

#[tokio::test]
async fn a_graph_error_body_is_a_typed_error() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let error = serde_json::json!({"error": {"code": "BadRequest", "message": "Device already imported", "innerError": {"request-id": "r-42", "date": "2021-07-16T00:00:00"}}});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400).set_body_json(&error)).mount(&server).await;
    let err = client(&format!("{}/beta", server.uri()))
        .device_management()
        .imported_windows_autopilot_device_identities()
        .import(&ImportBody::default())
        .send()
        .await
        .unwrap_err();
    let graph = err.as_graph().expect("a Graph error");
    assert_eq!((graph.status.as_u16(), graph.code.as_str(), graph.message.as_str()), (400, "BadRequest", "Device already imported"));
    assert_eq!(graph.request_id.as_deref(), Some("r-42"));
    assert!(!format!("{err:?}{err}").contains("seed-test-token"));
}
