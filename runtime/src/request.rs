//! Request builders: path + OData query options + headers + body, then send and decode.

use std::fmt;
use std::marker::PhantomData;

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::client::Client;
use crate::error::{from_error_response, Error};
use crate::options::RequestOptions;
use crate::redact::redact_url;
use crate::response::ResponseKind;
use crate::url_path::UrlPath;

/// Query text keeps unreserved characters and the punctuation OData expressions use that
/// is legal in a query (`$ ' ( ) * , : @ /`). `& = + # %`, spaces, quotes and non-ASCII are
/// encoded so a value can never end its parameter or the query.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// A request in transport-independent form: what would be sent, minus authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The full URL including the query string.
    pub url: String,
    /// Headers in the order they will be sent (never `Authorization` from the client).
    pub headers: Vec<(String, String)>,
    /// The body bytes, if any.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A caller may have set credentials by hand through `.header`.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| if is_secret_header(n) { (n.as_str(), "<redacted>") } else { (n.as_str(), v.as_str()) })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_url(&self.url))
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

fn is_secret_header(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"].iter().any(|s| name.eq_ignore_ascii_case(s))
}

/// The OData system query options, kept apart so they serialize in one fixed order.
#[derive(Debug, Clone, Default)]
struct QueryOptions {
    select: Vec<String>,
    expand: Vec<String>,
    filter: Option<String>,
    search: Option<String>,
    orderby: Vec<String>,
    top: Option<u32>,
    skip: Option<u32>,
    count: Option<bool>,
}

impl QueryOptions {
    /// `(name, value)` pairs in the order `$select $expand $filter $search $orderby $top $skip $count`.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut list = |name, items: &[String]| {
            if !items.is_empty() {
                out.push((name, items.join(",")));
            }
        };
        list("$select", &self.select);
        list("$expand", &self.expand);
        if let Some(v) = &self.filter {
            out.push(("$filter", v.clone()));
        }
        if let Some(v) = &self.search {
            out.push(("$search", v.clone()));
        }
        if !self.orderby.is_empty() {
            out.push(("$orderby", self.orderby.join(",")));
        }
        if let Some(v) = self.top {
            out.push(("$top", v.to_string()));
        }
        if let Some(v) = self.skip {
            out.push(("$skip", v.to_string()));
        }
        if let Some(v) = self.count {
            out.push(("$count", v.to_string()));
        }
        out
    }
}

/// A request under construction; `R` says how its response is decoded
/// ([`Json`](crate::Json), [`Collection`](crate::Collection), [`NoContent`](crate::NoContent),
/// [`Bytes`](crate::Bytes)), `O` which OData query options it offers as typed methods
/// ([`query`](crate::query): a generated operation lists what its page supports; by hand,
/// [`Any`](crate::query::Any)). [`query`](Self::query) adds any other parameter.
pub struct RequestBuilder<R, O = crate::query::Any> {
    client: Client,
    method: Method,
    path: UrlPath,
    options: QueryOptions,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
    /// A body that failed to serialize; reported by `to_request`/`send`.
    encode_error: Option<String>,
    send_options: RequestOptions,
    kind: PhantomData<fn() -> (R, O)>,
}

impl<R, O> Clone for RequestBuilder<R, O> {
    fn clone(&self) -> Self {
        RequestBuilder {
            client: self.client.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            options: self.options.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            encode_error: self.encode_error.clone(),
            send_options: self.send_options.clone(),
            kind: PhantomData,
        }
    }
}

impl<R, O> fmt::Debug for RequestBuilder<R, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("options", &self.options)
            .field("send_options", &self.send_options)
            .finish_non_exhaustive()
    }
}

