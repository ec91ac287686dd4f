//! The client: base URL, credentials, transport and retry policy, shared by every request.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use http::Uri;

use crate::auth::TokenProvider;
use crate::error::Error;
use crate::instrument;
use crate::request::HttpRequest;
use crate::retry::RetryPolicy;
use crate::transport::{HttpResponse, Transport};
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

    /// The transport, for requests that must go out without the token (upload session
    /// URLs are pre-authenticated; see `upload`).
    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.inner.transport
    }

    /// Sends a request with authentication and retries, returning the final response
    /// whatever its status. Generated code goes through
    /// [`RequestBuilder::send`](crate::RequestBuilder::send), which also decodes.
    ///
    /// The bearer token is only attached when the URL has the same scheme and host as the
    /// base URL (or an origin added with [`ClientBuilder::allow_token_origin`]), so a link
    /// returned by the service cannot send the token elsewhere.
    pub async fn execute(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let span = instrument::request_span(&request.method, &request.url);
        instrument::within(span.clone(), self.execute_in_span(request, span)).await
    }

    async fn execute_in_span(&self, request: HttpRequest, span: instrument::Span) -> Result<HttpResponse, Error> {
        let started = Instant::now();
        let uri: Uri = request
            .url
            .parse()
            .map_err(|e| Error::InvalidUrl(format!("{}: {e}", request.url)))?;
        let attach_token = self.inner.token_origins.contains(&origin_of(&uri));
        let mut retries_done = 0u32;
        loop {
            let mut outgoing = build_http_request(&request, uri.clone())?;
            if retries_done > 0 {
                outgoing.headers_mut().insert("retry-attempt", HeaderValue::from(retries_done));
            }
            if attach_token {
                if let Some(provider) = &self.inner.token_provider {
                    let token = provider.token().await?;
                    let mut value = HeaderValue::try_from(format!("Bearer {}", token.secret()))
                        .map_err(|_| Error::auth("the access token contains characters not allowed in a header"))?;
                    value.set_sensitive(true);
                    outgoing.headers_mut().insert(AUTHORIZATION, value);
                }
            }
            let response = self.inner.transport.send(outgoing).await.inspect_err(|_| {
                instrument::request_done(&span, None, None, retries_done + 1, started.elapsed());
            })?;
            instrument::response(retries_done + 1, response.status, started.elapsed());
            match self.inner.retry.next_delay(&response, retries_done, started.elapsed()) {
                Some(delay) => {
                    instrument::retry(retries_done + 2, response.status, delay);
                    tokio::time::sleep(delay).await;
                    retries_done += 1;
                }
                None => {
                    let request_id = response.header("request-id");
                    instrument::request_done(&span, Some(response.status), request_id, retries_done + 1, started.elapsed());
                    return Ok(response);
                }
            }
        }
    }
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
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token_provider", &self.inner.token_provider.as_ref().map(|_| "<set>"))
            .field("token_origins", &self.inner.token_origins)
            .field("retry", &self.inner.retry)
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
#[derive(Default)]
pub struct ClientBuilder {
    cloud: Cloud,
    api_version: ApiVersion,
    base_url: Option<String>,
    extra_origins: Vec<String>,
    token_provider: Option<Arc<dyn TokenProvider>>,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
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

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("{}/{}", self.cloud.host_url(), self.api_version.as_str()),
        };
        let uri: Uri = base_url
            .parse()
            .map_err(|e| Error::InvalidUrl(format!("base URL {base_url:?}: {e}")))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.authority().is_none() {
            return Err(Error::InvalidUrl(format!("base URL {base_url:?} must be an absolute http(s) URL")));
        }
        if uri.query().is_some() || base_url.contains('#') {
            return Err(Error::InvalidUrl(format!("base URL {base_url:?} must not have a query or fragment")));
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
            .field("base_url", &self.base_url)
            .field("token_provider", &self.token_provider.as_ref().map(|_| "<set>"))
            .field("retry", &self.retry)
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
    fn debug_hides_the_token() {
        let builder = Client::builder().transport(NeverCalled).token_provider(crate::StaticToken::new("secret-token-123"));
        assert!(!format!("{builder:?}").contains("secret-token-123"));
        let client = builder.build().unwrap();
        let text = format!("{client:?}");
        assert!(text.contains("graph.microsoft.com"));
        assert!(!text.contains("secret-token-123"));
    }
}
