//! Azure Identity credentials as the client's token source (feature `azure-identity`).
//!
//! [`AzureTokenProvider`] wraps any `azure_core` [`TokenCredential`] (every credential of
//! `azure_identity`: client secret, client certificate, client assertion, managed identity,
//! workload identity, Azure CLI, Azure Developer CLI; and other crates' credentials built on
//! the same trait, such as a device code credential) and asks it for a Graph token on every
//! attempt; the credentials cache and refresh tokens themselves.
//!
//! Credentials send their token requests through an `azure_core` HTTP client.
//! [`client_options`] gives them this crate's [`Transport`] instead (the same reqwest client
//! as Graph requests, or your own), so the feature needs no second HTTP stack.
//!
//! `azure_core` and `azure_identity` are re-exported, so an application needs no dependency
//! of its own (and cannot pick mismatched versions).
//!
//! Client credentials (an app registration with a secret):
//!
//! ```no_run
//! # #[cfg(feature = "reqwest")]
//! # fn demo() -> Result<graphgen_runtime::Client, graphgen_runtime::Error> {
//! use graphgen_runtime::azure::azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
//! use graphgen_runtime::azure::{client_options, AzureTokenProvider};
//! use graphgen_runtime::{Client, ReqwestTransport};
//!
//! let options = ClientSecretCredentialOptions { client_options: client_options(ReqwestTransport::new()?) };
//! let credential = ClientSecretCredential::new(
//!     "contoso.onmicrosoft.com",
//!     "00000000-0000-0000-0000-000000000000".to_owned(),
//!     std::env::var("CLIENT_SECRET").unwrap_or_default().into(),
//!     Some(options),
//! )
//! .map_err(|e| graphgen_runtime::Error::Auth(Box::new(e)))?;
//! // Scope `https://graph.microsoft.com/.default`: the app's granted application permissions.
//! Client::builder().token_provider(AzureTokenProvider::new(credential)).build()
//! # }
//! ```
//!
//! The workspace's `examples/azure-identity` has this and a device code flow, compiled by CI.
//!
//! Claims challenges: `azure_core` 1.x credentials take no claims, so
//! [`AzureTokenProvider`] declines them (the default
//! [`TokenProvider::token_with_claims`]); the `401` reaches the caller as an [`Error`] whose
//! [`claims_challenge`](Error::claims_challenge) holds the claims, for an interactive sign-in
//! with a library that takes them.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use azure_core;
pub use azure_identity;

use azure_core::credentials::TokenCredential;
use azure_core::error::ErrorKind;
use azure_core::http::headers::{HeaderName, HeaderValue, Headers};
use azure_core::http::{AsyncRawResponse, Body, ClientOptions, HttpClient, Request};

use crate::auth::{AccessToken, BoxFuture, TokenProvider};
use crate::body_limit::read_bounded;
use crate::client::Cloud;
use crate::error::Error;
use crate::transport::{ResponseBodyLimit, Transport};

/// The most body bytes read from the identity platform: a token response is a few KiB, and
/// the platform's answers are read like Graph's, never without bound.
const TOKEN_RESPONSE_LIMIT: u64 = 1024 * 1024;

/// An Azure Identity credential as a [`TokenProvider`].
#[derive(Clone)]
pub struct AzureTokenProvider {
    credential: Arc<dyn TokenCredential>,
    scopes: Vec<String>,
}

impl AzureTokenProvider {
    /// Tokens for the global Graph service, scope `https://graph.microsoft.com/.default`
    /// (an app's granted permissions, or a user's consented delegated ones).
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self::for_cloud(credential, Cloud::Global)
    }

    /// Tokens for the Graph service of a national cloud (`{host}/.default`).
    pub fn for_cloud(credential: Arc<dyn TokenCredential>, cloud: Cloud) -> Self {
        Self::with_scopes(credential, [format!("{}/.default", cloud.host_url())])
    }

    /// Tokens for explicit scopes (e.g. `User.Read` for a delegated flow).
    pub fn with_scopes(credential: Arc<dyn TokenCredential>, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        AzureTokenProvider { credential, scopes: scopes.into_iter().map(Into::into).collect() }
    }

    /// The scopes tokens are asked for.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

impl TokenProvider for AzureTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        Box::pin(async move {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = self.credential.get_token(&scopes, None).await.map_err(|e| Error::Auth(Box::new(e)))?;
            Ok(AccessToken::new(token.token.secret()))
        })
    }
}

impl fmt::Debug for AzureTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credential's own `Debug` is the credential crate's business; it is not shown.
        f.debug_struct("AzureTokenProvider").field("scopes", &self.scopes).finish_non_exhaustive()
    }
}

