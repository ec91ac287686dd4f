//! Conformance from the docs' own examples.
//!
//! Every operation page carries example requests and responses: free test
//! cases. Two checks run over them, both on the schema, with the same rules
//! the generated code follows (and the runtime's own wire types for
//! primitives, so a date or a GUID is judged by the code that will read it):
//!
//! - **responses**: the body decodes into the operation's response type and
//!   serializes back to the same JSON. Unknown members are kept (the models'
//!   `additional_properties`); an explicit `null` of a known property stays
//!   `null` (the field is a `Nullable`), a missing one stays missing.
//! - **requests**: the builders reproduce the example: its path matches one
//!   of the operation's path templates (each key, function argument or item
//!   path bound from the example and encoded as the builders encode it), the
//!   method is the operation's, every query option can be set through the
//!   typed options or the raw escape hatch, and the body decodes into the
//!   body type and round-trips. A key may be written in parentheses
//!   (`messages('AAMk')`) or as a segment (`messages/AAMk`): OData's two
//!   spellings of one request, so either matches either.
//!
//! An example request to a host that is no Microsoft Graph service host
//! (graph.microsoft.com and the national clouds' hosts, as the runtime's
//! `Cloud` names them; a relative URL is Graph) is **not a Graph request**:
//! a bot's callback, a pre-authenticated upload or download URL. No builder
//! makes one, so it is counted apart ([`Conformance::not_graph_requests`])
//! and is in neither side of `requests_reproduced`.
//!
//! The generated crate for `docs/` is cross-checked against these verdicts in
//! the root package's tests, so this model cannot drift from the real code.

use crate::schema::{
    Example, ExampleDirection, Operation, PathTemplate, Primitive, RequestBody, Schema, Segment, TypeKind, TypeRef,
    TypeTarget,
};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub use crate::report::Ratio;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conformance {
    pub responses_round_trip: Ratio,
    /// Over the example requests to Microsoft Graph (see the module docs).
    pub requests_reproduced: Ratio,
    /// Example requests to other hosts: counted apart, in no ratio.
    pub not_graph_requests: usize,
    /// Why responses did not round-trip: cause -> count.
    pub response_misses: BTreeMap<String, usize>,
    /// Why requests were not reproduced: cause -> count.
    pub request_misses: BTreeMap<String, usize>,
    /// One example per direction and cause (`request: cause`,
    /// `response: cause`, `not a Graph request`): `file:line: detail`.
    pub miss_examples: BTreeMap<String, String>,
}

/// The cause and report line of example requests to other hosts.
pub const NOT_GRAPH: &str = "not a Graph request";

impl Conformance {
    pub fn misses_markdown(&self) -> String {
        let mut s = String::new();
        for (title, misses) in [("response", &self.response_misses), ("request", &self.request_misses)] {
            let mut rows: Vec<_> = misses.iter().collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (cause, n) in rows {
                let example = self.miss_examples.get(&format!("{title}: {cause}")).map(String::as_str).unwrap_or("");
                s.push_str(&format!("| {title} miss: {cause} | {n} (e.g. {example}) |\n"));
            }
        }
        s
    }

    /// The report row (measure, value) of example requests to other hosts,
    /// when there are any.
    pub fn not_graph_row(&self) -> Option<(String, String)> {
        (self.not_graph_requests > 0).then(|| {
            let example = self.miss_examples.get(NOT_GRAPH).map(String::as_str).unwrap_or("");
            (
                format!("example requests that are {NOT_GRAPH} (to another host; in neither side of the figure above)"),
                format!("{} (e.g. {example})", self.not_graph_requests),
            )
        })
    }
}

/// A reason an example is not reproduced, grouped by `cause`.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub cause: &'static str,
    pub detail: String,
}

fn miss(cause: &'static str, detail: impl Into<String>) -> Miss {
    Miss { cause, detail: detail.into() }
}

