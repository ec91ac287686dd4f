//! Regressions from the security review of the runtime against a hostile server (issue 13,
//! items 15-18 and 20-22; the claims challenge, item 19, is in `claims_challenge.rs`). Each
//! test failed on the runtime before its fix. They use only API that existed then, so they
//! can be run against the old code as they are.
#![cfg(feature = "reqwest")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{
    BoxFuture, Client, Collection, Error, FunctionArg, HttpResponse, Json, Method, NoContent, RequestBuilder,
    RetryPolicy, StaticToken, StatusCode, Transport, TransportError,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-123";

fn client_for(base: &str, retry: RetryPolicy) -> Client {
    Client::builder().base_url(&format!("{base}/beta")).token_provider(StaticToken::new(TOKEN)).retry(retry).build().unwrap()
}

fn no_wait_retries() -> RetryPolicy {
    RetryPolicy::default().with_base_delay(Duration::from_millis(1))
}

/// A loopback server that answers every request with `200` and a chunked JSON body that
/// does not end: it writes `stop_after` bytes of chunks (enough to pass any limit under
/// test without letting an unbounded client eat the machine), then holds the connection
/// open without finishing the body.
async fn endless_body_server(stop_after: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let start = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if socket.write_all(start).await.is_err() {
                    return;
                }
                let mut chunk = b"10000\r\n".to_vec();
                chunk.extend(std::iter::repeat(b' ').take(0x10000));
                chunk.extend_from_slice(b"\r\n");
                let mut written = 0u64;
                while written < stop_after {
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                    written += 0x10000;
                }
                // The body never ends; the client has to stop by itself.
                std::future::pending::<()>().await;
            });
        }
    });
    format!("http://{address}")
}

// Item 15: an endless body grew the client's memory without bound (1.5 GB in 2.8 s).
#[tokio::test]
async fn an_endless_response_body_stops_at_the_default_limit() {
    const DEFAULT_LIMIT: u64 = 64 << 20;
    let base = endless_body_server(2 * DEFAULT_LIMIT).await;
    let c = client_for(&base, RetryPolicy::none());
    let call = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("me")).send();
    let result = tokio::time::timeout(Duration::from_secs(30), call)
        .await
        .expect("the client kept reading a body without end instead of stopping at its limit");
    let err = result.unwrap_err();
    assert!(err.to_string().contains(&format!("larger than the limit of {DEFAULT_LIMIT} bytes")), "{err}");
    assert_eq!(err.status(), Some(StatusCode::OK));
}

