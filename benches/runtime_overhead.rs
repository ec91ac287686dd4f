//! What the runtime costs on top of hand-rolled HTTP: one 100-item collection page from a
//! loopback server, fetched and decoded into the generated model type
//!
//! - `raw_reqwest`: a `reqwest::Client` GET with the same headers, `bytes()`, and
//!   `serde_json::from_slice` into a minimal page struct of the generated `StaffMember`;
//! - `generated_builders`: `GraphClient -> staff_members().list().send()`, i.e. URL
//!   building, token, retry loop, transport trait and `CollectionPage<StaffMember>` decode.
//!
//! Both sides talk to the same server in the same run. On a shared, loaded machine the
//! criterion groups (one side after the other) drift with the load, so the bench also
//! prints a paired figure: rounds that alternate the two sides, and the median of the
//! per-round time ratios, which load changes slower than a round cannot skew.
//! Target (issue 4): `generated_builders` within 10% of `raw_reqwest`.
//!
//! Run: `cargo bench --bench runtime_overhead`

mod support;

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use graphgen_docs_sdk::models::StaffMember;
use graphgen_docs_sdk::runtime::{self, StaticToken};
use graphgen_docs_sdk::GraphClient;
use support::collection_page;
use support::loopback_server::LoopbackServer;

const TOKEN: &str = "bench-token";

/// What a hand-written client would decode a page into.
#[derive(serde::Deserialize)]
struct RawPage {
    value: Vec<StaffMember>,
    #[serde(rename = "@odata.nextLink")]
    #[allow(dead_code)] // read so that both sides decode the same members
    next_link: Option<String>,
}

fn runtime_overhead(c: &mut Criterion) {
    let server = LoopbackServer::start(collection_page::body());
    let base_url = format!("http://{}/beta", server.addr);
    let list_url = format!("{base_url}/staffMembers");
    // One client thread, like a typical caller awaiting one request at a time.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");

    let raw = reqwest::Client::new();
    let raw_get = || async {
        let response = raw
            .get(&list_url)
            .header("Authorization", format!("Bearer {TOKEN}"))
            .header("Accept", "application/json")
            .send()
            .await
            .expect("loopback GET");
        assert!(response.status().is_success());
        let bytes = response.bytes().await.expect("body");
        let page: RawPage = serde_json::from_slice(&bytes).expect("page decodes");
        page.value.len()
    };

    let sdk = GraphClient::new(
        runtime::Client::builder().token_provider(StaticToken::new(TOKEN)).base_url(&base_url).build().expect("client"),
    );
    let sdk_get = || async { sdk.staff_members().list().send().await.expect("loopback GET through the SDK").value.len() };

    // Both sides must do the same work before their times mean anything.
    assert_eq!(rt.block_on(raw_get()), collection_page::ITEMS);
    assert_eq!(rt.block_on(sdk_get()), collection_page::ITEMS);

    let mut group = c.benchmark_group("runtime_overhead_100_items");
    group.throughput(Throughput::Elements(collection_page::ITEMS as u64));
    group.bench_function("raw_reqwest", |b| b.iter(|| rt.block_on(raw_get())));
    group.bench_function("generated_builders", |b| b.iter(|| rt.block_on(sdk_get())));
    group.finish();

    paired_overhead(|| rt.block_on(raw_get()), || rt.block_on(sdk_get()));
}

/// Alternates the two sides in short rounds and prints the median ratio of their times.
fn paired_overhead(mut raw: impl FnMut() -> usize, mut sdk: impl FnMut() -> usize) {
    const ROUNDS: usize = 200;
    const CALLS_PER_ROUND: usize = 10;
    let time = |f: &mut dyn FnMut() -> usize| -> Duration {
        let started = Instant::now();
        for _ in 0..CALLS_PER_ROUND {
            std::hint::black_box(f());
        }
        started.elapsed()
    };
    let mut ratios = Vec::with_capacity(ROUNDS);
    let (mut raw_total, mut sdk_total) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        // Swap the order every round so neither side always runs on a warmer cache.
        let (r, s) = if round % 2 == 0 {
            let r = time(&mut raw);
            (r, time(&mut sdk))
        } else {
            let s = time(&mut sdk);
            (time(&mut raw), s)
        };
        raw_total += r;
        sdk_total += s;
        ratios.push(s.as_secs_f64() / r.as_secs_f64());
    }
    ratios.sort_by(f64::total_cmp);
    let calls = (ROUNDS * CALLS_PER_ROUND) as u32;
    println!(
        "paired rounds: raw_reqwest {:?}/call, generated_builders {:?}/call, runtime overhead (median of {ROUNDS} round ratios) {:+.1}%",
        raw_total / calls,
        sdk_total / calls,
        (ratios[ROUNDS / 2] - 1.0) * 100.0
    );
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    runtime_overhead(&mut criterion);
    criterion.final_summary();
}
