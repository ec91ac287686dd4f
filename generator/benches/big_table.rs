//! A type page with a huge properties table and a huge enum members table,
//! read into the schema, at several sizes: the time per row should stay
//! flat as the table grows (issue 13, item 7: each row's duplicate check
//! scanned the rows before it, so 100,000 rows took 15 s).
//!
//! `cargo bench -p graphgen --bench big_table`. Each size is one group
//! member (`schema_of_table/<rows>`); criterion also reports throughput in
//! rows per second, which stays about the same from size to size when the
//! work is linear.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use graphgen::markdown::{parse_page, NoIncludes};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A type page with `rows` properties, and an enum page with `rows` members.
fn pages(rows: usize) -> [(String, String); 2] {
    let properties: String = (0..rows).map(|i| format!("| prop{i} | String | Property {i}. |\n")).collect();
    let members: String = (0..rows).map(|i| format!("| member{i} | {i} | Member {i}. |\n")).collect();
    let type_page = format!(
        "---\ntitle: \"widget resource type\"\ndoc_type: resourcePageType\n---\n\n# widget resource type\n\nNamespace: microsoft.graph\n\n\
         ## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{properties}\n"
    );
    let enum_page = format!(
        "---\ntitle: \"widgetKind enum type\"\ndoc_type: enumPageType\n---\n\n# widgetKind enum type\n\nNamespace: microsoft.graph\n\n\
         ## Members\n\n| Member | Value | Description |\n|:--|:--|:--|\n{members}\n"
    );
    [("resources/widget.md".into(), type_page), ("resources/widgetkind.md".into(), enum_page)]
}

fn schema_of_table(c: &mut Criterion) {
    let mut group = c.benchmark_group("schema_of_table");
    group.sample_size(10);
    for rows in [2_000, 8_000, 32_000] {
        let pages = pages(rows);
        group.throughput(Throughput::Elements(2 * rows as u64));
        group.bench_with_input(BenchmarkId::from_parameter(rows), &pages, |b, pages| {
            b.iter(|| {
                let parsed: Vec<_> = pages.iter().map(|(path, text)| parse_page(path, text, &NoIncludes).0).collect();
                let (schema, _) = graphgen::schema::build(&parsed);
                assert_eq!(schema.types["microsoft.graph.widget"].properties.len(), rows);
                schema
            })
        });
    }
    group.finish();
}

criterion_group!(benches, schema_of_table);
criterion_main!(benches);
