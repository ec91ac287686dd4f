//! The client: base URL, credentials, transport and retry policy, shared by every request.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use http::{HeaderMap, StatusCode, Uri};
use tokio::time::Instant;

use crate::auth::{AccessToken, TokenProvider};
use crate::body_limit::{read_bounded, DEFAULT_MAX_RESPONSE_BODY};
use crate::error::Error;
use crate::instrument;
use crate::options::RequestOptions;
use crate::redact::redact_url;
use crate::request::HttpRequest;
use crate::retry::{is_idempotent, RetryPolicy};
use crate::transport::{HttpResponse, ResponseBodyLimit, StreamingResponse, Transport};
use crate::url_path::UrlPath;

/// A Microsoft Graph national cloud (selects the service host).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4, `https://graph.microsoft.us`.
    UsGovL4,
    /// US Government L5 (DOD), `https://dod-graph.microsoft.us`.
    UsGovL5Dod,
    /// China, operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
    /// Germany (retired by Microsoft; kept for old deployments), `https://graph.microsoft.de`.
    Germany,
}

impl Cloud {
    /// Every cloud, global first: the hosts that serve Microsoft Graph.
    pub const ALL: [Cloud; 5] = [Cloud::Global, Cloud::UsGovL4, Cloud::UsGovL5Dod, Cloud::China, Cloud::Germany];

    /// The service root without the API version.
    pub fn host_url(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovL4 => "https://graph.microsoft.us",
            Cloud::UsGovL5Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
            Cloud::Germany => "https://graph.microsoft.de",
        }
    }
}

/// The Graph API version in the base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `beta` (the default: the generated SDK is built from the beta reference).
    #[default]
    Beta,
    /// `v1.0`.
    V1_0,
}

impl ApiVersion {
    /// The path segment, `beta` or `v1.0`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Beta => "beta",
            ApiVersion::V1_0 => "v1.0",
        }
    }
}

