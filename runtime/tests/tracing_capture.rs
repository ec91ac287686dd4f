//! What the runtime's `tracing` spans and events say, captured by a subscriber that writes
//! down every field of every span and event in the process (the transport's too): the
//! request, its retries and pages are there; the token, the `Authorization` header and the
//! query string never are; nor are a claims challenge's claims or a URL's password, while
//! the challenge, a refused retry, the time budget and the body limit show.
#![cfg(all(feature = "tracing", feature = "reqwest"))]

mod support;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{
    AccessToken, BoxFuture, Client, Collection, Error, Json, Method, NoContent, RequestBuilder, RetryPolicy, StaticToken,
    TokenProvider,
};
use support::{json as json_response, response, Answer, Scripted};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tracing-secret-token-42";
const FILTER_SECRET: &str = "hidden.person@contoso.com";

/// One line per span, field record and event: `kind name level: field=value ...`.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);
impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={}", field.name(), value));
    }
}

impl Capture {
    fn push(&self, kind: &str, meta: &Metadata<'_>, fields: Fields) {
        self.lines.lock().unwrap().push(format!("{kind} {} {}:{}", meta.name(), meta.level(), fields.0));
    }
    fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        self.push("span", span.metadata(), fields);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.lines.lock().unwrap().push(format!("record:{}", fields.0));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.push("event", event.metadata(), fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn requests_retries_and_pages_are_traced_without_secrets() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());

    let server = MockServer::start().await;
    let next = format!("{}/beta/users?$skiptoken=opaque-cursor-7", server.uri());
    // First page: throttled once, then served with a link to the second page.
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("request-id", "req-page-1")
                .set_body_json(json!({"value": [{"id": "1"}, {"id": "2"}], "@odata.nextLink": next})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "opaque-cursor-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "3"}]})))
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(&format!("{}/beta", server.uri()))
        .token_provider(StaticToken::new(TOKEN))
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let users: Vec<Value> = RequestBuilder::<Collection<Value>>::new(&client, Method::GET, client.path().segment("users"))
        .filter(&format!("mail eq '{FILTER_SECRET}'"))
        .header("ConsistencyLevel", "eventual")
        .send_all()
        .await
        .unwrap();
    assert_eq!(users.len(), 3);

    let text = capture.text();
    // The request spans, one per page, with method, host and path.
    let spans: Vec<&str> = text.lines().filter(|l| l.starts_with("span graph.request INFO")).collect();
    assert_eq!(spans.len(), 2, "{text}");
    for span in &spans {
        assert!(span.contains("http.request.method=GET"), "{span}");
        assert!(span.contains("server.address=127.0.0.1"), "{span}");
        assert!(span.contains("url.path=/beta/users"), "{span}");
    }
    // The first page took two attempts: a 429, a retry, then a 200 with its request id.
    assert!(text.contains("event graph.response DEBUG: attempt=1 status=429"), "{text}");
    assert!(text.contains("event graph.retry INFO: attempt=2 status=429 delay_ms=0"), "{text}");
    assert!(text.contains("event graph.response DEBUG: attempt=2 status=200"), "{text}");
    assert!(text.contains("graph.request_id=req-page-1"), "{text}");
    assert!(text.contains("http.response.status_code=200"), "{text}");
    assert!(text.contains("graph.attempts=2"), "{text}");
    // Both pages.
    assert!(text.contains("event graph.page DEBUG: items=2 has_next_link=true has_delta_link=false"), "{text}");
    assert!(text.contains("event graph.page DEBUG: items=1 has_next_link=false has_delta_link=false"), "{text}");
    // Nothing secret, from the runtime or from the transport below it.
    for secret in [TOKEN, "Bearer", "authorization", "Authorization", FILTER_SECRET, "opaque-cursor-7", "$filter", "eventual"] {
        assert!(!text.contains(secret), "the trace shows {secret:?}:\n{text}");
    }
}

/// Hands out `OLD_TOKEN`, and `FRESH_TOKEN` when asked with claims.
struct ClaimsAware;

const OLD_TOKEN: &str = "old-secret-token-1";
const FRESH_TOKEN: &str = "fresh-secret-token-2";
// base64 of CLAIMS, as Graph sends them.
const CLAIMS_B64: &str = "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNjA0MTA2NjUxIn19fQ==";
const CLAIMS: &str = r#"{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}"#;

impl TokenProvider for ClaimsAware {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async { Ok(AccessToken::new(OLD_TOKEN)) })
    }
    fn token_with_claims<'a>(&'a self, claims: &'a str) -> BoxFuture<'a, Result<Option<AccessToken>, Error>> {
        assert_eq!(claims, CLAIMS);
        Box::pin(async { Ok(Some(AccessToken::new(FRESH_TOKEN))) })
    }
}

