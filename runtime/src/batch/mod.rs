//! JSON batching: many requests in one `POST /$batch`, each answered on its own.
//!
//! Any [`RequestBuilder`] (so any generated operation method) is added as it is; the handle
//! [`add`](Batch::add) returns remembers how its response decodes, and
//! [`BatchResponses::take`] gives back exactly what the request's own `send()` would have:
//! the typed value or the [`Error`] (a per-request Graph error stays that request's).
//!
//! Rules (those of the service, kept for the caller):
//! * at most [`MAX_BATCH_REQUESTS`] (20) requests go in one `$batch`; a longer batch is sent
//!   as several, in order;
//! * `dependsOn` ([`add_after`](Batch::add_after)) names earlier requests only, so there is
//!   never a cycle. Within one `$batch` the service orders them and answers `424 Failed
//!   Dependency` when a dependency failed; across two (a long batch, a retry), the batch is
//!   sent in order and a request whose dependency failed is not sent and gets the same `424`;
//! * a request is sent again in a new `$batch` on the client's own retry rules: after `429
//!   Too Many Requests` whatever its method (throttling rejects a request before it runs),
//!   after `503`/`504` only when it is safe to repeat (an idempotent method, or a builder
//!   marked [`idempotent`](RequestBuilder::idempotent)). It goes after the longest
//!   `Retry-After` of the round (back-off from the client's [`RetryPolicy`](crate::RetryPolicy)
//!   without one), together with the requests answered `424` only because they depended on
//!   it; as many rounds as the policy's `max_retries` and `max_total_time` allow for each
//!   `$batch` of at most 20, after which the last answer is that request's result;
//! * the `$batch` call itself is a `POST`, retried like any request: after `429` always, and
//!   after `503`/`504` only when every request it carries is safe to repeat (a gateway may
//!   give up on a batch whose creates the service goes on to carry out). Its response is
//!   read up to the client's [`max_response_body`](crate::ClientBuilder::max_response_body).

mod wire;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use http::{Method, StatusCode};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{from_error_response, Error};
use crate::instrument;
use crate::options::RequestOptions;
use crate::request::{HttpRequest, RequestBuilder};
use crate::response::ResponseKind;
use crate::retry::{is_idempotent, is_retryable};
use crate::transport::HttpResponse;

/// The most requests the service takes in one `$batch`.
pub const MAX_BATCH_REQUESTS: usize = 20;

/// Requests to send together; see the [module docs](self).
///
/// ```no_run
/// # async fn demo(client: graphgen_runtime::Client) -> Result<(), graphgen_runtime::Error> {
/// use graphgen_runtime::serde_json::Value;
/// use graphgen_runtime::{Batch, Json, Method, RequestBuilder};
///
/// let mut batch = Batch::new(&client);
/// let me = batch.add(RequestBuilder::<Json<Value>>::new(&client, Method::GET, client.path().segment("me")));
/// let photo = batch.add_after(
///     RequestBuilder::<Json<Value>>::new(&client, Method::GET, client.path().segment("me").segment("photo")),
///     [me.id()],
/// );
/// let mut responses = batch.send().await?;
/// let me: Value = responses.take(me)?;
/// let photo = responses.take(photo); // its own result: Ok, or the error this request got
/// # Ok(()) }
/// ```
pub struct Batch {
    client: Client,
    entries: Vec<Entry>,
}

struct Entry {
    id: String,
    /// The request and whether it is safe to send twice, or why it could not be built
    /// (reported as this request's result).
    request: Result<(HttpRequest, bool), Error>,
    depends_on: Vec<String>,
}

/// A request that could be built, on its way.
struct Member {
    id: String,
    request: HttpRequest,
    /// Safe to send twice: an idempotent method or a builder marked `idempotent()`.
    repeatable: bool,
    depends_on: Vec<String>,
}

/// A request's place in a [`Batch`]: the key to its typed result in [`BatchResponses`].
/// Not `Clone`, so a result is taken once.
pub struct BatchItem<R> {
    id: String,
    kind: PhantomData<fn() -> R>,
}

impl<R> BatchItem<R> {
    /// The request's `id` in the batch (what `dependsOn` names).
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<R> fmt::Debug for BatchItem<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchItem").field("id", &self.id).finish()
    }
}

impl Batch {
    /// An empty batch sent through `client` (its base URL, token, transport and retry policy).
    pub fn new(client: &Client) -> Self {
        Batch { client: client.clone(), entries: Vec::new() }
    }

    /// Adds a request; its result is taken with the returned handle.
    pub fn add<R: ResponseKind, O>(&mut self, request: RequestBuilder<R, O>) -> BatchItem<R> {
        self.add_after(request, std::iter::empty::<&str>())
    }

