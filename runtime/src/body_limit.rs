//! How much of a response body the client holds in memory: a limit checked as chunks
//! arrive, so a server that sends without end costs at most the limit, not all memory.

use futures_util::StreamExt;

use crate::transport::{HttpResponse, StreamingResponse, TransportError};

/// The default for [`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body):
/// 64 MiB. A full page of 999 users with every property is a few MiB; bodies past this are
/// downloads, which [`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming)
/// reads without buffering.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

/// Reads the whole body, failing with [`TransportError::response_too_large`] as soon as
/// it declares (`Content-Length`) or reaches more than `limit` bytes.
pub(crate) async fn read_bounded(response: StreamingResponse, limit: u64) -> Result<HttpResponse, TransportError> {
    let StreamingResponse { status, headers, mut body } = response;
    let too_large = || TransportError::response_too_large(status, limit);
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // One allocation when the length is announced (it is at most the limit here); else
    // the first chunk's buffer is kept, so a body that arrives in one piece is not copied.
    let mut bytes: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        if (bytes.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(too_large());
        }
        if bytes.capacity() == 0 {
            bytes = chunk;
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(HttpResponse { status, headers, body: bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::BodyStream;
    use futures_util::stream;
    use http::{HeaderMap, StatusCode};

    fn response(chunks: Vec<&'static [u8]>, content_length: Option<&str>) -> StreamingResponse {
        let mut headers = HeaderMap::new();
        if let Some(len) = content_length {
            headers.insert(http::header::CONTENT_LENGTH, len.parse().unwrap());
        }
        let body: BodyStream = Box::pin(stream::iter(chunks.into_iter().map(|c| Ok(c.to_vec()))));
        StreamingResponse { status: StatusCode::OK, headers, body }
    }

    #[tokio::test]
    async fn bodies_up_to_the_limit_are_read_whole() {
        let r = read_bounded(response(vec![b"ab", b"cd", b"e"], None), 5).await.unwrap();
        assert_eq!(r.body, b"abcde");
        let r = read_bounded(response(vec![], Some("0")), 0).await.unwrap();
        assert!(r.body.is_empty());
    }

    #[tokio::test]
    async fn one_byte_past_the_limit_fails() {
        let err = read_bounded(response(vec![b"ab", b"cd", b"ef"], None), 5).await.unwrap_err();
        assert_eq!(err.exceeded_limit(), Some((StatusCode::OK, 5)));
    }

    #[tokio::test]
    async fn a_declared_length_past_the_limit_fails_before_reading() {
        let body: BodyStream = Box::pin(stream::once(async { panic!("the body must not be read") }));
        let mut headers = HeaderMap::new();
        headers.insert(http::header::CONTENT_LENGTH, "6".parse().unwrap());
        let err = read_bounded(StreamingResponse { status: StatusCode::OK, headers, body }, 5).await.unwrap_err();
        assert_eq!(err.exceeded_limit(), Some((StatusCode::OK, 5)));
    }
}
