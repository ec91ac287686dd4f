//! The HTTP layer as a replaceable part: one request in, one response out.

use std::fmt;
use std::pin::Pin;

use futures_util::stream::{self, Stream};
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

/// A body still arriving, chunk by chunk.
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Vec<u8>, TransportError>> + Send>>;

/// A response whose status and headers have arrived and whose body has not been read:
/// what [`Transport::send_streaming`] returns, so the caller decides how much to read.
pub struct StreamingResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, in chunks as they arrive.
    pub body: BodyStream,
}

impl StreamingResponse {
    /// A header as text, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl From<HttpResponse> for StreamingResponse {
    /// A response read whole, as a stream of one chunk.
    fn from(response: HttpResponse) -> Self {
        let body: BodyStream = Box::pin(stream::iter((!response.body.is_empty()).then_some(Ok(response.body))));
        StreamingResponse { status: response.status, headers: response.headers, body }
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// The most body bytes the client will buffer for this request, set as an extension on
/// every request it hands to a [`Transport`]. A transport that reads bodies whole in
/// [`send`](Transport::send) should stop at this many bytes and fail with
/// [`TransportError::response_too_large`]; the client checks again in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseBodyLimit(pub u64);

/// Sends one HTTP request. Retries, auth and decoding are done by the caller, so an
/// implementation only moves bytes (and is free to add proxies, TLS settings or logging).
///
/// The `Authorization` header value is marked sensitive; implementations that log headers
/// must honour [`http::HeaderValue::is_sensitive`].
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response body. It should read no more than the
    /// request's [`ResponseBodyLimit`] extension allows (a server can send a body without
    /// end).
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;

    /// Sends `request` and returns once the status and headers have arrived, leaving the
    /// body to be read as a stream. The client sends every request through this method:
    /// it buffers bodies up to its limit and hands binary downloads to the caller unread.
    ///
    /// The default calls [`send`](Self::send) and yields the body it read as one chunk, so
    /// a transport with only `send` works unchanged (and must bound its own reads).
    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<StreamingResponse, TransportError>> {
        let sent = self.send(request);
        Box::pin(async move { sent.await.map(StreamingResponse::from) })
    }
}

impl<T: Transport + ?Sized> Transport for std::sync::Arc<T> {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }

    fn send_streaming(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<StreamingResponse, TransportError>> {
        (**self).send_streaming(request)
    }
}

/// The request could not be sent or its response not read (DNS, TLS, connection, timeout).
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// Set when the body was cut at a [`ResponseBodyLimit`]: `(status, limit)`.
    too_large: Option<(StatusCode, u64)>,
}

impl TransportError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        TransportError { message: message.into(), source: None, too_large: None }
    }

    /// An error with a message and the underlying cause.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError { message: message.into(), source: Some(source.into()), too_large: None }
    }

    /// The body of a `status` response passed the request's [`ResponseBodyLimit`] of
    /// `limit` bytes. The client reports it as [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub fn response_too_large(status: StatusCode, limit: u64) -> Self {
        TransportError {
            message: format!("the HTTP {status} response body is larger than the limit of {limit} bytes"),
            source: None,
            too_large: Some((status, limit)),
        }
    }

    /// The status and limit, when this error is a body cut at its limit.
    pub fn exceeded_limit(&self) -> Option<(StatusCode, u64)> {
        self.too_large
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
        /// A transport that gives up on a connection that takes 30 s to open or a response
        /// that stalls for 100 s (the official SDKs' figure). There is no total timeout per
        /// attempt: [`RetryPolicy::max_total_time`](crate::RetryPolicy::max_total_time)
        /// bounds each call as a whole, and a streamed download may last as long as it
        /// keeps moving.
        pub fn new() -> Result<Self, TransportError> {
            let client = reqwest::Client::builder()
                .user_agent(concat!("graphgen-runtime/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(std::time::Duration::from_secs(30))
                .read_timeout(std::time::Duration::from_secs(100))
                .build()
                .map_err(|e| TransportError::with_source("could not create the HTTP client", e))?;
            Ok(Self { client })
        }

        /// A transport on a `reqwest::Client` you configured (proxy, timeouts, TLS roots).
        pub fn with_client(client: reqwest::Client) -> Self {
            Self { client }
        }
    }

    impl ReqwestTransport {
        async fn head(&self, request: http::Request<Vec<u8>>) -> Result<reqwest::Response, TransportError> {
            let request = reqwest::Request::try_from(request)
                .map_err(|e| TransportError::with_source("could not prepare the request", e))?;
            self.client.execute(request).await.map_err(|e| TransportError::with_source("request failed", e.without_url()))
        }
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            // Without a limit from the client (a caller using the transport directly), the
            // client's default still bounds what one response can make us hold.
            let limit = request
                .extensions()
                .get::<ResponseBodyLimit>()
                .map_or(crate::body_limit::DEFAULT_MAX_RESPONSE_BODY, |l| l.0);
            Box::pin(async move {
                let response = self.head(request).await?;
                crate::body_limit::read_bounded(streaming(response), limit).await
            })
        }

        fn send_streaming(
            &self,
            request: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<StreamingResponse, TransportError>> {
            Box::pin(async move { Ok(streaming(self.head(request).await?)) })
        }
    }

    /// The body as chunks in the order they arrive (`Response::chunk` needs no extra
    /// reqwest feature). `Vec::from` reuses a uniquely owned chunk's buffer.
    fn streaming(response: reqwest::Response) -> StreamingResponse {
        let status = response.status();
        let headers = response.headers().clone();
        let body: BodyStream = Box::pin(stream::try_unfold(response, |mut response| async move {
            match response.chunk().await {
                Ok(Some(chunk)) => Ok(Some((Vec::from(chunk), response))),
                Ok(None) => Ok(None),
                Err(e) => Err(TransportError::with_source("could not read the response body", e.without_url())),
            }
        }));
        StreamingResponse { status, headers, body }
    }
}