/// Check every example of every operation.
pub fn check_schema(schema: &Schema) -> Conformance {
    let mut out = Conformance {
        responses_round_trip: Ratio::new(0, 0),
        requests_reproduced: Ratio::new(0, 0),
        not_graph_requests: 0,
        response_misses: BTreeMap::new(),
        request_misses: BTreeMap::new(),
        miss_examples: BTreeMap::new(),
    };
    let (mut resp_ok, mut resp_all, mut req_ok, mut req_all) = (0, 0, 0, 0);
    for op in &schema.operations {
        for ex in op.examples.iter() {
            let (result, ok, all, misses) = match ex.direction {
                ExampleDirection::Response => {
                    if ex.body.is_none() {
                        continue; // no body, or one that does not parse: counted by the report as unparsed
                    }
                    (check_response(schema, op, ex), &mut resp_ok, &mut resp_all, &mut out.response_misses)
                }
                ExampleDirection::Request if ex.url.as_deref().is_some_and(|u| !is_graph_url(u)) => {
                    out.not_graph_requests += 1;
                    let url = ex.url.as_deref().unwrap_or_default();
                    out.miss_examples.entry(NOT_GRAPH.to_owned()).or_insert_with(|| format!("{}:{}: {url}", ex.source.file, ex.source.line));
                    continue;
                }
                ExampleDirection::Request => (check_request(schema, op, ex), &mut req_ok, &mut req_all, &mut out.request_misses),
            };
            *all += 1;
            match result {
                Ok(()) => *ok += 1,
                Err(m) => {
                    *misses.entry(m.cause.to_string()).or_insert(0) += 1;
                    let direction = match ex.direction {
                        ExampleDirection::Request => "request",
                        ExampleDirection::Response => "response",
                    };
                    out.miss_examples
                        .entry(format!("{direction}: {}", m.cause))
                        .or_insert_with(|| format!("{}:{}: {}", ex.source.file, ex.source.line, m.detail));
                }
            }
        }
    }
    out.responses_round_trip = Ratio::new(resp_ok, resp_all);
    out.requests_reproduced = Ratio::new(req_ok, req_all);
    out
}

/// Does this response example decode into the operation's type and round-trip?
pub fn check_response(schema: &Schema, op: &Operation, ex: &Example) -> Result<(), Miss> {
    let Some(body) = &ex.body else { return Err(miss("no body", "")) };
    if ex.status.is_some_and(|s| s >= 400) {
        // An error response becomes the runtime's `Error::Graph`, which keeps
        // the raw body; it is read when it has Graph's `error` object.
        return match body.get("error") {
            Some(Value::Object(_)) => Ok(()),
            _ => Err(miss("an error response without Graph's `error` object", short(body))),
        };
    }
    let Some(ty) = &op.response.ty else {
        if op.response.status == 204 {
            return Err(miss("the operation is documented as 204 No Content, the example shows a body", short(body)));
        }
        return Err(miss("operation declares no response type", format!("status {}", op.response.status)));
    };
    let decoded = if ty.collection {
        let Value::Object(obj) = body else { return Err(miss("collection response is not an object", "")) };
        let Some(items) = obj.get("value") else {
            return Err(miss("collection response has no `value`", ""));
        };
        let mut out = obj.clone();
        out.insert("value".into(), round_trip(schema, items, ty)?);
        Value::Object(out)
    } else if let Some(payload) = primitive_envelope(schema, ty, body) {
        // The runtime's `Json<T>` unwraps the envelope and returns the bare
        // value; the SDK writes it back as `{"value": ...}`. Control members
        // (`@odata.context`) are not kept, so only a bare envelope is lossless.
        if body.as_object().is_some_and(|o| o.len() > 1) {
            return Err(miss("a primitive response's `@odata.` members are not kept", short(body)));
        }
        let mut out = Map::new();
        out.insert("value".into(), round_trip(schema, payload, ty)?);
        Value::Object(out)
    } else {
        round_trip(schema, body, ty).map_err(|m| match single_entity_envelope(schema, ty, body) {
            // The docs' sample shape (Graph sends the entity bare): say so.
            true => miss("a single entity shown inside `{\"value\": ...}`", m.detail),
            false => m,
        })?
    };
    compare(body, &decoded)
}

