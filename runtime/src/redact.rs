//! URLs as they may be shown: without the credentials a URL can carry in its userinfo.

use std::borrow::Cow;

/// `url` with its userinfo (`user:password@` before the host) replaced by `<redacted>@`.
/// A user name alone is redacted too: some services take a token as the user name.
pub(crate) fn redact_url(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://") else { return Cow::Borrowed(url) };
    let authority_start = scheme_end + 3;
    let authority_len = url[authority_start..].find(['/', '?', '#']).unwrap_or(url.len() - authority_start);
    let authority = &url[authority_start..authority_start + authority_len];
    match authority.rfind('@') {
        Some(at) => Cow::Owned(format!(
            "{}<redacted>{}",
            &url[..authority_start],
            &url[authority_start + at..]
        )),
        None => Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted_and_the_rest_kept() {
        assert_eq!(redact_url("https://u:p%40ss@host:8443/beta?a=b@c"), "https://<redacted>@host:8443/beta?a=b@c");
        assert_eq!(redact_url("http://token@host"), "http://<redacted>@host");
        assert_eq!(redact_url("https://a@b:c@host/x"), "https://<redacted>@host/x");
        for kept in ["https://graph.microsoft.com/beta/users/a@b.com", "https://host?x=@y", "not a url", ""] {
            assert_eq!(redact_url(kept), kept);
        }
    }
}
