//! Type references to Rust types at a use site.
//!
//! Generated code never has `use` statements (an import unused under some
//! feature combination would be a warning): types are named by paths
//! relative to the module being written (`super::super::models::User`), so
//! the output also works when `include!`d inside a user's own module.

use super::catalog::Catalog;
use super::naming::ident;
use crate::schema::{Primitive, Schema, TypeKind, TypeRef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;

/// The path from module `from` to the item `name` of module `to` (both
/// module paths from the crate root).
pub fn relative_path(from: &[String], to: &[String], name: &str) -> TokenStream {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let supers = (common..from.len()).map(|_| quote!(super::));
    let downs = to[common..].iter().map(|m| {
        let m = ident(m);
        quote!(#m::)
    });
    let name = ident(name);
    quote!(#(#supers)* #(#downs)* #name)
}

pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String => quote!(String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        // A 32-bit float would change the digits the service sent
        // (4.666666666666667 comes back 4.6666665): every number is an f64.
        Primitive::Single | Primitive::Double | Primitive::Decimal => quote!(f64),
        Primitive::DateTimeOffset => quote!(graphgen_runtime::types::DateTimeOffset),
        Primitive::Date => quote!(graphgen_runtime::types::Date),
        Primitive::TimeOfDay => quote!(graphgen_runtime::types::TimeOfDay),
        Primitive::Duration => quote!(graphgen_runtime::types::Duration),
        Primitive::Guid => quote!(graphgen_runtime::uuid::Uuid),
        Primitive::Binary => quote!(graphgen_runtime::types::Binary),
        Primitive::Stream | Primitive::Json => quote!(graphgen_runtime::serde_json::Value),
    }
}

/// Resolves type references for code in one module.
pub struct TypeMapper<'a> {
    pub schema: &'a Schema,
    pub catalog: &'a Catalog,
    pub from: &'a [String],
}

impl<'a> TypeMapper<'a> {
    pub fn new(schema: &'a Schema, catalog: &'a Catalog, from: &'a [String]) -> Self {
        TypeMapper { schema, catalog, from }
    }

    /// The struct itself (never the polymorphic enum).
    pub fn struct_path(&self, qn: &str) -> Option<TokenStream> {
        let info = self.catalog.types.get(qn)?;
        Some(relative_path(self.from, &info.module, &info.rust_name))
    }

    /// One element of a reference: the polymorphic enum for a structured type
    /// with derived types, `Flags<E>` for a flags enum. `None` when the name is
    /// unknown (the caller reports it and uses `Value`).
    pub fn element(&self, target: &TypeTarget) -> Option<TokenStream> {
        match target {
            TypeTarget::Primitive(p) => Some(primitive(*p)),
            TypeTarget::Named(qn) => {
                let t = self.schema.types.get(qn)?;
                let info = self.catalog.types.get(qn)?;
                let name = info.any_name.as_deref().unwrap_or(&info.rust_name);
                let path = relative_path(self.from, &info.module, name);
                if t.kind == TypeKind::Enum && t.flags {
                    Some(quote!(graphgen_runtime::types::Flags<#path>))
                } else {
                    Some(path)
                }
            }
        }
    }

    /// The full value type (without the `Option` of a field): `Vec<T>` for
    /// collections, `Box<T>` when `boxed`.
    pub fn value(&self, r: &TypeRef, boxed: bool) -> Option<TokenStream> {
        let element = self.element(&r.target)?;
        Some(if r.collection {
            quote!(Vec<#element>)
        } else if boxed {
            quote!(Box<#element>)
        } else {
            element
        })
    }
}