/// `azure_core` client options whose HTTP goes through `transport`: pass them to a
/// credential (e.g. `ClientSecretCredentialOptions { client_options }`) or to
/// `azure_core::http::Pipeline::new` for credentials that take a pipeline.
pub fn client_options(transport: impl Transport + 'static) -> ClientOptions {
    ClientOptions {
        transport: Some(azure_core::http::Transport::new(Arc::new(TransportHttpClient::new(transport)))),
        ..ClientOptions::default()
    }
}

/// An `azure_core` [`HttpClient`] over a graphgen [`Transport`].
#[derive(Clone)]
pub struct TransportHttpClient {
    transport: Arc<dyn Transport>,
}

impl TransportHttpClient {
    /// Sends `azure_core` requests through `transport`.
    pub fn new(transport: impl Transport + 'static) -> Self {
        TransportHttpClient { transport: Arc::new(transport) }
    }
}

impl fmt::Debug for TransportHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportHttpClient").finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl HttpClient for TransportHttpClient {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let body = match request.body() {
            Body::Bytes(bytes) => bytes.to_vec(),
            #[allow(unreachable_patterns)]
            _ => {
                return Err(azure_core::Error::with_message(
                    ErrorKind::Other,
                    "graphgen_runtime::azure sends request bodies of a known size only",
                ))
            }
        };
        let mut builder = http::Request::builder().method(AsRef::<str>::as_ref(&request.method())).uri(request.url().as_str());
        for (name, value) in request.headers().iter() {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut outgoing =
            builder.body(body).map_err(|e| azure_core::Error::with_error(ErrorKind::DataConversion, e, "invalid request"))?;
        outgoing.extensions_mut().insert(ResponseBodyLimit(TOKEN_RESPONSE_LIMIT));
        let failed = |e| azure_core::Error::with_error(ErrorKind::Io, e, "the token request failed");
        let response = self.transport.send_streaming(outgoing).await.map_err(failed)?;
        let response = read_bounded(response, TOKEN_RESPONSE_LIMIT).await.map_err(failed)?;
        let headers: HashMap<HeaderName, HeaderValue> = response
            .headers
            .iter()
            .filter_map(|(name, value)| {
                let value = value.to_str().ok()?;
                Some((HeaderName::from(name.as_str().to_owned()), HeaderValue::from(value.to_owned())))
            })
            .collect();
        Ok(AsyncRawResponse::from_bytes(response.status.as_u16().into(), Headers::from(headers), response.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::credentials::{AccessToken as AzureToken, TokenRequestOptions};
    use std::sync::Mutex;

    #[derive(Debug, Default)]
    struct Fixed(Mutex<Vec<Vec<String>>>);

    #[async_trait::async_trait]
    impl TokenCredential for Fixed {
        async fn get_token(&self, scopes: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AzureToken> {
            self.0.lock().unwrap().push(scopes.iter().map(|s| s.to_string()).collect());
            Ok(AzureToken::new("azure-secret-token", azure_core::time::OffsetDateTime::now_utc()))
        }
    }

    /// Answers every request with one byte more than a token response may have, and checks
    /// that the request told it the limit.
    struct Oversized;

    impl Transport for Oversized {
        fn send(
            &self,
            request: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<crate::HttpResponse, crate::TransportError>> {
            let limit = request.extensions().get::<ResponseBodyLimit>().map(|l| l.0);
            Box::pin(async move {
                assert_eq!(limit, Some(TOKEN_RESPONSE_LIMIT));
                let body = vec![b' '; TOKEN_RESPONSE_LIMIT as usize + 1];
                Ok(crate::HttpResponse { status: http::StatusCode::OK, headers: http::HeaderMap::new(), body })
            })
        }
    }

    #[tokio::test]
    async fn token_responses_are_read_up_to_their_limit() {
        let client = TransportHttpClient::new(Oversized);
        let request = Request::new("https://login.example/tenant/oauth2/v2.0/token".parse().unwrap(), azure_core::http::Method::Post);
        let err = client.execute_request(&request).await.unwrap_err();
        assert!(format!("{err:?}").contains("larger than the limit"), "{err:?}");
    }

    #[tokio::test]
    async fn asks_the_credential_for_the_graph_scope_of_the_cloud() {
        let credential = Arc::new(Fixed::default());
        let provider = AzureTokenProvider::for_cloud(credential.clone(), Cloud::UsGovL4);
        let token = provider.token().await.unwrap();
        assert_eq!(token.secret(), "azure-secret-token");
        assert_eq!(*credential.0.lock().unwrap(), [vec!["https://graph.microsoft.us/.default".to_owned()]]);
        assert_eq!(AzureTokenProvider::new(credential).scopes(), ["https://graph.microsoft.com/.default"]);
        assert!(!format!("{provider:?}").contains("azure-secret-token"));
    }
}
