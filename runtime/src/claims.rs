//! Continuous access evaluation: a `401` whose `WWW-Authenticate` carries a claims challenge
//! (`Bearer ..., error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsi..."`). The
//! claims say what a new token must satisfy; an app passes them to its token library.

use http::header::WWW_AUTHENTICATE;
use http::HeaderMap;

use crate::types::Binary;

/// The claims of a `Bearer` challenge in any `WWW-Authenticate` header, base64-decoded
/// to the JSON text token libraries take (`{"access_token":{"nbf":{...}}}`); as sent
/// when it is not base64 of UTF-8 text.
pub(crate) fn claims_challenge(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| bearer_param(v, "claims"))
        .filter(|claims| !claims.is_empty())
        .map(|claims| decode(&claims))
}

fn decode(claims: &str) -> String {
    claims
        .parse::<Binary>()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.into_inner()).ok())
        .unwrap_or_else(|| claims.to_owned())
}

/// The value of auth-param `name` of the `Bearer` challenge in one header value (RFC 9110
/// §11.6.1: challenges separated by commas, each a scheme followed by `name=value` params
/// whose values are tokens or quoted strings with `\` escapes).
fn bearer_param(header: &str, name: &str) -> Option<String> {
    let mut rest = header;
    let mut in_bearer = false;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        if rest.is_empty() {
            return None;
        }
        let end = rest.find([' ', '\t', ',', '=']).unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        let after_space = after.trim_start_matches([' ', '\t']);
        match after_space.strip_prefix('=') {
            // `name=value`: a parameter of the current challenge.
            Some(value_text) if !token.is_empty() => {
                let (value, remaining) = param_value(value_text.trim_start_matches([' ', '\t']));
                if in_bearer && token.eq_ignore_ascii_case(name) {
                    return Some(value);
                }
                rest = remaining;
            }
            // A token68's trailing `=` padding, or a stray `=`: skip it.
            Some(_) => rest = &after_space[1..],
            // A bare token: the scheme of a new challenge.
            None => {
                in_bearer = token.eq_ignore_ascii_case("bearer");
                rest = after;
            }
        }
    }
}

/// A token or quoted-string value and the text after it.
fn param_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find([' ', '\t', ',']).unwrap_or(text.len());
        return (text[..end].to_owned(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[i + 1..]),
            '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
            _ => value.push(c),
        }
    }
    // An unterminated quote runs to the end of the header.
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append(WWW_AUTHENTICATE, v.parse().unwrap());
        }
        map
    }

    // base64 of {"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}
    const CLAIMS_B64: &str = "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNjA0MTA2NjUxIn19fQ==";
    const CLAIMS_JSON: &str = r#"{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}"#;

    #[test]
    fn reads_the_claims_of_a_cae_challenge() {
        let h = headers(&[&format!(
            r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="{CLAIMS_B64}""#
        )]);
        assert_eq!(claims_challenge(&h).as_deref(), Some(CLAIMS_JSON));
    }

    #[test]
    fn finds_the_bearer_challenge_among_others() {
        let h = headers(&[
            r#"Basic realm="x""#,
            &format!(r#"Negotiate abc==, Bearer error=insufficient_claims, claims="{CLAIMS_B64}", Basic claims="nope""#),
        ]);
        assert_eq!(claims_challenge(&h).as_deref(), Some(CLAIMS_JSON));
        assert_eq!(claims_challenge(&headers(&[r#"Basic claims="nope""#])), None);
        assert_eq!(claims_challenge(&headers(&[r#"Bearer realm="", error="invalid_token""#])), None);
        assert_eq!(claims_challenge(&HeaderMap::new()), None);
    }

    #[test]
    fn quoted_values_unescape_and_undecodable_claims_are_kept_as_sent() {
        let h = headers(&[r#"Bearer realm="a, \"b\"", claims="{\"x\":1}""#]);
        assert_eq!(claims_challenge(&h).as_deref(), Some(r#"{"x":1}"#));
        assert_eq!(claims_challenge(&headers(&[r#"Bearer claims="{\"y\":2"#])).as_deref(), Some(r#"{"y":2"#));
    }
}
