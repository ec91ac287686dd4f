//! Upload sessions on the client's rules: a range `PUT` is idempotent, so `503` is retried
//! (after a status query, without the token); the time budget is per range, so a long
//! upload that keeps moving is not cut, while a range that stalls past it ends the upload;
//! answers from the upload URL are read up to the body limit.

mod support;

use std::time::Duration;

use graphgen_runtime::http::Method;
use graphgen_runtime::serde_json::{json, Value};
use graphgen_runtime::upload::{UploadSession, Uploader, CHUNK_MULTIPLE};
use graphgen_runtime::{Client, Error, RetryPolicy, StaticToken};
use support::{json as json_response, response, Answer, Scripted, Sent};

const UPLOAD_URL: &str = "https://up.example/s/1?tempauth=capability";

fn client(transport: &Scripted, budget: Duration) -> Client {
    Client::builder()
        .base_url("https://graph.example/beta")
        .transport(transport.clone())
        .token_provider(StaticToken::new("graph-token"))
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(10)).with_max_total_time(budget))
        .build()
        .unwrap()
}

fn session() -> UploadSession {
    UploadSession { upload_url: UPLOAD_URL.to_owned(), expiration_date_time: None, next_expected_ranges: vec!["0-".to_owned()] }
}

/// The first byte of a PUT's `Content-Range: bytes a-b/total`.
fn range_start(sent: &Sent) -> u64 {
    let range = sent.header("content-range").unwrap();
    range.trim_start_matches("bytes ").split('-').next().unwrap().parse().unwrap()
}

/// A session service for a file of `total` bytes: every range is accepted (202 with the
/// next byte, 201 with the item after the last) after `took`, except that `fail(n, start)`
/// can answer PUT number `n` at once instead. A status GET says the next byte is the last
/// accepted.
fn service(total: u64, took: Duration, fail: impl Fn(usize, u64) -> Option<u16> + Send + Sync + 'static) -> Scripted {
    let accepted = std::sync::Arc::new(std::sync::Mutex::new(0u64));
    let puts = std::sync::atomic::AtomicUsize::new(0);
    Scripted::new(move |_, sent| {
        assert_eq!(sent.url, UPLOAD_URL);
        if sent.method == Method::GET {
            let next = *accepted.lock().unwrap();
            return json_response(200, json!({"nextExpectedRanges": [format!("{next}-")]})).into();
        }
        let n = puts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let start = range_start(sent);
        if let Some(status) = fail(n, start) {
            return response(status, &[("retry-after", "0")], "").into();
        }
        let end = start + sent.body.len() as u64;
        *accepted.lock().unwrap() = end;
        let answer = if end == total {
            json_response(201, json!({"id": "item-1", "size": total}))
        } else {
            json_response(202, json!({"nextExpectedRanges": [format!("{end}-")]}))
        };
        Answer { after: took, response: Some(answer) }
    })
}

#[tokio::test(start_paused = true)]
async fn a_range_answered_503_goes_again_after_a_status_query_without_the_token() {
    let total = CHUNK_MULTIPLE as u64 + 100;
    let transport = service(total, Duration::ZERO, |n, _| (n == 0).then_some(503));
    let c = client(&transport, Duration::from_secs(60));
    let done = Uploader::new(&c, &session(), vec![7u8; total as usize]).chunk_size(CHUNK_MULTIPLE).send().await.unwrap();
    assert_eq!(done.json::<Value>().unwrap()["id"], "item-1");

    let sent = transport.sent();
    let steps: Vec<(String, Option<u64>)> =
        sent.iter().map(|s| (s.method.to_string(), (s.method == Method::PUT).then(|| range_start(s)))).collect();
    let put = |start| ("PUT".to_owned(), Some(start));
    assert_eq!(steps, [put(0), ("GET".to_owned(), None), put(0), put(CHUNK_MULTIPLE as u64)]);
    assert!(sent.iter().all(|s| s.header("authorization").is_none()), "the token went to the upload URL");
}

#[tokio::test(start_paused = true)]
async fn the_time_budget_is_per_range_so_a_long_upload_that_moves_is_not_cut() {
    // Four ranges of 2 s each under a 3 s budget; the third fails once, 4 s into the upload
    // (a budget from the upload's start would end it there).
    let total = 4 * CHUNK_MULTIPLE as u64;
    let third = 2 * CHUNK_MULTIPLE as u64;
    let transport = service(total, Duration::from_secs(2), move |n, start| (n == 2 && start == third).then_some(503));
    let c = client(&transport, Duration::from_secs(3));
    let started = tokio::time::Instant::now();
    let done = Uploader::new(&c, &session(), vec![1u8; total as usize]).chunk_size(CHUNK_MULTIPLE).send().await.unwrap();
    assert_eq!(done.status.as_u16(), 201);
    assert!(started.elapsed() >= Duration::from_secs(8), "{:?}", started.elapsed());
    assert_eq!(transport.sent().iter().filter(|s| s.method == Method::PUT).count(), 5);
}

#[tokio::test(start_paused = true)]
async fn a_range_that_stalls_past_the_budget_ends_the_upload() {
    let transport = Scripted::new(|_, _| Answer { after: Duration::ZERO, response: None });
    let c = client(&transport, Duration::from_secs(3));
    let started = tokio::time::Instant::now();
    let err = Uploader::new(&c, &session(), vec![1u8; 10]).send().await.unwrap_err();
    assert!(matches!(err, Error::TimedOut { limit } if limit == Duration::from_secs(3)), "{err:?}");
    assert!(started.elapsed() <= Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(transport.sent().len(), 1);
}

#[tokio::test]
async fn answers_from_the_upload_url_are_read_up_to_the_body_limit() {
    let transport = Scripted::new(|_, _| json_response(201, json!({"id": "item-1", "pad": "x".repeat(4096)})).into());
    let c = Client::builder()
        .base_url("https://graph.example/beta")
        .transport(transport.clone())
        .max_response_body(1024)
        .build()
        .unwrap();
    let err = Uploader::new(&c, &session(), vec![1u8; 10]).send().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 1024, .. }), "{err:?}");
}