/// `{"value": {...}}` for an operation that returns one structured value.
fn single_entity_envelope(schema: &Schema, ty: &TypeRef, body: &Value) -> bool {
    let structured = matches!(&ty.target, TypeTarget::Named(q) if schema.types.get(q).is_some_and(|t| t.kind != TypeKind::Enum));
    let Some(obj) = body.as_object() else { return false };
    structured && !ty.collection && obj.get("value").is_some_and(Value::is_object) && obj.keys().all(|k| k == "value" || k.starts_with("@odata."))
}

/// OData's `{"value": x}` envelope around a single primitive or enum, read
/// as the runtime reads it (`odata::primitive_envelope`): members `value` and
/// `@odata.` control information only, `x` not an object.
fn primitive_envelope<'a>(schema: &Schema, ty: &TypeRef, body: &'a Value) -> Option<&'a Value> {
    let scalar_type = match &ty.target {
        TypeTarget::Primitive(p) => !matches!(p, Primitive::Json | Primitive::Stream),
        TypeTarget::Named(q) => schema.types.get(q).is_some_and(|t| t.kind == TypeKind::Enum),
    };
    let obj = body.as_object()?;
    let payload = obj.get("value")?;
    let only_control = obj.keys().all(|k| k == "value" || k.starts_with("@odata."));
    (scalar_type && only_control && !payload.is_object()).then_some(payload)
}

/// Does this request example come out of the builders?
pub fn check_request(schema: &Schema, op: &Operation, ex: &Example) -> Result<(), Miss> {
    let (Some(method), Some(url)) = (ex.method, ex.url.as_deref()) else {
        return Err(miss("example has no method or URL", ""));
    };
    if !is_graph_url(url) {
        return Err(miss(NOT_GRAPH, url));
    }
    if method != op.method {
        return Err(miss("example method differs from the operation's", format!("{} vs {}", method.as_str(), op.method.as_str())));
    }
    let (path, query) = split_url(url);
    let segments = path_segments(&path);
    let Some(template) = op.paths.iter().find(|t| matches_segments(t, &segments)) else {
        return Err(miss("example path matches none of the operation's paths", path));
    };
    check_typed_args(op, template, &segments)?;
    check_query(&query)?;
    match (&op.body, &ex.body, ex.has_body) {
        (_, None, true) => Err(miss("request body does not parse", "")),
        (Some(RequestBody::Parameters { params }), Some(body), _) => {
            let Value::Object(obj) = body else { return Err(miss("parameter body is not an object", "")) };
            let mut decoded = Map::new();
            for (k, v) in obj {
                match params.iter().find(|p| &p.name == k) {
                    Some(p) => {
                        decoded.insert(k.clone(), round_trip(schema, v, &p.ty)?);
                    }
                    None => {
                        decoded.insert(k.clone(), v.clone());
                    }
                }
            }
            compare(body, &Value::Object(decoded))
        }
        (Some(RequestBody::Resource { ty }), Some(body), _) => compare(body, &round_trip(schema, body, ty)?),
        // The builder takes the URL and sends `{"@odata.id": url}`: nothing else.
        (Some(RequestBody::Reference), Some(body), _) => match reference_url(body) {
            Some(_) => Ok(()),
            None => Err(miss("a reference body is not `{\"@odata.id\": url}`", short(body))),
        },
        (None, Some(_), _) => Err(miss("example sends a body the operation does not declare", "")),
        _ => Ok(()),
    }
}

/// The URL of an entity reference body, `{"@odata.id": url}` (no other member).
pub fn reference_url(body: &Value) -> Option<&str> {
    let obj = body.as_object()?;
    (obj.len() == 1).then(|| obj.get("@odata.id")?.as_str()).flatten()
}

