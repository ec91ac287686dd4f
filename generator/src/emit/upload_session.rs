//! The hook from generated models to the runtime's resumable uploader.
//!
//! The docs describe large-file uploads the same way wherever they offer
//! them (drive items, attachments, print documents): a `createUploadSession`
//! action returns a value with a string `uploadUrl` and a string collection
//! `nextExpectedRanges`. A model of that shape, whatever its name, implements
//! `graphgen_runtime::upload::AsUploadSession`, so the request builder of
//! every operation returning it offers `.upload(source)` (runtime/CONTRACT.md),
//! and the operation's docs say so.

use super::catalog::base_chain;
use super::models::FieldSpec;
use super::naming::ident;
use crate::schema::{Operation, Primitive, Schema, TypeRef, TypeTarget};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether members `(wire name, type)` have the upload session shape.
fn has_shape<'a>(members: impl Iterator<Item = (&'a str, &'a TypeRef)> + Clone) -> bool {
    let has = |wire: &str, collection: bool| {
        members.clone().any(|(name, ty)| {
            name == wire && ty.collection == collection && ty.target == TypeTarget::Primitive(Primitive::String)
        })
    };
    has("uploadUrl", false) && has("nextExpectedRanges", true)
}

/// `impl AsUploadSession` for the struct `name` when its fields have the
/// upload session shape; nothing otherwise.
pub(crate) fn impl_tokens(name: &str, fields: &[FieldSpec]) -> TokenStream {
    if !has_shape(fields.iter().map(|f| (f.wire, f.ty))) {
        return TokenStream::new();
    }
    let name = ident(name);
    quote! {
        /// An upload session: `.upload(source)` on the request that returns it sends a file in resumable ranges.
        impl graphgen_runtime::upload::AsUploadSession for #name {}
    }
}

/// The docs note of an operation that returns one upload session.
pub(crate) fn operation_note(schema: &Schema, op: &Operation) -> Option<&'static str> {
    let ty = op.response.ty.as_ref().filter(|t| !t.collection && !op.response.body_on_request)?;
    let TypeTarget::Named(qn) = &ty.target else { return None };
    let chain = base_chain(schema, schema.types.get(qn)?);
    has_shape(chain.iter().flat_map(|t| t.properties.iter().map(|p| (p.name.as_str(), &p.ty)))).then_some(
        "Returns an upload session: `.upload(source)` on this request creates it and sends the file in \
         resumable ranges, without the token (`graphgen_runtime::upload::Uploader`).",
    )
}
