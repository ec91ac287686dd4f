//! A user signs in on another device (device code flow): the program prints where to go
//! and which code to enter, waits for the sign-in, then reads the user's profile. Set
//! `TENANT_ID` (or `organizations`) and `CLIENT_ID` of a public client app registration:
//!
//! ```sh
//! TENANT_ID=organizations CLIENT_ID=... cargo run -p azure-identity-example --example device_code
//! ```

use std::sync::Arc;

use azure_identity_example::{auth_error, graph_client, whoami};
use azure_identity_helpers::device_code_credential::{DeviceCodeCredential, DeviceCodeCredentialOptions};
use graphgen_runtime::azure::azure_core::http::Pipeline;
use graphgen_runtime::azure::client_options;
use graphgen_runtime::ReqwestTransport;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tenant = std::env::var("TENANT_ID")?;
    let client_id = std::env::var("CLIENT_ID")?;

    let mut options = DeviceCodeCredentialOptions::default();
    // Sign-in and token polling through the same HTTP stack as Graph's.
    options.pipeline = Some(Pipeline::new(None, None, client_options(ReqwestTransport::new()?), vec![], vec![], None));
    // "To sign in, use a web browser to open the page ... and enter the code ...".
    options.message_handler = Some(Arc::new(|message: &str| {
        println!("{message}");
        Box::pin(async {})
    }));
    let credential = DeviceCodeCredential::new(tenant, client_id, Some(options)).map_err(auth_error)?;
    // Delegated scopes: what the signed-in user consents to.
    let client = graph_client(credential, &["User.Read"], None)?;

    let me = whoami(&client, "me").await?;
    println!("signed in as {}", me["userPrincipalName"]);
    Ok(())
}
