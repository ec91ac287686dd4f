//! The six everyday jobs of issue 14, written as an application author
//! writes them against the SDK generated from the Graph beta reference
//! (workloads `users`, `outlook`, `groups`, `intune-enrollment`): no
//! `additional_properties`, no `match` to read what every variant shares.
//! A wiremock server replays the docs' own example responses (written to
//! `fixtures/` by `tests/six_jobs_corpus.rs`) and checks what was sent.

use futures_util::TryStreamExt;
use graph::models::{
    AnyMessage, AnyRecipient, BodyType, EmailAddress, ImportedWindowsAutopilotDeviceIdentity, ItemBody, Message, Recipient,
};
use graph::requests::device_management::ImportedWindowsAutopilotDeviceIdentitiesImportRequestBody as ImportDevices;
use graph::requests::groups::CreateGroupRequestBody as NewGroup;
use graph::requests::me::MeSendMailRequestBody as SendMail;
use graph::runtime::{self, Error, RetryPolicy, StaticToken};
use graph::GraphClient;
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A docs example response, as `six_jobs_corpus.rs` extracted it.
fn fixture(name: &str) -> Value {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&file).expect("fixture written by the corpus test")).unwrap()
}

fn graph(server: &MockServer) -> GraphClient {
    let client = runtime::Client::builder()
        .token_provider(StaticToken::new("six-jobs-token"))
        .base_url(&format!("{}/beta", server.uri()))
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    GraphClient::new(client)
}

/// Job 1: users with `$select`, `$filter`, `$top`, over every page.
async fn list_enabled_users(graph: &GraphClient) -> Result<Vec<String>, Error> {
    let mut users = graph
        .users()
        .list()
        .select(["id", "displayName", "mail"])
        .filter("accountEnabled eq true")
        .top(2)
        .stream();
    let mut names = Vec::new();
    while let Some(user) = users.try_next().await? {
        names.push(user.display_name.as_deref().unwrap_or("(no name)").to_owned());
    }
    Ok(names)
}

/// Job 2: subject and sender of my messages, without a `match`.
async fn my_messages(graph: &GraphClient) -> Result<Vec<(String, String)>, Error> {
    let page = graph.me().messages().list().select(["subject", "from"]).top(10).send().await?;
    Ok(page
        .value
        .iter()
        .map(|message| {
            let subject = message.subject().unwrap_or_default().to_owned();
            let from = message.from_().and_then(|r| r.email_address()).and_then(|e| e.address.as_deref()).unwrap_or_default();
            (subject, from.to_owned())
        })
        .collect())
}

/// Job 3: send mail.
async fn send_mail(graph: &GraphClient) -> Result<(), Error> {
    let message = Message {
        subject: "Meet for lunch?".to_owned().into(),
        body: ItemBody { content_type: BodyType::Text.into(), content: "The new cafeteria is open.".to_owned().into(), ..Default::default() }
            .into(),
        to_recipients: vec![AnyRecipient::from(Recipient {
            email_address: EmailAddress { address: "frannis@contoso.com".to_owned().into(), ..Default::default() }.into(),
            ..Default::default()
        })]
        .into(),
        ..Default::default()
    };
    let body = SendMail { message: AnyMessage::from(message).into(), save_to_sent_items: false.into(), ..Default::default() };
    graph.me().send_mail(&body).send().await
}

/// Job 4: create a group, then add a member by `$ref`.
async fn create_group_with_member(graph: &GraphClient, member_id: &str) -> Result<String, Error> {
    let new_group = NewGroup {
        display_name: "Golf Assist".to_owned().into(),
        description: "Self help community for golf".to_owned().into(),
        group_types: vec!["Unified".to_owned()].into(),
        mail_enabled: true.into(),
        mail_nickname: "golfassist".to_owned().into(),
        security_enabled: false.into(),
        ..Default::default()
    };
    let group = graph.groups().create(&new_group).send().await?;
    let group_id = group.id.as_deref().unwrap_or_default().to_owned();
    let member = graph.directory_objects().by_id(member_id);
    graph.groups().by_id(&group_id).members().r#ref().post(member.path()).send().await?;
    Ok(group_id)
}

/// Job 5: the Autopilot import.
async fn import_devices(graph: &GraphClient) -> Result<Vec<String>, Error> {
    let device = ImportedWindowsAutopilotDeviceIdentity {
        group_tag: "Order 1".to_owned().into(),
        serial_number: "SN-1234".to_owned().into(),
        product_key: "PK-5678".to_owned().into(),
        hardware_identifier: runtime::types::Binary::from(b"hardware hash".to_vec()).into(),
        ..Default::default()
    };
    let body = ImportDevices { imported_windows_autopilot_device_identities: vec![device].into(), ..Default::default() };
    let imported = graph.device_management().imported_windows_autopilot_device_identities().import(&body).send().await?;
    Ok(imported.value.iter().filter_map(|d| d.serial_number.as_deref().map(str::to_owned)).collect())
}

