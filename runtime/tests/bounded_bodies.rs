//! How much of a response the client holds (issue 13, item 15): a limit per client and per
//! request, a typed error past it, and downloads streamed without a limit.
#![cfg(feature = "reqwest")]

use futures_util::StreamExt;
use graphgen_runtime::serde_json::Value;
use graphgen_runtime::{Bytes, Client, Error, Json, Method, RequestBuilder, RetryPolicy, StatusCode};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIMIT: u64 = 1 << 20;

async fn server_with_body(status: u16, body: Vec<u8>, content_type: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type)).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(&server.uri()).max_response_body(LIMIT).retry(RetryPolicy::none()).build().unwrap()
}

fn json_of_len(len: usize) -> Vec<u8> {
    let mut body = b"\"".to_vec();
    body.resize(len - 1, b'a');
    body.push(b'"');
    body
}

#[tokio::test]
async fn a_body_past_the_clients_limit_is_a_typed_error() {
    let server = server_with_body(200, json_of_len(LIMIT as usize + 1), "application/json").await;
    let c = client(&server);
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path()).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { status: StatusCode::OK, limit: LIMIT }), "{err:?}");
    assert_eq!(c.max_response_body(), LIMIT);

    // Exactly at the limit is fine.
    let server = server_with_body(200, json_of_len(LIMIT as usize), "application/json").await;
    let c = client(&server);
    let text: String = RequestBuilder::<Json<String>>::new(&c, Method::GET, c.path()).send().await.unwrap();
    assert_eq!(text.len(), LIMIT as usize - 2);
}

#[tokio::test]
async fn error_bodies_are_bounded_too() {
    let server = server_with_body(500, vec![b'x'; LIMIT as usize + 1], "text/html").await;
    let c = client(&server);
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path()).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { status: StatusCode::INTERNAL_SERVER_ERROR, .. }), "{err:?}");
}

#[tokio::test]
async fn a_request_can_raise_or_lower_the_limit() {
    let body = vec![7u8; 3 * LIMIT as usize];
    let server = server_with_body(200, body.clone(), "application/octet-stream").await;
    let c = client(&server);
    let err = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path()).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
    let read = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path()).max_response_body(3 * LIMIT).send().await.unwrap();
    assert_eq!(read, body);
    let err = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path()).max_response_body(10).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 10, .. }), "{err:?}");
}

#[tokio::test]
async fn downloads_stream_past_the_limit() {
    let body: Vec<u8> = (0..3 * LIMIT as usize).map(|i| (i % 251) as u8).collect();
    let server = server_with_body(200, body.clone(), "video/mp4").await;
    let c = client(&server);
    let mut stream = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path()).send_streaming().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.content_type(), Some("video/mp4"));
    assert_eq!(stream.content_length(), Some(body.len() as u64));
    let mut read = Vec::new();
    while let Some(chunk) = stream.next().await {
        read.extend(chunk.unwrap());
    }
    assert_eq!(read, body);
}

#[tokio::test]
async fn a_failed_download_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(graphgen_runtime::serde_json::json!({"error": {"code": "itemNotFound", "message": "gone"}})))
        .mount(&server)
        .await;
    let c = client(&server);
    let err = RequestBuilder::<Bytes>::new(&c, Method::GET, c.path()).send_streaming().await.unwrap_err();
    assert_eq!(err.as_graph().unwrap().code, "itemNotFound");
}
