//! Query options per operation through the SDK generated from `docs/`: each
//! builder offers as typed methods the options its page lists (or the
//! default of its kind when the page names none), and every other option
//! through the raw `.query(name, value)`.

use graphgen_docs_sdk::runtime::{self, StaticToken};
use graphgen_docs_sdk::GraphClient;

fn graph() -> GraphClient {
    GraphClient::new(runtime::Client::builder().token_provider(StaticToken::new("t")).build().unwrap())
}

#[test]
fn builders_offer_the_options_their_pages_list() {
    let graph = graph();
    let desks = graph.workplace().buildings().by_id("b7").desks();
    // "supports `$filter`, `$select` and `$top` ... `$skip` isn't supported ... does not support `$search`".
    let list = desks.list();
    assert_eq!(list.typed_query_options(), ["$select", "$filter", "$top"]);
    // The typed methods compile on this builder; `$skip` goes through the escape hatch.
    let sent = list.filter("floor eq 3").select(["id", "displayName"]).top(5).query("$skip", "5").to_request().unwrap();
    assert_eq!(
        sent.url,
        "https://graph.microsoft.com/beta/workplace/buildings/b7/desks?$select=id,displayName&$filter=floor%20eq%203&$top=5&$skip=5"
    );
    // "This method does not support OData query parameters": no typed option at all.
    assert!(desks.by_id("d1").get().typed_query_options().is_empty());
    // A table of options (one row "Not supported.").
    let certifications = graph.me().staff_profile().certifications().list();
    assert_eq!(certifications.typed_query_options(), ["$select", "$filter", "$orderby"]);
    // A list whose page names none: every typed option; a write: none.
    let autopilot = graph.device_management().imported_windows_autopilot_device_identities();
    assert_eq!(autopilot.list().typed_query_options(), runtime::query::NAMES);
    assert!(desks.by_id("d1").delete().typed_query_options().is_empty());
}
