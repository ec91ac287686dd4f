//! What both examples share: a Graph client whose tokens come from an Azure Identity
//! credential, and the first request an application makes with it.
// The runtime's `Error` carries the whole Graph error; see the note in graphgen-runtime's lib.rs.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use graphgen_runtime::azure::azure_core::credentials::TokenCredential;
use graphgen_runtime::azure::AzureTokenProvider;
use graphgen_runtime::serde_json::Value;
use graphgen_runtime::{Client, Error, Json, Method, RequestBuilder};

/// A client for the global beta service (or `base_url`, for tests) with tokens from
/// `credential` for `scopes`.
pub fn graph_client(credential: Arc<dyn TokenCredential>, scopes: &[&str], base_url: Option<&str>) -> Result<Client, Error> {
    let mut builder = Client::builder().token_provider(AzureTokenProvider::with_scopes(credential, scopes.iter().copied()));
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build()
}

/// `GET /organization` (client credentials) or `GET /me` (a signed-in user), as JSON.
pub async fn whoami(client: &Client, segment: &'static str) -> Result<Value, Error> {
    RequestBuilder::<Json<Value>>::new(client, Method::GET, client.path().segment(segment)).send().await
}

/// An Azure credential error as the runtime's auth error (the credential crates say nothing
/// secret in theirs).
pub fn auth_error(error: graphgen_runtime::azure::azure_core::Error) -> Error {
    Error::Auth(Box::new(error))
}