impl<R: ResponseKind, O> RequestBuilder<R, O> {
    /// A request for `method` on `path`, sent through `client`.
    pub fn new(client: &Client, method: Method, path: UrlPath) -> Self {
        RequestBuilder {
            client: client.clone(),
            method,
            path,
            options: QueryOptions::default(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            encode_error: None,
            send_options: RequestOptions::default(),
            kind: PhantomData,
        }
    }

    /// Sets a JSON body, serialized now; a serialization failure is returned by
    /// [`send`](Self::send) / [`to_request`](Self::to_request).
    pub fn json_body(mut self, body: &(impl Serialize + ?Sized)) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(("application/json".to_owned(), bytes));
                self.encode_error = None;
            }
            Err(e) => self.encode_error = Some(format!("the JSON body could not be serialized: {e}")),
        }
        self
    }

    /// Sets an entity reference body, `{"@odata.id": "<url>"}`: what a write
    /// to a `$ref` path sends (add a member, set a manager). `target` is
    /// the referenced entity's URL as text (e.g.
    /// `https://graph.microsoft.com/beta/directoryObjects/{id}`) or a
    /// [`UrlPath`] under the client's base (a generated builder's `path()`);
    /// see [`ReferenceTarget`](crate::ReferenceTarget).
    pub fn reference_body(mut self, target: impl crate::ReferenceTarget) -> Self {
        match target.odata_id() {
            Ok(odata_id) => self.json_body(&serde_json::json!({ "@odata.id": odata_id })),
            Err(e) => {
                self.encode_error = Some(format!("the reference target: {e}"));
                self
            }
        }
    }

    /// Sets a raw body with its content type (file uploads, photos).
    pub fn bytes_body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = Some((content_type.to_owned(), body));
        self.encode_error = None;
        self
    }









    /// Adds a request header (e.g. `ConsistencyLevel`, `Prefer`, `If-Match`).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a raw query parameter after the typed OData options; both parts are
    /// percent-encoded. The escape hatch for what the request offers no typed method for:
    /// an option its page does not list (`.query("$skip", "10")`, see [`query`](crate::query)),
    /// options without one (`$format`, `$apply`, `$skiptoken`) and custom parameters
    /// (`startDateTime`).
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Declares that sending this request twice has the effect of sending it once, so a
    /// `503` or `504` answer is retried even for a `POST` or `PATCH` (by default only
    /// idempotent methods are: a gateway may time out after the service carried out the
    /// request, and a retried create would create twice). Use it when the service
    /// deduplicates, e.g. on a client-chosen id or transaction id in the body.
    pub fn idempotent(mut self) -> Self {
        self.send_options.idempotent = true;
        self
    }

    /// The most body bytes to buffer for this response, instead of the client's
    /// [`max_response_body`](crate::ClientBuilder::max_response_body); past it the call
    /// fails with [`Error::ResponseTooLarge`].
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.send_options.max_response_body = Some(bytes);
        self
    }

    /// The client the request goes through.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// The request as it will be sent, minus authentication (added by [`send`](Self::send)).
    pub fn to_request(&self) -> Result<HttpRequest, Error> {
        self.build_request(self.body.as_ref().map(|(_, bytes)| bytes.clone()))
    }

    /// Sends the request (with token and retries) and decodes the response.
    pub async fn send(self) -> Result<R::Output, Error> {
        let (client, request, options) = self.into_parts()?;
        send_and_decode::<R>(&client, request, &options).await
    }

    /// The client, the request to send and its options; the body is moved, not copied
    /// (uploads can be large).
    pub(crate) fn into_parts(mut self) -> Result<(Client, HttpRequest, RequestOptions), Error> {
        let body = self.body.as_mut().map(|(_, bytes)| std::mem::take(bytes));
        let request = self.build_request(body)?;
        Ok((self.client, request, self.send_options))
    }

    fn build_request(&self, body: Option<Vec<u8>>) -> Result<HttpRequest, Error> {
        if let Some(message) = &self.encode_error {
            return Err(Error::Encode(message.clone()));
        }
        let mut url = self.path.to_url()?;
        let pairs = self
            .options
            .pairs()
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v))
            .chain(self.query.iter().cloned());
        for (i, (name, value)) in pairs.enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.extend(utf8_percent_encode(&name, QUERY));
            url.push('=');
            url.extend(utf8_percent_encode(&value, QUERY));
        }

        let has = |name: &str| self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        let mut headers = Vec::new();
        if let (Some(accept), false) = (R::ACCEPT, has("accept")) {
            headers.push(("Accept".to_owned(), accept.to_owned()));
        }
        if let (Some((content_type, _)), false) = (&self.body, has("content-type")) {
            headers.push(("Content-Type".to_owned(), content_type.clone()));
        }
        headers.extend(self.headers.iter().cloned());

        Ok(HttpRequest { method: self.method.clone(), url, headers, body })
    }
}

