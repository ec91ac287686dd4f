//! Building request paths where caller-supplied values can never change the URL's shape.

use std::fmt::{self, Display};
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::Error;

/// What a key value keeps literal: RFC 3986 unreserved characters plus the sub-delimiters
/// and `@` that are legal in a path segment. Everything else is percent-encoded — notably
/// `/ ? # %` (which would split the path or start a query/fragment), `\` (a separator for
/// WHATWG URL parsers), `:` (Graph's `root:/path:` addressing), `+` (decoded as a space by
/// some servers), space, quotes and every non-ASCII byte.
const KEY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@')
    .remove(b'\'');

/// Inside an OData quoted literal (`'...'`) the quote is doubled, not escaped, so it stays
/// literal; parentheses and commas are encoded so they cannot close the argument list.
const QUOTED: &AsciiSet = &KEY.add(b'(').add(b')').add(b',').add(b'=');

/// A request path under a client's base URL.
///
/// Immutable: every step returns a new path, so a prefix can be shared and extended.
/// Values that cannot form a URL (an empty key, `.`/`..`) are remembered and reported as
/// [`Error::InvalidUrl`] when the request is built, keeping the builder infallible.
#[derive(Clone, PartialEq, Eq)]
pub struct UrlPath {
    base: Arc<str>,
    segments: Vec<String>,
    invalid: Option<String>,
}

impl UrlPath {
    /// The empty path under `base` (e.g. `https://graph.microsoft.com/beta`); a trailing `/`
    /// on `base` is ignored. Usually obtained from [`Client::path`](crate::Client::path).
    pub fn new(base: &str) -> Self {
        UrlPath { base: base.trim_end_matches('/').into(), segments: Vec::new(), invalid: None }
    }

    /// Appends a literal segment from the API description, used as-is.
    pub fn segment(&self, literal: &'static str) -> UrlPath {
        let mut next = self.clone();
        next.segments.push(literal.to_owned());
        next
    }

    /// Appends a key value as its own segment, percent-encoded so that no character in it
    /// can add segments, start a query or fragment, or be read as path addressing.
    pub fn key(&self, value: impl Display) -> UrlPath {
        let value = value.to_string();
        let mut next = self.clone();
        match value.as_str() {
            "" => next.fail("a key value is empty"),
            // Every URL parser folds these away (even percent-encoded), losing a segment.
            "." | ".." => next.fail(&format!("a key value cannot be {value:?}")),
            _ => next.segments.push(encode(&value, KEY)),
        }
        next
    }

    /// Appends `('<value>')` to the last segment: the OData key-in-parentheses form.
    /// Quotes in the value are doubled and the rest is percent-encoded.
    pub fn key_in_parens(&self, value: impl Display) -> UrlPath {
        let literal = quoted(&value.to_string());
        let mut next = self.clone();
        match next.segments.last_mut() {
            Some(last) => {
                last.push('(');
                last.push_str(&literal);
                last.push(')');
            }
            None => next.fail("a key in parentheses needs a segment before it"),
        }
        next
    }