async fn mount_page(server: &MockServer, skiptoken: Option<&str>, items: Value, next: Option<String>) {
    let mut body = json!({"value": items});
    if let Some(next) = next {
        body["@odata.nextLink"] = Value::from(next);
    }
    let mock = Mock::given(method("GET")).and(path("/beta/users"));
    let mock = match skiptoken {
        Some(token) => mock.and(query_param("$skiptoken", token)),
        None => mock.and(query_param("$top", "2")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(server).await;
}

// Item 16: a nextLink cycle over two or more pages never ended (only A -> A was caught).
#[tokio::test]
async fn a_next_link_cycle_over_several_pages_ends_with_an_error() {
    let server = MockServer::start().await;
    let first = format!("{}/beta/users?$top=2", server.uri());
    let link = |token: &str| format!("{}/beta/users?$skiptoken={token}", server.uri());
    // A -> B -> A, and (from another start) B -> C -> B.
    mount_page(&server, None, json!([1, 2]), Some(link("b"))).await;
    mount_page(&server, Some("b"), json!([3]), Some(first.clone())).await;
    let c = client_for(&server.uri(), RetryPolicy::none());
    let pages: Vec<_> = RequestBuilder::<Collection<i32>>::new(&c, Method::GET, c.path().segment("users"))
        .top(2)
        .pages()
        .take(10)
        .collect()
        .await;
    assert_eq!(pages.len(), 3, "two pages, then the error that ends the stream: {pages:?}");
    assert_eq!(pages[0].as_ref().unwrap().value, vec![1, 2]);
    assert_eq!(pages[1].as_ref().unwrap().value, vec![3]);
    match &pages[2] {
        Err(Error::InvalidUrl(message)) => assert!(message.contains(&first), "{message}"),
        other => panic!("expected the cycle to be reported, got {other:?}"),
    }

    let server = MockServer::start().await;
    let link = |token: &str| format!("{}/beta/users?$skiptoken={token}", server.uri());
    mount_page(&server, None, json!([1]), Some(link("b"))).await;
    mount_page(&server, Some("b"), json!([2]), Some(link("c"))).await;
    mount_page(&server, Some("c"), json!([3]), Some(link("b"))).await;
    let c = client_for(&server.uri(), RetryPolicy::none());
    let items: Vec<_> =
        RequestBuilder::<Collection<i32>>::new(&c, Method::GET, c.path().segment("users")).top(2).stream().take(20).collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(items[..3].iter().all(Result::is_ok) && matches!(items[3], Err(Error::InvalidUrl(_))), "{items:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "each page is fetched once");
}

// Item 17: a POST answered 503 or 504 was sent again, so a create could happen twice.
#[tokio::test]
async fn a_post_is_not_sent_again_after_503_or_504() {
    for status in [503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).insert_header("Retry-After", "0"))
            .mount(&server)
            .await;
        let c = client_for(&server.uri(), no_wait_retries());
        let err = RequestBuilder::<NoContent>::new(&c, Method::POST, c.path().segment("users"))
            .json_body(&json!({"displayName": "Ann"}))
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "POST after {status}");
    }
}

// Item 17, the other side: what is safe to repeat still is.
#[tokio::test]
async fn throttled_posts_and_unavailable_idempotent_requests_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    for verb in ["GET", "PUT", "DELETE"] {
        Mock::given(method(verb)).respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0")).mount(&server).await;
    }
    let c = client_for(&server.uri(), no_wait_retries().with_max_retries(2));
    for verb in [Method::POST, Method::GET, Method::PUT, Method::DELETE] {
        let err = RequestBuilder::<NoContent>::new(&c, verb.clone(), c.path().segment("x")).send().await.unwrap_err();
        assert!(err.status().is_some(), "{err}");
        let sent = server.received_requests().await.unwrap().into_iter().filter(|r| r.method.as_str() == verb.as_str()).count();
        assert_eq!(sent, 3, "{verb}");
    }
}

// Item 18: headers set by hand followed a nextLink to another host.
#[tokio::test]
async fn hand_set_credentials_do_not_follow_a_next_link_to_another_origin() {
    let graph = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    // graph -> elsewhere -> graph: credentials are dropped for the foreign page only.
    mount_page(&graph, None, json!([1]), Some(format!("{}/beta/users?$skiptoken=b", elsewhere.uri()))).await;
    mount_page(&elsewhere, Some("b"), json!([2]), Some(format!("{}/beta/users?$skiptoken=c", graph.uri()))).await;
    mount_page(&graph, Some("c"), json!([3]), None).await;
    let c = client_for(&graph.uri(), RetryPolicy::none());
    let items = RequestBuilder::<Collection<i32>>::new(&c, Method::GET, c.path().segment("users"))
        .top(2)
        .header("X-Api-Key", "hand-set-key")
        .header("Cookie", "session=hand-set-cookie")
        .header("ConsistencyLevel", "eventual")
        .header("Prefer", "odata.maxpagesize=2")
        .send_all()
        .await
        .unwrap();
    assert_eq!(items, vec![1, 2, 3]);

    let foreign = elsewhere.received_requests().await.unwrap();
    assert_eq!(foreign.len(), 1);
    let sent = &foreign[0].headers;
    for secret in ["authorization", "x-api-key", "cookie"] {
        assert!(!sent.contains_key(secret), "{secret} was sent to another origin");
    }
    assert_eq!(sent.get("consistencylevel").unwrap(), "eventual", "headers that shape paging still follow");
    assert_eq!(sent.get("prefer").unwrap(), "odata.maxpagesize=2");

    let home = graph.received_requests().await.unwrap();
    assert_eq!(home.len(), 2);
    for r in &home {
        assert_eq!(r.headers.get("x-api-key").unwrap(), "hand-set-key", "{}", r.url);
        assert_eq!(r.headers.get("authorization").unwrap(), "Bearer secret-token-123");
    }
}

