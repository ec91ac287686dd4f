//! `tracing` spans and events of the runtime (feature `tracing`, on by default).
//!
//! What is recorded is chosen so that a log can be shared: the method, the host and the URL
//! *path* (never the query, which carries `$filter` values, `$skiptoken`s and, on upload
//! URLs, capability tokens), statuses, attempt numbers, waits and durations, the service's
//! `request-id`. Never a header value, a body or a token: a claims challenge is recorded as
//! having happened, not what it asks for, and the host is the URL's host alone, so the
//! user name and password a URL can carry never show. Upload sessions record the host
//! only: their whole URL is a pre-authenticated capability.
//!
//! | name | kind, level | fields |
//! |---|---|---|
//! | `graph.request` | span, INFO | `http.request.method`, `server.address`, `url.path`, then `http.response.status_code`, `graph.attempts`, `graph.request_id`, `duration_ms` |
//! | `graph.response` | event, DEBUG | `attempt`, `status`, `elapsed_ms` (each attempt's answer) |
//! | `graph.retry` | event, INFO | `attempt` (the next one), `status`, `delay_ms` |
//! | `graph.claims_challenge` | event, INFO | `attempt`, `answered` (whether the token provider gave a token for it; never the claims) |
//! | `graph.timeout` | event, WARN | `limit_ms` (the retry policy's `max_total_time` ran out) |
//! | `graph.response_too_large` | event, WARN | `status`, `limit` (bytes; reading the body stopped there) |
//! | `graph.page` | event, DEBUG | `items`, `has_next_link`, `has_delta_link` |
//! | `graph.batch` | span, INFO | `requests`; events `graph.batch.round` (`round`, `sent`, `throttled`) |
//! | `graph.upload` | span, INFO | `server.address`, `total_bytes`; events `graph.upload.chunk` (`start`, `end`, `status`) and `graph.upload.resume` (`next_start`) |
//!
//! Without the feature every function here is an empty inline function, so call sites need
//! no `cfg`.

use std::future::Future;
use std::time::Duration;

use http::{Method, StatusCode};

/// The span a future runs in (a unit stand-in without the feature).
#[cfg(feature = "tracing")]
pub(crate) type Span = tracing::Span;
#[cfg(not(feature = "tracing"))]
#[derive(Clone)]
pub(crate) struct Span;

/// The host and path of `url`, without query or fragment; empty parts when it does not parse.
fn host_and_path(url: &str) -> (String, String) {
    match url.parse::<http::Uri>() {
        Ok(uri) => (uri.host().unwrap_or_default().to_owned(), uri.path().to_owned()),
        Err(_) => (String::new(), String::new()),
    }
}

/// Runs `future` inside `span`.
#[cfg(feature = "tracing")]
pub(crate) fn within<F: Future>(span: Span, future: F) -> impl Future<Output = F::Output> {
    tracing::Instrument::instrument(future, span)
}
#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn within<F: Future>(_: Span, future: F) -> F {
    future
}

/// The span of one logical request (all its attempts).
pub(crate) fn request_span(method: &Method, url: &str) -> Span {
    #[cfg(feature = "tracing")]
    {
        let (host, path) = host_and_path(url);
        tracing::info_span!(
            "graph.request",
            http.request.method = %method,
            server.address = %host,
            url.path = %path,
            http.response.status_code = tracing::field::Empty,
            graph.attempts = tracing::field::Empty,
            graph.request_id = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        )
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (method, url, host_and_path);
        Span
    }
}

/// Records how a request ended on its span: status (absent after a transport error), how
/// many attempts it took, the service's `request-id`, and the time since it started.
pub(crate) fn request_done(span: &Span, status: Option<StatusCode>, request_id: Option<&str>, attempts: u32, elapsed: Duration) {
    #[cfg(feature = "tracing")]
    {
        if let Some(status) = status {
            span.record("http.response.status_code", status.as_u16());
        }
        if let Some(id) = request_id {
            span.record("graph.request_id", id);
        }
        span.record("graph.attempts", attempts);
        span.record("duration_ms", millis(elapsed));
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (span, status, request_id, attempts, elapsed);
}

/// One attempt's answer (attempts count from 1).
pub(crate) fn response(attempt: u32, status: StatusCode, elapsed: Duration) {
    #[cfg(feature = "tracing")]
    tracing::debug!(name: "graph.response", attempt, status = status.as_u16(), elapsed_ms = millis(elapsed));
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, status, elapsed);
}

