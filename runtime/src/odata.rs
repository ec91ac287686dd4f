//! Small helpers for OData annotations in JSON payloads.

use serde_json::Value;

/// The `@odata.type` of a JSON object without its leading `#`
/// (`{"@odata.type": "#microsoft.graph.user"}` gives `microsoft.graph.user`).
pub fn odata_type_of(value: &Value) -> Option<&str> {
    let t = value.get("@odata.type")?.as_str()?;
    Some(t.strip_prefix('#').unwrap_or(t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_strips_hash() {
        assert_eq!(odata_type_of(&json!({"@odata.type": "#microsoft.graph.user"})), Some("microsoft.graph.user"));
        assert_eq!(odata_type_of(&json!({"@odata.type": "microsoft.graph.group"})), Some("microsoft.graph.group"));
        assert_eq!(odata_type_of(&json!({"@odata.type": 1})), None);
        assert_eq!(odata_type_of(&json!({})), None);
        assert_eq!(odata_type_of(&json!("x")), None);
    }
}
