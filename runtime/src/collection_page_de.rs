//! `Deserialize` for [`CollectionPage`], by hand for speed.
//!
//! The derived impl with `#[serde(flatten)]` first buffers the whole page (every item)
//! into serde's internal `Content` tree and then decodes the items from that tree. This
//! visitor reads the known members straight from the input and only the other members
//! (usually just `@odata.context`) into `additional_properties`. Accepted input and
//! results are the same as the derived impl's: members in any order, each optional,
//! a repeated known member is an error, unknown members are kept.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::response::CollectionPage;

const VALUE: &str = "value";
const NEXT_LINK: &str = "@odata.nextLink";
const DELTA_LINK: &str = "@odata.deltaLink";
const COUNT: &str = "@odata.count";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for CollectionPage<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = CollectionPage<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a collection page object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut value: Option<Vec<T>> = None;
        let mut next_link: Option<Option<String>> = None;
        let mut delta_link: Option<Option<String>> = None;
        let mut count: Option<Option<i64>> = None;
        let mut additional_properties = Map::new();
        // Owned keys: a JSON key with escapes cannot be borrowed from the input.
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                VALUE => set_once(&mut value, VALUE, map.next_value()?)?,
                NEXT_LINK => set_once(&mut next_link, NEXT_LINK, map.next_value()?)?,
                DELTA_LINK => set_once(&mut delta_link, DELTA_LINK, map.next_value()?)?,
                COUNT => set_once(&mut count, COUNT, map.next_value()?)?,
                _ => {
                    let member: Value = map.next_value()?;
                    additional_properties.insert(key, member);
                }
            }
        }
        Ok(CollectionPage {
            value: value.unwrap_or_default(),
            next_link: next_link.flatten(),
            delta_link: delta_link.flatten(),
            count: count.flatten(),
            additional_properties,
        })
    }
}

fn set_once<V, E: serde::de::Error>(slot: &mut Option<V>, name: &'static str, value: V) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_member_in_any_order_and_keeps_unknown_ones() {
        let body = r#"{"@odata.nextLink":"https://x/next","extra":{"a":[1]},"value":[{"k":1}],"@odata.count":7,"@odata.context":"ctx"}"#;
        let page: CollectionPage<Value> = serde_json::from_str(body).unwrap();
        assert_eq!(page.value, vec![serde_json::json!({"k": 1})]);
        assert_eq!(page.next_link.as_deref(), Some("https://x/next"));
        assert_eq!(page.count, Some(7));
        assert_eq!(page.delta_link, None);
        assert_eq!(page.additional_properties.len(), 2);
        assert_eq!(page.additional_properties["extra"], serde_json::json!({"a": [1]}));
        // Same JSON back, members and values alike.
        assert_eq!(serde_json::to_value(&page).unwrap(), serde_json::from_str::<Value>(body).unwrap());
    }

    #[test]
    fn missing_and_null_members_are_absent() {
        let page: CollectionPage<i32> = serde_json::from_str(r#"{"@odata.nextLink":null,"@odata.count":null}"#).unwrap();
        assert_eq!(page, CollectionPage::default());
        let page: CollectionPage<i32> = serde_json::from_str("{}").unwrap();
        assert_eq!(page, CollectionPage::default());
    }

    #[test]
    fn wrong_shapes_and_repeated_members_are_errors() {
        for bad in [r#"{"value":null}"#, r#"{"value":[1],"value":[2]}"#, r#"{"value":["x"]}"#, "[1,2]", r#"{"@odata.count":"3"}"#] {
            assert!(serde_json::from_str::<CollectionPage<i32>>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decodes_from_a_value_too() {
        let page: CollectionPage<i32> = serde_json::from_value(serde_json::json!({"value": [1, 2], "x": true})).unwrap();
        assert_eq!((page.value, page.additional_properties["x"].clone()), (vec![1, 2], Value::Bool(true)));
    }
}