/// Whether a request URL goes to Microsoft Graph: relative, or on the host
/// of one of the runtime's clouds (any scheme, port or letter case).
pub fn is_graph_url(url: &str) -> bool {
    let url = url.trim();
    let Some(i) = url.find("://") else { return true };
    let authority = url[i + 3..].split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    graphgen_runtime::Cloud::ALL.iter().any(|c| c.host_url().rsplit('/').next().is_some_and(|h| h.eq_ignore_ascii_case(host)))
}

/// `https://graph.microsoft.com/beta/users?$top=5` -> (`/users`, [(`$top`, `5`)]),
/// both percent-decoded.
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let path_start = after.find('/').unwrap_or(after.len());
            let path = &after[path_start..];
            // drop the version segment
            let mut parts = path.splitn(3, '/');
            parts.next();
            let version = parts.next().unwrap_or("");
            if crate::schema::path_template::is_api_version(version) {
                format!("/{}", parts.next().unwrap_or(""))
            } else {
                path.to_string()
            }
        }
        None => {
            let trimmed = url.trim_start_matches('/');
            let without_version = match trimmed.split_once('/') {
                Some((version, rest)) if crate::schema::path_template::is_api_version(version) => rest,
                _ => trimmed,
            };
            format!("/{without_version}")
        }
    };
    let (path, query) = rest.split_once('?').unwrap_or((&rest, ""));
    let pairs = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (percent_decode(path.trim_end_matches('/')), pairs)
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    // Byte-wise, so a `%` before a multi-byte character cannot split it.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{path_segments, percent_decode};

    #[test]
    fn segments_keep_calls_and_item_paths_whole_and_colons_in_ids() {
        assert_eq!(path_segments("/me/drive/root:/a b/c.txt:/content"), ["me", "drive", "root:/a b/c.txt:", "content"]);
        assert_eq!(path_segments("/drives/1/root:/a/b.txt:"), ["drives", "1", "root:/a/b.txt:"]);
        assert_eq!(path_segments("/r/f(x='a/b',y=2)/z"), ["r", "f(x='a/b',y=2)", "z"]);
        // A Teams id holds a colon that opens no item path.
        assert_eq!(
            path_segments("/chats/19:d657@thread.v2/tabs/7"),
            ["chats", "19:d657@thread.v2", "tabs", "7"]
        );
    }

    #[test]
    fn graph_hosts_are_the_clouds_hosts_and_relative_urls() {
        use super::is_graph_url;
        for url in ["/me", "v1.0/users", "https://graph.microsoft.com/beta/me", "HTTPS://Graph.Microsoft.com:443/v1.0/me", "https://dod-graph.microsoft.us/beta/me", "https://microsoftgraph.chinacloudapi.cn/v1.0/me"] {
            assert!(is_graph_url(url), "{url}");
        }
        for url in ["https://bot.contoso.com/api/calls", "https://sn3302.up.1drv.com/up/fe69", "https://graph/microsoft.com/beta/groups", "https://graph.microsoft.com.evil.example/beta/me", "https://user@contoso.com/graph.microsoft.com"] {
            assert!(!is_graph_url(url), "{url}");
        }
    }

    #[test]
    fn keys_in_parentheses_or_as_segments_match_either_template() {
        use super::{matches_template, parens_key};
        use crate::schema::{path_template, PathTemplate, Source};
        let template = |raw: &str| PathTemplate { raw: raw.into(), segments: path_template::parse(raw).expect("a template"), source: Source::default() };
        assert_eq!(parens_key("messages('AAMk=')"), Some(("messages", "AAMk=".to_owned())));
        assert_eq!(parens_key("borders(EdgeTop)"), Some(("borders", "EdgeTop".to_owned())));
        for call in ["range(address='A1')", "delta()", "f(a='x=y')", "(x)"] {
            assert_eq!(parens_key(call), None, "{call}");
        }
        let segment = template("/me/messages/{id}/attachments/{attachmentId}");
        assert!(matches_template(&segment, "/me/messages('AAMk=')/attachments('x')"));
        assert!(matches_template(&segment, "/me/messages/AAMk=/attachments/x"));
        assert!(!matches_template(&segment, "/me/messages('AAMk=')"));
        assert!(!matches_template(&segment, "/me/events('AAMk=')/attachments/x"));
        let parens = template("/me/messages('{id}')");
        assert!(matches_template(&parens, "/me/messages('AAMk=')"));
        assert!(matches_template(&parens, "/me/messages/AAMk="));
    }

    #[test]
    fn percent_decoding_is_byte_wise_and_total() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%e2%82%ac"), "€");
    }
}

