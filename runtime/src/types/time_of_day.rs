//! `Edm.TimeOfDay`: `HH:MM:SS[.fff…]`, written back with the fraction digits it was read with.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::str::FromStr;

use super::digits::{fixed, fraction, minimal_digits, write_fraction};
use super::string_wire::string_wire_serde;
use super::ParseError;

/// An `Edm.TimeOfDay` value (`08:30:00`, `17:00:00.0000000`).
///
/// Keeps the number of fraction digits it read so `"08:00:00.0000000"` is written back
/// unchanged. Equality, ordering and hashing compare the time, not the text form.
#[derive(Clone, Copy)]
pub struct TimeOfDay {
    value: time::Time,
    fraction_digits: u8,
}

impl TimeOfDay {
    /// Wraps a `time::Time`, written with the fewest fraction digits that keep it exact.
    pub fn new(value: time::Time) -> Self {
        Self { value, fraction_digits: minimal_digits(value.nanosecond()) }
    }

    /// The wrapped `time::Time`.
    pub fn into_inner(self) -> time::Time {
        self.value
    }

    /// The number of fraction-of-second digits this value is written with.
    pub fn fraction_digits(&self) -> u8 {
        self.fraction_digits
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let err = |reason: &str| ParseError::new("TimeOfDay", s, reason);
        let shape = || err("expected HH:MM:SS[.fff]");
        let (hour, rest) = fixed(s, 2).ok_or_else(shape)?;
        let rest = rest.strip_prefix(':').ok_or_else(shape)?;
        let (minute, rest) = fixed(rest, 2).ok_or_else(shape)?;
        let rest = rest.strip_prefix(':').ok_or_else(shape)?;
        let (second, rest) = fixed(rest, 2).ok_or_else(shape)?;
        let (nanos, fraction_digits, rest) = fraction(rest).map_err(err)?;
        if !rest.is_empty() {
            return Err(shape());
        }
        let value = time::Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos)
            .map_err(|_| err("time of day out of range"))?;
        Ok(Self { value, fraction_digits })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value;
        write!(f, "{:02}:{:02}:{:02}", v.hour(), v.minute(), v.second())?;
        write_fraction(f, v.nanosecond(), self.fraction_digits)
    }
}

impl fmt::Debug for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeOfDay({self})")
    }
}

impl PartialEq for TimeOfDay {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for TimeOfDay {}

impl Hash for TimeOfDay {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for TimeOfDay {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TimeOfDay {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Deref for TimeOfDay {
    type Target = time::Time;
    fn deref(&self) -> &time::Time {
        &self.value
    }
}

impl From<time::Time> for TimeOfDay {
    fn from(value: time::Time) -> Self {
        Self::new(value)
    }
}

impl From<TimeOfDay> for time::Time {
    fn from(value: TimeOfDay) -> Self {
        value.value
    }
}

string_wire_serde!(TimeOfDay, "an HH:MM:SS time-of-day string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_fraction_digits() {
        for s in ["08:00:00", "08:00:00.0000000", "23:59:59.9999999", "00:00:00.5", "12:34:56.123456789"] {
            assert_eq!(s.parse::<TimeOfDay>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn equality_ignores_text_form() {
        let a: TimeOfDay = "08:00:00".parse().unwrap();
        let b: TimeOfDay = "08:00:00.000".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(TimeOfDay::new(time::macros::time!(9:15:00.25)).to_string(), "09:15:00.25");
    }

    #[test]
    fn rejects_bad_text() {
        for bad in ["24:00:00", "8:00:00", "08:00", "08:60:00", "08:00:00.", "08:00:00Z", ""] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }
}
