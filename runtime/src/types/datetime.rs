//! `Edm.DateTimeOffset`: RFC 3339 text that is written back exactly as it was read.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::str::FromStr;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::digits::{fixed, fraction, minimal_digits, write_fraction};
use super::string_wire::string_wire_serde;
use super::ParseError;

/// How the offset was (or will be) written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OffsetStyle {
    /// `Z`
    Zulu,
    /// `+HH:MM` / `-HH:MM` (including `+00:00`)
    Numeric,
    /// No offset in the text: read as UTC, written without one.
    Absent,
}

/// An `Edm.DateTimeOffset` value.
///
/// Reads RFC 3339 (`2016-12-02T19:14:41.1234567Z`, `...+02:00`) and also text without an
/// offset, which is taken as UTC. It remembers the number of fraction digits and the offset
/// form it read, so a value that is read and written again produces the same text (Graph
/// commonly sends seven fraction digits, more than most libraries keep).
///
/// Equality, ordering and hashing compare the instant, not the text form.
#[derive(Clone, Copy)]
pub struct DateTimeOffset {
    value: OffsetDateTime,
    fraction_digits: u8,
    offset_style: OffsetStyle,
}

impl DateTimeOffset {
    /// Wraps a `time` value; it is written with `Z` for UTC and the fewest fraction digits
    /// that keep it exact.
    pub fn new(value: OffsetDateTime) -> Self {
        let offset_style =
            if value.offset().is_utc() { OffsetStyle::Zulu } else { OffsetStyle::Numeric };
        Self { value, fraction_digits: minimal_digits(value.nanosecond()), offset_style }
    }

    /// The current time in UTC.
    pub fn now_utc() -> Self {
        Self::new(OffsetDateTime::now_utc())
    }

    /// The wrapped `time::OffsetDateTime`.
    pub fn into_inner(self) -> OffsetDateTime {
        self.value
    }

    /// The number of fraction-of-second digits this value is written with.
    pub fn fraction_digits(&self) -> u8 {
        self.fraction_digits
    }

    /// The same instant written with exactly `digits` fraction digits (at most 9).
    /// Digits beyond `digits` are truncated.
    pub fn with_fraction_digits(self, digits: u8) -> Self {
        let digits = digits.min(9);
        let unit = 10u32.pow(u32::from(9 - digits));
        let nanos = self.value.nanosecond() / unit * unit;
        let value = self.value.replace_nanosecond(nanos).unwrap_or(self.value);
        Self { value, fraction_digits: digits, ..self }
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse(s).map_err(|reason| ParseError::new("DateTimeOffset", s, reason))
    }
}

fn parse(s: &str) -> Result<DateTimeOffset, &'static str> {
    const SHAPE: &str = "expected YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM]";
    let (year, rest) = fixed(s, 4).ok_or(SHAPE)?;
    let rest = rest.strip_prefix('-').ok_or(SHAPE)?;
    let (month, rest) = fixed(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix('-').ok_or(SHAPE)?;
    let (day, rest) = fixed(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix('T').ok_or(SHAPE)?;
    let (hour, rest) = fixed(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix(':').ok_or(SHAPE)?;
    let (minute, rest) = fixed(rest, 2).ok_or(SHAPE)?;
    let rest = rest.strip_prefix(':').ok_or(SHAPE)?;
    let (second, rest) = fixed(rest, 2).ok_or(SHAPE)?;
    let (nanos, fraction_digits, rest) = fraction(rest)?;

    let (offset, offset_style) = match rest {
        "" => (UtcOffset::UTC, OffsetStyle::Absent),
        "Z" | "z" => (UtcOffset::UTC, OffsetStyle::Zulu),
        _ => (parse_offset(rest).ok_or(SHAPE)?, OffsetStyle::Numeric),
    };

    let month = Month::try_from(month as u8).map_err(|_| "month out of range")?;
    let date = Date::from_calendar_date(year as i32, month, day as u8)
        .map_err(|_| "day out of range for the month")?;
    let time = Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos)
        .map_err(|_| "time of day out of range")?;
    let value = PrimitiveDateTime::new(date, time).assume_offset(offset);
    Ok(DateTimeOffset { value, fraction_digits, offset_style })
}

/// `+HH:MM` or `-HH:MM`.
fn parse_offset(s: &str) -> Option<UtcOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1i8, &s[1..]),
        b'-' => (-1i8, &s[1..]),
        _ => return None,
    };
    let (hours, rest) = fixed(rest, 2)?;
    let rest = rest.strip_prefix(':')?;
    let (minutes, rest) = fixed(rest, 2)?;
    if !rest.is_empty() || minutes > 59 {
        return None;
    }
    UtcOffset::from_hms(sign * hours as i8, sign * minutes as i8, 0).ok()
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.value;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            v.year(),
            u8::from(v.month()),
            v.day(),
            v.hour(),
            v.minute(),
            v.second()
        )?;
        write_fraction(f, v.nanosecond(), self.fraction_digits)?;
        match self.offset_style {
            OffsetStyle::Absent => Ok(()),
            OffsetStyle::Zulu if v.offset().is_utc() => f.write_str("Z"),
            OffsetStyle::Zulu | OffsetStyle::Numeric => {
                let (h, m, _) = v.offset().as_hms();
                let sign = if v.offset().is_negative() { '-' } else { '+' };
                write!(f, "{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
            }
        }
    }
}

