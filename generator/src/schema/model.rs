//! The intermediate schema: the one contract between the docs and the Rust.
//!
//! Everything the emitter knows comes from here, and everything here comes
//! from pages (each item carries the [`Source`] it was read from). The schema
//! is plain data, `serde`-serializable, and dumped by `graphgen schema` as
//! JSON; `docs/schema.md` documents the format field by field.
//!
//! Invariants the builder guarantees (and the emitter relies on):
//! - `Schema::types` is keyed by qualified name (`namespace.name`), so the
//!   order of everything is deterministic.
//! - every `TypeRef::Named` in a property, parameter, body or response names a
//!   key of `Schema::types`; references that could not be resolved were
//!   reported as diagnostics and degraded to `Primitive::Json`.
//! - a type's `properties` hold its own properties only; `base_type` chains
//!   are acyclic and name entity/complex types of the schema.
//! - `Operation::paths` is non-empty.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where something came from: a page path (relative to the docs root, `/`
/// separated) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

/// The whole API: every type and every operation read from one docs folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Schema {
    /// Keyed by qualified name, e.g. `microsoft.graph.user`.
    pub types: BTreeMap<String, TypeDef>,
    /// Sorted by `id`.
    pub operations: Vec<Operation>,
    /// The API version the docs describe (`beta`, `v1.0`), when known: the
    /// generated client's default (see [`crate::api_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeKind {
    /// Has a key, is addressable by URL (`keyProperty` or derives from one).
    Entity,
    /// A structured value without identity.
    Complex,
    /// A closed set of string members (open on the wire: unknown values are kept).
    Enum,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    /// Name as the docs spell it, e.g. `importedWindowsAutopilotDeviceIdentity`.
    pub name: String,
    /// e.g. `microsoft.graph` or `microsoft.graph.callRecords`.
    pub namespace: String,
    pub kind: TypeKind,
    pub description: String,
    /// Qualified name of the base type, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// Qualified names of types whose `base_type` is this one (direct only), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_types: Vec<String>,
    /// Name of the key property (`keyProperty` annotation), own or inherited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    /// `openType: true`: instances may carry properties not listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    /// Never instantiated itself (only through derived types).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// Own properties (not inherited), in docs order: Properties table first,
    /// then Relationships (navigation) table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// For enums: members in docs order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<EnumMember>,
    /// For enums: values combine as comma-separated flags.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flags: bool,
    /// The workloads (cargo features) the type belongs to: those of every
    /// page that describes it, sorted. Read from a schema dump, a single
    /// `workload` string (the form before merging) is accepted too.
    #[serde(alias = "workload", deserialize_with = "one_or_many")]
    pub workloads: Vec<String>,
    /// The type's own page (its title line): see `merge_types`.
    pub source: Source,
    /// The other pages that describe the type (their title lines), merged
    /// into it, in the order they were ranked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<Source>,
}

/// The description fields of a type (`type_descriptions!(t)`), or of an
/// operation (`operation_descriptions!(op)`), as `&String`, or as `&mut
/// String` with a trailing `mut`: one list of fields for both.
macro_rules! type_descriptions {
    ($t:expr $(, $m:ident)?) => {
        std::iter::once(&$($m)? $t.description)
            .chain((&$($m)? $t.properties).into_iter().map(|p| &$($m)? p.description))
            .chain((&$($m)? $t.members).into_iter().map(|m| &$($m)? m.description))
    };
}

macro_rules! operation_descriptions {
    ($op:expr $(, $m:ident)?) => {{
        let body = match &$($m)? $op.body {
            Some(RequestBody::Parameters { params }) => Some(params),
            _ => None,
        };
        std::iter::once(&$($m)? $op.description)
            .chain((&$($m)? $op.headers).into_iter().map(|h| &$($m)? h.description))
            .chain((&$($m)? $op.parameters).into_iter().chain(body.into_iter().flatten()).map(|p| &$($m)? p.description))
    }};
}

impl TypeDef {
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.namespace, self.name)
    }

    /// Its description and those of its properties and members.
    pub fn descriptions(&self) -> impl Iterator<Item = &String> {
        type_descriptions!(self)
    }

    pub fn descriptions_mut(&mut self) -> impl Iterator<Item = &mut String> {
        type_descriptions!(self, mut)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    /// JSON name, exactly as on the wire.
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub description: String,
    /// The links of the description cell, in order (their text is in `description`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<DocLink>,
    /// From a Relationships table: a navigation property.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub navigation: bool,
    pub source: Source,
}

impl Property {
    /// An instance annotation (`@microsoft.graph.conflictBehavior`, the
    /// rows of an "Instance attributes" table): control information that
    /// travels with an instance, not a property of its type.
    pub fn is_instance_annotation(&self) -> bool {
        self.name.starts_with('@')
    }
}

