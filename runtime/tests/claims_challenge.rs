//! Continuous access evaluation (issue 13, item 19): a `401` with a claims challenge reaches
//! the error, and a token provider that can answer it gets the claims and one more try.
#![cfg(feature = "reqwest")]

use std::sync::{Arc, Mutex};

use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{AccessToken, BoxFuture, Client, Error, Json, Method, RequestBuilder, RetryPolicy, StaticToken, TokenProvider};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

// base64 of the claims below, as Graph sends them.
const CLAIMS_B64: &str = "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNjA0MTA2NjUxIn19fQ==";
const CLAIMS: &str = r#"{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}"#;

fn challenge() -> ResponseTemplate {
    ResponseTemplate::new(401)
        .insert_header(
            "WWW-Authenticate",
            format!(
                r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="{CLAIMS_B64}""#
            )
            .as_str(),
        )
        .set_body_json(json!({"error": {"code": "InvalidAuthenticationToken", "message": "Continuous access evaluation resulted in claims challenge"}}))
}

fn client(server: &MockServer, provider: impl TokenProvider + 'static) -> Client {
    Client::builder().base_url(&server.uri()).token_provider(provider).retry(RetryPolicy::none()).build().unwrap()
}

/// Hands out `old` until asked for claims, then `fresh`; records the claims it got.
#[derive(Clone, Default)]
struct ClaimsAware {
    asked_with: Arc<Mutex<Vec<String>>>,
}

impl TokenProvider for ClaimsAware {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async { Ok(AccessToken::new("old")) })
    }

    fn token_with_claims<'a>(&'a self, claims: &'a str) -> BoxFuture<'a, Result<Option<AccessToken>, Error>> {
        self.asked_with.lock().unwrap().push(claims.to_owned());
        Box::pin(async { Ok(Some(AccessToken::new("fresh"))) })
    }
}

#[tokio::test]
async fn a_claims_challenge_reaches_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(challenge()).mount(&server).await;
    // StaticToken cannot get a token for claims: the app gets them in the error.
    let c = client(&server, StaticToken::new("old"));
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.claims_challenge(), Some(CLAIMS));
    assert_eq!(err.as_graph().unwrap().claims_challenge.as_deref(), Some(CLAIMS));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_token_provider_gets_the_claims_and_the_request_is_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(header("authorization", "Bearer old")).respond_with(challenge()).mount(&server).await;
    Mock::given(method("POST"))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "1"})))
        .mount(&server)
        .await;
    let provider = ClaimsAware::default();
    let c = client(&server, provider.clone());
    // A 401 means the request was not carried out, so even a POST is sent again.
    let created: Value = RequestBuilder::<Json<Value>>::new(&c, Method::POST, c.path().segment("things"))
        .json_body(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created["id"], "1");
    assert_eq!(*provider.asked_with.lock().unwrap(), vec![CLAIMS.to_owned()]);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].body, sent[0].body);
}

#[tokio::test]
async fn a_second_challenge_is_returned_not_answered_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(challenge()).mount(&server).await;
    let provider = ClaimsAware::default();
    let c = client(&server, provider.clone());
    let err = RequestBuilder::<Json<Value>>::new(&c, Method::GET, c.path().segment("me")).send().await.unwrap_err();
    assert_eq!(err.claims_challenge(), Some(CLAIMS));
    assert_eq!(provider.asked_with.lock().unwrap().len(), 1);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].headers.get("authorization").unwrap(), "Bearer fresh");
}

#[tokio::test]
async fn a_challenge_from_an_untrusted_origin_is_not_answered() {
    // The token never went there, so there is nothing to refresh it for.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(challenge()).mount(&server).await;
    let provider = ClaimsAware::default();
    let c = Client::builder().base_url("https://graph.example/beta").token_provider(provider.clone()).build().unwrap();
    let request = graphgen_runtime::HttpRequest { method: Method::GET, url: format!("{}/x", server.uri()), headers: vec![], body: None };
    let response = c.execute(request).await.unwrap();
    assert_eq!(response.status.as_u16(), 401);
    assert!(provider.asked_with.lock().unwrap().is_empty());
    assert!(server.received_requests().await.unwrap()[0].headers.get("authorization").is_none());
}