impl<R: ResponseKind, O: crate::query::AllowsSelect> RequestBuilder<R, O> {
    /// Adds properties to `$select`.
    pub fn select(mut self, fields: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        self.options.select.extend(fields.into_iter().map(|f| f.as_ref().to_owned()));
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsExpand> RequestBuilder<R, O> {
    /// Adds navigation properties to `$expand`.
    pub fn expand(mut self, fields: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        self.options.expand.extend(fields.into_iter().map(|f| f.as_ref().to_owned()));
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsOrderBy> RequestBuilder<R, O> {
    /// Adds sort keys to `$orderby` (e.g. `"displayName desc"`).
    pub fn orderby(mut self, fields: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        self.options.orderby.extend(fields.into_iter().map(|f| f.as_ref().to_owned()));
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsFilter> RequestBuilder<R, O> {
    /// Sets `$filter` (replacing an earlier one).
    pub fn filter(mut self, expression: &str) -> Self {
        self.options.filter = Some(expression.to_owned());
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsSearch> RequestBuilder<R, O> {
    /// Sets `$search` (replacing an earlier one). Graph often wants the value in double
    /// quotes and the `ConsistencyLevel: eventual` header.
    pub fn search(mut self, expression: &str) -> Self {
        self.options.search = Some(expression.to_owned());
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsTop> RequestBuilder<R, O> {
    /// Sets `$top`.
    pub fn top(mut self, n: u32) -> Self {
        self.options.top = Some(n);
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsSkip> RequestBuilder<R, O> {
    /// Sets `$skip`.
    pub fn skip(mut self, n: u32) -> Self {
        self.options.skip = Some(n);
        self
    }
}

impl<R: ResponseKind, O: crate::query::AllowsCount> RequestBuilder<R, O> {
    /// Sets `$count`.
    pub fn count(mut self, count: bool) -> Self {
        self.options.count = Some(count);
        self
    }
}

impl<R: ResponseKind, O: crate::query::OptionList> RequestBuilder<R, O> {
    /// The OData options this request offers typed methods for (`"$select"`, ...), in the
    /// fixed order; every other one goes through [`query`](Self::query).
    pub fn typed_query_options(&self) -> Vec<&'static str> {
        crate::query::names(O::MASK)
    }
}

pub(crate) async fn send_and_decode<R: ResponseKind>(
    client: &Client,
    request: HttpRequest,
    options: &RequestOptions,
) -> Result<R::Output, Error> {
    let response = client.execute_with(request, options).await?;
    if !response.status.is_success() {
        return Err(from_error_response(&response));
    }
    R::decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::BoxFuture;
    use crate::response::{Bytes, Collection, Json, NoContent};
    use crate::transport::{HttpResponse, Transport, TransportError};

    struct Unused;
    impl Transport for Unused {
        fn send(&self, _: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async { Err(TransportError::new("unused")) })
        }
    }

    fn client() -> Client {
        Client::builder()
            .transport(Unused)
            .token_provider(crate::StaticToken::new("secret-token-123"))
            .build()
            .unwrap()
    }

    #[test]
    fn query_options_in_fixed_order_and_encoded() {
        let c = client();
        let r = RequestBuilder::<Json<serde_json::Value>>::new(&c, Method::GET, c.path().segment("users"))
            .count(true)
            .top(5)
            .skip(10)
            .orderby(["displayName desc"])
            .search("\"displayName:a&b\"")
            .filter("startswith(displayName,'A+B') and x eq 'c#d'")
            .expand(vec!["manager".to_owned()])
            .select(["id", "displayName"])
            .select(["mail"])
            .query("custom param", "a=b&c")
            .to_request()
            .unwrap();
        assert_eq!(
            r.url,
            "https://graph.microsoft.com/beta/users?$select=id,displayName,mail&$expand=manager\
             &$filter=startswith(displayName,'A%2BB')%20and%20x%20eq%20'c%23d'\
             &$search=%22displayName:a%26b%22&$orderby=displayName%20desc&$top=5&$skip=10&$count=true\
             &custom%20param=a%3Db%26c"
        );
    }

    #[test]
    fn a_list_of_options_offers_its_methods_and_the_raw_query_the_rest() {
        use crate::query::{Any, Count, Filter, NoOptions, Select, Top};
        let c = client();
        let listed: RequestBuilder<Json<serde_json::Value>, Select<Filter<Top<Count>>>> =
            RequestBuilder::new(&c, Method::GET, c.path().segment("users"));
        assert_eq!(listed.typed_query_options(), ["$select", "$filter", "$top", "$count"]);
        let r = listed.top(3).select(["id"]).count(true).filter("a eq 1").query("$skip", "6").to_request().unwrap();
        assert_eq!(r.url, "https://graph.microsoft.com/beta/users?$select=id&$filter=a%20eq%201&$top=3&$count=true&$skip=6");
        let none: RequestBuilder<NoContent, NoOptions> = RequestBuilder::new(&c, Method::DELETE, c.path().segment("users"));
        assert!(none.typed_query_options().is_empty());
        let all: RequestBuilder<NoContent, Any> = RequestBuilder::new(&c, Method::GET, c.path());
        assert_eq!(all.typed_query_options(), crate::query::NAMES);
    }

    #[test]
    fn headers_and_bodies() {
        let c = client();
        let r = RequestBuilder::<NoContent>::new(&c, Method::PATCH, c.path().segment("me"))
            .json_body(&serde_json::json!({"a": null}))
            .header("If-Match", "*")
            .to_request()
            .unwrap();
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.header("accept"), None);
        assert_eq!(r.header("if-match"), Some("*"));
        assert_eq!(r.body.as_deref(), Some(&br#"{"a":null}"#[..]));
        assert_eq!(r.header("authorization"), None);
        assert!(!format!("{r:?}").contains("secret-token-123"));

        let r = RequestBuilder::<Bytes>::new(&c, Method::PUT, c.path().segment("content"))
            .bytes_body("image/png", vec![1, 2, 3])
            .to_request()
            .unwrap();
        assert_eq!(r.header("content-type"), Some("image/png"));
        assert_eq!(r.body, Some(vec![1, 2, 3]));
        assert_eq!(r.url, "https://graph.microsoft.com/beta/content");
    }

    #[test]
    fn reference_bodies_carry_only_the_odata_id() {
        let c = client();
        let url = "https://graph.microsoft.com/beta/directoryObjects/\"quoted\"";
        let r = RequestBuilder::<NoContent>::new(&c, Method::POST, c.path().segment("members").segment("$ref"))
            .reference_body(url)
            .to_request()
            .unwrap();
        assert_eq!(r.header("content-type"), Some("application/json"));
        let sent: serde_json::Value = serde_json::from_slice(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(sent, serde_json::json!({ "@odata.id": url }));
        assert_eq!(r.url, "https://graph.microsoft.com/beta/members/$ref");
    }

    #[test]
    fn reference_bodies_from_a_path_are_urls_under_the_base() {
        let c = client();
        let refs = c.path().segment("groups").key("g1").segment("members").segment("$ref");
        let target = c.path().segment("directoryObjects").key("a/b?c#d");
        let r = RequestBuilder::<NoContent>::new(&c, Method::POST, refs.clone()).reference_body(&target).to_request().unwrap();
        let sent: serde_json::Value = serde_json::from_slice(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({ "@odata.id": "https://graph.microsoft.com/beta/directoryObjects/a%2Fb%3Fc%23d" })
        );
        let bad = c.path().segment("directoryObjects").key("");
        let err = RequestBuilder::<NoContent>::new(&c, Method::POST, refs).reference_body(bad).to_request().unwrap_err();
        assert!(matches!(err, Error::Encode(ref m) if m.contains("key value is empty")), "{err:?}");
    }

    #[test]
    fn serialization_failures_surface_at_build() {
        let c = client();
        let slice: &[i32] = &[1, 2];
        let r = RequestBuilder::<NoContent>::new(&c, Method::POST, c.path()).json_body(slice).to_request().unwrap();
        assert_eq!(r.body.as_deref(), Some(&b"[1,2]"[..]));
        let mut bad = std::collections::HashMap::new();
        bad.insert(vec![1u8], 1);
        let err = RequestBuilder::<NoContent>::new(&c, Method::POST, c.path()).json_body(&bad).to_request().unwrap_err();
        assert!(matches!(err, Error::Encode(_)), "{err:?}");
        let err = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path().segment("u").key("")).to_request().unwrap_err();
        assert!(matches!(err, Error::InvalidUrl(_)));
    }

    #[test]
    fn futures_and_streams_can_be_spawned() {
        fn assert_send_static<T: Send + 'static>(_: T) {}
        let c = client();
        assert_send_static(RequestBuilder::<Json<serde_json::Value>>::new(&c, Method::GET, c.path()).send());
        assert_send_static(RequestBuilder::<Collection<serde_json::Value>>::new(&c, Method::GET, c.path()).stream());
        assert_send_static(execute_owned(c));
    }

    async fn execute_owned(client: Client) -> Result<HttpResponse, Error> {
        let request = HttpRequest { method: Method::GET, url: client.base_url().to_owned(), headers: vec![], body: None };
        client.execute(request).await
    }

    #[test]
    fn debug_redacts_hand_set_credentials() {
        let c = client();
        let r = RequestBuilder::<NoContent>::new(&c, Method::GET, c.path())
            .header("Authorization", "Bearer hand-set-secret")
            .to_request()
            .unwrap();
        assert!(!format!("{r:?}").contains("hand-set-secret"));
    }
}