    /// Appends a function call segment: `name(a='x',b=5)`; `name()` without arguments.
    /// An argument that is not a literal ([`FunctionArg::raw`]) makes the path invalid.
    pub fn function(&self, name: &'static str, args: &[(&'static str, FunctionArg)]) -> UrlPath {
        let mut next = self.clone();
        let mut segment = String::from(name);
        segment.push('(');
        for (i, (arg_name, arg)) in args.iter().enumerate() {
            if i > 0 {
                segment.push(',');
            }
            segment.push_str(arg_name);
            segment.push('=');
            match &arg.0 {
                Ok(text) => segment.push_str(text),
                Err(reason) => next.fail(&format!("argument {arg_name} of {name}: {reason}")),
            }
        }
        segment.push(')');
        next.segments.push(segment);
        next
    }

    /// Appends OneDrive path addressing to the last segment: `root` + `a/b.txt` gives
    /// `root:/a/b.txt:`. Each part is encoded like a key; `/` separates parts, and empty
    /// parts (leading, trailing or doubled slashes) are dropped.
    pub fn item_path(&self, path: &str) -> UrlPath {
        let mut next = self.clone();
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| *p == "." || *p == "..") {
            next.fail("an item path cannot contain '.' or '..' parts");
            return next;
        }
        let encoded: Vec<String> = parts.iter().map(|p| encode(p, KEY)).collect();
        match next.segments.last_mut() {
            Some(last) => {
                last.push_str(":/");
                last.push_str(&encoded.join("/"));
                last.push(':');
            }
            None => next.fail("an item path needs a segment before it"),
        }
        next
    }

    /// The full URL, or why it cannot be built.
    pub fn to_url(&self) -> Result<String, Error> {
        if let Some(reason) = &self.invalid {
            return Err(Error::InvalidUrl(reason.clone()));
        }
        let mut url = String::from(&*self.base);
        for segment in &self.segments {
            url.push('/');
            url.push_str(segment);
        }
        Ok(url)
    }

    fn fail(&mut self, reason: &str) {
        // Keep the first problem: later ones are usually consequences of it.
        self.invalid.get_or_insert_with(|| reason.to_owned());
    }
}

impl fmt::Debug for UrlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_url() {
            Ok(url) => write!(f, "UrlPath({})", crate::redact::redact_url(&url)),
            Err(e) => write!(f, "UrlPath(<{e}>)"),
        }
    }
}

/// An argument of a function call segment (see [`UrlPath::function`]): its text in the
/// URL, or why the value cannot be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionArg(Result<String, String>);

impl FunctionArg {
    /// A string argument: written `'value'` with quotes doubled and percent-encoded.
    pub fn string(value: impl Display) -> Self {
        FunctionArg(Ok(quoted(&value.to_string())))
    }

    /// A number, boolean, `null`, date, time, date-time, duration, GUID or enum member,
    /// written without quotes. Only such a literal is accepted: text made of ASCII letters,
    /// digits and `. _ : + -` (or a parameter alias, `@name`). Servers decode the
    /// percent-encoding of a path before reading the call, so encoding cannot keep
    /// `5,period='D90'` one argument; anything else makes the path invalid
    /// ([`Error::InvalidUrl`] when the request is built). Text that is a string belongs in
    /// [`string`](Self::string).
    pub fn raw(value: impl Display) -> Self {
        let text = value.to_string();
        FunctionArg(match is_unquoted_literal(&text) {
            true => Ok(encode(&text, QUOTED)),
            false => Err(format!("{text:?} is not a literal (a number, boolean, date, GUID or enum member)")),
        })
    }
}

/// Whether `text` can stand unquoted in an argument list without ending it, starting
/// another argument or opening a string: the characters of OData's non-string literals
/// (`-12.5e+3`, `true`, `2024-05-01T10:00:00+02:00`, `PT1H`, GUIDs, member names).
fn is_unquoted_literal(text: &str) -> bool {
    let body = text.strip_prefix('@').unwrap_or(text);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'+' | b'-'))
}

fn encode(value: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(value, set).to_string()
}

