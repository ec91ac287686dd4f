//! JSON batching (`$batch`) with the client generated from `docs/`, against a loopback
//! server that plays the batch service: generated request builders go in, their typed
//! results (or their own errors) come out; throttled requests are sent again after their
//! `Retry-After`; `dependsOn` reaches the service, and a failed dependency fails its
//! dependents; more than 20 requests go in several calls.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graphgen_docs_sdk::models::{StaffCertification, StaffMember};
use graphgen_docs_sdk::runtime::{self, Batch, Error, RetryPolicy, StaticToken};
use graphgen_docs_sdk::GraphClient;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "batch-test-token";

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

/// A `$batch` endpoint answering each member with `answer(call number from 1, member)`,
/// and keeping every call's members.
#[derive(Clone, Default)]
struct BatchService {
    calls: Arc<Mutex<Vec<Vec<Value>>>>,
}

impl BatchService {
    async fn mount(&self, server: &MockServer, answer: impl Fn(u32, &Value) -> Value + Send + Sync + 'static) {
        let calls = self.calls.clone();
        let count = AtomicU32::new(0);
        Mock::given(method("POST"))
            .and(path("/beta/$batch"))
            .respond_with(move |request: &Request| {
                let call = count.fetch_add(1, Ordering::SeqCst) + 1;
                let body: Value = serde_json::from_slice(&request.body).unwrap();
                let members = body["requests"].as_array().unwrap().clone();
                let responses: Vec<Value> = members.iter().map(|m| answer(call, m)).collect();
                calls.lock().unwrap().push(members);
                ResponseTemplate::new(200).set_body_json(json!({ "responses": responses }))
            })
            .mount(server)
            .await;
    }

    fn calls(&self) -> Vec<Vec<Value>> {
        self.calls.lock().unwrap().clone()
    }
}

fn ok(id: &Value, status: u16, body: Value) -> Value {
    json!({"id": id, "status": status, "headers": {"Content-Type": "application/json"}, "body": body})
}

fn error(id: &Value, status: u16, code: &str) -> Value {
    let mut answer = ok(id, status, json!({"error": {"code": code, "message": format!("{code} for {id}")}}));
    if status == 429 {
        answer["headers"]["Retry-After"] = json!("1");
    }
    answer
}

