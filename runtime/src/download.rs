//! Binary responses read as they arrive, for downloads too large to buffer.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{Stream, StreamExt};
use http::{HeaderMap, StatusCode};

use crate::body_limit::read_bounded;
use crate::error::{from_error_response, Error};
use crate::request::RequestBuilder;
use crate::response::Bytes;
use crate::transport::BodyStream;

/// A successful response's body as a stream of chunks, from
/// [`RequestBuilder::send_streaming`]. Nothing is buffered beyond the chunk at hand, so the
/// body may be of any size; dropping the stream closes the connection.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    body: BodyStream,
}

impl ByteStream {
    /// The HTTP status (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The `Content-Length` header, if the server sent one (a claim, not a promise).
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
    }
}

impl Stream for ByteStream {
    type Item = Result<Vec<u8>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.poll_next_unpin(cx).map(|chunk| chunk.map(|r| r.map_err(Error::from)))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).field("headers", &self.headers).finish_non_exhaustive()
    }
}

impl<O> RequestBuilder<Bytes, O> {
    /// Sends the request (with token and retries) and returns the body unread, as a
    /// stream of chunks: for file content and other downloads that may be larger than
    /// [`max_response_body`](crate::ClientBuilder::max_response_body). An error status is
    /// still read (up to that limit) and returned as an [`Error`].
    ///
    /// ```no_run
    /// # async fn demo(client: graphgen_runtime::Client) -> Result<(), graphgen_runtime::Error> {
    /// use graphgen_runtime::{Bytes, Method, RequestBuilder};
    /// use futures_util::StreamExt;
    ///
    /// let path = client.path().segment("me").segment("drive").segment("root").item_path("video.mp4").segment("content");
    /// let mut body = RequestBuilder::<Bytes>::new(&client, Method::GET, path).send_streaming().await?;
    /// while let Some(chunk) = body.next().await {
    ///     let chunk = chunk?; // write it to a file
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_streaming(self) -> Result<ByteStream, Error> {
        let (client, request, options) = self.into_parts()?;
        let response = client.execute_streaming(request, &options).await?;
        if !response.status.is_success() {
            let limit = options.max_response_body.unwrap_or(client.max_response_body());
            return Err(from_error_response(&read_bounded(response, limit).await?));
        }
        Ok(ByteStream { status: response.status, headers: response.headers, body: response.body })
    }
}
