//! Following `@odata.nextLink` from page to page: the link is the server's to choose, so
//! it is trusted no further than it must be. Credentials set by hand stay on trusted
//! origins (as the token does), and a link back to any page already read ends paging.

use std::collections::HashSet;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use http::Method;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::options::RequestOptions;
use crate::redact::redact_url;
use crate::request::{send_and_decode, HttpRequest, RequestBuilder};
use crate::response::{Collection, CollectionPage};

/// Request headers that carry no credentials and shape the paging itself, so they follow
/// a next link to any origin. Every other header set with `.header()` (an
/// `Authorization`, an API key, a cookie) follows only to trusted origins.
const SAFE_OFF_ORIGIN: [&str; 5] = ["accept", "accept-language", "consistencylevel", "prefer", "client-request-id"];

/// Where paging is: the first request, a next link, an error still to report, or finished.
enum PageState<T> {
    First(Box<RequestBuilder<Collection<T>>>),
    Next(Box<Following>),
    /// The page just yielded had a bad next link: the stream ends with this error.
    Failed(Box<Error>),
    Done,
}

/// What paging carries from page to page.
struct Following {
    client: Client,
    /// The first request's headers, minus its body's content type (a paging GET has no
    /// body); filtered for each link's origin.
    headers: Vec<(String, String)>,
    options: RequestOptions,
    /// Every URL requested so far.
    seen: HashSet<String>,
    url: String,
}

impl Following {
    fn request(&self) -> HttpRequest {
        let trusted = self.client.is_trusted_url(&self.url);
        let headers = self
            .headers
            .iter()
            .filter(|(name, _)| trusted || SAFE_OFF_ORIGIN.iter().any(|safe| name.eq_ignore_ascii_case(safe)))
            .cloned()
            .collect();
        HttpRequest { method: Method::GET, url: self.url.clone(), headers, body: None }
    }
}

impl<T: DeserializeOwned + Send + 'static> RequestBuilder<Collection<T>> {
    /// Every page, following `@odata.nextLink` until a page has none. Headers of the first
    /// request (e.g. `ConsistencyLevel`) are sent again with each page, except that a link
    /// to another origin (not the base URL's scheme and host, nor an allowed token origin)
    /// gets only headers that cannot carry credentials (`Accept`, `Accept-Language`,
    /// `ConsistencyLevel`, `Prefer`, `client-request-id`), as it gets no token. The query
    /// options are already part of the link. The last page carries `@odata.deltaLink`, if
    /// any. A link to a page already read (`A -> B -> A`) ends the stream with an error
    /// ([`Error::InvalidUrl`]) after the page that holds it, rather than looping. The
    /// stream ends after the first error.
    pub fn pages(self) -> impl Stream<Item = Result<CollectionPage<T>, Error>> + Send + 'static {
        stream::try_unfold(PageState::First(Box::new(self)), |state| async move {
            let (client, request, headers, options, mut seen) = match state {
                PageState::First(builder) => {
                    let (client, request, options) = builder.into_parts()?;
                    // A paging GET carries no body, so the body's content type stays behind.
                    let headers =
                        request.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("content-type")).cloned().collect();
                    (client, request, headers, options, HashSet::new())
                }
                PageState::Next(following) => {
                    let request = following.request();
                    let Following { client, headers, options, seen, .. } = *following;
                    (client, request, headers, options, seen)
                }
                PageState::Failed(error) => return Err(*error),
                PageState::Done => return Ok(None),
            };
            seen.insert(request.url.clone());
            let page = send_and_decode::<Collection<T>>(&client, request, &options).await?;
            let next = match &page.next_link {
                None => PageState::Done,
                // The page itself is good: yield it, then end with the error.
                Some(link) if seen.contains(link) => PageState::Failed(Box::new(Error::InvalidUrl(format!(
                    "@odata.nextLink returns to a page already read: {}",
                    redact_url(link)
                )))),
                Some(link) => PageState::Next(Box::new(Following { client, headers, options, seen, url: link.clone() })),
            };
            Ok(Some((page, next)))
        })
    }

    /// Every item of every page, in order, following `@odata.nextLink`.
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        self.pages().map_ok(|page| stream::iter(page.value).map(Ok)).try_flatten()
    }

    /// All items of all pages in one `Vec`.
    pub async fn send_all(self) -> Result<Vec<T>, Error> {
        self.stream().try_collect().await
    }
}
