//! Wire types and string enums as generated code uses them (through the re-exports only).

use graphgen_runtime::serde_json::{self, json, Map, Value};
use graphgen_runtime::types::{Binary, Date, DateTimeOffset, Duration, Flags, TimeOfDay};
use graphgen_runtime::StringEnum;

/// Shaped like an emitted enum (see CONTRACT.md).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportStatus {
    Unknown,
    Pending,
    Other(String),
}

impl graphgen_runtime::StringEnum for ImportStatus {
    fn as_str(&self) -> &str {
        match self {
            Self::Unknown => "unknown",
            Self::Pending => "pending",
            Self::Other(s) => s,
        }
    }
    fn from_wire(s: &str) -> Self {
        match s {
            "unknown" => Self::Unknown,
            "pending" => Self::Pending,
            other => Self::Other(other.to_owned()),
        }
    }
}
graphgen_runtime::impl_string_enum!(ImportStatus);

/// Shaped like an emitted model (see CONTRACT.md).
#[derive(Debug, Clone, Default, PartialEq, graphgen_runtime::serde::Serialize, graphgen_runtime::serde::Deserialize)]
#[serde(crate = "graphgen_runtime::serde", default)]
pub struct Device {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(rename = "importedDateTime", skip_serializing_if = "Option::is_none")]
    pub imported_date_time: Option<DateTimeOffset>,
    #[serde(rename = "status", skip_serializing_if = "Option::is_none")]
    pub status: Option<ImportStatus>,
    #[serde(rename = "modes", skip_serializing_if = "Option::is_none")]
    pub modes: Option<Flags<ImportStatus>>,
    #[serde(rename = "hash", skip_serializing_if = "Option::is_none")]
    pub hash: Option<Binary>,
    #[serde(rename = "birthday", skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Date>,
    #[serde(rename = "startTime", skip_serializing_if = "Option::is_none")]
    pub start_time: Option<TimeOfDay>,
    #[serde(rename = "timeout", skip_serializing_if = "Option::is_none")]
    pub timeout: Option<Duration>,
    #[serde(rename = "id", skip_serializing_if = "Option::is_none")]
    pub id: Option<graphgen_runtime::uuid::Uuid>,
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

#[test]
fn unknown_enum_values_are_kept() {
    let v: ImportStatus = serde_json::from_str("\"somethingNew\"").unwrap();
    assert_eq!(v, ImportStatus::Other("somethingNew".into()));
    assert_eq!(serde_json::to_string(&v).unwrap(), "\"somethingNew\"");
    assert_eq!(serde_json::from_str::<ImportStatus>("\"pending\"").unwrap(), ImportStatus::Pending);
    assert_eq!("unknown".parse::<ImportStatus>().unwrap(), ImportStatus::Unknown);
    assert_eq!(ImportStatus::from("pending").to_string(), "pending");
    assert!(serde_json::from_str::<ImportStatus>("3").is_err());
}

#[test]
fn flags_read_and_write_comma_lists() {
    let f: Flags<ImportStatus> = serde_json::from_str("\"pending, unknown,brandNew\"").unwrap();
    assert_eq!(*f, vec![ImportStatus::Pending, ImportStatus::Unknown, ImportStatus::Other("brandNew".into())]);
    assert_eq!(serde_json::to_string(&f).unwrap(), "\"pending,unknown,brandNew\"");
    assert!(f.contains_flag(&ImportStatus::Unknown));
    let empty: Flags<ImportStatus> = serde_json::from_str("\"\"").unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.to_string(), "");
}

#[test]
fn a_model_round_trips_byte_for_byte() {
    let text = json!({
        "@odata.type": "#microsoft.graph.device",
        "importedDateTime": "2016-12-02T19:14:41.1234567Z",
        "status": "somethingNew",
        "modes": "pending,unknown",
        "hash": "AAEC/w==",
        "birthday": "2000-02-29",
        "startTime": "08:00:00.0000000",
        "timeout": "P1DT2H0.5S",
        "id": "0b2d8c57-6f9e-4a5c-9d43-1b9a1d7f0e6a",
        "notInTheDocs": {"kept": [1, 2]},
        "explicitNull": null
    });
    let device: Device = serde_json::from_value(text.clone()).unwrap();
    assert_eq!(device.hash.as_deref(), Some(&[0u8, 1, 2, 255][..]));
    assert_eq!(device.status, Some(ImportStatus::Other("somethingNew".into())));
    assert_eq!(device.additional_properties.get("explicitNull"), Some(&Value::Null));
    assert_eq!(graphgen_runtime::odata_type_of(&text), Some("microsoft.graph.device"));
    assert_eq!(serde_json::to_value(&device).unwrap(), text);
    let compact = serde_json::to_string(&text).unwrap();
    let reparsed: Device = serde_json::from_str(&compact).unwrap();
    assert_eq!(reparsed, device);
}

#[test]
fn wire_values_that_are_invalid_are_errors_not_panics() {
    for (field, bad) in [
        ("importedDateTime", "yesterday"),
        ("birthday", "2001-02-29"),
        ("startTime", "25:00:00"),
        ("timeout", "1 hour"),
        ("hash", "not base64!"),
    ] {
        let err = serde_json::from_value::<Device>(json!({ field: bad })).unwrap_err();
        assert!(err.to_string().contains(bad), "{field}: {err}");
    }
}

#[test]
fn newtypes_expose_their_inner_values() {
    let dt: DateTimeOffset = "2024-03-01T12:00:00+01:00".parse().unwrap();
    assert_eq!(dt.into_inner().hour(), 12);
    let d = Date::from(graphgen_runtime::time::macros::date!(2024 - 03 - 01));
    assert_eq!(d.to_string(), "2024-03-01");
    let b = Binary::from(vec![1, 2, 3]);
    assert_eq!(b.len(), 3);
    assert_eq!(b.into_inner(), vec![1, 2, 3]);
    assert_eq!(ImportStatus::Pending.as_str(), "pending");
}