/// Job 6: a missing user is `None`; throttling is retried inside `send`.
async fn find_user(graph: &GraphClient, id: &str) -> Result<Option<String>, Error> {
    match graph.users().by_id(id).get().send().await {
        Ok(user) => Ok(user.display_name.as_deref().map(str::to_owned)),
        Err(e) if e.status() == Some(runtime::StatusCode::NOT_FOUND) => Ok(None),
        Err(e) => Err(e),
    }
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({"error": {"code": "Request_ResourceNotFound", "message": "Resource 'missing' does not exist."}}))
}

#[tokio::test]
async fn six_jobs_against_the_docs_example_responses() {
    let server = MockServer::start().await;
    let graph = graph(&server);

    // Job 1: the docs' page, then the same page again behind an `@odata.nextLink`.
    let users = fixture("users");
    let mut first = users.clone();
    first["@odata.nextLink"] = json!(format!("{}/beta/users?$skiptoken=page2", server.uri()));
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$select", "id,displayName,mail"))
        .and(query_param("$filter", "accountEnabled eq true"))
        .and(query_param("$top", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&first))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/beta/users"))
        .and(query_param("$skiptoken", "page2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&users))
        .mount(&server)
        .await;
    let names = list_enabled_users(&graph).await.unwrap();
    let per_page = users["value"].as_array().unwrap().len();
    assert_eq!(names.len(), 2 * per_page, "{names:?}");
    let docs_names: Vec<&str> = users["value"].as_array().unwrap().iter().filter_map(|u| u["displayName"].as_str()).collect();
    assert!(docs_names.iter().all(|n| names.iter().any(|m| m == n)), "{names:?} vs {docs_names:?}");

    // Job 2.
    let messages = fixture("messages");
    Mock::given(method("GET"))
        .and(path("/beta/me/messages"))
        .and(query_param("$select", "subject,from"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&messages))
        .mount(&server)
        .await;
    let read = my_messages(&graph).await.unwrap();
    let docs_read: Vec<(String, String)> = messages["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let subject = m["subject"].as_str().unwrap_or_default().to_owned();
            (subject, m["from"]["emailAddress"]["address"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert_eq!(read, docs_read);
    assert!(!read[0].0.is_empty());

    // Job 3: the example's spelling of the members (`message`, `saveToSentItems`).
    Mock::given(method("POST"))
        .and(path("/beta/me/sendMail"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    send_mail(&graph).await.unwrap();
    let sent: Value = server.received_requests().await.unwrap().last().unwrap().body_json().unwrap();
    assert_eq!(sent["saveToSentItems"], json!(false));
    assert_eq!(sent["message"]["subject"], json!("Meet for lunch?"));
    assert_eq!(sent["message"]["toRecipients"][0]["emailAddress"]["address"], json!("frannis@contoso.com"));

    // Job 4: the create sends `groupTypes` (not in the page's table) from the typed body.
    let group = fixture("group");
    let group_id = group["id"].as_str().unwrap().to_owned();
    Mock::given(method("POST"))
        .and(path("/beta/groups"))
        .and(body_json(json!({
            "displayName": "Golf Assist", "description": "Self help community for golf", "groupTypes": ["Unified"],
            "mailEnabled": true, "mailNickname": "golfassist", "securityEnabled": false
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(&group))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/beta/groups/{group_id}/members/$ref")))
        .and(body_json(json!({"@odata.id": format!("{}/beta/directoryObjects/u-42", server.uri())})))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    assert_eq!(create_group_with_member(&graph, "u-42").await.unwrap(), group_id);

    // Job 5.
    let imported = fixture("import");
    Mock::given(method("POST"))
        .and(path("/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/import"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&imported))
        .mount(&server)
        .await;
    let serials = import_devices(&graph).await.unwrap();
    let docs_serials: Vec<&str> = imported["value"].as_array().unwrap().iter().filter_map(|d| d["serialNumber"].as_str()).collect();
    assert_eq!(serials, docs_serials);
    let sent: Value = server.received_requests().await.unwrap().last().unwrap().body_json().unwrap();
    assert_eq!(sent["importedWindowsAutopilotDeviceIdentities"][0]["serialNumber"], json!("SN-1234"));

    // Job 6: 404 is `None`; a 429 with `Retry-After` is retried, then the docs' user comes back.
    Mock::given(method("GET")).and(path("/beta/users/missing")).respond_with(not_found()).mount(&server).await;
    assert_eq!(find_user(&graph, "missing").await.unwrap(), None);
    let user = fixture("user");
    Mock::given(method("GET"))
        .and(path("/beta/users/busy"))
        .and(query_param_is_missing("$select"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/beta/users/busy")).respond_with(ResponseTemplate::new(200).set_body_json(&user)).mount(&server).await;
    assert_eq!(find_user(&graph, "busy").await.unwrap().as_deref(), user["displayName"].as_str());
    let busy = server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == "/beta/users/busy").count();
    assert_eq!(busy, 2, "the 429 was retried once");
}
