//! The HTTP layer as a replaceable part: one request in, one response out.

use std::fmt;

use http::{HeaderMap, StatusCode};

use crate::auth::BoxFuture;

/// A response as the runtime sees it: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends one HTTP request. Retries, auth and decoding are done by the caller, so an
/// implementation only moves bytes (and is free to add proxies, TLS settings or logging).
///
/// The `Authorization` header value is marked sensitive; implementations that log headers
/// must honour [`http::HeaderValue::is_sensitive`].
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response body.
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

/// The request could not be sent or its response not read (DNS, TLS, connection, timeout).
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        TransportError { message: message.into(), source: None }
    }

    /// An error with a message and the underlying cause.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError { message: message.into(), source: Some(source.into()) }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use super::*;

    /// The default transport, on `reqwest` with rustls.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
    }

    impl ReqwestTransport {
        /// A transport with a 100 second overall timeout per attempt (like the official SDKs).
        pub fn new() -> Result<Self, TransportError> {
            let client = reqwest::Client::builder()
                .user_agent(concat!("graphgen-runtime/", env!("CARGO_PKG_VERSION")))
                .timeout(std::time::Duration::from_secs(100))
                .build()
                .map_err(|e| TransportError::with_source("could not create the HTTP client", e))?;
            Ok(Self { client })
        }

        /// A transport on a `reqwest::Client` you configured (proxy, timeouts, TLS roots).
        pub fn with_client(client: reqwest::Client) -> Self {
            Self { client }
        }
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async move {
                let request = reqwest::Request::try_from(request)
                    .map_err(|e| TransportError::with_source("could not prepare the request", e))?;
                let response = self
                    .client
                    .execute(request)
                    .await
                    .map_err(|e| TransportError::with_source("request failed", e.without_url()))?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| TransportError::with_source("could not read the response body", e.without_url()))?;
                // `Vec::from` reuses the buffer when the body arrived as one uniquely owned chunk
                // instead of copying it (pages can be large).
                Ok(HttpResponse { status, headers, body: Vec::from(body) })
            })
        }
    }
}
