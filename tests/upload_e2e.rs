//! Resumable large-file uploads with the client generated from `docs/`
//! (`api/staffcertification-createuploadsession.md` returns an `uploadSession`), against a
//! loopback server that plays the upload service: the session is created with the token,
//! the ranges go to the upload URL without it, and after a range that failed halfway the
//! upload asks the session where it stands and goes on from the first missing byte.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graphgen_docs_sdk::requests::staff_members::CertificationsCreateUploadSessionRequestBody as CreateSession;
use graphgen_docs_sdk::runtime::upload::{UploadProgress, UploadSession, Uploader, CHUNK_MULTIPLE};
use graphgen_docs_sdk::runtime::{self, Error, RetryPolicy, StaticToken};
use graphgen_docs_sdk::GraphClient;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "upload-test-token";
const SESSION_PATH: &str = "/upload/sessions/9f2c41d7";

fn client(server: &MockServer) -> GraphClient {
    let retry = RetryPolicy::default().with_base_delay(Duration::from_millis(10));
    GraphClient::new(
        runtime::Client::builder()
            .token_provider(StaticToken::new(TOKEN))
            .base_url(&format!("{}/beta", server.uri()))
            .retry(retry)
            .build()
            .unwrap(),
    )
}

/// The service side of one session: the bytes it has, and a range to break halfway.
#[derive(Default)]
struct Session {
    received: Vec<u8>,
    puts: u32,
    /// The PUT (counted from 1) of which only the first `keep` bytes arrive, then a 503.
    break_put: Option<(u32, usize)>,
    content_ranges: Vec<String>,
    status_queries: u32,
    saw_token: bool,
}

fn expected(received: usize) -> Value {
    json!({"expirationDateTime": "2030-06-01T09:30:00Z", "nextExpectedRanges": [format!("{received}-")]})
}

async fn mount_upload_service(server: &MockServer, session: Arc<Mutex<Session>>) {
    let for_put = session.clone();
    Mock::given(method("PUT"))
        .and(path(SESSION_PATH))
        .respond_with(move |request: &Request| {
            let mut s = for_put.lock().unwrap();
            s.saw_token |= request.headers.contains_key("authorization");
            s.puts += 1;
            let range = request.headers.get("content-range").unwrap().to_str().unwrap().to_owned();
            s.content_ranges.push(range.clone());
            let (span, total) = range.trim_start_matches("bytes ").split_once('/').unwrap();
            let (first, last) = span.split_once('-').unwrap();
            let (first, last, total): (usize, usize, usize) =
                (first.parse().unwrap(), last.parse().unwrap(), total.parse().unwrap());
            assert_eq!(last - first + 1, request.body.len(), "Content-Range matches the body");
            assert_eq!(request.headers.get("content-length").unwrap().to_str().unwrap(), request.body.len().to_string());
            if first != s.received.len() {
                return ResponseTemplate::new(416).set_body_json(expected(s.received.len()));
            }
            if let Some((put, keep)) = s.break_put {
                if put == s.puts {
                    s.received.extend_from_slice(&request.body[..keep]);
                    return ResponseTemplate::new(503);
                }
            }
            s.received.extend_from_slice(&request.body);
            if s.received.len() == total {
                ResponseTemplate::new(201).set_body_json(json!({"id": "doc-1", "size": total}))
            } else {
                ResponseTemplate::new(202).set_body_json(expected(s.received.len()))
            }
        })
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(SESSION_PATH))
        .respond_with(move |request: &Request| {
            let mut s = session.lock().unwrap();
            s.saw_token |= request.headers.contains_key("authorization");
            s.status_queries += 1;
            ResponseTemplate::new(200).set_body_json(expected(s.received.len()))
        })
        .mount(server)
        .await;
}

