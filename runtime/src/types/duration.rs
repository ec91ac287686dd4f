//! `Edm.Duration`: an ISO 8601 duration (`P1Y2M3DT4H5M6.5S`) kept exactly as written.

use std::fmt;
use std::str::FromStr;

use super::digits::{fraction, minimal_digits, write_fraction};
use super::string_wire::string_wire_serde;
use super::ParseError;

/// An ISO 8601 duration such as `PT1H30M`, `P1Y2M`, `-P1D` or `PT0.5S`.
///
/// Calendar parts (years, months) have no fixed length, so they are kept as written instead
/// of being folded into seconds; each part also remembers whether it was present, so the
/// text reads back unchanged (`P0D` stays `P0D`, `PT0S` stays `PT0S`). Use [`Duration::to_std`]
/// for an exact `std::time::Duration` when the value has no calendar parts.
///
/// Equality is structural: `PT60M` and `PT1H` are different values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    /// `true` for a leading `-`.
    pub negative: bool,
    /// The `nY` part.
    pub years: Option<u64>,
    /// The `nM` part before `T`.
    pub months: Option<u64>,
    /// The `nW` part.
    pub weeks: Option<u64>,
    /// The `nD` part.
    pub days: Option<u64>,
    /// The `nH` part.
    pub hours: Option<u64>,
    /// The `nM` part after `T`.
    pub minutes: Option<u64>,
    /// The whole seconds of the `n[.f]S` part.
    pub seconds: Option<u64>,
    /// The fraction of the seconds part, in nanoseconds.
    pub nanos: u32,
    /// How many fraction digits the seconds part is written with.
    pub fraction_digits: u8,
}

impl Duration {
    /// An exact duration of whole seconds and nanoseconds, written `PTn[.f]S`.
    pub fn from_std(value: std::time::Duration) -> Self {
        let nanos = value.subsec_nanos();
        Self {
            seconds: Some(value.as_secs()),
            nanos,
            fraction_digits: minimal_digits(nanos),
            ..Self::default()
        }
    }

    /// The exact length, or `None` when the value is negative, uses years or months (whose
    /// length depends on the calendar), or overflows. Weeks are 7 days and days 24 hours.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        if self.negative && !self.is_zero() {
            return None;
        }
        if self.years.unwrap_or(0) != 0 || self.months.unwrap_or(0) != 0 {
            return None;
        }
        let parts = [
            (self.weeks, 7 * 86_400u64),
            (self.days, 86_400),
            (self.hours, 3_600),
            (self.minutes, 60),
            (self.seconds, 1),
        ];
        let mut secs = 0u64;
        for (value, unit) in parts {
            secs = secs.checked_add(value.unwrap_or(0).checked_mul(unit)?)?;
        }
        Some(std::time::Duration::new(secs, self.nanos))
    }

    /// `true` when every part is zero.
    pub fn is_zero(&self) -> bool {
        [self.years, self.months, self.weeks, self.days, self.hours, self.minutes, self.seconds]
            .iter()
            .all(|p| p.unwrap_or(0) == 0)
            && self.nanos == 0
    }

    /// This value itself; present so every wire type has the same `into_inner` shape.
    pub fn into_inner(self) -> Self {
        self
    }
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse(s).map_err(|reason| ParseError::new("Duration", s, reason))
    }
}