/// Every OData system option can be set through a typed option; anything
/// else through the raw escape hatch: so only malformed pairs fail.
fn check_query(query: &[(String, String)]) -> Result<(), Miss> {
    for (k, _) in query {
        if k.is_empty() {
            return Err(miss("query has an empty option name", ""));
        }
    }
    Ok(())
}

/// Split a decoded path into segments, keeping `(...)` groups (which may
/// contain `/` inside quotes) and OneDrive `:/...:` item paths whole.
pub fn path_segments(path: &str) -> Vec<String> {
    // Byte by byte: every character that matters is ASCII, and the bytes
    // of other characters never equal one, so each `/` found is a boundary.
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut in_quote, mut in_item) = (0i32, false, false);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if depth > 0 => in_quote = !in_quote,
            b'(' if !in_quote => depth += 1,
            b')' if !in_quote => depth -= 1,
            // `root:/a/b:` — the item path opens at `:/` and runs to a
            // `:` that ends the path or a segment. Other colons are data
            // (Teams ids such as `19:abc@thread.v2`).
            b':' if depth == 0 && !in_item && bytes.get(i + 1) == Some(&b'/') => in_item = true,
            b':' if depth == 0 && in_item && matches!(bytes.get(i + 1), None | Some(b'/')) => in_item = false,
            b'/' if depth == 0 && !in_quote && !in_item => {
                if i > start {
                    out.push(path[start..i].to_owned());
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if bytes.len() > start {
        out.push(path[start..].to_owned());
    }
    out
}

/// A key in parentheses, `messages('AAMk')` -> (`messages`, `AAMk`): a
/// name, then one value that is no named argument (`f(a=1)` is a call,
/// `delta()` a call without arguments).
pub fn parens_key(segment: &str) -> Option<(&str, String)> {
    let open = segment.find('(')?;
    let inner = segment[open + 1..].strip_suffix(')')?;
    let name = &segment[..open];
    let mut quoted = false;
    let named = inner.chars().any(|ch| {
        if ch == '\'' {
            quoted = !quoted;
        }
        !quoted && ch == '='
    });
    (!name.is_empty() && !inner.trim().is_empty() && !named).then(|| (name, unquote(inner)))
}

/// `'it''s'` -> `it's`; an unquoted value as is.
pub fn unquote(v: &str) -> String {
    let v = v.trim();
    match v.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => v.to_owned(),
    }
}

