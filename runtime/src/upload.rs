//! Resumable uploads of large files through an upload session (`createUploadSession`
//! actions: drive items, mail and event attachments, print documents).
//!
//! The service hands out an `uploadSession` (`uploadUrl`, `expirationDateTime`,
//! `nextExpectedRanges`); the file then goes to the `uploadUrl` in consecutive byte ranges,
//! each a `PUT` with `Content-Range: bytes {first}-{last}/{total}`. The service answers
//! `202 Accepted` with the ranges it still expects, and `200`/`201` with the result after
//! the last byte. [`Uploader`] does that, and after a failed range (a dropped connection, a
//! `5xx`, a `429`, a `416`) waits as the client's [`RetryPolicy`](crate::RetryPolicy) says,
//! asks the `uploadUrl` where the service is (`GET`), and goes on from the first byte it
//! misses, so nothing is sent twice that arrived once. A range `PUT` is idempotent (it names
//! its bytes), so `503` and `504` are retried like `429`.
//!
//! The policy bounds each range as it bounds one request, so an upload of many gigabytes
//! takes as long as it keeps moving: at most `max_retries` failures in a row, and
//! `max_total_time` for the range from its first try, its retries, waits and status queries
//! included ([`Error::TimedOut`] past it; the session stays, and [`Uploader::new`] resumes
//! it). Every answer from the `uploadUrl` is read up to the client's
//! [`max_response_body`](crate::ClientBuilder::max_response_body).
//!
//! **The `uploadUrl` never gets the bearer token.** It is pre-authenticated (it carries its
//! own capability, and may point at another host); the service rejects or could leak a token
//! sent there. So range uploads, status queries and cancels go straight to the transport,
//! without the `Authorization` header, and the URL itself is kept out of `Debug` output and
//! traces (only its host is shown).
//!
//! Generated SDKs implement [`AsUploadSession`] for every model in the `uploadSession` shape
//! (a string `uploadUrl` and a string collection `nextExpectedRanges`), so the request
//! builder of any operation returning one offers [`RequestBuilder::upload`]:
//!
//! ```no_run
//! # async fn demo(client: graphgen_runtime::Client) -> Result<(), graphgen_runtime::Error> {
//! use graphgen_runtime::upload::UploadSession;
//! use graphgen_runtime::{Json, Method, RequestBuilder};
//!
//! let create = client.path().segment("me").segment("drive").segment("root").item_path("big.iso")
//!     .segment("createUploadSession");
//! let file = std::fs::File::open("big.iso").map_err(|e| graphgen_runtime::Error::Encode(e.to_string()))?;
//! let done = RequestBuilder::<Json<UploadSession>>::new(&client, Method::POST, create)
//!     .json_body(&serde_json::json!({"item": {"@microsoft.graph.conflictBehavior": "rename"}}))
//!     .upload(graphgen_runtime::upload::ReadSeekSource::new(file).map_err(|e| graphgen_runtime::Error::Encode(e.to_string()))?)
//!     .on_progress(|p| println!("{} of {} bytes", p.uploaded, p.total))
//!     .send()
//!     .await?;
//! let item: serde_json::Value = done.json()?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

use http::header::{CONTENT_LENGTH, CONTENT_RANGE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::auth::BoxFuture;
use crate::client::Client;
use crate::error::{from_error_response, Error};
use crate::instrument;
use crate::request::RequestBuilder;
use crate::response::{decode_json, Json};
use crate::transport::{HttpResponse, TransportError};
use crate::types::DateTimeOffset;

/// Ranges other than the last must be a multiple of this (320 KiB), as OneDrive requires.
pub const CHUNK_MULTIPLE: usize = 320 * 1024;
/// The largest range one request may carry (60 MiB).
pub const MAX_CHUNK: usize = 60 * 1024 * 1024;
/// The default range: 3.2 MiB (ten multiples), under the 4 MiB limit of Outlook attachments.
pub const DEFAULT_CHUNK: usize = 10 * CHUNK_MULTIPLE;

/// An upload session as the service describes it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    /// Where the byte ranges go (pre-authenticated: never send the token there).
    pub upload_url: String,
    /// When the service discards the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date_time: Option<DateTimeOffset>,
    /// The ranges the service still expects: `"{start}-{end}"`, `"{start}-"` or `"{start}"`.
    #[serde(default)]
    pub next_expected_ranges: Vec<String>,
}

