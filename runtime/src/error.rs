//! The one error type of the runtime, and how error responses become it.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde_json::Value;

use crate::transport::{HttpResponse, TransportError};

/// Anything that can go wrong between building a request and decoding its response.
///
/// No variant ever holds an access token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status and (usually) a Graph error object.
    Graph(GraphError),
    /// The service (or something in front of it, like a proxy or gateway) answered with a
    /// body that is not JSON, e.g. an HTML error page.
    NonJson {
        /// The HTTP status.
        status: StatusCode,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The body, decoded as UTF-8 (lossily).
        body: String,
    },
    /// The request could not be sent or the response not received.
    Transport(TransportError),
    /// A successful response whose JSON did not have the expected shape.
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// What did not match, from the JSON decoder.
        message: String,
        /// The body, decoded as UTF-8 (lossily).
        body: String,
    },
    /// The request could not be built: a body that failed to serialize, or an invalid
    /// header name or value.
    Encode(String),
    /// The token provider failed.
    Auth(Box<dyn std::error::Error + Send + Sync>),
    /// A base URL, path or link that cannot form a valid request URL.
    InvalidUrl(String),
    /// The response body was longer than the limit the client buffers
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body),
    /// [`RequestBuilder::max_response_body`](crate::RequestBuilder::max_response_body)); reading
    /// stopped there. Downloads are read with
    /// [`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming) instead.
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
    },
    /// The call (every attempt, every wait between them and reading the body) did not
    /// finish within [`RetryPolicy::max_total_time`](crate::RetryPolicy::max_total_time).
    TimedOut {
        /// The time budget that ran out.
        limit: Duration,
    },
}

impl Error {
    /// An [`Error::Auth`] from a message, for [`TokenProvider`](crate::TokenProvider) authors.
    /// Do not put the token in the message.
    pub fn auth(message: impl Into<String>) -> Self {
        Error::Auth(message.into().into())
    }

    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Graph(e) => Some(e.status),
            Error::NonJson { status, .. } | Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The claims a new access token must satisfy, when the service refused the token with
    /// a claims challenge (continuous access evaluation: a `401` whose `WWW-Authenticate`
    /// has `claims="..."`). The text is the decoded JSON that token libraries take (MSAL's
    /// `claims`, azure_identity's claims option). See also
    /// [`TokenProvider::token_with_claims`](crate::TokenProvider::token_with_claims).
    pub fn claims_challenge(&self) -> Option<&str> {
        self.as_graph()?.claims_challenge.as_deref()
    }

    /// The Graph error, when this is one.
    pub fn as_graph(&self) -> Option<&GraphError> {
        match self {
            Error::Graph(e) => Some(e),
            _ => None,
        }
    }

    /// The error `send` returns for a response with an error status (4xx, 5xx): an
    /// [`Error::Graph`] when the body is Graph's `{"error": ...}`, [`Error::NonJson`] when it
    /// is not JSON. For transports and tests that hold a response already.
    pub fn from_response(response: &HttpResponse) -> Self {
        from_error_response(response)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Graph(e) => e.fmt(f),
            Error::NonJson { status, content_type, body } => {
                write!(f, "HTTP {status}: the response is not JSON")?;
                if let Some(ct) = content_type {
                    write!(f, " (content-type {ct})")?;
                }
                write!(f, ": {}", excerpt(body))
            }
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Decode { status, message, .. } => {
                write!(f, "could not decode the HTTP {status} response: {message}")
            }
            Error::Encode(message) => write!(f, "could not build the request: {message}"),
            Error::Auth(e) => write!(f, "could not get an access token: {e}"),
            Error::InvalidUrl(message) => write!(f, "invalid URL: {message}"),
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "the HTTP {status} response body is larger than the limit of {limit} bytes")
            }
            Error::TimedOut { limit } => write!(f, "the request did not finish within {limit:?}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Auth(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        match e.exceeded_limit() {
            Some((status, limit)) => Error::ResponseTooLarge { status, limit },
            None => Error::Transport(e),
        }
    }
}

impl From<GraphError> for Error {
    fn from(e: GraphError) -> Self {
        Error::Graph(e)
    }
}

/// A Graph error response: `{"error": {"code", "message", "innerError": {...}}}`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error code, e.g. `Request_ResourceNotFound`; empty when the body had none.
    pub code: String,
    /// The human-readable message; the status reason when the body had none.
    pub message: String,
    /// The `request-id` (from the response header, else from `innerError`), which Microsoft
    /// support asks for.
    pub request_id: Option<String>,
    /// The `client-request-id` (header, else `innerError`).
    pub client_request_id: Option<String>,
    /// The `date` from `innerError`.
    pub date: Option<String>,
    /// The whole `innerError` object, with any service-specific members.
    pub inner_error: Option<Value>,
    /// The `details` array, if any.
    pub details: Vec<Value>,
    /// The seconds from a `Retry-After` header, when the service sent one.
    pub retry_after: Option<u64>,
    /// The claims of a `401`'s claims challenge (continuous access evaluation), decoded
    /// to JSON text; see [`Error::claims_challenge`].
    pub claims_challenge: Option<String>,
    /// The raw body, decoded as UTF-8 (lossily).
    pub body: String,
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph API error (HTTP {})", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request-id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

