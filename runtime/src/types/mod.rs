//! Rust types for the Edm primitive types that have no exact std equivalent.
//!
//! Each one reads and writes the text form Microsoft Graph uses on the wire, and keeps
//! enough of what it read (fraction digits, offset form, present parts) to write it back
//! unchanged.

mod binary;
mod date;
mod datetime;
mod digits;
mod duration;
mod flags;
mod nullable;
mod parse_error;
mod string_enum;
mod string_wire;
mod time_of_day;

pub use binary::Binary;
pub use date::Date;
pub use datetime::DateTimeOffset;
pub use duration::Duration;
pub use flags::Flags;
pub use nullable::Nullable;
pub use parse_error::ParseError;
#[doc(hidden)]
pub use string_enum::deserialize_string_enum;
pub use string_enum::StringEnum;
pub use time_of_day::TimeOfDay;
