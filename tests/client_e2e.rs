//! End-to-end tests of the client generated from `docs/` at build time: the
//! generated builders plus the runtime's `send()`, against a wiremock server
//! on loopback. Each test asserts what the server actually received (method,
//! exact path, exact query, exact JSON body, headers) and what the caller got
//! back, so a fault anywhere between builder and decoder shows up here.

mod support;

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use graphgen::schema::{ExampleDirection, Operation};
use graphgen_docs_sdk::models::StaffMember;
use graphgen_docs_sdk::requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody as ImportBody;
use graphgen_docs_sdk::requests::me::StaffMembersUpdateStaffMemberRequestBody as StaffMemberUpdate;
use graphgen_docs_sdk::runtime::{self, Error, Nullable, RetryPolicy, StaticToken};
use graphgen_docs_sdk::GraphClient;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "e2e-test-token";

/// A client for `server` under `/beta`, with fast retries so throttling tests stay quick
/// when the server sends no `Retry-After`.
fn client(server: &MockServer) -> GraphClient {
    let retry = RetryPolicy::default().with_base_delay(Duration::from_millis(10)).with_max_total_time(Duration::from_secs(20));
    GraphClient::new(
        runtime::Client::builder()
            .token_provider(StaticToken::new(TOKEN))
            .base_url(&format!("{}/beta", server.uri()))
            .retry(retry)
            .build()
            .unwrap(),
    )
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on by default")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The operation of one page of this repository's `docs/`, with the real pipeline.
fn docs_operation(page: &str) -> Operation {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let loaded = graphgen::pipeline::load(&docs).expect("docs/ readable");
    loaded
        .schema
        .operations
        .into_iter()
        .find(|op| op.source.file == page)
        .unwrap_or_else(|| panic!("docs/{page} yields an operation"))
}

fn example_body(op: &Operation, direction: ExampleDirection) -> Value {
    let ex = op.examples.iter().find(|e| e.direction == direction).expect("the page has the example");
    ex.body.clone().expect("the example body parses")
}

#[tokio::test]
async fn seed_import_sends_the_documented_body_and_decodes_the_documented_response() {
    let op = docs_operation(support::SEED_PAGE);
    let (request_json, response_json) =
        (example_body(&op, ExampleDirection::Request), example_body(&op, ExampleDirection::Response));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&response_json))
        .expect(1)
        .mount(&server)
        .await;

    let body: ImportBody = serde_json::from_value(request_json.clone()).unwrap();
    let page = client(&server)
        .device_management()
        .imported_windows_autopilot_device_identities()
        .import(&body)
        .send()
        .await
        .unwrap();

    let requests = received(&server).await;
    let sent = &requests[0];
    assert_eq!(sent.url.path(), "/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import");
    assert_eq!(sent.url.query(), None);
    assert_eq!(header(sent, "authorization"), Some(&*format!("Bearer {TOKEN}")));
    assert!(header(sent, "content-type").is_some_and(|v| v.starts_with("application/json")));
    assert_eq!(serde_json::from_slice::<Value>(&sent.body).unwrap(), request_json);
    let back = json!({"value": serde_json::to_value(&page.value).unwrap()});
    assert_eq!(back["value"], response_json["value"], "the typed page holds every documented member");
    assert!(!page.value.is_empty());
}

/// One page of a collection whose items carry `id`s, linking to `next` when given.
fn page_body(ids: &[&str], next: Option<String>) -> Value {
    let mut body = json!({"value": ids.iter().map(|id| json!({"id": id, "displayName": format!("name {id}")})).collect::<Vec<_>>()});
    if let Some(next) = next {
        body["@odata.nextLink"] = Value::String(next);
    }
    body
}

#[tokio::test]
async fn stream_follows_next_links_across_three_pages() {
    let server = MockServer::start().await;
    let link = |token: &str| format!("{}/beta/staffMembers?$top=2&$skiptoken={token}", server.uri());
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&["a", "b"], Some(link("p2")))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&["c", "d"], Some(link("p3")))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&["e"], None)))
        .expect(1)
        .mount(&server)
        .await;

    let members: Vec<StaffMember> = client(&server)
        .staff_members()
        .list()
        .top(2)
        .count(true)
        .header("ConsistencyLevel", "eventual")
        .stream()
        .try_collect()
        .await
        .unwrap();

    let ids: Vec<&str> = members.iter().map(|m| m.id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(members[4].display_name.as_deref(), Some("name e"));
    let requests = received(&server).await;
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(queries, [Some("$top=2&$count=true"), Some("$top=2&$skiptoken=p2"), Some("$top=2&$skiptoken=p3")]);
    for r in &requests {
        assert_eq!(header(r, "consistencylevel"), Some("eventual"), "documented headers go with every page");
        assert_eq!(header(r, "authorization"), Some(&*format!("Bearer {TOKEN}")));
    }
}

#[tokio::test]
async fn throttled_429_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    // Mounted first, so it answers first; after one use the success mock takes over.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .set_body_json(json!({"error": {"code": "TooManyRequests", "message": "slow down"}})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "m-1", "displayName": "Ada"})))
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let member = client(&server).staff_members().by_id("m-1").get().send().await.unwrap();
    let waited = started.elapsed();

    assert_eq!(member.display_name.as_deref(), Some("Ada"));
    // The policy's own back-off is 10 ms here, so a wait of about a second is Retry-After's.
    assert!(waited >= Duration::from_millis(950), "Retry-After: 1 was not honoured (waited {waited:?})");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url, requests[1].url, "the retry repeats the same request");
}

