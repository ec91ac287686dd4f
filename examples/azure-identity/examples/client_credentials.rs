//! An app registration signs in as itself with a client secret (client credentials flow)
//! and reads the tenant's organization. Set `TENANT_ID`, `CLIENT_ID`, `CLIENT_SECRET`:
//!
//! ```sh
//! TENANT_ID=contoso.onmicrosoft.com CLIENT_ID=... CLIENT_SECRET=... \
//!   cargo run -p azure-identity-example --example client_credentials
//! ```

use azure_identity_example::{auth_error, graph_client, whoami};
use graphgen_runtime::azure::azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use graphgen_runtime::azure::client_options;
use graphgen_runtime::ReqwestTransport;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tenant = std::env::var("TENANT_ID")?;
    let client_id = std::env::var("CLIENT_ID")?;
    let secret = std::env::var("CLIENT_SECRET")?;

    // The credential's token requests go through the same HTTP stack as Graph's.
    let options = ClientSecretCredentialOptions { client_options: client_options(ReqwestTransport::new()?) };
    let credential = ClientSecretCredential::new(&tenant, client_id, secret.into(), Some(options)).map_err(auth_error)?;
    // `.default`: the application permissions granted to the app registration.
    let client = graph_client(credential, &["https://graph.microsoft.com/.default"], None)?;

    let organization = whoami(&client, "organization").await?;
    println!("{organization:#}");
    Ok(())
}