fn ids(members: &[Value]) -> Vec<&str> {
    members.iter().map(|m| m["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn typed_results_and_a_per_request_error() {
    let server = MockServer::start().await;
    let service = BatchService::default();
    service
        .mount(&server, |_, m| match m["url"].as_str().unwrap() {
            "/staffMembers/m-1" => ok(&m["id"], 200, json!({"id": "m-1", "displayName": "Ada"})),
            "/staffMembers/missing" => error(&m["id"], 404, "Request_ResourceNotFound"),
            "/staffMembers?$top=2" => ok(&m["id"], 200, json!({"value": [{"id": "a"}, {"id": "b"}]})),
            "/staffMembers/m-1/certifications" => ok(&m["id"], 201, json!({"id": "c-1", "title": m["body"]["title"]})),
            other => panic!("unexpected {other}"),
        })
        .await;
    let graph = client(&server);

    let mut batch = Batch::new(graph.client());
    let ada = batch.add(graph.staff_members().by_id("m-1").get());
    let missing = batch.add(graph.staff_members().by_id("missing").get());
    let page = batch.add(graph.staff_members().list().top(2));
    let certification = StaffCertification { title: "First aid".to_owned().into(), ..Default::default() };
    let created = batch.add(graph.staff_members().by_id("m-1").certifications().create(&certification));
    let mut responses = batch.send().await.unwrap();

    let ada: StaffMember = responses.take(ada).unwrap();
    assert_eq!(ada.display_name.as_deref(), Some("Ada"));
    let err = responses.take(missing).unwrap_err();
    let graph_error = err.as_graph().unwrap_or_else(|| panic!("a Graph error, got {err:?}"));
    assert_eq!((graph_error.status.as_u16(), graph_error.code.as_str()), (404, "Request_ResourceNotFound"));
    let page = responses.take(page).unwrap();
    assert_eq!(page.value.iter().map(|m| m.id.clone().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
    let created: StaffCertification = responses.take(created).unwrap();
    assert_eq!((created.id.as_deref(), created.title.as_deref()), (Some("c-1"), Some("First aid")));

    // One call; each member as the service documents it: relative URL, headers, JSON body.
    let calls = service.calls();
    assert_eq!(calls.len(), 1);
    let post = &calls[0][3];
    assert_eq!(post["method"], "POST");
    assert_eq!(post["headers"]["Content-Type"], "application/json");
    assert_eq!(post["body"], json!({"title": "First aid"}));
    assert_eq!(calls[0][0]["method"], "GET");
    assert_eq!(calls[0][0]["headers"]["Accept"], "application/json");
    // The token travels on the `$batch` call only, never inside it.
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].headers.get("authorization").unwrap(), &format!("Bearer {TOKEN}"));
    assert!(!String::from_utf8_lossy(&received[0].body).contains(TOKEN));
}

#[tokio::test]
async fn a_throttled_request_goes_again_after_its_retry_after_with_its_dependent() {
    let server = MockServer::start().await;
    let service = BatchService::default();
    service
        .mount(&server, |call, m| {
            let id = &m["id"];
            match (call, id.as_str().unwrap()) {
                (_, "1") => ok(id, 200, json!({"id": "m-1"})),
                (1, "2") => error(id, 429, "TooManyRequests"),
                // As the service does: a request whose dependency failed is not run.
                (1, "3") => error(id, 424, "failedDependency"),
                (2, "2") => ok(id, 200, json!({"id": "m-2"})),
                (2, "3") => ok(id, 204, Value::Null),
                other => panic!("unexpected {other:?}"),
            }
        })
        .await;
    let graph = client(&server);

    let mut batch = Batch::new(graph.client());
    let first = batch.add(graph.staff_members().by_id("m-1").get());
    let throttled = batch.add(graph.staff_members().by_id("m-2").get());
    let dependent = batch.add_after(graph.staff_members().by_id("m-2").manager().r#ref().put_by_id("m-1"), [throttled.id()]);
    let started = Instant::now();
    let mut responses = batch.send().await.unwrap();
    let waited = started.elapsed();

    assert_eq!(responses.take(first).unwrap().id.as_deref(), Some("m-1"));
    assert_eq!(responses.take(throttled).unwrap().id.as_deref(), Some("m-2"));
    responses.take(dependent).unwrap();
    let calls = service.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(ids(&calls[0]), ["1", "2", "3"]);
    // Only the throttled request and its dependent go again, still linked.
    assert_eq!(ids(&calls[1]), ["2", "3"]);
    assert_eq!(calls[1][1]["dependsOn"], json!(["2"]));
    assert_eq!(calls[1][1]["url"], "/staffMembers/m-2/manager/$ref");
    assert_eq!(calls[1][1]["body"]["@odata.id"], json!(format!("{}/beta/staffMembers/m-1", server.uri())));
    // The client's own back-off is 10 ms, so a wait of about a second is Retry-After's.
    assert!(waited >= Duration::from_millis(950), "Retry-After: 1 was not honoured ({waited:?})");
}

#[tokio::test]
async fn throttling_that_outlasts_the_retry_policy_is_the_requests_own_error() {
    let server = MockServer::start().await;
    let service = BatchService::default();
    service
        .mount(&server, |_, m| match m["id"].as_str().unwrap() {
            "1" => json!({"id": "1", "status": 429, "headers": {"Retry-After": "0"}, "body": {"error": {"code": "TooManyRequests", "message": "slow"}}}),
            _ => ok(&m["id"], 200, json!({"id": "fine"})),
        })
        .await;
    let graph = GraphClient::new(
        runtime::Client::builder()
            .base_url(&format!("{}/beta", server.uri()))
            .retry(RetryPolicy::default().with_max_retries(2))
            .build()
            .unwrap(),
    );
    let mut batch = Batch::new(graph.client());
    let always_throttled = batch.add(graph.staff_members().by_id("x").get());
    let fine = batch.add(graph.staff_members().by_id("y").get());
    let mut responses = batch.send().await.unwrap();

    assert_eq!(responses.status(&always_throttled).map(|s| s.as_u16()), Some(429));
    let err = responses.take(always_throttled).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(responses.take(fine).unwrap().id.as_deref(), Some("fine"));
    // The first call and two retries of the throttled request alone.
    let calls = service.calls();
    assert_eq!(calls.iter().map(|c| ids(c)).collect::<Vec<_>>(), [vec!["1", "2"], vec!["1"], vec!["1"]]);
}

#[tokio::test]
async fn more_than_twenty_requests_go_in_order_in_several_calls() {
    let server = MockServer::start().await;
    let service = BatchService::default();
    service
        .mount(&server, |_, m| match m["url"].as_str().unwrap() {
            "/staffMembers/gone" => error(&m["id"], 404, "Request_ResourceNotFound"),
            url => ok(&m["id"], 200, json!({"id": url.rsplit('/').next().unwrap()})),
        })
        .await;
    let graph = client(&server);

    let mut batch = Batch::new(graph.client());
    let gone = batch.add(graph.staff_members().by_id("gone").get());
    let found = batch.add(graph.staff_members().by_id("found").get());
    let mut fillers = Vec::new();
    for i in 0..18 {
        fillers.push(batch.add(graph.staff_members().by_id(format!("f{i}")).get()));
    }
    // In the second call: one after a failed request, one after a successful one.
    let after_gone = batch.add_after(graph.staff_members().by_id("a").get(), [gone.id()]);
    let after_found = batch.add_after(graph.staff_members().by_id("b").get(), [found.id()]);
    // A dependency that is no earlier request.
    let dangling = batch.add_after(graph.staff_members().by_id("c").get(), ["99"]);
    assert_eq!(batch.len(), 23);
    let mut responses = batch.send().await.unwrap();

    let calls = service.calls();
    assert_eq!(calls.iter().map(Vec::len).collect::<Vec<_>>(), [20, 1]);
    assert_eq!(ids(&calls[1]), ["22"]);
    // Its dependency was answered in the first call: the service is not asked to wait for it.
    assert!(calls[1][0].get("dependsOn").is_none());
    for (i, filler) in fillers.into_iter().enumerate() {
        assert_eq!(responses.take(filler).unwrap().id.as_deref(), Some(format!("f{i}").as_str()));
    }
    assert_eq!(responses.take(after_found).unwrap().id.as_deref(), Some("b"));
    let err = responses.take(after_gone).unwrap_err();
    assert_eq!(err.as_graph().map(|g| (g.status.as_u16(), g.code.as_str())), Some((424, "failedDependency")));
    assert!(matches!(responses.take(dangling), Err(Error::Encode(m)) if m.contains("\"99\"")));
    assert!(responses.take(gone).is_err());
}

#[tokio::test]
async fn a_request_that_cannot_be_built_fails_alone_and_its_dependents_are_not_sent() {
    let server = MockServer::start().await;
    let service = BatchService::default();
    service.mount(&server, |_, m| ok(&m["id"], 200, json!({"id": "fine"}))).await;
    let graph = client(&server);

    let mut batch = Batch::new(graph.client());
    let empty_key = batch.add(graph.staff_members().by_id("").get());
    let after = batch.add_after(graph.staff_members().by_id("x").get(), [empty_key.id()]);
    let fine = batch.add(graph.staff_members().by_id("y").get());
    let mut responses = batch.send().await.unwrap();

    assert!(matches!(responses.take(empty_key), Err(Error::InvalidUrl(_))));
    assert_eq!(responses.take(after).unwrap_err().status().map(|s| s.as_u16()), Some(424));
    assert_eq!(responses.take(fine).unwrap().id.as_deref(), Some("fine"));
    assert_eq!(service.calls().iter().map(|c| ids(c)).collect::<Vec<_>>(), [vec!["3"]]);
}
