//! A small hand-built schema that exercises every emitter rule: entity with
//! a base chain, complex and enum types, a flags enum, primitive
//! collections, polymorphic properties and responses, a sub-namespace, a
//! function with arguments, an action with a parameter body, alternate
//! keys, keyword-named properties, name collisions and a duplicate operation.

#![allow(dead_code)]

use graphgen::emit::{EmitOptions, Layout};
use graphgen::schema::*;
use std::collections::BTreeMap;

const NS: &str = "microsoft.graph";

fn src(file: &str, line: u32) -> Source {
    Source { file: file.to_owned(), line }
}

pub fn prim(p: Primitive) -> TypeRef {
    TypeRef { target: TypeTarget::Primitive(p), collection: false }
}

pub fn named(qn: &str) -> TypeRef {
    TypeRef { target: TypeTarget::Named(qn.to_owned()), collection: false }
}

pub fn many(mut r: TypeRef) -> TypeRef {
    r.collection = true;
    r
}

pub fn prop(name: &str, ty: TypeRef, file: &str, line: u32) -> Property {
    Property { name: name.to_owned(), ty, description: format!("The {name}."), links: vec![], navigation: false, source: src(file, line) }
}

pub fn ty(namespace: &str, name: &str, kind: TypeKind, workload: &str, file: &str) -> TypeDef {
    TypeDef {
        name: name.to_owned(),
        namespace: namespace.to_owned(),
        kind,
        description: format!("Represents a {name}."),
        base_type: None,
        derived_types: vec![],
        key_property: None,
        open_type: false,
        is_abstract: false,
        properties: vec![],
        members: vec![],
        flags: false,
        workloads: vec![workload.to_owned()],
        source: src(file, 1),
        merged_from: vec![],
    }
}

fn member(name: &str, file: &str, line: u32) -> EnumMember {
    EnumMember { name: name.to_owned(), value: None, description: format!("Member {name}."), source: src(file, line) }
}

fn path(raw: &str, segments: Vec<Segment>, file: &str) -> PathTemplate {
    PathTemplate { raw: raw.to_owned(), segments, source: src(file, 20) }
}

fn lit(name: &str) -> Segment {
    Segment::Literal { name: name.to_owned() }
}

fn key(params: &[&str]) -> Segment {
    Segment::Key { params: params.iter().map(|p| p.to_string()).collect(), parens: false }
}

fn op(id: &str, name: &str, kind: OperationKind, method: HttpMethod, paths: Vec<PathTemplate>, workload: &str) -> Operation {
    Operation {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
        method,
        description: format!("Operation {id}."),
        paths,
        permissions: vec![
            Permission { kind: PermissionKind::DelegatedWork, scenario: None, least: vec!["Thing.ReadWrite.All".into()], higher: vec![], not_supported: false },
            Permission { kind: PermissionKind::DelegatedPersonal, scenario: None, least: vec![], higher: vec![], not_supported: true },
        ],
        query_options: vec![],
        query_options_said: Default::default(),
        query_options_unsupported: vec![],
        headers: vec![],
        body: None,
        parameters: vec![],
        response: ResponseSpec { status: 200, ty: None, body_on_request: false },
        examples: Default::default(),
        workloads: vec![workload.to_owned()],
        source: src(&format!("api/{id}.md"), 1),
        merged_from: vec![],
    }
}

pub const INTUNE: &str = "intune-enrollment";
pub const STAFF: &str = "staff";

