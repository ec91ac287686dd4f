//! What the runtime-overhead bench stands on: a loopback HTTP server and the page it serves.

pub mod collection_page;
pub mod loopback_server;