// The rules of the hardened client as a trace shows them: a claims challenge answered (not
// what it asked for), a POST answered 503 not retried, a body past its limit, a call past
// its time budget; and a base URL with a password shows only its host.
#[tokio::test(start_paused = true)]
async fn challenges_refused_retries_limits_and_timeouts_are_traced_without_secrets() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());

    let transport = Scripted::new(|_, sent| {
        let path = sent.url.split('?').next().unwrap().rsplit('/').next().unwrap().to_owned();
        let bearer = |token: &str| sent.header("authorization") == Some(&format!("Bearer {token}"));
        match path.as_str() {
            "me" if bearer(OLD_TOKEN) => response(
                401,
                &[("www-authenticate", &format!(r#"Bearer realm="", error="insufficient_claims", claims="{CLAIMS_B64}""#))],
                "",
            )
            .into(),
            "me" if bearer(FRESH_TOKEN) => {
                let mut ok = json_response(200, json!({"id": "1"}));
                ok.headers.insert("request-id", "req-me-1".parse().unwrap());
                ok.into()
            }
            "things" => response(503, &[("retry-after", "0")], "").into(),
            "big" => json_response(200, json!({"value": "x".repeat(100)})).into(),
            // Never answers.
            _ => Answer { after: Duration::ZERO, response: None },
        }
    });
    let budget = Duration::from_secs(5);
    let client = Client::builder()
        .base_url("https://admin:hunter2@graph.example/beta")
        .transport(transport.clone())
        .token_provider(ClaimsAware)
        .retry(RetryPolicy::default().with_max_total_time(budget))
        .build()
        .unwrap();
    let get = |segment: &'static str| RequestBuilder::<Json<Value>>::new(&client, Method::GET, client.path().segment(segment));

    let me = get("me").query("$filter", FILTER_SECRET).send().await.unwrap();
    assert_eq!(me["id"], "1");
    let err = RequestBuilder::<NoContent>::new(&client, Method::POST, client.path().segment("things"))
        .json_body(&json!({"name": "x"}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let err = get("big").max_response_body(10).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 10, .. }), "{err:?}");
    let err = get("slow").send().await.unwrap_err();
    assert!(matches!(err, Error::TimedOut { .. }), "{err:?}");
    // me twice (the challenge, then the fresh token), things once, big once, slow once.
    assert_eq!(transport.sent().len(), 5);

    let text = capture.text();
    let spans: Vec<&str> = text.lines().filter(|l| l.starts_with("span graph.request INFO")).collect();
    assert_eq!(spans.len(), 4, "{text}");
    assert!(spans.iter().all(|s| s.contains("server.address=graph.example")), "{text}");
    // The challenge was met on attempt 1 and answered; attempt 2 succeeded.
    assert!(text.contains("event graph.claims_challenge INFO: attempt=1 answered=true"), "{text}");
    assert!(text.contains("event graph.response DEBUG: attempt=2 status=200"), "{text}");
    assert!(text.contains("graph.request_id=req-me-1"), "{text}");
    assert!(text.contains("graph.attempts=2"), "{text}");
    // The POST's 503 is its answer: no retry anywhere in this test.
    assert!(text.contains("event graph.response DEBUG: attempt=1 status=503"), "{text}");
    assert!(text.contains("http.response.status_code=503"), "{text}");
    assert!(!text.contains("graph.retry"), "{text}");
    assert!(text.contains("event graph.response_too_large WARN: status=200 limit=10"), "{text}");
    assert!(text.contains("event graph.timeout WARN: limit_ms=5000"), "{text}");
    for secret in [OLD_TOKEN, FRESH_TOKEN, "Bearer", CLAIMS_B64, CLAIMS, "essential", "1604106651", "hunter2", "admin", FILTER_SECRET] {
        assert!(!text.contains(secret), "the trace shows {secret:?}:\n{text}");
    }
}
