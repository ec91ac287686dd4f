//! `$batch` on the client's retry rules: a member answered `429` goes again whatever its
//! method, one answered `503`/`504` only when it is safe to repeat; the `$batch` POST itself
//! is retried after `503` only when every member it carries is safe to repeat; its response
//! is read up to the client's body limit.

mod support;

use std::time::Duration;

use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{Batch, Client, Error, Json, Method, RequestBuilder, RetryPolicy, StaticToken};
use support::{json as json_response, response, Answer, Scripted};

fn client(transport: &Scripted) -> Client {
    Client::builder()
        .base_url("https://graph.example/beta")
        .transport(transport.clone())
        .token_provider(StaticToken::new("batch-token"))
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
        .build()
        .unwrap()
}

fn request(client: &Client, method: Method, segment: &'static str) -> RequestBuilder<Json<Value>> {
    let builder = RequestBuilder::new(client, method.clone(), client.path().segment(segment));
    if method == Method::POST {
        builder.json_body(&json!({"name": segment}))
    } else {
        builder
    }
}

/// The `$batch` answer: each member by `answer(call, member)` (`call` from 0).
fn batch_service(answer: impl Fn(usize, &Value) -> (u16, Value) + Send + Sync + 'static) -> Scripted {
    Scripted::new(move |call, sent| {
        assert!(sent.url.ends_with("/beta/$batch"), "{}", sent.url);
        let members = sent.json()["requests"].as_array().unwrap().clone();
        let responses: Vec<Value> = members
            .iter()
            .map(|m| {
                let (status, body) = answer(call, m);
                let mut headers = json!({"Content-Type": "application/json"});
                if status == 429 || status == 503 {
                    headers["Retry-After"] = json!("0");
                }
                json!({"id": m["id"], "status": status, "headers": headers, "body": body})
            })
            .collect();
        json_response(200, json!({ "responses": responses })).into()
    })
}

fn member_ids(sent: &support::Sent) -> Vec<String> {
    sent.json()["requests"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(start_paused = true)]
async fn members_go_again_on_the_clients_retry_rules() {
    let unavailable = json!({"error": {"code": "serviceNotAvailable", "message": "later"}});
    let throttled = json!({"error": {"code": "TooManyRequests", "message": "later"}});
    let service = batch_service(move |call, m| match (m["url"].as_str().unwrap(), call) {
        ("/read", 0) | ("/dedup", 0) | ("/create", _) => (503, unavailable.clone()),
        ("/throttled", 0) => (429, throttled.clone()),
        (url, _) => (200, json!({ "url": url })),
    });
    let c = client(&service);
    let mut batch = Batch::new(&c);
    let read = batch.add(request(&c, Method::GET, "read"));
    let create = batch.add(request(&c, Method::POST, "create"));
    let throttled_post = batch.add(request(&c, Method::POST, "throttled"));
    let dedup = batch.add(request(&c, Method::POST, "dedup").idempotent());
    let mut responses = batch.send().await.unwrap();

    let calls = service.sent();
    assert_eq!(calls.len(), 2);
    // The GET and the POST vouched for went again after 503; the throttled POST after 429;
    // the plain POST answered 503 did not: a gateway may have given up on a create that ran.
    assert_eq!(member_ids(&calls[1]), [read.id(), throttled_post.id(), dedup.id()]);
    assert_eq!(responses.take(read).unwrap()["url"], "/read");
    assert_eq!(responses.take(throttled_post).unwrap()["url"], "/throttled");
    assert_eq!(responses.take(dedup).unwrap()["url"], "/dedup");
    let err = responses.take(create).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

/// A `$batch` endpoint answering the whole call with `first` once, then every member 200.
fn unavailable_once(first: u16) -> Scripted {
    Scripted::new(move |call, sent| {
        if call == 0 {
            return response(first, &[("retry-after", "0")], "").into();
        }
        let responses: Vec<Value> = sent.json()["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| json!({"id": m["id"], "status": 200, "headers": {"Content-Type": "application/json"}, "body": {}}))
            .collect();
        json_response(200, json!({ "responses": responses })).into()
    })
}

#[tokio::test(start_paused = true)]
async fn the_batch_call_is_retried_after_503_only_when_all_it_carries_is_safe_to_repeat() {
    // Reads only (and a POST vouched for): the whole call goes again.
    let service = unavailable_once(503);
    let c = client(&service);
    let mut batch = Batch::new(&c);
    let read = batch.add(request(&c, Method::GET, "read"));
    let dedup = batch.add(request(&c, Method::POST, "dedup").idempotent());
    let mut responses = batch.send().await.unwrap();
    assert_eq!(service.sent().len(), 2);
    assert!(responses.take(read).is_ok() && responses.take(dedup).is_ok());

    // A create inside: the 503 is the batch's error, sent once.
    let service = unavailable_once(503);
    let c = client(&service);
    let mut batch = Batch::new(&c);
    batch.add(request(&c, Method::GET, "read"));
    batch.add(request(&c, Method::POST, "create"));
    let err = batch.send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(service.sent().len(), 1);

    // Throttling rejected the whole call before it ran: it goes again even with a create.
    let service = unavailable_once(429);
    let c = client(&service);
    let mut batch = Batch::new(&c);
    let create = batch.add(request(&c, Method::POST, "create"));
    let mut responses = batch.send().await.unwrap();
    assert_eq!(service.sent().len(), 2);
    assert!(responses.take(create).is_ok());
}

#[tokio::test]
async fn the_batch_response_is_read_up_to_the_body_limit() {
    let service = Scripted::new(|_, _| Answer::from(json_response(200, json!({"responses": [], "pad": "x".repeat(4096)}))));
    let c = Client::builder()
        .base_url("https://graph.example/beta")
        .transport(service.clone())
        .max_response_body(1024)
        .build()
        .unwrap();
    let mut batch = Batch::new(&c);
    batch.add(request(&c, Method::GET, "read"));
    let err = batch.send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1024, .. }), "{err:?}");
}