/// An OData string literal: `'` + value with `'` doubled + `'`, percent-encoded.
fn quoted(value: &str) -> String {
    format!("'{}'", encode(&value.replace('\'', "''"), QUOTED))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> UrlPath {
        UrlPath::new("https://graph.microsoft.com/beta/")
    }

    #[test]
    fn literal_segments_and_keys() {
        let p = base().segment("users").key("a@b.com").segment("messages");
        assert_eq!(p.to_url().unwrap(), "https://graph.microsoft.com/beta/users/a@b.com/messages");
    }

    #[test]
    fn key_encodes_shape_changing_characters() {
        let p = base().segment("items").key("a/b?c#d%e f\\g:h+i\"j");
        assert_eq!(
            p.to_url().unwrap(),
            "https://graph.microsoft.com/beta/items/a%2Fb%3Fc%23d%25e%20f%5Cg%3Ah%2Bi%22j"
        );
        assert_eq!(base().key("é").to_url().unwrap(), "https://graph.microsoft.com/beta/%C3%A9");
        assert_eq!(base().key(42).to_url().unwrap(), "https://graph.microsoft.com/beta/42");
    }

    #[test]
    fn unusable_keys_are_reported_at_build_time() {
        for bad in ["", ".", ".."] {
            let err = base().segment("users").key(bad).segment("x").to_url().unwrap_err();
            assert!(matches!(err, Error::InvalidUrl(_)), "{bad:?}");
        }
        assert!(base().key_in_parens("x").to_url().is_err());
        assert!(base().item_path("a/b").to_url().is_err());
        assert!(base().segment("root").item_path("a/../b").to_url().is_err());
    }

    #[test]
    fn key_in_parens_doubles_quotes() {
        let p = base().segment("privilegedSignupStatus").key_in_parens("O'Brien (x), y");
        assert_eq!(
            p.to_url().unwrap(),
            "https://graph.microsoft.com/beta/privilegedSignupStatus('O''Brien%20%28x%29%2C%20y')"
        );
    }

    #[test]
    fn function_arguments() {
        let p = base().segment("reports").function(
            "getTeamsUserActivityCounts",
            &[("period", FunctionArg::string("D7")), ("top", FunctionArg::raw(5)), ("on", FunctionArg::raw(true))],
        );
        assert_eq!(
            p.to_url().unwrap(),
            "https://graph.microsoft.com/beta/reports/getTeamsUserActivityCounts(period='D7',top=5,on=true)"
        );
        let p = base().function("delta", &[]);
        assert_eq!(p.to_url().unwrap(), "https://graph.microsoft.com/beta/delta()");
        let p = base().function("f", &[("s", FunctionArg::string("it's a/b,x=1)"))]);
        assert_eq!(p.to_url().unwrap(), "https://graph.microsoft.com/beta/f(s='it''s%20a%2Fb%2Cx%3D1%29')");
    }

    #[test]
    fn raw_arguments_take_literals_of_every_unquoted_type() {
        let literals = [
            "-12.5e+3", "INF", "null", "2024-05-01", "2024-05-01T10:00:00.5+02:00", "10:00:00", "PT1H30M",
            "9f3c5a52-6f1e-4e0e-9d0b-1c2d3e4f5a6b", "microsoft.graph.weekIndex", "@p1",
        ];
        for literal in literals {
            let p = base().function("f", &[("x", FunctionArg::raw(literal))]);
            assert_eq!(p.to_url().unwrap(), format!("https://graph.microsoft.com/beta/f(x={})", literal.replace('+', "%2B").replace(':', "%3A")));
        }
    }

    #[test]
    fn raw_arguments_that_are_not_literals_are_refused() {
        for bad in ["5,period='D90'", "x)y", "a=b", "'s'", "a b", "a/b", "é", "", "@", "1%2C2"] {
            let err = base().segment("reports").function("f", &[("top", FunctionArg::raw(bad))]).segment("x").to_url();
            assert!(matches!(&err, Err(Error::InvalidUrl(m)) if m.contains("argument top of f")), "{bad:?}: {err:?}");
        }
    }

    #[test]
    fn item_path_addressing() {
        let p = base().segment("me").segment("drive").segment("root").item_path("/Docs/a b#1.txt").segment("content");
        assert_eq!(
            p.to_url().unwrap(),
            "https://graph.microsoft.com/beta/me/drive/root:/Docs/a%20b%231.txt:/content"
        );
    }

    #[test]
    fn paths_are_immutable_prefixes() {
        let users = base().segment("users");
        let a = users.key("a");
        let b = users.key("b");
        assert!(a.to_url().unwrap().ends_with("/users/a"));
        assert!(b.to_url().unwrap().ends_with("/users/b"));
        assert!(users.to_url().unwrap().ends_with("/users"));
    }
}
