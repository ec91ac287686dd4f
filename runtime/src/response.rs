//! What a successful response decodes to, chosen by the request builder's type parameter.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{is_json_content_type, Error};
use crate::transport::HttpResponse;

/// How a successful (2xx) response body becomes a value. Error statuses never reach
/// [`decode`](Self::decode): they become [`Error::Graph`] or [`Error::NonJson`] first.
pub trait ResponseKind {
    /// The decoded value.
    type Output;
    /// The `Accept` header to send, if any.
    const ACCEPT: Option<&'static str>;
    /// Decodes a successful response.
    fn decode(response: HttpResponse) -> Result<Self::Output, Error>;
}

/// A JSON body decoded as `T` (an empty body is read as JSON `null`, so
/// `Json<Option<T>>` accepts `204`).
pub struct Json<T>(PhantomData<fn() -> T>);

/// A collection response (`{"value": [...], "@odata.nextLink": ...}`), one page at a time;
/// see [`RequestBuilder::stream`](crate::RequestBuilder::stream) for all pages.
pub struct Collection<T>(PhantomData<fn() -> T>);

/// A response without a body (`204 No Content`); any body is ignored.
pub struct NoContent;

/// The raw body bytes (file content, photos, reports).
pub struct Bytes;

impl<T: DeserializeOwned> ResponseKind for Json<T> {
    type Output = T;
    const ACCEPT: Option<&'static str> = Some("application/json");
    fn decode(response: HttpResponse) -> Result<T, Error> {
        decode_json(&response)
    }
}

impl<T: DeserializeOwned> ResponseKind for Collection<T> {
    type Output = CollectionPage<T>;
    const ACCEPT: Option<&'static str> = Some("application/json");
    fn decode(response: HttpResponse) -> Result<CollectionPage<T>, Error> {
        decode_json(&response)
    }
}

impl ResponseKind for NoContent {
    type Output = ();
    const ACCEPT: Option<&'static str> = None;
    fn decode(_: HttpResponse) -> Result<(), Error> {
        Ok(())
    }
}

impl ResponseKind for Bytes {
    type Output = Vec<u8>;
    const ACCEPT: Option<&'static str> = None;
    fn decode(response: HttpResponse) -> Result<Vec<u8>, Error> {
        Ok(response.body)
    }
}

