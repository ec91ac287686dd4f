//! The one error type for text that is not a valid wire value.

use std::fmt;

/// Text that could not be read as a wire value (date, duration, base64, ...).
///
/// Keeps the offending input so a caller can see what the server (or they) sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    kind: &'static str,
    input: String,
    reason: String,
}

impl ParseError {
    pub(crate) fn new(kind: &'static str, input: &str, reason: impl Into<String>) -> Self {
        // Wire values are short; cap the copy so a huge bad string cannot bloat errors.
        let input: String = input.chars().take(128).collect();
        Self { kind, input, reason: reason.into() }
    }

    /// The wire type that failed to parse, e.g. `"DateTimeOffset"`.
    pub fn kind(&self) -> &str {
        self.kind
    }

    /// The text that failed to parse (at most 128 characters of it).
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} {:?}: {}", self.kind, self.input, self.reason)
    }
}

impl std::error::Error for ParseError {}
