//! `Serialize` and `Deserialize` of generated model structs, through one generic visitor.
//!
//! A model is a flat JSON object: `@odata.type`, one member per declared property (each a
//! [`Nullable`](crate::Nullable), absent when missing) and any number of members the docs do
//! not describe, kept in `additional_properties`. Deriving that with serde costs a lot of
//! compile time per struct: `#[serde(flatten)]` makes the derive emit a field enum with a
//! buffered catch-all variant, a field visitor, a map visitor with one local per field and a
//! flat-map serializer, and a crate generated from the whole Graph reference has thousands
//! of such structs. Here the work is done once: a generated struct only lists its members
//! (one match arm to read each, one line to write each) in a [`Model`] impl, and
//! [`impl_model_serde!`](crate::impl_model_serde) forwards `Serialize` and `Deserialize` to
//! [`serialize_model`] and [`deserialize_model`].
//!
//! The JSON accepted and written is what the derived impl with `#[serde(default)]` and a
//! flattened map accepted and wrote: members in any order, each optional, a repeated declared
//! member is an error (`duplicate field`), members the struct does not declare are kept as
//! sent and written after the declared ones, an absent property is not written.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use crate::Nullable;

/// The members of a generated model struct, read and written one at a time.
///
/// Implemented by generated code (see CONTRACT.md "Models"); applications use the
/// struct's `Serialize` and `Deserialize`, which call these through [`deserialize_model`] and
/// [`serialize_model`].
pub trait Model: Default {
    /// Decodes the value of the member named `key` into its field ([`read`]), or into
    /// `additional_properties` when no field has that wire name ([`read_other`]).
    fn read_member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;

    /// Writes every member that is not absent ([`write`]), declared ones first, then
    /// `additional_properties` ([`write_other`]).
    fn write_members<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// A field of a model: it knows whether a value was read into it already.
pub trait Member {
    /// Not absent: a decoded object had this member (a second one is an error), and an
    /// encoded one writes it.
    fn is_present(&self) -> bool;
}

impl<T> Member for Nullable<T> {
    fn is_present(&self) -> bool {
        !self.is_absent()
    }
}

/// `odata_type`: `None` is not written.
impl<T> Member for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

/// Reads the value of member `key` into `field`; a member read twice is an error.
#[inline]
pub fn read<'de, A, T>(field: &mut T, key: &str, map: &mut A) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Member + Deserialize<'de>,
{
    if field.is_present() {
        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
    }
    *field = map.next_value()?;
    Ok(())
}

/// Keeps a member no field declares, as sent (a repeated one: the last value).
#[inline]
pub fn read_other<'de, A: MapAccess<'de>>(others: &mut Map<String, Value>, key: &str, map: &mut A) -> Result<(), A::Error> {
    let value: Value = map.next_value()?;
    others.insert(key.to_owned(), value);
    Ok(())
}

/// Writes member `key` unless `field` is absent.
#[inline]
pub fn write<M, T>(map: &mut M, key: &'static str, field: &T) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Member + Serialize,
{
    if field.is_present() {
        map.serialize_entry(key, field)?;
    }
    Ok(())
}

/// Writes the members kept in `additional_properties`.
#[inline]
pub fn write_other<M: SerializeMap>(map: &mut M, others: &Map<String, Value>) -> Result<(), M::Error> {
    others.iter().try_for_each(|(key, value)| map.serialize_entry(key, value))
}

/// `Deserialize` of a model: an object read member by member (`name` is the struct's, for
/// the "expected struct ..." message).
pub fn deserialize_model<'de, T: Model, D: Deserializer<'de>>(deserializer: D, name: &'static str) -> Result<T, D::Error> {
    deserializer.deserialize_map(ModelVisitor { name, model: PhantomData })
}

/// `Serialize` of a model: an object of its present members.
pub fn serialize_model<T: Model, S: Serializer>(model: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    model.write_members(&mut map)?;
    map.end()
}

struct ModelVisitor<T> {
    name: &'static str,
    model: PhantomData<fn() -> T>,
}

impl<'de, T: Model> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut model = T::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            model.read_member(key.as_str(), &mut map)?;
        }
        Ok(model)
    }
}

