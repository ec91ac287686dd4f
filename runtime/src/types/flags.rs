//! Flags enums: several [`StringEnum`] members joined by commas on the wire (`"a,b,c"`).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use super::StringEnum;

/// A set of flag members written `"a,b,c"` on the wire.
///
/// Order and duplicates are kept as given so that a value reads back unchanged. Reading
/// trims spaces around members and ignores empty ones (`"a, b"` and `"a,,b"` are `[a, b]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Flags<E>(pub Vec<E>);

impl<E> Flags<E> {
    /// The members, in order.
    pub fn into_inner(self) -> Vec<E> {
        self.0
    }
}

impl<E: PartialEq> Flags<E> {
    /// `true` when `member` is one of the flags.
    pub fn contains_flag(&self, member: &E) -> bool {
        self.0.contains(member)
    }
}

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Flags(Vec::new())
    }
}

impl<E: StringEnum> FromStr for Flags<E> {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Flags(s.split(',').map(str::trim).filter(|m| !m.is_empty()).map(E::from_wire).collect()))
    }
}

impl<E: StringEnum> fmt::Display for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(member.as_str())?;
        }
        Ok(())
    }
}

impl<E: StringEnum> serde::Serialize for Flags<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, E: StringEnum> serde::Deserialize<'de> for Flags<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagsVisitor<E>(std::marker::PhantomData<E>);
        impl<E: StringEnum> serde::de::Visitor<'_> for FlagsVisitor<E> {
            type Value = Flags<E>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a comma-separated list of flag names")
            }
            fn visit_str<Err: serde::de::Error>(self, v: &str) -> Result<Flags<E>, Err> {
                Ok(v.parse().unwrap_or_else(|never| match never {}))
            }
        }
        deserializer.deserialize_str(FlagsVisitor(std::marker::PhantomData))
    }
}

impl<E> Deref for Flags<E> {
    type Target = Vec<E>;
    fn deref(&self) -> &Vec<E> {
        &self.0
    }
}

impl<E> DerefMut for Flags<E> {
    fn deref_mut(&mut self) -> &mut Vec<E> {
        &mut self.0
    }
}

impl<E> From<Vec<E>> for Flags<E> {
    fn from(value: Vec<E>) -> Self {
        Flags(value)
    }
}

impl<E> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Flags(iter.into_iter().collect())
    }
}

impl<E> IntoIterator for Flags<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