/// A retry about to wait `delay` before attempt number `next_attempt`.
pub(crate) fn retry(next_attempt: u32, status: StatusCode, delay: Duration) {
    #[cfg(feature = "tracing")]
    tracing::info!(name: "graph.retry", attempt = next_attempt, status = status.as_u16(), delay_ms = millis(delay));
    #[cfg(not(feature = "tracing"))]
    let _ = (next_attempt, status, delay);
}

/// Attempt number `attempt` was refused with a claims challenge; `answered` says whether
/// the token provider gave a token to send again with. The claims are not recorded.
pub(crate) fn claims_challenge(attempt: u32, answered: bool) {
    #[cfg(feature = "tracing")]
    tracing::info!(name: "graph.claims_challenge", attempt, answered);
    #[cfg(not(feature = "tracing"))]
    let _ = (attempt, answered);
}

/// The call's time budget (`max_total_time`) ran out.
pub(crate) fn timed_out(limit: Duration) {
    #[cfg(feature = "tracing")]
    tracing::warn!(name: "graph.timeout", limit_ms = millis(limit));
    #[cfg(not(feature = "tracing"))]
    let _ = limit;
}

/// A `status` response's body passed the limit of `limit` bytes.
pub(crate) fn response_too_large(status: StatusCode, limit: u64) {
    #[cfg(feature = "tracing")]
    tracing::warn!(name: "graph.response_too_large", status = status.as_u16(), limit);
    #[cfg(not(feature = "tracing"))]
    let _ = (status, limit);
}

/// A collection page read while paging.
pub(crate) fn page(items: usize, has_next_link: bool, has_delta_link: bool) {
    #[cfg(feature = "tracing")]
    tracing::debug!(name: "graph.page", items, has_next_link, has_delta_link);
    #[cfg(not(feature = "tracing"))]
    let _ = (items, has_next_link, has_delta_link);
}

/// The span of a JSON batch of `requests` requests (all its rounds).
pub(crate) fn batch_span(requests: usize) -> Span {
    #[cfg(feature = "tracing")]
    {
        tracing::info_span!("graph.batch", requests)
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = requests;
        Span
    }
}

/// One `$batch` call: its round number (from 1), how many requests it carried and how many
/// came back to be sent again (`429`, or `503`/`504` for requests safe to repeat).
pub(crate) fn batch_round(round: u32, sent: usize, throttled: usize) {
    #[cfg(feature = "tracing")]
    tracing::debug!(name: "graph.batch.round", round, sent, throttled);
    #[cfg(not(feature = "tracing"))]
    let _ = (round, sent, throttled);
}

/// The span of an upload to a session URL: its host only (the URL is a capability).
pub(crate) fn upload_span(upload_url: &str, total_bytes: u64) -> Span {
    #[cfg(feature = "tracing")]
    {
        let (host, _) = host_and_path(upload_url);
        tracing::info_span!("graph.upload", server.address = %host, total_bytes)
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (upload_url, total_bytes);
        Span
    }
}

/// One chunk `start..=end` sent and its status.
pub(crate) fn upload_chunk(start: u64, end: u64, status: StatusCode) {
    #[cfg(feature = "tracing")]
    tracing::debug!(name: "graph.upload.chunk", start, end, status = status.as_u16());
    #[cfg(not(feature = "tracing"))]
    let _ = (start, end, status);
}

/// The upload goes on from `next_start`, as the session's status said after a failure.
pub(crate) fn upload_resume(next_start: u64) {
    #[cfg(feature = "tracing")]
    tracing::info!(name: "graph.upload.resume", next_start);
    #[cfg(not(feature = "tracing"))]
    let _ = next_start;
}

#[cfg(feature = "tracing")]
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_host_and_path_are_taken_from_urls() {
        let (host, path) = host_and_path("https://graph.microsoft.com/beta/users?$filter=mail%20eq%20'a@b.c'&$skiptoken=X#f");
        assert_eq!(host, "graph.microsoft.com");
        assert_eq!(path, "/beta/users");
        assert_eq!(host_and_path("not a url"), (String::new(), String::new()));
        // User info (a name and password) is not part of the host.
        let (host, path) = host_and_path("https://user:p%40ss@graph.example:8443/beta/me");
        assert_eq!((host.as_str(), path.as_str()), ("graph.example", "/beta/me"));
    }
}
