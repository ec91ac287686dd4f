//! A model property as Graph sees it: absent, `null`, or a value.

use serde::de::{Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// One property of a model: not sent, sent as `null`, or sent with a value.
///
/// Graph tells the three apart on writes: in a `PATCH` body an absent property is left as it
/// is, `null` clears it, a value sets it. Every field of a generated model is a `Nullable`,
/// so an update says all three in the type itself, each key is written once, and a decoded
/// body encodes back to the same JSON (`null` stays `null`, a missing member stays missing).
///
/// Generated fields carry `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`:
/// [`Absent`](Nullable::Absent) writes nothing, [`Null`](Nullable::Null) writes `null`.
///
/// Reading is what `Option` reading looks like; null and absent both read as `None`:
///
/// ```
/// use graphgen_runtime::Nullable;
///
/// let subject: Nullable<String> = Nullable::Value("Lunch".to_owned());
/// assert_eq!(subject.as_deref(), Some("Lunch"));
/// assert_eq!(subject.value().map(String::len), Some(5));
/// let cleared: Nullable<String> = Nullable::Null;
/// assert_eq!(cleared.as_deref(), None);
/// assert!(cleared.is_null() && !Nullable::<String>::Absent.is_null());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not in the JSON: nothing is sent, and an update leaves the property as it is.
    #[default]
    Absent,
    /// An explicit `null`: an update clears the property.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Not in the JSON (the `skip_serializing_if` of generated fields).
    pub const fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// An explicit `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Holds a value.
    pub const fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// The value, if there is one (null and absent give `None`).
    pub const fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value; panics when the property is null or absent.
    #[track_caller]
    pub fn unwrap(self) -> T {
        match self {
            Nullable::Value(v) => v,
            Nullable::Null => panic!("called `Nullable::unwrap()` on a `Null` value"),
            Nullable::Absent => panic!("called `Nullable::unwrap()` on an `Absent` value"),
        }
    }

    /// The value; panics with `message` when the property is null or absent.
    #[track_caller]
    pub fn expect(self, message: &str) -> T {
        match self {
            Nullable::Value(v) => v,
            _ => panic!("{message}"),
        }
    }

    /// The value dereferenced (`&str` for a `String`, `&[T]` for a `Vec<T>`), if there is one:
    /// what `Option::as_deref` gives for an `Option` field.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|v| &**v)
    }

    /// A `Nullable` of a reference to the value, keeping absent and null apart.
    pub const fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }

    /// The value mapped by `f`; absent and null stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }

    /// Takes the property out, leaving it absent.
    pub fn take(&mut self) -> Nullable<T> {
        std::mem::take(self)
    }
}

impl<T> From<T> for Nullable<T> {
    /// A value.
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some` is a value, `None` is absent (nothing sent). Use [`Nullable::Null`] to send `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Absent, Nullable::Value)
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    /// The value; null and absent give `None`.
    fn from(value: Nullable<T>) -> Self {
        value.into_value()
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// A value as itself; null (and absent, when not skipped) as `null`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            Nullable::Null | Nullable::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` is [`Nullable::Null`], anything else a value; a missing member is
    /// [`Nullable::Absent`] through the field's `default`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NullableVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for NullableVisitor<T> {
            type Value = Nullable<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or a value")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Nullable::Null)
            }
            // Buffered content (a struct with a flattened map) gives `null` as unit.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Nullable::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
                T::deserialize(deserializer).map(Nullable::Value)
            }
        }
        deserializer.deserialize_option(NullableVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    /// A struct shaped like a generated model.
    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    struct Model {
        #[serde(rename = "displayName", skip_serializing_if = "Nullable::is_absent")]
        display_name: Nullable<String>,
        #[serde(rename = "tags", skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<String>>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    #[test]
    fn absent_null_and_value_round_trip_each_key_once() {
        for body in [json!({}), json!({"displayName": null}), json!({"displayName": "Ann", "tags": null, "x": null})] {
            let model: Model = serde_json::from_value(body.clone()).unwrap();
            assert_eq!(serde_json::to_value(&model).unwrap(), body);
        }
        let model: Model = serde_json::from_value(json!({"displayName": null, "tags": ["a"]})).unwrap();
        assert_eq!(model.display_name, Nullable::Null);
        assert_eq!(model.tags.as_deref(), Some(&["a".to_owned()][..]));
        assert!(model.additional_properties.is_empty(), "a declared member never lands in the map");
        let text = serde_json::to_string(&Model { display_name: Nullable::Null, ..Model::default() }).unwrap();
        assert_eq!(text, r#"{"displayName":null}"#);
    }

    #[test]
    fn conversions_follow_option() {
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Absent);
        assert_eq!(Option::from(Nullable::Value(3)), Some(3));
        assert_eq!(Option::<i32>::from(Nullable::Null), None);
        let mut n = Nullable::Value(2);
        assert_eq!(n.as_ref().map(|v| v * 2), Nullable::Value(4));
        assert_eq!(*n.as_ref().unwrap(), 2);
        *n.value_mut().unwrap() += 1;
        assert_eq!(n.take(), Nullable::Value(3));
        assert!(n.is_absent());
    }
}