/// A member name, borrowed from the input when it can be (no escapes), so reading a
/// declared member allocates nothing for its name.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Serialize` and `Deserialize` for a model struct through its [`Model`] impl.
///
/// Everything is reached through `$crate`, so the calling crate needs no `serde` dependency.
#[macro_export]
macro_rules! impl_model_serde {
    ($ty:ident) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::serde::Serializer,
            {
                $crate::model::serialize_model(self, serializer)
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::serde::Deserializer<'de>,
            {
                $crate::model::deserialize_model(deserializer, ::core::stringify!($ty))
            }
        }
    };
}

/// Implements [`Model`], `Serialize` and `Deserialize` for a model struct from the table of
/// its members: each declared one as `"wireName" => field,`, then `_ => field` for the map of
/// the members it does not declare.
///
/// ```
/// # use graphgen_runtime::Nullable;
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Desk {
///     pub odata_type: Option<String>,
///     pub display_name: Nullable<String>,
///     pub additional_properties: graphgen_runtime::serde_json::Map<String, graphgen_runtime::serde_json::Value>,
/// }
/// graphgen_runtime::model! {
///     Desk {
///         "@odata.type" => odata_type,
///         "displayName" => display_name,
///         _ => additional_properties,
///     }
/// }
/// let desk: Desk = graphgen_runtime::serde_json::from_str(r#"{"displayName":"A","floor":2}"#).unwrap();
/// assert_eq!(desk.display_name, Nullable::Value("A".to_owned()));
/// assert_eq!(graphgen_runtime::serde_json::to_string(&desk).unwrap(), r#"{"displayName":"A","floor":2}"#);
/// ```
///
/// Generated code lists its members this way, one line each, rather than writing the impl
/// out: the generator then formats a table instead of two statements per member, which was
/// most of a whole-reference generation's time. The expansion is the impl a hand-written
/// [`Model`] would be (a match arm to read each member, a call to write it) and
/// [`impl_model_serde!`](crate::impl_model_serde).
#[macro_export]
macro_rules! model {
    ($ty:ident { $($wire:literal => $field:ident,)* _ => $others:ident $(,)? }) => {
        impl $crate::model::Model for $ty {
            fn read_member<'de, A: $crate::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                match key {
                    $($wire => $crate::model::read(&mut self.$field, key, map),)*
                    _ => $crate::model::read_other(&mut self.$others, key, map),
                }
            }
            fn write_members<M: $crate::serde::ser::SerializeMap>(&self, map: &mut M) -> ::core::result::Result<(), M::Error> {
                $($crate::model::write(map, $wire, &self.$field)?;)*
                $crate::model::write_other(map, &self.$others)
            }
        }
        $crate::impl_model_serde!($ty);
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A struct as graphgen emits it.
    #[derive(Debug, Default, PartialEq)]
    struct Desk {
        odata_type: Option<String>,
        display_name: Nullable<String>,
        tags: Nullable<Vec<String>>,
        floor: Nullable<i32>,
        additional_properties: Map<String, Value>,
    }

    crate::model! {
        Desk {
            "@odata.type" => odata_type,
            "displayName" => display_name,
            "tags" => tags,
            "floor" => floor,
            _ => additional_properties,
        }
    }

    /// The same struct with its `Model` impl written out, as the macro expands it.
    #[derive(Debug, Default, PartialEq)]
    struct HandDesk {
        odata_type: Option<String>,
        floor: Nullable<i32>,
        additional_properties: Map<String, Value>,
    }

    impl Model for HandDesk {
        fn read_member<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "@odata.type" => read(&mut self.odata_type, key, map),
                "floor" => read(&mut self.floor, key, map),
                _ => read_other(&mut self.additional_properties, key, map),
            }
        }
        fn write_members<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
            write(map, "@odata.type", &self.odata_type)?;
            write(map, "floor", &self.floor)?;
            write_other(map, &self.additional_properties)
        }
    }
    crate::impl_model_serde!(HandDesk);

    #[test]
    fn a_hand_written_impl_and_the_macro_agree() {
        let body = r##"{"floor":2,"displayName":"kept","@odata.type":"#x"}"##;
        let hand: HandDesk = serde_json::from_str(body).unwrap();
        let desk: Desk = serde_json::from_str(body).unwrap();
        assert_eq!(hand.additional_properties.len(), 1);
        assert_eq!(serde_json::to_value(&hand).unwrap(), serde_json::to_value(&desk).unwrap());
    }

    /// The derived impl this module stands in for, to compare against.
    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    struct DerivedDesk {
        #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
        odata_type: Option<String>,
        #[serde(rename = "displayName", skip_serializing_if = "Nullable::is_absent")]
        display_name: Nullable<String>,
        #[serde(rename = "tags", skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<String>>,
        #[serde(rename = "floor", skip_serializing_if = "Nullable::is_absent")]
        floor: Nullable<i32>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    const BODIES: &[&str] = &[
        "{}",
        r#"{"displayName":null}"#,
        r##"{"@odata.type":"#microsoft.graph.desk","floor":3,"displayName":"4.017","tags":["quiet"],"x":{"y":[1,null]}}"##,
        r#"{"tags":null,"z":null,"floor":-1,"a\"b":"escaped key","dis\u0070layName":"escaped declared key"}"#,
        r#"{"x":1,"x":2}"#,
    ];

    #[test]
    fn reads_and_writes_what_the_derived_impl_does() {
        for body in BODIES {
            let ours: Desk = serde_json::from_str(body).unwrap();
            let derived: DerivedDesk = serde_json::from_str(body).unwrap();
            let written = serde_json::to_string(&ours).unwrap();
            assert_eq!(written, serde_json::to_string(&derived).unwrap(), "{body}");
            // From a `Value` (owned keys) and back: the same struct.
            let from_value: Desk = serde_json::from_value(serde_json::from_str(body).unwrap()).unwrap();
            assert_eq!(from_value, ours, "{body}");
        }
    }

    #[test]
    fn a_decoded_body_encodes_back_member_for_member() {
        let body = json!({"displayName": null, "floor": 2, "extra": {"k": [true]}, "@odata.etag": "W/1"});
        let desk: Desk = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(desk.display_name, Nullable::Null);
        assert_eq!(desk.floor, Nullable::Value(2));
        assert!(desk.tags.is_absent());
        assert_eq!(desk.additional_properties.len(), 2, "declared members never land in the map");
        assert_eq!(serde_json::to_value(&desk).unwrap(), body);
    }

    #[test]
    fn wrong_shapes_and_repeated_declared_members_are_errors() {
        for bad in [r#"{"floor":1,"floor":2}"#, r#"{"floor":null,"floor":2}"#, r#"{"floor":"3"}"#, "[1]", "\"desk\"", r#"{"tags":[1]}"#] {
            let ours = serde_json::from_str::<Desk>(bad);
            assert!(ours.is_err(), "{bad}");
            assert!(serde_json::from_str::<DerivedDesk>(bad).is_err(), "the derived impl agrees on {bad}");
        }
        let err = serde_json::from_str::<Desk>(r#"{"floor":1,"floor":2}"#).unwrap_err().to_string();
        assert!(err.starts_with("duplicate field `floor`"), "{err}");
        let err = serde_json::from_str::<Desk>("[1]").unwrap_err().to_string();
        assert!(err.contains("expected struct Desk"), "{err}");
    }
}
