//! The collection page the bench server returns: 100 items shaped like a typical entity
//! (strings, dates, numbers, enums, flags, a string collection, a polymorphic collection
//! of complex values), built from the field names of the docs' `staffMember` page.

use serde_json::{json, Value};

pub const ITEMS: usize = 100;

/// `{"@odata.context": ..., "value": [ITEMS entities]}` as bytes.
pub fn body() -> Vec<u8> {
    let items: Vec<Value> = (0..ITEMS).map(item).collect();
    let page = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#staffMembers",
        "value": items,
    });
    serde_json::to_vec(&page).expect("a JSON value serializes")
}

fn item(i: usize) -> Value {
    json!({
        "id": format!("{:08x}-91d3-4f08-a6e2-3c1b0d9f8e47", i),
        "displayName": format!("Member number {i}"),
        "userPrincipalName": format!("member{i}@contoso.example"),
        "jobTitle": if i % 3 == 0 { Value::Null } else { json!("Facilities Coordinator") },
        "createdDateTime": "2023-04-12T08:15:30.1234567Z",
        "hireDate": "2021-09-01",
        "preferredShiftStart": "08:30:00",
        "standardShiftLength": "PT7H30M",
        "employeeNumber": 100000 + i,
        "isExternal": i % 5 == 0,
        "weeklyHoursTarget": 37.5,
        "sourceAnchorId": "c1a4e7f0-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
        "status": "active",
        "workingDays": "monday,tuesday,wednesday,thursday,friday",
        "skills": ["first aid", "forklift", "scheduling"],
        "contactChannels": [
            {"@odata.type": "#microsoft.graph.emailContactChannel", "address": format!("member{i}@contoso.example")},
            {"@odata.type": "#microsoft.graph.phoneContactChannel", "number": "+1 555 0100"}
        ]
    })
}