impl UploadSession {
    /// The first byte the service still expects, from
    /// [`next_expected_ranges`](Self::next_expected_ranges) (`None` when it lists none).
    pub fn next_start(&self) -> Option<u64> {
        first_missing_byte(&self.next_expected_ranges)
    }

    /// Asks the service where the upload stands (`GET` on the upload URL, without the token).
    pub async fn status(&self, client: &Client) -> Result<UploadSession, Error> {
        self.status_by(client, Instant::now() + client.retry_policy().max_total_time).await
    }

    /// [`status`](Self::status), answered by `deadline`.
    async fn status_by(&self, client: &Client, deadline: Instant) -> Result<UploadSession, Error> {
        let request = untokened(Method::GET, &self.upload_url, HeaderMap::new(), Vec::new())?;
        let response = client.send_without_token(request, deadline).await?;
        if !response.status.is_success() {
            return Err(from_error_response(&response));
        }
        let state: SessionState = decode_json(&response)?;
        Ok(UploadSession {
            upload_url: self.upload_url.clone(),
            expiration_date_time: state.expiration_date_time.or(self.expiration_date_time),
            next_expected_ranges: state.next_expected_ranges,
        })
    }

    /// Ends the session and discards what was uploaded (`DELETE` on the upload URL, without
    /// the token).
    pub async fn cancel(&self, client: &Client) -> Result<(), Error> {
        let request = untokened(Method::DELETE, &self.upload_url, HeaderMap::new(), Vec::new())?;
        let deadline = Instant::now() + client.retry_policy().max_total_time;
        let response = client.send_without_token(request, deadline).await?;
        if !response.status.is_success() {
            return Err(from_error_response(&response));
        }
        Ok(())
    }
}

impl fmt::Debug for UploadSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL is a capability: its host says where, the rest would let anyone upload.
        let host = self.upload_url.parse::<http::Uri>().ok().and_then(|u| u.host().map(str::to_owned));
        f.debug_struct("UploadSession")
            .field("upload_url", &format_args!("<redacted; host {}>", host.as_deref().unwrap_or("?")))
            .field("expiration_date_time", &self.expiration_date_time)
            .field("next_expected_ranges", &self.next_expected_ranges)
            .finish()
    }
}

/// The session state a status query or a `202` returns (no `uploadUrl`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionState {
    #[serde(default)]
    expiration_date_time: Option<DateTimeOffset>,
    #[serde(default)]
    next_expected_ranges: Vec<String>,
}

/// A value in the upload session shape, usable by [`Uploader`]: generated SDKs implement it
/// (with this default method) for each model with a string `uploadUrl` and a string
/// collection `nextExpectedRanges`; it reads those members through serde, so the model's own
/// field types do not matter.
pub trait AsUploadSession: Serialize {
    /// The session this value describes.
    fn upload_session(&self) -> Result<UploadSession, Error> {
        let json = serde_json::to_value(self).map_err(|e| Error::Encode(format!("the upload session: {e}")))?;
        serde_json::from_value(json).map_err(|e| Error::Decode {
            status: StatusCode::OK,
            message: format!("not an upload session (it needs an uploadUrl): {e}"),
            body: String::new(),
        })
    }
}

impl AsUploadSession for UploadSession {
    fn upload_session(&self) -> Result<UploadSession, Error> {
        Ok(self.clone())
    }
}

/// Where the bytes come from: a known length and reads at any offset (a resumed upload goes
/// back to the first byte the service misses).
pub trait UploadSource: Send {
    /// The total size in bytes.
    fn size(&self) -> u64;
    /// `len` bytes from `offset` (fewer only at the end).
    fn read_at(&mut self, offset: u64, len: usize) -> BoxFuture<'_, std::io::Result<Vec<u8>>>;
}