fn parse(s: &str) -> Result<Duration, &'static str> {
    let mut d = Duration::default();
    let rest = match s.strip_prefix('-') {
        Some(rest) => {
            d.negative = true;
            rest
        }
        None => s.strip_prefix('+').unwrap_or(s),
    };
    let mut rest = rest.strip_prefix('P').ok_or("expected a leading 'P'")?;
    let mut in_time = false;
    let mut any_part = false;
    // Designators must appear in this order; `order` is the index of the last one seen.
    let mut order = 0usize;
    while !rest.is_empty() {
        if let Some(after_t) = rest.strip_prefix('T') {
            if in_time {
                return Err("'T' appears twice");
            }
            if after_t.is_empty() {
                return Err("'T' must be followed by a time part");
            }
            in_time = true;
            rest = after_t;
            continue;
        }
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return Err("expected a number");
        }
        let number: u64 = rest[..len].parse().map_err(|_| "number too large")?;
        let (nanos, digits, after_fraction) = fraction(&rest[len..])?;
        let mut chars = after_fraction.chars();
        let designator = chars.next().ok_or("a number must be followed by a designator")?;
        rest = chars.as_str();
        let (slot_order, slot) = match (in_time, designator) {
            (false, 'Y') => (1, &mut d.years),
            (false, 'M') => (2, &mut d.months),
            (false, 'W') => (3, &mut d.weeks),
            (false, 'D') => (4, &mut d.days),
            (true, 'H') => (5, &mut d.hours),
            (true, 'M') => (6, &mut d.minutes),
            (true, 'S') => (7, &mut d.seconds),
            _ => return Err("unknown or misplaced designator"),
        };
        if slot_order <= order {
            return Err("parts out of order or repeated");
        }
        if digits > 0 && designator != 'S' {
            return Err("only seconds may have a fraction");
        }
        order = slot_order;
        *slot = Some(number);
        d.nanos = nanos;
        d.fraction_digits = digits;
        any_part = true;
    }
    if !any_part {
        return Err("a duration needs at least one part");
    }
    Ok(d)
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        let date_parts = [(self.years, 'Y'), (self.months, 'M'), (self.weeks, 'W'), (self.days, 'D')];
        for (value, designator) in date_parts {
            if let Some(v) = value {
                write!(f, "{v}{designator}")?;
            }
        }
        let has_time = self.hours.is_some() || self.minutes.is_some() || self.seconds.is_some();
        let has_date = date_parts.iter().any(|(v, _)| v.is_some());
        if !has_time && !has_date {
            // An all-empty value (e.g. `Duration::default()`) is zero.
            return f.write_str("T0S");
        }
        if has_time {
            f.write_str("T")?;
            if let Some(v) = self.hours {
                write!(f, "{v}H")?;
            }
            if let Some(v) = self.minutes {
                write!(f, "{v}M")?;
            }
            if let Some(v) = self.seconds {
                write!(f, "{v}")?;
                write_fraction(f, self.nanos, self.fraction_digits)?;
                f.write_str("S")?;
            }
        }
        Ok(())
    }
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        Self::from_std(value)
    }
}

string_wire_serde!(Duration, "an ISO 8601 duration string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_losslessly() {
        for s in [
            "P1Y2M3DT4H5M6.5S",
            "PT0S",
            "P0D",
            "-P1D",
            "P2W",
            "PT1H",
            "PT36H",
            "PT0.0000001S",
            "PT1.500S",
            "P1M",
            "PT1M",
            "P1DT12H",
        ] {
            assert_eq!(s.parse::<Duration>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn month_and_minute_are_told_apart() {
        let d: Duration = "P1MT1M".parse().unwrap();
        assert_eq!((d.months, d.minutes), (Some(1), Some(1)));
    }

    #[test]
    fn to_std_is_exact_or_none() {
        let d: Duration = "P1DT2H3M4.25S".parse().unwrap();
        assert_eq!(d.to_std(), Some(std::time::Duration::new(86_400 + 7_200 + 180 + 4, 250_000_000)));
        assert_eq!("P1W".parse::<Duration>().unwrap().to_std(), Some(std::time::Duration::from_secs(604_800)));
        assert_eq!("P1M".parse::<Duration>().unwrap().to_std(), None);
        assert_eq!("-PT5S".parse::<Duration>().unwrap().to_std(), None);
        assert_eq!("-PT0S".parse::<Duration>().unwrap().to_std(), Some(std::time::Duration::ZERO));
        assert_eq!(format!("P{}D", u64::MAX).parse::<Duration>().unwrap().to_std(), None);
    }

    #[test]
    fn from_std_writes_seconds() {
        assert_eq!(Duration::from(std::time::Duration::from_millis(1500)).to_string(), "PT1.5S");
        assert_eq!(Duration::from_std(std::time::Duration::ZERO).to_string(), "PT0S");
        assert_eq!(Duration::default().to_string(), "PT0S");
    }

    #[test]
    fn rejects_bad_text() {
        for bad in ["", "P", "PT", "1D", "P1H", "PT1D", "P1D1Y", "P1.5D", "PT1S2M", "P1DT", "P-1D", "PT1.S", "P1Y1Y"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let d: Duration = serde_json::from_str("\"PT1H30M\"").unwrap();
        assert_eq!(d.to_std(), Some(std::time::Duration::from_secs(5_400)));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"PT1H30M\"");
    }
}
