//! Path templates: `/users/{id | userPrincipalName}/getX(period='{period}')`
//! into [`Segment`]s.
//!
//! Conventions read: `{id}` and `{id | alt}` keys (any spacing), `<id>`
//! placeholders, `fn(k='{v}')` / `fn(k={v})` / `fn(k='literal')` function
//! calls, `entity('{id}')` parenthesized keys, OneDrive `root:/{item-path}:`
//! item paths, `microsoft.graph.x` casts, `$value`/`$ref`/`$count`, query
//! strings (dropped), trailing slashes, and absolute `https://host/version`
//! prefixes (dropped).

use super::model::{FunctionArg, Segment};

/// The path part of a request target: host/version prefix and query string
/// removed, trailing slash removed, leading slash ensured.
pub fn normalize(raw: &str) -> String {
    let mut p = raw.trim();
    if let Some(rest) = p.strip_prefix("https://").or_else(|| p.strip_prefix("http://")) {
        // Drop the host, then a version segment if there is one.
        let after_host = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
        p = split_version(after_host).map(|(_, r)| r).unwrap_or(after_host);
    }
    let p = p.strip_prefix('~').unwrap_or(p);
    let p = cut_query(p);
    let p = p.trim_end_matches('/');
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

/// An API version segment: `beta`, `v1.0`, `V1.0`, `v2` (any case; the
/// service root of every version is written this way).
pub fn is_api_version(segment: &str) -> bool {
    if segment.eq_ignore_ascii_case("beta") {
        return true;
    }
    let Some(number) = segment.strip_prefix(['v', 'V']) else { return false };
    let mut parts = number.split('.');
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(digits) && parts.all(digits) && number.split('.').count() <= 3
}

/// `/beta/teams/{id}` -> (`beta`, `/teams/{id}`): a path that starts with
/// an API version segment followed by more path.
pub fn split_version(path: &str) -> Option<(&str, &str)> {
    let body = path.strip_prefix('/')?;
    let (first, rest) = body.split_once('/').unwrap_or((body, ""));
    (is_api_version(first) && !rest.is_empty()).then(|| (first, &path[1 + first.len()..]))
}

/// Remove `?query` (outside quotes and parentheses).
fn cut_query(p: &str) -> &str {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in p.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            '?' if !quoted && depth <= 0 => return &p[..i],
            _ => {}
        }
    }
    p
}

