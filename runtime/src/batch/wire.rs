//! The JSON of `$batch`: requests in, responses out.
//!
//! A request's URL is relative to the service root (`/users?$top=5`); a JSON body is embedded
//! as JSON, any other body as base64 (with its `Content-Type`), and so are response bodies that
//! are not JSON.

use std::collections::BTreeMap;

use base64::Engine as _;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{is_json_content_type, Error};
use crate::redact::redact_url;
use crate::request::HttpRequest;
use crate::transport::HttpResponse;

#[derive(Debug, Serialize)]
pub(crate) struct BatchBody<'a> {
    pub requests: Vec<WireRequest<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct WireRequest<'a> {
    pub id: &'a str,
    pub method: &'a str,
    pub url: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<&'a str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<&'a str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct BatchAnswer {
    #[serde(default)]
    pub responses: Vec<WireResponse>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireResponse {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, Value>,
    #[serde(default)]
    pub body: Option<Value>,
}

/// `request` as a batch member: `url` is its URL relative to `base_url` (an error when the
/// request goes elsewhere: a batch only carries requests to its own service).
pub(crate) fn wire_request<'a>(
    id: &'a str,
    request: &'a HttpRequest,
    base_url: &str,
    depends_on: Vec<&'a str>,
) -> Result<WireRequest<'a>, Error> {
    let url = request
        .url
        .strip_prefix(base_url)
        .filter(|rest| rest.starts_with('/'))
        .ok_or_else(|| {
            Error::InvalidUrl(format!("a batched request must be under the client's base URL {}", redact_url(base_url)))
        })?;
    let mut headers: BTreeMap<&str, String> = BTreeMap::new();
    for (name, value) in &request.headers {
        headers
            .entry(name.as_str())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(value);
            })
            .or_insert_with(|| value.clone());
    }
    let body = request.body.as_ref().map(|bytes| {
        let json = is_json_content_type(request.header("content-type")).then(|| serde_json::from_slice(bytes).ok()).flatten();
        json.unwrap_or_else(|| Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)))
    });
    Ok(WireRequest { id, method: request.method.as_str(), url, headers, body, depends_on })
}

/// A batch member's answer as the response it stands for.
pub(crate) fn http_response(answer: WireResponse) -> Result<HttpResponse, Error> {
    let status = StatusCode::from_u16(answer.status).map_err(|_| Error::Decode {
        status: StatusCode::OK,
        message: format!("batch response {} has the invalid status {}", answer.id, answer.status),
        body: String::new(),
    })?;
    let mut headers = HeaderMap::new();
    for (name, value) in &answer.headers {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        // A header that cannot be one is dropped; the body still decodes.
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            headers.append(name, value);
        }
    }
    let is_json = is_json_content_type(headers.get("content-type").and_then(|v| v.to_str().ok()));
    let body = match answer.body {
        None | Some(Value::Null) => Vec::new(),
        // Not JSON: the service sends the bytes as base64.
        Some(Value::String(text)) if !is_json => {
            base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).unwrap_or_else(|_| text.into_bytes())
        }
        Some(json) => serde_json::to_vec(&json).unwrap_or_default(),
    };
    Ok(HttpResponse { status, headers, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;
    use serde_json::json;

    fn request(url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> HttpRequest {
        HttpRequest {
            method: Method::POST,
            url: url.to_owned(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.map(<[u8]>::to_vec),
        }
    }

    #[test]
    fn members_are_relative_with_json_or_base64_bodies() {
        let base = "https://graph.microsoft.com/beta";
        let r = request(
            "https://graph.microsoft.com/beta/users?$top=5",
            &[("Content-Type", "application/json"), ("Prefer", "a"), ("Prefer", "b")],
            Some(br#"{"a":1}"#),
        );
        let wire = serde_json::to_value(wire_request("1", &r, base, vec!["0"]).unwrap()).unwrap();
        assert_eq!(
            wire,
            json!({"id": "1", "method": "POST", "url": "/users?$top=5",
                   "headers": {"Content-Type": "application/json", "Prefer": "a, b"},
                   "body": {"a": 1}, "dependsOn": ["0"]})
        );
        let r = request("https://graph.microsoft.com/beta/me/photo/$value", &[("Content-Type", "image/png")], Some(&[0, 1, 2]));
        let wire = serde_json::to_value(wire_request("2", &r, base, vec![]).unwrap()).unwrap();
        assert_eq!(wire["body"], json!("AAEC"));
        assert!(wire.get("dependsOn").is_none());
        for elsewhere in ["https://graph.microsoft.com/betax/users", "https://evil.example/beta/users"] {
            assert!(matches!(wire_request("3", &request(elsewhere, &[], None), base, vec![]), Err(Error::InvalidUrl(_))));
        }
    }

    #[test]
    fn answers_become_responses() {
        let answer: WireResponse = serde_json::from_value(json!({
            "id": "1", "status": 200, "headers": {"Content-Type": "application/json", "Retry-After": 3},
            "body": {"id": "u1"}
        }))
        .unwrap();
        let response = http_response(answer).unwrap();
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.header("retry-after"), Some("3"));
        assert_eq!(serde_json::from_slice::<Value>(&response.body).unwrap(), json!({"id": "u1"}));
        let answer: WireResponse =
            serde_json::from_value(json!({"id": "2", "status": 200, "headers": {"Content-Type": "image/png"}, "body": "AAEC"}))
                .unwrap();
        assert_eq!(http_response(answer).unwrap().body, vec![0, 1, 2]);
        let answer: WireResponse = serde_json::from_value(json!({"id": "3", "status": 204})).unwrap();
        assert!(http_response(answer).unwrap().body.is_empty());
        let answer: WireResponse = serde_json::from_value(json!({"id": "4", "status": 1000})).unwrap();
        assert!(matches!(http_response(answer), Err(Error::Decode { .. })));
    }
}
