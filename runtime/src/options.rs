//! Settings of one request that change how the client sends it, apart from what is sent.

/// Per-request settings for [`Client::execute_with`](crate::Client::execute_with); request
/// builders set them with [`RequestBuilder::idempotent`](crate::RequestBuilder::idempotent)
/// and [`RequestBuilder::max_response_body`](crate::RequestBuilder::max_response_body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestOptions {
    /// The caller vouches that sending this request twice has the effect of sending it once
    /// (a `POST` the service deduplicates, say by a client-chosen id), so `503` and `504`
    /// are retried as for `GET`. Off by default: only idempotent methods are.
    pub idempotent: bool,
    /// The most body bytes to buffer for this request, instead of the client's
    /// [`max_response_body`](crate::ClientBuilder::max_response_body).
    pub max_response_body: Option<u64>,
}

impl RequestOptions {
    /// Sets [`idempotent`](Self::idempotent).
    pub fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Sets [`max_response_body`](Self::max_response_body).
    pub fn with_max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = Some(bytes);
        self
    }
}