pub fn schema() -> Schema {
    let mut types = BTreeMap::new();
    let mut add = |t: TypeDef| {
        types.insert(t.qualified_name(), t);
    };
    let q = |n: &str| format!("{NS}.{n}");

    let f = "resources/entity.md";
    let mut entity = ty(NS, "entity", TypeKind::Entity, "core", f);
    entity.key_property = Some("id".into());
    entity.is_abstract = true;
    entity.properties = vec![prop("id", prim(Primitive::String), f, 10)];
    entity.derived_types = vec![q("directoryItem"), q("importedWindowsAutopilotDeviceIdentity")];
    add(entity);

    let f = "resources/intune-enrollment-importedwindowsautopilotdeviceidentity.md";
    let mut device = ty(NS, "importedWindowsAutopilotDeviceIdentity", TypeKind::Entity, INTUNE, f);
    device.base_type = Some(q("entity"));
    device.properties = vec![
        prop("serialNumber", prim(Primitive::String), f, 10),
        prop("state", named(&q("importedWindowsAutopilotDeviceIdentityState")), f, 11),
        prop("importedDateTime", prim(Primitive::DateTimeOffset), f, 12),
        prop("hardwareIdentifier", prim(Primitive::Binary), f, 13),
        prop("importId", prim(Primitive::Guid), f, 14),
    ];
    add(device);

    let f = "resources/intune-enrollment-importedwindowsautopilotdeviceidentitystate.md";
    let mut state = ty(NS, "importedWindowsAutopilotDeviceIdentityState", TypeKind::Complex, INTUNE, f);
    state.properties = vec![
        prop("deviceImportStatus", named(&q("importedWindowsAutopilotDeviceIdentityImportStatus")), f, 10),
        prop("deviceErrorCode", prim(Primitive::Int32), f, 11),
    ];
    add(state);

    let f = "resources/intune-enrollment-importedwindowsautopilotdeviceidentityimportstatus.md";
    let mut status = ty(NS, "importedWindowsAutopilotDeviceIdentityImportStatus", TypeKind::Enum, INTUNE, f);
    status.members = ["unknown", "pending", "partial", "complete", "error"].iter().map(|m| member(m, f, 10)).collect();
    add(status);

    let f = "resources/directoryitem.md";
    let mut item = ty(NS, "directoryItem", TypeKind::Entity, STAFF, f);
    item.base_type = Some(q("entity"));
    item.is_abstract = true;
    item.properties = vec![prop("displayName", prim(Primitive::String), f, 10)];
    item.derived_types = vec![q("staffMember")];
    add(item);

    let f = "resources/staffmember.md";
    let mut staff = ty(NS, "staffMember", TypeKind::Entity, STAFF, f);
    staff.base_type = Some(q("directoryItem"));
    staff.properties = vec![
        prop("type", prim(Primitive::String), f, 10),
        prop("ref", prim(Primitive::String), f, 11),
        prop("fooBar", prim(Primitive::Int64), f, 12),
        prop("foo_bar", prim(Primitive::Int64), f, 13),
        prop("tags", many(prim(Primitive::String)), f, 14),
        prop("workDays", named(&q("workWeekDays")), f, 15),
        prop("status", named(&q("staffMemberStatus")), f, 16),
        prop("contactChannels", many(named(&q("contactChannel"))), f, 17),
        prop("mentorProfile", named(&q("mentorProfile")), f, 18),
        prop("hiredOn", prim(Primitive::Date), f, 19),
        prop("lunchBreak", prim(Primitive::Duration), f, 20),
        prop("1stBadge", prim(Primitive::String), f, 21),
        prop("extension", prim(Primitive::Json), f, 22),
        Property { navigation: true, ..prop("manager", named(&q("directoryItem")), f, 30) },
    ];
    add(staff);

    // A complex type that contains itself by value: must be boxed.
    let f = "resources/mentorprofile.md";
    let mut mentor = ty(NS, "mentorProfile", TypeKind::Complex, STAFF, f);
    mentor.properties =
        vec![prop("note", prim(Primitive::String), f, 10), prop("mentorsMentor", named(&q("mentorProfile")), f, 11)];
    add(mentor);

    let f = "resources/staffmemberstatus.md";
    let mut st = ty(NS, "staffMemberStatus", TypeKind::Enum, STAFF, f);
    st.members = vec![member("active", f, 10), member("Active", f, 11), member("onLeave", f, 12), member("active", f, 13)];
    add(st);

    let f = "resources/workweekdays.md";
    let mut days = ty(NS, "workWeekDays", TypeKind::Enum, STAFF, f);
    days.flags = true;
    days.members = ["monday", "tuesday", "self"].iter().map(|m| member(m, f, 10)).collect();
    add(days);

    let f = "resources/contactchannel.md";
    let mut channel = ty(NS, "contactChannel", TypeKind::Complex, STAFF, f);
    channel.is_abstract = true;
    // `from` would shadow `AnyContactChannel::from`: its accessor is `from_()`.
    channel.properties = vec![prop("label", prim(Primitive::String), f, 10), prop("from", prim(Primitive::String), f, 11)];
    channel.derived_types = vec![q("emailContactChannel"), q("phoneContactChannel")];
    add(channel);
    for (name, p) in [("emailContactChannel", "address"), ("phoneContactChannel", "number")] {
        let f = format!("resources/{}.md", name.to_lowercase());
        let mut t = ty(NS, name, TypeKind::Complex, STAFF, &f);
        t.base_type = Some(q("contactChannel"));
        t.properties = vec![prop(p, prim(Primitive::String), &f, 10)];
        add(t);
    }

    // A sub-namespace type that refers back to the primary namespace.
    let f = "resources/accesslogs-entryrecord.md";
    let mut entry = ty("microsoft.graph.accessLogs", "entryRecord", TypeKind::Complex, STAFF, f);
    entry.properties = vec![
        prop("holder", named(&q("contactChannel")), f, 10),
        prop("when", prim(Primitive::TimeOfDay), f, 11),
    ];
    add(entry);

    let f = "resources/deskusagetrend.md";
    let mut trend = ty(NS, "deskUsageTrend", TypeKind::Complex, "reports", f);
    trend.properties = vec![prop("occupancy", prim(Primitive::Double), f, 10)];
    add(trend);

    let dev_q = q("importedWindowsAutopilotDeviceIdentity");
    let coll = |p: &str| path(&format!("/deviceManagement/importedWindowsAutopilotDeviceIdentities{p}"), vec![], "");
    let with_segments = |mut t: PathTemplate, segs: Vec<Segment>, file: &str| {
        t.segments = segs;
        t.source = src(file, 20);
        t
    };
    let base = || vec![lit("deviceManagement"), lit("importedWindowsAutopilotDeviceIdentities")];
    let mut ops = Vec::new();

    let file = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-list.md";
    let mut list = op("intune-enrollment-importedwindowsautopilotdeviceidentity-list", "List", OperationKind::List, HttpMethod::Get, vec![with_segments(coll(""), base(), file)], INTUNE);
    list.query_options = vec!["select".into(), "top".into()];
    list.query_options_said = QueryOptionsSaid::Listed;
    list.response.ty = Some(many(named(&dev_q)));
    ops.push(list);

    let file = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-create.md";
    let mut create = op("intune-enrollment-importedwindowsautopilotdeviceidentity-create", "Create", OperationKind::Create, HttpMethod::Post, vec![with_segments(coll(""), base(), file)], INTUNE);
    create.body = Some(RequestBody::Resource { ty: named(&dev_q) });
    create.response = ResponseSpec { status: 201, ty: Some(named(&dev_q)), body_on_request: false };
    ops.push(create);

    let file = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-get.md";
    let mut item_path = base();
    item_path.push(key(&["importedWindowsAutopilotDeviceIdentityId"]));
    let mut get = op("intune-enrollment-importedwindowsautopilotdeviceidentity-get", "Get", OperationKind::Get, HttpMethod::Get, vec![with_segments(coll("/{importedWindowsAutopilotDeviceIdentityId}"), item_path.clone(), file)], INTUNE);
    get.response.ty = Some(named(&dev_q));
    get.headers = vec![HeaderParam { name: "Authorization".into(), description: "Bearer token.".into(), required: true }];
    ops.push(get);

    let file = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-delete.md";
    ops.push(op("intune-enrollment-importedwindowsautopilotdeviceidentity-delete", "Delete", OperationKind::Delete, HttpMethod::Delete, vec![with_segments(coll("/{importedWindowsAutopilotDeviceIdentityId}"), item_path, file)], INTUNE));

    let file = "api/intune-enrollment-importedwindowsautopilotdeviceidentity-import.md";
    let mut import_path = base();
    import_path.push(lit("import"));
    let mut import = op("intune-enrollment-importedwindowsautopilotdeviceidentity-import", "import", OperationKind::Action, HttpMethod::Post, vec![with_segments(coll("/import"), import_path, file)], INTUNE);
    import.body = Some(RequestBody::Parameters {
        params: vec![Parameter {
            name: "importedWindowsAutopilotDeviceIdentities".into(),
            ty: many(named(&dev_q)),
            description: "The devices to upload.".into(),
            links: vec![],
            required: true,
            source: src(file, 50),
        }],
    });
    import.response.ty = Some(many(named(&dev_q)));
    ops.push(import);

    let file = "api/reportroot-getdeskusagetrend.md";
    let function = Segment::Function {
        name: "getDeskUsageTrend".into(),
        args: vec![
            FunctionArg { name: "period".into(), param: Some("period".into()), literal: None, quoted: true },
            FunctionArg { name: "top".into(), param: Some("top".into()), literal: None, quoted: false },
            FunctionArg { name: "scope".into(), param: None, literal: Some("all".into()), quoted: true },
        ],
    };
    let mut trend_op = op("reportroot-getdeskusagetrend", "getDeskUsageTrend", OperationKind::Function, HttpMethod::Get, vec![with_segments(path("/reports/getDeskUsageTrend(period='{period}',top={top},scope='all')", vec![], ""), vec![lit("reports"), function], file)], "reports");
    trend_op.body = Some(RequestBody::Parameters {
        params: vec![
            Parameter { name: "period".into(), ty: prim(Primitive::String), description: "Period.".into(), links: vec![], required: true, source: src(file, 40) },
            Parameter { name: "top".into(), ty: prim(Primitive::Int32), description: "Top.".into(), links: vec![], required: true, source: src(file, 41) },
        ],
    });
    trend_op.response.ty = Some(many(named(&q("deskUsageTrend"))));
    ops.push(trend_op);

    let file = "api/staffmember-list.md";
    let mut staff_list = op("staffmember-list", "List staffMembers", OperationKind::List, HttpMethod::Get, vec![with_segments(path("/staffMembers", vec![], ""), vec![lit("staffMembers")], file)], STAFF);
    staff_list.response.ty = Some(many(named(&q("staffMember"))));
    ops.push(staff_list);

    // A second page describing the same request: kept out, reported.
    let file = "api/staffmember-list-again.md";
    let mut again = op("staffmember-list-again", "List staffMembers again", OperationKind::List, HttpMethod::Get, vec![with_segments(path("/staffMembers", vec![], ""), vec![lit("staffMembers")], file)], STAFF);
    again.response.ty = Some(many(named(&q("staffMember"))));
    ops.push(again);

    let file = "api/staffmember-get.md";
    let mut staff_get = op("staffmember-get", "Get staffMember", OperationKind::Get, HttpMethod::Get, vec![with_segments(path("/staffMembers/{id | userPrincipalName}", vec![], ""), vec![lit("staffMembers"), key(&["id", "userPrincipalName"])], file)], STAFF);
    staff_get.response.ty = Some(named(&q("staffMember")));
    ops.push(staff_get);

    let file = "api/staffmember-update.md";
    let mut update = op("staffmember-update", "Update staffMember", OperationKind::Update, HttpMethod::Patch, vec![with_segments(path("/staffMembers/{id}", vec![], ""), vec![lit("staffMembers"), key(&["id"])], file)], STAFF);
    update.body = Some(RequestBody::Resource { ty: named(&q("staffMember")) });
    update.response.ty = Some(named(&q("staffMember")));
    ops.push(update);

    let file = "api/staffmember-get-manager.md";
    let mut manager = op("staffmember-get-manager", "Get manager", OperationKind::Get, HttpMethod::Get, vec![with_segments(path("/staffMembers/{id}/manager", vec![], ""), vec![lit("staffMembers"), key(&["id"]), lit("manager")], file)], STAFF);
    manager.response.ty = Some(named(&q("directoryItem")));
    ops.push(manager);

    let file = "api/staffmember-get-photo.md";
    let mut photo = op("staffmember-get-photo", "Get photo", OperationKind::Other, HttpMethod::Get, vec![with_segments(path("/staffMembers/{id}/photo/$value", vec![], ""), vec![lit("staffMembers"), key(&["id"]), lit("photo"), lit("$value")], file)], STAFF);
    photo.response.ty = Some(prim(Primitive::Stream));
    ops.push(photo);

    let file = "api/staffmember-put-photo.md";
    let mut put_photo = op("staffmember-put-photo", "Update photo", OperationKind::Other, HttpMethod::Put, vec![with_segments(path("/staffMembers/{id}/photo/$value", vec![], ""), vec![lit("staffMembers"), key(&["id"]), lit("photo"), lit("$value")], file)], STAFF);
    put_photo.body = Some(RequestBody::Binary);
    ops.push(put_photo);

    let file = "api/accesslogs-entryrecord-list.md";
    let mut entries = op("accesslogs-entryrecord-list", "List entries", OperationKind::List, HttpMethod::Get, vec![with_segments(path("/accessLogs/entries", vec![], ""), vec![lit("accessLogs"), lit("entries")], file)], STAFF);
    entries.response.ty = Some(many(named("microsoft.graph.accessLogs.entryRecord")));
    ops.push(entries);

    ops.sort_by(|a, b| a.id.cmp(&b.id));
    Schema { types, operations: ops, api_version: None }
}

pub fn options(layout: Layout, features: bool, runtime_dependency: &str) -> EmitOptions {
    EmitOptions {
        crate_name: "emit-fixture-sdk".into(),
        runtime_dependency: runtime_dependency.into(),
        layout,
        features,
        feature_map: None,
    }
}
