//! YAML, the load stage's other hot path: every page's front matter and every reference go
//! through [`cited_site::parse_yaml`] (serde-saphyr, with a span for each value).
//!
//! `cargo bench -p cited-site --bench yaml`. The input is the real article's front matter. The
//! baselines read the same data: `json_untyped` as JSON with serde_json (what a parser without
//! YAML's grammar costs), `saphyr_untyped` as YAML into an untyped value (serde-saphyr without
//! our types and spans). `front_matter` is what `cited` does.
//!
//! The same for a reference file (one CSL-YAML item with findings, as the benchmark corpora write
//! them, a site of 20,000 references reads 20,000): `reference_untyped` is the baseline,
//! `reference_file` what `cited` does (each field's key and value located). A file this plain is
//! read straight from the parser's events (`yaml::direct`), so it beats the baseline; one that
//! is not takes serde-saphyr's path, `reference_file_through_serde` (a `%YAML` line is enough).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use cited_site::FileId;
use cited_site::FrontMatter;
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// The real article's front matter and where it starts in the file.
fn front_matter() -> (String, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/when-talk-therapy-doesnt-work.md");
    let text = std::fs::read_to_string(path).expect("the real article");
    let split = cited_site::split_front_matter(FileId(0), &text).expect("front matter");
    (split.yaml.to_owned(), split.yaml_start)
}

/// The same front matter as JSON, parsed by serde_json into an untyped value.
#[divan::bench]
fn json_untyped(bencher: Bencher) {
    let (yaml, _) = front_matter();
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let json = serde_json::to_string(&value).unwrap();
    bencher
        .counter(divan::counter::BytesCount::of_str(&yaml))
        .bench(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap());
}

/// The front matter as YAML into an untyped value.
#[divan::bench]
fn saphyr_untyped(bencher: Bencher) {
    let (yaml, _) = front_matter();
    bencher
        .counter(divan::counter::BytesCount::of_str(&yaml))
        .bench(|| serde_saphyr::from_str::<serde_json::Value>(black_box(&yaml)).unwrap());
}

/// The front matter as `cited` reads it: typed, unknown fields refused, every value located.
#[divan::bench]
fn front_matter_typed(bencher: Bencher) {
    let (yaml, start) = front_matter();
    bencher
        .counter(divan::counter::BytesCount::of_str(&yaml))
        .bench(|| {
            cited_site::parse_yaml::<FrontMatter>(FileId(0), start, black_box(&yaml)).unwrap()
        });
}

/// A reference file as the benchmark corpora write it: one item, two findings.
const REFERENCE: &str = include_str!("reference.yaml");

/// The reference file as YAML into an untyped value.
#[divan::bench]
fn reference_untyped(bencher: Bencher) {
    bencher
        .counter(divan::counter::BytesCount::of_str(REFERENCE))
        .bench(|| serde_saphyr::from_str::<serde_json::Value>(black_box(REFERENCE)).unwrap());
}

/// The reference file as `cited` reads it.
#[divan::bench]
fn reference_file(bencher: Bencher) {
    bencher
        .counter(divan::counter::BytesCount::of_str(REFERENCE))
        .bench(|| {
            cited_site::parse_reference_file(
                FileId(0),
                "references/ref0001.yaml",
                black_box(REFERENCE),
            )
            .unwrap()
        });
}

/// The same reference file, where a `%YAML` directive sends it through serde-saphyr.
#[divan::bench]
fn reference_file_through_serde(bencher: Bencher) {
    let text = format!("%YAML 1.2\n---\n{REFERENCE}");
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            cited_site::parse_reference_file(FileId(0), "references/ref0001.yaml", black_box(&text))
                .unwrap()
        });
}
