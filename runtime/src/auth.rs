//! Where access tokens come from, and the type that keeps them out of logs.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::Error;

/// A boxed, `Send` future: what object-safe async traits in this crate return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A bearer token. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }

    /// The token itself. Only the request sender should need this.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for AccessToken {
    fn from(token: String) -> Self {
        AccessToken(token)
    }
}

impl From<&str> for AccessToken {
    fn from(token: &str) -> Self {
        AccessToken(token.to_owned())
    }
}

/// Supplies the bearer token for each request.
///
/// Called once per attempt, so an implementation that caches and refreshes tokens (e.g.
/// around an OAuth client) always hands out a valid one. Errors should be built with
/// [`Error::auth`] and must not contain the token.
///
/// ```
/// use graphgen_runtime::{AccessToken, BoxFuture, Error, TokenProvider};
///
/// struct FromEnv;
/// impl TokenProvider for FromEnv {
///     fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
///         Box::pin(async {
///             std::env::var("GRAPH_TOKEN").map(AccessToken::new).map_err(|_| Error::auth("GRAPH_TOKEN is not set"))
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// A token valid for the next request.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>>;

    /// A new token that satisfies `claims`, the decoded JSON of a claims challenge
    /// (continuous access evaluation: the service answered `401` with
    /// `WWW-Authenticate: Bearer ..., claims="..."` because the token it got was revoked
    /// or lacks a claim). Returning `Some` makes the client send the request once more
    /// with that token (a `401` means the request was not processed, so this is safe for
    /// any method); it is used for the rest of that call, so later tokens should come from
    /// the same fresh cache. Returning `None`, the default, declines: the `401` becomes an
    /// [`Error`] whose [`claims_challenge`](Error::claims_challenge) carries the claims.
    fn token_with_claims<'a>(&'a self, claims: &'a str) -> BoxFuture<'a, Result<Option<AccessToken>, Error>> {
        let _ = claims;
        Box::pin(async { Ok(None) })
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }

    fn token_with_claims<'a>(&'a self, claims: &'a str) -> BoxFuture<'a, Result<Option<AccessToken>, Error>> {
        (**self).token_with_claims(claims)
    }
}

impl<T: TokenProvider + ?Sized> TokenProvider for Box<T> {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        (**self).token()
    }

    fn token_with_claims<'a>(&'a self, claims: &'a str) -> BoxFuture<'a, Result<Option<AccessToken>, Error>> {
        (**self).token_with_claims(claims)
    }
}

/// A fixed token, for scripts and tests. Real applications want a refreshing provider.
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider that always returns `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_redacted() {
        let t = AccessToken::new("secret-token-123");
        assert!(!format!("{t:?}").contains("secret"));
        assert!(!format!("{t}").contains("secret"));
        assert!(!format!("{:?}", StaticToken::new("secret-token-123")).contains("secret"));
        assert_eq!(t.secret(), "secret-token-123");
    }
}
