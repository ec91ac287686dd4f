//! The whole request path against a real loopback HTTP server (needs the default transport).
#![cfg(feature = "reqwest")]

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{
    AccessToken, BoxFuture, Bytes, Client, Collection, Error, Json, Method, NoContent, RequestBuilder, RetryPolicy,
    StaticToken, TokenProvider,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-123";

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(&format!("{}/beta", server.uri()))
        .token_provider(StaticToken::new(TOKEN))
        .retry(retry)
        .build()
        .unwrap()
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy::default().with_max_retries(max_retries).with_base_delay(Duration::from_millis(5))
}

fn assert_no_token(error: &Error) {
    assert!(!format!("{error}").contains(TOKEN), "{error}");
    assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
}

#[tokio::test]
async fn json_get_sends_the_bearer_token_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/beta/users/a%2Fb%3Fc/manager"))
        .and(query_param("$select", "id,displayName"))
        .and(header("authorization", "Bearer secret-token-123"))
        .and(header("accept", "application/json"))
        .and(header("consistencylevel", "eventual"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "1", "displayName": "Ann"})))
        .expect(1)
        .mount(&server)
        .await;

    let c = client(&server, RetryPolicy::default());
    let user: Value = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("users").key("a/b?c").segment("manager"))
        .select(["id", "displayName"])
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .unwrap();
    assert_eq!(user["displayName"], "Ann");
}

#[tokio::test]
async fn json_body_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/beta/things"))
        .and(header("content-type", "application/json"))
        .and(wiremock::matchers::body_json(json!({"name": "x", "cleared": null})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "new"})))
        .expect(1)
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::none());
    let created: Value = RequestBuilder::<Json<Value>>::new(&c, Method::POST, c.path().segment("things"))
        .json_body(&json!({"name": "x", "cleared": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(created["id"], "new");
}

async fn mount_three_pages(server: &MockServer, next_host: &str) {
    let page = |items: Value, next: Option<String>| {
        let mut body = json!({"@odata.context": "ctx", "value": items});
        if let Some(next) = next {
            body["@odata.nextLink"] = Value::from(next);
        } else {
            body["@odata.deltaLink"] = Value::from("delta-token-link");
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$top", "2"))
        .respond_with(page(json!([1, 2]), Some(format!("{next_host}/beta/users?$skiptoken=p2"))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(page(json!([3, 4]), Some(format!("{next_host}/beta/users?$skiptoken=p3"))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "p3"))
        .respond_with(page(json!([5]), None))
        .mount(server)
        .await;
}

#[tokio::test]
async fn paging_follows_next_links_in_order() {
    let server = MockServer::start().await;
    mount_three_pages(&server, &server.uri()).await;
    let c = client(&server, RetryPolicy::none());
    let list = || RequestBuilder::<Collection<i32>>::new(&c, Method::GET, c.path().segment("users")).top(2).header("ConsistencyLevel", "eventual");

    let items: Vec<i32> = list().stream().map(Result::unwrap).collect().await;
    assert_eq!(items, vec![1, 2, 3, 4, 5]);
    assert_eq!(list().send_all().await.unwrap(), vec![1, 2, 3, 4, 5]);

    let first = list().send().await.unwrap();
    assert_eq!(first.value, vec![1, 2]);
    assert!(first.next_link.unwrap().ends_with("$skiptoken=p2"));

    let pages: Vec<_> = list().pages().collect().await;
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2].as_ref().unwrap().delta_link.as_deref(), Some("delta-token-link"));

    // Every page request carried the token and the first request's headers.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3 + 3 + 1 + 3);
    for r in &requests {
        assert_eq!(r.headers.get("authorization").unwrap(), "Bearer secret-token-123");
        assert_eq!(r.headers.get("consistencylevel").unwrap(), "eventual");
    }
}

#[tokio::test]
async fn the_token_is_not_sent_to_another_host() {
    let graph = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(path("/beta/users"))
        .and(query_param("$top", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [1], "@odata.nextLink": format!("{}/beta/users?$skiptoken=p2", elsewhere.uri())})))
        .mount(&graph)
        .await;
    mount_three_pages(&elsewhere, &elsewhere.uri()).await;
    let c = client(&graph, RetryPolicy::none());
    let items = RequestBuilder::<Collection<i32>>::new(&c, Method::GET, c.path().segment("users")).top(2).send_all().await.unwrap();
    assert_eq!(items, vec![1, 3, 4, 5]);
    let foreign = elsewhere.received_requests().await.unwrap();
    assert_eq!(foreign.len(), 2);
    assert!(foreign.iter().all(|r| !r.headers.contains_key("authorization")));
}

#[tokio::test]
async fn throttling_is_retried_after_the_requested_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .with_priority(3)
        .mount(&server)
        .await;

    let c = client(&server, RetryPolicy::default());
    let started = Instant::now();
    let body: Value = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap();
    assert_eq!(body["ok"], true);
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was not honoured");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].headers.get("retry-attempt").is_none());
    assert_eq!(requests[2].headers.get("retry-attempt").unwrap(), "2");
    // The token is fetched and attached on every attempt.
    assert!(requests.iter().all(|r| r.headers.get("authorization").unwrap() == "Bearer secret-token-123"));
}

#[tokio::test]
async fn unavailable_is_retried_up_to_the_bound_then_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": {"code": "serviceNotAvailable", "message": "try later"}})))
        .mount(&server)
        .await;
    let c = client(&server, fast_retries(2));
    // A POST is retried on 503 only when the caller vouches that repeating it is harmless.
    let err = RequestBuilder::<NoContent>::new(&c, Method::POST, c.path().segment("x"))
        .json_body(&json!({"a": 1}))
        .idempotent()
        .send()
        .await
        .unwrap_err();
    let graph = err.as_graph().expect("a Graph error");
    assert_eq!(graph.status.as_u16(), 503);
    assert_eq!(graph.code, "serviceNotAvailable");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    // The body is replayed on every attempt.
    assert!(requests.iter().all(|r| r.body == br#"{"a":1}"#));
    assert_no_token(&err);
}

#[tokio::test]
async fn a_wait_beyond_the_time_budget_is_not_taken() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "120"))
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::default().with_max_total_time(Duration::from_secs(5)));
    let started = Instant::now();
    let err = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path()).send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(err.status().unwrap().as_u16(), 429);
    assert_eq!(err.as_graph().unwrap().retry_after, Some(120));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn graph_error_bodies_become_graph_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("request-id", "req-123")
                .set_body_json(json!({"error": {
                    "code": "Request_ResourceNotFound",
                    "message": "Resource 'x' does not exist.",
                    "innerError": {"date": "2024-05-01T10:00:00", "request-id": "inner-req", "client-request-id": "cli-9"}
                }})),
        )
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::default());
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("users").key("x")).send().await.unwrap_err();
    let Error::Graph(g) = &err else { panic!("{err:?}") };
    assert_eq!(g.status.as_u16(), 404);
    assert_eq!(g.code, "Request_ResourceNotFound");
    assert_eq!(g.message, "Resource 'x' does not exist.");
    assert_eq!(g.request_id.as_deref(), Some("req-123"));
    assert_eq!(g.client_request_id.as_deref(), Some("cli-9"));
    assert_eq!(g.date.as_deref(), Some("2024-05-01T10:00:00"));
    let shown = err.to_string();
    assert!(shown.contains("Request_ResourceNotFound") && shown.contains("req-123") && shown.contains("404"), "{shown}");
    assert_no_token(&err);
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "404 must not be retried");
}