    /// Adds a request that runs only after `depends_on` (ids of requests added before it)
    /// succeeded. An id that names no earlier request makes this request's result an error.
    pub fn add_after<'a, R: ResponseKind, O>(
        &mut self,
        request: RequestBuilder<R, O>,
        depends_on: impl IntoIterator<Item = &'a str>,
    ) -> BatchItem<R> {
        let id = (self.entries.len() + 1).to_string();
        let depends_on: Vec<String> = depends_on.into_iter().map(str::to_owned).collect();
        let unknown = depends_on.iter().find(|d| !self.entries.iter().any(|e| e.id == **d));
        let request = match unknown {
            Some(d) => Err(Error::Encode(format!("batch request {id} depends on {d:?}, which is not an earlier request"))),
            None => request.into_parts().map(|(_, request, options)| {
                let repeatable = options.idempotent || is_idempotent(&request.method);
                (request, repeatable)
            }),
        };
        self.entries.push(Entry { id: id.clone(), request, depends_on });
        BatchItem { id, kind: PhantomData }
    }

    /// How many requests the batch holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no request.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sends every request (in `$batch` calls of at most [`MAX_BATCH_REQUESTS`]), retrying
    /// throttled ones (see the [module docs](self)). An error here means a `$batch` call
    /// itself failed; each request's own outcome is in the [`BatchResponses`].
    pub async fn send(self) -> Result<BatchResponses, Error> {
        let span = instrument::batch_span(self.entries.len());
        instrument::within(span, self.send_in_span()).await
    }

    async fn send_in_span(self) -> Result<BatchResponses, Error> {
        let mut run = Run { client: &self.client, results: HashMap::new(), rounds: 0 };
        // A request that could not be built has its result now, so its dependents see it.
        let mut sendable: Vec<Member> = Vec::new();
        for Entry { id, request, depends_on } in self.entries {
            match request {
                Ok((request, repeatable)) => sendable.push(Member { id, request, repeatable, depends_on }),
                Err(error) => {
                    run.results.insert(id, Err(error));
                }
            }
        }
        let sendable: Vec<&Member> = sendable.iter().collect();
        for chunk in sendable.chunks(MAX_BATCH_REQUESTS) {
            run.send_with_retries(chunk).await?;
        }
        Ok(BatchResponses { results: run.results })
    }
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch").field("requests", &self.entries.len()).finish_non_exhaustive()
    }
}

/// The state of one [`Batch::send`].
struct Run<'c> {
    client: &'c Client,
    results: HashMap<String, Result<HttpResponse, Error>>,
    rounds: u32,
}

impl Run<'_> {
    /// Sends `chunk` (at most [`MAX_BATCH_REQUESTS`]), then again its requests the retry
    /// rules send again and their failed dependents, while the retry policy allows. The
    /// policy's time budget counts from this chunk's first round, as for one request.
    async fn send_with_retries(&mut self, chunk: &[&Member]) -> Result<(), Error> {
        let started = Instant::now();
        let mut to_send: Vec<&Member> = chunk.to_vec();
        let mut retries_done = 0u32;
        loop {
            to_send.retain(|member| !self.fail_if_a_dependency_failed(member));
            if to_send.is_empty() {
                return Ok(());
            }
            let answers = self.send_round(&to_send).await?;
            // Throttled (429), or unavailable (503/504) and safe to repeat.
            let throttled: HashMap<&str, &HttpResponse> = to_send
                .iter()
                .filter_map(|member| match answers.get(&member.id) {
                    Some(Ok(r)) if is_retryable(r.status, member.repeatable) => Some((member.id.as_str(), r)),
                    _ => None,
                })
                .collect();
            instrument::batch_round(self.rounds, to_send.len(), throttled.len());
            // Requests answered 424 because something they depend on was throttled go again too.
            let again = retry_set(&to_send, &answers, &throttled);
            let delay = (!again.is_empty())
                .then(|| self.retry_delay(&to_send, &throttled, retries_done, started.elapsed()))
                .flatten();
            let mut answers = answers;
            to_send.retain(|member| delay.is_some() && again.contains(member.id.as_str()));
            for member in &to_send {
                answers.remove(&member.id);
            }
            self.results.extend(answers);
            let Some(delay) = delay else { return Ok(()) };
            tokio::time::sleep(delay).await;
            retries_done += 1;
        }
    }

    /// When a dependency of `member` outside the requests being sent already has a result that
    /// is not a success, records a `424 Failed Dependency` for `entry` (the service's own
    /// answer) and says so. Dependencies sent together are left to the service.
    fn fail_if_a_dependency_failed(&mut self, member: &Member) -> bool {
        let failed = member.depends_on.iter().find(|d| match self.results.get(*d) {
            Some(Ok(response)) => !response.status.is_success(),
            Some(Err(_)) => true,
            None => false,
        });
        let Some(failed) = failed else { return false };
        let body = serde_json::json!({"error": {
            "code": "failedDependency",
            "message": format!("not sent: request {failed}, which it depends on, failed"),
        }});
        let response = HttpResponse {
            status: StatusCode::FAILED_DEPENDENCY,
            headers: json_headers(),
            body: serde_json::to_vec(&body).unwrap_or_default(),
        };
        self.results.insert(member.id.clone(), Ok(response));
        true
    }

    /// One `$batch` call: each request's answer by id (an error for a request it left out).
    async fn send_round(
        &mut self,
        to_send: &[&Member],
    ) -> Result<HashMap<String, Result<HttpResponse, Error>>, Error> {
        self.rounds += 1;
        let sending: HashSet<&str> = to_send.iter().map(|m| m.id.as_str()).collect();
        let mut answers: HashMap<String, Result<HttpResponse, Error>> = HashMap::new();
        let mut members = Vec::new();
        for member in to_send {
            // Dependencies already answered (an earlier `$batch`) are satisfied: only those
            // sent in this call are named.
            let depends_on = member.depends_on.iter().map(String::as_str).filter(|d| sending.contains(d)).collect();
            match wire::wire_request(&member.id, &member.request, self.client.base_url(), depends_on) {
                Ok(wire) => members.push(wire),
                Err(error) => {
                    answers.insert(member.id.clone(), Err(error));
                }
            }
        }
        if members.is_empty() {
            return Ok(answers);
        }
        let body = serde_json::to_vec(&wire::BatchBody { requests: members })
            .map_err(|e| Error::Encode(format!("the batch did not serialize: {e}")))?;
        let request = HttpRequest {
            method: Method::POST,
            url: self.client.path().segment("$batch").to_url()?,
            headers: vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                ("Content-Type".to_owned(), "application/json".to_owned()),
            ],
            body: Some(body),
        };
        // The `$batch` POST is safe to repeat (for `503`/`504`) only if all it carries is.
        let all_repeatable = to_send.iter().all(|m| m.repeatable);
        let options = RequestOptions::default().with_idempotent(all_repeatable);
        let response = self.client.execute_with(request, &options).await?;
        if !response.status.is_success() {
            return Err(from_error_response(&response));
        }
        let answer: wire::BatchAnswer = crate::response::decode_json(&response)?;
        for answered in answer.responses {
            if sending.contains(answered.id.as_str()) && !answers.contains_key(&answered.id) {
                answers.insert(answered.id.clone(), wire::http_response(answered));
            }
        }
        for member in to_send {
            answers.entry(member.id.clone()).or_insert_with(|| {
                Err(Error::Decode {
                    status: response.status,
                    message: format!("the $batch response has no answer for request {}", member.id),
                    body: String::new(),
                })
            });
        }
        Ok(answers)
    }

    /// The wait before sending `throttled` again: the longest any of them asks for, or `None`
    /// when the client's retry policy says stop (retries used up, or past its time budget).
    fn retry_delay(
        &self,
        sent: &[&Member],
        throttled: &HashMap<&str, &HttpResponse>,
        retries_done: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        let policy = self.client.retry_policy();
        let mut longest = Duration::ZERO;
        for member in sent {
            let Some(response) = throttled.get(member.id.as_str()) else { continue };
            let delay =
                policy.next_delay(response.status, &response.headers, retries_done, elapsed, member.repeatable)?;
            longest = longest.max(delay);
        }
        Some(longest)
    }
}

