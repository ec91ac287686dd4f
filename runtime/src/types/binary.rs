//! `Edm.Binary`: bytes that travel as base64 text.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::string_wire::string_wire_serde;
use super::ParseError;

/// Readers accept padded and unpadded input: services are not consistent about padding.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// An `Edm.Binary` value.
///
/// Written as standard base64 with padding; read from standard or URL-safe base64, padded
/// or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The wrapped bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl FromStr for Binary {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let url_safe = s.bytes().any(|b| b == b'-' || b == b'_');
        let engine = if url_safe { &URL_SAFE_LENIENT } else { &STANDARD_LENIENT };
        engine
            .decode(s)
            .map(Binary)
            .map_err(|e| ParseError::new("Binary", s, e.to_string()))
    }
}

impl fmt::Display for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

impl Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl DerefMut for Binary {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Binary {
    fn from(value: Vec<u8>) -> Self {
        Binary(value)
    }
}

impl From<&[u8]> for Binary {
    fn from(value: &[u8]) -> Self {
        Binary(value.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(value: Binary) -> Self {
        value.0
    }
}

string_wire_serde!(Binary, "a base64 string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_padded_standard_base64() {
        assert_eq!(Binary(vec![0xfb, 0xff]).to_string(), "+/8=");
        assert_eq!(Binary(Vec::new()).to_string(), "");
        assert_eq!(serde_json::to_string(&Binary(b"hi".to_vec())).unwrap(), "\"aGk=\"");
    }

    #[test]
    fn reads_padded_unpadded_and_url_safe() {
        for s in ["+/8=", "+/8", "-_8=", "-_8"] {
            assert_eq!(s.parse::<Binary>().unwrap().0, vec![0xfb, 0xff], "{s}");
        }
        assert_eq!("".parse::<Binary>().unwrap().0, Vec::<u8>::new());
        let b: Binary = serde_json::from_str("\"aGVsbG8\"").unwrap();
        assert_eq!(&*b, b"hello");
    }

    #[test]
    fn rejects_non_base64() {
        for bad in ["a", "!!!!", "aGk=aGk=", "a b="] {
            let err = bad.parse::<Binary>().unwrap_err();
            assert_eq!(err.kind(), "Binary");
        }
    }
}
