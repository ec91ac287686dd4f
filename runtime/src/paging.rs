//! The streams paging returns: named, `Send`, `'static` and `Unpin`, so
//! `while let Some(x) = stream.try_next().await?` works as written, without pinning by hand,
//! and a stream can be kept in a struct field or returned from a function.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{BoxStream, Stream, StreamExt, TryStreamExt};

use crate::error::Error;
use crate::instrument;
use crate::response::CollectionPage;

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
        let items = self.map_ok(|page| futures_util::stream::iter(page.value).map(Ok)).try_flatten();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(values: Vec<i32>) -> Result<CollectionPage<i32>, Error> {
        Ok(CollectionPage { value: values, ..CollectionPage::default() })
    }

    #[tokio::test]
    async fn try_next_needs_no_pinning() {
        fn assert_unpin_send<S: Unpin + Send + 'static>(_: &S) {}
        let pages = Pages::new(futures_util::stream::iter(vec![page(vec![1, 2]), page(vec![]), page(vec![3])]));
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
        let pages = Pages::new(futures_util::stream::iter(vec![
            page(vec![1]),
            Err(Error::InvalidUrl("bad link".into())),
            page(vec![2]),
        ]));
        let got: Vec<Result<i32, Error>> = pages.items().collect().await;
        assert!(matches!(got[..], [Ok(1), Err(Error::InvalidUrl(_)), ..]));
    }
}
