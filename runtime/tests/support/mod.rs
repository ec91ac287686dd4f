//! A transport that answers from a script, in process and on the test's clock: what each
//! request gets is decided from what was sent, so retry, batch and upload rules are checked
//! without sockets (and with `start_paused`, without waiting).
// Each test file uses the part it needs.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graphgen_runtime::http::{self, HeaderMap, HeaderValue, Method, StatusCode};
use graphgen_runtime::serde_json::{self, Value};
use graphgen_runtime::{BoxFuture, HttpResponse, Transport, TransportError};

/// One request as the transport got it.
#[derive(Clone, Debug)]
pub struct Sent {
    pub method: Method,
    pub url: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// The answer to one request: after how long, and what (`None`: it never comes).
pub struct Answer {
    pub after: Duration,
    pub response: Option<HttpResponse>,
}

impl From<HttpResponse> for Answer {
    fn from(response: HttpResponse) -> Self {
        Answer { after: Duration::ZERO, response: Some(response) }
    }
}

type Script = dyn Fn(usize, &Sent) -> Answer + Send + Sync;

/// Answers request number `n` (from 0) with `script(n, &sent)` and keeps what was sent.
#[derive(Clone)]
pub struct Scripted {
    sent: Arc<Mutex<Vec<Sent>>>,
    script: Arc<Script>,
}

impl Scripted {
    pub fn new(script: impl Fn(usize, &Sent) -> Answer + Send + Sync + 'static) -> Self {
        Scripted { sent: Arc::default(), script: Arc::new(script) }
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }
}

impl Transport for Scripted {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let (parts, body) = request.into_parts();
        let sent = Sent { method: parts.method, url: parts.uri.to_string(), headers: parts.headers, body };
        let n = {
            let mut all = self.sent.lock().unwrap();
            all.push(sent.clone());
            all.len() - 1
        };
        let Answer { after, response } = (self.script)(n, &sent);
        Box::pin(async move {
            if !after.is_zero() {
                tokio::time::sleep(after).await;
            }
            match response {
                Some(response) => Ok(response),
                None => std::future::pending().await,
            }
        })
    }
}

/// A response with these headers and body.
pub fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> HttpResponse {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(http::HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
    }
    HttpResponse { status: StatusCode::from_u16(status).unwrap(), headers: map, body: body.into() }
}

/// A JSON response.
pub fn json(status: u16, body: Value) -> HttpResponse {
    response(status, &[("content-type", "application/json")], serde_json::to_vec(&body).unwrap())
}