/// Split at `/` outside quotes, parentheses and braces.
fn split_segments(p: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let (mut paren, mut brace, mut quoted) = (0i32, 0i32, false);
    let mut start = 0;
    for (i, c) in p.char_indices() {
        match c {
            '\'' if paren > 0 => quoted = !quoted,
            '(' if !quoted => paren += 1,
            ')' if !quoted => paren -= 1,
            '{' if !quoted => brace += 1,
            '}' if !quoted => brace -= 1,
            '/' if !quoted && paren == 0 && brace == 0 => {
                out.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if paren < 0 || brace < 0 {
            return Err(format!("unbalanced `{c}`"));
        }
    }
    if paren != 0 || brace != 0 || quoted {
        return Err("unbalanced brackets or quotes".to_string());
    }
    out.push(&p[start..]);
    Ok(out)
}

/// Parse a normalized path (see [`normalize`]) into segments.
pub fn parse(path: &str) -> Result<Vec<Segment>, String> {
    let body = path.strip_prefix('/').unwrap_or(path);
    if body.is_empty() {
        return Err("empty path".to_string());
    }
    let pieces = split_segments(body)?;
    let mut segments = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let piece = pieces[i].trim();
        if piece.is_empty() {
            return Err("empty segment (`//`)".to_string());
        }
        // `childFolders/{id}/.../messages`: an elision (`...`) or a parent
        // step (`..`) says how paths nest; a URL cannot carry it.
        if piece.chars().all(|c| c == '.') {
            return Err(format!("`{piece}` stands for a part of the path left out, not a segment"));
        }
        // `root:` / `{id}:` starts an item path that runs to the next `:`.
        if let Some(head) = piece.strip_suffix(':') {
            if !head.is_empty() {
                segments.extend(parse_segment(head)?);
            }
            let mut parts = Vec::new();
            i += 1;
            let mut closed = false;
            while i < pieces.len() {
                let p = pieces[i].trim();
                i += 1;
                if let Some(last) = p.strip_suffix(':') {
                    parts.push(last);
                    closed = true;
                    break;
                }
                parts.push(p);
            }
            if !closed && parts.is_empty() {
                return Err(format!("`{piece}` starts an item path that has no content"));
            }
            let joined = parts.join("/");
            let param = joined.trim_matches(|c| c == '{' || c == '}' || c == '<' || c == '>').trim().to_string();
            segments.push(Segment::ItemPath { param });
            continue;
        }
        // `root:/{path}:/children` written without a slash after the colon
        // (`{path}:children`) is the same thing; a colon inside a segment
        // with braces on its left is such a case.
        segments.extend(parse_segment(piece)?);
        i += 1;
    }
    Ok(segments)
}

/// One `/`-separated piece; may yield two segments (`entity('{id}')`).
fn parse_segment(s: &str) -> Result<Vec<Segment>, String> {
    // `'{id}'` and `(id)` are keys written with stray quotes or parentheses.
    let bare = s.trim_matches('\'');
    if let Some(params) = placeholder(bare) {
        return Ok(vec![Segment::Key { params, parens: false }]);
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        if let Some(params) = placeholder(&format!("{{{}}}", inner.trim_matches('\''))) {
            return Ok(vec![Segment::Key { params, parens: false }]);
        }
    }
    // `{id}$ref`: a key with the next `$` segment glued on.
    if let Some(close) = s.find("}$") {
        if let Some(params) = placeholder(&s[..=close]) {
            return Ok(vec![Segment::Key { params, parens: false }, Segment::Literal { name: s[close + 1..].to_string() }]);
        }
    }
    if let Some(open) = s.find('(') {
        if !s.ends_with(')') {
            return Err(format!("segment `{s}` has text after its closing parenthesis"));
        }
        let name = s[..open].trim();
        let inner = s[open + 1..s.len() - 1].trim();
        if name.is_empty() {
            return Err(format!("segment `{s}` has no name before `(`"));
        }
        // `entity('{id}')` / `entity({id})`: a key in parentheses.
        if !inner.is_empty() && !inner.contains('=') {
            let unquoted = inner.trim_matches('\'');
            if let Some(params) = placeholder(unquoted) {
                return Ok(vec![Segment::Literal { name: name.to_string() }, Segment::Key { params, parens: true }]);
            }
            // A literal key (`items('abc')`) stays one literal segment.
            return Ok(vec![Segment::Literal { name: s.to_string() }]);
        }
        let args = if inner.is_empty() { Vec::new() } else { function_args(inner)? };
        return Ok(vec![Segment::Function { name: name.to_string(), args }]);
    }
    if is_cast(s) {
        return Ok(vec![Segment::Cast { type_name: s.to_string() }]);
    }
    if s.contains(['{', '}']) {
        return Err(format!("segment `{s}` mixes text and a placeholder"));
    }
    Ok(vec![Segment::Literal { name: s.to_string() }])
}

/// Write segments back as a path (`raw`), the inverse of [`parse`] up to
/// spacing: `{a | b}` keys, `name('{id}')` parenthesized keys, `fn(k='{v}')`
/// calls, `root:/{item-path}:` item paths.
pub fn render(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Key { params, parens: true } => {
                out.push_str(&format!("('{{{}}}')", params.join(" | ")));
                continue;
            }
            Segment::ItemPath { param } => {
                out.push_str(&format!(":/{{{param}}}:"));
                continue;
            }
            _ => out.push('/'),
        }
        match segment {
            Segment::Literal { name } => out.push_str(name),
            Segment::Key { params, .. } => out.push_str(&format!("{{{}}}", params.join(" | "))),
            Segment::Cast { type_name } => out.push_str(type_name),
            Segment::Function { name, args } => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| {
                        let value = match (&a.param, &a.literal) {
                            (Some(p), _) => format!("{{{p}}}"),
                            (None, Some(l)) => l.clone(),
                            (None, None) => String::new(),
                        };
                        if a.quoted {
                            format!("{}='{value}'", a.name)
                        } else {
                            format!("{}={value}", a.name)
                        }
                    })
                    .collect();
                out.push_str(&format!("{name}({})", args.join(",")));
            }
            Segment::ItemPath { .. } => {}
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// `microsoft.graph.user` (a namespace-qualified name, not `$value`).
fn is_cast(s: &str) -> bool {
    s.contains('.')
        && !s.starts_with('$')
        && s.split('.').count() >= 3
        && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

/// `{id}`, `{id | alt}`, `<id>`: the parameter names, else `None`.
fn placeholder(s: &str) -> Option<Vec<String>> {
    let s = s.trim();
    let inner = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| s.strip_prefix('<').and_then(|r| r.strip_suffix('>')))?;
    if inner.contains(['{', '}', '/']) {
        return None;
    }
    let params: Vec<String> = inner.split('|').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if params.is_empty() {
        None
    } else {
        Some(params)
    }
}

/// `k='{v}', n=5, s='lit'`.
fn function_args(inner: &str) -> Result<Vec<FunctionArg>, String> {
    let mut args = Vec::new();
    for part in split_args(inner) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((name, value)) = part.split_once('=') else {
            return Err(format!("function argument `{part}` has no `=`"));
        };
        let value = value.trim();
        let quoted = value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'');
        let unquoted = if quoted { &value[1..value.len() - 1] } else { value };
        let param = placeholder(unquoted)
            .map(|p| p.join("|"))
            .or_else(|| unquoted.strip_suffix("-value").filter(|p| !p.is_empty() && !p.contains(' ')).map(str::to_string));
        let literal = if param.is_none() { Some(unquoted.to_string()) } else { None };
        args.push(FunctionArg { name: name.trim().to_string(), param, literal, quoted });
    }
    Ok(args)
}

