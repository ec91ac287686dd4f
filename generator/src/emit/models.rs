//! Model items: one struct or string enum per type, plus the polymorphic
//! enum of a referenced base type, following CONTRACT.md "Models".

use super::catalog::{all_derived, base_chain, Catalog};
use super::doc_text;
use super::docs::{self, DocBuilder};
use super::placeholders;
use super::features::Features;
use super::naming::{camel, ident, snake, NameScope};
use super::rust_types::TypeMapper;
use crate::diagnostics::{DiagnosticKind, Diagnostics};
use crate::schema::{DocLink, Primitive, Schema, Source, TypeDef, TypeKind, TypeRef, TypeTarget};
use proc_macro2::{Delimiter, Group, Ident, Literal, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// One field of a generated struct.
pub struct FieldSpec<'a> {
    pub wire: &'a str,
    pub ty: &'a TypeRef,
    pub description: &'a str,
    /// The links of the description (see [`DocBuilder::linked`]).
    pub links: &'a [DocLink],
    pub source: &'a Source,
    pub boxed: bool,
}

/// A struct in the model conventions: `odata_type` first, every field a
/// `Nullable` (absent, `null` or a value) with its wire name,
/// `additional_properties` last, and its `Serialize`/`Deserialize` through
/// `graphgen_runtime::model`, each item under `gate`. `what` names the
/// struct in diagnostics.
///
/// serde's derive is not used for models: with the flattened map it expands
/// to a field enum, two visitors and a flat-map serializer per struct, which
/// was most of the compile time of a crate made from the whole reference.
/// The `graphgen_runtime::model!` call written here lists each member once
/// (`"wireName" => field,`) and expands to the [`graphgen_runtime::model::Model`]
/// impl (a match arm to read each member, a call to write it); one generic
/// visitor in the runtime does the rest; the JSON is the same. Written out,
/// that impl was most of the text syn had to parse in a whole-reference
/// generation.
pub fn struct_tokens(
    name: &str,
    docs: TokenStream,
    gate: &TokenStream,
    fields: &[FieldSpec],
    mapper: &TypeMapper,
    what: &str,
    diags: &mut Diagnostics,
) -> TokenStream {
    // Field tokens go straight into the struct body: interpolated with
    // `#(...)*` each would be copied token by token.
    let mut rendered = quote! {
        /// The `@odata.type` of the value, e.g. `#microsoft.graph.user`.
        pub odata_type: Option<String>,
    };
    let mut members = MemberTable::new(name);
    members.push("@odata.type", &ident("odata_type"));
    for (f, name) in fields.iter().zip(field_names(fields)) {
        // Every struct already has `odata_type`; a docs row naming the same
        // wire member would be a second field for one key (serde drops it).
        let Some((field_name, changed)) = name else {
            diags.report(
                &f.source.file,
                f.source.line,
                DiagnosticKind::Duplicate,
                format!("`@odata.type` of `{what}` is listed as a property; it is the `odata_type` field every model has"),
            );
            continue;
        };
        if changed {
            diags.report(
                &f.source.file,
                f.source.line,
                DiagnosticKind::NameCollision,
                format!("`{}` of `{what}` would be field `{}` like another member; named `{field_name}`", f.wire, snake(f.wire)),
            );
        }
        let ty = mapper.value(f.ty, f.boxed).unwrap_or_else(|| {
            diags.report(
                &f.source.file,
                f.source.line,
                DiagnosticKind::UnknownType,
                format!("`{}` of `{what}` names an unknown type; generated as JSON value", f.wire),
            );
            if f.ty.collection {
                quote!(Vec<graphgen_runtime::serde_json::Value>)
            } else {
                quote!(graphgen_runtime::serde_json::Value)
            }
        });
        let field = ident(&field_name);
        // The description only: the item's docs cite the page, and a source
        // line per field would change with every line added above the
        // table, burying a real change in a regenerated diff.
        let doc = field_docs(f, mapper.catalog.reference_view.as_deref()).tokens();
        // Absent, `null` or a value (see CONTRACT.md "Models"): an update
        // says each in the type, and a decoded `null` encodes back as `null`.
        rendered.extend(quote! {
            #doc
            pub #field: graphgen_runtime::Nullable<#ty>,
        });
        members.push(f.wire, &field);
    }
    rendered.extend(quote! {
        /// Members the docs do not describe, kept as sent. A declared property is set,
        /// cleared (`Nullable::Null`) or left out through its own field, never here.
        pub additional_properties: graphgen_runtime::serde_json::Map<String, graphgen_runtime::serde_json::Value>,
    });
    let body = Group::new(Delimiter::Brace, rendered);
    let members = members.tokens();
    let name = ident(name);
    quote! {
        #gate
        #docs
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name #body
        #gate
        #members
    }
}

