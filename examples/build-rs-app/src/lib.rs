//! An application's own Graph SDK: only the operations listed in
//! `selection.rs`, generated from `docs/` by `build.rs` at build time.

include!(concat!(env!("OUT_DIR"), "/graphgen.rs"));

pub mod selection;

use models::ImportedWindowsAutopilotDeviceIdentity as Device;
use requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody as ImportBody;

/// A client for the Graph beta endpoint at `base_url` (e.g.
/// `https://graph.microsoft.com/beta`), authenticating with a fixed token.
pub fn client(base_url: &str, token: &str) -> Result<GraphClient, runtime::Error> {
    let client = runtime::Client::builder()
        .token_provider(runtime::StaticToken::new(token))
        .base_url(base_url)
        .build()?;
    Ok(GraphClient::new(client))
}

/// Register devices with Windows Autopilot in one call; returns the created
/// records, whose `state` tells how each import is going.
pub async fn import_devices(graph: &GraphClient, devices: Vec<Device>) -> Result<Vec<Device>, runtime::Error> {
    let body = ImportBody { imported_windows_autopilot_device_identities: devices.into(), ..ImportBody::default() };
    let page = graph.device_management().imported_windows_autopilot_device_identities().import(&body).send().await?;
    Ok(page.value)
}
