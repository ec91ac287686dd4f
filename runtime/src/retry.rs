//! When and how long to wait before sending a throttled or unavailable request again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use http::{HeaderMap, Method, StatusCode};
use time::OffsetDateTime;

/// Retry settings for `429 Too Many Requests` (any request: the service did not process
/// it) and `503 Service Unavailable` / `504 Gateway Timeout` (only requests that are safe
/// to repeat: idempotent methods, or a request marked with
/// [`RequestBuilder::idempotent`](crate::RequestBuilder::idempotent); a `POST` may have
/// been carried out before the gateway gave up, and repeating it would create twice).
///
/// A `Retry-After` header (seconds or an HTTP date) is honoured; otherwise the wait grows
/// exponentially from `base_delay` with random jitter. Retrying stops after `max_retries`
/// retries or when the next wait would reach `max_total_time` since the first attempt; the
/// last response is then returned as an error. `max_total_time` bounds the whole call:
/// an attempt still running when it runs out is abandoned with
/// [`Error::TimedOut`](crate::Error::TimedOut).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 3; 0 disables retries).
    pub max_retries: u32,
    /// The first back-off wait when the server gives no `Retry-After` (default 1 s).
    pub base_delay: Duration,
    /// The longest single back-off wait without `Retry-After` (default 30 s).
    pub max_delay: Duration,
    /// The time budget for the whole call: every attempt, every wait and reading the
    /// response body (default 180 s).
    pub max_total_time: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_total_time: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets [`base_delay`](Self::base_delay).
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets [`max_total_time`](Self::max_total_time).
    pub fn with_max_total_time(mut self, max_total_time: Duration) -> Self {
        self.max_total_time = max_total_time;
        self
    }

    /// The wait before retry number `retries_done + 1`, or `None` to stop and return the
    /// response. `elapsed` is the time since the first attempt started; `repeatable` says
    /// whether the request is safe to send twice (see [`is_retryable`]). A wait that would
    /// leave no time for the attempt after it is not taken.
    pub(crate) fn next_delay(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        retries_done: u32,
        elapsed: Duration,
        repeatable: bool,
    ) -> Option<Duration> {
        if !is_retryable(status, repeatable) || retries_done >= self.max_retries {
            return None;
        }
        let delay = retry_after(headers, OffsetDateTime::now_utc()).unwrap_or_else(|| self.backoff(retries_done));
        (elapsed.saturating_add(delay) < self.max_total_time).then_some(delay)
    }

    /// `base * 2^n`, capped at `max_delay`, then a random point in its upper half so
    /// that many clients throttled together do not come back together.
    fn backoff(&self, retries_done: u32) -> Duration {
        let factor = 1u32.checked_shl(retries_done.min(31)).unwrap_or(u32::MAX);
        let full = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(random_unit())
    }
}

/// Whether a response with `status` means "try again later". `429` does for any request:
/// throttling rejects a request before it is processed. `503` and `504` do only for a
/// `repeatable` request, because a gateway can time out while the service goes on to
/// carry the request out.
pub(crate) fn is_retryable(status: StatusCode, repeatable: bool) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => repeatable,
        _ => false,
    }
}

/// The methods RFC 9110 §9.2.2 defines as idempotent: sending one twice has the effect of
/// sending it once. `POST` and `PATCH` are not.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE)
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap, now: OffsetDateTime) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value, format).ok()?.assume_utc();
    // A date in the past means "now".
    Some(Duration::try_from(at - now).unwrap_or(Duration::ZERO))
}

/// A random number in `[0, 1)` from std's randomly keyed hasher: jitter needs no
/// cryptographic quality, and this keeps the crate free of an RNG dependency.
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(v) = retry_after {
            headers.insert("retry-after", v.parse().unwrap());
        }
        headers
    }

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    #[test]
    fn only_throttling_and_unavailable_statuses_retry() {
        let p = RetryPolicy::default();
        let h = headers(Some("0"));
        for code in [429, 503, 504] {
            assert!(p.next_delay(status(code), &h, 0, Duration::ZERO, true).is_some(), "{code}");
        }
        for code in [200, 400, 401, 404, 500, 502] {
            assert!(p.next_delay(status(code), &h, 0, Duration::ZERO, true).is_none(), "{code}");
        }
    }

    #[test]
    fn unavailable_is_retried_only_for_repeatable_requests() {
        let p = RetryPolicy::default();
        let h = headers(Some("0"));
        assert!(p.next_delay(status(429), &h, 0, Duration::ZERO, false).is_some());
        for code in [503, 504] {
            assert!(p.next_delay(status(code), &h, 0, Duration::ZERO, false).is_none(), "{code}");
        }
        for method in [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE] {
            assert!(is_idempotent(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH, Method::CONNECT] {
            assert!(!is_idempotent(&method), "{method}");
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let p = RetryPolicy::default();
        assert_eq!(p.next_delay(status(429), &headers(Some("7")), 0, Duration::ZERO, true), Some(Duration::from_secs(7)));
        let now = time::macros::datetime!(2015-10-21 07:27:50 UTC);
        let h = headers(Some("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
        let past = time::macros::datetime!(2016-01-01 00:00:00 UTC);
        assert_eq!(retry_after(&h, past), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(Some("soon")), now), None);
    }

    #[test]
    fn bounded_in_count_and_time() {
        let p = RetryPolicy::default().with_max_retries(2).with_max_total_time(Duration::from_secs(10));
        let (s, h) = (status(429), headers(Some("1")));
        assert!(p.next_delay(s, &h, 1, Duration::ZERO, true).is_some());
        assert!(p.next_delay(s, &h, 2, Duration::ZERO, true).is_none());
        assert!(p.next_delay(s, &h, 0, Duration::from_millis(8_999), true).is_some());
        // A wait that ends when the budget does leaves no time for the attempt.
        assert!(p.next_delay(s, &h, 0, Duration::from_secs(9), true).is_none());
        assert!(RetryPolicy::none().next_delay(s, &h, 0, Duration::ZERO, true).is_none());
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy::default().with_base_delay(Duration::from_millis(100)).with_max_delay(Duration::from_secs(1));
        for n in 0..6 {
            let full = Duration::from_millis(100 * (1 << n)).min(Duration::from_secs(1));
            let d = p.backoff(n);
            assert!(d >= full / 2 && d <= full, "{n}: {d:?}");
        }
        assert!(p.backoff(200) <= Duration::from_secs(1));
    }
}