/// The entry point of a generated SDK. Cheap to clone: clones share one connection pool,
/// token provider and configuration.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    base_url: String,
    /// `scheme://authority` values the token may be sent to (lower case).
    token_origins: Vec<String>,
    token_provider: Option<Arc<dyn TokenProvider>>,
    transport: Arc<dyn Transport>,
    retry: RetryPolicy,
    max_response_body: u64,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The empty path under the base URL, where generated builders start.
    pub fn path(&self) -> UrlPath {
        UrlPath::new(&self.inner.base_url)
    }

    /// The base URL, e.g. `https://graph.microsoft.com/beta`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy requests use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The most body bytes a buffered response may have
    /// ([`ClientBuilder::max_response_body`]).
    pub fn max_response_body(&self) -> u64 {
        self.inner.max_response_body
    }

    /// Sends `request` as it is, straight to the transport: no token, no retries (upload
    /// session URLs are pre-authenticated and may be on another host; see `upload`, which
    /// retries by its own rules). The body is read up to
    /// [`max_response_body`](Self::max_response_body), and a request not answered by
    /// `deadline` ends with [`Error::TimedOut`] (the caller's share of
    /// [`RetryPolicy::max_total_time`]).
    pub(crate) async fn send_without_token(
        &self,
        mut request: http::Request<Vec<u8>>,
        deadline: Instant,
    ) -> Result<HttpResponse, Error> {
        let limit = self.inner.max_response_body;
        request.extensions_mut().insert(ResponseBodyLimit(limit));
        let call = async {
            let response = self.inner.transport.send_streaming(request).await?;
            Ok(read_bounded(response, limit).await?)
        };
        tokio::time::timeout_at(deadline, call).await.unwrap_or_else(|_| {
            let limit = self.inner.retry.max_total_time;
            instrument::timed_out(limit);
            Err(Error::TimedOut { limit })
        })
    }

    /// Sends a request with authentication and retries, returning the final response
    /// whatever its status. Generated code goes through
    /// [`RequestBuilder::send`](crate::RequestBuilder::send), which also decodes.
    ///
    /// The bearer token is only attached when the URL has the same scheme and host as the
    /// base URL (or an origin added with [`ClientBuilder::allow_token_origin`]), so a link
    /// returned by the service cannot send the token elsewhere. The body is read up to
    /// [`max_response_body`](Self::max_response_body) bytes
    /// ([`Error::ResponseTooLarge`] past it), and the whole call, retries and body
    /// included, ends by [`RetryPolicy::max_total_time`] ([`Error::TimedOut`]).
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        self.execute_with(request, &RequestOptions::default()).await
    }

    /// [`execute`](Self::execute) with per-request options: retry `503`/`504` for a
    /// non-idempotent request the caller vouches for, or another body limit.
    pub async fn execute_with(&self, request: HttpRequest, options: &RequestOptions) -> Result<HttpResponse, Error> {
        let limit = options.max_response_body.unwrap_or(self.inner.max_response_body);
        let span = instrument::request_span(&request.method, &request.url);
        let call = self.within_time_budget(async {
            let response = self.attempts(&request, options, limit, &span).await?;
            read_bounded(response, limit).await.map_err(|e| {
                let error = Error::from(e);
                if let Error::ResponseTooLarge { status, limit } = error {
                    instrument::response_too_large(status, limit);
                }
                error
            })
        });
        instrument::within(span.clone(), call).await
    }

    /// Like [`execute_with`](Self::execute_with), but returns once the final response's
    /// status and headers have arrived, leaving its body unread: for downloads of any
    /// size. [`RetryPolicy::max_total_time`] bounds the attempts, not the reading of the
    /// body, which is the caller's to pace (or to drop, closing the connection).
    pub async fn execute_streaming(
        &self,
        request: HttpRequest,
        options: &RequestOptions,
    ) -> Result<StreamingResponse, Error> {
        let limit = options.max_response_body.unwrap_or(self.inner.max_response_body);
        let span = instrument::request_span(&request.method, &request.url);
        let call = self.within_time_budget(self.attempts(&request, options, limit, &span));
        instrument::within(span.clone(), call).await
    }

    /// Whether the token (and headers set by hand, which may hold credentials too) may
    /// go to `url`: its scheme and host are the base URL's or an allowed token origin.
    pub(crate) fn is_trusted_url(&self, url: &str) -> bool {
        url.parse::<Uri>().is_ok_and(|uri| self.inner.token_origins.contains(&origin_of(&uri)))
    }

    /// Runs `call`, giving up with [`Error::TimedOut`] when the retry policy's time budget
    /// runs out: the budget bounds the call, not only the waits between attempts.
    async fn within_time_budget<T>(&self, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let limit = self.inner.retry.max_total_time;
        tokio::time::timeout(limit, call).await.unwrap_or_else(|_| {
            instrument::timed_out(limit);
            Err(Error::TimedOut { limit })
        })
    }

    /// Sends attempts until one is final (not retried), returning it with its body unread,
    /// and records how the request ended on its `span` (a call cut short by the time budget
    /// records nothing here; [`within_time_budget`](Self::within_time_budget) says so).
    async fn attempts(
        &self,
        request: &HttpRequest,
        options: &RequestOptions,
        body_limit: u64,
        span: &instrument::Span,
    ) -> Result<StreamingResponse, Error> {
        let started = Instant::now();
        // Every send, counted from 1, a claims challenge's answer included.
        let mut attempts = 0u32;
        let outcome = self.attempt_until_final(request, options, body_limit, started, &mut attempts).await;
        let (status, request_id) = match &outcome {
            Ok(response) => (Some(response.status), response.header("request-id")),
            Err(_) => (None, None),
        };
        instrument::request_done(span, status, request_id, attempts, started.elapsed());
        outcome
    }

    async fn attempt_until_final(
        &self,
        request: &HttpRequest,
        options: &RequestOptions,
        body_limit: u64,
        started: Instant,
        attempts: &mut u32,
    ) -> Result<StreamingResponse, Error> {
        let uri: Uri = request
            .url
            .parse()
            .map_err(|e| Error::InvalidUrl(format!("{}: {e}", redact_url(&request.url))))?;
        let provider = self.inner.token_provider.as_deref().filter(|_| self.inner.token_origins.contains(&origin_of(&uri)));
        let repeatable = options.idempotent || is_idempotent(&request.method);
        let mut retries_done = 0u32;
        // A token obtained for a claims challenge, used for the rest of the call.
        let mut claims_token: Option<AccessToken> = None;
        loop {
            let mut outgoing = build_http_request(request, uri.clone())?;
            outgoing.extensions_mut().insert(ResponseBodyLimit(body_limit));
            if retries_done > 0 {
                outgoing.headers_mut().insert("retry-attempt", HeaderValue::from(retries_done));
            }
            if let Some(provider) = provider {
                let token = match &claims_token {
                    Some(token) => token.clone(),
                    None => provider.token().await?,
                };
                let mut value = HeaderValue::try_from(format!("Bearer {}", token.secret()))
                    .map_err(|_| Error::auth("the access token contains characters not allowed in a header"))?;
                value.set_sensitive(true);
                outgoing.headers_mut().insert(AUTHORIZATION, value);
            }
            *attempts += 1;
            let response = self.inner.transport.send_streaming(outgoing).await?;
            instrument::response(*attempts, response.status, started.elapsed());
            if let (Some(provider), None) = (provider, &claims_token) {
                if let Some(token) = answer_claims_challenge(provider, response.status, &response.headers, *attempts).await? {
                    claims_token = Some(token);
                    continue;
                }
            }
            let elapsed = started.elapsed();
            match self.inner.retry.next_delay(response.status, &response.headers, retries_done, elapsed, repeatable) {
                Some(delay) => {
                    instrument::retry(*attempts + 1, response.status, delay);
                    // Dropping the unread body closes its connection.
                    drop(response);
                    tokio::time::sleep(delay).await;
                    retries_done += 1;
                }
                None => return Ok(response),
            }
        }
    }
}