#[tokio::test]
async fn graph_error_body_becomes_a_typed_error() {
    let server = MockServer::start().await;
    let body = json!({
        "error": {
            "code": "Request_ResourceNotFound",
            "message": "No staff member has this id.",
            "innerError": {"date": "2024-05-01T10:00:00", "request-id": "inner-id", "client-request-id": "c-7"}
        }
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).insert_header("request-id", "header-id").set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).staff_members().by_id("missing").get().send().await.unwrap_err();

    let graph = err.as_graph().unwrap_or_else(|| panic!("a Graph error, got {err:?}"));
    assert_eq!(graph.status.as_u16(), 404);
    assert_eq!(graph.code, "Request_ResourceNotFound");
    assert_eq!(graph.message, "No staff member has this id.");
    assert_eq!(graph.request_id.as_deref(), Some("header-id"), "the response header wins over innerError");
    assert_eq!(graph.client_request_id.as_deref(), Some("c-7"));
    assert_eq!(graph.date.as_deref(), Some("2024-05-01T10:00:00"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("Request_ResourceNotFound") && shown.contains("header-id"), "{shown}");
    assert!(!shown.contains(TOKEN), "the token never appears in errors");
}

#[tokio::test]
async fn non_json_error_body_is_kept_as_text() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).staff_members().list().send().await.unwrap_err();

    match &err {
        Error::NonJson { status, content_type, body } => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert_eq!(body, html);
        }
        other => panic!("expected a non-JSON error, got {other:?}"),
    }
    assert!(err.as_graph().is_none());
}

#[tokio::test]
async fn key_with_slash_question_mark_and_hash_stays_one_path_segment() {
    let server = MockServer::start().await;
    let id = "dept/a?b=c#d 50%";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": id})))
        .expect(1)
        .mount(&server)
        .await;

    let member = client(&server).staff_members().by_id(id).get().send().await.unwrap();

    assert_eq!(member.id.as_deref(), Some(id));
    let requests = received(&server).await;
    let sent = &requests[0];
    assert_eq!(sent.url.path(), "/beta/staffMembers/dept%2Fa%3Fb=c%23d%2050%25");
    assert_eq!(sent.url.query(), None, "`?` in a key must not start a query");
    assert_eq!(sent.url.fragment(), None, "`#` in a key must not start a fragment");
    let segments: Vec<&str> = sent.url.path_segments().unwrap().collect();
    assert_eq!(segments.len(), 3, "beta / staffMembers / <key>: {segments:?}");
}

#[tokio::test]
async fn select_filter_and_top_reach_the_server_exactly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page_body(&["a"], None)))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server)
        .staff_members()
        .list()
        .select(["id", "displayName", "jobTitle"])
        .filter("status eq 'active' and startswith(displayName,'A&B #1')")
        .top(2)
        .send()
        .await
        .unwrap();

    assert_eq!(page.value.len(), 1);
    let requests = received(&server).await;
    // `'` leaves the runtime as is and is escaped to `%27` by the URL parser of the HTTP
    // client (the WHATWG query set for http(s)); both spellings mean the same to a server.
    assert_eq!(
        requests[0].url.query(),
        Some("$select=id,displayName,jobTitle&$filter=status%20eq%20%27active%27%20and%20startswith(displayName,%27A%26B%20%231%27)&$top=2")
    );
    // And what a server framework decodes from it:
    let pairs: Vec<(String, String)> = requests[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(
        pairs,
        [
            ("$select".to_owned(), "id,displayName,jobTitle".to_owned()),
            ("$filter".to_owned(), "status eq 'active' and startswith(displayName,'A&B #1')".to_owned()),
            ("$top".to_owned(), "2".to_owned()),
        ]
    );
}

#[tokio::test]
async fn patch_sends_one_explicit_null_and_omits_unset_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "m-9", "jobTitle": null, "weeklyHoursTarget": 24.0})),
        )
        .expect(1)
        .mount(&server)
        .await;

    // Set, cleared and left out, all in the type: no map entry, one key each.
    let update = StaffMemberUpdate { weekly_hours_target: Nullable::Value(24.0), job_title: Nullable::Null, ..Default::default() };
    let member = client(&server).staff_members().by_id("m-9").update(&update).send().await.unwrap();

    assert_eq!(member.weekly_hours_target, Nullable::Value(24.0));
    assert_eq!(member.job_title, Nullable::Null, "a `null` in the response stays null, not absent");
    assert!(member.display_name.is_absent());
    assert!(update.additional_properties.is_empty());
    let requests = received(&server).await;
    let sent = &requests[0];
    assert_eq!(sent.method.as_str(), "PATCH");
    assert_eq!(sent.url.path(), "/beta/staffMembers/m-9");
    assert!(header(sent, "content-type").is_some_and(|v| v.starts_with("application/json")));
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body, json!({"weeklyHoursTarget": 24.0, "jobTitle": null}));
}