impl UploadSource for Vec<u8> {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn read_at(&mut self, offset: u64, len: usize) -> BoxFuture<'_, std::io::Result<Vec<u8>>> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(self.len());
        let end = start.saturating_add(len).min(self.len());
        let chunk = self[start..end].to_vec();
        Box::pin(async move { Ok(chunk) })
    }
}

/// A seekable reader (a `std::fs::File`, a `Cursor`) as an [`UploadSource`]. Reads are
/// blocking and one range long (at most [`MAX_CHUNK`]); implement [`UploadSource`] for an
/// async source.
#[derive(Debug)]
pub struct ReadSeekSource<R> {
    reader: R,
    len: u64,
}

impl<R: Read + Seek + Send> ReadSeekSource<R> {
    /// Measures the reader (seeking to its end).
    pub fn new(mut reader: R) -> std::io::Result<Self> {
        let len = reader.seek(SeekFrom::End(0))?;
        Ok(ReadSeekSource { reader, len })
    }
}

impl<R: Read + Seek + Send> UploadSource for ReadSeekSource<R> {
    fn size(&self) -> u64 {
        self.len
    }
    fn read_at(&mut self, offset: u64, len: usize) -> BoxFuture<'_, std::io::Result<Vec<u8>>> {
        let result = (|| {
            self.reader.seek(SeekFrom::Start(offset))?;
            let mut chunk = Vec::with_capacity(len);
            (&mut self.reader).take(len as u64).read_to_end(&mut chunk)?;
            Ok(chunk)
        })();
        Box::pin(async move { result })
    }
}

/// How far an upload is, given to [`Uploader::on_progress`] after each range the service
/// accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgress {
    /// Bytes the service has (the start of what it still expects).
    pub uploaded: u64,
    /// The file's size.
    pub total: u64,
}

/// The service's answer to the last range: `200 OK` or `201 Created`, with the created
/// resource (a drive item) or a `Location` header (an attachment).
#[derive(Debug, Clone)]
pub struct UploadResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body (the created resource, or empty).
    pub body: Vec<u8>,
}

impl UploadResponse {
    /// The body decoded as `T` (e.g. the generated `DriveItem`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(&HttpResponse { status: self.status, headers: self.headers.clone(), body: self.body.clone() })
    }

    /// The `Location` header (where the created attachment is).
    pub fn location(&self) -> Option<&str> {
        self.headers.get(http::header::LOCATION).and_then(|v| v.to_str().ok())
    }
}

/// Sends a file to an upload session in ranges, resuming after failures; see the
/// [module docs](self).
pub struct Uploader {
    client: Client,
    session: PendingSession,
    source: Box<dyn UploadSource>,
    chunk_size: usize,
    progress: Option<Box<dyn FnMut(UploadProgress) + Send>>,
}

enum PendingSession {
    /// Boxed: an `Error` is large, and this is built once per upload.
    Ready(Box<Result<UploadSession, Error>>),
    /// The `createUploadSession` request, sent by [`Uploader::send`].
    Create(BoxFuture<'static, Result<UploadSession, Error>>),
}

impl Uploader {
    /// An upload of `source` to an existing session (e.g. one saved to resume after a
    /// restart: the upload starts at the session's first expected byte).
    pub fn new(client: &Client, session: &impl AsUploadSession, source: impl UploadSource + 'static) -> Self {
        Self::with_session(client, PendingSession::Ready(Box::new(session.upload_session())), source)
    }

    fn with_session(client: &Client, session: PendingSession, source: impl UploadSource + 'static) -> Self {
        Uploader { client: client.clone(), session, source: Box::new(source), chunk_size: DEFAULT_CHUNK, progress: None }
    }

    /// The range size: a non-zero multiple of [`CHUNK_MULTIPLE`] (320 KiB) up to [`MAX_CHUNK`]
    /// (default [`DEFAULT_CHUNK`]); another size makes [`send`](Self::send) fail before
    /// sending anything.
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes;
        self
    }

