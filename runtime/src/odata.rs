//! Small helpers for OData annotations in JSON payloads.

use serde_json::Value;

/// The `@odata.type` of a JSON object without its leading `#`
/// (`{"@odata.type": "#microsoft.graph.user"}` gives `microsoft.graph.user`).
pub fn odata_type_of(value: &Value) -> Option<&str> {
    let t = value.get("@odata.type")?.as_str()?;
    Some(t.strip_prefix('#').unwrap_or(t))
}

/// The payload of OData's envelope for a single primitive or enum value:
/// Graph answers a function returning `Edm.String` with
/// `{"@odata.context": "...$metadata#Edm.String", "value": "x"}`. Only an
/// object whose members are `value` and `@odata.` control information is one;
/// anything else (an entity with a `value` property among others) is not.
pub(crate) fn primitive_envelope(value: &Value) -> Option<&Value> {
    let obj = value.as_object()?;
    let payload = obj.get("value")?;
    let only_control = obj.keys().all(|k| k == "value" || k.starts_with("@odata."));
    (only_control && !payload.is_object()).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn primitive_envelopes_only() {
        assert_eq!(primitive_envelope(&json!({"value": true})), Some(&json!(true)));
        assert_eq!(primitive_envelope(&json!({"@odata.context": "c", "value": "x"})), Some(&json!("x")));
        assert_eq!(primitive_envelope(&json!({"value": "x", "id": "1"})), None);
        assert_eq!(primitive_envelope(&json!({"value": {"a": 1}})), None);
        assert_eq!(primitive_envelope(&json!({"a": 1})), None);
        assert_eq!(primitive_envelope(&json!("x")), None);
    }

    #[test]
    fn reads_and_strips_hash() {
        assert_eq!(odata_type_of(&json!({"@odata.type": "#microsoft.graph.user"})), Some("microsoft.graph.user"));
        assert_eq!(odata_type_of(&json!({"@odata.type": "microsoft.graph.group"})), Some("microsoft.graph.group"));
        assert_eq!(odata_type_of(&json!({"@odata.type": 1})), None);
        assert_eq!(odata_type_of(&json!({})), None);
        assert_eq!(odata_type_of(&json!("x")), None);
    }
}