/// A link of a description: its visible text (which the description's plain
/// text contains) and its target as the page wrote it (`../resources/user.md`,
/// `/graph/auth-overview`, `https://...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLink {
    pub text: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    /// Wire value, e.g. `pending`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    pub description: String,
    pub source: Source,
}

/// A reference to a type: one primitive or named type, possibly a collection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRef {
    #[serde(flatten)]
    pub target: TypeTarget,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeTarget {
    Primitive(Primitive),
    /// Qualified name of a type in `Schema::types`.
    Named(String),
}

/// The Edm primitives Graph uses, and `Json` for untyped values (and for
/// references the docs left unresolvable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    /// GET of a collection.
    List,
    /// GET of a single item or singleton.
    Get,
    /// POST that creates an item in a collection.
    Create,
    /// PATCH (or PUT) of an item.
    Update,
    Delete,
    /// POST to a bound or unbound action (`.../import`).
    Action,
    /// GET of a bound or unbound function (`.../getX(period='{period}')`).
    Function,
    /// Anything else the page describes (e.g. PUT of content, `$value`, `$ref`).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    pub fn parse(s: &str) -> Option<HttpMethod> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            _ => return None,
        })
    }
}

/// What a page says of its query options as a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QueryOptionsSaid {
    /// Nothing specific ("supports the OData query parameters", or no section).
    #[default]
    Unstated,
    /// A statement, list or table names the supported options.
    Listed,
    /// "This method does not support OData query parameters."
    None,
}

impl QueryOptionsSaid {
    pub fn is_unstated(&self) -> bool {
        *self == QueryOptionsSaid::Unstated
    }

    /// Of two pages describing one endpoint, the one that says more.
    pub fn most_specific(self, other: QueryOptionsSaid) -> QueryOptionsSaid {
        match (self, other) {
            (QueryOptionsSaid::Listed, _) | (_, QueryOptionsSaid::Listed) => QueryOptionsSaid::Listed,
            (QueryOptionsSaid::None, _) | (_, QueryOptionsSaid::None) => QueryOptionsSaid::None,
            _ => QueryOptionsSaid::Unstated,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Stable id: the page's file stem, plus `#n` when one page yields several.
    pub id: String,
    /// The operation's own name: the action/function name for actions and
    /// functions (`import`), otherwise the page title (`List users`).
    pub name: String,
    pub kind: OperationKind,
    pub method: HttpMethod,
    pub description: String,
    /// Every path of the `## HTTP request` block, in docs order.
    pub paths: Vec<PathTemplate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// OData system query options the page says it supports, and those its
    /// example requests use, lowercase without `$` (e.g. `select`, `filter`,
    /// `top`); see [`super::query_options`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_options: Vec<String>,
    /// Whether the page lists its options, says it supports none, or says
    /// nothing specific (then the builder offers the kind's default,
    /// [`super::query_options::offered`]).
    #[serde(default, skip_serializing_if = "QueryOptionsSaid::is_unstated")]
    pub query_options_said: QueryOptionsSaid,
    /// Options the page says are not supported (`$skip isn't supported`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_options_unsupported: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderParam>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    /// A function's parameters, which travel in the URL
    /// (`f(name='value')`), never in a body. Empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    pub response: ResponseSpec,
    /// Shared, not copied: examples are most of an operation's size, and a
    /// regeneration ([`crate::incremental`]) clones and compares every
    /// operation; pointer-equal examples compare in one step. A `Vec`
    /// inside, so that the one owner of a list can take it back whole
    /// (merging pages moves their examples instead of copying them).
    #[serde(default, skip_serializing_if = "no_examples")]
    pub examples: Arc<Vec<Example>>,
    /// The workloads (cargo features) whose pages describe the operation,
    /// sorted: any of them enables it. Read from a schema dump, a single
    /// `workload` string (the form before merging) is accepted too.
    #[serde(alias = "workload", deserialize_with = "one_or_many")]
    pub workloads: Vec<String>,
    /// The primary page (its title line): see `merge_operations`.
    pub source: Source,
    /// The other pages that describe the same method on the same path (their
    /// title lines), merged into this operation, in the order they were ranked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<Source>,
}

impl Operation {
    /// Its description and those of its headers, function parameters and
    /// body parameters.
    pub fn descriptions(&self) -> impl Iterator<Item = &String> {
        operation_descriptions!(self)
    }

    pub fn descriptions_mut(&mut self) -> impl Iterator<Item = &mut String> {
        operation_descriptions!(self, mut)
    }

    /// Every type the operation names: request body, function parameters
    /// and response.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let resource = match &self.body {
            Some(RequestBody::Resource { ty }) => Some(ty),
            _ => None,
        };
        resource.into_iter().chain(self.parameter_tables().map(|p| &p.ty)).chain(self.response.ty.iter())
    }