/// The `graphgen_runtime::model!` call of a struct: its members' wire names
/// and fields, one line each (see [`placeholders::macro_call_by_lines`]), so
/// a property added to a regenerated model is one added line.
struct MemberTable {
    name: String,
    entries: Vec<(String, Ident)>,
}

impl MemberTable {
    fn new(name: &str) -> Self {
        MemberTable { name: name.to_owned(), entries: Vec::new() }
    }

    fn push(&mut self, wire: &str, field: &Ident) {
        self.entries.push((wire.to_owned(), field.clone()));
    }

    fn tokens(self) -> TokenStream {
        let name = ident(&self.name);
        let mut lines = Vec::with_capacity(self.entries.len() + 3);
        lines.push(format!("{name} {{"));
        for (wire, field) in &self.entries {
            lines.push(format!("    {} => {field},", Literal::string(wire)));
        }
        lines.push("    _ => additional_properties,".to_owned());
        lines.push("}".to_owned());
        placeholders::macro_call_by_lines(quote!(graphgen_runtime::model), lines, || {
            let mut entries = TokenStream::new();
            for (wire, field) in &self.entries {
                entries.extend(quote!(#wire => #field,));
            }
            quote!(#name { #entries _ => additional_properties, })
        })
    }
}

/// A field's docs: the description with its links; an instance annotation
/// (`@microsoft.graph.conflictBehavior`) says it is one first.
fn field_docs(f: &FieldSpec, view: Option<&str>) -> DocBuilder {
    let mut doc = DocBuilder::new();
    if f.wire.starts_with('@') {
        doc.markdown(&format!(
            "Instance annotation `{}`: control information sent with an instance of the type (read or written as \
             the docs say), not one of its properties.",
            f.wire
        ));
    }
    doc.linked(f.description, f.links, &f.source.file, view);
    doc
}

/// The Rust name of each field of a model struct, and whether it had to
/// change to stay unique; `None` for a `@odata.type` row (every model has
/// that member as `odata_type`). One rule for the struct and for the
/// accessors of its polymorphic enum.
fn field_names(fields: &[FieldSpec]) -> Vec<Option<(String, bool)>> {
    let mut scope = NameScope::new();
    scope.reserve("odata_type");
    scope.reserve("additional_properties");
    fields.iter().map(|f| (f.wire != "@odata.type").then(|| scope.claim(&snake(f.wire)))).collect()
}

/// Everything in one type's file: the struct or enum, and the polymorphic
/// enum when the type has one.
pub fn type_file_items(
    schema: &Schema,
    catalog: &Catalog,
    features: &Features,
    t: &TypeDef,
    diags: &mut Diagnostics,
) -> TokenStream {
    let qn = t.qualified_name();
    let info = &catalog.types[&qn];
    let from = info.file_module();
    let mapper = TypeMapper::new(schema, catalog, &from);
    let mut doc = DocBuilder::new();
    doc.text(&t.description);
    doc.paragraph_break().line(format!("OData type: `{qn}`{}", if t.is_abstract { " (abstract)" } else { "" }));
    if let Some(base) = &t.base_type {
        doc.line(format!("Base type: `{base}` (its properties are included)."));
    }
    if let Some(url) = doc_text::reference_url(&t.source.file, catalog.reference_view.as_deref()) {
        doc.paragraph_break().line(format!("Reference: <{url}>"));
    }
    doc.source(&t.source, &t.merged_from);
    let docs = doc.tokens();
    let gate = features.type_gate(&qn).attr();
    let mut upload = TokenStream::new();
    let main = if t.kind == TypeKind::Enum {
        let tokens = enum_tokens(&info.rust_name, docs, t, diags);
        quote!(#gate #tokens)
    } else {
        let fields = inherited_fields(schema, catalog, t, diags);
        let session = super::upload_session::impl_tokens(&info.rust_name, &fields);
        if !session.is_empty() {
            upload = quote!(#gate #session);
        }
        struct_tokens(&info.rust_name, docs, &gate, &fields, &mapper, &qn, diags)
    };
    let any = match &info.any_name {
        Some(any_name) => {
            any_enum_tokens(schema, catalog, features, &mapper, t, any_name, diags)
        }
        None => TokenStream::new(),
    };
    quote! {
        #main
        #upload
        #any
    }
}

/// Own and inherited properties, base first. A property redeclared lower in
/// the chain is kept once, at its first position (the docs often repeat
/// inherited rows); a redeclaration with another type is reported.
fn inherited_fields<'a>(
    schema: &'a Schema,
    catalog: &Catalog,
    t: &'a TypeDef,
    diags: &mut Diagnostics,
) -> Vec<FieldSpec<'a>> {
    let qn = t.qualified_name();
    let mut seen: BTreeMap<&str, &TypeRef> = BTreeMap::new();
    let mut fields = Vec::new();
    for owner in base_chain(schema, t) {
        for p in &owner.properties {
            if let Some(first) = seen.get(p.name.as_str()) {
                if *first != &p.ty && owner.qualified_name() == qn {
                    diags.report(
                        &p.source.file,
                        p.source.line,
                        DiagnosticKind::TypeMismatch,
                        format!("`{}` of `{qn}` redeclares an inherited property with another type; the first declaration is used", p.name),
                    );
                }
                continue;
            }
            seen.insert(&p.name, &p.ty);
            fields.push(FieldSpec {
                wire: &p.name,
                ty: &p.ty,
                description: &p.description,
                links: &p.links,
                source: &p.source,
                boxed: catalog.boxed.contains(&(qn.clone(), p.name.clone())),
            });
        }
    }
    fields
}

/// A string enum per CONTRACT.md: known members plus `Other(String)`.
fn enum_tokens(name: &str, docs: TokenStream, t: &TypeDef, diags: &mut Diagnostics) -> TokenStream {
    let mut scope = NameScope::new();
    scope.reserve("Other");
    let mut seen_wire = BTreeMap::new();
    let mut variants = Vec::new();
    let qn = t.qualified_name();
    for m in &t.members {
        if seen_wire.insert(m.name.clone(), ()).is_some() {
            diags.report(
                &m.source.file,
                m.source.line,
                DiagnosticKind::Duplicate,
                format!("member `{}` of enum `{qn}` is listed twice; kept once", m.name),
            );
            continue;
        }
        let wanted = camel(&m.name);
        let (variant, changed) = scope.claim(&wanted);
        if changed {
            diags.report(
                &m.source.file,
                m.source.line,
                DiagnosticKind::NameCollision,
                format!("member `{}` of enum `{qn}` would be variant `{wanted}` like another member; named `{variant}`", m.name),
            );
        }
        let mut doc = DocBuilder::new();
        doc.text(&m.description);
        if let Some(v) = m.value {
            doc.paragraph_break().line(format!("Value: `{v}`"));
        }
        variants.push((ident(&variant), m.name.clone(), doc.tokens()));
    }
    let name = ident(name);
    let decls = variants.iter().map(|(v, _, doc)| quote!(#doc #v,));
    let as_str = variants.iter().map(|(v, wire, _)| quote!(Self::#v => #wire,));
    let from_wire = if variants.is_empty() {
        quote!(Self::Other(s.to_owned()))
    } else {
        let arms = variants.iter().map(|(v, wire, _)| quote!(#wire => Self::#v,));
        quote! {
            match s {
                #(#arms)*
                other => Self::Other(other.to_owned()),
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the SDK does not know, kept as sent.
            Other(String),
        }
        impl graphgen_runtime::StringEnum for #name {
            fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Other(s) => s,
                }
            }
            fn from_wire(s: &str) -> Self {
                #from_wire
            }
        }
        graphgen_runtime::impl_string_enum!(#name);
    }
}

/// One variant of a polymorphic enum: one derived type (or the base).
struct AnyVariant {
    ident: proc_macro2::Ident,
    /// The qualified type name.
    member: String,
    /// The type's path from the enum's module.
    path: TokenStream,
    /// The variant's `cfg` (a placeholder where the file collects them).
    gate: TokenStream,
    /// The same as tokens, for the `with_variant!` macro's body.
    gate_tokens: TokenStream,
}

/// The polymorphic enum of a base type: one boxed variant per type of the
/// hierarchy, the base itself first (it also takes values of unknown or
/// missing `@odata.type`, their `@odata.type` and extra members kept in the
/// base struct's `odata_type` and `additional_properties`, so they encode
/// again as they came). Serializing a derived variant adds its
/// `@odata.type` when the value has none, so the service can tell it apart.
///
/// Under cargo features a derived variant exists only where its type is
/// compiled (see [`Features::variant_gate`]); a value of a missing variant
/// takes the base variant like an unknown type. Enabling more features adds
/// variants, so the enum is `#[non_exhaustive]` (features stay additive for
/// code matching on it).
fn any_enum_tokens(
    schema: &Schema,
    catalog: &Catalog,
    features: &Features,
    mapper: &TypeMapper,
    t: &TypeDef,
    any_name: &str,
    diags: &mut Diagnostics,
) -> TokenStream {
    let qn = t.qualified_name();
    let gate = features.any_gate(&qn).attr();
    let mut scope = NameScope::new();
    let mut variants = Vec::new();
    for member in std::iter::once(qn.clone()).chain(all_derived(schema, &qn)) {
        let (Some(def), Some(path)) = (schema.types.get(&member), mapper.struct_path(&member)) else { continue };
        let wanted = catalog.types[&member].rust_name.clone();
        let (variant, changed) = scope.claim(&wanted);
        if changed {
            diags.report(
                &def.source.file,
                def.source.line,
                DiagnosticKind::NameCollision,
                format!("variant `{wanted}` of `{any_name}` (for `{member}`) collides with another type of the hierarchy; named `{variant}`"),
            );
        }
        let variant_gate = features.variant_gate(&qn, &member);
        variants.push(AnyVariant { ident: ident(&variant), member, path, gate: variant_gate.attr(), gate_tokens: variant_gate.attr_tokens() });
    }
    let name = ident(any_name);
    let base_variant = variants[0].ident.clone();
    let decls = variants.iter().map(|AnyVariant { ident: v, member, path, gate: vgate, .. }| {
        let doc = docs::line(format!(" `{member}`"));
        quote!(#doc #vgate #v(Box<#path>),)
    });
    let serialize_arms = variants.iter().enumerate().map(|(i, AnyVariant { ident: v, member, gate: vgate, .. })| {
        if i == 0 {
            quote!(Self::#v(value) => graphgen_runtime::serde::Serialize::serialize(value, serializer),)
        } else {
            let tag = format!("#{member}");
            quote!(#vgate Self::#v(value) => serialize_tagged(value, #tag, serializer),)
        }
    });
    let deserialize_arms = variants.iter().skip(1).map(|AnyVariant { ident: v, member, gate: vgate, .. }| {
        quote! {
            #vgate
            Some(#member) => graphgen_runtime::serde_json::from_value(value).map(|v| Self::#v(Box::new(v))),
        }
    });
    let from_impls = variants.iter().map(|AnyVariant { ident: v, path, gate: vgate, .. }| {
        quote! {
            #gate
            #vgate
            impl From<#path> for #name {
                fn from(value: #path) -> Self {
                    Self::#v(Box::new(value))
                }
            }
        }
    });
    let accessors = base_accessors(schema, catalog, mapper, t, &variants, any_name, diags);
    let mut doc = DocBuilder::new();
    doc.markdown(&format!(
        "A `{qn}` or any type derived from it, told apart by `@odata.type` (unknown or missing: `{}`).",
        variants[0].ident
    ));
    doc.markdown(&format!(
        "What `{qn}` declares is read without a `match`: one method per property of the base type \
         (`value.{}()`), whichever variant holds the value; the variant keeps the derived type's own properties.",
        accessors.example.as_deref().unwrap_or("odata_type")
    ));
    let doc = doc.tokens();
    let Accessors { macro_def, methods: accessors, .. } = accessors;
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
        }
        #gate
        impl graphgen_runtime::serde::Serialize for #name {
            fn serialize<S: graphgen_runtime::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                /// Serializes a derived value with its `@odata.type` added when missing.
                /// Unused when the enabled features leave no derived variant.
                #[allow(dead_code)]
                fn serialize_tagged<T: graphgen_runtime::serde::Serialize, S: graphgen_runtime::serde::Serializer>(
                    value: &T,
                    odata_type: &str,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    let mut json = graphgen_runtime::serde_json::to_value(value)
                        .map_err(<S::Error as graphgen_runtime::serde::ser::Error>::custom)?;
                    if let graphgen_runtime::serde_json::Value::Object(members) = &mut json {
                        members
                            .entry("@odata.type")
                            .or_insert_with(|| graphgen_runtime::serde_json::Value::String(odata_type.to_owned()));
                    }
                    graphgen_runtime::serde::Serialize::serialize(&json, serializer)
                }
                match self {
                    #(#serialize_arms)*
                }
            }
        }
        #gate
        impl<'de> graphgen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: graphgen_runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <graphgen_runtime::serde_json::Value as graphgen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                // Owned, so `value` can be moved into the chosen variant.
                let odata_type = graphgen_runtime::odata_type_of(&value).map(str::to_owned);
                let decoded = match odata_type.as_deref() {
                    #(#deserialize_arms)*
                    _ => graphgen_runtime::serde_json::from_value(value).map(|v| Self::#base_variant(Box::new(v))),
                };
                decoded.map_err(<D::Error as graphgen_runtime::serde::de::Error>::custom)
            }
        }
        #gate
        #macro_def
        #gate
        impl #name {
            #accessors
        }
        #gate
        impl Default for #name {
            fn default() -> Self {
                Self::#base_variant(Box::default())
            }
        }
        #(#from_impls)*
    }
}

/// The accessor methods of a polymorphic enum (and the macro they use),
/// and one of their names for its docs.
struct Accessors {
    /// Items before the enum's `impl`: the `with_variant!` macro.
    macro_def: TokenStream,
    /// Methods inside the `impl`.
    methods: TokenStream,
    example: Option<String>,
}

/// Names of the trait methods and associated functions every enum has (or
/// that callers reach for: `AnyMessage::from(message)`, `to_string`): an
/// accessor with such a name would shadow them, so it takes a trailing `_`
/// (`from_()`), as Rust writes names it cannot use as they are.
const TRAIT_METHODS: &[&str] =
    &["clone", "clone_from", "eq", "ne", "fmt", "hash", "serialize", "deserialize", "default", "into", "from", "to_owned", "to_string", "borrow", "type_id"];

/// One read accessor per property of the base type (its own and inherited),
/// plus `odata_type()`, on the polymorphic enum: `Option<&str>` for text,
/// `Option<&[T]>` for collections, `Option<T>` for numbers and booleans,
/// `Option<&T>` otherwise (boxing is not seen); null and absent read as `None`.
///
/// Each accessor is a `match` with an arm per variant, so the compiler's
/// work grows with properties times variants; the text does not: the arms
/// are written once, in a file-local `with_variant!` macro, and each
/// accessor is one line (`with_variant!(self, v => v.subject.as_deref())`).
/// Accessors are `#[inline]`: machine code is made only for those an
/// application calls. There are no `_mut` twins (a caller that writes
/// matches on the variant).
fn base_accessors(
    schema: &Schema,
    catalog: &Catalog,
    mapper: &TypeMapper,
    base: &TypeDef,
    variants: &[AnyVariant],
    any_name: &str,
    diags: &mut Diagnostics,
) -> Accessors {
    // Diagnostics about the fields themselves are each struct's own.
    let mut scratch = Diagnostics::default();
    // wire name -> (field name, boxed), per variant.
    let layouts: Vec<BTreeMap<String, (String, bool)>> = variants
        .iter()
        .map(|AnyVariant { member, .. }| {
            let Some(def) = schema.types.get(member) else { return BTreeMap::new() };
            let fields = inherited_fields(schema, catalog, def, &mut scratch);
            fields
                .iter()
                .zip(field_names(&fields))
                .filter_map(|(f, name)| Some((f.wire.to_owned(), (name?.0, f.boxed))))
                .collect()
        })
        .collect();
    let name = ident(any_name);
    // A macro body is printed as token text: the gates' own tokens.
    let macro_arms = variants.iter().map(|AnyVariant { ident: v, gate_tokens, .. }| quote!(#gate_tokens #name::#v($v) => $e,));
    let macro_def = quote! {
        /// `$e` with `$v` bound to the value of whichever variant `$self` is.
        macro_rules! with_variant {
            ($self:expr, $v:ident => $e:expr) => {
                match $self {
                    #(#macro_arms)*
                }
            };
        }
    };
    let mut scope = NameScope::new();
    scope.reserve("odata_type");
    let mut methods = quote! {
        /// The `@odata.type` the value carries, if any.
        #[inline]
        pub fn odata_type(&self) -> Option<&str> {
            with_variant!(self, v => v.odata_type.as_deref())
        }
    };
    let mut example = None;
    let base_fields = inherited_fields(schema, catalog, base, &mut scratch);
    for (f, name) in base_fields.iter().zip(field_names(&base_fields)) {
        let Some((field_name, _)) = name else { continue };
        let Some(element) = mapper.element(&f.ty.target) else { continue };
        // Every variant has the field under one name (derived structs start
        // with their base's fields); otherwise the property gets no accessor.
        let Some(per_variant) = layouts.iter().map(|l| l.get(f.wire)).collect::<Option<Vec<_>>>() else { continue };
        if per_variant.iter().any(|(n, _)| *n != field_name) {
            continue;
        }
        let field = ident(&field_name);
        let text = f.ty.target == TypeTarget::Primitive(Primitive::String);
        let boxed = per_variant.iter().filter(|(_, b)| *b).count();
        // `as_deref` reads text as `&str`, a collection as a slice, and
        // unboxes; any other value is read as it is.
        let copied = matches!(
            f.ty.target,
            TypeTarget::Primitive(
                Primitive::Boolean
                    | Primitive::Byte
                    | Primitive::SByte
                    | Primitive::Int16
                    | Primitive::Int32
                    | Primitive::Int64
                    | Primitive::Single
                    | Primitive::Double
                    | Primitive::Decimal
            )
        );
        let (ty, body) = if copied && !f.ty.collection {
            // Numbers and booleans by value.
            (quote!(Option<#element>), quote!(with_variant!(self, v => v.#field.value().copied())))
        } else if f.ty.collection {
            (quote!(Option<&[#element]>), quote!(with_variant!(self, v => v.#field.as_deref())))
        } else if text || boxed == per_variant.len() {
            let ty = if text { quote!(Option<&str>) } else { quote!(Option<&#element>) };
            (ty, quote!(with_variant!(self, v => v.#field.as_deref())))
        } else if boxed == 0 {
            (quote!(Option<&#element>), quote!(with_variant!(self, v => v.#field.value())))
        } else {
            // Boxed in some variants only (a cycle through some derived types).
            let arms = variants.iter().zip(&per_variant).map(|(AnyVariant { ident: v, gate: vgate, .. }, (_, boxed))| {
                let read = if *boxed { quote!(as_deref) } else { quote!(value) };
                quote!(#vgate Self::#v(v) => v.#field.#read(),)
            });
            (quote!(Option<&#element>), quote!(match self { #(#arms)* }))
        };
        let wanted = if TRAIT_METHODS.contains(&field_name.as_str()) { format!("{field_name}_") } else { field_name.clone() };
        let (method, changed) = scope.claim(&wanted);
        if changed {
            diags.report(
                &f.source.file,
                f.source.line,
                DiagnosticKind::NameCollision,
                format!("the accessor of `{}` on `{any_name}` would be method `{wanted}` like another; named `{method}`", f.wire),
            );
        }
        example.get_or_insert_with(|| method.clone());
        let doc = docs::line(format!(" `{}`, whichever variant holds the value (null and absent read as `None`).", f.wire));
        let method = ident(&method);
        methods.extend(quote! {
            #doc
            #[inline]
            pub fn #method(&self) -> #ty {
                #body
            }
        });
    }
    Accessors { macro_def, methods, example }
}