/// Split function arguments at commas outside quotes.
fn split_args(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&inner[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(n: &str) -> Segment {
        Segment::Literal { name: n.to_string() }
    }
    fn key(p: &[&str], parens: bool) -> Segment {
        Segment::Key { params: p.iter().map(|s| s.to_string()).collect(), parens }
    }

    #[test]
    fn normalizes_prefix_query_and_slashes() {
        assert_eq!(normalize("https://graph.microsoft.com/beta/users/{id}/?$select=x"), "/users/{id}");
        assert_eq!(normalize("users"), "/users");
        assert_eq!(normalize("/me/events?$filter=a eq 'b?'"), "/me/events");
    }

    #[test]
    fn keys_in_any_spacing() {
        assert_eq!(parse("/users/{id|userPrincipalName}").unwrap(), vec![lit("users"), key(&["id", "userPrincipalName"], false)]);
        assert_eq!(parse("/users/{ id  |  userPrincipalName }").unwrap()[1], key(&["id", "userPrincipalName"], false));
        assert_eq!(parse("/a/<b-id>").unwrap()[1], key(&["b-id"], false));
    }

    #[test]
    fn functions_and_parenthesized_keys() {
        let s = parse("/reports/getX(period='{period}',top=5,kind='daily',n={n})").unwrap();
        let Segment::Function { name, args } = &s[1] else { panic!("{s:?}") };
        assert_eq!(name, "getX");
        assert_eq!(args.len(), 4);
        assert_eq!((args[0].param.as_deref(), args[0].quoted), (Some("period"), true));
        assert_eq!((args[1].literal.as_deref(), args[1].quoted), (Some("5"), false));
        assert_eq!((args[2].literal.as_deref(), args[2].quoted), (Some("daily"), true));
        assert_eq!((args[3].param.as_deref(), args[3].quoted), (Some("n"), false));
        assert_eq!(parse("/things('{thing-id}')").unwrap(), vec![lit("things"), key(&["thing-id"], true)]);
        assert_eq!(parse("/a/delta()").unwrap()[1], Segment::Function { name: "delta".into(), args: vec![] });
        // A slash inside quotes does not split.
        let s = parse("/w/range(address='A1/B2')").unwrap();
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn item_paths_casts_and_dollar_segments() {
        let s = parse("/drives/{drive-id}/root:/{item-path}:/children").unwrap();
        assert_eq!(
            s,
            vec![
                lit("drives"),
                key(&["drive-id"], false),
                lit("root"),
                Segment::ItemPath { param: "item-path".into() },
                lit("children")
            ]
        );
        let s = parse("/users/{id}/memberOf/microsoft.graph.group/$count").unwrap();
        assert_eq!(s[3], Segment::Cast { type_name: "microsoft.graph.group".into() });
        assert_eq!(s[4], lit("$count"));
        assert_eq!(parse("/a/{id}/$value").unwrap()[2], lit("$value"));
    }

    #[test]
    fn stray_quotes_parentheses_and_glued_dollar_segments() {
        assert_eq!(parse("/a/'{id}'").unwrap()[1], key(&["id"], false));
        assert_eq!(parse("/a/(a-id)/b").unwrap()[1], key(&["a-id"], false));
        assert_eq!(parse("/a/{id}$ref").unwrap()[1..], [key(&["id"], false), lit("$ref")]);
    }

    #[test]
    fn api_versions_in_any_case() {
        assert_eq!(normalize("https://graph.microsoft.com/V1.0/users/{id}"), "/users/{id}");
        assert_eq!(normalize("https://graph.microsoft.com/BETA/users"), "/users");
        assert_eq!(normalize("https://graph.microsoft.com/v2.1/users"), "/users");
        assert_eq!(split_version("/beta/teams/{id}/photo"), Some(("beta", "/teams/{id}/photo")));
        assert_eq!(split_version("/V1.0/me"), Some(("V1.0", "/me")));
        assert_eq!(split_version("/beta"), None);
        assert_eq!(split_version("/versions/{id}"), None);
        assert!(!is_api_version("v") && !is_api_version("vip") && !is_api_version("view"));
    }

    #[test]
    fn render_is_the_inverse_of_parse() {
        for p in [
            "/users/{id | userPrincipalName}/getX(period='{period}',top=5,kind='daily',n={n})",
            "/things('{thing-id}')/parts",
            "/drives/{drive-id}/root:/{item-path}:/children",
            "/users/{id}/memberOf/microsoft.graph.group/$count",
            "/a/delta()",
        ] {
            let segments = parse(p).unwrap();
            assert_eq!(parse(&render(&segments)).unwrap(), segments, "{p} -> {}", render(&segments));
        }
        assert_eq!(render(&parse("/users/{id}/drive").unwrap()), "/users/{id}/drive");
    }

    #[test]
    fn bad_paths_are_errors() {
        assert!(parse("/me/childFolders/{id}/.../messages").is_err());
        assert!(parse("/me/items/{id}/../children").is_err());
        assert!(parse("/users//x").is_err());
        assert!(parse("/users/{id").is_err());
        assert!(parse("/").is_err());
        assert!(parse("/a/b(x").is_err());
    }
}