/// A token for the claims challenge of a `401`, when there is one and the provider gives
/// one. Asked once per call: a second challenge is returned to the caller as an error.
/// The trace says that attempt `attempt` met a challenge and whether it was answered,
/// never the claims.
async fn answer_claims_challenge(
    provider: &dyn TokenProvider,
    status: StatusCode,
    headers: &HeaderMap,
    attempt: u32,
) -> Result<Option<AccessToken>, Error> {
    if status != StatusCode::UNAUTHORIZED {
        return Ok(None);
    }
    let Some(claims) = crate::claims::claims_challenge(headers) else { return Ok(None) };
    let token = provider.token_with_claims(&claims).await?;
    instrument::claims_challenge(attempt, token.is_some());
    Ok(token)
}

/// The transport-independent request as an `http::Request` (without auth).
fn build_http_request(request: &HttpRequest, uri: Uri) -> Result<http::Request<Vec<u8>>, Error> {
    let mut builder = http::Request::builder().method(request.method.clone()).uri(uri);
    for (name, value) in &request.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Encode(format!("invalid header name {name:?}")))?;
        // The value is not echoed: headers can carry secrets.
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::Encode(format!("invalid value for header {name}")))?;
        builder = builder.header(name, value);
    }
    builder
        .body(request.body.clone().unwrap_or_default())
        .map_err(|e| Error::Encode(e.to_string()))
}