    /// Called after every range the service accepted, and once at the end.
    pub fn on_progress(mut self, progress: impl FnMut(UploadProgress) + Send + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Creates the session if needed, then uploads every range.
    pub async fn send(self) -> Result<UploadResponse, Error> {
        let Uploader { client, session, source, chunk_size, progress } = self;
        if chunk_size == 0 || chunk_size % CHUNK_MULTIPLE != 0 || chunk_size > MAX_CHUNK {
            return Err(Error::Encode(format!(
                "an upload range of {chunk_size} bytes is not a multiple of 320 KiB between 320 KiB and 60 MiB"
            )));
        }
        let total = source.size();
        if total == 0 {
            return Err(Error::Encode("an upload session needs at least one byte".to_owned()));
        }
        let session = match session {
            PendingSession::Ready(session) => (*session)?,
            PendingSession::Create(create) => create.await?,
        };
        let span = instrument::upload_span(&session.upload_url, total);
        let run = Run { client, session, source, chunk_size, progress, total };
        instrument::within(span, run.upload()).await
    }
}

impl fmt::Debug for Uploader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Uploader").field("chunk_size", &self.chunk_size).finish_non_exhaustive()
    }
}

impl<T, O> RequestBuilder<Json<T>, O>
where
    O: Send + 'static,
    T: AsUploadSession + DeserializeOwned + Send + 'static,
{
    /// Uploads `source` through the upload session this request creates: the request is sent
    /// by [`Uploader::send`], then the ranges. Offered on every operation returning a value
    /// in the upload session shape (the `createUploadSession` actions).
    pub fn upload(self, source: impl UploadSource + 'static) -> Uploader {
        let client = self.client().clone();
        let create = Box::pin(async move { self.send().await?.upload_session() });
        Uploader::with_session(&client, PendingSession::Create(create), source)
    }
}

/// One upload in progress.
struct Run {
    client: Client,
    session: UploadSession,
    source: Box<dyn UploadSource>,
    chunk_size: usize,
    progress: Option<Box<dyn FnMut(UploadProgress) + Send>>,
    total: u64,
}

/// What became of one range.
enum RangeOutcome {
    /// The last range: the service's final answer.
    Done(UploadResponse),
    /// Accepted; the service expects this byte next.
    Next(u64),
    /// Failed in a way another try may fix.
    Retry(Failure),
}

/// Why a range did not go through, when another try may help.
enum Failure {
    Status(HttpResponse),
    Transport(TransportError),
}

impl Run {
    async fn upload(mut self) -> Result<UploadResponse, Error> {
        let policy = self.client.retry_policy().clone();
        // When the range at `offset` was first tried: the time budget is per range.
        let mut range_started = Instant::now();
        let mut offset = self.session.next_start().unwrap_or(0);
        let mut failures = 0u32;
        loop {
            if offset >= self.total {
                return Err(Error::Decode {
                    status: StatusCode::ACCEPTED,
                    message: format!("the upload session expects byte {offset} of a {}-byte file", self.total),
                    body: String::new(),
                });
            }
            let deadline = range_started + policy.max_total_time;
            let failure = match self.send_range(offset, deadline).await? {
                RangeOutcome::Done(done) => return Ok(done),
                RangeOutcome::Next(next) if next > offset => {
                    failures = 0;
                    range_started = Instant::now();
                    offset = next;
                    self.report(offset);
                    continue;
                }
                // Accepted, yet the service still expects this byte (or an earlier one): going
                // on as if it moved would loop forever, so it counts as a failure.
                RangeOutcome::Next(next) => {
                    failures += 1;
                    if failures > policy.max_retries {
                        return Err(Error::Decode {
                            status: StatusCode::ACCEPTED,
                            message: format!("the upload session accepted a range but still expects byte {next}"),
                            body: String::new(),
                        });
                    }
                    offset = next;
                    continue;
                }
                RangeOutcome::Retry(failure) => failure,
            };
            failures += 1;
            let elapsed = range_started.elapsed();
            // A range PUT is idempotent: the policy's wait for 429, 503 and 504 (with its
            // Retry-After), back-off for the other failures worth another try.
            let wait = match &failure {
                Failure::Status(response) => {
                    policy.next_delay(response.status, &response.headers, failures - 1, elapsed, true)
                }
                Failure::Transport(_) => None,
            }
            .unwrap_or_else(|| backoff(&policy, failures - 1));
            if failures > policy.max_retries || elapsed.saturating_add(wait) >= policy.max_total_time {
                return Err(match failure {
                    Failure::Status(response) => from_error_response(&response),
                    Failure::Transport(error) => Error::Transport(error),
                });
            }
            tokio::time::sleep(wait).await;
            // Where is the service? Go on from there (or send the same range again).
            match self.session.status_by(&self.client, deadline).await {
                Ok(status) => offset = status.next_start().unwrap_or(offset),
                Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => return Err(e),
                Err(_) => {}
            }
            instrument::upload_resume(offset);
        }
    }

