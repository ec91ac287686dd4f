//! What this application calls. `build.rs` generates exactly these
//! operations (and the types they need); the tests read the same list to
//! check that nothing else was generated.

/// Operations by page id or by `METHOD /path`, the two forms
/// `graphgen::Builder::operations` accepts.
pub const OPERATIONS: &[&str] = &[
    // The Autopilot import action, by the id of its docs page.
    "intune-enrollment-importedwindowsautopilotdeviceidentity-import",
    // Listing staff members, by its HTTP request line.
    "GET /staffMembers",
];
