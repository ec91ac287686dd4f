//! What the features map costs a generation of the whole reference (issue
//! 15, item 4): `cargo bench -p graphgen --bench feature_map` (corpus from
//! GRAPHGEN_CORPUS, default `../shared/graph-docs/beta`). Measures, on the
//! loaded schema:
//! - `feature_map/record_fresh`: the record of a crate generated for the
//!   first time (what each workload holds) and its JSON text;
//! - `feature_map/record_with_previous`: the same when the crate's last
//!   record is read back (every item recorded under a renamed workload, so
//!   every item gets an earlier feature and every old name an alias);
//! - `feature_map/emit_with_previous` against `feature_map/emit_fresh`: the
//!   whole emission (naming, gating, every file) with and without it.

use criterion::{criterion_group, criterion_main, Criterion};
use graphgen::emit::feature_map::{FeatureMap, Recorded};
use graphgen::emit::{emit, EmitOptions, Layout};
use graphgen::pipeline;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let Some(docs) = graphgen::corpus::reference_docs(&PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))) else { return };
    let schema = pipeline::load(&docs).expect("corpus loads").schema;
    // The record of a crate whose every workload has since been renamed.
    let mut previous = FeatureMap::of_schema(&schema);
    previous.features = previous.features.into_iter().map(|(name, members)| (format!("old-{name}"), members)).collect();

    let mut g = c.benchmark_group("feature_map");
    g.sample_size(20);
    g.bench_function("record_fresh", |b| b.iter(|| Recorded::new(&schema, None).json.len()));
    g.bench_function("record_with_previous", |b| b.iter(|| Recorded::new(&schema, Some(&previous)).json.len()));
    g.finish();

    let options = |map: Option<FeatureMap>| EmitOptions {
        crate_name: "graph-beta".into(),
        runtime_dependency: "\"0.1\"".into(),
        layout: Layout::Crate,
        features: true,
        feature_map: map.map(Arc::new),
    };
    let (fresh, with_previous) = (options(None), options(Some(previous.clone())));
    let mut g = c.benchmark_group("feature_map");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("emit_fresh", |b| b.iter_with_large_drop(|| emit(&schema, &fresh)));
    g.bench_function("emit_with_previous", |b| b.iter_with_large_drop(|| emit(&schema, &with_previous)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