/// The arguments of a function call segment: `getX(period='D7',top=5)` ->
/// {period: D7, top: 5} (names lowercased, values unquoted); `None`
/// without parentheses.
pub fn call_args(segment: &str) -> Option<BTreeMap<String, String>> {
    let open = segment.find('(')?;
    let inner = segment[open + 1..].strip_suffix(')')?;
    let mut out = BTreeMap::new();
    let (mut current, mut in_quote) = (String::new(), false);
    let mut parts = Vec::new();
    for ch in inner.chars() {
        match ch {
            '\'' => {
                in_quote = !in_quote;
                current.push(ch);
            }
            ',' if !in_quote => parts.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    parts.push(current);
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        let (name, value) = part.split_once('=')?;
        out.insert(name.trim().to_ascii_lowercase(), unquote(value));
    }
    Some(out)
}

/// The builders take a function argument typed by the parameter table
/// (`Int32`, `DateTimeOffset`, ...) as that type: the example's text must
/// parse as the runtime parses it.
/// `concrete`: the example's path, split by [`path_segments`].
fn check_typed_args(op: &Operation, template: &PathTemplate, concrete: &[String]) -> Result<(), Miss> {
    for (seg, actual) in template.segments.iter().zip(concrete) {
        let Segment::Function { args, .. } = seg else { continue };
        let given = call_args(actual).unwrap_or_default();
        for arg in args {
            let Some(param) = &arg.param else { continue };
            let Some(value) = given.get(&arg.name.to_ascii_lowercase()) else { continue };
            let documented = op.parameter_tables().find(|p| p.name.eq_ignore_ascii_case(param) || p.name.eq_ignore_ascii_case(&arg.name));
            let Some(TypeTarget::Primitive(p)) = documented.filter(|p| !p.ty.collection).map(|p| &p.ty.target) else { continue };
            if primitive(*p, &typed_literal(*p, value)).is_err() {
                return Err(miss("a function argument does not parse as its parameter's type", format!("{}={value}", arg.name)));
            }
        }
    }
    Ok(())
}

/// A URL literal as the JSON value of its type (numbers and booleans as
/// such, everything else as text), for [`primitive`].
fn typed_literal(p: Primitive, text: &str) -> Value {
    let number = matches!(
        p,
        Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32 | Primitive::Int64 | Primitive::Single | Primitive::Double | Primitive::Decimal
    );
    if number {
        serde_json::from_str::<serde_json::Number>(text).map(Value::Number).unwrap_or_else(|_| Value::String(text.to_owned()))
    } else if p == Primitive::Boolean {
        text.parse::<bool>().map(Value::Bool).unwrap_or_else(|_| Value::String(text.to_owned()))
    } else {
        Value::String(text.to_owned())
    }
}

/// Whether a concrete (decoded) path fits a template, segment by segment.
pub fn matches_template(template: &PathTemplate, path: &str) -> bool {
    matches_segments(template, &path_segments(path))
}

/// [`matches_template`] of a path already split by [`path_segments`] (for
/// a caller that tries one path against many templates).
pub fn matches_segments(template: &PathTemplate, concrete: &[String]) -> bool {
    let mut c = concrete.iter();
    let mut segs = template.segments.iter().peekable();
    while let Some(seg) = segs.next() {
        match seg {
            Segment::Literal { name } => {
                // `entity('{id}')`: a Literal followed by a parens Key.
                if let Some(Segment::Key { parens: true, .. }) = segs.peek() {
                    segs.next();
                    let Some(actual) = c.next() else { return false };
                    if actual.eq_ignore_ascii_case(name) {
                        if c.next().is_none() {
                            return false;
                        }
                        continue;
                    }
                    let Some(open) = actual.find('(') else { return false };
                    if !actual[..open].eq_ignore_ascii_case(name) || !actual.ends_with(')') {
                        return false;
                    }
                    continue;
                }
                // `messages('AAMk')` for `messages/{id}`, and `messages/AAMk` for
                // `messages('{id}')`: OData's two spellings of a key.
                if let (Some(Segment::Key { parens: false, .. }), Some((before, _))) = (segs.peek(), c.clone().next().and_then(|a| parens_key(a))) {
                    if before.eq_ignore_ascii_case(name) {
                        segs.next();
                        c.next();
                        continue;
                    }
                }
                match c.next() {
                    Some(actual) if actual.eq_ignore_ascii_case(name) => {}
                    // `root:/path:` after a literal `root` arrives as one segment.
                    Some(actual) if matches!(segs.peek(), Some(Segment::ItemPath { .. })) && actual.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())) => {
                        segs.next();
                    }
                    _ => return false,
                }
            }
            Segment::Key { .. } => {
                if c.next().is_none() {
                    return false;
                }
            }
            Segment::Function { name, args } => match c.next() {
                Some(actual) => {
                    let fname = actual.split('(').next().unwrap_or("");
                    let bare = fname.rsplit('.').next().unwrap_or(fname);
                    let want = name.rsplit('.').next().unwrap_or(name);
                    if !bare.eq_ignore_ascii_case(want) {
                        return false;
                    }
                    // A value the template writes itself (`on='reviewer'`) is what the
                    // builders send: the example must have that value (in any order).
                    let given = call_args(actual).unwrap_or_default();
                    let literal_differs = args.iter().any(|a| match &a.literal {
                        Some(lit) => !given.get(&a.name.to_ascii_lowercase()).is_some_and(|v| v.eq_ignore_ascii_case(lit)),
                        None => false,
                    });
                    if literal_differs {
                        return false;
                    }
                }
                None => return false,
            },
            Segment::Cast { type_name } => match c.next() {
                Some(actual) if actual.eq_ignore_ascii_case(type_name) => {}
                _ => return false,
            },
            Segment::ItemPath { .. } => match c.next() {
                Some(actual) if actual.starts_with(':') || actual.contains(':') => {}
                _ => return false,
            },
        }
    }
    c.next().is_none()
}