/// Bytes that differ at every position, so a range sent from the wrong offset shows.
fn file(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

#[tokio::test]
async fn an_upload_resumes_from_the_first_missing_byte_after_a_failed_range() {
    let server = MockServer::start().await;
    let upload_url = format!("{}{SESSION_PATH}", server.uri());
    Mock::given(method("POST"))
        .and(path("/beta/staffMembers/m-1/certifications/c-1/createUploadSession"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uploadUrl": upload_url, "expirationDateTime": "2030-06-01T09:30:00Z", "nextExpectedRanges": ["0-"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The second range breaks after 100,000 of its bytes arrived.
    let session = Arc::new(Mutex::new(Session { break_put: Some((2, 100_000)), ..Default::default() }));
    mount_upload_service(&server, session.clone()).await;

    let content = file(3 * CHUNK_MULTIPLE + 1_000);
    let total = content.len() as u64;
    let progress: Arc<Mutex<Vec<UploadProgress>>> = Arc::default();
    let seen = progress.clone();
    let body = CreateSession { file_name: "scan.pdf".to_owned().into(), file_size: (total as i64).into(), ..Default::default() };
    let done = client(&server)
        .staff_members()
        .by_id("m-1")
        .certifications()
        .by_id("c-1")
        .create_upload_session(&body)
        .upload(content.clone())
        .chunk_size(CHUNK_MULTIPLE)
        .on_progress(move |p| seen.lock().unwrap().push(p))
        .send()
        .await
        .unwrap();

    assert_eq!(done.status.as_u16(), 201);
    assert_eq!(done.json::<Value>().unwrap(), json!({"id": "doc-1", "size": total}));
    let requests = server.received_requests().await.unwrap();
    let s = session.lock().unwrap();
    assert!(s.received == content, "the service assembled exactly the file");
    let chunk = CHUNK_MULTIPLE;
    let resumed = chunk + 100_000;
    assert_eq!(
        s.content_ranges,
        [
            format!("bytes 0-{}/{total}", chunk - 1),
            format!("bytes {chunk}-{}/{total}", 2 * chunk - 1),
            // Not the whole second range again: from where the service's status says.
            format!("bytes {resumed}-{}/{total}", resumed + chunk - 1),
            format!("bytes {}-{}/{total}", resumed + chunk, total - 1),
        ]
    );
    assert_eq!(s.status_queries, 1, "one status query after the failure");
    assert!(!s.saw_token, "the pre-authenticated upload URL never gets the token");
    let create = requests.iter().find(|r| r.method.as_str() == "POST").unwrap();
    assert_eq!(create.headers.get("authorization").unwrap(), &format!("Bearer {TOKEN}"));
    assert_eq!(serde_json::from_slice::<Value>(&create.body).unwrap(), json!({"fileName": "scan.pdf", "fileSize": total}));
    let uploaded: Vec<u64> = progress.lock().unwrap().iter().map(|p| p.uploaded).collect();
    assert_eq!(uploaded, [chunk as u64, (resumed + chunk) as u64, total]);
    assert!(progress.lock().unwrap().iter().all(|p| p.total == total));
}

#[tokio::test]
async fn a_saved_session_resumes_where_the_service_is() {
    let server = MockServer::start().await;
    let content = file(2 * CHUNK_MULTIPLE);
    // The service already has the first 1,000 bytes.
    let session = Arc::new(Mutex::new(Session { received: content[..1_000].to_vec(), ..Default::default() }));
    mount_upload_service(&server, session.clone()).await;
    let saved: UploadSession = serde_json::from_value(json!({
        "uploadUrl": format!("{}{SESSION_PATH}", server.uri()), "nextExpectedRanges": ["1000-"]
    }))
    .unwrap();

    let graph = client(&server);
    let done = Uploader::new(graph.client(), &saved, content.clone()).send().await.unwrap();

    assert_eq!(done.status.as_u16(), 201);
    let s = session.lock().unwrap();
    assert!(s.received == content);
    let total = content.len();
    assert_eq!(s.content_ranges, [format!("bytes 1000-{}/{total}", total - 1)], "one default-size range from byte 1000");
    assert!(!s.saw_token);
}

#[tokio::test]
async fn a_range_size_off_the_320_kib_grid_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let graph = client(&server);
    let body = CreateSession::default();
    let err = graph
        .staff_members()
        .by_id("m-1")
        .certifications()
        .by_id("c-1")
        .create_upload_session(&body)
        .upload(vec![1, 2, 3])
        .chunk_size(1_000_000)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Encode(ref m) if m.contains("320 KiB")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_session_that_never_moves_on_ends_the_upload_instead_of_looping() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(SESSION_PATH))
        .respond_with(ResponseTemplate::new(202).set_body_json(expected(0)))
        .mount(&server)
        .await;
    let saved: UploadSession = serde_json::from_value(json!({"uploadUrl": format!("{}{SESSION_PATH}", server.uri())})).unwrap();
    let graph = client(&server);

    let err = Uploader::new(graph.client(), &saved, file(2 * CHUNK_MULTIPLE)).chunk_size(CHUNK_MULTIPLE).send().await.unwrap_err();

    assert!(matches!(err, Error::Decode { ref message, .. } if message.contains("still expects byte 0")), "{err:?}");
    // The first range, then one more try per allowed retry (3 by default).
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}
