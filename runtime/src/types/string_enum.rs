//! String-valued enums with a catch-all variant, and the macro that gives them serde.

/// An enum whose values travel as JSON strings.
///
/// Generated enums keep unknown values in an `Other(String)` variant, so `from_wire` never
/// fails and a value the SDK does not know is written back exactly as it arrived.
pub trait StringEnum: Sized {
    /// The wire text of this value.
    fn as_str(&self) -> &str;
    /// The value for some wire text; unknown text becomes the catch-all variant.
    fn from_wire(s: &str) -> Self;
}

/// Implements `Serialize`, `Deserialize`, `Display`, `FromStr` (infallible) and `From<&str>`
/// for a type through its [`StringEnum`] impl.
///
/// Everything is reached through `$crate`, so the calling crate needs no `serde` dependency.
#[macro_export]
macro_rules! impl_string_enum {
    ($ty:ty) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::serde::Serializer,
            {
                serializer.serialize_str($crate::StringEnum::as_str(self))
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::serde::Deserializer<'de>,
            {
                $crate::types::deserialize_string_enum(deserializer)
            }
        }

        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::StringEnum::as_str(self))
            }
        }

        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<$ty as $crate::StringEnum>::from_wire(s))
            }
        }

        impl ::core::convert::From<&str> for $ty {
            fn from(s: &str) -> Self {
                <$ty as $crate::StringEnum>::from_wire(s)
            }
        }
    };
}

/// Reads any string into a [`StringEnum`]; used by [`impl_string_enum!`].
#[doc(hidden)]
pub fn deserialize_string_enum<'de, D, E>(deserializer: D) -> Result<E, D::Error>
where
    D: serde::Deserializer<'de>,
    E: StringEnum,
{
    struct EnumVisitor<E>(std::marker::PhantomData<E>);
    impl<E: StringEnum> serde::de::Visitor<'_> for EnumVisitor<E> {
        type Value = E;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an enum member name")
        }
        fn visit_str<Err: serde::de::Error>(self, v: &str) -> Result<E, Err> {
            Ok(E::from_wire(v))
        }
    }
    deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
}