impl fmt::Debug for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTimeOffset({self})")
    }
}

impl PartialEq for DateTimeOffset {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for DateTimeOffset {}

impl Hash for DateTimeOffset {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // `OffsetDateTime` hashes the instant, matching `eq` above.
        self.value.hash(state);
    }
}

impl PartialOrd for DateTimeOffset {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTimeOffset {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Deref for DateTimeOffset {
    type Target = OffsetDateTime;
    fn deref(&self) -> &OffsetDateTime {
        &self.value
    }
}

impl From<OffsetDateTime> for DateTimeOffset {
    fn from(value: OffsetDateTime) -> Self {
        Self::new(value)
    }
}

impl From<DateTimeOffset> for OffsetDateTime {
    fn from(value: DateTimeOffset) -> Self {
        value.value
    }
}

string_wire_serde!(DateTimeOffset, "an RFC 3339 date-time string");

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) {
        let parsed: DateTimeOffset = s.parse().unwrap();
        assert_eq!(parsed.to_string(), s);
    }

    #[test]
    fn keeps_fraction_digits_and_offset_form() {
        round_trip("2016-12-02T19:14:41.1234567Z");
        round_trip("2016-12-02T19:14:41Z");
        round_trip("2016-12-02T19:14:41.1Z");
        round_trip("2016-12-02T19:14:41.000Z");
        round_trip("2016-12-02T19:14:41.123456789Z");
        round_trip("2016-12-02T19:14:41+00:00");
        round_trip("2016-12-02T19:14:41.50-08:00");
        round_trip("2016-12-02T19:14:41+05:30");
        round_trip("0001-01-01T00:00:00Z");
        round_trip("9999-12-31T23:59:59.9999999Z");
    }

    #[test]
    fn missing_offset_is_utc_and_written_without_one() {
        let parsed: DateTimeOffset = "2020-02-29T10:00:00.5".parse().unwrap();
        assert!(parsed.offset().is_utc());
        assert_eq!(parsed.to_string(), "2020-02-29T10:00:00.5");
    }

    #[test]
    fn equality_compares_the_instant() {
        let a: DateTimeOffset = "2020-01-01T10:00:00Z".parse().unwrap();
        let b: DateTimeOffset = "2020-01-01T12:00:00.000+02:00".parse().unwrap();
        assert_eq!(a, b);
        assert!(a < "2020-01-01T10:00:00.0000001Z".parse().unwrap());
    }

    #[test]
    fn more_than_nine_digits_is_truncated_to_nanoseconds() {
        let parsed: DateTimeOffset = "2020-01-01T00:00:00.12345678999Z".parse().unwrap();
        assert_eq!(parsed.nanosecond(), 123_456_789);
        assert_eq!(parsed.to_string(), "2020-01-01T00:00:00.123456789Z");
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "2020-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2020-01-01",
            "2020-01-01T25:00:00Z",
            "2020-01-01T00:00:00.Z",
            "2020-01-01T00:00:00+5",
            "2020-01-01T00:00:00Zjunk",
            "２０２０-01-01T00:00:00Z",
        ] {
            let err = bad.parse::<DateTimeOffset>().unwrap_err();
            assert_eq!(err.kind(), "DateTimeOffset", "{bad}");
        }
    }

    #[test]
    fn new_values_use_z_and_minimal_digits() {
        let v = time::macros::datetime!(2020-05-06 07:08:09.120 UTC);
        assert_eq!(DateTimeOffset::new(v).to_string(), "2020-05-06T07:08:09.12Z");
        let v = time::macros::datetime!(2020-05-06 07:08:09 -03:30);
        assert_eq!(DateTimeOffset::from(v).to_string(), "2020-05-06T07:08:09-03:30");
        let seven = DateTimeOffset::new(time::macros::datetime!(2020-05-06 07:08:09.123456789 UTC))
            .with_fraction_digits(7);
        assert_eq!(seven.to_string(), "2020-05-06T07:08:09.1234567Z");
    }

    #[test]
    fn serde_round_trip() {
        let text = "\"2016-12-02T19:14:41.1234567Z\"";
        let v: DateTimeOffset = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), text);
        assert!(serde_json::from_str::<DateTimeOffset>("12").is_err());
    }
}
