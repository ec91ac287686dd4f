//! Issue 14, item 4, through the client generated from `docs/`: a `$ref` write given the
//! referenced object's id (the collection comes from the page's own example), or a
//! builder's path; and the paging loop an application writes, compiled as written.

use std::time::Duration;

use futures_util::TryStreamExt;
use graphgen_docs_sdk::runtime::{self, RetryPolicy, StaticToken};
use graphgen_docs_sdk::GraphClient;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> GraphClient {
    let retry = RetryPolicy::default().with_base_delay(Duration::from_millis(10));
    GraphClient::new(
        runtime::Client::builder()
            .token_provider(StaticToken::new("ref-test-token"))
            .base_url(&format!("{}/beta", server.uri()))
            .retry(retry)
            .build()
            .unwrap(),
    )
}

async fn sent_bodies(server: &MockServer) -> Vec<(String, String, Value)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned(), serde_json::from_slice(&r.body).unwrap()))
        .collect()
}

#[tokio::test]
async fn a_ref_write_takes_the_referenced_id_or_a_builder_path() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/beta/staffMembers/m-1/manager/$ref"))
        .respond_with(ResponseTemplate::new(204))
        .expect(3)
        .mount(&server)
        .await;
    let graph = client(&server);
    let manager_ref = graph.staff_members().by_id("m-1").manager().r#ref();

    // By id: `/staffMembers` is the collection the page's example references.
    manager_ref.put_by_id("boss/1?x").send().await.unwrap();
    // By a builder's path, under the same base.
    manager_ref.put(graph.staff_members().by_id("boss-2").path()).send().await.unwrap();
    // By URL, as before.
    manager_ref.put("https://graph.microsoft.com/beta/staffMembers/boss-3").send().await.unwrap();

    let base = format!("{}/beta", server.uri());
    let sent = sent_bodies(&server).await;
    let ids: Vec<&Value> = sent.iter().map(|(_, _, body)| &body["@odata.id"]).collect();
    assert_eq!(
        ids,
        [
            &json!(format!("{base}/staffMembers/boss%2F1%3Fx")),
            &json!(format!("{base}/staffMembers/boss-2")),
            &json!("https://graph.microsoft.com/beta/staffMembers/boss-3"),
        ]
    );
    for (_, _, body) in &sent {
        assert_eq!(body.as_object().unwrap().len(), 1, "a reference body is `@odata.id` alone: {body}");
    }
}

#[tokio::test]
async fn the_paging_loop_compiles_as_written() {
    let server = MockServer::start().await;
    let next = format!("{}/beta/staffMembers?$skiptoken=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "a"}], "@odata.nextLink": next})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/staffMembers"))
        .and(query_param("$skiptoken", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "b"}, {"id": "c"}]})))
        .mount(&server)
        .await;
    let graph = client(&server);

    // Items: no `pin_mut!`, no `Box::pin`.
    let mut stream = graph.staff_members().list().stream();
    let mut ids = Vec::new();
    while let Some(member) = stream.try_next().await.unwrap() {
        ids.push(member.id.unwrap());
    }
    assert_eq!(ids, ["a", "b", "c"]);

    // Pages, kept in a struct field of a named type.
    struct Reader {
        pages: runtime::Pages<graphgen_docs_sdk::models::StaffMember>,
    }
    let mut reader = Reader { pages: graph.staff_members().list().pages() };
    let mut sizes = Vec::new();
    while let Some(page) = reader.pages.try_next().await.unwrap() {
        sizes.push(page.value.len());
    }
    assert_eq!(sizes, [1, 2]);
}