/// Decode `value` as the generated type for `ty` would, and serialize it back.
pub fn round_trip(schema: &Schema, value: &Value, ty: &TypeRef) -> Result<Value, Miss> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    if ty.collection {
        let Value::Array(items) = value else {
            return Err(miss("a collection is not a JSON array", short(value)));
        };
        let one = TypeRef { target: ty.target.clone(), collection: false };
        return items.iter().map(|v| round_trip(schema, v, &one)).collect::<Result<Vec<_>, _>>().map(Value::Array);
    }
    match &ty.target {
        TypeTarget::Primitive(p) => primitive(*p, value),
        TypeTarget::Named(name) => {
            let Some(def) = schema.types.get(name) else { return Ok(value.clone()) };
            if def.kind == TypeKind::Enum {
                return match value {
                    Value::String(_) => Ok(value.clone()),
                    _ => Err(miss("an enum value is not a string", short(value))),
                };
            }
            let Value::Object(obj) = value else {
                return Err(miss("a structured value is not a JSON object", format!("{name}: {}", short(value))));
            };
            let concrete = concrete_type(schema, name, obj);
            let mut out = Map::new();
            for (k, v) in obj {
                if k == "@odata.type" && !v.is_string() {
                    return Err(miss("`@odata.type` is not a string", short(v)));
                }
                match find_property(schema, concrete, k) {
                    Some(pty) if !v.is_null() => {
                        // The detail names the property path, so a report line says where.
                        let back = round_trip(schema, v, pty).map_err(|m| Miss { cause: m.cause, detail: format!("{k}: {}", m.detail) })?;
                        out.insert(k.clone(), back);
                    }
                    Some(_) => {
                        out.insert(k.clone(), Value::Null);
                    }
                    None => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Ok(Value::Object(out))
        }
    }
}

/// The derived type named by `@odata.type`, when it is `name` or below it.
fn concrete_type<'a>(schema: &'a Schema, name: &'a str, obj: &Map<String, Value>) -> &'a str {
    let Some(tag) = obj.get("@odata.type").and_then(Value::as_str) else { return name };
    let tag = tag.trim_start_matches('#');
    let Some((key, _)) = schema.types.get_key_value(tag) else { return name };
    let mut cursor = Some(key.as_str());
    while let Some(c) = cursor {
        if c == name {
            return key.as_str();
        }
        cursor = schema.types.get(c).and_then(|t| t.base_type.as_deref());
    }
    name
}

/// A property of a type or of one of its bases.
fn find_property<'a>(schema: &'a Schema, name: &str, prop: &str) -> Option<&'a TypeRef> {
    let mut cursor = schema.types.get(name);
    let mut guard = 0;
    while let Some(t) = cursor {
        if let Some(p) = t.properties.iter().find(|p| p.name == prop) {
            return Some(&p.ty);
        }
        guard += 1;
        if guard > 64 {
            return None;
        }
        cursor = t.base_type.as_deref().and_then(|b| schema.types.get(b));
    }
    None
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!("{}…", &s[..s.char_indices().nth(60).map(|(i, _)| i).unwrap_or(s.len())])
    } else {
        s
    }
}