    /// Sends the range starting at `offset`, answered by `deadline`; `Err` for a failure
    /// another try cannot fix (a range past its time budget is one).
    async fn send_range(&mut self, offset: u64, deadline: Instant) -> Result<RangeOutcome, Error> {
        let len = self.chunk_size.min(usize::try_from(self.total - offset).unwrap_or(usize::MAX));
        let bytes = self
            .source
            .read_at(offset, len)
            .await
            .map_err(|e| Error::Transport(TransportError::with_source("could not read the file to upload", e)))?;
        if bytes.len() != len {
            return Err(Error::Encode(format!(
                "the upload source gave {} bytes at offset {offset}, expected {len}",
                bytes.len()
            )));
        }
        let last = offset + len as u64 - 1;
        let mut headers = HeaderMap::new();
        let range = format!("bytes {offset}-{last}/{}", self.total);
        headers.insert(CONTENT_RANGE, HeaderValue::try_from(range).map_err(|e| Error::Encode(e.to_string()))?);
        headers.insert(CONTENT_LENGTH, HeaderValue::from(len));
        let request = untokened(Method::PUT, &self.session.upload_url, headers, bytes)?;
        let response = match self.client.send_without_token(request, deadline).await {
            Ok(response) => response,
            Err(Error::Transport(error)) => return Ok(RangeOutcome::Retry(Failure::Transport(error))),
            Err(other) => return Err(other),
        };
        instrument::upload_chunk(offset, last, response.status);
        match response.status {
            StatusCode::OK | StatusCode::CREATED => {
                self.report(self.total);
                let HttpResponse { status, headers, body } = response;
                Ok(RangeOutcome::Done(UploadResponse { status, headers, body }))
            }
            StatusCode::ACCEPTED => {
                let state: Option<SessionState> = decode_json(&response).ok();
                let next = state.and_then(|s| first_missing_byte(&s.next_expected_ranges)).unwrap_or(last + 1);
                Ok(RangeOutcome::Next(next))
            }
            status if is_resumable(status) => Ok(RangeOutcome::Retry(Failure::Status(response))),
            _ => Err(from_error_response(&response)),
        }
    }

    fn report(&mut self, uploaded: u64) {
        if let Some(progress) = &mut self.progress {
            progress(UploadProgress { uploaded, total: self.total });
        }
    }
}

/// Statuses after which asking the session and going on can succeed: the range did not
/// arrive (timeouts, throttling, server errors), or arrived differently (`416`).
fn is_resumable(status: StatusCode) -> bool {
    status.is_server_error()
        || matches!(
            status,
            StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS | StatusCode::RANGE_NOT_SATISFIABLE
        )
}

/// `base * 2^n` capped at `max_delay` (the policy's back-off without jitter: one upload
/// waits alone).
fn backoff(policy: &crate::RetryPolicy, n: u32) -> Duration {
    let factor = 1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX);
    policy.base_delay.saturating_mul(factor).min(policy.max_delay)
}

