//! `Edm.Date`: a calendar date written `YYYY-MM-DD`.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use time::Month;

use super::digits::fixed;
use super::string_wire::string_wire_serde;
use super::ParseError;

/// An `Edm.Date` value (`2024-02-29`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(pub time::Date);

impl Date {
    /// The wrapped `time::Date`.
    pub fn into_inner(self) -> time::Date {
        self.0
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        let err = |reason: &str| ParseError::new("Date", s, reason);
        let shape = || err("expected YYYY-MM-DD");
        let (year, rest) = fixed(s, 4).ok_or_else(shape)?;
        let rest = rest.strip_prefix('-').ok_or_else(shape)?;
        let (month, rest) = fixed(rest, 2).ok_or_else(shape)?;
        let rest = rest.strip_prefix('-').ok_or_else(shape)?;
        let (day, rest) = fixed(rest, 2).ok_or_else(shape)?;
        if !rest.is_empty() {
            return Err(shape());
        }
        let month = Month::try_from(month as u8).map_err(|_| err("month out of range"))?;
        time::Date::from_calendar_date(year as i32, month, day as u8)
            .map(Date)
            .map_err(|_| err("day out of range for the month"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), u8::from(self.0.month()), self.0.day())
    }
}

impl Deref for Date {
    type Target = time::Date;
    fn deref(&self) -> &time::Date {
        &self.0
    }
}

impl From<time::Date> for Date {
    fn from(value: time::Date) -> Self {
        Date(value)
    }
}

impl From<Date> for time::Date {
    fn from(value: Date) -> Self {
        value.0
    }
}

string_wire_serde!(Date, "a YYYY-MM-DD date string");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_validates() {
        for s in ["2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(s.parse::<Date>().unwrap().to_string(), s);
        }
        for bad in ["2023-02-29", "2024-2-29", "2024-02-29T00:00:00Z", "24-02-29", "", "2024-00-10"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_round_trip() {
        let d: Date = serde_json::from_str("\"2021-07-04\"").unwrap();
        assert_eq!(*d, time::macros::date!(2021 - 07 - 04));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2021-07-04\"");
    }
}