fn primitive(p: Primitive, v: &Value) -> Result<Value, Miss> {
    use graphgen_runtime::types as wire;
    fn text<T: std::str::FromStr + std::fmt::Display>(v: &Value, what: &'static str) -> Result<Value, Miss> {
        let Value::String(s) = v else { return Err(miss(what, short(v))) };
        s.parse::<T>().map(|t| Value::String(t.to_string())).map_err(|_| miss(what, short(v)))
    }
    let int = |min: i64, max: i64| -> Result<Value, Miss> {
        match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(v.clone()),
            _ if v.as_u64().is_some() && max == i64::MAX => Ok(v.clone()),
            _ => Err(miss("an integer property holds something else", short(v))),
        }
    };
    match p {
        Primitive::String => match v {
            Value::String(_) => Ok(v.clone()),
            _ => Err(miss("a string property holds a non-string", short(v))),
        },
        Primitive::Boolean => match v {
            Value::Bool(_) => Ok(v.clone()),
            _ => Err(miss("a boolean property holds a non-boolean", short(v))),
        },
        Primitive::Byte => int(0, 255),
        Primitive::SByte => int(-128, 127),
        Primitive::Int16 => int(i16::MIN as i64, i16::MAX as i64),
        Primitive::Int32 => int(i32::MIN as i64, i32::MAX as i64),
        Primitive::Int64 => int(i64::MIN, i64::MAX),
        Primitive::Single | Primitive::Double | Primitive::Decimal => match v {
            Value::Number(_) => Ok(v.clone()),
            _ => Err(miss("a number property holds a non-number", short(v))),
        },
        Primitive::DateTimeOffset => text::<wire::DateTimeOffset>(v, "a DateTimeOffset that does not parse"),
        Primitive::Date => text::<wire::Date>(v, "a Date that does not parse"),
        Primitive::TimeOfDay => text::<wire::TimeOfDay>(v, "a TimeOfDay that does not parse"),
        Primitive::Duration => text::<wire::Duration>(v, "a Duration that does not parse"),
        Primitive::Guid => text::<graphgen_runtime::uuid::Uuid>(v, "a Guid that does not parse"),
        Primitive::Binary => text::<wire::Binary>(v, "a Binary that is not base64"),
        Primitive::Stream | Primitive::Json => Ok(v.clone()),
    }
}

/// Equal as JSON, where numbers compare by value, GUIDs by case-insensitive
/// text, base64 by decoded bytes; `null` and absent differ.
fn compare(original: &Value, decoded: &Value) -> Result<(), Miss> {
    if equivalent(original, decoded) {
        Ok(())
    } else {
        Err(miss("value changed on the round trip", format!("{} became {}", short(original), short(decoded))))
    }
}

fn equivalent(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => x == y || x.eq_ignore_ascii_case(y) && x.len() == 36 || same_base64(x, y) || same_instant(x, y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equivalent(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equivalent(v, w)))
        }
        _ => a == b,
    }
}

fn same_base64(a: &str, b: &str) -> bool {
    use graphgen_runtime::types::Binary;
    match (a.parse::<Binary>(), b.parse::<Binary>()) {
        (Ok(x), Ok(y)) => x == y && !a.is_empty(),
        _ => false,
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    use graphgen_runtime::types::DateTimeOffset;
    match (a.parse::<DateTimeOffset>(), b.parse::<DateTimeOffset>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