#[tokio::test]
async fn html_error_pages_become_non_json_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"))
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::default());
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap_err();
    match &err {
        Error::NonJson { status, content_type, body } => {
            assert_eq!(status.as_u16(), 502);
            assert_eq!(content_type.as_deref(), Some("text/html"));
            assert!(body.contains("Bad Gateway"));
        }
        other => panic!("expected NonJson, got {other:?}"),
    }
    assert!(err.to_string().contains("not JSON"));
    assert_no_token(&err);
}

#[tokio::test]
async fn no_content_and_binary_responses() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let photo = vec![0x89, b'P', b'N', b'G', 0, 0xff];
    Mock::given(method("GET"))
        .and(path("/beta/me/photo/$value"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(photo.clone(), "image/png"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-type", "image/png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![], "application/octet-stream"))
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::none());

    RequestBuilder::<NoContent>::new(&c, Method::DELETE, c.path().segment("users").key("1")).send().await.unwrap();
    let bytes = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path().segment("me").segment("photo").segment("$value"))
        .send()
        .await
        .unwrap();
    assert_eq!(bytes, photo);
    RequestBuilder::<Bytes>::new(&c, Method::PUT, c.path().segment("me").segment("photo").segment("$value"))
        .bytes_body("image/png", photo.clone())
        .send()
        .await
        .unwrap();
    let uploaded = server.received_requests().await.unwrap();
    assert_eq!(uploaded.last().unwrap().body, photo);
}

struct FailingProvider;
impl TokenProvider for FailingProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async { Err(Error::auth("credentials expired")) })
    }
}

#[tokio::test]
async fn token_provider_failures_are_auth_errors_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let c = Client::builder().base_url(&server.uri()).token_provider(FailingProvider).build().unwrap();
    let err = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path()).send().await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("credentials expired"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_transport_errors() {
    let c = Client::builder()
        .base_url("http://127.0.0.1:9/beta")
        .token_provider(StaticToken::new(TOKEN))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(!format!("{c:?}").contains(TOKEN));
    let request = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path().segment("me"));
    assert!(!format!("{request:?}").contains(TOKEN));
    assert!(request.to_request().unwrap().header("authorization").is_none());
    // Port 9 (discard) is closed on loopback: a connection error.
    let err = request.send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_no_token(&err);
}