/// The smallest start of `ranges` (`"26-"`, `"12345-55232"`, `"2097152"`).
fn first_missing_byte(ranges: &[String]) -> Option<u64> {
    ranges.iter().filter_map(|r| r.split('-').next()?.trim().parse::<u64>().ok()).min()
}

/// A request to the upload URL, for [`Client::send_without_token`]: no token, no retries
/// there (the body limit and the time budget still hold).
fn untokened(method: Method, url: &str, headers: HeaderMap, body: Vec<u8>) -> Result<http::Request<Vec<u8>>, Error> {
    // The URL is not echoed: it is a capability.
    let uri: http::Uri = url.parse().map_err(|_| Error::InvalidUrl("the upload session URL is not a valid URL".to_owned()))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(Error::InvalidUrl("the upload session URL is not an http(s) URL".to_owned()));
    }
    let mut request = http::Request::builder().method(method).uri(uri).body(body).map_err(|e| Error::Encode(e.to_string()))?;
    *request.headers_mut() = headers;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_expected_ranges_in_every_documented_form() {
        let ranges = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(first_missing_byte(&ranges(&["26-"])), Some(26));
        assert_eq!(first_missing_byte(&ranges(&["77829-99375", "12345-55232"])), Some(12345));
        assert_eq!(first_missing_byte(&ranges(&["2097152"])), Some(2097152));
        assert_eq!(first_missing_byte(&ranges(&[])), None);
        assert_eq!(first_missing_byte(&ranges(&["later"])), None);
    }

    #[test]
    fn debug_keeps_the_upload_url_out() {
        let session = UploadSession {
            upload_url: "https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337?authtoken=secret".to_owned(),
            expiration_date_time: None,
            next_expected_ranges: vec!["0-".to_owned()],
        };
        let shown = format!("{session:?}");
        assert!(shown.contains("sn3302.up.1drv.com"), "{shown}");
        assert!(!shown.contains("fe6987415ace7X4e1eF866337") && !shown.contains("secret"), "{shown}");
    }

    #[test]
    fn sources_read_ranges_at_any_offset() {
        let mut bytes: Vec<u8> = (0..10).collect();
        let mut cursor = ReadSeekSource::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!((bytes.size(), cursor.size()), (10, 10));
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        assert_eq!(rt.block_on(bytes.read_at(7, 5)).unwrap(), vec![7, 8, 9]);
        assert_eq!(rt.block_on(cursor.read_at(2, 3)).unwrap(), vec![2, 3, 4]);
        assert_eq!(rt.block_on(cursor.read_at(0, 2)).unwrap(), vec![0, 1]);
        assert_eq!(rt.block_on(bytes.read_at(20, 5)).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn generated_shapes_convert_through_serde() {
        #[derive(Serialize)]
        struct Generated {
            #[serde(rename = "@odata.type")]
            odata_type: Option<String>,
            #[serde(rename = "uploadUrl")]
            upload_url: Option<String>,
            #[serde(rename = "nextExpectedRanges")]
            next_expected_ranges: Option<Vec<String>>,
            #[serde(rename = "expirationDateTime")]
            expiration_date_time: Option<DateTimeOffset>,
        }
        impl AsUploadSession for Generated {}
        let at: DateTimeOffset = "2024-06-01T09:30:00Z".parse().unwrap();
        let g = Generated {
            odata_type: None,
            upload_url: Some("https://up.example/s/1".into()),
            next_expected_ranges: Some(vec!["5-".into()]),
            expiration_date_time: Some(at),
        };
        let session = g.upload_session().unwrap();
        assert_eq!(session.upload_url, "https://up.example/s/1");
        assert_eq!(session.next_start(), Some(5));
        assert_eq!(session.expiration_date_time, Some(at));
        let without_url = Generated { upload_url: None, ..g };
        assert!(matches!(without_url.upload_session(), Err(Error::Decode { .. })));
    }
}
