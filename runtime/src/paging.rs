//! Following `@odata.nextLink` from page to page, and the streams paging returns.
//!
//! The link is the server's to choose, so it is trusted no further than it must be:
//! credentials set by hand stay on trusted origins (as the token does), and a link back to
//! any page already read ends paging.
//!
//! The streams ([`Pages`], [`Items`]) are named, `Send`, `'static` and `Unpin`, so
//! `while let Some(x) = stream.try_next().await?` works as written, without pinning by hand,
//! and a stream can be kept in a struct field or returned from a function.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use http::Method;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::instrument;
use crate::options::RequestOptions;
use crate::redact::redact_url;
use crate::request::{send_and_decode, HttpRequest, RequestBuilder};
use crate::response::{Collection, CollectionPage};

/// Every page of a collection, from [`RequestBuilder::pages`](crate::RequestBuilder::pages).
pub struct Pages<T> {
    inner: BoxStream<'static, Result<CollectionPage<T>, Error>>,
}

/// Every item of every page of a collection, from
/// [`RequestBuilder::stream`](crate::RequestBuilder::stream).
pub struct Items<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T: Send + 'static> Pages<T> {
    pub(crate) fn new(pages: impl Stream<Item = Result<CollectionPage<T>, Error>> + Send + 'static) -> Self {
        let traced = pages.inspect_ok(|page| {
            instrument::page(page.value.len(), page.next_link.is_some(), page.delta_link.is_some())
        });
        Pages { inner: traced.boxed() }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<T> {
        let items = self.map_ok(|page| stream::iter(page.value).map(Ok)).try_flatten();
        Items { inner: items.boxed() }
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<CollectionPage<T>, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

/// Request headers that carry no credentials and shape the paging itself, so they follow
/// a next link to any origin. Every other header set with `.header()` (an
/// `Authorization`, an API key, a cookie) follows only to trusted origins.
const SAFE_OFF_ORIGIN: [&str; 5] = ["accept", "accept-language", "consistencylevel", "prefer", "client-request-id"];

/// Where paging is: the first request, a next link, an error still to report, or finished.
enum PageState {
    /// The first request, built (or why it could not be).
    First(Box<Result<(Client, HttpRequest, RequestOptions), Error>>),
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

impl<T: DeserializeOwned + Send + 'static, O> RequestBuilder<Collection<T>, O> {
    /// Every page, following `@odata.nextLink` until a page has none. Headers of the first
    /// request (e.g. `ConsistencyLevel`) are sent again with each page, except that a link
    /// to another origin (not the base URL's scheme and host, nor an allowed token origin)
    /// gets only headers that cannot carry credentials (`Accept`, `Accept-Language`,
    /// `ConsistencyLevel`, `Prefer`, `client-request-id`), as it gets no token. The query
    /// options are already part of the link. The last page carries `@odata.deltaLink`, if
    /// any. A link to a page already read (`A -> B -> A`) ends the stream with an error
    /// ([`Error::InvalidUrl`]) after the page that holds it, rather than looping. The
    /// stream ends after the first error.
    ///
    /// The stream is `Unpin`: `while let Some(page) = pages.try_next().await?` needs no pinning.
    pub fn pages(self) -> Pages<T> {
        Pages::new(stream::try_unfold(PageState::First(Box::new(self.into_parts())), |state| async move {
            let (client, request, headers, options, mut seen) = match state {
                PageState::First(first) => {
                    let (client, request, options) = (*first)?;
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
        }))
    }

    /// Every item of every page, in order, following `@odata.nextLink`. The stream is
    /// `Unpin`: `while let Some(item) = items.try_next().await?` needs no pinning.
    pub fn stream(self) -> Items<T> {
        self.pages().items()
    }

    /// All items of all pages in one `Vec`.
    pub async fn send_all(self) -> Result<Vec<T>, Error> {
        self.stream().try_collect().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(values: Vec<i32>) -> Result<CollectionPage<i32>, Error> {
        Ok(CollectionPage { value: values, ..CollectionPage::default() })
    }

    #[tokio::test]
    async fn try_next_needs_no_pinning() {
        fn assert_unpin_send<S: Unpin + Send + 'static>(_: &S) {}
        let pages = Pages::new(stream::iter(vec![page(vec![1, 2]), page(vec![]), page(vec![3])]));
        assert_unpin_send(&pages);
        let mut items = pages.items();
        assert_unpin_send(&items);
        let mut collected = Vec::new();
        // The loop an application writes, unchanged.
        while let Some(x) = items.try_next().await.unwrap() {
            collected.push(x);
        }
        assert_eq!(collected, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn items_report_the_error() {
        let pages =
            Pages::new(stream::iter(vec![page(vec![1]), Err(Error::InvalidUrl("bad link".into())), page(vec![2])]));
        let got: Vec<Result<i32, Error>> = pages.items().collect().await;
        assert!(matches!(got[..], [Ok(1), Err(Error::InvalidUrl(_)), ..]));
    }
}