/// `scheme://authority` in lower case, the unit the token is scoped to.
fn origin_of(uri: &Uri) -> String {
    format!(
        "{}://{}",
        uri.scheme_str().unwrap_or_default(),
        uri.authority().map(|a| a.as_str()).unwrap_or_default()
    )
    .to_ascii_lowercase()
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origins: Vec<_> = self.inner.token_origins.iter().map(|o| redact_url(o)).collect();
        f.debug_struct("Client")
            .field("base_url", &redact_url(&self.inner.base_url))
            .field("token_provider", &self.inner.token_provider.as_ref().map(|_| "<set>"))
            .field("token_origins", &origins)
            .field("retry", &self.inner.retry)
            .field("max_response_body", &self.inner.max_response_body)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
///
/// ```no_run
/// use graphgen_runtime::{Client, Cloud, StaticToken};
/// let client = Client::builder()
///     .token_provider(StaticToken::new("eyJ0eXAi..."))
///     .cloud(Cloud::Global)
///     .build()?;
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
pub struct ClientBuilder {
    cloud: Cloud,
    api_version: ApiVersion,
    base_url: Option<String>,
    extra_origins: Vec<String>,
    token_provider: Option<Arc<dyn TokenProvider>>,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    max_response_body: u64,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            cloud: Cloud::default(),
            api_version: ApiVersion::default(),
            base_url: None,
            extra_origins: Vec::new(),
            token_provider: None,
            transport: None,
            retry: RetryPolicy::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}

impl ClientBuilder {
    /// Where bearer tokens come from. Without one, requests are sent unauthenticated
    /// (useful behind a proxy that adds credentials).
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// The national cloud (default [`Cloud::Global`]); ignored when a base URL is set.
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// The API version (default [`ApiVersion::Beta`]); ignored when a base URL is set.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// A complete base URL, e.g. `https://graph.microsoft.com/v1.0` or a test server.
    pub fn base_url(mut self, base_url: &str) -> Self {
        self.base_url = Some(base_url.to_owned());
        self
    }

    /// Another `scheme://host[:port]` the bearer token may be sent to (the base URL's origin
    /// always is).
    pub fn allow_token_origin(mut self, origin: &str) -> Self {
        self.extra_origins.push(origin.trim_end_matches('/').to_ascii_lowercase());
        self
    }

    /// The HTTP transport (default: [`ReqwestTransport`](crate::ReqwestTransport) when the
    /// `reqwest` feature is on).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The most body bytes the client buffers for one response (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`](crate::DEFAULT_MAX_RESPONSE_BODY), 64 MiB). Reading
    /// stops there with [`Error::ResponseTooLarge`], so a server cannot make the client
    /// hold more; binary downloads use
    /// [`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming), which
    /// buffers nothing.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("{}/{}", self.cloud.host_url(), self.api_version.as_str()),
        };
        let shown = redact_url(&base_url);
        let uri: Uri = base_url.parse().map_err(|e| Error::InvalidUrl(format!("base URL {shown:?}: {e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
            return Err(Error::InvalidUrl(format!("base URL {shown:?} must be an absolute http(s) URL")));
        }
        if uri.query().is_some() || base_url.contains('#') {
            return Err(Error::InvalidUrl(format!("base URL {shown:?} must not have a query or fragment")));
        }
        let mut token_origins = vec![origin_of(&uri)];
        token_origins.extend(self.extra_origins);
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                token_origins,
                token_provider: self.token_provider,
                transport,
                retry: self.retry,
                max_response_body: self.max_response_body,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new()?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::Transport(crate::transport::TransportError::new(
        "no HTTP transport: enable the `reqwest` feature of graphgen-runtime or call ClientBuilder::transport",
    )))
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("cloud", &self.cloud)
            .field("api_version", &self.api_version)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("token_provider", &self.token_provider.as_ref().map(|_| "<set>"))
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::BoxFuture;
    use crate::transport::TransportError;

    struct NeverCalled;
    impl Transport for NeverCalled {
        fn send(&self, _: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async { Err(TransportError::new("not used in this test")) })
        }
    }

    #[test]
    fn base_urls_per_cloud_and_version() {
        let c = Client::builder().transport(NeverCalled).build().unwrap();
        assert_eq!(c.base_url(), "https://graph.microsoft.com/beta");
        let c = Client::builder().transport(NeverCalled).cloud(Cloud::China).api_version(ApiVersion::V1_0).build().unwrap();
        assert_eq!(c.base_url(), "https://microsoftgraph.chinacloudapi.cn/v1.0");
        let c = Client::builder().transport(NeverCalled).cloud(Cloud::UsGovL5Dod).build().unwrap();
        assert_eq!(c.path().segment("me").to_url().unwrap(), "https://dod-graph.microsoft.us/beta/me");
        let c = Client::builder().transport(NeverCalled).base_url("http://127.0.0.1:8080/v1.0/").build().unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:8080/v1.0");
    }

    #[test]
    fn rejects_bad_base_urls() {
        for bad in ["graph.microsoft.com/beta", "ftp://x/beta", "https://x/beta?a=1", "https://x/beta#f", "not a url"] {
            let err = Client::builder().transport(NeverCalled).base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::InvalidUrl(_)), "{bad}");
        }
    }

    #[test]
    fn trusted_urls_have_the_base_or_an_allowed_origin_scheme_and_all() {
        let c = Client::builder()
            .transport(NeverCalled)
            .base_url("https://graph.example/beta")
            .allow_token_origin("https://files.example:8443/")
            .build()
            .unwrap();
        for trusted in ["https://graph.example/beta/users?$skiptoken=x", "HTTPS://Graph.Example/v1.0", "https://files.example:8443/a"] {
            assert!(c.is_trusted_url(trusted), "{trusted}");
        }
        // A downgrade to http, another port, host or user info is another origin.
        for other in [
            "http://graph.example/beta/users",
            "https://graph.example:444/beta",
            "https://graph.example.evil/beta",
            "https://user@graph.example/beta",
            "https://files.example/a",
            "/beta/users",
            "not a url",
        ] {
            assert!(!c.is_trusted_url(other), "{other}");
        }
    }

    #[test]
    fn debug_hides_the_token() {
        let builder = Client::builder().transport(NeverCalled).token_provider(crate::StaticToken::new("secret-token-123"));
        assert!(!format!("{builder:?}").contains("secret-token-123"));
        let client = builder.build().unwrap();
        let text = format!("{client:?}");
        assert!(text.contains("graph.microsoft.com"));
        assert!(!text.contains("secret-token-123"));
    }
}