/// One page of a collection.
///
/// `Deserialize` is written by hand (in `collection_page_de`): a derived one with
/// `#[serde(flatten)]` buffers the whole page, every item included, before decoding the
/// items a second time, which made decoding a page cost about twice what it should.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(bound(serialize = "T: Serialize"))]
pub struct CollectionPage<T> {
    /// The items of this page.
    #[serde(default)]
    pub value: Vec<T>,
    /// The URL of the next page, if there is one.
    #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// The URL to call later for changes (delta queries), on the last page.
    #[serde(rename = "@odata.deltaLink", default, skip_serializing_if = "Option::is_none")]
    pub delta_link: Option<String>,
    /// The total count when `$count=true` was asked for.
    #[serde(rename = "@odata.count", default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// Every other member (e.g. `@odata.context`).
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl<T> Default for CollectionPage<T> {
    fn default() -> Self {
        CollectionPage {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            additional_properties: Map::new(),
        }
    }
}

/// Decodes JSON, telling "not JSON at all" (an HTML page from a proxy) apart from
/// "JSON of the wrong shape".
pub(crate) fn decode_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    let body = &response.body;
    let result = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_value(Value::Null)
    } else {
        serde_json::from_slice(body).or_else(|e| {
            // A single primitive or enum arrives in OData's `{"value": ...}` envelope.
            let Ok(whole) = serde_json::from_slice::<Value>(body) else { return Err(e) };
            // When the envelope does not read either, the body's own error is the one to
            // report (a collection page whose item is off, not "expected a page").
            match crate::odata::primitive_envelope(&whole) {
                Some(payload) => serde_json::from_value(payload.clone()).map_err(|_| e),
                None => Err(e),
            }
        })
    };
    result.map_err(|e| {
        let text = String::from_utf8_lossy(body).into_owned();
        let content_type = response.header("content-type").map(str::to_owned);
        let looks_like_json = text.trim_start().starts_with(['{', '[', '"']);
        if e.is_syntax() && !looks_like_json && !is_json_content_type(content_type.as_deref()) {
            Error::NonJson { status: response.status, content_type, body: text }
        } else {
            Error::Decode { status: response.status, message: e.to_string(), body: text }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

    fn ok(content_type: &str, body: &str) -> HttpResponse {
        let mut headers = http::HeaderMap::new();
        headers.insert("content-type", content_type.parse().unwrap());
        HttpResponse { status: StatusCode::OK, headers, body: body.into() }
    }

    #[test]
    fn collection_page_reads_links_and_keeps_extra_members() {
        let body = r#"{"@odata.context":"ctx","@odata.count":3,"value":[1,2],"@odata.nextLink":"https://x/next"}"#;
        let page = Collection::<i32>::decode(ok("application/json", body)).unwrap();
        assert_eq!(page.value, vec![1, 2]);
        assert_eq!(page.count, Some(3));
        assert_eq!(page.next_link.as_deref(), Some("https://x/next"));
        assert_eq!(page.delta_link, None);
        assert_eq!(page.additional_properties.get("@odata.context"), Some(&Value::from("ctx")));
        let back: Value = serde_json::to_value(&page).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(body).unwrap());
    }

    #[test]
    fn html_is_non_json_and_wrong_shape_is_decode() {
        let e = Json::<Value>::decode(ok("text/html", "<html>hi</html>")).unwrap_err();
        assert!(matches!(e, Error::NonJson { .. }), "{e:?}");
        let e = Json::<Vec<i32>>::decode(ok("application/json", r#"{"a":1}"#)).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        let e = Json::<Value>::decode(ok("application/json", "<html>")).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    }

    #[test]
    fn primitive_envelope_is_unwrapped_but_objects_are_not() {
        assert_eq!(Json::<String>::decode(ok("application/json", r#"{"@odata.context":"c","value":"x"}"#)).unwrap(), "x");
        assert!(Json::<bool>::decode(ok("application/json", r#"{"value":true}"#)).unwrap());
        let v = Json::<Value>::decode(ok("application/json", r#"{"value":true}"#)).unwrap();
        assert_eq!(v, serde_json::json!({"value": true}), "a type that reads objects gets the whole body");
        assert!(Json::<bool>::decode(ok("application/json", r#"{"value":true,"id":"1"}"#)).is_err());
    }

    #[test]
    fn a_page_that_does_not_decode_reports_its_own_error() {
        let e = Collection::<i32>::decode(ok("application/json", r#"{"value":["x"]}"#)).unwrap_err();
        let Error::Decode { message, .. } = e else { panic!("{e:?}") };
        assert!(message.contains("expected i32"), "{message}");
    }

    #[test]
    fn optional_body_reads_a_204_and_a_200_with_the_body() {
        // Writes that return the resource only when asked (`Prefer: return=representation`).
        let no_content = HttpResponse { status: StatusCode::NO_CONTENT, headers: http::HeaderMap::new(), body: Vec::new() };
        assert_eq!(Json::<Option<Value>>::decode(no_content).unwrap(), None);
        let body = r#"{"id":"1","name":"x"}"#;
        let with_body = Json::<Option<Value>>::decode(ok("application/json", body)).unwrap();
        assert_eq!(with_body, Some(serde_json::from_str::<Value>(body).unwrap()));
    }

    #[test]
    fn empty_body_reads_as_null() {
        assert_eq!(Json::<Option<i32>>::decode(ok("application/json", "")).unwrap(), None);
        assert!(Json::<i32>::decode(ok("application/json", "")).is_err());
    }
}