/// The first part of a body, for messages (full bodies stay in the error fields).
fn excerpt(body: &str) -> String {
    const LIMIT: usize = 300;
    let trimmed = body.trim();
    match trimmed.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

/// `true` for `application/json` and `+json` media types.
pub(crate) fn is_json_content_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// Turns a non-success response into the error it means.
pub(crate) fn from_error_response(response: &HttpResponse) -> Error {
    let status = response.status;
    let body = String::from_utf8_lossy(&response.body).into_owned();
    let content_type = response.header("content-type").map(str::to_owned);
    let parsed: Option<Value> = if body.trim().is_empty() {
        Some(Value::Null)
    } else {
        serde_json::from_str(&body).ok()
    };
    let Some(json) = parsed else {
        return Error::NonJson { status, content_type, body };
    };

    let error = json.get("error").filter(|e| e.is_object());
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let inner_error = error
        .and_then(|e| e.get("innerError").or_else(|| e.get("innererror")))
        .filter(|v| v.is_object())
        .cloned();
    let inner = |keys: &[&str]| keys.iter().find_map(|k| text(inner_error.as_ref()?.get(k)));
    let header = |name: &str| response.header(name).map(str::to_owned);

    Error::Graph(GraphError {
        status,
        code: text(error.and_then(|e| e.get("code"))).unwrap_or_default(),
        message: text(error.and_then(|e| e.get("message")))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_owned()),
        request_id: header("request-id").or_else(|| inner(&["request-id", "requestId"])),
        client_request_id: header("client-request-id")
            .or_else(|| inner(&["client-request-id", "clientRequestId"])),
        date: inner(&["date"]),
        inner_error,
        details: error
            .and_then(|e| e.get("details"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        retry_after: response.header("retry-after").and_then(|v| v.trim().parse().ok()),
        claims_challenge: (status == StatusCode::UNAUTHORIZED)
            .then(|| crate::claims::claims_challenge(&response.headers))
            .flatten(),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut map = http::HeaderMap::new();
        for (k, v) in headers {
            map.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v).unwrap(),
            );
        }
        HttpResponse { status: StatusCode::from_u16(status).unwrap(), headers: map, body: body.into() }
    }

    #[test]
    fn parses_graph_error_with_inner_error() {
        let body = r#"{"error":{"code":"Request_ResourceNotFound","message":"Resource 'x' does not exist.",
            "innerError":{"date":"2024-01-01T00:00:00","request-id":"inner-id","client-request-id":"c-1"}}}"#;
        let Error::Graph(e) = from_error_response(&response(404, &[], body)) else { panic!() };
        assert_eq!(e.code, "Request_ResourceNotFound");
        assert_eq!(e.message, "Resource 'x' does not exist.");
        assert_eq!(e.request_id.as_deref(), Some("inner-id"));
        assert_eq!(e.client_request_id.as_deref(), Some("c-1"));
        assert_eq!(e.date.as_deref(), Some("2024-01-01T00:00:00"));
        assert!(e.to_string().contains("404"));
        assert!(e.to_string().contains("inner-id"));
    }

    #[test]
    fn header_request_id_wins_and_camel_case_inner_is_read() {
        let body = r#"{"error":{"code":"x","message":"y","innererror":{"requestId":"inner"}}}"#;
        let e = from_error_response(&response(400, &[("request-id", "hdr")], body));
        assert_eq!(e.as_graph().unwrap().request_id.as_deref(), Some("hdr"));
        let e = from_error_response(&response(400, &[], body));
        assert_eq!(e.as_graph().unwrap().request_id.as_deref(), Some("inner"));
    }

    #[test]
    fn empty_body_is_a_graph_error_with_the_reason() {
        let e = from_error_response(&response(401, &[], ""));
        let g = e.as_graph().unwrap();
        assert_eq!(g.code, "");
        assert_eq!(g.message, "Unauthorized");
    }

    #[test]
    fn html_body_is_non_json() {
        let e = from_error_response(&response(502, &[("content-type", "text/html")], "<html>Bad Gateway</html>"));
        match &e {
            Error::NonJson { status, content_type, body } => {
                assert_eq!(status.as_u16(), 502);
                assert_eq!(content_type.as_deref(), Some("text/html"));
                assert!(body.contains("Bad Gateway"));
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().contains("not JSON"));
        assert_eq!(e.status().map(|s| s.as_u16()), Some(502));
    }

    #[test]
    fn long_bodies_are_cut_in_messages_only() {
        let body = "x".repeat(10_000);
        let e = from_error_response(&response(500, &[], &body));
        assert!(e.to_string().len() < 500);
        let Error::NonJson { body: kept, .. } = e else { panic!() };
        assert_eq!(kept.len(), 10_000);
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type(Some("application/json; charset=utf-8")));
        assert!(is_json_content_type(Some("application/problem+json")));
        assert!(!is_json_content_type(Some("text/html")));
        assert!(!is_json_content_type(None));
    }
}
