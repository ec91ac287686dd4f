//! Both example flows end to end without a network: the Microsoft identity platform is
//! played in-process by a transport that answers `login.microsoftonline.com`, and Graph by a
//! loopback server. Real `azure_identity` / `azure-identity-helpers` credentials run through
//! `graphgen_runtime::azure::client_options` (the runtime's transport) and
//! `AzureTokenProvider`; Graph must receive the token the sign-in issued.

use std::sync::{Arc, Mutex};

use azure_identity_example::{graph_client, whoami};
use azure_identity_helpers::device_code_credential::{DeviceCodeCredential, DeviceCodeCredentialOptions};
use graphgen_runtime::azure::azure_core::http::Pipeline;
use graphgen_runtime::azure::azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use graphgen_runtime::azure::client_options;
use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::{http, BoxFuture, HttpResponse, ReqwestTransport, StatusCode, Transport, TransportError};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOGIN_HOST: &str = "login.microsoftonline.com";

/// A sign-in request the identity platform saw: its URL and form fields.
#[derive(Debug, Clone)]
struct SignIn {
    url: String,
    form: Vec<(String, String)>,
}

impl SignIn {
    fn field(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

type Answer = Box<dyn Fn(&SignIn, usize) -> (u16, Value) + Send + Sync>;

/// Answers requests to the login host with `answer(request, how many came before)`; sends
/// everything else over HTTP.
struct IdentityPlatform {
    answer: Answer,
    seen: Arc<Mutex<Vec<SignIn>>>,
    http: ReqwestTransport,
}

impl Transport for IdentityPlatform {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        if request.uri().host() != Some(LOGIN_HOST) {
            return self.http.send(request);
        }
        let form = url::form_urlencoded::parse(request.body()).into_owned().collect();
        let sign_in = SignIn { url: request.uri().to_string(), form };
        let count = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(sign_in.clone());
            seen.len() - 1
        };
        let (status, body) = (self.answer)(&sign_in, count);
        let mut headers = http::HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        let response = HttpResponse { status: StatusCode::from_u16(status).unwrap(), headers, body: body.to_string().into_bytes() };
        Box::pin(async move { Ok(response) })
    }
}

fn platform(answer: impl Fn(&SignIn, usize) -> (u16, Value) + Send + Sync + 'static) -> (IdentityPlatform, Arc<Mutex<Vec<SignIn>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let platform = IdentityPlatform { answer: Box::new(answer), seen: seen.clone(), http: ReqwestTransport::new().unwrap() };
    (platform, seen)
}

async fn graph_expecting(token: &str, segment: &str, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/beta/{segment}")))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "42", "userPrincipalName": "ada@contoso.com"})))
        .expect(times)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn client_credentials_sign_in_once_and_every_graph_request_carries_the_token() {
    let (platform, seen) = platform(|_, _| {
        (200, json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "issued-app-token"}))
    });
    let server = graph_expecting("issued-app-token", "organization", 2).await;
    let options = ClientSecretCredentialOptions { client_options: client_options(platform) };
    let credential =
        ClientSecretCredential::new("contoso.onmicrosoft.com", "app-id".to_owned(), "s3cret".to_owned().into(), Some(options))
            .unwrap();
    let client = graph_client(credential, &["https://graph.microsoft.com/.default"], Some(&format!("{}/beta", server.uri()))).unwrap();

    whoami(&client, "organization").await.unwrap();
    whoami(&client, "organization").await.unwrap();

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "the credential caches the token: {seen:?}");
    assert_eq!(seen[0].url, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    assert_eq!(seen[0].field("grant_type"), Some("client_credentials"));
    assert_eq!(seen[0].field("client_id"), Some("app-id"));
    assert_eq!(seen[0].field("client_secret"), Some("s3cret"));
    assert_eq!(seen[0].field("scope"), Some("https://graph.microsoft.com/.default"));
    assert!(!format!("{client:?}").contains("issued-app-token"));
}

#[tokio::test]
async fn device_code_shows_the_message_polls_until_signed_in_then_calls_graph() {
    let (platform, seen) = platform(|request, count| {
        if request.url.ends_with("/devicecode") {
            return (
                200,
                json!({"device_code": "dc-1", "user_code": "ABCD-EFGH", "verification_uri": "https://microsoft.com/devicelogin",
                       "expires_in": 900, "interval": 1, "message": "Open https://microsoft.com/devicelogin and enter ABCD-EFGH."}),
            );
        }
        // The user has not finished signing in at the first poll.
        if count == 1 {
            return (400, json!({"error": "authorization_pending", "error_description": "waiting for the user"}));
        }
        (200, json!({"token_type": "Bearer", "scope": "User.Read", "expires_in": 3599, "access_token": "issued-user-token"}))
    });
    let server = graph_expecting("issued-user-token", "me", 1).await;
    let shown: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = shown.clone();
    let mut options = DeviceCodeCredentialOptions::default();
    options.pipeline = Some(Pipeline::new(None, None, client_options(platform), vec![], vec![], None));
    options.message_handler = Some(Arc::new(move |message: &str| {
        record.lock().unwrap().push(message.to_owned());
        Box::pin(async {})
    }));
    let credential = DeviceCodeCredential::new("organizations", "public-app", Some(options)).unwrap();
    let client = graph_client(credential, &["User.Read"], Some(&format!("{}/beta", server.uri()))).unwrap();

    let me = whoami(&client, "me").await.unwrap();

    assert_eq!(me["userPrincipalName"], "ada@contoso.com");
    assert_eq!(*shown.lock().unwrap(), ["Open https://microsoft.com/devicelogin and enter ABCD-EFGH."]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0].url, "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode");
    assert_eq!((seen[0].field("client_id"), seen[0].field("scope")), (Some("public-app"), Some("User.Read")));
    for poll in &seen[1..] {
        assert_eq!(poll.field("grant_type"), Some("urn:ietf:params:oauth:grant-type:device_code"));
        assert_eq!(poll.field("device_code"), Some("dc-1"));
    }
}