// Item 20: `FunctionArg::raw` let caller text add an OData argument; servers decode the
// percent-encoding before they read the call, so `%2C` is a comma to them.
#[test]
fn a_raw_function_argument_cannot_add_an_argument() {
    let c = Client::builder().base_url("https://graph.example/beta").build().unwrap();
    let reports = c.path().segment("reports");
    let smuggled = reports.function("getDeskUsageTrend", &[("weeks", FunctionArg::raw("5,period='D90'"))]);
    let err = smuggled.to_url().unwrap_err();
    assert!(matches!(err, Error::InvalidUrl(_)), "{err:?}");
    let request = RequestBuilder::<NoContent>::new(&c, Method::GET, smuggled).to_request();
    assert!(request.is_err(), "{request:?}");
    // Literals still pass; strings go quoted.
    let fine = reports.function("f", &[("weeks", FunctionArg::raw(5)), ("period", FunctionArg::string("D7,x='y'"))]);
    assert_eq!(fine.to_url().unwrap(), "https://graph.example/beta/reports/f(weeks=5,period='D7%2Cx%3D''y''')");
}

/// A transport on the test's clock: every attempt takes `attempt` and is answered `503`.
struct SlowUnavailable {
    attempt: Duration,
    attempts: Arc<AtomicUsize>,
}

impl Transport for SlowUnavailable {
    fn send(&self, _: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        let attempt = self.attempt;
        Box::pin(async move {
            tokio::time::sleep(attempt).await;
            let mut headers = http::HeaderMap::new();
            headers.insert("retry-after", "0".parse().unwrap());
            Ok(HttpResponse { status: StatusCode::SERVICE_UNAVAILABLE, headers, body: Vec::new() })
        })
    }
}

// Item 21: `max_total_time` bounded only the waits, so a 2 s budget became 3 s.
#[tokio::test(start_paused = true)]
async fn max_total_time_bounds_the_attempts_too() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let budget = Duration::from_secs(2);
    let c = Client::builder()
        .transport(SlowUnavailable { attempt: Duration::from_millis(1500), attempts: attempts.clone() })
        .retry(RetryPolicy::default().with_max_total_time(budget))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let err = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap_err();
    let took = started.elapsed();
    assert!(took <= budget, "the call took {took:?} with a budget of {budget:?}");
    assert!(err.to_string().contains("did not finish within 2s"), "{err}");
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "the second attempt was started and cut short");
}

// Item 22: `Client`'s Debug printed a password embedded in the base URL or a token origin.
#[test]
fn debug_output_and_errors_never_show_a_password_in_a_url() {
    let builder = Client::builder()
        .base_url("https://admin:hunter2@graph.example/beta")
        .allow_token_origin("https://svc:pa55word@files.example")
        .token_provider(StaticToken::new(TOKEN));
    let builder_text = format!("{builder:?}");
    let c = builder.build().unwrap();
    let request = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path().segment("me"));
    let shown = [
        builder_text,
        format!("{c:?}"),
        format!("{:?}", c.path().segment("me")),
        format!("{request:?}"),
        format!("{:?}", request.to_request().unwrap()),
    ];
    for text in &shown {
        for secret in ["hunter2", "pa55word", TOKEN] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(shown[1].contains("graph.example"), "{}", shown[1]);

    let err = Client::builder().base_url("https://admin:hunter2@graph.example/beta?x=1").build().unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}