    /// The parameter tables: the body's members, then the function's
    /// parameters.
    pub fn parameter_tables(&self) -> impl Iterator<Item = &Parameter> {
        let body = match &self.body {
            Some(RequestBody::Parameters { params }) => params.as_slice(),
            _ => &[],
        };
        body.iter().chain(&self.parameters)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathTemplate {
    /// The path as written, e.g. `/users/{id | userPrincipalName}/manager`.
    pub raw: String,
    pub segments: Vec<Segment>,
    pub source: Source,
}

/// One `/`-separated piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Segment {
    /// A fixed name: `users`, `deviceManagement`, `$value`, `$ref`, `import`.
    Literal { name: String },
    /// A key placeholder `{id}` or `{id | userPrincipalName}`: `params` lists
    /// the alternatives in docs order. Also the key of `entity('{id}')`,
    /// which is written as a `Literal` followed by a `Key` with `parens: true`.
    Key {
        params: Vec<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        parens: bool,
    },
    /// A function call segment: `getX(period='{period}', top=5)`.
    Function { name: String, args: Vec<FunctionArg> },
    /// A type-cast segment: `microsoft.graph.user`.
    Cast { type_name: String },
    /// OneDrive path addressing: `root:/{item-path}:` (the part between the colons).
    ItemPath { param: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionArg {
    pub name: String,
    /// `Some(param)` when the value is a placeholder `{param}`, `None` when literal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// The literal value when not a placeholder (as written, quotes removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal: Option<String>,
    /// Written inside single quotes (`k='{v}'`): a string on the wire.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub kind: PermissionKind,
    /// What the row applies to when the page has several permission
    /// tables (their headings: "Permissions for channel") or one row per
    /// resource ("event"); absent for a page's only table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// The least privileged scopes: the first of a "from least to most
    /// privileged" list, or the "Least privileged permissions" column.
    pub least: Vec<String>,
    /// The other scopes that also allow the call, least privileged first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub higher: Vec<String>,
    /// "Not supported." / "Not available.": no scope of this kind allows
    /// the call. Both lists empty without it: no scope is needed ("None.").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_supported: bool,
}

impl Permission {
    /// Every scope, least privileged first.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.least.iter().chain(&self.higher).map(String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PermissionKind {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderParam {
    pub name: String,
    pub description: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RequestBody {
    /// A parameter table (actions, and some creates): an object with these members.
    Parameters { params: Vec<Parameter> },
    /// "a JSON representation of [resource]": the body is that type.
    Resource {
        #[serde(rename = "type")]
        ty: TypeRef,
    },
    /// Raw bytes (e.g. uploading content).
    Binary,
    /// An entity reference, `{"@odata.id": "<url of the entity>"}`: what a
    /// write to a `$ref` path sends, whatever the page says of the
    /// referenced entity's type.
    Reference,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub description: String,
    /// The links of the description cell, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<DocLink>,
    pub required: bool,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseSpec {
    /// e.g. 200, 201, 204.
    pub status: u16,
    /// `None` when the response has no body (204) or the docs name none;
    /// with `body_on_request`, the type of the body sent only on request.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub ty: Option<TypeRef>,
    /// The body comes only when the request asks for it (`Prefer:
    /// return=representation`): `status` (204) has none, and the asked-for
    /// 2xx carries `ty`. The generated method returns `Option` of the type.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_on_request: bool,
}

/// A list written as a list, or as one string (a one-item list).
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

fn no_examples(examples: &Arc<Vec<Example>>) -> bool {
    examples.is_empty()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    pub direction: ExampleDirection,
    /// The annotation's `name`, when the example was annotated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Requests: method. Responses: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,
    /// Requests: the URL as written (absolute or relative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Responses: the status code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The JSON body, after safe repairs; `None` when there is no body or it
    /// could not be read (then a diagnostic says why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// The body text was present (parsed or not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_body: bool,
    /// Annotation says the example is shortened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Annotation's `@odata.type` (responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// Annotation's `isCollection` (responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_collection: Option<bool>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExampleDirection {
    Request,
    Response,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema dump written before pages were merged (`"workload": "x"`)
    /// still reads, as a one-item list; dumps write `workloads`.
    #[test]
    fn a_single_workload_string_reads_as_a_list() {
        let old = r#"{"name":"widget","namespace":"microsoft.graph","kind":"complex","description":"","workload":"widgets","source":{"file":"resources/widget.md","line":1}}"#;
        let t: TypeDef = serde_json::from_str(old).unwrap();
        assert_eq!((t.workloads.clone(), t.merged_from.len()), (vec!["widgets".to_owned()], 0));
        let written = serde_json::to_value(&t).unwrap();
        assert_eq!(written["workloads"], serde_json::json!(["widgets"]));
        assert!(written.get("workload").is_none() && written.get("mergedFrom").is_none());
        let again: TypeDef = serde_json::from_value(written).unwrap();
        assert_eq!(again, t);
    }
}