/// The throttled requests, plus those answered `424` that depend (directly or through
/// another such request) on one of them.
fn retry_set<'m>(
    sent: &[&'m Member],
    answers: &HashMap<String, Result<HttpResponse, Error>>,
    throttled: &HashMap<&str, &HttpResponse>,
) -> HashSet<&'m str> {
    let mut again: HashSet<&str> = sent.iter().map(|m| m.id.as_str()).filter(|id| throttled.contains_key(id)).collect();
    // Dependencies are earlier requests, so one pass in order reaches every chain.
    for member in sent {
        let failed_dependency =
            matches!(answers.get(&member.id), Some(Ok(r)) if r.status == StatusCode::FAILED_DEPENDENCY);
        if failed_dependency && member.depends_on.iter().any(|d| again.contains(d.as_str())) {
            again.insert(member.id.as_str());
        }
    }
    again
}

fn json_headers() -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    headers
}

/// What each request of a sent [`Batch`] got.
#[derive(Debug)]
pub struct BatchResponses {
    results: HashMap<String, Result<HttpResponse, Error>>,
}

impl BatchResponses {
    /// The request's result, decoded as its own `send()` would: the typed value for a success,
    /// [`Error::Graph`] (or [`Error::NonJson`]) for an error status, or the error that kept it
    /// from being sent.
    pub fn take<R: ResponseKind>(&mut self, item: BatchItem<R>) -> Result<R::Output, Error> {
        let response = self.results.remove(&item.id).unwrap_or_else(|| {
            Err(Error::Decode {
                status: StatusCode::OK,
                message: format!("no result for batch request {}", item.id),
                body: String::new(),
            })
        })?;
        if !response.status.is_success() {
            return Err(from_error_response(&response));
        }
        R::decode(response)
    }

    /// The status the request was answered with (`None` when it was not sent, or its result
    /// was taken).
    pub fn status<R>(&self, item: &BatchItem<R>) -> Option<StatusCode> {
        match self.results.get(&item.id) {
            Some(Ok(response)) => Some(response.status),
            _ => None,
        }
    }

    /// The raw answer to the request with this id, undecoded.
    pub fn response(&self, id: &str) -> Option<&HttpResponse> {
        self.results.get(id).and_then(|r| r.as_ref().ok())
    }
}
